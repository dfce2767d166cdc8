"""Correction factors of the energy-consumption limit standards, applied to the levels.

Some limit standards set their levels for reference conditions and correct the levels (not the
plant's value) for the conditions of the line. The corrections implemented here, with the
condition names a :class:`~greenmfg.model.BenchmarkInput` carries in ``conditions``:

- **GB 16780-2021, cement** (水泥单位产品综合能耗, levels for 75 % clinker):
  ``L_n = L_n,75 + (100 × clinker_ratio − 75) × c_n``, ``c`` = 1.10 / 1.15 / 1.20 kgce/t per
  percentage point for levels 1 / 2 / 3.
- **GB 16780-2021, cement and clinker, altitude** (all clinker indicators and cement): above
  1 500 m, level 3 only is multiplied by ``K = 1.179 − 0.211 × P / 101.325`` with ``P`` the
  site's atmospheric pressure in kPa (``altitude_m``, ``pressure_kpa``); at or below 1 500 m,
  ``K = 1``.
- **GB 21256-2025, blast furnace** (高炉工序): every level is raised by
  ``3.61 × min(5, max(0, 62 − 100 × feed_grade))`` kgce/t (iron grade of the burden below
  62 %, at most 5 points; no reduction above 62 %) and by 0.30 / 0.45 / 0.50 kgce/t per
  percentage point of rare-earth ore, vanadium-titanium magnetite and laterite nickel ore in the
  burden; **sinter and pellet** by 0.15 / 0.20 / 1.20 kgce/t per point of the same ores.
- **GB 29140-2024, dual-process soda ash** (联碱法): with sun-dried industrial salt
  (``sun_dried_salt`` = 1) every level is multiplied by 1.18.
- **GB 21342-2025, coke** (top-charged / stamp-charged ovens): every level + fuel
  (8.00 / 12.00 kgce/t × the share of time heated with mixed gas, ``mixed_gas_ratio``) + raw
  coal (the table's volatile-matter correction, interpolated linearly on the dry volatile
  matter ``coal_volatile``, 21–28 % / 25–32 %, plus (total moisture − 10 / 10.5 %) × 3.67 /
  3.71 kgce/t per point, ``coal_moisture``); levels 1 and 3 + oven age (``oven_age_years``:
  0 up to 15 years, 2.50 above 15 up to 25, 5.50 above 25); level 3 + 46.46 kgce/t with wet
  quenching (``wet_quenching`` = 1).

Each term applies when its condition is given; a term whose condition is missing is named in
the notes and the level stays uncorrected for it. Shares are fractions (0.78 for 78 %).

Sources: the GB 16780 and GB 21256 formulas are as transcribed, with clause and table, in the
same public file the packaged levels come from (a benchmarking tool's builder script encoding
the standards' texts, stored file id 71654997680; flag **R**, the standards' texts were not
read; GB 21342-2025 likewise); the GB 29140 factor is the note of
../shared/reference/benchmarks.csv (stored file id 70892045984, R). Not implemented (the value
is compared uncorrected, and the line says so): the corrections of GB 21340 flat glass,
GB 21252 ceramics, GB 29445 coal mining, GB 31825 paper, and the converter and
electric-arc-furnace corrections of GB 21256-2025 (they depend on the steel grade made).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from greenmfg._internal.numbers import g
from greenmfg.errors import InputError, Location
from greenmfg.model import FactorUse

Levels = tuple[float | None, float | None, float]
Row = Mapping[str, str]

_UEBENCH = ("formula as transcribed with clause and table in a public benchmarking tool's "
            "encoding of the standard (stored file id 71654997680); standard text not read")
_SODA = "../shared/reference/benchmarks.csv note (stored file id 70892045984)"


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition of a product line that a correction needs."""

    name_zh: str
    name_en: str
    low: float
    high: float
    unit: str


