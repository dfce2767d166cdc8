"""Choosing reference factors for a record: measured values first, then the edition's defaults."""

from __future__ import annotations

from dataclasses import dataclass

from greenmfg.errors import FactorNotFound
from greenmfg.model import ActivityRecord, FactorUse, Organisation
from greenmfg.refdata import Item, ReferenceData

GRID_LEVELS = ("provincial", "regional", "national")
_LEVEL_ZH = {"provincial": "省级", "regional": "区域电网", "national": "全国"}


@dataclass(frozen=True, slots=True)
class FuelParameters:
    """NCV (GJ per canonical unit), carbon content (tC/GJ) and oxidation rate (fraction)."""

    ncv_gj_per_unit: float
    carbon_content_tc_per_gj: float
    oxidation_rate: float
    measured: tuple[str, ...]
    default: FactorUse | None


def fuel_parameters(record: ActivityRecord, item: Item, refdata: ReferenceData,
                    edition: str, *, carbon_default: FactorUse | None = None) -> FuelParameters:
    """Measured parameters override the defaults one by one (GB/T 32150-2015, 6.1 / Annex B).

    ``carbon_default`` (tC/GJ) replaces the edition's default carbon content where a method
    prescribes its own (the power guideline's high default for unmeasured coal).
    """
    m = record.measured
    measured = tuple(name for name, value in (
        ("ncv", m.ncv_gj_per_unit), ("carbon_content", m.carbon_content_tc_per_gj),
        ("oxidation_rate", m.oxidation_rate)) if value is not None)
    default: FactorUse | None = None
    ncv, cc, ox = m.ncv_gj_per_unit, m.carbon_content_tc_per_gj, m.oxidation_rate
    if cc is None and carbon_default is not None:
        cc = carbon_default.value
    if ncv is None or cc is None or ox is None:
        row = refdata.fuel(item.fuel_code, edition)
        default = refdata.use("fuels", row, name=f"{item.name_en} default NCV / CC / OF",
                              value_column="ncv_gj_per_unit", unit=f"GJ/{item.canonical_unit}")
        ncv = ncv if ncv is not None else float(row["ncv_gj_per_unit"])
        cc = cc if cc is not None else float(row["carbon_content_tc_per_tj"]) / 1000.0
        ox = ox if ox is not None else float(row["oxidation_rate"])
    if ncv is None or cc is None or ox is None:  # pragma: no cover - guarded above
        raise FactorNotFound(f"incomplete fuel parameters for {record.record_id}")
    return FuelParameters(ncv, cc, ox, measured, default)


def grid_factor(org: Organisation, year: int, refdata: ReferenceData, *, level: str,
                factor_type: str = "average") -> tuple[FactorUse, str]:
    """The location-based electricity factor of the organisation's area, most specific first.

    ``level`` is where the search starts: ``provincial`` falls back to the regional grid and then
    to the national average when the finer factor is not published; every step down is noted.
    """
    province = org.province_code
    region = refdata.region(province) if province else None
    candidates: list[tuple[str, str]] = []
    start = GRID_LEVELS.index(level)
    if start <= 0 and province:
        candidates.append(("provincial", province))
    if start <= 1 and region and region.get("grid_region_code"):
        candidates.append(("regional", region["grid_region_code"]))
    candidates.append(("national", "CN"))
    notes: list[str] = []
    for lvl, code in candidates:
        try:
            row, note = refdata.electricity_co2(year, level=lvl, region_code=code,
                                                factor_type=factor_type)
        except FactorNotFound:
            notes.append(f"no {lvl} factor for {code} / {code} 无{_LEVEL_ZH[lvl]}因子")
            continue
        if note:
            notes.append(note)
        text = "; ".join(notes)
        use = refdata.use("electricity_co2", row,
                          name=f"{row['region']} {factor_type} electricity CO2 {row['data_year']}",
                          value_column="value_tco2_per_mwh", unit="tCO2/MWh", note=text)
        return use, text
    raise FactorNotFound(f"no electricity CO2 factor for {year}",  # pragma: no cover
                         f"没有 {year} 年的电力排放因子")
