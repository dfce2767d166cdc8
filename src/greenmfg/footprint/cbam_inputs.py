"""Building a CBAM :class:`~greenmfg.footprint.cbam.Installation` from an inventory.

Pure: it takes the enterprise's computed inventory, its activity records for the year, the
input file's process split (:class:`~greenmfg.model.cbam.CbamSpec`) and the reference data.

Where each number comes from, per production process:

- direct emissions: the process's ``mass_balance`` (f = 3.664 tCO2/tC), else its
  ``direct_co2e_t``, else the scope-1 fuel-combustion and process lines of the inventory at
  its ``sites`` (minus ``exclude_sources``, e.g. mobile machinery for transport, which CBAM
  excludes: 2025/2547 Annex II B.1(c)). Recovered CO2 is not deducted: CBAM deducts only CO2
  transferred for permanent storage or binding, which an inventory line does not tell.
- heat: exported and purchased heat lines of the inventory at those sites, at the GB/T 32151
  default 0.11 tCO2/GJ, unless given (CBAM's own heat factor, 2025/2547 Annex III A, would use
  the fuel mix of the heat production: give ``heat_export_co2e_t`` to use it).
- electricity: purchased-electricity lines at those sites in MWh, unless given, times the MEE
  national average electricity CO2 factor of the year (the latest earlier year when none is
  published): CBAM lets an exporting country's grid factor stand for indirect emissions.
- activity level: the year's records of ``output_item`` at those sites (t), unless given.
"""

from __future__ import annotations

from collections.abc import Sequence

from greenmfg.errors import InputError, Location, NotFoundError
from greenmfg.footprint.cbam import (
    CarbonStream,
    GoodClass,
    Installation,
    Precursor,
    ProductionProcess,
    format_quantity,
    mass_balance_co2_t,
)
from greenmfg.model.activity import ActivityRecord
from greenmfg.model.cbam import Boundary, CbamSpec, PrecursorOrigin, PrecursorSpec, ProcessSpec
from greenmfg.model.results import Category, FactorUse, Inventory, Scope
from greenmfg.refdata.cbam import cbam_default, cbam_good
from greenmfg.refdata.loader import ReferenceData

__all__ = ["build_installation", "good_class"]

_DIRECT = (Category.FUEL_COMBUSTION, Category.PROCESS)


def good_class(refdata: ReferenceData, cn_code: str) -> GoodClass:
    """Sector, boundary and mark-ups of a CN code from the packaged ``cbam_goods`` dataset."""
    row = cbam_good(refdata, cn_code)
    marks = (row["markup_2026"], row["markup_2027"], row["markup_2028"])
    factor = refdata.use("cbam_goods", row, name=f"CBAM scope of CN {row['cn_prefix']} "
                         f"({row['sector']}, {row['boundary']})", value_column="markup_2028",
                         unit="mark-up 2028+ (fraction)") if all(marks) else None
    return GoodClass(cn_code=cn_code, sector=row["sector"], boundary=Boundary(row["boundary"]),
                     markups=(float(marks[0]), float(marks[1]), float(marks[2]))
                     if all(marks) else None, factor=factor)


def build_installation(spec: CbamSpec, org: str, year: int, inventory: Inventory,
                       records: Sequence[ActivityRecord], refdata: ReferenceData, *,
                       source: str) -> Installation:
    """The installation of ``spec`` with its numbers taken from ``inventory`` and ``records``.

    ``source`` names the input file in error messages, whose column is the JSON path.
    """
    ef, ef_note = _electricity_factor(refdata, year)
    known = {line.site for line in inventory.lines} | {r.site for r in records}
    if not known:
        raise InputError(f"{org} has no activity data for {year}: import the year's data first",
                         f"{org} 没有 {year} 年的活动数据：请先导入该年数据",
                         location=_where(source, "processes"), expected=f"activity in {year}",
                         found="none")
    for i, p in enumerate(spec.processes):
        unknown = sorted(set(p.sites) - known)
        if unknown:
            raise InputError(
                f"process '{p.id}': {org} has no data at site(s) {', '.join(unknown)} in "
                f"{year}; its sites: {', '.join(sorted(known))}",
                f"生产过程“{p.id}”：{org} {year} 年在场所 {', '.join(unknown)} 没有数据；"
                f"已有场所：{', '.join(sorted(known))}",
                location=_where(source, f"processes[{i}].sites"), expected=" | ".join(sorted(known)),
                found=", ".join(unknown))
    levels: dict[str, float] = {}
    for i, p in enumerate(spec.processes):
        levels[p.id] = _activity_level(p, records, source, f"processes[{i}]")
    processes = tuple(_process(p, f"processes[{i}]", year, inventory, refdata, levels, ef,
                               ef_note, source)
                      for i, p in enumerate(spec.processes))
    notes: tuple[str, ...] = ("Transport by mobile machinery is outside CBAM boundaries (2025/2547 Annex II "
             "B.1(c)): list such sources under exclude_sources / 移动运输机械排放不在 CBAM 边界内，"
             "请列入 exclude_sources",)
    if ef_note:
        notes += (ef_note,)
    return Installation(org=org, year=year, spec=spec.installation, processes=processes,
                        notes=notes)


