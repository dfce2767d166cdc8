"""Golden cases for comprehensive energy consumption, GB/T 2589-2020, worked by hand.

Coefficients (coal_equivalents.csv): electricity 0.1229 kgce/kWh (当量值); natural gas
1.3300 kgce/m³ (38 931 kJ/m³); heat 0.03412 kgce/MJ; 1 kgce = 29.3076 MJ.
"""

from __future__ import annotations

import pytest

from greenmfg.accounting import compute_inventory
from greenmfg.model import InventoryOptions, Organisation
from greenmfg.refdata import ReferenceData
from tests.conftest import make_record

RTOL = 1e-9


def test_energy_calorific_basis(enterprise: Organisation, refdata: ReferenceData) -> None:
    recs = [
        make_record("electricity_purchased", 10_000, "MWh"),   # 1e7 kWh × 0.1229 = 1 229 tce
        make_record("natural_gas", 100, "万Nm3"),               # 1e6 m³ × 1.33 = 1 330 tce
        make_record("bituminous_coal", 1000, "t", ncv=20.5),    # 20 500 GJ / 29.3076 = 699.477…
        make_record("heat_exported", 5000, "GJ"),               # −5e6 MJ × 0.03412 = −170.6 tce
    ]
    inv = compute_inventory(enterprise, 2022, recs, refdata, InventoryOptions())
    by_item = {e.item: e.tce_calorific for e in inv.energy}
    assert by_item["electricity_purchased"] == pytest.approx(1229.0, rel=RTOL)
    assert by_item["natural_gas"] == pytest.approx(1330.0, rel=RTOL)
    assert by_item["bituminous_coal"] == pytest.approx(20500 / 29.3076, rel=RTOL)
    assert by_item["heat_exported"] == pytest.approx(-170.6, rel=RTOL)
    assert inv.energy_tce_calorific == pytest.approx(
        1229 + 1330 + 20500 / 29.3076 - 170.6, rel=RTOL)


def test_electricity_coal_equivalent_basis(enterprise: Organisation,
                                           refdata: ReferenceData) -> None:
    # 等价值 uses the year's supply coal consumption; 2024: 302.4 gce/kWh (CEC) →
    # 1 000 MWh = 1e6 kWh × 0.3024 kgce = 302.4 tce, against 122.9 tce calorific
    rec = make_record("electricity_purchased", 1000, "MWh", period="2024")
    inv = compute_inventory(enterprise, 2024, [rec], refdata, InventoryOptions())
    line = inv.energy[0]
    assert line.tce_calorific == pytest.approx(122.9, rel=RTOL)
    coefficient = next(f for f in line.factors if "coal_equivalent" in f.name)
    assert line.tce_coal_equivalent == pytest.approx(1000 * coefficient.value, rel=RTOL)
    assert 0.29 < coefficient.value < 0.32


def test_intensity_per_product_and_output_value(enterprise: Organisation,
                                                refdata: ReferenceData) -> None:
    # 1 229 tce over 5 000 t cement = 0.2458 tce/t; over 2 000 万元 = 0.6145 tce/万元
    recs = [make_record("electricity_purchased", 10_000, "MWh"),
            make_record("cement", 5000, "t"), make_record("output_value", 2000, "万元")]
    inv = compute_inventory(enterprise, 2022, recs, refdata, InventoryOptions())
    energy = {i.denominator: i.value for i in inv.intensities
              if i.numerator == "energy_tce_calorific"}
    assert energy["cement"] == pytest.approx(0.2458, rel=RTOL)
    assert energy["output_value"] == pytest.approx(0.6145, rel=RTOL)


def test_by_product_gas_sold_outside_is_deducted(enterprise: Organisation,
                                                 refdata: ReferenceData) -> None:
    # GB/T 2589-2020 counts energy supplied to others as output:
    #   coke 1 000 t × 0.9714 kgce/kg = 971.4 tce consumed
    #   blast-furnace gas sold: 100 万Nm3 = 1e6 m³ × 0.1286 kgce/m³ = 128.6 tce deducted
    #   coke-oven gas sold with a measured NCV: 10 万Nm3 × 170 GJ/万Nm3 / 29.3076 = 58.0054… tce
    recs = [make_record("coke", 1000, "t"),
            make_record("blast_furnace_gas_exported", 100, "万Nm3", source="gas export"),
            make_record("coke_oven_gas_exported", 10, "万Nm3", source="gas export", ncv=170)]
    inv = compute_inventory(enterprise, 2022, recs, refdata, InventoryOptions())
    by_item = {e.item: e for e in inv.energy}
    coke_tce = by_item["coke"].tce_calorific
    assert coke_tce == pytest.approx(971.4, rel=RTOL)
    assert by_item["blast_furnace_gas_exported"].tce_calorific == pytest.approx(-128.6, rel=RTOL)
    assert by_item["blast_furnace_gas_exported"].quantity == pytest.approx(-100, rel=RTOL)
    assert by_item["coke_oven_gas_exported"].tce_calorific == pytest.approx(-1700 / 29.3076,
                                                                             rel=RTOL)
    assert inv.energy_tce_calorific == pytest.approx(971.4 - 128.6 - 1700 / 29.3076, rel=RTOL)
    assert any("blast_furnace_gas_exported" in n and "GB/T 2589" in n for n in inv.lineage.notes)
