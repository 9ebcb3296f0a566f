# Hand-written Cython helpers (not generated) for models with COMPLEX lepton couplings (CP phases):
# mass-basis couplings, light-neutrino projections and the one-loop dipole sums, the complex
# counterparts of modelgen.kernels.leptons (unchanged).  Conventions (modelgen.derive.fermions,
# modelgen.testing.numeric):
#   L > -psi_bar_L M psi_R + h.c.,  U_L^+ M U_R = diag(m)                  (clinalg.zdirac_svd)
#   L > -(1/2) n^T C M_n n + h.c.,  U_n^T M_n U_n = diag(m), U_n unitary    (clinalg.ztakagi: the
#       Majorana phases are inside U_n, no separate eta)
#   neutral vector  CL = U_L^+ G_L U_L, CR = U_R^+ G_R U_R  (Hermitian):  F_bar_k g (CL[k,i] P_L + CR[k,i] P_R) l_i
#   neutral scalar  Yp = U_L^+ Y U_R  (L > -chi_bar_L Yp chi_R phi + h.c.):
#                   F_bar_k (-conj(Yp[i,k]) P_L - Yp[k,i] P_R) l_i  (the P_L part is the h.c. term)
#   W               RL = U_n^+ W_L U_L, RR = U_n^T W_R U_R:  W+ chi_bar_k g (RL[k,i] P_L + RR[k,i] P_R) e_i + h.c.
# Each sum hands the loop library (modelgen.loops) its normalisation c_S + c_P g5 = a P_L + b P_R,
# i.e. c_S = (a + b)/2, c_P = (b - a)/2, as (re, im) pairs.  Neutral vectors: zrestore_tiny sets every
# pair below the flat threshold that is at or below its own rounding bound to 0 and the sums skip exact
# zeros (as leptons.restore_tiny);
# scalars and the W: couplings below _roundoff() x the matrix's largest are rotation noise, skipped.
# cython: language_level=3
from libc.math cimport sqrt, fabs, fmax, NAN

from modelgen.kernels.clinalg cimport CNMAX, cabs2, cconj
from modelgen.kernels.leptons cimport (_roundoff, _w_moments, _w_light_vectors, light_subspace_v,
                                      w_light_difference)
from modelgen.loops.loopfuncs cimport (a_neutral_scalar, a_neutral_vector, a_charged_vector,
                                       a_neutral_scalar_sd, edm_neutral_scalar_im, _imxy,
                                       edm_neutral_scalar, edm_neutral_vector, edm_charged_vector)
from modelgen.loops.loopfuncs cimport _moments, _poly3, _P21, _P20, _P11, _mul, _abs2, _nv_a, _ns_a, _cv_a, _INV8PI2
from modelgen.loops.divdiff cimport nv_sq_from_moments, dd_neutral_vector
from modelgen.loops.transition cimport (tdipole_neutral_scalar, tdipole_neutral_vector,
                                        tdipole_charged_vector)


cdef inline void zmass_basis(const double complex* U1, int n1, const double complex* G, const double complex* U2,
                             int n2, double complex* C, bint conj1) noexcept nogil:
    """C = U1^+ G U2 (conj1) or U1^T G U2 (n1 x n2), row-major U1 (n1 x n1), G (n1 x n2), U2 (n2 x n2)."""
    cdef int a, b, k, l
    cdef double complex s
    cdef double complex T[CNMAX * CNMAX]
    for a in range(n1):              # T = G U2
        for l in range(n2):
            s = 0.0
            for b in range(n2):
                s = s + G[a * n2 + b] * U2[b * n2 + l]
            T[a * n2 + l] = s
    for k in range(n1):
        for l in range(n2):
            s = 0.0
            for a in range(n1):
                s = s + (cconj(U1[a * n1 + k]) if conj1 else U1[a * n1 + k]) * T[a * n2 + l]
            C[k * n2 + l] = s


cdef inline double _zabsmax(const double complex* x, int n) noexcept nogil:
    cdef int a
    cdef double s = 0.0
    for a in range(n):
        s = fmax(s, cabs2(x[a]))
    return sqrt(s)


cdef inline bint _small(double complex a, double complex b, double tiny) noexcept nogil:
    return cabs2(a) <= tiny * tiny and cabs2(b) <= tiny * tiny


