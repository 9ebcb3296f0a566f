"""Numeric tests of the compiled dipole kernels (modelgen.loops.g2 -> _g2 -> loopfuncs.pxd).

Reference: 30-digit mpmath quadrature of the Leveille/LPQ integrands (g2_mpref), independent
analytic limits, and the SM one-loop electroweak a_mu.  Tolerance: 1e-10 relative for each
coupling structure (|c1|²+|c2|² part and chirally enhanced part) separately, worst point
reported (also in units of eps).  Points above threshold (m_l >= M_F + M_B) are not sampled
(rejection sampling); there the kernels return NaN (tested in test_api_broadcast_and_errors).
"""
import functools
import math
import multiprocessing

import numpy as np
import pytest

import g2_mpref as ref
from modelgen.loops import g2

TOL = 1e-10
EPS = np.finfo(float).eps
HBARC = float(ref.HBARC)
N_RANDOM = 100  # random points per topology (plus the degenerate set below); each costs mpmath quadratures
KINDS = {  # topology -> (g2 function, edm function, mpref kind, charged?)
    "neutral_scalar": (g2.neutral_scalar, g2.edm_neutral_scalar, "S", False),
    "neutral_vector": (g2.neutral_vector, g2.edm_neutral_vector, "V", False),
    "charged_scalar": (g2.charged_scalar, g2.edm_charged_scalar, "S", True),
    "charged_vector": (g2.charged_vector, g2.edm_charged_vector, "V", True),
}
SEEDS = {"neutral_scalar": 1, "neutral_vector": 2, "charged_scalar": 3, "charged_vector": 4}
CHARGES = (0.0, 1.0, -2.0, 2.0 / 3.0, -1.0 / 3.0, -1.0)
ASSEMBLY_STRIDE = 8  # test_coupling_assembly uses every 8th reference point


def _points(seed, charged):
    """(m, M_F, M_B, Q_F): log-uniform m/M_B and M_F/M_B in [1e-8, 1e8] (M_B in [1e-3, 1e3] GeV)
    below threshold, plus degenerate configurations.  Charged topologies at Q_F = 0 (photon on
    the boson only): the photon-on-F piece is the neutral topology, tested there, and mixed
    charges are tested in test_charge_assembly."""
    q = 0.0 if charged else -1.0
    rng = np.random.default_rng(seed)
    pts = []
    while len(pts) < N_RANDOM:
        MB = 10 ** rng.uniform(-3, 3)
        m, MF = MB * 10 ** rng.uniform(-8, 8, size=2)
        if m < MF + MB:
            pts.append((m, MF, MB, q))
    pts += [(r, 1.0, 1.0, q) for r in (1e-8, 1e-4, 1e-1, 0.5, 0.99, 1.9)]      # M_F = M_B
    pts += [(1.0, 1.0, r, q) for r in (1e-8, 1e-3, 0.7, 1.0, 3.0, 1e3, 1e8)]  # M_F = m
    for r in (1e-8, 1e-6, 1e-3, 0.5):                                          # m -> |M_F - M_B|
        pts += [(2.0 * (1 - r), 3.0, 1.0, q), (2.0 * (1 - r), 1.0, 3.0, q)]
    pts += [(4.0 * (1 - r), 3.0, 1.0, q) for r in (1e-6, 1e-3)]                # m -> M_F + M_B
    pts += [(1e-4, 1e-12, 1.0, q), (0.5, 1e-8, 1.0, q), (1.0, 1e-8, 1e4, q)]  # M_F -> 0
    return pts


def _ref_one(args):
    """(S, D, E): E the EDM coefficient, = D except for vectors (g2_mpref), where D takes a second
    quadrature and is computed only if ``need_d`` (NaN otherwise)."""
    kind, p, need_d = args
    S, E = ref.parts(kind, *p, edm=True)
    D = (ref.parts(kind, *p)[1] if need_d else np.nan) if kind == "V" else E
    return float(S), float(D), float(E)


def _pool_map(args):
    with multiprocessing.get_context("fork").Pool(2) as pool:
        return np.array(pool.map(_ref_one, args, chunksize=4))


