"""Seeded synthetic process databases shaped like ecoinvent, for tests and benchmarks.

Big or slow data is generated, not committed. :func:`synthetic_database` makes plain arrays
(so a peer such as bw2calc can be fed exactly the same numbers) and :meth:`build` turns them into
a :class:`~greenmfg.footprint.system.ProductSystem`.

Shape, chosen to resemble ecoinvent's technosphere: 1.5 % of processes are hubs (electricity,
transport, heat markets) that every sector buys from, with Zipf-like popularity; the rest sit
in sectors of 200 that mostly buy upstream inside their sector (97 %), sometimes across
sectors, so most processes fall in one large strongly connected component and the LU factors
fill in tens of times over. Each process's inputs add up to 20-80 % of its output, so the system
is well posed; 2 % are waste treatments (negative reference amount) fed by waste outputs.

Uncertainty mirrors what EcoSpold data carry: lognormal on every technosphere input and most
elementary flows, some normal, uniform and triangular flows, and normal uncertainty on a few
characterisation factors. Every parameter and fixed amount is exactly representable in
float32, as Brightway's ``stats_arrays`` stores them, so both sides sample the same distribution.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from greenmfg.footprint.system import CharacterisationMethod, Exchanges, ProductSystem, build_system
from greenmfg.footprint.uncertainty import Distribution, Uncertainty

__all__ = ["SyntheticDatabase", "synthetic_database"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]


def _f32(values: FloatArray) -> FloatArray:
    result: FloatArray = np.asarray(values, dtype=np.float32).astype(np.float64)
    return result


@dataclass(frozen=True, slots=True)
class SyntheticDatabase:
    """Arrays of a synthetic database: processes, exchanges with uncertainty, methods.

    Technosphere exchanges exclude the reference amounts (diagonal), which are in
    ``reference_amounts``. ``factors`` is ``(methods, flows)`` with zeros where a method has no
    factor; ``factor_uncertainty`` has one entry per non-zero factor, in row-major order.
    """

    process_ids: tuple[str, ...]
    flow_ids: tuple[str, ...]
    method_names: tuple[str, ...]
    reference_amounts: FloatArray
    tech_rows: IndexArray
    tech_cols: IndexArray
    tech_amounts: FloatArray
    tech_uncertainty: Uncertainty
    bio_rows: IndexArray
    bio_cols: IndexArray
    bio_amounts: FloatArray
    bio_uncertainty: Uncertainty
    factors: FloatArray
    factor_uncertainty: tuple[Uncertainty, ...]

    def build(self, *, uncertain: bool = True) -> ProductSystem:
        """The product system of these arrays (without uncertainty when ``uncertain`` is false)."""
        methods = []
        for k, name in enumerate(self.method_names):
            flows = np.flatnonzero(self.factors[k]).astype(np.int64)
            methods.append(CharacterisationMethod(
                name, "kg CO2e", flows, self.factors[k, flows],
                self.factor_uncertainty[k] if uncertain else None))
        return build_system(
            self.process_ids, self.reference_amounts,
            Exchanges(self.tech_rows, self.tech_cols, self.tech_amounts,
                      self.tech_uncertainty if uncertain else None),
            self.flow_ids,
            Exchanges(self.bio_rows, self.bio_cols, self.bio_amounts,
                      self.bio_uncertainty if uncertain else None),
            methods, name=f"synthetic {len(self.process_ids)} processes")


def _technosphere(
    rng: np.random.Generator, n: int, inputs: int, hubs: int, sector: int,
) -> tuple[IndexArray, IndexArray]:
    m = n * inputs
    cols = np.repeat(np.arange(n, dtype=np.int64), inputs)
    weights = np.arange(1, hubs + 1) ** -1.0
    weights /= weights.sum()
    u = rng.random(m)
    hub_column = cols < hubs
    rows = np.empty(m, dtype=np.int64)
    from_hub = u < np.where(hub_column, 0.95, 0.40)
    rows[from_hub] = rng.choice(hubs, size=int(from_hub.sum()), p=weights)
    across = ~from_hub & (u < np.where(hub_column, 1.0, 0.41))
    rows[across] = rng.integers(hubs, n, size=int(across.sum()))
    local = ~(from_hub | across)
    position = cols[local] - hubs
    first = hubs + (position // sector) * sector
    offset = position % sector
    upstream = rng.random(int(local.sum())) < 0.97
    below = np.floor(rng.random(int(local.sum())) * np.maximum(offset, 1)).astype(np.int64)
    anywhere = rng.integers(0, sector, size=int(local.sum()))
    rows[local] = np.minimum(first + np.where(upstream & (offset > 0), below, anywhere), n - 1)
    keep = rows != cols
    rows, cols = rows[keep], cols[keep]
    _, unique = np.unique(cols * n + rows, return_index=True)
    return rows[unique], cols[unique]


def synthetic_database(
    processes: int = 20_000, *, inputs_per_process: int = 14, flows: int = 2_000,
    flows_per_process: int = 10, methods: int = 3, seed: int = 42,
) -> SyntheticDatabase:
    """Generate a seeded ecoinvent-like database (see the module docstring for its shape).

    Parameters
    ----------
    processes
        Number of processes (each with one reference product).
    inputs_per_process
        Technosphere inputs drawn per process (a few are dropped as duplicates).
    flows
        Number of elementary flows.
    flows_per_process
        Elementary flows drawn per process.
    methods
        Number of characterisation methods.
    seed
        Seed of the generator: the same seed gives the same database.

    Examples
    --------
    >>> db = synthetic_database(300, flows=50, seed=1)
    >>> system = db.build()
    >>> system.technosphere.shape, system.biosphere.shape[0]
    ((300, 300), 50)
    """
    rng = np.random.default_rng(seed)
    n = processes
    hubs = max(3, round(0.015 * n))
    sector = max(5, min(200, (n - hubs) // 5))
    rows, cols = _technosphere(rng, n, inputs_per_process, hubs, sector)
    permutation = rng.permutation(n)
    rows, cols = permutation[rows], permutation[cols]
    order = np.lexsort((rows, cols))
    rows, cols = rows[order], cols[order]

    waste = rng.random(n) < 0.02
    reference = np.where(waste, -1.0, 1.0)
    raw = rng.lognormal(0.0, 1.0, size=rows.size)
    share = rng.uniform(0.2, 0.8, size=n)
    magnitude = raw * (share / np.bincount(cols, weights=raw, minlength=n))[cols]
    # Inputs are negative; waste handed to a treatment (a negative reference) is positive.
    amounts = _f32(np.where(waste[rows], magnitude, -magnitude))
    sigma = _f32(rng.uniform(0.05, 0.35, size=rows.size))
    tech_uncertainty = Uncertainty.of(np.full(rows.size, Distribution.LOGNORMAL),
                                      loc=_f32(np.log(np.abs(amounts))), scale=sigma)

    popularity = np.arange(1, flows + 1) ** -1.0
    popularity /= popularity.sum()
    b_cols = np.repeat(np.arange(n, dtype=np.int64), flows_per_process)
    b_rows = rng.choice(flows, size=b_cols.size, p=popularity).astype(np.int64)
    _, unique = np.unique(b_cols * flows + b_rows, return_index=True)
    b_rows, b_cols = b_rows[unique], b_cols[unique]
    b_amounts = _f32(rng.lognormal(-1.0, 1.5, size=b_rows.size))
    kind = rng.choice(np.array([2, 3, 4, 5], dtype=np.uint8), size=b_rows.size,
                      p=[0.85, 0.05, 0.05, 0.05])
    nan = np.full(b_rows.size, np.nan)
    bio_uncertainty = Uncertainty.of(
        kind,
        loc=np.where(kind == 2, _f32(np.log(b_amounts)), np.where(kind == 4, nan, b_amounts)),
        scale=np.where(kind == 2, _f32(rng.uniform(0.05, 0.5, size=b_rows.size)),
                       np.where(kind == 3, _f32(0.1 * b_amounts), nan)),
        minimum=np.where(kind >= 4, _f32(0.8 * b_amounts), nan),
        maximum=np.where(kind == 4, _f32(1.2 * b_amounts),
                         np.where(kind == 5, _f32(1.3 * b_amounts), nan)))

    factors = np.zeros((methods, flows))
    factor_uncertainty = []
    for k in range(methods):
        chosen = rng.random(flows) < rng.uniform(0.1, 0.4)
        chosen[0] = True  # the most common flow (think fossil CO2) is in every method
        values = _f32(rng.lognormal(0.0, 2.0, size=flows))
        factors[k, chosen] = values[chosen]
        count = int(chosen.sum())
        uncertain = np.zeros(count, dtype=bool)
        uncertain[rng.choice(count, size=min(10, count), replace=False)] = True
        present = factors[k, chosen]
        factor_uncertainty.append(Uncertainty.of(
            np.where(uncertain, Distribution.NORMAL, Distribution.UNDEFINED),
            loc=np.where(uncertain, present, np.nan),
            scale=np.where(uncertain, _f32(0.05 * present), np.nan)))
    return SyntheticDatabase(
        tuple(f"P{j:06d}" for j in range(n)), tuple(f"F{k:05d}" for k in range(flows)),
        tuple(f"method {k}" for k in range(methods)), reference, rows, cols, amounts,
        tech_uncertainty, b_rows, b_cols, b_amounts, bio_uncertainty, factors,
        tuple(factor_uncertainty))
