"""Compiled Z/Z' couplings and M_Z vs a 50-digit mpmath reference, down to the tiniest eps_A.

Reference: tests/reference.py, a generalized eigen-decomposition of the kinetic and mass matrices
written from the Lagrangian (independent of modelgen.derive); a chiral field with (T3, Y, B-L)
couples to a state x with g = g T3 x_W3 + g' Y x_B + g_BL (B-L) x_X, and in units of e
eps_V = (g_L + g_R)/(2e), eps_A = (g_R - g_L)/(2e), p = 2u + d, n = u + 2d.  For a light Z' the
axial coupling comes only from Z-Z' mixing, eps_A ~ eps_k M_Z'^2/M_Z^2 (1e-22 at M_Z' = 1 keV,
eps_k = 1e-6): the test asks every coupling for relative error <= 1e-10 (about 5e5 ulp), with the
worst point reported.  The overall sign of an eigenvector is a convention: it is fixed per boson
and point by the largest coupling.  In the vector-like-lepton models the lepton mixing Yukawas
are switched off (lam_L = lam_E = 0), so e, mu, tau couple like SM fields and their couplings come
from the kernel's mass-basis rotation (the light neutrinos keep their seesaw mixing with nu_R,
up to O(1) where v_X is tiny, and are not compared there).
"""
import itertools

import mpmath as mp
import numpy as np
import pytest

import modelgen as mg
from modelgen.ir_scalars import LIGHT_SPLIT_BIT
from modelgen.observables.status import HADRONS_ABOVE_RANGE
from reference import chiral, fermion_coupling, neutral_states

SM = dict(alpha=1 / 137.035999084, G_F=1.1663787e-5, M_Z=91.1876)
M_ZP = (1e-6, 2e-3, 17e-3, 1.0, 100.0, 1e4)      # GeV
EPS_K = (1e-6, -1e-3, 0.3)
G_BL = (1e-6, 1e-3, 0.5)
TOL = 1e-10


def points(with_gbl):
    grid = itertools.product(M_ZP, EPS_K, G_BL if with_gbl else (None,))
    return [dict(M_Zp=m, eps_k=e, **({"g_BL": g} if g is not None else {})) for m, e, g in grid]


def reference(point, fermions):
    """{output name: 50-digit value} for the given SM-like fermions, and M_Z."""
    mp.mp.dps = 50
    states, c, _ = neutral_states(**SM, **point)
    comps = chiral()
    comps["p"] = tuple(tuple(2 * a + b for a, b in zip(u, d)) for u, d in zip(comps["u"], comps["d"]))
    comps["n"] = tuple(tuple(a + 2 * b for a, b in zip(u, d)) for u, d in zip(comps["u"], comps["d"]))
    out = {"mass": {"M_Z": states["Z"][0], "M_Zp": states["Zp"][0]}, "Z": {}, "Zp": {}}
    for name, base in fermions.items():
        gl, gr = (0 if q is None else fermion_coupling(c, states["Zp"][1], *q, g_BL=point.get("g_BL", 0))
                  for q in comps[base])
        out["Zp"].update({f"eps_V.{name}": (gl + gr) / (2 * c["e"]), f"eps_A.{name}": (gr - gl) / (2 * c["e"]),
                          f"eps_L.{name}": gl / c["e"], f"eps_R.{name}": gr / c["e"]})
        zl, zr = (0 if q is None else fermion_coupling(c, states["Z"][1], *q, g_BL=point.get("g_BL", 0))
                  for q in comps[base])
        out["Z"].update({f"g_L.Z.{name}": zl, f"g_R.Z.{name}": zr})
    return out


