# Hand-written Cython helpers (not generated) for models with lepton mixing: mass-basis couplings,
# light-neutrino projections and the one-loop dipole sums over internal mass eigenstates (the
# light-mass solve of the SM Yukawas is modelgen.kernels.lightmass).  Conventions are those of
# modelgen.derive.fermions / numeric:
#   L > -psi_bar_L M psi_R + h.c.,  U_L^T M U_R = diag(m)  (real orthogonal U_L, U_R);
#   L > -(1/2) n^T C M_n n + h.c.,  M_n = O diag(eta m) O^T, U_n = O diag(sqrt(eta));
#   L > psi_bar gamma (G_L P_L + G_R P_R) psi V   (G diagonal in the gauge basis);
#   L > -psi_bar_L (dM/dv_S) psi_R phi_S + h.c.,  <S0> = (v_S + phi_S)/sqrt2;
#   L > W+ chi_bar gamma (g_L P_L + g_R P_R) e + h.c.,  g_L = U_n^+ W_L U_L,  g_R = U_n^T W_R U_R.
# The dipole sums call the loop library (modelgen.loops.loopfuncs) with its normalisation
# F_bar (c_S + c_P g5) l S + h.c. / F_bar g^mu (c_V + c_A g5) l V_mu + h.c.
# cython: language_level=3
from libc.math cimport fabs, fmax, sqrt, log1p, NAN

from modelgen.kernels.linalg cimport NMAX
from modelgen.kernels.clinalg cimport cabs2, cconj
from modelgen.kernels.lightrefine cimport cluster_gap
from modelgen.loops.loopfuncs cimport (a_neutral_scalar, a_neutral_scalar_sd, a_neutral_vector, a_charged_vector,
                                       edm_neutral_scalar, edm_neutral_vector, edm_charged_vector,
                                       _cv_moments, _cv_a, _INV8PI2)
from modelgen.loops.loopfuncs cimport _moments, _poly3, _P21, _P20, _P11, _mul, _abs2, _nv_a, _ns_a
from modelgen.loops.divdiff cimport nv_sq_from_moments, dd_neutral_vector
from modelgen.loops.transition cimport _tr_fg, _tr_add, width_radiative_alpha


cdef inline void mass_basis_diag(const double* U, int n, const double* G, double* C) noexcept nogil:
    """C = U^T diag(G) U (n x n, symmetric): mass-basis couplings from diagonal gauge-basis ones (the
    direct sum; restore_tiny then decides the entries below the flat rounding threshold)."""
    cdef int a, k, l
    cdef double s
    for k in range(n):
        for l in range(k, n):
            s = 0.0
            for a in range(n):
                s += U[a * n + k] * G[a] * U[a * n + l]
            C[k * n + l] = s
            C[l * n + k] = s


cdef inline double _nonuniversal(const double* U, int n, const double* G, int k, int l) noexcept nogil:
    """The off-diagonal (k < l) mass-basis coupling (U^T diag(G) U)_kl from the non-universal part of G,
    or exactly 0 where it is not above its own rounding bound (docs/physics.md, open two-body channels).
    With g_r = G[r], r = argmax_a |U_ak| (the gauge state that dominates the lighter state k, its
    flavour: nv_sum_delta's G_f),

      C_kl = sum_a U_ak (G_a - g_r) U_al        (= sum_a U_ak G_a U_al: U orthogonal, sum_a U_ak U_al = 0),

    so the universal part (charges shared by the generations, e.g. B - L), whose rotation in double
    leaves ~eps |g_r| of noise, drops out exactly.  Bound (first order, Higham gamma_m = m eps for the
    sum of n rounded triple products, G_a and g_r known to a few ulps, U's entries to tau = 4 n eps
    absolute):

      E_kl = eps [(n + 8) sum' (|G_a| + |g_r|) |U_ak U_al| + 4 n sum' |G_a - g_r| (|U_ak| + |U_al|)],

    sum' over the a with G_a != g_r.  A structural zero (generations that do not mix: U_ak U_al = 0 for
    every a, or a universal G: sum' empty) is exactly 0."""
    cdef int a, r = 0
    cdef double s = 0.0, e = 0.0, t = 0.0, big = -1.0, gr, d, uk, ul
    cdef double eps = 2.220446049250313e-16
    for a in range(n):
        if fabs(U[a * n + k]) > big:
            big = fabs(U[a * n + k])
            r = a
    gr = G[r]
    for a in range(n):
        d = G[a] - gr
        if d != 0.0:
            uk = U[a * n + k]
            ul = U[a * n + l]
            s += uk * d * ul
            e += (fabs(G[a]) + fabs(gr)) * fabs(uk * ul)
            t += fabs(d) * (fabs(uk) + fabs(ul))
    if fabs(s) > (n + 8) * eps * e + 4 * n * eps * t or s != s:
        return s
    return 0.0


cdef inline void restore_tiny(const double* UL, const double* UR, int n, const double* GL, const double* GR,
                              double* CL, double* CR, double small) noexcept nogil:
    """The neutral-vector couplings below the flat threshold ``small`` (coupling_threshold(CL, CR, n n),
    _roundoff() x the largest entry): a pair (k, l) with both |CL_kl| and |CR_kl| <= small, which the
    direct sums of mass_basis_diag give only to ~eps x the largest entry, is replaced by its
    non-universal form (_nonuniversal: exact 0 unless above its own rounding bound; diagonal pairs 0).
    A tiny but physical coupling (e.g. an e-mu Z' coupling of 2.8e-14 g_BL from the Z-like part of a
    kinetically mixed Z', 126 x eps g_BL) is then kept, so an open l_i -> l_j Z' is seen, while every
    pair above the threshold keeps its direct value: the rounding of those entries stays correlated
    through the shared U (sums over internal states that cancel, e.g. a light Z's m_k^2/M^2 terms).
    The sums and nv_lfv then skip exact zeros only (small = 0)."""
    cdef int k, l
    cdef double cl, cr
    for k in range(n):
        if fabs(CL[k * n + k]) <= small and fabs(CR[k * n + k]) <= small:
            CL[k * n + k] = 0.0
            CR[k * n + k] = 0.0
        for l in range(k + 1, n):
            if fabs(CL[k * n + l]) <= small and fabs(CR[k * n + l]) <= small:
                cl = _nonuniversal(UL, n, GL, k, l)
                cr = _nonuniversal(UR, n, GR, k, l)
                CL[k * n + l] = cl
                CL[l * n + k] = cl
                CR[k * n + l] = cr
                CR[l * n + k] = cr


cdef inline void mass_basis(const double* U1, int n1, const double* G, const double* U2, int n2,
                            double* C) noexcept nogil:
    """C = U1^T G U2 (n1 x n2) for row-major U1 (n1 x n1), G (n1 x n2), U2 (n2 x n2).  Each entry is
    the sum over b, then over a, in ascending order, of the terms with G[a, b] != 0 (the gauge-basis
    couplings are sparse): an exact zero term is skipped, which leaves every sum unchanged."""
    cdef int a, b, k, l
    cdef double g, u
    cdef double T[NMAX * NMAX]
    cdef bint live[NMAX]
    for a in range(n1):              # T = G U2, row a from the nonzero G[a, b]
        live[a] = False
        for l in range(n2):
            T[a * n2 + l] = 0.0
        for b in range(n2):
            g = G[a * n2 + b]
            if g != 0.0:
                live[a] = True
                for l in range(n2):
                    T[a * n2 + l] += g * U2[b * n2 + l]
    for k in range(n1 * n2):
        C[k] = 0.0
    for a in range(n1):              # C = U1^T T over the rows a of T that are not identically zero
        if live[a]:
            for k in range(n1):
                u = U1[a * n1 + k]
                for l in range(n2):
                    C[k * n2 + l] += u * T[a * n2 + l]


cdef inline double _scalar_bound(const double* UL, int n, const double* A, const double* col, const double* row,
                                 int k, int l) noexcept nogil:
    """E_kl of restore_tiny_scalar from A = |Y| |U_R|, col = 1^T A, row = |Y| 1."""
    cdef int a
    cdef double g, e = 0.0, t = 0.0
    for a in range(n):
        g = fabs(UL[a * n + k])
        e += g * A[a * n + l]
        t += g * row[a]
    return 2.220446049250313e-16 * ((2 * n + 8) * e + 4 * n * (col[l] + t))


