"""bl_vll's light-mass solve at full accuracy: what LAPACK and a preconditioned Jacobi would give
(docs/design.md, "bl_vll at 5e4 points/s: the floor at full accuracy (w24svd)").

Matrices: bench_vll.py's general-mixing points (its generator, seed 2), the 9x9 charged mass matrix
M(y) = M0 + sum_i y_i D_i at the Yukawas solved by the kernel's twin (solve_light_yukawas_many; the
points it solves, code 0), and the 12x12 neutral matrix.  Reference: mpmath's SVD of the double
M(y) at 50 digits (values and both vector sets, kernels' sign convention).

    python benchmarks/svd_floor.py sample FILE.npz [n_points]   # matrices + mpmath references
    python benchmarks/svd_floor.py values FILE.npz              # light singular values per route
    python benchmarks/svd_floor.py vectors FILE.npz             # U_L, U_R entrywise; DV prototype
    python benchmarks/svd_floor.py chord FILE.npz               # SVDs per solve, chord vs Newton
    python benchmarks/svd_floor.py time FILE.npz                # wall clock per call (best of 5)
    python benchmarks/svd_floor.py loop FILE.npz METHOD [reps]  # one method, for callgrind:
        valgrind --tool=callgrind --toggle-collect='__pyx_pw_*svd_floor_lab*loop' python ... loop ...
        (instructions / (points * reps); under valgrind OpenBLAS picks its Haswell kernels)
Set OPENBLAS_NUM_THREADS=1.  The LAPACK calls go through svd_floor_lab.pyx (pyximport).
"""
import os
import sys
import time

import mpmath as mp
import numpy as np
import scipy.linalg as sl

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pyximport  # noqa: E402

pyximport.install(language_level=3)
import svd_floor_lab as lab  # noqa: E402

EPS = np.finfo(float).eps
LIGHT, HEAVY = slice(0, 3), slice(3, 9)


# ---------------------------------------------------------------------------------------- sample
def _mp_svd(M):
    """(s ascending, U_L, U_R) of the double matrix M at 50 digits; largest-|.| U_L entry positive."""
    n = len(M)
    with mp.workdps(50):
        U, S, V = mp.svd_r(mp.matrix(M.tolist()))
        s = np.array([float(S[k]) for k in range(n)])
        UL = np.array([[float(U[i, k]) for k in range(n)] for i in range(n)])
        UR = np.array([[float(V[k, i]) for k in range(n)] for i in range(n)])
    return _convention(s, UL, UR)


def _convention(s, UL, UR):
    o = np.argsort(s)
    s, UL, UR = s[o], UL[:, o], UR[:, o]
    sg = np.sign(UL[np.argmax(abs(UL), axis=0), range(len(s))])
    return s, UL * sg, UR * sg


def sample(path, n=300):
    import modelgen as mg
    from modelgen.kernels import _twins as tw
    from modelgen.testing.numeric import LeptonPipeline
    import bench_vll as bv
    ev = mg.evaluator("bl_vll")
    lp = LeptonPipeline(mg.load_model("bl_vll"))
    p = bv.points(ev.parameters, n, np.random.default_rng(2), 1.0)
    M0, D, t, b, Mn = bv.lepton_matrices(lp, p)
    code, y, m, UL, UR = tw.solve_light_yukawas_many(M0, D, t, b)
    ok = code == 0
    M = M0 + np.einsum("ni,nijk->njk", y, D)          # exact: one nonzero entry per D_i
    ref = [_mp_svd(x) for x in M[ok]]
    np.savez(path, M=M[ok], M0=M0[ok], D=D[ok], t=t[ok], y=y[ok], m=m[ok], UL=UL[ok], UR=UR[ok], Mn=Mn[ok],
             S=np.array([r[0] for r in ref]), ULr=np.array([r[1] for r in ref]), URr=np.array([r[2] for r in ref]))
    print(f"{n} points, solve codes {dict(zip(*np.unique(code, return_counts=True)))}: {ok.sum()} kept -> {path}")


def _kappa(d):
    """Relative condition of each light mass under entrywise relative perturbations of M (first
    order: dm_k/dM_ab = U_L[a,k] U_R[b,k], 50-digit vectors)."""
    M, S, UL, UR = d["M"], d["S"], d["ULr"], d["URr"]
    return np.einsum("pab,pak,pbk->pk", np.abs(M), np.abs(UL[:, :, :3]), np.abs(UR[:, :, :3])) / S[:, :3]


