"""The loop library's Delta a vs a brute-force magnetic form factor (explicit Dirac traces).

Reference: tests/dirac_ref.py, which builds each diagram from Feynman rules with 4x4 gamma
matrices and projects out F2(0) (no formula of modelgen.loops is used there).  The brute force is
first checked on textbook limits, then compared with ``g2.neutral_scalar`` (chirally enhanced,
heavy internal fermion) and with ``g2.neutral_vector`` (unitary gauge) through the gauge identity
unitary = Feynman-gauge vector + Goldstone scalar; the same for the EDMs (``g2.edm_*``) with
complex couplings.  The charged vector (``g2.charged_vector``, ``g2.edm_charged_vector``) against
the 't Hooft-Feynman gauge set W-W-photon (Yang-Mills), G-G-photon and the two W-G-photon diagrams
plus the photon-on-F vector and Goldstone loops, after the SM W loop as a textbook check.
"""
import mpmath as mp
import numpy as np
import pytest

from dirac_ref import (charged_vector_edm, charged_vector_f2, goldstone_couplings, scalar_edm, scalar_f2,
                       scalar_on_boson_edm, scalar_on_boson_f2, vector_feynman_edm, vector_feynman_f2)
from modelgen.loops import g2

M_MU = 0.1056583755


def test_brute_force_reproduces_textbook_limits():
    """(1) F = l, unit pure vector coupling, vector mass M (PHYSICS.md section 4; -> 1/8pi^2,
    i.e. Schwinger's alpha/2pi for a photon, Phys. Rev. 73 (1948) 416):
        Delta a = (1/8pi^2) int_0^1 2z(1-z)^2 / [(1-z)^2 + z M^2/m^2] dz;
    the Goldstone coupling (i/M)(g m - m g) vanishes here, so Feynman gauge is the full answer.
    (2) F = l, heavy real scalar S with L = y l_bar l S (M_S >> m), the classic heavy-Higgs limit
    (leading log: Jackiw & Weinberg, Phys. Rev. D5 (1972) 2396):
        Delta a = (y^2/8pi^2)(m^2/M_S^2)[ln(M_S^2/m^2) - 7/6],
    pseudoscalar (L = y l_bar i g5 l S):  -(y^2/8pi^2)(m^2/M_S^2)[ln(M_S^2/m^2) - 11/6],
    up to O((m^2/M_S^2) ln) relative corrections."""
    mp.mp.dps = 30
    for ratio in (1e-3, 0.5, 3.0):
        r = mp.mpf(ratio) ** 2
        ref = mp.quad(lambda z: 2 * z * (1 - z) ** 2 / ((1 - z) ** 2 + z * r), [0, 1]) / (8 * mp.pi**2)
        got = vector_feynman_f2(M_MU, M_MU, ratio * M_MU, 1.0, 1.0)
        assert abs(got / ref - 1) < 1e-11, (ratio, got, ref)
    ms = 300 * M_MU
    L = mp.log((ms / M_MU) ** 2)
    pref = (M_MU / ms) ** 2 / (8 * mp.pi**2)
    # y l_bar l S = F_bar (a P_L + b P_R) l S with a = b = y; i y g5: a = -i y, b = i y
    assert abs(scalar_f2(M_MU, M_MU, ms, 1.0, 1.0) / (pref * (L - mp.mpf(7) / 6)) - 1) < 2e-4
    assert abs(scalar_f2(M_MU, M_MU, ms, -1j, 1j) / (-pref * (L - mp.mpf(11) / 6)) - 1) < 2e-4


# (M_F, M_S, a, b): heavy internal fermions with light and heavy scalars, complex couplings
SCALAR_CASES = [(400.0, 0.0167, 0.3, -0.7), (400.0, 125.0, 0.3 + 0.2j, 1.1), (1000.0, 2000.0, -0.5, 0.4j),
                (5.0, 10.0, 1e-3, 2e-3), (M_MU, 0.0167, 0.4, 0.4), (0.0, 1.0, 0.2, 0.0)]


@pytest.mark.parametrize("MF, MS, a, b", SCALAR_CASES)
def test_neutral_scalar_matches_dirac_traces(MF, MS, a, b):
    """g2.neutral_scalar with (c_S, c_P) = ((a + b)/2, (b - a)/2), i.e.
    F_bar (c_S + c_P g5) l = F_bar (a P_L + b P_R) l."""
    got = g2.neutral_scalar(M_MU, MF, MS, (a + b) / 2, (b - a) / 2)
    ref = float(scalar_f2(M_MU, MF, MS, a, b))
    assert abs(got / ref - 1) < 1e-9, (got, ref)