@functools.lru_cache(maxsize=None)
def _reference(name):
    """Points of ``name`` and their mpmath (S, D, E), computed once, on 2 processes."""
    kind, charged = KINDS[name][2], KINDS[name][3]
    pts = _points(SEEDS[name], charged)
    return pts, _pool_map([(kind, p, i % ASSEMBLY_STRIDE == 0) for i, p in enumerate(pts)])


@pytest.mark.parametrize("name", list(KINDS))
def test_against_mpmath(name):
    """|c|² part via Δa(c1=1, c2=-i) = 2 S (|c1| = |c2|), chirally enhanced part via
    d(c1=1, c2=-i) = (ħc/m) E (Im(c1 c2*) = 1); both at every point, relative error <= 1e-10
    (D itself: test_coupling_assembly)."""
    fa, fd, kind, charged = KINDS[name]
    pts, sd = _reference(name)
    m, MF, MB, QF = (np.array(c) for c in zip(*pts))
    extra = (QF,) if charged else ()
    got = (fa(m, MF, MB, 1.0, -1j, *extra) / 2, fd(m, MF, MB, 1.0, -1j, *extra) * m / HBARC)
    for part, g, want in (("|c|^2", got[0], sd[:, 0]), ("chiral", got[1], sd[:, 2])):
        err = np.abs(g - want) / np.abs(want)
        assert not np.isnan(err).any(), f"{name} {part}: NaN at {pts[int(np.argmax(np.isnan(err)))]}"
        i = int(np.argmax(err))
        assert err[i] <= TOL, (f"{name} {part} part: worst rel err {err[i]:.2e} "
                               f"({err[i] / EPS:.0f} eps) at (m, M_F, M_B, Q_F) = {pts[i]}")


@pytest.mark.parametrize("name", list(KINDS))
def test_coupling_assembly(name):
    """Pure S/P (V/A), chiral and random complex couplings: Δa = S Σ|c|² + D (|c1|²−|c2|²) and
    d = (ħc/m) E Im(c1 c2*); error relative to the condition scale |S| Σ|c|² + |D| ||c1|²−|c2|²|."""
    fa, fd, kind, charged = KINDS[name]
    pts, sd = _reference(name)
    rng = np.random.default_rng(7)
    worst = (0.0, None)
    for p, (S, D, E) in list(zip(pts, sd))[::ASSEMBLY_STRIDE]:
        for c1, c2 in ((1, 0), (0, 1), (0.5, -0.5), (0.5, 0.5),
                       tuple(rng.normal(size=2) + 1j * rng.normal(size=2))):
            args = (*p[:3], c1, c2) + ((p[3],) if charged else ())
            sc, dc = abs(c1)**2 + abs(c2)**2, abs(c1)**2 - abs(c2)**2
            err = abs(fa(*args) - (S * sc + D * dc)) / (abs(S) * sc + abs(D) * abs(dc))
            im = (complex(c1) * complex(c2).conjugate()).imag
            if im != 0:
                want_d = HBARC / p[0] * E * im
                err = max(err, abs(fd(*args) - want_d) / abs(want_d))
            else:
                assert fd(*args) == 0.0
            worst = max(worst, (err, (p, c1, c2)), key=lambda t: t[0])
    assert worst[0] <= TOL, f"{name}: worst rel err {worst[0]:.2e} at {worst[1]}"


