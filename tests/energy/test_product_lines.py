"""Product-line indicators from activity data, worked by hand, and their benchmark classes."""

from __future__ import annotations

import pytest

from greenmfg.energy import benchmark_lines, product_line_inputs
from greenmfg.errors import InputError
from greenmfg.model import NdrcClass
from greenmfg.refdata import ReferenceData
from tests.conftest import make_record

RTOL = 1e-9


def test_clinker_line_energy_and_electricity(refdata: ReferenceData) -> None:
    # Kiln site, 2024: 13 000 t coal at a measured 22 GJ/t = 286 000 GJ / 29.3076 = 9 758.560…
    # tce; 5 000 MWh = 5e6 kWh × 0.1229 kgce = 614.5 tce; clinker 100 000 t.
    # energy: (286 000 / 29.3076 + 614.5) tce × 1000 / 100 000 t = 103.730… kgce/t
    # electricity: 5e6 kWh / 100 000 t = 50 kWh/t. The mill site (no clinker) gets the cement
    # preparation-section electricity, 3e6 kWh / 130 000 t = 23.0769… kWh/t, and no cement
    # comprehensive energy (no cement_clinker_ratio given).
    recs = [make_record("bituminous_coal", 13_000, "t", site="KILN", period="2024", ncv=22.0),
            make_record("electricity_purchased", 5_000, "MWh", site="KILN", period="2024"),
            make_record("clinker", 100_000, "t", site="KILN", period="2024"),
            make_record("electricity_purchased", 3_000, "MWh", site="MILL", period="2024"),
            make_record("cement", 130_000, "t", site="MILL", period="2024")]
    inputs = {i.indicator: i for i in product_line_inputs(recs, 2024, refdata)}
    expected_kgce_t = (286_000 / 29.3076 + 614.5) * 1000 / 100_000
    assert inputs["comprehensive_energy"].value == pytest.approx(expected_kgce_t, rel=RTOL)
    assert inputs["comprehensive_electricity"].value == pytest.approx(50.0, rel=RTOL)
    assert {i.line_id for i in inputs.values()} == {"KILN/clinker", "MILL/cement"}
    assert inputs["section_electricity"].value == pytest.approx(3e6 / 130_000, rel=RTOL)
    assert "comprehensive_energy" not in {i.indicator for i in inputs.values()
                                          if i.line_id == "MILL/cement"}
    lines = {x.indicator: x for x in benchmark_lines(inputs.values(), 2024, refdata)
             if x.line_id == "KILN/clinker"}
    energy = lines["comprehensive_energy"]
    # GB 16780-2021 clinker 100 / 107 / 117 kgce/t → level 2; NDRC 2023 100 / 117 → between;
    # gap (103.730… − 100) kgce/t × 100 000 t / 1000 = 373.0… tce/yr
    assert energy.limit_level == 2
    assert energy.ndrc_class is NdrcClass.BETWEEN
    assert energy.gap_tce_per_year == pytest.approx((expected_kgce_t - 100) * 100, rel=RTOL)


def test_aluminium_potline_electricity(refdata: ReferenceData) -> None:
    # 1 330 000 MWh over 100 000 t aluminium = 13 300 kWh/t → GB 21346-2022 level 3
    # (12 950 / 13 000 / 13 350)
    recs = [make_record("electricity_purchased", 1_330_000, "MWh", site="POT", period="2025"),
            make_record("primary_aluminium", 100_000, "t", site="POT", period="2025")]
    (line,) = product_line_inputs(recs, 2025, refdata)
    assert line.value == pytest.approx(13_300.0, rel=RTOL)
    (result,) = benchmark_lines([line], 2025, refdata)
    assert result.limit_level == 3


