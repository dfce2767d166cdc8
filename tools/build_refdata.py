#!/usr/bin/env python3
"""Build greenmfg's packaged reference datasets.

Reads the sourced reference material (``fuels.csv``, ``grid_factors.csv``,
``coal_equivalents.csv``, ``ets_sector_params.csv``, ``benchmarks.csv``,
``ndrc_benchmarks_2023.csv``, ``tiered_pricing.csv`` in the reference folder) plus
the supplementary rows embedded below, each with its source, and writes the CSV
files, ``manifest.json`` and ``README.md`` into ``src/greenmfg/refdata/data/``.

Usage::

    python tools/build_refdata.py [REFERENCE_DIR] [--out DIR] [--check]

``REFERENCE_DIR`` defaults to ``../shared/reference`` relative to the repository
root. ``--check`` builds in memory and exits 1 if the files on disk differ.

The output is deterministic: UTF-8, LF line endings, rows in a fixed order,
no timestamps. Every row carries ``factor_id``, ``edition``, ``verification``
(V, R, R-weak or U, carried from the reference material) and ``source``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from refdata_cbam import (
    DEFAULTS_COLUMNS as CBAM_DEFAULTS_COLUMNS,
)
from refdata_cbam import (
    GOODS_COLUMNS as CBAM_GOODS_COLUMNS,
)
from refdata_cbam import (
    build_cbam_defaults,
    build_cbam_goods,
    cbam_meta,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO_ROOT.parent / "shared" / "reference"
DEFAULT_OUT = REPO_ROOT / "src" / "greenmfg" / "refdata" / "data"

FLAGS = ("V", "R", "R-weak", "U")
FLAG_RANK = {flag: rank for rank, flag in enumerate(FLAGS)}

Row = dict[str, str]


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def dec(text: str) -> Decimal:
    """Parse a decimal number from the reference text (no floats involved)."""
    return Decimal(text.strip())


def fmt(value: Decimal | int | float | Fraction) -> str:
    """Format a number without exponent and without trailing zeros."""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Fraction):
        return repr(float(value))
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return text


def read_csv(path: Path) -> list[Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def render_csv(columns: list[str], rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        extra = set(row) - set(columns)
        if extra:
            raise ValueError(f"unexpected columns {sorted(extra)}")
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue()


def weakest(flags: Iterable[str]) -> str:
    return max(flags, key=lambda flag: FLAG_RANK[flag])


def require(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"build_refdata: {message}")


# ---------------------------------------------------------------------------
# provinces (GB/T 2260) and the MEE regional grids
# ---------------------------------------------------------------------------

GRID_CODES = {
    "华北": "grid:north",
    "东北": "grid:northeast",
    "华东": "grid:east",
    "华中": "grid:central",
    "西北": "grid:northwest",
    "南方": "grid:south",
    "西南": "grid:southwest",
}

# (GB/T 2260 code, short Chinese name, English name, MEE regional grid)
PROVINCES: list[tuple[str, str, str, str]] = [
    ("110000", "北京", "Beijing", "华北"),
    ("120000", "天津", "Tianjin", "华北"),
    ("130000", "河北", "Hebei", "华北"),
    ("140000", "山西", "Shanxi", "华北"),
    ("150000", "内蒙古", "Inner Mongolia", "华北"),
    ("210000", "辽宁", "Liaoning", "东北"),
    ("220000", "吉林", "Jilin", "东北"),
    ("230000", "黑龙江", "Heilongjiang", "东北"),
    ("310000", "上海", "Shanghai", "华东"),
    ("320000", "江苏", "Jiangsu", "华东"),
    ("330000", "浙江", "Zhejiang", "华东"),
    ("340000", "安徽", "Anhui", "华东"),
    ("350000", "福建", "Fujian", "华东"),
    ("360000", "江西", "Jiangxi", "华中"),
    ("370000", "山东", "Shandong", "华北"),
    ("410000", "河南", "Henan", "华中"),
    ("420000", "湖北", "Hubei", "华中"),
    ("430000", "湖南", "Hunan", "华中"),
    ("440000", "广东", "Guangdong", "南方"),
    ("450000", "广西", "Guangxi", "南方"),
    ("460000", "海南", "Hainan", "南方"),
    ("500000", "重庆", "Chongqing", "西南"),
    ("510000", "四川", "Sichuan", "西南"),
    ("520000", "贵州", "Guizhou", "南方"),
    ("530000", "云南", "Yunnan", "南方"),
    ("540000", "西藏", "Xizang (Tibet)", "西南"),
    ("610000", "陕西", "Shaanxi", "西北"),
    ("620000", "甘肃", "Gansu", "西北"),
    ("630000", "青海", "Qinghai", "西北"),
    ("640000", "宁夏", "Ningxia", "西北"),
    ("650000", "新疆", "Xinjiang", "西北"),
]
PROVINCE_CODE = {zh: code for code, zh, _en, _grid in PROVINCES}

GRID_EVIDENCE_OLD_LISTS = (
    "membership corroborated only by public files listing regional-grid coverage "
    "(stored file ids 22012816432, 33841914279: older NDRC six-grid lists, in which "
    "川渝 sat in 华中); the MEE notice's own table was not read"
)
REGION_GRID_NOTES: dict[str, tuple[str, str]] = {
    "华北": ("R-weak", GRID_EVIDENCE_OLD_LISTS),
    "东北": ("R-weak", GRID_EVIDENCE_OLD_LISTS),
    "华东": ("R-weak", GRID_EVIDENCE_OLD_LISTS),
    "华中": ("R-weak", GRID_EVIDENCE_OLD_LISTS + "; 川渝 now form 西南 with 西藏"),
    "西北": ("R-weak", GRID_EVIDENCE_OLD_LISTS),
    "南方": ("R-weak", GRID_EVIDENCE_OLD_LISTS),
    "西南": (
        "R-weak",
        "西南 = 四川/重庆/西藏 corroborated only by a public file describing the State "
        "Grid Southwest Branch serving those three (stored file id 63131090279); the "
        "MEE notice's own table was not read",
    ),
}
# Inner Mongolia is split between grids in the older lists (蒙西 华北, 蒙东 东北).
REGION_OVERRIDES: dict[str, tuple[str, str]] = {
    "150000": (
        "U",
        "packaged as 华北 per the project brief; older NDRC lists put 蒙西 in 华北 and "
        "蒙东 in 东北 (stored file ids 22012816432, 33841914279); how MEE's regional "
        "factor treats 蒙东 was not verified",
    ),
}


# ---------------------------------------------------------------------------
# 1. fuels
# ---------------------------------------------------------------------------

FUEL_CODES = {
    "无烟煤": "anthracite",
    "烟煤": "bituminous_coal",
    "褐煤": "lignite",
    "洗精煤": "washed_coal",
    "其他洗煤": "other_washed_coal",
    "型煤": "briquettes",
    "其他煤制品": "other_coal_products",
    "焦炭": "coke",
    "石油焦": "petroleum_coke",
    "原油": "crude_oil",
    "燃料油": "fuel_oil",
    "汽油": "gasoline",
    "柴油": "diesel",
    "一般煤油": "kerosene",
    "液化天然气": "lng",
    "液化石油气": "lpg",
    "石脑油": "naphtha",
    "焦油": "coal_tar",
    "粗苯": "crude_benzene",
    "其他石油制品": "other_petroleum_products",
    "天然气": "natural_gas",
    "高炉煤气": "blast_furnace_gas",
    "转炉煤气": "converter_gas",
    "焦炉煤气": "coke_oven_gas",
    "炼厂干气": "refinery_dry_gas",
    "其他煤气": "other_gas",
}
ACTIVITY_UNITS = {"t": "t", "10^4 Nm3": "wan_Nm3"}
FUEL_EDITIONS = {
    "A_GB/T32151.22-2024_C.1": "gbt32150-2015",
    "B_NDRC-guidelines-2013-15": "ndrc-2013",
}
FUEL_COLUMNS = [
    "factor_id",
    "edition",
    "fuel_code",
    "name_zh",
    "name_en",
    "activity_unit",
    "ncv_gj_per_unit",
    "carbon_content_tc_per_tj",
    "oxidation_rate",
    "verification",
    "source",
]
SOURCE_FUEL_A = (
    "GB/T 32150-2015 Table B.1 default as transcribed from GB/T 32151.22-2024 Annex C "
    "Table C.1 in a public GitHub file (stored file id 52627613573); the two tables are "
    "believed identical (equivalence not verified); standard text not read"
)
SOURCE_FUEL_B = (
    "NDRC 2013-2015 industry GHG accounting guidelines, 常用化石燃料相关参数缺省值 "
    "(guideline text not read); evidence: "
)


def fuel_flag(variant: str, text: str) -> str:
    if variant == "gbt32150-2015":
        require("transcribed from repo file" in text, f"unexpected fuel flag text {text!r}")
        return "R"
    if "UNVERIFIED" in text.upper():
        return "U"
    require("corroborated" in text, f"unexpected fuel flag text {text!r}")
    return "R"


def build_fuels(reference: Path) -> list[Row]:
    rows: list[Row] = []
    for ref in read_csv(reference / "fuels.csv"):
        edition = FUEL_EDITIONS[ref["variant"]]
        code = FUEL_CODES[ref["fuel_cn"]]
        ncv = dec(ref["ncv_GJ_per_unit"])
        carbon = dec(ref["carbon_content_tC_per_TJ"])
        oxidation = dec(ref["oxidation_rate_pct"]) / 100
        # integrity check against the reference's own computed factor
        ef = ncv * carbon / 1000 * oxidation * Decimal(44) / Decimal(12)
        ef_ref = dec(ref["co2_ef_tCO2_per_unit(computed=NCV*CC/1000*OF*44/12)"])
        require(abs(ef - ef_ref) < Decimal("0.001"), f"EF mismatch for {edition}/{code}")
        flag = fuel_flag(edition, ref["verification"])
        source = SOURCE_FUEL_A if edition == "gbt32150-2015" else SOURCE_FUEL_B + ref["verification"]
        rows.append(
            {
                "factor_id": f"fuel:{edition}:{code}",
                "edition": edition,
                "fuel_code": code,
                "name_zh": ref["fuel_cn"],
                "name_en": ref["fuel_en"],
                "activity_unit": ACTIVITY_UNITS[ref["activity_unit"]],
                "ncv_gj_per_unit": fmt(ncv),
                "carbon_content_tc_per_tj": fmt(carbon),
                "oxidation_rate": fmt(oxidation),
                "verification": flag,
                "source": source,
            }
        )
    codes_a = {r["fuel_code"] for r in rows if r["edition"] == "gbt32150-2015"}
    require(codes_a == set(FUEL_CODES.values()), "variant A does not cover all fuel codes")
    return sorted(rows, key=lambda r: r["factor_id"])


# ---------------------------------------------------------------------------
# 2. electricity CO2 factors (MEE + NBS)
# ---------------------------------------------------------------------------

ELEC_COLUMNS = [
    "factor_id",
    "edition",
    "data_year",
    "level",
    "region",
    "region_code",
    "factor_type",
    "value_tco2_per_mwh",
    "document",
    "published",
    "verification",
    "source",
]
FACTOR_TYPES = {
    "average (location-based)": "average",
    "average": "average",
    "average excl. market-traded non-fossil (residual mix)": "residual_mix",
    "fossil-fuel power only": "fossil_only",
}
MEE_NOTICES: dict[str, tuple[str, str, str]] = {
    # data year: (published, expected substring in the reference, document)
    "2021": (
        "2024-04-12",
        "公告2024年第12号",
        "生态环境部、国家统计局 公告2024年第12号《2021年电力二氧化碳排放因子》",
    ),
    "2022": (
        "2024-12-23",
        "2024-12-23",
        "生态环境部、国家统计局《2022年电力二氧化碳排放因子》(dated 2024-12-20, "
        "issued 2024-12-23; notice number 公告2024年第33号 per repos, unverified)",
    ),
    "2023": (
        "2025-12-31",
        "公告2025年第47号",
        "生态环境部、国家统计局 公告2025年第47号《2023年电力二氧化碳排放因子》 "
        "https://www.mee.gov.cn/xxgk2018/xxgk/xxgk01/202512/W020251231726284332528.pdf",
    ),
}
LEVEL_ORDER = {"national": 0, "regional": 1, "provincial": 2}
SOUTH_2021_EVIDENCE = " (offset notice: avav2727.com/tanzhibiao/202411/06109240.html)"


def elec_flag(ref: Row) -> tuple[str, str]:
    """Return (flag, extra source note) for one reference grid-factor row."""
    text = ref["verification_source"]
    if text.startswith("verified:") or "value also confirmed by news" in text:
        return "V", ""
    if "treat as UNVERIFIED" in text:
        return "U", "; the digest labels it R-weak, the reference CSV says unverified → U"
    if ref["level"] == "regional" and ref["data_year"] == "2021" and ref["region"] == "南方":
        return "V", SOUTH_2021_EVIDENCE
    require(text.startswith("repo"), f"unexpected grid-factor flag text {text!r}")
    return "R", ""


def build_electricity(reference: Path) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    missing: list[str] = []
    for ref in read_csv(reference / "grid_factors.csv"):
        level = ref["level"]
        if level not in LEVEL_ORDER:
            continue
        year = ref["data_year"]
        published, expected, document = MEE_NOTICES[year]
        require(expected in ref["official_document"], f"unexpected notice for {year}")
        factor_type = FACTOR_TYPES[ref["factor_type"]]
        region = ref["region"]
        if level == "national":
            region_code = "CN"
        elif level == "regional":
            region_code = GRID_CODES[region]
        else:
            region_code = PROVINCE_CODE[region]
        if not ref["value"].strip():
            missing.append(f"{year} {level} {region} {factor_type} (not found)")
            continue
        require(ref["unit"] == "kgCO2/kWh", f"unexpected unit {ref['unit']!r}")
        edition = f"mee-nbs-{year}"
        flag, extra = elec_flag(ref)
        rows.append(
            {
                "factor_id": f"elec:{edition}:{region_code}:{factor_type}",
                "edition": edition,
                "data_year": year,
                "level": level,
                "region": region,
                "region_code": region_code,
                "factor_type": factor_type,
                "value_tco2_per_mwh": fmt(dec(ref["value"])),
                "document": document,
                "published": published,
                "verification": flag,
                "source": f"MEE+NBS {year} electricity CO2 factors; evidence: "
                + ref["verification_source"]
                + extra,
            }
        )
    for year in sorted({r["data_year"] for r in rows}):
        have = {r["region"] for r in rows if r["data_year"] == year and r["level"] == "provincial"}
        absent = [zh for _code, zh, _en, _grid in PROVINCES if zh not in have]
        if absent:
            missing.append(f"{year} provincial average not packaged for: {'、'.join(absent)}")
    rows.sort(
        key=lambda r: (
            r["edition"],
            LEVEL_ORDER[r["level"]],
            r["region_code"],
            r["factor_type"],
        )
    )
    return rows, missing


# ---------------------------------------------------------------------------
# 3. regions
# ---------------------------------------------------------------------------

REGION_COLUMNS = [
    "region_code",
    "name_zh",
    "name_en",
    "grid_region_code",
    "verification",
    "source",
    "factor_id",
    "edition",
]


def build_regions() -> list[Row]:
    rows: list[Row] = []
    for code, zh, en, grid in PROVINCES:
        flag, note = REGION_OVERRIDES.get(code, REGION_GRID_NOTES[grid])
        rows.append(
            {
                "region_code": code,
                "name_zh": zh,
                "name_en": en,
                "grid_region_code": GRID_CODES[grid],
                "verification": flag,
                "source": "GB/T 2260 province-level code (widely reproduced); grid "
                f"assignment {grid} for the MEE regional factors: {note}",
                "factor_id": f"region:{code}",
                "edition": "gbt2260",
            }
        )
    require(len(rows) == 31, "expected 31 mainland provinces")
    return sorted(rows, key=lambda r: r["region_code"])


# ---------------------------------------------------------------------------
# 4. national-ETS grid defaults, 5. heat
# ---------------------------------------------------------------------------

ETS_COLUMNS = [
    "factor_id",
    "edition",
    "reporting_year_from",
    "reporting_year_to",
    "value_tco2_per_mwh",
    "document",
    "verification",
    "source",
]
HEAT_COLUMNS = ["factor_id", "edition", "value_tco2_per_gj", "document", "verification", "source"]
HEAT_EDITION = "gbt32151.24-2024"


def build_ets(reference: Path) -> list[Row]:
    rows: list[Row] = []
    for ref in read_csv(reference / "grid_factors.csv"):
        if ref["level"] != "national-ETS":
            continue
        match = re.match(r"(\d{4})(?:-(\d{4}))?", ref["data_year"])
        require(match is not None, f"cannot parse ETS years {ref['data_year']!r}")
        assert match is not None
        year_from = int(match.group(1))
        year_to = int(match.group(2) or match.group(1))
        require(ref["unit"] == "tCO2/MWh", "unexpected ETS unit")
        text = ref["verification_source"]
        require("repos" in text, f"unexpected ETS flag text {text!r}")
        edition = f"ets-{year_from}"
        rows.append(
            {
                "factor_id": f"ets_grid:{edition}:national",
                "edition": edition,
                "reporting_year_from": str(year_from),
                "reporting_year_to": str(year_to),
                "value_tco2_per_mwh": fmt(dec(ref["value"])),
                "document": ref["official_document"],
                "verification": "R",
                "source": "national-ETS accounting default 全国电网平均排放因子 (value R, "
                "document attribution U); evidence: " + text,
            }
        )
    require(
        [r["edition"] for r in sorted(rows, key=lambda r: r["factor_id"])]
        == ["ets-2019", "ets-2022", "ets-2023"],
        "unexpected ETS editions",
    )
    return sorted(rows, key=lambda r: r["factor_id"])


def build_heat(reference: Path) -> list[Row]:
    refs = [r for r in read_csv(reference / "grid_factors.csv") if r["level"] == "heat"]
    require(len(refs) == 1 and refs[0]["unit"] == "tCO2/GJ", "expected one heat row")
    ref = refs[0]
    require("repo-level" in ref["verification_source"], "unexpected heat flag text")
    return [
        {
            "factor_id": f"heat:{HEAT_EDITION}:default",
            "edition": HEAT_EDITION,
            "value_tco2_per_gj": fmt(dec(ref["value"])),
            "document": "GB/T 32151 family / NDRC guidelines default for purchased heat "
            "(GB/T 32151.24-2024 as cited in a repo config; standard text not read)",
            "verification": "R",
            "source": "public repo configs: stored file ids 52595033607 (GB/T 32151.24-2024), "
            "18672665361, 66357311848; reference: " + ref["verification_source"],
        }
    ]


# ---------------------------------------------------------------------------
# 6. coal equivalents (GB/T 2589-2020 lineage + CEC thermal-power coal rate)
# ---------------------------------------------------------------------------

COAL_COLUMNS = [
    "factor_id",
    "edition",
    "carrier_code",
    "name_zh",
    "name_en",
    "unit",
    "ncv_kj_per_unit",
    "kgce_per_unit",
    "basis",
    "year",
    "verification",
    "source",
]
KJ_PER_KGCE = Decimal("29307.6")
COAL_UNITS = {"kg": "kg", "m3": "Nm3", "kWh": "kWh", "MJ": "MJ"}
YEARBOOK = (
    "China Energy Statistical Yearbook 2023 各种能源折标准煤参考系数 as transcribed in a "
    "public file (stored file id 53155299529; same lineage as GB/T 2589-2020 Appendix A, "
    "equivalence not verified)"
)
MEMORY = "GB/T 2589-2020 Appendix A as recalled by the analyst (standard text not read)"
NCV_NOTE = (
    "; the NCV is not in that transcription; it agrees with coefficient × 29307.6 "
    "kJ/kgce (checked in the build script within 0.5 %)"
)

# reference energy_cn -> (carrier_code, edition, flag, expected text in the reference
# verification column, source text); None = not packaged (reason in the manifest).
CoalSpec = tuple[str, str, str, str, str] | None
COAL_MAP: dict[str, CoalSpec] = {
    "原煤": ("raw_coal", "gbt2589-2020", "R", "repo-verified", YEARBOOK + NCV_NOTE),
    "洗精煤": ("washed_coal", "gbt2589-2020", "R", "repo-verified", YEARBOOK + NCV_NOTE),
    "其他洗煤-洗中煤": (
        "middlings",
        "gbt2589-2020",
        "R",
        "coefficient repo-verified",
        YEARBOOK + NCV_NOTE,
    ),
    "其他洗煤-煤泥": None,
    "型煤/煤制品": (
        "briquettes",
        "gbt2589-2020",
        "U",
        "UNVERIFIED",
        "0.5 is a conservative value used by a CEADs-based repo (stored file id "
        "53155299529), not a yearbook or GB/T 2589 coefficient; unverified",
    ),
    "焦炭": ("coke", "gbt2589-2020", "R", "repo-verified", YEARBOOK + NCV_NOTE),
    "原油": ("crude_oil", "gbt2589-2020", "R", "repo-verified", YEARBOOK + NCV_NOTE),
    "燃料油": ("fuel_oil", "gbt2589-2020", "R", "repo-verified", YEARBOOK + NCV_NOTE),
    "汽油": (
        "gasoline",
        "gbt2589-2020",
        "R",
        "repo-verified",
        YEARBOOK + NCV_NOTE + "; also stored file id 33273066063",
    ),
    "煤油": ("kerosene", "gbt2589-2020", "R", "repo-verified", YEARBOOK + NCV_NOTE),
    "柴油": (
        "diesel",
        "gbt2589-2020",
        "R",
        "repo-verified",
        YEARBOOK + NCV_NOTE + "; also stored file id 33273066063",
    ),
    "液化石油气": ("lpg", "gbt2589-2020", "R", "repo-verified", YEARBOOK + NCV_NOTE),
    "炼厂干气": (
        "refinery_dry_gas",
        "gbt2589-2020",
        "R",
        "coefficient repo-verified",
        YEARBOOK + NCV_NOTE,
    ),
    "煤焦油": ("coal_tar", "gbt2589-2020", "U", "UNVERIFIED", MEMORY),
    "粗苯": ("crude_benzene", "gbt2589-2020", "U", "UNVERIFIED", MEMORY),
    "油田天然气": (
        "natural_gas",
        "gbt2589-2020",
        "R",
        "1.33 repo-verified",
        "油田天然气 row (38931 kJ/m3, 1.3300 kgce/m3): its heat value equals the GB/T 32150 "
        "default NCV 389.31 GJ/10^4 Nm3, so carbon and energy accounting use the same gas; "
        "1.33 seen in stored file id 33273066063; the yearbook lists natural gas as "
        "1.1000-1.3300 (the CEADs transcription, id 53155299529, uses the 1.1000 floor)",
    ),
    "气田天然气": (
        "natural_gas_gas_field",
        "gbt2589-2020",
        "U",
        "UNVERIFIED",
        MEMORY + "; 1.2143 also seen in stored file id 58607660580",
    ),
    "焦炉煤气": (
        "coke_oven_gas",
        "gbt2589-2020",
        "U",
        "lower bound repo-verified",
        "upper end (17981 kJ/m3 → 0.6143) of the yearbook range 16726-17981 kJ/m3, "
        "0.5714-0.6143 kgce/m3, chosen because 17981 kJ/m3 equals the GB/T 32150 default "
        "NCV 179.81 GJ/10^4 Nm3; only the 0.5714 floor was seen in a public file (stored "
        "file id 53155299529), so 0.6143 is unverified",
    ),
    "高炉煤气": ("blast_furnace_gas", "gbt2589-2020", "U", "UNVERIFIED", MEMORY),
    "发生炉煤气": (
        "producer_gas",
        "gbt2589-2020",
        "R",
        "0.1786 repo-verified",
        YEARBOOK + " (0.1786 is the 'by gas furnace' value)" + NCV_NOTE,
    ),
    "转炉煤气": ("converter_gas", "gbt2589-2020", "U", "UNVERIFIED", MEMORY),
    "热力(当量值)": (
        "heat",
        "gbt2589-2020",
        "R",
        "repo-verified",
        YEARBOOK + "; per MJ (= 34.12 kgce/GJ); NCV column = 1000 kJ/MJ",
    ),
    "电力(当量值)": (
        "electricity",
        "gbt2589-2020",
        "R",
        "repo-verified",
        "calorific (当量) value 3600 kJ/kWh ÷ 29307.6 kJ/kgce; " + YEARBOOK,
    ),
    "电力(等价值)": None,
    "蒸汽(低压)": (
        "steam_low_pressure",
        "gbt2589-2020",
        "R",
        "repo-level",
        "GitHub SQL seed (stored file id 33273066063) '蒸汽（低压）3763 → 0.1286'",
    ),
    "标准煤定义": None,
    "氮气": (
        "nitrogen",
        "tcisa416-2024",
        "R-weak",
        "repo-level (weak)",
        "energy-carrying medium (耗能工质); T/CISA 416-2024 (steel group standard, not GB/T "
        "2589) as quoted in a demo repo (stored file id 63227275886)",
    ),
}
COAL_NCV_OVERRIDES = {"热力(当量值)": "1000", "焦炉煤气": "17981"}
COAL_VALUE_OVERRIDES = {"焦炉煤气": "0.6143"}

CEC_NOTE = (
    "等价值 of electricity = that year's average standard coal consumption per kWh of "
    "thermal power supplied (火电供电标准煤耗, 6000 kW and above plants); method per "
    "GB/T 2589-2020 practice (attribution not verified)"
)
# year: (g/kWh, flag, evidence)
CEC_COAL_RATE: dict[int, tuple[str, str, str]] = {
    2020: (
        "305.5",
        "V",
        "NDRC/NEA 《全国煤电机组改造升级实施方案》(2021) gives 305.5 gce/kWh for 2020, reported "
        "by tothetick.com/ndrc-china-to-improve-coal-fired-power-plants/ (news page) and "
        "cited in a public repo (stored file id 70190682342)",
    ),
    2022: (
        "300.7",
        "R-weak",
        "CEC 《中国电力行业年度发展报告2023》 as quoted in a peer-reviewed paper stored as a "
        "public file (Zhu et al., IEEE Trans. Transport. Electrific. 10(4), 2024; stored file "
        "id 60671171303): 'the SCC of China in 2022 is 300.7 g/kW·h'",
    ),
    2023: (
        "301.9",
        "R-weak",
        "public repo methods note (stored file id 70190682342) lists 301.9 gce/kWh for 2023 "
        "without naming its source; consistent with its CEC 2025-report citation "
        "'302.4 gce/kWh (2024), +0.51 y/y'",
    ),
    2024: (
        "302.4",
        "R-weak",
        "CEC 《中国电力行业年度发展报告2025》 as cited in a public repo methods note (stored "
        "file ids 70190682342, 70314555095)",
    ),
}


def build_coal_equivalents(reference: Path) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for ref in read_csv(reference / "coal_equivalents.csv"):
        name = ref["energy_cn"]
        require(name in COAL_MAP, f"unmapped coal-equivalent row {name!r}")
        seen.add(name)
        spec = COAL_MAP[name]
        if spec is None:
            skipped.append(name)
            continue
        carrier, edition, flag, expected, source = spec
        require(expected in ref["verification"], f"flag text changed for {name!r}")
        ncv_text = COAL_NCV_OVERRIDES.get(name, ref["avg_low_heat_value_kJ_per_unit"])
        value_text = COAL_VALUE_OVERRIDES.get(name, ref["coefficient_kgce_per_unit"])
        if name in COAL_VALUE_OVERRIDES:
            require(
                ref["coefficient_kgce_per_unit"].endswith(value_text),
                f"range for {name!r} changed",
            )
            require(ref["avg_low_heat_value_kJ_per_unit"].endswith(ncv_text), "NCV range")
        value = dec(value_text)
        basis = "coal_equivalent" if carrier == "nitrogen" else "calorific"
        if ncv_text and basis == "calorific":
            # the coefficient is the heat value over 7000 kcal (29307.6 kJ) per kgce
            implied = dec(ncv_text) / KJ_PER_KGCE
            require(abs(implied - value) / value < Decimal("0.005"), f"NCV check {name!r}")
        rows.append(
            {
                "factor_id": f"ce:{edition}:{carrier}:{basis}",
                "edition": edition,
                "carrier_code": carrier,
                "name_zh": name,
                "name_en": ref["energy_en"],
                "unit": COAL_UNITS[ref["unit"]],
                "ncv_kj_per_unit": fmt(dec(ncv_text)) if ncv_text else "",
                "kgce_per_unit": fmt(value),
                "basis": basis,
                "year": "",
                "verification": flag,
                "source": source,
            }
        )
    require(seen == set(COAL_MAP), f"reference lacks {sorted(set(COAL_MAP) - seen)}")
    for year, (grams, flag, evidence) in sorted(CEC_COAL_RATE.items()):
        edition = f"cec-{year}"
        rows.append(
            {
                "factor_id": f"ce:{edition}:electricity:coal_equivalent",
                "edition": edition,
                "carrier_code": "electricity",
                "name_zh": "电力(等价值)",
                "name_en": "electricity (coal-equivalent value)",
                "unit": "kWh",
                "ncv_kj_per_unit": "",
                "kgce_per_unit": fmt(dec(grams) / 1000),
                "basis": "coal_equivalent",
                "year": str(year),
                "verification": flag,
                "source": f"{grams} gce/kWh in {year}: {evidence}. {CEC_NOTE}",
            }
        )
    return sorted(rows, key=lambda r: r["factor_id"]), skipped


# ---------------------------------------------------------------------------
# 7. GWP-100
# ---------------------------------------------------------------------------

GWP_COLUMNS = ["factor_id", "edition", "gwp_set", "gas", "value", "verification", "source"]
GWP_GASES = [
    "CO2",
    "CH4",
    "CH4-biogenic",
    "N2O",
    "SF6",
    "NF3",
    "CF4",
    "C2F6",
    "HFC-134a",
    "HFC-32",
    "HFC-125",
    "HFC-143a",
    "HFC-23",
]
GWP_VALUES: dict[str, dict[str, str]] = {
    "AR4": {
        "CO2": "1", "CH4": "25", "CH4-biogenic": "25", "N2O": "298", "SF6": "22800",
        "NF3": "17200", "CF4": "7390", "C2F6": "12200", "HFC-134a": "1430",
        "HFC-32": "675", "HFC-125": "3500", "HFC-143a": "4470", "HFC-23": "14800",
    },
    "AR5": {
        "CO2": "1", "CH4": "28", "CH4-biogenic": "28", "N2O": "265", "SF6": "23500",
        "NF3": "16100", "CF4": "6630", "C2F6": "11100", "HFC-134a": "1300",
        "HFC-32": "677", "HFC-125": "3170", "HFC-143a": "4800", "HFC-23": "12400",
    },
    "AR6": {
        "CO2": "1", "CH4": "29.8", "CH4-biogenic": "27.0", "N2O": "273", "SF6": "25200",
        "NF3": "17400", "CF4": "7380", "C2F6": "12400", "HFC-134a": "1530",
        "HFC-32": "771", "HFC-125": "3740", "HFC-143a": "5810", "HFC-23": "14600",
    },
}  # fmt: skip
GWP_DOCS = {
    "AR4": "IPCC AR4 WG1 Ch.2 Table 2.14 (100-yr)",
    "AR5": "IPCC AR5 WG1 Ch.8 Table 8.A.1 (100-yr, without climate-carbon feedbacks)",
    "AR6": "IPCC AR6 WG1 Ch.7 Table 7.SM.7 / Table 7.15 (100-yr)",
}
GWP_EVIDENCE = {
    "AR4": (
        "V",
        "values shown on public pages: ecfr.io 40 CFR Part 98 Table A-1 (AR4-era US table) "
        "and an LCA textbook page 'selection from IPCC fourth assessment report' "
        "(digilib.universitaspertamina.ac.id … page255)",
    ),
    "AR5": (
        "R",
        "seen in public files: djaodjin/djaopsp static/js/ef-refrigerants.js (citing Table "
        "8.A.1), stored file ids 5135348589 (citing the GHG Protocol GWP table, Aug 2024), "
        "52210611416, 58023414119",
    ),
    "AR6": (
        "R",
        "seen in public files: stored file ids 55081603422 (citing Table 7.SM.7), "
        "5135348589 (GHG Protocol GWP table, Aug 2024), 52210611416, 54307425020, "
        "58023414119",
    ),
}
AR5_PAGE_GASES = {"CO2", "CH4", "N2O", "NF3"}
GWP_NOTES = {
    ("AR4", "CH4-biogenic"): "AR4 gives one CH4 value; biogenic set equal to CH4 by convention",
    ("AR5", "CH4-biogenic"): "set equal to CH4 (28) by convention (AR5 gives 30 for fossil "
    "CH4 incl. oxidation to CO2, not used here)",
    ("AR6", "CH4"): "CH4 = fossil methane 29.8; non-fossil 27.0 packaged as CH4-biogenic "
    "(27.9 is the unsplit AR6 value)",
    ("AR6", "CH4-biogenic"): "non-fossil methane (GHG Protocol Aug 2024 table); also "
    "summarised on mcp.waymark.network (GHG Protocol AR6 methane route)",
    ("AR6", "SF6"): "25200 in ≥4 public files; two files give 24300 (stored file ids "
    "5135348589, 66392428232) — conflict noted, 25200 kept",
    ("AR6", "HFC-134a"): "1530 per Table 7.SM.7; Table 7.15 rounds differently (1526 in two files)",
}


def build_gwp() -> list[Row]:
    rows: list[Row] = []
    for gwp_set, values in GWP_VALUES.items():
        require(list(values) == GWP_GASES, f"gas list of {gwp_set}")
        edition = f"ipcc-{gwp_set.lower()}"
        flag, evidence = GWP_EVIDENCE[gwp_set]
        for gas, value in values.items():
            row_flag = flag
            row_evidence = evidence
            if gwp_set == "AR5" and gas in AR5_PAGE_GASES:
                row_flag = "V"
                row_evidence += "; also on a public page (docslib.org/doc/4598378, The "
                row_evidence += "Climate Registry GWP appendix)"
            note = GWP_NOTES.get((gwp_set, gas))
            source = f"{GWP_DOCS[gwp_set]}; {row_evidence}" + (f"; {note}" if note else "")
            rows.append(
                {
                    "factor_id": f"gwp:{edition}:{gas}",
                    "edition": edition,
                    "gwp_set": gwp_set,
                    "gas": gas,
                    "value": fmt(dec(value)),
                    "verification": row_flag,
                    "source": source,
                }
            )
    return sorted(rows, key=lambda r: r["factor_id"])


# ---------------------------------------------------------------------------
# 8. carbonates
# ---------------------------------------------------------------------------

CARBONATE_COLUMNS = [
    "factor_id",
    "edition",
    "carbonate_code",
    "formula",
    "name_zh",
    "name_en",
    "value_tco2_per_t",
    "verification",
    "source",
]
ATOMIC_MASS = {  # IUPAC standard atomic weights (abridged), g/mol
    "C": Decimal("12.011"),
    "O": Decimal("15.999"),
    "Ca": Decimal("40.078"),
    "Mg": Decimal("24.305"),
    "Fe": Decimal("55.845"),
    "Mn": Decimal("54.938"),
    "Na": Decimal("22.990"),
    "H": Decimal("1.008"),
    "N": Decimal("14.007"),
}
# code: (formula, name_zh, name_en, IPCC value, cations {element: count}, CO3 groups)
CARBONATES: dict[str, tuple[str, str, str, str, dict[str, int], int]] = {
    "calcite": ("CaCO3", "方解石/石灰石（碳酸钙）", "calcite", "0.43971", {"Ca": 1}, 1),
    "magnesite": ("MgCO3", "菱镁矿（碳酸镁）", "magnesite", "0.52197", {"Mg": 1}, 1),
    "dolomite": ("CaMg(CO3)2", "白云石", "dolomite", "0.47732", {"Ca": 1, "Mg": 1}, 2),
    "siderite": ("FeCO3", "菱铁矿（碳酸亚铁）", "siderite", "0.37987", {"Fe": 1}, 1),
    "rhodochrosite": ("MnCO3", "菱锰矿（碳酸锰）", "rhodochrosite", "0.38286", {"Mn": 1}, 1),
    "sodium_carbonate": (
        "Na2CO3",
        "碳酸钠（纯碱）",
        "sodium carbonate (soda ash)",
        "0.41492",
        {"Na": 2},
        1,
    ),
}
# IPCC's soda-ash factor (0.41492) is 0.03 % below the stoichiometric 0.41523; the
# published figure is kept and the check is widened for that row only.
CARBONATE_TOLERANCE = {"sodium_carbonate": Decimal("0.0005")}
CARBONATE_PUBLIC = {"calcite", "magnesite", "siderite", "sodium_carbonate"}


def stoichiometric_factor(cations: dict[str, int], groups: int) -> Decimal:
    co3 = ATOMIC_MASS["C"] + 3 * ATOMIC_MASS["O"]
    co2 = ATOMIC_MASS["C"] + 2 * ATOMIC_MASS["O"]
    mass = sum((ATOMIC_MASS[el] * n for el, n in cations.items()), Decimal(0)) + groups * co3
    return groups * co2 / mass


def build_carbonates() -> list[Row]:
    rows: list[Row] = []
    for code, (formula, zh, en, value_text, cations, groups) in CARBONATES.items():
        value = dec(value_text)
        computed = stoichiometric_factor(cations, groups)
        tolerance = CARBONATE_TOLERANCE.get(code, Decimal("0.0001"))
        require(abs(computed - value) < tolerance, f"stoichiometry check failed for {code}")
        check = f"molar-mass check in build script: {computed:.5f}"
        if code in CARBONATE_TOLERANCE:
            check += " (IPCC's published 0.41492 is 0.03 % lower; published value kept)"
        else:
            check += " (within 1e-4)"
        public = (
            "; 4-decimal value also in a public file (CarbonateEmission component)"
            if code in CARBONATE_PUBLIC
            else ""
        )
        rows.append(
            {
                "factor_id": f"carbonate:ipcc-2006:{code}",
                "edition": "ipcc-2006",
                "carbonate_code": code,
                "formula": formula,
                "name_zh": zh,
                "name_en": en,
                "value_tco2_per_t": fmt(value),
                "verification": "R",
                "source": "2006 IPCC Guidelines Vol.3 Ch.2 Table 2.1 stoichiometric factor "
                f"(table not re-read); {check}{public}",
            }
        )
    return sorted(rows, key=lambda r: r["factor_id"])


# ---------------------------------------------------------------------------
# 9. process factors
# ---------------------------------------------------------------------------

PROCESS_COLUMNS = [
    "factor_id",
    "edition",
    "factor_code",
    "name_zh",
    "name_en",
    "value",
    "unit",
    "gas",
    "verification",
    "source",
]


def build_process(reference: Path) -> list[Row]:
    params: dict[str, Row] = {}
    for ref in read_csv(reference / "ets_sector_params.csv"):
        if ref["sector"] == "aluminium" and ref["symbol"] in {"S", "A", "NC"}:
            params[ref["symbol"]] = ref
    require(set(params) == {"S", "A", "NC"}, "aluminium S/A/NC rows not found")
    for symbol in ("S", "A"):
        require(params[symbol]["unit"] == "%", f"unit of {symbol}")
        require(params[symbol]["verification"] == "R", f"flag of {symbol}")
    sulphur = Fraction(params["S"]["value"]) / 100
    ash = Fraction(params["A"]["value"]) / 100
    require((sulphur, ash) == (Fraction(2, 100), Fraction(4, 1000)), "S/A defaults changed")
    value = (1 - sulphur - ash) * Fraction(44, 12)
    per_al = float(value * Fraction(params["NC"]["value"]))
    return [
        {
            "factor_id": "process:cets-ag-04.01-2024:carbon_anode_default",
            "edition": "cets-ag-04.01-2024",
            "factor_code": "carbon_anode_default",
            "name_zh": "炭阳极净耗CO2排放因子（缺省含硫量、灰分）",
            "name_en": "carbon anode CO2 factor per t net anode consumed (default S, ash)",
            "value": fmt(value),
            "unit": "tCO2/t",
            "gas": "CO2",
            "verification": "R",
            "source": "CETS—AG—04.01—V01—2024 aluminium guideline: E = P_Al × NC × (1 − S − A) "
            f"× 44/12 with S = {fmt(Decimal(params['S']['value']))} %, "
            f"A = {fmt(Decimal(params['A']['value']))} % (public accounting tool, stored file "
            "id 18575876487; ets_sector_params.csv); value = (1 − S − A) × 44/12 computed in "
            f"the build script; × NC {params['NC']['value']} t/t Al gives {per_al:.3f} "
            "tCO2/t Al; Appendix A of the final guideline not read (draft implies 1.424)",
        }
    ]


CHEMICALS_EDITION = "ndrc-chemicals-2013"
NITRIC_ACID_TOOL = (
    "public ETS accounting tool, table 硝酸生产技术类型的排放因子 (React components, stored file "
    "ids 18117184661 ChemicalNitricAcidEmission and 18335317934) — one public implementation of "
    "the NDRC chemical-enterprise guideline lineage (GB/T 32151.10), not the guideline; the "
    "guideline's table, its NSCR rows and the 2023 revision of GB/T 32151.10 were not read; "
    "the tool applies E = AD × EF × (1 − η × μ) with the abatement efficiency η and the "
    "abatement use rate μ"
)
# N2O generated per t nitric acid (100 %), by process: code → (zh, en, tN2O/t)
NITRIC_ACID = {
    "n2o_nitric_high_pressure": ("硝酸（高压法）", "nitric acid, high-pressure process", "0.0139"),
    "n2o_nitric_medium_pressure": ("硝酸（中压法）", "nitric acid, medium-pressure process",
                                   "0.0118"),
    "n2o_nitric_atmospheric": ("硝酸（常压法）", "nitric acid, atmospheric-pressure process",
                               "0.0097"),
    "n2o_nitric_dual_pressure": ("硝酸（双加压法）", "nitric acid, dual-pressure process",
                                 "0.0080"),
    "n2o_nitric_combined": ("硝酸（综合法）", "nitric acid, combined process", "0.0075"),
    "n2o_nitric_low_pressure": ("硝酸（低压法）", "nitric acid, low-pressure process", "0.0050"),
}


def nitric_acid_factors() -> list[Row]:
    """N2O generation factors of nitric acid production by process (R-weak, one public tool).

    Not in shared/reference: found by search (stored file ids in the source column).
    """
    return [{
        "factor_id": f"process:{CHEMICALS_EDITION}:{code}",
        "edition": CHEMICALS_EDITION,
        "factor_code": code,
        "name_zh": f"{zh} N2O生成因子",
        "name_en": f"{en}: N2O generated per t acid",
        "value": fmt(dec(value)),
        "unit": "tN2O/t",
        "gas": "N2O",
        "verification": "R-weak",
        "source": f"{zh} {value} tN2O/t: {NITRIC_ACID_TOOL}",
    } for code, (zh, en, value) in NITRIC_ACID.items()]


STOICHIOMETRY_EDITION = "iupac-stoichiometry"
# carbon-bearing chemical products: code → (zh, en, formula, atoms)
CHEMICAL_PRODUCTS: dict[str, tuple[str, str, str, dict[str, int]]] = {
    "chem_carbon_methanol": ("甲醇含碳量", "carbon in methanol", "CH3OH",
                             {"C": 1, "H": 4, "O": 1}),
    "chem_carbon_urea": ("尿素含碳量", "carbon in urea", "CO(NH2)2",
                         {"C": 1, "O": 1, "N": 2, "H": 4}),
}


def chemical_product_carbon() -> list[Row]:
    """Carbon mass fraction of pure methanol and urea by stoichiometry (tC/t, 4 decimals)."""
    rows = []
    for code, (zh, en, formula, atoms) in CHEMICAL_PRODUCTS.items():
        molar = sum((ATOMIC_MASS[el] * n for el, n in atoms.items()), Decimal(0))
        value = (atoms["C"] * ATOMIC_MASS["C"] / molar).quantize(Decimal("0.0001"))
        rows.append(sector_row(
            STOICHIOMETRY_EDITION, "chemicals", "carbon_content", code, zh, en, value, "tC/t",
            "V", f"{formula}: {atoms['C']} × 12.011 / {fmt(molar)} g/mol = {fmt(value)} tC/t "
            "(IUPAC standard atomic weights as in the build script; computed, rounded to 4 "
            "decimals); a pure product — a measured carbon content replaces it; whether "
            "GB/T 32151.10 prescribes a different default was not checked"))
    require(rows[0]["value"] == "0.3749" and rows[1]["value"] == "0.2",
            f"stoichiometric carbon changed: {rows}")
    return rows


# ---------------------------------------------------------------------------
# 9b. sector accounting parameters (national-ETS 2024 cement and aluminium guidelines)
# ---------------------------------------------------------------------------

SECTOR_COLUMNS = [
    "factor_id",
    "edition",
    "sector",
    "kind",
    "factor_code",
    "name_zh",
    "name_en",
    "value",
    "unit",
    "verification",
    "source",
]
CEMENT_EDITION = "cets-ag-02.01-2024"
ALUMINIUM_EDITION = "cets-ag-04.01-2024"
ETS_TOOL = (
    "public ETS accounting tool whose structure matches the 2024 guideline (React "
    "ETS-accounting repo, same repo as fuel-table id 18411534248): stored file id "
)
# clinker type in the reference → (factor_code, English name)
CLINKER_TYPES = {
    "硅酸盐水泥熟料": ("clinker_portland", "Portland cement clinker"),
    "白色硅酸盐水泥熟料": ("clinker_white", "white Portland cement clinker"),
    "硫（铁）铝酸盐水泥熟料": ("clinker_sulphoaluminate", "sulpho(ferro)aluminate cement clinker"),
    "铝酸盐水泥熟料（有过程排放）": (
        "clinker_aluminate", "aluminate cement clinker (with process emissions)"),
}
# non-carbonate substitute raw material in the reference → (item code, English name); the
# deduction factor's code is "df_" + the item code (items.csv names the same code)
DEDUCTION_MATERIALS = {
    "脱硫粉剂（氢氧化钙）": ("desulphurisation_hydrate", "desulphurisation powder (Ca(OH)2)"),
    "熟石灰": ("slaked_lime", "slaked lime"),
    "电石渣": ("carbide_slag", "carbide slag"),
    "镁渣": ("magnesium_slag", "magnesium slag"),
    "造纸白泥": ("paper_lime_mud", "papermaking lime mud"),
    "氟化钙污泥": ("calcium_fluoride_sludge", "calcium fluoride sludge"),
    "磷渣": ("phosphorus_slag", "phosphorus slag"),
    "钒钛渣": ("vanadium_titanium_slag", "vanadium-titanium slag"),
    "氮渣": ("nitrogen_slag", "nitrogen-fertiliser residue (氮渣)"),
    "飞灰": ("incineration_fly_ash", "incineration fly ash (飞灰)"),
    "铁合金炉渣": ("ferroalloy_slag", "ferroalloy slag"),
    "脱硫石膏": ("fgd_gypsum", "desulphurisation (FGD) gypsum"),
    "磷石膏": ("phosphogypsum", "phosphogypsum"),
    "钛石膏": ("titanium_gypsum", "titanium gypsum"),
    "氟石膏": ("fluorogypsum", "fluorogypsum"),
    "硼石膏": ("borogypsum", "borogypsum"),
    "模型石膏": ("mould_gypsum", "mould gypsum"),
    "柠檬酸渣": ("citric_acid_residue", "citric acid residue"),
    "钢渣": ("steel_slag", "steel slag"),
    "镍渣": ("nickel_slag", "nickel slag"),
    "锰渣": ("manganese_slag", "manganese slag"),
    "锌渣": ("zinc_slag", "zinc slag"),
    "锡渣": ("tin_slag", "tin slag"),
    "市政污泥": ("sewage_sludge", "municipal sewage sludge"),
    "铝渣": ("aluminium_dross", "aluminium slag (dross)"),
    "硫酸渣": ("pyrite_cinder", "pyrite cinder (sulphuric-acid residue)"),
    "铜渣": ("copper_slag", "copper slag"),
    "铅锌渣": ("lead_zinc_slag", "lead-zinc slag"),
    "粉煤灰": ("coal_fly_ash", "coal fly ash"),
    "赤泥": ("red_mud", "red mud"),
}
DEDUCTION_PREFIX = "非碳酸盐替代原料扣减系数 "
# aluminium parameters: symbol (or item text) → (kind, factor_code, zh, en, unit, scale)
ALUMINIUM_PARAMS = {
    "NC": ("anode", "anode_net_consumption_default", "吨铝净阳极消耗量推荐值",
           "net anode consumption per t aluminium (recommended value)", "t/t", "1"),
    "S": ("anode", "anode_sulphur_default", "炭阳极含硫量缺省值", "sulphur content of anodes (default)",
          "fraction", "0.01"),
    "A": ("anode", "anode_ash_default", "炭阳极灰分缺省值", "ash content of anodes (default)",
          "fraction", "0.01"),
    "CF4 slope method": ("pfc", "cf4_slope_default", "CF4 斜率系数",
                         "CF4 slope coefficient, kg CF4/t Al per anode-effect minute per cell-day",
                         "kg/t", "1"),
    "C2F6/CF4 ratio": ("pfc", "c2f6_cf4_ratio", "C2F6 与 CF4 排放因子之比", "C2F6 to CF4 factor ratio",
                       "fraction", "1"),
    "CF4 default EF": ("pfc", "cf4_default", "CF4 排放因子缺省值", "CF4 factor without anode-effect data",
                       "kg/t", "1"),
    "C2F6 default EF": ("pfc", "c2f6_default", "C2F6 排放因子缺省值", "C2F6 factor without anode-effect data",
                        "kg/t", "1"),
}
# the slope and ratio rows carry the number inside a formula ("0.143 × AEM", "0.1 × EF_CF4")
LEADING_NUMBER = re.compile(r"^\s*([\d.]+)\s*×")


def sector_row(edition_id: str, sector: str, kind: str, code: str, zh: str, en: str,
               value: Decimal, unit: str, flag: str, source: str) -> Row:
    return {
        "factor_id": f"sector:{edition_id}:{code}",
        "edition": edition_id,
        "sector": sector,
        "kind": kind,
        "factor_code": code,
        "name_zh": zh,
        "name_en": en,
        "value": fmt(value),
        "unit": unit,
        "verification": flag,
        "source": source,
    }


POWER_EDITION = "mee-power-2022"


def power_coal_default(reference: Path) -> Row:
    """The power guideline's high default carbon content of unmeasured coal (DIGEST §1.3, U)."""
    digest = (reference / "DIGEST.md").read_text(encoding="utf-8")
    require("high default for unmeasured coal CC **0.03085 tC/GJ** (U;" in digest,
            "power-guideline coal default changed in DIGEST.md §1.3")
    return sector_row(
        POWER_EDITION, "power", "coal", "power_coal_cc_high_default", "未实测元素碳含量的燃煤单位热值含碳量",
        "carbon content of coal without measured element carbon (high default)",
        Decimal("0.03085"), "tC/GJ", "U",
        "《企业温室气体排放核算方法与报告指南 发电设施（2022年修订版）》 high default for coal "
        "whose element carbon is not measured, as given in DIGEST.md §1.3 (U: analyst "
        "recollection, the guideline text was not read; the 2021 version's 0.03356 tC/GJ is also "
        "U)")