@pytest.mark.parametrize("name", ["charged_scalar", "charged_vector"])
def test_charge_assembly(name):
    """Δa(Q_F) = −Q_F N − Q_B C (Q_B = −1 − Q_F), N and C the photon-on-F and photon-on-B
    integrals; error relative to |Q_F N| + |Q_B C|: the two attachments can cancel (e.g.
    Q_F = −1/3 with M_F << M_B), where the result is ill-conditioned in Q_F."""
    fa, fd, kind, _ = KINDS[name]
    pts = _points(SEEDS[name] + 10, True)[::9]
    N = _pool_map([(kind, (*p[:3], -1.0), False) for p in pts])
    C = _pool_map([(kind, (*p[:3], 0.0), False) for p in pts])
    worst = (0.0, None)
    for p, n, c in zip(pts, N, C):
        for QF in CHARGES:
            QB = -1.0 - QF
            n_se, c_se = n[[0, 2]], c[[0, 2]]                      # (S, E)
            want = -QF * n_se - QB * c_se
            got = np.array([fa(*p[:3], 1.0, -1j, QF) / 2, fd(*p[:3], 1.0, -1j, QF) * p[0] / HBARC])
            err = float(np.max(np.abs(got - want) / (np.abs(QF * n_se) + np.abs(QB * c_se))))
            worst = max(worst, (err, (p[:3], QF)), key=lambda t: t[0])
    assert worst[0] <= TOL, f"{name}: worst rel err {worst[0]:.2e} at {worst[1]}"


# ----------------------------------------------------------------------------------------------
# analytic limits
# ----------------------------------------------------------------------------------------------
MMU, MW, MZ = 0.1056583755, 80.379, 91.1876


def _sm_ew(m):
    """One-loop W + Z with tree relations G_F/√2 = g²/(8 M_W²), s_W² = 1 − M_W²/M_Z²."""
    g = 0.65
    GF = math.sqrt(2) * g**2 / (8 * MW**2)
    sw2, cw = 1 - MW**2 / MZ**2, MW / MZ
    gv, ga = -0.5 + 2 * sw2, -0.5
    a_w = g2.charged_vector(m, 0.0, MW, g / (2 * math.sqrt(2)), -g / (2 * math.sqrt(2)), 0.0)
    c_v, c_a = g / (2 * cw) * gv, -g / (2 * cw) * ga  # L = (g/2c_W) μ̄ γ^μ (g_V − g_A γ5) μ Z_μ
    a_z = g2.neutral_vector(m, m, MZ, c_v, c_a)
    lo = GF * m**2 / (8 * math.sqrt(2) * math.pi**2) * (10 / 3 + ((1 - 4 * sw2)**2 - 5) / 3)
    return a_w + a_z, lo


def test_sm_electroweak():
    """Exact one-loop result vs the leading (G_F m²/8√2π²)[10/3 + ((1−4s_W²)²−5)/3]: at the
    physical muon mass they differ by the O(m²/M² ln(M²/m²)) terms (≈1e-5 relative, bounded
    below); the ratio a/m² approaches the leading coefficient to 1e-6 once m²/M² ≲ 1e-8."""
    a, lo = _sm_ew(MMU)
    bound = 20 * (MMU / MW)**2 * math.log(MZ**2 / MMU**2)
    assert abs(a / lo - 1) < bound, (a, lo, a / lo - 1)
    a, lo = _sm_ew(MMU * 1e-2)
    assert abs(a / lo - 1) < 1e-6, (a, lo, a / lo - 1)


def test_heavy_light_limits():
    m, M, y = 0.1, 1e4, 0.37
    x = (m / M)**2
    lg = math.log(1 / x)
    k = y**2 * x / (8 * math.pi**2)
    cases = [
        (g2.neutral_scalar(m, m, M, y, 0), k * (lg - 7 / 6)),
        (g2.neutral_scalar(m, m, M, 0, 1j * y), -k * (lg - 11 / 6)),
        (g2.neutral_vector(m, m, M, y, 0), y**2 * x / (12 * math.pi**2)),
        (g2.neutral_vector(m, m, M, 0, y), -5 * y**2 * x / (12 * math.pi**2)),
        (g2.neutral_vector(m, m, 1e-14 * m, y, 0), y**2 / (8 * math.pi**2)),  # O(M_B/m)
        (g2.neutral_vector(m, m, 0.0, y, 0), y**2 / (8 * math.pi**2)),
    ]
    for got, want in cases:
        assert abs(got / want - 1) < 50 * x * lg, (got, want)  # O(m²/M² ln) corrections
    # light vector with F = l, the reference formula of PHYSICS.md §4, over the whole range
    for r in 10.0 ** np.arange(-8, 8.5, 0.5):
        got, want = g2.neutral_vector(1.0, 1.0, r, 1.0, 0.0), ref.light_vector(1.0, r)
        assert abs(got / want - 1) < TOL, (r, got, want)


