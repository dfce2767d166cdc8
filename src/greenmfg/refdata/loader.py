"""Loading the packaged datasets and looking factors up, with explicit year fallback."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from greenmfg.errors import FactorNotFound, NotFoundError, OptionError
from greenmfg.model.results import FactorUse
from greenmfg.refdata.catalogue import Item, ItemCategory

_DATA = "greenmfg.refdata.data"


@dataclass(frozen=True, slots=True)
class Edition:
    edition: str
    source_document: str
    publisher: str
    published: str | None
    valid_from: str | None
    valid_to: str | None
    verification: str
    notes: str


@dataclass(frozen=True, slots=True)
class Dataset:
    id: str
    file: str
    title_zh: str
    title_en: str
    licence: str
    notes: str
    editions: tuple[Edition, ...]
    rows: tuple[dict[str, str], ...]

    def edition(self, edition_id: str) -> Edition:
        for ed in self.editions:
            if ed.edition == edition_id:
                return ed
        raise NotFoundError(f"dataset {self.id} has no edition '{edition_id}'",
                            f"数据集 {self.id} 没有版本“{edition_id}”")


def _read_csv(name: str) -> tuple[dict[str, str], ...]:
    text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


def _edition(raw: dict[str, Any]) -> Edition:
    return Edition(
        edition=str(raw["edition"]),
        source_document=str(raw.get("source_document") or ""),
        publisher=str(raw.get("publisher") or ""),
        published=raw.get("published"),
        valid_from=raw.get("valid_from"),
        valid_to=raw.get("valid_to"),
        verification=str(raw.get("verification") or ""),
        notes=str(raw.get("notes") or ""),
    )


class ReferenceData:
    """All packaged datasets, loaded once; lookups return :class:`FactorUse` with provenance."""

    def __init__(self) -> None:
        manifest = json.loads(resources.files(_DATA).joinpath("manifest.json").read_text("utf-8"))
        self.datasets: dict[str, Dataset] = {}
        for raw in manifest["datasets"]:
            self.datasets[raw["id"]] = Dataset(
                id=raw["id"], file=raw["file"], title_zh=raw.get("title_zh", ""),
                title_en=raw.get("title_en", ""), licence=raw.get("licence", ""),
                notes=raw.get("notes", ""),
                editions=tuple(_edition(e) for e in raw["editions"]),
                rows=_read_csv(raw["file"]),
            )
        self.items: dict[str, Item] = {}
        for row in _read_csv("items.csv"):
            item = Item(
                code=row["code"], name_zh=row["name_zh"], name_en=row["name_en"],
                category=ItemCategory(row["category"]), canonical_unit=row["canonical_unit"],
                fuel_code=row["fuel_code"], carrier_code=row["carrier_code"],
                factor_code=row["factor_code"], gas=row["gas"],
            )
            self.items[item.code] = item
        self._uses: dict[tuple[str, ...], FactorUse] = {}
        self._fuels = {(r["fuel_code"], r["edition"]): r for r in self._rows("fuels")}
        self._fuel_codes = frozenset(code for code, _edition in self._fuels)
        self._item_names: dict[str, Item] = {}
        for item in self.items.values():
            for key in (item.code, item.name_zh, item.name_en):
                self._item_names[key.strip().casefold()] = item

    # -- items -------------------------------------------------------------------------------
    def resolve_item(self, text: str) -> Item | None:
        """Find an item by catalogue code, Chinese or English name (case-insensitive)."""
        return self._item_names.get(text.strip().casefold())

    # -- generic -------------------------------------------------------------------------------
    def use(self, dataset_id: str, row: dict[str, str], *, name: str, value_column: str,
            unit: str, note: str = "") -> FactorUse:
        """Wrap one dataset row as a :class:`FactorUse` carrying its edition's provenance."""
        key = (dataset_id, row["factor_id"], name, value_column, unit, note)
        found = self._uses.get(key)
        if found is None:
            found = self._uses[key] = self._use(dataset_id, row, name=name,
                                                value_column=value_column, unit=unit, note=note)
        return found

    def _use(self, dataset_id: str, row: dict[str, str], *, name: str, value_column: str,
             unit: str, note: str) -> FactorUse:
        dataset = self.datasets[dataset_id]
        edition = dataset.edition(row["edition"])
        document = row.get("document") or edition.source_document
        return FactorUse(
            factor_id=row["factor_id"], dataset=dataset_id, edition=edition.edition, name=name,
            value=float(row[value_column]), unit=unit, document=document,
            valid_from=edition.valid_from, valid_to=edition.valid_to,
            verification=row.get("verification") or edition.verification, note=note,
        )

    def _rows(self, dataset_id: str) -> tuple[dict[str, str], ...]:
        return self.datasets[dataset_id].rows

    # -- fuels --------------------------------------------------------------------------------
    def fuel_editions(self) -> tuple[str, ...]:
        return tuple(e.edition for e in self.datasets["fuels"].editions)

    def fuel(self, fuel_code: str, edition: str) -> dict[str, str]:
        """The default-parameter row of a fuel in an edition (no silent cross-edition fallback)."""
        if edition not in self.fuel_editions():
            raise OptionError(
                f"unknown fuel-parameter edition '{edition}'; choose one of "
                f"{', '.join(self.fuel_editions())}",
                f"未知的燃料参数版本“{edition}”；可选 {', '.join(self.fuel_editions())}",
                expected=" | ".join(self.fuel_editions()), found=edition,
            )
        row = self._fuels.get((fuel_code, edition))
        if row is not None:
            return row
        raise FactorNotFound(
            f"edition {edition} has no default parameters for fuel '{fuel_code}'; give measured "
            "NCV, carbon content and oxidation rate, or choose another --fuel-edition",
            f"版本 {edition} 中没有燃料“{fuel_code}”的缺省参数；请填写实测低位发热量、单位热值含碳量"
            "和碳氧化率，或选择其他燃料参数版本",
        )

    def has_fuel_defaults(self, fuel_code: str) -> bool:
        """Whether any fuel edition has default parameters for the fuel (else all are measured)."""
        return fuel_code in self._fuel_codes

    # -- electricity and heat -------------------------------------------------------------------
    def electricity_co2(self, year: int, *, level: str, region_code: str, factor_type: str
                        ) -> tuple[dict[str, str], str]:
        """The MEE/NBS electricity CO2 factor for ``year``, or the latest earlier year.

        Returns the row and a note that says when an earlier year's factor stands in.
        """
        rows = [r for r in self._rows("electricity_co2")
                if r["level"] == level and r["region_code"] == region_code
                and r["factor_type"] == factor_type and int(r["data_year"]) <= year]
        if not rows:
            raise FactorNotFound(
                f"no {level} {factor_type} electricity CO2 factor for {region_code} "
                f"in {year} or earlier",
                f"没有 {region_code} {year} 年及以前的{level}电力二氧化碳排放因子（{factor_type}）",
            )
        row = max(rows, key=lambda r: int(r["data_year"]))
        note = ""
        if int(row["data_year"]) != year:
            note = (f"no factor published for {year}; the latest earlier year "
                    f"{row['data_year']} is used / {year} 年因子尚未发布，"
                    f"采用最近的 {row['data_year']} 年因子")
        return row, note

    def region(self, region_code: str) -> dict[str, str] | None:
        for row in self._rows("regions"):
            if row["region_code"] == region_code:
                return row
        return None

    def heat_co2(self) -> dict[str, str]:
        return self._rows("heat_co2")[0]

    # -- energy -------------------------------------------------------------------------------
    def coal_equivalent(self, carrier_code: str, *, basis: str = "calorific",
                        year: int | None = None) -> tuple[dict[str, str], str]:
        """The GB/T 2589 conversion coefficient of a carrier (year-specific for 等价值)."""
        rows = [r for r in self._rows("coal_equivalents")
                if r["carrier_code"] == carrier_code and r["basis"] == basis]
        if basis == "coal_equivalent" and year is not None:
            dated = [r for r in rows if r["year"] and int(r["year"]) <= year]
            if not dated:
                dated = [r for r in rows if r["year"]]
                if not dated:
                    raise FactorNotFound(f"no coal-equivalent coefficient for {carrier_code}",
                                         f"没有 {carrier_code} 的等价值折标系数")
                row = min(dated, key=lambda r: int(r["year"]))
                return row, (f"no coefficient for {year} or earlier; the earliest published "
                             f"year {row['year']} is used / {year} 年及以前无系数，"
                             f"采用最早发布的 {row['year']} 年系数")
            row = max(dated, key=lambda r: int(r["year"]))
            note = "" if int(row["year"]) == year else (
                f"no coefficient published for {year}; the latest earlier year {row['year']} "
                f"is used / {year} 年系数尚未发布，采用最近的 {row['year']} 年系数")
            return row, note
        if not rows:
            raise FactorNotFound(f"no {basis} coefficient for carrier {carrier_code}",
                                 f"没有能源品种 {carrier_code} 的折标系数")
        return rows[0], ""

    # -- gases --------------------------------------------------------------------------------
    def gwp_sets(self) -> tuple[str, ...]:
        return tuple(sorted({r["gwp_set"] for r in self._rows("gwp")}))

    def gwp(self, gas: str, gwp_set: str) -> dict[str, str]:
        if gwp_set not in self.gwp_sets():
            raise OptionError(
                f"unknown GWP set '{gwp_set}'; choose one of {', '.join(self.gwp_sets())}",
                f"未知的 GWP 值集“{gwp_set}”；可选 {', '.join(self.gwp_sets())}",
                expected=" | ".join(self.gwp_sets()), found=gwp_set,
            )
        for row in self._rows("gwp"):
            if row["gas"] == gas and row["gwp_set"] == gwp_set:
                return row
        raise FactorNotFound(f"GWP set {gwp_set} has no value for {gas}",
                             f"GWP 值集 {gwp_set} 中没有 {gas}")

    def carbonate(self, carbonate_code: str) -> dict[str, str]:
        return self._find("carbonates", "carbonate_code", carbonate_code)

    def process_factor(self, factor_code: str) -> dict[str, str]:
        return self._find("process_factors", "factor_code", factor_code)

    def _find(self, dataset_id: str, column: str, value: str) -> dict[str, str]:
        for row in self._rows(dataset_id):
            if row[column] == value:
                return row
        raise FactorNotFound(f"{dataset_id} has no row with {column} = {value}",
                             f"{dataset_id} 中没有 {column} = {value} 的行")


@cache
def reference_data() -> ReferenceData:
    """The packaged reference data, loaded on first use."""
    return ReferenceData()
