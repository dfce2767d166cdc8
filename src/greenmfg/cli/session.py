"""The global options of one ``greenmfg`` run, shared by the command modules."""

from __future__ import annotations

from pathlib import Path

from greenmfg.i18n import Lang
from greenmfg.workspace import DEFAULT_WORKSPACE, Workspace


class _State:
    workspace: Path = Path(DEFAULT_WORKSPACE)
    database_url: str | None = None
    lang: str = Lang.ZH.value


state = _State()


def open_workspace() -> Workspace:
    """The workspace the global options name: a DuckDB file or ``--database-url``."""
    return Workspace(state.workspace, database_url=state.database_url)
