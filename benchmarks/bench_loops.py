"""Throughput of the compiled dipole kernels vs scipy quadrature and a NumPy closed form.

Measures, in one run on one core:
  * compiled kernels (loopfuncs.pxd through the vectorised ``_g2.dipole``) on 1e6 points, per
    topology: loop-function evaluations per second;
  * scipy.integrate.quad of the same Feynman-parameter integral (neutral vector) on a few hundred
    points;
  * a NumPy-vectorised closed form of the neutral-vector integral (partial fractions over the
    roots of the denominator, no series branches, hence not accurate everywhere) on 1e6 points;
and prints the ratios; then the Barr–Zee kernels (barrzee.pxd through ``_barrzee``): each loop
function and Δa piece on 1e6 points with z = m_f²/M² log-uniform in [1e-8, 1e8] (every branch),
in ns per call; the H±W∓γ fermion-loop Barr–Zee (Gauss–Legendre quadrature) for the (t, b) and
(ν, τ) doublets with M_H± log-uniform in [100 GeV, 5 TeV]; and the cost of one 2HDM point's full
set of pieces (one loop h, H, A, H± + 9 fermion Barr–Zee + 2 W + 2 H± loops + 2 H±W∓γ doublets)
in points per second per core.
Run: ``cd /work/main && python benchmarks/bench_loops.py``.
"""
import os
import sys
import time

import numpy as np
from scipy.integrate import quad

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
from modelgen.loops import _barrzee, _g2  # noqa: E402

N = 1_000_000
N_QUAD = 300
KINDS = ("neutral_scalar", "neutral_vector", "charged_scalar", "charged_vector")


def _inputs(n, seed=0):
    rng = np.random.default_rng(seed)
    MB = 10 ** rng.uniform(-1, 3, n)
    m = 0.1056583755 * np.ones(n)
    MF = 10 ** rng.uniform(-2, 3, n)
    c = rng.normal(size=(4, n))
    return m, MF, MB, np.zeros(n), c


def _rate(fn, n, repeat=3, clock=time.perf_counter):
    best = np.inf
    for _ in range(repeat):
        t = clock()
        fn()
        best = min(best, clock() - t)
    return n / best


def _ns_cpu(fn, n):
    """CPU (process) time per element in ns: robust when other jobs share the cores."""
    return 1e9 / _rate(fn, n, clock=time.process_time)


def _nv_integrand(x, m, MF, MB, V, A):
    e, l2 = MF / m, (m / MB)**2
    qv = 2 * x * (1 - x) * (x - 2 * (1 - e)) + l2 * (1 - e)**2 * x**2 * (1 - x + e)
    qa = 2 * x * (1 - x) * (x - 2 * (1 + e)) + l2 * (1 + e)**2 * x**2 * (1 - x - e)
    return (V * qv + A * qa) / ((1 - x) * (1 - l2 * x) + e * e * l2 * x)


def scipy_nv(m, MF, MB, V, A):
    out = np.empty(len(m))
    for i in range(len(m)):
        val, _ = quad(_nv_integrand, 0.0, 1.0, args=(m[i], MF[i], MB[i], V[i], A[i]),
                      epsabs=0.0, epsrel=1e-10, limit=200)
        out[i] = m[i]**2 / (8 * np.pi**2 * MB[i]**2) * val
    return out


def numpy_nv(m, MF, MB, V, A):
    """Δa_neutral_vector from Σ_k p_k Int x^k/D, Int x^k/D by partial fractions (complex roots)."""
    s, a, b = m * m, MF * MF, MB * MB
    B = a - b - s
    sq = np.sqrt((B * B - 4 * s * b).astype(complex))
    r1, r2 = (-B + sq) / (2 * s), (-B - sq) / (2 * s)

    def phis(r):
        p0 = np.log(1 - r) - np.log(-r)
        p1 = 1 + r * p0
        p2 = 0.5 + r * p1
        p3 = 1 / 3 + r * p2
        return p0, p1, p2, p3

    f1, f2 = phis(r1), phis(r2)
    I = [((u - v) / (s * (r1 - r2))).real for u, v in zip(f1, f2)]
    J21, J20, J11, J30 = I[2] - I[3], I[2], I[1] - I[2], I[3]
    tr = 2 * s * (V + A) * J21 - 4 * m * (V * (m - MF) + A * (m + MF)) * J11
    lon = (s * (V * (m - MF)**2 + A * (m + MF)**2) * J21
           + m * MF * (V * (m - MF)**2 - A * (m + MF)**2) * J20) / b
    return (tr + lon) / (8 * np.pi**2)


