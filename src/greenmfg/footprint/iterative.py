"""Jacobi iteration with a proven error bound, for solves that need no factorisation.

Write the system to solve as ``M x = b`` (``M`` is ``A`` or ``Aᵀ``) and split ``M = D (I - T)``
with ``D`` its diagonal. If a positive vector ``v`` satisfies ``|T| v <= q v`` with ``q < 1``,
then for any approximate solution ``x`` with scaled residual ``z = D⁻¹ (b - M x)`` the error obeys

    |x - x*|_i <= v_i · max_j (|z_j| / v_j) / (1 - q)                        (1)

because ``e = z + T e`` gives ``|e| <= |z| + |T| |e|`` (a weighted max-norm contraction). The
vector is built as ``v = Σ_{k=0..K} (|T|/θ)^k 1``, stopping once ``t = (|T|/θ)^{K+1} 1 <= 1/4``
everywhere; then ``|T| v = θ (v - 1 + t)``, so ``q = max_i (|T| v)_i / v_i < θ``, computed
exactly from ``v``. The damping ``θ`` (tried from 0.5 up to 0.99) keeps ``q`` away from 1 where
the plain Neumann sum would not (hubs with large row sums). The bound exists when the spectral
radius of ``|T|`` is below ``θ``, which holds for most process
databases once each process is scaled to one unit of its product (a productive economy,
Hawkins–Simon); when it does not, the certificate is refused and callers factorise instead.

The iteration ``x ← x + D⁻¹ (b - M x)`` converges for such matrices at the rate of the
spectral radius of ``T``; it works on a block of right-hand sides at once (one sparse
matrix–dense block product per step), costs no factorisation, and stops as soon as (1) proves
the asked relative accuracy. It never breaks down from a zero or unit start, unlike BiCGSTAB.

Because (1) holds for *any* ``x``, the iteration may start from a better guess: for a few
right-hand sides (scores of every product through the adjoint, one functional unit) a
Jacobi-preconditioned BiCGSTAB (van der Vorst 1992) runs first, usually reaching the accuracy
in about half the matrix products. Its answer is never trusted as such: the Jacobi loop judges
it with (1) and goes on iterating until the bound is proven, as it would from any start, so a
breakdown or stagnation of BiCGSTAB costs time, never accuracy.

References
----------
Varga, R. S. (2000). *Matrix Iterative Analysis*, 2nd ed., Springer, theorem 3.10 (Jacobi on
M-matrices) and section 1.4 (weighted max-norms).
van der Vorst, H. A. (1992). Bi-CGSTAB: a fast and smoothly converging variant of Bi-CG for
the solution of nonsymmetric linear systems. *SIAM J. Sci. Stat. Comput.* 13(2), 631–644.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

__all__ = ["JacobiCertificate", "JacobiResult", "certify", "jacobi_solve"]

FloatArray = NDArray[np.float64]

_ROUNDING = float(np.finfo(np.float64).eps)
#: Damping factors θ tried in turn: the proof gives ``q < θ`` once ``ρ(|T|) < θ``.
_DAMPINGS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)


@dataclass(frozen=True, slots=True)
class JacobiCertificate:
    """What the Jacobi iteration needs for one orientation of a matrix, with its proof vector.

    ``matrix`` is ``M`` in CSR form, ``inverse_diagonal`` is ``D⁻¹``, ``weights`` is ``v`` and
    ``contraction`` is ``q`` (``None`` with ``refused`` saying why when no proof exists).
    """

    matrix: sparse.csr_matrix
    inverse_diagonal: FloatArray
    abs_t: sparse.csr_matrix
    weights: FloatArray | None
    contraction: float | None
    steps: int
    refused: str | None


@dataclass(frozen=True, slots=True)
class JacobiResult:
    """Solution block with its proven bound: ``|x - x*|_ij <= beta_j · weights_i``.

    ``relative_error`` is the largest of ``bound_ij / max(|x_ij|, FLOOR · max_i |x_ij|)``: every
    entry is proven to that relative accuracy, except entries below ``FLOOR`` of their column's
    largest, which are proven to it relative to that floor. When the solve was judged on
    functionals ``Fᵀ x`` (``judged == "functionals"``, e.g. scores), the same holds for them.
    """

    solution: FloatArray
    weights: FloatArray
    beta: FloatArray
    iterations: int
    converged: bool
    relative_error: float
    judged: str
    #: BiCGSTAB steps (two matrix products each) that gave the start, before ``iterations``.
    krylov_steps: int = 0

    @property
    def bound(self) -> FloatArray:
        """Entry-by-entry proven bound on ``|x - x*|``, same shape as the solution."""
        result: FloatArray = self.weights[:, None] * self.beta[None, :]
        return result


#: Entries smaller than this share of their column's largest are judged against that share.
FLOOR = 1e-6


def _relative(
    weights: FloatArray, beta: FloatArray, x: FloatArray, functionals: FloatArray | None,
) -> FloatArray:
    """Per column: largest proven error relative to each entry or functional (floored).

    With ``functionals`` (``(n, m)``, e.g. characterised flows per process), the quantities
    judged are ``Fᵀ x``: their bound is ``β |F|ᵀ v`` and their size ``|F|ᵀ |x|``.
    """
    largest = np.abs(x).max(axis=0)
    if functionals is None:
        size, spread = np.abs(x), weights[:, None] * beta[None, :]
        floor = FLOOR * largest[None, :]
    else:
        magnitude = np.abs(functionals)
        size = magnitude.T @ np.abs(x)
        spread = (magnitude.T @ weights)[:, None] * beta[None, :]
        # A quantity that is (near) zero is judged against a millionth of the largest of the
        # others, or of what the largest supply would give through the largest weight.
        floor = FLOOR * np.maximum(size.max(axis=0)[None, :],
                                   magnitude.max(axis=0)[:, None] * largest[None, :])
    reference = np.maximum(np.maximum(size, floor), np.finfo(np.float64).tiny)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(spread == 0, 0.0, spread / reference)
    result: FloatArray = ratio.max(axis=0)
    return result


def _damping(peak: float, rate: float, step: int) -> int | None:
    """Which damping θ to prove with after ``step`` products, or ``None`` to take another.

    ``peak`` is ``max t_step`` and ``rate`` its last growth factor. The preferred θ is the
    smallest candidate at or above ``1.15 · rate``; a larger one that qualifies now, and at most
    doubles the bound's factor ``1 / (1 - θ)`` (which also scales the rounding term of the
    bound, so it must stay well below ``rtol``), is taken when the Jacobi iterations its
    looser bound costs, about
    ``log((1 - θ_pref) / (1 - θ)) / log(1 / rate)``, are fewer than the products still needed
    before the preferred one qualifies, about ``log(θ_pref^step / (4 peak)) / log(rate / θ_pref)``.

    >>> _damping(0.3, 0.5, 3) is None, _damping(0.01, 0.5, 3)
    (True, 1)
    """
    last = len(_DAMPINGS) - 1
    preferred = next((i for i, d in enumerate(_DAMPINGS) if d >= 1.15 * rate), last)
    theta = _DAMPINGS[preferred]
    if peak / theta ** step <= 0.25:
        return preferred
    if not 0.0 < rate < theta:
        return None
    remaining = np.log(theta ** step / (4.0 * peak)) / np.log(rate / theta)
    for i in range(preferred + 1, last + 1):
        larger = _DAMPINGS[i]
        if (1.0 - theta) > 2.0 * (1.0 - larger):
            return None
        if peak / larger ** step <= 0.25:
            extra = np.log((1.0 - theta) / (1.0 - larger)) / np.log(1.0 / rate)
            return i if extra < remaining else None
    return None


def certify(matrix: sparse.csr_matrix, *, max_steps: int = 200) -> JacobiCertificate:
    """Build the Jacobi splitting of a square CSR matrix and try to prove it contracts.

    Parameters
    ----------
    matrix
        ``M`` in CSR form (for ``Aᵀ`` pass the CSC arrays of ``A`` read as CSR).
    max_steps
        Most products with ``|T|`` to spend on the proof vector.
    """
    n = matrix.shape[0]
    diagonal = matrix.diagonal()
    rows = np.repeat(np.arange(n, dtype=matrix.indices.dtype), np.diff(matrix.indptr))
    abs_data = np.abs(matrix.data)
    if (diagonal == 0).any():
        inverse = np.zeros(n)
        empty = sparse.csr_matrix((n, n))
        first = int(np.flatnonzero(diagonal == 0)[0])
        return JacobiCertificate(matrix, inverse, empty, None, None, 0,
                                 f"zero on the diagonal at position {first}")
    inverse = 1.0 / diagonal
    abs_data *= np.abs(inverse)[rows]
    abs_data[matrix.indices == rows] = 0.0
    abs_t = sparse.csr_matrix((abs_data, matrix.indices, matrix.indptr), shape=(n, n))
    # One sequence t_k = |T|^k 1 serves every damping θ: v = Σ_{k<K} t_k / θ^k is a proof
    # vector as soon as t_K / θ^K <= 1/4. The damping is chosen for the least work in all:
    # the smallest candidate above the growth rate of the sequence (an estimate of ρ(|T|))
    # with a 15 % margin gives the tightest bound, a larger θ qualifies sooner but loosens
    # the bound by the factor 1 / (1 - q), see :func:`_damping`.
    t = np.ones(n)
    sums = np.ones((len(_DAMPINGS), n))  # Σ_{k<K} t_k / θ^k for every candidate θ at once
    powers = np.array(_DAMPINGS)
    previous = 1.0
    for step in range(1, max_steps + 1):
        t = abs_t @ t
        peak = float(t.max())
        if not np.isfinite(peak) or peak > 1e12:
            break
        rate = peak / previous if previous > 0 else 0.0
        previous = peak
        if step >= 3 or peak == 0:
            choice = _damping(peak, rate, step)
            if choice is not None:
                weights = sums[choice].copy()
                contraction = float((abs_t @ weights / weights).max())
                if contraction < 1.0:
                    return JacobiCertificate(matrix, inverse, abs_t, weights, contraction, step,
                                             None)
        sums += t[None, :] / (powers ** step)[:, None]
    return JacobiCertificate(matrix, inverse, abs_t, None, None, max_steps,
                             "the Jacobi iteration matrix |D⁻¹N| does not contract (spectral "
                             f"radius not shown below {_DAMPINGS[-1]} in {max_steps} steps)")


def _bound(weights: FloatArray, contraction: float, scaled_residual: FloatArray) -> FloatArray:
    """Per-column factor β with ``|e_i| <= β v_i`` from (1)."""
    ratio = np.abs(scaled_residual) / weights[:, None]
    result: FloatArray = ratio.max(axis=0) / (1.0 - contraction)
    return result


#: Most right-hand sides given a BiCGSTAB start (one BiCGSTAB run per column).
KRYLOV_MAX_COLUMNS = 4
#: Most BiCGSTAB steps per column.
_KRYLOV_STEPS = 40


def _dot(a: FloatArray, b: FloatArray) -> float:
    # Not ``a @ b``: a threaded BLAS dot stalls on a busy machine, and these vectors are short.
    return float(np.multiply(a, b).sum())


def _krylov_start(
    matrix: sparse.csr_matrix, inverse: FloatArray, rhs: FloatArray, rtol: float,
) -> tuple[FloatArray, int]:
    """A start for the Jacobi loop: Jacobi-preconditioned BiCGSTAB on each column of ``rhs``.

    Solves ``D⁻¹ M x = D⁻¹ b`` until the preconditioned residual is below ``10⁻⁵ rtol`` of
    ``D⁻¹ b`` (then (1) usually holds at once), breaks down, or runs out of steps, and returns
    the iterate with the smallest residual seen, with the number of steps taken in all.

    >>> m = sparse.csr_matrix(np.array([[2.0, -1.0], [-0.5, 1.0]]))
    >>> x, steps = _krylov_start(m, np.array([0.5, 1.0]), np.array([[1.0], [0.0]]), 1e-9)
    >>> np.round(x.ravel(), 12).tolist(), steps <= 2
    ([0.666666666667, 0.333333333333], True)
    """
    columns, total = [], 0
    for j in range(rhs.shape[1]):
        b = inverse * rhs[:, j]
        x = b.copy()
        r = b - inverse * (matrix @ x)
        best, best_norm = x.copy(), float(np.abs(r).max())
        target = 1e-5 * rtol * float(np.abs(b).max())
        shadow, p, v = r.copy(), np.zeros_like(b), np.zeros_like(b)
        rho = alpha = omega = 1.0
        for _ in range(_KRYLOV_STEPS):
            if not best_norm > target:
                break
            total += 1
            rho_next = _dot(shadow, r)
            if rho_next == 0.0 or omega == 0.0:
                break
            p = r + (rho_next / rho) * (alpha / omega) * (p - omega * v)
            v = inverse * (matrix @ p)
            denominator = _dot(shadow, v)
            if denominator == 0.0:
                break
            alpha = rho_next / denominator
            s = r - alpha * v
            t = inverse * (matrix @ s)
            tt = _dot(t, t)
            omega = _dot(t, s) / tt if tt > 0.0 else 0.0
            x = x + alpha * p + omega * s
            r = s - omega * t
            rho = rho_next
            norm = float(np.abs(r).max())
            if not np.isfinite(norm):
                break
            if norm < best_norm:
                best, best_norm = x.copy(), norm
        columns.append(best)
    return np.column_stack(columns), total


def _worst(relative: FloatArray) -> float:
    return float(relative.max()) if relative.size else 0.0


def _skip(last: tuple[int, float], iteration: int, error: float, rtol: float) -> int:
    """Iterations until the bound is worth judging again, from how fast it fell so far.

    Judging costs a few passes over the solution; the iteration itself does not need it.
    After two judgements the bound's rate of fall per iteration predicts when it will reach
    ``rtol``; the next judgement comes at four fifths of that (and always within 10), so the
    iteration stops at most one step later than judging every time would, as long as the
    rate holds, and the proof is the same either way.

    >>> _skip((0, 0.0), 1, 1e-2, 1e-9), _skip((1, 1e-2), 2, 5e-3, 1e-9)
    (1, 10)
    >>> _skip((10, 1e-6), 11, 5e-7, 1e-9)
    7
    """
    before, previous = last
    if before == 0 or not 0.0 < error < previous:
        return 1
    rate = (error / previous) ** (1.0 / (iteration - before))
    needed = np.log(rtol / error) / np.log(rate)
    return int(min(10.0, max(1.0, np.floor(0.8 * needed))))


def jacobi_solve(
    certificate: JacobiCertificate, rhs: FloatArray, *, rtol: float = 1e-9,
    max_iterations: int = 500, start: FloatArray | None = None,
    functionals: FloatArray | None = None,
) -> JacobiResult:
    """Solve ``M X = rhs`` by Jacobi iteration until (1) proves ``rtol`` for every column.

    Parameters
    ----------
    certificate
        From :func:`certify`; must not be refused.
    rhs
        ``(n, k)`` right-hand sides.
    rtol
        Proven error wanted, relative to each entry (see :class:`JacobiResult`).
    max_iterations
        Iterations before giving up (``converged`` is then false).
    start
        Initial ``(n, k)`` guess; when omitted, BiCGSTAB's answer for at most
        ``KRYLOV_MAX_COLUMNS`` columns (see the module docstring), else ``D⁻¹ rhs``.
    functionals
        ``(n, m)`` weights of the quantities that must reach ``rtol`` (``Fᵀ x``, e.g. scores);
        every entry of ``x`` when omitted.
    """
    weights, contraction = certificate.weights, certificate.contraction
    if weights is None or contraction is None:
        raise ValueError(f"no Jacobi certificate: {certificate.refused}")
    matrix, inverse = certificate.matrix, certificate.inverse_diagonal[:, None]
    krylov_steps = 0
    if start is not None:
        x = np.array(start, dtype=np.float64)
    elif 0 < rhs.shape[1] <= KRYLOV_MAX_COLUMNS:
        x, krylov_steps = _krylov_start(matrix, certificate.inverse_diagonal, rhs, rtol)
    else:
        x = inverse * rhs
    iterations, judge_at, last = 0, 1, (0, 0.0)
    current = False  # whether z is the scaled residual of x as it stands
    for iterations in range(1, max_iterations + 1):
        z = inverse * (rhs - matrix @ x)
        current = True
        if iterations >= judge_at:
            error = _worst(_relative(weights, _bound(weights, contraction, z), x, functionals))
            if error <= rtol:
                break
            judge_at = iterations + _skip(last, iterations, error, rtol)
            last = (iterations, error)
        x += z
        current = False
    if not current:
        z = inverse * (rhs - matrix @ x)
    # Bound the rounding in the computed residual too, row by row:
    # |fl(r) - r|_i <= γ_i (|M||x| + |b|)_i with γ_i = (nnz of row i + 2) · eps.
    gamma = (np.diff(matrix.indptr) + 2.0)[:, None] * _ROUNDING
    magnitude = np.abs(x) + certificate.abs_t @ np.abs(x) + np.abs(inverse * rhs)
    z = np.abs(z) + gamma * magnitude
    worst = _worst(_relative(weights, _bound(weights, contraction, z), x, functionals))
    beta = _bound(weights, contraction, z)
    return JacobiResult(x, weights, beta, iterations, worst <= rtol, worst,
                        "entries" if functionals is None else "functionals", krylov_steps)