cdef inline void zmass_basis_diag(const double complex* U, int n, const double* G, double complex* C) noexcept nogil:
    """C = U^+ diag(G) U (n x n, Hermitian) for a real diagonal G: the direct sums (leptons.mass_basis_diag's
    complex twin; zrestore_tiny then decides the entries below the flat rounding threshold)."""
    cdef int a, k, l
    cdef double complex s
    for k in range(n):
        for l in range(k, n):
            s = 0.0
            for a in range(n):
                s = s + cconj(U[a * n + k]) * G[a] * U[a * n + l]
            C[k * n + l] = s
            C[l * n + k] = cconj(s)


cdef inline double complex _znonuniversal(const double complex* U, int n, const double* G, int k, int l) noexcept nogil:
    """leptons._nonuniversal with |.| of complex entries (k < l): C_kl = sum_a conj(U_ak) (G_a - g_r) U_al,
    g_r = G[argmax_a |U_ak|], exactly 0 unless above E_kl = eps [(n + 8) sum' (|G_a| + |g_r|) |U_ak U_al|
    + 4 n sum' |G_a - g_r| (|U_ak| + |U_al|)] (the complex products' rounding inside (n + 8) eps); a NaN
    stays NaN."""
    cdef int a, r = 0
    cdef double e = 0.0, t = 0.0, big = -1.0, gr, d, x
    cdef double complex s = 0.0, uk, ul
    cdef double eps = 2.220446049250313e-16
    for a in range(n):
        x = cabs2(U[a * n + k])
        if x > big:
            big = x
            r = a
    gr = G[r]
    for a in range(n):
        d = G[a] - gr
        if d != 0.0:
            uk = U[a * n + k]
            ul = U[a * n + l]
            s = s + cconj(uk) * d * ul
            e += (fabs(G[a]) + fabs(gr)) * sqrt(cabs2(uk) * cabs2(ul))
            t += fabs(d) * (sqrt(cabs2(uk)) + sqrt(cabs2(ul)))
    x = (n + 8) * eps * e + 4 * n * eps * t
    if cabs2(s) <= x * x:
        return 0.0
    return s


cdef inline void zrestore_tiny(const double complex* UL, const double complex* UR, int n, const double* GL,
                               const double* GR, double complex* CL, double complex* CR) noexcept nogil:
    """leptons.restore_tiny for the complex sector: with the flat threshold small = _roundoff() x the largest
    |entry| of CL, CR, a pair (k, l) with both |CL_kl| and |CR_kl| <= small is replaced by its non-universal
    form (_znonuniversal: exact 0 unless above its own rounding bound; diagonal pairs 0), every other pair
    keeps its direct value (zmass_basis_diag), whose rounding stays correlated through the shared U."""
    cdef int k, l
    cdef double complex cl, cr
    cdef double small = _roundoff() * fmax(_zabsmax(CL, n * n), _zabsmax(CR, n * n))
    for k in range(n):
        if _small(CL[k * n + k], CR[k * n + k], small):
            CL[k * n + k] = 0.0
            CR[k * n + k] = 0.0
        for l in range(k + 1, n):
            if _small(CL[k * n + l], CR[k * n + l], small):
                cl = _znonuniversal(UL, n, GL, k, l)
                cr = _znonuniversal(UR, n, GR, k, l)
                CL[k * n + l] = cl
                CL[l * n + k] = cconj(cl)
                CR[k * n + l] = cr
                CR[l * n + k] = cconj(cr)


cdef inline int zlight_subspace(const double* m, int n, const double complex* RL, const double complex* RR,
                                int nc, int nl, int na, int* split) noexcept nogil:
    """leptons.light_subspace_v of the complex sector (rule and reasoning there): RL = U_n^+ W_L U_L,
    RR = U_n^T W_R U_R (n x nc, row-major, as zw_light_strength), nl light charged leptons, na flavour
    neutrinos; the W strengths |RL[k, i]|^2 + |RR[k, i]|^2."""
    cdef int i, k
    cdef double P[CNMAX * CNMAX]
    for k in range(n):
        for i in range(nl):
            P[k * nl + i] = cabs2(RL[k * nc + i]) + cabs2(RR[k * nc + i])
    return light_subspace_v(m, n, P, nl, na, split)


cdef inline double zlight_nu_coupling(const double complex* U, int n, const double* G, int f, int nlight) noexcept nogil:
    """<psi|diag(G)|psi>, psi = P e_f/|P e_f|, P = U_light U_light^+ (the nlight lightest columns):
    the coupling of the flavour neutrino f on the light subspace (basis independent); NaN if P e_f = 0."""
    cdef int a, k
    cdef double pff = 0.0, s = 0.0
    cdef double complex paf
    for k in range(nlight):
        pff += cabs2(U[f * n + k])
    if pff == 0.0:
        return NAN
    for a in range(n):
        paf = 0.0
        for k in range(nlight):
            paf = paf + U[a * n + k] * cconj(U[f * n + k])
        s += cabs2(paf) * G[a]
    return s / pff


