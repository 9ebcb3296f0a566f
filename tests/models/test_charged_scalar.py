"""Charged-scalar mediator kind of the lepton-mixing path (modelgen/ir_leptons._charged_scalars,
templates/steps.pyx.j2 block "charged scalar", modelgen/kernels/charged_scalar.pxd), on the toy model
tests/toy_models.sm_charged_scalar compiled on demand, against references written here.

Vertex: L > -S+ N_bar (A P_R + B P_L) l + h.c.; in the library normalisation
N_bar (c_S + c_P g5) l S + h.c.:  c_S = -(A + B)/2, c_P = -(A - B)/2.  One-loop Delta a of a neutral
fermion N (mass M) and a charged scalar S (mass M_S, photon on S only), exact in m (Leveille, Nucl.
Phys. B137 (1978) 63; in the form of Lindner, Platscher, Queiroz arXiv:1610.06587, charged scalar):

    Delta a = -(m^2/8 pi^2) Int_0^1 dx x(1-x) [|c_S|^2 (x + M/m) + |c_P|^2 (x - M/m)] / D(x),
    D(x) = x M_S^2 + (1-x) M^2 - x(1-x) m^2.

Coupling to e_R only (B = 0), m -> 0: Delta a = -m^2 |A|^2 F(t)/(16 pi^2 M_S^2), t = M^2/M_S^2,
F(t) = (1 - 6t + 3t^2 + 2t^3 - 6t^2 ln t)/(6(1-t)^4) (the scotogenic F_2 of Toma, Vicente
arXiv:1312.2840 eq. (14)), and l_i -> l_j gamma has the dipole A_D = A_j^* A_i F(t)/(32 pi^2 M_S^2):
    Gamma(mu -> e gamma) = (alpha/4) m_mu^3 (m_mu^2 + m_e^2)(1 - m_e^2/m_mu^2)^3 |A_D|^2
(the m_e^2 term: the chirality flip on the outgoing line, kept as in Lavoura hep-ph/0302221),
BR = Gamma / Gamma(mu -> e nu nu), Gamma = G_F^2 m_mu^5/(192 pi^3)(1 - 8r + 8r^3 - r^4 - 12 r^2 ln r).
EDM: d = (e/2m) Delta a_flip tan(phi) (Feng, Matchev, Shadmi hep-ph/0107182), i.e. with
L = -B, R = -A the P_L, P_R couplings of N_bar l S,
    d = -e M Im(L R^*)/(16 pi^2) Int_0^1 x(1-x) dx / D(x),
cross-checked against the brute-force Dirac traces of tests/dirac_ref.py (photon on the scalar).
"""
import math

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

import modelgen as mg
from dirac_ref import scalar_on_boson_edm
from modelgen.errors import ModelError
from modelgen.ir import build_ir
from toy_models import sm_charged_scalar

HBARC_GEV_CM = 1.973269804e-14   # CODATA hbar c


@pytest.fixture(scope="module")
def real_ev():
    """Real sector: N = (N_L, N_R) with Dirac mass M_N and Majorana mass M_R of N_R, singlet E."""
    return mg.evaluator(sm_charged_scalar("t_sm_cs", singlet_vll=True, majorana_R=True), build=True)


@pytest.fixture(scope="module")
def cp_ev():
    """Complex sector: Dirac N, singlet E, complex y_S and y_EN."""
    return mg.evaluator(sm_charged_scalar("t_sm_cs_cp", singlet_vll=True, cp=True), build=True)


def _D(x, m, M, MS):
    return x * MS ** 2 + (1 - x) * M ** 2 - x * (1 - x) * m ** 2


def delta_a_ref(m, M, MS, A, B):
    """Leveille / Lindner et al. charged-scalar Delta a (module docstring), 30 digits."""
    with mp.workdps(30):
        cS, cP = -(mp.mpc(A) + mp.mpc(B)) / 2, -(mp.mpc(A) - mp.mpc(B)) / 2
        s2, p2 = abs(cS) ** 2, abs(cP) ** 2
        m, M, MS = mp.mpf(m), mp.mpf(M), mp.mpf(MS)
        val = mp.quad(lambda x: x * (1 - x) * (s2 * (x + M / m) + p2 * (x - M / m)) / _D(x, m, M, MS), [0, 1])
        return float(-m ** 2 / (8 * mp.pi ** 2) * val)


