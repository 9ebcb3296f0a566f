"""sm_vll (SM + vector-like doublets L and singlets E) against closed forms from the literature.

Convention map (modelgen/models/sm_vll.py; L > -psi_bar_L M psi_R + h.c.).  For one generation,
rows (mu_L, L_L^-, E_L), columns (mu_R, L_R^-, E_R):

    M = [[y v/sqrt2, 0, y_lE v/sqrt2], [y_Le v/sqrt2, M_L, lam_LE v/sqrt2], [0, kap_LE v/sqrt2, M_E]]

This is the charged-lepton mass matrix of Dermisek and Raval (arXiv:1305.3522) with their
v = 174 GeV equal to our v/sqrt2 (v = (sqrt2 G_F)^(-1/2) = 246.2 GeV here) and lambda_L = y_lE, lambda_E = y_Le,
lambda = lam_LE, lambda-bar = kap_LE, all with sign +.  The mixing-induced part of the muon mass
(block seesaw, the delta of the branch convention) is then, at leading order in v/M,

    delta_mu = -(M_lh M_hh^-1 M_hl) = y_lE kap_LE y_Le v^3 / (2 sqrt2 M_L M_E)   [= m_mu^LE of 1305.3522]

and branch_mu = sign(m_mu delta_mu).  Only public outputs of ``mg.evaluator("sm_vll")`` are read.
"""
import mpmath as mp
import numpy as np
import pytest

import modelgen as mg

MIXING = ("y_lE", "y_Le", "lam_LE", "kap_LE")
ALPHA, G_F, M_Z, M_MU = 1 / 137.035999084, 1.1663787e-5, 91.1876, 0.1056583755
V = float(1 / mp.sqrt(mp.sqrt(2) * G_F))
LEPTONS = ("e", "mu", "tau")
MASSES = (0.51099895e-3, M_MU, 1.77686)  # the model's default inputs m_e, m_mu, m_tau (GeV)


def _sm_z():
    """Tree-level SM Z couplings (charged lepton g_L, g_R; neutrino g_L) from alpha, G_F, M_Z:
    g_Z = e/(s_W c_W), s_W^2 c_W^2 = pi alpha/(sqrt2 G_F M_Z^2), g_L = g_Z(T3 - Q s_W^2), g_R = -g_Z Q s_W^2."""
    e = mp.sqrt(4 * mp.pi * ALPHA)
    s2 = (1 - mp.sqrt(1 - 4 * mp.pi * ALPHA / (mp.sqrt(2) * G_F * M_Z**2))) / 2
    gz = e / mp.sqrt(s2 * (1 - s2))
    return float(gz * (-mp.mpf(1) / 2 + s2)), float(gz * s2), float(gz / 2)


@pytest.fixture(scope="module")
def ev():
    return mg.evaluator("sm_vll")


@pytest.fixture(scope="module")
def no_mixing(ev):
    """Every mixing Yukawa set to 0 (the vector-like masses keep their defaults)."""
    return {p: 0.0 for p in ev.parameters if p.startswith(MIXING)}


def _muon_point(no_mixing, lam, M_L, M_E, branch):
    y_lE, y_Le, kap, lam_LE = lam
    return dict(no_mixing, y_lE22=y_lE, y_Le22=y_Le, kap_LE22=kap, lam_LE22=lam_LE,
                M_L2=M_L, M_E2=M_E, branch_mu=branch)


def _chirally_enhanced(ev, no_mixing, lam, M_L, M_E, names):
    """Branch-odd part (Da(+1) - Da(-1))/2 of the outputs: the chirally enhanced term, which flips
    with sign(m delta); the branch-even rest (O(m_mu^2/M^2), from modified W/Z couplings) drops."""
    up, down = (ev(_muon_point(no_mixing, lam, M_L, M_E, b)) for b in (1.0, -1.0))
    assert up["status"] == 0 and down["status"] == 0
    return {n: (up[n] - down[n]) / 2 for n in names}


COUPLINGS = [(1.0, 1.0, 1.0, 0.0), (0.7, -0.5, 0.9, 0.3), (0.3, 0.4, 0.5, 1.0)]


