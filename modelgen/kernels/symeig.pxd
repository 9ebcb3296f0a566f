# Hand-written Cython helper (not generated): eigenvalues and eigenvectors of a small real symmetric
# matrix without LAPACK's call overhead, for the Majorana (Takagi) decomposition of
# modelgen.kernels.linalg (LAPACK's dsyev stays its fallback).
# Consumes a row-major n x n symmetric A (both triangles read as one: the lower one is used);
# produces w (unsorted eigenvalues) and Z with row k = the unit eigenvector of w[k]:
#     A = sum_k w_k z_k z_k^T  (Z orthogonal).
#
# Method: the EISPACK pair tred2 (Householder reduction to tridiagonal form, transformations
# accumulated) and tql2 (implicit QL with Wilkinson shifts on the tridiagonal matrix), in the form
# of the public-domain JAMA translation (Hicks et al., JAMA 1.0.3, EigenvalueDecomposition; Smith
# et al., Matrix Eigensystem Routines - EISPACK Guide, Springer LNCS 6, 1976).  Both are backward
# stable: eigenvalues to eps ||A|| absolute, eigenvectors to eps ||A|| / gap, Z orthogonal to
# O(n eps) -- the accuracy class of LAPACK's dsyev (dsytrd + dorgtr + dsteqr, the same
# Householder + implicit QL/QR algorithm), at about a quarter of its instructions for n = 12
# (dsyev spends most of its time in call overhead at this size: dlamch, lsame, dlasr).
# The QL iteration takes the matrix graded with its large entries last (as the neutral lepton
# matrices are, heavy vector-like states ordered after the light neutrinos); tred2 reduces from the
# last row, where the large entries sit.
# cython: language_level=3
from libc.math cimport fabs, sqrt

cdef enum:
    # QL iterations allowed per eigenvalue (EISPACK: 30) before symmetric_eigen gives up
    SYMEIG_MAX_ITER = 30
    SYMEIG_OK = 0
    SYMEIG_NO_CONVERGENCE = 1


cdef inline double _pythag(double a, double b) noexcept nogil:
    """sqrt(a^2 + b^2) without destructive overflow or underflow (EISPACK's pythag, by scaling)."""
    cdef double x = fabs(a), y = fabs(b), t
    if x < y:
        t = x; x = y; y = t
    if x == 0.0:
        return 0.0
    if x < 1e150 and x > 1e-150 and y > 1e-150:
        return sqrt(x * x + y * y)
    t = y / x
    return x * sqrt(1.0 + t * t)


cdef inline void _tred2(double* V, int n, double* d, double* e) noexcept nogil:
    """EISPACK tred2 (JAMA form): V (row-major n x n) holds A on entry and the orthogonal Q of
    A = Q T Q^T on exit; d, e the diagonal and subdiagonal of T (e[i] couples rows i-1, i; e[0] = 0)."""
    cdef int i, j, k
    cdef double scale, h, f, g, hh
    for j in range(n):
        d[j] = V[(n - 1) * n + j]
    for i in range(n - 1, 0, -1):
        scale = 0.0
        h = 0.0
        for k in range(i):
            scale += fabs(d[k])
        if scale == 0.0:
            e[i] = d[i - 1]
            for j in range(i):
                d[j] = V[(i - 1) * n + j]
                V[i * n + j] = 0.0
                V[j * n + i] = 0.0
        else:
            for k in range(i):
                d[k] /= scale
                h += d[k] * d[k]
            f = d[i - 1]
            g = sqrt(h)
            if f > 0:
                g = -g
            e[i] = scale * g
            h = h - f * g
            d[i - 1] = f - g
            for j in range(i):
                e[j] = 0.0
            for j in range(i):
                f = d[j]
                V[j * n + i] = f
                g = e[j] + V[j * n + j] * f
                for k in range(j + 1, i):
                    g += V[k * n + j] * d[k]
                    e[k] += V[k * n + j] * f
                e[j] = g
            f = 0.0
            for j in range(i):
                e[j] /= h
                f += e[j] * d[j]
            hh = f / (h + h)
            for j in range(i):
                e[j] -= hh * d[j]
            for j in range(i):
                f = d[j]
                g = e[j]
                for k in range(j, i):
                    V[k * n + j] -= f * e[k] + g * d[k]
                d[j] = V[(i - 1) * n + j]
                V[i * n + j] = 0.0
        d[i] = h
    # accumulate the transformations
    for i in range(n - 1):
        V[(n - 1) * n + i] = V[i * n + i]
        V[i * n + i] = 1.0
        h = d[i + 1]
        if h != 0.0:
            for k in range(i + 1):
                d[k] = V[k * n + i + 1] / h
            for j in range(i + 1):
                g = 0.0
                for k in range(i + 1):
                    g += V[k * n + i + 1] * V[k * n + j]
                for k in range(i + 1):
                    V[k * n + j] -= g * d[k]
        for k in range(i + 1):
            V[k * n + i + 1] = 0.0
    for j in range(n):
        d[j] = V[(n - 1) * n + j]
        V[(n - 1) * n + j] = 0.0
    V[(n - 1) * n + n - 1] = 1.0
    e[0] = 0.0