cdef inline void restore_tiny_scalar(const double* UL, const double* UR, int n, const double* Y, const double* C,
                                     double* K, double small) noexcept nogil:
    """K = the neutral-scalar couplings C = U_L^T Y U_R (mass_basis) that count, for the dipole sums and
    the open-channel test (ns_sum, ns_sum_delta's a, ns_lfv skip exact zeros of K only).  A pair
    (C_kl, C_lk) (the two chiralities of internal state k with external state l) with either entry
    above the flat threshold ``small`` (coupling_threshold(C, NULL, n n), which the sums used before)
    keeps both direct values.  In a pair with both at or below it, each entry is kept (direct value)
    if it is above its own first-order rounding bound (docs/physics.md, open two-body channels), else
    it is an exact 0 in K.  With the sums of mass_basis (T = Y U_R over the nonzero Y_ab, then
    U_L^T T: at most n + n rounded products per entry, Higham gamma_2n), Y_ab known to a few ulps
    and U's entries to tau = 4 n eps absolute (first order):

      E_kl = eps [(2 n + 8) sum_ab |U_L,ak| |Y_ab| |U_R,bl| + 4 n sum_ab |Y_ab| (|U_R,bl| + |U_L,ak|)].

    A structural zero (generations that do not mix: block-diagonal U_L, U_R, every product 0) is an
    exact 0 of mass_basis and stays 0; a NaN stays NaN.  Unlike the vector couplings (restore_tiny)
    there is no universal part to remove: a kept entry is the direct sum itself.  So a tiny but
    physical coupling (e.g. an e-mu h_X entry of 1e-13 next to O(0.1) light-heavy ones, ~100 E)
    opens l_i -> l_j h_X.  C itself is left as it is: ns_sum_delta's Delta a takes every nonzero
    direct entry, as before (its terms are products of small accurate factors).  |Y| |U_R| and the
    row sums of |Y| are formed once, on the first entry that needs a bound."""
    cdef int a, b, k, l, j
    cdef double g, ckl, clk
    cdef double A[NMAX * NMAX]
    cdef double col[NMAX]
    cdef double row[NMAX]
    cdef bint have = False
    for k in range(n * n):
        K[k] = C[k]
    for k in range(n):
        for l in range(k, n):
            ckl = C[k * n + l]
            clk = C[l * n + k]
            if not (fabs(ckl) <= small and fabs(clk) <= small) or (ckl == 0.0 and clk == 0.0):
                continue                                 # kept by the flat cut, NaN, or exact zeros
            if not have:                                 # A = |Y| |U_R|, col = 1^T A, row = |Y| 1
                for a in range(n * n):
                    A[a] = 0.0
                for a in range(n):
                    row[a] = 0.0
                    for b in range(n):
                        g = fabs(Y[a * n + b])
                        if g != 0.0:
                            row[a] += g
                            for j in range(n):
                                A[a * n + j] += g * fabs(UR[b * n + j])
                for b in range(n):
                    col[b] = 0.0
                    for a in range(n):
                        col[b] += A[a * n + b]
                have = True
            if ckl != 0.0 and not fabs(ckl) > _scalar_bound(UL, n, A, col, row, k, l):
                K[k * n + l] = 0.0
            if l != k and clk != 0.0 and not fabs(clk) > _scalar_bound(UL, n, A, col, row, l, k):
                K[l * n + k] = 0.0


cdef inline int light_count(const double* m, int n, int nmin) noexcept nogil:
    """Number of neutral states that count as light: the nmin lightest and every state degenerate
    with the nmin-th (|m_k - m_{nmin-1}| <= 64 eps m_max, the resolution of the eigensolver), so the
    light subspace never splits a degenerate one (e.g. six massless states when y_nu = y_M = 0).
    m ascending."""
    cdef int k = nmin
    cdef double tol = 64 * 2.220446049250313e-16 * m[n - 1]
    while k < n and m[k] - m[nmin - 1] <= tol:
        k += 1
    return k


cdef inline bint light_separated(const double* m, int n, int nlight) noexcept nogil:
    """True if the light subspace (the nlight lightest states of light_count, m ascending) is separated
    from the heavier states: nlight = n (nothing heavier), or m[nlight] >= 8 m[nlight-1], the factor-8
    gap that kernels/lightrefine.pxd requires at the edge of its light cluster (cluster_gap).  False
    (the status bit of a split light subspace, docs/physics.md "Light subspace") otherwise, and if a
    mass is NaN.

    Numerics: the computed projector P on the light subspace is off by ~ delta / (m[nlight] -
    m[nlight-1]) (Davis-Kahan), delta the error of the factorisation.  With the factor-8 gap either
    m[nlight-1] <= 1e-4 m_max, and the edge lies inside lightrefine's cluster (its largest K is
    >= nlight), refined to ~eps relative, or the gap exceeds 7e-4 m_max and the dense solve's
    delta ~ n eps m_max gives <= ~4e-12.  Without it P may split a pseudo-Dirac pair (m[nlight] /
    m[nlight-1] - 1 ~ 1e-9 at a sampled point: P rotates freely inside the pair).
    Physics: without a gap the nmin lightest states are not "the light neutrinos": a state within a
    factor 8 of the nmin-th is counted heavy only by its index (a pseudo-Dirac partner, or a sterile
    state next to the active ones: nmin is then too small for this point).  A state degenerate with
    the nmin-th is already counted light (light_count), so six massless states (y_nu = y_M = 0) and
    an identically zero matrix (nlight = n) are separated."""
    if nlight >= n:
        return True
    return cluster_gap(m, nlight)


cdef inline int light_subspace_v(const double* m, int n, const double* P, int nl, int na,
                                 int* split) noexcept nogil:
    """Size nlight of the light neutral subspace, counted in Weyl states, from the masses m (ascending,
    n) and the W strengths P[k nl + i] = |RL[k, i]|^2 + |RR[k, i]|^2 of each neutral state k to the nl
    light charged leptons (RL, RR the mass-basis W couplings, w_light_strength; n x nl, row-major;
    filled by light_subspace and cleptons.zlight_subspace).  na: the number of flavour neutrinos.  split[0] = 0 if the subspace is well defined, else 1 (the status bit,
    docs/physics.md "Light subspace"; the light-subspace outputs are then NaN).

    Rule.  Degenerate clusters c: maximal runs of states with m[k] - m[k-1] <= 1e-9 m[k], or
    m[k] <= 1e-9 m[n0-1] (massless at the light scale), d_c states.  Their W-partner weight W_c = sum_{k in c} sum_i
    (|RL[k,i]|^2 + |RR[k,i]|^2) / S_i, S_i the light charged lepton i's W strength to all states (a
    sum over the cluster, so independent of the basis inside it), r_c = round(W_c) in [0, d_c]:
    the cluster holds p_c = min(d_c - r_c, r_c) Dirac partners and nu_c = d_c - p_c light neutrinos
    (a Dirac pair (nu_L +- nu_R)/sqrt2: d = 2, W = 1, one neutrino; degenerate Majorana states: W = d,
    d neutrinos; y_nu = y_M = 0: six massless states, W = 3, three).  nu(K) = sum of nu_c over the
    clusters below K.  With n0 = light_count(m, n, na) (the na lightest states and every state
    degenerate with the na-th):
      nu(n0) >= na: nlight = n0, split iff not (n0 = n or m[n0] >= 8 m[n0-1]) (light_separated);
      nu(n0) < na (Dirac partners among the n0 states): nlight = the smallest K, n0 < K <=
          max(n0, min(n, 2 na)), with K = n or m[K] >= 8 m[K-1] and nu(K) >= na; split if none
          (nlight = n0).

    Why.  Light neutrinos are counted in Weyl states: a Majorana light neutrino is one state, a
    Dirac one a degenerate pair (pure Dirac block [[0, m_D], [m_D^T, 0]], m_D = U_L diag(d) U_R^T:
    the states (U_L e_i, +-U_R e_i)/sqrt2 at d_i, twice), so na flavours fill na .. 2 na states (the
    cap).  light_count's n0 counts states, not neutrinos: with hierarchical Dirac masses
    (d1, d1, d2, d2, d3, d3, heavy..) n0 = 4, the edge m[4] >= 8 m[3] is a valid gap, and the old
    rule (nlight = n0) cut the third pair with no flag, losing the W partner U_L e_3 (gW2 of the
    charged lepton mostly coupled to it 0.09 instead of 1 at a constructed bl_vll point).  Counting
    neutrinos continues to the next edge that holds na of them.  The W partners (not the gauge
    states nu_L,f) weigh a cluster because with lam_L v_X >> M_L a generation's light neutrino is
    mostly the doublet's L_L^0, still the light charged lepton's full W partner.  Where no exactly
    degenerate pair has a partner (every Majorana spectrum, pseudo-Dirac pairs split above 1e-9)
    nu(n0) = n0 >= na and the rule is the old one unchanged: a pseudo-Dirac pair straddling n0 or a
    further state within 8x is flagged, a W partner that is heavy (above an edge at n0) is physics
    (non-unitarity: the light charged lepton's W strength to the light states is small), not a cut.
    r_c rounds the weight: a Dirac pair whose W partner is more than half heavy (W < 1/2) counts as
    two neutrinos (the old count), a limitation noted in docs/physics.md.
    Pairs are found by relative degeneracy, not by light_count's absolute resolution 64 eps m_max:
    refined light masses (kernels/lightrefine.pxd) are accurate to ~1e-14 relative, so an exact Dirac
    pair agrees to that (2e-16 at the constructed point) and unrefined ones above 1e-4 m_max to
    <= n eps m_max / m <= 3e-11, while distinct Majorana masses far below the resolution (1e-16 ..
    1e-13 GeV at m_max = 7e3) are not lumped into one cluster whose heavy admixture (W_c = 2.46 for
    three states) would round to a false partner.  A pseudo-Dirac pair split below 1e-9 counts as
    one neutrino (it is one, to that accuracy).
    Numerics: W_c is a ratio of sums of squares (rounding
    ~n eps), compared with half-integers; the projector on the chosen subspace is accurate as
    light_separated says (factor-8 edge).  NaN weights or masses never qualify."""
    cdef int i, j, k, c0, K, nu = 0, kmax = 2 * na, d, r
    cdef int n0 = light_count(m, n, na)
    cdef double mref = m[n0 - 1]
    cdef double wc
    cdef double S[NMAX]
    cdef double w[NMAX]
    cdef int count[NMAX + 1]
    for i in range(nl):
        S[i] = 0.0
    for k in range(n):
        for i in range(nl):
            S[i] += P[k * nl + i]
    for k in range(n):
        w[k] = 0.0
        for i in range(nl):
            w[k] += P[k * nl + i] / S[i]
    # count[K] = nu(K) at every cluster boundary K (-1 inside a cluster)
    count[0] = 0
    c0 = 0
    while c0 < n:
        k = c0 + 1
        while k < n and (m[k] - m[k - 1] <= 1e-9 * m[k] or m[k] <= 1e-9 * mref):
            k += 1
        d = k - c0
        wc = 0.0
        for j in range(c0, k):
            wc += w[j]
        r = <int>(wc + 0.5) if 0.0 <= wc <= <double>d else 0     # NaN / inf: no partners (the old count)
        nu += d - (r if r < d - r else d - r)
        for j in range(c0 + 1, k):
            count[j] = -1
        count[k] = nu
        c0 = k
    if count[n0] >= na or count[n0] < 0:      # < 0: n0 inside a cluster (light_count's tolerance is absolute): the old rule
        split[0] = 0 if light_separated(m, n, n0) else 1
        return n0
    if kmax > n:
        kmax = n
    for K in range(n0 + 1, kmax + 1):
        if count[K] >= na and (K >= n or cluster_gap(m, K)):
            split[0] = 0
            return K
    split[0] = 1
    return n0


