"""Delta a_mu.Z, Delta a_mu.h of ``bl`` and Delta a_mu.W of ``bl_vll`` against high-precision mpmath.

delta_a_mu.Z = a_mu(Z: the model's couplings and mass) - a_mu(Z: the SM limit, g_BL = eps_k =
sin_theta_hX = 0, same inputs): for small eps_k, g_BL the two terms agree to O(eps_k^2, eps_k g_BL)
relative, so a double-precision subtraction would keep only ~16 - 2|log10 eps| digits; the kernel
computes it without cancellation (docs/physics.md, "Delta a without cancellation"), checked here at
1e-10 relative for eps_k, g_BL down to 1e-8.  Reference, independent of the derivation and of the
kernels' numerics:
* the neutral gauge sector of tests/reference.py (50-digit generalized eigenproblem written from the
  Lagrangian), mu couplings g_{L,R} = (g T3, g' Y, g_BL (B-L)) . x_Z with (T3, Y, B-L) =
  (-1/2, -1/2, -1) and (0, -1, -1);
* the SM limit: x_Z0 = (c_W, -s_W, 0), M_Z0 = v sqrt(g^2 + g'^2)/2 (eps_k = g_BL = 0);
* the one-loop neutral-vector integral of tests/loops/g2_mpref.py (Leveille, Nucl. Phys. B137 (1978)
  63; Jegerlehner & Nyffeler arXiv:0902.3360 Sec. 7; Lindner, Platscher, Queiroz arXiv:1610.06587):
      Delta a = S (c_V^2 + c_A^2) + D (c_V^2 - c_A^2),  c_V = (g_L + g_R)/2, c_A = (g_R - g_L)/2,
  by mp.quad at 50 digits; both loops evaluated and subtracted at 50 digits.
"""
import os
import sys

import mpmath as mp
import numpy as np
import pytest

import modelgen as mg
from reference import fermion_coupling, neutral_states

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "loops"))
import g2_mpref  # noqa: E402

TOL = 1e-10
N_POINTS = 8
H = mp.mpf(1) / 2
MU_L, MU_R = (-H, -H, -1), (0, -1, -1)


def _z_loop(m, M, gl, gr):
    """Delta a_mu of a neutral vector of mass M coupling as mu_bar g^mu (g_L P_L + g_R P_R) mu."""
    S, D = g2_mpref.parts("V", m, m, M)
    cv, ca = (gl + gr) / 2, (gr - gl) / 2
    return S * (cv**2 + ca**2) + D * (cv**2 - ca**2)


def reference_delta_z(p):
    """50-digit a_mu.Z(model) - a_mu.Z(SM limit) (module docstring)."""
    with mp.workdps(50):
        states, c, _ = neutral_states(p["alpha"], p["G_F"], p["M_Z"], p["eps_k"], p["M_Zp"], p["g_BL"])
        MZ, x = states["Z"]
        m = mp.mpf(p["m_mu"])
        model = _z_loop(m, MZ, *(fermion_coupling(c, x, *q, g_BL=p["g_BL"]) for q in (MU_L, MU_R)))
        sW, cW = c["e"] / c["g"], c["e"] / c["gY"]
        x0 = mp.matrix([cW, -sW, 0])
        M0 = c["v"] * mp.sqrt(c["g"]**2 + c["gY"]**2) / 2
        sm = _z_loop(m, M0, *(fermion_coupling(c, x0, *q) for q in (MU_L, MU_R)))
        return model - sm


@pytest.fixture(scope="module")
def bl_small_mixing():
    rng = np.random.default_rng(1310)
    pts = {"eps_k": 10 ** rng.uniform(-6, -2, N_POINTS), "g_BL": 10 ** rng.uniform(-6, -2, N_POINTS),
           "M_Zp": 10 ** rng.uniform(-3, 3, N_POINTS)}
    ev = mg.evaluator("bl")
    base = {name: info["default"] for name, info in ev.parameters.items()}
    return [dict(base, **{k: float(v[i]) for k, v in pts.items()}) for i in range(N_POINTS)], ev(pts), ev.fatal_mask


def test_delta_a_mu_z_matches_50_digit_difference(bl_small_mixing):
    points, out, fatal = bl_small_mixing
    assert np.all(out["status"] & fatal == 0)
    errors = []
    for i, p in enumerate(points):
        assert p["sin_theta_hX"] == 0
        ref = reference_delta_z(p)
        errors.append(float(abs(out["delta_a_mu.Z"][i] / ref - 1)))
    assert max(errors) < TOL, f"relative errors of delta_a_mu.Z: {['%.1e' % e for e in errors]}"


