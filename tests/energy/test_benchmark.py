"""Golden cases for energy-efficiency benchmarking, worked by hand from the packaged levels.

Levels used (energy_limits.csv, ndrc_levels.csv, tiered_pricing.csv; each traced to
../shared/reference/benchmarks.csv, ndrc_benchmarks_2023.csv, tiered_pricing.csv):

- clinker, GB 16780-2021: 100 / 107 / 117 kgce/t; NDRC 2021 and 2023: 100 / 117 (V)
- cement (75 % clinker basis), GB 16780-2021: 80 / 87 / 94 kgce/t; no NDRC level
- liquid aluminium AC power, GB 21346-2022: 12 950 / 13 000 / 13 350 kWh/t; NDRC 13 000 / 13 350
- ferrosilicon, GB 21341-2022: 1 700 / 1 770 / 1 850 kgce/t; NDRC 2021 1 770 / 1 900,
  NDRC 2023 1 770 / 1 850 (baseline lowered by 50)
- BOF, GB 21256-2025 (in force 2026-07-01): −30 / −28 / −12 kgce/t; NDRC −30 / −10
- EAF < 50 t, GB 21256-2025: 61 / (none) / 86 kgce/t
- blast-furnace ferromanganese coke use, GB 21341-2022: 1 280 / 1 320 / 1 350 kg/t
- yellow phosphorus: no GB row; NDRC 2021 2 300 / 2 800 kgce/t (2023 value not found)
- electricity 0.1229 kgce/kWh and coke 0.9714 kgce/kg (当量值, coal_equivalents.csv)
- 发改价格〔2021〕1239号: 13 650 (2022), 13 450 (2023), 13 300 (2025) kWh/t; 0.01 CNY/kWh per
  20 kWh/t or part; 发改价格〔2013〕2530号: 13 700–13 800 → 0.02, > 13 800 → 0.08 CNY/kWh
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.energy import benchmark_line, benchmark_lines, tiered_price_class
from greenmfg.errors import FactorNotFound, InputError, OptionError, UnitError
from greenmfg.model import (
    LIMIT_LEVEL_RANK,
    NDRC_CLASS_RANK,
    BenchmarkInput,
    BenchmarkLine,
    NdrcClass,
    TieredFlag,
    TieredRuleKind,
)
from greenmfg.refdata import ReferenceData, reference_data

RTOL = 1e-9


def line(product: str, indicator: str, value: float, output: float, **kw: object) -> BenchmarkInput:
    return BenchmarkInput(product=product, indicator=indicator, value=value,
                          output_per_year=output, **kw)  # type: ignore[arg-type]


def run(refdata: ReferenceData, product: str, indicator: str, value: float, output: float,
        year: int, **kw: object) -> BenchmarkLine:
    return benchmark_line(line(product, indicator, value, output, **kw), year, refdata)


# -- golden cases -------------------------------------------------------------------------------
def test_clinker_between_levels(refdata: ReferenceData) -> None:
    # 104 kgce/t: > L1 100, ≤ L2 107 → level 2; > benchmark 100, ≤ baseline 117 → between.
    # gap = 104 − 100 = 4 kgce/t; 4 kgce/t × 1 500 000 t = 6 000 000 kgce = 6 000 tce/yr.
    r = run(refdata, "cement_clinker", "comprehensive_energy", 104, 1_500_000, 2024)
    assert (r.limit_standard, r.limit_edition) == ("GB 16780-2021", "gb16780-2021")
    assert (r.level1, r.level2, r.level3) == (100, 107, 117)
    assert r.limit_level == 2
    assert r.ndrc_edition == "ndrc-2023"
    assert (r.ndrc_benchmark, r.ndrc_baseline) == (100, 117)
    assert r.ndrc_class is NdrcClass.BETWEEN
    assert r.gap_to_benchmark == pytest.approx(4.0, rel=RTOL)
    assert r.gap_tce_per_year == pytest.approx(6_000.0, rel=RTOL)
    assert r.gap_to_level1_tce_per_year == pytest.approx(6_000.0, rel=RTOL)
    assert (r.unit, r.output_unit) == ("kgce/t", "t")
    assert "kgce" in r.tce_conversion
    assert r.product_zh == "水泥熟料" and r.indicator_zh == "熟料单位产品综合能耗"
    assert "GB 16780-2021" in r.source and "723号" in r.source
    used = {(f.dataset, f.name.split(",")[0]): f for f in r.factors}
    assert [f.value for f in r.factors] == [100, 107, 117, 100, 117]
    nd = used[("ndrc_levels", "NDRC ndrc-2023 benchmark (标杆水平)")]
    assert (nd.edition, nd.verification) == ("ndrc-2023", "V")
    assert "723号" in nd.document
    gb = used[("energy_limits", "GB 16780-2021 level 2 (新建准入值)")]
    assert (gb.edition, gb.verification, gb.document) == ("gb16780-2021", "R", "GB 16780-2021")


def test_clinker_fails_the_limit_and_is_below_baseline(refdata: ReferenceData) -> None:
    # 120 > L3 117 → fail; 120 > baseline 117 → below_baseline (2022: the 2021 edition).
    # gap = 20 kgce/t × 1 500 000 t / 1000 = 30 000 tce/yr.
    r = run(refdata, "cement_clinker", "comprehensive_energy", 120, 1_500_000, 2022)
    assert r.limit_level == "fail"
    assert r.ndrc_class is NdrcClass.BELOW_BASELINE
    assert r.ndrc_edition == "ndrc-2021" and "1609号" in (r.ndrc_document or "")
    assert r.gap_to_benchmark == pytest.approx(20.0, rel=RTOL)
    assert r.gap_tce_per_year == pytest.approx(30_000.0, rel=RTOL)
    assert r.ndrc_deadline == "2025-12-31"
    assert any("retrofitted" in n and "2025-12-31" in n for n in r.notes)


@pytest.mark.parametrize(("value", "level", "klass", "gap"), [
    (100.0, 1, NdrcClass.BENCHMARK, 0.0),          # exactly on L1 and on the benchmark
    (99.0, 1, NdrcClass.BENCHMARK, 0.0),           # better than the benchmark: no gap
    (107.0, 2, NdrcClass.BETWEEN, 7.0),            # exactly on L2
    (117.0, 3, NdrcClass.BETWEEN, 17.0),           # exactly on L3 and on the baseline
    (117.000001, "fail", NdrcClass.BELOW_BASELINE, 17.000001),
])
def test_clinker_boundaries(refdata: ReferenceData, value: float, level: object,
                            klass: NdrcClass, gap: float) -> None:
    r = run(refdata, "cement_clinker", "comprehensive_energy", value, 1000, 2023)
    assert r.limit_level == level
    assert r.ndrc_class is klass
    assert r.gap_to_benchmark == pytest.approx(gap, rel=RTOL, abs=0)


def test_aluminium_kwh_gap_converted_at_calorific_value(refdata: ReferenceData) -> None:
    # 13 100 kWh/t: > L2 13 000, ≤ L3 13 350 → level 3; between 13 000 and 13 350 → between.
    # gap 100 kWh/t × 500 000 t × 0.1229 kgce/kWh / 1000 = 6 145 tce/yr;
    # gap to L1: 150 kWh/t × 500 000 t × 0.1229 / 1000 = 9 217.5 tce/yr.
    r = run(refdata, "primary_aluminium_liquid", "ac_electricity", 13_100, 500_000, 2024)
    assert (r.limit_standard, r.limit_level) == ("GB 21346-2022", 3)
    assert r.ndrc_class is NdrcClass.BETWEEN
    assert r.gap_to_benchmark == pytest.approx(100.0, rel=RTOL)
    assert r.gap_tce_per_year == pytest.approx(6_145.0, rel=RTOL)
    assert r.gap_to_level1_tce_per_year == pytest.approx(9_217.5, rel=RTOL)
    assert "0.1229 kgce/kWh" in r.tce_conversion and "当量值" in r.tce_conversion
    conversion = r.factors[-1]
    assert (conversion.dataset, conversion.value, conversion.unit) == (
        "coal_equivalents", 0.1229, "kgce/kWh")


def test_product_with_no_ndrc_level(refdata: ReferenceData) -> None:
    # cement 85 kgce/t: > L1 80, ≤ L2 87 → level 2; no NDRC level for cement.
    # gap to L1 = 5 kgce/t × 2 000 000 t / 1000 = 10 000 tce/yr.
    r = run(refdata, "cement", "comprehensive_energy", 85, 2_000_000, 2024)
    assert r.limit_level == 2
    assert r.ndrc_class is None and r.ndrc_edition is None
    assert r.gap_to_benchmark is None and r.gap_tce_per_year is None
    assert r.gap_to_level1_tce_per_year == pytest.approx(10_000.0, rel=RTOL)
    assert any("no NDRC benchmark or baseline is packaged" in n for n in r.notes)
    # GB 16780-2021 corrects cement to a 75 % clinker ratio: say so unless the caller did it
    assert any("not applied" in n and "clinker ratio" in n for n in r.notes)
    done = run(refdata, "cement", "comprehensive_energy", 85, 2_000_000, 2024,
               corrections_applied=True)
    assert not any("not applied" in n for n in done.notes)
    assert any("stated as applied" in n for n in done.notes)


def test_ndrc_edition_in_force_follows_the_year(refdata: ReferenceData) -> None:
    # ferrosilicon 1 870 kgce/t: 2022 → 2021 baseline 1 900 → between; 2023 → 1 850 → below.
    # L3 1 850 < 1 870 → fail in both years; gap 100 kgce/t × 10 000 t / 1000 = 1 000 tce/yr.
    early = run(refdata, "ferrosilicon", "comprehensive_energy", 1_870, 10_000, 2022)
    late = run(refdata, "ferrosilicon", "comprehensive_energy", 1_870, 10_000, 2023)
    assert (early.ndrc_edition, early.ndrc_baseline, early.ndrc_class) == (
        "ndrc-2021", 1_900, NdrcClass.BETWEEN)
    assert (late.ndrc_edition, late.ndrc_baseline, late.ndrc_class) == (
        "ndrc-2023", 1_850, NdrcClass.BELOW_BASELINE)
    assert early.limit_level == late.limit_level == "fail"
    assert late.gap_tce_per_year == pytest.approx(1_000.0, rel=RTOL)


def test_no_ndrc_class_before_the_first_edition(refdata: ReferenceData) -> None:
    r = run(refdata, "cement_clinker", "comprehensive_energy", 104, 1000, 2020)
    assert r.ndrc_class is None and r.gap_to_benchmark is None
    assert r.limit_level == 2
    assert any("first issued for 2021" in n for n in r.notes)
    assert any("earlier edition" in n for n in r.notes)  # GB 16780-2021 dates from 2021


def test_ndrc_only_product_keeps_2021_value_with_a_note(refdata: ReferenceData) -> None:
    # yellow phosphorus 2 500 kgce/t: between 2 300 and 2 800; gap 200 × 50 000 t / 1000.
    r = run(refdata, "yellow_phosphorus", "comprehensive_energy", 2_500, 50_000, 2024)
    assert r.limit_standard is None and r.limit_level is None
    assert r.ndrc_edition == "ndrc-2021" and r.ndrc_class is NdrcClass.BETWEEN
    assert r.gap_tce_per_year == pytest.approx(10_000.0, rel=RTOL)
    assert any("believed carried into ndrc-2023" in n for n in r.notes)
    assert any("flagged U" in n for n in r.notes)


def test_area_listed_without_values_gets_no_class(refdata: ReferenceData) -> None:
    # PVC (carbide, general) is a 2023 NDRC area whose levels were not found; GB 21257-2024
    # 185 / 193 / 270: 200 → level 3; gap to L1 15 kgce/t × 100 000 t / 1000 = 1 500 tce.
    r = run(refdata, "pvc_carbide_general", "comprehensive_energy", 200, 100_000, 2024)
    assert r.limit_level == 3 and r.ndrc_class is None and r.gap_to_benchmark is None
    assert r.ndrc_deadline == "2026-12-31"
    assert r.gap_to_level1_tce_per_year == pytest.approx(1_500.0, rel=RTOL)
    assert any("not found in the sources" in n for n in r.notes)
    before = run(refdata, "pvc_carbide_general", "comprehensive_energy", 200, 100_000, 2022)
    assert before.ndrc_edition is None and before.ndrc_class is None


def test_net_recovery_indicator_accepts_negative_values(refdata: ReferenceData) -> None:
    # BOF −20 kgce/t: > L2 −28, ≤ L3 −12 → level 3; between −30 and −10 → between;
    # gap −20 − (−30) = 10 kgce/t × 1 000 000 t / 1000 = 10 000 tce/yr.
    r = run(refdata, "crude_steel_bof", "energy", -20, 1_000_000, 2027)
    assert r.limit_level == 3 and r.ndrc_class is NdrcClass.BETWEEN
    assert r.gap_tce_per_year == pytest.approx(10_000.0, rel=RTOL)
    assert not any("earlier edition" in n for n in r.notes)
    in_2024 = run(refdata, "crude_steel_bof", "energy", -20, 1_000_000, 2024)
    assert any("2026-07-01" in n and "earlier edition" in n for n in in_2024.notes)
    part = run(refdata, "crude_steel_bof", "energy", -20, 1_000_000, 2026)
    assert any("part-way through 2026" in n for n in part.notes)


def test_missing_level_2_is_skipped(refdata: ReferenceData) -> None:
    # EAF < 50 t: 61 / — / 86 kgce/t. 61 → level 1; 70 → level 3 (no level 2 to meet).
    assert run(refdata, "crude_steel_eaf_lt50t", "energy", 61, 1, 2027).limit_level == 1
    r = run(refdata, "crude_steel_eaf_lt50t", "energy", 70, 1, 2027)
    assert r.limit_level == 3 and r.level2 is None
    assert [f.name.split(" (")[0] for f in r.factors[:2]] == [
        "GB 21256-2025 level 1", "GB 21256-2025 level 3"]


def test_coke_consumption_converted_through_coke_coefficient(refdata: ReferenceData) -> None:
    # 1 300 kg coke/t: > L1 1 280, ≤ L2 1 320 → level 2; gap to L1 20 kg/t × 100 000 t ×
    # 0.9714 kgce/kg / 1000 = 1 942.8 tce/yr.
    r = run(refdata, "ferromanganese_blast_furnace", "coke_consumption", 1_300, 100_000, 2024)
    assert r.limit_level == 2
    assert r.gap_to_level1_tce_per_year == pytest.approx(1_942.8, rel=RTOL)
    assert "0.9714 kgce/kg" in r.tce_conversion


def test_kgoe_indicator_has_no_tce_gap(refdata: ReferenceData) -> None:
    # refining 8.0 kgoe/(t·energy factor): GB 30251-2024 6.85 / 7.50 / 8.50 → level 3;
    # NDRC 7.5 / 8.5 → between, gap 0.5; no packaged kgoe → kgce conversion.
    r = run(refdata, "refining", "energy_per_energy_factor", 8.0, 1_000_000, 2024)
    assert r.limit_level == 3 and r.ndrc_class is NdrcClass.BETWEEN
    assert r.gap_to_benchmark == pytest.approx(0.5, rel=RTOL)
    assert r.gap_tce_per_year is None and r.tce_conversion == ""
    assert any("no packaged conversion" in n for n in r.notes)


def test_results_are_reproducible_and_batch_keeps_order(refdata: ReferenceData) -> None:
    lines = [line("cement_clinker", "comprehensive_energy", 104, 1e6, line_id="K1"),
             line("cement", "comprehensive_energy", 85, 2e6, line_id="M1")]
    first = benchmark_lines(lines, 2024, refdata)
    again = benchmark_lines(lines, 2024, reference_data())
    assert [r.line_id for r in first] == ["K1", "M1"]
    assert [r.model_dump_json() for r in first] == [r.model_dump_json() for r in again]
    assert first[0].result_id != first[1].result_id


def test_unit_is_checked_not_converted(refdata: ReferenceData) -> None:
    ok = run(refdata, "cement_clinker", "comprehensive_energy", 104, 1, 2024, unit="kgce/t")
    assert ok.limit_level == 2
    with pytest.raises(UnitError, match="kgce/t"):
        run(refdata, "cement_clinker", "comprehensive_energy", 0.104, 1, 2024, unit="tce/t")


# -- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "output", "column"), [
    (-5.0, 1_000.0, "value"),             # clinker energy cannot be negative
    (float("nan"), 1_000.0, "value"),
    (104.0, 0.0, "output_per_year"),      # energy use with zero output
    (104.0, -10.0, "output_per_year"),
    (104.0, float("inf"), "output_per_year"),
])
def test_bad_line_input_is_a_clear_input_error(refdata: ReferenceData, value: float,
                                               output: float, column: str) -> None:
    with pytest.raises(InputError) as info:
        run(refdata, "cement_clinker", "comprehensive_energy", value, output, 2024,
            line_id="kiln 2")
    err = info.value
    assert isinstance(err, ValueError)
    assert err.location.column == column
    assert "kiln 2" in str(err) and err.message_zh != err.message_en


def test_unknown_product_and_indicator(refdata: ReferenceData) -> None:
    with pytest.raises(OptionError, match="unknown product 'unobtainium'"):
        run(refdata, "unobtainium", "comprehensive_energy", 1, 1, 2024)
    with pytest.raises(FactorNotFound, match="comprehensive_electricity"):
        run(refdata, "cement_clinker", "smelting_electricity", 1, 1, 2024)


# -- tiered electricity price ---------------------------------------------------------------------
def test_aluminium_tiered_price_2025(refdata: ReferenceData) -> None:
    # 13 420 − 13 300 = 120 kWh/t = 6 steps of 20 → 6 × 0.01 = 0.06 CNY/kWh;
    # per year: 0.06 CNY/kWh × 13 420 kWh/t × 1 000 t = 805 200 CNY.
    t = tiered_price_class(13_420, 2025, refdata, output_t=1_000)
    assert t.threshold_kwh_per_t == 13_300 and t.step_kwh_per_t == 20
    assert t.excess_kwh_per_t == pytest.approx(120.0, rel=RTOL)
    assert t.steps == 6
    assert t.surcharge_cny_per_kwh == pytest.approx(0.06, rel=RTOL)
    assert t.surcharge_cny_per_year == pytest.approx(805_200.0, rel=RTOL)
    assert t.rule_kind is TieredRuleKind.STEP
    assert "1239号" in t.document and t.verification == "V"
    assert set(t.flags) == {TieredFlag.PART_STEP_COUNTS_FULL,
                            TieredFlag.EXCLUDES_DESULPHURISATION_POWER,
                            TieredFlag.RENEWABLE_DISCOUNT_NOT_APPLIED}
    assert "1.5×" in t.other_rules
    assert [f.value for f in t.factors] == [13_300, 0.01]


@pytest.mark.parametrize(("value", "year", "threshold", "steps", "surcharge"), [
    (13_420, 2022, 13_650, 0, 0.0),       # under the 2022 threshold
    (13_470, 2023, 13_450, 1, 0.01),      # 20 kWh/t over: exactly one step
    (13_471, 2024, 13_450, 2, 0.02),      # 21 over: a part-step counts as a full step
    (13_300, 2025, 13_300, 0, 0.0),       # exactly on the threshold
    (13_300.5, 2026, 13_300, 1, 0.01),
])
def test_tiered_price_steps(refdata: ReferenceData, value: float, year: int, threshold: float,
                            steps: int, surcharge: float) -> None:
    t = tiered_price_class(value, year, refdata)
    assert (t.threshold_kwh_per_t, t.steps) == (threshold, steps)
    assert t.surcharge_cny_per_kwh == pytest.approx(surcharge, rel=RTOL, abs=0)


@pytest.mark.parametrize(("value", "surcharge"), [
    (13_700, 0.0), (13_750, 0.02), (13_800, 0.02), (13_850, 0.08)])
def test_tiered_price_2013_bands(refdata: ReferenceData, value: float, surcharge: float) -> None:
    t = tiered_price_class(value, 2019, refdata)
    assert t.rule_kind is TieredRuleKind.BAND and t.steps is None
    assert "2530号" in t.document and t.indicator_zh == "铝液电解交流电耗"
    assert t.surcharge_cny_per_kwh == pytest.approx(surcharge, rel=RTOL, abs=0)


def test_tiered_price_bad_input_and_missing_rule(refdata: ReferenceData) -> None:
    with pytest.raises(InputError):
        tiered_price_class(-1, 2025, refdata)
    with pytest.raises(InputError, match="positive output"):
        tiered_price_class(13_420, 2025, refdata, output_t=0)
    with pytest.raises(FactorNotFound, match="2013"):
        tiered_price_class(13_420, 2013, refdata)


# -- properties -----------------------------------------------------------------------------------
_REF = reference_data()
_KEYS = sorted({(r["product_code"], r["indicator_code"])
                for ds in ("energy_limits", "ndrc_levels") for r in _REF.datasets[ds].rows
                if r.get("level3") or r.get("status") == "levels"})


@given(key=st.sampled_from(_KEYS), year=st.integers(2019, 2028),
       a=st.floats(-0.5, 1.5), b=st.floats(-0.5, 1.5))
def test_class_never_improves_when_the_value_gets_worse(
        key: tuple[str, str], year: int, a: float, b: float) -> None:
    product, indicator = key
    rows = [r for ds in ("energy_limits", "ndrc_levels") for r in _REF.datasets[ds].rows
            if (r["product_code"], r["indicator_code"]) == key]
    levels = [float(r[c]) for r in rows
              for c in ("level1", "level2", "level3", "benchmark", "baseline") if r.get(c)]
    lo, hi = min(levels), max(levels)
    span = max(hi - lo, 1.0)
    floor = min(lo - span, 0.0) if lo < 0 else 0.0
    better, worse = sorted(max(floor, lo + t * span) for t in (a, b))
    first = run(_REF, product, indicator, better, 1_000, year)
    second = run(_REF, product, indicator, worse, 1_000, year)
    if first.limit_level is not None and second.limit_level is not None:
        assert LIMIT_LEVEL_RANK[first.limit_level] <= LIMIT_LEVEL_RANK[second.limit_level]
    if first.ndrc_class is not None and second.ndrc_class is not None:
        assert NDRC_CLASS_RANK[first.ndrc_class] <= NDRC_CLASS_RANK[second.ndrc_class]
    for g1, g2 in ((first.gap_to_benchmark, second.gap_to_benchmark),
                   (first.gap_to_level1, second.gap_to_level1)):
        if g1 is not None and g2 is not None:
            assert 0 <= g1 <= g2


@given(excess=st.floats(-100, 2_000), more=st.floats(0, 500), year=st.integers(2014, 2030))
def test_tiered_surcharge_never_falls_as_consumption_rises(excess: float, more: float,
                                                            year: int) -> None:
    base = 13_300 + excess
    low = tiered_price_class(base, year, _REF)
    high = tiered_price_class(base + more, year, _REF)
    assert low.surcharge_cny_per_kwh <= high.surcharge_cny_per_kwh


def test_known_product_with_no_level_in_force_is_unclassified(refdata: ReferenceData) -> None:
    # yellow phosphorus has only NDRC levels, first issued for 2021: nothing applies in 2019
    r = run(refdata, "yellow_phosphorus", "comprehensive_energy", 2_500, 1_000, 2019)
    assert (r.limit_level, r.ndrc_class, r.gap_to_benchmark, r.unit) == (None, None, None, "kgce/t")
    assert r.factors == ()
    assert any("no GB limit standard" in n for n in r.notes)
    assert any("first issued for 2021" in n for n in r.notes)
    assert not any("is packaged for" in n for n in r.notes)
