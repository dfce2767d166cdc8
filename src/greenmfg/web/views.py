"""What each page shows, prepared from the dashboard summaries: formatted cells and complete
ECharts option objects. Templates only place these; the page script only hands the options to
ECharts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from greenmfg.dashboard import EnterpriseSummary, OrgTotal, ParkSummary, RegionSummary
from greenmfg.i18n import Lang, label
from greenmfg.web.texts import text

_PALETTE = (
    "#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4",
    "#ea7ccc", "#2f4554", "#c23531", "#61a0a8", "#d48265", "#749f83", "#ca8622", "#6e7074",
)


_GREEN, _GREY = "#3ba272", "#9aa5b1"
_BAR_MAX_WIDTH = 40


def fmt(value: float, decimals: int = 1) -> str:
    """``1,234.5``: thousands separators, fixed decimals.

    >>> fmt(1234567.891)
    '1,234,567.9'
    """
    return f"{value:,.{decimals}f}"


def fmt_share(share: float | None, lang: Lang) -> str:
    """A share as a percentage, or a dash when it is not defined.

    >>> fmt_share(0.4642857, Lang.EN)
    '46.4 %'
    >>> fmt_share(None, Lang.EN)
    '—'
    """
    return text("not_applicable", lang) if share is None else f"{share * 100:.1f} %"


def _round(value: float) -> float:
    return round(value, 3)


def _axis_chart(categories: Sequence[str], y_name: str, *, horizontal: bool = False
                ) -> dict[str, Any]:
    category_axis: dict[str, Any] = {"type": "category", "data": list(categories)}
    value_axis: dict[str, Any] = {"type": "value", "name": y_name,
                                  "axisLabel": {"hideOverlap": True}}
    if horizontal:  # the unit is in the chart's title; a name at the axis end is cut off
        category_axis["inverse"] = True
        del value_axis["name"]
    return {
        "animation": False,
        "color": list(_PALETTE),
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "top": 0},
        "grid": {"left": 16, "right": 32, "top": 48, "bottom": 16, "containLabel": True},
        "xAxis": value_axis if horizontal else category_axis,
        "yAxis": category_axis if horizontal else value_axis,
        "series": [],
    }


def _pie(name: str, data: Sequence[tuple[str, float]],
         colours: Sequence[str] = _PALETTE) -> dict[str, Any]:
    return {
        "animation": False,
        "color": list(colours),
        "tooltip": {"trigger": "item", "formatter": "{b}: {c} ({d}%)"},
        "legend": {"type": "scroll", "top": 0},
        "series": [{"name": name, "type": "pie", "radius": ["35%", "65%"], "top": 32,
                    "data": [{"name": n, "value": _round(v)} for n, v in data]}],
    }


def _headline(pairs: Sequence[tuple[str, str]], lang: Lang) -> list[dict[str, str]]:
    return [{"label": text(key, lang), "value": value} for key, value in pairs]


def enterprise_view(summary: EnterpriseSummary, lang: Lang) -> dict[str, Any]:
    """Headline figures, intensities and three charts (by source, by month, by carrier)."""
    sources = [f"{s.site} · {s.source}" for s in summary.by_source]
    by_source = _axis_chart(sources, "tCO2e", horizontal=True)
    by_source["series"] = [{"name": text("total_co2e", lang), "type": "bar", "barMaxWidth": _BAR_MAX_WIDTH,
                            "data": [_round(s.co2e_t) for s in summary.by_source]}]
    by_month = _axis_chart([m.month for m in summary.by_month], "tCO2e")
    by_month["series"] = [{"name": text("total_co2e", lang), "type": "bar", "barMaxWidth": _BAR_MAX_WIDTH,
                           "data": [_round(m.co2e_t) for m in summary.by_month]}]
    carriers = _pie(text("by_carrier", lang), [
        (c.name_zh if lang is Lang.ZH else c.name_en, c.tce_calorific)
        for c in summary.energy_by_carrier if c.tce_calorific > 0])
    return {
        "headline": _headline([
            ("total_co2e", fmt(summary.co2e_t)), ("scope1_t", fmt(summary.scope1_co2e_t)),
            ("scope2_location_t", fmt(summary.scope2_location_co2e_t)),
            ("scope2_market_t", fmt(summary.scope2_market_co2e_t)),
            ("energy_tce", fmt(summary.energy_tce_calorific)),
            ("energy_coal_tce", fmt(summary.energy_tce_coal_equivalent)),
            ("electricity_mwh", fmt(summary.electricity_mwh)),
            ("green_share", fmt_share(summary.green_power_share, lang)),
        ], lang),
        "intensities": [f"{fmt(i.value, 4)} {i.unit} ({label(i.denominator, lang)})"
                        for i in summary.intensities],
        "has_data": bool(summary.by_source or summary.energy_by_carrier),
        "charts": [
            {"id": "chart-by-month", "title": text("by_month", lang), "option": by_month},
            {"id": "chart-by-source", "title": text("by_source", lang), "option": by_source},
            {"id": "chart-by-carrier", "title": text("by_carrier", lang), "option": carriers},
        ],
    }


def _rows(rows: Sequence[OrgTotal], lang: Lang) -> list[dict[str, Any]]:
    return [{"rank": r.rank, "org": r.org, "name": r.org_name, "kind": r.kind.value,
             "kind_text": text(f"kind_{r.kind.value}", lang),
             "cells": [fmt(r.co2e_t), fmt(r.energy_tce_calorific), fmt(r.electricity_mwh),
                       fmt_share(r.green_power_share, lang)]} for r in rows]


def park_view(summary: ParkSummary, lang: Lang) -> dict[str, Any]:
    """Headline figures, the ranking table and chart, and the park's electricity split."""
    ranking = _axis_chart([e.org_name for e in summary.enterprises], "tCO2e", horizontal=True)
    ranking["series"] = [{"name": text("total_co2e", lang), "type": "bar", "barMaxWidth": _BAR_MAX_WIDTH,
                          "data": [_round(e.co2e_t) for e in summary.enterprises]}]
    split = _pie(text("green_vs_grid", lang), [
        (text("green_part", lang), summary.green_electricity_mwh),
        (text("other_part", lang), summary.electricity_mwh - summary.green_electricity_mwh)],
        colours=(_GREEN, _GREY))
    return {
        "headline": _headline([
            ("total_co2e", fmt(summary.co2e_t)), ("energy_tce", fmt(summary.energy_tce_calorific)),
            ("electricity_mwh", fmt(summary.electricity_mwh)),
            ("green_mwh", fmt(summary.green_electricity_mwh)),
            ("green_share", fmt_share(summary.green_power_share, lang)),
        ], lang),
        "rows": _rows(summary.enterprises, lang),
        "has_data": summary.co2e_t > 0 or summary.electricity_mwh > 0,
        "charts": [
            {"id": "chart-ranking", "title": text("ranking", lang), "option": ranking},
            {"id": "chart-green", "title": text("green_vs_grid", lang), "option": split},
        ],
    }