STEEL_EDITION = "ndrc-steel-2013"
STEEL_TOOL = (
    "public repository carbon-ledger/GreenChainCarbonLedger, SqlPrepareData.kt (stored file id "
    "48294390099), whose tables are labelled 中国钢铁生产企业温室气体排放 — one public "
    "implementation, not the guideline; the values agree with the analyst's recollection of "
    "the NDRC steel guideline's default table (not read); that GB/T 32151.5-2015 Annex B carries "
    "the same values is believed, not verified"
)
# NDRC steel guideline defaults, tCO2 per t (the carbon content is value × 12/44):
# code → (zh, en, value)
STEEL_CARBON = {
    "steel_ef_electrode": ("电极", "electrodes (carbon as CO2)", "3.663"),
    "steel_ef_pig_iron": ("生铁", "pig iron (carbon as CO2)", "0.172"),
    "steel_ef_dri": ("直接还原铁", "direct reduced iron (carbon as CO2)", "0.073"),
    "steel_ef_ferronickel": ("镍铁合金", "ferronickel (carbon as CO2)", "0.037"),
    "steel_ef_ferrochrome": ("铬铁合金", "ferrochrome (carbon as CO2)", "0.275"),
    "steel_ef_ferromolybdenum": ("钼铁合金", "ferromolybdenum (carbon as CO2)", "0.018"),
    "steel_ef_crude_steel": ("粗钢", "crude steel (carbon as CO2)", "0.0154"),
}


