"""``--database-url`` / ``GREENMFG_DATABASE_URL``: the CLI on a PostgreSQL workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenmfg.cli.app import run
from greenmfg.workspace import Workspace


def test_commands_use_the_postgresql_workspace(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path, pg_url: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("code,name,kind,parent_code,industry_code,region_code\n"
                    "E1,一号企业,enterprise,,C3011,150200\n", encoding="utf-8")
    file = tmp_path / "never.duckdb"
    assert run(["--workspace", str(file), "--database-url", pg_url, "org", "import",
                str(orgs)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("GREENMFG_DATABASE_URL", pg_url)
    assert run(["--workspace", str(file), "org", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(o["code"], o["name"]) for o in listed] == [("E1", "一号企业")]
    assert not file.exists()  # nothing went to the file
    with Workspace(pg_url, actor="t") as ws:
        assert [e.action for e in ws.audit_log()] == ["import"]


def test_an_unreachable_server_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql://nobody:secret-pw@127.0.0.1:1/none"
    assert run(["--database-url", url, "org", "list"]) != 0
    err = capsys.readouterr().err
    assert "127.0.0.1:1/none" in err and "secret-pw" not in err


@pytest.mark.parametrize("command", [
    ["cbam", "--org", "E1", "--good", "7207", "--year", "2025", "--input", "{tmp}/in.json"],
    ["footprint", "product", "--org", "E1", "--year", "2025", "--product", "pv_module"],
])
def test_cbam_and_footprint_product_open_the_postgresql_workspace(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, pg_url: str,
        command: list[str]) -> None:
    """Commands of their own modules honour ``--database-url`` too: they fail on the
    PostgreSQL workspace (no such enterprise there), and never create the workspace file."""
    file = tmp_path / "never.duckdb"
    (tmp_path / "in.json").write_text("{}", encoding="utf-8")
    command = [part.replace("{tmp}", str(tmp_path)) for part in command]
    assert run(["--workspace", str(file), "--database-url", pg_url, *command]) != 0
    assert not file.exists()


def test_cbam_names_a_missing_input_file(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    assert run(["--workspace", str(tmp_path / "w.duckdb"), "cbam", "--org", "E1", "--good",
                "7207", "--year", "2025", "--input", str(missing)]) == 2
    assert "missing.json" in capsys.readouterr().err
