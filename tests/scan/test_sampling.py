"""Point sets: chunk-independent, reproducible, and equal to independent constructions."""
import itertools

import numpy as np
import pytest
from scipy.stats import qmc

from modelgen.scan.config import Axis, ScanConfig
from modelgen.scan.sampling import chunk_points


def _cfg(sampling, points, chunk, seed=7, **kw):
    axes = (Axis("eps_k", -1e-2, 1e-2), Axis("M_Zp", 1e-2, 1.0, log=True, n=kw.pop("n2", None)))
    if sampling == "grid":
        axes = (Axis("eps_k", -1e-2, 1e-2, n=4), Axis("M_Zp", 1e-2, 1.0, log=True, n=5))
        points = 20
    return ScanConfig(model="bl", sampling=sampling, points=points, seed=seed, chunk=chunk, axes=axes,
                      fixed={"g_BL": 2e-3})


def _all(cfg):
    parts = [chunk_points(cfg, k) for k in range(cfg.n_chunks)]
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


@pytest.mark.parametrize("sampling", ["random", "lhs", "sobol", "grid"])
def test_points_do_not_depend_on_chunking(sampling):
    a, b = _all(_cfg(sampling, 20000, 20000)), _all(_cfg(sampling, 20000, 777))
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])
    assert np.all(a["g_BL"] == 2e-3)
    assert np.all((a["eps_k"] >= -1e-2) & (a["eps_k"] <= 1e-2))
    assert np.all((a["M_Zp"] >= 1e-2) & (a["M_Zp"] <= 1.0))


def test_seed_reproduces_and_changes_points():
    a, b, c = (_all(_cfg("random", 1000, 300, seed=s)) for s in (1, 1, 2))
    np.testing.assert_array_equal(a["eps_k"], b["eps_k"])
    assert not np.any(a["eps_k"] == c["eps_k"])


def test_sobol_equals_one_scipy_sequence_on_linear_and_log_axes():
    cfg = _cfg("sobol", 4096, 1000, seed=11)
    got = _all(cfg)
    u = qmc.Sobol(2, scramble=True, seed=11).random(4096)   # the whole sequence in one call
    np.testing.assert_allclose(got["eps_k"], -1e-2 + 2e-2 * u[:, 0], rtol=0, atol=1e-18)
    np.testing.assert_allclose(got["M_Zp"], 1e-2 * 100.0 ** u[:, 1], rtol=1e-15)


def test_lhs_has_one_point_per_stratum_per_axis():
    """Latin hypercube (McKay et al. 1979): each of the N equal strata of every axis holds one point."""
    n = 5000
    got = _all(_cfg("lhs", n, 1234))
    for u in ((got["eps_k"] + 1e-2) / 2e-2, np.log(got["M_Zp"] / 1e-2) / np.log(100.0)):
        strata = np.floor(u * n).astype(int)
        assert sorted(strata) == list(range(n))


def test_random_is_uniform_on_log_axis():
    """log10(M_Zp) uniform on [-2, 0]: mean -1, variance 4/12, fourth central moment 2^4/80
    (tolerance: 5 standard errors)."""
    got = _all(_cfg("random", 100000, 30000))
    t = np.log10(got["M_Zp"])
    assert abs(t.mean() + 1) < 5 * np.sqrt(4 / 12 / t.size)
    assert abs(t.var() - 4 / 12) < 5 * np.sqrt((16 / 80 - (4 / 12) ** 2) / t.size)


def test_grid_is_the_cartesian_product_last_axis_fastest():
    got = _all(_cfg("grid", 20, 3))
    ref = list(itertools.product(np.linspace(-1e-2, 1e-2, 4), np.geomspace(1e-2, 1.0, 5)))
    np.testing.assert_array_equal(np.column_stack([got["eps_k"], got["M_Zp"]]), np.array(ref))
