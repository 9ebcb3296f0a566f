"""Complex one-sided Jacobi SVD (modelgen/kernels/cjacobi.pxd) and its use in the complex light-mass
solve (modelgen/kernels/clightmass.pxd), through the twins of modelgen.kernels._ctwins.

References, all independent of the routines: mpmath's complex SVD (mp.svd_c) at 50 digits of the
same double matrix (values and vectors, phases fixed by the kernels' convention), numpy's singular
values, matrices built from their factors M = U_L diag(m) U_R^+ (exactly degenerate and
near-degenerate values), graded matrices M = B D (Demmel and Veselic, SIAM J. Matrix Anal. Appl. 13
(1992) 1204, Thm 4.2: one-sided Jacobi has the singular values to ~eps kappa(B) relative), and the
bl_vll mass-matrix pattern of physics.md with complex couplings.
"""
import mpmath as mp
import numpy as np
import pytest

from modelgen.kernels import _ctwins as ct

EPS = np.finfo(float).eps
V_EW, V_X = 246.22 / np.sqrt(2), 5.0 / np.sqrt(2)
TARGETS = np.array([0.51099895e-3, 0.1056583755, 1.77686])   # m_e, m_mu, m_tau (GeV)


def _unitary(rng, n):
    q, r = np.linalg.qr(rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n)))
    return q * (np.diag(r) / np.abs(np.diag(r)))


def _phases(rng, shape):
    return np.exp(1j * rng.uniform(-np.pi, np.pi, shape))


def _vll_matrix(rng, y, M_vll, mixing):
    """The 9x9 charged-lepton matrix of bl_vll (physics.md, 'Fermion sector'; rows e_L, L_L, E_L,
    columns e_R, L_R, E_R, three generations) with every coupling but the SM Yukawas y and the
    vector-like masses complex (random phases); off-diagonal generation entries scaled by ``mixing``."""
    def coupling(big):
        c = rng.uniform(-1, 1, (3, 3)) * mixing
        c[np.diag_indices(3)] = rng.uniform(-big, big, 3)
        return c * _phases(rng, (3, 3))
    M = np.zeros((9, 9), complex)
    M[:3, :3] = np.diag(y) * V_EW
    M[:3, 3:6] = coupling(3.0) * V_X
    M[6:, :3] = coupling(3.0) * V_X
    M[3:6, 3:6] = np.diag(M_vll[:3])
    M[6:, 6:] = np.diag(M_vll[3:])
    M[3:6, 6:] = coupling(1.0) * V_EW
    M[6:, 3:6] = coupling(1.0) * V_EW
    return M


def _vll_block(rng, singlet_only=False):
    """One generation's complex 3x3 block (rows e_L, L_L, E_L; columns e_R, L_R, E_R): m_light in
    3e-4 ... 2 GeV, lam_L, lam_E v_X/sqrt2 up to 3 v_X, M_L, M_E 100 GeV ... 3 TeV and, unless
    ``singlet_only``, lam_LE, kap_LE v/sqrt2 up to 1 v; the couplings with random phases."""
    M_L, M_E = 10 ** rng.uniform(2, 3.5, 2)
    lam_L, lam_E = rng.uniform(-3, 3, 2) * V_X * _phases(rng, 2)
    lam_LE, kap_LE = (0.0, 0.0) if singlet_only else rng.uniform(-1, 1, 2) * V_EW * _phases(rng, 2)
    return np.array([[10 ** rng.uniform(-3.5, 0.3), lam_L, 0.0], [0.0, M_L, lam_LE], [lam_E, kap_LE, M_E]])


