"""Aluminium smelting: the national-ETS guideline CETS—AG—04.01—V01—2024.

Fuel combustion, carbonate decomposition (enterprise level) and purchased/exported electricity
and heat go through the GB/T 32150 drafting, electricity at the national-ETS default grid factor.
The smelter's own sources:

- carbon anodes (energy used as feedstock)::

      E = Σ Q_anode × (1 − S − A) × 44/12

  ``Q_anode`` is the net anode consumption in t (item ``carbon_anode``); the sulphur ``S`` and
  ash ``A`` contents are parameters of the same site and source, else the defaults 2 % and
  0.4 %. With no anode row in the year, ``Q_anode = P_Al × NC`` with the recommended
  ``NC = 0.411`` t/t Al.
- anode effects (PFCs), per t of aluminium liquid ``P_Al`` of a potline::

      E_CF4 = Σ P_Al × EF_CF4 / 1000,   EF_CF4 = slope × AEM  (kg/t)
      E_C2F6 = Σ P_Al × 0.1 × EF_CF4 / 1000

  ``AEM`` is the anode-effect minutes per cell-day (parameter of the potline), ``slope`` the
  measured slope coefficient if given, else 0.143; without anode-effect data the defaults
  ``EF_CF4 = 0.034`` and ``EF_C2F6 = 0.0034`` kg/t apply. CO2e with the guideline's AR5 GWPs
  (CF4 6630, C2F6 11100); another ``--gwp`` is refused. Measured CF4/C2F6 releases
  (``cf4_release`` …) are not counted: the guideline derives PFCs from anode effects.

Notes
-----
Not checked against the text: Appendix A of the guideline (defaults) was not read; formulas
and defaults come from a public tool whose structure matches the guideline (flags R), and the
draft guideline's default intensities (1.424 and 0.1454 tCO2e/t) disagree with it.

References
----------
CETS—AG—04.01—V01—2024 《企业温室气体排放核算与报告指南 铝冶炼行业》, MEE, 2024-09-13.
"""

from __future__ import annotations

from collections.abc import Sequence

from greenmfg._internal.numbers import g
from greenmfg.accounting.gbt32150 import CO2_PER_C, LineDraft, Term
from greenmfg.accounting.method import (
    Method,
    MethodDrafts,
    Sector,
    general_drafts,
    left_out_note,
    line_order,
    require_output,
)
from greenmfg.accounting.parameters import ParameterTable
from greenmfg.errors import InputError
from greenmfg.model import (
    ActivityRecord,
    Category,
    FactorUse,
    InventoryOptions,
    Organisation,
    Scope,
)
from greenmfg.refdata import Item, ItemCategory, ReferenceData
from greenmfg.refdata.sectors import ets_grid_factor, sector_factor

ALUMINIUM = "primary_aluminium"
ANODE = "carbon_anode"
SULPHUR, ASH = "anode_sulphur", "anode_ash"
AEM, SLOPE = "anode_effect_minutes", "cf4_slope"

FORMULA_ANODE = "E = Σ Q_anode × (1 − S − A) × 44/12"
FORMULA_CF4 = "E_CF4 = Σ P_Al × EF_CF4 / 1000; EF_CF4 = slope × AEM or the default"
FORMULA_C2F6 = "E_C2F6 = Σ P_Al × ratio × EF_CF4 / 1000 or the default"

_KEPT = (ItemCategory.FUEL, ItemCategory.CARBONATE, ItemCategory.ELECTRICITY_PURCHASED,
         ItemCategory.ELECTRICITY_EXPORTED, ItemCategory.HEAT_PURCHASED,
         ItemCategory.HEAT_EXPORTED)


def _keep(_r: ActivityRecord, item: Item) -> bool:
    return item.category in _KEPT


