"""``greenmfg footprint product``: table, JSON and offline HTML reports in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from greenmfg.report.pcf import REPORT_ITEMS
from tests.cli.conftest import cli

ARGS = ("footprint", "product", "--org", "PV01", "--year", "2025", "--product", "pv_module")


def test_json_report_holds_the_iso_14067_items(demo_ws: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, demo_ws, *ARGS, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["standard"] == "ISO 14067:2018; GB/T 24067-2024"
    assert [i["item"] for i in data["report_items"]] == [key for key, *_ in REPORT_ITEMS]
    study = data["study"]
    for key in ("declared_unit", "boundary", "stages_included", "stages_excluded", "allocation",
                "cut_off", "gaps", "dqi", "dqr", "by_stage", "fossil_kgco2e",
                "biogenic_emission_kgco2e", "biogenic_removal_kgco2e", "gwp_by_gas", "lineage"):
        assert key in study, key
    assert study["boundary"] == "cradle-to-gate"
    assert study["stages_excluded"] == ["distribution", "use", "end_of_life"]
    # CFP = fossil + biogenic emissions + removals, and the stages add up to it
    assert study["cfp_kgco2e"] == pytest.approx(
        study["fossil_kgco2e"] + study["biogenic_emission_kgco2e"]
        + study["biogenic_removal_kgco2e"])
    assert sum(study["by_stage"].values()) == pytest.approx(study["cfp_kgco2e"])
    assert study["lineage"]["databases"] == {"greenmfg-default": study["lineage"]["databases"][
        "greenmfg-default"]}


@pytest.mark.parametrize(("lang", "words"), [
    ("zh-CN", ("产品碳足迹研究报告", "声明单位", "系统边界", "分配", "取舍准则", "数据质量",
               "生物源二氧化碳清除", "数据缺口")),
    ("en", ("Product carbon footprint study report", "Declared unit", "System boundary",
            "Allocation", "Cut-off", "Data quality", "Biogenic CO2 removals", "Data gaps")),
])
def test_html_report_is_offline_and_in_each_language(
        demo_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str,
        words: tuple[str, ...]) -> None:
    target = tmp_path / lang / "pv.html"
    code = cli(capsys, demo_ws, "--lang", lang, *ARGS, "--format", "html", "--out",
               str(target))[0]
    assert code == 0
    page = target.read_text(encoding="utf-8")
    for word in words:
        assert word in page, word
    assert f'<html lang="{lang}">' in page
    assert "<script" not in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)


def test_table_and_bad_options(demo_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, demo_ws, *ARGS)
    assert code == 0
    assert "kg CO2e per 1 MW" in out and "solar_cell" in out and "data gap" in out
    code, _, err = cli(capsys, demo_ws, *ARGS, "--price", "pv_module")
    assert code == 2 and "ITEM=NUMBER" in err
    code, _, err = cli(capsys, demo_ws, "footprint", "product", "--org", "STL01", "--year",
                       "2025", "--product", "crude_steel")
    assert code == 2 and "choose an allocation" in err
