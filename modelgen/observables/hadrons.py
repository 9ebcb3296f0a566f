"""Hadronic Z' width from vector-meson dominance and the measured R-ratio (arXiv:1801.04847).

Consumes M_Z' (GeV), the Z' vector couplings to u, d, s quarks in units of e
(L ⊃ e Z'_μ q̄ γ^μ ε_V.q q) and α; produces Γ(Z' → hadrons) in GeV.  Method of Ilten, Soreq,
Williams, Xue, "Serendipity in dark photon searches", arXiv:1801.04847 (JHEP 06 (2018) 004),
eqs. (2.15)–(2.18): below ~2 GeV a vector X couples to hadrons through the ρ, ω, φ it mixes with,
and each meson's share of R_μ = σ(e⁺e⁻ → hadrons)/σ(e⁺e⁻ → μ⁺μ⁻) is fitted to e⁺e⁻ data.  For a
dark photon (ε_q = Q_q) the three parts add up to R_μ, so Γ_had = (α M/3) R_μ = Γ_μμ(m_μ → 0) R_μ.
For general couplings each part is rescaled by the square of the X–meson coupling
c_V = r_V tr(T_V Q_X), Q_X = diag(ε_u, ε_d, ε_s), with the U(3) generators T_ρ = diag(1, −1, 0)/2,
T_ω = diag(1, 1, 0)/2, T_φ = diag(0, 0, 1)/√2 and r_ρ = 2, r_ω = 6, r_φ = 3√2 (normalised so that
c_V = ±1 for the photon):

    c_ρ = ε_u − ε_d,   c_ω = 3 (ε_u + ε_d),   c_φ = 3 ε_s,
    Γ(X → hadrons) = (α M / 3) [c_ρ² R_ρ(M) + c_ω² R_ω(M) + c_φ² R_φ(M) + 2 c_ω c_φ R_ωφ(M)].

The R_V(M) curves (and the ω–φ interference R_ωφ) are the paper's fits, stored in
``modelgen/data/vmd_r_ratio.csv`` on a 0.5 MeV grid from 0.140 to 2.000 GeV and interpolated
linearly; they are normalised to the massless-muon prefactor α M/3, as the paper's software uses
them (the muon-mass factor (1 + 2m_μ²/M²)β_μ differs from 1 by < 0.5% above 0.75 GeV).  Below the first tabulated mass (π⁰γ threshold region) the width is exactly 0; above the
last (:data:`M_MAX_GEV`) it is NaN and :func:`above_range` says where.  Only vector quark
couplings enter: axial quark couplings (suppressed by M_Z'²/M_Z² in the kinetic-mixing models)
would open other channels and are neglected.  The paper's B−L boson is c_ρ = 0, c_ω = 2 g/e,
c_φ = g/e: no ππ, and 4× the dark-photon ω part at equal coupling.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from modelgen.errors import DataError

__all__ = ["DATA_FILE", "COLUMNS", "M_MIN_GEV", "M_MAX_GEV", "r_ratio_table", "vmd_couplings",
           "r_components", "width_hadrons", "above_range"]

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "vmd_r_ratio.csv"
COLUMNS = ("m_GeV", "R_rho", "R_omega", "R_phi", "R_omega_phi")


@lru_cache(maxsize=1)
def r_ratio_table() -> np.ndarray:
    """The stored table as an array of shape (5, n): mass (GeV, increasing) then R_ρ, R_ω, R_φ, R_ωφ."""
    try:
        lines = [ln for ln in DATA_FILE.read_text().splitlines() if ln and not ln.startswith("#")]
    except OSError as exc:
        raise DataError(f"cannot read the R-ratio table {DATA_FILE}: {exc}") from None
    if not lines or tuple(lines[0].split(",")) != COLUMNS:
        raise DataError(f"{DATA_FILE}: first non-comment line must be the header {','.join(COLUMNS)}")
    try:
        table = np.array([[float(x) for x in ln.split(",")] for ln in lines[1:]]).T
    except ValueError as exc:
        raise DataError(f"{DATA_FILE}: non-numeric entry ({exc})") from None
    if table.shape[0] != len(COLUMNS) or np.any(np.diff(table[0]) <= 0):
        raise DataError(f"{DATA_FILE}: expected {len(COLUMNS)} columns and strictly increasing masses")
    # invariant: R_V >= 0 and R_ωφ² <= R_ω R_φ at every grid point, so the width is >= 0 for any
    # couplings (linear interpolation keeps this: a convex combination of PSD matrices is PSD)
    R_omega, R_phi, R_omega_phi = table[2:]
    if np.any(table[1:4] < 0) or np.any(R_omega_phi**2 > R_omega * R_phi * (1 + 1e-6) + 1e-30):
        raise DataError(f"{DATA_FILE}: negative R or |R_omega_phi| > sqrt(R_omega R_phi) (width could be < 0)")
    return table


M_MIN_GEV = float(r_ratio_table()[0, 0])   # below: no hadronic channel tabulated, width exactly 0
M_MAX_GEV = float(r_ratio_table()[0, -1])  # above: not modelled (NaN)


def vmd_couplings(eps_u, eps_d, eps_s):
    """(c_ρ, c_ω, c_φ) = (ε_u − ε_d, 3(ε_u + ε_d), 3 ε_s): r_V tr(T_V Q_X) of arXiv:1801.04847 eq. (2.18)."""
    eps_u, eps_d, eps_s = (np.asarray(x, float) for x in (eps_u, eps_d, eps_s))
    return eps_u - eps_d, 3.0 * (eps_u + eps_d), 3.0 * eps_s


def r_components(M):
    """(R_ρ, R_ω, R_φ, R_ωφ) at M (GeV), linear interpolation; 0 below the table, NaN above or at NaN M."""
    M = np.asarray(M, float)
    table = r_ratio_table()
    inside = M <= table[0, -1]  # False for NaN
    return tuple(np.where(inside, np.interp(M, table[0], col, left=0.0), np.nan) for col in table[1:])


def width_hadrons(M, eps_u, eps_d, eps_s, alpha):
    """Γ(Z' → hadrons) in GeV: (α M/3) Σ_V c_V² R_V + 2 c_ω c_φ R_ωφ (module docstring; 1801.04847 eq. 2.17)."""
    M = np.asarray(M, float)
    c_rho, c_omega, c_phi = vmd_couplings(eps_u, eps_d, eps_s)
    R_rho, R_omega, R_phi, R_omega_phi = r_components(M)
    r_eff = c_rho**2 * R_rho + c_omega**2 * R_omega + c_phi**2 * R_phi + 2.0 * c_omega * c_phi * R_omega_phi
    return np.asarray(alpha, float) * M / 3.0 * r_eff


def above_range(M):
    """True where M exceeds the R-ratio data (:data:`M_MAX_GEV`): the hadronic width is not modelled."""
    return np.asarray(M, float) > M_MAX_GEV