def test_ammonia_and_methanol_lines_by_main_feedstock(refdata: ReferenceData) -> None:
    # NH3 site, 2025: feedstock gas 8 000 × 10^4 Nm³ × 1.33 kgce/Nm³ = 106 400 tce, fuel gas
    # 1 000 × 10^4 Nm³ → 13 300 tce, 20 000 MWh × 0.1229 kgce/kWh → 2 458 tce; 120 000 t NH3:
    # (106 400 + 13 300 + 2 458) × 1000 / 120 000 = 1 017.983… kgce/t
    # MeOH site: 100 000 t feedstock coal + 20 000 t fuel coal × 0.7143 kgce/kg → 85 716 tce
    # over 60 000 t methanol = 1 428.6 kgce/t. The anthracite ammonia site is not classed.
    recs = [make_record("feedstock_natural_gas", 8_000, "wan_Nm3", site="NH3", period="2025"),
            make_record("natural_gas", 1_000, "wan_Nm3", site="NH3", period="2025"),
            make_record("electricity_purchased", 20_000, "MWh", site="NH3", period="2025"),
            make_record("ammonia", 120_000, "t", site="NH3", period="2025"),
            make_record("feedstock_bituminous_coal", 100_000, "t", site="MEOH", period="2025"),
            make_record("bituminous_coal", 20_000, "t", site="MEOH", period="2025"),
            make_record("methanol", 60_000, "t", site="MEOH", period="2025"),
            make_record("feedstock_anthracite", 1_000, "t", site="LUMP", period="2025"),
            make_record("ammonia", 800, "t", site="LUMP", period="2025")]
    inputs = {i.line_id: i for i in product_line_inputs(recs, 2025, refdata)}
    assert set(inputs) == {"NH3/ammonia", "MEOH/methanol"}
    nh3, meoh = inputs["NH3/ammonia"], inputs["MEOH/methanol"]
    assert nh3.product == "ammonia_natural_gas"
    assert nh3.value == pytest.approx((106_400 + 13_300 + 2_458) * 1000 / 120_000, rel=RTOL)
    assert meoh.product == "methanol_bituminous_coal"
    assert meoh.value == pytest.approx(85_716 * 1000 / 60_000, rel=RTOL)
    lines = {x.line_id: x for x in benchmark_lines(inputs.values(), 2025, refdata)}
    # GB 21344-2023 ammonia (natural gas) 996 / 1000 / 1200 → level 3;
    # GB 29436-2023 methanol (bituminous coal) 1380 / 1400 / 1800 → level 3
    assert lines["NH3/ammonia"].limit_level == 3
    assert lines["MEOH/methanol"].limit_level == 3
    assert lines["NH3/ammonia"].ndrc_class is NdrcClass.BETWEEN


@pytest.mark.parametrize(("shares", "product"), [
    ({"anthracite_quality_lump_share": 1.0}, "ammonia_quality_anthracite_lump"),
    ({"anthracite_pulverised_share": 0.7}, "ammonia_pulverised_coal"),
    # 0.3 quality lump + 0.2 pulverised leaves 0.5 other lump and briquettes: the largest share
    ({"anthracite_quality_lump_share": 0.3, "anthracite_pulverised_share": 0.2},
     "ammonia_other_anthracite_lump_briquette"),
    ({}, None),  # no share given: the standard's class cannot be known, the line is not classed
])
def test_ammonia_from_anthracite_by_lump_quality(refdata: ReferenceData, shares: dict[str, float],
                                                 product: str | None) -> None:
    # 1 000 t anthracite feedstock × 0.7143 kgce/kg (raw coal, 当量值) = 714.3 tce over 800 t
    # NH3 = 892.875 kgce/t; GB 21344-2023 quality lump 1 090 / 1 100 / 1 350 → level 1
    recs = [make_record("feedstock_anthracite", 1_000, "t", site="LUMP", period="2025"),
            make_record("ammonia", 800, "t", site="LUMP", period="2025"),
            *(make_record(item, share, "fraction", site="LUMP", source="coal yard",
                          period="2025") for item, share in shares.items())]
    inputs = product_line_inputs(recs, 2025, refdata)
    if product is None:
        assert inputs == []
        return
    (line,) = inputs
    assert line.product == product
    assert line.value == pytest.approx(714.3 * 1000 / 800, rel=RTOL)
    if product == "ammonia_quality_anthracite_lump":
        (result,) = benchmark_lines(inputs, 2025, refdata)
        assert (result.level1, result.limit_level) == (1090, 1)


def test_anthracite_shares_above_the_whole_are_an_error(refdata: ReferenceData) -> None:
    recs = [make_record("feedstock_anthracite", 1_000, "t", site="LUMP", period="2025"),
            make_record("ammonia", 800, "t", site="LUMP", period="2025"),
            make_record("anthracite_quality_lump_share", 0.6, "fraction", site="LUMP",
                        source="a", period="2025"),
            make_record("anthracite_pulverised_share", 0.5, "fraction", site="LUMP",
                        source="b", period="2025")]
    with pytest.raises(InputError, match="above 1") as exc:
        product_line_inputs(recs, 2025, refdata)
    assert exc.value.message_zh


