# Hand-written Cython helpers (not generated) for models with lepton mixing: solving the SM
# Yukawas for the light masses, mass-basis couplings and the one-loop dipole sums over internal
# mass eigenstates.  Conventions are those of modelgen.derive.fermions / numeric:
#   L > -psi_bar_L M psi_R + h.c.,  U_L^T M U_R = diag(m)  (real orthogonal U_L, U_R);
#   L > -(1/2) n^T C M_n n + h.c.,  M_n = O diag(eta m) O^T, U_n = O diag(sqrt(eta));
#   L > psi_bar gamma (G_L P_L + G_R P_R) psi V   (G diagonal in the gauge basis);
#   L > -psi_bar_L (dM/dv_S) psi_R phi_S + h.c.,  <S0> = (v_S + phi_S)/sqrt2;
#   L > W+ chi_bar gamma (g_L P_L + g_R P_R) e + h.c.,  g_L = U_n^+ W_L U_L,  g_R = U_n^T W_R U_R.
# The dipole sums call the loop library (modelgen.loops.loopfuncs) with its normalisation
# F_bar (c_S + c_P g5) l S + h.c. / F_bar g^mu (c_V + c_A g5) l V_mu + h.c.
# cython: language_level=3
from libc.math cimport fabs, fmax, sqrt
from scipy.linalg.cython_lapack cimport dgesv

from modelgen.kernels.linalg cimport NMAX, dirac_svd, rotate
from modelgen.loops.loopfuncs cimport (a_neutral_scalar, a_neutral_vector, a_charged_vector,
                                       edm_neutral_scalar, edm_neutral_vector, edm_charged_vector)
from modelgen.loops.transition cimport (tdipole_neutral_scalar, tdipole_neutral_vector,
                                        tdipole_charged_vector, width_radiative_alpha, width_muon_tree)


cdef inline int _solve_small(double* J, double* F, int k) noexcept nogil:
    """Solve J x = F in place (x -> F) for k <= NMAX, row-major J, partial pivoting."""
    cdef int i, j, r, p
    cdef double t, piv
    for i in range(k):
        p = i
        for r in range(i + 1, k):
            if fabs(J[r * k + i]) > fabs(J[p * k + i]):
                p = r
        if J[p * k + i] == 0.0:
            return 1
        if p != i:
            for j in range(k):
                t = J[i * k + j]; J[i * k + j] = J[p * k + j]; J[p * k + j] = t
            t = F[i]; F[i] = F[p]; F[p] = t
        for r in range(i + 1, k):
            piv = J[r * k + i] / J[i * k + i]
            for j in range(i, k):
                J[r * k + j] -= piv * J[i * k + j]
            F[r] -= piv * F[i]
    for i in range(k - 1, -1, -1):
        t = F[i]
        for j in range(i + 1, k):
            t -= J[i * k + j] * F[j]
        F[i] = t / J[i * k + i]
    return 0