def _electricity_factor(refdata: ReferenceData, year: int) -> tuple[FactorUse, str]:
    row, note = refdata.electricity_co2(year, level="national", region_code="CN",
                                        factor_type="average")
    use = refdata.use("electricity_co2", row, name="electricity CO2 factor (CBAM indirect, "
                      "national grid average)", value_column="value_tco2_per_mwh",
                      unit="tCO2/MWh", note=note)
    return use, note


def _where(source: str, path: str) -> Location:
    return Location(file=source, column=path)


def _activity_level(p: ProcessSpec, records: Sequence[ActivityRecord], source: str,
                    path: str) -> float:
    if p.activity_level_t is not None:
        return p.activity_level_t
    if not p.output_item or not p.sites:
        raise InputError(
            f"process '{p.id}' needs its production: give activity_level_t, or output_item "
            "and sites", f"生产过程“{p.id}”缺少产量：请填写 activity_level_t，或 output_item 与 sites",
            location=_where(source, f"{path}.activity_level_t"),
            expected="activity_level_t, or output_item + sites", found="neither")
    found = [r for r in records if r.item == p.output_item and r.site in p.sites]
    units = {r.canonical_unit for r in found}
    if units - {"t"}:
        raise InputError(f"output item '{p.output_item}' of process '{p.id}' is in "
                         f"{', '.join(sorted(units))}, not tonnes",
                         f"生产过程“{p.id}”的产品品种“{p.output_item}”单位不是吨",
                         location=_where(source, f"{path}.output_item"), expected="t",
                         found=", ".join(sorted(units)))
    total = sum(r.quantity_canonical for r in found)
    if not total > 0.0:
        raise InputError(
            f"process '{p.id}' produced {total:g} t of '{p.output_item}' at "
            f"{', '.join(p.sites)} in the year; SEE is per tonne of output, so the activity level "
            "must be positive: check the output item and sites, or give activity_level_t",
            f"生产过程“{p.id}”在 {', '.join(p.sites)} 的“{p.output_item}”年产量为 {total:g} t；"
            "SEE 按单位产量计算，产量须为正：请检查产品品种与场所，或填写 activity_level_t",
            location=_where(source, f"{path}.output_item"), expected="production > 0 t",
            found=f"{total:g}")
    return total


