"""Scalar sector from the potential: invariance checks, tadpoles, Goldstones, h-h_X mixing.

References are independent of modelgen's derivation: the SM tree-level relations
m_h^2 = 2 lambda v^2, mu^2 = lambda v^2, M_W = g v/2, M_Z = sqrt(g^2 + g'^2) v/2 (e.g. PDG review
"Electroweak model and constraints on new physics", eqs. 10.x), the 2x2 eigen-decomposition of
numbers with mpmath at 40 digits, and the mpmath neutral-boson eigenproblem of tests/reference.py.
"""
import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from modelgen.derive.scalars import derive_scalars
from modelgen.errors import ModelError
from modelgen.model.potential import dagger
from modelgen.models import bl, sm
from reference import neutral_states


@pytest.fixture(autouse=True)
def _forty_digits():
    """40-digit mpmath references without changing the precision other test modules see."""
    with mp.workdps(40):
        yield


MU2, LAM = sp.symbols("mu_sq lambda_SM", real=True)


def sm_with_potential():
    m = sm.build()
    n = dagger(m.scalar_components("H"), m.scalar_components("H"))
    m.potential(-MU2 * n + LAM * n**2, tadpole=(MU2,))
    return m


@pytest.fixture(scope="module")
def bl_sector():
    return derive_scalars(bl.build(potential=True))


def test_invariance_checks_name_the_term_and_group():
    m = bl.build()
    H, X = m.scalar_components("H"), m.scalar_components("h_X")
    nH = dagger(H, H)
    lam = sp.Symbol("lam", real=True)
    cases = [(lam * (nH * X[0] + nH * sp.conjugate(X[0])), "BL"),                  # B-L charge +-2
             (lam * (H[1]**2 + sp.conjugate(H[1])**2), "Y"),                         # hypercharge +-1
             (lam * H[1] * sp.conjugate(H[1]), "SU2L"),                              # only phi0: not SU(2)
             (lam * (H[0] * sp.conjugate(H[0]) - H[1] * sp.conjugate(H[1])), "SU2L")]   # H^dag sigma3 H
    for V, group in cases:
        with pytest.raises(ModelError, match=f"not invariant under {group}"):
            m.potential(V)
    with pytest.raises(ModelError, match="dimension 6"):
        m.potential(lam * nH**3)
    with pytest.raises(ModelError, match="not real"):
        m.potential(sp.I * lam * nH)
    with pytest.raises(ModelError, match="not real"):
        m.potential(sp.Symbol("c") * nH)            # a coupling not declared real
    # H^dagger H, |h_X|^2 and the portal are invariant
    m.potential(lam * nH + lam * nH * dagger(X, X))
    m.scalar("T", {"SU2L": 3, "Y": 1})
    with pytest.raises(ModelError, match="3-plet"):
        m.potential(lam * nH)


def test_sm_tadpole_mass_and_goldstones():
    m = sm_with_potential()
    S = derive_scalars(m)
    v, g, gY = sp.symbols("v g gY", positive=True)
    assert sp.simplify(S.tadpoles[MU2] - LAM * v**2) == 0                   # mu^2 = lambda v^2
    assert sp.simplify(S.mass_matrices["even"][0, 0] - 2 * LAM * v**2) == 0  # m_h^2 = 2 lambda v^2
    assert S.mass_matrices["odd"] == sp.zeros(1, 1) and S.mass_matrices["charged"] == sp.zeros(1, 1)
    sector, direction, norm2 = S.goldstones["Z"]
    assert sector == "odd" and direction == (1,)
    assert sp.simplify(norm2 - (g**2 + gY**2) * v**2 / 4) == 0               # M_Z^2 at tree level
    sector, direction, norm2 = S.goldstones["W"]
    assert sector == "charged" and sp.simplify(norm2 - g**2 * v**2 / 4) == 0  # M_W^2
    assert [st.label for st in S.states] == ["G_Z", "G_W", "even_1"]


