"""Z' contribution to the weak charge of ¹³³Cs, ΔQ_W (vectorised).

Consumes M_Z' (GeV), ε_A^e, ε_V^p, ε_V^n (units of e, L ⊃ e Z'_μ f̄ γ^μ (ε_V + ε_A γ5) f), α, G_F;
produces ΔQ_W.  Formula (Bouchiat & Fayet hep-ph/0410260; Davoudiasl, Lee, Marciano
arXiv:1205.2709; used by Feng et al. arXiv:1608.03591 and HKOT arXiv:2005.00028), with g = e ε:

    ΔQ_W = s (2√2/G_F) (g_A^e / M²) [Z g_V^p + N g_V^n] K(M),     Z = 55, N = 78,

Sign: the papers write s = −1 in their conventions.  With DESIGN.md's Lagrangian, PDG γ5 and
Q_W = −2[(2Z+N)C_1u + (Z+2N)C_1d] (L_eff = (G_F/√2) C_1q (ē γ^μ γ5 e)(q̄ γ_μ q)), integrating out a
heavy vector gives ΔC_1q = −(√2/G_F) g_A^e g_V^q / M², i.e. s = +1; the same formula applied to
the SM Z reproduces Q_W = Z(1 − 4s_W²) − N (tested).  Only the sign convention differs: |ΔQ_W|
and the constraint on |ε_A^e (Z ε_V^p + N ε_V^n)| are the same.

K(M) — finite range of the Yukawa potential against the electron wave functions.  Bouchiat–Fayet's
K(M) was not retrievable here.  Default: an estimate derived for this module (not their curve):
the s_{1/2}–p_{1/2} PNC density grows as r^{2γ−2} (γ = √(1 − (Zα)²)) outside a nucleus of radius
R = 1.2 A^{1/3} fm and is flat inside; folding it with the normalised point Yukawa M² e^{−Mr}/(4πr):

    K(M) = 1 − (1 + x)e^{−x} + x^{2−2γ} Γ(2γ, x),     x = M R,

→ 1 for M R ≫ 1 (contact limit), ∝ (MR)^{2−2γ} for M R ≪ 1; K(17 MeV) ≈ 0.85 for Cs, close to
the ≈ 0.8 quoted from Bouchiat–Fayet in inputs.md [M].  Pass ``K=`` (number or array) to use
another value.
"""
from __future__ import annotations

import numpy as np

__all__ = ["Z_CS", "N_CS", "A_CS", "HBARC_GEV_FM", "apv_K", "delta_qw", "delta_qw_contact", "qw_tree"]

Z_CS, N_CS, A_CS = 55, 78, 133
HBARC_GEV_FM = 0.1973269804    # ħc in GeV·fm
ALPHA_0 = 1.0 / 137.035999084  # α(0), CODATA 2018, used only inside γ = √(1 − (Zα)²)


def apv_K(M, *, Z=Z_CS, A=A_CS, R_fm=None):
    """Finite-range factor K(M) of the estimate in the module docstring (1 in the contact limit)."""
    from scipy.special import gamma as gamma_fn  # here, not at import: scipy.special costs ~0.2 s
    from scipy.special import gammaincc

    M = np.asarray(M, float)
    R = 1.2 * A ** (1.0 / 3.0) if R_fm is None else R_fm
    g = np.sqrt(1.0 - (Z * ALPHA_0) ** 2)
    x = M * R / HBARC_GEV_FM
    return 1.0 - (1.0 + x) * np.exp(-x) + x ** (2.0 - 2.0 * g) * gamma_fn(2.0 * g) * gammaincc(2.0 * g, x)


def delta_qw(M, eps_A_e, eps_V_p, eps_V_n, alpha, G_F, *, Z=Z_CS, N=N_CS, K=None):
    """ΔQ_W = (2√2/G_F)(4πα ε_A^e / M²)[Z ε_V^p + N ε_V^n] K(M)  (sign convention: module docstring)."""
    M = np.asarray(M, float)
    k = apv_K(M, Z=Z, A=Z + N) if K is None else np.asarray(K, float)
    gg = 4.0 * np.pi * np.asarray(alpha, float) * np.asarray(eps_A_e, float)
    nuc = Z * np.asarray(eps_V_p, float) + N * np.asarray(eps_V_n, float)
    return 2.0 * np.sqrt(2.0) / np.asarray(G_F, float) * gg / M**2 * nuc * k


def delta_qw_contact(M, g_A_e, g_V_u, g_V_d, G_F, *, Z=Z_CS, N=N_CS):
    """Contact limit through the PDG coefficients: ΔC_1q = −(√2/G_F) g_A^e g_V^q / M²,
    ΔQ_W = −2[(2Z+N) ΔC_1u + (Z+2N) ΔC_1d]; couplings g (not ε) of L ⊃ Z' f̄γ^μ(g_V + g_A γ5)f."""
    c = -np.sqrt(2.0) / np.asarray(G_F, float) * np.asarray(g_A_e, float) / np.asarray(M, float) ** 2
    return -2.0 * ((2 * Z + N) * c * np.asarray(g_V_u, float) + (Z + 2 * N) * c * np.asarray(g_V_d, float))


def qw_tree(s2w, *, Z=Z_CS, N=N_CS):
    """Tree-level SM weak charge Q_W = Z(1 − 4 s_W²) − N (reference for the sign convention)."""
    return Z * (1.0 - 4.0 * np.asarray(s2w, float)) - N
