"""ATOMKI rates: nucleon couplings, |p_X|³ scaling, normalisation at hand-computed points.

No published rate ratio could be checked against its source here (Feng et al. 1604.07411 text was
not retrievable), so the normalisation is tested at limits with known answers (a massless X with
photon couplings must give Γ_X/Γ_γ = 1) and at a point whose momenta are solved independently
from energy conservation.
"""
import numpy as np
import pytest
from scipy.optimize import brentq

from modelgen.observables import couplings, nuclear

# Feng et al. arXiv:1604.07411 Table I (inputs.md §6), MeV
M_BE8_1815, M_BE8_1764, M_BE8 = 7473.00, 7472.49, 7454.85


def momentum_by_energy_conservation(M_star, M, m):
    """Solve √(p²+m²) + √(p²+M²) = M* for p (MeV)."""
    f = lambda p: np.sqrt(p * p + m * m) + np.sqrt(p * p + M * M) - M_star
    return brentq(f, 0.0, M_star, xtol=1e-13, rtol=1e-15)


def test_nucleon_couplings_from_charges():
    eps = 1e-3  # dark photon: ε_q = ε Q_q gives ε_p = ε, ε_n = 0
    p, n = couplings.nucleon_couplings(2 / 3 * eps, -1 / 3 * eps)
    assert p == pytest.approx(eps) and n == pytest.approx(0, abs=1e-18)
    p, n = couplings.nucleon_couplings(1 / 3, 1 / 3)  # B−L: baryon number 1 for both
    assert p == pytest.approx(1) and n == pytest.approx(1)


def test_photon_limit_is_one():
    # a massless X with photon couplings (ε_p, ε_n) = (1, 0) is the photon: ratio 1 for both levels
    assert nuclear.rate_be8_18p15(1.0, 0.0, 0.0) == pytest.approx(1.0, rel=1e-14)
    assert nuclear.rate_be8_17p64(1.0, 0.0, 0.0) == pytest.approx(1.0, rel=1e-14)


def test_hand_computed_point():
    m_x, eps_p, eps_n, br = 16.7, -1e-3, 8e-3, 0.9
    p_x = momentum_by_energy_conservation(M_BE8_1815, M_BE8, m_x)
    p_g = momentum_by_energy_conservation(M_BE8_1815, M_BE8, 0.0)
    assert p_g == pytest.approx(18.128, abs=1e-3)  # (M*² − M²)/(2M*)
    expect = (eps_p + eps_n) ** 2 * (p_x / p_g) ** 3 * br
    assert nuclear.rate_be8_18p15(eps_p, eps_n, m_x * 1e-3, br) == pytest.approx(expect, rel=1e-9)
    p_x2 = momentum_by_energy_conservation(M_BE8_1764, M_BE8, m_x)
    p_g2 = momentum_by_energy_conservation(M_BE8_1764, M_BE8, 0.0)
    expect2 = (eps_p - eps_n) ** 2 * (p_x2 / p_g2) ** 3 * br  # isovector transition
    assert nuclear.rate_be8_17p64(eps_p, eps_n, m_x * 1e-3, br) == pytest.approx(expect2, rel=1e-9)


def test_mass_dependence_is_p_cubed():
    m = np.array([1.0, 10.0, 16.7, 17.3, 18.0]) * 1e-3
    r = nuclear.rate_be8_18p15(0.004, 0.006, m)
    p = np.array([momentum_by_energy_conservation(M_BE8_1815, M_BE8, x * 1e3) for x in m])
    assert np.allclose(r / r[2], (p / p[2]) ** 3, rtol=1e-9)


def test_isospin_structure_and_closed_channel():
    assert nuclear.rate_be8_18p15(-3e-3, 3e-3, 0.017) == 0.0  # ε_p + ε_n = 0
    assert nuclear.rate_be8_17p64(3e-3, 3e-3, 0.017) == 0.0  # ε_p − ε_n = 0
    closed = nuclear.rate_be8_18p15(1e-3, 1e-2, np.array([0.0182, 0.02]))
    assert np.all(closed == 0.0)


def test_he4_not_modelled():
    r = nuclear.rate_he4_21p01(np.zeros(3), np.ones(3), 0.017)
    assert r.shape == (3,) and np.isnan(r).all()
    assert "not modelled" in nuclear.NOT_MODELLED["R_He4_21p01"]
