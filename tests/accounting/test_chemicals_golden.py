"""Golden cases for the chemicals method (GB/T 32151.10-2015, feedstock carbon balance), worked
out by hand.

Sources: fuels.csv edition gbt32150-2015 (natural gas NCV 389.31 GJ/10^4 Nm³, CC 15.3 tC/TJ,
OF 0.99; bituminous coal 19.57 GJ/t, 26.1 tC/TJ, OF 0.93); sector_factors.csv edition
iupac-stoichiometry (methanol 12.011 / 32.042 = 0.3749 tC/t, urea 12.011 / 60.056 = 0.2000 tC/t);
process_factors.csv edition ndrc-chemicals-2013 (dual-pressure nitric acid 0.0080 tN2O/t,
R-weak); gwp.csv AR5 (N2O 265); heat 0.11 tCO2/GJ. No worked example of the standard was
available: every number below is an independent hand calculation.
"""

from __future__ import annotations

import pytest

from greenmfg.accounting import compute_inventory
from greenmfg.errors import InputError
from greenmfg.model import ActivityRecord, InventoryOptions, MeasuredParameters, Organisation
from greenmfg.refdata import ReferenceData
from tests.accounting.balance_helpers import balance_record, item_total

RTOL = 1e-9
CHEM = InventoryOptions(method="chemicals-gbt32151.10", method_edition="2015")
GBT = InventoryOptions()


def plant(item: str, quantity: float, unit: str = "t", *, period: str = "2025-01",
          source: str = "syngas", site: str = "PLANT", carbon: float | None = None
          ) -> ActivityRecord:
    return balance_record(item, quantity, unit, period=period, site=site, source=source,
                          carbon=carbon)


def test_methanol_from_natural_gas(enterprise: Organisation, refdata: ReferenceData) -> None:
    records = [
        plant("feedstock_natural_gas", 1_000, "wan_Nm3", source="reformer feed"),
        plant("natural_gas", 200, "wan_Nm3", source="reformer firing"),
        plant("methanol", 10_000, source="synthesis"),
        plant("carbon_product_other", 100, source="fusel oil", carbon=0.6),
        plant("co2_recovered", 500, source="CO2 plant"),
        plant("heat_purchased", 1_000, "GJ", source="steam"),
    ]
    inv = compute_inventory(enterprise, 2025, records, refdata, CHEM)
    # feedstock: 1 000 × 389.31 GJ × 0.0153 tC/GJ = 5 956.443 tC (no oxidation rate)
    #   × 44/12 = 21 840.291 tCO2
    feed = 1_000 * 389.31 * 0.0153 * 44 / 12
    assert feed == pytest.approx(21840.291, rel=RTOL)
    # methanol: −10 000 t × 0.3749 tC/t = −3 749 tC × 44/12 = −13 746.333…
    methanol = -10_000 * 0.3749 * 44 / 12
    assert methanol == pytest.approx(-13746.333333333334, rel=RTOL)
    # fusel oil (measured 0.6 tC/t): −100 × 0.6 × 44/12 = −220
    # firing gas under GB/T 32150: 200 × 389.31 × 0.0153 × 0.99 × 44/12 = 4 324.377618
    firing = 200 * 389.31 * 0.0153 * 0.99 * 44 / 12
    assert firing == pytest.approx(4324.377618, rel=RTOL)
    # recovered CO2 sent out: −500; purchased heat 1 000 GJ × 0.11 = 110
    assert item_total(inv, "feedstock_natural_gas") == pytest.approx(feed, rel=RTOL)
    assert item_total(inv, "methanol") == pytest.approx(methanol, rel=RTOL)
    assert item_total(inv, "carbon_product_other") == pytest.approx(-220.0, rel=RTOL)
    assert item_total(inv, "natural_gas") == pytest.approx(firing, rel=RTOL)
    assert item_total(inv, "co2_recovered") == pytest.approx(-500.0, rel=RTOL)
    assert item_total(inv, "heat_purchased") == pytest.approx(110.0, rel=RTOL)
    total = feed + methanol - 220 + firing - 500 + 110
    assert inv.co2e_t == pytest.approx(total, rel=RTOL)
    line = next(x for x in inv.lines if x.item == "methanol")
    assert line.formula.startswith("E = −") and "0.3749 tC/t × 44/12" in line.formula_filled
    assert "sector:iupac-stoichiometry:chem_carbon_methanol" in {f.factor_id for f in line.factors}
    # the balance in the lineage: 5 956.443 tC in − (3 749 + 60) tC out = 2 147.443 tC emitted
    note = next(n for n in inv.lineage.notes if "tC in −" in n)
    assert "5956.443 tC in" in note and "3809 tC in products" in note
    assert "2147.443 tC emitted" in note
    assert any("chemicals-gbt32151.10" in n and "not read" in n for n in inv.lineage.notes)


