"""LAPACK helpers of modelgen/kernels/linalg.pxd vs numpy.linalg, through a small test module."""
import numpy as np
import pytest

from modelgen.build import compile_module

WRAPPER = '''
# cython: language_level=3, boundscheck=False, wraparound=False
from modelgen.kernels.linalg cimport dirac_svd, majorana_takagi, rotate

def svd(double[:, ::1] M):
    import numpy as np
    cdef int n = M.shape[0]
    m = np.empty(n); UL = np.empty((n, n)); UR = np.empty((n, n))
    cdef double[::1] mv = m
    cdef double[:, ::1] a = UL, b = UR
    info = dirac_svd(&M[0, 0], n, &mv[0], &a[0, 0], &b[0, 0])
    return info, m, UL, UR

def takagi(double[:, ::1] M):
    import numpy as np
    cdef int n = M.shape[0]
    m = np.empty(n); O = np.empty((n, n)); eta = np.empty(n)
    cdef double[::1] mv = m, ev = eta
    cdef double[:, ::1] o = O
    info = majorana_takagi(&M[0, 0], n, &mv[0], &o[0, 0], &ev[0])
    return info, m, O, eta

def rot(double[:, ::1] U1, double[:, ::1] G, double[:, ::1] U2, int a, int b):
    return rotate(&U1[0, 0], U1.shape[0], &G[0, 0], &U2[0, 0], U2.shape[0], a, b)
'''


@pytest.fixture(scope="module")
def lin():
    return compile_module(WRAPPER, "test_linalg")


def test_dirac_svd_reconstructs(lin):
    rng = np.random.default_rng(3)
    for n in (3, 6, 9):
        for scale in (1e-3, 1.0, 1e4):
            M = rng.normal(size=(n, n)) * scale
            M[0, 0] = 1e-6 * scale  # a light state among heavy ones
            info, m, UL, UR = lin.svd(np.ascontiguousarray(M))
            assert info == 0
            np.testing.assert_allclose(m, np.sort(np.linalg.svd(M, compute_uv=False)), rtol=1e-12,
                                       atol=1e-15 * scale * n)
            assert np.all(np.diff(m) >= 0)
            np.testing.assert_allclose(UL.T @ UL, np.eye(n), atol=1e-13)
            np.testing.assert_allclose(UR.T @ UR, np.eye(n), atol=1e-13)
            np.testing.assert_allclose(UL.T @ M @ UR, np.diag(m), atol=1e-12 * m[-1])
            assert np.all(UL[np.argmax(abs(UL), axis=0), range(n)] > 0)


def test_takagi_real_symmetric(lin):
    rng = np.random.default_rng(4)
    for n in (6, 12):
        A = rng.normal(size=(n, n))
        M = A + A.T
        info, m, O, eta = lin.takagi(np.ascontiguousarray(M))
        assert info == 0
        np.testing.assert_allclose(m, np.sort(abs(np.linalg.eigvalsh(M))), rtol=1e-12)
        U = O * np.sqrt(eta.astype(complex))
        np.testing.assert_allclose(U.T @ M @ U, np.diag(m), atol=1e-12 * m[-1])
        np.testing.assert_allclose(U.conj().T @ U, np.eye(n), atol=1e-13)


def test_rotate_rectangular(lin):
    rng = np.random.default_rng(5)
    U1, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    U2, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    G = rng.normal(size=(4, 3))
    R = U1.T @ G @ U2
    for a in range(4):
        for b in range(3):
            assert abs(lin.rot(np.ascontiguousarray(U1), G, np.ascontiguousarray(U2), a, b) - R[a, b]) < 1e-14
