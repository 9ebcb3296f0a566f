"""One-loop lepton dipole moments (Δa_ℓ and EDM d_ℓ) from one boson + one fermion in the loop.

Consumes NumPy arrays (or scalars, broadcast against each other): lepton mass ``m_l``, internal
fermion mass ``M_F`` and boson mass ``M_B`` in GeV, complex couplings, and for charged bosons the
fermion charge ``Q_F``.  Produces Δa_ℓ (dimensionless) or d_ℓ in e·cm, one value per point.
Every function calls the compiled kernels of ``loopfuncs.pxd`` (through ``_g2``); there is no
second implementation.

Lagrangian normalisation (Q_ℓ = −1, unitary gauge for vectors)::

    scalar B:  L = F̄ (c_S + c_P γ5) ℓ B + h.c.
    vector B:  L = F̄ γ^μ (c_V + c_A γ5) ℓ B_μ + h.c.

For F = ℓ and a real boson, use the Hermitian ℓ̄(…)ℓ B without "+h.c." (c_S, c_V, c_A real,
c_P = i y for a pseudoscalar); the formulae are the same.  Charged bosons have Q_B = Q_ℓ − Q_F,
and both photon attachments are included (Yang–Mills γVV vertex).

Formulae (Leveille, Nucl. Phys. B137 (1978) 63; Jegerlehner & Nyffeler, arXiv:0902.3360, §7;
Lindner, Platscher & Queiroz, arXiv:1610.06587, §3), with ε = M_F/m_ℓ and λ = m_ℓ/M_B::

    Δa = −Q_F · m²/(8π²) ∫₀¹ dx Σ|c|² Q_N(x) / D_N(x)  −  Q_B · m²/(8π²) ∫₀¹ dx Σ|c|² Q_C(x) / D_C(x)
    D_N(x) = x M_F² + (1−x) M_B² − x(1−x) m²,   D_C(x) = D_N(1−x)
    Q_N,S = x²(1−x+ε)        Q_N,V = 2x(1−x)(x−2(1−ε)) + λ²(1−ε)² x²(1−x+ε)
    Q_C,S = −x(1−x)(x+ε)     Q_C,V = 2x²(1+x−2ε) − λ²(1−ε)² x(1−x)(x+ε)
    Q_P, Q_A: the same with ε → −ε

(for a neutral boson Q_F = −1, Q_B = 0).  Only |c|² and (|c_S|² − |c_P|²) M_F/m_ℓ
(resp. (|c_V|² − |c_A|²)) enter Δa.  EDM, with L = −(i/2) d_ℓ ℓ̄ σ^{μν} γ5 ℓ F_{μν} and the
anomalous moment μ_ℓ = a_ℓ Q_ℓ e/(2m_ℓ) in L = −(1/2) ℓ̄ σ^{μν}(μ_ℓ + i d_ℓ γ5) ℓ F_{μν}::

    d_ℓ = (e/m_ℓ) · A · Im(c_S c_P*)        (vectors: Im(c_V c_A*)),

A = the coefficient of (|c_S|² − |c_P|²) (resp. |c_V|² − |c_A|²) in Δa, converted with
ħc = 1.973269804e-14 GeV·cm — except for the longitudinal (λ²) part of a vector, where the EDM has
λ² ε x²(ε² − 1) instead of λ² ε x²(ε² − 1 + 2x) (photon on F, over D_N) and −λ² ε x(1−x)(ε² − 1)
instead of −λ² ε x(1−x)(ε² − 1 + 2(1−x)) (photon on B, over D_C): in R_ξ gauge that part is the
Goldstone loop, whose CP-odd coupling product is ∝ (M_F² − m²) while its CP-even one also carries
m M_F (|g_L|² + |g_R|²) (both checked against explicit Dirac traces of the 't Hooft–Feynman gauge
diagrams, tests/loops/test_g2_dirac.py).  Above threshold
(m_ℓ ≥ M_F + M_B) the result is NaN.
"""
import numpy as np

__all__ = ["neutral_scalar", "neutral_vector", "charged_scalar", "charged_vector",
           "edm_neutral_scalar", "edm_neutral_vector", "edm_charged_scalar", "edm_charged_vector",
           "chiral_to_va"]

_KIND = {"neutral_scalar": 0, "neutral_vector": 1, "charged_scalar": 2, "charged_vector": 3}


def _call(kind, edm, m_l, M_F, M_B, c1, c2, Q_F=-1.0):
    from . import _g2
    masses = {"m_l": m_l, "M_F": M_F, "M_B": M_B}
    arrs = [np.asarray(v, dtype=float) for v in masses.values()]
    for (name, _), arr in zip(masses.items(), arrs):
        if np.any(arr < 0) or np.any(np.isnan(arr)):
            raise ValueError(f"{name} must be a non-negative mass in GeV, got {masses[name]!r}")
    c1 = np.asarray(c1, dtype=complex)
    c2 = np.asarray(c2, dtype=complex)
    q = np.asarray(Q_F, dtype=float)
    b = np.broadcast_arrays(*arrs, q, c1, c2)
    shape = b[0].shape
    flat = [np.ascontiguousarray(x.ravel()) for x in b]
    m, mf, mb, qf, k1, k2 = flat
    out = np.empty(m.shape[0])
    _g2.dipole(kind, edm, m, mf, mb, qf, np.ascontiguousarray(k1.real), np.ascontiguousarray(k1.imag),
               np.ascontiguousarray(k2.real), np.ascontiguousarray(k2.imag), out)
    out = out.reshape(shape)
    return out[()] if out.ndim == 0 else out


