"""One-sided Jacobi SVD (modelgen/kernels/jacobi.pxd) through its twins.

References, all independent of the routine: mpmath's SVD at 50 digits of the same double matrix
(values and vectors), numpy.linalg.svd, matrices built from their factors M = U_L diag(m) U_R^T
(exactly degenerate and near-degenerate values), and the VLL mass-matrix pattern of physics.md
(rows e_L, L_L, E_L; columns e_R, L_R, E_R; three generations) at hierarchies
m_light/M_VLL ~ 1e-7.
"""
import mpmath as mp
import numpy as np
import pytest

from modelgen.kernels import _twins as tw

EPS = np.finfo(float).eps
V_EW, V_X = 246.22 / np.sqrt(2), 5.0 / np.sqrt(2)


def _orthogonal(rng, n):
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    return q * np.sign(np.diag(r))


def _vll_matrix(rng, y, M_vll, mixing):
    """The 9x9 charged-lepton matrix of bl_vll (physics.md, 'Fermion sector'): diag(y) v/sqrt2 in
    e_L-e_R, lam_L v_X/sqrt2 in e_L-L_R, lam_E v_X/sqrt2 in E_L-e_R, diag(M_L), diag(M_E),
    lam_LE v/sqrt2 in L_L-E_R, kap_LE v/sqrt2 in E_L-L_R; off-diagonal generation entries scaled by
    ``mixing``."""
    def coupling(big):
        c = rng.uniform(-1, 1, (3, 3)) * mixing
        c[np.diag_indices(3)] = rng.uniform(-big, big, 3)
        return c
    M = np.zeros((9, 9))
    M[:3, :3] = np.diag(y) * V_EW
    M[:3, 3:6] = coupling(3.0) * V_X
    M[6:, :3] = coupling(3.0) * V_X
    M[3:6, 3:6] = np.diag(M_vll[:3])
    M[6:, 6:] = np.diag(M_vll[3:])
    M[3:6, 6:] = coupling(1.0) * V_EW
    M[6:, 3:6] = coupling(1.0) * V_EW
    return M


def _mp_svd(M):
    """(s ascending, U_L, U_R) of the double matrix M at 50 digits, largest-|.| entry of each
    U_L column positive (the kernels' sign convention)."""
    with mp.workdps(50):
        U, S, V = mp.svd_r(mp.matrix(M.tolist()))
        n = M.shape[0]
        s = np.array([float(S[k]) for k in range(n)])
        UL = np.array([[float(U[i, k]) for k in range(n)] for i in range(n)])
        UR = np.array([[float(V[k, i]) for k in range(n)] for i in range(n)])
    order = np.argsort(s)
    s, UL, UR = s[order], UL[:, order], UR[:, order]
    sgn = np.sign(UL[np.argmax(abs(UL), axis=0), range(n)])
    return s, UL * sgn, UR * sgn


def _check_factorisation(M, m, UL, UR):
    n = M.shape[0]
    np.testing.assert_allclose(UL.T @ UL, np.eye(n), atol=4 * n * EPS)
    np.testing.assert_allclose(UR.T @ UR, np.eye(n), atol=4 * n * EPS)
    np.testing.assert_allclose(UL.T @ M @ UR, np.diag(m), atol=4 * n * EPS * m[-1])
    assert np.all(np.diff(m) >= 0)
    assert np.all(UL[np.argmax(abs(UL), axis=0), range(n)] > 0)


def test_random_matrices_cold_and_warm():
    """Random n x n matrices: a valid ascending factorisation with numpy's singular values (to
    eps ||M||); warm-started from the U_R of a 1e-3 perturbation it converges in <= 4 sweeps (quadratic convergence: 1e-3, 1e-6, 1e-12, then a sweep without rotation) to the
    same factorisation."""
    rng = np.random.default_rng(21)
    for n in (2, 3, 6, 9, 12):
        M = rng.normal(size=(6, n, n)) * 10 ** rng.uniform(-3, 3, (6, 1, 1))
        code, m, UL, UR, sweeps = tw.jacobi_svd_many(M)
        assert np.all(code == 0) and np.all(sweeps <= 12)
        np.testing.assert_allclose(m, np.sort(np.linalg.svd(M, compute_uv=False)), rtol=0,
                                   atol=8 * n * EPS * m[:, -1:].max())
        for p in range(6):
            _check_factorisation(M[p], m[p], UL[p], UR[p])
        M2 = M * (1 + 1e-3 * rng.normal(size=M.shape))
        _, _, _, UR0, _ = tw.jacobi_svd_many(M2)
        code, m_w, UL_w, UR_w, sweeps = tw.jacobi_svd_many(M, UR0)
        assert np.all(code == 0) and np.all(sweeps <= 4)   # the last one only checks
        np.testing.assert_allclose(m_w, m, rtol=0, atol=8 * n * EPS * m[:, -1:].max())
        for p in range(6):
            _check_factorisation(M[p], m_w[p], UL_w[p], UR_w[p])