cdef inline double zw_light_strength(int i, int nc, const double complex* RL, const double complex* RR,
                                     int nlight) noexcept nogil:
    """sum_{k < nlight} |RL[k,i]|^2 + |RR[k,i]|^2: W coupling strength of light charged state i."""
    cdef int k
    cdef double s = 0.0
    for k in range(nlight):
        s += cabs2(RL[k * nc + i]) + cabs2(RR[k * nc + i])
    return s


cdef inline double zchiral_difference(const double complex* UL, const double complex* UR, int n, int i,
                                      const double* qL, const double* qR) noexcept nogil:
    """<q>_R - <q>_L = sum_a |UR[a,i]|^2 qR[a] - |UL[a,i]|^2 qL[a], each sum referred to the state's
    largest component r (q[r] + sum_a |U[a,i]|^2 (q[a] - q[r])) as chiral.chiral_difference."""
    cdef int a, rl = 0, rr = 0
    cdef double s
    for a in range(n):
        if cabs2(UL[a * n + i]) > cabs2(UL[rl * n + i]):
            rl = a
        if cabs2(UR[a * n + i]) > cabs2(UR[rr * n + i]):
            rr = a
    s = qR[rr] - qL[rl]
    for a in range(n):
        s += cabs2(UR[a * n + i]) * (qR[a] - qR[rr]) - cabs2(UL[a * n + i]) * (qL[a] - qL[rl])
    return s


cdef inline void _ns_pair(const double complex* Yp, int n, int i, int k, double complex* ab) noexcept nogil:
    """(a, b) = (-conj(Yp[i,k]), -Yp[k,i]) of F_k l_i for a neutral scalar."""
    ab[0] = -cconj(Yp[i * n + k])
    ab[1] = -Yp[k * n + i]


# -- Delta a of light state i summed over internal states k; the EDM (e cm) is added to ``edm``

cdef inline double nv_sum_c(int i, int n, const double* m, const double complex* CL, const double complex* CR,
                            double MV, double* edm) noexcept nogil:
    cdef int k
    cdef double complex cv, ca
    cdef double tot = 0.0
    cdef double tiny = 0.0       # zrestore_tiny's dropped entries are exact zeros
    for k in range(n):
        if _small(CL[k * n + i], CR[k * n + i], tiny):
            continue
        cv = 0.5 * (CL[k * n + i] + CR[k * n + i])
        ca = 0.5 * (CR[k * n + i] - CL[k * n + i])
        tot += a_neutral_vector(m[i], m[k], MV, cv.real, cv.imag, ca.real, ca.imag)
        edm[0] += edm_neutral_vector(m[i], m[k], MV, cv.real, cv.imag, ca.real, ca.imag)
    return tot


cdef inline double ns_sum_c(int i, int n, const double* m, const double complex* Yp, double MS,
                            double* edm) noexcept nogil:
    cdef int k
    cdef double complex ab[2]
    cdef double complex cs, cp
    cdef double tot = 0.0
    cdef double tiny = _roundoff() * _zabsmax(Yp, n * n)
    for k in range(n):
        _ns_pair(Yp, n, i, k, ab)
        if _small(ab[0], ab[1], tiny):
            continue
        cs = 0.5 * (ab[0] + ab[1])
        cp = 0.5 * (ab[1] - ab[0])
        # chirality flip Re(g_L g_R^*) and Im(c_S c_P^*) = Im(g_L g_R^*)/2 from the chiral couplings
        # g_L = ab[0], g_R = ab[1] (not from c_S -+ c_P, which lose the small one to eps of the large)
        tot += a_neutral_scalar_sd(m[i], m[k], MS, _abs2(cs.real, cs.imag) + _abs2(cp.real, cp.imag),
                                   ab[0].real * ab[1].real + ab[0].imag * ab[1].imag)
        edm[0] += edm_neutral_scalar_im(m[i], m[k], MS, 0.5 * _imxy(ab[0].real, ab[0].imag, ab[1].real, ab[1].imag))
    return tot


cdef inline double _zw_loop(double m, double mk, double MW, double complex gl, double complex gr,
                            const double* J) noexcept nogil:
    """a_charged_vector(m, mk, MW, Q_F = 0, c_V = (gl + gr)/2, c_A = (gr - gl)/2) from its moments J
    (leptons._w_moments; NULL: NaN), with a_charged_vector's arithmetic (photon on the W only, weight 1):
    bit-identical to the direct call."""
    cdef double complex cv = 0.5 * (gl + gr)
    cdef double complex ca = 0.5 * (gr - gl)
    cdef double res = 0.0
    if J == NULL:
        return NAN
    res += 1.0 * _cv_a(m, mk, MW, cv.real, cv.imag, ca.real, ca.imag, J)
    return _INV8PI2 * res


