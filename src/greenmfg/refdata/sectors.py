"""Lookups in the sector datasets: ETS sector parameters, the ETS grid default, allocation rules.

- ``sector_factors``: cement clinker factors by clinker type, deduction factors of
  non-carbonate substitute raw materials, aluminium anode and anode-effect parameters
  (CETS—AG—02.01 / 04.01—V01—2024 as implemented in a public tool; flags R).
- ``ets_grid_default``: the national-ETS accounting default grid factor by reporting year.
- ``ets_allocation``: the allocation rule of a sector for a year, what it covers, and the CCER
  offset limit.

Every function returns the packaged row, or a :class:`FactorUse` with its provenance, and
raises :class:`FactorNotFound` (a ``LookupError``) naming what is missing.
"""

from __future__ import annotations

from greenmfg.errors import FactorNotFound
from greenmfg.model.results import FactorUse
from greenmfg.refdata.loader import ReferenceData

__all__ = [
    "allocation_rule",
    "ccer_offset_limit",
    "covered_share",
    "covers_indirect",
    "ets_grid_factor",
    "heat_allocation_rule",
    "sector_factor",
    "sector_factor_kind",
]

Row = dict[str, str]


def sector_factor(refdata: ReferenceData, factor_code: str) -> FactorUse:
    """The packaged sector parameter ``factor_code`` with its edition and flag.

    >>> from greenmfg.refdata import reference_data
    >>> sector_factor(reference_data(), "clinker_portland").value
    0.535
    """
    for row in refdata.datasets["sector_factors"].rows:
        if row["factor_code"] == factor_code:
            return refdata.use("sector_factors", row, name=row["name_en"], value_column="value",
                               unit=row["unit"])
    raise FactorNotFound(f"no sector parameter '{factor_code}' is packaged",
                         f"没有内置的行业参数“{factor_code}”")


def sector_factor_kind(refdata: ReferenceData, factor_code: str) -> str:
    """The kind of a packaged sector parameter (clinker_ef, deduction, anode, pfc), or ''."""
    for row in refdata.datasets["sector_factors"].rows:
        if row["factor_code"] == factor_code:
            return row["kind"]
    return ""


def ets_grid_factor(refdata: ReferenceData, year: int) -> FactorUse:
    """The national-ETS default grid factor for reporting ``year`` (tCO2/MWh).

    The edition whose reporting years cover ``year``; after the last one, the latest edition
    with a note saying so. Before the first one there is none.
    """
    rows = refdata.datasets["ets_grid_default"].rows
    for row in rows:
        if int(row["reporting_year_from"]) <= year <= int(row["reporting_year_to"]):
            return refdata.use("ets_grid_default", row, name="national-ETS grid default",
                               value_column="value_tco2_per_mwh", unit="tCO2/MWh")
    earlier = [r for r in rows if int(r["reporting_year_to"]) < year]
    if not earlier:
        raise FactorNotFound(f"no national-ETS grid default covers {year}",
                             f"没有适用于 {year} 年的全国碳市场电网排放因子")
    row = max(earlier, key=lambda r: int(r["reporting_year_to"]))
    note = (f"no national-ETS grid default is packaged for {year}; the latest "
            f"({row['reporting_year_from']}–{row['reporting_year_to']}) is used / "
            f"{year} 年全国碳市场电网排放因子未内置，沿用最近一版")
    return refdata.use("ets_grid_default", row, name="national-ETS grid default",
                       value_column="value_tco2_per_mwh", unit="tCO2/MWh", note=note)


def allocation_rule(refdata: ReferenceData, sector: str, year: int) -> Row:
    """The allocation row of ``sector`` for ``year`` (rule ``verified_emissions`` or
    ``intensity``); its ``value`` is blank where the benchmark was not found."""
    for row in refdata.datasets["ets_allocation"].rows:
        if (row["sector"] == sector and row["year"] == str(year)
                and row["rule"] in ("verified_emissions", "intensity")):
            return row
    years = sorted(r["year"] for r in refdata.datasets["ets_allocation"].rows
                   if r["sector"] == sector and r["year"])
    raise FactorNotFound(
        f"no national-ETS allocation rule is packaged for {sector} in {year} "
        f"(packaged years: {', '.join(years) or 'none'})",
        f"没有内置 {sector} 行业 {year} 年的全国碳市场配额分配规则（已内置年度："
        f"{'、'.join(years) or '无'}）")


def heat_allocation_rule(refdata: ReferenceData, sector: str, year: int) -> Row | None:
    """The heat-supplied allocation row of ``sector`` for ``year`` (rule ``intensity_heat``,
    the power sector), or None."""
    for row in refdata.datasets["ets_allocation"].rows:
        if (row["sector"] == sector and row["year"] == str(year)
                and row["rule"] == "intensity_heat"):
            return row
    return None


def covers_indirect(refdata: ReferenceData, sector: str) -> bool:
    """Whether the allocation of ``sector`` covers indirect emissions too (rule
    ``covered_total``: the power sector's purchased electricity)."""
    return any(row["sector"] == sector and row["rule"] == "covered_total"
               for row in refdata.datasets["ets_allocation"].rows)


def covered_share(refdata: ReferenceData, sector: str) -> FactorUse:
    """What the allocation of ``sector`` covers: its direct (scope 1) emissions, or for rule
    ``covered_total`` its direct and indirect emissions (flag U)."""
    for row in refdata.datasets["ets_allocation"].rows:
        if row["sector"] == sector and row["rule"] in ("covered_direct", "covered_total"):
            what = "direct" if row["rule"] == "covered_direct" else "direct and indirect"
            return refdata.use("ets_allocation", row, name=f"{sector}: share of {what} "
                               "emissions covered", value_column="value", unit="fraction")
    raise FactorNotFound(f"no covered-emissions rule for {sector}",
                         f"没有 {sector} 行业的覆盖范围规则")


def ccer_offset_limit(refdata: ReferenceData) -> FactorUse:
    """The largest share of verified emissions CCER offsets may cover (fraction)."""
    for row in refdata.datasets["ets_allocation"].rows:
        if row["rule"] == "ccer_offset_limit":
            return refdata.use("ets_allocation", row, name="CCER offset limit",
                               value_column="value", unit="fraction of verified emissions")
    raise FactorNotFound("no CCER offset limit is packaged", "没有内置 CCER 抵销比例")
