"""Light-mass solve of the SM Yukawas (modelgen.kernels.lightmass) and the light-neutrino projection.

References, all independent of the solver:
- the spectrum and mixing matrices of the kernel's solved Yukawas, recomputed here with
  numpy.linalg.svd of M(y) = M0 + sum_i y_i D_i (the symbolic mass matrix, lambdified): the three
  lightest masses must be m_e, m_mu, m_tau and light state i must have its largest flavour weight
  |U_L[f,i]|^2 + |U_R[f,i]|^2 on f = i;
- the branch definition of Model.solve_yukawa, evaluated here: sign((y_i v/sqrt2 + delta_i) delta_i)
  with delta_i = -(M_lh M_hh^-1 M_hl)_ii from numpy.linalg.solve;
- issue 9 reproducer (numbers from an independent check quoted in the issue): with y_nu = 0,
  y_M = 0.1, g_BL = 9.3e-5, eps_k = -3.1e-4, M_Zp = 0.025 GeV, M_hX = 12.6 GeV and the couplings
  of REPRO, the two roots of the muon Yukawa are y_e2 = 4.671e-4 (delta_a_mu = -1.577e-9) and
  y_e2 = -7.547e-4 (delta_a_mu = +2.067e-9);
- brute force: for generation-diagonal couplings each generation is a 3x3 block (e, L, E) whose
  lightest singular value s(y) is scanned on a grid; a flagged point must have no root on the
  requested side;
- the `bl` model (no vector-like leptons) for decoupled massless nu_R.
"""
import numpy as np
import pytest

import modelgen as mg
from modelgen.testing.numeric import LeptonPipeline
from modelgen.errors import ParameterError

REPRO = {"lam_L22": 0.34, "lam_E22": -0.45, "lam_LE22": -0.03, "kap_LE22": 0.34, "M_L2": 720.0, "M_E2": 400.0,
         "lam_L33": -0.54, "lam_E33": 0.96, "lam_LE33": 0.6, "kap_LE33": 1.0, "M_L3": 150.0, "M_E3": 108.0,
         "lam_L11": 0.0, "lam_E11": 0.0, "y_nu11": 0.0, "y_nu22": 0.0, "y_nu33": 0.0,
         "g_BL": 9.3e-5, "eps_k": -3.1e-4, "M_Zp": 0.025, "M_hX": 12.6}
#: v_X = 5 GeV, no two-body l_i -> l_j Z' (whose open channel makes the dipoles NaN)
HEAVY_ZP = {"g_BL": 0.2, "M_Zp": 2.0}
SOLVE_BITS = (1 << 2) | (1 << 5) | (1 << 6)
TARGETS = ("m_e", "m_mu", "m_tau")


@pytest.fixture(scope="module")
def ev():
    return mg.evaluator("bl_vll")


@pytest.fixture(scope="module")
def pipe():
    return LeptonPipeline(mg.load_model("bl_vll"))


def _matrices(pipe, params, y):
    """M(y), D_i, S_ii = (M_lh M_hh^-1 M_hl)_ii and targets, from the lambdified symbolic matrices."""
    vals, n = pipe._values(params)
    full = vals + [np.zeros(n)] * 3
    M0 = pipe.M0(full, n)
    D = np.stack([d(full, n) for d in pipe.D], axis=1)
    S = np.einsum("nii->ni", M0[:, :3, 3:] @ np.linalg.solve(M0[:, 3:, 3:], M0[:, 3:, :3]))
    names = list(pipe.model.parameters)
    t = np.stack([vals[names.index(x)] for x in TARGETS], axis=1)
    return M0 + np.einsum("ni,nijk->njk", y, D), np.stack([D[:, i, i, i] for i in range(3)], axis=1), S, t