def main():
    m, MF, MB, QF, c = _inputs(N)
    out = np.empty(N)
    print(f"compiled kernels, {N:.0e} points (one core, GIL released):")
    rates = {}
    for kind, name in enumerate(KINDS):
        rates[name] = _rate(lambda: _g2.dipole(kind, False, m, MF, MB, QF, c[0], c[1], c[2], c[3], out), N)
        print(f"  {name:16s} {rates[name]:.3e} evaluations/s")
    rate_edm = _rate(lambda: _g2.dipole(1, True, m, MF, MB, QF, c[0], c[1], c[2], c[3], out), N)
    print(f"  {'edm_neutral_vec':16s} {rate_edm:.3e} evaluations/s")

    V, A = c[0]**2, c[1]**2
    _g2.dipole(1, False, m, MF, MB, QF, c[0], np.zeros(N), c[1], np.zeros(N), out)
    ref = out.copy()
    t = time.perf_counter()
    sq = scipy_nv(m[:N_QUAD], MF[:N_QUAD], MB[:N_QUAD], V[:N_QUAD], A[:N_QUAD])
    rate_quad = N_QUAD / (time.perf_counter() - t)
    rate_np = _rate(lambda: numpy_nv(m, MF, MB, V, A), N, repeat=1)
    npv = numpy_nv(m, MF, MB, V, A)
    err_q = np.max(np.abs(sq / ref[:N_QUAD] - 1))
    err_np = np.nanmax(np.abs(npv / ref - 1))
    kv = rates["neutral_vector"]
    print(f"scipy.integrate.quad (neutral vector, {N_QUAD} pts): {rate_quad:.3e} /s,"
          f" max rel diff to kernel {err_q:.1e}")
    print(f"NumPy closed form (neutral vector, {N:.0e} pts):   {rate_np:.3e} /s,"
          f" max rel diff to kernel {err_np:.1e}")
    print(f"ratios: kernel/quad = {kv / rate_quad:.0f}x, kernel/NumPy = {kv / rate_np:.1f}x")
    bench_barr_zee(m, MF, MB, QF, c)


def bench_barr_zee(m1, MF, MB, QF, c):
    """CPU ns per call of the Barr–Zee kernels, and one 2HDM point's one-loop + Barr–Zee cost."""
    rng = np.random.default_rng(1)
    z = 10 ** rng.uniform(-8, 8, N)
    ones = np.ones(N)
    out = np.empty(N)
    print(f"Barr–Zee kernels, {N:.0e} points, z log-uniform in [1e-8, 1e8]"
          " (CPU time per call):")
    ns = {}
    for kind, name in enumerate(("f", "g", "F2", "F3")):
        ns[name] = _ns_cpu(lambda: _barrzee.loop_function(kind, z, out), N)
        print(f"  {name:16s} {ns[name]:6.1f} ns/call")
    M = 100.0 * ones
    mf = M * np.sqrt(z)
    m = 0.1056583755 * ones
    ns["fermion"] = _ns_cpu(lambda: _barrzee.fermion(False, m, M, mf, 246.0 * ones, ones, ones,
                                                     ones, ones, ones / 137.0, out), N)
    ns["w_loop"] = _ns_cpu(lambda: _barrzee.w_loop(m, M, mf, 246.0 * ones, ones, ones,
                                                   ones / 137.0, out), N)
    ns["charged"] = _ns_cpu(lambda: _barrzee.charged_scalar(m, M, mf, ones, ones, ones / 137.0,
                                                            out), N)
    for name in ("fermion", "w_loop", "charged"):
        print(f"  Δa {name:13s} {ns[name]:6.1f} ns/call")
    n_hw = N // 20
    M_C = 10 ** rng.uniform(2, np.log10(5000.0), n_hw)
    o, out_hw = np.ones(n_hw), np.empty(n_hw)
    for name, (m_u, m_d, Q_u, Q_d, N_c) in {"H±W (t,b)": (172.69, 4.18, 2 / 3, -1 / 3, 3.0),
                                             "H±W (ν,τ)": (0.0, 1.77686, 0.0, -1.0, 1.0)}.items():
        ns[name] = _ns_cpu(lambda: _barrzee.charged_w_fermion(
            0.1056583755 * o, M_C, 80.377 * o, m_u * o, m_d * o, 246.0 * o, 0.223 * o, Q_u * o,
            Q_d * o, N_c * o, o, 30.0 * o, o / 30, o / 30, o / 137.0, out_hw), n_hw)
        print(f"  Δa {name:13s} {ns[name]:6.1f} ns/call")
    one_loop = sum(_ns_cpu(lambda: _g2.dipole(k, False, m1, MF, MB, QF, *c, out), N)
                   for k in (0, 0, 0, 2))   # h, H, A; H±
    point = (one_loop + 9 * ns["fermion"] + 2 * ns["w_loop"] + 2 * ns["charged"]
             + ns["H±W (t,b)"] + ns["H±W (ν,τ)"])
    print(f"2HDM point (4 one-loop + 15 Barr–Zee calls): {point:.0f} ns -> "
          f"{1e9 / point:.2e} points/s/core")


if __name__ == "__main__":
    main()