def steel_carbon_defaults() -> list[Row]:
    """NDRC steel-guideline carbon defaults (tCO2/t) of carbon-bearing materials and products.

    Not in shared/reference: found by search in one public implementation (flag R-weak).
    """
    return [sector_row(STEEL_EDITION, "steel", "carbon_ef", code, zh, en, dec(value), "tCO2/t",
                       "R-weak", f"{zh} {value} tCO2/t: {STEEL_TOOL}")
            for code, (zh, en, value) in STEEL_CARBON.items()]


def build_sector_factors(reference: Path) -> list[Row]:
    """Cement clinker factors and deduction factors; aluminium anode and PFC parameters."""
    rows: list[Row] = []
    seen_deductions: set[str] = set()
    aluminium: dict[str, Row] = {}
    for ref in read_csv(reference / "ets_sector_params.csv"):
        item = ref["item"]
        if ref["sector"] == "cement" and item.startswith("EF_cl default "):
            code, en = CLINKER_TYPES[item.removeprefix("EF_cl default ")]
            require(ref["unit"] == "tCO2/t clinker" and ref["verification"] == "R", f"{item}")
            rows.append(sector_row(
                CEMENT_EDITION, "cement", "clinker_ef", code, item.removeprefix("EF_cl default "),
                en, dec(ref["value"]), "tCO2/t", "R",
                "CETS—AG—02.01—V01—2024 default clinker emission factor by clinker type as "
                f"implemented in a {ETS_TOOL}18518521384 (also 18202248179); guideline default "
                "table not read; ets_sector_params.csv"))
        elif ref["sector"] == "cement" and item.startswith(DEDUCTION_PREFIX):
            name_zh = item.removeprefix(DEDUCTION_PREFIX)
            code, en = DEDUCTION_MATERIALS[name_zh]
            require(ref["unit"] == "tCO2/t material" and ref["verification"] == "R", item)
            seen_deductions.add(name_zh)
            rows.append(sector_row(
                CEMENT_EDITION, "cement", "deduction", f"df_{code}", name_zh, en,
                dec(ref["value"]), "tCO2/t", "R",
                "CETS—AG—02.01—V01—2024 deduction factor for a non-carbonate substitute raw "
                "material, subtracted from clinker process emissions "
                f"(E = max(0, Q_cl × EF_cl − Σ Q_j × DF_j)), as implemented in a {ETS_TOOL}"
                "18518521384; guideline table not read; ets_sector_params.csv"))
        elif ref["sector"] == "aluminium":
            key = ref["symbol"] if ref["symbol"] in ("NC", "S", "A") else item
            if key in ALUMINIUM_PARAMS:
                aluminium[key] = ref
    require(seen_deductions == set(DEDUCTION_MATERIALS), "deduction materials changed")
    require(set(aluminium) == set(ALUMINIUM_PARAMS), f"aluminium rows {sorted(aluminium)}")
    for key, (kind, code, zh, en, unit, scale) in ALUMINIUM_PARAMS.items():
        ref = aluminium[key]
        require(ref["verification"] == "R", f"flag of {key}")
        match = LEADING_NUMBER.match(ref["value"])
        value = dec(match.group(1)) if match else dec(ref["value"])
        rows.append(sector_row(
            ALUMINIUM_EDITION, "aluminium", kind, code, zh, en, value * Decimal(scale), unit, "R",
            f"CETS—AG—04.01—V01—2024 ({ref['item']}: {ref['value']} {ref['unit']}) as "
            f"implemented in a {ETS_TOOL}{ref['source'].removeprefix('id ').split(',')[0]}; "
            "Appendix A of the final guideline not read (the draft's default intensities "
            "1.424 and 0.1454 tCO2e/t differ); ets_sector_params.csv"))
    rows.append(power_coal_default(reference))
    rows.extend(steel_carbon_defaults())
    rows.extend(chemical_product_carbon())
    gwp = {r["symbol"]: r for r in read_csv(reference / "ets_sector_params.csv")
           if r["symbol"] in ("GWP_CF4", "GWP_C2F6")}
    require({k: r["value"] for k, r in gwp.items()} == {"GWP_CF4": "6630", "GWP_C2F6": "11100"},
            "aluminium GWPs are no longer the AR5 values packaged in gwp.csv")
    return sorted(rows, key=lambda r: r["factor_id"])


