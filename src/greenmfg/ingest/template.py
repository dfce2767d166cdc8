"""The Excel template users fill in; it carries exactly the interchange columns."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from greenmfg.ingest.tabular import (
    ACTIVITY_OPTIONAL,
    ACTIVITY_REQUIRED,
    ORGANISATION_OPTIONAL,
    ORGANISATION_REQUIRED,
)
from greenmfg.refdata import ReferenceData
from greenmfg.units import display

_HELP: dict[str, tuple[str, str]] = {
    "org_code": ("企业代码（须已存在或在 organisations 表中）", "enterprise code (must exist)"),
    "site": ("场所代码，可空", "site code, may be empty"),
    "source": ("排放源名称，如 1# 锅炉", "emission source, e.g. boiler 1"),
    "item": ("品种代码或中英文名称，见 items 表", "item code or name, see sheet items"),
    "period": ("期间 YYYY 或 YYYY-MM", "period YYYY or YYYY-MM"),
    "quantity": ("数量（非负数）", "quantity (not negative)"),
    "unit": ("单位，如 t、万kWh、万Nm3、GJ", "unit, e.g. t, 万kWh, 万Nm3, GJ"),
    "ncv": ("实测低位发热量（可空）", "measured net calorific value (optional)"),
    "ncv_unit": ("如 GJ/t、GJ/万Nm3", "e.g. GJ/t, GJ/10^4Nm3"),
    "carbon_content": ("实测单位热值含碳量（可空）", "measured carbon content (optional)"),
    "carbon_content_unit": ("如 tC/GJ、tC/TJ、tC/t", "e.g. tC/GJ, tC/TJ, tC/t"),
    "oxidation_rate": ("碳氧化率 0.95 或 95%", "oxidation rate 0.95 or 95%"),
    "emission_factor": ("过程排放源的排放因子（可空）", "emission factor of a process source (optional)"),
    "emission_factor_unit": ("如 tCO2/t、kgCO2/t", "e.g. tCO2/t, kgCO2/t"),
    "data_quality": ("实测 measured / 计算 calculated / 缺省 default", "data quality"),
    "evidence": ("证据，如 发票号、化验单号", "evidence, e.g. invoice or lab report"),
    "code": ("组织代码", "organisation code"),
    "name": ("名称", "name"),
    "kind": ("region / park / enterprise / site", "kind"),
    "parent_code": ("上级组织代码", "parent code"),
    "industry_code": ("GB/T 4754 行业代码，如 C3011", "GB/T 4754 industry code"),
    "region_code": ("GB/T 2260 行政区划代码，如 150200", "GB/T 2260 region code"),
    "credit_code": ("统一社会信用代码（18 位）", "unified social credit code"),
}

_README = [
    ("greenmfg 活动数据模板 / activity data template", ""),
    ("1. 在 organisations 表登记企业（已在工作区中的可不填）。",
     "1. Register enterprises in sheet organisations (skip those already in the workspace)."),
    ("2. 在 activity 表每行填写一个排放源一个品种一个期间（月度 YYYY-MM 或年度 YYYY）的数量和单位。",
     "2. In sheet activity, one row per source, item and period (YYYY-MM or YYYY)."),
    ("3. 品种与单位见 items 表；燃料可填写实测低位发热量、含碳量和碳氧化率，覆盖缺省值。",
     "3. Items and units are in sheet items; fuels may carry measured NCV, carbon content and "
     "oxidation rate that override the defaults."),
    ("4. 导入：greenmfg import 本文件.xlsx --rejects rejects.csv；有问题的行会被拒绝并列出原因。",
     "4. Import: greenmfg import this.xlsx --rejects rejects.csv; bad rows are listed with "
     "their reason."),
    ("5. 类别为 parameter 的品种是参数（含量、比例、速率），不累加：按月（YYYY-MM）或按年（YYYY）填报，"
     "适用于同一场所和排放源同月的数量，无月度值时用年度值；比例写小数（0.65）或带 % 单位。",
     "5. Items of category parameter are contents, shares or rates and are not summed: give "
     "them by month (YYYY-MM) or year (YYYY); they apply to the quantities of the same site "
     "and source in that month, else to the year; write a share as 0.65 or with unit %."),
    ("示例 / example", ""),
    ("ENT01, KILN, 1# 回转窑, 烟煤, 2025-01, 12000, t, 22.5, GJ/t, 0.0261, tC/GJ, 98%", ""),
]


def write_activity_template(path: Path, refdata: ReferenceData, *,
                            first_items: Sequence[str] = (),
                            guide: Sequence[tuple[str, str]] = ()) -> Path:
    """Write the activity workbook (instructions, organisations, activity, items) atomically.

    ``first_items`` (a sector's items) head the items sheet; ``guide`` lines (zh, en) are added
    to the README sheet.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    readme = workbook.active
    readme.title = "说明 README"
    for zh, en in (*_README, *guide):
        readme.append([zh, en])
    readme.column_dimensions["A"].width = 90
    readme.column_dimensions["B"].width = 90
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for title, columns in (("organisations", ORGANISATION_REQUIRED + ORGANISATION_OPTIONAL),
                           ("activity", ACTIVITY_REQUIRED + ACTIVITY_OPTIONAL)):
        sheet = workbook.create_sheet(title)
        sheet.append(list(columns))
        for cell in sheet[1]:
            zh, en = _HELP[str(cell.value)]
            cell.font, cell.fill = bold, fill
            cell.comment = Comment(f"{zh}\n{en}", "greenmfg")
            sheet.column_dimensions[cell.column_letter].width = 16
        sheet.freeze_panes = "A2"
    items = workbook.create_sheet("items")
    items.append(["code", "name_zh", "name_en", "category", "unit"])
    for cell in items[1]:
        cell.font, cell.fill = bold, fill
    order = [refdata.items[code] for code in first_items]
    order += [item for item in refdata.items.values() if item.code not in first_items]
    for item in order:
        items.append([item.code, item.name_zh, item.name_en, item.category.value,
                      display(item.canonical_unit)])
    activity = workbook["activity"]
    last = len(refdata.items) + 1
    item_list = DataValidation(type="list", formula1=f"=items!$A$2:$A${last}",
                               allow_blank=True, showErrorMessage=False)
    activity.add_data_validation(item_list)
    item_list.add("D2:D5000")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".xlsx")
    os.close(fd)
    try:
        workbook.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
