"""Matrix LCA engine: assemble a product system, solve it, assess impacts, explain and sample.

One module per stage, each usable alone:

- :mod:`~greenmfg.footprint.system`: the technosphere, biosphere and characterisation matrices;
- :mod:`~greenmfg.footprint.solve`: factorisations, their cache and the explicit solver choice;
- :mod:`~greenmfg.footprint.iterative`: Jacobi solves with a proven error bound;
- :mod:`~greenmfg.footprint.lcia`: inventory and scores, for many demands and methods at once;
- :mod:`~greenmfg.footprint.contribution`: contributions by process and flow, supply chain tree;
- :mod:`~greenmfg.footprint.uncertainty`: distributions and sampling into the matrices;
- :mod:`~greenmfg.footprint.montecarlo`: Monte Carlo statistics and sensitivity ranking;
- :mod:`~greenmfg.footprint.database`: an LCA database in Arrow columns and its product system;
- :mod:`~greenmfg.footprint.importers` / :mod:`~greenmfg.footprint.exporters`: openLCA JSON-LD,
  ILCD / TIDAS and EcoSpold2 in, JSON-LD out, with elementary flows mapped onto
  :mod:`~greenmfg.footprint.flowlist`;
- :mod:`~greenmfg.footprint.defaults`: the packaged default database (GHG flows, IPCC AR6
  GWP100 / GWP20, unit processes from Chinese official factors);
- :mod:`~greenmfg.footprint.assessment`: a product's footprint with contributions and lineage;
- :mod:`~greenmfg.footprint.study`: an ISO 14067 / GB/T 24067 product footprint study of a
  foreground process (allocation, cut-off, data quality, biogenic carbon);
- :mod:`~greenmfg.footprint.plant`: that foreground built from a plant's activity records and
  GB/T 32150 inventory, with the linking table to background processes.
"""

import importlib
from typing import TYPE_CHECKING, Any

# The engine's names load on first use (PEP 562), so that importing the package, or a light
# submodule such as ``database``, does not import SciPy: the command line starts faster.
#: Submodule → the names it gives this package.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "assessment": ("FootprintResult", "MonteCarloSummary", "assess_footprint", "sample_footprint"),
    "contribution": ("Contributions", "SupplyChain", "SupplyChainNode", "contribution_by_flow",
        "contribution_by_process", "supply_chain"),
    "database": ("LcaDatabase", "build_product_system", "shared_system_cache"),
    "defaults": ("DEFAULT_DATABASE_ID", "default_database", "default_manifest"),
    "exporters": ("export_jsonld",),
    "importers": ("ImportReport", "read_database"),
    "lcia": ("LcaResult", "ProductScores", "calculate", "characterise", "inventory",
        "score_products"),
    "montecarlo": ("MonteCarloResult", "SensitivityEntry", "run_monte_carlo"),
    "solve": ("Factorisation", "FactorisationCache", "SolveInfo", "Solver", "available_solvers",
        "factorise", "shared_cache", "solve_system"),
    "system": ("CharacterisationMethod", "Exchanges", "ProductSystem", "build_system"),
    "uncertainty": ("Distribution", "Uncertainty"),
}

if TYPE_CHECKING:
    from greenmfg.footprint.assessment import (
        FootprintResult,
        MonteCarloSummary,
        assess_footprint,
        sample_footprint,
    )
    from greenmfg.footprint.contribution import (
        Contributions,
        SupplyChain,
        SupplyChainNode,
        contribution_by_flow,
        contribution_by_process,
        supply_chain,
    )
    from greenmfg.footprint.database import LcaDatabase, build_product_system, shared_system_cache
    from greenmfg.footprint.defaults import DEFAULT_DATABASE_ID, default_database, default_manifest
    from greenmfg.footprint.exporters import export_jsonld
    from greenmfg.footprint.importers import ImportReport, read_database
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
else:
    def __getattr__(name: str) -> Any:
        for module, names in _EXPORTS.items():
            if name in names:
                value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
                globals()[name] = value
                return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))

__all__ = [
    "DEFAULT_DATABASE_ID",
    "CharacterisationMethod",
    "Contributions",
    "Distribution",
    "Exchanges",
    "Factorisation",
    "FactorisationCache",
    "FootprintResult",
    "ImportReport",
    "LcaDatabase",
    "LcaResult",
    "MonteCarloResult",
    "MonteCarloSummary",
    "ProductScores",
    "ProductSystem",
    "SensitivityEntry",
    "SolveInfo",
    "Solver",
    "SupplyChain",
    "SupplyChainNode",
    "Uncertainty",
    "assess_footprint",
    "available_solvers",
    "build_product_system",
    "build_system",
    "calculate",
    "characterise",
    "contribution_by_flow",
    "contribution_by_process",
    "default_database",
    "default_manifest",
    "export_jsonld",
    "factorise",
    "inventory",
    "read_database",
    "run_monte_carlo",
    "sample_footprint",
    "score_products",
    "shared_cache",
    "shared_system_cache",
    "solve_system",
    "supply_chain",
]
