"""The workspace store: one implementation over DuckDB (a file, no server) or PostgreSQL.

The SQL is written once; :mod:`greenmfg.store.backend` binds it to a database (DuckDB scans
Arrow batches in place, PostgreSQL receives them through ``COPY``). Writes are batched and
wrapped in one transaction each, so an import lands whole or not at all. The audit log is
append-only and hash-chained: each entry's hash covers the previous entry's hash, so an edited
history no longer verifies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from greenmfg.model import ActivityRecord, MeasuredParameters, Organisation, OrgKind, Period
from greenmfg.store.backend import Backend, open_backend
from greenmfg.store.migrate import migrate

_ACTIVITY_COLUMNS = (
    "record_id", "org_code", "site", "source", "item", "period", "year", "month", "quantity",
    "unit", "quantity_canonical", "canonical_unit", "ncv_gj_per_unit",
    "carbon_content_tc_per_gj", "oxidation_rate", "emission_factor_t_per_unit", "data_quality",
    "evidence", "origin",
    "import_id", "content_hash", "carbon_tc_per_unit", "version",
)
_GENESIS = "0" * 64
#: The columns that make an :class:`ActivityRecord` (see :func:`_record`).
_RECORD_SELECT = (
    "record_id, org_code, site, source, item, period, quantity, unit, quantity_canonical, "
    "canonical_unit, ncv_gj_per_unit, carbon_content_tc_per_gj, oxidation_rate, data_quality, "
    "evidence, origin, emission_factor_t_per_unit, carbon_tc_per_unit")


@dataclass(frozen=True, slots=True)
class WriteCounts:
    inserted: int
    updated: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class ImportSummary:
    import_id: str
    file_name: str
    sha256: str
    actor: str
    at: datetime
    rows_read: int
    rows_inserted: int
    rows_updated: int
    rows_unchanged: int
    rows_rejected: int


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: dict[str, Any]
    input_sha256: str | None
    prev_hash: str
    entry_hash: str


def content_hash(record: ActivityRecord) -> str:
    """Hash of everything in a record except its id and origin: equal hash, equal data."""
    body = record.model_dump(mode="json", exclude={"record_id", "origin"})
    if body["measured"].get("carbon_tc_per_unit") is None:  # added in schema 5: hashes of
        body["measured"].pop("carbon_tc_per_unit", None)   # records without it stay the same
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _entry_hash(prev: str, at: datetime, actor: str, action: str, target: str, detail: str,
                sha: str | None) -> str:
    payload = json.dumps([prev, at.isoformat(), actor, action, target, detail, sha])
    return hashlib.sha256(payload.encode()).hexdigest()


class Store:
    """A workspace: a DuckDB file path or a ``postgresql://`` URL (see
    :func:`~greenmfg.store.backend.open_backend`). Opening it applies pending migrations."""

    def __init__(self, location: str | Path) -> None:
        self._con: Backend = open_backend(location)
        self.dialect = self._con.dialect
        try:
            self.schema_version = migrate(self._con)
        except BaseException:
            self._con.close()
            raise
        #: Counts audit entries appended through this store. A DuckDB file has one writing
        #: process, so while this is unchanged the data are too; a PostgreSQL database may have
        #: other writers, so there caches must ask for the audit head (``single_writer``).
        self.audit_appends = 0
        self.single_writer = self.dialect == "duckdb"

    def close(self) -> None:
        self._con.close()

    @property
    def connection(self) -> Backend:
        """The database adapter, for the stores of other domains (``store.lca``)."""
        return self._con

    def _first(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row of a query, fully consumed (DuckDB refuses work on a pending result)."""
        rows = self._con.rows(sql, params)
        return rows[0] if rows else None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._con.transaction():
            yield

    # -- organisations ---------------------------------------------------------------------
    def upsert_organisations(self, orgs: Sequence[Organisation]) -> WriteCounts:
        existing = {o.code: o for o in self.organisations()}
        changed = [o for o in orgs if existing.get(o.code) != o]
        updated = sum(1 for o in changed if o.code in existing)
        if changed:
            columns = ("code", "name", "kind", "parent_code", "industry_code", "region_code",
                       "credit_code")
            table = pa.table({c: pa.array([str(v) if (v := getattr(o, c)) is not None else None
                                            for o in changed], pa.string()) for c in columns})
            with self._con.staged("incoming_orgs", table):
                self._con.execute("DELETE FROM organisations WHERE code IN "
                                  "(SELECT code FROM incoming_orgs)")
            self._con.insert_arrow("organisations", table)
        return WriteCounts(len(changed) - updated, updated, len(orgs) - len(changed))

    def organisations(self) -> list[Organisation]:
        rows = sorted(self._con.rows(  # sorted here: the same order whatever the collation
            "SELECT code, name, kind, parent_code, industry_code, region_code, credit_code "
            "FROM organisations"))
        return [
            Organisation(code=r[0], name=r[1], kind=OrgKind(r[2]), parent_code=r[3],
                         industry_code=r[4], region_code=r[5], credit_code=r[6])
            for r in rows
        ]

    # -- activity ----------------------------------------------------------------------------
    def _stored(self, record_ids: Sequence[str]) -> dict[str, tuple[str, int]]:
        """``record_id -> (content_hash, version)`` of the stored records among ``record_ids``."""
        if not record_ids:
            return {}
        ids = pa.table({"record_id": pa.array(record_ids, pa.string())})
        with self._con.staged("incoming_ids", ids):
            rows = self._con.rows(
                "SELECT a.record_id, a.content_hash, a.version FROM activity a "
                "JOIN incoming_ids i USING (record_id)")
        return {r[0]: (r[1], int(r[2])) for r in rows}

    def existing_hashes(self, record_ids: Sequence[str]) -> dict[str, str]:
        return {rid: found[0] for rid, found in self._stored(record_ids).items()}

    def activity_versions(self, record_ids: Sequence[str]) -> dict[str, int]:
        """The version of each stored record among ``record_ids`` (1 when first stored, one
        more at every change); missing ids are absent."""
        return {rid: found[1] for rid, found in self._stored(record_ids).items()}

    def write_activity(self, records: Sequence[ActivityRecord], import_id: str) -> WriteCounts:
        """Insert new records, replace changed ones, leave identical ones alone (idempotent).

        A replaced record's version goes up by one; a new one starts at 1.
        """
        hashes = [content_hash(r) for r in records]
        before = self._stored([r.record_id for r in records])
        changed = [(r, h) for r, h in zip(records, hashes, strict=True)
                   if before.get(r.record_id, ("", 0))[0] != h]
        updated = sum(1 for r, _ in changed if r.record_id in before)
        if changed:
            table = _activity_table([r for r, _ in changed], [h for _, h in changed], import_id,
                                    [before.get(r.record_id, ("", 0))[1] + 1 for r, _ in changed])
            with self._con.staged("incoming_activity", table.select(["record_id"])):
                self._con.execute("DELETE FROM activity WHERE record_id IN "
                                  "(SELECT record_id FROM incoming_activity)")
            self._con.insert_arrow("activity", table)
        return WriteCounts(len(changed) - updated, updated, len(records) - len(changed))

    def activity(self, org_codes: Sequence[str], year: int | None = None) -> list[ActivityRecord]:
        """Activity records of the given organisations (and year), in a stable order."""
        if not org_codes:
            return []
        with self._con.staged("wanted_orgs", pa.table({"code": pa.array(list(org_codes),
                                                                          pa.string())})):
            sql = (f"SELECT {_RECORD_SELECT} "
                   "FROM activity WHERE org_code IN (SELECT code FROM wanted_orgs)")
            params: list[Any] = []
            if year is not None:
                sql += " AND year = ?"
                params.append(year)
            rows = sorted(self._con.rows(sql, params), key=lambda r: str(r[0]))
        return [_record(r) for r in rows]

    def activity_page(self, org_code: str, *, year: int | None = None, item: str | None = None,
                      limit: int = 50, offset: int = 0
                      ) -> tuple[list[tuple[ActivityRecord, int]], int]:
        """One page of an organisation's records with their versions, and the total.

        Ordered by record id in the database: ids are ``A-`` and lowercase hex digits, which
        sort the same under any collation, so both back ends give the same pages.
        """
        where, params = "org_code = ?", [org_code]
        filters: tuple[tuple[str, Any], ...] = (("year", year), ("item", item))
        for column, value in filters:
            if value is not None:
                where += f" AND {column} = ?"
                params.append(value)
        total = self._first(f"SELECT count(*) FROM activity WHERE {where}", params)
        rows = self._con.rows(f"SELECT {_RECORD_SELECT}, version FROM activity WHERE {where} "
                              "ORDER BY record_id LIMIT ? OFFSET ?", [*params, limit, offset])
        return [(_record(r), int(r[-1])) for r in rows], int(total[0]) if total else 0

    def insert_activity(self, record: ActivityRecord, import_id: str, version: int) -> None:
        """Store one new record at ``version`` (its id must not be stored)."""
        self._con.insert_arrow("activity", _activity_table(
            [record], [content_hash(record)], import_id, [version]))

    def delete_activity(self, record_id: str, version: int | None) -> bool:
        """Delete a record if it is stored at ``version`` (any version when None); whether it
        was. The check and the delete are one statement, so no concurrent change slips in."""
        sql = "DELETE FROM activity WHERE record_id = ?"
        params: list[Any] = [record_id]
        if version is not None:
            sql += " AND version = ?"
            params.append(version)
        return bool(self._con.rows(sql + " RETURNING record_id", params))

    def activity_by_ids(self, record_ids: Sequence[str]) -> list[ActivityRecord]:
        """The stored records with these ids (missing ids are simply absent)."""
        if not record_ids:
            return []
        wanted_ids = pa.table({"record_id": pa.array(list(record_ids), pa.string())})
        with self._con.staged("wanted_ids", wanted_ids):
            codes = [r[0] for r in self._con.rows(
                "SELECT DISTINCT org_code FROM activity WHERE record_id IN "
                "(SELECT record_id FROM wanted_ids)")]
        wanted = set(record_ids)
        return [r for r in self.activity(codes) if r.record_id in wanted]

    def periods_for_keys(self, keys: Sequence[tuple[str, str, str, str, int]]) -> dict[
            tuple[str, str, str, str, int], set[str]]:
        """Stored periods per (org, site, source, item, year): to refuse mixing YYYY and YYYY-MM."""
        if not keys:
            return {}
        table = pa.table({
            "org_code": pa.array([k[0] for k in keys], pa.string()),
            "site": pa.array([k[1] for k in keys], pa.string()),
            "source": pa.array([k[2] for k in keys], pa.string()),
            "item": pa.array([k[3] for k in keys], pa.string()),
            "year": pa.array([k[4] for k in keys], pa.int32()),
        })
        with self._con.staged("wanted_keys", table):
            rows = self._con.rows(
                "SELECT a.org_code, a.site, a.source, a.item, a.year, a.period FROM activity a "
                "JOIN (SELECT DISTINCT * FROM wanted_keys) k "
                "USING (org_code, site, source, item, year)")
        found: dict[tuple[str, str, str, str, int], set[str]] = {}
        for r in rows:
            found.setdefault((r[0], r[1], r[2], r[3], int(r[4])), set()).add(r[5])
        return found

    def activity_count(self) -> int:
        row = self._first("SELECT count(*) FROM activity")
        return int(row[0]) if row else 0

    # -- imports, rejects, audit ---------------------------------------------------------
    def record_import(self, summary: ImportSummary, rejected: Sequence[dict[str, Any]]) -> None:
        self._con.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [summary.import_id, summary.file_name, summary.sha256, summary.actor,
             summary.at.astimezone(UTC).replace(tzinfo=None),
             summary.rows_read, summary.rows_inserted, summary.rows_updated,
             summary.rows_unchanged, summary.rows_rejected],
        )
        if rejected:
            self._con.executemany(
                "INSERT INTO rejected_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [[summary.import_id, r["file"], r["sheet"], r["row"], r["column"], r["value"],
                  r["reason_en"], r["reason_zh"], r["raw"]] for r in rejected],
            )

    def rejected_rows(self, import_id: str) -> list[dict[str, Any]]:
        names = ("file", "sheet", "row_number", "column_name", "value", "reason_en", "reason_zh",
                 "raw")
        rows = self._con.rows(
            f"SELECT {', '.join(names)} FROM rejected_rows WHERE import_id = ?", [import_id])
        rows.sort(key=lambda r: (r[2] is None, r[2] or 0, r[3] is None, r[3] or ""))  # NULLS LAST
        return [dict(zip(names, r, strict=True)) for r in rows]

    def append_audit(self, actor: str, action: str, target: str, detail: dict[str, Any],
                     input_sha256: str | None = None) -> AuditEntry:
        self.audit_appends += 1
        last = self._first("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        seq, prev = (int(last[0]) + 1, str(last[1])) if last else (1, _GENESIS)
        at = datetime.now(UTC)
        detail_json = json.dumps(detail, sort_keys=True, ensure_ascii=False)
        entry_hash = _entry_hash(prev, at, actor, action, target, detail_json, input_sha256)
        self._con.execute(
            "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [seq, at.replace(tzinfo=None), actor, action, target, detail_json, input_sha256, prev,
             entry_hash],
        )
        return AuditEntry(seq, at, actor, action, target, detail, input_sha256, prev, entry_hash)

    def audit_head(self) -> tuple[int, str] | None:
        """``(seq, entry_hash)`` of the newest audit entry: the data version (None when empty).

        Every change to master or activity data appends an entry, so caches of figures
        computed from the data are keyed by it.
        """
        last = self._first("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        return (int(last[0]), str(last[1])) if last else None

    def activity_years(self, org_codes: Sequence[str]) -> list[int]:
        """The years with activity records of any of the given organisations, ascending."""
        if not org_codes:
            return []
        marks = ", ".join("?" * len(org_codes))
        rows = self._con.rows(
            f"SELECT DISTINCT year FROM activity WHERE org_code IN ({marks})", list(org_codes))
        return sorted(int(r[0]) for r in rows)

    def audit_log(self) -> list[AuditEntry]:
        rows = self._con.rows(
            "SELECT seq, logged_at_utc, actor, action, target, detail, input_sha256, prev_hash, "
            "entry_hash FROM audit_log ORDER BY seq")
        return [AuditEntry(int(r[0]), r[1].replace(tzinfo=UTC), r[2], r[3], r[4], json.loads(r[5]),
                           r[6], r[7], r[8]) for r in rows]

    def verify_audit_chain(self) -> bool:
        """True when every entry's hash matches its content and its predecessor."""
        prev = _GENESIS
        rows = self._con.rows(
            "SELECT logged_at_utc, actor, action, target, detail, input_sha256, prev_hash, "
            "entry_hash FROM audit_log ORDER BY seq")
        for at, actor, action, target, detail, sha, prev_hash, entry_hash in rows:
            expected = _entry_hash(prev, at.replace(tzinfo=UTC), actor, action, target, detail, sha)
            if prev_hash != prev or entry_hash != expected:
                return False
            prev = entry_hash
        return True

    # -- results -----------------------------------------------------------------------------
    def save_results(self, rows: Sequence[tuple[str, str, str, str, int, str]]) -> None:
        """Store ``(result_id, kind, inventory_id, org_code, year, body_json)`` rows."""
        self._con.executemany(
            "INSERT INTO results VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (result_id) DO UPDATE "
            "SET kind = excluded.kind, inventory_id = excluded.inventory_id, "
            "org_code = excluded.org_code, year = excluded.year, body = excluded.body",
            [list(r) for r in rows])

    def result(self, result_id: str) -> tuple[str, str, str] | None:
        """``(kind, inventory_id, body_json)`` of a stored result."""
        row = self._first("SELECT kind, inventory_id, body FROM results WHERE result_id = ?",
                          [result_id])
        return None if row is None else (row[0], row[1], row[2])


def _record(r: Sequence[Any]) -> ActivityRecord:
    """An activity record from a row of :data:`_RECORD_SELECT`."""
    return ActivityRecord(
        record_id=r[0], org_code=r[1], site=r[2], source=r[3], item=r[4], period=r[5],
        quantity=r[6], unit=r[7], quantity_canonical=r[8], canonical_unit=r[9],
        measured=MeasuredParameters(ncv_gj_per_unit=r[10], carbon_content_tc_per_gj=r[11],
                                    oxidation_rate=r[12], emission_factor_t_per_unit=r[16],
                                    carbon_tc_per_unit=r[17]),
        data_quality=r[13], evidence=r[14], origin=r[15])


def _activity_table(records: Sequence[ActivityRecord], hashes: Sequence[str],
                    import_id: str, versions: Sequence[int]) -> pa.Table:
    periods = [Period.parse(r.period) for r in records]
    return pa.table({
        "record_id": pa.array([r.record_id for r in records], pa.string()),
        "org_code": [r.org_code for r in records],
        "site": [r.site for r in records],
        "source": [r.source for r in records],
        "item": [r.item for r in records],
        "period": [r.period for r in records],
        "year": pa.array([p.year for p in periods], pa.int32()),
        "month": pa.array([p.month for p in periods], pa.int32()),
        "quantity": pa.array([r.quantity for r in records], pa.float64()),
        "unit": [r.unit for r in records],
        "quantity_canonical": pa.array([r.quantity_canonical for r in records], pa.float64()),
        "canonical_unit": [r.canonical_unit for r in records],
        "ncv_gj_per_unit": pa.array([r.measured.ncv_gj_per_unit for r in records], pa.float64()),
        "carbon_content_tc_per_gj": pa.array(
            [r.measured.carbon_content_tc_per_gj for r in records], pa.float64()),
        "oxidation_rate": pa.array([r.measured.oxidation_rate for r in records], pa.float64()),
        "emission_factor_t_per_unit": pa.array(
            [r.measured.emission_factor_t_per_unit for r in records], pa.float64()),
        "data_quality": [r.data_quality.value for r in records],
        "evidence": [r.evidence for r in records],
        "origin": [r.origin for r in records],
        "import_id": [import_id] * len(records),
        "content_hash": list(hashes),
        "carbon_tc_per_unit": pa.array([r.measured.carbon_tc_per_unit for r in records],
                                       pa.float64()),
        "version": pa.array(list(versions), pa.int32()),
    })


#: The name the store had when DuckDB was its only back end.
DuckDBStore = Store
