"""A small organisation tree with one user per role, and API clients over it.

::

    R1 region (150000)                 R2 region (320000)
    ├── P1 park                        └── E4 enterprise
    │   ├── E1 enterprise
    │   │   └── E1-S1 site
    │   └── E2 enterprise
    └── E3 enterprise (outside the park)

The seeded workspace is built once per session and copied for each test that changes it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from greenmfg.access import Access, Role
from greenmfg.api import ApiSettings, create_app, load_settings
from greenmfg.workspace import Workspace

SECRET = "test-secret-0123456789abcdefghijklmnopqrstuvwxyz"
YEAR = 2024

# code, kind, parent, region code
TREE: tuple[tuple[str, str, str, str], ...] = (
    ("R1", "region", "", "150000"),
    ("P1", "park", "R1", "150200"),
    ("E1", "enterprise", "P1", "150200"),
    ("E1-S1", "site", "E1", "150200"),
    ("E2", "enterprise", "P1", "150200"),
    ("E3", "enterprise", "R1", "150200"),
    ("R2", "region", "", "320000"),
    ("E4", "enterprise", "R2", "320500"),
)
ORGS = tuple(code for code, *_ in TREE)
ENTERPRISES = ("E1", "E2", "E3", "E4")
# each enterprise's gas differs, so each inventory differs
GAS_10K_NM3 = {"E1": "10", "E2": "20", "E3": "30", "E4": "40"}

USERS: dict[str, tuple[Role, str | None]] = {
    "ent": (Role.ENTERPRISE, "E1"),
    "park": (Role.PARK, "P1"),
    "reg": (Role.REGULATOR, "R1"),
    "ver": (Role.VERIFIER, "P1"),
    "admin": (Role.ADMIN, None),
}
SCOPES: dict[str, frozenset[str]] = {
    "ent": frozenset({"E1", "E1-S1"}),
    "park": frozenset({"P1", "E1", "E1-S1", "E2"}),
    "reg": frozenset({"R1", "P1", "E1", "E1-S1", "E2", "E3"}),
    "ver": frozenset({"P1", "E1", "E1-S1", "E2"}),
    "admin": frozenset(ORGS),
}


def password_of(username: str) -> str:
    return f"pw-{username}-Kx7!q2"


def org_name(code: str) -> str:
    return f"Organisation {code} 名称"


def org_row(code: str) -> dict[str, str]:
    kind, parent, region = next((k, p, r) for c, k, p, r in TREE if c == code)
    return {"code": code, "name": org_name(code), "kind": kind, "parent_code": parent,
            "industry_code": "C3011" if kind == "enterprise" else "", "region_code": region}


def activity_rows(code: str, *, gas: str | None = None) -> list[dict[str, str]]:
    return [
        {"org_code": code, "site": "MAIN", "source": "boiler", "item": "natural_gas",
         "period": str(YEAR), "quantity": gas or GAS_10K_NM3[code], "unit": "万Nm3"},
        {"org_code": code, "site": "MAIN", "source": "grid", "item": "electricity_purchased",
         "period": str(YEAR), "quantity": "1000", "unit": "MWh"},
    ]


def csv_of(rows: list[dict[str, str]]) -> bytes:
    header = list(rows[0])
    lines = [",".join(header)] + [",".join(r[c] for c in header) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def seed(path: Path) -> None:
    with Workspace(path, actor="seed") as ws:
        ws.import_rows("tree", [org_row(c) for c in ORGS], [])
        for code in ENTERPRISES:  # one import per enterprise: audit entries name one org each
            ws.import_rows(f"activity-{code}", [], activity_rows(code))
        access = Access(ws)
        for username, (role, org) in USERS.items():
            access.add_user(username, password_of(username), role=role, org_code=org)


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "seeded.duckdb"
    seed(path)
    return path


def copy_of(seeded: Path, folder: Path) -> Path:
    target = folder / "ws.duckdb"
    shutil.copy(seeded, target)
    return target


def settings(**values: Any) -> ApiSettings:
    return load_settings(secret_key=SecretStr(SECRET), **values)


@dataclass
class Api:
    """A TestClient with one signed-in token per user."""

    client: TestClient
    tokens: dict[str, str]

    def headers(self, user: str | None) -> dict[str, str]:
        return {} if user is None else {"Authorization": f"Bearer {self.tokens[user]}"}

    def get(self, url: str, user: str | None, **kwargs: Any) -> httpx2.Response:
        return self.client.get(url, headers=self.headers(user), **kwargs)

    def post(self, url: str, user: str | None, **kwargs: Any) -> httpx2.Response:
        return self.client.post(url, headers=self.headers(user), **kwargs)

    def login(self, username: str, password: str | None = None) -> httpx2.Response:
        return self.client.post("/api/v1/auth/token", data={
            "username": username, "password": password or password_of(username)})

    @property
    def workspace(self) -> Workspace:
        return self.client.app.state.greenmfg.access.workspace  # type: ignore[attr-defined,no-any-return]


def open_api(path: Path, app_settings: ApiSettings | None = None) -> Iterator[Api]:
    with TestClient(create_app(path, app_settings or settings())) as client:
        api = Api(client, {})
        for username in USERS:
            response = api.login(username)
            assert response.status_code == 200, response.text
            api.tokens[username] = response.json()["access_token"]
        yield api


@pytest.fixture
def api(seeded_file: Path, tmp_path: Path) -> Iterator[Api]:
    """A fresh copy of the seeded workspace, every user signed in."""
    yield from open_api(copy_of(seeded_file, tmp_path))


def assert_no_data(response: httpx2.Response, status: int, *hidden: str) -> None:
    """An error answer: the status, the error body's keys only, none of ``hidden`` in it."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) <= {"detail", "detail_zh", "code"}, body
    for text in hidden:
        assert text not in response.text
