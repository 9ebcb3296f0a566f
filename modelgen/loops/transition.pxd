# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
"""One-loop flavour-changing dipoles l_i -> l_j gamma (leading order in the external masses).

Hand-written, shared by every generated model module::

    from modelgen.loops.transition cimport tdipole_charged_vector, width_radiative

Conventions
-----------
External leptons l_i (mass m_i) and l_j (m_j), charge Q_l = -1; internal fermion F (M_F, Q_F),
boson B (M_B, Q_B = Q_l - Q_F); GeV; couplings complex, passed as (re, im)::

    scalar:  L = F-bar (a_i P_L + b_i P_R) l_i B + F-bar (a_j P_L + b_j P_R) l_j B + h.c.
    vector:  L = F-bar g^mu (a_i P_L + b_i P_R) l_i B_mu + (i -> j) + h.c.   (unitary gauge)

(library normalisation c_S + c_P g5 = a P_L + b P_R:  a = c_S - c_P, b = c_S + c_P).  Dipole::

    L_eff = (e/2) l_j-bar sigma^{mu nu} (s_L P_L + s_R P_R) l_i F_{mu nu} + h.c.      (i != j)
    M(l_i -> l_j gamma) = -e eps*_mu u_j-bar i sigma^{mu nu} q_nu (s_L P_L + s_R P_R) u_i
    Gamma = e^2 (m_i^2 - m_j^2)^3 (|s_L|^2 + |s_R|^2) / (16 pi m_i^3)
          = (alpha m_i^3 / 4) (1 - m_j^2/m_i^2)^3 (|s_L|^2 + |s_R|^2)
(spin sum checked against explicit Dirac traces in the tests; alpha = alpha(0), on-shell photon).

For i = j the same coefficients belong to the Hermitian operator without "+h.c." (s_L = s_R^*), and
reproduce loopfuncs.pxd:  Da = m (s_L + s_R),  d = (e/2) Im(s_L - s_R).

Result (leading order: each s is first order in the chirality flips m_i, m_j, M_F; relative
corrections O(m_i^2/(M_F + M_B)^2))::

    s_R = f (m_i a_j^* a_i + m_j b_j^* b_i) + g M_F a_j^* b_i
    s_L = f (m_i b_j^* b_i + m_j a_j^* a_i) + g M_F b_j^* a_i

The structure follows from chirality, parity (s_L(a, b) = s_R(b, a)) and hermiticity (the
j -> i amplitude is the conjugate, so the m_i and m_j coefficients coincide at this order); the
real functions f, g are the m -> 0 limits of the g-2 integrals (Da = 2 m^2 f (|a|^2+|b|^2)
+ 2 m M_F g Re(a^* b)).  With J_jk = Int_0^1 x^j (1-x)^k / (x M_F^2 + (1-x) M_B^2) dx,
r = M_F^2/M_B^2 and the photon weights w_F = -Q_F, w_B = -Q_B = 1 + Q_F (neutral boson:
w_F = 1, w_B = 0)::

    32 pi^2 f = w_F S_F + w_B S_B,      16 pi^2 g = w_F G_F + w_B G_B
    scalar:  S_F = J21                           G_F = J20
             S_B = -J12                          G_B = -J11
    vector:  S_F = 2 J21 - 4 J11 - r (J20 + J30)  G_F = 4 J11 + r J20
             S_B = 2 (J02 + J03) + r (J11 + J21)  G_B = -4 J02 - r J11

(vector: -r(J20 + J30) = r(J21 - 2 J20); r(J11 + J21) = r(2 J11 - J12).)  Charged vector with
F neutral and a = g U^*/sqrt2: 32 pi^2 M_W^2 f = 5/3 - 2 G_gamma(M_F^2/M_W^2), the
heavy-neutrino function of Ilakovac-Pilaftsis (= F_gamma/2 of Alonso et al. 1209.2679).
Above threshold (m_i >= M_F + M_B) the dipole is complex and NaN is accumulated.

Numerics: J_jk from the moments T_n = Int_0^1 t^n / (L + (H-L) t) dt, t = x (M_F >= M_B) or
1 - x, L = min(M_F^2, M_B^2), H = max: for (H-L) <= L/4 the series sum_k (-c)^k/(n+k+1)/L,
c = (H-L)/L; otherwise T_0 = log1p((H-L)/L)/(H-L) and T_n = (1/n - rho T_{n-1}) (rho = L/(H-L)
< 4), so every subtraction is mild (<= ~10^3 eps).  Accuracy ~1e-13 relative for mass ratios
1e-8..1e8 (tests/loops/test_transition.py).
"""
from libc.math cimport log, log1p, fabs, NAN