cdef inline int light_subspace(const double* m, int n, const double* RL, const double* RR, int nc, int nl,
                               int na, int* split) noexcept nogil:
    """light_subspace_v of the real sector: RL = O^T W_L U_L, RR = O^T W_R U_R (n x nc, row-major, as
    w_light_strength), nl light charged leptons (the first nl columns), na flavour neutrinos."""
    cdef int i, k
    cdef double P[NMAX * NMAX]
    for k in range(n):
        for i in range(nl):
            P[k * nl + i] = RL[k * nc + i] * RL[k * nc + i] + RR[k * nc + i] * RR[k * nc + i]
    return light_subspace_v(m, n, P, nl, na, split)


cdef inline double light_nu_coupling(const double* O, int n, const double* G, int f, int nlight) noexcept nogil:
    """Z/Z' coupling of the flavour neutrino f (gauge index of nu_L,f), i.e. of the state the W
    produces with flavour f, projected on the light subspace spanned by the nlight lightest
    Majorana states (light_count): <psi|G|psi> with psi = P e_f/|P e_f|, P = U_light U_light^+.
    Independent of the basis chosen inside a degenerate light subspace; NaN if P e_f = 0."""
    cdef int a, k
    cdef double paf, pff = 0.0, s = 0.0
    for k in range(nlight):
        pff += O[f * n + k] * O[f * n + k]
    if pff == 0.0:
        return NAN
    for a in range(n):
        paf = 0.0
        for k in range(nlight):
            paf += O[a * n + k] * O[f * n + k]
        s += paf * paf * G[a]
    return s / pff


# Mass-basis couplings below _roundoff() x (largest coupling of the matrix) are rounding noise of
# the rotations (e.g. between generations that do not mix) and are dropped; this matters above
# threshold (m_i > m_k + M_B, e.g. mu -> e Z'), where the dipole is complex and the loop functions
# return NaN: a real coupling there makes the point NaN (flagged), a rounding-level one is skipped.
cdef inline double _roundoff() noexcept nogil:
    return 1e-12


cdef extern from *:
    """
    #ifndef MODELGEN_LEPTONS_ABSMAX
    #define MODELGEN_LEPTONS_ABSMAX
    #include <math.h>
    #if defined(__SSE2__)
    #include <emmintrin.h>
    #endif
    /* max_a |x[a]| (0 for n = 0), NaN entries ignored: four lanes of packed max where SSE2 is there
       (_mm_max_pd(v, acc) returns acc where v is NaN; the lanes never hold a NaN), then the scalar
       tail.  A maximum does not depend on the order of comparisons: the same value as one scalar
       pass (fabs maps -0 to +0). */
    static inline double modelgen_absmax(const double* x, int n) {
        double s = 0.0, t;
        int a = 0;
    #if defined(__SSE2__)
        if (n >= 4) {
            const __m128d mask = _mm_castsi128_pd(_mm_set1_epi64x(0x7fffffffffffffffLL));
            __m128d s0 = _mm_setzero_pd(), s1 = _mm_setzero_pd();
            double lanes[2];
            for (; a + 4 <= n; a += 4) {
                s0 = _mm_max_pd(_mm_and_pd(_mm_loadu_pd(x + a), mask), s0);
                s1 = _mm_max_pd(_mm_and_pd(_mm_loadu_pd(x + a + 2), mask), s1);
            }
            _mm_storeu_pd(lanes, _mm_max_pd(s0, s1));
            s = lanes[0] > lanes[1] ? lanes[0] : lanes[1];
        }
    #endif
        for (; a < n; a++) {
            t = fabs(x[a]);
            if (t > s) s = t;
        }
        return s;
    }
    #endif
    """
    double _absmax "modelgen_absmax"(const double* x, int n) noexcept nogil


cdef inline double _fmax(double x, double y) noexcept nogil:
    """libm fmax(x, y) without the call (gcc keeps fmax a call where NaNs are allowed): y if y > x
    or x is NaN, else x; the same value for every input (a NaN argument is ignored, NaN only when
    both are; here never with signed zeros of different sign, the arguments are absolute values)."""
    return y if (y > x or x != x) else x


cdef inline double coupling_threshold(const double* A, const double* B, int size) noexcept nogil:
    """The rounding threshold of a mediator's mass-basis couplings, _roundoff() x max(|A|, |B|)
    (B NULL: max |A|; size entries each): below it the W's sums (w_sum, w_lfv: their ``small``) skip a
    coupling, and restore_tiny / restore_tiny_scalar decide a neutral vector's / scalar's entries by
    their own rounding bounds.  It depends on the matrices only, so the generated kernel computes it
    once per mediator and point, not once per light lepton."""
    if B == NULL:
        return _roundoff() * _absmax(A, size)
    return _roundoff() * fmax(_absmax(A, size), _absmax(B, size))


cdef inline double w_light_strength(int i, int nc, const double* RL, const double* RR, int nlight) noexcept nogil:
    """sum over the nlight lightest neutral states k (light_count) of |g_L[k,i]|^2 + |g_R[k,i]|^2
    (RL = O^T W_L U_L, RR = O^T W_R U_R): the W coupling strength of light charged state i to light
    neutrinos (a sum over the light subspace, so basis independent)."""
    cdef int k
    cdef double s = 0.0
    for k in range(nlight):
        s += RL[k * nc + i] * RL[k * nc + i] + RR[k * nc + i] * RR[k * nc + i]
    return s


# -- dipoles of light state i summed over internal mass eigenstates k.  Mass-basis inputs:
#    neutral vector  CL = U_L^T G_L U_L, CR = U_R^T G_R U_R   (F_bar_k g (CL[k,i] P_L + CR[k,i] P_R) l_i)
#    neutral scalar  Yp = U_L^T Y U_R   (F_bar_k (-Yp[i,k] P_L - Yp[k,i] P_R) l_i)
#    W               RL = O^T W_L U_L, RR = O^T W_R U_R, with the Takagi phase ph_k = 1 or i:
#                    g_L = conj(ph_k) RL[k,i], g_R = ph_k RR[k,i]

cdef inline void _w_couplings(double rl, double rr, double eta, double* c) noexcept nogil:
    """(aL_re, aL_im, bR_re, bR_im) of the W vertex of a Majorana state with phase eta = +-1."""
    if eta > 0:
        c[0] = rl; c[1] = 0.0; c[2] = rr; c[3] = 0.0
    else:
        c[0] = 0.0; c[1] = -rl; c[2] = 0.0; c[3] = rr


