"""Carbon balances of the factor-based sector methods (the steel and chemicals balances are in
test_balance_properties.py, the anode balance in test_sector_properties.py):

- cement, GB/T 32151.8-2015: the carbon of the carbonates decomposed — clinker, kiln dust and
  bypass dust × ((CaO − CaO_nc) × 12/56 + (MgO − MgO_nc) × 12/40), plus raw-meal organic
  carbon — equals the carbon emitted, CO2 × 12/44 (the method's own stoichiometry);
- power: carbon in the coal (FC × NCV × CC) equals the carbon emitted (CO2 × 12/44) plus the
  carbon left unoxidised in ash and slag (FC × NCV × CC × (1 − OF)).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.accounting import compute_inventory
from greenmfg.model import InventoryOptions, Organisation, OrgKind
from greenmfg.refdata import reference_data
from tests.conftest import make_record

ORG = Organisation(code="ENT1", name="e", kind=OrgKind.ENTERPRISE, region_code="150200")
CEMENT_2015 = InventoryOptions(method="cement-gbt32151.8", method_edition="2015")
POWER = InventoryOptions(method="power-ets", method_edition="2022")
amount = st.floats(1.0, 1e6)


@given(clinker=amount, ckd=st.floats(0.0, 1e4), bypass=st.floats(0.0, 1e4),
       raw_meal=st.floats(0.0, 1e6), cao=st.floats(0.5, 0.68), mgo=st.floats(0.0, 0.05),
       cao_nc=st.floats(0.0, 0.05), mgo_nc=st.floats(0.0, 0.01), toc=st.floats(0.0, 0.005))
def test_cement_carbonate_carbon_balance_closes(clinker: float, ckd: float, bypass: float,
                                                raw_meal: float, cao: float, mgo: float,
                                                cao_nc: float, mgo_nc: float,
                                                toc: float) -> None:
    mgo_nc = min(mgo_nc, mgo)
    kiln = {"site": "KILN", "source": "kiln 1"}
    records = [make_record("clinker", clinker, "t", period="2025-01", **kiln),
               make_record("kiln_dust", ckd, "t", period="2025-01", **kiln),
               make_record("bypass_dust", bypass, "t", period="2025-01", **kiln),
               make_record("raw_meal", raw_meal, "t", period="2025-01", **kiln)]
    records += [make_record(item, value, "fraction", period="2025", **kiln)
                for item, value in (("clinker_cao", cao), ("clinker_mgo", mgo),
                                    ("clinker_cao_noncarbonate", cao_nc),
                                    ("clinker_mgo_noncarbonate", mgo_nc),
                                    ("raw_meal_organic_carbon", toc))]
    inv = compute_inventory(ORG, 2025, records, reference_data(), CEMENT_2015)
    carbon_in = ((clinker + ckd + bypass) * ((cao - cao_nc) * 12 / 56 + (mgo - mgo_nc) * 12 / 40)
                 + raw_meal * toc)
    carbon_emitted = math.fsum(x.gas_t for x in inv.lines if x.category.value == "process") * 12 / 44
    assert carbon_emitted == pytest.approx(carbon_in, rel=1e-9, abs=1e-9)


@given(coal_t=amount, ncv=st.floats(15.0, 30.0), carbon_tc_per_t=st.floats(0.35, 0.8),
       oxidation=st.floats(0.85, 1.0))
def test_power_coal_carbon_balance_closes(coal_t: float, ncv: float, carbon_tc_per_t: float,
                                          oxidation: float) -> None:
    cc = carbon_tc_per_t / ncv  # measured element carbon per unit heat
    records = [make_record("bituminous_coal", coal_t, "t", period="2025-01", ncv=ncv, cc=cc,
                           ox=oxidation),
               make_record("power_supplied", 1_000, "MWh", period="2025-01")]
    inv = compute_inventory(ORG, 2025, records, reference_data(), POWER)
    carbon_in = coal_t * ncv * cc
    emitted = next(x.gas_t for x in inv.lines if x.item == "bituminous_coal") * 12 / 44
    unoxidised = carbon_in * (1 - oxidation)
    assert emitted + unoxidised == pytest.approx(carbon_in, rel=1e-9)
