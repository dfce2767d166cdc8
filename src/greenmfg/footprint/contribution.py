"""Where a score comes from: by process, by elementary flow, and along the supply chain.

- By process: ``(C B) diag(s)``, the direct emissions of each process at its scaling, times
  the characterisation factors; the entries sum to the score.
- By flow: ``diag(c) g``, each elementary flow's inventory times its factor; sums to the score.
- Supply chain: the tree of upstream demands, expanded from the functional unit while a node's
  cumulative score ``λ_i × amount`` stays above a cut-off share of the total. Each node also
  keeps its own direct score and the part of its cumulative score below the cut-off.

References
----------
Heijungs, R. and Suh, S. (2002). *The Computational Structure of Life Cycle Assessment*.
Kluwer, section 8.1 (contribution analysis) and section 8.4 (structural path analysis).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from greenmfg.errors import OptionError
from greenmfg.footprint.lcia import LcaResult, characterised_flows
from greenmfg.footprint.solve import FactorisationCache, SolveInfo, Solver, solve_system
from greenmfg.footprint.system import ProductSystem

__all__ = ["Contributions", "SupplyChain", "SupplyChainNode", "contribution_by_flow",
           "contribution_by_process", "supply_chain"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Contributions:
    """Parts of one score, largest magnitude first; ``values`` sum to ``total``.

    ``labels`` are process or flow ids; ``values`` and ``total`` are in ``unit``.
    """

    method: str
    unit: str
    total: float
    labels: tuple[str, ...]
    values: FloatArray

    def top(self, count: int) -> list[tuple[str, float]]:
        """The ``count`` largest parts, with the rest summed under ``"(rest)"``."""
        head = [(label, float(value)) for label, value in
                zip(self.labels[:count], self.values[:count], strict=True)]
        rest = float(self.values[count:].sum())
        return head + ([("(rest)", rest)] if len(self.labels) > count else [])


def _column(result: LcaResult, method: str | None, unit: int) -> tuple[int, str]:
    row = 0 if method is None else result.methods.index(method)
    if not 0 <= unit < result.supply.shape[1]:
        raise OptionError(f"functional unit {unit} does not exist; the result has "
                          f"{result.supply.shape[1]}", f"功能单位 {unit} 不存在",
                          expected=f"0 to {result.supply.shape[1] - 1}", found=str(unit))
    return row, result.methods[row]


def _ranked(method: str, unit: str, labels: tuple[str, ...], values: FloatArray) -> Contributions:
    order = np.argsort(-np.abs(values), kind="stable")
    return Contributions(method, unit, float(values.sum()), tuple(labels[i] for i in order),
                         values[order])


def contribution_by_process(
    system: ProductSystem, result: LcaResult, method: str | None = None, unit: int = 0,
) -> Contributions:
    """Each process's direct contribution to a score, ``(C B)[method, p] × s_p``.

    Parameters
    ----------
    system
        The product system the result was calculated on.
    result
        The LCA result.
    method
        Method name; the result's first when omitted.
    unit
        Functional unit (column of the result).
    """
    row, name = _column(result, method, unit)
    weights = characterised_flows(system, [name])[:, 0]
    values = weights * result.supply[:, unit]
    return _ranked(name, result.method_units[row], system.process_ids, values)


def contribution_by_flow(
    system: ProductSystem, result: LcaResult, method: str | None = None, unit: int = 0,
) -> Contributions:
    """Each elementary flow's contribution to a score, ``c_k × g_k``. Parameters as above."""
    row, name = _column(result, method, unit)
    factors = np.asarray(system.characterisation[system.method_index(name)].toarray()).ravel()
    values = factors * result.inventory[:, unit]
    return _ranked(name, result.method_units[row], system.flow_ids, values)


@dataclass(frozen=True, slots=True)
class SupplyChainNode:
    """One demand for a product in the supply chain, with its scores in the method's unit.

    ``amount`` is in the product's unit; ``cumulative`` is the score of that amount with all its
    upstream chain, ``direct`` that of the process's own flows only, and ``cut_off`` the part of
    ``cumulative`` in inputs not expanded (below the cut-off, or past the depth limit).
    """

    process: str
    amount: float
    cumulative: float
    direct: float
    cut_off: float
    children: tuple[SupplyChainNode, ...]


@dataclass(frozen=True, slots=True)
class SupplyChain:
    """The expanded supply chain tree of one demand, with how the adjoint was solved."""

    method: str
    unit: str
    total: float
    roots: tuple[SupplyChainNode, ...]
    nodes: int
    solve: SolveInfo


def supply_chain(
    system: ProductSystem, demand: Mapping[str, float], method: str | None = None, *,
    cutoff: float = 0.01, max_depth: int = 8, max_nodes: int = 1000,
    solver: Solver | str = Solver.AUTO, cache: FactorisationCache | None = None,
) -> SupplyChain:
    """Upstream tree of a demand, expanded while a node carries at least ``cutoff`` of the total.

    Parameters
    ----------
    system
        The product system.
    demand
        Product id → amount in the product's unit.
    method
        Method name; the system's first when omitted.
    cutoff
        Share of the total score (by magnitude) below which a node is not expanded.
    max_depth
        Deepest level expanded (loops are followed until their share falls below the cut-off).
    max_nodes
        Most nodes in the tree; expansion is depth-first, largest input first.
    solver, cache
        As for :func:`~greenmfg.footprint.lcia.calculate`.
    """
    name = method or system.methods[0]
    k = system.method_index(name)
    weights = characterised_flows(system, [name])[:, 0]
    adjoint, info = solve_system(system.technosphere, weights, transpose=True, solver=solver,
                          cache=cache, key=system.technosphere_hash)
    technosphere = system.technosphere
    diagonal = technosphere.diagonal()
    total = float(sum(adjoint[system.process_index(p)] * float(a) for p, a in demand.items()))
    limit = abs(total) * cutoff
    budget = [max_nodes]

    def expand(index: int, amount: float, depth: int) -> SupplyChainNode:
        budget[0] -= 1
        scaling = amount / diagonal[index]
        cumulative = float(adjoint[index] * amount)
        direct = float(weights[index] * scaling)
        start, end = technosphere.indptr[index], technosphere.indptr[index + 1]
        rows = technosphere.indices[start:end]
        inputs = -technosphere.data[start:end] * scaling
        keep = rows != index
        rows, inputs = rows[keep], inputs[keep]
        shares = adjoint[rows] * inputs
        order = np.argsort(-np.abs(shares), kind="stable")
        children = []
        for j in order:
            if depth >= max_depth or abs(shares[j]) < limit or budget[0] <= 0 or limit == 0:
                break
            children.append(expand(int(rows[j]), float(inputs[j]), depth + 1))
        rest = cumulative - direct - sum(child.cumulative for child in children)
        return SupplyChainNode(system.process_ids[index], amount, cumulative, direct, rest,
                               tuple(children))

    roots = tuple(expand(system.process_index(p), float(a), 0) for p, a in demand.items())
    return SupplyChain(name, system.method_units[k], total, roots, max_nodes - budget[0], info)
