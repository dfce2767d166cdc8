"""The API over a PostgreSQL workspace: the same tenancy and the same numbers as over the file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.conftest import (
    ENTERPRISES,
    ORGS,
    SCOPES,
    USERS,
    YEAR,
    Api,
    assert_no_data,
    csv_of,
    open_api,
    org_name,
    seed,
)


@pytest.fixture
def pg_api(pg_url: str) -> Iterator[Api]:
    seed(pg_url)  # type: ignore[arg-type]  # a workspace location: path or URL
    yield from open_api(pg_url)  # type: ignore[arg-type]


def test_tenancy_smoke_on_postgresql(pg_api: Api, api: Api) -> None:
    for user in USERS:
        body = pg_api.get("/api/v1/orgs", user, params={"limit": 500}).json()
        assert [o["code"] for o in body["items"]] == sorted(SCOPES[user])
        for org in ORGS:
            url = f"/api/v1/orgs/{org}/inventory?year={YEAR}"
            response = pg_api.get(url, user)
            if org in SCOPES[user]:
                assert response.status_code == 200, response.text
            else:
                assert_no_data(response, 404, org_name(org), "co2e_t")
    for org in ENTERPRISES:  # the same inventory, byte for byte, as over the DuckDB file
        url = f"/api/v1/orgs/{org}/inventory?year={YEAR}"
        assert pg_api.get(url, "admin").json() == api.get(url, "admin").json()


def test_upload_and_audit_on_postgresql(pg_api: Api) -> None:
    rows = [{"org_code": "E1", "site": "MAIN", "source": "kiln", "item": "diesel",
             "period": str(YEAR), "quantity": "12.5", "unit": "t"}]
    files = {"file": ("more.csv", csv_of(rows), "text/csv")}
    response = pg_api.post("/api/v1/orgs/E1/imports", "ent", files=files)
    assert response.status_code == 201, response.text
    assert response.json()["inserted"] == 1
    again = pg_api.post("/api/v1/orgs/E1/imports", "ent", files=files)
    assert again.json()["unchanged"] == 1  # idempotent
    audit = pg_api.get("/api/v1/audit", "admin", params={"limit": 500}).json()
    assert audit["chain_intact"] is True and audit["items"][-1]["actor"] == "ent"


def test_activity_crud_with_versions_on_postgresql(pg_api: Api) -> None:
    url = "/api/v1/orgs/E1/activity"
    body = {"source": "kiln", "item": "diesel", "period": str(YEAR), "quantity": 3, "unit": "t"}
    created = pg_api.post(url, "ent", json=body)
    assert created.status_code == 201 and created.headers["ETag"] == '"1"', created.text
    one = f"{url}/{created.json()['record_id']}"
    headers = pg_api.headers("ent")
    changed = pg_api.client.put(one, json={**body, "quantity": 4},
                                headers=headers | {"If-Match": '"1"'})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = pg_api.client.delete(one, headers=headers | {"If-Match": '"1"'})
    assert stale.status_code == 412
    assert pg_api.client.delete(one, headers=headers | {"If-Match": '"2"'}).status_code == 204
    assert pg_api.get(url, "ent").json()["total"] == 2
