"""Solving the technosphere system: factorisations, the cache, and the choice of solver.

Solvers, always chosen explicitly and reported:

- ``pardiso``: Intel MKL PARDISO through pypardiso (only where pypardiso installs);
- ``umfpack``: SuiteSparse UMFPACK through scikit-umfpack (only where it installs);
- ``superlu``: SciPy's SuperLU with the ``MMD_AT_PLUS_A`` column ordering (SciPy's default
  COLAMD took over 100 s on a 20,000-process matrix; this one a few seconds);
- ``jacobi``: no factorisation: a Jacobi iteration that stops when a proven bound shows the asked
  accuracy (see :mod:`greenmfg.footprint.iterative`);
- ``auto``: a cached factorisation of the same matrix if there is one; otherwise, for the first
  solve of a matrix with few right-hand sides, ``jacobi`` when its bound can be proven; otherwise
  (or on the second solve of the same matrix, so that later ones are warm) a factorisation with
  the best direct solver installed (pardiso, then umfpack, then superlu). The result always says
  which solver ran and, when ``auto`` moved past ``jacobi``, why.

An explicitly chosen solver that is not installed raises :class:`~greenmfg.errors.OptionError`;
there is never a silent fallback. A singular matrix raises
:class:`~greenmfg.errors.SingularSystem` naming the matrix.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse.linalg import splu

from greenmfg.errors import NotConverged, OptionError, SingularSystem
from greenmfg.footprint._internal import pardiso
from greenmfg.footprint.iterative import JacobiCertificate, certify, jacobi_solve
from greenmfg.footprint.system import matrix_hash

__all__ = ["Factorisation", "FactorisationCache", "SolveInfo", "Solver", "available_solvers",
           "factorise", "shared_cache", "solve_system"]

FloatArray = NDArray[np.float64]

#: Most right-hand sides that ``auto`` hands to the Jacobi iteration before factorising.
JACOBI_MAX_COLUMNS = 16
#: Relative residual above which a direct solution is taken as a sign of a singular matrix.
_RESIDUAL_LIMIT = 1e-8


class Solver(StrEnum):
    """Linear solver for the technosphere system."""

    AUTO = "auto"
    PARDISO = "pardiso"
    UMFPACK = "umfpack"
    SUPERLU = "superlu"
    JACOBI = "jacobi"


_DIRECT = (Solver.PARDISO, Solver.UMFPACK, Solver.SUPERLU)


@cache
def _installed(solver: Solver) -> bool:
    if solver is Solver.PARDISO:
        return pardiso.available()
    if solver is Solver.UMFPACK:
        return importlib.util.find_spec("scikits") is not None and \
            importlib.util.find_spec("scikits.umfpack") is not None
    return True


def available_solvers() -> tuple[Solver, ...]:
    """Direct solvers installed here, best first (``superlu`` is always there)."""
    return tuple(solver for solver in _DIRECT if _installed(solver))


class _Backend(Protocol):
    def solve(self, rhs: FloatArray, *, transpose: bool) -> FloatArray: ...


class _SuperLU:
    def __init__(self, matrix: sparse.csc_matrix) -> None:
        self._lu = splu(matrix, permc_spec="MMD_AT_PLUS_A")

    def solve(self, rhs: FloatArray, *, transpose: bool) -> FloatArray:
        result: FloatArray = self._lu.solve(rhs, trans="T" if transpose else "N")
        return result


class _Umfpack:  # pragma: no cover - only where scikit-umfpack installs
    def __init__(self, matrix: sparse.csc_matrix) -> None:
        umfpack = importlib.import_module("scikits.umfpack")
        self._lu = umfpack.splu(matrix)

    def solve(self, rhs: FloatArray, *, transpose: bool) -> FloatArray:
        trans = "T" if transpose else "N"
        columns = [self._lu.solve(rhs[:, j], trans) for j in range(rhs.shape[1])]
        return np.column_stack(columns) if columns else np.zeros_like(rhs)


class _Pardiso:
    def __init__(self, matrix: sparse.csc_matrix, label: str) -> None:
        self._lu = pardiso.PardisoLU(matrix.data, matrix.indices, matrix.indptr, matrix.shape[0])
        if self._lu.perturbed_pivots:
            perturbed = self._lu.perturbed_pivots
            self._lu.release()
            raise SingularSystem(
                f"{label} is singular or nearly so: PARDISO had to perturb {perturbed} pivots; "
                "check for processes in a closed loop that make nothing net, or use "
                "solver='superlu' to confirm",
                f"{label} 奇异或接近奇异：PARDISO 扰动了 {perturbed} 个主元；请检查净产出为零的闭环过程")

    def solve(self, rhs: FloatArray, *, transpose: bool) -> FloatArray:
        return self._lu.solve(rhs, transpose=transpose)


@dataclass(frozen=True, slots=True)
class Factorisation:
    """A factorisation of a square technosphere matrix ``A``, made by ``solver``.

    Solve with :meth:`solve`; ``matrix_hash`` identifies the matrix it belongs to.
    """

    solver: Solver
    matrix_hash: str
    label: str
    seconds: float
    matrix: sparse.csc_matrix = field(repr=False)
    _backend: _Backend = field(repr=False)
    _largest: float = field(repr=False, default=1.0)

    def solve(self, rhs: FloatArray, *, transpose: bool = False) -> FloatArray:
        """Solve ``A X = rhs`` (``Aᵀ X = rhs`` when ``transpose``) for a 1-D or 2-D ``rhs``.

        Raises
        ------
        SingularSystem
            When the solution is not finite or does not satisfy the system.
        """
        block = np.asarray(rhs, dtype=np.float64)
        vector = block.ndim == 1
        block = block.reshape(block.shape[0], -1)
        if block.shape[1] == 0:
            return np.zeros_like(block)
        x = np.asarray(self._backend.solve(block, transpose=transpose)).reshape(block.shape)
        operator = self.matrix.T if transpose else self.matrix
        residual = np.abs(block - operator @ x).max(axis=0)
        scale = self._largest * np.abs(x).max(axis=0) + np.abs(block).max(axis=0)
        tiny = np.finfo(np.float64).tiny  # subnormal demands leave residuals below any scale
        if not np.isfinite(x).all() or (residual > _RESIDUAL_LIMIT * scale + tiny).any():
            raise SingularSystem(
                f"{self.label} is singular or too badly conditioned to solve: the {self.solver} "
                "solution does not satisfy the system; check for processes that make nothing net",
                f"{self.label} 奇异或病态，{self.solver} 的解不满足方程组；请检查净产出为零的过程")
        return x[:, 0] if vector else x


@dataclass(frozen=True, slots=True)
class SolveInfo:
    """How a system was solved: which solver ran, and how far its answer can be trusted.

    For a ``jacobi`` solve, ``bound`` is a proven entry-by-entry bound on the error of the
    solution (same shape) and ``relative_error`` its largest relative size in the certificate's
    weighted max-norm; both are ``None`` for a direct solve, whose residual is checked instead.
    ``relative_error`` applies to every entry of the solution, or to the functionals (scores)
    the solve was judged on when ``solve`` was given some.
    ``fallback`` says why ``auto`` did not use ``jacobi``, if it tried. ``iterations`` counts
    the steps of an iterative solve: BiCGSTAB steps that gave its start, then Jacobi steps.
    """

    solver: Solver
    cached: bool
    seconds: float
    iterations: int = 0
    relative_error: float | None = None
    fallback: str | None = None
    bound: FloatArray | None = field(default=None, repr=False, compare=False)


class FactorisationCache:
    """A small thread-safe LRU of factorisations keyed by matrix hash and solver.

    It also remembers Jacobi certificates and which matrices were solved before, so that
    ``auto`` can factorise on the second solve of a matrix. ``maxsize=0`` caches nothing.
    """

    def __init__(self, maxsize: int = 4) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._seen: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, kind: str) -> Any:
        """The cached item for a matrix hash and kind, or ``None``."""
        with self._lock:
            item = self._items.get((key, kind))
            if item is not None:
                self._items.move_to_end((key, kind))
            return item

    def put(self, key: str, kind: str, item: Any) -> None:
        """Cache an item, dropping the least recently used beyond ``maxsize``."""
        if self.maxsize <= 0:
            return
        with self._lock:
            self._items[(key, kind)] = item
            self._items.move_to_end((key, kind))
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def factorisation(self, key: str) -> Factorisation | None:
        """Any cached factorisation of the matrix, best solver first."""
        for solver in _DIRECT:
            item = self.get(key, solver.value)
            if isinstance(item, Factorisation):
                return item
        return None

    def seen(self, key: str) -> int:
        """How many times ``auto`` solved this matrix without factorising."""
        with self._lock:
            return self._seen.get(key, 0)

    def mark_seen(self, key: str) -> None:
        """Count one more solve of the matrix without a factorisation."""
        with self._lock:
            self._seen[key] = self._seen.get(key, 0) + 1
            self._seen.move_to_end(key)
            while len(self._seen) > 64:
                self._seen.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (factorisations are freed when no result holds them)."""
        with self._lock:
            self._items.clear()
            self._seen.clear()


