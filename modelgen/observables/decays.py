"""Z' partial widths, total width, branching ratios, lifetime and decay length (vectorised).

Consumes M_Z' and couplings in units of e (L ⊃ e Z'_μ f̄ γ^μ (ε_V + ε_A γ5) f), masses in GeV;
produces widths in GeV, lifetimes in s and lengths in m.  Kinematically closed channels give
exactly 0 (never NaN); a NaN mass gives NaN.  The hadronic width is :mod:`modelgen.observables.hadrons`.  Two-body width of a massive vector into a Dirac pair (e.g. the dark-photon
literature, Feng et al. arXiv:1608.03591 for ε_A = 0):

    Γ(Z' → f f̄) = N_c (α M / 3) β [ε_V² (1 + 2 m²/M²) + ε_A² β²],   β = √(1 − 4 m²/M²),

so Γ → α ε² M / 3 for a massless vector coupling.  Majorana pair (ν = ν^c): the vector current
χ̄γ^μχ vanishes identically; with the canonical L ⊃ (e/2) Z'_μ χ̄ γ^μ (ε_V + ε_A γ5) χ,

    Γ(Z' → χ χ) = (α M / 6) ε_A² β³      (identical-particle factor ½ included).

A left-handed neutrino coupling ε_L (L ⊃ e ε_L Z'_μ ν̄_L γ^μ ν_L) is ε_V = −ε_A = ε_L/2 for a Dirac
ν and ε_A = −ε_L in the Majorana convention; both give α ε_L² M / 6 per flavour for m_ν → 0.
"""
from __future__ import annotations

import numpy as np

from modelgen.errors import ParameterError

__all__ = ["HBAR_GEV_S", "HBARC_GEV_M", "LEPTON_MASSES", "width_dirac", "width_majorana", "width_nu_nu",
           "lifetime", "ctau", "decay_length"]

HBAR_GEV_S = 6.582119569e-25     # ħ in GeV·s (CODATA 2018, exact SI-derived)
HBARC_GEV_M = 1.973269804e-16    # ħc in GeV·m (CODATA 2018)
#: charged-lepton masses in GeV (PDG 2020) where the outputs carry none (e.g. the dark-photon reference)
LEPTON_MASSES = {"e": 0.51099895e-3, "mu": 0.1056583755, "tau": 1.77686}


def _beta2(M, m):
    M, m = np.asarray(M, float), np.asarray(m, float)
    return 1.0 - 4.0 * (m / M) ** 2, M, m


def width_dirac(M, m, eps_V, eps_A, alpha, n_c=1):
    """Γ(Z' → f f̄) for a Dirac fermion of mass m; 0 when M ≤ 2m."""
    b2, M, m = _beta2(M, m)
    open_ = b2 > 0.0
    b = np.sqrt(np.where(open_, b2, 0.0))
    r = np.where(open_, (m / M) ** 2, 0.0)
    eps_V, eps_A = np.asarray(eps_V, float), np.asarray(eps_A, float)
    g = n_c * np.asarray(alpha, float) * M / 3.0 * b * (eps_V**2 * (1.0 + 2.0 * r) + eps_A**2 * b2)
    return np.where(open_, g, np.where(np.isnan(b2), np.nan, 0.0))


def width_majorana(M, m, eps_V, eps_A, alpha):
    """Γ(Z' → χχ) for a Majorana fermion, L ⊃ (e/2) Z' χ̄γ^μ(ε_V + ε_Aγ5)χ; independent of ε_V."""
    b2, M, m = _beta2(M, m)
    open_ = b2 > 0.0
    b = np.sqrt(np.where(open_, b2, 0.0))
    eps_A = np.asarray(eps_A, float)
    g = np.asarray(alpha, float) * M / 6.0 * eps_A**2 * b**3 + 0.0 * np.asarray(eps_V, float)
    return np.where(open_, g, np.where(np.isnan(b2), np.nan, 0.0))


def width_nu_nu(M, eps_L, alpha, *, majorana=True, m_nu=0.0):
    """Γ(Z' → ν ν̄) of one flavour from the left-handed coupling ε_L; α ε_L² M / 6 for m_ν = 0.

    ``majorana=True`` (type-I seesaw, the HKOT model) uses :func:`width_majorana` with ε_A = −ε_L;
    ``False`` a Dirac ν with ε_V = −ε_A = ε_L/2 and no light ν_R.
    """
    eps_L = np.asarray(eps_L, float)
    if majorana:
        return width_majorana(M, m_nu, 0.0 * eps_L, -eps_L, alpha)
    return width_dirac(M, m_nu, eps_L / 2.0, -eps_L / 2.0, alpha)


def lifetime(Gamma):
    """τ = ħ/Γ in s (inf for Γ = 0)."""
    with np.errstate(divide="ignore"):
        return HBAR_GEV_S / np.asarray(Gamma, float)


def ctau(Gamma):
    """cτ = ħc/Γ in m (inf for Γ = 0)."""
    with np.errstate(divide="ignore"):
        return HBARC_GEV_M / np.asarray(Gamma, float)


def decay_length(E, M, Gamma):
    """Mean lab decay length βγcτ = (|p|/M) ħc/Γ in m for total energy E ≥ M (GeV)."""
    E, M = np.broadcast_arrays(np.asarray(E, float), np.asarray(M, float))
    if np.any(E < M):
        raise ParameterError(f"decay_length: energy E must be ≥ M_Zp (got min E − M = {np.min(E - M):.3g} GeV)")
    return np.sqrt(E**2 - M**2) / M * ctau(Gamma)
