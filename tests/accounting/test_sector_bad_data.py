"""Bad sector data across every sector method: a year with energy use and no output is refused
with a clear error (both languages, naming the method and the output), and nothing else is
lost: the stored rows stay, other enterprises still compute, and the enterprise computes once
its output is recorded. (CaO above 1, negative anodes and PFC data are checked at ingest,
tests/ingest/test_sector_rows.py, and in the aluminium and cement golden tests.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from greenmfg.accounting import METHODS, compute_inventory
from greenmfg.accounting.method import Method
from greenmfg.errors import InputError
from greenmfg.model import InventoryOptions, Organisation
from greenmfg.refdata import ReferenceData
from greenmfg.workspace import Workspace
from tests.conftest import make_record

SECTOR_METHODS = [m for m in METHODS if m.code != "gbt32150"]
OUTPUT = {"cement-ets": "clinker", "cement-gbt32151.8": "clinker",
          "aluminium-ets": "primary_aluminium", "power-ets": "power_supplied",
          "steel-gbt32151.5": "crude_steel", "chemicals-gbt32151.10": "ammonia"}


def test_every_sector_method_is_covered() -> None:
    assert set(OUTPUT) == {m.code for m in SECTOR_METHODS}


@pytest.mark.parametrize("method", SECTOR_METHODS, ids=lambda m: m.method_id)
@pytest.mark.parametrize("output_row", [True, False], ids=["output 0", "no output row"])
def test_output_of_zero_with_energy_use_is_an_error(
        method: Method, output_row: bool, enterprise: Organisation,
        refdata: ReferenceData) -> None:
    item = OUTPUT[method.code]
    records = [make_record("electricity_purchased", 5_000, "MWh", period="2025-01"),
               make_record("diesel", 10, "t", period="2025-02")]
    if output_row:
        records.append(make_record(item, 0, refdata.items[item].canonical_unit,
                                   period="2025-01"))
    options = InventoryOptions(method=method.code, method_edition=method.edition)
    with pytest.raises(InputError, match="is zero") as exc:
        compute_inventory(enterprise, 2025, records, refdata, options)
    assert item in exc.value.message_en and method.method_id in exc.value.message_en
    assert exc.value.message_zh and "产量为零" in exc.value.message_zh


HEADER = "org_code,site,source,item,period,quantity,unit\n"


def test_a_refused_year_loses_nothing(workspace: Workspace, tmp_path: Path) -> None:
    # ENT1 (cement) burnt coal in 2025 but recorded no clinker; ENT2 (aluminium) is complete.
    rows = ["ENT1,KILN,kiln 1,bituminous_coal,2025-01,1000,t",
            "ENT1,KILN,kiln 1,electricity_purchased,2025-01,500,MWh",
            "ENT2,POT,potline,primary_aluminium,2025-01,100,t",
            "ENT2,POT,potline,electricity_purchased,2025-01,1330,MWh"]
    path = tmp_path / "plants.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    report = workspace.import_file(path)
    assert not report.rejected  # type: ignore[attr-defined]
    cement = workspace.method_options("cement-ets-2024")
    with pytest.raises(InputError, match="output of clinker"):
        workspace.inventory("ENT1", 2025, cement)
    assert len(workspace.activity("ENT1", 2025)) == 2  # the stored rows stay
    aluminium = workspace.inventory("ENT2", 2025, workspace.method_options("aluminium-ets-2024"))
    # anodes by default: 100 t × 0.411 × (1 − 0.02 − 0.004) × 44/12 = 147.0832 t CO2
    anode = next(x for x in aluminium.lines if x.item == "carbon_anode")
    assert anode.co2e_t == pytest.approx(100 * 0.411 * 0.976 * 44 / 12, rel=1e-9)
    # once the output is recorded, the same year computes
    more = tmp_path / "clinker.csv"
    more.write_text(HEADER + "ENT1,KILN,kiln 1,clinker,2025-01,800,t\n", encoding="utf-8")
    workspace.import_file(more)
    inventory = workspace.inventory("ENT1", 2025, cement)
    clinker = next(x for x in inventory.lines if x.item == "clinker")
    assert clinker.co2e_t == pytest.approx(800 * 0.535, rel=1e-9)
