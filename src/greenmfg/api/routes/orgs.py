"""Organisations and what belongs to them: inventories, benchmarks, imports, sign-offs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, UploadFile

from greenmfg.api.deps import PageDep, ServerDep, TenantDep
from greenmfg.api.error_map import error_responses
from greenmfg.api.schemas import (
    ImportResult,
    OrgPage,
    OrgPublic,
    SignoffIn,
    SignoffPublic,
    page_slice,
)
from greenmfg.api.uploads import saved_upload
from greenmfg.model import BenchmarkReport, Inventory
from greenmfg.workspace import Workspace

router = APIRouter(prefix="/orgs", tags=["organisations"])

Code = Annotated[str, Path(description="organisation code", max_length=64)]
Year = Annotated[int, Query(ge=1900, le=2100, description="reporting year")]


@router.get("", response_model=OrgPage, responses=error_responses(401, 422))
def list_orgs(tenant: TenantDep, page: PageDep) -> OrgPage:
    """The organisations the caller may see, in code order, one page at a time."""
    orgs = tenant.organisations()
    return OrgPage(items=[OrgPublic.of(o) for o in page_slice(orgs, page)], total=len(orgs),
                   limit=page.limit, offset=page.offset)


@router.get("/{code}", response_model=OrgPublic, responses=error_responses(401, 404, 422))
def get_org(code: Code, tenant: TenantDep) -> OrgPublic:
    return OrgPublic.of(tenant.organisation(code))


@router.get("/{code}/inventory", response_model=Inventory,
            responses=error_responses(401, 404, 422))
def get_inventory(
    code: Code, year: Year, tenant: TenantDep,
    method: Annotated[str, Query(description="gbt32150, cement-ets-2024, … (greenmfg methods)",
                                 max_length=64)] = "gbt32150",
    gwp: Annotated[str, Query(description="AR4, AR5 or AR6", max_length=16)] = "AR5",
    fuel_edition: Annotated[str, Query(description="gbt32150-2015 or ndrc-2013",
                                       max_length=32)] = "gbt32150-2015",
    grid_level: Annotated[str, Query(description="provincial, regional or national",
                                     max_length=16)] = "provincial",
) -> Inventory:
    """The inventory JSON of ``greenmfg inventory --format json`` (docs/formats.md)."""
    options = Workspace.method_options(method, gwp_set=gwp, fuel_edition=fuel_edition,
                                       grid_level=grid_level)
    return tenant.inventory(code, year, options)


@router.get("/{code}/benchmark", response_model=BenchmarkReport,
            responses=error_responses(401, 404, 422))
def get_benchmark(code: Code, year: Year, tenant: TenantDep) -> BenchmarkReport:
    """The benchmark JSON of ``greenmfg benchmark --format json``."""
    return tenant.benchmark(code, year)


@router.post("/{code}/imports", status_code=201, response_model=ImportResult,
             responses=error_responses(401, 403, 404, 413, 422))
def import_file(code: Code, file: UploadFile, tenant: TenantDep, srv: ServerDep) -> ImportResult:
    """Import an .xlsx or .csv (the interchange formats), all or nothing.

    Every row must belong to ``code`` or an organisation below it. Any rejected row, or a file
    that is no spreadsheet, answers 422 with the rejected rows, and nothing of the file is stored.
    """
    with saved_upload(file, srv.settings.max_upload_bytes) as path:
        return ImportResult.of(tenant.import_file(code, path))


@router.post("/{code}/inventory/{year}/signoff", status_code=201, response_model=SignoffPublic,
             responses=error_responses(401, 403, 404, 409, 422))
def sign_off(code: Code, year: Annotated[int, Path(ge=1900, le=2100)], body: SignoffIn,
             tenant: TenantDep) -> SignoffPublic:
    """A verifier signs off the inventory it reviewed (named by its ``lineage.result_id``)."""
    return SignoffPublic.of(tenant.sign_off(code, year, body.result_id, body.statement))
