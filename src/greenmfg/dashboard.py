"""Dashboard summaries: what the web pages and ``/api/v1/dashboard`` show, computed once.

Three summaries, each built from annual inventories (GB/T 32150, default options) computed from
the activity data, never stored and never recomputed while the data stay the same:

- **enterprise**: totals, emissions by emission source and by month, energy by carrier (tce),
  intensities, green-power share;
- **park**: its enterprises ranked by emissions, park totals, green-power share;
- **region**: totals per year (the trend) and per direct child (park or enterprise).

Green-power share
-----------------
The share of an organisation's purchased electricity that is covered by green-electricity
instruments, from the activity data::

    green_power_share = Σ covered_mwh / Σ consumed_mwh

where, per enterprise and year, ``consumed_mwh`` is its purchased electricity (items of category
``electricity_purchased``) and ``covered_mwh = min(consumed_mwh, instruments_mwh)``, the green
certificates (``green_certificate``) and green-power contracts (``green_power_contract``) it
holds, capped at what it consumed — the same figures as the market-based scope 2
(:mod:`greenmfg.accounting.scope2`, GHG Protocol Scope 2 Guidance 2015). Electricity generated
and used on site behind the meter is not purchased and appears in no item of the interchange
format, so it is in neither sum. With no purchased electricity the share is ``None``.

Caching
-------
Figures are cached in process, keyed by the workspace's data version: the head of its
hash-chained audit log (every import appends an entry). A request first reads the head (one
row); when it moved, the whole cache is dropped.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from greenmfg.accounting import compute_inventory
from greenmfg.errors import InputError
from greenmfg.model import ActivityRecord, Intensity, Inventory, Organisation, OrgKind
from greenmfg.workspace import Workspace

__all__ = [
    "CarrierEnergy",
    "Dashboard",
    "EnterpriseSummary",
    "MonthTotal",
    "OrgTotal",
    "ParkSummary",
    "RegionSummary",
    "SourceTotalT",
    "YearTotal",
    "green_share",
]

T = TypeVar("T")
_CACHE_ENTRIES = 50_000


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceTotalT(_Frozen):
    """Emissions of one emission source of one site (tCO2e)."""

    site: str
    source: str
    co2e_t: float


class MonthTotal(_Frozen):
    """Emissions of one month (``YYYY-MM``), tCO2e."""

    month: str
    co2e_t: float


class CarrierEnergy(_Frozen):
    """Energy of one carrier in the year: tce (calorific value and coal equivalent)."""

    item: str
    name_zh: str
    name_en: str
    tce_calorific: float
    tce_coal_equivalent: float


class OrgTotal(_Frozen):
    """One organisation's totals in a ranking: tCO2e, tce (calorific), MWh."""

    rank: int
    org: str
    org_name: str
    kind: OrgKind
    co2e_t: float
    energy_tce_calorific: float
    electricity_mwh: float
    green_electricity_mwh: float
    green_power_share: float | None


class YearTotal(_Frozen):
    """A region's totals in one year: tCO2e, tce, MWh, and how many enterprises reported."""

    year: int
    enterprises: int
    co2e_t: float
    energy_tce_calorific: float
    electricity_mwh: float
    green_electricity_mwh: float
    green_power_share: float | None


class EnterpriseSummary(_Frozen):
    """An enterprise in one year: emissions (tCO2e), energy (tce), electricity (MWh)."""

    org: str
    org_name: str
    year: int
    years: tuple[int, ...]
    co2e_t: float
    scope1_co2e_t: float
    scope2_location_co2e_t: float
    scope2_market_co2e_t: float
    energy_tce_calorific: float
    energy_tce_coal_equivalent: float
    electricity_mwh: float
    green_electricity_mwh: float
    green_power_share: float | None
    by_source: tuple[SourceTotalT, ...]
    by_month: tuple[MonthTotal, ...]
    energy_by_carrier: tuple[CarrierEnergy, ...]
    intensities: tuple[Intensity, ...]
    inventory_id: str
    data_version: str


