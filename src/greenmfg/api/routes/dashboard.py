"""Dashboard summaries (the web pages' figures) as JSON, with the caller's tenancy.

The summaries are computed once per data version (:mod:`greenmfg.dashboard`), so most answers
are already there. Such an answer is served on the event loop under the workspace lock: signing
in (a token already checked is remembered), the tenancy check and a cache lookup take
microseconds, and no hop to a worker thread queues behind the interpreter lock. Only a summary
still to compute goes to a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool

from greenmfg.access import TenantWorkspace
from greenmfg.api.deps import Credentials, CredentialsDep, ServerDep, ServerState
from greenmfg.api.error_map import error_responses
from greenmfg.dashboard import EnterpriseSummary, ParkSummary, RegionSummary

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

Code = Annotated[str, Path(description="organisation code", max_length=64)]
Year = Annotated[int | None, Query(ge=1900, le=2100,
                                   description="reporting year; default the latest with data")]
T = TypeVar("T")


async def _summary(srv: ServerState, credentials: Credentials, key: tuple[str, str, int | None],
                   fetch: Callable[[TenantWorkspace], T]) -> T:
    access = srv.access
    async with srv.lock:
        tenant = access.tenant(access.authenticate(bearer=credentials.bearer,
                                                   api_key=credentials.api_key))
        if access.dashboard.ready(*key):
            return fetch(tenant)
        return await run_in_threadpool(fetch, tenant)


@router.get("/enterprises/{code}", response_model=EnterpriseSummary,
            responses=error_responses(401, 404, 422))
async def enterprise_summary(code: Code, srv: ServerDep, credentials: CredentialsDep,
                             year: Year = None) -> EnterpriseSummary:
    """Emissions by source and month (tCO2e), energy by carrier (tce), intensities, green power."""
    return await _summary(srv, credentials, ("enterprise", code, year),
                          lambda tenant: tenant.enterprise_summary(code, year))


@router.get("/parks/{code}", response_model=ParkSummary, responses=error_responses(401, 404, 422))
async def park_summary(code: Code, srv: ServerDep, credentials: CredentialsDep,
                       year: Year = None) -> ParkSummary:
    """The park's enterprises ranked by emissions, its totals and green-power share."""
    return await _summary(srv, credentials, ("park", code, year),
                          lambda tenant: tenant.park_summary(code, year))


@router.get("/regions/{code}", response_model=RegionSummary,
            responses=error_responses(401, 404, 422))
async def region_summary(code: Code, srv: ServerDep, credentials: CredentialsDep,
                         year: Year = None) -> RegionSummary:
    """The region's totals per year (the trend) and its parks and enterprises in one year."""
    return await _summary(srv, credentials, ("region", code, year),
                          lambda tenant: tenant.region_summary(code, year))
