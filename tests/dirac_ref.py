"""Brute-force one-loop magnetic form factor F2(0) from explicit Dirac matrices.

Written from Feynman rules, independent of modelgen's loop library and of its formulae: the
Dirac algebra is done numerically with explicit 4x4 gamma matrices (Dirac representation, metric
(+,-,-,-), gamma5 = i g0 g1 g2 g3, P_{L,R} = (1 -/+ gamma5)/2), the magnetic form factor is
projected out with on-shell traces, and only the last one-dimensional Feynman-parameter integral
uses mpmath.  The matrix algebra runs in extended precision (numpy longdouble) because the
chirality-flip pieces, of relative size M/m and M^2/m^2, must cancel far below the rest.

Diagrams: lepton l (mass m, charge Q_l) -> internal fermion F (mass M, charge Q_F = Q_l, the
photon attaches to F) + neutral boson B (mass M_B).  The one-loop vertex is normalised to the
tree vertex -i e Q_l gamma^mu:  Gamma^mu = gamma^mu F1 + (i sigma^{mu nu} q_nu / 2m) F2, q = p' - p,
so that Delta a_l = F2(0).

* scalar S, L = F_bar (a P_L + b P_R) l S + h.c.  (vertices i C, i Cbar with C = a P_L + b P_R,
  Cbar = a* P_R + b* P_L):   Gamma^mu = i int d^4k/(2pi)^4 Cbar S(p'-k) gamma^mu S(p-k) C / (k^2 - M_S^2)
* vector V in Feynman gauge (propagator -i g_{nu rho}/(k^2 - M_V^2)),
  L = F_bar gamma^nu (g_L P_L + g_R P_R) l V_nu + h.c.  (Cbar = g_L* P_L + g_R* P_R):
  Gamma^mu = -i int d^4k/(2pi)^4 gamma^nu Cbar S(p'-k) gamma^mu S(p-k) gamma_nu C / (k^2 - M_V^2)

with S(k) = (k-slash + M)/(k^2 - M^2).  Feynman parameters x, y for the fermion lines before/after
the photon, z = 1 - x - y for the boson, k = l + x p + y p':
    1/(D1 D2 D3) = 2 int dF (l^2 - Delta)^-3,   int d^4l/(2pi)^4 (l^2 - Delta)^-3 = -i/(32 pi^2 Delta),
    Delta = (x+y) M^2 + z M_B^2 - (x+y) z m^2 - x y q^2.
Terms with l^mu l^nu in the numerator only produce gamma^mu (gamma5) structures (F1, anapole), so
    F2(0) = +/- (1/16 pi^2) int dF P(x, y) / Delta(q^2 = 0),    + scalar, - vector,
where P is the F2 projection of the numerator N0 at l = 0 (fermion momenta (1-x) p - y p' and
(1-y) p' - x p).  P is a polynomial of degree 2 in (x, y): it is fitted exactly from six points,
integrated over x at fixed u = x + y in closed form, and the moments int u^n/Delta du are done with
mp.quad.

Photon on a charged boson (Q_F = 0 here; ON_BOSON).  The boson lines before/after the photon carry
k1 = p - kF, k2 = p' - kF, Feynman parameters x, y; the fermion kF, z = 1 - x - y, so Delta is the one
above with M and M_B swapped.  At l = 0: kF = x p + y p', k1 = (1-x) p - y p', k2 = (1-y) p' - x p
(the fermion momenta of the photon-on-F case).  Weight Q_B/Q_l (= 1 for Q_B = -1):
The loop boson has charge Q = Q_l - Q_F (a field annihilating it: W, G; the couplings below create it
through S = G^dagger, W+ = W^dagger).
* scalar (L = |D G|^2, D = d + i e Q A, the sign of the lepton's -i e Q_l gamma^mu):
  vertex -i e Q (k1 + k2)^mu, so Gamma^mu = +(1/16 pi^2) int dF Cbar (kF-slash + M) C (k1 + k2)^mu / Delta;
* vector W in Feynman gauge, L = F_bar gamma^nu C l W+_nu + h.c. (vertices i gamma C, i gamma Cbar as
  above), Yang-Mills vertex (W in: k1, alpha; W out: k2, beta; from -(1/2)|D_mu W_nu - D_nu W_mu|^2
  + i e Q F^{mu nu} W^dagger_mu W_nu)  i e Q V^{mu alpha beta},
      V = (k1 + k2)^mu g^{alpha beta} + (k1 - 2 k2)^alpha g^{mu beta} + (k2 - 2 k1)^beta g^{mu alpha},
  so Gamma^mu = -(1/16 pi^2) int dF gamma_beta Cbar (kF-slash + M) gamma_alpha C V^{mu alpha beta} / Delta;
* Goldstone G of W ('t Hooft-Feynman gauge, mass M_W): the unitary-gauge field is W - D G/M_W, whose
  mass term M_W^2 |W - D G/M_W|^2 gives the scalar-QED G-G-photon vertex and
  -i e Q M_W A^mu (W^dagger_mu G - G^dagger W_mu): vertex e Q M_W g^{mu beta} (G in, W out) and
  -e Q M_W g^{mu alpha} (W in, G out) (the F W G vertices of the kinetic and magnetic terms cancel
  for the Yang-Mills moment); the gauge fixing -|d.W + M_W G|^2 removes the W-G mixing.  G couples
  to F_bar l as a scalar with (a, b) of goldstone_couplings (vertices i Cs, i Cs_bar).  The W-G
  diagrams: Gamma^mu = +i (M_W/16 pi^2) int dF Cs_bar (kF-slash + M) gamma^mu C / Delta (G at the
  outgoing lepton, "SV") and -i (M_W/16 pi^2) int dF gamma^mu Cbar (kF-slash + M) Cs / Delta ("VS").
In every topology the l^mu l^nu part of the numerator carries no external momentum, so it only
feeds gamma^mu (gamma5): the F2 and EDM projections see N0 alone.

F2 projection: with A = p'-slash + m, B = p-slash + m (on-shell spin sums, so that
Tr[A G B X] = sum over spins of u_bar(p') G u(p) u_bar(p) X u(p')),
    T1(G) = Tr[A G^mu B gamma_mu],   T2(G) = (p + p')_mu Tr[A G^mu B];
the EDM, anapole and q^mu structures give zero in both, so (T1, T2) of gamma^mu and of
i sigma^{mu nu} q_nu/2m form a 2x2 system for (F1, F2).  It is evaluated in the Breit frame at
three q^2 = -4k^2 and extrapolated to q^2 = 0: P is polynomial in q^2 (quadratic extrapolation is
exact up to degree 2; it is in fact constant).  The Breit momenta k/m = 3/4, 15/8, 63/16 have
energies 5/4, 17/8, 65/16 and the nodes are 0, 1/2, 1, so every matrix entry is a short dyadic
rational and the traces are exact in floating point: projections that vanish (e.g. the
chirality-conserving M^2 terms, which would otherwise leave rounding of relative size M^2/m^2)
come out exactly zero.
"""
import functools
import math

