"""Cell parsers shared by the validators: each returns a value or raises ``_CellError``."""

from __future__ import annotations

import math
import re
from typing import Any


class CellError(Exception):
    """A bad cell: the reason in English and Chinese."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en, self.zh = en, zh


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def number(value: Any, *, what: str, what_zh: str) -> float:
    """A finite number from a numeric cell or a numeric string ("1,234.5" allowed)."""
    if isinstance(value, bool):
        raise CellError(f"{what} must be a number, found TRUE/FALSE",
                        f"{what_zh}应为数值，实际为逻辑值")
    if isinstance(value, int | float):
        result = float(value)
    else:
        raw = text(value)
        if not raw:
            raise CellError(f"{what} is missing", f"缺少{what_zh}")
        cleaned = raw.replace(",", "") if _THOUSANDS.match(raw) else raw
        try:
            result = float(cleaned)
        except ValueError as exc:
            raise CellError(f"{what} must be a number, found text '{raw}'",
                            f"{what_zh}应为数值，实际为文本“{raw}”") from exc
    if not math.isfinite(result):
        raise CellError(f"{what} must be a finite number", f"{what_zh}应为有限数值")
    return result


def fraction(value: Any, *, what: str, what_zh: str) -> float:
    """A fraction in (0, 1]: ``0.95`` or ``"95%"``; a bare ``95`` is refused as ambiguous."""
    raw = text(value)
    if raw.endswith("%"):
        result = number(raw[:-1], what=what, what_zh=what_zh) / 100
    else:
        result = number(value, what=what, what_zh=what_zh)
        if result > 1:
            raise CellError(f"{what} {raw} is above 1; write a fraction (0.95) or a percentage "
                            "(95%)", f"{what_zh} {raw} 大于 1；请写成小数（0.95）或百分数（95%）")
    if not 0 < result <= 1:
        raise CellError(f"{what} must be between 0 and 1 (or 0% and 100%), found {raw}",
                        f"{what_zh}应在 0 到 1（或 0% 到 100%）之间，实际为 {raw}")
    return result