def test_bl_default_has_no_mixing(bl_sector):
    v, v_X = sp.Symbol("v", positive=True), sp.Symbol("v_X", positive=True)
    M_h, M_hX, s = sp.symbols("M_h M_hX", positive=True) + (sp.Symbol("sin_theta_hX", real=True),)
    lam = {k.name: val.subs(s, 0) for k, val in bl_sector.inputs.items()}
    # without the portal: M_h^2 = 2 lambda_H v^2, M_hX^2 = 2 lambda_X v_X^2
    assert lam["lambda_HX"] == 0
    assert sp.simplify(lam["lambda_H"] - M_h**2 / (2 * v**2)) == 0
    assert sp.simplify(lam["lambda_X"] - M_hX**2 / (2 * v_X**2)) == 0


def test_bl_mixing_reproduces_inputs(bl_sector):
    """At random points the solved couplings give a CP-even matrix with eigenvalues M_h^2, M_hX^2
    and h = c rho_H + s rho_X (40-digit eigen-decomposition)."""
    M = bl_sector.physical(bl_sector.mass_matrices["even"])
    names = ("v", "v_X", "M_h", "M_hX", "sin_theta_hX")
    f = sp.lambdify([sp.Symbol(n, positive=True) if n != "sin_theta_hX" else sp.Symbol(n, real=True)
                     for n in names], M, "mpmath")
    rng = np.random.default_rng(7)
    for _ in range(20):
        v, v_X = 246.2, 10 ** rng.uniform(-2, 4)
        m_h, m_hX = 125.25, 10 ** rng.uniform(-3, 4)
        s = rng.uniform(-0.9, 0.9)
        E, Q = mp.eigsy(mp.matrix(f(*(mp.mpf(x) for x in (v, v_X, m_h, m_hX, s)))))
        got = sorted([E[0], E[1]])
        want = sorted([mp.mpf(m_h)**2, mp.mpf(m_hX)**2])
        for a, b in zip(got, want):
            assert abs(a / b - 1) < 1e-12
        k = 0 if abs(E[0] - mp.mpf(m_h)**2) < abs(E[1] - mp.mpf(m_h)**2) else 1
        h = Q[:, k] * mp.sign(Q[0, k])
        assert abs(h[0] - mp.sqrt(1 - mp.mpf(s)**2)) < 1e-12 and abs(h[1] - mp.mpf(s)) < 1e-12


def test_bl_goldstone_equivalence(bl_sector):
    """|w_V|^2 = M_V^2 for Z, Z' (mpmath neutral eigenproblem) and W; G_Z orthogonal to G_Z'."""
    sym = {s.name: s for expr in (bl_sector.goldstones["Z"][2], bl_sector.goldstones["Zp"][2])
           for s in expr.free_symbols}
    rng = np.random.default_rng(3)
    for _ in range(4):
        alpha, G_F, M_Z = 1 / 137.035999084, 1.1663787e-5, 91.1876
        eps, g_BL = rng.uniform(-0.3, 0.3), 10 ** rng.uniform(-4, -0.5)
        M_Zp = 10 ** rng.choice([rng.uniform(-3, 1.5), rng.uniform(2.3, 3.5)])
        ref, c, vX2 = neutral_states(alpha, G_F, M_Z, eps, M_Zp, g_BL)     # reference solves v_X^2 too
        point = {"g": c["g"], "gY": c["gY"], "v": c["v"], "eps_k": eps, "g_BL": g_BL, "M_Zp": M_Zp,
                 "v_X": mp.sqrt(vX2)}
        subs = {sym[k]: mp.mpf(val) for k, val in point.items() if k in sym}
        for boson in ("Z", "Zp"):
            norm2 = mp.mpf(sp.N(bl_sector.goldstones[boson][2].subs(subs), 40))
            assert abs(norm2 / ref[boson][0]**2 - 1) < 1e-10
        dz, dzp = ([sp.N(x.subs(subs), 40) for x in bl_sector.goldstones[b][1]] for b in ("Z", "Zp"))
        assert abs(sum(a * b for a, b in zip(dz, dzp))) < 1e-20
        assert abs(sum(a**2 for a in dz) - 1) < 1e-20


