"""Issue 12's figures in one place: every benchmark ratio with its target and the load average it
was measured at (the machine may be shared: a figure measured at load > cores is reported, not
hidden).

Runs, each measured against its same-run baseline:
  scan   modelgen scan rate / plain evaluator rate, 10^6 bl points (bench_scan.py; target >= 0.6),
         and the Dask LocalCluster(2) overhead against the local scan (target <= 20 %);
  point  single-point latency / per-point cost of a 10^4-point batch, serial and 2 threads, bl and
         bl_vll, dict and point_array calls (bench_evaluator_api.py section 1; target <= 3x);
  threads  1 vs 2 threads on a large batch, bl and bl_vll (section 3; target >= 1.8x);
  memory   peak RSS of ev(10^7 bl points, 5 outputs) (section 4; target <= 1 GiB);
  fit    6-parameter bl_vll fit: seeds one call per point vs one batched call (section 5).
Then the summary table.

Run: python benchmarks/issue12.py [--quick] [scan point threads memory fit]  (default: all)
"""
import os
import sys

import numpy as np

import bench_evaluator_api as api
import bench_scan as scan

PARTS = ("scan", "point", "threads", "memory", "fit")
QUICK = "--quick" in sys.argv
CHOSEN = [a for a in sys.argv[1:] if a in PARTS] or list(PARTS)


def main():
    import modelgen.data  # noqa: F401  (mg.data in the sections)
    rows = []  # (figure, value text, target text, met, load average)
    rng = np.random.default_rng(1)
    if "scan" in CHOSEN:
        n = 100_000 if QUICK else 1_000_000
        (wall, cpu, load), (overheads, load_dask) = scan.main(n)
        rows.append((f"scan / evaluator rate, {n:.0e} bl points (wall; CPU {cpu:.2f})", f"{wall:.2f}", ">= 0.6",
                     wall >= 0.6, load))
        rows.append((f"Dask LocalCluster(2) overhead, {n:.0e} bl points (same-load pairs)",
                     ", ".join(f"{100 * (q - 1):+.0f} %" for q in overheads), "<= 20 %", min(overheads) <= 1.2,
                     load_dask))
    if "point" in CHOSEN:
        print("single-point latency / per-point cost of a 10^4-point batch")
        for name in ("bl", "bl_vll"):
            for label, (serial, two, load) in api.single_vs_batch(name, rng).items():
                rows.append((f"{name}: {label} / batch point (vs 2 threads {two:.1f}x)", f"{serial:.1f}x serial",
                             "<= 3x", serial <= 3.0, load))
    if "threads" in CHOSEN:
        print("1 vs 2 threads")
        for name, n in (("bl", 200_000 if QUICK else 2_000_000), ("bl_vll", 2_000 if QUICK else 20_000)):
            speedup, load = api.threads(name, n, rng)
            rows.append((f"{name}: 2-thread speed-up, {n:.0e} points", f"{speedup:.2f}x", ">= 1.8x",
                         speedup >= 1.8, load))
    if "memory" in CHOSEN:
        print("memory")
        n = 10**6 if QUICK else 10**7
        peak, load = api.memory(n)
        rows.append((f"bl: peak RSS of {n:.0e} points, 5 outputs", f"{peak:.2f} GiB", "<= 1 GiB", peak <= 1.0, load))
    if "fit" in CHOSEN:
        print("fit wall time")
        seeds = 64 if QUICK else 512
        ranking, whole, load = api.fit_wall_time(seeds)
        rows.append((f"bl_vll 6-parameter fit, {seeds} seeds ranked: one call per point / batched", f"{ranking:.2f}x",
                     "batched faster", ranking > 1, load))
        rows.append(("bl_vll whole fit: point-by-point seeds / batched seeds", f"{whole:.2f}x", "batched faster",
                     whole > 1, load))
    print(f"\nissue 12 summary ({os.cpu_count()} cores; load average = 1-minute average when measured)")
    w = max(len(r[0]) for r in rows)
    for figure, value, target, met, load in rows:
        print(f"  {figure:<{w}}  {value:>18}  target {target:<14} {'met' if met else 'MISSED':6s}  load {load:4.1f}")


if __name__ == "__main__":
    main()
