"""The API's public schemas: what goes over the wire, apart from the domain and store types.

Results (inventories, benchmarks, lineage, activity records) are the domain's own frozen models,
so the API's JSON is the CLI's JSON. Organisations, users, pages, errors and sign-offs have their
own ``*Public`` / ``*In`` schemas here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from greenmfg.access import Principal, Role
from greenmfg.model import ActivityRecord, EmissionLine, EnergyLine, Lineage, Organisation, OrgKind
from greenmfg.store.duckdb_store import AuditEntry
from greenmfg.store.users import StoredSignoff
from greenmfg.workspace import Explanation, ImportReport

MAX_PAGE = 500
T = TypeVar("T")


class _Public(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TokenPublic(_Public):
    """OAuth2 token response."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="seconds until the token expires")


class PrincipalPublic(_Public):
    username: str
    role: Role
    org_code: str | None
    via: Literal["token", "api_key"]

    @classmethod
    def of(cls, principal: Principal) -> PrincipalPublic:
        return cls(username=principal.username, role=principal.role,
                   org_code=principal.org_code,
                   via="token" if principal.token_id is not None else "api_key")


class OrgPublic(_Public):
    code: str
    name: str
    kind: OrgKind
    parent_code: str | None
    industry_code: str | None
    region_code: str | None
    credit_code: str | None

    @classmethod
    def of(cls, org: Organisation) -> OrgPublic:
        return cls(**org.model_dump())


class PageParams(_Public):
    limit: int
    offset: int


class _Page(_Public):
    total: int = Field(description="items in all pages")
    limit: int
    offset: int


class OrgPage(_Page):
    items: list[OrgPublic]


class AuditEntryPublic(_Public):
    seq: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: dict[str, Any]
    input_sha256: str | None
    prev_hash: str
    entry_hash: str

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryPublic:
        return cls(seq=entry.seq, at=entry.at, actor=entry.actor, action=entry.action,
                   target=entry.target, detail=entry.detail, input_sha256=entry.input_sha256,
                   prev_hash=entry.prev_hash, entry_hash=entry.entry_hash)


class AuditPage(_Page):
    items: list[AuditEntryPublic]
    chain_intact: bool = Field(description="every entry's hash matches its content and its "
                                           "predecessor (the whole log, not just this page)")


def page_slice(items: Sequence[T], page: PageParams) -> list[T]:
    return list(items[page.offset:page.offset + page.limit])


class RejectedRowPublic(_Public):
    """One problem in one cell (``column`` empty: the row as a whole)."""

    file: str
    sheet: str
    row: int
    column: str
    value: str
    reason_en: str
    reason_zh: str
    raw: str = Field(description="the whole row as JSON")


class ImportResult(_Public):
    import_id: str
    file: str
    sha256: str
    rows_read: int
    organisations: int = Field(description="organisations inserted or updated")
    inserted: int
    updated: int
    unchanged: int

    @classmethod
    def of(cls, report: ImportReport) -> ImportResult:
        return cls(import_id=report.import_id, file=report.file, sha256=report.sha256,
                   rows_read=report.rows_read, organisations=report.organisations,
                   inserted=report.inserted, updated=report.updated, unchanged=report.unchanged)


class ExplanationPublic(_Public):
    """The same JSON as ``greenmfg explain --format json``."""

    result_id: str
    kind: Literal["inventory", "emission_line", "energy_line"]
    line: EmissionLine | EnergyLine | None
    inventory_lineage: Lineage
    records: list[ActivityRecord]

    @classmethod
    def of(cls, found: Explanation) -> ExplanationPublic:
        return cls.model_validate({"result_id": found.result_id, "kind": found.kind,
                                   "line": found.line, "inventory_lineage":
                                   found.inventory.lineage, "records": list(found.records)})


class SignoffIn(_Public):
    result_id: str = Field(min_length=1, max_length=64,
                           description="lineage.result_id of the inventory that was reviewed")
    statement: str = Field(default="", max_length=4000,
                           description="the verifier's statement (opinion, scope, exceptions)")


class SignoffPublic(_Public):
    signoff_id: str
    org_code: str
    year: int
    inventory_result_id: str
    co2e_t: float = Field(description="the signed-off inventory's total, t CO2e")
    signed_by: str
    signed_at: datetime
    statement: str

    @classmethod
    def of(cls, signoff: StoredSignoff) -> SignoffPublic:
        return cls(signoff_id=signoff.signoff_id, org_code=signoff.org_code, year=signoff.year,
                   inventory_result_id=signoff.inventory_result_id, co2e_t=signoff.co2e_t,
                   signed_by=signoff.signed_by, signed_at=signoff.signed_at,
                   statement=signoff.statement)


class Health(_Public):
    status: Literal["ok"] = "ok"
    version: str
    schema_version: int


class FieldError(_Public):
    loc: list[str | int]
    msg: str
    type: str


class ErrorBody(_Public):
    """Every error the API answers: a message in English and Chinese and a stable code."""

    detail: str
    detail_zh: str
    code: str = Field(description="not_authenticated, forbidden, not_found, stale_result, "
                                  "input_error, rejected_rows, invalid_request, too_large, http_error")
    errors: list[FieldError] | None = Field(default=None,
                                            description="invalid_request: each invalid field")
    rejected: list[RejectedRowPublic] | None = Field(
        default=None, description="rejected_rows: every rejected row (nothing was stored)")
    rows_read: int | None = Field(default=None, description="rejected_rows: rows in the file")
