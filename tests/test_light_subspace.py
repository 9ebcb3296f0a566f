"""Status bit of a light neutral subspace that is not separated from the heavier states
(ir_scalars.LIGHT_SPLIT_BIT, kernels/leptons.light_separated; docs/physics.md "Light subspace").

The outputs summed over the nmin lightest Majorana states (the flavour neutrinos' Z/Z' couplings, the
W strengths of the light charged leptons and their universality ratio) are defined only if those
states are separated from the next one; where they are not, the bit is set (non-fatal) and exactly
those outputs are NaN.

The constructed point pushes the third generation's (nu_L, N_R) seesaw pair together: with a Majorana
mass M = y_M33 v_X/sqrt2 far below the Dirac mass m_D = y_nu33 v/sqrt2, the 2x2 block [[0, m_D],
[m_D, M]] has the pseudo-Dirac pair |lambda| = sqrt(m_D^2 + M^2/4) -+ M/2 (its characteristic
polynomial; phases of m_D and M rotate away in a one-generation block), so the 3rd lightest state
(nmin = 3) is a member of a pair split by M / m_D ~ 2e-3: the light subspace splits the pair.  With
y_M33 = 0.1 the same generation gives the seesaw m_D^2 / M, far below M: separated, bit not set.
"""
import math
import re

import numpy as np
import pytest

import modelgen as mg
from modelgen.ir_scalars import LIGHT_SPLIT_BIT
from modelgen.kernels import _twins as tw
from modelgen.models import bl_vll

BIT = 1 << LIGHT_SPLIT_BIT
EPS = np.finfo(float).eps
#: heavy-ish Z' (no l_i -> l_j Z' open: the radiative BRs stay finite), third generation pseudo-Dirac
SPLIT = {"M_Zp": 5.0, "g_BL": 0.05, "y_nu33": 1e-4, "y_M33": 1e-6}
#: outputs summed over the light subspace, by name: the neutrinos' left-handed Z coupling and Z'
#: eps_V/eps_A/eps_L (eps_R and g_R of a nu_L are identically 0), gW2.<l> and the ratios gW.<l1>_<l0>
LIGHT_NAMES = re.compile(r"^(g_L\.Z|eps_[VAL])\.nu_|^gW2\.|^gW\.")


def test_criterion_on_spectra():
    """separated iff nlight = n or m[nlight] >= 8 m[nlight-1] (m ascending), nlight from light_count."""
    sep = lambda m, nmin=3: tw.light_separated_twin(np.asarray(m, float), tw.light_count_twin(np.asarray(m, float), nmin))
    heavy = [100.0, 200.0, 300.0]
    assert sep([0.0] * 6 + heavy)                                   # y_nu = y_M = 0: six massless, kept together
    assert sep([0.0, 1e-11, 5e-11, 0.3] + heavy)                    # seesaw: light states far below the rest
    assert sep([0.0, 0.0, 0.0])                                     # the massless limit: nothing heavier
    assert sep([1e-11, 2e-11, 5e-11, 1e-6] + heavy)                 # keV sterile state, 2e4 above: separated
    assert not sep([1e-9, 1e-9, 34.12534004, 34.12534018, 1654.8])  # pseudo-Dirac pair split (near_edge point)
    assert not sep([1e-11, 2e-11, 5e-11, 1e-10] + heavy)            # sterile state within 8x: nmin too small
    assert not sep([0.2, 0.5, 7.4, 8.3] + heavy)                    # no scale separation at all
    assert not sep([1e-11, 2e-11, np.nan, 1.0] + heavy)             # a NaN mass is never separated
    assert sep([1e-11, 2e-11, 3.0, 24.0] + heavy) and not sep([1e-11, 2e-11, 3.0, 24.0 * (1 - EPS)] + heavy)
    tol = 64 * EPS * 300.0                                          # degenerate with the 3rd: counted light
    assert tw.light_count_twin(np.array([0.0, 0.0, 0.0, 0.5 * tol] + heavy), 3) == 4 and sep([0.0, 0.0, 0.0, 0.5 * tol] + heavy)


def _check_split_point(ev, point):
    out = ev(point)
    assert out["status"] & BIT and not out["status"] & ev.fatal_mask
    # the pair from its 2x2 block (module docstring), v = (sqrt2 G_F)^-1/2, M from the solved v_X
    v = (math.sqrt(2) * ev.parameters["G_F"]["default"]) ** -0.5
    mD, M = point["y_nu33"] * v / math.sqrt(2), point["y_M33"] * float(out["v_X"]) / math.sqrt(2)
    m2, m3 = float(out["m_neutral.2"]), float(out["m_neutral.3"])
    assert abs((m2 + m3) / 2 / math.sqrt(mD ** 2 + M ** 2 / 4) - 1) < 1e-5
    assert abs((m3 - m2) / M - 1) < 1e-5
    assert float(out["m_neutral.4"]) > 8 * m3                       # the 3rd lightest state is a pair member
    light = {n for n in ev.outputs if LIGHT_NAMES.match(n)}
    assert len(light) == 3 * 4 + 3 + 1
    assert {n for n in ev.outputs if np.isnan(out[n])} == light
    assert all(np.isfinite(out[n]) for n in ev.outputs if n not in light)
    # control: y_M33 = 0.1 turns the pair into the seesaw (light m_D^2/M, heavy M): separated
    ok = ev(dict(point, y_M33=0.1))
    assert not ok["status"] & BIT and all(np.isfinite(ok[n]) for n in ev.outputs)
    return out


def test_split_pair_real():
    _check_split_point(mg.evaluator("bl_vll"), SPLIT)


@pytest.fixture(scope="module")
def cp():
    return mg.evaluator(bl_vll.build(cp=True), build=True)


def test_split_pair_complex(cp):
    phases = {"phi_y_nu33": 0.7, "phi_y_M33": -1.9, "phi_lam_L11": 0.4, "phi_y_M11": 2.5}
    assert set(phases) <= set(cp.parameters)
    _check_split_point(cp, {**SPLIT, **phases})


@pytest.mark.parametrize("name", ["bl_vll", "bl_vll_doublet", "bl_vll_singlet", "sm_vll"])
def test_regular_and_massless_points_not_flagged(name):
    """Seesaw points of the regression sample's default ranges (diagonal y_nu 1e-9..1e-6, y_M 0.01..1,
    VLL masses 200 GeV..3 TeV) and y_nu = y_M = 0 (massless neutrinos: six massless states in the
    models with nu_R, kept together by light_count): bit not set, every light-subspace output finite."""
    ev = mg.evaluator(name)
    rng = np.random.default_rng(29)
    n = 16
    pts = {}
    for p in ev.parameters:
        if re.match(r"^y_nu(\d)\1$", p):
            pts[p] = 10 ** rng.uniform(-9, -6, n)
        elif re.match(r"^y_M(\d)\1$", p):
            pts[p] = 10 ** rng.uniform(-2, 0, n)
        elif re.match(r"^M_[LE]\d$", p):
            pts[p] = 10 ** rng.uniform(np.log10(200), np.log10(3e3), n)
    if "M_Zp" in ev.parameters:
        pts.update(M_Zp=np.full(n, 5.0), g_BL=np.full(n, 0.05))
    massless = {p: 0.0 for p in ev.parameters if p.startswith(("y_nu", "y_M"))}
    for point in (pts, massless):
        out = ev(point)
        assert np.all(out["status"] & ev.fatal_mask == 0)
        assert not np.any(out["status"] & BIT)
        for o in ev.outputs:
            if LIGHT_NAMES.match(o):
                assert np.all(np.isfinite(out[o])), o