# ---------------------------------------------------------------------------------------- values
def _qrcp_r(M, rowsort):
    out = []
    for m in M:
        if rowsort:
            m = m[np.argsort(-np.sum(m * m, axis=1), kind="stable")]
        out.append(sl.qr(m, pivoting=True, mode="r")[0])
    return np.array(out)


def values(path):
    d = np.load(path)
    M, S = d["M"], d["S"]
    kap = _kappa(d)
    print(f"{len(M)} points; light-mass relative error vs mpmath, median / 95 % / max (e, mu, tau); "
          f"points with e > 1e-12; max error / (kappa eps) for e")
    print(f"kappa_e (entrywise relative condition) median {np.median(kap[:, 0]):.3g}, 95 % {np.quantile(kap[:, 0], .95):.3g}, "
          f"max {kap[:, 0].max():.3g}; points with kappa_e eps > 1e-12: {np.sum(kap[:, 0] * EPS > 1e-12)}")

    def row(name, s):
        e = np.abs(s[:, :3] / S[:, :3] - 1)
        cols = "  ".join(f"{np.median(e[:, k]):.1e}/{np.quantile(e[:, k], .95):.1e}/{e[:, k].max():.1e}" for k in range(3))
        print(f"  {name:40s} {cols}  {np.sum(e[:, 0] > 1e-12):4d}  {np.max(e[:, 0] / (kap[:, 0] * EPS)):8.1f}")

    Mt = np.ascontiguousarray(np.transpose(M, (0, 2, 1)))
    for meth in ("gesvd_N", "gesdd_N", "gesvj_N", "gejsv_C_N", "gejsv_F_N", "qrcp_gesvd_N", "jacobi_cold"):
        for tag, A in (("LAPACK sees M^T", M), ("LAPACK sees M", Mt)):
            s, info = lab.values(A, meth)
            assert not info.any(), (meth, np.unique(info))
            # _qrcp and jacobi_svd read the row-major matrix itself
            own = meth.startswith(("jacobi", "qrcp"))
            row(f"{meth} ({('on M' if A is M else 'on M^T') if own else tag})", s)
    for drv in ("gesdd", "gesvd"):
        s = np.sort([sl.svd(m, compute_uv=False, lapack_driver=drv) for m in M], axis=1)
        row(f"scipy.linalg.svd(compute_uv=False, {drv})", s)
    for rs in (False, True):
        R = _qrcp_r(M, rs)
        how = "rows sorted, " if rs else ""
        s = np.sort([sl.svd(r, compute_uv=False, lapack_driver="gesvd") for r in R], axis=1)
        row(f"scipy qr({how}pivoting) + gesvd of R", s)
        row(f"scipy qr({how}pivoting) + jacobi of R^T", lab.values(np.transpose(R, (0, 2, 1)), "jacobi_cold")[0])
    row("kernel solve's own masses (final warm run)", d["m"])


# ---------------------------------------------------------------------------------------- vectors
def jacobi(X):
    """One-sided cyclic Jacobi on the columns of X as jacobi.pxd's _sweeps (rotate if |g| > n eps
    |x_p| |x_q|, norms recomputed): (W = X V, V, sweeps, rotations, pair tests)."""
    W, n = X.copy(), X.shape[1]
    V = np.eye(n)
    nrm2 = np.sum(W * W, axis=0)
    rot = tests = 0
    for sweep in range(30):
        rotated = False
        for p in range(n - 1):
            for q in range(p + 1, n):
                tests += 1
                g = W[:, p] @ W[:, q]
                if not abs(g) > n * EPS * np.sqrt(nrm2[p]) * np.sqrt(nrm2[q]):
                    continue
                rotated, rot = True, rot + 1
                zeta = (nrm2[q] - nrm2[p]) / (2 * g)
                t = 0.5 / zeta if abs(zeta) > 1e150 else np.copysign(1 / (abs(zeta) + np.sqrt(1 + zeta * zeta)), zeta)
                c = 1 / np.sqrt(1 + t * t)
                s = c * t
                W[:, [p, q]] = W[:, [p, q]] @ np.array([[c, s], [-s, c]])
                V[:, [p, q]] = V[:, [p, q]] @ np.array([[c, s], [-s, c]])
                nrm2[p], nrm2[q] = W[:, p] @ W[:, p], W[:, q] @ W[:, q]
        if not rotated:
            return W, V, sweep + 1, rot, tests
    raise RuntimeError("Jacobi did not converge")


