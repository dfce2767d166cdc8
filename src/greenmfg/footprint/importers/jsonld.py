"""openLCA JSON-LD (olca-schema 2, and the 1.x field names) from a zip or a folder.

Read: ``unit_groups``, ``flow_properties``, ``flows``, ``processes``, ``lcia_categories`` (one
greenmfg method each, unit ``refUnit``) and ``lcia_methods`` (which only group categories);
locations are taken from the process's reference. Other folders (actors, sources, dq_systems,
product_systems, ...) are listed as skipped.

Units: an exchange amount in unit ``u`` of flow property ``p`` becomes
``amount × factor(u) / factor(p)`` in the reference unit of the flow's reference property
(``Unit.conversionFactor`` and ``FlowPropertyFactor.conversionFactor``, as openLCA converts);
an impact factor is divided by the same ratio. Amounts are taken as given: formulas and
parameters are not evaluated, allocation factors are not applied.

Uncertainty: ``LOG_NORMAL_DISTRIBUTION`` (``geomMean``, ``geomSd``), ``NORMAL_DISTRIBUTION``
(``mean``, ``sd``), ``TRIANGLE_DISTRIBUTION`` (``minimum``, ``mode``, ``maximum``) and
``UNIFORM_DISTRIBUTION`` (``minimum``, ``maximum``) become ``stats_arrays`` parameters.

References
----------
openLCA schema, https://greendelta.github.io/olca-schema (CC0): ``Exchange``, ``Flow``,
``FlowPropertyFactor``, ``Unit``, ``UnitGroup``, ``ImpactCategory``, ``ImpactFactor``,
``Uncertainty``.
"""

from __future__ import annotations

import math
from pathlib import PurePosixPath
from typing import Any

from greenmfg.footprint.database import FlowKind
from greenmfg.footprint.flowlist import compartment_of
from greenmfg.footprint.importers._assemble import (
    NO_UNCERTAINTY,
    Assembler,
    Params,
    scale_params,
)
from greenmfg.footprint.importers._package import Package, parse_json, record_error
from greenmfg.footprint.uncertainty import Distribution

__all__ = ["FOLDERS", "read_jsonld"]

#: olca-schema folder → entity type read from it.
FOLDERS = {"unit_groups": "UnitGroup", "flow_properties": "FlowProperty", "flows": "Flow",
           "processes": "Process", "lcia_categories": "ImpactCategory",
           "lcia_methods": "ImpactMethod"}
_KINDS = {"ELEMENTARY_FLOW": FlowKind.ELEMENTARY, "PRODUCT_FLOW": FlowKind.PRODUCT,
          "WASTE_FLOW": FlowKind.WASTE}
#: Code of a process or method kept in its tags, so that it survives an export.
CODE_TAG = "greenmfg:code="


def _get(obj: dict[str, Any], *names: str, default: Any = None) -> Any:
    for name in names:
        if name in obj and obj[name] is not None:
            return obj[name]
    return default


def _ref_id(obj: Any) -> str | None:
    if isinstance(obj, dict):
        value = obj.get("@id")
        return str(value) if value else None
    return None


