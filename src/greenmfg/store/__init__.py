"""Workspace back ends: the embedded DuckDB file (default), schema migrations, the audit log."""

from greenmfg.store.duckdb_store import AuditEntry, DuckDBStore, ImportSummary, WriteCounts

__all__ = ["AuditEntry", "DuckDBStore", "ImportSummary", "WriteCounts"]
