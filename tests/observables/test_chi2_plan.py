"""The compiled χ² (observables.chi2_plan.Chi2Plan) against the NumPy recast.signal_ratios + chi2().

Reference: the NumPy path on the same rows (the evaluator's before the compiled χ²), whose physics
tests/observables checks against published limits and formulas.  Same names in the same order and the
same NaN pattern are required; values agree within 1e-15 relative (same operations; libm against
NumPy's SIMD exp/log/expm1, ≤ 2 ulp per call) except where the recast's decay window enters: each path
stops its Newton solve for t₀ within 8 ulp of the root, so the two t₀ may differ by 16 ulp, and
r ∝ P_X(t₀)/P_A'(t₀) moves by κ = |d ln P_X/d ln t₀ − d ln P_A'/d ln t₀| times that (κ up to ~700 for
NA64's window, P(t₀) = e^{−t₀/τ} − e^{−t₀(1+R)/τ}).  The bound is computed per point from the NumPy
path's own t₀ and lifetimes.
"""
from collections import ChainMap

import numpy as np
import pytest

import modelgen as mg
from modelgen.data import load_dataset
from modelgen.evaluation.selection import Rows
from modelgen.observables import chi2
from modelgen.observables.recast import _cached_search, dark_photon_width, signal_ratios, window_t0

EPS = np.finfo(float).eps
OPTIONS = ({}, {"limits": "hard", "bands": "penalty", "tolerance": 0.2})


def _rows(name, n, seed):
    """(evaluator, P, O, Y, NumPy-path outputs) at n random points: M_Z' log-uniform 1 MeV..10 GeV,
    couplings log-uniform (ordinary, excluded and flagged points)."""
    ev = mg.evaluator(name)
    rng = np.random.default_rng(seed)
    draw = {"eps_k": rng.uniform(-1e-2, 1e-2, n), "g_BL": 10 ** rng.uniform(-5, -2, n),
            "M_Zp": 10 ** rng.uniform(-3, 1, n), "eps": 10 ** rng.uniform(-5, -2, n)}
    cols, n = ev.table.columns({k: v for k, v in draw.items() if k in ev.parameters}, {})
    P = ev.table.block(cols, 0, n)
    O, S = ev._kernel(P, 1)
    Y, word = ev._observables.evaluate(P, O, S)
    return ev, P, O, Y, ChainMap(ev._observables.as_dict(Y, word), Rows(ev, P, O, S))


def _window_kappa(out, entry):
    """κ of the module docstring at every point for a displaced search (0 for a prompt one)."""
    s = _cached_search(entry)
    if s.search != "displaced":
        return 0.0
    M, alpha = np.asarray(out["M_Zp"]), np.asarray(out["alpha"])
    t0 = window_t0(s, M, alpha)
    t1 = t0 * (1.0 + s.length_ratio)
    tau_ref = 6.582119569e-25 / (s.at("eps_lower", M) ** 2 * dark_photon_width(M, 1.0, alpha))

    def slope(tau):  # d ln P / d ln t0
        a0, a1 = t0 / tau, t1 / tau
        return (-a0 * np.exp(-a0) + a1 * np.exp(-a1)) / (np.exp(-a0) - np.exp(-a1))
    return np.nan_to_num(np.abs(slope(np.asarray(out["tau_Zp"])) - slope(tau_ref)))


def _close(a, b, rel_bound, where):
    np.testing.assert_array_equal(np.isnan(b), np.isnan(a), err_msg=where)
    same = (a == b) | np.isnan(a)
    excess = np.abs(b - a)[~same] - (np.broadcast_to(rel_bound, a.shape)[~same] * np.abs(a[~same]))
    assert np.all(excess <= 0), (where, excess.max())


