"""Throttling of failed sign-ins, per user name and per client address, in this process.

Each failed ``POST /auth/token`` is remembered for ``window_s`` seconds under the user name it
named (case-folded) and under the client's address. Once either has ``max_failures`` failures
inside the window, sign-in for that name or from that address answers 429 with ``Retry-After``
(the seconds until enough of those failures have aged out) without checking the password, so
guessing costs the guesser time and the server no hashing. A successful sign-in forgets the
user name's failures (not the address's). The counts live in memory: they start empty when the
server starts and are not shared between processes (run one ``greenmfg serve`` per workspace).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from greenmfg.access import Access, IssuedToken
from greenmfg.errors import GreenmfgError, NotAuthenticated

__all__ = ["FailureWindow", "LoginThrottle", "TooManyAttempts"]


class TooManyAttempts(GreenmfgError):
    """Too many failed sign-ins for a user name or from an address; try again later."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            f"too many failed sign-ins for this user name or from this address; try again in "
            f"{retry_after_s} s",
            f"该用户名或该地址登录失败次数过多；请在 {retry_after_s} 秒后重试")
        self.retry_after_s = retry_after_s

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.retry_after_s,))


class FailureWindow:
    """Failures per key over a sliding window of ``window_s`` seconds.

    Parameters
    ----------
    max_failures
        Failures a key may have inside the window before it is refused.
    window_s
        How long a failure counts, seconds.

    >>> w = FailureWindow(max_failures=2, window_s=60)
    >>> w.add("a", 0.0); w.add("a", 10.0)
    >>> w.retry_after_s("a", 15.0)  # the failure at 0 s ages out at 60 s: 45 s from now
    45
    >>> w.retry_after_s("a", 60.0) is None
    True
    """

    def __init__(self, *, max_failures: int, window_s: float) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times

    def add(self, key: str, now: float) -> None:
        times = self._recent(key, now)
        times.append(now)
        self._failures[key] = times
        if len(self._failures) > 10_000:  # keys sprayed once each: drop those aged out
            for stale in list(self._failures):
                self._recent(stale, now)

    def clear(self, key: str) -> None:
        self._failures.pop(key, None)

    def retry_after_s(self, key: str, now: float) -> int | None:
        """Whole seconds until ``key`` may try again, or None if it may now."""
        times = self._recent(key, now)
        if len(times) < self.max_failures:
            return None
        # the failure that must age out to bring the count below the limit
        oldest_to_expire = times[len(times) - self.max_failures]
        wait = max(1, math.ceil(oldest_to_expire + self.window_s - now))
        if oldest_to_expire > now + wait - self.window_s:  # rounding left it one ulp inside
            wait += 1
        return wait


class LoginThrottle:
    """Failed sign-ins per user name and per client address (see the module docstring).

    Parameters
    ----------
    max_per_username, max_per_address
        Failures allowed inside the window for one user name / one client address.
    window_s
        How long a failure counts, seconds.
    clock
        Monotonic seconds; tests move it.
    """

    def __init__(self, *, max_per_username: int, max_per_address: int, window_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._by_username = FailureWindow(max_failures=max_per_username, window_s=window_s)
        self._by_address = FailureWindow(max_failures=max_per_address, window_s=window_s)
        self.clock = clock
        self._lock = threading.Lock()

    def login(self, access: Access, username: str, password: str,
              address: str) -> IssuedToken:
        """``access.login`` unless the name or the address is throttled (TooManyAttempts)."""
        name = username.casefold()
        with self._lock:
            now = self.clock()
            waits = [w for w in (self._by_username.retry_after_s(name, now),
                                 self._by_address.retry_after_s(address, now)) if w is not None]
        if waits:
            raise TooManyAttempts(max(waits))
        try:
            issued = access.login(username, password)
        except NotAuthenticated:
            with self._lock:
                now = self.clock()
                self._by_username.add(name, now)
                self._by_address.add(address, now)
            raise
        with self._lock:
            self._by_username.clear(name)
        return issued
