"""Hadronic Z' width (VMD + R-ratio, arXiv:1801.04847) vs independent references.

References, written out here:
- narrow Breit-Wigner peak of a vector meson V in e+e- -> V -> F:
  sigma_peak = (12 pi / M_V^2) B(V->ee) B(V->F), and sigma(e+e- -> mu mu) = 4 pi alpha^2/(3 s), so
  R_peak = 9 B(V->ee) B(V->F) / alpha^2 (PDG 2020 meson tables for the branching ratios);
- perturbative QCD for the continuum: R = 3 sum_q Q_q^2 (1 + a + 1.409 a^2 - 12.77 a^3), a = alpha_s/pi
  (n_f = 3, MS-bar; PDG 2020 review "Quantum chromodynamics", eq. 9.7), alpha_s(2 GeV) = 0.30;
- the X-meson couplings r_V tr(T_V Q_X) built below from explicit U(3) generators, with r_V fixed by
  requiring the photon (Q = diag(2/3, -1/3, -1/3)) to give |c_V| = 1 (arXiv:1801.04847 eq. 2.18).
"""
import numpy as np
import pytest

from modelgen.observables import compute, hadrons

ALPHA = 1 / 137.035999084
DARK_PHOTON = (2 / 3, -1 / 3, -1 / 3)     # eps_V.q / eps for a dark photon
B_MINUS_L = (1 / 3, 1 / 3, 1 / 3)          # eps_V.q / (g_BL/e) for a pure B-L boson


def r_of(M, eps_q):
    """Gamma_had / (alpha M / 3): what the couplings see of the R-ratio."""
    return hadrons.width_hadrons(M, *eps_q, ALPHA) / (ALPHA * np.asarray(M) / 3)


def test_couplings_are_traces_with_u3_generators():
    T = {"rho": np.diag([1, -1, 0]) / 2, "omega": np.diag([1, 1, 0]) / 2, "phi": np.diag([0, 0, 1]) / np.sqrt(2)}
    photon = np.diag(DARK_PHOTON)
    r = {v: 1 / abs(np.trace(T[v] @ photon)) for v in T}
    assert r == pytest.approx({"rho": 2, "omega": 6, "phi": 3 * np.sqrt(2)})
    rng = np.random.default_rng(3)
    for eps in rng.normal(size=(5, 3)):
        want = [r[v] * np.trace(T[v] @ np.diag(eps)) for v in ("rho", "omega", "phi")]
        assert hadrons.vmd_couplings(*eps) == pytest.approx(want, rel=1e-14)


@pytest.mark.parametrize("M, B_ee, B_F, eps_q", [
    # phi(1020): M = 1.019461 GeV, B(ee) = 2.973e-4, B(K+K-) + B(KS KL) + B(3 pi) = 0.492 + 0.339 + 0.154;
    # s-quark-only coupling isolates the phi part.
    (1.019461, 2.973e-4, 0.985, (0.0, 0.0, 1 / 3)),
    # omega(782): M = 0.78266 GeV, B(ee) = 7.38e-5, B(3 pi) + B(pi0 gamma) + B(pi pi) = 0.892 + 0.0835 + 0.0153;
    # eps_u = eps_d = 1/6 (c_rho = c_phi = 0, c_omega = 1) isolates the omega part.
    (0.78266, 7.38e-5, 0.991, (1 / 6, 1 / 6, 0.0)),
])
def test_narrow_resonance_peaks(M, B_ee, B_F, eps_q):
    want = 9 * B_ee * B_F / ALPHA**2
    assert r_of(M, eps_q) == pytest.approx(want, rel=0.05)


def test_dark_photon_phi_peak_and_continuum():
    # at the phi peak the rho/omega tails add ~2% to the phi's 9 B_ee B_F/alpha^2 = 49.5
    assert r_of(1.019461, DARK_PHOTON) == pytest.approx(9 * 2.973e-4 * 0.985 / ALPHA**2, rel=0.05)
    a = 0.30 / np.pi
    r_pqcd = 3 * (4 / 9 + 1 / 9 + 1 / 9) * (1 + a + 1.409 * a**2 - 12.77 * a**3)
    assert r_of(2.0, DARK_PHOTON) == pytest.approx(r_pqcd, rel=0.05)
    assert r_of(2.0, DARK_PHOTON) * 1e-4 == pytest.approx(hadrons.width_hadrons(2.0, *(1e-2 * np.array(DARK_PHOTON)), ALPHA)
                                                         / (ALPHA * 2.0 / 3), rel=1e-12)  # Gamma ∝ eps^2


