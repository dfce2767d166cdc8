"""Measured carbon per unit on material, product and gas-export rows (carbon mass balances):
stored in the carbon_tc_per_unit column; bad values rejected with their row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenmfg.workspace import Workspace

HEADER = ("org_code,site,source,item,period,quantity,unit,ncv,ncv_unit,carbon_content,"
          "carbon_content_unit,oxidation_rate\n")
GOOD = [
    "ENT1,MILL,BOF,crude_steel,2025-01,1000,t,,,0.3,%,",
    "ENT1,MILL,BOF,废钢,2025-01,150,t,,,0.002,,",
    "ENT1,MILL,export,blast_furnace_gas_exported,2025-01,50,万Nm3,,,2.4,tC/万Nm3,",
    "ENT1,MILL,BF,coke,2025-01,300,t,28.5,GJ/t,0.85,tC/t,",
    "ENT1,MILL,sinter,limestone,2025-01,80,t,,,11.8,%,",
]


def _import(ws: Workspace, tmp_path: Path, bad: str) -> object:
    path = tmp_path / "steel.csv"
    path.write_text(HEADER + "\n".join([GOOD[0], bad, *GOOD[1:]]) + "\n", encoding="utf-8")
    return ws.import_file(path)


def test_carbon_per_unit_is_stored_and_reimport_is_idempotent(workspace: Workspace,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "steel.csv"
    path.write_text(HEADER + "\n".join(GOOD) + "\n", encoding="utf-8")
    report = workspace.import_file(path)
    assert not report.rejected  # type: ignore[attr-defined]
    by_item = {r.item: r.measured for r in workspace.activity("ENT1", 2025)}
    assert by_item["crude_steel"].carbon_tc_per_unit == pytest.approx(0.003, rel=1e-12)
    assert by_item["scrap_steel"].carbon_tc_per_unit == pytest.approx(0.002, rel=1e-12)
    assert by_item["blast_furnace_gas_exported"].carbon_tc_per_unit == pytest.approx(2.4)
    assert by_item["limestone"].carbon_tc_per_unit == pytest.approx(0.118, rel=1e-12)
    # a fuel's carbon per t is kept as given and per unit heat with the measured NCV
    assert by_item["coke"].carbon_tc_per_unit == pytest.approx(0.85, rel=1e-12)
    assert by_item["coke"].carbon_content_tc_per_gj == pytest.approx(0.85 / 28.5, rel=1e-12)
    again = workspace.import_file(path)
    assert again.inserted == 0 and again.updated == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(("bad", "column", "words"), [
    # a carbon fraction above 1
    ("ENT1,MILL,BOF,pig_iron_sold,2025-01,10,t,,,1.4,,", "carbon_content", "above 1"),
    ("ENT1,MILL,BOF,pig_iron_sold,2025-01,10,t,,,140,%,", "carbon_content", "above 1"),
    ("ENT1,MILL,BF,coke,2025-02,10,t,28,GJ/t,1.2,tC/t,", "carbon_content", "above 1"),
    # negative carbon and negative quantities
    ("ENT1,MILL,EAF,electrode,2025-01,5,t,,,-0.9,,", "carbon_content", "negative"),
    ("ENT1,MILL,EAF,electrode,2025-01,-5,t,,,,,", "quantity", "cannot be negative"),
    # carbon per unit heat belongs to fuels; fuel parameters do not apply to materials
    ("ENT1,MILL,EAF,electrode,2025-01,5,t,,,0.02,tC/GJ,", "carbon_content", "only to fuels"),
    ("ENT1,MILL,EAF,electrode,2025-01,5,t,30,GJ/t,0.9,,", "ncv", "only to fuels"),
    # a carbon content on electricity makes no sense
    ("ENT1,MILL,grid,electricity_purchased,2025-01,5,MWh,,,0.1,,", "carbon_content",
     "not to electricity_purchased"),
    ("ENT1,MILL,export,coke_oven_gas_exported,2025-01,5,万Nm3,,,0.2,tC/m,",
     "carbon_content_unit", ""),
])
def test_bad_carbon_row_is_rejected_and_good_rows_stored(
        workspace: Workspace, tmp_path: Path, bad: str, column: str, words: str) -> None:
    report = _import(workspace, tmp_path, bad)
    assert {(r.row, r.column) for r in report.rejected} == {(3, column)}  # type: ignore[attr-defined]
    reason = next(r for r in report.rejected)  # type: ignore[attr-defined]
    assert words in reason.reason_en and reason.reason_zh
    assert len(workspace.activity("ENT1", 2025)) == len(GOOD)
