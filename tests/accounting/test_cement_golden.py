"""Golden cases for the cement methods, each worked out by hand beside the assertion.

Sources: CETS—AG—02.01—V01—2024 as implemented by a public tool (sector_factors.csv: Portland
clinker 0.535, white clinker 0.550 tCO2/t; deduction factors carbide slag 0.480, steel slag
0.215, slaked lime 0.600 tCO2/t), national-ETS grid default 0.5703 tCO2/MWh for 2023-2025;
GB/T 32151.8-2015: EF = (CaO − CaO_nc) × 44/56 + (MgO − MgO_nc) × 44/40, raw meal
E = Q × TOC × 44/12. No worked example of either guideline was available, so every expected
value is the hand calculation written out in the test.
"""

from __future__ import annotations

import pytest

from greenmfg.accounting import compute_inventory
from greenmfg.errors import InputError
from greenmfg.model import ActivityRecord, InventoryOptions, Organisation
from greenmfg.refdata import ReferenceData
from tests.conftest import make_record

RTOL = 1e-9
ETS = InventoryOptions(method="cement-ets", method_edition="2024")
GBT = InventoryOptions(method="cement-gbt32151.8", method_edition="2015", grid_level="national")
KILN = {"site": "KILN", "source": "kiln 1"}


def kiln(item: str, quantity: float, unit: str = "t", *, period: str = "2025-01",
         source: str = "kiln 1") -> ActivityRecord:
    return make_record(item, quantity, unit, period=period, site="KILN", source=source)


def _process(inv_lines: tuple, item: str = "clinker") -> float:  # type: ignore[type-arg]
    return sum(x.co2e_t for x in inv_lines if x.item == item and x.category == "process")


def test_ets_2024_clinker_by_type_less_deductions(enterprise: Organisation,
                                                  refdata: ReferenceData) -> None:
    records = [
        # January: 10 000 t Portland clinker × 0.535 = 5 350 t; carbide slag 300 t × 0.480 =
        # 144 t and steel slag 200 t × 0.215 = 43 t deducted: max(0, 5 350 − 187) = 5 163 t
        kiln("clinker", 10_000), kiln("carbide_slag", 300), kiln("steel_slag", 200),
        # February: 5 000 t white clinker × 0.550 = 2 750 t, nothing deducted
        kiln("clinker_white", 5_000, period="2025-02"),
        # electricity 1 000 MWh × 0.5703 (national-ETS default 2023-2025) = 570.3 t
        make_record("electricity_purchased", 1_000, "MWh", period="2025-01"),
    ]
    inv = compute_inventory(enterprise, 2025, records, refdata, ETS)
    (line,) = [x for x in inv.lines if x.category == "process"]
    assert line.co2e_t == pytest.approx(5163.0 + 2750.0, rel=RTOL)
    assert line.by_month == pytest.approx({"2025-01": 5163.0, "2025-02": 2750.0}, rel=RTOL)
    assert line.activity == pytest.approx(15_000.0, rel=RTOL)
    assert "max(0, 10000 t clinker × 0.535 − (300 t carbide_slag × 0.48" in line.formula_filled
    assert set(line.input_record_ids) == {r.record_id for r in records[:4]}
    assert {f.factor_id for f in line.factors} >= {
        "sector:cets-ag-02.01-2024:clinker_portland", "sector:cets-ag-02.01-2024:clinker_white",
        "sector:cets-ag-02.01-2024:df_carbide_slag", "sector:cets-ag-02.01-2024:df_steel_slag"}
    assert inv.scope2_location_co2e_t == pytest.approx(570.3, rel=RTOL)
    assert inv.co2e_t == pytest.approx(5163.0 + 2750.0 + 570.3, rel=RTOL)
    assert (inv.method, inv.lineage.method, inv.lineage.method_version) == (
        "cement-ets", "cement-ets", "2024")
    assert any("guideline text not read" in n for n in inv.lineage.notes)


def test_ets_2024_deductions_never_make_a_month_negative(enterprise: Organisation,
                                                         refdata: ReferenceData) -> None:
    # January: 100 t clinker × 0.535 = 53.5 t; 200 t slaked lime × 0.600 = 120 t → max(0, −66.5)
    # = 0. February: 1 000 t × 0.535 = 535 t. The clamp is per month: 0 + 535 = 535 t (not
    # 53.5 + 535 − 120 = 468.5 t).
    records = [kiln("clinker", 100), kiln("slaked_lime", 200),
               kiln("clinker", 1_000, period="2025-02")]
    inv = compute_inventory(enterprise, 2025, records, refdata, ETS)
    assert inv.co2e_t == pytest.approx(535.0, rel=RTOL)
    assert inv.lines[0].by_month == {"2025-01": 0.0, "2025-02": pytest.approx(535.0, rel=RTOL)}


