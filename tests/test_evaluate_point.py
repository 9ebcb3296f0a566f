"""The one-point path of the evaluator (a dict of Python floats, what a fit calls) against the
general array path on the same points.

Reference: the same evaluator called with arrays, which runs the general block path (array
checks, ``ParameterTable.block``, the kernel's ``evaluate`` over the block, ``_results``); the
compiled one-point call (evaluation/_point.pyx) must reproduce it bit for bit (the float64 bit
patterns, NaN and status words included) at ordinary, fatal (g_BL = 0; M_Z' in the Z-Z' gap) and
non-fatal flagged (M_Z' above the hadronic data) points, for every built-in model.  The physics of
the numbers themselves is tested against independent references in test_evaluate.py and
tests/observables.
"""
import struct
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import modelgen as mg
from modelgen.errors import ParameterError
from modelgen.models import BUILTIN

KERNEL = ["eps_V.e", "delta_a_mu", "M_Zp", "g_BL"]  # kernel outputs (M_Zp also a parameter), a parameter
MIXED = KERNEL + ["ctau_Zp", "BR_Zp.e_e"]           # + post-kernel observables


@pytest.fixture(scope="module")
def bl():
    return mg.evaluator("bl")


def _points(n, seed):
    """Python-float points; every 5th has g_BL = 0 (fatal), every 7th M_Z' in the Z-Z' gap near
    M_Z (fatal), every 3rd M_Z' above 2 GeV (non-fatal hadronic bit)."""
    rng = np.random.default_rng(seed)
    pts = []
    for i in range(n):
        p = {"eps_k": float(rng.uniform(-5e-3, 5e-3)), "g_BL": float(rng.uniform(1e-4, 3e-3)),
             "M_Zp": float(rng.uniform(0.005, 0.05))}
        if i % 3 == 0:
            p["M_Zp"] = float(rng.uniform(2.5, 50.0))
        if i % 5 == 0:
            p["g_BL"] = 0.0
        if i % 7 == 0:
            p["M_Zp"], p["eps_k"] = 91.19, 0.3
        pts.append(p)
    return pts


def _bits(x):
    return struct.pack("<d", x)


def _same(one, ref, where, i=0):
    """``one`` (a one-point result) holds exactly point i of the array result ``ref``: same names,
    Python floats with the same bit patterns, the same status word as an int."""
    assert isinstance(one, Mapping) and set(one) == set(ref), where
    for k, v in ref.items():
        if k == "status":
            assert type(one[k]) is int and one[k] == int(v[i]), (where, one[k], v[i])
        else:
            assert type(one[k]) is float, (where, k, type(one[k]))
            assert _bits(one[k]) == _bits(v[i]), f"{where}: {k} = {one[k]!r}, array path {v[i]!r}"


@pytest.mark.parametrize("outputs", [None, KERNEL, MIXED])
def test_point_path_equals_array_path(bl, outputs):
    statuses = set()
    for i, p in enumerate(_points(50, seed=1)):
        ref = bl({k: np.array([v]) for k, v in p.items()}, outputs=outputs)
        _same(bl(p, outputs=outputs), ref, f"point {i} {p}")
        statuses.add(int(ref["status"][0]))
    # the sample really covers ordinary, fatal and (with the observables) non-fatal flagged points
    assert 0 in statuses and any(s & bl.fatal_mask for s in statuses)
    assert any(s and not s & bl.fatal_mask for s in statuses) == (outputs is not KERNEL)


@pytest.mark.parametrize("outputs", [None, KERNEL])
def test_point_path_with_data_equals_array_path(bl, outputs):
    for i, p in enumerate(_points(12, seed=2)):
        ref = bl({k: np.array([v]) for k, v in p.items()}, outputs=outputs, data="hkot2020")
        _same(bl(p, outputs=outputs, data="hkot2020"), ref, f"point {i}")


@pytest.mark.parametrize("name", BUILTIN)
def test_every_model_point_path_equals_its_batch(name):
    """Each built-in model: 6 random points (every parameter drawn within [0.5, 1.5] x its default,
    clipped to its range) as one 6-point batch and one dict call each, every output compared."""
    ev = mg.evaluator(name)
    rng = np.random.default_rng(7)
    batch = {}
    for n, info in ev.parameters.items():
        x = info["default"] * rng.uniform(0.5, 1.5, 6)
        batch[n] = np.clip(x, info["lower"], info["upper"])
    ref = ev(batch)
    for i in range(6):
        _same(ev({n: float(x[i]) for n, x in batch.items()}), ref, f"{name} point {i}", i)


