"""Cement: the national-ETS guideline CETS—AG—02.01—V01—2024 and GB/T 32151.8-2015.

Both methods count fuel combustion (kiln coal, diesel, and alternative fuels with their biomass
share left out), purchased and exported electricity and heat, and other carbonates and process
sources through the GB/T 32150 drafting; they differ in the clinker process emissions.

``cement-ets-2024`` (CETS—AG—02.01—V01—2024, as implemented by a public accounting tool)::

    E_line,period = max(0, Σ_type Q_cl × EF_cl,type − Σ_j Q_j × DF_j)

per clinker line (site and source of the clinker output) and month; ``EF_cl`` is the line's
measured or calculated factor (parameter ``clinker_process_ef``, tCO2/t, of the month or year)
where given, else the default of the clinker type (Portland 0.535, white 0.550,
sulpho(ferro)aluminate 0.413, aluminate 0.292 tCO2/t), and ``DF_j`` the deduction factor of a
non-carbonate substitute raw material recorded at the same line (30 factors, 0.600 … 0.055
tCO2/t). When any clinker or substitute row of a line is a year total, the line is computed on
the year. Electricity uses the national-ETS default
grid factor of the reporting year.

``cement-gbt32151.8-2015`` (GB/T 32151.8-2015, NDRC 2013 lineage)::

    E = Σ (Q_cl + Q_ckd + Q_bpd) × [(CaO − CaO_nc) × 44/56 + (MgO − MgO_nc) × 44/40]
        + Σ Q_rm × TOC × 44/12

with the clinker's CaO and MgO contents and their non-carbonate parts (parameters of the kiln's
site and source), kiln-head dust ``Q_ckd`` and bypass dust ``Q_bpd`` at the clinker factor, and
the non-fuel (organic) carbon of raw meal. Electricity uses the MEE/NBS factor of
``--grid-level``.

Carbonate rows at a clinker line are raw meal: the clinker factor covers them, so they are not
counted again. Both methods count CO2 only (GB/T 32151.8 covers CO2 only; the ETS guideline's
sources as implemented are CO2), so other gas releases and recovered CO2 are left out with a
note.

Notes
-----
Not checked against the texts: the guidelines themselves were not read. The 2024 formula,
clinker defaults and deduction factors come from a public tool whose structure matches the
guideline (flags R). A measured clinker factor enters the same formula, deductions included,
as the public tool does (its factor row takes a default, calculated or measured value); whether
the guideline also deducts substitutes from a measured factor that already excludes
non-carbonate CaO is not checked (U) — a factor computed as (CaO − CaO_nc) × 44/56 … would then
count the deduction twice. The 2015 structure is R, its wording U.

References
----------
CETS—AG—02.01—V01—2024 《企业温室气体排放核算与报告指南 水泥行业》, MEE, 2024-09-13.
GB/T 32151.8-2015 《温室气体排放核算与报告要求 第8部分：水泥生产企业》.
"""

from __future__ import annotations

import math
from collections import defaultdict
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
    Period,
    Scope,
)
from greenmfg.refdata import Item, ItemCategory, ReferenceData
from greenmfg.refdata.sectors import ets_grid_factor, sector_factor, sector_factor_kind

CLINKER = ("clinker", "clinker_white", "clinker_sulphoaluminate", "clinker_aluminate")
DUST = ("kiln_dust", "bypass_dust")
RAW_MEAL = "raw_meal"
CAO, MGO = "clinker_cao", "clinker_mgo"
CAO_NC, MGO_NC = "clinker_cao_noncarbonate", "clinker_mgo_noncarbonate"
TOC = "raw_meal_organic_carbon"
CLINKER_EF = "clinker_process_ef"  # parameter: the line's measured or calculated EF_cl, t/t
CO2_PER_CAO = 44.0 / 56.0
CO2_PER_MGO = 44.0 / 40.0
PRODUCTS = (*CLINKER, "cement")

FORMULA_2024 = "E = Σ_line max(0, Σ Q_cl × EF_cl − Σ Q_j × DF_j)"
FORMULA_2015 = "E = Σ Q × [(CaO − CaO_nc) × 44/56 + (MgO − MgO_nc) × 44/40]"
FORMULA_TOC = "E = Σ Q_rm × TOC × 44/12"

_CO2_ONLY_EN = "the guideline counts CO2 from fuels, processes, electricity and heat only"
_CO2_ONLY_ZH = "该指南只核算燃料、过程、电力和热力的二氧化碳"


