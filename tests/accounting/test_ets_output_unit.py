"""The ETS output is stated in its item's unit in every allocation year (regression)."""

from __future__ import annotations

import pytest

from greenmfg.accounting import compute_inventory, ets_compliance, sector
from greenmfg.model import InventoryOptions, Organisation
from greenmfg.refdata import ReferenceData
from tests.conftest import make_record

ETS = InventoryOptions(method="cement-ets", method_edition="2024")


@pytest.mark.parametrize("year", [2024, 2025])
def test_output_unit_is_the_items_unit(enterprise: Organisation, refdata: ReferenceData,
                                       year: int) -> None:
    """2024 (allowances = verified emissions) gave ``output_unit`` "t verified", the
    denominator of the rule's unit "t allowance/t verified", instead of t of clinker."""
    records = [make_record("clinker", 10_000, "t", period=f"{year}-01", site="K",
                           source="kiln")]
    inv = compute_inventory(enterprise, year, records, refdata, ETS)
    result = ets_compliance(inv, records, refdata, sector("cement"))
    assert (result.lineage.output_item, result.lineage.output_t,
            result.lineage.output_unit) == ("clinker", 10_000, "t")
