"""GB/T 32150-2015 general method for industrial enterprises: one emission line per
(site, source, item, gas), summed over the records (months) of the year.

Formulas (GB/T 32150-2015, clause 6 and Annex B, as transcribed; see docs/methods.md):

- fuel combustion: ``E = Σ AD × NCV × CC × OF × 44/12``
- carbonate decomposition: ``E = Σ m × EF_stoich``
- process activity with a packaged factor: ``E = Σ AD × EF``
- direct gas release: ``E_gas = Σ m``; CO2e by the chosen GWP set
- purchased / exported electricity: ``E = ± Σ AD_MWh × EF_grid``
- purchased / exported heat: ``E = ± Σ AD_GJ × EF_heat``
- recovered CO2: ``E = − Σ m``

The standard text was not read directly: formulas and defaults come from transcriptions of
GB/T 32150-2015 and the GB/T 32151 family (verification flags travel with every factor).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from greenmfg._internal.numbers import g
from greenmfg.accounting.factors import fuel_parameters, grid_factor
from greenmfg.errors import OptionError
from greenmfg.model import (
    ActivityRecord,
    Category,
    FactorUse,
    InventoryOptions,
    Organisation,
    Scope,
)
from greenmfg.refdata import Item, ItemCategory, ReferenceData

METHOD = "gbt32150"
METHOD_EDITIONS = ("2015",)
CO2_PER_C = 44.0 / 12.0  # molar-mass ratio used by GB/T 32150 (CBAM uses 3.664)

_CATEGORY = {
    ItemCategory.FUEL: (Category.FUEL_COMBUSTION, Scope.SCOPE1, 1.0),
    ItemCategory.CARBONATE: (Category.PROCESS, Scope.SCOPE1, 1.0),
    ItemCategory.PROCESS: (Category.PROCESS, Scope.SCOPE1, 1.0),
    ItemCategory.GAS_RELEASE: (Category.PROCESS, Scope.SCOPE1, 1.0),
    ItemCategory.RECOVERED_CO2: (Category.RECOVERED_CO2, Scope.SCOPE1, -1.0),
    ItemCategory.ELECTRICITY_PURCHASED: (Category.PURCHASED_ELECTRICITY, Scope.SCOPE2, 1.0),
    ItemCategory.ELECTRICITY_EXPORTED: (Category.EXPORTED_ELECTRICITY, Scope.NONE, -1.0),
    ItemCategory.HEAT_PURCHASED: (Category.PURCHASED_HEAT, Scope.SCOPE2, 1.0),
    ItemCategory.HEAT_EXPORTED: (Category.EXPORTED_HEAT, Scope.NONE, -1.0),
}



@dataclass
class LineDraft:
    """An emission line being accumulated over the records of one key."""

    site: str
    source: str
    item: Item
    category: Category
    scope: Scope
    gas: str
    formula: str
    terms_gas_t: list[float] = field(default_factory=list)
    activities: list[float] = field(default_factory=list)
    term_texts: list[str] = field(default_factory=list)
    records: list[ActivityRecord] = field(default_factory=list)
    factors: dict[str, FactorUse] = field(default_factory=dict)

    def add(self, record: ActivityRecord, gas_t: float, text: str,
            factors: Sequence[FactorUse]) -> None:
        self.records.append(record)
        self.activities.append(record.quantity_canonical)
        self.terms_gas_t.append(gas_t)
        self.term_texts.append(text)
        for f in factors:
            self.factors[f.factor_id] = f

    @property
    def gas_t(self) -> float:
        return math.fsum(self.terms_gas_t)


def check_options(options: InventoryOptions, refdata: ReferenceData) -> None:
    if options.method != METHOD or options.method_edition not in METHOD_EDITIONS:
        raise OptionError(
            f"method {options.method} {options.method_edition} is not available; "
            f"use {METHOD} {' | '.join(METHOD_EDITIONS)}",
            f"不支持方法 {options.method} {options.method_edition}",
            expected=f"{METHOD} {'|'.join(METHOD_EDITIONS)}", found=options.method)
    refdata.gwp("CO2", options.gwp_set)  # raises OptionError for an unknown set
    if options.fuel_edition not in refdata.fuel_editions():
        refdata.fuel("natural_gas", options.fuel_edition)  # raises OptionError
    if options.grid_level not in ("provincial", "regional", "national"):
        raise OptionError(
            f"grid level '{options.grid_level}' is not provincial, regional or national",
            f"电网因子层级“{options.grid_level}”应为 provincial、regional 或 national",
            expected="provincial | regional | national", found=options.grid_level)


def draft_lines(org: Organisation, year: int, records: Sequence[ActivityRecord],
                refdata: ReferenceData, options: InventoryOptions) -> list[LineDraft]:
    """Accumulate the emission lines of one organisation-year (records sorted by the caller)."""
    drafts: dict[tuple[str, str, str, str], LineDraft] = {}
    grid: tuple[FactorUse, str] | None = None
    for record in records:
        item = refdata.items[record.item]
        if item.category not in _CATEGORY:
            continue  # products, output value, materials and instruments emit nothing here
        category, scope, sign = _CATEGORY[item.category]
        ad = record.quantity_canonical
        unit = item.canonical_unit
        if item.category is ItemCategory.FUEL:
            p = fuel_parameters(record, item, refdata, options.fuel_edition)
            gas_t = ad * p.ncv_gj_per_unit * p.carbon_content_tc_per_gj * p.oxidation_rate * (
                CO2_PER_C)
            text = (f"{g(ad)} {unit} × {g(p.ncv_gj_per_unit)} GJ/{unit} × "
                    f"{g(p.carbon_content_tc_per_gj)} tC/GJ × {g(p.oxidation_rate)} × 44/12")
            if p.measured:
                text += f" [measured: {', '.join(p.measured)}]"
            factors: list[FactorUse] = [p.default] if p.default else []
            formula = "E = Σ AD × NCV × CC × OF × 44/12"
            gases = [("CO2", gas_t, text)]
        elif record.measured.emission_factor_t_per_unit is not None:
            ef = record.measured.emission_factor_t_per_unit
            factors = []
            formula = "E = Σ AD × EF"
            gases = [(item.gas, ad * ef,
                      f"{g(ad)} {unit} × {g(ef)} t/{unit} [source-specific EF]")]
        elif item.category in (ItemCategory.CARBONATE, ItemCategory.PROCESS):
            if item.category is ItemCategory.CARBONATE:
                row = refdata.carbonate(item.factor_code)
                f = refdata.use("carbonates", row, name=f"{row['formula']} stoichiometric factor",
                                value_column="value_tco2_per_t", unit="tCO2/t")
            else:
                row = refdata.process_factor(item.factor_code)
                f = refdata.use("process_factors", row, name=row["name_en"],
                                value_column="value", unit=row["unit"])
            factors = [f]
            formula = "E = Σ AD × EF"
            gases = [(item.gas, ad * f.value, f"{g(ad)} {unit} × {g(f.value)} {f.unit}")]
        elif item.category in (ItemCategory.GAS_RELEASE, ItemCategory.RECOVERED_CO2):
            factors = []
            formula = "E = Σ m" if sign > 0 else "E = − Σ m"
            gases = [(item.gas, sign * ad, f"{g(ad)} {unit}")]
        elif item.category in (ItemCategory.ELECTRICITY_PURCHASED,
                               ItemCategory.ELECTRICITY_EXPORTED):
            if grid is None:
                grid = grid_factor(org, year, refdata, level=options.grid_level)
            f = grid[0]
            factors = [f]
            formula = "E = Σ AD × EF_grid" if sign > 0 else "E = − Σ AD × EF_grid"
            gases = [("CO2", sign * ad * f.value, f"{g(ad)} MWh × {g(f.value)} tCO2/MWh")]
        else:  # heat
            row = refdata.heat_co2()
            f = refdata.use("heat_co2", row, name="heat CO2 factor",
                            value_column="value_tco2_per_gj", unit="tCO2/GJ")
            factors = [f]
            formula = "E = Σ AD × EF_heat" if sign > 0 else "E = − Σ AD × EF_heat"
            gases = [("CO2", sign * ad * f.value, f"{g(ad)} GJ × {g(f.value)} tCO2/GJ")]
        for gas, gas_t, text in gases:
            key = (record.site, record.source, item.code, gas)
            draft = drafts.get(key)
            if draft is None:
                draft = drafts[key] = LineDraft(record.site, record.source, item, category,
                                                scope, gas, formula)
            draft.add(record, gas_t, text, factors)
    return [drafts[k] for k in sorted(drafts)]


def filled_formula(draft: LineDraft, gwp: float) -> str:
    """The formula with the numbers of every term filled in, then the CO2e conversion."""
    terms = " + ".join(f"({t})" if len(draft.term_texts) > 1 else t for t in draft.term_texts)
    sign = "−" if draft.formula.startswith("E = −") else ""
    total = draft.gas_t
    text = f"E_{draft.gas} = {sign}{'[' + terms + ']' if sign else terms} = {g(total)} t {draft.gas}"
    if draft.gas != "CO2" or gwp != 1.0:
        text += f"; CO2e = {g(total)} t × GWP {g(gwp)} = {g(total * gwp)} tCO2e"
    return text


def monthly(draft: LineDraft, gwp: float) -> dict[str, float]:
    """CO2e by period of the records (months, or the year for annual records)."""
    buckets: dict[str, list[float]] = defaultdict(list)
    for record, gas_t in zip(draft.records, draft.terms_gas_t, strict=True):
        buckets[record.period].append(gas_t * gwp)
    return {period: math.fsum(v) for period, v in sorted(buckets.items())}
