"""Reading CSV and Excel files into raw rows that remember where they came from."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from greenmfg.errors import FileFormatError, Location

ACTIVITY_REQUIRED = ("org_code", "site", "source", "item", "period", "quantity", "unit")
ACTIVITY_OPTIONAL = ("ncv", "ncv_unit", "carbon_content", "carbon_content_unit",
                     "oxidation_rate", "emission_factor", "emission_factor_unit", "data_quality",
                     "evidence")
ORGANISATION_REQUIRED = ("code", "name", "kind", "parent_code", "industry_code", "region_code")
ORGANISATION_OPTIONAL = ("credit_code",)

_SHEET_NAMES = {
    "activity": "activity", "活动数据": "activity",
    "organisations": "organisations", "organizations": "organisations", "组织": "organisations",
}
_HEADER_TOKEN = re.compile(r"^[a-z0-9_]+")


class SheetKind(StrEnum):
    ACTIVITY = "activity"
    ORGANISATIONS = "organisations"


@dataclass(frozen=True, slots=True)
class RawRow:
    row: int
    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RawSheet:
    file: str
    sheet: str
    kind: SheetKind
    columns: tuple[str, ...]
    rows: tuple[RawRow, ...]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _header_name(cell: Any) -> str:
    """``"org_code（组织代码）"`` → ``"org_code"``: the template may annotate headers."""
    text = "" if cell is None else str(cell).strip().lower()
    match = _HEADER_TOKEN.match(text)
    return match.group(0) if match else text


def _kind_of(columns: tuple[str, ...]) -> SheetKind | None:
    if all(c in columns for c in ACTIVITY_REQUIRED):
        return SheetKind.ACTIVITY
    if all(c in columns for c in ("code", "name", "kind")):
        return SheetKind.ORGANISATIONS
    return None


def _sheet(file: str, sheet: str, header: list[Any], body: list[tuple[int, list[Any]]],
           expected: SheetKind | None) -> RawSheet:
    columns = tuple(_header_name(c) for c in header)
    kind = _kind_of(columns)
    if kind is None or (expected is not None and kind is not expected):
        wanted = ACTIVITY_REQUIRED if expected is not SheetKind.ORGANISATIONS else (
            ORGANISATION_REQUIRED)
        raise FileFormatError(
            f"the header row does not have the columns {', '.join(wanted)} "
            "(activity) or code,name,kind,... (organisations); start from "
            "`greenmfg template activity`",
            f"表头缺少必需的列 {', '.join(wanted)}（活动数据）或 code,name,kind（组织）；"
            "请使用 `greenmfg template activity` 生成的模板",
            location=Location(file=file, sheet=sheet or None, row=1),
            expected=",".join(wanted), found=",".join(columns),
        )
    rows = []
    for number, cells in body:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue  # a blank line holds no data
        values = {col: (cells[i] if i < len(cells) else None)
                  for i, col in enumerate(columns) if col}
        rows.append(RawRow(row=number, values=values))
    return RawSheet(file=file, sheet=sheet, kind=kind, columns=columns, rows=tuple(rows))


def _read_csv(path: Path) -> list[RawSheet]:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise FileFormatError(
            "this is not a spreadsheet (binary content); give an .xlsx or a .csv file",
            "该文件不是电子表格（二进制内容）；请提供 .xlsx 或 .csv 文件",
            location=Location(file=path.name), expected=".xlsx or .csv", found="binary data",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise FileFormatError("cannot decode the file as UTF-8 or GB18030",
                              "无法按 UTF-8 或 GB18030 解码该文件",
                              location=Location(file=path.name))
    lines = list(csv.reader(io.StringIO(text)))
    if not lines:
        raise FileFormatError("the file is empty", "文件为空", location=Location(file=path.name),
                              expected="a header row", found="nothing")
    body = [(i + 2, list(cells)) for i, cells in enumerate(lines[1:])]
    return [_sheet(path.name, "", list(lines[0]), body, None)]


def _read_xlsx(path: Path) -> list[RawSheet]:
    from openpyxl import load_workbook  # heavy; only when an Excel file is read
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise FileFormatError(
            "this is not a readable Excel workbook; give an .xlsx or a .csv file",
            "该文件不是可读取的 Excel 工作簿；请提供 .xlsx 或 .csv 文件",
            location=Location(file=path.name), expected=".xlsx", found=type(exc).__name__,
        ) from exc
    sheets = []
    try:
        for ws in workbook.worksheets:
            kind = _SHEET_NAMES.get(ws.title.strip().lower())
            if kind is None:
                continue  # instructions, catalogue and example sheets are not data
            rows = list(ws.iter_rows(values_only=True))
            if not rows:
                continue
            body = [(i + 2, list(cells)) for i, cells in enumerate(rows[1:])]
            sheets.append(_sheet(path.name, ws.title, list(rows[0]), body, SheetKind(kind)))
    finally:
        workbook.close()
    if not sheets:
        raise FileFormatError(
            "the workbook has no sheet named 'activity' or 'organisations'",
            "工作簿中没有名为 activity（活动数据）或 organisations（组织）的工作表",
            location=Location(file=path.name), expected="sheet activity / organisations",
            found=", ".join(workbook.sheetnames),
        )
    return sheets


def read_tables(path: Path) -> list[RawSheet]:
    """Read every data sheet of an .xlsx or .csv file; raise if the file itself is unusable."""
    if not path.is_file():
        raise FileFormatError(f"file not found: {path}", f"找不到文件：{path}",
                              location=Location(file=str(path)))
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic.startswith(b"PK") or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path)
