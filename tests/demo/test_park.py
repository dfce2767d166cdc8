"""The demonstration park: determinism, catalogue codes, structure and hand-checked magnitudes.

Every magnitude bound below is worked out by hand from the public statistic named beside it, not
taken from the generator's output.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from decimal import Decimal
from importlib.resources import files

import pytest

from greenmfg.demo import ACTIVITY_COLUMNS, ORGANISATION_COLUMNS, DemoPark, generate_park

GJ_PER_TCE = 29.3076  # GB/T 2589-2020: 1 kgce = 29 307.6 kJ
ENTERPRISES = ("CEM01", "ALU01", "STL01", "MCH01", "PV01", "CHM01")


@pytest.fixture(scope="module")
def park() -> DemoPark:
    return generate_park()


def _items_catalogue() -> dict[str, dict[str, str]]:
    text = files("greenmfg.refdata").joinpath("data").joinpath("items.csv").read_text("utf-8")
    return {row["code"]: row for row in csv.DictReader(io.StringIO(text))}


def _annual(park: DemoPark, org: str, item: str, year: int, unit: str) -> float:
    """Sum of an item's quantities over a year, checking every row uses ``unit``."""
    total = 0.0
    for row in park.activity:
        if row["org_code"] == org and row["item"] == item and row["period"][:4] == str(year):
            assert row["unit"] == unit, row
            total += float(row["quantity"])
    return total


def _site_annual(park: DemoPark, site: str, item: str, year: int) -> float:
    return sum(float(r["quantity"]) for r in park.activity
               if r["site"] == site and r["item"] == item and r["period"][:4] == str(year))


# --- determinism and interface -----------------------------------------------------------------

def test_same_seed_gives_identical_park() -> None:
    assert generate_park(seed=7) == generate_park(seed=7)


def test_different_seed_gives_different_activity() -> None:
    first, second = generate_park(seed=7), generate_park(seed=8)
    assert first.organisations == second.organisations
    assert first.activity != second.activity


def test_columns_are_exact_and_every_cell_is_a_string(park: DemoPark) -> None:
    for row in park.organisations:
        assert tuple(row) == ORGANISATION_COLUMNS
        assert all(isinstance(value, str) for value in row.values())
    for row in park.activity:
        assert tuple(row) == ACTIVITY_COLUMNS
        assert all(isinstance(value, str) for value in row.values())


def test_quantities_are_plain_non_negative_decimals_with_three_places(park: DemoPark) -> None:
    for row in park.activity:
        assert re.fullmatch(r"\d+\.\d{3}", row["quantity"]), row
        assert Decimal(row["quantity"]) > 0


def test_periods_are_months_or_years_of_the_requested_years() -> None:
    park = generate_park(seed=3, years=(2023,))
    periods = {row["period"] for row in park.activity}
    assert periods == {f"2023-{m:02d}" for m in range(1, 13)} | {"2023"}


@pytest.mark.parametrize("years", [(), (2024, 2024), (1800,), (True,)])
def test_bad_years_are_rejected(years: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="year"):
        generate_park(years=years)


# --- catalogue and organisation tree -----------------------------------------------------------

def test_every_item_code_exists_in_the_catalogue(park: DemoPark) -> None:
    catalogue = _items_catalogue()
    used = {row["item"] for row in park.activity}
    assert used <= set(catalogue), used - set(catalogue)


def test_units_are_the_ones_the_ingest_labels_expect(park: DemoPark) -> None:
    allowed = {"t", "万Nm3", "MWh", "万kWh", "GJ", "kg", "台", "MW", "万元", "%", "min"}
    assert {row["unit"] for row in park.activity} <= allowed
    elec_units = {row["org_code"]: row["unit"] for row in park.activity
                  if row["item"] == "electricity_purchased"}
    assert set(elec_units.values()) == {"万kWh", "MWh"}  # both unit styles appear


