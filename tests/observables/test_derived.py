"""The compiled post-kernel observables (observables.derived.Plan) against the NumPy compute().

Reference: :func:`modelgen.observables.compute`, the NumPy path whose physics tests/observables
checks against published formulas and numbers.  The compiled twin evaluates the same formulas in the
same operation order; the only allowed difference is libm's exp/pow against NumPy's SIMD versions,
≤ 2 ulp on one factor, hence the bound 1e-15 relative (≈ 4.5 ulp).  Names, the NaN pattern and the
status words must be identical, at random points of every model with a Z' (ordinary, fatal, and
above the hadronic data), and for every input variant compute() accepts.
"""
import numpy as np
import pytest

import modelgen as mg
from modelgen.errors import ParameterError
from modelgen.evaluation.selection import Rows
from modelgen.observables import compute
from modelgen.observables.derived import Plan

MODELS = ("bl", "bl_vll", "bl_vll_doublet", "bl_vll_singlet", "dark_photon")
ALPHA, G_F = 1 / 137.035999084, 1.1663788e-5


def _agree(ref, new, where):
    assert list(new) == list(ref), where  # same names in the same order
    np.testing.assert_array_equal(new["status"], ref["status"], err_msg=where)
    for k, a in ref.items():
        b = new[k]
        assert b.shape == a.shape and b.dtype == a.dtype, (where, k)
        np.testing.assert_array_equal(np.isnan(b), np.isnan(a), err_msg=f"{where}: {k}")
        same = (a == b) | np.isnan(a)
        rel = np.abs(b[~same] - a[~same]) / np.abs(a[~same])
        assert np.all(rel <= 1e-15), (where, k, rel.max())


def _model_points(ev, n, rng):
    """n points: scanned couplings and M_Z' log-uniform over 1 MeV..10 GeV (crossing 2m_μ, 2m_τ and the
    end of the R-ratio data at 2 GeV), every 5th with g_BL = 0 (fatal in the B−L models), the other
    parameters at their defaults (NaN defaults left to the model)."""
    draw = {"eps_k": rng.uniform(-1e-2, 1e-2, n), "g_BL": 10 ** rng.uniform(-5, -2, n),
            "M_Zp": 10 ** rng.uniform(-3, 1, n), "eps": rng.uniform(1e-4, 1e-2, n)}
    if "g_BL" in ev.parameters:
        draw["g_BL"][::5] = 0.0
    return {k: v for k, v in draw.items() if k in ev.parameters}


@pytest.mark.parametrize("name", MODELS)
def test_compiled_equals_numpy_at_random_points(name):
    ev = mg.evaluator(name)
    cols, n = ev.table.columns(_model_points(ev, 400, np.random.default_rng(7)), {})
    P = ev.table.block(cols, 0, n)
    O, S = ev._kernel(P, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        ref = compute(Rows(ev, P, O, S))
    _agree(ref, Plan(ev.table.names, ev.outputs)(P, O, S), name)
    word = ref["status"]
    assert np.any(word == 0) and np.any(word & (1 << 16))  # ordinary and above-the-data points
    assert ev.derived_outputs == tuple(k for k in ref if k not in ev.outputs)


def _outputs(rng, n, **drop):
    """A synthetic output dict with every coupling random (including the neutrinos' eps_V, eps_A)."""
    out = {"M_Zp": 10 ** rng.uniform(-3, 0.5, n), "alpha": np.full(n, ALPHA), "G_F": np.full(n, G_F),
           "m_mu": np.full(n, 0.1056583755), "M_Z": np.full(n, 91.1876)}
    for f in ("e", "mu", "tau", "nu_e", "nu_mu", "nu_tau", "u", "d", "s", "p", "n"):
        for c in "VAL":
            out[f"eps_{c}.{f}"] = rng.normal(0, 3e-3, n)
    for lep in ("e", "mu", "tau"):
        out[f"g_L.Z.{lep}"], out[f"g_R.Z.{lep}"] = rng.normal(-0.2, 0.01, n), rng.normal(0.17, 0.01, n)
    out["status"] = rng.integers(0, 4, n).astype(np.intc)
    return {k: v for k, v in out.items() if not any(k.startswith(p) for p in drop)}


# each variant of compute()'s inputs: neutrinos from eps_L or eps_V/eps_A; quarks given or from the
# nucleons; eps_V.s given or the d quark's; nucleons given or from the quarks; Z ratios or not
VARIANTS = {
    "everything": {},
    "neutrinos from V and A": {"eps_L.nu": 1},
    "only eps_L.nu_mu missing": {"eps_L.nu_mu": 1},
    "quarks from nucleons": {"eps_V.u": 1, "eps_V.d": 1},
    "no s quark": {"eps_V.s": 1},
    "nucleons from quarks": {"eps_V.p": 1, "eps_V.n": 1},
    "no Z couplings": {"g_L.Z.tau": 1},
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_compiled_equals_numpy_for_every_input_variant(variant):
    out = _outputs(np.random.default_rng(3), 300, **VARIANTS[variant])
    names = [k for k in out if k != "status"]
    O = np.ascontiguousarray([out[k] for k in names])
    plan = Plan((), names)
    with np.errstate(invalid="ignore", divide="ignore"):
        ref = compute(out)
    _agree(ref, plan(np.empty((0, O.shape[1])), O, out["status"]), variant)


def test_missing_input_is_named():
    names = [k for k in _outputs(np.random.default_rng(0), 1, **{"eps_A.e": 1}) if k != "status"]
    with pytest.raises(ParameterError, match="eps_A.e"):
        Plan((), names)