def _mp_svd(M):
    """(s ascending, U_L, U_R) of the double complex matrix M at 50 digits (mp.svd_c: M = U S V,
    U_L = U, U_R = V^+), the largest-|.| entry of each U_L column real positive and U_R's column
    rephased alike (the kernels' convention)."""
    n = M.shape[0]
    with mp.workdps(50):
        U, S, V = mp.svd_c(mp.matrix([[mp.mpc(complex(x)) for x in row] for row in M]))
        s = np.array([float(S[k]) for k in range(n)])
        UL = np.array([[complex(U[i, k]) for k in range(n)] for i in range(n)])
        UR = np.array([[complex(mp.conj(V[k, i])) for k in range(n)] for i in range(n)])
        # the phase from the 50-digit entries (a double rounding of a tiny imaginary part is harmless)
        ph = []
        for k in range(n):
            big = max(range(n), key=lambda i: abs(U[i, k]))
            ph.append(complex(mp.conj(U[big, k]) / abs(U[big, k])))
    order = np.argsort(s)
    ph = np.array(ph)
    return s[order], (UL * ph)[:, order], (UR * ph)[:, order]


def _check_factorisation(M, m, UL, UR):
    n = M.shape[0]
    np.testing.assert_allclose(UL.conj().T @ UL, np.eye(n), atol=4 * n * EPS)
    np.testing.assert_allclose(UR.conj().T @ UR, np.eye(n), atol=4 * n * EPS)
    np.testing.assert_allclose(UL.conj().T @ M @ UR, np.diag(m), atol=4 * n * EPS * m[-1])
    assert np.all(np.diff(m) >= 0)
    big = UL[np.argmax(abs(UL), axis=0), range(n)]
    assert np.all(big.real > 0) and np.all(big.imag == 0)


def _componentwise(A, ref):
    """Largest |A - ref| / |ref| over the entries of ref that are not exactly zero."""
    nz = ref != 0
    return np.max(np.abs(A[nz] - ref[nz]) / np.abs(ref[nz]))


def test_random_matrices_cold_and_warm():
    """Random complex n x n matrices: a valid ascending factorisation with numpy's singular values
    (to eps ||M||) in <= 12 sweeps; warm-started from the U_R of a 1e-3 perturbation it converges in
    <= 4 sweeps (quadratic convergence, the last one only checks) to the same factorisation."""
    rng = np.random.default_rng(41)
    for n in (1, 2, 3, 6, 9, 12, 16):
        M = (rng.normal(size=(6, n, n)) + 1j * rng.normal(size=(6, n, n))) * 10 ** rng.uniform(-3, 3, (6, 1, 1))
        code, m, UL, UR, sweeps = ct.zjacobi_svd_many(M)
        assert np.all(code == 0) and np.all(sweeps <= 12)
        np.testing.assert_allclose(m, np.sort(np.linalg.svd(M, compute_uv=False)), rtol=0,
                                   atol=8 * n * EPS * m[:, -1:].max())
        for p in range(6):
            _check_factorisation(M[p], m[p], UL[p], UR[p])
        M2 = M * (1 + 1e-3 * rng.normal(size=M.shape))
        _, _, _, UR0, _ = ct.zjacobi_svd_many(M2)
        code, m_w, UL_w, UR_w, sweeps = ct.zjacobi_svd_many(M, UR0)
        assert np.all(code == 0) and np.all(sweeps <= 4)
        np.testing.assert_allclose(m_w, m, rtol=0, atol=8 * n * EPS * m[:, -1:].max())
        for p in range(6):
            _check_factorisation(M[p], m_w[p], UL_w[p], UR_w[p])


def test_real_input_gives_the_real_jacobi_factorisation():
    """For a real matrix the complex rotations are real (gamma real): the same masses and vectors
    as the real one-sided Jacobi of jacobi.pxd (same sign convention) to rounding."""
    from modelgen.kernels import _twins as tw
    rng = np.random.default_rng(42)
    M = rng.normal(size=(5, 9, 9)) * np.geomspace(1, 1e-6, 9)
    code, m, UL, UR, _ = ct.zjacobi_svd_many(M.astype(complex))
    code_r, m_r, UL_r, UR_r, _ = tw.jacobi_svd_many(M)
    assert np.all(code == 0) and np.all(code_r == 0)
    assert np.all(UL.imag == 0) and np.all(UR.imag == 0)
    np.testing.assert_allclose(m, m_r, rtol=1e-14)
    np.testing.assert_allclose(UL.real, UL_r, atol=1e-13)
    np.testing.assert_allclose(UR.real, UR_r, atol=1e-13)


