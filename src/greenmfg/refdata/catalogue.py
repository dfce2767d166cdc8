"""The item catalogue: what an activity row can name, its unit and how it is accounted."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ItemCategory(StrEnum):
    FUEL = "fuel"
    ELECTRICITY_PURCHASED = "electricity_purchased"
    ELECTRICITY_EXPORTED = "electricity_exported"
    HEAT_PURCHASED = "heat_purchased"
    HEAT_EXPORTED = "heat_exported"
    INSTRUMENT = "instrument"
    CARBONATE = "carbonate"
    PROCESS = "process"
    GAS_RELEASE = "gas_release"
    RECOVERED_CO2 = "recovered_co2"
    PRODUCT = "product"
    OUTPUT_VALUE = "output_value"
    MATERIAL = "material"
    PARAMETER = "parameter"  # a content or rate (CaO of clinker, anode-effect minutes): not summed


@dataclass(frozen=True, slots=True)
class Item:
    """One catalogue entry; ``canonical_unit`` is the pint unit quantities are stored in."""

    code: str
    name_zh: str
    name_en: str
    category: ItemCategory
    canonical_unit: str
    fuel_code: str
    carrier_code: str
    factor_code: str
    gas: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh-CN" else self.name_en

    @property
    def is_fraction(self) -> bool:
        """A parameter whose quantity is a share of something, between 0 and 1."""
        return self.category is ItemCategory.PARAMETER and self.canonical_unit == "fraction"

    @property
    def is_energy(self) -> bool:
        return bool(self.carrier_code) or self.category is ItemCategory.FUEL
