# Hand-written Cython helper (not generated): one-sided Jacobi SVD of a small real Dirac matrix,
# optionally warm-started from the right rotation of a nearby matrix (the previous Newton iterate of
# modelgen.kernels.lightmass), block by block when the matrix splits, with LAPACK
# (modelgen.kernels.linalg) as the fallback.
# Consumes a row-major n x n matrix M (and, warm, the previous U_R); produces the contract of
# linalg.dirac_svd: U_L^T M U_R = diag(masses), masses ascending >= 0, the largest-|.| entry of each
# U_L column positive.
#
# Method (Hestenes; Demmel and Veselic, SIAM J. Matrix Anal. Appl. 13 (1992) 1204, sec. 4): right
# plane rotations W = M V, V = prod J_pq, each making columns p, q of W orthogonal, until every pair
# has |w_p . w_q| <= n eps ||w_p|| ||w_q||; then masses_k = ||w_k||, U_L e_k = w_k/||w_k||, U_R = V.
# A rotation only mixes two columns with an angle set by their own Gram entries, so a light column
# is perturbed by O(eps) of itself and of its (small) overlap with heavy ones: small singular values
# keep relative accuracy where LAPACK's bidiagonalisation has only eps ||M|| absolute accuracy (the
# Demmel-Veselic bound for M = B D with well-conditioned B).  Warm start: with V0 the U_R of a
# nearby matrix, W0 = M V0 already has nearly orthogonal columns and one or two sweeps finish it.
# cython: language_level=3
from libc.math cimport fabs, fmax, sqrt

from modelgen.kernels.linalg cimport NMAX, _dirac_svd_dense, _dirac_svd_blocks
from modelgen.kernels.blocks cimport coupled_blocks, ascending_order

cdef enum:
    # sweeps before giving up (then LAPACK): a cold 9x9 needs ~6-9, a warm start 1-3
    JACOBI_SWEEPS = 24
    # return codes of jacobi_svd
    JACOBI_OK = 0
    JACOBI_NO_CONVERGENCE = 1
    JACOBI_SINGULAR = 2       # a zero (or subnormal-squared) singular value: U_L column undefined


cdef inline double _dot(const double* a, const double* b, int n) noexcept nogil:
    cdef int i
    cdef double s = 0.0
    for i in range(n):
        s += a[i] * b[i]
    return s


cdef inline double _column_dot(const double* A, const double* B, int n, int k) noexcept nogil:
    """Dot product of column k of the row-major n x n A and B."""
    cdef int i
    cdef double s = 0.0
    for i in range(n):
        s += A[i * n + k] * B[i * n + k]
    return s


cdef inline void _rotate_rows(double* x, double* y, int n, double c, double s) noexcept nogil:
    """(x, y) <- (c x - s y, s x + c y) elementwise on two distinct length-n rows (one loop over two
    rows, which the compiler vectorises)."""
    cdef int i
    cdef double a, b
    for i in range(n):
        a = x[i]
        b = y[i]
        x[i] = c * a - s * b
        y[i] = s * a + c * b


cdef inline void _rotate_pair(double* x, double* y, double* u, double* v, int n, double c,
                              double s) noexcept nogil:
    """_rotate_rows(x, y) and _rotate_rows(u, v) in one loop (the W and V rows of a pair in _sweeps;
    four distinct rows): the same operations on every element, so bit-identical to the two calls,
    with one loop's overhead instead of two (the loop has no reduction: the compiler vectorises it)."""
    cdef int i
    cdef double a, b, e, f
    for i in range(n):
        a = x[i]
        b = y[i]
        e = u[i]
        f = v[i]
        x[i] = c * a - s * b
        y[i] = s * a + c * b
        u[i] = c * e - s * f
        v[i] = s * e + c * f


