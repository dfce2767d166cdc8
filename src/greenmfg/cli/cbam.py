"""``greenmfg cbam``: EU CBAM specific embedded emissions of a good, and the operator's
communication to importers.

The command parses options, calls :meth:`~greenmfg.workspace.Workspace.cbam` and renders; errors
reach the root app's ``run()``, which maps bad input to exit code 2.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from greenmfg.cli import render
from greenmfg.cli.session import open_workspace, state
from greenmfg.errors import NotFoundError
from greenmfg.footprint.cbam import format_quantity
from greenmfg.model.cbam import CbamReport, GoodResult
from greenmfg.report.cbam import operator_communication, write_operator_communication

__all__ = ["cbam"]

_TEXT: dict[str, tuple[str, str]] = {
    "title": ("CBAM 货物隐含排放", "CBAM embedded emissions of goods"),
    "process": ("生产过程", "Production process"),
    "al": ("产量 t", "Activity level t"),
    "see_dir": ("直接 SEE tCO2e/t", "Direct SEE tCO2e/t"),
    "see_ind": ("间接 SEE tCO2e/t", "Indirect SEE tCO2e/t"),
    "see": ("隐含排放 tCO2e/t", "Embedded tCO2e/t"),
    "boundary": ("边界", "Boundary"),
    "default_share": ("缺省值占比", "Default share"),
    "markup": ("缺省值加成", "Default mark-up"),
    "formula": ("公式", "Formula"),
    "direct": ("直接排放来源", "Direct emissions from"),
    "factors": ("因子", "Factors"),
    "notes": ("说明", "Notes"),
    "written": ("已写出经营者通报", "Operator communication written"),
    "direct_only": ("仅直接排放", "direct only"),
    "direct_indirect": ("直接 + 间接", "direct + indirect"),
}


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


def _t(key: str, lang: str) -> str:
    zh, en = _TEXT[key]
    return zh if lang == "zh-CN" else en


def cbam(
    org: Annotated[str, typer.Option(help="Enterprise code / 企业代码")],
    good: Annotated[str, typer.Option(help="CN code of the good, e.g. 7207 or '2523 29 00' / "
                                           "货物 CN 编码")],
    year: Annotated[int, typer.Option(help="Reporting year / 报告年度")],
    input_file: Annotated[Path, typer.Option(
        "--input", exists=True, dir_okay=False,
        help="CBAM input file (JSON): production processes and precursors "
             "(docs/formats.md) / CBAM 输入文件")],
    out: Annotated[Path | None, typer.Option(
        help="Write the operator's communication to importers (.json or .html) / "
             "写出经营者致进口商的排放通报")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """EU CBAM specific embedded emissions (SEE) of a good, with its precursors and workings /
    欧盟 CBAM 货物的单位隐含排放（含前体和计算过程）."""
    lang = state.lang
    with open_workspace() as ws:
        report = ws.cbam(org, year, input_file)
    communication = operator_communication(report, good)  # NotFoundError for an unknown good
    written = write_operator_communication(out, report, good) if out is not None else None
    if fmt is Format.JSON:
        typer.echo(render.to_json({"report": report.model_dump(mode="json"),
                                   "communication": communication,
                                   "written": str(written) if written else None}))
        return
    _print(report, good, lang)
    if written is not None:
        Console().print(f"{_t('written', lang)}: {written}")


def _print(report: CbamReport, cn_code: str, lang: str) -> None:
    con = Console(soft_wrap=False, width=160)
    chosen = report.good(cn_code)
    if chosen is None:  # pragma: no cover - operator_communication raised already
        raise NotFoundError(f"no good {cn_code}")
    order = [g for g in report.goods if g.process_id in _upstream(report, chosen)]
    table = Table(title=f"{_t('title', lang)} · {report.org} · {report.year} · "
                        f"{report.installation.name}")
    for key in ("process", "al", "see_dir", "see_ind", "see", "boundary", "default_share",
                "markup"):
        table.add_column(_t(key, lang), overflow="fold")
    for g in order:
        table.add_row(f"{g.process_name} ({g.cn_code})", format_quantity(g.activity_level_t),
                      f"{g.see_direct_tco2e_per_t:.4f}", f"{g.see_indirect_tco2e_per_t:.4f}",
                      f"[bold]{g.see_tco2e_per_t:.4f}[/]",
                      _t("direct_only" if g.boundary.value == "direct" else "direct_indirect",
                         lang), f"{100 * g.default_share:.1f}%",
                      "—" if g.default_markup is None else f"{100 * g.default_markup:.0f}%")
    con.print(table)
    for g in order:
        con.print(f"[bold]{g.process_name}[/] {g.result_id}")
        con.print(f"  {_t('formula', lang)}:")
        for f in g.formulas:
            con.print(f"    {f}", markup=False)
        if g.direct_detail:
            con.print(f"  {_t('direct', lang)}:")
            for d in g.direct_detail:
                con.print(f"    {d}", markup=False)
        con.print(f"  {_t('factors', lang)}:")
        for fu in g.factors:
            con.print(f"    {fu.dataset} {fu.factor_id} · {fu.edition} · {fu.value:g} {fu.unit} "
                      f"· {fu.verification} {fu.note}", markup=False)
        for n in g.notes:
            con.print(f"  {_t('notes', lang)}: {n}", markup=False)
    for n in report.notes:
        con.print(f"{_t('notes', lang)}: {n}", markup=False)


def _upstream(report: CbamReport, good: GoodResult) -> set[str]:
    by_id = {g.process_id: g for g in report.goods}
    found: set[str] = set()
    todo = [good.process_id]
    while todo:
        pid = todo.pop()
        if pid in found or pid not in by_id:
            continue
        found.add(pid)
        todo.extend(p.process for p in by_id[pid].precursors if p.process)
    return found
