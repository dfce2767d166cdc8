"""A TestClient over the site (API + pages) on a copy of the API tests' seeded workspace."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from fastapi.testclient import TestClient

from greenmfg.web import create_site
from tests.api.conftest import copy_of, password_of, seeded_file, settings

__all__ = ["csrf_of", "seeded_file", "sign_in", "site"]

_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no form token"
    return found.group(1)


def sign_in(client: TestClient, username: str) -> httpx2.Response:
    page = client.get("/login")
    return client.post("/login", data={"username": username, "password": password_of(username),
                                       "csrf_token": csrf_of(page.text), "next": "/"},
                       follow_redirects=False)


@pytest.fixture
def site(seeded_file: Path, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_site(copy_of(seeded_file, tmp_path), settings())) as client:
        yield client
