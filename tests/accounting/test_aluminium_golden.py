"""Golden cases for the aluminium method (CETS—AG—04.01—V01—2024), worked out by hand.

Sources: sector_factors.csv (edition cets-ag-04.01-2024, as implemented by a public tool):
NC 0.411 t/t Al, S 2 %, ash 0.4 %, CF4 slope 0.143 kg/t per AEM, C2F6 = 0.1 × CF4, defaults
0.034 / 0.0034 kg/t; AR5 GWPs CF4 6 630, C2F6 11 100. The reference computed the default
intensities 1.471 tCO2/t Al (0.411 × 0.976 × 44/12) and 0.263 tCO2e/t Al
(0.034 × 6.63 + 0.0034 × 11.1): both are checked below. No worked example of the guideline was
available.
"""

from __future__ import annotations

import pytest

from greenmfg.accounting import compute_inventory
from greenmfg.errors import InputError, OptionError
from greenmfg.model import ActivityRecord, InventoryOptions, Organisation
from greenmfg.refdata import ReferenceData
from tests.conftest import make_record

RTOL = 1e-9
ETS = InventoryOptions(method="aluminium-ets", method_edition="2024")


def pot(item: str, quantity: float, unit: str = "t", *, period: str = "2025-01",
        source: str = "potline 1") -> ActivityRecord:
    return make_record(item, quantity, unit, period=period, site="POT", source=source)


def _by(inv: object, item: str, gas: str) -> float:
    return sum(x.co2e_t for x in inv.lines if x.item == item and x.gas == gas)  # type: ignore[attr-defined]


def test_defaults_reproduce_the_reference_intensities(enterprise: Organisation,
                                                      refdata: ReferenceData) -> None:
    # 1 t aluminium, no anode rows and no anode-effect data: every default applies.
    # anode: 1 × 0.411 × (1 − 0.02 − 0.004) × 44/12 = 1.470832 tCO2
    # PFC: 0.034 kg × 6 630 / 1000 = 0.22542 t; 0.0034 kg × 11 100 / 1000 = 0.03774 t
    inv = compute_inventory(enterprise, 2025, [pot("primary_aluminium", 1)], refdata, ETS)
    assert _by(inv, "carbon_anode", "CO2") == pytest.approx(0.411 * 0.976 * 44 / 12, rel=RTOL)
    assert _by(inv, "carbon_anode", "CO2") == pytest.approx(1.471, abs=5e-4)
    pfc = _by(inv, "primary_aluminium", "CF4") + _by(inv, "primary_aluminium", "C2F6")
    assert pfc == pytest.approx(0.22542 + 0.03774, rel=RTOL)
    assert pfc == pytest.approx(0.263, abs=5e-4)
    assert any("recommended NC" in n for n in inv.lineage.notes)


def test_measured_anode_and_anode_effects(enterprise: Organisation,
                                          refdata: ReferenceData) -> None:
    records = [
        pot("primary_aluminium", 30_000), pot("primary_aluminium", 31_000, period="2025-02"),
        # net anode 12 300 t (Jan) and 12 700 t (Feb); S 1.8 % for the year, ash 0.35 % in Jan
        pot("carbon_anode", 12_300), pot("carbon_anode", 12_700, period="2025-02"),
        pot("anode_sulphur", 0.018, "fraction", period="2025"),
        pot("anode_ash", 0.0035, "fraction"),
        # anode-effect minutes per cell-day: 0.2 in January, 0.1 in February
        pot("anode_effect_minutes", 0.2, "min"),
        pot("anode_effect_minutes", 0.1, "min", period="2025-02"),
    ]
    inv = compute_inventory(enterprise, 2025, records, refdata, ETS)
    # anode Jan: 12 300 × (1 − 0.018 − 0.0035) × 44/12 = 12 300 × 0.9785 × 3.666… = 44 130.35 t
    # anode Feb: ash not given for February → default 0.004: 12 700 × 0.978 × 44/12
    jan = 12_300 * (1 - 0.018 - 0.0035) * 44 / 12
    feb = 12_700 * (1 - 0.018 - 0.004) * 44 / 12
    assert jan == pytest.approx(44130.35, rel=RTOL)
    assert _by(inv, "carbon_anode", "CO2") == pytest.approx(jan + feb, rel=RTOL)
    # CF4: Jan 30 000 t × 0.143 × 0.2 kg/t = 858 kg; Feb 31 000 × 0.143 × 0.1 = 443.3 kg
    # → 1.3013 t × 6 630 = 8 627.619 tCO2e; C2F6 = 0.1 × CF4 = 0.13013 t × 11 100 = 1 444.443
    assert _by(inv, "primary_aluminium", "CF4") == pytest.approx(8627.619, rel=RTOL)
    assert _by(inv, "primary_aluminium", "C2F6") == pytest.approx(1444.443, rel=RTOL)
    cf4 = next(x for x in inv.lines if x.gas == "CF4")
    assert cf4.gas_t == pytest.approx(1.3013, rel=RTOL) and cf4.gwp == 6630
    assert "0.143 (slope) × 0.2 min" in cf4.formula_filled


