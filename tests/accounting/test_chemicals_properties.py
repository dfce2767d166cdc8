"""Invariants of the chemicals feedstock carbon balance: it closes (carbon in = carbon emitted +
carbon out), it is linear in the quantities, and it does not depend on the order of records."""

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
CHEM = InventoryOptions(method="chemicals-gbt32151.10", method_edition="2015")
INPUTS = ["feedstock_anthracite", "feedstock_bituminous_coal", "feedstock_lignite",
          "feedstock_natural_gas", "feedstock_coke_oven_gas", "carbon_input_other"]
OUTPUTS = ["methanol", "urea", "carbon_product_other"]
OTHER = ["natural_gas", "bituminous_coal", "electricity_purchased", "heat_exported", "ammonia",
         "nitric_acid_high_pressure", "co2_recovered", "limestone"]
STOICHIOMETRIC_TC_PER_T = {"methanol": 0.3749, "urea": 0.2}

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
                "carbon_input_other", "carbon_product_other")):
            r = r.model_copy(update={"measured": MeasuredParameters(carbon_tc_per_unit=carbon)})
        out.append(r)
    # a plant with a year's feedstock gas and ammonia, so that output and carbon in are present
    out.append(make_record("feedstock_natural_gas", 1e4 * k, "wan_Nm3", site="S", source="feed",
                           period="2025"))
    out.append(make_record("ammonia", 1e3 * k, "t", site="S", source="NH3", period="2025"))
    return out


@given(data=rows)
def test_the_carbon_balance_closes(data: list[tuple[str, str, int, float, float]]) -> None:
    records = _records(data)
    inv = compute_inventory(ORG, 2025, records, reference_data(), CHEM)
    c_in = math.fsum(r.quantity_canonical * (r.measured.carbon_tc_per_unit or 0.0)
                     for r in records if r.item in INPUTS)
    feed = next(r for r in records if r.source == "feed")
    c_in += feed.quantity_canonical * 389.31 * 0.0153  # default natural gas carbon, unmeasured
    c_out = math.fsum(r.quantity_canonical * (r.measured.carbon_tc_per_unit
                                              if r.measured.carbon_tc_per_unit is not None
                                              else STOICHIOMETRIC_TC_PER_T[r.item])
                      for r in records if r.item in OUTPUTS)
    balance = [x for x in inv.lines if x.item in INPUTS + OUTPUTS]
    c_emitted = math.fsum(x.gas_t for x in balance) * 12 / 44
    assert c_in == pytest.approx(c_emitted + c_out, rel=1e-9)
    # every balance line is CO2 from the process, nothing else enters it
    assert all(x.gas == "CO2" and x.category == "process" for x in balance)


@given(data=rows, k=st.floats(0.01, 100.0))
def test_scaling_every_quantity_by_k_scales_emissions_by_k(
        data: list[tuple[str, str, int, float, float]], k: float) -> None:
    base = compute_inventory(ORG, 2025, _records(data, measured=False), reference_data(), CHEM)
    scaled = compute_inventory(ORG, 2025, _records(data, k, measured=False), reference_data(),
                               CHEM)
    assert scaled.co2e_t == pytest.approx(k * base.co2e_t, rel=1e-9, abs=1e-9)
    for a, b in zip(base.lines, scaled.lines, strict=True):
        assert b.co2e_t == pytest.approx(k * a.co2e_t, rel=1e-9, abs=1e-9)


@given(data=rows, seed=st.integers(0, 1000))
def test_order_does_not_matter(data: list[tuple[str, str, int, float, float]],
                               seed: int) -> None:
    records = _records(data)
    inv = compute_inventory(ORG, 2025, records, reference_data(), CHEM)
    shuffled = list(records)
    random.Random(seed).shuffle(shuffled)
    again = compute_inventory(ORG, 2025, shuffled, reference_data(), CHEM)
    assert again.model_dump_json() == inv.model_dump_json()
