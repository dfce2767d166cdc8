"""The offline park summary: content, escaping, language sets, no network address, file output."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from greenmfg.model.results import (
    EnergyLine,
    Intensity,
    Inventory,
    InventoryOptions,
    Lineage,
    MarketBasedScope2,
)
from greenmfg.report.summary import (
    build_summary_context,
    render_park_summary,
    write_park_summary,
)


def _energy(result_id: str, item: str, zh: str, en: str, tce: float) -> EnergyLine:
    return EnergyLine(
        result_id=result_id, item=item, item_name_zh=zh, item_name_en=en, quantity=1.0,
        unit="t", tce_calorific=tce, tce_coal_equivalent=tce, formula_filled="",
        factors=(), input_record_ids=(),
    )


def _inventory(
    org: str,
    org_name: str,
    year: int,
    *,
    scope1: float,
    scope2_location: float,
    scope2_market: float,
    by_category: dict[str, float],
    energy: tuple[EnergyLine, ...],
    intensities: tuple[Intensity, ...] = (),
) -> Inventory:
    result_id = f"inv-{org}-{year}"
    # By month: the year's total spread evenly over twelve months.
    total = sum(by_category.values())
    by_month = {f"{year}-{m:02d}": total / 12 for m in range(1, 13)}
    return Inventory(
        org=org,
        org_name=org_name,
        year=year,
        method="gbt32150",
        co2e_t=total,
        scope1_co2e_t=scope1,
        scope2_location_co2e_t=scope2_location,
        scope2_market_co2e_t=scope2_market,
        energy_tce_calorific=sum(e.tce_calorific for e in energy),
        energy_tce_coal_equivalent=sum(e.tce_coal_equivalent for e in energy),
        by_category=by_category,
        by_gas={"CO2": total},
        by_site={},
        by_source=(),
        by_month=by_month,
        lines=(),
        energy=energy,
        intensities=intensities,
        market_based=MarketBasedScope2(
            consumed_mwh=1000.0, instruments_mwh=400.0, covered_mwh=400.0,
            unused_instruments_mwh=0.0, uncovered_mwh=600.0,
            electricity_co2e_t=scope2_market, heat_co2e_t=0.0, co2e_t=scope2_market,
            factor=None, instrument_record_ids=(),
        ),
        lineage=Lineage(
            result_id=result_id, method="gbt32150", method_version="2015",
            options=InventoryOptions(), input_record_ids=(), factors=(), notes=(),
            greenmfg_version="0.1.0",
        ),
    )


@pytest.fixture()
def inventories() -> list[Inventory]:
    # Cement: 1,000,000.0 fuel + 535,000.0 process + 80,000.0 electricity = 1,615,000.0 tCO2e.
    cement = _inventory(
        "CEM01", "示范水泥 <Cement> & Co", 2024,
        scope1=1_535_000.0, scope2_location=80_000.0, scope2_market=85_000.0,
        by_category={"fuel_combustion": 1_000_000.0, "process": 535_000.0,
                     "purchased_electricity": 80_000.0},
        energy=(_energy("e1", "bituminous_coal", "烟煤", "bituminous coal", 145_000.0),
                _energy("e2", "electricity_purchased", "购入电力", "purchased electricity",
                        17_500.25)),
        intensities=(Intensity(numerator="co2e_t", denominator="clinker",
                               denominator_quantity=1_500_000.0, denominator_unit="t",
                               value=1.0767, unit="tCO2e/t"),),
    )
    # PV plant: 12,345.6 electricity + 234.5 fuel - 0.1 exported heat = 12,580.0 tCO2e.
    pv = _inventory(
        "PV01", "示范光伏", 2024,
        scope1=234.5, scope2_location=12_345.5, scope2_market=7_000.25,
        by_category={"fuel_combustion": 234.5, "purchased_electricity": 12_345.6,
                     "exported_heat": -0.1},
        energy=(_energy("e3", "electricity_purchased", "购入电力", "purchased electricity",
                        10_000.0),),
    )
    return [cement, pv]


def test_page_shows_org_names_escaped_and_totals(inventories: list[Inventory]) -> None:
    html = render_park_summary("示范园区", "Demo park", inventories)
    assert "示范光伏" in html
    assert "示范水泥 &lt;Cement&gt; &amp; Co" in html
    assert "<Cement>" not in html  # escaped in the table and in the embedded JSON
    for text in ("1,615,000.0", "1,535,000.0", "80,000.0", "85,000.0", "162,500.2",
                 "12,580.0", "234.5", "12,345.5", "7,000.2", "10,000.0"):
        assert text in html, text
    # Park total for 2024: 1,615,000.0 + 12,580.0 = 1,627,580.0 tCO2e.
    assert "1,627,580.0" in html
    assert "1.077 tCO2e/t (clinker)" in html  # 3 decimals between 1 and 100


def test_page_loads_echarts_by_relative_path_and_names_no_network_address(
    inventories: list[Inventory],
) -> None:
    html = render_park_summary("示范园区", "Demo park", inventories)
    assert '<script src="assets/echarts.min.js"></script>' in html
    assert "http" not in html.lower()
    links = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert links == ["assets/echarts.min.js"]


def test_both_label_sets_are_embedded_and_lang_picks_the_first(
    inventories: list[Inventory],
) -> None:
    html = render_park_summary("示范园区", "Demo park", inventories, lang="en")
    assert '<html lang="en">' in html
    assert "<title>Demo park</title>" in html
    match = re.search(r'<script type="application/json" id="summary-data">(.*?)</script>',
                      html, flags=re.S)
    assert match is not None
    data = json.loads(match.group(1))
    assert data["lang"] == "en"
    assert data["labels"]["zh-CN"]["scope1"] == "范围一（直接排放）"
    assert data["labels"]["en"]["scope1"] == "Scope 1 (direct)"
    assert set(data["options"]) == {"zh-CN", "en"}
    assert data["chart_ids"] == ["category-2024", "monthly", "energy"]
    zh = render_park_summary("示范园区", "Demo park", inventories)
    assert '<html lang="zh-CN">' in zh and "<title>示范园区</title>" in zh


def test_chart_options_carry_the_inventory_figures(inventories: list[Inventory]) -> None:
    context = build_summary_context("示范园区", "Demo park", inventories, lang="en")
    bar = context["script_data"]["options"]["en"]["category-2024"]
    assert bar["xAxis"]["data"] == ["示范水泥 <Cement> & Co", "示范光伏"]
    stacks = {series["name"]: series["data"] for series in bar["series"]}
    assert stacks["Industrial process"] == [535_000.0, 0.0]
    assert stacks["Exported heat"] == [0.0, -0.1]
    monthly = context["script_data"]["options"]["en"]["monthly"]
    assert len(monthly["xAxis"]["data"]) == 12
    # 1,615,000 / 12 = 134,583.333 tCO2e a month.
    assert monthly["series"][0]["data"][0] == pytest.approx(134_583.333)
    energy = context["script_data"]["options"]["zh-CN"]["energy"]
    carriers = {series["name"]: series["data"] for series in energy["series"]}
    assert carriers == {"烟煤": [145_000.0, 0.0], "购入电力": [17_500.25, 10_000.0]}


def test_unknown_language_is_rejected(inventories: list[Inventory]) -> None:
    with pytest.raises(ValueError, match="zh-CN"):
        render_park_summary("示范园区", "Demo park", inventories, lang="fr")


def test_write_creates_page_and_vendored_script(
    tmp_path: Path, inventories: list[Inventory],
) -> None:
    out = tmp_path / "summary"
    index = write_park_summary(out, "示范园区", "Demo park", inventories)
    assert index == out / "index.html"
    script = out / "assets" / "echarts.min.js"
    vendored = files("greenmfg.report").joinpath("static").joinpath("echarts.min.js")
    assert script.read_bytes() == vendored.read_bytes()
    assert (out / "assets" / "ECHARTS-LICENSE.txt").is_file()
    assert (out / "assets" / "ECHARTS-NOTICE.txt").is_file()
    assert "http" not in index.read_text(encoding="utf-8").lower()
    # Writing again replaces the files and leaves no temporary file behind.
    write_park_summary(out, "示范园区", "Demo park", inventories, lang="en")
    assert '<html lang="en">' in index.read_text(encoding="utf-8")
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
