"""The steel method through the command line: the demo mill's inventory and the template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from greenmfg.accounting import sector
from tests.cli.conftest import cli


def test_demo_mill_inventory_by_the_steel_method(demo_ws: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, demo_ws, "inventory", "--org", "STL01", "--year", "2025",
                       "--method", "steel-gbt32151.5-2015", "--format", "json")
    assert code == 0
    inv = json.loads(out)
    assert inv["method"] == "steel-gbt32151.5"
    lines = {(x["source"], x["item"]): x for x in inv["lines"]}
    # crude steel leaves carbon (a negative line); scrap enters with its measured 0.2 %
    steel = lines[("1# 转炉 BOF", "crude_steel")]
    assert steel["co2e_t"] == pytest.approx(-0.0154 * steel["activity"], rel=1e-9)
    scrap = lines[("1# 转炉 BOF", "scrap_steel")]
    assert scrap["co2e_t"] == pytest.approx(scrap["activity"] * 0.002 * 44 / 12, rel=1e-9)
    assert ("1# 高炉 blast furnace", "pig_iron") not in lines  # hot metal is an intermediate
    per_t = inv["co2e_t"] / steel["activity"]
    assert 1.2 < per_t < 2.5  # a blast-furnace mill: about 1.7 tCO2 per t crude steel
    code, out, _ = cli(capsys, demo_ws, "explain", steel["result_id"])
    assert code == 0 and "0.0154 tCO2/t × 12/44" in out


def test_template_for_steel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = tmp_path / "steel.xlsx"
    code, _, _ = cli(capsys, tmp_path / "ws.duckdb", "template", "activity", "--sector",
                     "steel", "--out", str(xlsx))
    assert code == 0
    book = load_workbook(xlsx)
    codes = [row[0] for row in book["items"].iter_rows(min_row=2, values_only=True)]
    first = sector("steel").items
    assert tuple(codes[:len(first)]) == first
    readme = " ".join(str(c) for row in book.worksheets[0].iter_rows(values_only=True)
                      for c in row if c)
    assert "steel-gbt32151.5-2015" in readme and "carbon_content" in readme