@pytest.mark.parametrize("mixing", [0.05, 1.0])
def test_vll_hierarchy_values_and_vectors_vs_mpmath(mixing):
    """VLL matrices with m_light/M_VLL down to ~1e-7 (light entries y v/sqrt2 ~ 5e-4 GeV, M_VLL up
    to 5 TeV): the three light singular values to 1e-12 relative and their U_L, U_R columns to 1e-12
    (of the unit vector) against mpmath at 50 digits (the requirement is 1e-10; LAPACK's dgesvd
    misses it by up to ~2e-11 on these matrices, Jacobi stays near 1e-14), cold and warm-started
    from the U_R of a matrix with the light Yukawas changed by 1% (a Newton step)."""
    rng = np.random.default_rng(22)
    for _ in range(4):
        y = np.array([2.9e-6, 6e-4, 1e-2]) * rng.uniform(0.5, 2, 3)
        M = _vll_matrix(rng, y, 10 ** rng.uniform(2, 3.7, 6), mixing)
        s, UL_ref, UR_ref = _mp_svd(M)
        M_prev = M.copy()
        M_prev[:3, :3] *= 1.01
        _, _, _, UR0, _ = tw.jacobi_svd_many(M_prev[None])
        for start in (None, UR0):
            code, m, UL, UR, _ = tw.jacobi_svd_many(M[None], start)
            assert code[0] == 0
            m, UL, UR = m[0], UL[0], UR[0]
            assert np.all(np.abs(m[:3] / s[:3] - 1) < 1e-12), m[:3] / s[:3] - 1
            assert np.all(np.abs(m[3:] / s[3:] - 1) < 1e-13)
            assert np.max(np.abs(UL[:, :3] - UL_ref[:, :3])) < 1e-12
            assert np.max(np.abs(UR[:, :3] - UR_ref[:, :3])) < 1e-12
            _check_factorisation(M, m, UL, UR)


def test_graded_matrix_beats_lapack_relative_accuracy():
    """M = B D with well-conditioned B and column scales 1 ... 1e-12: one-sided Jacobi's singular
    values are accurate to ~eps kappa(B) relative (Demmel-Veselic, SIAM J. Matrix Anal. Appl. 13
    (1992) 1204, Thm 4.2), down to the 1e-12 one, against mpmath at 50 digits."""
    rng = np.random.default_rng(23)
    for _ in range(3):
        B = _orthogonal(rng, 6) + 0.3 * rng.normal(size=(6, 6))
        M = B * np.geomspace(1.0, 1e-12, 6)
        s, _, _ = _mp_svd(M)
        code, m, _, _, _ = tw.jacobi_svd_many(M[None])
        assert code[0] == 0
        assert np.all(np.abs(m[0] / s - 1) < 1e3 * EPS * np.linalg.cond(B))


def test_near_degenerate_and_degenerate_values():
    """Singular values 1, 1 + 1e-12, 1 + 2e-12 (and an exactly degenerate pair) next to 1e-6 and
    1e3: values to eps ||M||, orthogonal factors, the isolated light pair's vectors and the cluster's
    subspace vs mpmath within the perturbation bound."""
    rng = np.random.default_rng(24)
    for split in (1e-12, 0.0):
        true = np.array([1e-6, 2e-6, 1.0, 1.0 + split, 1.0 + 2 * split, 1e3])
        M = _orthogonal(rng, 6) @ np.diag(true) @ _orthogonal(rng, 6).T
        code, m, UL, UR, _ = tw.jacobi_svd_many(M[None])
        assert code[0] == 0
        s, UL_ref, UR_ref = _mp_svd(M)
        np.testing.assert_allclose(m[0], s, rtol=0, atol=8 * EPS * 1e3)
        _check_factorisation(M, m[0], UL[0], UR[0])
        # vectors of a general (ungraded) matrix: perturbation bound n eps ||M|| / gap (Wedin), with
        # gap 1e-6 for the isolated light pair and ~1 for the subspace of the cluster at 1
        bound = 16 * 6 * EPS * 1e3
        assert np.max(np.abs(UL[0][:, :2] - UL_ref[:, :2])) < bound / 1e-6
        P, P_ref = UL[0][:, 2:5] @ UL[0][:, 2:5].T, UL_ref[:, 2:5] @ UL_ref[:, 2:5].T
        assert np.max(np.abs(P - P_ref)) < bound


def _vll_block(rng, singlet_only=False):
    """One generation's 3x3 block of the VLL matrix (rows e_L, L_L, E_L; columns e_R, L_R, E_R):
    m_light in 3e-4 ... 2 GeV, lam_L, lam_E v_X/sqrt2 up to 3 v_X, M_L, M_E 100 GeV ... 3 TeV and,
    unless ``singlet_only``, lam_LE, kap_LE v/sqrt2 up to 1 v (physics.md, 'Fermion sector')."""
    M_L, M_E = 10 ** rng.uniform(2, 3.5, 2)
    lam_L, lam_E = rng.uniform(-3, 3, 2) * V_X
    lam_LE, kap_LE = (0.0, 0.0) if singlet_only else rng.uniform(-1, 1, 2) * V_EW
    return np.array([[10 ** rng.uniform(-3.5, 0.3), lam_L, 0.0], [0.0, M_L, lam_LE], [lam_E, kap_LE, M_E]])