cdef inline double nv_sum(int i, int n, const double* m, const double* CL, const double* CR,
                          double MV, double* edm) noexcept nogil:
    """Delta a of state i from a neutral vector; the EDM (e cm) is added to ``edm``.  An internal
    state whose two couplings are exact zeros (restore_tiny's entries below their own rounding bound)
    is skipped."""
    cdef int k
    cdef double cl, cr, tot = 0.0
    for k in range(n):
        cl = CL[k * n + i]
        cr = CR[k * n + i]
        if fabs(cl) > 0.0 or fabs(cr) > 0.0:
            tot += a_neutral_vector(m[i], m[k], MV, 0.5 * (cl + cr), 0.0, 0.5 * (cr - cl), 0.0)
            edm[0] += edm_neutral_vector(m[i], m[k], MV, 0.5 * (cl + cr), 0.0, 0.5 * (cr - cl), 0.0)
    return tot


cdef inline double ns_sum(int i, int n, const double* m, const double* Yp, double MS, double* edm) noexcept nogil:
    """Delta a of state i from a neutral scalar (L > -psi_bar_L Y psi_R phi + h.c.), Yp the couplings
    that count (restore_tiny_scalar's K): an internal state with both entries exactly 0 is skipped.
    The chirality flip from the chiral couplings, Dc = pl pr (a_neutral_scalar_sd: not from
    c_S -+ c_P, which lose pl to eps |pr|)."""
    cdef int k
    cdef double pl, pr, cs, cp, tot = 0.0
    for k in range(n):
        pr = -Yp[k * n + i]
        pl = -Yp[i * n + k]
        if fabs(pl) > 0.0 or fabs(pr) > 0.0:
            cs = 0.5 * (pl + pr)
            cp = 0.5 * (pr - pl)
            tot += a_neutral_scalar_sd(m[i], m[k], MS, _abs2(cs, 0.0) + _abs2(cp, 0.0), pl * pr)
            edm[0] += edm_neutral_scalar(m[i], m[k], MS, cs, 0.0, cp, 0.0)
    return tot


# -- the W loop of a neutral state k from its moments, shared by w_sum and w_delta_sum: a cache wJ of
#    8 doubles per neutral state (8 nn in all) holds the moments of a_charged_vector(m_i, m_k, M_W,
#    Q_F = 0, ...) (loopfuncs._cv_moments, photon on the W only: slots 2, 4, 5, 6 of 7) and in slot 7
#    the state of the entry: 0 not computed (w_cache_init), 1 computed, -1 _moments failed (NaN).
#    The moments depend on the masses only, so w_sum fills the entry of every state it sums and
#    w_delta_sum (same light state i, same masses) takes the heavy states' loops from it instead of
#    computing each twice; the loop from the moments is a_charged_vector's own arithmetic
#    (_w_loop_moments), so every value is bit-identical to the uncached call.

cdef inline void w_cache_init(int nn, double* wJ) noexcept nogil:
    """Mark the nn entries of the W moment cache wJ (8 nn doubles) as not computed."""
    cdef int k
    for k in range(nn):
        wJ[8 * k + 7] = 0.0


cdef inline double* _w_moments(double m, double mk, double MW, double* wJ, int k, double* own) noexcept nogil:
    """The moments of the W loop of neutral state k (mass mk) for the light mass m: from the cache
    entry k of wJ (computed into it on first use), or into ``own`` (7 doubles) when wJ is NULL.
    NULL when _moments fails (the loop is then NaN, as a_charged_vector's)."""
    cdef double* J = own if wJ == NULL else &wJ[8 * k]
    if wJ == NULL or wJ[8 * k + 7] == 0.0:
        if _cv_moments(m, mk, MW, False, True, False, J) < 0:
            if wJ != NULL:
                wJ[8 * k + 7] = -1.0
            return NULL
        if wJ != NULL:
            wJ[8 * k + 7] = 1.0
    elif wJ[8 * k + 7] < 0.0:
        return NULL
    return J


cdef inline double _w_loop_moments(double m, double mk, double MW, double rl, double rr, double eta,
                                   const double* J) noexcept nogil:
    """a_charged_vector(m, mk, MW, Q_F = 0, couplings of (rl, rr, eta)) from its moments J
    (_w_moments; NULL: NaN), with a_charged_vector's arithmetic (photon on the W: weight
    w_B = 1 + Q_F = 1, no photon-on-F term)."""
    cdef double c[4]
    cdef double res = 0.0
    if J == NULL:
        return NAN
    _w_couplings(rl, rr, eta, c)
    res += 1.0 * _cv_a(m, mk, MW, 0.5 * (c[0] + c[2]), 0.5 * (c[1] + c[3]),
                       0.5 * (c[2] - c[0]), 0.5 * (c[3] - c[1]), J)
    return _INV8PI2 * res


cdef inline double _w_loop_chiral(double m, double mk, double MW, double ga, double gb, double fa,
                                  const double* J) noexcept nogil:
    """a_charged_vector(m, mk, MW, Q_F = 0, couplings of (rl, rr, eta)) from its moments J (_w_moments;
    NULL: NaN) written in the effective real chiral couplings ga = eta rl, gb = rr instead of c_V, c_A,
    for the Delta a sums (w_delta_sum).  _cv_a's terms, with c_V = (ga + gb)/2, c_A = (gb - ga)/2:

      |c_V|^2 + |c_A|^2 = (ga^2 + gb^2)/2,   |c_V|^2 - |c_A|^2 = ga gb,
      C1 = (fa^2 + fb^2)/2,  C2 = fa fb,     fa = ga mk - gb m,  fb = gb mk - ga m

    (C1 = |c_V|^2 d^2 + |c_A|^2 p^2, C2 = |c_V|^2 d^2 - |c_A|^2 p^2, d = |m - mk|, p = m + mk: the same
    polynomials).  From the rounded c_V, c_A the chirality flip ga gb = (c_V - c_A)(c_V + c_A) carries an
    absolute error eps max(ga, gb)^2, relative eps |ga/gb| (or |gb/ga|); its coefficient ~ mk/m makes that
    the largest term of a heavy state with |g_L| >> |g_R| (bl_vll_doublet lfv_closed point 31: 2.7e-8 of
    delta_a_e.W from the cancelling heavy terms, 6e-12 of a_e.W).  Here every coupling product is formed
    once from the couplings.  fa is passed: the mixing identity gives it without cancellation (its
    O^T DW u term); else fa = ga mk - gb m."""
    cdef double fb, tr, lon
    if J == NULL:
        return NAN
    fb = gb * mk - ga * m
    tr = _mul(2.0 * m * m * (0.5 * (ga * ga + gb * gb)), J[4] + J[5]) - _mul(4.0 * (ga * gb) * m * mk, J[4])
    lon = _mul(m * m * (0.5 * (fa * fa + fb * fb)), J[6]) + _mul(m * mk * (fa * fb), J[2])
    if lon != 0.0:
        lon = lon / (MW * MW)
    return _INV8PI2 * (tr - lon)


cdef inline double w_sum(int i, int nc, int nn, const double* mc, const double* mn, const double* eta,
                         const double* RL, const double* RR, double MW, double* edm, double* wJ,
                         double small) noexcept nogil:
    """Delta a of state i from the W with every Majorana neutral state inside (EDM added to ``edm``;
    it vanishes for real Yukawas although the Takagi phases make couplings imaginary).  wJ: the W
    moment cache of state i (w_cache_init; filled here for every state summed) or NULL."""
    cdef int k
    cdef double c[4]
    cdef double own[7]
    cdef double tot = 0.0
    for k in range(nn):
        if fabs(RL[k * nc + i]) <= small and fabs(RR[k * nc + i]) <= small:
            continue
        tot += _w_loop_moments(mc[i], mn[k], MW, RL[k * nc + i], RR[k * nc + i], eta[k],
                               _w_moments(mc[i], mn[k], MW, wJ, k, own))
        _w_couplings(RL[k * nc + i], RR[k * nc + i], eta[k], c)
        edm[0] += edm_charged_vector(mc[i], mn[k], MW, 0.0, 0.5 * (c[0] + c[2]), 0.5 * (c[1] + c[3]),
                                     0.5 * (c[2] - c[0]), 0.5 * (c[3] - c[1]))
    return tot


ctypedef fused _wscalar:
    double
    double complex


