"""Visible-decay searches recast from the dark photon (Ilten, Soreq, Williams, Xue, arXiv:1801.04847).

References used here, none of them the code's output:
* published dark-photon limits: NA64 2017+18 excludes 1.2e-4 < ε < 6.8e-4 at 16.7 MeV
  (arXiv:1912.11389, abstract); NA64 2017 1.3e-4 < ε < 4.2e-4 (arXiv:1803.07748, abstract);
  KLOE-2 ε < 2e-3 and E141 ε > 2e-4 at 17 MeV as used by Feng et al. (arXiv:1608.03591);
* the recast rule of arXiv:1801.04847 (Sec. 2): signal ∝ g_prod² BR(X→ee) P(τ_X), with
  P(τ) = exp(−t₀/τ) − exp(−t₁/τ), t₁ = t₀(1 + L_dec/L_sh), t₀ fixed by the two band edges;
* closed forms: Γ(A'→ee) = α ε² M/3 (1 + 2m_e²/M²) √(1 − 4m_e²/M²); for pure B−L (ε_k = 0) the
  charges give Γ_ee = α ε² M/3 and Γ_νν = 3 · α ε² M/6 (Majorana ν_L), so BR(X→ee) = 2/5 and
  Γ_X = (5/2) Γ_A' at equal ε — a prompt limit ε_lim becomes ε_lim √(5/2) on g_BL/e.
"""
import math

import mpmath as mp
import numpy as np
import pytest

import modelgen as mg
from modelgen.data import load_dataset
from modelgen.data.schema import make_entry
from modelgen.errors import DataError
from modelgen.observables import compute, recast
from modelgen.observables.constraints import kloe2, na64

ALPHA, G_F, M_E = 1 / 137.035999084, 1.1663788e-5, 0.51099895e-3
HBAR = 6.582119569e-25  # GeV s


def dark_photon_outputs(M, eps):
    """Outputs of a pure dark photon: ε_f = ε Q_f (ε_e = −ε, ε_p = ε, neutrinos and neutron 0)."""
    eps = np.atleast_1d(np.asarray(eps, float))
    out = {"M_Zp": np.full_like(eps, M), "alpha": np.full_like(eps, ALPHA), "G_F": np.full_like(eps, G_F)}
    for f in ("e", "mu", "tau", "nu_e", "nu_mu", "nu_tau", "p", "n"):
        out[f"eps_V.{f}"] = {"e": -eps, "mu": -eps, "tau": -eps, "p": eps}.get(f, 0 * eps)
        out[f"eps_A.{f}"] = 0 * eps
    out.update(compute(out))
    return out


@pytest.fixture(scope="module")
def hkot():
    return load_dataset("hkot2020").select("NA64_2020")


@pytest.mark.parametrize("key, lo, hi", [("NA64_2020", 1.2e-4, 6.8e-4), ("NA64_2018", 1.3e-4, 4.2e-4)])
def test_dark_photon_reproduces_published_na64_band(hkot, key, lo, hi):
    ds = hkot.select(key)
    eps = np.array([lo, hi, math.sqrt(lo * hi), 0.8 * lo, 1.25 * hi])
    r = recast.signal_ratios(dark_photon_outputs(0.0167, eps), ds)[f"recast.{key}"]
    assert r[:2] == pytest.approx([1.0, 1.0], rel=1e-8)  # both published edges
    assert r[2] > 1.0 and r[3] < 1.0 and r[4] < 1.0
    ok = na64(dark_photon_outputs(0.0167, eps), ds, key)
    assert list(ok[2:]) == [False, True, True]


def test_dark_photon_reproduces_prompt_limits_and_e141_upper_edge(hkot):
    out = dark_photon_outputs(0.017, [2e-3, 1.9e-3, 2.1e-3])
    r = recast.signal_ratios(out, hkot)
    assert r["recast.KLOE2"] == pytest.approx([1.0, 0.95**2, 1.05**2], rel=1e-9)
    assert list(kloe2(out, hkot)) == [True, True, False]
    assert recast.signal_ratios(dark_photon_outputs(0.017, [1.2e-3]), hkot)["recast.NA48_2"][0] == pytest.approx(1.0)
    r = recast.signal_ratios(dark_photon_outputs(0.017, [2e-4, 1.8e-4, 2.2e-4]), hkot)["recast.E141"]
    assert r[0] == pytest.approx(1.0, rel=1e-8) and r[1] > 1.0 > r[2]


