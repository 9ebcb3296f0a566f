# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled twin of :func:`modelgen.observables.compute`: the post-kernel observables point by point.

Consumes a compiled model's parameter rows ``P`` and kernel output rows ``O`` (n points each), an
index ``rows`` mapping each logical input of :data:`modelgen.observables.derived.INPUTS` to a row of
the virtual stack [O; P; constants], the flags of the input variant, the constants and the R-ratio
table; fills ``Y`` (one row per name of :data:`modelgen.observables.derived.OUTPUTS`) and the status.
The formulas, their sources and the operation order are those of the NumPy modules (decays,
hadrons, nuclear, apv, couplings), so that the two paths agree to the last bits; the exceptions are
exp/pow, which NumPy may take from a SIMD library (a few ulp).  No model or field name appears: the
names are resolved to rows in Python (derived.py).
"""
from cpython cimport array
from libc.math cimport sqrt, pow, exp, fabs, hypot, isnan, NAN

from modelgen.observables._widths cimport width_dirac, width_nu, width_hadrons
from scipy.special.cython_special cimport gammaincc

ctypedef const double[:, ::1] crows

# logical inputs (order of derived.INPUTS)
cdef enum:
    M_ZP = 0
    ALPHA = 1
    G_F = 2
    M_LEP = 3          # m_e, m_mu, m_tau
    EPS_LEP = 6        # eps_V.l, eps_A.l for l = e, mu, tau
    EPS_NU = 12        # eps_L.nu (or eps_V.nu, eps_A.nu) for the three neutrinos, 2 slots each
    EPS_U = 18
    EPS_D = 19
    EPS_S = 20
    EPS_P = 21
    EPS_N = 22
    M_Z = 23
    G_Z_LEP = 24       # g_L.Z.l, g_R.Z.l for l = e, mu, tau
    N_INPUTS = 30

cdef enum:
    N_OUTPUTS = 23     # rows of Y: len(derived.OUTPUTS)

# flags (derived.FLAGS)
cdef enum:
    NU_FROM_VA = 1         # << k for neutrino k: eps_L = eps_V - eps_A
    QUARKS_FROM_NUCLEONS = 8
    S_FROM_D = 16
    NUCLEONS_FROM_QUARKS = 32
    Z_UNIVERSALITY = 64

# constants (derived.CONSTANTS)
cdef enum:
    C_HBAR = 0
    C_HBARC = 1
    C_M_MAX = 2
    C_BE8_18 = 3
    C_BE8_17 = 4
    C_BE8 = 5
    C_APV_R = 6
    C_HBARC_FM = 7
    C_APV_G = 8
    C_APV_GAMMA = 9
    C_Z = 10
    C_N = 11
    C_PI = 12


cdef inline double momentum(double Ma, double Mb, double m) noexcept nogil:
    """nuclear.two_body_momentum: √λ(M_a², M_b², m²)/(2 M_a), 0 when closed."""
    cdef double lam = (Ma * Ma - (Mb + m) * (Mb + m)) * (Ma * Ma - (Mb - m) * (Mb - m))
    return sqrt(lam if lam > 0.0 else 0.0) / (2.0 * Ma)


cdef inline double rate_times_br(double coupling, double M, double M_excited, double M_ground,
                                 double br_ee) noexcept nogil:
    """nuclear.rate_ratio × BR(X→ee), exactly 0 where no X is emitted."""
    cdef double ratio = coupling * coupling * pow(momentum(M_excited, M_ground, M)
                                                  / momentum(M_excited, M_ground, 0.0), 3.0)
    return 0.0 if ratio == 0.0 else ratio * br_ee


cdef inline double delta_qw(double M, double eps_A_e, double eps_p, double eps_n, double alpha,
                            double G_Fermi, const double[::1] c) noexcept nogil:
    """apv.delta_qw with apv.apv_K: (2√2/G_F)(4πα ε_A^e/M²)(Z ε_p + N ε_n) K(M)."""
    cdef double g = c[C_APV_G]
    cdef double x = M * c[C_APV_R] / c[C_HBARC_FM]
    cdef double k = 1.0 - (1.0 + x) * exp(-x) + pow(x, 2.0 - 2.0 * g) * c[C_APV_GAMMA] * gammaincc(2.0 * g, x)
    cdef double gg = 4.0 * c[C_PI] * alpha * eps_A_e
    cdef double nuc = c[C_Z] * eps_p + c[C_N] * eps_n
    return 2.0 * sqrt(2.0) / G_Fermi * gg / (M * M) * nuc * k


cdef inline double branching(double width, double total) noexcept nogil:
    if total > 0.0:
        return width / total
    return NAN if isnan(total) else 0.0


cdef class Derived:
    """The observables of one model's rows: the constant tables are bound once (a call converts only
    the block's arrays, which dominates a one-point call)."""
    cdef const int[::1] rows
    cdef const double[::1] consts, c
    cdef const double[:, ::1] table
    cdef int flags, above_range_bit

    def __init__(self, const int[::1] rows, const double[::1] consts, int flags, const double[::1] c,
                 crows table, int above_range_bit):
        self.rows, self.consts, self.flags, self.c, self.table = rows, consts, flags, c, table
        self.above_range_bit = above_range_bit

    def __call__(self, crows O, crows P, const int[::1] status_in, double[:, ::1] Y, int[::1] status):
        """Y[:, i] = the observables of point i (rows of derived.OUTPUTS); status[i] = status_in[i] | bits."""
        cdef Py_ssize_t i, n = Y.shape[1], nO = O.shape[0], nP = P.shape[0]
        if O.shape[1] != n or P.shape[1] != n or status_in.shape[0] != n or status.shape[0] != n \
                or Y.shape[0] != N_OUTPUTS:
            raise ValueError(f"Derived: O, P, status and Y[{N_OUTPUTS}, n] must have the same number of points")
        with nogil:
            for i in range(n):
                status[i] = status_in[i] | self.one(&O[0, i], nO, &P[0, i], nP, &Y[0, i], n)

    def point(self, array.array values, Py_ssize_t n_parameters, Py_ssize_t n_outputs, int status_in):
        """One point stored as [P | O | Y] in the array('d') ``values`` (parameters, kernel outputs,
        then one slot per name of derived.OUTPUTS, filled here): the arithmetic of a block's column
        without memoryviews (modelgen.evaluation._point).  Returns status_in | the observables' bits."""
        cdef double* v = values.data.as_doubles
        if n_parameters < 0 or n_outputs < 0 or len(values) < n_parameters + n_outputs + N_OUTPUTS:
            raise ValueError(f"Derived.point: values must hold [P | O | Y] with {N_OUTPUTS} slots for Y")
        return status_in | self.one(v + n_parameters, n_outputs, v, n_parameters, v + n_parameters + n_outputs, 1)

    cdef int one(self, const double* o, Py_ssize_t nO, const double* p, Py_ssize_t nP, double* y,
                 Py_ssize_t n) noexcept nogil:
        """The observables of one point: row r of the kernel outputs is o[r*n] (nO rows), of the
        parameters p[r*n] (nP rows); writes y[k*n] = derived.OUTPUTS[k]; returns the status bits."""
        cdef int flags = self.flags
        cdef Py_ssize_t k, l
        cdef double x[N_INPUTS]
        cdef double eps_L[3]
        cdef double M, alpha, total, eps_u, eps_d, eps_s, eps_p, eps_n, br_ee, eps_e, e, ee
        cdef int r
        for k in range(N_INPUTS):
            r = self.rows[k]
            if r < 0:
                x[k] = NAN  # not an input of this model (its flag never reads it)
            elif r < nO:
                x[k] = o[r * n]
            elif r < nO + nP:
                x[k] = p[(r - nO) * n]
            else:
                x[k] = self.consts[r - nO - nP]
        M, alpha = x[M_ZP], x[ALPHA]
        for l in range(3):
            y[l * n] = width_dirac(M, x[M_LEP + l], x[EPS_LEP + 2 * l], x[EPS_LEP + 2 * l + 1], alpha)
            if flags & (NU_FROM_VA << l):
                eps_L[l] = x[EPS_NU + 2 * l] - x[EPS_NU + 2 * l + 1]
            else:
                eps_L[l] = x[EPS_NU + 2 * l]
        y[3 * n] = 0.0 + width_nu(M, eps_L[0], alpha) + width_nu(M, eps_L[1], alpha) + width_nu(M, eps_L[2], alpha)
        if flags & QUARKS_FROM_NUCLEONS:
            eps_u = (2.0 * x[EPS_P] - x[EPS_N]) / 3.0
            eps_d = (2.0 * x[EPS_N] - x[EPS_P]) / 3.0
        else:
            eps_u, eps_d = x[EPS_U], x[EPS_D]
        eps_s = eps_d if flags & S_FROM_D else x[EPS_S]
        y[4 * n] = width_hadrons(M, eps_u, eps_d, eps_s, alpha, self.table, self.c[C_M_MAX])
        total = 0.0 + y[0] + y[n] + y[2 * n] + y[3 * n] + y[4 * n]
        y[5 * n] = total
        for l in range(4):
            y[(6 + l) * n] = branching(y[l * n], total)
        y[10 * n] = self.c[C_HBAR] / total
        y[11 * n] = self.c[C_HBARC] / total
        if flags & NUCLEONS_FROM_QUARKS:
            eps_p, eps_n = 2.0 * eps_u + eps_d, eps_u + 2.0 * eps_d
        else:
            eps_p, eps_n = x[EPS_P], x[EPS_N]
        y[12 * n], y[13 * n] = eps_p, eps_n
        br_ee = y[6 * n]
        y[14 * n] = rate_times_br(eps_p + eps_n, M, self.c[C_BE8_18], self.c[C_BE8], br_ee)
        y[15 * n] = rate_times_br(eps_p - eps_n, M, self.c[C_BE8_17], self.c[C_BE8], br_ee)
        y[16 * n] = delta_qw(M, x[EPS_LEP + 1], eps_p, eps_n, alpha, x[G_F], self.c)
        eps_e = hypot(x[EPS_LEP], x[EPS_LEP + 1])
        y[17 * n] = eps_e
        y[18 * n] = fabs(eps_p) * sqrt(br_ee)
        y[19 * n] = sqrt(fabs(eps_L[0] * eps_e))
        y[20 * n] = sqrt(fabs(eps_L[1] * eps_e))
        if flags & Z_UNIVERSALITY:
            e = sqrt(4.0 * self.c[C_PI] * alpha)
            ee = _z_width(x, 0, e, alpha)
            y[21 * n] = _z_width(x, 1, e, alpha) / ee
            y[22 * n] = _z_width(x, 2, e, alpha) / ee
        else:
            y[21 * n] = y[22 * n] = NAN
        return self.above_range_bit if M > self.c[C_M_MAX] else 0


cdef inline double _z_width(double* x, int l, double e, double alpha) noexcept nogil:
    """Γ(Z → l l) of observables._z_universality: width_dirac with ε = (g_L ± g_R)/(2e)."""
    cdef double gl = x[G_Z_LEP + 2 * l], gr = x[G_Z_LEP + 2 * l + 1]
    return width_dirac(x[M_Z], x[M_LEP + l], (gl + gr) / (2.0 * e), (gr - gl) / (2.0 * e), alpha)