import mpmath as mp
import numpy as np
from sympy import Matrix, Rational

__all__ = ["scalar_f2", "vector_feynman_f2", "scalar_edm", "vector_feynman_edm", "goldstone_couplings",
           "scalar_on_boson_f2", "scalar_on_boson_edm", "charged_vector_f2", "charged_vector_edm"]

#: extended precision (x87 80-bit on x86-64): the chirality-flip pieces of order M/m and M^2/m^2
#: must cancel in the F2 projection far below the non-enhanced part
CX = np.clongdouble
_PAULI = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]])]
_I2, _Z2 = np.eye(2), np.zeros((2, 2))
GAMMA = np.array([np.block([[_I2, _Z2], [_Z2, -_I2]])] +
                 [np.block([[_Z2, s], [-s, _Z2]]) for s in _PAULI], dtype=CX)
METRIC = np.array([1, -1, -1, -1], dtype=np.longdouble)
G5 = 1j * GAMMA[0] @ GAMMA[1] @ GAMMA[2] @ GAMMA[3]
ONE = np.eye(4, dtype=CX)
PL, PR = (ONE - G5) / 2, (ONE + G5) / 2
#: sigma^{mu nu} = (i/2) [gamma^mu, gamma^nu]
SIGMA = np.array([[0.5j * (GAMMA[a] @ GAMMA[b] - GAMMA[b] @ GAMMA[a]) for b in range(4)] for a in range(4)])
#: degree-2 monomials x^i y^j and the six fit points on the triangle
_MONO = [(0, 0), (1, 0), (0, 1), (2, 0), (1, 1), (0, 2)]
_NODES = [(0, 0), (1, 0), (0, 1), (0.5, 0), (0, 0.5), (0.5, 0.5)]
#: exact inverse of the 6x6 Vandermonde matrix of the nodes (fractions), in extended precision
_VANDER_INV = np.array(Matrix([[Rational(str(x)) ** i * Rational(str(y)) ** j for i, j in _MONO]
                               for x, y in _NODES]).inv(), dtype=float).astype(np.longdouble)
