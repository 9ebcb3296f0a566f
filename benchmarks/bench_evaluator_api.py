"""Evaluator API at every size: single-point latency, serial/parallel threshold, thread scaling,
memory of a 10^7-point request, and fit wall time point-by-point vs batched.

Every figure is printed with the same-run baseline it is a ratio to:
1. single-point latency / per-point cost of a 10^4-point batch with the same outputs, serial and on
   2 threads (bl, bl_vll): a dict with kernel outputs, with post-kernel observables, with every
   output, with a data set's chi2; ev.point_array (array in/out, what a fit calls) with every
   output and with chi2; and the floor: the compiled module's evaluate() alone on one point;
   1b. the post-kernel stage alone (observables, recast, chi2) on the same rows, NumPy reference
   modules against their compiled twins, at 1 and 10^4 points;
2. call time of n points serial (threads=1) vs OpenMP's default team: where the team pays off
   (the evaluator's SERIAL_BELOW);
3. 1 vs 2 threads on a large batch (bl, bl_vll);
4. peak RSS of ev(10^7 bl points, outputs=5 names) in a fresh process vs the same process before
   the call (and the 1 kB/point of materialising every output);
5. a 6-parameter bl_vll fit (hkot2020 data, multistart seeds + MIGRAD): seeds evaluated one call
   per point vs one batched call.
The machine may be shared: thread-scaling figures are reported as measured.

Run: python benchmarks/bench_evaluator_api.py [--quick] [section numbers, default all]
"""
import os
import subprocess
import sys
import time

import numpy as np

import modelgen as mg
from modelgen.evaluate import SERIAL_BELOW, SERIAL_WORK

QUICK = "--quick" in sys.argv
SECTIONS = {int(a) for a in sys.argv[1:] if a.isdigit()} or {1, 2, 3, 4, 5}


def best_time(f, repeat=3, number=1):
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            f()
        best = min(best, (time.perf_counter() - t) / number)
    return best


def points(n, rng):
    return {"eps_k": rng.uniform(1e-3, 8e-3, n), "g_BL": rng.uniform(1e-3, 3e-3, n),
            "M_Zp": rng.uniform(0.016, 0.018, n)}


