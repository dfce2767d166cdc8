"""Sector methods, ETS compliance and sector templates through the command line, on the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from greenmfg.accounting import sector
from tests.cli.conftest import cli

ETS_KEYS = {"org", "year", "sector", "verified_emissions_t", "allowance_t", "surplus_t",
            "ccer_limit_t", "lineage"}
# the benchmark keys, and docs/formats.md's two additions (org_name, tiered_price)
BENCHMARK_KEYS = {"org", "org_name", "year", "lines", "tiered_price"}
BENCHMARK_LINE_KEYS = {"product", "indicator", "unit", "value", "limit_standard", "limit_level",
                       "ndrc_class", "gap_to_benchmark", "gap_tce_per_year", "source"}


@pytest.mark.parametrize("org", ["CEM01", "ALU01", "CHM01"])
def test_benchmark_json_shape(demo_ws: Path, capsys: pytest.CaptureFixture[str],
                              org: str) -> None:
    code, out, _ = cli(capsys, demo_ws, "benchmark", "--org", org, "--year", "2025", "--format",
                       "json")
    assert code == 0
    report = json.loads(out)
    assert set(report) == BENCHMARK_KEYS and (report["org"], report["year"]) == (org, 2025)
    assert report["lines"]
    for line in report["lines"]:
        assert set(line) >= BENCHMARK_LINE_KEYS
        assert line["limit_level"] in (1, 2, 3, "fail", None)
        assert line["ndrc_class"] in ("benchmark", "between", "below_baseline", None)
        assert line["gap_to_benchmark"] is None or line["gap_to_benchmark"] >= 0
    assert bool(report["tiered_price"]) == (org == "ALU01")


def test_inventory_with_a_sector_method_and_explain(demo_ws: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, demo_ws, "inventory", "--org", "CEM01", "--year", "2025",
                       "--method", "cement-ets-2024", "--format", "json")
    assert code == 0
    inv = json.loads(out)
    assert inv["method"] == "cement-ets"
    assert inv["lineage"]["options"]["method_edition"] == "2024"
    clinker = next(x for x in inv["lines"] if x["item"] == "clinker")
    assert clinker["formula"].startswith("E = Σ_line max(0")
    ids = {f["factor_id"] for f in clinker["factors"]}
    assert {"sector:cets-ag-02.01-2024:clinker_portland",
            "sector:cets-ag-02.01-2024:df_steel_slag"} <= ids
    # the demo's kiln feeds 0.04 t steel slag per t clinker: 0.535 − 0.04 × 0.215 = 0.5264 t/t
    assert clinker["co2e_t"] / clinker["activity"] == pytest.approx(0.5264, rel=1e-9)
    electricity = next(x for x in inv["lines"] if x["item"] == "electricity_purchased")
    assert {f["value"] for f in electricity["factors"] if f["dataset"] != "gwp"} == {0.5703}
    code, out, _ = cli(capsys, demo_ws, "explain", clinker["result_id"])
    assert code == 0
    assert "max(0," in out and "steel_slag" in out and "guideline text not read" in out
    code, out, _ = cli(capsys, demo_ws, "inventory", "--org", "CEM01", "--year", "2025",
                       "--method", "cement-gbt32151.8-2015")
    assert code == 0 and "Total emissions (cement-gbt32151.8 2015)" in out
    code, _, err = cli(capsys, demo_ws, "inventory", "--org", "CEM01", "--year", "2025",
                       "--method", "cement-1999")
    assert code == 2 and "unknown method" in err


def test_ets_json(demo_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, demo_ws, "ets", "--org", "CEM01", "--year", "2025", "--format",
                       "json")
    assert code == 0
    result = json.loads(out)
    assert set(result) == ETS_KEYS
    assert (result["org"], result["year"], result["sector"]) == ("CEM01", 2025, "cement")
    assert result["allowance_t"] is None and result["surplus_t"] is None
    assert result["ccer_limit_t"] == pytest.approx(0.05 * result["verified_emissions_t"],
                                                   rel=1e-12)
    assert result["lineage"]["method"] == "cement-ets"
    code, out, _ = cli(capsys, demo_ws, "ets", "--org", "CEM01", "--year", "2024", "--format",
                       "json")
    result = json.loads(out)
    assert result["allowance_t"] == result["verified_emissions_t"] and result["surplus_t"] == 0
    code, out, _ = cli(capsys, demo_ws, "ets", "--org", "ALU01", "--year", "2025",
                       "--benchmark", "1.7", "--format", "json")
    result = json.loads(out)
    output_t = result["lineage"]["output_t"]
    assert result["allowance_t"] == pytest.approx(1.7 * output_t, rel=1e-12)
    assert result["surplus_t"] == pytest.approx(result["allowance_t"]
                                                - result["verified_emissions_t"], rel=1e-12)
    code, out, _ = cli(capsys, demo_ws, "ets", "--org", "ALU01", "--year", "2025")
    assert code == 0 and "National-ETS compliance" in out and "not known" in out
    # steel (GB/T 32151.5 inventory) is in the 2024-2025 plan: 2024 allowances = verified
    # emissions = the inventory's direct emissions; 2025 is intensity-based per t crude steel
    code, out, _ = cli(capsys, demo_ws, "ets", "--org", "STL01", "--year", "2024", "--format",
                       "json")
    result = json.loads(out)
    assert code == 0 and result["lineage"]["method"] == "steel-gbt32151.5"
    assert result["allowance_t"] == result["verified_emissions_t"] and result["surplus_t"] == 0
    code, out, _ = cli(capsys, demo_ws, "ets", "--org", "STL01", "--year", "2025", "--format",
                       "json")
    result = json.loads(out)
    assert result["allowance_t"] is None and result["lineage"]["output_item"] == "crude_steel"
    # chemicals is a sector (GB/T 32151.10 method) but no allocation rule is packaged
    code, _, err = cli(capsys, demo_ws, "ets", "--org", "CHM01", "--year", "2025")
    assert code == 2 and "no national-ETS allocation rule is packaged for chemicals" in err


def test_template_for_a_sector(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = tmp_path / "cement.xlsx"
    code, _, _ = cli(capsys, tmp_path / "ws.duckdb", "template", "activity", "--sector",
                     "cement", "--out", str(xlsx))
    assert code == 0
    book = load_workbook(xlsx)
    codes = [row[0] for row in book["items"].iter_rows(min_row=2, values_only=True)]
    first = sector("cement").items
    assert tuple(codes[:len(first)]) == first
    assert len(codes) == len(set(codes))
    readme = " ".join(str(c) for row in book.worksheets[0].iter_rows(values_only=True)
                      for c in row if c)
    assert "cement-ets-2024" in readme and "parameter" in readme
    code, _, err = cli(capsys, tmp_path / "ws.duckdb", "template", "activity", "--sector",
                       "glass", "--out", str(xlsx))
    assert code == 2 and "unknown sector" in err


def test_methods_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, tmp_path / "ws.duckdb", "methods", "--format", "json")
    assert code == 0
    methods = {m["method"]: m for m in json.loads(out)}
    assert {"gbt32150-2015", "cement-ets-2024", "cement-gbt32151.8-2015",
            "aluminium-ets-2024"} <= set(methods)
    assert methods["aluminium-ets-2024"]["document"] == "CETS—AG—04.01—V01—2024"
