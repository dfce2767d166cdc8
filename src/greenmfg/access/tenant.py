"""The workspace as one signed-in user may see and change it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from greenmfg._internal.hashing import stable_id
from greenmfg.access.rules import Principal, Right, a_or_an, descendants, scope_of
from greenmfg.dashboard import Dashboard, EnterpriseSummary, ParkSummary, RegionSummary
from greenmfg.errors import (
    InputError,
    NotFoundError,
    PermissionDenied,
    PreconditionRequired,
    StaleResult,
    VersionConflict,
)
from greenmfg.ingest import RawSheet, Rejection, SheetKind, file_sha256
from greenmfg.ingest.rejects import raw_json
from greenmfg.model import (
    ActivityRecord,
    BenchmarkReport,
    Inventory,
    InventoryOptions,
    Organisation,
)
from greenmfg.model.cbam import CbamReport, CbamSpec
from greenmfg.store.duckdb_store import AuditEntry
from greenmfg.store.users import StoredSignoff, UserStore
from greenmfg.workspace import Explanation, ImportReport, RowScreen, Workspace

# what each right lets a user do, as the Chinese refusal names it
_RIGHT_ZH: dict[Right, str] = {Right.READ: "查看数据", Right.IMPORT: "导入数据",
                               Right.SIGN_OFF: "签署确认清单", Right.MANAGE_USERS: "管理用户"}


class TenantWorkspace:
    """The workspace as one principal may see and change it; every method enforces the scope.

    Built per request: the scope is computed from the organisation tree when it is created.
    """

    def __init__(self, workspace: Workspace, principal: Principal, users: UserStore,
                 clock: Callable[[], datetime], *, dashboard: Dashboard | None = None) -> None:
        self._ws = workspace
        self._dashboard = dashboard or Dashboard(workspace)
        self.principal = principal
        self._users = users
        self._clock = clock
        # the organisation tree and the scope, computed once per data version
        self._orgs = self._dashboard.organisations()
        self.scope = self._dashboard.memo(("scope", principal.role, principal.org_code),
                                          lambda: scope_of(principal, list(self._orgs.values())))

    def _no_org(self, code: str) -> NotFoundError:
        return NotFoundError(f"no organisation '{code}' among those you may see",
                             f"在您可查看的组织中没有“{code}”")

    def _require(self, code: str, right: Right) -> Organisation:
        """The organisation if it is in scope (else not found) and the role has the right."""
        org = self._orgs.get(code)
        if org is None or code not in self.scope:
            raise self._no_org(code)
        if not self.principal.may(right):
            raise PermissionDenied(
                f"{a_or_an(self.principal.role.value)} user may not "
                f"{right.value.replace('_', ' ')} '{code}'",
                f"{self.principal.role.value} 角色无权对“{code}”{_RIGHT_ZH[right]}")
        return org

    def organisations(self) -> list[Organisation]:
        """The organisations in scope, in code order."""
        return [o for code, o in sorted(self._orgs.items()) if code in self.scope]

    def organisation(self, code: str) -> Organisation:
        return self._require(code, Right.READ)

    def inventory(self, code: str, year: int, options: InventoryOptions | None = None
                  ) -> Inventory:
        self._require(code, Right.READ)
        return self._ws.inventory(code, year, options)

    def cbam(self, code: str, year: int, spec: CbamSpec) -> CbamReport:
        """EU CBAM embedded emissions of an enterprise in scope (see ``Workspace.cbam``)."""
        self._require(code, Right.READ)
        return self._ws.cbam(code, year, spec)

    def benchmark(self, code: str, year: int) -> BenchmarkReport:
        self._require(code, Right.READ)
        return self._ws.benchmark(code, year)

    def enterprise_summary(self, code: str, year: int | None = None) -> EnterpriseSummary:
        """The dashboard summary of an enterprise in scope (its latest year by default)."""
        self._require(code, Right.READ)
        return self._dashboard.enterprise(code, year)

    def park_summary(self, code: str, year: int | None = None) -> ParkSummary:
        """The dashboard summary of a park in scope: its enterprises ranked, totals."""
        self._require(code, Right.READ)
        return self._dashboard.park(code, year)

    def region_summary(self, code: str, year: int | None = None) -> RegionSummary:
        """The dashboard summary of a region in scope: totals per year, its children."""
        self._require(code, Right.READ)
        return self._dashboard.region(code, year)

    def summary_json(self, kind: str, code: str, year: int | None = None) -> bytes:
        """A dashboard summary (``enterprise``, ``park`` or ``region``) of an organisation in
        scope as the JSON bytes the API answers (serialised once per data version)."""
        self._require(code, Right.READ)
        return self._dashboard.summary_json(kind, code, year)

    def explain(self, result_id: str) -> Explanation:
        missing = NotFoundError(f"no result '{result_id}' among those you may see; compute "
                                "the inventory first", f"在您可查看的结果中没有“{result_id}”；请先计算清单")
        try:
            found = self._ws.explain(result_id)
        except NotFoundError as exc:
            raise missing from exc
        if found.inventory.org not in self.scope:
            raise missing
        return found

    def import_file(self, code: str, path: Path) -> ImportReport:
        """Import a file into ``code``'s part of the tree, all or nothing.

        Every row must belong to ``code`` or an organisation below it; new organisations must
        hang below it. A file with any rejected row (bad, or outside) stores nothing and raises
        :class:`~greenmfg.errors.RejectedRows`; the refusal is written to the audit log.
        """
        self._require(code, Right.IMPORT)
        try:
            return self._ws.import_file(path, screen=self._screen(code), all_or_nothing=True)
        except InputError as exc:
            with self._ws.store.transaction():
                self._ws.store.append_audit(self._ws.actor, "import_refused", path.name, {
                    "org_codes": [code], "reason": exc.message_en,
                    "rejected_rows": len({(r.get("sheet"), r.get("row"))
                                          for r in getattr(exc, "rejected", ())})},
                    file_sha256(path) if path.is_file() else None)
            raise

    def _screen(self, code: str) -> RowScreen:
        """Rows outside ``code``'s subtree become rejections (no row reveals whether an
        organisation outside exists: they all get the same reason)."""
        def screen(sheets: Sequence[RawSheet]) -> list[Rejection]:
            orgs = {o.code: o for o in self._ws.organisations()}
            allowed = set(descendants(code, orgs.values()))
            turned_away: list[Rejection] = []
            for sheet in sorted(sheets, key=lambda s: s.kind is SheetKind.ACTIVITY):
                for row in sheet.rows:
                    if sheet.kind is SheetKind.ORGANISATIONS:
                        column = _org_row_outside(code, row.values, orgs, allowed)
                    else:
                        org_code = _cell(row.values, "org_code")
                        column = "org_code" if org_code and org_code not in allowed else None
                    if column is not None:
                        turned_away.append(_outside(sheet, row.row, row.values, column, code))
            return turned_away
        return screen

    # -- activity records one by one: read in scope, change with the import right -----------
    def activity_page(self, code: str, *, year: int | None, item: str | None, limit: int,
                      offset: int) -> tuple[list[tuple[ActivityRecord, int]], int]:
        self._require(code, Right.READ)
        return self._ws.activity_page(code, year=year, item=item, limit=limit, offset=offset)

    def activity_record(self, code: str, record_id: str) -> tuple[ActivityRecord, int]:
        self._require(code, Right.READ)
        return self._ws.activity_record(code, record_id)

    def create_activity(self, code: str, row: Mapping[str, Any]) -> tuple[ActivityRecord, int]:
        self._require(code, Right.IMPORT)
        return self._ws.create_activity(code, row)

    def update_activity(self, code: str, record_id: str, row: Mapping[str, Any],
                        if_match: str | None) -> tuple[ActivityRecord, int]:
        """Replace a record's values; ``if_match`` is the version read (its ETag)."""
        self._require(code, Right.IMPORT)
        expected = expected_version(if_match, record_id)
        return self._ws.update_activity(code, record_id, row, expected)

    def delete_activity(self, code: str, record_id: str, if_match: str | None) -> None:
        self._require(code, Right.IMPORT)
        self._ws.delete_activity(code, record_id, expected_version(if_match, record_id))

    def audit_log(self) -> list[AuditEntry]:
        """Entries about organisations in scope only (an admin sees every entry)."""
        entries = self._ws.audit_log()
        if self.scope.codes is None:
            return entries
        codes = self.scope.codes
        return [e for e in entries if (named := _entry_orgs(e)) and named <= codes]

    def audit_chain_intact(self) -> bool:
        return self._ws.store.verify_audit_chain()

    def sign_off(self, code: str, year: int, result_id: str,
                 statement: str) -> StoredSignoff:
        """Sign off the inventory ``result_id`` of ``code`` for ``year`` (verifiers only).

        The inventory is computed again with the options it was computed with; if its inputs
        changed since, the result id differs and :class:`~greenmfg.errors.StaleResult` says so.
        """
        self._require(code, Right.SIGN_OFF)
        wrong = InputError(
            f"'{result_id}' is not an inventory result of '{code}' for {year}; take the "
            "lineage.result_id of GET /api/v1/orgs/{code}/inventory?year={year}",
            f"“{result_id}”不是“{code}” {year} 年的清单结果编号", found=result_id)
        try:
            found = self._ws.explain(result_id)
        except NotFoundError as exc:
            raise wrong from exc
        inventory = found.inventory
        if found.kind != "inventory" or inventory.org != code or inventory.year != year:
            raise wrong
        current = self._ws.inventory(code, year, inventory.lineage.options)
        if current.lineage.result_id != result_id:
            raise StaleResult(
                f"the inventory of '{code}' for {year} changed since {result_id} was computed "
                f"(now {current.lineage.result_id}); review it again before signing off",
                f"“{code}” {year} 年清单自 {result_id} 计算后已变化（现为 "
                f"{current.lineage.result_id}）；请重新审核后再签署")
        at = self._clock()
        signoff = StoredSignoff(
            stable_id("S-", {"result": result_id, "by": self.principal.username,
                             "at": at.isoformat()}),
            code, year, result_id, current.co2e_t, self.principal.username, at, statement)
        with self._ws.store.transaction():
            self._users.insert_signoff(signoff)
            self._ws.store.append_audit(self._ws.actor, "signoff", f"{code}/{year}", {
                "org_codes": [code], "year": year, "result_id": result_id,
                "co2e_t": current.co2e_t, "signoff_id": signoff.signoff_id,
                "statement": statement})
        return signoff