cdef extern from *:
    """
    #ifndef MODELGEN_TRANSITION_CONSTANTS
    #define MODELGEN_TRANSITION_CONSTANTS
    /* 1/(32 pi^2), 1/(16 pi^2), alpha(0) (CODATA 2022), 1/(192 pi^3) */
    #define MODELGEN_TR_INV32PI2 0.0031662869888230555
    #define MODELGEN_TR_INV16PI2 0.006332573977646111
    #define MODELGEN_TR_ALPHA0 0.0072973525643
    #define MODELGEN_TR_INV192PI3 0.0001679767418395807
    #endif
    """
    double _TR_INV32PI2 "MODELGEN_TR_INV32PI2"
    double _TR_INV16PI2 "MODELGEN_TR_INV16PI2"
    double _TR_ALPHA0 "MODELGEN_TR_ALPHA0"
    double _TR_INV192PI3 "MODELGEN_TR_INV192PI3"


cdef inline void _tr_moments(double L, double H, double* T) noexcept nogil:
    """T[n] = Int_0^1 t^n / (L + (H - L) t) dt, n = 0..3, for 0 <= L <= H, H > 0
    (T[0] = inf for L = 0)."""
    cdef double d = H - L, c, term, rho
    cdef int k
    if d <= 0.25 * L:
        c = d / L
        T[0] = 0.0; T[1] = 0.0; T[2] = 0.0; T[3] = 0.0
        term = 1.0
        for k in range(64):
            T[0] += term / (k + 1)
            T[1] += term / (k + 2)
            T[2] += term / (k + 3)
            T[3] += term / (k + 4)
            term = -term * c
            if fabs(term) < 1e-18:
                break
        for k in range(4):
            T[k] = T[k] / L
        return
    rho = L / d
    if L == 0.0:
        T[0] = 1.0 / 0.0
        T[1] = 1.0
    else:
        T[0] = log1p(d / L)
        T[1] = 1.0 - rho * T[0]
    T[2] = 0.5 - rho * T[1]
    T[3] = 1.0 / 3.0 - rho * T[2]
    for k in range(4):
        T[k] = T[k] / d


cdef inline double _tr_J(const double* T, bint swap, int j, int k) noexcept nogil:
    """J_jk = Int_0^1 x^j (1-x)^k / D(x): the binomial expansion of t^p (1-t)^q in the moments
    (t = x, (p, q) = (j, k); swap: t = 1 - x, (p, q) = (k, j)); j + k <= 3."""
    cdef int p = k if swap else j
    cdef int q = j if swap else k
    if q == 0:
        return T[p]
    if q == 1:
        return T[p] - T[p + 1]
    if q == 2:
        return (T[p] - 2.0 * T[p + 1]) + T[p + 2]
    return (T[p] - T[p + 3]) - 3.0 * (T[p + 1] - T[p + 2])


