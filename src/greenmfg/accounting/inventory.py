"""Assembling an organisation's annual inventory: emission lines, energy, totals and lineage."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from greenmfg import __version__
from greenmfg._internal.hashing import stable_id
from greenmfg._internal.numbers import g
from greenmfg.accounting.gbt32150 import check_options, filled_formula, monthly
from greenmfg.accounting.registry import method_for
from greenmfg.accounting.scope2 import market_based
from greenmfg.energy import energy_drafts
from greenmfg.model import (
    ActivityRecord,
    Category,
    EmissionLine,
    EnergyLine,
    FactorUse,
    Intensity,
    Inventory,
    InventoryOptions,
    Lineage,
    Organisation,
    Period,
    Scope,
    SourceTotal,
)
from greenmfg.refdata import ItemCategory, ReferenceData
from greenmfg.units import display


def _fingerprint(records: Iterable[ActivityRecord]) -> list[object]:
    """What of the inputs can change a number: ids, periods, quantities, measured parameters."""
    return [(r.record_id, r.period, r.quantity_canonical, r.measured.ncv_gj_per_unit,
             r.measured.carbon_content_tc_per_gj, r.measured.oxidation_rate,
             r.measured.emission_factor_t_per_unit, r.measured.carbon_tc_per_unit)
            for r in records]


def _factor_key(f: FactorUse) -> list[object]:
    return [f.factor_id, f.edition, f.value]


def compute_inventory(org: Organisation, year: int, records: Sequence[ActivityRecord],
                      refdata: ReferenceData, options: InventoryOptions | None = None
                      ) -> Inventory:
    """Compute the inventory of ``org`` for ``year`` by the method named in ``options``.

    The method (GB/T 32150-2015 by default, or a sector method such as ``cement-ets`` 2024)
    drafts the emission lines; GWPs, totals, energy, intensities and lineage are assembled the
    same way for every method.

    Parameters
    ----------
    org
        The enterprise; its ``region_code`` selects the grid factor.
    year
        Calendar reporting year; records of other years are ignored.
    records
        Activity records of the organisation (any order; they are sorted here).
    refdata
        Packaged reference data.
    options
        Method and edition, GWP set, fuel-parameter edition, grid level; all recorded in the
        lineage.

    Returns
    -------
    Inventory
        Totals in tCO2e and tce, every line with its formula, factors and input record ids.
        Identical inputs and reference editions give an identical (byte-equal) result.
    """
    options = options or InventoryOptions()
    method = method_for(options)
    check_options(options, refdata)
    method.check(options)
    mine = sorted((r for r in records
                   if r.org_code == org.code and Period.parse(r.period).year == year),
                  key=lambda r: (r.site, r.source, r.item, r.period, r.record_id))
    base = {"method": options.method, "options": options.model_dump(mode="json"),
            "org": org.code, "year": year, "region": org.region_code}
    drafted = method.draft(org, year, mine, refdata, options)
    notes: list[str] = [*method.notes, *drafted.notes]
    if not mine:  # a mistyped year or a missing import must not read as zero emissions
        notes.append(f"no activity records of {org.code} for {year}: every total is 0; check "
                     f"the year and that the data were imported / {org.code} {year} 年没有活动"
                     "数据记录：各项合计为 0；请检查年份及数据是否已导入")
    lines: list[EmissionLine] = []
    for draft in drafted.drafts:
        gwp_row = refdata.gwp(draft.gas, options.gwp_set)
        gwp = float(gwp_row["value"])
        factors = [*draft.factors.values()]
        factors.append(refdata.use("gwp", gwp_row, name=f"GWP100 {draft.gas}",
                                   value_column="value", unit="tCO2e/t"))
        factors.sort(key=lambda f: f.factor_id)
        notes.extend(f.note for f in factors if f.note)
        inputs = draft.records
        result_id = stable_id("R-", {**base, "site": draft.site, "source": draft.source,
                                     "item": draft.item.code, "gas": draft.gas,
                                     "inputs": _fingerprint(inputs),
                                     "factors": [_factor_key(f) for f in factors]})
        gas_t = draft.gas_t
        lines.append(EmissionLine(
            result_id=result_id, site=draft.site, source=draft.source, item=draft.item.code,
            item_name_zh=draft.item.name_zh, item_name_en=draft.item.name_en,
            category=draft.category, scope=draft.scope, gas=draft.gas,
            activity=draft.activity, activity_unit=draft.item.canonical_unit,
            gas_t=gas_t, gwp=gwp, co2e_t=gas_t * gwp, formula=draft.formula,
            formula_filled=filled_formula(draft, gwp), factors=tuple(factors),
            input_record_ids=tuple(r.record_id for r in inputs),
            by_month=monthly(draft, gwp),
        ))
    energy: list[EnergyLine] = []
    for edraft in energy_drafts(mine, year, refdata, options.fuel_edition):
        factors = sorted(edraft.factors.values(), key=lambda f: f.factor_id)
        notes.extend(edraft.notes)
        energy.append(EnergyLine(
            result_id=stable_id("E-", {**base, "item": edraft.item.code,
                                       "inputs": _fingerprint(edraft.records),
                                       "factors": [_factor_key(f) for f in factors]}),
            item=edraft.item.code, item_name_zh=edraft.item.name_zh,
            item_name_en=edraft.item.name_en, quantity=edraft.quantity,
            unit=edraft.item.canonical_unit, tce_calorific=edraft.tce_calorific,
            tce_coal_equivalent=edraft.tce_coal_equivalent,
            formula_filled=" + ".join(edraft.terms) + f" = {g(edraft.tce_calorific)} tce",
            factors=tuple(factors), input_record_ids=tuple(r.record_id for r in edraft.records),
        ))
    return _assemble(org, year, options, mine, lines, energy, refdata, notes)


def _sum_by(pairs: Iterable[tuple[str, float]]) -> dict[str, float]:
    buckets: dict[str, list[float]] = defaultdict(list)
    for key, value in pairs:
        buckets[key].append(value)
    return {k: math.fsum(v) for k, v in sorted(buckets.items())}


def _assemble(org: Organisation, year: int, options: InventoryOptions,
              records: Sequence[ActivityRecord], lines: Sequence[EmissionLine],
              energy: Sequence[EnergyLine], refdata: ReferenceData,
              notes: list[str]) -> Inventory:
    heat = math.fsum(x.co2e_t for x in lines if x.category is Category.PURCHASED_HEAT)
    market = market_based(records, year, refdata, heat)
    if market.factor is not None and market.factor.note:
        notes.append(market.factor.note)
    energy_cal = math.fsum(e.tce_calorific for e in energy)
    co2e = math.fsum(x.co2e_t for x in lines)
    intensities = _intensities(records, refdata, energy_cal, co2e)
    factors: dict[str, FactorUse] = {}
    for f in [*(f for x in lines for f in x.factors), *(f for e in energy for f in e.factors),
              *([market.factor] if market.factor else [])]:
        factors[f.factor_id] = f
    by_source = _sum_by((f"{x.site}\x1f{x.source}", x.co2e_t) for x in lines)
    ids = [x.result_id for x in lines] + [e.result_id for e in energy]
    inventory_id = stable_id("I-", {"org": org.code, "year": year,
                                    "options": options.model_dump(mode="json"),
                                    "results": ids, "records": [r.record_id for r in records],
                                    "market": market.model_dump(mode="json")})
    return Inventory(
        org=org.code, org_name=org.name, year=year, method=options.method, co2e_t=co2e,
        scope1_co2e_t=math.fsum(x.co2e_t for x in lines if x.scope is Scope.SCOPE1),
        scope2_location_co2e_t=math.fsum(x.co2e_t for x in lines if x.scope is Scope.SCOPE2),
        scope2_market_co2e_t=market.co2e_t,
        energy_tce_calorific=energy_cal,
        energy_tce_coal_equivalent=math.fsum(e.tce_coal_equivalent for e in energy),
        by_category=_sum_by((x.category.value, x.co2e_t) for x in lines),
        by_gas=_sum_by((x.gas, x.co2e_t) for x in lines),
        by_site=_sum_by((x.site, x.co2e_t) for x in lines),
        by_source=tuple(SourceTotal(site=k.split("\x1f")[0], source=k.split("\x1f")[1],
                                    co2e_t=v) for k, v in by_source.items()),
        by_month=_sum_by((p, v) for x in lines for p, v in x.by_month.items()),
        lines=tuple(lines), energy=tuple(energy), intensities=intensities,
        market_based=market,
        lineage=Lineage(
            result_id=inventory_id, method=options.method, method_version=options.method_edition,
            options=options, input_record_ids=tuple(r.record_id for r in records),
            factors=tuple(factors[k] for k in sorted(factors)),
            notes=tuple(dict.fromkeys(n for n in notes if n)), greenmfg_version=__version__,
        ),
    )


def _intensities(records: Sequence[ActivityRecord], refdata: ReferenceData, energy_tce: float,
                 co2e_t: float) -> tuple[Intensity, ...]:
    """Energy and emissions per unit of each product and per 10,000 CNY of output value."""
    outputs = _sum_by((r.item, r.quantity_canonical) for r in records
                      if refdata.items[r.item].category in (ItemCategory.PRODUCT,
                                                             ItemCategory.OUTPUT_VALUE))
    result = []
    for code, amount in outputs.items():
        if amount <= 0:
            continue
        unit = refdata.items[code].canonical_unit
        result.append(Intensity(numerator="energy_tce_calorific", denominator=code,
                                denominator_quantity=amount, denominator_unit=unit,
                                value=energy_tce / amount, unit=display(f"tce/{unit}")))
        result.append(Intensity(numerator="co2e_t", denominator=code,
                                denominator_quantity=amount, denominator_unit=unit,
                                value=co2e_t / amount, unit=display(f"tCO2e/{unit}")))
    return tuple(result)
