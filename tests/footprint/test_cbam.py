"""EU CBAM engine: two cases worked by hand, invariants, and errors.

Source of the formulas: Implementing Reg. (EU) 2025/2547 Annex II B.3.2 (mass balance,
f = 3.664 tCO2/tC) and Annex III A/B (``SEE_g = (AttrEm_g + Σ M_i × SEE_i) / AL_g`` per channel);
boundaries from Reg. (EU) 2023/956 Art. 7(1) and Annex II. All numbers below are worked out
independently of the program, as written in each test.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.errors import InputError
from greenmfg.footprint.cbam import (
    CarbonStream,
    GoodClass,
    Installation,
    Precursor,
    PrecursorCycle,
    ProductionProcess,
    embedded_emissions,
    mass_balance_co2_t,
)
from greenmfg.model.cbam import Boundary, InstallationSpec, PrecursorOrigin
from greenmfg.model.results import FactorUse

EF = FactorUse(factor_id="elec:test", dataset="electricity_co2", edition="mee-nbs-2022",
               name="national average", value=0.5366, unit="tCO2/MWh", document="test",
               verification="V")
MARKUPS = (0.10, 0.20, 0.30)
PIG_IRON = GoodClass("7201", "iron_steel", Boundary.DIRECT, MARKUPS)
CRUDE_STEEL = GoodClass("7207", "iron_steel", Boundary.DIRECT, MARKUPS)
FERRO_MANGANESE = GoodClass("72021100", "iron_steel", Boundary.DIRECT, MARKUPS)
SINTER = GoodClass("26011200", "iron_steel", Boundary.DIRECT_INDIRECT, MARKUPS)
CLINKER = GoodClass("25231000", "cement", Boundary.DIRECT_INDIRECT, MARKUPS)
CEMENT = GoodClass("25232900", "cement", Boundary.DIRECT_INDIRECT, MARKUPS)
SPEC = InstallationSpec(name="test installation")


def steel_installation() -> Installation:
    """An integrated mill: blast furnace (pig iron, mass balance) feeding the BOF shop."""
    ironmaking = ProductionProcess(
        process_id="iron", name="ironmaking", good=PIG_IRON, activity_level_t=1000.0,
        direct_co2e_t=mass_balance_co2_t([
            CarbonStream("coke", 400.0, 0.87), CarbonStream("PCI coal", 150.0, 0.80),
            CarbonStream("limestone", 100.0, 0.12), CarbonStream("hot metal", -1000.0, 0.045)]),
        electricity_mwh=100.0, electricity_factor=EF,
        precursors=(Precursor("sintered ore", SINTER, PrecursorOrigin.SUPPLIER, 1500.0,
                              see_direct_tco2e_per_t=0.20, see_indirect_tco2e_per_t=0.03,
                              reference="VR-2026-001"),))
    steelmaking = ProductionProcess(
        process_id="bof", name="steelmaking", good=CRUDE_STEEL, activity_level_t=1100.0,
        direct_co2e_t=88.0, heat_export_co2e_t=20.0, electricity_mwh=50.0,
        electricity_factor=EF,
        precursors=(
            Precursor("hot metal", PIG_IRON, PrecursorOrigin.OWN_PROCESS, 950.0, process="iron"),
            Precursor("FeMn", FERRO_MANGANESE, PrecursorOrigin.DEFAULT, 10.0,
                      see_direct_tco2e_per_t=1.5, reference="user-supplied default"),
        ))
    return Installation("STL", 2026, SPEC, (steelmaking, ironmaking))


def test_steel_with_a_pig_iron_precursor_by_hand() -> None:
    report = embedded_emissions(steel_installation())
    iron, steel = report.good("7201"), report.good("7207")
    assert iron is not None and steel is not None
    # Pig iron. Mass balance: carbon in 400×0.87 + 150×0.80 + 100×0.12 = 348 + 120 + 12 = 480 tC,
    # out 1000×0.045 = 45 tC; DirEm = 3.664 × 435 = 1,593.84 tCO2.
    assert iron.direct_co2e_t == pytest.approx(1593.84, rel=1e-12)
    # Sintered ore is not an Annex-II good: 1500 t × 0.20 = 300 direct and 1500 × 0.03 = 45
    # indirect both count in pig iron (2025/2547 Annex I 3.1); the 100 MWh of the blast
    # furnace do not (pig iron is Annex II).
    assert iron.attributed_indirect_co2e_t == 0.0
    assert iron.see_direct_tco2e_per_t == pytest.approx((1593.84 + 300.0) / 1000.0, rel=1e-12)
    assert iron.see_indirect_tco2e_per_t == pytest.approx(0.045, rel=1e-12)
    assert iron.see_tco2e_per_t == pytest.approx(1.93884, rel=1e-12)
    # Crude steel: AttrEm_dir = 88 − 20 (heat exported) = 68 tCO2e;
    # precursors: 950 × 1.89384 = 1,799.148 direct and 950 × 0.045 = 42.75 indirect (carried),
    # FeMn 10 × 1.5 = 15 (default). SEE_dir = (68 + 1,799.148 + 15) / 1100 = 1.711043636…
    assert steel.attributed_direct_co2e_t == pytest.approx(68.0)
    assert steel.see_direct_tco2e_per_t == pytest.approx(1882.148 / 1100.0, rel=1e-12)
    assert steel.see_indirect_tco2e_per_t == pytest.approx(42.75 / 1100.0, rel=1e-12)
    assert steel.see_tco2e_per_t == pytest.approx(1924.898 / 1100.0, rel=1e-12)
    # m_i = 950 / 1100 = 0.863636… t hot metal per t crude steel
    assert steel.precursors[0].specific_mass_t_per_t == pytest.approx(950.0 / 1100.0)
    # only the FeMn default is default-based: 15 / 1924.898
    assert steel.default_share == pytest.approx(15.0 / 1924.898, rel=1e-9)
    assert steel.default_markup == pytest.approx(0.10)  # iron and steel, 2026
    assert report.notes == ()  # 2026 is in the definitive period
    # the installation's indirect emissions (item (6)): 150 MWh × 0.5366 = 80.49
    assert report.total_indirect_co2e_t == pytest.approx(80.49)
    assert report.total_direct_co2e_t == pytest.approx(1593.84 + 88.0)
    assert any("(68 + 950 × 1.89384 + 10 × 1.5) / 1,100" in f for f in steel.formulas)


def cement_installation(*, clinker_t: float = 950.0) -> Installation:
    clinker = ProductionProcess(
        process_id="kiln", name="clinker", good=CLINKER, activity_level_t=1000.0,
        direct_co2e_t=850.0, electricity_mwh=55.0, electricity_factor=EF)
    cement = ProductionProcess(
        process_id="mill", name="cement", good=CEMENT, activity_level_t=1400.0,
        direct_co2e_t=5.0, electricity_mwh=40.0, electricity_factor=EF,
        precursors=(Precursor("clinker", CLINKER, PrecursorOrigin.OWN_PROCESS, clinker_t,
                              process="kiln"),))
    return Installation("CEM", 2027, SPEC, (clinker, cement))


def test_cement_with_indirect_emissions_by_hand() -> None:
    report = embedded_emissions(cement_installation())
    clinker, cement = report.good("2523 10 00"), report.good("2523.29.00")
    assert clinker is not None and cement is not None
    # Clinker: SEE_dir = 850 / 1000 = 0.85; indirect 55 MWh × 0.5366 = 29.513 → 0.029513 t/t.
    assert clinker.see_direct_tco2e_per_t == pytest.approx(0.85)
    assert clinker.attributed_indirect_co2e_t == pytest.approx(29.513)
    assert clinker.see_indirect_tco2e_per_t == pytest.approx(0.029513)
    # Cement: SEE_dir = (5 + 950 × 0.85) / 1400 = 812.5 / 1400 = 0.580357…
    # SEE_ind = (40 × 0.5366 + 950 × 0.029513) / 1400 = (21.464 + 28.03735) / 1400
    #         = 49.50135 / 1400 = 0.035358107…
    assert cement.see_direct_tco2e_per_t == pytest.approx(812.5 / 1400.0, rel=1e-12)
    assert cement.see_indirect_tco2e_per_t == pytest.approx(49.50135 / 1400.0, rel=1e-12)
    assert cement.see_tco2e_per_t == pytest.approx((812.5 + 49.50135) / 1400.0, rel=1e-12)
    assert cement.default_share == 0.0
    assert cement.default_markup == pytest.approx(0.20)  # cement, 2027


def test_annex_ii_precursor_indirect_never_counts_in_a_non_annex_ii_good() -> None:
    # 10 t of pig iron (Annex II) bought with SEE 2.0 direct / 0.5 "indirect" into cement:
    # only 10 × 2.0 = 20 t counts; an Annex-II good carries no indirect embedded emissions.
    mill = ProductionProcess(
        process_id="mill", name="cement", good=CEMENT, activity_level_t=100.0, direct_co2e_t=0.0,
        precursors=(Precursor("pig iron", PIG_IRON, PrecursorOrigin.SUPPLIER, 10.0,
                              see_direct_tco2e_per_t=2.0, see_indirect_tco2e_per_t=0.5,
                              reference="VR-1"),))
    good = embedded_emissions(Installation("X", 2026, SPEC, (mill,))).goods[0]
    assert good.see_direct_tco2e_per_t == pytest.approx(0.2)
    assert good.see_indirect_tco2e_per_t == 0.0


def test_eu_precursors_count_zero() -> None:
    mill = ProductionProcess(
        process_id="mill", name="cement", good=CEMENT, activity_level_t=100.0, direct_co2e_t=3.0,
        precursors=(Precursor("clinker", CLINKER, PrecursorOrigin.EU, 80.0),))
    good = embedded_emissions(Installation("X", 2026, SPEC, (mill,))).goods[0]
    assert good.see_tco2e_per_t == pytest.approx(0.03)


# -- invariants -------------------------------------------------------------------------------

positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(k=st.floats(min_value=1e-3, max_value=1e3))
def test_see_is_intensive_scaling_every_extensive_quantity_leaves_it(k: float) -> None:
    base = embedded_emissions(steel_installation())

    def scaled(p: ProductionProcess) -> ProductionProcess:
        return dataclasses.replace(
            p, activity_level_t=p.activity_level_t * k, direct_co2e_t=p.direct_co2e_t * k,
            heat_export_co2e_t=p.heat_export_co2e_t * k, electricity_mwh=p.electricity_mwh * k,
            precursors=tuple(dataclasses.replace(x, quantity_t=x.quantity_t * k)
                             for x in p.precursors))

    inst = steel_installation()
    big = embedded_emissions(dataclasses.replace(inst, processes=tuple(map(scaled,
                                                                            inst.processes))))
    for a, b in zip(base.goods, big.goods, strict=True):
        assert b.see_direct_tco2e_per_t == pytest.approx(a.see_direct_tco2e_per_t, rel=1e-9)
        assert b.see_indirect_tco2e_per_t == pytest.approx(a.see_indirect_tco2e_per_t, rel=1e-9)


@given(direct=positive, q1=positive, q2=positive, s1=positive, s2=positive)
def test_precursors_are_additive(direct: float, q1: float, q2: float, s1: float,
                                 s2: float) -> None:
    def see(*pres: Precursor) -> float:
        p = ProductionProcess(process_id="p", name="p", good=CRUDE_STEEL, activity_level_t=10.0,
                              direct_co2e_t=direct, precursors=pres)
        return embedded_emissions(Installation("X", 2026, SPEC, (p,))).goods[0].see_tco2e_per_t

    a = Precursor("a", PIG_IRON, PrecursorOrigin.SUPPLIER, q1, see_direct_tco2e_per_t=s1,
                  reference="r")
    b = Precursor("b", PIG_IRON, PrecursorOrigin.SUPPLIER, q2, see_direct_tco2e_per_t=s2,
                  reference="r")
    scale = (direct + q1 * s1 + q2 * s2) / 10.0  # rounding is relative to the largest term
    assert see(a, b) == pytest.approx(see(a) + see(b) - see(), abs=1e-12 * scale)
    assert see(a, b) - see() == pytest.approx((q1 * s1 + q2 * s2) / 10.0, abs=1e-12 * scale)


@given(share=st.floats(min_value=0.0, max_value=1.0))
def test_embedded_emissions_are_conserved_along_an_own_chain(share: float) -> None:
    # All attributed emissions of the kiln end up in the cement in proportion to the clinker
    # used: SEE_cement × AL_cement = AttrEm_mill + share × (AttrEm_kiln), per channel.
    report = embedded_emissions(cement_installation(clinker_t=1000.0 * share))
    kiln, mill = report.goods
    total = mill.see_tco2e_per_t * mill.activity_level_t
    expected = (mill.attributed_direct_co2e_t + mill.attributed_indirect_co2e_t
                + share * (kiln.attributed_direct_co2e_t + kiln.attributed_indirect_co2e_t))
    assert total == pytest.approx(expected, rel=1e-9)


def test_process_order_does_not_change_results() -> None:
    inst = steel_installation()
    a = embedded_emissions(inst)
    b = embedded_emissions(dataclasses.replace(inst, processes=inst.processes[::-1]))
    assert {g.process_id: g.see_tco2e_per_t for g in a.goods} == \
        {g.process_id: g.see_tco2e_per_t for g in b.goods}


# -- errors -----------------------------------------------------------------------------------

def test_a_cycle_of_precursors_is_refused_and_named() -> None:
    a = ProductionProcess(process_id="a", name="a", good=PIG_IRON, activity_level_t=1.0,
                          direct_co2e_t=1.0, precursors=(Precursor(
                              "b", CRUDE_STEEL, PrecursorOrigin.OWN_PROCESS, 1.0, process="b"),))
    b = ProductionProcess(process_id="b", name="b", good=CRUDE_STEEL, activity_level_t=1.0,
                          direct_co2e_t=1.0, precursors=(Precursor(
                              "a", PIG_IRON, PrecursorOrigin.OWN_PROCESS, 1.0, process="a"),))
    with pytest.raises(PrecursorCycle, match="a → b → a"):
        embedded_emissions(Installation("X", 2026, SPEC, (a, b)))


def test_a_precursor_from_a_missing_process_is_refused() -> None:
    a = ProductionProcess(process_id="a", name="a", good=CRUDE_STEEL, activity_level_t=1.0,
                          direct_co2e_t=1.0, precursors=(Precursor(
                              "x", PIG_IRON, PrecursorOrigin.OWN_PROCESS, 1.0, process="bf"),))
    with pytest.raises(InputError, match="'bf', which the installation does not have"):
        embedded_emissions(Installation("X", 2026, SPEC, (a,)))


@pytest.mark.parametrize("output", [0.0, -5.0, float("nan")])
def test_zero_output_is_refused(output: float) -> None:
    a = ProductionProcess(process_id="a", name="a", good=CRUDE_STEEL, activity_level_t=output,
                          direct_co2e_t=1.0)
    with pytest.raises(InputError, match="activity level must be positive") as info:
        embedded_emissions(Installation("X", 2026, SPEC, (a,)))
    assert "产量须为正" in info.value.message("zh-CN")


def test_markup_schedule() -> None:
    assert [CRUDE_STEEL.markup(y) for y in (2025, 2026, 2027, 2028, 2035)] == \
        [None, 0.10, 0.20, 0.30, 0.30]
    fert = GoodClass("3102", "fertilisers", Boundary.DIRECT_INDIRECT, (0.01, 0.01, 0.01))
    assert fert.markup(2030) == 0.01


def test_default_share_follows_own_precursors() -> None:
    # The kiln buys 100 t of calcined clay at a default of 0.3 direct + 0.1 indirect (a
    # non-Annex-II cement good): 30 + 10 = 40 tCO2e from defaults, i.e. 0.04 t per t clinker.
    # The mill uses 950 t of that clinker: 950 × 0.04 = 38 tCO2e from defaults in the cement.
    clay = GoodClass("25070080", "cement", Boundary.DIRECT_INDIRECT, MARKUPS)
    inst = cement_installation()
    kiln = dataclasses.replace(inst.processes[0], precursors=(Precursor(
        "calcined clay", clay, PrecursorOrigin.DEFAULT, 100.0, see_direct_tco2e_per_t=0.3,
        see_indirect_tco2e_per_t=0.1, reference="user"),))
    report = embedded_emissions(dataclasses.replace(inst, processes=(kiln, inst.processes[1])))
    clinker, cement = report.goods
    # clinker SEE = (850 + 30) / 1000 + (29.513 + 10) / 1000 = 0.919513
    assert clinker.see_tco2e_per_t == pytest.approx(0.919513)
    assert clinker.default_share == pytest.approx(0.04 / 0.919513)
    # cement SEE × 1400 = 5 + 21.464 + 950 × 0.919513 = 900.00135
    assert cement.see_tco2e_per_t * 1400.0 == pytest.approx(900.00135)
    assert cement.default_share == pytest.approx(38.0 / 900.00135)


@given(direct=st.lists(positive, min_size=1, max_size=6),
       output=st.lists(positive, min_size=6, max_size=6))
def test_a_chain_consuming_all_of_each_precursor_carries_every_tonne(
        direct: list[float], output: list[float]) -> None:
    # p0 → p1 → … → pn, each process using the whole output of the one before: the last good's
    # embedded emissions are all direct emissions of the chain, whatever the tonnages.
    processes = []
    for i, d in enumerate(direct):
        pres = (Precursor(f"p{i - 1}", CRUDE_STEEL, PrecursorOrigin.OWN_PROCESS,
                          output[i - 1], process=f"p{i - 1}"),) if i else ()
        processes.append(ProductionProcess(process_id=f"p{i}", name=f"p{i}", good=CRUDE_STEEL,
                                           activity_level_t=output[i], direct_co2e_t=d,
                                           precursors=pres))
    report = embedded_emissions(Installation("X", 2026, SPEC, tuple(processes[::-1])))
    tail = next(g for g in report.goods if g.process_id == f"p{len(direct) - 1}")
    assert tail.see_tco2e_per_t * tail.activity_level_t == pytest.approx(sum(direct), rel=1e-9)
