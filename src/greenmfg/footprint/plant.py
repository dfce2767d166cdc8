"""The foreground process of a product, built from a plant's activity records and GHG inventory.

:func:`build_foreground` turns one enterprise-year into a :class:`~greenmfg.footprint.study.Foreground`:

- **outputs**: the product's amount is the sum of its activity records (refdata canonical unit);
  every other product item of the plant is a co-product; the product's price comes from the
  plant's ``output_value`` records when it is the only output, otherwise from the user.
- **inputs**: fuels, purchased electricity and heat (production stage) and materials, carbonates
  and process inputs such as carbon anodes (raw-material stage), each linked to a background
  process through the linking table (packaged ``links.csv``, overridden by the user's links).
- **direct emissions**: the fuel-combustion, process and recovered-CO2 lines of the plant's
  GB/T 32150 inventory, by gas (purchased electricity and heat are replaced by their life-cycle
  background; exported energy is not credited).
- **pedigree of the plant's own data**: reliability 1 measured / 2 calculated / 3 default (the
  worst record), completeness 1 to 5 from the months covered (12, ≥9, ≥6, ≥3, fewer; an annual
  record covers the year), temporal, geographical and technological 1 (the plant itself, the
  study year). Direct emissions are calculated (activity × factor): reliability at least 2.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from greenmfg.errors import InputError, Location, NotFoundError
from greenmfg.footprint.database import LcaDatabase, resolve_process
from greenmfg.footprint.defaults import _rows, default_id
from greenmfg.footprint.study import (
    GATE_STAGES,
    AllocationBasis,
    Boundary,
    CutOffRule,
    DirectEmission,
    Foreground,
    ForegroundInput,
    Link,
    LinkScore,
    Note,
    Output,
    Pedigree,
    Stage,
    score_processes,
)
from greenmfg.model import ActivityRecord, DataQuality, Inventory
from greenmfg.model.results import Category
from greenmfg.refdata.catalogue import Item, ItemCategory

if TYPE_CHECKING:
    from greenmfg.footprint.system import ProductSystem

__all__ = ["LinkRow", "ScenarioRow", "biogenic_flows", "build_foreground", "default_link_rows",
           "gwp_by_gas", "link_payload", "parse_link_rows", "parse_scenario_rows",
           "scenario_inputs", "score_link_rows", "score_links"]

_RAW = (ItemCategory.MATERIAL, ItemCategory.CARBONATE, ItemCategory.PROCESS)
_ENERGY = (ItemCategory.FUEL, ItemCategory.ELECTRICITY_PURCHASED, ItemCategory.HEAT_PURCHASED)
_DIRECT = (Category.FUEL_COMBUSTION, Category.PROCESS, Category.RECOVERED_CO2)
_RELIABILITY = {DataQuality.MEASURED: 1, DataQuality.CALCULATED: 2, DataQuality.DEFAULT: 3}
_MASS_KG = {"t": 1000.0, "kg": 1.0}
_PEDIGREE_COLUMNS = ("reliability", "completeness", "temporal", "geographical", "technological")
#: Wan CNY (万元) per output-value record unit, in CNY.
CNY_PER_WAN_CNY = 10_000.0


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One row of a linking table: ``item`` → ``process`` (id, code or name) of ``database``,
    ``factor`` process units per item unit, the background pedigree and the reason."""

    item: str
    database: str
    process: str
    factor: float
    pedigree: Pedigree
    source: str
    origin: str
    line: int = 0


