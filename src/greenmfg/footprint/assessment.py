"""A product's footprint from a database, with contributions and lineage, ready to show.

:func:`assess_footprint` scores ``amount`` of one product with one method and explains it
(contributions by process and by elementary flow, flows with no factor, the solver that ran);
:func:`sample_footprint` does the same under uncertainty (Monte Carlo statistics and the
sensitivity ranking). Both return frozen pydantic models that carry their lineage: the database
and its content hash, the product system's hash, the method and the edition of the default data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from greenmfg._internal.hashing import stable_id
from greenmfg.footprint.contribution import contribution_by_flow, contribution_by_process
from greenmfg.footprint.database import LcaDatabase, resolve_method, resolve_process
from greenmfg.footprint.defaults import default_manifest
from greenmfg.footprint.lcia import calculate
from greenmfg.footprint.montecarlo import run_monte_carlo
from greenmfg.footprint.solve import FactorisationCache, Solver
from greenmfg.footprint.system import ProductSystem

__all__ = ["ContributionItem", "FootprintLineage", "FootprintResult", "MonteCarloSummary",
           "SensitivityItem", "SolverReport", "assess_footprint", "sample_footprint"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ContributionItem(BaseModel):
    """One part of a score: a process (``kind`` process) or an elementary flow, in the score's
    unit; ``share`` is its fraction of the score (``None`` when the score is zero)."""

    model_config = _FROZEN

    id: str
    name: str
    value: float
    share: float | None
    compartment: str = ""


class Contributions(BaseModel):
    """The largest parts of a score by process and by flow; ``rest_*`` sums the others, so each
    list plus its rest adds up to the score."""

    model_config = _FROZEN

    by_process: tuple[ContributionItem, ...]
    rest_by_process: float
    by_flow: tuple[ContributionItem, ...]
    rest_by_flow: float


class UncharacterisedFlow(BaseModel):
    """An elementary flow in the inventory that the method has no factor for (amount in
    ``unit``): its effect is not in the score."""

    model_config = _FROZEN

    id: str
    name: str
    compartment: str
    amount: float
    unit: str


class SolverReport(BaseModel):
    """Which linear solver ran, and how far its answer is proven (``relative_error``)."""

    model_config = _FROZEN

    solver: str
    cached: bool
    iterations: int
    relative_error: float | None
    fallback: str | None


class FootprintLineage(BaseModel):
    """Where a footprint comes from: database, method, default-data edition, hashes."""

    model_config = _FROZEN

    result_id: str
    database_id: str
    database_name: str
    database_format: str
    database_content_hash: str
    system_hash: str
    method_id: str
    method_group: str
    default_database_edition: str
    default_database_content_hash: str
    engine: str = "greenmfg.footprint (matrix LCA: A s = f, g = B s, h = C g)"


class FootprintResult(BaseModel):
    """``amount`` (in ``product_unit``) of a product, scored with one method (in ``unit``)."""

    model_config = _FROZEN

    product: str
    product_code: str
    product_name: str
    product_unit: str
    amount: float
    method: str
    method_id: str
    score: float
    unit: str
    contributions: Contributions
    uncharacterised: tuple[UncharacterisedFlow, ...]
    solver: SolverReport
    lineage: FootprintLineage


class SensitivityItem(BaseModel):
    """An uncertain input ranked by how much of the score's spread it drives.

    ``matrix`` is technosphere (``row`` product, ``col`` process), biosphere (flow, process) or
    characterisation (method, flow).
    """

    model_config = _FROZEN

    matrix: str
    row: str
    row_name: str
    col: str
    col_name: str
    spearman_squared: float
    linear_share: float


class MonteCarloSolver(BaseModel):
    """How the sampled systems were solved: Jacobi steps, and any direct fallbacks."""

    model_config = _FROZEN

    iterative: int
    direct_fallbacks: tuple[int, ...]
    direct_solver: str | None


class MonteCarloSummary(BaseModel):
    """Monte Carlo statistics of a footprint, in ``unit``; ``percentiles`` maps the level in per
    cent (``"2.5"``) to its value."""

    model_config = _FROZEN

    product: str
    product_name: str
    product_unit: str
    amount: float
    method: str
    method_id: str
    unit: str
    iterations: int
    seed: int
    block_size: int
    deterministic: float
    mean: float
    sd: float
    percentiles: dict[str, float]
    sensitivity: tuple[SensitivityItem, ...]
    solver: MonteCarloSolver
    lineage: FootprintLineage


@dataclass(frozen=True, slots=True)
class _Names:
    processes: dict[str, dict[str, Any]]
    flows: dict[str, dict[str, Any]]
    methods: list[dict[str, Any]]


def _names(database: LcaDatabase, methods_from: Sequence[LcaDatabase]) -> _Names:
    flows: dict[str, dict[str, Any]] = {}
    methods: list[dict[str, Any]] = []
    seen: set[str] = set()
    for source in (database, *methods_from):
        for row in source.flows.to_pylist():
            flows.setdefault(row["flow_id"], row)
        for row in source.methods.to_pylist():
            if row["method_id"] not in seen:
                seen.add(row["method_id"])
                methods.append(row)
    processes = {row["process_id"]: row for row in database.process_rows()}
    return _Names(processes, flows, methods)


def _lineage(system: ProductSystem, database: LcaDatabase, methods_from: Sequence[LcaDatabase],
             method: dict[str, Any], payload: dict[str, Any]) -> FootprintLineage:
    default = methods_from[0] if methods_from else database
    return FootprintLineage(
        result_id=stable_id("FP-", {**payload, "system": system.content_hash}),
        database_id=database.database_id, database_name=database.name,
        database_format=database.source_format, database_content_hash=database.content_hash,
        system_hash=system.content_hash, method_id=method["method_id"],
        method_group=method["method_group"],
        default_database_edition=default_manifest().database.edition,
        default_database_content_hash=default.content_hash)


def _items(labels: Sequence[str], values: np.ndarray[Any, Any], total: float, top: int,
           name: dict[str, dict[str, Any]], *, flows: bool) -> tuple[list[ContributionItem], float]:
    items: list[ContributionItem] = []
    rest = 0.0
    for label, value in zip(labels, values.tolist(), strict=True):
        if value == 0.0:
            continue
        if len(items) >= top:
            rest += value
            continue
        row = name.get(label, {})
        items.append(ContributionItem(
            id=label, name=str(row.get("name", label)), value=value,
            share=value / total if total != 0 else None,
            compartment=str(row.get("compartment", "")) if flows else ""))
    return items, rest


def assess_footprint(
    system: ProductSystem, database: LcaDatabase, product: str, amount: float, method: str, *,
    methods_from: Sequence[LcaDatabase] = (), solver: Solver | str = Solver.AUTO,
    cache: FactorisationCache | None = None, top: int = 10,
) -> FootprintResult:
    """Score ``amount`` of a product with a method, with contributions and lineage.

    Parameters
    ----------
    system
        The product system of ``database`` (with the methods of ``methods_from``).
    database
        The database the product comes from.
    product
        Process id, code or name of the product.
    amount
        Amount of the product, in the unit of its reference flow.
    method
        Method id, code or name.
    methods_from
        The databases whose methods were added to the system (the packaged default).
    solver, cache
        As for :func:`~greenmfg.footprint.lcia.calculate`.
    top
        Largest contributions listed by process and by flow; the rest is summed.
    """
    names = _names(database, methods_from)
    found = resolve_process(database, product)
    chosen = resolve_method(names.methods, method, f"database '{database.database_id}'")
    result = calculate(system, {found["process_id"]: float(amount)},
                       methods=[chosen["method_id"]], solver=solver, cache=cache)
    score = result.score(chosen["method_id"])
    by_process = contribution_by_process(system, result, chosen["method_id"])
    by_flow = contribution_by_flow(system, result, chosen["method_id"])
    processes, rest_p = _items(by_process.labels, by_process.values, score, top, names.processes,
                               flows=False)
    flows, rest_f = _items(by_flow.labels, by_flow.values, score, top, names.flows, flows=True)
    row = system.characterisation[system.method_index(chosen["method_id"])]
    characterised = set(row.indices.tolist())
    uncharacterised = tuple(
        UncharacterisedFlow(id=flow, name=str(names.flows.get(flow, {}).get("name", flow)),
                            compartment=str(names.flows.get(flow, {}).get("compartment", "")),
                            amount=float(value), unit=str(names.flows.get(flow, {}).get("unit", "")))
        for k, (flow, value) in enumerate(zip(system.flow_ids, result.inventory[:, 0].tolist(),
                                              strict=True))
        if value != 0.0 and k not in characterised)
    info = result.solve
    payload = {"product": found["process_id"], "amount": float(amount),
               "method": chosen["method_id"], "database": database.content_hash}
    return FootprintResult(
        product=found["process_id"], product_code=found["code"], product_name=found["name"],
        product_unit=found["unit"], amount=float(amount), method=chosen["name"],
        method_id=chosen["method_id"], score=score, unit=chosen["unit"],
        contributions=Contributions(by_process=tuple(processes), rest_by_process=rest_p,
                                    by_flow=tuple(flows), rest_by_flow=rest_f),
        uncharacterised=uncharacterised,
        solver=SolverReport(solver=info.solver.value, cached=info.cached,
                            iterations=info.iterations, relative_error=info.relative_error,
                            fallback=info.fallback),
        lineage=_lineage(system, database, methods_from, chosen, payload))


def _label(names: _Names, matrix: str, key: str, *, row: bool) -> str:
    if matrix == "technosphere" or (matrix == "biosphere" and not row):
        return str(names.processes.get(key, {}).get("name", key))
    if matrix == "characterisation" and row:
        return next((str(m["name"]) for m in names.methods if m["method_id"] == key), key)
    return str(names.flows.get(key, {}).get("name", key))


def sample_footprint(
    system: ProductSystem, database: LcaDatabase, product: str, amount: float, method: str, *,
    iterations: int = 1000, seed: int = 0, methods_from: Sequence[LcaDatabase] = (),
    solver: Solver | str = Solver.AUTO, cache: FactorisationCache | None = None,
    top: int = 10, percentiles: Sequence[float] = (2.5, 5.0, 25.0, 50.0, 75.0, 95.0, 97.5),
) -> MonteCarloSummary:
    """Monte Carlo statistics of ``amount`` of a product under one method.

    Parameters are as for :func:`assess_footprint`, plus ``iterations`` and ``seed`` (the same
    seed gives the same numbers), ``top`` (inputs listed in the sensitivity ranking) and
    ``percentiles`` (in per cent).
    """
    names = _names(database, methods_from)
    found = resolve_process(database, product)
    chosen = resolve_method(names.methods, method, f"database '{database.database_id}'")
    result = run_monte_carlo(system, {found["process_id"]: float(amount)},
                             methods=[chosen["method_id"]], iterations=iterations, seed=seed,
                             solver=solver, cache=cache, percentiles=percentiles)
    ranking = tuple(
        SensitivityItem(matrix=e.matrix, row=e.row, row_name=_label(names, e.matrix, e.row, row=True),
                        col=e.col, col_name=_label(names, e.matrix, e.col, row=False),
                        spearman_squared=e.spearman_squared, linear_share=e.linear_share)
        for e in result.sensitivity[0][:top])
    payload = {"product": found["process_id"], "amount": float(amount),
               "method": chosen["method_id"], "database": database.content_hash,
               "iterations": iterations, "seed": seed}
    return MonteCarloSummary(
        product=found["process_id"], product_name=found["name"], product_unit=found["unit"],
        amount=float(amount), method=chosen["name"], method_id=chosen["method_id"],
        unit=chosen["unit"], iterations=result.iterations, seed=seed,
        block_size=result.block_size, deterministic=float(result.deterministic[0]),
        mean=float(result.mean[0]), sd=float(result.sd[0]),
        percentiles={f"{level:g}": float(value) for level, value in
                     zip(result.percentiles, result.percentile_values[0].tolist(), strict=True)},
        sensitivity=ranking,
        solver=MonteCarloSolver(iterative=result.iterative,
                                direct_fallbacks=result.direct_fallbacks,
                                direct_solver=result.direct_solver.value
                                if result.direct_solver else None),
        lineage=_lineage(system, database, methods_from, chosen, payload))
