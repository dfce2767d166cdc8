"""Sector data at ingest: parameters are fractions or rates, checked row by row; good rows stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenmfg.workspace import Workspace

HEADER = ("org_code,site,source,item,period,quantity,unit,ncv,ncv_unit,carbon_content,"
          "carbon_content_unit,oxidation_rate\n")
GOOD = [
    "ENT1,KILN,kiln 1,clinker,2025-01,10000,t,,,,,",
    "ENT1,KILN,kiln 1,clinker_cao,2025-01,65.2,%,,,,,",
    "ENT1,KILN,kiln 1,熟料中氧化镁含量,2025-01,0.021,,,,,,",
    "ENT1,KILN,kiln 1,waste_tyres,2025-01,100,t,30,GJ/t,0.0225,tC/GJ,98%",
    "ENT2,POT,potline,anode_effect_minutes,2025-01,0.2,min,,,,,",
    # site conditions of the energy-limit corrections and the anthracite class of ammonia
    "ENT1,KILN,site,site_altitude,2025,2500,m,,,,,",
    "ENT1,KILN,site,site_air_pressure,2025,75000,Pa,,,,,",
    "ENT1,NH3,coal yard,anthracite_quality_lump_share,2025,80,%,,,,,",
]


def _import(ws: Workspace, tmp_path: Path, bad: str) -> object:
    path = tmp_path / "sector.csv"
    path.write_text(HEADER + "\n".join([GOOD[0], bad, *GOOD[1:]]) + "\n", encoding="utf-8")
    return ws.import_file(path)


@pytest.mark.parametrize(("bad", "column", "words"), [
    # a CaO fraction above 1 (65 without a unit)
    ("ENT1,KILN,kiln 1,clinker_cao,2025-02,65,,,,,,", "quantity", "above 1"),
    ("ENT1,KILN,kiln 1,clinker_mgo,2025-02,120,%,,,,,", "quantity", "above 1"),
    # negative net anode consumption
    ("ENT2,POT,potline,carbon_anode,2025-01,-40,t,,,,,", "quantity", "cannot be negative"),
    ("ENT2,POT,potline,anode_sulphur,2025-01,-0.01,,,,,,", "quantity", "cannot be negative"),
    # a site altitude given as a share
    ("ENT1,KILN,site,site_altitude,2025-02,20,%,,,,,", "unit", "was expected"),
    # anode-effect minutes are a time, not a share
    ("ENT2,POT,potline,anode_effect_minutes,2025-02,20,%,,,,,", "unit", "was expected"),
    # an alternative fuel has no defaults: measured parameters are required
    ("ENT1,KILN,kiln 1,waste_plastics,2025-01,50,t,,,,,", "ncv", "no packaged default"),
    # parameters cannot carry fuel parameters
    ("ENT1,KILN,kiln 1,raw_meal_organic_carbon,2025-01,0.002,,22,GJ/t,,,", "ncv",
     "only to fuels"),
])
def test_bad_sector_row_is_rejected_and_good_rows_stored(
        workspace: Workspace, tmp_path: Path, bad: str, column: str, words: str) -> None:
    report = _import(workspace, tmp_path, bad)
    rows = {(r.row, r.column) for r in report.rejected}  # type: ignore[attr-defined]
    assert (3, column) in rows
    assert {r.row for r in report.rejected} == {3}  # type: ignore[attr-defined]
    reason = next(r for r in report.rejected if r.column == column)  # type: ignore[attr-defined]
    assert words in reason.reason_en and reason.reason_zh
    stored = workspace.activity("ENT1", 2025) + workspace.activity("ENT2", 2025)
    assert len(stored) == len(GOOD)
    by_item = {r.item: r for r in stored}
    assert by_item["clinker_cao"].quantity_canonical == pytest.approx(0.652)
    assert by_item["clinker_mgo"].quantity_canonical == pytest.approx(0.021)
    assert by_item["anode_effect_minutes"].canonical_unit == "min"
    assert by_item["site_altitude"].quantity_canonical == pytest.approx(2500)
    assert by_item["site_air_pressure"].quantity_canonical == pytest.approx(75)
    assert by_item["anthracite_quality_lump_share"].quantity_canonical == pytest.approx(0.8)
