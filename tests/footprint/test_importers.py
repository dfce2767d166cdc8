"""Importers: each fixture scored by hand, elementary-flow mapping, and import → export → import
giving the same matrices."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import numpy as np
import pytest

from greenmfg.footprint import (
    FactorisationCache,
    LcaDatabase,
    ProductSystem,
    build_product_system,
    calculate,
    default_database,
    export_jsonld,
    read_database,
)
from greenmfg.footprint.defaults import default_id
from greenmfg.footprint.importers.ecospold2 import process_id_for

FIXTURES = Path(__file__).parent / "fixtures"
GWP100 = default_id("method", "ar6-gwp100")
GWP20 = default_id("method", "ar6-gwp20")

STEEL = "5a0e0000-0000-4000-8000-000000000043"
ALUMINIUM = "1c0d0000-0000-4000-8000-000000000042"
HEAT = process_id_for("ec020000-0000-4000-8000-000000000002",
                      "ec020000-0000-4000-8000-000000000012")


def system_of(database: LcaDatabase) -> ProductSystem:
    return build_product_system(database, methods_from=[default_database()])


def scores(database: LcaDatabase, product: str) -> dict[str, float]:
    system = system_of(database)
    result = calculate(system, {product: 1.0}, solver="superlu", cache=FactorisationCache())
    return {m: float(v) for m, v in zip(result.methods, result.scores[:, 0], strict=True)}


def test_jsonld_steel_chain_by_hand() -> None:
    """source: hand calculation (the fixture is the steel chain of conftest, in olca-schema).

    Electricity is given per kWh but its flow is in MJ (3.6 MJ/kWh): steel takes 2 kWh = 7.2 MJ,
    transport 0.1 kWh per t*km; slag 200 g goes to landfill (a waste treatment, reference input).
    s_steel = 1, s_transport = 0.5, s_landfill = 0.2 kg, s_electricity = (7.2 + 0.5 × 0.36) / 3.6
    = 2.05. CO2 = 0.6 × 2.05 + 0.12 × 0.5 + 1.8 = 3.09 kg; CH4 = 1 g × 2.05 + 0.01 kg × 0.2
    = 0.00405 kg. GWP100 = 3.09 + 29.8 × 0.00405 = 3.21069; GWP20 = 3.09 + 82.5 × 0.00405
    = 3.424125 kg CO2e. The fixture's own method gives CH4 0.0298 per g = 29.8 per kg.
    """
    database, report = read_database(FIXTURES / "jsonld_steel")
    got = scores(database, STEEL)
    assert got[GWP100] == pytest.approx(3.21069, rel=1e-12)
    assert got[GWP20] == pytest.approx(3.424125, rel=1e-12)
    assert got["5a0e0000-0000-4000-8000-000000000051"] == pytest.approx(3.21069, rel=1e-12)
    assert report.source_format == "jsonld"
    assert (report.processes, report.linked_exchanges, len(report.unlinked)) == (4, 4, 0)
    assert {m.name: m.method for m in report.mapped} == {
        "Carbon dioxide, fossil": "name+compartment+cas", "Methane, fossil": "name+compartment+cas"}
    assert [m.name for m in report.unmapped] == ["Particulates, < 2.5 um"]
    assert "no default flow is named" in report.unmapped[0].reason


def test_ilcd_aluminium_by_hand() -> None:
    """source: hand calculation.

    1 kg ingot takes 54 MJ electricity; the grid process makes 3.6 MJ: s_grid = 15.
    CO2 = 1.6 + 15 × 0.55 = 9.85 kg; N2O = 15 × 1e-5 = 1.5e-4 kg; CF4 = 5e-5 kg.
    GWP100 = 9.85 + 273 × 1.5e-4 + 7380 × 5e-5 = 9.85 + 0.04095 + 0.369 = 10.25995;
    GWP20 = 9.85 + 0.04095 + 5300 × 5e-5 = 10.15595 kg CO2e.
    """
    database, report = read_database(FIXTURES / "ilcd_aluminium")
    got = scores(database, ALUMINIUM)
    assert got[GWP100] == pytest.approx(10.25995, rel=1e-12)
    assert got[GWP20] == pytest.approx(10.15595, rel=1e-12)
    assert got["1c0d0000-0000-4000-8000-000000000051"] == pytest.approx(10.25995, rel=1e-12)
    methods = database.methods.to_pylist()
    assert methods[0]["unit"] == "kg CO2-Eq" and methods[0]["method_group"] == "Fixture LCIA"
    names = {r["process_id"]: r["name"] for r in database.processes.to_pylist()}
    assert names[ALUMINIUM] == "aluminium ingot production"  # English before Chinese
    assert report.skipped_files == ("ILCD/contacts/1c0d0000-0000-4000-8000-000000000061.xml",)
    assert report.ignored_factors == 1  # a factor for a flow the package does not hold
    assert [(m.name, m.compartment, m.subcompartment) for m in report.unmapped] == [
        ("water (fresh)", "natural resource", "in water")]


def test_ecospold2_heat_by_hand() -> None:
    """source: hand calculation.

    1 MJ heat takes 0.03 m3 gas and hands 0.0001 m3 wastewater to treatment (ecoinvent's
    negative input; the treatment's reference product is -1 m3): s_gas = 0.03, s_ww = 1e-4.
    CO2 = 0.056 + 0.03 × 0.05 = 0.0575; CH4 fossil = 0.03 × 0.5 g = 1.5e-5 kg;
    CH4 non-fossil = 1e-4 × 2 g = 2e-7 kg; N2O = 1e-6 kg.
    GWP100 = 0.0575 + 29.8 × 1.5e-5 + 27 × 2e-7 + 273 × 1e-6 = 0.0582254;
    GWP20 = 0.0575 + 82.5 × 1.5e-5 + 79.7 × 2e-7 + 273 × 1e-6 = 0.05902644 kg CO2e.
    """
    database, report = read_database(FIXTURES / "ecospold2_heat")
    got = scores(database, HEAT)
    assert got[GWP100] == pytest.approx(0.0582254, rel=1e-12)
    assert got[GWP20] == pytest.approx(0.05902644, rel=1e-12)
    assert all(m.method == "uuid" for m in report.mapped)  # ecoinvent ids of the GHGs
    assert {m.name: m.factor for m in report.mapped}["Methane, fossil"] == pytest.approx(1e-3)
    assert [m.name for m in report.unmapped] == ["Nitrogen oxides"]


def test_a_single_spold_file_is_a_package(tmp_path: Path) -> None:
    source = next((FIXTURES / "ecospold2_heat").glob("ec020000-0000-4000-8000-000000000003*"))
    _, report = read_database(source, name="wastewater")
    assert report.database_id == "wastewater" and report.processes == 1


def assert_same_matrices(one: ProductSystem, two: ProductSystem) -> None:
    assert one.process_ids == two.process_ids
    assert one.flow_ids == two.flow_ids
    assert one.methods == two.methods and one.method_units == two.method_units
    for name in ("technosphere", "biosphere", "characterisation"):
        a, b = getattr(one, name), getattr(two, name)
        assert a.shape == b.shape
        for attr in ("indptr", "indices", "data"):
            np.testing.assert_array_equal(getattr(a, attr), getattr(b, attr))
    for name in ("technosphere_plan", "biosphere_plan", "characterisation_plan"):
        p, q = getattr(one, name), getattr(two, name)
        np.testing.assert_array_equal(p.sampled_slots, q.sampled_slots)
        for g, h in zip(p.groups, q.groups, strict=True):
            assert g.kind == h.kind
            for attr in ("loc", "scale", "minimum", "maximum"):
                np.testing.assert_allclose(getattr(g, attr), getattr(h, attr), rtol=1e-12)


@pytest.mark.parametrize("fixture", ["jsonld_steel", "ilcd_aluminium", "ecospold2_heat"])
def test_import_export_import_gives_the_same_matrices(fixture: str, tmp_path: Path) -> None:
    first, _ = read_database(FIXTURES / fixture)
    archive = export_jsonld(first, tmp_path / f"{fixture}.zip")
    second, report = read_database(archive, name=fixture)
    assert second.source_format == "jsonld"
    assert_same_matrices(system_of(first), system_of(second))
    assert report.warnings == () and report.unlinked == ()
    # Mapped flows come back under the default ids, so they map by UUID the second time.
    assert {m.method for m in report.mapped} <= {"uuid"}
    folder = export_jsonld(second, tmp_path / "again")
    third, _ = read_database(folder, name=fixture)
    assert_same_matrices(system_of(first), system_of(third))


def test_export_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    database, _ = read_database(FIXTURES / "jsonld_steel")
    one = export_jsonld(database, tmp_path / "one.zip").read_bytes()
    two = export_jsonld(database, tmp_path / "two.zip").read_bytes()
    assert one == two


def test_default_database_round_trips_through_jsonld(tmp_path: Path) -> None:
    default = default_database()
    back, report = read_database(export_jsonld(default, tmp_path / "default.zip"), name="copy")
    assert_same_matrices(build_product_system(default), build_product_system(back))
    assert report.unmapped == ()
    codes = {r["code"] for r in back.processes.to_pylist()}
    assert "cn-grid-electricity-2024" in codes  # codes travel in the tags


def _as_json(element: ElementTree.Element) -> Any:
    """The TIDAS JSON form of an element (attributes '@', text '#text', repeats as lists)."""
    node: dict[str, Any] = {f"@{k}": v for k, v in element.attrib.items()}
    for child in element:
        value = _as_json(child)
        name = child.tag.split("}")[-1]
        if name in node:
            node[name] = node[name] if isinstance(node[name], list) else [node[name]]
            node[name].append(value)
        else:
            node[name] = value
    text = (element.text or "").strip()
    if not node:
        return text or None
    if text:
        node["#text"] = text
    return node


def test_tidas_json_reads_like_the_xml(tmp_path: Path) -> None:
    """The same ILCD data sets in TIDAS's JSON form give the same database."""
    source = FIXTURES / "ilcd_aluminium"
    target = tmp_path / "tidas"
    for path in source.rglob("*.xml"):
        root = ElementTree.parse(path).getroot()
        out = target / path.relative_to(source).with_suffix(".json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({root.tag.split("}")[-1]: _as_json(root)}, ensure_ascii=False),
                       encoding="utf-8")
    xml, _ = read_database(source)
    tidas, report = read_database(target, name="ilcd_aluminium")
    assert report.source_format == "ilcd"
    assert tidas.content_hash == xml.content_hash


