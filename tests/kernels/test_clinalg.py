"""Complex diagonalisation kernels (modelgen/kernels/clinalg.pxd, via modelgen.kernels._ctwins).

References, independent of the kernels: the decomposition itself re-multiplied in mpmath at 40
digits (U_L^+ M U_R = diag(m), U^T M U = diag(m), unitarity), NumPy's SVD singular values (the
Takagi values of a complex symmetric matrix are its singular values), mpmath's own SVD for
hierarchical spectra, and the real routines of modelgen.kernels.linalg for real input (the phase
conventions reduce to theirs).  Cases: random, exactly degenerate, near-degenerate, zero modes,
and seesaw-like hierarchies.
"""
import mpmath as mp
import numpy as np
import pytest

from modelgen.kernels._ctwins import zdirac_svd_many, ztakagi_many
from modelgen.kernels._twins import dirac_svd_many, majorana_takagi_many

EPS = np.finfo(float).eps


def _mp(A):
    return mp.matrix([[mp.mpc(complex(x)) for x in row] for row in A])


def _max_abs(A):
    return max(abs(A[i, j]) for i in range(A.rows) for j in range(A.cols))


def _check_unitary(U, n):
    Um = _mp(U)
    assert float(_max_abs(Um.H * Um - mp.eye(n))) < 64 * EPS * n


def _check_dirac(M, m, UL, UR):
    """U_L^+ M U_R = diag(m) re-multiplied at 40 digits; masses ascending, non-negative."""
    n = M.shape[0]
    with mp.workdps(40):
        R = _mp(UL).H * _mp(M) * _mp(UR) - mp.diag([mp.mpf(float(x)) for x in m])
        assert float(_max_abs(R)) < 64 * EPS * n * float(np.abs(M).max())
        _check_unitary(UL, n)
        _check_unitary(UR, n)
    assert np.all(np.diff(m) >= 0) and m[0] >= 0


def _check_takagi(M, m, U):
    n = M.shape[0]
    with mp.workdps(40):
        R = _mp(U).T * _mp(M) * _mp(U) - mp.diag([mp.mpf(float(x)) for x in m])
        assert float(_max_abs(R)) < 64 * EPS * n * float(np.abs(M).max())
        _check_unitary(U, n)
    assert np.all(np.diff(m) >= 0) and m[0] >= 0


def _random(rng, N, n):
    return rng.normal(size=(N, n, n)) + 1j * rng.normal(size=(N, n, n))


@pytest.mark.parametrize("n", [1, 3, 9, 16])
def test_dirac_svd_random_matches_numpy_and_reconstructs(n):
    rng = np.random.default_rng(n)
    M = _random(rng, 4, n)
    info, m, UL, UR = zdirac_svd_many(M)
    assert not info.any()
    for p in range(len(M)):
        np.testing.assert_allclose(m[p], np.linalg.svd(M[p], compute_uv=False)[::-1],
                                   rtol=0, atol=64 * EPS * n * np.abs(M[p]).max())
        _check_dirac(M[p], m[p], UL[p], UR[p])
        # phase convention: largest-|.| entry of each U_L column real positive
        r = np.abs(UL[p]).argmax(axis=0)
        big = UL[p][r, np.arange(n)]
        assert np.all(big.real > 0) and np.all(np.abs(big.imag) <= 4 * EPS)


def test_dirac_svd_degenerate_and_hierarchical():
    """Exact degeneracy (unitary times a repeated spectrum), and a seesaw-like 1e-9 : 1 : 1e3
    hierarchy whose small singular values are checked against mpmath's SVD at 40 digits to the
    absolute accuracy 64 eps m_max of LAPACK."""
    rng = np.random.default_rng(7)
    Q1 = np.linalg.qr(_random(rng, 1, 5)[0])[0]
    Q2 = np.linalg.qr(_random(rng, 1, 5)[0])[0]
    deg = Q1 @ np.diag([1.0, 1.0, 1.0, 2.0, 2.0]) @ Q2
    hier = Q1 @ np.diag([1e-9, 1e-6, 1.0, 1e3, 1e3 * (1 + 1e-12)]) @ Q2
    info, m, UL, UR = zdirac_svd_many(np.stack([deg, hier]))
    assert not info.any()
    for p, M in enumerate((deg, hier)):
        _check_dirac(M, m[p], UL[p], UR[p])
    with mp.workdps(40):
        ref = sorted(float(s) for s in mp.svd_c(_mp(hier), compute_uv=False))
    np.testing.assert_allclose(m[1], ref, rtol=0, atol=64 * EPS * 1e3)
    np.testing.assert_array_equal(m[0][:3] > 0.999, True)


