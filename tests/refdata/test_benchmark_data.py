"""The benchmarking datasets: complete, consistent with their sources, and kept apart.

Expected values are read off ../shared/reference (benchmarks.csv, ndrc_benchmarks_2023.csv,
tiered_pricing.csv) by hand, not from the packaged files.
"""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from greenmfg.errors import FactorNotFound
from greenmfg.refdata import ReferenceData
from greenmfg.refdata.benchmarks import (
    energy_limit,
    limit_products,
    ndrc_edition_year,
    ndrc_level,
    product_indicators,
    tiered_price_rules,
)

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO.parent / "shared" / "reference"
CODE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


def test_datasets_load_through_the_manifest(refdata: ReferenceData) -> None:
    counts = {name: len(refdata.datasets[name].rows)
              for name in ("energy_limits", "ndrc_levels", "tiered_pricing")}
    # 191 GB rows in benchmarks.csv (223 minus 32 NDRC rows); 52 NDRC areas spread over the
    # GB classes they pair with and the editions they appear in; 3 + 2 tiered-price rows
    assert counts == {"energy_limits": 191, "ndrc_levels": 93, "tiered_pricing": 5}
    for name in counts:
        dataset = refdata.datasets[name]
        assert dataset.licence and dataset.title_zh and dataset.title_en
        for edition in dataset.editions:
            assert edition.source_document and edition.publisher and edition.verification


def test_energy_limit_rows_are_well_formed(refdata: ReferenceData) -> None:
    seen: set[tuple[str, str, str]] = set()
    for row in limit_products(refdata):
        key = (row["product_code"], row["indicator_code"], row["edition"])
        assert key not in seen
        seen.add(key)
        assert CODE.match(row["product_code"]) and CODE.match(row["indicator_code"])
        assert row["direction"] == "lower_is_better"
        assert row["product_zh"] and row["indicator_zh"]
        levels = [Decimal(row[c]) for c in ("level1", "level2", "level3") if row[c]]
        assert row["level3"] and levels == sorted(levels), row["factor_id"]
        energy, _, _output = row["unit"].partition("/")
        assert energy == row["energy_unit"]
        assert row["energy_carrier"] == {"kgce": "", "kgoe": "", "kWh": "electricity",
                                         "kg": "coke"}[energy]
        assert row["edition"] == "gb" + row["document"][3:].replace(" ", "").lower()
        assert row["verification"] in {"R", "R-weak"}
        assert "benchmark" not in row and "baseline" not in row  # never merged with NDRC


def test_ndrc_rows_are_their_own_table(refdata: ReferenceData) -> None:
    limits = {(r["product_code"], r["indicator_code"]): r for r in limit_products(refdata)}
    for row in refdata.datasets["ndrc_levels"].rows:
        assert "level1" not in row and "level3" not in row  # never merged with GB
        assert row["edition"] in {"ndrc-2021", "ndrc-2023"}
        assert row["deadline"] in {"2025-12-31", "2026-12-31"}
        if row["status"] == "levels":
            assert Decimal(row["benchmark"]) <= Decimal(row["baseline"])
        else:
            assert row["status"] == "values_not_found"
            assert row["benchmark"] == row["baseline"] == "" and row["verification"] == "U"
        gb = limits.get((row["product_code"], row["indicator_code"]))
        if gb is not None:
            assert gb["unit"] == row["unit"], row["factor_id"]
            assert gb["product_zh"] == row["product_zh"]


@pytest.mark.parametrize(("product", "indicator", "gb", "ndrc_2021", "ndrc_2023", "flag"), [
    # benchmarks.csv: GB 16780-2021 100/107/117; ndrc_benchmarks_2023.csv: 100/117 both, V
    ("cement_clinker", "comprehensive_energy", ("100", "107", "117"), ("100", "117"),
     ("100", "117"), "V"),
    # GB 21346-2022 12950/13000/13350; NDRC 13000/13350 (R-corroborated)
    ("primary_aluminium_liquid", "ac_electricity", ("12950", "13000", "13350"),
     ("13000", "13350"), ("13000", "13350"), "R"),
    # GB 21341-2022 1700/1770/1850; NDRC 2021 1770/1900 → 2023 1770/1850 (V)
    ("ferrosilicon", "comprehensive_energy", ("1700", "1770", "1850"), ("1770", "1900"),
     ("1770", "1850"), "V"),
    # GB 21342-2025 110/110/135; NDRC 110/135 (R-weak)
    ("coke_top_charged", "energy", ("110", "110", "135"), ("110", "135"), ("110", "135"),
     "R-weak"),
    # GB 21256-2025 −30/−28/−12; NDRC (2013 lineage) −30/−10 (R-weak)
    ("crude_steel_bof", "energy", ("-30", "-28", "-12"), ("-30", "-10"), ("-30", "-10"),
     "R-weak"),
    # GB 29436-2023 烟煤制甲醇 1380/1400/1800; NDRC 煤制甲醇 1400/1800 (R-corroborated)
    ("methanol_bituminous_coal", "comprehensive_energy", ("1380", "1400", "1800"),
     ("1400", "1800"), ("1400", "1800"), "R"),
])
def test_packaged_values_match_the_reference(
        refdata: ReferenceData, product: str, indicator: str, gb: tuple[str, str, str],
        ndrc_2021: tuple[str, str], ndrc_2023: tuple[str, str], flag: str) -> None:
    row, _ = energy_limit(refdata, product, indicator, 2027)
    assert row is not None
    assert tuple(Decimal(row[f"level{n}"]) for n in (1, 2, 3)) == tuple(map(Decimal, gb))
    for year, expected in ((2022, ndrc_2021), (2024, ndrc_2023)):
        nd, notes = ndrc_level(refdata, product, indicator, year)
        assert nd is not None and notes == ()
        assert (Decimal(nd["benchmark"]), Decimal(nd["baseline"])) == tuple(map(Decimal, expected))
        assert nd["verification"] == flag


