"""Numeric tests of the l_i -> l_j gamma kernels (modelgen.loops.transition -> _transition ->
transition.pxd).

Independent references:
  * 25-digit mpmath quadrature of the leading-order Feynman-parameter integrands, typed in the
    natural variable of each photon attachment (not the moment form of the kernels), mass ratios
    M_F/M_B in 1e-8..1e8 (and M_F = 0, M_B = 0, M_F = M_B, the series/log switch): relative 1e-10
    per loop function (f: coefficient of m_i a_j* a_i, g: of M_F a_j* b_i), worst point reported;
  * the diagonal limit i = j against the exact-in-m g-2 library (modelgen.loops.g2):
    Da = m (s_L + s_R), d = (e/2) Im(s_L - s_R), relative 1e-8 at m = 1e-5 (M_F + M_B);
  * mu -> e gamma in the SM with Dirac neutrinos (W loop, GIM): the heavy-neutrino function
    G_gamma of Ilakovac-Pilaftsis / F_gamma of Alonso et al. at all masses, and
    (3 alpha/32 pi)|sum U U* m^2/M_W^2|^2 for light neutrinos;
  * Gamma from an explicit Dirac-matrix spin/polarisation sum of the dipole amplitude;
  * Gamma_mu (tree, with phase space) against hbar/tau_mu once the O(alpha) QED factor is applied.
"""
import numpy as np
import mpmath as mp
import pytest

from modelgen.loops import g2, transition as tr
from transition_mpref import fg

TOL = 1e-10
TOL_DIAG = 1e-8
HBARC = 1.973269804e-14
TOPOS = list(tr.TOPOLOGIES)
RNG_SEED = {"neutral_scalar": 11, "neutral_vector": 12, "charged_scalar": 13, "charged_vector": 14}


def _points(topology):
    rng = np.random.default_rng(RNG_SEED[topology])
    charged = topology.startswith("charged")
    pts = []
    for _ in range(40):
        MB = 10 ** rng.uniform(-2, 3)
        MF = MB * 10 ** rng.uniform(-8, 8)
        pts.append((MF, MB))
    pts += [(1.0, 1.0), (1.1, 1.0), (1.0, 1.1), (np.sqrt(1.25), 1.0), (1.0, np.sqrt(1.25)),
            (np.sqrt(1.2501), 1.0), (1.0, np.sqrt(1.2499)), (0.0, 1.0), (1e-8, 1.0), (1e8, 1.0)]
    if topology.endswith("scalar"):
        pts += [(1.0, 0.0), (1.0, 1e-8)]
    qs = rng.choice([0.0, 1.0, -2.0, 2 / 3, -1 / 3, -1.0, 0.37], size=len(pts)) if charged else \
        np.zeros(len(pts))
    return [(MF, MB, float(q)) for (MF, MB), q in zip(pts, qs)]


@pytest.mark.parametrize("topology", TOPOS)
def test_loop_functions_vs_mpmath(topology):
    mp.mp.dps = 25
    pts = _points(topology)
    MF, MB, QF = (np.array(c) for c in zip(*pts))
    mi = 1e-3 * np.maximum(MF + MB, 1e-300)
    one, zero = np.ones_like(MF), np.zeros_like(MF)
    # f: a_i = a_j = 1, m_j = 0  ->  s_R = f m_i;   g: a_j = b_i = 1  ->  s_R = g M_F
    sLf, sRf = tr.dipole(topology, mi, 0.0, MF, MB, one, zero, one, zero, QF)
    sLg, sRg = tr.dipole(topology, mi, 0.0, MF, MB, zero, one, one, zero, QF)
    assert np.all(sLf == 0) and np.all(sLg == 0)
    worst = (0.0, None)
    for k, p in enumerate(pts):
        f, g, fs, gs = (float(x) for x in fg(topology, *p))
        ef = abs(sRf[k].real / mi[k] - f) / fs
        eg = 0.0 if p[0] == 0 else abs(sRg[k].real / p[0] - g) / gs
        assert sRf[k].imag == 0 and sRg[k].imag == 0
        if max(ef, eg) > worst[0]:
            worst = (max(ef, eg), p)
    print(f"{topology}: worst relative error {worst[0]:.2e} "
          f"({worst[0] / np.finfo(float).eps:.0f} eps) at (M_F, M_B, Q_F) = {worst[1]}")
    assert worst[0] < TOL, worst


