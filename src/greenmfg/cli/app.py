"""``greenmfg``: the command line. Commands parse options, call the Workspace, render results."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from greenmfg.cli import render
from greenmfg.cli.cbam import cbam as cbam_command
from greenmfg.cli.footprint import footprint_app
from greenmfg.cli.locks import LOCK_ERRORS, workspace_locked
from greenmfg.cli.pcf import demo_footprints, print_demo_footprints
from greenmfg.cli.serve import demo_accounts, print_demo_accounts
from greenmfg.cli.serve import register as register_server
from greenmfg.cli.session import open_workspace, state
from greenmfg.errors import GreenmfgError, InputError, NotFoundError
from greenmfg.i18n import Lang, label
from greenmfg.ingest import write_rejects_csv
from greenmfg.model import OrgKind
from greenmfg.workspace import DEFAULT_WORKSPACE, ImportReport, Workspace

DISPLAY_TZ = ZoneInfo("Asia/Shanghai")  # stored in UTC, shown in China Standard Time

app = typer.Typer(help="greenmfg: carbon and energy accounting for manufacturing / 制造业碳排放与能耗核算",
                  no_args_is_help=True, add_completion=False)
refdata_app = typer.Typer(help="Browse packaged reference data / 浏览内置参考数据", no_args_is_help=True)
org_app = typer.Typer(help="Organisations / 组织", no_args_is_help=True)
template_app = typer.Typer(help="Excel templates / Excel 模板", no_args_is_help=True)
app.add_typer(refdata_app, name="refdata")
app.add_typer(org_app, name="org")
app.add_typer(template_app, name="template")
register_server(app)  # greenmfg serve, greenmfg user …
app.add_typer(footprint_app, name="footprint")
app.command("cbam")(cbam_command)  # EU CBAM embedded emissions


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class TableJson(StrEnum):
    """Output of commands whose results are nested (no flat CSV form)."""

    TABLE = "table"
    JSON = "json"


def console() -> Console:
    return Console(soft_wrap=False, width=max(Console().width, 160) if not sys.stdout.isatty()
                   else None)


@app.callback()
def _global(
    workspace: Annotated[Path, typer.Option(
        "--workspace", "-w", envvar="GREENMFG_WORKSPACE",
        help="Workspace file (DuckDB) / 工作区文件")] = Path(DEFAULT_WORKSPACE),
    database_url: Annotated[str | None, typer.Option(
        "--database-url", envvar="GREENMFG_DATABASE_URL",
        help="PostgreSQL workspace (postgresql://user@host/db) instead of the file / "
             "使用 PostgreSQL 工作区代替文件")] = None,
    lang: Annotated[Lang, typer.Option("--lang", envvar="GREENMFG_LANG",
                                       help="Language of the output / 输出语言")] = Lang.ZH,
) -> None:
    state.workspace = workspace
    state.database_url = database_url or None
    state.lang = lang.value


def _print_import(con: Console, report: ImportReport) -> None:
    t = state.lang
    con.print(f"{label('file', t)}: {escape(report.file)}  sha256 {report.sha256[:16]}…  "
              f"{label('import_id', t)} {report.import_id}")
    con.print(f"{label('accepted_rows', t)}: {report.inserted + report.updated} "
              f"({label('new_rows', t)} {report.inserted}, "
              f"{label('updated_rows', t)} {report.updated}); "
              f"{label('unchanged_rows', t)}: {report.unchanged}; "
              f"{label('organisations_read', t)} {report.organisations}; "
              f"{label('rejected_rows', t)}: {report.rejected_row_count}")
    if report.rejected:
        table = Table(title=label("rejected_rows", t))
        for col in ("sheet", "row", "column", "value", "reason"):
            table.add_column(label(col, t), overflow="fold")
        for r in report.rejected:
            # escaped: a reason such as "[mass] * [length] ** 2" is not rich markup
            table.add_row(*(escape(x) for x in (
                r.sheet, str(r.row), r.column, r.value,
                r.reason_zh if t == "zh-CN" else r.reason_en)))
        con.print(table)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help=".xlsx or .csv (organisations and/or activity)")],
    rejects: Annotated[Path | None, typer.Option(
        help="Write the rejected rows to this CSV / 拒绝行报告")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Import an Excel or CSV file; bad rows are rejected with their place and reason /
    导入 Excel 或 CSV 文件，有问题的行连同位置和原因一并拒绝.

    Exit status 2 when any row was rejected (the good rows are stored).
    """
    with open_workspace() as ws, Console(stderr=True).status(f"importing {file.name} …"):
        report = ws.import_file(file)
    if rejects is not None:
        write_rejects_csv(rejects, report.rejected)
    if fmt is Format.JSON:
        typer.echo(render.to_json({
            "import_id": report.import_id, "file": report.file, "sha256": report.sha256,
            "rows_read": report.rows_read, "organisations": report.organisations,
            "inserted": report.inserted, "updated": report.updated,
            "unchanged": report.unchanged, "rejected_rows": report.rejected_row_count,
            "rejected": [r.as_dict() for r in report.rejected]}))
    else:
        _print_import(console(), report)
    if report.rejected:
        raise typer.Exit(2)


