"""Rich and machine renderings of results; no computation happens here."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from greenmfg.accounting import SECTORS
from greenmfg.i18n import label
from greenmfg.model import BenchmarkReport, EmissionLine, EnergyLine, EtsCompliance, Inventory
from greenmfg.refdata import reference_data
from greenmfg.units import display


def num(x: float, digits: int = 3) -> str:
    return f"{x:,.{digits}f}"


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)


def rows_csv(rows: Sequence[dict[str, Any]]) -> str:
    """Flat rows as CSV (header from the first row's keys; ``None`` as an empty cell).

    >>> print(rows_csv([{"code": "CEM01", "name": "水泥", "parent": None}]), end="")
    code,name,parent
    CEM01,水泥,
    """
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()


def inventory_json(inventory: Inventory) -> str:
    return to_json(inventory.model_dump(mode="json"))


INVENTORY_CSV_COLUMNS = ("org", "year", "section", "name", "site", "source", "item", "gas",
                         "category", "scope", "value", "unit", "result_id")


def inventory_csv(inventory: Inventory) -> str:
    """Long format: totals, breakdowns, every emission line and energy line, full precision."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=INVENTORY_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    base = {"org": inventory.org, "year": inventory.year}

    def row(section: str, name: str, value: float, unit: str, **extra: str) -> None:
        writer.writerow({**base, "section": section, "name": name, "value": repr(value),
                         "unit": unit, **extra})

    for key in ("co2e_t", "scope1_co2e_t", "scope2_location_co2e_t", "scope2_market_co2e_t"):
        row("total", key, getattr(inventory, key), "tCO2e",
            result_id=inventory.lineage.result_id)
    for key in ("energy_tce_calorific", "energy_tce_coal_equivalent"):
        row("total", key, getattr(inventory, key), "tce", result_id=inventory.lineage.result_id)
    for name, value in inventory.by_category.items():
        row("by_category", name, value, "tCO2e", category=name)
    for name, value in inventory.by_gas.items():
        row("by_gas", name, value, "tCO2e", gas=name)
    for s in inventory.by_source:
        row("by_source", s.source, s.co2e_t, "tCO2e", site=s.site, source=s.source)
    for line in inventory.lines:
        row("line", line.item, line.co2e_t, "tCO2e", site=line.site, source=line.source,
            item=line.item, gas=line.gas, category=line.category.value,
            scope=line.scope.value, result_id=line.result_id)
    for e in inventory.energy:
        row("energy_calorific", e.item, e.tce_calorific, "tce", item=e.item,
            result_id=e.result_id)
        row("energy_coal_equivalent", e.item, e.tce_coal_equivalent, "tce", item=e.item,
            result_id=e.result_id)
    for i in inventory.intensities:
        row("intensity", f"{i.numerator}/{i.denominator}", i.value, i.unit, item=i.denominator)
    return buffer.getvalue()


def print_inventory(console: Console, inventory: Inventory, lang: str) -> None:
    def t(key: str) -> str:
        return label(key, lang)

    item_name = {x.item: (x.item_name_zh if lang == "zh-CN" else x.item_name_en)
                 for x in inventory.lines}
    head = Table(title=f"{t('inventory_title')} · {inventory.org_name} ({inventory.org}) · "
                       f"{inventory.year}", show_header=False)
    head.add_column(justify="left")
    head.add_column(justify="right")
    total = ("total_gbt32150" if inventory.method == "gbt32150" else
             f"{t('total_method')} ({inventory.method} {inventory.lineage.method_version})")
    for key, value, unit in (
        (total, inventory.co2e_t, "tCO2e"),
        ("scope1", inventory.scope1_co2e_t, "tCO2e"),
        ("scope2_location", inventory.scope2_location_co2e_t, "tCO2e"),
        ("scope2_market", inventory.scope2_market_co2e_t, "tCO2e"),
        ("energy_calorific", inventory.energy_tce_calorific, "tce"),
        ("energy_coal_equivalent", inventory.energy_tce_coal_equivalent, "tce"),
    ):
        head.add_row(t(key), f"{num(value)} {unit}")
    head.add_row(t("result_id"), inventory.lineage.result_id)
    console.print(head)
    cat = Table(title=t("by_category"))
    cat.add_column(t("category"))
    cat.add_column(t("co2e_t"), justify="right")
    for name, value in inventory.by_category.items():
        cat.add_row(t(name), num(value))
    gas = Table(title=t("by_gas"))
    gas.add_column(t("gas"))
    gas.add_column(t("co2e_t"), justify="right")
    for name, value in inventory.by_gas.items():
        gas.add_row(name, num(value))
    console.print(cat)
    console.print(gas)
    lines = Table(title=t("by_source"))
    for col in ("site", "source", "item", "gas", "quantity", "co2e_t", "result_id"):
        lines.add_column(t(col), justify="right" if col in ("quantity", "co2e_t") else "left")
    for x in inventory.lines:
        lines.add_row(escape(x.site), escape(x.source), escape(item_name[x.item]), x.gas,
                      f"{num(x.activity)} {display(x.activity_unit)}", num(x.co2e_t),
                      x.result_id)
    console.print(lines)
    energy = Table(title=t("energy_by_carrier"))
    for col in ("item", "quantity", "energy_calorific", "energy_coal_equivalent", "result_id"):
        energy.add_column(t(col))
    for e in inventory.energy:
        energy.add_row(escape(e.item_name_zh if lang == "zh-CN" else e.item_name_en),
                       f"{num(e.quantity)} {display(e.unit)}", num(e.tce_calorific),
                       num(e.tce_coal_equivalent), e.result_id)
    console.print(energy)
    if inventory.intensities:
        inten = Table(title=t("intensity"))
        inten.add_column(t("indicator"))
        inten.add_column(t("value"), justify="right")
        inten.add_column(t("unit"))
        names = reference_data().items
        for i in inventory.intensities:
            numerator = t("energy_calorific" if i.numerator.startswith("energy") else "co2e_t")
            inten.add_row(f"{numerator} / {escape(names[i.denominator].name(lang))}",
                          f"{i.value:,.6g}", escape(i.unit))
        console.print(inten)
    for note in inventory.lineage.notes:
        console.print(f"[yellow]{t('notes')}:[/] {escape(note)}")


def print_explanation(console: Console, result_id: str, kind: str, inventory: Inventory,
                      line: EmissionLine | EnergyLine | None, records: Sequence[Any],
                      lang: str) -> None:
    def t(key: str) -> str:
        return label(key, lang)

    console.print(f"[bold]{t('result_id')}[/]: {result_id} ({kind}) · {inventory.org} · "
                  f"{inventory.year} · {t('method')}: {inventory.lineage.method} "
                  f"{inventory.lineage.method_version} · "
                  f"GWP {inventory.lineage.options.gwp_set} · "
                  f"{t('fuel_edition')} {inventory.lineage.options.fuel_edition} · "
                  f"{t('grid_level')} {inventory.lineage.options.grid_level}")
    if isinstance(line, EmissionLine):
        console.print(f"[bold]{t('formula')}[/]: {line.formula}")
        console.print(display(line.formula_filled), soft_wrap=True, markup=False)
        console.print(f"= {num(line.co2e_t, 6)} tCO2e")
        factors = line.factors
    elif isinstance(line, EnergyLine):
        console.print(f"[bold]{t('formula')}[/]: E = Σ e_i × p_i (GB/T 2589-2020)")
        console.print(display(line.formula_filled), soft_wrap=True, markup=False)
        factors = line.factors
    else:
        method = ("GB/T 32150-2015" if inventory.method == "gbt32150" else
                  f"{inventory.lineage.method} {inventory.lineage.method_version}")
        console.print(f"[bold]{t('formula')}[/]: E = Σ E_line ({method})")
        console.print(" + ".join(f"{num(x.co2e_t, 6)}" for x in inventory.lines) +
                      f" = {num(inventory.co2e_t, 6)} tCO2e", soft_wrap=True)
        factors = inventory.lineage.factors
    table = Table(title=t("factors"))
    for col in ("name", "value", "unit", "edition", "document", "validity", "verification",
                "notes"):
        table.add_column(t(col), overflow="fold")
    for f in factors:
        validity = f"{f.valid_from or '…'} – {f.valid_to or '…'}"
        table.add_row(*(escape(x) for x in (f.name, f"{f.value:.10g}", display(f.unit), f.edition,
                                            f.document, validity, f.verification, f.note)))
    console.print(table)
    inputs = Table(title=t("inputs"))
    for col in ("record_id", "period", "quantity", "unit", "file", "notes"):
        inputs.add_column(t(col), overflow="fold")
    for r in records:
        extra = ", ".join(f"{k}={v:.10g}" for k, v in r.measured.model_dump().items()
                          if v is not None)
        inputs.add_row(*(escape(x) for x in (
            r.record_id, r.period, f"{r.quantity:.10g}", r.unit, r.origin,
            "; ".join(x for x in (r.data_quality, r.evidence, extra) if x))))
    console.print(inputs)
    for note in inventory.lineage.notes:
        console.print(f"[yellow]{t('notes')}:[/] {escape(note)}")


def print_ets(console: Console, result: EtsCompliance, lang: str) -> None:
    def t(key: str) -> str:
        return label(key, lang)

    def amount(value: float | None) -> str:
        return t("not_known") if value is None else f"{num(value)} tCO2e"

    lineage = result.lineage
    sector_name = {s.code: s.name_zh if lang == "zh-CN" else s.name_en for s in SECTORS}
    covered = {"direct (scope 1)": t("covered_direct"),
               "direct and indirect (scope 1 and 2)": t("covered_direct_indirect")}
    items = reference_data().items
    output_name = (items[lineage.output_item].name(lang) if lineage.output_item in items
                   else lineage.output_item)
    table = Table(title=f"{t('ets_title')} · {result.org} · {result.year}", show_header=False)
    table.add_column(justify="left")
    table.add_column(justify="right")
    for key, text in (
        ("sector", sector_name.get(result.sector, result.sector)),
        ("method", f"{lineage.method} {lineage.method_version}"),
        ("verified_emissions", f"{amount(result.verified_emissions_t)} "
                               f"({covered.get(lineage.covered, lineage.covered)})"),
        ("allocation_rule", t(f"rule_{lineage.rule.value}")),
        ("output", f"{num(lineage.output_t)} {display(lineage.output_unit)} {output_name}"),
        *((("heat_supplied", f"{num(lineage.heat_supplied_gj)} GJ"),)
          if lineage.heat_supplied_gj else ()),
        ("allowance", amount(result.allowance_t)),
        ("surplus", amount(result.surplus_t)),
        ("ccer_limit", amount(result.ccer_limit_t)),
        ("result_id", f"{lineage.result_id} ({t('of_inventory')} {lineage.inventory_result_id})"),
    ):
        table.add_row(t(key), escape(text))
    console.print(table)
    factors = Table(title=t("factors"))
    for col in ("name", "value", "unit", "edition", "verification"):
        factors.add_column(t(col), overflow="fold")
    for f in lineage.factors:
        factors.add_row(*(escape(x) for x in (f.name, f"{f.value:.10g}", f.unit, f.edition,
                                               f.verification)))
    console.print(factors)
    for note in lineage.notes:
        console.print(f"[yellow]{t('notes')}:[/] {escape(note)}")


def print_benchmark(console: Console, report: BenchmarkReport, lang: str) -> None:
    def t(key: str) -> str:
        return label(key, lang)

    table = Table(title=f"{t('benchmark_title')} · {report.org_name} ({report.org}) · "
                        f"{report.year}")
    for col in ("site", "product", "indicator", "value", "limit_level", "ndrc_class",
                "gap_to_benchmark", "gap_tce_per_year", "document"):
        table.add_column(t(col), overflow="fold")
    for line in report.lines:
        gap = "" if line.gap_to_benchmark is None else f"{line.gap_to_benchmark:,.2f} {line.unit}"
        tce = "" if line.gap_tce_per_year is None else num(line.gap_tce_per_year, 0)
        table.add_row(escape(line.line_id.split("/")[0]), escape(line.product_zh),
                      escape(line.indicator_zh), f"{line.value:,.2f} {escape(line.unit)}",
                      str(line.limit_level or ""), t(line.ndrc_class.value) if line.ndrc_class
                      else "", gap, tce, escape(line.limit_standard or ""))
    console.print(table)
    for price in report.tiered_price:
        console.print(f"{t('tiered_price')}: {price.value_kwh_per_t:,.1f} kWh/t · "
                      f"{t('threshold')} {price.threshold_kwh_per_t:,.0f} kWh/t · "
                      f"+{price.surcharge_cny_per_kwh:.2f} CNY/kWh · {escape(price.document)}")
    for line in report.lines:
        for note in line.notes:
            console.print(f"[yellow]{t('notes')}[/] {escape(line.line_id)}: {escape(note)}")