def test_heavy_neutral_lepton_w():
    """W + heavy neutral N, m → 0: (G_F m²/8√2π²) F(x), x = M_N²/M_W²,
    F = (10 − 43x + 78x² − 49x³ + 4x⁴ + 18x³ ln x)/(3(x−1)⁴) (F(0) = 10/3)."""
    g, m = 0.65, 1e-5
    GF = math.sqrt(2) * g**2 / (8 * MW**2)
    for MN in (1.0, 30.0, 150.0, 1e3, 1e5):
        x = MN**2 / MW**2
        F = (10 - 43 * x + 78 * x**2 - 49 * x**3 + 4 * x**4 + 18 * x**3 * math.log(x)) / (3 * (x - 1)**4)
        got = g2.charged_vector(m, MN, MW, g / (2 * math.sqrt(2)), -g / (2 * math.sqrt(2)), 0.0)
        assert abs(got / (GF * m**2 / (8 * math.sqrt(2) * math.pi**2) * F) - 1) < 1e-9, MN


# ----------------------------------------------------------------------------------------------
# EDM, conventions, API
# ----------------------------------------------------------------------------------------------
def test_edm_sign_and_reality():
    """d = 0 for real couplings.  Sign convention (L = −(i/2) d ℓ̄σγ5ℓF, μ = a Q_ℓ e/2m): the
    dipole μ + i d ∝ c_R c_L*, so d = (ħc/m) A Im(c1 c2*) with A = Δa_chiral/(|c1|²−|c2|²), i.e.
    for c1 = cos φ, c2 = −i sin φ the EDM has the sign of A (checked against A taken from Δa).
    M_B = 3e5 GeV: the longitudinal vector terms, where d and Δa_chiral differ, are O(m²/M_B²)."""
    m, MF, MB = 0.1, 5.0, 3e5
    assert g2.edm_neutral_scalar(m, MF, MB, 0.3, 0.2) == 0.0
    assert g2.edm_neutral_vector(m, MF, MB, 0.3, -0.2) == 0.0
    assert g2.edm_charged_scalar(m, MF, MB, 0.3, 0.2, 0.0) == 0.0
    assert g2.edm_charged_vector(m, MF, MB, 0.3, 0.2, 0.0) == 0.0
    for fa, fd, extra in ((g2.neutral_scalar, g2.edm_neutral_scalar, ()),
                          (g2.neutral_vector, g2.edm_neutral_vector, ()),
                          (g2.charged_scalar, g2.edm_charged_scalar, (1.0,)),
                          (g2.charged_vector, g2.edm_charged_vector, (1.0,))):
        A = (fa(m, MF, MB, 1.0, 0.0, *extra) - fa(m, MF, MB, 0.0, 1.0, *extra)) / 2
        phi = 0.4
        c1, c2 = math.cos(phi), -1j * math.sin(phi)          # Im(c1 c2*) = sin φ cos φ > 0
        d = fd(m, MF, MB, c1, c2, *extra)
        want = HBARC / m * A * math.sin(phi) * math.cos(phi)
        assert abs(d / want - 1) < 1e-9
        assert np.sign(d) == np.sign(A)   # sign convention: d ∝ +A Im(c1 c2*)


def test_chiral_basis_equivalence():
    rng = np.random.default_rng(3)
    for _ in range(20):
        gL, gR = rng.normal(size=2) + 1j * rng.normal(size=2)
        m, MF, MB = 0.1, 10 ** rng.uniform(-2, 3), 10 ** rng.uniform(-2, 3)
        cV, cA = g2.chiral_to_va(gL, gR)
        for fa, fd in ((g2.neutral_vector, g2.edm_neutral_vector),
                       (g2.neutral_scalar, g2.edm_neutral_scalar)):
            S = fa(m, MF, MB, 0.5, -0.5j)          # = S-part (|c1|² + |c2|² = 1/2)
            D = (fa(m, MF, MB, 1.0, 0.0) - fa(m, MF, MB, 0.0, 1.0)) / 2
            E = fd(m, MF, MB, 1.0, -1j) * m / HBARC
            want = S * (abs(gL)**2 + abs(gR)**2) + D * (np.conj(gL) * gR).real
            assert abs(fa(m, MF, MB, cV, cA) / want - 1) < 1e-12
            # EDM from Im(g_L* g_R) = -2 Im(c1 c2*)
            want_d = -HBARC / m * E * (np.conj(gL) * gR).imag / 2
            assert abs(fd(m, MF, MB, cV, cA) - want_d) <= 1e-12 * abs(want_d)