def _process(p: ProcessSpec, path: str, year: int, inventory: Inventory,
             refdata: ReferenceData, levels: dict[str, float], ef: FactorUse, ef_note: str,
             source: str) -> ProductionProcess:
    try:
        good = good_class(refdata, p.cn_code)
    except NotFoundError as exc:
        raise InputError(exc.message_en, exc.message_zh,
                         location=_where(source, f"{path}.cn_code"),
                         expected="a CBAM good's CN code", found=p.cn_code) from exc
    lines = [line for line in inventory.lines if line.site in p.sites]
    detail: list[str] = []
    record_ids: list[str] = []
    factors: list[FactorUse] = []
    if p.mass_balance:
        streams = [CarbonStream(s.name, s.quantity_t, s.carbon_fraction) for s in p.mass_balance]
        direct = mass_balance_co2_t(streams)
        terms = " + ".join(f"({s.quantity_t:g} t × {s.carbon_fraction:g})" for s in streams)
        detail.append(f"mass balance: DirEm = 3.664 × [{terms}] = {format_quantity(direct)} tCO2")
    elif p.direct_co2e_t is not None:
        direct = p.direct_co2e_t
        detail.append(f"direct emissions given in the input file: {format_quantity(direct)} tCO2e")
    else:
        used = [line for line in lines if line.category in _DIRECT
                and line.scope is Scope.SCOPE1 and line.source not in p.exclude_sources]
        direct = sum(line.co2e_t for line in used)
        for line in used:
            detail.append(f"{line.site} · {line.source} · {line.item}: {format_quantity(line.co2e_t)} "
                          f"tCO2e (inventory line {line.result_id})")
            record_ids.extend(line.input_record_ids)
            factors.extend(line.factors)
        for line in lines:
            if line.source in p.exclude_sources:
                detail.append(f"excluded: {line.site} · {line.source} · {line.item} "
                              f"{format_quantity(line.co2e_t)} tCO2e")
            elif line.category is Category.RECOVERED_CO2:
                detail.append(f"not deducted (CBAM): recovered CO2 {line.source} "
                              f"{format_quantity(-line.co2e_t)} t")
    heat_exp = p.heat_export_co2e_t
    heat_imp = p.heat_import_co2e_t
    for line in lines:
        if line.category is Category.EXPORTED_HEAT and p.heat_export_co2e_t is None:
            heat_exp = (heat_exp or 0.0) - line.co2e_t
            factors.extend(line.factors)
            record_ids.extend(line.input_record_ids)
        if line.category is Category.PURCHASED_HEAT and p.heat_import_co2e_t is None:
            heat_imp = (heat_imp or 0.0) + line.co2e_t
            factors.extend(line.factors)
            record_ids.extend(line.input_record_ids)
    mwh = p.electricity_mwh
    if mwh is None:
        elec = [line for line in lines if line.category is Category.PURCHASED_ELECTRICITY]
        bad = {line.activity_unit for line in elec} - {"MWh"}
        if bad:  # pragma: no cover - the accounting engine reports electricity in MWh
            raise InputError(f"electricity of process '{p.id}' is not in MWh: {bad}")
        mwh = sum(line.activity for line in elec)
        record_ids.extend(rid for line in elec for rid in line.input_record_ids)
    notes: list[str] = []
    if any(line.category is Category.EXPORTED_ELECTRICITY for line in lines) \
            and p.electricity_export_co2e_t == 0.0:
        notes.append("exported electricity is not deducted (Em_el,exp = 0): give "
                     "electricity_export_co2e_t from the fuel used to generate it / 输出电力"
                     "未扣减，如需扣减请按发电所用燃料填写 electricity_export_co2e_t")
    precursors = tuple(_precursor(pre, f"{path}.precursors[{j}]", p, refdata, levels, source)
                       for j, pre in enumerate(p.precursors))
    return ProductionProcess(
        process_id=p.id, name=p.name or p.id, good=good, activity_level_t=levels[p.id],
        direct_co2e_t=direct, electricity_mwh=mwh, electricity_factor=ef,
        heat_import_co2e_t=heat_imp or 0.0, heat_export_co2e_t=heat_exp or 0.0,
        waste_gas_import_co2e_t=p.waste_gas_import_co2e_t,
        waste_gas_export_co2e_t=p.waste_gas_export_co2e_t,
        electricity_export_co2e_t=p.electricity_export_co2e_t, precursors=precursors,
        direct_detail=tuple(detail), input_record_ids=tuple(dict.fromkeys(record_ids)),
        factors=tuple(factors), notes=tuple(notes))