# ---------------------------------------------------------------------------
# 9c. national-ETS allocation rules and the CCER offset limit
# ---------------------------------------------------------------------------

ALLOCATION_COLUMNS = [
    "factor_id",
    "edition",
    "sector",
    "year",
    "rule",
    "product",
    "value",
    "unit",
    "verification",
    "source",
]
ALLOCATION_EDITION = "mee-ets-allocation-2024-2025"
CCER_EDITION = "mee-ets-measures-2021"
POWER_ALLOCATION_EDITION = "mee-ets-power-allocation-2023-2024"
ALLOCATION_PRODUCTS = {"cement": "clinker", "aluminium": "primary_aluminium",
                       "steel": "crude_steel"}
POWER_ALLOCATION_YEARS = ("2023", "2024")
POWER_PLAN = "《2023、2024年度全国碳排放权交易发电行业配额总量和分配方案》"
POWER_ALLOCATION_NOTE = (
    "analyst's recollection, NOT in shared/reference (U): the power plan allocates per MWh of "
    "power supplied (benchmark by unit category × correction factors for cooling mode, heat "
    "supply and load) plus per GJ of heat supplied (heat benchmark); the plan's name, years "
    "and formula were not checked and no benchmark value is packaged — give them from the "
    "allocation notice"
)
ALLOCATION_PLAN = "《2024、2025年度全国碳排放权交易市场钢铁、水泥、铝冶炼行业配额总量和分配方案》"
COVERED_NOTE = (
    "covered = direct emissions (fuel combustion, process, and for aluminium the PFCs); "
    "indirect electricity and heat are reported but not covered — analyst's reading, not "
    "found in the reference (U); whether indirect electricity counts for aluminium is "
    "explicitly open in the reference (DIGEST-UPDATE §4)"
)
CCER_SOURCE = (
    "《碳排放权交易管理办法（试行）》 (MEE, published 2021-01-05, in force 2021-02-01): "
    "'重点排放单位每年可以使用国家核证自愿减排量抵销碳排放配额的清缴，抵销比例不得超过应清缴"
    "碳排放配额的5%'; quoted on public pages m.vjfssjp.cn/info/?2325.html and "
    "m.jirehchina.com/listfivetwo/159.html (secondary news, not in shared/reference); "
    "'应清缴配额' read as the verified emissions of the year; order number and article not "
    "checked; the Measures' text not read"
)


def power_allocation() -> list[Row]:
    """Power-sector allocation rules (intensity on power and heat supplied; values blank, U)."""
    edition = POWER_ALLOCATION_EDITION
    rows: list[Row] = [{
        "factor_id": f"ets_allocation:{edition}:power:covered",
        "edition": edition, "sector": "power", "year": "", "rule": "covered_total",
        "product": "", "value": "1", "unit": "fraction", "verification": "U",
        "source": f"{POWER_PLAN}: the power guideline (2022 revision) counts fuel combustion "
        "and purchased electricity, and compliance covers both — analyst's reading, not in "
        "shared/reference (U)",
    }]
    for year in POWER_ALLOCATION_YEARS:
        rows.append({
            "factor_id": f"ets_allocation:{edition}:power:{year}",
            "edition": edition, "sector": "power", "year": year, "rule": "intensity",
            "product": "power_supplied", "value": "", "unit": "tCO2/MWh", "verification": "U",
            "source": f"{POWER_PLAN}: {year} allowances for power supplied = benchmark × MWh "
            f"supplied × correction factors; {POWER_ALLOCATION_NOTE}",
        })
        rows.append({
            "factor_id": f"ets_allocation:{edition}:power:{year}:heat",
            "edition": edition, "sector": "power", "year": year, "rule": "intensity_heat",
            "product": "heat_exported", "value": "", "unit": "tCO2/GJ", "verification": "U",
            "source": f"{POWER_PLAN}: {year} allowances for heat supplied = heat benchmark × GJ "
            f"supplied; {POWER_ALLOCATION_NOTE}",
        })
    return rows


def build_ets_allocation(reference: Path) -> list[Row]:
    """Allocation rule per sector and year from the 2024–2025 plan, and the CCER limit."""
    plans = [r for r in read_csv(reference / "ets_sector_params.csv")
             if r["sector"] == "all three" and r["item"] == "allocation"]
    require(len(plans) == 1, "expected one allocation row")
    plan = plans[0]
    require(plan["value"].startswith("2024 allowances = verified emissions; 2025 intensity-based"),
            "allocation rule changed")
    require(plan["verification"] == "V-secondary", "allocation flag changed")
    evidence = f"{plan['source']} (V-secondary: news pages reporting the plan; plan text not read)"
    rows: list[Row] = []
    for sector, product in ALLOCATION_PRODUCTS.items():
        rows.append({
            "factor_id": f"ets_allocation:{ALLOCATION_EDITION}:{sector}:2024",
            "edition": ALLOCATION_EDITION, "sector": sector, "year": "2024",
            "rule": "verified_emissions", "product": product,
            "value": "1", "unit": "t allowance/t verified", "verification": "V",
            "source": f"{ALLOCATION_PLAN}: 2024 allowances = verified emissions; {evidence}",
        })
        rows.append({
            "factor_id": f"ets_allocation:{ALLOCATION_EDITION}:{sector}:covered",
            "edition": ALLOCATION_EDITION, "sector": sector, "year": "",
            "rule": "covered_direct", "product": "", "value": "1", "unit": "fraction",
            "verification": "U", "source": f"{ALLOCATION_PLAN}: " + COVERED_NOTE,
        })
        rows.append({
            "factor_id": f"ets_allocation:{ALLOCATION_EDITION}:{sector}:2025",
            "edition": ALLOCATION_EDITION, "sector": sector, "year": "2025",
            "rule": "intensity", "product": product,
            "value": "", "unit": "tCO2/t", "verification": "U",
            "source": f"{ALLOCATION_PLAN}: 2025 allocation is intensity-based (benchmark × "
            f"output × adjustment factors) — the rule is V-secondary ({evidence}); the "
            "benchmark values and adjustment factors were NOT found (value blank: give the "
            "benchmark of the allocation notice). 2025 exceptions reported for cement: white "
            "clinker lines, lines with carbide-slag substitution above 15 %, and "
            "gypsum-to-sulphuric-acid co-product clinker (V-secondary, DIGEST §1.3)"
            + ("; an analyst estimate of ≈9.264 tCO2e/t Al INCLUDING electricity (not "
               "official, V-secondary estimate) is not packaged as a benchmark"
               if sector == "aluminium" else ""),
        })
    rows.extend(power_allocation())
    rows.append({
        "factor_id": f"ets_ccer:{CCER_EDITION}:offset_limit",
        "edition": CCER_EDITION, "sector": "all", "year": "", "rule": "ccer_offset_limit",
        "product": "", "value": "0.05", "unit": "fraction",
        "verification": "V", "source": CCER_SOURCE,
    })
    return sorted(rows, key=lambda r: r["factor_id"])


# ---------------------------------------------------------------------------
# 10. energy-consumption limits (GB national limit standards, L1/L2/L3)
# ---------------------------------------------------------------------------

