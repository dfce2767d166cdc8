"""Product lines from activity data: the indicator values that benchmarking compares.

A product line is the site where a product's output is recorded. Its indicator is computed
over that site's records for the year:

- ``energy``: comprehensive energy at the calorific value (GB/T 2589-2020), kgce per unit of
  output;
- ``electricity``: purchased electricity minus exported electricity, kWh per unit of output.

Ammonia (GB 21344-2023) and methanol (GB 29436-2023) are limited by feedstock route: a site's
route is its main feedstock, the ``feedstock_*`` item with the most energy in the year (natural
gas, bituminous coal — ammonia's pulverised-coal class includes bituminous coal —, lignite,
anthracite and coke-oven gas for methanol). Ammonia from anthracite is not classed: the standard
splits it by lump quality, which activity data does not record. A site that makes both ammonia
and methanol (联醇) has each product measured against the whole site's energy, which overstates
both: record them at separate sites.

The boundary "the whole site" is what greenmfg can know from activity data. The GB limit
standards define finer boundaries (for example, GB 16780-2021 counts clinker from raw-material
preparation to the clinker silo). Each line says which boundary was used, and the limit
standard's correction factors are flagged by the benchmark engine, not applied here.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from greenmfg.energy.consumption import EnergyDraft, energy_drafts
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


RULES: tuple[LineRule, ...] = (
    LineRule("clinker", "cement_clinker", "comprehensive_energy", "energy"),
    LineRule("clinker", "cement_clinker", "comprehensive_electricity", "electricity"),
    LineRule("primary_aluminium", "primary_aluminium_liquid", "ac_electricity", "electricity"),
    LineRule("ammonia", "ammonia_natural_gas", "comprehensive_energy", "energy",
             "feedstock_natural_gas"),
    LineRule("ammonia", "ammonia_pulverised_coal", "comprehensive_energy", "energy",
             "feedstock_bituminous_coal"),
    LineRule("ammonia", "ammonia_lignite", "comprehensive_energy", "energy", "feedstock_lignite"),
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
                value=numerator / output, output_per_year=output))
    return inputs