def pseudo_dirac(ev, got):
    """Points whose default nu_R Majorana mass y_M v_X/sqrt2 (y_M = 0.1) lies below the default Dirac mass
    y_nu v/sqrt2 (y_nu = 3e-8, v = 246.22 GeV): pseudo-Dirac neutrino pairs (here M_Z' = 1 keV, g_BL = 0.5,
    v_X = 1e-6 GeV, pairs 5.2e-6 GeV -+ 3.5e-8 GeV).  The three generations are identical, so the lighter
    and the heavier members form two degenerate clusters of three, each holding half of the W partners'
    weight (W_c = 1.5): kernels/leptons.light_subspace counts them in Weyl states and takes all six
    (an edge of 1e7 to the vector-like states), so the non-fatal bit LIGHT_SPLIT_BIT (set there while the
    light subspace was the three lightest states, splitting the pairs) is set nowhere.  Returns the
    status without it, after checking that."""
    split = np.zeros(len(got["status"]), bool)
    assert np.array_equal((got["status"] >> LIGHT_SPLIT_BIT) & 1 == 1, split)
    return got["status"] & ~(1 << LIGHT_SPLIT_BIT)


def worst_error(model, fermions, extra=None):
    ev = mg.evaluator(model)
    pts = points("g_BL" in ev.parameters)
    cols = {k: np.array([p[k] for p in pts]) for k in pts[0]}
    got = ev({**cols, **(extra or {})})
    # only the non-fatal "hadronic width not modelled above 2 GeV" bit may be set (M_Zp up to 10 TeV)
    status = pseudo_dirac(ev, got) if LIGHT_SPLIT_BIT in ev.status_bits else got["status"]
    assert np.all(status & ~(1 << HADRONS_ABOVE_RANGE) == 0), got["status"]
    worst = (0.0, None)
    for k, point in enumerate(pts):
        for boson, ref in reference(point, fermions).items():
            big = max(ref, key=lambda name: abs(ref[name]))
            sign = 1 if got[big][k] * ref[big] > 0 else -1
            for name, r in ref.items():
                if r == 0:
                    assert got[name][k] == 0, (name, point)
                    continue
                err = float(abs(mp.mpf(float(got[name][k])) * sign / r - 1))
                if err > worst[0]:
                    worst = (err, (name, point, float(got[name][k]), float(r)))
    return worst


SM_FERMIONS = {f: f for f in ("e", "mu", "tau", "nu_e", "nu_mu", "nu_tau", "u", "d", "p", "n")}
for f in ("mu", "tau"):
    SM_FERMIONS[f], SM_FERMIONS[f"nu_{f}"] = "e", "nu_e"
NO_MIXING = {f"{n}{i}{j}": 0.0 for n in ("lam_L", "lam_E") for i in (1, 2, 3) for j in (1, 2, 3)}


@pytest.mark.parametrize("model", ["dark_photon", "bl"])
def test_couplings_to_1e10_without_lepton_mixing(model):
    err, where = worst_error(model, SM_FERMIONS)
    assert err < TOL, where


@pytest.mark.parametrize("model", ["bl_vll", "bl_vll_doublet", "bl_vll_singlet"])
def test_vll_kernel_couplings_of_unmixed_leptons_to_1e10(model):
    ev = mg.evaluator(model)
    extra = {k: v for k, v in NO_MIXING.items() if k in ev.parameters}
    fermions = {f: b for f, b in SM_FERMIONS.items() if not f.startswith("nu")}
    err, where = worst_error(model, fermions, extra)
    assert err < TOL, where


def _charged_mass_matrix(par, y_e, v, v_X):
    """9x9 M of L > -psi_bar_L M psi_R + h.c., rows (e_L, L_L^-, E_L), columns (e_R, L_R^-, E_R),
    generations inside blocks, for q_L = q_E = +1 with lam_LE = kap_LE = 0 (their defaults):
    l_L-bar e_R H -> y_e v/sqrt2, l_L-bar L_R h_X* -> lam_L v_X/sqrt2 (lower doublet components),
    E_L-bar e_R h_X -> lam_E v_X/sqrt2, bare M_L, M_E on the diagonal."""
    M, r2 = mp.zeros(9, 9), mp.sqrt(2)
    for i in range(3):
        M[i, i] = mp.mpf(y_e[i]) * v / r2
        M[3 + i, 3 + i], M[6 + i, 6 + i] = par[f"M_L{i + 1}"], par[f"M_E{i + 1}"]
        for j in range(3):
            M[i, 3 + j] = par[f"lam_L{i + 1}{j + 1}"] * v_X / r2
            M[6 + i, j] = par[f"lam_E{i + 1}{j + 1}"] * v_X / r2
    return M


