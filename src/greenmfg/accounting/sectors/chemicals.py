"""Chemicals: GB/T 32151.10-2015 (NDRC chemical-enterprise guideline lineage), synthetic
ammonia and methanol first.

``chemicals-gbt32151.10-2015`` counts, for the enterprise-year::

    E = Σ FC × NCV × CC × OF × 44/12                          (fuel combustion, GB/T 32150)
        + [Σ_r AD_r × C_r − Σ_p AD_p × C_p] × 44/12            (fossil feedstock carbon balance)
        + Σ m × EF_carbonate                                  (carbonates used)
        + Σ AD_HNO3 × EF_N2O × (1 − η × μ) × GWP_N2O           (nitric acid N2O)
        − Σ m_CO2 recovered                                   (CO2 recovered and sent out)
        ± AD_MWh × EF_grid ± AD_GJ × EF_heat                  (electricity and heat)

- **feedstock carbon in** (``r``): coal, natural gas and coke-oven gas used as raw material —
  the ``feedstock_*`` items, kept apart from the same fuels burnt — and other carbon-bearing
  raw materials (``carbon_input_other``, measured carbon);
- **carbon out** (``p``): methanol (0.3749 tC/t) and urea (0.2000 tC/t) by stoichiometry, and
  other carbon-bearing products, by-products and carbon-bearing waste sent out
  (``carbon_product_other``, measured carbon). Ammonia carries no carbon: it is the output the
  method requires, outside the balance.

Feedstock carbon is NCV × CC of the fuel edition (measured NCV or CC in the row apply; no
oxidation rate), or the row's measured carbon per unit. CO2 recovered and sent to another
enterprise (``co2_recovered``, t) is deducted as its own line. CO2 made into urea at the same
enterprise leaves in the urea; record it as urea output **or** as recovered CO2, never both
(a note flags a site that records both). Nitric acid N2O uses the packaged N2O generation factor of the
process (high, medium, atmospheric, dual-pressure, combined, low pressure; R-weak) or the row's
own generation factor, less what an abatement unit (NSCR …) removes: ``η`` the abatement
efficiency (parameter ``n2o_abatement_efficiency``) and ``μ`` its use rate
(``n2o_abatement_use_rate``; 1 when only ``η`` is given), both at the row's site and source. CO2 and N2O
released directly (``co2_release``, ``n2o_release``) are counted; electricity at the MEE/NBS
factor of ``--grid-level``; GWPs are the user's ``--gwp`` set.

Notes
-----
Not checked against the text: neither GB/T 32151.10-2015, its 2023 revision (GB/T
32151.10-2023, R: DIGEST §1.2) nor the NDRC 2013 chemical guideline was read. The source list and
the balance ``{Σ AD_r × CC_r − (Σ AD_p × CC_p + Σ AD_w × CC_w)} × 44/12`` follow the guideline
lineage as recalled by the analyst (U); the nitric-acid factors come from one public tool
(R-weak); adipic-acid N2O is **left out** — no default could be sourced; other gases (HFCs …)
are left out with a note. Product carbon is stoichiometric (V as arithmetic; whether the
standard prescribes other defaults is U).

References
----------
GB/T 32151.10-2015 《温室气体排放核算与报告要求 第10部分：化工生产企业》 (revised 2023).
NDRC 《中国化工生产企业温室气体排放核算方法与报告指南（试行）》, 2013.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from greenmfg._internal.numbers import g
from greenmfg.accounting.carbon_balance import (
    C_PER_CO2,
    BalanceSpec,
    balance_drafts,
    check_net_carbon,
)
from greenmfg.accounting.gbt32150 import LineDraft
from greenmfg.accounting.method import (
    Method,
    MethodDrafts,
    Sector,
    general_drafts,
    left_out_note,
    line_order,
    require_output,
)
from greenmfg.accounting.parameters import ParameterTable
from greenmfg.model import ActivityRecord, Category, FactorUse, InventoryOptions, Organisation, Scope
from greenmfg.refdata import Item, ItemCategory, ReferenceData

FEEDSTOCKS = ("feedstock_anthracite", "feedstock_bituminous_coal", "feedstock_lignite",
              "feedstock_natural_gas", "feedstock_coke_oven_gas")
MATERIALS_IN = ("carbon_input_other",)
PRODUCTS_OUT = ("methanol", "urea", "carbon_product_other")
PRODUCTS = ("ammonia", "methanol", "urea", "carbon_product_other")
NITRIC_ACID = ("nitric_acid_high_pressure", "nitric_acid_medium_pressure",
               "nitric_acid_atmospheric", "nitric_acid_dual_pressure", "nitric_acid_combined",
               "nitric_acid_low_pressure")
GASES = ("CO2", "N2O")
ABATEMENT, USE_RATE = "n2o_abatement_efficiency", "n2o_abatement_use_rate"
FORMULA_N2O = "E_N2O = Σ AD × EF × (1 − η × μ)"

BALANCE = BalanceSpec(
    carbon_in=frozenset((*FEEDSTOCKS, *MATERIALS_IN)),
    carbon_out=frozenset(PRODUCTS_OUT),
    fuels=frozenset(FEEDSTOCKS),
    defaults={"methanol": "chem_carbon_methanol", "urea": "chem_carbon_urea"},
)


def _keep(_r: ActivityRecord, item: Item) -> bool:
    if item.category is ItemCategory.FUEL:
        return item.code not in FEEDSTOCKS
    if item.code in NITRIC_ACID:
        return False
    if item.category is ItemCategory.GAS_RELEASE:
        return item.gas in GASES
    return True


def nitric_acid_drafts(records: Sequence[ActivityRecord], refdata: ReferenceData,
                       params: ParameterTable) -> list[LineDraft]:
    """One N2O line per (site, source, item) of nitric acid production, with abatement."""
    drafts: dict[tuple[str, str, str], LineDraft] = {}
    for r in records:
        if r.item not in NITRIC_ACID:
            continue
        item = refdata.items[r.item]
        factors: list[FactorUse] = []
        measured = r.measured.emission_factor_t_per_unit
        if measured is not None:
            ef, ef_text = measured, f"{g(measured)} tN2O/t [source-specific EF]"
        else:
            row = refdata.process_factor(item.factor_code)
            f = refdata.use("process_factors", row, name=row["name_en"], value_column="value",
                            unit=row["unit"])
            factors.append(f)
            ef, ef_text = f.value, f"{g(f.value)} {f.unit}"
        eta_row, mu_row = params.find(r, ABATEMENT), params.find(r, USE_RATE)
        eta = eta_row.quantity_canonical if eta_row else 0.0
        mu = mu_row.quantity_canonical if mu_row else (1.0 if eta_row else 0.0)
        text = f"{g(r.quantity_canonical)} t × {ef_text}"
        if eta_row:
            text += f" × (1 − {g(eta)} × {g(mu)}{'' if mu_row else ' [use rate not given]'})"
        draft = drafts.setdefault((r.site, r.source, item.code), LineDraft(
            r.site, r.source, item, Category.PROCESS, Scope.SCOPE1, "N2O", FORMULA_N2O))
        draft.add(r, r.quantity_canonical * ef * (1.0 - eta * mu), text, factors,
                  [x for x in (eta_row, mu_row) if x is not None])
    return [drafts[k] for k in sorted(drafts)]


def _balance_note(method_id: str, balance: Sequence[LineDraft]) -> str:
    """The balance in one line: carbon in, carbon out, carbon emitted (tC) and tCO2."""
    gas = [d.gas_t for d in balance]
    c_in = math.fsum(x for x in gas if x > 0) * C_PER_CO2
    c_out = -math.fsum(x for x in gas if x < 0) * C_PER_CO2
    emitted = math.fsum(gas)
    return (f"{method_id}: feedstock carbon balance {g(c_in)} tC in − {g(c_out)} tC in products "
            f"and by-products = {g(c_in - c_out)} tC emitted = {g(emitted)} tCO2 / "
            f"原料碳平衡：输入 {g(c_in)} tC − 产品和副产品 {g(c_out)} tC = 排放 {g(c_in - c_out)} tC"
            f"（{g(emitted)} tCO2）")


def _urea_and_recovered(records: Sequence[ActivityRecord], method_id: str) -> str:
    sites = sorted({r.site for r in records if r.item == "urea"}
                   & {r.site for r in records if r.item == "co2_recovered"})
    if not sites:
        return ""
    names = ", ".join(sites)
    return (f"{method_id}: site(s) {names} record both urea output and recovered CO2; CO2 made "
            "into urea on site leaves in the urea — check that it is not also recorded as "
            f"co2_recovered / 场所 {names} 同时填报了尿素产量和 CO2 回收量；厂内制尿素的 CO2 已随尿素"
            "输出，请勿重复填报为回收 CO2")


def draft_gbt32151_10(org: Organisation, year: int, records: Sequence[ActivityRecord],
                      refdata: ReferenceData, options: InventoryOptions) -> MethodDrafts:
    """Lines of a chemical enterprise-year under GB/T 32151.10-2015 (module docstring)."""
    method_id = GBT32151_10_2015.method_id
    require_output(org, year, records, refdata, PRODUCTS, method_id)
    params = ParameterTable(records, refdata)
    result, left_out = general_drafts(org, year, records, refdata, options, params, keep=_keep,
                                      electricity=None, method_id=method_id)
    balance = balance_drafts(records, refdata, options.fuel_edition, method_id, BALANCE)
    check_net_carbon(org, year, balance, method_id)
    nitric = nitric_acid_drafts(records, refdata, params)
    other = [r for r in left_out if not BALANCE.enters(refdata.items[r.item])
             and r.item not in NITRIC_ACID]
    notes = [
        left_out_note(method_id, params.unused((ABATEMENT, USE_RATE)),
                      "no nitric acid at the same site and source", "同一场所和排放源没有硝酸生产"),
        _balance_note(method_id, balance) if balance else "",
        _urea_and_recovered(records, method_id),
        left_out_note(method_id, other, "the standard as transcribed counts CO2 and N2O only",
                      "该标准（按转录）只核算二氧化碳和氧化亚氮"),
    ]
    return MethodDrafts(sorted([*result.drafts, *balance, *nitric], key=line_order),
                        [*result.notes, *(n for n in notes if n)])


GBT32151_10_2015 = Method(
    code="chemicals-gbt32151.10", edition="2015", sector="chemicals",
    document="GB/T 32151.10-2015",
    title_zh="温室气体排放核算与报告要求 第10部分：化工生产企业",
    title_en="GB/T 32151.10 chemical producers", draft=draft_gbt32151_10,
    notes=("chemicals-gbt32151.10 2015 (GB/T 32151.10-2015): fuel combustion, feedstock carbon "
           "balance (coal / natural gas / coke-oven gas as raw material less carbon in methanol, "
           "urea and other products), carbonates, nitric-acid N2O (R-weak), recovered CO2 "
           "deducted, electricity and heat; the standard, its 2023 revision and the NDRC 2013 "
           "guideline not read — structure U; adipic-acid N2O not implemented (no default "
           "sourced) / 未阅读标准原文（含2023修订版），结构未核实；未核算己二酸N2O",),
)

SECTOR = Sector(
    code="chemicals", name_zh="化工", name_en="chemicals",
    industry_codes=("C2611", "C2614", "C2621"),
    ets_method=GBT32151_10_2015.method_id,
    items=("ammonia", "methanol", "urea", *FEEDSTOCKS, "carbon_input_other",
           "carbon_product_other", "co2_recovered", *NITRIC_ACID, ABATEMENT,
           USE_RATE, "n2o_release", "anthracite_quality_lump_share",
           "anthracite_pulverised_share",
           "bituminous_coal", "natural_gas", "electricity_purchased", "heat_purchased",
           "heat_exported"),
    guide=(
        ("化工（--method chemicals-gbt32151.10-2015）：",
         "Chemicals (--method chemicals-gbt32151.10-2015):"),
        ("· 作原料的煤、天然气、焦炉煤气填 feedstock_* 品种（原料煤、原料天然气），与燃烧用燃料分开；"
         "产品填合成氨、甲醇、尿素及其他含碳产品。",
         "· Coal, natural gas and coke-oven gas used as raw material go in the feedstock_* items, "
         "apart from the same fuels burnt; output as ammonia, methanol, urea and other "
         "carbon-bearing products."),
        ("· 甲醇、尿素按化学计量含碳（0.3749、0.2000 tC/t）；其他含碳产品、副产品和含碳废物"
         "（carbon_product_other）须在 carbon_content 列填写实测含碳量。",
         "· Methanol and urea carry their stoichiometric carbon (0.3749, 0.2000 tC/t); other "
         "carbon-bearing products, by-products and waste (carbon_product_other) need a "
         "measured carbon_content."),
        ("· 外供的回收 CO2 填 co2_recovered；厂内制尿素的 CO2 已随尿素输出，不要重复填报。",
         "· CO2 recovered and sent out is co2_recovered; CO2 made into urea on site leaves in "
         "the urea — do not record it twice."),
        ("· 硝酸按生产工艺选品种（高压、中压、常压、双加压、综合、低压法）；有 N2O 消除装置的，在同一"
         "场所和排放源填报参数 n2o_abatement_efficiency（去除效率）和 n2o_abatement_use_rate（使用率）。",
         "· Nitric acid by process (high, medium, atmospheric, dual-pressure, combined, low "
         "pressure); a train with N2O abatement gives the parameters n2o_abatement_efficiency "
         "and n2o_abatement_use_rate at the same site and source."),
        ("· 以无烟煤为原料的合成氨：在该场所填参数 anthracite_quality_lump_share（优质无烟块煤比例）"
         "和/或 anthracite_pulverised_share（无烟粉煤比例），按 GB 21344-2023 分类对标；未填则不对标。",
         "· Ammonia from anthracite: give the site's parameters anthracite_quality_lump_share "
         "and/or anthracite_pulverised_share so that GB 21344-2023 can class it; without them "
         "the line is not benchmarked."),
    ),
)
