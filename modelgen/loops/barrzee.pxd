# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
"""Two-loop Barr-Zee lepton dipole functions (photon-boson diagrams), closed form in double.

Hand-written, model-independent (arguments are masses in GeV, charges, colour factors and
dimensionless couplings), shared by every generated model module::

    from modelgen.loops.barrzee cimport bz_f, bz_g, da_bz_fermion_scalar

Loop functions (u = x(1-x); Barr & Zee, PRL 65 (1990) 21; Ilisie, arXiv:1502.04199, eqs. (25)-(28);
Cherchiglia, Kneschke, Stoeckinger, Stoeckinger-Kim, arXiv:1607.06292, eqs. (56)-(57))::

    f(z)  = (z/2) Int_0^1 dx (1 - 2u)/(u - z) ln(u/z)       CP-even scalar, fermion loop
    g(z)  = (z/2) Int_0^1 dx       1 /(u - z) ln(u/z)       CP-odd scalar, fermion loop
    F2(w) = -(1/2) Int_0^1 dx      u /(u - w) ln(u/w)       charged-scalar loop (Ilisie F_2)
    F3(w) = (1/2) Int_0^1 dx [x w (3x(4x-1) + 10) - u]/(u - w) ln(u/w)   W loop, Feynman gauge (F_3)

(Ilisie's F_1 = -f, F~_1 = g; Cherchiglia's f_S = -2f, f_PS = 2g.)  Contributions to Delta a_l of a
lepton l (mass m_l) from a neutral boson phi (mass M) exchanged between the lepton line and a photon
attached to a loop, couplings L = -(m_f/v) xi_f^phi fbar f phi (CP-even), +i (m_f/v) xi_f^A fbar g5 f A
(CP-odd), -v lam phi H+ H- and g_phiWW (2 M_W^2/v) phi W+ W- (Ilisie eqs. (19)-(21))::

    fermion f, CP-even:  -(alpha m_l^2 / (4 pi^3 v^2)) N_c Q_f^2 xi_l xi_f f(m_f^2/M^2)
    fermion f, CP-odd:   +(alpha m_l^2 / (4 pi^3 v^2)) N_c Q_f^2 xi_l xi_f g(m_f^2/M^2)
    charged scalar C:    +(alpha m_l^2 / (8 pi^3 M^2)) xi_l lam F2(M_C^2/M^2)          (|Q_C| = 1)
    W loop:              +(alpha m_l^2 / (8 pi^3 v^2)) xi_l g_phiWW F3(M_W^2/M^2)

Numerics (error <= 1e-14 x Int |integrand| vs 30-digit quadrature, 1e-8 <= z <= 1e8)
---------------------------------------------------------------------------------------------
All four reduce to g and elementary logs: f = (1 - 2z) g + z (2 + ln z), F2 = 1 + ln(w)/2 - g,
F3 = (17/2 - 15w) g + (1/2 + 15w/2)(2 + ln w), from the numerator's value at u = z plus
Int_0^1 ln u dx = -2 (F3's numerator symmetrised under x -> 1-x first).  g is evaluated on four
branches of delta = 1 - 4z (y = sqrt(delta), x+- = (1 +- y)/2 the roots of u = z):
  * z >= 4: the convergent series in 1/z, g = (1/2) Sum_k z^-k (m_k ln z - l_k) with the moments
    m_k = Int u^k dx = (k!)^2/(2k+1)!, l_k = Int u^k ln u dx = 2 m_k (psi(k+1) - psi(2k+2)); f, F2
    and F3 use their own series from the same moments (their closed forms cancel as z grows);
  * |delta| <= 1/10: g = z Sum_k (4 ln 2 + 2 H_k) delta^k/(2k+1) (H_k harmonic numbers), from
    d/dy [y g/z] = (4 ln 2 - 2 ln(1 - y^2))/(1 - y^2); the closed forms below are 0/0 at z = 1/4;
  * z < 1/4: g = (z/y) [pi^2/6 + ln^2(x-/x+)/2 - 2 Li2(x-) - ln^2 x+], Li2(x-) from its Bernoulli
    series in -ln(1 - x-) = -ln x+ in [0, ln 2] (no branch);
  * 1/4 < z < 4: g = 2 z Cl2(phi)/w, w = sqrt(4z - 1), phi = 2 atan(1/w), the Clausen function from
    its series about 0 (phi <= 2) or about pi (Cl2(pi - t) = t ln 2 + Sum c_n (1 - 4^n) t^(2n+1)).
Invalid arguments (z negative, NaN or >= 1e300; a non-positive boson mass or v) return NaN.

C+-W-+gamma diagrams with a fermion doublet (u, d) in the loop (Ilisie eq. (22)), couplings
L = -(sqrt2/v) C+ [u (xi_u m_u P_L + xi_d m_d P_R) d + xi_l m_l nu P_R l] + h.c.::

    (alpha m_l^2 N_c V2/(32 pi^3 s_W^2 v^2 (M_C^2 - M_W^2))) xi_l Int_0^1 dx [Q_u x + Q_d (1-x)]
        [xi_d m_d^2 x(1-x) - xi_u m_u^2 x(1+x)] [G(m_u^2/M_C^2, m_d^2/M_C^2, x) - (M_C -> M_W)]

in closed form at each boson mass where it is checked (_doublet_closed: m_u > m_d, lambda(1, a, b)
away from 0, 1e-4 <= m_u/M <= 100, M_C^2/M_W^2 not within 0.2 of 1): partial fractions in the roots
of x(1-x) = N(x) with one real dilogarithm per log term (_doublet_root_R), and for large m_u^2/M^2
(far root beyond 5/2, where the moment recursion cancels like (m_u/M)^8) the expansion in the far
root's inverse.  Elsewhere (near the thresholds M = m_u +- m_d, m_d ~ m_u, M_C ~ M_W, extreme ratios)
by Gauss-Legendre quadrature in s = ln(x/(1-x)) (see _charged_w_integrals; ~220 nodes).  Both are
within 1e-10 relative of Ilisie's integral at 30 digits and of the closed form of Cherchiglia et al.
eqs. (59)-(62) at 50 digits, which is ill-conditioned in double precision as printed.
"""
from libc.math cimport sqrt, log, log1p, atan, atan2, fabs, exp, ceil, fmax, fmin, NAN
from modelgen.loops.memo cimport memo_same

