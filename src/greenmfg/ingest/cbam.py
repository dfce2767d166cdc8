"""Reading the CBAM input file (JSON; format in ``docs/formats.md``)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from greenmfg.errors import FileFormatError, InputError, Location
from greenmfg.model.cbam import CbamSpec

__all__ = ["read_cbam_spec"]


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_cbam_spec(path: str | Path) -> CbamSpec:
    """Parse and validate a CBAM input file.

    Raises :class:`FileFormatError` for a file that is not JSON (with its line and column)
    and :class:`InputError` naming the JSON path of the first bad value.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise FileFormatError(f"cannot read the CBAM input file: {exc.strerror}",
                              f"无法读取 CBAM 输入文件：{exc.strerror}",
                              location=Location(file=path.name)) from exc
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; the CBAM "
            "input file is JSON (docs/formats.md)",
            f"第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON：{exc.msg}；CBAM 输入文件须为 "
            "JSON（见 docs/formats.md）", location=Location(file=path.name)) from exc
    try:
        return CbamSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _path(tuple(first["loc"]))
        found = repr(first.get("input"))[:80]
        raise InputError(
            f"{first['msg']}; fix this value of the CBAM input file (docs/formats.md)",
            f"{first['msg']}；请修改 CBAM 输入文件中的该值（见 docs/formats.md）",
            location=Location(file=path.name, column=where), expected=first["type"],
            found=found) from exc