CONDITIONS: dict[str, Condition] = {
    "clinker_ratio": Condition("水泥中熟料比例", "clinker share of the cement", 0.0, 1.0, "fraction"),
    "altitude_m": Condition("厂区海拔高度", "site altitude", 0.0, 6000.0, "m"),
    "pressure_kpa": Condition("厂区环境大气压", "site atmospheric pressure", 30.0, 110.0, "kPa"),
    "feed_grade": Condition("高炉入炉原料品位", "iron grade of the blast-furnace burden", 0.0, 1.0,
                            "fraction"),
    "rare_earth_ore_share": Condition("稀土矿用量比例", "rare-earth ore share", 0.0, 1.0,
                                      "fraction"),
    "vti_magnetite_share": Condition("钒钛磁铁矿用量比例", "vanadium-titanium magnetite share",
                                     0.0, 1.0, "fraction"),
    "laterite_nickel_ore_share": Condition("红土镍矿用量比例", "laterite nickel ore share", 0.0, 1.0,
                                           "fraction"),
    "sun_dried_salt": Condition("使用日晒工业盐：是 1，否 0", "sun-dried industrial salt: 1 used, "
                                "0 not", 0.0, 1.0, "0/1"),
    "mixed_gas_ratio": Condition("混合煤气加热时间比例", "share of time the ovens are heated with "
                                 "mixed gas", 0.0, 1.0, "fraction"),
    "coal_volatile": Condition("入炉煤干燥基挥发分", "dry volatile matter of the coal charged", 0.0,
                               1.0, "fraction"),
    "coal_moisture": Condition("入炉煤全水分", "total moisture of the coal charged", 0.0, 1.0,
                               "fraction"),
    "oven_age_years": Condition("焦炉炉龄", "coke-oven age", 0.0, 100.0, "years"),
    "wet_quenching": Condition("熄焦方式：湿熄焦 1，干熄焦 0", "quenching: 1 wet, 0 dry", 0.0, 1.0,
                               "0/1"),
}


@dataclass(frozen=True, slots=True)
class Corrected:
    """Levels after the corrections that could be applied, with their working."""

    levels: Levels
    applied: tuple[str, ...]  # one filled formula per term applied
    missing: tuple[str, ...]  # the terms whose condition was not given
    factors: tuple[FactorUse, ...]
    unused: tuple[str, ...]  # conditions given that this standard's corrections do not take


@dataclass
class _Work:
    row: Row
    levels: list[float | None]
    conditions: Mapping[str, float]
    applied: list[str]
    missing: list[str]
    factors: list[FactorUse]
    used: set[str]

    def get(self, name: str) -> float | None:
        self.used.add(name)
        return self.conditions.get(name)

    def need(self, name: str, term: str) -> float | None:
        """A condition's value; when missing, the term is listed as not applied."""
        value = self.get(name)
        if value is None:
            self.missing.append(f"{term} ({name}) / {CONDITIONS[name].name_zh}修正")
        return value

    def use(self, term: str, name: str, value: float, unit: str, source: str) -> None:
        self.factors.append(FactorUse(
            factor_id=f"{self.row['factor_id']}:correction:{term}", dataset="energy_limits",
            edition=self.row["edition"], name=f"{self.row['document']} correction: {name}",
            value=value, unit=unit, document=self.row["document"],
            verification=self.row["verification"], note=source))

    def add(self, term: str, per_level: tuple[float, float, float], amount: float,
            text: str, unit: str = "kgce/t per pct-pt") -> None:
        """Level n += per_level[n] × amount."""
        for n, c in enumerate(per_level):
            level = self.levels[n]
            if level is not None:
                self.levels[n] = level + c * amount
        self.applied.append(text)
        for n, c in enumerate(per_level, start=1):
            self.use(f"{term}:level{n}", f"{term} coefficient, level {n}", c, unit, _UEBENCH)

    def flag(self, name: str) -> bool | None:
        """A 0/1 condition as a bool (None when not given)."""
        value = self.get(name)
        if value is None:
            return None
        if value not in (0.0, 1.0):
            raise InputError(
                f"{name} is {g(value)}; give 1 or 0 ({CONDITIONS[name].name_en})",
                f"{name} 为 {g(value)}；请填 1 或 0（{CONDITIONS[name].name_zh}）",
                location=Location(column=name), expected="0 or 1", found=g(value))
        return value == 1.0

    def scale(self, levels: tuple[int, ...], factor: float, text: str) -> None:
        for n in levels:
            level = self.levels[n - 1]
            if level is not None:
                self.levels[n - 1] = level * factor
        self.applied.append(text)


