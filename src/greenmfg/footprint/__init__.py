"""Matrix LCA engine: assemble a product system, solve it, assess impacts, explain and sample.

One module per stage, each usable alone:

- :mod:`~greenmfg.footprint.system`: the technosphere, biosphere and characterisation matrices;
- :mod:`~greenmfg.footprint.solve`: factorisations, their cache and the explicit solver choice;
- :mod:`~greenmfg.footprint.iterative`: Jacobi solves with a proven error bound;
- :mod:`~greenmfg.footprint.lcia`: inventory and scores, for many demands and methods at once;
- :mod:`~greenmfg.footprint.contribution`: contributions by process and flow, supply chain tree;
- :mod:`~greenmfg.footprint.uncertainty`: distributions and sampling into the matrices;
- :mod:`~greenmfg.footprint.montecarlo`: Monte Carlo statistics and sensitivity ranking.
"""

from greenmfg.footprint.contribution import (
    Contributions,
    SupplyChain,
    SupplyChainNode,
    contribution_by_flow,
    contribution_by_process,
    supply_chain,
)
from greenmfg.footprint.lcia import (
    LcaResult,
    ProductScores,
    calculate,
    characterise,
    inventory,
    score_products,
)
from greenmfg.footprint.montecarlo import MonteCarloResult, SensitivityEntry, run_monte_carlo
from greenmfg.footprint.solve import (
    Factorisation,
    FactorisationCache,
    SolveInfo,
    Solver,
    available_solvers,
    factorise,
    shared_cache,
    solve_system,
)
from greenmfg.footprint.system import CharacterisationMethod, Exchanges, ProductSystem, build_system
from greenmfg.footprint.uncertainty import Distribution, Uncertainty

__all__ = [
    "CharacterisationMethod",
    "Contributions",
    "Distribution",
    "Exchanges",
    "Factorisation",
    "FactorisationCache",
    "LcaResult",
    "MonteCarloResult",
    "ProductScores",
    "ProductSystem",
    "SensitivityEntry",
    "SolveInfo",
    "Solver",
    "SupplyChain",
    "SupplyChainNode",
    "Uncertainty",
    "available_solvers",
    "build_system",
    "calculate",
    "characterise",
    "contribution_by_flow",
    "contribution_by_process",
    "factorise",
    "inventory",
    "run_monte_carlo",
    "score_products",
    "shared_cache",
    "solve_system",
    "supply_chain",
]
