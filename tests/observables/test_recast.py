"""Visible-decay searches recast from the dark photon (Ilten, Soreq, Williams, Xue, arXiv:1801.04847).

References used here, none of them the code's output:
* published dark-photon limits: NA64 2017+18 excludes 1.2e-4 < ε < 6.8e-4 at 16.7 MeV
  (arXiv:1912.11389, abstract); NA64 2017 1.3e-4 < ε < 4.2e-4 (arXiv:1803.07748, abstract);
  KLOE-2 ε < 2e-3 at 17 MeV (as quoted by Feng et al., arXiv:1608.03591); the stored curves
  (DarkCast's digitisation of the experiments' figures) at their own nodes;
* the paper's published B−L limits (DarkCast's recast B−L limit files for NA64 2019, E141 and
  KLOE-2; gauge coupling g_BL, here divided by e = 0.302822): NA64 excludes
  5.1346e-5 < g_BL < 7.3892e-5 at 16.731 MeV and nothing at 17.362 MeV; E141 excludes
  2.0458e-5 < g_BL < 3.7244e-5 at 12.992 MeV and nothing at 14.218–19.1 MeV; KLOE-2 gives
  g_BL < 9.6240e-4 at 17 MeV;
* closed forms: Γ(A'→ee) = α ε² M/3 (1 + 2m_e²/M²) √(1 − 4m_e²/M²); for pure B−L (ε_k = 0) the
  charges give Γ_ee = α ε² M/3 and Γ_νν = 3 · α ε² M/6 (Majorana ν_L), so BR(X→ee) = 2/5 and a
  prompt limit ε_lim becomes ε_lim √(5/2) on g_BL/e.
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


def edges(ds, key, M, lo_guess, hi_guess):
    """Couplings where the dark photon's recast signal ratio crosses 1 (bisection in ln ε, both edges
    at once: below the lower edge and above the upper one the ratio is < 1)."""
    a = np.log([lo_guess / 3, hi_guess * 3])
    b = np.log([lo_guess * 3, hi_guess / 3])
    for _ in range(45):
        mid = 0.5 * (a + b)
        r = recast.signal_ratios(dark_photon_outputs(M, np.exp(mid)), ds)[f"recast.{key}"]
        a, b = np.where(r > 1.0, a, mid), np.where(r > 1.0, mid, b)
    return list(np.exp(0.5 * (a + b)))


def test_dark_photon_reproduces_published_na64_band(hkot):
    assert edges(hkot, "NA64_2020", 0.0167, 1.2e-4, 6.8e-4) == pytest.approx([1.2e-4, 6.8e-4], rel=0.03)
    # at nodes of the stored curve both edges are reproduced exactly
    assert edges(hkot, "NA64_2020", 0.020027, 1.3e-4, 4.8e-4) == pytest.approx([1.3495e-4, 4.7929e-4], rel=1e-9)
    ds = hkot.select("NA64_2018")
    assert edges(ds, "NA64_2018", 0.0167, 1.3e-4, 4.2e-4) == pytest.approx([1.3e-4, 4.2e-4], rel=1e-9)
    eps = np.array([3e-4, 1e-4, 8e-4])  # inside, below, above the 2020 band
    assert list(na64(dark_photon_outputs(0.0167, eps), hkot)) == [False, True, True]


def test_dark_photon_reproduces_prompt_limits_and_e141_band(hkot):
    ds = load_dataset("current")
    out = dark_photon_outputs(0.017, [2e-3, 1.9e-3, 2.2e-3])
    r = recast.signal_ratios(out, ds)["recast.KLOE2"]
    assert r[0] == pytest.approx(1.0, rel=0.01)  # Feng et al.'s 2e-3 vs the curve's 2.01e-3
    assert list(kloe2(out, ds)) == [True, True, False]
    assert edges(ds, "E141", 0.016256, 4.9e-5, 2e-4) == pytest.approx([4.8557e-5, 2.0042e-4], rel=1e-9)
    r = recast.signal_ratios(dark_photon_outputs(0.016685, [7.2042e-4]), ds)["recast.NA48_2"]
    assert r[0] == pytest.approx(1.0, rel=1e-9)


def test_decay_window_against_mpmath(hkot):
    """t₀ of NA64 2017 from the two edges, solved at 30 digits with the closed-form A' width."""
    mp.mp.dps = 30
    s = recast.search_of(hkot.entry("NA64_2018"))
    M, R = mp.mpf("0.0167"), mp.mpf(4)
    x = (mp.mpf(M_E) / M) ** 2
    gamma1 = mp.mpf(ALPHA) * M / 3 * (1 + 2 * x) * mp.sqrt(1 - 4 * x)  # muons closed at 16.7 MeV

    def signal(eps, t0):
        tau = mp.mpf(HBAR) / (eps**2 * gamma1)
        return eps**2 * (mp.exp(-t0 / tau) - mp.exp(-t0 * (1 + R) / tau))
    lo, hi = mp.mpf("1.3e-4"), mp.mpf("4.2e-4")
    ps = mp.mpf("1e-12")  # t₀ in ps, bracketed
    t0_ref = ps * mp.findroot(lambda t: signal(lo, t * ps) / signal(hi, t * ps) - 1, (0.05, 1.0), solver="anderson")
    assert float(recast.window_t0(s, 0.0167, ALPHA)) == pytest.approx(float(t0_ref), rel=1e-9)


