"""Stored results and their lineage."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from greenmfg.api.deps import TenantDep
from greenmfg.api.error_map import error_responses
from greenmfg.api.schemas import ExplanationPublic

router = APIRouter(prefix="/results", tags=["results"])


@router.get("/{result_id}/explain", response_model=ExplanationPublic,
            responses=error_responses(401, 404, 422))
def explain(result_id: Annotated[str, Path(max_length=64)],
            tenant: TenantDep) -> ExplanationPublic:
    """The JSON of ``greenmfg explain --format json``: formula, factors, input records."""
    return ExplanationPublic.of(tenant.explain(result_id))