def test_ets_2024_year_total_deduction_computes_the_line_on_the_year(
        enterprise: Organisation, refdata: ReferenceData) -> None:
    # clinker by month (100 t and 1 000 t), slaked lime as a year total 200 t: the line is
    # computed on the year, max(0, 1 100 × 0.535 − 200 × 0.600) = 588.5 − 120 = 468.5 t
    records = [kiln("clinker", 100), kiln("clinker", 1_000, period="2025-02"),
               kiln("slaked_lime", 200, period="2025")]
    inv = compute_inventory(enterprise, 2025, records, refdata, ETS)
    assert inv.co2e_t == pytest.approx(468.5, rel=RTOL)
    assert inv.lines[0].by_month == pytest.approx({"2025": 468.5}, rel=RTOL)


def test_ets_2024_carbonates_at_the_kiln_are_raw_meal(enterprise: Organisation,
                                                      refdata: ReferenceData) -> None:
    # limestone fed to the kiln is covered by the clinker factor (not counted again, noted);
    # limestone at a desulphurisation unit counts: 100 t × 0.43971 = 43.971 t
    records = [kiln("clinker", 1_000), kiln("limestone", 1_217),
               make_record("limestone", 100, "t", period="2025-01", site="KILN", source="FGD")]
    inv = compute_inventory(enterprise, 2025, records, refdata, ETS)
    assert inv.co2e_t == pytest.approx(535.0 + 43.971, rel=RTOL)
    assert any("1 record(s) of limestone not used" in n for n in inv.lineage.notes)


def test_gbt32151_8_clinker_dust_and_raw_meal(enterprise: Organisation,
                                              refdata: ReferenceData) -> None:
    records = [
        kiln("clinker", 10_000), kiln("kiln_dust", 50), kiln("bypass_dust", 20),
        kiln("raw_meal", 15_500),
        # year values: CaO 0.65, MgO 0.02, non-carbonate CaO 0.01; January TOC 0.2 %
        kiln("clinker_cao", 0.65, "fraction", period="2025"),
        kiln("clinker_mgo", 0.02, "fraction", period="2025"),
        kiln("clinker_cao_noncarbonate", 0.01, "fraction", period="2025"),
        kiln("raw_meal_organic_carbon", 0.002, "fraction"),
        make_record("electricity_purchased", 1_000, "MWh", period="2025-01"),
    ]
    inv = compute_inventory(enterprise, 2025, records, refdata, GBT)
    # EF = (0.65 − 0.01) × 44/56 + (0.02 − 0) × 44/40 = 0.502857142857… + 0.022
    #    = 0.524857142857… tCO2/t
    ef = 0.64 * 44 / 56 + 0.02 * 44 / 40
    assert ef == pytest.approx(0.5248571428571429, rel=RTOL)
    assert _process(inv.lines, "clinker") == pytest.approx(10_000 * ef, rel=RTOL)
    assert _process(inv.lines, "kiln_dust") == pytest.approx(50 * ef, rel=RTOL)
    assert _process(inv.lines, "bypass_dust") == pytest.approx(20 * ef, rel=RTOL)
    # raw meal 15 500 t × 0.002 × 44/12 = 113.666… t
    assert _process(inv.lines, "raw_meal") == pytest.approx(15_500 * 0.002 * 44 / 12, rel=RTOL)
    # electricity: MEE/NBS national 2023 factor 0.5306 (latest for 2025), not the ETS default
    assert inv.scope2_location_co2e_t == pytest.approx(530.6, rel=RTOL)
    clinker = next(x for x in inv.lines if x.item == "clinker")
    assert "[(0.65 − 0.01) × 44/56 + (0.02 − 0) × 44/40]" in clinker.formula_filled
    assert len(clinker.input_record_ids) == 4  # clinker row + CaO, MgO, CaO_nc


def test_gbt32151_8_monthly_parameter_wins_over_the_year(enterprise: Organisation,
                                                         refdata: ReferenceData) -> None:
    # January has its own CaO 0.66; February falls back to the year row 0.64; MgO 0 all year.
    # 1 000 t × 0.66 × 44/56 + 1 000 t × 0.64 × 44/56 = 1 300 × 44/56 = 1 021.428571… t
    records = [kiln("clinker", 1_000), kiln("clinker", 1_000, period="2025-02"),
               kiln("clinker_cao", 0.66, "fraction"),
               kiln("clinker_cao", 0.64, "fraction", source="other kiln"),
               kiln("clinker_mgo", 0.0001, "fraction", period="2025")]
    with pytest.raises(InputError, match="needs clinker_cao"):
        compute_inventory(enterprise, 2025, records, refdata, GBT)  # February has none
    records[3] = kiln("clinker_cao", 0.64, "fraction", period="2025-02")
    inv = compute_inventory(enterprise, 2025, records, refdata, GBT)
    assert inv.co2e_t == pytest.approx(1_300 * 44 / 56 + 2_000 * 0.0001 * 44 / 40, rel=RTOL)


