"""bl_vll kernel speed (Yukawa solve + diagonalisation + vertices + all dipoles), single thread,
at general 3-generation mixing and without generation mixing, against same-run baselines:

* the LAPACK floor: the diagonalisations the kernel made with LAPACK before the Jacobi SVD, timed
  through the twins (modelgen.kernels._twins) on the very matrices of the run: two charged SVDs
  (dgesvd: the Newton start and the converged point) and one neutral Takagi (dsyev: _takagi_lapack;
  the kernel's own Takagi uses the hand-written symeig solver, timed as "Takagi" below);
* the stages of the kernel through the same twins: the light-mass solve (Jacobi SVD, warm-started
  Newton steps) and, for comparison, the same solve with LAPACK's SVD in every Newton step (the
  path before issue 10); the Takagi; the rest (couplings, dipole and transition sums) as the
  kernel time minus both.  "before" = the kernel time plus the solve's LAPACK-minus-Jacobi time
  (it keeps this branch's shared l_i -> l_j gamma loop functions, so it understates the gain);
* the vectorised NumPy reference pipeline (modelgen.testing.numeric) with the Z' and h_X dipoles
  of the muon (general mixing only);
* optionally another build of the kernel (``baseline``: the path of a bl_vll extension module copied
  aside before a rebuild, e.g. main's), timed on the same points in the same run.

Each timing is the best of ``repeat`` runs (the machine may be shared).
Run: python benchmarks/bench_vll.py [n_points] [n_numpy] [repeat] [baseline .so]
"""
import importlib.machinery
import importlib.util
import sys
import time

import numpy as np

import modelgen as mg
from modelgen.testing.numeric import LeptonPipeline
from modelgen.kernels import _twins
from modelgen.loops import g2

TARGET = 5e4      # points/s/core at general mixing (issue "one lowering path")


def points(names, n, rng, mixing):
    """Diagonal lam_L, lam_E in [-3, 3], lam_LE, kap_LE in [-1, 1], off-diagonal entries in
    [-0.05, 0.05] (``mixing``) or 0, VLL masses 100 GeV - 2 TeV, a 2 GeV Z' (no l_i -> l_j Z')."""
    p = {"g_BL": np.full(n, 0.2), "M_Zp": np.full(n, 2.0)}
    for k in names:
        if k[:-2] in ("lam_L", "lam_E", "lam_LE", "kap_LE"):
            big = 3.0 if k[:-2] in ("lam_L", "lam_E") else 1.0
            p[k] = rng.uniform(-big, big, n) if k[-1] == k[-2] else rng.uniform(-0.05, 0.05, n) * mixing
        elif k[:-1] in ("M_L", "M_E"):
            p[k] = 10 ** rng.uniform(2, 3.3, n)
    return p


def best_of(repeat, fn, *args):
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t)
    return best


def load_module(path):
    """The compiled kernel module at ``path`` (another build of the same model), imported aside."""
    name = path.rsplit("/", 1)[-1].split(".")[0]
    loader = importlib.machinery.ExtensionFileLoader(name, path)
    module = importlib.util.module_from_spec(importlib.util.spec_from_file_location(name, path, loader=loader))
    loader.exec_module(module)
    return module


def kernel_time(ev, p, repeat, module=None):
    """Seconds per point of the compiled kernel alone (threads=1; ``module``: another build of it)
    and the run's status array."""
    n = len(next(iter(p.values())))
    P = np.empty((len(ev.table.names), n))
    for i, name in enumerate(ev.table.names):
        P[i] = p.get(name, ev.table.defaults[i])
    O, S = np.empty((len(ev.outputs), n)), np.empty(n, dtype=np.intc)
    return best_of(repeat, (module or ev.module).evaluate, P, O, S, 1) / n, S


def lepton_matrices(lp, p):
    """M0, D_i (stacked), light-mass targets and branches of the points, and the neutral matrix."""
    vals, n = lp._values(p)
    full = vals + [np.zeros(n)] * len(lp.y_syms)
    names = list(lp.model.parameters)
    M0 = np.ascontiguousarray(lp.M0(full, n))
    D = np.ascontiguousarray(np.stack([d(full, n) for d in lp.D], axis=1))
    t = np.ascontiguousarray(np.stack([vals[names.index(x)] for x in ("m_e", "m_mu", "m_tau")], axis=1))
    b = np.ascontiguousarray(np.stack([vals[names.index(f"branch_{f}")] for f in ("e", "mu", "tau")], axis=1))
    return M0, D, t, b, np.ascontiguousarray(lp.Mn(full, n))


