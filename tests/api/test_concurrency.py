"""More concurrent requests than the server has worker threads all finish.

Requests take the workspace lock one at a time; waiting ones must not hold the worker threads
the lock holder needs (a thread lock in a sync dependency deadlocked past 40 requests). The burst
runs in a child process with a time limit, so a deadlock fails this test instead of hanging it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.api.conftest import copy_of

_BURST = """
import os, sys
from concurrent.futures import ThreadPoolExecutor, wait
from fastapi.testclient import TestClient
from greenmfg.api import create_app
from tests.api.conftest import csv_of, org_row, password_of, settings

with TestClient(create_app(sys.argv[1], settings())) as client:
    tokens = {u: client.post("/api/v1/auth/token", data={"username": u,
              "password": password_of(u)}).json()["access_token"] for u in ("ent", "admin")}
    def call(i):
        user = ("ent", "admin")[i % 2]
        headers = {"Authorization": "Bearer " + tokens[user]}
        kind = i % 4
        if kind == 0:
            return client.get("/api/v1/orgs/E1/inventory?year=2024", headers=headers).status_code
        if kind == 1:
            return client.get("/api/v1/orgs", headers=headers).status_code
        if kind == 2:
            return client.post("/api/v1/orgs/E1/imports", headers=headers, files={
                "file": ("e1.csv", csv_of([org_row("E1")]), "text/csv")}).status_code
        return client.get("/api/v1/audit", headers=headers).status_code
    pool = ThreadPoolExecutor(64)
    futures = [pool.submit(call, i) for i in range(120)]
    done, pending = wait(futures, timeout=90)
    if pending:
        print(f"{len(pending)} of {len(futures)} requests never finished", flush=True)
        os._exit(3)
    print(sorted({f.result() for f in done}), flush=True)
"""


def test_a_burst_of_concurrent_requests_all_finish(seeded_file: Path, tmp_path: Path) -> None:
    ws = copy_of(seeded_file, tmp_path)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-W", "error", "-c", _BURST, str(ws)], cwd=root,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "[200, 201]"