@app.command()
def inventory(
    org: Annotated[str, typer.Option(help="Enterprise code / 企业代码")],
    year: Annotated[int, typer.Option(help="Reporting year / 报告年度")],
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
    gwp: Annotated[str, typer.Option(help="GWP set: AR4, AR5, AR6")] = "AR5",
    fuel_edition: Annotated[str, typer.Option(
        help="Fuel default parameters: gbt32150-2015 or ndrc-2013")] = "gbt32150-2015",
    grid_level: Annotated[str, typer.Option(
        help="Location-based grid factor: provincial, regional or national")] = "provincial",
    method: Annotated[str, typer.Option(
        help="Accounting method: an id listed by `greenmfg methods` (e.g. cement-ets-2024) / "
             "核算方法（见 `greenmfg methods`）")] = "gbt32150",
) -> None:
    """Scope 1 and 2 emissions by gas, category and source, and energy in tce /
    按气体、类别和排放源的范围一、二排放及综合能耗（tce）."""
    options = Workspace.method_options(method, gwp_set=gwp, fuel_edition=fuel_edition,
                                       grid_level=grid_level)
    with open_workspace() as ws:
        inv = ws.inventory(org, year, options)
    if fmt is Format.JSON:
        typer.echo(render.inventory_json(inv))
    elif fmt is Format.CSV:
        typer.echo(render.inventory_csv(inv), nl=False)
    else:
        render.print_inventory(console(), inv, state.lang)


@app.command()
def benchmark(
    org: Annotated[str, typer.Option(help="Enterprise code / 企业代码")],
    year: Annotated[int, typer.Option(help="Year / 年度")],
    fmt: Annotated[TableJson, typer.Option("--format")] = TableJson.TABLE,
) -> None:
    """Unit-product energy against GB limit levels and NDRC benchmark and baseline levels /
    单位产品能耗对标能耗限额等级和国家发展改革委标杆、基准水平."""
    with open_workspace() as ws:
        report = ws.benchmark(org, year)
    if fmt is TableJson.JSON:
        typer.echo(render.to_json(report.model_dump(mode="json")))
    else:
        render.print_benchmark(console(), report, state.lang)


