"""a_mu from a light Z' with muon-VLL mixing (bl_vll_doublet, bl_vll_singlet) against 50 digits.

Reference, independent of the kernel's numerics: the neutral gauge sector of tests/reference.py
(generalized eigenproblem at 50 digits), the 6x6 charged mass matrix written from the Lagrangian,
L > -psi_bar_L M psi_R + h.c., generations inside blocks, M[f, f] = y_f v/sqrt2 (the kernel's
solved y_f as input), M[3+f, 3+f] = M_Xf, and the mixing term with v_X^2 = s of tests/reference.py:
  doublet  rows (e_L, L_L^-), columns (e_R, L_R^-):  M[f, 3+f] = lam_Lff v_X/sqrt2  (l_L-bar L_R h_X*),
  singlet  rows (e_L, E_L),   columns (e_R, E_R):    M[3+f, f] = lam_Eff v_X/sqrt2  (E_L-bar e_R h_X);
its 50-digit SVD M = U diag(m) V (mp.svd_r), mass-basis couplings
g_L[k] = sum_a U[a,k] U[a,mu] g(T3, Y, B-L of a), g_R[k] = sum_a V[k,a] V[mu,a] g(...) with
(T3, Y, B-L): e_L (-1/2, -1/2, -1), e_R (0, -1, -1), L^- (-1/2, -1/2, 1), E (0, -1, 1), and the
one-loop neutral-vector integrals of tests/loops/g2_mpref.py (Leveille / LPQ form):
Delta a = sum_k S_k (c_V^2 + c_A^2) + D_k (c_V^2 - c_A^2), c_V = (g_L + g_R)/2, c_A = (g_R - g_L)/2.

For a light Z' the longitudinal terms ~ m_mu M g_L g_R / M_Z'^2 make a_mu.Zp linear in the small
mixing angle of the muon's other chirality, theta ~ (m_mu/M) theta_mix ~ 5e-11 here, which needs
relative accuracy: the 2 x 2 blocks of the block-diagonal path take it from LAPACK dlasv2 (a few
ulps); dgesvd's vectors carry it to ~1e-17 absolute only (2e-9 relative error of a_mu.Zp at 17 MeV,
1e-6 at 2.4 keV; docs/regression.md).
"""
import os
import sys

import mpmath as mp
import pytest

import modelgen as mg
from reference import fermion_coupling, neutral_states

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "loops"))
import g2_mpref  # noqa: E402

TOL = 1e-10
# a bl_vll_doublet point of the regression sample (light_zp, point 52; for the singlet L -> E): only
# the muon generation mixes appreciably (lam_L22 v_X/sqrt2 = 3 MeV next to M_L2 = 2.45 TeV at 2.4 keV)
POINT = dict(alpha=0.007356893148916295, G_F=1.1635044450641858e-05, M_Z=91.2645140632151,
             m_e=0.0005076459960038222, m_mu=0.10544630853966154, m_tau=1.76400637477481,
             g_BL=0.00017294716563970175, eps_k=0.000647843925863708, M_hX=0.009960068447745203,
             M_L1=231.97553769145907, M_L2=2454.91379550146, M_L3=1664.2701502784437,
             lam_L11=-0.036272495021435494, lam_L22=0.6169248105376122, lam_L33=-0.030529605479762485,
             branch_tau=-1.0)
H = mp.mpf(1) / 2
#: model -> (vector-like field letter, (T3, Y, B-L) of rows, of columns, mixing entry (row, column))
MODELS = {
    "bl_vll_doublet": ("L", [(-H, -H, -1)] * 3 + [(-H, -H, 1)] * 3, [(0, -1, -1)] * 3 + [(-H, -H, 1)] * 3,
                       lambda f: (f, 3 + f)),
    "bl_vll_singlet": ("E", [(-H, -H, -1)] * 3 + [(0, -1, 1)] * 3, [(0, -1, -1)] * 3 + [(0, -1, 1)] * 3,
                       lambda f: (3 + f, f)),
}


def reference_a_mu(model, p, y):
    """50-digit Delta a_mu from the Z' (module docstring), given the solved Yukawas y."""
    X, q_left, q_right, mixing = MODELS[model]
    mp.mp.dps = 50
    states, c, s = neutral_states(p["alpha"], p["G_F"], p["M_Z"], p["eps_k"], p["M_Zp"], p["g_BL"])
    r2, v_X = mp.sqrt(2), mp.sqrt(s)
    M = mp.zeros(6, 6)
    for f in range(3):
        M[f, f] = mp.mpf(y[f]) * c["v"] / r2
        M[3 + f, 3 + f] = p[f"M_{X}{f + 1}"]
        M[mixing(f)] = p[f"lam_{X}{f + 1}{f + 1}"] * v_X / r2
    U, m, V = mp.svd_r(M)
    mu = sorted(range(6), key=lambda k: m[k])[1]
    x = states["Zp"][1]
    gL = [fermion_coupling(c, x, *q, g_BL=p["g_BL"]) for q in q_left]
    gR = [fermion_coupling(c, x, *q, g_BL=p["g_BL"]) for q in q_right]
    total = 0
    for k in range(6):
        cL = sum(U[a, k] * U[a, mu] * gL[a] for a in range(6))
        cR = sum(V[k, a] * V[mu, a] * gR[a] for a in range(6))
        cV, cA = (cL + cR) / 2, (cR - cL) / 2
        if cV or cA:
            S, D = g2_mpref.parts("V", m[mu], m[k], p["M_Zp"])
            total += S * (cV**2 + cA**2) + D * (cV**2 - cA**2)
    return total


@pytest.mark.parametrize("model", sorted(MODELS))
@pytest.mark.parametrize("M_Zp", [0.0167, 2.4404905045310313e-06])
def test_a_mu_zp_against_50_digits(model, M_Zp):
    ev = mg.evaluator(model)
    X = MODELS[model][0]
    p = dict(POINT, M_Zp=M_Zp)
    p = {k.replace("_L", f"_{X}", 1) if k.startswith(("M_L", "lam_L")) else k: v for k, v in p.items()}
    out = ev(p)
    assert out["status"] & ev.fatal_mask == 0
    ref = reference_a_mu(model, p, [float(out[f"y_e{f}"]) for f in (1, 2, 3)])
    assert abs(out["a_mu.Zp"] / ref - 1) < TOL, (float(out["a_mu.Zp"]), mp.nstr(ref, 15))
