"""Scans: sampling, CSV output consistent with a direct evaluator call, config errors."""
import numpy as np
import pytest

import modelgen as mg
from modelgen.errors import ParameterError
from modelgen.scan import run_scan


def test_random_scan_matches_direct_evaluation(tmp_path):
    cfg = tmp_path / "s.toml"
    cfg.write_text('model = "bl"\npoints = 250\nchunk = 100\nseed = 3\ncolumns = ["eps_V.e", "delta_a_mu"]\n'
                   '[parameters]\neps_k = {min = -1e-2, max = 1e-2}\nM_Zp = {min = 0.01, max = 1.0, log = true}\n'
                   'g_BL = 2e-3\n')
    out = run_scan(cfg, progress=False)
    data = np.genfromtxt(out, delimiter=",", names=True)
    assert len(data) == 250
    assert np.all((data["eps_k"] >= -1e-2) & (data["eps_k"] <= 1e-2)) and np.all(data["g_BL"] == 2e-3)
    ev = mg.evaluator("bl")
    ref = ev(eps_k=data["eps_k"], M_Zp=data["M_Zp"], g_BL=2e-3)
    np.testing.assert_allclose(data["eps_Ve"], ref["eps_V.e"], rtol=1e-15)  # %.17g round-trips


def test_grid_scan_and_errors(tmp_path):
    cfg = tmp_path / "g.toml"
    cfg.write_text('model = "bl"\nsampling = "grid"\nchunk = 7\ncolumns = ["eps_V.n"]\n'
                   '[parameters]\ng_BL = {min = 1e-3, max = 2e-3, n = 4}\neps_k = {min = 0, max = 1e-3, n = 5}\n')
    data = np.genfromtxt(run_scan(cfg, progress=False), delimiter=",", names=True)
    assert len(data) == 20 and len(np.unique(data["g_BL"])) == 4
    bad = tmp_path / "b.toml"
    bad.write_text('model = "bl"\npointz = 3\n')
    with pytest.raises(ParameterError, match="unknown scan key.*pointz"):
        run_scan(bad, progress=False)
    bad.write_text('model = "bl"\n[parameters]\neps_kk = {min = 0, max = 1}\n')
    with pytest.raises(ParameterError, match="unknown parameter 'eps_kk'"):
        run_scan(bad, progress=False)
