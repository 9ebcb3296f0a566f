# Hand-written Cython helpers (not generated): per-point diagonalisation of small COMPLEX mass
# matrices, for models whose Yukawa/mass terms carry CP phases (Model.yukawa(..., complex=True)).
# The real routines of modelgen.kernels.linalg are untouched; conventions extend theirs:
#   Dirac     L > -psi_bar_L M psi_R + h.c.,      U_L^+ M U_R = diag(m), m ascending >= 0,
#             psi_L = U_L chi_L, psi_R = U_R chi_R (U_L, U_R unitary);
#   Majorana  L > -(1/2) n^T C M n + h.c.,          U^T M U = diag(m), m ascending >= 0
#             (Takagi: M = U^* diag(m) U^+), n = U chi.
# Phase conventions (continuous along a scan away from level crossings, and equal to the real
# routines' output for a real matrix): the largest-|.| entry of each U_L column is real positive;
# the largest-|.| entry of each Takagi column has Re > 0 (Im > 0 if purely imaginary), which is
# the real Takagi's O diag(sqrt(eta)) column for real M.
#
# Takagi method: the real symmetric 2n x 2n embedding.  With M = A + iB (A, B real symmetric) and
# u = x + iy, the Takagi equation M u^* ... i.e. M u = m u^* reads
#     H (x; y) = m (x; y),   H = [[A, -B], [-B, -A]],
# whose spectrum is {+m_k, -m_k}: (x; y) -> (-y; x) maps the +m eigenspace onto the -m one.  The n
# largest eigenpairs of dsyev give the Takagi vectors; inside a degenerate cluster at m > 0 any
# orthonormal real eigenbasis gives complex-orthonormal u (Im u_a^+ u_b is the overlap of a +m vector
# with a -m vector), so near-degenerate masses need no phase fix-up and no threshold.  Only at
# m ~ 0 (m within the eigensolver's error eps m_max, where +m and -m eigenvectors mix, e.g. light
# neutrinos next to TeV states) does that fail: the u are therefore always re-orthonormalised by
# complex Gram-Schmidt in descending eigenvalue order (a rounding-level change elsewhere) and each
# column rephased so that u^T M u >= 0; the mass is |u^T M u|.  Accuracy is that of dsyev: absolute
# ~eps m_max on the masses, U^T M U diagonal to ~eps m_max, U unitary to rounding; then the light
# cluster is refined to relative accuracy (refine_light_ztakagi, as lightrefine.pxd for real M).  The SVD-with-phase-fix alternative needs a Takagi of every degenerate block.
# cython: language_level=3
from libc.math cimport fabs, sqrt, atan2, cos, sin
from scipy.linalg.cython_lapack cimport zgesvd, dsyev

from modelgen.kernels.lightrefine cimport _dd_fma, _light_cluster

# Largest complex matrix dimension (as linalg.NMAX); the Takagi embedding has twice that.
cdef enum:
    CNMAX = 16
    CLWORK = 2048       # >= zgesvd (2n + (2n) nb) and dsyev (nb + 2)(2n) for n <= CNMAX, nb = 32
    TAKAGI_NO_BASIS = -1001


cdef inline double cabs2(double complex z) noexcept nogil:
    return z.real * z.real + z.imag * z.imag


cdef inline double complex cconj(double complex z) noexcept nogil:
    return z.real - 1j * z.imag


cdef inline int _largest(const double complex* x, int n, int stride) noexcept nogil:
    """Index of the largest-|.| entry of x[0], x[stride], ...; the first on ties."""
    cdef int i, big = 0
    for i in range(1, n):
        if cabs2(x[i * stride]) > cabs2(x[big * stride]):
            big = i
    return big


cdef inline int zdirac_svd(const double complex* M, int n, double* masses, double complex* UL,
                           double complex* UR) noexcept nogil:
    """Bi-unitary decomposition of the complex Dirac matrix M (row-major n x n):

        U_L^+ M U_R = diag(masses),  masses ascending >= 0,

    UL, UR row-major, column k = mass eigenstate k; the largest-|.| entry of each U_L column is
    real positive (U_R's column carries the same phase, so the diagonal stays real positive).
    Returns LAPACK's info (0 = ok), -1000 if n > CNMAX.
    """
    cdef double complex A[CNMAX * CNMAX]
    cdef double complex U[CNMAX * CNMAX]
    cdef double complex VT[CNMAX * CNMAX]
    cdef double complex work[CLWORK]
    cdef double rwork[5 * CNMAX]
    cdef double S[CNMAX]
    cdef int i, k, kk, r, info = 0, lwork = CLWORK, ld = n
    cdef char jobu = b'A'
    cdef char jobvt = b'A'
    cdef double complex ph
    if n > CNMAX:
        return -1000
    # Fortran reads the row-major M as M^T = U_f S VT_f, so M = VT_f^T S U_f^T:
    # U_L = VT_f^T, U_R = conj(U_f)
    for i in range(n * n):
        A[i] = M[i]
    zgesvd(&jobu, &jobvt, &ld, &ld, A, &ld, S, U, &ld, VT, &ld, work, &lwork, rwork, &info)
    if info != 0:
        return info
    for k in range(n):
        kk = n - 1 - k          # LAPACK orders descending
        masses[k] = S[kk]
        r = _largest(VT + kk, n, n)              # U_L[i][k] = VT[kk + i n]
        ph = cconj(VT[kk + r * n]) / sqrt(cabs2(VT[kk + r * n]))
        for i in range(n):
            UL[i * n + k] = ph * VT[kk + i * n]
            UR[i * n + k] = ph * cconj(U[i + kk * n])
    return 0