cdef inline void _norms2(const double* x, const double* y, int n, double* nx, double* ny) noexcept nogil:
    """nx = _dot(x, x, n), ny = _dot(y, y, n) in one loop: each sum in its own ascending order, so
    bit-identical to the two calls, with one loop's overhead and the two addition chains overlapped."""
    cdef int i
    cdef double sx = 0.0, sy = 0.0
    for i in range(n):
        sx += x[i] * x[i]
        sy += y[i] * y[i]
    nx[0] = sx
    ny[0] = sy


cdef inline int _sweeps(double* Wt, double* Vt, double* norm2, int n) noexcept nogil:
    """Cyclic one-sided Jacobi on the rows of Wt (= columns of W) with the rows of Vt (= columns of
    V) rotated alike; norm2[k] = |w_k|^2 on entry and exit.  Returns the number of sweeps used, or
    -1 if pairs were still rotated after JACOBI_SWEEPS."""
    cdef int sweep, p, q, i, rotated
    cdef double tol = n * 2.220446049250313e-16
    cdef double a, b, g, zeta, t, c, s
    cdef double norm[NMAX]              # sqrt(norm2), refreshed with it
    for i in range(n):
        norm[i] = sqrt(norm2[i])
    for sweep in range(JACOBI_SWEEPS):
        rotated = 0
        for p in range(n - 1):
            for q in range(p + 1, n):
                a = norm2[p]
                b = norm2[q]
                g = _dot(Wt + p * n, Wt + q * n, n)
                if not fabs(g) > tol * norm[p] * norm[q]:
                    continue
                rotated = 1
                # t = tan of the angle zeroing the Gram entry: t^2 + 2 zeta t - 1 = 0, smaller root
                zeta = (b - a) / (2.0 * g)
                if fabs(zeta) > 1e150:
                    t = 0.5 / zeta
                else:
                    t = 1.0 / (fabs(zeta) + sqrt(1.0 + zeta * zeta))
                    if zeta < 0:
                        t = -t
                c = 1.0 / sqrt(1.0 + t * t)
                s = c * t
                _rotate_pair(Wt + p * n, Wt + q * n, Vt + p * n, Vt + q * n, n, c, s)
                # recomputed, not updated (a - t g): a light column keeps its own relative accuracy
                _norms2(Wt + p * n, Wt + q * n, n, &norm2[p], &norm2[q])
                norm[p] = sqrt(norm2[p])
                norm[q] = sqrt(norm2[q])
        if not rotated:
            return sweep + 1
    return -1


cdef inline int jacobi_svd(const double* M, int n, double* masses, double* UL, double* UR,
                           bint warm, int* sweeps) noexcept nogil:
    """One-sided Jacobi SVD of the row-major n x n M with linalg.dirac_svd's contract (U_L^T M U_R =
    diag(masses) ascending; largest-|.| entry of each U_L column positive).  ``warm``: UR holds on
    entry an orthogonal matrix (the U_R of a nearby matrix) used as the starting rotation.
    ``sweeps`` receives the sweeps used.  JACOBI_OK, JACOBI_NO_CONVERGENCE or JACOBI_SINGULAR (then
    masses, UL, UR are garbage: the caller falls back to LAPACK)."""
    cdef double Wt[NMAX * NMAX]
    cdef double Vt[NMAX * NMAX]
    cdef double norm2[NMAX]
    cdef double sig[NMAX]
    cdef int order[NMAX]
    cdef int i, j, k, o, big
    cdef double s, sgn, bigval
    if n > NMAX:
        return JACOBI_NO_CONVERGENCE
    if not warm:
        # cold start: V = the permutation ordering M's columns by descending norm (de Rijk's
        # pivoting; exact, so no accuracy is lost): 4.4 instead of 6.1 sweeps on VLL 9x9 matrices
        for k in range(n):
            sig[k] = -_column_dot(M, M, n, k)
        ascending_order(sig, n, order)
    for k in range(n):
        for j in range(n):
            Vt[k * n + j] = UR[j * n + k] if warm else (1.0 if j == order[k] else 0.0)
        for i in range(n):
            if warm:                        # w_k = M v_k
                s = 0.0
                for j in range(n):
                    s += M[i * n + j] * Vt[k * n + j]
                Wt[k * n + i] = s
            else:
                Wt[k * n + i] = M[i * n + order[k]]
        norm2[k] = _dot(Wt + k * n, Wt + k * n, n)
    sweeps[0] = _sweeps(Wt, Vt, norm2, n)
    if sweeps[0] < 0:
        return JACOBI_NO_CONVERGENCE
    for k in range(n):
        if not 1e-290 < norm2[k] < 1e300:
            return JACOBI_SINGULAR
        sig[k] = sqrt(norm2[k])
    ascending_order(sig, n, order)
    for k in range(n):
        o = order[k]
        masses[k] = sig[o]
        big = 0
        bigval = fabs(Wt[o * n])
        for i in range(1, n):
            if fabs(Wt[o * n + i]) > bigval:
                big = i
                bigval = fabs(Wt[o * n + i])
        sgn = 1.0 if Wt[o * n + big] > 0 else -1.0
        for i in range(n):
            UL[i * n + k] = sgn * Wt[o * n + i] / sig[o]
            UR[i * n + k] = sgn * Vt[o * n + i]
    return JACOBI_OK


