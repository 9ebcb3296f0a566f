"""40-digit delta_a_mu.W, .Z, .h of ``bl_vll_cp`` (bl_vll with CP phases) at small lepton mixing.

Written from the Lagrangian, independent of the derivation and of the kernel numerics: the complex
twin of tests/test_delta_a_precision.reference_delta_w_generation; at zero phases it is also the real
reference of tests/test_delta_a_zh_mixing.py (bl_vll).  Every coupling p of the model enters as
p exp(i phi_p) (Model.yukawa(..., cp=True), L > -psi_bar_L (p e^{i phi_p}) [S] chi_R + h.c.).

* charged 3 x 3 block of the second generation, rows (mu_L, L2_L^-, E2_L), columns (mu_R, L2_R^-, E2_R):
      [[y v/sqrt2, a, 0], [0, M_L, lam_LE v/sqrt2], [lam_E v_X/sqrt2, kap_LE v/sqrt2, M_E]],
  a = lam_L v_X/sqrt2, each coupling complex, y real, solved (mp.findroot) so the smallest singular
  value is m_mu; mp.svd_c: M = U diag(s) V, so the muon's left/right singular vectors are u = U[:, i],
  w = V[i, :]^* (M w = m u, M^+ u = m w);
* Z: (T3, Y, B-L) = (-1/2, -1/2, -1), (-1/2, -1/2, +1), (0, -1, +1) for the left-handed rows
  (mu_L, L2_L^-, E2_L), (0, -1, -1), (-1/2, -1/2, +1), (0, -1, +1) for the right-handed columns (HKOT
  arXiv:2005.00028, B-L charge +1 of the vector-like leptons), C_L = U^+ G_L U,
  C_R = V G_R V^+ (mass-basis couplings F_bar_k (C_L[k,i] P_L + C_R[k,i] P_R) mu);
* h = cos(theta_hX) H + sin(theta_hX) h_X: Y' = U^+ Y V^+, F_bar_k (-conj(Y'[i,k]) P_L - Y'[k,i] P_R) mu;
* W: nu_L and L2^0_L pair with L2^0_R into the Dirac N, N_L = (a, M_L)/N, N = sqrt(|a|^2 + M_L^2) (its
  mass term N_L^+ M_D N_R = N real positive with N_R = L2^0_R), and leave the massless
  nu = (M_L, -a^*)/N; W vertex (g/sqrt2) W^+ [nu_L-bar mu_L + L^0_L-bar L^-_L + L^0_R-bar L^-_R]:
  g_nu = (g/sqrt2)(M_L u_mu - a u_L)/N, g_L = (g/sqrt2)(a^* u_mu + M_L u_L)/N, g_R = (g/sqrt2) w_L;
* loops (tests/loops/g2_mpref.py; Leveille, Nucl. Phys. B137 (1978) 63; Lindner, Platscher, Queiroz
  arXiv:1610.06587), chiral couplings F_bar (a P_L + b P_R) mu:
  Delta a = S (|a|^2 + |b|^2)/2 + D Re(a^* b) (= S (|c1|^2 + |c2|^2) + D (|c1|^2 - |c2|^2), tests/cp_mpref.py);
* SM: the muon alone with the SM-limit Z couplings and mass, the h coupling m_mu/v, a massless
  neutrino with g/sqrt2; both sides summed and subtracted at 40 digits (the terms agree to
  O(theta^2) ~ 1e-16 at lam = 1e-6, leaving > 20 digits).
"""
import os
import sys

import mpmath as mp

from reference import neutral_states, fermion_coupling

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "loops"))
import g2_mpref  # noqa: E402

__all__ = ["reference_delta_cp", "COUPLINGS"]

H = mp.mpf(1) / 2
LEFT = [(-H, -H, -1), (-H, -H, 1), (0, -1, 1)]
RIGHT = [(0, -1, -1), (-H, -H, 1), (0, -1, 1)]
#: the second-generation couplings of the block, in the order of reference_delta_cp's ``lam``
COUPLINGS = ("lam_L22", "lam_E22", "kap_LE22", "lam_LE22")


