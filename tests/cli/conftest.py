"""Shared helpers for the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenmfg.cli.app import run
from greenmfg.workspace import Workspace


def cli(capsys: pytest.CaptureFixture[str], ws: Path, *args: str) -> tuple[int, str, str]:
    """Run ``greenmfg --workspace WS --lang en ARGS``; return exit code, stdout, stderr."""
    code = run(["--workspace", str(ws), "--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding the demo park (built once per test module)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Workspace(path, actor="tester") as ws:
        ws.load_demo()
    return path
