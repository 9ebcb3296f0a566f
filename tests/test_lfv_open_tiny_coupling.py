"""A two-body decay l_i -> l_j Z' opened by a tiny but physical flavour-violating Z' coupling must be
flagged (status bit 4, BR(l_i -> l_j gamma) NaN), not hidden behind a finite radiative BR.

The point is bl_vll_doublet, benchmarks/regression_outputs.py regime lfv_open, point 47: a 6 keV Z'
(M_Zp << m_mu - m_e) whose mass-basis e-mu coupling, induced by Z-Z' mixing (eps_k) and the
doublet VLLs' non-universal Z couplings, is 1.5e-16 (2.8e-14 g_BL) at 50 digits: 126 times the
rounding level eps g_BL of a double-precision rotation, so physical.  Tree level,
Gamma(mu -> e Z') ~ |g|^2 m_mu^3 / (32 pi M_Zp^2) (longitudinal enhancement) gives
BR ~ 2e-8 > BR(mu -> e gamma): the radiative BR is not modelled there (docs/physics.md, open
two-body channels).  Reference (tests/cp_mpref.py): the model's mass matrices at 50 digits, mpmath
SVD, mass-basis couplings; nothing of the kernel's output enters it (the SM Yukawa Newton starts
from branch_f sqrt2 m_f / v).  The kernel keeps the coupling since kernels/leptons.mass_basis_diag
takes off-diagonal couplings from the non-universal part of G with a per-entry rounding bound
(docs/physics.md, open two-body channels); a flagged point is NaN in every output.
"""
import re

import mpmath as mp
import numpy as np
import pytest

from cp_mpref import kernel_and_reference

POINT = {'alpha': 0.0073370096652670925, 'G_F': 1.1581817714903486e-05, 'M_Z': 90.28674261729795, 'M_h': 126.45952737471637, 'm_e': 0.0005150367078418188, 'm_mu': 0.10467185482133881, 'm_tau': 1.7765234126344625, 'g_BL': 0.005310051707782858, 'eps_k': -1.4729770426667283e-06, 'M_Zp': 6.3666837067619785e-06, 'M_hX': 8.188752489431579, 'sin_theta_hX': 0.0, 'y_nu11': 1.3683107396003264e-07, 'y_nu12': 0.26374818801330613, 'y_nu13': 0.008156223464604803, 'y_nu21': -0.018694404557787193, 'y_nu22': 1.910357669588315e-07, 'y_nu23': -0.013076304485424264, 'y_nu31': -0.162372565467857, 'y_nu32': -0.001197644146991544, 'y_nu33': -4.558004085110647e-08, 'lam_L11': 0.011393805236758077, 'lam_L12': 0.042470580447701856, 'lam_L13': 0.030578315084783522, 'lam_L21': -0.12011215813525816, 'lam_L22': -0.02529924627976169, 'lam_L23': -0.29069451092852994, 'lam_L31': 0.12153525949671658, 'lam_L32': -0.0020448684495538248, 'lam_L33': 0.013257714509170088, 'y_M11': -0.5813579723828607, 'y_M12': -0.11956242086063103, 'y_M13': -0.015916800871851065, 'y_M22': -0.019819595682511043, 'y_M23': 0.014977446968240833, 'y_M33': 0.11304010994553916, 'c_nu_R_L_R_H11': 0.3857956820293571, 'c_nu_R_L_R_H12': 0.516823710321659, 'c_nu_R_L_R_H13': 0.1812899972132519, 'c_nu_R_L_R_H21': 0.012650646585244554, 'c_nu_R_L_R_H22': -0.023395220129147937, 'c_nu_R_L_R_H23': -0.008238903708312968, 'c_nu_R_L_R_H31': -0.022539082039391332, 'c_nu_R_L_R_H32': -0.20126895105349776, 'c_nu_R_L_R_H33': -0.5571429918287762, 'M_L1': 1402.3219324069607, 'M_L2': 273.73229111023267, 'M_L3': 372.1299142158813, 'branch_e': 1.0, 'branch_mu': 1.0, 'branch_tau': -1.0}
OPEN_BIT = 4
OFF_DIAGONAL = r"^(lam_L|lam_E|lam_LE|kap_LE|y_nu|y_M|c_\w+?)(\d)(?!\2)\d$"   # regression_outputs


@pytest.fixture(scope="module")
def point():
    return kernel_and_reference("bl_vll_doublet", POINT)


def test_the_channel_is_open_with_a_physical_coupling(point):
    """The premise, from the 50-digit reference alone: m_mu > m_e + M_Zp, and the Z' e-mu coupling
    (either chirality) is far above double-precision rounding of g_BL."""
    _, p, _, ref = point
    assert ref.m_charged[1] > ref.m_charged[0] + ref.M_V["Zp"]
    _, a, b = ref.pairs(("V", "Zp"), 1)[0]          # F_0 = e-bar (a P_L + b P_R) mu
    assert max(abs(a), abs(b)) > 1e-14 * abs(p["g_BL"]), (mp.nstr(a, 5), mp.nstr(b, 5))


def test_open_channel_is_flagged(point):
    """Bit 4 and NaN in every computed output (a_mu.Zp is above threshold too: the fatal non-finite
    bit follows, as at every other open lfv_open point)."""
    _, _, out, _ = point
    assert out["status"][0] & (1 << OPEN_BIT)
    assert np.isnan(out["BR_mu_egamma"][0])
    assert np.isnan(out["a_mu.Zp"][0])


def test_no_mixing_stays_closed(point):
    """The same point with every generation-off-diagonal coupling 0: the generations do not mix, the
    e-mu Z' coupling is exactly 0 (block-diagonal rotations), mu -> e Z' is closed and unflagged."""
    ev, p, _, _ = point
    q = {k: (0.0 if re.match(OFF_DIAGONAL, k) else v) for k, v in p.items()}
    out = ev({k: [v] for k, v in q.items()})
    assert not out["status"][0] & (1 << OPEN_BIT), hex(out["status"][0])
    assert np.isfinite(out["a_mu.Zp"][0])
