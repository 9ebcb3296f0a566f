# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
"""One-loop g-2 differences without cancellation: squared-coupling forms and divided differences.

Consumes masses in GeV and squared couplings; produces Da (dimensionless).  Used by the generated
Delta a = a(model) - a(SM limit) of a mediator present in the SM (docs/physics.md, "Delta a without
cancellation"), written as

    Delta a = a_sq(M; |c|^2 - |c0|^2) + (M^2 - M0^2) dd(M, M0; |c0|^2),

each factor computed without subtracting two nearly equal doubles:

* ``a_neutral_scalar_sq``, ``a_neutral_vector_sq``: Da of loopfuncs.pxd with the squared couplings
  S = |c_S|^2, P = |c_P|^2 (V = |c_V|^2, A = |c_A|^2) as inputs, linear in them, so that S, P (V, A)
  may be exact differences of squared couplings, of either sign.  Neutral vector (Leveille, Nucl.
  Phys. B137 (1978) 63; Lindner, Platscher & Queiroz arXiv:1610.06587 Sec. 3), d = m - M_F, p = m + M_F:
      8 pi^2 Da = 2 m^2 (V+A) J21 - 4 m [(V+A) m - (V-A) M_F] J11 + (m^2 C1 J21 + m M_F C2 J20)/M^2,
      C1 = V d^2 + A p^2,  C2 = V d^2 - A p^2 = (V-A) d^2 - 4 A m M_F,
  J_jk(M) = Int_0^1 x^j (1-x)^k / DN(x; M) dx,  DN(x; M) = x M_F^2 + (1-x) M^2 - x(1-x) m^2.
* ``dd_neutral_vector``: (a(M) - a(M0)) / (M^2 - M0^2) at fixed squared couplings, from the exact
      (J(M) - J(M0)) / (M^2 - M0^2) = -Int_0^1 x^j (1-x)^(k+1) / (DN(x; M) DN(x; M0)) dx
  (1/DN - 1/DN0 = -(1-x)(M^2 - M0^2)/(DN DN0)), one positive integrand, and
      L(M)/M^2 - L(M0)/M0^2 = [(L(M) - L(M0))/M^2 - L(M0) (M^2 - M0^2)/(M^2 M0^2)]
  for the longitudinal part L = m^2 C1 J21 + m M_F C2 J20.  Finite and smooth at M = M0 (where it is
  da/dM^2).

The divided-difference integrals are summed by 20-point Gauss-Legendre panels between breakpoints
placed geometrically (ratio 4) on both sides of the projection onto [0, 1] of every root of DN(M) and
DN(M0) closer than 1 (roots with Re x > 1/2 computed in y = 1 - x) (where the integrand varies on the scale of the root's distance); [0, 1/2] is
integrated in x and [1/2, 1] in y = 1 - x, so that both x and 1 - x stay exact at the nodes, with
DN = x (M_F^2 - m^2) + y M^2 + x^2 m^2 = x M_F^2 + y (M^2 - m^2) + y^2 m^2.  Relative accuracy
~1e-15 (tests/loops/test_divdiff.py against mpmath across M/m, M_F/m = 1e-8 .. 1e8).  NaN at or
above threshold (m >= M_F + M), as loopfuncs.pxd.
For F = l (M_F = m) with m/M, m/M0 <= 1/4 (the Z-mass shift of Delta a_l.Z) the divided differences
are instead those of _moments_light's closed form, by divided-difference arithmetic (_dd_light):
no quadrature, ~4e-16 relative.
"""
from libc.math cimport sqrt, fabs, hypot, log, log1p, NAN
from modelgen.loops.loopfuncs cimport _moments, _poly3, _P21, _P20, _P11, _INV8PI2, _mul, _RECIP, _ns_a

cdef extern from *:
    """
    #ifndef MODELGEN_DIVDIFF_CONSTANTS
    #define MODELGEN_DIVDIFF_CONSTANTS
    /* 20-point Gauss-Legendre on [-1, 1]: the positive nodes and their weights (Newton-polished) */
    static const double MODELGEN_GL20_X[10] = {
        0.07652652113349734, 0.22778585114164507, 0.37370608871541955, 0.5108670019508271,
        0.636053680726515, 0.7463319064601508, 0.8391169718222188, 0.912234428251326,
        0.9639719272779138, 0.9931285991850949};
    static const double MODELGEN_GL20_W[10] = {
        0.15275338713072584, 0.14917298647260374, 0.14209610931838204, 0.13168863844917664,
        0.11819453196151841, 0.10193011981724044, 0.08327674157670475, 0.06267204833410907,
        0.04060142980038694, 0.017614007139152118};
    #endif
    """
    const double* _GL_X "MODELGEN_GL20_X"
    const double* _GL_W "MODELGEN_GL20_W"

