"""Built-in model lmu_ltau (U(1)_{L_mu - L_tau}): compiled couplings and Delta a_mu against
references written here (tree-level Lagrangian, leading order in eps_k, mpmath loop integral)."""
import mpmath as mp
import numpy as np
import pytest
import sympy as sp

import modelgen as mg
from modelgen.derive.names import bsm_couplings
from modelgen.errors import ModelError
from modelgen.models import lmu_ltau
from modelgen.observables.status import HADRONS_ABOVE_RANGE

ALPHA, G_F, M_Z = 1 / 137.035999084, 1.1663787e-5, 91.1876
M_MU, M_TAU = 0.1056583755, 1.77686
E = np.sqrt(4 * np.pi * ALPHA)
# tree-level c_W from alpha, G_F, M_Z: s_W^2 c_W^2 = pi alpha/(sqrt2 G_F M_Z^2)
C_W = np.sqrt((1 + np.sqrt(1 - 4 * np.pi * ALPHA / (np.sqrt(2) * G_F * M_Z**2))) / 2)
NEUTRAL_TO_ZP = ("e", "nu_e", "u", "d", "p", "n")


@pytest.fixture(scope="module")
def ev():
    return mg.evaluator("lmu_ltau")


def _grid():
    g, m = np.meshgrid([1e-5, 5e-4, 3e-2], np.logspace(-6, 2, 9))
    return {"g_X": g.ravel(), "M_Zp": m.ravel(), "eps_k": 0.0}


def test_without_kinetic_mixing_only_mu_and_tau_couple(ev):
    # eps_k = 0: no Z-Z' mass mixing either (the Stueckelberg mass touches only X), so
    # L > g_X q_f f_bar gamma^mu f Z'_mu exactly: eps_V = g_X q_f / e, eps_A = 0 for mu and tau
    p = _grid()
    out = ev(p)
    assert np.all(out["status"] & ~(1 << HADRONS_ABOVE_RANGE) == 0)   # non-fatal above 2 GeV
    for f in NEUTRAL_TO_ZP:
        for kind in ("eps_V", "eps_A"):
            assert np.all(out[f"{kind}.{f}"] == 0.0), (kind, f)
    np.testing.assert_allclose(out["eps_V.mu"], p["g_X"] / E, rtol=1e-12)
    np.testing.assert_array_equal(out["eps_V.tau"], -out["eps_V.mu"])
    assert np.all(np.abs(out["eps_A.mu"]) <= 1e-15 * out["eps_V.mu"])
    # left-handed neutrinos: eps_L = g_X q / e
    np.testing.assert_allclose(out["eps_L.nu_mu"], p["g_X"] / E, rtol=1e-12)
    np.testing.assert_allclose(out["eps_L.nu_tau"], -p["g_X"] / E, rtol=1e-12)
    np.testing.assert_allclose(out["M_Z"], M_Z, rtol=1e-14)
    assert np.all(out["delta_a_e.Zp"] == 0.0)


def _vector_loop(g, m, M):
    """Delta a of a neutral vector with pure vector coupling g to a lepton of mass m:
    (g^2/(4 pi^2)) int_0^1 dx m^2 x^2 (1-x) / (m^2 x^2 + M^2 (1-x))
    (Leveille, Nucl. Phys. B137 (1978) 63; Jegerlehner, Nyffeler arXiv:0902.3360, the Z'/dark-photon
    one-loop term), integrated at 30 digits on log-spaced pieces (features at x ~ M/m, 1-x ~ m^2/M^2)."""
    with mp.workdps(30):
        g, m, M = mp.mpf(g), mp.mpf(m), mp.mpf(M)
        pts = sorted({mp.mpf(0), mp.mpf(1)} | {mp.mpf(10) ** -k for k in range(1, 25)}
                     | {1 - mp.mpf(10) ** -k for k in range(1, 25)})
        f = lambda x: m**2 * x**2 * (1 - x) / (m**2 * x**2 + M**2 * (1 - x))  # noqa: E731
        return float(g**2 / (4 * mp.pi**2) * mp.quad(f, pts))


