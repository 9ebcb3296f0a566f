# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Vectorised wrappers over the l_i -> l_j gamma kernels of ``transition.pxd``.

Consumes equal-length 1-D float64 arrays (masses in GeV, coupling real and imaginary parts, Q_F)
and fills preallocated output arrays; the loops release the GIL.  The NumPy-facing API
(broadcasting, complex couplings, argument checks) is ``modelgen.loops.transition``.
"""
from modelgen.loops.transition cimport (
    tdipole_neutral_scalar, tdipole_neutral_vector, tdipole_charged_scalar,
    tdipole_charged_vector, width_radiative_alpha, width_muon_tree)

ctypedef const double[::1] cvec
ctypedef double[::1] vec


# kind: 0 neutral scalar, 1 neutral vector, 2 charged scalar, 3 charged vector
def dipole(int kind, cvec mi, cvec mj, cvec MF, cvec MB, cvec QF, cvec air, cvec aii, cvec bir,
           cvec bii, cvec ajr, cvec aji, cvec bjr, cvec bji, vec sLr, vec sLi, vec sRr, vec sRi):
    """(sLr + i sLi, sRr + i sRi)[n] = s_L, s_R of topology ``kind`` at point n (overwritten)."""
    cdef Py_ssize_t n, N = sLr.shape[0]
    with nogil:
        for n in range(N):
            sLr[n] = 0.0; sLi[n] = 0.0; sRr[n] = 0.0; sRi[n] = 0.0
            if kind == 0:
                tdipole_neutral_scalar(mi[n], mj[n], MF[n], MB[n], air[n], aii[n], bir[n],
                                       bii[n], ajr[n], aji[n], bjr[n], bji[n],
                                       &sLr[n], &sLi[n], &sRr[n], &sRi[n])
            elif kind == 1:
                tdipole_neutral_vector(mi[n], mj[n], MF[n], MB[n], air[n], aii[n], bir[n],
                                       bii[n], ajr[n], aji[n], bjr[n], bji[n],
                                       &sLr[n], &sLi[n], &sRr[n], &sRi[n])
            elif kind == 2:
                tdipole_charged_scalar(mi[n], mj[n], MF[n], MB[n], QF[n], air[n], aii[n],
                                       bir[n], bii[n], ajr[n], aji[n], bjr[n], bji[n],
                                       &sLr[n], &sLi[n], &sRr[n], &sRi[n])
            else:
                tdipole_charged_vector(mi[n], mj[n], MF[n], MB[n], QF[n], air[n], aii[n],
                                       bir[n], bii[n], ajr[n], aji[n], bjr[n], bji[n],
                                       &sLr[n], &sLi[n], &sRr[n], &sRi[n])


def width(cvec mi, cvec mj, cvec sLr, cvec sLi, cvec sRr, cvec sRi, cvec alpha, vec out):
    """out[n] = Gamma(l_i -> l_j gamma) [GeV] from the dipole coefficients."""
    cdef Py_ssize_t n, N = out.shape[0]
    with nogil:
        for n in range(N):
            out[n] = width_radiative_alpha(mi[n], mj[n], sLr[n], sLi[n], sRr[n], sRi[n],
                                           alpha[n])


def muon_width(cvec G_F, cvec m_mu, cvec m_e, vec out):
    """out[n] = tree-level Gamma(mu -> e nu nu) [GeV]."""
    cdef Py_ssize_t n, N = out.shape[0]
    with nogil:
        for n in range(N):
            out[n] = width_muon_tree(G_F[n], m_mu[n], m_e[n])
