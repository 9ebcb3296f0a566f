"""compute(): the entry point on an evaluator-like output dict."""
import numpy as np
import pytest

from modelgen.errors import ParameterError
from modelgen.observables import compute

ALPHA, G_F = 1 / 137.035999084, 1.1663788e-5
FERMIONS = ("e", "mu", "tau", "nu_e", "nu_mu", "nu_tau", "u", "d", "p", "n")


def outputs(M, **eps):
    M = np.atleast_1d(np.asarray(M, float))
    out = {"M_Zp": M, "alpha": np.full_like(M, ALPHA), "G_F": np.full_like(M, G_F)}
    for f in FERMIONS:
        out[f"eps_V.{f}"] = np.zeros_like(M)
        out[f"eps_A.{f}"] = np.zeros_like(M)
    for nu in ("nu_e", "nu_mu", "nu_tau"):
        out[f"eps_L.{nu}"] = np.zeros_like(M)
    for k, v in eps.items():
        out[k.replace("__", ".")] = np.broadcast_to(np.asarray(v, float), M.shape).copy()
    return out


def test_keys_and_closed_channels():
    res = compute(outputs([0.017, 0.3], eps_V__e=1e-3, eps_V__mu=1e-3, eps_L__nu_e=1e-4))
    for k in ("Gamma_Zp.e_e", "Gamma_Zp.mu_mu", "Gamma_Zp.nu_nu", "Gamma_Zp.total", "BR_Zp.e_e", "ctau_Zp",
              "R_Be8_18p15", "R_Be8_17p64", "dQW_Cs", "eps_VA.e", "eps_V.p.ee", "eps_nu_e.nu_e"):
        assert res[k].shape == (2,), k
    assert res["Gamma_Zp.mu_mu"][0] == 0.0 and res["Gamma_Zp.tau_tau"][0] == 0.0
    assert res["R_Be8_18p15"][1] == 0.0  # 300 MeV X cannot be emitted: 0, not NaN
    assert res["Gamma_Zp.hadrons"][1] == 0.0 and np.isfinite(res["Gamma_Zp.total"][1])  # no quark coupling
    assert "R_He4_21p01" not in res  # not modelled: not returned (NOT_MODELLED says why)


def test_dark_photon_like_width_lifetime_and_published_window():
    eps = np.array([2e-4, 1.4e-3])  # Feng et al. ε_e window (inputs.md §4)
    res = compute(outputs(np.full(2, 0.017), eps_V__e=eps))
    M, me = 0.017, 0.51099895e-3
    r = (me / M) ** 2
    ref = ALPHA * eps**2 * M / 3 * (1 + 2 * r) * np.sqrt(1 - 4 * r)
    assert np.allclose(res["Gamma_Zp.total"], ref, rtol=1e-12)
    assert np.allclose(res["BR_Zp.e_e"], 1.0)
    # PoS(LHCP2020)177 / Krasnikov arXiv:1912.11689: this ε_e window means 1e-14 ≲ τ_X ≲ 1e-12 s
    tau = res["tau_Zp"]
    assert 0.5e-14 < tau[1] < 2e-14 and 1e-13 < tau[0] < 1e-12
    assert np.allclose(res["ctau_Zp"], 2.99792458e8 * tau, rtol=1e-9)


def test_branching_ratios_sum_to_one_and_nucleons_from_quarks():
    o = outputs(0.017, eps_V__e=8e-4, eps_A__e=2e-4, eps_L__nu_e=1e-3, eps_L__nu_mu=1e-3, eps_L__nu_tau=1e-3,
                eps_V__u=3e-3, eps_V__d=-2e-3)
    del o["eps_V.p"], o["eps_V.n"]
    res = compute(o)
    assert res["BR_Zp.e_e"] + res["BR_Zp.nu_nu"] == pytest.approx(1.0)
    assert res["Gamma_Zp.nu_nu"][0] == pytest.approx(3 * ALPHA * 1e-6 * 0.017 / 6, rel=1e-12)
    assert res["eps_V.p"][0] == pytest.approx(4e-3) and res["eps_V.n"][0] == pytest.approx(-1e-3)
    assert res["eps_VA.e"][0] == pytest.approx(np.hypot(8e-4, 2e-4))
    assert res["eps_nu_e.nu_e"][0] == pytest.approx(np.sqrt(1e-3 * np.hypot(8e-4, 2e-4)))
    assert res["eps_V.p.ee"][0] == pytest.approx(4e-3 * np.sqrt(res["BR_Zp.e_e"][0]))
    dirac = compute(o, majorana_nu=False)
    assert dirac["Gamma_Zp.nu_nu"][0] == pytest.approx(res["Gamma_Zp.nu_nu"][0], rel=1e-12)


def test_missing_required_input():
    o = outputs(0.017)
    del o["G_F"]
    with pytest.raises(ParameterError, match="'G_F'"):
        compute(o)


def test_z_universality_ratio_without_mixing_is_phase_space():
    """Equal couplings: Gamma_ll/Gamma_ee = beta_l (1 + 2 x_l) ... closed form with x = m^2/M_Z^2,
    beta = sqrt(1 - 4x), Gamma ∝ beta [g_V^2 (1 + 2x) + g_A^2 beta^2] (independent of modelgen)."""
    import numpy as np
    from modelgen.observables import compute
    gl, gr, MZ, alpha = -0.2, 0.17, 91.19, 1 / 137.036
    out = {"M_Zp": 0.017, "alpha": alpha, "G_F": 1.1663787e-5, "M_Z": MZ}
    for f in ("e", "mu", "tau", "u", "d", "nu_e", "nu_mu", "nu_tau"):
        out.update({f"eps_V.{f}": 1e-3, f"eps_A.{f}": 0.0, f"eps_L.{f}": 1e-3})
    for lep in ("e", "mu", "tau"):
        out.update({f"g_L.Z.{lep}": gl, f"g_R.Z.{lep}": gr})
    masses = {"e": 0.51099895e-3, "mu": 0.1056583755, "tau": 1.77686}
    out.update({f"m_{k}": v for k, v in masses.items()})
    res = compute(out)

    def width(m):
        x = (m / MZ) ** 2
        b = np.sqrt(1 - 4 * x)
        gv, ga = (gl + gr) / 2, (gr - gl) / 2
        return b * (gv**2 * (1 + 2 * x) + ga**2 * b**2)
    for lep in ("mu", "tau"):
        assert abs(res[f"R_Z.{lep}_e"] - width(masses[lep]) / width(masses["e"])) < 1e-14
    assert abs(res["R_Z.tau_e"] - 1) > 1e-3  # the tau mass effect is visible
