"""Tests of the Barr–Zee kernels (modelgen.loops.barrzee -> _barrzee -> barrzee.pxd) and of the 2HDM
one-loop pieces assembled from the g-2 library.

References, all independent of the code under test:
  * the Barr–Zee integrals as printed (Barr & Zee PRL 65 (1990) 21; Ilisie arXiv:1502.04199
    eqs. (25)-(28)), integrated by 30-digit mpmath quadrature, 1e-8 <= z <= 1e8 and every branch
    edge;
  * exact values and asymptotics: g(1) = (2/√3) Cl₂(π/3) (mpmath.clsin), small-/large-z limits;
  * the low-energy theorem: for a heavy particle X in the loop the coefficient of ln m_X² is fixed
    by its QED β-function coefficient b_X (4/3 N_c Q² Dirac fermion, 1/3 complex scalar, −7 W;
    the heavy limits of the h→γγ amplitudes A_{1/2}, A_0, A_1), which fixes the relative
    normalisation and sign of Ilisie's eqs. (19), (20), (21);
  * Broggio et al. arXiv:1409.3199 eqs. (2.5)-(2.10) (one loop: Dedes & Haber hep-ph/0102297),
    via ``thdm_reference`` (mpmath), and the standard ξ table against the doublet couplings.
"""
import math

import mpmath as mp
import numpy as np
import pytest

from modelgen.testing import thdm_reference as ref
from modelgen.errors import ParameterError
from modelgen.loops import barrzee, g2

mp.mp.dps = 30
TOL = 1e-12
M_MU = 0.1056583755


def _mp_loop(name, z):
    """(integral, integral of |integrand|) of the printed loop function at z, u = x(1−x)."""
    z = mp.mpf(z)

    def lg(u):
        return mp.log(u / z) / (u - z) if u != z else 1 / z

    integrands = {
        "f": lambda x, u: z / 2 * (1 - 2 * u) * lg(u),
        "g": lambda x, u: z / 2 * lg(u),
        "F2": lambda x, u: x * (x - 1) / 2 * lg(u),        # = ½ x(x−1)/(w−u) ln(w/u)
        "F3": lambda x, u: (x * z * (3 * x * (4 * x - 1) + 10) - u) / 2 * lg(u),
    }
    fn = integrands[name]
    pts = {mp.mpf(0), mp.mpf(1) / 2, mp.mpf(1)}
    if z < mp.mpf(1) / 4:
        xm = (1 - mp.sqrt(1 - 4 * z)) / 2
        pts |= {xm, 1 - xm, xm / 8, 1 - xm / 8}

    def safe(x, absval):
        u = x * (1 - x)
        if u == 0:
            return mp.mpf(0)
        val = fn(x, u)
        return abs(val) if absval else val
    pts = sorted(pts)
    val = mp.quad(lambda x: safe(x, False), pts)
    # f, g, F2: one-signed integrands, so ∫|integrand| = |∫ integrand|
    return val, (mp.quad(lambda x: safe(x, True), pts) if name == "F3" else abs(val))


def _assert_vs_quadrature(name, zs, got):
    """|got - quad| <= TOL x the integrand's scale at every z (the worst one named on failure)."""
    worst = (-1.0, 0.0)
    for z, val in zip(zs, got):
        want, scale = _mp_loop(name, z)
        worst = max(worst, (abs(val - float(want)) / float(scale), z))
    assert worst[0] <= TOL, f"{name}: worst error {worst[0]:.2e} (scale units) at z = {worst[1]}"


GRID = sorted(set(np.round(np.logspace(-8, 8, 25), 12)) | {
    0.2, 0.2249, 0.225, 0.2251, 0.2499, 0.25, 0.2501, 0.2749, 0.275, 0.2751,
    0.25 * (1 + math.tan(1.0)**-2), 0.5, 1.0, 3.999, 4.0, 4.001})


@pytest.mark.parametrize("name", ["f", "g", "F2", "F3"])
def test_loop_functions_vs_quadrature(name):
    """|code − quad| <= 1e-12 × ∫|integrand| (= relative error for f, g, F2, whose integrands keep
    one sign; F3 changes sign and has a zero near w ≈ 0.02, where only this scale is meaningful)."""
    zs = np.array(GRID)
    got = getattr(barrzee, name)(zs)
    _assert_vs_quadrature(name, zs, got)



