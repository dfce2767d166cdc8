"""Carbon mass balances shared by the sector methods that use them (steel, chemicals).

A balance counts, over the enterprise-year, the carbon entering in some items and the carbon
leaving in others; what does not leave is emitted as CO2::

    E = Σ_in AD_i × C_i × 44/12 − Σ_out AD_j × C_j × 44/12

Each (site, source, item) becomes one process line, carbon in positive and carbon out
negative. ``C`` is carbon per canonical unit of the item (tC/t; tC/10^4 Nm³ for gases): the
measured ``carbon_content`` of the row where given, else the default the method's
:class:`BalanceSpec` names for the item — the fuel edition's NCV × CC for fuels (measured NCV
or CC apply one by one; no oxidation rate: carbon not leaving in a counted output is emitted),
the fuel edition's NCV × CC for by-product gases sent out, the stoichiometric factor × 12/44
for carbonates, or a packaged sector factor (tC/t as it is, tCO2/t × 12/44). An item with no
default needs a measured carbon content; a balance that sends out more carbon than it takes in
is an input error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from greenmfg._internal.numbers import g
from greenmfg.accounting.factors import fuel_parameters
from greenmfg.accounting.gbt32150 import CO2_PER_C, LineDraft
from greenmfg.errors import InputError
from greenmfg.model import ActivityRecord, Category, FactorUse, Organisation, Scope
from greenmfg.refdata import Item, ItemCategory, ReferenceData
from greenmfg.refdata.sectors import sector_factor

__all__ = ["C_PER_CO2", "FORMULA_IN", "FORMULA_OUT", "BalanceSpec", "balance_drafts",
           "carbon_per_unit", "check_net_carbon"]

C_PER_CO2 = 12.0 / 44.0
FORMULA_IN = "E = Σ AD × C × 44/12 (carbon in)"
FORMULA_OUT = "E = − Σ AD × C × 44/12 (carbon out)"


@dataclass(frozen=True, slots=True)
class BalanceSpec:
    """Which items a method's carbon balance counts, and where their default carbon comes from.

    ``carbon_in`` / ``carbon_out`` are item codes (carbonates enter as well when
    ``carbonates_in``); ``fuels`` take the fuel edition's NCV × CC (measured values apply),
    ``gases`` (by-product gases sent out) the edition's NCV × CC of their fuel code;
    ``defaults`` maps an item to a packaged sector factor (unit tC/t or tCO2/t).
    """

    carbon_in: frozenset[str]
    carbon_out: frozenset[str]
    fuels: frozenset[str] = frozenset()
    gases: frozenset[str] = frozenset()
    defaults: Mapping[str, str] = field(default_factory=dict)
    carbonates_in: bool = False

    def enters(self, item: Item) -> bool:
        """Whether an item's carbon enters the balance."""
        return item.code in self.carbon_in or (
            self.carbonates_in and item.category is ItemCategory.CARBONATE)

    def leaves(self, item: Item) -> bool:
        """Whether an item's carbon leaves the enterprise in the balance."""
        return item.code in self.carbon_out