@pytest.fixture(scope="module")
def bl_small_scan():
    """eps_k, g_BL log-uniform in 1e-8 .. 1e-1 (each), M_Zp in 1e-3 .. 3e3 GeV."""
    rng = np.random.default_rng(1616)
    n = 12
    pts = {"eps_k": 10 ** rng.uniform(-8, -1, n), "g_BL": 10 ** rng.uniform(-8, -1, n),
           "M_Zp": 10 ** rng.uniform(-3, 3.5, n)}
    ev = mg.evaluator("bl")
    base = {name: info["default"] for name, info in ev.parameters.items()}
    return [dict(base, **{k: float(v[i]) for k, v in pts.items()}) for i in range(n)], ev(pts), ev.fatal_mask


def test_delta_a_mu_z_small_parameter_scan(bl_small_scan):
    points, out, fatal = bl_small_scan
    assert np.all(out["status"] & fatal == 0)
    errors = [float(abs(out["delta_a_mu.Z"][i] / reference_delta_z(p) - 1)) for i, p in enumerate(points)]
    assert max(errors) < TOL, f"relative errors of delta_a_mu.Z: {['%.1e' % e for e in errors]}"


def test_delta_a_mu_h_small_mixing_is_minus_s2_times_the_sm_loop():
    """h-h_X portal: the h couples to the muon as cos(theta_hX) m/v (v^-2 = sqrt2 G_F), so
    Delta a_mu.h = (cos^2 - 1)(m/v)^2 (S + D) = -sin^2(theta_hX) (m/v)^2 (S + D) with the neutral-scalar
    integral (S, D) of g2_mpref at M_h (Leveille 1978; Jegerlehner & Nyffeler arXiv:0902.3360 eq. 257)."""
    ev = mg.evaluator("bl")
    base = {name: info["default"] for name, info in ev.parameters.items()}
    s = np.array([1e-8, 1e-5, 1e-3, 0.1, 0.5])
    out = ev(dict(base, sin_theta_hX=s))
    assert np.all(out["status"] & ev.fatal_mask == 0)
    with mp.workdps(30):
        m = mp.mpf(base["m_mu"])
        S, D = g2_mpref.parts("S", m, m, mp.mpf(base["M_h"]))
        loop = (S + D) * m**2 * mp.sqrt(2) * mp.mpf(base["G_F"])
        errors = [float(abs(out["delta_a_mu.h"][i] / (-mp.mpf(x)**2 * loop) - 1)) for i, x in enumerate(s)]
    assert max(errors) < TOL, f"relative errors of delta_a_mu.h: {['%.1e' % e for e in errors]}"


def reference_delta_w(p, lam):
    """40-digit a_mu.W(bl_vll) - a_mu.W(SM) when only lam_L22 mixes (every other lam, y_nu = 0).

    Charged 2 x 2 block, rows (mu_L, L2_L^-), columns (mu_R, L2_R^-): [[y v/sqrt2, a], [0, M_L2]],
    a = lam v_X/sqrt2 (v_X^2 = s of tests/reference.py), y fixed by the light singular value = m_mu:
    y^2 v^2/2 = m^2 (M^2 + a^2 - m^2)/(M^2 - m^2) (det = m m_heavy, trace of M M^T).  Neutral: the
    same term gives nu_L-bar a L2^0_R, so nu_L, L2^0_L pair with L2^0_R into a Dirac state N of mass
    sqrt(a^2 + M^2) with left part (a, M)/N, and leave the massless nu = (M, -a)/N.  W vertex
    (g/sqrt2) W^+ [nu_L-bar mu_L + L^0_L-bar L^-_L + L^0_R-bar L^-_R]: g_L = (g/sqrt2) n_L . u_L,
    g_R = (g/sqrt2) n_R u_R[L^-_R] (u_{L,R}: the muon's singular vectors, mp.svd_r).  Loop (Q_F = 0,
    photon on the W) from tests/loops/g2_mpref.py, Delta a = S (g_L^2 + g_R^2)/2 + D g_L g_R, minus the
    SM: massless nu with g_L = g/sqrt2, M_W = g v/2."""
    with mp.workdps(40):
        _, c, s = neutral_states(p["alpha"], p["G_F"], p["M_Z"], p["eps_k"], p["M_Zp"], p["g_BL"])
        g, r2 = c["g"], mp.sqrt(2)
        MW, m, M = g * c["v"] / 2, mp.mpf(p["m_mu"]), mp.mpf(p["M_L2"])
        a = mp.mpf(lam) * mp.sqrt(s) / r2
        y = mp.sqrt(m**2 * (M**2 + a**2 - m**2) / (M**2 - m**2))
        U, S, V = mp.svd_r(mp.matrix([[y, a], [0, M]]))
        k = 0 if S[0] < S[1] else 1
        uL, uR, N = U[:, k], V[k, :], mp.sqrt(a**2 + M**2)
        g_nu = g / r2 * (M * uL[0] - a * uL[1]) / N
        gL, gR = g / r2 * (a * uL[0] + M * uL[1]) / N, g / r2 * uR[1]
        S0, _ = g2_mpref.parts("V", m, 0, MW, QF=0)
        SN, DN = g2_mpref.parts("V", m, N, MW, QF=0)
        return S0 * (g_nu**2 - g**2 / 2) / 2 + SN * (gL**2 + gR**2) / 2 + DN * gL * gR


