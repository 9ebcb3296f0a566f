# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Vectorised wrappers over the dipole kernels of ``loopfuncs.pxd``.

Consumes equal-length 1-D float64 arrays (masses in GeV, coupling real and imaginary parts,
Q_F) and fills a preallocated output array; the loops release the GIL.  The NumPy-facing API
(broadcasting, complex couplings, argument checks) is ``modelgen.loops.g2``.
"""
from modelgen.loops.loopfuncs cimport (
    a_neutral_scalar, a_neutral_scalar_l, a_neutral_scalar_sd, a_neutral_vector, a_charged_scalar, a_charged_vector,
    edm_neutral_scalar, edm_neutral_vector, edm_charged_scalar, edm_charged_vector, _moments_jk)

ctypedef const double[::1] cvec
ctypedef double[::1] vec

# kind: 0 neutral scalar, 1 neutral vector, 2 charged scalar, 3 charged vector
def dipole(int kind, bint edm, cvec m, cvec MF, cvec MB, cvec QF, cvec c1r, cvec c1i, cvec c2r,
           cvec c2i, vec out):
    """out[i] = Da (edm=False) or d in e cm (edm=True) of topology ``kind`` at point i."""
    cdef Py_ssize_t i, n = out.shape[0]
    with nogil:
        if kind == 0 and not edm:
            for i in range(n):
                out[i] = a_neutral_scalar(m[i], MF[i], MB[i], c1r[i], c1i[i], c2r[i], c2i[i])
        elif kind == 0:
            for i in range(n):
                out[i] = edm_neutral_scalar(m[i], MF[i], MB[i], c1r[i], c1i[i], c2r[i], c2i[i])
        elif kind == 1 and not edm:
            for i in range(n):
                out[i] = a_neutral_vector(m[i], MF[i], MB[i], c1r[i], c1i[i], c2r[i], c2i[i])
        elif kind == 1:
            for i in range(n):
                out[i] = edm_neutral_vector(m[i], MF[i], MB[i], c1r[i], c1i[i], c2r[i], c2i[i])
        elif kind == 2 and not edm:
            for i in range(n):
                out[i] = a_charged_scalar(m[i], MF[i], MB[i], QF[i], c1r[i], c1i[i], c2r[i], c2i[i])
        elif kind == 2:
            for i in range(n):
                out[i] = edm_charged_scalar(m[i], MF[i], MB[i], QF[i], c1r[i], c1i[i], c2r[i], c2i[i])
        elif kind == 3 and not edm:
            for i in range(n):
                out[i] = a_charged_vector(m[i], MF[i], MB[i], QF[i], c1r[i], c1i[i], c2r[i], c2i[i])
        elif kind == 3:
            for i in range(n):
                out[i] = edm_charged_vector(m[i], MF[i], MB[i], QF[i], c1r[i], c1i[i], c2r[i], c2i[i])
        else:
            with gil:
                raise ValueError(f"unknown topology kind {kind}")


def neutral_scalar_l(cvec m, cvec MF, cvec MB, cvec cSr, cvec cSi, cvec cPr, cvec cPi, cvec lr,
                     vec out):
    """out[i] = a_neutral_scalar_l (loopfuncs.pxd: a_neutral_scalar with lr[i] = ln(m^2/M_B^2) supplied,
    the generated kernels' form where the logs are shared).  For the tests."""
    cdef Py_ssize_t i, n = out.shape[0]
    with nogil:
        for i in range(n):
            out[i] = a_neutral_scalar_l(m[i], MF[i], MB[i], cSr[i], cSi[i], cPr[i], cPi[i], lr[i])


def neutral_scalar_sd(cvec m, cvec MF, cvec MB, cvec Sc, cvec Dc, vec out):
    """out[i] = a_neutral_scalar_sd (loopfuncs.pxd: a_neutral_scalar from Sc = |c_S|^2 + |c_P|^2 and
    Dc = Re(g_L g_R^*) given directly, the lepton kernels' form).  For the tests."""
    cdef Py_ssize_t i, n = out.shape[0]
    with nogil:
        for i in range(n):
            out[i] = a_neutral_scalar_sd(m[i], MF[i], MB[i], Sc[i], Dc[i])


def moment(int jk, cvec m, cvec MF, cvec MB, vec out):
    """out[i] = Int_0^1 x^j (1-x)^k / (x MF^2 + (1-x) MB^2 - x(1-x) m^2) dx, jk = 10 j + k
    (the building block of every topology; exposed for tests)."""
    cdef Py_ssize_t i, n = out.shape[0]
    cdef int code[1]
    cdef double r[1]
    code[0] = jk
    with nogil:
        for i in range(n):
            _moments_jk(m[i], MF[i], MB[i], 1, code, r)
            out[i] = r[0]
