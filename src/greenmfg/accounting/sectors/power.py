"""Power generation: the national-ETS guideline for power facilities, 2022 revision.

Emissions are fossil-fuel combustion plus purchased electricity (at the national-ETS default
grid factor); both go through the GB/T 32150 drafting::

    E = Σ FC × NCV × CC × OF × 44/12 + AD_purchased × EF_grid

Coal (anthracite, bituminous, lignite, washed coal, other washed coal, briquettes) whose carbon
content was not measured takes the guideline's high default 0.03085 tC/GJ instead of the fuel
edition's default (flag U); measured element carbon is given per unit fuel (``tC/t`` or ``%``
with the measured NCV in the same row) or per unit heat. Other fuels use measured parameters or
the chosen fuel edition. The plant's output is power supplied (``power_supplied``, MWh) and
power generated (``power_generated``); the inventory's intensities give tCO2 per MWh of each,
the guideline's intensity on power supplied. Electricity the plant sends out is its product,
not an export to deduct; heat supplied, carbonates (desulphurisation) and other process sources
are outside the guideline's emission sources as transcribed: all are left out with a note.

Notes
-----
Not checked against the text: the 2022 revision was not read. The source list (combustion and
purchased electricity) and the high coal default come from the reference digest (U). The split
of a combined heat-and-power plant's emissions between power and heat (for the intensity) is
not implemented: a CHP plant's intensity on power supplied is overstated.

References
----------
MEE, 《企业温室气体排放核算方法与报告指南 发电设施（2022年修订版）》.
"""

from __future__ import annotations

from collections.abc import Sequence

from greenmfg.accounting.method import (
    Method,
    MethodDrafts,
    Sector,
    general_drafts,
    left_out_note,
    require_output,
)
from greenmfg.accounting.parameters import ParameterTable
from greenmfg.model import ActivityRecord, InventoryOptions, Organisation
from greenmfg.refdata import Item, ItemCategory, ReferenceData
from greenmfg.refdata.sectors import ets_grid_factor, sector_factor

COAL = ("anthracite", "bituminous_coal", "lignite", "washed_coal", "other_washed_coal",
        "briquettes")
PRODUCTS = ("power_supplied", "power_generated")


def _keep(_r: ActivityRecord, item: Item) -> bool:
    return item.category in (ItemCategory.FUEL, ItemCategory.ELECTRICITY_PURCHASED)


def draft_ets_2022(org: Organisation, year: int, records: Sequence[ActivityRecord],
                   refdata: ReferenceData, options: InventoryOptions) -> MethodDrafts:
    """Lines of a power plant-year under the 2022 power guideline (see module docstring)."""
    method_id = ETS_2022.method_id
    require_output(org, year, records, refdata, PRODUCTS, method_id)
    high = sector_factor(refdata, "power_coal_cc_high_default")
    result, left_out = general_drafts(
        org, year, records, refdata, options, ParameterTable(records, refdata), keep=_keep,
        electricity=ets_grid_factor(refdata, year), method_id=method_id,
        carbon_defaults={code: high for code in COAL})
    exported = (ItemCategory.ELECTRICITY_EXPORTED, ItemCategory.HEAT_EXPORTED)
    sent_out = [r for r in left_out if refdata.items[r.item].category in exported]
    other = [r for r in left_out if refdata.items[r.item].category not in exported]
    notes = [left_out_note(method_id, sent_out, "power and heat sent out are the plant's output, "
                           "not exports to deduct (CHP allocation not implemented)",
                           "发电厂输出的电力和热力是产品，不作扣减（未实现热电分摊）"),
             left_out_note(method_id, other, "the guideline counts fuel combustion and purchased "
                           "electricity only", "该指南只核算化石燃料燃烧和购入电力")]
    return MethodDrafts(result.drafts, [*result.notes, *(n for n in notes if n)])


ETS_2022 = Method(
    code="power-ets", edition="2022", sector="power",
    document="企业温室气体排放核算方法与报告指南 发电设施（2022年修订版）",
    title_zh="企业温室气体排放核算方法与报告指南 发电设施（2022年修订版）",
    title_en="national-ETS guideline for power facilities, 2022 revision", draft=draft_ets_2022,
    notes=("power-ets 2022 (MEE power-facility guideline, 2022 revision): fuel combustion and "
           "purchased electricity at the national-ETS default; unmeasured coal at the high default "
           "0.03085 tC/GJ (U); guideline text not read, sources from the reference digest (U); "
           "no CHP allocation / 未阅读指南原文，燃煤高限值与排放源范围未核实",),
)

SECTOR = Sector(
    code="power", name_zh="发电", name_en="power generation", industry_codes=("D4411",),
    ets_method=ETS_2022.method_id,
    items=(*PRODUCTS, *COAL[:3], "natural_gas", "diesel", "electricity_purchased"),
    guide=(
        ("发电（--method power-ets-2022）：", "Power generation (--method power-ets-2022):"),
        ("· 供电量（power_supplied）和发电量（power_generated）按月填报，单位 MWh 或 万kWh。",
         "· Power supplied (power_supplied) and generated (power_generated) by month, in MWh or "
         "万kWh."),
        ("· 入炉煤按月填报实测低位发热量和元素碳含量（tC/t 或 %，需同一行的低位发热量）；未实测含碳量的"
         "煤按高限值 0.03085 tC/GJ 计算。",
         "· Coal with its measured NCV and element carbon by month (tC/t or %, with the NCV in the "
         "same row); coal without a measured carbon content takes the high default 0.03085 "
         "tC/GJ."),
    ),
)