def test_site_altitude_corrects_the_clinker_level_3(refdata: ReferenceData) -> None:
    # kiln at 2 500 m, 75 kPa (mean of the two pressure rows 74 and 76):
    # K = 1.179 − 0.211 × 75 / 101.325 = 1.022818…, clinker level 3 117 × K = 119.669…;
    # 118 kgce/t fails the published 117 but is level 3 once corrected. The aluminium line at
    # the same site takes no condition.
    recs = [make_record("electricity_purchased", 1_000 * 118 / 0.1229 / 1000, "MWh",
                        site="KILN", period="2025"),
            make_record("clinker", 1_000, "t", site="KILN", period="2025"),
            make_record("site_altitude", 2_500, "m", site="KILN", source="site", period="2025"),
            make_record("site_air_pressure", 74, "kPa", site="KILN", source="site",
                        period="2025-01"),
            make_record("site_air_pressure", 76, "kPa", site="KILN", source="site",
                        period="2025-07"),
            make_record("primary_aluminium", 10, "t", site="KILN", period="2025")]
    inputs = {(i.product, i.indicator): i for i in product_line_inputs(recs, 2025, refdata)}
    energy = inputs[("cement_clinker", "comprehensive_energy")]
    assert energy.conditions == {"altitude_m": 2_500, "pressure_kpa": 75}
    assert inputs[("primary_aluminium_liquid", "ac_electricity")].conditions == {}
    assert energy.value == pytest.approx(118.0, rel=RTOL)
    (result,) = benchmark_lines([energy], 2025, refdata)
    k = 1.179 - 0.211 * 75 / 101.325
    assert result.level3 == pytest.approx(117 * k, rel=RTOL)
    assert result.limit_level == 3


def test_cement_mill_comprehensive_energy_with_its_clinker_ratio(refdata: ReferenceData) -> None:
    # kiln: (286 000 GJ / 29.3076 + 614.5) tce / 100 000 t clinker = e_cl = 103.730… kgce/t;
    # mill: 3 000 MWh × 0.1229 kgce/kWh = 368.7 tce / 130 000 t cement = 2.8361… kgce/t;
    # cement at 78 % clinker: 0.78 × e_cl + 2.8361… = 83.746… kgce/t. GB 16780-2021 levels
    # corrected for 78 %: 80 + 3 × 1.10 = 83.3, 87 + 3 × 1.15 = 90.45, 94 + 3 × 1.20 = 97.6
    # → level 2 (level 3 against the published 80 / 87 / 94)
    recs = [make_record("bituminous_coal", 13_000, "t", site="KILN", period="2024", ncv=22.0),
            make_record("electricity_purchased", 5_000, "MWh", site="KILN", period="2024"),
            make_record("clinker", 100_000, "t", site="KILN", period="2024"),
            make_record("electricity_purchased", 3_000, "MWh", site="MILL", period="2024"),
            make_record("cement", 130_000, "t", site="MILL", period="2024"),
            make_record("cement_clinker_ratio", 0.78, "fraction", site="MILL", source="mill",
                        period="2024")]
    inputs = {(i.line_id, i.indicator): i for i in product_line_inputs(recs, 2024, refdata)}
    cement = inputs[("MILL/cement", "comprehensive_energy")]
    e_cl = (286_000 / 29.3076 + 614.5) * 1000 / 100_000
    assert cement.value == pytest.approx(0.78 * e_cl + 368_700 / 130_000, rel=RTOL)
    assert cement.conditions == {"clinker_ratio": 0.78}
    (result,) = benchmark_lines([cement], 2024, refdata)
    assert (result.level1, result.level2, result.level3) == pytest.approx((83.3, 90.45, 97.6),
                                                                          rel=RTOL)
    assert result.limit_level == 2
    # a plant that buys its clinker: no clinker site, so no cement comprehensive energy
    bought = [r for r in recs if r.site == "MILL"]
    assert [(i.line_id, i.indicator) for i in product_line_inputs(bought, 2024, refdata)] == [
        ("MILL/cement", "section_electricity")]