def _is_deduction(item: Item, refdata: ReferenceData) -> bool:
    return (item.category is ItemCategory.MATERIAL and bool(item.factor_code)
            and sector_factor_kind(refdata, item.factor_code) == "deduction")


def _clinker_lines(records: Sequence[ActivityRecord]) -> set[tuple[str, str]]:
    return {(r.site, r.source) for r in records if r.item in CLINKER}


def _general(org: Organisation, year: int, records: Sequence[ActivityRecord],
             refdata: ReferenceData, options: InventoryOptions, params: ParameterTable, *,
             method_id: str, electricity: FactorUse | None) -> MethodDrafts:
    """Fuels, electricity, heat and the process sources outside clinker lines."""
    lines = _clinker_lines(records)

    def keep(r: ActivityRecord, item: Item) -> bool:
        if item.category is ItemCategory.CARBONATE:
            return (r.site, r.source) not in lines
        return item.category not in (ItemCategory.GAS_RELEASE, ItemCategory.RECOVERED_CO2)

    result, left_out = general_drafts(org, year, records, refdata, options, params, keep=keep,
                                      electricity=electricity, method_id=method_id)
    raw_meal = [r for r in left_out if refdata.items[r.item].category is ItemCategory.CARBONATE]
    other = [r for r in left_out if refdata.items[r.item].category is not ItemCategory.CARBONATE]
    notes = [left_out_note(method_id, raw_meal,
                           "carbonates fed at a clinker line are covered by the clinker factor",
                           "熟料生产线投入的碳酸盐已由熟料排放因子涵盖"),
             left_out_note(method_id, other, _CO2_ONLY_EN, _CO2_ONLY_ZH)]
    return MethodDrafts(result.drafts, [*result.notes, *(n for n in notes if n)])


def _unused_note(method_id: str, records: Sequence[ActivityRecord], reason_en: str,
                 reason_zh: str) -> list[str]:
    note = left_out_note(method_id, records, reason_en, reason_zh)
    return [note] if note else []


# -- CETS—AG—02.01—V01—2024 ----------------------------------------------------------------------

def draft_ets_2024(org: Organisation, year: int, records: Sequence[ActivityRecord],
                   refdata: ReferenceData, options: InventoryOptions) -> MethodDrafts:
    """Lines of a cement enterprise-year under CETS—AG—02.01—V01—2024 (see module docstring)."""
    method_id = ETS_2024.method_id
    require_output(org, year, records, refdata, PRODUCTS, method_id)
    params = ParameterTable(records, refdata)
    result = _general(org, year, records, refdata, options, params, method_id=method_id,
                      electricity=ets_grid_factor(refdata, year))
    by_line: dict[tuple[str, str], list[ActivityRecord]] = defaultdict(list)
    for r in records:
        if r.item in CLINKER or _is_deduction(refdata.items[r.item], refdata):
            by_line[(r.site, r.source)].append(r)
    drafts = [_line_2024(site, source, recs, refdata, year, params)
              for (site, source), recs in sorted(by_line.items())]
    not_used = [r for r in records if r.item in (*DUST, CAO, MGO, CAO_NC, MGO_NC, TOC)]
    notes = _unused_note(
        method_id, not_used, "the 2024 route (clinker factor by type, or the line's measured "
        "clinker_process_ef, less deductions) has no dust, raw-meal carbon or CaO/MgO term as "
        "implemented", "2024 指南路径（按熟料类型的缺省排放因子或该生产线实测的 clinker_process_ef，"
        "减去替代原料扣减）不含粉尘、生料碳和 CaO/MgO 项")
    notes += _unused_note(method_id, params.unused((CLINKER_EF,)),
                          "no clinker at the same site and source", "同一场所和排放源没有熟料")
    return MethodDrafts(sorted([*result.drafts, *drafts], key=line_order), [*result.notes, *notes])


def _clinker_ef(r: ActivityRecord, refdata: ReferenceData, params: ParameterTable
                ) -> tuple[float, str, FactorUse | None, ActivityRecord | None]:
    """EF_cl of a clinker row: the line's measured ``clinker_process_ef`` for the row's period,
    else the default of its clinker type (tCO2/t), with its text."""
    measured = params.find(r, CLINKER_EF)
    if measured is not None:
        value = measured.quantity_canonical
        return value, f"{g(value)} [measured EF]", None, measured
    f = sector_factor(refdata, refdata.items[r.item].factor_code)
    return f.value, g(f.value), f, None


