"""National-ETS compliance: allowances from the sector's allocation rule against verified
emissions, the surplus or deficit, and the CCER offset limit.

- **Verified emissions** are the covered emissions of the sector's ETS inventory: its direct
  (scope 1) emissions — fuel combustion and process, PFCs for aluminium. That indirect
  electricity is not covered is the reading packaged with flag U.
- **Allowances** follow the allocation rule of the sector and year
  (《2024、2025年度全国碳排放权交易市场钢铁、水泥、铝冶炼行业配额总量和分配方案》):
  2024 allowances equal the verified emissions; 2025 allowances are intensity-based,
  ``A = B × Q × F`` (benchmark tCO2/t × output t × adjustment factors). The 2025 benchmarks were
  not found, so ``B`` must come from the allocation notice (``benchmark_tco2_per_t``); without it
  the allowance is unknown (None), never guessed.
- **CCER offsets** may cover at most 5 % of the allowances due, i.e. of the verified emissions
  (《碳排放权交易管理办法（试行）》, secondary pages).

References
----------
MEE, 《碳排放权交易管理办法（试行）》, in force 2021-02-01.
MEE, 2024–2025 allocation plan for steel, cement and aluminium (issued around 2025-11-18).
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
from greenmfg.refdata.sectors import allocation_rule, ccer_offset_limit, covered_share

__all__ = ["ets_compliance", "user_benchmark"]


def user_benchmark(value_tco2_per_t: float, product: str) -> FactorUse:
    """A benchmark typed in by the user from the allocation notice, recorded as such."""
    return FactorUse(
        factor_id=f"user:ets_benchmark:{product}", dataset="user", edition="user",
        name=f"allocation benchmark per t {product} (given by the user)",
        value=value_tco2_per_t, unit="tCO2/t", document="the enterprise's allocation notice",
        verification="user-supplied")


def ets_compliance(inventory: Inventory, records: Sequence[ActivityRecord],
                   refdata: ReferenceData, sector: Sector, *,
                   benchmark_tco2_per_t: float | None = None,
                   adjustment: float = 1.0) -> EtsCompliance:
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
        Benchmark of an intensity-based year, tCO2 per t of the allocation product, from the
        allocation notice; only for intensity-based years.
    adjustment
        Product of the allocation's adjustment factors (dimensionless), with the benchmark.

    Returns
    -------
    EtsCompliance
        Tonnes CO2e; ``allowance_t`` and ``surplus_t`` are None where the benchmark is unknown.

    Raises
    ------
    OptionError
        If the inventory is not under the sector's method, or a benchmark is given for a year
        whose allowances equal the verified emissions.
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
    if benchmark_tco2_per_t is not None and not (benchmark_tco2_per_t >= 0 and adjustment > 0):
        raise OptionError(f"benchmark {g(benchmark_tco2_per_t)} tCO2/t and adjustment "
                          f"{g(adjustment)} must be a benchmark ≥ 0 and a factor > 0",
                          "基准值应不小于 0，调整系数应大于 0", expected="benchmark ≥ 0, adjustment > 0",
                          found=f"{g(benchmark_tco2_per_t)}, {g(adjustment)}")
    year = inventory.year
    rule = allocation_rule(refdata, sector.code, year)
    kind = AllocationRule(rule["rule"])
    covered = covered_share(refdata, sector.code)
    verified_t = inventory.scope1_co2e_t * covered.value
    product = rule["product"]
    output_t = math.fsum(r.quantity_canonical for r in records
                         if r.item == product and r.org_code == inventory.org
                         and Period.parse(r.period).year == year)
    factors: list[FactorUse] = [covered]
    notes = [f"verified emissions = direct (scope 1) emissions of {method.method_id} × "
             f"{g(covered.value)} covered [{covered.verification}: indirect electricity not "
             "covered is unverified] / 核证排放量取直接排放（未核实：间接排放不纳入）"]
    allowance_t: float | None
    benchmark: FactorUse | None = None
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
        if output_t <= 0:
            raise InputError(
                f"{inventory.org} {year}: the {sector.code} allocation is per t of {product}, "
                f"but no {product} output is recorded; record the year's {product} output",
                f"{inventory.org} {year} 年：{sector.name_zh}配额按 {product} 产量分配，但没有产量记录",
                expected=f"{product} output > 0", found="0")
        if benchmark_tco2_per_t is not None:
            benchmark = user_benchmark(benchmark_tco2_per_t, product)
        elif rule["value"].strip():
            benchmark = refdata.use("ets_allocation", rule, name=f"{year} benchmark",
                                    value_column="value", unit=rule["unit"])
        if benchmark is None:
            allowance_t = None
            notes.append(
                f"{year} {sector.code} allowances are intensity-based (benchmark × {product} "
                "output × adjustment), but the benchmark was not found in the sources and is not "
                "packaged; give --benchmark (and --adjustment) from the allocation notice / "
                f"{year} 年配额按强度分配，基准值未内置，请用 --benchmark 提供配额通知中的基准值")
        else:
            factors.append(benchmark)
            allowance_t = benchmark.value * output_t * adjustment
            notes.append(f"{year}: allowances = {g(benchmark.value)} tCO2/t × {g(output_t)} t "
                         f"{product} × {g(adjustment)} = {g(allowance_t)} t "
                         f"[{benchmark.verification}]")
    ccer = ccer_offset_limit(refdata)
    factors.append(ccer)
    notes.append(f"CCER offsets ≤ {g(ccer.value)} × verified emissions [{ccer.verification}: "
                 "secondary pages] / CCER 抵销不超过应清缴配额的 5%")
    surplus_t = None if allowance_t is None else allowance_t - verified_t
    payload = {"inventory": inventory.lineage.result_id, "sector": sector.code, "year": year,
               "rule": rule["factor_id"], "output_t": output_t, "adjustment": adjustment,
               "factors": [[f.factor_id, f.edition, f.value] for f in factors]}
    return EtsCompliance(
        org=inventory.org, year=year, sector=sector.code, verified_emissions_t=verified_t,
        allowance_t=allowance_t, surplus_t=surplus_t, ccer_limit_t=verified_t * ccer.value,
        lineage=EtsLineage(
            result_id=stable_id("ETS-", payload), method=method.code,
            method_version=method.edition, inventory_result_id=inventory.lineage.result_id,
            covered="direct (scope 1)", rule=kind, output_item=product,
            output_t=output_t, benchmark_tco2_per_t=benchmark.value if benchmark else None,
            adjustment=adjustment, factors=tuple(factors), notes=tuple(notes),
            greenmfg_version=__version__))
