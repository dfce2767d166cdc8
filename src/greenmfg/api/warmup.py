"""Warming the dashboard summaries when the server starts.

The first region summary computes every enterprise's inventory (seconds for thousands of
enterprises), so without a warm-up the first user of the dashboard waits for it. After startup a
background task computes the park and region summaries (:meth:`Dashboard.warm_plan`) one step at
a time: each step takes the server's lock, computes one summary in a worker thread and lets go,
so requests arriving meanwhile wait for one step at most (one park's inventories of one year),
never for the whole warm-up. A step the data no longer allow (an import changed them meanwhile)
stops the warm-up with a log line; the summaries are then computed when asked, as before.

When it has finished, the objects alive then (the cached inventories and summaries, most of the
server's heap) are moved out of the garbage collector's reach with :func:`gc.freeze`, and so is
what a request computes later (:func:`settle`): otherwise each full collection walks every cached
inventory, a pause of about 250 ms over 2,000 enterprises that made the dashboard's p99 latency
(bench/README.md). Reference counting still frees them when the cache drops them; only a
reference cycle among them would wait for :func:`gc.unfreeze`, which the server calls when it
stops.

``GREENMFG_DASHBOARD_WARMUP=false`` turns it off.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import anyio
from fastapi.concurrency import run_in_threadpool

from greenmfg.api.deps import ServerState

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class WarmUp:
    """How far the warm-up has come: steps done of ``total``; ``done`` is set when it ends
    (finished, failed or cancelled)."""

    total: int = 0
    steps: int = 0
    computed: int = 0
    seconds: float = 0.0
    error: str | None = None
    done: anyio.Event = field(default_factory=anyio.Event)


async def warm_dashboard(srv: ServerState, progress: WarmUp) -> None:
    """Compute every summary of :meth:`Dashboard.warm_plan` not computed yet, one per lock."""
    dashboard = srv.access.dashboard
    start = time.perf_counter()
    try:
        async with srv.lock:
            plan = await run_in_threadpool(dashboard.warm_plan)
        progress.total = len(plan)
        for kind, code, year in plan:
            async with srv.lock:
                if not dashboard.ready(kind, code, year):
                    await run_in_threadpool(dashboard.summary, kind, code, year)
                    progress.computed += 1
            progress.steps += 1
        settle()
        progress.seconds = time.perf_counter() - start
        logger.info("dashboard warmed up: %d summaries computed in %.1f s", progress.computed,
                    progress.seconds)
    except Exception as exc:  # a warm-up that fails must not stop the server
        progress.error = f"{type(exc).__name__}: {exc}"
        logger.warning("dashboard warm-up stopped after %d of %d steps: %s", progress.steps,
                       progress.total, progress.error)
    finally:
        progress.done.set()


def settle() -> None:
    """Keep the objects alive now (computed summaries) out of future garbage collections."""
    gc.freeze()


@asynccontextmanager
async def warming(srv: ServerState, *, enabled: bool = True) -> AsyncIterator[WarmUp]:
    """Run :func:`warm_dashboard` in the background while the block runs; cancel it after
    (a step already in a worker thread finishes first, so the workspace can then be closed),
    and give what was frozen back to the garbage collector."""
    progress = WarmUp()
    try:
        if not enabled:
            progress.done.set()
            yield progress
            return
        async with anyio.create_task_group() as group:
            group.start_soon(warm_dashboard, srv, progress)
            try:
                yield progress
            finally:
                group.cancel_scope.cancel()
    finally:
        gc.unfreeze()