_shared: list[FactorisationCache] = []
_shared_lock = threading.Lock()


def shared_cache() -> FactorisationCache:
    """The process-wide cache used when a caller passes none (created on first use)."""
    with _shared_lock:
        if not _shared:
            _shared.append(FactorisationCache())
        return _shared[0]


def _pick(solver: Solver) -> Solver:
    if solver is Solver.AUTO:
        return available_solvers()[0]
    if solver is Solver.JACOBI:
        raise OptionError("solver 'jacobi' does not factorise; pass it to solve(), or choose "
                          "pardiso, umfpack or superlu",
                          "jacobi 求解器不做分解；请用于 solve()，或选择 pardiso、umfpack、superlu",
                          expected="auto, pardiso, umfpack or superlu", found="jacobi")
    if not _installed(solver):
        package = {Solver.PARDISO: "pypardiso", Solver.UMFPACK: "scikit-umfpack"}[solver]
        have = ", ".join(s.value for s in available_solvers())
        raise OptionError(f"solver '{solver}' is not installed here; install {package} or "
                          f"choose one of: {have}",
                          f"求解器 '{solver}' 未安装；请安装 {package} 或选择：{have}",
                          expected=have, found=solver.value)
    return solver


def _check_square(matrix: Any, label: str) -> sparse.csc_matrix:
    if not sparse.issparse(matrix) or matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise OptionError(f"{label} must be a square sparse matrix",
                          f"{label} 必须是方形稀疏矩阵", expected="square scipy.sparse matrix",
                          found=f"{type(matrix).__name__} {getattr(matrix, 'shape', '')}")
    csc = sparse.csc_matrix(matrix)
    if csc.dtype != np.float64:
        csc = csc.astype(np.float64)
    if not csc.has_canonical_format:
        csc = csc.copy()
        csc.sum_duplicates()
    for axis, what in ((0, "column (process)"), (1, "row (product)")):
        counts = np.diff(csc.indptr) if axis == 0 else np.bincount(csc.indices,
                                                                   minlength=csc.shape[0])
        nonzero = counts > 0
        if not nonzero.all():
            position = int(np.flatnonzero(~nonzero)[0])
            raise SingularSystem(f"{label} is structurally singular: {what} {position} is empty",
                                 f"{label} 结构奇异：第 {position} {what} 为空")
    return csc


