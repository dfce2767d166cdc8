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
- alternative (waste) fuels, which have no packaged defaults and need measured NCV, CC and OF:
  the biomass share of their carbon (parameter ``fuel_biomass_fraction`` at the same site and
  source) is left out, ``E = Σ AD × NCV × CC × OF × 44/12 × (1 − BF)``

The standard text was not read directly: formulas and defaults come from transcriptions of
GB/T 32150-2015 and the GB/T 32151 family (verification flags travel with every factor).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from greenmfg._internal.numbers import g
from greenmfg.accounting.factors import fuel_parameters, grid_factor
from greenmfg.accounting.parameters import ParameterTable
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
CO2_PER_C = 44.0 / 12.0  # molar-mass ratio used by GB/T 32150 (CBAM uses 3.664)
BIOMASS_SHARE = "fuel_biomass_fraction"  # parameter: biomass share of an alternative fuel

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



@dataclass(frozen=True, slots=True)
class Term:
    """One term of a line's sum: a period's gas mass, its activity and how it was computed.

    ``records`` are the activity rows the term counts (their quantities make ``activity``);
    ``inputs`` are other rows that entered the term (parameters, deducted materials).
    """

    period: str
    gas_t: float
    activity: float
    text: str
    records: tuple[ActivityRecord, ...]
    inputs: tuple[ActivityRecord, ...] = ()


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
    terms: list[Term] = field(default_factory=list)
    factors: dict[str, FactorUse] = field(default_factory=dict)

    def add(self, record: ActivityRecord, gas_t: float, text: str,
            factors: Sequence[FactorUse], inputs: Sequence[ActivityRecord] = ()) -> None:
        """Add the term of one activity record."""
        self.add_term(Term(record.period, gas_t, record.quantity_canonical, text, (record,),
                           tuple(inputs)), factors)

    def add_term(self, term: Term, factors: Sequence[FactorUse]) -> None:
        self.terms.append(term)
        for f in factors:
            self.factors[f.factor_id] = f

    @property
    def gas_t(self) -> float:
        return math.fsum(t.gas_t for t in self.terms)

    @property
    def activity(self) -> float:
        return math.fsum(t.activity for t in self.terms)

    @property
    def records(self) -> list[ActivityRecord]:
        """Every record behind the line: activity rows first, then other inputs, each once."""
        seen: dict[str, ActivityRecord] = {}
        for t in self.terms:
            for r in t.records:
                seen.setdefault(r.record_id, r)
        for t in self.terms:
            for r in t.inputs:
                seen.setdefault(r.record_id, r)
        return list(seen.values())


def check_options(options: InventoryOptions, refdata: ReferenceData) -> None:
    """Options every method shares: a known GWP set, fuel edition and grid level."""
    refdata.gwp("CO2", options.gwp_set)  # raises OptionError for an unknown set
    if options.fuel_edition not in refdata.fuel_editions():
        refdata.fuel("natural_gas", options.fuel_edition)  # raises OptionError
    if options.grid_level not in ("provincial", "regional", "national"):
        raise OptionError(
            f"grid level '{options.grid_level}' is not provincial, regional or national",
            f"电网因子层级“{options.grid_level}”应为 provincial、regional 或 national",
            expected="provincial | regional | national", found=options.grid_level)


def draft_lines(org: Organisation, year: int, records: Sequence[ActivityRecord],
                refdata: ReferenceData, options: InventoryOptions, *,
                electricity_factor: FactorUse | None = None,
                parameters: ParameterTable | None = None,
                carbon_defaults: Mapping[str, FactorUse] | None = None) -> list[LineDraft]:
    """Accumulate the emission lines of one organisation-year (records sorted by the caller).

    Parameters
    ----------
    electricity_factor
        The electricity CO2 factor (tCO2/MWh) a method prescribes (the national-ETS default);
        None: the MEE/NBS factor of ``options.grid_level`` for the organisation's area.
    parameters
        Parameter rows of the organisation-year (the biomass share of alternative fuels).
    carbon_defaults
        Default carbon contents (tC/GJ) a method prescribes for some fuel items, by item code,
        used where no carbon content was measured.
    """
    drafts: dict[tuple[str, str, str, str], LineDraft] = {}
    grid = electricity_factor
    parameters = parameters or ParameterTable(records, refdata)
    for record in records:
        item = refdata.items[record.item]
        if item.category not in _CATEGORY:
            continue  # products, output value, materials and instruments emit nothing here
        category, scope, sign = _CATEGORY[item.category]
        ad = record.quantity_canonical
        unit = item.canonical_unit
        inputs: list[ActivityRecord] = []
        if item.category is ItemCategory.FUEL:
            carbon_default = (carbon_defaults or {}).get(item.code)
            p = fuel_parameters(record, item, refdata, options.fuel_edition,
                                carbon_default=carbon_default)
            gas_t = ad * p.ncv_gj_per_unit * p.carbon_content_tc_per_gj * p.oxidation_rate * (
                CO2_PER_C)
            text = (f"{g(ad)} {unit} × {g(p.ncv_gj_per_unit)} GJ/{unit} × "
                    f"{g(p.carbon_content_tc_per_gj)} tC/GJ × {g(p.oxidation_rate)} × 44/12")
            formula = "E = Σ AD × NCV × CC × OF × 44/12"
            if not refdata.has_fuel_defaults(item.fuel_code):  # an alternative (waste) fuel
                share = parameters.find(record, BIOMASS_SHARE)
                biomass = share.quantity_canonical if share else 0.0
                gas_t *= 1.0 - biomass
                text += f" × (1 − {g(biomass)} biomass share{'' if share else ' [none given]'})"
                formula = "E = Σ AD × NCV × CC × OF × 44/12 × (1 − BF)"
                inputs = [share] if share else []
            if p.measured:
                text += f" [measured: {', '.join(p.measured)}]"
            factors: list[FactorUse] = [p.default] if p.default else []
            if carbon_default is not None and "carbon_content" not in p.measured:
                factors.append(carbon_default)
                text += " [CC: method default]"
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
                grid = grid_factor(org, year, refdata, level=options.grid_level)[0]
            f = grid
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
            draft.add(record, gas_t, text, factors, inputs)
    return [drafts[k] for k in sorted(drafts)]


def filled_formula(draft: LineDraft, gwp: float) -> str:
    """The formula with the numbers of every term filled in, then the CO2e conversion."""
    texts = [t.text for t in draft.terms]
    terms = " + ".join(f"({t})" if len(texts) > 1 else t for t in texts)
    sign = "−" if draft.formula.startswith("E = −") else ""
    total = draft.gas_t
    text = f"E_{draft.gas} = {sign}{'[' + terms + ']' if sign else terms} = {g(total)} t {draft.gas}"
    if draft.gas != "CO2" or gwp != 1.0:
        text += f"; CO2e = {g(total)} t × GWP {g(gwp)} = {g(total * gwp)} tCO2e"
    return text


def monthly(draft: LineDraft, gwp: float) -> dict[str, float]:
    """CO2e by period of the records (months, or the year for annual records)."""
    buckets: dict[str, list[float]] = defaultdict(list)
    for term in draft.terms:
        buckets[term.period].append(term.gas_t * gwp)
    return {period: math.fsum(v) for period, v in sorted(buckets.items())}