def two_cold_runs(M):
    """Today's cold factorisation (jacobi_svd_both): Jacobi on M (columns by descending norm), U_R = V;
    U_L = the V of a second cold run on M^T."""
    counts = np.zeros(3)
    vecs = []
    for A in (M, M.T):
        P = np.argsort(-np.sum(A * A, axis=0), kind="stable")
        W, V, *c = jacobi(A[:, P])
        counts += c
        vecs.append((np.sqrt(np.sum(W * W, axis=0)), np.eye(len(A))[:, P] @ V))
    s, UR, _ = _convention(vecs[0][0], vecs[0][1], vecs[0][1])
    s2, UL, _ = _convention(vecs[1][0], vecs[1][1], vecs[1][1])
    return s, UL, UR * np.sign(np.sum(UR * (M.T @ UL), axis=0)), counts


def drmac_veselic(M, second="one-sided"):
    """Rows sorted by norm (Pi), QR with column pivoting Pi M P = Q R, one-sided Jacobi on R^T:
    R^T V = W = U_x S (V accumulated), so Pi M P = (Q V) S U_x^T: U_L = Pi^T Q V and U_R = P U_x with
    U_x = W / S ("one-sided") or U_x = R^-1 V S, columns normalised ("triangular")."""
    pi = np.argsort(-np.sum(M * M, axis=1), kind="stable")
    Q, R, P = sl.qr(M[pi], pivoting=True)
    W, V, *counts = jacobi(R.T)
    s = np.sqrt(np.sum(W * W, axis=0))
    Ux = W / s if second == "one-sided" else sl.solve_triangular(R, V * s)
    Ux /= np.sqrt(np.sum(Ux * Ux, axis=0))
    UL, UR = np.empty_like(Q), np.empty_like(Q)
    UL[pi], UR[P] = Q @ V, Ux
    return (*_convention(s, UL, UR), np.array(counts, float))


def _entrywise(A, ref, cols):
    A, ref = A[:, cols], ref[:, cols]
    nz = ref != 0
    return np.max(np.abs(A[nz] - ref[nz]) / np.abs(ref[nz]))


def vectors(path):
    from modelgen.kernels import _twins as tw
    d = np.load(path)
    M, S, ULr, URr = d["M"], d["S"], d["ULr"], d["URr"]
    print(f"{len(M)} points; entrywise relative error of U_L, U_R vs mpmath (each entry relative to itself), "
          f"median / max and points above 4e-11 (U_L) or 1.3e-10 (U_R) (w22vll's figures for main)")

    def row(name, s, UL, UR, counts=None):
        em = np.max(abs(s[:, :3] / S[:, :3] - 1), axis=1)
        out = [f"masses max {em.max():.1e}"]
        for lab_, A, R, c, thr in (("U_L light", UL, ULr, LIGHT, 4e-11), ("U_L heavy", UL, ULr, HEAVY, 4e-11),
                                   ("U_R light", UR, URr, LIGHT, 1.3e-10), ("U_R heavy", UR, URr, HEAVY, 1.3e-10)):
            e = np.array([_entrywise(A[i], R[i], c) for i in range(len(M))])
            out.append(f"{lab_} {np.median(e):.0e}/{e.max():.1e} ({np.sum(e > thr)})")
        print(f"  {name}\n      " + "; ".join(out))
        if counts is not None:
            print(f"      per point: {counts[:, 0].mean():.2f} sweeps, {counts[:, 1].mean():.1f} rotations, "
                  f"{counts[:, 2].mean():.0f} pair tests")

    row("solve's final (kernel twin: U_R of the warm Newton runs, U_L from a cold run on M^T)", d["m"], d["UL"], d["UR"])
    _, m, UL, UR = tw.jacobi_svd_both_many(np.ascontiguousarray(M))
    row("jacobi_svd_both (kernel twin: cold runs on M and M^T)", m, UL, UR)
    for name, f in (("prototype of today's two cold runs (NumPy)", two_cold_runs),
                    ("Drmac-Veselic prototype, U_R = P W/S", drmac_veselic),
                    ("Drmac-Veselic prototype, U_R = P R^-1 V S", lambda x: drmac_veselic(x, "triangular"))):
        r = [f(x) for x in M]
        row(name, *(np.array([x[k] for x in r]) for k in range(3)), np.array([x[3] for x in r]))
    for tag, A in (("LAPACK sees M^T", M), ("LAPACK sees M", np.ascontiguousarray(np.transpose(M, (0, 2, 1))))):
        s, UL, UR, info = lab.gejsv_vectors(A, "F")
        if A is not M:                                   # factorisation of M^T: swap the roles
            UL, UR = UR, UL
            sg = np.sign(np.take_along_axis(UL, np.argmax(abs(UL), axis=1)[:, None, :], 1))
            UL, UR = UL * sg, UR * sg
        row(f"dgejsv JOBA='F' with vectors ({tag})", s, UL, UR)


