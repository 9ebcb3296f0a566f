"""The light-mass solve (modelgen/kernels/lightmass.pxd) through its twins.

References: the closed-form roots of a 2x2 Dirac matrix (mpmath, 50 digits), numpy.linalg.solve,
permutation matrices whose flavour assignment is known, and numpy.linalg.svd of M(y) at the
solved Yukawas.
"""
import mpmath as mp
import numpy as np

from modelgen.kernels import _twins as tw


def _roots_2x2(c, a, b, Mh, t):
    """Both x = y c with s_min([[x, a], [b, Mh]]) = t (mpmath, 50 digits), from
    s_min s_max = |x Mh - a b| and s_min^2 + s_max^2 = x^2 + a^2 + b^2 + Mh^2, i.e.
    x^2 (Mh^2/t^2 - 1) - 2 x a b Mh/t^2 + (a^2 b^2/t^2 + t^2 - a^2 - b^2 - Mh^2) = 0."""
    with mp.workdps(50):
        a, b, Mh, t = (mp.mpf(v) for v in (a, b, Mh, t))
        A, B = Mh**2 / t**2 - 1, -2 * a * b * Mh / t**2
        C = a**2 * b**2 / t**2 + t**2 - a**2 - b**2 - Mh**2
        d = mp.sqrt(B**2 - 4 * A * C)
        return np.array([float((-B - d) / (2 * A)), float((-B + d) / (2 * A))])


def _smin_2x2(x, a, b, Mh):
    """Smallest singular value of [[x, a], [b, Mh]] at 50 digits."""
    with mp.workdps(50):
        return float(min(mp.svd_r(mp.matrix([[x, a], [b, Mh]]), compute_uv=False)))


def test_two_by_two_roots_on_both_branches():
    """branch +1 is the root with sign((x - S)(-S)) = +1, S = a b/Mh the Schur complement
    (Model.solve_yukawa); without L-E mixing (b = 0) the roots are +-x and branch = sign(y)."""
    c, Mh, t = 174.1, 300.0, 0.1056583755
    for a, b in ((40.0, 25.0), (40.0, -3.0), (12.0, 0.0)):
        x = _roots_2x2(c, a, b, Mh, t)
        S = a * b / Mh
        for branch in (1.0, -1.0):
            want = x[np.sign((x - S) * -S) == branch] if b else x[np.sign(x) == branch]
            assert len(want) == 1
            M0 = np.array([[[0.0, a], [b, Mh]]])
            D = np.array([[[[c, 0.0], [0.0, 0.0]]]])
            code, y, m, UL, UR = tw.solve_light_yukawas_many(M0, D, [[t]], [[branch]])
            assert code[0] == 0
            # the solve's contract: s_min within 1e-12 t + LAPACK's absolute accuracy 64 eps s_max
            tol = 1e-12 * t + 64 * np.finfo(float).eps * abs(y[0, 0] * c * Mh - a * b) / t
            assert abs(_smin_2x2(y[0, 0] * c, a, b, Mh) - t) < tol
            assert abs(m[0, 0] - t) < tol
            assert abs(y[0, 0] * c - want[0]) < 1e-6 * abs(x[0] - x[1])


def test_three_flavours_reproduce_targets():
    """Generations mixed by the heavy block: the solved M(y) has (m_e, m_mu, m_tau) as its three
    lightest singular values (numpy.linalg.svd; within the solve's tolerance 1e-12 t plus LAPACK's
    absolute accuracy 64 eps s_max) and light state i mostly flavour i."""
    rng = np.random.default_rng(12)
    t = np.array([5.1099895e-4, 0.1056583755, 1.77686])
    n = 9
    for _ in range(5):
        M0 = np.zeros((n, n))
        M0[:3, 3:6] = np.diag(rng.uniform(-5, 5, 3)) + rng.uniform(-0.5, 0.5, (3, 3))   # l_L - L_R
        M0[3:6, 3:6] = np.diag(10 ** rng.uniform(2, 3, 3))                              # M_L
        M0[6:, 6:] = np.diag(10 ** rng.uniform(2, 3, 3))                                # M_E
        M0[6:, :3] = np.diag(rng.uniform(-5, 5, 3)) + rng.uniform(-0.5, 0.5, (3, 3))   # E_L - e_R
        M0[3:6, 6:] = rng.uniform(-50, 50, (3, 3))                                      # L_L - E_R
        D = np.zeros((3, n, n))
        for i in range(3):
            D[i, i, i] = 174.1
        code, y, m, UL, UR = tw.solve_light_yukawas_many(M0[None], D[None], t[None], np.ones((1, 3)))
        assert code[0] == 0
        s = np.linalg.svd(M0 + np.einsum("i,ijk->jk", y[0], D), compute_uv=False)[::-1]
        tol = 1e-12 * t + 64 * np.finfo(float).eps * s[-1]       # the solve's contract
        assert np.all(np.abs(s[:3] - t) < tol)
        np.testing.assert_allclose(m[0], s, rtol=1e-12, atol=16 * np.finfo(float).eps * s[-1])
        W = UL[0, :3, :3] ** 2 + UR[0, :3, :3] ** 2
        assert np.all(np.argmax(W, axis=0) == np.arange(3))


def test_solve_small_vs_numpy():
    rng = np.random.default_rng(2)
    for k in (1, 3, 6):
        J = rng.normal(size=(k, k)) + 3 * np.eye(k)
        F = rng.normal(size=k)
        status, x = tw.solve_small(J, F)
        assert status == 0
        np.testing.assert_allclose(x, np.linalg.solve(J, F), rtol=1e-12)
    assert tw.solve_small(np.array([[1.0, 2.0], [2.0, 4.0]]), [1.0, 1.0])[0] == 1


def test_assign_follows_a_permutation():
    """U_L = U_R = a permutation (plus small mixing): flavour f is followed by the state that the
    permutation sends it to; any input gives a bijection."""
    rng = np.random.default_rng(6)
    perm = np.array([2, 0, 1, 3, 4])
    P = np.eye(5)[:, perm]                             # state k has flavour perm[k]
    U, _ = np.linalg.qr(P + 0.05 * rng.normal(size=(5, 5)))
    U = U * np.sign(np.sum(U * P, axis=0))
    state = tw.assign_states(np.ascontiguousarray(U), np.ascontiguousarray(U), 3)
    np.testing.assert_array_equal(perm[state], np.arange(3))
    for _ in range(20):
        Q, _ = np.linalg.qr(rng.normal(size=(6, 6)))
        Q = np.ascontiguousarray(Q)
        assert sorted(tw.assign_states(Q, Q, 3)) == [0, 1, 2]
