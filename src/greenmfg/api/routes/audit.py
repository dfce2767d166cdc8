"""The hash-chained audit log, as far as the caller's scope reaches."""

from __future__ import annotations

from fastapi import APIRouter

from greenmfg.api.deps import PageDep, TenantDep
from greenmfg.api.error_map import error_responses
from greenmfg.api.schemas import AuditEntryPublic, AuditPage, page_slice

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=AuditPage, responses=error_responses(401, 422))
def audit_log(tenant: TenantDep, page: PageDep) -> AuditPage:
    """Entries about organisations in the caller's scope, oldest first (admins see all)."""
    entries = tenant.audit_log()
    return AuditPage(items=[AuditEntryPublic.of(e) for e in page_slice(entries, page)],
                     total=len(entries), limit=page.limit, offset=page.offset,
                     chain_intact=tenant.audit_chain_intact())
