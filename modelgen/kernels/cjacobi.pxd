# Hand-written Cython helper (not generated): one-sided Jacobi SVD of a small COMPLEX Dirac matrix,
# the complex twin of modelgen.kernels.jacobi (same method, starts, return codes and fallback
# structure), optionally warm-started from the right rotation of a nearby matrix (the previous
# Newton iterate of modelgen.kernels.clightmass), block by block when the matrix splits, with
# LAPACK's zgesvd (modelgen.kernels.clinalg.zdirac_svd) as the fallback.
# Consumes a row-major n x n complex M (and, warm, the previous U_R); produces the contract of
# clinalg.zdirac_svd: U_L^+ M U_R = diag(masses), masses ascending >= 0, the largest-|.| entry of
# each U_L column real positive (U_R's column carries the same phase).
#
# Method (Hestenes; Demmel and Veselic, SIAM J. Matrix Anal. Appl. 13 (1992) 1204, sec. 4, whose
# relative-accuracy bounds hold verbatim for complex matrices): right unitary plane rotations
# W = M V, V = prod J_pq.  For columns p, q with alpha = |w_p|^2, beta = |w_q|^2,
# gamma = w_p^+ w_q = |gamma| e^{i phi}, the rotation
#     (w_p, w_q) <- (c w_p - s e^{-i phi} w_q,  s e^{i phi} w_p + c w_q)
# makes w_p^+ w_q = e^{i phi} [c s (alpha - beta) + (c^2 - s^2) |gamma|] vanish: t = s/c solves
# t^2 + 2 zeta t - 1 = 0, zeta = (beta - alpha)/(2 |gamma|) (the real rotation of jacobi.pxd on
# w_p and e^{-i phi} w_q).  Cyclic sweeps until every pair has |gamma| <= n eps sqrt(alpha beta);
# then masses_k = |w_k|, U_L e_k = w_k/|w_k|, U_R = V.  Cold start: de Rijk's pivoting (columns by
# descending norm).  A light column is changed only by rotations with angles set by its own Gram
# entries, so small singular values keep relative accuracy (eps kappa(B) for M = B D), where
# zgesvd's bidiagonalisation has only eps |M| absolute accuracy.
# cython: language_level=3
from libc.math cimport fabs, fmax, sqrt

from modelgen.kernels.clinalg cimport CNMAX, zdirac_svd, cabs2, cconj
from modelgen.kernels.blocks cimport coupled_blocks, ascending_order, block_members

cdef enum:
    # sweeps before giving up (then LAPACK): as jacobi.JACOBI_SWEEPS
    ZJACOBI_SWEEPS = 24
    # return codes of zjacobi_svd (as jacobi.pxd's)
    ZJACOBI_OK = 0
    ZJACOBI_NO_CONVERGENCE = 1
    ZJACOBI_SINGULAR = 2      # a zero (or subnormal-squared) singular value: U_L column undefined


cdef inline double complex _zdot(const double complex* a, const double complex* b, int n) noexcept nogil:
    """a^+ b (real arithmetic: no complex-multiplication NaN checks in the hot loop)."""
    cdef int i
    cdef double re = 0.0, im = 0.0, ar, ai, br, bi
    for i in range(n):
        ar = a[i].real
        ai = a[i].imag
        br = b[i].real
        bi = b[i].imag
        re += ar * br + ai * bi
        im += ar * bi - ai * br
    return re + 1j * im


cdef inline double _znorm2(const double complex* a, int n) noexcept nogil:
    cdef int i
    cdef double s = 0.0
    for i in range(n):
        s += a[i].real * a[i].real + a[i].imag * a[i].imag
    return s


cdef inline void _zrotate_pair(double complex* x, double complex* y, int n, double c, double s,
                               double er, double ei) noexcept nogil:
    """(x, y) <- (c x - s conj(e) y, s e x + c y) with e = er + i ei, |e| = 1."""
    cdef int i
    cdef double xr, xi, yr, yi
    for i in range(n):
        xr = x[i].real
        xi = x[i].imag
        yr = y[i].real
        yi = y[i].imag
        # conj(e) y = (er yr + ei yi) + i (er yi - ei yr);  e x = (er xr - ei xi) + i (er xi + ei xr)
        x[i] = (c * xr - s * (er * yr + ei * yi)) + 1j * (c * xi - s * (er * yi - ei * yr))
        y[i] = (s * (er * xr - ei * xi) + c * yr) + 1j * (s * (er * xi + ei * xr) + c * yi)


