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

A being the coefficient of (|c_S|^2 - |c_P|^2) (resp. |c_V|^2 - |c_A|^2) in Da.  Returned in e cm
(hbar c = 1.973269804e-14 GeV cm).  Real couplings give d_l = 0.

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
The quadratic's coefficients and the Kallen function use fma-exact squares and compensated sums
(_sqdiff, _sum3), so M_F ~ m_l, M_F ~ M_B and pseudo-threshold inputs keep full accuracy.
Above threshold (m_l >= M_F + M_B) the moment is complex; the functions return NaN there.
"""
from libc.math cimport sqrt, log, log1p, atan2, hypot, fabs, copysign, fma, NAN, INFINITY

# 1/(8 pi^2) and hbar c [GeV cm]
cdef extern from *:
    """
    #define MODELGEN_INV8PI2 0.012665147955292222
    #define MODELGEN_HBARC_GEV_CM 1.973269804e-14
    """
    double _INV8PI2 "MODELGEN_INV8PI2"
    double _HBARC_GEV_CM "MODELGEN_HBARC_GEV_CM"


cdef inline void _load_poly(double* p, int jk) noexcept nogil:
    """x-monomial coefficients of P = x^j (1-x)^k, jk = 10 j + k."""
    p[0] = 0.0; p[1] = 0.0; p[2] = 0.0; p[3] = 0.0
    if jk == 20:
        p[2] = 1.0
    elif jk == 21:
        p[2] = 1.0; p[3] = -1.0
    elif jk == 11:
        p[1] = 1.0; p[2] = -1.0
    elif jk == 30:
        p[3] = 1.0
    elif jk == 12:
        p[1] = 1.0; p[2] = -2.0; p[3] = 1.0
    elif jk == 2:
        p[0] = 1.0; p[1] = -2.0; p[2] = 1.0
    elif jk == 3:
        p[0] = 1.0; p[1] = -3.0; p[2] = 3.0; p[3] = -1.0


# ---------------------------------------------------------------------------------------------
# polynomial and complex helpers
# ---------------------------------------------------------------------------------------------
cdef inline void _poly_shift(const double* c, double x0, double sc, double* out) noexcept nogil:
    """Coefficients of P(x0 + sc*t) in powers of t (P cubic, coefficients c[0..3] in x)."""
    cdef double d0 = c[0] + x0 * (c[1] + x0 * (c[2] + x0 * c[3]))
    cdef double d1 = c[1] + x0 * (2.0 * c[2] + 3.0 * x0 * c[3])
    cdef double d2 = c[2] + 3.0 * x0 * c[3]
    out[0] = d0
    out[1] = d1 * sc
    out[2] = d2 * sc * sc
    out[3] = c[3] * sc * sc * sc


cdef inline double _sum3(double x, double y, double z) noexcept nogil:
    """x + y + z with compensated (TwoSum) rounding: error ~ eps |x+y+z| + eps^2 max|term|."""
    cdef double s1 = x + y
    cdef double bb = s1 - x
    cdef double e1 = (x - (s1 - bb)) + (y - bb)
    cdef double s2 = s1 + z
    cdef double b2 = s2 - s1
    cdef double e2 = (s1 - (s2 - b2)) + (z - b2)
    return s2 + (e1 + e2)


cdef inline double _sqdiff(double x, double y, double z) noexcept nogil:
    """x^2 - y^2 - z^2 with exact products (fma) and compensated sums."""
    cdef double xx = x * x, yy = y * y, zz = z * z
    cdef double lo = fma(x, x, -xx) - fma(y, y, -yy) - fma(z, z, -zz)
    return _sum3(xx, -yy, -zz) + lo


cdef inline double complex _cplx(double re, double im) noexcept nogil:
    cdef double complex z
    z.real = re
    z.imag = im
    return z


cdef inline double _cabs(double complex z) noexcept nogil:
    return hypot(z.real, z.imag)


# ---------------------------------------------------------------------------------------------
# Phi_P(r) = Int_0^1 P(x) / (x - r) dx
# ---------------------------------------------------------------------------------------------
cdef inline int _root_basis(double complex r, double complex rt, double complex* w) noexcept nogil:
    """Phi_P(r) = Int_0^1 P(x)/(x - r) dx = sum_l w[l] p_l, with p_l the coefficients of P in the
    basis selected by the return value (computed once per root, shared by all P):

    0  direct (|2r-1| < 4, Re r <= 1/2): p = x-monomials, w_l = Int x^l/(x - r) by the upward
       recurrence from w_0 = log((1-r)/(-r)) (stable: |r| < 2.5);
    1  reflected (|2r-1| < 4, Re r > 1/2): p = y-monomials of P(1-y), rt = 1 - r computed
       independently so a root next to x = 1 keeps its distance; w_l = -Int y^l/(y - rt);
    2  far (|2r-1| >= 4): p = coefficients of P(1/2 + t/2) in t, w_l = -sum_i 2 h^(i+1)/(l+i+1)
       over l+i even, h = 1/(2r - 1), |h| <= 1/4.
    A root exactly at an endpoint needs P(endpoint) = 0 (its divergent log is then dropped)."""
    cdef int mode, i
    cdef double complex h, hp, w0
    cdef double ah, bound
    if _cabs(2.0 * r - 1.0) >= 4.0:
        h = 1.0 / (2.0 * r - 1.0)
        ah = _cabs(h)
        hp = h
        bound = ah
        w[0] = 0.0; w[1] = 0.0; w[2] = 0.0; w[3] = 0.0
        for i in range(80):
            if i % 2 == 0:
                w[0] = w[0] - 2.0 * hp / (i + 1)
                w[2] = w[2] - 2.0 * hp / (i + 3)
            else:
                w[1] = w[1] - 2.0 * hp / (i + 2)
                w[3] = w[3] - 2.0 * hp / (i + 4)
            if bound < 1e-18:
                break
            hp = hp * h
            bound = bound * ah
        return 2
    mode = 0
    if r.real > 0.5:
        r = rt
        mode = 1
    if r.real == 0.0 and r.imag == 0.0:
        w0 = 0.0
    elif r.imag == 0.0:
        w0 = log1p(-1.0 / r.real)
    else:
        # Log(1 - r) - Log(-r) = Log(1 + z), z = -1/r: both logs have imaginary parts of the
        # sign of -Im r, so the difference stays on the principal branch
        h = -1.0 / r
        w0 = _cplx(0.5 * log1p(h.real * (2.0 + h.real) + h.imag * h.imag),
                   atan2(h.imag, 1.0 + h.real))
    w[0] = w0
    w[1] = 1.0 + r * w[0]
    w[2] = 0.5 + r * w[1]
    w[3] = 1.0 / 3.0 + r * w[2]
    if mode == 1:
        w[0] = -w[0]; w[1] = -w[1]; w[2] = -w[2]; w[3] = -w[3]
    return mode


cdef inline double complex _phi_apply(int mode, const double complex* w, const double* c) noexcept nogil:
    cdef double p[4]
    if mode == 0:
        return c[0] * w[0] + c[1] * w[1] + c[2] * w[2] + c[3] * w[3]
    if mode == 1:
        _poly_shift(c, 1.0, -1.0, p)
    else:
        _poly_shift(c, 0.5, 0.5, p)
    return p[0] * w[0] + p[1] * w[1] + p[2] * w[2] + p[3] * w[3]


# ---------------------------------------------------------------------------------------------
# branches of J[P] = Int_0^1 P(x)/D(x) dx,  D(x) = s x^2 + B x + b
# ---------------------------------------------------------------------------------------------
cdef inline void _moments_taylor(double a, double b, double s, int n, const double** P,
                                 double* out) noexcept nogil:
    """Both roots at |2r-1| >= 4: 1/D(1/2 + t/2) = sum_i e_i t^i, J = sum_i e_i nu_i,
    nu_i = sum_l pi_l/(l+i+1) (l+i even)."""
    cdef double d0 = 0.5 * (a + b) - 0.25 * s
    cdef double d1 = 0.5 * (a - b)
    cdef double d2 = 0.25 * s
    cdef double p[8][4]
    cdef double acc[8]
    cdef double e0 = 1.0 / d0
    cdef double em2 = 0.0, em1 = 0.0, e = e0
    cdef double tol = 1e-18 * e0
    cdef int i, k
    for k in range(n):
        _poly_shift(P[k], 0.5, 0.5, p[k])
        acc[k] = 0.0
    for i in range(200):
        if i == 0:
            e = e0
        elif i == 1:
            e = -d1 * em1 / d0
        else:
            e = -(d1 * em1 + d2 * em2) / d0
        for k in range(n):
            if i % 2 == 0:
                acc[k] += e * (p[k][0] / (i + 1) + p[k][2] / (i + 3))
            else:
                acc[k] += e * (p[k][1] / (i + 2) + p[k][3] / (i + 4))
        if i > 2 and fabs(e) + fabs(em1) < tol:
            break
        em2 = em1
        em1 = e
    for k in range(n):
        out[k] = acc[k]


cdef inline void _moments_degenerate(double xbar, double ybar, double delta2, double s, int n,
                                     const double** P, double* out) noexcept nogil:
    """Nearly coincident roots xbar +- delta (delta2 = delta^2, either sign), xbar outside [0,1],
    ybar = 1 - xbar computed independently:  1/D = (1/s) sum_k delta2^k (x - xbar)^(-2k-2).
    For xbar > 1 the expansion runs in y = 1 - x about ybar < 0."""
    cdef double A, Bq, dist
    cdef double G[40]              # G[j] = Int_0^1 (x - xbar)^(1 - j) dx, j = 0..39
    cdef double p[8][4]
    cdef double pt[4]
    cdef double acc[8]
    cdef double Sn = 1.0, An = 1.0, Bn = 1.0, ABn, ratio
    cdef double dk = 1.0, term
    cdef bint refl = xbar > 0.5
    cdef int j, k, l, nn, K
    if refl:
        xbar = ybar
    A = -xbar
    Bq = 1.0 - xbar
    dist = A
    ratio = fabs(delta2) / (dist * dist)
    G[0] = 0.5 - xbar
    G[1] = 1.0
    G[2] = log1p(1.0 / A)
    # e = -(nn+1), nn >= 1:  Int (x-xbar)^(-nn-1) = (A^-nn - Bq^-nn)/nn = S_nn / (nn (A Bq)^nn)
    # with S_nn = sum_{i<nn} A^i Bq^(nn-1-i) > 0  (Bq - A = 1)
    for nn in range(1, 37):
        if nn > 1:
            Sn = Bq * Sn + An
        An = An * A
        Bn = Bn * Bq
        ABn = An * Bn
        G[nn + 2] = Sn / (nn * ABn)
    K = 1
    while K < 17 and ratio ** K > 1e-18:
        K += 1
    for k in range(n):
        if refl:
            _poly_shift(P[k], 1.0, -1.0, pt)
            _poly_shift(pt, xbar, 1.0, p[k])
        else:
            _poly_shift(P[k], xbar, 1.0, p[k])
        acc[k] = 0.0
    for j in range(K + 1):
        for k in range(n):
            term = 0.0
            for l in range(4):
                # exponent e = l - 2j - 2  ->  index 1 - e = 2j + 3 - l
                term += p[k][l] * G[2 * j + 3 - l]
            acc[k] += dk * term
        dk *= delta2
    for k in range(n):
        out[k] = acc[k] / s


cdef inline double _moments_y2(const double* c) noexcept nogil:
    """s * Int_0^1 P(x)/(s (1-x)^2) dx = Int P~(y)/y^2 for P~(y) = P(1-y); infinite unless
    P~(0) = P~'(0) = 0."""
    cdef double pt[4]
    _poly_shift(c, 1.0, -1.0, pt)
    if pt[0] != 0.0 or pt[1] != 0.0:
        return INFINITY
    return pt[2] + 0.5 * pt[3]


