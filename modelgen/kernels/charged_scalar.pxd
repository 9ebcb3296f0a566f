# Hand-written Cython helpers (not generated): the charged-scalar mediator kind of the lepton-mixing path,
# real and complex sectors in one file (templates/steps.pyx.j2 block "charged scalar" calls them).
# Vertex (modelgen.ir_leptons._charged_scalars, physics.md "Charged scalars"), neutral Majorana internal
# states chi_k, light charged leptons l_i:
#   L > -S+ chi_bar_k (A[k,i] P_R + B[k,i] P_L) l_i + h.c.,  A = U_n^+ YR U_R,  B = U_n^T YL U_L
# real sector: U_n = O diag(ph), ph_k = 1 (eta_k > 0) or i, and the rotations hand over
#   CR = O^T YR U_R, CL = O^T YL U_L, so A = conj(ph_k) CR[k,i], B = ph_k CL[k,i];
# complex sector: CR = U_n^+ YR U_R = A, CL = U_n^T YL U_L = B (modelgen.kernels.cleptons.zmass_basis).
# Loop library normalisation F_bar (c_S + c_P g5) l S + h.c. = F_bar (a P_L + b P_R) l S + h.c. with
# F = chi_k (Q_F = 0: the photon couples to the scalar only), a = -B, b = -A, c_S = (a + b)/2,
# c_P = (b - a)/2.  Couplings below _roundoff() x the largest entry are rotation noise and skipped;
# a two-body decay l_i -> chi_k S- above threshold makes the radiative BR undefined (returns 1).
# cython: language_level=3
from libc.math cimport fabs, fmax

from modelgen.kernels.leptons cimport _roundoff, _absmax, neutral_state_lfv
from modelgen.kernels.cleptons cimport _zabsmax, _small
from modelgen.loops.loopfuncs cimport a_charged_scalar, edm_charged_scalar
from modelgen.loops.transition cimport tdipole_charged_scalar


cdef inline void _cs_couplings(double cr, double cl, double eta, double* c) noexcept nogil:
    """(a_re, a_im, b_re, b_im) = (-B, -A) of a real-sector vertex with Takagi sign eta = +-1."""
    if eta > 0:
        c[0] = -cl; c[1] = 0.0; c[2] = -cr; c[3] = 0.0
    else:           # ph = i: B = i CL, A = -i CR
        c[0] = 0.0; c[1] = -cl; c[2] = 0.0; c[3] = cr


cdef inline double _cs_add(double m_i, double M_F, double MS, const double* c, double* edm) noexcept nogil:
    """Delta a of one (chi_k, S) loop from (a, b); its EDM (e cm) is added to ``edm``."""
    cdef double sr = 0.5 * (c[0] + c[2]), si = 0.5 * (c[1] + c[3])
    cdef double pr = 0.5 * (c[2] - c[0]), pi = 0.5 * (c[3] - c[1])
    edm[0] += edm_charged_scalar(m_i, M_F, MS, 0.0, sr, si, pr, pi)
    return a_charged_scalar(m_i, M_F, MS, 0.0, sr, si, pr, pi)


cdef inline double cs_sum(int i, int nc, int nn, const double* mc, const double* mn, const double* eta,
                          const double* CR, const double* CL, double MS, double* edm) noexcept nogil:
    """Delta a of light state i from a charged scalar with every neutral state inside (EDM into ``edm``)."""
    cdef int k
    cdef double c[4]
    cdef double tot = 0.0
    cdef double small = _roundoff() * fmax(_absmax(CR, nn * nc), _absmax(CL, nn * nc))
    for k in range(nn):
        if fabs(CR[k * nc + i]) <= small and fabs(CL[k * nc + i]) <= small:
            continue
        _cs_couplings(CR[k * nc + i], CL[k * nc + i], eta[k], c)
        tot += _cs_add(mc[i], mn[k], MS, c, edm)
    return tot


cdef inline int cs_lfv(int i, int j, int nc, int nn, const double* mc, const double* mn, const double* eta,
                       const double* CR, const double* CL, double MS, double* fg, double* s) noexcept nogil:
    """l_i -> l_j gamma dipole of a charged scalar added into s (loop functions cached in fg)."""
    return neutral_state_lfv(False, _cs_couplings, i, j, nc, nn, mc, mn, eta, CR, CL, MS, fg, s)


cdef inline void _cs_couplings_c(double complex A, double complex B, double* c) noexcept nogil:
    c[0] = -B.real; c[1] = -B.imag; c[2] = -A.real; c[3] = -A.imag


cdef inline double cs_sum_c(int i, int nc, int nn, const double* mc, const double* mn, const double complex* CR,
                            const double complex* CL, double MS, double* edm) noexcept nogil:
    """Complex sector: CR = A, CL = B (the Majorana phases are inside U_n)."""
    cdef int k
    cdef double c[4]
    cdef double tot = 0.0
    cdef double tiny = _roundoff() * fmax(_zabsmax(CR, nn * nc), _zabsmax(CL, nn * nc))
    for k in range(nn):
        if _small(CR[k * nc + i], CL[k * nc + i], tiny):
            continue
        _cs_couplings_c(CR[k * nc + i], CL[k * nc + i], c)
        tot += _cs_add(mc[i], mn[k], MS, c, edm)
    return tot


cdef inline int cs_lfv_c(int i, int j, int nc, int nn, const double* mc, const double* mn, const double complex* CR,
                         const double complex* CL, double MS, double* s) noexcept nogil:
    cdef int k, is_open = 0
    cdef double ci[4]
    cdef double cj[4]
    cdef double tiny = _roundoff() * fmax(_zabsmax(CR, nn * nc), _zabsmax(CL, nn * nc))
    for k in range(nn):
        if _small(CR[k * nc + i], CL[k * nc + i], tiny) or _small(CR[k * nc + j], CL[k * nc + j], tiny):
            continue
        if mc[i] >= mn[k] + MS:
            is_open = 1
            continue
        _cs_couplings_c(CR[k * nc + i], CL[k * nc + i], ci)
        _cs_couplings_c(CR[k * nc + j], CL[k * nc + j], cj)
        tdipole_charged_scalar(mc[i], mc[j], mn[k], MS, 0.0, ci[0], ci[1], ci[2], ci[3], cj[0], cj[1], cj[2],
                               cj[3], &s[0], &s[1], &s[2], &s[3])
    return is_open