def test_one_point_is_a_read_only_mapping_of_floats(bl):
    out = bl({"eps_k": 2e-3})
    assert isinstance(out, Mapping) and not isinstance(out, dict)
    with pytest.raises(TypeError):
        out["eps_V.e"] = 0.0
    assert out.get("no such output") is None and "eps_V.e" in out and len(out) == len(list(out))
    plain = dict(out)
    assert list(plain) == list(out.keys()) and plain["status"] == out["status"] == 0
    assert all(type(v) is float and _bits(v) == _bits(plain[k]) for k, v in out.items() if k != "status")
    assert out == plain  # no NaN at this point
    with pytest.raises(KeyError, match="no such output"):
        out["no such output"]


def test_scalars_of_other_real_types_take_the_same_values(bl):
    """np.float32 / np.int64 scalars go through the array checks, then the same compiled point."""
    ref = bl({"eps_k": np.array([0.25]), "g_BL": np.array([2.0])}, outputs=MIXED)
    _same(bl({"eps_k": np.float32(0.25), "g_BL": np.int64(2)}, outputs=MIXED), ref, "NumPy scalars")


def test_fatal_point_is_nan_except_echoed_inputs(bl):
    out = bl({"g_BL": 0.0}, outputs=KERNEL)
    assert int(out["status"]) & bl.fatal_mask
    assert np.isnan(out["eps_V.e"]) and np.isnan(out["M_Zp"])  # M_Zp is also a kernel output
    assert out["g_BL"] == 0.0  # an echoed input keeps its value


def test_results_do_not_alias_a_later_call(bl):
    first = bl({"eps_k": 1e-3}, outputs=MIXED)
    kept = {k: float(v) for k, v in first.items()}
    bl({"eps_k": 4e-3, "g_BL": 2.5e-3}, outputs=KERNEL)
    bl({"eps_k": 2e-3})
    assert {k: float(v) for k, v in first.items()} == kept


def test_threads_call_the_point_path_safely(bl):
    pts = _points(40, seed=3)
    serial = [bl(p, outputs=KERNEL) for p in pts]
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(lambda p: bl(p, outputs=KERNEL), pts * 5))
    for i, out in enumerate(threaded):
        for k, v in serial[i % len(pts)].items():
            np.testing.assert_array_equal(out[k], v)


@pytest.mark.parametrize("params, pattern", [
    ({"eps_k": 1.5}, r"parameter 'eps_k' = 1\.5 is outside its allowed range \[-0\.99, 0\.99\]"),
    ({"M_Zp": float("nan")}, r"parameter 'M_Zp' = nan is outside its allowed range"),
    ({"g_BL": float("inf")}, r"parameter 'g_BL' = inf is outside its allowed range"),
    ({"M_Zp": 0}, r"parameter 'M_Zp' = 0\.0 is outside its allowed range \[1e-06, 100000\] GeV"),
    ({"eps_kk": 0.1}, r"unknown parameter 'eps_kk'.*did you mean eps_k"),
    ({"eps_k": True}, r"parameter 'eps_k' must be a real number.*boolean"),
])
def test_point_path_errors_name_the_parameter(bl, params, pattern):
    with pytest.raises(ParameterError, match=pattern):
        bl(params, outputs=KERNEL)


def test_keyword_overrides_and_numpy_floats_take_the_same_values(bl):
    ref = bl({"eps_k": np.array([2e-3]), "g_BL": np.array([1e-3])}, outputs=KERNEL)
    _same(bl({"eps_k": 2e-3}, g_BL=1e-3, outputs=KERNEL), ref, "overrides")
    _same(bl({"eps_k": np.float64(2e-3), "g_BL": 1e-3}, outputs=KERNEL), ref, "np.float64")


