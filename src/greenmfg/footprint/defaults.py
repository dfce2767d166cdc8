"""The packaged default LCA database: GHG elementary flows, IPCC AR6 GWP100 / GWP20, and unit
processes built from Chinese official factors.

The files live in ``greenmfg/footprint/data`` with a ``manifest.json`` that gives each table's
source, edition, licence and verification flag (V, R, R-weak, U as in the reference data), and
says why the database may be redistributed (CC BY 4.0 for the compilation; the values are facts
from official documents). Ids are ``uuid5`` of a fixed namespace and ``<kind>:<code>``, so they
are stable across editions and machines. The database is available without importing anything;
it is never written to a workspace.
"""

from __future__ import annotations

import csv
import uuid
from functools import cache
from importlib import resources

import pyarrow as pa
from pydantic import BaseModel, ConfigDict

from greenmfg.footprint.database import (
    EXCHANGE_SCHEMA,
    FACTOR_SCHEMA,
    FLOW_SCHEMA,
    METHOD_SCHEMA,
    PROCESS_SCHEMA,
    FlowKind,
    LcaDatabase,
)
from greenmfg.footprint.flowlist import DefaultFlow, FlowList, normalise_name

__all__ = ["DEFAULT_DATABASE_ID", "DefaultManifest", "default_database", "default_flow_list",
           "default_id", "default_manifest"]

_DATA = "greenmfg.footprint.data"
#: Id of the packaged database; imported databases may not use it.
DEFAULT_DATABASE_ID = "greenmfg-default"


class ManifestEdition(BaseModel):
    """One edition of a packaged table, as in the reference-data manifest."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    edition: str
    source_document: str
    publisher: str
    published: str | None
    valid_from: str | None
    valid_to: str | None
    verification: str
    notes: str


class ManifestDataset(BaseModel):
    """One packaged table: file, titles, licence, notes and editions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    file: str
    title_en: str
    title_zh: str
    licence: str
    notes: str
    editions: tuple[ManifestEdition, ...]


class ManifestDatabase(BaseModel):
    """What the packaged database is, its licence and why it may be redistributed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    name_zh: str
    edition: str
    id_namespace: str
    id_rule: str
    licence: str
    licence_url: str
    attribution: str
    why_redistributable: str
    notes: str


class DefaultManifest(BaseModel):
    """The manifest of the packaged default database."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    database: ManifestDatabase
    datasets: tuple[ManifestDataset, ...]


@cache
def default_manifest() -> DefaultManifest:
    """The parsed ``manifest.json`` of the default database."""
    text = resources.files(_DATA).joinpath("manifest.json").read_text(encoding="utf-8")
    return DefaultManifest.model_validate_json(text)


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def default_id(kind: str, code: str) -> str:
    """The id of a default flow, process or method: ``uuid5(namespace, '<kind>:<code>')``.

    >>> default_id("process", "cn-grid-electricity-2024")
    '47e7fc36-6b93-5efb-973b-341f89786eb6'
    """
    namespace = uuid.UUID(default_manifest().database.id_namespace)
    return str(uuid.uuid5(namespace, f"{kind}:{code}"))


@cache
def default_flow_list() -> FlowList:
    """The default elementary flows with their synonyms and external ids."""
    flows = [
        DefaultFlow(default_id("flow", r["code"]), r["code"], r["name"], r["compartment"],
                    r["subcompartment"], r["cas"], r["formula"], r["unit"],
                    tuple(normalise_name(s) for s in r["synonyms"].split("|") if s))
        for r in _rows("flows.csv") if r["kind"] == FlowKind.ELEMENTARY
    ]
    aliases = [(r["alias_id"], r["flow_code"]) for r in _rows("flow_aliases.csv")]
    return FlowList(flows, aliases, default_manifest().database.edition)


def _nan_columns(n: int) -> dict[str, pa.Array]:
    nan = pa.array([float("nan")] * n, pa.float64())
    return {"kind": pa.array([0] * n, pa.uint8()), "loc": nan, "scale": nan, "minimum": nan,
            "maximum": nan}


@cache
def default_database() -> LcaDatabase:
    """The packaged default database (built once per process)."""
    manifest = default_manifest().database
    flows = _rows("flows.csv")
    processes = _rows("processes.csv")
    exchanges = _rows("exchanges.csv")
    methods = _rows("methods.csv")
    factors = _rows("factors.csv")
    flow_table = pa.table({
        "flow_id": [default_id("flow", r["code"]) for r in flows],
        "name": [r["name"] for r in flows],
        "kind": [r["kind"] for r in flows],
        "compartment": [r["compartment"] for r in flows],
        "subcompartment": [r["subcompartment"] for r in flows],
        "cas": [r["cas"] for r in flows],
        "formula": [r["formula"] for r in flows],
        "unit": [r["unit"] for r in flows],
    }, schema=FLOW_SCHEMA)
    process_table = pa.table({
        "process_id": [default_id("process", r["code"]) for r in processes],
        "code": [r["code"] for r in processes],
        "name": [r["name"] for r in processes],
        "location": [r["location"] for r in processes],
        "reference_flow_id": [default_id("flow", r["reference_flow_code"]) for r in processes],
        "description": [r["description"] for r in processes],
    }, schema=PROCESS_SCHEMA)
    n = len(exchanges)
    exchange_table = pa.table({
        "process_id": [default_id("process", r["process_code"]) for r in exchanges],
        "flow_id": [default_id("flow", r["flow_code"]) for r in exchanges],
        "amount": pa.array([float(r["amount"]) for r in exchanges], pa.float64()),
        "is_input": [r["is_input"] == "true" for r in exchanges],
        "is_avoided": [False] * n,
        "is_reference": [r["is_reference"] == "true" for r in exchanges],
        "provider_id": pa.array([None] * n, pa.string()),
        **_nan_columns(n),
        "comment": [f"{r['derivation']}; source: {r['source']}" if r["source"] else
                    r["derivation"] for r in exchanges],
    }, schema=EXCHANGE_SCHEMA)
    method_table = pa.table({
        "method_id": [default_id("method", r["code"]) for r in methods],
        "code": [r["code"] for r in methods],
        "name": [r["name"] for r in methods],
        "unit": [r["unit"] for r in methods],
        "method_group": [r["group"] for r in methods],
        "description": [r["description"] for r in methods],
    }, schema=METHOD_SCHEMA)
    factor_table = pa.table({
        "method_id": [default_id("method", r["method_code"]) for r in factors],
        "flow_id": [default_id("flow", r["flow_code"]) for r in factors],
        "value": pa.array([float(r["value"]) for r in factors], pa.float64()),
        **_nan_columns(len(factors)),
    }, schema=FACTOR_SCHEMA)
    return LcaDatabase.of(DEFAULT_DATABASE_ID, manifest.name, "packaged",
                          processes=process_table, flows=flow_table, exchanges=exchange_table,
                          methods=method_table, factors=factor_table)
