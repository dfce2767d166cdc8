"""Mapping imported elementary flows onto the default list: by UUID, then name + compartment +
CAS; unit conversion through the one registry; every miss explained."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.footprint.defaults import default_flow_list, default_id
from greenmfg.footprint.flowlist import compartment_of

CO2 = default_id("flow", "co2-fossil")


@pytest.mark.parametrize(("parts", "expected"), [
    (["air", "urban air close to ground"], ("air", "urban air close to ground")),
    (["Elementary flows", "Emission to air", "unspecified"], ("air", "unspecified")),
    (["Emissions", "Emissions to air", "Emissions to air, unspecified"], ("air", "unspecified")),
    (["natural resource", "in air"], ("natural resource", "in air")),
    (["Resources", "Resources from air"], ("natural resource", "in air")),
    (["Emissions", "Emissions to water", "Emissions to fresh water"], ("water", "fresh water")),
    (["soil", "agricultural"], ("soil", "agricultural")),
    ([], ("", "")),
])
def test_compartments_from_category_paths(parts: list[str], expected: tuple[str, str]) -> None:
    assert compartment_of(parts) == expected
    assert compartment_of(expected) == expected or expected == ("", "")  # reads back the same


def test_uuid_alias_maps_ecoinvent_co2() -> None:
    mapping = default_flow_list().match("349b29d1-3e58-4c66-98b9-9d1a076efd2e", "anything",
                                        "air", "unspecified", "", "kg")
    assert (mapping.method, mapping.target_id, mapping.factor) == ("uuid", CO2, 1.0)


def test_name_compartment_and_cas_map_the_ef_name_in_tonnes() -> None:
    mapping = default_flow_list().match("x", "carbon dioxide (fossil)", "air",
                                        "unspecified", "000124-38-9", "t")
    assert mapping.method == "name+compartment+cas"
    assert mapping.target_id == CO2 and mapping.factor == pytest.approx(1000.0)


def test_fossil_and_biogenic_share_a_cas_but_not_a_name() -> None:
    flows = default_flow_list()
    biogenic = flows.match("x", "Carbon dioxide, non-fossil", "air", "", "124-38-9", "kg")
    uptake = flows.match("y", "Carbon dioxide, in air", "natural resource", "in air",
                         "124-38-9", "kg")
    assert biogenic.target_id == default_id("flow", "co2-biogenic")
    assert uptake.target_id == default_id("flow", "co2-uptake")


@pytest.mark.parametrize(("args", "reason"), [
    (("x", "Methane, fossil", "air", "", "124-38-9", "kg"), "CAS 124-38-9 differs"),
    (("x", "Methane, fossil", "water", "", "74-82-8", "kg"),
     "no default flow is named 'Methane, fossil' in compartment 'water'"),
    (("x", "Methane, fossil", "air", "", "74-82-8", "m3"), "cannot be converted to kg"),
    (("x", "Methane, fossil", "air", "", "74-82-8", "zorkmid"), "cannot be converted to kg"),
])
def test_misses_say_why(args: tuple[str, ...], reason: str) -> None:
    mapping = default_flow_list().match(*args)
    assert mapping.method == "unmapped" and mapping.target_id is None
    assert reason in mapping.reason


@given(st.sampled_from(["g", "kg", "t", "mg", "lb"]))
def test_mass_units_convert_consistently(unit: str) -> None:
    """Property: the factor is exactly the registry's conversion to kg, and positive."""
    from greenmfg.units import convert

    mapping = default_flow_list().match("x", "Dinitrogen monoxide", "air", "", "10024-97-2", unit)
    assert mapping.factor == convert(1.0, unit, "kg") > 0
