"""The packaged reference data is complete, sourced and consistent with the catalogue."""

from __future__ import annotations

import pytest

from greenmfg.errors import FactorNotFound, OptionError
from greenmfg.refdata import ItemCategory, ReferenceData

FLAGS = {"V", "R", "R-weak", "U"}


def test_every_row_has_source_edition_and_flag(refdata: ReferenceData) -> None:
    for dataset in refdata.datasets.values():
        editions = {e.edition for e in dataset.editions}
        assert dataset.licence, dataset.id
        ids = [r["factor_id"] for r in dataset.rows]
        assert len(ids) == len(set(ids)), dataset.id
        for row in dataset.rows:
            assert row["edition"] in editions, (dataset.id, row["factor_id"])
            assert row["verification"] in FLAGS, (dataset.id, row["factor_id"])
            assert row["source"].strip(), (dataset.id, row["factor_id"])


# Alternative (waste) fuels have no packaged defaults: their NCV, carbon content and oxidation
# rate must be measured (ingest refuses a row without them).
MEASURED_ONLY_FUELS = {"waste_oil", "waste_tyres", "waste_plastics", "waste_solvents",
                       "waste_leather", "waste_frp"}


def test_catalogue_items_resolve_to_reference_rows(refdata: ReferenceData) -> None:
    for item in refdata.items.values():
        if item.category is ItemCategory.FUEL and item.code in MEASURED_ONLY_FUELS:
            assert not refdata.has_fuel_defaults(item.fuel_code), item.code
        elif item.category is ItemCategory.FUEL:
            row = refdata.fuel(item.fuel_code, "gbt32150-2015")
            assert row["activity_unit"] == item.canonical_unit, item.code
        if item.carrier_code:
            row, _ = refdata.coal_equivalent(item.carrier_code)
            assert float(row["kgce_per_unit"]) > 0, item.code
        if item.category is ItemCategory.CARBONATE:
            assert 0 < float(refdata.carbonate(item.factor_code)["value_tco2_per_t"]) < 1
        if item.gas:
            for gwp_set in ("AR4", "AR5", "AR6"):
                assert float(refdata.gwp(item.gas, gwp_set)["value"]) >= 1


def test_resolve_item_by_code_and_names(refdata: ReferenceData) -> None:
    for text in ("natural_gas", "天然气", "Natural Gas", " natural gas "):
        item = refdata.resolve_item(text)
        assert item is not None and item.code == "natural_gas"
    assert refdata.resolve_item("unobtainium") is None


def test_published_national_factors(refdata: ReferenceData) -> None:
    # MEE/NBS national averages: 2021 0.5568, 2022 0.5366, 2023 0.5306; residual mix 2021
    # 0.5942, 2022 0.5856 (DESIGN.md, reference grid_factors.csv)
    expected = {(2021, "average"): 0.5568, (2022, "average"): 0.5366,
                (2023, "average"): 0.5306, (2021, "residual_mix"): 0.5942,
                (2022, "residual_mix"): 0.5856}
    for (year, kind), value in expected.items():
        row, note = refdata.electricity_co2(year, level="national", region_code="CN",
                                            factor_type=kind)
        assert float(row["value_tco2_per_mwh"]) == value
        assert note == ""
    row, note = refdata.electricity_co2(2025, level="national", region_code="CN",
                                        factor_type="residual_mix")
    assert row["data_year"] == "2022" and "2022" in note


def test_unknown_options_and_missing_defaults(refdata: ReferenceData) -> None:
    with pytest.raises(OptionError):
        refdata.fuel("natural_gas", "nope-1999")
    with pytest.raises(OptionError):
        refdata.gwp("CH4", "AR9")
    with pytest.raises(FactorNotFound, match="measured"):
        refdata.fuel("lng", "ndrc-2013")
    with pytest.raises(FactorNotFound):
        refdata.electricity_co2(2010, level="national", region_code="CN", factor_type="average")
