"""Product carbon footprint study (ISO 14067:2018 / GB/T 24067-2024) of one foreground process.

A study takes a *foreground*: one plant's unit process for a year, with its reference product,
its co-products, the energy carriers and materials it bought (each linked, or not, to a
background process of an LCA database) and its direct emissions by gas. It returns the carbon
footprint of a declared (or functional) unit of the product, with every choice recorded:

- **allocation** (ISO 14067 6.4.6): the plant's whole burden ``G`` (inputs' background footprints
  plus direct emissions) is shared among its outputs in proportion to ``amount × property``,
  the property being mass (kg per unit), energy (MJ per unit) or price (CNY per unit). The
  product's share is ``AF = a_p q_p / Σ a_i q_i``; with a single output ``AF = 1`` and no
  allocation takes place. The rule, the property values and every factor are recorded.
- **cut-off** (ISO 14067 6.3.4.3): an input with no background data is cut off only when its mass
  is known and is at most ``max_share_each`` of the known input mass, and the cut-off inputs
  together stay within ``max_share_total``; any other unlinked input is a *data gap*: it is left
  out of the total, listed, and the study is marked incomplete.
- **data quality** (ISO 14067 6.3.5): a pedigree score from 1 (best) to 5 for reliability,
  completeness, temporal, geographical and technological representativeness per line (the worse
  of the foreground and background scores), aggregated with the lines' absolute contributions as
  weights; the data quality rating (DQR) is the mean of the five aggregated scores.
- **biogenic carbon** (ISO 14067 6.4.9.2): background emissions of biogenic CO2 and CH4 and
  removals of CO2 from air are reported apart from the fossil GHG; the CFP is their sum.

The arithmetic is plain: for an input ``i`` of amount ``x_i`` (item unit) linked to a background
process with ``k_i`` process units per item unit and footprint ``f_p`` kg CO2e per process unit,
its burden is ``x_i k_i f_p``; a direct emission of ``m_g`` kg of gas ``g`` weighs ``m_g GWP_g``;
per declared unit ``D`` (product units) the footprint is ``AF × G × D / q_p``.

References
----------
ISO 14067:2018 Greenhouse gases — Carbon footprint of products, clauses 6.3 (scope: functional or
declared unit, system boundary, cut-off, data quality), 6.4 (inventory: allocation 6.4.6,
biogenic carbon 6.4.9.2, electricity 6.4.9.4), 7 (CFP study report). GB/T 24067-2024 adopts
ISO 14067:2018. The pedigree scores follow Weidema & Wesnæs (1996), as used in ecoinvent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from greenmfg._internal.hashing import stable_id
from greenmfg.errors import InputError, OptionError

if TYPE_CHECKING:  # the matrix code (SciPy) loads when a study is scored, not at start-up
    from greenmfg.footprint.solve import Solver
    from greenmfg.footprint.system import ProductSystem

__all__ = [
    "AllocationBasis",
    "AllocationRecord",
    "Boundary",
    "CutOffRule",
    "DirectEmission",
    "Foreground",
    "ForegroundInput",
    "LineResult",
    "Link",
    "LinkScore",
    "Note",
    "Output",
    "Pedigree",
    "ProductFootprint",
    "Stage",
    "allocation_factors",
    "score_processes",
    "study_footprint",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
METHOD_VERSION = "greenmfg.footprint.study 1"


class Boundary(StrEnum):
    """System boundary (ISO 14067 6.3.4): cradle-to-gate for a partial CFP, or the whole life."""

    CRADLE_TO_GATE = "cradle-to-gate"
    CRADLE_TO_GRAVE = "cradle-to-grave"


class Stage(StrEnum):
    """Life-cycle stages (ISO 14067 6.3.4.1 and Annex, GB/T 24067-2024 the same)."""

    RAW_MATERIAL_ACQUISITION = "raw_material_acquisition"
    PRODUCTION = "production"
    DISTRIBUTION = "distribution"
    USE = "use"
    END_OF_LIFE = "end_of_life"


GATE_STAGES = (Stage.RAW_MATERIAL_ACQUISITION, Stage.PRODUCTION)


class AllocationBasis(StrEnum):
    """How a multi-output process is shared (ISO 14067 6.4.6.2): by a physical relationship
    (mass, energy content) or, failing that, by economic value."""

    NONE = "none"
    MASS = "physical-mass"
    ENERGY = "physical-energy"
    ECONOMIC = "economic"


_PROPERTY = {AllocationBasis.MASS: "mass_kg_per_unit", AllocationBasis.ENERGY: "energy_mj_per_unit",
             AllocationBasis.ECONOMIC: "price_cny_per_unit"}
_PROPERTY_UNIT = {AllocationBasis.MASS: "kg", AllocationBasis.ENERGY: "MJ",
                  AllocationBasis.ECONOMIC: "CNY"}


class Pedigree(BaseModel):
    """Pedigree scores, 1 (best) to 5 (worst), of one line of data."""

    model_config = _FROZEN

    reliability: int = Field(ge=1, le=5)
    completeness: int = Field(ge=1, le=5)
    temporal: int = Field(ge=1, le=5)
    geographical: int = Field(ge=1, le=5)
    technological: int = Field(ge=1, le=5)

    def worst(self, other: Pedigree) -> Pedigree:
        """Indicator by indicator, the worse of two scores.

        >>> Pedigree(reliability=1, completeness=1, temporal=1, geographical=1, technological=1
        ...          ).worst(Pedigree(reliability=2, completeness=1, temporal=3, geographical=1,
        ...                           technological=2)).temporal
        3
        """
        return Pedigree(**{k: max(v, getattr(other, k)) for k, v in self.model_dump().items()})


class Output(BaseModel):
    """An output of the foreground process: ``amount`` of ``item`` in ``unit`` in the period,
    with the properties allocation may use (each per one ``unit``)."""

    model_config = _FROZEN

    item: str
    name_zh: str
    name_en: str
    amount: float = Field(gt=0)
    unit: str
    mass_kg_per_unit: float | None = Field(default=None, gt=0)
    energy_mj_per_unit: float | None = Field(default=None, gt=0)
    price_cny_per_unit: float | None = Field(default=None, gt=0)
    price_source: str = ""


class LinkScore(BaseModel):
    """Footprint of one unit (``unit``) of a background process, split by carbon origin
    (kg CO2e); ``total`` is their sum."""

    model_config = _FROZEN

    process_id: str
    process_name: str
    database_id: str
    unit: str
    fossil_kgco2e: float
    biogenic_emission_kgco2e: float
    biogenic_removal_kgco2e: float

    @property
    def total(self) -> float:
        return self.fossil_kgco2e + self.biogenic_emission_kgco2e + self.biogenic_removal_kgco2e


class Link(BaseModel):
    """How an item of the plant maps onto a background process: ``factor`` process units per
    item unit (1 MWh → 1000 kWh), the background's pedigree and why the link was made."""

    model_config = _FROZEN

    item: str
    score: LinkScore
    factor: float = Field(gt=0)
    pedigree: Pedigree
    source: str
    note: str = ""


