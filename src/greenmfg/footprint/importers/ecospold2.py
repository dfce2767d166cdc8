"""EcoSpold2 activity data sets (``.spold``): one file, or a zip or folder of them.

Each ``activityDataset`` (or ``childActivityDataset``) is one process; its reference product is
the intermediate exchange with ``outputGroup`` 0 (a negative amount there is a waste treatment,
as ecoinvent models it, with the waste an input of negative amount at its producer).
Intermediate exchanges are products (``inputGroup`` 5 or ``outputGroup`` 2 …), linked through
``activityLinkId`` when given, else to the process whose reference product is the same
``intermediateExchangeId``; elementary exchanges carry their ``compartment`` /
``subcompartment`` and CAS number. Amounts keep their sign. Since ecoinvent gives several
allocated data sets the same activity id, a process id is ``uuid5`` of the activity id and its
reference product id (``process_id_for``), as openLCA also derives one.

EcoSpold2 files carry no unit groups: a flow's unit is the ``unitName`` of its first exchange
(files in name order), and any other unit of the same flow is converted through the unit
registry, so an unknown unit there is an error naming the exchange. No LCIA data is read (the
format holds none); master-data files are skipped.

Uncertainty: ``lognormal`` (``mu``; ``varianceWithPedigreeUncertainty``, else ``variance``, is the
variance of ln), ``normal`` (``meanValue``, variance as before), ``triangular`` (``minValue``,
``mostLikelyValue``, ``maxValue``) and ``uniform`` (``minValue``, ``maxValue``); any other
distribution is imported as fixed and listed in the warnings.

References
----------
EcoSpold02 data format (ecoinvent association), ``EcoSpold02.xsd``: ``intermediateExchange``,
``elementaryExchange``, ``TUncertainty``.
"""

from __future__ import annotations

import math
import uuid
from pathlib import PurePosixPath
from xml.etree.ElementTree import Element

from greenmfg.errors import UnitError
from greenmfg.footprint.database import FlowKind
from greenmfg.footprint.flowlist import compartment_of
from greenmfg.footprint.importers._assemble import (
    NO_UNCERTAINTY,
    Assembler,
    Params,
    first_text,
    scale_params,
)
from greenmfg.footprint.importers._package import Package, parse_xml, record_error
from greenmfg.footprint.uncertainty import Distribution
from greenmfg.units import convert, parse_unit

__all__ = ["process_id_for", "read_ecospold2"]

_EXPECTED = "an EcoSpold2 activity data set"
#: uuid5(NAMESPACE_URL, "greenmfg:footprint:ecospold2-process")
_NAMESPACE = uuid.UUID("3c219e12-739f-5d99-a78d-0ec2b2b84107")


def process_id_for(activity_id: str, product_id: str) -> str:
    """The process id of an activity data set with its reference product.

    >>> len(process_id_for("a", "b")), process_id_for("a", "b") == process_id_for("a", "b")
    (36, True)
    """
    return str(uuid.uuid5(_NAMESPACE, f"{activity_id}_{product_id}"))


def _lang(element: Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.findall(path)
    by_lang = {(e.get("lang") or "").casefold(): (e.text or "").strip() for e in reversed(found)}
    return first_text([by_lang.get("en"), by_lang.get("zh"), *((e.text or "") for e in found)])


def _attr(element: Element, name: str, where: str, record: str) -> float:
    text = element.get(name)
    if text is None:
        raise record_error(where, record, f"no '{name}' attribute", f"a numeric '{name}'",
                           "nothing", problem_zh=f"缺少 {name}", column=name)
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value):
        raise record_error(where, record, f"'{name}' is '{text}'", "a finite number", text,
                           column=name)
    return value


def _uncertainty(exchange: Element, amount: float, where: str, record: str,
                 warnings: list[str]) -> Params:
    holder = exchange.find("uncertainty")
    if holder is None:
        return NO_UNCERTAINTY
    nan = float("nan")
    for child in holder:
        if child.tag == "lognormal":
            variance = child.get("varianceWithPedigreeUncertainty") or child.get("variance")
            mu = child.get("mu")
            if variance is None or mu is None:
                raise record_error(where, record, "lognormal without mu or variance",
                                   "mu and variance", "nothing", column="lognormal")
            return (Distribution.LOGNORMAL, _attr(child, "mu", where, record),
                    math.sqrt(max(float(variance), 0.0)), nan, nan)
        if child.tag == "normal":
            variance = child.get("varianceWithPedigreeUncertainty") or child.get("variance")
            if variance is None:
                raise record_error(where, record, "normal without variance", "a variance",
                                   "nothing", column="normal")
            mean = float(child.get("meanValue") or amount)
            return Distribution.NORMAL, mean, math.sqrt(max(float(variance), 0.0)), nan, nan
        if child.tag == "triangular":
            return (Distribution.TRIANGULAR, _attr(child, "mostLikelyValue", where, record), nan,
                    _attr(child, "minValue", where, record), _attr(child, "maxValue", where, record))
        if child.tag == "uniform":
            return (Distribution.UNIFORM, nan, nan, _attr(child, "minValue", where, record),
                    _attr(child, "maxValue", where, record))
        if child.tag in ("beta", "gamma", "binomial", "undefined"):
            warnings.append(f"{where}: {record}: {child.tag} uncertainty is not supported; the "
                            "amount is taken as fixed")
            return NO_UNCERTAINTY
    return NO_UNCERTAINTY


