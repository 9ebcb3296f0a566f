# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
"""One-loop dipole (g-2 / EDM) loop functions, exact in the external lepton mass.

Hand-written, shared by every generated model module::

    from modelgen.loops.loopfuncs cimport a_neutral_vector, edm_neutral_vector

Conventions (DESIGN.md "Loop library API")
------------------------------------------
Lepton l (mass m_l > 0, charge Q_l = -1), internal fermion F (M_F, charge Q_F), boson B (M_B);
masses in GeV, couplings dimensionless and complex (re, im passed separately)::

    scalar:  L = F-bar (c_S + c_P g5) l B + h.c.
    vector:  L = F-bar g^mu (c_V + c_A g5) l B_mu + h.c.     (unitary gauge)

For F = l and a real boson the Hermitian l-bar(...)l B without "+h.c." gives the same formulae.
Charged bosons carry Q_B = Q_l - Q_F; both photon attachments are included, the gamma-VV vertex
is Yang-Mills.

Feynman-parameter integrals (Leveille, Nucl. Phys. B137 (1978) 63; Jegerlehner & Nyffeler,
arXiv:0902.3360, Sec. 7; Lindner, Platscher & Queiroz, arXiv:1610.06587, Sec. 3), written with
masses, eps = M_F/m_l, lam = m_l/M_B::

    photon on F, Q_F = Q_l (neutral boson):   Da = m^2/(8 pi^2) Int_0^1 Q(x) / DN(x)
        DN(x) = x M_F^2 + (1-x) M_B^2 - x(1-x) m^2
        Q_S = x^2 (1 - x + eps)              Q_P = Q_S(eps -> -eps)
        Q_V = 2x(1-x)(x - 2(1-eps)) + lam^2 (1-eps)^2 x^2 (1 - x + eps)     Q_A = Q_V(eps -> -eps)
    photon on B, Q_B = Q_l (fermion neutral): Da = m^2/(8 pi^2) Int_0^1 Q(x) / DC(x),  DC(x) = DN(1-x)
        Q_S = -x (1-x) (x + eps)             Q_P = Q_S(eps -> -eps)
        Q_V = 2x^2 (1 + x - 2 eps) - lam^2 (1-eps)^2 x (1-x)(x + eps)       Q_A = Q_V(eps -> -eps)
    general charges:  Da = -Q_F * [photon-on-F] - Q_B * [photon-on-B]   (Q_l = -1)

and the Da of a coupling set is |c_S|^2 Q_S + |c_P|^2 Q_P (|c_V|^2 Q_V + |c_A|^2 Q_A).

EDM: with L_dip = -(1/2) l-bar sigma^{mu nu} (mu_l + i d_l g5) l F_{mu nu}, mu_l = a_l Q_l e/(2 m_l),
g5 = i g0 g1 g2 g3, the chirality-flipping dipole is proportional to c_R c_L^* (c_{R,L} = c_S +- c_P,
resp. c_V +- c_A), whose real part is |c_S|^2 - |c_P|^2 and imaginary part -2 Im(c_S c_P^*); hence

    d_l = (e / m_l) * A * Im(c_S c_P^*)      (resp. Im(c_V c_A^*)),

A being the coefficient of (|c_S|^2 - |c_P|^2) (resp. |c_V|^2 - |c_A|^2) in Da, except for the
longitudinal (1/M_B^2) vector terms, Goldstone loops in R_xi gauge (see _nv_d, _cv_d).  Returned in
e cm (hbar c = 1.973269804e-14 GeV cm).  Real couplings give d_l = 0.

Numerics
--------
All topologies reduce to J[P] = Int_0^1 P(x)/DN(x) dx with P = x^j (1-x)^k, j + k <= 3 (all
positive integrands), combined with coefficients arranged so that exact coupling relations
(pure vector with F = l, chiral couplings) cancel exactly.  DN = m^2 (x - r1)(x - r2) and J[P] is
evaluated from the roots (_moments):
  * both roots far from [0,1] (|2r - 1| >= 4): Taylor series of 1/DN about x = 1/2 (covers
    m_l << masses with M_F ~ M_B, where closed forms cancel);
  * nearly coincident roots (|r1 - r2| < |2 dist(rbar, [0,1])| / 4): expansion in (r1 - r2)^2;
  * otherwise partial fractions, each root term in closed form (logs, reflected x -> 1-x for roots
    near x = 1, with 1 - r computed from the reflected quadratic) or, for a far root, as its
    1/(2r-1) series (_root_basis).
The quadratic's coefficients and the Kallen function use exact (Dekker) squares and compensated sums
(_sqdiff, _sum3), so M_F ~ m_l, M_F ~ M_B and pseudo-threshold inputs keep full accuracy.
Above threshold (m_l >= M_F + M_B) the moment is complex; the functions return NaN there.
Speed: the masses are scaled by a power of two (exact); the bases of P (x, y = 1 - x, t = 2x - 1)
are constant tables; real roots use real arithmetic only (one log for a near root, a short
polynomial in h for a far one); the series sums are shared by all P of a call, and each topology
asks only for the moments its nonzero charge weights need.
"""
from libc.math cimport sqrt, log, log1p, atan2, hypot, fabs, copysign, NAN, INFINITY

