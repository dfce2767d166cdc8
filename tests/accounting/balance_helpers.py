"""Helpers shared by the carbon-balance tests (steel, chemicals)."""

from __future__ import annotations

from greenmfg.model import ActivityRecord, Inventory, MeasuredParameters
from tests.conftest import make_record


def balance_record(item: str, quantity: float, unit: str = "t", *, site: str,
                   source: str, period: str = "2025-01",
                   carbon: float | None = None) -> ActivityRecord:
    """An activity row, with a measured carbon content per unit when ``carbon`` is given."""
    record = make_record(item, quantity, unit, period=period, site=site, source=source)
    if carbon is None:
        return record
    return record.model_copy(update={"measured": MeasuredParameters(carbon_tc_per_unit=carbon)})


def item_total(inv: Inventory, item: str) -> float:
    """The CO2e of an item's lines in an inventory, t."""
    return sum(x.co2e_t for x in inv.lines if x.item == item)
