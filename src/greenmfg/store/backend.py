"""The thin database adapters under the one workspace store: DuckDB (a file) or PostgreSQL.

The store's SQL is written once, in the subset both databases run, with ``?`` placeholders.
What differs lives here and only here: how parameters are bound, how a batch of rows arrives
(DuckDB scans an Arrow table in place; PostgreSQL receives it through ``COPY``), how a batch is
staged for joins (an Arrow view; a temporary table), how rows come back as Arrow, and how a
connection is opened. :func:`open_backend` picks one from a location: a ``postgresql://`` URL
selects PostgreSQL, anything else is a DuckDB file path.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import pyarrow as pa

from greenmfg.errors import InputError

__all__ = ["Backend", "DuckDBBackend", "PostgresBackend", "is_database_url", "open_backend"]

_URL_SCHEMES = ("postgresql://", "postgres://")
_names = itertools.count()


def is_database_url(location: str | Path | None) -> bool:
    """True for a PostgreSQL connection URL (``postgresql://user@host/db``)."""
    return isinstance(location, str) and location.startswith(_URL_SCHEMES)


class Backend(ABC):
    """One open connection to a workspace database; statements use ``?`` placeholders."""

    dialect: ClassVar[str]

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement, discarding any result."""

    @abstractmethod
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one query and return all its rows."""

    @abstractmethod
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement once per parameter row."""

    @abstractmethod
    def script(self, sql: str) -> None:
        """Run several ``;``-separated statements without parameters (a migration)."""

    @abstractmethod
    def insert_arrow(self, table: str, data: pa.Table) -> None:
        """Append the rows of an Arrow table to ``table`` (columns matched by name)."""

    @abstractmethod
    @contextmanager
    def staged(self, name: str, data: pa.Table) -> Iterator[None]:
        """Make an Arrow table queryable as ``name`` for the length of the block."""

    @abstractmethod
    def arrow(self, sql: str, params: Sequence[Any], schema: pa.Schema) -> pa.Table:
        """Run a query whose columns are ``schema``'s, returning an Arrow table of it."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything in the block commits together, or rolls back on any exception."""
        self.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")


class DuckDBBackend(Backend):
    """An embedded DuckDB file."""

    dialect = "duckdb"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(sql, list(params))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        # fully consumed: DuckDB refuses further work on a pending result
        return [tuple(r) for r in self.con.execute(sql, list(params)).fetchall()]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.con.executemany(sql, [list(r) for r in rows])

    def script(self, sql: str) -> None:
        self.con.execute(sql)

    def insert_arrow(self, table: str, data: pa.Table) -> None:
        view = f"greenmfg_incoming_{next(_names)}"
        columns = ", ".join(data.column_names)
        with self.staged(view, data):
            self.con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {view}")

    @contextmanager
    def staged(self, name: str, data: pa.Table) -> Iterator[None]:
        self.con.register(name, data)
        try:
            yield
        finally:
            self.con.unregister(name)

    def arrow(self, sql: str, params: Sequence[Any], schema: pa.Schema) -> pa.Table:
        table: pa.Table = self.con.sql(sql, params=list(params)).to_arrow_table()
        return table.cast(schema)

    def close(self) -> None:
        self.con.close()


def _pg_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "TEXT"
    if pa.types.is_boolean(arrow_type):
        return "BOOLEAN"
    if pa.types.is_int64(arrow_type) or pa.types.is_uint32(arrow_type):
        return "BIGINT"
    if pa.types.is_integer(arrow_type):
        return "INTEGER"
    if pa.types.is_floating(arrow_type):
        return "DOUBLE PRECISION"
    if pa.types.is_timestamp(arrow_type):
        return "TIMESTAMP"
    raise TypeError(f"no PostgreSQL column type for Arrow {arrow_type}")


def _pg_sql(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresBackend(Backend):
    """A PostgreSQL database reached by URL, through psycopg 3 (the ``postgres`` extra).

    The connection runs in autocommit mode, so a statement outside :meth:`transaction` commits
    on its own, as in DuckDB.
    """

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - the dev extra installs it
            raise InputError(
                "a PostgreSQL workspace needs psycopg; install greenmfg with the 'postgres' "
                "extra (pip install 'greenmfg[postgres]')",
                "PostgreSQL 工作区需要 psycopg；请安装带 postgres 扩展的 greenmfg"
                "（pip install 'greenmfg[postgres]'）") from exc
        self.url = url
        try:
            self.con: Any = psycopg.connect(url, autocommit=True)
        except psycopg.OperationalError as exc:
            where = url.split("@")[-1]  # never echo a password
            raise InputError(f"cannot connect to the PostgreSQL workspace at {where}: {exc}",
                             f"无法连接 PostgreSQL 工作区 {where}：{exc}") from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(_pg_sql(sql), list(params))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.con.execute(_pg_sql(sql), list(params)).fetchall()]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.con.cursor() as cur:
                cur.executemany(_pg_sql(sql), [list(r) for r in rows])

    def script(self, sql: str) -> None:
        self.con.execute(sql)  # no parameters: psycopg sends several statements at once

    def insert_arrow(self, table: str, data: pa.Table) -> None:
        columns = ", ".join(data.column_names)
        values = [c.to_pylist() for c in data.columns]
        with self.con.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in zip(*values, strict=True):
                copy.write_row(row)

    @contextmanager
    def staged(self, name: str, data: pa.Table) -> Iterator[None]:
        from psycopg.pq import TransactionStatus

        columns = ", ".join(f"{f.name} {_pg_type(f.type)}" for f in data.schema)
        self.con.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")
        try:
            self.insert_arrow(name, data)
            yield
        finally:  # an aborted transaction's rollback drops the table itself
            if self.con.info.transaction_status != TransactionStatus.INERROR:
                self.con.execute(f"DROP TABLE IF EXISTS {name}")

    def arrow(self, sql: str, params: Sequence[Any], schema: pa.Schema) -> pa.Table:
        found = self.rows(sql, params)
        columns = list(zip(*found, strict=True)) if found else [() for _ in schema.names]
        return pa.table({f.name: pa.array(list(c), f.type) for f, c in
                         zip(schema, columns, strict=True)}, schema=schema)

    def close(self) -> None:
        self.con.close()


def open_backend(location: str | Path) -> Backend:
    """PostgreSQL for a ``postgresql://`` URL, otherwise the DuckDB file at ``location``."""
    if is_database_url(location):
        return PostgresBackend(str(location))
    return DuckDBBackend(location)