cdef extern from *:
    """
    #ifndef MODELGEN_BARRZEE_CONSTANTS
    #define MODELGEN_BARRZEE_CONSTANTS
    /* Large-argument series Sum_{k<15} z^-k (A_k ln z + C_k), z >= 4 (next term < 1e-18 relative):
       g:  A = m_k/2, C = -l_k/2;   f:  A = (m_k - 2 m_{k+1})/2, C = -(l_k - 2 l_{k+1})/2;
       F2: A = -m_k/2, C = l_k/2 (k >= 1);
       F3: A = (19 m_k - 30 m_{k+1})/4 - [k>=1] m_k/2, C = -(19 l_k - 30 l_{k+1})/4 + [k>=1] l_k/2 */
    static const double MODELGEN_BZ_G_A[15] = {0.5, 0.083333333333333333, 0.016666666666666667, 0.0035714285714285714, 0.00079365079365079365, 0.00018037518037518038, 0.000041625041625041625, 0.0000097125097125097125, 0.0000022852964029434618, 0.00000054125441122345147, 0.00000012887009791034559, 0.000000030816762543778293, 0.0000000073960230105067903, 0.000000001780524058084968, 0.00000000042978166919292332};
    static const double MODELGEN_BZ_G_C[15] = {1.0, 0.13888888888888889, 0.026111111111111111, 0.0054251700680272109, 0.0011835474930713026, 0.00026570851787302004, 0.000060783695898581013, 0.000014090362283835477, 0.0000032985757108808221, 0.00000077807638525994062, 0.00000018464261507184136, 0.000000044031863435978751, 0.000000010542993814599877, 0.0000000025330554224376202, 0.00000000061036859539333461};
    static const double MODELGEN_BZ_F_A[15] = {0.33333333333333333, 0.05, 0.0095238095238095238, 0.0019841269841269841, 0.0004329004329004329, 0.000097125097125097125, 0.0000222000222000222, 0.000005141916906622789, 0.0000012027875804965588, 0.00000028351421540276029, 0.000000067236572822789003, 0.000000016024716522764712, 0.0000000038349748943368542, 0.0000000009209607196991214, 0.00000000022182279700279913};
    static const double MODELGEN_BZ_F_C[15] = {0.72222222222222222, 0.086666666666666667, 0.015260770975056689, 0.0030580750818846057, 0.00065213045732526252, 0.00014414112607585801, 0.000032602971330910059, 0.000007493210862073833, 0.0000017424229403609409, 0.0000004087911551162579, 0.000000096578888199883857, 0.000000022945875806778996, 0.0000000054768829697246372, 0.0000000013123182316509509, 0.00000000031547617584212996};
    static const double MODELGEN_BZ_F3_A[15] = {3.5, 0.45833333333333333, 0.088095238095238095, 0.018452380952380952, 0.0040404040404040404, 0.00090881340881340881, 0.00020812520812520813, 0.00004827688651218063, 0.000011306203256667653, 0.0000026676110267441537, 0.00000063314439408126311, 0.00000015100213646451364, 0.000000036158334718033197, 0.0000000086877294558283785, 0.0000000020934526467139168};
    static const double MODELGEN_BZ_F3_C[15] = {7.4166666666666667, 0.78888888888888889, 0.14056689342403628, 0.028360733182161754, 0.0060745259230107715, 0.0013467669634419551, 0.00030530598088040645, 0.000070289443749389225, 0.000016366747763587879, 0.0000038440100486318749, 0.00000090898427657097029, 0.00000021612593198682122, 0.000000051619616087534656, 0.000000012375442159819752, 0.0000000029764399142093093};
    /* (4 ln 2 + 2 H_k)/(2k + 1), k < 17: g/z about z = 1/4 in delta = 1 - 4z, |delta| <= 1/10 */
    static const double MODELGEN_BZ_THR[17] = {2.7725887222397812, 1.5908629074132604, 1.1545177444479562, 0.91989362698663541, 0.77102837654516088, 0.66720503535513163, 0.59019913247998317, 0.53055353386360446, 0.48284135340906276, 0.44371185421980469, 0.41097739191315663, 0.38314536573889004, 0.35916040314644551, 0.33825393453730709, 0.31985218535739429, 0.30351763576444412, 0.28891050632417478};
    /* B_2n/(2n+1)!, n = 1..12: Li2(1 - e^-u) = u - u^2/4 + Sum u^(2n+1) B_2n/(2n+1)!; li2 (real,
       0 <= u <= ln 2) uses the first 8, _li2_c (complex u, |u| <= 1.26; next term < 1e-19) all 12 */
    static const double MODELGEN_BZ_LI2[12] = {0.027777777777777778, -0.00027777777777777778, 4.7241118669690098e-6, -9.1857730746619636e-8, 1.8978869988970999e-9, -4.0647616451442255e-11, 8.9216910204564526e-13, -1.9939295860721076e-14, 4.5189800296199182e-16, -1.0356517612181247e-17, 2.3952186210261867e-19, -5.5817858743250093e-21};
    /* k = 1..11: the coefficients of -2 Li2(x) - ln^2(1 - x) = Sum x^k (-2/k^2 - Sum_{i+j=k} 1/(i j))
       (and 1/k from MODELGEN_BZ_RECIP for -ln(1 - x) = Sum x^k/k): _bz_g_lz's small-root branch,
       x <= 0.03 (next term < 3e-19 relative) */
    static const double MODELGEN_BZ_LI2U[11] = {-2.0, -1.5, -1.2222222222222223, -1.0416666666666667, -0.9133333333333333, -0.8166666666666667, -0.7408163265306122, -0.6794642857142857, -0.6286596119929453, -0.5857936507936508, -0.5490686081595173};
    /* |B_2n|/(2n (2n+1)!), n = 1..16: Cl2(p) = p - p ln p + Sum c_n p^(2n+1), 0 < p <= 2 */
    static const double MODELGEN_BZ_CL2[16] = {0.013888888888888889, 0.000069444444444444444, 0.0000007873519778281683, 0.000000011482216343327454, 0.00000000018978869988970999, 0.0000000000033873013709535213, 0.000000000000063726364431831804, 0.0000000000000012462059912950672, 0.000000000000000025105444608999546, 0.00000000000000000051782588060906235, 0.000000000000000000010887357368300849, 0.00000000000000000000023257441143020872, 0.0000000000000000000000050351952131473896, 0.00000000000000000000000011026499294381215, 0.0000000000000000000000000024386585509007345, 0.000000000000000000000000000054401426788562523};
    /* c_n (1 - 4^n), n = 1..16: Cl2(pi - t) = t ln 2 + Sum c_n (1 - 4^n) t^(2n+1), 0 <= t < pi - 2 */
    static const double MODELGEN_BZ_CL2PI[16] = {-0.041666666666666667, -0.0010416666666666667, -0.000049603174603174603, -0.0000029279651675485009, -0.00000019415383998717332, -0.00000001387099911405467, -0.0000000010440290284867004, -0.000000000081670109639522231, -0.0000000000065812165661369679, -0.00000000000054297927275964755, -0.000000000000045664875671936355, -0.0000000000000039019509040630692, -0.00000000000000033790622573736396, -0.000000000000000029599033551444005, -0.0000000000000000026184896781186929, -0.00000000000000000023365234885821292};
    /* 14-point Gauss-Legendre rule on [-1, 1], positive half (nodes, weights); the rule is even */
    static const double MODELGEN_BZ_GL_T[7] = {0.10805494870734366, 0.31911236892788976, 0.51524863635815409, 0.68729290481168547, 0.82720131506976499, 0.92843488366357352, 0.98628380869681234};
    static const double MODELGEN_BZ_GL_W[7] = {0.21526385346315779, 0.20519846372129560, 0.18553839747793781, 0.15720316715819353, 0.12151857068790318, 0.080158087159760210, 0.035119460331751863};
    /* 1/m, m < 48 (m = 0 unused): the far-root recursion of _doublet_closed runs to m <= 44;
       _bz_g_lz's small-root series reads m = 1..11 */
    static const double MODELGEN_BZ_RECIP[48] = {0.0, 1.0, 0.5, 0.3333333333333333, 0.25, 0.2, 0.16666666666666666, 0.14285714285714285, 0.125, 0.1111111111111111, 0.1, 0.09090909090909091, 0.08333333333333333, 0.07692307692307693, 0.07142857142857142, 0.06666666666666667, 0.0625, 0.058823529411764705, 0.05555555555555555, 0.05263157894736842, 0.05, 0.047619047619047616, 0.045454545454545456, 0.043478260869565216, 0.041666666666666664, 0.04, 0.038461538461538464, 0.037037037037037035, 0.03571428571428571, 0.034482758620689655, 0.03333333333333333, 0.03225806451612903, 0.03125, 0.030303030303030304, 0.029411764705882353, 0.02857142857142857, 0.027777777777777776, 0.02702702702702703, 0.02631578947368421, 0.02564102564102564, 0.025, 0.024390243902439025, 0.023809523809523808, 0.023255813953488372, 0.022727272727272728, 0.022222222222222223, 0.021739130434782608, 0.02127659574468085};
    /* 1/(k+1)^2, k < 6: Li2(x) = x Sum_k x^k/(k+1)^2 for the lepton doublet's small x <= 1e-3 */
    static const double MODELGEN_BZ_RECIP2[6] = {1.0, 0.25, 0.1111111111111111, 0.0625, 0.04, 0.027777777777777776};
    #define MODELGEN_BZ_PI2_6 1.6449340668482264
    #define MODELGEN_BZ_LN2 0.69314718055994531
    #define MODELGEN_BZ_PI 3.1415926535897932
    /* 1/(4 pi^3) */
    #define MODELGEN_BZ_INV4PI3 0.008062883608299874
    #endif
    """
    const double* _G_A "MODELGEN_BZ_G_A"
    const double* _G_C "MODELGEN_BZ_G_C"
    const double* _F_A "MODELGEN_BZ_F_A"
    const double* _F_C "MODELGEN_BZ_F_C"
    const double* _F3_A "MODELGEN_BZ_F3_A"
    const double* _F3_C "MODELGEN_BZ_F3_C"
    const double* _THR "MODELGEN_BZ_THR"
    const double* _LI2 "MODELGEN_BZ_LI2"
    const double* _LI2U "MODELGEN_BZ_LI2U"
    const double* _CL2 "MODELGEN_BZ_CL2"
    const double* _CL2PI "MODELGEN_BZ_CL2PI"
    const double* _GL_T "MODELGEN_BZ_GL_T"
    const double* _GL_W "MODELGEN_BZ_GL_W"
    const double* _BZ_RECIP "MODELGEN_BZ_RECIP"
    const double* _BZ_RECIP2 "MODELGEN_BZ_RECIP2"
    double _PI2_6 "MODELGEN_BZ_PI2_6"
    double _LN2 "MODELGEN_BZ_LN2"
    double _PI "MODELGEN_BZ_PI"
    double _INV4PI3 "MODELGEN_BZ_INV4PI3"


