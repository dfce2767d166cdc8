"""The dashboard warm-up when the server starts (tree and figures in conftest / test_dashboard).

The tree has one park (P1: E1, E2) and two regions (R1: P1 and E3; R2: E4), all with data in
2024 only, so the plan is P1 in 2024 and by default, then R1 and R2 in 2024 and by default: six
summaries, which a request may interleave with one step at a time.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from greenmfg.access import Access, TokenCodec
from greenmfg.api import create_app
from greenmfg.api.deps import ServerState
from greenmfg.api.warmup import WarmUp
from greenmfg.dashboard import Dashboard
from greenmfg.errors import InputError
from greenmfg.workspace import Workspace
from tests.api.conftest import SECRET, copy_of, password_of, settings
from tests.api.test_dashboard import E1_T, E2_T, E3_T

PLAN = [("park", "P1", 2024), ("park", "P1", None), ("region", "R1", 2024),
        ("region", "R1", None), ("region", "R2", 2024), ("region", "R2", None)]


def wait_for(check: Callable[[], bool], what: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def state(app: FastAPI) -> tuple[ServerState, WarmUp]:
    return app.state.greenmfg, app.state.greenmfg_warmup


def token_for(path: Path, username: str) -> str:
    """A bearer token issued before the server starts (same secret), so that signing in does
    not have to wait for the warm-up."""
    with Workspace(path, actor="test") as ws:
        codec = TokenCodec(SECRET, timedelta(minutes=60))
        return Access(ws, tokens=codec).login(username, password_of(username)).access_token


def test_the_plan_is_parks_by_year_then_regions(seeded_file: Path, tmp_path: Path) -> None:
    with Workspace(copy_of(seeded_file, tmp_path), actor="test") as ws:
        assert Dashboard(ws).warm_plan() == PLAN


def test_an_unknown_summary_kind_is_an_input_error(seeded_file: Path, tmp_path: Path) -> None:
    with Workspace(copy_of(seeded_file, tmp_path), actor="test") as ws, \
            pytest.raises(InputError, match="no dashboard summary of kind 'site'"):
        Dashboard(ws).summary("site", "E1-S1")


def test_the_server_warms_every_park_and_region_summary(seeded_file: Path,
                                                         tmp_path: Path) -> None:
    path = copy_of(seeded_file, tmp_path)
    token = token_for(path, "reg")
    app = create_app(path, settings())
    with TestClient(app) as client:
        srv, progress = state(app)
        wait_for(progress.done.is_set, "the warm-up")
        assert (progress.error, progress.steps, progress.total, progress.computed) == (
            None, 6, 6, 6)
        assert all(srv.access.dashboard.ready(*step) for step in PLAN)
        computed = srv.access.dashboard.computed
        body = client.get("/api/v1/dashboard/regions/R1",
                          headers={"Authorization": f"Bearer {token}"}).json()
        assert body["trend"][0]["co2e_t"] == pytest.approx(E1_T + E2_T + E3_T)
        assert gc.get_freeze_count() > 0  # the warm cache is out of the collector's reach
        # only the regulator's tenancy scope and the summary's JSON were computed: the summary
        # came from the warm cache
        assert srv.access.dashboard.computed == computed + 2
    assert gc.get_freeze_count() == 0  # given back when the server stopped


def test_turned_off_it_computes_nothing(seeded_file: Path, tmp_path: Path) -> None:
    app = create_app(copy_of(seeded_file, tmp_path), settings(dashboard_warmup=False))
    with TestClient(app):
        srv, progress = state(app)
        assert progress.done.is_set()
        assert progress.total == 0
        assert srv.access.dashboard.computed == 0


def test_requests_are_answered_between_warm_up_steps(seeded_file: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Step 1 and step 2 of the warm-up are held until the test lets them go: while step 1
    holds the server's lock, health answers; a dashboard request queued behind step 1 is answered
    before step 2 ends, so it waits for one step, not for the whole warm-up."""
    path = copy_of(seeded_file, tmp_path)
    token = token_for(path, "ent")
    held = [threading.Event(), threading.Event()]
    release = [threading.Event(), threading.Event()]
    calls: list[tuple[str, str, int | None]] = []
    original = Dashboard.summary

    def held_summary(self: Dashboard, kind: str, code: str, year: int | None = None) -> object:
        calls.append((kind, code, year))
        if len(calls) <= len(held):
            held[len(calls) - 1].set()
            assert release[len(calls) - 1].wait(30)
        return original(self, kind, code, year)

    monkeypatch.setattr(Dashboard, "summary", held_summary)
    app = create_app(path, settings())
    with TestClient(app) as client, ThreadPoolExecutor(1) as pool:
        srv, progress = state(app)
        assert held[0].wait(30)
        assert client.get("/api/v1/health").status_code == 200
        asked = pool.submit(client.get, "/api/v1/dashboard/enterprises/E1",
                            headers={"Authorization": f"Bearer {token}"})
        wait_for(lambda: srv.lock.statistics().tasks_waiting == 1, "the request to queue")
        release[0].set()
        response = asked.result(timeout=30)
        assert response.status_code == 200, response.text
        assert response.json()["co2e_t"] == pytest.approx(E1_T)
        assert calls == PLAN[:1] or calls == PLAN[:2]  # step 2 has not ended
        assert not progress.done.is_set()
        release[1].set()
        wait_for(progress.done.is_set, "the warm-up")
        assert progress.error is None
        assert calls == PLAN
