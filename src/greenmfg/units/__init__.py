"""The one pint registry of greenmfg and the Chinese unit-label table.

Nothing else in greenmfg creates a registry. CO2-equivalent has its own dimension; standard coal
(tce, kgce) is an energy; ``wan_`` units are the Chinese 万 (10^4) multiples.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pint

from greenmfg.errors import Location, UnitError

__all__ = ["Unit", "convert", "display", "normalise_label", "parse_unit", "registry"]

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@cache
def registry() -> pint.UnitRegistry[float]:
    """Return the process-wide registry, built on first use from the packaged definitions."""
    ureg: pint.UnitRegistry[float] = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    with resources.as_file(resources.files(__package__) / "definitions.txt") as path:
        ureg.load_definitions(str(path))
    return ureg


@cache
def _label_table() -> dict[str, str]:
    text = (resources.files(__package__) / "labels.csv").read_text(encoding="utf-8")
    return {row["label"]: row["pint_unit"] for row in csv.DictReader(text.splitlines())}


def normalise_label(label: str) -> str:
    """Normalise a unit label as typed in Excel: full-width forms, superscripts, spaces.

    >>> normalise_label(" 万Nm³ ")
    '万Nm3'
    >>> normalise_label("10⁴ Nm³")
    '10^4Nm3'
    """
    text = label.strip()
    text = re.sub(r"10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", lambda m: "10^" + m.group(1).translate(_SUPERSCRIPTS), text)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("·", "*").replace("×", "*").replace(" ", "")
    return text.replace("**", "^")


@dataclass(frozen=True, slots=True)
class Unit:
    """A parsed unit: the label as the user wrote it and the pint unit it means."""

    label: str
    pint_unit: Any  # a pint unit of the greenmfg registry
    multiplier: float = 1.0

    def to(self, target: str, value: float) -> float:
        """Convert ``value`` in this unit to ``target`` (a label or pint unit expression)."""
        goal = parse_unit(target)
        q = registry().Quantity(value * self.multiplier, self.pint_unit)
        return float(q.to(goal.pint_unit).magnitude) / goal.multiplier


def _parse_side(text: str) -> tuple[float, Any]:
    ureg = registry()
    mapped = _label_table().get(text, text)
    q = ureg.Quantity(mapped.replace("^", "**")) if mapped else ureg.Quantity(1)
    return float(q.magnitude), q.units


def parse_unit(label: str, *, location: Location | None = None) -> Unit:
    """Parse a unit label (Chinese or pint syntax, ``a/b`` allowed) into a :class:`Unit`.

    Raises
    ------
    UnitError
        If the label is empty or names no known unit; the error carries ``location``.

    >>> parse_unit("万kWh").to("MWh", 1.0)
    10.0
    """
    try:
        return _parse(label)
    except UnitError as exc:
        if location is None:
            raise
        raise UnitError(exc.message_en, exc.message_zh, location=location,
                        expected=exc.expected, found=exc.found) from exc


@cache
def _parse(label: str) -> Unit:
    text = normalise_label(label)
    if not text:
        raise UnitError(
            "the unit is empty; write one such as t, 万kWh, GJ or 10^4 Nm3",
            "单位为空；请填写如 t、万kWh、GJ 或 10^4 Nm3 的单位",
            expected="a unit", found="",
        )
    try:
        if text in _label_table() or "/" not in text:
            factor, unit = _parse_side(text)
        else:
            num, den = text.split("/", 1)
            f_num, u_num = _parse_side(num)
            f_den, u_den = _parse_side(den)
            factor, unit = f_num / f_den, u_num / u_den
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError) as exc:
        raise UnitError(
            f"unknown unit '{label}'; use a unit such as t, kg, 万kWh, MWh, GJ, 10^4 Nm3 "
            "(see `greenmfg items` for each item's unit)",
            f"无法识别的单位“{label}”；请使用 t、kg、万kWh、MWh、GJ、10^4 Nm3 等单位"
            "（`greenmfg items` 列出每个品种的单位）",
            expected="a known unit", found=label,
        ) from exc
    return Unit(label=label, pint_unit=unit, multiplier=factor)


@cache
def _factor(label: str, target: str) -> float:
    """Multiplier from ``label`` to ``target``; cached because imports convert row by row."""
    return parse_unit(label).to(target, 1.0)


def convert(value: float, label: str, target: str, *, location: Location | None = None) -> float:
    """Convert ``value`` given in unit ``label`` to ``target``; raise if the dimensions differ.

    >>> convert(2.0, "万吨", "t")
    20000.0
    >>> round(convert(1.0, "tce", "GJ"), 4)
    29.3076
    """
    unit = parse_unit(label, location=location)
    try:
        return value * _factor(label, target)
    except pint.errors.DimensionalityError as exc:
        target_dim = parse_unit(target).pint_unit.dimensionality
        raise UnitError(
            f"unit '{label}' is a {unit.pint_unit.dimensionality} but {target} "
            f"({target_dim}) was expected",
            f"单位“{label}”的量纲为 {unit.pint_unit.dimensionality}，应为与 {target} 相同的量纲",
            location=location, expected=target, found=label,
        ) from exc


_DISPLAY = {
    "wan_Nm3": "10^4 Nm³",
    "wan_kWh": "10^4 kWh",
    "wan_CNY": "10^4 CNY",
    "pcs": "pcs",
}


def display(canonical: str) -> str:
    """The label shown to users for a canonical unit expression.

    >>> display("tce/wan_CNY")
    'tce/10^4 CNY'
    """
    return re.sub(r"[A-Za-z_0-9]+", lambda m: _DISPLAY.get(m.group(0), m.group(0)), canonical)
