"""``greenmfg footprint product``: the ISO 14067 / GB/T 24067 footprint of a plant's product.

The command parses options, calls :meth:`~greenmfg.workspace.Workspace.product_footprint` and
renders the study: a table, or the report as JSON or offline HTML (to ``--out`` or stdout).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from greenmfg.cli.session import open_workspace, state
from greenmfg.errors import OptionError
from greenmfg.footprint.study import CutOffRule, ProductFootprint
from greenmfg.report.pcf import (
    build_footprint_context,
    footprint_json,
    render_footprint_html,
    write_footprint_report,
)
from greenmfg.workspace import Workspace

__all__ = ["DEMO_PRODUCTS", "demo_footprints", "print_demo_footprints", "print_product_footprint",
           "product"]


class ReportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    HTML = "html"


class AllocationChoice(StrEnum):
    NONE = "none"
    PHYSICAL = "physical"
    PHYSICAL_ENERGY = "physical-energy"
    ECONOMIC = "economic"


def _pairs(values: list[str] | None, option: str) -> dict[str, float]:
    """``ITEM=NUMBER`` options as a dict; a bad one names the option and the text."""
    out: dict[str, float] = {}
    for text in values or []:
        item, sep, number = text.partition("=")
        try:
            if not sep or not item.strip():
                raise ValueError(text)
            out[item.strip()] = float(number)
        except ValueError as exc:
            raise OptionError(f"{option} takes ITEM=NUMBER, got '{text}'",
                              f"{option} 的格式应为 项目=数值，实际为“{text}”",
                              expected="ITEM=NUMBER", found=text) from exc
    return out


def print_product_footprint(console: Console, fp: ProductFootprint, lang: str) -> None:
    """The study as a headline, its stages, its lines and its gaps, in ``lang``."""
    ctx = build_footprint_context(fp, lang)
    labels = ctx["labels"]
    console.print(f"[bold]{labels['cfp']}[/] {ctx['product']} · {ctx['org']} · {ctx['year']}: "
                  f"[bold]{ctx['cfp']} kg CO2e[/] {labels['per']} {ctx['declared_unit']} "
                  f"({ctx['boundary']}; {labels['allocation']}: {ctx['allocation_rule']})")
    console.print(f"{labels['fossil']} {ctx['fossil']} · {labels['biogenic_emission']} "
                  f"{ctx['biogenic_emission']} · {labels['biogenic_removal']} "
                  f"{ctx['biogenic_removal']} · {labels['dqr']} {ctx['dqr']} · {ctx['study_id']}")
    table = Table(title=labels["lines"])
    for key in ("item", "stage", "status", "amount", "unit", "process", "per_unit", "share"):
        table.add_column(labels[key], overflow="fold",
                         justify="right" if key in ("amount", "per_unit", "share") else "left")
    for row in ctx["lines"] + ctx["cut_off_lines"] + ctx["gaps"]:
        table.add_row(*(row[k] for k in ("item", "stage", "status", "amount", "unit", "process",
                                         "per_unit", "share")))
    console.print(table)
    console.print(" · ".join(f"{s['name']} {s['value']}" for s in ctx["stages"]))
    if not ctx["complete"]:
        console.print(f"[yellow]{labels['incomplete']}[/]")
    for note in ctx["notes"]:
        console.print(f"- {note}")


def product(
    org: Annotated[str, typer.Option(help="Enterprise code (e.g. PV01)")],
    year: Annotated[int, typer.Option(help="Data year")],
    product: Annotated[str, typer.Option(help="Product item code (e.g. pv_module)")],
    allocation: Annotated[AllocationChoice, typer.Option(
        help="Allocation among the plant's outputs: physical = by mass")] = AllocationChoice.NONE,
    price: Annotated[list[str] | None, typer.Option(
        help="ITEM=CNY per unit, for economic allocation (repeatable)")] = None,
    energy: Annotated[list[str] | None, typer.Option(
        help="ITEM=MJ per unit, for physical-energy allocation (repeatable)")] = None,
    declared_amount: Annotated[float, typer.Option(
        help="Declared unit, in the product's unit")] = 1.0,
    method: Annotated[str, typer.Option(help="GWP method id, code or name")] = "ar6-gwp100",
    links: Annotated[Path | None, typer.Option(
        help="CSV linking table: item,database,process,factor,pedigree scores,source")] = None,
    scenarios: Annotated[Path | None, typer.Option(
        help="CSV of distribution/use/end-of-life inputs per declared unit (cradle-to-grave): "
             "stage,item,amount,unit,database,process,factor")] = None,
    intermediate: Annotated[list[str] | None, typer.Option(
        help="Product item made and used on site, not a co-product (repeatable)")] = None,
    cut_off_each: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Cut-off: largest mass share of one unlinked input")] = 0.01,
    cut_off_total: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Cut-off: largest mass share of all cut-off inputs")] = 0.05,
    fmt: Annotated[ReportFormat, typer.Option("--format")] = ReportFormat.TABLE,
    out: Annotated[Path | None, typer.Option(help="Write the report here (json or html)")] = None,
) -> None:
    """ISO 14067 / GB/T 24067 carbon footprint of a product from the plant's own data /
    由企业自身数据计算产品碳足迹（ISO 14067 / GB/T 24067-2024）。"""
    with open_workspace() as ws:
        fp = ws.product_footprint(
            org, year, product, allocation=allocation.value, method=method,
            prices_cny_per_unit=_pairs(price, "--price"),
            energy_mj_per_unit=_pairs(energy, "--energy"), declared_amount=declared_amount,
            links=links, cut_off=CutOffRule(max_share_each=cut_off_each,
                                            max_share_total=cut_off_total),
            intermediates=tuple(intermediate or ()), scenarios=scenarios)
    if fmt is ReportFormat.TABLE:
        print_product_footprint(Console(soft_wrap=False, width=160), fp, state.lang)
        return
    if out is None:
        typer.echo(footprint_json(fp) if fmt is ReportFormat.JSON else
                   render_footprint_html(fp, state.lang), nl=False)
        return
    typer.echo(str(write_footprint_report(fp, out, fmt.value, state.lang)))


#: The demo park's product footprints: (enterprise, product item, declared unit).
DEMO_PRODUCTS: tuple[tuple[str, str, float], ...] = (
    ("PV01", "pv_module", 0.001), ("ALU01", "primary_aluminium", 1.0))


def demo_footprints(ws: Workspace, year: int) -> list[ProductFootprint]:
    """The footprints of the demo park's PV module (per kW) and aluminium (per t)."""
    return [ws.product_footprint(org, year, item, declared_amount=amount)
            for org, item, amount in DEMO_PRODUCTS]


def print_demo_footprints(console: Console, footprints: list[ProductFootprint],
                          lang: str) -> None:
    """One line per footprint, and the command that writes its full report."""
    for fp in footprints:
        ctx = build_footprint_context(fp, lang)
        labels = ctx["labels"]
        gaps = ", ".join(g.item for g in fp.gaps)
        console.print(f"[bold]{labels['cfp']}[/] {ctx['product']} · {ctx['org']} · {fp.year}: "
                      f"[bold]{ctx['cfp']} kg CO2e[/] {labels['per']} {ctx['declared_unit']} "
                      f"({ctx['boundary']})"
                      + (f" · [yellow]{labels['gaps']}: {gaps}[/]" if gaps else ""))
    if footprints:
        first = footprints[0]
        console.print(f"  greenmfg footprint product --org {first.org} --year {first.year} "
                      f"--product {first.product.item} --format html --out pcf.html")