@pytest.mark.parametrize("lam", COUPLINGS)
def test_heavy_limit_chirally_enhanced_delta_a_mu(ev, no_mixing, lam):
    """Heavy-lepton limit of the chirally enhanced Delta a_mu: the W + Z + h result of Dermisek and
    Raval (arXiv:1305.3522; the L + E 'charged see-saw' of Kannike, Raidal, Straub, Strumia
    arXiv:1111.2551), Delta a_mu = -c m_mu m_mu^LE/(16 pi^2 v_174^2) with c = 1 in the SM:

        Delta a_mu = -m_mu delta_mu / (8 pi^2 v^2)      (v = 246 GeV)

    per unit branch (positive delta/m: Delta a < 0).  The coefficient is re-derived here, per
    mediator, in Feynman gauge
    with massless bosons (M_B << M_F): a heavy fermion F with L = F_bar (a P_L + b P_R) mu S + h.c.
    gives Delta a = +/- m_mu Re(a b*)/(16 pi^2 M_F) (+ neutral S with photon on F, - charged S with
    photon on S); summing the h, G0 (couplings of H, H^dagger terms with opposite sign) and G+
    (internal L^0 of mass M_L) vertices of M above gives, in units of m_mu delta_mu/(16 pi^2 v^2),

        h : G0 : G+ = -3 : -1 : +2     (total -2),

    and at leading order the unitary-gauge Z and W carry the G0 and G+ parts.  Neglected terms are
    O((v^2/M^2) ln(M^2/v^2)): the check is |deviation| < 1.5 (v^2/M_L^2) ln(M_L^2/v^2), and that the
    deviation falls by more than 30 from M_L = 2 to 20 TeV (v^2/M^2 alone: 100; with the log ~50).
    """
    names = ["delta_a_mu", "delta_a_mu.W", "delta_a_mu.Z", "delta_a_mu.h"]
    devs = []
    for M_L in (2e3, 2e4):
        M_E = 1.3 * M_L
        delta = lam[0] * lam[2] * lam[1] * V**3 / (2 * np.sqrt(2) * M_L * M_E)
        unit = M_MU * abs(delta) / (16 * np.pi**2 * V**2)
        odd = _chirally_enhanced(ev, no_mixing, lam, M_L, M_E, names)
        bound = 1.5 * (V / M_L) ** 2 * np.log((M_L / V) ** 2)
        dev = odd["delta_a_mu"] / (-2 * unit) - 1
        assert abs(dev) < bound, (M_L, dev, bound)
        devs.append(dev)
        for med, share in (("W", 2.0), ("Z", -1.0), ("h", -3.0)):
            assert abs(odd[f"delta_a_mu.{med}"] / (share * unit) - 1) < 2 * bound, (M_L, med)
    assert abs(devs[0] / devs[1]) > 30


def test_decoupling_like_inverse_mass_squared(ev, no_mixing):
    """All six vector-like masses times s at fixed Yukawas: Delta a_mu ~ delta_mu/v^2 ~ 1/(M_L M_E),
    so doubling every mass divides it by 4, up to O((v^2/M^2) ln) (same bound as above)."""
    lam = {"y_lE22": 0.8, "y_Le22": 0.6, "kap_LE22": 0.5, "lam_LE22": 0.4,
           "y_lE33": 0.5, "y_Le33": 0.5, "kap_LE33": 0.5}
    def at(M):
        masses = {f"M_L{i}": M * (1 + 0.1 * i) for i in (1, 2, 3)} | {f"M_E{i}": 1.3 * M * (1 + 0.1 * i)
                                                                    for i in (1, 2, 3)}
        out = ev(dict(no_mixing, **lam, **masses))
        assert out["status"] == 0
        return out
    for M in (5e3, 1e4):
        low, high = at(M), at(2 * M)
        bound = 1.5 * (V / M) ** 2 * np.log((M / V) ** 2)
        for lep in ("mu", "tau"):
            assert abs(4 * high[f"delta_a_{lep}"] / low[f"delta_a_{lep}"] - 1) < bound, (M, lep)


def test_no_mixing_is_the_standard_model(ev, no_mixing):
    """Without mixing Yukawas the heavy leptons do not couple to the light ones: every Delta a is 0,
    BR(mu -> e gamma) = 0, and the Z and W couplings are the tree-level SM ones."""
    out = ev(no_mixing)
    assert out["status"] == 0
    gl, gr, gnu = _sm_z()
    for lep in LEPTONS:
        for part in ("", ".W", ".Z", ".h"):
            assert abs(out[f"delta_a_{lep}{part}"]) < 1e-25
        assert abs(out[f"g_L.Z.{lep}"] / gl - 1) < 1e-12 and abs(out[f"g_R.Z.{lep}"] / gr - 1) < 1e-12
        assert abs(out[f"g_L.Z.nu_{lep}"] / gnu - 1) < 1e-12
        assert abs(out[f"gW2.{lep}"] - 1) < 1e-12
    assert out["BR_mu_egamma"] == 0