def parse_link_rows(rows: Sequence[Mapping[str, str]], where: str) -> list[LinkRow]:
    """Linking-table rows (columns ``item, database, process, factor``, the five pedigree
    scores and ``source``) checked one by one; a bad cell names its row and column.

    >>> parse_link_rows([{"item": "diesel", "database": "mine", "process": "diesel supply",
    ...                   "factor": "1000", "source": "supplier data"}], "links.csv")[0].factor
    1000.0
    """
    out: list[LinkRow] = []
    for number, row in enumerate(rows, start=2):
        def bad(column: str, expected: str, found: str, row_no: int = number) -> InputError:
            return InputError(f"{where}: {column} must be {expected}; fix the row and run again",
                              f"{where}：{column} 应为 {expected}；请修改该行后重试",
                              location=Location(file=where, row=row_no, column=column),
                              expected=expected, found=found)
        for column in ("item", "process"):
            if not (row.get(column) or "").strip():
                raise bad(column, "not empty", "")
        text = (row.get("factor") or "").strip()
        try:
            factor = float(text)
        except ValueError as exc:
            raise bad("factor", "a positive number (process units per item unit)", text) from exc
        if not factor > 0:
            raise bad("factor", "a positive number (process units per item unit)", text)
        scores: dict[str, int] = {}
        for column in _PEDIGREE_COLUMNS:
            cell = (row.get(column) or "").strip() or "5"
            if cell not in {"1", "2", "3", "4", "5"}:
                raise bad(column, "a pedigree score 1 to 5 (empty: 5)", cell)
            scores[column] = int(cell)
        out.append(LinkRow(row["item"].strip(), (row.get("database") or "").strip(),
                           row["process"].strip(), factor, Pedigree(**scores),
                           (row.get("source") or "").strip(), where, number))
    return out


def default_link_rows() -> list[LinkRow]:
    """The packaged linking table (``footprint/data/links.csv``)."""
    return parse_link_rows(_rows("links.csv"), "greenmfg default links.csv")


def gwp_by_gas(databases: Sequence[LcaDatabase], method_id: str) -> dict[str, float]:
    """kg CO2e per kg of each inventory gas (``CO2``, ``CH4``, ``CF4``...) under a method.

    Gases map onto the default database's fossil elementary flows (column ``gas`` of its
    ``flows.csv``; ``CO2`` is "Carbon dioxide, fossil"); the first database giving the method a
    factor for the flow wins.
    """
    flow_of: dict[str, str] = {}
    for row in _rows("flows.csv"):
        if row["gas"]:
            flow_of.setdefault(row["gas"], default_id("flow", row["code"]))
    value_of: dict[str, float] = {}
    for database in databases:
        table = database.factors.select(["method_id", "flow_id", "value"]).to_pylist()
        for row in table:
            if row["method_id"] == method_id:
                value_of.setdefault(row["flow_id"], float(row["value"]))
    return {gas: value_of[flow] for gas, flow in flow_of.items() if flow in value_of}


def biogenic_flows(databases: Sequence[LcaDatabase]) -> tuple[frozenset[str], frozenset[str]]:
    """Ids of biogenic emission flows (names with "non-fossil" or "biogenic") and of CO2 removal
    flows (carbon dioxide from the "natural resource" compartment) of the databases."""
    emissions: set[str] = set()
    removals: set[str] = set()
    for database in databases:
        for row in database.flows.select(["flow_id", "name", "kind", "compartment"]).to_pylist():
            if row["kind"] != "elementary":
                continue
            name = str(row["name"]).casefold()
            if str(row["compartment"]).casefold().startswith("natural resource") and \
                    name.startswith("carbon dioxide"):
                removals.add(row["flow_id"])
            elif "non-fossil" in name or "biogenic" in name:
                emissions.add(row["flow_id"])
    return frozenset(emissions), frozenset(removals)


def _months(records: Sequence[ActivityRecord]) -> int:
    if any("-" not in r.period for r in records):
        return 12
    return len({r.period for r in records})


def _completeness(months: int) -> int:
    for score, least in ((1, 12), (2, 9), (3, 6), (4, 3)):
        if months >= least:
            return score
    return 5


def _own_pedigree(records: Sequence[ActivityRecord], *, calculated: bool = False) -> Pedigree:
    reliability = max((_RELIABILITY[r.data_quality] for r in records), default=3)
    return Pedigree(reliability=max(reliability, 2) if calculated else reliability,
                    completeness=_completeness(_months(records)), temporal=1, geographical=1,
                    technological=1)


