# Hand-written Cython helpers (not generated): per-point diagonalisation of small mass matrices.
# All routines are nogil, work on caller-provided buffers (stack arrays of the generated kernel,
# so they are thread-private under prange) and use LAPACK from scipy.linalg.cython_lapack.
# Workspace: a fixed stack buffer of LWORK doubles, at least LAPACK's optimal size for n <= NMAX
# (dgesvd (m + n) nb, dsyev (nb + 2) n with block size nb = 32): no workspace query, no malloc.
# A matrix whose exact zeros split it into blocks (modelgen.kernels.blocks: e.g. generations that
# do not mix) is diagonalised block by block: same spectrum and vectors up to rounding, at the
# cost of k small problems instead of one large one; a triangular 2 x 2 Dirac block by dlasv2,
# whose small mixing angles keep their relative accuracy.
# cython: language_level=3
from libc.math cimport fabs
from scipy.linalg.cython_lapack cimport dgesvd, dlasv2, dsyev

from modelgen.kernels.blocks cimport coupled_blocks, block_members, ascending_order
from modelgen.kernels.symeig cimport symmetric_eigen, SYMEIG_OK
from modelgen.kernels.lightrefine cimport refine_light_takagi

# Largest matrix dimension supported by the fixed-size buffers of the kernels.
cdef enum:
    NMAX = 16
    LWORK = 1024

# A dense Dirac SVD with _dirac_svd_dense's contract and return code: the solver of one block in
# _dirac_svd_blocks (LAPACK's here; jacobi.pxd passes its relative-accuracy Jacobi SVD).
ctypedef int (*dense_svd_t)(const double* M, int n, double* masses, double* UL, double* UR) noexcept nogil


cdef inline double _largest_sign(const double* x, int n, int stride) noexcept nogil:
    """Sign of the largest-|.| entry of x[0], x[stride], ..., x[(n-1) stride] (column sign convention)."""
    cdef int i
    cdef double big = 0.0, sgn = 1.0
    for i in range(n):
        if fabs(x[i * stride]) > big:
            big = fabs(x[i * stride])
            sgn = 1.0 if x[i * stride] > 0 else -1.0
    return sgn


cdef inline int _dirac_svd_dense(const double* M, int n, double* masses, double* UL, double* UR) noexcept nogil:
    """Bi-unitary (real orthogonal) decomposition of the real Dirac matrix M (row-major n x n):

        U_L^T M U_R = diag(masses),   masses ascending, >= 0,

    with psi_L = U_L chi_L, psi_R = U_R chi_R for L > -psi_bar_L M psi_R + h.c.  UL, UR row-major,
    column k = mass eigenstate k.  Column signs: the largest-|.| entry of each U_L column is
    positive (continuous along a scan away from level crossings).  Returns LAPACK's info (0 = ok).
    """
    cdef double A[NMAX * NMAX]
    cdef double U[NMAX * NMAX]
    cdef double VT[NMAX * NMAX]
    cdef double S[NMAX]
    cdef double work[LWORK]
    cdef int i, j, k, kk, info = 0, lwork = LWORK, ld = n
    cdef char jobu = b'A'
    cdef char jobvt = b'A'
    cdef double sgn
    if n > NMAX:
        return -1000
    # Fortran sees the row-major buffer of M as M^T = U_f S VT_f, so M = VT_f^T S U_f^T
    for i in range(n * n):
        A[i] = M[i]
    dgesvd(&jobu, &jobvt, &ld, &ld, A, &ld, S, U, &ld, VT, &ld, work, &lwork, &info)
    if info != 0:
        return info
    for k in range(n):
        kk = n - 1 - k          # LAPACK orders descending; we want ascending
        masses[k] = S[kk]
        # U_L[i][k] = (VT_f^T)[i][kk] = VT[i*n + kk];  U_R[i][k] = U_f[i][kk] = U[i + kk*n]
        sgn = _largest_sign(VT + kk, n, n)
        for i in range(n):
            UL[i * n + k] = sgn * VT[i * n + kk]
            UR[i * n + k] = sgn * U[i + kk * n]
    return 0


cdef inline void _takagi_from_eigen(const double* w, const double* Z, int n, double* masses, double* O,
                                    double* eta) noexcept nogil:
    """Takagi factors of M = sum_t w[t] z_t z_t^T (z_t = Z[t n : t n + n], contiguous): states ordered
    by |w| ascending, ties in ascending w (stable sorts: dsyev's order), eta = sign(w), column signs
    as in dirac_svd."""
    cdef int order[NMAX]
    cdef int i, j, k, t
    cdef double sgn
    for k in range(n):
        order[k] = k
    for k in range(1, n):           # insertion sort by w, then (stable) by |w|
        t = order[k]
        j = k - 1
        while j >= 0 and w[order[j]] > w[t]:
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = t
    for k in range(1, n):
        t = order[k]
        j = k - 1
        while j >= 0 and fabs(w[order[j]]) > fabs(w[t]):
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = t
    for k in range(n):
        t = order[k]
        masses[k] = fabs(w[t])
        eta[k] = 1.0 if w[t] >= 0 else -1.0
        sgn = _largest_sign(Z + t * n, n, 1)
        for i in range(n):
            O[i * n + k] = sgn * Z[t * n + i]