cdef inline double complex _bilinear(const double complex* M, int n, const double complex* U, int a, int b) noexcept nogil:
    """(U^T M U)[a, b] for row-major M, U (n x n)."""
    cdef int i, j
    cdef double complex s = 0.0, r
    for i in range(n):
        r = 0.0
        for j in range(n):
            r = r + M[i * n + j] * U[j * n + b]
        s = s + U[i * n + a] * r
    return s


cdef inline int _orthonormal_takagi_basis(const double* H, int n, double complex* U) noexcept nogil:
    """Columns of U from the real eigenvectors (x; y) of the embedding (Fortran array H, 2n x 2n,
    eigenvalues ascending), taken in descending eigenvalue order as u = x + iy and made
    complex-orthonormal by modified Gram-Schmidt; a candidate is kept when more than half its norm
    survives (a -m partner of a kept +m vector does not).  Away from m ~ 0 this only rounds; near
    0 it repairs the +m/-m mixing of nearly degenerate eigenvalues.  0, or TAKAGI_NO_BASIS if
    fewer than n vectors were found."""
    cdef int c, a, i, got = 0, m = 2 * n
    cdef double complex v[CNMAX]
    cdef double complex p
    cdef double nrm
    for c in range(m - 1, -1, -1):
        if got == n:
            break
        for i in range(n):
            v[i] = H[i + c * m] + 1j * H[n + i + c * m]
        for a in range(got):
            p = 0.0
            for i in range(n):
                p = p + cconj(U[i * n + a]) * v[i]
            for i in range(n):
                v[i] = v[i] - p * U[i * n + a]
        nrm = 0.0
        for i in range(n):
            nrm += cabs2(v[i])
        if nrm > 0.25:
            nrm = sqrt(nrm)
            for i in range(n):
                U[i * n + got] = v[i] / nrm
            got += 1
    return 0 if got == n else TAKAGI_NO_BASIS


cdef inline void _sort_columns(double* masses, double complex* U, int n) noexcept nogil:
    """Insertion sort of the columns of U by mass (ascending, stable)."""
    cdef int j, k, i
    cdef double t
    cdef double complex c
    for k in range(1, n):
        j = k
        while j > 0 and masses[j - 1] > masses[j]:
            t = masses[j]; masses[j] = masses[j - 1]; masses[j - 1] = t
            for i in range(n):
                c = U[i * n + j]; U[i * n + j] = U[i * n + j - 1]; U[i * n + j - 1] = c
            j -= 1


cdef inline int _ztakagi_dense(const double complex* M, int n, double* masses, double complex* U) noexcept nogil:
    """ztakagi without the light refinement: Takagi factorisation of the complex symmetric M (row-major n x n), via the real 2n x 2n
    embedding (see the file header):

        U^T M U = diag(masses),  M = U^* diag(masses) U^+,  masses ascending >= 0, U unitary.

    Each column is rephased so that u^T M u = |u^T M u| = its mass (a no-op up to rounding except
    near m ~ 0), then its largest-|.| entry gets Re > 0 (Im > 0 when Re = 0).  Returns LAPACK's
    info, TAKAGI_NO_BASIS or -1000 if n > CNMAX.
    """
    cdef double H[4 * CNMAX * CNMAX]
    cdef double w[2 * CNMAX]
    cdef double work[CLWORK]
    cdef int i, j, k, r, m = 2 * n, info = 0, lwork = CLWORK
    cdef char jobz = b'V'
    cdef char uplo = b'U'
    cdef double a, b, ph
    cdef double complex d, rot
    if n > CNMAX:
        return -1000
    for i in range(n):            # H = [[A, -B], [-B, -A]] (symmetric: storage order irrelevant)
        for j in range(n):
            a = M[i * n + j].real
            b = M[i * n + j].imag
            H[i + j * m] = a
            H[i + (n + j) * m] = -b
            H[n + i + j * m] = -b
            H[n + i + (n + j) * m] = -a
    dsyev(&jobz, &uplo, &m, H, &m, w, work, &lwork, &info)
    if info != 0:
        return info
    if _orthonormal_takagi_basis(H, n, U) != 0:
        return TAKAGI_NO_BASIS
    for k in range(n):
        d = _bilinear(M, n, U, k, k)
        masses[k] = sqrt(cabs2(d))
        if masses[k] > 0.0 and d.imag != 0.0:
            ph = -0.5 * atan2(d.imag, d.real)
            rot = cos(ph) + 1j * sin(ph)
            for i in range(n):
                U[i * n + k] = rot * U[i * n + k]
        r = _largest(U + k, n, n)
        if U[r * n + k].real < 0 or (U[r * n + k].real == 0 and U[r * n + k].imag < 0):
            for i in range(n):
                U[i * n + k] = -U[i * n + k]
    _sort_columns(masses, U, n)
    return 0


