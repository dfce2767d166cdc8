"""EU CBAM embedded emissions of an enterprise's goods, and the operator's communication."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict

from greenmfg.api.deps import TenantDep
from greenmfg.api.error_map import error_responses
from greenmfg.model.cbam import CbamReport, CbamSpec
from greenmfg.report.cbam import operator_communication

router = APIRouter(prefix="/orgs", tags=["organisations"])


class CbamResult(BaseModel):
    """The JSON of ``greenmfg cbam --format json`` without the written file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    report: CbamReport
    communication: dict[str, Any]


@router.post("/{code}/cbam", response_model=CbamResult,
             responses=error_responses(401, 404, 422))
def post_cbam(
    code: Annotated[str, Path(description="organisation code", max_length=64)],
    year: Annotated[int, Query(ge=1900, le=2100, description="reporting year")],
    good: Annotated[str, Query(description="CN code of the good, e.g. 7207 or 2523 29 00",
                               max_length=16)],
    spec: CbamSpec, tenant: TenantDep,
) -> CbamResult:
    """SEE of every good of the installation described by the body (the CBAM input file,
    docs/formats.md), and the operator's communication for ``good`` (Annex IV 1.2 items)."""
    report = tenant.cbam(code, year, spec)
    return CbamResult(report=report, communication=operator_communication(report, good))