cdef inline int solve_light_yukawas(const double* M0, const double* D, int ns, const double* target,
                                    int n, double* y, double* masses, double* UL, double* UR) noexcept nogil:
    """Solve y (ns diagonal SM Yukawas) so that the ns lightest singular values of
    M(y) = M0 + sum_i y_i D_i equal ``target`` (ascending); D_i has the single entry D_i[i,i].

    Start: block seesaw on the + branch, y_i = (target_i + S_ii)/D_i[i,i] with
    S = M_lh M_hh^-1 M_hl of M0; then Newton with ds_k/dy_j = u_k^T D_j v_k (exact SVD
    derivative).  Returns 0 (converged, masses/UL/UR of the solution), 1 (no convergence),
    2 (LAPACK failure).  Same algorithm as modelgen.derive.numeric.LeptonPipeline.
    """
    cdef double M[NMAX * NMAX]
    cdef double Mhh[NMAX * NMAX]
    cdef double X[NMAX * NMAX]
    cdef double J[NMAX * NMAX]
    cdef double F[NMAX]
    cdef int piv[NMAX]
    cdef int i, j, a, b, it, info = 0, nh = n - ns, nrhs = ns, ok
    cdef double s, scale, tol
    # Schur complement start: X = M_hh^-1 M_hl (Fortran: column-major copies)
    if nh > 0:
        for a in range(nh):
            for b in range(nh):
                Mhh[a + b * nh] = M0[(ns + a) * n + ns + b]
            for j in range(ns):
                X[a + j * nh] = M0[(ns + a) * n + j]
        dgesv(&nh, &nrhs, Mhh, &nh, piv, X, &nh, &info)
    for i in range(ns):
        scale = D[i * n * n + i * n + i]
        s = 0.0
        if nh > 0 and info == 0:
            for a in range(nh):
                s += M0[i * n + ns + a] * X[a + i * nh]
        y[i] = (target[i] + s) / scale
        if y[i] != y[i]:
            y[i] = target[i] / scale
    for it in range(60):
        for a in range(n * n):
            M[a] = M0[a]
        for i in range(ns):
            for a in range(n * n):
                M[a] += y[i] * D[i * n * n + a]
        if dirac_svd(M, n, masses, UL, UR) != 0:
            return 2
        ok = 1
        for i in range(ns):
            F[i] = masses[i] - target[i]
            tol = 1e-12 * target[i]
            if tol < 64 * 2.220446049250313e-16 * masses[n - 1]:
                tol = 64 * 2.220446049250313e-16 * masses[n - 1]
            if fabs(F[i]) > tol:
                ok = 0
        if ok:
            return 0
        for i in range(ns):
            for j in range(ns):
                J[i * ns + j] = rotate(UL, n, D + j * n * n, UR, n, i, i)
        if _solve_small(J, F, ns) != 0:
            return 1
        for i in range(ns):
            y[i] -= F[i]
    return 1


cdef inline double diag_coupling(const double* U, int n, const double* G, int i) noexcept nogil:
    """(U^T diag(G) U)[i, i] for a real orthogonal U: coupling of mass eigenstate i."""
    cdef int a
    cdef double s = 0.0
    for a in range(n):
        s += U[a * n + i] * U[a * n + i] * G[a]
    return s


cdef inline double light_nu_coupling(const double* O, int n, const double* G, int f, int nlight) noexcept nogil:
    """Z/Z' coupling of the flavour neutrino f (gauge index of nu_L,f) projected on the light
    subspace spanned by the nlight lightest Majorana states: <psi|G|psi> with psi = P e_f/|P e_f|,
    P = U_light U_light^+; independent of the basis chosen inside a degenerate light subspace."""
    cdef int a, k
    cdef double paf, pff = 0.0, s = 0.0
    for k in range(nlight):
        pff += O[f * n + k] * O[f * n + k]
    for a in range(n):
        paf = 0.0
        for k in range(nlight):
            paf += O[a * n + k] * O[f * n + k]
        s += paf * paf * G[a]
    return s / pff


# Couplings below _roundoff() x (largest gauge-basis coupling) are rounding noise of the rotations
# (e.g. between generations that do not mix) and are dropped; this matters above threshold
# (m_i > m_k + M_B, e.g. mu -> e Z'), where the loop functions return NaN because the dipole is
# complex: a real coupling there makes the point NaN (flagged), a rounding-level one is skipped.
cdef inline double _roundoff() noexcept nogil:
    return 1e-12


cdef inline double _absmax(const double* x, int n) noexcept nogil:
    cdef int a
    cdef double s = 0.0
    for a in range(n):
        if fabs(x[a]) > s:
            s = fabs(x[a])
    return s


cdef inline double w_light_strength(int i, int nc, int nn, const double* UL, const double* UR,
                                   const double* O, const double* WL, const double* WR,
                                   int nlight) noexcept nogil:
    """sum over the nlight lightest neutral states k of |g_L[k,i]|^2 + |g_R[k,i]|^2: the W coupling
    strength of light charged state i in decays to light neutrinos (Takagi phases drop out)."""
    cdef int k
    cdef double rl, rr, s = 0.0
    for k in range(nlight):
        rl = rotate(O, nn, WL, UL, nc, k, i)
        rr = rotate(O, nn, WR, UR, nc, k, i)
        s += rl * rl + rr * rr
    return s