cdef inline double _horner(const double* c, int n, double t) noexcept nogil:
    """Sum_{k<n} c[k] t^k."""
    cdef double s = c[n - 1]
    cdef int k
    for k in range(n - 2, -1, -1):
        s = s * t + c[k]
    return s


cdef inline double _series_inv(const double* A, const double* C, int n, double z) noexcept nogil:
    """Sum_{k<n} z^-k (A_k ln z + C_k), the large-argument series (z >= 4)."""
    cdef double t = 1.0 / z
    return log(z) * _horner(A, n, t) + _horner(C, n, t)


cdef inline double _li2_small(double u) noexcept nogil:
    """Li2(1 - e^-u) for 0 <= u <= ln 2 (Bernoulli series; relative error < 1e-17)."""
    cdef double u2 = u * u
    return u - 0.25 * u2 + u * u2 * _horner(_LI2, 8, u2)


cdef inline double li2(double x) noexcept nogil:
    """Real dilogarithm Li2(x) = -Int_0^x ln(1-t)/t dt, x <= 1 (NaN above 1), from the Bernoulli
    series B(u) = Li2(1 - e^-u) (_li2_small, |u| <= ln 2) and the standard reductions:
    x < -1: -pi^2/6 - ln^2(-x)/2 - Li2(1/x) (inversion); -1 <= x <= 1/2: B(-ln(1-x));
    1/2 < x <= 1: pi^2/6 - ln x ln(1-x) - B(-ln x) (reflection)."""
    cdef double lx
    if not (x <= 1.0):
        return NAN
    if x < -1.0:
        lx = log(-x)
        return -_PI2_6 - 0.5 * lx * lx - _li2_small(-log1p(-1.0 / x))
    if x <= 0.5:
        return _li2_small(-log1p(-x))
    if x == 1.0:
        return _PI2_6
    return _PI2_6 - log(x) * log1p(-x) - _li2_small(-log(x))


cdef inline void _clog(double x, double y, double* lr, double* li) noexcept nogil:
    """Principal Log(x + iy) = ln|z| + i arg z, arg in (-pi, pi]."""
    lr[0] = 0.5 * log(x * x + y * y)
    li[0] = atan2(y, x)


cdef inline void _li2_c_series(double x, double y, double* re, double* im) noexcept nogil:
    """Li2(w) for complex w = x + iy with |w| <= 1 and Re w <= 1/2: the Bernoulli series
    Li2(w) = u - u^2/4 + Sum_n B_2n/(2n+1)! u^(2n+1), u = -Log(1 - w) (|u| <= 1.26 there:
    |1 - w| in [1/2, 2], |arg(1 - w)| <= pi/3; the series converges for |u| < 2 pi)."""
    cdef double ur, ui, tr, ti, sr, si, q
    cdef int k
    ur = -0.5 * log1p(x * x + y * y - 2.0 * x)  # -ln|1 - w|, no cancellation for small |w|
    ui = -atan2(-y, 1.0 - x)
    tr = ur * ur - ui * ui                       # t = u^2
    ti = 2.0 * ur * ui
    sr = _LI2[11]
    si = 0.0
    for k in range(10, -1, -1):                  # s = Sum_n c_n t^(n-1), Horner in t
        q = sr * tr - si * ti + _LI2[k]
        si = sr * ti + si * tr
        sr = q
    q = sr * tr - si * ti                        # s t
    si = sr * ti + si * tr
    sr = q
    # u - u^2/4 + u s t
    re[0] = ur - 0.25 * tr + (ur * sr - ui * si)
    im[0] = ui - 0.25 * ti + (ur * si + ui * sr)


cdef inline void _li2_c(double x, double y, double* re, double* im) noexcept nogil:
    """Complex dilogarithm Li2(z), z = x + iy, principal branch (cut on real z > 1; for z off the
    real axis, as _doublet_closed calls it).  Reductions to _li2_c_series (|w| <= 1, Re w <= 1/2):
      |z| > 1:   Li2(z) = -Li2(1/z) - pi^2/6 - Log^2(-z)/2        (inversion)
      Re > 1/2:  Li2(z) = -Li2(1 - z) + pi^2/6 - Log(z) Log(1 - z)  (reflection; |1 - z| < 1 then)
    (e.g. Lewin, Polylogarithms and associated functions (1981), eqs. (1.7), (1.11))."""
    cdef double r2 = x * x + y * y, sgn = 1.0, cr = 0.0, ci = 0.0, lr, li, mr, mi, wr, wi
    if r2 > 1.0:
        _clog(-x, -y, &lr, &li)
        cr = -_PI2_6 - 0.5 * (lr * lr - li * li)
        ci = -lr * li
        sgn = -1.0
        x = x / r2
        y = -y / r2
    if x > 0.5:
        _clog(x, y, &lr, &li)
        _clog(1.0 - x, -y, &mr, &mi)
        _li2_c_series(1.0 - x, -y, &wr, &wi)
        wr = -wr + _PI2_6 - (lr * mr - li * mi)
        wi = -wi - (lr * mi + li * mr)
    else:
        _li2_c_series(x, y, &wr, &wi)
    re[0] = sgn * wr + cr
    im[0] = sgn * wi + ci


cdef inline double _lepton_doublet_F(double x) noexcept nogil:
    """F_l(x) - 3/4, F_l of Cherchiglia et al. arXiv:1607.06292 eq. (60),
    F_l(x) = x + x(x-1)(Li2(1 - 1/x) - pi^2/6) + (x - 1/2) ln x, x = m^2/M^2 > 0.  For x >= 4 its
    expansion in 1/x (the x ln x and x terms cancel analytically; from Li2(1-t) = pi^2/6 -
    ln t ln(1-t) - Li2(t), t = 1/x): F_l - 3/4 = Sum_{j>=1} x^-j [ln x/((j+1)(j+2))
    + (2j+3)/((j+1)^2 (j+2)^2)], 40 terms (next < 4^-40); below 4 the closed form (cancellation
    < 200 eps there).  For x <= 1e-3 (a tau at a charged scalar above 56 GeV) the dilogarithm of the
    large negative argument by inversion and Landen's identity,
        Li2(1 - 1/x) - pi^2/6 = Li2(x) + ln x ln(1 - x) - ln^2(x)/2 - pi^2/3,
    with ln(1 - x) = -x Sum_{k<6} x^k/(k+1) and Li2(x) = x Sum_{k<6} x^k/(k+1)^2 (first omitted terms
    below 1.5e-22, 2e-19 of the sums): one log, ln x, instead of three (ln x, and li2's log and
    log1p).  No cancellation: the bracket is below -pi^2/3 and F_l ~ -ln(x)/2."""
    cdef double L, t, s, a, l1
    cdef int j
    if x <= 1.0e-3:
        L = log(x)
        l1 = -x * _horner(&_BZ_RECIP[1], 6, x)
        return (x + x * (x - 1.0) * (x * _horner(_BZ_RECIP2, 6, x) + L * l1 - 0.5 * L * L - 2.0 * _PI2_6)
                + (x - 0.5) * L - 0.75)
    if x >= 4.0:
        L = log(x)
        t = 1.0 / x
        s = 0.0
        for j in range(40, 0, -1):
            a = 1.0 / ((j + 1.0) * (j + 2.0))
            s = s * t + (L * a + (2.0 * j + 3.0) * a * a)
        return s * t
    return x + x * (x - 1.0) * (li2((x - 1.0) / x) - _PI2_6) + (x - 0.5) * log(x) - 0.75


cdef inline double _clausen2(double w) noexcept nogil:
    """Cl2(phi) at phi = 2 atan(1/w) in (0, pi), w > 0 (phi and t = pi - phi = 2 atan(w) are
    both formed from w, so neither loses digits)."""
    cdef double p, t
    if w >= 0.6420926159343306:      # 1/tan(1): phi <= 2
        p = 2.0 * atan(1.0 / w)
        return p - p * log(p) + p * p * p * _horner(_CL2, 16, p * p)
    t = 2.0 * atan(w)
    return t * _LN2 + t * t * t * _horner(_CL2PI, 16, t * t)


cdef inline double _small_root_series(double xm, double* u) noexcept nogil:
    """The small-root series of g (x- <= 0.03): u = -ln(1 - x-) and the return value -2 Li2(x-) - u^2,
    both as x- times a Horner sum, 11 terms, or 6 for x- <= 1e-3, where the first omitted terms are
    below 1.5e-19 of u and 5e-22 of the bracket (under the rounding of the 11-term sums)."""
    if xm <= 1.0e-3:
        u[0] = xm * _horner(&_BZ_RECIP[1], 6, xm)
        return xm * _horner(_LI2U, 6, xm)
    u[0] = xm * _horner(&_BZ_RECIP[1], 11, xm)
    return xm * _horner(_LI2U, 11, xm)


