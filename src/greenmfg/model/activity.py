"""Activity records: what a site consumed or produced in a period, with its unit and quality."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, field_validator

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


class DataQuality(StrEnum):
    MEASURED = "measured"
    CALCULATED = "calculated"
    DEFAULT = "default"


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A reporting period: a calendar year (``month`` None) or one month of it."""

    year: int
    month: int | None = None

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``YYYY`` or ``YYYY-MM``.

        >>> Period.parse("2025-03")
        Period(year=2025, month=3)
        """
        return _parse_period(text)

    @classmethod
    def _from_text(cls, text: str) -> Period:
        match = _PERIOD.match(text.strip())
        if not match:
            raise ValueError(f"period '{text}' is not YYYY or YYYY-MM")
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else None
        if not 1900 <= year <= 2100:
            raise ValueError(f"year {year} is outside 1900-2100")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} is not 01-12")
        return cls(year, month)

    def __str__(self) -> str:
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"


@lru_cache(maxsize=4096)
def _parse_period(text: str) -> Period:
    return Period._from_text(text)


class MeasuredParameters(BaseModel):
    """Measured fuel parameters that override the defaults, already in canonical units.

    ``ncv_gj_per_unit`` is GJ per the item's canonical unit (t or 10^4 Nm³);
    ``carbon_content_tc_per_gj`` is carbon per unit heat; ``oxidation_rate`` a fraction;
    ``emission_factor_t_per_unit`` is tonnes of the item's gas per canonical unit, for process
    sources (it replaces the packaged factor, or supplies one where none is packaged).
    ``carbon_tc_per_unit`` is the measured carbon per canonical unit of the item (tC/t, the
    carbon mass fraction, for items counted in t; tC/10^4 Nm³ for gases), used by carbon
    mass balances (steel, chemicals).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    ncv_gj_per_unit: float | None = None
    carbon_content_tc_per_gj: float | None = None
    oxidation_rate: float | None = None
    emission_factor_t_per_unit: float | None = None
    carbon_tc_per_unit: float | None = None

    @field_validator("carbon_tc_per_unit")
    @classmethod
    def carbon_is_not_negative(cls, value: float | None) -> float | None:
        if value is not None and not value >= 0:
            raise ValueError("carbon content must not be negative")
        return value

    @field_validator("oxidation_rate")
    @classmethod
    def oxidation_rate_is_a_fraction(cls, value: float | None) -> float | None:
        if value is not None and not 0 < value <= 1:
            raise ValueError("oxidation rate must be a fraction in (0, 1]")
        return value

    @property
    def is_empty(self) -> bool:
        return (self.ncv_gj_per_unit, self.carbon_content_tc_per_gj, self.oxidation_rate,
                self.emission_factor_t_per_unit, self.carbon_tc_per_unit) == (
                    None, None, None, None, None)


class ActivityRecord(BaseModel):
    """One validated activity row, its quantity in the item's canonical unit.

    ``record_id`` is derived from the natural key (org, site, source, item, period), so a
    re-import of the same row finds the same record.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    record_id: str
    org_code: str
    site: str
    source: str
    item: str
    period: str
    quantity: float
    unit: str
    quantity_canonical: float
    canonical_unit: str
    measured: MeasuredParameters = MeasuredParameters()
    data_quality: DataQuality = DataQuality.MEASURED
    evidence: str = ""
    origin: str = ""

    @field_validator("quantity", "quantity_canonical")
    @classmethod
    def quantity_is_not_negative(cls, value: float) -> float:
        if value < 0:
            raise ValueError("quantity must not be negative")
        return value
