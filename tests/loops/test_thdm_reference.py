"""The 2HDM Δa_μ assembled from the compiled loop library (g2 one loop + barrzee two loop) against
the independent mpmath reference ``thdm_reference``, and the reference against a published
approximation (Cherchiglia et al. eq. (31)), the tan²β structure of type X and decoupling.

``_compiled`` is the assembly a lowered ``thdm`` model has to reproduce: every piece is a library
call with masses, charges and the ξ couplings of Aoki et al. (arXiv:0902.4665, Table 2).
"""
import math

import pytest

from modelgen.testing import thdm_reference as ref
from modelgen.loops import barrzee, g2

SM = {k: float(v) for k, v in ref.SM.items()}
V = 1 / math.sqrt(math.sqrt(2) * SM["G_F"])
POINT = {"tan_beta": 30.0, "cos_ba": 0.05, "M_H": 300.0, "M_A": 40.0, "M_Hpm": 320.0,
         "lam_h": 0.3, "lam_H": -0.5}


def _neutral_pieces(M, xi, g_vv, cp_odd, lam, M_Hpm):
    m, a = SM["m_mu"], SM["alpha"]
    y = m / V * xi["l"]
    pieces = [g2.neutral_scalar(m, m, M, 0.0, 1j * y) if cp_odd
              else g2.neutral_scalar(m, m, M, -y, 0.0)]
    bz = barrzee.fermion_pseudoscalar if cp_odd else barrzee.fermion_scalar
    for col, Q, Nc, mkey in ref.LOOP_FERMIONS.values():
        pieces.append(bz(m, M, SM[mkey], float(Q), Nc, xi["l"], float(xi[col]), a, V))
    if not cp_odd:
        pieces.append(barrzee.w_loop(m, M, SM["M_W"], xi["l"], g_vv, a, V))
        if lam is not None:
            pieces.append(barrzee.charged_scalar(m, M, M_Hpm, xi["l"], lam, a))
    return pieces


def _compiled(kind, tan_beta, cos_ba, M_H, M_A, M_Hpm, lam_h=None, lam_H=None):
    """(Δa_μ, Σ|pieces|) from the compiled library, same content as thdm_reference.delta_a_mu."""
    xi = {k: float(v) for k, v in ref.xi_table(kind, tan_beta, cos_ba).items()}
    col = lambda b: {k: xi[(b, k)] for k in "udl"}  # noqa: E731
    s = math.sqrt(1 - cos_ba**2)
    m = SM["m_mu"]
    pieces = _neutral_pieces(SM["M_h"], col("h"), s, False, lam_h, M_Hpm)
    pieces += _neutral_pieces(M_H, col("H"), cos_ba, False, lam_H, M_Hpm)
    pieces += _neutral_pieces(M_A, col("A"), 0.0, True, None, M_Hpm)
    c_S, c_P = g2.chiral_to_va(0.0, -math.sqrt(2) * m / V * xi[("A", "l")])
    pieces.append(g2.charged_scalar(m, 0.0, M_Hpm, c_S, c_P, 0.0))
    # H±W∓γ Barr–Zee, (t, b) and (ν, τ) loops, ξ = ξ_A (Aoki et al. Table 2)
    s_w2 = 1 - (SM["M_W"] / SM["M_Z"])**2
    for m_u, m_d, Q_u, Q_d, N_c, xi_u, xi_d in (
            (SM["m_t"], SM["m_b"], 2 / 3, -1 / 3, 3, xi[("A", "u")], xi[("A", "d")]),
            (0.0, SM["m_tau"], 0.0, -1.0, 1, 0.0, xi[("A", "l")])):
        pieces.append(barrzee.charged_w_fermion(m, M_Hpm, SM["M_W"], m_u, m_d, Q_u, Q_d, N_c,
                                                xi[("A", "l")], xi_u, xi_d, SM["alpha"], V, s_w2))
    pieces += [-p for p in _neutral_pieces(SM["M_h"], {"u": 1.0, "d": 1.0, "l": 1.0}, 1.0, False,
                                           None, M_Hpm)]
    return sum(pieces), sum(abs(p) for p in pieces)


@pytest.mark.parametrize("kind", ref.TYPES)
def test_compiled_assembly_matches_reference(kind):
    """All four types at one generic point with λ's: |compiled − reference| <= 1e-10 Σ|pieces|."""
    got, scale = _compiled(kind, **POINT)
    want = float(ref.delta_a_mu(kind, **POINT))
    assert abs(got - want) <= 1e-10 * scale, (kind, got, want)


def test_one_loop_vs_cherchiglia_eq31():
    """Cherchiglia et al. arXiv:1607.06292 eq. (31), alignment limit, |ξ_ℓ^{H,A}| = ζ_l:
    a_μ^{1L} ≈ 1e-10 (ζ_l/100)² [(3.3 + 0.5 ln x_H)/x_H² − (3.1 + 0.5 ln x_A)/x_A² − 0.04/x_H±²],
    x = M/(100 GeV); its coefficients have two digits, hence 2 % per boson."""
    zeta = 100.0
    for M in (150.0, 300.0, 700.0):
        x = M / 100
        want = {"S": 1e-10 * (3.3 + 0.5 * math.log(x)) / x**2,
                "A": -1e-10 * (3.1 + 0.5 * math.log(x)) / x**2, "H+": -1e-10 * 0.04 / x**2}
        for kind, w in want.items():
            got = float(ref.one_loop(ref.SM["m_mu"], zeta, M, kind))
            assert got == pytest.approx(w, rel=0.02 if kind != "H+" else 0.05), (kind, M)


def test_type_x_light_pseudoscalar_mechanism():
    """Type X, M_A = 20 GeV, M_H = M_H± = 250 GeV, alignment (the lepton-specific explanation of
    Δa_μ > 0: Broggio et al. 1409.3199, Chun 1511.05225): the τ-loop Barr–Zee of A is positive and
    outweighs the negative one-loop A (Chang, Chang, Chou, Keung, hep-ph/0009292); the total is
    positive and exactly a tan²β + b (lepton ξ's are ±tan β, quark ξ's ±cot β, so quark loops are
    tan β-independent and h cancels against the SM at alignment): Δa(60) from Δa(40), Δa(80)."""
    sm, tb = ref.SM, 40.0
    one_loop_A = ref.one_loop(sm["m_mu"], tb, 20.0, "A")
    bz_tau_A = ref.barr_zee(sm["m_mu"], tb, 20.0, True, sm["m_tau"], -1, 1, tb)
    assert one_loop_A < 0 < bz_tau_A and bz_tau_A > 2 * abs(one_loop_A)
    d40, d60, d80 = (ref.delta_a_mu("X", t, 0.0, 250.0, 20.0, 250.0) for t in (40, 60, 80))
    a = (d80 - d40) / (80**2 - 40**2)
    assert d40 > 0
    assert float(d60) == pytest.approx(float(d40 + a * (60**2 - 40**2)), rel=1e-12)


def test_decoupling():
    """Alignment (cos(β−α) = 0), H, A, H± at a common mass M: the 2HDM minus SM vanishes like the
    heavy-boson Barr–Zee top loops, (m_t²/M²) ln²(M²/m_t²) (f, g ~ (z/2) ln²z): from M = 1 to 4 TeV
    down by 16 ln²(m_t²/(1 TeV)²)/ln²(m_t²/(4 TeV)²) ≈ 5, between 4 and the pure-power 16."""
    d1, d4 = (abs(ref.delta_a_mu("II", 2.0, 0.0, M, M, M)) for M in (1000.0, 4000.0))
    assert 4 < d1 / d4 < 16