def test_vll_mixed_light_leptons_against_mp_svd():
    """bl_vll at its defaults (lam_L11 = lam_E11 = 3.5, lam_L22 = lam_E22 = 1: e and mu mix with the
    VLLs): M = U_L diag(m) U_R^T by a 50-digit SVD of the hand-built matrix (the kernel's solved y_e
    taken as inputs), g_L = sum_a U_L[a,i]^2 G(T3, Y, B-L of a), g_R likewise with U_R; components
    (T3, Y, B-L): e_L (-1/2, -1/2, -1), L_L^- (-1/2, -1/2, 1), E_L (0, -1, 1), e_R (0, -1, -1),
    L_R^- (-1/2, -1/2, 1), E_R (0, -1, 1).  The tau (unmixed here) is left to the test above: with
    other generations mixing, the ~1e-16 rounding of the double SVD vectors enters its axial
    coupling as |dU|^2 k_BL, which reaches 2e-10 of eps_A.tau = -3e-23 at M_Z' = 1 keV, eps_k = 1e-6,
    g_BL = 0.5 -- the floor of any double-precision rotation, not a cancellation."""
    ev = mg.evaluator("bl_vll")
    par = {k: v["default"] for k, v in ev.parameters.items()}
    pts = [dict(M_Zp=m, eps_k=e, g_BL=g) for m, e, g in itertools.product(M_ZP, (1e-6, 0.3), (1.6e-3, 0.5))]
    got = ev({k: np.array([p[k] for p in pts]) for k in pts[0]})
    # bit 3 (a Yukawa above sqrt(4 pi): at M_Z' = 10 TeV, g_BL = 1.6e-3, v_X = 3 TeV) only warns
    assert np.all(pseudo_dirac(ev, got) & ~((1 << 3) | (1 << HADRONS_ABOVE_RANGE)) == 0), got["status"]
    h = mp.mpf(1) / 2
    QL = [(-h, -h, -1)] * 3 + [(-h, -h, 1)] * 3 + [(0, -1, 1)] * 3
    QR = [(0, -1, -1)] * 3 + [(-h, -h, 1)] * 3 + [(0, -1, 1)] * 3
    worst = (0.0, None)
    for k, p in enumerate(pts):
        mp.mp.dps = 50
        states, c, s = neutral_states(**SM, **p)
        y_e = [float(got[f"y_e{i}"][k]) for i in (1, 2, 3)]
        U, S, V = mp.svd_r(_charged_mass_matrix(par, y_e, c["v"], mp.sqrt(s)))
        light = sorted(range(9), key=lambda a: S[a])[:2]
        x = states["Zp"][1]
        for n, (name, st) in enumerate(zip(("e", "mu"), light)):
            assert abs(got[f"m_charged.{n}"][k] / S[st] - 1) < 1e-9
            gl = sum(U[a, st] ** 2 * fermion_coupling(c, x, *QL[a], g_BL=p["g_BL"]) for a in range(9))
            gr = sum(V[st, a] ** 2 * fermion_coupling(c, x, *QR[a], g_BL=p["g_BL"]) for a in range(9))
            ref = {"eps_V": (gl + gr) / (2 * c["e"]), "eps_A": (gr - gl) / (2 * c["e"]),
                   "eps_L": gl / c["e"], "eps_R": gr / c["e"]}
            sign = 1 if got[f"eps_V.{name}"][k] * ref["eps_V"] > 0 else -1
            for o, r in ref.items():
                err = float(abs(sign * mp.mpf(float(got[f"{o}.{name}"][k])) / r - 1))
                if err > worst[0]:
                    worst = (err, (f"{o}.{name}", p, float(r)))
    assert worst[0] < TOL, worst