def test_organisation_tree(park: DemoPark) -> None:
    orgs = {row["code"]: row for row in park.organisations}
    assert len(orgs) == len(park.organisations)
    assert orgs["150000"]["kind"] == "region" and orgs["150000"]["parent_code"] == ""
    assert orgs["150200"]["parent_code"] == "150000"
    parks = [o for o in orgs.values() if o["kind"] == "park"]
    assert len(parks) == 1 and parks[0]["parent_code"] == "150200"
    enterprises = {c for c, o in orgs.items() if o["kind"] == "enterprise"}
    assert enterprises == set(ENTERPRISES)
    for code in enterprises:
        assert orgs[code]["parent_code"] == parks[0]["code"]
        assert orgs[code]["region_code"] == "150200"
        assert re.fullmatch(r"C\d{4}", orgs[code]["industry_code"])
    sites = {c: o for c, o in orgs.items() if o["kind"] == "site"}
    per_enterprise: defaultdict[str, int] = defaultdict(int)
    for site in sites.values():
        per_enterprise[site["parent_code"]] += 1
    assert set(per_enterprise) == enterprises and set(per_enterprise.values()) <= {1, 2}
    for row in park.activity:
        assert row["org_code"] in enterprises
        assert sites[row["site"]]["parent_code"] == row["org_code"]


def test_each_enterprise_has_24_months_of_electricity(park: DemoPark) -> None:
    for org in ENTERPRISES:
        months = {row["period"] for row in park.activity
                  if row["org_code"] == org and row["item"] == "electricity_purchased"}
        assert len(months) == 24, org
        assert all(re.fullmatch(r"202[45]-\d{2}", month) for month in months)


def test_cement_coal_rows_carry_measured_parameters(park: DemoPark) -> None:
    rows = [r for r in park.activity if r["org_code"] == "CEM01" and r["item"] == "bituminous_coal"]
    assert rows
    for row in rows:
        assert 21.0 <= float(row["ncv"]) <= 23.0 and row["ncv_unit"] == "GJ/t"
        assert 0.0255 <= float(row["carbon_content"]) <= 0.0265
        assert row["carbon_content_unit"] == "tC/GJ"
        assert row["data_quality"] == "measured" and row["evidence"].startswith("化验单 LAB-")
    styles = {row["oxidation_rate"].endswith("%") for row in rows}
    assert styles == {True, False}  # both "0.98" and "98%" forms occur


def test_steel_heat_export_matches_machinery_heat_purchase(park: DemoPark) -> None:
    exported = {r["period"]: r["quantity"] for r in park.activity if r["item"] == "heat_exported"}
    bought = {r["period"]: r["quantity"] for r in park.activity if r["item"] == "heat_purchased"}
    assert exported == bought and len(exported) >= 10


# --- magnitudes worked out from the cited statistics -------------------------------------------

@pytest.mark.parametrize("year", [2024, 2025])
def test_smelter_electricity_per_tonne_of_aluminium(park: DemoPark, year: int) -> None:
    # GB 21346-2022: AC power of the aluminium liquid L1 12,950 kWh/t; ingot comprehensive AC
    # power L3 13,750 kWh/t. A smelter's total purchased power per t must lie near that band;
    # 12,900-14,500 kWh/t allows for casthouse and auxiliary loads.
    mwh = _annual(park, "ALU01", "electricity_purchased", year, "MWh")
    aluminium_t = _annual(park, "ALU01", "primary_aluminium", year, "t")
    assert 350_000 < aluminium_t < 450_000  # ~400 kt/yr smelter
    assert 12_900 < mwh * 1000 / aluminium_t < 14_500


