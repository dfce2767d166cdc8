"""Product carbon footprint study report (ISO 14067:2018 clause 7, GB/T 24067-2024): JSON and
an offline HTML page in Chinese or English.

The report holds what the standard asks a CFP study report to contain; :data:`REPORT_ITEMS`
lists those items with where each is found in the study, and the HTML page has one section per
group of them. Everything shown is prepared here as text; the template only places it. The page
is one self-contained file (inline CSS, bars drawn as widths, no script, no network address).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from greenmfg.footprint.study import LineResult, ProductFootprint
from greenmfg.i18n import Lang

__all__ = ["REPORT_ITEMS", "build_footprint_context", "footprint_json", "render_footprint_html",
           "write_footprint_report"]

#: ISO 14067:2018 7.3 report content → (Chinese title, English title, where in the study JSON).
REPORT_ITEMS: tuple[tuple[str, str, str, str], ...] = (
    ("functional_unit", "功能单位或声明单位及基准流", "functional or declared unit and reference flow",
     "declared_unit, functional_unit, product"),
    ("system_boundary", "系统边界（含纳入和排除的生命周期阶段）",
     "system boundary, life-cycle stages included and omitted",
     "boundary, stages_included, stages_excluded"),
    ("unit_processes", "重要单元过程及其数据来源", "significant unit processes and data sources",
     "lines[].process, lines[].database_id, lineage"),
    ("ghgs", "所考虑的温室气体及特征化因子（GWP）", "GHGs considered and characterisation factors (GWP)",
     "method_name, gwp_by_gas"),
    ("cut_off", "取舍准则及被取舍的输入", "cut-off criteria and cut-offs", "cut_off, cut_off_lines"),
    ("allocation", "分配程序", "allocation procedures", "allocation"),
    ("time_period", "数据时间范围", "time period of the data", "year"),
    ("data_quality", "数据质量评价及缺失数据的处理", "data quality assessment and treatment of missing data",
     "dqi, dqi_weighted, dqr, lines[].pedigree, gaps"),
    ("electricity", "电力的处理（电网排放因子）", "treatment of electricity (grid factor)",
     "lines[item=electricity_purchased], notes"),
    ("results_by_stage", "按生命周期阶段的结果", "results by life-cycle stage", "by_stage"),
    ("biogenic", "生物源排放与清除、化石源排放分别报告",
     "fossil and biogenic emissions and removals reported separately",
     "fossil_kgco2e, biogenic_emission_kgco2e, biogenic_removal_kgco2e"),
    ("dluc", "直接土地利用变化（dLUC）", "direct land-use change (dLUC)", "not assessed"),
    ("limitations", "局限性与价值选择", "limitations and value choices", "notes, gaps, complete"),
)

_L: dict[str, tuple[str, str]] = {
    "title": ("产品碳足迹研究报告", "Product carbon footprint study report"),
    "standard": ("依据 ISO 14067:2018 / GB/T 24067-2024", "Per ISO 14067:2018 / GB/T 24067-2024"),
    "study": ("研究概况", "Study"),
    "org": ("企业", "Organisation"),
    "product": ("产品", "Product"),
    "year": ("数据年份", "Data year"),
    "study_id": ("研究编号", "Study id"),
    "cfp": ("产品碳足迹", "Carbon footprint of the product"),
    "per": ("每", "per"),
    "declared_unit": ("声明单位", "Declared unit"),
    "functional_unit": ("功能单位描述", "Unit described"),
    "reference_flow": ("基准流（年产量）", "Reference flow (output in the year)"),
    "boundary": ("系统边界", "System boundary"),
    "stages_in": ("纳入的生命周期阶段", "Life-cycle stages included"),
    "stages_out": ("未纳入的生命周期阶段", "Life-cycle stages omitted"),
    "boundary_note": ("前景过程为该企业全年生产；资本货物、员工通勤及厂区建设不在边界内。",
                      "The foreground is the plant's whole production in the year; capital goods, "
                      "employee commuting and plant construction are outside the boundary."),
    "sources": ("数据来源", "Data sources"),
    "activity_records": ("活动数据记录数", "Activity records"),
    "inventory": ("GB/T 32150 排放清单", "GB/T 32150 inventory"),
    "databases": ("生命周期数据库（内容哈希）", "LCA databases (content hash)"),
    "links": ("链接表", "Linking table"),
    "gwp": ("温室气体与全球增温潜势", "GHGs and global warming potentials"),
    "method": ("方法", "Method"),
    "gas": ("气体", "Gas"),
    "gwp_value": ("GWP（kg CO2e/kg）", "GWP (kg CO2e/kg)"),
    "allocation": ("分配", "Allocation"),
    "rule": ("规则", "Rule"),
    "output": ("产出", "Output"),
    "amount": ("数量", "Amount"),
    "unit": ("单位", "Unit"),
    "property": ("分配依据（每单位）", "Allocation property (per unit)"),
    "factor": ("分配系数", "Allocation factor"),
    "cut_off": ("取舍准则", "Cut-off"),
    "cut_off_rule": ("按质量：单项不超过已知输入质量的 {each}，合计不超过 {total}；"
                     "无背景数据且不满足该准则的输入列为数据缺口。",
                     "By mass: each at most {each} of the known input mass, together at most "
                     "{total}; inputs without background data that fail the rule are data gaps."),
    "cut_off_lines": ("被取舍的输入", "Inputs cut off"),
    "gaps": ("数据缺口（未计入总量）", "Data gaps (left out of the total)"),
    "none": ("无", "none"),
    "mass_share": ("质量占比", "Mass share"),
    "quality": ("数据质量", "Data quality"),
    "pedigree_note": ("谱系评分 1（最好）至 5（最差）；每行取前景与背景中较差者，按贡献绝对值加权汇总；"
                      "DQR 为五项加权得分的平均值。",
                      "Pedigree scores 1 (best) to 5 (worst); each line takes the worse of its "
                      "foreground and background scores, aggregated with the lines' absolute "
                      "contributions as weights; the DQR is the mean of the five weighted scores."),
    "reliability": ("可靠性", "Reliability"),
    "completeness": ("完整性", "Completeness"),
    "temporal": ("时间代表性", "Temporal"),
    "geographical": ("地理代表性", "Geographical"),
    "technological": ("技术代表性", "Technological"),
    "weighted": ("加权得分", "Weighted score"),
    "dqr": ("数据质量评级 DQR", "Data quality rating (DQR)"),
    "results": ("结果", "Results"),
    "by_stage": ("按生命周期阶段", "By life-cycle stage"),
    "stage": ("阶段", "Stage"),
    "lines": ("按输入与直接排放", "By input and direct emission"),
    "item": ("项目", "Item"),
    "status": ("状态", "Status"),
    "process": ("背景过程", "Background process"),
    "per_unit": ("每声明单位（kg CO2e）", "Per declared unit (kg CO2e)"),
    "share": ("占比", "Share"),
    "origin": ("化石源与生物源", "Fossil and biogenic carbon"),
    "fossil": ("化石源温室气体排放", "Fossil GHG emissions"),
    "biogenic_emission": ("生物源温室气体排放", "Biogenic GHG emissions"),
    "biogenic_removal": ("生物源二氧化碳清除", "Biogenic CO2 removals"),
    "dluc": ("直接土地利用变化（dLUC）", "Direct land-use change (dLUC)"),
    "not_assessed": ("未评价", "not assessed"),
    "aircraft": ("航空运输排放", "Aircraft emissions"),
    "offsets": ("碳抵消", "Offsets"),
    "offsets_note": ("未计入（ISO 14067 不允许在产品碳足迹中计入抵消）",
                     "not included (ISO 14067 does not allow offsets in a CFP)"),
    "electricity": ("电力的处理", "Treatment of electricity"),
    "electricity_note": ("购入电力按所链接背景过程的电网生命周期碳足迹因子计算；"
                         "绿证与绿电交易仅作记录，未用于扣减。",
                         "Purchased electricity is counted with the life-cycle grid factor of the "
                         "linked background process; green certificates and green-power "
                         "contracts are recorded but not deducted."),
    "limitations": ("局限性与说明", "Limitations and notes"),
    "incomplete": ("研究不完整：存在未计入的数据缺口，结果偏低，不宜对外声明。",
                   "The study is incomplete: data gaps are left out, so the result is low and "
                   "not fit for an external claim."),
    "complete": ("所有输入均已链接背景数据或按取舍准则处理。",
                 "Every input is linked to background data or cut off by the rule."),
    "uncertainty": ("未做不确定性分析；背景数据的蒙特卡罗分析可用 `greenmfg footprint montecarlo`。",
                    "No uncertainty analysis was made; Monte Carlo on background data is "
                    "available with `greenmfg footprint montecarlo`."),
    "direct_fossil": ("直接排放按 GB/T 32150 清单计为化石源（生物质燃料的生物源部分未区分）。",
                      "Direct emissions come from the GB/T 32150 inventory and count as fossil "
                      "(a biomass share of fuels is not separated)."),
    "checklist": ("ISO 14067 第 7 章报告内容对照", "ISO 14067 clause 7 report content"),
    "generated_by": ("由 greenmfg 生成，离线文件，无网络访问。",
                     "Generated by greenmfg; offline file, no network access."),
    "linked": ("已链接", "linked"),
    "direct": ("直接排放", "direct"),
    "cut-off": ("已取舍", "cut off"),
    "data-gap": ("数据缺口", "data gap"),
    "raw_material_acquisition": ("原材料获取", "Raw material acquisition"),
    "production": ("生产", "Production"),
    "distribution": ("分销", "Distribution"),
    "use": ("使用", "Use"),
    "end_of_life": ("生命末期", "End of life"),
    "cradle-to-gate": ("从摇篮到大门", "cradle-to-gate"),
    "cradle-to-grave": ("从摇篮到坟墓", "cradle-to-grave"),
}


def _t(key: str, lang: Lang) -> str:
    zh, en = _L[key]
    return zh if lang is Lang.ZH else en


def _num(value: float | None, decimals: int = 3) -> str:
    return "—" if value is None else f"{value:,.{decimals}f}"


def footprint_json(fp: ProductFootprint) -> str:
    """The study as JSON, with the ISO 14067 report checklist (both languages)."""
    document = {
        "document": "product carbon footprint study report",
        "standard": "ISO 14067:2018; GB/T 24067-2024",
        "report_items": [{"item": key, "title_zh": zh, "title_en": en, "where": where}
                         for key, zh, en, where in REPORT_ITEMS],
        "study": fp.model_dump(mode="json"),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _line_row(line: LineResult, total: float, lang: Lang) -> dict[str, str]:
    name = line.name_zh if lang is Lang.ZH else line.name_en
    return {"item": f"{name} ({line.item})", "stage": _t(line.stage.value, lang),
            "status": _t(line.status, lang), "amount": _num(line.amount),
            "unit": line.unit, "process": line.process or "—",
            "per_unit": _num(line.per_unit_kgco2e),
            "share": "—" if total == 0 else f"{line.per_unit_kgco2e / total:.1%}",
            "mass_share": "—" if line.mass_share is None else f"{line.mass_share:.2%}",
            **{k: str(v) for k, v in line.pedigree.model_dump().items()}}


def build_footprint_context(fp: ProductFootprint, lang: Lang | str = Lang.ZH) -> dict[str, Any]:
    """Everything the HTML page shows, as text, for one language."""
    lang = Lang(lang)
    total = fp.cfp_kgco2e
    biggest = max((abs(v) for v in fp.by_stage.values()), default=0.0) or 1.0
    product = fp.product.name_zh if lang is Lang.ZH else fp.product.name_en
    labels = {key: _t(key, lang) for key in _L}
    labels["cut_off_rule"] = labels["cut_off_rule"].format(
        each=f"{fp.cut_off.max_share_each:.1%}", total=f"{fp.cut_off.max_share_total:.1%}")
    return {
        "lang": lang.value, "labels": labels,
        "org": f"{fp.org_name} ({fp.org})", "product": f"{product} ({fp.product.item})",
        "year": str(fp.year), "study_id": fp.study_id,
        "cfp": _num(total), "declared_unit": fp.declared_unit,
        "functional_unit": fp.functional_unit,
        "reference_flow": f"{_num(fp.product.amount)} {fp.product.unit}",
        "boundary": _t(fp.boundary.value, lang),
        "stages_in": ", ".join(_t(s.value, lang) for s in fp.stages_included),
        "stages_out": ", ".join(_t(s.value, lang) for s in fp.stages_excluded) or labels["none"],
        "activity_records": str(fp.lineage.get("activity_records", "—")),
        "inventory": f"{fp.lineage.get('inventory_method', '—')} "
                     f"{fp.lineage.get('inventory_result_id', '')}",
        "databases": [f"{k} ({str(v)[:16]})" for k, v in fp.lineage.get("databases", {}).items()],
        "links": [f"{r['item']} → {r['database'] or 'greenmfg-default'}: {r['process']} × "
                  f"{r['factor']:g} ({r['origin']})" for r in fp.lineage.get("links", [])],
        "method": fp.method_name,
        "gwp": [(gas, f"{value:g}") for gas, value in fp.gwp_by_gas.items()],
        "allocation_rule": fp.allocation.rule_zh if lang is Lang.ZH else fp.allocation.rule_en,
        "allocation_rows": [
            {"item": str(o["item"]), "amount": _num(float(o["amount"] or 0.0)),
             "unit": str(o["unit"]),
             "property": "—" if o["property"] is None else
             f"{float(o['property']):,.4g} {fp.allocation.property_unit}",
             "factor": f"{float(o['factor'] or 0.0):.4f}"} for o in fp.allocation.outputs],
        "cut_off_lines": [_line_row(x, total, lang) for x in fp.cut_off_lines],
        "gaps": [_line_row(x, total, lang) for x in fp.gaps],
        "lines": [_line_row(x, total, lang) for x in fp.lines],
        "stages": [{"name": _t(k, lang), "value": _num(v),
                    "width": f"{abs(v) / biggest * 100:.1f}"} for k, v in fp.by_stage.items()],
        "fossil": _num(fp.fossil_kgco2e), "biogenic_emission": _num(fp.biogenic_emission_kgco2e),
        "biogenic_removal": _num(fp.biogenic_removal_kgco2e),
        "dqi": [] if fp.dqi is None else [
            (labels[k], str(getattr(fp.dqi, k)), f"{fp.dqi_weighted[k]:.2f}")
            for k in ("reliability", "completeness", "temporal", "geographical",
                      "technological")],
        "dqr": _num(fp.dqr, 2),
        "complete": fp.complete,
        "notes": [n.zh if lang is Lang.ZH else n.en for n in fp.notes],
        "checklist": [(zh if lang is Lang.ZH else en, where) for _, zh, en, where in REPORT_ITEMS],
    }


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("greenmfg.report", "templates"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def render_footprint_html(fp: ProductFootprint, lang: Lang | str = Lang.ZH) -> str:
    """The study report as one offline HTML page in ``lang`` (zh-CN or en)."""
    template = _environment().get_template("pcf_report.html.j2")
    return template.render(**build_footprint_context(fp, lang))


def write_footprint_report(fp: ProductFootprint, path: Path, fmt: str = "json",
                           lang: Lang | str = Lang.ZH) -> Path:
    """Write the report as ``json`` or ``html`` to ``path`` (its folder is created)."""
    text = footprint_json(fp) if fmt == "json" else render_footprint_html(fp, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
