"""Lepton EDM of one heavy Dirac fermion F and one neutral scalar S with complex chiral couplings,
through the complex kernel's dipole sum (modelgen/kernels/cleptons.pxd ns_sum_c, i.e. the
rotation-to-loop assembly the generated CP kernels run), against references written here:

    L = F_bar (L P_L + R P_R) mu S + h.c.   (Q_F = Q_mu = -1, S neutral, photon on F)
    d_mu = e M_F Im(L R^*) / (16 pi^2) Int_0^1 x^2 dx / (x M_F^2 + (1-x) M_S^2 - x(1-x) m_mu^2)

(Leveille, Nucl. Phys. B137 (1978) 63, chirality-flip term of the scalar diagram with the CP-odd
coupling product; EDM defined by L = -(i/2) d mu_bar sigma^{mu nu} gamma5 mu F_{mu nu}, e > 0,
docs/physics.md "One-loop dipoles").  For m_mu -> 0 the integral is closed form,
    M_S^2 Int = f(r) = [r^2/2 - 2r + 3/2 + ln r]/(r - 1)^3,  r = M_F^2/M_S^2,
with the known limits f -> 1/3 (r = 1), 1/(2r) (heavy fermion), ln(1/r) - 3/2 (heavy scalar).
The sign and the normalisation relative to the magnetic moment are those of the dipole relation
d = (e/2m) Delta a_flip tan(phi), phi = arg(L R^*) (one complex dipole coefficient; e.g. Feng,
Matchev, Shadmi hep-ph/0107182), where Delta a_flip = m M_F Re(L R^*)/(8 pi^2) Int is the chirally
enhanced part of the same diagram.  Brute force: tests/dirac_ref.py (explicit Dirac traces from
the Feynman rules) at the same couplings.
"""
import math

import mpmath as mp
import numpy as np
import pytest

from dirac_ref import scalar_edm
from modelgen.kernels._ctwins import ns_sum_c_twin

HBARC_GEV_CM = 1.973269804e-14   # CODATA hbar c
M_MU = 0.1056583755


def _kernel(m, MF, MS, L, R):
    """(Delta a, d) of state 0 (the muon) from the two-state mass-basis Yukawa Yp whose couplings of
    F_bar_1 mu_0 are (a, b) = (-conj(Yp[0,1]), -Yp[1,0]) (cleptons.pxd convention)."""
    Yp = np.zeros((2, 2), complex)
    Yp[0, 1], Yp[1, 0] = -np.conj(L), -R
    return ns_sum_c_twin(0, np.array([m, MF]), Yp, MS)


def _integral(m, MF, MS):
    with mp.workdps(30):
        return float(mp.quad(lambda x: x ** 2 / (x * MF ** 2 + (1 - x) * MS ** 2 - x * (1 - x) * m ** 2), [0, 1]))


def _f_closed(r):
    return (r * r / 2 - 2 * r + 1.5 + math.log(r)) / (r - 1) ** 3


CASES = [(200.0, 300.0, 0.3 + 0.4j, 0.5 - 0.2j), (1000.0, 125.0, 0.1j, 0.7), (150.0, 2000.0, -0.2 + 0.1j, 0.3j),
         (5.0, 80.0, 1e-2 * (1 + 1j), 2e-2)]


@pytest.mark.parametrize("MF, MS, L, R", CASES)
def test_edm_matches_published_loop_formula(MF, MS, L, R):
    d = _kernel(M_MU, MF, MS, L, R)[1]
    ref = HBARC_GEV_CM * MF * (L * np.conj(R)).imag / (16 * math.pi ** 2) * _integral(M_MU, MF, MS)
    assert abs(d / ref - 1) < 1e-10
    # m_mu -> 0 closed form: equal up to O(m_mu^2 / max(M_F, M_S)^2)
    closed = HBARC_GEV_CM * MF * (L * np.conj(R)).imag / (16 * math.pi ** 2 * MS ** 2) * _f_closed(MF ** 2 / MS ** 2)
    assert abs(d / closed - 1) < 10 * M_MU ** 2 / min(MF, MS) ** 2


@pytest.mark.parametrize("MF, MS, L, R", CASES[:2])
def test_edm_matches_dirac_traces(MF, MS, L, R):
    d = _kernel(M_MU, MF, MS, L, R)[1]
    assert abs(d / float(scalar_edm(M_MU, MF, MS, L, R)) - 1) < 1e-9


def test_edm_and_chiral_moment_are_one_complex_dipole():
    """Rotating the phase of L at fixed moduli: Delta a_flip cos(phi) and (2m/e) d = Delta a_flip sin(phi)."""
    MF, MS, l, r = 300.0, 500.0, 0.4, 0.6
    a_flip = M_MU * MF * l * r / (8 * math.pi ** 2) * _integral(M_MU, MF, MS)
    da_perp = _kernel(M_MU, MF, MS, 1j * l, r)[0]        # Re(L R^*) = 0: no chirality-flip part
    for phi in (0.3, 1.2, -2.5):
        da, d = _kernel(M_MU, MF, MS, l * np.exp(1j * phi), r)
        assert abs((da - da_perp) - a_flip * math.cos(phi)) < 1e-10 * a_flip
        assert abs(2 * M_MU * d / HBARC_GEV_CM - a_flip * math.sin(phi)) < 1e-10 * a_flip


def test_real_couplings_give_no_edm():
    assert _kernel(M_MU, 200.0, 300.0, 0.3, -0.5)[1] == 0.0