cdef inline double _bz_g_lz(double z, double* lz) noexcept nogil:
    """g(z) for 0 < z < 4 (the callers' domain checks done) and, unless lz is NULL, lz = ln z, which
    f, F2 and F3 add to it: on the branch z < (1 - 1/10)/4 from the logs g takes anyway,
    ln z = ln x- + ln x+ = ln(x-/x+) + 2 ln x+ = lr - 2u (both terms negative, so no cancellation:
    within a few ulps of log(z)); on the other branches log(z).  For x- <= 0.03 (z < ~0.029) u and
    Li2(x-) come from their Taylor series in x- and the only log is ln x-.  Inline with a constant NULL (bz_g)
    the lz code is dropped."""
    cdef double delta, y, xp, xm, u, lr, w, t
    delta = 1.0 - 4.0 * z
    if fabs(delta) <= 0.1:
        if lz != NULL:
            lz[0] = log(z)
        return z * _horner(_THR, 17, delta)
    if delta > 0.0:
        y = sqrt(delta)
        xp = 0.5 * (1.0 + y)
        xm = z / xp
        if xm <= 0.03:
            # small root (light fermion at a heavy boson): u = -ln(1 - x-) = -ln x+ and the bracket's
            # -2 Li2(x-) - u^2 by their Taylor series in x- (11 terms, exact to rounding), so one log:
            # ln(x-/x+) = ln x- + u, ln z = ln x- - u (no cancellation: ln x- < -3.5, 0 < u < 0.031).
            # For x- <= 1e-3 (a tau or b at a boson above ~130 GeV) 6 terms of each series: the first
            # omitted ones, x-^7/7 of u and 0.74 x-^7 of the bracket, are below 1.5e-19 of u and
            # 5e-22 of the bracket (>= pi^2/6), under the rounding of the 11-term sums
            t = _small_root_series(xm, &u)
            w = log(xm)
            lr = w + u
            if lz != NULL:
                lz[0] = w - u
            return (z / y) * (_PI2_6 + 0.5 * lr * lr + t)
        u = -log1p(-xm)
        lr = log(xm / xp)
        if lz != NULL:
            lz[0] = lr - 2.0 * u
        return (z / y) * (_PI2_6 + 0.5 * lr * lr - 2.0 * _li2_small(u) - u * u)
    if lz != NULL:
        lz[0] = log(z)
    w = sqrt(-delta)
    return 2.0 * z * _clausen2(w) / w


cdef inline double bz_g(double z) noexcept nogil:
    """g(z) = (z/2) Int_0^1 dx ln(u/z)/(u - z), u = x(1-x) (CP-odd Barr-Zee function; z >= 0)."""
    if not (z >= 0.0 and z < 1.0e300):
        return NAN
    if z == 0.0:
        return 0.0
    if z >= 4.0:
        return _series_inv(_G_A, _G_C, 15, z)
    return _bz_g_lz(z, NULL)


cdef inline double bz_f(double z) noexcept nogil:
    """f(z) = (z/2) Int_0^1 dx (1 - 2u) ln(u/z)/(u - z), u = x(1-x) (CP-even Barr-Zee function)."""
    cdef double g, lz
    if not (z >= 0.0 and z < 1.0e300):
        return NAN
    if z == 0.0:
        return 0.0
    if z >= 4.0:
        return _series_inv(_F_A, _F_C, 15, z)
    g = _bz_g_lz(z, &lz)
    return (1.0 - 2.0 * z) * g + z * (2.0 + lz)


cdef inline double bz_F2(double w) noexcept nogil:
    """F2(w) = -(1/2) Int_0^1 dx u ln(u/w)/(u - w) (Ilisie 1502.04199 eq. (27); charged-scalar
    loop; F2(0) = -inf is returned as NaN)."""
    cdef double g, lw
    if not (w > 0.0 and w < 1.0e300):
        return NAN
    if w >= 4.0:
        # F2 = -(g without its k = 0 term) = -(1/w) Sum_{k<14} w^-k (A_{k+1} ln w + C_{k+1})
        return -_series_inv(_G_A + 1, _G_C + 1, 14, w) / w
    g = _bz_g_lz(w, &lw)
    return 1.0 + 0.5 * lw - g


cdef inline double bz_F3(double w) noexcept nogil:
    """F3(w) = (1/2) Int_0^1 dx [x w (3x(4x-1) + 10) - u] ln(u/w)/(u - w) (Ilisie 1502.04199
    eq. (28); W loop of the photon-phi diagram; F3(0) = -inf is returned as NaN)."""
    cdef double g, lw
    if not (w > 0.0 and w < 1.0e300):
        return NAN
    if w >= 4.0:
        return _series_inv(_F3_A, _F3_C, 15, w)
    g = _bz_g_lz(w, &lw)
    return (8.5 - 15.0 * w) * g + (0.5 + 7.5 * w) * (2.0 + lw)


cdef inline double _bz_g_known(double z, double lzk) noexcept nogil:
    """g(z) on the real-root branch z < (1 - 1/10)/4 of _bz_g_lz, with ln z = lzk supplied by the caller
    (bz_f_l, bz_g_l: a sum of the logs of the masses, shared by the calls at the same boson mass): the
    small-root branch takes ln(x-/x+) = ln z + 2u (x- = z/x+, u = -ln x+) instead of log(x-) + u, the
    middle branch the same sum instead of log(x-/x+).  There |ln z| > 1.49 and ln z + 2u does not
    cancel by more than x2.3, so the few ulps of the masses' logs in lzk stay ~1e-15 of the result."""
    cdef double y, xp, xm, u, lr, t
    y = sqrt(1.0 - 4.0 * z)
    xp = 0.5 * (1.0 + y)
    xm = z / xp
    if xm <= 0.03:
        t = _small_root_series(xm, &u)
        lr = lzk + 2.0 * u
        return (z / y) * (_PI2_6 + 0.5 * lr * lr + t)
    u = -log1p(-xm)
    lr = lzk + 2.0 * u
    return (z / y) * (_PI2_6 + 0.5 * lr * lr - 2.0 * _li2_small(u) - u * u)


cdef inline double ln_abs(double x) noexcept nogil:
    """ln|x|: the logs of masses the generated kernels pass to bz_f_l, bz_g_l (memoised per call site,
    so the log of a fixed mass is taken once per evaluate call)."""
    return log(fabs(x))


cdef inline double bz_f_l(double z, double lz) noexcept nogil:
    """bz_f(z) with lz = ln z supplied, used on g's real-root branch z < 0.225 (_bz_g_known), where
    |ln z| > 1.49 keeps the relative error of a sum of mass logs at a few ulps; elsewhere (threshold,
    complex roots, z >= 4: |ln z| may be small, and a sum of logs of O(5) would carry their absolute
    error) bz_f itself, bit-identical."""
    if z > 0.0 and 1.0 - 4.0 * z > 0.1:
        return (1.0 - 2.0 * z) * _bz_g_known(z, lz) + z * (2.0 + lz)
    return bz_f(z)


cdef inline double bz_g_l(double z, double lz) noexcept nogil:
    """bz_g(z) with lz = ln z supplied (as bz_f_l: only on the branch z < 0.225)."""
    if z > 0.0 and 1.0 - 4.0 * z > 0.1:
        return _bz_g_known(z, lz)
    return bz_g(z)


cdef inline double bz_F3_l(double w, double lw) noexcept nogil:
    """bz_F3(w) with lw = ln w supplied (the W loop at w = M_W^2/M^2: ln_abs(M_W^2) - 2 ln_abs(M), the
    first memoised at fixed SM inputs, the second shared with the fermion loops at M), as bz_f_l only
    on g's real-root branch w < 0.225, where |ln w| > 1.49; elsewhere bz_F3, bit-identical.  The
    supplied log's absolute error (a few ulps of |ln M|) enters F3 as (0.5 + 7.5 w) dlw, of the size of
    F3's own rounding where its terms cancel (its zero near w = 0.02, test_barrzee)."""
    if w > 0.0 and 1.0 - 4.0 * w > 0.1:
        return (8.5 - 15.0 * w) * _bz_g_known(w, lw) + (0.5 + 7.5 * w) * (2.0 + lw)
    return bz_F3(w)