def test_chirally_enhanced_heavy_fermion_closed_form():
    """M_F >> m: the chirality flip on the internal line dominates,
        Delta a = (m Re(a* b) / (8 pi^2 M_F)) F(r) (1 + O(m/M_F)),  r = M_S^2/M_F^2,
        F(r) = int_0^1 x^2/(x + (1-x) r) dx = [(1 - r^2)/2 - 2r(1 - r) - r^2 ln r] / (1 - r)^3
    (F(0) = 1/2), which follows from dropping m in the Feynman-parameter denominator
    x M_F^2 + (1-x) M_S^2 - x(1-x) m^2.  Checked on both the library and the brute force."""
    m, MF = M_MU, 1e4 * M_MU
    for MS, a, b in ((10.0, 0.3, -0.7), (1e-3, 1.0, 1.0j + 0.5), (3000.0, -0.2, 0.9)):
        r = (MS / MF) ** 2
        F = ((1 - r * r) / 2 - 2 * r * (1 - r) - r * r * np.log(r)) / (1 - r) ** 3
        closed = m * (np.conj(a) * b).real / (8 * np.pi**2 * MF) * F
        library = g2.neutral_scalar(m, MF, MS, (a + b) / 2, (b - a) / 2)
        for got in (library, float(scalar_f2(m, MF, MS, a, b))):
            assert abs(got / closed - 1) < 3e-4, (MS, got, closed)


# (M_F, M_V, g_L, g_R): light Z'-like and heavy vectors; F = l and heavy F
VECTOR_CASES = [(M_MU, 0.0167, 0.3, -0.2), (400.0, 0.0167, 1e-3, 2e-3), (400.0, 91.0, 0.3, -0.5),
                (5.0, 300.0, 0.2, 0.1), (1000.0, 1e-3, 1e-4, -3e-4), (0.0, 80.4, 0.46, 0.0)]


@pytest.mark.parametrize("MF, MV, gL, gR", VECTOR_CASES)
def test_unitary_vector_equals_feynman_plus_goldstone(MF, MV, gL, gR):
    """Unitary-gauge g2.neutral_vector (c_V, c_A) = ((g_L + g_R)/2, (g_R - g_L)/2) = the Feynman-gauge
    vector loop + the loop of its Goldstone G (mass M_V), both by brute force.  For one internal
    state k and the lepton i the current divergence d_mu(F_bar gamma^mu (g_L P_L + g_R P_R) l) gives
    L > -psi_bar_L Y psi_R G + h.c. with Y[k,i] = (i/M_V)(g_L m_i - m_k g_R) and
    Y[i,k] = (i/M_V)(g_L* m_k - m_i g_R*), i.e. F_bar (a P_L + b P_R) l G + h.c. with
    a = -Y[i,k]* = (i/M_V)(M_F g_L - m g_R), b = -Y[k,i] = (i/M_V)(M_F g_R - m g_L)
    (dirac_ref.goldstone_couplings)."""
    m = M_MU
    ref = vector_feynman_f2(m, MF, MV, gL, gR) + scalar_f2(m, MF, MV, *goldstone_couplings(m, MF, MV, gL, gR))
    got = g2.neutral_vector(m, MF, MV, (gL + gR) / 2, (gR - gL) / 2)
    assert abs(got / float(ref) - 1) < 1e-9, (got, ref)


# complex couplings; (M_MU, 0.5) and (0.02, 0.5): internal fermion not heavier than the lepton, where
# the longitudinal EDM term matters at O(1)
EDM_CASES = [(400.0, 0.0167, 1e-3 + 2e-3j, 2e-3), (400.0, 91.0, 0.3j, -0.5), (5.0, 300.0, 0.2, 0.1 - 0.3j),
             (M_MU, 0.5, 0.1 + 0.2j, 0.3), (0.02, 0.5, 0.1 + 0.2j, 0.3), (2.0, 0.0167, -0.4j, 0.1 + 0.1j)]


