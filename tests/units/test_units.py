"""The unit registry: Chinese labels, dimensions, round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.errors import UnitError
from greenmfg.units import convert, normalise_label, registry


@pytest.mark.parametrize(("value", "label", "target", "expected"), [
    (1, "吨标煤", "kgce", 1000),
    (1, "千克标准煤", "kJ", 29307.6),         # GB/T 2589-2020: 1 kgce = 29 307.6 kJ
    (1, "万kWh", "MWh", 10),
    (1, "万千瓦时", "kWh", 10_000),
    (1, "万Nm³", "Nm3", 10_000),
    (1, "10^4 Nm3", "wan_Nm3", 1),
    (2, "万吨", "t", 20_000),
    (1, "万元", "CNY", 10_000),
    (1, "tce", "GJ", 29.3076),
    (1, "ｔ", "kg", 1000),                   # full-width letter from a Chinese IME
])
def test_chinese_and_standard_labels(value: float, label: str, target: str,
                                     expected: float) -> None:
    assert convert(value, label, target) == pytest.approx(expected, rel=1e-12)


def test_co2e_has_its_own_dimension() -> None:
    ureg = registry()
    with pytest.raises(Exception, match="Cannot convert"):
        ureg.Quantity(1, "tCO2e").to("t")
    assert convert(1, "tCO2e", "kgCO2e") == 1000


def test_wrong_dimension_and_unknown_unit() -> None:
    with pytest.raises(UnitError, match="expected"):
        convert(1, "m3", "t")
    with pytest.raises(UnitError, match="unknown unit"):
        convert(1, "bananas", "t")
    with pytest.raises(UnitError, match="empty"):
        convert(1, "  ", "t")


def test_normalise_label() -> None:
    assert normalise_label(" 万Nm³ ") == "万Nm3"
    assert normalise_label("10⁴ Nm³") == "10^4Nm3"


@given(st.floats(1e-6, 1e9), st.sampled_from([("t", "kg"), ("万kWh", "kWh"), ("GJ", "tce"),
                                               ("万Nm3", "m3"), ("MWh", "GJ")]))
def test_round_trip(value: float, pair: tuple[str, str]) -> None:
    a, b = pair
    assert convert(convert(value, a, b), b, a) == pytest.approx(value, rel=1e-12)