cdef inline int _moments(double m, double MF, double MB, int n, const double** P,
                         double* out) noexcept nogil:
    """out[k] = Int_0^1 P_k(x) / (x MF^2 + (1-x) MB^2 - x(1-x) m^2) dx  for n <= 8 cubics P_k.

    Returns 0, or -1 (out = NaN) at or above threshold m >= MF + MB."""
    cdef double mx = m
    cdef double s, a, b, B, Bt, lam, sq, q, qt, xbar, ybar, dist, delta, sc, sgn
    cdef double complex r1, r2, t1, t2, ph1, ph2
    cdef double complex w1[4]
    cdef double complex w2[4]
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
    m = m / mx
    MF = MF / mx
    MB = MB / mx
    sc = 1.0 / (mx * mx)
    s = m * m
    a = MF * MF
    b = MB * MB
    # D(x) = s x^2 + B x + b;  D(1 - y) = s y^2 + Bt y + a
    B = _sqdiff(MF, MB, m)
    Bt = _sqdiff(MB, MF, m)
    lam = _sum3(MF, -MB, -m) * (MF + MB + m) * _sum3(MF, -MB, m) * _sum3(MF, MB, -m)
    xbar = -B / (2.0 * s)
    ybar = -Bt / (2.0 * s)
    if xbar < 0.0:
        dist = -xbar
    elif ybar < 0.0:
        dist = -ybar
    else:
        dist = 0.0
    if lam < 0.0:
        sq = sqrt(-lam)
        delta = sq / (2.0 * s)
        r1 = _cplx(xbar, delta)
        if _cabs(2.0 * r1 - 1.0) >= 4.0:
            _moments_taylor(a, b, s, n, P, out)
        elif delta < 0.25 * dist:
            _moments_degenerate(xbar, ybar, lam / (4.0 * s * s), s, n, P, out)
        else:
            t1 = _cplx(ybar, -delta)
            mode1 = _root_basis(r1, t1, w1)
            for k in range(n):
                out[k] = 2.0 * _phi_apply(mode1, w1, P[k]).imag / sq
    else:
        sq = sqrt(lam)
        q = -0.5 * (B + copysign(sq, B))
        qt = -0.5 * (Bt + copysign(sq, Bt))
        if q == 0.0 or qt == 0.0:
            # b = 0 (resp. a = 0) and a = s (resp. b = s): D = s x^2 (resp. s (1-x)^2)
            for k in range(n):
                if q == 0.0 and (P[k][0] != 0.0 or P[k][1] != 0.0):
                    out[k] = INFINITY
                elif q == 0.0:
                    out[k] = (P[k][2] + 0.5 * P[k][3]) / s
                else:
                    out[k] = _moments_y2(P[k]) / s
        else:
            # x roots b/q, q/s;  y = 1 - x roots a/qt, qt/s (paired by proximity)
            r1 = _cplx(b / q, 0.0)
            r2 = _cplx(q / s, 0.0)
            t1 = _cplx(a / qt, 0.0)
            t2 = _cplx(qt / s, 0.0)
            if fabs((1.0 - r1.real) - t1.real) > fabs((1.0 - r1.real) - t2.real):
                t1, t2 = t2, t1
            delta = 0.5 * fabs(r1.real - r2.real)
            sgn = copysign(sq, B)
            if _cabs(2.0 * r1 - 1.0) >= 4.0 and _cabs(2.0 * r2 - 1.0) >= 4.0:
                _moments_taylor(a, b, s, n, P, out)
            elif delta < 0.25 * dist:
                _moments_degenerate(xbar, ybar, lam / (4.0 * s * s), s, n, P, out)
            else:
                mode1 = _root_basis(r1, t1, w1)
                mode2 = _root_basis(r2, t2, w2)
                for k in range(n):
                    ph1 = _phi_apply(mode1, w1, P[k])
                    ph2 = _phi_apply(mode2, w2, P[k])
                    out[k] = (ph1.real - ph2.real) / sgn
    for k in range(n):
        out[k] *= sc
    return 0


