"""The REST API (FastAPI): ``create_app(workspace_path, settings)`` builds it; nothing runs at
import time. Routes call :mod:`greenmfg.access`; errors map to statuses in ``error_map``."""

from greenmfg.api.app import API_PREFIX, create_app
from greenmfg.api.settings import ApiSettings, load_settings

__all__ = ["API_PREFIX", "ApiSettings", "create_app", "load_settings"]
