"""Cancellation-free Delta a pieces (modelgen.loops.divdiff -> _divdiff -> divdiff.pxd) against mpmath.

References, independent of the kernels' moment algebra and quadrature: the Leveille / LPQ integrands
of g2_mpref (Leveille, Nucl. Phys. B137 (1978) 63; Lindner, Platscher & Queiroz arXiv:1610.06587
Sec. 3), integrated by mp.quad at 40 digits:
* squared-coupling form:  Delta a = S_part (V + A) + D_part (V - A)  for any real V, A (linear);
* divided difference:  [Delta a(M) - Delta a(M0)] / (M^2 - M0^2), both terms and the subtraction at
  40 digits (M0 = M (1 + d), d down to 1e-12 leaves > 25 digits), and at M0 = M the derivative
  d Delta a / d M^2 by mp.diff;
across M/m = 1e-8 .. 1e8 and M_F/m = 1e-4 .. 30 (below threshold m < M_F + M), tolerance 1e-10 relative.
"""
import math

import mpmath as mp
import numpy as np
import pytest

import g2_mpref as ref
from modelgen.loops import divdiff

TOL = 1e-10
M_MU = 0.1056583755


def _a_ref(kind, m, MF, MB, s1, s2):
    S, D = ref.parts(kind, m, MF, MB)
    return S * (s1 + s2) + D * (s1 - s2)


@pytest.mark.parametrize("kind", ["S", "V"])
def test_squared_coupling_form_is_linear_in_signed_squares(kind):
    fn = divdiff.neutral_scalar_sq if kind == "S" else divdiff.neutral_vector_sq
    worst = 0.0
    for MB, MF, s1, s2 in [(91.19, M_MU, -3e-7, 2e-9), (1e-3, M_MU, 0.4, -0.25), (125.0, M_MU, -1.0, 0.0),
                           (0.017, 3 * M_MU, 1e-8, 5e-8), (1e4, 1e3, -0.2, 0.3)]:
        with mp.workdps(40):
            want = _a_ref(kind, M_MU, MF, MB, mp.mpf(s1), mp.mpf(s2))
        worst = max(worst, abs(fn(M_MU, MF, MB, s1, s2) / float(want) - 1))
    assert worst < TOL


def _dd_points():
    pts = [(r, 1.0, d) for r in (1e-8, 1e-3, 0.3, 1.0, 5.0, 1e3, 1e8) for d in (1e-12, 1e-4, 3.0)]
    pts += [(r, f, 1e-6) for r, f in ((1e-2, 3.0), (1e-2, 30.0), (2.0, 1e-4), (1e2, 1e-4), (1e2, 30.0))]
    return pts


@pytest.mark.parametrize("ratio, mf_ratio, d", _dd_points())
def test_divided_difference_matches_40_digit_subtraction(ratio, mf_ratio, d):
    m = M_MU
    MB, MF = m * ratio, m * mf_ratio
    MB0 = MB * (1 + d)
    V, A = 0.7, -0.2
    with mp.workdps(40):
        MB_, MB0_ = mp.mpf(MB), mp.mpf(MB0)
        want = (_a_ref("V", m, MF, MB_, V, A) - _a_ref("V", m, MF, MB0_, V, A)) / (MB_**2 - MB0_**2)
    got = divdiff.neutral_vector_dd(m, MF, MB, MB0, V, A)
    assert abs(got / float(want) - 1) < TOL, (got, float(want))


@pytest.mark.parametrize("ratio", [1e-3, 10.0])
def test_divided_difference_at_equal_masses_is_the_derivative(ratio):
    m = M_MU
    MB = m * ratio
    with mp.workdps(30):
        want = mp.diff(lambda M2: _a_ref("V", m, m, mp.sqrt(M2), 1, 0.5), mp.mpf(MB)**2)
    assert abs(divdiff.neutral_vector_dd(m, m, MB, MB, 1.0, 0.5) / float(want) - 1) < TOL


def test_above_threshold_is_nan_and_broadcasts():
    out = divdiff.neutral_vector_dd(1.0, [0.2, 0.8], 0.3, 0.31, 1.0, 1.0)   # m >= M_F + M_B: NaN
    assert math.isnan(out[0]) and np.isfinite(out[1])
    assert math.isnan(divdiff.neutral_vector_sq(1.0, 0.2, 0.3, 1.0, 1.0))
    with pytest.raises(ValueError, match="M_B"):
        divdiff.neutral_vector_dd(1.0, 1.0, -1.0, 1.0, 1.0, 1.0)


def _light_dd_points():
    """F = l inside the closed form's window (m^2/M^2, m^2/M0^2 <= 1/16): the e, mu, tau against
    Z-like and light bosons, M0 on both sides of M, from equal to a factor 4 apart."""
    pts = []
    for ratio in (4.0, 4.3, 7.0, 51.3, 862.6, 1.7e4, 1e6, 1e8):
        for d in (0.0, 1e-15, -3e-13, 1e-9, -2e-5, 3e-3, 0.2, -0.5, 3.0):
            if ratio * (1 + d) >= 4.0:
                pts.append((ratio, d))
    return pts


@pytest.mark.parametrize("ratio, d", _light_dd_points())
def test_light_lepton_divided_difference_closed_form(ratio, d):
    """dd_neutral_vector with M_F = m and m/M, m/M0 <= 1/4 (divdiff._dd_light: divided differences
    of _moments_light's closed form in v = 2r/(1 + sqrt(1 - 4r))) against the 40-digit Leveille /
    LPQ quadrature of g2_mpref: the subtraction (Da(M) - Da(M0))/(M^2 - M0^2) at 40 digits, or
    d Da/d M^2 by mp.diff at M = M0; 1e-13 relative (the Gauss-Legendre form it replaces: 1e-15
    typical, TOL = 1e-10 tested)."""
    m = M_MU
    MB = m * ratio
    MB0 = MB * (1 + d)
    worst = 0.0
    for V, A in ((0.7, -0.2), (1.0, 1.0), (0.3, 0.0)):
        with mp.workdps(40):
            MB_, MB0_ = mp.mpf(MB), mp.mpf(MB0)
            if MB0 == MB:
                want = mp.diff(lambda M2: _a_ref("V", m, m, mp.sqrt(M2), V, A), MB_**2)
            else:
                want = (_a_ref("V", m, m, MB_, V, A) - _a_ref("V", m, m, MB0_, V, A)) / (MB_**2 - MB0_**2)
        got = divdiff.neutral_vector_dd(m, m, MB, MB0, V, A)
        worst = max(worst, abs(got / float(want) - 1))
    assert worst < 1e-13, worst
