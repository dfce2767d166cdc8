"""``greenmfg footprint``: import LCA data, list products and methods, score and sample footprints.

Commands parse options, call the :class:`~greenmfg.workspace.Workspace` and render; errors reach
the root app's ``run()``, which maps bad input to exit code 2.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from greenmfg.cli import render
from greenmfg.cli.pcf import product
from greenmfg.cli.session import open_workspace, state
from greenmfg.i18n import label

__all__ = ["footprint_app"]

footprint_app = typer.Typer(
    help="Product carbon footprints (matrix LCA) / 产品碳足迹（矩阵法生命周期评价）",
    no_args_is_help=True)
footprint_app.command("product")(product)


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


class SolverChoice(StrEnum):
    """Linear solvers as the engine names them (``auto`` picks and reports)."""

    AUTO = "auto"
    PARDISO = "pardiso"
    UMFPACK = "umfpack"
    SUPERLU = "superlu"
    JACOBI = "jacobi"


def _console() -> Console:
    return Console(soft_wrap=False, width=160)


def _num(value: float) -> str:
    return f"{value:.6g}"


@footprint_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(
        help="openLCA JSON-LD zip/folder, ILCD or TIDAS zip/folder, or EcoSpold2 .spold "
             "file/zip/folder")],
    name: Annotated[str | None, typer.Option(
        help="Database name (its id is derived from it); default: the file name")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Import LCA data; every unmapped elementary flow and unlinked exchange is reported."""
    lang = state.lang
    with (open_workspace() as ws,
          Console(stderr=True).status(f"importing {file.name} …")):
        report = ws.import_lca(file, name=name)
    if fmt is Format.JSON:
        typer.echo(render.to_json(report.model_dump(mode="json")))
        return
    con = _console()
    con.print(f"{label('lca_database', lang)}: {report.database_id} ({report.source_format}) · "
              f"{label('file', lang)}: {report.file} · sha256 {report.sha256[:16]}… · "
              f"{label('import_status', lang)}: {report.status}")
    con.print(label("lca_counts", lang).format(
        processes=report.processes, flows=report.flows, exchanges=report.exchanges,
        linked=report.linked_exchanges, methods=report.methods, factors=report.factors)
              + f"; {label('mapped_flows', lang)}: {len(report.mapped)}; "
              f"{label('unmapped_flows', lang)}: {len(report.unmapped)}"
              + (f" (+{report.unmapped_unused} unused)" if report.unmapped_unused else ""))
    if report.unmapped:
        table = Table(title=label("unmapped_flows", lang))
        for col in ("code", "name", "compartment", "unit", "reason"):
            table.add_column(label(col, lang), overflow="fold")
        table.add_column("CAS")
        for m in report.unmapped:
            table.add_row(m.source_id, m.name, f"{m.compartment}/{m.subcompartment}", m.unit,
                          m.reason, m.cas)
        con.print(table)
    if report.unlinked:
        table = Table(title=label("unlinked_exchanges", lang))
        for col in ("lca_process", "product", "quantity", "unit", "reason"):
            table.add_column(label(col, lang), overflow="fold")
        for u in report.unlinked:
            table.add_row(u.process_name, u.flow_name, _num(u.amount), u.unit, u.reason)
        con.print(table)
    for warning in report.warnings:
        con.print(f"[yellow]{label('warnings', lang)}[/]: {warning}")


