"""The 2HDM scalar sector (symbolic) against published formulas and brute-force enumerations.

References, written out below (independent of modelgen's derivation):
* the inversion lambda_i(M_h, M_H, M_A, M_Hpm, tan b, cos(b - a), m12^2, v): Kanemura, Okada,
  Senaha, Yuan, hep-ph/0408364, sec. 2 (equivalently Gunion, Haber hep-ph/0207010 sec. 2);
* the Yukawa factors xi of Aoki, Kanemura, Tsumura, Yagyu, arXiv:0902.4665, Table 2, with
  L > -sum_f (m_f/v) (xi_h^f fbar f h + xi_H^f fbar f H - i xi_A^f fbar gamma5 f A), and the
  doublet giving mass to (u, d, l) of their Table 1;
* perturbative unitarity: the eigenvalues of the 2 -> 2 s-wave matrix of all two-particle states of
  the eight real scalar fields, built by brute force from the quartic terms of V.
"""
import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from modelgen.derive.potential_checks import split_conjugates
from modelgen.derive.scalar_yukawa import state_yukawas
from modelgen.derive.scalars import derive_scalars
from modelgen.errors import ModelError
from modelgen.models import thdm


@pytest.fixture(autouse=True)
def _forty_digits():
    """40-digit mpmath references without changing the precision other test modules see."""
    with mp.workdps(40):
        yield


P = {n: sp.Symbol(n, positive=True) for n in ("tan_beta", "M_h", "M_H", "M_A", "M_Hpm", "v", "v1", "v2", "g", "gY")}
COS_BA, M12 = sp.Symbol("cos_ba", real=True), sp.Symbol("m12_sq", real=True)


@pytest.fixture(scope="module")
def sector():
    return derive_scalars(thdm.build("X"))


def reference_lambdas(p):
    """hep-ph/0408364 sec. 2, M^2 = m12^2/(s_b c_b), alpha = beta - (beta - alpha)."""
    b = mp.atan(p["tan_beta"])
    a = b - mp.acos(p["cos_ba"])
    sb, cb, sa, ca = mp.sin(b), mp.cos(b), mp.sin(a), mp.cos(a)
    M2, v2 = p["m12_sq"] / (sb * cb), p["v"]**2
    return [(p["M_H"]**2 * ca**2 + p["M_h"]**2 * sa**2 - M2 * sb**2) / (v2 * cb**2),
            (p["M_H"]**2 * sa**2 + p["M_h"]**2 * ca**2 - M2 * cb**2) / (v2 * sb**2),
            (2 * p["M_Hpm"]**2 - M2 + (p["M_H"]**2 - p["M_h"]**2) * sa * ca / (sb * cb)) / v2,
            (M2 + p["M_A"]**2 - 2 * p["M_Hpm"]**2) / v2,
            (M2 - p["M_A"]**2) / v2], (sa, ca, sb, cb)


def random_points(n, seed):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        tb = 10 ** rng.uniform(-1, 1.7)
        p = {"tan_beta": tb, "cos_ba": rng.uniform(-0.95, 0.95), "M_h": 125.25, "v": 246.22,
             "M_H": 10 ** rng.uniform(1.5, 3.5), "M_A": 10 ** rng.uniform(1, 3.5), "M_Hpm": 10 ** rng.uniform(1.8, 3.5)}
        p["m12_sq"] = rng.uniform(-0.5, 1.5) * p["M_H"]**2 * tb / (1 + tb**2)
        yield {k: mp.mpf(x) for k, x in p.items()}


def _with_vevs(p):
    cb = 1 / mp.sqrt(1 + p["tan_beta"]**2)
    return {**p, "v1": p["v"] * cb, "v2": p["v"] * p["tan_beta"] * cb}


def _num(expr, p):
    syms = sorted(expr.free_symbols, key=str)
    return sp.lambdify(syms, expr, "mpmath")(*(p[s.name] for s in syms))


def test_inversion_matches_published_formula(sector):
    for p in random_points(15, 1):
        ref, _ = reference_lambdas(p)
        got = [_num(sector.inputs[lam], _with_vevs(p)) for lam in thdm.LAMBDAS]
        for g, r in zip(got, ref):
            assert abs(g - r) <= 1e-12 * max(abs(r), mp.mpf(1e-3))


