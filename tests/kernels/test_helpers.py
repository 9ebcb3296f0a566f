"""Small kernel helpers through their twins: chiral.pxd (chiral_difference) and the mass-basis and
light-neutrino helpers of leptons.pxd.

References: mpmath at 50 digits (chirality difference of a barely mixed state, where the direct
sum cancels), NumPy products and projectors, and spectra whose light count is known by construction.
"""
import mpmath as mp
import numpy as np

from modelgen.kernels import _twins as tw

EPS = np.finfo(float).eps


def _rotation(n, a, b, theta):
    """Orthogonal n x n matrix rotating gauge components a and b by theta (state a = cos e_a + sin e_b)."""
    U = np.eye(n)
    U[a, a] = U[b, b] = np.cos(theta)
    U[b, a], U[a, b] = np.sin(theta), -np.sin(theta)
    return U


def test_chiral_difference_barely_mixed_state_vs_mpmath():
    """State 0 = cos(th) e_0 + sin(th) e_2 on each side, charges equal on the dominant component:
    <q>_R - <q>_L = sin^2(th_R)(qR_2 - qR_0) - sin^2(th_L)(qL_2 - qL_0) exactly (mpmath); the direct
    sum of squares cancels to ~1e-16 absolute, i.e. loses all digits at th = 1e-9."""
    qL = np.array([-0.5, -0.5, 0.0])
    qR = np.array([-0.5, 0.0, 0.5])
    mp.mp.dps = 50
    for thL, thR in ((1e-9, 3e-9), (1e-5, 2e-6), (0.3, 0.1)):
        UL, UR = _rotation(3, 0, 2, thL), _rotation(3, 0, 2, thR)
        ref = (mp.sin(mp.mpf(thR)) ** 2 * (mp.mpf(qR[2]) - mp.mpf(qR[0]))
               - mp.sin(mp.mpf(thL)) ** 2 * (mp.mpf(qL[2]) - mp.mpf(qL[0])))
        got = tw.chiral_difference_twin(UL, UR, 0, qL, qR)
        assert abs(got - float(ref)) <= 1e-14 * abs(float(ref)), (thL, thR, got, ref)


def test_chiral_difference_general_state_vs_mpmath():
    """Random orthogonal U_L, U_R: sum_a UR[a,i]^2 qR[a] - UL[a,i]^2 qL[a] in mpmath from the same
    double entries (columns normalised to 1e-16: absolute agreement ~1e-15)."""
    rng = np.random.default_rng(1)
    mp.mp.dps = 50
    UL, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    UR, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    qL, qR = rng.normal(size=5), rng.normal(size=5)
    for i in range(5):
        ref = sum(mp.mpf(UR[a, i]) ** 2 * mp.mpf(qR[a]) - mp.mpf(UL[a, i]) ** 2 * mp.mpf(qL[a]) for a in range(5))
        got = tw.chiral_difference_twin(np.ascontiguousarray(UL), np.ascontiguousarray(UR), i, qL, qR)
        assert abs(got - float(ref)) < 4e-15


def test_mass_basis_products():
    rng = np.random.default_rng(2)
    U1, _ = np.linalg.qr(rng.normal(size=(12, 12)))
    U2, _ = np.linalg.qr(rng.normal(size=(9, 9)))
    U1, U2 = np.ascontiguousarray(U1), np.ascontiguousarray(U2)
    G = rng.normal(size=(12, 9))
    np.testing.assert_allclose(tw.mass_basis_twin(U1, G, U2), U1.T @ G @ U2, atol=1e-14)
    g = rng.normal(size=9)
    C = tw.mass_basis_diag_twin(U2, g)
    np.testing.assert_allclose(C, U2.T @ np.diag(g) @ U2, atol=1e-14)
    assert np.array_equal(C, C.T)


def test_light_count_on_degenerate_spectra():
    """The nmin lightest states plus every state within 64 eps m_max of the nmin-th."""
    heavy = [100.0, 200.0, 300.0]
    assert tw.light_count_twin(np.array([0.0] * 6 + heavy), 3) == 6            # six massless states
    assert tw.light_count_twin(np.array([1e-11, 2e-11, 3e-11, 0.1] + heavy), 3) == 3
    tol = 64 * EPS * 300.0
    assert tw.light_count_twin(np.array([0.0, 0.0, 0.0, 0.5 * tol, 2 * tol] + heavy), 3) == 4
    assert tw.light_count_twin(np.array([1.0, 2.0, 3.0]), 3) == 3               # all light


def test_light_nu_coupling_is_basis_independent():
    """<psi|G|psi>, psi = P e_f/|P e_f| with P the projector on the light subspace (NumPy), the
    same after any rotation inside a degenerate light subspace; NaN when P e_f = 0."""
    rng = np.random.default_rng(3)
    n, nl = 8, 4
    O, _ = np.linalg.qr(rng.normal(size=(n, n)))
    G = rng.normal(size=n)
    P = O[:, :nl] @ O[:, :nl].T
    R = np.eye(n)
    R[:nl, :nl], _ = np.linalg.qr(rng.normal(size=(nl, nl)))
    for f in range(3):
        psi = P[:, f] / np.linalg.norm(P[:, f])
        ref = psi @ np.diag(G) @ psi
        for B in (O, O @ R):
            assert abs(tw.light_nu_coupling_twin(np.ascontiguousarray(B), G, f, nl) - ref) < 1e-14
    light_free = np.eye(n)[:, [4, 5, 6, 7, 0, 1, 2, 3]]        # flavour 0 lies in the heavy subspace
    assert np.isnan(tw.light_nu_coupling_twin(np.ascontiguousarray(light_free), G, 0, nl))


def test_w_light_strength_sums_the_light_rows():
    rng = np.random.default_rng(4)
    RL, RR = rng.normal(size=(12, 9)), rng.normal(size=(12, 9))
    for i, nl in ((0, 3), (2, 6)):
        ref = np.sum(RL[:nl, i] ** 2 + RR[:nl, i] ** 2)
        assert abs(tw.w_light_strength_twin(i, RL, RR, nl) - ref) < 1e-13 * ref