cdef inline double _zw_loop_chiral(double m, double mk, double MW, double complex gl, double complex gr,
                                   double complex fa, const double* J) noexcept nogil:
    """_zw_loop written in the chiral couplings (the complex twin of leptons._w_loop_chiral, used by
    w_delta_sum_c): with c_V = (gl + gr)/2, c_A = (gr - gl)/2,
      |c_V|^2 + |c_A|^2 = (|gl|^2 + |gr|^2)/2,  |c_V|^2 - |c_A|^2 = Re(gl gr^*),
      C1 = (|fa|^2 + |fb|^2)/2,  C2 = Re(fa fb^*),  fa = gl mk - gr m,  fb = gr mk - gl m,
    each product formed once from the couplings (from the rounded c_V, c_A the flip carries eps max(|gl|,
    |gr|)^2).  fa is passed (the mixing identity's U_n^T DW u term where it gives g_L)."""
    cdef double complex fb
    cdef double tr, lon
    if J == NULL:
        return NAN
    fb = gr * mk - gl * m
    tr = (_mul(2.0 * m * m * (0.5 * (cabs2(gl) + cabs2(gr))), J[4] + J[5])
          - _mul(4.0 * (gl * cconj(gr)).real * m * mk, J[4]))
    lon = _mul(m * m * (0.5 * (cabs2(fa) + cabs2(fb))), J[6]) + _mul(m * mk * (fa * cconj(fb)).real, J[2])
    if lon != 0.0:
        lon = lon / (MW * MW)
    return _INV8PI2 * (tr - lon)


cdef inline double w_sum_c(int i, int nc, int nn, const double* mc, const double* mn, const double complex* RL,
                           const double complex* RR, double MW, double* edm, double* wJ) noexcept nogil:
    """wJ: the W moment cache of state i (leptons.w_cache_init; filled here for every state summed, read by
    w_delta_sum_c) or NULL; the values are a_charged_vector's bit for bit either way."""
    cdef int k
    cdef double own[7]
    cdef double complex cv, ca
    cdef double tot = 0.0
    cdef double tiny = _roundoff() * fmax(_zabsmax(RL, nn * nc), _zabsmax(RR, nn * nc))
    for k in range(nn):
        if _small(RL[k * nc + i], RR[k * nc + i], tiny):
            continue
        cv = 0.5 * (RL[k * nc + i] + RR[k * nc + i])
        ca = 0.5 * (RR[k * nc + i] - RL[k * nc + i])
        tot += _zw_loop(mc[i], mn[k], MW, RL[k * nc + i], RR[k * nc + i], _w_moments(mc[i], mn[k], MW, wJ, k, own))
        edm[0] += edm_charged_vector(mc[i], mn[k], MW, 0.0, cv.real, cv.imag, ca.real, ca.imag)
    return tot


cdef inline double _zabs1(double complex z) noexcept nogil:
    """|Re z| + |Im z| (within sqrt2 of |z|): the size of a term in the rounding estimates below."""
    return fabs(z.real) + fabs(z.imag)