class _Reader:
    def __init__(self, package: Package, assembler: Assembler) -> None:
        self.package = package
        self.assembler = assembler
        self.units: dict[str, str] = {}

    def to_flow_unit(self, flow: str, unit: str, where: str, record: str) -> float:
        """Multiplier from ``unit`` into the unit the flow was first seen in."""
        known = self.units.setdefault(flow, unit)
        if known == unit:
            return 1.0
        try:
            parse_unit(unit)
        except UnitError as exc:
            raise record_error(where, record, f"unknown unit '{unit}'",
                               f"'{known}' (the flow's unit in its other exchanges) or a unit "
                               "convertible to it", unit, problem_zh=f"未知单位“{unit}”",
                               column="unitName", kind=UnitError) from exc
        try:
            return convert(1.0, unit, known)
        except UnitError as exc:
            raise record_error(where, record, f"unit '{unit}' cannot be converted to '{known}', "
                               "the flow's unit in its other exchanges",
                               f"'{known}' or a unit convertible to it", unit,
                               problem_zh=f"单位“{unit}”无法换算为“{known}”", column="unitName",
                               kind=UnitError) from exc

    def activity(self, name: str) -> None:
        where = self.package.where(name)
        root = parse_xml(self.package.read(name), where, _EXPECTED)
        dataset = root.find("activityDataset")
        if dataset is None:
            dataset = root.find("childActivityDataset")
        if root.tag != "ecoSpold" or dataset is None:
            self.assembler.skipped.append(name)
            return
        activity = dataset.find("activityDescription/activity")
        if activity is None or not activity.get("id"):
            raise record_error(where, f"data set {PurePosixPath(name).stem}",
                               "no activity with an id", "activityDescription/activity/@id",
                               "nothing")
        activity_id = str(activity.get("id"))
        product = next((e.get("intermediateExchangeId") or "" for e in dataset.findall(
            "flowData/intermediateExchange") if (e.findtext("outputGroup") or "").strip() == "0"),
            "")
        process = process_id_for(activity_id, product)
        title = _lang(activity, "activityName")
        record = f"process '{process}' ('{title}', activity {activity_id})"
        self.assembler.add_process(
            process, name=title, where=where,
            location=_lang(dataset, "activityDescription/geography/shortname"),
            description=_lang(activity, "generalComment/text"))
        for i, exchange in enumerate(dataset.findall("flowData/*"), start=1):
            if exchange.tag not in ("intermediateExchange", "elementaryExchange"):
                continue
            elementary = exchange.tag == "elementaryExchange"
            flow = exchange.get("elementaryExchangeId" if elementary else "intermediateExchangeId")
            flow_name = _lang(exchange, "name")
            here = f"{record}, exchange {i} ('{flow_name}')"
            if not flow:
                raise record_error(where, here, "no flow id",
                                   "elementaryExchangeId / intermediateExchangeId", "nothing")
            amount = _attr(exchange, "amount", where, here)
            unit = _lang(exchange, "unitName")
            factor = self.to_flow_unit(flow, unit, where, here)
            output = (exchange.findtext("outputGroup") or "").strip()
            is_input = exchange.find("inputGroup") is not None
            params = scale_params(_uncertainty(exchange, amount, where, here,
                                               self.assembler.warnings), factor)
            if elementary:
                compartment, sub = compartment_of([
                    _lang(exchange, "compartment/compartment"),
                    _lang(exchange, "compartment/subcompartment")])
                self.assembler.add_flow(flow, name=flow_name, kind=FlowKind.ELEMENTARY,
                                        unit=self.units[flow], where=where,
                                        compartment=compartment, subcompartment=sub,
                                        cas=exchange.get("casNumber") or "",
                                        formula=exchange.get("formula") or "")
            else:
                self.assembler.add_flow(flow, name=flow_name, kind=FlowKind.PRODUCT,
                                        unit=self.units[flow], where=where)
            self.assembler.add_exchange(
                process, flow, amount * factor, is_input=is_input,
                is_reference=not elementary and output == "0",
                provider_id=process_id_for(str(exchange.get("activityLinkId")), flow)
                if not elementary and exchange.get("activityLinkId") else None,
                params=params, comment=_lang(exchange, "comment"))


def read_ecospold2(package: Package, assembler: Assembler) -> None:
    """Read every ``.spold`` file of the package into ``assembler``."""
    reader = _Reader(package, assembler)
    for name in package.names():
        if PurePosixPath(name).suffix.casefold() == ".spold":
            reader.activity(name)
        else:
            assembler.skipped.append(name)
