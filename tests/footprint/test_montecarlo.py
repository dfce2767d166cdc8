"""Monte Carlo: reproducible with a seed, centred on the deterministic score, ranks inputs."""

from __future__ import annotations

import numpy as np
import pytest

from greenmfg.errors import OptionError
from greenmfg.footprint import (
    CharacterisationMethod,
    Distribution,
    Exchanges,
    FactorisationCache,
    ProductSystem,
    Uncertainty,
    build_system,
    run_monte_carlo,
)
from greenmfg.footprint.testing import synthetic_database
from greenmfg.footprint.uncertainty import draw, plan_sampling


def uncertain_steel(sigma: float) -> ProductSystem:
    """The hand-worked steel chain (see conftest) with uncertainty of every kind."""
    tech = Uncertainty.of(
        [Distribution.LOGNORMAL, Distribution.TRIANGULAR, Distribution.UNIFORM],
        loc=[np.log(2.0), -0.5, np.nan], scale=[sigma, np.nan, np.nan],
        minimum=[np.nan, -0.5 * (1 + sigma), -0.1 * (1 + sigma)],
        maximum=[np.nan, -0.5 * (1 - sigma), -0.1 * (1 - sigma)])
    bio = Uncertainty.of(
        [Distribution.NORMAL, Distribution.LOGNORMAL, Distribution.FIXED, Distribution.LOGNORMAL],
        loc=[0.6, np.log(0.001), np.nan, np.log(0.12)],
        scale=[0.6 * sigma, sigma, np.nan, sigma])
    factors = Uncertainty.of([Distribution.UNDEFINED, Distribution.NORMAL],
                             loc=[np.nan, 29.8], scale=[np.nan, 29.8 * sigma])
    return build_system(
        ["electricity", "steel", "transport"], [1.0, 1.0, 1.0],
        Exchanges(["electricity", "transport", "electricity"], ["steel", "steel", "transport"],
                  [-2.0, -0.5, -0.1], tech),
        ["CO2", "CH4"],
        Exchanges(["CO2", "CH4", "CO2", "CO2"], ["electricity", "electricity", "steel",
                                                 "transport"], [0.6, 0.001, 1.8, 0.12], bio),
        [CharacterisationMethod("GWP100", "kg CO2e", ["CO2", "CH4"], [1.0, 29.8], factors)])


def test_same_seed_same_numbers_whatever_the_threads() -> None:
    system = uncertain_steel(0.2)
    one = run_monte_carlo(system, {"steel": 1.0}, iterations=70, seed=5, block_size=8, workers=1,
                          cache=FactorisationCache())
    two = run_monte_carlo(system, {"steel": 1.0}, iterations=70, seed=5, block_size=8, workers=3,
                          cache=FactorisationCache())
    other = run_monte_carlo(system, {"steel": 1.0}, iterations=70, seed=6, block_size=8,
                            cache=FactorisationCache())
    np.testing.assert_array_equal(one.scores, two.scores)
    assert not np.array_equal(one.scores, other.scores)
    assert one.iterations == 70 and one.iterative == 70 and one.direct_fallbacks == ()


def test_tight_distributions_centre_on_the_deterministic_score() -> None:
    """source: hand calculation (deterministic GWP100 of 1 kg steel = 3.15109 kg CO2e); with
    σ = 0.1 % the sampled mean is within 1e-3 and the sd within a few 1e-3 of it."""
    result = run_monte_carlo(uncertain_steel(0.001), {"steel": 1.0}, iterations=400, seed=1,
                             cache=FactorisationCache())
    assert result.deterministic[0] == pytest.approx(3.15109, rel=1e-9)
    assert result.mean[0] == pytest.approx(3.15109, rel=1e-3)
    assert 0 < result.sd[0] < 0.01 * 3.15109
    low, median, high = (result.percentile_values[0, result.percentiles.index(p)]
                         for p in (2.5, 50.0, 97.5))
    assert low < median < high


def test_sensitivity_ranks_the_dominant_input_first() -> None:
    system = uncertain_steel(0.3)
    result = run_monte_carlo(system, {"steel": 1.0}, iterations=300, seed=2,
                             cache=FactorisationCache())
    ranking = result.sensitivity[0]
    assert ranking, "some inputs must be ranked"
    # Electricity (2.05 kWh × 0.6 kg) is the largest uncertain term: its normal CO2 factor
    # (sd 30 %) or the lognormal electricity input (σ 0.3) lead the ranking.
    assert (ranking[0].matrix, ranking[0].row) in {("biosphere", "CO2"),
                                                   ("technosphere", "electricity")}
    assert all(0.0 <= e.spearman_squared <= 1.0 for e in ranking)
    assert ranking[0].spearman_squared >= ranking[-1].spearman_squared


def test_fallback_to_direct_is_reported() -> None:
    system = synthetic_database(300, flows=40, seed=4).build()
    result = run_monte_carlo(system, {system.process_ids[3]: 1.0}, iterations=20, seed=1,
                             max_iterations=1, solver="superlu", cache=FactorisationCache())
    assert len(result.direct_fallbacks) + result.iterative == 20
    assert result.direct_fallbacks, "one Jacobi step cannot reach rtol on this system"
    assert result.direct_solver is not None and result.direct_solver.value == "superlu"


def test_sampling_matches_the_distributions() -> None:
    amounts = np.array([-2.0, 1.0, 1.0, 1.0])
    u = Uncertainty.of([2, 3, 4, 5], loc=[np.log(2.0), 1.0, np.nan, 1.0],
                       scale=[0.2, 0.1, np.nan, np.nan], minimum=[np.nan, np.nan, 0.5, 0.5],
                       maximum=[np.nan, np.nan, 1.5, 2.0])
    plan = plan_sampling(amounts, np.arange(4), 4, u)
    block, _ = draw(plan, np.random.default_rng(0), 200_000)
    assert (block[:, 0] < 0).all()
    assert np.median(block[:, 0]) == pytest.approx(-2.0, rel=0.01)
    assert block[:, 1].std() == pytest.approx(0.1, rel=0.02)
    assert block[:, 2].min() >= 0.5 and block[:, 2].max() <= 1.5
    assert block[:, 3].mean() == pytest.approx((0.5 + 1.0 + 2.0) / 3, rel=0.01)


def test_bad_options_are_refused() -> None:
    with pytest.raises(OptionError):
        run_monte_carlo(uncertain_steel(0.1), {"steel": 1.0}, iterations=0)