def test_api_broadcast_and_errors():
    out = g2.neutral_vector(np.array([0.1, 0.2]), 1.0, [[1.0], [2.0]], 1.0, 0.5j)
    assert out.shape == (2, 2)
    assert isinstance(g2.neutral_scalar(0.1, 1.0, 2.0, 1.0, 0.0), float)
    assert math.isnan(g2.neutral_scalar(3.0, 1.0, 1.0, 1.0, 0.0))      # above threshold
    with pytest.raises(ValueError, match="M_B"):
        g2.neutral_scalar(0.1, 1.0, -2.0, 1.0, 0.0)
    with pytest.raises(ValueError, match="m_l"):
        g2.charged_vector([0.1, -0.1], 1.0, 2.0, 1.0, 0.0, 0.0)
    cV, cA = g2.chiral_to_va(1.0, 0.0)
    assert (cV, cA) == (0.5, -0.5)


def _light_moment_ref(j, k, m, MF, MB):
    """Int_0^1 x^j (1-x)^k / (x M_F^2 + (1-x) M_B^2 - x(1-x) m^2) dx by mpmath quadrature (30 digits),
    split at the roots' breakpoints; for M_F = 0 the factor (1-x) is cancelled by hand first
    (the denominator is (1-x)(M_B^2 - x m^2))."""
    m, MF, MB = (ref.mp.mpf(v) for v in (m, MF, MB))
    if MF == 0:
        f = lambda x: x**j * (1 - x)**(k - 1) / (MB**2 - x * m**2)
    else:
        f = lambda x: x**j * (1 - x)**k / (x * MF**2 + (1 - x) * MB**2 - x * (1 - x) * m**2)
    return float(ref.mp.quad(f, ref.breakpoints(m, MF, MB)))


def _check_light_moments(ratios):
    from modelgen.loops import _g2
    worst = (0.0, None)
    for rat in ratios:
        for MF_is_m in (True, False):
            for jk in (20, 21, 11, 30, 12, 2, 3):
                j, k = divmod(jk, 10)
                if not MF_is_m and k == 0:
                    continue        # log-divergent at x = 1 with M_F = 0: not a moment any topology uses
                MB = 91.1876
                m = rat * MB
                MF = m if MF_is_m else 0.0
                out = np.empty(1)
                _g2.moment(jk, np.array([m]), np.array([MF]), np.array([MB]), out)
                want = _light_moment_ref(j, k, m, MF, MB)
                err = abs(out[0] - want) / abs(want)
                if not err <= worst[0]:
                    worst = (err, (rat, "M_F = m" if MF_is_m else "M_F = 0", jk))
    assert worst[0] <= 1e-13, f"worst rel err {worst[0]:.2e} ({worst[0] / EPS:.0f} eps) at {worst[1]}"


def test_light_lepton_moments():
    """The light-lepton closed form of _moments (M_F = m or M_F = 0, m/M_B <= 1/4, loopfuncs
    _moments_light) against quadrature, every moment the topologies use, at 1e-13: its extremes
    (m/M_B = 1e-8, the 1/4 edge) and both sides of the switch to the general path."""
    _check_light_moments((1e-8, 1e-3, 0.2499999, 0.25, 0.2500001))


@pytest.mark.slow
def test_light_lepton_moments_dense():
    """As test_light_lepton_moments, m/M_B log-spaced over [1e-8, 1/4] and just beyond."""
    _check_light_moments(tuple(np.geomspace(1e-8, 0.25, 25)) + (0.26, 0.3, 0.5))