@pytest.mark.parametrize("M", [3e3, 1e4])
def test_light_z_and_w_couplings_approach_the_sm(ev, no_mixing, M):
    """Leading mixing of the muon (Kannike et al. arXiv:1111.2551; Dermisek, Raval arXiv:1305.3522):
    mu_L mixes with the singlet E_L by theta_L = y_lE v/(sqrt2 M_E) and mu_R with the doublet L_R^-
    by theta_R = y_Le v/(sqrt2 M_L), so with the SM g_L = g_Z(-1/2 + s_W^2), g_R = g_Z s_W^2:
        g_L.Z.mu - g_L = (g_Z/2) theta_L^2 = -(g_L - g_R) theta_L^2,
        g_R.Z.mu - g_R = -(g_Z/2) theta_R^2 = +(g_L - g_R) theta_R^2,
        gW2.mu = 1 - theta_L^2,   g_L.Z.nu_mu = g_Z/2 exactly (nu_L does not mix),
    up to relative O(v^2/M^2); every light mass equals its input."""
    out = ev(dict(no_mixing, y_lE22=0.8, y_Le22=0.6, kap_LE22=0.5, lam_LE22=0.4,
                  **{f"M_L{i}": M for i in (1, 2, 3)}, **{f"M_E{i}": 1.3 * M for i in (1, 2, 3)}))
    assert out["status"] == 0
    gl, gr, gnu = _sm_z()
    tL2, tR2 = (0.8 * V / (np.sqrt(2) * 1.3 * M)) ** 2, (0.6 * V / (np.sqrt(2) * M)) ** 2
    tol = 0.2 * (V / M) ** 2
    assert abs((out["g_L.Z.mu"] - gl) / (-(gl - gr) * tL2) - 1) < tol
    assert abs((out["g_R.Z.mu"] - gr) / ((gl - gr) * tR2) - 1) < tol
    assert abs((1 - out["gW2.mu"]) / tL2 - 1) < tol
    assert abs(out["g_L.Z.nu_mu"] / gnu - 1) < 1e-12


def test_light_masses_with_generation_mixing(ev):
    """General 3x3 mixing Yukawas (all generations, off-diagonal too): the solve reproduces m_e,
    m_mu, m_tau to 1e-10, the three SM neutrinos stay exactly massless (no nu_R, no Majorana term),
    and the heavy charged masses lie near M_L, M_E (within |lambda| v of them)."""
    rng = np.random.default_rng(7)
    pars = {p: float(rng.uniform(-0.3, 0.3)) for p in ev.parameters if p.startswith(MIXING)}
    for j in "123":  # couplings of l_L,e and e_R small: the mixing-induced electron mass stays below m_e
        pars[f"y_lE1{j}"] *= 0.01
        pars[f"y_Le{j}1"] *= 0.01
    out = ev(pars)
    assert out["status"] == 0, ev.describe_status(int(out["status"]))
    for k, mass in enumerate(MASSES):
        assert abs(out[f"m_charged.{k}"] / mass - 1) < 1e-10
        assert out[f"m_neutral.{k}"] == 0
    heavy = sorted(out[f"m_charged.{k}"] for k in range(3, 9))
    nominal = sorted([1000.0, 1100.0, 1200.0, 1200.0, 1300.0, 1400.0])
    assert np.all(np.abs(np.subtract(heavy, nominal)) < 3 * 0.3 * V)


def test_default_point_has_a_visible_delta_a_mu(ev):
    """The default point is physical (status 0) and its Delta a_mu is the leading formula within the
    O(v^2/M^2) of M ~ 1 TeV: -m_mu delta_mu/(8 pi^2 v^2), delta_mu = 0.1*0.2*0.15 v^3/(2 sqrt2 1100*1300)."""
    out = ev({})
    assert out["status"] == 0
    delta = 0.1 * 0.2 * 0.15 * V**3 / (2 * np.sqrt(2) * 1100.0 * 1300.0)
    ref = -M_MU * delta / (8 * np.pi**2 * V**2)
    assert abs(out["delta_a_mu"] / ref - 1) < 0.3


def test_declared_terms_and_basis_choice():
    """The SM charges allow, between l_L, e_R, L_{L,R}, E_{L,R} and H (hypercharges -1/2, -1,
    -1/2, -1; H: +1/2): y_e, y_lE, y_Le, lam_LE, kap_LE with H, the bare M_L, M_E, and the bare
    l_L-bar L_R, E_L-bar e_R, which the basis choice removes (declaring one by hand is accepted as
    gauge invariant).  No Majorana term: psi^c psi of two leptons has hypercharge <= -1."""
    m = mg.load_model("sm_vll")
    assert set(m.yukawas) == {"y_e", "y_lE", "y_Le", "lam_LE", "kap_LE", "M_L", "M_E"}
    assert not any(t.majorana for t in m.yukawas.values())
    m.yukawa("m_lL", "l_L", "L_R")
    m.yukawa("m_Ee", "E_L", "e_R")
    with pytest.raises(mg.ModelError, match="under Y: its charges sum to -1"):
        m.yukawa("bad", "l_L", "L_L", majorana=True)
    for conj, total in ((False, "-1"), (True, "-2")):
        with pytest.raises(mg.ModelError, match=f"under Y: its charges sum to {total},"):
            m.yukawa("bad", "l_L", "E_L", "H", conj=conj, majorana=True)
