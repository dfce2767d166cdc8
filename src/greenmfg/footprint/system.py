"""Assembling a product system into the matrices of the matrix LCA method.

A product system has ``n`` processes, each with one reference product, ``m`` elementary flows and
any number of characterisation methods. It becomes three sparse matrices (Heijungs & Suh 2002):

- the technosphere matrix ``A`` (products × processes, square, CSC): production positive on the
  diagonal, inputs negative, as in Brightway (bw2calc);
- the biosphere matrix ``B`` (flows × processes, CSC): emissions and resource uses per process;
- the characterisation matrix ``C`` (methods × flows, CSR): one row of factors per method.

For a final demand ``f`` the supply ``s`` solves ``A s = f``, the inventory is ``g = B s`` and the
scores are ``h = C g``.

The order of processes and flows is the order given; exchanges may come in any order (entries
that land on the same matrix position are summed), so the same input always gives the same
matrices, byte for byte, and the same content hash.

References
----------
Heijungs, R. and Suh, S. (2002). *The Computational Structure of Life Cycle Assessment*.
Kluwer, chapter 2 (the technology and intervention matrices) and chapter 3 (inversion).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from greenmfg.errors import InputError, Location, NotFoundError
from greenmfg.footprint.uncertainty import SamplingPlan, Uncertainty, plan_sampling

__all__ = ["CharacterisationMethod", "Exchanges", "ProductSystem", "build_system", "matrix_hash"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Exchanges:
    """A table of exchanges: one matrix row, column and amount per entry.

    ``rows`` and ``cols`` are either integer positions or ids (strings) of the products, flows and
    processes they refer to. Amounts are in the unit of the matrix: per reference amount of the
    process's product for the technosphere, and per the same for elementary flows.
    """

    rows: Sequence[str] | ArrayLike
    cols: Sequence[str] | ArrayLike
    amounts: ArrayLike
    uncertainty: Uncertainty | None = None


@dataclass(frozen=True, slots=True)
class CharacterisationMethod:
    """One impact method: a factor per elementary flow, in ``unit`` per unit of that flow."""

    name: str
    unit: str
    flows: Sequence[str] | ArrayLike
    factors: ArrayLike
    uncertainty: Uncertainty | None = None


def matrix_hash(matrix: sparse.spmatrix | sparse.sparray) -> str:
    """SHA-256 of a compressed sparse matrix's format, shape, structure and values.

    >>> a = sparse.csc_matrix(np.array([[1.0, 0.0], [-0.5, 1.0]]))
    >>> matrix_hash(a) == matrix_hash(a.copy()), matrix_hash(a) == matrix_hash(2 * a)
    (True, False)
    """
    digest = hashlib.sha256()
    digest.update(f"{matrix.format}:{matrix.shape[0]}x{matrix.shape[1]}:".encode())
    for array in (matrix.indptr, matrix.indices, matrix.data):
        digest.update(str(array.dtype).encode())
        digest.update(np.ascontiguousarray(array).data)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class ProductSystem:
    """The assembled matrices of a product system, with ids, sampling plans and content hash.

    Build with :func:`build_system`. Matrix arrays are read-only: the hashes stay true for the
    life of the object, so a cached factorisation can be trusted.
    """

    name: str
    process_ids: tuple[str, ...]
    flow_ids: tuple[str, ...]
    methods: tuple[str, ...]
    method_units: tuple[str, ...]
    technosphere: sparse.csc_matrix
    biosphere: sparse.csc_matrix
    characterisation: sparse.csr_matrix
    technosphere_plan: SamplingPlan
    biosphere_plan: SamplingPlan
    characterisation_plan: SamplingPlan
    technosphere_hash: str
    content_hash: str
    _process_index: dict[str, int] = field(repr=False, compare=False)
    _flow_index: dict[str, int] = field(repr=False, compare=False)

    @property
    def size(self) -> int:
        """Number of processes (and of products)."""
        return len(self.process_ids)

    def process_index(self, process_id: str) -> int:
        """Position of a process (and of its product) in the matrices."""
        try:
            return self._process_index[process_id]
        except KeyError:
            raise NotFoundError(f"process '{process_id}' is not in product system '{self.name}'",
                                f"产品系统 '{self.name}' 中没有过程 '{process_id}'") from None

    def flow_index(self, flow_id: str) -> int:
        """Position of an elementary flow in the biosphere matrix."""
        try:
            return self._flow_index[flow_id]
        except KeyError:
            raise NotFoundError(f"elementary flow '{flow_id}' is not in product system "
                                f"'{self.name}'",
                                f"产品系统 '{self.name}' 中没有基本流 '{flow_id}'") from None

    def method_index(self, method: str) -> int:
        """Position of a characterisation method (row of the characterisation matrix)."""
        if method not in self.methods:
            raise NotFoundError(f"method '{method}' is not in product system '{self.name}'; "
                                f"it has {', '.join(self.methods) or 'no methods'}",
                                f"产品系统 '{self.name}' 中没有评价方法 '{method}'")
        return self.methods.index(method)

    def demand_vector(self, demand: Mapping[str, float]) -> FloatArray:
        """Final demand as a dense vector over products, from product id → amount."""
        vector = np.zeros(self.size)
        for product, amount in demand.items():
            vector[self.process_index(product)] += float(amount)
        return vector


def _positions(
    values: Sequence[str] | ArrayLike, index: Mapping[str, int], limit: int, what: str, table: str,
) -> IndexArray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise InputError(f"{table}: {what} must be a 1-D list", f"{table}：{what} 必须是一维列表",
                         location=Location(sheet=table, column=what), found=str(array.shape))
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    if np.issubdtype(array.dtype, np.integer):
        positions = array.astype(np.int64, copy=False)  # read only: no copy needed
        if positions.min() < 0 or positions.max() >= limit:
            i = int(np.flatnonzero((positions < 0) | (positions >= limit))[0])
            raise InputError(f"{what} position {positions[i]} is out of range",
                             f"{what} 位置 {positions[i]} 超出范围",
                             location=Location(sheet=table, row=i + 1, column=what),
                             expected=f"0 to {limit - 1}", found=str(positions[i]))
        return positions
    out = np.empty(array.size, dtype=np.int64)
    for i, key in enumerate(array.tolist()):
        position = index.get(str(key))
        if position is None:
            raise InputError(f"unknown {what} '{key}'; add it to the system or fix the id",
                             f"未知的{what} '{key}'；请先加入系统或更正编号",
                             location=Location(sheet=table, row=i + 1, column=what),
                             expected=f"one of the {limit} declared ids", found=str(key))
        out[i] = position
    return out


def _amounts(values: ArrayLike, n: int, table: str, describe: Callable[[int], str]) -> FloatArray:
    amounts = np.asarray(values, dtype=np.float64)
    if amounts.shape != (n,):
        raise InputError(f"{table}: {n} rows but {amounts.shape} amounts",
                         f"{table}：有 {n} 行但金额形状为 {amounts.shape}",
                         location=Location(sheet=table, column="amount"),
                         expected=f"{n} amounts", found=str(amounts.shape))
    bad = ~np.isfinite(amounts)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"{describe(i)}: amount is {amounts[i]}; give a finite number",
                         f"{describe(i)}：数量为 {amounts[i]}，应为有限数",
                         location=Location(sheet=table, row=i + 1, column="amount"),
                         expected="a finite number", found=str(amounts[i]))
    return amounts


def _compress(
    rows: IndexArray, cols: IndexArray, amounts: FloatArray, shape: tuple[int, int],
) -> tuple[sparse.csc_matrix, IndexArray]:
    """CSC matrix summing entries on the same position, and each entry's slot in its data.

    >>> m, slots = _compress(np.array([1, 0, 1]), np.array([0, 0, 0]), np.array([2.0, 1.0, 3.0]),
    ...                      (2, 1))
    >>> m.toarray().ravel().tolist(), slots.tolist()
    ([1.0, 5.0], [1, 0, 1])
    """
    key = cols * shape[0]
    key += rows
    if key.size == 0 or bool((key[1:] > key[:-1]).all()):
        # Already in column order without repeats (the usual export order): nothing to sort.
        slots = np.arange(key.size, dtype=np.int64)
        data = amounts + 0.0  # a fresh array, and -0.0 stored as 0.0 as a sum would give
        indices = rows.astype(np.int32)
        counts = np.bincount(cols, minlength=shape[1])
    else:
        # A stable sort is a linear merge for the usual input: runs already in column order.
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        first = np.empty(ordered.size, dtype=bool)
        first[:1] = True
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
        del key, ordered
        slots = np.empty(order.size, dtype=np.int64)
        if first.all():  # no two entries on one position: a permutation
            slots[order] = np.arange(order.size, dtype=np.int64)
            data = amounts[order]
            data += 0.0
            leaders = order
            counts = np.bincount(cols, minlength=shape[1])
        else:
            slots[order] = np.cumsum(first) - 1
            leaders = order[first]
            data = np.bincount(slots, weights=amounts, minlength=leaders.size).astype(
                np.float64, copy=False)
            counts = np.bincount(cols[leaders], minlength=shape[1])
        indices = rows.astype(np.int32)[leaders]
    indptr = np.zeros(shape[1] + 1, dtype=np.int32)
    np.cumsum(counts, out=indptr[1:])
    matrix = sparse.csc_matrix((data, indices, indptr), shape=shape)
    matrix.has_sorted_indices = True
    return matrix, slots


def _check_uncertainty(
    uncertainty: Uncertainty | None, amounts: FloatArray, table: str,
    describe: Callable[[int], str],
) -> None:
    if uncertainty is None:
        return
    if len(uncertainty) != amounts.shape[0]:
        raise InputError(f"{table}: {len(uncertainty)} uncertainty entries for "
                         f"{amounts.shape[0]} rows",
                         f"{table}：不确定性条目数 {len(uncertainty)} 与行数 {amounts.shape[0]} 不符",
                         location=Location(sheet=table, column="uncertainty"),
                         expected=f"{amounts.shape[0]} entries", found=str(len(uncertainty)))
    problem = uncertainty.invalid(amounts)
    if problem is not None:
        i, why = problem
        raise InputError(f"{describe(i)}: {why}", f"{describe(i)}：分布参数无效（{why}）",
                         location=Location(sheet=table, row=i + 1, column="uncertainty"),
                         expected=why, found=f"kind {int(uncertainty.kind[i])}, loc "
                         f"{uncertainty.loc[i]}, scale {uncertainty.scale[i]}, minimum "
                         f"{uncertainty.minimum[i]}, maximum {uncertainty.maximum[i]}")


def _unique_ids(ids: Sequence[str], what: str) -> tuple[tuple[str, ...], dict[str, int]]:
    values = tuple(map(str, ids))
    index = dict(zip(values, range(len(values)), strict=True))
    if len(index) == len(values):
        return values, index
    index = {}
    for i, key in enumerate(values):
        if key in index:
            raise InputError(f"{what} id '{key}' appears twice (positions {index[key]} and {i})",
                             f"{what}编号 '{key}' 重复（位置 {index[key]} 和 {i}）",
                             location=Location(sheet=what, row=i + 1, column="id"),
                             expected="unique ids", found=key)
        index[key] = i
    return values, index


def _readonly(matrix: sparse.spmatrix) -> None:
    for array in (matrix.data, matrix.indices, matrix.indptr):
        array.setflags(write=False)


def build_system(
    process_ids: Sequence[str],
    reference_amounts: ArrayLike,
    technosphere: Exchanges,
    flow_ids: Sequence[str],
    biosphere: Exchanges,
    methods: Sequence[CharacterisationMethod] = (),
    *,
    name: str = "product system",
) -> ProductSystem:
    """Assemble and validate the matrices of a product system.

    Parameters
    ----------
    process_ids
        One id per process; process ``j`` has one reference product, also called ``j``.
    reference_amounts
        Amount of its reference product that each process makes, in the product's unit
        (negative for a waste treatment whose reference flow is the waste it takes in).
    technosphere
        Exchanges between processes: ``rows`` name the product, ``cols`` the process using it
        (negative amount) or making it as a by-product (positive amount). An exchange on the
        diagonal (a process using its own product) is added to its reference amount.
    flow_ids
        One id per elementary flow.
    biosphere
        Elementary flows: ``rows`` name the flow, ``cols`` the process; amounts per reference
        amount of the process, in the flow's unit (emissions and resource uses both positive).
    methods
        Characterisation methods; each factor is in the method's unit per unit of its flow.
    name
        Label used in messages.

    Raises
    ------
    InputError
        Duplicate ids, unknown or out-of-range references, non-finite amounts, a zero net
        reference amount, a repeated factor or invalid uncertainty; the message names the
        process, flow or method concerned.
    """
    processes, process_index = _unique_ids(process_ids, "process")
    flows, flow_index = _unique_ids(flow_ids, "flow")
    n, m = len(processes), len(flows)
    if n == 0:
        raise InputError(f"{name}: a product system needs at least one process",
                         f"{name}：产品系统至少需要一个过程", expected="1 or more processes",
                         found="0")
    reference = _amounts(reference_amounts, n, "reference amounts",
                         lambda i: f"process '{processes[i]}'")
    zero = reference == 0
    if zero.any():
        p = processes[int(np.flatnonzero(zero)[0])]
        raise InputError(f"process '{p}' has a reference amount of 0; every process must make "
                         "a non-zero amount of its product",
                         f"过程 '{p}' 的基准产量为 0；每个过程的产品产量须非零",
                         location=Location(sheet="processes", row=int(np.flatnonzero(zero)[0]) + 1,
                                           column="reference_amount"),
                         expected="a non-zero amount", found="0")

    t_rows = _positions(technosphere.rows, process_index, n, "product", "technosphere")
    t_cols = _positions(technosphere.cols, process_index, n, "process", "technosphere")
    if t_rows.size != t_cols.size:
        raise InputError("technosphere: rows and cols differ in length",
                         "技术圈交换：行与列长度不一致", expected=f"{t_rows.size} columns",
                         found=str(t_cols.size))

    def t_describe(i: int) -> str:
        return (f"technosphere exchange {i + 1} (product '{processes[t_rows[i]]}' → process "
                f"'{processes[t_cols[i]]}')")

    t_amounts = _amounts(technosphere.amounts, t_rows.size, "technosphere", t_describe)
    _check_uncertainty(technosphere.uncertainty, t_amounts, "technosphere", t_describe)

    diagonal = np.arange(n, dtype=np.int64)
    a_rows = np.concatenate([diagonal, t_rows])
    a_cols = np.concatenate([diagonal, t_cols])
    a_amounts = np.concatenate([reference, t_amounts])
    a_matrix, a_slots = _compress(a_rows, a_cols, a_amounts, (n, n))
    del a_rows, a_cols
    net = a_matrix.diagonal()
    if (net == 0).any():
        p = processes[int(np.flatnonzero(net == 0)[0])]
        raise InputError(f"process '{p}' uses all of the product it makes (net reference amount "
                         "0); the system cannot be solved for it",
                         f"过程 '{p}' 消耗了其全部产品（净产量为 0），无法求解",
                         location=Location(sheet="technosphere", column="amount"),
                         expected="a non-zero net reference amount", found="0")
    a_uncertainty = None
    if technosphere.uncertainty is not None:
        u = technosphere.uncertainty
        fixed = np.zeros(n, dtype=np.uint8)
        nan = np.full(n, np.nan)
        a_uncertainty = Uncertainty(np.concatenate([fixed, u.kind]), np.concatenate([nan, u.loc]),
                                    np.concatenate([nan, u.scale]),
                                    np.concatenate([nan, u.minimum]),
                                    np.concatenate([nan, u.maximum]))
    a_plan = plan_sampling(a_amounts, a_slots, a_matrix.nnz, a_uncertainty)

    b_rows = _positions(biosphere.rows, flow_index, m, "flow", "biosphere")
    b_cols = _positions(biosphere.cols, process_index, n, "process", "biosphere")

    def b_describe(i: int) -> str:
        return f"biosphere exchange {i + 1} (flow '{flows[b_rows[i]]}' of process " \
               f"'{processes[b_cols[i]]}')"

    b_amounts = _amounts(biosphere.amounts, b_rows.size, "biosphere", b_describe)
    _check_uncertainty(biosphere.uncertainty, b_amounts, "biosphere", b_describe)
    b_matrix, b_slots = _compress(b_rows, b_cols, b_amounts, (m, n))
    b_plan = plan_sampling(b_amounts, b_slots, b_matrix.nnz, biosphere.uncertainty)

    names = [method.name for method in methods]
    for i, method_name in enumerate(names):
        if method_name in names[:i]:
            raise InputError(f"method '{method_name}' is given twice",
                             f"评价方法 '{method_name}' 重复", expected="unique method names",
                             found=method_name)
    c_rows_list, c_cols_list, c_amounts_list, c_uncertainty_parts = [], [], [], []
    any_uncertain = any(method.uncertainty is not None for method in methods)
    for k, method in enumerate(methods):
        table = f"method '{method.name}'"
        cols = _positions(method.flows, flow_index, m, "flow", table)

        def describe(i: int, table: str = table, cols: IndexArray = cols) -> str:
            return f"{table}, factor for flow '{flows[cols[i]]}'"

        factors = _amounts(method.factors, cols.size, table, describe)
        seen, counts = np.unique(cols, return_counts=True)
        if (counts > 1).any():
            flow = flows[int(seen[counts > 1][0])]
            raise InputError(f"{table} has two factors for flow '{flow}'; keep one",
                             f"评价方法 '{method.name}' 对基本流 '{flow}' 有两个因子，请保留一个",
                             location=Location(sheet=table, column="flow"),
                             expected="one factor per flow", found=flow)
        _check_uncertainty(method.uncertainty, factors, table, describe)
        c_rows_list.append(np.full(cols.size, k, dtype=np.int64))
        c_cols_list.append(cols)
        c_amounts_list.append(factors)
        if any_uncertain:
            c_uncertainty_parts.append(method.uncertainty or Uncertainty.of(
                np.zeros(cols.size, dtype=np.uint8)))
    c_rows = np.concatenate(c_rows_list) if methods else np.zeros(0, dtype=np.int64)
    c_cols = np.concatenate(c_cols_list) if methods else np.zeros(0, dtype=np.int64)
    c_amounts = np.concatenate(c_amounts_list) if methods else np.zeros(0)
    # Built as the CSC matrix of Cᵀ (flows × methods), whose arrays are those of C in CSR.
    ct_matrix, c_slots = _compress(c_cols, c_rows, c_amounts, (m, len(methods)))
    c_matrix = sparse.csr_matrix((ct_matrix.data, ct_matrix.indices, ct_matrix.indptr),
                                 shape=(len(methods), m))
    c_uncertainty = None
    if c_uncertainty_parts:
        c_uncertainty = Uncertainty(*(np.concatenate([getattr(u, f) for u in c_uncertainty_parts])
                                      for f in ("kind", "loc", "scale", "minimum", "maximum")))
    c_plan = plan_sampling(c_amounts, c_slots, c_matrix.nnz, c_uncertainty)

    for matrix in (a_matrix, b_matrix, c_matrix):
        _readonly(matrix)
    a_hash = matrix_hash(a_matrix)
    digest = hashlib.sha256(a_hash.encode())
    digest.update(matrix_hash(b_matrix).encode())
    digest.update(matrix_hash(c_matrix).encode())
    for ids in (processes, flows, tuple(names), tuple(method.unit for method in methods)):
        digest.update("\x1f".join(ids).encode() + b"\x1e")
    for plan in (a_plan, b_plan, c_plan):
        for group in plan.groups:
            for array in (group.slots, group.loc, group.scale, group.minimum, group.maximum,
                          group.sign):
                digest.update(np.ascontiguousarray(array).data)
            digest.update(str(int(group.kind)).encode())
    return ProductSystem(
        name=name, process_ids=processes, flow_ids=flows, methods=tuple(names),
        method_units=tuple(method.unit for method in methods), technosphere=a_matrix,
        biosphere=b_matrix, characterisation=c_matrix, technosphere_plan=a_plan,
        biosphere_plan=b_plan, characterisation_plan=c_plan, technosphere_hash=a_hash,
        content_hash=digest.hexdigest(), _process_index=process_index, _flow_index=flow_index)