cdef inline int _moments_jk(double m, double MF, double MB, int n, const int* jk,
                            double* out) noexcept nogil:
    """out[i] = J[x^j (1-x)^k] of DN for jk[i] = 10 j + k (see _moments)."""
    cdef double buf[8][4]
    cdef const double* P[8]
    cdef int i
    for i in range(n):
        _load_poly(buf[i], jk[i])
        P[i] = buf[i]
    return _moments(m, MF, MB, n, P, out)


# ---------------------------------------------------------------------------------------------
# coupling combinations
# ---------------------------------------------------------------------------------------------
cdef inline double _abs2(double re, double im) noexcept nogil:
    return re * re + im * im


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
    cdef double sV = hypot(cVr, cVi)
    cdef double sA = hypot(cAr, cAi)
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
cdef inline double a_neutral_scalar(double m_l, double M_F, double M_B, double cS_re,
                                    double cS_im, double cP_re, double cP_im) noexcept nogil:
    """Da = (1/8pi^2) [ (|c_S|^2+|c_P|^2) m^2 J[x^2(1-x)] + (|c_S|^2-|c_P|^2) m M_F J[x^2] ]."""
    cdef int jk[2]
    cdef double J[2]
    cdef double Sc = _abs2(cS_re, cS_im) + _abs2(cP_re, cP_im)
    cdef double Dc = _diff2(cS_re, cS_im, cP_re, cP_im)
    jk[0] = 21; jk[1] = 20
    if _moments_jk(m_l, M_F, M_B, 2, jk, J) < 0:
        return NAN
    return _INV8PI2 * (_mul(Sc * m_l * m_l, J[0]) + _mul(Dc * m_l * M_F, J[1]))