class ParkSummary(_Frozen):
    """A park in one year: its enterprises ranked by emissions (largest first) and totals."""

    org: str
    org_name: str
    year: int
    years: tuple[int, ...]
    enterprises: tuple[OrgTotal, ...]
    co2e_t: float
    energy_tce_calorific: float
    electricity_mwh: float
    green_electricity_mwh: float
    green_power_share: float | None
    data_version: str


class RegionSummary(_Frozen):
    """A region: totals per year (ascending) and its direct children in the chosen year."""

    org: str
    org_name: str
    year: int
    years: tuple[int, ...]
    trend: tuple[YearTotal, ...]
    children: tuple[OrgTotal, ...]
    data_version: str


def green_share(green_mwh: float, electricity_mwh: float) -> float | None:
    """Covered over purchased electricity, or None when nothing was purchased.

    >>> green_share(300.0, 1200.0)
    0.25
    >>> green_share(0.0, 0.0) is None
    True
    """
    return green_mwh / electricity_mwh if electricity_mwh > 0 else None


class Dashboard:
    """The summaries of one workspace, cached by its data version.

    Not thread-safe by itself: callers serialise access to the workspace (the server's lock).
    """

    def __init__(self, workspace: Workspace, *, max_entries: int = _CACHE_ENTRIES) -> None:
        self._ws = workspace
        self._max = max_entries
        self._version: str | None = None
        self._appends_seen = -1
        self._cache: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self.computed = 0  # how many summaries were computed (not served from the cache)

    # -- cache ---------------------------------------------------------------------------------
    def data_version(self) -> str:
        """The audit-log head as ``"<seq>-<hash prefix>"`` (``"0"`` for an empty log)."""
        head = self._ws.store.audit_head()
        return "0" if head is None else f"{head[0]}-{head[1][:16]}"

    def _refresh(self) -> None:
        """Drop the cache when the data changed since it was filled.

        The store counts the audit entries it appends; while that count stands still no query
        is needed (only this process can write a DuckDB file while it is open). Otherwise, and
        always on PostgreSQL where other processes may write, the audit head is read and compared.
        """
        appends = self._ws.store.audit_appends
        if (self._version is not None and appends == self._appends_seen
                and self._ws.store.single_writer):
            return
        version = self.data_version()
        if version != self._version:
            self._cache.clear()
            self._version = version
        self._appends_seen = appends

    def memo(self, key: tuple[object, ...], build: Callable[[], T]) -> T:
        """``build()`` once per data version (for the tenancy scopes of the access layer)."""
        self._refresh()
        return self._cached(key, lambda _version: build())

    def ready(self, kind: str, code: str, year: int | None) -> bool:
        """Whether the ``kind`` summary (enterprise, park, region) of ``code`` for ``year`` is
        computed for the current data: then asking for it takes microseconds."""
        self._refresh()
        return (kind, code, year) in self._cache

    def organisations(self) -> dict[str, Organisation]:
        """Every organisation by code, read once per data version (do not change it)."""
        self._refresh()
        return self._orgs()

    def _cached(self, key: tuple[object, ...], build: Callable[[str], T]) -> T:
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]  # type: ignore[return-value]
        value = build(self._version or "0")
        self._store(key, value)
        return value

    def _store(self, key: tuple[object, ...], value: object) -> None:
        self.computed += 1
        self._cache[key] = value
        if len(self._cache) > self._max:
            self._cache.popitem(last=False)

    # -- warming up ------------------------------------------------------------------------------
    def warm_plan(self) -> list[tuple[str, str, int | None]]:
        """The park and region summaries worth computing before anyone asks for them, in order,
        as ``(kind, code, year)`` keys of :meth:`summary`.

        First every park in every year it has data (the latest year first): each such step
        computes the inventories of one park's enterprises in one year, so a server can answer
        other requests between two steps. Then each park's default year, then the regions, whose
        inventories are by then mostly computed (enterprises outside any park are computed in
        their region's step).
        """
        self._refresh()
        orgs = sorted(self._orgs().values(), key=lambda o: o.code)
        parks = [o.code for o in orgs if o.kind is OrgKind.PARK]
        park_years = {p: self._years([e.code for e in self._enterprises_below(p)]) for p in parks}
        steps: list[tuple[str, str, int | None]] = []
        for year in sorted({y for years in park_years.values() for y in years}, reverse=True):
            steps += [("park", p, year) for p in parks if year in park_years[p]]
        steps += [("park", p, None) for p in parks]
        for region in (o.code for o in orgs if o.kind is OrgKind.REGION):
            years = self._years([e.code for e in self._enterprises_below(region)])
            steps += [("region", region, year) for year in reversed(years)]
            steps.append(("region", region, None))
        return steps

    def summary(self, kind: str, code: str, year: int | None = None
                ) -> EnterpriseSummary | ParkSummary | RegionSummary:
        """The ``kind`` summary (``enterprise``, ``park`` or ``region``) of ``code``."""
        return self._summary(kind, code, year)

    def summary_json(self, kind: str, code: str, year: int | None = None) -> bytes:
        """:meth:`summary` as compact UTF-8 JSON, what the API answers: serialised once per
        data version, so that answering it again costs a lookup."""
        self._refresh()
        return self._cached(("json", kind, code, year),
                            lambda _version: self._summary(kind, code, year).model_dump_json()
                            .encode())

    def _summary(self, kind: str, code: str, year: int | None
                 ) -> EnterpriseSummary | ParkSummary | RegionSummary:
        builders: dict[str, Callable[[str, int | None],
                                     EnterpriseSummary | ParkSummary | RegionSummary]] = {
            "enterprise": self.enterprise, "park": self.park, "region": self.region}
        if kind not in builders:
            raise InputError(f"no dashboard summary of kind '{kind}'",
                             f"没有“{kind}”类的看板汇总", expected="enterprise, park or region",
                             found=kind)
        return builders[kind](code, year)

    # -- shared steps --------------------------------------------------------------------------
    def _orgs(self) -> dict[str, Organisation]:
        return self._cached(("orgs",), lambda _v: {o.code: o for o in self._ws.organisations()})

    def _org_of_kind(self, code: str, kind: OrgKind) -> Organisation:
        org = self._orgs().get(code)
        if org is None:
            return self._ws.organisation(code)  # raises the workspace's not-found error
        if org.kind is not kind:
            raise InputError(
                f"'{code}' is {_a(org.kind.value)}, not {_a(kind.value)}; open the "
                f"{org.kind.value} page for it",
                f"“{code}”是{_KIND_ZH[org.kind]}而非{_KIND_ZH[kind]}；请打开对应的{_KIND_ZH[org.kind]}页面",
                expected=kind.value, found=org.kind.value)
        return org

    def _children(self) -> dict[str, list[Organisation]]:
        def build(_version: str) -> dict[str, list[Organisation]]:
            children: dict[str, list[Organisation]] = {}
            for org in sorted(self._orgs().values(), key=lambda o: o.code):
                if org.parent_code:
                    children.setdefault(org.parent_code, []).append(org)
            return children
        return self._cached(("children",), build)

    def _enterprises_below(self, code: str) -> list[Organisation]:
        children = self._children()
        below: list[Organisation] = []
        todo = [code]
        while todo:
            for org in children.get(todo.pop(), ()):
                todo.append(org.code)
                if org.kind is OrgKind.ENTERPRISE:
                    below.append(org)
        return sorted(below, key=lambda o: o.code)

    def _years(self, codes: Sequence[str]) -> tuple[int, ...]:
        key = ("years", *sorted(codes))
        return self._cached(key, lambda _v: tuple(self._ws.store.activity_years(list(codes))))

    @staticmethod
    def _year(year: int | None, years: tuple[int, ...]) -> int:
        """The asked year, or the latest year with data (the current year when none has)."""
        if year is not None:
            return year
        return years[-1] if years else _this_year()

    def _inventories(self, enterprises: Sequence[Organisation], year: int) -> list[Inventory]:
        """Inventories of the enterprises for ``year`` (cached per enterprise-year); activity is
        read in one query for all enterprises not cached yet."""
        found: dict[str, Inventory] = {}
        for org in enterprises:
            cached = self._cache.get(("inventory", org.code, year))
            if isinstance(cached, Inventory):
                found[org.code] = cached
        missing = [o for o in enterprises if o.code not in found]
        if missing:
            by_org: dict[str, list[ActivityRecord]] = {o.code: [] for o in missing}
            for record in self._ws.store.activity([o.code for o in missing], year):
                by_org[record.org_code].append(record)
            for org in missing:
                inventory = compute_inventory(org, year, by_org[org.code], self._ws.refdata)
                self._store(("inventory", org.code, year), inventory)
                found[org.code] = inventory
        return [found[o.code] for o in enterprises]

    # -- summaries -----------------------------------------------------------------------------
    def enterprise(self, code: str, year: int | None = None) -> EnterpriseSummary:
        """Summary of enterprise ``code`` in ``year`` (default: its latest year with data)."""
        self._refresh()
        return self._cached(("enterprise", code, year), lambda version: self._enterprise(
            self._org_of_kind(code, OrgKind.ENTERPRISE), year, version))

    def _enterprise(self, org: Organisation, asked: int | None, version: str
                    ) -> EnterpriseSummary:
        years = self._years([org.code])
        year = self._year(asked, years)
        inv = self._inventories([org], year)[0]
        mb = inv.market_based
        carriers: dict[str, list[float]] = {}
        names: dict[str, tuple[str, str]] = {}
        for line in inv.energy:
            acc = carriers.setdefault(line.item, [0.0, 0.0])
            acc[0] += line.tce_calorific
            acc[1] += line.tce_coal_equivalent
            names[line.item] = (line.item_name_zh, line.item_name_en)
        return EnterpriseSummary(
            org=org.code, org_name=org.name, year=year, years=years, co2e_t=inv.co2e_t,
            scope1_co2e_t=inv.scope1_co2e_t, scope2_location_co2e_t=inv.scope2_location_co2e_t,
            scope2_market_co2e_t=inv.scope2_market_co2e_t,
            energy_tce_calorific=inv.energy_tce_calorific,
            energy_tce_coal_equivalent=inv.energy_tce_coal_equivalent,
            electricity_mwh=mb.consumed_mwh, green_electricity_mwh=mb.covered_mwh,
            green_power_share=green_share(mb.covered_mwh, mb.consumed_mwh),
            by_source=tuple(sorted(
                (SourceTotalT(site=s.site, source=s.source, co2e_t=s.co2e_t) for s in inv.by_source),
                key=lambda s: (-s.co2e_t, s.site, s.source))),
            by_month=tuple(MonthTotal(month=m, co2e_t=v)
                           for m, v in sorted(inv.by_month.items()) if len(m) == 7),
            energy_by_carrier=tuple(sorted(
                (CarrierEnergy(item=item, name_zh=names[item][0], name_en=names[item][1],
                               tce_calorific=v[0], tce_coal_equivalent=v[1])
                 for item, v in carriers.items()),
                key=lambda c: (-c.tce_calorific, c.item))),
            intensities=inv.intensities, inventory_id=inv.lineage.result_id,
            data_version=version)

    def park(self, code: str, year: int | None = None) -> ParkSummary:
        """Summary of park ``code`` in ``year`` (default: the latest year with data)."""
        self._refresh()
        return self._cached(("park", code, year), lambda version: self._park(
            self._org_of_kind(code, OrgKind.PARK), year, version))

    def _park(self, org: Organisation, asked: int | None, version: str) -> ParkSummary:
        enterprises = self._enterprises_below(org.code)
        years = self._years([o.code for o in enterprises])
        year = self._year(asked, years)
        ranked = _ranked([(o, [inv]) for o, inv in
                          zip(enterprises, self._inventories(enterprises, year), strict=True)])
        totals = _sums(ranked)
        return ParkSummary(org=org.code, org_name=org.name, year=year, years=years,
                           enterprises=ranked, co2e_t=totals[0], energy_tce_calorific=totals[1],
                           electricity_mwh=totals[2], green_electricity_mwh=totals[3],
                           green_power_share=green_share(totals[3], totals[2]),
                           data_version=version)

    def region(self, code: str, year: int | None = None) -> RegionSummary:
        """Summary of region ``code``: every year's totals, its children in ``year``."""
        self._refresh()
        return self._cached(("region", code, year), lambda version: self._region(
            self._org_of_kind(code, OrgKind.REGION), year, version))

    def _region(self, org: Organisation, asked: int | None, version: str) -> RegionSummary:
        enterprises = self._enterprises_below(org.code)
        years = self._years([o.code for o in enterprises])
        year = self._year(asked, years)
        trend = []
        for each in years:
            invs = [i for i in self._inventories(enterprises, each) if i.lineage.input_record_ids]
            rows = _ranked([(self._orgs()[i.org], [i]) for i in invs])
            totals = _sums(rows)
            trend.append(YearTotal(year=each, enterprises=len(invs), co2e_t=totals[0],
                                   energy_tce_calorific=totals[1], electricity_mwh=totals[2],
                                   green_electricity_mwh=totals[3],
                                   green_power_share=green_share(totals[3], totals[2])))
        by_enterprise = dict(zip((o.code for o in enterprises),
                                 self._inventories(enterprises, year), strict=True))
        children = []
        for child in self._children().get(org.code, []):
            if child.kind is OrgKind.ENTERPRISE:
                below = [child]
            elif child.kind in (OrgKind.PARK, OrgKind.REGION):
                below = self._enterprises_below(child.code)
            else:
                continue
            children.append((child, [by_enterprise[o.code] for o in below]))
        return RegionSummary(org=org.code, org_name=org.name, year=year, years=years,
                             trend=tuple(trend), children=_ranked(children),
                             data_version=version)