cdef inline double _sqrt_eps() noexcept nogil:
    """Largest column difference |u - u'| of the two Jacobi runs of jacobi_svd_both that counts as the
    same singular vector (sqrt(eps)): far above the vectors' errors eps/gap for relative gaps > 1e-8,
    far below the O(1) of a swapped or rotated pair in a (near-)degenerate cluster."""
    return 1.4901161193847656e-08


cdef inline void left_vectors_from_transpose(const double* M, int n, double* UL) noexcept nogil:
    """Replace U_L's columns (of a factorisation U_L^T M U_R = diag(masses) by jacobi_svd) by those of a
    second Jacobi run on M^T, which accumulates U_L as its rotation and so has relative accuracy in its
    small components (Demmel and Veselic 1992, sec. 4), where jacobi_svd's U_L = M V diag(1/masses)
    inherits the cancellation of M v_k for a light state (a small U_L component, e.g. the left-handed
    angle of a lepton mixing with a vector-like singlet, ~ (m/M) theta_R, keeps only absolute
    accuracy).  The run is cold: warm-started from U_L itself, it would stop as soon as its columns
    pass the orthogonality test, keeping U_L's absolute errors in the small components of heavy
    columns of close masses (measured: up to 6e-11 relative on 9x9 VLL matrices, cold 1e-13).
    Column k is replaced when it is the same vector up to sign (|u - u'| <= _sqrt_eps()): otherwise
    (a pair swapped or rotated inside a cluster of equal masses, where the vectors are not individually
    defined) U_L's column stays, which keeps U_L^T M U_R = diag(masses) to rounding; a run on M^T that
    fails changes nothing."""
    cdef double Mt[NMAX * NMAX]
    cdef double Vt[NMAX * NMAX]          # left vectors of M, from the run on M^T
    cdef double Wt[NMAX * NMAX]
    cdef double mt[NMAX]
    cdef int i, j, k, sweeps
    cdef double sgn, d
    for i in range(n):
        for j in range(n):
            Mt[j * n + i] = M[i * n + j]
    if jacobi_svd(Mt, n, mt, Wt, Vt, False, &sweeps) != JACOBI_OK:
        return
    for k in range(n):
        sgn = 1.0 if _column_dot(UL, Vt, n, k) >= 0 else -1.0
        d = 0.0
        for i in range(n):
            d = fmax(d, fabs(sgn * Vt[i * n + k] - UL[i * n + k]))
        if d <= _sqrt_eps():
            for i in range(n):
                UL[i * n + k] = sgn * Vt[i * n + k]


