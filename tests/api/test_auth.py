"""Signing in and out: every bad credential is refused the same way; no secret is kept or logged."""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from greenmfg.access import Access, Role, TokenCodec
from greenmfg.api import load_settings
from greenmfg.errors import InputError
from greenmfg.workspace import Workspace
from tests.api.conftest import SECRET, USERS, Api, assert_no_data, password_of


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _refused(api: Api, token: str, url: str = "/api/v1/orgs") -> None:
    response = api.client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert_no_data(response, 401, "E1")
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_token_is_oauth2_and_works(api: Api) -> None:
    response = api.login("ent")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    me = api.client.get("/api/v1/auth/me",
                        headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["username"] == "ent"


def test_wrong_password_and_unknown_user_get_the_same_refusal(api: Api) -> None:
    wrong = api.login("ent", "not-the-password")
    unknown = api.login("nobody", "not-the-password")
    assert_no_data(wrong, 401, "not-the-password")
    assert wrong.json() == unknown.json()
    assert "access_token" not in wrong.text


def test_expired_token_is_refused(api: Api) -> None:
    two_hours_ago = datetime.now(UTC) - timedelta(hours=2)
    old = Access(api.workspace, tokens=TokenCodec(SECRET, timedelta(hours=1),
                                                  clock=lambda: two_hours_ago))
    token = old.login("ent", password_of("ent")).access_token  # issued and recorded, but expired
    _refused(api, token)


def test_forged_tokens_are_refused(api: Api) -> None:
    header, payload, signature = api.tokens["ent"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    # 1. the payload changed to another user, the signature kept
    _refused(api, f"{header}.{_b64(json.dumps({**claims, 'sub': 'admin'}).encode())}.{signature}")
    # 2. signed with another secret
    other = TokenCodec("another-secret-" + "z" * 32, timedelta(hours=1))
    _refused(api, other.encode("admin", claims["jti"])[0])
    # 3. "alg": "none"
    none = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    _refused(api, f"{none}.{payload}.")
    # 4. the right secret, but a token id that was never issued (as with a stolen secret alone)
    _refused(api, TokenCodec(SECRET, timedelta(hours=1)).encode("admin", "f" * 32)[0])
    # 5. an expired token (issued and recorded) whose expiry was moved on: only the signature
    #    tells (a forged token id or user is caught by the issued-token table as well)
    two_hours_ago = datetime.now(UTC) - timedelta(hours=2)
    expired = Access(api.workspace, tokens=TokenCodec(
        SECRET, timedelta(hours=1), clock=lambda: two_hours_ago)).login(
        "ent", password_of("ent")).access_token
    e_header, e_payload, e_signature = expired.split(".")
    e_claims = json.loads(base64.urlsafe_b64decode(e_payload + "=" * (-len(e_payload) % 4)))
    later = _b64(json.dumps({**e_claims, "exp": e_claims["exp"] + 86_400},
                            separators=(",", ":"), sort_keys=True).encode())
    _refused(api, f"{e_header}.{later}.{e_signature}")
    # 6. rubbish
    for token in ("", "abc", "a.b.c", f"{header}.{payload}", f"{header}.!!!.{signature}"):
        response = api.client.get("/api/v1/orgs", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
    # the genuine token still works
    assert api.get("/api/v1/orgs", "ent").status_code == 200


def test_logout_revokes_the_token(api: Api) -> None:
    token = api.login("park").json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert api.client.get("/api/v1/orgs", headers=headers).status_code == 200
    assert api.client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    _refused(api, token)
    assert api.client.post("/api/v1/auth/logout", headers=headers).status_code == 401
    assert api.get("/api/v1/orgs", "park").status_code == 200  # other sessions go on


def test_disabled_user_is_refused_everywhere(api: Api) -> None:
    access = Access(api.workspace)
    _, key = access.add_api_key("ent", "meter gateway")
    access.disable_user("ent")
    _refused(api, api.tokens["ent"])
    assert_no_data(api.login("ent"), 401)
    assert api.client.get("/api/v1/orgs", headers={"X-API-Key": key}).status_code == 401
    # enabled again with a new password: the old token stays revoked
    access.reset_user("ent", "a-new-password-1", role=Role.ENTERPRISE, org_code="E1")
    _refused(api, api.tokens["ent"])
    assert api.login("ent", "a-new-password-1").status_code == 200


def test_api_keys_work_and_are_scoped(api: Api) -> None:
    access = Access(api.workspace)
    info, key = access.add_api_key("ent", "ERP export")
    headers = {"X-API-Key": key}
    orgs = api.client.get("/api/v1/orgs", headers=headers).json()
    assert [o["code"] for o in orgs["items"]] == ["E1", "E1-S1"]
    assert api.client.get("/api/v1/auth/me", headers=headers).json()["via"] == "api_key"
    assert_no_data(api.client.get("/api/v1/orgs/E2", headers=headers), 404, "E2 名称")
    assert_no_data(api.client.get("/api/v1/orgs/E4/inventory?year=2024", headers=headers), 404)
    # logout ends bearer tokens only
    assert api.client.post("/api/v1/auth/logout", headers=headers).status_code == 403
    for bad in (key[:-1] + ("A" if key[-1] != "A" else "B"), "gmk_000000000000_" + "x" * 43,
                "not-a-key"):
        assert api.client.get("/api/v1/orgs", headers={"X-API-Key": bad}).status_code == 401
    access.revoke_api_key(info.key_id)
    assert api.client.get("/api/v1/orgs", headers=headers).status_code == 401
    stored = api.workspace.store.connection.rows(
        "SELECT key_sha256 FROM api_keys WHERE key_id = ?", [info.key_id])
    assert stored and key not in str(stored)


def test_passwords_are_never_stored_or_logged_in_clear(
        seeded_file: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    from tests.api.conftest import copy_of, open_api
    path = copy_of(seeded_file, tmp_path)
    passwords = [password_of(u) for u in USERS] + ["wrong-password-xyz", "fresh-password-9"]
    for api in open_api(path):
        with Workspace(path, actor="op") as ws:
            Access(ws).add_user("fresh", "fresh-password-9", role=Role.PARK, org_code="P1")
        assert api.login("fresh", "fresh-password-9").status_code == 200
        assert api.login("ent", "wrong-password-xyz").status_code == 401
        assert api.login("nobody", "wrong-password-xyz").status_code == 401
        # a form without a user name: the 422 never repeats the password
        response = api.client.post("/api/v1/auth/token", data={"password": "wrong-password-xyz"})
        assert response.status_code == 422 and "wrong-password-xyz" not in response.text
        rows = api.workspace.store.connection.rows(
            "SELECT username, password_hash, role, org_code FROM users")
        assert len(rows) == len(USERS) + 1
        for row in rows:
            assert row[1].startswith("$argon2id$")
            assert not any(p in str(row) for p in passwords)
    # the workspace file (written and closed) holds no password anywhere
    data = path.read_bytes() + (path.with_suffix(".duckdb.wal").read_bytes()
                                if path.with_suffix(".duckdb.wal").exists() else b"")
    for password in passwords:
        assert password.encode() not in data
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert "signed in" in logged and "wrong password" in logged  # it did log
    for password in passwords:
        assert password not in logged


def test_settings_refuse_default_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GREENMFG_SECRET_KEY", raising=False)
    for bad in (None, "", "changethis", "short-secret"):
        if bad is not None:
            monkeypatch.setenv("GREENMFG_SECRET_KEY", bad)
        with pytest.raises(InputError, match="GREENMFG_SECRET_KEY") as caught:
            load_settings()
        if bad:
            assert bad not in caught.value.message_en
    strong = "s" * 16 + "0123456789abcdefghij"
    monkeypatch.setenv("GREENMFG_SECRET_KEY", strong)
    monkeypatch.setenv("GREENMFG_TOKEN_TTL_MINUTES", "15")
    monkeypatch.setenv("GREENMFG_LANG", "en")  # other greenmfg variables do not disturb it
    read = load_settings()  # read when called, not at import
    assert read.secret_key.get_secret_value() == strong and read.token_ttl_minutes == 15
    assert strong not in repr(read)
    # --dev: a random secret per process, whatever the environment says
    monkeypatch.setenv("GREENMFG_SECRET_KEY", "changethis")
    first, second = load_settings(dev=True), load_settings(dev=True)
    assert first.secret_key != second.secret_key
    assert len(first.secret_key.get_secret_value()) >= 32
    with pytest.raises(InputError):
        load_settings(secret_key=SecretStr(strong), token_ttl_minutes=0)


def test_importing_the_api_creates_no_app_and_reads_no_settings(tmp_path: Path) -> None:
    code = ("import fastapi, greenmfg.api, greenmfg.api.app, greenmfg.api.routes.orgs, sys\n"
            "mods = [m for n, m in sys.modules.items() if n.startswith('greenmfg.api')]\n"
            "apps = [v for m in mods for v in vars(m).values() if isinstance(v, fastapi.FastAPI)]\n"
            "sys.exit(len(apps))\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no GREENMFG_SECRET_KEY at all
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
