"""Invariants of the sector methods: linear in the quantities, additive over lines, order-free,
and the anode carbon balance (carbon in net anodes = carbon emitted as CO2)."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.accounting import compute_inventory
from greenmfg.model import ActivityRecord, InventoryOptions, Organisation, OrgKind
from greenmfg.refdata import reference_data
from tests.conftest import make_record

ORG = Organisation(code="ENT1", name="e", kind=OrgKind.ENTERPRISE, region_code="150200")
CEMENT = InventoryOptions(method="cement-ets", method_edition="2024")
CEMENT_2015 = InventoryOptions(method="cement-gbt32151.8", method_edition="2015")
ALUMINIUM = InventoryOptions(method="aluminium-ets", method_edition="2024")
POWER = InventoryOptions(method="power-ets", method_edition="2022")

QUANTITY_ITEMS = ["clinker", "clinker_white", "steel_slag", "carbide_slag", "limestone",
                  "diesel", "electricity_purchased", "kiln_dust", "raw_meal",
                  "primary_aluminium", "carbon_anode", "natural_gas", "bituminous_coal"]
PARAMETERS = [("clinker_cao", 0.65, "fraction"), ("clinker_mgo", 0.02, "fraction"),
              ("raw_meal_organic_carbon", 0.002, "fraction"), ("anode_sulphur", 0.018, "fraction"),
              ("anode_effect_minutes", 0.2, "min")]

rows = st.lists(
    st.tuples(st.sampled_from(QUANTITY_ITEMS), st.sampled_from(["kiln 1", "kiln 2"]),
              st.integers(1, 12), st.floats(1.0, 1e5, allow_nan=False)),
    min_size=1, max_size=30, unique_by=lambda r: r[:3])


def _records(data: list[tuple[str, str, int, float]], k: float = 1.0) -> list[ActivityRecord]:
    out = [make_record(item, qty * k, reference_data().items[item].canonical_unit, site="S",
                       source=source, period=f"2025-{month:02d}")
           for item, source, month, qty in data]
    # every source produces clinker and aluminium in January so that no row is orphaned
    for source in ("kiln 1", "kiln 2"):
        for item in ("clinker", "primary_aluminium", "power_supplied"):
            if not any(r.item == item and r.source == source and r.period == "2025-01"
                       for r in out):
                unit = reference_data().items[item].canonical_unit
                out.append(make_record(item, 1_000 * k, unit, site="S", source=source,
                                       period="2025-01"))
        out.extend(make_record(item, value, unit, site="S", source=source, period="2025")
                   for item, value, unit in PARAMETERS)
    return out


@pytest.mark.parametrize("options", [CEMENT, CEMENT_2015, ALUMINIUM, POWER])
@given(data=rows, k=st.floats(0.01, 100.0))
def test_scaling_every_quantity_by_k_scales_emissions_by_k(
        options: InventoryOptions, data: list[tuple[str, str, int, float]], k: float) -> None:
    base = compute_inventory(ORG, 2025, _records(data), reference_data(), options)
    scaled = compute_inventory(ORG, 2025, _records(data, k), reference_data(), options)
    assert scaled.co2e_t == pytest.approx(k * base.co2e_t, rel=1e-9)
    for a, b in zip(base.lines, scaled.lines, strict=True):
        assert b.co2e_t == pytest.approx(k * a.co2e_t, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("options", [CEMENT, CEMENT_2015, ALUMINIUM, POWER])
@given(data=rows, seed=st.integers(0, 1000))
def test_lines_add_up_and_order_does_not_matter(
        options: InventoryOptions, data: list[tuple[str, str, int, float]], seed: int) -> None:
    records = _records(data)
    inv = compute_inventory(ORG, 2025, records, reference_data(), options)
    scale = max(1.0, sum(abs(x.co2e_t) for x in inv.lines))
    for parts in (inv.by_category.values(), inv.by_month.values(), inv.by_gas.values(),
                  [x.co2e_t for x in inv.lines]):
        assert math.fsum(parts) == pytest.approx(inv.co2e_t, rel=1e-12, abs=1e-12 * scale)
    shuffled = list(records)
    random.Random(seed).shuffle(shuffled)
    again = compute_inventory(ORG, 2025, shuffled, reference_data(), options)
    assert again.model_dump_json() == inv.model_dump_json()


@given(anode_t=st.floats(0.1, 1e5), sulphur=st.floats(0.0, 0.05), ash=st.floats(0.0, 0.02))
def test_anode_carbon_balance_closes(anode_t: float, sulphur: float, ash: float) -> None:
    # carbon in = anode mass less sulphur and ash; carbon out = CO2 × 12/44 (nothing else
    # leaves the cell as carbon in this method)
    records = [make_record("primary_aluminium", anode_t / 0.41, "t", period="2025-01"),
               make_record("carbon_anode", anode_t, "t", period="2025-01"),
               make_record("anode_sulphur", sulphur, "fraction", period="2025"),
               make_record("anode_ash", ash, "fraction", period="2025")]
    inv = compute_inventory(ORG, 2025, records, reference_data(), ALUMINIUM)
    carbon_in_t = anode_t * (1 - sulphur - ash)
    carbon_emitted_t = next(x.gas_t for x in inv.lines if x.item == "carbon_anode") * 12 / 44
    assert carbon_emitted_t == pytest.approx(carbon_in_t, rel=1e-12)
