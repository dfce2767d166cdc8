"""What a new user met walking through the README in Chinese and English (regressions)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from greenmfg.accounting import SECTORS
from greenmfg.cli.app import run
from greenmfg.workspace import Workspace
from tests.cli.conftest import cli

CJK = re.compile(r"[\u4e00-\u9fff]")


def zh(capsys: pytest.CaptureFixture[str], ws: Path, *args: str) -> tuple[int, str, str]:
    """Run ``greenmfg --workspace WS ARGS`` in the default language (zh-CN)."""
    code = run(["--workspace", str(ws), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _workbook_with_a_wrong_unit(tmp_path: Path) -> Path:
    xlsx = tmp_path / "cement.xlsx"
    assert Workspace.write_template(xlsx, "cement") == xlsx
    book = load_workbook(xlsx)
    book["organisations"].append(["MYCEM", "我的水泥厂", "enterprise", None, "C3011", "150200"])
    book["activity"].append(["MYCEM", "KILN", "1# 回转窑", "diesel", "2025-01", 100, "t"])
    # diesel is measured in t; kWh is an energy: the reason names both dimensions
    book["activity"].append(["MYCEM", "KILN", "1# 回转窑", "diesel", "2025-02", 100, "kWh"])
    book.save(xlsx)
    return xlsx


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_reject_reason_keeps_its_brackets(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          lang: str) -> None:
    """The dimension ``[mass] * [length] ** 2 / [time] ** 2`` was eaten as rich markup."""
    xlsx = _workbook_with_a_wrong_unit(tmp_path)
    code = run(["--workspace", str(tmp_path / "ws.duckdb"), "--lang", lang, "import", str(xlsx)])
    out, _ = capsys.readouterr()
    assert code == 2
    assert "[mass] * [length] ** 2 / [time] ** 2" in out


def test_import_summary_in_chinese_has_no_english_words(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    xlsx = _workbook_with_a_wrong_unit(tmp_path)
    code, out, _ = zh(capsys, tmp_path / "ws.duckdb", "import", str(xlsx))
    assert code == 2
    summary = out.splitlines()[:2]
    # 1 organisation; 2 activity rows: 1 inserted, 1 rejected, nothing updated or unchanged
    assert "导入编号 IMP-" in summary[0]
    assert summary[1] == "接受行数: 1 (新增 1, 更新 0); 未变化行数: 0; 组织 1; 拒绝行数: 1"
    for word in ("new", "updated", "organisations", "import "):
        assert word not in " ".join(summary)


def test_error_text_with_brackets_is_printed_as_is(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, tmp_path / "ws.duckdb", "template", "activity",
                       "--out", str(tmp_path / "t.xlsx"), "--sector", "[bold]kiln")
    assert code == 2
    assert "'[bold]kiln'" in err


@pytest.mark.parametrize(("args", "header"), [
    (("org", "list"), "code,name,kind,parent_code,industry_code,region_code"),
    (("methods",), "method,code,edition,sector,document,title"),
    (("items",), "code,name_zh,name_en,category,unit"),
    (("refdata", "list"), "dataset,title,rows,editions,licence"),
    (("audit",), "seq,at,actor,action,target,detail,input_sha256,entry_hash"),
])
def test_format_csv_is_csv(demo_ws: Path, capsys: pytest.CaptureFixture[str],
                           args: tuple[str, ...], header: str) -> None:
    """``--format csv`` was accepted and silently printed the rich table."""
    code, out, _ = cli(capsys, demo_ws, *args, "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == header
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and set(rows[0]) == set(header.split(","))


def test_csv_org_list_holds_the_demo_park(demo_ws: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    rows = list(csv.DictReader(io.StringIO(cli(capsys, demo_ws, "org", "list", "--format",
                                               "csv")[1])))
    cement = next(r for r in rows if r["code"] == "CEM01")
    assert (cement["kind"], cement["parent_code"]) == ("enterprise", "BT-DEMO-PARK")


@pytest.mark.parametrize("args", [("benchmark", "--org", "CEM01", "--year", "2025"),
                                  ("ets", "--org", "CEM01", "--year", "2024"),
                                  ("explain", "R-0000000000000000")])
def test_nested_results_refuse_csv(demo_ws: Path, capsys: pytest.CaptureFixture[str],
                                   args: tuple[str, ...]) -> None:
    code, out, err = cli(capsys, demo_ws, *args, "--format", "csv")
    assert code == 2
    assert "'csv' is not one of 'table', 'json'" in out + err


def test_chinese_headers_of_lists(demo_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = zh(capsys, demo_ws, "methods")[1]
    assert all(h in out for h in ("方法", "行业", "来源文件", "标题"))
    out = zh(capsys, demo_ws, "items")[1]
    assert all(h in out for h in ("代码", "中文名称", "英文名称", "类别", "单位"))
    out = zh(capsys, demo_ws, "audit")[1]
    assert "审计日志 (哈希链完整)" in out and "操作人" in out
    out = zh(capsys, demo_ws, "inventory", "--org", "CEM01", "--year", "2025")[1]
    intensity = out[out.index("强度"):]
    assert "指标" in intensity.splitlines()[2]


def test_every_command_has_chinese_help(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    commands = [["serve"], ["cbam"], ["import"], ["inventory"], ["benchmark"], ["ets"],
                ["methods"], ["explain"], ["items"], ["audit"], ["demo"], ["refdata", "list"],
                ["refdata", "show"], ["org", "list"], ["org", "import"], ["template", "activity"],
                ["user", "add"], ["user", "list"], ["user", "disable"], ["user", "password"],
                ["user", "api-key"], ["user", "revoke-key"]]
    for command in commands:
        code = run(["--workspace", str(tmp_path / "ws.duckdb"), *command, "--help"])
        out, _ = capsys.readouterr()
        assert code == 0
        first = out.split("Usage:", 1)[1].split("╭", 1)[0]
        assert CJK.search(first), command


def test_option_help_lists_what_is_accepted(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    run(["template", "activity", "--help"])
    out = " ".join(capsys.readouterr()[0].split())
    assert all(s.code in out for s in SECTORS)
    run(["inventory", "--help"])
    out = " ".join(capsys.readouterr()[0].split())
    assert "greenmfg methods" in out and "核算方法" in out


def test_demo_accounts_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = zh(capsys, tmp_path / "ws.duckdb", "demo")
    assert code == 0
    tail = out.splitlines()[-7:]
    assert tail[0].startswith("演示用户 demo-") and " 密码 " in tail[0]
    assert tail[-3].startswith("演示账号文件: ")
    assert tail[-2] == f"工作区: {tmp_path / 'ws.duckdb'}"
    assert tail[-1].startswith("HTML 概览: ")


def test_explain_shows_user_units_and_chinese_lineage(demo_ws: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    """The formula and factor table showed the internal unit name ``wan_Nm3``."""
    with Workspace(demo_ws) as ws:
        inv = ws.inventory("ALU01", 2024, Workspace.method_options("gbt32150"))
    gas = next(x for x in inv.lines if x.item == "natural_gas")
    code, out, _ = zh(capsys, demo_ws, "explain", gas.result_id)
    assert code == 0
    assert "wan_" not in out
    assert "10^4 Nm³ × 389.31 GJ/10^4 Nm³" in out
    assert "燃料缺省参数版本 gbt32150-2015 · 电网因子层级 provincial" in out
    # the natural gas readings come from a gas meter, not an electricity meter
    assert "燃气表 gas meter GM-ALU01-01" in out and "电表" not in out


def test_ets_table_reads_in_chinese(demo_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Sector, coverage, rule and output were printed as codes and English text."""
    code, out, _ = zh(capsys, demo_ws, "ets", "--org", "CEM01", "--year", "2024")
    assert code == 0
    table = out.split("因子", 1)[0]
    for cell in ("水泥", "(直接排放（范围一）)", "配额等于核证排放量", " t 熟料", "(清单 I-"):
        assert cell in table
    for english in ("cement ", "direct", "verified_emissions", "t verified", "clinker"):
        assert english not in table.replace("cement-ets", "")