cdef inline double _w_light_vectors(const _wscalar* WL, const _wscalar* WR, const _wscalar* DW,
                                    const _wscalar* UL, const _wscalar* UR, int i, int nn, int nc,
                                    double g0sq, _wscalar* wl, _wscalar* wr, _wscalar* dv) noexcept nogil:
    """The gauge-basis vectors of light charged state i, wl = W_L u, wr = W_R v, dv = DW u (u, v:
    columns i of U_L, U_R), and the part of the light subspace's W coupling change
    X = u^+ (W_L^+ W_L - g0sq 1) u + |W_R v|^2 - sum_heavy (|g_L|^2 + |g_R|^2) that needs no mass
    eigenstate (w_delta_sum and its complex twin cleptons.w_delta_sum_c, docs/physics.md "Delta a
    without cancellation").  G = W_L^+ W_L - g0sq 1 is summed entry by entry over the nonzero W_L[k, a]
    W_L[k, b] (W_L is sparse: one gauge coupling per doublet component; the skipped terms are exact
    zeros), and entries within 16 eps max(g0sq, |G|) of 0 are 0 (equal gauge couplings), so the first
    term has only the components of u on gauge states whose coupling differs from the SM one: small
    and accurate.  Real (double) and complex (double complex) rotations."""
    cdef int a, b, k
    cdef double eps = 2.220446049250313e-16
    cdef _wscalar G[NMAX * NMAX]
    cdef _wscalar s, y, num, xs
    cdef double x, gmax, tol
    for a in range(nn):
        s = 0.0; y = 0.0; num = 0.0
        for b in range(nc):
            s = s + WL[a * nc + b] * UL[b * nc + i]
            y = y + WR[a * nc + b] * UR[b * nc + i]
            num = num + DW[a * nc + b] * UL[b * nc + i]
        wl[a] = s; wr[a] = y; dv[a] = num
    gmax = g0sq
    for a in range(nc * nc):
        G[a] = 0.0
    for k in range(nn):
        for a in range(nc):
            if WL[k * nc + a] != 0.0:
                for b in range(nc):
                    if WL[k * nc + b] != 0.0:
                        if _wscalar is double:
                            G[a * nc + b] = G[a * nc + b] + WL[k * nc + a] * WL[k * nc + b]
                        else:
                            G[a * nc + b] = G[a * nc + b] + cconj(WL[k * nc + a]) * WL[k * nc + b]
    for a in range(nc):
        G[a * nc + a] = G[a * nc + a] - g0sq
        for b in range(nc):
            if _wscalar is double:
                gmax = _fmax(gmax, fabs(G[a * nc + b]))
            else:
                gmax = fmax(gmax, sqrt(cabs2(G[a * nc + b])))
    tol = 16 * eps * gmax
    xs = 0.0
    for a in range(nc):
        for b in range(nc):
            if _wscalar is double:
                if fabs(G[a * nc + b]) > tol:
                    xs = xs + UL[a * nc + i] * G[a * nc + b] * UL[b * nc + i]
            else:
                if cabs2(G[a * nc + b]) > tol * tol:
                    xs = xs + cconj(UL[a * nc + i]) * G[a * nc + b] * UL[b * nc + i]
    if _wscalar is double:
        x = xs
        for a in range(nn):
            x += wr[a] * wr[a]
    else:
        x = xs.real
        for a in range(nn):
            x += cabs2(wr[a])
    return x


cdef inline double _w_diff_fs(double x, double l2) noexcept nogil:
    """w_light_difference's f = x q(x)/h(x), q = -6 x (1 - x) - 2 l2 (1 - x)^3, h = 1 - l2 (1 - x)."""
    return x * (-6.0 * x * (1.0 - x) - 2.0 * l2 * (1.0 - x) * (1.0 - x) * (1.0 - x)) / (1.0 - l2 * (1.0 - x))


cdef inline double _w_diff_fd(double x, double l2, double r) noexcept nogil:
    """w_light_difference's G(x) = -8 x^2 - 2 l2 x (1 - x)(1 - 2x) - 2 r x (1 - x)."""
    return -8.0 * x * x - 2.0 * l2 * x * (1.0 - x) * (1.0 - 2.0 * x) - 2.0 * r * x * (1.0 - x)


cdef inline double w_light_difference(double m, double mk, double MW, double s2, double flip) noexcept nogil:
    """a(m_k) - a(0) of the W loop (Q_F = 0, photon on the W) of light charged state m with a light
    neutral state of mass mk, couplings entering as s2 = (|g_L|^2 + |g_R|^2)/2 and flip = Re(g_L g_R^*)
    (real Majorana couplings: eta rl rr), without the cancellation of two loops ~|a_k|:

      a(m_k) - a(0) = dS s2 + D flip,   l2 = (m/M_W)^2, r = (m_k/M_W)^2, e = m_k/m,
      dS = S(r) - S(0) = (l2/16pi^2) r  int_0^1 x q(x) / (h(x) d(x)) dx,
      D  = (l2/16pi^2) e  int_0^1 G(x) / d(x) dx,
      h = 1 - l2 (1 - x),  d = x h + r (1 - x),  q = -6 x (1 - x) - 2 l2 (1 - x)^3,
      G = -8 x^2 - 2 l2 x (1 - x)(1 - 2x) - 2 r x (1 - x),

    from the Leveille integrand of the charged-vector loop, photon on the vector (Leveille, Nucl. Phys.
    B137 (1978) 63; Lindner, Platscher, Queiroz arXiv:1610.06587; the form of tests/loops/g2_mpref.py:
    S = (l2/16pi^2) int N_S/d, N_S(x; r) = N_S(x; 0) + r 2x(1 - x)(2 - x), exact subtraction under the
    integral; D(0) = 0).  The integrands have one near pole, d's small root x_- ~ -r (d = l2 (x - x_-)
    (x - x_+), x_+ ~ -1/l2); with f = x q/h or G: int f/d = f(x_-) L + int (f - f(x_-))/d, L = int_0^1 dx/d
    in closed form (logs of the roots), the rest smooth (poles at x_+, -(1 - l2)/l2): 8-point Gauss-Legendre.
    Against 50-digit quadratures of S(r) - S(0) and D (m = m_e, m_mu, m_tau; m_k = 1e-12 .. 9 GeV, r up to
    1.3e-2): within 1.3e-15 relative.  Valid for l2, r <= 1/64 (light states of the SM leptons)."""
    cdef double T[4]
    cdef double Wt[4]
    cdef double l2 = (m / MW) * (m / MW), r = (mk / MW) * (mk / MW), b, sq, xm, L, fm, gm, i_s, i_d, x, h, d
    cdef int j, sgn
    T[0] = 0.09171732124782489; T[1] = 0.2627662049581645; T[2] = 0.39833323870681336; T[3] = 0.4801449282487681
    Wt[0] = 0.18134189168918083; Wt[1] = 0.15685332293894344; Wt[2] = 0.11119051722668721; Wt[3] = 0.05061426814518853
    b = 1.0 - l2 - r
    sq = sqrt(b * b - 4.0 * l2 * r)
    xm = -2.0 * r / (b + sq)                      # small root of d, without cancellation
    L = (log1p((b + sq) / (2.0 * r)) - log1p(2.0 * l2 / (b + sq))) / sq
    fm = _w_diff_fs(xm, l2)
    gm = _w_diff_fd(xm, l2, r)
    i_s = fm * L
    i_d = gm * L
    for j in range(4):
        for sgn in range(2):
            x = 0.5 + T[j] if sgn == 0 else 0.5 - T[j]
            h = 1.0 - l2 * (1.0 - x)
            d = x * h + r * (1.0 - x)
            i_s += Wt[j] * (_w_diff_fs(x, l2) - fm) / d
            i_d += Wt[j] * (_w_diff_fd(x, l2, r) - gm) / d
    return 0.5 * _INV8PI2 * l2 * (r * i_s * s2 + (mk / m) * i_d * flip)


