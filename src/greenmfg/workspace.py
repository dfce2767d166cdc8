"""The one service surface: the CLI, the API and notebooks all call a :class:`Workspace`."""

from __future__ import annotations

import copy
import csv
import getpass
import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

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
from greenmfg.errors import (
    AlreadyExists,
    InputError,
    Location,
    NotFoundError,
    OptionError,
    RejectedRows,
    VersionConflict,
)
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
from greenmfg.ingest.cbam import read_cbam_spec
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
from greenmfg.model.cbam import CbamReport, CbamSpec
from greenmfg.refdata import ReferenceData, reference_data
from greenmfg.report import write_park_summary
from greenmfg.store import ImportSummary, LcaStore, Store, is_database_url
from greenmfg.store.duckdb_store import AuditEntry, content_hash

if TYPE_CHECKING:  # the LCA engine (and SciPy) loads in the methods that use it
    from greenmfg.footprint import FootprintResult, LcaDatabase, MonteCarloSummary
    from greenmfg.footprint import ImportReport as LcaImportReport
    from greenmfg.footprint.study import AllocationBasis, CutOffRule, ProductFootprint
    from greenmfg.footprint.system import ProductSystem

DEFAULT_WORKSPACE = "greenmfg.duckdb"
#: Turns rows away before validation, returning one rejection per row it refuses (the API
#: refuses rows outside the uploader's organisations this way).
RowScreen = Callable[[Sequence[RawSheet]], Sequence[Rejection]]


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


@dataclass(frozen=True, slots=True)
class LcaDatabaseInfo:
    """An LCA database the workspace can score with: the packaged default or an imported one."""

    database_id: str
    name: str
    source_format: str
    content_hash: str
    counts: dict[str, int]
    packaged: bool
    file_name: str
    imported_at: datetime | None
    licence: str
    unmapped_flows: int
    unlinked_exchanges: int