def test_measured_slope_replaces_the_default(enterprise: Organisation,
                                             refdata: ReferenceData) -> None:
    # slope 0.12 kg/t per AEM, AEM 0.5: 10 000 t × 0.06 kg/t = 600 kg CF4 → 0.6 t × 6 630
    records = [pot("primary_aluminium", 10_000), pot("anode_effect_minutes", 0.5, "min"),
               pot("cf4_slope", 0.12, "kg/t"), pot("carbon_anode", 4_100)]
    inv = compute_inventory(enterprise, 2025, records, refdata, ETS)
    assert _by(inv, "primary_aluminium", "CF4") == pytest.approx(0.6 * 6630, rel=RTOL)
    assert _by(inv, "primary_aluminium", "C2F6") == pytest.approx(0.06 * 11100, rel=RTOL)


def test_pfc_releases_and_other_sources_are_left_out_with_a_note(
        enterprise: Organisation, refdata: ReferenceData) -> None:
    records = [pot("primary_aluminium", 1_000), pot("carbon_anode", 411),
               pot("cf4_release", 0.05), pot("sf6_release", 0.001),
               make_record("limestone", 100, "t", period="2025-01")]
    inv = compute_inventory(enterprise, 2025, records, refdata, ETS)
    assert "SF6" not in inv.by_gas
    # enterprise-level carbonates count: 100 t × 0.43971
    assert _by(inv, "limestone", "CO2") == pytest.approx(43.971, rel=RTOL)
    notes = " ".join(inv.lineage.notes)
    assert "cf4_release not used" in notes and "sf6_release not used" in notes


@pytest.mark.parametrize(("extra", "words"), [
    # a slope coefficient with no anode-effect data
    ([pot("cf4_slope", 0.12, "kg/t")], "slope coefficient is given"),
    # anode-effect minutes for January only, aluminium in February too
    ([pot("anode_effect_minutes", 0.2, "min")], "anode-effect minutes is given"),
    # sulphur and ash that leave no carbon
    ([pot("anode_sulphur", 0.6, "fraction"), pot("anode_ash", 0.5, "fraction")], "S \\+ A"),
])
def test_bad_aluminium_data(enterprise: Organisation, refdata: ReferenceData,
                            extra: list[ActivityRecord], words: str) -> None:
    records = [pot("primary_aluminium", 1_000),
               pot("primary_aluminium", 1_000, period="2025-02"), *extra]
    with pytest.raises(InputError, match=words):
        compute_inventory(enterprise, 2025, records, refdata, ETS)


def test_zero_output_with_energy_use_is_an_error(enterprise: Organisation,
                                                 refdata: ReferenceData) -> None:
    records = [make_record("electricity_purchased", 5_000, "MWh", period="2025-01"),
               pot("primary_aluminium", 0)]
    with pytest.raises(InputError, match="output of primary_aluminium is zero"):
        compute_inventory(enterprise, 2025, records, refdata, ETS)


def test_guideline_gwp_set_is_enforced(enterprise: Organisation, refdata: ReferenceData) -> None:
    options = InventoryOptions(method="aluminium-ets", method_edition="2024", gwp_set="AR6")
    with pytest.raises(OptionError, match="prescribes the AR5"):
        compute_inventory(enterprise, 2025, [pot("primary_aluminium", 1)], refdata, options)
