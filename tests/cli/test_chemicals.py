"""The chemicals method through the command line: the demo methanol plant's inventory, its
balance in ``explain``, its benchmark class and the sector template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from greenmfg.accounting import sector
from tests.cli.conftest import cli


def test_demo_methanol_plant_by_the_chemicals_method(
        demo_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, demo_ws, "inventory", "--org", "CHM01", "--year", "2025",
                       "--method", "chemicals-gbt32151.10-2015", "--format", "json")
    assert code == 0
    inv = json.loads(out)
    assert inv["method"] == "chemicals-gbt32151.10"
    lines = {x["item"]: x for x in inv["lines"]}
    # methanol leaves 0.3749 tC/t: −activity × 0.3749 × 44/12
    meoh = lines["methanol"]
    assert meoh["co2e_t"] == pytest.approx(-meoh["activity"] * 0.3749 * 44 / 12, rel=1e-9)
    # feed coal enters at the default 19.57 GJ/t × 0.0261 tC/GJ, without an oxidation rate
    feed = lines["feedstock_bituminous_coal"]
    assert feed["co2e_t"] == pytest.approx(feed["activity"] * 19.57 * 0.0261 * 44 / 12,
                                           rel=1e-9)
    # boiler coal is burnt under GB/T 32150, with the oxidation rate 0.93
    boiler = lines["bituminous_coal"]
    assert boiler["co2e_t"] == pytest.approx(boiler["activity"] * 19.57 * 0.0261 * 0.93 * 44
                                             / 12, rel=1e-9)
    per_t = inv["co2e_t"] / meoh["activity"]
    # 1.386 t feed × 0.511 tC − 0.3749 tC = 0.333 tC → 1.22 t; boiler 0.54 t → 0.94 t;
    # 0.297 MWh × ~0.55 → 0.16 t: about 2.3 tCO2 per t methanol
    assert 2.0 < per_t < 2.6
    code, out, _ = cli(capsys, demo_ws, "explain", meoh["result_id"])
    assert code == 0 and "0.3749 tC/t × 44/12" in out
    assert "feedstock carbon balance" in out  # the whole balance, in the lineage notes


def test_demo_methanol_plant_is_benchmarked(demo_ws: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, demo_ws, "benchmark", "--org", "CHM01", "--year", "2025",
                       "--format", "json")
    assert code == 0
    (line,) = json.loads(out)["lines"]
    # GB 29436-2023 bituminous-coal methanol 1380 / 1400 / 1800 kgce/t; the demo plant is sized
    # at about 1 415 kgce/t in 2025 → level 3, NDRC (1400 / 1800) between
    assert line["product"] == "methanol_bituminous_coal"
    assert 1_400 < line["value"] < 1_460
    assert line["limit_level"] == 3 and line["ndrc_class"] == "between"


def test_template_for_chemicals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = tmp_path / "chemicals.xlsx"
    code, _, _ = cli(capsys, tmp_path / "ws.duckdb", "template", "activity", "--sector",
                     "chemicals", "--out", str(xlsx))
    assert code == 0
    book = load_workbook(xlsx)
    codes = [row[0] for row in book["items"].iter_rows(min_row=2, values_only=True)]
    first = sector("chemicals").items
    assert tuple(codes[:len(first)]) == first
    readme = " ".join(str(c) for row in book.worksheets[0].iter_rows(values_only=True)
                      for c in row if c)
    assert "chemicals-gbt32151.10-2015" in readme and "feedstock_" in readme
