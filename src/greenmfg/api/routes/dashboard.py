"""Dashboard summaries (the web pages' figures) as JSON, with the caller's tenancy.

The summaries are computed once per data version (:mod:`greenmfg.dashboard`), and their JSON
serialised once too, so most answers are bytes already there. Such an answer is served on the
event loop under the workspace lock: signing in (a token already checked is remembered), the
tenancy check and a cache lookup take microseconds, no hop to a worker thread queues behind the
interpreter lock, and the bytes are sent as they are (the ``response_model`` documents them; it
does not validate them again). Only a summary still to compute goes to a worker thread.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.concurrency import run_in_threadpool

from greenmfg.api.deps import Credentials, CredentialsDep, ServerDep, ServerState
from greenmfg.api.error_map import error_responses
from greenmfg.api.warmup import settle
from greenmfg.dashboard import EnterpriseSummary, ParkSummary, RegionSummary

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

Code = Annotated[str, Path(description="organisation code", max_length=64)]
Year = Annotated[int | None, Query(ge=1900, le=2100,
                                   description="reporting year; default the latest with data")]


async def _summary(srv: ServerState, credentials: Credentials, kind: str, code: str,
                   year: int | None) -> Response:
    access = srv.access
    async with srv.lock:
        tenant = access.tenant(access.authenticate(bearer=credentials.bearer,
                                                   api_key=credentials.api_key))
        if access.dashboard.ready(kind, code, year):
            body = tenant.summary_json(kind, code, year)
        else:
            body = await run_in_threadpool(tenant.summary_json, kind, code, year)
            settle()  # what was computed stays: keep it out of full garbage collections
    return Response(body, media_type="application/json")


@router.get("/enterprises/{code}", response_model=EnterpriseSummary,
            responses=error_responses(401, 404, 422))
async def enterprise_summary(code: Code, srv: ServerDep, credentials: CredentialsDep,
                             year: Year = None) -> Response:
    """Emissions by source and month (tCO2e), energy by carrier (tce), intensities, green power."""
    return await _summary(srv, credentials, "enterprise", code, year)


@router.get("/parks/{code}", response_model=ParkSummary, responses=error_responses(401, 404, 422))
async def park_summary(code: Code, srv: ServerDep, credentials: CredentialsDep,
                       year: Year = None) -> Response:
    """The park's enterprises ranked by emissions, its totals and green-power share."""
    return await _summary(srv, credentials, "park", code, year)


@router.get("/regions/{code}", response_model=RegionSummary,
            responses=error_responses(401, 404, 422))
async def region_summary(code: Code, srv: ServerDep, credentials: CredentialsDep,
                         year: Year = None) -> Response:
    """The region's totals per year (the trend) and its parks and enterprises in one year."""
    return await _summary(srv, credentials, "region", code, year)