cdef inline int _zsweeps(double complex* Wt, double complex* Vt, double* norm2, int n) noexcept nogil:
    """Cyclic one-sided complex Jacobi on the rows of Wt (= columns of W) with the rows of Vt
    (= columns of V) rotated alike; norm2[k] = |w_k|^2 on entry and exit.  Returns the number of
    sweeps used, or -1 if pairs were still rotated after ZJACOBI_SWEEPS."""
    cdef int sweep, p, q, i, rotated
    cdef double tol = n * 2.220446049250313e-16
    cdef double a, b, g, zeta, t, c, s
    cdef double complex gam
    cdef double norm[CNMAX]             # sqrt(norm2), refreshed with it
    for i in range(n):
        norm[i] = sqrt(norm2[i])
    for sweep in range(ZJACOBI_SWEEPS):
        rotated = 0
        for p in range(n - 1):
            for q in range(p + 1, n):
                a = norm2[p]
                b = norm2[q]
                gam = _zdot(Wt + p * n, Wt + q * n, n)
                g = sqrt(cabs2(gam))
                if not g > tol * norm[p] * norm[q]:
                    continue
                rotated = 1
                # t = tan of the angle zeroing |gamma|: t^2 + 2 zeta t - 1 = 0, smaller root
                zeta = (b - a) / (2.0 * g)
                if fabs(zeta) > 1e150:
                    t = 0.5 / zeta
                else:
                    t = 1.0 / (fabs(zeta) + sqrt(1.0 + zeta * zeta))
                    if zeta < 0:
                        t = -t
                c = 1.0 / sqrt(1.0 + t * t)
                s = c * t
                _zrotate_pair(Wt + p * n, Wt + q * n, n, c, s, gam.real / g, gam.imag / g)
                _zrotate_pair(Vt + p * n, Vt + q * n, n, c, s, gam.real / g, gam.imag / g)
                # recomputed, not updated (a - t g): a light column keeps its own relative accuracy
                norm2[p] = _znorm2(Wt + p * n, n)
                norm2[q] = _znorm2(Wt + q * n, n)
                norm[p] = sqrt(norm2[p])
                norm[q] = sqrt(norm2[q])
        if not rotated:
            return sweep + 1
    return -1


cdef inline int _zlargest(const double complex* x, int n) noexcept nogil:
    """Index of the largest-|.| entry of the contiguous x[0:n]; the first on ties."""
    cdef int i, big = 0
    for i in range(1, n):
        if cabs2(x[i]) > cabs2(x[big]):
            big = i
    return big


cdef inline int zjacobi_svd(const double complex* M, int n, double* masses, double complex* UL,
                            double complex* UR, bint warm, int* sweeps) noexcept nogil:
    """One-sided complex Jacobi SVD of the row-major n x n M with clinalg.zdirac_svd's contract
    (U_L^+ M U_R = diag(masses) ascending; largest-|.| entry of each U_L column real positive, U_R's
    column rephased alike).  ``warm``: UR holds on entry a unitary matrix (the U_R of a nearby
    matrix) used as the starting rotation.  ``sweeps`` receives the sweeps used.  ZJACOBI_OK,
    ZJACOBI_NO_CONVERGENCE or ZJACOBI_SINGULAR (then masses, UL, UR are garbage: the caller falls
    back to LAPACK)."""
    cdef double complex Wt[CNMAX * CNMAX]
    cdef double complex Vt[CNMAX * CNMAX]
    cdef double norm2[CNMAX]
    cdef double sig[CNMAX]
    cdef int order[CNMAX]
    cdef int i, j, k, o, big
    cdef double complex s, ph
    if n > CNMAX:
        return ZJACOBI_NO_CONVERGENCE
    if not warm:
        # cold start: V = the permutation ordering M's columns by descending norm (de Rijk)
        for k in range(n):
            sig[k] = 0.0
            for i in range(n):
                sig[k] -= cabs2(M[i * n + k])
        ascending_order(sig, n, order)
    for k in range(n):
        for j in range(n):
            Vt[k * n + j] = UR[j * n + k] if warm else (1.0 if j == order[k] else 0.0)
        for i in range(n):
            if warm:                        # w_k = M v_k
                s = 0.0
                for j in range(n):
                    s = s + M[i * n + j] * Vt[k * n + j]
                Wt[k * n + i] = s
            else:
                Wt[k * n + i] = M[i * n + order[k]]
        norm2[k] = _znorm2(Wt + k * n, n)
    sweeps[0] = _zsweeps(Wt, Vt, norm2, n)
    if sweeps[0] < 0:
        return ZJACOBI_NO_CONVERGENCE
    for k in range(n):
        if not 1e-290 < norm2[k] < 1e300:
            return ZJACOBI_SINGULAR
        sig[k] = sqrt(norm2[k])
    ascending_order(sig, n, order)
    for k in range(n):
        o = order[k]
        masses[k] = sig[o]
        big = _zlargest(Wt + o * n, n)
        ph = cconj(Wt[o * n + big]) / sqrt(cabs2(Wt[o * n + big]))
        for i in range(n):
            UL[i * n + k] = ph * Wt[o * n + i] / sig[o]
            UR[i * n + k] = ph * Vt[o * n + i]
        UL[big * n + k] = sqrt(cabs2(UL[big * n + k]))      # exactly real (rounding of ph)
    return ZJACOBI_OK