cdef inline int _tr_fg(bint vector, double wF, double wB, double m_i, double m_j, double M_F,
                       double M_B, double* f, double* g) noexcept nogil:
    """The loop functions f, g of the module docstring (GeV^-2); -1 (f = g = NaN) above
    threshold, for a massless vector or M_F = M_B = 0."""
    cdef double A = M_F * M_F, B = M_B * M_B
    cdef double T[4]
    cdef double S = 0.0, G = 0.0, r = 0.0
    cdef double J21, J20, J11, J02, J03, J30
    cdef bint swap = A < B
    cdef bint chiral = M_F > 0.0
    if not (m_i < M_F + M_B and m_j < M_F + M_B) or (vector and not M_B > 0.0):
        f[0] = NAN
        g[0] = NAN
        return -1
    if swap:
        _tr_moments(A, B, T)
    else:
        _tr_moments(B, A, T)
    if vector:
        r = A / B
    if wF != 0.0:
        J21 = _tr_J(T, swap, 2, 1)
        if vector:
            J11 = _tr_J(T, swap, 1, 1)
            S += wF * (2.0 * J21 - 4.0 * J11)
            if chiral:
                J20 = _tr_J(T, swap, 2, 0)
                J30 = _tr_J(T, swap, 3, 0)
                S -= wF * r * (J20 + J30)
                G += wF * (4.0 * J11 + r * J20)
        else:
            S += wF * J21
            if chiral:
                G += wF * _tr_J(T, swap, 2, 0)
    if wB != 0.0:
        J11 = _tr_J(T, swap, 1, 1)
        if vector:
            J02 = _tr_J(T, swap, 0, 2)
            J03 = _tr_J(T, swap, 0, 3)
            S += wB * 2.0 * (J02 + J03)
            if chiral:
                J21 = _tr_J(T, swap, 2, 1)
                S += wB * r * (J11 + J21)
                G -= wB * (4.0 * J02 + r * J11)
        else:
            S -= wB * _tr_J(T, swap, 1, 2)
            if chiral:
                G -= wB * J11
    f[0] = _TR_INV32PI2 * S
    g[0] = _TR_INV16PI2 * G
    return 0


cdef inline void _tr_add(double f, double g, double m_i, double m_j, double M_F,
                         double aiR, double aiI, double biR, double biI,
                         double ajR, double ajI, double bjR, double bjI,
                         double* sLr, double* sLi, double* sRr, double* sRi) noexcept nogil:
    """s_R += f (m_i a_j^* a_i + m_j b_j^* b_i) + g M_F a_j^* b_i,
    s_L += f (m_i b_j^* b_i + m_j a_j^* a_i) + g M_F b_j^* a_i."""
    cdef double gm = g * M_F
    # x^* y = (xr yr + xi yi) + i (xr yi - xi yr)
    cdef double aa_r = ajR * aiR + ajI * aiI, aa_i = ajR * aiI - ajI * aiR
    cdef double bb_r = bjR * biR + bjI * biI, bb_i = bjR * biI - bjI * biR
    cdef double ab_r = ajR * biR + ajI * biI, ab_i = ajR * biI - ajI * biR
    cdef double ba_r = bjR * aiR + bjI * aiI, ba_i = bjR * aiI - bjI * aiR
    if gm == 0.0:
        ab_r = 0.0; ab_i = 0.0; ba_r = 0.0; ba_i = 0.0
    sRr[0] += f * (m_i * aa_r + m_j * bb_r) + gm * ab_r
    sRi[0] += f * (m_i * aa_i + m_j * bb_i) + gm * ab_i
    sLr[0] += f * (m_i * bb_r + m_j * aa_r) + gm * ba_r
    sLi[0] += f * (m_i * bb_i + m_j * aa_i) + gm * ba_i


cdef inline void _tr_dipole(bint vector, double wF, double wB, double m_i, double m_j,
                            double M_F, double M_B, double aiR, double aiI, double biR,
                            double biI, double ajR, double ajI, double bjR, double bjI,
                            double* sLr, double* sLi, double* sRr, double* sRi) noexcept nogil:
    cdef double f, g
    if _tr_fg(vector, wF, wB, m_i, m_j, M_F, M_B, &f, &g) < 0:
        sLr[0] += NAN; sLi[0] += NAN; sRr[0] += NAN; sRi[0] += NAN
        return
    _tr_add(f, g, m_i, m_j, M_F, aiR, aiI, biR, biI, ajR, ajI, bjR, bjI, sLr, sLi, sRr, sRi)


# ---------------------------------------------------------------------------------------------
# public: accumulate (+=) s_L, s_R [GeV^-1] of one (F, B) pair
# ---------------------------------------------------------------------------------------------
cdef inline void tdipole_neutral_scalar(double m_i, double m_j, double M_F, double M_B,
                                        double aiR, double aiI, double biR, double biI,
                                        double ajR, double ajI, double bjR, double bjI,
                                        double* sLr, double* sLi, double* sRr,
                                        double* sRi) noexcept nogil:
    """Neutral scalar, photon on F (Q_F = Q_l)."""
    _tr_dipole(False, 1.0, 0.0, m_i, m_j, M_F, M_B, aiR, aiI, biR, biI, ajR, ajI, bjR, bjI,
               sLr, sLi, sRr, sRi)