@pytest.mark.parametrize("year", [2024, 2025])
def test_smelter_anode_and_pfc_near_ets_defaults(park: DemoPark, year: int) -> None:
    # ETS aluminium defaults: net anode 0.411 t/t; CF4 0.034 kg/t; C2F6 = 0.1 × CF4.
    aluminium_t = _annual(park, "ALU01", "primary_aluminium", year, "t")
    anode = _annual(park, "ALU01", "carbon_anode", year, "t") / aluminium_t
    cf4 = _annual(park, "ALU01", "cf4_release", year, "kg") / aluminium_t
    c2f6 = _annual(park, "ALU01", "c2f6_release", year, "kg") / aluminium_t
    assert 0.38 < anode < 0.44
    assert 0.015 < cf4 < 0.06
    assert c2f6 == pytest.approx(0.1 * cf4, rel=0.01)


def _cement_coal_kgce_per_t(park: DemoPark, year: int) -> float:
    coal_gj = sum(float(r["quantity"]) * float(r["ncv"]) for r in park.activity
                  if r["org_code"] == "CEM01" and r["item"] == "bituminous_coal"
                  and r["period"][:4] == str(year))
    return coal_gj / GJ_PER_TCE * 1000 / _annual(park, "CEM01", "clinker", year, "t")


@pytest.mark.parametrize("year", [2024, 2025])
def test_cement_coal_energy_per_tonne_of_clinker(park: DemoPark, year: int) -> None:
    # NDRC 发改产业〔2023〕723号 clinker benchmark 100 / baseline 117 kgce/t (comprehensive);
    # GB 16780-2021 coal part 94 / 100 / 109 kgce/t. Coal energy = Σ t × NCV (GJ/t) / 29.3076.
    assert 1_300_000 < _annual(park, "CEM01", "clinker", year, "t") < 1_700_000  # ~1.5 Mt/yr
    kgce_per_t = _cement_coal_kgce_per_t(park, year)
    assert 90 < kgce_per_t < 130
    assert 94 <= kgce_per_t <= 109  # inside the GB 16780-2021 L1-L3 band


@pytest.mark.parametrize("year", [2024, 2025])
def test_cement_carbonate_power_and_clinker_factor(park: DemoPark, year: int) -> None:
    clinker_t = _annual(park, "CEM01", "clinker", year, "t")
    # 0.535 tCO2/t clinker ÷ 0.4397 tCO2/t CaCO3 = 1.2167 t CaCO3 per t clinker.
    limestone_t = _annual(park, "CEM01", "limestone", year, "t")
    assert limestone_t / clinker_t == pytest.approx(0.535 / 0.4397, rel=0.01)
    # GB 16780-2021 clinker comprehensive power 48 / 57 / 61 kWh/t.
    kiln_kwh = _site_annual(park, "CEM01-KILN", "electricity_purchased", year) * 1e4
    assert 48 <= kiln_kwh / clinker_t <= 61
    # Clinker-to-cement ratio of Chinese common cements ~0.6-0.75.
    cement_t = _annual(park, "CEM01", "cement", year, "t")
    assert 0.60 < clinker_t / cement_t < 0.75


def _steel_kgce_per_t(park: DemoPark, year: int) -> float:
    # Coefficients: coke 0.9714 kgce/kg, diesel 1.4571 kgce/kg (China Energy Statistical
    # Yearbook); anthracite 26.7 GJ/t, washed coal 26.334 GJ/t and natural gas 389.31 GJ/10^4 Nm3
    # (GB/T 32150 defaults); electricity 0.1229 kgce/kWh and heat 1/29.3076 tce/GJ (GB/T 2589).
    tce = (
        _annual(park, "STL01", "coke", year, "t") * 0.9714
        + _annual(park, "STL01", "anthracite", year, "t") * 26.7 / GJ_PER_TCE
        + _annual(park, "STL01", "washed_coal", year, "t") * 26.334 / GJ_PER_TCE
        + _annual(park, "STL01", "natural_gas", year, "万Nm3") * 389.31 / GJ_PER_TCE
        + _annual(park, "STL01", "diesel", year, "t") * 1.4571
        + _annual(park, "STL01", "electricity_purchased", year, "MWh") * 0.1229
        - _annual(park, "STL01", "electricity_exported", year, "MWh") * 0.1229
        - _annual(park, "STL01", "heat_exported", year, "GJ") / GJ_PER_TCE
    )
    return tce * 1000 / _annual(park, "STL01", "crude_steel", year, "t")


