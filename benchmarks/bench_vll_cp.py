"""Kernel speed of bl_vll built with CP phases (bl_vll.build(cp=True)), single thread, against another
build of the same kernel timed in the same run (``baseline``: the path of a compiled
modelgen_jit_bl_vll_cp_*.so from another tree's cache, e.g. main's before a kernel change).

Points: the phased set of tests/test_vll_cp_kernel.py (complex couplings, small first-two-generation
L-E mixings so that real SM Yukawas reproduce the light masses) with fresh random phases per point.
Timings are interleaved (kernel, baseline, kernel, ...) and the best of ``repeat`` rounds is kept
for each, so the ratio is a same-run ratio on a shared machine.  Also prints how many points each
build flags and the largest relative difference of the light masses and of BR(mu -> e gamma).
Run: python benchmarks/bench_vll_cp.py [n_points] [repeat] [baseline .so]
"""
import sys
import time

import numpy as np

import modelgen as mg
from modelgen.models import bl_vll

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from bench_vll import load_module  # noqa: E402

BASE = {"M_Zp": 6.0, "g_BL": 0.07, "lam_L12": 0.1, "lam_E21": -0.3, "lam_L23": 0.2, "lam_LE11": 1e-7,
        "lam_LE22": -2e-6, "kap_LE22": 0.01, "lam_L11": 1.0, "lam_E11": 2.0}
PHASES = ("phi_lam_L11", "phi_lam_E11", "phi_lam_L12", "phi_lam_E21", "phi_lam_LE11", "phi_kap_LE22",
          "phi_lam_L23", "phi_y_M11", "phi_y_nu12")


def points(n, rng):
    p = {k: np.full(n, v) for k, v in BASE.items()}
    p.update({k: rng.uniform(-np.pi, np.pi, n) for k in PHASES})
    p["lam_L11"] = rng.uniform(-3, 3, n)
    p["lam_E11"] = rng.uniform(-3, 3, n)
    return p


def run(module, P, n_out):
    n = P.shape[1]
    O, S = np.empty((n_out, n)), np.empty(n, dtype=np.intc)
    t = time.perf_counter()
    module.evaluate(P, O, S, 1)
    return time.perf_counter() - t, O, S


def main(n=2000, repeat=5, baseline=None):
    ev = mg.evaluator(bl_vll.build(cp=True), build=True)
    p = points(n, np.random.default_rng(5))
    P = np.empty((len(ev.table.names), n))
    for i, name in enumerate(ev.table.names):
        P[i] = p.get(name, ev.table.defaults[i])
    builds = {"kernel": ev.module}
    if baseline:
        builds["baseline"] = load_module(baseline)
    best = {k: np.inf for k in builds}
    res = {}
    for _ in range(repeat):
        for k, module in builds.items():
            t, O, S = run(module, P, len(ev.outputs))
            best[k] = min(best[k], t)
            res[k] = (O, S)
    for k in builds:
        print(f"{k:9s}: {best[k] / n * 1e6:8.2f} us/point ({n / best[k]:8.0f} points/s), "
              f"fatal status on {np.count_nonzero(res[k][1] & ev.fatal_mask)}/{n}")
    if baseline:
        print(f"kernel/baseline time ratio: {best['kernel'] / best['baseline']:.3f} (best of {repeat}, interleaved)")
        names = list(ev.outputs)
        ok = (res["kernel"][1] & ev.fatal_mask == 0) & (res["baseline"][1] & ev.fatal_mask == 0)
        for name in ("m_charged.0", "m_charged.1", "BR_mu_egamma", "d_mu"):
            i = names.index(name)
            a, b = res["kernel"][0][i][ok], res["baseline"][0][i][ok]
            print(f"  {name}: largest relative difference {np.max(np.abs(a / b - 1)):.1e} on {ok.sum()} points")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 2000, int(args[1]) if len(args) > 1 else 5, args[2] if len(args) > 2 else None)
