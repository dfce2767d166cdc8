"""Activity records one by one: list, read, create, change, delete, with optimistic concurrency.

Every record has a version (1 when stored, one more at every change), sent as its ``ETag``. A
change (PUT, DELETE) must send the version it read as ``If-Match``: without it the answer is 428,
with a version that is no longer stored 412 (someone changed it since: read it again). Values go
through the import's validation (422 naming the column), every change is written to the audit
log, and the tenancy is that of the other organisation routes: records of organisations outside
the caller's scope are not found (404), changes need the import right (403).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from greenmfg.api.deps import PageDep, TenantDep
from greenmfg.api.error_map import error_responses
from greenmfg.model import ActivityRecord

router = APIRouter(prefix="/orgs", tags=["activity"])

Code = Annotated[str, Path(description="organisation code", max_length=64)]
RecordId = Annotated[str, Path(description="activity record id (A-…)", max_length=64)]
IfMatch = Annotated[str | None, Header(
    description='the ETag of the version read, e.g. "3" (* for whatever version is stored)',
    max_length=80)]
Number = float | str


class ActivityIn(BaseModel):
    """One activity row in the interchange columns (docs/formats.md, Activity CSV), without
    ``org_code``: the organisation is the one in the path."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    site: str = Field("", max_length=200, description="site inside the enterprise (may be empty)")
    source: str = Field("", max_length=200, description="emission source (default: the item)")
    item: str = Field(max_length=200, description="catalogue code, Chinese or English name")
    period: str = Field(max_length=16, description="YYYY (year total) or YYYY-MM")
    quantity: Number = Field(description="not negative, in `unit`")
    unit: str = Field(max_length=40)
    ncv: Number | None = None
    ncv_unit: str | None = Field(None, max_length=40)
    carbon_content: Number | None = None
    carbon_content_unit: str | None = Field(None, max_length=40)
    oxidation_rate: Number | None = None
    emission_factor: Number | None = None
    emission_factor_unit: str | None = Field(None, max_length=40)
    data_quality: str | None = Field(None, max_length=40,
                                     description="measured (default), calculated or default")
    evidence: str = Field("", max_length=500)

    def row(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class ActivityPublic(ActivityRecord):
    """A stored activity record (the import's record) and its version (also its ETag)."""

    version: int = Field(description="1 when stored, one more at every change")

    @classmethod
    def of(cls, found: tuple[ActivityRecord, int]) -> ActivityPublic:
        record, version = found
        return cls(**record.model_dump(), version=version)


class ActivityPage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    items: list[ActivityPublic]
    total: int = Field(description="items in all pages")
    limit: int
    offset: int


def _tagged(response: Response, found: tuple[ActivityRecord, int]) -> ActivityPublic:
    response.headers["ETag"] = f'"{found[1]}"'
    return ActivityPublic.of(found)


@router.get("/{code}/activity", response_model=ActivityPage,
            responses=error_responses(401, 404, 422))
def list_activity(
    code: Code, tenant: TenantDep, page: PageDep,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="only this year")] = None,
    item: Annotated[str | None, Query(max_length=200, description="only this item code")] = None,
) -> ActivityPage:
    """The organisation's activity records in record-id order, one page at a time."""
    found, total = tenant.activity_page(code, year=year, item=item, limit=page.limit,
                                        offset=page.offset)
    return ActivityPage(items=[ActivityPublic.of(f) for f in found], total=total,
                        limit=page.limit, offset=page.offset)


@router.post("/{code}/activity", status_code=201, response_model=ActivityPublic,
             responses=error_responses(401, 403, 404, 409, 422))
def create_activity(code: Code, body: ActivityIn, tenant: TenantDep,
                    response: Response) -> ActivityPublic:
    """Create a record (version 1). One with the same site, source, item and period: 409."""
    found = tenant.create_activity(code, body.row())
    response.headers["Location"] = f"/api/v1/orgs/{code}/activity/{found[0].record_id}"
    return _tagged(response, found)


@router.get("/{code}/activity/{record_id}", response_model=ActivityPublic,
            responses=error_responses(401, 404, 422))
def get_activity(code: Code, record_id: RecordId, tenant: TenantDep,
                 response: Response) -> ActivityPublic:
    """A record and its version (also the ``ETag`` header, for If-Match)."""
    return _tagged(response, tenant.activity_record(code, record_id))


@router.put("/{code}/activity/{record_id}", response_model=ActivityPublic,
            responses=error_responses(401, 403, 404, 412, 422, 428))
def update_activity(code: Code, record_id: RecordId, body: ActivityIn, tenant: TenantDep,
                    response: Response, if_match: IfMatch = None) -> ActivityPublic:
    """Replace a record's values (its site, source, item and period stay); needs If-Match."""
    return _tagged(response, tenant.update_activity(code, record_id, body.row(), if_match))


@router.delete("/{code}/activity/{record_id}", status_code=204, response_class=Response,
               responses=error_responses(401, 403, 404, 412, 422, 428))
def delete_activity(code: Code, record_id: RecordId, tenant: TenantDep,
                    if_match: IfMatch = None) -> Response:
    """Delete a record; needs If-Match."""
    tenant.delete_activity(code, record_id, if_match)
    return Response(status_code=204)