@pytest.mark.parametrize("key", ["NA64_2020", "E141"])
def test_decay_window_against_mpmath_across_masses(hkot, key):
    """t₀ solved at 30 digits from ε_lo² P(τ(ε_lo)) = ε_hi² P(τ(ε_hi)), P = e^{−t₀/τ} − e^{−t₀(1+R)/τ},
    over each search's mass range (only A' → ee open below 2m_μ: Γ = αM/3 (1 + 2x)√(1 − 4x),
    x = m_e²/M²), at the band edges interpolated from the data entry; one vector call."""
    mp.mp.dps = 30
    s = recast.search_of(hkot.entry(key))
    masses = np.linspace(s.masses[0], s.masses[-1], 7)
    got = recast.window_t0(s, masses, ALPHA)
    R = mp.mpf(s.length_ratio)
    for M, t0 in zip(masses, got):
        x = (mp.mpf(M_E) / mp.mpf(M)) ** 2
        gamma1 = mp.mpf(ALPHA) * mp.mpf(M) / 3 * (1 + 2 * x) * mp.sqrt(1 - 4 * x)
        lo2, hi2 = (mp.mpf(float(s.at(f, M))) ** 2 for f in ("eps_lower", "eps_upper"))

        def balance(u):  # signal ratio low edge / high edge − 1 at u = t₀ Γ_A'(ε=1)/ħ
            return lo2 * (mp.exp(-u * lo2) - mp.exp(-u * lo2 * (1 + R))) / (
                hi2 * (mp.exp(-u * hi2) - mp.exp(-u * hi2 * (1 + R)))) - 1
        a, b = mp.mpf(1e-3) / hi2, 60 / hi2  # plain bisection in ln u (balance < 0 at a, > 0 at b)
        assert balance(a) < 0 < balance(b)
        for _ in range(110):
            mid = mp.sqrt(a * b)
            a, b = (mid, b) if balance(mid) < 0 else (a, mid)
        u_ref = mp.sqrt(a * b)
        assert float(t0) == pytest.approx(float(u_ref * mp.mpf(HBAR) / gamma1), rel=1e-12), M


E = 0.302822  # the e of the B−L limit files


@pytest.fixture(scope="module")
def bl():
    """``bl`` at ε_k = 0: recast ratios of the current set at (M_Z' in GeV, g_BL/e) points."""
    ev, ds = mg.evaluator("bl"), load_dataset("current")

    def run(M, g_over_e, data=None):
        M, g = np.broadcast_arrays(np.asarray(M, float), np.asarray(g_over_e, float))
        e = math.sqrt(4 * math.pi * ALPHA)
        out = ev({"eps_k": 0 * g, "g_BL": g * e, "M_Zp": M, "alpha": 0 * g + ALPHA}, data=data)
        return out if data else out | recast.signal_ratios(out, ds)
    return run


def test_bl_branching_ratio_and_prompt_limit_scale_with_charges(bl):
    out = bl(0.017, [1e-3, 2.01e-3 * math.sqrt(2.5)], data="current")  # the evaluator adds recast.*
    assert out["BR_Zp.e_e"] == pytest.approx([0.4, 0.4], rel=1e-4)  # 2/5 from the charges
    assert out["recast.KLOE2"][1] == pytest.approx(1.0, rel=1e-4)
    # ε_p = g_BL/e (B−L charge 1 of the proton); NA48/2 curve at 17.0 MeV interpolated linearly
    # between (16.921 MeV, 9.0987e-4) and (17.023 MeV, 8.5943e-4)
    eps_lim = 9.0987e-4 + (17.0 - 16.921) / (17.023 - 16.921) * (8.5943e-4 - 9.0987e-4)
    assert out["recast.NA48_2"][0] == pytest.approx(0.4 * (1e-3 / eps_lim) ** 2, rel=1e-4)