def test_solved_potential_reproduces_input_masses(sector):
    """The mass matrices of V with the solved couplings have the input spectrum (40-digit eigsy)."""
    mats = {k: sector.physical(M) for k, M in sector.mass_matrices.items()}
    for p in random_points(6, 2):
        q = _with_vevs(p)
        _, (sa, ca, sb, cb) = reference_lambdas(p)
        want = {"even": (p["M_h"]**2, p["M_H"]**2), "odd": (0, p["M_A"]**2), "charged": (0, p["M_Hpm"]**2)}
        for name, M in mats.items():
            E, Q = mp.eigsy(mp.matrix([[_num(M[i, j], q) for j in range(2)] for i in range(2)]))
            scale = max(abs(E[0]), abs(E[1]))
            for got, ref in zip(sorted([E[0], E[1]]), sorted(want[name])):
                assert abs(got - ref) <= 1e-12 * scale
        E, Q = mp.eigsy(mp.matrix([[_num(mats["even"][i, j], q) for j in range(2)] for i in range(2)]))
        k = min(range(2), key=lambda i: abs(E[i] - p["M_h"]**2))
        overlap = Q[0, k] * (-sa) + Q[1, k] * ca             # h = -s_a rho1 + c_a rho2
        assert abs(abs(overlap) - 1) < 1e-12


def test_symbolic_spectrum_where_feasible(sector):
    """CP-odd and charged traces equal M_A^2 and M_Hpm^2 identically (v1 = v c_b, v2 = v s_b)."""
    tb, v = P["tan_beta"], P["v"]
    vevs = {P["v1"]: v / sp.sqrt(1 + tb**2), P["v2"]: v * tb / sp.sqrt(1 + tb**2)}
    for name, mass in (("odd", P["M_A"]), ("charged", P["M_Hpm"])):
        assert sp.simplify(sector.physical(sector.mass_matrices[name].trace()).subs(vevs) - mass**2) == 0


def test_goldstones(sector):
    v1, v2, g, gY = P["v1"], P["v2"], P["g"], P["gY"]
    n = sp.sqrt(v1**2 + v2**2)
    for boson, sec, mass2 in (("Z", "odd", (g**2 + gY**2) * n**2 / 4), ("W", "charged", g**2 * n**2 / 4)):
        s, direction, norm2 = sector.goldstones[boson]
        assert s == sec
        assert all(sp.simplify(d - r) == 0 for d, r in zip(direction, (v1 / n, v2 / n)))   # (c_b, s_b)
        assert sp.simplify(norm2 - mass2) == 0
        # massless for any lambda_i, m12^2 (tadpoles only, no input scheme)
        assert all(sp.simplify(x) == 0 for x in sector.mass_matrices[sec] * sp.Matrix(direction))


# AKTY Table 1: the doublet giving mass to (u, d, l); Table 2 in terms of beta, alpha
TABLE1 = {"I": (2, 2, 2), "II": (2, 1, 1), "X": (2, 2, 1), "Y": (2, 1, 2)}


def akty_table2(tb, cba):
    sba = mp.sqrt(1 - cba**2)
    up = {"h": cba / tb + sba, "H": cba - sba / tb, "A": 1 / tb}           # c_a/s_b, s_a/s_b, cot b
    down = {"h": sba - tb * cba, "H": cba + tb * sba, "A": tb}            # -s_a/c_b, c_a/c_b, tan b
    # the A factor of a down-type fermion or lepton coupling to Phi2 is -cot b
    return up, down, {"h": up["h"], "H": up["H"], "A": -1 / tb}


KEYS = {"u": ("Q_L", 0, "u_R", 0), "d": ("Q_L", 1, "d_R", 0), "l": ("l_L", 1, "e_R", 0)}
Y1 = {sp.Symbol(f"y_{f}1", real=True): 1 for f in "ude"}
HPM_KEYS = {"u": ("Q_L", 1, "u_R", 0, True), "d": ("Q_L", 0, "d_R", 0, False), "l": ("l_L", 0, "e_R", 0, False)}


