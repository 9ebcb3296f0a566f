"""Interrupted scans resume: completed chunks are kept and never recomputed, and the final table
equals an uninterrupted run's, row for row."""
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import modelgen.scan.runner as runner
from modelgen.scan import ScanInterrupted, ScanStateError, read_table, run_scan

EVALUATE_CHUNK = runner.evaluate_chunk
CFG = ('model = "bl"\nsampling = "{sampling}"\npoints = {points}\nchunk = {chunk}\nseed = 5\n'
       'output = "{output}"\ndata = "current"\n'
       '[parameters]\neps_k = {{min = -5e-3, max = 5e-3}}\ng_BL = {{min = 1e-4, max = 3e-3, log = true}}\n')


def _cfg(tmp_path, name, output, sampling="lhs", points=1000, chunk=100):
    path = tmp_path / name
    path.write_text(CFG.format(sampling=sampling, points=points, chunk=chunk, output=output))
    return path


def _assert_same_table(a, b):
    ca, _ = read_table(a)
    cb, _ = read_table(b)
    assert list(ca) == list(cb)
    for name in ca:
        np.testing.assert_array_equal(ca[name], cb[name])


class _Counter:
    """Wraps the scan's evaluator call: counts chunk evaluations, raises SIGINT's exception after ``stop``."""

    def __init__(self, stop=None):
        self.calls, self.stop = [], stop

    def __call__(self, ev, params, outputs, data):
        n = len(next(iter(params.values())))
        if n > 1:  # the one-point trial that fixes the columns is not a chunk
            if self.stop is not None and len(self.calls) == self.stop:
                raise KeyboardInterrupt
            self.calls.append(params["eps_k"][0])
        return EVALUATE_CHUNK(ev, params, outputs, data)


def test_interrupted_scan_resumes_without_recomputing(tmp_path, monkeypatch):
    ref = run_scan(_cfg(tmp_path, "ref.toml", "ref.parquet"), progress=False)
    cfg = _cfg(tmp_path, "s.toml", "out.parquet")
    first = _Counter(stop=4)
    monkeypatch.setattr(runner, "evaluate_chunk", first)
    with pytest.raises(ScanInterrupted, match="4 of 10 chunks saved.*rerun the same command to resume"):
        run_scan(cfg, progress=False)
    parts = tmp_path / "out.parquet.parts"
    assert sorted(p.name for p in parts.glob("chunk-*")) == [f"chunk-{k:06d}.arrow" for k in range(4)]
    assert not (tmp_path / "out.parquet").exists()
    second = _Counter()
    monkeypatch.setattr(runner, "evaluate_chunk", second)
    run_scan(cfg, progress=False)
    assert len(first.calls) == 4 and len(second.calls) == 6          # 10 chunks, none twice
    assert not set(first.calls) & set(second.calls)
    assert not parts.exists()
    _assert_same_table(ref, tmp_path / "out.parquet")


def test_leftovers_of_a_killed_run_are_ignored(tmp_path, monkeypatch):
    """A SIGKILL can leave temporary files (a half-written chunk, the unfinished final file):
    they are discarded and only complete chunk files are reused."""
    cfg = _cfg(tmp_path, "s.toml", "out.parquet")
    monkeypatch.setattr(runner, "evaluate_chunk", _Counter(stop=3))
    with pytest.raises(ScanInterrupted):
        run_scan(cfg, progress=False)
    parts = tmp_path / "out.parquet.parts"
    (parts / ".chunk-000003.arrow.999.tmp").write_bytes(b"half a chunk")
    (parts / ".final.parquet.999.tmp").write_bytes(b"PAR1 half a file")
    counter = _Counter()
    monkeypatch.setattr(runner, "evaluate_chunk", counter)
    run_scan(cfg, progress=False)
    assert len(counter.calls) == 7
    monkeypatch.undo()
    _assert_same_table(run_scan(_cfg(tmp_path, "ref.toml", "ref.parquet"), progress=False), tmp_path / "out.parquet")


def test_changed_config_refuses_the_old_parts(tmp_path, monkeypatch):
    cfg = _cfg(tmp_path, "s.toml", "out.csv")
    monkeypatch.setattr(runner, "evaluate_chunk", _Counter(stop=2))
    with pytest.raises(ScanInterrupted):
        run_scan(cfg, progress=False)
    monkeypatch.undo()
    cfg.write_text(cfg.read_text().replace("seed = 5", "seed = 6"))
    with pytest.raises(ScanStateError, match="chunks of a different scan \\(config_hash differ\\).*--overwrite"):
        run_scan(cfg, progress=False)
    assert len(list((tmp_path / "out.csv.parts").glob("chunk-*"))) == 2
    run_scan(cfg, progress=False, overwrite=True)
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 1001


SLOW_CLI = ("import sys, time\nimport modelgen.scan.runner as r\nfrom modelgen.cli import main\n"
            "fast = r.evaluate_chunk\n"
            "def slow(*a):\n    time.sleep(0.1)\n    return fast(*a)\n"
            "r.evaluate_chunk = slow\nsys.exit(main(sys.argv[1:]))\n")


def test_sigint_in_the_cli_prints_how_to_resume(tmp_path):
    """A real SIGINT to ``modelgen scan`` (chunks slowed to 0.1 s so that it arrives mid-scan):
    exit 130, one line, no traceback; resuming (here in-process) equals an uninterrupted run."""
    kw = dict(sampling="sobol", points=6000, chunk=200)
    cfg = _cfg(tmp_path, "s.toml", "out.parquet", **kw)
    args = ["scan", "--config", str(cfg), "--quiet"]
    proc = subprocess.Popen([sys.executable, "-c", SLOW_CLI] + args, stderr=subprocess.PIPE, text=True)
    parts = tmp_path / "out.parquet.parts"
    deadline = time.monotonic() + 60
    while len(list(parts.glob("chunk-*.arrow"))) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGINT)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.count("\n") == 1 and "rerun the same command to resume" in err
    assert 3 <= len(list(parts.glob("chunk-*.arrow"))) < 30
    run_scan(cfg, progress=False)
    ref = run_scan(_cfg(tmp_path, "ref.toml", "ref.parquet", **kw), progress=False)
    _assert_same_table(ref, tmp_path / "out.parquet")
