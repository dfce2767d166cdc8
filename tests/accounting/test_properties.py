"""Invariants: inventories add up over sources, sites and months; units do not change results."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.accounting import compute_inventory
from greenmfg.model import InventoryOptions, Organisation, OrgKind
from greenmfg.refdata import reference_data
from greenmfg.units import convert
from tests.conftest import make_record

ORG = Organisation(code="ENT1", name="e", kind=OrgKind.ENTERPRISE, region_code="320500")
ITEMS = ["natural_gas", "bituminous_coal", "diesel", "electricity_purchased",
         "heat_purchased", "heat_exported", "limestone", "sf6_release", "co2_recovered"]

records = st.lists(
    st.tuples(st.sampled_from(ITEMS), st.sampled_from(["S1", "S2"]),
              st.sampled_from(["a", "b", "c"]), st.integers(1, 12),
              st.floats(0, 1e5, allow_nan=False, allow_infinity=False)),
    min_size=1, max_size=40, unique_by=lambda r: r[:4])


def _build(rows: list[tuple[str, str, str, int, float]]) -> list:  # type: ignore[type-arg]
    return [make_record(item, qty, reference_data().items[item].canonical_unit, site=site,
                        source=src, period=f"2023-{month:02d}")
            for item, site, src, month, qty in rows]


@given(rows=records)
def test_totals_add_up_over_sources_sites_months_and_categories(
        rows: list[tuple[str, str, str, int, float]]) -> None:
    inv = compute_inventory(ORG, 2023, _build(rows), reference_data())
    scale = max(1.0, sum(abs(x.co2e_t) for x in inv.lines))
    for parts in (inv.by_category.values(), inv.by_site.values(), inv.by_month.values(),
                  inv.by_gas.values(), [s.co2e_t for s in inv.by_source],
                  [x.co2e_t for x in inv.lines]):
        assert math.fsum(parts) == pytest.approx(inv.co2e_t, rel=1e-12, abs=1e-9 * scale)
    assert inv.scope1_co2e_t + inv.scope2_location_co2e_t + inv.by_category.get(
        "exported_heat", 0.0) == pytest.approx(inv.co2e_t, rel=1e-12, abs=1e-9 * scale)


@given(rows=records)
def test_inventory_of_union_is_sum_of_inventories(
        rows: list[tuple[str, str, str, int, float]]) -> None:
    recs = _build(rows)
    half = len(recs) // 2
    whole = compute_inventory(ORG, 2023, recs, reference_data())
    a = compute_inventory(ORG, 2023, recs[:half], reference_data())
    b = compute_inventory(ORG, 2023, recs[half:], reference_data())
    assert whole.co2e_t == pytest.approx(a.co2e_t + b.co2e_t, rel=1e-9, abs=1e-6)
    assert whole.energy_tce_calorific == pytest.approx(
        a.energy_tce_calorific + b.energy_tce_calorific, rel=1e-9, abs=1e-6)


@given(qty=st.floats(0.001, 1e6), month=st.integers(1, 12))
@pytest.mark.parametrize(("item", "label_a", "label_b"), [
    ("bituminous_coal", "t", "kg"),
    ("electricity_purchased", "万kWh", "MWh"),
    ("electricity_purchased", "kWh", "万千瓦时"),
    ("natural_gas", "万Nm3", "m3"),
    ("heat_purchased", "GJ", "MJ"),
])
def test_expressing_an_input_in_another_unit_changes_nothing(
        item: str, label_a: str, label_b: str, qty: float, month: int) -> None:
    canonical = reference_data().items[item].canonical_unit
    in_a = convert(qty, label_a, canonical)
    qty_b = convert(qty, label_a, label_b)
    in_b = convert(qty_b, label_b, canonical)
    ra = make_record(item, qty, label_a, canonical=in_a, period=f"2023-{month:02d}")
    rb = make_record(item, qty_b, label_b, canonical=in_b, period=f"2023-{month:02d}")
    a = compute_inventory(ORG, 2023, [ra], reference_data(), InventoryOptions())
    b = compute_inventory(ORG, 2023, [rb], reference_data(), InventoryOptions())
    assert b.co2e_t == pytest.approx(a.co2e_t, rel=1e-12)
    assert b.energy_tce_calorific == pytest.approx(a.energy_tce_calorific, rel=1e-12)