def test_user_commands_answer_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws.duckdb"
    with Workspace(ws) as workspace:
        workspace.load_demo()
    monkeypatch.setattr("sys.stdin", io.StringIO("alice-secret-pw\n"))
    code, out, _ = zh(capsys, ws, "user", "add", "alice", "--role", "park",
                      "--org", "BT-DEMO-PARK", "--password-stdin")
    assert (code, out.strip()) == (0, "已添加用户 alice（park, BT-DEMO-PARK）")
    out = zh(capsys, ws, "user", "list")[1]
    assert "用户名" in out and "角色" in out and "alice" in out
    code, key, err = zh(capsys, ws, "user", "api-key", "alice", "--name", "ERP")
    key_id = err.split("API 密钥 ", 1)[1].split("（", 1)[0]
    assert code == 0 and "（ERP）：请立即保存" in err and key.strip()
    assert zh(capsys, ws, "user", "revoke-key", key_id)[1].strip() == f"已吊销 API 密钥 {key_id}"
    assert zh(capsys, ws, "user", "disable", "alice")[1].strip() == "已停用用户 alice"


def test_docs_list_every_benchmark_line_key(demo_ws: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """docs/formats.md named 24 of the 34 keys of a benchmark line."""
    docs = (Path(__file__).parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")
    fields = docs.split("The fields are:", 1)[1].split("The indicator of a line", 1)[0]
    documented = {name for name in re.findall(r"`([a-z][a-z0-9_]*)`", fields)
                  if name != "null"} | {"level1", "level2", "level3"}  # "the three levels"
    out = cli(capsys, demo_ws, "benchmark", "--org", "CEM01", "--year", "2025",
              "--format", "json")[1]
    for line in json.loads(out)["lines"]:
        assert set(line) == documented
