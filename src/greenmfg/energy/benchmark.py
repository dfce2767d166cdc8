"""Unit-product energy consumption against the national limit standards and the NDRC levels.

Each product line is classed twice, and the two classes are never merged:

- **GB limit level** by the product's energy-consumption limit standard (GB 16780 cement,
  GB 21346 aluminium, GB 21256 steel, …): 1 if the value is at or below level 1 (先进值),
  2 at or below level 2 (新建准入值), 3 at or below level 3 (限定值), else ``"fail"``. A level
  the standard does not set is skipped.
- **NDRC class** by the benchmark (标杆水平) and baseline (基准水平) levels of the NDRC edition in
  force for the year: ``benchmark`` at or better than the benchmark, ``between``, or
  ``below_baseline`` when worse than the baseline.

Lower is better for every indicator. The gap to the benchmark (and to GB level 1) is given in
the indicator's unit and, times the annual output, in tce per year: kgce ÷ 1000, and kWh or kg
through the carrier's calorific coefficient (当量值; electricity 0.1229 kgce/kWh) from the
``coal_equivalents`` dataset. A kgoe indicator has no packaged conversion: no tce gap.

The electrolytic-aluminium tiered electricity price (发改价格〔2021〕1239号) charges
0.01 CNY/kWh for every 20 kWh/t, or part of it, above the year's threshold on the
liquid-aluminium comprehensive AC consumption: :func:`tiered_price_class`.

References
----------
GB 16780-2021, GB 21346-2022, GB 21256-2025 and the other limit standards in the
``energy_limits`` dataset; 发改产业〔2021〕1609号 and 发改产业〔2023〕723号 (``ndrc_levels``);
发改价格〔2021〕1239号 and 发改价格〔2013〕2530号 (``tiered_pricing``); GB/T 2589-2020 for the
coal equivalents.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from greenmfg._internal.hashing import stable_id
from greenmfg._internal.numbers import g
from greenmfg.energy.limit_corrections import Corrected, check_conditions, correct_levels
from greenmfg.errors import FactorNotFound, InputError, Location, OptionError, UnitError
from greenmfg.model import (
    BenchmarkInput,
    BenchmarkLine,
    FactorUse,
    LimitLevel,
    NdrcClass,
    TieredFlag,
    TieredPriceClass,
    TieredRuleKind,
)
from greenmfg.refdata import ReferenceData
from greenmfg.refdata.benchmarks import (
    energy_limit,
    indicator_row,
    ndrc_level,
    product_indicators,
    tiered_price_rules,
)
from greenmfg.units import normalise_label

METHOD = "greenmfg.energy.benchmark"
METHOD_VERSION = "1"
_WEAK_FLAGS = {"R-weak", "U"}
_STEP_ROUNDING_DIGITS = 9  # float noise in a converted value must not add a step

Row = dict[str, str]


# -- pure classifiers ---------------------------------------------------------------------------
def limit_level(value: float, level1: float | None, level2: float | None, level3: float
                ) -> LimitLevel:
    """The GB limit class of a value (lower is better); a level set to ``None`` is skipped.

    Parameters
    ----------
    value, level1, level2, level3
        The indicator and the standard's levels, all in the indicator's unit (e.g. kgce/t).

    >>> limit_level(104, 100, 107, 117), limit_level(107, 100, 107, 117)
    (2, 2)
    >>> limit_level(70, 61, None, 72), limit_level(118, 100, 107, 117)
    (3, 'fail')
    """
    if level1 is not None and value <= level1:
        return 1
    if level2 is not None and value <= level2:
        return 2
    return 3 if value <= level3 else "fail"


def ndrc_class(value: float, benchmark: float, baseline: float) -> NdrcClass:
    """The NDRC class of a value (lower is better; a value on a level takes the better class).

    Parameters
    ----------
    value, benchmark, baseline
        The indicator and the NDRC levels, in the indicator's unit.

    >>> [ndrc_class(v, 100, 117).value for v in (100, 104, 117, 117.5)]
    ['benchmark', 'between', 'between', 'below_baseline']
    """
    if value <= benchmark:
        return NdrcClass.BENCHMARK
    if value <= baseline:
        return NdrcClass.BETWEEN
    return NdrcClass.BELOW_BASELINE


def tiered_steps(excess_kwh_per_t: float, step_kwh_per_t: float) -> int:
    """Steps above a tiered-price threshold; a part-step counts as a full step.

    Parameters
    ----------
    excess_kwh_per_t
        Consumption above the threshold, kWh/t (zero or negative: no step).
    step_kwh_per_t
        Width of one step, kWh/t.

    >>> tiered_steps(120, 20), tiered_steps(121, 20), tiered_steps(0, 20)
    (6, 7, 0)
    """
    if excess_kwh_per_t <= 0:
        return 0
    return math.ceil(round(excess_kwh_per_t / step_kwh_per_t, _STEP_ROUNDING_DIGITS))


# -- helpers ------------------------------------------------------------------------------------
def _number(row: Row, column: str) -> float | None:
    text = row.get(column, "").strip()
    return float(text) if text else None


def _bad(message_en: str, message_zh: str, *, column: str, expected: str, found: object
         ) -> InputError:
    return InputError(message_en, message_zh, location=Location(column=column),
                      expected=expected, found=str(found))


def _who(line: BenchmarkInput) -> str:
    return f"line '{line.line_id}' ({line.product})" if line.line_id else f"line {line.product}"


def _check_inputs(line: BenchmarkInput, *, negative_allowed: bool) -> None:
    who = _who(line)
    if not math.isfinite(line.value):
        raise _bad(f"{who}: the indicator value is {line.value}; give a finite number",
                   f"{who}：指标值为 {line.value}，请填写有限数值",
                   column="value", expected="a finite number", found=line.value)
    if line.value < 0 and not negative_allowed:
        raise _bad(
            f"{who}: the indicator value {line.value} is negative, but {line.indicator} cannot be "
            "below zero (only net-recovery indicators such as BOF steelmaking can); check the sign "
            "and the energy exported",
            f"{who}：指标值 {line.value} 为负，但该指标不可能小于零（仅转炉工序等净回收指标可为负）；"
            "请检查符号及外供能源",
            column="value", expected="a value ≥ 0", found=line.value)
    if not math.isfinite(line.output_per_year) or line.output_per_year <= 0:
        raise _bad(
            f"{who}: the annual output is {line.output_per_year}; a line that uses energy must "
            "have a positive output to have a unit-product energy consumption — give the year's "
            "output, or leave the line out",
            f"{who}：年产量为 {line.output_per_year}；有能源消耗的产品线须有正的产量才能计算单位产品能耗，"
            "请填写当年产量或删除该产品线",
            column="output_per_year", expected="a positive output", found=line.output_per_year)


def _check_unit(line: BenchmarkInput, unit: str) -> None:
    if line.unit is None or not unit or normalise_label(line.unit) == normalise_label(unit):
        return
    raise UnitError(
        f"{_who(line)}: {line.indicator} is stated in {unit} by its standard, but the value is "
        f"in {line.unit}; convert the value to {unit}",
        f"{_who(line)}：该指标的标准单位为 {unit}，但数值单位为 {line.unit}；请换算为 {unit}",
        location=Location(column="unit"), expected=unit, found=line.unit)


def _tce_conversion(refdata: ReferenceData, gb: Row | None, unit: str
                    ) -> tuple[float | None, FactorUse | None, str]:
    """kgce per unit of the indicator's energy unit, its provenance and a description."""
    if gb is not None:
        energy_unit, carrier = gb["energy_unit"], gb["energy_carrier"]
    else:
        energy_unit = unit.partition("/")[0]
        carrier = "electricity" if energy_unit == "kWh" else ""
    if energy_unit == "kgce":
        return 1.0, None, "kgce ÷ 1000 = tce"
    if not carrier:
        return None, None, ""
    row, _ = refdata.coal_equivalent(carrier, basis="calorific")
    if row["unit"] != energy_unit:
        return None, None, ""
    kgce = float(row["kgce_per_unit"])
    use = refdata.use("coal_equivalents", row, name=f"{row['name_en']} (calorific, 当量值)",
                      value_column="kgce_per_unit", unit=f"kgce/{row['unit']}")
    return kgce, use, (f"{row['name_zh']} {row['kgce_per_unit']} kgce/{row['unit']} "
                       f"(calorific value 当量值, {row['factor_id']}) ÷ 1000 = tce")


