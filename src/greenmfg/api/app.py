"""The application factory: ``create_app(workspace_path, settings)``; nothing at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import anyio
from fastapi import FastAPI
from fastapi.routing import APIRoute

from greenmfg import __version__
from greenmfg.access import Access, TokenCodec
from greenmfg.api.deps import ServerState
from greenmfg.api.error_map import install_error_handlers
from greenmfg.api.routes import (
    activity,
    audit,
    auth,
    cbam,
    dashboard,
    health,
    orgs,
    results,
    users,
)
from greenmfg.api.settings import ApiSettings
from greenmfg.api.throttle import LoginThrottle
from greenmfg.api.warmup import warming
from greenmfg.store import is_database_url
from greenmfg.workspace import Workspace

API_PREFIX = "/api/v1"


def _operation_id(route: APIRoute) -> str:
    """``organisations-get_inventory``: stable names for generated clients."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_app(workspace_path: str | Path, settings: ApiSettings, *,
               database_url: str | None = None) -> FastAPI:
    """The greenmfg REST API over one workspace: a DuckDB file, or the PostgreSQL database
    at ``database_url`` (also accepted as ``workspace_path``).

    The workspace is opened when the app starts (its lifespan) and closed when it stops, so
    building the app (for its OpenAPI document, say) touches no file.
    """
    path = workspace_path if is_database_url(workspace_path) else Path(workspace_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        workspace = Workspace(path, actor="api", database_url=database_url)
        tokens = TokenCodec(settings.secret_key.get_secret_value(),
                            timedelta(minutes=settings.token_ttl_minutes))
        throttle = LoginThrottle(max_per_username=settings.login_max_failures_per_username,
                                 max_per_address=settings.login_max_failures_per_address,
                                 window_s=settings.login_window_seconds)
        state = ServerState(Access(workspace, tokens=tokens), settings, anyio.Lock(), throttle)
        app.state.greenmfg = state
        try:
            async with warming(state, enabled=settings.dashboard_warmup) as progress:
                app.state.greenmfg_warmup = progress  # how far the dashboard warm-up is
                yield
        finally:
            del app.state.greenmfg
            workspace.close()

    app = FastAPI(
        title="greenmfg",
        version=__version__,
        summary="Carbon and energy accounting for manufacturing: organisations, inventories, "
                "benchmarks, imports, audit, with tenants and roles",
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        generate_unique_id_function=_operation_id,
    )
    install_error_handlers(app)
    for router in (auth.router, orgs.router, activity.router, cbam.router, results.router,
                   audit.router, health.router, dashboard.router, users.router):
        app.include_router(router, prefix=API_PREFIX)
    return app
