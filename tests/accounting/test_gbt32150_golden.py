"""Golden cases for GB/T 32150-2015, each worked out by hand from the standard's formulas.

Source of every expected value: the calculation written beside it (GB/T 32150-2015 clause 6:
fuel E = AD × NCV × CC × OF × 44/12; electricity E = AD × EF; heat E = AD × EF), with the
packaged default factors quoted in the comment (fuels.csv edition gbt32150-2015, MEE/NBS 2022
national electricity factor 0.5366 tCO2/MWh and residual-mix 0.5856, heat 0.11 tCO2/GJ,
IPCC 2006 calcite 0.43971).
"""

from __future__ import annotations

import pytest

from greenmfg.accounting import compute_inventory
from greenmfg.model import Category, InventoryOptions, Organisation
from greenmfg.refdata import ReferenceData
from tests.conftest import make_record

RTOL = 1e-9
NATIONAL = InventoryOptions(grid_level="national")


def test_coal_boiler_with_measured_parameters(enterprise: Organisation,
                                              refdata: ReferenceData) -> None:
    # 1 000 t bituminous coal, measured NCV 20.5 GJ/t, CC 26.2 tC/TJ = 0.0262 tC/GJ, OF 95 %:
    # 1000 × 20.5 = 20 500 GJ; × 0.0262 = 537.1 tC; × 0.95 = 510.245 tC oxidised;
    # × 44/12 = 1 870.898333… tCO2
    rec = make_record("bituminous_coal", 1000, "t", ncv=20.5, cc=0.0262, ox=0.95)
    inv = compute_inventory(enterprise, 2022, [rec], refdata, NATIONAL)
    assert inv.co2e_t == pytest.approx(510.245 * 44 / 12, rel=RTOL)
    assert inv.co2e_t == pytest.approx(1870.8983333333333, rel=RTOL)
    assert inv.scope1_co2e_t == pytest.approx(1870.8983333333333, rel=RTOL)
    line = inv.lines[0]
    assert line.category is Category.FUEL_COMBUSTION
    assert line.factors[-1].dataset == "gwp"  # measured NCV/CC/OF: only the GWP is a factor
    assert "measured: ncv, carbon_content, oxidation_rate" in line.formula_filled


def test_natural_gas_with_default_parameters(enterprise: Organisation,
                                             refdata: ReferenceData) -> None:
    # 100 × 10^4 Nm³ natural gas, GB/T 32150 defaults NCV 389.31 GJ/10^4 Nm³, CC 15.3 tC/TJ,
    # OF 99 %: 100 × 389.31 = 38 931 GJ; × 0.0153 = 595.6443 tC; × 0.99 = 589.687857 tC;
    # × 44/12 = 2 162.188809 tCO2
    rec = make_record("natural_gas", 100, "万Nm3")
    inv = compute_inventory(enterprise, 2022, [rec], refdata, NATIONAL)
    assert inv.co2e_t == pytest.approx(589.687857 * 44 / 12, rel=RTOL)
    # the NDRC-guideline edition has CC 15.32 tC/TJ: 38 931 × 0.01532 × 0.99 × 44/12
    ndrc = compute_inventory(enterprise, 2022, [rec], refdata,
                             InventoryOptions(grid_level="national", fuel_edition="ndrc-2013"))
    assert ndrc.co2e_t == pytest.approx(38931 * 0.01532 * 0.99 * 44 / 12, rel=RTOL)
    assert {f.edition for f in ndrc.lines[0].factors} >= {"ndrc-2013"}


def test_purchased_electricity_2022_national_factor(enterprise: Organisation,
                                                    refdata: ReferenceData) -> None:
    # 1 000 万kWh = 10 000 MWh × 0.5366 tCO2/MWh (MEE/NBS 2022 national) = 5 366 tCO2
    rec = make_record("electricity_purchased", 1000, "万kWh", canonical=10_000)
    inv = compute_inventory(enterprise, 2022, [rec], refdata, NATIONAL)
    assert inv.scope2_location_co2e_t == pytest.approx(5366.0, rel=RTOL)
    assert inv.co2e_t == pytest.approx(5366.0, rel=RTOL)
    assert inv.scope1_co2e_t == 0
    factor = next(f for f in inv.lines[0].factors if f.dataset == "electricity_co2")
    assert factor.value == 0.5366
    assert factor.edition == "mee-nbs-2022"


def test_exported_heat_is_deducted(enterprise: Organisation, refdata: ReferenceData) -> None:
    # purchased 8 000 GJ × 0.11 = 880 t; exported 5 000 GJ × 0.11 = 550 t deducted:
    # GB/T 32150 total 880 − 550 = 330 tCO2; GHG Protocol scope 2 stays gross at 880 t
    recs = [make_record("heat_purchased", 8000, "GJ"),
            make_record("heat_exported", 5000, "GJ")]
    inv = compute_inventory(enterprise, 2022, recs, refdata, NATIONAL)
    assert inv.by_category[Category.EXPORTED_HEAT.value] == pytest.approx(-550.0, rel=RTOL)
    assert inv.co2e_t == pytest.approx(330.0, rel=RTOL)
    assert inv.scope2_location_co2e_t == pytest.approx(880.0, rel=RTOL)