LIMIT_COLUMNS = [
    "factor_id",
    "edition",
    "product_code",
    "product_zh",
    "indicator_code",
    "indicator_zh",
    "unit",
    "energy_unit",
    "output_unit",
    "energy_carrier",
    "document",
    "level1",
    "level2",
    "level3",
    "direction",
    "correction",
    "verification",
    "source",
]
GB_LEVEL_LABELS = ("GB limit standard: level1 (advanced)", "level2 (new-plant access)", "level3 (limit)")
NDRC_LEVEL_LABELS = ("标杆水平 (benchmark)", "", "基准水平 (baseline)")
GB_DOCUMENT = re.compile(r"GB (\d+)-(\d{4})$")
# reference product name -> stable ASCII product code (one GB row per product and indicator)
LIMIT_PRODUCTS: dict[str, str] = {
    # GB 16780-2021 cement
    "水泥": "cement",
    "水泥熟料": "cement_clinker",
    "水泥制备工段": "cement_preparation_section",
    # GB 29436-2023 methanol, ethylene glycol, dimethyl ether
    "烟煤制甲醇": "methanol_bituminous_coal",
    "无烟煤制甲醇": "methanol_anthracite",
    "褐煤制甲醇": "methanol_lignite",
    "天然气制甲醇": "methanol_natural_gas",
    "焦炉煤气制甲醇": "methanol_coke_oven_gas",
    "乙烯制乙二醇": "ethylene_glycol_ethylene",
    "合成气制乙二醇": "ethylene_glycol_syngas",
    "煤制乙二醇": "ethylene_glycol_coal",
    "甲醇制二甲醚": "dimethyl_ether_methanol",
    # GB 21342-2025 coke
    "焦炭(顶装焦炉)": "coke_top_charged",
    "焦炭(捣固焦炉)": "coke_stamp_charged",
    # GB 21341-2022 ferro-alloys
    "硅铁": "ferrosilicon",
    "电炉高碳锰铁": "ferromanganese_hc_electric_furnace",
    "锰硅合金": "silicomanganese",
    "低碳锰硅合金": "silicomanganese_low_carbon",
    "微碳锰铁": "ferromanganese_micro_carbon",
    "高碳铬铁": "ferrochrome_hc",
    "炉料级铬铁": "ferrochrome_charge_grade",
    "中（低）碳铬铁": "ferrochrome_medium_low_carbon",
    "高炉锰铁": "ferromanganese_blast_furnace",
    # GB 21346-2022 aluminium (电解铝 is split by indicator, see LIMIT_OVERRIDES)
    "拜耳法氧化铝": "alumina_bayer",
    "其他工艺氧化铝": "alumina_other_process",
    # GB 21256-2025 crude steel, main processes
    "烧结工序": "ironmaking_sinter",
    "球团工序": "ironmaking_pellet",
    "高炉工序": "ironmaking_blast_furnace",
    "转炉工序": "crude_steel_bof",
    "电弧炉(<50t)": "crude_steel_eaf_lt50t",
    "电弧炉(50-70t)": "crude_steel_eaf_50_70t",
    "电弧炉(≥70t)": "crude_steel_eaf_ge70t",
    # GB 30251-2024 refining and petrochemicals
    "炼油": "refining",
    "乙烯": "ethylene",
    "聚丙烯(连续气相法)": "polypropylene_gas_phase",
    "聚丙烯(连续液相本体法)": "polypropylene_bulk",
    "苯乙烯(纯乙烯法、乙苯脱氢法)": "styrene_ethylbenzene_dehydrogenation",
    "苯乙烯(干气法)": "styrene_dry_gas",
    "苯乙烯(乙苯共氧化法)": "styrene_co_oxidation",
    "对二甲苯": "paraxylene",
    "精对苯二甲酸(PTA)": "pta",
    "环氧丙烷(乙苯共氧化法)": "propylene_oxide_ethylbenzene_co_oxidation",
    "环氧丙烷(异丁烷共氧化法)": "propylene_oxide_isobutane_co_oxidation",
    "环氧丙烷(过氧化氢法)": "propylene_oxide_hydrogen_peroxide",
    "环氧丙烷(氯醇法)": "propylene_oxide_chlorohydrin",
    "邻苯二甲酸酐": "phthalic_anhydride",
    # GB 21343-2023 acetylene chemicals
    "电石": "calcium_carbide",
    "乙酸乙烯酯(乙炔法)": "vinyl_acetate_acetylene",
    "乙酸乙烯酯(乙烯法)": "vinyl_acetate_ethylene",
    "聚乙烯醇(乙炔法)": "polyvinyl_alcohol_acetylene",
    "聚乙烯醇(乙烯法)": "polyvinyl_alcohol_ethylene",
    "1,4-丁二醇(炔醛法)": "butanediol_reppe",
    "1,4-丁二醇(顺酐法)": "butanediol_maleic_anhydride",
    "1,4-丁二醇(烯丙醇法)": "butanediol_allyl_alcohol",
    "双氰胺": "dicyandiamide",
    "单氰胺(30%)": "cyanamide_30",
    "单氰胺(50%)": "cyanamide_50",
    # GB 21344-2023 fertilisers
    "合成氨(优质无烟块煤)": "ammonia_quality_anthracite_lump",
    "合成氨(非优质无烟块煤、型煤)": "ammonia_other_anthracite_lump_briquette",
    "合成氨(粉煤，含无烟粉煤、烟煤)": "ammonia_pulverised_coal",
    "合成氨(褐煤)": "ammonia_lignite",
    "合成氨(天然气)": "ammonia_natural_gas",
    "尿素(CO2压缩机汽轮机驱动)": "urea_steam_turbine",
    "尿素(CO2压缩机电动机驱动)": "urea_electric_motor",
    "碳酸氢铵(电耗)": "ammonium_bicarbonate",
    "磷酸一铵(传统法、粒状)": "map_conventional_granular",
    "磷酸一铵(传统法、粉状)": "map_conventional_powder",
    "磷酸一铵(料浆法、粒状)": "map_slurry_granular",
    "磷酸一铵(料浆法、粉状)": "map_slurry_powder",
    "磷酸二铵(传统法、粒状)": "dap_conventional_granular",
    "磷酸二铵(料浆法、粒状)": "dap_slurry_granular",
    "硫酸钾(含钾卤水)": "potassium_sulphate_potash_brine",
    "硫酸钾(海水和卤水)": "potassium_sulphate_seawater_brine",
    "硫酸钾(芒硝法)": "potassium_sulphate_glauber_salt",
    "硫酸钾(曼海姆法)": "potassium_sulphate_mannheim",
    # GB 29140-2024 soda ash
    "纯碱(氨碱法,轻质)": "soda_ash_ammonia_soda_light",
    "纯碱(氨碱法,重质)": "soda_ash_ammonia_soda_dense",
    "纯碱(联碱法,轻质)": "soda_ash_dual_process_light",
    "纯碱(联碱法,重质)": "soda_ash_dual_process_dense",
    "纯碱(天然碱碳化法,轻质)": "soda_ash_trona_carbonation_light",
    "纯碱(天然碱碳化法,重质)": "soda_ash_trona_carbonation_dense",
    "纯碱(天然碱蒸发法,轻质)": "soda_ash_trona_evaporation_light",
    "纯碱(天然碱蒸发法,重质)": "soda_ash_trona_evaporation_dense",
    # GB 30180-2024 coal chemicals
    "煤制烯烃(MTO,原料用能不纳入)": "olefins_coal_mto",
    "煤制烯烃(MTP,原料用能不纳入)": "olefins_coal_mtp",
    "煤制烯烃(MTO,不扣除原料用能,附录A)": "olefins_coal_mto_incl_feedstock",
    "煤制烯烃(MTP,不扣除原料用能,附录A)": "olefins_coal_mtp_incl_feedstock",
    "煤制天然气": "sng_coal",
    "煤直接液化制油": "coal_direct_liquefaction",
    "煤间接液化制油": "coal_indirect_liquefaction",
    # GB 21257-2024 chlor-alkali
    "烧碱-液碱(≥30.0%)": "caustic_soda_liquid_30",
    "烧碱-液碱(≥45.0%)": "caustic_soda_liquid_45",
    "烧碱-固碱(≥98.0%)": "caustic_soda_solid_98",
    "聚氯乙烯(电石法,通用型)": "pvc_carbide_general",
    "聚氯乙烯(电石法,糊用型)": "pvc_carbide_paste",
    "聚氯乙烯(乙烯法/联合法/姜钟法,通用型)": "pvc_ethylene_general",
    "聚氯乙烯(乙烯法/联合法/姜钟法,糊用型)": "pvc_ethylene_paste",
    "聚氯乙烯(单体法,通用型)": "pvc_monomer_general",
    "聚氯乙烯(单体法,糊用型)": "pvc_monomer_paste",
    "甲烷氯化物(CCl4转化成其他产品不进入生产系统)": "chloromethanes_ccl4_converted_outside",
    "甲烷氯化物(CCl4转化成三氯甲烷并进入生产系统)": "chloromethanes_ccl4_to_chloroform",
    # GB 21252-2023 ceramics
    "陶瓷砖/瓦(干压),吸水率≤0.2%": "ceramic_tile_absorption_le_0_2",
    "陶瓷砖/瓦(干压),0.2%<吸水率≤0.5%": "ceramic_tile_absorption_0_2_to_0_5",
    "陶瓷砖/瓦(干压),0.5%<吸水率≤10%": "ceramic_tile_absorption_0_5_to_10",
    "陶瓷砖/瓦(干压),吸水率>10%": "ceramic_tile_absorption_gt_10",
    "陶瓷板": "ceramic_panel",
    "干挂空心陶瓷板、陶瓷瓦(挤压)": "ceramic_hollow_panel_extruded",
    "卫生陶瓷,吸水率≤0.3%": "sanitary_ceramics_absorption_le_0_3",
    "卫生陶瓷,吸水率>0.3%": "sanitary_ceramics_absorption_gt_0_3",
    "耐磨氧化铝球(90系列)": "alumina_grinding_balls_90",
    # GB 21340-2019 glass
    "平板玻璃(≤500 t/d)": "flat_glass_le500tpd",
    "平板玻璃(500–800 t/d)": "flat_glass_500_800tpd",
    "平板玻璃(>800 t/d)": "flat_glass_gt800tpd",
    "光伏压延玻璃(≤300 t/d)": "pv_rolled_glass_le300tpd",
    "光伏压延玻璃(>300 t/d)": "pv_rolled_glass_gt300tpd",
    "铸石": "cast_stone",
    # GB 21347-2023 industrial silicon, magnesium
    "工业硅(木炭为主还原剂)": "industrial_silicon_charcoal",
    "工业硅(石油焦和煤混合)": "industrial_silicon_petcoke_coal",
    "工业硅(煤为主还原剂)": "industrial_silicon_coal",
    "镁": "magnesium",
    # GB 29448-2022 titanium
    "海绵钛(全流程)": "titanium_sponge_full_process",
    "海绵钛(半流程)": "titanium_sponge_half_process",
    "钛锭(二次真空自耗电弧熔炼)": "titanium_ingot_var_double",
    "钛锭(三次真空自耗电弧熔炼)": "titanium_ingot_var_triple",
    # GB 36888-2018 ready-mixed concrete
    "预拌混凝土(生产)": "ready_mixed_concrete_production",
    "预拌混凝土(运输)": "ready_mixed_concrete_transport",
    # GB 29449-2024 tyres, carbon black
    "全钢子午线轮胎": "tyre_radial_all_steel",
    "半钢子午线轮胎": "tyre_radial_semi_steel",
    "工程机械轮胎": "tyre_construction_machinery",
    "斜交轮胎": "tyre_bias",
    "炭黑(扣除原料用能)": "carbon_black",
    "炭黑(不扣除原料用能,附录A)": "carbon_black_incl_feedstock",
    # GB 29995-2024 semi-coke, activated carbon
    "兰炭": "semi_coke",
    "活性焦(原料用能不纳入)": "activated_coke",
    "柱状活性炭(原料用能不纳入)": "activated_carbon_pelletised",
    # GB 29445-2025 coal mining
    "煤炭井工开采": "coal_mining_underground",
    "煤炭露天开采": "coal_mining_open_pit",
    # GB 31825-2024 pulp and paper
    "卫生纸原纸、纸巾原纸、吸水衬纸(木浆)": "tissue_base_paper_wood_pulp",
    "卫生纸原纸、纸巾原纸、吸水衬纸(非木浆)": "tissue_base_paper_non_wood_pulp",
    "新闻纸": "newsprint",
    "非涂布印刷书写纸": "uncoated_printing_writing_paper",
    "涂布印刷纸": "coated_printing_paper",
    "箱纸板、石膏板护面纸板": "containerboard_gypsum_facing",
    "瓦楞原纸、纸管纸板": "corrugating_medium_tube_board",
    "白纸板、灰板纸": "white_board_grey_board",
    "涂布纸板": "coated_board",
    "漂白化学木浆(商品浆)": "bleached_chemical_wood_pulp_market",
    "漂白化学木浆(自用浆)": "bleached_chemical_wood_pulp_integrated",
    "脱墨废纸浆(自用浆)": "deinked_recycled_pulp_integrated",
    "未脱墨废纸浆(自用浆)": "non_deinked_recycled_pulp_integrated",
    # GB 36889-2025 chemical fibres
    "粘胶短纤维": "viscose_staple_fibre",
    "莫代尔短纤维": "modal_staple_fibre",
    "粘胶长丝": "viscose_filament",
    "聚酯熔体或切片(聚合)": "polyester_melt_chip",
    "涤纶POY(熔体直纺)": "polyester_poy_direct_spun",
    "涤纶FDY(熔体直纺)": "polyester_fdy_direct_spun",
    "涤纶短纤维(熔体直纺)": "polyester_staple_direct_spun",
    "瓶用聚酯切片": "polyester_bottle_chip",
    "锦纶6民用切片": "nylon6_chip_civil",
    "氨纶(干法纺丝)": "spandex_dry_spun",
    "腈纶(DMAc湿法二步法)": "acrylic_fibre_dmac_wet",
    # GB 25323-2023 copper, lead, zinc, nickel, tin (draft transcription)
    "铜冶炼(铜精矿-阴极铜)": "copper_cathode_from_concentrate",
    "粗铜工艺(铜精矿-粗铜)": "copper_blister_from_concentrate",
    "阳极铜工艺(铜精矿-阳极铜)": "copper_anode_from_concentrate",
    "铜电解工序(阳极铜-阴极铜)": "copper_electrorefining",
    "铅冶炼(铅精矿-铅锭)": "lead_ingot_from_concentrate",
    "粗铅工艺(铅精矿-粗铅)": "lead_bullion_from_concentrate",
    "再生铅(废电池-再生铅)": "lead_secondary_batteries",
    "湿法炼锌电锌锭(含渣处理)": "zinc_hydro_with_residue_treatment",
    "湿法炼锌电锌锭(无渣处理)": "zinc_hydro_without_residue_treatment",
    "火法炼锌精锌锭(精矿-精锌锭)": "zinc_pyro_refined",
    "镍冶炼(镍精矿-电解镍)": "nickel_electrolytic_from_concentrate",
    "锡冶炼(锡精矿-锡锭、焊锡)": "tin_from_concentrate",
}
LIMIT_INDICATORS: dict[str, str] = {
    "单位产品综合能耗": "comprehensive_energy",
    "水泥单位产品综合能耗": "comprehensive_energy",
    "熟料单位产品综合能耗": "comprehensive_energy",
    "熟料单位产品综合电耗": "comprehensive_electricity",
    "熟料单位产品综合煤耗": "comprehensive_coal",
    "水泥制备工段电耗": "section_electricity",
    "单位产品能耗": "energy",
    "焦炭单位产品能耗": "energy",
    "单位产品冶炼电耗": "smelting_electricity",
    "单位产品焦炭消耗": "coke_consumption",
    "工艺能耗": "process_energy",
    "综合能耗": "comprehensive_energy",
    "单位能量因数能耗": "energy_per_energy_factor",
    "单位产品电炉电耗": "furnace_electricity",
    "单位产品电耗": "electricity",
}
# 电解铝: liquid aluminium and ingot are separate products with their own indicators
LIMIT_OVERRIDES: dict[tuple[str, str], tuple[str, str]] = {
    ("电解铝", "铝液交流电耗"): ("primary_aluminium_liquid", "ac_electricity"),
    ("电解铝", "铝液综合交流电耗"): ("primary_aluminium_liquid", "comprehensive_ac_electricity"),
    ("电解铝", "铝锭综合交流电耗"): ("primary_aluminium_ingot", "comprehensive_ac_electricity"),
    ("电解铝", "铝锭综合单耗"): ("primary_aluminium_ingot", "comprehensive_energy"),
}
ENERGY_UNITS = {"kgce": "", "kWh": "electricity", "kgoe": "", "kg": "coke"}
OUTPUT_UNITS = {
    "t": "t",
    "m2": "m2",
    "m3": "m3",
    "重量箱": "weight_case",
    "Adt": "Adt",
    "toe": "toe",
    "(t·能量因数)": "t_energy_factor",
}
# parts of the reference `source` text that describe a correction the standard applies
CORRECTION_MARKERS = (
    "corrected to",
    "corrections for",
    "per pct-pt",
    "multiply limits",
    "correction factor",
    "modifier",
)
SOURCE_PREFIX_UEBENCH = (
    "GitHub file id 71654997680 (uebench builder script encoding reviewed GB energy-limit "
    "standards with source sha256)"
)
LIMIT_FLAGS = {"repo-verified transcription": "R", "repo transcription (draft, weak)": "R-weak"}
# GB editions with a known date of entry into force (reference note on the row)
LIMIT_VALID_FROM = {"gb21256-2025": ("2026-07-01", "effective 2026-07-01 per repo id 63227275886")}


def gb_edition(document: str) -> str:
    match = GB_DOCUMENT.match(document)
    require(match is not None, f"not a GB document number: {document!r}")
    assert match is not None
    return f"gb{match.group(1)}-{match.group(2)}"


def split_unit(unit: str) -> tuple[str, str]:
    energy, _slash, output = unit.partition("/")
    require(energy in ENERGY_UNITS and output in OUTPUT_UNITS, f"unexpected unit {unit!r}")
    return energy, OUTPUT_UNITS[output]


def limit_correction(source: str) -> str:
    parts = [part.strip() for part in source.split(";")]
    return "; ".join(p for p in parts if any(marker in p for marker in CORRECTION_MARKERS))


def build_energy_limits(reference: Path) -> list[Row]:
    rows: list[Row] = []
    for ref in read_csv(reference / "benchmarks.csv"):
        labels = (ref["col1_label"], ref["col2_label"], ref["col3_label"])
        if labels == NDRC_LEVEL_LABELS:
            continue  # NDRC rows: cross-checked against ndrc_benchmarks_2023.csv below
        require(labels == GB_LEVEL_LABELS, f"unexpected level labels {labels!r}")
        product, indicator = ref["product"], ref["indicator"]
        product_code, indicator_code = LIMIT_OVERRIDES.get(
            (product, indicator), (LIMIT_PRODUCTS.get(product, ""), LIMIT_INDICATORS.get(indicator, ""))
        )
        require(bool(product_code and indicator_code), f"unmapped limit row {product}/{indicator}")
        energy_unit, output_unit = split_unit(ref["unit"])
        carrier = ENERGY_UNITS[energy_unit]
        require(carrier != "coke" or indicator_code == "coke_consumption", f"kg unit on {product}")
        levels = [ref[f"col{n}_value"].strip() for n in (1, 2, 3)]
        require(bool(levels[2]), f"no level 3 for {product}/{indicator}")
        present = [dec(v) for v in levels if v]
        require(present == sorted(present), f"levels of {product}/{indicator} not in order")
        edition = gb_edition(ref["document"])
        flag = LIMIT_FLAGS[ref["verification"]]
        rows.append(
            {
                "factor_id": f"limit:{edition}:{product_code}:{indicator_code}",
                "edition": edition,
                "product_code": product_code,
                "product_zh": product,
                "indicator_code": indicator_code,
                "indicator_zh": indicator,
                "unit": ref["unit"],
                "energy_unit": energy_unit,
                "output_unit": output_unit,
                "energy_carrier": carrier,
                "document": ref["document"],
                "level1": fmt(dec(levels[0])) if levels[0] else "",
                "level2": fmt(dec(levels[1])) if levels[1] else "",
                "level3": fmt(dec(levels[2])),
                "direction": "lower_is_better",
                "correction": limit_correction(ref["source"]),
                "verification": flag,
                "source": f"{ref['document']} level 1 (先进值) / level 2 (新建准入值) / level 3 "
                f"(限定值) as transcribed in a public file; reference flag: {ref['verification']}; "
                f"evidence: {ref['source']}",
            }
        )
    used = {r["product_zh"] for r in rows}
    require(used | {"电解铝"} == set(LIMIT_PRODUCTS) | {"电解铝"}, "unused product codes")
    codes = [r["factor_id"] for r in rows]
    require(len(codes) == len(set(codes)), "duplicate product × indicator × standard")
    return sorted(rows, key=lambda r: r["factor_id"])


# ---------------------------------------------------------------------------
# 11. NDRC benchmark and baseline levels (2021 and 2023 editions)
# ---------------------------------------------------------------------------

