"""``/api/v1/users``: an admin manages users and API keys through the CLI's own functions."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2
import pytest

from greenmfg.access import Access, TokenCodec
from tests.api.conftest import (
    SECRET,
    USERS,
    Api,
    assert_no_data,
    copy_of,
    open_api,
    password_of,
)

NEW_PASSWORD = "n3w-pass-Zq8"


def _put(api: Api, url: str, user: str, body: dict[str, Any]) -> httpx2.Response:
    return api.client.put(url, headers=api.headers(user), json=body)


def _delete(api: Api, url: str, user: str) -> httpx2.Response:
    return api.client.delete(url, headers=api.headers(user))


def _new_user(api: Api, **body: Any) -> httpx2.Response:
    return api.post("/api/v1/users", "admin", json={
        "username": "ops", "password": NEW_PASSWORD, "role": "enterprise", "org_code": "E2",
        **body})


def test_list_is_paginated_in_name_order(api: Api) -> None:
    # the seed's five users in name order: admin, ent, park, reg, ver
    pages = [api.get("/api/v1/users", "admin", params={"limit": 2, "offset": o}).json()
             for o in (0, 2, 4)]
    assert [[u["username"] for u in p["items"]] for p in pages] == [
        ["admin", "ent"], ["park", "reg"], ["ver"]]
    assert {p["total"] for p in pages} == {len(USERS)}
    first = pages[0]["items"][1]
    assert set(first) == {"username", "role", "org_code", "created_at", "disabled_at"}
    assert (first["role"], first["org_code"], first["disabled_at"]) == ("enterprise", "E1", None)
    assert api.get("/api/v1/users", "admin", params={"limit": 0}).status_code == 422


def test_create_user_then_it_signs_in_with_its_scope(api: Api) -> None:
    response = _new_user(api)
    assert response.status_code == 201, response.text
    assert response.json()["username"] == "ops" and response.json()["org_code"] == "E2"
    token = api.login("ops", NEW_PASSWORD).json()["access_token"]
    orgs = api.client.get("/api/v1/orgs", headers={"Authorization": f"Bearer {token}"}).json()
    assert [o["code"] for o in orgs["items"]] == ["E2"]
    assert Access(api.workspace).user("ops").role.value == "enterprise"  # the CLI sees it
    added = [e for e in api.get("/api/v1/audit", "admin", params={"limit": 500}).json()["items"]
             if e["action"] == "user_add" and e["target"] == "ops"]
    assert [e["actor"] for e in added] == ["admin"]  # the admin who did it, not "api"


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"username": "ent"}, 422, "input_error"),                     # exists already
    ({"role": "park"}, 422, "input_error"),                        # E2 is no park
    ({"role": "admin"}, 422, "input_error"),                       # an admin has no org
    ({"org_code": "NO-SUCH"}, 404, "not_found"),
    ({"username": "bad name!"}, 422, "input_error"),
    ({"password": "Qz7!x"}, 422, "invalid_request"),
    ({"role": "owner"}, 422, "invalid_request"),
])
def test_create_user_refusals(api: Api, body: dict[str, Any], status: int, code: str) -> None:
    response = _new_user(api, **body)
    assert response.status_code == status and response.json()["code"] == code, response.text
    assert NEW_PASSWORD not in response.text
    assert len(Access(api.workspace).users()) == len(USERS)


def test_disable_user(api: Api) -> None:
    response = api.post("/api/v1/users/ent/disable", "admin")
    assert response.status_code == 200 and response.json()["disabled_at"] is not None
    assert api.get("/api/v1/orgs", "ent").status_code == 401
    assert api.login("ent").status_code == 401
    own = api.post("/api/v1/users/admin/disable", "admin")
    assert own.status_code == 422 and own.json()["code"] == "input_error"
    assert_no_data(api.post("/api/v1/users/nobody/disable", "admin"), 404)


def test_reset_password(api: Api) -> None:
    response = _put(api, "/api/v1/users/park/password", "admin", {"password": NEW_PASSWORD})
    assert response.status_code == 204 and response.content == b""
    assert api.get("/api/v1/orgs", "park").status_code == 401  # its tokens are revoked
    assert api.login("park").status_code == 401
    assert api.login("park", NEW_PASSWORD).status_code == 200
    assert _put(api, "/api/v1/users/nobody/password", "admin",
                {"password": NEW_PASSWORD}).status_code == 404
    short = _put(api, "/api/v1/users/park/password", "admin", {"password": "Qz7!x"})
    assert short.status_code == 422 and "Qz7!x" not in short.text


def test_api_keys_are_created_once_and_revoked(api: Api) -> None:
    response = api.post("/api/v1/users/ent/api-keys", "admin", json={"name": "ERP export"})
    assert response.status_code == 201, response.text
    created = response.json()
    key, key_id = created["api_key"], created["key_id"]
    assert key.startswith(f"gmk_{key_id}_") and created["revoked_at"] is None
    headers = {"X-API-Key": key}
    assert api.client.get("/api/v1/auth/me", headers=headers).json()["username"] == "ent"
    # another user's key id is not found under this user
    assert_no_data(_delete(api, f"/api/v1/users/park/api-keys/{key_id}", "admin"), 404)
    assert api.client.get("/api/v1/auth/me", headers=headers).status_code == 200
    revoked = _delete(api, f"/api/v1/users/ent/api-keys/{key_id}", "admin")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert key not in revoked.text
    assert api.client.get("/api/v1/auth/me", headers=headers).status_code == 401
    assert_no_data(_delete(api, "/api/v1/users/ent/api-keys/000000000000", "admin"), 404)
    assert_no_data(api.post("/api/v1/users/nobody/api-keys", "admin", json={}), 404)


def test_passwords_never_in_answers_or_logs(seeded_file: Path, tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    passwords = ["create-pw-Ab12", "reset-pw-Cd34", "Qz7!x"]
    for api in open_api(copy_of(seeded_file, tmp_path)):
        answers = [
            api.post("/api/v1/users", "admin", json={
                "username": "pw-user", "password": passwords[0], "role": "park",
                "org_code": "P1"}),
            _put(api, "/api/v1/users/pw-user/password", "admin", {"password": passwords[1]}),
            _put(api, "/api/v1/users/pw-user/password", "admin", {"password": passwords[2]}),
            api.post("/api/v1/users", "admin", json={   # refused: the user exists
                "username": "pw-user", "password": passwords[0], "role": "park",
                "org_code": "P1"}),
            api.get("/api/v1/users", "admin"),
            api.get("/api/v1/users/pw-user", "admin"),
            api.login("pw-user", passwords[1]),
        ]
        assert [a.status_code for a in answers] == [201, 204, 422, 422, 200, 200, 200]
        for answer in answers:
            assert not any(p in answer.text for p in passwords)
            assert "argon2" not in answer.text
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert "pw-user added" in logged and "new password" in logged  # it did log
    for password in passwords:
        assert password not in logged
    assert password_of("admin") not in logged


def test_user_management_refuses_bad_credentials(api: Api) -> None:
    """A wrong password, an expired token and a forged admin token change no user."""
    assert api.login("admin", "not-the-password").status_code == 401
    two_hours_ago = datetime.now(UTC) - timedelta(hours=2)
    expired = Access(api.workspace, tokens=TokenCodec(
        SECRET, timedelta(hours=1), clock=lambda: two_hours_ago)).login(
        "admin", password_of("admin")).access_token
    forged = TokenCodec("another-secret-" + "z" * 32, timedelta(hours=1)).encode(
        "admin", "f" * 32)[0]
    for token in (expired, forged):
        headers = {"Authorization": f"Bearer {token}"}
        assert_no_data(api.client.post("/api/v1/users/ent/disable", headers=headers), 401)
        assert_no_data(api.client.get("/api/v1/users", headers=headers), 401, "park")
    assert Access(api.workspace).user("ent").disabled_at is None
