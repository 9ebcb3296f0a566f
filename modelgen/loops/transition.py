"""Flavour-changing radiative decays ℓ_i → ℓ_j γ (μ→eγ, τ→μγ, τ→eγ) from one boson + one fermion.

Consumes NumPy arrays (or scalars, broadcast against each other): external masses ``m_i`` > ``m_j``,
internal fermion ``M_F`` and boson ``M_B`` masses in GeV, complex chiral couplings and, for
charged bosons, the fermion charge ``Q_F``.  Produces the dipole coefficients σ_L, σ_R (GeV⁻¹),
widths (GeV) and branching ratios.  Every function calls the compiled kernels of
``transition.pxd`` (through ``_transition``); there is no second implementation.

Lagrangian (Q_ℓ = −1, Q_B = Q_ℓ − Q_F, unitary gauge, Yang–Mills γVV vertex)::

    scalar B:  L = F̄ (a_i P_L + b_i P_R) ℓ_i B + F̄ (a_j P_L + b_j P_R) ℓ_j B + h.c.
    vector B:  L = F̄ γ^μ (a_i P_L + b_i P_R) ℓ_i B_μ + (i → j) + h.c.

(the g-2 library's c_S + c_P γ5 is a = c_S − c_P, b = c_S + c_P).  Dipole and width::

    L_eff = (e/2) ℓ̄_j σ^{μν} (σ_L P_L + σ_R P_R) ℓ_i F_{μν} + h.c.
    Γ(ℓ_i → ℓ_j γ) = e² (m_i² − m_j²)³ (|σ_L|² + |σ_R|²) / (16π m_i³)
                   = (α m_i³/4) (1 − m_j²/m_i²)³ (|σ_L|² + |σ_R|²),     α = α(0)

At leading order in the external masses (relative corrections O(m_i²/(M_F + M_B)²); the same
structure as Lavoura, hep-ph/0302221, and Lindner–Platscher–Queiroz, arXiv:1610.06587 §3)::

    σ_R = f (m_i a_j* a_i + m_j b_j* b_i) + g M_F a_j* b_i
    σ_L = f (m_i b_j* b_i + m_j a_j* a_i) + g M_F b_j* a_i

with f, g the m → 0 limits of the Feynman-parameter integrals of ``g2`` (J_jk = ∫₀¹ x^j (1−x)^k
/ (x M_F² + (1−x) M_B²) dx, r = M_F²/M_B², weights w_F = −Q_F, w_B = 1 + Q_F; neutral: w_F = 1)::

    32π² f = w_F S_F + w_B S_B,    16π² g = w_F G_F + w_B G_B
    scalar:  S_F = J21,  G_F = J20;   S_B = −J12,  G_B = −J11
    vector:  S_F = 2J21 − 4J11 + r(J21 − 2J20),  G_F = 4J11 + r J20
             S_B = 2(J02 + J03) + r(2J11 − J12),  G_B = −4J02 − r J11

For i = j the same σ's (Hermitian operator, σ_L = σ_R*) give the g-2 library's Δa = m(σ_L + σ_R)
and d = (e/2) Im(σ_L − σ_R).  SM W loop with neutrinos of mass m_k (a = g U*/√2, Q_F = 0):
BR(μ→eγ) = (3α/2π) |Σ_k U_ek U_μk* G_γ(m_k²/M_W²)|² (Ilakovac–Pilaftsis hep-ph/9403398),
→ (3α/32π) |Σ U U* m_k²/M_W²|² for light neutrinos.  Above threshold (m_i ≥ M_F + M_B) the
dipole is complex and NaN is returned; for M_B ≪ m_i (light Z′) the leading order does not apply.
"""
import numpy as np

__all__ = ["dipole", "width", "width_dipole", "branching_ratio", "muon_width", "tau_width",
           "TOPOLOGIES", "ALPHA0", "HBAR_GEV_S", "TAU_LIFETIME_S"]

TOPOLOGIES = {"neutral_scalar": 0, "neutral_vector": 1, "charged_scalar": 2, "charged_vector": 3}
ALPHA0 = 7.2973525643e-3          # α(0), CODATA 2022
HBAR_GEV_S = 6.582119569e-25       # ħ in GeV·s, CODATA 2018 (exact in the 2019 SI)
TAU_LIFETIME_S = 290.3e-15         # τ_τ = (290.3 ± 0.5) fs, PDG 2024 (unchanged since PDG 2018)
G_F_DEFAULT = 1.1663788e-5         # GeV⁻², PDG
M_MU, M_E = 0.1056583755, 0.51099895e-3


def _real(name, value, nonneg=True):
    arr = np.asarray(value, dtype=float)
    if np.any(np.isnan(arr)) or (nonneg and np.any(arr < 0)):
        raise ValueError(f"{name} must be a non-negative mass in GeV, got {value!r}")
    return arr


def _flat(*arrays):
    b = np.broadcast_arrays(*arrays)
    return b[0].shape, [np.ascontiguousarray(x.ravel()) for x in b]


