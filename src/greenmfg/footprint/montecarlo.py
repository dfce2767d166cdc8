"""Monte Carlo: sampled scores, their statistics, and which inputs drive their spread.

Each iteration draws the technosphere, biosphere and characterisation values straight into the
data arrays of the sparse matrices (:mod:`~greenmfg.footprint.uncertainty`), solves
``A_k s_k = f`` and scores ``h_k = C_k B_k s_k``.

Solves are iterative, warm-started from the deterministic supply: Jacobi steps
``s ← s + D_k⁻¹ (f - A_k s)`` until the scaled residual ``max |D_k⁻¹ r| <= rtol · max |s|``.
They need no factorisation and never break down from a unit demand (BiCGSTAB does). When an
iteration does not reach ``rtol`` within ``max_iterations`` steps (a sample whose loops no longer
contract) it is solved directly instead, with a new factorisation; every such fallback is
counted and its iteration listed in the result, never hidden.

Iterations run in blocks; block ``b`` draws from its own generator, spawned from
``SeedSequence(seed)``, so the same seed and block size give the same numbers whatever the
number of worker threads.

Sensitivity: a first-order screening ranks every uncertain input by its linearised variance
contribution ``(∂h/∂x · sd_x)²`` (``∂h/∂A_ij = -λ_i s_j``, ``∂h/∂B_kj = c_k s_j``,
``∂h/∂c_k = g_k``, from one adjoint solve); the top inputs are recorded during the run and
ranked by their squared Spearman rank correlation with the score.

References
----------
Heijungs, R. (2020). Is mainstream LCA linear? *Int. J. LCA* 25, 1872-1882 (first-order
variance contributions); Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*,
Wiley, section 1.2.8 (rank correlation measures).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from greenmfg.errors import NotConverged, OptionError
from greenmfg.footprint.lcia import calculate, characterised_flows
from greenmfg.footprint.solve import FactorisationCache, Solver, factorise, solve_system
from greenmfg.footprint.system import ProductSystem
from greenmfg.footprint.uncertainty import SamplingPlan, draw, spread

__all__ = ["MonteCarloResult", "SensitivityEntry", "run_monte_carlo"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class SensitivityEntry:
    """One uncertain input and how much it drives a method's score.

    ``matrix`` is ``technosphere``, ``biosphere`` or ``characterisation``; ``row`` and ``col``
    are the ids of its position (product and process, flow and process, method and flow).
    ``spearman_squared`` is the squared rank correlation with the sampled score;
    ``linear_share`` the input's share of the first-order variance estimate.
    """

    matrix: str
    row: str
    col: str
    spearman_squared: float
    linear_share: float


@dataclass(frozen=True, slots=True)
class MonteCarloResult:
    """Sampled scores of one functional unit with their statistics, in each method's unit.

    ``scores`` is ``(iterations, methods)``; ``percentile_values`` is ``(methods, percentiles)``.
    ``iterative`` counts iterations solved by Jacobi steps, ``direct_fallbacks`` lists those
    solved directly with ``direct_solver`` because the iteration did not reach ``rtol``.
    """

    system_name: str
    system_hash: str
    functional_unit: str
    methods: tuple[str, ...]
    method_units: tuple[str, ...]
    seed: int
    block_size: int
    rtol: float
    deterministic: FloatArray
    scores: FloatArray
    mean: FloatArray
    sd: FloatArray
    percentiles: tuple[float, ...]
    percentile_values: FloatArray
    sensitivity: tuple[tuple[SensitivityEntry, ...], ...]
    iterative: int
    direct_fallbacks: tuple[int, ...]
    direct_solver: Solver | None

    @property
    def iterations(self) -> int:
        """Number of Monte Carlo iterations."""
        return int(self.scores.shape[0])


@dataclass(frozen=True, slots=True)
class _Block:
    scores: FloatArray
    recorded: FloatArray
    fallbacks: tuple[int, ...]
    direct_solver: Solver | None


@dataclass(frozen=True, slots=True)
class _Recorded:
    technosphere: IndexArray
    biosphere: IndexArray
    characterisation: IndexArray
    entries: tuple[SensitivityEntry, ...]
    linear: FloatArray


def _positions_csc(matrix: sparse.csc_matrix, slots: IndexArray) -> tuple[IndexArray, IndexArray]:
    rows = matrix.indices[slots].astype(np.int64)
    cols = np.searchsorted(matrix.indptr, slots, side="right").astype(np.int64) - 1
    return rows, cols


def _screen(
    system: ProductSystem, method_rows: list[int], supply: FloatArray, flows: FloatArray,
    adjoint: FloatArray, top: int,
) -> _Recorded:
    """Pick the inputs with the largest first-order variance share, for any method."""
    a_rows, a_cols = _positions_csc(system.technosphere, system.technosphere_plan.sampled_slots)
    b_rows, b_cols = _positions_csc(system.biosphere, system.biosphere_plan.sampled_slots)
    c_slots = system.characterisation_plan.sampled_slots
    c_methods = np.searchsorted(system.characterisation.indptr, c_slots, side="right") - 1
    c_flows = system.characterisation.indices[c_slots].astype(np.int64)
    factors = system.characterisation[method_rows].toarray()  # (methods, flows)
    a_sd = spread(system.technosphere_plan)
    b_sd = spread(system.biosphere_plan)
    c_sd = spread(system.characterisation_plan)
    parts = []
    for m, row in enumerate(method_rows):
        a_lin = (adjoint[a_rows, m] * supply[a_cols] * a_sd) ** 2
        b_lin = (factors[m, b_rows] * supply[b_cols] * b_sd) ** 2
        c_lin = np.where(c_methods == row, flows[c_flows] * c_sd, 0.0) ** 2
        parts.append(np.concatenate([a_lin, b_lin, c_lin]))
    linear = np.vstack(parts) if parts else np.zeros((0, 0))
    totals = linear.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(totals > 0, linear / totals, 0.0)
    chosen: set[int] = set()
    for m in range(shares.shape[0]):
        count = min(top, shares.shape[1])
        if count == 0:
            continue
        order = np.argpartition(-shares[m], count - 1)[:count]
        chosen.update(int(i) for i in order if shares[m, i] > 0)
    picked = np.array(sorted(chosen), dtype=np.int64)
    na, nb = a_rows.size, b_rows.size
    entries = []
    for i in picked.tolist():
        if i < na:
            entries.append(SensitivityEntry("technosphere", system.process_ids[a_rows[i]],
                                            system.process_ids[a_cols[i]], 0.0, 0.0))
        elif i < na + nb:
            entries.append(SensitivityEntry("biosphere", system.flow_ids[b_rows[i - na]],
                                            system.process_ids[b_cols[i - na]], 0.0, 0.0))
        else:
            j = i - na - nb
            entries.append(SensitivityEntry("characterisation", system.methods[c_methods[j]],
                                            system.flow_ids[c_flows[j]], 0.0, 0.0))
    return _Recorded(picked[picked < na], picked[(picked >= na) & (picked < na + nb)] - na,
                     picked[picked >= na + nb] - na - nb, tuple(entries),
                     shares[:, picked] if picked.size else np.zeros((len(method_rows), 0)))


def _rank(values: FloatArray) -> FloatArray:
    """Average ranks along axis 0 (ties share their mean rank)."""
    order = np.argsort(values, axis=0, kind="stable")
    ranks = np.empty_like(values)
    positions = np.arange(values.shape[0], dtype=np.float64)[:, None]
    np.put_along_axis(ranks, order, np.broadcast_to(positions, values.shape), axis=0)
    for j in range(values.shape[1]):
        unique, inverse, counts = np.unique(values[:, j], return_inverse=True, return_counts=True)
        if unique.size < values.shape[0]:
            sums = np.bincount(inverse, weights=ranks[:, j])
            ranks[:, j] = (sums / counts)[inverse]
    return ranks


def _spearman_squared(inputs: FloatArray, scores: FloatArray) -> FloatArray:
    """Squared Spearman correlation of each input column with each score column."""
    if inputs.shape[1] == 0 or scores.shape[0] < 3:
        return np.zeros((scores.shape[1], inputs.shape[1]))
    x = _rank(inputs)
    y = _rank(scores)
    x -= x.mean(axis=0)
    y -= y.mean(axis=0)
    norms = np.sqrt((x * x).sum(axis=0))[None, :] * np.sqrt((y * y).sum(axis=0))[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = np.where(norms > 0, (y.T @ x) / norms, 0.0)
    result: FloatArray = rho ** 2
    return result


class _Runner:
    """Draws and solves blocks of iterations; one instance shared by the worker threads."""

    def __init__(self, system: ProductSystem, demand: FloatArray, method_rows: list[int],
                 start: FloatArray, recorded: _Recorded, rtol: float, max_iterations: int,
                 solver: Solver) -> None:
        self.system = system
        self.demand = demand
        self.method_rows = method_rows
        self.start = start
        self.recorded = recorded
        self.rtol = rtol
        self.max_iterations = max_iterations
        self.solver = solver
        a = system.technosphere
        columns = np.repeat(np.arange(system.size), np.diff(a.indptr))
        # build_system puts every reference amount on the diagonal: one slot per column.
        self.diagonal_slots = np.flatnonzero(a.indices == columns).astype(np.int64)

    def _draw(self, plan: SamplingPlan, rng: np.random.Generator, count: int,
              record: IndexArray) -> tuple[FloatArray, FloatArray]:
        return draw(plan, rng, count, record=record)

    def _solve(self, data: FloatArray, index: int) -> tuple[FloatArray, Solver | None]:
        a = self.system.technosphere
        matrix = sparse.csc_matrix((data, a.indices, a.indptr), shape=a.shape)
        inverse = 1.0 / data[self.diagonal_slots]
        x = self.start.copy()
        f = self.demand
        if np.isfinite(inverse).all():
            for _ in range(self.max_iterations):
                z = f - matrix @ x
                z *= inverse
                step = float(np.abs(z).max())
                if step <= self.rtol * float(np.abs(x).max()):
                    return x, None
                if not np.isfinite(step):
                    break
                x += z
        direct = factorise(matrix, self.solver, cache=FactorisationCache(maxsize=0),
                           label=f"sampled technosphere matrix (Monte Carlo iteration {index})")
        solution: FloatArray = direct.solve(f)
        return solution, direct.solver

    def block(self, first: int, count: int, seed: np.random.SeedSequence) -> _Block:
        rng = np.random.Generator(np.random.PCG64(seed))
        system, rec = self.system, self.recorded
        a_data, a_rec = self._draw(system.technosphere_plan, rng, count, rec.technosphere)
        b_data, b_rec = self._draw(system.biosphere_plan, rng, count, rec.biosphere)
        c_data, c_rec = self._draw(system.characterisation_plan, rng, count,
                                   rec.characterisation)
        b, c = system.biosphere, system.characterisation
        scores = np.empty((count, len(self.method_rows)))
        fallbacks = []
        used: Solver | None = None
        for k in range(count):
            supply, direct = self._solve(a_data[k], first + k)
            if direct is not None:
                fallbacks.append(first + k)
                used = direct
            flows = sparse.csc_matrix((b_data[k], b.indices, b.indptr), shape=b.shape) @ supply
            factors = sparse.csr_matrix((c_data[k], c.indices, c.indptr), shape=c.shape)
            scores[k] = (factors @ flows)[self.method_rows]
        recorded = np.concatenate([a_rec, b_rec, c_rec], axis=1)
        return _Block(scores, recorded, tuple(fallbacks), used)


def run_monte_carlo(
    system: ProductSystem, demand: Mapping[str, float], *, methods: Sequence[str] | None = None,
    iterations: int = 1000, seed: int = 0, block_size: int = 4, workers: int = 2,
    rtol: float = 1e-9, max_iterations: int = 300, solver: Solver | str = Solver.AUTO,
    sensitivity_top: int = 50,
    percentiles: Sequence[float] = (2.5, 5.0, 25.0, 50.0, 75.0, 95.0, 97.5),
    cache: FactorisationCache | None = None,
) -> MonteCarloResult:
    """Sample the scores of one functional unit under the system's uncertainty.

    Parameters
    ----------
    system
        The product system, with uncertainty on any of its exchanges and factors.
    demand
        Product id → amount in the product's unit.
    methods
        Methods to score; all when omitted.
    iterations
        Number of draws.
    seed
        Seed of the ``numpy`` generator tree (``SeedSequence(seed)``).
    block_size
        Iterations drawn together; part of what reproduces a run (with ``seed``).
    workers
        Threads working on blocks at once (NumPy and SciPy release the GIL); no effect on results.
    rtol
        Scaled residual, relative to the largest supply, at which a Jacobi solve stops.
    max_iterations
        Jacobi steps before an iteration is solved directly (and reported).
    solver
        Direct solver for the deterministic case and for fallbacks (``auto``: best installed).
    sensitivity_top
        Inputs per method recorded for the rank-correlation sensitivity ranking.
    percentiles
        Percentiles to report, in per cent.
    cache
        Factorisation cache for the deterministic solves.
    """
    if iterations < 1 or block_size < 1 or workers < 1:
        raise OptionError("iterations, block_size and workers must be at least 1",
                          "迭代次数、块大小和线程数至少为 1", expected=">= 1",
                          found=f"{iterations}, {block_size}, {workers}")
    chosen = Solver(solver)
    direct = Solver.AUTO if chosen is Solver.JACOBI else chosen
    base = calculate(system, demand, methods=methods, solver=chosen, cache=cache)
    method_rows = [system.method_index(m) for m in base.methods]
    supply = base.supply[:, 0]
    weights = characterised_flows(system, base.methods)
    # The adjoint only ranks candidates for the sensitivity analysis: 1e-6 is plenty, and when
    # the deterministic solve needed no factorisation this one should not trigger one either.
    screening = Solver.JACOBI if base.solve.solver is Solver.JACOBI else chosen
    try:
        adjoint, _ = solve_system(system.technosphere, weights, transpose=True, solver=screening,
                                  cache=cache, key=system.technosphere_hash, rtol=1e-6)
    except NotConverged:
        adjoint, _ = solve_system(system.technosphere, weights, transpose=True, solver=direct,
                                  cache=cache, key=system.technosphere_hash)
    recorded = _screen(system, method_rows, supply, base.inventory[:, 0],
                       adjoint.reshape(system.size, -1), sensitivity_top)
    runner = _Runner(system, base.demand[:, 0], method_rows, supply, recorded, rtol,
                     max_iterations, direct)
    starts = list(range(0, iterations, block_size))
    seeds = np.random.SeedSequence(seed).spawn(len(starts))
    jobs = [(first, min(block_size, iterations - first), s) for first, s in
            zip(starts, seeds, strict=True)]
    if workers == 1 or len(jobs) == 1:
        blocks = [runner.block(*job) for job in jobs]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            blocks = list(pool.map(lambda job: runner.block(*job), jobs))
    scores = np.vstack([block.scores for block in blocks])
    inputs = np.vstack([block.recorded for block in blocks])
    fallbacks = tuple(i for block in blocks for i in block.fallbacks)
    rho2 = _spearman_squared(inputs, scores)
    sensitivity = []
    for m in range(len(method_rows)):
        order = np.argsort(-rho2[m], kind="stable")
        sensitivity.append(tuple(
            SensitivityEntry(recorded.entries[i].matrix, recorded.entries[i].row,
                             recorded.entries[i].col, float(rho2[m, i]),
                             float(recorded.linear[m, i]))
            for i in order if recorded.linear[m, i] > 0))
    levels = tuple(float(p) for p in percentiles)
    return MonteCarloResult(
        system.name, system.content_hash, base.functional_units[0], base.methods,
        base.method_units, seed, block_size, rtol, base.scores[:, 0], scores,
        scores.mean(axis=0), scores.std(axis=0, ddof=1) if iterations > 1 else np.zeros(
            len(method_rows)), levels,
        np.percentile(scores, levels, axis=0).T if levels else np.zeros((len(method_rows), 0)),
        tuple(sensitivity), iterations - len(fallbacks), fallbacks,
        next((block.direct_solver for block in blocks if block.direct_solver), None))