def single_vs_batch(name, rng):
    """One point (dict in/out, and ev.point_array) against the per-point cost of a 10^4-point batch
    with the same outputs, serial (threads=1) and on 2 threads, all measured in this run."""
    ev = mg.evaluator(name)
    data = mg.data.load_dataset("hkot2020")
    batch, one = points(10_000, rng), {"eps_k": 5e-3, "g_BL": 2e-3, "M_Zp": 0.017}
    kernel_out = ["eps_V.e", "delta_a_mu", "delta_a_e"]
    cases = [("dict, 3 kernel outputs", dict(outputs=kernel_out)),
             ("dict, 3 outputs incl. observables", dict(outputs=["eps_V.e", "ctau_Zp", "R_Be8_18p15"])),
             ("dict, all outputs", {}),
             ("dict, 3 outputs + chi2(hkot2020)", dict(outputs=kernel_out, data=data))]
    ev(one)
    x = np.array(ev.table.point(one, {}))
    P = np.ascontiguousarray(x[:, None])
    O, S = np.empty((len(ev.outputs), 1)), np.empty(1, dtype=np.intc)
    t_call = best_time(lambda: ev.module.evaluate(P, O, S, 1), repeat=5, number=2000)
    print(f"  {name:7s} floor: the compiled kernel call alone on one point {t_call * 1e6:.2f} us")

    ratios = {}

    def report(label, t_one, kw):
        t_serial = best_time(lambda: ev(batch, threads=1, **kw)) / 10_000
        t_two = best_time(lambda: ev(batch, threads=2, **kw)) / 10_000
        print(f"  {name:7s} {label:36s} single {t_one * 1e6:7.1f} us; batch per point: serial {t_serial * 1e6:6.2f} us, "
              f"2 threads {t_two * 1e6:6.2f} us; ratio {t_one / t_serial:5.1f}x serial, {t_one / t_two:5.1f}x 2 threads "
              f"(target <= 3x)")
        ratios[label] = (t_one / t_serial, t_one / t_two, os.getloadavg()[0])
    for label, kw in cases:
        report(label, best_time(lambda: ev(one, **kw), repeat=5, number=300), kw)
    out = np.empty(len(ev.point_names()))
    report("point_array, all outputs", best_time(lambda: ev.point_array(x, out), repeat=5, number=300), {})
    out = np.empty(len(ev.point_names(data)))
    report("point_array, all outputs + chi2", best_time(lambda: ev.point_array(x, out, data=data), repeat=5,
                                                        number=300), dict(data=data))
    print(f"  {name:7s} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return ratios


def numpy_vs_compiled(name, rng):
    """The post-kernel stage alone, same rows: the NumPy reference (observables.compute, then
    recast.signal_ratios + observables.chi2) against the compiled twins (the evaluator runs the compiled
    observables always, the compiled chi2 below COMPILED_CHI2_BELOW points per block)."""
    from collections import ChainMap

    from modelgen.evaluation.selection import Rows
    from modelgen.observables import chi2, compute
    from modelgen.observables.recast import signal_ratios
    ev = mg.evaluator(name)
    data = mg.data.load_dataset("hkot2020")
    for n in (1, 10_000):
        cols, _ = ev.table.columns(points(n, rng), {})
        P = ev.table.block(cols, 0, n)
        O, S = ev._kernel(P, 1)
        plan = ev._chi2_plan(data)

        def numpy_path():
            with np.errstate(all="ignore"):
                out = ChainMap(compute(Rows(ev, P, O, S)), Rows(ev, P, O, S))
                ratios = signal_ratios(out, data)
                return chi2(ChainMap(ratios, out), data)

        def compiled_path():
            Y, word = ev._observables.evaluate(P, O, S)
            return plan(P, O, Y)
        number = 200 if n == 1 else 2
        t_np, t_c = (best_time(f, repeat=5, number=number) for f in (numpy_path, compiled_path))
        print(f"  {name:7s} {n:6d} point(s): observables + recast + chi2(hkot2020): NumPy {t_np / n * 1e6:9.2f} us/point, "
              f"compiled {t_c / n * 1e6:7.2f} us/point: {t_np / t_c:5.1f}x")


def threshold(name):
    ev = mg.evaluator(name)
    print(f"  {name}: n points, serial (threads=1) vs OpenMP default team (threads=0), per call")
    for n in (1, 4, 16, 64, 256):
        pts = {"eps_k": np.full(n, 5e-3)}
        t1 = best_time(lambda: ev(pts, outputs=["eps_V.e"], threads=1), repeat=5, number=5)
        t0 = best_time(lambda: ev(pts, outputs=["eps_V.e"], threads=0), repeat=5, number=5)
        print(f"    n = {n:4d}: serial {t1 * 1e6:9.1f} us, team {t0 * 1e6:9.1f} us: team/serial {t0 / t1:5.2f}")
    print(f"  evaluator default: serial below SERIAL_BELOW = {SERIAL_BELOW} points per block or below an estimated "
          f"SERIAL_WORK = {SERIAL_WORK * 1e3:g} ms of serial work ({name}: ~{SERIAL_WORK / ev._t_point:.0f} points "
          f"at the measured {ev._t_point * 1e6:.1f} us/point)")


def threads(name, n, rng):
    ev = mg.evaluator(name)
    pts = points(n, rng)
    # Interleaved pairs, best of each: on a shared or virtual machine a single run can be 40 % slow
    # (seen here: 0.49 s and 0.70 s for the same serial call a second apart), and interleaving keeps a
    # slow spell from landing on one thread count only.
    t1 = t2 = np.inf
    for _ in range(5):
        t1 = min(t1, best_time(lambda: ev(pts, outputs=["delta_a_mu"], threads=1), repeat=1))
        t2 = min(t2, best_time(lambda: ev(pts, outputs=["delta_a_mu"], threads=2), repeat=1))
    load = os.getloadavg()[0]
    print(f"  {name:7s} {n} points: 1 thread {t1:.3f} s, 2 threads {t2:.3f} s: speed-up {t1 / t2:.2f}x "
          f"(target >= 1.8x on 2 free cores; load average now {load:.1f})")
    return t1 / t2, load


_MEMORY_CHILD = """
import resource, sys, numpy as np, modelgen as mg
n = int(sys.argv[1])
ev = mg.evaluator("bl")
rng = np.random.default_rng(0)
pts = {"eps_k": rng.uniform(1e-3, 8e-3, n), "g_BL": rng.uniform(1e-3, 3e-3, n), "M_Zp": rng.uniform(0.016, 0.018, n)}
ev({k: v[:10] for k, v in pts.items()}, outputs=["ctau_Zp"])  # imports and first-call set-up
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = ev(pts, outputs=["eps_V.e", "eps_V.n", "delta_a_mu", "delta_a_e", "ctau_Zp"])
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kept = sum(v.nbytes for v in out.values())
print(before * 1024, after * 1024, kept, len(ev.outputs))
"""


def memory(n):
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, str(n)], capture_output=True, text=True, check=True)
    before, after, kept, n_out = map(int, res.stdout.split())
    full = n * (n_out + 8) * 8  # every output + the parameter rows, as before outputs=[...]
    print(f"  bl {n:.0e} points, 5 outputs: peak RSS {after / 2**30:.2f} GiB (target <= 1 GiB), of which inputs+"
          f"imports {before / 2**30:.2f} GiB and returned arrays {kept / 2**30:.2f} GiB; materialising all "
          f"{n_out} outputs would need >= {full / 2**30:.1f} GiB: ratio {full / after:.1f}x "
          f"({time.perf_counter() - t:.0f} s)")
    return after / 2**30, os.getloadavg()[0]


