"""EU CBAM specific embedded emissions (SEE) of goods, over production processes and precursors.

A pure engine: it takes an :class:`Installation` (production processes with their attributed
emissions, activity levels and precursors) and returns a
:class:`~greenmfg.model.cbam.CbamReport` whose every number carries its formula filled in.

Formulas (Implementing Reg. (EU) 2025/2547, Annex II B.3.2 and Annex III A and B):

- mass balance: ``Em = f × Σ_k AD_k × CC_k``, ``f = 3.664 tCO2/tC``, outputs with negative AD;
- attributed direct emissions of a process:
  ``AttrEm_dir = DirEm + Em_H,imp − Em_H,exp + WG_imp − WG_exp − Em_el,exp``;
- attributed indirect emissions: ``AttrEm_ind = E_el × EF_el`` (electricity consumed, MWh);
- complex goods, per channel: ``SEE_g = (AttrEm_g + Σ_i M_i × SEE_i) / AL_g``, recursively over
  precursors produced in the installation; precursors from the Union count zero.

Boundaries (Reg. (EU) 2023/956 Art. 7(1), Annex II; 2025/2547 Art. 3(2), Annex I point 3.1): a
good of Annex II (iron and steel, aluminium, hydrogen, electricity) counts direct emissions
only; cement, fertilisers and sintered ore count direct and indirect. The indirect emissions of
a non-Annex-II precursor count in an Annex-II complex good; those of an Annex-II precursor never
count in a non-Annex-II complex good.

References
----------
Regulation (EU) 2023/956, Art. 7 and Annexes II and IV; Implementing Regulation (EU) 2025/2547,
Art. 3, 4, 15 and Annexes I-IV; Implementing Regulation (EU) 2025/2621 as corrected by
Implementing Regulation (EU) 2026/1740 (default values and mark-up).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from greenmfg import __version__
from greenmfg._internal.hashing import stable_id
from greenmfg.errors import InputError
from greenmfg.model.cbam import (
    Boundary,
    CbamReport,
    GoodResult,
    InstallationSpec,
    PrecursorOrigin,
    PrecursorResult,
)
from greenmfg.model.results import FactorUse

__all__ = [
    "CARBON_TO_CO2",
    "METHOD",
    "METHOD_VERSION",
    "CarbonStream",
    "GoodClass",
    "Installation",
    "Precursor",
    "PrecursorCycle",
    "ProductionProcess",
    "embedded_emissions",
    "format_quantity",
    "mass_balance_co2_t",
]

#: f, the ratio of the molar masses of CO2 and C (2025/2547 Annex II B.3.2), tCO2/tC
CARBON_TO_CO2 = 3.664
METHOD = "eu-cbam"
METHOD_VERSION = "2025/2547"


class PrecursorCycle(InputError):
    """Production processes whose precursors form a cycle (no SEE can be computed)."""


@dataclass(frozen=True, slots=True)
class GoodClass:
    """A good as CBAM classifies it: CN code, sector, boundary and default-value mark-ups.

    ``markups`` holds the mark-up (fraction) for 2026, 2027 and 2028 onwards, or None
    where no mark-up applies (electricity).
    """

    cn_code: str
    sector: str
    boundary: Boundary
    markups: tuple[float, float, float] | None = None
    factor: FactorUse | None = None

    def markup(self, year: int) -> float | None:
        """Mark-up on a default value in ``year`` (definitive period: 2026 onwards).

        >>> GoodClass("7207", "iron_steel", Boundary.DIRECT, (0.1, 0.2, 0.3)).markup(2030)
        0.3
        """
        if self.markups is None or year < 2026:
            return None
        return self.markups[min(year, 2028) - 2026]


@dataclass(frozen=True, slots=True)
class CarbonStream:
    """A source stream of a mass balance: tonnes (negative for outputs) and carbon fraction."""

    name: str
    quantity_t: float
    carbon_fraction: float


def mass_balance_co2_t(streams: Sequence[CarbonStream]) -> float:
    """CO2 of a mass balance, ``f × Σ AD_k × CC_k`` with f = 3.664 tCO2/tC, in tCO2.

    Outputs carry negative activity data (2025/2547 Annex II B.3.2, equation 12).

    >>> round(mass_balance_co2_t([CarbonStream("coke", 100.0, 0.85),
    ...                           CarbonStream("hot metal", -200.0, 0.045)]), 3)
    278.464
    """
    return CARBON_TO_CO2 * sum(s.quantity_t * s.carbon_fraction for s in streams)


@dataclass(frozen=True, slots=True)
class Precursor:
    """A precursor consumed by a process.

    ``quantity_t`` is M_i, the total mass used (losses and scrap included). An ``OWN_PROCESS``
    precursor names its ``process``; ``SUPPLIER`` and ``DEFAULT`` ones carry their specific
    embedded emissions in tCO2e per t; ``EU`` ones count zero.
    """

    name: str
    good: GoodClass
    origin: PrecursorOrigin
    quantity_t: float
    process: str | None = None
    see_direct_tco2e_per_t: float = 0.0
    see_indirect_tco2e_per_t: float = 0.0
    country: str = ""
    reference: str = ""
    factor: FactorUse | None = None


@dataclass(frozen=True, slots=True)
class ProductionProcess:
    """One CBAM production process and its good; emissions in tCO2e, quantities in t / MWh.

    ``direct_detail`` lines say where ``direct_co2e_t`` came from (inventory lines, a mass
    balance); ``input_record_ids`` and ``factors`` are its lineage.
    """

    process_id: str
    name: str
    good: GoodClass
    activity_level_t: float
    direct_co2e_t: float
    electricity_mwh: float = 0.0
    electricity_factor: FactorUse | None = None
    heat_import_co2e_t: float = 0.0
    heat_export_co2e_t: float = 0.0
    waste_gas_import_co2e_t: float = 0.0
    waste_gas_export_co2e_t: float = 0.0
    electricity_export_co2e_t: float = 0.0
    precursors: tuple[Precursor, ...] = ()
    direct_detail: tuple[str, ...] = ()
    input_record_ids: tuple[str, ...] = ()
    factors: tuple[FactorUse, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Installation:
    """An installation's production processes for one reporting year."""

    org: str
    year: int
    spec: InstallationSpec
    processes: tuple[ProductionProcess, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


def format_quantity(value: float) -> str:
    """A number for a filled-in formula: six significant digits, never an exponent.

    >>> format_quantity(1100.0), format_quantity(1.893840), format_quantity(4800740.37)
    ('1,100', '1.89384', '4,800,740.4')
    """
    if abs(value) >= 1e5:
        return f"{value:,.1f}"
    return f"{value:,.6g}"


_num = format_quantity


def _check(installation: Installation) -> dict[str, ProductionProcess]:
    by_id: dict[str, ProductionProcess] = {}
    for p in installation.processes:
        if p.process_id in by_id:
            raise InputError(f"process '{p.process_id}' is defined twice; give each production "
                             "process its own id",
                             f"生产过程“{p.process_id}”重复定义；每个生产过程须有唯一编号",
                             expected="unique process ids", found=p.process_id)
        by_id[p.process_id] = p
        if not p.activity_level_t > 0.0:
            raise InputError(
                f"process '{p.process_id}' produced {p.activity_level_t:g} t of "
                f"{p.good.cn_code} in {installation.year}; SEE is per tonne of output, so the "
                "activity level must be positive: check the output item and sites, or give "
                "activity_level_t",
                f"生产过程“{p.process_id}”{installation.year} 年产量为 {p.activity_level_t:g} t；"
                "SEE 按单位产量计算，产量须为正：请检查产品品种与场所，或填写 activity_level_t",
                expected="activity level > 0 t", found=f"{p.activity_level_t:g}")
        if p.electricity_mwh > 0.0 and p.electricity_factor is None:
            raise InputError(f"process '{p.process_id}' uses electricity but has no electricity "
                             "emission factor", f"生产过程“{p.process_id}”耗电但没有电力排放因子")
        for pre in p.precursors:
            if pre.quantity_t < 0.0:
                raise InputError(
                    f"precursor '{pre.name}' of process '{p.process_id}' has a negative "
                    f"quantity {pre.quantity_t:g} t", f"生产过程“{p.process_id}”的前体"
                    f"“{pre.name}”用量为负（{pre.quantity_t:g} t）",
                    expected="quantity >= 0 t", found=f"{pre.quantity_t:g}")
    for p in installation.processes:
        for pre in p.precursors:
            if pre.origin is PrecursorOrigin.OWN_PROCESS and pre.process not in by_id:
                raise InputError(
                    f"precursor '{pre.name}' of process '{p.process_id}' comes from process "
                    f"'{pre.process}', which the installation does not have; known processes: "
                    f"{', '.join(by_id)}",
                    f"生产过程“{p.process_id}”的前体“{pre.name}”来自生产过程“{pre.process}”，"
                    f"但该设施没有此过程；已有过程：{', '.join(by_id)}",
                    expected=" | ".join(by_id), found=str(pre.process))
    return by_id


def _order(by_id: Mapping[str, ProductionProcess]) -> list[str]:
    """Process ids with every own precursor before its consumer; a cycle raises."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(pid: str, path: list[str]) -> None:
        if state.get(pid) == 2:
            return
        if state.get(pid) == 1:
            cycle = " → ".join([*path[path.index(pid):], pid])
            raise PrecursorCycle(
                f"the precursors of the production processes form a cycle: {cycle}; a good "
                "cannot be its own precursor (merge the processes into one joint production "
                "process, 2025/2547 Art. 4(9))",
                f"生产过程的前体构成循环：{cycle}；货物不能是自身的前体（可按 2025/2547 第4(9)条"
                "合并为一个联合生产过程）", expected="an acyclic precursor graph", found=cycle)
        state[pid] = 1
        for pre in by_id[pid].precursors:
            if pre.origin is PrecursorOrigin.OWN_PROCESS and pre.process is not None:
                visit(pre.process, [*path, pid])
        state[pid] = 2
        order.append(pid)

    for pid in by_id:
        visit(pid, [])
    return order


def embedded_emissions(installation: Installation) -> CbamReport:
    """Specific embedded emissions of every good of the installation, with lineage.

    Raises :class:`InputError` for a process without output, an own precursor from a
    process that does not exist, and :class:`PrecursorCycle` for a cycle of precursors.
    """
    by_id = _check(installation)
    results: dict[str, GoodResult] = {}
    # tCO2e per t of each good that came from default values, (direct, indirect)
    default_part: dict[str, tuple[float, float]] = {}
    for pid in _order(by_id):
        results[pid], default_part[pid] = _good(installation, by_id[pid], results, default_part)
    goods = tuple(results[p.process_id] for p in installation.processes)
    total_direct = sum(g.direct_co2e_t for g in goods)
    total_indirect = sum(g.electricity_mwh * (p.electricity_factor.value
                                              if p.electricity_factor else 0.0)
                         for g, p in zip(goods, installation.processes, strict=True))
    payload = {"org": installation.org, "year": installation.year,
               "goods": [g.result_id for g in goods]}
    return CbamReport(
        result_id=stable_id("CBAM-", payload), org=installation.org, year=installation.year,
        installation=installation.spec, method=METHOD, method_version=METHOD_VERSION,
        goods=goods, total_direct_co2e_t=total_direct, total_indirect_co2e_t=total_indirect,
        notes=installation.notes + _period_note(installation.year),
        greenmfg_version=__version__)


def _period_note(year: int) -> tuple[str, ...]:
    if year >= 2026:
        return ()
    return (f"{year} is before the CBAM definitive period (from 2026-01-01): the figures follow "
            "the definitive-period rules and no default-value mark-up applies / "
            f"{year} 年早于 CBAM 正式期（2026-01-01 起）：按正式期规则计算，不适用缺省值加成",)


def _precursor(pre: Precursor, consumer: ProductionProcess,
               results: Mapping[str, GoodResult],
               default_part: Mapping[str, tuple[float, float]]
               ) -> tuple[PrecursorResult, tuple[float, float]]:
    """The precursor's contribution, and the parts of it (tCO2e, direct and indirect) that
    came from default values."""
    al = consumer.activity_level_t
    if pre.origin is PrecursorOrigin.OWN_PROCESS:
        made = results[str(pre.process)]
        see_dir, see_ind = made.see_direct_tco2e_per_t, made.see_indirect_tco2e_per_t
        boundary = made.boundary
    elif pre.origin is PrecursorOrigin.EU:
        see_dir = see_ind = 0.0
        boundary = pre.good.boundary
    else:
        see_dir, see_ind = pre.see_direct_tco2e_per_t, pre.see_indirect_tco2e_per_t
        boundary = pre.good.boundary
        if boundary is Boundary.DIRECT:
            see_ind = 0.0  # an Annex-II good carries no indirect embedded emissions
    # an Annex-II precursor's indirect emissions never count in a non-Annex-II good
    counted = not (consumer.good.boundary is Boundary.DIRECT_INDIRECT
                   and boundary is Boundary.DIRECT)
    emb_dir = pre.quantity_t * see_dir
    emb_ind = pre.quantity_t * see_ind if counted else 0.0
    if pre.origin is PrecursorOrigin.DEFAULT:
        from_defaults = (emb_dir, emb_ind)
    elif pre.origin is PrecursorOrigin.OWN_PROCESS:
        part_dir, part_ind = default_part[str(pre.process)]
        from_defaults = (pre.quantity_t * part_dir,
                         pre.quantity_t * part_ind if counted else 0.0)
    else:
        from_defaults = (0.0, 0.0)
    return PrecursorResult(
        name=pre.name, cn_code=pre.good.cn_code, origin=pre.origin, process=pre.process,
        boundary=boundary, quantity_t=pre.quantity_t,
        specific_mass_t_per_t=pre.quantity_t / al, see_direct_tco2e_per_t=see_dir,
        see_indirect_tco2e_per_t=see_ind, indirect_counted=counted,
        embedded_direct_co2e_t=emb_dir, embedded_indirect_co2e_t=emb_ind, country=pre.country,
        reference=pre.reference, factor=pre.factor), from_defaults


def _good(installation: Installation, p: ProductionProcess, results: Mapping[str, GoodResult],
          default_part: Mapping[str, tuple[float, float]]
          ) -> tuple[GoodResult, tuple[float, float]]:
    al = p.activity_level_t
    attr_dir = (p.direct_co2e_t + p.heat_import_co2e_t - p.heat_export_co2e_t
                + p.waste_gas_import_co2e_t - p.waste_gas_export_co2e_t
                - p.electricity_export_co2e_t)
    ef = p.electricity_factor.value if p.electricity_factor else 0.0
    own_indirect = p.good.boundary is Boundary.DIRECT_INDIRECT
    attr_ind = p.electricity_mwh * ef if own_indirect else 0.0
    used = [_precursor(pre, p, results, default_part) for pre in p.precursors]
    pres = tuple(u[0] for u in used)
    pre_dir = sum(x.embedded_direct_co2e_t for x in pres)
    pre_ind = sum(x.embedded_indirect_co2e_t for x in pres)
    see_dir = (attr_dir + pre_dir) / al
    see_ind = (attr_ind + pre_ind) / al
    see = see_dir + see_ind
    from_defaults = (sum(u[1][0] for u in used) / al, sum(u[1][1] for u in used) / al)
    terms_dir = " + ".join(f"{_num(x.quantity_t)} × {_num(x.see_direct_tco2e_per_t)}"
                           for x in pres) or "0"
    terms_ind = " + ".join(f"{_num(x.quantity_t)} × {_num(x.see_indirect_tco2e_per_t)}"
                           for x in pres if x.indirect_counted) or "0"
    formulas = [
        "AttrEm_dir = DirEm + Em_H,imp − Em_H,exp + WG_imp − WG_exp − Em_el,exp = "
        f"{_num(p.direct_co2e_t)} + {_num(p.heat_import_co2e_t)} − {_num(p.heat_export_co2e_t)}"
        f" + {_num(p.waste_gas_import_co2e_t)} − {_num(p.waste_gas_export_co2e_t)} − "
        f"{_num(p.electricity_export_co2e_t)} = {_num(attr_dir)} tCO2e",
        f"SEE_dir = (AttrEm_dir + Σ M_i × SEE_dir,i) / AL = ({_num(attr_dir)} + {terms_dir}) / "
        f"{_num(al)} = {see_dir:.6g} tCO2e/t",
    ]
    if own_indirect:
        formulas.append(f"AttrEm_ind = E_el × EF_el = {_num(p.electricity_mwh)} MWh × "
                        f"{_num(ef)} tCO2/MWh = {_num(attr_ind)} tCO2e")
    else:
        formulas.append(f"AttrEm_ind = 0 (Annex II good: its own electricity, "
                        f"{_num(p.electricity_mwh)} MWh, does not count)")
    formulas.append(f"SEE_ind = (AttrEm_ind + Σ M_i × SEE_ind,i) / AL = ({_num(attr_ind)} + "
                    f"{terms_ind}) / {_num(al)} = {see_ind:.6g} tCO2e/t")
    formulas.append(f"SEE = SEE_dir + SEE_ind = {see_dir:.6g} + {see_ind:.6g} = {see:.6g} "
                    "tCO2e/t")
    factors = list(p.factors)
    if p.electricity_factor is not None:
        factors.append(p.electricity_factor)
    if p.good.factor is not None:
        factors.append(p.good.factor)
    factors.extend(x.factor for x in pres if x.factor is not None)
    unique = tuple({(f.dataset, f.factor_id, f.name): f for f in factors}.values())
    payload = {"org": installation.org, "year": installation.year, "process": p.process_id,
               "cn": p.good.cn_code, "see_dir": round(see_dir, 12), "see_ind": round(see_ind, 12),
               "records": sorted(p.input_record_ids)}
    return GoodResult(
        result_id=stable_id("SEE-", payload), process_id=p.process_id, process_name=p.name,
        cn_code=p.good.cn_code, sector=p.good.sector, boundary=p.good.boundary,
        activity_level_t=al, direct_co2e_t=p.direct_co2e_t,
        heat_import_co2e_t=p.heat_import_co2e_t, heat_export_co2e_t=p.heat_export_co2e_t,
        waste_gas_import_co2e_t=p.waste_gas_import_co2e_t,
        waste_gas_export_co2e_t=p.waste_gas_export_co2e_t,
        electricity_export_co2e_t=p.electricity_export_co2e_t,
        attributed_direct_co2e_t=attr_dir, electricity_mwh=p.electricity_mwh,
        attributed_indirect_co2e_t=attr_ind, precursors=pres, see_direct_tco2e_per_t=see_dir,
        see_indirect_tco2e_per_t=see_ind, see_tco2e_per_t=see,
        default_share=sum(from_defaults) / see if see > 0 else 0.0,
        default_markup=p.good.markup(installation.year), formulas=tuple(formulas),
        direct_detail=p.direct_detail, factors=unique, input_record_ids=p.input_record_ids,
        notes=p.notes), from_defaults
