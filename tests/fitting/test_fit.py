"""Fits recover the known point of a synthetic data set; errors and the profile match linear
least squares worked out by hand.

The data are generated from closed-form leading-order couplings of the `bl` model (README,
DESIGN.md conventions: Z' couplings in units of e), NOT from the evaluator:
    eps_V(n) = g_BL/e,   eps_L(nu_e) = -g_BL/e,   eps_V(e) = c_W eps_k - g_BL/e,   M_Z' = M_Zp,
with e = sqrt(4 pi alpha) and c_W from the tree-level relation s_W^2 c_W^2 = pi alpha/(sqrt2 G_F M_Z^2).
The neglected corrections are O(eps_k^2, M_Z'^2/M_Z^2) ~ 1e-6 relative, 1e-3 of the 0.5 %
uncertainties, so the fit must land on the generating point to a small fraction of its errors.
Linear least squares gives the expected errors: M_Z' is measured once (sigma_M), g_BL twice with
equal relative errors r (sigma_g = r g/sqrt2), and eps_k then follows from eps_V(e).
"""
import sys

import numpy as np
import pytest

import modelgen as mg
from modelgen.cli import main

ALPHA, G_F, M_Z = 0.0072973525692838015, 1.1663787e-05, 91.1876  # the model's default SM inputs
TRUE = {"eps_k": 2e-3, "g_BL": 1.5e-3, "M_Zp": 0.017}
REL = 5e-3  # relative uncertainty of every synthetic measurement
BOX = {"eps_k": (-1e-2, 1e-2), "g_BL": (1e-4, 1e-2), "M_Zp": (0.010, 0.025)}


def _closed_form(eps_k, g_BL, M_Zp):
    e = np.sqrt(4 * np.pi * ALPHA)
    A = np.pi * ALPHA / (np.sqrt(2) * G_F * M_Z**2)
    c_W = np.sqrt(1 - (1 - np.sqrt(1 - 4 * A)) / 2)
    return {"M_Zp": M_Zp, "eps_V.n": g_BL / e, "eps_L.nu_e": -g_BL / e, "eps_V.e": c_W * eps_k - g_BL / e}


def _write_dataset(path, point):
    entries = []
    for obs, value in _closed_form(**point).items():
        entries.append(f'[syn_{obs.replace(".", "_")}]\nobservable = "{obs}"\nkind = "measurement"\n'
                       f"value = {float(value)!r}\nuncertainty = {float(abs(value) * REL)!r}\n"
                       f'source = "synthetic"\ndate = "2026-01"\nverified = "D"\n')
    path.write_text('name = "synthetic"\n\n' + "\n".join(entries))
    return path


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return _write_dataset(tmp_path_factory.mktemp("fit") / "synthetic.toml", TRUE)


@pytest.fixture(scope="module")
def bl():
    return mg.evaluator("bl")


def _expected_errors():
    return {"M_Zp": REL * TRUE["M_Zp"], "g_BL": REL * TRUE["g_BL"] / np.sqrt(2)}


def _check_recovered(res):
    assert res.valid, str(res)
    for name, true in TRUE.items():
        assert abs(res.values[name] - true) < 0.05 * res.errors[name], (name, res.values[name], true)
    for name, sigma in _expected_errors().items():
        assert res.errors[name] == pytest.approx(sigma, rel=0.05), name
    assert res.chi2 < 1e-3 and res.ndf == 4 - 3


def test_migrad_recovers_generating_point(bl, data):
    res = mg.fit(bl, data, free=BOX, multistart=8, seed=3)
    assert res.backend == "iminuit"
    _check_recovered(res)
    assert len(res.contributions) == 4 and all(abs(c.pull) < 0.05 for c in res.contributions)
    text = str(res)
    assert "g_BL" in text and "GeV" in text and "chi2/ndf" in text


def test_point_by_point_fit_finds_the_same_minimum(bl, data):
    # batched=False: the multistart seeds are evaluated one call each instead of one batched call
    res = mg.fit(bl, data, free=BOX, multistart=8, seed=3, batched=False)
    _check_recovered(res)


def _sigma_g_at_fixed_eps_k_and_mass():
    # only eps_V(n), eps_L(nu_e) and eps_V(e) constrain g_BL: 1/s^2 = sum (d pred/d g)^2 / sigma_i^2
    e = np.sqrt(4 * np.pi * ALPHA)
    pred = _closed_form(**TRUE)
    inv_var = sum((1 / e) ** 2 / (REL * pred[o]) ** 2 for o in ("eps_V.n", "eps_L.nu_e", "eps_V.e"))
    return inv_var**-0.5


def test_one_dimensional_profile_is_chi2_on_the_grid(bl, data):
    sigma = _sigma_g_at_fixed_eps_k_and_mass()
    grid = TRUE["g_BL"] + sigma * np.array([-1.0, 0.0, 3.0])
    table = mg.fit.profile(bl, data, "g_BL", grid, fixed={"eps_k": TRUE["eps_k"], "M_Zp": TRUE["M_Zp"]})
    np.testing.assert_allclose(table["delta_chi2"], [1, 0, 9], atol=0.02)


