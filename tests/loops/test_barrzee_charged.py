"""The H±W∓γ Barr–Zee diagrams with a fermion-doublet loop (barrzee.charged_w_fermion ->
_barrzee -> barrzee.pxd) against two independent published forms, both typed here:

  * Ilisie, arXiv:1502.04199, eq. (22) with G of eq. (29): the Feynman-parameter integral as
    printed, integrated by 30-digit mpmath quadrature;
  * Cherchiglia, Kneschke, Stöckinger, Stöckinger-Kim, arXiv:1607.06292, eqs. (59)–(62): the
    closed form in dilogarithms and the Davydychev–Tausk Φ (their eqs. (68)–(70)), at 50 digits
    (the closed form is ill-conditioned in double precision).  Eq. (61) carries a misprint in
    v2 of the paper: its second line has no Φ (as corrected by the GM2Calc authors, who use
    these formulas); with that reading the two papers agree to 1e-13 here, which also fixes the
    relative sign of the m_u² and m_d² terms and the lepton (m_ν = 0) case.

Couplings (barrzee.charged_w_fermion): L ⊃ −(√2/v) C⁺ [ū (ξ_u m_u P_L + ξ_d m_d P_R) d
+ ξ_ℓ m_ℓ ν̄ P_R ℓ] + h.c., i.e. Ilisie's ς_u = ξ_u, ς_d = −ξ_d, ς_ℓ = −ξ_ℓ and Cherchiglia's
Y_f^A = ξ_f.
"""
import math

import mpmath as mp
import numpy as np
import pytest

from modelgen.errors import ParameterError
from modelgen.loops import barrzee

M_MU, M_W, M_Z = 0.1056583755, 80.377, 91.1876
ALPHA = 1 / 137.035999084
S_W2 = 1 - (M_W / M_Z)**2
V = 246.21965
TOP, BOT, TAU = 172.69, 4.18, 1.77686
THIRD = 1 / 3


def _ilisie(M_C, m_u, m_d, Q_u, Q_d, N_c, vs_u, vs_d, vs_l):
    """Ilisie eq. (22): (α m_μ² N_c/(32π³ s_W² v² (M_C² − M_W²))) ∫₀¹ dx [Q_u x + Q_d (1−x)]
    [ς_d ς_l m_d² x(1−x) + ς_u ς_l m_u² x(1+x)] [G(m_u²/M_C², m_d²/M_C², x) − (M_C → M_W)],
    G(w_a, w_b, x) = ln((w_a x + w_b (1−x))/(x(1−x)))/(x(1−x) − w_a x − w_b (1−x))  (eq. (29))."""
    with mp.workdps(30):
        return _ilisie_30(M_C, m_u, m_d, mp.mpf(Q_u), mp.mpf(Q_d), N_c, vs_u, vs_d, vs_l)


def _ilisie_30(M_C, m_u, m_d, Q_u, Q_d, N_c, vs_u, vs_d, vs_l):
    M_C, m_u, m_d, MW = (mp.mpf(repr(float(x))) for x in (M_C, m_u, m_d, M_W))

    def G(wa, wb, x):
        u, num = x * (1 - x), wa * x + wb * (1 - x)
        return mp.log(num / u) / (u - num) if u != num else -1 / u

    def fn(x):
        if x == 0 or x == 1:
            return mp.mpf(0)
        c = vs_d * vs_l * m_d**2 * x * (1 - x) + vs_u * vs_l * m_u**2 * x * (1 + x)
        return ((Q_u * x + Q_d * (1 - x)) * c
                * (G((m_u / M_C)**2, (m_d / M_C)**2, x) - G((m_u / MW)**2, (m_d / MW)**2, x)))
    # split towards both ends, where the integrand varies on the scales m_d²/M², m_u²/M²
    pts = sorted({mp.mpf(0), mp.mpf(1), mp.mpf(1) / 2}
                 | {mp.mpf(10)**-k for k in range(1, 11)}
                 | {1 - mp.mpf(10)**-k for k in range(1, 11)})
    val = mp.quad(fn, pts)
    return (mp.mpf(ALPHA) * mp.mpf(M_MU)**2 * N_c
            / (32 * mp.pi**3 * mp.mpf(S_W2) * mp.mpf(V)**2 * (M_C**2 - MW**2)) * val)


