"""Correction factors of the limit standards applied to the levels, worked by hand.

Formulas (greenmfg.energy.limit_corrections; GB 16780-2021 and GB 21256-2025 as transcribed in
stored file 71654997680, GB 29140-2024 from ../shared/reference/benchmarks.csv):

- cement: L_n + (100 r − 75) × 1.10 / 1.15 / 1.20; level 3 also × K above 1 500 m,
  K = 1.179 − 0.211 × P / 101.325 kPa
- blast furnace: + 3.61 × min(5, max(0, 62 − grade %)) + 0.30 / 0.45 / 0.50 per pct-pt of
  rare-earth ore / V-Ti magnetite / laterite nickel ore
- dual-process soda ash with sun-dried salt: × 1.18
- coke (GB 21342-2025, same stored file): + fuel 8.00 / 12.00 × mixed-gas share, + volatile
  table (linear), + (moisture − 10 / 10.5) × 3.67 / 3.71; levels 1 and 3 + oven age; level 3
  + 46.46 with wet quenching
"""

from __future__ import annotations

import pytest

from greenmfg.energy import benchmark_line
from greenmfg.errors import InputError
from greenmfg.model import BenchmarkInput, BenchmarkLine
from greenmfg.refdata import ReferenceData

RTOL = 1e-9


def run(refdata: ReferenceData, product: str, indicator: str, value: float,
        conditions: dict[str, float], year: int = 2026) -> BenchmarkLine:
    return benchmark_line(BenchmarkInput(product=product, indicator=indicator, value=value,
                                         output_per_year=1_000_000, conditions=conditions),
                          year, refdata)


def test_cement_clinker_ratio_and_altitude(refdata: ReferenceData) -> None:
    # 78 % clinker: 3 pct-pt above 75 → L1 80 + 3 × 1.10 = 83.3, L2 87 + 3 × 1.15 = 90.45,
    # L3 (94 + 3 × 1.20) × K; at 2 000 m, 80 kPa: K = 1.179 − 0.211 × 80 / 101.325
    k = 1.179 - 0.211 * 80 / 101.325
    r = run(refdata, "cement", "comprehensive_energy", 90.0,
            {"clinker_ratio": 0.78, "altitude_m": 2000, "pressure_kpa": 80})
    assert r.level1 == pytest.approx(83.3, rel=RTOL)
    assert r.level2 == pytest.approx(90.45, rel=RTOL)
    assert r.level3 == pytest.approx(97.6 * k, rel=RTOL)
    # 90 kgce/t: level 3 against the published 87, level 2 against the corrected 90.45
    assert r.limit_level == 2
    assert any("80 / 87 / 94 as published" in n for n in r.notes)
    assert not any("not applied" in n for n in r.notes)
    used = {f.factor_id.rpartition(":correction:")[2]: f.value for f in r.factors
            if ":correction:" in f.factor_id}
    assert used == pytest.approx({"clinker_ratio:level1": 1.10, "clinker_ratio:level2": 1.15,
                                  "clinker_ratio:level3": 1.20, "altitude": k}, rel=RTOL)
    assert all(f.verification == "R" for f in r.factors)


def test_cement_below_75_percent_clinker_lowers_the_levels(refdata: ReferenceData) -> None:
    # 70 % clinker: −5 pct-pt → 80 − 5.5 = 74.5, 87 − 5.75 = 81.25, 94 − 6 = 88 (no altitude
    # given: level 3 uncorrected for it, and the line says so)
    r = run(refdata, "cement", "comprehensive_energy", 85.0, {"clinker_ratio": 0.70})
    assert (r.level1, r.level2, r.level3) == pytest.approx((74.5, 81.25, 88.0), rel=RTOL)
    assert r.limit_level == 3
    assert any("not applied" in n and "altitude" in n for n in r.notes)


@pytest.mark.parametrize(("altitude", "pressure", "level3"), [
    (1200, None, 117.0),                                  # ≤ 1 500 m: K = 1
    (1500, None, 117.0),
    (3000, 70.0, 117.0 * (1.179 - 0.211 * 70 / 101.325)),  # K = 1.03323…
])
def test_clinker_altitude_corrects_level_3_only(refdata: ReferenceData, altitude: float,
                                                pressure: float | None, level3: float) -> None:
    conditions = {"altitude_m": altitude} | ({} if pressure is None else {"pressure_kpa": pressure})
    r = run(refdata, "cement_clinker", "comprehensive_energy", 118.0, conditions)
    assert (r.level1, r.level2) == (100, 107)
    assert r.level3 == pytest.approx(level3, rel=RTOL)
    assert r.limit_level == ("fail" if level3 < 118 else 3)


@pytest.mark.parametrize(("grade", "added"), [
    (0.58, 4 * 3.61),   # 62 − 58 = 4 points
    (0.50, 5 * 3.61),   # 12 points, capped at 5
    (0.64, 0.0),        # above 62 %: no reduction
])
def test_blast_furnace_burden_grade(refdata: ReferenceData, grade: float, added: float) -> None:
    # plus 10 % laterite nickel ore: 10 × 0.50 = 5 kgce/t on every level
    r = run(refdata, "ironmaking_blast_furnace", "energy", 380.0,
            {"feed_grade": grade, "laterite_nickel_ore_share": 0.10})
    assert (r.level1, r.level2, r.level3) == pytest.approx(
        (361 + added + 5, 370 + added + 5, 415 + added + 5), rel=RTOL)
    assert any("rare_earth_ore_share" in n and "not applied" in n for n in r.notes)