cdef extern from *:
    """
    #ifndef MODELGEN_LOOPFUNCS_CONSTANTS
    #define MODELGEN_LOOPFUNCS_CONSTANTS
    #include <stdint.h>
    #include <string.h>
    /* 2^-e for x = f 2^e (1 <= f < 2): an exact scale factor; 0 unless 2^-300 < x < 2^300 */
    static inline double modelgen_inv_pow2(double x) {
        uint64_t u;
        memcpy(&u, &x, sizeof u);
        uint64_t e = (u >> 52) & 0x7ff;
        if (e < 1023 - 300 || e > 1023 + 300) return 0.0;
        u = (uint64_t)(2046 - e) << 52;
        memcpy(&x, &u, sizeof u);
        return x;
    }
    /* 1/(8 pi^2) and hbar c [GeV cm] */
    #define MODELGEN_INV8PI2 0.012665147955292222
    #define MODELGEN_HBARC_GEV_CM 1.973269804e-14
    /* P = x^j (1-x)^k as coefficients in x, in y = 1 - x (P(1-y)) and in t = 2x - 1
       (P(1/2 + t/2)): the three bases of _root_basis; exact constants, shared by every call */
    typedef struct { double c[12]; } modelgen_poly3;   /* x: c[0..3], y: c[4..7], t: c[8..11] */
    static const modelgen_poly3 MODELGEN_P20 = {{0.0, 0.0, 1.0, 0.0, 1.0, -2.0, 1.0, 0.0, 0.25, 0.5, 0.25, 0.0}};
    static const modelgen_poly3 MODELGEN_P21 = {{0.0, 0.0, 1.0, -1.0, 0.0, 1.0, -2.0, 1.0, 0.125, 0.125, -0.125, -0.125}};
    static const modelgen_poly3 MODELGEN_P11 = {{0.0, 1.0, -1.0, 0.0, 0.0, 1.0, -1.0, 0.0, 0.25, 0.0, -0.25, 0.0}};
    static const modelgen_poly3 MODELGEN_P30 = {{0.0, 0.0, 0.0, 1.0, 1.0, -3.0, 3.0, -1.0, 0.125, 0.375, 0.375, 0.125}};
    static const modelgen_poly3 MODELGEN_P12 = {{0.0, 1.0, -2.0, 1.0, 0.0, 0.0, 1.0, -1.0, 0.125, -0.125, -0.125, 0.125}};
    static const modelgen_poly3 MODELGEN_P02 = {{1.0, -2.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.25, -0.5, 0.25, 0.0}};
    static const modelgen_poly3 MODELGEN_P03 = {{1.0, -3.0, 3.0, -1.0, 0.0, 0.0, 0.0, 1.0, 0.125, -0.375, 0.375, -0.125}};
    /* MODELGEN_RECIP[i] = 1/i (i < 64), the series denominators */
    static const double MODELGEN_RECIP[64] = {
    0.0, 1.0, 0.5, 0.3333333333333333, 0.25, 0.2,
    0.16666666666666666, 0.14285714285714285, 0.125, 0.1111111111111111, 0.1, 0.09090909090909091,
    0.08333333333333333, 0.07692307692307693, 0.07142857142857142, 0.06666666666666667, 0.0625, 0.058823529411764705,
    0.05555555555555555, 0.05263157894736842, 0.05, 0.047619047619047616, 0.045454545454545456, 0.043478260869565216,
    0.041666666666666664, 0.04, 0.038461538461538464, 0.037037037037037035, 0.03571428571428571, 0.034482758620689655,
    0.03333333333333333, 0.03225806451612903, 0.03125, 0.030303030303030304, 0.029411764705882353, 0.02857142857142857,
    0.027777777777777776, 0.02702702702702703, 0.02631578947368421, 0.02564102564102564, 0.025, 0.024390243902439025,
    0.023809523809523808, 0.023255813953488372, 0.022727272727272728, 0.022222222222222223, 0.021739130434782608, 0.02127659574468085,
    0.020833333333333332, 0.02040816326530612, 0.02, 0.0196078431372549, 0.019230769230769232, 0.018867924528301886,
    0.018518518518518517, 0.01818181818181818, 0.017857142857142856, 0.017543859649122806, 0.017241379310344827, 0.01694915254237288,
    0.016666666666666666, 0.01639344262295082, 0.016129032258064516, 0.015873015873015872,
    };
    #endif
    """
    double _INV8PI2 "MODELGEN_INV8PI2"
    double _inv_pow2 "modelgen_inv_pow2"(double x) noexcept nogil
    double _HBARC_GEV_CM "MODELGEN_HBARC_GEV_CM"
    ctypedef struct _poly3 "modelgen_poly3":
        double c[12]
    const _poly3 _P20 "MODELGEN_P20"
    const _poly3 _P21 "MODELGEN_P21"
    const _poly3 _P11 "MODELGEN_P11"
    const _poly3 _P30 "MODELGEN_P30"
    const _poly3 _P12 "MODELGEN_P12"
    const _poly3 _P02 "MODELGEN_P02"
    const _poly3 _P03 "MODELGEN_P03"
    const double* _RECIP "MODELGEN_RECIP"


cdef inline const _poly3* _poly_jk(int jk) noexcept nogil:
    """Table entry of P = x^j (1-x)^k, jk = 10 j + k (NULL for an unknown code)."""
    if jk == 20:
        return &_P20
    if jk == 21:
        return &_P21
    if jk == 11:
        return &_P11
    if jk == 30:
        return &_P30
    if jk == 12:
        return &_P12
    if jk == 2:
        return &_P02
    if jk == 3:
        return &_P03
    return NULL


cdef inline double _recip(int i) noexcept nogil:
    if i < 64:
        return _RECIP[i]
    return 1.0 / i


# ---------------------------------------------------------------------------------------------
# polynomial and compensated-arithmetic helpers
# ---------------------------------------------------------------------------------------------
cdef inline void _poly_shift(const double* c, double x0, double* out) noexcept nogil:
    """Coefficients of P(x0 + t) in powers of t (P cubic, coefficients c[0..3])."""
    out[0] = c[0] + x0 * (c[1] + x0 * (c[2] + x0 * c[3]))
    out[1] = c[1] + x0 * (2.0 * c[2] + 3.0 * x0 * c[3])
    out[2] = c[2] + 3.0 * x0 * c[3]
    out[3] = c[3]


cdef inline double _dot4(const double* p, const double* w) noexcept nogil:
    return p[0] * w[0] + p[1] * w[1] + p[2] * w[2] + p[3] * w[3]


cdef inline double _sum3(double x, double y, double z) noexcept nogil:
    """x + y + z with compensated (TwoSum) rounding: error ~ eps |x+y+z| + eps^2 max|term|."""
    cdef double s1 = x + y
    cdef double bb = s1 - x
    cdef double e1 = (x - (s1 - bb)) + (y - bb)
    cdef double s2 = s1 + z
    cdef double b2 = s2 - s1
    cdef double e2 = (s1 - (s2 - b2)) + (z - b2)
    return s2 + (e1 + e2)


cdef inline double _sq_err(double x, double xx) noexcept nogil:
    """x*x - xx exactly for xx = fl(x*x) (Dekker's product with Veltkamp's split: the same value as
    fma(x, x, -xx) without a libm call; |x| < 2^995)."""
    cdef double c = 134217729.0 * x
    cdef double hi = c - (c - x)
    cdef double lo = x - hi
    return ((hi * hi - xx) + 2.0 * hi * lo) + lo * lo


cdef inline double _sqdiff(double xx, double ex, double yy, double ey, double zz,
                           double ez) noexcept nogil:
    """x^2 - y^2 - z^2 from the rounded squares xx, yy, zz and their exact errors ex, ey, ez
    (_sq_err), with compensated sums."""
    return _sum3(xx, -yy, -zz) + ((ex - ey) - ez)


