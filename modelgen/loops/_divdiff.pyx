# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Vectorised wrappers over ``divdiff.pxd`` (squared-coupling dipoles and divided differences).

Consumes equal-length 1-D float64 arrays (masses in GeV, squared couplings) and fills a
preallocated output array with the GIL released; the NumPy-facing API is ``modelgen.loops.divdiff``.
"""
from modelgen.loops.divdiff cimport a_neutral_scalar_sq, a_neutral_vector_sq, dd_neutral_vector

ctypedef const double[::1] cvec
ctypedef double[::1] vec


def squared(int kind, cvec m, cvec MF, cvec MB, cvec s1, cvec s2, vec out):
    """out[i] = Da with squared couplings (s1, s2) = (|c_S|^2, |c_P|^2) (kind 0, neutral scalar) or
    (|c_V|^2, |c_A|^2) (kind 1, neutral vector)."""
    cdef Py_ssize_t i, n = out.shape[0]
    if kind not in (0, 1):
        raise ValueError(f"unknown topology kind {kind}")
    with nogil:
        for i in range(n):
            if kind == 0:
                out[i] = a_neutral_scalar_sq(m[i], MF[i], MB[i], s1[i], s2[i])
            else:
                out[i] = a_neutral_vector_sq(m[i], MF[i], MB[i], s1[i], s2[i])


def divided(cvec m, cvec MF, cvec MB, cvec MB0, cvec V, cvec A, vec out):
    """out[i] = (Da(MB) - Da(MB0)) / (MB^2 - MB0^2) of a neutral vector [GeV^-2]."""
    cdef Py_ssize_t i, n = out.shape[0]
    with nogil:
        for i in range(n):
            out[i] = dd_neutral_vector(m[i], MF[i], MB[i], MB0[i], V[i], A[i])