def test_unlinked_inputs_are_reported_and_cut_off(tmp_path: Path) -> None:
    """Without the landfill process the slag output has no provider: listed, not in A."""
    package = tmp_path / "steel"
    shutil.copytree(FIXTURES / "jsonld_steel", package)
    (package / "processes" / "5a0e0000-0000-4000-8000-000000000044.json").unlink()
    database, report = read_database(package)
    [unlinked] = report.unlinked
    assert (unlinked.process_name, unlinked.flow_name, unlinked.amount, unlinked.unit) == (
        "steel production, electric arc furnace", "slag, to landfill", pytest.approx(0.2), "kg")
    assert unlinked.reason == "no process of the package makes this flow"
    # 3.21069 less the landfill's CH4 (0.002 kg × 29.8 = 0.0596)
    assert scores(database, STEEL)[GWP100] == pytest.approx(3.21069 - 0.0596, rel=1e-12)


def test_a_provider_that_makes_something_else_is_replaced_by_flow_linking(tmp_path: Path) -> None:
    package = tmp_path / "steel"
    shutil.copytree(FIXTURES / "jsonld_steel", package)
    path = package / "processes" / f"{STEEL}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["exchanges"][1]["defaultProvider"]["@id"] = "5a0e0000-0000-4000-8000-000000000042"
    path.write_text(json.dumps(doc), encoding="utf-8")
    database, report = read_database(package)
    assert any("linked by flow instead" in w for w in report.warnings)
    assert scores(database, STEEL)[GWP100] == pytest.approx(3.21069, rel=1e-12)