@pytest.mark.parametrize("topology", TOPOS)
def test_coupling_assembly(topology):
    """Complex couplings, m_j != 0: s_R = f (m_i a_j* a_i + m_j b_j* b_i) + g M_F a_j* b_i,
    s_L = the same with a <-> b; parity and hermiticity (j -> i is the conjugate)."""
    rng = np.random.default_rng(7)
    n = 50
    MB = 10 ** rng.uniform(-1, 3, n)
    MF = MB * 10 ** rng.uniform(-3, 3, n)
    mi = 1e-3 * (MF + MB)
    mj = mi * rng.uniform(0, 1, n)
    QF = rng.choice([0.0, 2 / 3, -1.0], n) if topology.startswith("charged") else 0.0
    c = rng.normal(size=(4, n)) + 1j * rng.normal(size=(4, n))
    one, zero = np.ones(n), np.zeros(n)
    f = tr.dipole(topology, mi, 0.0, MF, MB, one, zero, one, zero, QF)[1].real / mi
    g = tr.dipole(topology, mi, 0.0, MF, MB, zero, one, one, zero, QF)[1].real / MF
    sL, sR = tr.dipole(topology, mi, mj, MF, MB, *c, QF)
    ai, bi, aj, bj = c
    terms_R = [f * mi * aj.conj() * ai, f * mj * bj.conj() * bi, g * MF * aj.conj() * bi]
    terms_L = [f * mi * bj.conj() * bi, f * mj * aj.conj() * ai, g * MF * bj.conj() * ai]
    for s, terms in ((sR, terms_R), (sL, terms_L)):
        scale = sum(abs(t) for t in terms)
        assert np.max(abs(s - sum(terms)) / scale) < 1e-14
    sLp, sRp = tr.dipole(topology, mi, mj, MF, MB, bi, ai, bj, aj, QF)       # parity
    assert np.allclose(sLp, sR, rtol=1e-15, atol=0) and np.allclose(sRp, sL, rtol=1e-15, atol=0)
    sLh, sRh = tr.dipole(topology, mj, mi, MF, MB, aj, bj, ai, bi, QF)       # j -> i
    assert np.allclose(sRh, sL.conj(), rtol=1e-14, atol=0)
    assert np.allclose(sLh, sR.conj(), rtol=1e-14, atol=0)


_G2 = {"neutral_scalar": (g2.neutral_scalar, g2.edm_neutral_scalar),
       "neutral_vector": (g2.neutral_vector, g2.edm_neutral_vector),
       "charged_scalar": (g2.charged_scalar, g2.edm_charged_scalar),
       "charged_vector": (g2.charged_vector, g2.edm_charged_vector)}