def test_sinter_ore_shares(refdata: ReferenceData) -> None:
    # 20 % V-Ti magnetite × 0.20 = 4, 5 % rare-earth ore × 0.15 = 0.75 → 47.75 / 50.75 / 56.75
    r = run(refdata, "ironmaking_sinter", "energy", 50.0,
            {"vti_magnetite_share": 0.20, "rare_earth_ore_share": 0.05})
    assert (r.level1, r.level2, r.level3) == pytest.approx((47.75, 50.75, 56.75), rel=RTOL)
    assert r.limit_level == 2


def test_dual_process_soda_ash_with_sun_dried_salt(refdata: ReferenceData) -> None:
    # 145 / 160 / 200 × 1.18 = 171.1 / 188.8 / 236
    r = run(refdata, "soda_ash_dual_process_light", "comprehensive_energy", 180.0,
            {"sun_dried_salt": 1})
    assert (r.level1, r.level2, r.level3) == pytest.approx((171.1, 188.8, 236.0), rel=RTOL)
    assert r.limit_level == 2
    plain = run(refdata, "soda_ash_dual_process_light", "comprehensive_energy", 180.0,
                {"sun_dried_salt": 0})
    assert (plain.level1, plain.level2, plain.level3) == (145, 160, 200)


def test_without_conditions_the_uncorrected_value_is_compared(refdata: ReferenceData) -> None:
    r = run(refdata, "cement", "comprehensive_energy", 90.0, {})
    assert (r.level1, r.level2, r.level3) == (80, 87, 94)
    assert any("not applied" in n and "clinker_ratio" in n for n in r.notes)
    # a standard whose correction greenmfg does not implement says so
    glass = benchmark_line(BenchmarkInput(product="flat_glass_gt800tpd",
                                          indicator="comprehensive_energy", value=11.0,
                                          output_per_year=1e6), 2026, refdata)
    assert any("uncorrected value is compared" in n for n in glass.notes)
    # conditions given to a line whose standard has no implemented correction are noted
    alu = run(refdata, "cement_clinker", "comprehensive_electricity", 50.0, {"feed_grade": 0.6})
    assert any("feed_grade not used" in n for n in alu.notes)


def test_conditions_change_the_result_id(refdata: ReferenceData) -> None:
    a = run(refdata, "cement", "comprehensive_energy", 90.0, {})
    b = run(refdata, "cement", "comprehensive_energy", 90.0, {"clinker_ratio": 0.78})
    assert a.result_id != b.result_id


@pytest.mark.parametrize(("conditions", "words"), [
    ({"clinker_ratio": 78}, "clinker share of the cement is 78"),
    ({"altitude_m": 2500}, "needs the site's atmospheric pressure"),
    ({"sun_dried_salt": 0.5}, "sun_dried_salt is 0.5; give 1 or 0"),
    ({"kiln_age": 3}, "unknown benchmark condition 'kiln_age'"),
])
def test_bad_conditions_are_clear_errors(refdata: ReferenceData, conditions: dict[str, float],
                                         words: str) -> None:
    product = "soda_ash_dual_process_light" if "sun_dried_salt" in conditions else "cement"
    with pytest.raises(InputError, match=words) as exc:
        run(refdata, product, "comprehensive_energy", 90.0, conditions)
    assert exc.value.message_zh


@pytest.mark.parametrize(("product", "conditions", "levels", "level"), [
    # top-charged 110 / 110 / 135 kgce/t; mixed gas 40 % of the time: 8.00 × 0.4 = 3.2;
    # volatile 24.5 %: between 24 (4.25) and 25 (8.55) → 4.25 + 0.5 × 4.30 = 6.4;
    # moisture 11 %: (11 − 10) × 3.67 = 3.67; oven 20 years: 2.50 on levels 1 and 3;
    # wet quenching: 46.46 on level 3.
    # L1 = 110 + 3.2 + 6.4 + 3.67 + 2.5 = 125.77; L2 = 110 + 3.2 + 6.4 + 3.67 = 123.27;
    # L3 = 135 + 3.2 + 6.4 + 3.67 + 2.5 + 46.46 = 197.23 → 124 kgce/t is level 1
    ("coke_top_charged", {"mixed_gas_ratio": 0.4, "coal_volatile": 0.245,
                          "coal_moisture": 0.11, "oven_age_years": 20, "wet_quenching": 1},
     (125.77, 123.27, 197.23), 1),
    # stamp-charged 115 / 115 / 140; coke-oven gas only (0), volatile 25 % → 0, moisture
    # 9.5 %: (9.5 − 10.5) × 3.71 = −3.71; 10-year oven: 0; dry quenching: 0
    # → 111.29 / 111.29 / 136.29; 124 kgce/t is level 3
    ("coke_stamp_charged", {"mixed_gas_ratio": 0, "coal_volatile": 0.25, "coal_moisture": 0.095,
                            "oven_age_years": 10, "wet_quenching": 0},
     (111.29, 111.29, 136.29), 3),
])
def test_coke_corrections(refdata: ReferenceData, product: str, conditions: dict[str, float],
                          levels: tuple[float, float, float], level: int) -> None:
    r = run(refdata, product, "energy", 124.0, conditions)
    assert (r.level1, r.level2, r.level3) == pytest.approx(levels, rel=RTOL)
    assert r.limit_level == level
    assert not any("not applied" in n for n in r.notes)


def test_coke_volatile_matter_outside_the_table(refdata: ReferenceData) -> None:
    with pytest.raises(InputError, match="outside the standard's table"):
        run(refdata, "coke_stamp_charged", "energy", 112.0, {"coal_volatile": 0.22})
