"""National-ETS compliance of an enterprise-year: verified emissions against allowances."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from greenmfg.model.results import FactorUse


class AllocationRule(StrEnum):
    """How a sector-year's allowances are set."""

    VERIFIED_EMISSIONS = "verified_emissions"  # allowances = verified emissions
    INTENSITY = "intensity"  # benchmark × output × adjustment factors


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EtsLineage(_Frozen):
    """Where an ETS result comes from: the inventory, the allocation rule and every factor.

    ``rule`` is ``verified_emissions`` (allowances equal the verified emissions) or
    ``intensity`` (benchmark × output × adjustment); ``benchmark_tco2_per_t`` is None when the
    benchmark is neither packaged nor given. ``output_t`` and the benchmark are per
    ``output_unit`` of the allocation product (t; MWh of power supplied for the power sector —
    the field names predate power). ``heat_supplied_gj`` and ``heat_benchmark_tco2_per_gj`` are
    the heat part of a power plant's allocation (0 / None elsewhere).
    """

    result_id: str
    method: str
    method_version: str
    inventory_result_id: str
    covered: str
    rule: AllocationRule
    output_item: str
    output_t: float
    benchmark_tco2_per_t: float | None
    adjustment: float
    factors: tuple[FactorUse, ...]
    notes: tuple[str, ...]
    greenmfg_version: str
    output_unit: str = "t"
    heat_supplied_gj: float = 0.0
    heat_benchmark_tco2_per_gj: float | None = None


class EtsCompliance(_Frozen):
    """Allowances against verified emissions (tCO2e); ``surplus_t`` < 0 is a deficit.

    ``allowance_t`` and ``surplus_t`` are None when the year's benchmark is not known.
    """

    org: str
    year: int
    sector: str
    verified_emissions_t: float
    allowance_t: float | None
    surplus_t: float | None
    ccer_limit_t: float
    lineage: EtsLineage