def test_bl_vll_delta_a_mu_w_small_mixing():
    """delta_a_mu.W = a_mu.W - a_mu.W(SM) ~ theta_L^2 a_mu.W without cancellation (kernels/leptons.w_delta_sum:
    unitarity complement of the light neutrinos, heavy Dirac state with the left coupling from the mixing
    identity) against the 40-digit reference_delta_w (before: 5.9e-3 relative at lam_L22 = 0.1, exactly 0
    against -8.5e-27 at 1e-3)."""
    ev = mg.evaluator("bl_vll")
    base = {name: info["default"] for name, info in ev.parameters.items()}
    base.update({k: 0.0 for k in base if k.startswith(("lam_", "y_nu", "kap", "c_"))})
    lams = [1e-1, 1e-2, 1e-3, 1e-6]
    out = ev(dict(base, lam_L22=np.array(lams)))
    assert np.all(out["status"] & ev.fatal_mask == 0)
    errors = [float(abs(out["delta_a_mu.W"][i] / reference_delta_w(base, lam) - 1)) for i, lam in enumerate(lams)]
    assert max(errors) < TOL, f"relative errors of delta_a_mu.W: {['%.1e' % e for e in errors]}"


def test_bl_vll_light_mass_is_solved_to_relative_accuracy():
    """The light-mass Newton stops at relative accuracy (kernels/lightmass.newton_stop), not at LAPACK's
    64 eps m_max: before, at lam_L22 <= 1.9e-3 the kernel kept the unmixed y_mu, its muon was
    m_mu (1 - theta_L^2/2) and delta_a_mu.W was -3.3e-19 against -8.5e-27.  Now the muon mass is the input
    to a few eps, and delta_a_mu.W is within 8 eps |a_mu.W| of the 40-digit reference_delta_w (a loose
    bound since delta_a_mu.W is computed without cancellation: the relative test is above)."""
    ev = mg.evaluator("bl_vll")
    base = {name: info["default"] for name, info in ev.parameters.items()}
    base.update({k: 0.0 for k in base if k.startswith(("lam_", "y_nu", "kap", "c_"))})
    lams = [1e-1, 1e-2, 1e-3, 1e-4]
    out = ev(dict(base, lam_L22=np.array(lams)))
    assert np.all(out["status"] & ev.fatal_mask == 0)
    eps = np.finfo(float).eps
    light = [out[f"m_charged.{i}"] for i in range(3)]
    for m, name in zip(light, ("m_e", "m_mu", "m_tau")):
        assert np.all(abs(m / base[name] - 1) <= 4 * eps), (name, m)
    for i, lam in enumerate(lams):
        err = abs(out["delta_a_mu.W"][i] - float(reference_delta_w(base, lam)))
        assert err <= 8 * eps * abs(out["a_mu.W"][i]), (lam, err, out["a_mu.W"][i])