@pytest.mark.parametrize("name", ["f", "g", "F2", "F3"])
def test_small_root_series_tiers(name):
    """g's small-root branch (x- <= 0.03) sums 6 terms of its two series for x- <= 1e-3 and 11 above
    (barrzee._bz_g_lz): both sides of the switch (x- = 1e-3 at z = x-(1 - x-) = 9.99e-4) and inside
    each tier, against the printed integrals by 30-digit quadrature, at the tolerance of
    test_loop_functions_vs_quadrature."""
    zs = np.array([1e-9, 3e-7, 1e-5, 2e-4, 7e-4, 9.985e-4, 0.000999, 9.995e-4, 1.001e-3, 2e-3, 0.012,
                   0.0291])
    got = getattr(barrzee, name)(zs)
    _assert_vs_quadrature(name, zs, got)


@pytest.mark.parametrize("kind, name", enumerate(["f", "g"]))
def test_loop_functions_with_log_argument(kind, name):
    """The variants the generated kernels call where z is a mass ratio (barrzee.pxd bz_f_l, bz_g_l), ln z
    passed in as the kernel forms it, 2 ln m - 2 ln M (each log rounded, so ln z carries a few ulps of
    ln M), at masses m = tau, b, t, M_W and bosons M from 10 GeV to 10 TeV (every branch of g: small
    root, middle, threshold, complex, z >= 4), against the printed integrals by 30-digit quadrature at
    the tolerance of test_loop_functions_vs_quadrature, and within 4e-15 relative of bz_f, bz_g."""
    from modelgen.loops import _barrzee
    ms = [1.77686, 4.18, 80.377, 172.69]
    Ms = [10.0, 25.0, 60.0, 125.25, 172.0, 300.0, 346.0, 700.0, 3000.0, 1e4]
    pairs = [(m, M) for m in ms for M in Ms]
    z = np.array([(m / M)**2 for m, M in pairs])
    lz = np.array([2 * math.log(m) - 2 * math.log(M) for m, M in pairs])
    got = np.empty_like(z)
    _barrzee.loop_function_l(kind, z, lz, got)
    plain = np.empty_like(z)
    _barrzee.loop_function(kind, z, plain)
    assert np.max(np.abs(got - plain) / np.abs(plain)) <= 4e-15
    _assert_vs_quadrature(name, z, got)


def test_f3_with_log_argument():
    """bz_F3_l, the W loop as the 2HDM kernels call it at w = M_W^2/M^2 with ln w = ln(M_W^2) - 2 ln M
    (each log rounded), M from 10 GeV to 100 TeV (g's real-root branch w < 0.225 from M = 169.4 GeV,
    the other branches below, where the supplied log is not read and the result is bz_F3's bits):
    against the printed integral by 30-digit quadrature within 4e-15 of its scale Int|integrand|
    (measured worst 7e-16 on 60 points, the same as bz_F3's; F3 has a zero near w = 0.02, where only
    that scale is meaningful), and within 4e-15 of that scale of bz_F3."""
    from modelgen.loops import _barrzee
    MW = 80.377
    Ms = np.array([10.0, 60.0, 125.25, 169.0] + list(np.geomspace(169.5, 1e5, 16)) + [565.0, 568.0, 571.0])
    w = (MW / Ms)**2
    lw = np.array([math.log(MW * MW) - 2 * math.log(M) for M in Ms])
    got, plain = np.empty_like(w), np.empty_like(w)
    _barrzee.loop_function_l(3, w, lw, got)
    _barrzee.loop_function(3, w, plain)
    off = 1.0 - 4.0 * w <= 0.1
    assert np.array_equal(got[off], plain[off])
    worst = (0.0, None)
    for z, val, ref_val in zip(w, got, plain):
        want, scale = _mp_loop("F3", z)
        err = float(abs(val - want) / scale)
        assert abs(val - ref_val) <= 4e-15 * float(scale), z
        worst = max(worst, (err, z))
    assert worst[0] <= 4e-15, f"worst error {worst[0]:.2e} (scale units) at w = {worst[1]}"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["f", "F2", "F3"])
def test_loop_functions_lz_branch_dense(name):
    """f, F2, F3 on g's branch z < 0.225, where they take ln z from g's logs (barrzee._bz_g_lz:
    ln z = ln(x-/x+) - 2u): 40 log-spaced points from 1e-8 to the branch edge against the printed
    integrals by quadrature, at the tolerance of test_loop_functions_vs_quadrature."""
    zs = np.geomspace(1e-8, 0.2249999, 40)
    got = getattr(barrzee, name)(zs)
    _assert_vs_quadrature(name, zs, got)