cdef inline double _fermion_prefactor(double alpha, double v, double m_l, double M, double m_f,
                                      double Q_f, double N_c, double xi_l,
                                      double xi_f) noexcept nogil:
    """(alpha m_l^2/(4 pi^3 v^2)) N_c Q_f^2 xi_l xi_f, NaN for M <= 0, m_f < 0 or v <= 0."""
    if not (M > 0.0 and m_f >= 0.0 and v > 0.0):
        return NAN
    return alpha * _INV4PI3 * (m_l / v) * (m_l / v) * N_c * Q_f * Q_f * xi_l * xi_f


cdef inline double da_bz_fermion_scalar(double alpha, double v, double m_l, double M, double m_f,
                                        double Q_f, double N_c, double xi_l,
                                        double xi_f) noexcept nogil:
    """Delta a_l, photon-(CP-even phi) Barr-Zee with fermion f in the loop:
    -(alpha m_l^2/(4 pi^3 v^2)) N_c Q_f^2 xi_l xi_f f(m_f^2/M^2) (Ilisie eq. (19))."""
    cdef double r = m_f / M
    return -_fermion_prefactor(alpha, v, m_l, M, m_f, Q_f, N_c, xi_l, xi_f) * bz_f(r * r)


cdef inline double da_bz_fermion_pseudoscalar(double alpha, double v, double m_l, double M,
                                              double m_f, double Q_f, double N_c, double xi_l,
                                              double xi_f) noexcept nogil:
    """Delta a_l, photon-(CP-odd A) Barr-Zee with fermion f in the loop:
    +(alpha m_l^2/(4 pi^3 v^2)) N_c Q_f^2 xi_l xi_f g(m_f^2/M^2) (Ilisie eq. (19))."""
    cdef double r = m_f / M
    return _fermion_prefactor(alpha, v, m_l, M, m_f, Q_f, N_c, xi_l, xi_f) * bz_g(r * r)


cdef inline double da_bz_charged_scalar(double alpha, double m_l, double M, double M_C,
                                        double xi_l, double lam) noexcept nogil:
    """Delta a_l, photon-phi Barr-Zee with a unit-charge scalar C in the loop, L = -v lam phi C+ C-:
    +(alpha m_l^2/(8 pi^3 M^2)) xi_l lam F2(M_C^2/M^2) (Ilisie eq. (20))."""
    if not (M > 0.0):
        return NAN
    cdef double r = M_C / M
    return 0.5 * alpha * _INV4PI3 * (m_l / M) * (m_l / M) * xi_l * lam * bz_F2(r * r)


cdef inline double da_bz_w(double alpha, double v, double m_l, double M, double M_W, double xi_l,
                           double g_phiWW) noexcept nogil:
    """Delta a_l, photon-phi Barr-Zee with the W in the loop (Feynman gauge), phi W W coupling
    g_phiWW times the SM one: +(alpha m_l^2/(8 pi^3 v^2)) xi_l g_phiWW F3(M_W^2/M^2)
    (Ilisie eq. (21))."""
    cdef double r = M_W / M
    if not (M > 0.0 and v > 0.0):
        return NAN
    return 0.5 * alpha * _INV4PI3 * (m_l / v) * (m_l / v) * xi_l * g_phiWW * bz_F3(r * r)


cdef inline double _ln_ratio_diff(double N, double r, double lnr) noexcept nogil:
    """L(N) - L(r N), L(N) = ln N/(N - 1) (L(1) = 1, L(inf) = 0), N > 0, lnr = ln r: Ilisie's
    1502.04199 eq. (29) G(w_a, w_b, x) = -L(N)/(x(1-x)) with N = w_a/(1-x) + w_b/x.  Away from
    N ~ 1 and r N ~ 1 (the common case): one log and one division, ln(rN) = ln r + ln N and
    L(N) - L(rN) = (ln N (rN - 1) - ln(rN) (N - 1))/((N - 1)(rN - 1)); log1p within 1/2 of 1."""
    cdef double d = N - 1.0, dr = r * N - 1.0, lnN, Lr
    if d > 1.0e300:
        return 0.0
    if fabs(d) >= 0.5 and fabs(dr) >= 0.5:
        lnN = log(N)
        return (lnN * dr - (lnr + lnN) * d) / (d * dr)
    if fabs(d) < 0.5:
        lnN = log1p(d)
    else:
        lnN = log(N)
    if dr == 0.0:
        Lr = 1.0
    elif fabs(dr) < 0.5:
        Lr = log1p(dr) / dr
    else:
        Lr = (lnr + lnN) / dr
    return (lnN / d if d != 0.0 else 1.0) - Lr


cdef inline double _hw_lo(double wa, double wb) noexcept nogil:
    """Lower end in s = ln(x/(1-x)): the integrand falls like e^s below 0 and like e^2s below
    ln(wb/max(1, wa)) (where N ~ wb e^-s >> 1); cut where it is e^-32 of its peak."""
    return fmax(fmin(log(wb / fmax(1.0, wa)), 0.0) - 16.0, -32.0)


cdef inline double _hw_hi(double wa, double wb, bint with_u) noexcept nogil:
    """Upper end: the x(1-x) piece mirrors _hw_lo; the x(1+x) piece (no e^-s from the weight)
    is flat up to ln(max(1, wa + wb)/wa), then falls like e^-s."""
    cdef double hi = fmin(fmax(log(fmax(1.0, wb) / wa), 0.0) + 16.0, 32.0)
    if with_u:
        hi = fmax(hi, fmax(log(fmax(1.0, wa + wb) / wa), 0.0) + 32.0)
    return hi


cdef inline void _charged_w_integrals(double wa, double wb, double r, double Q_u, double Q_d,
                                      bint with_u, double* I_d, double* I_u) noexcept nogil:
    """I_d = Int_0^1 dx Q(x) x(1-x) [G(wa, wb, x) - G(r wa, r wb, x)] and I_u, the same with
    x(1+x), Q(x) = Q_u x + Q_d (1-x) (Ilisie 1502.04199 eqs. (22), (29)).  In s = ln(x/(1-x)),
    G dx = -L(N) ds with N = wa (1 + e^s) + wb (1 + e^-s), so I = -Int ds Q p [L(N) - L(r N)]: an
    integrand analytic for |Im s| < pi that decays exponentially, integrated by the 14-point
    Gauss-Legendre rule on equal panels of width <= 4 over [lo, hi] (error < 1e-11 relative)."""
    cdef double lo = fmin(_hw_lo(wa, wb), _hw_lo(r * wa, r * wb))
    cdef double hi = fmax(_hw_hi(wa, wb, with_u), _hw_hi(r * wa, r * wb, with_u))
    cdef int npan = <int>ceil((hi - lo) / 4.0)
    cdef double h = (hi - lo) / npan
    cdef double ep[7]
    cdef double em[7]
    cdef double e_c = exp(-(lo + 0.5 * h)), step = exp(-h)
    cdef double p_c = 1.0 / e_c, pstep = 1.0 / step, wab = wa + wb
    cdef double sd = 0.0, su = 0.0, lnr = log(r), E, P, x, omx, N, dL, q, wq
    cdef int k, j, sgn
    for j in range(7):
        ep[j] = exp(0.5 * h * _GL_T[j])
        em[j] = 1.0 / ep[j]
    for k in range(npan):
        for j in range(7):
            for sgn in range(2):
                E = e_c * (em[j] if sgn == 0 else ep[j])      # e^-s at s = c_k +- h t_j/2
                P = p_c * (ep[j] if sgn == 0 else em[j])      # e^s at the same node
                x = 1.0 / (1.0 + E)
                omx = E * x
                N = wab + wa * P + wb * E                     # wa/(1-x) + wb/x
                dL = _ln_ratio_diff(N, r, lnr)
                q = Q_u * x + Q_d * omx
                wq = _GL_W[j] * q * dL
                sd += wq * x * omx
                su += wq * x * (1.0 + x)
        e_c *= step
        p_c *= pstep
    I_d[0] = -0.5 * h * sd
    I_u[0] = -0.5 * h * su


cdef inline double _re_li2(double y) noexcept nogil:
    """Re Li2(y) for real y (Li2 itself for y <= 1; for y > 1 the reflection
    Re Li2(y) = pi^2/6 - ln y ln(y - 1) - Li2(1 - y))."""
    if y <= 1.0:
        return li2(y)
    return _PI2_6 - log(y) * log(y - 1.0) - li2(1.0 - y)


