"""Benchmark: greenmfg's import and inventory engine against raw DuckDB on the same data.

Run: ``python bench/bench_inventory.py [--enterprises 500] [--repeat 5]``

Both sides work on the same seeded synthetic park: each enterprise has 12 months of natural gas,
bituminous coal, diesel, limestone and purchased electricity. The peer is hand-written DuckDB SQL
that joins the activity to a flat factor table and groups by enterprise; it does no validation,
keeps no lineage and explains nothing, so it is the floor for the arithmetic alone. The script
checks that both give the same totals (rtol 1e-9), then prints medians of several runs and the
ratios. These machines are noisy: quote the ratios, not the times.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa

from greenmfg.accounting import compute_inventory
from greenmfg.model import InventoryOptions
from greenmfg.refdata import reference_data
from greenmfg.workspace import Workspace

ITEMS = {  # item: (unit, monthly quantity range)
    "natural_gas": ("万Nm3", (5.0, 50.0)),
    "bituminous_coal": ("t", (500.0, 5000.0)),
    "diesel": ("t", (1.0, 20.0)),
    "limestone": ("t", (100.0, 2000.0)),
    "electricity_purchased": ("MWh", (1000.0, 20000.0)),
}


def synthetic(enterprises: int, seed: int = 7) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    rng = random.Random(seed)
    orgs = [{"code": f"E{i:05d}", "name": f"enterprise {i}", "kind": "enterprise",
             "parent_code": "", "industry_code": "C3011", "region_code": ""}
            for i in range(enterprises)]
    rows = []
    for org in orgs:
        for item, (unit, (lo, hi)) in ITEMS.items():
            for month in range(1, 13):
                rows.append({"org_code": org["code"], "site": "S1", "source": item,
                             "item": item, "period": f"2025-{month:02d}",
                             "quantity": f"{rng.uniform(lo, hi):.3f}", "unit": unit})
    return orgs, rows


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def factor_table() -> pa.Table:
    """tCO2 per unit of each item, from the same packaged defaults greenmfg uses."""
    ref = reference_data()
    ef: dict[str, float] = {}
    for item in ITEMS:
        it = ref.items[item]
        if it.fuel_code:
            row = ref.fuel(it.fuel_code, "gbt32150-2015")
            ef[item] = (float(row["ncv_gj_per_unit"]) * float(row["carbon_content_tc_per_tj"])
                        / 1000 * float(row["oxidation_rate"]) * 44 / 12)
        elif it.factor_code:
            ef[item] = float(ref.carbonate(it.factor_code)["value_tco2_per_t"])
        else:
            row, _ = ref.electricity_co2(2025, level="national", region_code="CN",
                                         factor_type="average")
            ef[item] = float(row["value_tco2_per_mwh"])
    return pa.table({"item": list(ef), "ef": list(ef.values())})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    orgs, rows = synthetic(args.enterprises)
    options = InventoryOptions(grid_level="national")
    with tempfile.TemporaryDirectory() as tmp:
        # -- ingest: validated, idempotent import vs a raw Arrow insert ------------------------
        counter = iter(range(10_000))

        def ours_import() -> None:
            with Workspace(Path(tmp) / f"w{next(counter)}.duckdb", actor="bench") as ws:
                ws.import_rows("bench", orgs, rows)

        table = pa.Table.from_pylist(rows)

        def peer_import() -> None:
            con = duckdb.connect(str(Path(tmp) / f"p{next(counter)}.duckdb"))
            con.register("incoming", table)
            con.execute("CREATE TABLE activity AS SELECT *, CAST(quantity AS DOUBLE) AS q "
                        "FROM incoming")
            con.close()

        t_import = median_time(ours_import, args.repeat)
        t_import_peer = median_time(peer_import, args.repeat)

        # -- inventory of every enterprise ----------------------------------------------------
        ws = Workspace(Path(tmp) / "inv.duckdb", actor="bench")
        ws.import_rows("bench", orgs, rows)
        org_objs = ws.organisations()
        records = {o.code: ws.activity(o.code, 2025) for o in org_objs}
        ref = reference_data()

        def ours_inventory() -> dict[str, float]:
            return {o.code: compute_inventory(o, 2025, records[o.code], ref, options).co2e_t
                    for o in org_objs}

        peer = duckdb.connect()
        peer.register("activity", pa.Table.from_pylist([
            {"org_code": r.org_code, "item": r.item, "q": r.quantity_canonical}
            for recs in records.values() for r in recs]))
        peer.register("factors", factor_table())

        def peer_inventory() -> dict[str, float]:
            return dict(peer.execute(
                "SELECT org_code, sum(q * ef) FROM activity JOIN factors USING (item) "
                "GROUP BY org_code").fetchall())

        ours, theirs = ours_inventory(), peer_inventory()
        worst = max(abs(ours[k] - theirs[k]) / abs(theirs[k]) for k in theirs)
        if worst > 1e-9:
            raise SystemExit(f"totals differ from the DuckDB peer: rtol {worst:.2e}")
        t_inv = median_time(ours_inventory, args.repeat)
        t_inv_peer = median_time(peer_inventory, args.repeat)
        ws.close()

    cli = [sys.executable, "-c", "import greenmfg.cli.app"]
    t_cli = median_time(lambda: subprocess.run(cli, check=True), args.repeat)
    n = len(rows)
    print(f"rows: {n:,} activity rows, {args.enterprises} enterprises, median of {args.repeat}")
    print(f"import     greenmfg {t_import:8.3f} s ({n / t_import:,.0f} rows/s)  "
          f"raw DuckDB {t_import_peer:8.3f} s  ratio {t_import / t_import_peer:6.1f}x")
    print(f"inventory  greenmfg {t_inv:8.3f} s ({n / t_inv:,.0f} rows/s)  "
          f"raw DuckDB {t_inv_peer:8.3f} s  ratio {t_inv / t_inv_peer:6.1f}x")
    print(f"CLI import time: {t_cli:.3f} s (python -c 'import greenmfg.cli.app')")
    print(f"totals agree with the DuckDB peer to rtol {worst:.1e}")


if __name__ == "__main__":
    main()