cdef inline void tdipole_neutral_vector(double m_i, double m_j, double M_F, double M_B,
                                        double aiR, double aiI, double biR, double biI,
                                        double ajR, double ajI, double bjR, double bjI,
                                        double* sLr, double* sLi, double* sRr,
                                        double* sRi) noexcept nogil:
    """Neutral massive vector (unitary gauge), photon on F (Q_F = Q_l)."""
    _tr_dipole(True, 1.0, 0.0, m_i, m_j, M_F, M_B, aiR, aiI, biR, biI, ajR, ajI, bjR, bjI,
               sLr, sLi, sRr, sRi)


cdef inline void tdipole_charged_scalar(double m_i, double m_j, double M_F, double M_B,
                                        double Q_F, double aiR, double aiI, double biR,
                                        double biI, double ajR, double ajI, double bjR,
                                        double bjI, double* sLr, double* sLi, double* sRr,
                                        double* sRi) noexcept nogil:
    """Scalar with Q_B = -1 - Q_F: photon on F (weight -Q_F) and on B (weight 1 + Q_F)."""
    _tr_dipole(False, -Q_F, 1.0 + Q_F, m_i, m_j, M_F, M_B, aiR, aiI, biR, biI, ajR, ajI,
               bjR, bjI, sLr, sLi, sRr, sRi)


cdef inline void tdipole_charged_vector(double m_i, double m_j, double M_F, double M_B,
                                        double Q_F, double aiR, double aiI, double biR,
                                        double biI, double ajR, double ajI, double bjR,
                                        double bjI, double* sLr, double* sLi, double* sRr,
                                        double* sRi) noexcept nogil:
    """Vector with Q_B = -1 - Q_F (unitary gauge, Yang-Mills gamma-VV vertex): photon on F
    (weight -Q_F) and on B (weight 1 + Q_F)."""
    _tr_dipole(True, -Q_F, 1.0 + Q_F, m_i, m_j, M_F, M_B, aiR, aiI, biR, biI, ajR, ajI,
               bjR, bjI, sLr, sLi, sRr, sRi)


# ---------------------------------------------------------------------------------------------
# widths [GeV]
# ---------------------------------------------------------------------------------------------
cdef inline double width_radiative_alpha(double m_i, double m_j, double sLr, double sLi,
                                         double sRr, double sRi, double alpha) noexcept nogil:
    """Gamma(l_i -> l_j gamma) = (alpha m_i^3/4) (1 - m_j^2/m_i^2)^3 (|s_L|^2 + |s_R|^2);
    0 for m_j >= m_i (closed)."""
    cdef double x, k
    if not m_j < m_i:
        return 0.0
    x = m_j / m_i
    k = (1.0 - x) * (1.0 + x)
    return 0.25 * alpha * m_i * m_i * m_i * k * k * k * (sLr * sLr + sLi * sLi + sRr * sRr
                                                         + sRi * sRi)


cdef inline double width_radiative(double m_i, double m_j, double sLr, double sLi, double sRr,
                                   double sRi) noexcept nogil:
    """width_radiative_alpha with the on-shell photon coupling alpha(0) = 1/137.035999177."""
    return width_radiative_alpha(m_i, m_j, sLr, sLi, sRr, sRi, _TR_ALPHA0)


cdef inline double width_muon_tree(double G_F, double m_mu, double m_e) noexcept nogil:
    """Gamma(mu -> e nu nu) = G_F^2 m_mu^5/(192 pi^3) F(m_e^2/m_mu^2),
    F(x) = 1 - 8x + 8x^3 - x^4 - 12 x^2 ln x  (tree level, W propagator and QED corrections
    not included)."""
    cdef double x = (m_e / m_mu) * (m_e / m_mu)
    cdef double F = 1.0 - 8.0 * x + 8.0 * x * x * x - x * x * x * x
    if x > 0.0:
        F -= 12.0 * x * x * log(x)
    return G_F * G_F * m_mu * m_mu * m_mu * m_mu * m_mu * _TR_INV192PI3 * F

