"""Complex light-mass solve (modelgen/kernels/clightmass.pxd via modelgen.kernels._ctwins).

References: the real solve (modelgen.kernels.lightmass, itself tested against the NumPy solve) for
real input, where the complex one must return the same roots (to rounding: both on a Jacobi SVD); NumPy's SVD of M(y) at the returned
y for complex input (the light singular values are the targets, light state i is dominantly
flavour i) and the branch read from the block-seesaw Schur complement computed here with NumPy.
"""
import numpy as np

from modelgen.kernels._ctwins import zsolve_light_yukawas_many
from modelgen.kernels._twins import solve_light_yukawas_many

V = 246.22 / np.sqrt(2)
TARGETS = np.array([0.000511, 0.10566, 1.777])


def _points(rng, N, phases):
    """N Dirac matrices (3 light + 3 heavy): light-heavy mixing lam ~ 0.3 x 5 GeV, heavy 100..1200 GeV."""
    n = 6
    M0 = np.zeros((N, n, n), complex)
    M0[:, 3:, 3:] = np.diag([100.0, 400.0, 1200.0]) + 5.0 * rng.normal(size=(N, 3, 3))
    mix = 0.3 * 5.0 * rng.normal(size=(N, 3, 3))
    M0[:, :3, 3:] = mix * (np.exp(1j * rng.uniform(-np.pi, np.pi, (N, 3, 3))) if phases else 1.0)
    D = np.zeros((N, 3, n, n))
    for i in range(3):
        D[:, i, i, i] = V
    return M0, D


def test_real_input_gives_the_real_roots():
    rng = np.random.default_rng(2)
    M0, D = _points(rng, 20, phases=False)
    t = np.tile(TARGETS, (20, 1))
    for br in (1.0, -1.0):
        b = np.full((20, 3), br)
        code, y, m, UL, UR = zsolve_light_yukawas_many(M0, D, t, b)
        code_r, y_r, m_r, _, _ = solve_light_yukawas_many(M0.real.copy(), D, t, b)
        # both Newtons run on a one-sided Jacobi SVD (cjacobi.pxd, jacobi.pxd), whose rotations of a
        # real matrix are real, with the same relative stop: same codes (SOLVE_ABSOLUTE_FLOOR
        # included, which differed while the complex solve ran on zgesvd) and the same roots to
        # rounding (measured: identical; the zgesvd path agreed to 2.4e-12 only)
        np.testing.assert_array_equal(code, code_r)
        ok = np.isin(code, (0, 5))
        assert ok.sum() >= 15
        np.testing.assert_allclose(y[ok], y_r[ok], rtol=1e-14)
        np.testing.assert_allclose(m[ok], m_r[ok], rtol=1e-14)
        np.testing.assert_allclose(UL[ok].imag, 0.0, atol=0)


def test_complex_solutions_hit_the_targets_on_the_requested_branch():
    rng = np.random.default_rng(9)
    N = 30
    M0, D = _points(rng, N, phases=True)
    t = np.tile(TARGETS, (N, 1))
    for br in (1.0, -1.0):
        code, y, m, UL, UR = zsolve_light_yukawas_many(M0, D, t, np.full((N, 3), br))
        solved = np.isin(code, (0, 5))          # 5: solved, flagged (light masses to the absolute floor)
        assert solved.sum() >= N // 2
        for p in np.flatnonzero(solved):
            M = M0[p] + np.einsum("i,ijk->jk", y[p], D[p])
            s = np.linalg.svd(M, compute_uv=False)[::-1]
            np.testing.assert_allclose(s[:3], TARGETS, rtol=1e-10)
            np.testing.assert_allclose(UL[p].conj().T @ M @ UR[p], np.diag(m[p]), atol=1e-12 * s[-1])
            w = np.abs(UL[p][:3, :3]) ** 2 + np.abs(UR[p][:3, :3]) ** 2    # w[f, k]
            assert np.all(np.argmax(w, axis=0) == np.arange(3))
            # branch: sign(Re m_eff Re delta) with delta = -S_ii, S = M_lh M_hh^-1 M_hl, m_eff = y v/sqrt2 + delta
            S = M0[p][:3, 3:] @ np.linalg.solve(M0[p][3:, 3:], M0[p][3:, :3])
            delta = -np.diag(S)
            big = np.abs(delta.real) > 1e-9 * TARGETS
            got = np.sign((y[p] * V + delta.real) * delta.real)
            assert np.all(got[big] == br)
