"""Compiled kernel of a model with CP phases (bl_vll built with cp=True: every coupling but the solved
SM Yukawas and the vector-like masses complex) against independent references.

1. Zero phases: the complex kernel (complex SVD, Takagi, rotations, sums) reproduces the compiled
   real model bl_vll to 1e-9 (EDMs at rounding level of the magnetic moments).
2. A point with phases against 50 digits (tests/cp_mpref.py): the model's symbolic mass matrices
   and couplings at the kernel's solved SM Yukawas, mpmath SVD and Takagi, mass-basis couplings,
   and the quadratures of tests/loops (g2_mpref: Delta a and EDM per internal state; transition_mpref:
   the l_i -> l_j gamma loop functions).  Relative 1e-10 for masses and Delta a per mediator.  The
   EDMs and the mu -> e gamma dipole are sums over internal states that cancel (unitarity of the
   rotations: a flavour-universal coupling gives no EDM and no LFV at all), so they are compared at
   1e-10 on the scale of the summed products (EDM: sum_k (hbar c/m)|E_k c1_k c2_k|; sigma: sum of
   the moduli of its terms), and strictly at 1e-10 relative where the kernel reaches it (light
   masses, BR(mu -> e gamma): the complex one-sided Jacobi SVD, kernels/cjacobi.pxd); the EDM that
   the kernel misses is pinned as a strict xfail with the measured deviation.
3. CP conjugation (every phase -> -phase) flips every EDM and leaves every Delta a unchanged.
"""
import math
import multiprocessing

import mpmath as mp
import numpy as np
import pytest

import modelgen as mg
from modelgen.loops import transition
from modelgen.models import bl_vll
from cp_mpref import MpLeptons

HBARC_GEV_CM = 1.973269804e-14
TOL = 1e-10
EPS = np.finfo(float).eps
LEPTONS = ("e", "mu", "tau")
# heavy-ish Z' (5-8 GeV) so that no l_i -> l_j Z' decay is open and the radiative BRs are defined
BASE = {"M_Zp": [5.0, 8.0, 6.0], "g_BL": [0.05, 0.1, 0.07], "lam_L12": [0.3, -0.2, 0.1],
        "lam_E21": [0.2, 0.5, -0.3], "lam_L23": [0.0, 0.4, 0.2], "lam_LE11": [0.0, 0.3, 0.2],
        "kap_LE22": [0.1, 0.0, -0.4], "lam_L11": [3.5, 1.0, -2.0], "lam_E11": [3.5, 2.0, 0.5]}
PHASES = ("phi_lam_L11", "phi_lam_E11", "phi_lam_L12", "phi_lam_E21", "phi_lam_LE11", "phi_kap_LE22",
          "phi_lam_L23", "phi_y_M11", "phi_y_nu12")
#: the point of ``phased`` checked against 50 digits (each point costs ~10 s of quadrature): e and mu
#: mix with the vector-like states (the tau does not: its LFV BRs are rotation noise), mu -> e gamma
#: open at BR ~ 2e-7, d_e ~ 1.6e-24 e cm, d_mu ~ 2.9e-29 e cm
MP_POINT = 1
#: mediator output suffix -> cp_mpref mediator (vector boson / scalar by the model's names, or W)
MEDIATORS = {"Z": ("V", "Z"), "Zp": ("V", "Zp"), "h": ("S", "H"), "hX": ("S", "h_X"), "W": ("W",)}


@pytest.fixture(scope="module")
def cp():
    model = bl_vll.build(cp=True)
    return model, mg.evaluator(model, build=True)


@pytest.fixture(scope="module")
def phased():
    """Random phases in (-pi, pi).  The L-E mixings of the first two generations are small here: with
    complex couplings a real SM Yukawa reproduces m_l only if |Im delta_l| < m_l (docs/physics.md),
    and at lam_LE11 ~ 0.3 the mixing-induced electron mass is ~GeV (such points are flagged fatal)."""
    rng = np.random.default_rng(17)
    return {**BASE, "lam_LE11": [1e-7, -2e-6, 0.0], "kap_LE22": [0.01, 0.0, -0.02],
            **{p: rng.uniform(-math.pi, math.pi, 3) for p in PHASES}}


