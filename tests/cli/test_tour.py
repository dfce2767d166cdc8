"""The README tour, end to end through the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.conftest import cli


def test_template_fill_import_inventory_explain(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws.duckdb"
    xlsx = tmp_path / "activity.xlsx"
    assert cli(capsys, ws, "template", "activity", "--out", str(xlsx))[0] == 0
    book = load_workbook(xlsx)
    assert {"organisations", "activity", "items"} <= set(book.sheetnames)
    book["organisations"].append(["F1", "示例工厂", "enterprise", None, "C3411", "320500"])
    act = book["activity"]
    for month in range(1, 13):
        act.append(["F1", "MAIN", "1# boiler", "天然气", f"2025-{month:02d}", 10, "万Nm3"])
        act.append(["F1", "MAIN", "grid", "purchased electricity", f"2025-{month:02d}", 100,
                    "万kWh"])
    act.append(["F1", "MAIN", "grid", "electricity_purchased", "2025-13", 1, "万kWh"])
    act.append(["F1", "MAIN", "1# boiler", "natural_gas", "2025-01", "ten", "万Nm3"])
    book.save(xlsx)
    rejects = tmp_path / "rejects.csv"
    code, out, _ = cli(capsys, ws, "import", str(xlsx), "--rejects", str(rejects))
    assert code == 2  # some rows were rejected; the good ones are stored
    with rejects.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["sheet"], r["row"], r["column"]) for r in rows} == {
        ("activity", "26", "period"), ("activity", "27", "quantity")}
    # importing again changes nothing
    code, out, _ = cli(capsys, ws, "import", str(xlsx), "--format", "json")
    report = json.loads(out)
    assert (report["inserted"], report["updated"], report["unchanged"]) == (0, 0, 24)

    code, out, _ = cli(capsys, ws, "inventory", "--org", "F1", "--year", "2025", "--format",
                       "json", "--grid-level", "national")
    assert code == 0
    inv = json.loads(out)
    for key in ("org", "year", "method", "co2e_t", "scope1_co2e_t", "scope2_location_co2e_t",
                "scope2_market_co2e_t", "energy_tce_calorific", "energy_tce_coal_equivalent",
                "by_category", "by_source", "lineage"):
        assert key in inv
    # by hand: gas 120 × 10^4 Nm³ × 389.31 × 0.0153 × 0.99 × 44/12 = 2 594.6265708 t;
    # electricity 12 000 MWh × 0.5306 (2023 national, latest published for 2025) = 6 367.2 t
    gas_t = 120 * 389.31 * 0.0153 * 0.99 * 44 / 12
    assert inv["scope1_co2e_t"] == pytest.approx(gas_t, rel=1e-9)
    assert inv["scope2_location_co2e_t"] == pytest.approx(6367.2, rel=1e-9)
    assert any("latest earlier year" in n for n in inv["lineage"]["notes"])

    code, out, _ = cli(capsys, ws, "inventory", "--org", "F1", "--year", "2025", "--format",
                       "csv", "--grid-level", "national")
    table = list(csv.DictReader(io.StringIO(out)))
    total = next(r for r in table if r["section"] == "total" and r["name"] == "co2e_t")
    assert float(total["value"]) == inv["co2e_t"]

    code, out, _ = cli(capsys, ws, "inventory", "--org", "F1", "--year", "2025",
                       "--grid-level", "national")
    assert code == 0 and "Scope 1 (direct)" in out and "R-" in out

    line = next(x for x in inv["lines"] if x["item"] == "natural_gas")
    code, out, _ = cli(capsys, ws, "explain", line["result_id"])
    assert code == 0
    assert "E = Σ AD × NCV × CC × OF × 44/12" in out
    assert "389.31" in out and "gbt32150-2015" in out and "activity.xlsx" in out
    code, out, _ = cli(capsys, ws, "explain", line["result_id"], "--format", "json")
    explained = json.loads(out)
    assert len(explained["records"]) == 12

    code, out, _ = cli(capsys, ws, "org", "list", "--format", "json")
    assert json.loads(out) == [{"code": "F1", "name": "示例工厂", "kind": "enterprise",
                                "parent_code": None, "industry_code": "C3411",
                                "region_code": "320500"}]
    code, out, _ = cli(capsys, ws, "audit", "--format", "json")
    audit = json.loads(out)
    assert audit["chain_intact"] and [e["action"] for e in audit["entries"]] == ["import"] * 2


def test_errors_map_to_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws.duckdb"
    code, _, err = cli(capsys, ws, "inventory", "--org", "NOPE", "--year", "2025")
    assert code == 2 and "does not exist" in err
    code, _, err = cli(capsys, ws, "explain", "R-0000")
    assert code == 2 and "no result" in err
    bad = tmp_path / "x.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _, err = cli(capsys, ws, "import", str(bad))
    assert code == 2 and "x.png" in err and "not a spreadsheet" in err
    code, _, err = cli(capsys, ws, "inventory", "--org", "X", "--year", "2025", "--gwp", "AR9")
    assert code == 2


def test_refdata_and_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws.duckdb"
    code, out, _ = cli(capsys, ws, "refdata", "list", "--format", "json")
    assert code == 0
    ids = {d["dataset"] for d in json.loads(out)}
    assert {"fuels", "electricity_co2", "gwp", "coal_equivalents", "heat_co2"} <= ids
    code, out, _ = cli(capsys, ws, "refdata", "show", "fuels", "--edition", "ndrc-2013",
                       "--format", "json")
    assert code == 0
    shown = json.loads(out)
    assert shown["rows"] and all(r["edition"] == "ndrc-2013" for r in shown["rows"])
    assert all(r["verification"] in {"V", "R", "R-weak", "U"} for r in shown["rows"])
    _, out, _ = cli(capsys, ws, "items", "--format", "json")
    codes = {i["code"]: i for i in json.loads(out)}
    assert codes["natural_gas"]["unit"] == "10^4 Nm³"


def test_demo_builds_workspace_and_offline_page(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "demo.duckdb"
    code, out, _ = cli(capsys, ws, "demo")
    assert code == 0
    html = (tmp_path / "greenmfg-summary" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "greenmfg-summary" / "assets" / "echarts.min.js").stat().st_size > 500_000
    assert "http://" not in html and "https://" not in html
    assert out.count("Greenhouse-gas inventory · ") == 12  # 6 enterprises × 2 years
    for org in ("CEM01", "ALU01", "STL01", "MCH01", "PV01", "CHM01"):
        assert f"({org})" in out
    # clinker, aluminium and methanol lines, 2 years each
    assert out.count("Energy-efficiency benchmarking · ") == 6
    assert "Carbon footprint of the product PV modules (pv_module)" in out
    assert "kg CO2e per 0.001 MW" in out and "kg CO2e per 1 t" in out
    code, out, _ = cli(capsys, ws, "benchmark", "--org", "CEM01", "--year", "2025",
                       "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["org"] == "CEM01" and report["year"] == 2025
    line = next(x for x in report["lines"] if x["indicator"] == "comprehensive_energy")
    for key in ("product", "indicator", "unit", "value", "limit_standard", "limit_level",
                "ndrc_class", "gap_to_benchmark", "gap_tce_per_year", "source"):
        assert key in line
    assert line["limit_level"] in (1, 2, 3, "fail")
    # running the demo again is idempotent
    code, out, _ = cli(capsys, ws, "demo")
    assert code == 0 and "new 0, updated 0" in out
