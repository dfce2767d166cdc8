"""Benchmark: greenmfg's matrix LCA engine against Brightway's bw2calc on the same matrices.

Run: ``python bench/bench_lca.py [--processes 20000] [--repeat 5] [--mc-iterations 50]``
(``--full`` runs 1,000 Monte Carlo iterations, as the target is stated).

Both sides get the same seeded synthetic ecoinvent-like database
(:func:`greenmfg.footprint.testing.synthetic_database`: 20,000 processes, about 15 non-zeros per
column, 2,000 elementary flows), bw2calc through bw_processing datapackages built from the very
same arrays. Each case checks that both give the same numbers (rtol 1e-9; Monte Carlo: same
mean and percentiles within sampling error), then prints medians of several runs and ratios.

Cases:

1. one LCA, cold: from the arrays to the score of one demand (greenmfg: ``build_system`` +
   ``calculate`` with a fresh cache; bw2calc: ``LCA(...)``, ``lci()``, ``lcia()``);
2. one LCA, warm: the same database again, factorisation cached (greenmfg) / the same LCA
   object with a new demand (bw2calc);
3. 1,000 functional units, scores only: greenmfg's adjoint ``score_products`` against
   bw2calc's fastest multi-LCA path, ``FastScoresOnlyMultiLCA(direction="adjoint")``, cold and
   warm (greenmfg's warm uses the cached factorisation);
4. Monte Carlo: greenmfg's ``run_monte_carlo`` against bw2calc's fastest Monte Carlo class
   (``IterativeLCA`` and ``JacobiGMRESLCA`` are both timed; the faster is the reference);
5. peak memory (tracemalloc, Python allocations; MKL's own factor memory is not seen by it).

These machines are noisy: quote the ratios, not the times.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from greenmfg.footprint import (
    FactorisationCache,
    calculate,
    run_monte_carlo,
    score_products,
)
from greenmfg.footprint.testing import SyntheticDatabase, synthetic_database

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import bw2calc
    import bw_processing as bwp

PROCESS_ID = 1_000_000
FLOW_ID = 1


def datapackage(db: SyntheticDatabase, method: int, *, uncertain: bool) -> Any:
    """The same arrays (and distributions) as a bw_processing datapackage."""
    n = len(db.process_ids)
    package = bwp.create_datapackage()
    rows = np.concatenate([np.arange(n), db.tech_rows])
    cols = np.concatenate([np.arange(n), db.tech_cols])
    amounts = np.concatenate([db.reference_amounts, db.tech_amounts])
    indices = np.empty(rows.size, dtype=bwp.INDICES_DTYPE)
    indices["row"], indices["col"] = rows + PROCESS_ID, cols + PROCESS_ID
    extra: dict[str, Any] = {}
    if uncertain:
        u = db.tech_uncertainty
        dist = np.zeros(rows.size, dtype=bwp.UNCERTAINTY_DTYPE)
        dist["uncertainty_type"][n:] = u.kind
        # Amounts are stored positive and flipped, so distributions describe the magnitude.
        dist["loc"] = np.concatenate([np.abs(db.reference_amounts), u.loc])
        dist["scale"][n:] = u.scale
        dist["shape"], dist["minimum"], dist["maximum"] = np.nan, np.nan, np.nan
        dist["scale"][:n] = np.nan
        extra["distributions_array"] = dist
    package.add_persistent_vector(matrix="technosphere_matrix", indices_array=indices,
                                  data_array=np.abs(amounts), flip_array=amounts < 0, **extra)
    indices = np.empty(db.bio_rows.size, dtype=bwp.INDICES_DTYPE)
    indices["row"], indices["col"] = db.bio_rows + FLOW_ID, db.bio_cols + PROCESS_ID
    extra = {}
    if uncertain:
        u = db.bio_uncertainty
        dist = np.zeros(db.bio_rows.size, dtype=bwp.UNCERTAINTY_DTYPE)
        dist["uncertainty_type"] = u.kind
        dist["loc"], dist["scale"] = u.loc, u.scale
        dist["minimum"], dist["maximum"], dist["shape"] = u.minimum, u.maximum, np.nan
        extra["distributions_array"] = dist
    package.add_persistent_vector(matrix="biosphere_matrix", indices_array=indices,
                                  data_array=db.bio_amounts, **extra)
    flows = np.flatnonzero(db.factors[method])
    indices = np.empty(flows.size, dtype=bwp.INDICES_DTYPE)
    indices["row"], indices["col"] = flows + FLOW_ID, 0
    extra = {}
    if uncertain:
        u = db.factor_uncertainty[method]
        dist = np.zeros(flows.size, dtype=bwp.UNCERTAINTY_DTYPE)
        dist["uncertainty_type"] = u.kind
        dist["loc"] = np.where(u.kind >= 2, u.loc, db.factors[method, flows])
        dist["scale"], dist["minimum"], dist["maximum"], dist["shape"] = u.scale, np.nan, np.nan, \
            np.nan
        extra["distributions_array"] = dist
    package.add_persistent_vector(matrix="characterization_matrix", indices_array=indices,
                                  data_array=db.factors[method, flows], global_index=0,
                                  identifier=["m0"], **extra)
    return package


def median_time(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def paired(
    ours: Callable[[], Any], theirs: Callable[[], Any], repeat: int,
) -> tuple[float, float, float, Any, Any]:
    """Both in turn, ``repeat`` times: medians of each, median of the per-pair ratios, results.

    Taking them in turn lets both see the same load on a shared machine.
    """
    mine, peer, ratios = [], [], []
    ours_result = theirs_result = None
    for _ in range(repeat):
        t_ours, ours_result = median_time(ours, 1)
        t_theirs, theirs_result = median_time(theirs, 1)
        mine.append(t_ours)
        peer.append(t_theirs)
        ratios.append(t_theirs / t_ours)
    return (statistics.median(mine), statistics.median(peer), statistics.median(ratios),
            ours_result, theirs_result)


def peak_memory(run: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def quiet(run: Callable[[], Any]) -> Callable[[], Any]:
    def wrapped() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return run()
    return wrapped


def line(name: str, ours: float, theirs: float, target: str, met: bool) -> None:
    print(f"{name:<44} {ours * 1e3:>10.1f} ms {theirs * 1e3:>10.1f} ms {theirs / ours:>8.1f}x"
          f"   {target:<18} {'met' if met else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=20_000)
    parser.add_argument("--flows", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--units", type=int, default=1_000, help="functional units scored")
    parser.add_argument("--mc-iterations", type=int, default=50)
    parser.add_argument("--full", action="store_true", help="1,000 Monte Carlo iterations")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--cases", default="1,2,3,4,5",
                        help="comma-separated cases to run (see the module docstring)")
    args = parser.parse_args()
    mc_iterations = 1_000 if args.full else args.mc_iterations
    cases = {int(case) for case in args.cases.split(",")}

    db = synthetic_database(args.processes, flows=args.flows, seed=args.seed)
    static = datapackage(db, 0, uncertain=False)
    uncertain = datapackage(db, 0, uncertain=True)
    rng = np.random.default_rng(1)
    products = rng.choice(args.processes, size=args.units, replace=False)
    one = int(products[0])
    method = db.method_names[0]
    print(f"database: {args.processes} processes, {args.flows} flows, "
          f"{db.tech_rows.size + args.processes} technosphere and {db.bio_rows.size} biosphere "
          f"entries; bw2calc {bw2calc.__version__}, pypardiso {bw2calc.PYPARDISO}")
    print(f"{'case':<44} {'greenmfg':>13} {'bw2calc':>13} {'ratio':>9}   {'target':<18} status")

    # 1. one LCA, cold
    def ours_cold() -> Any:
        system = db.build(uncertain=False)
        return calculate(system, {system.process_ids[one]: 1.0}, methods=[method],
                         cache=FactorisationCache())

    def theirs_cold() -> Any:
        lca = bw2calc.LCA({PROCESS_ID + one: 1.0}, data_objs=[static])
        lca.lci()
        lca.lcia()
        return lca

    if cases & {1, 2}:
        t_ours, ours = median_time(ours_cold, args.repeat)
        t_theirs, theirs = median_time(quiet(theirs_cold), args.repeat)
        np.testing.assert_allclose(ours.score(), theirs.score, rtol=1e-9)
        line("one LCA, cold", t_ours, t_theirs, ">= 2x", t_theirs / t_ours >= 2)
        print(f"    greenmfg solver: {ours.solve.solver}, {ours.solve.iterations} iterations, "
              f"proven relative error {ours.solve.relative_error}")

    # 2. one LCA, warm (cached factorisation / same bw2calc object, new demand)
    system = db.build(uncertain=False)
    cache = FactorisationCache()
    for _ in range(2):  # the second solve of the same matrix factorises and caches
        calculate(system, {system.process_ids[one]: 1.0}, methods=[method], cache=cache)
    if 2 in cases:
        other = int(products[1])
        t_ours, ours = median_time(lambda: calculate(system, {system.process_ids[other]: 1.0},
                                                     methods=[method], cache=cache), args.repeat)

        def theirs_warm() -> Any:
            theirs.lci(demand={PROCESS_ID + other: 1.0})
            theirs.lcia()
            return theirs.score

        t_theirs, score = median_time(quiet(theirs_warm), args.repeat)
        np.testing.assert_allclose(ours.score(), score, rtol=1e-9)
        line("one LCA, warm (cached factorisation)", t_ours, t_theirs, "< 20 ms", t_ours < 0.020)
        print(f"    greenmfg solver: {ours.solve.solver}, cached {ours.solve.cached}")

    if 3 in cases:
        # 3. many functional units, scores only
        demands = [{system.process_ids[int(j)]: 1.0} for j in products]

        def ours_units_cold() -> Any:
            fresh = db.build(uncertain=False)
            scores = score_products(fresh, methods=[method], cache=FactorisationCache())
            return scores.scores(fresh, [{fresh.process_ids[int(j)]: 1.0} for j in products])

        def ours_units_warm() -> Any:
            return score_products(system, methods=[method], cache=cache).scores(system, demands)

        def theirs_units() -> Any:
            lca = bw2calc.FastScoresOnlyMultiLCA(
                demands={str(j): {PROCESS_ID + int(j): 1.0} for j in products},
                method_config={"impact_categories": [("m0",)]},
                data_objs=[static], direction="adjoint")
            return lca.calculate()

        ratio = None
        try:
            t_cold, t_theirs, ratio, ours_scores, theirs_scores = paired(
                ours_units_cold, quiet(theirs_units), args.repeat)
            reference = np.asarray(theirs_scores).ravel()
            label = "FastScoresOnlyMultiLCA adjoint"
        except Exception as exc:  # an older bw2calc: fall back to a plain LCA loop, and say so
            print(f"    bw2calc FastScoresOnlyMultiLCA failed ({exc!r}); using one LCA object and "
                  "lci(demand=...) per unit")

            def theirs_loop() -> Any:
                lca = bw2calc.LCA({PROCESS_ID + int(products[0]): 1.0}, data_objs=[static])
                lca.lci(factorize=True)
                lca.lcia()
                out = []
                for j in products:
                    lca.lci(demand={PROCESS_ID + int(j): 1.0})
                    lca.lcia()
                    out.append(lca.score)
                return np.array(out)

            t_theirs, reference = median_time(quiet(theirs_loop), max(1, args.repeat // 2))
            label = "LCA loop"
            t_cold, ours_scores = median_time(ours_units_cold, args.repeat)
        np.testing.assert_allclose(np.asarray(ours_scores).ravel(), reference, rtol=1e-9)
        line(f"{args.units} FU scores, cold (vs {label})", t_cold, t_theirs, ">= 20x",
             (ratio or t_theirs / t_cold) >= 20)
        if ratio is not None:
            print(f"    runs interleaved; median of the {args.repeat} paired ratios: {ratio:.1f}x")
        solved = score_products(db.build(uncertain=False), methods=[method],
                                cache=FactorisationCache()).solve
        print(f"    greenmfg solver: {solved.solver}, {solved.iterations} iterations, proven "
              f"relative error {solved.relative_error}")
        t_warm, ours_scores = median_time(ours_units_warm, args.repeat)
        np.testing.assert_allclose(np.asarray(ours_scores).ravel(), reference, rtol=1e-9)
        line(f"{args.units} FU scores, warm (vs {label})", t_warm, t_theirs, ">= 20x",
             t_theirs / t_warm >= 20)

    # 4. Monte Carlo
    system_u = db.build(uncertain=True)

    def ours_mc() -> Any:
        return run_monte_carlo(system_u, {system_u.process_ids[one]: 1.0}, methods=[method],
                               iterations=mc_iterations, seed=7, cache=FactorisationCache())

    def theirs_mc(kind: Any) -> Callable[[], Any]:
        def run() -> Any:
            lca = kind({PROCESS_ID + one: 1.0}, data_objs=[uncertain], use_distributions=True,
                       seed_override=7)
            lca.lci()
            lca.lcia()
            scores = [lca.score]
            for _ in range(mc_iterations - 1):
                next(lca)
                scores.append(lca.score)
            return np.array(scores)
        return quiet(run)

    if 4 in cases:
        mc_repeat = 1 if mc_iterations >= 500 else max(1, args.repeat // 2)
        t_ours, ours_mc_result = median_time(ours_mc, mc_repeat)
        best_name, best_time, best_scores = "", float("inf"), np.zeros(0)
        for name, kind in (("JacobiGMRESLCA", bw2calc.JacobiGMRESLCA),
                           ("IterativeLCA", bw2calc.IterativeLCA)):
            if mc_iterations >= 500 and name == "IterativeLCA":
                continue  # the slower of the two at 50 iterations; skip it on long runs
            t, scores = median_time(theirs_mc(kind), mc_repeat)
            print(f"    bw2calc {name}: {t / mc_iterations * 1e3:.1f} ms per iteration")
            if t < best_time:
                best_name, best_time, best_scores = name, t, scores
        ours_scores = ours_mc_result.scores[:, 0]
        spread = np.sqrt(ours_scores.var(ddof=1) / len(ours_scores) + best_scores.var(ddof=1)
                         / len(best_scores))
        same_mean = abs(ours_scores.mean() - best_scores.mean()) <= 4 * spread
        levels = (5, 50, 95)
        print(f"    mean {ours_scores.mean():.5g} vs {best_scores.mean():.5g} (4 standard errors "
              f"{4 * spread:.2g}: {'same' if same_mean else 'DIFFERENT'}); percentiles {levels}: "
              f"{np.percentile(ours_scores, levels).round(4)} vs "
              f"{np.percentile(best_scores, levels).round(4)}")
        print(f"    greenmfg: {ours_mc_result.iterative} Jacobi solves, "
              f"{len(ours_mc_result.direct_fallbacks)} direct fallbacks")
        line(f"Monte Carlo, {mc_iterations} iterations (vs {best_name})", t_ours, best_time,
             ">= 5x", best_time / t_ours >= 5 and same_mean)

    if 5 in cases:
        # 5. peak memory (Python allocations)
        ours_peak = peak_memory(ours_cold)
        theirs_peak = peak_memory(quiet(theirs_cold))
        print(f"{'peak memory, one LCA cold (tracemalloc)':<44} {ours_peak:>10.1f} MB "
              f"{theirs_peak:>10.1f} MB {theirs_peak / ours_peak:>8.1f}x   {'<= bw2calc':<18} "
              f"{'met' if ours_peak <= theirs_peak else 'NOT met'}")
        mc_small = min(mc_iterations, 50)
        ours_peak = peak_memory(lambda: run_monte_carlo(
            system_u, {system_u.process_ids[one]: 1.0}, methods=[method], iterations=mc_small,
            seed=7, cache=FactorisationCache()))
        theirs_peak = peak_memory(quiet(lambda: theirs_mc(bw2calc.JacobiGMRESLCA)()))
        print(f"{f'peak memory, Monte Carlo {mc_small} iterations':<44} {ours_peak:>10.1f} MB "
              f"{theirs_peak:>10.1f} MB {theirs_peak / ours_peak:>8.1f}x   {'<= bw2calc':<18} "
              f"{'met' if ours_peak <= theirs_peak else 'NOT met'}")

if __name__ == "__main__":
    main()
