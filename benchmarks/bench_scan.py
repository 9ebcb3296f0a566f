"""Scan throughput against the plain evaluator, and the overhead of the Dask back end.

Same run, same 10^6 `bl` points (Sobol, 3 scanned parameters), every output column:
1. plain evaluator: ``ev(points)`` chunk by chunk in this process (no process start, no writing);
2. ``modelgen scan --config ...`` in a fresh process, Parquet output: process start, config
   checks, sampling, evaluation, writing (overlapped) and the final file included;
3. the same with ``data = "current"`` (χ² and pulls) against ``ev(points, data="current")``;
4. ``modelgen scan --dask local:2`` (a LocalCluster of 2 single-threaded worker processes,
   started by the command) against the local scan of step 2.
Prints the rates in points/s and their ratios (targets: scan/evaluator ≥ 0.6, Dask overhead ≤ 20 %).

Run: python benchmarks/bench_scan.py [n_points]
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import modelgen as mg
from modelgen.scan import load_config
from modelgen.scan.sampling import chunk_points

CONFIG = """model = "bl"
sampling = "sobol"
points = {n}
chunk = 50000
seed = 1
output = "{output}"
{data}
[parameters]
eps_k = {{min = -1e-2, max = 1e-2}}
g_BL = {{min = 1e-4, max = 1e-2, log = true}}
M_Zp = {{min = 1e-3, max = 10.0, log = true}}
"""


def write_config(folder, name, n, data=None):
    path = Path(folder) / f"{name}.toml"
    path.write_text(CONFIG.format(n=n, output=f"{name}.parquet", data=f'data = "{data}"' if data else ""))
    return path


def evaluator_seconds(cfg_path, data=None):
    """Wall time of ev(points) over the scan's chunks (points generated outside the timing)."""
    cfg = load_config(cfg_path)
    ev = mg.evaluator("bl")
    chunks = [chunk_points(cfg, k) for k in range(cfg.n_chunks)]
    t0 = time.perf_counter()
    for pts in chunks:
        ev(pts, data=data)
    return time.perf_counter() - t0


def scan_seconds(cfg_path, *extra):
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "modelgen", "scan", "--config", str(cfg_path), "--quiet", *extra],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main(n=1_000_000):
    folder = tempfile.mkdtemp(prefix="modelgen-bench-scan-")
    print(f"bl, {n:.0e} Sobol points, every output column, Parquet; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}")
    plain = write_config(folder, "plain", n)
    t_ev, t_scan = evaluator_seconds(plain), scan_seconds(plain)
    size = Path(folder, "plain.parquet").stat().st_size / 1e6
    print(f"  evaluator ev(points)       {n / t_ev:12.0f} points/s  ({t_ev:.2f} s)")
    print(f"  modelgen scan              {n / t_scan:12.0f} points/s  ({t_scan:.2f} s, process start "
          f"included, {size:.0f} MB)  ratio scan/evaluator = {t_ev / t_scan:.2f}")
    data = write_config(folder, "data", n, data="current")
    t_evd, t_scand = evaluator_seconds(data, "current"), scan_seconds(data)
    print(f"  with data=current: evaluator {n / t_evd:.0f} points/s, scan {n / t_scand:.0f} points/s, "
          f"ratio {t_evd / t_scand:.2f}")
    dask = write_config(folder, "dask", n)
    t_dask = scan_seconds(dask, "--dask", "local:2")
    print(f"  modelgen scan --dask local:2 {n / t_dask:10.0f} points/s  ({t_dask:.2f} s, cluster start "
          f"included)  overhead vs local scan = {100 * (t_dask / t_scan - 1):+.0f} %")


if __name__ == "__main__":
    main(int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000)
