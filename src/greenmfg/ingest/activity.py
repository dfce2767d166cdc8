"""Validating activity rows: each good row becomes an ActivityRecord, each bad one a Rejection."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from greenmfg.errors import UnitError
from greenmfg.ingest._cells import CellError, fraction, number, text
from greenmfg.ingest.rejects import Rejection, raw_json
from greenmfg.ingest.tabular import RawRow, RawSheet
from greenmfg.model import ActivityRecord, DataQuality, MeasuredParameters, OrgKind, Period
from greenmfg.refdata import Item, ItemCategory, ReferenceData
from greenmfg.units import convert, registry

_QUALITY = {
    "measured": DataQuality.MEASURED, "实测": DataQuality.MEASURED, "计量": DataQuality.MEASURED,
    "calculated": DataQuality.CALCULATED, "计算": DataQuality.CALCULATED,
    "default": DataQuality.DEFAULT, "缺省": DataQuality.DEFAULT, "默认": DataQuality.DEFAULT,
}

NaturalKey = tuple[str, str, str, str, str]
YearKey = tuple[str, str, str, str, int]


def record_id(key: NaturalKey) -> str:
    """Stable id of an activity record from its natural key (org, site, source, item, period)."""
    return "A-" + hashlib.sha256("\x1f".join(key).encode()).hexdigest()[:16]


@dataclass
class _Row:
    """Problems found so far in one row; the row is kept only if there are none."""

    sheet: RawSheet
    raw: RawRow
    problems: list[Rejection]

    def reject(self, column: str, en: str, zh: str) -> None:
        value = text(self.raw.values.get(column)) if column else ""
        self.problems.append(Rejection(
            file=self.sheet.file, sheet=self.sheet.sheet, row=self.raw.row, column=column,
            value=value, reason_en=en, reason_zh=zh, raw=raw_json(self.raw.values)))

    def cell(self, column: str) -> Any:
        return self.raw.values.get(column)



def _emission_factor(row: _Row, item: Item) -> float | None:
    """A source-specific emission factor (t of the item's gas per canonical unit), if given."""
    cell = row.cell("emission_factor")
    needs_one = item.category is ItemCategory.PROCESS and not item.factor_code
    if not text(cell):
        if needs_one:
            row.reject("emission_factor", f"{item.code} has no packaged factor: give "
                       "emission_factor and emission_factor_unit (e.g. 0.5 tCO2/t)",
                       f"{item.name_zh}没有内置排放因子：请填写 emission_factor 和 emission_factor_unit"
                       "（如 0.5 tCO2/t）")
        return None
    if item.category not in (ItemCategory.PROCESS, ItemCategory.CARBONATE):
        row.reject("emission_factor", f"an emission factor applies only to process sources, "
                   f"not to {item.code}", f"排放因子只适用于过程排放源，不适用于{item.name_zh}")
        return None
    try:
        value = number(cell, what="emission_factor", what_zh="排放因子")
        label = text(row.cell("emission_factor_unit"))
        if not label:
            raise CellError(f"emission_factor_unit is missing; write e.g. tCO2/{item.canonical_unit}",
                            f"缺少排放因子单位；请填写如 tCO2/{item.canonical_unit}")
        ef = convert(value, label, f"t/{item.canonical_unit}")
        if ef < 0:
            raise CellError("emission_factor must not be negative", "排放因子不能为负数")
    except CellError as err:
        row.reject("emission_factor", err.en, err.zh)
        return None
    except UnitError as err:
        row.reject("emission_factor_unit", err.message_en, err.message_zh)
        return None
    return ef


def _reject_negative(row: _Row, item: Item | None, quantity: float) -> None:
    """A negative quantity: exports have their own items; nothing else can be negative."""
    if item is not None and item.category is ItemCategory.PARAMETER:
        en, zh = f"{item.name_en} cannot be negative", f"{item.name_zh}不能为负数"
    elif item is not None and not item.carrier_code:
        en, zh = (f"{item.name_en} ({item.code}) cannot be negative: a consumption or output "
                  "is zero or more", f"{item.name_zh}不能为负数：消耗量或产量应不小于零")
    else:
        en, zh = "record exports with the *_exported items", "输出量请用“输出”类品种填报"
    row.reject("quantity", f"quantity {quantity:g} is negative; {en}",
               f"数量 {quantity:g} 为负数；{zh}")


def _require_all_measured(row: _Row, item: Item, ncv: float | None, cc: float | None,
                          ox: float | None, refdata: ReferenceData) -> None:
    """A fuel with no packaged defaults (an alternative fuel) needs all three measured."""
    if item.category is not ItemCategory.FUEL or refdata.has_fuel_defaults(item.fuel_code):
        return
    for column, value in (("ncv", ncv), ("carbon_content", cc), ("oxidation_rate", ox)):
        if value is None and not any(p.column == column for p in row.problems):
            row.reject(column, f"{item.code} has no packaged default parameters: give the "
                       "measured ncv, carbon_content and oxidation_rate",
                       f"{item.name_zh}没有内置缺省参数：请填写实测低位发热量、含碳量和碳氧化率")


def _measured(row: _Row, item: Item, refdata: ReferenceData) -> MeasuredParameters:
    ef = _emission_factor(row, item)
    ncv_cell, cc_cell, of_cell = row.cell("ncv"), row.cell("carbon_content"), row.cell(
        "oxidation_rate")
    if all(not text(c) for c in (ncv_cell, cc_cell, of_cell)):
        _require_all_measured(row, item, None, None, None, refdata)
        return MeasuredParameters(emission_factor_t_per_unit=ef)
    if item.category is not ItemCategory.FUEL:
        return _carbon_only(row, item, ef)
    unit = item.canonical_unit
    ncv = cc = ox = per_unit = None
    try:
        if text(ncv_cell):
            value = number(ncv_cell, what="ncv", what_zh="低位发热量")
            label = text(row.cell("ncv_unit"))
            if not label:
                raise CellError(f"ncv_unit is missing; write e.g. GJ/{unit}",
                                f"缺少低位发热量单位；请填写如 GJ/{unit}")
            ncv = convert(value, label, f"GJ/{unit}")
            if ncv <= 0:
                raise CellError("ncv must be positive", "低位发热量应为正数")
    except CellError as err:
        row.reject("ncv", err.en, err.zh)
    except UnitError as err:
        row.reject("ncv_unit", err.message_en,
                   err.message_zh)
    try:
        if text(cc_cell):
            value = number(cc_cell, what="carbon_content", what_zh="含碳量")
            label = text(row.cell("carbon_content_unit")) or "tC/GJ"
            dim = (registry().Quantity(1, "tC/GJ").dimensionality)
            parsed_dim = _dimensionality(label)
            if parsed_dim == dim:
                cc = convert(value, label, "tC/GJ")
            else:  # carbon per unit of fuel (tC/t, %): divide by the measured NCV
                per_unit = _carbon_per_unit(value, label, item)
                if ncv is None:
                    raise CellError(
                        "carbon content per unit of fuel needs a measured ncv in the same row "
                        "(or give it per unit heat, tC/GJ)",
                        "按燃料质量给出的含碳量需要同一行的实测低位发热量（或按单位热值 tC/GJ 填写）")
                cc = per_unit / ncv
            if cc <= 0:
                raise CellError("carbon_content must be positive", "含碳量应为正数")
    except CellError as err:
        row.reject("carbon_content", err.en, err.zh)
    except UnitError as err:
        row.reject("carbon_content_unit", err.message_en,
                   err.message_zh)
    try:
        if text(of_cell):
            ox = fraction(of_cell, what="oxidation_rate", what_zh="碳氧化率")
    except CellError as err:
        row.reject("oxidation_rate", err.en, err.zh)
    _require_all_measured(row, item, ncv, cc, ox, refdata)
    return MeasuredParameters(ncv_gj_per_unit=ncv, carbon_content_tc_per_gj=cc, oxidation_rate=ox,
                              emission_factor_t_per_unit=ef,
                              carbon_tc_per_unit=per_unit if cc is not None else None)


# Categories whose rows may carry a measured carbon content per unit (carbon mass balances).
_CARBON_BEARING = (ItemCategory.MATERIAL, ItemCategory.PRODUCT, ItemCategory.CARBONATE)


def _carbon_per_unit(value: float, label: str, item: Item) -> float:
    """Carbon per canonical unit (tC/t, tC/10^4 Nm³) from a cell and its unit label.

    Raises ``CellError`` for a negative value or, for items counted in t, one above 1 t C
    per t (more carbon than the whole).
    """
    unit = item.canonical_unit
    per_unit = convert(value, label, f"tC/{unit}")
    if per_unit < 0:
        raise CellError(f"carbon_content {value:g} {label} is negative",
                        f"含碳量 {value:g} {label} 为负数")
    if unit == "t" and per_unit > 1:
        raise CellError(
            f"carbon_content {value:g} {label} of {item.code} is {per_unit:g} t C per t, above 1 "
            "(the whole); write a mass fraction such as 0.0417, or 4.17 with unit %",
            f"{item.name_zh}的含碳量 {value:g} {label} 折合 {per_unit:g} tC/t，大于 1（全部）；"
            "请写成质量分数（如 0.0417）或 4.17 并以 % 为单位")
    return per_unit


def _carbon_only(row: _Row, item: Item, ef: float | None) -> MeasuredParameters:
    """A non-fuel row: only a measured carbon content per unit (for carbon balances)."""
    for column, en, zh in (("ncv", "ncv", "低位发热量"), ("oxidation_rate", "oxidation_rate",
                                                         "碳氧化率")):
        if text(row.cell(column)):
            row.reject(column, f"{en} applies only to fuels, not to {item.code}",
                       f"{zh}只适用于燃料，不适用于 {item.name_zh}")
    cell = row.cell("carbon_content")
    if not text(cell):
        return MeasuredParameters(emission_factor_t_per_unit=ef)
    if item.category not in _CARBON_BEARING:
        row.reject("carbon_content", f"a carbon content applies to fuels, materials, products "
                   f"and carbonates, not to {item.code} ({item.category})",
                   f"含碳量只适用于燃料、原料、产品和碳酸盐，不适用于 {item.name_zh}")
        return MeasuredParameters()
    unit = item.canonical_unit
    label = text(row.cell("carbon_content_unit")) or f"tC/{unit}"
    try:
        value = number(cell, what="carbon_content", what_zh="含碳量")
        if _dimensionality(label) == registry().Quantity(1, "tC/GJ").dimensionality:
            raise CellError(
                f"carbon per unit heat ({label}) applies only to fuels; give the carbon of "
                f"{item.code} per {unit} (tC/{unit}, or % for a mass fraction)",
                f"按单位热值的含碳量（{label}）只适用于燃料；请按 {unit} 填写（tC/{unit}，质量分数可用 %）")
        per_unit = _carbon_per_unit(value, label, item)
    except CellError as err:
        row.reject("carbon_content", err.en, err.zh)
        return MeasuredParameters()
    except UnitError as err:
        row.reject("carbon_content_unit", err.message_en, err.message_zh)
        return MeasuredParameters()
    return MeasuredParameters(emission_factor_t_per_unit=ef, carbon_tc_per_unit=per_unit)


def _dimensionality(label: str) -> object:
    from greenmfg.units import parse_unit

    return parse_unit(label).pint_unit.dimensionality


def validate_activity(
    sheet: RawSheet,
    refdata: ReferenceData,
    org_kinds: Mapping[str, OrgKind],
    stored_periods: Callable[[list[YearKey]], Mapping[YearKey, set[str]]] | None = None,
) -> tuple[list[ActivityRecord], list[Rejection]]:
    """Validate every row of an activity sheet.

    Parameters
    ----------
    sheet
        The raw rows with their file, sheet and row numbers.
    refdata
        The item catalogue used to resolve ``item`` and its canonical unit.
    org_kinds
        Kind of every known organisation (stored, or in the same file), by code.
    stored_periods
        Periods already stored per (org, site, source, item, year), to refuse mixing a year
        total with monthly rows.

    Returns
    -------
    The accepted records and one rejection per problem found; a row with any problem is kept
    out whole.
    """
    accepted: list[tuple[_Row, ActivityRecord, NaturalKey]] = []
    rejected: list[Rejection] = []
    seen: dict[NaturalKey, int] = {}
    for raw in sheet.rows:
        row = _Row(sheet, raw, [])
        record = _validate_row(row, refdata, org_kinds)
        if record is not None:
            key = (record.org_code, record.site, record.source, record.item, record.period)
            if key in seen:
                row.reject("", f"duplicate of row {seen[key]}: same org_code, site, source, "
                           "item and period",
                           f"与第 {seen[key]} 行重复：组织、场所、排放源、品种和期间均相同")
            else:
                seen[key] = raw.row
                accepted.append((row, record, key))
        rejected.extend(row.problems)
    kept = _refuse_mixed_periods(accepted, stored_periods, rejected)
    return kept, rejected


def _refuse_mixed_periods(
    accepted: list[tuple[_Row, ActivityRecord, NaturalKey]],
    stored_periods: Callable[[list[YearKey]], Mapping[YearKey, set[str]]] | None,
    rejected: list[Rejection],
) -> list[ActivityRecord]:
    """A year total and monthly rows for the same key would count twice: refuse the later."""
    by_year: dict[YearKey, set[str]] = {}
    for _, _record, key in accepted:
        by_year.setdefault((*key[:4], Period.parse(key[4]).year), set()).add(key[4])
    stored = stored_periods(sorted(by_year)) if stored_periods else {}
    kept = []
    for row, record, key in accepted:
        year_key = (*key[:4], Period.parse(key[4]).year)
        periods = by_year[year_key] | set(stored.get(year_key, set()))
        is_annual = len(key[4]) == 4
        mixed = any(len(p) == 4 for p in periods) and any(len(p) == 7 for p in periods)
        if mixed and is_annual:
            row.reject("period", f"monthly rows exist for the same source and item in "
                       f"{year_key[4]}; give either a year total or months, not both",
                       f"同一排放源和品种在 {year_key[4]} 年已有月度数据；年度合计与月度数据只能二选一")
            rejected.extend(row.problems)
        elif mixed and not any(len(p) == 4 for p in by_year[year_key]) and any(
                len(p) == 4 for p in stored.get(year_key, set())):
            row.reject("period", f"a year total is stored for the same source and item in "
                       f"{year_key[4]}; give either a year total or months, not both",
                       f"同一排放源和品种在 {year_key[4]} 年已有年度合计；年度合计与月度数据只能二选一")
            rejected.extend(row.problems)
        else:
            kept.append(record)
    return kept


def _validate_row(row: _Row, refdata: ReferenceData, org_kinds: Mapping[str, OrgKind]
                  ) -> ActivityRecord | None:
    org_code = text(row.cell("org_code"))
    if not org_code:
        row.reject("org_code", "org_code is missing", "缺少组织代码")
    elif org_code not in org_kinds:
        row.reject("org_code", f"organisation '{org_code}' does not exist; add it first "
                   "(`greenmfg org import` or an organisations sheet)",
                   f"组织“{org_code}”不存在；请先添加（`greenmfg org import` 或 organisations 工作表）")
    elif org_kinds[org_code] is not OrgKind.ENTERPRISE:
        row.reject("org_code", f"'{org_code}' is a {org_kinds[org_code]}; activity belongs to an "
                   "enterprise (put the site code in the site column)",
                   f"“{org_code}”不是企业；活动数据应填企业代码（场所填在 site 列）")
    item_text = text(row.cell("item"))
    item = refdata.resolve_item(item_text) if item_text else None
    if not item_text:
        row.reject("item", "item is missing", "缺少品种")
    elif item is None:
        row.reject("item", f"unknown item '{item_text}'; `greenmfg items` lists the catalogue "
                   "codes and names", f"未知品种“{item_text}”；`greenmfg items` 列出可用的代码和名称")
    period_text = text(row.cell("period"))
    try:
        period = Period.parse(period_text)
    except ValueError:
        period = None
        row.reject("period", f"period '{period_text}' is missing or malformed; write YYYY or "
                   "YYYY-MM", f"期间“{period_text}”缺失或格式错误；请写成 YYYY 或 YYYY-MM")
    quantity: float | None = None
    try:
        quantity = number(row.cell("quantity"), what="quantity", what_zh="数量")
        if quantity < 0:
            _reject_negative(row, item, quantity)
            quantity = None
    except CellError as err:
        row.reject("quantity", err.en, err.zh)
    unit_label = text(row.cell("unit"))
    if not unit_label and item is not None and item.is_fraction:
        unit_label = "fraction"  # a content written as a plain fraction, e.g. 0.65
    canonical: float | None = None
    if item is not None and quantity is not None:
        try:
            canonical = convert(quantity, unit_label, item.canonical_unit)
        except UnitError as err:
            row.reject("unit", err.message_en +
                       f" (item {item.code} is measured in {item.canonical_unit})",
                       err.message_zh + f"（{item.name_zh} 的单位为 "
                       f"{item.canonical_unit}）")
        if canonical is not None and item.is_fraction and canonical > 1:
            row.reject("quantity", f"{item.name_en} ({item.code}) {quantity:g} {unit_label} is "
                       f"above 1 (the whole); write a fraction such as 0.65, or 65 with unit %",
                       f"{item.name_zh} {quantity:g} {unit_label} 大于 1（全部）；请写成小数（如 0.65）"
                       "或 65 并以 % 为单位")
            canonical = None
    quality_text = text(row.cell("data_quality")).lower()
    quality = _QUALITY.get(quality_text, DataQuality.MEASURED) if quality_text else (
        DataQuality.MEASURED)
    if quality_text and quality_text not in _QUALITY:
        row.reject("data_quality", f"data_quality '{quality_text}' is not measured, calculated "
                   "or default", f"数据质量“{quality_text}”应为 实测/计算/缺省")
    measured = _measured(row, item, refdata) if item is not None else MeasuredParameters()
    if row.problems or item is None or period is None or quantity is None or canonical is None:
        return None
    site = text(row.cell("site"))
    source = text(row.cell("source")) or item.code
    key = (org_code, site, source, item.code, str(period))
    return ActivityRecord(
        record_id=record_id(key), org_code=org_code, site=site, source=source, item=item.code,
        period=str(period), quantity=quantity, unit=unit_label, quantity_canonical=canonical,
        canonical_unit=item.canonical_unit, measured=measured, data_quality=quality,
        evidence=text(row.cell("evidence")),
        origin=f"{row.sheet.file}#{row.sheet.sheet}!{row.raw.row}" if row.sheet.sheet else (
            f"{row.sheet.file}!{row.raw.row}"),
    )
