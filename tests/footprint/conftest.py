"""Small product systems worked by hand, shared by the footprint tests."""

from __future__ import annotations

import pytest

from greenmfg.footprint import (
    CharacterisationMethod,
    Exchanges,
    FactorisationCache,
    ProductSystem,
    build_system,
)


def steel_system() -> ProductSystem:
    """Three processes: electricity (kWh), steel (kg) and road transport (tkm).

    Steel takes 2 kWh and 0.5 tkm per kg and emits 1.8 kg CO2; transport takes 0.1 kWh per tkm
    and emits 0.12 kg CO2; electricity emits 0.6 kg CO2 and 0.001 kg CH4 per kWh.
    """
    return build_system(
        ["electricity", "steel", "transport"], [1.0, 1.0, 1.0],
        Exchanges(["electricity", "transport", "electricity"], ["steel", "steel", "transport"],
                  [-2.0, -0.5, -0.1]),
        ["CO2", "CH4"],
        Exchanges(["CO2", "CH4", "CO2", "CO2"], ["electricity", "electricity", "steel",
                                                 "transport"], [0.6, 0.001, 1.8, 0.12]),
        [CharacterisationMethod("GWP100", "kg CO2e", ["CO2", "CH4"], [1.0, 29.8]),
         CharacterisationMethod("CH4 only", "kg CH4", ["CH4"], [1.0])],
        name="steel (hand worked)")


def recycling_system() -> ProductSystem:
    """A loop: ingot (kg) takes 0.3 kg of recycled aluminium, which takes 0.05 kg of ingot.

    Ingot making emits 8 kg CO2 per kg, recycling 0.5 kg CO2 per kg.
    """
    return build_system(
        ["ingot", "recycled"], [1.0, 1.0],
        Exchanges(["recycled", "ingot"], ["ingot", "recycled"], [-0.3, -0.05]),
        ["CO2"], Exchanges(["CO2", "CO2"], ["ingot", "recycled"], [8.0, 0.5]),
        [CharacterisationMethod("GWP100", "kg CO2e", ["CO2"], [1.0])],
        name="aluminium with recycling loop")


@pytest.fixture
def cache() -> FactorisationCache:
    """A private factorisation cache, so tests never share state through the shared one."""
    return FactorisationCache()
