"""Speed of the compiled 2HDM (`thdm_X`): scalar-sector derivation, derive + generate + build, and
points/s/core of the kernel (every output: couplings, lambda_1..5, the 16 condition bits, the
one-loop a_l of h, H, A, H+-, W, Z and the Barr-Zee a_l.bz.* and delta_a_l for e, mu, tau), and, in
the same run, of the one-loop variant `thdm_<type>_1loop` (thdm.build(type, barr_zee=False)).

Run: python benchmarks/bench_thdm.py [n_points] [type]
"""
import os
import sys
import tempfile
import time

import numpy as np

import modelgen as mg
from modelgen.build import compile_module
from modelgen.codegen.render import input_hash, render_model
from modelgen.derive.scalars import derive_scalars
from modelgen.ir import build_ir
from modelgen.models import thdm


def points(n, rng):
    tb = 10 ** rng.uniform(-0.3, 1.7, n)
    p = {"tan_beta": tb, "cos_ba": rng.uniform(-0.3, 0.3, n), "M_H": 10 ** rng.uniform(2, 3, n),
         "M_A": 10 ** rng.uniform(1, 3, n), "M_Hpm": 10 ** rng.uniform(2, 3, n)}
    p["m12_sq"] = rng.uniform(0.6, 1.0, n) * p["M_H"]**2 * tb / (1 + tb**2)
    return p


def kernel_rate(model, pts, n):
    """(points/s on 1 thread, points/s on all cores, number of outputs): best of 3 each."""
    ev = mg.evaluator(model, build=True)
    full = {p: np.broadcast_to(np.asarray(pts.get(p, ev.parameters[p]["default"]), float), (n,))
            for p in ev.parameters}
    P = np.ascontiguousarray([full[p] for p in ev.parameters])
    O = np.empty((len(ev.outputs), n))
    S = np.zeros(n, dtype=np.intc)
    best = {}
    for threads in (1, 0):
        best[threads] = np.inf
        for _ in range(3):  # best of 3; the first call also pays the page faults of fresh buffers
            t = time.perf_counter()
            ev.module.evaluate(P, O, S, threads)
            best[threads] = min(best[threads], time.perf_counter() - t)
    assert np.all(S & ev.fatal_mask == 0)
    return n / best[1], n / best[0], len(ev.outputs)


def main(n=1_000_000, kind="X"):
    name = f"thdm_{kind}"
    cores = os.cpu_count()
    model = mg.load_model(name)
    t = time.perf_counter()
    derive_scalars(model)
    print(f"{name}: scalar-sector derivation {time.perf_counter() - t:.1f} s")
    t0 = time.perf_counter()
    ir = build_ir(model.derive())
    t1 = time.perf_counter()
    src = render_model(ir, input_hash(model))
    t2 = time.perf_counter()
    os.environ["MODELGEN_CACHE"] = tempfile.mkdtemp(prefix="modelgen-bench-")
    compile_module(src, name)
    t3 = time.perf_counter()
    print(f"{name}: derive+IR {t1 - t0:.1f} s, generate {t2 - t1:.1f} s, build {t3 - t2:.1f} s, "
          f"total {t3 - t0:.1f} s")
    pts = points(n, np.random.default_rng(1))
    one, allc, n_out = kernel_rate(model, pts, n)
    print(f"compiled kernel with Barr-Zee, 1 thread: {one:.3g} points/s/core ({n_out} outputs; "
          f"target >= 1e6)")
    print(f"compiled kernel with Barr-Zee, {cores} threads: {allc:.3g} points/s ({allc / cores:.3g} /core)")
    one0, _, n_out0 = kernel_rate(thdm.build(kind, barr_zee=False), pts, n)
    print(f"one-loop variant {name}_1loop, 1 thread: {one0:.3g} points/s/core ({n_out0} outputs); "
          f"Barr-Zee costs x{one0 / one:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000, sys.argv[2] if len(sys.argv) > 2 else "X")