# breakpoints per half: 0, 1/2 and the geometric steps of up to 8 roots (4 per coordinate); the steps
# stop when a list is full (only for several roots all within ~1e-16 of [0, 1])
cdef enum:
    _NBREAK = 224


cdef inline double a_neutral_scalar_sq(double m_l, double M_F, double M_B, double S,
                                       double P) noexcept nogil:
    """Da = (1/8pi^2) [(S+P) m^2 J[x^2(1-x)] + (S-P) m M_F J[x^2]],  S = |c_S|^2, P = |c_P|^2 (any sign)."""
    cdef const _poly3* Q[2]
    cdef double J[2]
    Q[0] = &_P21; Q[1] = &_P20
    if _moments(m_l, M_F, M_B, 2, Q, J) < 0:
        return NAN
    return _ns_a(m_l, M_F, S + P, S - P, J)


cdef inline double _nv_sq(double m, double MF, double MB, double V, double A, const double* J,
                          double* lon) noexcept nogil:
    """Transverse part of 8pi^2 Da (module docstring) from J = (J21, J20, J11); lon = m^2 C1 J21 +
    m M_F C2 J20 (to be divided by M^2)."""
    cdef double d = m - MF
    cdef double C1 = V * d * d + A * (m + MF) * (m + MF)
    cdef double C2 = (V - A) * d * d - 4.0 * A * m * MF
    lon[0] = _mul(m * m * C1, J[0]) + _mul(m * MF * C2, J[1])
    return _mul(2.0 * m * m * (V + A), J[0]) - _mul(4.0 * m * ((V + A) * m - (V - A) * MF), J[2])


cdef inline double nv_sq_from_moments(double m, double MF, double MB, double V, double A,
                                      const double* J) noexcept nogil:
    """a_neutral_vector_sq from the moments J = (J21, J20, J11) of (m, MF, MB), for a caller that has
    them already (kernels/leptons.nv_sum_delta)."""
    cdef double lon
    cdef double tr = _nv_sq(m, MF, MB, V, A, J, &lon)
    if lon != 0.0:
        lon = lon / (MB * MB)
    return _INV8PI2 * (tr + lon)


cdef inline double a_neutral_vector_sq(double m_l, double M_F, double M_B, double V,
                                       double A) noexcept nogil:
    """Da of a neutral vector with squared couplings V = |c_V|^2, A = |c_A|^2 (any sign)."""
    cdef const _poly3* Q[3]
    cdef double J[3]
    Q[0] = &_P21; Q[1] = &_P20; Q[2] = &_P11
    if _moments(m_l, M_F, M_B, 3, Q, J) < 0:
        return NAN
    return nv_sq_from_moments(m_l, M_F, M_B, V, A, J)


cdef inline int _add_root_breaks(double m, double Ma, double Mb, double* own, int* n_own,
                                 double* other, int* n_other, double* roots, int nroots) noexcept nogil:
    """Breakpoints of the roots u with Re u <= 1/2 of m^2 u^2 + (Ma^2 - Mb^2 - m^2) u + Mb^2, which is
    DN in u = x (Ma = M_F, Mb = M) or in u = y = 1 - x (Ma = M, Mb = M_F): each root's own coordinate
    keeps a root near its end point accurate.  Points with u <= 1/2 go to ``own``, the others to
    ``other`` as 1 - u from the exact 1 - p.  A root within a quarter of its distance of one already
    placed (roots[2k], roots[2k+1] = re, im, same coordinate) adds nothing.  Returns the number of
    roots stored, or -1 if a root lies on [0, 1] (at or above threshold)."""
    cdef double s = m * m, b = (Ma - Mb) * (Ma + Mb) - s, disc = b * b - 4.0 * s * Mb * Mb
    cdef double re[2]
    cdef double im[2]
    cdef double q, p, dist, step, u
    cdef int i, k, skip
    if disc >= 0.0:
        q = -0.5 * (b + (sqrt(disc) if b >= 0.0 else -sqrt(disc)))
        re[0] = q / s
        re[1] = Mb * Mb / q if q != 0.0 else re[0]
        im[0] = 0.0; im[1] = 0.0
    else:
        re[0] = -b / (2.0 * s); re[1] = re[0]
        im[0] = sqrt(-disc) / (2.0 * s); im[1] = -im[0]
    for i in range(2):
        if re[i] > 0.5:
            continue
        p = re[i] if re[i] > 0.0 else 0.0
        dist = hypot(re[i] - p, im[i])
        if dist == 0.0:
            return -1
        if dist >= 1.0:
            continue
        skip = 0
        for k in range(nroots):
            if hypot(re[i] - roots[2 * k], im[i] - roots[2 * k + 1]) < 0.25 * dist:
                skip = 1
        if skip:
            continue
        roots[2 * nroots] = re[i]; roots[2 * nroots + 1] = im[i]
        nroots += 1
        step = dist
        while step < 1.0 and n_own[0] < _NBREAK - 2 and n_other[0] < _NBREAK - 2:
            for k in range(2):
                u = p + step if k == 0 else p - step
                if u <= 0.0 or u >= 1.0:
                    continue
                if u <= 0.5:
                    own[n_own[0]] = u; n_own[0] += 1
                else:
                    other[n_other[0]] = (1.0 - p) - step; n_other[0] += 1
            step *= 4.0
    return nroots


