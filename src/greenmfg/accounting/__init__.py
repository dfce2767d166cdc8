"""GHG accounting methods: ``gbt32150`` (general) and the sector methods under ``sectors``;
national-ETS compliance in ``ets``."""

from greenmfg.accounting.ets import ets_compliance
from greenmfg.accounting.inventory import compute_inventory
from greenmfg.accounting.method import Method, Sector
from greenmfg.accounting.registry import (
    METHODS,
    SECTORS,
    method_for,
    resolve_method,
    sector,
    sector_of,
)

__all__ = ["METHODS", "SECTORS", "Method", "Sector", "compute_inventory", "ets_compliance",
           "method_for", "resolve_method", "sector", "sector_of"]