# ---------------------------------------------------------------------------------------- chord
def chord(path, seed=7):
    """SVDs (values from jacobi_svd) until every light mass is within 1e-12 of its target, from
    y0 = y (1 + delta u), u uniform in [-1, 1]: Newton (Jacobian from the vectors of every iterate)
    and chord (Jacobian from the start's vectors only: the values-only Newton)."""
    from modelgen.kernels import _twins as tw
    d = np.load(path)
    M0, D, Y, T = d["M0"], d["D"], d["y"], d["t"]
    rng = np.random.default_rng(seed)

    def jac(M, Dp):
        _, _, UL, UR = tw.jacobi_svd_both_many(np.ascontiguousarray(M[None]))
        UL, UR = UL[0], UR[0]
        state = np.argmax(UL[:3, :3] ** 2 + UR[:3, :3] ** 2, axis=1)       # flavour f -> its light state
        return np.array([[UL[i, k] * UR[i, k] * Dp[i, i, i] for i in range(3)] for k in state]), state

    for delta in (1e-2, 1e-1):
        its = {"Newton": [], "chord": []}
        for p in range(len(M0)):
            y0 = Y[p] * (1 + delta * rng.uniform(-1, 1, 3))
            for mode in its:
                y, it = y0.copy(), 0
                J, state = jac(M0[p] + np.einsum("i,ijk->jk", y, D[p]), D[p])
                while it < 40:
                    M = M0[p] + np.einsum("i,ijk->jk", y, D[p])
                    if mode == "Newton" and it > 0:
                        J, state = jac(M, D[p])
                    s = lab.values(M[None], "jacobi_cold")[0][0]
                    it += 1
                    F = s[state] - T[p]
                    if np.max(abs(F) / T[p]) <= 1e-12:
                        break
                    y = y - np.linalg.solve(J, F)
                its[mode].append(it)
        print(f"start y (1 + {delta:g} u): " + "; ".join(
            f"{k} {np.mean(v):.2f} SVDs (max {np.max(v)}, unconverged {np.sum(np.array(v) >= 40)})" for k, v in its.items()))


# ---------------------------------------------------------------------------------------- timing
def _warm_starts(d):
    """U_R of M(y (1 + delta)) (jacobi_svd cold): the warm starts of a Newton iterate at delta."""
    from modelgen.kernels import _twins as tw
    def M(delta):
        return np.ascontiguousarray(d["M0"] + np.einsum("ni,nijk->njk", d["y"] * (1 + delta), d["D"]))
    return {f"{delta:g}": tw.jacobi_svd_many(M(delta))[3] for delta in (1e-2, 1e-8, 0.0)}


def _stack_for(d, method):
    return np.ascontiguousarray(d["Mn"] if method.startswith("sy") else d["M"])


def timing(path, reps=20):
    d = np.load(path)
    warm = _warm_starts(d)

    def best(meth, A, UR0=None):
        b = np.inf
        for _ in range(5):
            t = time.perf_counter()
            lab.loop(A, meth, reps, UR0)
            b = min(b, time.perf_counter() - t)
        return b / (reps * len(A)) * 1e9
    for meth in lab.METHODS:
        if meth == "jacobi_warm":
            for k, UR0 in warm.items():
                print(f"  {meth} (start: U_R of M(y (1 + {k})))  {best(meth, d['M'], UR0):8.0f} ns/call")
        else:
            print(f"  {meth:30s} {best(meth, _stack_for(d, meth)):8.0f} ns/call")


def loop(path, method, reps=1, warm=None):
    d = np.load(path)
    UR0 = _warm_starts(d)[warm] if method == "jacobi_warm" else None
    A = _stack_for(d, method)
    print(f"{method}: {len(A)} matrices x {reps}, failed calls {lab.loop(A, method, reps, UR0)}")


if __name__ == "__main__":
    cmd, path, *rest = sys.argv[1:]
    if cmd == "sample":
        sample(path, *[int(x) for x in rest])
    elif cmd == "loop":
        loop(path, rest[0], int(rest[1]) if len(rest) > 1 else 1, rest[2] if len(rest) > 2 else None)
    else:
        {"values": values, "vectors": vectors, "chord": chord, "time": timing}[cmd](path)
