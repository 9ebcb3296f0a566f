"""a_mu from a light Z' with muon-VLL mixing (bl_vll_doublet, _singlet, bl_vll) against 50 digits.

Reference, independent of the kernel's numerics: the neutral gauge sector of tests/reference.py
(generalized eigenproblem at 50 digits), the 6x6 charged mass matrix written from the Lagrangian,
L > -psi_bar_L M psi_R + h.c., generations inside blocks, M[f, f] = y_f v/sqrt2 (the kernel's
solved y_f as input), rows (e_L, then L_L^- and/or E_L), columns (e_R, then L_R^- and/or E_R),
the vector-like masses M_Lf, M_Ef on the diagonal and the mixing terms with v_X^2 = s of
tests/reference.py (lam_LE = kap_LE = 0):  lam_Lff v_X/sqrt2 at (e_L, L_R) (l_L-bar L_R h_X*),
lam_Eff v_X/sqrt2 at (E_L, e_R) (E_L-bar e_R h_X); its 50-digit SVD M = U diag(m) V (mp.svd_r), mass-basis couplings
g_L[k] = sum_a U[a,k] U[a,mu] g(T3, Y, B-L of a), g_R[k] = sum_a V[k,a] V[mu,a] g(...) with
(T3, Y, B-L): e_L (-1/2, -1/2, -1), e_R (0, -1, -1), L^- (-1/2, -1/2, 1), E (0, -1, 1), and the
one-loop neutral-vector integrals of tests/loops/g2_mpref.py (Leveille / LPQ form):
Delta a = sum_k S_k (c_V^2 + c_A^2) + D_k (c_V^2 - c_A^2), c_V = (g_L + g_R)/2, c_A = (g_R - g_L)/2.

For a light Z' the longitudinal terms ~ m_mu M g_L g_R / M_Z'^2 make a_mu.Zp linear in the small
mixing angle of the muon's other chirality, theta ~ (m_mu/M) theta_mix ~ 5e-11 here, which needs
relative accuracy: the 2 x 2 blocks of the block-diagonal path take it from LAPACK dlasv2 (a few
ulps), bl_vll's 3 x 3 blocks from two one-sided Jacobi runs (kernels/jacobi.pxd, jacobi_svd_both);
dgesvd's vectors carry it to ~1e-17 absolute only (2e-9 relative error of a_mu.Zp at 17 MeV,
1e-6 at 2.4 keV for the doublet, 3.9e-9 for bl_vll at 17 MeV; docs/regression.md).
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
CHARGES = {"e": ((-H, -H, -1), (0, -1, -1)), "L": ((-H, -H, 1), (-H, -H, 1)), "E": ((0, -1, 1), (0, -1, 1))}
VECTOR_LIKE = {"bl_vll_doublet": "L", "bl_vll_singlet": "E", "bl_vll": "LE"}


def reference_a_mu(model, p, y):
    """50-digit Delta a_mu from the Z' (module docstring), given the solved Yukawas y."""
    fields = "e" + VECTOR_LIKE[model]
    n = 3 * len(fields)
    mp.mp.dps = 50
    states, c, s = neutral_states(p["alpha"], p["G_F"], p["M_Z"], p["eps_k"], p["M_Zp"], p["g_BL"])
    r2, v_X = mp.sqrt(2), mp.sqrt(s)
    M = mp.zeros(n, n)
    for f in range(3):
        M[f, f] = mp.mpf(y[f]) * c["v"] / r2
        for b, X in enumerate(fields[1:], start=1):
            M[3 * b + f, 3 * b + f] = p[f"M_{X}{f + 1}"]
            mixing = (f, 3 * b + f) if X == "L" else (3 * b + f, f)
            M[mixing] = p[f"lam_{X}{f + 1}{f + 1}"] * v_X / r2
    U, m, V = mp.svd_r(M)
    mu = sorted(range(n), key=lambda k: m[k])[1]
    x = states["Zp"][1]
    gL = [fermion_coupling(c, x, *CHARGES[X][0], g_BL=p["g_BL"]) for X in fields for _ in range(3)]
    gR = [fermion_coupling(c, x, *CHARGES[X][1], g_BL=p["g_BL"]) for X in fields for _ in range(3)]
    total = 0
    for k in range(n):
        cL = sum(U[a, k] * U[a, mu] * gL[a] for a in range(n))
        cR = sum(V[k, a] * V[mu, a] * gR[a] for a in range(n))
        cV, cA = (cL + cR) / 2, (cR - cL) / 2
        if cV or cA:
            S, D = g2_mpref.parts("V", m[mu], m[k], p["M_Zp"])
            total += S * (cV**2 + cA**2) + D * (cV**2 - cA**2)
    return total


def _point(model, ev, M_Zp):
    """POINT with L -> E for the singlet; bl_vll: its defaults with the muon generation mixing."""
    if model == "bl_vll":
        p = {k: v["default"] for k, v in ev.parameters.items()}
        p.update(M_Zp=M_Zp, lam_L22=0.6, M_L2=2455.0, lam_E22=0.3)
        assert not any(v for k, v in p.items() if k.startswith(("lam_LE", "kap_LE")))
        return p
    X = VECTOR_LIKE[model]
    return {k.replace("_L", f"_{X}", 1) if k.startswith(("M_L", "lam_L")) else k: v
            for k, v in dict(POINT, M_Zp=M_Zp).items()}


@pytest.mark.parametrize("model, M_Zp", [
    ("bl_vll_doublet", 0.0167), ("bl_vll_doublet", 2.4404905045310313e-06),
    ("bl_vll_singlet", 0.0167), ("bl_vll_singlet", 2.4404905045310313e-06),
    ("bl_vll", 0.0167), ("bl_vll", 2.4404905045310313e-06),
])
def test_a_mu_zp_against_50_digits(model, M_Zp):
    ev = mg.evaluator(model)
    p = _point(model, ev, M_Zp)
    out = ev(p)
    assert out["status"] & ev.fatal_mask == 0
    ref = reference_a_mu(model, p, [float(out[f"y_e{f}"]) for f in (1, 2, 3)])
    assert abs(out["a_mu.Zp"] / ref - 1) < TOL, (float(out["a_mu.Zp"]), mp.nstr(ref, 15))