class ForegroundInput(BaseModel):
    """An input of the foreground process in the period: ``amount`` of ``item`` in ``unit``.

    ``mass_kg`` is the whole amount's mass where it is known (for the cut-off rule); ``link`` is
    ``None`` when no background data was found for it. An input of the distribution, use or
    end-of-life stage is a scenario for the product alone: its ``amount`` is per declared unit
    (``per_declared_unit``), it is never allocated and never cut off.
    """

    model_config = _FROZEN

    item: str
    name_zh: str
    name_en: str
    kind: str
    amount: float = Field(ge=0)
    unit: str
    stage: Stage
    mass_kg: float | None = Field(default=None, ge=0)
    pedigree: Pedigree
    link: Link | None = None
    record_ids: tuple[str, ...] = ()
    per_declared_unit: bool = False

    @model_validator(mode="after")
    def downstream_inputs_are_per_declared_unit(self) -> ForegroundInput:
        if (self.stage not in GATE_STAGES) != self.per_declared_unit:
            raise ValueError(f"input '{self.item}' of stage {self.stage.value}: distribution, use "
                             "and end-of-life inputs, and only they, are given per declared unit")
        return self


class DirectEmission(BaseModel):
    """``mass_kg`` of one gas emitted on site (from the plant's GHG inventory)."""

    model_config = _FROZEN

    gas: str
    mass_kg: float
    source: str
    item: str
    biogenic: bool = False
    pedigree: Pedigree
    record_ids: tuple[str, ...] = ()
    formula: str = ""


class Note(BaseModel):
    """A remark of the study, in English and Chinese."""

    model_config = _FROZEN

    en: str
    zh: str