# ---------------------------------------------------------------------------------------------
# Phi_P(r) = Int_0^1 P(x) / (x - r) dx  for a real root r
# ---------------------------------------------------------------------------------------------
cdef inline int _root_basis(double r, double num, double den, double rt, double numt, double dent,
                            double* w) noexcept nogil:
    """Phi_P(r) = Int_0^1 P(x)/(x - r) dx = sum_l w[l] p_l for a real root r = num/den (rt = 1 - r
    = numt/dent, computed independently), with p_l the coefficients of P in the basis selected by
    the return value, an offset into _poly3.c (computed once per root, shared by all P):

    0  direct (|2r-1| < 4, r <= 1/2): p = x-monomials, w_l = Int x^l/(x - r) by the upward
       recurrence from w_0 = log((1-r)/(-r)) = log((num - den)/num) (stable: |r| < 2.5);
    4  reflected (|2r-1| < 4, r > 1/2): p = y-monomials of P(1-y), rt used instead of r so a root
       next to x = 1 keeps its distance; w_l = -Int y^l/(y - rt);
    8  far (|2r-1| >= 4): p = coefficients of P(1/2 + t/2) in t, w_l = -sum_i 2 h^(i+1)/(l+i+1)
       over l+i even, h = 1/(2r - 1) = den/(2 num - den), |h| <= 1/4.
    A root exactly at an endpoint needs P(endpoint) = 0 (its divergent log is then dropped)."""
    cdef int i
    cdef double h, h2, hp, ah, bound, s0, s1, s2, s3, w0, sg
    cdef bint refl
    if fabs(2.0 * r - 1.0) >= 4.0:
        h = den / (2.0 * num - den)
        ah = fabs(h)
        if ah <= 0.015625:
            # |h| <= 1/64: s1 = h^2 (1/3 + h^2/5 + ...), s3 = h^2 (1/5 + h^2/7 + ...) through
            # h^12 (next relative term < 2^-72; through h^6 for |h| <= 2^-12), s0 = h (1 + s1),
            # s2 = h (1/3 + s3)
            h2 = h * h
            if ah <= 0.000244140625:
                s1 = h2 * (_RECIP[3] + h2 * (_RECIP[5] + h2 * _RECIP[7]))
                s3 = h2 * (_RECIP[5] + h2 * (_RECIP[7] + h2 * _RECIP[9]))
            else:
                s1 = h2 * (_RECIP[3] + h2 * (_RECIP[5] + h2 * (_RECIP[7] + h2 * (_RECIP[9] + h2 * (
                    _RECIP[11] + h2 * _RECIP[13])))))
                s3 = h2 * (_RECIP[5] + h2 * (_RECIP[7] + h2 * (_RECIP[9] + h2 * (_RECIP[11] + h2 * (
                    _RECIP[13] + h2 * _RECIP[15])))))
            s0 = h + h * s1
            s2 = h * (_RECIP[3] + s3)
        else:
            hp = h
            bound = ah
            s0 = 0.0; s1 = 0.0; s2 = 0.0; s3 = 0.0
            i = 0
            while i < 80:
                # even i: h^(i+1) into w0, w2; odd i + 1: h^(i+2) into w1, w3
                s0 += hp * _recip(i + 1)
                s2 += hp * _recip(i + 3)
                if bound < 1e-18:
                    break
                hp = hp * h
                bound = bound * ah
                s1 += hp * _recip(i + 3)
                s3 += hp * _recip(i + 5)
                if bound < 1e-18:
                    break
                hp = hp * h
                bound = bound * ah
                i += 2
        w[0] = -2.0 * s0; w[1] = -2.0 * s1; w[2] = -2.0 * s2; w[3] = -2.0 * s3
        return 8
    refl = r > 0.5
    sg = -1.0 if refl else 1.0
    r = rt if refl else r
    num = numt if refl else num
    den = dent if refl else den
    # here r < 0 (roots off [0, 1], far ones excluded): (r - 1)/r = 1 - 1/r >= 5/3, so log is
    # as accurate as log1p(-1/r)
    if num == 0.0:
        w0 = 0.0
    else:
        w0 = log((num - den) / num)
    w[0] = w0
    w[1] = 1.0 + r * w0
    w[2] = 0.5 + r * w[1]
    w[3] = 1.0 / 3.0 + r * w[2]
    w[0] *= sg; w[1] *= sg; w[2] *= sg; w[3] *= sg
    return 4 if refl else 0


cdef inline double _im_phi_complex(double rr, double ri, double tr, double ti, int n,
                                   const _poly3** P, double* out) noexcept nogil:
    """out[k] = Im Phi_{P_k}(r), r = rr + i ri (|2r-1| < 4), rt = tr + i ti = 1 - r computed
    independently: modes 0/1 of _root_basis in real arithmetic (Im part of the recurrence)."""
    cdef double hr, hi, den, ar, ai, br, bi, cr, ci, dr, di, sg = 1.0
    cdef bint refl = rr > 0.5
    cdef int k
    if refl:
        rr = tr; ri = ti; sg = -1.0
    if rr == 0.0 and ri == 0.0:
        ar = 0.0; ai = 0.0
    elif ri == 0.0:
        ar = log1p(-1.0 / rr); ai = 0.0
    else:
        # Log(1 - r) - Log(-r) = Log(1 + z), z = -1/r: both logs have imaginary parts of the
        # sign of -Im r, so the difference stays on the principal branch
        den = rr * rr + ri * ri
        hr = -rr / den
        hi = ri / den
        ar = 0.5 * log1p(hr * (2.0 + hr) + hi * hi)
        ai = atan2(hi, 1.0 + hr)
    # w1 = 1 + r w0, w2 = 1/2 + r w1, w3 = 1/3 + r w2
    br = 1.0 + (rr * ar - ri * ai);        bi = rr * ai + ri * ar
    cr = 0.5 + (rr * br - ri * bi);        ci = rr * bi + ri * br
    dr = 1.0 / 3.0 + (rr * cr - ri * ci);  di = rr * ci + ri * cr
    for k in range(n):
        if refl:
            out[k] = sg * (P[k].c[4] * ai + P[k].c[5] * bi + P[k].c[6] * ci + P[k].c[7] * di)
        else:
            out[k] = P[k].c[0] * ai + P[k].c[1] * bi + P[k].c[2] * ci + P[k].c[3] * di
    return 0.0


# ---------------------------------------------------------------------------------------------
# branches of J[P] = Int_0^1 P(x)/D(x) dx,  D(x) = s x^2 + B x + b
# ---------------------------------------------------------------------------------------------
cdef inline void _moments_taylor(double a, double b, double s, int n, const _poly3** P,
                                 double* out) noexcept nogil:
    """Both roots at |2r-1| >= 4: 1/D(1/2 + t/2) = sum_i e_i t^i, J = sum_l pi_l nu_l with
    nu_l = sum_i e_i/(l+i+1) over l+i even (pi_l: P in t, shared sums for all P)."""
    cdef double d0 = 0.5 * (a + b) - 0.25 * s
    cdef double d1 = 0.5 * (a - b)
    cdef double d2 = 0.25 * s
    cdef double e0 = 1.0 / d0
    cdef double em2 = 0.0, em1 = e0, e
    cdef double tol = 1e-18 * e0
    cdef double nu[4]
    cdef int i, k
    nu[0] = e0; nu[1] = 0.0; nu[2] = e0 * _RECIP[3]; nu[3] = 0.0
    i = 1
    while i < 200:
        # odd i
        e = -(d1 * em1 + d2 * em2) * e0
        nu[1] += e * _recip(i + 2)
        nu[3] += e * _recip(i + 4)
        if i > 2 and fabs(e) + fabs(em1) < tol:
            break
        em2 = em1
        em1 = e
        # even i + 1
        e = -(d1 * em1 + d2 * em2) * e0
        nu[0] += e * _recip(i + 2)
        nu[2] += e * _recip(i + 4)
        if i > 1 and fabs(e) + fabs(em1) < tol:
            break
        em2 = em1
        em1 = e
        i += 2
    for k in range(n):
        out[k] = _dot4(&P[k].c[8], nu)


