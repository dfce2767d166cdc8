"""The committed OpenAPI document is the API's: a change to the API shows here as a diff.

After an intended change, regenerate it with::

    .venv/bin/python -m greenmfg.api.openapi docs/openapi.json
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from greenmfg.api.openapi import REGENERATE, openapi_document, render

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_openapi_document_matches_the_committed_one() -> None:
    current = render(openapi_document())
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    if current != committed:
        diff = "".join(list(difflib.unified_diff(
            committed.splitlines(keepends=True), current.splitlines(keepends=True),
            "docs/openapi.json (committed)", "the API now", n=2))[:300])
        pytest.fail(f"the API no longer matches docs/openapi.json; if the change is intended, "
                    f"regenerate it with `{REGENERATE}` and commit it.\n{diff}", pytrace=False)


def test_openapi_document_names_the_stable_paths() -> None:
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert {"/api/v1/auth/token", "/api/v1/auth/logout", "/api/v1/orgs", "/api/v1/orgs/{code}",
            "/api/v1/orgs/{code}/inventory", "/api/v1/orgs/{code}/benchmark",
            "/api/v1/orgs/{code}/imports", "/api/v1/orgs/{code}/inventory/{year}/signoff",
            "/api/v1/results/{result_id}/explain", "/api/v1/audit",
            "/api/v1/health", "/api/v1/orgs/{code}/activity",
            "/api/v1/orgs/{code}/activity/{record_id}",
            "/api/v1/users", "/api/v1/users/{username}",
            "/api/v1/users/{username}/disable", "/api/v1/users/{username}/password",
            "/api/v1/users/{username}/api-keys",
            "/api/v1/users/{username}/api-keys/{key_id}"} <= set(document["paths"])
    schemes = document["components"]["securitySchemes"]
    assert schemes["OAuth2PasswordBearer"]["flows"]["password"]["tokenUrl"] == (
        "/api/v1/auth/token")
    assert schemes["APIKeyHeader"]["name"] == "X-API-Key"
    # every error any route documents has the one error body
    for path in document["paths"].values():
        for operation in path.values():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert response["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/ErrorBody"}


def test_passwords_are_write_only_in_the_document() -> None:
    schemas = json.loads(COMMITTED.read_text(encoding="utf-8"))["components"]["schemas"]
    for name in ("UserIn", "PasswordIn"):
        assert schemas[name]["properties"]["password"]["writeOnly"] is True
    for name in ("UserPublic", "UserPage", "ApiKeyPublic", "ApiKeyCreated"):
        assert "password" not in json.dumps(schemas[name])