cdef inline double _li2_logs(double x, double lx, double l1x) noexcept nogil:
    """Re Li2(x) for real x (not 0 or 1) from lx = ln|x| and l1x = ln|1 - x| supplied by the caller
    (_doublet_root_R has them from the root relations, no log here): the reductions of li2 and
    _re_li2 with B = _li2_small (|u| <= ln 2 on every branch):
      x > 1:         pi^2/6 - ln x ln(x-1) - Li2(1-x), Li2(1-x) = B(-ln x) (x <= 2)
                     or -pi^2/6 - ln^2(x-1)/2 - B(ln((x-1)/x)) (x > 2);
      1/2 < x < 1:   pi^2/6 - ln x ln(1-x) - B(-ln x);
      -1 <= x <= 1/2: B(-ln(1-x));
      x < -1:        -pi^2/6 - ln^2(-x)/2 - B(ln(-x/(1-x)))."""
    if x > 1.0:
        if x <= 2.0:
            return _PI2_6 - lx * l1x - _li2_small(-lx)
        return 2.0 * _PI2_6 - lx * l1x + 0.5 * l1x * l1x + _li2_small(l1x - lx)
    if x > 0.5:
        return _PI2_6 - lx * l1x - _li2_small(-lx)
    if x >= -1.0:
        return _li2_small(-l1x)
    return -_PI2_6 - 0.5 * lx * lx - _li2_small(lx - l1x)


cdef inline double _doublet_root_R(double c, double omc, double a, double b, double la, double lb,
                                   double ld, double lc, double lo) noexcept nogil:
    """R(c) = PV Int_0^1 dx ln(N/u)/(x - c), N = a x + b (1-x), u = x(1-x), at a real root c of
    u = N (omc = 1 - c computed independently; c < 0 or 0 < c < 1; la, lb, ld = ln a, ln b,
    ln(a - b), a > b > 0).  The integrand is regular at c (ln(N/u) vanishes there), so the
    principal values of its three log terms add up to it:
        PV Int ln x/(x - c) dx = Re Li2(1/c),   PV Int ln(1-x)/(x - c) dx = -Re Li2(1/(1-c)),
        PV Int ln N/(x - c) dx = ln(a-b) ln|(1-c)/c| + [ln t ln|1 - t/k| + Re Li2(t/k)]_{t=beta}^{1+beta}
    (N = (a-b)(x + beta), beta = b/(a-b), k = c + beta = w/(a-b), w = c(1-c) = N(c)); at a root
    1 - beta/k = (a-b)/(1-c) and 1 - (1+beta)/k = -(a-b)/c exactly, which collects the logs to
        R(c) = ln(a/b) ln(a-b) - ln a ln|c| + ln b ln|1-c| + Re Li2(a/w) - Re Li2(b/w)
               - [Re Li2(1/c) - Re Li2(1/(1-c))],
    the bracket from one dilogarithm: for c < 0 (Landen) 2 Li2(1/c) + ln^2((1-c)/(-c))/2; for
    0 < c < 1 (reflection and inversion, t = c/(1-c)) ln^2(1-c) - ln^2 c + 2 Li2(-t) + pi^2/6
    + ln^2(t)/2.  lc = ln|c| and lo = ln|1 - c| are passed in (_doublet_closed takes the second
    root's from the first's: x1 x2 = b, (1 - x1)(1 - x2) = a).
    No log is taken here: at a root a - w = (a-b)(1-c) and w - b = (a-b) c, so a/w = 1 + (a-b)/c and
    b/w = 1 - (a-b)/(1-c), and every log the dilogarithms' reductions need (_li2_logs) is a sum of
    la, lb, ld, lc, lo: ln|a/w| = la - lc - lo, ln|1 - a/w| = ld - lc, ln|b/w| = lb - lc - lo,
    ln|1 - b/w| = ld - lo; ln|1/c| = -lc, ln|1 - 1/c| = lo - lc; ln|c/(1-c)| = lc - lo,
    ln(1 + c/(1-c)) = -lo."""
    cdef double w = c * omc, lt, ab, lw = lc + lo
    if c < 0.0:
        lt = lo - lc
        ab = 2.0 * _li2_logs(1.0 / c, -lc, lt) + 0.5 * lt * lt
    else:
        lt = lc - lo
        ab = lo * lo - lc * lc + 2.0 * _li2_logs(-c / omc, lt, -lo) + _PI2_6 + 0.5 * lt * lt
    return ((la - lb) * ld - la * lc + lb * lo + _li2_logs(a / w, la - lw, ld - lc)
            - _li2_logs(b / w, lb - lw, ld - lo) - ab)


cdef inline void _cdiv(double p, double x, double y, double* qr, double* qi) noexcept nogil:
    """p / (x + iy) for real p."""
    cdef double t = p / (x * x + y * y)
    qr[0] = t * x
    qi[0] = -t * y


cdef inline void _doublet_root_Rc(double cr, double ci, double a, double b, double la, double lb,
                                  double ld, double* Rr, double* Ri) noexcept nogil:
    """R(c) = Int_0^1 dx ln(N/u)/(x - c) (N = a x + b (1-x), u = x(1-x), a > b > 0) at a complex
    root c = cr + i ci (ci != 0) of u = N, which lies off [0, 1], so no principal value is needed:
    with the principal Log and Li2 (antiderivatives continuous along x in [0, 1]: x/c, t/k and
    x/(1-c) never reach the real half-line [1, inf))
        Int ln x/(x - c) dx = Li2(1/c),   Int ln(1-x)/(x - c) dx = -Li2(1/(1-c)),
        Int ln N/(x - c) dx = ln(a-b) Log(1 - 1/c) + [ln t Log(1 - t/k) + Li2(t/k)]_{t=beta}^{1+beta}
    (N = (a-b)(x + beta), beta = b/(a-b), k = c + beta, (a-b) k = N(c) = w), and (1+beta)/k = a/w,
    beta/k = b/w:
        R(c) = ln(a-b) Log(1 - 1/c) + ln(a/(a-b)) Log(1 - a/w) - ln(b/(a-b)) Log(1 - b/w)
               + Li2(a/w) - Li2(b/w) - Li2(1/c) + Li2(1/(1-c)).
    The same decomposition as _doublet_root_R's real-root form (there with principal values);
    checked against 30-digit quadrature of the integrals it feeds (tests/loops/test_barrzee_charged.py)."""
    cdef double wr = b + (a - b) * cr, wi = (a - b) * ci, zr, zi, lr, li, fr, fi, tr, ti
    # ln(a-b) Log(1 - 1/c)
    _cdiv(1.0, cr, ci, &zr, &zi)
    _clog(1.0 - zr, -zi, &lr, &li)
    Rr[0] = ld * lr
    Ri[0] = ld * li
    # - Li2(1/c)
    _li2_c(zr, zi, &tr, &ti)
    Rr[0] -= tr
    Ri[0] -= ti
    # + Li2(1/(1-c))
    _cdiv(1.0, 1.0 - cr, -ci, &zr, &zi)
    _li2_c(zr, zi, &tr, &ti)
    Rr[0] += tr
    Ri[0] += ti
    # ln(a/(a-b)) Log(1 - a/w) + Li2(a/w)
    _cdiv(a, wr, wi, &zr, &zi)
    _clog(1.0 - zr, -zi, &lr, &li)
    _li2_c(zr, zi, &tr, &ti)
    fr = la - ld
    Rr[0] += fr * lr + tr
    Ri[0] += fr * li + ti
    # - ln(b/(a-b)) Log(1 - b/w) - Li2(b/w)
    _cdiv(b, wr, wi, &zr, &zi)
    _clog(1.0 - zr, -zi, &lr, &li)
    _li2_c(zr, zi, &tr, &ti)
    fi = lb - ld
    Rr[0] -= fi * lr + tr
    Ri[0] -= fi * li + ti


cdef inline void _doublet_K23(double K0, double K1, double s, double b, double la, double beta,
                              double lab, double* K2, double* K3) noexcept nogil:
    """K_2, K_3 of _doublet_closed from K_0, K_1 by x^2 = -D + s x - b: K_{k+2} = -E_k + s K_{k+1}
    - b K_k, with E_0 = ln a + 1 + beta ln(a/b), E_1 = ln a/2 + 3/4 + beta/2 - beta^2 ln(a/b)/2."""
    cdef double E0 = la + 1.0 + beta * lab
    cdef double E1 = 0.5 * la + 0.75 + 0.5 * beta - 0.5 * beta * beta * lab
    K2[0] = -E0 + s * K1 - b * K0
    K3[0] = -E1 + s * K2[0] - b * K1