cdef inline void _moments_degenerate(double xbar, double ybar, double delta2, double s, int n,
                                     const _poly3** P, double* out) noexcept nogil:
    """Nearly coincident roots xbar +- delta (delta2 = delta^2, either sign), xbar outside [0,1],
    ybar = 1 - xbar computed independently:  1/D = (1/s) sum_k delta2^k (x - xbar)^(-2k-2).
    For xbar > 1 the expansion runs in y = 1 - x about ybar < 0."""
    cdef double A, Bq, dist
    cdef double G[40]              # G[j] = Int_0^1 (x - xbar)^(1 - j) dx, j = 0..2K+3
    cdef double H[4]               # H[l] = sum_j delta2^j G[2j + 3 - l]
    cdef double p[4]
    cdef double Sn = 1.0, An = 1.0, Bn = 1.0, ratio, rk
    cdef double dk = 1.0
    cdef bint refl = xbar > 0.5
    cdef int j, k, nn, K
    if refl:
        xbar = ybar
    A = -xbar
    Bq = 1.0 - xbar
    dist = A
    ratio = fabs(delta2) / (dist * dist)
    K = 1
    rk = ratio
    while K < 17 and rk > 1e-18:
        K += 1
        rk *= ratio
    G[0] = 0.5 - xbar
    G[1] = 1.0
    G[2] = log1p(1.0 / A)
    # e = -(nn+1), nn >= 1:  Int (x-xbar)^(-nn-1) = (A^-nn - Bq^-nn)/nn = S_nn / (nn (A Bq)^nn)
    # with S_nn = sum_{i<nn} A^i Bq^(nn-1-i) > 0  (Bq - A = 1)
    for nn in range(1, 2 * K + 2):
        if nn > 1:
            Sn = Bq * Sn + An
        An = An * A
        Bn = Bn * Bq
        G[nn + 2] = Sn / (nn * (An * Bn))
    H[0] = 0.0; H[1] = 0.0; H[2] = 0.0; H[3] = 0.0
    for j in range(K + 1):
        # exponent e = l - 2j - 2  ->  index 1 - e = 2j + 3 - l
        H[0] += dk * G[2 * j + 3]
        H[1] += dk * G[2 * j + 2]
        H[2] += dk * G[2 * j + 1]
        H[3] += dk * G[2 * j]
        dk *= delta2
    for k in range(n):
        if refl:
            _poly_shift(&P[k].c[4], xbar, p)
        else:
            _poly_shift(&P[k].c[0], xbar, p)
        out[k] = _dot4(p, H) / s


cdef inline bint _moments_light(double m, double MF, double MB, int n, const _poly3** P,
                                double* out) noexcept nogil:
    """The light-lepton regime of _moments: M_F = m (F = l) or M_F = 0, with r = m^2/M_B^2 <= 1/16,
    in closed form; False (out untouched) elsewhere, or for M_F = 0 when some P(1) != 0 (the
    general path keeps its handling of that endpoint singularity), or for masses that would
    over/underflow (1e-100 < m, M_B < 1e100, r >= 1e-280).  The P must be >= 0 on [0, 1] (every
    x^j (1-x)^k of the tables): that bounds the truncation error relative to the result.

    Both use s_l(w) = Sum_{i>=0} w^i/(l+i+1) = Int_0^1 x^l/(1 - w x) dx (l = 0..3), summed until
    w^(i+1) < 1e-17 (tail < 1.1e-17/(i+2) against s_l >= 1/4; w <= 0.07: <= 15 terms).
      * M_F = 0:  D = M_B^2 (1-x)(1 - r x), so with P = (1-x) R (R = d0 + d1 x + d2 x^2),
        J[P] = Sum_l d_l s_l(r) / M_B^2  (no logarithm).
      * M_F = m:  D = M_B^2 (1 - x + r x^2) = M_B^2 (1 - u x)(1 - v x), u + v = 1, u v = r,
        v = 2r/(1 + s), u - v = s = sqrt(1 - 4r);  1/D = [u/(1 - u x) - v/(1 - v x)]/(s M_B^2).
        The near root x1 = 1/u = 1 + delta (delta = v/u): in y = 1 - x, u/(1 - u x) = 1/(y + delta),
        P(1-y) = (y + delta) Q(y) + P(x1) by synthetic division of the y-coefficients at -delta
        (no cancellation: delta <= 0.08), Int_0^1 dy/(y + delta) = ln((1+delta)/delta) = -ln v;
        the far root as v Int P/(1 - v x) = v Sum_l c_l s_l(v) (c: x-coefficients of P):
        J[P] = [Int_0^1 Q dy - P(x1) ln v - v Sum_l c_l s_l(v)] / (s M_B^2).
    Checked against mpmath quadrature at 50 digits for m/M_B in [1e-8, 1/4]
    (tests/loops/test_g2.py::test_light_lepton_moments)."""
    cdef double r, w, t, s0, s1, s2, s3, rt, v, sq, dl, lv, b1, b2, b3, rem, inv
    cdef const double* c
    cdef int k, i
    if not (m > 1.0e-100 and MB < 1.0e100):
        return False
    rt = m / MB
    r = rt * rt
    if not (r <= 0.0625 and r >= 1.0e-280):
        return False
    if MF == 0.0:
        for k in range(n):
            c = P[k].c
            if c[0] + c[1] + c[2] + c[3] != 0.0:
                return False
        w = r
    else:
        sq = sqrt(1.0 - 4.0 * r)
        v = 2.0 * r / (1.0 + sq)
        w = v
    # s_l(w), l = 0..3
    # (w <= 0.0670: w^i < 1e-17 by i = 16, so i + 4 < 64 stays inside the _RECIP table)
    s0 = 1.0; s1 = 0.5; s2 = _RECIP[3]; s3 = 0.25
    t = w
    i = 1
    while t >= 1.0e-17:
        s0 += t * _RECIP[i + 1]
        s1 += t * _RECIP[i + 2]
        s2 += t * _RECIP[i + 3]
        s3 += t * _RECIP[i + 4]
        t *= w
        i += 1
    inv = 1.0 / (MB * MB)
    if MF == 0.0:
        for k in range(n):
            c = P[k].c
            # (1-x)(d0 + d1 x + d2 x^2) = c0 + c1 x + c2 x^2 + c3 x^3: d0 = c0, d1 = -(c2 + c3),
            # d2 = -c3
            out[k] = (c[0] * s0 - (c[2] + c[3]) * s1 - c[3] * s2) * inv
        return True
    dl = v / (1.0 - v)
    lv = log(v)
    inv = inv / sq
    for k in range(n):
        c = P[k].c
        # y-coefficients c[4..7] divided by (y + delta): quotient b1 + b2 y + b3 y^2, remainder
        b3 = c[7]
        b2 = c[6] - dl * b3
        b1 = c[5] - dl * b2
        rem = c[4] - dl * b1
        out[k] = ((b1 + 0.5 * b2 + _RECIP[3] * b3) - rem * lv
                  - v * (c[0] * s0 + c[1] * s1 + c[2] * s2 + c[3] * s3)) * inv
    return True