def reference_delta_w_generation(p, lam_L, lam_E, kap_LE, lam_LE):
    """40-digit a_mu.W(bl_vll) - a_mu.W(SM) with the second generation's VLLs only (every other lam, y_nu,
    c_ = 0).  Written from the Lagrangian, independent of the derivation and of the kernel's numerics.
    Charged 3 x 3 block, rows (mu_L, L2_L^-, E2_L), columns (mu_R, L2_R^-, E2_R):
        [[y v/sqrt2, a, 0], [0, M_L, lam_LE v/sqrt2], [lam_E v_X/sqrt2, kap_LE v/sqrt2, M_E]],
    a = lam_L v_X/sqrt2 (L-bar_l L_R S, L-bar_L H E_R, E-bar_L e_R S*, E-bar_L H^+ L_R, Dirac masses), y
    solved (mp.findroot) so the smallest singular value is m_mu.  Neutral: H^+ L_R and the E terms have no
    neutral part, so nu_L, L2^0_L pair with L2^0_R into the Dirac N of mass sqrt(a^2 + M_L^2) with left
    part (a, M_L)/N and leave the massless nu = (M_L, -a)/N (as reference_delta_w).  W vertex (g/sqrt2)
    W^+ [nu_L-bar mu_L + L^0_L-bar L^-_L + L^0_R-bar L^-_R] (E2 is a singlet): g_nu = (g/sqrt2)(M u_mu - a u_L)/N,
    g_L = (g/sqrt2)(a u_mu + M u_L)/N, g_R = (g/sqrt2) v_L (u, v: the muon's singular vectors).  Loop of
    tests/loops/g2_mpref.py, Delta a = S (g_L^2 + g_R^2)/2 + D g_L g_R, minus the SM (massless nu, g/sqrt2)."""
    with mp.workdps(40):
        _, c, s = neutral_states(p["alpha"], p["G_F"], p["M_Z"], p["eps_k"], p["M_Zp"], p["g_BL"])
        g, r2, v = c["g"], mp.sqrt(2), c["v"]
        MW, m = g * v / 2, mp.mpf(p["m_mu"])
        ML, ME, vX = mp.mpf(p["M_L2"]), mp.mpf(p["M_E2"]), mp.sqrt(s)
        a = mp.mpf(lam_L) * vX / r2

        def block(y):
            return mp.matrix([[y * v / r2, a, 0], [0, ML, mp.mpf(lam_LE) * v / r2],
                              [mp.mpf(lam_E) * vX / r2, mp.mpf(kap_LE) * v / r2, ME]])

        y = mp.findroot(lambda y: min(mp.svd_r(block(y), compute_uv=False)) - m, r2 * m / v)
        U, S, V = mp.svd_r(block(y))
        k = min(range(3), key=lambda j: S[j])
        assert abs(S[k] / m - 1) < mp.mpf(10) ** -30
        u, vR, N = U[:, k], V[k, :], mp.sqrt(a**2 + ML**2)
        g_nu = g / r2 * (ML * u[0] - a * u[1]) / N
        gL, gR = g / r2 * (a * u[0] + ML * u[1]) / N, g / r2 * vR[1]
        S0, _ = g2_mpref.parts("V", m, 0, MW, QF=0)
        SN, DN = g2_mpref.parts("V", m, N, MW, QF=0)
        return S0 * (g_nu**2 - g**2 / 2) / 2 + SN * (gL**2 + gR**2) / 2 + DN * gL * gR


def test_bl_vll_delta_a_mu_w_generation_mixing():
    """delta_a_mu.W at small mixing with the singlet E2 and the Higgs-doublet term kap_LE (whose entries
    remain in the mixing identity's DW, kernels/leptons.w_delta_sum) against the 40-digit
    reference_delta_w_generation: (lam_L22, lam_E22, kap_LE22, lam_LE22) from 1e-6 to 1e-1."""
    ev = mg.evaluator("bl_vll")
    base = {name: info["default"] for name, info in ev.parameters.items()}
    base.update({k: 0.0 for k in base if k.startswith(("lam_", "y_nu", "kap", "c_"))})
    cases = [(1e-3, 0.0, 1e-3, 0.0), (0.0, 1e-2, 0.0, 1e-2), (1e-4, 1e-3, 0.1, 1e-3), (1e-2, 1e-2, 1e-2, 1e-2),
             (0.1, 0.0, 0.1, 0.0), (1e-6, 1e-6, 1e-6, 1e-6)]
    cols = {name: np.array([cs[j] for cs in cases]) for j, name in enumerate(("lam_L22", "lam_E22", "kap_LE22",
                                                                             "lam_LE22"))}
    out = ev(dict(base, **cols))
    assert np.all(out["status"] & ev.fatal_mask == 0)
    errors = [float(abs(out["delta_a_mu.W"][i] / reference_delta_w_generation(base, *cs) - 1))
              for i, cs in enumerate(cases)]
    assert max(errors) < TOL, f"relative errors of delta_a_mu.W: {['%.1e' % e for e in errors]}"