def _gap(value: float, level: float | None) -> float | None:
    return None if level is None else max(0.0, value - level)


def _level_uses(refdata: ReferenceData, gb: Row | None, ndrc: Row | None, unit: str
                ) -> list[FactorUse]:
    uses: list[FactorUse] = []
    if gb is not None:
        what = f"{gb['product_zh']} {gb['indicator_zh']}"
        for n, label in ((1, "先进值"), (2, "新建准入值"), (3, "限定值")):
            if gb[f"level{n}"]:
                uses.append(refdata.use("energy_limits", gb, name=f"{gb['document']} level {n} "
                                        f"({label}), {what}", value_column=f"level{n}", unit=unit))
    if ndrc is not None and ndrc["status"] == "levels":
        for column, label in (("benchmark", "标杆水平"), ("baseline", "基准水平")):
            uses.append(refdata.use("ndrc_levels", ndrc, name=f"NDRC {ndrc['edition']} {column} "
                                    f"({label}), {ndrc['ndrc_area_zh']}", value_column=column,
                                    unit=unit))
    return uses


def _correction_notes(gb: Row, corrected: Corrected) -> list[str]:
    doc = gb["document"]
    before = " / ".join(gb[f"level{n}"] or "—" for n in (1, 2, 3))
    after = " / ".join("—" if v is None else g(v) for v in corrected.levels)
    notes = [f"{doc} correction applied to the levels / 已按 {doc} 修正限额: {text}"
             for text in corrected.applied]
    notes.append(f"{doc} levels 1 / 2 / 3: {before} as published, {after} corrected / "
                 f"标准限额 {before}，修正后 {after}")
    if corrected.missing:
        notes.append(
            f"{doc} corrections not applied, their condition was not given (the levels stay "
            f"uncorrected for them): {'; '.join(corrected.missing)} / 未给出修正条件，相应修正未应用，"
            "按未修正限额比较")
    return notes