@pytest.mark.parametrize("topology", TOPOS)
def test_diagonal_limit_reproduces_g2(topology):
    """i = j, m = 1e-5 (M_F + M_B): Da = m (s_L + s_R) and d = (e/2) Im(s_L - s_R) against the
    exact g-2 library, separately for the |c|^2 part (c_S = 1, c_P = -i: Da = 2 S) and the
    chirally enhanced part (its EDM, Im(c_S c_P*) = 1).  Charged topologies: error relative to
    |Q_F| |photon-on-F part| + |1 + Q_F| |photon-on-B part| (the library at Q_F = -1 and 0), since
    the two attachments cancel at leading order for special charges (e.g. the scalar |c|^2 part
    at Q_F = -1/3, M_F -> 0), where the O(m^2/M^2) terms the transition drops dominate."""
    fa, fd = _G2[topology]
    charged = topology.startswith("charged")
    rng = np.random.default_rng(RNG_SEED[topology] + 100)
    n = 60
    MB = 10 ** rng.uniform(-2, 3, n)
    MF = MB * 10 ** rng.uniform(-6, 6, n)
    MF[:3] = (0.0, MB[1], 3.0 * MB[2])
    m = 1e-5 * (MF + MB)
    QF = rng.choice([0.0, 1.0, -2.0, 2 / 3, -1 / 3, -1.0], n) if charged else -np.ones(n)
    cS, cP = 1.0, -1j
    a, b = cS - cP, cS + cP
    sL, sR = tr.dipole(topology, m, m, MF, MB, a, b, a, b, QF if charged else 0.0)
    assert np.allclose(sL, sR.conj(), rtol=1e-15, atol=0)     # Hermitian diagonal operator
    da = (m * (sL + sR)).real
    d = 0.5 * (sL - sR).imag * HBARC
    if charged:
        da_ref = fa(m, MF, MB, cS, cP, QF)
        d_ref = fd(m, MF, MB, cS, cP, QF)
        scale_a = (np.abs(QF * fa(m, MF, MB, cS, cP, -1.0))
                   + np.abs((1 + QF) * fa(m, MF, MB, cS, cP, 0.0)))
        scale_d = (np.abs(QF * fd(m, MF, MB, cS, cP, -1.0))
                   + np.abs((1 + QF) * fd(m, MF, MB, cS, cP, 0.0)))
    else:
        da_ref = fa(m, MF, MB, cS, cP)
        d_ref = fd(m, MF, MB, cS, cP)
        scale_a, scale_d = np.abs(da_ref), np.abs(d_ref)
    err_a = np.abs(da - da_ref) / scale_a
    nz = MF > 0
    err_d = np.abs(d[nz] - d_ref[nz]) / scale_d[nz]
    assert np.all(d[~nz] == 0) and np.all(d_ref[~nz] == 0)
    worst = max(err_a.max(), err_d.max())
    print(f"{topology}: diagonal limit worst relative error {worst:.2e}")
    assert worst < TOL_DIAG


# ---------------------------------------------------------------------------------------------
# SM mu -> e gamma with Dirac neutrinos (W loop, unitary gauge)
# ---------------------------------------------------------------------------------------------
G_F, M_W, M_MU = 1.1663788e-5, 80.379, 0.1056583755


def _unitary(seed):
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3)))
    return q * (np.diag(r) / abs(np.diag(r)))


def _br_sm(masses, U):
    """BR(mu -> e gamma) from the charged-vector kernel: L = (g/sqrt2) nu_k-bar g^mu P_L
    U*_{lk} l W+ + h.c. (a_l = g U*_{lk}/sqrt2, b = 0, Q_F = 0), m_e = 0, Gamma_mu tree."""
    g = np.sqrt(4 * np.sqrt(2) * G_F * M_W**2)
    sL = sR = 0.0
    for k, mk in enumerate(masses):
        l, r = tr.dipole("charged_vector", M_MU, 0.0, mk, M_W, g * U[1, k].conj() / np.sqrt(2),
                         0.0, g * U[0, k].conj() / np.sqrt(2), 0.0, Q_F=0.0)
        sL, sR = sL + l, sR + r
    return tr.width_dipole(M_MU, 0.0, sL, sR) / tr.muon_width(G_F, M_MU, 0.0)


def _G_gamma(x):
    """Ilakovac-Pilaftsis heavy-neutrino function (hep-ph/9403398)."""
    x = mp.mpf(x)
    return -(2 * x**3 + 5 * x**2 - x) / (4 * (1 - x)**3) - 3 * x**3 * mp.log(x) / (2 * (1 - x)**4)