class CutOffRule(BaseModel):
    """Cut-off criteria by mass (ISO 14067 6.3.4.3), as fractions of the known input mass."""

    model_config = _FROZEN

    max_share_each: float = Field(default=0.01, ge=0, le=1)
    max_share_total: float = Field(default=0.05, ge=0, le=1)


class Foreground(BaseModel):
    """The foreground process of a study and the choices that frame it."""

    model_config = _FROZEN

    org: str
    org_name: str
    year: int
    product: Output
    co_products: tuple[Output, ...] = ()
    declared_amount: float = Field(default=1.0, gt=0)
    functional_unit: str = ""
    boundary: Boundary = Boundary.CRADLE_TO_GATE
    allocation: AllocationBasis = AllocationBasis.NONE
    cut_off: CutOffRule = CutOffRule()
    inputs: tuple[ForegroundInput, ...] = ()
    direct: tuple[DirectEmission, ...] = ()
    notes: tuple[Note, ...] = ()

    @field_validator("co_products")
    @classmethod
    def co_products_are_distinct(cls, value: tuple[Output, ...]) -> tuple[Output, ...]:
        items = [o.item for o in value]
        if len(set(items)) != len(items):
            raise ValueError(f"co-products repeat an item: {items}")
        return value

    @model_validator(mode="after")
    def boundary_matches_the_stages_of_the_inputs(self) -> Foreground:
        downstream = any(i.stage not in GATE_STAGES for i in self.inputs)
        if self.boundary is Boundary.CRADLE_TO_GRAVE and not downstream:
            raise ValueError("a cradle-to-grave study needs inputs for the distribution, use or "
                             "end-of-life stage; declare cradle-to-gate instead")
        if self.boundary is Boundary.CRADLE_TO_GATE and downstream:
            raise ValueError("a cradle-to-gate study has no distribution, use or end-of-life "
                             "inputs; declare cradle-to-grave")
        return self


class AllocationRecord(BaseModel):
    """The allocation that was applied: the rule, the property of each output and its factor."""

    model_config = _FROZEN

    basis: AllocationBasis
    rule_en: str
    rule_zh: str
    property_unit: str
    outputs: tuple[dict[str, str | float | None], ...]
    product_factor: float


class LineResult(BaseModel):
    """One input or direct emission of the study: its whole-process burden, the part allocated
    to the product and that part per declared unit (kg CO2e), with its pedigree."""

    model_config = _FROZEN

    kind: str
    item: str
    name_zh: str
    name_en: str
    stage: Stage
    amount: float
    unit: str
    status: str
    process: str = ""
    database_id: str = ""
    factor: float | None = None
    unit_kgco2e: float | None = None
    process_kgco2e: float
    allocated_kgco2e: float
    per_unit_fossil_kgco2e: float
    per_unit_biogenic_emission_kgco2e: float
    per_unit_biogenic_removal_kgco2e: float
    per_unit_kgco2e: float
    mass_share: float | None = None
    pedigree: Pedigree
    source: str = ""
    record_ids: tuple[str, ...] = ()


class ProductFootprint(BaseModel):
    """The CFP of ``declared_amount`` ``product.unit`` of a product, with the study's choices."""

    model_config = _FROZEN

    study_id: str
    org: str
    org_name: str
    year: int
    product: Output
    co_products: tuple[Output, ...]
    declared_amount: float
    declared_unit: str
    functional_unit: str
    boundary: Boundary
    stages_included: tuple[Stage, ...]
    stages_excluded: tuple[Stage, ...]
    method_id: str
    method_name: str
    gwp_by_gas: dict[str, float]
    allocation: AllocationRecord
    cut_off: CutOffRule
    cfp_kgco2e: float
    fossil_kgco2e: float
    biogenic_emission_kgco2e: float
    biogenic_removal_kgco2e: float
    by_stage: dict[str, float]
    lines: tuple[LineResult, ...]
    cut_off_lines: tuple[LineResult, ...]
    gaps: tuple[LineResult, ...]
    complete: bool
    dqi: Pedigree | None
    dqi_weighted: dict[str, float]
    dqr: float | None
    notes: tuple[Note, ...]
    lineage: dict[str, Any] = Field(default_factory=dict)
    method_version: str = METHOD_VERSION


