"""Two-loop Barr–Zee contributions to Δa_ℓ (photon–boson diagrams), vectorised over NumPy arrays.

Consumes NumPy arrays or scalars (broadcast against each other): masses in GeV, the fine-structure
constant ``alpha`` and the electroweak vev ``v`` (GeV) of the caller's scheme, charges, colour
factors and dimensionless couplings.  Produces Δa_ℓ (dimensionless) or the loop functions, one
value per point.  Every function calls the compiled kernels of ``barrzee.pxd`` (through
``_barrzee``); there is no second implementation.

Loop functions, u = x(1−x) (Barr & Zee, PRL 65 (1990) 21; Ilisie, arXiv:1502.04199, eqs. (25)–(28),
whose F₁ = −f, F̃₁ = g; Cherchiglia et al., arXiv:1607.06292, eqs. (56)–(57): f_S = −2f,
f_PS = 2g)::

    f(z)  = (z/2) ∫₀¹ dx (1 − 2u)/(u − z) ln(u/z)
    g(z)  = (z/2) ∫₀¹ dx 1/(u − z) ln(u/z)
    F₂(w) = −(1/2) ∫₀¹ dx u/(u − w) ln(u/w)
    F₃(w) = (1/2) ∫₀¹ dx [x w (3x(4x − 1) + 10) − u]/(u − w) ln(u/w)

Couplings (lepton ℓ of mass m_ℓ, neutral boson φ of mass M)::

    L ⊃ −(m_f/v) ξ_f^φ f̄ f φ  (CP-even φ),   +i (m_f/v) ξ_f^A f̄ γ5 f A  (CP-odd A),
        −v λ φ C⁺ C⁻  (unit-charge scalar C),   g_φWW · (2 M_W²/v) φ W⁺_μ W^−μ

(the ξ of Aoki, Kanemura, Tsumura, Yagyu, arXiv:0902.4665, Table 2; the SM Higgs has ξ = g_φWW = 1).
Contributions (Ilisie eqs. (19)–(21))::

    fermion, CP-even:  −(α m_ℓ²/(4π³ v²)) N_c Q_f² ξ_ℓ ξ_f f(m_f²/M²)
    fermion, CP-odd:   +(α m_ℓ²/(4π³ v²)) N_c Q_f² ξ_ℓ ξ_f g(m_f²/M²)
    charged scalar:    +(α m_ℓ²/(8π³ M²)) ξ_ℓ λ F₂(M_C²/M²)
    W loop:            +(α m_ℓ²/(8π³ v²)) ξ_ℓ g_φWW F₃(M_W²/M²)      (Feynman gauge, as published)

plus the C±W∓γ diagrams with a fermion doublet in the loop (``charged_w_fermion``; Ilisie
eq. (22)).  Only photon diagrams are included (the Z–φ ones are suppressed by 1 − 4 s_W² for
leptons; the bosonic C±W∓γ ones are not gauge invariant on their own).
Invalid points (M ≤ 0, negative or non-finite arguments of the loop functions) give NaN.
"""
import numpy as np

from modelgen.errors import ParameterError

__all__ = ["f", "g", "F2", "F3", "li2", "fermion_scalar", "fermion_pseudoscalar", "charged_scalar",
           "w_loop", "charged_w_fermion"]

_LOOP = {"f": 0, "g": 1, "F2": 2, "F3": 3, "li2": 4}


def _arrays(masses, others):
    """Broadcast float64 copies of the masses (checked non-negative, GeV) and the other
    arguments."""
    for name, val in masses.items():
        arr = np.asarray(val, dtype=float)
        if np.any(arr < 0) or np.any(np.isnan(arr)):
            raise ParameterError(f"{name} must be a non-negative mass in GeV, got {val!r}")
    b = np.broadcast_arrays(*[np.asarray(x, dtype=float) for x in (*masses.values(), *others)])
    return b[0].shape, [np.ascontiguousarray(x.ravel()) for x in b]


def _run(kernel, masses, others, *head):
    shape, flat = _arrays(masses, others)
    out = np.empty(flat[0].shape[0])
    kernel(*head, *flat, out)
    out = out.reshape(shape)
    return out[()] if out.ndim == 0 else out


def _loop(name, z):
    from . import _barrzee
    z = np.asarray(z, dtype=float)
    flat = np.ascontiguousarray(z.ravel())
    out = np.empty(flat.shape[0])
    _barrzee.loop_function(_LOOP[name], flat, out)
    out = out.reshape(z.shape)
    return out[()] if out.ndim == 0 else out


def f(z):
    """f(z) = (z/2) ∫₀¹ dx (1 − 2x(1−x))/(x(1−x) − z) ln(x(1−x)/z), z = m_f²/M² ≥ 0 (NaN otherwise).
    Limits: (z/2)(ln²z + π²/3) + z(2 + ln z) for z → 0, (1/3) ln z + 13/18 for z → ∞."""
    return _loop("f", z)


def g(z):
    """g(z) = (z/2) ∫₀¹ dx 1/(x(1−x) − z) ln(x(1−x)/z), z ≥ 0 (NaN otherwise).
    Limits: (z/2)(ln²z + π²/3) for z → 0, (1/2) ln z + 1 for z → ∞; g(1/4) = ln 2."""
    return _loop("g", z)


def F2(w):
    """Ilisie's F₂(w) = 1 + (1/2) ln w − g(w) = −(1/2) ∫₀¹ dx u/(u − w) ln(u/w), w > 0
    (→ −(1/(12w))(ln w + 5/3) for w → ∞)."""
    return _loop("F2", w)