@pytest.mark.parametrize("name", ["bl", "bl_vll", "dark_photon"])
@pytest.mark.parametrize("data", ["hkot2020", "current"])
def test_compiled_chi2_equals_numpy_path(name, data):
    ev, P, O, Y, out = _rows(name, 600, seed=11)
    dataset = load_dataset(data)
    with np.errstate(all="ignore"):
        ratios = signal_ratios(out, dataset)
        kappa = {e.observable: _window_kappa(out, e) for e in dataset if e.observable in ratios}
    bound = {k: 1e-15 + 16 * EPS * kappa[k] for k in ratios}
    for opts in OPTIONS:
        with np.errstate(all="ignore"):
            total, pulls = chi2(ChainMap(ratios, out), dataset, **opts)
        c_ratios, c_total, c_pulls = ev._chi2_plan(dataset)(P, O, Y, **opts)
        assert list(c_ratios) == list(ratios) and list(c_pulls) == list(pulls)
        for k, r in ratios.items():
            _close(r, c_ratios[k], bound[k], f"{name} {data} {opts} {k}")
        for k, p in pulls.items():  # a pull is linear in its prediction
            obs = k[len("pull."):].split(":")[0]
            _close(p, c_pulls[k], bound.get(obs, 1e-15), f"{name} {data} {opts} {k}")
        # the χ² terms are pull², at most 2x the pull's relative error each
        slack = sum(2 * bound[k] * np.nan_to_num(pulls[f"pull.{k}"]) ** 2 for k in ratios if f"pull.{k}" in pulls)
        near_limit = np.zeros(len(total), bool)
        if opts.get("limits") == "hard":  # a hard cut may flip between 0 and inf within the bound
            for k, r in ratios.items():
                near_limit |= np.abs(r - 1.0) <= bound[k]
        keep = ~near_limit
        np.testing.assert_array_equal(np.isinf(c_total)[keep], np.isinf(total)[keep])
        finite = keep & np.isfinite(total)
        assert np.all(np.abs(c_total[finite] - total[finite]) <= (1e-15 * np.abs(total) + slack)[finite])
    assert np.any(np.isfinite(total) & (total > 0)) and np.any(np.isnan(ratios[next(iter(ratios))]))


def test_one_point_chi2_equals_numpy_path():
    """The evaluator's one-point call (the fit's) against the NumPy path on the same rows."""
    ev = mg.evaluator("bl_vll")
    dataset = load_dataset("hkot2020")
    point = {"eps_k": 4e-3, "g_BL": 1.5e-3, "M_Zp": 0.0168, "lam_L11": 1.0, "lam_E11": 2.0, "M_L1": 200.0}
    res = ev(point, data=dataset, chi2_options={"bands": "penalty"})
    P = np.array(ev.table.point(point, {}), float)[:, None]
    O, S = ev._kernel(P, 1)
    out = ChainMap(ev._observables(P, O, S), Rows(ev, P, O, S))
    with np.errstate(all="ignore"):
        ratios = signal_ratios(out, dataset)
        total, pulls = chi2(ChainMap(ratios, out), dataset, bands="penalty")
        bound = {f"pull.{e.observable}": 1e-15 + 16 * EPS * _window_kappa(out, e) for e in dataset
                 if e.observable in ratios}
    for k, p in pulls.items():
        _close(p, np.atleast_1d(res[k]), bound.get(k, 1e-15), k)
    slack = sum(2 * bound[k] * pulls[k] ** 2 for k in bound if k in pulls)
    assert abs(res["chi2"] - total[0]) <= 1e-15 * total[0] + slack[0]
    assert 0 < total[0] < 1e12 and res["status"] == 0


def test_evaluator_switches_to_numpy_chi2_for_large_blocks():
    """Blocks of COMPILED_CHI2_BELOW points or more take the NumPy χ², smaller ones the compiled one:
    the same points in one large block and in small chunks agree within the bounds above."""
    from modelgen.evaluate import COMPILED_CHI2_BELOW
    ev = mg.evaluator("bl")
    dataset = load_dataset("hkot2020")
    n = COMPILED_CHI2_BELOW + 50
    rng = np.random.default_rng(2)
    pts = {"eps_k": rng.uniform(-5e-3, 5e-3, n), "g_BL": 10 ** rng.uniform(-4, -2.5, n),
           "M_Zp": rng.uniform(0.015, 0.019, n)}
    opts = {"chi2_options": {"bands": "penalty"}}  # finite χ² everywhere (a fit's options)
    big = ev(pts, data=dataset, outputs=["M_Zp", "alpha", "tau_Zp", "BR_Zp.e_e", "eps_V.e", "eps_A.e"], **opts)
    small = ev(pts, data=dataset, outputs=["M_Zp"], chunk=500, **opts)
    with np.errstate(all="ignore"):
        kappa = sum(_window_kappa(big, e) for e in dataset if e.observable.startswith("recast.") and e.observable in big)
    pull2 = sum(np.nan_to_num(big[k]) ** 2 for k in big if k.startswith("pull.recast."))
    assert np.all(np.isfinite(big["chi2"])) and pull2.max() > 0
    assert np.all(np.abs(small["chi2"] - big["chi2"]) <= 1e-15 * big["chi2"] + 2 * (1e-15 + 16 * EPS * kappa) * pull2)