def stage_times(lp, p, y, repeat):
    """Seconds per point: LAPACK floor (2 dirac_svd of M(y) + 1 dsyev Takagi of M_n), the solve
    with the Jacobi SVD and with LAPACK's, and the kernel's Takagi (twins, same points)."""
    M0, D, t, b, Mn = lepton_matrices(lp, p)
    n = len(M0)
    M = np.ascontiguousarray(M0 + np.einsum("ni,nijk->njk", y, D))
    t_tak = best_of(repeat, _twins.majorana_takagi_many, Mn) / n
    floor = (2 * best_of(repeat, _twins.dirac_svd_many, M) + best_of(repeat, _twins.majorana_takagi_many, Mn, False, True)) / n
    solve = {lapack: best_of(repeat, _twins.solve_light_yukawas_many, M0, D, t, b, lapack) / n
             for lapack in (False, True)}
    return floor, solve[False], solve[True], t_tak


def numpy_pipeline(lp, pts):
    """Spectrum and couplings (numpy) + Z' and h_X dipoles of the muon (vectorised loop library)."""
    r = lp(pts)
    mc = r.m_charged
    total = np.zeros(len(mc))
    gl, gr = (x.real for x in r.charged["Zp"])
    Y = r.charged["h_X"].real
    for k in range(mc.shape[1]):
        cv, ca = (gl[:, k, 1] + gr[:, k, 1]) / 2, (gr[:, k, 1] - gl[:, k, 1]) / 2
        total += g2.neutral_vector(mc[:, 1], mc[:, k], r.params["M_Zp"], cv, ca)
        pr, pl = -Y[:, k, 1], -Y[:, 1, k]
        total += g2.neutral_scalar(mc[:, 1], mc[:, k], r.params["M_hX"], (pl + pr) / 2, (pr - pl) / 2)
    return total


def main(n=20_000, n_np=5_000, repeat=3, baseline=None):
    ev = mg.evaluator("bl_vll")
    base = load_module(baseline) if baseline else None
    if base is not None and base.IR_HASH != ev.module.IR_HASH:
        raise SystemExit(f"baseline {baseline} computes another IR (IR_HASH differs): not comparable")
    lp = LeptonPipeline(mg.load_model("bl_vll"))
    rng = np.random.default_rng(2)
    print(f"bl_vll, {len(ev.outputs)} outputs incl. all dipoles, 1 thread, best of {repeat} (us = microseconds per point):")
    for label, mixing in (("general 3-generation mixing", 1.0), ("no generation mixing", 0.0)):
        p = points(ev.parameters, n, rng, mixing)
        t_k, status = kernel_time(ev, p, repeat)
        out = ev(p, outputs=["y_e1", "y_e2", "y_e3"], threads=1)
        y = np.nan_to_num(np.stack([out[f"y_e{i}"] for i in (1, 2, 3)], axis=1))
        t_f, t_jac, t_lap, t_tak = stage_times(lp, p, y, repeat)
        t_before = t_k + t_lap - t_jac
        flagged = np.mean(status & ev.fatal_mask != 0)
        print(f"  {label}: {1 / t_k:.3g} points/s/core ({1e6 * t_k:.1f} us, {100 * flagged:.1f}% flagged); "
              f"before (LAPACK in the Newton steps) {1 / t_before:.3g} points/s/core ({1e6 * t_before:.1f} us)\n"
              f"    stages: solve {1e6 * t_jac:.1f} us (LAPACK path {1e6 * t_lap:.1f} us), Takagi {1e6 * t_tak:.1f} us, "
              f"couplings + dipole sums {1e6 * (t_k - t_jac - t_tak):.1f} us\n"
              f"    LAPACK floor (2 dgesvd + 1 dsyev) {1e6 * t_f:.1f} us: kernel/floor = {t_k / t_f:.2f} "
              f"(before {t_before / t_f:.2f}); kernel/target = {TARGET * t_k:.2f} "
              f"(target {TARGET:.0e} points/s/core: {'met' if 1 / t_k >= TARGET else 'not met'})")
        if base is not None:
            t_b = kernel_time(ev, p, repeat, base)[0]
            print(f"    baseline {baseline}: {1e6 * t_b:.1f} us, this build / baseline = {t_k / t_b:.2f}")
        if mixing:
            t_np = best_of(1, numpy_pipeline, lp, points(ev.parameters, n_np, rng, mixing)) / n_np
            print(f"    NumPy pipeline (spectrum, couplings, muon Z'/h_X dipoles only): {1 / t_np:.3g} points/s, "
                  f"compiled/NumPy = {t_np / t_k:.1f}x")


if __name__ == "__main__":
    main(*[int(float(a)) for a in sys.argv[1:4]], *sys.argv[4:5])
