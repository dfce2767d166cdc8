"""Comprehensive energy consumption, GB/T 2589-2020: ``E = Σ e_i × p_i`` minus energy exported.

Two bases are kept side by side: the calorific value (当量值; electricity 0.1229 kgce/kWh) and
the coal equivalent of generation (等价值; electricity at the year's average coal consumption per
kWh of thermal power supplied). A fuel with a measured NCV converts by its heat value
(``tce = AD × NCV / 29.3076``); otherwise the GB/T 2589 reference coefficient of its carrier
applies, and a fuel with no such coefficient converts by its default NCV.

By-product gases sold outside the enterprise (``blast_furnace_gas_exported``,
``coke_oven_gas_exported``, ``converter_gas_exported``) are energy output and are deducted like
exported heat, at the coefficient of the gas they are (or by their measured NCV): GB/T 2589-2020
counts the energy an enterprise supplies to others as output, not consumption.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from greenmfg._internal.numbers import g
from greenmfg.model import ActivityRecord, FactorUse
from greenmfg.refdata import Item, ItemCategory, ReferenceData
from greenmfg.units import convert

STANDARD_COAL_GJ_PER_T = 29.3076  # GB/T 2589-2020: 1 kgce = 29 307.6 kJ

_SIGN = {
    ItemCategory.FUEL: 1.0,
    ItemCategory.ELECTRICITY_PURCHASED: 1.0,
    ItemCategory.HEAT_PURCHASED: 1.0,
    ItemCategory.ELECTRICITY_EXPORTED: -1.0,
    ItemCategory.HEAT_EXPORTED: -1.0,
}
# material items that are a fuel sent out of the enterprise → the fuel item they convert as
EXPORTED_FUELS = {
    "blast_furnace_gas_exported": "blast_furnace_gas",
    "coke_oven_gas_exported": "coke_oven_gas",
    "converter_gas_exported": "converter_gas",
}
_EXPORT_NOTE = ("{item}: by-product gas supplied outside the enterprise is energy output and is "
                "deducted from comprehensive energy (GB/T 2589-2020), {tce} tce / {zh}为外供能源，"
                "按 GB/T 2589-2020 从综合能耗中扣除 {tce} tce")


@dataclass
class EnergyDraft:
    """Energy of one item over the year, in tce on both bases."""

    item: Item
    quantities: list[float] = field(default_factory=list)
    calorific_tce: list[float] = field(default_factory=list)
    coal_equivalent_tce: list[float] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    records: list[ActivityRecord] = field(default_factory=list)
    factors: dict[str, FactorUse] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def quantity(self) -> float:
        return math.fsum(self.quantities)

    @property
    def tce_calorific(self) -> float:
        return math.fsum(self.calorific_tce)

    @property
    def tce_coal_equivalent(self) -> float:
        return math.fsum(self.coal_equivalent_tce)


def _coefficient(item: Item, basis: str, year: int, refdata: ReferenceData
                 ) -> tuple[float, FactorUse, str] | None:
    """tce per canonical unit from the carrier's GB/T 2589 coefficient, if it has one."""
    if not item.carrier_code:
        return None
    wanted = basis if item.carrier_code == "electricity" else "calorific"
    row, note = refdata.coal_equivalent(item.carrier_code, basis=wanted, year=year)
    per_physical_kgce = float(row["kgce_per_unit"])
    physical_per_canonical = convert(1.0, item.canonical_unit, row["unit"])
    tce = per_physical_kgce * physical_per_canonical / 1000.0
    use = refdata.use("coal_equivalents", row, name=f"{row['name_en']} ({row['basis']})",
                      value_column="kgce_per_unit", unit=f"kgce/{row['unit']}", note=note)
    return tce, use, note


def energy_drafts(records: Sequence[ActivityRecord], year: int, refdata: ReferenceData,
                  fuel_edition: str) -> list[EnergyDraft]:
    """Energy per item (carrier) for the records of one organisation-year."""
    drafts: dict[str, EnergyDraft] = {}
    coefficients: dict[tuple[str, str], tuple[float, FactorUse, str] | None] = {}

    def coefficient(item: Item, basis: str) -> tuple[float, FactorUse, str] | None:
        key = (item.code, basis)
        if key not in coefficients:
            coefficients[key] = _coefficient(item, basis, year, refdata)
        return coefficients[key]

    for record in records:
        item = refdata.items[record.item]
        sign = _SIGN.get(item.category)
        draft_item = item
        if record.item in EXPORTED_FUELS:
            sign, item = -1.0, refdata.items[EXPORTED_FUELS[record.item]]
        if sign is None:
            continue
        draft = drafts.setdefault(draft_item.code, EnergyDraft(draft_item))
        ad = record.quantity_canonical
        unit = item.canonical_unit
        ncv = record.measured.ncv_gj_per_unit
        factors: list[FactorUse] = []
        if item.category is ItemCategory.FUEL and ncv is not None:
            cal = coal = ad * ncv / STANDARD_COAL_GJ_PER_T
            text = f"{g(ad)} {unit} × {g(ncv)} GJ/{unit} [measured] / 29.3076 GJ/tce"
        else:
            found = coefficient(item, "calorific")
            if found is None:  # a fuel with no GB/T 2589 coefficient: by its default NCV
                row = refdata.fuel(item.fuel_code, fuel_edition)
                ncv_default = float(row["ncv_gj_per_unit"])
                factors.append(refdata.use("fuels", row, name=f"{item.name_en} default NCV",
                                           value_column="ncv_gj_per_unit", unit=f"GJ/{unit}"))
                cal = coal = ad * ncv_default / STANDARD_COAL_GJ_PER_T
                text = f"{g(ad)} {unit} × {g(ncv_default)} GJ/{unit} / 29.3076 GJ/tce"
            else:
                tce_per_unit, use, _ = found
                factors.append(use)
                cal = ad * tce_per_unit
                text = f"{g(ad)} {unit} × {g(tce_per_unit)} tce/{unit}"
                coal = cal
                if item.carrier_code == "electricity":
                    eq = coefficient(item, "coal_equivalent")
                    if eq is not None:
                        coal = ad * eq[0]
                        factors.append(eq[1])
                        text += f" (等价值 × {g(eq[0])} tce/{unit})"
                        if eq[2]:
                            draft.notes.append(eq[2])
        draft.records.append(record)
        draft.quantities.append(sign * ad)
        draft.calorific_tce.append(sign * cal)
        draft.coal_equivalent_tce.append(sign * coal)
        draft.terms.append(text)
        for f in factors:
            draft.factors[f.factor_id] = f
    for code in sorted(set(drafts) & set(EXPORTED_FUELS)):
        draft = drafts[code]
        draft.notes.append(_EXPORT_NOTE.format(item=code, zh=draft.item.name_zh,
                                               tce=g(draft.tce_calorific)))
    return [drafts[k] for k in sorted(drafts)]