def _gb_notes(gb: Row, line: BenchmarkInput, corrected: Corrected | None) -> list[str]:
    notes: list[str] = []
    doc = gb["document"]
    if corrected is not None:
        notes += _correction_notes(gb, corrected)
    elif gb["correction"]:
        if line.corrections_applied:
            notes.append(f"corrections of {doc} stated as applied by the caller: {gb['correction']} "
                         f"/ 已按 {doc} 修正：{gb['correction']}")
        else:
            notes.append(
                f"{doc} applies corrections that greenmfg does not apply: {gb['correction']}; "
                "the uncorrected value is compared with the uncorrected levels — correct it "
                f"first, or mark the corrections applied / {doc} 规定的修正未应用：{gb['correction']}；"
                "此处按未修正数值与未修正限额比较，请先修正或标明已修正")
    if gb["verification"] in _WEAK_FLAGS:
        notes.append(f"the {doc} levels are flagged {gb['verification']} (weak transcription): "
                     f"check the official text / {doc} 分级的核实标记为 {gb['verification']}"
                     "（转录较弱），请核对官方文本")
    return notes


def _ndrc_notes(ndrc: Row) -> list[str]:
    area, edition = ndrc["ndrc_area_zh"], ndrc["edition"]
    if ndrc["status"] != "levels":
        return [f"{area} is an NDRC {edition} area (retrofit deadline {ndrc['deadline']}) but its "
                f"benchmark and baseline were not found in the sources: no NDRC class, no gap to "
                f"benchmark / {area}属于国家发展改革委 {edition} 版领域（改造期限 {ndrc['deadline']}），"
                "但未找到其标杆/基准水平：不作标杆分类，不计算与标杆差距"]
    notes = []
    if ndrc["verification"] != "V":
        notes.append(
            f"NDRC {edition} levels of {area} are flagged {ndrc['verification']}: the NDRC table "
            f"itself was not read; they are kept apart from the GB levels, never merged "
            f"({ndrc['notes']}) / {area}的国家发展改革委 {edition} 版数值核实标记为 "
            f"{ndrc['verification']}：未读到原表；与国家标准分级分列，不合并")
    elif ndrc["notes"]:
        notes.append(f"NDRC {edition}: {ndrc['notes']}")
    return notes