def _componentwise(A, ref):
    """Largest |A - ref| / |ref| over the entries of ref that are not exactly zero."""
    nz = ref != 0
    return np.max(np.abs(A[nz] - ref[nz]) / np.abs(ref[nz]))


def test_both_sided_jacobi_small_vector_components_vs_mpmath():
    """The 3x3 VLL blocks of a generation: every entry of U_L and U_R (the smallest ~ (m/M) theta ~
    1e-9 ... 1e-12: the other chirality's light-heavy angle, linear in the longitudinal Z' dipole) to
    1e-11 relative to itself against mpmath's SVD at 50 digits, with and without lam_LE, kap_LE and
    transposed (singlet-like mixing in U_L).  One run on M has it only in U_R (its U_L column is
    M v / m, which cancels: up to 3e-9 off on 200 such blocks) and dgesvd in neither (1e-4 here)."""
    rng = np.random.default_rng(26)
    worst_lapack = 0.0
    for t in range(24):
        M = _vll_block(rng, singlet_only=t % 2 == 0)
        if t % 3 == 0:
            M = M.T.copy()
        s, UL_ref, UR_ref = _mp_svd(M)
        code, m, UL, UR = tw.jacobi_svd_both_many(M[None])
        assert code[0] == 0
        assert np.all(np.abs(m[0] / s - 1) < 1e-13)
        assert _componentwise(UL[0], UL_ref) < 1e-11 and _componentwise(UR[0], UR_ref) < 1e-11
        _check_factorisation(M, m[0], UL[0], UR[0])
        _, _, UL1, UR1 = tw.dirac_svd_many(M[None], dense=True)
        worst_lapack = max(worst_lapack, _componentwise(UL1[0], UL_ref), _componentwise(UR1[0], UR_ref))
    assert worst_lapack > 1e-8          # the loss of small components is present on these blocks


def test_block_path_and_fallback():
    """dirac_svd_jacobi: a matrix that splits into generation blocks (3x3 VLL blocks, one 2x2
    triangular e-L block) is factorised block by block with every entry of U_L, U_R of each light
    state to 1e-11 relative against mpmath's SVD of its block at 50 digits; a singular matrix (zero
    column: no U_L column from Jacobi) falls back to LAPACK (the dense twin, bit for bit); a dense one
    agrees with LAPACK to eps ||M||."""
    rng = np.random.default_rng(25)
    M = rng.normal(size=(2, 9, 9))
    M[0, :, 4] = 0.0
    code, *_ = tw.jacobi_svd_many(M[:1])
    assert code[0] == 2
    got = tw.dirac_svd_jacobi_many(M[:1])
    ref = tw.dirac_svd_many(M[:1], dense=True)
    for a, b in zip(got, ref):
        np.testing.assert_array_equal(a, b)
    blocks = np.zeros((9, 9))
    for g in range(3):
        B = _vll_block(rng)
        if g == 2:
            B[2, :2] = B[:2, 2] = 0.0                    # E decoupled: a 2x2 triangular e-L block
        idx = np.arange(3) * 3 + g                       # rows/columns g, 3 + g, 6 + g
        blocks[np.ix_(idx, idx)] = B
    info, m, UL, UR = tw.dirac_svd_jacobi_many(blocks[None])
    assert info[0] == 0
    _check_factorisation(blocks, m[0], UL[0], UR[0])
    for g in range(3):
        idx = np.arange(3) * 3 + g
        B = blocks[np.ix_(idx, idx)]
        keep = [0, 1] if g == 2 else [0, 1, 2]
        s, UL_ref, UR_ref = _mp_svd(B[np.ix_(keep, keep)])
        k = int(np.argmin(np.abs(m[0] - s[0])))          # the block's light state
        assert abs(m[0, k] / s[0] - 1) < 1e-13
        assert _componentwise(UL[0][idx[keep], k], UL_ref[:, 0]) < 1e-11
        assert _componentwise(UR[0][idx[keep], k], UR_ref[:, 0]) < 1e-11
    info, m, UL, UR = tw.dirac_svd_jacobi_many(M[1:])
    assert info[0] == 0
    np.testing.assert_allclose(m[0], tw.dirac_svd_many(M[1:])[1][0], rtol=0, atol=64 * EPS * m[0, -1])
    _check_factorisation(M[1], m[0], UL[0], UR[0])


def test_bad_warm_start_shape_is_named():
    with pytest.raises(ValueError, match="jacobi_svd_many"):
        tw.jacobi_svd_many(np.zeros((2, 3, 3)), np.zeros((2, 4, 4)))