def test_b_minus_l_has_no_rho_and_four_times_the_omega():
    # B-L: eps_u = eps_d -> the isovector rho (pi pi) part vanishes; c_omega = 2, c_phi = 1.
    # Below the 3 pi threshold (0.4195 GeV in the data) only pi0 gamma (omega) remains.
    # Up to 0.8 GeV the phi tail and the omega-phi interference (c_phi = 1) add < 1%.
    M = np.array([0.3, 0.4, 0.7755])
    assert r_of(M, B_MINUS_L) == pytest.approx(4 * r_of(M, (1 / 6, 1 / 6, 0.0)), rel=1e-2)
    # at 0.5 GeV a dark photon decays to pi pi through the rho; B-L only through the omega tail
    assert r_of(0.5, DARK_PHOTON) > 100 * r_of(0.5, B_MINUS_L) > 0.0


def test_range_zero_below_nan_above():
    M = np.array([0.017, 0.1399, 0.2, 1.5, 2.0, 2.0001, 5.0])
    g = hadrons.width_hadrons(M, *DARK_PHOTON, ALPHA)
    assert np.all(g[:2] == 0.0) and np.all(g[2:5] > 0.0) and np.all(np.isnan(g[5:]))
    assert list(hadrons.above_range(M)) == [False] * 5 + [True] * 2
    assert np.isnan(hadrons.width_hadrons(np.nan, *DARK_PHOTON, ALPHA))


def test_compute_flags_above_range_and_keeps_status():
    M = np.array([0.5, 2.5])
    out = {"M_Zp": M, "alpha": ALPHA, "G_F": 1.1663787e-5, "status": np.array([8, 0], dtype=np.intc)}
    for f, q in zip(("u", "d"), DARK_PHOTON):
        out[f"eps_V.{f}"], out[f"eps_A.{f}"] = np.full(2, 1e-3 * q), np.zeros(2)
    for f in ("e", "mu", "tau"):
        out[f"eps_V.{f}"], out[f"eps_A.{f}"] = np.full(2, -1e-3), np.zeros(2)
    for f in ("nu_e", "nu_mu", "nu_tau"):
        out[f"eps_L.{f}"] = np.zeros(2)
    res = compute(out)
    bit = 1 << 16
    assert list(res["status"]) == [8, bit]
    assert np.isnan(res["Gamma_Zp.total"][1]) and np.isnan(res["BR_Zp.e_e"][1])
    # s takes d's coupling (universal charges): the dark-photon R at 0.5 GeV
    assert res["Gamma_Zp.hadrons"][0] == pytest.approx(1e-6 * ALPHA * 0.5 / 3 * r_of(0.5, DARK_PHOTON), rel=1e-12)
    # 0.5 GeV: e, mu open; BR(ee) + BR(mu mu) + BR(had) = 1
    br = res["BR_Zp.e_e"][0] + res["BR_Zp.mu_mu"][0] + res["Gamma_Zp.hadrons"][0] / res["Gamma_Zp.total"][0]
    assert br == pytest.approx(1.0, rel=1e-12)


def test_pure_b_minus_l_evaluator_at_the_omega_peak():
    # bl with eps_k = 0 is the paper's B-L boson: eps_V.q = g_BL/(3e) for u and d (and s, assumed equal
    # to d), so c_omega = 2 g_BL/e and Gamma_had ~ 4 (g_BL/e)^2 (alpha M/3) 9 B(ee) B(had)/alpha^2 at the
    # omega peak (omega(782) PDG numbers as above; phi tail < 1%).
    import modelgen as mg
    g_BL, M = 1e-3, 0.78266
    out = mg.evaluator("bl")({"g_BL": g_BL, "eps_k": 0.0, "M_Zp": M})
    e = np.sqrt(4 * np.pi * out["alpha"])
    assert out["eps_V.u"] == pytest.approx(g_BL / (3 * e), rel=1e-9) and out["eps_V.d"] == pytest.approx(g_BL / (3 * e), rel=1e-9)
    want = 4 * (g_BL / e) ** 2 * out["alpha"] * M / 3 * 9 * 7.38e-5 * 0.991 / out["alpha"] ** 2
    assert out["status"] == 0 and out["Gamma_Zp.hadrons"] == pytest.approx(want, rel=0.05)