NDRC_COLUMNS = [
    "factor_id",
    "edition",
    "product_code",
    "product_zh",
    "ndrc_area_zh",
    "indicator_code",
    "indicator_zh",
    "unit",
    "status",
    "benchmark",
    "baseline",
    "direction",
    "reference_gb",
    "gb_pattern",
    "deadline",
    "notes",
    "verification",
    "source",
]
NDRC_DOCS = {
    "ndrc-2021": "发改产业〔2021〕1609号 《高耗能行业重点领域能效标杆水平和基准水平（2021年版）》",
    "ndrc-2023": "发改产业〔2023〕723号 《工业重点领域能效标杆水平和基准水平（2023年版）》",
}
# NDRC area (ndrc_benchmarks_2023.csv) -> (energy_limits product codes it is paired with, or
# its own code where no GB row is packaged; indicator code; name of the same area in the
# NDRC rows of benchmarks.csv, cross-checked; None where benchmarks.csv has no such row)
NDRC_AREAS: dict[str, tuple[tuple[str, ...], str, str | None]] = {
    "炼油": (("refining",), "energy_per_energy_factor", "炼油"),
    "煤制焦炭-顶装焦炉": (("coke_top_charged",), "energy", "煤制焦炭(顶装焦炉)"),
    "煤制焦炭-捣固焦炉": (("coke_stamp_charged",), "energy", "煤制焦炭(捣固焦炉)"),
    "煤制甲醇": (("methanol_bituminous_coal",), "comprehensive_energy", "煤制甲醇"),
    "煤制烯烃": (("olefins_coal_mto_incl_feedstock",), "energy", "煤制烯烃"),
    "煤制乙二醇": (("ethylene_glycol_syngas",), "comprehensive_energy", "煤制乙二醇"),
    "烧碱-离子膜法液碱≥30%": (
        ("caustic_soda_liquid_30",), "comprehensive_energy", "烧碱(离子膜法液碱≥30%)"),
    "烧碱-离子膜法液碱≥45%": (
        ("caustic_soda_liquid_45",), "comprehensive_energy", "烧碱(离子膜法液碱≥45%)"),
    "烧碱-离子膜法固碱≥98%": (
        ("caustic_soda_solid_98",), "comprehensive_energy", "烧碱(离子膜法固碱≥98%)"),
    "纯碱-氨碱法(轻质)": (
        ("soda_ash_ammonia_soda_light",), "comprehensive_energy", "纯碱(氨碱法,轻质)"),
    "纯碱-联碱法(轻质)": (
        ("soda_ash_dual_process_light",), "comprehensive_energy", "纯碱(联碱法,轻质)"),
    "电石": (("calcium_carbide",), "comprehensive_energy", "电石"),
    "乙烯": (("ethylene",), "comprehensive_energy", "乙烯"),
    "对二甲苯": (("paraxylene",), "comprehensive_energy", "对二甲苯"),
    "黄磷": (("yellow_phosphorus",), "comprehensive_energy", "黄磷"),
    "合成氨-优质无烟块煤": (
        ("ammonia_quality_anthracite_lump",), "comprehensive_energy", "合成氨(优质无烟块煤)"),
    "合成氨-非优质无烟块煤、型煤": (
        ("ammonia_other_anthracite_lump_briquette",), "comprehensive_energy",
        "合成氨(非优质无烟块煤、型煤)"),
    "合成氨-粉煤(无烟粉煤、烟煤)": (
        ("ammonia_pulverised_coal",), "comprehensive_energy", "合成氨(粉煤)"),
    "合成氨-天然气": (("ammonia_natural_gas",), "comprehensive_energy", "合成氨(天然气)"),
    "磷酸一铵-传统法(粒状)": (("map_conventional_granular",), "comprehensive_energy", None),
    "磷酸一铵-传统法(粉状)": (("map_conventional_powder",), "comprehensive_energy", None),
    "磷酸一铵-料浆法(粒状)": (("map_slurry_granular",), "comprehensive_energy", None),
    "磷酸一铵-料浆法(粉状)": (("map_slurry_powder",), "comprehensive_energy", None),
    "磷酸二铵-传统法(粒状)": (("dap_conventional_granular",), "comprehensive_energy", None),
    "磷酸二铵-料浆法(粒状)": (("dap_slurry_granular",), "comprehensive_energy", None),
    "水泥熟料": (("cement_clinker",), "comprehensive_energy", "水泥熟料"),
    "平板玻璃(>800 t/d)": (("flat_glass_gt800tpd",), "comprehensive_energy", "平板玻璃(>800t/d)"),
    "平板玻璃(500–800 t/d)": (
        ("flat_glass_500_800tpd",), "comprehensive_energy", "平板玻璃(500-800t/d)"),
    "建筑陶瓷(吸水率≤0.5%)": (
        ("ceramic_tile_absorption_le_0_2", "ceramic_tile_absorption_0_2_to_0_5"),
        "comprehensive_energy", "建筑陶瓷(吸水率≤0.5%)"),
    "卫生陶瓷": (
        ("sanitary_ceramics_absorption_le_0_3", "sanitary_ceramics_absorption_gt_0_3"),
        "comprehensive_energy", "卫生陶瓷"),
    "高炉工序": (("ironmaking_blast_furnace",), "energy", "钢铁-高炉工序"),
    "转炉工序": (("crude_steel_bof",), "energy", "钢铁-转炉工序"),
    "电弧炉冶炼(30t<公称容量<50t)": (
        ("crude_steel_eaf_lt50t",), "energy", "钢铁-电弧炉(30t<容量<50t)"),
    "电弧炉冶炼(≥50t)": (
        ("crude_steel_eaf_50_70t", "crude_steel_eaf_ge70t"), "energy", "钢铁-电弧炉(≥50t)"),
    "硅铁": (("ferrosilicon",), "comprehensive_energy", "铁合金-硅铁"),
    "锰硅合金": (("silicomanganese",), "comprehensive_energy", "铁合金-锰硅合金"),
    "高碳铬铁": (("ferrochrome_hc",), "comprehensive_energy", None),
    "铜冶炼(铜精矿-阴极铜)": (("copper_cathode_from_concentrate",), "comprehensive_energy", "铜冶炼"),
    "铅冶炼(铅精矿-铅锭)": (("lead_ingot_from_concentrate",), "comprehensive_energy", None),
    "锌冶炼(湿法,含渣处理)": (
        ("zinc_hydro_with_residue_treatment",), "comprehensive_energy", None),
    "电解铝": (("primary_aluminium_liquid",), "ac_electricity", "电解铝"),
    "乙二醇(乙烯制/合成气制)": (
        ("ethylene_glycol_ethylene", "ethylene_glycol_syngas"), "comprehensive_energy", None),
    "尿素": (("urea_steam_turbine", "urea_electric_motor"), "comprehensive_energy", None),
    "钛白粉": (("titanium_dioxide",), "comprehensive_energy", None),
    "聚氯乙烯(电石法通用型)": (("pvc_carbide_general",), "comprehensive_energy", None),
    "精对苯二甲酸(PTA)": (("pta",), "comprehensive_energy", None),
    "子午线轮胎(全钢/半钢)": (
        ("tyre_radial_all_steel", "tyre_radial_semi_steel"), "comprehensive_energy", None),
    "工业硅": (
        ("industrial_silicon_charcoal", "industrial_silicon_petcoke_coal", "industrial_silicon_coal"),
        "comprehensive_energy", None),
    "卫生纸原纸、纸巾原纸": (
        ("tissue_base_paper_wood_pulp", "tissue_base_paper_non_wood_pulp"),
        "comprehensive_energy", None),
    "棉、化纤及混纺机织物": (("textile_woven_fabric",), "comprehensive_energy", None),
    "针织物、纱线": (("textile_knitted_fabric_yarn",), "comprehensive_energy", None),
    "粘胶短纤维": (("viscose_staple_fibre",), "comprehensive_energy", None),
}
NDRC_SCOPES = {"2021+2023": ("ndrc-2021", "ndrc-2023"), "2023 new": ("ndrc-2023",)}
NDRC_DEADLINES = {"end-2025 (2021 areas)": "2025-12-31", "end-2026 (11 areas added 2023)": "2026-12-31"}
GB_PATTERN_TOKEN = re.compile(r"^(B|BL)=(L[123](?:=L[123])*)$")


def ndrc_flag(text: str) -> str:
    """Map the reference's NDRC flag wording onto V / R / R-weak / U."""
    text = text.strip()
    if text.startswith(("U", "CORRECTED")):
        return "U"  # includes U-inferred and UNVERIFIED
    if text.startswith("R-weak"):
        return "R-weak"
    if text.startswith(("R-corroborated", "R (corroborated", "corroborated")):
        return "R"
    require(text.startswith("V"), f"unexpected NDRC flag text {text!r}")
    return "V"


def ndrc_pattern_check(ref: Row, edition: str, benchmark: str, baseline: str) -> None:
    """Where the reference says B=Ln / BL=Ln, check it against its own GB columns."""
    pattern = ref["gb_pattern"]
    if "(2023)" in pattern and edition != "ndrc-2023":
        return  # the pattern holds for the 2023 values only (ferrosilicon baseline 1900 → 1850)
    levels = {f"L{n}": ref[f"gb_L{n}"].strip() for n in (1, 2, 3)}
    for token in re.split(r"[,;]", pattern.replace(" of 2013 ed.", "").replace(" (2023)", "")):
        match = GB_PATTERN_TOKEN.match(token.strip())
        if match is None:
            continue
        value = benchmark if match.group(1) == "B" else baseline
        for level in match.group(2).split("="):
            area = ref["product_or_process"]
            require(dec(levels[level]) == dec(value), f"pattern {token} fails for {area}")


def ndrc_gb_check(ref: Row, row: Row) -> None:
    """The reference's copy of the GB levels must equal the packaged GB row it names."""
    if not ref["reference_gb"].startswith(row["document"]):
        return  # e.g. the NDRC steel rows cite GB 21256-2013, which is not packaged
    for n in (1, 2, 3):
        text = ref[f"gb_L{n}"].strip()
        if text and re.fullmatch(r"-?[\d.]+", text):
            require(dec(text) == dec(row[f"level{n}"]), f"GB L{n} of {row['factor_id']} differs")


def build_ndrc_levels(reference: Path, limits: list[Row]) -> tuple[list[Row], list[str]]:
    limit_products = {r["product_code"] for r in limits}
    limit_keys = {(r["product_code"], r["indicator_code"]): r for r in limits}
    cross = {
        ref["product"]: ref
        for ref in read_csv(reference / "benchmarks.csv")
        if (ref["col1_label"], ref["col2_label"], ref["col3_label"]) == NDRC_LEVEL_LABELS
    }
    rows: list[Row] = []
    without_values: list[str] = []  # NDRC areas listed with no benchmark/baseline found
    seen_cross: set[str] = set()
    for ref in read_csv(reference / "ndrc_benchmarks_2023.csv"):
        area = ref["product_or_process"]
        require(area in NDRC_AREAS, f"unmapped NDRC area {area!r}")
        codes, indicator_code, alias = NDRC_AREAS[area]
        values = {
            "ndrc-2021": (ref["benchmark_2021"].strip(), ref["baseline_2021"].strip()),
            "ndrc-2023": (ref["benchmark_2023"].strip(), ref["baseline_2023"].strip()),
        }
        flag = ndrc_flag(ref["verification"])
        evidence = ref["evidence"]
        if alias is not None:
            seen_cross.add(alias)
            other = cross[alias]
            doc_edition = "ndrc-2023" if "723号 《" in other["document"] else "ndrc-2021"
            require(
                (dec(other["col1_value"]), dec(other["col3_value"]))
                == tuple(dec(v) for v in values[doc_edition]),
                f"benchmarks.csv NDRC row {alias!r} disagrees with ndrc_benchmarks_2023.csv",
            )
            flag = weakest([flag, ndrc_flag(other["verification"])])
            evidence += f"; same values in the NDRC rows of benchmarks.csv ({other['verification']})"
        deadline = NDRC_DEADLINES[ref["retrofit_deadline"]]
        for edition in NDRC_SCOPES[ref["edition_scope"]]:
            benchmark, baseline = values[edition]
            have = bool(benchmark and baseline and benchmark != "—")
            if have:
                require(dec(benchmark) <= dec(baseline), f"benchmark above baseline for {area}")
                ndrc_pattern_check(ref, edition, benchmark, baseline)
            elif edition == "ndrc-2023" and values["ndrc-2021"][0] not in ("", "—"):
                continue  # 2021 value known, 2023 value not found: the engine falls back, with a note
            elif area not in without_values:
                without_values.append(area)
            for code in codes:
                gb = limit_keys.get((code, indicator_code))
                if gb is not None:
                    require(gb["unit"] == ref["unit"], f"unit of {area} differs from {code}")
                    ndrc_gb_check(ref, gb)
                else:
                    require(code not in limit_products, f"{area}: {code} has no {indicator_code} row")
                pairing = (
                    f"NDRC area {area} paired with GB row {gb['product_zh']} ({gb['document']}) by the "
                    "reference"
                    if gb is not None and gb["product_zh"] != area
                    else ""
                )
                relation = ref["gb_pattern"] and (
                    f"relation to the GB levels per the reference: {ref['gb_pattern']}"
                )
                notes = "; ".join(n for n in (pairing, relation, ref["notes"]) if n)
                rows.append(
                    {
                        "factor_id": f"ndrc:{edition}:{code}:{indicator_code}",
                        "edition": edition,
                        "product_code": code,
                        "product_zh": gb["product_zh"] if gb is not None else area,
                        "ndrc_area_zh": area,
                        "indicator_code": indicator_code,
                        "indicator_zh": ref["indicator"],
                        "unit": "" if ref["unit"] == "—" else ref["unit"],
                        "status": "levels" if have else "values_not_found",
                        "benchmark": fmt(dec(benchmark)) if have else "",
                        "baseline": fmt(dec(baseline)) if have else "",
                        "direction": "lower_is_better",
                        "reference_gb": ref["reference_gb"],
                        "gb_pattern": ref["gb_pattern"],
                        "deadline": deadline,
                        "notes": notes,
                        "verification": flag,
                        "source": f"{NDRC_DOCS[edition]}; reference flag: {ref['verification']}; "
                        f"evidence: {evidence}; retrofit deadline {ref['retrofit_deadline']} "
                        "(DIGEST-UPDATE §2, V: laitimes.com, tdd-global.com)",
                    }
                )
    require(seen_cross == set(cross), f"NDRC rows of benchmarks.csv not matched: {set(cross) - seen_cross}")
    ids = [r["factor_id"] for r in rows]
    require(len(ids) == len(set(ids)), "duplicate NDRC factor ids")
    return sorted(rows, key=lambda r: r["factor_id"]), without_values


# ---------------------------------------------------------------------------
# 12. tiered electricity pricing (electrolytic aluminium)
# ---------------------------------------------------------------------------

TIERED_COLUMNS = [
    "factor_id",
    "edition",
    "sector",
    "product_code",
    "indicator_code",
    "indicator_zh",
    "unit",
    "document",
    "effective_from",
    "effective_to",
    "rule_kind",
    "threshold_kwh_per_t",
    "upper_kwh_per_t",
    "step_kwh_per_t",
    "surcharge_cny_per_kwh",
    "part_step_counts_full",
    "excludes_desulphurisation_power",
    "renewable_discount",
    "other_rules",
    "verification",
    "source",
]
TIERED_1239 = "ndrc-price-2021-1239"
TIERED_2530 = "ndrc-price-2013-2530"
TIERED_DOCS = {
    TIERED_1239: "发改价格〔2021〕1239号 《关于完善电解铝行业阶梯电价政策的通知》",
    TIERED_2530: "发改价格〔2013〕2530号",
}
STEP_RULE = re.compile(r"\+([\d.]+) CNY/kWh .* every (\d+) kWh/t above threshold; part-step counts as a full")
BAND_RULE = re.compile(r"\+([\d.]+) CNY/kWh \((\d+)–(\d+)\); \+([\d.]+) CNY/kWh \(>(\d+)\)")


def build_tiered_pricing(reference: Path) -> tuple[list[Row], list[str]]:
    refs = read_csv(reference / "tiered_pricing.csv")
    rows: list[Row] = []
    skipped: list[str] = []
    step_rule: re.Match[str] | None = None
    other_rules = ""
    renewable = ""
    aluminium_1239: list[Row] = []
    for ref in refs:
        doc = ref["document"]
        if ref["sector"] != "electrolytic aluminium":
            skipped.append(f"{ref['sector']}: {doc} (flag {ref['verification']})")
            continue
        if "non-hydro renewable" in ref["metric"]:
            renewable = (
                f"non-hydro renewable (wind, PV) share above 15 % reduces the surcharge; threshold "
                f"'{ref['threshold']}', rule '{ref['surcharge_rule']}', {ref['other_rules']} "
                f"(flag: {ref['verification']}; {ref['source']})"
            )
            continue
        if doc.startswith("发改价格〔2021〕1239号"):
            if step_rule is None:
                step_rule = STEP_RULE.search(ref["surcharge_rule"])
                require(step_rule is not None, "1239号 surcharge rule not understood")
                other_rules = ref["other_rules"]
            else:
                require(ref["surcharge_rule"] == "same", "1239号 rows changed")
            aluminium_1239.append(ref)
            continue
        require(doc.startswith("发改价格〔2013〕2530号"), f"unexpected tiered-price row {doc!r}")
        band = BAND_RULE.search(ref["surcharge_rule"])
        require(band is not None and ref["threshold"] == f"{band.group(2)} / {band.group(3)}", "2530号")
        assert band is not None
        require(band.group(3) == band.group(5), "2530号 bands not contiguous")
        base = {
            "edition": TIERED_2530,
            "sector": "electrolytic_aluminium",
            "product_code": "primary_aluminium_liquid",
            "indicator_code": "electrolysis_ac_electricity",
            "indicator_zh": ref["metric"].split(" (")[0],
            "unit": "kWh/t",
            "document": TIERED_DOCS[TIERED_2530] + " (superseded)",
            "effective_from": ref["effective_from"],
            "effective_to": "2021-12-31",
            "rule_kind": "band",
            "step_kwh_per_t": "",
            "part_step_counts_full": "",
            "excludes_desulphurisation_power": "",
            "renewable_discount": "",
            "other_rules": "",
            "verification": "V",
            "source": f"{ref['source']}; effective_to = day before 1239号 took effect (2022-01-01), "
            "inferred from 'superseded'; whether a value exactly on a band edge pays the higher "
            "rate is not stated in the reference",
        }
        for lower, upper, surcharge in ((band.group(2), band.group(3), band.group(1)),
                                        (band.group(5), "", band.group(4))):
            rows.append(base | {
                "factor_id": f"tiered:{TIERED_2530}:primary_aluminium_liquid:band-{lower}",
                "threshold_kwh_per_t": lower,
                "upper_kwh_per_t": upper,
                "surcharge_cny_per_kwh": surcharge,
            })
    require(step_rule is not None and bool(renewable), "1239号 rows missing")
    assert step_rule is not None
    starts = sorted(ref["effective_from"] for ref in aluminium_1239)
    for ref in aluminium_1239:
        start = ref["effective_from"]
        later = [s for s in starts if s > start]
        end = ""
        if later:
            year = int(later[0][:4])
            require(later[0] == f"{year}-01-01", "1239号 thresholds must start on 1 January")
            end = f"{year - 1}-12-31"
        excludes = "desulphurisation" in ref["metric"]
        rows.append(
            {
                "factor_id": f"tiered:{TIERED_1239}:primary_aluminium_liquid:{start}",
                "edition": TIERED_1239,
                "sector": "electrolytic_aluminium",
                "product_code": "primary_aluminium_liquid",
                "indicator_code": "comprehensive_ac_electricity",
                "indicator_zh": "铝液综合交流电耗" + ("（不含脱硫电耗）" if excludes else ""),
                "unit": "kWh/t",
                "document": TIERED_DOCS[TIERED_1239],
                "effective_from": start,
                "effective_to": end,
                "rule_kind": "step",
                "threshold_kwh_per_t": fmt(dec(ref["threshold"])),
                "upper_kwh_per_t": "",
                "step_kwh_per_t": step_rule.group(2),
                "surcharge_cny_per_kwh": step_rule.group(1),
                "part_step_counts_full": "true",
                "excludes_desulphurisation_power": "true" if excludes else "",
                "renewable_discount": renewable,
                "other_rules": other_rules,
                "verification": ref["verification"],
                "source": f"{TIERED_DOCS[TIERED_1239]}; threshold from {start}"
                + (f" until {end} (the next threshold's start)" if end else "")
                + f"; surcharge rule and other rules stated on the first row; evidence: {ref['source']}",
            }
        )
    return sorted(rows, key=lambda r: r["factor_id"]), skipped


