"""Matching imported elementary flows onto the default flow list.

Every data source names elementary flows its own way: ecoinvent "Carbon dioxide, fossil" to
``air/unspecified``, the EF / ILCD list "carbon dioxide (fossil)" under "Emissions to air",
openLCA a category path. :meth:`FlowList.match` maps a flow onto the packaged default list

1. by UUID: the default flow's own id, or a known id of the same flow in another list
   (``flow_aliases.csv``);
2. otherwise by name + compartment + CAS: the normalised name is one of the default flow's
   names, the compartment is the same (air, natural resource, ...), and the CAS numbers agree
   where both are given.

A match converts the amount from the source unit into the default flow's unit through the one
unit registry (:mod:`greenmfg.units`). A flow that does not match, or whose unit cannot be
converted, stays in the database as its own flow; :class:`FlowMapping` says which and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from greenmfg.errors import UnitError
from greenmfg.units import convert

__all__ = ["DefaultFlow", "FlowList", "FlowMapping", "compartment_of", "normalise_cas",
           "normalise_name"]

_CAS = re.compile(r"^0*(\d{1,7})-(\d{2})-(\d)$")


def normalise_cas(text: str | None) -> str:
    """A CAS number without leading zeros or spaces; ``""`` when it is not one.

    >>> normalise_cas(" 000124-38-9 "), normalise_cas("n/a")
    ('124-38-9', '')
    """
    match = _CAS.match((text or "").replace(" ", ""))
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else ""


def normalise_name(text: str) -> str:
    """A flow name folded for comparison: lower case, single spaces.

    >>> normalise_name("  Carbon dioxide,  FOSSIL ")
    'carbon dioxide, fossil'
    """
    return " ".join(text.casefold().split())


_COMPARTMENTS = (("resource", "natural resource"), ("air", "air"), ("water", "water"),
                 ("soil", "soil"))


def compartment_of(parts: Iterable[str]) -> tuple[str, str]:
    """Compartment and subcompartment of an elementary flow from its category path.

    Works for ecoinvent (``air`` / ``urban air close to ground``), ILCD / EF (``Emissions`` /
    ``Emissions to air`` / ``Emissions to air, unspecified``) and openLCA category paths
    (``Elementary flows/Emission to air/unspecified``); the result is idempotent, so what
    :func:`compartment_of` returns reads back the same.

    >>> compartment_of(["Emissions", "Emissions to air", "Emissions to air, unspecified"])
    ('air', 'unspecified')
    >>> compartment_of(["Elementary flows", "natural resource", "in air"])
    ('natural resource', 'in air')
    >>> compartment_of(["Resources", "Resources from air"])
    ('natural resource', 'in air')
    """
    cleaned = [" ".join(p.split()) for p in parts if p and p.strip()]
    lowered = [p.casefold() for p in cleaned if p.casefold() not in ("elementary flows",
                                                                     "elementary flow")]
    if not lowered:
        return "", ""
    joined = " / ".join(lowered)
    compartment = ""
    for needle, name in _COMPARTMENTS:
        if needle in joined:
            compartment = name
            break
    if not compartment:
        return lowered[0], lowered[-1] if len(lowered) > 1 else "unspecified"
    last = lowered[-1]
    for prefix in ("emissions to ", "emission to "):
        if last.startswith(prefix):
            last = last[len(prefix):]
    for medium in ("air", "water", "soil"):
        if last.startswith(f"{medium}, "):
            last = last[len(medium) + 2:]
    generic = {"emissions", "emission", "resources", "resource", "natural resource",
               f"emissions to {compartment}", f"emission to {compartment}", compartment}
    if compartment == "natural resource":
        for medium in ("air", "water", "ground", "land", "biotic"):
            if last in (f"resources from {medium}", f"resource from {medium}",
                        f"resources in {medium}", f"in {medium}"):
                last = f"in {medium}"
    if last in generic or last == "":
        last = "unspecified"
    return compartment, last


@dataclass(frozen=True, slots=True)
class DefaultFlow:
    """One elementary flow of the default list; ``synonyms`` are normalised names."""

    flow_id: str
    code: str
    name: str
    compartment: str
    subcompartment: str
    cas: str
    formula: str
    unit: str
    synonyms: tuple[str, ...]


class FlowMapping(BaseModel):
    """What became of one imported elementary flow.

    ``factor`` converts the source unit into the target flow's unit (``None`` when unmapped);
    ``method`` is ``uuid``, ``name+compartment+cas`` or ``unmapped``, with ``reason`` saying
    why a flow stayed unmapped.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    source_id: str
    name: str
    compartment: str
    subcompartment: str
    cas: str
    unit: str
    method: Literal["uuid", "name+compartment+cas", "unmapped"]
    target_id: str | None = None
    target_name: str | None = None
    target_unit: str | None = None
    factor: float | None = None
    reason: str = ""


class FlowList:
    """The default elementary flows, indexed by id, alias and (name, compartment)."""

    def __init__(self, flows: Sequence[DefaultFlow], aliases: Iterable[tuple[str, str]],
                 edition: str) -> None:
        self.flows = tuple(flows)
        self.edition = edition
        by_code = {f.code: f for f in self.flows}
        self._by_id = {f.flow_id: f for f in self.flows}
        for alias_id, code in aliases:
            self._by_id[alias_id.casefold()] = by_code[code]
        self._by_name: dict[tuple[str, str], list[DefaultFlow]] = {}
        for flow in self.flows:
            for name in {normalise_name(flow.name), *flow.synonyms}:
                self._by_name.setdefault((name, flow.compartment), []).append(flow)

    def get(self, flow_id: str) -> DefaultFlow | None:
        """The default flow with this id or alias."""
        return self._by_id.get(flow_id) or self._by_id.get(flow_id.casefold())

    def match(self, source_id: str, name: str, compartment: str, subcompartment: str,
              cas: str, unit: str) -> FlowMapping:
        """Map one elementary flow (see the module docstring)."""
        cas = normalise_cas(cas)
        base: dict[str, Any] = {"source_id": source_id, "name": name,
                                "compartment": compartment, "subcompartment": subcompartment,
                                "cas": cas, "unit": unit}
        target = self.get(source_id)
        method: Literal["uuid", "name+compartment+cas"] = "uuid"
        if target is None:
            method = "name+compartment+cas"
            candidates = self._by_name.get((normalise_name(name), compartment), [])
            agreeing = [f for f in candidates if not (cas and f.cas and cas != f.cas)]
            if not agreeing:
                why = (f"CAS {cas} differs from the default flow's "
                       f"{', '.join(sorted({f.cas for f in candidates}))}" if candidates else
                       f"no default flow is named '{name}' in compartment '{compartment or '?'}'")
                return FlowMapping(**base, method="unmapped", reason=why)
            target = agreeing[0]
        try:
            factor = convert(1.0, unit, target.unit)
        except UnitError as exc:
            return FlowMapping(**base, method="unmapped",
                               reason=f"matches '{target.name}' by {method} but its unit "
                                      f"'{unit}' cannot be converted to {target.unit} "
                                      f"({exc.message_en})")
        return FlowMapping(**base, method=method, target_id=target.flow_id,
                           target_name=target.name, target_unit=target.unit, factor=factor)