def _altitude(w: _Work) -> None:
    altitude = w.get("altitude_m")
    if altitude is None:
        w.missing.append("altitude (altitude_m, pressure_kpa) / 海拔修正")
        return
    if altitude <= 1500:
        w.applied.append(f"altitude {g(altitude)} m ≤ 1500 m: K = 1 / 海拔不高于 1500 m，不修正")
        return
    pressure = w.get("pressure_kpa")
    if pressure is None:
        raise InputError(
            f"the site is at {g(altitude)} m: the altitude correction of {w.row['document']} "
            "needs the site's atmospheric pressure — give pressure_kpa",
            f"厂区海拔 {g(altitude)} m：{w.row['document']} 海拔修正须填写厂区环境大气压 pressure_kpa",
            location=Location(column="pressure_kpa"), expected="a pressure in kPa", found="none")
    k = 1.179 - 0.211 * pressure / 101.325
    w.scale((3,), k, f"level 3 × K, K = 1.179 − 0.211 × {g(pressure)} kPa / 101.325 kPa = {g(k)} "
                     f"(altitude {g(altitude)} m > 1500 m) / 3级限额乘海拔修正系数 K = {g(k)}")
    w.use("altitude", "altitude coefficient 1.179 − 0.211 × P/P0", k, "1", _UEBENCH)


def _cement(w: _Work) -> None:
    ratio = w.need("clinker_ratio", "clinker ratio")
    if ratio is not None:
        points = 100.0 * ratio - 75.0
        w.add("clinker_ratio", (1.10, 1.15, 1.20), points,
              f"levels + ({g(100.0 * ratio)} − 75) pct-pt clinker × 1.10 / 1.15 / 1.20 kgce/t "
              f"= {g(1.10 * points)} / {g(1.15 * points)} / {g(1.20 * points)} kgce/t / "
              "熟料比例偏离 75% 每个百分点按 1.10、1.15、1.20 kgce/t 修正")
    _altitude(w)


def _ores(coefficients: tuple[float, float, float]) -> Callable[[_Work], None]:
    def correct(w: _Work) -> None:
        for name, c in zip(("rare_earth_ore_share", "vti_magnetite_share",
                            "laterite_nickel_ore_share"), coefficients, strict=True):
            share = w.need(name, CONDITIONS[name].name_en)
            if share is None:
                continue
            w.add(name, (c, c, c), 100.0 * share,
                  f"levels + {g(100.0 * share)} pct-pt {CONDITIONS[name].name_en} × {g(c)} kgce/t "
                  f"= {g(100.0 * share * c)} kgce/t / {CONDITIONS[name].name_zh}每百分点 {g(c)} kgce/t")
    return correct


def _blast_furnace(w: _Work) -> None:
    grade = w.need("feed_grade", "burden iron grade")
    if grade is not None:
        points = min(5.0, max(0.0, 62.0 - 100.0 * grade))
        w.add("feed_grade", (3.61, 3.61, 3.61), points,
              f"levels + min(5, max(0, 62 − {g(100.0 * grade)})) pct-pt × 3.61 kgce/t = "
              f"{g(3.61 * points)} kgce/t / 入炉品位低于 62% 每百分点加 3.61 kgce/t（最多 5 个百分点）")
    _ores((0.30, 0.45, 0.50))(w)


def _soda_ash(w: _Work) -> None:
    salt = w.flag("sun_dried_salt")
    if salt is None:
        w.missing.append("sun-dried salt (sun_dried_salt) / 日晒工业盐修正")
        return
    if salt:
        w.scale((1, 2, 3), 1.18, "levels × 1.18 (sun-dried industrial salt) / 使用日晒工业盐，限额乘 1.18")
        w.use("sun_dried_salt", "sun-dried industrial salt factor", 1.18, "1", _SODA)
    else:
        w.applied.append("no sun-dried industrial salt: levels unchanged / 未使用日晒工业盐，不修正")


