"""Apply the packaged SQL migrations in order and record each in ``schema_version``.

The migrations are written in the SQL that DuckDB and PostgreSQL share (``DOUBLE PRECISION``,
``SMALLINT``, ``VARCHAR``, ``TIMESTAMP``), so one set serves both back ends.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib import resources

from greenmfg.errors import SchemaError
from greenmfg.store.backend import Backend

_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """All packaged migrations as ``(version, name, sql)``, in version order."""
    found = []
    for entry in resources.files("greenmfg.store.migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def applied_versions(con: Backend) -> set[int]:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at_utc TIMESTAMP NOT NULL)"
    )
    return {int(r[0]) for r in con.rows("SELECT version FROM schema_version")}


def current_version(con: Backend) -> int:
    return max(applied_versions(con), default=0)


def migrate(con: Backend) -> int:
    """Apply every packaged migration not yet applied, in order; refuse a newer workspace.

    Missing versions are applied even below the highest applied one, so migrations that land
    in a different order than their numbers are never skipped.
    """
    known = migrations()
    latest = known[-1][0]
    applied = applied_versions(con)
    version = max(applied, default=0)
    if version > latest or not applied <= {number for number, _, _ in known}:
        raise SchemaError(
            f"the workspace has schema version {version} but this greenmfg knows only up to "
            f"{latest}; upgrade greenmfg",
            f"工作区的模式版本为 {version}，本版本 greenmfg 仅支持到 {latest}；请升级 greenmfg",
        )
    for number, name, sql in known:
        if number in applied:
            continue
        with con.transaction():
            con.script(sql)
            con.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                        [number, name, datetime.now(UTC).replace(tzinfo=None)])
    return latest