def F3(w):
    """Ilisie's F₃(w) = (17/2 − 15w) g(w) + (1/2 + 15w/2)(2 + ln w), w > 0
    (→ (7/2) ln w + 89/12)."""
    return _loop("F3", w)


def li2(x):
    """The real dilogarithm Li₂(x) = −∫₀ˣ ln(1−t)/t dt, x ≤ 1 (NaN above 1): Bernoulli series in
    −ln(1−x) with inversion (x < −1) and reflection (x > 1/2); used by the closed form of the
    lepton-doublet H±W∓γ diagram."""
    return _loop("li2", x)


def fermion_scalar(m_l, M, m_f, Q_f, N_c, xi_l, xi_f, alpha, v):
    """Δa_ℓ = −(α m_ℓ²/(4π³ v²)) N_c Q_f² ξ_ℓ ξ_f f(m_f²/M²): photon–(CP-even φ) diagram, fermion f
    (mass m_f, charge Q_f, N_c colours) in the loop (Ilisie 1502.04199 eq. (19))."""
    from . import _barrzee
    return _run(_barrzee.fermion, {"m_l": m_l, "M": M, "m_f": m_f, "v": v},
                (Q_f, N_c, xi_l, xi_f, alpha), False)


def fermion_pseudoscalar(m_l, M, m_f, Q_f, N_c, xi_l, xi_f, alpha, v):
    """Δa_ℓ = +(α m_ℓ²/(4π³ v²)) N_c Q_f² ξ_ℓ ξ_f g(m_f²/M²): photon–(CP-odd A) diagram, fermion f
    in the loop, couplings +i(m/v) ξ f̄γ5f A (Ilisie 1502.04199 eq. (19))."""
    from . import _barrzee
    return _run(_barrzee.fermion, {"m_l": m_l, "M": M, "m_f": m_f, "v": v},
                (Q_f, N_c, xi_l, xi_f, alpha), True)


def charged_scalar(m_l, M, M_C, xi_l, lam, alpha):
    """Δa_ℓ = +(α m_ℓ²/(8π³ M²)) ξ_ℓ λ F₂(M_C²/M²): photon–φ diagram with a unit-charge scalar C
    (L ⊃ −v λ φ C⁺C⁻) in the loop (Ilisie 1502.04199 eq. (20))."""
    from . import _barrzee
    return _run(_barrzee.charged_scalar, {"m_l": m_l, "M": M, "M_C": M_C}, (xi_l, lam, alpha))


def w_loop(m_l, M, M_W, xi_l, g_phiWW, alpha, v):
    """Δa_ℓ = +(α m_ℓ²/(8π³ v²)) ξ_ℓ g_φWW F₃(M_W²/M²): photon–φ diagram with the W loop
    (Feynman gauge; Ilisie 1502.04199 eq. (21))."""
    from . import _barrzee
    return _run(_barrzee.w_loop, {"m_l": m_l, "M": M, "M_W": M_W, "v": v}, (xi_l, g_phiWW, alpha))


def charged_w_fermion(m_l, M_C, M_W, m_u, m_d, Q_u, Q_d, N_c, xi_l, xi_u, xi_d, alpha, v, s_W2,
                      V2=1.0):
    """Δa_ℓ of the C±W∓γ Barr–Zee diagrams with the fermion doublet (u, d) in the loop
    (Q_u − Q_d = 1; Ilisie 1502.04199 eq. (22), closed form in Cherchiglia et al. 1607.06292
    eqs. (59)–(62)), charged scalar C of mass M_C with
    L ⊃ −(√2/v) C⁺ [ū (ξ_u m_u P_L + ξ_d m_d P_R) d + ξ_ℓ m_ℓ ν̄ P_R ℓ] + h.c. and the W vertex
    (g/√2) V_ud ū γ^μ P_L d W⁺_μ, V2 = |V_ud|²::

        Δa = α m_ℓ² N_c V2 / (32π³ s_W² v² (M_C² − M_W²)) ξ_ℓ ∫₀¹ dx [Q_u x + Q_d (1 − x)]
             [ξ_d m_d² x(1−x) − ξ_u m_u² x(1+x)] [G(m_u²/M_C², m_d²/M_C², x) − G(m_u²/M_W², m_d²/M_W², x)],
        G(w_a, w_b, x) = ln[(w_a x + w_b (1−x))/(x(1−x))] / (x(1−x) − w_a x − w_b (1−x)).

    The 2HDM has ξ = ξ_A of Aoki et al. (arXiv:0902.4665 Table 2; A2HDM ς_u = ξ_u, ς_d = −ξ_d,
    ς_ℓ = −ξ_ℓ).  A lepton doublet (m_u = 0, Q = (0, −1)) takes the closed form of Cherchiglia
    eq. (60); a quark doublet Gauss–Legendre quadrature in s = ln(x/(1−x)) (relative error
    < 1e-10); NaN for |M_C² − M_W²| < 1e-6 M_C² or mass ratios m²/M² outside [1e-30, 1e30]."""
    from . import _barrzee
    return _run(_barrzee.charged_w_fermion,
                {"m_l": m_l, "M_C": M_C, "M_W": M_W, "m_u": m_u, "m_d": m_d, "v": v, "s_W2": s_W2},
                (Q_u, Q_d, N_c, V2, xi_l, xi_u, xi_d, alpha))