def test_ammonia_and_urea_from_coal_with_nitric_acid(enterprise: Organisation,
                                                     refdata: ReferenceData) -> None:
    records = [
        plant("feedstock_bituminous_coal", 1_500, source="gasifier"),
        plant("bituminous_coal", 500, source="boiler"),
        plant("ammonia", 1_000, source="synthesis"),
        plant("urea", 1_500, source="urea"),
        plant("nitric_acid_dual_pressure", 2_000, source="HNO3"),
        plant("nitric_acid_dual_pressure", 1_000, source="HNO3 abated", period="2025-02")
        .model_copy(update={"measured": MeasuredParameters(emission_factor_t_per_unit=0.0012)}),
    ]
    inv = compute_inventory(enterprise, 2025, records, refdata, CHEM)
    # gasifier coal: 1 500 × 19.57 × 0.0261 = 766.1655 tC × 44/12 = 2 809.2735 tCO2
    coal_feed = 1_500 * 19.57 * 0.0261 * 44 / 12
    assert coal_feed == pytest.approx(2809.2735, rel=RTOL)
    # urea: −1 500 × 0.2 = −300 tC × 44/12 = −1 100 tCO2; ammonia carries no carbon
    # boiler: 500 × 19.57 × 0.0261 × 0.93 × 44/12 = 870.874785
    boiler = 500 * 19.57 * 0.0261 * 0.93 * 44 / 12
    assert boiler == pytest.approx(870.874785, rel=RTOL)
    # nitric acid: 2 000 t × 0.008 = 16 t N2O; abated 1 000 × 0.0012 = 1.2 t N2O; AR5 265
    assert item_total(inv, "feedstock_bituminous_coal") == pytest.approx(coal_feed, rel=RTOL)
    assert item_total(inv, "urea") == pytest.approx(-1_100.0, rel=RTOL)
    assert item_total(inv, "ammonia") == 0.0
    assert item_total(inv, "bituminous_coal") == pytest.approx(boiler, rel=RTOL)
    assert item_total(inv, "nitric_acid_dual_pressure") == pytest.approx(17.2 * 265, rel=RTOL)
    assert inv.co2e_t == pytest.approx(coal_feed - 1_100 + boiler + 17.2 * 265, rel=RTOL)
    nitric = [x for x in inv.lines if x.item == "nitric_acid_dual_pressure"]
    assert {x.gas for x in nitric} == {"N2O"}
    assert "process:ndrc-chemicals-2013:n2o_nitric_dual_pressure" in {
        f.factor_id for x in nitric for f in x.factors}


def test_general_method_burns_feedstock(enterprise: Organisation, refdata: ReferenceData) -> None:
    # GB/T 32150 has no balance: feedstock gas is burnt with its oxidation rate, methanol emits
    # nothing: 1 000 × 389.31 × 0.0153 × 0.99 × 44/12 = 21 621.88809
    records = [plant("feedstock_natural_gas", 1_000, "wan_Nm3"), plant("methanol", 100)]
    inv = compute_inventory(enterprise, 2025, records, refdata, GBT)
    assert inv.co2e_t == pytest.approx(1_000 * 389.31 * 0.0153 * 0.99 * 44 / 12, rel=RTOL)