def expected_version(if_match: str | None, record_id: str) -> int | None:
    """The version an ``If-Match`` header names: its ETag ``"3"`` (or ``W/"3"``) is 3, ``*``
    is whatever version is stored (None). Missing: PreconditionRequired; not one version
    number: VersionConflict, as it matches no version."""
    value = (if_match or "").strip()
    if not value:
        raise PreconditionRequired(
            f"changing activity record '{record_id}' needs an If-Match header with the ETag "
            "its GET answered (the version you read), so that no one else's change is lost",
            f"修改活动数据记录“{record_id}”须带 If-Match 请求头，值为 GET 返回的 ETag（所读版本），"
            "以免覆盖他人的修改")
    if value == "*":
        return None
    tag = value.removeprefix("W/").strip().strip('"')
    if not tag.isdigit():
        raise VersionConflict(
            f"If-Match '{value[:40]}' is not an ETag of activity record '{record_id}'; send "
            'the one its GET answered, such as "3"',
            f"If-Match“{value[:40]}”不是活动数据记录“{record_id}”的 ETag；"
            '请使用 GET 返回的 ETag，例如 "3"')
    return int(tag)


def _cell(values: Mapping[str, Any], column: str) -> str:
    value = values.get(column)
    return "" if value is None else str(value).strip()


