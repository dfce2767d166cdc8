"""Writing a database as openLCA JSON-LD (olca-schema 2), zip or folder.

The output holds ``olca-schema.json``, ``unit_groups``, ``flow_properties``, ``flows``,
``locations``, ``processes``, ``lcia_categories`` and ``lcia_methods`` (one per method group).
Each distinct unit gets its own unit group and flow property with a ``uuid5`` id, so the same
database always gives the same bytes (sorted keys, sorted zip entries, fixed timestamps).
Amounts, providers, avoided flags, comments and uncertainty are written as the importer reads
them, so that import → export → import gives the same matrices; a process's or method's code
travels in its tags as ``greenmfg:code=<code>``.

Uncertainty goes back to olca-schema terms: log-normal ``geomMean = exp(loc)``,
``geomSd = exp(scale)``; normal ``mean``, ``sd``; triangle ``minimum``, ``mode``, ``maximum``;
uniform ``minimum``, ``maximum``.
"""

from __future__ import annotations

import json
import math
import uuid
import zipfile
from pathlib import Path
from typing import Any

from greenmfg.footprint.database import FlowKind, LcaDatabase
from greenmfg.footprint.importers.jsonld import CODE_TAG
from greenmfg.footprint.uncertainty import Distribution

__all__ = ["export_jsonld", "jsonld_documents"]

#: uuid5(NAMESPACE_URL, "greenmfg:footprint:jsonld-export"): ids of generated unit groups etc.
_NAMESPACE = uuid.UUID("039729ca-cc26-5d1c-b661-4689b435976b")
_FLOW_TYPES = {FlowKind.ELEMENTARY: "ELEMENTARY_FLOW", FlowKind.PRODUCT: "PRODUCT_FLOW",
               FlowKind.WASTE: "WASTE_FLOW"}