def edm_ref(m, M, MS, A, B):
    """d [e cm] of the charged-scalar loop (module docstring), 30 digits."""
    with mp.workdps(30):
        L, R = -mp.mpc(B), -mp.mpc(A)
        m, M, MS = mp.mpf(m), mp.mpf(M), mp.mpf(MS)
        val = mp.quad(lambda x: x * (1 - x) / _D(x, m, M, MS), [0, 1])
        return float(-HBARC_GEV_CM * M * (L * mp.conj(R)).imag / (16 * mp.pi ** 2) * val)


def F_scoto(t):
    t = mp.mpf(t)
    return (1 - 6 * t + 3 * t ** 2 + 2 * t ** 3 - 6 * t ** 2 * mp.log(t)) / (6 * (1 - t) ** 4)


def _defaults(ev, names=("m_mu", "m_e", "alpha", "G_F")):
    return {n: ev.parameters[n]["default"] for n in names}


MASSES = [(300.0, 500.0), (1.0, 1000.0), (2000.0, 150.0), (500.0, 500.0), (0.05, 300.0), (4.0e4, 2.0e3)]


def test_outputs_name_the_physical_charged_scalar_not_the_goldstone(real_ev):
    names = set(real_ev.outputs)
    assert {"a_mu.Sp", "delta_a_mu.Sp", "a_e.Sp", "a_tau.Sp"} <= names
    assert not any(n.startswith("a_mu.G_") for n in names)


def test_delta_a_one_dirac_fermion_matches_leveille(real_ev):
    """M_R = 0: N is Dirac, a degenerate Majorana pair (Takagi signs +1 and -1) in the kernel."""
    MN, MS = (np.array(c) for c in zip(*MASSES))
    y = 0.8
    r = real_ev({"M_N": MN, "M_S": MS, "y_S2": y})
    assert np.all(r["status"] == 0)
    m = _defaults(real_ev)["m_mu"]
    for k, (M, S) in enumerate(MASSES):
        ref = delta_a_ref(m, M, S, y, 0.0)
        assert abs(r["a_mu.Sp"][k] / ref - 1) < 1e-10, (M, S)
        assert r["delta_a_mu.Sp"][k] == r["a_mu.Sp"][k]      # no SM part
    assert np.all(r["a_e.Sp"] == 0) and np.all(r["a_tau.Sp"] == 0)
    assert np.all(r["BR_mu_egamma"] == 0)
    # m -> 0 closed form (scotogenic F_2), up to O(m^2/M_S^2)
    for k, (M, S) in enumerate(MASSES[:3]):          # t != 1 (F is 0/0 there)
        closed = -m ** 2 * y ** 2 * float(F_scoto(M ** 2 / S ** 2)) / (16 * math.pi ** 2 * S ** 2)
        assert abs(r["a_mu.Sp"][k] / closed - 1) < 10 * m ** 2 / min(M, S) ** 2 + 1e-12


def test_delta_a_decouples_like_inverse_scalar_mass_squared(real_ev):
    """At fixed t = M^2/M_S^2, M_S^2 Delta a -> -m^2 |y|^2 F(t)/(16 pi^2): Delta a ~ 1/M_S^2."""
    scale = np.array([1.0, 10.0, 100.0, 1000.0])
    r = real_ev({"M_N": 200.0 * scale, "M_S": 400.0 * scale, "y_S2": 1.0})
    m = _defaults(real_ev)["m_mu"]
    limit = -m ** 2 * float(F_scoto(0.25)) / (16 * math.pi ** 2)
    rel = np.abs(r["a_mu.Sp"] * (400.0 * scale) ** 2 / limit - 1)
    assert np.all(rel < 10 * m ** 2 / (200.0 * scale) ** 2 + 1e-12)
    assert rel[0] > rel[1] > rel[2]       # the O(m^2/M^2) correction itself decouples


def br_mu_e_gamma_ref(p, MN, MS, y1, y2):
    """BR(mu -> e gamma) of the module docstring (couplings to e_R only), 30 digits."""
    m, me = p["m_mu"], p["m_e"]
    with mp.workdps(30):
        AD = abs(y1 * y2) * F_scoto(mp.mpf(MN) ** 2 / MS ** 2) / (32 * mp.pi ** 2 * MS ** 2)
        rr = mp.mpf(me) ** 2 / m ** 2
        gam = p["alpha"] / 4 * m ** 3 * (m ** 2 + me ** 2) * (1 - rr) ** 3 * AD ** 2
        gam_mu = p["G_F"] ** 2 * mp.mpf(m) ** 5 / (192 * mp.pi ** 3) * (1 - 8 * rr + 8 * rr ** 3 - rr ** 4
                                                                       - 12 * rr ** 2 * mp.log(rr))
        return float(gam / gam_mu)


