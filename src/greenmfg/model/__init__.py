"""Typed domain objects that cross module boundaries (pydantic v2, frozen)."""

from greenmfg.model.activity import ActivityRecord, DataQuality, MeasuredParameters, Period
from greenmfg.model.benchmark import (
    LIMIT_LEVEL_RANK,
    NDRC_CLASS_RANK,
    BenchmarkInput,
    BenchmarkLine,
    BenchmarkReport,
    LimitLevel,
    NdrcClass,
    TieredFlag,
    TieredPriceClass,
    TieredRuleKind,
)
from greenmfg.model.ets import AllocationRule, EtsCompliance, EtsLineage
from greenmfg.model.organisation import Organisation, OrgKind
from greenmfg.model.results import (
    Category,
    EmissionLine,
    EnergyLine,
    FactorUse,
    Intensity,
    Inventory,
    InventoryOptions,
    Lineage,
    MarketBasedScope2,
    Scope,
    SourceTotal,
)

__all__ = [
    "LIMIT_LEVEL_RANK",
    "NDRC_CLASS_RANK",
    "ActivityRecord",
    "AllocationRule",
    "BenchmarkInput",
    "BenchmarkLine",
    "BenchmarkReport",
    "Category",
    "DataQuality",
    "EmissionLine",
    "EnergyLine",
    "EtsCompliance",
    "EtsLineage",
    "FactorUse",
    "Intensity",
    "Inventory",
    "InventoryOptions",
    "LimitLevel",
    "Lineage",
    "MarketBasedScope2",
    "MeasuredParameters",
    "NdrcClass",
    "OrgKind",
    "Organisation",
    "Period",
    "Scope",
    "SourceTotal",
    "TieredFlag",
    "TieredPriceClass",
    "TieredRuleKind",
]