def draft_ets_2024(org: Organisation, year: int, records: Sequence[ActivityRecord],
                   refdata: ReferenceData, options: InventoryOptions) -> MethodDrafts:
    """Lines of an aluminium enterprise-year under CETS—AG—04.01—V01—2024 (module docstring)."""
    method_id = ETS_2024.method_id
    require_output(org, year, records, refdata, (ALUMINIUM,), method_id)
    params = ParameterTable(records, refdata)
    result, left_out = general_drafts(org, year, records, refdata, options, params, keep=_keep,
                                      electricity=ets_grid_factor(refdata, year),
                                      method_id=method_id)
    pfc_items = ("cf4_release", "c2f6_release")
    pfc = [r for r in left_out if r.item in pfc_items]
    other = [r for r in left_out if r.item not in (ANODE, *pfc_items)]
    notes = [left_out_note(method_id, pfc, "the guideline derives PFCs from anode-effect minutes "
                           "(anode_effect_minutes) or its defaults",
                           "指南按阳极效应持续时间或缺省值计算全氟化碳"),
             left_out_note(method_id, other, "not an emission source of the guideline",
                           "不属于该指南的排放源")]
    anodes = [r for r in records if r.item == ANODE]
    aluminium = [r for r in records if r.item == ALUMINIUM]
    drafts = _anode_lines(anodes, aluminium, params, refdata, method_id)
    if not anodes and aluminium:
        notes.append(f"{method_id}: no net anode consumption recorded; Q_anode = P_Al × NC with "
                     "the recommended NC / 未填报阳极净耗量，按推荐值 NC 计算")
    drafts += _pfc_lines(aluminium, params, refdata, method_id)
    notes.append(left_out_note(method_id, params.unused((SULPHUR, ASH, AEM, SLOPE)),
                               "no anode or aluminium row at the same site and source",
                               "同一场所和排放源没有阳极或铝液记录"))
    return MethodDrafts(sorted([*result.drafts, *drafts], key=line_order),
                        [*result.notes, *(n for n in notes if n)])


def _content(params: ParameterTable, r: ActivityRecord, item: str, default_code: str,
             refdata: ReferenceData) -> tuple[float, ActivityRecord | None, FactorUse | None]:
    found = params.find(r, item)
    if found is not None:
        return found.quantity_canonical, found, None
    default = sector_factor(refdata, default_code)
    return default.value, None, default


def _anode_lines(anodes: Sequence[ActivityRecord], aluminium: Sequence[ActivityRecord],
                 params: ParameterTable, refdata: ReferenceData,
                 method_id: str) -> list[LineDraft]:
    drafts: dict[tuple[str, str], LineDraft] = {}
    nc = sector_factor(refdata, "anode_net_consumption_default")
    for r in anodes or aluminium:
        s, s_row, s_default = _content(params, r, SULPHUR, "anode_sulphur_default", refdata)
        a, a_row, a_default = _content(params, r, ASH, "anode_ash_default", refdata)
        if s + a >= 1:
            raise InputError(
                f"{method_id}: anode sulphur {g(s)} and ash {g(a)} at site '{r.site}', source "
                f"'{r.source}', {r.period} leave no carbon (S + A ≥ 1); check the two rows",
                f"{method_id}：场所“{r.site}”排放源“{r.source}”{r.period} 的阳极含硫量 {g(s)} 与"
                f"灰分 {g(a)} 之和不小于 1；请核对",
                expected="S + A < 1", found=g(s + a))
        factors = [f for f in (s_default, a_default) if f is not None]
        if anodes:
            q, text = r.quantity_canonical, f"{g(r.quantity_canonical)} t"
        else:
            factors.append(nc)
            q = r.quantity_canonical * nc.value
            text = f"{g(r.quantity_canonical)} t Al × {g(nc.value)} t/t"
        text += f" × (1 − {g(s)} − {g(a)}) × 44/12"
        draft = drafts.setdefault((r.site, r.source), LineDraft(
            r.site, r.source, refdata.items[ANODE], Category.PROCESS, Scope.SCOPE1, "CO2",
            FORMULA_ANODE))
        inputs = tuple(x for x in (s_row, a_row) if x is not None)
        draft.add_term(Term(r.period, q * (1 - s - a) * CO2_PER_C, q, text, (r,), inputs),
                       factors)
    return list(drafts.values())