@app.command()
def ets(
    org: Annotated[str, typer.Option(help="Enterprise code / 企业代码")],
    year: Annotated[int, typer.Option(help="Reporting year / 年度")],
    fmt: Annotated[TableJson, typer.Option("--format")] = TableJson.TABLE,
    sector: Annotated[str | None, typer.Option(
        help="cement, aluminium, steel or power (default: from the enterprise's industry "
             "code)")] = None,
    benchmark: Annotated[float | None, typer.Option(
        help="Allocation benchmark, tCO2 per t of product (per MWh supplied for power), from "
             "the allocation notice (intensity-based years)")] = None,
    adjustment: Annotated[float, typer.Option(
        help="Product of the allocation's adjustment factors")] = 1.0,
    heat_benchmark: Annotated[float | None, typer.Option(
        help="Heat benchmark, tCO2 per GJ of heat supplied (power plants), from the "
             "allocation notice")] = None,
) -> None:
    """National-ETS compliance: verified emissions, allowances, surplus, CCER offset limit /
    全国碳市场履约：核证排放量、配额、盈缺和 CCER 抵销上限."""
    with open_workspace() as ws:
        result = ws.ets(org, year, sector_code=sector, benchmark_tco2_per_t=benchmark,
                        adjustment=adjustment, heat_benchmark_tco2_per_gj=heat_benchmark)
    if fmt is TableJson.JSON:
        typer.echo(render.to_json(result.model_dump(mode="json")))
    else:
        render.print_ets(console(), result, state.lang)


@app.command()
def methods(fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE) -> None:
    """List the accounting methods with their guideline and edition / 列出核算方法."""
    rows = [{"method": m.method_id, "code": m.code, "edition": m.edition, "sector": m.sector,
             "document": m.document, "title": m.title_zh if state.lang == "zh-CN" else m.title_en}
            for m in Workspace.methods()]
    if fmt is Format.JSON:
        typer.echo(render.to_json(rows))
        return
    if fmt is Format.CSV:
        typer.echo(render.rows_csv(rows), nl=False)
        return
    table = Table(title=label("method", state.lang))
    for col in ("method", "sector", "document", "title"):
        table.add_column(label(col, state.lang), overflow="fold")
    for r in rows:
        table.add_row(r["method"], r["sector"], r["document"], r["title"])
    console().print(table)


@app.command()
def explain(
    result_id: Annotated[str, typer.Argument(help="A result id printed by `inventory`")],
    fmt: Annotated[TableJson, typer.Option("--format")] = TableJson.TABLE,
) -> None:
    """Show the formula with its numbers, every factor's source and the input records /
    显示代入数值的公式、各因子来源和输入记录."""
    with open_workspace() as ws:
        ex = ws.explain(result_id)
    if fmt is TableJson.JSON:
        typer.echo(render.to_json({
            "result_id": ex.result_id, "kind": ex.kind,
            "line": ex.line.model_dump(mode="json") if ex.line else None,
            "inventory_lineage": ex.inventory.lineage.model_dump(mode="json"),
            "records": [r.model_dump(mode="json") for r in ex.records]}))
    else:
        render.print_explanation(console(), ex.result_id, ex.kind, ex.inventory, ex.line,
                                 ex.records, state.lang)


@template_app.command("activity")
def template_activity(
    out: Annotated[Path, typer.Option(help="Where to write the .xlsx")] = Path("activity.xlsx"),
    sector: Annotated[str | None, typer.Option(
        help="Sector (cement, aluminium, power, steel, chemicals): its items first, its data "
             "explained in the README sheet / 行业：其品种排在前面，说明表解释所需数据"
    )] = None,
) -> None:
    """Write the Excel activity template (organisations, activity, items) /
    生成 Excel 活动数据模板."""
    path = Workspace.write_template(out, sector)
    console().print(f"{path}")


@app.command()
def items(fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE) -> None:
    """List the item catalogue with units / 列出品种及单位."""
    from greenmfg.refdata import reference_data
    from greenmfg.units import display

    rows = [{"code": i.code, "name_zh": i.name_zh, "name_en": i.name_en,
             "category": i.category.value, "unit": display(i.canonical_unit)}
            for i in reference_data().items.values()]
    if fmt is Format.JSON:
        typer.echo(render.to_json(rows))
        return
    if fmt is Format.CSV:
        typer.echo(render.rows_csv(rows), nl=False)
        return
    table = Table(title=label("item", state.lang))
    for col in ("code", "name_zh", "name_en", "item_category", "unit"):
        table.add_column(label(col, state.lang))
    for r in rows:
        table.add_row(*r.values())
    console().print(table)


