"""Bad input: each problem is a clear rejection naming file, row, column; good rows are stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenmfg.errors import FileFormatError
from greenmfg.workspace import Workspace

HEADER = "org_code,site,source,item,period,quantity,unit\n"
GOOD = [
    "ENT1,S1,boiler,natural_gas,2025-01,10,万Nm3",
    "ENT1,S1,boiler,natural_gas,2025-02,11,万Nm3",
    "ENT1,S1,grid,electricity_purchased,2025-01,500,万kWh",
]


def _import(ws: Workspace, tmp_path: Path, bad: str) -> tuple[object, Path]:
    path = tmp_path / "activity.csv"
    path.write_text(HEADER + "\n".join([GOOD[0], bad, *GOOD[1:]]) + "\n", encoding="utf-8")
    return ws.import_file(path), path


@pytest.mark.parametrize(("bad", "column", "words"), [
    ("ENT1,S1,boiler,natural_gas,2025-03,10,bananas", "unit", "unknown unit"),
    ("ENT1,S1,boiler,natural_gas,2025-03,10,t", "unit", "was expected"),
    ("ENT1,S1,boiler,natural_gas,2025-03,-5,万Nm3", "quantity", "negative"),
    ("ENT1,S1,boiler,unobtainium,2025-03,10,t", "item", "unknown item"),
    ("ENT1,S1,boiler,natural_gas,,10,万Nm3", "period", "YYYY or YYYY-MM"),
    ("ENT1,S1,boiler,natural_gas,2025-13,10,万Nm3", "period", "YYYY or YYYY-MM"),
    ("ENT1,S1,boiler,natural_gas,March 2025,10,万Nm3", "period", "YYYY or YYYY-MM"),
    ("ENT1,S1,boiler,natural_gas,2025-03,ten,万Nm3", "quantity", "found text 'ten'"),
    ("ENT1,S1,boiler,natural_gas,2025-01,10,万Nm3", "", "duplicate of row 2"),
    ("NOPE,S1,boiler,natural_gas,2025-03,10,万Nm3", "org_code", "does not exist"),
    ("ENT1,S1,boiler,natural_gas,2025,100,万Nm3", "period", "either a year total or months"),
])
def test_bad_row_is_rejected_and_good_rows_stored(workspace: Workspace, tmp_path: Path, bad: str,
                                                  column: str, words: str) -> None:
    report, _ = _import(workspace, tmp_path, bad)
    assert report.rejected_row_count == 1  # type: ignore[attr-defined]
    rejection = report.rejected[0]  # type: ignore[attr-defined]
    assert rejection.file == "activity.csv"
    assert rejection.row == 3  # header is row 1, the bad row is the second data row
    assert rejection.column == column
    assert words in rejection.reason_en
    assert rejection.reason_zh and rejection.reason_zh != rejection.reason_en
    stored = workspace.activity("ENT1", 2025)
    assert len(stored) == 3
    assert {(r.item, r.period, r.quantity) for r in stored} == {
        ("natural_gas", "2025-01", 10.0), ("natural_gas", "2025-02", 11.0),
        ("electricity_purchased", "2025-01", 500.0)}
    assert workspace.rejected_rows(report.import_id)[0]["row_number"] == 3  # type: ignore[attr-defined]


def test_several_problems_in_one_row_are_all_reported(workspace: Workspace,
                                                      tmp_path: Path) -> None:
    report, _ = _import(workspace, tmp_path, "NOPE,S1,boiler,unobtainium,20255,abc,xx")
    columns = {r.column for r in report.rejected}  # type: ignore[attr-defined]
    assert columns == {"org_code", "item", "period", "quantity"}
    assert report.rejected_row_count == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "content"), [
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ("fake.xlsx", b"PK\x03\x04 this is not really a workbook"),
    ("notes.csv", b"just some notes\nwithout any header\n"),
])
def test_file_that_is_not_a_spreadsheet(workspace: Workspace, tmp_path: Path, name: str,
                                        content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileFormatError) as info:
        workspace.import_file(path)
    assert name in str(info.value)
    assert workspace.store.activity_count() == 0


def test_measured_parameters_are_validated(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "coal.csv"
    path.write_text(
        "org_code,site,source,item,period,quantity,unit,ncv,ncv_unit,carbon_content,"
        "carbon_content_unit,oxidation_rate\n"
        "ENT1,S1,kiln,bituminous_coal,2025-01,100,t,22,GJ/t,0.026,tC/GJ,98%\n"
        "ENT1,S1,kiln,bituminous_coal,2025-02,100,t,22,GJ/t,0.026,tC/GJ,98\n"
        "ENT1,S1,kiln,bituminous_coal,2025-03,100,t,22,,0.026,tC/GJ,0.98\n"
        "ENT1,S1,kiln,bituminous_coal,2025-04,100,t,22000,kJ/kg,0.6,tC/t,0.98\n",
        encoding="utf-8")
    report = workspace.import_file(path)
    bad = {(r.row, r.column) for r in report.rejected}
    assert bad == {(3, "oxidation_rate"), (4, "ncv")}
    stored = {r.period: r.measured for r in workspace.activity("ENT1", 2025)}
    assert stored["2025-01"].oxidation_rate == pytest.approx(0.98)
    # 0.6 tC/t carbon over 22 GJ/t → 0.6 / 22 tC/GJ
    assert stored["2025-04"].carbon_content_tc_per_gj == pytest.approx(0.6 / 22)
    assert stored["2025-04"].ncv_gj_per_unit == pytest.approx(22.0)


def test_chinese_item_names_and_gb18030_csv(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "ENT1,S1,锅炉,天然气,2025-01,10,万立方米\n").encode("gb18030"))
    report = workspace.import_file(path)
    assert report.rejected == ()
    (record,) = workspace.activity("ENT1", 2025)
    assert (record.item, record.quantity_canonical) == ("natural_gas", 10.0)


def test_process_source_with_own_emission_factor(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "process.csv"
    path.write_text(
        "org_code,site,source,item,period,quantity,unit,emission_factor,emission_factor_unit\n"
        "ENT1,S1,glass furnace,process_other,2025-01,1000,t,120,kgCO2/t\n"
        "ENT1,S1,kiln,limestone,2025-01,100,t,0.43,tCO2/t\n"
        "ENT1,S1,scrubber,process_other,2025-01,10,t,,\n"
        "ENT1,S1,boiler,natural_gas,2025-01,10,万Nm3,2,tCO2/t\n",
        encoding="utf-8")
    report = workspace.import_file(path)
    assert {(r.row, r.column) for r in report.rejected} == {(4, "emission_factor"),
                                                             (5, "emission_factor")}
    inv = workspace.inventory("ENT1", 2025)
    # by hand: 1 000 t × 0.120 tCO2/t = 120 t; 100 t limestone × 0.43 (measured) = 43 t
    assert inv.by_category["process"] == pytest.approx(163.0, rel=1e-9)
