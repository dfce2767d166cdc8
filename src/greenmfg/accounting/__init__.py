"""GHG accounting methods; ``gbt32150`` is the general method for industrial enterprises."""

from greenmfg.accounting.inventory import compute_inventory

__all__ = ["compute_inventory"]
