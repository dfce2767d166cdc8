"""Uploads: the same validation as the CLI, all or nothing, and only into the caller's tree."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.api.conftest import (
    YEAR,
    Api,
    activity_rows,
    assert_no_data,
    copy_of,
    csv_of,
    open_api,
    org_row,
    settings,
)


def _upload(api: Api, user: str, org: str, name: str, data: bytes,
            media: str = "text/csv") -> tuple[int, dict[str, Any]]:
    response = api.post(f"/api/v1/orgs/{org}/imports", user, files={"file": (name, data, media)})
    return response.status_code, response.json()


def _activity_count(api: Api) -> int:
    return api.workspace.store.activity_count()


def _inventory(api: Api, org: str, user: str = "admin") -> dict[str, Any]:
    response = api.get(f"/api/v1/orgs/{org}/inventory", user, params={"year": YEAR})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def _months(org: str, gas: str = "1") -> list[dict[str, str]]:
    return [{"org_code": org, "site": "NEW", "source": "kiln", "item": "natural_gas",
             "period": f"{YEAR + 1}-{m:02d}", "quantity": gas, "unit": "万Nm3"}
            for m in range(1, 4)]


def test_good_csv_is_stored(api: Api) -> None:
    before = _activity_count(api)
    status, body = _upload(api, "ent", "E1", "e1-2025.csv", csv_of(_months("E1")))
    assert status == 201, body
    assert (body["file"], body["rows_read"], body["inserted"], body["updated"]) == (
        "e1-2025.csv", 3, 3, 0)
    assert _activity_count(api) == before + 3
    inventory = api.get("/api/v1/orgs/E1/inventory", "ent", params={"year": YEAR + 1}).json()
    assert inventory["scope1_co2e_t"] > 0
    # the same file again changes nothing
    status, body = _upload(api, "ent", "E1", "e1-2025.csv", csv_of(_months("E1")))
    assert status == 201 and (body["inserted"], body["unchanged"]) == (0, 3)


def test_api_inventory_is_the_cli_json(api: Api, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from greenmfg.cli.app import run

    over_api = _inventory(api, "E2", "park")
    assert run(["--workspace", str(api.workspace.path), "inventory", "--org", "E2", "--year",
                str(YEAR), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == over_api


def test_good_xlsx_is_stored(api: Api) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "activity"
    rows = _months("E1", "2")
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    status, body = _upload(api, "park", "E1", "活动数据.xlsx", buffer.getvalue(),
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert status == 201, body
    assert body["file"] == "活动数据.xlsx" and body["inserted"] == 3


def test_a_bad_row_rejects_the_whole_file(api: Api) -> None:
    before_count, before_inventory = _activity_count(api), _inventory(api, "E1")
    rows = _months("E1")
    rows[1] = {**rows[1], "quantity": "ten"}
    status, body = _upload(api, "ent", "E1", "bad.csv", csv_of(rows))
    assert status == 422
    assert body["code"] == "rejected_rows" and body["rows_read"] == 3
    assert "nothing of the file was stored" in body["detail"]
    assert [(r["file"], r["row"], r["column"], r["value"]) for r in body["rejected"]] == [
        ("bad.csv", 3, "quantity", "ten")]
    assert body["rejected"][0]["reason_en"] and body["rejected"][0]["reason_zh"]
    # nothing stored: not the bad row, not the good ones
    assert _activity_count(api) == before_count
    assert _inventory(api, "E1") == before_inventory
    assert api.get("/api/v1/orgs/E1/inventory", "ent", params={"year": YEAR + 1}).json()[
        "lines"] == []
    # the refusal is in the audit log, which the uploader can see
    audit = api.get("/api/v1/audit", "ent", params={"limit": 500}).json()["items"]
    refused = [e for e in audit if e["action"] == "import_refused"]
    assert refused and refused[-1]["target"] == "bad.csv"
    assert refused[-1]["detail"]["rejected_rows"] == 1


def test_rows_outside_the_path_org_are_rejected_and_nothing_stored(api: Api) -> None:
    before = _activity_count(api)
    # E2 is outside the enterprise user's scope; ZZ does not exist: the same answer for both
    rows = _months("E1") + _months("E2")[:1] + _months("ZZ")[:1]
    status, body = _upload(api, "ent", "E1", "mixed.csv", csv_of(rows))
    assert status == 422 and body["code"] == "rejected_rows"
    assert [(r["row"], r["column"], r["value"]) for r in body["rejected"]] == [
        (5, "org_code", "E2"), (6, "org_code", "ZZ")]
    reasons = {r["reason_en"].replace(r["value"], "?") for r in body["rejected"]}
    assert len(reasons) == 1 and "outside 'E1'" in reasons.pop()
    assert "Organisation E2" not in str(body)
    # a park user may write E1 and E2, but not through E1's path
    status, body = _upload(api, "park", "E1", "mixed.csv", csv_of(_months("E1") + _months("E2")))
    assert status == 422 and {r["value"] for r in body["rejected"]} == {"E2"}
    assert _activity_count(api) == before
    # through the park's path both are fine
    status, body = _upload(api, "park", "P1", "both.csv", csv_of(_months("E1") + _months("E2")))
    assert status == 201 and body["inserted"] == 6


def test_organisation_rows_stay_inside_the_tree(api: Api) -> None:
    site = {"code": "E1-S2", "name": "New site", "kind": "site", "parent_code": "E1",
            "industry_code": "", "region_code": "150200"}
    status, body = _upload(api, "ent", "E1", "site.csv", csv_of([site]))
    assert status == 201 and body["organisations"] == 1
    codes = [o["code"] for o in api.get("/api/v1/orgs", "ent").json()["items"]]
    assert codes == ["E1", "E1-S1", "E1-S2"]
    # these are refused, and change nothing:
    refused = {
        "new enterprise under the park": {"code": "E9", "name": "x", "kind": "enterprise",
                                          "parent_code": "P1", "industry_code": "",
                                          "region_code": "150200"},
        "move E1 to another region": {**org_row("E1"), "parent_code": "R2"},
        "rename another enterprise": {**org_row("E2"), "name": "taken over"},
        "a new region": {"code": "R9", "name": "x", "kind": "region", "parent_code": "",
                         "industry_code": "", "region_code": "110000"},
    }
    for why, row in refused.items():
        status, body = _upload(api, "ent", "E1", "orgs.csv", csv_of([row]))
        assert status == 422, why
        assert body["code"] == "rejected_rows", why
    names = {o["code"]: o["name"] for o in api.get("/api/v1/orgs", "admin").json()["items"]}
    assert "E9" not in names and "R9" not in names and names["E2"] == org_row("E2")["name"]
    assert api.get("/api/v1/orgs/E1", "admin").json()["parent_code"] == "P1"


@pytest.mark.parametrize(("name", "data", "found"), [
    ("x.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a spreadsheet"),
    ("broken.xlsx", b"PK\x03\x04 not really a zip", "not a readable Excel workbook"),
    ("empty.csv", b"", "empty"),
    ("header.csv", b"a,b,c\n1,2,3\n", "header row"),
])
def test_files_that_are_not_activity_tables(api: Api, name: str, data: bytes,
                                            found: str) -> None:
    before = _activity_count(api)
    status, body = _upload(api, "ent", "E1", name, data, "application/octet-stream")
    assert status == 422 and body["code"] == "input_error", body
    assert found in body["detail"] and name in body["detail"]
    assert _activity_count(api) == before


def test_upload_names_are_reduced_to_the_file_name(api: Api) -> None:
    status, body = _upload(api, "ent", "E1", "../../etc/e1.csv", csv_of(_months("E1")))
    assert status == 201 and body["file"] == "e1.csv"


@pytest.fixture
def small_limit(seeded_file: Path, tmp_path: Path) -> Iterator[Api]:
    yield from open_api(copy_of(seeded_file, tmp_path), settings(max_upload_bytes=1024))


def test_too_large_upload(small_limit: Api) -> None:
    rows = activity_rows("E1") * 40
    response = small_limit.post("/api/v1/orgs/E1/imports", "ent",
                                files={"file": ("big.csv", csv_of(rows), "text/csv")})
    assert_no_data(response, 413)
    assert response.json()["code"] == "too_large"
    assert "1024" in response.json()["detail_zh"] and "文件" in response.json()["detail_zh"]


def test_missing_file_is_an_invalid_request(api: Api) -> None:
    response = api.post("/api/v1/orgs/E1/imports", "ent")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_request"
    assert body["errors"][0]["loc"] == ["body", "file"]


@pytest.mark.parametrize(("url", "media", "body"), [
    # found by the fuzz test: Starlette answered these with an undocumented 400
    ("/api/v1/orgs/E1/imports", "multipart/form-data; boundary=b0", b"--b0\r\nbroken--b0--\r\n"),
    (f"/api/v1/orgs/E1/inventory/{YEAR}/signoff", "application/json", b"\xff\xfe\xfd"),
])
def test_a_body_that_cannot_be_parsed_is_an_invalid_request(api: Api, url: str, media: str,
                                                             body: bytes) -> None:
    before = _activity_count(api)
    response = api.client.post(url, content=body, headers={
        **api.headers("ent"), "Content-Type": media})
    assert_no_data(response, 422)
    assert response.json()["code"] == "invalid_request"
    assert "请求体" in response.json()["detail_zh"]
    assert _activity_count(api) == before
