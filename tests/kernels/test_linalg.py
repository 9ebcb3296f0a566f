"""LAPACK helpers of modelgen/kernels/linalg.pxd through their twins (modelgen.kernels._twins).

References: numpy.linalg.svd / eigvalsh, mpmath's SVD at 50 digits of the same double matrix
(tiny singular values next to heavy ones), matrices built from their factors
(M = U_L diag(m) U_R^T, M = O diag(eta m) O^T) and explicit products for rotate.
"""
import mpmath as mp
import numpy as np
import pytest

from modelgen.kernels import _twins as tw

EPS = np.finfo(float).eps


def _orthogonal(rng, n):
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    return q * np.sign(np.diag(r))


def test_dirac_svd_reconstructs():
    rng = np.random.default_rng(3)
    for n in (3, 6, 9):
        for scale in (1e-3, 1.0, 1e4):
            M = rng.normal(size=(4, n, n)) * scale
            M[:, 0, 0] = 1e-6 * scale  # a light state among heavy ones
            info, m, UL, UR = tw.dirac_svd_many(M)
            assert np.all(info == 0)
            np.testing.assert_allclose(m, np.sort(np.linalg.svd(M, compute_uv=False)), rtol=1e-12,
                                       atol=1e-15 * scale * n)
            assert np.all(np.diff(m) >= 0)
            for p in range(4):
                np.testing.assert_allclose(UL[p].T @ UL[p], np.eye(n), atol=1e-13)
                np.testing.assert_allclose(UR[p].T @ UR[p], np.eye(n), atol=1e-13)
                np.testing.assert_allclose(UL[p].T @ M[p] @ UR[p], np.diag(m[p]), atol=1e-12 * m[p, -1])
                assert np.all(UL[p][np.argmax(abs(UL[p]), axis=0), range(n)] > 0)


def test_dirac_svd_tiny_singular_values_vs_mpmath():
    """A 9x9 matrix with the VLL hierarchy (m_e-sized light values next to TeV-scale ones): every
    singular value within LAPACK's backward-error bound 16 eps ||M||_2 of mpmath's SVD at 50 digits
    of the same double matrix; the light one is then also within 1e-9 relative."""
    rng = np.random.default_rng(8)
    mp.mp.dps = 50
    for _ in range(3):
        s = np.concatenate([[5.1e-4, 0.106, 1.78], 10 ** rng.uniform(2, 3.3, 6)])
        M = _orthogonal(rng, 9) @ np.diag(s) @ _orthogonal(rng, 9).T
        ref = np.array(sorted(float(x) for x in mp.svd_r(mp.matrix(M.tolist()), compute_uv=False)))
        info, m, _, _ = tw.dirac_svd_many(M[None])
        assert info[0] == 0
        assert np.all(np.abs(m[0] - ref) <= 16 * EPS * ref[-1])
        assert abs(m[0, 0] / ref[0] - 1) < 1e-9


def test_takagi_from_its_factors():
    """M = O diag(eta m) O^T with a random orthogonal O, signs eta and a degenerate pair: masses,
    signs and the factorisation are recovered; U = O diag(sqrt(eta)) is unitary with U^T M U = diag(m)."""
    rng = np.random.default_rng(4)
    for n in (4, 12):
        m_true = np.sort(np.concatenate([[1e-3, 2.0, 2.0], 10 ** rng.uniform(0, 3, n - 3)]))
        eta_true = rng.choice([-1.0, 1.0], n)
        eta_true[1:3] = 1.0                       # degenerate pair: same sign, any basis inside
        O_true = _orthogonal(rng, n)
        M = O_true @ np.diag(eta_true * m_true) @ O_true.T
        info, m, O, eta = tw.majorana_takagi_many(M[None])
        assert info[0] == 0
        m, O, eta = m[0], O[0], eta[0]
        np.testing.assert_allclose(m, m_true, rtol=0, atol=16 * EPS * m_true[-1] * n)
        np.testing.assert_array_equal(eta, eta_true)
        np.testing.assert_allclose(O @ np.diag(eta * m) @ O.T, M, atol=1e-13 * m_true[-1])
        U = O * np.sqrt(eta.astype(complex))
        np.testing.assert_allclose(U.T @ M @ U, np.diag(m), atol=1e-13 * m_true[-1])
        np.testing.assert_allclose(U.conj().T @ U, np.eye(n), atol=1e-13)
        assert np.all(O[np.argmax(abs(O), axis=0), range(n)] > 0)
        # non-degenerate columns are the true eigenvectors up to sign
        for k in [0] + list(range(3, n)):
            assert abs(abs(O[:, k] @ O_true[:, k]) - 1) < 1e-10


def test_takagi_random_symmetric():
    rng = np.random.default_rng(5)
    A = rng.normal(size=(3, 12, 12))
    M = A + A.transpose(0, 2, 1)
    info, m, O, eta = tw.majorana_takagi_many(M)
    assert np.all(info == 0)
    np.testing.assert_allclose(m, np.sort(abs(np.linalg.eigvalsh(M)), axis=1), rtol=1e-12)