def test_zero_phases_reproduce_the_real_kernel(cp):
    """Both kernels solve the SM Yukawas by Newton with the same relative stop, each on a one-sided
    Jacobi SVD (kernels/jacobi.pxd, kernels/cjacobi.pxd), so the statuses agree bit for bit (the
    light-mass floor bit included, which had to be masked while the complex solve ran on zgesvd's
    absolute accuracy) and the charged sector to rounding (measured: 1e-15); the neutral sector
    goes through different Takagi routines (dsyev on M vs on the 2n x 2n embedding, absolute
    accuracy 64 eps m_max), so the W loop of the electron agrees to ~1e-11 (measured 9.7e-12), and
    everything is compared at 1e-9.  Differences of two loops (delta_a) are compared on the scale of the loop (a), BRs
    above the rounding noise of the rotations (couplings below 1e-12 x the largest are dropped by
    the real kernel, BR < 1e-28), EDMs on the scale (hbar c/2m)|a|."""
    _, ev = cp
    real = mg.evaluator("bl_vll")
    out, ref = ev(BASE), real(BASE)
    assert np.all(ref["status"] & 0b10111111 == 0)
    np.testing.assert_array_equal(out["status"], ref["status"])
    tol = 1e-9
    for name in ref:
        if name == "status" or name.startswith("d_"):
            continue
        np.testing.assert_array_equal(np.isnan(out[name]), np.isnan(ref[name]), err_msg=name)
        ok = ~np.isnan(ref[name])
        out_, ref_ = out[name][ok], ref[name][ok]
        scale = np.abs(ref[name])
        if name.startswith("delta_a_"):
            scale = np.abs(ref[name.replace("delta_a_", "a_")])
        elif name.startswith("BR_"):
            scale = scale + 1e-28 / tol
        elif name.startswith("m_neutral."):      # eigensolver resolution 64 eps m_max (absolute)
            scale = scale + 64 * np.finfo(float).eps * out["m_neutral.11"] / tol
        assert np.all(np.abs(out_ - ref_) <= tol * scale[ok]), name
    for k, lep in enumerate(LEPTONS):
        assert np.all(ref[f"d_{lep}"] == 0.0)
        edm_scale = HBARC_GEV_CM / (2 * out[f"m_charged.{k}"]) * np.abs(out[f"a_{lep}"])
        assert np.all(np.abs(out[f"d_{lep}"]) <= 1e-13 * edm_scale)


_REF = {}


def _dipole_job(job):
    """(lepton index, mediator) -> 50-digit (Delta a, d, d scale); run in a forked worker."""
    i, med = job
    return _REF["ref"].dipoles(MEDIATORS[med], i, _REF["M_B"][med])


@pytest.fixture(scope="module")
def reference(cp, phased):
    """Kernel outputs at point MP_POINT of ``phased`` and the 50-digit reference (tests/cp_mpref.py,
    its SM Yukawas solved at 50 digits from the kernel's as a start): spectrum, {(i, mediator): (Delta a, d, d scale)} for
    e, mu, and {(i, j): (Gamma [GeV], relative scale of sigma)} for l_i -> l_j gamma."""
    model, ev = cp
    out = ev(phased)
    q = MP_POINT
    p = {name: float(np.broadcast_to(phased.get(name, info["default"]), (3,))[q])
         for name, info in ev.parameters.items()}
    assert p["sin_theta_hX"] == 0      # no h-h_X mixing: h couples through dM/dv_H, h_X through dM/dv_X
    ref = MpLeptons(model)(p, [out[f"y_e{f}"][q] for f in (1, 2, 3)])
    M_B = {"Z": ref.M_V["Z"], "Zp": ref.M_V["Zp"], "h": mp.mpf(p["M_h"]), "hX": mp.mpf(p["M_hX"]), "W": ref.M_V["W"]}
    _REF.update(ref=ref, M_B=M_B)
    jobs = [(i, med) for i in (0, 1) for med in MEDIATORS]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        dip = dict(zip(jobs, pool.map(_dipole_job, jobs)))
    widths = {}
    for i, j in ((1, 0), (2, 0), (2, 1)):
        sums = [ref.transition(MEDIATORS[med], i, j, M_B[med]) for med in MEDIATORS]
        sL, sR, scale = (sum(x) for x in zip(*sums))
        mi, mj = ref.m_charged[i], ref.m_charged[j]
        sigma2 = abs(sL) ** 2 + abs(sR) ** 2
        gamma = out["alpha"][q] * mi**3 / 4 * (1 - mj**2 / mi**2) ** 3 * sigma2
        widths[(i, j)] = (gamma, scale / mp.sqrt(sigma2) if sigma2 else mp.inf)
    return out, q, ref, dip, widths