def _light_scalar_ref(m, MB, charged, pseudo):
    """Delta a of a scalar loop of lepton m from the Feynman-parameter formula (loopfuncs docstring),
    in mpmath: neutral, F = l:  (1/8pi^2) [(|c_S|^2+|c_P|^2) m^2 J[x^2(1-x)] + (|c_S|^2-|c_P|^2) m^2
    J[x^2]]; charged boson with a massless neutral F (Q_F = 0, photon on the boson only):
    -(1/8pi^2) (|c_S|^2+|c_P|^2) m^2 J[x(1-x)^2]; c_S = 1 or c_P = 1 (pseudo), J by quadrature."""
    mpm = ref.mp
    M, B = mpm.mpf(m), mpm.mpf(MB)
    if charged:
        J12 = mpm.quad(lambda x: x * (1 - x) / (B**2 - x * M**2), ref.breakpoints(M, 0, B))
        return -M**2 * J12 / (8 * mpm.pi**2)
    den = lambda x: x * M**2 + (1 - x) * B**2 - x * (1 - x) * M**2
    bp = ref.breakpoints(M, M, B)
    J21 = mpm.quad(lambda x: x**2 * (1 - x) / den(x), bp)
    J20 = mpm.quad(lambda x: x**2 / den(x), bp)
    return M**2 * (J21 + (-1 if pseudo else 1) * J20) / (8 * mpm.pi**2)


def _check_light_scalar(ratios):
    worst = (0.0, None)
    for rat in ratios:
        for m in (0.000511, 1.77686):
            MB = m / rat
            for charged, pseudo in ((False, False), (False, True), (True, False)):
                cS, cP = (0.0, 1.0) if pseudo else (1.0, 0.0)
                if charged:
                    got = g2.charged_scalar(m, 0.0, MB, cS, cP, 0.0)
                else:
                    got = g2.neutral_scalar(m, m, MB, cS, cP)
                want = _light_scalar_ref(m, MB, charged, pseudo)
                err = float(abs((got - want) / want))
                if not err <= worst[0]:
                    worst = (err, (rat, m, "charged" if charged else ("P" if pseudo else "S")))
    assert worst[0] <= 1e-12, f"worst rel err {worst[0]:.2e} ({worst[0] / EPS:.0f} eps) at {worst[1]}"


def test_light_scalar_pair():
    """The direct light-lepton path of a_neutral_scalar (M_F = m) and a_charged_scalar (M_F = 0,
    Q_F = 0), loopfuncs._light_scalar_pair, against the formula in mpmath at 1e-12: m/M_B from 1e-8
    to the 1/4 edge and just beyond (the general path)."""
    _check_light_scalar((1e-8, 1e-4, 0.03, 0.2499999, 0.25, 0.2500001))


def test_neutral_scalar_with_supplied_log():
    """a_neutral_scalar_l (loopfuncs.pxd: ln v = ln r - ln(1 - v) with ln r = 2 ln m - 2 ln M_B supplied,
    as the thdm kernels pass it from their shared logs) against the Broggio form of the scalar and
    pseudoscalar loop at 50 digits (thdm_reference._one_loop_f: r/(8 pi^2) Int x^2(2-x), -x^3 over
    1 - x + r x^2), e, mu, tau from r just below 1/16 to M_B = 1e5 GeV: within 8 eps (measured worst 4.2
    eps, pseudoscalar at r -> 1/16 where 11/6 + ln v cancels; the plain call's worst is 2.7 eps).  Above
    r = 1/16 (general path) the supplied log is not read: bit-identical to a_neutral_scalar even with
    ln r = NaN."""
    from modelgen.loops import _g2
    from modelgen.testing import thdm_reference as thref
    one = lambda a: np.array([a], float)  # noqa: E731
    worst = (0.0, None)
    for m in (0.00051099895, 0.1056583755, 1.77686):
        for MB in tuple(np.geomspace(4.0001 * m, 1e5, 40)) + (m / 0.2499999, m / 0.25, m / 0.2500001, 3 * m):
            for cS, cP in ((1.0, 0.0), (0.0, 1.0)):
                light = (m / MB)**2 <= 0.0625
                lr = 2 * math.log(m) - 2 * math.log(MB) if light else math.nan
                got, plain = np.empty(1), np.empty(1)
                _g2.neutral_scalar_l(one(m), one(m), one(MB), one(cS), one(0), one(cP), one(0), one(lr), got)
                _g2.dipole(0, False, one(m), one(m), one(MB), one(0), one(cS), one(0), one(cP), one(0), plain)
                if not light:
                    assert got[0] == plain[0], (m, MB)
                    continue
                with ref.mp.workdps(50):
                    r = (ref.mp.mpf(m) / ref.mp.mpf(MB))**2
                    want = r * thref._one_loop_f("A" if cP else "S", r) / (8 * ref.mp.pi**2)
                    err = float(abs((got[0] - want) / want))
                if not err <= worst[0]:
                    worst = (err, (m, MB, "P" if cP else "S"))
    assert worst[0] <= 8 * EPS, f"worst rel err {worst[0]:.2e} ({worst[0] / EPS:.1f} eps) at {worst[1]}"