@pytest.mark.parametrize("n", [3, 6, 9])
def test_graded_matrices_relative_accuracy_vs_mpmath(n):
    """M = B D with a well-conditioned complex B and column scales D spread over 1e-8 ... 1e8, in
    ascending, descending and random order (the singular values spread alike): every singular value
    to 1e3 eps kappa(B) relative (Demmel-Veselic Thm 4.2) and every U_L, U_R column to 1e-12
    (relative gaps ~ 1) against mpmath at 50 digits, cold and warm-started from the U_R of a 1e-6
    perturbation.  zgesvd, with eps ||M|| absolute accuracy, has the smallest value wrong in the
    leading digits for ascending scales (checked, so the test can see the difference)."""
    rng = np.random.default_rng(43 + n)
    for order in ("ascending", "descending", "random"):
        B = _unitary(rng, n) + 0.3 * (rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n)))
        scales = np.geomspace(1e-8, 1e8, n)
        scales = {"ascending": scales, "descending": scales[::-1], "random": rng.permutation(scales)}[order]
        M = B * scales
        s, UL_ref, UR_ref = _mp_svd(M)
        assert s[0] / s[-1] < 1e-14
        _, _, _, UR0, _ = ct.zjacobi_svd_many((M * (1 + 1e-6 * rng.normal(size=M.shape)))[None])
        for start in (None, UR0):
            code, m, UL, UR, _ = ct.zjacobi_svd_many(M[None], start)
            assert code[0] == 0
            assert np.all(np.abs(m[0] / s - 1) < 1e3 * EPS * np.linalg.cond(B)), m[0] / s - 1
            assert np.max(np.abs(UL[0] - UL_ref)) < 1e-12, (order, np.max(np.abs(UL[0] - UL_ref)))
            assert np.max(np.abs(UR[0] - UR_ref)) < 1e-12, (order, np.max(np.abs(UR[0] - UR_ref)))
            _check_factorisation(M, m[0], UL[0], UR[0])
        if order == "ascending":
            _, m_lapack, _, _ = ct.zdirac_svd_many(M[None])
            assert abs(m_lapack[0, 0] / s[0] - 1) > 1e-6


@pytest.mark.parametrize("mixing", [0.05, 1.0])
def test_vll_hierarchy_values_and_vectors_vs_mpmath(mixing):
    """Complex bl_vll matrices with m_light/M_VLL down to ~1e-7: the three light singular values to
    1e-12 relative, the heavy ones to 1e-13, and the light U_L, U_R columns to 1e-12 against mpmath at
    50 digits, cold and warm-started from the U_R of the matrix with the light Yukawas changed by 1%
    (a Newton step)."""
    rng = np.random.default_rng(44)
    for _ in range(4):
        y = np.array([2.9e-6, 6e-4, 1e-2]) * rng.uniform(0.5, 2, 3)
        M = _vll_matrix(rng, y, 10 ** rng.uniform(2, 3.7, 6), mixing)
        s, UL_ref, UR_ref = _mp_svd(M)
        M_prev = M.copy()
        M_prev[:3, :3] *= 1.01
        _, _, _, UR0, _ = ct.zjacobi_svd_many(M_prev[None])
        for start in (None, UR0):
            code, m, UL, UR, _ = ct.zjacobi_svd_many(M[None], start)
            assert code[0] == 0
            m, UL, UR = m[0], UL[0], UR[0]
            assert np.all(np.abs(m[:3] / s[:3] - 1) < 1e-12), m[:3] / s[:3] - 1
            assert np.all(np.abs(m[3:] / s[3:] - 1) < 1e-13)
            assert np.max(np.abs(UL[:, :3] - UL_ref[:, :3])) < 1e-12
            assert np.max(np.abs(UR[:, :3] - UR_ref[:, :3])) < 1e-12
            _check_factorisation(M, m, UL, UR)


