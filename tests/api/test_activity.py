"""Activity records over the API: pages, create / read / change / delete, If-Match, validation,
audit. The seeded workspace (tests/api/conftest.py) has two 2024 records per enterprise:
natural gas (E1: 10 万Nm3) and purchased electricity (1000 MWh)."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from tests.api.conftest import YEAR, Api

URL = "/api/v1/orgs/E1/activity"
DIESEL = {"site": "MAIN", "source": "forklifts", "item": "diesel", "period": str(YEAR),
          "quantity": 12.5, "unit": "t", "evidence": "invoice 2024-117"}


def put(api: Api, url: str, user: str, body: dict[str, Any],
        if_match: str | None) -> httpx2.Response:
    headers = api.headers(user) | ({"If-Match": if_match} if if_match is not None else {})
    return api.client.put(url, headers=headers, json=body)


def delete(api: Api, url: str, user: str, if_match: str | None) -> httpx2.Response:
    headers = api.headers(user) | ({"If-Match": if_match} if if_match is not None else {})
    return api.client.delete(url, headers=headers)


def test_pages_and_filters(api: Api) -> None:
    whole = api.get(URL, "ent").json()
    assert whole["total"] == 2
    assert {r["item"] for r in whole["items"]} == {"natural_gas", "electricity_purchased"}
    ids = [r["record_id"] for r in whole["items"]]
    assert ids == sorted(ids) and {r["version"] for r in whole["items"]} == {1}
    pages = [api.get(URL, "ent", params={"limit": 1, "offset": o}).json() for o in (0, 1, 2)]
    assert [[r["record_id"] for r in p["items"]] for p in pages] == [[ids[0]], [ids[1]], []]
    assert {p["total"] for p in pages} == {2}
    gas = api.get(URL, "ent", params={"item": "natural_gas"}).json()
    assert gas["total"] == 1 and gas["items"][0]["quantity"] == 10.0
    assert api.get(URL, "ent", params={"year": YEAR - 1}).json() == {
        "items": [], "total": 0, "limit": 50, "offset": 0}
    assert api.get(URL, "ent", params={"limit": 501}).status_code == 422


def test_create_read_change_delete(api: Api) -> None:
    created = api.post(URL, "ent", json=DIESEL)
    assert created.status_code == 201, created.text
    record = created.json()
    url = f"{URL}/{record['record_id']}"
    assert created.headers["ETag"] == '"1"' and created.headers["Location"] == url
    # diesel is counted in t: 12.5 t is 12.5 t canonical
    assert (record["version"], record["quantity_canonical"], record["canonical_unit"]) == (
        1, 12.5, "t")
    assert record["origin"] == "api-create by ent" and record["evidence"] == "invoice 2024-117"
    assert api.post(URL, "ent", json=DIESEL).status_code == 409  # same site/source/item/period
    got = api.get(url, "park")
    assert got.json() == record and got.headers["ETag"] == '"1"'

    assert put(api, url, "ent", {**DIESEL, "quantity": 20}, None).status_code == 428
    assert put(api, url, "ent", {**DIESEL, "quantity": 20}, '"7"').status_code == 412
    changed = put(api, url, "ent", {**DIESEL, "quantity": 20}, '"1"')
    assert changed.status_code == 200 and changed.headers["ETag"] == '"2"'
    assert changed.json()["quantity"] == 20.0 and changed.json()["version"] == 2
    stale = put(api, url, "park", {**DIESEL, "quantity": 30}, '"1"')  # read before the change
    assert stale.status_code == 412 and stale.json()["code"] == "version_conflict"
    assert "version 2, not 1" in stale.json()["detail"]
    same = put(api, url, "park", {**DIESEL, "quantity": 20}, 'W/"2"')  # no change: same version
    assert same.status_code == 200 and same.json()["version"] == 2
    assert put(api, url, "ent", {**DIESEL, "period": "2023"}, '"2"').json()["code"] == (
        "input_error")  # the natural key cannot change

    assert delete(api, url, "ent", None).status_code == 428
    assert delete(api, url, "ent", '"1"').status_code == 412
    assert delete(api, url, "ent", '"2"').status_code == 204
    assert api.get(url, "ent").status_code == 404
    assert delete(api, url, "ent", "*").status_code == 404

    audit = api.get("/api/v1/audit", "ent", params={"limit": 500}).json()
    mine = [(e["action"], e["detail"]["version"]) for e in audit["items"]
            if e["target"] == record["record_id"]]
    assert mine == [("activity-create", 1), ("activity-update", 2), ("activity-delete", None)]
    assert audit["chain_intact"] is True


def test_a_change_changes_the_inventory(api: Api) -> None:
    inv = f"/api/v1/orgs/E1/inventory?year={YEAR}"

    def gas_t(body: dict[str, Any]) -> float:
        return sum(line["co2e_t"] for line in body["lines"] if line["item"] == "natural_gas")

    before = gas_t(api.get(inv, "ent").json())
    gas = api.get(URL, "ent", params={"item": "natural_gas"}).json()["items"][0]
    body = {k: gas[k] for k in ("site", "source", "item", "period", "unit")}
    response = put(api, f"{URL}/{gas['record_id']}", "ent", {**body, "quantity": 20}, '"1"')
    assert response.status_code == 200, response.text
    # 10 → 20 万Nm3 with every factor the same: twice the emission, exactly (a factor of 2 is
    # exact in binary floating point)
    assert gas_t(api.get(inv, "ent").json()) == 2 * before > 0


@pytest.mark.parametrize(("change", "column"), [
    ({"unit": "MWh"}, "unit"),             # not a mass or a volume: diesel is counted in t
    ({"quantity": -1}, "quantity"),
    ({"item": "unobtainium"}, "item"),
    ({"period": "2024-13"}, "period"),
    ({"oxidation_rate": "95"}, "oxidation_rate"),  # ambiguous: 0.95 or 95%
])
def test_values_are_validated_like_imports(api: Api, change: dict[str, Any],
                                           column: str) -> None:
    response = api.post(URL, "ent", json={**DIESEL, **change})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "rejected_rows" and column in body["detail"]
    assert [r["column"] for r in body["rejected"]] == [column]
    assert body["rejected"][0]["reason_zh"]
    assert api.get(URL, "ent").json()["total"] == 2  # nothing stored


def test_a_missing_field_is_named(api: Api) -> None:
    body = {k: v for k, v in DIESEL.items() if k != "quantity"}
    response = api.post(URL, "ent", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "quantity"]
    assert api.post(URL, "ent", json={**DIESEL, "colour": "red"}).status_code == 422


def test_a_record_of_another_organisation_is_not_found_through_this_one(api: Api) -> None:
    e2 = api.get("/api/v1/orgs/E2/activity", "park").json()["items"][0]["record_id"]
    assert api.get(f"/api/v1/orgs/E2/activity/{e2}", "park").status_code == 200
    assert api.get(f"{URL}/{e2}", "park").status_code == 404  # E2's record under E1
    assert delete(api, f"{URL}/{e2}", "park", "*").status_code == 404


def test_reimport_with_other_values_raises_the_version(api: Api) -> None:
    gas = api.get(URL, "ent", params={"item": "natural_gas"}).json()["items"][0]
    csv = ("org_code,site,source,item,period,quantity,unit\n"
           f"E1,MAIN,boiler,natural_gas,{YEAR},11,万Nm3\n").encode()
    files = {"file": ("gas.csv", csv, "text/csv")}
    assert api.post("/api/v1/orgs/E1/imports", "ent", files=files).json()["updated"] == 1
    again = api.get(f"{URL}/{gas['record_id']}", "ent")
    assert again.json()["version"] == 2 and again.json()["quantity"] == 11.0
    assert api.post("/api/v1/orgs/E1/imports", "ent", files=files).json()["unchanged"] == 1
    assert api.get(f"{URL}/{gas['record_id']}", "ent").json()["version"] == 2
