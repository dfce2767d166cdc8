"""Packaged, versioned reference data: fuels, grid factors, GWP sets, coal equivalents.

Every dataset is a CSV under ``data/`` listed in ``data/manifest.json`` with its source
document, edition, validity, licence and verification level; every row carries its own
``verification`` flag (V verified, R transcribed, R-weak, U unverified).
"""

from greenmfg.refdata.catalogue import Item, ItemCategory
from greenmfg.refdata.loader import Dataset, Edition, ReferenceData, reference_data

__all__ = ["Dataset", "Edition", "Item", "ItemCategory", "ReferenceData", "reference_data"]