def _rel(x, ref):
    return float(abs(mp.mpf(float(x)) / ref - 1))


def test_cp_spectrum_against_50_digits(reference):
    """Solved SM Yukawas, charged masses and M_Z, M_W to 1e-10 relative (measured worst: y_e3 9.6e-17,
    heavy masses 5.7e-16; with zgesvd in the light-mass Newton y_e1 was 3.1e-11 off, m_e 1.4e-11);
    neutral masses to 1e-10 relative, the light neutrinos (~1e-11 GeV next to ~1e3 GeV) included:
    the dense Takagi resolved them to ~2e-7 relative, clinalg.refine_light_ztakagi to relative
    accuracy."""
    out, q, ref, _, _ = reference
    errs = [_rel(out[f"y_e{f + 1}"][q], y) for f, y in enumerate(ref.y)]
    errs += [_rel(out[f"m_charged.{k}"][q], m) for k, m in enumerate(ref.m_charged)]
    errs += [_rel(out[f"M_{b}"][q], ref.M_V[b]) for b in ("Z", "W")]
    assert max(errs) < TOL, errs
    errs = [_rel(out[f"m_neutral.{k}"][q], m) for k, m in enumerate(ref.m_neutral)]
    assert max(errs) < TOL, errs


def test_cp_light_masses_are_the_inputs_to_4_eps(reference):
    """The light masses are the inputs to 4 eps, as the real kernel's
    (test_delta_a_precision::test_bl_vll_light_mass_is_solved_to_relative_accuracy): the complex
    light-mass Newton stops relative (lightmass.newton_stop) on singular values resolved relative to
    themselves (complex one-sided Jacobi, kernels/cjacobi.pxd; measured: 0 eps for e, mu, tau).  With
    zgesvd (eps m_max absolute) it stopped at the floor: m_e (1 + 1.4e-11), y_e1 3.1e-11 off."""
    out, q, _, _, _ = reference
    for k, name in enumerate(("m_e", "m_mu", "m_tau")):
        assert abs(out[f"m_charged.{k}"][q] / out[name][q] - 1) <= 4 * EPS, name


def test_cp_delta_a_per_mediator_against_50_digits(reference):
    """a_l.X for l = e, mu and every mediator X at 1e-10 relative (measured worst: a_e.Zp 1.7e-11,
    a_mu.hX 7.7e-13; with zgesvd in the light-mass solve a_e.h was 8.5e-11, twice the 3.1e-11 of
    y_e1, as it scales as y_e1^2)."""
    out, q, _, dip, _ = reference
    errs = {(i, med): _rel(out[f"a_{LEPTONS[i]}.{med}"][q], a) for (i, med), (a, _, _) in dip.items()}
    for i in (0, 1):
        worst = max((k for k in errs if k[0] == i), key=errs.get)
        print(f"a_{LEPTONS[i]} per mediator: worst relative deviation {errs[worst]:.1e} ({worst[1]})")
    assert max(errs.values()) < TOL, errs


def _edm(dip, i):
    """(d, d scale) of light state i summed over mediators."""
    return (sum(dip[(i, med)][1] for med in MEDIATORS), sum(dip[(i, med)][2] for med in MEDIATORS))


def test_cp_edms_on_the_scale_of_the_coupling_products(reference):
    """d = sum_k (hbar c/m) E_k Im(c1_k c2_k^*), each Im a small part of a product whose real part
    is the (chirally enhanced) magnetic moment: d_mu here is 2e-10 of the scale
    sum_k (hbar c/m)|E_k c1_k c2_k| (cp_mpref.MpLeptons.dipoles).  The kernel's products come from
    double-precision rotations, so the EDM is right to rounding of that scale: 32 eps of it
    (measured: 0.03 eps for d_e, 0.01 eps for d_mu; with zgesvd rotations 0.09 and 5.5 eps)."""
    out, q, _, dip, _ = reference
    for i in (0, 1):
        d, scale = _edm(dip, i)
        err = abs(out[f"d_{LEPTONS[i]}"][q] - d)
        print(f"d_{LEPTONS[i]} = {mp.nstr(d, 6)} e cm: deviation {float(err / abs(d)):.1e} relative, "
              f"{float(err / scale / EPS):.2f} eps of the product scale {mp.nstr(scale, 3)} e cm")
        assert err <= 32 * EPS * scale, (LEPTONS[i], float(err / scale))