cdef inline int _takagi_lapack(const double* M, int n, double* masses, double* O, double* eta) noexcept nogil:
    """_takagi_dense's contract through LAPACK's dsyev (its fallback, and the reference path of the
    twins and benchmarks/bench_vll.py).  Returns LAPACK's info."""
    cdef double A[NMAX * NMAX]
    cdef double w[NMAX]
    cdef double work[LWORK]
    cdef int i, info = 0, lwork = LWORK, ld = n
    cdef char jobz = b'V'
    cdef char uplo = b'U'
    if n > NMAX:
        return -1000
    for i in range(n * n):
        A[i] = M[i]
    dsyev(&jobz, &uplo, &ld, A, &ld, w, work, &lwork, &info)
    if info != 0:
        return info
    _takagi_from_eigen(w, A, n, masses, O, eta)   # eigenvector t: column t of the Fortran array
    return 0


cdef inline int _takagi_dense(const double* M, int n, double* masses, double* O, double* eta) noexcept nogil:
    """Takagi factorisation of the real symmetric Majorana matrix M (row-major n x n):

        M = O diag(eta_k masses_k) O^T,  masses ascending >= 0,  eta_k = +-1,

    so U = O diag(sqrt(eta)) (a factor i on columns with eta = -1) gives U^T M U = diag(masses)
    for L > -(1/2) n^T C M n + h.c.  Column signs fixed as in dirac_svd.  The eigenproblem by
    symeig.symmetric_eigen (Householder + implicit QL, dsyev's accuracy class without LAPACK's
    call overhead); LAPACK's dsyev (_takagi_lapack) when it does not converge or meets a
    non-finite value.  Returns 0 or LAPACK's info."""
    cdef double w[NMAX]
    cdef double Z[NMAX * NMAX]
    cdef double work[NMAX * NMAX + 2 * NMAX]
    cdef int k
    if n > NMAX:
        return -1000
    if symmetric_eigen(M, n, w, Z, work) == SYMEIG_OK:
        for k in range(n * n):
            if not fabs(Z[k]) <= 1.0 + 1e-8:       # also NaN
                return _takagi_lapack(M, n, masses, O, eta)
        for k in range(n):
            if not fabs(w[k]) < 1e300:
                return _takagi_lapack(M, n, masses, O, eta)
        _takagi_from_eigen(w, Z, n, masses, O, eta)
        return 0
    return _takagi_lapack(M, n, masses, O, eta)


cdef inline void _dirac_svd_triangular2(const double* M, double* masses, double* UL, double* UR) noexcept nogil:
    """_dirac_svd_dense's contract for a 2 x 2 M with M[1] = 0 or M[2] = 0 (e.g. one generation's
    light lepton and its vector-like partner) by LAPACK dlasv2, whose outputs are all correct to a
    few ulps: for A = [[f, g], [0, h]],  [[csl, snl], [-snl, csl]] A [[csr, -snr], [snr, csr]] =
    diag(ssmax, ssmin), so a small mixing angle such as the right-handed theta_R ~ (m/M) theta_L
    keeps its relative accuracy, which dgesvd's vectors (absolute accuracy ~eps) lose.  A lower
    triangular M is the transpose of such an A: its left vectors are A's right ones and vice versa."""
    cdef bint lower = M[2] != 0.0
    cdef double f = M[0], g = M[2] if lower else M[1], h = M[3]
    cdef double ssmin, ssmax, snr, csr, snl, csl, s_k, sgn
    cdef double u[4]    # u[2 i + k]: component i of A's left vector k (k = 0 light, 1 heavy)
    cdef double v[4]
    cdef double* left = &u[0]
    cdef double* right = &v[0]
    cdef int i, k
    if lower:
        left, right = &v[0], &u[0]
    dlasv2(&f, &g, &h, &ssmin, &ssmax, &snr, &csr, &snl, &csl)
    u[0], u[2], u[1], u[3] = -snl, csl, csl, snl
    v[0], v[2], v[1], v[3] = -snr, csr, csr, snr
    for k in range(2):
        s_k = ssmin if k == 0 else ssmax                  # left_k^T M right_k = s_k (signed)
        masses[k] = fabs(s_k)
        sgn = 1.0 if left[k] >= 0.0 else -1.0             # largest-|.| entry of U_L's column > 0
        if fabs(left[2 + k]) > fabs(left[k]):
            sgn = 1.0 if left[2 + k] >= 0.0 else -1.0
        for i in range(2):
            UL[2 * i + k] = sgn * left[2 * i + k]
            UR[2 * i + k] = (-sgn if s_k < 0.0 else sgn) * right[2 * i + k]