def carbon_per_unit(r: ActivityRecord, item: Item, refdata: ReferenceData, edition: str,
                    method_id: str, spec: BalanceSpec) -> tuple[float, str, list[FactorUse]]:
    """Carbon per canonical unit of a balance row (tC/t or tC/10^4 Nm³), its text and factors.

    Raises
    ------
    InputError
        A measured carbon above 1 t per t, or no measured carbon where there is no default.
    """
    unit = item.canonical_unit
    measured = r.measured.carbon_tc_per_unit
    where = (f"{item.code} at site '{r.site}', source '{r.source}', {r.period} "
             f"({r.origin or r.record_id})")
    if measured is not None:
        if unit == "t" and measured > 1:
            raise InputError(
                f"{method_id}: the carbon content of {where} is {g(measured)} t C per t, more than "
                "the whole; give a mass fraction (0.0417) or a percentage (4.17 %)",
                f"{method_id}：{where} 的含碳量 {g(measured)} tC/t 大于 1；请填写质量分数或百分数",
                expected="carbon ≤ 1 tC/t", found=g(measured))
        return measured, f"{g(measured)} tC/{unit} [measured]", []
    if item.code in spec.fuels:
        p = fuel_parameters(r, item, refdata, edition)
        text = f"{g(p.ncv_gj_per_unit)} GJ/{unit} × {g(p.carbon_content_tc_per_gj)} tC/GJ"
        if p.measured:
            text += f" [measured: {', '.join(p.measured)}]"
        return (p.ncv_gj_per_unit * p.carbon_content_tc_per_gj, text,
                [p.default] if p.default else [])
    if item.code in spec.gases:
        row = refdata.fuel(item.fuel_code, edition)
        f = refdata.use("fuels", row, name=f"{item.name_en} default NCV / CC / OF",
                        value_column="ncv_gj_per_unit", unit=f"GJ/{unit}")
        ncv, cc = float(row["ncv_gj_per_unit"]), float(row["carbon_content_tc_per_tj"]) / 1000.0
        return ncv * cc, f"{g(ncv)} GJ/{unit} × {g(cc)} tC/GJ", [f]
    if spec.carbonates_in and item.category is ItemCategory.CARBONATE:
        row = refdata.carbonate(item.factor_code)
        f = refdata.use("carbonates", row, name=f"{row['formula']} stoichiometric factor",
                        value_column="value_tco2_per_t", unit="tCO2/t")
        return f.value * C_PER_CO2, f"{g(f.value)} tCO2/t × 12/44", [f]
    if item.code in spec.defaults:
        f = sector_factor(refdata, spec.defaults[item.code])
        if f.unit == f"tC/{unit}":
            return f.value, f"{g(f.value)} {f.unit}", [f]
        return f.value * C_PER_CO2, f"{g(f.value)} tCO2/t × 12/44", [f]
    raise InputError(
        f"{method_id}: {where} has no default carbon content; give its measured carbon_content "
        f"(tC/{unit} or %) in the row",
        f"{method_id}：{where} 没有缺省含碳量；请在该行填写实测含碳量（tC/{unit} 或 %）",
        expected="carbon_content", found="none")


def balance_drafts(records: Sequence[ActivityRecord], refdata: ReferenceData, edition: str,
                   method_id: str, spec: BalanceSpec) -> list[LineDraft]:
    """One process line per (site, source, item) of the carbon balance: carbon in positive,
    carbon out negative, each term ``AD × C × 44/12``."""
    drafts: dict[tuple[str, str, str], LineDraft] = {}
    for r in records:
        item = refdata.items[r.item]
        inbound = spec.enters(item)
        if not (inbound or spec.leaves(item)):
            continue
        c, c_text, factors = carbon_per_unit(r, item, refdata, edition, method_id, spec)
        sign = 1.0 if inbound else -1.0
        draft = drafts.setdefault((r.site, r.source, item.code), LineDraft(
            r.site, r.source, item, Category.PROCESS, Scope.SCOPE1, "CO2",
            FORMULA_IN if inbound else FORMULA_OUT))
        q = r.quantity_canonical
        draft.add(r, sign * q * c * CO2_PER_C,
                  f"{g(q)} {item.canonical_unit} × {c_text} × 44/12", factors)
    return [drafts[k] for k in sorted(drafts)]


def check_net_carbon(org: Organisation, year: int, drafts: Sequence[LineDraft],
                     method_id: str) -> None:
    """More carbon leaving in products and exports than entering is an input error."""
    inbound = math.fsum(d.gas_t for d in drafts if d.gas_t > 0) * C_PER_CO2
    outbound = -math.fsum(d.gas_t for d in drafts if d.gas_t < 0) * C_PER_CO2
    if outbound <= inbound * (1 + 1e-12):
        return
    top = sorted((d for d in drafts if d.gas_t < 0), key=lambda d: d.gas_t)[:3]
    names = "; ".join(f"{d.item.code} at site '{d.site}', source '{d.source}' "
                      f"{g(-d.gas_t * C_PER_CO2)} tC" for d in top)
    raise InputError(
        f"{method_id}: {org.code} {year}: more carbon leaves ({g(outbound)} tC) than enters "
        f"({g(inbound)} tC) the carbon balance — largest outputs: {names}; check their "
        "quantities and carbon contents, and that every carbon input is recorded",
        f"{method_id}：{org.code} {year} 年碳平衡中输出碳（{g(outbound)} tC）多于输入碳"
        f"（{g(inbound)} tC）——最大的输出：{names}；请核对含碳产品、副产品和外供物料的数量与含碳量，"
        "以及是否漏填含碳输入",
        expected="carbon out ≤ carbon in", found=f"{g(outbound)} > {g(inbound)} tC")
