# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Python-callable twins of the complex kernels (``clinalg.pxd``, ``cjacobi.pxd``, ``clightmass.pxd`` and the
scalar dipole sum of ``cleptons.pxd``), for unit tests and benchmarks.

Consumes C-contiguous complex128 NumPy stacks ``(N, n, n)`` (row-major matrices) and loops over
them with the GIL released; produces new arrays.  Each twin calls the ``cdef`` routine of the same
name unchanged: conventions and return codes are documented there.  (A separate module from
``_twins`` so that the real and complex kernels build and change independently.)
"""
import numpy as np

from modelgen.kernels.clinalg cimport CNMAX, zdirac_svd, ztakagi, _ztakagi_dense
from modelgen.kernels.cjacobi cimport zjacobi_svd, zjacobi_svd_both, zdirac_svd_jacobi
from modelgen.kernels.clightmass cimport _zsolve_light
from modelgen.kernels.cleptons cimport ns_sum_c, zlight_subspace

__all__ = ["zdirac_svd_many", "zjacobi_svd_many", "zjacobi_svd_both_many", "zdirac_svd_jacobi_many",
           "ztakagi_many", "zsolve_light_yukawas_many", "ns_sum_c_twin",
           "zlight_subspace_twin"]


def _complex_stack(M, name):
    M = np.ascontiguousarray(M, dtype=np.complex128)
    if M.ndim != 3 or M.shape[1] != M.shape[2] or not 0 < M.shape[1] <= CNMAX:
        raise ValueError(f"{name}: expected a stack (N, n, n) with 1 <= n <= {CNMAX}, got shape {M.shape}")
    return M


def zdirac_svd_many(M):
    """zdirac_svd of each M[p]: (info[N], masses[N, n], UL[N, n, n], UR[N, n, n])."""
    M = _complex_stack(M, "zdirac_svd_many")
    cdef const double complex[:, :, ::1] Mv = M
    cdef Py_ssize_t p, N = M.shape[0]
    cdef int n = M.shape[1]
    info, m = np.empty(N, np.intc), np.empty((N, n))
    UL, UR = np.empty((N, n, n), np.complex128), np.empty((N, n, n), np.complex128)
    cdef int[::1] iv = info
    cdef double[:, ::1] mv = m
    cdef double complex[:, :, ::1] a = UL, b = UR
    with nogil:
        for p in range(N):
            iv[p] = zdirac_svd(&Mv[p, 0, 0], n, &mv[p, 0], &a[p, 0, 0], &b[p, 0, 0])
    return info, m, UL, UR


def _warm_start(UR0, M, name):
    UR = np.array(UR0, dtype=np.complex128, order="C")
    if UR.shape != M.shape:
        raise ValueError(f"{name}: UR0 of shape {UR.shape} does not match M {M.shape}")
    return UR


def zjacobi_svd_many(M, UR0=None):
    """zjacobi_svd of each M[p] (N, n, n), cold or (UR0 given, (N, n, n)) warm-started from UR0[p]:
    (code[N], masses[N, n], UL[N, n, n], UR[N, n, n], sweeps[N])."""
    M = _complex_stack(M, "zjacobi_svd_many")
    cdef const double complex[:, :, ::1] Mv = M
    cdef Py_ssize_t p, N = M.shape[0]
    cdef int n = M.shape[1]
    cdef bint warm = UR0 is not None
    code, m, sweeps = np.empty(N, np.intc), np.empty((N, n)), np.empty(N, np.intc)
    UL = np.empty((N, n, n), np.complex128)
    UR = _warm_start(UR0, M, "zjacobi_svd_many") if warm else np.empty((N, n, n), np.complex128)
    cdef int[::1] cv = code, sv = sweeps
    cdef double[:, ::1] mv = m
    cdef double complex[:, :, ::1] a = UL, b = UR
    with nogil:
        for p in range(N):
            cv[p] = zjacobi_svd(&Mv[p, 0, 0], n, &mv[p, 0], &a[p, 0, 0], &b[p, 0, 0], warm, &sv[p])
    return code, m, UL, UR, sweeps


def zjacobi_svd_both_many(M):
    """zjacobi_svd_both of each M[p] (N, n, n): (code[N], masses[N, n], UL[N, n, n], UR[N, n, n])."""
    M = _complex_stack(M, "zjacobi_svd_both_many")
    cdef const double complex[:, :, ::1] Mv = M
    cdef Py_ssize_t p, N = M.shape[0]
    cdef int n = M.shape[1]
    code, m = np.empty(N, np.intc), np.empty((N, n))
    UL, UR = np.empty((N, n, n), np.complex128), np.empty((N, n, n), np.complex128)
    cdef int[::1] cv = code
    cdef double[:, ::1] mv = m
    cdef double complex[:, :, ::1] a = UL, b = UR
    with nogil:
        for p in range(N):
            cv[p] = zjacobi_svd_both(&Mv[p, 0, 0], n, &mv[p, 0], &a[p, 0, 0], &b[p, 0, 0])
    return code, m, UL, UR


def zdirac_svd_jacobi_many(M, UR0=None):
    """zdirac_svd_jacobi of each M[p], cold or warm-started from UR0[p]: (info[N], masses, UL, UR)."""
    M = _complex_stack(M, "zdirac_svd_jacobi_many")
    cdef const double complex[:, :, ::1] Mv = M
    cdef Py_ssize_t p, N = M.shape[0]
    cdef int n = M.shape[1]
    cdef bint warm = UR0 is not None
    info, m = np.empty(N, np.intc), np.empty((N, n))
    UL = np.empty((N, n, n), np.complex128)
    UR = _warm_start(UR0, M, "zdirac_svd_jacobi_many") if warm else np.empty((N, n, n), np.complex128)
    cdef int[::1] iv = info
    cdef double[:, ::1] mv = m
    cdef double complex[:, :, ::1] a = UL, b = UR
    with nogil:
        for p in range(N):
            iv[p] = zdirac_svd_jacobi(&Mv[p, 0, 0], n, &mv[p, 0], &a[p, 0, 0], &b[p, 0, 0], warm)
    return info, m, UL, UR


def ztakagi_many(M, bint dense=False):
    """ztakagi of each complex symmetric M[p] (dense: _ztakagi_dense, without the light-cluster
    refinement): (info[N], masses[N, n], U[N, n, n])."""
    M = _complex_stack(M, "ztakagi_many")
    cdef const double complex[:, :, ::1] Mv = M
    cdef Py_ssize_t p, N = M.shape[0]
    cdef int n = M.shape[1]
    info, m, U = np.empty(N, np.intc), np.empty((N, n)), np.empty((N, n, n), np.complex128)
    cdef int[::1] iv = info
    cdef double[:, ::1] mv = m
    cdef double complex[:, :, ::1] u = U
    with nogil:
        for p in range(N):
            if dense:
                iv[p] = _ztakagi_dense(&Mv[p, 0, 0], n, &mv[p, 0], &u[p, 0, 0])
            else:
                iv[p] = ztakagi(&Mv[p, 0, 0], n, &mv[p, 0], &u[p, 0, 0])
    return info, m, U


def zsolve_light_yukawas_many(M0, D, target, branch, bint lapack=False):
    """zsolve_light_yukawas per point (``lapack``: with zgesvd in the Newton steps, the reference
    path): complex M0 (N, n, n), real D (N, k, n, n), target and branch (N, k); returns
    (code[N], y[N, k], masses[N, n], UL[N, n, n], UR[N, n, n])."""
    M0 = _complex_stack(M0, "zsolve_light_yukawas_many")
    cdef Py_ssize_t p, N = M0.shape[0]
    cdef int n = M0.shape[1], k = np.shape(target)[1]
    D = np.ascontiguousarray(D, dtype=float)
    target = np.ascontiguousarray(target, dtype=float)
    branch = np.ascontiguousarray(branch, dtype=float)
    if D.shape != (N, k, n, n) or target.shape != (N, k) or branch.shape != (N, k) or k > n:
        raise ValueError(f"zsolve_light_yukawas_many: shapes M0 {M0.shape}, D {D.shape}, target "
                         f"{target.shape}, branch {branch.shape} do not match (N, n, n), (N, k, n, n), (N, k)")
    code, y, m = np.empty(N, np.intc), np.empty((N, k)), np.empty((N, n))
    UL, UR = np.empty((N, n, n), np.complex128), np.empty((N, n, n), np.complex128)
    cdef const double complex[:, :, ::1] M0v = M0
    cdef const double[:, :, :, ::1] Dv = D
    cdef const double[:, ::1] tv = target, bv = branch
    cdef int[::1] cv = code
    cdef double[:, ::1] yv = y, mv = m
    cdef double complex[:, :, ::1] a = UL, b = UR
    with nogil:
        for p in range(N):
            cv[p] = _zsolve_light(&M0v[p, 0, 0], &Dv[p, 0, 0, 0], k, &tv[p, 0], &bv[p, 0], n,
                                  &yv[p, 0], &mv[p, 0], &a[p, 0, 0], &b[p, 0, 0], lapack)
    return code, y, m, UL, UR


def ns_sum_c_twin(int i, m, Yp, double MS):
    """(Delta a, EDM [e cm]) of light state i from a neutral scalar with mass-basis Yukawa Yp."""
    cdef const double[::1] mv = np.ascontiguousarray(m, dtype=float)
    cdef const double complex[:, ::1] yv = np.ascontiguousarray(Yp, np.complex128)
    cdef double edm = 0.0
    da = ns_sum_c(i, mv.shape[0], &mv[0], &yv[0, 0], MS, &edm)
    return da, edm


def zlight_subspace_twin(const double[::1] m, RL, RR, int nl, int na):
    """(nlight, split) of cleptons.zlight_subspace: masses m ascending (n), the complex mass-basis W
    couplings RL, RR (n x nc), nl light charged leptons, na flavour neutrinos."""
    RL = np.ascontiguousarray(RL, dtype=np.complex128)
    RR = np.ascontiguousarray(RR, dtype=np.complex128)
    cdef const double complex[:, ::1] a = RL
    cdef const double complex[:, ::1] b = RR
    cdef int n = m.shape[0]
    if not (0 < n <= CNMAX and a.shape[0] == n and b.shape[0] == n and a.shape[1] == b.shape[1]
            and 0 < nl <= a.shape[1] and 0 < na <= n):
        raise ValueError("zlight_subspace_twin: RL, RR must be n x nc, 0 < nl <= nc, 0 < na <= n <= CNMAX")
    cdef int split = 0
    cdef int k = zlight_subspace(&m[0], n, &a[0, 0], &b[0, 0], a.shape[1], nl, na, &split)
    return k, bool(split)
