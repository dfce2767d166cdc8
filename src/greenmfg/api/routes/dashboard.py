"""Dashboard summaries (the web pages' figures) as JSON, with the caller's tenancy."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from greenmfg.api.deps import TenantDep
from greenmfg.api.error_map import error_responses
from greenmfg.dashboard import EnterpriseSummary, ParkSummary, RegionSummary

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

Code = Annotated[str, Path(description="organisation code", max_length=64)]
Year = Annotated[int | None, Query(ge=1900, le=2100,
                                   description="reporting year; default the latest with data")]


@router.get("/enterprises/{code}", response_model=EnterpriseSummary,
            responses=error_responses(401, 404, 422))
def enterprise_summary(code: Code, tenant: TenantDep, year: Year = None) -> EnterpriseSummary:
    """Emissions by source and month (tCO2e), energy by carrier (tce), intensities, green power."""
    return tenant.enterprise_summary(code, year)


@router.get("/parks/{code}", response_model=ParkSummary, responses=error_responses(401, 404, 422))
def park_summary(code: Code, tenant: TenantDep, year: Year = None) -> ParkSummary:
    """The park's enterprises ranked by emissions, its totals and green-power share."""
    return tenant.park_summary(code, year)


@router.get("/regions/{code}", response_model=RegionSummary,
            responses=error_responses(401, 404, 422))
def region_summary(code: Code, tenant: TenantDep, year: Year = None) -> RegionSummary:
    """The region's totals per year (the trend) and its parks and enterprises in one year."""
    return tenant.region_summary(code, year)
