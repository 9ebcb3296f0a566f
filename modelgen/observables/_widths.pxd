"""Z' widths of modelgen.observables.decays and .hadrons as inline C functions (one point each).

Shared by the compiled observables (_derived.pyx) and the compiled χ² (_chi2.pyx); each function
follows the operation order of its NumPy original so that both paths agree to the last bits.
"""
from libc.math cimport sqrt, pow, isnan, NAN


cdef inline double width_dirac(double M, double m, double eps_V, double eps_A, double alpha) noexcept nogil:
    """decays.width_dirac: (α M/3) β [ε_V²(1 + 2m²/M²) + ε_A² β²]; 0 closed, NaN for NaN β²."""
    cdef double q = m / M
    cdef double b2 = 1.0 - 4.0 * (q * q)
    if b2 > 0.0:
        return alpha * M / 3.0 * sqrt(b2) * (eps_V * eps_V * (1.0 + 2.0 * (q * q)) + eps_A * eps_A * b2)
    return NAN if isnan(b2) else 0.0


cdef inline double width_nu(double M, double eps_L, double alpha) noexcept nogil:
    """decays.width_nu_nu (Majorana, m_ν = 0): width_majorana(M, 0, 0·ε_L, −ε_L, α) = α M ε_L²/6."""
    cdef double q = 0.0 / M
    cdef double b2 = 1.0 - 4.0 * (q * q)
    cdef double b
    if b2 > 0.0:
        b = sqrt(b2)
        return alpha * M / 6.0 * ((-eps_L) * (-eps_L)) * pow(b, 3.0) + 0.0 * (0.0 * eps_L)
    return NAN if isnan(b2) else 0.0


cdef inline double interp(double x, const double* xp, const double* fp, Py_ssize_t n, double left,
                          double right) noexcept nogil:
    """np.interp(x, xp[:n], fp[:n], left, right) for increasing xp, in NumPy's operation order."""
    cdef Py_ssize_t lo = 0, hi = n - 1, mid
    cdef double slope
    if x > xp[hi]:
        return right
    if x < xp[0]:
        return left
    if x == xp[hi]:
        return fp[hi]
    while hi - lo > 1:  # invariant: xp[lo] <= x < xp[hi]
        mid = (lo + hi) // 2
        if xp[mid] <= x:
            lo = mid
        else:
            hi = mid
    if xp[lo] == x:
        return fp[lo]
    slope = (fp[lo + 1] - fp[lo]) / (xp[lo + 1] - xp[lo])
    return slope * (x - xp[lo]) + fp[lo]


cdef inline double width_hadrons(double M, double eps_u, double eps_d, double eps_s, double alpha,
                                 const double[:, ::1] table, double M_max) noexcept nogil:
    """hadrons.width_hadrons: (α M/3)[c_ρ² R_ρ + c_ω² R_ω + c_φ² R_φ + 2 c_ω c_φ R_ωφ], NaN above the data."""
    cdef double c_rho = eps_u - eps_d, c_omega = 3.0 * (eps_u + eps_d), c_phi = 3.0 * eps_s
    cdef double R_rho, R_omega, R_phi, R_omega_phi
    cdef Py_ssize_t n = table.shape[1]
    cdef const double* m = &table[0, 0]
    if M <= M_max:  # below the first mass every R is 0 (left = 0)
        R_rho, R_omega = interp(M, m, &table[1, 0], n, 0.0, 0.0), interp(M, m, &table[2, 0], n, 0.0, 0.0)
        R_phi, R_omega_phi = interp(M, m, &table[3, 0], n, 0.0, 0.0), interp(M, m, &table[4, 0], n, 0.0, 0.0)
    else:
        R_rho = R_omega = R_phi = R_omega_phi = NAN
    return alpha * M / 3.0 * (c_rho * c_rho * R_rho + c_omega * c_omega * R_omega + c_phi * c_phi * R_phi
                              + 2.0 * c_omega * c_phi * R_omega_phi)