def test_the_highest_ilcd_version_is_read(tmp_path: Path) -> None:
    package = tmp_path / "al"
    shutil.copytree(FIXTURES / "ilcd_aluminium", package)
    grid = package / "ILCD" / "processes" / "1c0d0000-0000-4000-8000-000000000041.xml"
    newer = grid.read_text(encoding="utf-8").replace("01.00.000", "01.01.000").replace(
        "<meanAmount>0.55</meanAmount>\n      <resultingAmount>0.55</resultingAmount>",
        "<meanAmount>0.5</meanAmount>\n      <resultingAmount>0.5</resultingAmount>")
    grid.with_name("zz-newer.xml").write_text(newer, encoding="utf-8")
    database, report = read_database(package)
    assert any("several versions" in w for w in report.warnings)
    # CO2 = 1.6 + 15 × 0.5 = 9.1; GWP100 = 9.1 + 0.04095 + 0.369
    assert scores(database, ALUMINIUM)[GWP100] == pytest.approx(9.50995, rel=1e-12)


def test_an_avoided_product_is_a_credit_and_survives_export(tmp_path: Path) -> None:
    """source: hand calculation. Steel now also avoids 0.5 kWh of grid electricity (openLCA:
    ``isInput`` with ``isAvoidedProduct``): s_electricity = 2.05 - 0.5 = 1.55, so the score
    drops by 0.5 × (0.6 + 29.8 × 0.001) = 0.3149: 3.21069 - 0.3149 = 2.89579 kg CO2e."""
    package = tmp_path / "steel"
    shutil.copytree(FIXTURES / "jsonld_steel", package)
    path = package / "processes" / f"{STEEL}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    credit = {**doc["exchanges"][1], "internalId": 7, "amount": 0.5, "isAvoidedProduct": True}
    credit.pop("uncertainty")
    doc["exchanges"].append(credit)
    path.write_text(json.dumps(doc), encoding="utf-8")
    database, _ = read_database(package)
    assert scores(database, STEEL)[GWP100] == pytest.approx(2.89579, rel=1e-12)
    back, _ = read_database(export_jsonld(database, tmp_path / "out.zip"), name="steel")
    assert_same_matrices(system_of(database), system_of(back))
