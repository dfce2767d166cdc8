"""Liveness: no credentials needed, no data given."""

from __future__ import annotations

from fastapi import APIRouter

from greenmfg import __version__
from greenmfg.api.deps import ServerDep
from greenmfg.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(srv: ServerDep) -> Health:
    return Health(version=__version__, schema_version=srv.access.workspace.store.schema_version)
