"""The demo park's PV module (PV01) and aluminium (ALU01) footprints from their plants' data.

The expected values are calculated by hand from the demo's activity rows (summed here, straight
from the generator) and the published factors written out below; nothing is read back from the
program's own results.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from greenmfg.demo import generate_park
from greenmfg.errors import InputError, NotFoundError, OptionError
from greenmfg.footprint import default_database
from greenmfg.footprint.database import resolve_process
from greenmfg.footprint.plant import default_link_rows
from greenmfg.refdata import reference_data
from greenmfg.workspace import Workspace

YEAR = 2025
# 2024 national electricity carbon-footprint factor, MEE/NBS/NEA notice (default database).
GRID_KG_PER_KWH = 0.5777
# GB/T 32150-2015 Table B.1 defaults (refdata fuels.csv): E = NCV × CC × OF × 44/12.
GAS_T_PER_WAN_NM3 = 389.31 * 15.3e-3 * 0.99 * 44 / 12      # 389.31 GJ/10^4 Nm3, 15.3 tC/TJ
DIESEL_T_PER_T = 42.652 * 20.2e-3 * 0.98 * 44 / 12          # 42.652 GJ/t, 20.2 tC/TJ
# CETS—AG—04.01—V01—2024: anode CO2 = NC × (1 − S − A) × 44/12 with S 2 %, A 0.4 %.
ANODE_T_PER_T = (1 - 0.02 - 0.004) * 44 / 12
# IPCC AR6 WG1 Table 7.15 GWP100 (default database ar6-gwp100).
GWP_CF4, GWP_C2F6 = 7380.0, 12400.0


def _sum(org: str, item: str, unit: str) -> float:
    total = 0.0
    for row in generate_park().activity:
        if row["org_code"] == org and row["item"] == item and row["period"][:4] == str(YEAR):
            assert row["unit"] == unit, row
            total += float(row["quantity"])
    return total


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    path = tmp_path_factory.mktemp("pcf") / "demo.duckdb"
    workspace = Workspace(path, actor="tester")
    workspace.load_demo()
    yield workspace
    workspace.close()


def test_aluminium_footprint_by_hand(ws: Workspace) -> None:
    """kg CO2e per t aluminium = [MWh × 1000 × 0.5777 + (gas × 21.622 + diesel × 3.0959 +
    anode × 3.5787) × 1000 + CF4 kg × 7380 + C2F6 kg × 12400] / t aluminium."""
    mwh = _sum("ALU01", "electricity_purchased", "MWh")
    electricity = mwh * 1000 * GRID_KG_PER_KWH
    direct = 1000 * (_sum("ALU01", "natural_gas", "万Nm3") * GAS_T_PER_WAN_NM3
                     + _sum("ALU01", "diesel", "t") * DIESEL_T_PER_T
                     + _sum("ALU01", "carbon_anode", "t") * ANODE_T_PER_T) \
        + _sum("ALU01", "cf4_release", "kg") * GWP_CF4 \
        + _sum("ALU01", "c2f6_release", "kg") * GWP_C2F6
    tonnes = _sum("ALU01", "primary_aluminium", "t")
    fp = ws.product_footprint("ALU01", YEAR, "primary_aluminium")
    assert fp.cfp_kgco2e == pytest.approx((electricity + direct) / tonnes, rel=1e-9)
    assert fp.by_stage["production"] == pytest.approx(fp.cfp_kgco2e, rel=1e-12)
    line = next(x for x in fp.lines if x.item == "electricity_purchased")
    assert line.per_unit_kgco2e == pytest.approx(electricity / tonnes, rel=1e-9)
    # ~13,350 kWh/t × 0.5777 ≈ 7.7 t CO2e/t: the potline's power dominates
    assert 7_500 < line.per_unit_kgco2e < 7_900
    # alumina and anode production have no background data: gaps; diesel (321 t of ~923 kt of
    # known input mass, 0.03 %) is cut off
    assert sorted(g.item for g in fp.gaps) == ["alumina", "carbon_anode", "natural_gas"]
    assert [c.item for c in fp.cut_off_lines] == ["diesel"]
    assert not fp.complete
    assert fp.allocation.product_factor == 1.0
    assert fp.biogenic_emission_kgco2e == 0.0 and fp.biogenic_removal_kgco2e == 0.0
    assert fp.gwp_by_gas == {"C2F6": GWP_C2F6, "CF4": GWP_CF4, "CO2": 1.0}
    assert any("green_power_contract" in n.en for n in fp.notes)


def test_pv_module_footprint_by_hand(ws: Workspace) -> None:
    """kg CO2e per kW (declared unit 0.001 MW) = [MWh × 577.7 + (gas × 21.622 + diesel ×
    3.0959) × 1000] × 0.001 / MW of modules."""
    total = _sum("PV01", "electricity_purchased", "MWh") * 1000 * GRID_KG_PER_KWH \
        + 1000 * (_sum("PV01", "natural_gas", "万Nm3") * GAS_T_PER_WAN_NM3
                  + _sum("PV01", "diesel", "t") * DIESEL_T_PER_T)
    mw = _sum("PV01", "pv_module", "MW")
    fp = ws.product_footprint("PV01", YEAR, "pv_module", declared_amount=0.001)
    assert fp.cfp_kgco2e == pytest.approx(total * 0.001 / mw, rel=1e-9)
    assert fp.declared_unit == "0.001 MW"
    # the bought-in solar cells have no background data: the study says it is incomplete
    assert sorted(g.item for g in fp.gaps) == ["diesel", "natural_gas", "solar_cell"]
    assert any("green_certificate" in n.en for n in fp.notes)
    # economic allocation with a single output changes nothing and records why
    same = ws.product_footprint("PV01", YEAR, "pv_module", declared_amount=0.001,
                                allocation="economic")
    assert same.cfp_kgco2e == pytest.approx(fp.cfp_kgco2e, rel=1e-12)
    assert same.allocation.rule_en.startswith("single output")


def test_two_output_plant_needs_a_rule_and_prices(ws: Workspace) -> None:
    """STL01 records pig iron and crude steel; as outputs by mass, crude steel's share is
    t_steel / (t_steel + t_iron); with pig iron an on-site intermediate it takes everything."""
    with pytest.raises(OptionError):
        ws.product_footprint("STL01", YEAR, "crude_steel")
    with pytest.raises(InputError, match="price"):
        ws.product_footprint("STL01", YEAR, "crude_steel", allocation="economic")
    steel, iron = _sum("STL01", "crude_steel", "t"), _sum("STL01", "pig_iron", "t")
    by_mass = ws.product_footprint("STL01", YEAR, "crude_steel", allocation="physical")
    assert by_mass.allocation.product_factor == pytest.approx(steel / (steel + iron), rel=1e-9)
    whole = ws.product_footprint("STL01", YEAR, "crude_steel", intermediates=("pig_iron",))
    assert whole.allocation.product_factor == 1.0
    # the same burden over steel alone, against steel's mass share of it
    assert by_mass.cfp_kgco2e == pytest.approx(
        whole.cfp_kgco2e * steel / (steel + iron), rel=1e-9)
    priced = ws.product_footprint("STL01", YEAR, "crude_steel", allocation="economic",
                                  prices_cny_per_unit={"crude_steel": 3500.0, "pig_iron": 2500.0})
    assert priced.allocation.product_factor == pytest.approx(
        steel * 3500 / (steel * 3500 + iron * 2500), rel=1e-9)


def test_user_links_override_and_fill_gaps(ws: Workspace, tmp_path: Path) -> None:
    """Linking diesel to the default diesel-combustion process (3.0959 kg CO2/kg, 1000 kg per
    t) adds 1000 × 3.0959 × t diesel / MW per MW and removes diesel from the gaps."""
    links = tmp_path / "links.csv"
    links.write_text("item,database,process,factor,reliability,completeness,temporal,"
                     "geographical,technological,source\n"
                     "diesel,,diesel-combustion-gbt32150,1000,3,3,3,2,3,test link\n",
                     encoding="utf-8")
    base = ws.product_footprint("PV01", YEAR, "pv_module")
    linked = ws.product_footprint("PV01", YEAR, "pv_module", links=links)
    extra = _sum("PV01", "diesel", "t") * 1000 * 3.0959096373333335 / _sum("PV01", "pv_module",
                                                                          "MW")
    assert linked.cfp_kgco2e - base.cfp_kgco2e == pytest.approx(extra, rel=1e-9)
    assert "diesel" not in {g.item for g in linked.gaps}
    assert any(r["item"] == "diesel" for r in linked.lineage["links"])
    assert linked.study_id != base.study_id


def test_bad_link_rows_and_products_are_named(ws: Workspace, tmp_path: Path) -> None:
    links = tmp_path / "bad.csv"
    links.write_text("item,database,process,factor\ndiesel,,diesel-combustion-gbt32150,-1\n",
                     encoding="utf-8")
    with pytest.raises(InputError, match="factor") as err:
        ws.product_footprint("PV01", YEAR, "pv_module", links=links)
    assert err.value.location.row == 2 and err.value.location.column == "factor"
    links.write_text("item,database,process,factor\ndiesel,,no-such-process,1\n",
                     encoding="utf-8")
    with pytest.raises(InputError, match="no-such-process"):
        ws.product_footprint("PV01", YEAR, "pv_module", links=links)
    with pytest.raises(InputError, match="does not exist"):
        ws.product_footprint("PV01", YEAR, "pv_module", links=tmp_path / "missing.csv")
    with pytest.raises(NotFoundError, match="pv_module"):
        ws.product_footprint("PV01", YEAR, "primary_aluminium")
    with pytest.raises(OptionError, match="allocation"):
        ws.product_footprint("PV01", YEAR, "pv_module", allocation="random")


def test_packaged_links_name_known_items_and_processes() -> None:
    """Every row of links.csv names a catalogue item and a default process whose reference
    unit matches the conversion (MWh → kWh × 1000, GJ → GJ × 1)."""
    items = reference_data().items
    units = {}
    for row in default_link_rows():
        assert row.item in items, row.item
        found = resolve_process(default_database(), row.process)
        units[row.item] = (items[row.item].canonical_unit, found["unit"], row.factor)
    assert units == {"electricity_purchased": ("MWh", "kWh", 1000.0),
                     "heat_purchased": ("GJ", "GJ", 1.0)}


def test_scenarios_make_the_study_cradle_to_grave(ws: Workspace, tmp_path: Path) -> None:
    """Distribution of 1 kW of modules by truck burning 2 kg diesel (3.0959096 kg CO2/kg, the
    default diesel-combustion process) adds 2 × 3.0959096 = 6.1918 kg CO2e per kW, in the
    distribution stage; production is unchanged."""
    scenarios = tmp_path / "scenarios.csv"
    scenarios.write_text("stage,item,amount,unit,database,process,factor,source\n"
                         "distribution,truck diesel,2,kg,,diesel-combustion-gbt32150,1,"
                         "assumed 500 km by truck\n", encoding="utf-8")
    gate = ws.product_footprint("PV01", YEAR, "pv_module", declared_amount=0.001)
    grave = ws.product_footprint("PV01", YEAR, "pv_module", declared_amount=0.001,
                                 scenarios=scenarios)
    assert grave.boundary == "cradle-to-grave" and grave.stages_excluded == ()
    assert grave.by_stage["distribution"] == pytest.approx(2 * 3.0959096373333335, rel=1e-12)
    assert grave.by_stage["production"] == pytest.approx(gate.by_stage["production"], rel=1e-12)
    assert grave.cfp_kgco2e - gate.cfp_kgco2e == pytest.approx(2 * 3.0959096373333335,
                                                               rel=1e-9)
    assert "over its life cycle" in grave.functional_unit
    scenarios.write_text("stage,item,amount,unit,database,process,factor\n"
                         "production,x,1,kg,,diesel-combustion-gbt32150,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="stage") as err:
        ws.product_footprint("PV01", YEAR, "pv_module", scenarios=scenarios)
    assert err.value.location.row == 2
