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
# i.e. c_S = (a + b)/2, c_P = (b - a)/2, as (re, im) pairs; couplings below _roundoff() x the
# matrix's largest are rounding noise of the rotations and are skipped (as in leptons.pxd).
# cython: language_level=3
from libc.math cimport sqrt, fmax, NAN

from modelgen.kernels.clinalg cimport CNMAX, cabs2, cconj
from modelgen.kernels.leptons cimport _roundoff
from modelgen.loops.loopfuncs cimport (a_neutral_scalar, a_neutral_vector, a_charged_vector,
                                       edm_neutral_scalar, edm_neutral_vector, edm_charged_vector)
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


cdef inline void zmass_basis_diag(const double complex* U, int n, const double* G, double complex* C) noexcept nogil:
    """C = U^+ diag(G) U (n x n, Hermitian) for a real diagonal G."""
    cdef int a, k, l
    cdef double complex s
    for k in range(n):
        for l in range(k, n):
            s = 0.0
            for a in range(n):
                s = s + cconj(U[a * n + k]) * G[a] * U[a * n + l]
            C[k * n + l] = s
            C[l * n + k] = cconj(s)


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


cdef inline double _zabsmax(const double complex* x, int n) noexcept nogil:
    cdef int a
    cdef double s = 0.0
    for a in range(n):
        s = fmax(s, cabs2(x[a]))
    return sqrt(s)


cdef inline bint _small(double complex a, double complex b, double tiny) noexcept nogil:
    return cabs2(a) <= tiny * tiny and cabs2(b) <= tiny * tiny


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
    cdef double tiny = _roundoff() * fmax(_zabsmax(CL, n * n), _zabsmax(CR, n * n))
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
        tot += a_neutral_scalar(m[i], m[k], MS, cs.real, cs.imag, cp.real, cp.imag)
        edm[0] += edm_neutral_scalar(m[i], m[k], MS, cs.real, cs.imag, cp.real, cp.imag)
    return tot


cdef inline double w_sum_c(int i, int nc, int nn, const double* mc, const double* mn, const double complex* RL,
                           const double complex* RR, double MW, double* edm) noexcept nogil:
    cdef int k
    cdef double complex cv, ca
    cdef double tot = 0.0
    cdef double tiny = _roundoff() * fmax(_zabsmax(RL, nn * nc), _zabsmax(RR, nn * nc))
    for k in range(nn):
        if _small(RL[k * nc + i], RR[k * nc + i], tiny):
            continue
        cv = 0.5 * (RL[k * nc + i] + RR[k * nc + i])
        ca = 0.5 * (RR[k * nc + i] - RL[k * nc + i])
        tot += a_charged_vector(mc[i], mn[k], MW, 0.0, cv.real, cv.imag, ca.real, ca.imag)
        edm[0] += edm_charged_vector(mc[i], mn[k], MW, 0.0, cv.real, cv.imag, ca.real, ca.imag)
    return tot


# -- l_i -> l_j gamma: transition dipoles added into s = (sL_re, sL_im, sR_re, sR_im); returns 1 when a
#    two-body decay l_i -> F_k B with a coupling above rounding is open (leptons.pxd)

cdef inline int nv_lfv_c(int i, int j, int n, const double* m, const double complex* CL, const double complex* CR,
                         double MV, double* s) noexcept nogil:
    cdef int k, is_open = 0
    cdef double complex ai, bi, aj, bj
    cdef double tiny = _roundoff() * fmax(_zabsmax(CL, n * n), _zabsmax(CR, n * n))
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
