"""``greenmfg footprint``: import, list, calc and montecarlo through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenmfg.cli.app import run
from tests.cli.conftest import cli

FIXTURES = Path(__file__).parents[1] / "footprint" / "fixtures"
CALC_KEYS = {"product", "amount", "method", "score", "unit", "contributions", "solver", "lineage"}
MC_KEYS = {"product", "amount", "method", "unit", "iterations", "seed", "mean", "sd",
           "percentiles", "sensitivity", "deterministic", "lineage"}


def test_calc_on_the_default_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """source: 1 kWh × 0.5777 kgCO2e/kWh (2024 national electricity carbon-footprint factor)."""
    code, out, _ = cli(capsys, tmp_path / "w.duckdb", "footprint", "calc", "--product",
                       "cn-grid-electricity-2024", "--amount", "1", "--method", "ar6-gwp100",
                       "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= CALC_KEYS
    assert data["score"] == pytest.approx(0.5777, rel=1e-12) and data["unit"] == "kg CO2e"
    assert data["amount"] == 1.0 and data["method"] == "IPCC AR6 GWP100"
    assert data["contributions"]["by_process"][0]["share"] == pytest.approx(1.0)
    assert data["solver"]["solver"] in {"jacobi", "pardiso", "umfpack", "superlu"}
    assert data["lineage"]["database_id"] == "greenmfg-default"
    assert data["lineage"]["result_id"].startswith("FP-")


def test_import_then_calc_and_montecarlo(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "w.duckdb"
    code, out, _ = cli(capsys, ws, "footprint", "import", str(FIXTURES / "jsonld_steel"),
                       "--name", "steel", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["status"] == "inserted" and report["database_id"] == "steel"
    assert [m["name"] for m in report["unmapped"]] == ["Particulates, < 2.5 um"]
    assert {"mapped", "unmapped", "unlinked", "warnings", "content_hash"} <= set(report)

    code, out, _ = cli(capsys, ws, "footprint", "import", str(FIXTURES / "jsonld_steel"),
                       "--name", "steel", "--format", "json")
    assert code == 0 and json.loads(out)["status"] == "unchanged"

    code, out, _ = cli(capsys, ws, "footprint", "calc", "--product",
                       "steel production, electric arc furnace", "--amount", "2", "--method",
                       "IPCC AR6 GWP100", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["score"] == pytest.approx(2 * 3.21069, rel=1e-9)
    flows = {c["name"]: c["value"] for c in data["contributions"]["by_flow"]}
    assert flows["Carbon dioxide, fossil"] == pytest.approx(2 * 3.09, rel=1e-9)
    assert [u["name"] for u in data["uncharacterised"]] == ["Particulates, < 2.5 um"]

    code, out, _ = cli(capsys, ws, "footprint", "montecarlo", "--product",
                       "steel production, electric arc furnace", "--amount", "1", "--method",
                       "ar6-gwp100", "--iterations", "200", "--seed", "7", "--format", "json")
    assert code == 0
    mc = json.loads(out)
    assert set(mc) >= MC_KEYS
    assert mc["iterations"] == 200 and mc["seed"] == 7
    assert mc["deterministic"] == pytest.approx(3.21069, rel=1e-9)
    assert set(mc["percentiles"]) == {"2.5", "5", "25", "50", "75", "95", "97.5"}
    assert mc["percentiles"]["2.5"] < mc["percentiles"]["50"] < mc["percentiles"]["97.5"]
    assert mc["sd"] > 0
    top = mc["sensitivity"][0]
    assert (top["matrix"], top["row_name"], top["col_name"]) == (
        "biosphere", "Carbon dioxide, fossil", "electricity production, grid mix")
    code, again, _ = cli(capsys, ws, "footprint", "montecarlo", "--product",
                         "steel production, electric arc furnace", "--amount", "1", "--method",
                         "ar6-gwp100", "--iterations", "200", "--seed", "7", "--format", "json")
    assert json.loads(again)["percentiles"] == mc["percentiles"]  # seeded: same numbers


def test_list_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "w.duckdb"
    assert cli(capsys, ws, "footprint", "import", str(FIXTURES / "ecospold2_heat"))[0] == 0
    code, out, _ = cli(capsys, ws, "footprint", "list", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [d["database_id"] for d in data["databases"]] == ["greenmfg-default", "ecospold2-heat"]
    by_database: dict[str, list[str]] = {}
    for product in data["products"]:
        by_database.setdefault(product["database"], []).append(product["name"])
    assert len(by_database["greenmfg-default"]) == 5
    assert sorted(by_database["ecospold2-heat"]) == [
        "heat production, natural gas, at boiler", "natural gas production",
        "treatment of wastewater, average"]
    assert {"ar6-gwp100", "ar6-gwp20"} <= {m["code"] for m in data["methods"]}
    code, out, _ = cli(capsys, ws, "footprint", "export", str(tmp_path / "heat.zip"),
                       "--database", "ecospold2-heat")
    assert code == 0 and (tmp_path / "heat.zip").is_file()
    code, out, _ = cli(capsys, ws, "footprint", "import", str(tmp_path / "heat.zip"),
                       "--format", "json")
    assert code == 0 and json.loads(out)["source_format"] == "jsonld"


def test_table_output_is_bilingual(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["--workspace", str(tmp_path / "w.duckdb"), "--lang", "zh-CN", "footprint",
                "calc", "--product", "cn-grid-electricity-2024", "--amount", "1", "--method",
                "ar6-gwp100"])
    out = capsys.readouterr().out
    assert code == 0 and "产品碳足迹" in out and "0.5777" in out
    code, out, _ = cli(capsys, tmp_path / "w.duckdb", "footprint", "import",
                       str(FIXTURES / "ilcd_aluminium"))
    assert code == 0 and "Unmapped elementary flows" in out and "water (fresh)" in out


def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "w.duckdb"
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    code, _, err = cli(capsys, ws, "footprint", "import", str(broken))
    assert code == 2 and "broken.zip is not a readable zip archive" in err
    code, _, err = cli(capsys, ws, "footprint", "calc", "--product", "unobtainium",
                       "--amount", "1", "--method", "ar6-gwp100")
    assert code == 2 and "no product 'unobtainium'" in err
    code, _, err = cli(capsys, ws, "footprint", "calc", "--product",
                       "cn-grid-electricity-2024", "--amount", "1", "--method", "gwp500")
    assert code == 2 and "no method 'gwp500'" in err