@pytest.mark.parametrize("MF, MB, gL, gR", EDM_CASES)
def test_edms_match_dirac_traces(MF, MB, gL, gR):
    """EDMs in e cm from the form factor of i sigma^{mu nu} q_nu i gamma5/2m (dirac_ref: d = Q_l e F_d/2m
    from L = -(1/2) l_bar sigma (mu + i d gamma5) l F): the scalar directly, the unitary-gauge vector
    as Feynman-gauge vector + Goldstone."""
    m = M_MU
    cV, cA = (gL + gR) / 2, (gR - gL) / 2
    ref = float(scalar_edm(m, MF, MB, gL, gR))
    assert abs(g2.edm_neutral_scalar(m, MF, MB, cV, cA) / ref - 1) < 1e-9
    ref = float(vector_feynman_edm(m, MF, MB, gL, gR) + scalar_edm(m, MF, MB, *goldstone_couplings(m, MF, MB, gL, gR)))
    got = g2.edm_neutral_vector(m, MF, MB, cV, cA)
    assert abs(got / ref - 1) < 1e-9, (got, ref)


# ------------------------------------------------------------------------------------------------
# charged vector W (Q_W = -1 - Q_F): the photon on the boson
# ------------------------------------------------------------------------------------------------
MW = 80.379
#: m/M_W and M_F/M_W of the comparison grid (always below threshold: m < M_W)
M_RATIOS = (1e-3, 0.1, 0.5, 0.9)
F_RATIOS = (1e-2, 0.5, 1.0, 3.0, 30.0)
#: complex couplings with Im(g_L* g_R) != 0 and |g_L| != |g_R|
G_L, G_R = 0.3 + 0.2j, -0.5 + 0.4j
GRID = [(rm * MW, rf * MW) for rm in M_RATIOS for rf in F_RATIOS]


def test_charged_scalar_photon_on_boson():
    """The photon-on-boson projection alone (scalar-QED vertex) vs g2.charged_scalar and
    g2.edm_charged_scalar at Q_F = 0, both validated against the Leveille integrals (test_g2.py):
    F_bar (a P_L + b P_R) l S = F_bar (c_S + c_P g5) l S with (c_S, c_P) = ((a + b)/2, (b - a)/2)."""
    for m, MF, MS, a, b in ((M_MU, 5.0, 80.4, 0.3 + 0.2j, -0.1 + 0.4j), (M_MU, 0.05, 0.2, 0.3j, 0.7),
                            (1.0, 400.0, 0.02, 1.0, -0.5j), (0.5, 0.3, 1.0, 0.2 - 0.1j, 0.4)):
        cS, cP = (a + b) / 2, (b - a) / 2
        ref = float(scalar_on_boson_f2(m, MF, MS, a, b))
        assert abs(g2.charged_scalar(m, MF, MS, cS, cP, 0.0) / ref - 1) < 1e-10, (m, MF, MS)
        ref = float(scalar_on_boson_edm(m, MF, MS, a, b))
        assert abs(g2.edm_charged_scalar(m, MF, MS, cS, cP, 0.0) / ref - 1) < 1e-10, (m, MF, MS)


def test_sm_w_loop():
    """SM W with a massless neutrino, L = (g/sqrt2) nu_bar gamma^nu P_L l W+_nu + h.c. (g_L = g/sqrt2,
    g_R = 0, M_F = 0, Q_F = 0):  Delta a = sqrt2 G_F m^2/(16 pi^2) * 10/3 = G_F m^2 10/(3 * 8 sqrt2 pi^2),
    G_F/sqrt2 = g^2/(8 M_W^2)  (Jegerlehner & Nyffeler, arXiv:0902.3360, one-loop weak contribution;
    Fujikawa, Lee & Sanda, Phys. Rev. D6 (1972) 2923), up to O((m^2/M_W^2) ln) corrections."""
    g = 0.65
    GF = np.sqrt(2) * g**2 / (8 * MW**2)
    for m in (1e-4 * MW, 1e-3 * MW):
        textbook = GF * m**2 * 10 / (3 * 8 * np.sqrt(2) * np.pi**2)
        bound = 20 * (m / MW) ** 2 * np.log(MW**2 / m**2)
        ref = float(charged_vector_f2(m, 0.0, MW, g / np.sqrt(2), 0.0))
        assert abs(ref / textbook - 1) < bound, (m, ref, textbook)
        got = g2.charged_vector(m, 0.0, MW, g / (2 * np.sqrt(2)), -g / (2 * np.sqrt(2)), 0.0)
        assert abs(got / ref - 1) < 1e-10, (m, got, ref)