# -- engine -------------------------------------------------------------------------------------
def benchmark_line(line: BenchmarkInput, year: int, refdata: ReferenceData) -> BenchmarkLine:
    """Class one product line against its GB limit standard and the NDRC levels of ``year``.

    Parameters
    ----------
    line
        Product and indicator codes (see the ``energy_limits`` and ``ndrc_levels`` datasets),
        the indicator value in the indicator's unit (e.g. kgce/t) and the annual output in its
        denominator unit (e.g. t).
    year
        The data year; it picks the NDRC edition (2023 values from the 2023 edition on) and
        flags a GB edition not yet in force.
    refdata
        The packaged reference data.

    Raises
    ------
    OptionError
        If the product code is unknown.
    FactorNotFound
        If the product has no such indicator.
    InputError
        On a non-finite or impossible negative value, or an output that is not positive.
    UnitError
        If ``line.unit`` is given and differs from the indicator's unit.
    """
    check_conditions(line.conditions)
    gb, gb_notes = energy_limit(refdata, line.product, line.indicator, year)
    ndrc, ndrc_notes = ndrc_level(refdata, line.product, line.indicator, year)
    known = indicator_row(refdata, line.product, line.indicator)
    if known is None:
        indicators = product_indicators(refdata, line.product)
        if not indicators:
            raise OptionError(
                f"unknown product '{line.product}'; see `greenmfg refdata show energy_limits` "
                "(product_code) for the products with benchmark levels",
                f"未知产品“{line.product}”；可用产品代码见 `greenmfg refdata show energy_limits`",
                expected="a product_code of energy_limits or ndrc_levels", found=line.product)
        raise FactorNotFound(
            f"product '{line.product}' has no indicator '{line.indicator}'; it has "
            f"{', '.join(indicators)}",
            f"产品“{line.product}”没有指标“{line.indicator}”；可用指标：{'、'.join(indicators)}")
    named = gb or ndrc or known
    unit = named["unit"]
    level1 = level2 = level3 = None
    if gb is not None:  # level 3 is never blank in the dataset (checked when it is built)
        level1, level2, level3 = _number(gb, "level1"), _number(gb, "level2"), float(gb["level3"])
    corrected = None
    if gb is not None and level3 is not None and not line.corrections_applied:
        corrected = correct_levels(gb, (level1, level2, level3), line.conditions)
        if corrected is not None:
            level1, level2, level3 = corrected.levels
    ndrc_values = ndrc if ndrc is not None and ndrc["status"] == "levels" else None
    benchmark = float(ndrc_values["benchmark"]) if ndrc_values else None
    baseline = float(ndrc_values["baseline"]) if ndrc_values else None
    levels = [v for v in (level1, level2, level3, benchmark, baseline) if v is not None]
    _check_inputs(line, negative_allowed=any(v < 0 for v in levels))
    _check_unit(line, unit)

    notes: list[str] = list(gb_notes)
    level: LimitLevel | None = None
    if gb is not None and level3 is not None:
        level = limit_level(line.value, level1, level2, level3)
        notes += _gb_notes(gb, line, corrected)
    else:
        notes.append(f"no GB limit standard packaged for {line.product} {line.indicator}: no "
                     "limit level / 未收录该产品指标的能耗限额国家标准：无限额等级")
    unused = sorted(line.conditions) if corrected is None else corrected.unused
    if unused:
        notes.append(f"conditions {', '.join(unused)} not used: the corrections greenmfg applies "
                     f"for this line's standard do not take them / 修正条件 {'、'.join(unused)} 未使用")
    notes += ndrc_notes
    klass: NdrcClass | None = None
    if ndrc is not None:
        notes += _ndrc_notes(ndrc)
        if benchmark is not None and baseline is not None:
            klass = ndrc_class(line.value, benchmark, baseline)
            if klass is NdrcClass.BELOW_BASELINE:
                notes.append(
                    f"below the NDRC baseline: capacity must be retrofitted to the baseline or "
                    f"exit by {ndrc['deadline']} / 低于基准水平：须在 {ndrc['deadline']} 前改造达到"
                    "基准水平或退出")
    elif not ndrc_notes:
        notes.append(f"no NDRC benchmark or baseline is packaged for {line.product} "
                     f"{line.indicator}: no NDRC class, no gap to benchmark / "
                     "未收录该产品指标的国家发展改革委标杆/基准水平：不作标杆分类")

    kgce_per_unit, conversion, conversion_text = _tce_conversion(refdata, gb, unit)
    gap_benchmark = _gap(line.value, benchmark)
    gap_level1 = _gap(line.value, level1)
    tce_factor = None if kgce_per_unit is None else line.output_per_year * kgce_per_unit / 1000.0
    if tce_factor is None and (gap_benchmark is not None or gap_level1 is not None):
        notes.append(f"no packaged conversion from {unit} to tce: gaps are given in {unit} only / "
                     f"未收录 {unit} 折标准煤的系数：差距仅以 {unit} 给出")
    factors = _level_uses(refdata, gb, ndrc, unit)
    if corrected is not None:
        factors += corrected.factors
    if conversion is not None:
        factors.append(conversion)
    output_unit = gb["output_unit"] if gb is not None else unit.partition("/")[2]
    ndrc_document = None
    if ndrc is not None:
        ndrc_document = refdata.datasets["ndrc_levels"].edition(ndrc["edition"]).source_document
    documents = [d for d in (gb["document"] if gb else None,
                             ndrc_document if ndrc_values else None) if d]
    payload = {"line": line.model_dump(mode="json", exclude=None if line.conditions
                                       else {"conditions"}), "year": year,
               "factors": sorted(f.factor_id for f in factors), "method": METHOD,
               "version": METHOD_VERSION}
    return BenchmarkLine(
        result_id=stable_id("BM-", payload), line_id=line.line_id, year=year,
        product=line.product,
        product_zh=named["product_zh"], indicator=line.indicator, indicator_zh=named["indicator_zh"],
        unit=unit, value=line.value, output_per_year=line.output_per_year, output_unit=output_unit,
        limit_standard=gb["document"] if gb is not None else None,
        limit_edition=gb["edition"] if gb is not None else None,
        level1=level1, level2=level2, level3=level3, limit_level=level,
        ndrc_edition=ndrc["edition"] if ndrc is not None else None,
        ndrc_document=ndrc_document,
        ndrc_area_zh=ndrc["ndrc_area_zh"] if ndrc is not None else None,
        ndrc_benchmark=benchmark, ndrc_baseline=baseline, ndrc_class=klass,
        ndrc_deadline=ndrc["deadline"] if ndrc is not None else None,
        gap_to_benchmark=gap_benchmark,
        gap_tce_per_year=None if gap_benchmark is None or tce_factor is None
        else gap_benchmark * tce_factor,
        gap_to_level1=gap_level1,
        gap_to_level1_tce_per_year=None if gap_level1 is None or tce_factor is None
        else gap_level1 * tce_factor,
        tce_conversion=conversion_text if tce_factor is not None else "",
        source="; ".join(documents), factors=tuple(factors), notes=tuple(notes),
        method=METHOD, method_version=METHOD_VERSION,
    )