def _precursor(pre: PrecursorSpec, path: str, consumer: ProcessSpec, refdata: ReferenceData,
               levels: dict[str, float], source: str) -> Precursor:
    try:
        good = good_class(refdata, pre.cn_code)
    except NotFoundError as exc:
        raise InputError(exc.message_en, exc.message_zh, location=_where(source, f"{path}.cn_code"),
                         expected="a CBAM good's CN code", found=pre.cn_code) from exc
    if pre.origin is PrecursorOrigin.OWN_PROCESS:
        if pre.process is None or pre.process not in levels:
            known = ", ".join(levels)
            raise InputError(f"precursor '{pre.name}' of process '{consumer.id}' is made in "
                             f"process '{pre.process}', which the file does not define; known: "
                             f"{known}", f"生产过程“{consumer.id}”的前体“{pre.name}”来自未定义的"
                             f"生产过程“{pre.process}”；已定义：{known}",
                             location=_where(source, f"{path}.process"), expected=known,
                             found=str(pre.process))
        quantity = levels[pre.process] if pre.quantity_t == "all" else pre.quantity_t
        return Precursor(pre.name, good, pre.origin, quantity, process=pre.process,
                         country=pre.country, reference=pre.reference)
    if pre.quantity_t == "all":
        raise InputError(f"precursor '{pre.name}': quantity 'all' is only for precursors made "
                         "in the installation (origin own_process)",
                         f"前体“{pre.name}”：用量 all 仅适用于本设施自产前体（own_process）",
                         location=_where(source, f"{path}.quantity_t"), expected="tonnes",
                         found="all")
    if pre.origin is PrecursorOrigin.EU:
        return Precursor(pre.name, good, pre.origin, pre.quantity_t, country=pre.country,
                         reference=pre.reference)
    needs_indirect = good.boundary is Boundary.DIRECT_INDIRECT
    if pre.origin is PrecursorOrigin.SUPPLIER:
        if not pre.reference.strip() or pre.see_direct_tco2e_per_t is None or (
                needs_indirect and pre.see_indirect_tco2e_per_t is None):
            raise InputError(
                f"precursor '{pre.name}' with supplier values needs see_direct_tco2e_per_t"
                + (", see_indirect_tco2e_per_t" if needs_indirect else "")
                + " and the reference of the supplier's verification report (2025/2547 Annex "
                "II E); without one, use origin 'default'",
                f"采用供应商实际值的前体“{pre.name}”须填写 see_direct_tco2e_per_t"
                + ("、see_indirect_tco2e_per_t" if needs_indirect else "")
                + " 及供应商核查报告编号（reference）；没有核查报告时请使用 default",
                location=_where(source, path), expected="SEE values and a verification report",
                found="missing")
        return Precursor(pre.name, good, pre.origin, pre.quantity_t,
                         see_direct_tco2e_per_t=pre.see_direct_tco2e_per_t,
                         see_indirect_tco2e_per_t=pre.see_indirect_tco2e_per_t or 0.0,
                         country=pre.country, reference=pre.reference)
    # default values: the user's (with its document), else a packaged row
    if pre.see_direct_tco2e_per_t is not None:
        if not pre.reference.strip():
            raise InputError(
                f"precursor '{pre.name}': a default value given in the file needs its "
                "reference (the table of Implementing Reg. (EU) 2025/2621 it was read from)",
                f"前体“{pre.name}”：文件中给出的缺省值须注明出处（reference）",
                location=_where(source, f"{path}.reference"), expected="a document",
                found="empty")
        return Precursor(pre.name, good, pre.origin, pre.quantity_t,
                         see_direct_tco2e_per_t=pre.see_direct_tco2e_per_t,
                         see_indirect_tco2e_per_t=pre.see_indirect_tco2e_per_t or 0.0,
                         country=pre.country, reference=pre.reference)
    row = cbam_default(refdata, pre.cn_code, pre.country or "CN")
    if row is None or not row["direct_tco2e_per_t"]:
        raise InputError(
            f"no packaged CBAM default value for precursor '{pre.name}' (CN {pre.cn_code}, "
            f"country {pre.country or 'CN'}): China's default values were not found in any "
            "stored source; give see_direct_tco2e_per_t (and see_indirect_tco2e_per_t) with "
            "their reference from Implementing Reg. (EU) 2025/2621 Annex I",
            f"没有前体“{pre.name}”（CN {pre.cn_code}，国家 {pre.country or 'CN'}）的内置 CBAM "
            "缺省值：中国缺省值未在任何资料中找到；请按欧盟 2025/2621 号实施条例附件一填写 "
            "see_direct_tco2e_per_t（及 see_indirect_tco2e_per_t）并注明出处",
            location=_where(source, f"{path}.see_direct_tco2e_per_t"),
            expected="a default value with its reference", found="none packaged")
    use = refdata.use("cbam_defaults", row, name=f"CBAM default value CN {row['cn_line']} "
                      f"{row['country']} (direct)", value_column="direct_tco2e_per_t",
                      unit="tCO2e/t")
    indirect = float(row["indirect_tco2e_per_t"]) if row["indirect_tco2e_per_t"] else 0.0
    return Precursor(pre.name, good, pre.origin, pre.quantity_t,
                     see_direct_tco2e_per_t=float(row["direct_tco2e_per_t"]),
                     see_indirect_tco2e_per_t=indirect, country=row["country"],
                     reference=row["document"], factor=use)
