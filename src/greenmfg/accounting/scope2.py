"""GHG Protocol scope 2, market-based: certificates and green-power contracts cover their MWh.

Electricity covered by instruments counts at zero; the rest at the national residual-mix factor
("national average excluding market-traded non-fossil electricity", MEE/NBS). Instruments never
cover more than the electricity consumed in the year; the excess is reported as unused.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from greenmfg.model import ActivityRecord, MarketBasedScope2
from greenmfg.refdata import ItemCategory, ReferenceData


def market_based(records: Sequence[ActivityRecord], year: int, refdata: ReferenceData,
                 heat_co2e_t: float) -> MarketBasedScope2:
    """Market-based scope 2 of one organisation-year (tCO2e); heat as in location-based."""
    consumed = math.fsum(r.quantity_canonical for r in records
                         if refdata.items[r.item].category is ItemCategory.ELECTRICITY_PURCHASED)
    instrument_records = [r for r in records
                          if refdata.items[r.item].category is ItemCategory.INSTRUMENT]
    instruments = math.fsum(r.quantity_canonical for r in instrument_records)
    covered = min(consumed, instruments)
    uncovered = consumed - covered
    factor = None
    electricity = 0.0
    if consumed > 0:
        row, note = refdata.electricity_co2(year, level="national", region_code="CN",
                                            factor_type="residual_mix")
        factor = refdata.use("electricity_co2", row,
                             name=f"national residual-mix electricity CO2 {row['data_year']}",
                             value_column="value_tco2_per_mwh", unit="tCO2/MWh", note=note)
        electricity = uncovered * factor.value
    return MarketBasedScope2(
        consumed_mwh=consumed, instruments_mwh=instruments, covered_mwh=covered,
        unused_instruments_mwh=instruments - covered, uncovered_mwh=uncovered,
        electricity_co2e_t=electricity, heat_co2e_t=heat_co2e_t,
        co2e_t=electricity + heat_co2e_t, factor=factor,
        instrument_record_ids=tuple(r.record_id for r in instrument_records),
    )