def benchmark_lines(lines: Iterable[BenchmarkInput], year: int, refdata: ReferenceData
                    ) -> tuple[BenchmarkLine, ...]:
    """:func:`benchmark_line` for every line, in the given order."""
    return tuple(benchmark_line(line, year, refdata) for line in lines)


def tiered_price_class(value_kwh_per_t: float, year: int, refdata: ReferenceData, *,
                       product: str = "primary_aluminium_liquid",
                       output_t: float | None = None) -> TieredPriceClass:
    """The tiered electricity price class of an electrolytic-aluminium line in ``year``.

    Parameters
    ----------
    value_kwh_per_t
        The consumption the year's rule is keyed on, kWh per t of liquid aluminium
        (铝液综合交流电耗 from 2022, excluding desulphurisation power from 2023; 铝液电解交流电耗
        under the 2013 rule).
    year
        The data year; it picks the threshold (13 650 kWh/t in 2022, 13 450 from 2023,
        13 300 from 2025).
    refdata
        The packaged reference data.
    product
        The product code of the rule (only ``primary_aluminium_liquid`` is packaged).
    output_t
        Optional liquid-aluminium output of the year, t: gives ``surcharge_cny_per_year`` as
        surcharge × consumption × output.

    Raises
    ------
    InputError
        On a negative or non-finite consumption, or an output that is not positive.
    FactorNotFound
        If no rule is packaged for the year (before 2014).
    """
    if not math.isfinite(value_kwh_per_t) or value_kwh_per_t < 0:
        raise _bad(f"the AC power consumption is {value_kwh_per_t} kWh/t; give a value ≥ 0",
                   f"交流电耗为 {value_kwh_per_t} kWh/t，请填写不小于 0 的数值",
                   column="value_kwh_per_t", expected="a value ≥ 0", found=value_kwh_per_t)
    if output_t is not None and (not math.isfinite(output_t) or output_t <= 0):
        raise _bad(f"the aluminium output is {output_t} t; a line that uses power must have a "
                   "positive output — give the year's output or leave it out",
                   f"铝产量为 {output_t} t；有用电的产品线须有正的产量，请填写当年产量或不填",
                   column="output_t", expected="a positive output", found=output_t)
    rows, notes_found = tiered_price_rules(refdata, product, year)
    notes = list(notes_found)
    first = rows[0]
    kind = TieredRuleKind(first["rule_kind"])
    threshold = float(first["threshold_kwh_per_t"])
    excess = max(0.0, value_kwh_per_t - threshold)
    factors = [refdata.use("tiered_pricing", first, name=f"tiered-price threshold from "
                           f"{first['effective_from']}", value_column="threshold_kwh_per_t",
                           unit="kWh/t")]
    step: float | None = None
    steps: int | None = None
    if kind is TieredRuleKind.STEP:
        step = float(first["step_kwh_per_t"])
        steps = tiered_steps(excess, step)
        surcharge = steps * float(first["surcharge_cny_per_kwh"])
        factors.append(refdata.use("tiered_pricing", first, name="surcharge per step",
                                   value_column="surcharge_cny_per_kwh", unit="CNY/kWh"))
    else:
        above = [r for r in rows if value_kwh_per_t > float(r["threshold_kwh_per_t"])]
        surcharge = float(above[-1]["surcharge_cny_per_kwh"]) if above else 0.0
        for r in rows:
            factors.append(refdata.use("tiered_pricing", r, name=f"band surcharge above "
                                       f"{r['threshold_kwh_per_t']} kWh/t",
                                       value_column="surcharge_cny_per_kwh", unit="CNY/kWh"))
        notes.append("a value exactly on a band edge is placed in the lower band; the sources do "
                     "not say which / 恰在分档边界上的数值按较低档计，来源未说明边界归属")
    flags: list[TieredFlag] = []
    if first["part_step_counts_full"] == "true":
        flags.append(TieredFlag.PART_STEP_COUNTS_FULL)
    if first["excludes_desulphurisation_power"] == "true":
        flags.append(TieredFlag.EXCLUDES_DESULPHURISATION_POWER)
    if first["renewable_discount"]:
        flags.append(TieredFlag.RENEWABLE_DISCOUNT_NOT_APPLIED)
        notes.append(f"not applied: {first['renewable_discount']} / 未计入可再生能源比例减免（公式未核实）")
    per_year = None
    if output_t is not None:
        per_year = surcharge * value_kwh_per_t * output_t
        notes.append("surcharge_cny_per_year = surcharge × consumption × output, an estimate of "
                     "the surcharge on the liquid-aluminium production electricity / "
                     "年加价 = 加价标准 × 电耗 × 产量（估算）")
    payload = {"product": product, "year": year, "value": value_kwh_per_t, "output_t": output_t,
               "factors": [f.factor_id for f in factors], "method": METHOD,
               "version": METHOD_VERSION}
    return TieredPriceClass(
        result_id=stable_id("TP-", payload), year=year, product=product,
        indicator=first["indicator_code"], indicator_zh=first["indicator_zh"],
        value_kwh_per_t=value_kwh_per_t, document=first["document"], edition=first["edition"],
        effective_from=first["effective_from"], effective_to=first["effective_to"] or None,
        rule_kind=kind, threshold_kwh_per_t=threshold, step_kwh_per_t=step,
        excess_kwh_per_t=excess, steps=steps, surcharge_cny_per_kwh=surcharge,
        output_t=output_t, surcharge_cny_per_year=per_year, flags=tuple(flags),
        other_rules=first["other_rules"], verification=first["verification"],
        source=first["source"], factors=tuple(factors), notes=tuple(notes),
    )
