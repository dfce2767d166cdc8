"""Uncertainty of exchanges and characterisation factors, and drawing samples from it.

Parameters follow the ``stats_arrays`` convention that EcoSpold2, ILCD importers and Brightway
share, so that imported uncertainty needs no translation:

============  ====  =======================================================================
distribution  code  parameters (all in the unit of the amount they describe)
============  ====  =======================================================================
fixed         0, 1  none: the deterministic amount is used
lognormal     2     ``loc`` = ln(median magnitude), ``scale`` = σ of ln(magnitude) > 0;
                    the sign is the sign of the deterministic amount
normal        3     ``loc`` = mean, ``scale`` = standard deviation > 0
uniform       4     ``minimum`` < ``maximum``
triangular    5     ``minimum`` <= ``loc`` (mode) <= ``maximum``, ``minimum`` < ``maximum``
============  ====  =======================================================================

Sampling writes straight into the ``data`` arrays of the sparse matrices (one row of a
``(samples, nnz)`` block per draw): sampling, not solving, dominates a Monte Carlo run once the
solves are iterative, so no per-exchange Python object and no matrix rebuild is involved.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

from greenmfg.errors import InputError

__all__ = ["Distribution", "SamplingPlan", "Uncertainty", "draw", "plan_sampling", "spread"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]


class Distribution(IntEnum):
    """Kinds of uncertainty distribution, numbered as ``stats_arrays`` / EcoSpold2 number them.

    An ``IntEnum`` rather than a ``StrEnum``: the codes are stored in arrays, one per exchange.
    """

    UNDEFINED = 0
    FIXED = 1
    LOGNORMAL = 2
    NORMAL = 3
    UNIFORM = 4
    TRIANGULAR = 5


_SAMPLED = (Distribution.LOGNORMAL, Distribution.NORMAL, Distribution.UNIFORM,
            Distribution.TRIANGULAR)


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """Distribution parameters, one entry per exchange (or factor) of the table they belong to.

    Build with :meth:`of`, which converts and checks the arrays. Unused parameters are NaN.
    """

    kind: NDArray[np.uint8]
    loc: FloatArray
    scale: FloatArray
    minimum: FloatArray
    maximum: FloatArray

    @classmethod
    def of(
        cls,
        kind: ArrayLike,
        *,
        loc: ArrayLike | None = None,
        scale: ArrayLike | None = None,
        minimum: ArrayLike | None = None,
        maximum: ArrayLike | None = None,
    ) -> Uncertainty:
        """Uncertainty from plain arrays or lists of equal length (missing ones are all NaN).

        >>> u = Uncertainty.of([2, 0], loc=[0.0, float("nan")], scale=[0.1, float("nan")])
        >>> u.sampled.tolist()
        [True, False]
        """
        codes = np.asarray(kind)
        n = codes.shape[0] if codes.ndim == 1 else -1
        if n < 0 or not np.issubdtype(codes.dtype, np.integer):
            raise InputError("uncertainty kinds must be a 1-D list of integer distribution codes",
                             "不确定性类型必须是一维整数分布代码列表",
                             expected="codes 0-5", found=repr(codes.dtype))
        bad = ~np.isin(codes, [int(d) for d in Distribution])
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(f"entry {i}: unknown distribution code {int(codes[i])}",
                             f"第 {i} 项：未知分布代码 {int(codes[i])}",
                             expected="0 (undefined), 1 (fixed), 2 (lognormal), 3 (normal), "
                                      "4 (uniform) or 5 (triangular)", found=str(int(codes[i])))

        def column(values: ArrayLike | None, name: str) -> FloatArray:
            if values is None:
                return np.full(n, np.nan)
            array = np.asarray(values, dtype=np.float64)
            if array.shape != (n,):
                raise InputError(f"uncertainty '{name}' has shape {array.shape}, expected ({n},)",
                                 f"不确定性参数 '{name}' 的形状为 {array.shape}，应为 ({n},)",
                                 expected=f"{n} values", found=str(array.shape))
            return array

        return cls(codes.astype(np.uint8), column(loc, "loc"), column(scale, "scale"),
                   column(minimum, "minimum"), column(maximum, "maximum"))

    def __len__(self) -> int:
        return int(self.kind.shape[0])

    @property
    def sampled(self) -> NDArray[np.bool_]:
        """Which entries have a distribution that is sampled (not undefined or fixed)."""
        return self.kind >= Distribution.LOGNORMAL

    def invalid(self, amounts: FloatArray) -> tuple[int, str] | None:
        """The first entry whose parameters cannot be sampled, and why; ``None`` when all can.

        ``amounts`` are the deterministic amounts (a lognormal takes its sign from them).
        """
        checks: list[tuple[NDArray[np.bool_], str]] = []
        k = self.kind
        lognormal, normal = k == Distribution.LOGNORMAL, k == Distribution.NORMAL
        uniform, triangular = k == Distribution.UNIFORM, k == Distribution.TRIANGULAR
        with np.errstate(invalid="ignore"):
            checks.append((lognormal & ~(np.isfinite(self.loc) & (self.scale > 0)
                                         & np.isfinite(self.scale)),
                           "lognormal needs a finite loc (ln of the median) and a scale > 0"))
            checks.append((lognormal & (amounts == 0),
                           "lognormal needs a non-zero amount to take its sign from"))
            checks.append((normal & ~(np.isfinite(self.loc) & (self.scale > 0)
                                      & np.isfinite(self.scale)),
                           "normal needs a finite loc (mean) and a scale (sd) > 0"))
            checks.append((uniform & ~(self.minimum < self.maximum),
                           "uniform needs finite minimum < maximum"))
            checks.append((triangular & ~((self.minimum <= self.loc) & (self.loc <= self.maximum)
                                          & (self.minimum < self.maximum)),
                           "triangular needs finite minimum <= loc (mode) <= maximum"))
        for mask, why in checks:
            if mask.any():
                return int(np.flatnonzero(mask)[0]), why
        return None


@dataclass(frozen=True, slots=True)
class _Group:
    """Entries of one distribution kind: where they go in the data array and their parameters."""

    kind: Distribution
    slots: IndexArray
    loc: FloatArray
    scale: FloatArray
    minimum: FloatArray
    maximum: FloatArray
    sign: FloatArray


@dataclass(frozen=True, slots=True)
class SamplingPlan:
    """How to draw the ``data`` array of one sparse matrix: its fixed part and sampled groups.

    ``base`` holds the deterministic data with every sampled entry's contribution removed;
    a draw adds the sampled values at ``slots`` (a plain scatter when ``scatter`` is true,
    that is when no two sampled entries share a slot and no fixed amount shares one with them).
    ``entries`` are the positions of the sampled entries in the exchange table, in the order
    of :attr:`sampled_slots`.
    """

    size: int
    base: FloatArray
    groups: tuple[_Group, ...]
    scatter: bool
    entries: IndexArray
    sampled_slots: IndexArray

    @property
    def count(self) -> int:
        """Number of sampled entries."""
        return int(self.entries.shape[0])


def plan_sampling(
    amounts: FloatArray, slots: IndexArray, size: int, uncertainty: Uncertainty | None,
) -> SamplingPlan:
    """Prepare to sample a matrix whose data entry ``slots[e]`` sums the amounts ``amounts[e]``.

    Parameters
    ----------
    amounts
        Deterministic amounts of the exchanges, in the unit of their matrix.
    slots
        Position in the matrix's ``data`` array of each exchange.
    size
        Length of the matrix's ``data`` array (number of stored entries).
    uncertainty
        Parameters per exchange, or ``None`` for a matrix without uncertainty.
    """
    if uncertainty is None or not uncertainty.sampled.any():
        base = np.bincount(slots, weights=amounts, minlength=size).astype(np.float64)
        empty = np.zeros(0, dtype=np.int64)
        return SamplingPlan(size, base, (), True, empty, empty)
    sampled = uncertainty.sampled
    fixed = ~sampled
    base = np.bincount(slots[fixed], weights=amounts[fixed], minlength=size).astype(np.float64)
    groups = []
    entries_all = []
    for kind in _SAMPLED:
        entries = np.flatnonzero(uncertainty.kind == kind).astype(np.int64)
        if entries.size == 0:
            continue
        entries_all.append(entries)
        groups.append(_Group(
            kind, slots[entries], uncertainty.loc[entries], uncertainty.scale[entries],
            uncertainty.minimum[entries], uncertainty.maximum[entries],
            np.sign(amounts[entries]).astype(np.float64)))
    entries = np.concatenate(entries_all)
    sampled_slots = slots[entries]
    shared_with_fixed = np.isin(sampled_slots, slots[fixed])
    scatter = bool(np.unique(sampled_slots).size == sampled_slots.size
                   and not shared_with_fixed.any())
    return SamplingPlan(size, base, tuple(groups), scatter, entries, sampled_slots)


def _values(group: _Group, rng: np.random.Generator, count: int) -> FloatArray:
    shape = (count, group.slots.shape[0])
    if group.kind is Distribution.LOGNORMAL:
        values = rng.standard_normal(shape)
        values *= group.scale
        values += group.loc
        np.exp(values, out=values)
        values *= group.sign
        return values
    if group.kind is Distribution.NORMAL:
        values = rng.standard_normal(shape)
        values *= group.scale
        values += group.loc
        return values
    if group.kind is Distribution.UNIFORM:
        values = rng.random(shape)
        values *= group.maximum - group.minimum
        values += group.minimum
        return values
    return rng.triangular(group.minimum, group.loc, group.maximum, size=shape)


def draw(
    plan: SamplingPlan, rng: np.random.Generator, count: int, *,
    record: IndexArray | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Draw ``count`` data arrays for a matrix, one per row of the returned block.

    Parameters
    ----------
    plan
        The matrix's sampling plan.
    rng
        The generator to draw from; the draw order (group by group, in code order) is fixed, so a
        seeded generator gives the same block every time.
    count
        Number of draws.
    record
        Positions (within the plan's sampled entries) whose drawn values are also returned, for
        sensitivity analysis.

    Returns
    -------
    block, recorded
        ``(count, plan.size)`` data arrays in the matrix's unit, and ``(count, len(record))``
        drawn values of the recorded entries.
    """
    block = np.empty((count, plan.size))
    block[:] = plan.base
    drawn = [_values(group, rng, count) for group in plan.groups]
    for group, values in zip(plan.groups, drawn, strict=True):
        if plan.scatter:
            block[:, group.slots] = values
        else:
            for row in range(count):
                block[row] += np.bincount(group.slots, weights=values[row], minlength=plan.size)
    recorded = np.zeros((count, 0 if record is None else record.shape[0]))
    if record is not None and record.size:
        offset = 0
        for values in drawn:
            width = values.shape[1]
            here = np.flatnonzero((record >= offset) & (record < offset + width))
            recorded[:, here] = values[:, record[here] - offset]
            offset += width
    return block, recorded


def spread(plan: SamplingPlan) -> FloatArray:
    """Standard deviation of each sampled entry, in the order of ``plan.sampled_slots``.

    >>> u = Uncertainty.of([4], minimum=[0.0], maximum=[12 ** 0.5])
    >>> round(float(spread(plan_sampling(np.array([1.0]), np.array([0]), 1, u))[0]), 12)
    1.0
    """
    parts = []
    for group in plan.groups:
        if group.kind is Distribution.LOGNORMAL:
            variance = np.exp(group.scale ** 2)
            parts.append(np.exp(group.loc) * np.sqrt((variance - 1.0) * variance))
        elif group.kind is Distribution.NORMAL:
            parts.append(group.scale)
        elif group.kind is Distribution.UNIFORM:
            parts.append((group.maximum - group.minimum) / np.sqrt(12.0))
        else:
            a, b, c = group.minimum, group.maximum, group.loc
            parts.append(np.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0))
    return np.concatenate(parts) if parts else np.zeros(0)
