"""Inventory and impact assessment: one call from final demand to scores, and product scores.

``calculate`` runs the stages in order (demand → solve ``A s = f`` → inventory ``g = B s`` →
scores ``h = C g``) for one or many functional units at once. ``score_products`` answers the
scores-only question for every product at once through the adjoint system
``Aᵀ λ = (C B)ᵀ``: ``λ[i, k]`` is the score for method ``k`` of one unit of product ``i``, so the
score of any demand ``f`` is ``f · λ`` (Heijungs & Suh 2002, section 8.2 on the inverse's rows).

References
----------
Heijungs, R. and Suh, S. (2002). *The Computational Structure of Life Cycle Assessment*.
Kluwer, equations (2.6) (scaling), (2.9) (inventory) and (3.8) (characterisation).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from greenmfg.footprint.solve import FactorisationCache, SolveInfo, Solver, solve_system
from greenmfg.footprint.system import ProductSystem

__all__ = ["LcaResult", "ProductScores", "calculate", "characterise", "characterised_flows",
           "demand_matrix",
           "inventory", "score_products"]

FloatArray = NDArray[np.float64]
Demand = Mapping[str, float]


def _as_list(demand: Demand | Sequence[Demand]) -> list[Demand]:
    if isinstance(demand, Mapping):
        return [demand]
    return list(demand)


def _label(demand: Demand) -> str:
    return " + ".join(f"{float(amount):g} {product}" for product, amount in demand.items())


def demand_matrix(system: ProductSystem, demands: Sequence[Demand]) -> sparse.csc_matrix:
    """Final demands as a sparse ``(products, functional units)`` matrix, in product units."""
    rows, cols, values = [], [], []
    for column, demand in enumerate(demands):
        for product, amount in demand.items():
            rows.append(system.process_index(product))
            cols.append(column)
            values.append(float(amount))
    return sparse.csc_matrix((values, (rows, cols)), shape=(system.size, len(demands)))


def inventory(system: ProductSystem, supply: FloatArray) -> FloatArray:
    """Life cycle inventory ``g = B s``, in each elementary flow's unit.

    Parameters
    ----------
    system
        The product system.
    supply
        ``(processes,)`` or ``(processes, k)`` scaling of each process (how many times it makes
        its reference amount).
    """
    result: FloatArray = system.biosphere @ supply
    return result


def _method_rows(system: ProductSystem, methods: Sequence[str] | None) -> list[int]:
    if methods is None:
        return list(range(len(system.methods)))
    return [system.method_index(method) for method in methods]


def characterise(
    system: ProductSystem, inventory_block: FloatArray, methods: Sequence[str] | None = None,
) -> FloatArray:
    """Scores ``h = C g`` for many methods at once, each in its method's unit.

    Parameters
    ----------
    system
        The product system holding the characterisation matrix.
    inventory_block
        ``(flows,)`` or ``(flows, k)`` inventory in each flow's unit.
    methods
        Method names (rows of the result); all methods when omitted.
    """
    rows = _method_rows(system, methods)
    result: FloatArray = system.characterisation[rows] @ inventory_block
    return result


@dataclass(frozen=True, slots=True)
class LcaResult:
    """Supply, inventory and scores of one or more functional units, with how they were solved.

    Arrays have one column per functional unit: ``supply`` (processes × k, scaling of each
    process), ``inventory`` (flows × k, in flow units) and ``scores`` (methods × k, in each
    method's unit). ``system_hash`` identifies the inputs for reproducibility.
    """

    system_name: str
    system_hash: str
    functional_units: tuple[str, ...]
    methods: tuple[str, ...]
    method_units: tuple[str, ...]
    demand: FloatArray
    supply: FloatArray
    inventory: FloatArray
    scores: FloatArray
    solve: SolveInfo

    def score(self, method: str | None = None, unit: int = 0) -> float:
        """Score of one functional unit for one method (the first when omitted), in its unit."""
        row = 0 if method is None else self.methods.index(method)
        return float(self.scores[row, unit])


def calculate(
    system: ProductSystem, demand: Demand | Sequence[Demand], *,
    methods: Sequence[str] | None = None, solver: Solver | str = Solver.AUTO,
    cache: FactorisationCache | None = None, rtol: float = 1e-9,
) -> LcaResult:
    """Life cycle inventory and impact assessment of one or many functional units in one batch.

    Parameters
    ----------
    system
        The product system.
    demand
        Product id → amount (in the product's unit) for one functional unit, or a list of them.
    methods
        Methods to score; all of the system's when omitted.
    solver
        Linear solver (see :mod:`greenmfg.footprint.solve`); the result says which one ran.
    cache
        Factorisation cache; the shared one when omitted.
    rtol
        Proven relative accuracy asked of an iterative (``jacobi``) solve, for each score.

    Examples
    --------
    >>> from greenmfg.footprint import CharacterisationMethod, Exchanges, build_system
    >>> system = build_system(["steel", "power"], [1.0, 1.0],
    ...                       Exchanges(["power"], ["steel"], [-2.0]), ["CO2"],
    ...                       Exchanges(["CO2", "CO2"], ["steel", "power"], [1.5, 0.5]),
    ...                       [CharacterisationMethod("GWP100", "kg CO2e", ["CO2"], [1.0])])
    >>> round(calculate(system, {"steel": 1.0}).score(), 12)
    2.5
    """
    demands = _as_list(demand)
    rhs = demand_matrix(system, demands).toarray()
    judged = characterised_flows(system, methods) if system.methods else None
    supply, info = solve_system(system.technosphere, rhs, solver=solver, cache=cache,
                         key=system.technosphere_hash, rtol=rtol, label=_matrix_label(system),
                         functionals=judged)
    flows = inventory(system, supply)
    names = tuple(system.methods[k] for k in _method_rows(system, methods))
    units = tuple(system.method_units[k] for k in _method_rows(system, methods))
    return LcaResult(system.name, system.content_hash, tuple(_label(d) for d in demands), names,
                     units, rhs, supply, flows, characterise(system, flows, methods), info)


def _matrix_label(system: ProductSystem) -> str:
    return f"technosphere matrix of '{system.name}' ({system.size}×{system.size}, " \
           f"hash {system.technosphere_hash[:12]})"


@dataclass(frozen=True, slots=True)
class ProductScores:
    """Score of one unit of every product for each method, from one adjoint solve.

    ``per_unit[i, k]`` is the score for method ``k`` (in its unit) of one unit of product ``i``
    (in the product's unit).
    """

    system_name: str
    system_hash: str
    product_ids: tuple[str, ...]
    methods: tuple[str, ...]
    method_units: tuple[str, ...]
    per_unit: FloatArray
    solve: SolveInfo

    def scores(self, system: ProductSystem, demands: Demand | Sequence[Demand]) -> FloatArray:
        """``(methods, functional units)`` scores of demands, as ``Fᵀ λ`` (no further solve)."""
        block = demand_matrix(system, _as_list(demands))
        result: FloatArray = np.asarray((block.T @ self.per_unit).T)
        return result


def characterised_flows(system: ProductSystem, methods: Sequence[str] | None = None) -> FloatArray:
    """``(C B)ᵀ``: each process's direct score per run for each method, ``(processes, methods)``."""
    rows = _method_rows(system, methods)
    weights = system.characterisation[rows] @ system.biosphere
    result: FloatArray = np.asarray(weights.toarray()).T
    return result


def score_products(
    system: ProductSystem, *, methods: Sequence[str] | None = None,
    solver: Solver | str = Solver.AUTO, cache: FactorisationCache | None = None,
    rtol: float = 1e-9,
) -> ProductScores:
    """Scores of one unit of every product, for each method, by solving ``Aᵀ λ = (C B)ᵀ``.

    One solve per method, whatever the number of functional units scored afterwards with
    :meth:`ProductScores.scores`. Parameters are as for :func:`calculate`.
    """
    rows = _method_rows(system, methods)
    rhs = characterised_flows(system, methods)
    per_unit, info = solve_system(system.technosphere, rhs, transpose=True, solver=solver, cache=cache,
                           key=system.technosphere_hash, rtol=rtol, label=_matrix_label(system))
    return ProductScores(system.name, system.content_hash, system.process_ids,
                         tuple(system.methods[k] for k in rows),
                         tuple(system.method_units[k] for k in rows), per_unit, info)