def test_minos_interval_is_symmetric_for_linear_problem(bl, data):
    res = mg.fit(bl, data, free={"g_BL": BOX["g_BL"]}, fixed={"eps_k": TRUE["eps_k"], "M_Zp": TRUE["M_Zp"]},
                 start={"g_BL": 2e-3}, method="minos")
    lo, hi = res.minos["g_BL"]
    sigma = _sigma_g_at_fixed_eps_k_and_mass()
    assert -lo == pytest.approx(sigma, rel=0.02) and hi == pytest.approx(sigma, rel=0.02)


def test_scipy_fallback_without_iminuit(bl, data, monkeypatch):
    monkeypatch.setitem(sys.modules, "iminuit", None)  # `import iminuit` now raises ImportError
    res = mg.fit(bl, data, free=BOX, multistart=8, seed=3)
    assert res.backend == "scipy" and any("iminuit is not installed" in n for n in res.notes)
    _check_recovered(res)


def test_profile_delta_chi2_is_parabola(bl, data):
    # linear Gaussian problem: profile delta chi2 of g_BL = ((g - g_hat)/sigma_g)^2 exactly
    sigma = _expected_errors()["g_BL"]
    grid = TRUE["g_BL"] + sigma * np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    table = mg.fit.profile(bl, data, "g_BL", grid, free=BOX, multistart=4, seed=1)
    assert set(table) >= {"g_BL", "chi2", "delta_chi2", "eps_k", "M_Zp"} and table["valid"].all()
    np.testing.assert_allclose(table["delta_chi2"], [4, 1, 0, 1, 4], atol=0.05)
    np.testing.assert_allclose(table["M_Zp"], TRUE["M_Zp"], rtol=1e-3 * REL)


def test_cli_fit_writes_result_and_profile(data, tmp_path, capsys):
    cfg = tmp_path / "fit.toml"
    cfg.write_text(f'model = "bl"\ndata = "{data}"\nmultistart = 6\nseed = 2\noutput = "fit.json"\n'
                   f'[free]\neps_k = [-1e-2, 1e-2]\ng_BL = [1e-4, 1e-2]\nM_Zp = {{min = 0.010, max = 0.025}}\n'
                   f'[profile]\nparameter = "eps_k"\nmin = 1.9e-3\nmax = 2.1e-3\nn = 3\noutput = "profile.csv"\n')
    assert main(["fit", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "chi2/ndf" in out and (tmp_path / "fit.json").is_file()
    header = (tmp_path / "profile.csv").read_text().splitlines()[0].split(",")
    assert header[:3] == ["eps_k", "chi2", "delta_chi2"]


def test_cli_fit_config_errors_name_the_culprit(tmp_path, capsys):
    cfg = tmp_path / "fit.toml"
    cfg.write_text('model = "bl"\ndata = "current"\nmultstart = 3\n[free]\ng_BL = [1e-4, 1e-2]\n')
    assert main(["fit", "--config", str(cfg)]) == 2
    assert "multstart" in capsys.readouterr().err
    cfg.write_text('model = "bl"\ndata = "current"\n[free]\ng_BL = [1e-2, 1e-4]\n')
    assert main(["fit", "--config", str(cfg)]) == 2
    assert "g_BL" in capsys.readouterr().err
    cfg.write_text('model = "bl"\ndata = "current"\n[free]\ng_BL = [1e-4, 1e-2]\n'
                   '[profile]\nparameter = "gBL"\nmin = 1e-3\nmax = 2e-3\n')
    assert main(["fit", "--config", str(cfg)]) == 2
    assert "profile.parameter 'gBL'" in capsys.readouterr().err


def test_one_point_chi2_equals_batched_chi2(bl, data):
    """The minimiser's one-point χ² (ev.point_array) and the seeds' batched χ² (ev(arrays)) are the same
    numbers, INVALID at flagged points (g_BL = 0 gives a fatal point) included."""
    from modelgen.data import load_dataset
    from modelgen.fitting.objective import INVALID, Chi2
    box = {"eps_k": (-1e-2, 1e-2), "g_BL": (0.0, 1e-2), "M_Zp": (0.010, 0.025)}
    obj = Chi2(bl, load_dataset(data), box)
    thetas = obj.sample(24, np.random.default_rng(5))
    thetas[::6, 1] = 0.0
    one_by_one = np.array([obj(t) for t in thetas])
    np.testing.assert_array_equal(one_by_one, obj.batch(thetas))
    assert np.sum(one_by_one == INVALID) == 4 and np.all(one_by_one[one_by_one != INVALID] >= 0)


def test_fitting_spells_no_output_name():
    """DESIGN.md: only the observables layer reads stable output names; the fitting layer asks it
    which mass a data entry's window bounds (constraints.window_mass, WINDOW_AXIS)."""
    import ast
    import pathlib

    import modelgen.fitting
    from modelgen.observables.constraints import WINDOW_AXIS, window_mass
    assert window_mass({WINDOW_AXIS: 0.017}) == 0.017 and window_mass({}) is None
    for path in pathlib.Path(modelgen.fitting.__file__).parent.glob("*.py"):
        strings = {node.value for node in ast.walk(ast.parse(path.read_text()))
                   if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        assert WINDOW_AXIS not in strings, path.name
