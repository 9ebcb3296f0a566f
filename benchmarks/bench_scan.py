"""Scan throughput against the plain evaluator, and the overhead of the Dask back end.

Same run, same 10^6 `bl` points (Sobol, 3 scanned parameters), every output column:
1. plain evaluator: ``ev(points)`` chunk by chunk in this process (no process start, no writing);
2. ``modelgen scan --config ...`` in a fresh process, Parquet output: process start, config
   checks, sampling, evaluation, writing (overlapped) and the final file included;
3. the same with ``data = "current"`` (χ² and pulls) against ``ev(points, data="current")``;
4. ``modelgen scan --dask local:2`` (a LocalCluster of 2 single-threaded worker processes,
   started by the command) against the local scan of step 2, then the overhead proper: the same
   scan on a LocalCluster(2) started once and kept (start-up and first model load excluded, shown
   apart) against ``run_scan`` in this process, alternated so that each pair sees the same load;
5. the breakdown of step 2: process start (a 1000-point scan: imports, config, sampling set-up,
   one chunk) versus the rest.
Steps 1-2 and 3 alternate twice and keep each side's best wall time; every scan output is deleted
once measured (a temporary folder, removed at the end).
The Dask CPU time misses the workers (children of Dask's forkserver, not reaped by the scan
process): compare its wall time.
Prints the rates in points/s and their ratios (targets: scan/evaluator ≥ 0.6, Dask overhead ≤ 20 %),
from wall time and from CPU time (user + system of this process or of the scan process and its
children): on a shared, oversubscribed machine the wall-time ratios mostly measure the load.

Run: python benchmarks/bench_scan.py [n_points] [--dask-only]
"""
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

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


def _children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def evaluator_seconds(cfg_path, data=None):
    """(wall, CPU) seconds of ev(points) over the scan's chunks (points generated before timing)."""
    cfg = load_config(cfg_path)
    ev = mg.evaluator("bl")
    chunks = [chunk_points(cfg, k) for k in range(cfg.n_chunks)]
    ev(chunks[0], data=data)  # imports of the observables layer happen once, outside the timing
    t0, c0 = time.perf_counter(), time.process_time()
    for pts in chunks:
        ev(pts, data=data)
    return time.perf_counter() - t0, time.process_time() - c0


def scan_seconds(cfg_path, *extra):
    """(wall, CPU) seconds of a ``modelgen scan`` process, start to exit (CPU of its children too)."""
    t0, c0 = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "modelgen", "scan", "--config", str(cfg_path), "--quiet", *extra],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0, _children_cpu() - c0


def _line(label, n, t, ref=None, what="evaluator"):
    ratio = f"   rate ratio this/{what} = {ref[0] / t[0]:.2f} wall, {ref[1] / t[1]:.2f} CPU" if ref else ""
    return f"  {label:<30} {n / t[0]:9.0f} points/s wall ({t[0]:6.2f} s), CPU {t[1]:6.2f} s{ratio}"


def persistent_cluster(folder, n, rounds=2):
    """Dask overhead on a LocalCluster(2) started once and kept (the cluster start-up is a one-off cost,
    reported separately, not a per-scan overhead) against a local scan in this process (kernel on
    OpenMP's 2 threads): the same config and output, alternated ``rounds`` times so that each pair of
    runs sees the same machine load; the workers evaluate serially, write their own chunk files
    (LocalCluster: shared file system) and load the model module once per worker process."""
    from modelgen.scan import run_scan
    from modelgen.scan.distributed import client_for, close_client
    cfg = write_config(folder, "persistent", n)
    t = time.perf_counter()
    client = client_for("local:2")
    t_start = time.perf_counter() - t
    warm = Path(folder) / "warm.toml"
    warm.write_text(CONFIG.format(n=2000, output="warm.parquet", data="").replace("chunk = 50000", "chunk = 1000"))
    t = time.perf_counter()
    run_scan(warm, progress=False, dask=client)
    t_warm = time.perf_counter() - t
    print(f"  LocalCluster(2): start {t_start:.2f} s, first 2-chunk scan (workers import and load the model) "
          f"{t_warm:.2f} s; both excluded below")
    ratios = []
    for r in range(rounds):
        times = {}
        for label, kw in (("local", {}), ("dask", {"dask": client})):
            load = os.getloadavg()[0]
            t = time.perf_counter()
            run_scan(cfg, progress=False, overwrite=True, **kw)
            times[label] = time.perf_counter() - t
            print(f"    round {r + 1}: {label:5s} {times[label]:6.2f} s wall ({n / times[label]:9.0f} points/s), "
                  f"load average before {load:.1f}")
        ratios.append(times["dask"] / times["local"])
    close_client(client)
    print(f"  Dask overhead on the persistent LocalCluster(2) vs the local 2-thread scan, same-load pairs: "
          + ", ".join(f"{100 * (q - 1):+.0f} %" for q in ratios) + " (target <= 20 %)")
    return ratios, os.getloadavg()[0]