def factorise(
    matrix: Any, solver: Solver | str = Solver.AUTO, *, cache: FactorisationCache | None = None,
    key: str | None = None, label: str = "technosphere matrix",
) -> Factorisation:
    """Factorise a square technosphere matrix ``A``, or take its factorisation from the cache.

    Parameters
    ----------
    matrix
        ``A`` (products × processes), any scipy sparse format; converted to CSC.
    solver
        ``auto`` (best installed), ``pardiso``, ``umfpack`` or ``superlu``.
    cache
        Where to look for and keep the factorisation; the shared cache when omitted.
    key
        The matrix's hash when already known (:attr:`ProductSystem.technosphere_hash`).
    label
        How messages name the matrix.

    Raises
    ------
    OptionError
        The solver asked for is not installed, or is ``jacobi``.
    SingularSystem
        The matrix is singular (structurally or numerically).
    """
    chosen = _pick(Solver(solver))
    store = shared_cache() if cache is None else cache
    csc = _check_square(matrix, label)
    key = key or matrix_hash(csc)
    cached = store.get(key, chosen.value)
    if isinstance(cached, Factorisation):
        return cached
    start = time.perf_counter()
    backend: _Backend
    try:
        if chosen is Solver.PARDISO:
            backend = _Pardiso(csc, label)
        elif chosen is Solver.UMFPACK:  # pragma: no cover - only where scikit-umfpack installs
            backend = _Umfpack(csc)
        else:
            backend = _SuperLU(csc)
    except pardiso.PardisoError as exc:
        raise SingularSystem(f"{label} could not be factorised by PARDISO ({exc})",
                             f"{label} 无法由 PARDISO 分解（{exc}）") from exc
    except RuntimeError as exc:
        raise SingularSystem(f"{label} is singular: {chosen} reports '{exc}'",
                             f"{label} 奇异：{chosen} 报告 '{exc}'") from exc
    largest = float(np.abs(csc.data).max()) if csc.nnz else 0.0
    result = Factorisation(chosen, key, label, time.perf_counter() - start, csc, backend, largest)
    store.put(key, chosen.value, result)
    return result


