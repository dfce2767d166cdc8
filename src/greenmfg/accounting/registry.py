"""The accounting methods greenmfg offers, how a user's ``--method`` finds one, and sectors.

===========================  ================================  =======================
method id                    guideline                          sector
===========================  ================================  =======================
gbt32150-2015                GB/T 32150-2015 (general)          any
cement-ets-2024              CETS—AG—02.01—V01—2024             cement
cement-gbt32151.8-2015       GB/T 32151.8-2015                  cement
aluminium-ets-2024           CETS—AG—04.01—V01—2024             aluminium
power-ets-2022               MEE power guideline, 2022 rev.     power
steel-gbt32151.5-2015        GB/T 32151.5-2015                  iron and steel
chemicals-gbt32151.10-2015   GB/T 32151.10-2015                 chemicals
===========================  ================================  =======================
"""

from __future__ import annotations

from collections.abc import Sequence

from greenmfg.accounting.gbt32150 import METHOD
from greenmfg.accounting.method import Method, MethodDrafts, Sector, general_drafts
from greenmfg.accounting.parameters import ParameterTable
from greenmfg.accounting.sectors import aluminium, cement, chemicals, power, steel
from greenmfg.errors import NotFoundError, OptionError
from greenmfg.model import ActivityRecord, InventoryOptions, Organisation
from greenmfg.refdata import Item, ReferenceData

__all__ = ["METHODS", "SECTORS", "method_for", "resolve_method", "sector", "sector_of"]


def _draft_general(org: Organisation, year: int, records: Sequence[ActivityRecord],
                   refdata: ReferenceData, options: InventoryOptions) -> MethodDrafts:
    """GB/T 32150-2015: every emitting record, electricity at ``options.grid_level``."""
    def keep(_r: ActivityRecord, _item: Item) -> bool:
        return True

    result, _ = general_drafts(org, year, records, refdata, options,
                               ParameterTable(records, refdata), keep=keep, electricity=None,
                               method_id=GBT32150.method_id)
    return result


GBT32150 = Method(
    code=METHOD, edition="2015", sector="general", document="GB/T 32150-2015",
    title_zh="工业企业温室气体排放核算和报告通则",
    title_en="general rules for industrial enterprises", draft=_draft_general,
)

METHODS: tuple[Method, ...] = (GBT32150, cement.ETS_2024, cement.GBT32151_8_2015,
                               aluminium.ETS_2024, power.ETS_2022, steel.GBT32151_5_2015,
                               chemicals.GBT32151_10_2015)
SECTORS: tuple[Sector, ...] = (cement.SECTOR, aluminium.SECTOR, power.SECTOR, steel.SECTOR,
                               chemicals.SECTOR)


def resolve_method(text: str) -> Method:
    """The method a user named: its id (``cement-ets-2024``) or its code alone
    (``cement-ets``, the latest edition).

    >>> resolve_method("cement-ets-2024").code, resolve_method("gbt32150").edition
    ('cement-ets', '2015')
    """
    wanted = text.strip().lower()
    for method in METHODS:
        if wanted == method.method_id:
            return method
    editions = sorted((m for m in METHODS if m.code == wanted), key=lambda m: m.edition)
    if editions:
        return editions[-1]
    ids = ", ".join(m.method_id for m in METHODS)
    raise OptionError(f"unknown method '{text}'; choose one of {ids}",
                      f"未知的核算方法“{text}”；可选 {ids}", expected=ids, found=text)


def method_for(options: InventoryOptions) -> Method:
    """The method recorded in ``options`` (code and edition)."""
    for method in METHODS:
        if (method.code, method.edition) == (options.method, options.method_edition):
            return method
    ids = ", ".join(m.method_id for m in METHODS)
    raise OptionError(
        f"method {options.method} {options.method_edition} is not available; use one of {ids}",
        f"不支持方法 {options.method} {options.method_edition}；可选 {ids}",
        expected=ids, found=f"{options.method} {options.method_edition}")


def sector(code: str) -> Sector:
    """A sector by code (``cement``, ``aluminium``)."""
    for s in SECTORS:
        if s.code == code:
            return s
    codes = ", ".join(s.code for s in SECTORS)
    raise NotFoundError(f"unknown sector '{code}'; choose one of {codes}",
                        f"未知的行业“{code}”；可选 {codes}")


def sector_of(org: Organisation) -> Sector:
    """The sector of an enterprise from its GB/T 4754 industry code."""
    for s in SECTORS:
        if org.industry_code in s.industry_codes:
            return s
    codes = ", ".join(f"{s.code} ({'/'.join(s.industry_codes)})" for s in SECTORS)
    raise NotFoundError(
        f"{org.code} has industry code '{org.industry_code or ''}', which is not a sector with "
        f"an ETS method ({codes}); give --sector",
        f"{org.code} 的行业代码“{org.industry_code or ''}”没有对应的全国碳市场行业方法"
        f"（{codes}）；请指定 --sector")
