"""One store, two back ends: the same migrations, audit chain, imports and numbers on an embedded
DuckDB file and on a real PostgreSQL server (started by ``tests/postgres.py``)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenmfg.access import Access, Role
from greenmfg.model import OrgKind
from greenmfg.store import Store, WriteCounts, is_database_url
from greenmfg.store.migrate import migrations
from greenmfg.store.users import UserStore
from greenmfg.workspace import Workspace
from tests.conftest import make_record
from tests.postgres import PostgresServer, new_database


@pytest.fixture(scope="module")
def pg_url_once(postgres_server: PostgresServer) -> Iterator[str]:
    """One PostgreSQL database for a whole property test (hypothesis runs it many times)."""
    with new_database(postgres_server) as url:
        yield url


def test_database_urls_select_postgresql() -> None:
    assert is_database_url("postgresql://u@h/db") and is_database_url("postgres://h/db")
    assert not is_database_url("greenmfg.duckdb") and not is_database_url(None)


def test_migrations_are_applied_once_on_each_back_end(any_backend: str) -> None:
    store = Store(any_backend)
    assert store.schema_version == migrations()[-1][0]
    store.close()
    again = Store(any_backend)  # reopening applies nothing twice
    assert again.connection.rows("SELECT count(*) FROM schema_version")[0][0] == len(migrations())
    again.close()


def test_audit_chain_verifies_and_detects_tampering(any_backend: str) -> None:
    store = Store(any_backend)
    first = store.append_audit("alice", "import", "a.csv", {"rows": 3, "名称": "甲"}, "ab" * 32)
    store.append_audit("bob", "import", "b.csv", {"rows": 1}, None)
    assert store.verify_audit_chain()
    entries = store.audit_log()
    assert [e.seq for e in entries] == [1, 2] and entries[1].prev_hash == first.entry_hash
    assert entries[0] == first  # the timestamp comes back to the microsecond
    store.connection.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    assert not store.verify_audit_chain()
    store.close()


def test_a_failed_transaction_leaves_nothing(any_backend: str) -> None:
    store = Store(any_backend)
    with pytest.raises(RuntimeError), store.transaction():
        store.write_activity([make_record("diesel", 5.0, "t")], "IMP-1")
        store.append_audit("alice", "import", "a.csv", {}, None)
        raise RuntimeError("boom")
    assert store.audit_log() == [] and store.activity_count() == 0
    store.write_activity([make_record("diesel", 5.0, "t")], "IMP-2")  # staging works again
    assert store.activity_count() == 1
    store.close()


def test_writes_are_idempotent_and_counted(any_backend: str) -> None:
    store = Store(any_backend)
    a, b = make_record("diesel", 5.0, "t"), make_record("diesel", 7.0, "t", period="2023")
    assert store.write_activity([a, b], "I1") == WriteCounts(2, 0, 0)
    assert store.write_activity([a, b], "I2") == WriteCounts(0, 0, 2)
    changed = a.model_copy(update={"quantity": 6.0, "quantity_canonical": 6.0})
    assert store.write_activity([changed, b], "I3") == WriteCounts(0, 1, 1)
    assert [r.quantity for r in store.activity(["ENT1"])] == [6.0, 7.0]
    assert [r.record_id for r in store.activity(["ENT1"], 2023)] == [b.record_id]
    assert store.periods_for_keys([("ENT1", "S1", "src", "diesel", 2022)]) == {
        ("ENT1", "S1", "src", "diesel", 2022): {"2022"}}
    store.close()


@settings(max_examples=20, deadline=None)
@given(quantities=st.lists(st.floats(min_value=1e-300, max_value=1e300, allow_nan=False),
                           min_size=1, max_size=5))
def test_postgresql_stores_doubles_bit_for_bit(pg_url_once: str, quantities: list[float]) -> None:
    # The inventory's numbers are only as exact as the stored quantities: COPY must not round.
    store = Store(pg_url_once)
    records = [make_record("diesel", q, "t", period=str(2000 + i), ncv=q / 3)
               for i, q in enumerate(quantities)]
    with store.transaction():
        store.connection.execute("DELETE FROM activity")
        store.write_activity(records, "I")
    back = store.activity(["ENT1"])
    store.close()
    assert [(r.quantity, r.measured.ncv_gj_per_unit) for r in back] == [
        (q, q / 3) for q in quantities]
    assert all(math.copysign(1, r.quantity) == 1 for r in back)


def test_demo_park_inventories_are_equal_on_both_back_ends(tmp_path: Path, pg_url: str) -> None:
    results = []
    for location in (str(tmp_path / "w.duckdb"), pg_url):
        with Workspace(location, actor="tester") as ws:
            _, first = ws.load_demo()
            _, again = ws.load_demo()  # idempotent on both
            assert (again.inserted, again.updated, again.unchanged) == (
                0, 0, first.inserted + first.updated)
            assert ws.store.verify_audit_chain()
            enterprises = ws.organisations(OrgKind.ENTERPRISE)
            results.append([ws.inventory(o.code, 2024).model_dump_json() for o in enterprises])
    assert results[0] and results[0] == results[1]  # same bytes: same numbers, same ids


def test_users_tokens_and_keys_on_each_back_end(any_backend: str) -> None:
    with Workspace(any_backend, actor="tester") as ws:
        ws.import_rows("tree", [{"code": "E1", "name": "企业一", "kind": "enterprise",
                                 "region_code": "150200", "industry_code": "C3011"}], [])
        access = Access(ws)
        access.add_user("ent", "pw-ent-Kx7!q2-long", role=Role.ENTERPRISE, org_code="E1")
        info, key = access.add_api_key("ent", "robot")
        principal = access.authenticate(bearer=None, api_key=key)
        assert principal.username == "ent" and principal.org_code == "E1"
        users = UserStore(ws.store.connection)
        now = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
        users.insert_token("T1", "ent", now, now + timedelta(hours=1))
        token = users.token("T1")
        assert token is not None and (token.issued_at, token.expires_at) == (
            now, now + timedelta(hours=1))
        users.revoke_tokens_of("ent", now)
        revoked = users.token("T1")
        assert revoked is not None and revoked.revoked_at == now
        access.revoke_api_key(info.key_id)
        assert [u.username for u in users.users()] == ["ent"]


def test_versions_count_changes_and_guard_deletes(any_backend: str) -> None:
    store = Store(any_backend)
    a = make_record("diesel", 5.0, "t")
    store.write_activity([a], "I1")
    store.write_activity([a], "I2")  # unchanged: same version
    assert store.activity_versions([a.record_id, "A-missing"]) == {a.record_id: 1}
    store.write_activity([a.model_copy(update={"quantity": 6.0, "quantity_canonical": 6.0})],
                         "I3")
    assert store.activity_versions([a.record_id]) == {a.record_id: 2}
    assert not store.delete_activity(a.record_id, 1)  # a stale version deletes nothing
    assert store.activity_count() == 1
    assert store.delete_activity(a.record_id, 2) and store.activity_count() == 0
    store.close()


def test_activity_pages_are_the_same_on_each_back_end(any_backend: str) -> None:
    store = Store(any_backend)
    records = [make_record("diesel", float(q), "t", period=p) for q, p in
               ((1, "2023"), (2, "2024"), (3, "2025"))] + [make_record("coke", 4.0, "t")]
    store.write_activity(records, "I")
    ids = sorted(r.record_id for r in records)
    page, total = store.activity_page("ENT1", limit=2, offset=1)
    assert total == 4 and [(r.record_id, v) for r, v in page] == [(ids[1], 1), (ids[2], 1)]
    diesel, total = store.activity_page("ENT1", item="diesel", year=2024)
    assert total == 1 and diesel[0][0].quantity == 2.0
    assert store.activity_page("ENT2") == ([], 0)
    store.close()


def test_a_missing_server_fails_under_ci_and_skips_elsewhere(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.postgres import _unavailable

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI needs a PostgreSQL server"):
        _unavailable("initdb not found")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="initdb not found"):
        _unavailable("initdb not found")
