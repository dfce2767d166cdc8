"""EU CBAM: the input file's schema and the embedded-emissions results with their lineage.

The input file (JSON, described in ``docs/formats.md``) says how an installation splits into
CBAM production processes, where each process's data comes from in the workspace, and which
precursors each consumes. The results hold every good's specific embedded emissions (SEE)
with the numbers behind them, so that ``explain``-style output can print the formula filled in.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from greenmfg.model.results import FactorUse


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Boundary(StrEnum):
    """Which emissions count for a good (Reg. (EU) 2023/956 Art. 7(1) and Annex II)."""

    DIRECT = "direct"
    DIRECT_INDIRECT = "direct_indirect"


class PrecursorOrigin(StrEnum):
    """Where a precursor's specific embedded emissions come from."""

    OWN_PROCESS = "own_process"  # another production process of the same installation
    SUPPLIER = "supplier"        # actual values from the producing operator's verified report
    DEFAULT = "default"          # default values (Implementing Reg. (EU) 2025/2621)
    EU = "eu"                    # from the Union or an exempted country: counts as zero


# -- the input file ---------------------------------------------------------------------------

class InstallationSpec(_Frozen):
    """Identification of the operator and installation (Annex IV §1.2 items (1) and (2))."""

    name: str = Field(min_length=1)
    operator: str = ""
    operator_registration: str = ""
    identifier: str = ""  # unique installation identifier in the CBAM Registry
    unlocode: str = ""
    address: str = ""
    country: str = "CN"


class CarbonStreamSpec(_Frozen):
    """One source stream of a mass balance; outputs have a negative quantity."""

    name: str = Field(min_length=1)
    quantity_t: float
    carbon_fraction: float = Field(ge=0.0, le=1.0)


class PrecursorSpec(_Frozen):
    """A precursor consumed by a production process."""

    name: str = Field(min_length=1)
    cn_code: str = Field(min_length=2)
    origin: PrecursorOrigin
    quantity_t: float | Literal["all"]
    process: str | None = None  # for origin own_process: the producing process id
    see_direct_tco2e_per_t: float | None = Field(default=None, ge=0.0)
    see_indirect_tco2e_per_t: float | None = Field(default=None, ge=0.0)
    country: str = ""
    reference: str = ""  # verification report, or the document a user-supplied default is from


class ProcessSpec(_Frozen):
    """A CBAM production process: its good, where its data is, and its precursors."""

    id: str = Field(min_length=1)
    name: str = ""
    cn_code: str = Field(min_length=2)
    sites: tuple[str, ...] = ()
    exclude_sources: tuple[str, ...] = ()
    output_item: str | None = None
    activity_level_t: float | None = None
    mass_balance: tuple[CarbonStreamSpec, ...] = ()
    direct_co2e_t: float | None = None
    electricity_mwh: float | None = Field(default=None, ge=0.0)
    heat_import_co2e_t: float | None = Field(default=None, ge=0.0)
    heat_export_co2e_t: float | None = Field(default=None, ge=0.0)
    waste_gas_import_co2e_t: float = Field(default=0.0, ge=0.0)
    waste_gas_export_co2e_t: float = Field(default=0.0, ge=0.0)
    electricity_export_co2e_t: float = Field(default=0.0, ge=0.0)
    precursors: tuple[PrecursorSpec, ...] = ()


class CbamSpec(_Frozen):
    """The whole input file."""

    installation: InstallationSpec
    inventory_method: str = "gbt32150"
    processes: tuple[ProcessSpec, ...] = Field(min_length=1)


# -- results ------------------------------------------------------------------------------------

class PrecursorResult(_Frozen):
    """A precursor as used: mass, specific embedded emissions and what of it counted."""

    name: str
    cn_code: str
    origin: PrecursorOrigin
    process: str | None
    boundary: Boundary
    quantity_t: float
    specific_mass_t_per_t: float
    see_direct_tco2e_per_t: float
    see_indirect_tco2e_per_t: float
    indirect_counted: bool
    embedded_direct_co2e_t: float
    embedded_indirect_co2e_t: float
    country: str
    reference: str
    factor: FactorUse | None = None


class GoodResult(_Frozen):
    """Specific embedded emissions of the good of one production process."""

    result_id: str
    process_id: str
    process_name: str
    cn_code: str
    sector: str
    boundary: Boundary
    activity_level_t: float
    direct_co2e_t: float
    heat_import_co2e_t: float
    heat_export_co2e_t: float
    waste_gas_import_co2e_t: float
    waste_gas_export_co2e_t: float
    electricity_export_co2e_t: float
    attributed_direct_co2e_t: float
    electricity_mwh: float
    attributed_indirect_co2e_t: float
    precursors: tuple[PrecursorResult, ...]
    see_direct_tco2e_per_t: float
    see_indirect_tco2e_per_t: float
    see_tco2e_per_t: float
    default_share: float
    default_markup: float | None
    formulas: tuple[str, ...]
    direct_detail: tuple[str, ...]
    factors: tuple[FactorUse, ...]
    input_record_ids: tuple[str, ...]
    notes: tuple[str, ...]


class CbamReport(_Frozen):
    """Embedded emissions of every good of an installation in a reporting year."""

    result_id: str
    org: str
    year: int
    installation: InstallationSpec
    method: str
    method_version: str
    goods: tuple[GoodResult, ...]
    total_direct_co2e_t: float
    total_indirect_co2e_t: float
    notes: tuple[str, ...]
    greenmfg_version: str

    def good(self, cn_code: str) -> GoodResult | None:
        """The good whose CN code matches ``cn_code`` (spaces and dots ignored), else None."""
        want = "".join(ch for ch in cn_code if ch.isdigit())
        for good in self.goods:
            if "".join(ch for ch in good.cn_code if ch.isdigit()) == want:
                return good
        return None
