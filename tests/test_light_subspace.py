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


# -- Dirac neutrinos (kernels/leptons.light_subspace: the light subspace counted in Weyl states) --------------
#
# Twin tests on hand-built neutral matrices, basis (nu_L 1..3, nu_R^c 1..3[, heavy]), charged leptons
# diagonal: the W couples nu_L,f to e_f, so RL = O^T W_L with W_L[f, f] = 1 (f < 3) and RR = 0.  The
# reference is independent of the kernel: a pure Dirac block [[0, m_D], [m_D^T, 0]] has the masses
# sv(m_D), each twice (m_D = U diag(d) V^T: the states (U e_i, +-V e_i)/sqrt2; closed form of the 2x2
# [[0, m], [m, 0]]: eigenvalues +-m), so every nu_L lies in the 2 nmin lightest states; numpy's eigh gives
# the flavour weights sum_{k < K} |O[f, k]|^2 of the kernel's K.

def _w_couplings(O, nc=3):
    n = O.shape[0]
    WL = np.zeros((n, nc))
    WL[:nc, :nc] = np.eye(nc)
    return np.ascontiguousarray(O.T @ WL), np.zeros((n, nc))


def _dirac(mD, MR=None, heavy=()):
    """Symmetric neutral matrix: Dirac block mD (nu_L x nu_R), Majorana block MR (nu_R), decoupled heavy
    sterile states appended (a Majorana mixing with nu_L would break the Dirac pairs' lepton number)."""
    n = 6 + len(heavy)
    M = np.zeros((n, n))
    M[:3, 3:6], M[3:6, :3] = mD, np.transpose(mD)
    if MR is not None:
        M[3:6, 3:6] = MR
    for j, h in enumerate(heavy):
        M[6 + j, 6 + j] = h
    return M


def _kernel_subspace(M):
    info, m, O, _ = tw.majorana_takagi_many(M[None])
    assert info[0] == 0
    RL, RR = _w_couplings(O[0])
    return m[0], O[0], tw.light_subspace_twin(m[0], RL, RR, 3, 3)


def _flavour_weight_ref(M, K):
    """sum_{k<K} |U[f, k]|^2 per flavour from numpy eigh (|eigenvalue| ascending)."""
    lam, U = np.linalg.eigh(M)
    order = np.argsort(np.abs(lam), kind="stable")
    return np.sum(np.abs(U[:3, order[:K]]) ** 2, axis=1)


RNG_MIX = np.random.default_rng(21)
MIXED_MD = (np.diag([1e-12, 1e-11, 3e-10]) + 1e-12 * RNG_MIX.uniform(-1, 1, (3, 3)))   # hierarchical, mixing


@pytest.mark.parametrize("mD, expect", [
    (np.diag([1e-12, 1e-11, 3e-10]), 6),                 # hierarchical, no mixing: the old rule kept 4, no flag
    (MIXED_MD, 6),                                        # hierarchical with flavour mixing (the silent cut)
    (np.diag([2e-11, 2e-11, 2e-11]), 6),                  # degenerate Dirac masses: one cluster of six
    (np.diag([1e-11, 1e-11 * (1 + 1e-3), 1e-10]), 6),     # near-degenerate pairs
])
def test_dirac_light_subspace_is_complete(mD, expect):
    M = _dirac(mD, heavy=(100.0, 300.0))
    m, O, (nlight, split) = _kernel_subspace(M)
    sv = np.sort(np.linalg.svd(mD, compute_uv=False))
    assert np.allclose(m[:6], np.repeat(sv, 2), rtol=1e-10, atol=0)      # closed form: sv(m_D), twice
    assert (nlight, split) == (expect, False)
    # old rule (light_count + light_separated): cuts where the third pair sits >= 8x above the second
    old = tw.light_count_twin(m, 3)
    if m[4] >= 8 * m[3]:
        assert old == 4 and tw.light_separated_twin(m, old)
        assert np.min(_flavour_weight_ref(M, 4)) < 0.5                      # a flavour mostly outside
    # every flavour complete
    w = _flavour_weight_ref(M, nlight)
    assert np.all(np.abs(w - 1) < 1e-10), w
    assert np.allclose(np.sum(O[:3, :nlight] ** 2, axis=1), w, rtol=0, atol=1e-12)


def test_mixed_dirac_majorana_and_seesaw():
    """nu_1 Majorana (seesaw with M_R11 = 1e3) and nu_2, nu_3 Dirac: 1 + 2 + 2 = 5 light Weyl states; the
    heavy N_1 stays out.  Pure seesaw (all M_R): the old count, 3."""
    mD = np.diag([1e-3, 1e-11, 2e-10])
    M = _dirac(mD, MR=np.diag([1e3, 0.0, 0.0]))
    m, O, (nlight, split) = _kernel_subspace(M)
    assert (nlight, split) == (5, False)
    assert abs(m[4] / (1e-6 / 1e3) - 1) < 1e-8                             # seesaw m_D^2 / M, 5th state
    w = _flavour_weight_ref(M, 5)
    assert np.all(np.abs(w - [1 - 1e-12, 1, 1]) < 1e-11), w
    m, O, (nlight, split) = _kernel_subspace(_dirac(np.diag([1e-3, 2e-3, 3e-3]), MR=np.diag([1e3, 2e3, 3e3])))
    assert (nlight, split) == (3, False)


