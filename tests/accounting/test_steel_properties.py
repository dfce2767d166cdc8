"""Invariants of the steel carbon balance: it closes (carbon in = carbon emitted + carbon out),
it is linear in the quantities, and it does not depend on the order of the records."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.accounting import compute_inventory
from greenmfg.model import ActivityRecord, InventoryOptions, MeasuredParameters, Organisation, OrgKind
from greenmfg.refdata import reference_data
from tests.conftest import make_record

ORG = Organisation(code="ENT1", name="e", kind=OrgKind.ENTERPRISE, region_code="150200")
STEEL = InventoryOptions(method="steel-gbt32151.5", method_edition="2015")
INPUTS = ["coke", "washed_coal", "anthracite", "limestone", "dolomite", "electrode",
          "pig_iron_purchased", "dri", "scrap_steel", "carbon_input_other"]
OUTPUTS = ["crude_steel", "pig_iron_sold", "carbon_product_other", "coke_oven_gas_exported",
           "converter_gas_exported"]
OTHER = ["natural_gas", "diesel", "electricity_purchased", "heat_exported"]

rows = st.lists(
    st.tuples(st.sampled_from(INPUTS + OUTPUTS + OTHER), st.sampled_from(["A", "B"]),
              st.integers(1, 12), st.floats(1.0, 1e5), st.floats(0.001, 0.9)),
    min_size=1, max_size=30, unique_by=lambda r: r[:3])


def _records(data: list[tuple[str, str, int, float, float]], k: float = 1.0, *,
             measured: bool = True) -> list[ActivityRecord]:
    refdata = reference_data()
    out = []
    for item, source, month, qty, carbon in data:
        unit = refdata.items[item].canonical_unit
        # outputs carry a hundredth of the quantity so that carbon in exceeds carbon out
        q = qty * k * (0.01 if item in OUTPUTS else 1.0)
        r = make_record(item, q, unit, site="S", source=source, period=f"2025-{month:02d}")
        if item in INPUTS + OUTPUTS and (measured or item in (
                "scrap_steel", "carbon_input_other", "carbon_product_other")):
            r = r.model_copy(update={"measured": MeasuredParameters(carbon_tc_per_unit=carbon)})
        out.append(r)
    # a mill with a year's coke and crude steel, so that output and carbon in are never missing
    out.append(make_record("coke", 1e5 * k, "t", site="S", source="BF", period="2025"))
    out.append(make_record("crude_steel", 1e3 * k, "t", site="S", source="BOF", period="2025"))
    return out


@given(data=rows)
def test_the_carbon_balance_closes(data: list[tuple[str, str, int, float, float]]) -> None:
    records = _records(data)
    inv = compute_inventory(ORG, 2025, records, reference_data(), STEEL)
    refdata = reference_data()
    c_in = math.fsum(r.quantity_canonical * (r.measured.carbon_tc_per_unit or 0.0)
                     for r in records if r.item in INPUTS)
    coke = next(r for r in records if r.source == "BF")
    c_in += coke.quantity_canonical * 28.435 * 0.0295  # default coke carbon, no measurement
    c_out = math.fsum(r.quantity_canonical * (r.measured.carbon_tc_per_unit
                                              if r.measured.carbon_tc_per_unit is not None
                                              else 0.0154 * 12 / 44)
                      for r in records if r.item in OUTPUTS)
    balance = [x for x in inv.lines if x.item in INPUTS + OUTPUTS]
    c_emitted = math.fsum(x.gas_t for x in balance) * 12 / 44
    assert c_in == pytest.approx(c_emitted + c_out, rel=1e-9)
    assert all(refdata.items[x.item].code not in OTHER for x in balance)


@given(data=rows, k=st.floats(0.01, 100.0))
def test_scaling_every_quantity_by_k_scales_emissions_by_k(
        data: list[tuple[str, str, int, float, float]], k: float) -> None:
    base = compute_inventory(ORG, 2025, _records(data, measured=False), reference_data(), STEEL)
    scaled = compute_inventory(ORG, 2025, _records(data, k, measured=False), reference_data(),
                               STEEL)
    assert scaled.co2e_t == pytest.approx(k * base.co2e_t, rel=1e-9)
    for a, b in zip(base.lines, scaled.lines, strict=True):
        assert b.co2e_t == pytest.approx(k * a.co2e_t, rel=1e-9, abs=1e-9)


@given(data=rows, seed=st.integers(0, 1000))
def test_order_does_not_matter(data: list[tuple[str, str, int, float, float]],
                               seed: int) -> None:
    records = _records(data)
    inv = compute_inventory(ORG, 2025, records, reference_data(), STEEL)
    shuffled = list(records)
    random.Random(seed).shuffle(shuffled)
    again = compute_inventory(ORG, 2025, shuffled, reference_data(), STEEL)
    assert again.model_dump_json() == inv.model_dump_json()
