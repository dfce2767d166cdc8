"""The packaged CBAM scope and default values, against the texts they were read from.

Expected boundaries: Reg. (EU) 2023/956 Annex II as quoted verbatim in the research note
(stored file id 67467723625, §1.2-1.6); mark-ups: 2025/2621 Annex I as replaced by 2026/1740
(same note, §4.2); default values: the note's §4.4 table.
"""

from __future__ import annotations

import pytest

from greenmfg.errors import NotFoundError
from greenmfg.refdata import reference_data
from greenmfg.refdata.cbam import cbam_default, cbam_good


@pytest.mark.parametrize(("cn", "sector", "boundary"), [
    ("7207 11 14", "iron_steel", "direct"),         # chapter 72
    ("7202 11 20", "iron_steel", "direct"),         # ferro-manganese is not excepted
    ("7308 90", "iron_steel", "direct"),
    ("2601 12 00", "iron_steel", "direct_indirect"),  # sintered ore: not in Annex II
    ("2523 10 00", "cement", "direct_indirect"),
    ("2523 29 00", "cement", "direct_indirect"),
    ("7601 10 00", "aluminium", "direct"),
    ("2804 10 00", "hydrogen", "direct"),
    ("2716 00 00", "electricity", "direct"),        # added by 2025/2083
    ("3102 10 10", "fertilisers", "direct_indirect"),
])
def test_boundaries(cn: str, sector: str, boundary: str) -> None:
    row = cbam_good(reference_data(), cn)
    assert (row["sector"], row["boundary"]) == (sector, boundary)
    assert row["verification"] in {"V", "R", "R-weak", "U"} and row["source"]


@pytest.mark.parametrize("cn", ["7202 30 00", "7202 21 00", "7204 10 00", "8501 10", "2601 11"])
def test_excepted_and_outside_codes_are_refused(cn: str) -> None:
    with pytest.raises(NotFoundError):
        cbam_good(reference_data(), cn)


def test_markups() -> None:
    data = reference_data()
    steel, fert, power = (cbam_good(data, c) for c in ("7208", "2814 10 00", "2716 00 00"))
    assert [float(steel[f"markup_{y}"]) for y in (2026, 2027, 2028)] == [0.1, 0.2, 0.3]
    assert [float(fert[f"markup_{y}"]) for y in (2026, 2027, 2028)] == [0.01, 0.01, 0.01]
    assert power["markup_2026"] == ""


def test_defaults_found_and_none_for_china() -> None:
    data = reference_data()
    pig = cbam_default(data, "7201 10 11", "AU")
    assert pig is not None and pig["total_tco2e_per_t"] == "2.79"
    sinter = cbam_default(data, "2601 12 00", "br")
    assert sinter is not None
    assert (sinter["direct_tco2e_per_t"], sinter["indirect_tco2e_per_t"]) == ("0.19", "0.01")
    assert all(r["country"] != "CN" for r in data.datasets["cbam_defaults"].rows)
    assert cbam_default(data, "7201", "CN") is None