def test_dirac_svd_of_real_matrix_equals_real_routine():
    rng = np.random.default_rng(3)
    M = rng.normal(size=(5, 6, 6))
    _, m, UL, UR = zdirac_svd_many(M.astype(complex))
    _, mr, ULr, URr = dirac_svd_many(M, dense=True)
    np.testing.assert_allclose(m, mr, rtol=1e-13, atol=0)
    np.testing.assert_allclose(UL, ULr, atol=1e-13)
    np.testing.assert_allclose(UR, URr, atol=1e-13)


@pytest.mark.parametrize("n", [1, 2, 6, 12, 16])
def test_takagi_random_matches_singular_values(n):
    rng = np.random.default_rng(100 + n)
    A = _random(rng, 4, n)
    M = A + A.transpose(0, 2, 1)
    info, m, U = ztakagi_many(M)
    assert not info.any()
    for p in range(len(M)):
        np.testing.assert_allclose(m[p], np.linalg.svd(M[p], compute_uv=False)[::-1],
                                   rtol=0, atol=64 * EPS * n * np.abs(M[p]).max())
        _check_takagi(M[p], m[p], U[p])


def _symmetric_with(rng, values, phases=True):
    """Q^* diag(values) Q^+ for a random unitary Q: complex symmetric with Takagi values ``values``."""
    n = len(values)
    Q = np.linalg.qr(_random(rng, 1, n)[0])[0] if phases else np.linalg.qr(rng.normal(size=(n, n)))[0]
    return Q.conj() @ np.diag(values) @ Q.conj().T


@pytest.mark.parametrize("values", [
    [2.0, 2.0, 2.0, 5.0],                                  # exact degeneracy at m > 0
    [1.0, 1.0 + 1e-13, 3.0, 3.0 * (1 + 1e-15)],            # near-degenerate
    [0.0, 0.0, 0.0, 1.0, 1.0, 4.0],                        # zero modes (massless neutrinos)
    [1e-11, 2e-11, 5e-11, 1e2, 1e3, 1e3],                  # seesaw-like hierarchy
])
def test_takagi_degenerate_zero_and_hierarchical(values):
    rng = np.random.default_rng(len(values))
    M = _symmetric_with(rng, np.array(values))
    info, m, U = ztakagi_many(M[None])
    assert not info.any()
    _check_takagi(M, m[0], U[0])
    np.testing.assert_allclose(m[0], sorted(values), rtol=0, atol=64 * EPS * max(values) * len(values))


def test_takagi_of_real_matrix_equals_real_routine():
    """For real symmetric M the real routine gives M = O diag(eta m) O^T; the complex one must give
    U = O diag(sqrt(eta)) (a factor i on columns with eta = -1), i.e. the same couplings."""
    rng = np.random.default_rng(11)
    A = rng.normal(size=(6, 7, 7))
    M = A + A.transpose(0, 2, 1)
    _, m, U = ztakagi_many(M.astype(complex))
    _, mr, O, eta = majorana_takagi_many(M, dense=True)
    np.testing.assert_allclose(m, mr, rtol=1e-12, atol=0)
    ref = O * np.where(eta > 0, 1.0, 1j)[:, None, :]
    np.testing.assert_allclose(U, ref, atol=1e-12)


def test_size_limit_is_a_clear_error():
    with pytest.raises(ValueError, match="stack"):
        ztakagi_many(np.zeros((1, 17, 17), complex))