#: photon-on-boson diagrams (boson lines carry the Feynman parameters x, y): scalar-scalar-photon,
#: scalar-vector-photon (scalar at the outgoing lepton), vector-scalar-photon, Yang-Mills
ON_BOSON = ("SB", "SV", "VS", "VB")
#: Breit-frame momenta |p_z| / m (Pythagorean: E/m = 5/4, 17/8, 65/16, exact in binary)
_K = (0.75, 1.875, 3.9375)


def slash(p):
    return np.einsum("m,mab->ab", METRIC * p, GAMMA)


def _breit(k):
    """On-shell p, p' (units of m) with p' - p = (0, 0, 0, 2k), q^2 = -4 k^2."""
    k = np.longdouble(k)
    E = np.sqrt(1 + k * k)
    return np.array([E, 0, 0, -k]), np.array([E, 0, 0, k])


def _project(gam, k):
    """Form factors of the vertex gam[mu] (upper index) between on-shell spinors (m = 1) in the
    basis of STRUCTURES: coefficients of gamma^mu, i sigma^{mu nu} q_nu/2m (F2),
    i sigma^{mu nu} q_nu i gamma5/2m (F_d), gamma^mu gamma5, q^mu, q^mu gamma5."""
    p, pp = _breit(k)
    q, P = pp - p, pp + p
    A, B = slash(pp) + ONE, slash(p) + ONE
    sq = np.einsum("n,mnab->mab", 0.5j * METRIC * q, SIGMA)
    vec = [np.array([v[m] * X for m in range(4)]) for v in (q, P) for X in (ONE, G5)]
    structures = [GAMMA, sq, np.array([x @ (1j * G5) for x in sq]), GAMMA @ G5, vec[0], vec[1]]
    probes = [GAMMA, vec[2], vec[3], GAMMA @ G5, vec[0], vec[1]]

    def traces(g):
        return [sum(METRIC[m] * np.trace(A @ g[m] @ B @ X[m]) for m in range(4)) for X in probes]
    return _solve([traces(x) for x in structures], traces(gam))


def _solve(columns, rhs):
    """x with sum_j x_j columns[j] = rhs (Gaussian elimination with pivoting, extended precision)."""
    n = len(rhs)
    a = [[columns[j][i] for j in range(n)] + [rhs[i]] for i in range(n)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(a[r][c]))
        a[c], a[piv] = a[piv], a[c]
        for r in range(n):
            if r != c:
                f = a[r][c] / a[c][c]
                a[r] = [x - f * y for x, y in zip(a[r], a[c])]
    return np.array([a[i][n] / a[i][i] for i in range(n)])


def _at_zero(gam_of_k):
    """Form factors of a k-dependent vertex extrapolated to q^2 = -4k^2 -> 0 (quadratic in q^2: exact)."""
    q2 = np.array([-4 * np.longdouble(k) ** 2 for k in _K])
    vals = np.array([_project(gam_of_k(k), k) for k in _K])
    weights = [np.prod([-q2[j] / (q2[i] - q2[j]) for j in range(3) if j != i]) for i in range(3)]
    return np.tensordot(weights, vals, axes=1)