def test_dirac_pair_without_edge_is_flagged():
    """The third Dirac pair within 8x of a heavy sterile state: no edge within 2 nmin states that holds
    the three neutrinos -> split (the outputs NaN), nlight the old n0."""
    M = _dirac(np.diag([1e-11, 1e-10, 10.0]), heavy=(40.0, 300.0))
    m, O, (nlight, split) = _kernel_subspace(M)
    assert split and nlight == tw.light_count_twin(m, 3) == 4


def test_dirac_complex_twin():
    """The complex twin on a phased Dirac block: ztakagi's unitary U, the W couplings U^+ W_L."""
    from modelgen.kernels import _ctwins as ct
    ph = np.exp(1j * np.array([[0.3, 1.1, -0.4], [2.0, -1.3, 0.7], [0.1, 0.5, -2.2]]))
    mD = MIXED_MD * ph
    M = np.zeros((8, 8), complex)
    M[:3, 3:6], M[3:6, :3] = mD, mD.T
    M[6, 6], M[7, 7] = 100.0, 300.0
    info, m, U = ct.ztakagi_many(M[None])
    WL = np.zeros((8, 3))
    WL[:3, :3] = np.eye(3)
    RL = np.ascontiguousarray(U[0].conj().T @ WL)
    assert ct.zlight_subspace_twin(m[0], RL, np.zeros_like(RL), 3, 3) == (6, False)
    assert np.allclose(np.repeat(np.sort(np.linalg.svd(mD, compute_uv=False)), 2), m[0][:6], rtol=1e-10, atol=0)


def _z_coupling_nu(ev, point):
    """g_L of nu_L (T3 = 1/2, Y = -1/2, B-L = -1) to the Z: tests/reference.py's mpmath gauge sector."""
    from reference import fermion_coupling, neutral_states
    p = {k: v["default"] for k, v in ev.parameters.items()}
    p.update(point)
    states, c, _ = neutral_states(p["alpha"], p["G_F"], p["M_Z"], p["eps_k"], p["M_Zp"], p["g_BL"])
    return float(fermion_coupling(c, states["Z"][1], 0.5, -0.5, -1, g_BL=p["g_BL"]))


#: bl_vll with Dirac neutrinos (y_M = 0), no VLL mixing of the light leptons (lam_L = lam_E = 0), the
#: third pair ~25x above the second (the old rule kept 4 states, gW2 of one charged lepton 0.09, no bit):
#: every nu_L lies in the six light states, so each light charged lepton's W strength to them is exactly the
#: SM one (gW2 = 1) and g_L.Z.nu_f is nu_L's own coupling (tests/reference.py)
DIRAC = {"M_Zp": 5.0, "g_BL": 0.05, "y_nu11": 1e-13, "y_nu22": 1e-12, "y_nu33": 1e-11, "y_nu23": 3e-12,
         "y_nu32": 2e-12, "y_nu12": 4e-13}


def _dirac_point(ev, **extra):
    p = {k: 0.0 for k in ev.parameters if re.match(r"^(y_M|lam_L|lam_E)\d\d$", k)}
    p.update(DIRAC)
    p.update(extra)
    return p


@pytest.mark.parametrize("cp_phases", [False, True])
def test_dirac_point_model(cp, cp_phases):
    ev = cp if cp_phases else mg.evaluator("bl_vll")
    point = _dirac_point(ev, **({"phi_y_nu23": 0.9, "phi_y_nu33": -0.4} if cp_phases else {}))
    out = ev(point)
    assert not out["status"] & BIT and not out["status"] & ev.fatal_mask
    m = [float(out[f"m_neutral.{k}"]) for k in range(6)]
    assert all(abs(m[2 * i + 1] / m[2 * i] - 1) < 1e-12 for i in range(3)) and m[4] > 8 * m[3]
    gz = _z_coupling_nu(ev, point)
    for f in ("e", "mu", "tau"):
        assert abs(float(out[f"gW2.{f}"]) - 1) < 1e-10, f
        assert abs(float(out[f"g_L.Z.nu_{f}"]) / gz - 1) < 1e-10, f


def test_dirac_point_without_edge_flags_exactly_the_light_outputs():
    """The third Dirac pair (y_nu33 v/sqrt2 ~ 17 GeV) within 8x of the VLL neutral pair at M_L1 = 100 GeV:
    bit set, exactly the light-subspace outputs NaN, the rest finite."""
    ev = mg.evaluator("bl_vll")
    out = ev(_dirac_point(ev, y_nu33=0.1, y_nu23=0.0, y_nu32=0.0))
    assert out["status"] & BIT and not out["status"] & ev.fatal_mask
    light = {n for n in ev.outputs if LIGHT_NAMES.match(n)}
    assert {n for n in ev.outputs if np.isnan(out[n])} == light
