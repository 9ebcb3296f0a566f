"""ATOMKI signal rates Γ(N* → N X)/Γ(N* → N γ) × BR(X → e⁺e⁻) for a vector X (vectorised).

Isospin-conserving limit (Feng et al., PRL 117 (2016) 071803, arXiv:1604.07411):

    Γ(⁸Be*(18.15) → ⁸Be X) / Γ(⁸Be*(18.15) → ⁸Be γ) = (ε_p + ε_n)² |p_X|³ / |p_γ|³,

the 18.15 MeV (1⁺, T=0) → g.s. (0⁺, T=0) M1 transition being isoscalar; the 17.64 MeV (1⁺, T=1)
transition is isovector, so the same isospin argument gives (ε_p − ε_n)² |p_X|³/|p_γ|³.  (With
u, d vector currents only, isoscalar matrix elements scale as 3(ε_u+ε_d) = ε_p+ε_n relative to
the photon's 3(Q_u+Q_d) = 1, isovector ones as (ε_u−ε_d)/(Q_u−Q_d) = ε_p−ε_n; nucleon magnetic
moments cancel in the ratio.)  Momenta are two-body momenta in the N* rest frame with the
nuclear masses of Feng et al. Table I (from Tilley et al., Nucl. Phys. A 745 (2004) 155).

NOT modelled here, and why:
* isospin mixing of the two 1⁺ levels and isospin breaking (Feng et al., PRD 95 (2017) 035017,
  arXiv:1608.03591): the formula was not retrievable; the data sets carry instead the published
  allowed range |ε_n| ∈ [2, 15]×10⁻³, which includes those effects (entry ``eps_n_Feng``);
* ⁴He(21.01, 0⁻ → 0⁺): no one-photon decay exists, so a ratio to Γ_γ is undefined, and the
  published rate (Feng, Tait, Verhaaren arXiv:2006.01151) needs nuclear matrix elements not
  available here — :func:`rate_he4_21p01` returns NaN.
Kinematically closed transitions (m_X ≥ ΔM) give 0.
"""
from __future__ import annotations

import numpy as np

__all__ = ["NUCLEAR_MASSES_GEV", "two_body_momentum", "rate_ratio", "rate_be8_18p15",
           "rate_be8_17p64", "rate_he4_21p01", "NOT_MODELLED"]

# Feng et al. arXiv:1604.07411 Table I (inputs.md §6, [V]); nuclear masses in GeV.
NUCLEAR_MASSES_GEV = {
    "Be8*(18.15)": 7.47300,
    "Be8*(17.64)": 7.47249,
    "Be8": 7.45485,
}

NOT_MODELLED = {
    "R_He4_21p01": "not modelled (not computed): 0- -> 0+ has no one-photon width; rate needs nuclear "
                   "matrix elements (Feng, Tait, Verhaaren arXiv:2006.01151)",
    "R_Be8_18p15": "isospin-conserving formula (arXiv:1604.07411); isospin mixing/breaking "
                   "(arXiv:1608.03591) enters only through the eps_n range data",
    "R_Be8_17p64": "isospin-conserving isovector formula (eps_p - eps_n)^2; isospin mixing not modelled",
}


def two_body_momentum(M_parent, M_daughter, m):
    """|p| of A → B + c in the A rest frame, √λ(M_A², M_B², m²)/(2 M_A); 0 when closed."""
    Ma, Mb, m = (np.asarray(x, float) for x in (M_parent, M_daughter, m))
    lam = (Ma**2 - (Mb + m) ** 2) * (Ma**2 - (Mb - m) ** 2)
    return np.sqrt(np.where(lam > 0.0, lam, 0.0)) / (2.0 * Ma)


def rate_ratio(coupling, m_X, M_excited, M_ground):
    """coupling² |p_X|³/|p_γ|³ for N* → N X versus N* → N γ (0 when m_X ≥ M* − M)."""
    p_x = two_body_momentum(M_excited, M_ground, m_X)
    p_g = two_body_momentum(M_excited, M_ground, 0.0)
    return np.asarray(coupling, float) ** 2 * (p_x / p_g) ** 3


def _times_br(ratio, br_ee):
    """ratio × BR(X→ee), exactly 0 where no X is emitted even if the BR is not modelled (NaN)."""
    return np.where(ratio == 0.0, 0.0, ratio * np.asarray(br_ee, float))


def rate_be8_18p15(eps_p, eps_n, m_X, br_ee=1.0):
    """R_Be8_18p15 = (ε_p + ε_n)² |p_X|³/|p_γ|³ × BR(X→e⁺e⁻), isospin-conserving (1604.07411)."""
    m = NUCLEAR_MASSES_GEV
    s = np.asarray(eps_p, float) + np.asarray(eps_n, float)
    return _times_br(rate_ratio(s, m_X, m["Be8*(18.15)"], m["Be8"]), br_ee)


def rate_be8_17p64(eps_p, eps_n, m_X, br_ee=1.0):
    """R_Be8_17p64 = (ε_p − ε_n)² |p_X|³/|p_γ|³ × BR(X→e⁺e⁻), isovector, isospin-conserving."""
    m = NUCLEAR_MASSES_GEV
    d = np.asarray(eps_p, float) - np.asarray(eps_n, float)
    return _times_br(rate_ratio(d, m_X, m["Be8*(17.64)"], m["Be8"]), br_ee)


def rate_he4_21p01(eps_p, eps_n, m_X, br_ee=1.0):
    """R_He4_21p01: not modelled, NaN everywhere (see module docstring and ``NOT_MODELLED``)."""
    shape = np.broadcast(np.asarray(eps_p), np.asarray(eps_n), np.asarray(m_X), np.asarray(br_ee)).shape
    return np.full(shape, np.nan)