cdef inline void _doublet_I(double K1, double K2, double K3, double Q_u, double Q_d, double* I_d,
                            double* I_u) noexcept nogil:
    """I_d, I_u of _doublet_closed from the moments K_1..K_3: Q(x) x(1-x) = Q_d x + (Q_u - 2 Q_d) x^2
    + (Q_d - Q_u) x^3;  Q(x) x(1+x) = Q_d x + Q_u x^2 + (Q_u - Q_d) x^3."""
    I_d[0] = Q_d * K1 + (Q_u - 2.0 * Q_d) * K2 + (Q_d - Q_u) * K3
    I_u[0] = Q_d * K1 + Q_u * K2 + (Q_u - Q_d) * K3


cdef inline bint _doublet_closed(double ru, double rd, double Q_u, double Q_d, double* I_d,
                                 double* I_u) noexcept nogil:
    """_doublet_closed_k without the mass-independent logs supplied or returned."""
    return _doublet_closed_k(ru, rd, Q_u, Q_d, I_d, I_u, NULL, NULL)


cdef inline bint _doublet_closed_k(double ru, double rd, double Q_u, double Q_d, double* I_d,
                                   double* I_u, const double* kin, double* kout) noexcept nogil:
    """I_d = Int_0^1 dx Q(x) x(1-x) G(a, b, x), I_u the same with x(1+x) (Q(x) = Q_u x + Q_d (1-x),
    G of Ilisie 1502.04199 eq. (29), a = ru^2, b = rd^2: ru = m_u/M, rd = m_d/M for one boson
    mass M) without quadrature; False (nothing written) outside the domain where it is checked
    to 1e-11 relative against 30-digit references (tests/loops/test_barrzee_charged.py):
    1e-4 <= ru <= 100, 1e-8 ru <= rd <= 0.7 ru, |Kallen lambda(1, a, b)| >= 1e-4 (not within ~1e-4
    of the thresholds M = m_u +- m_d; between them, lambda < 0, the roots are complex conjugates:
    _doublet_root_Rc).

    With D(x) = u - N = -(x - x1)(x - x2) (x1 + x2 = s = 1 - a + b, x1 x2 = b) and the moments
    K_k = Int x^k G dx, E_j = Int x^j ln(N/u) dx (elementary: E_0 = ln a + 1 + beta ln(a/b),
    E_1 = ln a/2 + 3/4 + beta/2 - beta^2 ln(a/b)/2, beta = b/(a - b)):
      * roots in (0, 1), or negative with the far one |x2| < 5/2: partial fractions
        K_0 = -(R(x1) - R(x2))/(x1 - x2), K_1 = -(x1 R(x1) - x2 R(x2))/(x1 - x2) and
        x^2 = -D + s x - b: K_{k+2} = -E_k + s K_{k+1} - b K_k;
      * negative roots with |x2| >= 5/2 (large a = m_u^2/M^2, where that recursion cancels like
        a^4): 1/(x - x2) = -Sum_n x^n/x2^(n+1), K_k = Sum_{m>=k} T_m x2^(k-1-m) with
        T_m = Int x^m ln(N/u)/(x - x1) dx = E_{m-1} + x1 T_{m-1}, T_0 = R(x1) (|x1| < 1: stable),
        E_j = (ln a - P_{j+1} + 1/(j+1) + H_{j+1})/(j+1), P_m = Int x^m/(x + beta) dx
        = 1/m - beta P_{m-1}, P_0 = ln(a/b) (stable for beta <= 1), terms to |x2|^-n < 1e-16.5.
    Two of the three logs ln a, ln b, ln(a - b) depend on the boson mass only through ln a:
    ln(a/b) = ln(m_u^2/m_d^2) and ln((a - b)/a) = ln(1 - m_d^2/m_u^2) are the same at every M.  kout
    (if not NULL) receives them from this call's logs, (ln a - ln b, ln(a - b) - ln a); kin (if not
    NULL) supplies them from a call at another M of the same doublet (bz_charged_w_aux: the M_W
    half), and then lb = ln a - kin[0], ld = ln a + kin[1]: one log instead of three.  Within
    rounding of the three logs: lb and ld are sums of two logs with absolute errors of a few ulps of
    ln a and ln(m_u/m_d), the size of the errors of log(b) and log(a - b) themselves where |ln a|
    is O(1) (checked against 30-digit quadrature: tests/loops/test_barrzee_charged.py)."""
    cdef double a, b, lam, sq, s, la, lb, ld, beta, lab, q, qp, x1, x2, o1, o2, R1, R2, d
    cdef double K0, K1, K2, K3, h, hp, T, P, H, E, im, lc1, lc2, lo1, lo2
    cdef int m, n
    if not (ru >= 1.0e-4 and ru <= 100.0 and rd >= 1.0e-8 * ru and rd <= 0.7 * ru):
        return False
    lam = (1.0 - ru - rd) * (1.0 + ru + rd) * (1.0 - ru + rd) * (1.0 + ru - rd)
    if not (lam >= 1.0e-4 or lam <= -1.0e-4):
        return False
    a = ru * ru
    b = rd * rd
    s = 1.0 - a + b
    la = log(a)
    if kin != NULL:
        lab = kin[0]
        lb = la - lab
        ld = la + kin[1]
    else:
        lb = log(b)
        ld = log((ru - rd) * (ru + rd))
        lab = la - lb
    if kout != NULL:
        kout[0] = lab
        kout[1] = ld - la
    beta = b / ((ru - rd) * (ru + rd))
    if lam < 0.0:
        # complex roots x1,2 = (s +- i sqrt(-lam))/2 (m_u - m_d < M < m_u + m_d): R(x2) = conj R(x1),
        # so the partial fractions are K_0 = -Im R(x1)/Im x1, K_1 = -Im(x1 R(x1))/Im x1
        q = 0.5 * sqrt(-lam)
        x1 = 0.5 * s
        _doublet_root_Rc(x1, q, a, b, la, lb, ld, &R1, &R2)
        K0 = -R2 / q
        K1 = -(x1 * R2 + q * R1) / q
        _doublet_K23(K0, K1, s, b, la, beta, lab, &K2, &K3)
        _doublet_I(K1, K2, K3, Q_u, Q_d, I_d, I_u)
        return True
    sq = sqrt(lam)
    if s < 0.0 and 0.5 * (sq - s) >= 2.5:
        x2 = 0.5 * (s - sq)                      # far root
        x1 = b / x2
        T = _doublet_root_R(x1, 1.0 - x1, a, b, la, lb, ld, log(-x1), log(1.0 - x1))     # T_0
        h = 1.0 / x2
        n = <int>ceil(-38.0 / log(fabs(h)))
        P = lab
        H = 0.0
        hp = 1.0
        K1 = 0.0
        K2 = 0.0
        K3 = 0.0
        for m in range(1, n + 3):
            im = _BZ_RECIP[m]                       # 1/m from the table: no division in the loop
            P = im - beta * P
            H += im
            E = (la - P + im + H) * im              # E_{m-1}
            T = E + x1 * T                          # T_m
            if m == 1:
                K1 = T
            elif m == 2:
                K2 = T
            else:
                K3 += hp * T
                hp *= h
        K3 *= h                                     # Sum_{m>=3} T_m h^(m-2)
        K2 = h * (K2 + K3)                          # T_2 h + h K_3
        K1 = h * (K1 + K2)
    else:
        # two logs for four: x1 x2 = b and (1 - x1)(1 - x2) = a, so ln|x| at one root is lb minus its
        # value at the other, and ln|1 - x| is la minus the other's.  The difference is formed for
        # the root where the log is at least half of lb (resp. la) in size, so it does not cancel:
        # with p q = c, |p| <= |q|:  c < 1 gives ln|p| <= ln(c)/2 < 0, c >= 1 gives ln|q| >= ln(c)/2 >= 0
        if s > 0.0:                                 # both roots in (0, 1): 1 - x from 1 + a - b
            q = 0.5 * (s + sq)
            qp = 0.5 * (1.0 + a - b + sq)
            x1 = q
            o1 = a / qp
            x2 = b / q
            o2 = qp
            # a < 1 here (1 - x1, 1 - x2 in (0, 1)), b < a: x2 <= sqrt(b), 1 - x1 <= sqrt(a)
            lc1 = log(q)
            lc2 = lb - lc1
            lo2 = log(qp)
            lo1 = la - lo2
        else:
            x1 = 0.5 * (s - sq)
            x2 = b / x1
            o1 = 1.0 - x1
            o2 = 1.0 - x2
            # both roots negative, |x2| <= sqrt(b) <= |x1|, 1 < 1 - x2 <= sqrt(a) <= 1 - x1
            if b < 1.0:
                lc1 = log(-x1)
                lc2 = lb - lc1
            else:
                lc2 = log(-x2)
                lc1 = lb - lc2
            lo2 = log(o2)
            lo1 = la - lo2
        R1 = _doublet_root_R(x1, o1, a, b, la, lb, ld, lc1, lo1)
        R2 = _doublet_root_R(x2, o2, a, b, la, lb, ld, lc2, lo2)
        d = x1 - x2
        K0 = -(R1 - R2) / d
        K1 = -(x1 * R1 - x2 * R2) / d
        _doublet_K23(K0, K1, s, b, la, beta, lab, &K2, &K3)
    _doublet_I(K1, K2, K3, Q_u, Q_d, I_d, I_u)
    return True


