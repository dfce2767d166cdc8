"""Product carbon footprint studies (ISO 14067): allocation, chains, cut-off, data quality.

Every expected number is worked out by hand in the docstring or comment beside it.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.errors import InputError, OptionError
from greenmfg.footprint import CharacterisationMethod, Exchanges, build_system
from greenmfg.footprint.study import (
    AllocationBasis,
    Boundary,
    CutOffRule,
    DirectEmission,
    Foreground,
    ForegroundInput,
    Link,
    LinkScore,
    Output,
    Pedigree,
    Stage,
    allocation_factors,
    score_processes,
    study_footprint,
)

BEST = Pedigree(reliability=1, completeness=1, temporal=1, geographical=1, technological=1)
GWP = {"CO2": 1.0, "CH4": 29.8}


def _power(kg_per_kwh: float = 0.5) -> LinkScore:
    return LinkScore(process_id="power", process_name="power", database_id="test", unit="kWh",
                     fossil_kgco2e=kg_per_kwh, biogenic_emission_kgco2e=0.0,
                     biogenic_removal_kgco2e=0.0)


def _electricity(mwh: float, pedigree: Pedigree = BEST) -> ForegroundInput:
    return ForegroundInput(
        item="electricity_purchased", name_zh="购入电力", name_en="purchased electricity",
        kind="energy", amount=mwh, unit="MWh", stage=Stage.PRODUCTION, pedigree=pedigree,
        link=Link(item="electricity_purchased", score=_power(), factor=1000.0, pedigree=BEST,
                  source="test"))


def _co2(kg: float) -> DirectEmission:
    return DirectEmission(gas="CO2", mass_kg=kg, source="kiln", item="natural_gas", pedigree=BEST)


def _out(item: str, amount: float, price: float | None = None) -> Output:
    return Output(item=item, name_zh=item, name_en=item, amount=amount, unit="t",
                  mass_kg_per_unit=1000.0, price_cny_per_unit=price)


def _two_products(product: str, basis: AllocationBasis) -> Foreground:
    """One process making 2 t of A (300 CNY/t) and 1 t of B (1200 CNY/t) from 10 MWh of
    electricity (0.5 kg CO2e/kWh) with 1000 kg of CO2 emitted on site: G = 5000 + 1000 kg."""
    a, b = _out("A", 2.0, 300.0), _out("B", 1.0, 1200.0)
    main, other = (a, b) if product == "A" else (b, a)
    return Foreground(org="P1", org_name="plant", year=2025, product=main, co_products=(other,),
                      allocation=basis, inputs=(_electricity(10.0),), direct=(_co2(1000.0),))


@pytest.mark.parametrize(("product", "basis", "factor", "per_t"), [
    # mass: A 2000 kg, B 1000 kg → AF_A = 2/3: 6000 × 2/3 = 4000 kg over 2 t = 2000 kg/t;
    # B gets 2000 kg over 1 t = 2000 kg/t (mass allocation gives every tonne the same burden)
    ("A", AllocationBasis.MASS, 2 / 3, 2000.0),
    ("B", AllocationBasis.MASS, 1 / 3, 2000.0),
    # economic: A 2 × 300 = 600 CNY, B 1 × 1200 = 1200 CNY → AF_A = 1/3: 2000 kg over 2 t =
    # 1000 kg/t; B 2/3 × 6000 = 4000 kg over 1 t
    ("A", AllocationBasis.ECONOMIC, 1 / 3, 1000.0),
    ("B", AllocationBasis.ECONOMIC, 2 / 3, 4000.0),
])
def test_physical_versus_economic_allocation(product: str, basis: AllocationBasis, factor: float,
                                             per_t: float) -> None:
    result = study_footprint(_two_products(product, basis), method_id="gwp", method_name="GWP",
                             gwp_by_gas=GWP)
    assert result.allocation.product_factor == pytest.approx(factor)
    assert result.cfp_kgco2e == pytest.approx(per_t)
    assert result.allocation.basis is basis
    assert [o["item"] for o in result.allocation.outputs] == [product, "B" if product == "A"
                                                              else "A"]
    # the electricity line: 10 MWh × 1000 × 0.5 = 5000 kg for the process, × AF allocated
    line = next(x for x in result.lines if x.item == "electricity_purchased")
    assert line.process_kgco2e == pytest.approx(5000.0)
    assert line.allocated_kgco2e == pytest.approx(5000.0 * factor)


def test_several_outputs_need_an_allocation_rule() -> None:
    with pytest.raises(OptionError, match="choose an allocation"):
        study_footprint(_two_products("A", AllocationBasis.NONE), method_id="gwp",
                        method_name="GWP", gwp_by_gas=GWP)


def test_economic_allocation_needs_every_price() -> None:
    fg = _two_products("A", AllocationBasis.ECONOMIC)
    fg = fg.model_copy(update={"co_products": (_out("B", 1.0, None),)})
    with pytest.raises(InputError, match="price_cny_per_unit"):
        study_footprint(fg, method_id="gwp", method_name="GWP", gwp_by_gas=GWP)


def test_single_output_takes_the_whole_burden() -> None:
    """6000 kg over 3 t of one product, declared unit 0.5 t: 6000 × 0.5 / 3 = 1000 kg."""
    fg = Foreground(org="P1", org_name="plant", year=2025, product=_out("A", 3.0),
                    declared_amount=0.5, allocation=AllocationBasis.ECONOMIC,
                    inputs=(_electricity(10.0),), direct=(_co2(1000.0),))
    result = study_footprint(fg, method_id="gwp", method_name="GWP", gwp_by_gas=GWP)
    assert result.cfp_kgco2e == pytest.approx(1000.0)
    assert result.allocation.basis is AllocationBasis.NONE
    assert result.declared_unit == "0.5 t"
    assert result.by_stage == pytest.approx({"raw_material_acquisition": 0.0,
                                             "production": 1000.0})


def _board_chain() -> LinkScore:
    """Three processes: pellets (kg) take up 1.5 kg CO2 from air and emit 0.1 kg fossil CO2;
    heat (MJ) burns 0.1 kg pellets, emitting 0.15 kg biogenic CO2 and 0.001 kg non-fossil CH4
    (GWP 27); board (kg) takes 4 MJ heat and emits 0.2 kg fossil CO2.

    Per kg board: s = (board 1, heat 4, pellets 0.4).
    fossil 0.2 + 0.4 × 0.1 = 0.24; biogenic 4 × 0.15 + 4 × 0.001 × 27 = 0.708;
    removals 0.4 × (−1.5) = −0.6; total 0.348 kg CO2e.
    """
    system = build_system(
        ["pellets", "heat", "board"], [1.0, 1.0, 1.0],
        Exchanges(["pellets", "heat"], ["heat", "board"], [-0.1, -4.0]),
        ["co2_air", "co2_bio", "ch4_bio", "co2_fossil"],
        Exchanges(["co2_air", "co2_fossil", "co2_bio", "ch4_bio", "co2_fossil"],
                  ["pellets", "pellets", "heat", "heat", "board"],
                  [1.5, 0.1, 0.15, 0.001, 0.2]),
        [CharacterisationMethod("gwp", "kg CO2e", ["co2_air", "co2_bio", "ch4_bio", "co2_fossil"],
                                [-1.0, 1.0, 27.0, 1.0])],
        name="board chain")
    scores = score_processes(system, "gwp", ["board"], database_id="test",
                             names={"board": "board"}, units={"board": "kg"},
                             biogenic_emission_flows=frozenset({"co2_bio", "ch4_bio"}),
                             biogenic_removal_flows=frozenset({"co2_air"}))
    return scores["board"]


def test_three_process_chain_keeps_biogenic_carbon_apart() -> None:
    score = _board_chain()
    assert score.fossil_kgco2e == pytest.approx(0.24)
    assert score.biogenic_emission_kgco2e == pytest.approx(0.708)
    assert score.biogenic_removal_kgco2e == pytest.approx(-0.6)
    assert score.total == pytest.approx(0.348)
    # A plant buys 500 kg of board (raw materials) and emits 30 kg fossil CO2 making 100 t of
    # product: per t fossil (500 × 0.24 + 30) / 100 = 1.5; biogenic 500 × 0.708 / 100 = 3.54;
    # removals 500 × (−0.6) / 100 = −3.0; CFP 1.5 + 3.54 − 3.0 = 2.04 kg CO2e/t.
    board = ForegroundInput(
        item="board", name_zh="板材", name_en="board", kind="material", amount=500.0, unit="kg",
        stage=Stage.RAW_MATERIAL_ACQUISITION, mass_kg=500.0, pedigree=BEST,
        link=Link(item="board", score=score, factor=1.0, pedigree=BEST, source="test"))
    fg = Foreground(org="P1", org_name="plant", year=2025, product=_out("A", 100.0),
                    inputs=(board,), direct=(_co2(30.0),))
    result = study_footprint(fg, method_id="gwp", method_name="GWP", gwp_by_gas=GWP)
    assert result.fossil_kgco2e == pytest.approx(1.5)
    assert result.biogenic_emission_kgco2e == pytest.approx(3.54)
    assert result.biogenic_removal_kgco2e == pytest.approx(-3.0)
    assert result.cfp_kgco2e == pytest.approx(2.04)
    assert result.by_stage == pytest.approx({"raw_material_acquisition": 1.74,
                                             "production": 0.3})


def _unlinked(item: str, kg: float | None) -> ForegroundInput:
    return ForegroundInput(item=item, name_zh=item, name_en=item, kind="material",
                           amount=kg or 1.0, unit="kg" if kg is not None else "MW",
                           stage=Stage.RAW_MATERIAL_ACQUISITION, mass_kg=kg, pedigree=BEST)


def test_cut_off_by_mass_share_and_gaps() -> None:
    """Known input mass 990 + 5 + 8 + 30 = 1033 kg. B 5/1033 = 0.48 % and C 8/1033 = 0.77 % are
    under 1 % each and 1.26 % together (≤ 5 %): cut off. D 30/1033 = 2.9 % > 1 %: a data gap,
    as is E, whose mass is unknown."""
    linked = ForegroundInput(
        item="steel", name_zh="钢", name_en="steel", kind="material", amount=990.0, unit="kg",
        stage=Stage.RAW_MATERIAL_ACQUISITION, mass_kg=990.0, pedigree=BEST,
        link=Link(item="steel", score=_power(2.0), factor=1.0, pedigree=BEST, source="test"))
    fg = Foreground(org="P1", org_name="plant", year=2025, product=_out("A", 1.0),
                    cut_off=CutOffRule(max_share_each=0.01, max_share_total=0.05),
                    inputs=(linked, _unlinked("B", 5.0), _unlinked("C", 8.0),
                            _unlinked("D", 30.0), _unlinked("E", None)))
    result = study_footprint(fg, method_id="gwp", method_name="GWP", gwp_by_gas=GWP)
    assert [x.item for x in result.cut_off_lines] == ["B", "C"]
    assert [x.mass_share for x in result.cut_off_lines] == pytest.approx([5 / 1033, 8 / 1033])
    assert sorted(x.item for x in result.gaps) == ["D", "E"]
    assert not result.complete
    assert result.cfp_kgco2e == pytest.approx(990.0 * 2.0)
    # a tighter total (1 %) cuts B (0.48 %) but not C (0.48 + 0.77 > 1 %)
    tight = study_footprint(fg.model_copy(update={"cut_off": CutOffRule(max_share_total=0.01)}),
                            method_id="gwp", method_name="GWP", gwp_by_gas=GWP)
    assert [x.item for x in tight.cut_off_lines] == ["B"]


def test_data_quality_is_weighted_by_contribution() -> None:
    """Electricity 10 MWh × 0.5 = 5000 kg with temporal 3 (and the best elsewhere); direct CO2
    1000 kg with reliability 2. Weights 5/6 and 1/6: temporal 3 × 5/6 + 1 × 1/6 = 2.667,
    reliability 1 × 5/6 + 2 × 1/6 = 1.167; DQR = (1.167 + 1 + 2.667 + 1 + 1) / 5 = 1.367."""
    old = BEST.model_copy(update={"temporal": 3})
    direct = DirectEmission(gas="CO2", mass_kg=1000.0, source="kiln", item="natural_gas",
                            pedigree=BEST.model_copy(update={"reliability": 2}))
    fg = Foreground(org="P1", org_name="plant", year=2025, product=_out("A", 1.0),
                    inputs=(_electricity(10.0, old),), direct=(direct,))
    result = study_footprint(fg, method_id="gwp", method_name="GWP", gwp_by_gas=GWP)
    assert result.dqi_weighted["temporal"] == pytest.approx(8 / 3)
    assert result.dqi_weighted["reliability"] == pytest.approx(7 / 6)
    assert result.dqr == pytest.approx((7 / 6 + 1 + 8 / 3 + 1 + 1) / 5)
    assert result.dqi is not None and result.dqi.temporal == 3


def test_gas_without_gwp_is_named() -> None:
    fg = Foreground(org="P1", org_name="plant", year=2025, product=_out("A", 1.0),
                    direct=(DirectEmission(gas="SF6", mass_kg=1.0, source="switchgear",
                                           item="sf6_release", pedigree=BEST),))
    with pytest.raises(InputError, match="SF6"):
        study_footprint(fg, method_id="gwp", method_name="GWP", gwp_by_gas=GWP)


def test_cradle_to_grave_needs_downstream_data() -> None:
    with pytest.raises(ValueError, match="cradle-to-grave"):
        Foreground(org="P1", org_name="plant", year=2025, product=_out("A", 1.0),
                   boundary=Boundary.CRADLE_TO_GRAVE, inputs=(_electricity(1.0),))


def test_cradle_to_grave_reports_every_stage() -> None:
    """Two outputs by mass, A 2 t and B 1 t (AF_A = 2/3) of G = 6000 kg: production 2000 kg per
    t of A. Use stage, per t of A and not allocated: 2 MWh × 1000 × 0.5 = 1000 kg."""
    use = _electricity(2.0).model_copy(update={"stage": Stage.USE, "per_declared_unit": True})
    fg = _two_products("A", AllocationBasis.MASS).model_copy(update={
        "boundary": Boundary.CRADLE_TO_GRAVE,
        "inputs": (*_two_products("A", AllocationBasis.MASS).inputs, use)})
    result = study_footprint(fg, method_id="gwp", method_name="GWP", gwp_by_gas=GWP)
    assert result.by_stage == pytest.approx({"raw_material_acquisition": 0.0, "production": 2000.0,
                                             "distribution": 0.0, "use": 1000.0,
                                             "end_of_life": 0.0})
    assert result.stages_excluded == ()
    line = next(x for x in result.lines if x.stage is Stage.USE)
    # the year's 2 t of A carry 2 × 1000 kg of use-stage burden, none of it allocated to B
    assert line.process_kgco2e == pytest.approx(2000.0)
    assert line.allocated_kgco2e == pytest.approx(2000.0)


def test_scenario_inputs_are_per_declared_unit_only() -> None:
    with pytest.raises(ValueError, match="per declared unit"):
        ForegroundInput.model_validate({**_electricity(1.0).model_dump(), "stage": "use"})
    with pytest.raises(ValueError, match="cradle-to-gate"):
        use = _electricity(1.0).model_copy(update={"stage": Stage.USE, "per_declared_unit": True})
        Foreground(org="P1", org_name="plant", year=2025, product=_out("A", 1.0), inputs=(use,))


amounts = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)


@given(st.lists(st.tuples(amounts, amounts), min_size=2, max_size=5),
       st.sampled_from([AllocationBasis.MASS, AllocationBasis.ECONOMIC]))
def test_allocated_burdens_add_up_to_the_process(outputs: list[tuple[float, float]],
                                                 basis: AllocationBasis) -> None:
    """Σ over outputs of (footprint per unit × amount) is the whole process burden G = 6000 kg,
    whichever output is studied, and the factors lie in [0, 1] and add up to 1."""
    made = [_out(f"P{k}", amount, price) for k, (amount, price) in enumerate(outputs)]
    factors = allocation_factors(made, basis)
    assert sum(factors) == pytest.approx(1.0)
    assert all(0.0 <= f <= 1.0 for f in factors)
    total = 0.0
    for k, product in enumerate(made):
        fg = Foreground(org="P1", org_name="plant", year=2025, product=product,
                        co_products=tuple(m for j, m in enumerate(made) if j != k),
                        allocation=basis, inputs=(_electricity(10.0),), direct=(_co2(1000.0),))
        result = study_footprint(fg, method_id="gwp", method_name="GWP", gwp_by_gas=GWP)
        total += result.cfp_kgco2e * product.amount
    assert total == pytest.approx(6000.0, rel=1e-9)
