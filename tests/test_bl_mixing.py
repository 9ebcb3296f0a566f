"""h-h_X mixing in the compiled B-L models against closed forms and mpmath.

References (independent of the derivation):
* the portal rotation h = c rho_H + s rho_X, h_X = -s rho_H + c rho_X (docs/physics.md, "B-L
  portal"): in ``bl`` (no lepton mixing) only rho_H couples to a lepton, with the SM Yukawa m/v, so
  the h and h_X couplings are c m/v and -s m/v;
* the one-loop Delta a of a real scalar phi of mass M with L > -y phi lbar l (Leveille, Nucl. Phys.
  B137 (1978) 63; Jegerlehner, Nyffeler arXiv:0902.3360 eq. (257)):
      Delta a = y^2/(8 pi^2) Int_0^1 x^2 (2 - x)/(x^2 + (1 - x) M^2/m^2) dx,
  integrated here with mpmath at 30 digits;
* the inversion lambda_H = (c^2 M_h^2 + s^2 M_hX^2)/(2 v^2), lambda_X = (s^2 M_h^2 + c^2 M_hX^2)/
  (2 v_X^2), lambda_HX = s c (M_h^2 - M_hX^2)/(v v_X), v = (sqrt2 G_F)^(-1/2);
* orthogonality: for degenerate M_h = M_hX every dipole is a sum over mediators of products of two
  couplings, sum_k R_ki R_kj = delta_ij, so a_l.h + a_l.hX, the EDMs and BR(l_i -> l_j gamma) of
  ``bl_vll`` do not depend on the angle.
"""
import mpmath as mp
import numpy as np
import pytest

import modelgen as mg

SCALAR_BITS = sum(1 << b for b in range(9, 12))


def scalar_loop(y, m, M):
    """Delta a of a real scalar with Yukawa y (module docstring), 30 digits."""
    with mp.workdps(30):
        m, M = mp.mpf(m), mp.mpf(M)
        r = (M / m)**2
        k = int(mp.log10(max(r, 10))) + 4
        pts = [mp.mpf(0)] + [1 - mp.mpf(10)**-j for j in range(k)][1:] + [mp.mpf(1)]
        integral = mp.quad(lambda x: x**2 * (2 - x) / (x**2 + (1 - x) * r), sorted(set(pts)))
        return y**2 / (8 * mp.pi**2) * integral


def defaults(model):
    return {name: info["default"] for name, info in mg.evaluator(model).parameters.items()}


@pytest.fixture(scope="module")
def bl_points():
    rng = np.random.default_rng(2011)
    n = 12
    pts = {"sin_theta_hX": rng.uniform(-0.95, 0.95, n), "M_hX": 10 ** rng.uniform(-1, 3, n),
           "M_Zp": 10 ** rng.uniform(-2, 0, n)}
    return pts, mg.evaluator("bl")(pts)


def test_bl_dipoles_scale_with_the_mixing_angle(bl_points):
    pts, out = bl_points
    d = defaults("bl")
    assert np.all(out["status"] & SCALAR_BITS == 0)
    v = 1 / mp.sqrt(mp.sqrt(2) * mp.mpf(d["G_F"]))
    for i, (s, mx) in enumerate(zip(pts["sin_theta_hX"], pts["M_hX"])):
        c2 = 1 - mp.mpf(s)**2
        for lep in ("e", "mu"):
            m = mp.mpf(d[f"m_{lep}"])
            f_h, f_x = scalar_loop(m / v, m, d["M_h"]), scalar_loop(m / v, m, mx)
            ref = {f"a_{lep}.h": c2 * f_h, f"a_{lep}.hX": s**2 * f_x,
                   f"delta_a_{lep}.h": -s**2 * f_h, f"delta_a_{lep}.hX": s**2 * f_x}
            for name, want in ref.items():
                assert abs(out[name][i] - want) <= 1e-10 * abs(want), (name, i)


def test_bl_solved_quartics(bl_points):
    pts, out = bl_points
    d = defaults("bl")
    v = 1 / mp.sqrt(mp.sqrt(2) * mp.mpf(d["G_F"]))
    mh = mp.mpf(d["M_h"])
    for i, (s, mx) in enumerate(zip(pts["sin_theta_hX"], pts["M_hX"])):
        s, mx, vx = mp.mpf(s), mp.mpf(mx), mp.mpf(out["v_X"][i])
        c2 = 1 - s**2
        ref = {"lambda_H": (c2 * mh**2 + s**2 * mx**2) / (2 * v**2),
               "lambda_X": (s**2 * mh**2 + c2 * mx**2) / (2 * vx**2),
               "lambda_HX": s * mp.sqrt(c2) * (mh**2 - mx**2) / (v * vx)}
        for name, want in ref.items():
            assert abs(out[name][i] - want) <= 1e-12 * abs(want), (name, i)


def test_bl_vll_degenerate_scalars_are_rotation_invariant():
    ev = mg.evaluator("bl_vll")
    out = ev({"M_hX": 125.25, "M_h": 125.25, "sin_theta_hX": np.array([0.0, 0.35, -0.8])})
    assert np.all(out["status"] & ~(1 << 3) == 0)   # bit 3: the default lam_L11 = 3.5 edge
    for lep in ("e", "mu", "tau"):
        total = out[f"a_{lep}.h"] + out[f"a_{lep}.hX"]
        assert np.allclose(total, total[0], rtol=1e-10, atol=0)
        assert np.allclose(out[f"d_{lep}"], out[f"d_{lep}"][0], rtol=1e-10, atol=1e-40)
    for name in ("BR_mu_egamma", "BR_tau_mugamma"):
        assert np.allclose(out[name], out[name][0], rtol=1e-9, atol=0)
    # and the angle does move each mediator's part (the test is not vacuous)
    assert abs(out["a_mu.hX"][1] - out["a_mu.hX"][0]) > 1e-3 * abs(out["a_mu.h"][0] + out["a_mu.hX"][0])
