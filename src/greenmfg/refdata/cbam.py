"""Look-ups in the packaged EU CBAM datasets (``cbam_goods``, ``cbam_defaults``)."""

from __future__ import annotations

from greenmfg.errors import NotFoundError
from greenmfg.refdata.loader import ReferenceData


def cn_digits(cn_code: str) -> str:
    """A CN code without spaces or dots.

    >>> cn_digits("2523 10 00")
    '25231000'
    """
    return "".join(ch for ch in cn_code if ch.isdigit())


def cbam_good(refdata: ReferenceData, cn_code: str) -> dict[str, str]:
    """The ``cbam_goods`` row of a CN code: the longest packaged prefix that matches.

    Raises :class:`NotFoundError` for a code that no row covers, or whose row marks it
    excluded (the chapter-72 codes excepted from Annex II to Reg. (EU) 2023/956).
    """
    digits = cn_digits(cn_code)
    rows = [r for r in refdata.datasets["cbam_goods"].rows
            if digits and digits.startswith(r["cn_prefix"])]
    if not rows:
        raise NotFoundError(
            f"CN code '{cn_code}' is not a CBAM good in the packaged scope (cbam_goods); "
            "`greenmfg refdata show cbam_goods` lists the covered CN prefixes",
            f"CN 编码“{cn_code}”不在内置 CBAM 货物范围（cbam_goods）内；"
            "`greenmfg refdata show cbam_goods` 列出所覆盖的 CN 前缀")
    row = max(rows, key=lambda r: len(r["cn_prefix"]))
    if row["boundary"] == "excluded":
        raise NotFoundError(
            f"CN code '{cn_code}' ({row['name_en']}) is excepted from the iron-and-steel entry "
            "of Annex II to Reg. (EU) 2023/956; greenmfg does not compute it",
            f"CN 编码“{cn_code}”（{row['name_zh']}）被排除在欧盟 2023/956 号条例附件二钢铁条目之外，"
            "greenmfg 不计算该货物")
    return row


def cbam_default(refdata: ReferenceData, cn_code: str, country: str) -> dict[str, str] | None:
    """The packaged default-value row for a CN code and country (ISO alpha-2, or ``OTHER``).

    Matches the longest CN line that prefixes the code. Returns None when none was found:
    in particular no China (``CN``) default value is packaged.
    """
    digits = cn_digits(cn_code)
    rows = [r for r in refdata.datasets["cbam_defaults"].rows
            if r["country"] == country.upper() and digits.startswith(r["cn_line"])]
    return max(rows, key=lambda r: len(r["cn_line"])) if rows else None
