# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""C-level helper of benchmarks/svd_floor.py (built by pyximport through svd_floor_lab.pyxbld):
small SVDs and symmetric eigenproblems through scipy's cython_lapack with fixed workspaces (no
query, unless the method says so) and through the project's jacobi_svd / symmetric_eigen, one
method per call of ``values`` (accuracy) or ``loop`` (timing; callgrind: --toggle-collect on
__pyx_pw_*svd_floor_lab*loop, instructions / (points * reps)).  Matrices are row-major, so LAPACK
sees M^T; the singular values are the same."""
import numpy as np
from scipy.linalg.cython_lapack cimport dgeqp3, dorgqr, dgesvd, dgesdd, dgesvj, dgejsv, dsyevr, dsyev
from modelgen.kernels.jacobi cimport jacobi_svd, jacobi_svd_both
from modelgen.kernels.symeig cimport symmetric_eigen

cdef enum:
    NW = 8192       # LAPACK workspace (doubles): above every optimal size for n <= 16
    NBUF = 256      # matrix buffers: n <= 16

#: method names: LAPACK 'N' = values only, 'A' / 'UV' = with vectors; jacobi_* = modelgen.kernels.jacobi
METHODS = ["gesvd_N", "gesvd_A", "gesdd_N", "gesdd_A", "gesvd_N_query", "gesvj_N", "gesvj_UV",
           "gejsv_C_N", "gejsv_C_UV", "gejsv_F_N", "gejsv_F_UV", "qrcp_only", "qrcp_orgqr", "qrcp_gesvd_N",
           "jacobi_cold", "jacobi_warm", "jacobi_both", "syevr_V", "syevr_N", "symeig", "syev_V", "syev_N"]


cdef inline void _gejsv(char joba, bint vectors, double* A, int n, double* s, double* U, double* V,
                        double* work, int* iwork, int* info) noexcept nogil:
    """dgejsv (Drmac-Veselic preconditioned Jacobi) with JOBR = 'R', JOBT = JOBP = 'N'; s scaled
    back by work[0] / work[1]."""
    cdef char jobu = b'U' if vectors else b'N'
    cdef char jobv = b'V' if vectors else b'N'
    cdef char jobr = b'R'
    cdef char no = b'N'
    cdef int ld = n, lwork = NW, i
    dgejsv(&joba, &jobu, &jobv, &jobr, &no, &no, &ld, &ld, A, &ld, s, U, &ld, V, &ld, work, &lwork, iwork, info)
    for i in range(n):
        s[i] *= work[0] / work[1]


cdef inline void _qrcp(const double* M, int n, double* A, double* work, int* iwork, int* info) noexcept nogil:
    """Rows of M sorted by descending norm (insertion sort), then QR with column pivoting (dgeqp3)
    of that matrix: A (column-major) holds R and the reflectors, work[:64] their tau."""
    cdef double nrm[64]
    cdef int order[64]
    cdef int i, j, k, t, ld = n, lwork = NW - 64
    for i in range(n):
        nrm[i] = 0.0
        order[i] = i
        for j in range(n):
            nrm[i] += M[i * n + j] * M[i * n + j]
    for i in range(1, n):
        k = i
        while k > 0 and nrm[order[k - 1]] < nrm[order[k]]:
            t = order[k]; order[k] = order[k - 1]; order[k - 1] = t
            k -= 1
    for i in range(n):
        for j in range(n):
            A[i + j * n] = M[order[i] * n + j]
        iwork[i] = 0
    dgeqp3(&ld, &ld, A, &ld, iwork, work, work + 64, &lwork, info)


cdef int call(int method, const double* M, int n, double* s, const double* UR0) noexcept nogil:
    """One call of METHODS[method] on the row-major n x n M; s: its values (any order).  Returns
    LAPACK's info or the Jacobi / symeig code (0 = ok)."""
    cdef double A[NBUF]
    cdef double U[NBUF]
    cdef double V[NBUF]
    cdef double work[NW]
    cdef int iwork[NBUF]
    cdef int isuppz[64]
    cdef int i, j, info = 0, lwork = NW, liwork = NBUF, ld = n, one = 1, m_found = 0, sweeps = 0
    cdef double vl = 0.0, vu = 0.0, abstol = 0.0
    cdef char N = b'N', All = b'A', G = b'G', Uu = b'U', Vv = b'V', Lo = b'L'
    for i in range(n * n):
        A[i] = M[i]
    if method == 0 or method == 1:
        dgesvd(&N if method == 0 else &All, &N if method == 0 else &All, &ld, &ld, A, &ld, s, U, &ld, V, &ld,
               work, &lwork, &info)
    elif method == 2 or method == 3:
        dgesdd(&N if method == 2 else &All, &ld, &ld, A, &ld, s, U, &ld, V, &ld, work, &lwork, iwork, &info)
    elif method == 4:                   # with the workspace query LAPACK recommends
        lwork = -1
        dgesvd(&N, &N, &ld, &ld, A, &ld, s, U, &ld, V, &ld, work, &lwork, &info)
        lwork = <int> work[0]
        dgesvd(&N, &N, &ld, &ld, A, &ld, s, U, &ld, V, &ld, work, &lwork, &info)
    elif method == 5 or method == 6:    # one-sided Jacobi (dgesvj), JOBA = 'G'
        dgesvj(&G, &N if method == 5 else &Uu, &N if method == 5 else &Vv, &ld, &ld, A, &ld, s, &ld, V, &ld,
               work, &lwork, &info)
        for i in range(n):
            s[i] *= work[0]
    elif 7 <= method <= 10:
        _gejsv(b'C' if method <= 8 else b'F', method == 8 or method == 10, A, n, s, U, V, work, iwork, &info)
    elif 11 <= method <= 13:
        _qrcp(M, n, A, work, iwork, &info)
        lwork = NW - 64
        if method == 12:
            dorgqr(&ld, &ld, &ld, A, &ld, work, work + 64, &lwork, &info)
        elif method == 13:              # values of R
            for j in range(n):
                for i in range(j + 1, n):
                    A[i + j * n] = 0.0
            dgesvd(&N, &N, &ld, &ld, A, &ld, s, U, &ld, V, &ld, work, &lwork, &info)
    elif method == 14:
        info = jacobi_svd(M, n, s, U, V, False, &sweeps)
    elif method == 15:
        for i in range(n * n):
            V[i] = UR0[i]
        info = jacobi_svd(M, n, s, U, V, True, &sweeps)
    elif method == 16:
        info = jacobi_svd_both(M, n, s, U, V)
    elif method == 17 or method == 18:
        dsyevr(&Vv if method == 17 else &N, &All, &Lo, &ld, A, &ld, &vl, &vu, &one, &one, &abstol, &m_found,
               s, U, &ld, isuppz, work, &lwork, iwork, &liwork, &info)
    elif method == 19:
        info = symmetric_eigen(M, n, s, U, work)
    elif method == 20 or method == 21:
        dsyev(&Vv if method == 20 else &N, &Lo, &ld, A, &ld, s, work, &lwork, &info)
    return info