def test_urea_and_recovered_co2_at_one_site_are_flagged(enterprise: Organisation,
                                                        refdata: ReferenceData) -> None:
    records = [plant("feedstock_natural_gas", 100, "wan_Nm3"), plant("urea", 100),
               plant("co2_recovered", 10)]
    inv = compute_inventory(enterprise, 2025, records, refdata, CHEM)
    assert any("record both urea output and recovered CO2" in n for n in inv.lineage.notes)


def test_more_carbon_out_than_in_is_a_named_error(enterprise: Organisation,
                                                  refdata: ReferenceData) -> None:
    # 10 × 389.31 × 0.0153 = 59.56 tC in; 1 000 t methanol carry 374.9 tC
    records = [plant("feedstock_natural_gas", 10, "wan_Nm3"), plant("methanol", 1_000)]
    with pytest.raises(InputError, match="more carbon leaves") as exc:
        compute_inventory(enterprise, 2025, records, refdata, CHEM)
    assert "methanol at site 'PLANT', source 'syngas'" in str(exc.value)


def test_bad_sector_data_is_a_named_error(enterprise: Organisation,
                                          refdata: ReferenceData) -> None:
    # a by-product without a measured carbon content
    records = [plant("feedstock_natural_gas", 100, "wan_Nm3"), plant("ammonia", 100),
               plant("carbon_product_other", 5, period="2025-04", source="purge")]
    with pytest.raises(InputError, match=r"carbon_product_other at site 'PLANT', source 'purge', "
                                         r"2025-04.*measured carbon_content"):
        compute_inventory(enterprise, 2025, records, refdata, CHEM)
    # energy without any output
    with pytest.raises(InputError, match="ammonia / methanol / urea"):
        compute_inventory(enterprise, 2025, [plant("natural_gas", 10, "wan_Nm3")], refdata, CHEM)


def test_nitric_acid_abatement(enterprise: Organisation, refdata: ReferenceData) -> None:
    records = [
        plant("feedstock_natural_gas", 100, "wan_Nm3"), plant("ammonia", 100),
        plant("nitric_acid_high_pressure", 1_000, source="train 1"),
        plant("n2o_abatement_efficiency", 0.85, "fraction", source="train 1", period="2025"),
        plant("n2o_abatement_use_rate", 0.9, "fraction", source="train 1", period="2025"),
        plant("nitric_acid_high_pressure", 1_000, source="train 2"),
        plant("n2o_abatement_efficiency", 0.85, "fraction", source="train 2", period="2025"),
        plant("n2o_abatement_use_rate", 0.5, "fraction", source="no acid here", period="2025"),
    ]
    inv = compute_inventory(enterprise, 2025, records, refdata, CHEM)
    lines = {x.source: x for x in inv.lines if x.item == "nitric_acid_high_pressure"}
    # train 1: 1 000 t × 0.0139 tN2O/t × (1 − 0.85 × 0.9) = 13.9 × 0.235 = 3.2665 t N2O
    # train 2 (use rate not given → 1): 13.9 × (1 − 0.85) = 2.085 t N2O; AR5 GWP 265
    assert lines["train 1"].gas_t == pytest.approx(3.2665, rel=RTOL)
    assert lines["train 2"].gas_t == pytest.approx(2.085, rel=RTOL)
    assert lines["train 1"].co2e_t == pytest.approx(3.2665 * 265, rel=RTOL)
    assert "(1 − 0.85 × 0.9)" in lines["train 1"].formula_filled
    assert "use rate not given" in lines["train 2"].formula_filled
    # the use rate at a source without nitric acid applied to nothing: noted
    assert any("n2o_abatement_use_rate" in n and "no nitric acid" in n
               for n in inv.lineage.notes)
