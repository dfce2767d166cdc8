"""The one service surface: the CLI, the API and notebooks all call a :class:`Workspace`."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from greenmfg._internal.hashing import stable_id
from greenmfg.accounting import (
    METHODS,
    Method,
    compute_inventory,
    ets_compliance,
    resolve_method,
    sector,
    sector_of,
)
from greenmfg.demo import DemoPark, generate_park
from greenmfg.energy import benchmark_lines, product_line_inputs, tiered_price_class
from greenmfg.errors import NotFoundError
from greenmfg.ingest import (
    RawRow,
    RawSheet,
    Rejection,
    SheetKind,
    file_sha256,
    read_tables,
    validate_activity,
    validate_organisations,
    write_activity_template,
)
from greenmfg.model import (
    ActivityRecord,
    BenchmarkReport,
    EmissionLine,
    EnergyLine,
    EtsCompliance,
    Inventory,
    InventoryOptions,
    Organisation,
    OrgKind,
)
from greenmfg.refdata import ReferenceData, reference_data
from greenmfg.report import write_park_summary
from greenmfg.store import DuckDBStore, ImportSummary
from greenmfg.store.duckdb_store import AuditEntry

DEFAULT_WORKSPACE = "greenmfg.duckdb"


def default_actor() -> str:
    """Who is acting: ``GREENMFG_USER``, else the operating-system user."""
    env = os.environ.get("GREENMFG_USER")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - containers without a passwd entry
        return "unknown"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did; ``rejected`` holds every problem with its file, sheet, row, column."""

    import_id: str
    file: str
    sha256: str
    sheets: tuple[str, ...]
    rows_read: int
    organisations: int
    inserted: int
    updated: int
    unchanged: int
    rejected: tuple[Rejection, ...] = field(default_factory=tuple)

    @property
    def rejected_row_count(self) -> int:
        return len({(r.sheet, r.row) for r in self.rejected})


@dataclass(frozen=True, slots=True)
class Explanation:
    """A stored result with the input records it came from."""

    result_id: str
    kind: str
    inventory: Inventory
    line: EmissionLine | EnergyLine | None
    records: tuple[ActivityRecord, ...]