def main(n=1_000_000):
    with tempfile.TemporaryDirectory(prefix="modelgen-bench-scan-") as folder:
        return _main(folder, n)


def _best_pair(evaluate, scan, output, rounds=2):
    """(best evaluator (wall, CPU), best scan (wall, CPU), scan file MB): the two alternated
    ``rounds`` times, each keeping its shortest wall time (timeit's rule: a shared machine only ever
    adds time); the scan output is deleted after each run (1 GB of Parquet per 10^6 points: left
    behind, the page cache and disk write-back of earlier files slow the later runs)."""
    best_ev, best_scan, size = (np.inf, np.inf), (np.inf, np.inf), 0.0
    for _ in range(rounds):
        best_ev = min(best_ev, evaluate(), key=lambda t: t[0])
        best_scan = min(best_scan, scan(), key=lambda t: t[0])
        size = output.stat().st_size / 1e6
        output.unlink()
    return best_ev, best_scan, size


def _main(folder, n):
    print(f"bl, {n:.0e} Sobol points, every output column, Parquet; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}; evaluator and scan alternated twice, best of each")
    plain = write_config(folder, "plain", n)
    t_ev, t_scan, size = _best_pair(lambda: evaluator_seconds(plain), lambda: scan_seconds(plain),
                                    Path(folder, "plain.parquet"))
    print(_line("evaluator ev(points)", n, t_ev))
    print(_line(f"modelgen scan ({size:.0f} MB)", n, t_scan, t_ev))
    scan_rate = (t_ev[0] / t_scan[0], t_ev[1] / t_scan[1], os.getloadavg()[0])
    data = write_config(folder, "data", n, data="current")
    t_evd, t_scand, _ = _best_pair(lambda: evaluator_seconds(data, "current"), lambda: scan_seconds(data),
                                   Path(folder, "data.parquet"))
    print(_line("evaluator, data=current", n, t_evd))
    print(_line("modelgen scan, data=current", n, t_scand, t_evd))
    dask = write_config(folder, "dask", n)
    t_dask = scan_seconds(dask, "--dask", "local:2")
    Path(folder, "dask.parquet").unlink()
    print(_line("modelgen scan --dask local:2", n, t_dask) +
          f"   overhead vs local scan: {100 * (t_dask[0] / t_scan[0] - 1):+.0f} % wall, "
          f"{100 * (t_dask[1] / t_scan[1] - 1):+.0f} % CPU (cluster start included)")
    dask_overheads = persistent_cluster(folder, n)
    tiny = Path(folder) / "tiny.toml"
    tiny.write_text(CONFIG.format(n=1000, output="tiny.parquet", data="").replace("chunk = 50000", "chunk = 1000"))
    t_start = min((scan_seconds(tiny, "--overwrite") for _ in range(3)), key=lambda t: t[0])
    print(f"  breakdown of the local scan: process start + one 1000-point chunk {t_start[0]:.2f} s wall "
          f"({t_start[1]:.2f} s CPU), the remaining {t_scan[0] - t_start[0]:.2f} s wall for {n:.0e} points: "
          f"{n / max(t_scan[0] - t_start[0], 1e-9):.0f} points/s after start")
    print(f"  load average at the end {os.getloadavg()[0]:.1f}")
    return scan_rate, dask_overheads


if __name__ == "__main__":
    N = int(float(sys.argv[1])) if len(sys.argv) > 1 and sys.argv[1][0].isdigit() else 1_000_000
    if "--dask-only" in sys.argv:
        print(f"bl, {N:.0e} Sobol points, every output column, Parquet; {os.cpu_count()} cores")
        with tempfile.TemporaryDirectory(prefix="modelgen-bench-scan-") as tmp:
            persistent_cluster(tmp, N)
    else:
        main(N)
