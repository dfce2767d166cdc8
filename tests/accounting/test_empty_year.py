"""An inventory of a year without records says so (regression: it read as zero emissions)."""

from __future__ import annotations

from greenmfg.accounting import compute_inventory
from greenmfg.model import InventoryOptions, Organisation
from greenmfg.refdata import ReferenceData
from tests.conftest import make_record


def test_a_year_without_records_carries_a_note(enterprise: Organisation,
                                               refdata: ReferenceData) -> None:
    records = [make_record("diesel", 10, "t", period="2025-01")]
    empty = compute_inventory(enterprise, 1990, records, refdata, InventoryOptions())
    assert (empty.co2e_t, empty.energy_tce_calorific) == (0.0, 0.0)
    assert any(n.startswith(f"no activity records of {enterprise.code} for 1990") and
               "年没有活动数据记录" in n for n in empty.lineage.notes)
    filled = compute_inventory(enterprise, 2025, records, refdata, InventoryOptions())
    assert not any("no activity records" in n for n in filled.lineage.notes)