CASES = [  # (M_C, m_u, m_d, Q_u, Q_d, N_c)
    *[(M, TOP, BOT, 2 * THIRD, -THIRD, 3) for M in (60.0, 100.0, 176.0, 178.0, 300.0, 1000.0,
                                                     3000.0)],
    *[(M, 0.0, TAU, 0.0, -1.0, 1) for M in (100.0, 300.0, 2000.0)],
    (150.0, 250.0, 200.0, 0.0, -1.0, 1), (600.0, 250.0, 200.0, 0.0, -1.0, 1),   # VLL doublet
    (74.0, 0.0, 1200.0, 0.0, -1.0, 1),          # heavy charged lepton, M_C < M_W
]


@pytest.mark.parametrize("case", CASES)
def test_vs_ilisie_integral(case):
    """m_d² and m_u² pieces separately (ξ_u = 0 or ξ_d = 0), relative 1e-10; includes M_C
    below M_W and just below/above the t b threshold (176.87 GeV)."""
    M_C, m_u, m_d, Q_u, Q_d, N_c = case
    xi_l, xi_u, xi_d = 1.7, -0.8, 2.3
    pieces = [(0.0, xi_d)] + ([(xi_u, 0.0)] if m_u > 0 else [])
    for x_u, x_d in pieces:
        got = barrzee.charged_w_fermion(M_MU, M_C, M_W, m_u, m_d, Q_u, Q_d, N_c, xi_l, x_u, x_d,
                                        ALPHA, V, S_W2)
        want = _ilisie(M_C, m_u, m_d, Q_u, Q_d, N_c, x_u, -x_d, -xi_l)
        assert got == pytest.approx(float(want), rel=1e-10), (case, x_u, x_d)


def _phi(m1, m2, m3):
    """Davydychev–Tausk Φ(m1², m2², m3²) of Cherchiglia et al. eqs. (68)–(70), arguments squared
    masses, sorted so that m3 is largest; continued analytically (λ imaginary below threshold)."""
    m1, m2, m3 = sorted((m1, m2, m3))
    lam = mp.sqrt(mp.mpc(m1**2 + m2**2 + m3**2 - 2 * m1 * m2 - 2 * m2 * m3 - 2 * m3 * m1))
    ap, am = (m3 + m1 - m2 - lam) / (2 * m3), (m3 - m1 + m2 - lam) / (2 * m3)
    return lam / 2 * (2 * mp.log(ap) * mp.log(am) - mp.log(m1 / m3) * mp.log(m2 / m3)
                      - 2 * mp.polylog(2, ap) - 2 * mp.polylog(2, am) + mp.pi**2 / 3)


def _F_d(xu, xd, qu, qd):
    """Cherchiglia eq. (61) (misprint corrected: no Φ on its second line)."""
    y = (xu - xd)**2 - 2 * (xu + xd) + 1
    s, c = (qu + qd) / 4, (xu - xd)**2 - qu * xu + qd * xd
    cb = (xu - qu) * xu - (xd + qd) * xd
    return (-(xu - xd) + (cb / y - c * (xu - xd) / y) * _phi(xd, xu, 1)
            + c * (mp.polylog(2, 1 - xd / xu) - mp.log(xu) * (mp.log(xd) - mp.log(xu)) / 2)
            + (s + xd) * mp.log(xd) + (s - xu) * mp.log(xu))


def _F_u(xu, xd, qu, qd):
    """Cherchiglia eq. (62)."""
    y = (xu - xd)**2 - 2 * (xu + xd) + 1
    return (_F_d(xu, xd, 2 + qu, 2 + qd) - mp.mpf(4) / 3 * (xu - xd - 1) / y * _phi(xd, xu, 1)
            - (mp.log(xd)**2 - mp.log(xu)**2) / 3)


def _F_l(x):
    """Cherchiglia eq. (60)."""
    return x + x * (x - 1) * (mp.polylog(2, 1 - 1 / x) - mp.pi**2 / 6) + (x - mp.mpf(1) / 2) * mp.log(x)