def test_market_based_with_certificates_covering_part(enterprise: Organisation,
                                                      refdata: ReferenceData) -> None:
    # 10 000 MWh consumed, certificates 3 000 MWh: 7 000 MWh × 0.5856 (2022 residual mix)
    # = 4 099.2 tCO2 market-based; location-based 10 000 × 0.5366 = 5 366 tCO2
    recs = [make_record("electricity_purchased", 10_000, "MWh"),
            make_record("green_certificate", 3_000, "MWh")]
    inv = compute_inventory(enterprise, 2022, recs, refdata, NATIONAL)
    assert inv.scope2_market_co2e_t == pytest.approx(4099.2, rel=RTOL)
    assert inv.scope2_location_co2e_t == pytest.approx(5366.0, rel=RTOL)
    assert inv.market_based.covered_mwh == 3000
    # certificates never cover more than the electricity consumed
    over = [make_record("electricity_purchased", 1_000, "MWh"),
            make_record("green_certificate", 1_500, "MWh")]
    inv2 = compute_inventory(enterprise, 2022, over, refdata, NATIONAL)
    assert inv2.scope2_market_co2e_t == 0
    assert inv2.market_based.unused_instruments_mwh == 500


def test_carbonate_process_source(enterprise: Organisation, refdata: ReferenceData) -> None:
    # 2 000 t CaCO3 × 0.43971 = 879.42 t; 500 t dolomite × 0.47732 = 238.66 t → 1 118.08 tCO2
    recs = [make_record("limestone", 2000, "t"), make_record("dolomite", 500, "t")]
    inv = compute_inventory(enterprise, 2022, recs, refdata, NATIONAL)
    assert inv.by_category["process"] == pytest.approx(1118.08, rel=RTOL)


def test_gas_release_uses_selected_gwp_set(enterprise: Organisation,
                                           refdata: ReferenceData) -> None:
    # 0.01 t SF6: AR5 GWP 23 500 → 235 tCO2e; AR4 22 800 → 228 tCO2e
    rec = make_record("sf6_release", 0.01, "t")
    ar5 = compute_inventory(enterprise, 2022, [rec], refdata, NATIONAL)
    ar4 = compute_inventory(enterprise, 2022, [rec], refdata,
                            InventoryOptions(grid_level="national", gwp_set="AR4"))
    assert ar5.by_gas["SF6"] == pytest.approx(235.0, rel=RTOL)
    assert ar4.by_gas["SF6"] == pytest.approx(228.0, rel=RTOL)


def test_recovered_co2_is_subtracted(enterprise: Organisation, refdata: ReferenceData) -> None:
    recs = [make_record("limestone", 1000, "t"), make_record("co2_recovered", 100, "t")]
    inv = compute_inventory(enterprise, 2022, recs, refdata, NATIONAL)
    assert inv.co2e_t == pytest.approx(439.71 - 100, rel=RTOL)


def test_later_year_falls_back_to_latest_published_factor(enterprise: Organisation,
                                                          refdata: ReferenceData) -> None:
    rec = make_record("electricity_purchased", 1000, "MWh", period="2030")
    inv = compute_inventory(enterprise, 2030, [rec], refdata, NATIONAL)
    factor = next(f for f in inv.lines[0].factors if f.dataset == "electricity_co2")
    assert int(factor.edition[-4:]) < 2030
    assert "latest earlier year" in factor.note
    assert any("latest earlier year" in n for n in inv.lineage.notes)


def test_provincial_factor_for_inner_mongolia(enterprise: Organisation,
                                              refdata: ReferenceData) -> None:
    # Inner Mongolia 2022 provincial factor 0.6849 tCO2/MWh: 1 000 MWh → 684.9 t
    rec = make_record("electricity_purchased", 1000, "MWh")
    inv = compute_inventory(enterprise, 2022, [rec], refdata, InventoryOptions())
    assert inv.co2e_t == pytest.approx(684.9, rel=RTOL)


def test_same_inputs_give_identical_bytes(enterprise: Organisation,
                                          refdata: ReferenceData) -> None:
    recs = [make_record("natural_gas", 12.5, "万Nm3", period="2022-01"),
            make_record("electricity_purchased", 800, "MWh", period="2022-02")]
    a = compute_inventory(enterprise, 2022, recs, refdata).model_dump_json()
    b = compute_inventory(enterprise, 2022, list(reversed(recs)), refdata).model_dump_json()
    assert a == b
