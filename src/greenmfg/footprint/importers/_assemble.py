"""What every importer shares: collecting records, linking providers, mapping flows, reporting.

A format reader hands over processes, flows, exchanges (amounts already in the flow's unit),
methods and factors; :meth:`Assembler.finish` links each product input to its provider, maps
elementary flows onto the default list, converts amounts and uncertainty into the mapped flow's
unit, and returns the :class:`~greenmfg.footprint.database.LcaDatabase` with its
:class:`~greenmfg.footprint.importers.report.ImportReport`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from greenmfg.footprint.database import (
    EXCHANGE_SCHEMA,
    FACTOR_SCHEMA,
    FLOW_SCHEMA,
    METHOD_SCHEMA,
    PROCESS_SCHEMA,
    FlowKind,
    LcaDatabase,
    SystemCache,
    build_product_system,
    shared_system_cache,
)
from greenmfg.footprint.flowlist import FlowList, FlowMapping, normalise_cas
from greenmfg.footprint.importers._package import record_error
from greenmfg.footprint.importers.report import ImportReport, UnlinkedExchange
from greenmfg.footprint.uncertainty import Distribution

__all__ = ["NO_UNCERTAINTY", "Assembler", "Params", "scale_params"]

#: Uncertainty as ``(kind, loc, scale, minimum, maximum)`` in the ``stats_arrays`` convention.
Params = tuple[int, float, float, float, float]
_NAN = float("nan")
NO_UNCERTAINTY: Params = (0, _NAN, _NAN, _NAN, _NAN)


def scale_params(params: Params, factor: float) -> Params:
    """Uncertainty of an amount multiplied by a positive unit-conversion ``factor``.

    >>> scale_params((3, 2.0, 0.5, float("nan"), float("nan")), 1000.0)[:3]
    (3, 2000.0, 500.0)
    """
    kind, loc, scale, low, high = params
    if kind == Distribution.LOGNORMAL:
        return kind, loc + math.log(factor), scale, low, high
    if kind == Distribution.NORMAL:
        return kind, loc * factor, scale * factor, low, high
    if kind in (Distribution.UNIFORM, Distribution.TRIANGULAR):
        return kind, loc * factor, scale, low * factor, high * factor
    return params


class Assembler:
    """Collects the records of one package and turns them into a database and a report."""

    def __init__(self, source_format: str, label: str) -> None:
        self.source_format = source_format
        self.label = label
        self.flows: dict[str, dict[str, str]] = {}
        self.flow_where: dict[str, str] = {}
        self.processes: dict[str, dict[str, str]] = {}
        self.process_where: dict[str, str] = {}
        self.methods: dict[str, dict[str, str]] = {}
        self._ex: dict[str, list[Any]] = {name: [] for name in EXCHANGE_SCHEMA.names}
        self._fa: dict[str, list[Any]] = {name: [] for name in FACTOR_SCHEMA.names}
        self.warnings: list[str] = []
        self.skipped: list[str] = []
        self.ignored_factors = 0

    # -- collecting ---------------------------------------------------------------------
    def add_flow(self, flow_id: str, *, name: str, kind: str, unit: str, where: str,
                 compartment: str = "", subcompartment: str = "", cas: str = "",
                 formula: str = "") -> None:
        """One flow; a second definition of the same id is ignored with a warning."""
        row = {"flow_id": flow_id, "name": name, "kind": str(kind), "compartment": compartment,
               "subcompartment": subcompartment, "cas": normalise_cas(cas), "formula": formula,
               "unit": unit}
        if kind not in tuple(FlowKind):
            raise record_error(where, f"flow '{flow_id}' ('{name}')", f"unknown flow kind '{kind}'",
                               "elementary, product or waste", kind)
        old = self.flows.get(flow_id)
        if old is not None:
            if old != row:
                self.warnings.append(f"flow {flow_id} ('{name}') is defined again in {where}; "
                                     f"the definition in {self.flow_where[flow_id]} is kept")
            return
        self.flows[flow_id] = row
        self.flow_where[flow_id] = where

    def add_process(self, process_id: str, *, name: str, where: str, location: str = "",
                    description: str = "", code: str = "") -> None:
        """One process; the same id twice is an error naming both files."""
        if process_id in self.processes:
            raise record_error(where, f"process '{process_id}' ('{name}')",
                               f"the process is already defined in {self.process_where[process_id]}",
                               "each process once", process_id)
        self.processes[process_id] = {"process_id": process_id, "code": code, "name": name,
                                      "location": location, "description": description}
        self.process_where[process_id] = where

    def add_exchange(self, process_id: str, flow_id: str, amount: float, *, is_input: bool,
                     is_reference: bool, is_avoided: bool = False, provider_id: str | None = None,
                     params: Params = NO_UNCERTAINTY, comment: str = "") -> None:
        """One exchange, its amount and uncertainty already in the flow's unit."""
        for name, value in zip(EXCHANGE_SCHEMA.names, (
                process_id, flow_id, amount, is_input, is_avoided, is_reference, provider_id,
                *params, comment), strict=True):
            self._ex[name].append(value)

    def add_method(self, method_id: str, *, name: str, unit: str, group: str = "",
                   description: str = "", code: str = "") -> None:
        """One impact method (one indicator)."""
        self.methods.setdefault(method_id, {"method_id": method_id, "code": code, "name": name,
                                            "unit": unit, "method_group": group,
                                            "description": description})

    def add_factor(self, method_id: str, flow_id: str, value: float,
                   params: Params = NO_UNCERTAINTY) -> None:
        """One characterisation factor, per unit of the flow's unit."""
        for name, item in zip(FACTOR_SCHEMA.names, (method_id, flow_id, value, *params),
                              strict=True):
            self._fa[name].append(item)

    # -- finishing ----------------------------------------------------------------------
    def _references(self) -> dict[str, str]:
        found: dict[str, list[str]] = {p: [] for p in self.processes}
        for process, flow, ref in zip(self._ex["process_id"], self._ex["flow_id"],
                                      self._ex["is_reference"], strict=True):
            if ref:
                found[process].append(flow)
        for process, flows in found.items():
            if len(flows) != 1:
                name = self.processes[process]["name"]
                raise record_error(self.process_where[process], f"process '{process}' ('{name}')",
                                   f"{len(flows)} reference products"
                                   + (f" ({', '.join(flows)})" if flows else ""),
                                   "exactly one quantitative reference (multi-output processes "
                                   "must be allocated before import)", str(len(flows)))
        return {process: flows[0] for process, flows in found.items()}

    def _link(self, references: dict[str, str]) -> tuple[int, list[UnlinkedExchange]]:
        providers: dict[str, list[str]] = {}
        for process, flow in sorted(references.items()):
            providers.setdefault(flow, []).append(process)
        linked = 0
        unlinked = []
        ex = self._ex
        for i, (process, flow, ref) in enumerate(zip(ex["process_id"], ex["flow_id"],
                                                     ex["is_reference"], strict=True)):
            if ref or self.flows[flow]["kind"] == FlowKind.ELEMENTARY:
                ex["provider_id"][i] = None
                continue
            given = ex["provider_id"][i]
            if given is not None and references.get(given) == flow:
                linked += 1
                continue
            if given is not None:
                self.warnings.append(
                    f"process {process}: the given provider {given} of flow {flow} "
                    + ("is not in the package" if given not in references else
                       "does not make that flow as its reference product")
                    + "; linked by flow instead")
            candidates = providers.get(flow, [])
            if len(candidates) == 1:
                ex["provider_id"][i] = candidates[0]
                linked += 1
                continue
            ex["provider_id"][i] = None
            reason = ("no process of the package makes this flow" if not candidates else
                      f"{len(candidates)} processes make this flow ({', '.join(candidates)}); "
                      "give a default provider")
            unlinked.append(UnlinkedExchange(
                process_id=process, process_name=self.processes[process]["name"], flow_id=flow,
                flow_name=self.flows[flow]["name"], amount=float(ex["amount"][i]),
                unit=self.flows[flow]["unit"], is_input=bool(ex["is_input"][i]), reason=reason))
        return linked, unlinked

    def _map(self, flow_list: FlowList, default: LcaDatabase
             ) -> tuple[list[FlowMapping], list[FlowMapping], int]:
        used = set(self._ex["flow_id"])
        mapped, unmapped, unused = [], [], 0
        targets: dict[str, dict[str, str]] = {
            row["flow_id"]: row for row in default.flows.to_pylist()}
        conversions: dict[str, tuple[str, float]] = {}
        for flow_id, row in sorted(self.flows.items()):
            if row["kind"] != FlowKind.ELEMENTARY:
                continue
            result = flow_list.match(flow_id, row["name"], row["compartment"],
                                     row["subcompartment"], row["cas"], row["unit"])
            if result.target_id is None or result.factor is None:
                if flow_id in used:
                    unmapped.append(result)
                else:
                    unused += 1
                continue
            mapped.append(result)
            conversions[flow_id] = (result.target_id, result.factor)
        for flow_id in conversions:
            del self.flows[flow_id]
        for target, _ in conversions.values():
            self.flows[target] = dict(targets[target])
        self._convert(self._ex, conversions, "amount", invert=False)
        self._convert(self._fa, conversions, "value", invert=True)
        return mapped, unmapped, unused

    @staticmethod
    def _convert(columns: dict[str, list[Any]], conversions: dict[str, tuple[str, float]],
                 value: str, *, invert: bool) -> None:
        flows = columns["flow_id"]
        for i, flow in enumerate(flows):
            hit = conversions.get(flow)
            if hit is None:
                continue
            target, factor = hit
            factor = 1.0 / factor if invert else factor
            flows[i] = target
            columns[value][i] *= factor
            params = scale_params((columns["kind"][i], columns["loc"][i], columns["scale"][i],
                                   columns["minimum"][i], columns["maximum"][i]), factor)
            for key, item in zip(("kind", "loc", "scale", "minimum", "maximum"), params,
                                 strict=True):
                columns[key][i] = item

    def _factors(self) -> pa.Table:
        fa = self._fa
        keep: list[int] = []
        first: dict[tuple[str, str], int] = {}
        for i, (method, flow) in enumerate(zip(fa["method_id"], fa["flow_id"], strict=True)):
            if method not in self.methods or flow not in self.flows:
                self.ignored_factors += 1
                continue
            seen = first.get((method, flow))
            if seen is None:
                first[(method, flow)] = i
                keep.append(i)
            elif fa["value"][seen] != fa["value"][i]:
                self.warnings.append(
                    f"method {method} has two factors for flow {flow} "
                    f"({fa['value'][seen]:g} and {fa['value'][i]:g}); the first is kept")
        return pa.table({k: [fa[k][i] for i in keep] for k in FACTOR_SCHEMA.names},
                        schema=FACTOR_SCHEMA)

    def finish(self, database_id: str, name: str, *, sha256: str, flow_list: FlowList,
               default: LcaDatabase) -> tuple[LcaDatabase, ImportReport]:
        """Link, map, convert and validate; the database with its import report."""
        for process, flow in zip(self._ex["process_id"], self._ex["flow_id"], strict=True):
            if flow not in self.flows:
                name = self.processes[process]["name"]
                raise record_error(self.process_where[process], f"process '{process}' ('{name}')",
                                   f"an exchange refers to flow '{flow}', which the package "
                                   "does not contain", "every exchanged flow in the package",
                                   flow)
        references = self._references()
        linked, unlinked = self._link(references)
        mapped, unmapped, unused = self._map(flow_list, default)
        factors = self._factors()
        processes = pa.table({
            **{k: [p[k] for p in self.processes.values()] for k in (
                "process_id", "code", "name", "location")},
            "reference_flow_id": [references[p] for p in self.processes],
            "description": [p["description"] for p in self.processes.values()],
        }, schema=PROCESS_SCHEMA)
        flows = pa.table({k: [f[k] for f in self.flows.values()] for k in FLOW_SCHEMA.names},
                         schema=FLOW_SCHEMA)
        methods = pa.table({k: [m[k] for m in self.methods.values()] for k in METHOD_SCHEMA.names},
                           schema=METHOD_SCHEMA)
        exchanges = pa.table(self._ex, schema=EXCHANGE_SCHEMA)
        database = LcaDatabase.of(database_id, name, self.source_format, processes=processes,
                                  flows=flows, exchanges=exchanges, methods=methods,
                                  factors=factors)
        # Fail at import, not at the first calculation: assemble the matrices once, and keep
        # them for the first calculation on this content.
        system = build_product_system(database, methods_from=[default])
        shared_system_cache().put(SystemCache.key(database.content_hash, default.content_hash),
                                  system)
        report = ImportReport(
            database_id=database_id, name=name, source_format=self.source_format,
            file=self.label, sha256=sha256, content_hash=database.content_hash,
            flow_list_edition=flow_list.edition, processes=database.processes.num_rows,
            flows=database.flows.num_rows, exchanges=database.exchanges.num_rows,
            methods=database.methods.num_rows, factors=database.factors.num_rows,
            linked_exchanges=linked,
            mapped=tuple(sorted(mapped, key=_mapping_key)),
            unmapped=tuple(sorted(unmapped, key=_mapping_key)), unmapped_unused=unused,
            unlinked=tuple(sorted(unlinked, key=lambda u: (u.process_id, u.flow_id))),
            ignored_factors=self.ignored_factors, skipped_files=tuple(self.skipped),
            warnings=tuple(self.warnings))
        return database, report


def _mapping_key(mapping: FlowMapping) -> tuple[str, str]:
    return mapping.name.casefold(), mapping.source_id


def first_text(values: Sequence[str | None]) -> str:
    """The first non-empty string, stripped."""
    for value in values:
        if value and value.strip():
            return value.strip()
    return ""
