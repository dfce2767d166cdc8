"""Rejected rows: kept, stored and reported, never dropped."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REJECT_COLUMNS = ("file", "sheet", "row", "column", "value", "reason_en", "reason_zh", "raw")


@dataclass(frozen=True, slots=True)
class Rejection:
    """One problem in one cell (or the row as a whole when ``column`` is empty)."""

    file: str
    sheet: str
    row: int
    column: str
    value: str
    reason_en: str
    reason_zh: str
    raw: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def message(self, lang: str = "en") -> str:
        where = f"{self.file}, sheet {self.sheet}, row {self.row}" if self.sheet else (
            f"{self.file}, row {self.row}")
        if self.column:
            where += f", column {self.column}"
        reason = self.reason_zh if lang == "zh-CN" else self.reason_en
        return f"{where}: {reason}"


def raw_json(values: dict[str, Any]) -> str:
    """The row as the user wrote it, for the rejected-rows report."""
    return json.dumps({k: "" if v is None else str(v) for k, v in values.items()},
                      ensure_ascii=False, sort_keys=True)


def write_rejects_csv(path: Path, rejections: Sequence[Rejection]) -> None:
    """Write the rejected-rows report atomically (UTF-8 with BOM so Excel shows Chinese)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REJECT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for rejection in rejections:
        writer.writerow(rejection.as_dict())
    atomic_write_text(path, buffer.getvalue(), encoding="utf-8-sig")


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