def _stack(M, UR0):
    M = np.ascontiguousarray(M, dtype=float)
    if M.ndim != 3 or M.shape[1] != M.shape[2] or M.shape[1] * M.shape[2] > NBUF:
        raise ValueError(f"expected a stack of square matrices of size <= 16, got {M.shape}")
    UR0 = np.zeros_like(M) if UR0 is None else np.ascontiguousarray(UR0, dtype=float)
    if UR0.shape != M.shape:
        raise ValueError(f"UR0 {UR0.shape} does not match M {M.shape}")
    return M, UR0


def values(M, str method, UR0=None):
    """(values ascending (N, n), info (N,)) of METHODS ``method`` on each M[p]; jacobi_warm starts
    from UR0[p]."""
    cdef int meth = METHODS.index(method)
    M, UR0 = _stack(M, UR0)
    cdef const double[:, :, ::1] Mv = M, W = UR0
    cdef int N = M.shape[0], n = M.shape[1], p
    s, info = np.zeros((N, n)), np.zeros(N, np.intc)
    cdef double[:, ::1] sv = s
    cdef int[::1] iv = info
    with nogil:
        for p in range(N):
            iv[p] = call(meth, &Mv[p, 0, 0], n, &sv[p, 0], &W[p, 0, 0])
    return np.sort(s, axis=1), info


def loop(M, str method, int reps, UR0=None):
    """reps passes of ``method`` over the stack M (timing); returns the number of failed calls."""
    cdef int meth = METHODS.index(method)
    M, UR0 = _stack(M, UR0)
    cdef const double[:, :, ::1] Mv = M, W = UR0
    cdef int N = M.shape[0], n = M.shape[1], p, r, bad = 0
    cdef double s[64]
    with nogil:
        for r in range(reps):
            for p in range(N):
                bad += call(meth, &Mv[p, 0, 0], n, s, &W[p, 0, 0]) != 0
    return bad


def gejsv_vectors(M, str joba):
    """dgejsv (JOBA = joba, JOBU = 'U', JOBV = 'V') of each row-major M[p] as LAPACK sees it (M^T):
    (s ascending, UL, UR, info) of M = UL diag(s) UR^T, largest-|.| entry of each UL column
    positive (the kernels' convention)."""
    M, _ = _stack(M, None)
    cdef const double[:, :, ::1] Mv = M
    cdef int N = M.shape[0], n = M.shape[1], p, i, info = 0
    cdef double A[NBUF]
    cdef double U[NBUF]
    cdef double V[NBUF]
    cdef double work[NW]
    cdef int iwork[NBUF]
    cdef char ja = ord(joba[0])
    S, UL, UR, infos = np.zeros((N, n)), np.zeros((N, n, n)), np.zeros((N, n, n)), np.zeros(N, np.intc)
    cdef double[:, ::1] sv = S
    cdef double[:, :, ::1] a = UL, b = UR
    for p in range(N):
        for i in range(n * n):
            A[i] = Mv[p, i // n, i % n]
        _gejsv(ja, True, A, n, &sv[p, 0], U, V, work, iwork, &info)
        infos[p] = info
        for i in range(n * n):          # M^T = U S V^T (column-major): M = V S U^T
            a[p, i % n, i // n] = V[i]
            b[p, i % n, i // n] = U[i]
    o = np.argsort(S, axis=1)
    S = np.take_along_axis(S, o, 1)
    UL = np.take_along_axis(UL, o[:, None, :], 2)
    UR = np.take_along_axis(UR, o[:, None, :], 2)
    sg = np.sign(np.take_along_axis(UL, np.argmax(abs(UL), axis=1)[:, None, :], 1))
    return S, UL * sg, UR * sg, infos
