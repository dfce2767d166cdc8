"""National-ETS compliance: allowances from the sector's allocation rule against verified
emissions, the surplus or deficit, and the CCER offset limit.

- **Verified emissions** are the covered emissions of the sector's ETS inventory: its direct
  (scope 1) emissions — fuel combustion and process, PFCs for aluminium, the carbon balance for
  steel. That indirect electricity is not covered is the reading packaged with flag U. For
  power the guideline's emissions — combustion and purchased electricity — are covered (rule
  ``covered_total``, U).
- **Allowances** follow the allocation rule of the sector and year
  (《2024、2025年度全国碳排放权交易市场钢铁、水泥、铝冶炼行业配额总量和分配方案》):
  2024 allowances equal the verified emissions; 2025 allowances are intensity-based,
  ``A = B × Q × F`` (benchmark tCO2/t × output t × adjustment factors). The 2025 benchmarks were
  not found, so ``B`` must come from the allocation notice (``benchmark_tco2_per_t``); without it
  the allowance is unknown (None), never guessed. Steel is accounted under GB/T 32151.5-2015
  (no national-ETS steel guideline was found).
- **Power** (2023 and 2024, the power plan as recalled, U):
  ``A = B_e × Q_e × F + B_h × Q_h`` — benchmark tCO2/MWh × power supplied × the correction
  factors, plus the heat benchmark tCO2/GJ × heat supplied (``heat_exported``). No benchmark is
  packaged: ``B_e`` and ``B_h`` come from the allocation notice. A plant that supplied heat
  needs both; the heat/power split of a CHP plant's emissions is not needed for allocation.
- **CCER offsets** may cover at most 5 % of the allowances due, i.e. of the verified emissions
  (《碳排放权交易管理办法（试行）》, secondary pages).

References
----------
MEE, 《碳排放权交易管理办法（试行）》, in force 2021-02-01.
MEE, 2024–2025 allocation plan for steel, cement and aluminium (issued around 2025-11-18).
MEE, 2023–2024 allocation plan for power generation (recalled, not read).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from greenmfg import __version__
from greenmfg._internal.hashing import stable_id
from greenmfg._internal.numbers import g
from greenmfg.accounting.method import Sector
from greenmfg.accounting.registry import resolve_method
from greenmfg.errors import InputError, OptionError
from greenmfg.model import (
    ActivityRecord,
    AllocationRule,
    EtsCompliance,
    EtsLineage,
    FactorUse,
    Inventory,
    Period,
)
from greenmfg.refdata import ReferenceData
from greenmfg.refdata.sectors import (
    allocation_rule,
    ccer_offset_limit,
    covered_share,
    covers_indirect,
    heat_allocation_rule,
)

Row = dict[str, str]

__all__ = ["ets_compliance", "user_benchmark"]


def user_benchmark(value: float, product: str, unit: str = "tCO2/t") -> FactorUse:
    """A benchmark typed in by the user from the allocation notice, recorded as such."""
    per = unit.split("/", 1)[1]
    return FactorUse(
        factor_id=f"user:ets_benchmark:{product}", dataset="user", edition="user",
        name=f"allocation benchmark per {per} {product} (given by the user)",
        value=value, unit=unit, document="the enterprise's allocation notice",
        verification="user-supplied")


def _output(records: Sequence[ActivityRecord], org: str, year: int, item: str) -> float:
    """The year's output of ``item`` (canonical unit) in the enterprise's records."""
    return math.fsum(r.quantity_canonical for r in records
                     if r.item == item and r.org_code == org
                     and Period.parse(r.period).year == year)


# the 2025 cement exceptions of the 2024-2025 allocation plan (V-secondary: DIGEST §1.3), and the
# activity items that show a line may fall under one; the treatment itself was not found
_CEMENT_2025_EXCEPTIONS = (
    ("clinker_white", "white Portland clinker lines", "白色硅酸盐水泥熟料生产线"),
    ("carbide_slag", "lines substituting carbide slag for more than 15 % (share as defined by the "
                     "plan)", "电石渣替代比例超过 15% 的生产线"),
)
_OTHER_CLINKER = ("clinker_white", "clinker_sulphoaluminate", "clinker_aluminate")


def _cement_2025_notes(records: Sequence[ActivityRecord], org: str, year: int,
                       product: str) -> list[str]:
    """Notes on the 2025 cement exceptions and the clinker types outside the output."""
    notes: list[str] = []
    for item, en, zh in _CEMENT_2025_EXCEPTIONS:
        amount = _output(records, org, year, item)
        if amount > 0:
            notes.append(
                f"{year}: {g(amount)} t {item} recorded — the allocation plan treats {en} as an "
                "exception; how was not found, so the exception is not applied: check the "
                f"allocation notice / 记录了 {g(amount)} t {item}：分配方案对{zh}另有规定，"
                "具体处理未找到，未应用，请核对配额通知")
    others = [(i, _output(records, org, year, i)) for i in _OTHER_CLINKER]
    others = [(i, q) for i, q in others if q > 0]
    if others:
        listed = ", ".join(f"{g(q)} t {i}" for i, q in others)
        notes.append(f"{year}: the allocation output is {product} (Portland clinker) only; "
                     f"{listed} are not in it / 配额产量仅计硅酸盐水泥熟料，{listed} 未计入")
    return notes


def _benchmark(refdata: ReferenceData, rule: Row, given: float | None) -> FactorUse | None:
    """The benchmark of an intensity rule: the user's, else the packaged one, else None."""
    if given is not None:
        return user_benchmark(given, rule["product"], rule["unit"])
    if rule["value"].strip():
        return refdata.use("ets_allocation", rule, name=f"{rule['year']} benchmark",
                           value_column="value", unit=rule["unit"])
    return None


