"""The installation operator's communication to EU importers of a CBAM good (JSON or HTML).

Its items follow the operator's summary emissions report, Implementing Reg. (EU) 2025/2547
Annex IV §1.2 (items (1)-(16)); what greenmfg cannot know from the workspace (embedded free
allocation, zero-rated fuels, CO2 capture) is marked for the operator to complete. The document
is prepared from the workspace data: it is not a verification report.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from greenmfg.errors import NotFoundError, OptionError
from greenmfg.model.cbam import Boundary, CbamReport, GoodResult, PrecursorOrigin

__all__ = ["operator_communication", "render_operator_communication",
           "write_operator_communication"]

_TO_COMPLETE = "to be completed by the operator / 由经营者填写"


def _chain(report: CbamReport, good: GoodResult) -> list[GoodResult]:
    """The good and the goods of the installation's own processes upstream of it."""
    by_id = {g.process_id: g for g in report.goods}
    seen: dict[str, GoodResult] = {}

    def visit(g: GoodResult) -> None:
        for pre in g.precursors:
            if pre.origin is PrecursorOrigin.OWN_PROCESS and pre.process in by_id \
                    and pre.process not in seen:
                visit(by_id[pre.process])
        seen.setdefault(g.process_id, g)

    visit(good)
    return list(seen.values())


def _good_item(g: GoodResult) -> dict[str, Any]:
    item: dict[str, Any] = {
        "cn_code": g.cn_code, "process": g.process_id, "name": g.process_name,
        "result_id": g.result_id, "activity_level_t": g.activity_level_t,
        "specific_direct_embedded_emissions_tco2e_per_t": g.see_direct_tco2e_per_t,
        "share_of_embedded_emissions_from_default_values": g.default_share,
        "embedded_emissions_tco2e_per_t": g.see_tco2e_per_t,
        "boundary": g.boundary.value,
    }
    if g.boundary is Boundary.DIRECT_INDIRECT:
        item["specific_indirect_embedded_emissions_tco2e_per_t"] = g.see_indirect_tco2e_per_t
        item["indirect_emissions_basis"] = (
            "electricity consumed × national grid CO2 factor: "
            + "; ".join(f"{f.dataset} {f.edition} {f.factor_id} = {f.value} {f.unit} "
                        f"(verification {f.verification})"
                        for f in g.factors if f.dataset == "electricity_co2"))
    else:
        item["specific_indirect_embedded_emissions_tco2e_per_t"] = None
        item["indirect_precursor_emissions_tco2e_per_t"] = g.see_indirect_tco2e_per_t
    item["specific_embedded_free_allocation"] = _TO_COMPLETE
    item["default_value_markup_this_year"] = g.default_markup
    return item


