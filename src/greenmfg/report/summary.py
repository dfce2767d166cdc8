"""Offline HTML summary of a park's inventories: a headline table and ECharts charts.

Everything shown is prepared here as plain dicts and lists: formatted table cells, and complete
ECharts option objects for each language. The template only places them in the page and embeds
them as JSON; its script switches language by swapping labels and option objects, never by
computing. The page loads ``assets/echarts.min.js`` by a relative path and names no network
address, so it can be opened from disk with no connection.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from greenmfg.i18n import Lang, label
from greenmfg.model.results import Category, Inventory

__all__ = ["build_summary_context", "render_park_summary", "write_park_summary"]

ASSET_DIR = "assets"
ECHARTS_FILE = "echarts.min.js"
# Apache-2.0 §4: redistributed copies carry the licence and the NOTICE (plus the bundled
# zrender and d3 licences); they travel next to the script in the assets folder.
_VENDORED_FILES = (
    ECHARTS_FILE,
    "ECHARTS-LICENSE.txt",
    "ECHARTS-NOTICE.txt",
    "ECHARTS-LICENSE-d3.txt",
    "ZRENDER-LICENSE.txt",
)

_LANGS: tuple[Lang, ...] = (Lang.ZH, Lang.EN)
_LABEL_KEYS = (
    "park_summary", "headline", "org", "code", "year", "total_gbt32150", "scope1",
    "scope2_location", "scope2_market", "energy_calorific", "energy_coal_equivalent",
    "intensity", "park_total", "emissions_by_enterprise", "monthly_emissions",
    "energy_by_carrier", "language", "offline_note", "charts_unavailable", "generated_by",
    *(category.value for category in Category),
)


# Sixteen distinguishable colours, so that a dozen energy carriers never share one.
_PALETTE = (
    "#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4",
    "#ea7ccc", "#2f4554", "#c23531", "#61a0a8", "#d48265", "#749f83", "#ca8622", "#6e7074",
)


def _fmt(value: float, decimals: int = 1) -> str:
    """Format a number with thousands separators, e.g. ``1,234,567.8``."""
    return f"{value:,.{decimals}f}"


def _fmt_ratio(value: float) -> str:
    """Format an intensity: fewer decimals for large values, more for small ones."""
    size = abs(value)
    if size >= 100:
        return _fmt(value, 1)
    if size >= 1:
        return _fmt(value, 3)
    return _fmt(value, 4)


def _round(value: float) -> float:
    return round(value, 3)


def _intensity_texts(inventory: Inventory, lang: Lang) -> list[str]:
    """``"1.077 tCO2e/t (clinker)"``: value, unit, and the denominator named in brackets."""
    return [
        f"{_fmt_ratio(i.value)} {i.unit} ({label(i.denominator, lang)})"
        for i in inventory.intensities
    ]


def _table(inventories: Sequence[Inventory]) -> dict[str, Any]:
    """Headline rows, one per inventory, and one park-total row per year (emissions in tCO2e,
    energy in tce)."""
    rows = []
    for inv in sorted(inventories, key=lambda i: (i.year, i.org)):
        rows.append({
            "org": inv.org,
            "org_name": inv.org_name,
            "year": inv.year,
            "cells": [
                _fmt(inv.co2e_t), _fmt(inv.scope1_co2e_t), _fmt(inv.scope2_location_co2e_t),
                _fmt(inv.scope2_market_co2e_t), _fmt(inv.energy_tce_calorific),
                _fmt(inv.energy_tce_coal_equivalent),
            ],
            "intensity": {lang.value: _intensity_texts(inv, lang) for lang in _LANGS},
        })
    totals = []
    for year in sorted({inv.year for inv in inventories}):
        group = [inv for inv in inventories if inv.year == year]
        totals.append({
            "year": year,
            "cells": [
                _fmt(sum(i.co2e_t for i in group)),
                _fmt(sum(i.scope1_co2e_t for i in group)),
                _fmt(sum(i.scope2_location_co2e_t for i in group)),
                _fmt(sum(i.scope2_market_co2e_t for i in group)),
                _fmt(sum(i.energy_tce_calorific for i in group)),
                _fmt(sum(i.energy_tce_coal_equivalent for i in group)),
            ],
        })
    return {"rows": rows, "totals": totals}


def _base_option(x_data: list[str], y_name: str) -> dict[str, Any]:
    return {
        "animation": False,
        "color": list(_PALETTE),
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "top": 0},
        "grid": {"left": 24, "right": 24, "top": 56, "bottom": 24, "containLabel": True},
        "xAxis": {"type": "category", "data": x_data, "axisLabel": {"interval": 0, "rotate": 15}},
        "yAxis": {"type": "value", "name": y_name},
        "series": [],
    }


def _ordered_categories(inventories: Iterable[Inventory]) -> list[str]:
    present = {key for inv in inventories for key in inv.by_category}
    known = [c.value for c in Category if c.value in present]
    return known + sorted(present - set(known))


def _category_option(inventories: Sequence[Inventory], lang: Lang) -> dict[str, Any]:
    """Stacked bars: one bar per enterprise, one stacked series per emission category."""
    group = sorted(inventories, key=lambda i: i.org)
    option = _base_option([inv.org_name for inv in group], "tCO2e")
    option["series"] = [
        {
            "name": label(category, lang),
            "type": "bar",
            "stack": "co2e",
            "emphasis": {"focus": "series"},
            "data": [_round(inv.by_category.get(category, 0.0)) for inv in group],
        }
        for category in _ordered_categories(group)
    ]
    return option


def _monthly_option(inventories: Sequence[Inventory]) -> dict[str, Any]:
    """One line per enterprise over every month present (tCO2e per month).

    Records entered as a year total (period ``YYYY``) have no month and are left off this
    chart; they are in every total of the page.
    """
    months = sorted({month for inv in inventories for month in inv.by_month if len(month) == 7})
    option = _base_option(months, "tCO2e")
    option["xAxis"]["axisLabel"] = {"rotate": 45}
    by_org: dict[str, tuple[str, dict[str, float]]] = {}
    for inv in sorted(inventories, key=lambda i: (i.org, i.year)):
        by_org.setdefault(inv.org, (inv.org_name, {}))[1].update(inv.by_month)
    option["series"] = [
        {
            "name": name,
            "type": "line",
            "showSymbol": True,
            "data": [_round(values[m]) if m in values else None for m in months],
        }
        for name, values in by_org.values()
    ]
    return option


def _energy_option(inventories: Sequence[Inventory], lang: Lang) -> dict[str, Any]:
    """Stacked bars of energy by carrier (tce, calorific) per enterprise and year."""
    group = sorted(inventories, key=lambda i: (i.org, i.year))
    option = _base_option([f"{inv.org_name} {inv.year}" for inv in group], "tce")
    names: dict[str, str] = {}
    for inv in group:
        for line in inv.energy:
            names.setdefault(line.item, line.item_name_zh if lang is Lang.ZH else line.item_name_en)
    series = []
    for item in sorted(names):
        data = []
        for inv in group:
            data.append(_round(sum(e.tce_calorific for e in inv.energy if e.item == item)))
        series.append({"name": names[item], "type": "bar", "stack": "tce", "data": data})
    option["series"] = series
    return option


def build_summary_context(
    title_zh: str, title_en: str, inventories: Sequence[Inventory], lang: str = "zh-CN"
) -> dict[str, Any]:
    """Prepare everything the template shows, as plain, JSON-ready data.

    Parameters
    ----------
    title_zh, title_en
        Page title in Chinese and in English.
    inventories
        Annual inventories, one per enterprise and year (emissions in tCO2e, energy in tce).
    lang
        Language shown first, ``"zh-CN"`` or ``"en"``; both label sets are embedded.

    Returns
    -------
    dict
        ``lang``, ``langs``, ``titles``, ``labels`` (per language), ``table`` (formatted cells),
        ``charts`` (one block per chart), ``echarts_src`` (the relative script path) and
        ``script_data`` (what the page's script reads: labels, titles and the ECharts options
        per language and chart).
    """
    try:
        first = Lang(lang)
    except ValueError as exc:
        raise ValueError(f"lang '{lang}' is not supported: use 'zh-CN' or 'en'") from exc
    years = sorted({inv.year for inv in inventories})
    charts: list[dict[str, Any]] = [
        {"id": f"category-{year}", "title_key": "emissions_by_enterprise", "suffix": str(year)}
        for year in years
    ]
    charts.append({"id": "monthly", "title_key": "monthly_emissions", "suffix": ""})
    charts.append({"id": "energy", "title_key": "energy_by_carrier", "suffix": "(tce)"})
    monthly = _monthly_option(inventories)
    options: dict[str, dict[str, Any]] = {}
    for language in _LANGS:
        per_chart = {
            f"category-{year}": _category_option(
                [inv for inv in inventories if inv.year == year], language)
            for year in years
        }
        per_chart["monthly"] = monthly
        per_chart["energy"] = _energy_option(inventories, language)
        options[language.value] = per_chart
    titles = {Lang.ZH.value: title_zh, Lang.EN.value: title_en}
    labels = {
        language.value: {key: label(key, language) for key in _LABEL_KEYS} for language in _LANGS
    }
    return {
        "lang": first.value,
        "langs": [language.value for language in _LANGS],
        "titles": titles,
        "labels": labels,
        "table": _table(inventories),
        "charts": charts,
        "echarts_src": f"{ASSET_DIR}/{ECHARTS_FILE}",
        "script_data": {
            "lang": first.value,
            "titles": titles,
            "labels": labels,
            "chart_ids": [chart["id"] for chart in charts],
            "options": options,
        },
    }


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("greenmfg.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_park_summary(
    title_zh: str, title_en: str, inventories: Sequence[Inventory], lang: str = "zh-CN"
) -> str:
    """Render the park summary page as HTML text.

    The page loads ``assets/echarts.min.js`` relative to itself (see ``write_park_summary``)
    and contains no network address.

    Parameters
    ----------
    title_zh, title_en
        Page title in Chinese and in English.
    inventories
        Annual inventories, one per enterprise and year (tCO2e, tce).
    lang
        Language shown first, ``"zh-CN"`` or ``"en"``; the page can switch to the other.

    Returns
    -------
    str
        A complete HTML document.
    """
    context = build_summary_context(title_zh, title_en, inventories, lang)
    template = _environment().get_template("park_summary.html.j2")
    return template.render(**context)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)  # mkstemp makes 0600; the page is meant to be shared
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_park_summary(
    out_dir: Path,
    title_zh: str,
    title_en: str,
    inventories: Sequence[Inventory],
    lang: str = "zh-CN",
) -> Path:
    """Write ``index.html`` and ``assets/echarts.min.js`` (with its licences) into ``out_dir``.

    Each file is written to a temporary file in its own folder and moved into place with
    ``os.replace``, so a reader never sees a half-written file.

    Parameters
    ----------
    out_dir
        Folder to write into; created if missing.
    title_zh, title_en, inventories, lang
        As for ``render_park_summary``.

    Returns
    -------
    Path
        The path of ``index.html``.
    """
    html = render_park_summary(title_zh, title_en, inventories, lang)
    assets = out_dir / ASSET_DIR
    assets.mkdir(parents=True, exist_ok=True)
    static = files("greenmfg.report").joinpath("static")
    for name in _VENDORED_FILES:
        _write_atomically(assets / name, static.joinpath(name).read_bytes())
    index = out_dir / "index.html"
    _write_atomically(index, html.encode("utf-8"))
    return index