cdef inline double w_delta_sum(int i, int nc, int nn, const double* mc, const double* mn, const double* eta,
                               const double* RL, const double* RR, const double* UL, const double* UR,
                               const double* On, const double* WL, const double* WR, const double* DW,
                               double sgn, int nlight, double MW, double g0sq, double* wJ) noexcept nogil:
    """Delta a of light charged state i from the W minus the SM diagram (a massless neutral state
    with |g_L0|^2 + |g_R0|^2 = g0sq, same W mass), without the cancellation of w_sum - SM
    (docs/physics.md, "Delta a without cancellation", the lepton-mixing path).  With the loop
    a_k = P(m_k) (|g_L|^2 + |g_R|^2)/2 + (chirality flip, O(m_k)) and P0 = P(0):

      Delta a = sum_heavy a_k + sum_light [a_k - a_k(m_k -> 0)] + P0/2 X,
      X = sum_light (|g_L|^2 + |g_R|^2) - g0sq
        = u^T (W_L^T W_L - g0sq 1) u + |W_R v|^2 - sum_heavy (|g_L|^2 + |g_R|^2)

    (u, v: the light state's left/right singular vectors; sum over all k of |O^T w|^2 = |w|^2).  The
    first term has only the components of u on gauge states whose coupling differs from the SM one
    (entries of W_L^T W_L - g0sq 1 within rounding of 0 are 0: equal gauge couplings), so it is
    small and accurate.  Light states: the nlight lightest (light_count); a light mass at or below the
    Takagi resolution 64 eps m_max is rounding noise and is taken as 0, so its term in the light sum
    is exactly 0; a resolved light mass adds a(m_k) - a(0) from w_light_difference (the exact
    difference under the loop integral, ~1e-15 relative however small: delta_a is only 1e-15 .. 1e-17 of
    a_W at light_zp points without generation mixing, where these terms make all of it); only for
    m_k or m_i above M_W/8 by direct subtraction (absolute error eps |a_k|, dropped below eps |a_k|).
    A state beyond the light subspace but with m_k <= M_W/8 (a light sterile neutrino) is summed as a
    light one (a_k - a_k(0) from w_light_difference, its |g|^2 kept in X): before, its a_k and the
    -P0/2 |g|^2 in X cancelled to eps |a_k| (bl_vll_doublet light_zp point 55: 6.7e-3 of delta_a_e.W).  Heavy states take their full loop with the left coupling from the mixing identity

      eta_k m_k g_L[k,i] = sgn m_i g_R[k,i] + (O^T DW U_L)[k,i],   DW = M_n W_L - sgn W_R M^T

    (from M_n O_k = eta_k m_k O_k and M^T u = m_i v; DW is the derived gauge-basis matrix, only
    Higgs-doublet Yukawa entries when the vector-like masses are SU(2) symmetric), whenever its
    rounding estimate is below that of the direct O^T W_L u, which cancels at small mixing
    (g_L[k,i] ~ m_i g_R[k,i]/m_k while its terms are ~ the mixing).  Every full loop here (heavy states,
    light states above M_W/8) is _w_loop_chiral, from the chiral couplings: through c_V, c_A (w_sum's
    _w_loop_moments) the chirality flip of a state with |g_L| >> |g_R| is eps |g_L/g_R| off, and the heavy
    terms cancel to Delta a (bl_vll_doublet heavy_diag point 21: 1.9e-7 of delta_a_e.W, now 2e-16).

    wJ: the W moment cache of state i that w_sum filled (or NULL): the loops of states k at their
    masses (m_i, m_k, M_W) come from it, and the massless-state moments (m_i, 0, M_W) of the light
    differences and of the P0 term are computed once per call."""
    cdef double own[7]
    cdef double J0[7]
    cdef double* pJ0 = NULL
    cdef bint have0 = False
    cdef int a, b, k
    cdef double eps = 2.220446049250313e-16
    cdef double wl[NMAX]
    cdef double wr[NMAX]
    cdef double dv[NMAX]
    cdef double s, x, x0, tot = 0.0, rl, rr, num, e_dir, e_id, pr, pd, tol, fa
    x = _w_light_vectors(WL, WR, DW, UL, UR, i, nn, nc, g0sq, wl, wr, dv)
    # heavy states: full loop, g_L from the identity where it is the more accurate
    for k in range(nlight, nn):
        rl = RL[k * nc + i]
        rr = RR[k * nc + i]
        fa = eta[k] * rl * mn[k] - rr * mc[i]
        if mn[k] > 0.0:
            e_dir = 0.0; pr = 0.0; pd = 0.0; num = 0.0
            for a in range(nn):
                e_dir += fabs(On[a * nn + k] * wl[a])
                pr += fabs(On[a * nn + k] * wr[a])
                pd += fabs(On[a * nn + k] * dv[a])
                num += On[a * nn + k] * dv[a]
            e_id = (mc[i] * pr + pd) / mn[k]
            if e_id < e_dir:
                rl = (sgn * mc[i] * rr + num) / (eta[k] * mn[k])
                fa = num + (sgn - 1.0) * mc[i] * rr     # eta rl mk - rr m_i without cancellation
        if rl == 0.0 and rr == 0.0:
            continue
        if mn[k] <= 0.125 * MW and mc[i] <= 0.125 * MW:
            # a state beyond the light subspace but light against the W (e.g. a keV..GeV sterile
            # neutrino): a_k - P0/2 (|g_L|^2 + |g_R|^2) without cancellation, the state left in X's
            # light sum (any split of the states into the two sums gives the same Delta a)
            tot += w_light_difference(mc[i], mn[k], MW, 0.5 * (rl * rl + rr * rr), eta[k] * rl * rr)
            continue
        x -= rl * rl + rr * rr
        tot += _w_loop_chiral(mc[i], mn[k], MW, eta[k] * rl, rr, fa, _w_moments(mc[i], mn[k], MW, wJ, k, own))
    # light states with a resolved mass: a(m_k) - a(0) at their couplings, where it is resolved
    tol = 64 * eps * mn[nn - 1]
    for k in range(nlight):
        if mn[k] > tol:
            rl = RL[k * nc + i]
            rr = RR[k * nc + i]
            s = rl * rl + rr * rr
            if s == 0.0:
                continue
            if mn[k] <= 0.125 * MW and mc[i] <= 0.125 * MW:
                # without cancellation (w_light_difference): exact to ~1e-15 relative however small
                tot += w_light_difference(mc[i], mn[k], MW, 0.5 * s, eta[k] * rl * rr)
                continue
            # |a(m_k) - a(0)| <= |a(0)| [(m_k/M_W)^2 + 4 (m_k/m_i) |g_L g_R|/(|g_L|^2 + |g_R|^2)]
            # (0.3 and 1.2 in place of 1 and 4 against mpmath, m_k << M_W); below eps |a(0)| the
            # direct subtraction resolves nothing and the term is dropped
            x0 = (mn[k] / MW) * (mn[k] / MW) + 4.0 * (mn[k] / mc[i]) * fabs(rl * rr) / s
            if x0 > eps:
                if not have0:
                    pJ0 = _w_moments(mc[i], 0.0, MW, NULL, 0, J0)
                    have0 = True
                tot += (_w_loop_chiral(mc[i], mn[k], MW, eta[k] * rl, rr, eta[k] * rl * mn[k] - rr * mc[i],
                                       _w_moments(mc[i], mn[k], MW, wJ, k, own))
                        - _w_loop_chiral(mc[i], 0.0, MW, eta[k] * rl, rr, -rr * mc[i], pJ0))
    if not have0:
        pJ0 = _w_moments(mc[i], 0.0, MW, NULL, 0, J0)
    # P0 = a_charged_vector(m_i, 0, M_W, 0, c_V = 1, 0, c_A = 0, 0): rl = rr = 1, eta = 1 give exactly those
    return tot + 0.5 * x * _w_loop_moments(mc[i], 0.0, MW, 1.0, 1.0, 1.0, pJ0)



cdef inline double nv_sum_delta(int i, int n, const double* m, const double* CL, const double* CR, double MV,
                                double* edm, const double* UL, const double* UR, const double* dGL,
                                const double* dGR, const double* c, double* da) noexcept nogil:
    """nv_sum (returned, bit for bit: same moments and _nv_a as a_neutral_vector, EDM 0 for real couplings)
    and, into ``da``, Delta a of light state i from the neutral vector minus its SM diagram (the light
    flavour f alone, internal mass m_i, couplings g_L0, g_R0, mass M_V0) without the cancellation of
    nv_sum - SM (docs/physics.md, "Delta a without cancellation", the lepton-mixing path).  The loop moments
    of each internal state are computed once for both.  Inputs derived at generation: dG_a = G_a - G_f, the
    gauge-basis coupling relative to the light flavour's own state (exactly 0 for equal charges: sum_c k_c
    (q_c[a] - q_c[f])); c = (dV0, dA0, dM2, V0, A0, M_V0): V_f - V_f0, A_f - A_f0 (squared vector/axial
    couplings of the flavour minus their SM limit, derive.sm_difference), M_V^2 - M_V0^2 and the SM-limit
    V0, A0.  With u, v the light state's singular vectors (columns i of U_L, U_R), sum_a U_ak U_ai = delta_ki:

      C[k,i] = sum_a U_ak dG_a U_ai  (k != i),    C[i,i] - G_f = sum_a U_ai^2 dG_a,
      Delta a = sum_{k != i} a(m_k; C[k,i]) + a_sq(m_i, m_i, M_V; V_ii - V0, A_ii - A0)
                + (M_V^2 - M_V0^2) dd(m_i, m_i, M_V, M_V0; V0, A0),
      V_ii - V0 = (c_V,ii - c_V,f)(c_V,ii + c_V,f) + dV0   (likewise A),

    a_sq, dd of modelgen.loops.divdiff (linear in the squared couplings; divided difference in M_V^2).
    Every term is a product of small accurate factors (the components of u, v on states whose coupling
    differs, or the symbolic dV0, dA0, dM2).  dGL, dGR: n entries each for this light state.  An internal
    state k != i whose C entries are both exact zeros (restore_tiny's dropped entries) is in neither
    sum, and a dropped chirality's g is 0: a coupling is used in Delta a iff it is used in nv_sum and
    nv_lfv."""
    cdef int a, k
    cdef const _poly3* P[3]
    cdef double J[3]
    cdef double cl, cr, gl, gr, dl = 0.0, dr = 0.0, tot = 0.0, dtot = 0.0, sl, sr
    cdef bint on
    P[0] = &_P21; P[1] = &_P20; P[2] = &_P11
    for a in range(n):
        dl += UL[a * n + i] * UL[a * n + i] * dGL[a]
        dr += UR[a * n + i] * UR[a * n + i] * dGR[a]
    for k in range(n):
        cl = CL[k * n + i]
        cr = CR[k * n + i]
        on = fabs(cl) > 0.0 or fabs(cr) > 0.0
        if not on and k != i:                         # dropped (restore_tiny's bound): in neither sum
            continue
        gl = 0.0
        gr = 0.0
        if k != i:                                    # the kept chiralities, from the generation's dG
            if cl != 0.0:
                for a in range(n):
                    gl += UL[a * n + k] * dGL[a] * UL[a * n + i]
            if cr != 0.0:
                for a in range(n):
                    gr += UR[a * n + k] * dGR[a] * UR[a * n + i]
        if _moments(m[i], m[k], MV, 3, P, J) < 0:     # at or above threshold: NaN (a_neutral_vector)
            if on:
                tot += NAN
            dtot += NAN
            continue
        if on:
            tot += _INV8PI2 * _nv_a(m[i], m[k], MV, 0.5 * (cl + cr), 0.0, 0.5 * (cr - cl), 0.0, J)
        if k == i:
            sl = 0.5 * (dl + dr)
            sr = 0.5 * (dr - dl)
            dtot += nv_sq_from_moments(m[i], m[i], MV, sl * (cl + cr - sl) + c[0], sr * (cr - cl - sr) + c[1], J)
        elif gl != 0.0 or gr != 0.0:
            dtot += _INV8PI2 * _nv_a(m[i], m[k], MV, 0.5 * (gl + gr), 0.0, 0.5 * (gr - gl), 0.0, J)
    if c[2] != 0.0:
        dtot += c[2] * dd_neutral_vector(m[i], m[i], MV, c[5], c[3], c[4])
    da[0] = dtot
    return tot