def test_decay_window_against_mpmath(hkot):
    """t₀ of NA64 2020 from the two edges, solved at 30 digits with the closed-form A' width."""
    mp.mp.dps = 30
    s = recast.search_of(hkot.entry("NA64_2020"))
    M, R = mp.mpf("0.0167"), mp.mpf(4)
    x = (mp.mpf(M_E) / M) ** 2
    gamma1 = mp.mpf(ALPHA) * M / 3 * (1 + 2 * x) * mp.sqrt(1 - 4 * x)  # muons closed at 16.7 MeV

    def signal(eps, t0):
        tau = mp.mpf(HBAR) / (eps**2 * gamma1)
        return eps**2 * (mp.exp(-t0 / tau) - mp.exp(-t0 * (1 + R) / tau))
    lo, hi = mp.mpf("1.2e-4"), mp.mpf("6.8e-4")
    ps = mp.mpf("1e-12")  # t₀ in ps, bracketed
    t0_ref = ps * mp.findroot(lambda t: signal(lo, t * ps) / signal(hi, t * ps) - 1, (0.05, 1.0), solver="anderson")
    assert float(recast.window_t0(s, ALPHA)) == pytest.approx(float(t0_ref), rel=1e-9)


@pytest.fixture(scope="module")
def bl_points():
    """``bl`` at ε_k = 0, M_Z' = 16.7 MeV, for g_BL/e at the listed values."""
    g_over_e = np.array([6e-5, 1e-3, 5e-3, 5e-4, 2.5e-3, 2e-3 * math.sqrt(2.5)])
    ev = mg.evaluator("bl")
    e = math.sqrt(4 * math.pi * ALPHA)
    out = ev({"eps_k": np.zeros(6), "g_BL": g_over_e * e, "M_Zp": np.full(6, 0.0167), "alpha": np.full(6, ALPHA)},
             data="current")
    return g_over_e, out


def test_bl_branching_ratio_and_prompt_limit_scale_with_charges(bl_points):
    g, out = bl_points
    assert out["BR_Zp.e_e"] == pytest.approx(np.full(6, 0.4), rel=1e-4)  # 2/5 from the charges
    assert out["recast.KLOE2"][5] == pytest.approx(1.0, rel=1e-4)        # 2e-3·√(5/2) is the B−L edge
    assert out["recast.NA48_2"][5] == pytest.approx((g[5] / 1.2e-3) ** 2 * 0.4, rel=1e-4)


def test_bl_verdicts(bl_points):
    """B−L verdicts at points far from every boundary (arXiv:1801.04847 shows its B−L limits only
    as a figure, which could not be consulted here; the points are chosen from the closed-form
    scalings above): 6e-5 lies deep in the beam-dump (E141) region, 1e-3 is allowed by every
    visible search, 5e-3 is above the prompt limits (KLOE-2: 3.2e-3, NA48/2: 1.9e-3 on g_BL/e)."""
    g, out = bl_points
    excluded = {k: out[k] > 1.0 for k in ("recast.NA64_2020", "recast.E141", "recast.KLOE2", "recast.NA48_2")}
    assert excluded["recast.E141"][0]
    assert not any(v[1] for v in excluded.values())
    assert excluded["recast.KLOE2"][2] and excluded["recast.NA48_2"][2]
    # what the dark-photon cuts called excluded: inside the NA64 band and above the KLOE-2 ε bound
    assert not excluded["recast.NA64_2020"][3] and not excluded["recast.KLOE2"][4]
    # the B−L lifetime is (2/5) that of the dark photon: at 5e-4 the decay-volume probability
    # drops by exp(−(3/2) t₀/τ_A') relative to the dark photon's (short-lifetime regime)
    s = recast.search_of(load_dataset("current").entry("NA64_2020"))
    t0 = recast.window_t0(s, ALPHA)
    gamma_a = ALPHA * 0.0167 / 3 * g[3] ** 2
    expected = 0.4 * (g[3] / 1.2e-4) ** 2 * math.exp(-2.5 * t0 * gamma_a / HBAR) / (
        math.exp(-t0 * ALPHA * 0.0167 / 3 * 1.2e-4**2 / HBAR) - math.exp(-5 * t0 * ALPHA * 0.0167 / 3 * 1.2e-4**2 / HBAR))
    assert out["recast.NA64_2020"][3] == pytest.approx(expected, rel=2e-3)


def test_recast_enters_chi2_and_is_skipped_outside_the_window():
    ds = load_dataset("current")
    out = dark_photon_outputs(0.0167, [3e-4, 1e-3])
    c, pulls = mg.observables.chi2(out, ds, limits="hard")
    assert np.isinf(c[0]) and pulls["pull.recast.NA64_2020"][0] > 0
    far = dark_photon_outputs(0.030, [3e-4])
    _, pulls = mg.observables.chi2(far, ds)
    assert np.isnan(pulls["pull.recast.NA64_2020"][0])


def test_bad_recast_details_name_the_entry():
    base = {"observable": "recast.X", "kind": "upper_limit", "limit": 1.0, "cl": 0.9, "source": "s",
            "date": "2020", "verified": "M"}
    e = make_entry("X", {**base, "details": {"search": "displaced", "production": "e", "m_MeV": 17.0,
                                              "eps_lower": 1e-4}}, file="f.toml", line=3)
    with pytest.raises(DataError, match=r"f\.toml:3: entry \[X\].*'eps_upper'"):
        recast.search_of(e)
    e = make_entry("Y", {**base, "details": {"search": "beam", "production": "e"}})
    with pytest.raises(DataError, match=r"\[Y\].*'search'"):
        recast.search_of(e)
