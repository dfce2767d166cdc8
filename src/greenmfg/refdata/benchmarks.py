"""Lookups in the benchmarking datasets: GB energy limits, NDRC levels and tiered price rules.

The three datasets (``energy_limits``, ``ndrc_levels``, ``tiered_pricing``) load through the
manifest like every other; these functions pick the row that applies to a data year and say,
in a note, whenever the row is not plainly in force for that year. They never merge a GB level
into the NDRC table or the other way round.

Edition rules
-------------
- GB limit standard: the edition in force for the year (its ``valid_from`` where the manifest
  has one, else the year in its number, e.g. GB 16780-**2021**). When only a later edition is
  packaged, it is returned with a note saying the edition in force is not packaged.
- NDRC levels: edition ``ndrc-YYYY`` applies to data years from YYYY on (2021 and 2022 use the
  2021 edition, 2023 onward the 2023 edition). A 2021 area whose 2023 value was not found keeps
  its 2021 value from 2023 on, with a note; before 2021 there is no NDRC level.
- Tiered price: the rule whose ``effective_from`` … ``effective_to`` covers the year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from greenmfg.errors import FactorNotFound
from greenmfg.refdata.loader import ReferenceData

__all__ = [
    "energy_limit",
    "indicator_row",
    "limit_products",
    "ndrc_edition_year",
    "ndrc_level",
    "product_indicators",
    "tiered_price_rules",
]

_GB_YEAR = re.compile(r"GB\S* \d+(?:\.\d+)?-(\d{4})")
_NDRC_EDITION = re.compile(r"ndrc-(\d{4})$")

Row = dict[str, str]


def limit_products(refdata: ReferenceData) -> tuple[Row, ...]:
    """Every GB limit row (product × indicator × standard), in the packaged order."""
    return refdata.datasets["energy_limits"].rows


def product_indicators(refdata: ReferenceData, product: str) -> tuple[str, ...]:
    """The indicator codes a product has in either dataset (GB limits or NDRC levels).

    >>> from greenmfg.refdata import reference_data
    >>> product_indicators(reference_data(), "cement_clinker")
    ('comprehensive_coal', 'comprehensive_electricity', 'comprehensive_energy')
    """
    found = {r["indicator_code"] for r in _rows(refdata, ("energy_limits", "ndrc_levels"))
             if r["product_code"] == product}
    return tuple(sorted(found))


def indicator_row(refdata: ReferenceData, product: str, indicator: str) -> Row | None:
    """Any row of a product's indicator (GB first, then NDRC), whatever its edition, or ``None``.

    It names the product and indicator (``product_zh``, ``indicator_zh``) and their ``unit``.

    >>> from greenmfg.refdata import reference_data
    >>> indicator_row(reference_data(), "yellow_phosphorus", "comprehensive_energy")["unit"]
    'kgce/t'
    """
    for row in _rows(refdata, ("energy_limits", "ndrc_levels")):
        if row["product_code"] == product and row["indicator_code"] == indicator:
            return row
    return None


def _rows(refdata: ReferenceData, dataset_ids: Iterable[str]) -> Iterable[Row]:
    for dataset_id in dataset_ids:
        yield from refdata.datasets[dataset_id].rows


def _gb_start(refdata: ReferenceData, row: Row) -> tuple[int, str]:
    """(first data year, date) from which a GB edition applies; date '' if only the year is known."""
    edition = refdata.datasets["energy_limits"].edition(row["edition"])
    if edition.valid_from:
        return int(edition.valid_from[:4]), edition.valid_from
    match = _GB_YEAR.match(row["document"])
    return (int(match.group(1)) if match else 0), ""


def energy_limit(refdata: ReferenceData, product: str, indicator: str, year: int
                 ) -> tuple[Row | None, tuple[str, ...]]:
    """The GB limit row of a product and indicator for a data year, and notes on its edition.

    Returns ``(None, ())`` when no GB limit of that product and indicator is packaged.
    """
    rows = [r for r in limit_products(refdata)
            if r["product_code"] == product and r["indicator_code"] == indicator]
    if not rows:
        return None, ()
    starts = {r["factor_id"]: _gb_start(refdata, r) for r in rows}
    in_force = [r for r in rows if starts[r["factor_id"]][0] <= year]
    if in_force:
        row = max(in_force, key=lambda r: starts[r["factor_id"]][0])
    else:
        row = min(rows, key=lambda r: starts[r["factor_id"]][0])
    first_year, start_date = starts[row["factor_id"]]
    doc = row["document"]
    notes: list[str] = []
    if year < first_year:
        since_en = f"applies from {start_date}" if start_date else f"dates from {first_year}"
        since_zh = f"自 {start_date} 起实施" if start_date else f"为 {first_year} 年版"
        notes.append(
            f"{doc} {since_en}; in {year} an earlier edition was in force, which is not "
            f"packaged: the limit level uses the {doc} levels for reference only / "
            f"{doc} {since_zh}；{year} 年适用的旧版标准未收录，限额等级按 {doc} 分级，仅供参考")
    elif year == first_year and start_date and not start_date.endswith("-01-01"):
        notes.append(
            f"{doc} takes effect part-way through {year} ({start_date}) / "
            f"{doc} 于 {year} 年中（{start_date}）起实施")
    return row, tuple(notes)


def ndrc_edition_year(edition_id: str) -> int:
    """The first data year an NDRC edition applies to (``ndrc-2023`` → 2023).

    >>> ndrc_edition_year("ndrc-2021")
    2021
    """
    match = _NDRC_EDITION.match(edition_id)
    if match is None:
        raise FactorNotFound(f"'{edition_id}' is not an NDRC edition id (ndrc-YYYY)",
                             f"“{edition_id}”不是国家发展改革委标杆/基准水平版本（ndrc-YYYY）")
    return int(match.group(1))


def ndrc_level(refdata: ReferenceData, product: str, indicator: str, year: int
               ) -> tuple[Row | None, tuple[str, ...]]:
    """The NDRC row in force for a product and indicator in a data year, and notes.

    The row may have ``status`` ``values_not_found`` (the area is listed, its levels were not
    found). Returns ``(None, notes)`` when no edition applies to the year or no row exists.
    """
    rows = [r for r in refdata.datasets["ndrc_levels"].rows
            if r["product_code"] == product and r["indicator_code"] == indicator]
    if not rows:
        return None, ()
    editions = sorted({ndrc_edition_year(e.edition): e.edition
                       for e in refdata.datasets["ndrc_levels"].editions}.items())
    applicable = [edition for first, edition in editions if first <= year]
    if not applicable:
        first, edition = editions[0]
        return None, (
            f"the NDRC benchmark and baseline levels were first issued for {first} ({edition}); "
            f"no NDRC class for {year} / 国家发展改革委能效标杆水平和基准水平自 {first} 年版起发布，"
            f"{year} 年无标杆/基准分类",)
    in_force = applicable[-1]
    by_edition = {r["edition"]: r for r in rows}
    if in_force in by_edition:
        return by_edition[in_force], ()
    earlier = [e for e in reversed(applicable) if e in by_edition]
    if not earlier:
        return None, ()
    row = by_edition[earlier[0]]
    return row, (
        f"the {in_force} value of {row['ndrc_area_zh']} was not found in the sources; the "
        f"{earlier[0]} value, believed carried into {in_force}, is used / "
        f"未找到{row['ndrc_area_zh']}的 {in_force} 版数值，采用 {earlier[0]} 版数值"
        f"（据信沿用至 {in_force} 版）",)


def tiered_price_rules(refdata: ReferenceData, product: str, year: int
                       ) -> tuple[tuple[Row, ...], tuple[str, ...]]:
    """The tiered electricity price rule rows of a product in force in a data year, and notes.

    A step rule is one row; a band rule is one row per band, ordered by threshold.

    Raises
    ------
    FactorNotFound
        If no rule of that product is packaged for the year.
    """
    first_day, last_day = f"{year}-01-01", f"{year}-12-31"
    rows = [r for r in refdata.datasets["tiered_pricing"].rows
            if r["product_code"] == product and r["effective_from"] <= last_day
            and (not r["effective_to"] or r["effective_to"] >= first_day)]
    if not rows:
        known = sorted({r["effective_from"][:4] for r in refdata.datasets["tiered_pricing"].rows
                        if r["product_code"] == product})
        raise FactorNotFound(
            f"no tiered electricity price rule packaged for '{product}' in {year} "
            f"(rules start in {', '.join(known) or 'no year'})",
            f"未收录“{product}” {year} 年适用的阶梯电价规则（已收录规则起始年份："
            f"{'、'.join(known) or '无'}）")
    start = max(r["effective_from"] for r in rows)
    chosen = tuple(sorted((r for r in rows if r["effective_from"] == start),
                          key=lambda r: float(r["threshold_kwh_per_t"])))
    notes: list[str] = []
    if start > first_day:
        notes.append(
            f"the rule takes effect part-way through {year} ({start}); it is applied to the "
            f"whole year / 该规则于 {year} 年中（{start}）起施行，此处按全年适用")
    return chosen, tuple(notes)