def _F_gamma(x):
    """Alonso, Dhen, Gavela, Hambye (arXiv:1209.2679): F_gamma = 10/3 - 4 G_gamma."""
    x = mp.mpf(x)
    num = 10 - 43 * x + 78 * x**2 - 49 * x**3 + 4 * x**4 + 18 * x**3 * mp.log(x)
    return num / (3 * (x - 1)**4)


def test_sm_heavy_neutrino_function():
    mp.mp.dps = 30
    for x in (1e-3, 0.3, 0.9, 1.2, 7.0, 1e3):
        assert abs(_F_gamma(x) - (mp.mpf(10) / 3 - 4 * _G_gamma(x))) < 1e-25
    U = _unitary(3)
    alpha = tr.ALPHA0
    for masses in ((1.0, 80.0, 400.0), (30.0, 90.0, 2e3), (5.0, 60.0, 1e5)):
        br = _br_sm(masses, U)
        amp = sum(U[0, k] * U[1, k].conj() * complex(_G_gamma((mk / M_W)**2))
                  for k, mk in enumerate(masses))
        ref = 3 * alpha / (2 * np.pi) * abs(amp)**2
        assert abs(br / ref - 1) < 1e-10, (masses, br, ref)


def test_sm_gim_light_neutrinos():
    """BR = (3 alpha/32 pi) |sum U_ek U_muk* m_k^2/M_W^2|^2 up to O(m_k^2/M_W^2)."""
    U = _unitary(5)
    masses = (0.05, 0.4, 1.6)
    xmax = (masses[-1] / M_W)**2
    br = _br_sm(masses, U)
    ref = 3 * tr.ALPHA0 / (32 * np.pi) * abs(sum(U[0, k] * U[1, k].conj() * (mk / M_W)**2
                                                 for k, mk in enumerate(masses)))**2
    assert abs(br / ref - 1) < 5 * xmax


# ---------------------------------------------------------------------------------------------
# width normalisation and total widths
# ---------------------------------------------------------------------------------------------
def _gammas():
    I2, Z2 = np.eye(2), np.zeros((2, 2))
    sig = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.diag([1.0, -1.0])]
    g0 = np.block([[I2, Z2], [Z2, -I2]]).astype(complex)
    gs = [g0] + [np.block([[Z2, s], [-s, Z2]]).astype(complex) for s in sig]
    g5 = 1j * gs[0] @ gs[1] @ gs[2] @ gs[3]
    return gs, g5


def test_width_from_dirac_traces():
    """Gamma = |p|/(8 pi m_i^2) (1/2) sum |M|^2, M = -e eps*_mu u_j-bar i sigma^{mu nu} q_nu
    (s_L P_L + s_R P_R) u_i, polarisation sum -g_{mu rho}, traces with explicit matrices."""
    gs, g5 = _gammas()
    metric = np.diag([1.0, -1.0, -1.0, -1.0])
    PL, PR = (np.eye(4) - g5) / 2, (np.eye(4) + g5) / 2
    mi, mj = 1.777, 0.1057
    sL, sR = 0.3 - 0.7j, -1.1 + 0.2j
    e2 = 4 * np.pi * tr.ALPHA0
    pabs = (mi**2 - mj**2) / (2 * mi)
    n = np.array([0.3, -0.5, 0.81]); n /= np.linalg.norm(n)
    q = np.concatenate([[pabs], pabs * n])                       # photon, upper index
    pi = np.array([mi, 0, 0, 0])
    pj = pi - q
    slash = lambda p: sum(metric[m, m] * p[m] * gs[m] for m in range(4))
    sigma = lambda m, v: 0.5j * (gs[m] @ gs[v] - gs[v] @ gs[m])
    chir = sL * PL + sR * PR
    Gam = [1j * sum(sigma(m, v) * metric[v, v] * q[v] for v in range(4)) @ chir for m in range(4)]
    g0 = gs[0]
    total = 0.0
    for m in range(4):
        bar = g0 @ Gam[m].conj().T @ g0
        total += -metric[m, m] * np.trace((slash(pj) + mj * np.eye(4)) @ Gam[m]
                                          @ (slash(pi) + mi * np.eye(4)) @ bar)
    width_traces = pabs / (8 * np.pi * mi**2) * 0.5 * e2 * total.real
    assert abs(total.imag) < 1e-12 * abs(total.real)
    assert abs(tr.width_dipole(mi, mj, sL, sR) / width_traces - 1) < 1e-13
    closed = tr.ALPHA0 * mi**3 / 4 * (1 - mj**2 / mi**2)**3 * (abs(sL)**2 + abs(sR)**2)
    assert abs(tr.width_dipole(mi, mj, sL, sR) / closed - 1) < 1e-14