def test_cement_carries_its_correction(refdata: ReferenceData) -> None:
    row, _ = energy_limit(refdata, "cement", "comprehensive_energy", 2024)
    assert row is not None and "clinker ratio corrected to 75%" in row["correction"]
    clinker, _ = energy_limit(refdata, "cement_clinker", "comprehensive_energy", 2024)
    assert clinker is not None and clinker["correction"] == ""


def test_ndrc_edition_selection(refdata: ReferenceData) -> None:
    assert ndrc_edition_year("ndrc-2023") == 2023
    with pytest.raises(FactorNotFound):
        ndrc_edition_year("gb16780-2021")
    row, notes = ndrc_level(refdata, "cement_clinker", "comprehensive_energy", 2019)
    assert row is None and "first issued" in notes[0]
    # 2023 value of yellow phosphorus not found: the 2021 row stands in, with a note
    row, notes = ndrc_level(refdata, "yellow_phosphorus", "comprehensive_energy", 2025)
    assert row is not None and row["edition"] == "ndrc-2021" and "carried" in notes[0]
    # an NDRC area covering two GB classes has a row for each
    for product in ("crude_steel_eaf_50_70t", "crude_steel_eaf_ge70t"):
        row, _ = ndrc_level(refdata, product, "energy", 2022)
        assert row is not None and row["ndrc_area_zh"] == "电弧炉冶炼(≥50t)"
    assert ndrc_level(refdata, "cement", "comprehensive_energy", 2024) == (None, ())


def test_gb_edition_not_yet_in_force_is_noted(refdata: ReferenceData) -> None:
    _, notes = energy_limit(refdata, "ironmaking_sinter", "energy", 2025)
    assert notes and "2026-07-01" in notes[0]
    assert energy_limit(refdata, "ironmaking_sinter", "energy", 2027)[1] == ()
    assert energy_limit(refdata, "nope", "energy", 2027) == (None, ())


def test_product_indicators(refdata: ReferenceData) -> None:
    assert product_indicators(refdata, "primary_aluminium_liquid") == (
        "ac_electricity", "comprehensive_ac_electricity")
    assert product_indicators(refdata, "yellow_phosphorus") == ("comprehensive_energy",)
    assert product_indicators(refdata, "unobtainium") == ()


@pytest.mark.parametrize(("year", "threshold", "start"), [
    (2022, "13650", "2022-01-01"), (2023, "13450", "2023-01-01"), (2024, "13450", "2023-01-01"),
    (2025, "13300", "2025-01-01"), (2030, "13300", "2025-01-01")])
def test_tiered_rule_by_year(refdata: ReferenceData, year: int, threshold: str, start: str) -> None:
    # tiered_pricing.csv: 1239号 13650 from 2022-01-01, 13450 from 2023-01-01, 13300 from
    # 2025-01-01; +0.01 CNY/kWh per 20 kWh/t (V)
    rows, notes = tiered_price_rules(refdata, "primary_aluminium_liquid", year)
    assert len(rows) == 1 and notes == ()
    assert (rows[0]["threshold_kwh_per_t"], rows[0]["effective_from"]) == (threshold, start)
    assert (rows[0]["step_kwh_per_t"], rows[0]["surcharge_cny_per_kwh"]) == ("20", "0.01")
    assert rows[0]["verification"] == "V"


def test_tiered_2013_bands_and_gaps(refdata: ReferenceData) -> None:
    rows, _ = tiered_price_rules(refdata, "primary_aluminium_liquid", 2016)
    assert [(r["threshold_kwh_per_t"], r["upper_kwh_per_t"], r["surcharge_cny_per_kwh"])
            for r in rows] == [("13700", "13800", "0.02"), ("13800", "", "0.08")]
    with pytest.raises(FactorNotFound):
        tiered_price_rules(refdata, "primary_aluminium_liquid", 2010)
    with pytest.raises(FactorNotFound):
        tiered_price_rules(refdata, "cement_clinker", 2024)


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="reference folder ../shared/reference absent")
def test_build_script_check_passes() -> None:
    done = subprocess.run([sys.executable, str(REPO / "tools" / "build_refdata.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