cdef inline double nv_sum(int i, int n, const double* m, const double* UL, const double* UR,
                          const double* GL, const double* GR, double MV, double* edm) noexcept nogil:
    """Delta a of charged state i from a neutral vector (diagonal gauge couplings GL, GR) summed
    over every internal charged mass eigenstate k; the EDM (e cm) is added to ``edm``."""
    cdef int k, a
    cdef double cl, cr, tot = 0.0
    cdef double small = _roundoff() * fmax(_absmax(GL, n), _absmax(GR, n))
    for k in range(n):
        cl = 0.0
        cr = 0.0
        for a in range(n):
            cl += UL[a * n + k] * GL[a] * UL[a * n + i]
            cr += UR[a * n + k] * GR[a] * UR[a * n + i]
        if fabs(cl) > small or fabs(cr) > small:
            tot += a_neutral_vector(m[i], m[k], MV, 0.5 * (cl + cr), 0.0, 0.5 * (cr - cl), 0.0)
            edm[0] += edm_neutral_vector(m[i], m[k], MV, 0.5 * (cl + cr), 0.0, 0.5 * (cr - cl), 0.0)
    return tot


cdef inline double ns_sum(int i, int n, const double* m, const double* UL, const double* UR,
                          const double* Y, double MS, double* edm) noexcept nogil:
    """Delta a of charged state i from a neutral scalar with L > -psi_bar_L Y psi_R phi + h.c.
    (Y = dM/dv_S), summed over internal charged states k: in the mass basis the coefficient of
    F_bar_k P_R l_i is -Y'[k,i] and of F_bar_k P_L l_i is -Y'[i,k], Y' = U_L^T Y U_R."""
    cdef int k
    cdef double pl, pr, tot = 0.0
    cdef double small = _roundoff() * _absmax(Y, n * n)
    for k in range(n):
        pr = -rotate(UL, n, Y, UR, n, k, i)
        pl = -rotate(UL, n, Y, UR, n, i, k)
        if fabs(pl) > small or fabs(pr) > small:
            tot += a_neutral_scalar(m[i], m[k], MS, 0.5 * (pl + pr), 0.0, 0.5 * (pr - pl), 0.0)
            edm[0] += edm_neutral_scalar(m[i], m[k], MS, 0.5 * (pl + pr), 0.0, 0.5 * (pr - pl), 0.0)
    return tot


cdef inline double w_sum(int i, int nc, int nn, const double* mc, const double* UL, const double* UR,
                         const double* mn, const double* O, const double* eta, const double* WL,
                         const double* WR, double MW, double* edm) noexcept nogil:
    """Delta a of charged state i from the W with every Majorana neutral state k inside (EDM added
    to ``edm``; it vanishes for real Yukawas although the Takagi phases make couplings imaginary):
    g_L = conj(ph_k) (O^T W_L U_L)[k,i], g_R = ph_k (O^T W_R U_R)[k,i], ph_k = 1 or i (eta = -1)."""
    cdef int k
    cdef double rl, rr, glr, gli, grr, gri, tot = 0.0
    cdef double small = _roundoff() * fmax(_absmax(WL, nn * nc), _absmax(WR, nn * nc))
    for k in range(nn):
        rl = rotate(O, nn, WL, UL, nc, k, i)
        rr = rotate(O, nn, WR, UR, nc, k, i)
        if fabs(rl) <= small and fabs(rr) <= small:
            continue
        if eta[k] > 0:
            glr, gli, grr, gri = rl, 0.0, rr, 0.0
        else:
            glr, gli, grr, gri = 0.0, -rl, 0.0, rr
        tot += a_charged_vector(mc[i], mn[k], MW, 0.0, 0.5 * (glr + grr), 0.5 * (gli + gri),
                                0.5 * (grr - glr), 0.5 * (gri - gli))
        edm[0] += edm_charged_vector(mc[i], mn[k], MW, 0.0, 0.5 * (glr + grr), 0.5 * (gli + gri),
                                     0.5 * (grr - glr), 0.5 * (gri - gli))
    return tot


# -- l_i -> l_j gamma: transition dipoles summed over internal states (modelgen.loops.transition,
# leading order in the external masses).  Each helper adds into s = (sL_re, sL_im, sR_re, sR_im)
# and returns 1 when a two-body decay l_i -> F_k B with a coupling above rounding is open
# (m_i > m_k + M_B, e.g. mu -> e Z'): the radiative rate is then not modelled (BR set to NaN).

