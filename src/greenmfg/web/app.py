"""``create_site``: the API application with the dashboard pages and their assets mounted."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from greenmfg.api import ApiSettings, create_app
from greenmfg.web.pages import router


def _package_dir(package: str, folder: str) -> Path:
    return Path(str(files(package).joinpath(folder)))


def create_site(workspace_path: str | Path, settings: ApiSettings, *,
                database_url: str | None = None) -> FastAPI:
    """The REST API (``/api/v1``) plus the dashboard pages (``/``) over one workspace.

    Assets are served from the package, never from a CDN: the page script and style at
    ``/static/``, Apache ECharts (vendored in :mod:`greenmfg.report`, with its licences) at
    ``/static/vendor/``.
    """
    app = create_app(workspace_path, settings, database_url=database_url)
    app.include_router(router)
    app.mount("/static/vendor", StaticFiles(directory=_package_dir("greenmfg.report", "static")),
              name="vendor")
    app.mount("/static", StaticFiles(directory=_package_dir("greenmfg.web", "static")),
              name="static")
    return app
