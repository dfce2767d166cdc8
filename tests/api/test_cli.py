"""``greenmfg user …``, ``greenmfg serve`` and the demo's accounts, through the command line."""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest
from fastapi.testclient import TestClient

from greenmfg.api import create_app
from greenmfg.cli.app import run
from tests.api.conftest import copy_of, settings


def cli(capsys: pytest.CaptureFixture[str], ws: Path, *args: str,
        stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None,
        ) -> tuple[int, str, str]:
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = run(["--workspace", str(ws), "--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_user_commands(seeded_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    ws = copy_of(seeded_file, tmp_path)
    code, out, _ = cli(capsys, ws, "user", "add", "alice", "--role", "park", "--org", "P1",
                       "--password-stdin", stdin="alice-secret-pw\n", monkeypatch=monkeypatch)
    assert code == 0 and "alice added (park, P1)" in out
    code, out, _ = cli(capsys, ws, "user", "list", "--format", "json")
    users = {u["username"]: u for u in json.loads(out)}
    assert users["alice"]["role"] == "park" and users["alice"]["org"] == "P1"
    assert "alice-secret-pw" not in out and "argon2" not in out
    code, out, err = cli(capsys, ws, "user", "api-key", "alice", "--name", "ERP")
    key = out.strip()
    assert code == 0 and key.startswith("gmk_") and "not shown again" in err
    with TestClient(create_app(ws, settings())) as client:
        login = client.post("/api/v1/auth/token",
                            data={"username": "alice", "password": "alice-secret-pw"})
        assert login.status_code == 200
        orgs = client.get("/api/v1/orgs", headers={"X-API-Key": key}).json()
        assert [o["code"] for o in orgs["items"]] == ["E1", "E1-S1", "E2", "P1"]
    code, out, _ = cli(capsys, ws, "user", "password", "alice", "--password-stdin",
                       stdin="alice-new-pw-2\n", monkeypatch=monkeypatch)
    assert code == 0 and "new password" in out and "alice-new-pw-2" not in out
    with TestClient(create_app(ws, settings())) as client:
        for password, status in (("alice-secret-pw", 401), ("alice-new-pw-2", 200)):
            assert client.post("/api/v1/auth/token", data={
                "username": "alice", "password": password}).status_code == status
    key_id = key.split("_")[1]
    assert cli(capsys, ws, "user", "revoke-key", key_id)[0] == 0
    assert cli(capsys, ws, "user", "disable", "alice")[0] == 0
    code, out, _ = cli(capsys, ws, "user", "list", "--format", "json")
    assert next(u for u in json.loads(out) if u["username"] == "alice")["disabled_at"]


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("bob", "--role", "park", "--org", "E1"), "long-enough-pw\n", "belongs to a park"),
    (("bob", "--role", "enterprise"), "long-enough-pw\n", "belongs to an organisation"),
    (("bob", "--role", "admin", "--org", "R1"), "long-enough-pw\n", "belongs to no organisation"),
    (("bob", "--role", "regulator", "--org", "NOPE"), "long-enough-pw\n", "does not exist"),
    (("bob", "--role", "regulator", "--org", "R1"), "short\n", "fewer than 8"),
    (("ent", "--role", "enterprise", "--org", "E1"), "long-enough-pw\n", "exists already"),
    (("bad name!", "--role", "admin"), "long-enough-pw\n", "user name"),
])
def test_user_add_refuses_bad_input(seeded_file: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
                                    stdin: str, message: str) -> None:
    ws = copy_of(seeded_file, tmp_path)
    code, _, err = cli(capsys, ws, "user", "add", *args, "--password-stdin", stdin=stdin,
                       monkeypatch=monkeypatch)
    assert code == 2 and message in " ".join(err.split()), err
    assert stdin.strip() not in err


def test_user_add_refuses_an_unknown_role(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, tmp_path / "ws.duckdb", "user", "add", "x", "--role", "god")
    assert code == 2 and "god" in err