@pytest.mark.slow
def test_light_scalar_pair_dense():
    """As test_light_scalar_pair, m/M_B log-spaced over [1e-8, 1/4] and beyond."""
    _check_light_scalar(tuple(np.geomspace(1e-8, 0.25, 33)) + (0.26, 0.5))


def test_neutral_scalar_from_chiral_products():
    """a_neutral_scalar_sd (loopfuncs.pxd: Sc = |c_S|^2 + |c_P|^2 and Dc = g_L g_R given directly, as the
    lepton kernels' neutral-scalar sums pass them) against g2_mpref at 30 digits with one chirality's
    coupling tiny next to the other (g_L or g_R = 1e-7 .. 1e-9, the other 1: a heavy vector-like state,
    M_F/m_mu from 1e3 to 1e6, where the chirally enhanced term carries much of Da): within 1e-13 relative.
    The route through c_S = (g_L + g_R)/2, c_P = (g_R - g_L)/2 (a_neutral_scalar, whose |c_S|^2 - |c_P|^2
    = (c_S - c_P)(c_S + c_P) recovers the small coupling only to eps of the large one) is shown off by more
    than 1e-11 at the worst of these points."""
    from modelgen.loops import _g2
    one = lambda a: np.array([a], float)  # noqa: E731
    m = 0.1056583755
    worst_new, worst_old = (0.0, None), (0.0, None)
    for MF in (1e2, 1e3, 1e5):
        for MB in (50.0, 125.0, 3000.0):
            S, D = ref.parts("S", m, MF, MB)
            for small in (1e-7, 3e-8, 1e-9):
                for gl, gr in ((small, 1.0), (1.0, small)):
                    cs, cp = 0.5 * (gl + gr), 0.5 * (gr - gl)
                    new, old = np.empty(1), np.empty(1)
                    _g2.neutral_scalar_sd(one(m), one(MF), one(MB), one(cs * cs + cp * cp), one(gl * gr), new)
                    _g2.dipole(0, False, one(m), one(MF), one(MB), one(0), one(cs), one(0), one(cp), one(0), old)
                    with ref.mp.workdps(30):
                        L, Rr = ref.mp.mpf(gl), ref.mp.mpf(gr)
                        want = S * (L * L + Rr * Rr) / 2 + D * L * Rr
                        e_new = float(abs((new[0] - want) / want))
                        e_old = float(abs((old[0] - want) / want))
                    if not e_new <= worst_new[0]:
                        worst_new = (e_new, (MF, MB, gl, gr))
                    if not e_old <= worst_old[0]:
                        worst_old = (e_old, (MF, MB, gl, gr))
    print(f"a_neutral_scalar_sd worst {worst_new}; via c_S, c_P worst {worst_old}")
    assert worst_new[0] <= 1e-13, f"worst rel err {worst_new[0]:.2e} at {worst_new[1]}"
    assert worst_old[0] > 1e-11, worst_old