cdef inline bint _light_scalar_pair(double m, double MB, bint same, const double* lr,
                                    double* J) noexcept nogil:
    """_moments_light for the two moments a scalar loop of a light lepton needs, without the table
    walk: same = 1 (M_F = m): J = (J[x^2(1-x)], J[x^2]); same = 0 (M_F = 0): J = (J[x(1-x)^2],
    J[x(1-x)]).  The same operations on the same values as _moments_light with those tables (its
    zero coefficients dropped where x * 0 and y + 0 are exact), so bit-identical to _moments; only
    the s_l(w) it reads are summed (l = 2, 3, resp. 1, 2).  False where _moments_light would not
    apply (r = m^2/M_B^2 > 1/16, extreme masses, NaN), and the caller takes _moments.
    lr (same = 1 only; NULL: ln v = log(v)): lr[0] = ln r supplied by the caller (a_neutral_scalar_l:
    2 ln m - 2 ln M_B from logs the kernel shares); then ln v = ln r - ln(1 - v) (v = r/(1 - v), the
    smaller root of v^2 - v + r = 0), the second term summed as Sum_{i>=1} v^i/i in the s_l loop
    (same stopping rule, tail < 1.1e-17 absolute), no log: not bit-identical to log(v) (docs/physics.md
    "One-loop dipoles": the absolute error of the supplied ln r, a few 1e-16 |ln M|, enters ln v)."""
    cdef double rt, r, w, t, s1, s2, s3, sq, v, inv, dl, lv, b1, b2, rem, sl
    cdef int i
    if not (m > 1.0e-100 and MB < 1.0e100):
        return False
    rt = m / MB
    r = rt * rt
    if not (r <= 0.0625 and r >= 1.0e-280):
        return False
    sq = 1.0
    v = 0.0
    if same:
        sq = sqrt(1.0 - 4.0 * r)
        v = 2.0 * r / (1.0 + sq)
        w = v
    else:
        w = r
    s1 = 0.5; s2 = _RECIP[3]; s3 = 0.25
    t = w
    i = 1
    if lr != NULL and same:
        # the same loop with -ln(1 - v) = Sum_{i>=1} v^i/i alongside
        sl = 0.0
        while t >= 1.0e-17:
            sl += t * _RECIP[i]
            s1 += t * _RECIP[i + 2]
            s2 += t * _RECIP[i + 3]
            s3 += t * _RECIP[i + 4]
            t *= w
            i += 1
    else:
        while t >= 1.0e-17:
            s1 += t * _RECIP[i + 2]
            s2 += t * _RECIP[i + 3]
            s3 += t * _RECIP[i + 4]
            t *= w
            i += 1
    inv = 1.0 / (MB * MB)
    if not same:
        # (c0 s0 - (c2 + c3) s1 - c3 s2)/M_B^2 with c = (0, 1, -2, 1) and (0, 1, -1, 0)
        J[0] = (s1 - s2) * inv
        J[1] = s1 * inv
        return True
    dl = v / (1.0 - v)
    if lr != NULL:
        lv = lr[0] + sl
    else:
        lv = log(v)
    inv = inv / sq
    # x^2 (1-x): y-coefficients (0, 1, -2, 1), x-coefficients (0, 0, 1, -1)
    b2 = -2.0 - dl
    b1 = 1.0 - dl * b2
    rem = -(dl * b1)
    J[0] = (((b1 + 0.5 * b2) + _RECIP[3]) - rem * lv - v * (s2 - s3)) * inv
    # x^2: y-coefficients (1, -2, 1, 0), x-coefficients (0, 0, 1, 0)
    b1 = -2.0 - dl
    rem = 1.0 - dl * b1
    J[1] = ((b1 + 0.5) - rem * lv - v * s2) * inv
    return True


cdef inline int _moments(double m, double MF, double MB, int n, const _poly3** P,
                         double* out) noexcept nogil:
    """out[k] = Int_0^1 P_k(x) / (x MF^2 + (1-x) MB^2 - x(1-x) m^2) dx  for n <= 8 cubics P_k.

    Returns 0, or -1 (out = NaN) at or above threshold m >= MF + MB."""
    cdef double mx = m
    cdef double s, a, b, B, Bt, lam, sq, q, qt, xbar, ybar, dist, delta, sc, sgn
    cdef double r1, r2, t1, t2, tmp, n1, d1, n2, d2, ea, eb, es
    cdef double w1[4]
    cdef double w2[4]
    cdef int k, mode1, mode2
    if MF > mx:
        mx = MF
    if MB > mx:
        mx = MB
    # below threshold only; the one threshold point kept is F = l with a massless boson (IR
    # finite for the combinations that survive there, e.g. a massless vector coupled vectorially)
    if not (m > 0.0) or not (m < MF + MB or (MB == 0.0 and MF == m)):
        for k in range(n):
            out[k] = NAN
        return -1
    # light lepton against the boson with F = l or a massless F: closed form (_moments_light)
    if (MF == m or MF == 0.0) and _moments_light(m, MF, MB, n, P, out):
        return 0
    # scale to max(m, MF, MB) in [1, 2): exact (power of two) unless the masses are extreme
    sc = _inv_pow2(mx)
    if sc != 0.0:
        m = m * sc
        MF = MF * sc
        MB = MB * sc
        sc = sc * sc
    else:
        m = m / mx
        MF = MF / mx
        MB = MB / mx
        sc = 1.0 / (mx * mx)
    s = m * m
    a = MF * MF
    b = MB * MB
    # D(x) = s x^2 + B x + b;  D(1 - y) = s y^2 + Bt y + a
    ea = _sq_err(MF, a)
    eb = _sq_err(MB, b)
    es = _sq_err(m, s)
    B = _sqdiff(a, ea, b, eb, s, es)
    Bt = _sqdiff(b, eb, a, ea, s, es)
    lam = (_sum3(MF, -MB, -m) * (MF + MB + m)) * (_sum3(MF, -MB, m) * _sum3(MF, MB, -m))
    if lam < 0.0:
        # complex pair xbar +- i delta
        sq = sqrt(-lam)
        xbar = -B / (2.0 * s)
        ybar = -Bt / (2.0 * s)
        delta = sq / (2.0 * s)
        if (2.0 * xbar - 1.0) * (2.0 * xbar - 1.0) + 4.0 * delta * delta >= 16.0:
            _moments_taylor(a, b, s, n, P, out)
        else:
            dist = -xbar if xbar < 0.0 else (-ybar if ybar < 0.0 else 0.0)
            if delta < 0.25 * dist:
                _moments_degenerate(xbar, ybar, lam / (4.0 * s * s), s, n, P, out)
            else:
                _im_phi_complex(xbar, delta, ybar, -delta, n, P, out)
                tmp = 2.0 / sq
                for k in range(n):
                    out[k] *= tmp
    else:
        sq = sqrt(lam)
        q = -0.5 * (B + copysign(sq, B))
        qt = -0.5 * (Bt + copysign(sq, Bt))
        if q == 0.0 or qt == 0.0:
            # b = 0 (resp. a = 0) and a = s (resp. b = s): D = s x^2 (resp. s (1-x)^2)
            for k in range(n):
                if q == 0.0 and (P[k].c[0] != 0.0 or P[k].c[1] != 0.0):
                    out[k] = INFINITY
                elif q == 0.0:
                    out[k] = (P[k].c[2] + 0.5 * P[k].c[3]) / s
                elif P[k].c[4] != 0.0 or P[k].c[5] != 0.0:
                    out[k] = INFINITY
                else:
                    out[k] = (P[k].c[6] + 0.5 * P[k].c[7]) / s
        else:
            # x roots b/q, q/s;  y = 1 - x roots a/qt, qt/s (paired by proximity)
            r1 = b / q
            r2 = q / s
            t1 = a / qt
            t2 = qt / s
            n1 = a; d1 = qt; n2 = qt; d2 = s
            if fabs((1.0 - r1) - t1) > fabs((1.0 - r1) - t2):
                tmp = t1; t1 = t2; t2 = tmp
                n1 = qt; d1 = s; n2 = a; d2 = qt
            if fabs(2.0 * r1 - 1.0) >= 4.0 and fabs(2.0 * r2 - 1.0) >= 4.0:
                _moments_taylor(a, b, s, n, P, out)
            else:
                delta = 0.5 * fabs(r1 - r2)
                xbar = -B / (2.0 * s)
                ybar = -Bt / (2.0 * s)
                dist = -xbar if xbar < 0.0 else (-ybar if ybar < 0.0 else 0.0)
                if delta < 0.25 * dist:
                    _moments_degenerate(xbar, ybar, lam / (4.0 * s * s), s, n, P, out)
                else:
                    sgn = copysign(sq, B)
                    mode1 = _root_basis(r1, b, q, t1, n1, d1, w1)
                    mode2 = _root_basis(r2, q, s, t2, n2, d2, w2)
                    tmp = 1.0 / sgn
                    for k in range(n):
                        out[k] = (_dot4(&P[k].c[mode1], w1) - _dot4(&P[k].c[mode2], w2)) * tmp
    for k in range(n):
        out[k] *= sc
    return 0


