"""Parameter rows (contents and rates) and the quantities they apply to.

A parameter item (category ``parameter``: CaO content of clinker, sulphur of anodes,
anode-effect minutes …) is not summed. A parameter row applies to the quantity rows of the
**same site and source**:

- a monthly quantity takes the parameter of its month, else the parameter's year row (period
  ``YYYY``);
- a year-total quantity takes the parameter's year row; a year-total quantity with only
  monthly parameters is an error (which month's value would apply is not known).

Ingest already refuses a year row and month rows for the same site, source and item.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from greenmfg.errors import InputError
from greenmfg.model import ActivityRecord, Period
from greenmfg.refdata import ItemCategory, ReferenceData

Key = tuple[str, str, str]  # site, source, item


class ParameterTable:
    """The parameter rows of one organisation-year, by (site, source, item) and period."""

    def __init__(self, records: Iterable[ActivityRecord], refdata: ReferenceData) -> None:
        self._rows: dict[Key, dict[str, ActivityRecord]] = defaultdict(dict)
        for r in records:
            if refdata.items[r.item].category is ItemCategory.PARAMETER:
                self._rows[(r.site, r.source, r.item)][r.period] = r
        self._used: set[str] = set()

    def find(self, quantity: ActivityRecord, item: str) -> ActivityRecord | None:
        """The row of parameter ``item`` that applies to the ``quantity`` row, if any.

        Raises
        ------
        InputError
            If ``quantity`` is a year total and the parameter is only given by month.
        """
        rows = self._rows.get((quantity.site, quantity.source, item))
        if not rows:
            return None
        year = str(Period.parse(quantity.period).year)
        found = rows.get(quantity.period) or rows.get(year)
        if found is None and len(quantity.period) == 4:
            raise InputError(
                f"{quantity.item} at site '{quantity.site}', source '{quantity.source}' is a "
                f"year total for {year} but {item} is given by month; give {item} for the year "
                f"(period {year}) or the {quantity.item} quantities by month",
                f"场所“{quantity.site}”排放源“{quantity.source}”的 {quantity.item} 为 {year} 年合计，"
                f"而 {item} 按月填报；请填报 {item} 的年度值（期间 {year}）或按月填报 {quantity.item}",
                expected=f"{item} for period {year}", found="monthly rows only")
        if found is not None:
            self._used.add(found.record_id)
        return found

    def given(self, site: str, source: str, item: str) -> tuple[ActivityRecord, ...]:
        """Every row of parameter ``item`` at a site and source, in period order."""
        rows = self._rows.get((site, source, item), {})
        return tuple(rows[p] for p in sorted(rows))

    def unused(self, items: Sequence[str]) -> list[ActivityRecord]:
        """Rows of the parameters ``items`` that applied to no quantity."""
        return [r for (_site, _source, item), rows in sorted(self._rows.items())
                if item in items for _p, r in sorted(rows.items())
                if r.record_id not in self._used]
