"""Product lines from activity data: the indicator values that benchmarking compares.

A product line is the site where a product's output is recorded. Its indicator is computed
over that site's records for the year:

- ``energy``: comprehensive energy at the calorific value (GB/T 2589-2020), kgce per unit of
  output;
- ``electricity``: purchased electricity minus exported electricity, kWh per unit of output.

Ammonia (GB 21344-2023) and methanol (GB 29436-2023) are limited by feedstock route: a site's
route is its main feedstock, the ``feedstock_*`` item with the most energy in the year (natural
gas, bituminous coal — ammonia's pulverised-coal class includes bituminous coal —, lignite,
anthracite and coke-oven gas for methanol). Ammonia from anthracite is split by the standard into
quality anthracite lump (优质无烟块煤), other lump and briquettes (非优质无烟块煤、型煤) and
pulverised coal (粉煤, which includes pulverised anthracite): the site's parameters
``anthracite_quality_lump_share`` and ``anthracite_pulverised_share`` (fractions of the
anthracite feedstock; the rest is other lump and briquettes) pick the class with the largest
share. With neither parameter the line is not classed. A mixed feed is classed by its largest
share, which is greenmfg's reading (U: the standard's rule for a mixed feed was not read). A site
that makes both ammonia and methanol (联醇) has each product measured against the whole site's
energy, which overstates both: record them at separate sites.

Site conditions for the limit standards' corrections come from the site's parameter rows of the
year (any source; several rows are averaged): ``site_altitude`` (m) and ``site_air_pressure``
(kPa) give the altitude correction of the GB 16780-2021 clinker level 3
(:mod:`greenmfg.energy.limit_corrections`).

The boundary "the whole site" is what greenmfg can know from activity data. The GB limit
standards define finer boundaries (for example, GB 16780-2021 counts clinker from raw-material
preparation to the clinker silo). Each line says which boundary was used; the benchmark engine
applies the corrections it implements and flags the others.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from greenmfg._internal.numbers import g
from greenmfg.energy.consumption import EnergyDraft, energy_drafts
from greenmfg.errors import InputError
from greenmfg.model import ActivityRecord, BenchmarkInput, Period
from greenmfg.refdata import ItemCategory, ReferenceData


@dataclass(frozen=True, slots=True)
class LineRule:
    """Which limit-standard indicator a catalogue product is measured against, and how."""

    item: str
    product: str
    indicator: str
    numerator: str  # "energy" (kgce) or "electricity" (kWh)
    feedstock: str = ""  # the site's main feedstock item this rule needs ("": any)
    conditions: tuple[str, ...] = ()  # correction conditions the rule's standard takes
    anthracite: str = ""  # for anthracite ammonia: "quality_lump", "pulverised" or "other"


ALTITUDE = ("altitude_m", "pressure_kpa")
# site parameter item → correction condition (limit_corrections.CONDITIONS)
SITE_CONDITIONS = {"site_altitude": "altitude_m", "site_air_pressure": "pressure_kpa"}
ANTHRACITE_SHARES = ("anthracite_quality_lump_share", "anthracite_pulverised_share")


RULES: tuple[LineRule, ...] = (
    LineRule("clinker", "cement_clinker", "comprehensive_energy", "energy", conditions=ALTITUDE),
    LineRule("clinker", "cement_clinker", "comprehensive_electricity", "electricity",
             conditions=ALTITUDE),
    LineRule("primary_aluminium", "primary_aluminium_liquid", "ac_electricity", "electricity"),
    LineRule("ammonia", "ammonia_natural_gas", "comprehensive_energy", "energy",
             "feedstock_natural_gas"),
    LineRule("ammonia", "ammonia_pulverised_coal", "comprehensive_energy", "energy",
             "feedstock_bituminous_coal"),
    LineRule("ammonia", "ammonia_lignite", "comprehensive_energy", "energy", "feedstock_lignite"),
    LineRule("ammonia", "ammonia_quality_anthracite_lump", "comprehensive_energy", "energy",
             "feedstock_anthracite", anthracite="quality_lump"),
    LineRule("ammonia", "ammonia_pulverised_coal", "comprehensive_energy", "energy",
             "feedstock_anthracite", anthracite="pulverised"),
    LineRule("ammonia", "ammonia_other_anthracite_lump_briquette", "comprehensive_energy",
             "energy", "feedstock_anthracite", anthracite="other"),
    LineRule("methanol", "methanol_natural_gas", "comprehensive_energy", "energy",
             "feedstock_natural_gas"),
    LineRule("methanol", "methanol_bituminous_coal", "comprehensive_energy", "energy",
             "feedstock_bituminous_coal"),
    LineRule("methanol", "methanol_lignite", "comprehensive_energy", "energy",
             "feedstock_lignite"),
    LineRule("methanol", "methanol_anthracite", "comprehensive_energy", "energy",
             "feedstock_anthracite"),
    LineRule("methanol", "methanol_coke_oven_gas", "comprehensive_energy", "energy",
             "feedstock_coke_oven_gas"),
)
FEEDSTOCKS = frozenset(rule.feedstock for rule in RULES if rule.feedstock)


def main_feedstock(drafts: Sequence[EnergyDraft]) -> str:
    """The feedstock item with the most energy (calorific tce) at a site, or "" if none.

    Ties go to the item code first in alphabetical order, so the result does not depend on
    the order of the records.
    """
    feeds = [(-d.tce_calorific, d.item.code) for d in drafts
             if d.item.code in FEEDSTOCKS and d.tce_calorific > 0]
    return min(feeds)[1] if feeds else ""


def _site_parameter(records: Sequence[ActivityRecord], item: str) -> float | None:
    """The mean of a site's rows of parameter ``item`` (any source), or None."""
    values = [r.quantity_canonical for r in records if r.item == item]
    return math.fsum(values) / len(values) if values else None


