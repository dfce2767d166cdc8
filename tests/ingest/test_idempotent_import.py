"""Re-importing the same file changes nothing; editing a row updates it (and is audited)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from greenmfg.workspace import Workspace

HEADER = "org_code,site,source,item,period,quantity,unit\n"

rows = st.lists(
    st.tuples(st.sampled_from(["natural_gas", "diesel", "electricity_purchased"]),
              st.integers(1, 12), st.floats(0, 1e6, allow_nan=False)),
    min_size=1, max_size=20, unique_by=lambda r: (r[0], r[1]))
UNITS = {"natural_gas": "万Nm3", "diesel": "t", "electricity_purchased": "MWh"}


@given(data=rows)
@settings(max_examples=15)
def test_import_twice_equals_import_once(tmp_path_factory: object, data: list[tuple[str, int,
                                                                                    float]]) -> None:
    tmp = tmp_path_factory.mktemp("idem")  # type: ignore[attr-defined]
    path = tmp / "a.csv"
    path.write_text(HEADER + "".join(
        f"ENT1,S1,src,{item},2025-{month:02d},{qty!r},{UNITS[item]}\n"
        for item, month, qty in data), encoding="utf-8")
    with Workspace(tmp / "ws.duckdb", actor="t") as ws:
        ws.import_rows("orgs", [{"code": "ENT1", "name": "e", "kind": "enterprise",
                                 "parent_code": "", "industry_code": "", "region_code": ""}], [])
        first = ws.import_file(path)
        once = [r.model_dump() for r in ws.activity("ENT1")]
        inv_once = ws.inventory("ENT1", 2025).model_dump_json()
        second = ws.import_file(path)
        twice = [r.model_dump() for r in ws.activity("ENT1")]
        assert once == twice
        assert ws.inventory("ENT1", 2025).model_dump_json() == inv_once
        assert first.inserted == len(data)
        assert (second.inserted, second.updated, second.unchanged) == (0, 0, len(data))
        assert [e.action for e in ws.audit_log()] == ["import", "import", "import"]
        assert ws.store.verify_audit_chain()


def test_changed_quantity_updates_the_record(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(HEADER + "ENT1,S1,src,diesel,2025-01,5,t\n", encoding="utf-8")
    workspace.import_file(path)
    path.write_text(HEADER + "ENT1,S1,src,diesel,2025-01,6,t\n", encoding="utf-8")
    report = workspace.import_file(path)
    assert (report.inserted, report.updated) == (0, 1)
    (record,) = workspace.activity("ENT1")
    assert record.quantity == 6
    last = workspace.audit_log()[-1]
    assert last.detail["updated"] == 1
    assert last.input_sha256 is not None and len(last.input_sha256) == 64