def test_serve_refuses_to_start_without_a_secret(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GREENMFG_SECRET_KEY", raising=False)
    code, _, err = cli(capsys, tmp_path / "ws.duckdb", "serve")
    assert code == 2 and "GREENMFG_SECRET_KEY" in err and "--dev" in err
    monkeypatch.setenv("GREENMFG_SECRET_KEY", "changethis")
    assert cli(capsys, tmp_path / "ws.duckdb", "serve")[0] == 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _user_commands_meet_the_running_server(ws: Path, pid: int) -> None:
    """While the server holds the file, ``greenmfg user …`` says so in the user's language."""
    for lang, words in (("en", ("held open by another process", "greenmfg serve",
                                "/api/v1/users", "stop the server")),
                        ("zh-CN", ("正被另一个进程", "greenmfg serve", "/api/v1/users",
                                   "停止服务器"))):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = run(["--workspace", str(ws), "--lang", lang, "user", "list"])
        said = " ".join(err.getvalue().split())
        assert code == 1, said
        assert str(ws) in said and f"PID {pid}" in said, said
        assert all(w in said for w in words), said
        assert "Traceback" not in said


def test_serve_dev_answers_on_loopback(seeded_file: Path, tmp_path: Path) -> None:
    """A real uvicorn process on 127.0.0.1: health, sign-in, a scoped list; then it stops."""
    ws = copy_of(seeded_file, tmp_path)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENMFG_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "greenmfg", "--workspace", str(ws), "serve", "--dev",
         "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx2.get(f"{base}/health", timeout=2)
                break
            except httpx2.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert health.json()["status"] == "ok"
        token = httpx2.post(f"{base}/auth/token", timeout=10, data={
            "username": "ent", "password": "pw-ent-Kx7!q2"}).json()["access_token"]
        orgs = httpx2.get(f"{base}/orgs", timeout=10,
                          headers={"Authorization": f"Bearer {token}"}).json()
        assert [o["code"] for o in orgs["items"]] == ["E1", "E1-S1"]
        _user_commands_meet_the_running_server(ws, server.pid)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "dev mode" in output and "/api/v1/auth/token" in output
    assert "pw-ent-Kx7!q2" not in output and token not in output


def test_demo_writes_one_account_per_role(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "demo.duckdb"
    code, out, _ = cli(capsys, ws, "demo")
    assert code == 0
    path = tmp_path / "demo-accounts.json"
    accounts = json.loads(path.read_text(encoding="utf-8"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [(a["role"], a["org"]) for a in accounts] == [
        ("enterprise", "CEM01"), ("park", "BT-DEMO-PARK"), ("regulator", "150200"),
        ("verifier", "BT-DEMO-PARK"), ("admin", None)]
    for account in accounts:
        assert set(account) == {"username", "password", "role", "org"}
        assert f"{account['username']} ({account['role']}" in out and account["password"] in out
    with TestClient(create_app(ws, settings())) as client:
        seen = {}
        for account in accounts:
            token = client.post("/api/v1/auth/token", data={
                "username": account["username"], "password": account["password"]}).json()
            orgs = client.get("/api/v1/orgs", params={"limit": 500}, headers={
                "Authorization": f"Bearer {token['access_token']}"}).json()
            seen[account["role"]] = {o["code"] for o in orgs["items"]}
    assert seen["enterprise"] == {"CEM01", "CEM01-KILN", "CEM01-MILL"}
    assert seen["park"] == seen["verifier"] and "CEM01" in seen["park"]
    assert "150200" not in seen["park"] and "150200" in seen["regulator"]
    assert seen["admin"] > seen["regulator"] > seen["park"] > seen["enterprise"]
    # a second run gives the same users new passwords; the old ones stop working
    assert cli(capsys, ws, "demo")[0] == 0
    again = json.loads(path.read_text(encoding="utf-8"))
    assert [a["username"] for a in again] == [a["username"] for a in accounts]
    with TestClient(create_app(ws, settings())) as client:
        old = accounts[0]
        assert client.post("/api/v1/auth/token", data={
            "username": old["username"], "password": old["password"]}).status_code == 401
        assert client.post("/api/v1/auth/token", data={
            "username": again[0]["username"], "password": again[0]["password"]}
        ).status_code == 200