def _line_2024(site: str, source: str, recs: Sequence[ActivityRecord], refdata: ReferenceData,
               year: int, params: ParameterTable) -> LineDraft:
    clinker = [r for r in recs if r.item in CLINKER]
    if not clinker:
        items = ", ".join(sorted({r.item for r in recs}))
        raise InputError(
            f"substitute raw material ({items}) is recorded at site '{site}', source "
            f"'{source}' but no clinker is produced there in {year}; record it at the clinker "
            "line (the site and source of the clinker output) it was fed to",
            f"场所“{site}”排放源“{source}”填报了替代原料（{items}），但 {year} 年该处没有熟料产量；"
            "请填报在投料的熟料生产线（熟料产量所在的场所和排放源）",
            expected="clinker output at the same site and source", found=items)
    output: dict[str, list[float]] = defaultdict(list)
    for r in clinker:
        output[r.item].append(r.quantity_canonical)
    main = max(sorted(output), key=lambda code: math.fsum(output[code]))
    draft = LineDraft(site, source, refdata.items[main], Category.PROCESS, Scope.SCOPE1, "CO2",
                      FORMULA_2024)
    annual = any(len(r.period) == 4 for r in recs)
    buckets: dict[str, list[ActivityRecord]] = defaultdict(list)
    for r in recs:
        buckets[str(Period.parse(r.period).year) if annual else r.period].append(r)
    for period, bucket in sorted(buckets.items()):
        produced = [r for r in bucket if r.item in CLINKER]
        fed = [r for r in bucket if r.item not in CLINKER]
        efs = [_clinker_ef(r, refdata, params) for r in produced]
        dfs = [sector_factor(refdata, refdata.items[r.item].factor_code) for r in fed]
        gross_t = math.fsum(r.quantity_canonical * ef[0] for r, ef in zip(produced, efs,
                                                                          strict=True))
        deducted_t = math.fsum(r.quantity_canonical * f.value for r, f in zip(fed, dfs,
                                                                            strict=True))
        gross = " + ".join(f"{g(r.quantity_canonical)} t {r.item} × {ef[1]}"
                           for r, ef in zip(produced, efs, strict=True)) or "0"
        text = gross
        if fed:
            deduction = " + ".join(f"{g(r.quantity_canonical)} t {r.item} × {g(f.value)}"
                                   for r, f in zip(fed, dfs, strict=True))
            text = f"max(0, {gross} − ({deduction}))"
        measured = tuple(ef[3] for ef in efs if ef[3] is not None)
        draft.add_term(Term(period, max(0.0, gross_t - deducted_t),
                            math.fsum(r.quantity_canonical for r in produced), text,
                            tuple(produced), (*fed, *measured)),
                       [*(ef[2] for ef in efs if ef[2] is not None), *dfs])
    return draft


# -- GB/T 32151.8-2015 ---------------------------------------------------------------------------

def draft_gbt32151_8(org: Organisation, year: int, records: Sequence[ActivityRecord],
                     refdata: ReferenceData, options: InventoryOptions) -> MethodDrafts:
    """Lines of a cement enterprise-year under GB/T 32151.8-2015 (see module docstring)."""
    method_id = GBT32151_8_2015.method_id
    require_output(org, year, records, refdata, PRODUCTS, method_id)
    params = ParameterTable(records, refdata)
    result = _general(org, year, records, refdata, options, params, method_id=method_id,
                      electricity=None)
    drafts: dict[tuple[str, str, str], LineDraft] = {}
    for r in records:
        if r.item not in (*CLINKER, *DUST, RAW_MEAL):
            continue
        key = (r.site, r.source, r.item)
        if r.item == RAW_MEAL:
            draft = drafts.setdefault(key, LineDraft(r.site, r.source, refdata.items[r.item],
                                                     Category.PROCESS, Scope.SCOPE1, "CO2",
                                                     FORMULA_TOC))
            toc = _required(params, r, TOC, method_id)
            q = r.quantity_canonical
            draft.add(r, q * toc.quantity_canonical * CO2_PER_C,
                      f"{g(q)} t × {g(toc.quantity_canonical)} × 44/12", [], [toc])
            continue
        draft = drafts.setdefault(key, LineDraft(r.site, r.source, refdata.items[r.item],
                                                 Category.PROCESS, Scope.SCOPE1, "CO2",
                                                 FORMULA_2015))
        ef_t_per_t, text, inputs = clinker_factor(params, r, method_id)
        q = r.quantity_canonical
        draft.add(r, q * ef_t_per_t, f"{g(q)} t × {text}", [], inputs)
    deductions = [r for r in records if _is_deduction(refdata.items[r.item], refdata)]
    notes = _unused_note(method_id, deductions, "GB/T 32151.8-2015 nets non-carbonate sources "
                         "through CaO_nc / MgO_nc; the 2024 deduction factors do not apply",
                         "GB/T 32151.8-2015 通过非碳酸盐 CaO/MgO 扣除，不适用 2024 扣减系数")
    notes += _unused_note(method_id, params.unused((CAO, MGO, CAO_NC, MGO_NC, TOC)),
                          "no clinker, dust or raw meal at the same site and source",
                          "同一场所和排放源没有熟料、粉尘或生料")
    return MethodDrafts(sorted([*result.drafts, *drafts.values()], key=line_order),
                        [*result.notes, *notes])