def test_total_widths():
    """Gamma = hbar/tau with hbar = 6.582119569e-25 GeV s (CODATA 2018, exact in the 2019 SI) and
    PDG 2024 lifetimes tau_mu = 2.1969811(22) us; tau_tau: c tau = 87.03 um with
    hbar c = 1.973269804e-16 GeV m (CODATA 2018), i.e. Gamma_tau = hbar c / (c tau) to the 4 digits
    of c tau (an independent route to the library's hbar/tau_tau)."""
    hbar, hbarc = 6.582119569e-25, 1.973269804e-16
    tau_mu = 2.1969811e-6
    qed = 1 + tr.ALPHA0 / (2 * np.pi) * (25 / 4 - np.pi**2)
    assert abs(tr.muon_width() * qed / (hbar / tau_mu) - 1) < 1e-4
    x = (tr.M_E / tr.M_MU)**2
    ps = 1 - 8 * x + 8 * x**3 - x**4 - 12 * x**2 * np.log(x)
    assert abs(tr.muon_width() / (G_F**2 * M_MU**5 / (192 * np.pi**3) * ps) - 1) < 1e-14
    assert abs(tr.tau_width() / (hbarc / 87.03e-6) - 1) < 1e-4
    br = tr.branching_ratio("neutral_scalar", 1.77686, 0.1056583755, 500.0, 700.0, 0.1, 0.2j,
                            0.3, -0.1, gamma_total=tr.tau_width())
    sL, sR = tr.dipole("neutral_scalar", 1.77686, 0.1056583755, 500.0, 700.0, 0.1, 0.2j, 0.3, -0.1)
    assert br == tr.width_dipole(1.77686, 0.1056583755, sL, sR) / tr.tau_width()


def test_api_threshold_broadcast_errors():
    sL, sR = tr.dipole("neutral_vector", [0.1, 3.0, 0.5], 0.0, 1.0, 1.0, 1.0, 0.5, 1.0, 0.5)
    assert sL.shape == (3,) and np.isnan(sL[1]) and np.isnan(sR[1]) and np.isfinite(sR[0])
    assert np.isnan(tr.dipole("charged_vector", 0.1, 0.0, 1.0, 0.0, 1, 0, 1, 0)[1])  # M_B = 0
    s = tr.dipole("charged_scalar", 0.1, 0.01, np.ones((2, 3)), 2.0, 1, 1j, 1, 0, Q_F=[0, 1, 2])
    assert s[0].shape == (2, 3)
    assert tr.width_dipole(0.1, 0.2, 1.0, 1.0) == 0.0
    assert tr.width_dipole(0.1, 0.1, 1.0, 1.0) == 0.0
    with pytest.raises(ValueError):
        tr.dipole("nope", 0.1, 0.0, 1, 1, 1, 0, 1, 0)
    with pytest.raises(ValueError):
        tr.dipole("neutral_scalar", 0.1, 0.0, 1, 1, 1, 0, 1, 0, Q_F=2 / 3)
    with pytest.raises(ValueError):
        tr.dipole("neutral_scalar", -0.1, 0.0, 1, 1, 1, 0, 1, 0)
