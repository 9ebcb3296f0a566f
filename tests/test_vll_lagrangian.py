"""bl_vll lepton sector vs references written from its Lagrangian, not from modelgen's derivation.

References: tests/vll_lagrangian.py (charged mass matrix, CP-even and CP-odd scalar couplings and
gauge couplings typed from the Lagrangian; gauge eigenvectors and v_X from the mpmath generalized
eigenproblem of tests/reference.py) and tests/dirac_ref.py (brute-force F2 from Dirac traces).
The solved SM Yukawas are read from the kernel outputs y_e1..3 (whatever root the solver takes);
the hand-built matrix must then reproduce m_e, m_mu, m_tau.

Goldstone couplings.  With |D phi|^2 and D = d - i g_s(V) V, the CP-odd parts G0 of H^0 and G_X
of h_X mix into the Goldstone eaten by V, G_V = sum_s g_s(V) v_s G_s / M_V (L > -M_V V.dG_V), and
its Yukawa matrix is dM/dG_V (L > -psi_bar_L dM/dG_V psi_R G_V + h.c.).  Gauge invariance of the
Yukawa terms gives the current-divergence form, element by element in any basis:
    dM/dG_V = (i/M_V) (G_L M - M G_R),   in the mass basis (i/M_V)(g_L m - m g_R),
with L > psi_bar gamma^mu (G_L P_L + G_R P_R) psi V_mu and the same sign convention for the
scalars' couplings g_s(V).  R_xi (xi = 1) then splits the unitary-gauge Z' loop into the
Feynman-gauge vector loop plus the loop of G_Z' with mass M_Z'.
"""
import mpmath as mp
import numpy as np
import pytest

import modelgen as mg
from dirac_ref import scalar_f2, vector_feynman_f2
from modelgen.testing.numeric import LeptonPipeline
from reference import fermion_coupling, neutral_states
from vll_lagrangian import Sector

#: A: light Z' with heavy VLLs mixing strongly with e (the Goldstone part dominates the Z' loop);
#: B: heavier Z', both L-E couplings, muon mixing with the second generation
POINTS = [
    dict(eps_k=5.95e-3, g_BL=1.6e-3, M_Zp=0.0167, M_L1=100.0, M_E1=120.0, lam_L11=3.5, lam_E11=3.5,
         lam_LE11=0.3, kap_LE22=-0.4),
    dict(eps_k=-2e-3, g_BL=3e-3, M_Zp=0.5, M_hX=3.0, M_L1=300.0, M_E1=900.0, lam_L11=-2.0, lam_E11=0.5,
         lam_L22=2.5, lam_E22=0.2, lam_LE22=0.5, kap_LE22=-0.4),
]
LIGHT = ("e", "mu")


@pytest.fixture(scope="module")
def bl_vll():
    model = mg.load_model("bl_vll")
    ev = mg.evaluator("bl_vll")
    out = ev({k: [pt.get(k, model.parameters[k].default) for pt in POINTS]
              for k in set().union(*POINTS)})
    assert np.all(out["status"] == 0), out["status"]
    full = [{**{k: q.default for k, q in model.parameters.items()}, **pt} for pt in POINTS]
    return model, out, full


def _mass_basis(p, out, n):
    """Hand-built sector at the kernel's solved Yukawas, rotated to the mass basis (mpmath)."""
    S = Sector(p, [out[f"y_e{i}"][n] for i in (1, 2, 3)])
    m, X = S.mass_basis()
    np.testing.assert_allclose(m[:3], [p["m_e"], p["m_mu"], p["m_tau"]], rtol=1e-10)
    return S, m, X