@pytest.mark.parametrize("MN, MS", [(300.0, 500.0), (2500.0, 500.0), (20.0, 800.0)])
def test_mu_to_e_gamma_two_generations_matches_closed_form(real_ev, MN, MS):
    y1, y2 = 0.3, -0.7
    r = real_ev({"M_N": MN, "M_S": MS, "y_S1": y1, "y_S2": y2})
    assert r["status"] == 0
    assert abs(r["BR_mu_egamma"] / br_mu_e_gamma_ref(_defaults(real_ev), MN, MS, y1, y2) - 1) < 1e-10


def test_mu_to_e_gamma_with_complex_couplings(cp_ev):
    """Complex sector (cs_lfv_c): without E mixing the phases drop out of |A_D|."""
    y1, y2 = 0.3 * np.exp(0.8j), 0.7 * np.exp(-2.1j)
    r = cp_ev({"M_N": 400.0, "M_S": 300.0, "y_S1": 0.3, "phi_y_S1": 0.8, "y_S2": 0.7, "phi_y_S2": -2.1})
    assert r["status"] == 0
    assert abs(r["BR_mu_egamma"] / br_mu_e_gamma_ref(_defaults(cp_ev), 400.0, 300.0, y1, y2) - 1) < 1e-10


def _light_mu_mixing(p, yl):
    """(U_R[mu, mu], U_L[E, mu]) of the light muon from the (mu, E) block [[y v/sqrt2, yl v/sqrt2], [0, M_E]]
    with y > 0 solved in closed form so that its smaller singular value is m_mu (sigma_s sigma_b = |det|,
    sigma_s^2 + sigma_b^2 = ||M||_F^2), from mpmath's SVD of the block."""
    with mp.workdps(40):
        v = 1 / mp.sqrt(mp.sqrt(2) * mp.mpf(p["G_F"]))
        m, ME, yl = mp.mpf(p["m_mu"]), mp.mpf(p["M_E"]), mp.mpf(yl)
        y = mp.sqrt(2 * (ME ** 2 + yl ** 2 * v ** 2 / 2 - m ** 2) / (v ** 2 * (ME ** 2 / m ** 2 - 1)))
        M = mp.matrix([[y * v / mp.sqrt(2), yl * v / mp.sqrt(2)], [0, ME]])
        U, s, V = mp.svd_r(M)
        k = 0 if s[0] < s[1] else 1
        assert abs(s[k] / m - 1) < mp.mpf(10) ** -30
        uL = U[:, k]
        uR = (M.T * uL) / s[k]
        return float(uR[0]), float(uL[1])


def _majorana_pair(MN, MR):
    """[(mass, U_n[N_L, k], U_n[N_R^c, k])] of the real symmetric [[0, M_N], [M_N, M_R]] in the basis
    (N_L, N_R^c): eigenvectors o_k with eigenvalues lambda_k, U_n = O diag(ph), ph = 1 (lambda > 0) or i,
    so U_n^T M U_n = diag(|lambda|) (mpmath eigensolver)."""
    with mp.workdps(30):
        lam, O = mp.eigsy(mp.matrix([[0, MN], [MN, MR]]))
        return [(abs(float(lam[k])), complex(O[0, k]) * (1 if lam[k] > 0 else 1j),
                 complex(O[1, k]) * (1 if lam[k] > 0 else 1j)) for k in range(2)]


