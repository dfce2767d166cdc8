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

References
----------
Varga, R. S. (2000). *Matrix Iterative Analysis*, 2nd ed., Springer, theorem 3.10 (Jacobi on
M-matrices) and section 1.4 (weighted max-norms).
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
    rows = np.repeat(np.arange(n), np.diff(matrix.indptr))
    abs_data = np.abs(matrix.data)
    if (diagonal == 0).any():
        inverse = np.zeros(n)
        empty = sparse.csr_matrix((n, n))
        first = int(np.flatnonzero(diagonal == 0)[0])
        return JacobiCertificate(matrix, inverse, empty, None, None, 0,
                                 f"zero on the diagonal at position {first}")
    inverse = 1.0 / diagonal
    abs_data = abs_data * np.abs(inverse)[rows]
    abs_data[matrix.indices == rows] = 0.0
    abs_t = sparse.csr_matrix((abs_data, matrix.indices, matrix.indptr), shape=(n, n))
    # One sequence t_k = |T|^k 1 serves every damping θ: v = Σ_{k<K} t_k / θ^k is a proof
    # vector as soon as t_K / θ^K <= 1/4. The damping is the smallest candidate above the
    # growth rate of the sequence (an estimate of ρ(|T|)) with a 15 % margin: a θ close to 1
    # would qualify sooner but give a loose bound (the factor 1 / (1 - q)).
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
            choice = next((i for i, d in enumerate(_DAMPINGS) if d >= 1.15 * rate),
                          len(_DAMPINGS) - 1)
            if peak / _DAMPINGS[choice] ** step <= 0.25:
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
        Initial ``(n, k)`` guess; ``D⁻¹ rhs`` when omitted.
    functionals
        ``(n, m)`` weights of the quantities that must reach ``rtol`` (``Fᵀ x``, e.g. scores);
        every entry of ``x`` when omitted.
    """
    weights, contraction = certificate.weights, certificate.contraction
    if weights is None or contraction is None:
        raise ValueError(f"no Jacobi certificate: {certificate.refused}")
    matrix, inverse = certificate.matrix, certificate.inverse_diagonal[:, None]
    x = inverse * rhs if start is None else np.array(start, dtype=np.float64)
    iterations = 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007
        z = inverse * (rhs - matrix @ x)
        beta = _bound(weights, contraction, z)
        if np.all(_relative(weights, beta, x, functionals) <= rtol):
            break
        x += z
    # Bound the rounding in the computed residual too, row by row:
    # |fl(r) - r|_i <= γ_i (|M||x| + |b|)_i with γ_i = (nnz of row i + 2) · eps.
    gamma = (np.diff(matrix.indptr) + 2.0)[:, None] * _ROUNDING
    magnitude = np.abs(x) + certificate.abs_t @ np.abs(x) + np.abs(inverse * rhs)
    z = np.abs(inverse * (rhs - matrix @ x)) + gamma * magnitude
    beta = _bound(weights, contraction, z)
    relative = _relative(weights, beta, x, functionals)
    worst = float(relative.max()) if relative.size else 0.0
    return JacobiResult(x, weights, beta, iterations, worst <= rtol, worst,
                        "entries" if functionals is None else "functionals")
