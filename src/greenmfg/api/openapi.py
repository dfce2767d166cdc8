"""The committed OpenAPI document (docs/openapi.json).

Regenerate it after changing the API::

    python -m greenmfg.api.openapi docs/openapi.json
"""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from greenmfg.api.app import create_app
from greenmfg.api.settings import ApiSettings

DOCUMENT = Path("docs") / "openapi.json"
REGENERATE = "python -m greenmfg.api.openapi docs/openapi.json"


def openapi_document() -> dict[str, Any]:
    """The API's OpenAPI document (building the app opens no workspace)."""
    settings = ApiSettings(secret_key=SecretStr(secrets.token_urlsafe(32)))
    return create_app(Path("unused.duckdb"), settings).openapi()


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render(openapi_document())
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