cdef inline double w_delta_sum_c(int i, int nc, int nn, const double* mc, const double* mn,
                                 const double complex* RL, const double complex* RR, const double complex* UL,
                                 const double complex* UR, const double complex* On, const double complex* WL,
                                 const double complex* WR, const double complex* DW, double sgn, int nlight,
                                 double MW, double g0sq, double* wJ) noexcept nogil:
    """Delta a of light charged state i from the W minus the SM diagram (a massless neutral state with
    |g_L0|^2 + |g_R0|^2 = g0sq, same W mass) without the cancellation of w_sum_c - SM: the complex twin of
    leptons.w_delta_sum (docs/physics.md, "Delta a without cancellation"), with unitary rotations
    (U_n^T M_n U_n = diag(m), M = U_L diag(m) U_R^+; g_L = U_n^+ W_L U_L, g_R = U_n^T W_R U_R):

      Delta a = sum_heavy a_k + sum_light [a_k - a_k(m_k -> 0)] + P0/2 X,
      X = u^+ (W_L^+ W_L - g0sq 1) u + |W_R v|^2 - sum_heavy (|g_L|^2 + |g_R|^2)

    (u, v: columns i of U_L, U_R; sum over all k of |U_n^+ w|^2 = |U_n^T w|^2 = |w|^2).  Entries of
    W_L^+ W_L - g0sq 1 within 16 eps of 0 are 0 (equal gauge couplings).  Heavy states take their full
    loop with the left coupling from the mixing identity (ir_leptons.w_identity, conj)

      m_k g_L[k,i] = sgn m_i g_R[k,i] + (U_n^T DW U_L)[k,i],   DW = M_n W_L - sgn W_R M^+

    (M_n O_k = m_k O_k^*, M^+ u = m_i v) whenever its rounding estimate is below that of the direct
    U_n^+ W_L u.  Light states: as leptons.w_delta_sum (a mass at or below 64 eps m_max is 0; a resolved
    one adds a(m_k) - a(0) from leptons.w_light_difference, without cancellation).  wJ: the W moment cache that w_sum_c filled
    for state i (or NULL)."""
    cdef double own[7]
    cdef double J0[7]
    cdef double* pJ0 = NULL
    cdef bint have0 = False
    cdef int a, b, k
    cdef double eps = 2.220446049250313e-16
    cdef double complex wl[CNMAX]
    cdef double complex wr[CNMAX]
    cdef double complex dv[CNMAX]
    cdef double complex num, gl, gr, fa
    cdef double x, x0, tot = 0.0, e_dir, e_id, pr, pd, tol, ss
    x = _w_light_vectors(WL, WR, DW, UL, UR, i, nn, nc, g0sq, wl, wr, dv)
    # heavy states: full loop, g_L from the identity where it is the more accurate
    for k in range(nlight, nn):
        gl = RL[k * nc + i]
        gr = RR[k * nc + i]
        fa = gl * mn[k] - gr * mc[i]
        if mn[k] > 0.0:
            e_dir = 0.0; pr = 0.0; pd = 0.0; num = 0.0
            for a in range(nn):
                e_dir += _zabs1(cconj(On[a * nn + k]) * wl[a])
                pr += _zabs1(On[a * nn + k] * wr[a])
                pd += _zabs1(On[a * nn + k] * dv[a])
                num = num + On[a * nn + k] * dv[a]
            e_id = (mc[i] * pr + pd) / mn[k]
            if e_id < e_dir:
                gl = (sgn * mc[i] * gr + num) / mn[k]
                fa = num + (sgn - 1.0) * mc[i] * gr     # gl mk - gr m_i without cancellation
        if gl == 0.0 and gr == 0.0:
            continue
        if mn[k] <= 0.125 * MW and mc[i] <= 0.125 * MW:
            # light against the W: a_k - P0/2 (|g_L|^2 + |g_R|^2) without cancellation (leptons.w_delta_sum)
            tot += w_light_difference(mc[i], mn[k], MW, 0.5 * (cabs2(gl) + cabs2(gr)), (gl * cconj(gr)).real)
            continue
        x -= cabs2(gl) + cabs2(gr)
        tot += _zw_loop_chiral(mc[i], mn[k], MW, gl, gr, fa, _w_moments(mc[i], mn[k], MW, wJ, k, own))
    # light states with a resolved mass: a(m_k) - a(0) at their couplings, where it is resolved
    tol = 64 * eps * mn[nn - 1]
    for k in range(nlight):
        if mn[k] > tol:
            gl = RL[k * nc + i]
            gr = RR[k * nc + i]
            ss = cabs2(gl) + cabs2(gr)
            if ss == 0.0:
                continue
            if mn[k] <= 0.125 * MW and mc[i] <= 0.125 * MW:
                # without cancellation (leptons.w_light_difference), flip = Re(g_L g_R^*)
                tot += w_light_difference(mc[i], mn[k], MW, 0.5 * ss, (gl * cconj(gr)).real)
                continue
            # |a(m_k) - a(0)| <= |a(0)| [(m_k/M_W)^2 + 4 (m_k/m_i) |g_L g_R|/(|g_L|^2 + |g_R|^2)] (leptons.w_delta_sum)
            x0 = (mn[k] / MW) * (mn[k] / MW) + 4.0 * (mn[k] / mc[i]) * sqrt(cabs2(gl) * cabs2(gr)) / ss
            if x0 > eps:
                if not have0:
                    pJ0 = _w_moments(mc[i], 0.0, MW, NULL, 0, J0)
                    have0 = True
                tot += (_zw_loop_chiral(mc[i], mn[k], MW, gl, gr, gl * mn[k] - gr * mc[i],
                                        _w_moments(mc[i], mn[k], MW, wJ, k, own))
                        - _zw_loop_chiral(mc[i], 0.0, MW, gl, gr, -gr * mc[i], pJ0))
    if not have0:
        pJ0 = _w_moments(mc[i], 0.0, MW, NULL, 0, J0)
    # P0 = a_charged_vector(m_i, 0, M_W, 0, c_V = 1, 0, c_A = 0, 0): g_L = g_R = 1
    return tot + 0.5 * x * _zw_loop(mc[i], 0.0, MW, 1.0, 1.0, pJ0)