cdef inline double _ns_delta(int i, int n, const double* m, const double* Yp, const double* UL, const double* UR,
                             const double* DH, const double* MN, const double* MH, double vH, int r,
                             int cc) noexcept nogil:
    """Delta_i = Y'_ii - m_i/v_H without cancellation (ns_sum_delta)."""
    cdef int a, b
    cdef double x = 0.0, uh2 = 0.0, vh2 = 0.0, q = 0.0, eq = 0.0, p = 0.0, ep = 0.0, nh = 0.0, t, nbl, ui
    for a in range(n):
        ui = UL[a * n + i]
        if ui == 0.0:
            continue
        for b in range(n):
            t = DH[a * n + b]
            if t != 0.0:
                x += ui * t * UR[b * n + i]
            t = MH[a * n + b]
            if t != 0.0 and (a != r or b != cc):
                nh += ui * t * UR[b * n + i]
        if a != r:
            uh2 += ui * ui
            t = ui * (MN[a * n + cc] + MH[a * n + cc]) * UR[cc * n + i]
            q += t
            eq += fabs(t)
    for b in range(n):
        if b != cc:
            vh2 += UR[b * n + i] * UR[b * n + i]
            t = UL[r * n + i] * (MN[r * n + b] + MH[r * n + b]) * UR[b * n + i]
            p += t
            ep += fabs(t)
    if m[i] * vh2 + eq <= m[i] * uh2 + ep:
        nbl = m[i] * vh2 + q
    else:
        nbl = m[i] * uh2 + p
    return x - (MN[r * n + cc] * UL[r * n + i] * UR[cc * n + i] + nbl - nh) / vH


cdef inline double _ns_term(double mi, double mk, double pl, double pr, const double* J) noexcept nogil:
    """a_neutral_scalar_sd of couplings (pl, pr) from the moments J (ns_sum_delta): Dc = pl pr, as ns_sum."""
    cdef double cs = 0.5 * (pl + pr), cp = 0.5 * (pr - pl)
    return _ns_a(mi, mk, _abs2(cs, 0.0) + _abs2(cp, 0.0), pl * pr, J)


cdef inline double ns_sum_delta(int i, int n, const double* m, const double* Yp, const double* Yk, double MS,
                                double* edm, const double* UL, const double* UR, const double* DH, const double* MN,
                                const double* MH, const double* c, double* da) noexcept nogil:
    """ns_sum of Yk (returned, bit for bit: same moments and sums as a_neutral_scalar, EDM 0 for real couplings;
    Yk: restore_tiny_scalar's couplings that count, Yp: the direct U_L^T Y U_R)
    and, into ``da``, Delta a of light state i from the neutral scalar minus its SM diagram (the light
    flavour alone, coupling m_i/v_H, same scalar mass) without the cancellation of ns_sum - SM
    (docs/physics.md, "Delta a without cancellation").  The loop moments of each internal state are
    computed once for both.  Gauge-basis inputs derived at generation: MH = v_H dM/dv_H (the mass entries of
    the SM Higgs vev), MN = M - MH (vector-like masses, other vevs), DH = Y - dM/dv_H (the scalar's Yukawa
    minus the SM Higgs one: (c_H - 1) dM/dv_H with c_H - 1 free of cancellation, plus the other
    components); c = (v_H, r_0, c_0, r_1, c_1, ...): the gauge row/column of each light flavour's SM
    Yukawa.  With U_L^T M U_R = diag(m), Y' = U_L^T Y U_R, u, v the columns i of U_L, U_R:

      Delta_i = Y'_ii - m_i/v_H = u^T DH v - u^T MN v / v_H,
      u^T MN v = MN_rc u_r v_c + nbl(M) - nbl(MH),   nbl(X) = sum_{(a,b) != (r,c)} u_a X_ab v_b,
      nbl(M) = m_i |v_h|^2 + Q = m_i |u_h|^2 + P,
      Q = sum_{a != r} u_a M_ac v_c,  P = sum_{b != c} u_r M_rb v_b,  |u_h|^2 = sum_{a != r} u_a^2

    (rows a != r of M v = m u and columns b != c of M^T u = m v), taking the form with the smaller sum of
    absolute terms: a doublet-like mixing (column c) cancels in P and not in Q, a singlet-like one (row r)
    the reverse.  Then Delta a = sum_{k != i} a(m_k; Y'_ik, Y'_ki) + a_sq(m_i, m_i, M_S; Delta_i (Y'_ii +
    m_i/v_H), 0) (a_neutral_scalar_sq of modelgen.loops.divdiff), over every nonzero direct entry of Yp
    (as with the flat cut before: entries that restore_tiny_scalar drops from Yk stay in Delta a)."""
    cdef int k
    cdef const _poly3* P[2]
    cdef double J[2]
    cdef double pl, pr, kl, kr, tot = 0.0, dtot = 0.0, dS, term
    cdef bint on
    P[0] = &_P21; P[1] = &_P20
    for k in range(n):
        pr = -Yp[k * n + i]
        pl = -Yp[i * n + k]
        kr = -Yk[k * n + i]
        kl = -Yk[i * n + k]
        on = fabs(kl) > 0.0 or fabs(kr) > 0.0
        if not on and (k != i and pl == 0.0 and pr == 0.0):
            continue
        if _moments(m[i], m[k], MS, 2, P, J) < 0:     # at or above threshold: NaN (a_neutral_scalar)
            if on:
                tot += NAN
            dtot += NAN
            continue
        term = _ns_term(m[i], m[k], pl, pr, J)
        if on:
            tot += term if (kl == pl and kr == pr) else _ns_term(m[i], m[k], kl, kr, J)
        if k == i:
            dS = _ns_delta(i, n, m, Yp, UL, UR, DH, MN, MH, c[0], <int>c[1 + 2 * i], <int>c[2 + 2 * i]) * \
                (Yp[i * n + i] + m[i] / c[0])
            dtot += _ns_a(m[i], m[i], dS, dS, J)
        else:                                          # an off-diagonal state: the same loop in both sums
            dtot += term
    da[0] = dtot
    return tot

# -- l_i -> l_j gamma: transition dipoles summed over internal states (modelgen.loops.transition,
# leading order in the external masses), same mass-basis inputs.  At that order the loop functions
# f, g of an internal state k and a boson B depend on (m_k, M_B) only: each mediator has a cache
# fg[3k] = f, fg[3k + 1] = g, fg[3k + 2] = 1 once computed (lfv_cache_init clears it), filled on first
# use and shared by every pair (i, j) (3 transitions: each loop function once instead of up to 3x);
# w_lfv takes the rounding threshold of the W's coupling matrices (coupling_threshold) from the rotate
# step, which computes it once for the dipole sums too (nv_lfv and ns_lfv skip the exact zeros of
# restore_tiny's and restore_tiny_scalar's couplings); for
# neutral_state_lfv (the charged scalar) fg[3n] (n internal states: the cache holds 3n + 1 doubles)
# keeps it (_lfv_small), likewise computed once.
# Each pair helper adds into s = (sL_re, sL_im, sR_re, sR_im) and returns 1 when a two-body decay
# l_i -> F_k B with a coupling above rounding is open (m_i > m_k + M_B, e.g. mu -> e Z'): the
# radiative rate is then not modelled (BR set to NaN).