def _output(item: Item, records: Sequence[ActivityRecord], price: float | None,
            energy: float | None, price_source: str) -> Output:
    return Output(item=item.code, name_zh=item.name_zh, name_en=item.name_en,
                  amount=sum(r.quantity_canonical for r in records), unit=item.canonical_unit,
                  mass_kg_per_unit=_MASS_KG.get(item.canonical_unit), energy_mj_per_unit=energy,
                  price_cny_per_unit=price, price_source=price_source)


def build_foreground(
    org: str, org_name: str, year: int, product: str, records: Sequence[ActivityRecord],
    inventory: Inventory, items: Mapping[str, Item], links: Mapping[str, tuple[LinkRow, LinkScore]],
    *, allocation: AllocationBasis = AllocationBasis.NONE,
    prices_cny_per_unit: Mapping[str, float] | None = None,
    energy_mj_per_unit: Mapping[str, float] | None = None, declared_amount: float = 1.0,
    cut_off: CutOffRule | None = None, intermediates: Sequence[str] = (),
    scenarios: Sequence[ForegroundInput] = (),
) -> Foreground:
    """The foreground process of ``product`` at plant ``org`` in ``year`` (see module text).

    Parameters
    ----------
    records
        The plant's activity records of the year (quantities in canonical units).
    inventory
        The plant's GB/T 32150 inventory of the same year (direct emissions by gas, t).
    items
        The refdata item catalogue by code.
    links
        Item code → the linking-table row used and the background score of its process.
    prices_cny_per_unit, energy_mj_per_unit
        Per output item: price (CNY per canonical unit) and energy content (MJ per unit).
    declared_amount
        Declared unit in the product's canonical unit.
    intermediates
        Product items the plant makes and uses itself (clinker in a cement plant): neither
        co-products nor inputs, they are listed in the notes.
    scenarios
        Distribution, use and end-of-life inputs per declared unit (see
        :func:`scenario_inputs`); with any, the boundary is cradle-to-grave.
    """
    prices = dict(prices_cny_per_unit or {})
    energy = dict(energy_mj_per_unit or {})
    by_item: dict[str, list[ActivityRecord]] = {}
    for record in records:
        by_item.setdefault(record.item, []).append(record)
    if product not in by_item or items[product].category is not ItemCategory.PRODUCT:
        known = ", ".join(sorted(i for i in by_item if items[i].category is ItemCategory.PRODUCT))
        raise NotFoundError(f"{org} recorded no product '{product}' in {year}; its products: "
                            f"{known or 'none'}",
                            f"{org} 在 {year} 年没有产品“{product}”的记录；其产品：{known or '无'}")
    notes: list[Note] = []
    for code in intermediates:
        if code == product or code not in by_item:
            raise InputError(f"intermediate '{code}' is not another product {org} recorded in "
                             f"{year}", f"中间产品“{code}”不是 {org} 在 {year} 年记录的其他产品",
                             expected="a product item other than the studied one", found=code)
        notes.append(Note(en=f"{items[code].name_en} ({code}) is an intermediate made and used "
                             "on site: not a co-product", zh=f"{items[code].name_zh}（{code}）为厂内"
                             "自产自用的中间产品，不作为联产品"))
    outputs = [i for i in sorted(by_item) if items[i].category is ItemCategory.PRODUCT
               and i not in intermediates]
    value_records = by_item.get("output_value", [])
    if len(outputs) == 1 and value_records and product not in prices:
        value = sum(r.quantity_canonical for r in value_records) * CNY_PER_WAN_CNY
        prices[product] = value / sum(r.quantity_canonical for r in by_item[product])
    made = [_output(items[i], by_item[i], prices.get(i), energy.get(i),
                    "output_value records" if len(outputs) == 1 and value_records else "user")
            for i in [product, *(o for o in outputs if o != product)]]
    inputs: list[ForegroundInput] = []
    for code in sorted(by_item):
        item = items[code]
        group = by_item[code]
        if item.category in (ItemCategory.INSTRUMENT, ItemCategory.ELECTRICITY_EXPORTED,
                             ItemCategory.HEAT_EXPORTED):
            total = sum(r.quantity_canonical for r in group)
            notes.append(Note(
                en=f"{item.name_en} ({code}): {total:,.3f} {item.canonical_unit} recorded, not "
                   "applied (purchased electricity uses the grid's life-cycle factor; exports "
                   "are not credited)",
                zh=f"{item.name_zh}（{code}）：记录 {total:,.3f} {item.canonical_unit}，未采用"
                   "（购入电力按电网生命周期因子计算；输出能源不抵扣）"))
            continue
        if item.category not in (*_RAW, *_ENERGY):
            continue
        link = links.get(code)
        amount = sum(r.quantity_canonical for r in group)
        mass = _MASS_KG.get(item.canonical_unit)
        inputs.append(ForegroundInput(
            item=code, name_zh=item.name_zh, name_en=item.name_en,
            kind="energy" if item.category in _ENERGY else "material", amount=amount,
            unit=item.canonical_unit,
            stage=Stage.PRODUCTION if item.category in _ENERGY else
            Stage.RAW_MATERIAL_ACQUISITION,
            mass_kg=amount * mass if mass is not None else None,
            pedigree=_own_pedigree(group), record_ids=tuple(r.record_id for r in group),
            link=None if link is None else Link(
                item=code, score=link[1], factor=link[0].factor, pedigree=link[0].pedigree,
                source=link[0].source)))
    by_id = {r.record_id: r for r in records}
    direct: list[DirectEmission] = []
    for line in inventory.lines:
        if line.category not in _DIRECT:
            continue
        used = [by_id[i] for i in line.input_record_ids if i in by_id]
        sign = -1.0 if line.category is Category.RECOVERED_CO2 else 1.0
        direct.append(DirectEmission(
            gas=line.gas, mass_kg=sign * abs(line.gas_t) * 1000.0,
            source=f"{line.site} {line.source}".strip(), item=line.item,
            pedigree=_own_pedigree(used, calculated=True), record_ids=line.input_record_ids,
            formula=line.formula))
    unit = items[product].canonical_unit
    return Foreground(
        org=org, org_name=org_name, year=year, product=made[0], co_products=tuple(made[1:]),
        declared_amount=declared_amount,
        functional_unit=f"{declared_amount:g} {unit} {items[product].name_en} "
                        f"({items[product].name_zh}) "
                        + ("over its life cycle" if scenarios else "at the factory gate"),
        boundary=Boundary.CRADLE_TO_GRAVE if scenarios else Boundary.CRADLE_TO_GATE,
        allocation=allocation, cut_off=cut_off or CutOffRule(),
        inputs=(*inputs, *scenarios), direct=tuple(direct), notes=tuple(notes))