# ---------------------------------------------------------------------------
# manifest
# ---------------------------------------------------------------------------

LICENCE_PRC = (
    "Figures cited as facts from PRC government notices; official documents of state "
    "organs are not subject to copyright (Copyright Law of the PRC, Art. 5)."
)
LICENCE_GB = (
    "Figures are facts cited from the standard; the standard's text is © SAC "
    "(Standardization Administration of China) and is not redistributed."
)
LICENCE_IPCC = "IPCC values cited as facts with attribution to the report named in each row."
LICENCE_STATS = "Statistical figures (CEC/NEA/NDRC) cited as facts with attribution."


def edition(
    name: str,
    source_document: str,
    publisher: str,
    published: str | None = None,
    valid_from: str | None = None,
    valid_to: str | None = None,
    notes: str = "",
) -> dict[str, Any]:
    return {
        "edition": name,
        "source_document": source_document,
        "publisher": publisher,
        "published": published,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "notes": notes,
    }


def dataset_meta(
    elec_missing: list[str],
    coal_skipped: list[str],
    limit_documents: list[str],
    ndrc_without_values: list[str],
    tiered_skipped: list[str],
) -> list[dict[str, Any]]:
    mee = "生态环境部 Ministry of Ecology and Environment; 国家统计局 National Bureau of Statistics"
    return [
        {
            "id": "fuels",
            "file": "fuels.csv",
            "title_zh": "化石燃料缺省参数（低位发热量、单位热值含碳量、碳氧化率）",
            "title_en": "Fossil-fuel defaults (NCV, carbon content per heat, oxidation rate)",
            "licence": LICENCE_GB + " NDRC guideline figures: " + LICENCE_PRC,
            "notes": "E = FC × NCV × CC/1000 × OF × 44/12 (tCO2); FC in t or 10^4 Nm3 "
            "(wan_Nm3). Two editions coexist and must not be mixed silently.",
            "editions": [
                edition(
                    "gbt32150-2015",
                    "GB/T 32150-2015 《工业企业温室气体排放核算和报告通则》 Table B.1 (values "
                    "transcribed from GB/T 32151.22-2024 Annex C Table C.1)",
                    "国家质量监督检验检疫总局、国家标准化管理委员会 (AQSIQ/SAC)",
                    notes="Values are R transcriptions of GB/T 32151.22-2024 Table C.1; that "
                    "they equal GB/T 32150-2015 Table B.1 is believed, not verified. "
                    "Publication dates not verified.",
                ),
                edition(
                    "ndrc-2013",
                    "NDRC 《XX企业温室气体排放核算方法与报告指南（试行）》 (2013-2015, 24 "
                    "sector guidelines), 常用化石燃料相关参数缺省值",
                    "国家发展和改革委员会 (NDRC)",
                    notes="Only the fuels present in the reference. Rows whose NCV or "
                    "oxidation rate came from memory are U.",
                ),
            ],
        },
        {
            "id": "electricity_co2",
            "file": "electricity_co2.csv",
            "title_zh": "电力二氧化碳排放因子（生态环境部、国家统计局）",
            "title_en": "Electricity CO2 emission factors (MEE & NBS)",
            "licence": LICENCE_PRC,
            "notes": "tCO2/MWh = kgCO2/kWh. average = location-based; residual_mix = "
            "national average excluding market-traded non-fossil electricity (market-based "
            "Scope 2); fossil_only = fossil-fuel power only. Not the national-ETS default "
            "(ets_grid_default.csv) and not the life-cycle electricity carbon-footprint "
            "factors (not packaged). Missing: " + "; ".join(elec_missing),
            "editions": [
                edition(
                    "mee-nbs-2021",
                    MEE_NOTICES["2021"][2],
                    mee,
                    published=MEE_NOTICES["2021"][0],
                    notes="data year 2021",
                ),
                edition(
                    "mee-nbs-2022",
                    MEE_NOTICES["2022"][2],
                    mee,
                    published=MEE_NOTICES["2022"][0],
                    notes="data year 2022",
                ),
                edition(
                    "mee-nbs-2023",
                    MEE_NOTICES["2023"][2],
                    mee,
                    published=MEE_NOTICES["2023"][0],
                    notes="data year 2023; residual mix, 西南 regional and 29 provinces not found",
                ),
            ],
        },
        {
            "id": "regions",
            "file": "regions.csv",
            "title_zh": "省级行政区划代码及所属区域电网",
            "title_en": "Provinces (GB/T 2260 codes) and their MEE regional grid",
            "licence": "Administrative codes are facts from GB/T 2260 (text © SAC, not "
            "redistributed); grid grouping compiled for this package.",
            "notes": "31 mainland provinces. The verification flag covers the grid "
            "assignment (the GB/T 2260 codes themselves are widely reproduced). 内蒙古 is "
            "U: older lists split it between 华北 (蒙西) and 东北 (蒙东).",
            "editions": [
                edition(
                    "gbt2260",
                    "GB/T 2260 《中华人民共和国行政区划代码》 (province level) + MEE regional-grid "
                    "grouping (华北/东北/华东/华中/西北/南方/西南)",
                    "国家标准化管理委员会 (SAC); grouping: MEE regional factors",
                ),
            ],
        },
        {
            "id": "ets_grid_default",
            "file": "ets_grid_default.csv",
            "title_zh": "全国碳市场核算用全国电网平均排放因子",
            "title_en": "National-ETS accounting default grid emission factor",
            "licence": LICENCE_PRC,
            "notes": "For national-ETS (power, cement, aluminium, steel) accounting only. "
            "Values are R (seen in many repos); the document numbers are U. Reporting "
            "year 2021 is not covered by the reference.",
            "editions": [
                edition(
                    "ets-2019",
                    "MEE 2021 power-generation accounting guideline (attribution unverified)",
                    "生态环境部 (MEE)",
                    valid_from="2019-01-01",
                    valid_to="2020-12-31",
                    notes="valid_from/valid_to = emission data years covered",
                ),
                edition(
                    "ets-2022",
                    "环办气候函〔2022〕111号 (attribution unverified)",
                    "生态环境部办公厅 (MEE General Office)",
                    valid_from="2022-01-01",
                    valid_to="2022-12-31",
                    notes="valid_from/valid_to = emission data years covered",
                ),
                edition(
                    "ets-2023",
                    "环办气候函〔2023〕43号 (attribution unverified)",
                    "生态环境部办公厅 (MEE General Office)",
                    valid_from="2023-01-01",
                    valid_to="2025-12-31",
                    notes="valid_from/valid_to = emission data years covered (2023-2025)",
                ),
            ],
        },
        {
            "id": "heat_co2",
            "file": "heat_co2.csv",
            "title_zh": "外购热力二氧化碳排放因子缺省值",
            "title_en": "Default CO2 factor for purchased heat",
            "licence": LICENCE_GB,
            "notes": "0.11 tCO2/GJ, the GB/T 32151 / NDRC-guideline default; seen in repo "
            "configs only.",
            "editions": [
                edition(
                    HEAT_EDITION,
                    "GB/T 32151.24-2024 《温室气体排放核算与报告要求 第24部分：电子设备制造企业》 "
                    "(as cited in a repo config; same default across the GB/T 32151 family)",
                    "国家市场监督管理总局、国家标准化管理委员会 (SAMR/SAC)",
                ),
            ],
        },
        {
            "id": "coal_equivalents",
            "file": "coal_equivalents.csv",
            "title_zh": "各种能源折标准煤系数",
            "title_en": "Standard-coal conversion coefficients",
            "licence": LICENCE_GB + " " + LICENCE_STATS,
            "notes": "1 kgce = 29307.6 kJ. basis calorific = 当量值; coal_equivalent = 等价值 "
            "(electricity: the year's thermal-power coal consumption per kWh supplied; "
            "nitrogen: energy-carrying medium). CEC years found: "
            + ", ".join(str(y) for y in sorted(CEC_COAL_RATE))
            + "; 2019 (306.4) and 2021 (302.5) are recollections not found in any stored "
            "source and are not packaged; 2025 not yet published in the sources. "
            "Not packaged from the reference: "
            + "、".join(coal_skipped)
            + " (range, method row or definition).",
            "editions": [
                edition(
                    "gbt2589-2020",
                    "GB/T 2589-2020 《综合能耗计算通则》 Appendix A lineage; figures taken from "
                    "the China Energy Statistical Yearbook 2023 reference-coefficient table "
                    "(transcription) unless the row says otherwise",
                    "国家市场监督管理总局、国家标准化管理委员会 (SAMR/SAC); yearbook: 国家统计局",
                    notes="Equivalence of the yearbook table with GB/T 2589-2020 Appendix A "
                    "not verified; publication dates not verified.",
                ),
                *[
                    edition(
                        f"cec-{year}",
                        f"CEC/NEA national statistics: {year} 火电厂供电标准煤耗",
                        "中国电力企业联合会 (CEC) / 国家能源局 (NEA)",
                        valid_from=f"{year}-01-01",
                        valid_to=f"{year}-12-31",
                        notes="valid_from/valid_to = the statistical year",
                    )
                    for year in sorted(CEC_COAL_RATE)
                ],
                edition(
                    "tcisa416-2024",
                    "T/CISA 416-2024 (China Iron and Steel Association group standard)",
                    "中国钢铁工业协会 (CISA)",
                    notes="Quoted by a demo repo only.",
                ),
            ],
        },
        {
            "id": "gwp",
            "file": "gwp.csv",
            "title_zh": "全球增温潜势（100年）",
            "title_en": "Global warming potentials (100-year)",
            "licence": LICENCE_IPCC,
            "notes": "AR6 CH4 = fossil 29.8, CH4-biogenic = non-fossil 27.0; AR4/AR5 give "
            "CH4-biogenic the CH4 value. CF4 = PFC-14, C2F6 = PFC-116.",
            "editions": [
                edition(
                    "ipcc-ar4",
                    GWP_DOCS["AR4"],
                    "IPCC",
                    notes="published 2007 (day not recorded)",
                ),
                edition(
                    "ipcc-ar5",
                    GWP_DOCS["AR5"],
                    "IPCC",
                    notes="published 2013 (day not recorded)",
                ),
                edition(
                    "ipcc-ar6",
                    GWP_DOCS["AR6"],
                    "IPCC",
                    notes="published 2021 (day not recorded)",
                ),
            ],
        },
        {
            "id": "carbonates",
            "file": "carbonates.csv",
            "title_zh": "碳酸盐分解二氧化碳排放因子（化学计量）",
            "title_en": "Carbonate CO2 emission factors (stoichiometric)",
            "licence": LICENCE_IPCC,
            "notes": "tCO2 per t carbonate fully calcined. Checked against molar masses in "
            "the build script; IPCC's soda-ash factor is 0.03 % below stoichiometry.",
            "editions": [
                edition(
                    "ipcc-2006",
                    "2006 IPCC Guidelines for National GHG Inventories, Vol.3 Ch.2, Table 2.1",
                    "IPCC",
                    notes="published 2006 (day not recorded)",
                ),
            ],
        },
        {
            "id": "process_factors",
            "file": "process_factors.csv",
            "title_zh": "工业过程排放因子",
            "title_en": "Industrial process factors",
            "licence": LICENCE_PRC,
            "notes": "carbon_anode_default is per t of net anode consumed; multiply by net "
            "anode consumption NC (t/t Al) for a per-t-Al factor.",
            "editions": [
                edition(
                    "cets-ag-04.01-2024",
                    "《企业温室气体排放核算与报告指南 铝冶炼行业》 CETS—AG—04.01—V01—2024",
                    "生态环境部办公厅 (MEE General Office)",
                    published="2024-09-13",
                    valid_from="2024-09-13",
                    notes="Issued 2024-09-13, effective on issue (V, mysteel.com). Defaults "
                    "taken from a public accounting tool; Appendix A not read.",
                ),
                edition(
                    CHEMICALS_EDITION,
                    "《中国化工生产企业温室气体排放核算方法与报告指南（试行）》 (NDRC, 2013); "
                    "believed carried into GB/T 32151.10-2015 (U)",
                    "国家发展和改革委员会 (NDRC)",
                    notes="Not in shared/reference: nitric-acid N2O factors from one public "
                    "implementation (R-weak); the guideline, GB/T 32151.10-2015 and its 2023 "
                    "revision were not read.",
                ),
            ],
        },
        {
            "id": "sector_factors",
            "file": "sector_factors.csv",
            "title_zh": "全国碳市场水泥、铝冶炼、发电、钢铁行业核算参数",
            "title_en": "National-ETS cement, aluminium, power and steel accounting parameters",
            "licence": LICENCE_PRC,
            "notes": "kind clinker_ef: default clinker emission factor by clinker type (tCO2/t "
            "clinker); kind coal: the power guideline's carbon content of unmeasured coal "
            "(tC/GJ); kind deduction: factor for a non-carbonate substitute raw material, "
            "subtracted from clinker process emissions (tCO2/t material); kind anode / pfc: "
            "aluminium anode and anode-effect parameters (fractions as fractions, kg/t per t "
            "of aluminium); kind carbon_ef: the NDRC steel guideline's default CO2 per t of a "
            "carbon-bearing material or product (tCO2/t; carbon content = value × 12/44). "
            "Values come from public accounting tools whose structure matches the guidelines; "
            "the guidelines' default tables were not read.",
            "editions": [
                edition(
                    CEMENT_EDITION,
                    "《企业温室气体排放核算与报告指南 水泥行业》 CETS—AG—02.01—V01—2024",
                    "生态环境部办公厅 (MEE General Office)",
                    published="2024-09-13",
                    valid_from="2024-09-13",
                    notes="Issued 2024-09-13, effective on issue (V, mysteel.com; lcgyank.cn "
                    "repost of the MEE text). Factors taken from a public accounting tool; the "
                    "guideline's tables not read.",
                ),
                edition(
                    ALUMINIUM_EDITION,
                    "《企业温室气体排放核算与报告指南 铝冶炼行业》 CETS—AG—04.01—V01—2024",
                    "生态环境部办公厅 (MEE General Office)",
                    published="2024-09-13",
                    valid_from="2024-09-13",
                    notes="Issued 2024-09-13, effective on issue (V, mysteel.com). Defaults "
                    "taken from a public accounting tool; Appendix A not read (the draft's "
                    "default intensities 1.424 / 0.1454 tCO2e/t disagree with the tool's).",
                ),
                edition(
                    POWER_EDITION,
                    "《企业温室气体排放核算方法与报告指南 发电设施（2022年修订版）》",
                    "生态环境部 (MEE)",
                    notes="Issue date and document number not recorded in the reference; the "
                    "guideline text was not read.",
                ),
                edition(
                    STEEL_EDITION,
                    "《中国钢铁生产企业温室气体排放核算方法与报告指南（试行）》 (NDRC, 2013); "
                    "believed carried into GB/T 32151.5-2015 (U)",
                    "国家发展和改革委员会 (NDRC)",
                    notes="Not in shared/reference: values from one public implementation "
                    "(R-weak); the guideline and GB/T 32151.5-2015 were not read.",
                ),
                edition(
                    STOICHIOMETRY_EDITION,
                    "Stoichiometric carbon fractions from IUPAC standard atomic weights",
                    "computed in tools/build_refdata.py",
                    notes="Carbon mass fraction of pure chemical products (methanol, urea).",
                ),
            ],
        },
        {
            "id": "ets_allocation",
            "file": "ets_allocation.csv",
            "title_zh": "全国碳市场配额分配规则与 CCER 抵销比例",
            "title_en": "National-ETS allocation rules and the CCER offset limit",
            "licence": LICENCE_PRC,
            "notes": "rule verified_emissions: allowances equal the verified (covered) "
            "emissions (value 1); rule intensity: allowances = benchmark (value, tCO2 per unit of "
            "product: t, or MWh of power supplied) × "
            "output × adjustment factors — a blank value means the benchmark was not found and "
            "must be supplied from the allocation notice; rule intensity_heat: allowances for "
            "heat supplied = heat benchmark (tCO2/GJ) × GJ supplied, added to the intensity "
            "rule of the same year; rule covered_direct: the allocation "
            "covers the direct emissions (scope 1, value = the share covered) of the sector's "
            "accounting method; rule covered_total: it covers direct and indirect emissions "
            "(scope 1 and 2, the power sector); rule "
            "ccer_offset_limit: CCER offsets may cover at most `value` of the verified emissions.",
            "editions": [
                edition(
                    ALLOCATION_EDITION,
                    ALLOCATION_PLAN + " (MEE)",
                    "生态环境部 (MEE)",
                    notes="Issued around 2025-11-18 per secondary pages (V-secondary); the plan "
                    "text was not read.",
                ),
                edition(
                    POWER_ALLOCATION_EDITION,
                    POWER_PLAN + " (MEE)",
                    "生态环境部 (MEE)",
                    notes="Not in shared/reference: the plan's existence, years and formula are "
                    "the analyst's recollection (U); no benchmark value is packaged.",
                ),
                edition(
                    CCER_EDITION,
                    "《碳排放权交易管理办法（试行）》",
                    "生态环境部 (MEE)",
                    published="2021-01-05",
                    valid_from="2021-02-01",
                    notes="Dates and the 5 % rule from secondary news pages; the Measures' text "
                    "was not read.",
                ),
            ],
        },
        {
            "id": "energy_limits",
            "file": "energy_limits.csv",
            "title_zh": "单位产品能源消耗限额（国家标准 1/2/3 级）",
            "title_en": "Energy consumption limits per unit product (GB limit standards, levels 1/2/3)",
            "licence": LICENCE_GB,
            "notes": "One row per product × indicator × standard. Level 1 = 先进值 (advanced), "
            "level 2 = 新建准入值 (new-plant access), level 3 = 限定值 (limit for existing "
            "plants); lower is better for every row; a level may be blank where the standard "
            "sets none. `unit` is the standard's unit; `energy_unit`/`output_unit` split it; "
            "`energy_carrier` names the coal_equivalents carrier that converts the energy unit "
            "to kgce (blank: kgce itself, or kgoe, which has no packaged conversion). "
            "`correction` quotes the correction factors the standard applies (clinker ratio, "
            "ore grade, coke-oven conditions, glass a×b×c×d …): apply them before comparing. "
            "These are GB levels, not NDRC benchmark/baseline levels (ndrc_levels.csv); the "
            "two are never merged.",
            "editions": [
                edition(
                    gb_edition(doc),
                    f"{doc} (national mandatory energy-consumption limit standard, "
                    "能源消耗限额; full title not transcribed)",
                    "国家市场监督管理总局、国家标准化管理委员会 (SAMR/SAC)",
                    valid_from=LIMIT_VALID_FROM.get(gb_edition(doc), (None, ""))[0],
                    notes=" ".join(
                        n
                        for n in (
                            "Levels transcribed from the standard's PDF in a public builder "
                            "script (adgo07/ECQuota-Insight, 'uebench'); standard text not read.",
                            LIMIT_VALID_FROM.get(gb_edition(doc), (None, ""))[1]
                            and "valid_from: "
                            + LIMIT_VALID_FROM[gb_edition(doc)][1]
                            + " (R-weak).",
                            "The transcription is a draft (visual, not yet reviewed)."
                            if doc == "GB 25323-2023"
                            else "",
                        )
                        if n
                    ),
                )
                for doc in limit_documents
            ],
        },
        {
            "id": "ndrc_levels",
            "file": "ndrc_levels.csv",
            "title_zh": "重点领域能效标杆水平和基准水平（国家发展改革委 2021年版、2023年版）",
            "title_en": "NDRC energy-efficiency benchmark and baseline levels (2021 and 2023 editions)",
            "licence": LICENCE_PRC,
            "notes": "NDRC levels in their own table: a GB limit level is never merged in. "
            "product_code/indicator_code pair each NDRC area with the energy_limits row the "
            "reference pairs it with (an area covering several GB classes has one row per "
            "class; ndrc_area_zh keeps the NDRC wording). status values_not_found = the area is "
            "listed but its levels were not found: no class. The NDRC tables themselves were "
            "not read: most values are R by equality with a GB level (gb_pattern), see each "
            "row. A 2021 area whose 2023 value was not found has only its ndrc-2021 row "
            "(believed carried into 2023). Listed without values: "
            + "; ".join(ndrc_without_values)
            + ".",
            "editions": [
                edition(
                    "ndrc-2021",
                    NDRC_DOCS["ndrc-2021"],
                    "国家发展和改革委员会 (NDRC) et al.",
                    notes="Issue date not recorded in the reference; applies to data years "
                    "2021-2022 here. Retrofit deadline for capacity below the baseline: "
                    "end-2025.",
                ),
                edition(
                    "ndrc-2023",
                    NDRC_DOCS["ndrc-2023"],
                    "国家发展和改革委员会 (NDRC) with MIIT, MEE, SAMR and NEA",
                    published="2023-07-04",
                    valid_from="2023-07-04",
                    notes="Issued 2023-07-04, effective on issue; adds 11 areas (deadline "
                    "end-2026) (V: laitimes.com, tdd-global.com). Applies to data years from "
                    "2023 here.",
                ),
            ],
        },
        {
            "id": "tiered_pricing",
            "file": "tiered_pricing.csv",
            "title_zh": "电解铝阶梯电价规则",
            "title_en": "Tiered electricity price rules (electrolytic aluminium)",
            "licence": LICENCE_PRC,
            "notes": "rule_kind step: surcharge_cny_per_kwh for every step_kwh_per_t (or part "
            "of it) above threshold_kwh_per_t, on the liquid-aluminium production "
            "electricity. rule_kind band: surcharge_cny_per_kwh for a value above "
            "threshold_kwh_per_t up to upper_kwh_per_t (blank: no upper bound). The "
            "renewable-share discount is recorded, not computed (formula unverified). Not "
            "packaged (no threshold or surcharge in the sources): "
            + "; ".join(tiered_skipped)
            + ".",
            "editions": [
                edition(
                    TIERED_1239,
                    TIERED_DOCS[TIERED_1239],
                    "国家发展和改革委员会 (NDRC)",
                    valid_from="2022-01-01",
                    notes="Issued August 2021 (day not recorded); thresholds tighten on "
                    "2023-01-01 and 2025-01-01.",
                ),
                edition(
                    TIERED_2530,
                    TIERED_DOCS[TIERED_2530] + " (superseded by 1239号)",
                    "国家发展和改革委员会 (NDRC)",
                    valid_from="2014-01-01",
                    valid_to="2021-12-31",
                    notes="valid_to inferred from 1239号 taking effect on 2022-01-01; keyed on "
                    "铝液电解交流电耗, not on the comprehensive figure of 1239号.",
                ),
            ],
        },
    ]