cdef inline double edm_neutral_scalar(double m_l, double M_F, double M_B, double cS_re,
                                      double cS_im, double cP_re, double cP_im) noexcept nogil:
    """d = hbar c (M_F/8pi^2) J[x^2] Im(c_S c_P^*)  [e cm]."""
    cdef int jk[1]
    cdef double J[1]
    cdef double im = _imxy(cS_re, cS_im, cP_re, cP_im)
    jk[0] = 20
    if _moments_jk(m_l, M_F, M_B, 1, jk, J) < 0:
        return NAN
    return _HBARC_GEV_CM * _INV8PI2 * _mul(im * M_F, J[0])


# ---------------------------------------------------------------------------------------------
# (b) neutral vector (unitary gauge);  moments J = (J21, J20, J11, J30) of DN
# ---------------------------------------------------------------------------------------------
cdef inline double _nv_a(double m, double MF, double MB, double cVr, double cVi, double cAr,
                         double cAi, const double* J) noexcept nogil:
    """8pi^2 Da.  Transverse: 2m^2 (V+A) J21 - 4m [V(m-MF) + A(m+MF)] J11;
    longitudinal: (m^2 C1 J21 + m MF C2 J20)/MB^2 (V = |c_V|^2, A = |c_A|^2, see _long_coefs)."""
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
    """8pi^2/m x coefficient of (|c_V|^2-|c_A|^2):  MF {4 J11 + [(MF^2-m^2) J20 + 2m^2 J30]/MB^2}."""
    cdef double lon = _mul((MF - m) * (MF + m), J[1]) + _mul(2.0 * m * m, J[3])
    if lon != 0.0:
        lon = lon / (MB * MB)
    return MF * (_mul(4.0, J[2]) + lon)


