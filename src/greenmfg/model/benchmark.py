"""Energy-efficiency benchmarking results: GB limit level, NDRC class and tiered price class.

A line's unit-product energy consumption is classed twice, never merged: against the national
energy-consumption limit standard (GB, levels 1 / 2 / 3) and against the NDRC benchmark and
baseline levels. Every level used travels with the result as a :class:`FactorUse`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from greenmfg.model.results import FactorUse

LimitLevel = Literal[1, 2, 3, "fail"]
"""GB limit class: 1 (≤ level 1, advanced), 2 (≤ level 2, new-plant access), 3 (≤ level 3,
the limit for existing plants) or ``"fail"`` (worse than level 3). Kept as 1/2/3/"fail" because
that is the value the ``benchmark --format json`` contract publishes."""

LIMIT_LEVEL_RANK: dict[LimitLevel, int] = {1: 0, 2: 1, 3: 2, "fail": 3}
"""Order of :data:`LimitLevel` from best to worst."""


class NdrcClass(StrEnum):
    """Where a line stands against the NDRC levels (lower energy is better)."""

    BENCHMARK = "benchmark"  # at or better than the benchmark level (标杆水平)
    BETWEEN = "between"  # worse than the benchmark, not worse than the baseline
    BELOW_BASELINE = "below_baseline"  # worse than the baseline level (基准水平): retrofit or exit


NDRC_CLASS_RANK: dict[NdrcClass, int] = {
    NdrcClass.BENCHMARK: 0, NdrcClass.BETWEEN: 1, NdrcClass.BELOW_BASELINE: 2,
}
"""Order of :class:`NdrcClass` from best to worst."""


class TieredRuleKind(StrEnum):
    """How a tiered electricity price rule turns consumption into a surcharge."""

    STEP = "step"  # a surcharge per step (or part-step) above a threshold (发改价格〔2021〕1239号)
    BAND = "band"  # a flat surcharge per band (发改价格〔2013〕2530号)


class TieredFlag(StrEnum):
    """Conditions of a tiered price rule that a reader must know."""

    PART_STEP_COUNTS_FULL = "part_step_counts_full"
    EXCLUDES_DESULPHURISATION_POWER = "excludes_desulphurisation_power"
    RENEWABLE_DISCOUNT_NOT_APPLIED = "renewable_discount_not_applied"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BenchmarkInput(_Frozen):
    """One product line to benchmark.

    ``value`` is the unit-product indicator in the unit of the indicator's standard (``unit``,
    e.g. kgce/t); ``output_per_year`` is the line's annual output in the indicator's
    denominator unit (t for kgce/t, m2 for kgce/m2, weight cases for kgce/重量箱).
    """

    line_id: str = ""
    product: str
    indicator: str
    value: float
    unit: str | None = None
    output_per_year: float
    corrections_applied: bool = False
    conditions: dict[str, float] = Field(default_factory=dict)
    """Conditions of the line that the limit standard's corrections need (``clinker_ratio``,
    ``altitude_m``, ``pressure_kpa``, ``feed_grade`` …; see
    :mod:`greenmfg.energy.limit_corrections`)."""


class BenchmarkLine(_Frozen):
    """One line classed against its GB limit standard and the NDRC levels of the year.

    Levels, values and gaps are in ``unit`` (the indicator's unit); tce figures are tonnes
    of standard coal per year. ``None`` means "no such level packaged" and is explained in
    ``notes``.
    """

    result_id: str
    line_id: str
    year: int
    product: str
    product_zh: str
    indicator: str
    indicator_zh: str
    unit: str
    value: float
    output_per_year: float
    output_unit: str
    limit_standard: str | None
    limit_edition: str | None
    level1: float | None
    level2: float | None
    level3: float | None
    limit_level: LimitLevel | None
    ndrc_edition: str | None
    ndrc_document: str | None
    ndrc_area_zh: str | None
    ndrc_benchmark: float | None
    ndrc_baseline: float | None
    ndrc_class: NdrcClass | None
    ndrc_deadline: str | None
    gap_to_benchmark: float | None
    gap_tce_per_year: float | None
    gap_to_level1: float | None
    gap_to_level1_tce_per_year: float | None
    tce_conversion: str
    source: str
    factors: tuple[FactorUse, ...]
    notes: tuple[str, ...]
    method: str
    method_version: str


class TieredPriceClass(_Frozen):
    """The electrolytic-aluminium tiered electricity price class of one year.

    ``value_kwh_per_t`` is the consumption the rule is keyed on (``indicator_zh``); the
    surcharge is in CNY per kWh of the liquid-aluminium production electricity.
    """

    result_id: str
    year: int
    product: str
    indicator: str
    indicator_zh: str
    value_kwh_per_t: float
    document: str
    edition: str
    effective_from: str
    effective_to: str | None
    rule_kind: TieredRuleKind
    threshold_kwh_per_t: float
    step_kwh_per_t: float | None
    excess_kwh_per_t: float
    steps: int | None
    surcharge_cny_per_kwh: float
    output_t: float | None
    surcharge_cny_per_year: float | None
    flags: tuple[TieredFlag, ...]
    other_rules: str
    verification: str
    source: str
    factors: tuple[FactorUse, ...]
    notes: tuple[str, ...]


class BenchmarkReport(_Frozen):
    """An enterprise's product lines against the limit standards and NDRC levels for a year."""

    org: str
    org_name: str
    year: int
    lines: tuple[BenchmarkLine, ...]
    tiered_price: tuple[TieredPriceClass, ...]