cdef inline int _moments_jk(double m, double MF, double MB, int n, const int* jk,
                            double* out) noexcept nogil:
    """out[i] = J[x^j (1-x)^k] of DN for jk[i] = 10 j + k in {20, 21, 11, 30, 12, 2, 3}
    (see _moments); -2 (out = NaN) for an unknown code."""
    cdef const _poly3* P[8]
    cdef int i
    for i in range(n):
        P[i] = _poly_jk(jk[i])
        if P[i] == NULL:
            for i in range(n):
                out[i] = NAN
            return -2
    return _moments(m, MF, MB, n, P, out)


# ---------------------------------------------------------------------------------------------
# coupling combinations
# ---------------------------------------------------------------------------------------------
cdef inline double _abs2(double re, double im) noexcept nogil:
    return re * re + im * im


cdef inline double _cabs(double re, double im) noexcept nogil:
    """|re + i im|: exact for a real (or imaginary) coupling, sqrt of the sum of squares (< 1 ulp
    more than hypot) away from over/underflow, hypot otherwise."""
    cdef double ss
    if im == 0.0:
        return fabs(re)
    if re == 0.0:
        return fabs(im)
    ss = re * re + im * im
    if 1e-290 < ss < 1e290:
        return sqrt(ss)
    return hypot(re, im)


cdef inline double _diff2(double xr, double xi, double yr, double yi) noexcept nogil:
    """|x|^2 - |y|^2 = Re((x - y)^* (x + y)), exact zero for |x| = |y| componentwise."""
    return (xr - yr) * (xr + yr) + (xi - yi) * (xi + yi)


cdef inline double _imxy(double xr, double xi, double yr, double yi) noexcept nogil:
    """Im(x y^*)."""
    return xi * yr - xr * yi


cdef inline double _mul(double coef, double J) noexcept nogil:
    """coef * J with 0 * (inf or nan) = 0 (moments that diverge only where their coefficient
    vanishes identically, e.g. F = l with a massless vector)."""
    if coef == 0.0:
        return 0.0
    return coef * J


cdef inline void _long_coefs(double m, double MF, double cVr, double cVi, double cAr, double cAi,
                             double* C1, double* C2) noexcept nogil:
    """C1 = |c_V|^2 (m-MF)^2 + |c_A|^2 (m+MF)^2,  C2 = |c_V|^2 (m-MF)^2 - |c_A|^2 (m+MF)^2,
    the latter as (sV d - sA p)(sV d + sA p) with sV - sA = (|c_V|^2-|c_A|^2)/(sV + sA)."""
    cdef double sV = _cabs(cVr, cVi)
    cdef double sA = _cabs(cAr, cAi)
    cdef double d = fabs(m - MF)
    cdef double p = m + MF
    cdef double mn = m if m < MF else MF
    cdef double f1
    C1[0] = sV * sV * d * d + sA * sA * p * p
    if sV + sA == 0.0:
        C2[0] = 0.0
        return
    f1 = _diff2(cVr, cVi, cAr, cAi) / (sV + sA) * d - 2.0 * sA * mn
    C2[0] = f1 * (sV * d + sA * p)


# ---------------------------------------------------------------------------------------------
# (a) neutral scalar
# ---------------------------------------------------------------------------------------------
cdef inline double _ns_a(double m_l, double M_F, double Sc, double Dc, const double* J) noexcept nogil:
    """Da of a neutral scalar from its moments J = (J[x^2(1-x)], J[x^2]) and the coupling products
    Sc = |c_S|^2 + |c_P|^2, Dc = |c_S|^2 - |c_P|^2: (1/8pi^2) [Sc m^2 J[0] + Dc m M_F J[1]] (the
    final step of a_neutral_scalar, for callers that compute the moments themselves)."""
    return _INV8PI2 * (_mul(Sc * m_l * m_l, J[0]) + _mul(Dc * m_l * M_F, J[1]))


cdef inline double a_neutral_scalar(double m_l, double M_F, double M_B, double cS_re,
                                    double cS_im, double cP_re, double cP_im) noexcept nogil:
    """Da = (1/8pi^2) [ (|c_S|^2+|c_P|^2) m^2 J[x^2(1-x)] + (|c_S|^2-|c_P|^2) m M_F J[x^2] ]."""
    cdef const _poly3* P[2]
    cdef double J[2]
    cdef double Sc = _abs2(cS_re, cS_im) + _abs2(cP_re, cP_im)
    cdef double Dc = _diff2(cS_re, cS_im, cP_re, cP_im)
    P[0] = &_P21; P[1] = &_P20
    # F = l (a neutral Higgs of a light lepton): the two moments directly (_light_scalar_pair)
    if not (M_F == m_l and _light_scalar_pair(m_l, M_B, True, NULL, J)):
        if _moments(m_l, M_F, M_B, 2, P, J) < 0:
            return NAN
    return _INV8PI2 * (_mul(Sc * m_l * m_l, J[0]) + _mul(Dc * m_l * M_F, J[1]))


cdef inline double a_neutral_scalar_l(double m_l, double M_F, double M_B, double cS_re, double cS_im,
                                      double cP_re, double cP_im, double lr) noexcept nogil:
    """a_neutral_scalar with lr = ln(m_l^2/M_B^2) supplied by the caller (the generated kernels pass
    2 ln_abs(m_l) - 2 ln_abs(M_B), logs shared with the Barr-Zee fermion loops at the same boson and
    memoised: ir_twoloop.share_boson_logs); used only on the light path (_light_scalar_pair, M_F = m_l,
    r <= 1/16), where ln v = lr - ln(1 - v) replaces log(v); elsewhere lr is not read."""
    cdef const _poly3* P[2]
    cdef double J[2]
    cdef double Sc = _abs2(cS_re, cS_im) + _abs2(cP_re, cP_im)
    cdef double Dc = _diff2(cS_re, cS_im, cP_re, cP_im)
    P[0] = &_P21; P[1] = &_P20
    if not (M_F == m_l and _light_scalar_pair(m_l, M_B, True, &lr, J)):
        if _moments(m_l, M_F, M_B, 2, P, J) < 0:
            return NAN
    return _INV8PI2 * (_mul(Sc * m_l * m_l, J[0]) + _mul(Dc * m_l * M_F, J[1]))