def _required(params: ParameterTable, r: ActivityRecord, item: str,
              method_id: str) -> ActivityRecord:
    found = params.find(r, item)
    if found is None:
        raise InputError(
            f"{method_id}: {r.item} at site '{r.site}', source '{r.source}', {r.period} "
            f"({r.origin or r.record_id}) needs {item} for that month or year at the same "
            "site and source",
            f"{method_id}：场所“{r.site}”排放源“{r.source}”{r.period} 的 {r.item} "
            f"需要同一场所和排放源该月或该年的 {item}",
            expected=f"a {item} row", found="none")
    return found


def clinker_factor(params: ParameterTable, r: ActivityRecord, method_id: str
                   ) -> tuple[float, str, list[ActivityRecord]]:
    """``EF_cl = (CaO − CaO_nc) × 44/56 + (MgO − MgO_nc) × 44/40`` (tCO2/t) for a clinker or
    dust row, from the parameters of its site, source and period; a missing non-carbonate part
    counts as 0 and says so.

    Returns the factor, its filled-in text and the parameter rows used.
    """
    cao, mgo = _required(params, r, CAO, method_id), _required(params, r, MGO, method_id)
    cao_nc, mgo_nc = params.find(r, CAO_NC), params.find(r, MGO_NC)
    values = {name: (row.quantity_canonical if row else 0.0)
              for name, row in (("CaO", cao), ("MgO", mgo), ("CaO_nc", cao_nc),
                                ("MgO_nc", mgo_nc))}
    for whole, part in (("CaO", "CaO_nc"), ("MgO", "MgO_nc")):
        if values[part] > values[whole]:
            raise InputError(
                f"{method_id}: at site '{r.site}', source '{r.source}', {r.period} the "
                f"non-carbonate {whole} ({g(values[part])}) exceeds the clinker's {whole} "
                f"({g(values[whole])}); check the two parameter rows",
                f"{method_id}：场所“{r.site}”排放源“{r.source}”{r.period} 的非碳酸盐 {whole}"
                f"（{g(values[part])}）大于熟料 {whole}（{g(values[whole])}）；请核对两行参数",
                expected=f"{part} ≤ {whole}", found=f"{g(values[part])} > {g(values[whole])}")
    if values["CaO"] + values["MgO"] > 1:
        raise InputError(
            f"{method_id}: at site '{r.site}', source '{r.source}', {r.period} CaO + MgO = "
            f"{g(values['CaO'] + values['MgO'])} is more than the whole clinker",
            f"{method_id}：场所“{r.site}”排放源“{r.source}”{r.period} 的 CaO 与 MgO 之和超过 1",
            expected="CaO + MgO ≤ 1", found=g(values["CaO"] + values["MgO"]))
    ef = ((values["CaO"] - values["CaO_nc"]) * CO2_PER_CAO
          + (values["MgO"] - values["MgO_nc"]) * CO2_PER_MGO)
    missing = " [CaO_nc/MgO_nc not given: 0]" if cao_nc is None and mgo_nc is None else ""
    text = (f"[({g(values['CaO'])} − {g(values['CaO_nc'])}) × 44/56 + "
            f"({g(values['MgO'])} − {g(values['MgO_nc'])}) × 44/40]{missing}")
    return ef, text, [row for row in (cao, mgo, cao_nc, mgo_nc) if row is not None]


_NOT_READ = ("guideline text not read: formulas and defaults come from a public implementation "
             "(flags on every factor) / 未阅读指南原文：公式与缺省值取自公开实现（每个因子带核实标记）")