cdef inline double nv_sum_delta_c(int i, int n, const double* m, const double complex* CL, const double complex* CR,
                                  double MV, double* edm, const double complex* UL, const double complex* UR,
                                  const double* dGL, const double* dGR, const double* c, double* da) noexcept nogil:
    """nv_sum_c (returned, bit for bit: same moments and _nv_a as a_neutral_vector; EDM added as nv_sum_c)
    and, into ``da``, Delta a of light state i from the neutral vector minus its SM diagram without the
    cancellation of nv_sum_c - SM: the complex twin of leptons.nv_sum_delta (same inputs dGL, dGR, c; see
    there and docs/physics.md).  With u, v the columns i of the unitary U_L, U_R (sum_a U_ak^* U_ai = delta_ki):

      C[k,i] = sum_a U_ak^* dG_a U_ai  (k != i, complex),    C[i,i] - G_f = sum_a |U_ai|^2 dG_a  (real),
      Delta a = sum_{k != i} a(m_k; C[k,i]) + a_sq(m_i, m_i, M_V; V_ii - V0, A_ii - A0)
                + (M_V^2 - M_V0^2) dd(m_i, m_i, M_V, M_V0; V0, A0)

    (C[i,i] is real: Hermitian; the rounding-level imaginary part of the rotated one is not used)."""
    cdef int a, k
    cdef const _poly3* P[3]
    cdef double J[3]
    cdef double complex cv, ca, gl, gr
    cdef double cl, cr, dl = 0.0, dr = 0.0, tot = 0.0, dtot = 0.0, sl, sr
    cdef double tiny = 0.0       # zrestore_tiny's dropped entries are exact zeros
    cdef bint on
    P[0] = &_P21; P[1] = &_P20; P[2] = &_P11
    for a in range(n):
        dl += cabs2(UL[a * n + i]) * dGL[a]
        dr += cabs2(UR[a * n + i]) * dGR[a]
    for k in range(n):
        on = not _small(CL[k * n + i], CR[k * n + i], tiny)
        if not on and k != i:                         # dropped (zrestore_tiny's bound): in neither sum
            continue
        gl = 0.0
        gr = 0.0
        if k != i:                                    # the kept chiralities, from the generation's dG
            if CL[k * n + i] != 0.0:
                for a in range(n):
                    gl = gl + cconj(UL[a * n + k]) * dGL[a] * UL[a * n + i]
            if CR[k * n + i] != 0.0:
                for a in range(n):
                    gr = gr + cconj(UR[a * n + k]) * dGR[a] * UR[a * n + i]
        if _moments(m[i], m[k], MV, 3, P, J) < 0:     # at or above threshold: NaN (a_neutral_vector)
            if on:
                tot += NAN
                cv = 0.5 * (CL[k * n + i] + CR[k * n + i])
                ca = 0.5 * (CR[k * n + i] - CL[k * n + i])
                edm[0] += edm_neutral_vector(m[i], m[k], MV, cv.real, cv.imag, ca.real, ca.imag)
            dtot += NAN
            continue
        if on:
            cv = 0.5 * (CL[k * n + i] + CR[k * n + i])
            ca = 0.5 * (CR[k * n + i] - CL[k * n + i])
            tot += _INV8PI2 * _nv_a(m[i], m[k], MV, cv.real, cv.imag, ca.real, ca.imag, J)
            edm[0] += edm_neutral_vector(m[i], m[k], MV, cv.real, cv.imag, ca.real, ca.imag)
        if k == i:
            cl = CL[k * n + i].real
            cr = CR[k * n + i].real
            sl = 0.5 * (dl + dr)
            sr = 0.5 * (dr - dl)
            dtot += nv_sq_from_moments(m[i], m[i], MV, sl * (cl + cr - sl) + c[0], sr * (cr - cl - sr) + c[1], J)
        elif gl != 0.0 or gr != 0.0:
            cv = 0.5 * (gl + gr)
            ca = 0.5 * (gr - gl)
            dtot += _INV8PI2 * _nv_a(m[i], m[k], MV, cv.real, cv.imag, ca.real, ca.imag, J)
    if c[2] != 0.0:
        dtot += c[2] * dd_neutral_vector(m[i], m[i], MV, c[5], c[3], c[4])
    da[0] = dtot
    return tot


