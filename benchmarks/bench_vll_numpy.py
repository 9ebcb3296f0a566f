"""Points per second of the NumPy reference lepton pipeline (modelgen.testing.numeric) for bl_vll.

This is the baseline the compiled lepton kernel will be compared against.  Each point: solve
the 3 SM Yukawas (Newton on a batched 9x9 SVD, typically 3-6 iterations), final SVD, 12x12
Takagi (eigh) + block-seesaw (second eigh), mass-basis couplings to A, Z, Z', W, h, h_X.
Points are random, flavour-diagonal dominated (diagonal lam_L, lam_E in [-3, 3], lam_LE, kap_LE in
[-1, 1], off-diagonal |.| < 0.05, VLL masses 100 GeV - 2 TeV); processed in chunks to bound memory.

Run: python benchmarks/bench_vll_numpy.py [n_points] [chunk]
"""
import sys
import time

import numpy as np

from modelgen.testing.numeric import LeptonPipeline
from modelgen.models import bl_vll


def points(model, n, rng):
    p = {}
    for k in model.parameters:
        if k.startswith(("lam_L", "lam_E")) and not k.startswith("lam_LE"):
            p[k] = rng.uniform(-3, 3, n) if k[-1] == k[-2] else rng.uniform(-0.05, 0.05, n)
        elif k.startswith(("kap_LE", "lam_LE")):
            p[k] = rng.uniform(-1, 1, n) if k[-1] == k[-2] else rng.uniform(-0.05, 0.05, n)
        elif k[:3] in ("M_L", "M_E") and len(k) == 4:
            p[k] = 10 ** rng.uniform(2, 3.3, n)
    return p


def main(n=100_000, chunk=10_000):
    t0 = time.perf_counter()
    model = bl_vll.build()
    pipe = LeptonPipeline(model)
    t_setup = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    p = points(model, n, rng)
    pipe({k: v[:10] for k, v in p.items()})            # warm-up
    t0 = time.perf_counter()
    failed = 0
    for s in range(0, n, chunk):
        r = pipe({k: v[s:s + chunk] for k, v in p.items()})
        failed += int(np.count_nonzero(r.status & 0b111))
    dt = time.perf_counter() - t0
    print(f"bl_vll NumPy reference pipeline: setup (build + derive + lambdify) {t_setup:.2f} s")
    print(f"{n} points in chunks of {chunk}: {dt:.2f} s = {n / dt:,.0f} points/s "
          f"({failed} points flagged by Yukawa-solve/separation/non-finite bits)")


if __name__ == "__main__":
    args = [int(float(a)) for a in sys.argv[1:]]
    main(*args)