def link_payload(row: LinkRow) -> dict[str, Any]:
    """A linking-table row as recorded in a study's lineage."""
    return {"item": row.item, "database": row.database, "process": row.process,
            "factor": row.factor, "pedigree": row.pedigree.model_dump(), "origin": row.origin}


def score_link_rows(rows: Sequence[LinkRow], method_id: str,
                    system_of: Callable[[str], tuple[LcaDatabase, ProductSystem]],
                    default: LcaDatabase) -> list[LinkScore]:
    """The background score of the process of each row, in the rows' order.

    ``system_of`` gives an LCA database by id (empty: the default) with its product system;
    the processes of one database are solved in one batch.
    """
    by_database: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for k, row in enumerate(rows):
        database, _ = system_of(row.database)
        try:
            found = resolve_process(database, row.process)
        except NotFoundError as exc:
            raise InputError(f"{row.origin}: the link of item '{row.item}' names process "
                             f"'{row.process}', which is not in database "
                             f"'{database.database_id}'; fix the linking table",
                             f"{row.origin}：项目“{row.item}”链接的过程“{row.process}”不在数据库"
                             f"“{database.database_id}”中；请修改链接表",
                             location=Location(file=row.origin, row=row.line or None,
                                               column="process"),
                             expected="a process id, code or name of the database",
                             found=row.process) from exc
        by_database.setdefault(database.database_id, []).append((k, found))
    out: dict[int, LinkScore] = {}
    for database_id, pairs in sorted(by_database.items()):
        database, system = system_of(database_id)
        sources = [database] if database is default else [database, default]
        emissions, removals = biogenic_flows(sources)
        scores = score_processes(
            system, method_id, [found["process_id"] for _, found in pairs],
            database_id=database_id,
            names={found["process_id"]: found["name"] for _, found in pairs},
            units={found["process_id"]: found["unit"] for _, found in pairs},
            biogenic_emission_flows=emissions, biogenic_removal_flows=removals)
        for k, found in pairs:
            out[k] = scores[found["process_id"]]
    return [out[k] for k in range(len(rows))]


