"""Hand-written symmetric eigensolver of modelgen/kernels/symeig.pxd (Householder + implicit QL)
through its twin, and the Takagi factorisation built on it (linalg._takagi_dense).

References: mpmath's eigsy at 50 digits of the same double matrix (eigenvalues and, for
well-separated ones, eigenvectors), matrices built from their factors (A = Q diag(w) Q^T with a
chosen spectrum: exact multiplicities, +-m pairs, zeros), and the backward-error bounds of a
Householder + QL solver: |w - w_exact| <= c n eps ||A||_2, |z - z_exact| <= c n eps ||A||_2 / gap.
"""
import mpmath as mp
import numpy as np
import pytest

from modelgen.kernels import _twins as tw

EPS = np.finfo(float).eps


def _orthogonal(rng, n):
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    return q * np.sign(np.diag(r))


def _mp_eigen(A):
    """mpmath eigenvalues (ascending) and unit eigenvectors (columns) of the double matrix A, 50 digits."""
    with mp.workdps(50):
        E, Q = mp.eigsy(mp.matrix(A.tolist()))
        w = np.array([float(x) for x in E])
        V = np.array([[float(Q[i, j]) for j in range(A.shape[0])] for i in range(A.shape[0])])
    order = np.argsort(w)
    return w[order], V[:, order]


def _check_decomposition(A, code, w, Z, c=16):
    n = A.shape[0]
    norm = max(np.linalg.norm(A, 2), np.finfo(float).tiny)
    assert code == 0
    np.testing.assert_allclose(Z @ Z.T, np.eye(n), rtol=0, atol=c * n * EPS)
    # residual of every pair: ||A z_k - w_k z_k|| <= c n eps ||A||
    R = A @ Z.T - Z.T * w
    assert np.all(np.linalg.norm(R, axis=0) <= c * n * EPS * norm)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 9, 12, 16])
def test_random_symmetric_vs_mpmath(n):
    rng = np.random.default_rng(10 + n)
    for _ in range(3):
        B = rng.normal(size=(n, n))
        A = B + B.T
        code, w, Z = tw.symmetric_eigen_many(A[None])
        _check_decomposition(A, code[0], w[0], Z[0])
        ref, V = _mp_eigen(A)
        order = np.argsort(w[0])
        norm = np.linalg.norm(A, 2)
        assert np.all(np.abs(w[0][order] - ref) <= 16 * n * EPS * norm)
        gaps = np.array([min([abs(ref[k] - ref[j]) for j in range(n) if j != k] or [norm]) for k in range(n)])
        for k in range(n):          # sign-fixed eigenvector against mpmath's, within eps ||A|| / gap
            z = Z[0][order[k]]
            z = z * np.sign(z @ V[:, k])
            assert np.max(np.abs(z - V[:, k])) <= 64 * n * EPS * norm / gaps[k]


def test_seesaw_hierarchy_vs_mpmath():
    """A 12 x 12 neutral lepton matrix of the VLL form (light nu_L, Majorana nu_R, vector-like Dirac
    pairs N_L, N_R; entries from 1e-6 to 1e3 GeV): the spectrum (light states ~1e-10 GeV, +-M pairs)
    to the backward-error bound of mpmath's at 50 digits, vectors of separated states likewise."""
    rng = np.random.default_rng(21)
    for _ in range(4):
        M = np.zeros((12, 12))
        ynu = 10 ** rng.uniform(-7, -5) * np.eye(3)
        MR = np.diag(10 ** rng.uniform(-1, 2, 3))
        ML = np.diag(10 ** rng.uniform(2, 3.3, 3))
        lam = rng.uniform(-5, 5, (3, 3)) * (np.eye(3) + 0.02 * rng.uniform(-1, 1, (3, 3)))
        M[0:3, 3:6] = ynu
        M[3:6, 3:6] = MR
        M[0:3, 9:12] = lam
        M[6:9, 9:12] = ML
        M = M + np.triu(M, 1).T
        code, w, Z = tw.symmetric_eigen_many(M[None])
        _check_decomposition(M, code[0], w[0], Z[0])
        ref, V = _mp_eigen(M)
        order = np.argsort(w[0])
        norm = np.linalg.norm(M, 2)
        assert np.all(np.abs(w[0][order] - ref) <= 16 * 12 * EPS * norm)
        for k in range(12):
            gap = min(abs(ref[k] - ref[j]) for j in range(12) if j != k)
            if gap > 1e-6 * norm:
                z = Z[0][order[k]] * np.sign(Z[0][order[k]] @ V[:, k])
                assert np.max(np.abs(z - V[:, k])) <= 64 * 12 * EPS * norm / gap