@pytest.mark.parametrize("MN, MR, MS", [(300.0, 200.0, 500.0), (100.0, -900.0, 400.0), (1000.0, 1e-3, 700.0)])
def test_majorana_pair_with_both_chiralities(real_ev, MN, MR, MS):
    """Two Majorana states chi_k (masses |lambda_k|): A_k = conj(U_n[N_L,k]) y_S2 U_R[mu,mu],
    B_k = U_n[N_R^c,k] y_EN U_L[E,mu] (A = U_n^+ YR U_R, B = U_n^T YL U_L); Delta a and the (zero, real
    couplings) EDM summed over k."""
    pars = {"M_N": MN, "M_R": MR, "M_S": MS, "y_S2": 0.6, "y_EN": -0.9, "y_lE2": 0.2}
    r = real_ev(pars)
    assert r["status"] == 0
    p = _defaults(real_ev, ("G_F", "m_mu", "M_E"))
    uR, uL = _light_mu_mixing(p, pars["y_lE2"])
    ref = sum(delta_a_ref(p["m_mu"], M, MS, np.conj(uNL) * pars["y_S2"] * uR, uNR * pars["y_EN"] * uL)
              for M, uNL, uNR in _majorana_pair(MN, MR))
    assert abs(r["a_mu.Sp"] / ref - 1) < 1e-10
    assert r["d_mu"] == 0.0     # real couplings: the Takagi phases i make every A_k B_k^* real


@pytest.mark.parametrize("MN, MS, phi_S, phi_EN", [(300.0, 500.0, 0.4, -1.1), (1500.0, 250.0, 2.0, 0.3),
                                                   (80.0, 900.0, -0.7, 0.0)])
def test_edm_and_chirally_enhanced_delta_a_with_complex_couplings(cp_ev, MN, MS, phi_S, phi_EN):
    """Dirac N (a degenerate Majorana pair in the kernel) coupled to mu_R through y_S2 and, through the
    mu_L - E_L mixing, to mu_L through y_EN: A = y_S2 e^{i phi_S} U_R[mu,mu], B = y_EN e^{-i phi_EN} U_L[E,mu]
    (the term -E_bar_L y_EN N_R S- enters YL[N_R^c, E_L] conjugated)."""
    pars = {"M_N": MN, "M_S": MS, "y_S2": 0.6, "phi_y_S2": phi_S, "y_EN": 0.9, "phi_y_EN": phi_EN, "y_lE2": 0.2}
    r = cp_ev(pars)
    assert r["status"] == 0
    p = _defaults(cp_ev, ("G_F", "m_mu", "M_E"))
    uR, uL = _light_mu_mixing(p, pars["y_lE2"])
    A = pars["y_S2"] * np.exp(1j * phi_S) * uR
    B = pars["y_EN"] * np.exp(-1j * phi_EN) * uL
    m = p["m_mu"]
    assert abs(r["a_mu.Sp"] / delta_a_ref(m, MN, MS, A, B) - 1) < 1e-10
    d = edm_ref(m, MN, MS, A, B)
    assert abs(r["d_mu"] / d - 1) < 1e-10              # the W, Z, h couplings are real: S is the only EDM
    assert abs(scalar_on_boson_edm(m, MN, MS, -B, -A) / d - 1) < 1e-8   # brute force: sign and normalisation
    # the electron couples to N through e_R only: no EDM, unenhanced Delta a
    assert r["d_e"] == 0.0 and r["a_e.Sp"] == 0.0


def test_edm_flips_with_every_phase_and_delta_a_does_not(cp_ev):
    base = {"M_N": 300.0, "M_S": 500.0, "y_S2": 0.6, "y_EN": 0.9, "y_lE2": 0.2}
    r1 = cp_ev({**base, "phi_y_S2": 0.5, "phi_y_EN": -0.3})
    r2 = cp_ev({**base, "phi_y_S2": -0.5, "phi_y_EN": 0.3})
    assert r1["d_mu"] != 0 and abs(r2["d_mu"] / r1["d_mu"] + 1) < 1e-12
    assert abs(r2["a_mu.Sp"] / r1["a_mu.Sp"] - 1) < 1e-12


def test_majorana_type_coupling_of_a_charged_scalar_is_refused():
    """L^T C i sigma2 L S+ (Zee-Babu-like) is not among the sector's Yukawas: refused, never dropped."""
    m = sm_charged_scalar("t_sm_cs_zb")
    f = m.parameter("f_12", 0.1, "", -1.0, 1.0, "antisymmetric l_L l_L S+ coupling")
    m.yukawa("f", "l_L", "l_L", "S", matrix=sp.Matrix([[0, f, 0], [-f, 0, 0], [0, 0, 0]]), majorana=True)
    with pytest.raises(ModelError, match="Majorana-type term 'f'.*charged scalar 'Sp'"):
        build_ir(m.derive())
