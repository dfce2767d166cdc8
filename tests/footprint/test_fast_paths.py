"""The fast paths of the LCA engine give what the plain paths give.

Matrix assembly without a sort (input already in column order) or without summing (no repeated
positions), the BiCGSTAB start of the proven Jacobi solve, the damping chosen for the least work,
and judging the Jacobi bound only when it can have been reached.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from greenmfg.footprint import FactorisationCache, Solver, calculate, score_products
from greenmfg.footprint import iterative as it
from greenmfg.footprint.iterative import certify, jacobi_solve
from greenmfg.footprint.lcia import characterised_flows
from greenmfg.footprint.system import _compress
from greenmfg.footprint.testing import synthetic_database
from tests.footprint.conftest import steel_system


def adjoint_operator(matrix: sparse.csc_matrix) -> sparse.csr_matrix:
    """``Aᵀ`` as CSR: the CSC arrays of ``A`` read as CSR, as the solver does."""
    return sparse.csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=matrix.shape)


def test_compress_by_hand_in_every_path() -> None:
    # Entries of a 3 × 2 matrix: (0, 0) = 1, (2, 0) = 2, (1, 1) = 3.
    rows, cols, amounts = np.array([0, 2, 1]), np.array([0, 0, 1]), np.array([1.0, 2.0, 3.0])
    expected = np.array([[1.0, 0.0], [0.0, 3.0], [2.0, 0.0]])
    # Already in column order: slots are the positions themselves.
    matrix, slots = _compress(rows, cols, amounts, (3, 2))
    assert matrix.toarray().tolist() == expected.tolist() and slots.tolist() == [0, 1, 2]
    # Out of order, no repeats: a permutation, (1, 1) is the last stored entry.
    order = np.array([2, 0, 1])
    matrix, slots = _compress(rows[order], cols[order], amounts[order], (3, 2))
    assert matrix.toarray().tolist() == expected.tolist() and slots.tolist() == [2, 0, 1]
    # A repeat on (2, 0): 2 + 0.5 = 2.5 stored once, both entries point at data slot 1.
    matrix, slots = _compress(np.array([2, 0, 2]), np.array([0, 0, 0]),
                              np.array([2.0, 1.0, 0.5]), (3, 1))
    assert matrix.data.tolist() == [1.0, 2.5] and slots.tolist() == [1, 0, 1]
    # -0.0 is stored as 0.0 on every path, so the same content hashes the same.
    for r in (np.array([0, 1]), np.array([1, 0])):
        matrix, _ = _compress(r, np.array([0, 0]), np.array([-0.0, -0.0]), (2, 1))
        assert np.signbit(matrix.data).tolist() == [False, False]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), entries=st.integers(0, 40),
       layout=st.sampled_from(["sorted", "shuffled", "repeats"]))
def test_compress_equals_scipy_whatever_the_order(seed: int, entries: int, layout: str) -> None:
    rng = np.random.default_rng(seed)
    shape = (6, 5)
    positions = rng.choice(shape[0] * shape[1], size=min(entries, 30), replace=False)
    if layout == "repeats" and positions.size:
        positions = np.concatenate([positions, rng.choice(positions, size=positions.size)])
    if layout == "sorted":
        positions = np.sort(positions)
    else:
        rng.shuffle(positions)
    cols, rows = np.divmod(positions.astype(np.int64), shape[0])
    amounts = rng.integers(-8, 9, size=positions.size) / 4.0  # sums are exact in binary
    matrix, slots = _compress(rows, cols, amounts, shape)
    reference = sparse.coo_matrix((amounts, (rows, cols)), shape=shape).tocsc()
    reference.sum_duplicates()
    assert np.array_equal(matrix.toarray(), reference.toarray())
    assert np.array_equal(matrix.indptr, reference.indptr)
    assert np.array_equal(matrix.indices, reference.indices)
    # Every entry's slot is where its amount was added.
    summed = np.zeros(matrix.nnz)
    np.add.at(summed, slots, amounts)
    assert np.array_equal(summed, matrix.data)


def test_krylov_started_jacobi_gives_the_steel_scores_by_hand() -> None:
    # Per unit: electricity 0.6 + 29.8 · 0.001 = 0.6298; transport 0.12 + 0.1 · 0.6298 =
    # 0.18298; steel 1.8 + 2 · 0.6298 + 0.5 · 0.18298 = 3.15109 kg CO2e.
    system = steel_system()
    rhs = characterised_flows(system, ["GWP100"])
    certificate = certify(adjoint_operator(system.technosphere))
    result = jacobi_solve(certificate, rhs)
    assert result.converged and result.krylov_steps > 0
    np.testing.assert_allclose(result.solution[:, 0], [0.6298, 3.15109, 0.18298], rtol=1e-12)


def test_krylov_start_equals_plain_jacobi_and_superlu() -> None:
    system = synthetic_database(300, flows=40, seed=10).build(uncertain=False)
    rhs = characterised_flows(system)
    certificate = certify(adjoint_operator(system.technosphere))
    started = jacobi_solve(certificate, rhs)
    plain = jacobi_solve(certificate, rhs, start=certificate.inverse_diagonal[:, None] * rhs)
    assert started.krylov_steps > 0 and plain.krylov_steps == 0
    assert started.converged and plain.converged
    assert started.iterations < plain.iterations
    direct = score_products(system, solver=Solver.SUPERLU, cache=FactorisationCache()).per_unit
    np.testing.assert_allclose(started.solution, direct, rtol=1e-9)
    np.testing.assert_allclose(plain.solution, direct, rtol=1e-9)


def test_a_krylov_start_that_stops_early_is_finished_by_jacobi(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    system = synthetic_database(300, flows=40, seed=10).build(uncertain=False)
    rhs = characterised_flows(system)
    certificate = certify(adjoint_operator(system.technosphere))
    monkeypatch.setattr(it, "_KRYLOV_STEPS", 1)
    result = jacobi_solve(certificate, rhs)
    assert result.krylov_steps == 3 and result.converged and result.iterations > 1
    direct = score_products(system, solver=Solver.SUPERLU, cache=FactorisationCache()).per_unit
    np.testing.assert_allclose(result.solution, direct, rtol=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_chosen_damping_is_a_proof(seed: int) -> None:
    system = synthetic_database(2000, flows=100, seed=seed).build(uncertain=False)
    for operator in (adjoint_operator(system.technosphere), system.technosphere.tocsr()):
        certificate = certify(operator)
        assert certificate.weights is not None and certificate.contraction is not None
        # |T| v <= q v entry by entry, with q < 1: what bound (1) rests on.
        contracted = certificate.abs_t @ certificate.weights
        assert certificate.contraction < 1.0
        assert (contracted <= certificate.contraction * certificate.weights * (1 + 1e-12)).all()


def test_judging_now_and_then_stops_at_most_one_step_late() -> None:
    system = synthetic_database(2000, flows=100, seed=4).build(uncertain=False)
    certificate = certify(adjoint_operator(system.technosphere))
    rhs = characterised_flows(system)
    start = certificate.inverse_diagonal[:, None] * rhs
    result = jacobi_solve(certificate, rhs, start=start)
    assert result.converged and result.relative_error <= 1e-9
    # Two iterations fewer are not enough: judging every iteration would not have stopped
    # more than one iteration earlier.
    short = jacobi_solve(certificate, rhs, start=start, max_iterations=result.iterations - 2)
    assert not short.converged


def test_one_functional_unit_of_an_ecoinvent_sized_system_stays_iterative() -> None:
    # A damping close to 1 qualifies sooner but scales the rounding term of the bound by
    # 1 / (1 - q): at q = 0.989 it alone exceeded 1e-9 here, and the solve fell back to a
    # factorisation. The damping may at most double that factor.
    db = synthetic_database(20_000, flows=2_000, seed=42)
    system = db.build(uncertain=False)
    one = int(np.random.default_rng(1).choice(20_000, size=1)[0])
    result = calculate(system, {system.process_ids[one]: 1.0}, methods=[system.methods[0]],
                       cache=FactorisationCache())
    assert result.solve.solver is Solver.JACOBI and result.solve.fallback is None
    assert result.solve.relative_error is not None and result.solve.relative_error <= 1e-9
    scores = score_products(system, methods=[system.methods[0]], cache=FactorisationCache())
    assert scores.solve.solver is Solver.JACOBI
    assert result.score() == pytest.approx(scores.per_unit[one, 0], rel=2e-9)