@pytest.mark.xfail(strict=True, reason=(
    "d_mu at MP_POINT is 7.3e-9 relative off the 50-digit value (d_e: 4.6e-12; with zgesvd rotations "
    "6.1e-6 and 1.3e-11): d_mu = -2.9e-29 e cm "
    "is the sum of Im(c1 c2^*) of products of scale 1.5e-19 e cm (their real parts give a_mu), and the "
    "kernel forms each product from double-precision couplings: the 50-digit couplings rounded to "
    "double through the double loop library give d_mu 8.6e-9 off (Z': 2.6e-9, h_X: 2.4e-8; no term "
    "exceeds 5x its mediator's sum there): the loss is the ~eps phase of each rounded coupling against "
    "Im(c1 c2^*)/|c1 c2| ~ 2e-9 of the largest terms (50 digits), so no "
    "double-precision SVD can reach 1e-10: needs the CP-odd parts computed without this cancellation "
    "(e.g. from rephasing invariants of the couplings, or rotations and couplings in double-double)"))
def test_cp_edms_relative_1e10(reference):
    out, q, _, dip, _ = reference
    for i in (0, 1):
        d, _ = _edm(dip, i)
        assert _rel(out[f"d_{LEPTONS[i]}"][q], d) < TOL, LEPTONS[i]


def _muon_width(G_F, m_mu, m_e):
    """Tree-level Gamma(mu -> e nu nu) = G_F^2 m_mu^5/(192 pi^3) F(x), x = m_e^2/m_mu^2,
    F = 1 - 8x + 8x^3 - x^4 - 12 x^2 ln x (Kinoshita & Sirlin, Phys. Rev. 113 (1959) 1652)."""
    x = (m_e / m_mu) ** 2
    return mp.mpf(G_F) ** 2 * m_mu**5 / (192 * mp.pi**3) * (1 - 8 * x + 8 * x**3 - x**4 - 12 * x**2 * mp.log(x))


def _br(out, q, ref, widths, i, j):
    """(kernel BR, reference BR) of l_i -> l_j gamma; total width: the tree-level muon width at the
    reference masses, or the measured tau width (the kernel's constant, PDG)."""
    gamma = widths[(i, j)][0]
    total = _muon_width(out["G_F"][q], ref.m_charged[1], ref.m_charged[0]) if i == 1 else transition.tau_width()
    return out[f"BR_{LEPTONS[i]}_{LEPTONS[j]}gamma"][q], gamma / total


def test_cp_br_tau_channels_are_rounding_noise(reference):
    """The tau mixes with no other state at this point (50-digit BRs ~1e-80): the kernel's tau BRs
    must be rotation noise below 1e-28 (the real kernel's noise floor, see
    test_zero_phases_reproduce_the_real_kernel)."""
    out, q, ref, _, widths = reference
    for i, j in ((2, 0), (2, 1)):
        br, br_ref = _br(out, q, ref, widths, i, j)
        assert br_ref < 1e-60 and 0 <= br < 1e-28, (i, j, br, br_ref)


def test_cp_br_mu_e_gamma_relative_1e10(reference):
    """BR(mu -> e gamma) to 1e-10 relative against 50 digits: its sigma is a GIM-cancelling sum
    (sigma terms / sigma ~ 17 here) of products of small rotation components (e-heavy mixing), which
    the complex Jacobi SVD has relative to themselves (measured: 3.8e-13; with zgesvd, whose small
    components are resolved only to eps x the largest entry, 3.2e-10)."""
    out, q, ref, _, widths = reference
    br, br_ref = _br(out, q, ref, widths, 1, 0)
    err = _rel(br, br_ref)
    print(f"BR(mu -> e gamma) = {mp.nstr(br_ref, 6)}: deviation {err:.1e} relative "
          f"(sigma terms / sigma = {mp.nstr(widths[(1, 0)][1], 3)})")
    assert err < TOL


def test_cp_conjugation_flips_edms(cp, phased):
    _, ev = cp
    out = ev(phased)
    conj = ev({k: (-v if k.startswith("phi_") else v) for k, v in phased.items()})
    for lep in LEPTONS:
        np.testing.assert_allclose(conj[f"d_{lep}"], -out[f"d_{lep}"], rtol=1e-10)
        np.testing.assert_allclose(conj[f"delta_a_{lep}"], out[f"delta_a_{lep}"], rtol=1e-10)

