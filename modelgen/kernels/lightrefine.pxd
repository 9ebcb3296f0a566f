# Hand-written Cython helper (not generated): relative accuracy for the light states of a real
# symmetric (Majorana) mass matrix after a dense Takagi factorisation.
#
# Why.  A dense symmetric eigensolver (Householder + QL, LAPACK's dsyev) is backward stable: each
# computed eigenvalue is off by ~ n eps ||M||, absolute.  In a seesaw-like matrix the light masses
# come out of cancellations among entries far larger than themselves (bl_vll: m_nu ~ 1e-10 GeV from
# entries ~ 1 GeV next to TeV masses), so they were resolved to only 1e-7 .. 2e-5 relative.
#
# What.  Rayleigh-Ritz on the computed light subspace with the projection formed in double-double:
#     A = O_l^T M O_l   (n x K, the K lightest computed Takagi vectors, each product and sum exact to
#                        ~eps^2 by Dekker's product with Veltkamp's split and Knuth's TwoSum),
# then a cyclic Jacobi diagonalisation of the small A with the relative stopping rule
# |a_pq| <= eps sqrt(|a_pp a_qq|) (Demmel & Veselic, SIAM J. Matrix Anal. Appl. 13 (1992) 1204),
# and O_l <- O_l R.  Error of a refined mass m_k (Rayleigh-Ritz with an orthonormal-to-eps basis whose
# angle to the exact light subspace is theta ~ n eps ||M|| / gap; Parlett, The Symmetric Eigenvalue
# Problem, ch. 11): ~ eps m_k from forming and diagonalising A, plus ~ (n eps ||M||)^2 / gap from the
# basis, where gap >= (GAP - 1)/GAP * m_K is the distance to the first state outside the cluster.
# At bl_vll's m_nu ~ 1e-10, m_K ~ 0.4, ||M|| ~ 2e3 GeV that is ~1e-14 relative.
#
# The cluster: the K lightest states with m_{K-1} <= TAU m_max (TAU = 1e-4, GAP = 8) (below it the dense error n eps
# m_max / m_k may exceed ~1e-11) and a gap m_K >= GAP m_{K-1} to the rest (so the basis term above
# stays small); the largest such K.  No such K (no light states, or no gap): nothing is changed.
# The heavy states and the light subspace as a whole are untouched; inside the cluster the states
# are re-sorted (|lambda| ascending, ties by lambda ascending, as linalg._takagi_from_eigen) with
# eta = sign(lambda) and the largest-|.| entry of each column positive.
# cython: language_level=3
from libc.math cimport fabs, sqrt

cdef enum:
    LR_NMAX = 16



cdef inline void _dd_fma(double a, double b, double* hi, double* lo) noexcept nogil:
    """(hi, lo) += a*b in double-double: the product exact (Veltkamp split, Dekker product; |a|, |b|
    < 2^995), the sum by TwoSum, the low parts accumulated (error ~ eps^2 sum |a b|)."""
    cdef double p = a * b
    cdef double c = 134217729.0 * a
    cdef double ah = c - (c - a)
    cdef double al = a - ah
    c = 134217729.0 * b
    cdef double bh = c - (c - b)
    cdef double bl = b - bh
    cdef double pe = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    cdef double s = hi[0] + p
    cdef double bb = s - hi[0]
    cdef double se = (hi[0] - (s - bb)) + (p - bb)
    hi[0] = s
    lo[0] += se + pe


cdef inline bint cluster_gap(const double* masses, int k) noexcept nogil:
    """True if m_k >= GAP m_{k-1} (GAP = 8): the gap that separates the k lightest states from the
    rest at the edge of a light cluster (module comment); False if either mass is NaN.  Shared with
    leptons.light_separated, which asks it of the light subspace."""
    return masses[k] >= 8.0 * masses[k - 1]


cdef inline int _light_cluster(const double* masses, int n) noexcept nogil:
    """Size K of the light cluster (module comment), 0 if none."""
    cdef int k
    cdef double mmax = masses[n - 1]
    if not (mmax > 0.0 and mmax < 1e300):
        return 0
    for k in range(n - 1, 0, -1):
        if masses[k - 1] <= 1e-4 * mmax and cluster_gap(masses, k):
            return k
    return 0


