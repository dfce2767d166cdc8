"""Results with lineage: every number carries the inputs, factors and method behind it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Scope(StrEnum):
    SCOPE1 = "scope1"
    SCOPE2 = "scope2"
    NONE = "none"


class Category(StrEnum):
    FUEL_COMBUSTION = "fuel_combustion"
    PROCESS = "process"
    PURCHASED_ELECTRICITY = "purchased_electricity"
    EXPORTED_ELECTRICITY = "exported_electricity"
    PURCHASED_HEAT = "purchased_heat"
    EXPORTED_HEAT = "exported_heat"
    RECOVERED_CO2 = "recovered_co2"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FactorUse(_Frozen):
    """One reference value as used: which dataset row, edition, document and how trusted."""

    factor_id: str
    dataset: str
    edition: str
    name: str
    value: float
    unit: str
    document: str
    valid_from: str | None = None
    valid_to: str | None = None
    verification: str
    note: str = ""


class InventoryOptions(_Frozen):
    """Every option that can change a number; all of them are recorded in the lineage."""

    gwp_set: str = "AR5"
    fuel_edition: str = "gbt32150-2015"
    grid_level: str = "provincial"
    method: str = "gbt32150"
    method_edition: str = "2015"


class EmissionLine(_Frozen):
    """Annual emissions of one gas from one item at one emission source."""

    result_id: str
    site: str
    source: str
    item: str
    item_name_zh: str
    item_name_en: str
    category: Category
    scope: Scope
    gas: str
    activity: float
    activity_unit: str
    gas_t: float
    gwp: float
    co2e_t: float
    formula: str
    formula_filled: str
    factors: tuple[FactorUse, ...]
    input_record_ids: tuple[str, ...]
    by_month: dict[str, float]


class EnergyLine(_Frozen):
    """Annual consumption (or export, negative) of one energy carrier in tce."""

    result_id: str
    item: str
    item_name_zh: str
    item_name_en: str
    quantity: float
    unit: str
    tce_calorific: float
    tce_coal_equivalent: float
    formula_filled: str
    factors: tuple[FactorUse, ...]
    input_record_ids: tuple[str, ...]


class Intensity(_Frozen):
    """Energy or emissions per unit of a denominator (a product's output, or output value)."""

    numerator: str
    denominator: str
    denominator_quantity: float
    denominator_unit: str
    value: float
    unit: str


class MarketBasedScope2(_Frozen):
    """Market-based scope 2: residual-mix factor on electricity not covered by instruments."""

    consumed_mwh: float
    instruments_mwh: float
    covered_mwh: float
    unused_instruments_mwh: float
    uncovered_mwh: float
    electricity_co2e_t: float
    heat_co2e_t: float
    co2e_t: float
    factor: FactorUse | None
    instrument_record_ids: tuple[str, ...]


class SourceTotal(_Frozen):
    site: str
    source: str
    co2e_t: float


class Lineage(_Frozen):
    result_id: str
    method: str
    method_version: str
    options: InventoryOptions
    input_record_ids: tuple[str, ...]
    factors: tuple[FactorUse, ...]
    notes: tuple[str, ...]
    greenmfg_version: str


class Inventory(_Frozen):
    """An organisation's annual inventory: GB/T 32150 totals, the GHG Protocol view and energy."""

    org: str
    org_name: str
    year: int
    method: str
    co2e_t: float
    scope1_co2e_t: float
    scope2_location_co2e_t: float
    scope2_market_co2e_t: float
    energy_tce_calorific: float
    energy_tce_coal_equivalent: float
    by_category: dict[str, float]
    by_gas: dict[str, float]
    by_site: dict[str, float]
    by_source: tuple[SourceTotal, ...]
    by_month: dict[str, float]
    lines: tuple[EmissionLine, ...]
    energy: tuple[EnergyLine, ...]
    intensities: tuple[Intensity, ...]
    market_based: MarketBasedScope2
    lineage: Lineage