def _number(value: Any, where: str, record: str, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise record_error(where, record, f"'{field}' is {value!r}", "a finite number",
                           repr(value), column=field)
    return float(value)


def _category(obj: dict[str, Any]) -> list[str]:
    category = obj.get("category")
    if isinstance(category, str):
        return category.split("/")
    if isinstance(category, dict):  # schema 1: a reference to a Category with its path
        return [*category.get("categoryPath", []), str(category.get("name", ""))]
    return []


def _code(obj: dict[str, Any]) -> str:
    if isinstance(obj.get("code"), str):
        return str(obj["code"])
    for tag in obj.get("tags") or []:
        if isinstance(tag, str) and tag.startswith(CODE_TAG):
            return tag[len(CODE_TAG):]
    return ""


def _params(obj: dict[str, Any], amount: float, where: str, record: str) -> Params:
    u = obj.get("uncertainty")
    if not isinstance(u, dict) or not u.get("distributionType"):
        return NO_UNCERTAINTY
    kind = u["distributionType"]

    def value(field: str, default: float | None = None) -> float:
        found = u.get(field, default)
        if found is None:
            raise record_error(where, record, f"{kind} uncertainty without '{field}'",
                               f"'{field}' in the uncertainty", "nothing", column=field)
        return _number(found, where, record, f"uncertainty.{field}")

    nan = float("nan")
    if kind == "LOG_NORMAL_DISTRIBUTION":
        mean, sd = value("geomMean", abs(amount)), value("geomSd")
        if mean <= 0 or sd <= 1:
            raise record_error(where, record, f"log-normal with geomMean {mean:g} and geomSd "
                               f"{sd:g}", "geomMean > 0 and geomSd > 1", f"{mean:g}, {sd:g}")
        return Distribution.LOGNORMAL, math.log(mean), math.log(sd), nan, nan
    if kind == "NORMAL_DISTRIBUTION":
        return Distribution.NORMAL, value("mean", amount), value("sd"), nan, nan
    if kind == "TRIANGLE_DISTRIBUTION":
        return (Distribution.TRIANGULAR, value("mode", amount), nan, value("minimum"),
                value("maximum"))
    if kind == "UNIFORM_DISTRIBUTION":
        return Distribution.UNIFORM, nan, nan, value("minimum"), value("maximum")
    raise record_error(where, record, f"unknown uncertainty type '{kind}'",
                       "LOG_NORMAL_DISTRIBUTION, NORMAL_DISTRIBUTION, TRIANGLE_DISTRIBUTION or "
                       "UNIFORM_DISTRIBUTION", str(kind), column="distributionType")


class _Units:
    """Unit groups, flow properties and each flow's properties: conversion into its unit."""

    def __init__(self) -> None:
        self.groups: dict[str, dict[str, Any]] = {}
        self.properties: dict[str, dict[str, Any]] = {}
        self.flows: dict[str, dict[str, Any]] = {}

    def add_group(self, obj: dict[str, Any], where: str) -> None:
        units = {}
        reference = None
        for unit in obj.get("units") or []:
            record = f"unit group '{obj.get('@id')}' ('{obj.get('name', '')}')"
            factor = _number(_get(unit, "conversionFactor", default=1.0), where, record,
                             "conversionFactor")
            units[str(unit.get("@id") or unit.get("name"))] = (str(unit.get("name", "")), factor)
            if _get(unit, "isRefUnit", "referenceUnit", default=False):
                reference = str(unit.get("name", ""))
        if reference is None:
            reference = next((name for name, factor in units.values() if factor == 1.0), "")
        self.groups[str(obj["@id"])] = {"units": units, "reference": reference, "where": where,
                                        "name": obj.get("name", "")}

    def add_property(self, obj: dict[str, Any]) -> None:
        self.properties[str(obj["@id"])] = {"group": _ref_id(obj.get("unitGroup")),
                                            "name": obj.get("name", "")}

    def _group(self, prop: str, where: str, record: str) -> dict[str, Any]:
        found = self.properties.get(prop)
        if found is None:
            raise record_error(where, record, f"flow property '{prop}' is not in the package",
                               "a flow_properties/<id>.json for it", prop)
        group = self.groups.get(found["group"] or "")
        if group is None:
            raise record_error(where, record, f"unit group '{found['group']}' of flow property "
                               f"'{found['name']}' is not in the package",
                               "a unit_groups/<id>.json for it", str(found["group"]))
        return group

    def reference_unit(self, flow: dict[str, Any], where: str) -> tuple[str, str]:
        """The reference property id and reference unit name of a flow."""
        record = f"flow '{flow['@id']}' ('{flow.get('name', '')}')"
        factors = flow.get("flowProperties") or []
        if not factors:
            raise record_error(where, record, "no flowProperties", "at least one flow property",
                               "none", column="flowProperties")
        ref = next((f for f in factors if _get(f, "isRefFlowProperty", "referenceFlowProperty",
                                               default=False)), factors[0])
        prop = _ref_id(ref.get("flowProperty")) or ""
        self.flows[str(flow["@id"])] = {
            "ref": prop, "factors": {_ref_id(f.get("flowProperty")): _number(
                _get(f, "conversionFactor", default=1.0), where, record, "conversionFactor")
                for f in factors}}
        return prop, self._group(prop, where, record)["reference"]

    def factor(self, flow_id: str, obj: dict[str, Any], where: str, record: str) -> float:
        """Multiplier from an exchange's (or factor's) unit into the flow's reference unit."""
        flow = self.flows[flow_id]
        prop = _ref_id(obj.get("flowProperty")) or flow["ref"]
        if prop not in flow["factors"]:
            raise record_error(where, record, f"flow property '{prop}' is not a property of flow "
                               f"'{flow_id}'", "one of the flow's flowProperties", prop,
                               column="flowProperty")
        group = self._group(prop, where, record)
        unit = obj.get("unit")
        if not isinstance(unit, dict):
            return float(self._reference_factor(group) / flow["factors"][prop])
        key = unit.get("@id")
        hit = group["units"].get(str(key)) if key else None
        if hit is None:
            hit = next((u for u in group["units"].values() if u[0] == unit.get("name")), None)
        if hit is None:
            known = ", ".join(sorted(name for name, _ in group["units"].values()))
            raise record_error(where, record, f"unknown unit '{unit.get('name', key)}'",
                               f"a unit of group '{group['name']}' ({known})",
                               str(unit.get("name", key)), problem_zh=f"未知单位“{unit.get('name', key)}”",
                               column="unit")
        factor = hit[1] / flow["factors"][prop]
        if not (factor > 0 and math.isfinite(factor)):
            raise record_error(where, record, f"conversion factor {factor!r}",
                               "a positive conversion factor", repr(factor), column="unit")
        return float(factor)

    @staticmethod
    def _reference_factor(group: dict[str, Any]) -> float:
        return float(next((f for name, f in group["units"].values()
                           if name == group["reference"]), 1.0))


def read_jsonld(package: Package, assembler: Assembler) -> None:
    """Read an olca-schema package into ``assembler`` (see the module docstring)."""
    entities: dict[str, list[tuple[str, dict[str, Any]]]] = {t: [] for t in FOLDERS.values()}
    for name in package.names():
        path = PurePosixPath(name)
        folder = path.parent.name
        if path.suffix != ".json" or path.name == "olca-schema.json":
            continue
        if folder not in FOLDERS:
            assembler.skipped.append(name)
            continue
        where = package.where(name)
        obj = parse_json(package.read(name), where, f"an openLCA {FOLDERS[folder]} object")
        if not isinstance(obj, dict) or not obj.get("@id"):
            raise record_error(where, f"record {path.stem}", "no '@id'",
                               f"a JSON object with '@id' ({FOLDERS[folder]})", type(obj).__name__)
        entities[FOLDERS[folder]].append((where, obj))

    units = _Units()
    for where, obj in entities["UnitGroup"]:
        units.add_group(obj, where)
    for _, obj in entities["FlowProperty"]:
        units.add_property(obj)
    for where, obj in entities["Flow"]:
        _, unit = units.reference_unit(obj, where)
        kind = _KINDS.get(str(obj.get("flowType")))
        if kind is None:
            raise record_error(where, f"flow '{obj['@id']}' ('{obj.get('name', '')}')",
                               f"flowType is {obj.get('flowType')!r}",
                               "ELEMENTARY_FLOW, PRODUCT_FLOW or WASTE_FLOW",
                               repr(obj.get("flowType")), column="flowType")
        compartment, sub = compartment_of(_category(obj)) if kind == FlowKind.ELEMENTARY \
            else ("", "")
        assembler.add_flow(str(obj["@id"]), name=str(obj.get("name", "")), kind=kind, unit=unit,
                           where=where, compartment=compartment, subcompartment=sub,
                           cas=str(obj.get("cas") or ""), formula=str(obj.get("formula") or ""))
    for where, obj in entities["Process"]:
        _process(obj, where, units, assembler)
    groups: dict[str, str] = {}
    for _, obj in sorted(entities["ImpactMethod"], key=lambda item: str(item[1]["@id"])):
        for ref in obj.get("impactCategories") or []:
            groups.setdefault(_ref_id(ref) or "", str(obj.get("name", "")))
    for where, obj in entities["ImpactCategory"]:
        _category_factors(obj, where, units, assembler, groups.get(str(obj["@id"]), ""))


def _process(obj: dict[str, Any], where: str, units: _Units, assembler: Assembler) -> None:
    process_id = str(obj["@id"])
    name = str(obj.get("name", ""))
    location = obj.get("location")
    assembler.add_process(process_id, name=name, where=where, code=_code(obj),
                          location=str(location.get("name", "")) if isinstance(location, dict)
                          else "", description=str(obj.get("description") or ""))
    for i, exchange in enumerate(obj.get("exchanges") or [], start=1):
        flow_id = _ref_id(exchange.get("flow"))
        record = f"process '{process_id}' ('{name}'), exchange {i}"
        if flow_id is None:
            raise record_error(where, record, "no flow", "a flow reference with '@id'", "nothing",
                               column="flow")
        record += f" (flow '{flow_id}')"
        if flow_id not in units.flows:
            raise record_error(where, record, "the flow is not in the package",
                               "a flows/<id>.json for it", flow_id, column="flow")
        if exchange.get("amount") is None:
            raise record_error(where, record, "no amount", "an 'amount'", "nothing",
                               problem_zh="缺少数量", column="amount")
        amount = _number(exchange["amount"], where, record, "amount")
        factor = units.factor(flow_id, exchange, where, record)
        params = scale_params(_params(exchange, amount, where, record), factor)
        assembler.add_exchange(
            process_id, flow_id, amount * factor,
            is_input=bool(_get(exchange, "isInput", "input", default=False)),
            is_reference=bool(_get(exchange, "isQuantitativeReference", "quantitativeReference",
                                   default=False)),
            is_avoided=bool(_get(exchange, "isAvoidedProduct", "avoidedProduct", default=False)),
            provider_id=_ref_id(exchange.get("defaultProvider")), params=params,
            comment=str(exchange.get("description") or ""))


def _category_factors(obj: dict[str, Any], where: str, units: _Units, assembler: Assembler,
                      group: str) -> None:
    method_id = str(obj["@id"])
    name = str(obj.get("name", ""))
    assembler.add_method(method_id, name=name, unit=str(_get(obj, "refUnit", "referenceUnitName",
                                                             default="")),
                         group=group, description=str(obj.get("description") or ""),
                         code=_code(obj))
    for i, factor in enumerate(obj.get("impactFactors") or [], start=1):
        flow_id = _ref_id(factor.get("flow"))
        record = f"impact category '{method_id}' ('{name}'), factor {i} (flow '{flow_id}')"
        if flow_id is None or flow_id not in units.flows:
            assembler.ignored_factors += 1
            continue
        if factor.get("value") is None:
            raise record_error(where, record, "no value", "a 'value'", "nothing", column="value")
        value = _number(factor["value"], where, record, "value")
        ratio = units.factor(flow_id, factor, where, record)
        params = scale_params(_params(factor, value, where, record), 1.0 / ratio)
        assembler.add_factor(method_id, flow_id, value / ratio, params)