@dataclass(frozen=True, slots=True)
class _Oven:
    """GB 21342-2025 correction constants of one coke-oven type."""

    fuel: float  # kgce/t for heating with mixed gas all the time
    volatile: tuple[tuple[float, float], ...]  # (dry volatile %, kgce/t), table points
    moisture_base: float  # %
    moisture: float  # kgce/t per point of moisture


_TOP = _Oven(8.00, ((21, -8.30), (22, -4.20), (23, 0.0), (24, 4.25), (25, 8.55), (26, 11.00),
                    (27, 14.08), (28, 18.71)), 10.0, 3.67)
_STAMP = _Oven(12.00, ((25, 0.0), (26, 3.20), (27, 6.44), (28, 11.40), (29, 14.65),
                       (30, 17.93), (31, 21.23), (32, 24.50)), 10.5, 3.71)


def interpolate(points: tuple[tuple[float, float], ...], x: float) -> float | None:
    """Linear interpolation in a table of (x, y) points; ``None`` outside the table.

    >>> interpolate(((21, -8.3), (22, -4.2), (23, 0.0)), 21.5), interpolate(((1, 2),), 3)
    (-6.25, None)
    """
    for (x1, y1), (x2, y2) in pairwise(points):
        if x1 <= x <= x2:
            return y1 + (x - x1) * (y2 - y1) / (x2 - x1)
    return points[0][1] if len(points) == 1 and x == points[0][0] else None


def _coke(oven: _Oven) -> Callable[[_Work], None]:
    def correct(w: _Work) -> None:
        ratio = w.need("mixed_gas_ratio", "heating fuel")
        if ratio is not None:
            w.add("mixed_gas_ratio", (oven.fuel,) * 3, ratio,
                  f"levels + {g(oven.fuel)} kgce/t × {g(ratio)} mixed-gas share = "
                  f"{g(oven.fuel * ratio)} kgce/t / 混合煤气按使用时间比例修正", "kgce/t")
        volatile = w.need("coal_volatile", "volatile matter")
        if volatile is not None:
            pct = 100.0 * volatile
            low, high = oven.volatile[0][0], oven.volatile[-1][0]
            value = interpolate(oven.volatile, pct)
            if value is None:
                raise InputError(
                    f"{w.row['document']} {w.row['product_code']}: the dry volatile matter "
                    f"{g(pct)} % is outside the standard's table ({g(low)}–{g(high)} %)",
                    f"{w.row['document']}：入炉煤干燥基挥发分 {g(pct)}% 超出标准表列范围"
                    f"（{g(low)}–{g(high)}%）", location=Location(column="coal_volatile"),
                    expected=f"{g(low)}–{g(high)} %", found=f"{g(pct)} %")
            w.add("coal_volatile", (1.0, 1.0, 1.0), value,
                  f"levels + {g(value)} kgce/t for {g(pct)} % dry volatile matter (table, "
                  "linear between points) / 挥发分修正（表列值线性插值）", "1")
        moisture = w.need("coal_moisture", "moisture")
        if moisture is not None:
            points = 100.0 * moisture - oven.moisture_base
            w.add("coal_moisture", (oven.moisture,) * 3, points,
                  f"levels + ({g(100.0 * moisture)} − {g(oven.moisture_base)}) pct-pt moisture × "
                  f"{g(oven.moisture)} kgce/t = {g(oven.moisture * points)} kgce/t / 水分修正")
        age = w.need("oven_age_years", "oven age")
        if age is not None:
            extra = 0.0 if age <= 15 else 2.50 if age <= 25 else 5.50
            w.add("oven_age", (extra, 0.0, extra), 1.0,
                  f"levels 1 and 3 + {g(extra)} kgce/t for an oven of {g(age)} years (≤ 15: 0, "
                  "≤ 25: 2.50, > 25: 5.50) / 炉龄修正（1级、3级）", "kgce/t")
        wet = w.flag("wet_quenching")
        if wet is None:
            w.missing.append("quenching (wet_quenching) / 熄焦方式修正")
        else:
            w.add("wet_quenching", (0.0, 0.0, 46.46 if wet else 0.0), 1.0,
                  "level 3 + 46.46 kgce/t (wet quenching) / 湿熄焦 3 级限额加 46.46 kgce/t" if wet
                  else "dry quenching: no quenching correction / 干熄焦，不修正", "kgce/t")
    return correct