def _ranked(groups: Sequence[tuple[Organisation, Sequence[Inventory]]]) -> tuple[OrgTotal, ...]:
    """One row per organisation with the sums of its inventories, largest emissions first."""
    rows = []
    for org, invs in groups:
        co2e = math.fsum(i.co2e_t for i in invs)
        energy = math.fsum(i.energy_tce_calorific for i in invs)
        mwh = math.fsum(i.market_based.consumed_mwh for i in invs)
        green = math.fsum(i.market_based.covered_mwh for i in invs)
        rows.append((org, co2e, energy, mwh, green))
    rows.sort(key=lambda r: (-r[1], r[0].code))
    return tuple(OrgTotal(rank=n, org=org.code, org_name=org.name, kind=org.kind, co2e_t=co2e,
                          energy_tce_calorific=energy, electricity_mwh=mwh,
                          green_electricity_mwh=green, green_power_share=green_share(green, mwh))
                 for n, (org, co2e, energy, mwh, green) in enumerate(rows, start=1))


def _sums(rows: Sequence[OrgTotal]) -> tuple[float, float, float, float]:
    """(tCO2e, tce calorific, electricity MWh, green MWh) over the rows."""
    return (math.fsum(r.co2e_t for r in rows), math.fsum(r.energy_tce_calorific for r in rows),
            math.fsum(r.electricity_mwh for r in rows),
            math.fsum(r.green_electricity_mwh for r in rows))


_KIND_ZH = {OrgKind.REGION: "地区", OrgKind.PARK: "园区", OrgKind.ENTERPRISE: "企业",
            OrgKind.SITE: "场所"}


def _a(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _this_year() -> int:
    return datetime.now(UTC).year