def test_exact_values_and_limits():
    """g(1/4) = ln 2, f(1/4) = 1/2 (from the integrals at z = 1/4, where u − z = −(x − 1/2)²);
    g(1) = (2/√3) Cl₂(π/3); z → 0: g ≈ (z/2)(ln²z + π²/3), f ≈ g + z(2 + ln z);
    z → ∞: f → (1/3) ln z + 13/18, g → (1/2) ln z + 1, F3 → (7/2) ln w + 89/12 (corrections
    O(ln z/z)); F2 → −(ln w + 5/3)/(12 w)."""
    assert barrzee.g(0.25) == pytest.approx(math.log(2), rel=1e-15)
    assert barrzee.f(0.25) == pytest.approx(0.5, rel=1e-15)
    g1 = 2 / mp.sqrt(3) * mp.clsin(2, mp.pi / 3)
    assert barrzee.g(1.0) == pytest.approx(float(g1), rel=1e-15)
    z, lz = 1e-12, math.log(1e-12)
    gz = z / 2 * (lz**2 + math.pi**2 / 3)
    assert barrzee.g(z) == pytest.approx(gz, rel=1e-9)
    assert barrzee.f(z) == pytest.approx(gz + z * (2 + lz), rel=1e-9)
    z, lz = 1e12, math.log(1e12)
    assert barrzee.f(z) == pytest.approx(lz / 3 + 13 / 18, rel=1e-9)
    assert barrzee.g(z) == pytest.approx(lz / 2 + 1, rel=1e-9)
    assert barrzee.F3(z) == pytest.approx(3.5 * lz + 89 / 12, rel=1e-9)
    assert barrzee.F2(z) == pytest.approx(-(lz + 5 / 3) / (12 * z), rel=1e-9)


def test_low_energy_theorem_normalisations():
    """Heavy X in the loop: d Δa / d ln m_X² = K · b_X · (v/2) ∂ln m_X²(φ)/∂φ with one universal
    K = −α m_ℓ² ξ_ℓ/(16π³ v²), b_X the QED β coefficient (Dirac fermion 4/3 N_c Q², unit-charge
    complex scalar 1/3, W −7), and (v/2)∂ln m²/∂φ = ξ_f (fermion, m_f(φ) = m_f(1 + ξ_f φ/v)),
    v²λ/(2M_C²) (scalar, M_C²(φ) = M_C² + vλφ), g_φWW (W, M_W(φ) = M_W(1 + g φ/v))."""
    alpha, v, m, M, xi_l = 1 / 137.0, 246.0, M_MU, 100.0, 1.3
    K = -alpha * m * m * xi_l / (16 * math.pi**3 * v * v)
    s = math.exp(0.5)   # m_X -> m_X e^{1/2}: Δ ln m_X² = 1
    mX = 1e5            # m_X²/M² = 1e6: power corrections ~ 1e-5
    Q, Nc, xi_f, lam, gW = 2 / 3, 3, 0.7, 0.9, 1.1
    slopes = {
        "fermion": (barrzee.fermion_scalar(m, M, mX * s, Q, Nc, xi_l, xi_f, alpha, v)
                    - barrzee.fermion_scalar(m, M, mX, Q, Nc, xi_l, xi_f, alpha, v),
                    4 / 3 * Nc * Q * Q * xi_f),
        "scalar": ((barrzee.charged_scalar(m, M, mX * s, xi_l, lam * s**2, alpha)
                    - barrzee.charged_scalar(m, M, mX, xi_l, lam, alpha)),
                   1 / 3 * v * v * lam / (2 * mX * mX)),
        "W": (barrzee.w_loop(m, M, mX * s, xi_l, gW, alpha, v)
              - barrzee.w_loop(m, M, mX, xi_l, gW, alpha, v), -7 * gW),
    }
    for name, (slope, b_coupling) in slopes.items():
        assert slope / b_coupling == pytest.approx(K, rel=1e-4), name


@pytest.mark.parametrize("cp_odd", [False, True])
def test_fermion_barr_zee_vs_broggio(cp_odd):
    """Δa from fermion loops against Broggio et al. 1409.3199 eqs. (2.8)-(2.10) (thdm_reference,
    G_F = 1/(√2 v²)), τ/b/t loops, M_φ from 10 GeV to 1 TeV; relative 1e-12."""
    sm = ref.SM
    v = float(1 / mp.sqrt(mp.sqrt(2) * sm["G_F"]))
    alpha = float(sm["alpha"])
    fn = barrzee.fermion_pseudoscalar if cp_odd else barrzee.fermion_scalar
    for M in (10.0, 125.0, 1000.0):
        for col, Q, Nc, mkey in ref.LOOP_FERMIONS.values():
            mf = float(sm[mkey])
            want = ref.barr_zee(M_MU, 1.7, M, cp_odd, mf, Q, Nc, -0.4)
            got = fn(M_MU, M, mf, float(Q), Nc, 1.7, -0.4, alpha, v)
            assert got == pytest.approx(float(want), rel=TOL), (M, mkey)