cdef inline bint _ratio_ok(double w) noexcept nogil:
    """A squared mass ratio the quadrature window covers: 0 or in [1e-30, 1e30]."""
    return w == 0.0 or (w >= 1.0e-30 and w <= 1.0e30)


cdef inline double bz_charged_w(double M_C, double M_W, double m_u, double m_d, double Q_u,
                                double Q_d, double xi_u, double xi_d) noexcept nogil:
    """The lepton-independent part of the C+-W-+gamma Barr-Zee diagrams with the doublet (u, d)
    (Ilisie 1502.04199 eq. (22)), in GeV^0:
    Int_0^1 dx Q(x) [xi_d m_d^2 x(1-x) - xi_u m_u^2 x(1+x)] [G(m_u^2/M_C^2, m_d^2/M_C^2, x)
    - (M_C -> M_W)] / (M_C^2 - M_W^2), so that Delta a_l = (alpha m_l^2 N_c V2/(32 pi^3 s_W^2 v^2))
    xi_l bz_charged_w(...) (da_bz_charged_w_fermion).  NaN for non-positive M_C, M_W, negative
    masses, mass ratios m^2/M^2 outside [1e-30, 1e30], or |M_C^2 - M_W^2| < 1e-6 M_C^2 (the
    difference quotient loses its digits).  The lepton doublet (m_u = 0, Q = (0, -1)) takes the
    closed form of Cherchiglia et al. eqs. (59), (60): xi_d m_d^2 [F_l(m_d^2/M_C^2) - F_l(m_d^2/M_W^2)]
    / (M_C^2 - M_W^2) (_lepton_doublet_F); a quark doublet (m_u > m_d) the closed form of
    _doublet_closed at M_C and M_W where it is checked, else the quadrature (_charged_w_integrals)."""
    return bz_charged_w_aux(M_C, M_W, m_u, m_d, Q_u, Q_d, xi_u, xi_d, NULL, NULL)


cdef inline bint _w_half(double M_W, double m_u, double m_d, double Q_u, double Q_d, bint lepton,
                         double* I_d, double* I_u, double* kl, double* aux, int* aux_state) noexcept nogil:
    """The M_W half of bz_charged_w: the lepton doublet's _lepton_doublet_F((m_d/M_W)^2) in I_d, or
    the quark doublet's _doublet_closed at M_W (False where the closed form is not available) and
    its two mass-independent logs in kl (_doublet_closed_k's kout; the lepton doublet leaves kl
    unset).  With aux (memo storage of 9 doubles and a state, modelgen/loops/memo.pxd) the results
    are kept for the key (M_W, m_u, m_d, Q_u, Q_d) and returned while the key is bit-equal: the same
    values as without it, since they are functions of the key alone."""
    cdef bint ok
    if aux != NULL and aux_state[0] != 0 and memo_same(aux[0], M_W) and memo_same(aux[1], m_u) \
            and memo_same(aux[2], m_d) and memo_same(aux[3], Q_u) and memo_same(aux[4], Q_d):
        I_d[0] = aux[5]
        I_u[0] = aux[6]
        kl[0] = aux[7]
        kl[1] = aux[8]
        return aux_state[0] == 1
    kl[0] = 0.0
    kl[1] = 0.0
    if lepton:
        I_d[0] = _lepton_doublet_F((m_d / M_W) * (m_d / M_W))
        I_u[0] = 0.0
        ok = True
    else:
        ok = _doublet_closed_k(m_u / M_W, m_d / M_W, Q_u, Q_d, I_d, I_u, NULL, kl)
    if aux != NULL:
        aux[0] = M_W
        aux[1] = m_u
        aux[2] = m_d
        aux[3] = Q_u
        aux[4] = Q_d
        aux[5] = I_d[0] if ok else 0.0
        aux[6] = I_u[0] if ok else 0.0
        aux[7] = kl[0] if ok else 0.0
        aux[8] = kl[1] if ok else 0.0
        aux_state[0] = 1 if ok else 2
    return ok


cdef inline double bz_charged_w_aux(double M_C, double M_W, double m_u, double m_d, double Q_u,
                                    double Q_d, double xi_u, double xi_d, double* aux,
                                    int* aux_state) noexcept nogil:
    """bz_charged_w with an optional memo of its M_W half (aux, aux_state: NULL for none; see
    _w_half): at fixed SM inputs the M_W half is the same at every point and only the M_C half is
    computed.  Bit-identical to bz_charged_w; the domain checks, the closed forms and the
    quadrature near M_C ~ M_W (|r - 1| < 0.2) are unchanged."""
    cdef double I_d, I_u, Iw_d, Iw_u, wa, wb, r, kl[2]
    if not (M_C > 0.0 and M_W > 0.0 and m_u >= 0.0 and m_d >= 0.0):
        return NAN
    if fabs(M_C * M_C - M_W * M_W) < 1.0e-6 * M_C * M_C:
        return NAN
    if m_u == 0.0 and m_d == 0.0:
        return 0.0
    wa = (m_u / M_C) * (m_u / M_C)
    wb = (m_d / M_C) * (m_d / M_C)
    r = (M_C / M_W) * (M_C / M_W)
    if not (_ratio_ok(wa) and _ratio_ok(wb) and _ratio_ok(wa * r) and _ratio_ok(wb * r)):
        return NAN
    if m_u == 0.0 and Q_u == 0.0 and Q_d == -1.0:     # lepton doublet: closed form
        _w_half(M_W, m_u, m_d, Q_u, Q_d, True, &Iw_d, &Iw_u, kl, aux, aux_state)
        return (xi_d * m_d * m_d * (_lepton_doublet_F(wb) - Iw_d)
                / ((M_C - M_W) * (M_C + M_W)))
    # a quark-like doublet (m_u > m_d > 0) in the checked domain of the closed form, away from
    # M_C ~ M_W (the difference of the two closed forms would lose digits there); the M_W half first,
    # so that the M_C half takes ln(a/b) and ln(1 - b/a) from it (_doublet_closed_k: one log, not three)
    if (fabs(r - 1.0) >= 0.2
            and _w_half(M_W, m_u, m_d, Q_u, Q_d, False, &Iw_d, &Iw_u, kl, aux, aux_state)
            and _doublet_closed_k(m_u / M_C, m_d / M_C, Q_u, Q_d, &I_d, &I_u, kl, NULL)):
        I_d -= Iw_d
        I_u -= Iw_u
    else:
        _charged_w_integrals(wa, wb, r, Q_u, Q_d, m_u > 0.0 and xi_u != 0.0, &I_d, &I_u)
    return (xi_d * m_d * m_d * I_d - xi_u * m_u * m_u * I_u) / ((M_C - M_W) * (M_C + M_W))


cdef inline double da_bz_charged_w_fermion(double alpha, double v, double s_W2, double m_l,
                                           double M_C, double M_W, double m_u, double m_d,
                                           double Q_u, double Q_d, double N_c, double V2,
                                           double xi_l, double xi_u, double xi_d) noexcept nogil:
    """Delta a_l, H+- W-+ gamma Barr-Zee with the fermion doublet (u, d) in the loop (Ilisie
    1502.04199 eq. (22)), L = -(sqrt2/v) C+ [u (xi_u m_u P_L + xi_d m_d P_R) d + xi_l m_l nu P_R l]
    + h.c., the W vertex (g/sqrt2) V_ud u gamma P_L d W+, V2 = |V_ud|^2:
    (alpha m_l^2 N_c V2 / (32 pi^3 s_W^2 v^2 (M_C^2 - M_W^2))) xi_l Int_0^1 dx Q(x)
    [xi_d m_d^2 x(1-x) - xi_u m_u^2 x(1+x)] [G(m_u^2/M_C^2, m_d^2/M_C^2, x) - (M_C -> M_W)].
    NaN for non-positive v, s_W2 and where bz_charged_w is NaN."""
    if not (v > 0.0 and s_W2 > 0.0):
        return NAN
    return (0.125 * alpha * _INV4PI3 * (m_l / v) * (m_l / v) * N_c * V2 / s_W2 * xi_l
            * bz_charged_w(M_C, M_W, m_u, m_d, Q_u, Q_d, xi_u, xi_d))
