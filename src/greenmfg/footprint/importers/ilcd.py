"""ILCD / eILCD data sets as the TianGong LCA database (TIDAS) publishes them, zip or folder.

Data sets are recognised by their root element, wherever they sit: ``processDataSet``,
``flowDataSet``, ``flowPropertyDataSet``, ``unitGroupDataSet`` and ``LCIAMethodDataSet`` are
read; contacts, sources and life-cycle models are listed as skipped. Each may be XML or the
TIDAS JSON form of the same XML (``@attribute``, ``#text``, ``prefix:name`` keys).

An exchange amount (``resultingAmount``, else ``meanAmount``) is in the reference unit of the
flow's reference flow property, whose unit group gives the unit name; an LCIA method's unit is
the reference unit of its reference quantity (its short description when that flow property is
not in the package). Names are taken in English, else Chinese, else the first language given.
When one UUID comes in several versions, the highest ``dataSetVersion`` is read.

Uncertainty, per the ILCD format documentation of ``relativeStandardDeviation95In``: for
``log-normal`` the value is the square of the geometric standard deviation, so
``σ = ln(value) / 2`` around ``ln|amount|``; for ``normal`` it is twice the standard deviation, in
the unit of the amount; ``triangular`` takes the minimum and maximum amounts with the amount as
mode, ``uniform`` the minimum and maximum. (openLCA's ILCD import reads the log-normal value as
the geometric standard deviation itself; greenmfg follows the format's own definition.)
Processes with several reference flows are refused: allocate them first.

References
----------
ILCD data format 1.1, ``ILCD_ProcessDataSet.xsd``, ``ILCD_FlowDataSet.xsd``,
``ILCD_LCIAMethodDataSet.xsd`` (European Commission JRC); TIDAS schema,
https://github.com/tiangong-lca/tidas.
"""

from __future__ import annotations

import math
from pathlib import PurePosixPath
from xml.etree.ElementTree import Element

from greenmfg.footprint.database import FlowKind
from greenmfg.footprint.flowlist import compartment_of
from greenmfg.footprint.importers._assemble import NO_UNCERTAINTY, Assembler, Params, first_text
from greenmfg.footprint.importers._package import (
    Package,
    element_from_json,
    parse_json,
    parse_xml,
    record_error,
)
from greenmfg.footprint.uncertainty import Distribution

__all__ = ["ROOTS", "read_ilcd"]

#: Root elements of the data sets read.
ROOTS = ("processDataSet", "flowDataSet", "flowPropertyDataSet", "unitGroupDataSet",
         "LCIAMethodDataSet")
_KINDS = {"elementary flow": FlowKind.ELEMENTARY, "product flow": FlowKind.PRODUCT,
          "waste flow": FlowKind.WASTE, "other flow": FlowKind.PRODUCT}
_EXPECTED = "an ILCD data set (process, flow, flow property, unit group or LCIA method)"