def score_links(rows: Sequence[LinkRow], records: Sequence[ActivityRecord], method_id: str,
                system_of: Callable[[str], tuple[LcaDatabase, ProductSystem]],
                default: LcaDatabase) -> dict[str, tuple[LinkRow, LinkScore]]:
    """The row and background score of each linked item the plant recorded (later rows win)."""
    recorded = {r.item for r in records}
    chosen: dict[str, LinkRow] = {}
    for row in rows:
        if row.item in recorded:
            chosen[row.item] = row
    scores = score_link_rows(list(chosen.values()), method_id, system_of, default)
    return {row.item: (row, score) for row, score in zip(chosen.values(), scores, strict=True)}


@dataclass(frozen=True, slots=True)
class ScenarioRow:
    """A distribution, use or end-of-life input per declared unit, with its link."""

    stage: Stage
    amount: float
    unit: str
    link: LinkRow


_SCENARIO_STAGES = {s.value: s for s in Stage if s not in GATE_STAGES}


def parse_scenario_rows(rows: Sequence[Mapping[str, str]], where: str) -> list[ScenarioRow]:
    """Downstream scenario rows: the linking-table columns plus ``stage`` (distribution, use or
    end_of_life), ``amount`` per declared unit and its ``unit``."""
    links = parse_link_rows(rows, where)
    out: list[ScenarioRow] = []
    for number, (row, link) in enumerate(zip(rows, links, strict=True), start=2):
        stage = (row.get("stage") or "").strip()
        text = (row.get("amount") or "").strip()
        try:
            amount = float(text)
        except ValueError:
            amount = -1.0
        for column, ok, expected, found in (
                ("stage", stage in _SCENARIO_STAGES, "distribution, use or end_of_life", stage),
                ("amount", amount >= 0, "a number ≥ 0 per declared unit", text)):
            if not ok:
                raise InputError(f"{where}: {column} must be {expected}; fix the row and run "
                                 "again", f"{where}：{column} 应为 {expected}；请修改该行后重试",
                                 location=Location(file=where, row=number, column=column),
                                 expected=expected, found=found)
        out.append(ScenarioRow(_SCENARIO_STAGES[stage], amount, (row.get("unit") or "").strip(),
                               link))
    return out


def scenario_inputs(scenarios: Sequence[tuple[ScenarioRow, LinkScore]]
                    ) -> list[ForegroundInput]:
    """Foreground inputs (per declared unit, never allocated) of scored scenario rows."""
    return [ForegroundInput(
        item=row.link.item, name_zh=row.link.item, name_en=row.link.item, kind="scenario",
        amount=row.amount, unit=row.unit, stage=row.stage, pedigree=row.link.pedigree,
        per_declared_unit=True,
        link=Link(item=row.link.item, score=score, factor=row.link.factor,
                  pedigree=row.link.pedigree, source=row.link.source))
        for row, score in scenarios]