def allocation_factors(outputs: Sequence[Output], basis: AllocationBasis) -> list[float]:
    """Allocation factors of ``outputs`` (the product first): ``a_i q_i / Σ a_j q_j``.

    ``q`` is each output's amount and ``a`` its property (mass, energy or price per unit).

    >>> a = Output(item="a", name_zh="甲", name_en="a", amount=2, unit="t", price_cny_per_unit=300)
    >>> b = Output(item="b", name_zh="乙", name_en="b", amount=1, unit="t", price_cny_per_unit=600)
    >>> allocation_factors([a, b], AllocationBasis.ECONOMIC)
    [0.5, 0.5]
    """
    if len(outputs) == 1:
        return [1.0]
    if basis is AllocationBasis.NONE:
        names = ", ".join(o.item for o in outputs)
        raise OptionError(f"the process has {len(outputs)} outputs ({names}); choose an "
                          "allocation: physical (mass or energy) or economic",
                          f"该过程有 {len(outputs)} 种产出（{names}），请选择分配方法：物理（质量或能量）"
                          "或经济价值", expected="physical-mass, physical-energy or economic",
                          found="none")
    field = _PROPERTY[basis]
    values = []
    for output in outputs:
        prop = getattr(output, field)
        if prop is None:
            raise InputError(f"output '{output.item}' has no {field} for {basis.value} "
                             "allocation; give it (e.g. --price ITEM=VALUE)",
                             f"产出“{output.item}”缺少{basis.value}分配所需的 {field}；请提供"
                             "（如 --price 项目=数值）", expected=f"{field} > 0", found="missing")
        values.append(output.amount * prop)
    total = sum(values)
    return [v / total for v in values]


def _rule(basis: AllocationBasis, single: bool) -> tuple[str, str]:
    if single:
        return ("single output: the whole burden goes to the product, no allocation (ISO 14067 "
                "6.4.6.1)", "单一产出：全部负荷归于该产品，无需分配（ISO 14067 6.4.6.1）")
    if basis is AllocationBasis.ECONOMIC:
        return ("economic allocation: burden shared in proportion to amount × price (ISO 14067 "
                "6.4.6.2 c), no physical relationship was chosen",
                "经济分配：按产量×价格的比例分摊负荷（ISO 14067 6.4.6.2 c），未采用物理关系")
    prop_en, prop_zh = ("mass", "质量") if basis is AllocationBasis.MASS else ("energy content", "能量")
    return (f"physical allocation: burden shared in proportion to amount × {prop_en} "
            "(ISO 14067 6.4.6.2 b)",
            f"物理分配：按产量×{prop_zh}的比例分摊负荷（ISO 14067 6.4.6.2 b）")


def score_processes(
    system: ProductSystem, method_id: str, process_ids: Sequence[str], *, database_id: str,
    names: Mapping[str, str], units: Mapping[str, str],
    biogenic_emission_flows: frozenset[str] = frozenset(),
    biogenic_removal_flows: frozenset[str] = frozenset(),
    solver: Solver | str = "auto",
) -> dict[str, LinkScore]:
    """Footprint of one unit of each process, split by the origin of the carbon (kg CO2e).

    All processes are solved in one batch (``A s = f`` with one column per process); each
    score is split by flow: flows in ``biogenic_emission_flows`` (e.g. "Carbon dioxide,
    non-fossil") and ``biogenic_removal_flows`` ("Carbon dioxide, in air") apart, the rest fossil.
    """
    from greenmfg.footprint.lcia import calculate

    wanted = list(dict.fromkeys(process_ids))
    if not wanted:
        return {}
    result = calculate(system, [{p: 1.0} for p in wanted], methods=[method_id], solver=solver)
    row = system.method_index(method_id)
    factors = np.asarray(system.characterisation[row].toarray()).ravel()
    bio_em = np.array([f in biogenic_emission_flows for f in system.flow_ids], dtype=bool)
    bio_rm = np.array([f in biogenic_removal_flows for f in system.flow_ids], dtype=bool)
    scores: dict[str, LinkScore] = {}
    for k, process in enumerate(wanted):
        by_flow = factors * result.inventory[:, k]
        emission = float(by_flow[bio_em].sum())
        removal = float(by_flow[bio_rm].sum())
        fossil = float(by_flow.sum()) - emission - removal
        scores[process] = LinkScore(
            process_id=process, process_name=names.get(process, process),
            database_id=database_id, unit=units.get(process, ""), fossil_kgco2e=fossil,
            biogenic_emission_kgco2e=emission, biogenic_removal_kgco2e=removal)
    return scores