cdef inline int jacobi_svd_both(const double* M, int n, double* masses, double* UL, double* UR) noexcept nogil:
    """jacobi_svd of M (cold) with U_L taken, column by column, from a second cold run on M^T
    (left_vectors_from_transpose): every entry of U_L and U_R to relative accuracy.  jacobi_svd's
    contract and return codes."""
    cdef int code, sweeps
    code = jacobi_svd(M, n, masses, UL, UR, False, &sweeps)
    if code == JACOBI_OK:
        left_vectors_from_transpose(M, n, UL)
    return code


cdef inline void refine_left_vectors(const double* M, int n, double* UL) noexcept nogil:
    """U_L of dirac_svd_jacobi(M) to relative accuracy in its small components: for a dense M (one
    coupled block), whose U_L came from the one-sided jacobi_svd, the cold run on M^T
    (left_vectors_from_transpose); a matrix that splits into blocks already has them
    (jacobi_svd_both per block).  For the converged point of a sequence of dirac_svd_jacobi calls
    (the light-mass Newton), where a second run at every iterate would double the SVD cost."""
    cdef int label[2 * NMAX]
    if n <= NMAX:
        refine_left_vectors_split(M, n, UL, coupled_blocks(M, n, False, label))


cdef inline void refine_left_vectors_split(const double* M, int n, double* UL, int nb) noexcept nogil:
    """refine_left_vectors with M's number of blocks nb = coupled_blocks(M, n, False, ...) known
    (dirac_svd_jacobi_split's caller has it)."""
    if n <= NMAX and nb == 1:
        left_vectors_from_transpose(M, n, UL)


cdef inline int _jacobi_or_lapack(const double* M, int n, double* masses, double* UL, double* UR) noexcept nogil:
    """jacobi_svd_both of M, LAPACK (_dirac_svd_dense) when it does not converge or meets a zero
    singular value: linalg.dense_svd_t's contract, the per-block solver of dirac_svd_jacobi."""
    if jacobi_svd_both(M, n, masses, UL, UR) == JACOBI_OK:
        return 0
    return _dirac_svd_dense(M, n, masses, UL, UR)


cdef inline int dirac_svd_jacobi(const double* M, int n, double* masses, double* UL, double* UR,
                                 bint warm) noexcept nogil:
    """linalg.dirac_svd's contract and return code (0 = ok, else LAPACK's info) with the relative
    accuracy of the Jacobi SVD: a dense M by jacobi_svd (warm-started from the UR passed in when
    ``warm``); a matrix that splits into blocks (coupled_blocks: e.g. generations that do not mix)
    block by block (linalg._dirac_svd_blocks: a triangular 2 x 2 block by dlasv2, any other by
    jacobi_svd_both, whose small light-heavy vector components, linear in the longitudinal Z' dipole and
    squared in the axial couplings, keep their relative accuracy where dgesvd's have eps absolute).
    LAPACK (_dirac_svd_dense) is the fallback of a dense matrix or block whose Jacobi does not
    converge or meets a zero singular value."""
    cdef int label[2 * NMAX]
    if n > NMAX:
        return -1000
    return dirac_svd_jacobi_split(M, n, masses, UL, UR, warm, coupled_blocks(M, n, False, label), label)


cdef inline int dirac_svd_jacobi_split(const double* M, int n, double* masses, double* UL, double* UR,
                                       bint warm, int nb, const int* label) noexcept nogil:
    """dirac_svd_jacobi with M's blocks given: nb, label = coupled_blocks(M, n, False, label) (a
    caller diagonalising a sequence of matrices of one zero pattern, the light-mass Newton, finds
    them once)."""
    cdef int sweeps
    if n > NMAX:
        return -1000
    if nb > 1:
        return _dirac_svd_blocks(M, n, nb, label, masses, UL, UR, _jacobi_or_lapack)
    if jacobi_svd(M, n, masses, UL, UR, warm, &sweeps) == JACOBI_OK:
        return 0
    return _dirac_svd_dense(M, n, masses, UL, UR)