def _numerator(kind, x, y, k, power, C, Cbar):
    """Term of order M^power of N0^mu at Feynman parameters (x, y), units m = 1.  Photon on F
    ("S", "V"): fermion momenta k1 = (1-x) p - y p', k2 = (1-y) p' - x p.  Photon on the boson
    (ON_BOSON): the same expressions are the boson momenta, the fermion carries x p + y p'."""
    p, pp = _breit(k)
    k1, k2 = (1 - x) * p - y * pp, (1 - y) * pp - x * p
    if kind in ON_BOSON:
        prop = slash(x * p + y * pp) if power == 0 else ONE        # M^power part of kF-slash + M
        if kind == "SB":
            return np.array([Cbar @ prop @ C * (k1 + k2)[m] for m in range(4)])
        if kind == "SV":
            return np.array([Cbar @ prop @ GAMMA[m] @ C for m in range(4)])
        if kind == "VS":
            return np.array([GAMMA[m] @ Cbar @ prop @ C for m in range(4)])
        # "VB": Yang-Mills V^{mu alpha beta}(k1, k2) contracted with gamma_beta Cbar prop gamma_alpha C
        loop = sum(METRIC[n] * GAMMA[n] @ Cbar @ prop @ GAMMA[n] @ C for n in range(4))
        right, left = slash(k1 - 2 * k2), slash(k2 - 2 * k1)
        return np.array([(k1 + k2)[m] * loop + GAMMA[m] @ Cbar @ prop @ right @ C
                         + left @ Cbar @ prop @ GAMMA[m] @ C for m in range(4)])
    s1, s2 = slash(k1), slash(k2)
    mid = [s2 @ GAMMA[m] @ s1 if power == 0 else (s2 @ GAMMA[m] + GAMMA[m] @ s1 if power == 1 else GAMMA[m])
           for m in range(4)]
    if kind == "S":
        return np.array([Cbar @ mid[m] @ C for m in range(4)])
    return np.array([sum(METRIC[n] * GAMMA[n] @ Cbar @ mid[m] @ GAMMA[n] @ C for n in range(4))
                     for m in range(4)])


@functools.lru_cache(maxsize=None)
def _chiral_polynomial(kind, s, t, power):
    """G(u) coefficients, shape (form factor, n), of the M^power term for Cbar = P_s, C = P_t
    (0: P_L, 1: P_R), units m = 1: G(u) = int_0^u P(x, u - x) dx = sum_n c_n u^n.  Independent of
    masses and couplings."""
    Cbar, C = (PL, PR)[s], (PL, PR)[t]
    proj = np.array([_at_zero(lambda k: _numerator(kind, x, y, k, power, C, Cbar)) for x, y in _NODES])
    coef = np.zeros((proj.shape[1], 4), dtype=CX)
    for (i, j), cij in zip(_MONO, _VANDER_INV @ proj):
        # int_0^u x^i (u - x)^j dx = u^(i+j+1) i! j! / (i+j+1)!
        coef[:, i + j + 1] += cij * math.factorial(i) * math.factorial(j) / math.factorial(i + j + 1)
    return coef


def _pieces(kind, cbar, c, m, M, MB, sign, ff):
    """Contributions to form factor ``ff`` (1: F2, 2: F_d) of every coupling product cbar[s] c[t] and
    power of M (complex; their sum is real): sign/(16 pi^2) sum_n coef_n I_n, I_n the moments of 1/Delta
    (sign may be complex).  Cbar = cbar[0] P_L + cbar[1] P_R, C = c[0] P_L + c[1] P_R (N0 is bilinear
    in them).  Photon on the boson: the boson lines carry x, y, so Delta has M and M_B swapped."""
    on_boson = kind in ON_BOSON
    moments = _moments(MB / m, M / m) if on_boson else _moments(M / m, MB / m)
    Mm = np.longdouble(M / m)
    sign = mp.mpc(complex(sign))
    out = []
    for s in range(2):
        for t in range(2):
            for power in range(2 if on_boson else 3):
                coef = complex(cbar[s]) * complex(c[t]) * Mm**power * _chiral_polynomial(kind, s, t, power)[ff]
                out.append(sign * sum(mp.mpc(str(x.real), str(x.imag)) * I for x, I in zip(coef, moments))
                           / (16 * mp.pi**2))
    return out


