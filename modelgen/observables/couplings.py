"""Z' coupling combinations used by the observables (all in units of e, vectorised).

Convention (DESIGN.md): L ⊃ e Z'_μ f̄ γ^μ (ε_V + ε_A γ5) f.  Nucleon couplings follow from
the valence quark content (coherent vector current, Feng et al. arXiv:1604.07411):
ε_p = 2ε_u + ε_d, ε_n = ε_u + 2ε_d — the same for the axial entries at this level.
The constraint quantities below are what the direct searches bound once the X mass is fixed.
"""
from __future__ import annotations

import numpy as np

__all__ = ["nucleon_couplings", "eps_chiral", "eps_VA", "eps_L_from_VA", "sqrt_product"]


def nucleon_couplings(eps_u, eps_d):
    """(ε_p, ε_n) = (2ε_u + ε_d, ε_u + 2ε_d) from quark couplings (vector or axial entries)."""
    eps_u, eps_d = np.asarray(eps_u, float), np.asarray(eps_d, float)
    return 2.0 * eps_u + eps_d, eps_u + 2.0 * eps_d


def eps_chiral(eps_V, eps_A):
    """(ε_L, ε_R) of the chiral fields: ε_V + ε_A γ5 = ε_L P_L + ε_R P_R, ε_L = ε_V − ε_A, ε_R = ε_V + ε_A."""
    eps_V, eps_A = np.asarray(eps_V, float), np.asarray(eps_A, float)
    return eps_V - eps_A, eps_V + eps_A


def eps_L_from_VA(eps_V, eps_A):
    """Coupling of the left-handed field, ε_L = ε_V − ε_A (a pure ν_L coupling has ε_V = −ε_A = ε_L/2)."""
    return eps_chiral(eps_V, eps_A)[0]


def eps_VA(eps_V, eps_A):
    """√(ε_V² + ε_A²): what production by (and decay to) a light fermion measures for m_f ≪ M_Z'.

    Used for the electron bounds (NA64, E141, KLOE-2, Feng et al. range), which are quoted
    for a vector coupling; for ε_A = 0 it is |ε_V|.
    """
    eps_V, eps_A = np.asarray(eps_V, float), np.asarray(eps_A, float)
    return np.hypot(eps_V, eps_A)


def sqrt_product(a, b):
    """√|a·b|, the combination bounded by ν–e scattering (TEXONO, CHARM-II) at fixed M_Z'."""
    return np.sqrt(np.abs(np.asarray(a, float) * np.asarray(b, float)))
