"""Scan output: rows equal direct evaluator calls at the sampled points, column naming, formats,
and the refusal to overwrite."""
import numpy as np
import pytest

import modelgen as mg
from modelgen.scan import ScanStateError, read_table, run_scan
from modelgen.scan.sampling import chunk_points
from modelgen.scan import load_config

CFG = ('model = "bl"\nsampling = "{sampling}"\npoints = 250\nchunk = 100\nseed = 3\noutput = "{output}"\n{extra}'
       '[parameters]\neps_k = {{min = -1e-2, max = 1e-2}}\nM_Zp = {{min = 0.01, max = 1.0, log = true}}\n'
       'g_BL = 2e-3\nM_Z = 91.2\n')


def _write(tmp_path, name="s.toml", sampling="random", output="scan.parquet", extra=""):
    cfg = tmp_path / name
    cfg.write_text(CFG.format(sampling=sampling, output=output, extra=extra))
    return cfg


def test_rows_equal_direct_evaluation_and_clashing_names_are_distinct(tmp_path):
    cfg = _write(tmp_path, extra='data = "current"\n')
    cols, units = read_table(run_scan(cfg, progress=False))
    ev = mg.evaluator("bl")
    points = load_config(cfg)
    pts = {k: np.concatenate([chunk_points(points, c)[k] for c in range(3)]) for k in ("eps_k", "M_Zp")}
    np.testing.assert_array_equal(cols["eps_k"], pts["eps_k"])
    ref = ev(eps_k=pts["eps_k"], M_Zp=pts["M_Zp"], g_BL=2e-3, M_Z=91.2, data="current")
    for name in ("eps_V.e", "delta_a_mu", "ctau_Zp", "chi2", "pull.delta_a_mu", "status"):
        np.testing.assert_array_equal(cols[name], ref[name])
    # M_Z is an input (fixed at 91.2 GeV) and an output (the physical Z mass after Z-Z' mixing)
    assert np.all(cols["M_Z"] == 91.2) and np.all(cols["g_BL"] == 2e-3)
    np.testing.assert_array_equal(cols["out.M_Z"], ref["M_Z"])
    np.testing.assert_array_equal(cols["out.M_Zp"], ref["M_Zp"])
    assert cols["alpha"][0] == ev.parameters["alpha"]["default"]  # unscanned inputs: defaults
    assert units["M_Zp"] == "GeV" and units["out.M_Z"] == "GeV"
    names = list(cols)
    assert names[:len(ev.parameters)] == list(ev.parameters)
    assert names.index("status") < names.index("chi2") < names.index("pull.delta_a_mu")


def test_csv_round_trips_the_parquet_values(tmp_path):
    a, _ = read_table(run_scan(_write(tmp_path, "a.toml", "sobol"), progress=False))
    b, _ = read_table(run_scan(_write(tmp_path, "b.toml", "sobol", "scan.csv"), progress=False))
    assert list(a) == list(b)
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])
    assert (tmp_path / "scan.csv").read_text().splitlines()[0].startswith("alpha,G_F,M_Z,")


def test_existing_output_is_kept_without_overwrite(tmp_path):
    cfg = _write(tmp_path, extra='columns = ["delta_a_mu"]\n')
    out = tmp_path / "scan.parquet"
    out.write_bytes(b"old")
    with pytest.raises(ScanStateError, match="exists; pass --overwrite"):
        run_scan(cfg, progress=False)
    assert out.read_bytes() == b"old" and not (tmp_path / "scan.parquet.parts").exists()
    cols, _ = read_table(run_scan(cfg, progress=False, overwrite=True))
    assert len(cols["delta_a_mu"]) == 250 and "eps_V.e" not in cols
    assert not (tmp_path / "scan.parquet.parts").exists()
