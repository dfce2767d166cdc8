"""Failed sign-ins are throttled per user name and per client address (429 with Retry-After)."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from greenmfg.api import load_settings
from greenmfg.api.throttle import FailureWindow, TooManyAttempts
from tests.api.conftest import SECRET, Api, copy_of, open_api, settings

WINDOW_S = 900


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def throttled(seeded_file: Path, tmp_path: Path) -> Iterator[tuple[Api, Clock]]:
    """5 failures per user name, 8 per address, in 900 s; a clock the test moves."""
    for api in open_api(copy_of(seeded_file, tmp_path), settings(
            login_max_failures_per_username=5, login_max_failures_per_address=8,
            login_window_seconds=WINDOW_S)):
        clock = Clock()
        api.client.app.state.greenmfg.throttle.clock = clock  # type: ignore[attr-defined]
        yield api, clock


def test_a_user_name_is_throttled_after_five_failures(throttled: tuple[Api, Clock]) -> None:
    api, clock = throttled
    for second in range(5):  # failures at 1000, 1001, ... 1004 s
        clock.now = 1000.0 + second
        assert api.login("ent", "wrong-password").status_code == 401
    clock.now = 1010.0
    refused = api.login("ent")  # the right password, but the name is throttled
    assert refused.status_code == 429
    # the failure at 1000 s ages out at 1000 + 900 = 1900 s: 1900 - 1010 = 890 s to wait
    assert refused.headers["Retry-After"] == "890"
    body = refused.json()
    assert body["code"] == "too_many_attempts" and "890" in body["detail_zh"]
    assert api.login("ENT", "wrong-password").status_code == 429  # names are case-folded
    assert api.login("park").status_code == 200  # other names are not throttled
    clock.now = 1900.0
    assert api.login("ent").status_code == 200
    # success forgot the name's failures: four more are refused with 401, not 429
    for _ in range(4):
        assert api.login("ent", "wrong-password").status_code == 401


def test_an_address_is_throttled_across_user_names(throttled: tuple[Api, Clock]) -> None:
    api, clock = throttled
    for n in range(8):  # 8 different names, one failure each, all from "testclient"
        clock.now = 1000.0 + 10 * n
        assert api.login(f"guess{n}", "wrong-password").status_code == 401
    refused = api.login("admin")
    assert refused.status_code == 429
    # 8 failures at 1000..1070 s, limit 8: the first ages out at 1900 s; now 1070 s
    assert refused.headers["Retry-After"] == "830"
    clock.now = 1900.0  # one failure aged out: 7 inside the window
    assert api.login("admin").status_code == 200


def test_throttled_attempts_do_not_count_and_check_no_password(
        throttled: tuple[Api, Clock]) -> None:
    api, clock = throttled
    for _ in range(5):
        api.login("reg", "wrong-password")
    for _ in range(20):  # refused before any check: not counted, the window does not move
        assert api.login("reg", "wrong-password").status_code == 429
    clock.now += WINDOW_S
    assert api.login("reg").status_code == 200


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENMFG_SECRET_KEY", SECRET)
    monkeypatch.setenv("GREENMFG_LOGIN_MAX_FAILURES_PER_USERNAME", "3")
    monkeypatch.setenv("GREENMFG_LOGIN_MAX_FAILURES_PER_ADDRESS", "30")
    monkeypatch.setenv("GREENMFG_LOGIN_WINDOW_SECONDS", "60")
    loaded = load_settings()
    assert (loaded.login_max_failures_per_username, loaded.login_max_failures_per_address,
            loaded.login_window_seconds) == (3, 30, 60)
    monkeypatch.delenv("GREENMFG_LOGIN_MAX_FAILURES_PER_USERNAME")
    assert load_settings().login_max_failures_per_username == 5  # the default


def test_too_many_attempts_pickles() -> None:
    again = pickle.loads(pickle.dumps(TooManyAttempts(42)))
    assert again.retry_after_s == 42 and "42" in again.message_zh


@given(st.lists(st.floats(min_value=0, max_value=5000, allow_nan=False), max_size=60),
       st.integers(min_value=1, max_value=10), st.integers(min_value=1, max_value=1000))
@example(gaps=[0.012, 0.0], limit=1, window_s=512)  # 0.012 + 512 - 512 < 0.012 in floats
def test_a_window_never_lets_more_than_its_limit_through(
        gaps: list[float], limit: int, window_s: int) -> None:
    """Attempts that are let through (and then fail) never number more than ``limit`` inside
    any window; a refused attempt is told to wait exactly until the count drops below it."""
    window = FailureWindow(max_failures=limit, window_s=window_s)
    now, counted = 0.0, []
    for gap in gaps:
        now += gap
        wait = window.retry_after_s("k", now)
        inside = [t for t in counted if t > now - window_s]
        if wait is None:
            assert len(inside) < limit
            window.add("k", now)
            counted.append(now)
        else:
            assert len(inside) >= limit
            later = now + wait  # by then enough have aged out; a second earlier, not
            assert len([t for t in counted if t > later - window_s]) < limit
            assert wait == 1 or len([t for t in counted if t > later - 1 - window_s]) >= limit
