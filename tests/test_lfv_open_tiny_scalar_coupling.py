"""A two-body decay mu -> e h_X opened by a tiny but physical flavour-violating h_X coupling must be
flagged (status bit 4, every output NaN), not hidden behind a finite radiative BR.

The point is bl_vll_doublet with a 30 MeV h_X (M_hX < m_mu - m_e), a Z' of 1.9 GeV (every
l_i -> l_j Z' closed: M_Zp > m_tau) and generation mixing between e and mu only (lam_L12 = lam_L21 =
1e-5; tau does not mix).  The h_X Yukawa lives in the l_L-bar L_R block (lam_L / sqrt2), so the e-mu
mass-basis entry Y'_{e mu} ~ sum_j lam_ej lam_mu,j m_mu v_X / (2 M_Lj^2) comes through the
right-handed light-heavy mixing of the muon: at 50 digits 1.42e-13, i.e. 6.7e-13 of the largest
|Y'| (below the flat cut 1e-12 x max |Y'| that dropped it before), and ~125 times its own
double-precision rounding bound E (docs/physics.md, open two-body channels: the bound of
Y' = U_L^T Y U_R, dominated here by the term of the rotations' absolute errors).  The channel is
open, so the radiative BR(mu -> e gamma) is not modelled and the point must be flagged.  Reference
(tests/cp_mpref.py): the mass matrices at 50 digits, mpmath SVD, the mass-basis Yukawas; nothing of
the kernel's output enters it (the SM Yukawa Newton starts from branch_f sqrt2 m_f / v).
"""
import re

import mpmath as mp
import numpy as np
import pytest

from cp_mpref import kernel_and_reference

POINT = {"M_Zp": 1.9, "g_BL": 0.8, "M_hX": 0.03, "sin_theta_hX": 0.0,
         "lam_L11": 0.3, "lam_L22": 0.3, "lam_L33": 0.3, "lam_L12": 1e-5, "lam_L21": 1e-5,
         "M_L1": 1500.0, "M_L2": 1800.0, "M_L3": 2000.0}
OPEN_BIT = 4
OFF_DIAGONAL = r"^(lam_L|lam_E|lam_LE|kap_LE|y_nu|y_M|c_\w+?)(\d)(?!\2)\d$"   # regression_outputs


def _bound(UL, Y, UR, k, l):
    """E_kl of docs/physics.md (open two-body channels, neutral scalars), at the reference's rotations:
    eps [(2n + 8) sum_ab |U_L,ak| |Y_ab| |U_R,bl| + 4n sum_ab |Y_ab| (|U_R,bl| + |U_L,ak|)]."""
    n = UL.rows
    eps = mp.mpf(2) ** -52
    t = s = 0
    for a in range(n):
        for b in range(n):
            y = abs(Y[a, b])
            t += abs(UL[a, k]) * y * abs(UR[b, l])
            s += y * (abs(UR[b, l]) + abs(UL[a, k]))
    return eps * ((2 * n + 8) * t + 4 * n * s)


@pytest.fixture(scope="module")
def point():
    return kernel_and_reference("bl_vll_doublet", POINT)


def test_the_channel_is_open_with_a_physical_coupling(point):
    """The premise, from the 50-digit reference alone: m_mu > m_e + M_hX while every l_i -> l_j Z' is
    closed; the e-mu h_X coupling (sin_theta_hX = 0: h_X is the gauge-basis scalar) is below the flat
    cut 1e-12 max |Y'| and far above its own rounding bound."""
    _, p, _, ref = point
    m, MZp = ref.m_charged, ref.M_V["Zp"]
    assert m[1] > m[0] + p["M_hX"]
    assert all(m[i] < m[k] + MZp for i in range(3) for k in range(i))
    Y = ref.scalar["h_X"]
    big = max(abs(Y[a, b]) for a in range(Y.rows) for b in range(Y.cols))
    c = max(abs(Y[0, 1]), abs(Y[1, 0]))
    assert c < 1e-12 * big, (mp.nstr(c, 5), mp.nstr(big, 5))
    E = _bound(ref.UL, ref.dM["h_X"], ref.UR, 0, 1)
    assert abs(Y[0, 1]) > 100 * E, (mp.nstr(Y[0, 1], 5), mp.nstr(E, 5))


def test_open_channel_is_flagged(point):
    """Bit 4 and NaN in every computed output (a_mu.hX is above threshold too: the fatal non-finite
    bit follows)."""
    ev, _, out, _ = point
    assert out["status"][0] & (1 << OPEN_BIT), hex(out["status"][0])
    finite = [k for k, v in out.items()
              if k != "status" and k not in ev.parameters and np.isfinite(np.asarray(v, float)[0])]
    assert not finite, finite


def test_no_mixing_stays_closed(point):
    """The same point with every generation-off-diagonal coupling 0: the generations do not mix, the
    e-mu h_X coupling is exactly 0 (block-diagonal rotations), mu -> e h_X is closed and unflagged."""
    ev, p, _, _ = point
    q = {k: (0.0 if re.match(OFF_DIAGONAL, k) else v) for k, v in p.items()}
    out = ev({k: [v] for k, v in q.items()})
    assert out["status"][0] == 0, hex(out["status"][0])
    assert np.isfinite(out["BR_mu_egamma"][0]) and np.isfinite(out["a_mu.hX"][0])