def _id(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def _ref(kind: str, entity_id: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"@type": kind, "@id": entity_id, "name": name, **extra}


def _uncertainty(kind: int, loc: float, scale: float, low: float, high: float
                 ) -> dict[str, Any] | None:
    if kind == Distribution.LOGNORMAL:
        return {"distributionType": "LOG_NORMAL_DISTRIBUTION", "geomMean": math.exp(loc),
                "geomSd": math.exp(scale)}
    if kind == Distribution.NORMAL:
        return {"distributionType": "NORMAL_DISTRIBUTION", "mean": loc, "sd": scale}
    if kind == Distribution.TRIANGULAR:
        return {"distributionType": "TRIANGLE_DISTRIBUTION", "minimum": low, "mode": loc,
                "maximum": high}
    if kind == Distribution.UNIFORM:
        return {"distributionType": "UNIFORM_DISTRIBUTION", "minimum": low, "maximum": high}
    return None


def _tags(code: str) -> list[str]:
    return [f"{CODE_TAG}{code}"] if code else []


def jsonld_documents(database: LcaDatabase) -> dict[str, dict[str, Any]]:
    """The olca-schema documents of a database, by path inside the package."""
    docs: dict[str, dict[str, Any]] = {}
    units: dict[str, tuple[str, str, str]] = {}  # unit → (group id, property id, unit id)
    flows = {row["flow_id"]: row for row in database.flows.to_pylist()}
    for unit in sorted({row["unit"] for row in flows.values()}):
        group, prop, unit_id = _id("unit-group", unit), _id("flow-property", unit), \
            _id("unit", unit)
        units[unit] = (group, prop, unit_id)
        docs[f"unit_groups/{group}.json"] = {
            "@type": "UnitGroup", "@id": group, "name": f"Units of {unit}",
            "defaultFlowProperty": _ref("FlowProperty", prop, f"Quantity in {unit}"),
            "units": [{"@type": "Unit", "@id": unit_id, "name": unit, "conversionFactor": 1.0,
                       "isRefUnit": True}]}
        docs[f"flow_properties/{prop}.json"] = {
            "@type": "FlowProperty", "@id": prop, "name": f"Quantity in {unit}",
            "flowPropertyType": "PHYSICAL_QUANTITY",
            "unitGroup": _ref("UnitGroup", group, f"Units of {unit}")}

    def flow_ref(flow_id: str) -> dict[str, Any]:
        row = flows[flow_id]
        return _ref("Flow", flow_id, row["name"], flowType=_FLOW_TYPES[row["kind"]],
                    refUnit=row["unit"])

    for flow_id, row in flows.items():
        group, prop, _ = units[row["unit"]]
        doc: dict[str, Any] = {
            "@type": "Flow", "@id": flow_id, "name": row["name"],
            "flowType": _FLOW_TYPES[row["kind"]],
            "flowProperties": [{"@type": "FlowPropertyFactor", "isRefFlowProperty": True,
                                "conversionFactor": 1.0,
                                "flowProperty": _ref("FlowProperty", prop,
                                                     f"Quantity in {row['unit']}")}]}
        if row["kind"] == FlowKind.ELEMENTARY:
            doc["category"] = "/".join(["Elementary flows", row["compartment"] or "unspecified",
                                        row["subcompartment"] or "unspecified"])
        if row["cas"]:
            doc["cas"] = row["cas"]
        if row["formula"]:
            doc["formula"] = row["formula"]
        docs[f"flows/{flow_id}.json"] = doc

    processes = {row["process_id"]: row for row in database.processes.to_pylist()}
    exchanges: dict[str, list[dict[str, Any]]] = {p: [] for p in processes}
    for row in database.exchanges.to_pylist():
        group, prop, unit_id = units[flows[row["flow_id"]]["unit"]]
        unit = flows[row["flow_id"]]["unit"]
        exchange: dict[str, Any] = {
            "@type": "Exchange", "amount": row["amount"], "isInput": row["is_input"],
            "isAvoidedProduct": row["is_avoided"], "isQuantitativeReference": row["is_reference"],
            "flow": flow_ref(row["flow_id"]), "unit": _ref("Unit", unit_id, unit),
            "flowProperty": _ref("FlowProperty", prop, f"Quantity in {unit}")}
        if row["provider_id"]:
            provider = processes.get(row["provider_id"], {"name": ""})
            exchange["defaultProvider"] = _ref("Process", row["provider_id"], provider["name"])
        found = _uncertainty(row["kind"], row["loc"], row["scale"], row["minimum"],
                             row["maximum"])
        if found:
            exchange["uncertainty"] = {"@type": "Uncertainty", **found}
        if row["comment"]:
            exchange["description"] = row["comment"]
        exchanges[row["process_id"]].append(exchange)
    for process_id, row in processes.items():
        doc = {"@type": "Process", "@id": process_id, "name": row["name"],
               "processType": "UNIT_PROCESS", "tags": _tags(row["code"]),
               "exchanges": [{**e, "internalId": i}
                             for i, e in enumerate(exchanges[process_id], start=1)]}
        if row["description"]:
            doc["description"] = row["description"]
        if row["location"]:
            location = _id("location", row["location"])
            doc["location"] = _ref("Location", location, row["location"])
            docs[f"locations/{location}.json"] = {"@type": "Location", "@id": location,
                                                  "name": row["location"],
                                                  "code": row["location"]}
        docs[f"processes/{process_id}.json"] = doc

    factors: dict[str, list[dict[str, Any]]] = {}
    for row in database.factors.to_pylist():
        group, prop, unit_id = units[flows[row["flow_id"]]["unit"]]
        unit = flows[row["flow_id"]]["unit"]
        factor: dict[str, Any] = {"@type": "ImpactFactor", "value": row["value"],
                                  "flow": flow_ref(row["flow_id"]),
                                  "unit": _ref("Unit", unit_id, unit),
                                  "flowProperty": _ref("FlowProperty", prop,
                                                       f"Quantity in {unit}")}
        found = _uncertainty(row["kind"], row["loc"], row["scale"], row["minimum"],
                             row["maximum"])
        if found:
            factor["uncertainty"] = {"@type": "Uncertainty", **found}
        factors.setdefault(row["method_id"], []).append(factor)
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in database.methods.to_pylist():
        doc = {"@type": "ImpactCategory", "@id": row["method_id"], "name": row["name"],
               "refUnit": row["unit"], "tags": _tags(row["code"]),
               "impactFactors": factors.get(row["method_id"], [])}
        if row["code"]:
            doc["code"] = row["code"]
        if row["description"]:
            doc["description"] = row["description"]
        docs[f"lcia_categories/{row['method_id']}.json"] = doc
        if row["method_group"]:
            groups.setdefault(row["method_group"], []).append(
                _ref("ImpactCategory", row["method_id"], row["name"], refUnit=row["unit"]))
    for name, categories in groups.items():
        method = _id("impact-method", name)
        docs[f"lcia_methods/{method}.json"] = {"@type": "ImpactMethod", "@id": method,
                                               "name": name, "impactCategories": categories}
    docs["olca-schema.json"] = {"version": 2}
    return docs


def export_jsonld(database: LcaDatabase, path: str | Path) -> Path:
    """Write the database as JSON-LD: a zip when ``path`` ends in ``.zip``, else a folder.

    Returns the path written. The same database gives the same bytes.
    """
    target = Path(path)
    docs = jsonld_documents(database)

    def encode(doc: dict[str, Any]) -> bytes:
        return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2,
                           allow_nan=False) + "\n").encode("utf-8")

    if target.suffix.casefold() == ".zip":
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(docs):
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, encode(docs[name]))
        return target
    for name in sorted(docs):
        file = target / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(encode(docs[name]))
    return target
