"""Energy engines: comprehensive energy consumption per GB/T 2589-2020 and intensities."""

from greenmfg.energy.benchmark import (
    benchmark_line,
    benchmark_lines,
    limit_level,
    ndrc_class,
    tiered_price_class,
    tiered_steps,
)
from greenmfg.energy.consumption import STANDARD_COAL_GJ_PER_T, EnergyDraft, energy_drafts

__all__ = ["STANDARD_COAL_GJ_PER_T", "EnergyDraft", "energy_drafts"]
__all__ += [
    "benchmark_line",
    "benchmark_lines",
    "limit_level",
    "ndrc_class",
    "tiered_price_class",
    "tiered_steps",
]