def test_bl_conditions_are_in_inputs(bl_sector):
    conds = bl_sector.conditions
    assert set(conds) == {"bfb_lambda_H", "bfb_lambda_X", "bfb_lambda_HX"}
    names = {s.name: s for c, _ in conds.values() for s in c.free_symbols}
    point = {"v": 246.2, "v_X": 50.0, "M_h": 125.25, "M_hX": 20.0}
    # lambda_HX = s c (M_h^2 - M_hX^2)/(v v_X) grows with the mixing; bfb needs
    # lambda_HX^2 < 4 lambda_H lambda_X, i.e. s^2 c^2 (M_h^2 - M_hX^2)^2 <
    # (c^2 M_h^2 + s^2 M_hX^2)(s^2 M_h^2 + c^2 M_hX^2), which always holds (the difference is
    # M_h^2 M_hX^2 > 0): with masses as inputs the conditions are True everywhere
    for s in (-0.9, -0.1, 0.0, 0.5, 0.99):
        subs = {names[k]: val for k, val in point.items() if k in names}
        subs[names.get("sin_theta_hX", sp.Symbol("sin_theta_hX", real=True))] = s
        for name, (cond, reason) in conds.items():
            assert bool(cond.subs(subs)), (name, reason)


def test_closed_form_2x2_without_input_scheme():
    """No input scheme: the CP-even h-h_X block in closed form against a 40-digit eigsy."""
    m = bl.build(potential=False)
    nH = dagger(m.scalar_components("H"), m.scalar_components("H"))
    nX = dagger(m.scalar_components("h_X"), m.scalar_components("h_X"))
    mu_H, mu_X, lH, lX, lHX = sp.symbols("mu_H_sq mu_X_sq lambda_H lambda_X lambda_HX", real=True)
    m.potential(-mu_H * nH + lH * nH**2 - mu_X * nX + lX * nX**2 + lHX * nH * nX, tadpole=(mu_H, mu_X))
    S = derive_scalars(m)
    heavy, light = [st for st in S.states if st.sector == "even"]
    v, v_X = sp.Symbol("v", positive=True), sp.Symbol("v_X", positive=True)
    rng = np.random.default_rng(9)
    for _ in range(5):
        point = {v: 246.22, v_X: 10 ** rng.uniform(0, 3), lH: rng.uniform(0.05, 1), lX: rng.uniform(0.01, 1),
                 lHX: rng.uniform(-0.05, 0.05)}
        point = {k: sp.Float(x, 40) for k, x in point.items()}
        x = {k.name: mp.mpf(str(val)) for k, val in point.items()}
        M = [[2 * x["lambda_H"] * x["v"]**2, x["lambda_HX"] * x["v"] * x["v_X"]],
             [x["lambda_HX"] * x["v"] * x["v_X"], 2 * x["lambda_X"] * x["v_X"]**2]]   # written from V by hand
        E, Q = mp.eigsy(mp.matrix(M))
        for st, k in ((heavy, 1), (light, 0)):                                     # eigsy: ascending
            assert abs(sp.N(st.mass_squared.subs(point), 40) / E[k] - 1) < 1e-12
            overlap = sum(sp.N(d.subs(point), 40) * Q[i, k] for i, d in enumerate(st.direction))
            assert abs(abs(overlap) - 1) < 1e-12
        cond = [c for name, (c, _) in S.conditions.items() if name == f"mass_squared_{light.label}"][0]
        assert bool(cond.subs(point)) == (E[0] > 0)


def test_no_mixing_matches_the_fermion_sector_scalar_couplings():
    """At sin_theta_hX = 0 the h and h_X couplings to charged leptons of the VLL model are the
    dM/dv_S of derive/fermions.py (L > -psi_bar_L (dM/dv_S) psi_R phi_S, S^0 = (v_S + phi_S)/sqrt2)."""
    from modelgen.derive.fermions import derive_fermions
    from modelgen.models import bl_vll
    m = bl_vll.build_singlet()          # carries the h-h_X portal by default
    S = derive_scalars(m)
    charged = derive_fermions(m).charged
    s = sp.Symbol("sin_theta_hX", real=True)
    for label, scalar in (("h", "H"), ("hX", "h_X")):
        dM = charged.scalar[scalar]
        seen = 0
        for (left, a, right, b, conj), Y in S.yukawas[label].items():
            rows = [i for i, r in enumerate(charged.left) if r[:2] == (left, a)]
            cols = [j for j, c in enumerate(charged.right) if c[:2] == (right, b)]
            if not rows or not cols or conj:
                continue                            # neutral components: the Majorana sector
            seen += 1
            block = dM.extract(rows, cols)
            assert (Y.subs(s, 0) - block).applyfunc(sp.simplify) == sp.zeros(*block.shape), (label, left, right)
        assert seen