_RULES: dict[tuple[str, str], Callable[[_Work], None]] = {
    ("gb21342-2025", "coke_top_charged"): _coke(_TOP),
    ("gb21342-2025", "coke_stamp_charged"): _coke(_STAMP),
    ("gb16780-2021", "cement"): _cement,
    ("gb16780-2021", "cement_clinker"): _altitude,
    ("gb21256-2025", "ironmaking_blast_furnace"): _blast_furnace,
    ("gb21256-2025", "ironmaking_sinter"): _ores((0.15, 0.20, 1.20)),
    ("gb21256-2025", "ironmaking_pellet"): _ores((0.15, 0.20, 1.20)),
    ("gb29140-2024", "soda_ash_dual_process_dense"): _soda_ash,
    ("gb29140-2024", "soda_ash_dual_process_light"): _soda_ash,
}


def has_correction(row: Row) -> bool:
    """Whether greenmfg implements the correction of this ``energy_limits`` row."""
    return (row["edition"], row["product_code"]) in _RULES


def check_conditions(conditions: Mapping[str, float]) -> None:
    """Refuse an unknown condition or a value out of its range.

    >>> check_conditions({"clinker_ratio": 0.78, "altitude_m": 1200})
    >>> check_conditions({"clinker_ratio": 78})
    Traceback (most recent call last):
    ...
    greenmfg.errors.InputError: column clinker_ratio: clinker share of the cement is 78, expected ...
    """
    for name, value in sorted(conditions.items()):
        known = CONDITIONS.get(name)
        if known is None:
            raise InputError(
                f"unknown benchmark condition '{name}'; known: {', '.join(sorted(CONDITIONS))}",
                f"未知的对标修正条件“{name}”；可用：{'、'.join(sorted(CONDITIONS))}",
                location=Location(column=name), expected="a known condition", found=name)
        if not math.isfinite(value) or not known.low <= value <= known.high:
            raise InputError(
                f"{known.name_en} is {g(value)}, expected {g(known.low)} to "
                f"{g(known.high)} {known.unit}",
                f"{known.name_zh}为 {g(value)}，应在 {g(known.low)} 至 {g(known.high)} "
                f"{known.unit} 之间", location=Location(column=name),
                expected=f"{g(known.low)}–{g(known.high)} {known.unit}", found=g(value))


def correct_levels(row: Row, levels: Levels, conditions: Mapping[str, float]
                   ) -> Corrected | None:
    """The row's levels corrected for ``conditions``; ``None`` if greenmfg has no such rule.

    Parameters
    ----------
    row
        The ``energy_limits`` row (its edition and product code pick the rule).
    levels
        Levels 1, 2, 3 of the row (level 1 or 2 may be ``None``: not set by the standard).
    conditions
        The line's conditions (see :data:`CONDITIONS`); checked by :func:`check_conditions`.

    Raises
    ------
    InputError
        On an unknown condition, a value out of range, or an altitude above 1 500 m without the
        atmospheric pressure.

    >>> row = {"factor_id": "limit:gb16780-2021:cement:comprehensive_energy",
    ...        "edition": "gb16780-2021", "product_code": "cement", "document": "GB 16780-2021",
    ...        "verification": "R"}
    >>> c = correct_levels(row, (80.0, 87.0, 94.0), {"clinker_ratio": 0.78})
    >>> [round(x, 6) for x in c.levels]
    [83.3, 90.45, 97.6]
    """
    check_conditions(conditions)
    rule = _RULES.get((row["edition"], row["product_code"]))
    if rule is None:
        return None
    work = _Work(row, list(levels), conditions, [], [], [], set())
    rule(work)
    level3 = work.levels[2] or 0.0  # never None: level 3 is always set, only scaled or shifted
    return Corrected(levels=(work.levels[0], work.levels[1], level3), applied=tuple(work.applied),
                     missing=tuple(work.missing), factors=tuple(work.factors),
                     unused=tuple(sorted(set(conditions) - work.used)))