def _random(n, seed):
    """Perturbative random points: the first half generation-diagonal at the reproducer's gauge
    point (v_X = M_Zp/(2 g_BL) = 134 GeV: strong light-heavy mixing), the second half with some
    generation mixing and a Z' too heavy for l_i -> l_j Z' (HEAVY_ZP); random branches."""
    rng = np.random.default_rng(seed)
    h = n // 2
    p = {k: np.full(n, v) for k, v in REPRO.items() if k.startswith("y_nu")}
    for k, v in REPRO.items():
        if k in ("g_BL", "eps_k", "M_Zp", "M_hX"):
            p[k] = np.concatenate([np.full(h, v), np.full(n - h, HEAVY_ZP.get(k, v))])
    for g in "123":
        for c in ("lam_L", "lam_E", "lam_LE", "kap_LE"):
            p[f"{c}{g}{g}"] = rng.uniform(-1, 1, n)
        p[f"M_L{g}"], p[f"M_E{g}"] = rng.uniform(100, 1000, (2, n))
    for c in ("lam_L12", "lam_E23", "lam_LE21"):
        p[c] = np.concatenate([np.zeros(h), rng.uniform(-0.05, 0.05, n - h)])
    for f in ("e", "mu", "tau"):
        p[f"branch_{f}"] = rng.choice([-1.0, 1.0], n)
    return p


def test_random_points_light_state_i_is_flavour_i(ev, pipe):
    """1200 random perturbative points (_random): every unflagged solution has the right masses,
    flavour order and branch; flagged ones are NaN in every output."""
    p = _random(1200, seed=9)
    out = ev(p)
    st = out["status"].astype(int)
    solved = st & SOLVE_BITS == 0
    good = solved & (st & (1 << 7) == 0)     # bit 7: a NaN dipole (e.g. an open l_i -> l_j h_X)
    assert good.mean() > 0.98
    y = np.stack([out[f"y_e{i}"] for i in (1, 2, 3)], axis=1)
    sub = {k: v[good] for k, v in p.items()}
    M, scale, S, t = _matrices(pipe, sub, y[good])
    u, s, vh = np.linalg.svd(M)
    s, UL, UR = s[:, ::-1], u[:, :, ::-1], np.swapaxes(vh, 1, 2)[:, :, ::-1]
    # the solve's tolerance: 1e-12 relative or LAPACK's absolute accuracy 64 eps x largest mass
    assert np.all(np.abs(s[:, :3] - t) <= 1e-10 * t + 64 * np.finfo(float).eps * s[:, -1:])
    W = UL[:, :3, :3] ** 2 + UR[:, :3, :3] ** 2                      # W[:, flavour, state]
    assert np.all(np.argmax(W, axis=1) == np.arange(3))
    delta = -S
    b = np.stack([sub[f"branch_{f}"] for f in ("e", "mu", "tau")], axis=1)
    mixing = np.abs(delta) > 1e-9 * t
    got = np.where(mixing, np.sign((y[good] * scale + delta) * delta), np.sign(y[good]))
    assert np.all(got == b)
    bad = ~solved
    assert np.all(np.isnan(out["delta_a_mu"][bad])) and np.all(np.isnan(out["eps_V.e"][bad]))
    # the NumPy reference pipeline implements the same solve: same roots, same flags
    r = pipe(p)
    assert np.array_equal(r.status & ((1 << 0) | (1 << 6) | (1 << 7)) != 0, bad)
    np.testing.assert_allclose(r.y_solved[good], y[good], rtol=1e-8, atol=1e-15)


def _block_roots(B0, Bd, t, center):
    """All y with s_min(B0 + y Bd) = t (3x3 block of one generation) for |y| <= 40 and near the
    Schur crossing point ``center``: sign changes on grids log-spaced on both sides of ``center``
    and of 0, refined by bisection."""
    off = np.geomspace(1e-10, 40.0, 3000)
    ys = np.unique(np.concatenate([center - off, [center], center + off, -off, off]))
    f = lambda y: np.linalg.svd(B0 + y[:, None, None] * Bd, compute_uv=False)[:, -1] - t
    v = f(ys)
    lo, hi = ys[:-1][np.sign(v[:-1]) != np.sign(v[1:])], ys[1:][np.sign(v[:-1]) != np.sign(v[1:])]
    for _ in range(60):
        mid = (lo + hi) / 2
        left = np.sign(f(mid)) == np.sign(f(lo))
        lo, hi = np.where(left, mid, lo), np.where(left, hi, mid)
    return (lo + hi) / 2


