"""The loop library's Delta a vs a brute-force magnetic form factor (explicit Dirac traces).

Reference: tests/dirac_ref.py, which builds each diagram from Feynman rules with 4x4 gamma
matrices and projects out F2(0) (no formula of modelgen.loops is used there).  The brute force is
first checked on textbook limits, then compared with ``g2.neutral_scalar`` (chirally enhanced,
heavy internal fermion) and with ``g2.neutral_vector`` (unitary gauge) through the gauge identity
unitary = Feynman-gauge vector + Goldstone scalar; the same for the EDMs (``g2.edm_*``) with
complex couplings.
"""
import mpmath as mp
import numpy as np
import pytest

from dirac_ref import scalar_edm, scalar_f2, vector_feynman_edm, vector_feynman_f2
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
    a = -Y[i,k]*, b = -Y[k,i]."""
    m = M_MU
    Yki = 1j / MV * (gL * m - MF * gR)
    Yik = 1j / MV * (np.conj(gL) * MF - m * np.conj(gR))
    ref = vector_feynman_f2(m, MF, MV, gL, gR) + scalar_f2(m, MF, MV, -np.conj(Yik), -Yki)
    got = g2.neutral_vector(m, MF, MV, (gL + gR) / 2, (gR - gL) / 2)
    assert abs(got / float(ref) - 1) < 1e-9, (got, ref)


def _goldstone(m, MF, MV, gL, gR):
    """(a, b) of the Goldstone of F_bar gamma (g_L P_L + g_R P_R) l V (see the test above)."""
    Yki = 1j / MV * (gL * m - MF * gR)
    Yik = 1j / MV * (np.conj(gL) * MF - m * np.conj(gR))
    return -np.conj(Yik), -Yki


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
    ref = float(vector_feynman_edm(m, MF, MB, gL, gR) + scalar_edm(m, MF, MB, *_goldstone(m, MF, MB, gL, gR)))
    got = g2.edm_neutral_vector(m, MF, MB, cV, cA)
    assert abs(got / ref - 1) < 1e-9, (got, ref)