def _pfc_lines(aluminium: Sequence[ActivityRecord], params: ParameterTable,
               refdata: ReferenceData, method_id: str) -> list[LineDraft]:
    ratio = sector_factor(refdata, "c2f6_cf4_ratio")
    drafts: dict[tuple[str, str, str], LineDraft] = {}
    for r in aluminium:
        aem, slope = params.find(r, AEM), params.find(r, SLOPE)
        given = params.given(r.site, r.source, AEM)
        if aem is None and (slope is not None or given):
            what = "a CF4 slope coefficient" if slope is not None else "anode-effect minutes"
            raise InputError(
                f"{method_id}: {what} is given for the potline at site '{r.site}', source "
                f"'{r.source}' but no anode-effect minutes (anode_effect_minutes) apply to "
                f"{r.period}; give them for every month (or for the year) of the aluminium "
                "output, or drop the slope to use the default factors",
                f"{method_id}：场所“{r.site}”排放源“{r.source}”的电解系列填报了"
                f"{'CF4 斜率系数' if slope is not None else '阳极效应数据'}，但 {r.period} 没有"
                "阳极效应持续时间；请逐月（或按年）填报，或删除斜率系数以使用缺省值",
                expected=f"anode_effect_minutes for {r.period}", found="none")
        p = r.quantity_canonical
        if aem is not None:
            slope_value, slope_text = ((slope.quantity_canonical, "measured slope")
                                       if slope is not None else
                                       (sector_factor(refdata, "cf4_slope_default").value, "slope"))
            factors = [ratio] if slope is not None else [
                ratio, sector_factor(refdata, "cf4_slope_default")]
            cf4_kg = slope_value * aem.quantity_canonical
            cf4_text = (f"{g(p)} t × {g(slope_value)} ({slope_text}) × "
                        f"{g(aem.quantity_canonical)} min / 1000")
            c2f6_kg = ratio.value * cf4_kg
            c2f6_text = f"{g(p)} t × {g(ratio.value)} × {g(cf4_kg)} kg/t / 1000"
            inputs = tuple(x for x in (aem, slope) if x is not None)
        else:
            cf4, c2f6 = sector_factor(refdata, "cf4_default"), sector_factor(refdata, "c2f6_default")
            factors = [cf4, c2f6]
            cf4_kg, c2f6_kg = cf4.value, c2f6.value
            cf4_text = f"{g(p)} t × {g(cf4_kg)} kg/t [default] / 1000"
            c2f6_text = f"{g(p)} t × {g(c2f6_kg)} kg/t [default] / 1000"
            inputs = ()
        for gas, kg, text, formula in (("CF4", cf4_kg, cf4_text, FORMULA_CF4),
                                       ("C2F6", c2f6_kg, c2f6_text, FORMULA_C2F6)):
            draft = drafts.setdefault((r.site, r.source, gas), LineDraft(
                r.site, r.source, refdata.items[ALUMINIUM], Category.PROCESS, Scope.SCOPE1, gas,
                formula))
            draft.add_term(Term(r.period, p * kg / 1000.0, p, text, (r,), inputs), factors)
    return list(drafts.values())


ETS_2024 = Method(
    code="aluminium-ets", edition="2024", sector="aluminium", document="CETS—AG—04.01—V01—2024",
    title_zh="企业温室气体排放核算与报告指南 铝冶炼行业",
    title_en="national-ETS aluminium smelting guideline", draft=draft_ets_2024, gwp_set="AR5",
    notes=("aluminium-ets 2024 (CETS—AG—04.01—V01—2024): anode CO2 from net consumption with S "
           "and ash, PFCs by the slope method or defaults with AR5 GWPs, electricity at the "
           "national-ETS default; Appendix A (defaults) not read — the draft guideline's default "
           "intensities 1.424 / 0.1454 tCO2e/t disagree with the public tool's 1.471 / 0.263 / "
           "未阅读附录A缺省值，征求意见稿的缺省强度与公开工具不一致",),
)

SECTOR = Sector(
    code="aluminium", name_zh="电解铝", name_en="aluminium smelting", industry_codes=("C3216",),
    ets_method=ETS_2024.method_id,
    items=(ALUMINIUM, ANODE, SULPHUR, ASH, AEM, SLOPE, "alumina", "electricity_purchased",
           "natural_gas", "limestone", "green_power_contract"),
    guide=(
        ("电解铝（--method aluminium-ets-2024）：", "Aluminium (--method aluminium-ets-2024):"),
        ("· 铝液产量（primary_aluminium）和阳极净耗量（carbon_anode，t）填在电解系列的场所和排放源。",
         "· Aluminium liquid output (primary_aluminium) and net anode consumption "
         "(carbon_anode, t) at the potline's site and source."),
        ("· 参数不累加：阳极含硫量、灰分（小数或 %），阳极效应持续时间（分钟/槽日，单位 min），"
         "可选的 CF4 斜率系数（kg/t）；按月或按年，适用于同一场所和排放源。",
         "· Parameters are not summed: anode sulphur and ash (fraction or %), anode-effect "
         "minutes per cell-day (unit min), an optional CF4 slope (kg/t); by month or year, for "
         "the same site and source."),
        ("· 未填报的参数使用指南缺省值（S 2 %、灰分 0.4 %、CF4 0.034 kg/t）；给出斜率系数却没有"
         "阳极效应数据是错误。",
         "· Missing parameters take the guideline defaults (S 2 %, ash 0.4 %, CF4 0.034 kg/t); "
         "a slope without anode-effect data is an error."),
    ),
)