cdef inline double a_neutral_scalar_sd(double m_l, double M_F, double M_B, double Sc,
                                       double Dc) noexcept nogil:
    """a_neutral_scalar from the coupling products given directly: Sc = |c_S|^2 + |c_P|^2 and
    Dc = |c_S|^2 - |c_P|^2 = Re(g_L g_R^*) with the chiral couplings g_L = c_S - c_P, g_R = c_S + c_P.
    For callers that hold g_L, g_R (the lepton kernels' ns sums): _diff2 of c_S, c_P recovers g_L only to
    an absolute eps |g_R|, so where |g_L| << |g_R| (a heavy vector-like state) the chirally enhanced
    term Dc m M_F J[x^2] would be off by eps |g_R|/|g_L| relative; g_L g_R^* is at eps.  Same moments
    and final arithmetic as a_neutral_scalar: bit-identical for Dc = _diff2(c_S, c_P)."""
    cdef const _poly3* P[2]
    cdef double J[2]
    P[0] = &_P21; P[1] = &_P20
    if not (M_F == m_l and _light_scalar_pair(m_l, M_B, True, NULL, J)):
        if _moments(m_l, M_F, M_B, 2, P, J) < 0:
            return NAN
    return _INV8PI2 * (_mul(Sc * m_l * m_l, J[0]) + _mul(Dc * m_l * M_F, J[1]))


cdef inline double edm_neutral_scalar_im(double m_l, double M_F, double M_B, double im) noexcept nogil:
    """edm_neutral_scalar from im = Im(c_S c_P^*) = Im(g_L g_R^*)/2 given directly (chiral couplings
    g_L = c_S - c_P, g_R = c_S + c_P; see a_neutral_scalar_sd).  Same arithmetic after im."""
    cdef const _poly3* P[1]
    cdef double J[1]
    if im == 0.0 or M_F == 0.0:
        return 0.0
    P[0] = &_P20
    if _moments(m_l, M_F, M_B, 1, P, J) < 0:
        return NAN
    return _HBARC_GEV_CM * _INV8PI2 * _mul(im * M_F, J[0])


cdef inline double edm_neutral_scalar(double m_l, double M_F, double M_B, double cS_re,
                                      double cS_im, double cP_re, double cP_im) noexcept nogil:
    """d = hbar c (M_F/8pi^2) J[x^2] Im(c_S c_P^*)  [e cm]."""
    cdef const _poly3* P[1]
    cdef double J[1]
    cdef double im = _imxy(cS_re, cS_im, cP_re, cP_im)
    if im == 0.0 or M_F == 0.0:          # CP-even couplings (every real Yukawa): no moment to compute
        return 0.0
    P[0] = &_P20
    if _moments(m_l, M_F, M_B, 1, P, J) < 0:
        return NAN
    return _HBARC_GEV_CM * _INV8PI2 * _mul(im * M_F, J[0])


# ---------------------------------------------------------------------------------------------
# (b) neutral vector (unitary gauge);  moments J = (J21, J20, J11) of DN
# ---------------------------------------------------------------------------------------------
cdef inline double _nv_a(double m, double MF, double MB, double cVr, double cVi, double cAr,
                         double cAi, const double* J) noexcept nogil:
    """8pi^2 Da.  Transverse: 2m^2 (V+A) J21 - 4m [V(m-MF) + A(m+MF)] J11;
    longitudinal: (m^2 C1 J21 + m MF C2 J20)/MB^2 (V = |c_V|^2, A = |c_A|^2, see _long_coefs).
    Uses J[0..2]."""
    cdef double V = _abs2(cVr, cVi)
    cdef double A = _abs2(cAr, cAi)
    cdef double C1, C2, lon
    # V(m-MF) + A(m+MF) = (V+A) m - (|c_V|^2-|c_A|^2) MF, the latter exact for |c_V| = |c_A|
    cdef double tr = (_mul(2.0 * m * m * (V + A), J[0])
                      - _mul(4.0 * m * ((V + A) * m - _diff2(cVr, cVi, cAr, cAi) * MF), J[2]))
    _long_coefs(m, MF, cVr, cVi, cAr, cAi, &C1, &C2)
    lon = _mul(m * m * C1, J[0]) + _mul(m * MF * C2, J[1])
    if lon != 0.0:
        lon = lon / (MB * MB)
    return tr + lon


cdef inline double _nv_d(double m, double MF, double MB, const double* J) noexcept nogil:
    """8pi^2/m x EDM coefficient of Im(c_V c_A^*):  MF {4 J11 + (MF^2-m^2) J20/MB^2}.  Uses J[1..2].
    Not the (|c_V|^2-|c_A|^2) coefficient of Da, whose longitudinal part has + 2m^2 J30: in R_xi
    gauge that part is the Goldstone loop, whose couplings (i/MB)(g_L m - MF g_R), (i/MB)(g_L* MF -
    m g_R*) give the CP-odd product (MF^2 - m^2) Im(g_L* g_R) but the CP-even one (MF^2 + m^2)
    Re(g_L* g_R) - m MF (|g_L|^2 + |g_R|^2)  (checked against Dirac traces, tests/loops/test_g2_dirac.py)."""
    cdef double lon = _mul((MF - m) * (MF + m), J[1])
    if lon != 0.0:
        lon = lon / (MB * MB)
    return MF * (_mul(4.0, J[2]) + lon)


cdef inline double a_neutral_vector(double m_l, double M_F, double M_B, double cV_re,
                                    double cV_im, double cA_re, double cA_im) noexcept nogil:
    cdef const _poly3* P[3]
    cdef double J[3]
    P[0] = &_P21; P[1] = &_P20; P[2] = &_P11
    if _moments(m_l, M_F, M_B, 3, P, J) < 0:
        return NAN
    return _INV8PI2 * _nv_a(m_l, M_F, M_B, cV_re, cV_im, cA_re, cA_im, J)


cdef inline double edm_neutral_vector(double m_l, double M_F, double M_B, double cV_re,
                                      double cV_im, double cA_re, double cA_im) noexcept nogil:
    cdef const _poly3* P[2]
    cdef double J[3]
    cdef double im = _imxy(cV_re, cV_im, cA_re, cA_im)
    if im == 0.0 or M_F == 0.0:
        return 0.0
    P[0] = &_P20; P[1] = &_P11
    if _moments(m_l, M_F, M_B, 2, P, J + 1) < 0:
        return NAN
    return _HBARC_GEV_CM * _INV8PI2 * im * _nv_d(m_l, M_F, M_B, J)