def _text(element: Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _lang(element: Element | None, path: str) -> str:
    """Text of ``path`` in English, else Chinese, else the first one."""
    if element is None:
        return ""
    found = element.findall(path)
    by_lang = {(e.get("lang") or "").casefold(): (e.text or "").strip() for e in reversed(found)}
    return first_text([by_lang.get("en"), by_lang.get("zh"), by_lang.get("zh-cn"),
                       *((e.text or "") for e in found)])


def _ref(element: Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.get("refObjectId") or "").strip() if found is not None else ""


def _version(root: Element) -> tuple[int, ...]:
    text = _text(root, "administrativeInformation/publicationAndOwnership/dataSetVersion")
    try:
        return tuple(int(part) for part in text.split(".")) if text else ()
    except ValueError:
        return ()


def _float(text: str, where: str, record: str, field: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value):
        raise record_error(where, record, f"'{field}' is '{text}'", "a finite number", text,
                           column=field)
    return value


def _uncertainty(element: Element, amount: float, where: str, record: str, *,
                 minimum: str, maximum: str) -> Params:
    kind = _text(element, "uncertaintyDistributionType").casefold()
    if kind in ("", "undefined"):
        return NO_UNCERTAINTY
    nan = float("nan")

    def value(field: str) -> float:
        text = _text(element, field)
        if not text:
            raise record_error(where, record, f"{kind} uncertainty without {field}",
                               f"a {field}", "nothing", column=field)
        return _float(text, where, record, field)

    if kind == "log-normal":
        sdg2 = value("relativeStandardDeviation95In")
        if sdg2 <= 1 or amount == 0:
            raise record_error(where, record, f"log-normal with SDg² {sdg2:g} on amount "
                               f"{amount:g}", "SDg² > 1 on a non-zero amount", f"{sdg2:g}",
                               column="relativeStandardDeviation95In")
        return Distribution.LOGNORMAL, math.log(abs(amount)), math.log(sdg2) / 2, nan, nan
    if kind == "normal":
        return (Distribution.NORMAL, amount, value("relativeStandardDeviation95In") / 2, nan,
                nan)
    if kind == "triangular":
        return Distribution.TRIANGULAR, amount, nan, value(minimum), value(maximum)
    if kind == "uniform":
        return Distribution.UNIFORM, nan, nan, value(minimum), value(maximum)
    raise record_error(where, record, f"unknown uncertaintyDistributionType '{kind}'",
                       "undefined, log-normal, normal, triangular or uniform", kind,
                       column="uncertaintyDistributionType")


class _Reader:
    def __init__(self, package: Package, assembler: Assembler) -> None:
        self.package = package
        self.assembler = assembler
        self.groups: dict[str, str] = {}            # unit group → reference unit name
        self.properties: dict[str, tuple[str, str]] = {}  # flow property → (group, name)
        self.methods: list[tuple[Element, str]] = []
        self.latest: dict[str, dict[str, tuple[tuple[int, ...], str]]] = {}

    def root(self, name: str) -> tuple[Element, str]:
        where = self.package.where(name)
        data = self.package.read(name)
        if name.casefold().endswith(".json"):
            document = parse_json(data, where, _EXPECTED)
            if not (isinstance(document, dict) and len(document) == 1):
                return Element("notADataSet"), where  # e.g. a package manifest: skipped
            return element_from_json(document, where), where
        return parse_xml(data, where, _EXPECTED), where

    def keep_latest(self, kind: str, uuid: str, root: Element, name: str) -> bool:
        """Whether this file is the highest version of its UUID seen so far."""
        seen = self.latest.setdefault(kind, {})
        version = _version(root)
        old = seen.get(uuid)
        if old is not None:
            kept = name if version > old[0] else old[1]
            self.assembler.warnings.append(
                f"{kind} {uuid} comes in several versions ({old[1]}, {name}); {kept} is read")
            if version <= old[0]:
                return False
        seen[uuid] = (version, name)
        return True

    def scan(self) -> list[str]:
        """Read every non-process data set; return the files of the processes to read."""
        processes: dict[str, str] = {}
        flows: dict[str, tuple[Element, str]] = {}
        for name in self.package.names():
            if PurePosixPath(name).suffix.casefold() not in (".xml", ".json"):
                self.assembler.skipped.append(name)
                continue
            root, where = self.root(name)
            if root.tag not in ROOTS:
                self.assembler.skipped.append(name)
                continue
            if root.tag == "processDataSet":
                uuid = _text(root, "processInformation/dataSetInformation/UUID")
                if self.keep_latest("process", uuid or name, root, name):
                    processes[uuid or name] = name
            elif root.tag == "flowDataSet":
                uuid = _text(root, "flowInformation/dataSetInformation/UUID")
                if self.keep_latest("flow", uuid or name, root, name):
                    flows[uuid or name] = (root, where)
            elif root.tag == "flowPropertyDataSet":
                info = root.find("flowPropertiesInformation")
                self.properties[_text(info, "dataSetInformation/UUID")] = (
                    _ref(info, "quantitativeReference/referenceToReferenceUnitGroup"),
                    _lang(info, "dataSetInformation/name"))
            elif root.tag == "unitGroupDataSet":
                self._unit_group(root, where)
            else:
                self.methods.append((root, where))
        for uuid, (root, where) in flows.items():
            self._flow(uuid, root, where)
        return [processes[key] for key in sorted(processes)]

    def _unit_group(self, root: Element, where: str) -> None:
        info = root.find("unitGroupInformation")
        uuid = _text(info, "dataSetInformation/UUID")
        reference = _text(info, "quantitativeReference/referenceToReferenceUnit")
        for unit in root.findall("units/unit"):
            if (unit.get("dataSetInternalID") or "") == reference:
                self.groups[uuid] = _text(unit, "name")
                return
        raise record_error(where, f"unit group '{uuid}' ('{_lang(info, 'dataSetInformation/name')}')",
                           f"no unit with the reference id '{reference}'",
                           "a unit whose dataSetInternalID is the referenceToReferenceUnit",
                           reference)

    def unit_of_property(self, prop: str, where: str, record: str) -> str:
        found = self.properties.get(prop)
        if found is None:
            raise record_error(where, record, f"flow property '{prop}' is not in the package",
                               "its flowproperties/<uuid>.xml", prop)
        group, name = found
        if group not in self.groups:
            raise record_error(where, record, f"unit group '{group}' of flow property '{name}' "
                               "is not in the package", "its unitgroups/<uuid>.xml", group)
        return self.groups[group]

    def _flow(self, uuid: str, root: Element, where: str) -> None:
        info = root.find("flowInformation")
        name = _lang(info, "dataSetInformation/name/baseName")
        record = f"flow '{uuid}' ('{name}')"
        type_text = _text(root, "modellingAndValidation/LCIMethod/typeOfDataSet")
        kind = _KINDS.get(type_text.casefold())
        if kind is None:
            raise record_error(where, record, f"typeOfDataSet is '{type_text}'",
                               "Elementary flow, Product flow, Waste flow or Other flow", type_text,
                               column="typeOfDataSet")
        reference = _text(info, "quantitativeReference/referenceToReferenceFlowProperty")
        props = root.findall("flowProperties/flowProperty")
        chosen = next((p for p in props if (p.get("dataSetInternalID") or "") == reference),
                      props[0] if props else None)
        if chosen is None:
            raise record_error(where, record, "no flow property", "a flowProperties entry",
                               "none", column="flowProperties")
        unit = self.unit_of_property(_ref(chosen, "referenceToFlowPropertyDataSet"), where, record)
        categories = sorted(info.findall(
            "dataSetInformation/classificationInformation/elementaryFlowCategorization/category"),
            key=lambda c: int(c.get("level") or 0)) if info is not None else []
        compartment, sub = compartment_of([c.text or "" for c in categories]) \
            if kind == FlowKind.ELEMENTARY else ("", "")
        self.assembler.add_flow(uuid, name=name, kind=kind, unit=unit, where=where,
                                compartment=compartment, subcompartment=sub,
                                cas=_text(info, "dataSetInformation/CASNumber"),
                                formula=_text(info, "dataSetInformation/sumFormula"))

    def process(self, name: str) -> None:
        root, where = self.root(name)
        info = root.find("processInformation")
        uuid = _text(info, "dataSetInformation/UUID")
        title = _lang(info, "dataSetInformation/name/baseName")
        record = f"process '{uuid}' ('{title}')"
        if not uuid:
            raise record_error(where, f"process in {name}", "no UUID", "a common:UUID", "nothing")
        references = {(e.text or "").strip() for e in info.findall(
            "quantitativeReference/referenceToReferenceFlow")} if info is not None else set()
        location = info.find("geography/locationOfOperationSupplyOrProduction") \
            if info is not None else None
        self.assembler.add_process(
            uuid, name=title, where=where,
            location=(location.get("location") or "") if location is not None else "",
            description=_lang(info, "dataSetInformation/generalComment"))
        for i, exchange in enumerate(root.findall("exchanges/exchange"), start=1):
            flow = _ref(exchange, "referenceToFlowDataSet")
            here = f"{record}, exchange {exchange.get('dataSetInternalID') or i} (flow '{flow}')"
            if not flow:
                raise record_error(where, here, "no referenceToFlowDataSet", "a flow reference",
                                   "nothing", column="referenceToFlowDataSet")
            text = _text(exchange, "resultingAmount") or _text(exchange, "meanAmount")
            if not text:
                raise record_error(where, here, "no meanAmount or resultingAmount",
                                   "the exchange amount", "nothing", problem_zh="缺少数量",
                                   column="meanAmount")
            amount = _float(text, where, here, "meanAmount")
            direction = _text(exchange, "exchangeDirection").casefold()
            if direction not in ("input", "output"):
                raise record_error(where, here, f"exchangeDirection is '{direction}'",
                                   "Input or Output", direction, column="exchangeDirection")
            self.assembler.add_exchange(
                uuid, flow, amount, is_input=direction == "input",
                is_reference=(exchange.get("dataSetInternalID") or "") in references,
                params=_uncertainty(exchange, amount, where, here, minimum="minimumAmount",
                                    maximum="maximumAmount"),
                comment=_lang(exchange, "generalComment"))

    def method(self, root: Element, where: str) -> None:
        info = root.find("LCIAMethodInformation")
        uuid = _text(info, "dataSetInformation/UUID")
        name = _lang(info, "dataSetInformation/name")
        quantity = info.find("quantitativeReference/referenceQuantity") \
            if info is not None else None
        prop = (quantity.get("refObjectId") or "") if quantity is not None else ""
        if prop in self.properties and self.properties[prop][0] in self.groups:
            unit = self.groups[self.properties[prop][0]]
        else:
            unit = _lang(quantity, "shortDescription")
        self.assembler.add_method(uuid, name=name, unit=unit,
                                  group=_lang(info, "dataSetInformation/methodology"),
                                  description=_lang(info, "dataSetInformation/generalComment"))
        for i, factor in enumerate(root.findall("characterisationFactors/factor"), start=1):
            flow = _ref(factor, "referenceToFlowDataSet")
            here = f"LCIA method '{uuid}' ('{name}'), factor {i} (flow '{flow}')"
            text = _text(factor, "meanValue")
            if not text:
                raise record_error(where, here, "no meanValue", "the factor value", "nothing",
                                   column="meanValue")
            value = _float(text, where, here, "meanValue")
            self.assembler.add_factor(uuid, flow, value, _uncertainty(
                factor, value, where, here, minimum="minimumValue", maximum="maximumValue"))


def read_ilcd(package: Package, assembler: Assembler) -> None:
    """Read an ILCD / eILCD / TIDAS package into ``assembler`` (see the module docstring)."""
    reader = _Reader(package, assembler)
    for name in reader.scan():
        reader.process(name)
    for root, where in reader.methods:
        reader.method(root, where)
