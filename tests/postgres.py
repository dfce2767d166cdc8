"""A real, throwaway PostgreSQL server for the tests (no mock): ``initdb`` + ``pg_ctl`` in a
temporary folder, listening on a free loopback port, once per test session; each test that asks
for ``pg_url`` gets a fresh database in it.

The server binaries come from ``PATH`` or ``/usr/lib/postgresql/*/bin`` (Debian's
``postgresql`` package, which ``.ci/run`` installs). PostgreSQL refuses to run as root, so as
root the cluster runs as the ``postgres`` user (``runuser``). Without the binaries the tests that
need them are skipped locally, and fail when ``CI`` is set: CI never passes by skipping them.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["PostgresServer", "any_backend", "new_database", "pg_url", "postgres_server"]

_databases = itertools.count()


@dataclass(frozen=True, slots=True)
class PostgresServer:
    host: str
    port: int
    user: str

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"


def _bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                        else 0)
    return candidates[-1].parent if candidates else None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI needs a PostgreSQL server for these tests: {reason} "
                    "(.ci/run installs Debian's postgresql package)", pytrace=False)
    pytest.skip(f"no PostgreSQL server binaries: {reason}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bindir = _bindir()
    if bindir is None:
        _unavailable("initdb is neither on PATH nor in /usr/lib/postgresql/*/bin")
        raise AssertionError("unreachable")
    prefix: list[str] = []
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        try:
            import pwd
            owner = pwd.getpwnam("postgres")
        except KeyError:
            owner = None
        if runuser is None or owner is None:
            _unavailable("running as root, and no 'postgres' user or runuser to run the server")
            raise AssertionError("unreachable")
        prefix = [runuser, "-u", "postgres", "--"]
    # as root, in /tmp itself: the postgres user must reach the folder (a TMPDIR may be private)
    root = Path(tempfile.mkdtemp(prefix="greenmfg-pg-", dir="/tmp" if prefix else None))
    if prefix:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    data, log, port, user = root / "data", root / "server.log", _free_port(), "greenmfg"

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed: {done.stdout}{done.stderr}{detail}")

    run(str(bindir / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8",
        "--no-locale", "--no-sync")
    options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
    try:
        yield PostgresServer("127.0.0.1", port, user)
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def new_database(server: PostgresServer) -> Iterator[str]:
    """The URL of a new, empty database on ``server``, dropped after the block."""
    import psycopg

    name = f"greenmfg_test_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(server.url("postgres"), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield server.url(name)
    finally:
        with psycopg.connect(server.url("postgres"), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a new, empty database on the session's server (dropped afterwards)."""
    with new_database(postgres_server) as url:
        yield url


@pytest.fixture(params=["duckdb", "postgresql"])
def any_backend(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A workspace location on each back end: a DuckDB file path, then a PostgreSQL URL."""
    if request.param == "duckdb":
        return str(tmp_path / "w.duckdb")
    url: str = request.getfixturevalue("pg_url")
    return url