ETS_2024 = Method(
    code="cement-ets", edition="2024", sector="cement", document="CETS—AG—02.01—V01—2024",
    title_zh="企业温室气体排放核算与报告指南 水泥行业", title_en="national-ETS cement guideline",
    draft=draft_ets_2024,
    notes=("cement-ets 2024 (CETS—AG—02.01—V01—2024): clinker factor by type less deductions for "
           "substitute raw materials, per line and month; electricity at the national-ETS "
           "default; a measured clinker factor (clinker_process_ef) replaces the type default, "
           "deductions still apply as in the public tool (U) / 实测熟料排放因子替代缺省值，仍扣减替代原料；"
           + _NOT_READ,),
)
GBT32151_8_2015 = Method(
    code="cement-gbt32151.8", edition="2015", sector="cement", document="GB/T 32151.8-2015",
    title_zh="温室气体排放核算与报告要求 第8部分：水泥生产企业",
    title_en="GB/T 32151.8 cement producers", draft=draft_gbt32151_8,
    notes=("cement-gbt32151.8 2015 (GB/T 32151.8-2015): clinker and dust from CaO/MgO net of "
           "non-carbonate sources, raw-meal organic carbon; structure R, wording U; standard "
           "text not read / 未阅读标准原文，结构取自公开实现",),
)

SECTOR = Sector(
    code="cement", name_zh="水泥", name_en="cement", industry_codes=("C3011",),
    ets_method=ETS_2024.method_id,
    items=(*CLINKER, "cement", "bituminous_coal", "waste_tyres", "waste_plastics",
           "fuel_biomass_fraction", "electricity_purchased", "steel_slag", "carbide_slag",
           "fgd_gypsum", "coal_fly_ash", CLINKER_EF, CAO, MGO, CAO_NC, MGO_NC, RAW_MEAL, TOC,
           *DUST, "cement_clinker_ratio", "site_altitude", "site_air_pressure"),
    guide=(
        ("水泥（--method cement-ets-2024 或 cement-gbt32151.8-2015）：", "Cement (--method "
         "cement-ets-2024 or cement-gbt32151.8-2015):"),
        ("· 熟料产量按类型填报（clinker 为硅酸盐水泥熟料），场所和排放源填熟料生产线（窑）。",
         "· Clinker output by type (clinker = Portland clinker), at the kiln line's site and "
         "source."),
        ("· 非碳酸盐替代原料（电石渣、钢渣等 30 种）填在投料的熟料生产线，2024 指南按扣减系数扣除。",
         "· Non-carbonate substitute raw materials (carbide slag, steel slag … 30 kinds) at the "
         "kiln line they feed; the 2024 guideline deducts them."),
        ("· 有实测（或计算）熟料过程排放因子的，在熟料生产线填参数 clinker_process_ef（tCO2/t），"
         "按月或按年；未填则按熟料类型取缺省值。",
         "· A measured (or calculated) clinker process factor goes in the parameter "
         "clinker_process_ef (tCO2/t) at the kiln line, by month or year; otherwise the type "
         "default applies."),
        ("· 参数（含量、比例）不累加：CaO、MgO、非碳酸盐 CaO/MgO、生料非燃料碳含量填小数或 %，"
         "按月（YYYY-MM）或按年（YYYY），适用于同一场所和排放源同月（无则同年）的数量。",
         "· Parameters (contents) are not summed: CaO, MgO, non-carbonate CaO/MgO, raw-meal "
         "organic carbon as a fraction or %, by month or year; they apply to the quantities of "
         "the same site and source in that month (else that year)."),
        ("· 替代燃料（废轮胎、废塑料等）须填实测低位发热量、含碳量、碳氧化率；生物质碳比例"
         "（fuel_biomass_fraction）填在同一排放源，核算时扣除。",
         "· Alternative fuels need measured NCV, carbon content and oxidation rate; their biomass "
         "share (fuel_biomass_fraction) at the same source is left out."),
        ("· 窑头粉尘、旁路放风粉尘、生料用量供 GB/T 32151.8-2015 方法使用。",
         "· Kiln-head dust, bypass dust and raw meal are used by the GB/T 32151.8-2015 method."),
        ("· 能效对标：厂区海拔高于 1500 m 的，在熟料场所（及水泥粉磨场所）填参数 site_altitude（m）"
         "和 site_air_pressure（kPa），按 GB 16780-2021 修正 3 级限额；水泥粉磨场所填参数 "
         "cement_clinker_ratio（水泥中熟料比例），才计算水泥单位产品综合能耗并按熟料比例修正限额。",
         "· Benchmarking: a plant above 1 500 m gives the parameters site_altitude (m) and "
         "site_air_pressure (kPa) at the clinker (and cement-mill) site; GB 16780-2021 corrects "
         "level 3. The cement mill's cement_clinker_ratio gives the cement comprehensive energy "
         "and the clinker-ratio correction of its levels."),
    ),
)