@footprint_app.command("list")
def list_(
    database: Annotated[str | None, typer.Option(
        help="Only this database (id from the list)")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """List the LCA databases, their products and the impact methods."""
    lang = state.lang
    with open_workspace() as ws:
        databases = [d for d in ws.lca_databases()
                     if database is None or d.database_id == database]
        products = ws.lca_products(database)
        methods = ws.lca_methods(database)
    data: dict[str, Any] = {
        "databases": [{"database_id": d.database_id, "name": d.name,
                       "format": d.source_format, "packaged": d.packaged,
                       "content_hash": d.content_hash, "counts": d.counts,
                       "licence": d.licence, "file": d.file_name,
                       "imported_at": d.imported_at.isoformat() if d.imported_at else None,
                       "unmapped_flows": d.unmapped_flows,
                       "unlinked_exchanges": d.unlinked_exchanges} for d in databases],
        "products": [{k: p[k] for k in ("database", "process_id", "code", "name", "location",
                                        "product_name", "unit")} for p in products],
        "methods": [{k: m[k] for k in ("database", "method_id", "code", "name", "unit",
                                       "method_group")} for m in methods],
    }
    if fmt is Format.JSON:
        typer.echo(render.to_json(data))
        return
    con = _console()
    for key, columns in (("databases", ("database_id", "name", "format", "counts", "licence")),
                         ("products", ("database", "code", "name", "unit", "process_id")),
                         ("methods", ("database", "code", "name", "unit", "method_id"))):
        table = Table(title=label(f"lca_{key}", lang))
        for col in columns:
            table.add_column(label(col, lang), overflow="fold")
        for row in data[key]:
            table.add_row(*(str(row[c]) for c in columns))
        con.print(table)


@footprint_app.command("calc")
def calc(
    product: Annotated[str, typer.Option(help="Product: process id, code or name")],
    amount: Annotated[float, typer.Option(help="Amount, in the product's unit")],
    method: Annotated[str, typer.Option(help="Method id, code (ar6-gwp100) or name")],
    database: Annotated[str | None, typer.Option(
        help="LCA database id (default: the one holding the product)")] = None,
    top: Annotated[int, typer.Option(help="Contributions listed by process and flow")] = 10,
    solver: Annotated[SolverChoice, typer.Option(
        help="Linear solver; the result says which ran")] = SolverChoice.AUTO,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Footprint of an amount of a product, with contributions, solver and lineage."""
    lang = state.lang
    with open_workspace() as ws:
        result = ws.footprint(product, amount, method, database=database,
                              solver=solver.value, top=top)
    if fmt is Format.JSON:
        typer.echo(render.to_json(result.model_dump(mode="json")))
        return
    con = _console()
    con.print(f"[bold]{label('footprint_title', lang)}[/]: {_num(result.amount)} "
              f"{result.product_unit} {result.product_name} · {result.method}: "
              f"[bold]{_num(result.score)} {result.unit}[/]")
    for key, items, rest in (
            ("contribution_by_process", result.contributions.by_process,
             result.contributions.rest_by_process),
            ("contribution_by_flow", result.contributions.by_flow,
             result.contributions.rest_by_flow)):
        table = Table(title=label(key, lang))
        table.add_column(label("name", lang), overflow="fold")
        table.add_column(f"{label('value', lang)} ({result.unit})", justify="right")
        table.add_column(label("share", lang), justify="right")
        for item in items:
            table.add_row(item.name, _num(item.value),
                          f"{item.share:.1%}" if item.share is not None else "")
        if rest:
            table.add_row(label("rest", lang), _num(rest), "")
        con.print(table)
    for flow in result.uncharacterised:
        con.print(f"[yellow]{label('uncharacterised_flows', lang)}[/]: {flow.name} "
                  f"{_num(flow.amount)} {flow.unit}")
    con.print(f"{label('solver', lang)}: {result.solver.solver}"
              + (f" ({result.solver.fallback})" if result.solver.fallback else "")
              + f" · {label('lineage', lang)}: {result.lineage.result_id}, database "
              f"{result.lineage.database_id} {result.lineage.database_content_hash[:12]}")


@footprint_app.command("montecarlo")
def montecarlo(
    product: Annotated[str, typer.Option(help="Product: process id, code or name")],
    amount: Annotated[float, typer.Option(help="Amount, in the product's unit")],
    method: Annotated[str, typer.Option(help="Method id, code or name")],
    iterations: Annotated[int, typer.Option(help="Number of draws")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same numbers")] = 0,
    database: Annotated[str | None, typer.Option(help="LCA database id")] = None,
    top: Annotated[int, typer.Option(help="Inputs listed in the sensitivity ranking")] = 10,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Monte Carlo mean, sd and percentiles of a footprint, and which inputs drive its spread."""
    lang = state.lang
    with open_workspace() as ws:
        result = ws.footprint_montecarlo(product, amount, method, iterations=iterations,
                                         seed=seed, database=database, top=top)
    if fmt is Format.JSON:
        typer.echo(render.to_json(result.model_dump(mode="json")))
        return
    con = _console()
    con.print(f"[bold]{label('montecarlo_title', lang)}[/]: {_num(result.amount)} "
              f"{result.product_unit} {result.product_name} · {result.method} ({result.unit}) · "
              f"{label('iterations', lang)} {result.iterations}, {label('seed', lang)} "
              f"{result.seed}")
    con.print(f"{label('deterministic', lang)} {_num(result.deterministic)} · "
              f"{label('mean', lang)} {_num(result.mean)} · {label('sd', lang)} "
              f"{_num(result.sd)}")
    con.print(f"{label('percentiles', lang)}: " + ", ".join(
        f"P{level} {_num(value)}" for level, value in result.percentiles.items()))
    table = Table(title=label("sensitivity", lang))
    for col in ("matrix", "uncertain_input", "lca_process", "spearman_squared", "linear_share"):
        table.add_column(label(col, lang), overflow="fold")
    for item in result.sensitivity:
        table.add_row(item.matrix, item.row_name, item.col_name,
                      f"{item.spearman_squared:.3f}", f"{item.linear_share:.3f}")
    con.print(table)


@footprint_app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="Target: a .zip, or a folder")],
    database: Annotated[str | None, typer.Option(
        help="LCA database id (default: the packaged default)")] = None,
) -> None:
    """Write an LCA database as openLCA JSON-LD (olca-schema 2)."""
    with open_workspace() as ws:
        written = ws.export_lca(database, out)
    _console().print(str(written))