cdef inline double _zsqrt_eps() noexcept nogil:
    """Largest column difference |u - u'| (after phase alignment) of the two Jacobi runs of
    zjacobi_svd_both that counts as the same singular vector (jacobi._sqrt_eps)."""
    return 1.4901161193847656e-08


cdef inline void zleft_vectors_from_adjoint(const double complex* M, int n, double complex* UL,
                                            double complex* UR) noexcept nogil:
    """Replace U_L's columns (of U_L^+ M U_R = diag(masses) by zjacobi_svd) by those of a second,
    cold Jacobi run on M^+ = U_R diag(masses) U_L^+, whose accumulated rotation is U_L to relative
    accuracy in its small components (jacobi.left_vectors_from_transpose, whose reasoning and
    thresholds this follows; U_L = M V diag(1/masses) of the first run keeps only absolute accuracy
    for a light state).  The second run's column k is aligned in phase with U_L's (multiplied by
    the phase of its overlap with it) and replaces it when the two are the same vector
    (|u - u'| <= _zsqrt_eps(); otherwise, inside a cluster of equal masses, U_L's column stays);
    then both U_L's and U_R's column k are multiplied by one phase of rounding size that makes the
    largest-|.| entry of U_L's column exactly real positive again, which leaves the diagonal entry
    u_k^+ M v_k unchanged.  A run on M^+ that fails changes nothing."""
    cdef double complex Mh[CNMAX * CNMAX]
    cdef double complex Vl[CNMAX * CNMAX]          # left vectors of M, from the run on M^+
    cdef double complex Wl[CNMAX * CNMAX]
    cdef double mt[CNMAX]
    cdef int i, j, k, big, sweeps
    cdef double d, r
    cdef double complex ov, ph, x
    for i in range(n):
        for j in range(n):
            Mh[j * n + i] = cconj(M[i * n + j])
    if zjacobi_svd(Mh, n, mt, Wl, Vl, False, &sweeps) != ZJACOBI_OK:
        return
    for k in range(n):
        ov = 0.0                                    # u'^+ u: align u' to u
        for i in range(n):
            ov = ov + cconj(Vl[i * n + k]) * UL[i * n + k]
        r = sqrt(cabs2(ov))
        if not r > 0.0:
            continue
        ph = ov / r
        d = 0.0
        for i in range(n):
            d = fmax(d, sqrt(cabs2(ph * Vl[i * n + k] - UL[i * n + k])))
        if not d <= _zsqrt_eps():
            continue
        for i in range(n):
            UL[i * n + k] = ph * Vl[i * n + k]
        big = 0
        for i in range(1, n):
            if cabs2(UL[i * n + k]) > cabs2(UL[big * n + k]):
                big = i
        x = UL[big * n + k]
        ph = cconj(x) / sqrt(cabs2(x))
        for i in range(n):
            UL[i * n + k] = ph * UL[i * n + k]
            UR[i * n + k] = ph * UR[i * n + k]
        UL[big * n + k] = sqrt(cabs2(UL[big * n + k]))