def test_bl_verdicts_agree_with_published_bl_limits(bl):
    """Three points against the B−L limits of arXiv:1801.04847 (DarkCast recast files, module docstring)."""
    # NA64 at 16.731 MeV: a point inside and either side of the B−L band, and its edges (5 digits)
    lo, hi = 5.1346e-5 / E, 7.3892e-5 / E
    out = bl(0.016731, [0.9 * lo, math.sqrt(lo * hi), 1.1 * hi])
    assert list(out["recast.NA64_2020"] > 1.0) == [False, True, False]
    a, b = np.log([lo / 2, hi * 2]), np.log([lo * 1.2, hi / 1.2])  # outside / inside the band
    for _ in range(40):
        mid = 0.5 * (a + b)
        inside = bl(0.016731, np.exp(mid))["recast.NA64_2020"] > 1.0
        a, b = np.where(inside, a, mid), np.where(inside, mid, b)
    assert np.exp(0.5 * (a + b)) == pytest.approx([lo, hi], rel=1e-4)
    # ... while the dark-photon band (1.18e-4, 6.60e-4) called 3e-4 and 5e-4 excluded: B−L decays 2.5x faster
    assert list(bl(0.016731, [3e-4, 5e-4])["recast.NA64_2020"] > 1.0) == [False, False]
    # E141: excluded inside its B−L band at 12.992 MeV, nothing at 16.5 MeV (dark photon: 5e-5..1.95e-4)
    lo, hi = 2.0458e-5 / E, 3.7244e-5 / E
    out = bl([0.012992, 0.012992, 0.012992, 0.0165, 0.0165], [math.sqrt(lo * hi), 0.95 * lo, 1.05 * hi, 1e-4, 6e-5])
    assert list(out["recast.E141"] > 1.0) == [True, False, False, False, False]
    # KLOE-2 at 17 MeV: g_BL < 9.624e-4 (3.178e-3 in units of e); the dark-photon cut 2e-3 would exclude 3e-3
    out = bl(0.017, [3.0e-3, 3.1e-3, 3.25e-3, 3.4e-3])
    assert list(out["recast.KLOE2"] > 1.0) == [False, False, True, True]


def test_recast_enters_chi2_and_is_skipped_outside_the_window():
    ds = load_dataset("current")
    out = dark_photon_outputs(0.0167, [3e-4, 1e-3])
    c, pulls = mg.observables.chi2(out, ds, limits="hard")
    assert np.isinf(c[0]) and pulls["pull.recast.NA64_2020"][0] > 0
    far = dark_photon_outputs(0.030, [3e-4])  # the NA64 curve ends at 24.75 MeV: no limit, no number
    assert np.isnan(recast.signal_ratios(far, ds)["recast.NA64_2020"][0])
    _, pulls = mg.observables.chi2(far, ds)
    assert np.isnan(pulls["pull.recast.NA64_2020"][0])
    assert any(n.startswith("recast.NA64_2020 [NA64_2020]: 1 point(s) skipped") for n in pulls.notes)


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
    e = make_entry("Z", {**base, "details": {"search": "prompt", "production": "p", "m_MeV": 17.0,
                                              "eps_limit": 1e-3}})
    with pytest.raises(DataError, match=r"\[Z\].*valid_M_Zp"):
        recast.search_of(e)


def test_long_lived_x_escapes_a_prompt_search():
    """KLOE-2 sees decays within 8 cm at E_X = 0.51 GeV: t₁ = L M/(E_X c); P = 1 − exp(−t₁/τ)."""
    ds = load_dataset("current")
    M, eps = 0.017, 2.01e-3  # on the KLOE-2 curve at 17 MeV
    t1 = 0.08 * M / (0.51 * 299792458.0)
    tau = np.array([1e-6 * t1, t1, 1e6 * t1, np.inf])
    out = {"M_Zp": M, "alpha": ALPHA, "eps_V.e": eps, "eps_A.e": 0.0, "BR_Zp.e_e": 1.0, "tau_Zp": tau}
    r = recast.signal_ratios(out, ds)["recast.KLOE2"]
    assert r == pytest.approx([1.0, 1 - math.exp(-1), 1e-6, 0.0], rel=1e-5, abs=1e-12)
