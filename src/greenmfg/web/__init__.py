"""The web dashboard: server-rendered pages (Jinja2, ECharts served locally) over the API app.

``create_site(workspace_path, settings)`` is the API application of :mod:`greenmfg.api` with the
pages mounted beside it; the pages call the same tenancy-checked service functions as the
dashboard endpoints and compute nothing themselves.
"""

from greenmfg.web.app import create_site

__all__ = ["create_site"]
