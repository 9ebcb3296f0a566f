# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Python-callable twins of the hand-written kernels (``linalg.pxd``, ``jacobi.pxd``, ``lightmass.pxd``,
``chiral.pxd`` and the small helpers of ``leptons.pxd``), for unit tests and benchmarks.

Consumes C-contiguous float64 NumPy arrays (row-major matrices; the diagonalisations take a stack
``(N, n, n)`` and loop over it with the GIL released, so a benchmark times the kernel, not Python);
produces new arrays.  Each twin calls the ``cdef`` routine of the same name unchanged: conventions,
return codes and formulas are documented there.
"""
import numpy as np

from modelgen.kernels.linalg cimport (NMAX, dirac_svd, majorana_takagi, rotate, _dirac_svd_dense,
                                      _takagi_dense, _takagi_lapack)
from modelgen.kernels.symeig cimport symmetric_eigen
from modelgen.kernels.blocks cimport coupled_blocks
from modelgen.kernels.jacobi cimport jacobi_svd, jacobi_svd_both, dirac_svd_jacobi
from modelgen.kernels.lightmass cimport solve_light_yukawas, _solve_light, _solve_small, _assign
from modelgen.kernels.chiral cimport chiral_difference
from modelgen.kernels.leptons cimport (mass_basis, mass_basis_diag, light_count, light_nu_coupling,
                                       w_light_strength, light_separated, light_subspace)

__all__ = ["dirac_svd_many", "jacobi_svd_many", "jacobi_svd_both_many", "dirac_svd_jacobi_many", "majorana_takagi_many", "symmetric_eigen_many", "coupled_blocks_twin", "rotate_twin", "solve_light_yukawas_many",
           "solve_small", "assign_states", "chiral_difference_twin", "mass_basis_twin",
           "mass_basis_diag_twin", "light_count_twin", "light_nu_coupling_twin", "w_light_strength_twin",
           "light_separated_twin", "light_subspace_twin"]

ctypedef const double[:, :, ::1] cstack


def _square_stack(M, name):
    M = np.ascontiguousarray(M, dtype=float)
    if M.ndim != 3 or M.shape[1] != M.shape[2] or not 0 < M.shape[1] <= NMAX:
        raise ValueError(f"{name}: expected a stack (N, n, n) with 1 <= n <= {NMAX}, got shape {M.shape}")
    return M


def dirac_svd_many(M, bint dense=False):
    """dirac_svd (dense: _dirac_svd_dense, no block split) of each M[p] (N, n, n):
    (info[N], masses[N, n], UL[N, n, n], UR[N, n, n])."""
    M = _square_stack(M, "dirac_svd_many")
    cdef cstack Mv = M
    cdef Py_ssize_t p, N = M.shape[0]
    cdef int n = M.shape[1]
    info, m = np.empty(N, np.intc), np.empty((N, n))
    UL, UR = np.empty((N, n, n)), np.empty((N, n, n))
    cdef int[::1] iv = info
    cdef double[:, ::1] mv = m
    cdef double[:, :, ::1] a = UL, b = UR
    with nogil:
        for p in range(N):
            if dense:
                iv[p] = _dirac_svd_dense(&Mv[p, 0, 0], n, &mv[p, 0], &a[p, 0, 0], &b[p, 0, 0])
            else:
                iv[p] = dirac_svd(&Mv[p, 0, 0], n, &mv[p, 0], &a[p, 0, 0], &b[p, 0, 0])
    return info, m, UL, UR


def jacobi_svd_many(M, UR0=None):
    """jacobi_svd of each M[p] (N, n, n), cold or (UR0 given, (N, n, n)) warm-started from UR0[p]:
    (code[N], masses[N, n], UL[N, n, n], UR[N, n, n], sweeps[N])."""
    M = _square_stack(M, "jacobi_svd_many")
    cdef cstack Mv = M
    cdef Py_ssize_t p, N = M.shape[0]
    cdef int n = M.shape[1]
    cdef bint warm = UR0 is not None
    code, m, sweeps = np.empty(N, np.intc), np.empty((N, n)), np.empty(N, np.intc)
    UL = np.empty((N, n, n))
    UR = np.array(UR0, dtype=float, order="C") if warm else np.empty((N, n, n))
    if UR.shape != M.shape:
        raise ValueError(f"jacobi_svd_many: UR0 of shape {UR.shape} does not match M {M.shape}")
    cdef int[::1] cv = code, sv = sweeps
    cdef double[:, ::1] mv = m
    cdef double[:, :, ::1] a = UL, b = UR
    with nogil:
        for p in range(N):
            cv[p] = jacobi_svd(&Mv[p, 0, 0], n, &mv[p, 0], &a[p, 0, 0], &b[p, 0, 0], warm, &sv[p])
    return code, m, UL, UR, sweeps


def jacobi_svd_both_many(M):
    """jacobi_svd_both of each M[p] (N, n, n): (code[N], masses[N, n], UL[N, n, n], UR[N, n, n])."""
    M = _square_stack(M, "jacobi_svd_both_many")
    cdef cstack Mv = M
    cdef Py_ssize_t p, N = M.shape[0]
    cdef int n = M.shape[1]
    code, m, UL, UR = np.empty(N, np.intc), np.empty((N, n)), np.empty((N, n, n)), np.empty((N, n, n))
    cdef int[::1] cv = code
    cdef double[:, ::1] mv = m
    cdef double[:, :, ::1] a = UL, b = UR
    with nogil:
        for p in range(N):
            cv[p] = jacobi_svd_both(&Mv[p, 0, 0], n, &mv[p, 0], &a[p, 0, 0], &b[p, 0, 0])
    return code, m, UL, UR


def dirac_svd_jacobi_many(M, UR0=None):
    """dirac_svd_jacobi of each M[p], cold or warm-started from UR0[p]: (info[N], masses, UL, UR)."""
    M = _square_stack(M, "dirac_svd_jacobi_many")
    cdef cstack Mv = M
    cdef Py_ssize_t p, N = M.shape[0]
    cdef int n = M.shape[1]
    cdef bint warm = UR0 is not None
    info, m, UL = np.empty(N, np.intc), np.empty((N, n)), np.empty((N, n, n))
    UR = np.array(UR0, dtype=float, order="C") if warm else np.empty((N, n, n))
    if UR.shape != M.shape:
        raise ValueError(f"dirac_svd_jacobi_many: UR0 of shape {UR.shape} does not match M {M.shape}")
    cdef int[::1] iv = info
    cdef double[:, ::1] mv = m
    cdef double[:, :, ::1] a = UL, b = UR
    with nogil:
        for p in range(N):
            iv[p] = dirac_svd_jacobi(&Mv[p, 0, 0], n, &mv[p, 0], &a[p, 0, 0], &b[p, 0, 0], warm)
    return info, m, UL, UR


def majorana_takagi_many(M, bint dense=False, bint lapack=False):
    """majorana_takagi with its light-state refinement (dense: _takagi_dense, no block split and no
    refinement; lapack: _takagi_lapack, LAPACK's dsyev
    on the whole matrix) of each symmetric M[p]: (info[N], masses[N, n], O[N, n, n], eta[N, n])."""
    M = _square_stack(M, "majorana_takagi_many")
    cdef cstack Mv = M
    cdef Py_ssize_t p, N = M.shape[0]
    cdef int n = M.shape[1]
    info, m, O, eta = np.empty(N, np.intc), np.empty((N, n)), np.empty((N, n, n)), np.empty((N, n))
    cdef int[::1] iv = info
    cdef double[:, ::1] mv = m, ev = eta
    cdef double[:, :, ::1] o = O
    with nogil:
        for p in range(N):
            if lapack:
                iv[p] = _takagi_lapack(&Mv[p, 0, 0], n, &mv[p, 0], &o[p, 0, 0], &ev[p, 0])
            elif dense:
                iv[p] = _takagi_dense(&Mv[p, 0, 0], n, &mv[p, 0], &o[p, 0, 0], &ev[p, 0])
            else:
                iv[p] = majorana_takagi(&Mv[p, 0, 0], n, &mv[p, 0], &o[p, 0, 0], &ev[p, 0])
    return info, m, O, eta


def symmetric_eigen_many(M):
    """symmetric_eigen of each symmetric M[p]: (code[N], w[N, n] unsorted, Z[N, n, n] with row k the
    eigenvector of w[k])."""
    M = _square_stack(M, "symmetric_eigen_many")
    cdef cstack Mv = M
    cdef Py_ssize_t p, N = M.shape[0]
    cdef int n = M.shape[1]
    code, w, Z = np.empty(N, np.intc), np.empty((N, n)), np.empty((N, n, n))
    cdef int[::1] cv = code
    cdef double[:, ::1] wv = w
    cdef double[:, :, ::1] z = Z
    cdef double work[NMAX * NMAX + 2 * NMAX]
    with nogil:
        for p in range(N):
            cv[p] = symmetric_eigen(&Mv[p, 0, 0], n, &wv[p, 0], &z[p, 0, 0], work)
    return code, w, Z


def coupled_blocks_twin(const double[:, ::1] M, bint symmetric):
    """(nb, label): label[:n] per row and, unless symmetric, label[n:] per column."""
    n = M.shape[0]
    if M.shape[1] != n or not 0 < n <= NMAX:
        raise ValueError(f"coupled_blocks_twin: expected a square matrix of size <= {NMAX}, got {M.shape}")
    label = np.empty(n if symmetric else 2 * n, np.intc)
    cdef int[::1] lv = label
    nb = coupled_blocks(&M[0, 0], n, symmetric, &lv[0])
    return nb, label


def rotate_twin(const double[:, ::1] U1, const double[:, ::1] G, const double[:, ::1] U2, int a, int b):
    """(U1^T G U2)[a, b]."""
    return rotate(&U1[0, 0], U1.shape[0], &G[0, 0], &U2[0, 0], U2.shape[0], a, b)


def solve_light_yukawas_many(M0, D, target, branch, bint lapack=False):
    """solve_light_yukawas per point (lapack: _solve_light with LAPACK's SVD in every Newton step,
    the reference path): M0 (N, n, n), D (N, k, n, n), target and branch (N, k);
    returns (code[N], y[N, k], masses[N, n], UL[N, n, n], UR[N, n, n])."""
    M0 = _square_stack(M0, "solve_light_yukawas_many")
    cdef Py_ssize_t p, N = M0.shape[0]
    cdef int n = M0.shape[1], k = np.shape(target)[1]
    D = np.ascontiguousarray(D, dtype=float)
    target = np.ascontiguousarray(target, dtype=float)
    branch = np.ascontiguousarray(branch, dtype=float)
    if D.shape != (N, k, n, n) or target.shape != (N, k) or branch.shape != (N, k) or k > n:
        raise ValueError(f"solve_light_yukawas_many: shapes M0 {M0.shape}, D {D.shape}, target "
                         f"{target.shape}, branch {branch.shape} do not match (N, n, n), (N, k, n, n), (N, k)")
    code, y, m = np.empty(N, np.intc), np.empty((N, k)), np.empty((N, n))
    UL, UR = np.empty((N, n, n)), np.empty((N, n, n))
    cdef cstack M0v = M0
    cdef const double[:, :, :, ::1] Dv = D
    cdef const double[:, ::1] tv = target, bv = branch
    cdef int[::1] cv = code
    cdef double[:, ::1] yv = y, mv = m
    cdef double[:, :, ::1] a = UL, b = UR
    with nogil:
        for p in range(N):
            if lapack:
                cv[p] = _solve_light(&M0v[p, 0, 0], &Dv[p, 0, 0, 0], k, &tv[p, 0], &bv[p, 0], n,
                                     &yv[p, 0], &mv[p, 0], &a[p, 0, 0], &b[p, 0, 0], True)
            else:
                cv[p] = solve_light_yukawas(&M0v[p, 0, 0], &Dv[p, 0, 0, 0], k, &tv[p, 0], &bv[p, 0], n,
                                            &yv[p, 0], &mv[p, 0], &a[p, 0, 0], &b[p, 0, 0])
    return code, y, m, UL, UR


def solve_small(J, F):
    """(status, x) of _solve_small: x = J^-1 F by Gaussian elimination with partial pivoting."""
    Jc = np.array(J, dtype=float, order="C")
    x = np.array(F, dtype=float)
    cdef double[:, ::1] jv = Jc
    cdef double[::1] xv = x
    if Jc.shape != (x.shape[0], x.shape[0]) or not 0 < x.shape[0] <= NMAX:
        raise ValueError(f"solve_small: J {Jc.shape} and F {x.shape} must be (k, k) and (k,)")
    status = _solve_small(&jv[0, 0], &xv[0], x.shape[0])
    return status, x


def assign_states(const double[:, ::1] UL, const double[:, ::1] UR, int ns):
    """state[f] of _assign: the light state (among the ns lightest) followed by flavour f."""
    state = np.empty(ns, np.intc)
    cdef int[::1] sv = state
    _assign(&UL[0, 0], &UR[0, 0], UL.shape[0], ns, &sv[0])
    return state


def chiral_difference_twin(const double[:, ::1] UL, const double[:, ::1] UR, int i,
                           const double[::1] qL, const double[::1] qR):
    """<q>_R - <q>_L of mass state i."""
    return chiral_difference(&UL[0, 0], &UR[0, 0], UL.shape[0], i, &qL[0], &qR[0])


def mass_basis_twin(const double[:, ::1] U1, const double[:, ::1] G, const double[:, ::1] U2):
    """U1^T G U2."""
    C = np.empty((U1.shape[0], U2.shape[0]))
    cdef double[:, ::1] cv = C
    mass_basis(&U1[0, 0], U1.shape[0], &G[0, 0], &U2[0, 0], U2.shape[0], &cv[0, 0])
    return C


def mass_basis_diag_twin(const double[:, ::1] U, const double[::1] G):
    """U^T diag(G) U."""
    C = np.empty((U.shape[0], U.shape[0]))
    cdef double[:, ::1] cv = C
    mass_basis_diag(&U[0, 0], U.shape[0], &G[0], &cv[0, 0])
    return C


def light_count_twin(const double[::1] m, int nmin):
    """Number of light states (m ascending): the nmin lightest and every state degenerate with them."""
    return light_count(&m[0], m.shape[0], nmin)


def light_separated_twin(const double[::1] m, int nlight):
    """True if the nlight lightest states (m ascending) are separated from the rest (leptons.light_separated)."""
    return bool(light_separated(&m[0], m.shape[0], nlight))


def light_subspace_twin(const double[::1] m, const double[:, ::1] RL, const double[:, ::1] RR, int nl, int na):
    """(nlight, split) of leptons.light_subspace: masses m ascending (n), the mass-basis W couplings
    RL, RR (n x nc), nl light charged leptons, na flavour neutrinos."""
    cdef int n = m.shape[0]
    if not (0 < n <= NMAX and RL.shape[0] == n and RR.shape[0] == n and RL.shape[1] == RR.shape[1]
            and 0 < nl <= RL.shape[1] and 0 < na <= n):
        raise ValueError("light_subspace_twin: RL, RR must be n x nc, 0 < nl <= nc, 0 < na <= n <= NMAX")
    cdef int split = 0
    cdef int k = light_subspace(&m[0], n, &RL[0, 0], &RR[0, 0], RL.shape[1], nl, na, &split)
    return k, bool(split)


def light_nu_coupling_twin(const double[:, ::1] O, const double[::1] G, int f, int nlight):
    """<psi|G|psi> of the flavour state f projected on the nlight lightest states."""
    return light_nu_coupling(&O[0, 0], O.shape[0], &G[0], f, nlight)


def w_light_strength_twin(int i, const double[:, ::1] RL, const double[:, ::1] RR, int nlight):
    """sum_{k < nlight} RL[k, i]^2 + RR[k, i]^2 (RL, RR of shape (nn, nc))."""
    return w_light_strength(i, RL.shape[1], &RL[0, 0], &RR[0, 0], nlight)