@pytest.mark.parametrize("year", [2024, 2025])
def test_steel_energy_per_tonne_of_crude_steel(park: DemoPark, year: int) -> None:
    # CISA key enterprises 2024: 549.68 kgce per t crude steel; allow ±10 % (495-605).
    assert 2_700_000 < _annual(park, "STL01", "crude_steel", year, "t") < 3_300_000
    assert 495 < _steel_kgce_per_t(park, year) < 605
    pig_iron = _annual(park, "STL01", "pig_iron", year, "t")
    assert 0.85 < pig_iron / _annual(park, "STL01", "crude_steel", year, "t") < 0.95


@pytest.mark.parametrize("year", [2024, 2025])
def test_methanol_energy_per_tonne(park: DemoPark, year: int) -> None:
    # GB 29436-2023 bituminous-coal methanol: level 2 1400, level 3 1800 kgce/t. The plant is
    # sized between them: per t, 1.40 t feed coal + 0.55 t boiler coal at 0.7143 kgce/kg and
    # 0.3 MWh × 122.9 kgce/MWh = 1 429.7 kgce/t in 2024, 1 % less a year.
    methanol = _annual(park, "CHM01", "methanol", year, "t")
    coal = (_annual(park, "CHM01", "feedstock_bituminous_coal", year, "t")
            + _annual(park, "CHM01", "bituminous_coal", year, "t"))
    power = _annual(park, "CHM01", "electricity_purchased", year, "MWh")
    kgce_per_t = (coal * 714.3 + power * 122.9) / methanol
    assert 180_000 < methanol < 220_000
    assert 1_400 < kgce_per_t < 1_460


@pytest.mark.parametrize("year", [2024, 2025])
def test_green_instruments_cover_part_of_consumption(park: DemoPark, year: int) -> None:
    pv_mwh = _annual(park, "PV01", "electricity_purchased", year, "MWh")
    certificates = _annual(park, "PV01", "green_certificate", year, "MWh")
    assert 0 < certificates < pv_mwh
    module_mw = _annual(park, "PV01", "pv_module", year, "MW")
    assert 2_000 < module_mw < 5_000  # 2-5 GW/yr
    assert 15 < pv_mwh / module_mw < 40
    machinery_mwh = _annual(park, "MCH01", "electricity_purchased", year, "万kWh") * 10
    contract = _annual(park, "MCH01", "green_power_contract", year, "MWh")
    assert 0 < contract < machinery_mwh
    assert 1_000 < _annual(park, "MCH01", "machinery", year, "台") < 10_000


def test_2025_improves_on_2024(park: DemoPark) -> None:
    def ratio(org: str, num: str, num_unit: str, den: str, den_unit: str, year: int) -> float:
        return _annual(park, org, num, year, num_unit) / _annual(park, org, den, year, den_unit)

    for args in (
        ("ALU01", "electricity_purchased", "MWh", "primary_aluminium", "t"),
        ("PV01", "electricity_purchased", "MWh", "pv_module", "MW"),
        ("MCH01", "electricity_purchased", "万kWh", "machinery", "台"),
    ):
        assert ratio(*args, 2025) < ratio(*args, 2024), args
    assert _cement_coal_kgce_per_t(park, 2025) < _cement_coal_kgce_per_t(park, 2024)
    assert _steel_kgce_per_t(park, 2025) < _steel_kgce_per_t(park, 2024)
    for args in (
        ("PV01", "green_certificate", "MWh", "electricity_purchased", "MWh"),
        ("MCH01", "green_power_contract", "MWh", "electricity_purchased", "万kWh"),
    ):
        assert ratio(*args, 2025) > ratio(*args, 2024), args
