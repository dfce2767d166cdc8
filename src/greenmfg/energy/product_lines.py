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
(kPa) give the altitude correction of the GB 16780-2021 clinker and cement level 3, and
``cement_clinker_ratio`` (fraction) the clinker-ratio correction of the cement levels
(:mod:`greenmfg.energy.limit_corrections`).

Cement (GB 16780-2021) is measured at a cement mill, a site with cement output and no clinker:

- ``section_electricity`` (水泥制备工段电耗): the mill's net purchased electricity per t of cement;
- ``comprehensive_energy`` (水泥单位产品综合能耗), only when the mill gives its
  ``cement_clinker_ratio``: ``r × e_cl + E_mill / Q_cement``, with ``e_cl`` the kgce per t of
  clinker over the enterprise's clinker sites (their whole energy over their ``clinker``
  output) — the clinker's energy carried into the cement plus the mill's own. This split is
  greenmfg's reading of the standard's definition (U: the text was not read); a plant that buys
  its clinker, or records kiln and mill at one site, gets no cement comprehensive-energy line.

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
    grinding_only: bool = False  # only at a site that makes no clinker (a cement mill)


ALTITUDE = ("altitude_m", "pressure_kpa")
# site parameter item → correction condition (limit_corrections.CONDITIONS)
SITE_CONDITIONS = {"site_altitude": "altitude_m", "site_air_pressure": "pressure_kpa",
                   "cement_clinker_ratio": "clinker_ratio"}
ANTHRACITE_SHARES = ("anthracite_quality_lump_share", "anthracite_pulverised_share")


RULES: tuple[LineRule, ...] = (
    LineRule("clinker", "cement_clinker", "comprehensive_energy", "energy", conditions=ALTITUDE),
    LineRule("clinker", "cement_clinker", "comprehensive_electricity", "electricity",
             conditions=ALTITUDE),
    LineRule("cement", "cement", "comprehensive_energy", "cement_energy",
             conditions=("clinker_ratio", *ALTITUDE), grinding_only=True),
    LineRule("cement", "cement_preparation_section", "section_electricity", "electricity",
             grinding_only=True),
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
    clinker_kgce_per_t = _clinker_energy(by_site, year, refdata, fuel_edition)
    for site in sorted(by_site):
        site_records = by_site[site]
        outputs = _outputs(site_records, refdata)
        rules = [rule for rule in RULES if rule.item in outputs
                 and not (rule.grinding_only and "clinker" in outputs)]
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
            output = outputs[rule.item]
            if output <= 0:
                continue
            if rule.numerator == "cement_energy":
                ratio = conditions.get("clinker_ratio")
                if ratio is None or clinker_kgce_per_t is None:
                    continue  # the clinker in the cement has no known energy
                value = ratio * clinker_kgce_per_t + energy_kgce / output
            else:
                numerator = energy_kgce if rule.numerator == "energy" else electricity_kwh
                value = numerator / output
            inputs.append(BenchmarkInput(
                line_id=f"{site}/{rule.item}", product=rule.product, indicator=rule.indicator,
                value=value, output_per_year=output,
                conditions={k: v for k, v in conditions.items() if k in rule.conditions}))
    return inputs


def _outputs(records: Sequence[ActivityRecord], refdata: ReferenceData) -> dict[str, float]:
    """Product outputs of a site (canonical unit)."""
    found: dict[str, list[float]] = defaultdict(list)
    for r in records:
        if refdata.items[r.item].category is ItemCategory.PRODUCT:
            found[r.item].append(r.quantity_canonical)
    return {item: math.fsum(values) for item, values in found.items()}


def _clinker_energy(by_site: dict[str, list[ActivityRecord]], year: int,
                    refdata: ReferenceData, fuel_edition: str) -> float | None:
    """kgce per t of clinker over the enterprise's clinker sites, or None without clinker."""
    energy: list[float] = []
    clinker: list[float] = []
    for site_records in by_site.values():
        made = _outputs(site_records, refdata).get("clinker", 0.0)
        if made > 0:
            clinker.append(made)
            energy.extend(d.tce_calorific * 1000.0
                          for d in energy_drafts(site_records, year, refdata, fuel_edition))
    return math.fsum(energy) / math.fsum(clinker) if clinker else None