cdef inline int _dirac_svd_blocks(const double* M, int n, int nb, const int* label, double* masses,
                                  double* UL, double* UR, dense_svd_t dense) noexcept nogil:
    """dirac_svd of M split into its nb blocks (``label`` from coupled_blocks): a triangular 2 x 2
    block by dlasv2, any other by ``dense``; each block's states embedded in zero-padded columns,
    then all sorted by mass (stable)."""
    cdef int rows[NMAX]
    cdef int cols[NMAX]
    cdef int order[NMAX]
    cdef double sub[NMAX * NMAX]
    cdef double ul[NMAX * NMAX]
    cdef double ur[NMAX * NMAX]
    cdef double ULs[NMAX * NMAX]
    cdef double URs[NMAX * NMAX]
    cdef double ms[NMAX]
    cdef int b, k, i, j, s = 0, info
    for i in range(n * n):
        ULs[i] = 0.0
        URs[i] = 0.0
    for b in range(nb):
        k = block_members(label, n, b, rows)
        block_members(label + n, n, b, cols)
        for i in range(k):
            for j in range(k):
                sub[i * k + j] = M[rows[i] * n + cols[j]]
        if k == 2 and (sub[1] == 0.0 or sub[2] == 0.0):
            _dirac_svd_triangular2(sub, ms + s, ul, ur)
        else:
            info = dense(sub, k, ms + s, ul, ur)
            if info != 0:
                return info
        for i in range(k):               # state s + j of the block: U[rows[i], s + j] = ul[i, j]
            for j in range(k):
                ULs[rows[i] * n + s + j] = ul[i * k + j]
                URs[cols[i] * n + s + j] = ur[i * k + j]
        s += k
    ascending_order(ms, n, order)
    for j in range(n):
        masses[j] = ms[order[j]]
        for i in range(n):
            UL[i * n + j] = ULs[i * n + order[j]]
            UR[i * n + j] = URs[i * n + order[j]]
    return 0


cdef inline int dirac_svd(const double* M, int n, double* masses, double* UL, double* UR) noexcept nogil:
    """_dirac_svd_dense of M (same contract: U_L^T M U_R = diag(masses) ascending, largest-|.| entry
    of each U_L column positive), computed per square block of M (coupled_blocks) when it has more
    than one (_dirac_svd_blocks)."""
    cdef int label[2 * NMAX]
    cdef int nb
    if n > NMAX:
        return -1000
    nb = coupled_blocks(M, n, False, label)
    if nb < 2:
        return _dirac_svd_dense(M, n, masses, UL, UR)
    return _dirac_svd_blocks(M, n, nb, label, masses, UL, UR, _dirac_svd_dense)


cdef inline int majorana_takagi(const double* M, int n, double* masses, double* O, double* eta) noexcept nogil:
    """_takagi_dense of the symmetric M (same contract: M = O diag(eta masses) O^T, masses
    ascending), computed per block of M (coupled_blocks) when it has more than one; then the light
    states, whose masses the dense solve resolves only to ~n eps m_max absolute, refined to
    relative accuracy (lightrefine.refine_light_takagi)."""
    cdef int label[NMAX]
    cdef int idx[NMAX]
    cdef int order[NMAX]
    cdef double sub[NMAX * NMAX]
    cdef double o[NMAX * NMAX]
    cdef double Os[NMAX * NMAX]
    cdef double ms[NMAX]
    cdef double es[NMAX]
    cdef int nb, b, k, i, j, s = 0, info
    if n > NMAX:
        return -1000
    nb = coupled_blocks(M, n, True, label)
    if nb < 2:
        info = _takagi_dense(M, n, masses, O, eta)
        if info == 0:
            refine_light_takagi(M, n, masses, O, eta)
        return info
    for i in range(n * n):
        Os[i] = 0.0
    for b in range(nb):
        k = block_members(label, n, b, idx)
        for i in range(k):
            for j in range(k):
                sub[i * k + j] = M[idx[i] * n + idx[j]]
        info = _takagi_dense(sub, k, ms + s, o, es + s)
        if info != 0:
            return info
        for i in range(k):
            for j in range(k):
                Os[idx[i] * n + s + j] = o[i * k + j]
        s += k
    ascending_order(ms, n, order)
    for j in range(n):
        masses[j] = ms[order[j]]
        eta[j] = es[order[j]]
        for i in range(n):
            O[i * n + j] = Os[i * n + order[j]]
    refine_light_takagi(M, n, masses, O, eta)
    return 0


cdef inline double rotate(const double* U1, int n1, const double* G, const double* U2, int n2,
                          int a, int b) noexcept nogil:
    """(U1^T G U2)[a, b]: row-major U1 (n1 x n1), G (n1 x n2), U2 (n2 x n2); the mass-basis
    coupling of states a (side 1) and b (side 2) from the gauge-basis coupling matrix G."""
    cdef int i, j
    cdef double s = 0.0, r
    for i in range(n1):
        if U1[i * n1 + a] == 0.0:
            continue
        r = 0.0
        for j in range(n2):
            r += G[i * n2 + j] * U2[j * n2 + b]
        s += U1[i * n1 + a] * r
    return s