class Workspace:
    """An embedded workspace file and the operations users perform on it."""

    def __init__(self, path: str | Path = DEFAULT_WORKSPACE, *, actor: str | None = None) -> None:
        self.path = Path(path)
        self.actor = actor or default_actor()
        self.store = DuckDBStore(self.path)
        self.refdata: ReferenceData = reference_data()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- organisations -----------------------------------------------------------------
    def organisations(self, kind: OrgKind | None = None) -> list[Organisation]:
        orgs = self.store.organisations()
        return [o for o in orgs if kind is None or o.kind is kind]

    def organisation(self, code: str) -> Organisation:
        for org in self.store.organisations():
            if org.code == code:
                return org
        raise NotFoundError(f"organisation '{code}' does not exist; `greenmfg org list` shows "
                            "the known ones", f"组织“{code}”不存在；`greenmfg org list` 可查看已有组织")

    # -- import ------------------------------------------------------------------------
    def import_file(self, path: str | Path) -> ImportReport:
        """Import an .xlsx or .csv of organisations and/or activity (idempotent, atomic)."""
        path = Path(path)
        sheets = read_tables(path)
        return self._import_sheets(path.name, file_sha256(path), sheets)

    def import_rows(self, label: str, organisations: Sequence[dict[str, str]],
                    activity: Sequence[dict[str, str]]) -> ImportReport:
        """Import in-memory rows (interchange columns) through the same validation as files."""
        payload = json.dumps([list(organisations), list(activity)], sort_keys=True,
                             ensure_ascii=False)
        sha = hashlib.sha256(payload.encode()).hexdigest()
        sheets = []
        for kind, rows in ((SheetKind.ORGANISATIONS, organisations),
                           (SheetKind.ACTIVITY, activity)):
            if rows:
                columns = tuple(rows[0])
                sheets.append(RawSheet(label, kind.value, kind, columns, tuple(
                    RawRow(i + 2, dict(r)) for i, r in enumerate(rows))))
        return self._import_sheets(label, sha, sheets)

    def _import_sheets(self, file: str, sha: str, sheets: Sequence[RawSheet]) -> ImportReport:
        at = datetime.now(UTC)
        import_id = stable_id("IMP-", {"sha": sha, "at": at.isoformat(), "actor": self.actor})
        rejected: list[Rejection] = []
        inserted = updated = unchanged = orgs_written = rows_read = 0
        with self.store.transaction():
            kinds = {o.code: o.kind for o in self.store.organisations()}
            for sheet in sorted(sheets, key=lambda s: s.kind is SheetKind.ACTIVITY):
                rows_read += len(sheet.rows)
                if sheet.kind is SheetKind.ORGANISATIONS:
                    orgs, bad = validate_organisations(sheet, kinds)
                    counts = self.store.upsert_organisations(orgs)
                    orgs_written += counts.inserted + counts.updated
                    kinds.update({o.code: o.kind for o in orgs})
                else:
                    records, bad = validate_activity(sheet, self.refdata, kinds,
                                                     self.store.periods_for_keys)
                    counts = self.store.write_activity(records, import_id)
                    inserted += counts.inserted
                    updated += counts.updated
                    unchanged += counts.unchanged
                rejected.extend(bad)
            report = ImportReport(
                import_id=import_id, file=file, sha256=sha,
                sheets=tuple(s.sheet or s.kind.value for s in sheets), rows_read=rows_read,
                organisations=orgs_written, inserted=inserted, updated=updated,
                unchanged=unchanged, rejected=tuple(rejected))
            self.store.record_import(
                ImportSummary(import_id, file, sha, self.actor, at, rows_read, inserted, updated,
                              unchanged, report.rejected_row_count),
                [r.as_dict() for r in rejected])
            self.store.append_audit(self.actor, "import", file, {
                "import_id": import_id, "rows_read": rows_read, "organisations": orgs_written,
                "inserted": inserted, "updated": updated, "unchanged": unchanged,
                "rejected_rows": report.rejected_row_count}, sha)
        return report

    # -- accounting ----------------------------------------------------------------------
    def inventory(self, org_code: str, year: int, options: InventoryOptions | None = None
                  ) -> Inventory:
        """Compute (and store, for ``explain``) the inventory of an enterprise for a year."""
        org = self.organisation(org_code)
        records = self.store.activity([org.code], year)
        inventory = compute_inventory(org, year, records, self.refdata, options)
        self._save(inventory)
        return inventory

    @staticmethod
    def methods() -> tuple[Method, ...]:
        """The accounting methods on offer (GB/T 32150 and the sector methods)."""
        return METHODS

    @staticmethod
    def method_options(method: str, **options: str) -> InventoryOptions:
        """Inventory options for a method named as users type it (``cement-ets-2024``)."""
        found = resolve_method(method)
        return InventoryOptions(method=found.code, method_edition=found.edition, **options)

    def ets(self, org_code: str, year: int, *, sector_code: str | None = None,
            benchmark_tco2_per_t: float | None = None,
            adjustment: float = 1.0) -> EtsCompliance:
        """National-ETS compliance of an enterprise-year under its sector's ETS method.

        The sector comes from the enterprise's industry code unless ``sector_code`` is given;
        the inventory under the sector's method is computed and stored (for ``explain``).
        """
        org = self.organisation(org_code)
        found = sector(sector_code) if sector_code else sector_of(org)
        inventory = self.inventory(org.code, year, self.method_options(found.ets_method))
        return ets_compliance(inventory, self.store.activity([org.code], year), self.refdata,
                              found, benchmark_tco2_per_t=benchmark_tco2_per_t,
                              adjustment=adjustment)

    def benchmark(self, org_code: str, year: int) -> BenchmarkReport:
        """Product lines of an enterprise against the GB limit levels and the NDRC levels.

        Aluminium lines also get their tiered electricity price class (发改价格〔2021〕1239号).
        """
        org = self.organisation(org_code)
        inputs = product_line_inputs(self.store.activity([org.code], year), year, self.refdata)
        lines = benchmark_lines(inputs, year, self.refdata)
        tiered = tuple(
            tiered_price_class(line.value, year, self.refdata, output_t=line.output_per_year)
            for line in inputs if line.product == "primary_aluminium_liquid"
            and line.indicator == "ac_electricity")
        return BenchmarkReport(org=org.code, org_name=org.name, year=year, lines=lines,
                               tiered_price=tiered)

    def _save(self, inventory: Inventory) -> None:
        inv_id = inventory.lineage.result_id
        rows: list[tuple[str, str, str, str, int, str]] = [
            (inv_id, "inventory", inv_id, inventory.org, inventory.year,
             inventory.model_dump_json())]
        for line in inventory.lines:
            rows.append((line.result_id, "emission_line", inv_id, inventory.org, inventory.year,
                         line.model_dump_json()))
        for energy in inventory.energy:
            rows.append((energy.result_id, "energy_line", inv_id, inventory.org, inventory.year,
                         energy.model_dump_json()))
        with self.store.transaction():
            self.store.save_results(rows)

    def explain(self, result_id: str) -> Explanation:
        """The stored result with its formula, factors and input records."""
        found = self.store.result(result_id)
        if found is None:
            raise NotFoundError(
                f"no result '{result_id}'; result ids are printed by `greenmfg inventory` "
                "(compute the inventory first)",
                f"没有结果“{result_id}”；结果编号由 `greenmfg inventory` 输出（请先计算清单）")
        kind, inventory_id, body = found
        inv_row = self.store.result(inventory_id)
        if inv_row is None:  # pragma: no cover - lines are saved with their inventory
            raise NotFoundError(f"inventory {inventory_id} of {result_id} is missing")
        inventory = Inventory.model_validate_json(inv_row[2])
        line: EmissionLine | EnergyLine | None = None
        if kind == "emission_line":
            line = EmissionLine.model_validate_json(body)
            ids: Sequence[str] = line.input_record_ids
        elif kind == "energy_line":
            line = EnergyLine.model_validate_json(body)
            ids = line.input_record_ids
        else:
            ids = inventory.lineage.input_record_ids
        records = self.store.activity_by_ids(ids)
        order = {rid: i for i, rid in enumerate(ids)}
        records.sort(key=lambda r: order[r.record_id])
        return Explanation(result_id, kind, inventory, line, tuple(records))

    # -- other ---------------------------------------------------------------------------
    def activity(self, org_code: str, year: int | None = None) -> list[ActivityRecord]:
        return self.store.activity([org_code], year)

    def audit_log(self) -> list[AuditEntry]:
        return self.store.audit_log()

    def rejected_rows(self, import_id: str) -> list[dict[str, Any]]:
        return self.store.rejected_rows(import_id)

    @staticmethod
    def write_template(path: str | Path, sector_code: str | None = None) -> Path:
        """Write the Excel activity template (needs no workspace file); with a sector, its
        items come first in the items sheet and its README explains the sector's data."""
        found = sector(sector_code) if sector_code else None
        return write_activity_template(
            Path(path), reference_data(), first_items=found.items if found else (),
            guide=found.guide if found else ())

    # -- demo ------------------------------------------------------------------------------
    def load_demo(self, seed: int = 2024) -> tuple[DemoPark, ImportReport]:
        """Import the seeded demo park (idempotent: loading it twice changes nothing)."""
        park = generate_park(seed)
        report = self.import_rows(f"demo-park-seed-{seed}", park.organisations, park.activity)
        return park, report

    def enterprise_inventories(self, years: Sequence[int],
                               options: InventoryOptions | None = None) -> list[Inventory]:
        """Inventories of every enterprise for each year, in code then year order."""
        return [self.inventory(org.code, year, options)
                for org in self.organisations(OrgKind.ENTERPRISE) for year in years]

    @staticmethod
    def write_park_summary(out_dir: str | Path, title_zh: str, title_en: str,
                           inventories: Sequence[Inventory], lang: str = "zh-CN") -> Path:
        """Write the offline HTML summary page (charts, local assets) into ``out_dir``."""
        return write_park_summary(Path(out_dir), title_zh, title_en, inventories, lang)
