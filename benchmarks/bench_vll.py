"""Full bl_vll evaluation (Yukawa solve + diagonalisation + vertices + all dipoles): compiled
evaluator vs the vectorised NumPy reference pipeline (batched numpy.linalg.svd/eigh,
modelgen.testing.numeric) plus its dipole sums through the vectorised loop library, same run,
same points.

Run: python benchmarks/bench_vll.py [n_compiled] [n_numpy]
"""
import os
import sys
import time

import numpy as np

import modelgen as mg
from modelgen.testing.numeric import LeptonPipeline
from modelgen.loops import g2


def points(n, rng):
    return {"lam_L11": rng.uniform(-3, 3, n), "lam_E11": rng.uniform(-3, 3, n),
            "M_L1": rng.uniform(100, 1000, n), "M_E1": rng.uniform(100, 1000, n),
            "eps_k": rng.uniform(-5e-3, 5e-3, n)}


def numpy_pipeline(lp, pts):
    """Spectrum and couplings (numpy) + Z' and h_X dipoles of the muon (vectorised loop library)."""
    r = lp(pts)
    mc = r.m_charged
    n, nc = mc.shape
    total = np.zeros(n)
    gl, gr = (x.real for x in r.charged["Zp"])
    Y = r.charged["h_X"].real
    i = 1
    for k in range(nc):
        cv, ca = (gl[:, k, i] + gr[:, k, i]) / 2, (gr[:, k, i] - gl[:, k, i]) / 2
        total += g2.neutral_vector(mc[:, i], mc[:, k], r.params["M_Zp"], cv, ca)
        pr, pl = -Y[:, k, i], -Y[:, i, k]
        total += g2.neutral_scalar(mc[:, i], mc[:, k], r.params["M_hX"], (pl + pr) / 2, (pr - pl) / 2)
    return total


def main(n_comp=200_000, n_np=20_000):
    cores = os.cpu_count()
    rng = np.random.default_rng(2)
    ev = mg.evaluator("bl_vll")
    pc = points(n_comp, rng)
    ev(points(1000, rng))
    best = np.inf
    for _ in range(2):
        t = time.perf_counter()
        out = ev(pc)
        best = min(best, time.perf_counter() - t)
    flagged = np.mean(out["status"] & 0b10000111 != 0)
    lp = LeptonPipeline(mg.load_model("bl_vll"))
    pn = points(n_np, rng)
    t = time.perf_counter()
    numpy_pipeline(lp, pn)
    t_np = time.perf_counter() - t
    rc, rn = n_comp / best, n_np / t_np
    print(f"compiled bl_vll: {rc:.3g} points/s ({rc / cores:.3g}/core on {cores} cores; {len(ev.outputs)} "
          f"outputs, all dipoles; {100 * flagged:.1f}% points flagged)")
    print(f"NumPy pipeline:  {rn:.3g} points/s (spectrum, couplings, Z' and h_X dipoles of the muon only)")
    print(f"ratio: {rc / rn:.1f}x (targets: >= 2e4 points/s/core, >= 10x NumPy)")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