cdef inline double complex _zns_delta(int i, int n, const double* m, const double complex* UL,
                                      const double complex* UR, const double complex* DH, const double complex* MN,
                                      const double complex* MH, double vH, int r, int cc) noexcept nogil:
    """Delta_i = Y'_ii - m_i/v_H without cancellation (ns_sum_delta_c; complex twin of leptons._ns_delta):
    u^+ DH v - [MN_rc u_r^* v_c + nbl(M) - nbl(MH)]/v_H, nbl(X) = sum_{(a,b) != (r,c)} u_a^* X_ab v_b,
    nbl(M) = m_i |v_h|^2 + Q = m_i |u_h|^2 + P (rows a != r of M v = m u, columns b != c of M^+ u = m v),
    Q = sum_{a != r} u_a^* M_ac v_c, P = sum_{b != c} u_r^* M_rb v_b, the form with the smaller sum of
    absolute terms."""
    cdef int a, b
    cdef double uh2 = 0.0, vh2 = 0.0, eq = 0.0, ep = 0.0
    cdef double complex x = 0.0, q = 0.0, p = 0.0, nh = 0.0, t, nbl, ui
    for a in range(n):
        ui = cconj(UL[a * n + i])
        if ui == 0.0:
            continue
        for b in range(n):
            t = DH[a * n + b]
            if t != 0.0:
                x = x + ui * t * UR[b * n + i]
            t = MH[a * n + b]
            if t != 0.0 and (a != r or b != cc):
                nh = nh + ui * t * UR[b * n + i]
        if a != r:
            uh2 += cabs2(ui)
            t = ui * (MN[a * n + cc] + MH[a * n + cc]) * UR[cc * n + i]
            q = q + t
            eq += _zabs1(t)
    for b in range(n):
        if b != cc:
            vh2 += cabs2(UR[b * n + i])
            t = cconj(UL[r * n + i]) * (MN[r * n + b] + MH[r * n + b]) * UR[b * n + i]
            p = p + t
            ep += _zabs1(t)
    if m[i] * vh2 + eq <= m[i] * uh2 + ep:
        nbl = m[i] * vh2 + q
    else:
        nbl = m[i] * uh2 + p
    return x - (MN[r * n + cc] * cconj(UL[r * n + i]) * UR[cc * n + i] + nbl - nh) / vH


cdef inline double ns_sum_delta_c(int i, int n, const double* m, const double complex* Yp, double MS, double* edm,
                                  const double complex* UL, const double complex* UR, const double complex* DH,
                                  const double complex* MN, const double complex* MH, const double* c,
                                  double* da) noexcept nogil:
    """ns_sum_c (returned, bit for bit: same moments and sums as a_neutral_scalar; EDM added as ns_sum_c) and,
    into ``da``, Delta a of light state i from the neutral scalar minus its SM diagram (the light flavour
    alone, coupling m_i/v_H, same scalar mass) without the cancellation of ns_sum_c - SM: the complex twin
    of leptons.ns_sum_delta (same inputs; see there and docs/physics.md).  The diagonal coupling
    Y'_ii = u^+ Y v is complex: F_bar_i (-Y'_ii^* P_L - Y'_ii P_R) l_i has c_S = -Re Y'_ii, c_P = -i Im Y'_ii,
    so with Delta_i = Y'_ii - m_i/v_H (_zns_delta)

      |c_S|^2 - (m_i/v_H)^2 = Re Delta_i (Re Y'_ii + m_i/v_H),   |c_P|^2 = (Im Delta_i)^2,
      Delta a = sum_{k != i} a(m_k; Y'_ik, Y'_ki) + (1/8pi^2) m_i^2 [(dS + dP) J21 + (dS - dP) J20]

    (a_neutral_scalar with M_F = m_i, linear in |c_S|^2 +- |c_P|^2)."""
    cdef int k
    cdef const _poly3* P[2]
    cdef double J[2]
    cdef double complex ab[2]
    cdef double complex cs, cp, dlt
    cdef double tot = 0.0, dtot = 0.0, Sc, Dc, dS, dP, term
    cdef double tiny = _roundoff() * _zabsmax(Yp, n * n)
    cdef bint on
    P[0] = &_P21; P[1] = &_P20
    for k in range(n):
        _ns_pair(Yp, n, i, k, ab)
        on = not _small(ab[0], ab[1], tiny)
        if not on and (k != i and ab[0] == 0.0 and ab[1] == 0.0):
            continue
        cs = 0.5 * (ab[0] + ab[1])
        cp = 0.5 * (ab[1] - ab[0])
        if _moments(m[i], m[k], MS, 2, P, J) < 0:     # at or above threshold: NaN (a_neutral_scalar)
            if on:
                tot += NAN
                edm[0] += edm_neutral_scalar_im(m[i], m[k], MS, 0.5 * _imxy(ab[0].real, ab[0].imag, ab[1].real, ab[1].imag))
            dtot += NAN
            continue
        Sc = _abs2(cs.real, cs.imag) + _abs2(cp.real, cp.imag)
        Dc = ab[0].real * ab[1].real + ab[0].imag * ab[1].imag     # Re(g_L g_R^*), as ns_sum_c
        term = _ns_a(m[i], m[k], Sc, Dc, J)
        if on:
            tot += term
            edm[0] += edm_neutral_scalar_im(m[i], m[k], MS, 0.5 * _imxy(ab[0].real, ab[0].imag, ab[1].real, ab[1].imag))
        if k == i:
            dlt = _zns_delta(i, n, m, UL, UR, DH, MN, MH, c[0], <int>c[1 + 2 * i], <int>c[2 + 2 * i])
            dS = dlt.real * (Yp[i * n + i].real + m[i] / c[0])
            dP = dlt.imag * dlt.imag
            dtot += _ns_a(m[i], m[i], dS + dP, dS - dP, J)
        else:                                          # an off-diagonal state: the same loop in both sums
            dtot += term
    da[0] = dtot
    return tot