def test_goldstone_couplings_from_scalar_sector_equal_current_divergence(bl_vll):
    """dM/dG_V from the CP-odd scalar components = (i/M_V)(G_L M - M G_R), for V = Z and Z'; then,
    with the NumPy pipeline's rotations and signed mass-basis couplings g_L, g_R (code under test),
    U_L^T (dM/dG_V) U_R = (i/M_V)(g_L m - m g_R) element by element."""
    model, _, full = bl_vll
    pipe = LeptonPipeline(model)
    for pt, p in zip(POINTS, full):
        r = pipe({k: [v] for k, v in pt.items()})
        assert r.status[0] == 0
        S = Sector(p, r.y_solved[0])
        UL, UR, m = r.U_L[0], r.U_R[0], r.m_charged[0]
        # the code's SVD diagonalises the hand-built matrix
        assert np.abs(UL.T @ S.M @ UR - np.diag(m)).max() < 1e-12 * m[-1]
        for V in ("Z", "Zp"):
            M_V = S.masses[V]
            assert abs(S.vector_mass_from_scalars(V) / M_V - 1) < 1e-12
            YG = S.goldstone(V)
            div = 1j / M_V * (S.G_L[V] @ S.M - S.M @ S.G_R[V])
            assert np.abs(YG - div).max() <= 1e-13 * np.abs(YG).max()
            gl, gr = r.charged[V][0], r.charged[V][1]
            scale = np.abs(S.G_L[V]).max() + np.abs(S.G_R[V]).max()
            # signed couplings, element by element (the rotation's column signs are shared)
            assert np.abs(gl - UL.T @ S.G_L[V] @ UL).max() < 1e-13 * scale
            assert np.abs(gr - UR.T @ S.G_R[V] @ UR).max() < 1e-13 * scale
            code_div = 1j / M_V * (gl * m[None, :] - m[:, None] * gr)
            assert np.abs(UL.T @ YG @ UR - code_div).max() <= 1e-11 * np.abs(code_div).max(), V


def _sum(diagrams):
    """Sum of the brute-force Delta a of (kind, m_i, m_k, M_B, c1, c2) and the sum of |pieces|
    (coupling products and powers of M_F taken apart), the scale of rounding when they cancel.
    Couplings at rounding level are skipped (zero in exact arithmetic: no flavour-changing
    Yukawas at these points)."""
    biggest = max(max(abs(d[4]), abs(d[5])) for d in diagrams)
    f = {"V": vector_feynman_f2, "S": scalar_f2}
    total = scale = 0.0
    for kind, mi, mk, MB, c1, c2 in diagrams:
        if max(abs(c1), abs(c2)) > 1e-12 * biggest:
            val, sc = f[kind](mi, mk, MB, c1, c2, with_scale=True)
            total, scale = total + float(val), scale + float(sc)
    return total, scale


def test_kernel_zprime_loop_is_feynman_plus_goldstone(bl_vll):
    """a_l.Zp of the compiled kernel (unitary gauge) = sum over internal mass states of the
    Feynman-gauge Z' loop + the Goldstone loop, couplings from the Lagrangian; and the kernel's
    signed light-lepton couplings eps_L, eps_R equal (U^T G U)_ii / e."""
    _, out, full = bl_vll
    for n, p in enumerate(full):
        S, m, X = _mass_basis(p, out, n)
        gl, gr, Y = X[("gL", "Zp")], X[("gR", "Zp")], X["G_Zp"]
        M = S.masses["Zp"]
        for i, lep in enumerate(LIGHT + ("tau",)):
            assert abs(out[f"eps_L.{lep}"][n] - gl[i, i] / S.e) < 1e-12 * p["g_BL"] / S.e
            assert abs(out[f"eps_R.{lep}"][n] - gr[i, i] / S.e) < 1e-12 * p["g_BL"] / S.e
        for i, lep in enumerate(LIGHT):
            vec, s1 = _sum([("V", m[i], m[k], M, gl[k, i], gr[k, i]) for k in range(len(m))])
            gold, s2 = _sum([("S", m[i], m[k], M, -np.conj(Y[i, k]), -Y[k, i]) for k in range(len(m))])
            got = out[f"a_{lep}.Zp"][n]
            assert abs(got - (vec + gold)) <= 1e-9 * (s1 + s2), (n, lep, got, vec, gold)
            if n == 0:      # the longitudinal (Goldstone) part dominates: an error in it would show
                assert abs(gold) > 10 * abs(vec)


