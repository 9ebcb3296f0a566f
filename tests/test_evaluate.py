"""Compiled evaluators: numbers vs the independent mpmath reference, and input validation."""
import mpmath as mp
import numpy as np
import pytest

import modelgen as mg
from modelgen.errors import BuildError, ParameterError
from modelgen.observables.status import HADRONS_ABOVE_RANGE
from reference import chiral, fermion_coupling, neutral_states

from derive.test_gauge import random_points

EPS = np.finfo(float).eps


@pytest.fixture(scope="module")
def bl():
    return mg.evaluator("bl")


@pytest.fixture(scope="module")
def dark_photon():
    return mg.evaluator("dark_photon")


@pytest.mark.parametrize("name", ["dark_photon", "bl"])
def test_compiled_masses_and_couplings_match_reference(name):
    ev = mg.evaluator(name)
    points = random_points(40, seed=7, stueckelberg=(name == "dark_photon"))
    cols = {k: np.array([p[k] for p in points]) for k in points[0]}
    out = ev(cols)
    assert np.all(out["status"] & ~(1 << HADRONS_ABOVE_RANGE) == 0)  # some points lie above 2 GeV
    mp.mp.dps = 30
    worst = (0.0, None)
    for i, point in enumerate(points):
        states, c, _ = neutral_states(**point)
        checks = [(out["M_Z"][i], states["Z"][0]), (out["M_Zp"][i], states["Zp"][0])]
        for f, comps in chiral().items():
            for comp, key in zip(comps, ("eps_L", "eps_R")):
                ref = 0 if comp is None else fermion_coupling(c, states["Zp"][1], *comp, g_BL=point.get("g_BL", 0))
                checks.append((abs(out[f"{key}.{f}"][i]), abs(ref / c["e"])))
        for got, ref in checks:
            err = abs(got - float(ref)) / max(abs(float(ref)), 1e-300)
            if ref == 0:
                err = abs(got)
            if err > worst[0]:
                worst = (err, (i, got, float(ref)))
    # worst relative error over all points, in units of machine epsilon
    assert worst[0] < 1e-12, worst


def test_bl_charge_relations_numerically(bl):
    # leading-order relations hold up to O(eps_k^2) ~ 5e-7 and O(M_Zp^2/M_Z^2) ~ 3e-8 here
    out = bl(eps_k=np.linspace(-1e-3, 1e-3, 7), g_BL=2e-3, M_Zp=0.017)
    eps_BL = 2e-3 / np.sqrt(4 * np.pi * out["alpha"])
    np.testing.assert_allclose(out["eps_V.n"], eps_BL, rtol=1e-5)
    np.testing.assert_allclose(out["eps_V.e"], -out["eps_V.p"], rtol=1e-5, atol=1e-12)
    np.testing.assert_allclose(out["eps_L.nu_e"], -out["eps_V.n"], rtol=1e-5)
    np.testing.assert_allclose(out["eps_V.p"], 2 * out["eps_V.u"] + out["eps_V.d"], rtol=1e-13)


def _zp_loop_reference(m, M, cV, cA):
    """Neutral vector, F = l, unitary gauge (Jegerlehner-Nyffeler arXiv:0902.3360 eq. (257) with
    M_F = m): Delta a = m^2/(8 pi^2 M^2) int_0^1 [cV^2 2x^2(1-x) + cA^2 (2x(1-x)(x-4) - 4 l^2 x^3)]
    / [(1-x)(1 - l^2 x) + l^2 x] dx, l = m/M; the cV^2 part equals
    (cV^2/8pi^2) int_0^1 2z(1-z)^2/[(1-z)^2 + z M^2/m^2] dz (PHYSICS.md section 4)."""
    m, M = mp.mpf(m), mp.mpf(M)
    l2 = (m / M) ** 2
    den = lambda x: (1 - x) * (1 - l2 * x) + l2 * x
    # features sit near x ~ M/m (light Z') or 1 - x ~ m^2/M^2 (heavy Z'): split log-uniformly at both ends
    pts = sorted({mp.mpf(0), mp.mpf(1)} | {mp.mpf(10) ** -k for k in range(1, 16)}
                 | {1 - mp.mpf(10) ** -k for k in range(1, 16)})
    iv = mp.quad(lambda x: 2 * x**2 * (1 - x) / den(x), pts)
    ia = mp.quad(lambda x: (2 * x * (1 - x) * (x - 4) - 4 * l2 * x**3) / den(x), pts)
    return m**2 / (8 * mp.pi**2 * M**2) * (cV**2 * iv + cA**2 * ia)


