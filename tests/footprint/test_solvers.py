"""Solver choice, cache, errors: singular systems, unavailable solvers, unproven iterations."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from scipy import sparse

from greenmfg.errors import InputError, NotConverged, OptionError, SingularSystem
from greenmfg.footprint import (
    CharacterisationMethod,
    Exchanges,
    FactorisationCache,
    Solver,
    available_solvers,
    build_system,
    calculate,
    factorise,
    solve_system,
)
from greenmfg.footprint.testing import synthetic_database
from tests.footprint.conftest import steel_system

SINGULAR = sparse.csc_matrix(np.array([[1.0, -1.0], [-1.0, 1.0]]))


@pytest.mark.parametrize("solver", available_solvers())
def test_singular_matrix_raises_singular_system_naming_it(solver: Solver) -> None:
    with pytest.raises(SingularSystem, match="closed-loop matrix"):
        factorise(SINGULAR, solver, cache=FactorisationCache(), label="closed-loop matrix")


def test_singular_system_from_build_is_named() -> None:
    system = build_system(["a", "b"], [1.0, 1.0], Exchanges(["b", "a"], ["a", "b"], [-1.0, -1.0]),
                          ["CO2"], Exchanges(["CO2"], ["a"], [1.0]),
                          [CharacterisationMethod("GWP100", "kg CO2e", ["CO2"], [1.0])],
                          name="loop that makes nothing")
    with pytest.raises(SingularSystem, match="loop that makes nothing"):
        calculate(system, {"a": 1.0}, solver="superlu", cache=FactorisationCache())
    with pytest.raises(SingularSystem, match="loop that makes nothing"):
        calculate(system, {"a": 1.0}, cache=FactorisationCache())  # auto: no proof, then LU


def test_structurally_singular_matrix_names_the_empty_row() -> None:
    matrix = sparse.csc_matrix(np.array([[1.0, 0.0], [0.0, 0.0]]))
    with pytest.raises(SingularSystem, match="column \\(process\\) 1 is empty"):
        factorise(matrix, "superlu", cache=FactorisationCache())


def test_explicit_unavailable_solver_raises_option_error(monkeypatch: pytest.MonkeyPatch) -> None:
    solve_module = importlib.import_module("greenmfg.footprint.solve")

    monkeypatch.setattr(solve_module, "_installed", lambda solver: solver is Solver.SUPERLU)
    with pytest.raises(OptionError, match="solver 'pardiso' is not installed"):
        factorise(steel_system().technosphere, "pardiso", cache=FactorisationCache())
    with pytest.raises(OptionError, match="scikit-umfpack"):
        calculate(steel_system(), {"steel": 1.0}, solver="umfpack", cache=FactorisationCache())
    with pytest.raises(ValueError, match="'cholmod' is not a valid Solver"):
        calculate(steel_system(), {"steel": 1.0}, solver="cholmod")


def test_explicit_jacobi_that_cannot_prove_raises_not_converged() -> None:
    # |T| has spectral radius 0.99^0.5 < 1 but needs many steps; give it too few to prove 1e-15.
    matrix = sparse.csc_matrix(np.array([[1.0, -0.99], [-0.99, 1.0]]))
    with pytest.raises(NotConverged):
        solve_system(matrix, np.array([1.0, 0.0]), solver="jacobi", rtol=1e-300,
              cache=FactorisationCache())


def test_auto_reports_its_choice_and_factorises_on_second_solve(cache: FactorisationCache) -> None:
    system = steel_system()
    first = calculate(system, {"steel": 1.0}, cache=cache)
    assert first.solve.solver is Solver.JACOBI
    assert first.solve.relative_error is not None and first.solve.relative_error <= 1e-9
    second = calculate(system, {"steel": 2.0}, cache=cache)
    assert second.solve.solver is available_solvers()[0]
    assert second.solve.fallback is not None and "solved before" in second.solve.fallback
    third = calculate(system, {"transport": 1.0}, cache=cache)
    assert third.solve.cached and third.solve.solver is second.solve.solver


def test_direct_solvers_agree_with_each_other_and_jacobi() -> None:
    system = synthetic_database(400, flows=60, seed=3).build(uncertain=False)
    demand = {system.process_ids[7]: 1.0, system.process_ids[100]: 2.5}
    scores = {solver: calculate(system, demand, solver=solver, cache=FactorisationCache()).scores
              for solver in (*available_solvers(), Solver.JACOBI)}
    reference = scores[Solver.SUPERLU]
    for value in scores.values():
        np.testing.assert_allclose(value, reference, rtol=1e-9)


def test_factorisation_is_cached_by_content(cache: FactorisationCache) -> None:
    system = steel_system()
    first = factorise(system.technosphere, "superlu", cache=cache)
    again = factorise(system.technosphere.copy(), "superlu", cache=cache)
    assert again is first
    changed = system.technosphere.copy()
    changed.data[0] = 2.0
    assert factorise(changed, "superlu", cache=cache) is not first


def test_validation_names_the_offending_process_and_flow() -> None:
    with pytest.raises(InputError, match="process 'b' has a reference amount of 0"):
        build_system(["a", "b"], [1.0, 0.0], Exchanges([], [], []), [], Exchanges([], [], []))
    with pytest.raises(InputError, match="unknown product 'zinc'"):
        build_system(["a"], [1.0], Exchanges(["zinc"], ["a"], [-1.0]), [], Exchanges([], [], []))
    with pytest.raises(InputError, match="flow 'CO2' of process 'a'"):
        build_system(["a"], [1.0], Exchanges([], [], []), ["CO2"],
                     Exchanges(["CO2"], ["a"], [float("nan")]))
    with pytest.raises(InputError, match="two factors for flow 'CO2'"):
        build_system(["a"], [1.0], Exchanges([], [], []), ["CO2"], Exchanges([], [], []),
                     [CharacterisationMethod("GWP", "kg CO2e", ["CO2", "CO2"], [1.0, 1.0])])
    with pytest.raises(InputError, match="process 'a' uses all of the product it makes"):
        build_system(["a"], [1.0], Exchanges(["a"], ["a"], [-1.0]), [], Exchanges([], [], []))
    with pytest.raises(InputError, match="process id 'a' appears twice"):
        build_system(["a", "a"], [1.0, 1.0], Exchanges([], [], []), [], Exchanges([], [], []))
