"""Every string the web pages show, in zh-CN and en; the labels shared with the reports come
from :mod:`greenmfg.i18n`."""

from __future__ import annotations

from greenmfg.i18n import Lang, label

_TEXTS: dict[str, tuple[str, str]] = {
    # key: (zh-CN, en)
    "app_name": ("greenmfg 绿色制造看板", "greenmfg green-manufacturing dashboard"),
    "sign_in": ("登录", "Sign in"),
    "sign_out": ("退出", "Sign out"),
    "username": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "signed_in_as": ("当前用户", "Signed in as"),
    "role": ("角色", "Role"),
    "home": ("首页", "Home"),
    "upload": ("上传数据", "Upload data"),
    "organisations": ("可查看的组织", "Organisations you may see"),
    "enterprise_page": ("企业碳排放与能耗", "Enterprise emissions and energy"),
    "park_page": ("园区概览", "Park overview"),
    "region_page": ("地区概览", "Region overview"),
    "year": ("年度", "Year"),
    "total_co2e": ("排放总量 tCO2e", "Total emissions tCO2e"),
    "scope1_t": ("范围一 tCO2e", "Scope 1 tCO2e"),
    "scope2_location_t": ("范围二（基于位置）tCO2e", "Scope 2 (location) tCO2e"),
    "scope2_market_t": ("范围二（基于市场）tCO2e", "Scope 2 (market) tCO2e"),
    "energy_tce": ("综合能耗（当量值）tce", "Energy (calorific) tce"),
    "energy_coal_tce": ("综合能耗（等价值）tce", "Energy (coal equivalent) tce"),
    "electricity_mwh": ("购入电力 MWh", "Purchased electricity MWh"),
    "green_mwh": ("绿证/绿电覆盖 MWh", "Covered by certificates / green power MWh"),
    "green_share": ("绿电占比", "Green-power share"),
    "green_share_note": (
        "绿电占比 = 绿证与绿电交易覆盖的电量（不超过购入电量）÷ 购入电量",
        "Green-power share = electricity covered by certificates and green-power contracts "
        "(at most what was bought) ÷ purchased electricity"),
    "by_source": ("分排放源排放 tCO2e", "Emissions by source tCO2e"),
    "by_month": ("月度排放 tCO2e", "Monthly emissions tCO2e"),
    "by_carrier": ("分品种能耗 tce（当量值）", "Energy by carrier tce (calorific)"),
    "intensities": ("强度", "Intensities"),
    "ranking": ("企业排放排名 tCO2e", "Enterprises ranked by emissions tCO2e"),
    "rank": ("排名", "Rank"),
    "enterprise": ("企业", "Enterprise"),
    "organisation": ("组织", "Organisation"),
    "trend": ("逐年排放与能耗", "Emissions and energy by year"),
    "children": ("下级园区与企业", "Parks and enterprises below"),
    "enterprises_reporting": ("报送企业数", "Enterprises reporting"),
    "green_vs_grid": ("购入电力构成 MWh", "Purchased electricity MWh"),
    "green_part": ("绿证/绿电覆盖", "Covered (green)"),
    "other_part": ("其余电网电量", "Other grid electricity"),
    "no_data": ("该年度没有数据。", "No data for this year."),
    "not_applicable": ("—", "—"),
    "upload_title": ("上传活动数据（.xlsx / .csv）", "Upload activity data (.xlsx / .csv)"),
    "upload_into": ("上传到组织", "Upload into"),
    "file": ("文件", "File"),
    "send": ("上传", "Upload"),
    "upload_note": (
        "文件中任一行被拒绝时整个文件都不会保存；请按下表修正后重新上传。",
        "If any row is rejected nothing of the file is stored; fix the rows below and upload "
        "again."),
    "upload_ok": ("已导入：新增 {inserted} 行，更新 {updated} 行，未变化 {unchanged} 行。",
                  "Imported: {inserted} rows added, {updated} updated, {unchanged} unchanged."),
    "upload_rejected": ("文件被拒绝：{rows} 行有问题，未保存任何数据。",
                        "The file was refused: {rows} rows have problems; nothing was stored."),
    "rejected_rows": ("被拒绝的行", "Rejected rows"),
    "sheet": ("工作表", "Sheet"),
    "row": ("行", "Row"),
    "column": ("列", "Column"),
    "value": ("数值", "Value"),
    "reason": ("原因", "Reason"),
    "view_enterprise": ("查看企业页面", "Open the enterprise page"),
    "language": ("语言", "Language"),
    "error_title": ("无法显示此页面", "This page cannot be shown"),
    "error_401": ("请先登录。", "Please sign in."),
    "error_403": ("您的角色无权执行此操作。", "Your role may not do this."),
    "error_404": ("在您可查看的组织中没有该页面。", "There is no such page among those you may see."),
    "error_422": ("请求无效。", "The request is invalid."),
    "error_csrf": ("表单已过期或来自其他网站；请刷新页面后重试。",
                   "The form expired or came from another site; reload the page and try again."),
    "login_failed": ("用户名或密码错误，或账户已停用。",
                     "Wrong user name or password, or the account is disabled."),
    "back_home": ("返回首页", "Back to the home page"),
    "charts_unavailable": ("图表脚本未能加载。", "The chart script could not be loaded."),
    "data_version": ("数据版本", "Data version"),
    "role_enterprise": ("企业用户", "enterprise user"),
    "role_park": ("园区管理者", "park manager"),
    "role_regulator": ("监管部门", "regulator"),
    "role_verifier": ("核查机构", "verifier"),
    "role_admin": ("管理员", "administrator"),
    "kind_region": ("地区", "region"),
    "kind_park": ("园区", "park"),
    "kind_enterprise": ("企业", "enterprise"),
    "kind_site": ("场所", "site"),
}

LANGS: tuple[Lang, ...] = (Lang.ZH, Lang.EN)
LANG_NAMES = {Lang.ZH: "中文", Lang.EN: "English"}


def text(key: str, lang: Lang, **values: object) -> str:
    """The page string ``key`` in ``lang`` (else the shared report label), filled in.

    >>> text("upload_ok", Lang.EN, inserted=3, updated=0, unchanged=1)
    'Imported: 3 rows added, 0 updated, 1 unchanged.'
    >>> text("scope1", Lang.ZH)
    '范围一（直接排放）'
    """
    pair = _TEXTS.get(key)
    found = label(key, lang) if pair is None else pair[0 if lang is Lang.ZH else 1]
    return found.format(**values) if values else found


def texts(lang: Lang) -> dict[str, str]:
    """Every page string in ``lang``, for the templates."""
    return {key: text(key, lang) for key in _TEXTS}


def both_languages_complete() -> list[str]:
    """Keys with an empty text in either language (none, when the table is complete)."""
    return [key for key, (zh, en) in _TEXTS.items() if not zh.strip() or not en.strip()]