def _one_loop_g2(m, M, xi, kind, v):
    """2HDM one-loop Δa from the g-2 library with the Aoki et al. couplings: ℓ̄(c_S + c_P γ5)ℓ φ,
    c_S = −(m/v)ξ (CP-even), c_P = i(m/v)ξ (A); H⁺: ν̄(g_R P_R)ℓ H⁺ with g_R = −√2 m ξ/v."""
    y = m / v * xi
    if kind == "S":
        return g2.neutral_scalar(m, m, M, -y, 0.0)
    if kind == "A":
        return g2.neutral_scalar(m, m, M, 0.0, 1j * y)
    c_S, c_P = g2.chiral_to_va(0.0, -math.sqrt(2) * y)
    return g2.charged_scalar(m, 0.0, M, c_S, c_P, 0.0)


@pytest.mark.parametrize("kind", ["S", "A", "H+"])
def test_one_loop_2hdm_from_g2(kind):
    """g2.neutral_scalar / charged_scalar with 2HDM couplings = Broggio (2.5)-(2.7) (Dedes–Haber;
    H± only above m_μ: below, μ → ν H⁻ is open and the library returns NaN)
    to 1e-10; and their heavy-boson limits (G_F m²/(4π²√2)) ξ² r × [ln(1/r) − 7/6 (h, H),
    −ln(1/r) + 11/6 (A), −1/6 (H±)], r = m²/M² (relative corrections O(r ln²r))."""
    sm = ref.SM
    v = float(1 / mp.sqrt(mp.sqrt(2) * sm["G_F"]))
    xi = 35.0
    for M in (0.05, 1.0, 20.0, 300.0) if kind != "H+" else (0.5, 1.0, 20.0, 300.0):
        got = _one_loop_g2(M_MU, M, xi, kind, v)
        assert got == pytest.approx(float(ref.one_loop(M_MU, xi, M, kind)), rel=1e-10), M
    M = 3000.0
    r = (M_MU / M)**2
    lead = {"S": math.log(1 / r) - 7 / 6, "A": -math.log(1 / r) + 11 / 6, "H+": -1 / 6}[kind]
    approx = M_MU**2 / (8 * math.pi**2 * v * v) * xi**2 * r * lead
    assert _one_loop_g2(M_MU, M, xi, kind, v) == pytest.approx(approx, rel=1e-5)


@pytest.mark.parametrize("kind", ref.TYPES)
def test_xi_table_vs_doublet_couplings(kind):
    """Aoki et al. Table 2 against the couplings of a fermion to one doublet (Higgs Hunter's Guide):
    to Φ2: ξ_h = cos α/sin β, ξ_H = sin α/sin β, ξ_A = cot β (u) or −cot β (d, ℓ); to Φ1:
    ξ_h = −sin α/cos β, ξ_H = cos α/cos β, ξ_A = tan β; α = β − arccos(cos(β−α))."""
    doublet = {"I": "222", "II": "211", "X": "221", "Y": "212"}[kind]   # (u, d, ℓ)
    for tb, cba in ((3.0, 0.1), (50.0, -0.02), (0.8, 0.4)):
        xi = ref.xi_table(kind, tb, cba)
        beta = math.atan(tb)
        a = beta - math.acos(cba)
        for col, d in zip("udl", doublet):
            if d == "2":
                want = (math.cos(a) / math.sin(beta), math.sin(a) / math.sin(beta),
                        1 / tb if col == "u" else -1 / tb)
            else:
                want = (-math.sin(a) / math.cos(beta), math.cos(a) / math.cos(beta), tb)
            got = tuple(float(xi[(b, col)]) for b in "hHA")
            assert got == pytest.approx(want, rel=1e-12), (kind, col, tb, cba)


def test_api_broadcast_and_errors():
    out = barrzee.fermion_pseudoscalar(M_MU, np.array([10.0, 20.0]), [[1.77], [4.18]], -1, 1,
                                       40.0, 40.0, 1 / 137.0, 246.0)
    assert out.shape == (2, 2) and np.all(out > 0)
    assert np.isnan(barrzee.g(-1.0)) and np.isnan(barrzee.F2(0.0)) and barrzee.f(0.0) == 0.0
    assert np.isnan(barrzee.fermion_scalar(M_MU, 0.0, 1.0, 1, 1, 1, 1, 1 / 137.0, 246.0))
    with pytest.raises(ParameterError, match="m_f"):
        barrzee.fermion_scalar(M_MU, 10.0, -1.0, 1, 1, 1, 1, 1 / 137.0, 246.0)