def _loop(kind, m, MF, MB, a, b, QF=-1):
    S, D = g2_mpref.parts(kind, m, MF, MB, QF=QF)
    return S * (abs(a) ** 2 + abs(b) ** 2) / 2 + D * mp.re(mp.conj(a) * b)


def reference_delta_cp(p, lam, phi, sin_hX=0, y0=None):
    """(delta_a_mu.W, delta_a_mu.Z, delta_a_mu.h) at 40 digits (module docstring).  p: the evaluator's
    parameters (alpha, G_F, M_Z, eps_k, M_Zp, g_BL, m_mu, M_L2, M_E2, M_h); lam, phi: moduli and phases
    of COUPLINGS; y0: start of the SM Yukawa's root search (the kernel's y_e2: the same root, default
    sqrt2 m_mu/v)."""
    with mp.workdps(40):
        states, c, s = neutral_states(p["alpha"], p["G_F"], p["M_Z"], p["eps_k"], p["M_Zp"], p["g_BL"])
        g, gY, v, r2 = c["g"], c["gY"], c["v"], mp.sqrt(2)
        m, ML, ME, vX = mp.mpf(p["m_mu"]), mp.mpf(p["M_L2"]), mp.mpf(p["M_E2"]), mp.sqrt(s)
        lL, lE, kLE, lLE = (mp.mpf(x) * mp.expj(mp.mpf(f)) for x, f in zip(lam, phi))
        a = lL * vX / r2

        def block(y):
            return mp.matrix([[y * v / r2, a, 0], [0, ML, lLE * v / r2], [lE * vX / r2, kLE * v / r2, ME]])

        y = mp.findroot(lambda y: min(mp.svd_c(block(y), compute_uv=False)) - m, mp.mpf(y0) if y0 is not None else r2 * m / v)
        U, S, V = mp.svd_c(block(y))
        i = min(range(3), key=lambda j: S[j])
        assert abs(S[i] / m - 1) < mp.mpf(10) ** -30
        UR = V.H                      # M = U diag(S) UR^+
        # W
        MW = g * v / 2
        u, w, N = U[:, i], UR[:, i], mp.sqrt(abs(a) ** 2 + ML**2)
        g_nu = g / r2 * (ML * u[0] - a * u[1]) / N
        gL, gR = g / r2 * (mp.conj(a) * u[0] + ML * u[1]) / N, g / r2 * w[1]
        W = (_loop("V", m, 0, MW, g_nu, 0, QF=0) - _loop("V", m, 0, MW, g / r2, 0, QF=0)
             + _loop("V", m, N, MW, gL, gR, QF=0))
        # Z and h
        MZ, x = states["Z"]
        GL = [fermion_coupling(c, x, *q, g_BL=p["g_BL"]) for q in LEFT]
        GR = [fermion_coupling(c, x, *q, g_BL=p["g_BL"]) for q in RIGHT]
        sn = mp.mpf(sin_hX)
        cs = mp.sqrt(1 - sn**2)
        dv = mp.matrix([[y / r2, 0, 0], [0, 0, lLE / r2], [0, kLE / r2, 0]])
        dvX = mp.matrix([[0, lL / r2, 0], [0, 0, 0], [lE / r2, 0, 0]])
        Yp = U.H * (cs * dv + sn * dvX) * UR
        z = h = 0
        for k in range(3):
            cl = sum(mp.conj(U[a_, k]) * GL[a_] * U[a_, i] for a_ in range(3))
            cr = sum(mp.conj(UR[b, k]) * GR[b] * UR[b, i] for b in range(3))
            z += _loop("V", m, S[k], MZ, cl, cr)
            h += _loop("S", m, S[k], p["M_h"], -mp.conj(Yp[i, k]), -Yp[k, i])
        sW, cW = c["e"] / g, c["e"] / gY
        x0 = mp.matrix([cW, -sW, 0])
        M0 = v * mp.sqrt(g**2 + gY**2) / 2
        z0 = _loop("V", m, m, M0, fermion_coupling(c, x0, *LEFT[0]), fermion_coupling(c, x0, *RIGHT[0]))
        h0 = _loop("S", m, m, p["M_h"], -m / v, -m / v)
        return W, z - z0, h - h0