def test_near_degenerate_and_degenerate_values():
    """Singular values 1, 1 + 1e-12, 1 + 2e-12 (and an exactly degenerate pair) next to 1e-6 and 1e3:
    values to eps ||M||, unitary factors, the isolated light pair's vectors and the cluster's subspace
    vs mpmath within the perturbation bound n eps ||M|| / gap (Wedin)."""
    rng = np.random.default_rng(45)
    for split in (1e-12, 0.0):
        true = np.array([1e-6, 2e-6, 1.0, 1.0 + split, 1.0 + 2 * split, 1e3])
        M = _unitary(rng, 6) @ np.diag(true) @ _unitary(rng, 6).conj().T
        code, m, UL, UR, _ = ct.zjacobi_svd_many(M[None])
        assert code[0] == 0
        s, UL_ref, _ = _mp_svd(M)
        np.testing.assert_allclose(m[0], s, rtol=0, atol=8 * EPS * 1e3)
        _check_factorisation(M, m[0], UL[0], UR[0])
        bound = 16 * 6 * EPS * 1e3
        assert np.max(np.abs(UL[0][:, :2] - UL_ref[:, :2])) < bound / 1e-6
        P, P_ref = UL[0][:, 2:5] @ UL[0][:, 2:5].conj().T, UL_ref[:, 2:5] @ UL_ref[:, 2:5].conj().T
        assert np.max(np.abs(P - P_ref)) < bound


def test_both_sided_small_vector_components_vs_mpmath():
    """Complex 3x3 VLL blocks: every entry of U_L and U_R (the smallest ~ (m/M) theta ~ 1e-9 ...
    1e-12) to 1e-11 relative to itself against mpmath at 50 digits, with and without lam_LE, kap_LE
    and transposed (singlet-like mixing in U_L); zgesvd misses this by orders of magnitude (checked)."""
    rng = np.random.default_rng(46)
    worst_lapack = 0.0
    for t in range(24):
        M = _vll_block(rng, singlet_only=t % 2 == 0)
        if t % 3 == 0:
            M = M.T.copy()
        s, UL_ref, UR_ref = _mp_svd(M)
        code, m, UL, UR = ct.zjacobi_svd_both_many(M[None])
        assert code[0] == 0
        assert np.all(np.abs(m[0] / s - 1) < 1e-13)
        assert _componentwise(UL[0], UL_ref) < 1e-11, _componentwise(UL[0], UL_ref)
        assert _componentwise(UR[0], UR_ref) < 1e-11, _componentwise(UR[0], UR_ref)
        _check_factorisation(M, m[0], UL[0], UR[0])
        _, _, UL1, UR1 = ct.zdirac_svd_many(M[None])
        worst_lapack = max(worst_lapack, _componentwise(UL1[0], UL_ref), _componentwise(UR1[0], UR_ref))
    assert worst_lapack > 1e-8


