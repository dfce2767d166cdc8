"""The packaged default database: hand calculations, consistency with the packaged reference
data, licence and verification flags."""

from __future__ import annotations

import csv
import uuid
from importlib import resources

import pytest

from greenmfg.footprint import (
    FactorisationCache,
    assess_footprint,
    build_product_system,
    default_database,
    default_manifest,
)
from greenmfg.footprint.defaults import default_flow_list, default_id
from greenmfg.refdata import ReferenceData

FLAGS = {"V", "R", "R-weak", "U"}


def rows(name: str) -> list[dict[str, str]]:
    text = resources.files("greenmfg.footprint.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def footprint(product: str, method: str, amount: float = 1.0) -> float:
    db = default_database()
    system = build_product_system(db)
    return assess_footprint(system, db, product, amount, method,
                            cache=FactorisationCache()).score


def test_one_kwh_of_chinese_grid_electricity() -> None:
    """source: MEE/NBS/NEA notice on the 2024 electricity carbon-footprint factors: 0.5777
    kgCO2e/kWh, so 1 kWh → 0.5777 kg CO2e under AR6 GWP100 (the factor is already CO2e)."""
    assert footprint("cn-grid-electricity-2024", "ar6-gwp100") == pytest.approx(0.5777, rel=1e-12)
    assert footprint("cn-grid-electricity-2024", "IPCC AR6 GWP100", 1000.0) == \
        pytest.approx(577.7, rel=1e-12)


def test_grid_electricity_has_no_gwp20_and_says_so() -> None:
    db = default_database()
    result = assess_footprint(build_product_system(db), db, "cn-grid-electricity-2024", 1.0,
                              "ar6-gwp20", cache=FactorisationCache())
    assert result.score == 0.0
    [flow] = result.uncharacterised
    assert flow.name.startswith("Greenhouse gases, as CO2-equivalent")
    assert (flow.amount, flow.unit) == (pytest.approx(0.5777), "kg CO2e")


def test_fuel_processes_recompute_from_the_packaged_fuel_defaults(refdata: ReferenceData) -> None:
    """source: E = NCV × CC × OF × 44/12 (GB/T 32150-2015, formula for fuel combustion) with the
    gbt32150-2015 rows of refdata fuels.csv, per Nm3 (NCV per 10^4 Nm3) or per kg (NCV per t):
    natural gas 389.31/10^4 × 15.3 × 0.99 × 44/12 = 2.162188809 kg CO2/Nm3, etc."""
    fuels = {r["fuel_code"]: r for r in refdata.datasets["fuels"].rows
             if r["edition"] == "gbt32150-2015"}

    def direct(code: str, per: float) -> float:
        row = fuels[code]
        return (float(row["ncv_gj_per_unit"]) / per * float(row["carbon_content_tc_per_tj"])
                * float(row["oxidation_rate"]) * 44 / 12)

    expected = {
        "natural-gas-combustion-gbt32150": direct("natural_gas", 1e4),
        "bituminous-coal-combustion-gbt32150": direct("bituminous_coal", 1e3),
        "diesel-combustion-gbt32150": direct("diesel", 1e3),
        "purchased-heat-default": float(refdata.datasets["heat_co2"].rows[0]
                                        ["value_tco2_per_gj"]) * 1000,
    }
    assert expected["natural-gas-combustion-gbt32150"] == pytest.approx(2.162188809, rel=1e-12)
    assert expected["bituminous-coal-combustion-gbt32150"] == pytest.approx(1.74174957, rel=1e-12)
    assert expected["diesel-combustion-gbt32150"] == pytest.approx(3.0959096373333, rel=1e-12)
    assert expected["purchased-heat-default"] == pytest.approx(110.0, rel=1e-12)
    for code, value in expected.items():
        assert footprint(code, "ar6-gwp100") == pytest.approx(value, rel=1e-12), code
        assert footprint(code, "ar6-gwp20") == pytest.approx(value, rel=1e-12), code


def test_gwp100_factors_are_the_packaged_ar6_gwps(refdata: ReferenceData) -> None:
    gwp = {r["gas"]: float(r["value"]) for r in refdata.datasets["gwp"].rows
           if r["edition"] == "ipcc-ar6"}
    gas = {r["code"]: r["gas"] for r in rows("flows.csv") if r["gas"]}
    factors = {r["flow_code"]: float(r["value"]) for r in rows("factors.csv")
               if r["method_code"] == "ar6-gwp100"}
    for code, name in gas.items():
        sign = -1.0 if code == "co2-uptake" else 1.0
        assert factors[code] == sign * gwp[name], code
    # every gas of gwp.csv has an elementary flow
    assert set(gwp) <= set(gas.values())


def test_gwp20_covers_every_gas_and_differs_where_lifetimes_are_short() -> None:
    factors = {r["flow_code"]: float(r["value"]) for r in rows("factors.csv")
               if r["method_code"] == "ar6-gwp20"}
    gases = {r["code"] for r in rows("flows.csv") if r["gas"]}
    assert set(factors) == gases
    assert factors["ch4-fossil"] == 82.5 and factors["ch4-non-fossil"] == 79.7
    assert factors["n2o"] == 273.0  # same as GWP100 in AR6


def test_every_row_is_sourced_and_flagged() -> None:
    for name in ("flows.csv", "flow_aliases.csv", "methods.csv", "factors.csv",
                 "processes.csv", "exchanges.csv"):
        for row in rows(name):
            assert row["verification"] in FLAGS, (name, row)
    for row in rows("exchanges.csv"):
        assert row["is_reference"] == "true" or row["source"], row
    for row in rows("factors.csv"):
        assert row["source"], row


def test_manifest_says_licence_and_why() -> None:
    manifest = default_manifest()
    assert manifest.database.licence == "CC-BY-4.0"
    assert "Art. 5" in manifest.database.why_redistributable
    files = {d.file for d in manifest.datasets}
    assert files == {"flows.csv", "flow_aliases.csv", "methods.csv", "factors.csv",
                     "processes.csv", "exchanges.csv", "links.csv"}
    for dataset in manifest.datasets:
        assert all(e.verification in FLAGS for e in dataset.editions)
    gwp20 = next(e for d in manifest.datasets for e in d.editions if e.edition == "ipcc-ar6-gwp20")
    assert gwp20.verification == "U"  # weakest row flag, honestly


def test_ids_follow_the_manifest_rule() -> None:
    namespace = uuid.UUID(default_manifest().database.id_namespace)
    db = default_database()
    for row in db.processes.to_pylist():
        assert row["process_id"] == str(uuid.uuid5(namespace, f"process:{row['code']}"))
    assert default_id("method", "ar6-gwp100") in db.methods.column("method_id").to_pylist()


def test_flow_list_holds_the_ghgs_with_cas_numbers() -> None:
    flows = {f.code: f for f in default_flow_list().flows}
    assert flows["sf6"].cas == "2551-62-4" and flows["nf3"].cas == "7783-54-2"
    assert flows["co2-uptake"].compartment == "natural resource"
    assert {f.unit for f in flows.values()} == {"kg", "kg CO2e"}


def test_default_database_is_built_once() -> None:
    assert default_database() is default_database()
    assert default_database().content_hash == default_database().content_hash