def test_bl_vll_point_path_equals_array_path():
    ev = mg.evaluator("bl_vll")
    rng = np.random.default_rng(4)
    for i in range(6):
        p = {"lam_L11": float(rng.uniform(0.5, 3.5)), "lam_E11": float(rng.uniform(0.5, 3.5)),
             "M_L1": float(rng.uniform(90.0, 400.0)), "g_BL": 0.0 if i == 3 else 1.6e-3}
        for outputs in (None, ["delta_a_e", "delta_a_mu", "BR_Zp.e_e"]):
            ref = ev({k: np.array([v]) for k, v in p.items()}, outputs=outputs)
            _same(ev(p, outputs=outputs), ref, f"bl_vll point {i}")


@pytest.mark.parametrize("name", ["bl", "bl_vll"])
@pytest.mark.parametrize("data", [None, "hkot2020"])
def test_point_array_equals_dict_path(name, data):
    """ev.point_array (array in, array out: the fit's call) returns what ev(dict) returns, bit for bit,
    NaN (fatal points, chi2 included) and status words included."""
    ev = mg.evaluator(name)
    names = ev.point_names(data)
    assert names[-1] == ("chi2" if data else names[-1]) and "status" not in names
    out = np.empty(len(names))
    statuses = set()
    for i, p in enumerate(_points(15, seed=4)):
        ref = ev(p, data=data)
        x = ev.table.point(p, {})
        values, status = ev.point_array(x, out=out, data=data)
        assert values is out and status == int(ref["status"]), (i, p)
        np.testing.assert_array_equal(values, [ref[k] for k in names], err_msg=f"point {i} {p}")
        statuses.add(status)
    assert 0 in statuses and any(s & ev.fatal_mask for s in statuses)


def test_point_array_checks_its_input(bl):
    x = np.array(bl.table.point({}, {}))
    k = bl.table.index["g_BL"]
    for bad in (np.nan, np.inf, bl.table.upper[k] * 2 + 1):
        y = x.copy()
        y[k] = bad
        with pytest.raises(ParameterError, match="g_BL"):
            bl.point_array(y)
    with pytest.raises(ParameterError, match="order of ev.table.names"):
        bl.point_array(x[:-1])


def test_memo_sites_switched_off_keep_the_values():
    """thdm_X's memo (modelgen/loops/memo.pxd): sites whose arguments change at every point switch
    off after render.MEMO_OFF misses in a row; a block whose points first vary the BSM inputs (past
    the switch-off), then repeat one point, then vary the SM inputs too, gives bit for bit the
    values of each point evaluated alone (n = 1: no memo), serial and threaded."""
    from modelgen.codegen.render import MEMO_OFF
    ev = mg.evaluator("thdm_X")
    names = list(ev.parameters)
    rng = np.random.default_rng(11)
    n1, n2, n3 = 2 * MEMO_OFF + 5, 20, 15
    n = n1 + n2 + n3
    P = np.array([[ev.parameters[k]["default"]] * n for k in names], dtype=float)
    row = {k: i for i, k in enumerate(names)}
    tb = 10 ** rng.uniform(-0.3, 1.5, n)
    P[row["tan_beta"]] = tb
    P[row["cos_ba"]] = rng.uniform(-0.2, 0.2, n)
    for k in ("M_H", "M_A", "M_Hpm"):
        P[row[k]] = 10 ** rng.uniform(2, 3, n)
    P[row["m12_sq"]] = 0.8 * P[row["M_H"]] ** 2 * tb / (1 + tb ** 2)
    P[:, n1:n1 + n2] = P[:, [n1 - 1]]                       # one point repeated
    P[row["alpha"], n1 + n2:] *= rng.uniform(0.99, 1.01, n3)  # SM inputs varying too
    P[row["m_tau"], n1 + n2:] *= rng.uniform(0.99, 1.01, n3)
    P = np.ascontiguousarray(P)
    for threads in (1, 2):
        O = np.empty((len(ev.outputs), n))
        S = np.zeros(n, dtype=np.intc)
        ev.module.evaluate(P, O, S, threads)
        for i in range(n):
            o1 = np.empty((len(ev.outputs), 1))
            s1 = np.zeros(1, dtype=np.intc)
            ev.module.evaluate(np.ascontiguousarray(P[:, i:i + 1]), o1, s1, 1)
            assert S[i] == s1[0], (threads, i)
            assert o1[:, 0].tobytes() == O[:, i].tobytes(), (threads, i)