def test_zprime_g2_matches_quadrature(bl):
    mp.mp.dps = 30
    out = bl(M_Zp=np.array([1e-3, 0.0167, 0.3, 10.0, 1e3]), g_BL=0.01, eps_k=0.003)
    e = mp.sqrt(4 * mp.pi * mp.mpf(out["alpha"][0]))
    for i in range(5):
        for lep in ("e", "mu", "tau"):
            ref = _zp_loop_reference(out[f"m_{lep}"][i], out["M_Zp"][i], e * mp.mpf(out[f"eps_V.{lep}"][i]),
                                     e * mp.mpf(out[f"eps_A.{lep}"][i]))
            got = out[f"delta_a_{lep}.Zp"][i]
            assert abs(got / float(ref) - 1) < 1e-10, (lep, i, got, ref)
            assert got == out[f"a_{lep}.Zp"][i]


def test_scalar_inputs_give_scalars(bl):
    out = bl()
    assert type(out["M_Zp"]) is float and type(out["status"]) is int and out["status"] == 0
    assert abs(out["M_Zp"] - 0.0167) < 1e-15


def test_unknown_parameter_names_suggestion(bl):
    with pytest.raises(ParameterError, match="unknown parameter 'eps_kk'.*did you mean eps_k"):
        bl(eps_kk=0.1)


def test_out_of_range_names_range(bl):
    with pytest.raises(ParameterError, match=r"'eps_k' = 1\.5 at point 1 is outside its allowed range \[-0\.99, 0\.99\]"):
        bl(eps_k=[0.1, 1.5])
    with pytest.raises(ParameterError, match="'M_Zp' = nan"):
        bl(M_Zp=float("nan"))


def test_mismatched_lengths_rejected(bl):
    with pytest.raises(ParameterError, match="has 3 values but 'g_BL' has 2"):
        bl(g_BL=[1e-3, 2e-3], eps_k=[0.1, 0.2, 0.3])


def test_level_repulsion_gap_flags_point(bl):
    # eps_k = 0.5: delta = s_W eps_k/sqrt(1-eps_k^2) ~ 0.27, so no v_X gives a Z' mass between
    # M_Z0 = 91.19 and M_Z0 sqrt(1+delta^2) ~ 94.4 GeV: flagged, NaN
    out = bl(eps_k=0.5, M_Zp=93.0)
    assert out["status"] & 2 and np.isnan(out["eps_V.e"])
    assert "level repulsion" in bl.describe_status(int(out["status"]))[0]


def test_stale_module_raises_build_error():
    m = mg.load_model("bl")
    m.parameters["M_Zp"] = m.parameters["M_Zp"].__class__("M_Zp", 0.02, "GeV", 1e-6, 1e5, "", True)
    with pytest.raises(BuildError, match="stale.*modelgen generate bl"):
        mg.evaluator(m)


def test_missing_module_raises_build_error():
    m = mg.load_model("bl")
    m.name = "bl_variant_not_built"
    with pytest.raises(BuildError, match="not built.*modelgen generate bl_variant_not_built"):
        mg.evaluator(m)


def test_observables_and_chi2_attached(bl):
    out = bl(M_Zp=[0.0167, 0.017], data="hkot2020")
    for key in ("Gamma_Zp.e_e", "ctau_Zp", "R_Be8_18p15", "dQW_Cs", "chi2", "pull.delta_a_mu"):
        assert np.shape(out[key]) == (2,), key
    # Delta a_mu(hkot2020) = 279(76)e-11: the pull of a model with a tiny Delta a_mu is ~ -279/76
    assert np.allclose(out["pull.delta_a_mu"], (out["delta_a_mu"] - 279e-11) / 76e-11)
    assert np.all(out["chi2"] >= out["pull.delta_a_mu"] ** 2)