@pytest.mark.parametrize("spectrum", [
    np.zeros(6),                                   # the zero matrix
    np.ones(5),                                    # a multiple of the identity
    np.array([0.0, 0.0, 0.0, 2.0, -2.0, 3.0, -3.0, 7.0]),   # massless states, +-m Dirac pairs
    np.array([1e-12, -1e-9, 1.0, 1e3, 1e3, -1e3]),  # hierarchy (light pair unresolved at 1e3) and a degenerate heavy pair
])
def test_degenerate_spectra_from_factors(spectrum):
    """A = Q diag(spectrum) Q^T: the spectrum to n eps ||A||, and within each degenerate cluster the
    eigenvectors span the same subspace as Q's columns (projector difference <= n eps ||A|| / gap)."""
    rng = np.random.default_rng(5)
    n = len(spectrum)
    Q = _orthogonal(rng, n)
    A = Q @ np.diag(spectrum) @ Q.T
    A = 0.5 * (A + A.T)
    code, w, Z = tw.symmetric_eigen_many(A[None])
    _check_decomposition(A, code[0], w[0], Z[0])
    norm = max(np.linalg.norm(A, 2), 1.0)
    np.testing.assert_allclose(np.sort(w[0]), np.sort(spectrum), rtol=0, atol=16 * n * EPS * norm)
    tol = 1e-10 * norm              # resolution: far above the solver's error, far below the gaps
    for lam in np.unique(spectrum):  # cluster = the values within tol (1e-12 and -1e-9 next to 1e3: one)
        ref = np.abs(spectrum - lam) <= tol
        got = np.abs(w[0] - lam) <= tol
        assert got.sum() == ref.sum()
        P_ref = Q[:, ref] @ Q[:, ref].T
        P = Z[0][got].T @ Z[0][got]
        others = spectrum[~ref]
        gap = np.min(np.abs(others - lam)) if len(others) else norm
        assert np.max(np.abs(P - P_ref)) <= 64 * n * EPS * norm / gap


def test_already_diagonal_and_tridiagonal():
    """Diagonal input (the Householder reflections are skipped: zero scale) and a tridiagonal one
    with a known closed-form spectrum: the 1D Laplacian tridiag(-1, 2, -1) of order n has
    eigenvalues 2 - 2 cos(k pi / (n + 1)), k = 1..n."""
    d = np.array([3.0, -1.0, 0.0, 2.5, 1e-8])
    code, w, Z = tw.symmetric_eigen_many(np.diag(d)[None])
    _check_decomposition(np.diag(d), code[0], w[0], Z[0])
    np.testing.assert_allclose(np.sort(w[0]), np.sort(d), rtol=0, atol=8 * EPS * 3)
    for n in (4, 11):
        T = 2 * np.eye(n) - np.eye(n, k=1) - np.eye(n, k=-1)
        code, w, Z = tw.symmetric_eigen_many(T[None])
        _check_decomposition(T, code[0], w[0], Z[0])
        exact = 2 - 2 * np.cos(np.arange(1, n + 1) * np.pi / (n + 1))
        np.testing.assert_allclose(np.sort(w[0]), exact, rtol=0, atol=16 * n * EPS * 4)


def test_takagi_matches_lapack_path():
    """linalg._takagi_dense (this solver) and its LAPACK fallback _takagi_lapack (dsyev) give the
    same masses and signs (within the backward-error bound) and both factorise M."""
    rng = np.random.default_rng(9)
    for n in (3, 12):
        B = rng.normal(size=(8, n, n)) * 10 ** rng.uniform(-2, 3, (8, 1, 1))
        S = B + B.transpose(0, 2, 1)
        info, m, O, eta = tw.majorana_takagi_many(S, dense=True)
        info_l, m_l, O_l, eta_l = tw.majorana_takagi_many(S, lapack=True)
        assert np.all(info == 0) and np.all(info_l == 0)
        for p in range(8):
            np.testing.assert_allclose(m[p], m_l[p], rtol=0, atol=32 * n * EPS * m[p, -1])
            np.testing.assert_array_equal(eta[p], eta_l[p])
            np.testing.assert_allclose(O[p] @ np.diag(eta[p] * m[p]) @ O[p].T, S[p], rtol=0,
                                       atol=16 * n * EPS * m[p, -1])
            assert np.all(O[p][np.argmax(abs(O[p]), axis=0), range(n)] > 0)
