"""Golden case for the power method (MEE power-facility guideline, 2022 revision), by hand.

Sources: sector_factors.csv power_coal_cc_high_default 0.03085 tC/GJ (U, DIGEST §1.3);
fuels.csv gbt32150-2015 bituminous coal OF 93 %, diesel NCV 42.652 GJ/t, CC 20.2 tC/TJ,
OF 98 %; national-ETS grid default 0.5703 tCO2/MWh for 2023-2025.
"""

from __future__ import annotations

import pytest

from greenmfg.accounting import compute_inventory
from greenmfg.errors import InputError
from greenmfg.model import InventoryOptions, Organisation
from greenmfg.refdata import ReferenceData
from tests.conftest import make_record

RTOL = 1e-9
POWER = InventoryOptions(method="power-ets", method_edition="2022")


def test_power_plant_year(enterprise: Organisation, refdata: ReferenceData) -> None:
    records = [
        # January: measured NCV 20 GJ/t, element carbon 0.52 tC/t → 0.026 tC/GJ, OF 0.99:
        # 100 000 × 20 × 0.026 × 0.99 × 44/12 = 188 760 t
        make_record("bituminous_coal", 100_000, "t", period="2024-01", source="boiler 1",
                    ncv=20.0, cc=0.52 / 20.0, ox=0.99),
        # February: NCV 21 GJ/t measured, carbon not measured → high default 0.03085 tC/GJ,
        # OF the GB/T 32150 default 0.93: 50 000 × 21 × 0.03085 × 0.93 × 44/12
        make_record("bituminous_coal", 50_000, "t", period="2024-02", source="boiler 1",
                    ncv=21.0),
        # diesel 10 t at the GB/T 32150 defaults: 10 × 42.652 × 0.0202 × 0.98 × 44/12
        make_record("diesel", 10, "t", period="2024-01"),
        # purchased start-up power 2 000 MWh × 0.5703 = 1 140.6 t
        make_record("electricity_purchased", 2_000, "MWh", period="2024-01"),
        # power sent out is the product, desulphurisation limestone is outside the sources
        make_record("electricity_exported", 900_000, "MWh", period="2024-01"),
        make_record("limestone", 5_000, "t", period="2024-01"),
        make_record("power_supplied", 900_000, "MWh", period="2024-01"),
        make_record("power_generated", 950_000, "MWh", period="2024-01"),
    ]
    inv = compute_inventory(enterprise, 2024, records, refdata, POWER)
    january = 100_000 * 20 * 0.026 * 0.99 * 44 / 12
    assert january == pytest.approx(188_760.0, rel=RTOL)
    coal = january + 50_000 * 21 * 0.03085 * 0.93 * 44 / 12
    diesel = 10 * 42.652 * 0.0202 * 0.98 * 44 / 12
    line = next(x for x in inv.lines if x.item == "bituminous_coal")
    assert line.co2e_t == pytest.approx(coal, rel=RTOL)
    assert "power_coal_cc_high_default" in {f.factor_id.split(":")[-1] for f in line.factors}
    assert "[CC: method default]" in line.formula_filled
    assert inv.co2e_t == pytest.approx(coal + diesel + 1_140.6, rel=RTOL)
    assert "exported_electricity" not in inv.by_category and "process" not in inv.by_category
    supplied = next(i for i in inv.intensities
                    if i.denominator == "power_supplied" and i.numerator == "co2e_t")
    assert supplied.value == pytest.approx((coal + diesel + 1_140.6) / 900_000, rel=RTOL)
    notes = " ".join(inv.lineage.notes)
    assert "electricity_exported not used" in notes and "limestone not used" in notes
    assert "0.03085 tC/GJ (U)" in notes


def test_fuel_burnt_with_no_power_supplied_is_an_error(enterprise: Organisation,
                                                       refdata: ReferenceData) -> None:
    records = [make_record("natural_gas", 100, "万Nm3", period="2024-01"),
               make_record("power_supplied", 0, "MWh", period="2024-01")]
    with pytest.raises(InputError, match="power_supplied / power_generated is zero"):
        compute_inventory(enterprise, 2024, records, refdata, POWER)
