"""Every operation of the committed OpenAPI document, fuzzed (schemathesis) against the app.

Requests are generated from ``docs/openapi.json`` (the document clients are built from), sent
in-process to the ASGI app over a copy of the seeded workspace, signed in as the admin and as an
enterprise user, and each answer is checked: no 5xx, a status code the document lists for the
operation, a content type, headers and a body that conform to the documented schema; invalid
requests refused, required headers and credentials not ignored, unsupported methods answered 405.

Examples per operation and user: ``GREENMFG_FUZZ_EXAMPLES`` (default 25, positive and negative
cases, derandomised; CI keeps the default: about two minutes for 19 operations × 2 users on two
busy cores).

Bugs it found and that are fixed: a body that cannot be parsed (broken multipart form, JSON that
is not UTF-8) answered an undocumented 400 with English-only text; it is now 422
``invalid_request`` in zh and en.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.python.asgi import get_client, shutdown_lifespans
from schemathesis.specs.openapi import checks

from greenmfg.api import create_app
from tests.api.conftest import copy_of, password_of
from tests.api.conftest import settings as app_settings

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
EXAMPLES = int(os.environ.get("GREENMFG_FUZZ_EXAMPLES", "25"))
USERS = ("admin", "ent")

schema = schemathesis.openapi.from_dict(json.loads(DOCUMENT.read_text(encoding="utf-8")))

CHECKS = [schemathesis.checks.not_a_server_error, checks.status_code_conformance,
          checks.content_type_conformance, checks.response_schema_conformance,
          checks.response_headers_conformance, checks.negative_data_rejection,
          checks.missing_required_header, checks.unsupported_method, checks.ignored_auth]


@dataclass
class Fuzzed:
    app: FastAPI
    tokens: dict[str, str]

    def token(self, user: str) -> str:
        """The user's bearer token, signing in again after a fuzzed logout revoked it."""
        if user not in self.tokens:
            with get_client(self.app) as client:
                response = client.post("/api/v1/auth/token", data={
                    "username": user, "password": password_of(user)})
            assert response.status_code == 200, response.text
            self.tokens[user] = str(response.json()["access_token"])
        return self.tokens[user]


@pytest.fixture(scope="module")
def fuzzed(seeded_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    # fuzzed sign-ins fail by the hundred: no throttling here (tests/api/test_throttle.py)
    unthrottled = app_settings(login_max_failures_per_username=10**6,
                               login_max_failures_per_address=10**6)
    app = create_app(copy_of(seeded_file, tmp_path_factory.mktemp("fuzz")), unthrottled)
    try:
        yield Fuzzed(app, {})
    finally:
        shutdown_lifespans()


@pytest.mark.parametrize("user", USERS)
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_every_operation_conforms(case: schemathesis.Case, fuzzed: Fuzzed, user: str) -> None:
    headers = {"Authorization": f"Bearer {fuzzed.token(user)}"}
    response = case.call(app=fuzzed.app, headers=headers)
    if case.operation.path == "/api/v1/auth/logout":
        del fuzzed.tokens[user]
    case.validate_response(response, checks=CHECKS, headers=headers)