cdef inline int _jacobi_small(double* A, int K, double* R) noexcept nogil:
    """Cyclic Jacobi eigen-decomposition of the symmetric K x K A (row-major, overwritten; its
    diagonal holds the eigenvalues on return), R row-major with column j the eigenvector of A[j, j].
    Rotation as Golub & Van Loan, Matrix Computations, alg. 8.5.2 (t the smaller root); stops when
    every |a_pq| <= eps sqrt(|a_pp a_qq|).  Returns the sweeps used, -1 if 60 did not converge."""
    cdef int p, q, r, sweep
    cdef double apq, theta, t, c, s, arp, arq
    cdef bint rotated
    for p in range(K * K):
        R[p] = 0.0
    for p in range(K):
        R[p * K + p] = 1.0
    for sweep in range(60):
        rotated = False
        for p in range(K - 1):
            for q in range(p + 1, K):
                apq = A[p * K + q]
                if fabs(apq) <= 2.220446049250313e-16 * sqrt(fabs(A[p * K + p] * A[q * K + q])):
                    A[p * K + q] = 0.0
                    A[q * K + p] = 0.0
                    continue
                rotated = True
                theta = (A[q * K + q] - A[p * K + p]) / (2.0 * apq)
                if fabs(theta) > 1e150:
                    t = 0.5 / theta
                else:
                    t = 1.0 / (fabs(theta) + sqrt(1.0 + theta * theta))
                    if theta < 0.0:
                        t = -t
                c = 1.0 / sqrt(1.0 + t * t)
                s = t * c
                for r in range(K):
                    if r != p and r != q:
                        arp = A[r * K + p]
                        arq = A[r * K + q]
                        A[r * K + p] = c * arp - s * arq
                        A[p * K + r] = A[r * K + p]
                        A[r * K + q] = s * arp + c * arq
                        A[q * K + r] = A[r * K + q]
                A[p * K + p] -= t * apq
                A[q * K + q] += t * apq
                A[p * K + q] = 0.0
                A[q * K + p] = 0.0
                for r in range(K):
                    arp = R[r * K + p]
                    arq = R[r * K + q]
                    R[r * K + p] = c * arp - s * arq
                    R[r * K + q] = s * arp + c * arq
        if not rotated:
            return sweep
    return -1


cdef inline int refine_light_takagi(const double* M, int n, double* masses, double* O,
                                    double* eta) noexcept nogil:
    """Refine in place the light cluster of a Takagi factorisation M = O diag(eta masses) O^T
    (row-major n x n, masses ascending; linalg.majorana_takagi's contract, kept): module comment.
    Returns K, the number of states refined (0: nothing to refine), -1 if the small Jacobi did not
    converge (then nothing is changed)."""
    cdef double P[LR_NMAX * LR_NMAX]     # P[i K + a] = (M O_l)[i, a] rounded from double-double
    cdef double Pl[LR_NMAX * LR_NMAX]    # its low parts
    cdef double A[LR_NMAX * LR_NMAX]
    cdef double R[LR_NMAX * LR_NMAX]
    cdef double Ol[LR_NMAX * LR_NMAX]
    cdef double lam[LR_NMAX]
    cdef int order[LR_NMAX]
    cdef int K, i, j, a, b, t
    cdef double hi, lo, big, sgn
    if n > LR_NMAX or n < 2:
        return 0
    K = _light_cluster(masses, n)
    if K == 0:
        return 0
    for i in range(n):
        for a in range(K):
            hi = 0.0
            lo = 0.0
            for j in range(n):
                if M[i * n + j] != 0.0:
                    _dd_fma(M[i * n + j], O[j * n + a], &hi, &lo)
            P[i * K + a] = hi + lo
            Pl[i * K + a] = lo - ((hi + lo) - hi)     # the part of hi + lo lost in rounding
    for a in range(K):
        for b in range(a, K):
            hi = 0.0
            lo = 0.0
            for i in range(n):
                _dd_fma(O[i * n + a], P[i * K + b], &hi, &lo)
                lo += O[i * n + a] * Pl[i * K + b]
            A[a * K + b] = hi + lo
            A[b * K + a] = hi + lo
    if _jacobi_small(A, K, R) < 0:
        return -1
    for a in range(K):
        lam[a] = A[a * K + a]
        order[a] = a
    for a in range(1, K):           # |lambda| ascending, ties in lambda ascending
        t = order[a]
        b = a - 1
        while b >= 0 and (fabs(lam[order[b]]) > fabs(lam[t])
                          or (fabs(lam[order[b]]) == fabs(lam[t]) and lam[order[b]] > lam[t])):
            order[b + 1] = order[b]
            b -= 1
        order[b + 1] = t
    for i in range(n):
        for a in range(K):
            Ol[i * K + a] = O[i * n + a]
    for a in range(K):
        t = order[a]
        masses[a] = fabs(lam[t])
        eta[a] = 1.0 if lam[t] >= 0.0 else -1.0
        big = 0.0
        sgn = 1.0
        for i in range(n):
            hi = 0.0
            for b in range(K):
                hi += Ol[i * K + b] * R[b * K + t]
            O[i * n + a] = hi
            if fabs(hi) > big:
                big = fabs(hi)
                sgn = 1.0 if hi > 0.0 else -1.0
        if sgn < 0.0:
            for i in range(n):
                O[i * n + a] = -O[i * n + a]
    return K