def _certificate(
    csc: sparse.csc_matrix, key: str, transpose: bool, store: FactorisationCache,
) -> JacobiCertificate:
    kind = "jacobi-transposed" if transpose else "jacobi"
    item = store.get(key, kind)
    if isinstance(item, JacobiCertificate):
        return item
    n = csc.shape[0]
    if transpose:  # the CSC arrays of A are the CSR arrays of Aᵀ
        operator = sparse.csr_matrix((csc.data, csc.indices, csc.indptr), shape=(n, n))
    else:
        operator = csc.tocsr()
    certificate = certify(operator)
    store.put(key, kind, certificate)
    return certificate


def solve_system(
    matrix: Any, rhs: FloatArray, *, transpose: bool = False, solver: Solver | str = Solver.AUTO,
    cache: FactorisationCache | None = None, key: str | None = None, rtol: float = 1e-9,
    label: str = "technosphere matrix", functionals: FloatArray | None = None,
) -> tuple[FloatArray, SolveInfo]:
    """Solve ``A X = rhs`` (or ``Aᵀ X = rhs``) with the chosen solver, and say how.

    Parameters
    ----------
    matrix
        ``A`` (products × processes).
    rhs
        ``(n,)`` or ``(n, k)`` right-hand sides: final demands in product units, or for the
        adjoint (``transpose``) characterised flows per process in the method's unit.
    transpose
        Solve the adjoint system ``Aᵀ X = rhs``.
    solver
        See the module docstring.
    cache
        Factorisation cache; the shared cache when omitted.
    key
        The matrix's hash when already known.
    rtol
        Proven relative accuracy asked of a ``jacobi`` solve, for every entry of the solution
        or, with ``functionals``, for the quantities ``functionalsᵀ X``.
    label
        How messages name the matrix.
    functionals
        ``(n, m)`` weights of the quantities that must be accurate, e.g. ``(C B)ᵀ`` when only
        the scores of a forward solve matter (see :mod:`greenmfg.footprint.iterative`).

    Raises
    ------
    OptionError
        An explicit solver that is not installed.
    NotConverged
        ``jacobi`` was asked for explicitly and could not prove ``rtol``.
    SingularSystem
        The matrix is singular.
    """
    chosen = Solver(solver)
    store = shared_cache() if cache is None else cache
    block = np.asarray(rhs, dtype=np.float64)
    vector = block.ndim == 1
    block = block.reshape(block.shape[0], -1)
    start = time.perf_counter()

    def shaped(x: FloatArray) -> FloatArray:
        return x[:, 0] if vector else x

    csc = _check_square(matrix, label)
    key = key or matrix_hash(csc)
    if chosen in _DIRECT:
        cached = store.get(key, chosen.value) is not None
        factorisation = factorise(csc, chosen, cache=store, key=key, label=label)
        x = factorisation.solve(block, transpose=transpose)
        return shaped(x), SolveInfo(factorisation.solver, cached, time.perf_counter() - start)

    fallback: str | None = None
    if chosen is Solver.AUTO:
        existing = store.factorisation(key)
        if existing is not None:
            x = existing.solve(block, transpose=transpose)
            return shaped(x), SolveInfo(existing.solver, True, time.perf_counter() - start)
        if store.seen(key) > 0:
            fallback = "the same matrix was solved before: factorised so later solves are warm"
        elif block.shape[1] > JACOBI_MAX_COLUMNS:
            fallback = (f"{block.shape[1]} right-hand sides (Jacobi is used for at most "
                        f"{JACOBI_MAX_COLUMNS}): factorised")
    if fallback is None:
        certificate = _certificate(csc, key, transpose, store)
        if certificate.refused is None:
            result = jacobi_solve(certificate, block, rtol=rtol, functionals=functionals)
            if result.converged:
                if chosen is Solver.AUTO:
                    store.mark_seen(key)
                return shaped(result.solution), SolveInfo(
                    Solver.JACOBI, False, time.perf_counter() - start,
                    result.krylov_steps + result.iterations,
                    result.relative_error, None, result.bound)
            fallback = (f"Jacobi did not prove rtol {rtol:g} in {result.iterations} iterations "
                        f"(reached {result.relative_error:.2e})")
        else:
            fallback = f"no Jacobi error bound: {certificate.refused}"
        if chosen is Solver.JACOBI:
            raise NotConverged(f"{label}: {fallback}; use solver='auto' or a direct solver",
                               f"{label}：Jacobi 迭代未达到要求精度；请改用 auto 或直接法求解器")
    factorisation = factorise(csc, Solver.AUTO, cache=store, key=key, label=label)
    x = factorisation.solve(block, transpose=transpose)
    return shaped(x), SolveInfo(factorisation.solver, False, time.perf_counter() - start,
                                fallback=fallback)
