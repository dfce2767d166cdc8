"""Dashboard summaries on a small park, every figure worked out by hand.

Factors (packaged reference data):

- natural gas, GB/T 32150-2015 defaults: NCV 389.31 GJ/10^4 Nm³, carbon content 15.3 tC/TJ,
  oxidation 99 %: 389.31 × 0.0153 × 0.99 × 44/12 = 21.62188809 tCO2 per 10^4 Nm³;
  coal equivalent 13.3 tce per 10^4 Nm³ (GB/T 2589-2020 appendix);
- electricity, Inner Mongolia (150000) provincial average 2022, the latest published for data
  year 2024: 0.6849 tCO2/MWh; 0.1229 tce/MWh (calorific value).

::

    R1 region 150000
    ├── P1 park
    │   ├── E1  2024-01: gas 10, electricity 500 MWh, certificates 250 MWh
    │   │       2024-02: gas 20, electricity 500 MWh
    │   └── E2  2024-01: electricity 400 MWh, green-power contract 600 MWh
    └── E3  2023: gas 5;  2024: electricity 100 MWh
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenmfg.dashboard import Dashboard, green_share
from greenmfg.errors import InputError, NotFoundError
from greenmfg.workspace import Workspace

GAS_T_PER_WAN_NM3 = 389.31 * 0.0153 * 0.99 * 44 / 12  # = 21.62188809 tCO2 per 10^4 Nm³
GRID_T_PER_MWH = 0.6849


def _org(code: str, kind: str, parent: str) -> dict[str, str]:
    return {"code": code, "name": f"{code} 名称", "kind": kind, "parent_code": parent,
            "industry_code": "C3011" if kind == "enterprise" else "", "region_code": "150000"}


def _row(org: str, source: str, item: str, period: str, quantity: str, unit: str
         ) -> dict[str, str]:
    return {"org_code": org, "site": "MAIN", "source": source, "item": item, "period": period,
            "quantity": quantity, "unit": unit}


ORGS = [_org("R1", "region", ""), _org("P1", "park", "R1"), _org("E1", "enterprise", "P1"),
        _org("E2", "enterprise", "P1"), _org("E3", "enterprise", "R1")]
ACTIVITY = [
    _row("E1", "boiler", "natural_gas", "2024-01", "10", "万Nm3"),
    _row("E1", "boiler", "natural_gas", "2024-02", "20", "万Nm3"),
    _row("E1", "grid", "electricity_purchased", "2024-01", "500", "MWh"),
    _row("E1", "grid", "electricity_purchased", "2024-02", "500", "MWh"),
    _row("E1", "grid", "green_certificate", "2024-01", "250", "MWh"),
    _row("E2", "grid", "electricity_purchased", "2024-01", "400", "MWh"),
    _row("E2", "grid", "green_power_contract", "2024-01", "600", "MWh"),
    _row("E3", "boiler", "natural_gas", "2023", "5", "万Nm3"),
    _row("E3", "grid", "electricity_purchased", "2024", "100", "MWh"),
]


@pytest.fixture
def park_ws(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace(tmp_path / "ws.duckdb", actor="tester") as ws:
        ws.import_rows("small-park", ORGS, ACTIVITY)
        yield ws


def test_enterprise_summary_by_source_month_and_carrier(park_ws: Workspace) -> None:
    summary = Dashboard(park_ws).enterprise("E1")  # latest year with data: 2024
    assert summary.year == 2024 and summary.years == (2024,)
    gas_t = 30 * GAS_T_PER_WAN_NM3  # 648.6566427
    grid_t = 1000 * GRID_T_PER_MWH  # 684.9
    assert summary.co2e_t == pytest.approx(gas_t + grid_t)  # 1333.5566427
    assert summary.co2e_t == pytest.approx(1333.5566427)
    assert [(s.source, s.co2e_t) for s in summary.by_source] == [
        ("grid", pytest.approx(684.9)), ("boiler", pytest.approx(648.6566427))]
    # January: 10 × 21.62188809 + 500 × 0.6849 = 216.2188809 + 342.45 = 558.6688809
    # February: 20 × 21.62188809 + 342.45 = 774.8877618
    assert [(m.month, m.co2e_t) for m in summary.by_month] == [
        ("2024-01", pytest.approx(558.6688809)), ("2024-02", pytest.approx(774.8877618))]
    # gas 30 × 13.3 = 399 tce; electricity 1000 × 0.1229 = 122.9 tce; largest first
    assert [(c.item, c.tce_calorific) for c in summary.energy_by_carrier] == [
        ("natural_gas", pytest.approx(399.0)), ("electricity_purchased", pytest.approx(122.9))]
    assert summary.energy_tce_calorific == pytest.approx(521.9)
    # 250 MWh of certificates over 1000 MWh purchased
    assert summary.green_power_share == pytest.approx(0.25)
    assert (summary.electricity_mwh, summary.green_electricity_mwh) == (1000.0, 250.0)


def test_park_summary_ranks_enterprises_and_caps_instruments(park_ws: Workspace) -> None:
    summary = Dashboard(park_ws).park("P1", 2024)
    # E1 1333.5566427 t; E2 400 × 0.6849 = 273.96 t
    assert [(e.rank, e.org, e.co2e_t) for e in summary.enterprises] == [
        (1, "E1", pytest.approx(1333.5566427)), (2, "E2", pytest.approx(273.96))]
    assert summary.co2e_t == pytest.approx(1607.5166427)
    # E2's 600 MWh contract covers only its 400 MWh: share 1; the park (250 + 400) / 1400
    assert summary.enterprises[1].green_power_share == pytest.approx(1.0)
    assert summary.green_electricity_mwh == pytest.approx(650.0)
    assert summary.green_power_share == pytest.approx(650 / 1400)  # 0.4642857
    # energy: 521.9 (E1) + 400 × 0.1229 = 49.16 (E2)
    assert summary.energy_tce_calorific == pytest.approx(571.06)


def test_region_summary_trend_and_children(park_ws: Workspace) -> None:
    summary = Dashboard(park_ws).region("R1")
    assert summary.years == (2023, 2024) and summary.year == 2024
    # 2023: E3's 5 × 21.62188809 = 108.10944045 t; 2024: 1607.5166427 + 100 × 0.6849 = 1676.0066427
    assert [(y.year, y.enterprises, y.co2e_t) for y in summary.trend] == [
        (2023, 1, pytest.approx(108.10944045)), (2024, 3, pytest.approx(1676.0066427))]
    assert summary.trend[0].green_power_share is None  # no electricity bought in 2023
    assert [(c.org, c.kind.value, c.co2e_t) for c in summary.children] == [
        ("P1", "park", pytest.approx(1607.5166427)), ("E3", "enterprise", pytest.approx(68.49))]


def test_summaries_are_computed_once_per_data_version(park_ws: Workspace) -> None:
    dashboard = Dashboard(park_ws)
    first = dashboard.park("P1", 2024)
    computed = dashboard.computed
    assert dashboard.park("P1", 2024) is first
    assert dashboard.computed == computed
    park_ws.import_rows("more", [], [_row("E2", "grid", "electricity_purchased", "2024-02",
                                          "100", "MWh")])
    again = dashboard.park("P1", 2024)
    assert again.data_version != first.data_version
    # E2 now 500 MWh: 342.45 t, still second
    assert again.enterprises[1].co2e_t == pytest.approx(342.45)


def test_a_summary_of_the_wrong_kind_names_the_kind(park_ws: Workspace) -> None:
    with pytest.raises(InputError, match="'P1' is a park, not an enterprise"):
        Dashboard(park_ws).enterprise("P1")
    with pytest.raises(NotFoundError):
        Dashboard(park_ws).park("NOPE")


def test_green_share_without_electricity_is_none() -> None:
    assert green_share(5.0, 0.0) is None
    assert green_share(5.0, 20.0) == 0.25


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gas=st.lists(st.integers(min_value=0, max_value=500), min_size=3, max_size=3),
       mwh=st.lists(st.integers(min_value=0, max_value=5000), min_size=3, max_size=3),
       certificates=st.lists(st.integers(min_value=0, max_value=6000), min_size=3, max_size=3))
def test_roll_ups_sum(tmp_path_factory: pytest.TempPathFactory, gas: list[int], mwh: list[int],
                      certificates: list[int]) -> None:
    """Park and region totals are the sums of their members; shares stay within [0, 1]."""
    rows = []
    for code, g, e, c in zip(("E1", "E2", "E3"), gas, mwh, certificates, strict=True):
        for item, qty, unit in (("natural_gas", g, "万Nm3"), ("electricity_purchased", e, "MWh"),
                                ("green_certificate", c, "MWh")):
            if qty:
                rows.append(_row(code, "src", item, "2024-06", str(qty), unit))
    with Workspace(tmp_path_factory.mktemp("rollup") / "ws.duckdb", actor="tester") as ws:
        ws.import_rows("rollup", ORGS, rows)
        dashboard = Dashboard(ws)
        ents = {code: dashboard.enterprise(code, 2024) for code in ("E1", "E2", "E3")}
        park = dashboard.park("P1", 2024)
        region = dashboard.region("R1", 2024)
    assert park.co2e_t == pytest.approx(ents["E1"].co2e_t + ents["E2"].co2e_t)
    assert [e.co2e_t for e in park.enterprises] == sorted(
        (e.co2e_t for e in park.enterprises), reverse=True)
    assert math.fsum(c.co2e_t for c in region.children) == pytest.approx(
        math.fsum(e.co2e_t for e in ents.values()))
    for summary in (*ents.values(), park):
        share = summary.green_power_share
        assert share is None or 0.0 <= share <= 1.0