cdef inline void _sort(double* a, int n) noexcept nogil:
    cdef int i, j
    cdef double v
    for i in range(1, n):
        v = a[i]
        j = i - 1
        while j >= 0 and a[j] > v:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = v


cdef inline void _dd_half(double m, double MF, double MB, double MB0, bint upper, const double* br,
                          int n, double* K) noexcept nogil:
    """Add to K = (K21, K20, K11) the integrals Int x^j (1-x)^(k+1) / (DN(M) DN(M0)) over the panels
    between the sorted breakpoints br of one half: upper = 0 integrates in x over [0, 1/2], upper = 1
    in y = 1 - x over [0, 1/2]."""
    cdef double m2 = m * m, a1, a2, c0, c1, lo, hi, mid, half, t, u, x, y, dn, dn0, w, q
    cdef int i, k, sgn
    if upper:      # DN = x MF^2 + y (M^2 - m^2) + y^2 m^2
        a1 = (MB - m) * (MB + m); a2 = (MB0 - m) * (MB0 + m); c0 = MF * MF
    else:          # DN = x (MF^2 - m^2) + y M^2 + x^2 m^2
        a1 = MB * MB; a2 = MB0 * MB0; c0 = (MF - m) * (MF + m)
    for i in range(n - 1):
        lo = br[i]; hi = br[i + 1]
        if hi <= lo:
            continue
        mid = 0.5 * (lo + hi); half = 0.5 * (hi - lo)
        for k in range(10):
            for sgn in range(2):
                t = mid + (half * _GL_X[k] if sgn == 0 else -half * _GL_X[k])
                u = 1.0 - t
                if upper:
                    x = u; y = t
                    dn = x * c0 + y * a1 + y * y * m2
                    dn0 = x * c0 + y * a2 + y * y * m2
                else:
                    x = t; y = u
                    dn = x * c0 + y * a1 + x * x * m2
                    dn0 = x * c0 + y * a2 + x * x * m2
                w = half * _GL_W[k] / (dn * dn0)
                q = x * y * y * w
                K[0] += x * q
                K[1] += x * x * y * w
                K[2] += q


