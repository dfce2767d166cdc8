"""Workspace back ends: a DuckDB file (default) or PostgreSQL, schema migrations, the audit log."""

from greenmfg.store.backend import Backend, is_database_url, open_backend
from greenmfg.store.duckdb_store import AuditEntry, DuckDBStore, ImportSummary, Store, WriteCounts
from greenmfg.store.lca import LcaStore, StoredLcaDatabase

__all__ = ["AuditEntry", "Backend", "DuckDBStore", "ImportSummary", "LcaStore", "Store",
           "StoredLcaDatabase", "WriteCounts", "is_database_url", "open_backend"]
