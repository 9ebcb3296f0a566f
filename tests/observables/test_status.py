"""Status semantics of the evaluator + observables: a fatal point is NaN everywhere (echoed inputs
aside), a status-0 point has no NaN, observable bits are non-fatal and named."""
import numpy as np
import pytest

import modelgen as mg
from modelgen.observables import status

ZP_MODELS = ["dark_photon", "bl", "bl_vll_doublet", "bl_vll_singlet", "bl_vll", "lmu_ltau"]
SM_INPUTS = {"alpha", "G_F", "M_Z", "M_h", "m_e", "m_mu", "m_tau"}


def random_points(ev, n, rng):
    """SM inputs at their defaults (but one alpha too large); M_Zp log-uniform over 1 MeV..5 GeV plus a few in the Z-Z' gap
    region; g_BL and eps_k small with some exact zeros; other BSM inputs = default x 10^U(-1, 1)."""
    alpha = np.full(n, ev.parameters["alpha"]["default"])
    alpha[6] = 0.09  # 4 pi alpha/(sqrt2 G_F M_Z^2) > 1: no real s_W (fatal)
    cols = {"alpha": alpha}
    for name, info in ev.parameters.items():
        d = info["default"]
        if name in SM_INPUTS:
            continue
        if name == "M_Zp":
            x = 10 ** rng.uniform(-3, np.log10(5.0), n)
            x[:3] = [85.0, ev.parameters["M_Z"]["default"], 95.0]  # M_Zp = M_Z0: v_X^2 has a pole
        elif name == "g_BL":
            x = rng.uniform(-0.01, 0.01, n)
            x[3:6] = 0.0
        elif name == "eps_k":
            x = rng.uniform(-0.05, 0.05, n)
        elif d == 0.0:
            x = np.zeros(n)
        else:
            x = d * 10 ** rng.uniform(-1, 1, n)
        cols[name] = np.clip(x, info["lower"], info["upper"])
    return cols


def check_invariants(ev, out):
    """Fatal points: NaN in every float output but the echoed parameters; status 0: nothing NaN."""
    st = out["status"]
    fatal = (st & ev.fatal_mask) != 0
    echoed = set(ev.parameters) - set(ev.outputs)
    floats = {k: np.asarray(v) for k, v in out.items() if k != "status" and np.asarray(v).dtype.kind == "f"}
    for k, v in floats.items():
        if k in echoed:
            assert np.all(np.isfinite(v)), k
            continue
        assert np.all(np.isnan(v[fatal])), f"{k} is a number at a fatal point"
        if k.startswith(("pull.", "recast.")):  # data comparisons: NaN where the entry does not apply (mass window)
            continue
        assert not np.any(np.isnan(v[st == 0])), f"{k} is NaN at a status-0 point"
    return fatal


@pytest.mark.parametrize("name", ZP_MODELS)
def test_random_points_fatal_nan_and_clean_status_zero(name):
    ev = mg.evaluator(name)
    out = ev(random_points(ev, 40, np.random.default_rng(11)), data="current")
    fatal = check_invariants(ev, out)
    assert fatal.any() and (out["status"] == 0).any()  # both kinds of point were exercised
    above = (out["status"] & (1 << status.HADRONS_ABOVE_RANGE)) != 0
    ok = above & ~fatal
    assert np.array_equal(ok, (out["M_Zp"] > 2.0) & ~fatal)
    assert ok.any() and np.all(np.isnan(out["Gamma_Zp.total"][ok])) and np.all(np.isfinite(out["Gamma_Zp.e_e"][ok]))


@pytest.mark.parametrize("name", ["bl", "bl_vll"])
def test_zero_gauge_coupling_names_the_cause(name):
    ev = mg.evaluator(name)
    out = ev({"g_BL": 0.0}, data="current")
    reasons = ev.describe_status(out["status"])
    assert len(reasons) == 1 and reasons[0].startswith("g_BL = 0:") and "v_X infinite" in reasons[0]
    check_invariants(ev, out)
    assert np.isnan(out["Gamma_Zp.e_e"]) and np.isnan(out["chi2"])


def test_observable_bits_are_documented_and_disjoint():
    ev = mg.evaluator("bl")
    assert ev.status_bits[status.HADRONS_ABOVE_RANGE].startswith("hadronic Z' width not modelled above 2 GeV")
    assert not ev.fatal_mask & (1 << status.HADRONS_ABOVE_RANGE)
    out = ev({"M_Zp": 2.5})
    assert ev.describe_status(out["status"]) == [ev.status_bits[status.HADRONS_ABOVE_RANGE]]
    assert np.isfinite(out["delta_a_mu"]) and np.isnan(out["ctau_Zp"])
    with pytest.raises(mg.errors.BuildError, match="collide"):
        status.merged_bits({status.HADRONS_ABOVE_RANGE: "a kernel bit"})
