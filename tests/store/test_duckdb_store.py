"""The DuckDB workspace: migrations, the hash-chained audit log, atomic imports."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from greenmfg.errors import SchemaError
from greenmfg.store import DuckDBStore
from greenmfg.store.migrate import migrations


def test_migrations_are_applied_once_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    store = DuckDBStore(path)
    assert store.schema_version == migrations()[-1][0]
    store.close()
    again = DuckDBStore(path)  # reopening applies nothing twice
    assert again.schema_version == migrations()[-1][0]
    again.close()
    con = duckdb.connect(str(path))
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(migrations())
    con.close()


def test_newer_workspace_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    DuckDBStore(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (999, 'future', TIMESTAMP '2030-01-01 00:00:00')")
    con.close()
    with pytest.raises(SchemaError, match="upgrade greenmfg"):
        DuckDBStore(path)


def test_audit_chain_detects_tampering(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    store = DuckDBStore(path)
    store.append_audit("alice", "import", "a.csv", {"rows": 3}, "ab" * 32)
    store.append_audit("bob", "import", "b.csv", {"rows": 1}, "cd" * 32)
    assert store.verify_audit_chain()
    entries = store.audit_log()
    assert entries[1].prev_hash == entries[0].entry_hash
    store.close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    con.close()
    store = DuckDBStore(path)
    assert not store.verify_audit_chain()
    store.close()


def test_failed_import_leaves_nothing(tmp_path: Path) -> None:
    store = DuckDBStore(tmp_path / "w.duckdb")
    with pytest.raises(RuntimeError), store.transaction():
        store.append_audit("alice", "import", "a.csv", {}, None)
        raise RuntimeError("boom")
    assert store.audit_log() == []
    store.close()


def test_version_1_workspace_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at_utc TIMESTAMP NOT NULL)")
    version, name, sql = migrations()[0]
    con.execute(sql)
    con.execute("INSERT INTO schema_version VALUES (?, ?, TIMESTAMP '2026-01-01 00:00:00')",
                [version, name])
    con.execute("INSERT INTO activity VALUES ('A-1', 'E', 'S', 'src', 'diesel', '2025-01', 2025, "
                "1, 5.0, 't', 5.0, 't', NULL, NULL, NULL, 'measured', '', 'old.csv!2', 'I', 'h')")
    con.close()
    store = DuckDBStore(path)
    assert store.schema_version == migrations()[-1][0] >= 2
    (record,) = store.activity(["E"])
    assert record.quantity == 5.0 and record.measured.emission_factor_t_per_unit is None
    assert store.activity_versions(["A-1"]) == {"A-1": 1}  # schema 6: existing records at 1
    store.close()


def test_a_migration_that_lands_late_is_still_applied(tmp_path: Path) -> None:
    # A workspace that has every migration but version 2 (as if 2 landed after 3) gets 2 applied.
    path = tmp_path / "gap.duckdb"
    DuckDBStore(path).close()
    con = duckdb.connect(str(path))
    con.execute("DROP INDEX activity_org_year")
    con.execute("ALTER TABLE activity DROP COLUMN emission_factor_t_per_unit")
    con.execute("CREATE INDEX activity_org_year ON activity (org_code, year)")
    con.execute("DELETE FROM schema_version WHERE version = 2")
    con.close()
    store = DuckDBStore(path)
    store.close()
    con = duckdb.connect(str(path))
    columns = {r[0] for r in con.execute("DESCRIBE activity").fetchall()}
    assert "emission_factor_t_per_unit" in columns
    con.close()