# ---------------------------------------------------------------------------------------------
# (c) charged scalar: photon on F (weight -Q_F) and on B (weight -Q_B = 1 + Q_F)
# ---------------------------------------------------------------------------------------------
cdef inline double a_charged_scalar(double m_l, double M_F, double M_B, double Q_F, double cS_re,
                                    double cS_im, double cP_re, double cP_im) noexcept nogil:
    """Da = (1/8pi^2) { Sc m^2 [-Q_F J21 - (1+Q_F) J12] + Dc m M_F [-Q_F J20 - (1+Q_F) J11] }
    (moments of DN; the photon-on-B integrals over DC(x) = DN(1-x) are J12 and J11)."""
    cdef const _poly3* P[4]
    cdef double J[4]
    cdef double Sc = _abs2(cS_re, cS_im) + _abs2(cP_re, cP_im)
    cdef double Dc = _diff2(cS_re, cS_im, cP_re, cP_im)
    cdef double wF = -Q_F, wB = 1.0 + Q_F
    cdef int n = 0
    # only the attachments with a nonzero weight (J = 0 where unused: _mul(0, .) = 0)
    J[0] = 0.0; J[1] = 0.0; J[2] = 0.0; J[3] = 0.0
    if wF != 0.0:
        P[0] = &_P21; P[1] = &_P20; n = 2
    if wB != 0.0:
        P[n] = &_P12; P[n + 1] = &_P11
    # photon on the boson only, massless F (a charged Higgs with a neutrino): J = (J12, J11) directly
    if not (wF == 0.0 and M_F == 0.0 and _light_scalar_pair(m_l, M_B, False, NULL, J)):
        if _moments(m_l, M_F, M_B, n + (2 if wB != 0.0 else 0), P, J) < 0:
            return NAN
    if wF == 0.0:      # J = (J12, J11)
        return _INV8PI2 * (_mul(Sc * m_l * m_l, -_mul(wB, J[0]))
                           + _mul(Dc * m_l * M_F, -_mul(wB, J[1])))
    # J = (J21, J20, J12, J11)
    return _INV8PI2 * (_mul(Sc * m_l * m_l, _mul(wF, J[0]) - _mul(wB, J[2]))
                       + _mul(Dc * m_l * M_F, _mul(wF, J[1]) - _mul(wB, J[3])))


cdef inline double edm_charged_scalar(double m_l, double M_F, double M_B, double Q_F, double cS_re,
                                      double cS_im, double cP_re, double cP_im) noexcept nogil:
    cdef const _poly3* P[2]
    cdef double J[2]
    cdef double im = _imxy(cS_re, cS_im, cP_re, cP_im)
    if im == 0.0 or M_F == 0.0:
        return 0.0
    P[0] = &_P20; P[1] = &_P11
    if _moments(m_l, M_F, M_B, 2, P, J) < 0:
        return NAN
    return _HBARC_GEV_CM * _INV8PI2 * im * M_F * (_mul(-Q_F, J[0]) - _mul(1.0 + Q_F, J[1]))


# ---------------------------------------------------------------------------------------------
# (d) charged vector (unitary gauge, Yang-Mills gamma-VV vertex)
#     moments J = (J21, J20, J11, unused | J02, J03, J12) of DN; DC moments: JC[jk] = JN[kj]
# ---------------------------------------------------------------------------------------------
cdef inline double _cv_a(double m, double MF, double MB, double cVr, double cVi, double cAr,
                         double cAi, const double* J) noexcept nogil:
    """8pi^2 Da, photon on B:  2m^2 (V+A) (JC20 + JC30) - 4 Dc m MF JC20
    - (m^2 C1 JC21 + m MF C2 JC11)/MB^2.  Uses J[2], J[4..6]."""
    cdef double V = _abs2(cVr, cVi)
    cdef double A = _abs2(cAr, cAi)
    cdef double Dc = _diff2(cVr, cVi, cAr, cAi)
    cdef double C1, C2, lon
    cdef double tr = _mul(2.0 * m * m * (V + A), J[4] + J[5]) - _mul(4.0 * Dc * m * MF, J[4])
    _long_coefs(m, MF, cVr, cVi, cAr, cAi, &C1, &C2)
    lon = _mul(m * m * C1, J[6]) + _mul(m * MF * C2, J[2])
    if lon != 0.0:
        lon = lon / (MB * MB)
    return tr - lon


cdef inline double _cv_d(double m, double MF, double MB, const double* J) noexcept nogil:
    """8pi^2/m x photon-on-B EDM coefficient of Im(c_V c_A^*):  -MF {4 JC20 + (MF^2-m^2) JC11/MB^2}.
    Uses J[2], J[4].  Not the (|c_V|^2-|c_A|^2) coefficient of Da, whose longitudinal part has
    + 2m^2 JC12 in the braces: as for _nv_d, in R_xi gauge the 1/MB^2 part is the Goldstone-Goldstone
    loop (the W-W and the two W-G-photon diagrams carry no 1/MB^2), whose CP-odd coupling product is
    (MF^2 - m^2) Im(g_L* g_R)/MB^2 while the CP-even one is C2/MB^2 (see _long_coefs).  Checked
    against explicit Dirac traces of the 't Hooft-Feynman gauge diagrams (W-W-photon Yang-Mills,
    G-G-photon, W-G-photon; tests/dirac_ref.py, tests/loops/test_g2_dirac.py), which reproduce Da of
    _cv_a and differ from the EDM with the 2m^2 JC12 term by exactly that term."""
    cdef double lon = _mul((MF - m) * (MF + m), J[2])
    if lon != 0.0:
        lon = lon / (MB * MB)
    return -MF * (_mul(4.0, J[4]) + lon)


cdef inline int _cv_moments(double m, double MF, double MB, bint on_F, bint on_B, bint edm,
                            double* J) noexcept nogil:
    """The slots of J = (J21, J20, J11, -, J02, J03, J12) that the photon-on-F (on_F) and
    photon-on-B (on_B) parts of a_charged_vector (edm = 0) or edm_charged_vector (edm = 1) read,
    in one _moments call; the other slots are left unset."""
    cdef const _poly3* P[7]
    cdef double Jn[7]
    cdef int idx[7]
    cdef int n = 0, i, rc
    if on_F and not edm:
        P[n] = &_P21; idx[n] = 0; n += 1
    if on_F:
        P[n] = &_P20; idx[n] = 1; n += 1
    P[n] = &_P11; idx[n] = 2; n += 1
    if on_B:
        P[n] = &_P02; idx[n] = 4; n += 1
    if on_B and not edm:
        P[n] = &_P03; idx[n] = 5; n += 1
        P[n] = &_P12; idx[n] = 6; n += 1
    rc = _moments(m, MF, MB, n, P, Jn)
    for i in range(n):
        J[idx[i]] = Jn[i]
    return rc


cdef inline double a_charged_vector(double m_l, double M_F, double M_B, double Q_F, double cV_re,
                                    double cV_im, double cA_re, double cA_im) noexcept nogil:
    cdef double J[7]
    cdef double wF = -Q_F, wB = 1.0 + Q_F
    cdef double res = 0.0
    if _cv_moments(m_l, M_F, M_B, wF != 0.0, wB != 0.0, False, J) < 0:
        return NAN
    if wF != 0.0:
        res += wF * _nv_a(m_l, M_F, M_B, cV_re, cV_im, cA_re, cA_im, J)
    if wB != 0.0:
        res += wB * _cv_a(m_l, M_F, M_B, cV_re, cV_im, cA_re, cA_im, J)
    return _INV8PI2 * res


cdef inline double edm_charged_vector(double m_l, double M_F, double M_B, double Q_F, double cV_re,
                                      double cV_im, double cA_re, double cA_im) noexcept nogil:
    cdef double J[7]
    cdef double im = _imxy(cV_re, cV_im, cA_re, cA_im)
    cdef double wF = -Q_F, wB = 1.0 + Q_F
    cdef double res = 0.0
    if im == 0.0 or M_F == 0.0:
        return 0.0
    if _cv_moments(m_l, M_F, M_B, wF != 0.0, wB != 0.0, True, J) < 0:
        return NAN
    if wF != 0.0:
        res += wF * _nv_d(m_l, M_F, M_B, J)
    if wB != 0.0:
        res += wB * _cv_d(m_l, M_F, M_B, J)
    return _HBARC_GEV_CM * _INV8PI2 * im * res
