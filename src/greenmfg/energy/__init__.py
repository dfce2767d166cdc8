"""Energy engines: comprehensive energy consumption (GB/T 2589-2020), product lines and
benchmarking against the GB limit standards and the NDRC benchmark / baseline levels."""

from greenmfg.energy.benchmark import (
    benchmark_line,
    benchmark_lines,
    limit_level,
    ndrc_class,
    tiered_price_class,
    tiered_steps,
)
from greenmfg.energy.consumption import STANDARD_COAL_GJ_PER_T, EnergyDraft, energy_drafts
from greenmfg.energy.product_lines import RULES, LineRule, product_line_inputs

__all__ = [
    "RULES",
    "STANDARD_COAL_GJ_PER_T",
    "EnergyDraft",
    "LineRule",
    "benchmark_line",
    "benchmark_lines",
    "energy_drafts",
    "limit_level",
    "ndrc_class",
    "product_line_inputs",
    "tiered_price_class",
    "tiered_steps",
]