cdef inline int _tql2(double* Z, int n, double* d, double* e) noexcept nogil:
    """EISPACK tql2 (JAMA form) on the tridiagonal (d, e) of _tred2, with the rotations applied to
    the rows of Z (= Q^T on entry: row k of Z becomes eigenvector k).  SYMEIG_OK or
    SYMEIG_NO_CONVERGENCE (more than SYMEIG_MAX_ITER iterations for one eigenvalue)."""
    cdef int i, k, l, m, it
    cdef double f = 0.0, tst1 = 0.0, eps = 2.220446049250313e-16
    cdef double g, p, r, dl1, h, c, c2, c3, el1, s, s2, x, y
    for i in range(1, n):
        e[i - 1] = e[i]
    e[n - 1] = 0.0
    for l in range(n):
        if fabs(d[l]) + fabs(e[l]) > tst1:
            tst1 = fabs(d[l]) + fabs(e[l])
        m = l
        while m < n - 1:
            if fabs(e[m]) <= eps * tst1:
                break
            m += 1
        if m > l:
            it = 0
            while True:
                it += 1
                if it > SYMEIG_MAX_ITER:
                    return SYMEIG_NO_CONVERGENCE
                g = d[l]
                p = (d[l + 1] - g) / (2.0 * e[l])
                r = _pythag(p, 1.0)
                if p < 0:
                    r = -r
                d[l] = e[l] / (p + r)
                d[l + 1] = e[l] * (p + r)
                dl1 = d[l + 1]
                h = g - d[l]
                for i in range(l + 2, n):
                    d[i] -= h
                f += h
                p = d[m]
                c = 1.0
                c2 = c
                c3 = c
                el1 = e[l + 1]
                s = 0.0
                s2 = 0.0
                for i in range(m - 1, l - 1, -1):
                    c3 = c2
                    c2 = c
                    s2 = s
                    g = c * e[i]
                    h = c * p
                    r = _pythag(p, e[i])
                    e[i + 1] = s * r
                    s = e[i] / r
                    c = p / r
                    p = c * d[i] - s * g
                    d[i + 1] = h + s * (c * g + s * d[i])
                    for k in range(n):      # rows i, i+1 of Z: (z_i, z_i+1) <- (c z_i - s z_i+1, s z_i + c z_i+1)
                        x = Z[i * n + k]
                        y = Z[(i + 1) * n + k]
                        Z[(i + 1) * n + k] = s * x + c * y
                        Z[i * n + k] = c * x - s * y
                p = -s * s2 * c3 * el1 * e[l] / dl1
                e[l] = s * p
                d[l] = c * p
                if not fabs(e[l]) > eps * tst1:
                    break
        d[l] = d[l] + f
        e[l] = 0.0
    return SYMEIG_OK


cdef inline int symmetric_eigen(const double* A, int n, double* w, double* Z, double* work) noexcept nogil:
    """Eigen-decomposition A = sum_k w[k] z_k z_k^T of the row-major symmetric n x n A (lower
    triangle read), z_k = row k of the row-major Z (n x n); ``work``: 2 n + n^2 doubles of scratch.
    Eigenvalues unsorted.  SYMEIG_OK, or SYMEIG_NO_CONVERGENCE (the caller falls back to LAPACK)."""
    cdef double* e = work
    cdef double* V = work + n
    cdef int i, j
    if n == 1:
        w[0] = A[0]
        Z[0] = 1.0
        return SYMEIG_OK
    for i in range(n):
        for j in range(i + 1):
            V[i * n + j] = A[i * n + j]
            V[j * n + i] = A[i * n + j]
    _tred2(V, n, w, e)
    for i in range(n):              # Z = Q^T: row k of Z is column k of Q
        for j in range(n):
            Z[i * n + j] = V[j * n + i]
    return _tql2(Z, n, w, e)