cdef inline bint _dd_light(double m, double MB, double MB0, double* K) noexcept nogil:
    """K = (K21, K20, K11), K_jk = (J_jk(M) - J_jk(M0)) / (M^2 - M0^2), for F = l (M_F = m) in
    closed form; False (K untouched) unless r = m^2/M^2 and r0 = m^2/M0^2 are both in
    [1e-280, 1/16] (_moments_light's window; 1e-100 < m, M, M0 < 1e100).

    With M_F = m, DN(x; M) = M^2 (1 - u x)(1 - v x), v = 2r/(1 + sqrt(1 - 4r)), u = 1 - v, r = u v,
    and (_moments_light) J[P](M) = G(v)/m^2 with
        G(v) = f(v) [R(delta) - v S(v) - B(delta) ln v],   f = u v/(1 - 2v),   delta = v/u,
        R = Sum_l p_l R_l(delta) = Sum_i rho_i (-delta)^i,  rho_i = Sum_(l>i) p_l/(l - i),
            R_l = Sum_(i<l) (-delta)^i/(l - i)   (Int_0^1 y^l/(y + delta) dy = R_l - (-delta)^l ln v),
        B = P(1 + delta) = Sum_l p_l (-delta)^l,   S = Sum_l c_l s_l(v),  s_l(w) = Sum_i w^i/(l+i+1)
    (p_l: coefficients of P(1 - y) in y, c_l: of P(x) in x).  Since M^2 = m^2/(u v),
    M^2 - M0^2 = -m^2 (v - v0)(1 - v - v0)/(r r0), so
        K = -G[v, v0] / (M^2 M0^2 (1 - v - v0)),
    G[v, v0] = (G(v) - G(v0))/(v - v0) the divided difference, evaluated without the subtraction by
    divided-difference arithmetic on triples (q(v), q(v0), q[v, v0]): sums componentwise, products
    by (f g)[v, v0] = f(v) g[v, v0] + f[v, v0] g(v0), from the exact elementary ones
        v[,] = 1,  delta[,] = 1/(u u0),  (u v)[,] = 1 - v - v0,  (1/(1 - 2v))[,] = 2/((1 - 2v)(1 - 2v0)),
        (ln v)[,] = log1p(dv/v0)/dv  (1/v0 at dv = 0),  w^i[,] = h_(i-1) = Sum_(a+b=i-1) v^a v0^b,
    with dv = v - v0 = m^2 (M0 - M)(M0 + M)/(M^2 M0^2 (1 - v - v0)) (from r - r0, not from the
    rounded v, v0).  No step subtracts the values at v and v0, so the result has the relative
    accuracy of its terms (the derivative da/dM^2 at M = M0 included).  Checked against mpmath at
    40 digits for M/m in [4, 1e8] and M0/M - 1 from 0 to 3 (tests/loops/test_divdiff.py)."""
    cdef double r, r0, v, v0, w, dv, L, ln0, dl, dla, dlb, fa, fd, s, s0, hb, vb, t
    cdef double sb[4]
    cdef double sd[4]
    cdef double Ba, Bb, Bd, Ab, Ad, Tb, Td, Sb, Sd, Rpb, Rpd
    cdef const _poly3* P[3]
    cdef const double* c
    cdef int i, k, l
    if not (m > 1.0e-100 and MB < 1.0e100 and MB0 < 1.0e100):
        return False
    t = m / MB
    r = t * t
    t = m / MB0
    r0 = t * t
    if not (r <= 0.0625 and r >= 1.0e-280 and r0 <= 0.0625 and r0 >= 1.0e-280):
        return False
    v = 2.0 * r / (1.0 + sqrt(1.0 - 4.0 * r))
    v0 = 2.0 * r0 / (1.0 + sqrt(1.0 - 4.0 * r0))
    w = (1.0 - v) - v0
    dv = m * m * ((MB0 - MB) * (MB0 + MB)) / ((MB * MB) * (MB0 * MB0)) / w
    ln0 = log(v0)
    L = 1.0 / v0 if dv == 0.0 else log1p(dv / v0) / dv
    # f = u v / (1 - 2v): values at v, v0 (fa, f0 = r0/s0) and divided difference fd
    s = 1.0 - 2.0 * v
    s0 = 1.0 - 2.0 * v0
    fa = r / s
    fd = fa * (2.0 / s0) + w / s0
    # delta = v/u
    dla = v / (1.0 - v)
    dlb = v0 / (1.0 - v0)
    dl = 1.0 / ((1.0 - v) * (1.0 - v0))
    # s_l(v0) and s_l[v, v0], l = 0..3: Sum_i v0^i/(l+i+1) and Sum_(i>=1) h_(i-1)/(l+i+1)
    sb[0] = 1.0; sb[1] = 0.5; sb[2] = _RECIP[3]; sb[3] = 0.25
    sd[0] = 0.0; sd[1] = 0.0; sd[2] = 0.0; sd[3] = 0.0
    hb = 1.0
    vb = v0
    i = 1
    # h_(i-1) <= i max(v, v0)^(i-1), max <= 0.0670: below 1e-17 by i = 18 (l + i + 1 < 64)
    while hb >= 1.0e-17 and i < 40:
        sd[0] += hb * _RECIP[i + 1]
        sd[1] += hb * _RECIP[i + 2]
        sd[2] += hb * _RECIP[i + 3]
        sd[3] += hb * _RECIP[i + 4]
        sb[0] += vb * _RECIP[i + 1]
        sb[1] += vb * _RECIP[i + 2]
        sb[2] += vb * _RECIP[i + 3]
        sb[3] += vb * _RECIP[i + 4]
        hb = v * hb + vb
        vb *= v0
        i += 1
    P[0] = &_P21; P[1] = &_P20; P[2] = &_P11
    for k in range(3):
        c = P[k].c
        # R = rho_0 - delta rho_1 + delta^2 rho_2, rho_i = Sum_(l>i) p_l/(l - i) (exact but for the
        # 1/3 of rho_0: small integers p_l), by Horner in -delta: no cancellation for delta <= 0.08
        # (the R_l recurrence would subtract 1 - 2 (1/2 - delta) for P = x^2 (1-x))
        Rpb = c[7]; Rpd = 0.0
        Rpd = -(dla * Rpd + dl * Rpb)
        Rpb = (c[6] + 0.5 * c[7]) - dlb * Rpb
        Rpd = -(dla * Rpd + dl * Rpb)
        Rpb = ((c[5] + 0.5 * c[6]) + _RECIP[3] * c[7]) - dlb * Rpb
        # B = P(1 + delta) by Horner in -delta
        Ba = c[7]; Bb = c[7]; Bd = 0.0
        for l in range(2, -1, -1):
            Bd = -(dla * Bd + dl * Bb)
            Ba = c[4 + l] - dla * Ba
            Bb = c[4 + l] - dlb * Bb
        Sb = c[0] * sb[0] + c[1] * sb[1] + c[2] * sb[2] + c[3] * sb[3]
        Sd = c[0] * sd[0] + c[1] * sd[1] + c[2] * sd[2] + c[3] * sd[3]
        # A = R - v S;  T = A - B ln v;  G = f T
        Ab = Rpb - v0 * Sb
        Ad = Rpd - (v * Sd + Sb)
        Tb = Ab - Bb * ln0
        Td = Ad - (Ba * L + Bd * ln0)
        K[k] = -(fa * Td + fd * Tb) / ((MB * MB) * (MB0 * MB0) * w)
    return True


