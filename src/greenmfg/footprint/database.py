"""An LCA database in columns, and the product system it assembles into.

Importers, the packaged default database and the workspace store all hand over the same
:class:`LcaDatabase`: five Arrow tables whose units are fixed here, so that no row ever becomes a
Python object on its way from a file to the matrices.

======== ================================================================================
table    columns (amounts in the unit of the flow they belong to)
======== ================================================================================
process  ``process_id``, ``code``, ``name``, ``location``, ``reference_flow_id``,
         ``description``
flow     ``flow_id``, ``name``, ``kind`` (elementary, product, waste), ``compartment``,
         ``subcompartment``, ``cas``, ``formula``, ``unit``
exchange ``process_id``, ``flow_id``, ``amount``, ``is_input``, ``is_avoided``,
         ``is_reference``, ``provider_id`` (null: no provider), uncertainty ``kind``,
         ``loc``, ``scale``, ``minimum``, ``maximum`` (``stats_arrays`` codes, see
         :mod:`~greenmfg.footprint.uncertainty`, with the sign of ``amount``), ``comment``
method   ``method_id``, ``code``, ``name``, ``unit``, ``method_group``, ``description``
factor   ``method_id``, ``flow_id``, ``value`` (method unit per flow unit), uncertainty
         ``kind``, ``loc``, ``scale``, ``minimum``, ``maximum``
======== ================================================================================

Exchange amounts keep the sign and direction of the source: a product input is
``is_input=True`` with a positive amount. :func:`build_product_system` turns them into matrix
entries as openLCA and Brightway do: an input of a product (or an avoided output) is a negative
technosphere entry in the row of its provider, an output (a by-product, or waste handed to a
treatment) a positive one; a process whose reference exchange is an input (a waste treatment)
gets a negative reference amount; elementary flows enter the biosphere matrix as they are
(emissions and resource uses both positive).

References
----------
openLCA schema 2 (``Exchange.isAvoidedProduct``: "avoided flows are linked in the same way but
with a negative sign"); Heijungs, R. and Suh, S. (2002), chapter 2.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from greenmfg.errors import InputError, Location, NotFoundError
from greenmfg.footprint.uncertainty import Distribution, Uncertainty

if TYPE_CHECKING:  # the matrix code (and SciPy) loads only when a system is built
    from greenmfg.footprint.system import ProductSystem

__all__ = ["EXCHANGE_SCHEMA", "FACTOR_SCHEMA", "FLOW_SCHEMA", "METHOD_SCHEMA", "PROCESS_SCHEMA",
           "FlowKind", "LcaDatabase", "SystemCache", "build_product_system", "resolve_method",
           "resolve_process", "shared_system_cache", "table_hash"]

FloatArray = NDArray[np.float64]

PROCESS_SCHEMA = pa.schema([
    ("process_id", pa.string()), ("code", pa.string()), ("name", pa.string()),
    ("location", pa.string()), ("reference_flow_id", pa.string()), ("description", pa.string()),
])
FLOW_SCHEMA = pa.schema([
    ("flow_id", pa.string()), ("name", pa.string()), ("kind", pa.string()),
    ("compartment", pa.string()), ("subcompartment", pa.string()), ("cas", pa.string()),
    ("formula", pa.string()), ("unit", pa.string()),
])
_UNCERTAINTY_FIELDS = [
    ("kind", pa.uint8()), ("loc", pa.float64()), ("scale", pa.float64()),
    ("minimum", pa.float64()), ("maximum", pa.float64()),
]
EXCHANGE_SCHEMA = pa.schema([
    ("process_id", pa.string()), ("flow_id", pa.string()), ("amount", pa.float64()),
    ("is_input", pa.bool_()), ("is_avoided", pa.bool_()), ("is_reference", pa.bool_()),
    ("provider_id", pa.string()), *_UNCERTAINTY_FIELDS, ("comment", pa.string()),
])
METHOD_SCHEMA = pa.schema([
    ("method_id", pa.string()), ("code", pa.string()), ("name", pa.string()),
    ("unit", pa.string()), ("method_group", pa.string()), ("description", pa.string()),
])
FACTOR_SCHEMA = pa.schema([
    ("method_id", pa.string()), ("flow_id", pa.string()), ("value", pa.float64()),
    *_UNCERTAINTY_FIELDS,
])

#: Sort keys that make a table's content independent of the order it was read in.
_KEYS: dict[str, tuple[str, ...]] = {
    "processes": ("process_id",),
    "flows": ("flow_id",),
    "exchanges": ("process_id", "flow_id", "is_reference", "is_input", "amount", "provider_id",
                  "comment"),
    "methods": ("method_id",),
    "factors": ("method_id", "flow_id"),
}
_SCHEMAS = {"processes": PROCESS_SCHEMA, "flows": FLOW_SCHEMA, "exchanges": EXCHANGE_SCHEMA,
            "methods": METHOD_SCHEMA, "factors": FACTOR_SCHEMA}


class FlowKind(StrEnum):
    """The kinds of flow (the strings of the ``kind`` column)."""

    ELEMENTARY = "elementary"
    PRODUCT = "product"
    WASTE = "waste"


def _canonical(name: str, table: pa.Table) -> pa.Table:
    schema = _SCHEMAS[name]
    missing = [f.name for f in schema if f.name not in table.column_names]
    if missing:
        raise InputError(f"LCA {name} table lacks columns {', '.join(missing)}",
                         f"LCA {name} 表缺少列 {', '.join(missing)}",
                         expected=", ".join(schema.names), found=", ".join(table.column_names))
    table = table.select(schema.names).cast(schema)
    if table.num_rows == 0:
        return table
    return table.sort_by([(key, "ascending") for key in _KEYS[name]]).combine_chunks()


def table_hash(table: pa.Table) -> str:
    """SHA-256 of a table's column names, types and values (NaN and null spelled out).

    >>> a = pa.table({"x": ["a", None], "y": [1.0, float("nan")]})
    >>> table_hash(a) == table_hash(pa.table({"x": ["a", None], "y": [1.0, float("nan")]}))
    True
    """
    digest = hashlib.sha256()
    for name, column in zip(table.column_names, table.columns, strict=True):
        digest.update(f"{name}:{column.type}:{len(column)}\x1e".encode())
        if pa.types.is_floating(column.type):
            values = np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.float64)
            values = np.where(np.isnan(values), np.nan, values)  # one bit pattern for NaN
            digest.update(np.ascontiguousarray(values).tobytes())
        elif pa.types.is_integer(column.type) or pa.types.is_boolean(column.type):
            digest.update(np.asarray(column.to_numpy(zero_copy_only=False)).astype(np.int64)
                          .tobytes())
        else:
            digest.update("\x1f".join("\x00" if v is None else str(v)
                                      for v in column.to_pylist()).encode())
        digest.update(b"\x1d")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class LcaDatabase:
    """An LCA database: processes, flows, exchanges, methods and factors in Arrow tables.

    Build with :meth:`of`, which checks the columns, sorts the rows into a canonical order and
    computes ``content_hash`` from the tables alone (not from the id, name or source format), so
    the same data read from any file gives the same hash.
    """

    database_id: str
    name: str
    source_format: str
    processes: pa.Table
    flows: pa.Table
    exchanges: pa.Table
    methods: pa.Table
    factors: pa.Table
    content_hash: str

    @classmethod
    def of(cls, database_id: str, name: str, source_format: str, *, processes: pa.Table,
           flows: pa.Table, exchanges: pa.Table, methods: pa.Table,
           factors: pa.Table) -> LcaDatabase:
        """Canonical tables and their content hash (see the class docstring)."""
        tables = {"processes": processes, "flows": flows, "exchanges": exchanges,
                  "methods": methods, "factors": factors}
        canonical = {name_: _canonical(name_, table) for name_, table in tables.items()}
        digest = hashlib.sha256()
        for name_ in _KEYS:
            digest.update(name_.encode() + b"\x1e" + table_hash(canonical[name_]).encode())
        return cls(database_id, name, source_format, content_hash=digest.hexdigest(),
                   **canonical)

    @property
    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {"processes": self.processes.num_rows, "flows": self.flows.num_rows,
                "exchanges": self.exchanges.num_rows, "methods": self.methods.num_rows,
                "factors": self.factors.num_rows}

    def process_rows(self) -> list[dict[str, Any]]:
        """Processes as dicts, with the name and unit of their reference product."""
        flows = {r["flow_id"]: r for r in self.flows.select(["flow_id", "name", "unit"])
                 .to_pylist()}
        rows = []
        for row in self.processes.to_pylist():
            flow = flows.get(row["reference_flow_id"], {})
            rows.append({**row, "product_name": flow.get("name", ""),
                         "unit": flow.get("unit", "")})
        return rows

    def method_rows(self) -> list[dict[str, Any]]:
        """Methods as dicts."""
        rows: list[dict[str, Any]] = self.methods.to_pylist()
        return rows


def _resolve(rows: Sequence[Mapping[str, Any]], key: str, wanted: str, what: str,
             where: str) -> dict[str, Any]:
    """A row by exact id, then code, then case-insensitive name (which must be unique)."""
    for field in (key, "code"):
        for row in rows:
            if row.get(field) and row[field] == wanted:
                return dict(row)
    folded = wanted.casefold()
    named = [row for row in rows if str(row.get("name", "")).casefold() == folded]
    if len(named) == 1:
        return dict(named[0])
    if len(named) > 1:
        ids = ", ".join(str(row[key]) for row in named)
        raise NotFoundError(f"{len(named)} {what}s in {where} are named '{wanted}' ({ids}); "
                            "give the id instead",
                            f"{where} 中有 {len(named)} 个名为“{wanted}”的{what}（{ids}），请改用编号")
    raise NotFoundError(f"no {what} '{wanted}' in {where}; `greenmfg footprint list` shows "
                        "ids, codes and names",
                        f"{where} 中没有{what}“{wanted}”；`greenmfg footprint list` 列出编号、代码和名称")


def resolve_process(database: LcaDatabase, wanted: str) -> dict[str, Any]:
    """The process (with its product name and unit) named by id, code or name."""
    return _resolve(database.process_rows(), "process_id", wanted, "product",
                    f"database '{database.database_id}'")


def resolve_method(methods: Sequence[Mapping[str, Any]], wanted: str, where: str
                   ) -> dict[str, Any]:
    """The method named by id, code or name among ``methods``."""
    return _resolve(methods, "method_id", wanted, "method", where)


def _uncertainty(columns: Mapping[str, NDArray[Any]], mask: NDArray[np.bool_],
                 sign: FloatArray) -> Uncertainty | None:
    kind = columns["kind"][mask].astype(np.uint8)
    if not (kind >= Distribution.LOGNORMAL).any():
        return None
    loc, scale = columns["loc"][mask], columns["scale"][mask]
    low, high = columns["minimum"][mask], columns["maximum"][mask]
    # Parameters follow the amount's sign; a flipped amount flips normal, uniform and
    # triangular parameters (a lognormal keeps ln|median| and takes its sign from the amount).
    flip = sign < 0
    lognormal = kind == Distribution.LOGNORMAL
    loc = np.where(flip & ~lognormal, -loc, loc)
    low, high = np.where(flip, -high, low), np.where(flip, -low, high)
    return Uncertainty(kind, loc, scale, low, high)


def _columns(table: pa.Table, names: Sequence[str]) -> dict[str, NDArray[Any]]:
    out: dict[str, NDArray[Any]] = {}
    for name in names:
        column = table.column(name)
        if pa.types.is_string(column.type):
            out[name] = np.array(column.to_pylist(), dtype=object)
        else:
            out[name] = np.asarray(column.to_numpy(zero_copy_only=False))
    return out


def _merged(parts: Sequence[pa.Table], key: str) -> pa.Table:
    """Rows of the tables, the first occurrence of each key winning."""
    if len(parts) == 1:
        return parts[0]
    seen: set[str] = set()
    kept = []
    for table in parts:
        ids = table.column(key).to_pylist()
        mask = [i not in seen for i in ids]
        seen.update(ids)
        kept.append(table.filter(pa.array(mask, pa.bool_())))
    return pa.concat_tables(kept)


def build_product_system(database: LcaDatabase, *, methods_from: Sequence[LcaDatabase] = (),
                         ) -> ProductSystem:
    """Assemble the matrices of a database (see the module docstring for the sign rules).

    Parameters
    ----------
    database
        The processes to assemble, with their flows and methods.
    methods_from
        Further databases (the packaged default) whose elementary flows and methods are added,
        so that any database can be scored with the default methods. Ids already in
        ``database`` win.

    Raises
    ------
    InputError
        A process without exactly one reference exchange, an exchange whose flow is not in the
        database, or uncertainty parameters that cannot be sampled.
    """
    from greenmfg.footprint.system import CharacterisationMethod, Exchanges, build_system

    where = f"LCA database '{database.database_id}'"
    processes = database.processes.column("process_id").to_pylist()
    process_index = {p: i for i, p in enumerate(processes)}
    flows = _merged([database.flows, *(d.flows for d in methods_from)], "flow_id")
    flow_kind = dict(zip(flows.column("flow_id").to_pylist(), flows.column("kind").to_pylist(),
                         strict=True))
    ex = _columns(database.exchanges, ["process_id", "flow_id", "amount", "is_input",
                                       "is_avoided", "is_reference", "provider_id", "kind",
                                       "loc", "scale", "minimum", "maximum"])
    unknown = [f for f in set(ex["flow_id"].tolist()) if f not in flow_kind]
    if unknown:
        first = sorted(unknown)[0]
        raise InputError(f"{where}: exchanges refer to flow '{first}' which is not in its flow "
                         "table", f"{where}：交换引用了流表中没有的流“{first}”",
                         location=Location(sheet="exchanges", column="flow_id"),
                         expected="a flow of the database", found=first)
    kinds = np.array([flow_kind[f] for f in ex["flow_id"].tolist()], dtype=object)
    is_input = ex["is_input"].astype(bool)
    reference = ex["is_reference"].astype(bool)
    counts = np.bincount([process_index[p] for p in ex["process_id"][reference].tolist()],
                         minlength=len(processes))
    if (counts != 1).any():
        bad = processes[int(np.flatnonzero(counts != 1)[0])]
        raise InputError(f"{where}: process '{bad}' has {int(counts[process_index[bad]])} "
                         "reference exchanges; a process needs exactly one reference product",
                         f"{where}：过程“{bad}”的参考交换数不为 1", expected="one reference exchange",
                         found=str(int(counts[process_index[bad]])))
    reference_amounts = np.zeros(len(processes))
    ref_cols = np.array([process_index[p] for p in ex["process_id"][reference].tolist()],
                        dtype=np.int64)
    reference_amounts[ref_cols] = np.where(is_input[reference], -1.0, 1.0) * \
        ex["amount"][reference]

    linked = ~reference & np.isin(kinds, [FlowKind.PRODUCT.value, FlowKind.WASTE.value]) & \
        np.array([p is not None and p in process_index for p in ex["provider_id"].tolist()],
                 dtype=bool)
    sign = np.where(is_input[linked], -1.0, 1.0) * np.where(ex["is_avoided"][linked], -1.0, 1.0)
    technosphere = Exchanges(
        np.array([process_index[p] for p in ex["provider_id"][linked].tolist()], dtype=np.int64),
        np.array([process_index[p] for p in ex["process_id"][linked].tolist()], dtype=np.int64),
        sign * ex["amount"][linked], _uncertainty(ex, linked, sign))

    elementary_ids = [f for f, k in zip(flows.column("flow_id").to_pylist(),
                                        flows.column("kind").to_pylist(), strict=True)
                      if k == FlowKind.ELEMENTARY]
    elementary_ids.sort()
    flow_index = {f: i for i, f in enumerate(elementary_ids)}
    bio = ~reference & (kinds == FlowKind.ELEMENTARY.value)
    biosphere = Exchanges(
        np.array([flow_index[f] for f in ex["flow_id"][bio].tolist()], dtype=np.int64),
        np.array([process_index[p] for p in ex["process_id"][bio].tolist()], dtype=np.int64),
        ex["amount"][bio].astype(np.float64), _uncertainty(ex, bio, np.ones(int(bio.sum()))))

    methods = _merged([database.methods, *(d.methods for d in methods_from)], "method_id")
    factors = pa.concat_tables([database.factors, *(d.factors for d in methods_from)])
    fa = _columns(factors, ["method_id", "flow_id", "value", "kind", "loc", "scale", "minimum",
                            "maximum"])
    # Factors of flows outside the system do not count; a method given twice (in the database
    # and in the defaults) keeps the first factor of each flow, the database's.
    rows_of: dict[str, list[int]] = {}
    seen: set[tuple[str, str]] = set()
    for row, (method_id, flow) in enumerate(zip(fa["method_id"].tolist(),
                                                fa["flow_id"].tolist(), strict=True)):
        if flow in flow_index and (method_id, flow) not in seen:
            seen.add((method_id, flow))
            rows_of.setdefault(method_id, []).append(row)
    characterisation = []
    for method_id, unit in zip(methods.column("method_id").to_pylist(),
                               methods.column("unit").to_pylist(), strict=True):
        keep = np.zeros(len(fa["method_id"]), dtype=bool)
        keep[rows_of.get(method_id, [])] = True
        characterisation.append(CharacterisationMethod(
            method_id, unit, np.array([flow_index[f] for f in fa["flow_id"][keep].tolist()],
                                      dtype=np.int64),
            fa["value"][keep].astype(np.float64),
            _uncertainty(fa, keep, np.ones(int(keep.sum())))))
    return build_system(processes, reference_amounts, technosphere, elementary_ids, biosphere,
                        characterisation, name=database.database_id)


class SystemCache:
    """A small thread-safe LRU of product systems keyed by the content hashes they came from.

    With the factorisation cache (keyed by the technosphere matrix) this lets an unchanged
    database skip both the assembly and the factorisation.
    """

    def __init__(self, maxsize: int = 4) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[str, ProductSystem] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(database_hash: str, *method_hashes: str) -> str:
        """The key of a database assembled with the methods of other databases."""
        return ":".join((database_hash, *method_hashes))

    def get(self, key: str) -> ProductSystem | None:
        """The cached system, or ``None``."""
        with self._lock:
            system = self._items.get(key)
            if system is not None:
                self._items.move_to_end(key)
            return system

    def put(self, key: str, system: ProductSystem) -> None:
        """Cache a system, dropping the least recently used beyond ``maxsize``."""
        if self.maxsize <= 0:
            return
        with self._lock:
            self._items[key] = system
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)


_shared: list[SystemCache] = []
_shared_lock = threading.Lock()


def shared_system_cache() -> SystemCache:
    """The process-wide product-system cache (created on first use)."""
    with _shared_lock:
        if not _shared:
            _shared.append(SystemCache())
        return _shared[0]
