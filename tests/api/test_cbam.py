"""``POST /api/v1/orgs/{code}/cbam``: the CBAM input file as the body, within the caller's scope."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import YEAR, Api, assert_no_data

# one kiln at site MAIN making 100 t of clinker from the seeded gas and 1,000 MWh
SPEC: dict[str, Any] = {
    "installation": {"name": "E1 kiln"},
    "processes": [{"id": "kiln", "cn_code": "2523 10 00", "sites": ["MAIN"],
                   "activity_level_t": 100}],
}


def test_enterprise_computes_its_own_see(api: Api) -> None:
    inventory = api.get("/api/v1/orgs/E1/inventory", "ent", params={"year": YEAR}).json()
    response = api.post("/api/v1/orgs/E1/cbam", "ent", params={"year": YEAR, "good": "25231000"},
                        json=SPEC)
    assert response.status_code == 200, response.text
    good = response.json()["report"]["goods"][0]
    # direct: the inventory's scope 1 (the boiler's gas) over 100 t; indirect: 1,000 MWh × the
    # 2023 national factor 0.5306 (latest published for 2024) = 530.6 t over 100 t = 5.306
    assert good["see_direct_tco2e_per_t"] == pytest.approx(inventory["scope1_co2e_t"] / 100.0)
    assert good["see_indirect_tco2e_per_t"] == pytest.approx(5.306)
    assert response.json()["communication"]["4_goods"][0]["cn_code"] == "2523 10 00"
    entries = api.get("/api/v1/audit", "ent").json()["items"]
    assert any(e["action"] == "cbam" and e["target"] == f"E1/{YEAR}" for e in entries)


def test_outside_the_scope_is_not_found_and_bad_bodies_are_422(api: Api) -> None:
    params = {"year": YEAR, "good": "25231000"}
    assert_no_data(api.post("/api/v1/orgs/E2/cbam", "ent", params=params, json=SPEC), 404)
    assert_no_data(api.post("/api/v1/orgs/E1/cbam", "ent", params={**params, "good": "7207"},
                            json=SPEC), 404)
    bad = {**SPEC, "processes": [{**SPEC["processes"][0], "activity_level_t": 0}]}
    assert_no_data(api.post("/api/v1/orgs/E1/cbam", "ent", params=params, json=bad), 422)
    response = api.post("/api/v1/orgs/E1/cbam", "ent", params=params, json={"processes": []})
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["errors"]} == {"installation", "processes"}