cdef inline int refine_light_ztakagi(const double complex* M, int n, double* masses,
                                     double complex* U) noexcept nogil:
    """Refine in place the light cluster of ztakagi's factorisation (lightrefine._light_cluster:
    masses <= 1e-4 m_max with a factor-8 gap above), the complex analogue of
    lightrefine.refine_light_takagi: A = U_l^T M U_l (K x K, complex symmetric) with every product
    and sum in double-double, then A's own Takagi (_ztakagi_dense, absolute accuracy eps m_{K-1}),
    refined recursively while A has a light cluster of its own, and U_l <- U_l V.  U^T M U stays
    diagonal with the refined masses; phase convention as ztakagi.  Returns K (0: nothing refined)
    or a negative code of the small Takagi (then nothing is changed)."""
    cdef double complex A[CNMAX * CNMAX]
    cdef double complex V[CNMAX * CNMAX]
    cdef double complex Ul[CNMAX * CNMAX]
    cdef double Pr[CNMAX * CNMAX]       # P = M U_l: real and imaginary parts, high and low
    cdef double Pi[CNMAX * CNMAX]
    cdef double Prl[CNMAX * CNMAX]
    cdef double Pil[CNMAX * CNMAX]
    cdef double mA[CNMAX]
    cdef int K, i, j, a, b, r, info
    cdef double rh, rl, ih, il, mr, mi, ur, ui
    cdef double complex z
    if n > CNMAX or n < 2:
        return 0
    K = _light_cluster(masses, n)
    if K == 0:
        return 0
    for i in range(n):
        for a in range(K):
            rh = rl = ih = il = 0.0
            for j in range(n):
                mr = M[i * n + j].real
                mi = M[i * n + j].imag
                if mr == 0.0 and mi == 0.0:
                    continue
                ur = U[j * n + a].real
                ui = U[j * n + a].imag
                _dd_fma(mr, ur, &rh, &rl)
                _dd_fma(-mi, ui, &rh, &rl)
                _dd_fma(mr, ui, &ih, &il)
                _dd_fma(mi, ur, &ih, &il)
            Pr[i * K + a] = rh + rl
            Prl[i * K + a] = rl - ((rh + rl) - rh)
            Pi[i * K + a] = ih + il
            Pil[i * K + a] = il - ((ih + il) - ih)
    for a in range(K):
        for b in range(a, K):
            rh = rl = ih = il = 0.0
            for i in range(n):
                ur = U[i * n + a].real
                ui = U[i * n + a].imag
                _dd_fma(ur, Pr[i * K + b], &rh, &rl)
                _dd_fma(-ui, Pi[i * K + b], &rh, &rl)
                _dd_fma(ur, Pi[i * K + b], &ih, &il)
                _dd_fma(ui, Pr[i * K + b], &ih, &il)
                rl += ur * Prl[i * K + b] - ui * Pil[i * K + b]
                il += ur * Pil[i * K + b] + ui * Prl[i * K + b]
            A[a * K + b] = (rh + rl) + 1j * (ih + il)
            A[b * K + a] = A[a * K + b]
    info = _ztakagi_dense(A, K, mA, V)
    if info != 0:
        return info if info < 0 else -info
    refine_light_ztakagi(A, K, mA, V)
    for i in range(n):
        for a in range(K):
            Ul[i * K + a] = U[i * n + a]
    for a in range(K):
        masses[a] = mA[a]
        for i in range(n):
            z = 0.0
            for b in range(K):
                z = z + Ul[i * K + b] * V[b * K + a]
            U[i * n + a] = z
        r = _largest(U + a, n, n)
        if U[r * n + a].real < 0 or (U[r * n + a].real == 0 and U[r * n + a].imag < 0):
            for i in range(n):
                U[i * n + a] = -U[i * n + a]
    return K


cdef inline int ztakagi(const double complex* M, int n, double* masses, double complex* U) noexcept nogil:
    """Takagi factorisation of the complex symmetric M (row-major n x n): _ztakagi_dense (the real
    2n x 2n embedding, file header), then its light cluster refined to relative accuracy
    (refine_light_ztakagi):

        U^T M U = diag(masses),  M = U^* diag(masses) U^+,  masses ascending >= 0, U unitary.

    Returns LAPACK's info, TAKAGI_NO_BASIS or -1000 if n > CNMAX (the refinement never fails the
    factorisation: where it cannot run, the dense result stands)."""
    cdef int info = _ztakagi_dense(M, n, masses, U)
    if info == 0:
        refine_light_ztakagi(M, n, masses, U)
    return info