cdef inline void lfv_cache_init(int n, double* fg) noexcept nogil:
    """Mark the loop functions of the n internal states of one mediator and its coupling threshold
    fg[3n] as not yet computed (fg: 3n + 1 doubles)."""
    cdef int k
    for k in range(n):
        fg[3 * k + 2] = 0.0
    fg[3 * n] = -1.0


cdef inline double _lfv_small(double* fg, int n, const double* A, const double* B, int size) noexcept nogil:
    """The rounding threshold _roundoff() x max(|A|, |B|) of a mediator's coupling matrices (size
    entries each), computed on first use and kept in fg[3n] (lfv_cache_init)."""
    if fg[3 * n] < 0.0:
        fg[3 * n] = _roundoff() * fmax(_absmax(A, size), _absmax(B, size))
    return fg[3 * n]


cdef inline void _lfv_add(bint vector, double wF, double wB, int k, double m_i, double m_j, double M_F,
                          double M_B, double aiR, double aiI, double biR, double biI, double ajR,
                          double ajI, double bjR, double bjI, double* fg, double* s) noexcept nogil:
    """transition._tr_dipole (photon weights wF on F, wB on B) of internal state k with its loop
    functions from the cache fg.  The pair's threshold (m_i < M_F + M_B) is tested by the caller, so
    _tr_fg gets zero external masses (they enter it only there); NaN where _tr_fg fails."""
    if fg[3 * k + 2] == 0.0:
        _tr_fg(vector, wF, wB, 0.0, 0.0, M_F, M_B, &fg[3 * k], &fg[3 * k + 1])
        fg[3 * k + 2] = 1.0
    if fg[3 * k] != fg[3 * k]:
        s[0] += fg[3 * k]; s[1] += fg[3 * k]; s[2] += fg[3 * k]; s[3] += fg[3 * k]
        return
    _tr_add(fg[3 * k], fg[3 * k + 1], m_i, m_j, M_F, aiR, aiI, biR, biI, ajR, ajI, bjR, bjI,
            &s[0], &s[1], &s[2], &s[3])


cdef inline void _lfv_add_real(bint vector, double wF, double wB, int k, double m_i, double m_j,
                               double M_F, double M_B, double ai, double bi, double aj, double bj,
                               double* fg, double* s) noexcept nogil:
    """_lfv_add for real couplings (neutral vector, neutral scalar): transition._tr_add's real parts
    only.  Its imaginary parts would add f (m_i 0 + m_j 0) + g M_F 0 = 0 to s[1], s[3] (f, g finite:
    NaN f, g take the branch above): the sums are unchanged, so is every output."""
    cdef double f, gm
    if fg[3 * k + 2] == 0.0:
        _tr_fg(vector, wF, wB, 0.0, 0.0, M_F, M_B, &fg[3 * k], &fg[3 * k + 1])
        fg[3 * k + 2] = 1.0
    f = fg[3 * k]
    if f != f:
        s[0] += f; s[1] += f; s[2] += f; s[3] += f
        return
    gm = fg[3 * k + 1] * M_F
    if gm == 0.0:
        s[2] += f * (m_i * (aj * ai) + m_j * (bj * bi))
        s[0] += f * (m_i * (bj * bi) + m_j * (aj * ai))
    else:
        s[2] += f * (m_i * (aj * ai) + m_j * (bj * bi)) + gm * (aj * bi)
        s[0] += f * (m_i * (bj * bi) + m_j * (aj * ai)) + gm * (bj * ai)


cdef inline int nv_lfv(int i, int j, int n, const double* m, const double* CL, const double* CR,
                       double MV, double* fg, double* s) noexcept nogil:
    """l_i -> l_j gamma dipole of a neutral vector, added into s; an internal state whose couplings to
    i, or to j, are exact zeros (restore_tiny's dropped entries) is skipped (nv_sum)."""
    cdef int k, is_open = 0
    for k in range(n):
        if (fabs(CL[k * n + i]) <= 0.0 and fabs(CR[k * n + i]) <= 0.0) or \
           (fabs(CL[k * n + j]) <= 0.0 and fabs(CR[k * n + j]) <= 0.0):
            continue
        if m[i] >= m[k] + MV:
            is_open = 1
            continue
        _lfv_add_real(True, 1.0, 0.0, k, m[i], m[j], m[k], MV, CL[k * n + i], CR[k * n + i],
                      CL[k * n + j], CR[k * n + j], fg, s)
    return is_open


cdef inline int ns_lfv(int i, int j, int n, const double* m, const double* Yp, double MS,
                       double* fg, double* s) noexcept nogil:
    """l_i -> l_j gamma dipole of a neutral scalar, added into s; Yp: restore_tiny_scalar's couplings
    that count (an internal state with both entries of i, or of j, exactly 0 is skipped, ns_sum)."""
    cdef int k, is_open = 0
    for k in range(n):
        if (fabs(Yp[i * n + k]) <= 0.0 and fabs(Yp[k * n + i]) <= 0.0) or \
           (fabs(Yp[j * n + k]) <= 0.0 and fabs(Yp[k * n + j]) <= 0.0):
            continue
        if m[i] >= m[k] + MS:
            is_open = 1
            continue
        _lfv_add_real(False, 1.0, 0.0, k, m[i], m[j], m[k], MS, -Yp[i * n + k], -Yp[k * n + i],
                      -Yp[j * n + k], -Yp[k * n + j], fg, s)
    return is_open


ctypedef void (*couplings_t)(double, double, double, double*) noexcept nogil


cdef inline int neutral_state_lfv(bint vector, couplings_t couplings, int i, int j, int nc, int nn,
                                  const double* mc, const double* mn, const double* eta,
                                  const double* A, const double* B, double M, double* fg,
                                  double* s) noexcept nogil:
    """l_i -> l_j gamma dipole of a charged boson (vector or scalar) with every neutral state k
    inside, added into s: A, B are the nn x nc coupling matrices, ``couplings`` turns
    (A_ki, B_ki, eta_k) into the loop library's four chiral couplings.  Q_F = 0: the photon
    couples to the boson only (weights w_F = 0, w_B = 1).  Returns 1 if l_i -> F_k X is open."""
    cdef int k, is_open = 0
    cdef double ci[4]
    cdef double cj[4]
    cdef double small = _lfv_small(fg, nn, A, B, nn * nc)
    for k in range(nn):
        if (fabs(A[k * nc + i]) <= small and fabs(B[k * nc + i]) <= small) or \
           (fabs(A[k * nc + j]) <= small and fabs(B[k * nc + j]) <= small):
            continue
        if mc[i] >= mn[k] + M:
            is_open = 1
            continue
        couplings(A[k * nc + i], B[k * nc + i], eta[k], ci)
        couplings(A[k * nc + j], B[k * nc + j], eta[k], cj)
        _lfv_add(vector, 0.0, 1.0, k, mc[i], mc[j], mn[k], M, ci[0], ci[1], ci[2], ci[3],
                 cj[0], cj[1], cj[2], cj[3], fg, s)
    return is_open


cdef inline int w_lfv(int i, int j, int nc, int nn, const double* mc, const double* mn, const double* eta,
                      const double* RL, const double* RR, double MW, double* fg, double* s,
                      double small) noexcept nogil:
    """l_i -> l_j gamma dipole of the W with every neutral state inside, added into s (small: the
    mediator's coupling_threshold(RL, RR, nn nc), computed once by the rotate step):
    neutral_state_lfv with _w_couplings, whose couplings of one state are all real (eta_k = 1:
    a = RL, b = RR) or all imaginary (eta_k = -1: a = -i RL, b = i RR).  In both cases the products
    a_j^* a_i, b_j^* b_i, a_j^* b_i, b_j^* a_i of transition._tr_add are real and equal the real
    products of (RL, RR) resp. (-RL, RR), with imaginary parts +-0: _lfv_add_real on those gives the
    same sums (up to the sign of a zero)."""
    cdef int k, is_open = 0
    cdef double sg
    for k in range(nn):
        if (fabs(RL[k * nc + i]) <= small and fabs(RR[k * nc + i]) <= small) or \
           (fabs(RL[k * nc + j]) <= small and fabs(RR[k * nc + j]) <= small):
            continue
        if mc[i] >= mn[k] + MW:
            is_open = 1
            continue
        sg = 1.0 if eta[k] > 0 else -1.0
        _lfv_add_real(True, 0.0, 1.0, k, mc[i], mc[j], mn[k], MW, sg * RL[k * nc + i], RR[k * nc + i],
                      sg * RL[k * nc + j], RR[k * nc + j], fg, s)
    return is_open


cdef inline double lfv_width(int i, int j, const double* m, const double* s, double alpha) noexcept nogil:
    """Gamma(l_i -> l_j gamma) in GeV from the summed dipole s."""
    return width_radiative_alpha(m[i], m[j], s[0], s[1], s[2], s[3], alpha)