def _org_row_outside(code: str, values: Mapping[str, Any], orgs: Mapping[str, Organisation],
                     allowed: set[str]) -> str | None:
    """The column that puts an organisation row outside ``code``'s subtree, or None.

    A new organisation must hang below the subtree; an existing one must be in it and stay in
    it; ``code`` itself may be updated but not moved. Accepted codes join ``allowed``, so rows
    below a new organisation in the same file are accepted too.
    """
    org_code, parent = _cell(values, "code"), _cell(values, "parent_code")
    if not org_code:
        return None  # validation rejects it
    existing = orgs.get(org_code)
    if existing is None:
        outside = "parent_code" if parent not in allowed else None
    elif org_code not in allowed:
        outside = "code"
    elif org_code == code:
        outside = "parent_code" if (parent or None) != existing.parent_code else None
    else:
        outside = "parent_code" if parent not in allowed else None
    if outside is None:
        allowed.add(org_code)
    return outside


def _outside(sheet: RawSheet, row: int, values: Mapping[str, Any], column: str,
             code: str) -> Rejection:
    return Rejection(
        file=sheet.file, sheet=sheet.sheet, row=row, column=column,
        value=_cell(values, column),
        reason_en=f"this row is outside '{code}': every row of an upload to '{code}' must "
                  f"belong to it or to an organisation below it; upload it to its own "
                  "organisation",
        reason_zh=f"该行不属于“{code}”：上传到“{code}”的每一行都须属于该组织或其下级组织；"
                  "请上传到其所属组织",
        raw=raw_json(dict(values)))


def _entry_orgs(entry: AuditEntry) -> frozenset[str]:
    named = entry.detail.get("org_codes")
    return frozenset(str(c) for c in named) if isinstance(named, list) else frozenset()