def fit_wall_time(multistart):
    from modelgen.fitting.objective import Chi2
    ev = mg.evaluator("bl_vll")
    data = mg.data.load_dataset("hkot2020")
    free = {"eps_k": (1e-3, 1e-2), "g_BL": (5e-4, 3e-3), "M_Zp": (0.0165, 0.0172),
            "lam_L11": (0.5, 3.5), "lam_E11": (0.5, 3.5), "M_L1": (90.0, 400.0)}
    obj = Chi2(ev, data, free)
    seeds = obj.sample(multistart, np.random.default_rng(1))
    t = time.perf_counter()
    one_by_one = np.array([obj(s) for s in seeds])
    t_points = time.perf_counter() - t
    t = time.perf_counter()
    batch = obj.batch(seeds)
    t_batch = time.perf_counter() - t
    assert np.allclose(one_by_one, batch, rtol=1e-12)
    print(f"  ranking {multistart} seeds of a 6-parameter bl_vll chi2 (hkot2020): one call per point {t_points:.2f} s, "
          f"one batched call {t_batch:.3f} s: ratio {t_points / t_batch:.0f}x")
    times, res = {}, {}
    for batched in (False, True):
        t = time.perf_counter()
        res[batched] = mg.fit(ev, data, free, multistart=multistart, seed=1, keep=2, batched=batched)
        times[batched] = time.perf_counter() - t
    same = np.allclose(list(res[True].values.values()), list(res[False].values.values()), rtol=1e-6)
    print(f"  whole fit ({multistart} seeds + MIGRAD/HESSE from the best 2, {res[True].nfev} chi2 evaluations): "
          f"point-by-point {times[False]:.2f} s, batched seeds {times[True]:.2f} s: ratio "
          f"{times[False] / times[True]:.2f}x; chi2 {res[True].chi2:.3g}, ndf {res[True].ndf}, same minimum: {same}")
    return t_points / t_batch, times[False] / times[True], os.getloadavg()[0]


def main():
    import modelgen.data  # noqa: F401  (mg.data below)
    rng = np.random.default_rng(1)
    if 1 in SECTIONS:
        print("1. single-point latency / per-point cost of a 10^4-point batch")
        for name in ("bl", "bl_vll"):
            single_vs_batch(name, rng)
        print("1b. post-kernel stage, NumPy reference vs compiled (same rows, serial)")
        for name in ("bl", "bl_vll"):
            numpy_vs_compiled(name, rng)
    if 2 in SECTIONS:
        print("2. serial/parallel threshold")
        for name in ("bl", "bl_vll"):
            threshold(name)
    if 3 in SECTIONS:
        print("3. 1 vs 2 threads")
        threads("bl", 200_000 if QUICK else 2_000_000, rng)
        threads("bl_vll", 2_000 if QUICK else 20_000, rng)
    if 4 in SECTIONS:
        print("4. memory")
        memory(10**6 if QUICK else 10**7)
    if 5 in SECTIONS:
        print("5. fit wall time")
        fit_wall_time(64 if QUICK else 512)

if __name__ == "__main__":
    main()
