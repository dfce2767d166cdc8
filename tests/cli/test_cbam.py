"""``greenmfg cbam`` on the demo park: numbers re-derived from the inventory, files, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from greenmfg.workspace import Workspace
from tests.cli.conftest import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
STEEL = EXAMPLES / "cbam-STL01.json"
CEMENT = EXAMPLES / "cbam-CEM01.json"
# MEE/NBS national average for 2023 (公告2025年第47号), the latest published for data year 2025
EF_2023 = 0.5306


def _run(capsys: pytest.CaptureFixture[str], ws: Path, *args: str) -> dict[str, Any]:
    code, out, err = cli(capsys, ws, "cbam", *args, "--format", "json")
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def _output(ws: Path, org: str, item: str) -> float:
    with Workspace(ws, actor="tester") as w:
        return sum(r.quantity_canonical for r in w.activity(org, 2025) if r.item == item)


def test_steel_mill_see_rederived_from_its_inventory(
        demo_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, demo_ws, "inventory", "--org", "STL01", "--year", "2025",
                       "--method", "steel-gbt32151.5-2015", "--format", "json")
    assert code == 0
    lines = json.loads(out)["lines"]

    def direct(site: str, *, skip: tuple[str, ...] = ()) -> float:
        return sum(x["co2e_t"] for x in lines if x["site"] == site and x["scope"] == "scope1"
                   and x["category"] in ("fuel_combustion", "process") and x["source"] not in skip)

    heat_export = -sum(x["co2e_t"] for x in lines if x["category"] == "exported_heat")
    pig_t, steel_t = _output(demo_ws, "STL01", "pig_iron"), _output(demo_ws, "STL01", "crude_steel")
    data = _run(capsys, demo_ws, "--org", "STL01", "--good", "7207", "--year", "2025",
                "--input", str(STEEL))
    goods = {g["process_id"]: g for g in data["report"]["goods"]}
    # pig iron: SEE = Σ scope-1 fuel and process lines of the ironworks / hot metal produced
    see_pig = direct("STL01-IRON") / pig_t
    assert goods["ironmaking"]["see_direct_tco2e_per_t"] == pytest.approx(see_pig, rel=1e-9)
    assert goods["ironmaking"]["see_indirect_tco2e_per_t"] == 0.0  # Annex II: direct only
    # crude steel: (BOF lines without site transport − exported heat + all hot metal × SEE_pig)
    #              / crude steel produced
    see_steel = (direct("STL01-BOF", skip=("厂内运输 site transport",)) - heat_export
                 + pig_t * see_pig) / steel_t
    assert goods["steelmaking"]["see_tco2e_per_t"] == pytest.approx(see_steel, rel=1e-9)
    assert 1.2 < see_steel < 2.2  # a blast-furnace route: about 1.6-1.9 tCO2 per t crude steel
    assert any("before the CBAM definitive period" in n for n in data["report"]["notes"])
    assert goods["steelmaking"]["default_markup"] is None  # no mark-up before 2026
    comm = data["communication"]
    assert [g["cn_code"] for g in comm["4_goods"]] == ["7201", "7207"]
    assert comm["4_goods"][1]["specific_indirect_embedded_emissions_tco2e_per_t"] is None
    assert comm["6_indirect_emissions_tco2e"] is None  # no non-Annex-II good
    assert comm["7_measurable_heat"] == {"imported": False, "exported": True}
    with Workspace(demo_ws, actor="tester") as w:
        entry = w.audit_log()[-1]
    assert (entry.action, entry.target) == ("cbam", "STL01/2025")
    assert entry.detail["result_id"] == data["report"]["result_id"]


def test_cement_plant_with_indirect_emissions(demo_ws: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with Workspace(demo_ws, actor="tester") as w:
        recs = w.activity("CEM01", 2025)
    kiln_mwh = sum(r.quantity_canonical for r in recs if r.item == "electricity_purchased"
                   and r.site == "CEM01-KILN")
    mill_mwh = sum(r.quantity_canonical for r in recs if r.item == "electricity_purchased"
                   and r.site == "CEM01-MILL")
    clinker_t, cement_t = _output(demo_ws, "CEM01", "clinker"), _output(demo_ws, "CEM01", "cement")
    data = _run(capsys, demo_ws, "--org", "CEM01", "--good", "2523 29 00", "--year", "2025",
                "--input", str(CEMENT))
    goods = {g["process_id"]: g for g in data["report"]["goods"]}
    # clinker indirect: kiln MWh × 0.5306 / clinker; cement: (mill MWh × 0.5306 + all clinker
    # × SEE_ind,clinker) / cement = (mill + kiln MWh) × 0.5306 / cement
    assert goods["clinker"]["see_indirect_tco2e_per_t"] == pytest.approx(
        kiln_mwh * EF_2023 / clinker_t, rel=1e-9)
    assert goods["cement"]["see_indirect_tco2e_per_t"] == pytest.approx(
        (kiln_mwh + mill_mwh) * EF_2023 / cement_t, rel=1e-9)
    # the quarry's haulage diesel is mobile machinery: not in the clinker's direct emissions
    assert any(d.startswith("excluded: CEM01-KILN · 原料矿山 quarry")
               for d in goods["clinker"]["direct_detail"])
    comm = data["communication"]
    assert comm["6_indirect_emissions_tco2e"] == pytest.approx((kiln_mwh + mill_mwh) * EF_2023)
    assert "mee-nbs-2023" in comm["4_goods"][1]["indirect_emissions_basis"]


def test_operator_communication_files(demo_ws: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out_json, out_html = tmp_path / "comm.json", tmp_path / "comm.html"
    for out in (out_json, out_html):
        code, text, err = cli(capsys, demo_ws, "cbam", "--org", "CEM01", "--good", "25232900",
                              "--year", "2025", "--input", str(CEMENT), "--out", str(out))
        assert code == 0, err
        assert "CBAM embedded emissions of goods" in text and "SEE_ind = " in text
    saved = json.loads(out_json.read_text(encoding="utf-8"))
    assert saved["2_installation"]["unlocode"] == "CN BTO"
    assert [p["cn_code"] for p in saved["3_production_processes"]] == ["2523 10 00", "2523 29 00"]
    html = out_html.read_text(encoding="utf-8")
    assert "Operator's summary emissions report" in html and "经营者排放报告摘要" in html
    assert "2523 29 00" in html


def _spec(tmp_path: Path, change: dict[str, Any], base: Path = CEMENT) -> Path:
    spec = json.loads(base.read_text(encoding="utf-8"))
    spec["processes"][1].update(change)
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "message"), [
    ({"precursors": [{"name": "clinker", "cn_code": "2523 10 00", "origin": "default",
                      "country": "CN", "quantity_t": 100}]},
     "China's default values were not found"),
    ({"precursors": [{"name": "clinker", "cn_code": "2523 10 00", "origin": "supplier",
                      "quantity_t": 100, "see_direct_tco2e_per_t": 0.8}]},
     "verification report"),
    ({"precursors": [{"name": "clinker", "cn_code": "2523 10 00", "origin": "own_process",
                      "process": "kiln-2", "quantity_t": "all"}]},
     "process 'kiln-2', which the file does not define"),
    ({"output_item": "crude_steel"}, "activity level must be positive"),
    ({"cn_code": "7204 10 00"}, "excepted from the iron-and-steel entry"),
    ({"sites": ["CEM01-NOPE"]}, "has no data at site(s) CEM01-NOPE"),
])
def test_bad_input_files_exit_2_and_say_where(demo_ws: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              change: dict[str, Any], message: str) -> None:
    code, _, err = cli(capsys, demo_ws, "cbam", "--org", "CEM01", "--good", "2523 10 00",
                       "--year", "2025", "--input", str(_spec(tmp_path, change)))
    assert code == 2
    flat = " ".join(err.split())
    assert message in flat and "spec.json" in flat


def test_a_user_supplied_default_is_used_and_counted_as_default(
        demo_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 1,000 t of bought clinker at a default of 0.9 direct + 0.05 indirect (illustrative value
    # a user copies from the regulation): it adds 1000 × 0.95 = 950 t to the cement.
    pre = {"name": "bought clinker", "cn_code": "2523 10 00", "origin": "default",
           "country": "CN", "quantity_t": 1000, "see_direct_tco2e_per_t": 0.9,
           "see_indirect_tco2e_per_t": 0.05, "reference": "2025/2621 Annex I (user)"}
    spec = json.loads(CEMENT.read_text(encoding="utf-8"))
    spec["processes"][1]["precursors"].append(pre)
    path = tmp_path / "with-default.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    base = _run(capsys, demo_ws, "--org", "CEM01", "--good", "25232900", "--year", "2025",
                "--input", str(CEMENT))["report"]["goods"][1]
    more = _run(capsys, demo_ws, "--org", "CEM01", "--good", "25232900", "--year", "2025",
                "--input", str(path))
    good = more["report"]["goods"][1]
    al = good["activity_level_t"]
    assert good["see_tco2e_per_t"] - base["see_tco2e_per_t"] == pytest.approx(950.0 / al)
    assert good["default_share"] == pytest.approx(950.0 / al / good["see_tco2e_per_t"])
    listed = more["communication"]["12_precursors_default_values"]
    assert listed[0]["applicable_default_value"] == pytest.approx(0.95)


def test_not_json_and_unknown_good_and_bad_out(demo_ws: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"installation": {"name": "x"},\n  "processes": [,]}', encoding="utf-8")
    code, _, err = cli(capsys, demo_ws, "cbam", "--org", "CEM01", "--good", "2523 10 00",
                       "--year", "2025", "--input", str(broken))
    assert code == 2 and "line 2" in err and "broken.json" in err
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"installation": {"name": "x"}, "processes": [{"id": "a", '
                     '"cn_code": "7207", "precursors": [{"name": "p", "cn_code": "7201", '
                     '"origin": "recycled", "quantity_t": 1}]}]}', encoding="utf-8")
    code, _, err = cli(capsys, demo_ws, "cbam", "--org", "CEM01", "--good", "7207",
                       "--year", "2025", "--input", str(wrong))
    assert code == 2 and "processes[0].precursors[0].origin" in " ".join(err.split())
    code, _, err = cli(capsys, demo_ws, "cbam", "--org", "CEM01", "--good", "7207",
                       "--year", "2025", "--input", str(CEMENT))
    assert code == 2 and "no good with CN code '7207'" in " ".join(err.split())
    code, _, err = cli(capsys, demo_ws, "cbam", "--org", "CEM01", "--good", "25231000",
                       "--year", "2025", "--input", str(CEMENT), "--out",
                       str(tmp_path / "c.pdf"))
    assert code == 2 and ".json or .html" in err
