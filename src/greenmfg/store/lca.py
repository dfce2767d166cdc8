"""Imported LCA databases in the workspace (schema version 3, ``0003_lca.sql``).

A database is written whole, in Arrow batches, inside the caller's transaction (the workspace
wraps an import in one, so it lands whole or not at all). Writing a database whose content hash
equals the stored one changes nothing: re-importing the same file is idempotent. Reading one back
gives an :class:`~greenmfg.footprint.database.LcaDatabase` with the same content hash, so the
engine's caches keyed by that hash stay valid.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import pyarrow as pa

from greenmfg.errors import NotFoundError
from greenmfg.footprint.database import (
    EXCHANGE_SCHEMA,
    FACTOR_SCHEMA,
    FLOW_SCHEMA,
    METHOD_SCHEMA,
    PROCESS_SCHEMA,
    LcaDatabase,
)
from greenmfg.store.backend import Backend

__all__ = ["LcaStore", "StoredLcaDatabase"]

_TABLES = (("processes", "lca_processes", PROCESS_SCHEMA), ("flows", "lca_flows", FLOW_SCHEMA),
           ("exchanges", "lca_exchanges", EXCHANGE_SCHEMA),
           ("methods", "lca_methods", METHOD_SCHEMA), ("factors", "lca_factors", FACTOR_SCHEMA))

WriteStatus = Literal["inserted", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class StoredLcaDatabase:
    """One stored database: where it came from, when, its counts and its import report."""

    database_id: str
    name: str
    source_format: str
    file_name: str
    file_sha256: str
    content_hash: str
    flow_list_edition: str
    imported_at: datetime
    actor: str
    counts: dict[str, int]
    report: dict[str, Any]


class LcaStore:
    """LCA databases on the workspace's database (DuckDB or PostgreSQL)."""

    def __init__(self, connection: Backend) -> None:
        self._con = connection

    def content_hash(self, database_id: str) -> str | None:
        """The stored content hash of a database, or ``None`` when it is not stored."""
        rows = self._con.rows("SELECT content_hash FROM lca_databases WHERE database_id = ?",
                              [database_id])
        return str(rows[0][0]) if rows else None

    def write(self, database: LcaDatabase, report: dict[str, Any], *, file_name: str,
              file_sha256: str, flow_list_edition: str, actor: str,
              at: datetime | None = None) -> WriteStatus:
        """Store a database unless the same content is already stored under its id.

        Run inside a transaction: the old rows are deleted and the new ones inserted as one.
        """
        before = self.content_hash(database.database_id)
        if before == database.content_hash:
            return "unchanged"
        self._delete(database.database_id)
        for attribute, table_name, schema in _TABLES:
            table: pa.Table = getattr(database, attribute)
            if table.num_rows == 0:
                continue
            batch = table.select(schema.names).append_column(
                "database_id", pa.array([database.database_id] * table.num_rows, pa.string()))
            self._con.insert_arrow(table_name, batch)
        counts = database.counts
        stamp = (at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
        self._con.execute(
            "INSERT INTO lca_databases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [database.database_id, database.name, database.source_format, file_name, file_sha256,
             database.content_hash, flow_list_edition, stamp, actor, counts["processes"],
             counts["flows"], counts["exchanges"], counts["methods"], counts["factors"],
             json.dumps(report, ensure_ascii=False, sort_keys=True)])
        return "inserted" if before is None else "updated"

    def _delete(self, database_id: str) -> None:
        for _, table_name, _ in _TABLES:
            self._con.execute(f"DELETE FROM {table_name} WHERE database_id = ?", [database_id])
        self._con.execute("DELETE FROM lca_databases WHERE database_id = ?", [database_id])

    def databases_with_process(self, wanted: str) -> list[str]:
        """Ids of the stored databases with a process whose id, code or name is ``wanted``."""
        rows = self._con.rows(
            "SELECT DISTINCT database_id FROM lca_processes WHERE process_id = ? OR "
            "(code <> '' AND code = ?) OR lower(name) = lower(?)", [wanted, wanted, wanted])
        return sorted(str(r[0]) for r in rows)

    def delete(self, database_id: str) -> None:
        """Remove a stored database (run inside a transaction)."""
        if self.content_hash(database_id) is None:
            raise self._missing(database_id)
        self._delete(database_id)

    def databases(self) -> list[StoredLcaDatabase]:
        """The stored databases, by id."""
        rows = sorted(self._con.rows(
            "SELECT database_id, name, source_format, file_name, file_sha256, content_hash, "
            "flow_list_edition, imported_at_utc, actor, process_count, flow_count, "
            "exchange_count, method_count, factor_count, report FROM lca_databases"),
            key=lambda r: str(r[0]))
        return [StoredLcaDatabase(
            database_id=r[0], name=r[1], source_format=r[2], file_name=r[3], file_sha256=r[4],
            content_hash=r[5], flow_list_edition=r[6], imported_at=r[7].replace(tzinfo=UTC),
            actor=r[8], counts={"processes": r[9], "flows": r[10], "exchanges": r[11],
                                "methods": r[12], "factors": r[13]},
            report=json.loads(r[14])) for r in rows]

    def load(self, database_id: str) -> LcaDatabase:
        """A stored database, as the engine reads it.

        Raises
        ------
        NotFoundError
            No database with this id is stored.
        """
        rows = self._con.rows(
            "SELECT name, source_format FROM lca_databases WHERE database_id = ?", [database_id])
        if not rows:
            raise self._missing(database_id)
        tables = {}
        for attribute, table_name, schema in _TABLES:
            tables[attribute] = self._con.arrow(
                f"SELECT {', '.join(schema.names)} FROM {table_name} WHERE database_id = ?",
                [database_id], schema)
        return LcaDatabase.of(database_id, str(rows[0][0]), str(rows[0][1]), **tables)

    def _missing(self, database_id: str) -> NotFoundError:
        known = ", ".join(d.database_id for d in self.databases()) or "none imported yet"
        return NotFoundError(f"no LCA database '{database_id}' in this workspace ({known}); "
                             "`greenmfg footprint import FILE` adds one",
                             f"工作区中没有 LCA 数据库“{database_id}”；"
                             "请先用 `greenmfg footprint import` 导入")