@pytest.mark.parametrize("kind", list(TABLE1))
def test_yukawa_factors_against_table(sector, kind):
    model = thdm.build(kind)
    yuk = state_yukawas(model, sector.fields, sector.basis, sector.states)   # V does not depend on the type
    rng = np.random.default_rng(11)
    for _ in range(3):
        tb, cba, v = mp.mpf(10 ** rng.uniform(-1, 1.5)), mp.mpf(rng.uniform(-0.95, 0.95)), mp.mpf(246.22)
        vk = {1: v / mp.sqrt(1 + tb**2), 2: v * tb / mp.sqrt(1 + tb**2)}
        point = {"tan_beta": tb, "cos_ba": cba, "v": v, "v1": vk[1], "v2": vk[2]}
        up, down_phi1, down_phi2 = akty_table2(tb, cba)
        for f, k in zip(("u", "d", "l"), TABLE1[kind]):
            mass = vk[k] / mp.sqrt(2)                           # m_f = y v_k / sqrt2 with y = 1
            ref = up if f == "u" else (down_phi1 if k == 1 else down_phi2)
            for label in ("h", "H", "A"):
                Y = mp.mpc(_num(yuk[label][KEYS[f] + (False,)][0, 0].subs(Y1), point))
                # L > -fbar (Re Y + i Im Y gamma5) f S  =>  xi_h = Re Y v/m, xi_A = -Im Y v/m
                xi = (Y.real if label != "A" else -Y.imag) * v / mass
                assert abs(xi - ref[label]) < 1e-20 * max(1, abs(ref[label])), (kind, f, label)
            # charged scalar: |Y| = sqrt2 m |xi_A|/v (AKTY), with one sign for every fermion and type
            Yp = _num(yuk["Hpm"][HPM_KEYS[f]][0, 0].subs(Y1), point)
            assert abs(Yp / (mp.sqrt(2) * mass * ref["A"] / v) + 1) < 1e-20, (kind, f)


def test_unitarity_eigenvalues_brute_force():
    """The 12 closed-form eigenvalues are the distinct eigenvalues of the s-wave coupling matrix
    T_(ab),(cd) = d^4 V/dphi_a dphi_b dphi_c dphi_d x N_ab N_cd (N = 1/sqrt2 for a = b)."""
    m = thdm.build("II")
    V, owner, bars = split_conjugates(m, m.scalar_potential.expr)
    reals = sp.symbols("f0:8", real=True)
    sub = {}
    for k, x in enumerate(owner):
        sub[x] = (reals[2 * k] + sp.I * reals[2 * k + 1]) / sp.sqrt(2)
        sub[bars[x]] = (reals[2 * k] - sp.I * reals[2 * k + 1]) / sp.sqrt(2)
    quartic = sp.Poly(sp.expand(V.xreplace(sub)), *reals)
    pairs = [(a, b) for a in range(8) for b in range(a, 8)]
    rng = np.random.default_rng(5)
    for _ in range(3):
        lam = dict(zip(thdm.LAMBDAS, rng.uniform(-3, 3, 5)))
        coeff = {mon: float(c.subs(lam)) for mon, c in quartic.terms() if sum(mon) == 4}

        def d4(*idx):
            mon = [0] * 8
            for i in idx:
                mon[i] += 1
            return coeff.get(tuple(mon), 0.0) * float(np.prod([sp.factorial(e) for e in mon]))
        T = np.array([[d4(*p, *q) * (0.5**0.5 if p[0] == p[1] else 1) * (0.5**0.5 if q[0] == q[1] else 1)
                       for q in pairs] for p in pairs])
        brute = np.unique(np.round(np.linalg.eigvalsh(T), 9))
        closed = np.unique(np.round([float(e.subs(lam)) for e in
                                     thdm.unitarity_eigenvalues(*thdm.LAMBDAS).values()], 9))
        assert np.allclose(brute, closed, rtol=0, atol=1e-8)


def test_conditions_flag_unphysical_inputs(sector):
    conds = sector.conditions
    assert {"bfb_lambda1", "bfb_lambda345", "unitarity_a_plus", "unitarity_p1"} <= set(conds)
    for p in random_points(6, 4):
        q = _with_vevs(p)
        lam, _ = reference_lambdas(p)
        l1, l2, l3, l4, l5 = lam
        ref = {"bfb_lambda1": l1 > 0, "bfb_lambda2": l2 > 0,
               "unitarity_e1": abs(l3 + 2 * l4 - 3 * l5) < 8 * mp.pi, "unitarity_p1": abs(l3 - l4) < 8 * mp.pi}
        if l1 * l2 >= 0:               # else sqrt(l1 l2) is not real and bfb_lambda1 or 2 already fails
            ref.update({"bfb_lambda3": l3 > -mp.sqrt(l1 * l2), "bfb_lambda345": l3 + l4 - abs(l5) > -mp.sqrt(l1 * l2)})
        for name, want in ref.items():
            assert bool(_num(conds[name][0], q)) == bool(want), name


def test_unknown_type_is_a_model_error():
    with pytest.raises(ModelError, match="unknown Yukawa type 'Z'"):
        thdm.build("Z")
