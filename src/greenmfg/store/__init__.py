"""Workspace back ends: the embedded DuckDB file (default), schema migrations, the audit log."""

from greenmfg.store.duckdb_store import AuditEntry, DuckDBStore, ImportSummary, WriteCounts
from greenmfg.store.lca import LcaStore, StoredLcaDatabase

__all__ = ["AuditEntry", "DuckDBStore", "ImportSummary", "LcaStore", "StoredLcaDatabase",
           "WriteCounts"]