@functools.lru_cache(maxsize=None)
def _moments(M, MB):
    """I_n = int_0^1 u^n / Delta(u) du, Delta = u M^2 + (1-u) M_B^2 - u(1-u)  (units of m, n = 0..3)."""
    mp.mp.dps = 30
    M, MB = mp.mpf(M), mp.mpf(MB)
    brk = _breaks(M, MB)
    return tuple(mp.quad(lambda u: u**n / (u * M**2 + (1 - u) * MB**2 - u * (1 - u)), brk) if n else 0
                 for n in range(4))


def _result(pieces, with_scale):
    val = sum(pieces)
    scale = sum(abs(x) for x in pieces)
    assert abs(mp.im(val)) <= 1e-15 * scale, val      # form factors of a Hermitian interaction are real
    return (mp.re(val), scale) if with_scale else mp.re(val)


def _breaks(M, MB):
    """[0, 1] split at log-spaced points around the (complex) roots of Delta(u)."""
    B = M**2 - MB**2 - 1
    disc = mp.sqrt(mp.mpc(B * B - 4 * MB**2))
    pts = {mp.mpf(0), mp.mpf(1)}
    for r in ((-B + disc) / 2, (-B - disc) / 2):
        c = min(max(mp.re(r), mp.mpf(0)), mp.mpf(1))
        step = abs(r - c)
        while 0 < step < 1:
            pts |= {y for y in (c - step, c + step) if 0 < y < 1}
            step *= 16
    return sorted(pts)


def _below_threshold(m, M, MB):
    if not m < M + MB:
        raise ValueError(f"m = {m} GeV is above the threshold M + M_B = {M + MB} GeV: F2 is complex there")


def scalar_f2(m, M, MS, a, b, with_scale=False):
    """Delta a_l from L = F_bar (a P_L + b P_R) l S + h.c. (neutral S, photon on F).  with_scale:
    also return the sum of |contributions| of the separate coupling products and powers of M, the
    scale of the rounding error when they cancel."""
    _below_threshold(m, M, MS)
    # C = a P_L + b P_R, Cbar = a* P_R + b* P_L
    return _result(_pieces("S", (np.conj(b), np.conj(a)), (a, b), m, M, MS, +1, 1), with_scale)


def vector_feynman_f2(m, M, MV, gL, gR, with_scale=False):
    """Delta a_l from L = F_bar gamma^nu (g_L P_L + g_R P_R) l V_nu + h.c., Feynman gauge
    (with_scale as for :func:`scalar_f2`)."""
    _below_threshold(m, M, MV)
    # C = g_L P_L + g_R P_R, Cbar = g_L* P_L + g_R* P_R
    return _result(_pieces("V", (np.conj(gL), np.conj(gR)), (gL, gR), m, M, MV, -1, 1), with_scale)


def _edm(F_d, m):
    """d_l in e cm from F_d: L = -(1/2) l_bar sigma^{mu nu} (mu_l + i d_l gamma5) l F_{mu nu} gives the
    vertex -i e Q_l i sigma^{mu nu} q_nu (F2 + i F_d gamma5)/2m with mu_l = Q_l e F2/2m, hence
    d_l = Q_l e F_d/2m (Q_l = -1), times hbar c = 1.973269804e-14 GeV cm (CODATA 2018)."""
    return -F_d * mp.mpf("1.973269804e-14") / (2 * m)


def scalar_edm(m, M, MS, a, b):
    """EDM d_l [e cm] of the diagram of :func:`scalar_f2`."""
    _below_threshold(m, M, MS)
    return _edm(_result(_pieces("S", (np.conj(b), np.conj(a)), (a, b), m, M, MS, +1, 2), False), m)


def vector_feynman_edm(m, M, MV, gL, gR):
    """EDM d_l [e cm] of the diagram of :func:`vector_feynman_f2`."""
    _below_threshold(m, M, MV)
    return _edm(_result(_pieces("V", (np.conj(gL), np.conj(gR)), (gL, gR), m, M, MV, -1, 2), False), m)