def site_conditions(records: Sequence[ActivityRecord]) -> dict[str, float]:
    """Correction conditions of a site from its parameter rows (see the module docstring)."""
    found = {condition: _site_parameter(records, item)
             for item, condition in SITE_CONDITIONS.items()}
    return {k: v for k, v in found.items() if v is not None}


def anthracite_class(records: Sequence[ActivityRecord], site: str) -> str:
    """The GB 21344-2023 anthracite class of an ammonia site, "" when no share is given.

    Raises
    ------
    InputError
        If the quality-lump and pulverised shares add up to more than 1.
    """
    lump, powder = (_site_parameter(records, item) for item in ANTHRACITE_SHARES)
    if lump is None and powder is None:
        return ""
    lump, powder = lump or 0.0, powder or 0.0
    if lump + powder > 1.0 + 1e-12:
        raise InputError(
            f"site '{site}': anthracite_quality_lump_share {g(lump)} + "
            f"anthracite_pulverised_share {g(powder)} is above 1 (the whole anthracite feed)",
            f"场所“{site}”：优质无烟块煤比例 {g(lump)} + 无烟粉煤比例 {g(powder)} 大于 1（全部原料无烟煤）",
            expected="shares adding up to 1 or less", found=g(lump + powder))
    shares = {"quality_lump": lump, "pulverised": powder, "other": 1.0 - lump - powder}
    return max(shares, key=lambda k: (shares[k], k))


def product_line_inputs(records: Sequence[ActivityRecord], year: int, refdata: ReferenceData,
                        fuel_edition: str = "gbt32150-2015") -> list[BenchmarkInput]:
    """One benchmark input per (site, product rule) with output in ``year``.

    Parameters
    ----------
    records
        Activity records of one enterprise (any years; only ``year`` is used).
    year
        Calendar year.
    refdata
        Packaged reference data (item catalogue, GB/T 2589 coefficients).
    fuel_edition
        Edition of the fuel defaults used where a fuel has no reference coefficient.

    Returns
    -------
    Inputs with ``value`` in kgce or kWh per unit of output and ``output_per_year`` in the
    product's unit; ``line_id`` is ``site/product``.
    """
    by_site: dict[str, list[ActivityRecord]] = defaultdict(list)
    for r in records:
        if Period.parse(r.period).year == year:
            by_site[r.site].append(r)
    inputs = []
    for site in sorted(by_site):
        site_records = by_site[site]
        outputs: dict[str, list[float]] = defaultdict(list)
        for r in site_records:
            if refdata.items[r.item].category is ItemCategory.PRODUCT:
                outputs[r.item].append(r.quantity_canonical)
        rules = [rule for rule in RULES if rule.item in outputs]
        if not rules:
            continue
        drafts = energy_drafts(site_records, year, refdata, fuel_edition)
        feedstock = main_feedstock(drafts)
        rules = [rule for rule in rules if rule.feedstock in ("", feedstock)]
        if any(rule.anthracite for rule in rules):
            grade = anthracite_class(site_records, site)
            rules = [rule for rule in rules if rule.anthracite in ("", grade)]
        conditions = site_conditions(site_records)
        energy_kgce = math.fsum(d.tce_calorific for d in drafts) * 1000.0
        electricity_kwh = math.fsum(
            d.quantity for d in drafts
            if d.item.category in (ItemCategory.ELECTRICITY_PURCHASED,
                                   ItemCategory.ELECTRICITY_EXPORTED)) * 1000.0
        for rule in rules:
            output = math.fsum(outputs[rule.item])
            if output <= 0:
                continue
            numerator = energy_kgce if rule.numerator == "energy" else electricity_kwh
            inputs.append(BenchmarkInput(
                line_id=f"{site}/{rule.item}", product=rule.product, indicator=rule.indicator,
                value=numerator / output, output_per_year=output,
                conditions={k: v for k, v in conditions.items() if k in rule.conditions}))
    return inputs
