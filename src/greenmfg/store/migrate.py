"""Apply the packaged SQL migrations in order and record each in ``schema_version``."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from greenmfg.errors import SchemaError

_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """All packaged migrations as ``(version, name, sql)``, in version order."""
    found = []
    for entry in resources.files("greenmfg.store.migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def current_version(con: Any) -> int:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at_utc TIMESTAMP NOT NULL)"
    )
    rows = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()
    return int(rows[0][0])


def migrate(con: Any) -> int:
    """Bring the schema up to date; refuse a workspace made by a newer greenmfg."""
    known = migrations()
    latest = known[-1][0]
    version = current_version(con)
    if version > latest:
        raise SchemaError(
            f"the workspace has schema version {version} but this greenmfg knows only up to "
            f"{latest}; upgrade greenmfg",
            f"工作区的模式版本为 {version}，本版本 greenmfg 仅支持到 {latest}；请升级 greenmfg",
        )
    for number, name, sql in known:
        if number <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                        [number, name, datetime.now(UTC).replace(tzinfo=None)])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return latest
