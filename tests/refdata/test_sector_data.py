"""The packaged sector parameters and ETS rules carry the reference values and their flags."""

from __future__ import annotations

import pytest

from greenmfg.errors import FactorNotFound
from greenmfg.refdata import ItemCategory, ReferenceData
from greenmfg.refdata.sectors import (
    allocation_rule,
    ccer_offset_limit,
    covered_share,
    ets_grid_factor,
    sector_factor,
    sector_factor_kind,
)


def test_cement_factors(refdata: ReferenceData) -> None:
    # ets_sector_params.csv: 0.535 / 0.550 / 0.413 / 0.292 tCO2/t clinker
    expected = {"clinker_portland": 0.535, "clinker_white": 0.550,
                "clinker_sulphoaluminate": 0.413, "clinker_aluminate": 0.292}
    for code, value in expected.items():
        use = sector_factor(refdata, code)
        assert (use.value, use.unit, use.verification, use.edition) == (
            value, "tCO2/t", "R", "cets-ag-02.01-2024")
    deductions = [r for r in refdata.datasets["sector_factors"].rows if r["kind"] == "deduction"]
    assert len(deductions) == 30
    values = {r["name_zh"]: float(r["value"]) for r in deductions}
    assert (values["熟石灰"], values["电石渣"], values["脱硫石膏"], values["钢渣"],
            values["锰渣"], values["粉煤灰"]) == (0.6, 0.48, 0.245, 0.215, 0.135, 0.055)


def test_every_deduction_material_is_a_catalogue_item(refdata: ReferenceData) -> None:
    items = {i.factor_code: i for i in refdata.items.values() if i.factor_code}
    for row in refdata.datasets["sector_factors"].rows:
        if row["kind"] in ("deduction", "clinker_ef"):
            item = items[row["factor_code"]]
            assert item.category in (ItemCategory.MATERIAL, ItemCategory.PRODUCT)
            assert sector_factor_kind(refdata, item.factor_code) == row["kind"]


def test_aluminium_parameters(refdata: ReferenceData) -> None:
    # NC 0.411 t/t, S 2 % → 0.02, ash 0.4 % → 0.004, slope 0.143, ratio 0.1, 0.034 / 0.0034 kg/t
    expected = {"anode_net_consumption_default": 0.411, "anode_sulphur_default": 0.02,
                "anode_ash_default": 0.004, "cf4_slope_default": 0.143, "c2f6_cf4_ratio": 0.1,
                "cf4_default": 0.034, "c2f6_default": 0.0034}
    for code, value in expected.items():
        assert sector_factor(refdata, code).value == value, code
    assert (float(refdata.gwp("CF4", "AR5")["value"]), float(refdata.gwp("C2F6", "AR5")["value"])
            ) == (6630.0, 11100.0)


def test_ets_rules_and_flags(refdata: ReferenceData) -> None:
    for sector in ("cement", "aluminium"):
        assert allocation_rule(refdata, sector, 2024)["rule"] == "verified_emissions"
        rule_2025 = allocation_rule(refdata, sector, 2025)
        assert rule_2025["rule"] == "intensity" and rule_2025["value"] == ""
        assert rule_2025["verification"] == "U"
        assert covered_share(refdata, sector).verification == "U"
        with pytest.raises(FactorNotFound):
            allocation_rule(refdata, sector, 2023)
    ccer = ccer_offset_limit(refdata)
    assert (ccer.value, ccer.verification) == (0.05, "V")
    assert "应清缴碳排放配额的5%" in ccer.document + next(
        r["source"] for r in refdata.datasets["ets_allocation"].rows
        if r["rule"] == "ccer_offset_limit")


def test_ets_grid_default_by_reporting_year(refdata: ReferenceData) -> None:
    assert ets_grid_factor(refdata, 2024).value == 0.5703
    assert ets_grid_factor(refdata, 2022).value == 0.581
    later = ets_grid_factor(refdata, 2027)
    assert later.value == 0.5703 and "latest" in later.note
    with pytest.raises(FactorNotFound):
        ets_grid_factor(refdata, 2015)