def neutral_scalar(m_l, M_F, M_B, c_S, c_P):
    """Δa_ℓ from L = F̄(c_S + c_P γ5)ℓ S + h.c., neutral S, photon on F (Q_F = Q_ℓ):
    m²/(8π²) ∫₀¹ [|c_S|² x²(1−x+ε) + |c_P|² x²(1−x−ε)] / D_N(x) dx (Leveille 1978; JN (257))."""
    return _call(0, False, m_l, M_F, M_B, c_S, c_P)


def neutral_vector(m_l, M_F, M_B, c_V, c_A):
    """Δa_ℓ from L = F̄γ^μ(c_V + c_A γ5)ℓ V_μ + h.c., neutral massive V in unitary gauge:
    m²/(8π²) ∫₀¹ [|c_V|² Q_V + |c_A|² Q_A] / D_N(x) dx with
    Q_V = 2x(1−x)(x−2(1−ε)) + λ²(1−ε)² x²(1−x+ε), Q_A = Q_V(ε→−ε) (Leveille 1978; LPQ 1610.06587).
    F = ℓ, pure vector: (c_V²/8π²) ∫₀¹ 2z(1−z)²/[(1−z)² + z M_B²/m²] dz (→ c_V²/8π² for M_B → 0)."""
    return _call(1, False, m_l, M_F, M_B, c_V, c_A)


def charged_scalar(m_l, M_F, M_B, c_S, c_P, Q_F):
    """Δa_ℓ from L = F̄(c_S + c_P γ5)ℓ S + h.c., S of charge Q_B = −1 − Q_F: photon on F
    (−Q_F × neutral_scalar integrand) plus photon on S
    (−Q_B m²/(8π²) ∫₀¹ [|c_S|² Q_S + |c_P|² Q_P]/D_C, Q_S = −x(1−x)(x+ε)) (Leveille; LPQ)."""
    return _call(2, False, m_l, M_F, M_B, c_S, c_P, Q_F)


def charged_vector(m_l, M_F, M_B, c_V, c_A, Q_F):
    """Δa_ℓ from L = F̄γ^μ(c_V + c_A γ5)ℓ V_μ + h.c., V of charge Q_B = −1 − Q_F (unitary gauge,
    Yang–Mills γVV): −Q_F × neutral_vector integrand − Q_B m²/(8π²) ∫₀¹ [|c_V|² Q_V + |c_A|² Q_A]/D_C,
    Q_V = 2x²(1+x−2ε) − λ²(1−ε)² x(1−x)(x+ε) (Leveille; JN (258); LPQ).  W with massless ν:
    c_V = −c_A = g/(2√2), Q_F = 0 → (G_F m²/(8√2π²)) 10/3."""
    return _call(3, False, m_l, M_F, M_B, c_V, c_A, Q_F)


def edm_neutral_scalar(m_l, M_F, M_B, c_S, c_P):
    """d_ℓ [e·cm] = (ħc/m_ℓ) A Im(c_S c_P*), A = m M_F/(8π²) ∫₀¹ x²/D_N (see module docstring)."""
    return _call(0, True, m_l, M_F, M_B, c_S, c_P)


def edm_neutral_vector(m_l, M_F, M_B, c_V, c_A):
    """d_ℓ [e·cm] = (ħc/m_ℓ) A Im(c_V c_A*), A = (m²/8π²) ∫₀¹ [4εx(1−x) + λ²ε(ε²−1)x²]/D_N dx
    (the (|c_V|²−|c_A|²) coefficient of neutral_vector without its λ² 2εx³ term, module docstring)."""
    return _call(1, True, m_l, M_F, M_B, c_V, c_A)


def edm_charged_scalar(m_l, M_F, M_B, c_S, c_P, Q_F):
    """d_ℓ [e·cm] = (ħc/m_ℓ) A Im(c_S c_P*), A the (|c_S|²−|c_P|²) coefficient of charged_scalar."""
    return _call(2, True, m_l, M_F, M_B, c_S, c_P, Q_F)


def edm_charged_vector(m_l, M_F, M_B, c_V, c_A, Q_F):
    """d_ℓ [e·cm] = (ħc/m_ℓ) A Im(c_V c_A*), A = −Q_F × [edm_neutral_vector's A] − Q_B (m²/8π²)
    ∫₀¹ [−4εx² − λ²ε(ε²−1)x(1−x)]/D_C dx: the (|c_V|²−|c_A|²) coefficient of charged_vector without
    its longitudinal terms λ² 2εx³ (photon on F) and −λ² 2εx(1−x)² (photon on B) (module docstring)."""
    return _call(3, True, m_l, M_F, M_B, c_V, c_A, Q_F)


def chiral_to_va(g_L, g_R):
    """(c_V, c_A) = ((g_L + g_R)/2, (g_R − g_L)/2).

    Vector: L = F̄γ^μ(g_L P_L + g_R P_R)ℓ V_μ = F̄γ^μ(c_V + c_A γ5)ℓ V_μ.
    Scalar analogue: F̄(g_L P_L + g_R P_R)ℓ S = F̄(c_S + c_P γ5)ℓ S with the same map
    (c_S, c_P) = ((g_L + g_R)/2, (g_R − g_L)/2).  P_{L,R} = (1 ∓ γ5)/2."""
    g_L = np.asarray(g_L, dtype=complex)
    g_R = np.asarray(g_R, dtype=complex)
    c1, c2 = (g_L + g_R) / 2, (g_R - g_L) / 2
    return (c1[()] if c1.ndim == 0 else c1), (c2[()] if c2.ndim == 0 else c2)