# -- l_i -> l_j gamma: transition dipoles added into s = (sL_re, sL_im, sR_re, sR_im); returns 1 when a
#    two-body decay l_i -> F_k B with a coupling above rounding is open (leptons.pxd)

cdef inline int nv_lfv_c(int i, int j, int n, const double* m, const double complex* CL, const double complex* CR,
                         double MV, double* s) noexcept nogil:
    cdef int k, is_open = 0
    cdef double complex ai, bi, aj, bj
    cdef double tiny = 0.0       # zrestore_tiny's dropped entries are exact zeros
    for k in range(n):
        ai, bi, aj, bj = CL[k * n + i], CR[k * n + i], CL[k * n + j], CR[k * n + j]
        if _small(ai, bi, tiny) or _small(aj, bj, tiny):
            continue
        if m[i] >= m[k] + MV:
            is_open = 1
            continue
        tdipole_neutral_vector(m[i], m[j], m[k], MV, ai.real, ai.imag, bi.real, bi.imag,
                               aj.real, aj.imag, bj.real, bj.imag, &s[0], &s[1], &s[2], &s[3])
    return is_open


cdef inline int ns_lfv_c(int i, int j, int n, const double* m, const double complex* Yp, double MS,
                         double* s) noexcept nogil:
    cdef int k, is_open = 0
    cdef double complex ci[2]
    cdef double complex cj[2]
    cdef double tiny = _roundoff() * _zabsmax(Yp, n * n)
    for k in range(n):
        _ns_pair(Yp, n, i, k, ci)
        _ns_pair(Yp, n, j, k, cj)
        if _small(ci[0], ci[1], tiny) or _small(cj[0], cj[1], tiny):
            continue
        if m[i] >= m[k] + MS:
            is_open = 1
            continue
        tdipole_neutral_scalar(m[i], m[j], m[k], MS, ci[0].real, ci[0].imag, ci[1].real, ci[1].imag,
                               cj[0].real, cj[0].imag, cj[1].real, cj[1].imag, &s[0], &s[1], &s[2], &s[3])
    return is_open


cdef inline int w_lfv_c(int i, int j, int nc, int nn, const double* mc, const double* mn, const double complex* RL,
                        const double complex* RR, double MW, double* s) noexcept nogil:
    cdef int k, is_open = 0
    cdef double complex ai, bi, aj, bj
    cdef double tiny = _roundoff() * fmax(_zabsmax(RL, nn * nc), _zabsmax(RR, nn * nc))
    for k in range(nn):
        ai, bi, aj, bj = RL[k * nc + i], RR[k * nc + i], RL[k * nc + j], RR[k * nc + j]
        if _small(ai, bi, tiny) or _small(aj, bj, tiny):
            continue
        if mc[i] >= mn[k] + MW:
            is_open = 1
            continue
        tdipole_charged_vector(mc[i], mc[j], mn[k], MW, 0.0, ai.real, ai.imag, bi.real, bi.imag,
                               aj.real, aj.imag, bj.real, bj.imag, &s[0], &s[1], &s[2], &s[3])
    return is_open