class Workspace:
    """A workspace (an embedded DuckDB file, or a PostgreSQL database) and the operations users
    perform on it.

    ``path`` is the DuckDB file; ``database_url`` (``postgresql://…``, also accepted as
    ``path``) selects PostgreSQL instead, with the same schema and the same results.
    """

    def __init__(self, path: str | Path = DEFAULT_WORKSPACE, *, actor: str | None = None,
                 database_url: str | None = None) -> None:
        if database_url is None and is_database_url(path):
            database_url, path = str(path), DEFAULT_WORKSPACE
        self.path = Path(path)
        self.database_url = database_url or None
        self.actor = actor or default_actor()
        self.store = Store(self.database_url or self.path)
        self.refdata: ReferenceData = reference_data()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def acting_as(self, actor: str) -> Workspace:
        """This workspace (same store, same reference data) acting for ``actor`` in the audit
        log; the server's signed-in users. Close the original, never the copy."""
        view = copy.copy(self)
        view.actor = actor
        return view

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
    def import_file(self, path: str | Path, *, screen: RowScreen | None = None,
                    all_or_nothing: bool = False) -> ImportReport:
        """Import an .xlsx or .csv of organisations and/or activity (idempotent, atomic).

        ``screen`` rejects rows before validation (they are never written). With
        ``all_or_nothing`` a file with any rejected row stores nothing and raises
        :class:`~greenmfg.errors.RejectedRows` with every rejection (the API's uploads).
        """
        path = Path(path)
        sheets = read_tables(path)
        return self._import_sheets(path.name, file_sha256(path), sheets, screen=screen,
                                   all_or_nothing=all_or_nothing)

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

    def _import_sheets(self, file: str, sha: str, sheets: Sequence[RawSheet], *,
                       screen: RowScreen | None = None,
                       all_or_nothing: bool = False) -> ImportReport:
        at = datetime.now(UTC)
        import_id = stable_id("IMP-", {"sha": sha, "at": at.isoformat(), "actor": self.actor})
        rejected: list[Rejection] = []
        org_codes: set[str] = set()
        inserted = updated = unchanged = orgs_written = 0
        rows_read = sum(len(sheet.rows) for sheet in sheets)
        with self.store.transaction():
            kinds = {o.code: o.kind for o in self.store.organisations()}
            if screen is not None:
                turned_away = screen(sheets)
                rejected.extend(turned_away)
                sheets = _without_rows(sheets, {(r.sheet, r.row) for r in turned_away})
            for sheet in sorted(sheets, key=lambda s: s.kind is SheetKind.ACTIVITY):
                if sheet.kind is SheetKind.ORGANISATIONS:
                    orgs, bad = validate_organisations(sheet, kinds)
                    counts = self.store.upsert_organisations(orgs)
                    orgs_written += counts.inserted + counts.updated
                    kinds.update({o.code: o.kind for o in orgs})
                    org_codes.update(o.code for o in orgs)
                else:
                    records, bad = validate_activity(sheet, self.refdata, kinds,
                                                     self.store.periods_for_keys)
                    counts = self.store.write_activity(records, import_id)
                    inserted += counts.inserted
                    updated += counts.updated
                    unchanged += counts.unchanged
                    org_codes.update(r.org_code for r in records)
                rejected.extend(bad)
            if all_or_nothing and rejected:  # raising rolls the transaction back
                rows = len({(r.sheet, r.row) for r in rejected})
                raise RejectedRows(
                    f"{rows} row(s) of {file} were rejected, so nothing of the file was stored; "
                    "correct the rows listed and import the file again",
                    f"{file} 有 {rows} 行被拒绝，整个文件均未入库；请修改所列各行后重新导入",
                    rejected=[r.as_dict() for r in sorted(
                        rejected, key=lambda r: (r.sheet, r.row, r.column))],
                    rows_read=rows_read)
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
                "rejected_rows": report.rejected_row_count, "org_codes": sorted(org_codes)}, sha)
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
            adjustment: float = 1.0,
            heat_benchmark_tco2_per_gj: float | None = None) -> EtsCompliance:
        """National-ETS compliance of an enterprise-year under its sector's ETS method.

        The sector comes from the enterprise's industry code unless ``sector_code`` is given;
        the inventory under the sector's method is computed and stored (for ``explain``).
        """
        org = self.organisation(org_code)
        found = sector(sector_code) if sector_code else sector_of(org)
        inventory = self.inventory(org.code, year, self.method_options(found.ets_method))
        return ets_compliance(inventory, self.store.activity([org.code], year), self.refdata,
                              found, benchmark_tco2_per_t=benchmark_tco2_per_t,
                              adjustment=adjustment,
                              heat_benchmark_tco2_per_gj=heat_benchmark_tco2_per_gj)

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

    # -- EU CBAM ----------------------------------------------------------------------------
    def cbam(self, org_code: str, year: int, spec: CbamSpec | str | Path) -> CbamReport:
        """EU CBAM specific embedded emissions of an enterprise's goods in ``year``.

        ``spec`` (an input file, or its parsed content) splits the installation into production
        processes and names their precursors (docs/formats.md); the numbers come from the
        enterprise's inventory under its ``inventory_method`` (computed and stored, for
        ``explain``). The audit log records the calculation with the input's SHA-256.
        """
        from greenmfg.footprint.cbam import embedded_emissions
        from greenmfg.footprint.cbam_inputs import build_installation

        if isinstance(spec, CbamSpec):
            source = "request"
            sha = hashlib.sha256(spec.model_dump_json().encode()).hexdigest()
        else:
            source, sha = Path(spec).name, file_sha256(Path(spec))
            spec = read_cbam_spec(spec)
        org = self.organisation(org_code)
        inventory = self.inventory(org.code, year, self.method_options(spec.inventory_method))
        installation = build_installation(spec, org.code, year, inventory,
                                          self.store.activity([org.code], year), self.refdata,
                                          source=source)
        report = embedded_emissions(installation)
        with self.store.transaction():
            self.store.append_audit(self.actor, "cbam", f"{org.code}/{year}", {
                "result_id": report.result_id, "input": source, "org_codes": [org.code],
                "see_tco2e_per_t": {g.cn_code: round(g.see_tco2e_per_t, 6)
                                    for g in report.goods}}, sha)
        return report

    # -- footprint (LCA) --------------------------------------------------------------------
    @property
    def lca(self) -> LcaStore:
        """The imported LCA databases of this workspace."""
        return LcaStore(self.store.connection)

    def import_lca(self, path: str | Path, *, name: str | None = None) -> LcaImportReport:
        """Import an LCA package (openLCA JSON-LD, ILCD / TIDAS, EcoSpold2): atomic, and
        idempotent by content hash (the same content again leaves the database as it is)."""
        from greenmfg.footprint import read_database

        database, report = read_database(path, name=name)
        with self.store.transaction():
            status = self.lca.write(database, report.model_dump(mode="json", exclude={"status"}),
                                    file_name=report.file, file_sha256=report.sha256,
                                    flow_list_edition=report.flow_list_edition, actor=self.actor)
            report = report.model_copy(update={"status": status})
            self.store.append_audit(self.actor, "lca-import", report.file, {
                "database_id": report.database_id, "status": status,
                "content_hash": report.content_hash, "format": report.source_format,
                "processes": report.processes, "unmapped_flows": len(report.unmapped),
                "unlinked_exchanges": len(report.unlinked)}, report.sha256)
        return report

    def lca_databases(self) -> list[LcaDatabaseInfo]:
        """The packaged default database, then the imported ones by id."""
        from greenmfg.footprint import default_database, default_manifest

        default = default_database()
        manifest = default_manifest().database
        infos = [LcaDatabaseInfo(default.database_id, default.name, default.source_format,
                                 default.content_hash, default.counts, True, "", None,
                                 manifest.licence, 0, 0)]
        for stored in self.lca.databases():
            infos.append(LcaDatabaseInfo(
                stored.database_id, stored.name, stored.source_format, stored.content_hash,
                stored.counts, False, stored.file_name, stored.imported_at, "as the source",
                len(stored.report.get("unmapped", [])), len(stored.report.get("unlinked", []))))
        return infos

    def lca_database(self, database_id: str | None = None) -> LcaDatabase:
        """An LCA database by id; the packaged default when ``database_id`` is omitted."""
        from greenmfg.footprint import DEFAULT_DATABASE_ID, default_database

        if database_id in (None, "", DEFAULT_DATABASE_ID):
            return default_database()
        return self.lca.load(str(database_id))

    def _lca_for(self, product: str, database_id: str | None) -> tuple[LcaDatabase, ProductSystem]:
        from greenmfg.footprint import (
            DEFAULT_DATABASE_ID,
            build_product_system,
            default_database,
            shared_system_cache,
        )
        from greenmfg.footprint.database import SystemCache

        if database_id is None:
            found = self.lca.databases_with_process(product)
            default = default_database()
            if any(product in (r["process_id"], r["code"]) or
                   r["name"].casefold() == product.casefold() for r in default.process_rows()):
                found.insert(0, DEFAULT_DATABASE_ID)
            if len(found) > 1:
                raise NotFoundError(f"product '{product}' is in several LCA databases "
                                    f"({', '.join(found)}); pass --database",
                                    f"产品“{product}”存在于多个 LCA 数据库（{', '.join(found)}），"
                                    "请用 --database 指定")
            if not found:
                known = ", ".join(d.database_id for d in self.lca_databases())
                raise NotFoundError(f"no product '{product}' in any LCA database ({known}); "
                                    "`greenmfg footprint list` shows ids, codes and names",
                                    f"LCA 数据库（{known}）中均没有产品“{product}”；"
                                    "`greenmfg footprint list` 列出编号、代码和名称")
            database_id = found[0]
        database = self.lca_database(database_id)
        default = default_database()
        methods_from = [] if database is default else [default]
        key = SystemCache.key(database.content_hash, *(d.content_hash for d in methods_from))
        cache = shared_system_cache()
        system = cache.get(key)
        if system is None:
            system = build_product_system(database, methods_from=methods_from)
            cache.put(key, system)
        return database, system

    def footprint(self, product: str, amount: float, method: str, *,
                  database: str | None = None, solver: str = "auto",
                  top: int = 10) -> FootprintResult:
        """Footprint of ``amount`` (in the product's unit) of a product under one method.

        ``product`` and ``method`` are ids, codes or names; the database is found from the
        product when not given (the packaged default holds the Chinese grid and fuel processes).
        """
        from greenmfg.footprint import assess_footprint, default_database

        db, system = self._lca_for(product, database)
        default = default_database()
        return assess_footprint(system, db, product, amount, method,
                                methods_from=[] if db is default else [default], solver=solver,
                                top=top)

    def footprint_montecarlo(self, product: str, amount: float, method: str, *,
                             iterations: int = 1000, seed: int = 0,
                             database: str | None = None, top: int = 10) -> MonteCarloSummary:
        """Monte Carlo statistics and sensitivity ranking of a footprint (seeded)."""
        from greenmfg.footprint import default_database, sample_footprint

        db, system = self._lca_for(product, database)
        default = default_database()
        return sample_footprint(system, db, product, amount, method, iterations=iterations,
                                seed=seed, methods_from=[] if db is default else [default],
                                top=top)

    def product_footprint(
        self, org_code: str, year: int, product: str, *, allocation: str = "none",
        method: str = "ar6-gwp100", prices_cny_per_unit: dict[str, float] | None = None,
        energy_mj_per_unit: dict[str, float] | None = None, declared_amount: float = 1.0,
        links: str | Path | None = None, cut_off: CutOffRule | None = None,
        intermediates: Sequence[str] = (), scenarios: str | Path | None = None,
    ) -> ProductFootprint:
        """ISO 14067 / GB/T 24067 carbon footprint of a product made by an enterprise in a year,
        built from its activity records and its GB/T 32150 inventory (stored, for ``explain``).

        ``allocation`` is ``none``, ``physical`` (mass), ``physical-energy`` or ``economic``;
        ``links`` is a CSV linking table (see :func:`~greenmfg.footprint.plant.parse_link_rows`)
        whose rows override the packaged links of the same item; ``intermediates`` are product
        items made and used on site (neither co-products nor inputs); ``scenarios`` is a CSV
        of distribution, use and end-of-life inputs per declared unit (the linking-table columns
        plus ``stage``, ``amount``, ``unit``), which makes the study cradle-to-grave.
        """
        from greenmfg.footprint import DEFAULT_DATABASE_ID, default_database, default_manifest
        from greenmfg.footprint.database import resolve_method as resolve_lca_method
        from greenmfg.footprint.plant import (
            build_foreground,
            default_link_rows,
            gwp_by_gas,
            link_payload,
            parse_link_rows,
            parse_scenario_rows,
            scenario_inputs,
            score_link_rows,
            score_links,
        )
        from greenmfg.footprint.study import study_footprint

        basis = _allocation_basis(allocation)
        org = self.organisation(org_code)
        records = self.store.activity([org.code], year)
        inventory = self.inventory(org.code, year)
        default = default_database()
        chosen = resolve_lca_method(default.method_rows(), method, f"database '{default.database_id}'")
        rows = default_link_rows()
        if links is not None:
            rows += parse_link_rows(_read_csv_rows(Path(links)), Path(links).name)
        def system_of(db: str) -> tuple[LcaDatabase, ProductSystem]:
            return self._lca_for("", db or DEFAULT_DATABASE_ID)

        scored = score_links(rows, records, chosen["method_id"], system_of, default)
        downstream = [] if scenarios is None else parse_scenario_rows(
            _read_csv_rows(Path(scenarios)), Path(scenarios).name)
        scenario_scores = score_link_rows([s.link for s in downstream], chosen["method_id"],
                                          system_of, default)
        foreground = build_foreground(
            org.code, org.name, year, product, records, inventory, self.refdata.items, scored,
            allocation=basis, prices_cny_per_unit=prices_cny_per_unit,
            energy_mj_per_unit=energy_mj_per_unit, declared_amount=declared_amount,
            cut_off=cut_off, intermediates=intermediates,
            scenarios=scenario_inputs(list(zip(downstream, scenario_scores, strict=True))))
        used = [row for row, _ in scored.values()] + [s.link for s in downstream]
        databases = {row.database or DEFAULT_DATABASE_ID for row in used}
        lineage = {
            "inventory_result_id": inventory.lineage.result_id,
            "inventory_method": f"{inventory.lineage.method} {inventory.lineage.method_version}",
            "activity_records": len(records),
            "databases": {d: self.lca_database(d).content_hash for d in sorted(databases)},
            "default_database_edition": default_manifest().database.edition,
            "links": [link_payload(row) for row in used],
        }
        return study_footprint(foreground, method_id=chosen["method_id"],
                               method_name=chosen["name"],
                               gwp_by_gas=gwp_by_gas([default], chosen["method_id"]),
                               lineage=lineage)

    def lca_products(self, database: str | None = None) -> list[dict[str, Any]]:
        """Products (processes) of one database, or of all, with their unit and database."""
        ids = [database] if database else [d.database_id for d in self.lca_databases()]
        return [{"database": db.database_id, **row} for db in map(self.lca_database, ids)
                for row in db.process_rows()]

    def lca_methods(self, database: str | None = None) -> list[dict[str, Any]]:
        """Impact methods of every database (the default ones apply to all), or those usable
        with one database: its own and the default ones."""
        from greenmfg.footprint import DEFAULT_DATABASE_ID, default_database

        ids = [database] if database else [d.database_id for d in self.lca_databases()]
        if database and self.lca_database(database) is not default_database():
            ids.append(DEFAULT_DATABASE_ID)
        rows: list[dict[str, Any]] = []
        for db in map(self.lca_database, ids):
            rows.extend({"database": db.database_id, **row} for row in db.method_rows())
        return rows

    def export_lca(self, database: str | None, path: str | Path) -> Path:
        """Write an LCA database as openLCA JSON-LD (zip when ``path`` ends in ``.zip``)."""
        from greenmfg.footprint import export_jsonld

        return export_jsonld(self.lca_database(database), path)

    # -- other ---------------------------------------------------------------------------
    def activity(self, org_code: str, year: int | None = None) -> list[ActivityRecord]:
        return self.store.activity([org_code], year)

    def audit_log(self) -> list[AuditEntry]:
        return self.store.audit_log()

    # -- activity records one by one (the API's CRUD, with optimistic concurrency) ----------
    def activity_page(self, org_code: str, *, year: int | None = None, item: str | None = None,
                      limit: int = 50, offset: int = 0
                      ) -> tuple[list[tuple[ActivityRecord, int]], int]:
        """One page of an organisation's records (by id) with their versions, and the total."""
        return self.store.activity_page(org_code, year=year, item=item, limit=limit,
                                        offset=offset)

    def activity_record(self, org_code: str, record_id: str) -> tuple[ActivityRecord, int]:
        """A stored record of ``org_code`` and its version (not found: NotFoundError)."""
        found = [r for r in self.store.activity_by_ids([record_id]) if r.org_code == org_code]
        versions = self.store.activity_versions([record_id])
        if not found or record_id not in versions:
            raise NotFoundError(f"no activity record '{record_id}' of '{org_code}'",
                                f"“{org_code}”没有活动数据记录“{record_id}”")
        return found[0], versions[record_id]

    def _validated(self, org_code: str, row: Mapping[str, Any], what: str) -> ActivityRecord:
        """One activity row (interchange columns) through the import's validation."""
        values = {k: v for k, v in row.items() if v is not None and k != "org_code"}
        values = {"org_code": org_code, **values}
        sheet = RawSheet(what, "", SheetKind.ACTIVITY, tuple(values), (RawRow(1, values),))
        kinds = {o.code: o.kind for o in self.store.organisations()}
        records, bad = validate_activity(sheet, self.refdata, kinds, self.store.periods_for_keys)
        if bad:
            fields = ", ".join(sorted({r.column or "row" for r in bad}))
            raise RejectedRows(
                f"the activity record was rejected ({fields}); nothing was stored",
                f"活动数据记录被拒绝（{fields}）；未保存任何内容",
                rejected=[r.as_dict() for r in sorted(bad, key=lambda r: r.column or "")],
                rows_read=1)
        return records[0].model_copy(update={"origin": f"{what} by {self.actor}"})

    def _record_change(self, action: str, record: ActivityRecord, version: int | None) -> None:
        self.store.append_audit(self.actor, action, record.record_id, {
            "org_codes": [record.org_code], "record_id": record.record_id, "version": version,
            "item": record.item, "period": record.period, "quantity": record.quantity,
            "unit": record.unit, "content_hash": content_hash(record)})

    def _edit_id(self, action: str, record_id: str) -> str:
        return stable_id("API-", {"action": action, "record": record_id, "actor": self.actor,
                                  "at": datetime.now(UTC).isoformat()})

    def create_activity(self, org_code: str, row: Mapping[str, Any]
                        ) -> tuple[ActivityRecord, int]:
        """Validate and store one new record (version 1); audited. A record with the same
        natural key (site, source, item, period) already stored: AlreadyExists."""
        with self.store.transaction():
            record = self._validated(org_code, row, "api-create")
            if self.store.activity_versions([record.record_id]):
                raise AlreadyExists(
                    f"activity record '{record.record_id}' ({record.site or '-'}, "
                    f"{record.source}, {record.item}, {record.period}) already exists; change "
                    "it with PUT", f"活动数据记录“{record.record_id}”已存在；请用 PUT 修改")
            self.store.insert_activity(record, self._edit_id("create", record.record_id), 1)
            self._record_change("activity-create", record, 1)
        return record, 1

    def _conflict(self, record_id: str, expected: int, stored: int) -> VersionConflict:
        return VersionConflict(
            f"activity record '{record_id}' is at version {stored}, not {expected}: it changed "
            "since you read it; read it again and repeat the change",
            f"活动数据记录“{record_id}”当前为第 {stored} 版而非第 {expected} 版：读取后已被修改；"
            "请重新读取后再修改")

    def _version_now(self, record_id: str) -> int:  # pragma: no cover - a concurrent change
        return self.store.activity_versions([record_id]).get(record_id, 0)

    def update_activity(self, org_code: str, record_id: str, row: Mapping[str, Any],
                        expected_version: int | None) -> tuple[ActivityRecord, int]:
        """Replace a record's values if it is still at ``expected_version`` (None: whatever
        version); the version goes up by one. Its natural key cannot change."""
        with self.store.transaction():
            current, version = self.activity_record(org_code, record_id)
            if expected_version is not None and expected_version != version:
                raise self._conflict(record_id, expected_version, version)
            record = self._validated(org_code, row, "api-update")
            if record.record_id != record_id:
                raise InputError(
                    f"site, source, item and period identify record '{record_id}' and cannot "
                    f"change (it is {current.site or '-'}, {current.source}, {current.item}, "
                    f"{current.period}); delete it and create the new one",
                    f"site、source、item、period 标识记录“{record_id}”，不能修改；"
                    "请删除后新建", found=record.record_id)
            if content_hash(record) == content_hash(current):
                return current, version  # nothing changed: same version, nothing audited
            if not self.store.delete_activity(record_id, version):  # pragma: no cover - locked
                raise self._conflict(record_id, version, self._version_now(record_id))
            self.store.insert_activity(record, self._edit_id("update", record_id), version + 1)
            self._record_change("activity-update", record, version + 1)
        return record, version + 1

    def delete_activity(self, org_code: str, record_id: str,
                        expected_version: int | None) -> None:
        """Delete a record if it is still at ``expected_version`` (None: whatever version)."""
        with self.store.transaction():
            current, version = self.activity_record(org_code, record_id)
            if expected_version is not None and expected_version != version:
                raise self._conflict(record_id, expected_version, version)
            if not self.store.delete_activity(record_id, version):  # pragma: no cover - locked
                raise self._conflict(record_id, version, self._version_now(record_id))
            self._record_change("activity-delete", current, None)

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


