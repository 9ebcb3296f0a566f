"""The real dilogarithm of barrzee.pxd and the closed form of the lepton-doublet H±W∓γ Barr–Zee
diagram against independent references.

* Li₂(x): mpmath.polylog(2, x) at 30 digits, over −1e12 ≤ x ≤ 1 including the seams of the
  reductions (−1, 1/2), x → 0, x → 1 and |x| ≫ 1.
* The (ν, ℓ) doublet, m_ν = 0, Q = (0, −1): Cherchiglia, Kneschke, Stöckinger, Stöckinger-Kim,
  arXiv:1607.06292, eqs. (59), (60) at 50 digits (``_cherchiglia`` of test_barrzee_charged.py, typed
  from the paper) and Ilisie arXiv:1502.04199 eq. (22) by 30-digit quadrature (``_ilisie``), over
  M_C = 10 GeV … 10 TeV and lepton masses 1e-3 … 1e4 GeV, relative 1e-10.
"""
import math

import mpmath as mp
import numpy as np
import pytest

from modelgen.loops import _barrzee, barrzee

from test_barrzee_charged import ALPHA, M_MU, M_W, S_W2, _cherchiglia, _ilisie

LI2_POINTS = ([-1e12, -3e5, -17.0, -1.0 - 1e-9, -1.0, -1.0 + 1e-9, -0.3, -1e-8, -1e-300, 0.0, 1e-300, 1e-8,
               0.2, 0.5 - 1e-12, 0.5, 0.5 + 1e-12, 0.77, 1.0 - 1e-6, 1.0 - 1e-15, 1.0]
              + list(-np.logspace(-3, 6, 23)) + list(np.linspace(-0.99, 0.99, 21)))


def test_li2_matches_mpmath():
    """Relative 4e-16 (two roundings) wherever Li₂ ≠ 0; NaN above 1."""
    x = np.array(LI2_POINTS)
    got = barrzee.li2(x)
    with mp.workdps(30):
        for xi, gi in zip(x, got):
            want = mp.polylog(2, mp.mpf(float(xi)))
            assert abs(gi - want) <= 4e-16 * abs(want), (xi, gi, want)
    assert np.isnan(barrzee.li2(1.0 + 1e-15)) and np.isnan(barrzee.li2(np.nan))


LEPTON_CASES = [(M_C, m) for M_C in (10.0, 30.0, 79.0, 82.0, 100.0, 300.0, 1000.0, 3000.0, 1e4)
                for m in (1e-3, 0.1, 1.77686, 10.0, 100.0, 1000.0, 1e4)]


@pytest.mark.parametrize("M_C, m", LEPTON_CASES)
def test_lepton_doublet_closed_form_vs_cherchiglia(M_C, m):
    """Relative 1e-10 against the 50-digit closed form (v from the tree-level M_W, as in
    test_barrzee_charged.test_vs_cherchiglia_closed_form)."""
    v_tree = M_W * math.sqrt(S_W2 / (math.pi * ALPHA))
    xi_l = xi_d = -30.0
    got = barrzee.charged_w_fermion(M_MU, M_C, M_W, 0.0, m, 0.0, -1.0, 1, xi_l, 0.0, xi_d, ALPHA, v_tree, S_W2)
    want = _cherchiglia(M_C, 0.0, m, 0.0, -1.0, 1, 0.0, xi_d, xi_l)
    assert abs(got - want) <= 1e-10 * abs(want), (M_C, m, got, want)


@pytest.mark.parametrize("M_C, m", [(10.0, 1.77686), (300.0, 1.77686), (2000.0, 100.0), (74.0, 1200.0)])
def test_lepton_doublet_closed_form_vs_ilisie_integral(M_C, m):
    """Relative 1e-10 against Ilisie's eq. (22) (ς_ℓ = −ξ_ℓ, ς_d = −ξ_d)."""
    xi_l, xi_d = 1.7, 2.3
    V = 246.21965
    got = barrzee.charged_w_fermion(M_MU, M_C, M_W, 0.0, m, 0.0, -1.0, 1, xi_l, 0.0, xi_d, ALPHA, V, S_W2)
    want = _ilisie(M_C, 0.0, m, 0.0, -1.0, 1, 0.0, -xi_d, -xi_l)
    assert abs(got - want) <= 1e-10 * abs(want), (M_C, m, got, want)


def _F_l(x):
    """F_l(x) - 3/4 as printed in Cherchiglia et al. arXiv:1607.06292 eq. (60),
    F_l(x) = x + x(x - 1)(Li2(1 - 1/x) - pi^2/6) + (x - 1/2) ln x, by mpmath at 30 digits."""
    with mp.workdps(30):
        x = mp.mpf(float(x))
        return (x + x * (x - 1) * (mp.polylog(2, 1 - 1 / x) - mp.pi**2 / 6) + (x - mp.mpf(1) / 2) * mp.log(x)
                - mp.mpf(3) / 4)


@pytest.mark.parametrize("x", [1e-30, 1e-12, 3e-7, 2.5e-5, 4.887e-4, 9.99e-4, 1e-3, 1.0000001e-3, 1.001e-3,
                               5e-3, 0.3, 0.999, 1.0, 3.9, 4.0, 50.0])
def test_lepton_doublet_F_vs_mpmath(x):
    """The kernel's F_l - 3/4 (barrzee.pxd _lepton_doublet_F: the small-x form with two short series
    for x <= 1e-3, the closed form up to 4, the 1/x series above) against eq. (60) at 30 digits,
    relative 1e-13, on both sides of each switch (x = 1e-3, 4) and at the tau at M_W (4.887e-4)."""
    got = _barrzee.lepton_doublet_F(x)
    want = _F_l(x)
    assert abs(got - want) <= 1e-13 * abs(want), (x, got, want)