def test_kernel_scalar_loops_from_lagrangian_yukawas(bl_vll):
    """a_l.hX and a_l.h of the kernel vs the brute-force scalar loops with the CP-even Yukawas
    dM/dh_X, dM/dh of the Lagrangian (L > -psi_bar_L Y psi_R phi + h.c., Y in the mass basis:
    F_bar_k (-Y[i,k]* P_L - Y[k,i] P_R) l_i phi + h.c.).  At point A the h_X loop of the electron is
    chirally enhanced by the heavy states (M_F/m_e ~ 2e5) and dominated by them."""
    _, out, full = bl_vll
    for n, p in enumerate(full):
        S, m, X = _mass_basis(p, out, n)
        for field, med, M in (("h_X", "hX", p["M_hX"]), ("h", "h", p["M_h"])):
            Y = X[field]
            for i, lep in enumerate(LIGHT):
                diagrams = [("S", m[i], m[k], M, -np.conj(Y[i, k]), -Y[k, i]) for k in range(len(m))]
                ref, scale = _sum(diagrams)
                got = out[f"a_{lep}.{med}"][n]
                assert abs(got - ref) <= 1e-9 * scale, (n, lep, med, got, ref)
                if n == 0 and (lep, med) == ("e", "hX"):
                    light, _ = _sum(diagrams[:3])
                    assert abs(ref) > 1e3 * abs(light) and abs(ref) > 0.1 * scale


def test_light_neutrino_zprime_coupling_cancels_at_maximal_mixing():
    """lam_L11 v_X/sqrt2 = M_L1 (v_X from the mpmath eigenproblem at the given M_Z', g_BL, eps_k).

    With y_nu = 0 the massless state of generation 1 in the (nu_L, L_L^0) plane is orthogonal to
    the column (m_L, M_L) of (L_R^0)^c, m_L = lam_L v_X/sqrt2:
        psi = (M_L nu_L - m_L L_L^0)/sqrt(M_L^2 + m_L^2).
    nu_L and L_L^0 have equal (T3, Y) = (1/2, -1/2) and B-L = -1, +1, so its Z' coupling is
        g_nu = g T3 x_W3 + g' Y x_B + g_BL x_X (m_L^2 - M_L^2)/(m_L^2 + M_L^2):
    the B-L part vanishes exactly at m_L = M_L, leaving the hypercharge/T3 part, itself zero for
    eps_k = 0.  Checked at the condition and at lam_L11 off it (0.9x, 0.3x)."""
    ev = mg.evaluator("bl_vll")
    mp.mp.dps = 30
    sm = {k: ev.parameters[k]["default"] for k in ("alpha", "G_F", "M_Z")}
    ynu = {f"y_nu{i}{j}": 0.0 for i in (1, 2, 3) for j in (1, 2, 3)}
    for eps_k in (0.0, 5.95e-3, -0.02):
        p = dict(eps_k=eps_k, g_BL=1e-3, M_Zp=0.1, M_L1=100.0, y_M11=1.0, y_M22=1.0, y_M33=1.0, **ynu)
        states, c, s = neutral_states(sm["alpha"], sm["G_F"], sm["M_Z"], eps_k, p["M_Zp"], p["g_BL"])
        x = states["Zp"][1]
        mL = [p["M_L1"], 0.9 * p["M_L1"], 0.3 * p["M_L1"]]
        out = ev({**p, "lam_L11": [float(mp.sqrt(2) * m / mp.sqrt(s)) for m in mL]})
        assert np.all(out["status"] == 0)
        e = float(c["e"])
        hyper = float(fermion_coupling(c, x, mp.mpf(1) / 2, -mp.mpf(1) / 2, 0)) / e
        bl = p["g_BL"] / e
        for n, m in enumerate(mL):
            ref = hyper + float(p["g_BL"] * x[2] * (m**2 - p["M_L1"] ** 2) / (m**2 + p["M_L1"] ** 2)) / e
            assert abs(out["eps_L.nu_e"][n] - ref) < 1e-13 * bl, (eps_k, n, out["eps_L.nu_e"][n], ref)
        assert abs(out["eps_L.nu_e"][0] - hyper) < 1e-13 * bl
        assert abs(out["eps_L.nu_e"][1] - hyper) > 0.05 * bl       # the B-L part is back off the condition
        if eps_k == 0.0:
            assert hyper == 0.0 and abs(out["eps_L.nu_e"][0]) < 1e-13 * bl