def test_block_path_and_fallback():
    """zdirac_svd_jacobi: a matrix that splits into generation blocks is factorised block by block
    with every entry of each light state's U_L, U_R columns to 1e-11 relative against mpmath's SVD of
    its block; a singular matrix (zero column: no U_L column from Jacobi) falls back to zgesvd (the
    LAPACK twin, bit for bit); a dense one agrees with zgesvd to eps ||M||."""
    rng = np.random.default_rng(47)
    M = rng.normal(size=(2, 9, 9)) + 1j * rng.normal(size=(2, 9, 9))
    M[0, :, 4] = 0.0
    code, *_ = ct.zjacobi_svd_many(M[:1])
    assert code[0] == 2
    got = ct.zdirac_svd_jacobi_many(M[:1])
    ref = ct.zdirac_svd_many(M[:1])
    for a, b in zip(got, ref):
        np.testing.assert_array_equal(a, b)
    blocks = np.zeros((9, 9), complex)
    for g in range(3):
        B = _vll_block(rng)
        if g == 2:
            B[2, :2] = B[:2, 2] = 0.0                    # E decoupled: a 2x2 triangular e-L block
        idx = np.arange(3) * 3 + g                       # rows/columns g, 3 + g, 6 + g
        blocks[np.ix_(idx, idx)] = B
    info, m, UL, UR = ct.zdirac_svd_jacobi_many(blocks[None])
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
    info, m, UL, UR = ct.zdirac_svd_jacobi_many(M[1:])
    assert info[0] == 0
    np.testing.assert_allclose(m[0], ct.zdirac_svd_many(M[1:])[1][0], rtol=0, atol=64 * EPS * m[0, -1])
    _check_factorisation(M[1], m[0], UL[0], UR[0])


def test_bad_warm_start_shape_is_named():
    with pytest.raises(ValueError, match="zjacobi_svd_many"):
        ct.zjacobi_svd_many(np.zeros((2, 3, 3)), np.zeros((2, 4, 4)))


def test_light_mass_solve_relative_accuracy_vs_mpmath():
    """The complex light-mass solve on 12 complex bl_vll-pattern matrices with generation mixing:
    SOLVE_OK (not the absolute floor) with the returned light masses the targets to 4 eps relative
    (newton_stop's relative stop), and at the solved y the singular values of M(y) at 50 digits
    (mpmath) are the returned masses to 1e-13 (so the targets to 1e-13, not to zgesvd's floor
    64 eps m_max ~ 1e-10 m_e) and every entry of U_L, U_R to 1e-11 relative to itself.  The zgesvd
    path (lapack=True) on the same points has small rotation entries off by more than 1e-8 relative
    to themselves (checked, so the test sees the difference)."""
    rng = np.random.default_rng(48)
    D = np.zeros((3, 9, 9))
    for i in range(3):
        D[i, i, i] = V_EW                      # y_i v/sqrt2 in e_L,i - e_R,i
    solved, worst_lapack = 0, 0.0
    for _ in range(12):
        M0 = _vll_matrix(rng, np.zeros(3), 10 ** rng.uniform(2, 3.3, 6), 0.3)
        M0[:3, 3:6] *= 1e-2                    # |Im delta_l| < m_l: a real y reproduces m_l
        code, y, m, UL, UR = ct.zsolve_light_yukawas_many(M0[None], D[None], TARGETS[None], np.ones((1, 3)))
        if code[0] != 0:
            continue
        solved += 1
        s, UL_ref, UR_ref = _mp_svd(M0 + np.einsum("i,ijk->jk", y[0], D))
        assert np.all(np.abs(m[0, :3] / TARGETS - 1) <= 4 * EPS), m[0, :3] / TARGETS - 1
        assert np.all(np.abs(m[0] / s - 1) < 1e-13)
        assert _componentwise(UL[0], UL_ref) < 1e-11, _componentwise(UL[0], UL_ref)
        assert _componentwise(UR[0], UR_ref) < 1e-11, _componentwise(UR[0], UR_ref)
        code_l, y_l, _, UL_l, UR_l = ct.zsolve_light_yukawas_many(M0[None], D[None], TARGETS[None],
                                                                 np.ones((1, 3)), lapack=True)
        if code_l[0] in (0, 5):
            _, UL_lref, UR_lref = _mp_svd(M0 + np.einsum("i,ijk->jk", y_l[0], D))
            worst_lapack = max(worst_lapack, _componentwise(UL_l[0], UL_lref), _componentwise(UR_l[0], UR_lref))
    assert solved >= 8
    assert worst_lapack > 1e-8