def _cherchiglia(M_C, m_u, m_d, Q_u, Q_d, N_c, Y_u, Y_d, Y_l):
    """Cherchiglia eq. (59): (α² m_μ²/(32π² M_W² s_W⁴)) N_c/(M_C² − M_W²) Y_l
    [Y_d m_d² (F_d(H±) − F_d(W)) + Y_u m_u² (F_u(H±) − F_u(W))] (F_l for the lepton doublet),
    F(H±) at x_f = m_f²/M_C², F(W) at m_f²/M_W²."""
    with mp.workdps(50):
        return _cherchiglia_50(M_C, m_u, m_d, Q_u, Q_d, N_c, Y_u, Y_d, Y_l)


def _cherchiglia_50(M_C, m_u, m_d, Q_u, Q_d, N_c, Y_u, Y_d, Y_l):
    M_C, m_u, m_d, MW = (mp.mpf(repr(float(x))) for x in (M_C, m_u, m_d, M_W))
    q = (mp.mpf(Q_u), mp.mpf(Q_d))
    if m_u == 0:
        bracket = Y_d * m_d**2 * (_F_l(m_d**2 / M_C**2) - _F_l(m_d**2 / MW**2))
    else:
        args = [(m_u**2 / M**2, m_d**2 / M**2) for M in (M_C, MW)]
        bracket = (Y_d * m_d**2 * (_F_d(*args[0], *q) - _F_d(*args[1], *q))
                   + Y_u * m_u**2 * (_F_u(*args[0], *q) - _F_u(*args[1], *q)))
    pref = (mp.mpf(ALPHA)**2 * mp.mpf(M_MU)**2 / (32 * mp.pi**2 * MW**2 * mp.mpf(S_W2)**2)
            * N_c / (M_C**2 - MW**2))
    return mp.re(pref * Y_l * bracket)


@pytest.mark.parametrize("case", [CASES[i] for i in (1, 2, 3, 4, 5, 6, 8, 12)])
def test_vs_cherchiglia_closed_form(case):
    """Both pieces together against the closed form, relative 1e-10; v from the tree-level
    M_W = e v/(2 s_W), with which Ilisie's α/(s_W² v²) equals Cherchiglia's α²π/(M_W² s_W⁴)."""
    M_C, m_u, m_d, Q_u, Q_d, N_c = case
    v_tree = M_W * math.sqrt(S_W2 / (math.pi * ALPHA))
    xi_l, xi_u, xi_d = -30.0, 1 / 30, 1 / 30      # type X at tan β = 30 (Aoki et al. ξ_A)
    if m_u == 0:
        xi_d = xi_l
    got = barrzee.charged_w_fermion(M_MU, M_C, M_W, m_u, m_d, Q_u, Q_d, N_c, xi_l, xi_u, xi_d,
                                    ALPHA, v_tree, S_W2)
    want = _cherchiglia(M_C, m_u, m_d, Q_u, Q_d, N_c, xi_u, xi_d, xi_l)
    assert got == pytest.approx(float(want), rel=1e-10), case


def test_edges_and_api():
    """M_C = M_W (0/0 difference quotient) and non-positive scales give NaN, a massless doublet
    gives 0, negative masses raise, arrays broadcast."""
    args = (2 * THIRD, -THIRD, 3, 1.0, 1.0, 1.0, ALPHA, V, S_W2)
    assert np.isnan(barrzee.charged_w_fermion(M_MU, M_W, M_W, TOP, BOT, *args))
    assert np.isnan(barrzee.charged_w_fermion(M_MU, 0.0, M_W, TOP, BOT, *args))
    assert barrzee.charged_w_fermion(M_MU, 300.0, M_W, 0.0, 0.0, *args) == 0.0
    with pytest.raises(ParameterError, match="m_d"):
        barrzee.charged_w_fermion(M_MU, 300.0, M_W, TOP, -1.0, *args)
    out = barrzee.charged_w_fermion(M_MU, np.array([200.0, 400.0]), M_W, [[TOP], [0.0]],
                                    [[BOT], [TAU]], *args)
    assert out.shape == (2, 2) and np.all(np.isfinite(out))