cdef inline int nv_lfv(int i, int j, int n, const double* m, const double* UL, const double* UR,
                       const double* GL, const double* GR, double MV, double* s) noexcept nogil:
    cdef int k, a, is_open = 0
    cdef double ai, bi, aj, bj
    cdef double small = _roundoff() * fmax(_absmax(GL, n), _absmax(GR, n))
    for k in range(n):
        ai = 0.0; bi = 0.0; aj = 0.0; bj = 0.0
        for a in range(n):
            ai += UL[a * n + k] * GL[a] * UL[a * n + i]
            bi += UR[a * n + k] * GR[a] * UR[a * n + i]
            aj += UL[a * n + k] * GL[a] * UL[a * n + j]
            bj += UR[a * n + k] * GR[a] * UR[a * n + j]
        if (fabs(ai) <= small and fabs(bi) <= small) or (fabs(aj) <= small and fabs(bj) <= small):
            continue
        if m[i] >= m[k] + MV:
            is_open = 1
            continue
        tdipole_neutral_vector(m[i], m[j], m[k], MV, ai, 0.0, bi, 0.0, aj, 0.0, bj, 0.0,
                               &s[0], &s[1], &s[2], &s[3])
    return is_open


cdef inline int ns_lfv(int i, int j, int n, const double* m, const double* UL, const double* UR,
                       const double* Y, double MS, double* s) noexcept nogil:
    cdef int k, is_open = 0
    cdef double ai, bi, aj, bj
    cdef double small = _roundoff() * _absmax(Y, n * n)
    for k in range(n):
        # F_k-bar (a P_L + b P_R) l: a = -Y'[l, k], b = -Y'[k, l]
        ai = -rotate(UL, n, Y, UR, n, i, k)
        bi = -rotate(UL, n, Y, UR, n, k, i)
        aj = -rotate(UL, n, Y, UR, n, j, k)
        bj = -rotate(UL, n, Y, UR, n, k, j)
        if (fabs(ai) <= small and fabs(bi) <= small) or (fabs(aj) <= small and fabs(bj) <= small):
            continue
        if m[i] >= m[k] + MS:
            is_open = 1
            continue
        tdipole_neutral_scalar(m[i], m[j], m[k], MS, ai, 0.0, bi, 0.0, aj, 0.0, bj, 0.0,
                               &s[0], &s[1], &s[2], &s[3])
    return is_open


cdef inline int w_lfv(int i, int j, int nc, int nn, const double* mc, const double* UL, const double* UR,
                      const double* mn, const double* O, const double* eta, const double* WL,
                      const double* WR, double MW, double* s) noexcept nogil:
    """W with Majorana neutral states: a = conj(ph_k) (O^T W_L U_L)[k,l], b = ph_k (O^T W_R U_R)[k,l]."""
    cdef int k, is_open = 0
    cdef double ail, bir, ajl, bjr, small
    small = _roundoff() * fmax(_absmax(WL, nn * nc), _absmax(WR, nn * nc))
    for k in range(nn):
        ail = rotate(O, nn, WL, UL, nc, k, i)
        bir = rotate(O, nn, WR, UR, nc, k, i)
        ajl = rotate(O, nn, WL, UL, nc, k, j)
        bjr = rotate(O, nn, WR, UR, nc, k, j)
        if (fabs(ail) <= small and fabs(bir) <= small) or (fabs(ajl) <= small and fabs(bjr) <= small):
            continue
        if mc[i] >= mn[k] + MW:
            is_open = 1
            continue
        if eta[k] > 0:
            tdipole_charged_vector(mc[i], mc[j], mn[k], MW, 0.0, ail, 0.0, bir, 0.0, ajl, 0.0, bjr, 0.0,
                                   &s[0], &s[1], &s[2], &s[3])
        else:   # ph_k = i: a -> -i a, b -> i b
            tdipole_charged_vector(mc[i], mc[j], mn[k], MW, 0.0, 0.0, -ail, 0.0, bir, 0.0, -ajl, 0.0, bjr,
                                   &s[0], &s[1], &s[2], &s[3])
    return is_open


cdef inline double lfv_width(int i, int j, const double* m, const double* s, double alpha) noexcept nogil:
    """Gamma(l_i -> l_j gamma) in GeV from the summed dipole s."""
    return width_radiative_alpha(m[i], m[j], s[0], s[1], s[2], s[3], alpha)