def test_delta_a_mu_is_the_neutral_vector_integral(ev):
    M = np.logspace(-6, 2, 17)   # 1 keV .. 100 GeV
    g = 5e-4
    out = ev({"g_X": g, "M_Zp": M, "eps_k": 0.0})
    ref = np.array([_vector_loop(g, M_MU, x) for x in M])
    np.testing.assert_allclose(out["delta_a_mu.Zp"], ref, rtol=1e-10)
    np.testing.assert_allclose(out["delta_a_mu"], ref, rtol=1e-10)   # no other BSM diagram at eps_k = 0
    # light limit g^2/(8 pi^2), heavy limit g^2 m^2/(12 pi^2 M^2)
    light, heavy = ev({"g_X": g, "M_Zp": [1e-6, 100.0], "eps_k": 0.0})["delta_a_mu.Zp"]
    assert light == pytest.approx(g**2 / (8 * np.pi**2), rel=1e-4)       # O(M/m) ~ 1e-5 correction
    assert heavy == pytest.approx(g**2 * M_MU**2 / (12 * np.pi**2 * 100.0**2), rel=1e-5)


def test_kinetic_mixing_gives_the_leading_order_electron_coupling(ev):
    # LO in eps_k and M_Z'^2/M_Z^2 (docs/physics.md): eps_f = eps Q_f + g_X q_f / e, eps = -eps_k c_W
    eps_k = np.array([-1e-3, -1e-4, 1e-5, 3e-4])
    g = 5e-4
    out = ev({"g_X": g, "eps_k": eps_k, "M_Zp": 0.02})
    assert np.all(out["status"] == 0)
    assert not any(np.isnan(v).any() for v in out.values())
    eps = -eps_k * C_W
    np.testing.assert_allclose(out["eps_V.e"], -eps, rtol=1e-5)
    np.testing.assert_allclose(out["eps_V.p"], eps, rtol=1e-5)
    np.testing.assert_allclose(out["eps_V.mu"], -eps + g / E, rtol=1e-5)
    np.testing.assert_allclose(out["eps_V.tau"], -eps - g / E, rtol=1e-5)
    assert np.all(np.abs(out["eps_V.n"]) < 1e-6 * np.abs(eps_k))      # Q_n = 0: O(M_Z'^2/M_Z^2)


def test_loop_induced_mixing_helper(ev):
    # mu and tau loops at q^2 = 0 with no mixing above m_tau give the photon-X mixing
    # -(eps_gamma/2) F X with eps_gamma = -(e g_X/(12 pi^2)) ln(m_tau^2/m_mu^2) ~ -g_X/70; the
    # electron then couples with eps_V.e = eps Q_e, eps = -eps_gamma (= -eps_k c_W), i.e. eps_gamma
    g = 5e-4
    eps_gamma = -E * g / (12 * np.pi**2) * np.log(M_TAU**2 / M_MU**2)
    assert -1 / 68 < eps_gamma / g < -1 / 71
    out = ev({"g_X": g, "eps_k": lmu_ltau.loop_kinetic_mixing(g), "M_Zp": 0.02})
    assert out["eps_V.e"] == pytest.approx(eps_gamma, rel=1e-5)


def test_builtin_is_anomaly_free_and_has_its_parameters():
    m = mg.load_model("lmu_ltau")
    assert {"g_X", "eps_k", "M_Zp"} <= set(m.parameters)
    assert [m.charge(m.fermions["e_R"], lmu_ltau.GROUP, i) for i in range(3)] == [0, 1, -1]
    assert {s.name for s in bsm_couplings(m)} == {"g_X", "eps_k"}   # both off in the SM reference of Delta a
    with pytest.raises(ModelError, match="'stueckelberg' or 'scalar'"):
        lmu_ltau.build(mass="higgs")


def test_scalar_variant_vev():
    # Z' mass from phi_X (charge 1): at eps_k = 0, M_Zp^2 = g_X^2 v_X^2 exactly
    d = lmu_ltau.build(mass="scalar").derive()
    params = d.model.parameters
    (v2, sol), _ = d.gauge.solved
    g, M = params["g_X"].symbol, params["M_Zp"].symbol
    assert sp.simplify(sol.subs(params["eps_k"].symbol, 0) - M**2 / g**2) == 0