def test_alternative_fuel_biomass_share_is_left_out(enterprise: Organisation,
                                                    refdata: ReferenceData) -> None:
    # 100 t waste tyres, measured NCV 30 GJ/t, CC 0.0225 tC/GJ, OF 0.98, biomass share 0.25:
    # 100 × 30 × 0.0225 × 0.98 × 44/12 × (1 − 0.25) = 181.9125 t
    tyres = make_record("waste_tyres", 100, "t", period="2025-01", site="KILN",
                        source="kiln 1", ncv=30.0, cc=0.0225, ox=0.98)
    share = kiln("fuel_biomass_fraction", 0.25, "fraction")
    expected = 100 * 30 * 0.0225 * 0.98 * 44 / 12 * 0.75
    assert expected == pytest.approx(181.9125, rel=RTOL)
    for options in (InventoryOptions(), ETS):
        inv = compute_inventory(enterprise, 2025, [tyres, share, kiln("clinker", 1)], refdata,
                                options)
        line = next(x for x in inv.lines if x.item == "waste_tyres")
        assert line.co2e_t == pytest.approx(expected, rel=RTOL)
        assert "(1 − 0.25 biomass share)" in line.formula_filled
        assert share.record_id in line.input_record_ids


@pytest.mark.parametrize(("records", "words"), [
    # a substitute raw material where no clinker is made
    ([kiln("clinker", 1_000), kiln("steel_slag", 40, source="mill")], "no clinker is produced"),
    # fuel and power used, no clinker or cement output at all
    ([make_record("bituminous_coal", 100, "t", period="2025-01", ncv=22, cc=0.026, ox=0.98)],
     "output of clinker"),
])
def test_ets_2024_bad_sector_data(enterprise: Organisation, refdata: ReferenceData,
                                  records: list[ActivityRecord], words: str) -> None:
    with pytest.raises(InputError, match=words):
        compute_inventory(enterprise, 2025, records, refdata, ETS)


@pytest.mark.parametrize(("extra", "words"), [
    ([], "needs clinker_cao"),
    ([kiln("clinker_cao", 0.65, "fraction"), kiln("clinker_mgo", 0.02, "fraction"),
      kiln("clinker_cao_noncarbonate", 0.7, "fraction")], "non-carbonate CaO"),
    ([kiln("clinker_cao", 0.65, "fraction", period="2025-02"),
      kiln("clinker_mgo", 0.02, "fraction")], "given by month"),
])
def test_gbt32151_8_bad_clinker_chemistry(enterprise: Organisation, refdata: ReferenceData,
                                          extra: list[ActivityRecord], words: str) -> None:
    clinker = (kiln("clinker", 12_000, period="2025") if words == "given by month"
               else kiln("clinker", 1_000))
    with pytest.raises(InputError, match=words):
        compute_inventory(enterprise, 2025, [clinker, *extra], refdata, GBT)


def test_ets_2024_measured_clinker_factor_replaces_the_default(
        enterprise: Organisation, refdata: ReferenceData) -> None:
    records = [
        # January: measured 0.52 tCO2/t for the month: 10 000 t × 0.52 = 5 200 t, less carbide
        # slag 300 t × 0.480 = 144 t → 5 056 t (deductions still apply, as in the public tool)
        kiln("clinker", 10_000), kiln("carbide_slag", 300),
        kiln("clinker_process_ef", 0.52, "tCO2/t"),
        # February, no measured factor: the Portland default, 9 000 × 0.535 = 4 815 t
        kiln("clinker", 9_000, period="2025-02"),
        # kiln 2 gives its factor for the year, 0.53: 8 000 × 0.53 = 4 240 t
        kiln("clinker", 8_000, period="2025-02", source="kiln 2"),
        kiln("clinker_process_ef", 0.53, "tCO2/t", period="2025", source="kiln 2"),
        # a factor at a source without clinker applies to nothing: noted
        kiln("clinker_process_ef", 0.5, "tCO2/t", period="2025", source="kiln 9"),
    ]
    inv = compute_inventory(enterprise, 2025, records, refdata, ETS)
    assert _process(inv.lines) == pytest.approx(5_056.0 + 4_815.0 + 4_240.0, rel=RTOL)
    lines = {x.source: x for x in inv.lines if x.item == "clinker"}
    assert "10000 t clinker × 0.52 [measured EF]" in lines["kiln 1"].formula_filled
    assert "9000 t clinker × 0.535" in lines["kiln 1"].formula_filled
    assert "8000 t clinker × 0.53 [measured EF]" in lines["kiln 2"].formula_filled
    assert "sector:cets-ag-02.01-2024:clinker_portland" not in {
        f.factor_id for f in lines["kiln 2"].factors}
    assert any("clinker_process_ef" in n and "no clinker" in n for n in inv.lineage.notes)