def dipole(topology, m_i, m_j, M_F, M_B, a_i, b_i, a_j, b_j, Q_F=0.0):
    """(σ_L, σ_R) in GeV⁻¹ of one (F, B) pair for ℓ_i → ℓ_j γ (module docstring for the
    normalisation).  ``topology``: one of TOPOLOGIES; ``Q_F`` is used by the charged ones
    (neutral: F has the lepton's charge, Q_F must be left at 0 or set to −1)."""
    if topology not in TOPOLOGIES:
        raise ValueError(f"unknown topology {topology!r}; expected one of {sorted(TOPOLOGIES)}")
    kind = TOPOLOGIES[topology]
    q = np.asarray(Q_F, dtype=float)
    if kind < 2 and np.any((q != 0.0) & (q != -1.0)):
        raise ValueError(f"{topology}: the photon couples to F with Q_F = Q_l = -1; "
                         f"use a charged_* topology for Q_F = {Q_F!r}")
    from . import _transition
    masses = [_real(n, v) for n, v in
              (("m_i", m_i), ("m_j", m_j), ("M_F", M_F), ("M_B", M_B))]
    coup = [np.asarray(c, dtype=complex) for c in (a_i, b_i, a_j, b_j)]
    shape, flat = _flat(*masses, q, *coup)
    mi, mj, mf, mb, qf = flat[:5]
    parts = []
    for c in flat[5:]:
        parts += [np.ascontiguousarray(c.real), np.ascontiguousarray(c.imag)]
    out = [np.empty(mi.shape[0]) for _ in range(4)]
    _transition.dipole(kind, mi, mj, mf, mb, qf, *parts, *out)
    sL = (out[0] + 1j * out[1]).reshape(shape)
    sR = (out[2] + 1j * out[3]).reshape(shape)
    return (sL[()], sR[()]) if sL.ndim == 0 else (sL, sR)


def width_dipole(m_i, m_j, sigma_L, sigma_R, alpha=ALPHA0):
    """Γ(ℓ_i → ℓ_j γ) [GeV] = (α m_i³/4)(1 − m_j²/m_i²)³(|σ_L|² + |σ_R|²); 0 if m_j ≥ m_i.
    Use it on σ's summed over internal states."""
    from . import _transition
    sL = np.asarray(sigma_L, dtype=complex)
    sR = np.asarray(sigma_R, dtype=complex)
    shape, (mi, mj, a, l, r) = _flat(_real("m_i", m_i), _real("m_j", m_j),
                                     np.asarray(alpha, dtype=float), sL, sR)
    out = np.empty(mi.shape[0])
    _transition.width(mi, mj, np.ascontiguousarray(l.real), np.ascontiguousarray(l.imag),
                      np.ascontiguousarray(r.real), np.ascontiguousarray(r.imag), a, out)
    out = out.reshape(shape)
    return out[()] if out.ndim == 0 else out


def width(topology, m_i, m_j, M_F, M_B, a_i, b_i, a_j, b_j, Q_F=0.0, alpha=ALPHA0):
    """Γ(ℓ_i → ℓ_j γ) [GeV] of one (F, B) pair (``dipole`` then ``width_dipole``)."""
    sL, sR = dipole(topology, m_i, m_j, M_F, M_B, a_i, b_i, a_j, b_j, Q_F)
    return width_dipole(m_i, m_j, sL, sR, alpha)


def branching_ratio(topology, m_i, m_j, M_F, M_B, a_i, b_i, a_j, b_j, Q_F=0.0, *,
                    gamma_total, alpha=ALPHA0):
    """BR(ℓ_i → ℓ_j γ) = Γ / ``gamma_total`` (GeV; ``muon_width()`` for μ, ``tau_width()``
    for τ)."""
    return width(topology, m_i, m_j, M_F, M_B, a_i, b_i, a_j, b_j, Q_F, alpha) / np.asarray(
        gamma_total, dtype=float)


def muon_width(G_F=G_F_DEFAULT, m_mu=M_MU, m_e=M_E):
    """Γ(μ → e ν ν̄) = G_F² m_μ⁵/(192π³) · F(m_e²/m_μ²), F(x) = 1 − 8x + 8x³ − x⁴ − 12x² ln x
    (tree level with the electron-mass phase-space factor; the O(α) QED factor
    1 + α/(2π)(25/4 − π²) ≈ 0.9958 and the W-propagator term 3m_μ²/(5M_W²) are not included:
    with PDG G_F the result is 0.42 % above ħ/τ_μ)."""
    from . import _transition
    shape, (g, mm, me) = _flat(np.asarray(G_F, dtype=float), _real("m_mu", m_mu),
                               _real("m_e", m_e))
    out = np.empty(g.shape[0])
    _transition.muon_width(g, mm, me, out)
    out = out.reshape(shape)
    return out[()] if out.ndim == 0 else out


def tau_width(lifetime=TAU_LIFETIME_S):
    """Γ_τ = ħ/τ_τ [GeV] from the lifetime in seconds (PDG: 290.3e-15 s → 2.267e-12 GeV)."""
    return HBAR_GEV_S / np.asarray(lifetime, dtype=float)
