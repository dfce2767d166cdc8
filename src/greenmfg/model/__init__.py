"""Typed domain objects that cross module boundaries (pydantic v2, frozen)."""

from greenmfg.model.activity import ActivityRecord, DataQuality, MeasuredParameters, Period
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
    "ActivityRecord",
    "Category",
    "DataQuality",
    "EmissionLine",
    "EnergyLine",
    "FactorUse",
    "Intensity",
    "Inventory",
    "InventoryOptions",
    "Lineage",
    "MarketBasedScope2",
    "MeasuredParameters",
    "OrgKind",
    "Organisation",
    "Period",
    "Scope",
    "SourceTotal",
]
