"""Golden cases solved by hand: a three-process chain and a recycling loop."""

from __future__ import annotations

import pytest

from greenmfg.footprint import FactorisationCache, Solver, available_solvers, calculate
from tests.footprint.conftest import recycling_system, steel_system

SOLVERS = [Solver.AUTO, Solver.JACOBI, *available_solvers()]


def tolerance(solver: Solver) -> float:
    """Direct solves are exact to rounding; Jacobi (also what ``auto`` picks first) stops once
    it has proven each score to 1e-9, its default ``rtol``."""
    return 1e-9 if solver in (Solver.AUTO, Solver.JACOBI) else 1e-12


@pytest.mark.parametrize("solver", SOLVERS)
def test_steel_chain_solved_by_hand(solver: Solver) -> None:
    """source: hand calculation.

    Demand 1 kg steel. Steel runs once (s_steel = 1); it needs 0.5 tkm, so s_transport = 0.5;
    electricity for steel (2 kWh) and transport (0.1 × 0.5 = 0.05 kWh): s_electricity = 2.05.
    CO2 = 0.6 × 2.05 + 1.8 × 1 + 0.12 × 0.5 = 1.23 + 1.8 + 0.06 = 3.09 kg.
    CH4 = 0.001 × 2.05 = 0.00205 kg.
    GWP100 = 3.09 + 29.8 × 0.00205 = 3.09 + 0.06109 = 3.15109 kg CO2e.
    """
    result = calculate(steel_system(), {"steel": 1.0}, solver=solver, cache=FactorisationCache())
    assert result.supply[:, 0] == pytest.approx([2.05, 1.0, 0.5], rel=tolerance(solver))
    assert result.inventory[:, 0] == pytest.approx([3.09, 0.00205], rel=tolerance(solver))
    assert result.score("GWP100") == pytest.approx(3.15109, rel=tolerance(solver))
    assert result.score("CH4 only") == pytest.approx(0.00205, rel=tolerance(solver))
    assert result.method_units == ("kg CO2e", "kg CH4")
    assert result.solve.solver is not Solver.AUTO


@pytest.mark.parametrize("solver", SOLVERS)
def test_recycling_loop_solved_by_hand(solver: Solver) -> None:
    """source: hand calculation.

    s_ingot - 0.05 s_recycled = 1 and -0.3 s_ingot + s_recycled = 0, so s_recycled = 0.3 s_ingot
    and s_ingot (1 - 0.015) = 1: s_ingot = 1 / 0.985 = 1.0152284264, s_recycled = 0.3045685279.
    CO2 = 8 s_ingot + 0.5 s_recycled = (8 + 0.15) / 0.985 = 8.2741116751 kg.
    """
    result = calculate(recycling_system(), {"ingot": 1.0}, solver=solver,
                       cache=FactorisationCache())
    assert result.supply[:, 0] == pytest.approx([1 / 0.985, 0.3 / 0.985], rel=tolerance(solver))
    assert result.score() == pytest.approx(8.15 / 0.985, rel=tolerance(solver))


def test_recycling_loop_for_recycled_metal_alone() -> None:
    """source: hand calculation. Demand 1 kg recycled: s_recycled = 1 / 0.985 and
    s_ingot = 0.05 / 0.985; CO2 = (0.5 + 8 × 0.05) / 0.985 = 0.9 / 0.985 kg."""
    result = calculate(recycling_system(), {"recycled": 1.0}, cache=FactorisationCache())
    assert result.score() == pytest.approx(0.9 / 0.985, rel=1e-9)
    assert result.solve.relative_error is not None and result.solve.relative_error <= 1e-9