cdef inline int zjacobi_svd_both(const double complex* M, int n, double* masses, double complex* UL,
                                 double complex* UR) noexcept nogil:
    """zjacobi_svd of M (cold) with U_L taken, column by column, from a second cold run on M^+
    (zleft_vectors_from_adjoint): every entry of U_L and U_R to relative accuracy.  zjacobi_svd's
    contract and return codes."""
    cdef int code, sweeps
    code = zjacobi_svd(M, n, masses, UL, UR, False, &sweeps)
    if code == ZJACOBI_OK:
        zleft_vectors_from_adjoint(M, n, UL, UR)
    return code


cdef inline int zcoupled_blocks(const double complex* M, int n, int* label) noexcept nogil:
    """blocks.coupled_blocks of the complex Dirac matrix M (the pattern of its nonzero entries)."""
    cdef double pattern[CNMAX * CNMAX]
    cdef int i
    for i in range(n * n):
        pattern[i] = 1.0 if (M[i].real != 0.0 or M[i].imag != 0.0) else 0.0
    return coupled_blocks(pattern, n, False, label)


cdef inline void zrefine_left_vectors(const double complex* M, int n, double complex* UL,
                                      double complex* UR) noexcept nogil:
    """U_L of zdirac_svd_jacobi(M) to relative accuracy in its small components (jacobi.
    refine_left_vectors): for a dense M (one coupled block) the cold run on M^+
    (zleft_vectors_from_adjoint; it may rephase U_R's columns by a rounding-size phase); a matrix
    that splits into blocks already has them.  For the converged point of the light-mass Newton."""
    cdef int label[2 * CNMAX]
    if n <= CNMAX and zcoupled_blocks(M, n, label) == 1:
        zleft_vectors_from_adjoint(M, n, UL, UR)


cdef inline int _zjacobi_or_lapack(const double complex* M, int n, double* masses, double complex* UL,
                                   double complex* UR) noexcept nogil:
    """zjacobi_svd_both of M, LAPACK (zdirac_svd) when it does not converge or meets a zero
    singular value: the per-block solver of zdirac_svd_jacobi."""
    if zjacobi_svd_both(M, n, masses, UL, UR) == ZJACOBI_OK:
        return 0
    return zdirac_svd(M, n, masses, UL, UR)


cdef inline int _zdirac_svd_blocks(const double complex* M, int n, int nb, const int* label,
                                   double* masses, double complex* UL, double complex* UR) noexcept nogil:
    """zdirac_svd of M split into its nb blocks (``label`` from zcoupled_blocks), each by
    _zjacobi_or_lapack, embedded in zero-padded columns, then all sorted by mass (stable): the
    complex linalg._dirac_svd_blocks."""
    cdef int rows[CNMAX]
    cdef int cols[CNMAX]
    cdef int order[CNMAX]
    cdef double complex sub[CNMAX * CNMAX]
    cdef double complex ul[CNMAX * CNMAX]
    cdef double complex ur[CNMAX * CNMAX]
    cdef double complex ULs[CNMAX * CNMAX]
    cdef double complex URs[CNMAX * CNMAX]
    cdef double ms[CNMAX]
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
        info = _zjacobi_or_lapack(sub, k, ms + s, ul, ur)
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


cdef inline int zdirac_svd_jacobi(const double complex* M, int n, double* masses, double complex* UL,
                                  double complex* UR, bint warm) noexcept nogil:
    """clinalg.zdirac_svd's contract and return code (0 = ok, else LAPACK's info) with the relative
    accuracy of the Jacobi SVD: a dense M by zjacobi_svd (warm-started from the UR passed in when
    ``warm``); a matrix that splits into blocks (zcoupled_blocks) block by block
    (_zdirac_svd_blocks: zjacobi_svd_both per block).  LAPACK (zdirac_svd) is the fallback of a
    dense matrix or block whose Jacobi does not converge or meets a zero singular value."""
    cdef int label[2 * CNMAX]
    cdef int sweeps, nb
    if n > CNMAX:
        return -1000
    nb = zcoupled_blocks(M, n, label)
    if nb > 1:
        return _zdirac_svd_blocks(M, n, nb, label, masses, UL, UR)
    if zjacobi_svd(M, n, masses, UL, UR, warm, &sweeps) == ZJACOBI_OK:
        return 0
    return zdirac_svd(M, n, masses, UL, UR)
