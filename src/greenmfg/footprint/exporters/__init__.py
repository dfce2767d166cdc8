"""Writing LCA data: openLCA JSON-LD (olca-schema 2)."""

from greenmfg.footprint.exporters.jsonld import export_jsonld, jsonld_documents

__all__ = ["export_jsonld", "jsonld_documents"]