cdef inline double a_neutral_vector(double m_l, double M_F, double M_B, double cV_re,
                                    double cV_im, double cA_re, double cA_im) noexcept nogil:
    cdef int jk[4]
    cdef double J[4]
    jk[0] = 21; jk[1] = 20; jk[2] = 11; jk[3] = 30
    if _moments_jk(m_l, M_F, M_B, 4, jk, J) < 0:
        return NAN
    return _INV8PI2 * _nv_a(m_l, M_F, M_B, cV_re, cV_im, cA_re, cA_im, J)


cdef inline double edm_neutral_vector(double m_l, double M_F, double M_B, double cV_re,
                                      double cV_im, double cA_re, double cA_im) noexcept nogil:
    cdef int jk[4]
    cdef double J[4]
    cdef double im = _imxy(cV_re, cV_im, cA_re, cA_im)
    if im == 0.0 or M_F == 0.0:
        return 0.0
    jk[0] = 21; jk[1] = 20; jk[2] = 11; jk[3] = 30
    if _moments_jk(m_l, M_F, M_B, 4, jk, J) < 0:
        return NAN
    return _HBARC_GEV_CM * _INV8PI2 * im * _nv_d(m_l, M_F, M_B, J)


# ---------------------------------------------------------------------------------------------
# (c) charged scalar: photon on F (weight -Q_F) and on B (weight -Q_B = 1 + Q_F)
# ---------------------------------------------------------------------------------------------
cdef inline double a_charged_scalar(double m_l, double M_F, double M_B, double Q_F, double cS_re,
                                    double cS_im, double cP_re, double cP_im) noexcept nogil:
    """Da = (1/8pi^2) { Sc m^2 [-Q_F J21 - (1+Q_F) J12] + Dc m M_F [-Q_F J20 - (1+Q_F) J11] }
    (moments of DN; the photon-on-B integrals over DC(x) = DN(1-x) are J12 and J11)."""
    cdef int jk[4]
    cdef double J[4]
    cdef double Sc = _abs2(cS_re, cS_im) + _abs2(cP_re, cP_im)
    cdef double Dc = _diff2(cS_re, cS_im, cP_re, cP_im)
    cdef double wF = -Q_F, wB = 1.0 + Q_F
    jk[0] = 21; jk[1] = 12; jk[2] = 20; jk[3] = 11
    if _moments_jk(m_l, M_F, M_B, 4, jk, J) < 0:
        return NAN
    return _INV8PI2 * (_mul(Sc * m_l * m_l, _mul(wF, J[0]) - _mul(wB, J[1]))
                       + _mul(Dc * m_l * M_F, _mul(wF, J[2]) - _mul(wB, J[3])))