#: generation-3 couplings (on top of REPRO) whose zero of the effective tau mass, y = S_33/(v/sqrt2),
#: lies at non-perturbative y (|S_33|/(v/sqrt2) = 2..240; about 1 in 3000 random points with
#: |lam| <= 1, 100 <= M <= 300 GeV): some have no solution on the requested branch, some have one far
#: from the crossing.  (lam_L, lam_E, lam_LE, kap_LE, M_L, M_E, branch_tau)
HARD = ((0.66, 0.76, 0.63, 0.88, 111.0, 154.0, -1.0), (0.55, -0.75, -0.89, -0.84, 136.0, 167.0, 1.0),
        (0.4, 0.9, 0.9, 1.0, 149.0, 184.0, 1.0), (0.34, -0.77, -0.87, -0.59, 126.0, 124.0, -1.0),
        (-0.02, -0.41, -1.0, -0.7, 198.0, 107.0, 1.0), (-0.42, 0.72, -0.69, -0.97, 104.0, 195.0, 1.0))


def test_brute_force_roots_of_diagonal_points(ev, pipe):
    """Generation-diagonal couplings: enumerate every combination of block roots on the requested
    sides; a flagged point has none that gives (m_e, m_mu, m_tau) as the three lightest masses in
    flavour order, an unflagged point's y is one of them."""
    p = {k: v[:24] for k, v in _random(48, seed=4).items()}         # the generation-diagonal half
    hard = {k: np.full(len(HARD), v) for k, v in REPRO.items()}
    for j, name in enumerate(("lam_L33", "lam_E33", "lam_LE33", "kap_LE33", "M_L3", "M_E3", "branch_tau")):
        hard[name] = np.array([h[j] for h in HARD])
    p = {k: np.concatenate([p.get(k, np.full(24, np.nan)), hard.get(k, np.full(len(HARD), np.nan))])
         for k in set(p) | set(hard)}
    p = {k: np.where(np.isnan(v), mg.load_model("bl_vll").parameters[k].default, v) for k, v in p.items()}
    out = ev(p)
    st = out["status"].astype(int) & SOLVE_BITS
    assert np.sum(st[24:] != 0) >= 2 and np.sum(st[24:] == 0) >= 2
    y_k = np.stack([out[f"y_e{i}"] for i in (1, 2, 3)], axis=1)
    M0, scale, S, t = _matrices(pipe, p, np.zeros((len(st), 3)))
    D = np.stack([np.diag(np.eye(9)[i]) for i in range(3)]) * scale[:, :, None, None]
    for a in range(len(st)):
        b = [p[f"branch_{f}"][a] for f in ("e", "mu", "tau")]
        roots = []
        for g in range(3):
            blk = np.ix_([g, g + 3, g + 6], [g, g + 3, g + 6])
            r = _block_roots(M0[a][blk], D[a, g][blk], t[a, g], S[a, g] / scale[a, g])
            side = np.sign(b[g] * -S[a, g]) if abs(S[a, g]) > 1e-9 * t[a, g] else b[g]
            roots.append(r[np.sign(r * scale[a, g] - S[a, g]) == side])
        valid = []
        for y in np.array(np.meshgrid(*roots, indexing="ij")).reshape(3, -1).T:
            s = np.linalg.svd(M0[a] + np.einsum("i,ijk->jk", y, D[a]), compute_uv=False)[::-1]
            if np.allclose(s[:3], t[a], rtol=1e-6):
                valid.append(y)
        if st[a]:
            assert not valid, (a, valid)
        else:
            assert any(np.allclose(v, y_k[a], rtol=1e-6, atol=1e-12) for v in valid), (a, valid, y_k[a])