cdef inline double _dd_combine(double m_l, double M_F, double M_B, double M_B0, double V, double A,
                               const double* K, const double* J0) noexcept nogil:
    """_INV8PI2 [transverse(K) + L(K)/M^2 - L(J0) (M^2 - M0^2)/(M^2 M0^2)] (module docstring), from
    the divided differences K = (K21, K20, K11) and the moments J0 at M0."""
    cdef double tr, dlon, lon0
    tr = _nv_sq(m_l, M_F, M_B, V, A, K, &dlon)
    _nv_sq(m_l, M_F, M_B0, V, A, J0, &lon0)
    if dlon != 0.0:
        dlon = dlon / (M_B * M_B)
    if lon0 != 0.0:
        lon0 = lon0 / (M_B * M_B * M_B0 * M_B0)
    return _INV8PI2 * (tr + dlon - lon0)


cdef inline double dd_neutral_vector(double m_l, double M_F, double M_B, double M_B0, double V,
                                     double A) noexcept nogil:
    """(Da(M_B) - Da(M_B0)) / (M_B^2 - M_B0^2) of a neutral vector at squared couplings V, A
    (module docstring); da/dM_B^2 at M_B = M_B0.  Units GeV^-2."""
    cdef const _poly3* Q[3]
    cdef double J0[3]
    cdef double K[3]
    cdef double xs[_NBREAK]
    cdef double ys[_NBREAK]
    cdef double xroots[8]
    cdef double yroots[8]
    cdef int nx = 2, ny = 2, rx, ry
    Q[0] = &_P21; Q[1] = &_P20; Q[2] = &_P11
    if _moments(m_l, M_F, M_B0, 3, Q, J0) < 0 or not (m_l < M_F + M_B):
        return NAN
    if M_F == m_l and _dd_light(m_l, M_B, M_B0, K):
        return _dd_combine(m_l, M_F, M_B, M_B0, V, A, K, J0)
    xs[0] = 0.0; xs[1] = 0.5; ys[0] = 0.0; ys[1] = 0.5
    rx = _add_root_breaks(m_l, M_F, M_B, xs, &nx, ys, &ny, xroots, 0)
    ry = _add_root_breaks(m_l, M_B, M_F, ys, &ny, xs, &nx, yroots, 0)
    if rx < 0 or ry < 0:
        return NAN
    rx = _add_root_breaks(m_l, M_F, M_B0, xs, &nx, ys, &ny, xroots, rx)
    ry = _add_root_breaks(m_l, M_B0, M_F, ys, &ny, xs, &nx, yroots, ry)
    if rx < 0 or ry < 0:
        return NAN
    _sort(xs, nx); _sort(ys, ny)
    K[0] = 0.0; K[1] = 0.0; K[2] = 0.0
    _dd_half(m_l, M_F, M_B, M_B0, False, xs, nx, K)
    _dd_half(m_l, M_F, M_B, M_B0, True, ys, ny, K)
    K[0] = -K[0]; K[1] = -K[1]; K[2] = -K[2]
    return _dd_combine(m_l, M_F, M_B, M_B0, V, A, K, J0)