cdef inline double edm_charged_scalar(double m_l, double M_F, double M_B, double Q_F, double cS_re,
                                      double cS_im, double cP_re, double cP_im) noexcept nogil:
    cdef int jk[2]
    cdef double J[2]
    cdef double im = _imxy(cS_re, cS_im, cP_re, cP_im)
    if im == 0.0 or M_F == 0.0:
        return 0.0
    jk[0] = 20; jk[1] = 11
    if _moments_jk(m_l, M_F, M_B, 2, jk, J) < 0:
        return NAN
    return _HBARC_GEV_CM * _INV8PI2 * im * M_F * (_mul(-Q_F, J[0]) - _mul(1.0 + Q_F, J[1]))


# ---------------------------------------------------------------------------------------------
# (d) charged vector (unitary gauge, Yang-Mills gamma-VV vertex)
#     moments J = (J21, J20, J11, J30 | J02, J03, J12) of DN; DC moments: JC[jk] = JN[kj]
# ---------------------------------------------------------------------------------------------
cdef inline double _cv_a(double m, double MF, double MB, double cVr, double cVi, double cAr,
                         double cAi, const double* J) noexcept nogil:
    """8pi^2 Da, photon on B:  2m^2 (V+A) (JC20 + JC30) - 4 Dc m MF JC20
    - (m^2 C1 JC21 + m MF C2 JC11)/MB^2."""
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
    """8pi^2/m x photon-on-B coefficient of (|c_V|^2-|c_A|^2):
    -MF {4 JC20 + [(MF^2-m^2) JC11 + 2m^2 JC12]/MB^2}   (JC12 = JN21)."""
    cdef double lon = _mul((MF - m) * (MF + m), J[2]) + _mul(2.0 * m * m, J[0])
    if lon != 0.0:
        lon = lon / (MB * MB)
    return -MF * (_mul(4.0, J[4]) + lon)


cdef inline double a_charged_vector(double m_l, double M_F, double M_B, double Q_F, double cV_re,
                                    double cV_im, double cA_re, double cA_im) noexcept nogil:
    cdef int jk[7]
    cdef double J[7]
    cdef double wF = -Q_F, wB = 1.0 + Q_F
    cdef double res = 0.0
    jk[0] = 21; jk[1] = 20; jk[2] = 11; jk[3] = 30; jk[4] = 2; jk[5] = 3; jk[6] = 12
    if _moments_jk(m_l, M_F, M_B, 7, jk, J) < 0:
        return NAN
    if wF != 0.0:
        res += wF * _nv_a(m_l, M_F, M_B, cV_re, cV_im, cA_re, cA_im, J)
    if wB != 0.0:
        res += wB * _cv_a(m_l, M_F, M_B, cV_re, cV_im, cA_re, cA_im, J)
    return _INV8PI2 * res


cdef inline double edm_charged_vector(double m_l, double M_F, double M_B, double Q_F, double cV_re,
                                      double cV_im, double cA_re, double cA_im) noexcept nogil:
    cdef int jk[7]
    cdef double J[7]
    cdef double im = _imxy(cV_re, cV_im, cA_re, cA_im)
    cdef double wF = -Q_F, wB = 1.0 + Q_F
    cdef double res = 0.0
    if im == 0.0 or M_F == 0.0:
        return 0.0
    jk[0] = 21; jk[1] = 20; jk[2] = 11; jk[3] = 30; jk[4] = 2; jk[5] = 3; jk[6] = 12
    if _moments_jk(m_l, M_F, M_B, 7, jk, J) < 0:
        return NAN
    if wF != 0.0:
        res += wF * _nv_d(m_l, M_F, M_B, J)
    if wB != 0.0:
        res += wB * _cv_d(m_l, M_F, M_B, J)
    return _HBARC_GEV_CM * _INV8PI2 * im * res