def goldstone_couplings(m, M, MV, gL, gR):
    """(a, b) of the Goldstone G of F_bar gamma^nu (g_L P_L + g_R P_R) l V_nu + h.c. in the form
    F_bar (a P_L + b P_R) l G + h.c.:  a = (i/M_V)(M g_L - m g_R),  b = (i/M_V)(M g_R - m g_L).
    From V -> V - D phi/M_V in the current coupling: -(1/M_V) J.(D phi)^dagger = (1/M_V)(d.J) phi^dagger
    (by parts; the photon terms cancel against those of the covariant equations of motion), and
    d_mu (F_bar gamma^mu C l) = i F_bar (M C - m C') l with C' = g_L P_R + g_R P_L (i D-slash l = m l,
    i D-slash F = M F), so G = phi^dagger couples through (i/M_V)(M C - m C')."""
    return 1j / MV * (M * gL - m * gR), 1j / MV * (M * gR - m * gL)


def _scalar_on_boson(m, M, MS, a, b, ff):
    _below_threshold(m, M, MS)
    return _pieces("SB", (np.conj(b), np.conj(a)), (a, b), m, M, MS, +1, ff)


def scalar_on_boson_f2(m, M, MS, a, b, with_scale=False):
    """Delta a_l from L = F_bar (a P_L + b P_R) l S + h.c. with the photon on S only (Q_S = Q_l,
    Q_F = 0): scalar-QED vertex -i e Q_S (k1 + k2)^mu, Gamma^mu = +(1/16 pi^2) int dF Cbar (kF + M) C
    (k1 + k2)^mu / Delta (with_scale as for :func:`scalar_f2`)."""
    return _result(_scalar_on_boson(m, M, MS, a, b, 1), with_scale)


def scalar_on_boson_edm(m, M, MS, a, b):
    """EDM d_l [e cm] of the diagram of :func:`scalar_on_boson_f2`."""
    return _edm(_result(_scalar_on_boson(m, M, MS, a, b, 2), False), m)


def _charged_vector(m, M, MW, gL, gR, QF, ff):
    """Pieces of the unitary-gauge charged-vector loop as the 't Hooft-Feynman gauge set (module
    docstring): photon on F (weight Q_F/Q_l = -Q_F): vector + Goldstone; photon on the boson
    (weight Q_W/Q_l = 1 + Q_F): W-W, G-G and the two W-G diagrams."""
    _below_threshold(m, M, MW)
    a, b = goldstone_couplings(m, M, MW, gL, gR)
    g, gbar = (gL, gR), (np.conj(gL), np.conj(gR))
    s, sbar = (a, b), (np.conj(b), np.conj(a))
    wF, wB = -QF, 1 + QF
    out = []
    if wF != 0:
        out += _pieces("V", gbar, g, m, M, MW, -wF, ff) + _pieces("S", sbar, s, m, M, MW, wF, ff)
    if wB != 0:
        out += (_pieces("VB", gbar, g, m, M, MW, -wB, ff) + _pieces("SB", sbar, s, m, M, MW, wB, ff)
                + _pieces("SV", sbar, g, m, M, MW, 1j * wB * MW / m, ff)
                + _pieces("VS", gbar, s, m, M, MW, -1j * wB * MW / m, ff))
    return out


def charged_vector_f2(m, M, MW, gL, gR, QF=0.0, with_scale=False):
    """Delta a_l from L = F_bar gamma^nu (g_L P_L + g_R P_R) l W+_nu + h.c. (unitary gauge; W of
    charge Q_W = Q_l - Q_F, Yang-Mills gamma-W-W vertex), computed in 't Hooft-Feynman gauge."""
    return _result(_charged_vector(m, M, MW, gL, gR, QF, 1), with_scale)


def charged_vector_edm(m, M, MW, gL, gR, QF=0.0):
    """EDM d_l [e cm] of the loop of :func:`charged_vector_f2`."""
    return _edm(_result(_charged_vector(m, M, MW, gL, gR, QF, 2), False), m)
