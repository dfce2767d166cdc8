"""Validating organisation rows (region > park > enterprise > site)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import ValidationError

from greenmfg.ingest._cells import text
from greenmfg.ingest.rejects import Rejection, raw_json
from greenmfg.ingest.tabular import RawSheet
from greenmfg.model import Organisation, OrgKind
from greenmfg.model.organisation import ALLOWED_PARENT

_INDUSTRY = re.compile(r"^[A-T]?\d{2,4}$")
_REGION = re.compile(r"^(\d{6}|CN)$")


def validate_organisations(
    sheet: RawSheet, stored: Mapping[str, OrgKind]
) -> tuple[list[Organisation], list[Rejection]]:
    """Validate organisation rows; a parent may come from the workspace or earlier in the sheet.

    Rows are checked in order, so a parent must appear before its children.
    """
    known: dict[str, OrgKind] = dict(stored)
    accepted: list[Organisation] = []
    rejected: list[Rejection] = []
    seen: dict[str, int] = {}
    for raw in sheet.rows:
        problems: list[Rejection] = []

        def reject(column: str, en: str, zh: str, *, _raw: dict[str, object] = raw.values,
                   _row: int = raw.row, _problems: list[Rejection] = problems) -> None:
            _problems.append(Rejection(
                sheet.file, sheet.sheet, _row, column, text(_raw.get(column)) if column else "",
                en, zh, raw_json(_raw)))

        values = {k: text(v) for k, v in raw.values.items()}
        code, kind_text, parent = values.get("code", ""), values.get("kind", ""), values.get(
            "parent_code", "")
        kind = None
        try:
            kind = OrgKind(kind_text)
        except ValueError:
            reject("kind", f"kind '{kind_text}' is not region, park, enterprise or site",
                   f"类型“{kind_text}”应为 region、park、enterprise 或 site")
        if not values.get("name"):
            reject("name", "name is missing", "缺少名称")
        if code in seen:
            reject("code", f"duplicate of row {seen[code]}", f"与第 {seen[code]} 行重复")
        if parent and parent not in known:
            reject("parent_code", f"parent '{parent}' does not exist (a parent must come first "
                   "or already be in the workspace)",
                   f"上级组织“{parent}”不存在（上级须先出现或已在工作区中）")
        elif kind is not None and parent and known[parent] not in ALLOWED_PARENT[kind]:
            reject("parent_code", f"a {kind} cannot sit under a {known[parent]}",
                   f"{kind} 不能隶属于 {known[parent]}")
        elif kind is not None and not parent and kind in (OrgKind.SITE, OrgKind.PARK):
            reject("parent_code", f"a {kind} needs a parent_code", f"{kind} 必须填写上级组织")
        industry, region = values.get("industry_code", ""), values.get("region_code", "")
        if industry and not _INDUSTRY.match(industry):
            reject("industry_code", f"industry_code '{industry}' is not a GB/T 4754 code "
                   "(e.g. C3011)", f"行业代码“{industry}”不是 GB/T 4754 代码（如 C3011）")
        if region and not _REGION.match(region):
            reject("region_code", f"region_code '{region}' is not a 6-digit GB/T 2260 code",
                   f"地区代码“{region}”不是 6 位 GB/T 2260 行政区划代码")
        if not problems and kind is not None:
            try:
                org = Organisation(
                    code=code, name=values["name"], kind=kind, parent_code=parent or None,
                    industry_code=industry or None, region_code=region or None,
                    credit_code=values.get("credit_code") or None)
            except ValidationError as exc:
                for err in exc.errors():
                    column = str(err["loc"][0]) if err["loc"] else ""
                    reject(column, err["msg"], err["msg"])
            else:
                accepted.append(org)
                known[code] = kind
                seen[code] = raw.row
        rejected.extend(problems)
    return accepted, rejected