def _weighted_pedigree(lines: Sequence[LineResult]) -> tuple[Pedigree | None, dict[str, float],
                                                              float | None]:
    if not lines:
        return None, {}, None
    weights = np.array([abs(line.per_unit_kgco2e) for line in lines])
    if weights.sum() == 0.0:
        weights = np.ones(len(lines))
    weights = weights / weights.sum()
    keys = list(Pedigree.model_fields)
    weighted = {k: float(sum(w * getattr(line.pedigree, k) for w, line in
                             zip(weights.tolist(), lines, strict=True))) for k in keys}
    rounded = Pedigree(**{k: min(5, max(1, round(v))) for k, v in weighted.items()})
    return rounded, weighted, float(np.mean(list(weighted.values())))


def study_footprint(foreground: Foreground, *, method_id: str, method_name: str,
                    gwp_by_gas: Mapping[str, float],
                    lineage: Mapping[str, Any] | None = None) -> ProductFootprint:
    """The carbon footprint of the foreground's product per declared unit (see module text).

    Parameters
    ----------
    foreground
        The foreground process with its links to background processes already scored.
    method_id, method_name
        The GWP method the background scores were characterised with.
    gwp_by_gas
        kg CO2e per kg of each directly emitted gas under the same method.
    lineage
        Where the foreground and background came from (databases, links, inventory), kept
        with the result and in its id.

    Raises
    ------
    OptionError
        Several outputs and no allocation basis.
    InputError
        A directly emitted gas with no GWP, or an output without the property allocation needs.
    """
    outputs = [foreground.product, *foreground.co_products]
    factors = allocation_factors(outputs, foreground.allocation)
    af = factors[0]
    scale = af * foreground.declared_amount / foreground.product.amount
    single = len(outputs) == 1
    basis = AllocationBasis.NONE if single else foreground.allocation
    rule_en, rule_zh = _rule(basis, single)
    field = _PROPERTY.get(basis)
    allocation = AllocationRecord(
        basis=basis, rule_en=rule_en, rule_zh=rule_zh, property_unit=_PROPERTY_UNIT.get(basis, ""),
        outputs=tuple({"item": o.item, "amount": o.amount, "unit": o.unit,
                       "property": getattr(o, field) if field else None, "factor": f}
                      for o, f in zip(outputs, factors, strict=True)),
        product_factor=af)

    known_mass = sum(i.mass_kg for i in foreground.inputs
                     if i.mass_kg is not None and not i.per_declared_unit)
    lines: list[LineResult] = []
    cut: list[LineResult] = []
    gaps: list[LineResult] = []
    cut_total = 0.0
    for inp in sorted(foreground.inputs, key=lambda i: (i.mass_kg is None, i.mass_kg or 0.0)):
        share = inp.mass_kg / known_mass if inp.mass_kg is not None and known_mass > 0 \
            and not inp.per_declared_unit else None
        common: dict[str, Any] = {
            "kind": inp.kind, "item": inp.item, "name_zh": inp.name_zh, "name_en": inp.name_en,
            "stage": inp.stage, "amount": inp.amount, "unit": inp.unit, "mass_share": share,
            "record_ids": inp.record_ids}
        if inp.link is None:
            zero: dict[str, Any] = {
                "process_kgco2e": 0.0, "allocated_kgco2e": 0.0, "per_unit_kgco2e": 0.0,
                "per_unit_fossil_kgco2e": 0.0, "per_unit_biogenic_emission_kgco2e": 0.0,
                "per_unit_biogenic_removal_kgco2e": 0.0, "pedigree": inp.pedigree}
            fits = share is not None and share <= foreground.cut_off.max_share_each and \
                cut_total + share <= foreground.cut_off.max_share_total
            if fits and share is not None:
                cut_total += share
                cut.append(LineResult(**common, **zero, status="cut-off"))
            else:
                gaps.append(LineResult(**common, **zero, status="data-gap"))
            continue
        link = inp.link
        units = inp.amount * link.factor
        # a scenario input is per declared unit already: the year's product carries it whole
        per = 1.0 if inp.per_declared_unit else scale
        process = units * link.score.total * (
            foreground.product.amount / foreground.declared_amount if inp.per_declared_unit
            else 1.0)
        lines.append(LineResult(
            **common, status="linked", process=link.score.process_name,
            database_id=link.score.database_id, factor=link.factor,
            unit_kgco2e=link.score.total, process_kgco2e=process,
            allocated_kgco2e=process if inp.per_declared_unit else process * af,
            per_unit_fossil_kgco2e=units * link.score.fossil_kgco2e * per,
            per_unit_biogenic_emission_kgco2e=units * link.score.biogenic_emission_kgco2e * per,
            per_unit_biogenic_removal_kgco2e=units * link.score.biogenic_removal_kgco2e * per,
            per_unit_kgco2e=units * link.score.total * per,
            pedigree=inp.pedigree.worst(link.pedigree), source=link.source))
    for emission in foreground.direct:
        gwp = gwp_by_gas.get(emission.gas)
        if gwp is None:
            raise InputError(f"no GWP for gas '{emission.gas}' emitted at {emission.source} in "
                             f"method '{method_name}'; choose a method that characterises it",
                             f"方法“{method_name}”中没有 {emission.source} 排放的气体“{emission.gas}”"
                             "的全球增温潜势；请选用包含该气体的方法",
                             expected="a gas of the method", found=emission.gas)
        process = emission.mass_kg * gwp
        per_unit = process * scale
        lines.append(LineResult(
            kind="direct", item=emission.item, name_zh=f"{emission.gas}（{emission.source}）",
            name_en=f"{emission.gas} ({emission.source})", stage=Stage.PRODUCTION,
            amount=emission.mass_kg, unit=f"kg {emission.gas}", status="direct",
            factor=None, unit_kgco2e=gwp, process_kgco2e=process, allocated_kgco2e=process * af,
            per_unit_fossil_kgco2e=0.0 if emission.biogenic else per_unit,
            per_unit_biogenic_emission_kgco2e=per_unit if emission.biogenic else 0.0,
            per_unit_biogenic_removal_kgco2e=0.0, per_unit_kgco2e=per_unit,
            pedigree=emission.pedigree, source=emission.formula,
            record_ids=emission.record_ids))

    stages = GATE_STAGES if foreground.boundary is Boundary.CRADLE_TO_GATE else tuple(Stage)
    by_stage = {s.value: 0.0 for s in stages}
    for line in lines:
        by_stage[line.stage.value] = by_stage.get(line.stage.value, 0.0) + line.per_unit_kgco2e
    fossil = sum(line.per_unit_fossil_kgco2e for line in lines)
    bio_em = sum(line.per_unit_biogenic_emission_kgco2e for line in lines)
    bio_rm = sum(line.per_unit_biogenic_removal_kgco2e for line in lines)
    dqi, weighted, dqr = _weighted_pedigree(lines)
    notes = list(foreground.notes)
    if gaps:
        names = ", ".join(g.item for g in gaps)
        notes.append(Note(en=f"data gaps (no background data, left out of the total): {names}",
                          zh=f"数据缺口（无背景数据，未计入总量）：{names}"))
    declared_unit = f"{foreground.declared_amount:g} {foreground.product.unit}"
    payload = {"foreground": foreground.model_dump(mode="json"), "method": method_id,
               "gwp": dict(sorted(gwp_by_gas.items())), "version": METHOD_VERSION,
               "lineage": dict(lineage or {})}
    return ProductFootprint(
        study_id=stable_id("PCF-", payload), org=foreground.org, org_name=foreground.org_name,
        year=foreground.year, product=foreground.product, co_products=foreground.co_products,
        declared_amount=foreground.declared_amount, declared_unit=declared_unit,
        functional_unit=foreground.functional_unit, boundary=foreground.boundary,
        stages_included=stages, stages_excluded=tuple(s for s in Stage if s not in stages),
        method_id=method_id, method_name=method_name,
        gwp_by_gas={g: float(gwp_by_gas[g]) for g in sorted({e.gas for e in foreground.direct})},
        allocation=allocation, cut_off=foreground.cut_off,
        cfp_kgco2e=fossil + bio_em + bio_rm, fossil_kgco2e=fossil,
        biogenic_emission_kgco2e=bio_em, biogenic_removal_kgco2e=bio_rm, by_stage=by_stage,
        lines=tuple(sorted(lines, key=lambda x: -abs(x.per_unit_kgco2e))),
        cut_off_lines=tuple(cut), gaps=tuple(gaps), complete=not gaps, dqi=dqi,
        dqi_weighted=weighted, dqr=dqr, notes=tuple(notes), lineage=dict(lineage or {}))