def operator_communication(report: CbamReport, cn_code: str) -> dict[str, Any]:
    """The communication for the good ``cn_code`` as plain data (items of Annex IV §1.2)."""
    good = report.good(cn_code)
    if good is None:
        known = ", ".join(g.cn_code for g in report.goods)
        raise NotFoundError(f"the installation produces no good with CN code '{cn_code}' in "
                            f"the input file; its goods: {known}",
                            f"输入文件中该设施没有 CN 编码为“{cn_code}”的货物；已有：{known}")
    chain = _chain(report, good)
    inst = report.installation
    precursors = [(g, p) for g in chain for p in g.precursors
                  if p.origin is not PrecursorOrigin.OWN_PROCESS]

    def pre_item(g: GoodResult, p: Any) -> dict[str, Any]:
        return {"used_in_process": g.process_id, "cn_code": p.cn_code, "name": p.name,
                "country_of_origin": p.country, "quantity_t": p.quantity_t,
                "specific_direct_embedded_emissions_tco2e_per_t": p.see_direct_tco2e_per_t,
                "specific_indirect_embedded_emissions_tco2e_per_t":
                    p.see_indirect_tco2e_per_t if p.boundary is Boundary.DIRECT_INDIRECT else None,
                "reference": p.reference, "reporting_period": report.year}

    return {
        "document": "Operator's summary emissions report, Implementing Regulation (EU) "
                    "2025/2547 Annex IV 1.2 (prepared by greenmfg from workspace data; not "
                    "verified) / 经营者排放报告摘要（未经核查）",
        "reporting_period": {"year": report.year},
        "1_operator": {"name": inst.operator or _TO_COMPLETE,
                       "registration_number": inst.operator_registration or _TO_COMPLETE,
                       "address": inst.address or _TO_COMPLETE},
        "2_installation": {"name": inst.name, "cbam_registry_identifier":
                           inst.identifier or _TO_COMPLETE, "unlocode": inst.unlocode
                           or _TO_COMPLETE, "address": inst.address or _TO_COMPLETE,
                           "country": inst.country, "coordinates_main_emission_source":
                           _TO_COMPLETE},
        "3_production_processes": [{"process": g.process_id, "name": g.process_name,
                                    "cn_code": g.cn_code, "sector": g.sector}
                                   for g in report.goods],
        "4_goods": [_good_item(g) for g in chain],
        "5_direct_emissions_tco2e": {
            "installation": report.total_direct_co2e_t,
            "per_process": {g.process_id: g.direct_co2e_t for g in report.goods}},
        "6_indirect_emissions_tco2e": report.total_indirect_co2e_t
        if any(g.boundary is Boundary.DIRECT_INDIRECT for g in report.goods) else None,
        "7_measurable_heat": {
            "imported": any(g.heat_import_co2e_t > 0 for g in report.goods),
            "exported": any(g.heat_export_co2e_t > 0 for g in report.goods)},
        "8_zero_rated_fuels": _TO_COMPLETE,
        "9_waste_gases": {
            "imported": any(g.waste_gas_import_co2e_t > 0 for g in report.goods),
            "exported": any(g.waste_gas_export_co2e_t > 0 for g in report.goods)},
        "10_co2_capture": _TO_COMPLETE,
        "11_electricity_exported_from_a_process": any(
            g.electricity_export_co2e_t > 0 for g in report.goods),
        "12_precursors_default_values": [
            {**pre_item(g, p), "applicable_default_value": p.see_direct_tco2e_per_t
             + (p.see_indirect_tco2e_per_t if p.boundary is Boundary.DIRECT_INDIRECT else 0.0)}
            for g, p in precursors if p.origin is PrecursorOrigin.DEFAULT],
        "13_precursors_actual_values": [
            pre_item(g, p) for g, p in precursors
            if p.origin in (PrecursorOrigin.SUPPLIER, PrecursorOrigin.EU)],
        "lineage": {
            "result_id": report.result_id, "method": report.method,
            "method_version": report.method_version,
            "greenmfg_version": report.greenmfg_version,
            "formulas": {g.process_id: list(g.formulas) for g in chain},
            "factors": sorted({(f.dataset, f.factor_id, f.edition, f.verification)
                               for g in chain for f in g.factors}),
            "notes": list(report.notes) + [n for g in chain for n in g.notes]},
    }


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("greenmfg.report", "templates"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def render_operator_communication(report: CbamReport, cn_code: str) -> str:
    """The communication as a self-contained bilingual HTML page."""
    data = operator_communication(report, cn_code)
    return _environment().get_template("cbam_communication.html.j2").render(
        data=data, json_text=json.dumps(data, ensure_ascii=False, indent=2))


def write_operator_communication(path: str | Path, report: CbamReport, cn_code: str) -> Path:
    """Write the communication as ``.json`` or ``.html`` (chosen by the file name)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        text = json.dumps(operator_communication(report, cn_code), ensure_ascii=False,
                          indent=2) + "\n"
    elif suffix in (".html", ".htm"):
        text = render_operator_communication(report, cn_code)
    else:
        raise OptionError(f"--out must end in .json or .html, not '{path.name}'",
                          f"--out 须以 .json 或 .html 结尾，而不是“{path.name}”",
                          expected=".json | .html", found=path.suffix)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