def _check_numbers(benchmark: float | None, heat_benchmark: float | None,
                   adjustment: float) -> None:
    given = [b for b in (benchmark, heat_benchmark) if b is not None]
    if all(b >= 0 for b in given) and adjustment > 0:
        return
    found = ", ".join(g(x) for x in (*given, adjustment))
    raise OptionError(f"benchmarks ({', '.join(g(b) for b in given)}) and adjustment "
                      f"{g(adjustment)} must be benchmarks ≥ 0 and a factor > 0",
                      "基准值应不小于 0，调整系数应大于 0", expected="benchmark ≥ 0, adjustment > 0",
                      found=found)


def ets_compliance(inventory: Inventory, records: Sequence[ActivityRecord],
                   refdata: ReferenceData, sector: Sector, *,
                   benchmark_tco2_per_t: float | None = None,
                   adjustment: float = 1.0,
                   heat_benchmark_tco2_per_gj: float | None = None) -> EtsCompliance:
    """Allowances, surplus and CCER limit of an enterprise-year.

    Parameters
    ----------
    inventory
        The enterprise-year inventory under the sector's ETS method.
    records
        The enterprise's activity records (the output of the allocation product is summed).
    refdata
        Packaged reference data (allocation rules, covered share, CCER limit).
    sector
        The enterprise's sector.
    benchmark_tco2_per_t
        Benchmark of an intensity-based year, tCO2 per unit of the allocation product (t; MWh
        of power supplied for power), from the allocation notice; only for intensity-based
        years.
    adjustment
        Product of the allocation's adjustment factors (dimensionless), with the benchmark
        (for power: the cooling, heat-supply and load corrections of the power part).
    heat_benchmark_tco2_per_gj
        Heat benchmark, tCO2 per GJ of heat supplied, for a sector-year with a heat rule
        (power); needed when heat was supplied.

    Returns
    -------
    EtsCompliance
        Tonnes CO2e; ``allowance_t`` and ``surplus_t`` are None where a benchmark is unknown.

    Raises
    ------
    OptionError
        If the inventory is not under the sector's method, or a benchmark is given for a year
        whose allowances equal the verified emissions (or a heat benchmark without heat rule).
    InputError
        If an intensity-based year has no output of the allocation product.
    """
    method = resolve_method(sector.ets_method)
    if (inventory.lineage.method, inventory.lineage.method_version) != (method.code,
                                                                          method.edition):
        raise OptionError(
            f"ETS compliance of {sector.code} needs the {method.method_id} inventory, not "
            f"{inventory.lineage.method} {inventory.lineage.method_version}",
            f"{sector.name_zh}行业的履约计算需要 {method.method_id} 清单",
            expected=method.method_id, found=inventory.lineage.method)
    _check_numbers(benchmark_tco2_per_t, heat_benchmark_tco2_per_gj, adjustment)
    year = inventory.year
    rule = allocation_rule(refdata, sector.code, year)
    heat_rule = heat_allocation_rule(refdata, sector.code, year)
    if heat_benchmark_tco2_per_gj is not None and heat_rule is None:
        raise OptionError(
            f"{year} {sector.code} allowances have no heat part; --heat-benchmark does not apply",
            f"{year} 年{sector.name_zh}配额没有供热部分，不适用供热基准值",
            expected="no --heat-benchmark", found=g(heat_benchmark_tco2_per_gj))
    kind = AllocationRule(rule["rule"])
    covered = covered_share(refdata, sector.code)
    indirect = covers_indirect(refdata, sector.code)
    scope_t = inventory.scope1_co2e_t + (inventory.scope2_location_co2e_t if indirect else 0.0)
    verified_t = scope_t * covered.value
    covered_text = "direct and indirect (scope 1 and 2)" if indirect else "direct (scope 1)"
    # the output is summed in the item's canonical unit (t, MWh); the rule's unit names the
    # allowance per output ("t allowance/t verified" in verified-emissions years) and is not one
    product = rule["product"]
    unit = refdata.items[product].canonical_unit
    output = _output(records, inventory.org, year, product)
    factors: list[FactorUse] = [covered]
    notes = [f"verified emissions = {covered_text} emissions of {method.method_id} × "
             f"{g(covered.value)} covered [{covered.verification}: "
             + ("purchased electricity covered" if indirect else "indirect electricity not "
                "covered") + " is unverified] / 核证排放量取"
             + ("直接和间接排放（未核实）" if indirect else "直接排放（未核实：间接排放不纳入）")]
    allowance_t: float | None
    benchmark: FactorUse | None = None
    heat_benchmark: FactorUse | None = None
    heat_gj = 0.0
    if kind is AllocationRule.VERIFIED_EMISSIONS:
        if benchmark_tco2_per_t is not None:
            raise OptionError(
                f"{year} {sector.code} allowances equal the verified emissions; --benchmark "
                "does not apply", f"{year} 年{sector.name_zh}配额等于核证排放量，不适用基准值",
                expected="no --benchmark", found=g(benchmark_tco2_per_t))
        use = refdata.use("ets_allocation", rule, name=f"{year} allowances = verified emissions",
                          value_column="value", unit=rule["unit"])
        factors.append(use)
        allowance_t = verified_t * use.value
        notes.append(f"{year}: allowances = {g(use.value)} × verified emissions "
                     f"[{use.verification}] / {year} 年配额等于核证排放量")
    else:
        if output <= 0:
            raise InputError(
                f"{inventory.org} {year}: the {sector.code} allocation is per {unit} of "
                f"{product}, but no {product} output is recorded; record the year's {product} "
                "output",
                f"{inventory.org} {year} 年：{sector.name_zh}配额按 {product} 产量分配，但没有产量记录",
                expected=f"{product} output > 0", found="0")
        if sector.code == "cement":
            notes += _cement_2025_notes(records, inventory.org, year, product)
        benchmark = _benchmark(refdata, rule, benchmark_tco2_per_t)
        heat_part_t: float | None = 0.0
        if heat_rule is not None:
            heat_gj = _output(records, inventory.org, year, heat_rule["product"])
            heat_benchmark = _benchmark(refdata, heat_rule, heat_benchmark_tco2_per_gj)
            if heat_benchmark is not None:
                factors.append(heat_benchmark)
                heat_part_t = heat_benchmark.value * heat_gj
                notes.append(f"{year}: heat allowances = {g(heat_benchmark.value)} tCO2/GJ × "
                             f"{g(heat_gj)} GJ {heat_rule['product']} = {g(heat_part_t)} t "
                             f"[{heat_benchmark.verification}]")
            elif heat_gj > 0:
                heat_part_t = None
                notes.append(
                    f"{year} {sector.code}: {g(heat_gj)} GJ of heat supplied need the heat "
                    "benchmark, which is not packaged; give --heat-benchmark (tCO2/GJ) from the "
                    f"allocation notice / {year} 年供热量需要供热基准值，请用 --heat-benchmark 提供")
        if benchmark is None:
            allowance_t = None
            notes.append(
                f"{year} {sector.code} allowances are intensity-based (benchmark × {product} "
                "output × adjustment), but the benchmark was not found in the sources and is not "
                "packaged; give --benchmark (and --adjustment) from the allocation notice / "
                f"{year} 年配额按强度分配，基准值未内置，请用 --benchmark 提供配额通知中的基准值")
        else:
            factors.append(benchmark)
            main_t = benchmark.value * output * adjustment
            allowance_t = None if heat_part_t is None else main_t + heat_part_t
            notes.append(f"{year}: allowances = {g(benchmark.value)} {benchmark.unit} × "
                         f"{g(output)} {unit} {product} × {g(adjustment)} = {g(main_t)} t "
                         f"[{benchmark.verification}]")
    ccer = ccer_offset_limit(refdata)
    factors.append(ccer)
    notes.append(f"CCER offsets ≤ {g(ccer.value)} × verified emissions [{ccer.verification}: "
                 "secondary pages] / CCER 抵销不超过应清缴配额的 5%")
    surplus_t = None if allowance_t is None else allowance_t - verified_t
    payload = {"inventory": inventory.lineage.result_id, "sector": sector.code, "year": year,
               "rule": rule["factor_id"], "output_t": output, "adjustment": adjustment,
               "factors": [[f.factor_id, f.edition, f.value] for f in factors]}
    if heat_rule is not None:
        payload["heat_gj"] = heat_gj
    return EtsCompliance(
        org=inventory.org, year=year, sector=sector.code, verified_emissions_t=verified_t,
        allowance_t=allowance_t, surplus_t=surplus_t, ccer_limit_t=verified_t * ccer.value,
        lineage=EtsLineage(
            result_id=stable_id("ETS-", payload), method=method.code,
            method_version=method.edition, inventory_result_id=inventory.lineage.result_id,
            covered=covered_text, rule=kind, output_item=product,
            output_t=output, benchmark_tco2_per_t=benchmark.value if benchmark else None,
            adjustment=adjustment, factors=tuple(factors), notes=tuple(notes),
            greenmfg_version=__version__, output_unit=unit, heat_supplied_gj=heat_gj,
            heat_benchmark_tco2_per_gj=heat_benchmark.value if heat_benchmark else None))