@refdata_app.command("list")
def refdata_list(fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE) -> None:
    """List the packaged datasets with editions, documents and verification /
    列出内置数据集及其版本、来源和核实等级."""
    from greenmfg.refdata import reference_data

    data = reference_data()
    rows = [{"dataset": d.id, "title": d.title_zh if state.lang == "zh-CN" else d.title_en,
             "rows": len(d.rows), "editions": [e.edition for e in d.editions],
             "licence": d.licence} for d in data.datasets.values()]
    if fmt is Format.JSON:
        typer.echo(render.to_json(rows))
        return
    if fmt is Format.CSV:
        typer.echo(render.rows_csv(
            [{**r, "editions": " ".join(r["editions"])} for r in rows]),  # type: ignore[arg-type]
            nl=False)
        return
    table = Table(title=label("dataset", state.lang))
    for col in ("dataset", "name", "rows", "edition"):
        table.add_column(label(col, state.lang), overflow="fold")
    for r in rows:
        table.add_row(str(r["dataset"]), str(r["title"]), str(r["rows"]),
                      ", ".join(r["editions"]))  # type: ignore[arg-type]
    console().print(table)


@refdata_app.command("show")
def refdata_show(
    dataset: Annotated[str, typer.Argument(help="Dataset id from `refdata list`")],
    edition: Annotated[str | None, typer.Option(help="Only rows of this edition")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Show a dataset's editions and rows, with each row's source and verification /
    显示数据集的版本和各行数据（含来源和核实等级）."""
    from greenmfg.refdata import reference_data

    data = reference_data()
    if dataset not in data.datasets:
        raise NotFoundError(f"no dataset '{dataset}'; choose one of "
                            f"{', '.join(data.datasets)}", f"没有数据集“{dataset}”")
    ds = data.datasets[dataset]
    rows = [r for r in ds.rows if edition is None or r.get("edition") == edition]
    if fmt is Format.JSON:
        typer.echo(render.to_json({
            "dataset": ds.id, "licence": ds.licence, "notes": ds.notes,
            "editions": [e.__dict__ if hasattr(e, "__dict__") else {
                k: getattr(e, k) for k in e.__slots__} for e in ds.editions],
            "rows": rows}))
        return
    if fmt is Format.CSV:
        typer.echo(render.rows_csv(rows), nl=False)
        return
    con = console()
    con.print(f"[bold]{ds.title_zh} / {ds.title_en}[/]  ({label('licence', state.lang)}: "
              f"{ds.licence})")
    for e in ds.editions:
        con.print(f"  {e.edition}: {e.source_document} · {e.publisher} · "
                  f"{e.valid_from or '…'} – {e.valid_to or '…'} · {e.verification}")
    if rows:
        table = Table()
        for col in rows[0]:
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(*(r[c] for c in rows[0]))
        con.print(table)


@org_app.command("list")
def org_list(fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE) -> None:
    """List organisations / 列出组织."""
    with open_workspace() as ws:
        orgs = ws.organisations()
    rows = [{k: o.model_dump(mode="json")[k] for k in (
        "code", "name", "kind", "parent_code", "industry_code", "region_code")} for o in orgs]
    if fmt is Format.JSON:
        typer.echo(render.to_json(rows))
        return
    if fmt is Format.CSV:
        typer.echo(render.rows_csv(rows), nl=False)
        return
    table = Table(title=label("org", state.lang))
    for col in ("code", "name", "kind", "parent", "industry", "region"):
        table.add_column(label(col, state.lang))
    for r in rows:
        table.add_row(*(str(v or "") for v in r.values()))
    console().print(table)


@org_app.command("import")
def org_import(file: Annotated[Path, typer.Argument(help="organisations .csv or .xlsx")],
               rejects: Annotated[Path | None, typer.Option()] = None) -> None:
    """Import organisations (same validation as `greenmfg import`) / 导入组织."""
    import_(file, rejects, Format.TABLE)


@app.command()
def audit(fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE) -> None:
    """Show the append-only, hash-chained audit log / 显示带哈希链的审计日志."""
    with open_workspace() as ws:
        entries = ws.audit_log()
        intact = ws.store.verify_audit_chain()
    rows = [{"seq": e.seq, "at": e.at.astimezone(DISPLAY_TZ).isoformat(), "actor": e.actor,
             "action": e.action,
             "target": e.target, "detail": e.detail, "input_sha256": e.input_sha256,
             "entry_hash": e.entry_hash} for e in entries]
    if fmt is Format.JSON:
        typer.echo(render.to_json({"chain_intact": intact, "entries": rows}))
        return
    if fmt is Format.CSV:  # detail as compact JSON in its cell
        typer.echo(render.rows_csv([{**r, "detail": json.dumps(
            r["detail"], ensure_ascii=False, sort_keys=True)} for r in rows]), nl=False)
        return
    t = state.lang
    table = Table(title=f"{label('audit_log', t)} "
                        f"({label('chain_intact' if intact else 'chain_broken', t)})")
    for col in ("seq", "at", "actor", "action", "target", "detail"):
        table.add_column(label(f"audit_{col}", t), overflow="fold")
    for r in rows:
        table.add_row(*(escape(x) for x in (
            str(r["seq"]), str(r["at"]), str(r["actor"]), str(r["action"]), str(r["target"]),
            render.to_json(r["detail"]).replace("\n", " "))))
    console().print(table)


@app.command()
def demo(
    out: Annotated[Path | None, typer.Option(
        help="Folder for the HTML summary (default: greenmfg-summary beside the workspace)")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the demo park generator")] = 2024,
) -> None:
    """Build the demo park workspace, print 2024 and 2025 inventories, write the HTML page /
    生成演示园区工作区，打印 2024、2025 年清单并生成 HTML 概览."""
    con = console()
    out_dir = out or state.workspace.resolve().parent / "greenmfg-summary"
    years = (2024, 2025)
    with open_workspace() as ws, Progress(console=con, transient=True) as progress:
        task = progress.add_task("demo", total=4)
        park, report = ws.load_demo(seed)
        accounts, accounts_file = demo_accounts(ws, park)
        progress.advance(task)
        inventories = ws.enterprise_inventories(years)
        progress.advance(task)
        benchmarks = [ws.benchmark(org.code, year) for org in ws.organisations(OrgKind.ENTERPRISE)
                      for year in years]
        progress.advance(task)
        html = ws.write_park_summary(out_dir, park.name_zh, park.name_en, inventories,
                                     state.lang)
        footprints = demo_footprints(ws, max(years))
        progress.advance(task)
    _print_import(con, report)
    for inv in inventories:
        render.print_inventory(con, inv, state.lang)
    for bench in benchmarks:
        if bench.lines:
            render.print_benchmark(con, bench, state.lang)
    print_demo_footprints(con, footprints, state.lang)
    print_demo_accounts(con, accounts, accounts_file, state.lang)
    con.print(f"[bold green]{label('workspace', state.lang)}[/]: {escape(str(state.workspace))}")
    con.print(f"[bold green]{label('html_summary', state.lang)}[/]: {escape(str(html))}")


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and map errors to exit codes: 2 for bad input, 1 for anything else."""
    err = Console(stderr=True)
    try:
        returned = app(args=argv, prog_name="greenmfg", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        return 1
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            err.print(exc.format_message())
        return int(getattr(exc, "exit_code", 2))
    except (InputError, NotFoundError) as exc:
        err.print(f"[red]error[/]: {escape(exc.message(state.lang))}", soft_wrap=True)
        return 2
    except GreenmfgError as exc:
        err.print(f"[red]error[/]: {escape(exc.message(state.lang))}", soft_wrap=True)
        return 1
    except LOCK_ERRORS as exc:  # a running server holds the workspace file
        locked = workspace_locked(exc)
        if locked is None:
            raise
        err.print(f"[red]error[/]: {escape(locked.message(state.lang))}", soft_wrap=True)
        return 1
    return returned if isinstance(returned, int) else 0


def main() -> None:
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(run())
