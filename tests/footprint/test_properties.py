"""Invariants: linearity and additivity in demand, adjoint = direct, contributions add up."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenmfg.footprint import (
    CharacterisationMethod,
    Exchanges,
    FactorisationCache,
    ProductSystem,
    Solver,
    build_system,
    calculate,
    contribution_by_flow,
    contribution_by_process,
    score_products,
    supply_chain,
)
from greenmfg.footprint.testing import synthetic_database
from tests.footprint.conftest import recycling_system, steel_system


@st.composite
def systems(draw: st.DrawFn) -> ProductSystem:
    """Small well-posed systems: each process's inputs add up to less than its output."""
    n = draw(st.integers(2, 7))
    m = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    mask = (rng.random((n, n)) < 0.5) & ~np.eye(n, dtype=bool)
    rows, cols = np.nonzero(mask)
    amounts = rng.uniform(0.05, 1.0, rows.size)
    totals = np.bincount(cols, weights=amounts, minlength=n)
    amounts *= (rng.uniform(0.1, 0.9, n) / np.maximum(totals, 1e-9))[cols]
    reference = rng.uniform(0.5, 2.0, n)
    b_rows, b_cols = np.nonzero(rng.random((m, n)) < 0.7)
    return build_system(
        [f"p{i}" for i in range(n)], reference, Exchanges(rows, cols, -amounts * reference[cols]),
        [f"f{k}" for k in range(m)], Exchanges(b_rows, b_cols, rng.lognormal(0, 1, b_rows.size)),
        [CharacterisationMethod("one", "kg CO2e", np.arange(m), rng.uniform(0.1, 10, m)),
         CharacterisationMethod("two", "kg SO2e", np.arange(m), rng.uniform(0.1, 10, m))])


def demand_of(system: ProductSystem, weights: list[float]) -> dict[str, float]:
    return {system.process_ids[i % system.size]: w for i, w in enumerate(weights)}


amounts = st.lists(st.floats(0.0, 100.0, allow_nan=False), min_size=1, max_size=4)
# auto with a fresh cache tries the proven Jacobi iteration first, and factorises when it cannot
# prove the scores (explicit "jacobi" would raise NotConverged on those rare cases instead).
solvers = st.sampled_from([Solver.SUPERLU, Solver.AUTO])


@settings(max_examples=25)
@given(system=systems(), weights=amounts, factor=st.floats(-50.0, 50.0, allow_nan=False),
       solver=solvers)
def test_scores_are_linear_in_demand(system: ProductSystem, weights: list[float], factor: float,
                                     solver: Solver) -> None:
    base = calculate(system, demand_of(system, weights), solver=solver, cache=FactorisationCache())
    scaled = calculate(system, demand_of(system, [factor * w for w in weights]), solver=solver,
                       cache=FactorisationCache())
    np.testing.assert_allclose(scaled.scores, factor * base.scores, rtol=1e-8,
                               atol=1e-12 * (1 + np.abs(factor * base.scores).max()))


@settings(max_examples=25)
@given(system=systems(), first=amounts, second=amounts, solver=solvers)
def test_scores_add_up_over_functional_units(system: ProductSystem, first: list[float],
                                             second: list[float], solver: Solver) -> None:
    one, two = demand_of(system, first), demand_of(system, second)
    both = {k: one.get(k, 0.0) + two.get(k, 0.0) for k in {*one, *two}}
    batch = calculate(system, [one, two, both], solver=solver, cache=FactorisationCache())
    scale = 1 + np.abs(batch.scores).max()
    np.testing.assert_allclose(batch.scores[:, 2], batch.scores[:, 0] + batch.scores[:, 1],
                               rtol=1e-8, atol=1e-12 * scale)
    alone = calculate(system, two, solver=solver, cache=FactorisationCache())
    np.testing.assert_allclose(alone.scores[:, 0], batch.scores[:, 1], rtol=1e-8,
                               atol=1e-12 * scale)


@settings(max_examples=25)
@given(system=systems(), weights=amounts)
def test_contributions_sum_to_the_score(system: ProductSystem, weights: list[float]) -> None:
    result = calculate(system, demand_of(system, weights), solver="superlu",
                       cache=FactorisationCache())
    for method in result.methods:
        for parts in (contribution_by_process(system, result, method),
                      contribution_by_flow(system, result, method)):
            assert parts.total == pytest.approx(result.score(method), rel=1e-12, abs=1e-12)
            assert float(parts.values.sum()) == pytest.approx(result.score(method), rel=1e-12,
                                                              abs=1e-12)


@pytest.mark.parametrize("solver", [Solver.SUPERLU, Solver.AUTO])
def test_adjoint_scores_equal_direct_scores(solver: Solver) -> None:
    system = synthetic_database(500, flows=80, seed=11).build(uncertain=False)
    demands = [{system.process_ids[i]: 1.0 + i % 3} for i in range(0, 500, 25)]
    direct = calculate(system, demands, solver="superlu", cache=FactorisationCache())
    adjoint = score_products(system, solver=solver, cache=FactorisationCache())
    np.testing.assert_allclose(adjoint.scores(system, demands), direct.scores, rtol=1e-9)
    assert adjoint.solve.solver is not Solver.AUTO


def test_process_contributions_of_the_steel_chain() -> None:
    """source: hand calculation (see test_golden). Per process, GWP100 is
    electricity 2.05 × (0.6 + 29.8 × 0.001) = 1.29109, steel 1.8, transport 0.5 × 0.12 = 0.06."""
    system = steel_system()
    result = calculate(system, {"steel": 1.0}, solver="superlu", cache=FactorisationCache())
    parts = contribution_by_process(system, result, "GWP100")
    assert parts.labels == ("steel", "electricity", "transport")
    np.testing.assert_allclose(parts.values, [1.8, 1.29109, 0.06], rtol=1e-12)
    assert parts.top(1) == [("steel", pytest.approx(1.8)), ("(rest)", pytest.approx(1.35109))]


def test_supply_chain_tree_adds_up_and_cuts_off() -> None:
    system = recycling_system()
    tree = supply_chain(system, {"ingot": 1.0}, cutoff=0.001, max_depth=6,
                        cache=FactorisationCache())
    root = tree.roots[0]
    assert tree.total == pytest.approx(8.15 / 0.985, rel=1e-9)
    assert root.cumulative == pytest.approx(tree.total, rel=1e-12)
    assert root.direct == pytest.approx(8.0, rel=1e-12)
    child = root.children[0]
    assert child.process == "recycled" and child.amount == pytest.approx(0.3)
    # Every node's cumulative score = its direct score + its children's + what was cut off.
    def check(node: object) -> None:
        assert node.cumulative == pytest.approx(  # type: ignore[attr-defined]
            node.direct + node.cut_off + sum(c.cumulative for c in node.children))  # type: ignore[attr-defined]
        for c in node.children:  # type: ignore[attr-defined]
            check(c)
    check(root)
    shallow = supply_chain(system, {"ingot": 1.0}, cutoff=0.5, cache=FactorisationCache())
    assert shallow.roots[0].children == ()
    assert shallow.roots[0].cut_off == pytest.approx(tree.total - 8.0, rel=1e-9)