def test_issue9_reproducer_both_roots(ev, pipe):
    """Issue 9 reproducer: the muon lives in generation 2 on both branches; y_e2 and delta_a_mu of
    both roots as quoted in the issue (4 significant digits)."""
    p = {k: np.full(4, v) for k, v in REPRO.items()}
    p["branch_mu"] = np.array([1.0, -1.0, 1.0, -1.0])
    p["branch_tau"] = np.array([1.0, 1.0, -1.0, -1.0])
    out = ev(p)
    assert np.all(out["status"] == 0)
    for k, m in enumerate((0.51099895e-3, 0.1056583755, 1.77686)):
        np.testing.assert_allclose(out[f"m_charged.{k}"], m, rtol=1e-10)
    np.testing.assert_allclose(out["y_e2"], [4.671e-4, -7.547e-4] * 2, rtol=2e-4)
    # the muon (light state 1) is >95% generation 2 (the issue: 100% generation 3 before the fix);
    # the tau is mostly vector-like here, but more generation 3 than any other flavour
    M, _, _, _ = _matrices(pipe, p, np.stack([out[f"y_e{i}"] for i in (1, 2, 3)], axis=1))
    u, _, vh = np.linalg.svd(M)
    W = u[:, :3, ::-1][:, :, :3] ** 2 + np.swapaxes(vh, 1, 2)[:, :3, ::-1][:, :, :3] ** 2
    assert np.all(W[:, 1, 1] > 1.9)
    assert np.all(np.argmax(W, axis=1) == np.arange(3))
    np.testing.assert_allclose(out["delta_a_mu"], [-1.577e-9, 2.067e-9] * 2, rtol=1e-3)
    # the muon's loops involve only generation 2 (diagonal couplings): the tau root is irrelevant
    assert abs(out["delta_a_mu"][0] / out["delta_a_mu"][2] - 1) < 1e-10 and out["y_e3"][0] != out["y_e3"][2]


def test_branch_without_mixing_is_a_field_sign(ev):
    """No L-E Higgs couplings: delta_i = 0, the two roots are y and -y with identical physics;
    a non-integer branch is read as its sign; |branch| > 1 is rejected."""
    out = ev({"branch_e": [1.0, -1.0, 0.3, -0.2], "branch_mu": [1.0, -1.0, 0.0, -1.0]})
    assert np.all(out["status"] == 0)
    np.testing.assert_allclose(out["y_e1"][[1, 3]], -out["y_e1"][0], rtol=1e-12)
    assert out["y_e1"][2] == out["y_e1"][0] and out["y_e2"][2] == out["y_e2"][0]
    for k in ("a_e", "a_mu", "eps_V.e", "eps_A.mu", "BR_tau_egamma"):
        np.testing.assert_allclose(out[k], out[k][0], rtol=1e-9, atol=1e-30)
    with pytest.raises(ParameterError, match="branch_e"):
        ev({"branch_e": 2.0})


def test_branches_flip_the_chirally_enhanced_part(ev):
    """With L-E mixing both roots reproduce the masses; delta_a = A + b C with C the chirally
    enhanced part (proportional to delta/m, sign set by the branch b): C dominates A here, so the
    two roots give opposite signs, and A is the no-mixing value approached as lam_LE, kap_LE -> 0."""
    p = {"lam_LE22": [0.5, 0.5, 0.0], "kap_LE22": [0.5, 0.5, 0.0], "branch_mu": [1.0, -1.0, 1.0]}
    out = ev(p)
    assert np.all(out["status"] == 0)
    np.testing.assert_allclose(out["m_charged.1"], 0.1056583755, rtol=1e-10)
    plus, minus, none = out["delta_a_mu"]
    assert plus * minus < 0
    assert abs(plus - minus) > 10 * abs(plus + minus - 2 * none)


def test_massless_right_handed_neutrinos_give_the_bl_couplings(ev):
    """y_nu = y_M = 0 and no VLL couplings: six exactly massless neutral states; the flavour
    neutrinos' couplings must equal those of `bl` (no VLL mixing), with status 0."""
    zero = {k: 0.0 for k in ev.parameters if k.startswith(("y_nu", "y_M", "lam_", "kap_"))}
    out = ev(zero)
    ref = mg.evaluator("bl")({})
    assert out["status"] == 0
    names = [f"{q}.{f}" for q in ("eps_V", "eps_A") for f in ("e", "mu", "tau", "nu_e", "nu_mu", "nu_tau")]
    names += [f"g_L.Z.nu_{f}" for f in ("e", "mu", "tau") if f"g_L.Z.nu_{f}" in ref]
    for k in names:
        assert abs(out[k] - ref[k]) <= 1e-12 * abs(ref[k]), (k, out[k], ref[k])
    # every output finite except those NaN by design (modelgen.observables.nuclear.NOT_MODELLED)
    from modelgen.observables.nuclear import NOT_MODELLED
    assert all(np.isfinite(out[k]) for k in out if k not in NOT_MODELLED)