def _allocation_basis(text: str) -> AllocationBasis:
    from greenmfg.footprint.study import AllocationBasis
    aliases = {"physical": AllocationBasis.MASS, "mass": AllocationBasis.MASS,
               "energy": AllocationBasis.ENERGY}
    if text in aliases:
        return aliases[text]
    try:
        return AllocationBasis(text)
    except ValueError as exc:
        raise OptionError(f"unknown allocation '{text}'; use none, physical, physical-energy or "
                          "economic", f"未知的分配方法“{text}”；可选 none、physical、physical-energy、"
                          "economic", expected="none, physical, physical-energy or economic",
                          found=text) from exc


def _read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file (a BOM is allowed) as dicts of the header's columns."""
    if not path.is_file():
        raise InputError(f"{path} does not exist; give a CSV file with columns item, database, "
                         "process, factor", f"{path} 不存在；请提供含 item、database、process、"
                         "factor 列的 CSV 文件",
                         location=Location(file=str(path)), expected="a CSV file", found="nothing")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _without_rows(sheets: Sequence[RawSheet], drop: set[tuple[str, int]]) -> list[RawSheet]:
    """The sheets without the rows named ``(sheet, row)``."""
    return [replace(s, rows=tuple(r for r in s.rows if (s.sheet, r.row) not in drop))
            for s in sheets]