def build_manifest(
    datasets: dict[str, tuple[list[str], list[Row]]],
    elec_missing: list[str],
    coal_skipped: list[str],
    ndrc_without_values: list[str],
    tiered_skipped: list[str],
) -> dict[str, Any]:
    limit_documents = sorted(
        {row["document"] for row in datasets["energy_limits"][1]},
        key=lambda doc: gb_edition(doc),
    )
    meta = dataset_meta(elec_missing, coal_skipped, limit_documents, ndrc_without_values, tiered_skipped)
    meta.extend(cbam_meta())
    for entry in meta:
        _columns, rows = datasets[entry["id"]]
        used = {row["edition"] for row in rows}
        listed = {ed["edition"] for ed in entry["editions"]}
        require(used == listed, f"{entry['id']}: editions {sorted(used ^ listed)}")
        for ed in entry["editions"]:
            flags = [row["verification"] for row in rows if row["edition"] == ed["edition"]]
            counts = Counter(flags)
            ed["verification"] = weakest(flags)
            summary = ", ".join(f"{flag} {counts[flag]}" for flag in FLAGS if counts[flag])
            noun = "row" if len(flags) == 1 else "rows"
            rows_note = f"{len(flags)} {noun} ({summary}); summary flag = weakest row flag."
            lead = ed["notes"].rstrip(".")
            ed["notes"] = f"{lead}. {rows_note}" if lead else rows_note
        entry["row_count"] = len(rows)
    return {"datasets": meta}


# ---------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------

README = """\
# greenmfg packaged reference data

Generated by `tools/build_refdata.py` from the sourced reference material in
`../shared/reference` plus rows embedded in the script, each with its source.
Do not edit the CSV files by hand: change the script or the reference and run

    python tools/build_refdata.py [REFERENCE_DIR]

(`--check` verifies that the files on disk are up to date).

| file | content |
|---|---|
{table_en}
| manifest.json | datasets, editions (issuing document, publisher, dates), licence notes |

Every row has `factor_id` (stable, unique), `edition` (the issuing document
version; pick factors by edition, never mix editions silently), `verification`
and `source`. Verification flags:

- **V**: confirmed by an independent public page (news, official repost);
- **R**: taken from a public transcription of the official document (a
  GitHub file or similar);
- **R-weak**: the public file is a demo, draft or secondary citation;
- **U**: unverified (analyst's recollection or single unconfirmed mention):
  check the official text before relying on it. Never present a U figure as
  official.

Units: fuels NCV in GJ/t or GJ/10^4 Nm3 (`wan_Nm3`), carbon content in tC/TJ,
oxidation rate as a fraction; electricity factors in tCO2/MWh (= kgCO2/kWh);
coal equivalents in kgce per `unit` (pint syntax), 1 kgce = 29307.6 kJ.
Energy limits and NDRC levels are in the unit of their standard (`unit`:
kgce/t, kWh/t, kgoe/t …); lower is better. NDRC levels are their own table:
a GB level is never merged into it.

# greenmfg 内置参考数据

由 `tools/build_refdata.py` 根据 `../shared/reference` 中的来源资料及脚本内嵌
（均注明来源）的补充行生成。请勿手工修改 CSV：修改脚本或参考资料后运行

    python tools/build_refdata.py [参考资料目录]

（`--check` 检查磁盘上的文件是否为最新）。

| 文件 | 内容 |
|---|---|
{table_zh}
| manifest.json | 数据集、版本（发布文件、发布机构、日期）、许可说明 |

每行均含 `factor_id`（稳定且唯一）、`edition`（发布文件版本；按版本选取因子，
不得混用）、`verification` 与 `source`。核实标记：

- **V**：经独立公开网页（新闻、官方转载）证实；
- **R**：取自官方文件的公开转录（GitHub 文件等）；
- **R-weak**：公开文件为演示、草稿或二手引用；
- **U**：未核实（分析人员记忆或单一未证实来源），使用前须核对官方原文，
  不得将 U 数值作为官方数值展示。

单位：燃料低位发热量 GJ/t 或 GJ/万Nm3（`wan_Nm3`），单位热值含碳量 tC/TJ，
碳氧化率为小数；电力因子 tCO2/MWh（= kgCO2/kWh）；折标系数为 kgce/`unit`，
1 kgce = 29307.6 kJ。能耗限额与标杆/基准水平采用所依据标准的单位（`unit`：
kgce/t、kWh/t、kgoe/t 等），数值越低越好。国家发展改革委标杆/基准水平单独成表，
不与国家标准分级合并。
"""
README_FILES = [
    ("fuels.csv", "fuel defaults (GB/T 32150-2015, NDRC 2013)", "化石燃料缺省参数"),
    ("electricity_co2.csv", "MEE+NBS electricity CO2 factors 2021-2023", "电力二氧化碳排放因子"),
    ("regions.csv", "31 provinces, GB/T 2260 codes, regional grid", "省级行政区划代码及区域电网"),
    ("ets_grid_default.csv", "national-ETS default grid factor", "全国碳市场电网排放因子"),
    ("heat_co2.csv", "purchased-heat default 0.11 tCO2/GJ", "外购热力排放因子缺省值"),
    ("coal_equivalents.csv", "standard-coal coefficients (当量值/等价值)", "折标准煤系数"),
    ("gwp.csv", "100-year GWPs, IPCC AR4/AR5/AR6", "全球增温潜势（100年）"),
    ("carbonates.csv", "IPCC carbonate stoichiometric factors", "碳酸盐排放因子"),
    ("process_factors.csv", "process factors (carbon anode, nitric acid N2O)",
     "工业过程排放因子（炭阳极、硝酸N2O）"),
    ("sector_factors.csv", "ETS cement, aluminium, power, steel, chemicals parameters",
     "碳市场水泥、铝冶炼、发电、钢铁、化工核算参数"),
    ("ets_allocation.csv", "ETS allocation rules, CCER offset limit", "碳市场配额分配规则、CCER 抵销比例"),
    ("energy_limits.csv", "GB energy-consumption limits, levels 1/2/3", "单位产品能源消耗限额（1/2/3 级）"),
    ("ndrc_levels.csv", "NDRC benchmark/baseline levels 2021, 2023", "能效标杆水平和基准水平"),
    ("tiered_pricing.csv", "electrolytic-aluminium tiered electricity price", "电解铝阶梯电价"),
    ("cbam_goods.csv", "EU CBAM goods, boundaries, default mark-ups", "欧盟 CBAM 货物范围、边界、缺省值加成"),
    ("cbam_defaults.csv", "EU CBAM defaults found (no China)", "欧盟 CBAM 已找到的缺省值"),
]


def build_readme() -> str:
    table_en = "\n".join(f"| {name} | {en} |" for name, en, _zh in README_FILES)
    table_zh = "\n".join(f"| {name} | {zh} |" for name, _en, zh in README_FILES)
    return README.format(table_en=table_en, table_zh=table_zh)


# ---------------------------------------------------------------------------
# build, check, write
# ---------------------------------------------------------------------------

VALUE_COLUMNS = {
    "fuels": ["ncv_gj_per_unit", "carbon_content_tc_per_tj", "oxidation_rate"],
    "electricity_co2": ["value_tco2_per_mwh"],
    "regions": ["grid_region_code"],
    "ets_grid_default": ["value_tco2_per_mwh"],
    "heat_co2": ["value_tco2_per_gj"],
    "coal_equivalents": ["kgce_per_unit"],
    "gwp": ["value"],
    "carbonates": ["value_tco2_per_t"],
    "process_factors": ["value"],
    "sector_factors": ["value"],
    "ets_allocation": [],
    "energy_limits": ["level3"],
    "ndrc_levels": [],
    "tiered_pricing": ["threshold_kwh_per_t", "surcharge_cny_per_kwh"],
    "cbam_goods": [],
    "cbam_defaults": ["total_tco2e_per_t"],
}
# numeric columns that may be blank (a level the standard does not set, a value not found)
OPTIONAL_NUMBER_COLUMNS = {
    "energy_limits": ["level1", "level2"],
    "ndrc_levels": ["benchmark", "baseline"],
    "tiered_pricing": ["upper_kwh_per_t", "step_kwh_per_t"],
    "ets_allocation": ["value"],
    "cbam_goods": ["markup_2026", "markup_2027", "markup_2028"],
    "cbam_defaults": ["direct_tco2e_per_t", "indirect_tco2e_per_t"],
}


def build(reference: Path) -> tuple[dict[str, str], dict[str, tuple[list[str], list[Row]]]]:
    electricity, elec_missing = build_electricity(reference)
    coal, coal_skipped = build_coal_equivalents(reference)
    datasets: dict[str, tuple[list[str], list[Row]]] = {
        "fuels": (FUEL_COLUMNS, build_fuels(reference)),
        "electricity_co2": (ELEC_COLUMNS, electricity),
        "regions": (REGION_COLUMNS, build_regions()),
        "ets_grid_default": (ETS_COLUMNS, build_ets(reference)),
        "heat_co2": (HEAT_COLUMNS, build_heat(reference)),
        "coal_equivalents": (COAL_COLUMNS, coal),
        "gwp": (GWP_COLUMNS, build_gwp()),
        "carbonates": (CARBONATE_COLUMNS, build_carbonates()),
        "process_factors": (PROCESS_COLUMNS, build_process(reference) + nitric_acid_factors()),
        "sector_factors": (SECTOR_COLUMNS, build_sector_factors(reference)),
        "ets_allocation": (ALLOCATION_COLUMNS, build_ets_allocation(reference)),
    }
    limits = build_energy_limits(reference)
    ndrc, ndrc_without_values = build_ndrc_levels(reference, limits)
    tiered, tiered_skipped = build_tiered_pricing(reference)
    datasets["energy_limits"] = (LIMIT_COLUMNS, limits)
    datasets["ndrc_levels"] = (NDRC_COLUMNS, ndrc)
    datasets["tiered_pricing"] = (TIERED_COLUMNS, tiered)
    datasets["cbam_goods"] = (CBAM_GOODS_COLUMNS, build_cbam_goods())
    datasets["cbam_defaults"] = (CBAM_DEFAULTS_COLUMNS, build_cbam_defaults())
    files = {f"{name}.csv": render_csv(cols, rows) for name, (cols, rows) in datasets.items()}
    manifest = build_manifest(datasets, elec_missing, coal_skipped, ndrc_without_values, tiered_skipped)
    files["manifest.json"] = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True)
    files["manifest.json"] += "\n"
    files["README.md"] = build_readme()
    return files, datasets


def validate(files: dict[str, str], read: Callable[[str], str]) -> list[str]:
    """Re-read every CSV and check structure; return summary lines."""
    manifest = json.loads(read("manifest.json"))
    editions = {
        entry["id"]: {ed["edition"] for ed in entry["editions"]} for entry in manifest["datasets"]
    }
    lines: list[str] = []
    for name, value_columns in VALUE_COLUMNS.items():
        text = read(f"{name}.csv")
        require("\r" not in text, f"{name}.csv has CR line endings")
        reader = csv.DictReader(io.StringIO(text))
        rows = list(reader)
        header = reader.fieldnames or []
        require(header == next(csv.reader(io.StringIO(files[f"{name}.csv"]))), "header")
        ids = [row["factor_id"] for row in rows]
        require(all(ids) and len(ids) == len(set(ids)), f"{name}: factor_id not unique")
        for row in rows:
            require(row["verification"] in FLAGS, f"{name}: bad flag {row['verification']!r}")
            require(row["edition"] in editions[name], f"{name}: edition {row['edition']!r}")
            require(bool(row["source"].strip()), f"{name}: empty source")
            for column in value_columns:
                require(bool(row[column].strip()), f"{name}: empty {column} in {row['factor_id']}")
                if column != "grid_region_code":
                    dec(row[column])  # parses as a number
            for column in OPTIONAL_NUMBER_COLUMNS.get(name, []):
                if row[column].strip():
                    dec(row[column])
        counts = Counter(row["verification"] for row in rows)
        flags = " ".join(f"{flag}={counts[flag]}" for flag in FLAGS if counts[flag])
        lines.append(f"{name + '.csv':<22} {len(rows):>4} rows  {flags}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", nargs="?", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    reference: Path = args.reference.resolve()
    out: Path = args.out.resolve()
    require(reference.is_dir(), f"reference folder not found: {reference}")
    files, _datasets = build(reference)

    if args.check:
        stale = [
            name
            for name, text in files.items()
            if not (out / name).is_file() or (out / name).read_bytes() != text.encode("utf-8")
        ]
        for name in stale:
            print(f"out of date: {name}")
        lines = validate(files, lambda name: files[name])
        print("\n".join(lines))
        return 1 if stale else 0

    out.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(files.items()):
        (out / name).write_bytes(text.encode("utf-8"))
    lines = validate(files, lambda name: (out / name).read_bytes().decode("utf-8"))
    print(f"wrote {len(files)} files to {out}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