def test_rotate_rectangular():
    rng = np.random.default_rng(5)
    U1, U2 = _orthogonal(rng, 4), _orthogonal(rng, 3)
    G = rng.normal(size=(4, 3))
    R = U1.T @ G @ U2
    for a in range(4):
        for b in range(3):
            assert abs(tw.rotate_twin(U1, G, U2, a, b) - R[a, b]) < 1e-14


def test_bad_shapes_are_named():
    with pytest.raises(ValueError, match="dirac_svd_many"):
        tw.dirac_svd_many(np.zeros((2, 3, 4)))
    with pytest.raises(ValueError, match="majorana_takagi_many"):
        tw.majorana_takagi_many(np.zeros((1, 17, 17)))


def _generation_blocks(rng, n_gen, size):
    """A (n_gen size) x (n_gen size) matrix coupling index g + n_gen a only within generation g
    (the layout of the VLL mass matrices), rows and columns ordered by field, not by generation."""
    n = n_gen * size
    M = np.zeros((n, n))
    for g in range(n_gen):
        idx = np.arange(size) * n_gen + g
        M[np.ix_(idx, idx)] = rng.normal(size=(size, size)) * 10 ** rng.uniform(-3, 3, (size, size))
    return M


def test_coupled_blocks_labels():
    rng = np.random.default_rng(9)
    M = _generation_blocks(rng, 3, 3)
    nb, label = tw.coupled_blocks_twin(M, False)
    assert nb == 3
    np.testing.assert_array_equal(label, [0, 1, 2] * 6)
    M[0, 1] = 1e-300                                   # any nonzero entry joins its row and column
    assert tw.coupled_blocks_twin(M, False)[0] == 2
    M[4, :] = 0.0                                      # a zero row: no square split, one block
    assert tw.coupled_blocks_twin(M, False)[0] == 1
    S = _generation_blocks(rng, 4, 3)
    nb, label = tw.coupled_blocks_twin(S + S.T, True)
    assert nb == 4 and np.array_equal(label, [0, 1, 2, 3] * 3)


def test_block_paths_match_the_dense_spectrum():
    """Matrices that split into generation blocks go through the block path: singular values within
    16 eps ||M|| of mpmath's (50 digits) and of the dense path, valid factorisations; a light value
    in a light block is accurate to eps times that block's norm."""
    rng = np.random.default_rng(10)
    mp.mp.dps = 50
    for _ in range(5):
        M = _generation_blocks(rng, 3, 3)
        M[0, 0] = 5e-4
        info, m, UL, UR = tw.dirac_svd_many(M[None])
        assert info[0] == 0
        m, UL, UR = m[0], UL[0], UR[0]
        ref = np.array(sorted(float(x) for x in mp.svd_r(mp.matrix(M.tolist()), compute_uv=False)))
        assert np.all(np.abs(m - ref) <= 16 * EPS * ref[-1])
        assert np.all(np.diff(m) >= 0)
        np.testing.assert_allclose(UL.T @ M @ UR, np.diag(m), atol=1e-13 * m[-1])
        np.testing.assert_allclose(UL.T @ UL, np.eye(9), atol=1e-14)
        assert np.all(UL[np.argmax(abs(UL), axis=0), range(9)] > 0)
        _, m_dense, _, _ = tw.dirac_svd_many(M[None], dense=True)
        assert np.all(np.abs(m - m_dense[0]) <= 32 * EPS * ref[-1])
        # generation 0 at the 1 GeV scale next to TeV blocks: its light value is accurate to
        # eps times its own block's norm, not the whole matrix's
        B = M.copy()
        B[np.ix_([0, 3, 6], [0, 3, 6])] = rng.normal(size=(3, 3))
        B[0, 0] = 5e-4
        block = np.linalg.norm(B[np.ix_([0, 3, 6], [0, 3, 6])], 2)
        exact = min(float(x) for x in mp.svd_r(mp.matrix(B.tolist()), compute_uv=False))
        assert abs(tw.dirac_svd_many(B[None])[1][0, 0] - exact) <= 16 * EPS * block
        A = _generation_blocks(rng, 3, 4)
        S = A + A.T
        info, m, O, eta = tw.majorana_takagi_many(S[None])
        assert info[0] == 0
        np.testing.assert_allclose(m[0], np.sort(abs(np.linalg.eigvalsh(S))), rtol=0, atol=16 * EPS * m[0, -1] * 12)
        np.testing.assert_allclose(O[0] @ np.diag(eta[0] * m[0]) @ O[0].T, S, atol=1e-13 * m[0, -1])
        np.testing.assert_allclose(O[0].T @ O[0], np.eye(12), atol=1e-14)
        _, m_dense, _, eta_dense = tw.majorana_takagi_many(S[None], dense=True)
        np.testing.assert_allclose(m[0], m_dense[0], rtol=0, atol=16 * EPS * m[0, -1] * 12)
        np.testing.assert_array_equal(eta[0], eta_dense[0])
