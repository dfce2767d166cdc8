"""The dashboard endpoints: the summaries with the caller's tenancy (tree in conftest).

Each enterprise burns its gas (E1 10, E2 20, E3 30 × 10^4 Nm³) and buys 1000 MWh in 2024:
21.62188809 tCO2 per 10^4 Nm³ (389.31 GJ × 0.0153 tC/GJ × 0.99 × 44/12) and 0.6849 tCO2/MWh
(Inner Mongolia 2022), so E1 = 216.2188809 + 684.9 = 901.1188809 t,
E2 = 432.4377618 + 684.9 = 1117.3377618 t, E3 = 648.6566427 + 684.9 = 1333.5566427 t.
"""

from __future__ import annotations

import pytest

from greenmfg.access import Access
from greenmfg.dashboard import ParkSummary
from tests.api.conftest import Api, assert_no_data, csv_of

E1_T, E2_T, E3_T = 901.1188809, 1117.3377618, 1333.5566427


def test_enterprise_user_reads_its_summary(api: Api) -> None:
    body = api.get("/api/v1/dashboard/enterprises/E1", "ent").json()
    assert body["year"] == 2024
    assert body["co2e_t"] == pytest.approx(E1_T)
    assert body["green_power_share"] == 0.0


def test_enterprise_user_cannot_read_another_enterprise(api: Api) -> None:
    assert_no_data(api.get("/api/v1/dashboard/enterprises/E2", "ent"), 404, "E2 名称")
    assert_no_data(api.get("/api/v1/dashboard/parks/P1", "ent"), 404, "E1 名称")
    assert_no_data(api.get("/api/v1/dashboard/enterprises/E1", None), 401)


def test_park_user_sees_its_enterprises_ranked(api: Api) -> None:
    body = api.get("/api/v1/dashboard/parks/P1?year=2024", "park").json()
    assert [(e["org"], e["rank"]) for e in body["enterprises"]] == [("E2", 1), ("E1", 2)]
    assert body["co2e_t"] == pytest.approx(E1_T + E2_T)  # 2018.4566427


def test_regulator_sees_region_trend_and_not_another_region(api: Api) -> None:
    body = api.get("/api/v1/dashboard/regions/R1", "reg").json()
    assert [(t["year"], t["enterprises"]) for t in body["trend"]] == [(2024, 3)]
    assert body["trend"][0]["co2e_t"] == pytest.approx(E1_T + E2_T + E3_T)  # 3352.0132854
    assert [c["org"] for c in body["children"]] == ["P1", "E3"]
    assert_no_data(api.get("/api/v1/dashboard/regions/R2", "reg"), 404, "E4")


def test_wrong_kind_is_an_input_error(api: Api) -> None:
    response = api.get("/api/v1/dashboard/parks/E1", "admin")
    assert response.status_code == 422
    assert "'E1' is an enterprise, not a park" in response.json()["detail"]


def test_a_remembered_token_is_refused_once_its_user_is_disabled(api: Api) -> None:
    assert api.get("/api/v1/dashboard/enterprises/E1", "ent").status_code == 200  # remembered
    Access(api.workspace).disable_user("ent")
    assert_no_data(api.get("/api/v1/dashboard/enterprises/E1", "ent"), 401)


def test_an_upload_moves_the_cached_summary(api: Api) -> None:
    before = api.get("/api/v1/dashboard/enterprises/E1?year=2024", "ent").json()
    rows = [{"org_code": "E1", "site": "MAIN", "source": "grid2",
             "item": "electricity_purchased", "period": "2024", "quantity": "100", "unit": "MWh"}]
    response = api.post("/api/v1/orgs/E1/imports", "ent",
                        files={"file": ("more.csv", csv_of(rows), "text/csv")})
    assert response.status_code == 201, response.text
    after = api.get("/api/v1/dashboard/enterprises/E1?year=2024", "ent").json()
    assert after["data_version"] != before["data_version"]
    # + 100 MWh × 0.6849 tCO2/MWh = 68.49 t
    assert after["co2e_t"] - before["co2e_t"] == pytest.approx(68.49)


def test_the_answer_is_the_summary_serialised_once(api: Api) -> None:
    """The endpoint sends the summary's JSON bytes as the dashboard serialised them: the same
    document the response model describes, and a second request serialises nothing again."""
    first = api.get("/api/v1/dashboard/parks/P1?year=2024", "park")
    dashboard = api.client.app.state.greenmfg.access.dashboard  # type: ignore[attr-defined]
    computed = dashboard.computed
    again = api.get("/api/v1/dashboard/parks/P1?year=2024", "park")
    assert dashboard.computed == computed
    assert first.headers["content-type"] == "application/json"
    assert again.content == first.content == dashboard.park("P1", 2024).model_dump_json().encode()
    assert ParkSummary.model_validate_json(first.content).co2e_t == pytest.approx(E1_T + E2_T)
