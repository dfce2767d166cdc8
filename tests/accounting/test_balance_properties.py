"""Invariants of the carbon mass balances (steel GB/T 32151.5, chemicals GB/T 32151.10): the
balance closes (carbon in = carbon emitted + carbon out), it is linear in the quantities, and
it does not depend on the order of the records."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.accounting import compute_inventory
from greenmfg.model import ActivityRecord, InventoryOptions, MeasuredParameters, Organisation, OrgKind
from greenmfg.refdata import reference_data
from tests.conftest import make_record

ORG = Organisation(code="ENT1", name="e", kind=OrgKind.ENTERPRISE, region_code="150200")


@dataclass(frozen=True)
class Case:
    """A balance method, its items, and a year anchor row (carbon in, unmeasured) and output."""

    options: InventoryOptions
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    other: tuple[str, ...]
    always_measured: tuple[str, ...]
    default_out_tc_per_t: dict[str, float]
    anchor: tuple[str, float, str, float]  # item, quantity, unit, default tC per unit
    product: str


STEEL = Case(
    InventoryOptions(method="steel-gbt32151.5", method_edition="2015"),
    ("coke", "washed_coal", "anthracite", "limestone", "dolomite", "electrode",
     "pig_iron_purchased", "dri", "scrap_steel", "carbon_input_other"),
    ("crude_steel", "pig_iron_sold", "carbon_product_other", "coke_oven_gas_exported",
     "converter_gas_exported"),
    ("natural_gas", "diesel", "electricity_purchased", "heat_exported"),
    ("scrap_steel", "carbon_input_other", "carbon_product_other"),
    # NDRC steel default 0.0154 tCO2/t × 12/44 (only crude steel is ever unmeasured here)
    {"crude_steel": 0.0154 * 12 / 44},
    ("coke", 1e5, "t", 28.435 * 0.0295),  # coke NCV 28.435 GJ/t × CC 0.0295 tC/GJ
    "crude_steel",
)
CHEMICALS = Case(
    InventoryOptions(method="chemicals-gbt32151.10", method_edition="2015"),
    ("feedstock_anthracite", "feedstock_bituminous_coal", "feedstock_lignite",
     "feedstock_natural_gas", "feedstock_coke_oven_gas", "carbon_input_other"),
    ("methanol", "urea", "carbon_product_other"),
    ("natural_gas", "bituminous_coal", "electricity_purchased", "heat_exported", "ammonia",
     "nitric_acid_high_pressure", "co2_recovered", "limestone"),
    ("carbon_input_other", "carbon_product_other"),
    {"methanol": 0.3749, "urea": 0.2},  # stoichiometric tC/t
    ("feedstock_natural_gas", 1e4, "wan_Nm3", 389.31 * 0.0153),  # NCV × CC, tC/10^4 Nm³
    "ammonia",
)
CASES = pytest.mark.parametrize("case", [STEEL, CHEMICALS], ids=["steel", "chemicals"])
Row = tuple[str, str, int, float, float]
rows = st.lists(
    st.tuples(st.integers(0, 1000), st.sampled_from(["A", "B"]), st.integers(1, 12),
              st.floats(1.0, 1e5), st.floats(0.001, 0.9)),
    min_size=1, max_size=30)


def _rows(case: Case, drawn: list[tuple[int, str, int, float, float]]) -> list[Row]:
    """Map drawn indices onto the case's items, one row per (item, source, month)."""
    items = (*case.inputs, *case.outputs, *case.other)
    out: dict[tuple[str, str, int], Row] = {}
    for index, source, month, qty, carbon in drawn:
        item = items[index % len(items)]
        out.setdefault((item, source, month), (item, source, month, qty, carbon))
    return list(out.values())


def _records(case: Case, data: list[Row], k: float = 1.0, *,
             measured: bool = True) -> list[ActivityRecord]:
    refdata = reference_data()
    out = []
    for item, source, month, qty, carbon in data:
        unit = refdata.items[item].canonical_unit
        # outputs carry a hundredth of the quantity so that carbon in exceeds carbon out
        q = qty * k * (0.01 if item in case.outputs else 1.0)
        r = make_record(item, q, unit, site="S", source=source, period=f"2025-{month:02d}")
        if item in (*case.inputs, *case.outputs) and (measured or item in case.always_measured):
            r = r.model_copy(update={"measured": MeasuredParameters(carbon_tc_per_unit=carbon)})
        out.append(r)
    # a year's anchor input and product, so that output and carbon in are never missing
    item, qty, unit, _ = case.anchor
    out.append(make_record(item, qty * k, unit, site="S", source="anchor", period="2025"))
    out.append(make_record(case.product, 1e3 * k, "t", site="S", source="product",
                           period="2025"))
    return out


@CASES
@given(drawn=rows)
def test_the_carbon_balance_closes(case: Case,
                                   drawn: list[tuple[int, str, int, float, float]]) -> None:
    records = _records(case, _rows(case, drawn))
    inv = compute_inventory(ORG, 2025, records, reference_data(), case.options)
    c_in = math.fsum(r.quantity_canonical * (r.measured.carbon_tc_per_unit or 0.0)
                     for r in records if r.item in case.inputs and r.source != "anchor")
    anchor = next(r for r in records if r.source == "anchor")
    c_in += anchor.quantity_canonical * case.anchor[3]
    c_out = math.fsum(r.quantity_canonical * (r.measured.carbon_tc_per_unit
                                              if r.measured.carbon_tc_per_unit is not None
                                              else case.default_out_tc_per_t[r.item])
                      for r in records if r.item in case.outputs)
    balance = [x for x in inv.lines if x.item in (*case.inputs, *case.outputs)
               and x.category == "process" and x.gas == "CO2"]
    c_emitted = math.fsum(x.gas_t for x in balance) * 12 / 44
    assert c_in == pytest.approx(c_emitted + c_out, rel=1e-9)


@CASES
@given(drawn=rows, k=st.floats(0.01, 100.0))
def test_scaling_every_quantity_by_k_scales_emissions_by_k(
        case: Case, drawn: list[tuple[int, str, int, float, float]], k: float) -> None:
    data = _rows(case, drawn)
    base = compute_inventory(ORG, 2025, _records(case, data, measured=False), reference_data(),
                             case.options)
    scaled = compute_inventory(ORG, 2025, _records(case, data, k, measured=False),
                               reference_data(), case.options)
    assert scaled.co2e_t == pytest.approx(k * base.co2e_t, rel=1e-9, abs=1e-9)
    for a, b in zip(base.lines, scaled.lines, strict=True):
        assert b.co2e_t == pytest.approx(k * a.co2e_t, rel=1e-9, abs=1e-9)


@CASES
@given(drawn=rows, seed=st.integers(0, 1000))
def test_order_does_not_matter(case: Case, drawn: list[tuple[int, str, int, float, float]],
                               seed: int) -> None:
    records = _records(case, _rows(case, drawn))
    inv = compute_inventory(ORG, 2025, records, reference_data(), case.options)
    shuffled = list(records)
    random.Random(seed).shuffle(shuffled)
    again = compute_inventory(ORG, 2025, shuffled, reference_data(), case.options)
    assert again.model_dump_json() == inv.model_dump_json()
