"""LCA databases in the workspace (on DuckDB and on PostgreSQL): stored whole, read back with
the same content hash, re-imported idempotently, replaced atomically."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from greenmfg.errors import InputError, NotFoundError
from greenmfg.footprint import read_database, shared_system_cache
from greenmfg.store.lca import LcaStore
from greenmfg.workspace import Workspace

FIXTURES = Path(__file__).parents[1] / "footprint" / "fixtures"
TABLES = ("lca_databases", "lca_processes", "lca_flows", "lca_exchanges", "lca_methods",
          "lca_factors")


def counts(ws: Workspace) -> dict[str, int]:
    con = ws.store.connection
    return {t: int(con.rows(f"SELECT count(*) FROM {t}")[0][0]) for t in TABLES}


@pytest.mark.parametrize("fixture", ["jsonld_steel", "ilcd_aluminium", "ecospold2_heat"])
def test_stored_database_reads_back_with_the_same_hash(fixture: str, any_backend: str,
                                                       tmp_path: Path) -> None:
    database, report = read_database(FIXTURES / fixture)
    with Workspace(any_backend, actor="tester") as ws:
        status = LcaStore(ws.store.connection).write(
            database, report.model_dump(mode="json"), file_name=report.file,
            file_sha256=report.sha256, flow_list_edition=report.flow_list_edition, actor="t")
        assert status == "inserted"
        back = ws.lca.load(database.database_id)
    assert back.content_hash == database.content_hash
    for name in ("processes", "flows", "methods"):
        assert getattr(back, name).to_pylist() == getattr(database, name).to_pylist()


def test_reimport_is_idempotent(any_backend: str, tmp_path: Path) -> None:
    with Workspace(any_backend, actor="tester") as ws:
        first = ws.import_lca(FIXTURES / "jsonld_steel")
        before = counts(ws)
        again = ws.import_lca(FIXTURES / "jsonld_steel")
        assert (first.status, again.status) == ("inserted", "unchanged")
        assert counts(ws) == before
        assert before["lca_databases"] == 1 and before["lca_exchanges"] == 14
        assert again.content_hash == first.content_hash
        audit = [e for e in ws.audit_log() if e.action == "lca-import"]
        assert [e.detail["status"] for e in audit] == ["inserted", "unchanged"]
        assert ws.store.verify_audit_chain()


def test_changed_content_replaces_the_database(any_backend: str, tmp_path: Path) -> None:
    package = tmp_path / "jsonld_steel"
    shutil.copytree(FIXTURES / "jsonld_steel", package)
    with Workspace(any_backend, actor="tester") as ws:
        ws.import_lca(package)
        (package / "processes" / "5a0e0000-0000-4000-8000-000000000044.json").unlink()
        report = ws.import_lca(package)
        assert report.status == "updated"
        assert counts(ws)["lca_processes"] == 3 and counts(ws)["lca_databases"] == 1
        assert len(ws.lca.databases()[0].report["unlinked"]) == 1


def test_a_failed_import_leaves_the_stored_database_as_it_was(any_backend: str,
                                                              tmp_path: Path) -> None:
    package = tmp_path / "jsonld_steel"
    shutil.copytree(FIXTURES / "jsonld_steel", package)
    with Workspace(any_backend, actor="tester") as ws:
        ws.import_lca(package)
        before = counts(ws)
        stored = ws.lca.content_hash("jsonld-steel")
        (package / "flows" / "5a0e0000-0000-4000-8000-000000000037.json").unlink()
        with pytest.raises(InputError):
            ws.import_lca(package)
        assert counts(ws) == before and ws.lca.content_hash("jsonld-steel") == stored


def test_a_failure_while_writing_rolls_back(any_backend: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with Workspace(any_backend, actor="tester") as ws:
        ws.import_lca(FIXTURES / "ilcd_aluminium")
        before = counts(ws)

        def broken(*args: object, **kwargs: object) -> None:
            raise duckdb.IOException("disk full (simulated)")

        monkeypatch.setattr(ws.store, "append_audit", broken)
        package = tmp_path / "al"
        shutil.copytree(FIXTURES / "ilcd_aluminium", package)
        (package / "ILCD" / "contacts").rename(tmp_path / "moved")  # new sha, same content
        with pytest.raises(duckdb.IOException):
            ws.import_lca(package, name="other")
        assert counts(ws) == before


def test_default_database_needs_no_import_and_is_listed(tmp_path: Path) -> None:
    with Workspace(tmp_path / "w.duckdb", actor="tester") as ws:
        [default] = ws.lca_databases()
        assert default.packaged and default.licence == "CC-BY-4.0"
        result = ws.footprint("cn-grid-electricity-2024", 1.0, "ar6-gwp100")
        assert result.score == pytest.approx(0.5777, rel=1e-12)
        assert counts(ws)["lca_databases"] == 0  # the default is never written


def test_unchanged_database_reuses_its_product_system(tmp_path: Path) -> None:
    with Workspace(tmp_path / "w.duckdb", actor="tester") as ws:
        ws.import_lca(FIXTURES / "ilcd_aluminium")
        one = ws.footprint("aluminium ingot production", 1.0, "ar6-gwp100")
        cache = shared_system_cache()
        key = cache.key(one.lineage.database_content_hash,
                        one.lineage.default_database_content_hash)
        system = cache.get(key)
        assert system is not None and system.content_hash == one.lineage.system_hash
        two = ws.footprint("aluminium ingot production", 2.0, "ar6-gwp100")
        assert cache.get(key) is system
        assert two.score == pytest.approx(2 * one.score, rel=1e-9)


def test_unknown_database_and_product_are_not_found(tmp_path: Path) -> None:
    with Workspace(tmp_path / "w.duckdb", actor="tester") as ws:
        with pytest.raises(NotFoundError, match="no LCA database 'nope'"):
            ws.lca_database("nope")
        with pytest.raises(NotFoundError, match="no product 'steel' in any LCA database"):
            ws.footprint("steel", 1.0, "ar6-gwp100")
        with pytest.raises(NotFoundError, match="no method 'gwp500'"):
            ws.footprint("cn-grid-electricity-2024", 1.0, "gwp500")


def test_a_product_in_two_databases_needs_a_database(any_backend: str, tmp_path: Path) -> None:
    with Workspace(any_backend, actor="tester") as ws:
        ws.import_lca(FIXTURES / "ilcd_aluminium")
        ws.import_lca(FIXTURES / "ilcd_aluminium", name="copy")
        with pytest.raises(NotFoundError, match=r"several LCA databases \(copy, ilcd-aluminium\)"):
            ws.footprint("aluminium ingot production", 1.0, "ar6-gwp100")
        result = ws.footprint("aluminium ingot production", 1.0, "ar6-gwp100", database="copy")
        assert result.lineage.database_id == "copy"
