"""A thin ctypes binding to Intel MKL PARDISO, found through pypardiso.

pypardiso's own wrapper copies and re-hashes the matrix on every solve and has no transposed
solve; this binding keeps one PARDISO handle per factorisation, passes the CSC arrays of ``A``
as the CSR arrays of ``Aᵀ`` without conversion (zero-based indexing, iparm[34] = 1), and serves
``A x = b`` with PARDISO's transposed solve (iparm[11] = 2) and ``Aᵀ y = b`` with a plain one.
"""

from __future__ import annotations

import ctypes
import threading
import weakref
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

_REAL_NONSYMMETRIC = 11
_PHASE_ANALYSE_FACTORISE = 12
_PHASE_SOLVE = 33
_PHASE_RELEASE_ALL = -1

_ERRORS = {
    -1: "input inconsistent", -2: "not enough memory", -3: "reordering problem",
    -4: "zero pivot, numerical factorisation or iterative refinement problem",
    -5: "unclassified (internal) error", -6: "reordering failed", -7: "diagonal matrix is singular",
    -8: "32-bit integer overflow problem", -9: "not enough memory for out-of-core solver",
    -10: "error opening out-of-core files", -11: "read/write error with out-of-core files",
}


class PardisoError(RuntimeError):
    """PARDISO returned a non-zero error code."""

    def __init__(self, code: int) -> None:
        super().__init__(f"PARDISO error {code}: {_ERRORS.get(code, 'unknown error')}")
        self.code = code


def available() -> bool:
    """Whether pypardiso and its MKL runtime can be loaded."""
    try:
        _library()
    except (ImportError, OSError):
        return False
    return True


@cache
def _library() -> Any:
    from pypardiso.pardiso_wrapper import PyPardisoSolver

    library = ctypes.CDLL(PyPardisoSolver().libmkl._name)
    function = library.pardiso
    pointer = ctypes.POINTER
    int32 = ctypes.c_int32
    function.argtypes = [pointer(ctypes.c_int64), pointer(int32), pointer(int32), pointer(int32),
                         pointer(int32), pointer(int32), ctypes.c_void_p, ctypes.c_void_p,
                         ctypes.c_void_p, ctypes.c_void_p, pointer(int32), ctypes.c_void_p,
                         pointer(int32), ctypes.c_void_p, ctypes.c_void_p, pointer(int32)]
    function.restype = None
    return function


def _release(handle: NDArray[np.int64], iparm: NDArray[np.int32], n: int) -> None:
    error = ctypes.c_int32(0)
    one = ctypes.c_int32(1)
    _library()(handle.ctypes.data_as(ctypes.POINTER(ctypes.c_int64)), ctypes.byref(one),
               ctypes.byref(one), ctypes.byref(ctypes.c_int32(_REAL_NONSYMMETRIC)),
               ctypes.byref(ctypes.c_int32(_PHASE_RELEASE_ALL)), ctypes.byref(ctypes.c_int32(n)),
               None, None, None, None, ctypes.byref(one), iparm.ctypes.data,
               ctypes.byref(ctypes.c_int32(0)), None, None, ctypes.byref(error))


class PardisoLU:
    """A PARDISO factorisation of ``Aᵀ`` given the CSC arrays of ``A`` (shape ``n × n``).

    Solves are serialised with a lock (a PARDISO handle is not re-entrant); MKL's memory is
    released when the object is collected.
    """

    def __init__(self, data: NDArray[np.float64], indices: NDArray[np.int32],
                 indptr: NDArray[np.int32], n: int) -> None:
        self._data = np.ascontiguousarray(data, dtype=np.float64)
        self._indices = np.ascontiguousarray(indices, dtype=np.int32)
        self._indptr = np.ascontiguousarray(indptr, dtype=np.int32)
        self.n = n
        self._handle = np.zeros(64, dtype=np.int64)
        iparm = np.zeros(64, dtype=np.int32)
        iparm[0] = 1     # use the values below, not MKL's defaults
        iparm[1] = 3     # parallel nested dissection (METIS) ordering
        iparm[7] = 0     # iterative refinement: MKL's default (2 steps with perturbed pivots)
        iparm[9] = 13    # pivot perturbation 1e-13
        iparm[10] = 1    # scaling, with
        iparm[12] = 1    # maximum weighted matching
        iparm[17] = -1   # report the number of non-zeros in the factors
        iparm[34] = 1    # zero-based indexing
        self._iparm = iparm
        self._lock = threading.Lock()
        self._call(_PHASE_ANALYSE_FACTORISE, np.zeros((n, 1), order="F"))
        self._finaliser = weakref.finalize(self, _release, self._handle, self._iparm, n)

    @property
    def perturbed_pivots(self) -> int:
        """Pivots PARDISO had to perturb: non-zero means the matrix is singular or nearly."""
        return int(self._iparm[13])

    @property
    def factor_nonzeros(self) -> int:
        """Non-zeros in the L and U factors."""
        return int(self._iparm[17])

    def _call(self, phase: int, rhs: NDArray[np.float64]) -> NDArray[np.float64]:
        out = np.zeros_like(rhs, order="F")
        error = ctypes.c_int32(0)
        one = ctypes.c_int32(1)
        _library()(self._handle.ctypes.data_as(ctypes.POINTER(ctypes.c_int64)),
                   ctypes.byref(one), ctypes.byref(one),
                   ctypes.byref(ctypes.c_int32(_REAL_NONSYMMETRIC)),
                   ctypes.byref(ctypes.c_int32(phase)), ctypes.byref(ctypes.c_int32(self.n)),
                   self._data.ctypes.data, self._indptr.ctypes.data, self._indices.ctypes.data,
                   None, ctypes.byref(ctypes.c_int32(rhs.shape[1])), self._iparm.ctypes.data,
                   ctypes.byref(ctypes.c_int32(0)), rhs.ctypes.data, out.ctypes.data,
                   ctypes.byref(error))
        if error.value != 0:
            raise PardisoError(error.value)
        return out

    def solve(self, rhs: NDArray[np.float64], *, transpose: bool) -> NDArray[np.float64]:
        """Solve ``A x = rhs`` (or ``Aᵀ x = rhs`` when ``transpose``) for a 2-D ``rhs``."""
        block = np.asfortranarray(rhs, dtype=np.float64)
        with self._lock:
            # The handle factorised Aᵀ: its transposed solve gives A x = b.
            self._iparm[11] = 0 if transpose else 2
            return np.ascontiguousarray(self._call(_PHASE_SOLVE, block))

    def release(self) -> None:
        """Free MKL's memory for this factorisation now."""
        self._finaliser()