@pytest.mark.parametrize("QF", [0.0, -1.0, 2.0 / 3.0])
def test_charged_vector_delta_a_matches_feynman_gauge_set(QF):
    """Unitary-gauge g2.charged_vector at complex couplings = the 't Hooft-Feynman gauge diagrams
    (dirac_ref.charged_vector_f2: photon on F with weight -Q_F, on W with weight 1 + Q_F).  Error
    relative to |Q_F N| + |Q_W C| (N, C: photon on F, on W alone), so that no cancellation between
    the attachments is forced; Q_F = 0 on the whole grid, other charges on every third point."""
    cV, cA = g2.chiral_to_va(G_L, G_R)
    for m, MF in (GRID if QF == 0 else GRID[::3]):
        ref = float(charged_vector_f2(m, MF, MW, G_L, G_R, QF))
        scale = sum(abs(w * float(charged_vector_f2(m, MF, MW, G_L, G_R, q)))
                    for w, q in ((QF, -1.0), (1 + QF, 0.0)) if w != 0)
        got = g2.charged_vector(m, MF, MW, cV, cA, QF)
        assert abs(got - ref) <= 1e-10 * scale, (m / MW, MF / MW, QF, got, ref)


@pytest.mark.parametrize("QF", [0.0, -1.0, 2.0 / 3.0])
def test_charged_vector_edm_matches_feynman_gauge_set(QF):
    """g2.edm_charged_vector [e cm] at complex couplings vs the same diagrams' EDM form factor; the
    error relative to |Q_F N| + |Q_W C| as above.  The photon-on-W part checks _cv_d, in particular
    its longitudinal term -M_F (M_F^2 - m^2) JC11/M_W^2 (the Goldstone-Goldstone loop)."""
    cV, cA = g2.chiral_to_va(G_L, G_R)
    for m, MF in (GRID if QF == 0 else GRID[::3]):
        ref = float(charged_vector_edm(m, MF, MW, G_L, G_R, QF))
        scale = sum(abs(w * float(charged_vector_edm(m, MF, MW, G_L, G_R, q)))
                    for w, q in ((QF, -1.0), (1 + QF, 0.0)) if w != 0)
        got = g2.edm_charged_vector(m, MF, MW, cV, cA, QF)
        assert abs(got - ref) <= 1e-10 * scale, (m / MW, MF / MW, QF, got, ref)


def test_photon_on_boson_edm_is_not_the_chiral_part_of_delta_a():
    """Why _cv_d is not the (|c_V|^2 - |c_A|^2) coefficient D of Delta a: with the photon on W,
    Delta a = S (|c_V|^2 + |c_A|^2) + D (|c_V|^2 - |c_A|^2) and d = (hbar c/m) E Im(c_V c_A*) give, from
    the brute force alone,
        D - E = -(m^3 M_F / (4 pi^2 M_W^2)) int_0^1 x (1-x)^2 / DC(x) dx,
        DC(x) = x M_W^2 + (1-x) M_F^2 - x(1-x) m^2,
    the CP-even m M_F (|g_L|^2 + |g_R|^2) part of the Goldstone couplings' product, absent from the
    CP-odd one.  At m = 0.9 M_W, M_F = M_W/2 the term is ~20% of E."""
    m, MF = 0.9 * MW, 0.5 * MW
    # (c_V, c_A) = (1, 0): (g_L, g_R) = (1, 1);  (0, 1): (-1, 1);  (1, -i): (1 + i, 1 - i), Im(c_V c_A*) = 1
    D = float(charged_vector_f2(m, MF, MW, 1.0, 1.0) - charged_vector_f2(m, MF, MW, -1.0, 1.0)) / 2
    E = float(charged_vector_edm(m, MF, MW, 1 + 1j, 1 - 1j)) * m / 1.973269804e-14
    with mp.workdps(20):
        jc12 = mp.quad(lambda x: x * (1 - x) ** 2 / (x * MW**2 + (1 - x) * MF**2 - x * (1 - x) * m**2), [0, 1])
    want = -m**3 * MF / (4 * mp.pi**2 * MW**2) * jc12
    assert abs((D - E) / float(want) - 1) < 1e-10, (D, E, want)
    assert abs(want / E) > 0.1
