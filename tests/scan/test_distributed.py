"""Dask back end: a LocalCluster gives the same table as the local run, and resumes the same way."""
import numpy as np
import pytest

distributed = pytest.importorskip("distributed")

import modelgen.scan.runner as runner  # noqa: E402
from modelgen.errors import BuildError, ParameterError  # noqa: E402
from modelgen.scan import ScanInterrupted, read_table, run_scan  # noqa: E402
from modelgen.scan.distributed import _evaluator, client_for, is_local  # noqa: E402

CFG = ('model = "bl"\nsampling = "random"\npoints = 3000\nchunk = 250\nseed = 9\noutput = "{output}"\n'
       '[parameters]\neps_k = {{min = -5e-3, max = 5e-3}}\nM_Zp = {{min = 0.01, max = 0.1, log = true}}\n')


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                       dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _same(a, b):
    ca, cb = read_table(a)[0], read_table(b)[0]
    assert list(ca) == list(cb)
    for name in ca:
        np.testing.assert_array_equal(ca[name], cb[name])


def test_dask_equals_local_and_resumes_a_local_run(tmp_path, monkeypatch, client):
    cfgs = {}
    for name in ("local", "dask", "resumed"):
        cfgs[name] = tmp_path / f"{name}.toml"
        cfgs[name].write_text(CFG.format(output=f"{name}.parquet"))
    local = run_scan(cfgs["local"], progress=False)
    # results through the scheduler, then (the default for a LocalCluster) chunk files written by the workers
    _same(local, run_scan(cfgs["dask"], progress=False, dask=client, shared_fs=False))
    assert is_local(client) and not is_local(object())
    _same(local, run_scan(cfgs["dask"], progress=False, dask=client, overwrite=True))

    inner, calls = runner.evaluate_chunk, []

    def stop_after_5(ev, params, outputs, data):
        if len(next(iter(params.values()))) > 1:
            if len(calls) == 5:
                raise KeyboardInterrupt
            calls.append(1)
        return inner(ev, params, outputs, data)
    monkeypatch.setattr(runner, "evaluate_chunk", stop_after_5)
    with pytest.raises(ScanInterrupted, match="5 of 12 chunks"):
        run_scan(cfgs["resumed"], progress=False)
    monkeypatch.undo()
    _same(local, run_scan(cfgs["resumed"], progress=False, dask=client))


@pytest.mark.parametrize("spec", ["local:0", "local:x", "scheduler:8786"])
def test_bad_dask_spec_is_a_parameter_error_before_any_file(spec, tmp_path):
    with pytest.raises(ParameterError, match="--dask"):
        client_for(spec)
    cfg = tmp_path / "s.toml"
    cfg.write_text(CFG.format(output="out.parquet"))
    with pytest.raises(ParameterError, match="--dask"):
        run_scan(cfg, progress=False, dask=spec)
    assert [p.name for p in tmp_path.iterdir()] == ["s.toml"]


def test_worker_refuses_a_model_built_from_other_inputs():
    with pytest.raises(BuildError, match="input hash .* the client's not-the-same-hash"):
        _evaluator("bl", "not-the-same-hash")


def test_local_process_cluster_equals_local_run(tmp_path):
    """``dask="local:2"`` as the CLI runs it: worker processes forked from the preloaded forkserver
    (where the platform has one), each evaluating serially and writing its chunk files itself."""
    cfgs = {name: tmp_path / f"{name}.toml" for name in ("local", "dask")}
    for name, path in cfgs.items():
        path.write_text(CFG.format(output=f"{name}.parquet").replace("points = 3000", "points = 1000"))
    _same(run_scan(cfgs["local"], progress=False), run_scan(cfgs["dask"], progress=False, dask="local:2"))
