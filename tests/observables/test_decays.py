"""Z' decays against closed forms and an independent Dirac-trace computation."""
import numpy as np
import pytest
from scipy import constants as sc

from modelgen.errors import ParameterError
from modelgen.observables import decays

ALPHA = 1 / 137.035999084

# Dirac representation, metric (+,-,-,-)
_I2, _Z2 = np.eye(2), np.zeros((2, 2))
_SIG = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]])]
G = [np.block([[_I2, _Z2], [_Z2, -_I2]]).astype(complex)] + [np.block([[_Z2, s], [-s, _Z2]]).astype(complex) for s in _SIG]
G5 = 1j * G[0] @ G[1] @ G[2] @ G[3]
METRIC = np.diag([1.0, -1.0, -1.0, -1.0])


def _slash(p):
    return sum(METRIC[m, m] * p[m] * G[m] for m in range(4))


def width_by_trace(M, m, eps_V, eps_A):
    """Γ = |p|/(8πM²)·(1/3)Σ|M|² with Σ|M|² = e² Σ_pol ε_μ ε*_ν Tr[(p̸₁+m)Γ^μ(p̸₂−m)Γ̄^ν]."""
    p = np.sqrt(M**2 / 4 - m**2)
    E = M / 2
    p1, p2, k = np.array([E, 0, 0, p]), np.array([E, 0, 0, -p]), np.array([M, 0, 0, 0.0])
    vtx = [G[mu] @ (eps_V * np.eye(4) + eps_A * G5) for mu in range(4)]
    bar = [G[nu] @ (eps_V * np.eye(4) + eps_A * G5) for nu in range(4)]  # γ0 Γ† γ0 for real couplings
    A, B = _slash(p1) + m * np.eye(4), _slash(p2) - m * np.eye(4)
    total = 0.0
    for mu in range(4):
        for nu in range(4):
            pol = -METRIC[mu, nu] + k[mu] * k[nu] / M**2 * METRIC[mu, mu] * METRIC[nu, nu]
            if pol != 0:
                total += pol * np.trace(A @ vtx[mu] @ B @ bar[nu]).real
    e2 = 4 * np.pi * ALPHA
    return p / (8 * np.pi * M**2) * e2 * total / 3


def test_massless_vector_limit():
    M, eps = np.array([0.017, 1.0, 91.0]), 1e-3
    assert np.allclose(decays.width_dirac(M, 0.0, eps, 0.0, ALPHA), ALPHA * eps**2 * M / 3, rtol=1e-14)
    assert np.allclose(decays.width_dirac(M, 0.0, 0.0, eps, ALPHA), ALPHA * eps**2 * M / 3, rtol=1e-14)


@pytest.mark.parametrize("M, m, eV, eA", [(0.017, 0.000511, 1e-3, 0.0), (0.017, 0.000511, 0.0, 2e-3),
                                          (0.5, 0.1057, 3e-3, -1e-3), (4.0, 1.777, 1e-3, 2e-3)])
def test_massive_width_matches_trace(M, m, eV, eA):
    assert decays.width_dirac(M, m, eV, eA, ALPHA) == pytest.approx(width_by_trace(M, m, eV, eA), rel=1e-12)


def test_closed_channel_is_zero_not_nan():
    w = decays.width_dirac(np.array([0.2, 0.25]), 0.1057, 1e-3, 1e-3, ALPHA)
    assert w[0] == 0.0 and w[1] > 0 and not np.isnan(w).any()
    assert decays.width_majorana(0.1, 0.06, 1.0, 1.0, ALPHA) == 0.0


def test_majorana_vector_current_vanishes():
    M, m = 0.017, 0.003
    assert decays.width_majorana(M, m, eps_V=1e-3, eps_A=0.0, alpha=ALPHA) == 0.0
    a = decays.width_majorana(M, m, eps_V=0.0, eps_A=2e-3, alpha=ALPHA)
    b = decays.width_majorana(M, m, eps_V=5e-3, eps_A=2e-3, alpha=ALPHA)
    assert a == b > 0
    # vertex of (e/2) χ̄γγ5χ ε_A is e ε_A γγ5 (two contractions); identical particles: factor 1/2
    assert a == pytest.approx(0.5 * width_by_trace(M, m, 0.0, 2e-3), rel=1e-12)


def test_neutrino_width_normalisation():
    M, epsL = 0.017, 4e-3
    ref = ALPHA * epsL**2 * M / 6  # per flavour, massless left-handed ν
    assert decays.width_nu_nu(M, epsL, ALPHA, majorana=True) == pytest.approx(ref, rel=1e-14)
    assert decays.width_nu_nu(M, epsL, ALPHA, majorana=False) == pytest.approx(ref, rel=1e-14)
    # Dirac ν_L only: ε_V = -ε_A = ε_L/2 in the trace computation
    assert width_by_trace(M, 0.0, epsL / 2, -epsL / 2) == pytest.approx(ref, rel=1e-12)


def test_lifetime_ctau_and_decay_length():
    gamma = 2.5e-11  # GeV
    hbar_GeV_s = sc.hbar / (sc.e * 1e9)
    assert decays.lifetime(gamma) == pytest.approx(hbar_GeV_s / gamma, rel=1e-9)
    assert decays.ctau(gamma) == pytest.approx(sc.c * hbar_GeV_s / gamma, rel=1e-9)
    E, M = 0.1, 0.017  # βγ = p/M
    assert decays.decay_length(E, M, gamma) == pytest.approx(np.sqrt(E**2 - M**2) / M * sc.c * hbar_GeV_s / gamma, rel=1e-9)
    assert decays.lifetime(0.0) == np.inf
    with pytest.raises(ParameterError, match="E must be"):
        decays.decay_length(0.01, M, gamma)


def test_nan_mass_is_nan_not_a_closed_channel():
    assert np.isnan(decays.width_dirac(np.nan, 0.1, 1e-3, 0.0, 1 / 137.0))
    assert np.isnan(decays.width_nu_nu(np.nan, 1e-3, 1 / 137.0))
    assert decays.width_dirac(0.1, 0.1, 1e-3, 0.0, 1 / 137.0) == 0.0