def region_view(summary: RegionSummary, lang: Lang) -> dict[str, Any]:
    """The trend chart (emissions bars, energy line on a second axis) and the children table."""
    years = [str(t.year) for t in summary.trend]
    trend = _axis_chart(years, "tCO2e")
    trend["yAxis"] = [{"type": "value", "name": "tCO2e"}, {"type": "value", "name": "tce"}]
    trend["series"] = [
        {"name": text("total_co2e", lang), "type": "bar", "barMaxWidth": _BAR_MAX_WIDTH,
         "data": [_round(t.co2e_t) for t in summary.trend]},
        {"name": text("energy_tce", lang), "type": "line", "yAxisIndex": 1,
         "data": [_round(t.energy_tce_calorific) for t in summary.trend]},
    ]
    children = _axis_chart([c.org_name for c in summary.children], "tCO2e", horizontal=True)
    children["series"] = [{"name": text("total_co2e", lang), "type": "bar", "barMaxWidth": _BAR_MAX_WIDTH,
                           "data": [_round(c.co2e_t) for c in summary.children]}]
    return {
        "trend_rows": [{"year": t.year, "cells": [
            str(t.enterprises), fmt(t.co2e_t), fmt(t.energy_tce_calorific),
            fmt_share(t.green_power_share, lang)]} for t in summary.trend],
        "rows": _rows(summary.children, lang),
        "has_data": bool(summary.trend),
        "charts": [
            {"id": "chart-trend", "title": text("trend", lang), "option": trend},
            {"id": "chart-children", "title": f"{text('children', lang)} {summary.year}",
             "option": children},
        ],
    }
