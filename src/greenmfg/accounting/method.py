"""What an accounting method is: its guideline and edition, and how it drafts emission lines.

A method turns the records of one organisation-year into :class:`LineDraft` s; the inventory
assembly (GWP, totals, energy, lineage, result ids) is the same for every method. Sector
methods hand fuel combustion, electricity and heat (and what else they keep of the general
categories) to the GB/T 32150 drafting and add their own process lines.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from greenmfg.accounting.gbt32150 import BIOMASS_SHARE, LineDraft, draft_lines
from greenmfg.accounting.parameters import ParameterTable
from greenmfg.errors import InputError, OptionError
from greenmfg.model import ActivityRecord, FactorUse, InventoryOptions, Organisation
from greenmfg.refdata import Item, ItemCategory, ReferenceData


@dataclass(frozen=True, slots=True)
class MethodDrafts:
    """The drafted lines of one organisation-year and the notes the method adds to the lineage."""

    drafts: list[LineDraft]
    notes: list[str] = field(default_factory=list)


DraftFn = Callable[[Organisation, int, Sequence[ActivityRecord], ReferenceData, InventoryOptions],
                   MethodDrafts]


@dataclass(frozen=True, slots=True)
class Method:
    """An accounting method: ``code`` and ``edition`` (``cement-ets`` / ``2024``) are what
    :class:`InventoryOptions` records; ``method_id`` (``cement-ets-2024``) is what users type.

    ``gwp_set`` is the GWP set the guideline prescribes (None: the user's choice);
    ``notes`` say what of the guideline could not be checked and travel in every lineage.
    """

    code: str
    edition: str
    sector: str
    document: str
    title_zh: str
    title_en: str
    draft: DraftFn
    notes: tuple[str, ...] = ()
    gwp_set: str | None = None

    @property
    def method_id(self) -> str:
        return f"{self.code}-{self.edition}"

    def check(self, options: InventoryOptions) -> None:
        """Refuse options the guideline does not allow (a GWP set other than its own)."""
        if self.gwp_set is not None and options.gwp_set != self.gwp_set:
            raise OptionError(
                f"{self.method_id} follows {self.document}, which prescribes the {self.gwp_set} "
                f"GWP set; drop --gwp {options.gwp_set} (or use --method gbt32150)",
                f"{self.method_id} 依据 {self.document}，其规定使用 {self.gwp_set} 全球增温潜势；"
                f"请去掉 --gwp {options.gwp_set}（或改用 --method gbt32150）",
                expected=self.gwp_set, found=options.gwp_set)


# Categories that emit under GB/T 32150; a sector method keeps some and leaves the rest out.
EMITTING = frozenset({
    ItemCategory.FUEL, ItemCategory.CARBONATE, ItemCategory.PROCESS, ItemCategory.GAS_RELEASE,
    ItemCategory.RECOVERED_CO2, ItemCategory.ELECTRICITY_PURCHASED,
    ItemCategory.ELECTRICITY_EXPORTED, ItemCategory.HEAT_PURCHASED, ItemCategory.HEAT_EXPORTED,
})


def split_general(records: Sequence[ActivityRecord], refdata: ReferenceData,
                  keep: Callable[[ActivityRecord, Item], bool]
                  ) -> tuple[list[ActivityRecord], list[ActivityRecord]]:
    """Records for the GB/T 32150 drafting, and the emitting records a method leaves out."""
    general: list[ActivityRecord] = []
    left_out: list[ActivityRecord] = []
    for r in records:
        item = refdata.items[r.item]
        if item.category not in EMITTING:
            continue
        (general if keep(r, item) else left_out).append(r)
    return general, left_out


def general_drafts(org: Organisation, year: int, records: Sequence[ActivityRecord],
                   refdata: ReferenceData, options: InventoryOptions, params: ParameterTable, *,
                   keep: Callable[[ActivityRecord, Item], bool], electricity: FactorUse | None,
                   method_id: str, carbon_defaults: Mapping[str, FactorUse] | None = None,
                   ) -> tuple[MethodDrafts, list[ActivityRecord]]:
    """GB/T 32150 lines of the records a method keeps, and the emitting records it left out.

    ``electricity`` is the grid factor the method prescribes (None: ``options.grid_level``);
    ``carbon_defaults`` its default carbon contents of fuels by item (None: the edition's).
    A biomass share that applied to no alternative fuel is noted.
    """
    general, left_out = split_general(records, refdata, keep)
    drafts = draft_lines(org, year, general, refdata, options, electricity_factor=electricity,
                         parameters=params, carbon_defaults=carbon_defaults)
    note = left_out_note(method_id, params.unused((BIOMASS_SHARE,)),
                         "no alternative fuel at the same site and source",
                         "同一场所和排放源没有替代燃料")
    return MethodDrafts(drafts, [note] if note else []), left_out


def line_order(draft: LineDraft) -> tuple[str, str, str, str]:
    """The order of lines in an inventory: site, source, item, gas."""
    return (draft.site, draft.source, draft.item.code, draft.gas)


def left_out_note(method_id: str, records: Sequence[ActivityRecord], reason_en: str,
                  reason_zh: str) -> str:
    """A lineage note naming the records a method did not count, and why."""
    if not records:
        return ""
    items = ", ".join(sorted({r.item for r in records}))
    return (f"{method_id}: {len(records)} record(s) of {items} not used — {reason_en} / "
            f"{method_id}：未使用 {len(records)} 条记录（{items}）——{reason_zh}")


def require_output(org: Organisation, year: int, records: Sequence[ActivityRecord],
                   refdata: ReferenceData, products: Sequence[str], method_id: str) -> None:
    """A sector method needs the year's output: energy used with zero output is an error."""
    output_t = math.fsum(r.quantity_canonical for r in records if r.item in products)
    energy = [r for r in records if r.quantity_canonical > 0 and refdata.items[r.item].category
              in (ItemCategory.FUEL, ItemCategory.ELECTRICITY_PURCHASED,
                  ItemCategory.HEAT_PURCHASED)]
    if energy and output_t <= 0:
        names = " / ".join(products)
        raise InputError(
            f"{org.code} {year}: energy use is recorded ({len(energy)} rows, e.g. "
            f"{energy[0].item} at {energy[0].origin or energy[0].record_id}) but the output of "
            f"{names} is zero; {method_id} needs the year's production — record it, or use "
            "--method gbt32150 for a plant that produced nothing",
            f"{org.code} {year} 年：有能源消费记录（{len(energy)} 行），但 {names} 产量为零；"
            f"{method_id} 需要本年产量——请填报产量，停产企业请改用 --method gbt32150",
            expected=f"output of {names} > 0", found="0")


@dataclass(frozen=True, slots=True)
class Sector:
    """A sector: its GB/T 4754 classes, the method its ETS compliance uses, and the data it
    needs (catalogue items in template order, and README lines in Chinese and English)."""

    code: str
    name_zh: str
    name_en: str
    industry_codes: tuple[str, ...]
    ets_method: str
    items: tuple[str, ...]
    guide: tuple[tuple[str, str], ...]
