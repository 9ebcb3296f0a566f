# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled twin of the χ² of a data set: recast signal ratios (recast.signal_ratio) and the per-entry
χ² and pulls (constraints.evaluate, likelihood.chi2), point by point.

Consumes the rows of one evaluated block, stacked virtually as [O; P; Y] (kernel outputs, parameters,
compiled observables), and the tables :class:`modelgen.observables.chi2_plan.Chi2Plan` builds once per
data set: searches (curves, windows) and entries (kind and numbers, the row or search they read);
produces the ratios, the total χ² and the pulls.  Same formulas and operation order as the NumPy
modules, whose docstrings carry the physics and sources (arXiv:1801.04847 for the recast).
"""
from cpython cimport array
from libc.math cimport sqrt, exp, log, expm1, fabs, hypot, isnan, isfinite, INFINITY, NAN

from modelgen.observables._widths cimport width_dirac, width_hadrons, interp

ctypedef const double[:, ::1] crows

cdef enum:  # entry kinds (chi2_plan.KINDS)
    MEASUREMENT = 0
    UPPER_LIMIT = 1
    LOWER_LIMIT = 2
    ALLOWED_BAND = 3
    EXCLUDED_BAND = 4

cdef enum:  # columns of the entry table E
    E_KIND = 0
    E_VALUE = 1
    E_SIGMA_PLUS = 2
    E_SIGMA_MINUS = 3
    E_LIMIT = 4
    E_UL_SIGMA = 5
    E_LOWER = 6
    E_UPPER = 7
    E_ABSOLUTE = 8
    E_WIN_LO = 9
    E_WIN_HI = 10

cdef enum:  # columns of the search table S
    S_DISPLACED = 0
    S_RATIO = 1       # L_decay / L_shield
    S_FLIGHT = 2      # m
    S_ENERGY = 3      # GeV
    S_WIN_LO = 4
    S_WIN_HI = 5

cdef enum:  # rows of the recast inputs (chi2_plan.RECAST_INPUTS)
    R_M = 0
    R_ALPHA = 1
    R_BR_EE = 2
    R_TAU = 3
    R_EPS_V_E = 4
    R_EPS_A_E = 5
    R_EPS_V_P = 6

cdef enum:  # constants (chi2_plan._CONSTANTS)
    K_HBAR = 0
    K_C = 1
    K_M_MAX = 2
    K_M_E = 3
    K_M_MU = 4
    K_M_TAU = 5

cdef array.array _DOUBLES = array.array("d")
cdef double EPS = 2.220446049250313e-16  # double-precision machine epsilon
cdef int MAX_STEPS = 100                 # recast._MAX_STEPS


cdef struct Stack:
    # the virtual stack [O; P; Y; R] of one block of n points: block b has rows[b] rows starting at
    # base[b], row r at base[b] + r * n (a block's rows are contiguous, n apart)
    const double* base[4]
    Py_ssize_t rows[4]
    Py_ssize_t n


cdef inline const double* _start(crows X) noexcept nogil:
    return &X[0, 0] if X.shape[0] > 0 and X.shape[1] > 0 else NULL


cdef inline Stack block_stack(crows O, crows P, crows Y, const double* R, Py_ssize_t n_r) noexcept nogil:
    """The stack of a block given as [O; P; Y] memoryviews and R (n_r rows of O.shape[1] points)."""
    cdef Stack st
    st.base[0], st.base[1], st.base[2], st.base[3] = _start(O), _start(P), _start(Y), R
    st.rows[0], st.rows[1], st.rows[2], st.rows[3] = O.shape[0], P.shape[0], Y.shape[0], n_r
    st.n = O.shape[1]
    return st


cdef inline double value(const Stack* st, Py_ssize_t r, Py_ssize_t i) noexcept nogil:
    """Row r of the virtual stack [O; P; Y; R] at point i (r < 0: not available, NaN)."""
    cdef int b
    if r < 0:
        return NAN
    for b in range(4):
        if r < st.rows[b]:
            return st.base[b][r * st.n + i]
        r -= st.rows[b]
    return NAN


cdef inline double sq(double x) noexcept nogil:
    return x * x


cdef inline double decay_fraction(double tau, double t0, double t1) noexcept nogil:
    """recast.decay_fraction: exp(−t₀/τ) − exp(−t₁/τ); 0 for τ = +inf."""
    cdef double x0 = t0 / tau if t0 > 0.0 else 0.0
    cdef double x1 = t1 / tau if isfinite(t1) else INFINITY
    if tau == INFINITY:
        return 0.0
    return exp(-x0) - exp(-x1)


cdef inline void h_and_slope(double u, double c, double d, double R, double lo2, double hi2,
                             double* h, double* slope) noexcept nogil:
    cdef double x_lo = R * u * lo2, x_hi = R * u * hi2
    h[0] = c + u * d + log(-expm1(-x_lo)) - log(-expm1(-x_hi))
    slope[0] = d + (x_lo / expm1(x_lo) - x_hi / expm1(x_hi)) / u


cdef inline double window_u(double R, double lo2, double hi2, bint* bad) noexcept nogil:
    """recast.window_t0 in units u = t₀ Γ_A'(ε=1)/ħ: Newton from the right end of the bracket with a
    geometric-bisection fallback, stopped at a step below 8 ulp; ``bad`` when the bracket has no root."""
    cdef double c = log(lo2 / hi2), d = hi2 - lo2
    cdef double a = exp(-log(hi2 * R) - 30.0), b = 60.0 / hi2
    cdef double h, slope, u, step
    cdef int k
    h_and_slope(a, c, d, R, lo2, hi2, &h, &slope)
    if not h < 0.0:
        bad[0] = True
    h_and_slope(b, c, d, R, lo2, hi2, &h, &slope)
    if not h > 0.0:
        bad[0] = True
    u = b
    for k in range(MAX_STEPS):
        h_and_slope(u, c, d, R, lo2, hi2, &h, &slope)
        if h < 0.0:
            a = u
        else:
            b = u
        step = u - h / slope
        if not (step >= a and step <= b):  # NaN steps bisect too
            step = sqrt(a * b)
        if fabs(step - u) <= 8.0 * EPS * u:
            return step
        u = step
    return u


cdef class Searches:
    """The recast searches of one data set on one model's rows (chi2_plan.Chi2Plan), bound once."""
    cdef const int[::1] rows, production, offsets
    cdef const double[::1] k, masses, eps_ref, eps_hi
    cdef const double[:, ::1] table, S

    def __init__(self, const int[::1] rows, const double[::1] k, crows table, crows S, const int[::1] production,
                 const int[::1] offsets, const double[::1] masses, const double[::1] eps_ref,
                 const double[::1] eps_hi):
        self.rows, self.k, self.table, self.S, self.production = rows, k, table, S, production
        self.offsets, self.masses, self.eps_ref, self.eps_hi = offsets, masses, eps_ref, eps_hi

    def __call__(self, crows O, crows P, crows Y, double[:, ::1] out):
        """out[s, i] = r of search s at point i (recast.signal_ratio); returns the first search whose decay
        window has no solution at some point (recast.window_t0's DataError), else −1."""
        if out.shape[0] == 0 or out.shape[1] == 0:
            return -1
        cdef Stack st = block_stack(O, P, Y, &out[0, 0], out.shape[0])
        return self.run(&st, &out[0, 0])

    cdef int run(self, const Stack* st, double* out) noexcept:
        """out[s * n + i] = r of search s at point i of the stack (whose R block is ``out``)."""
        return signal_ratios(st, self.rows, self.k, self.table, self.S, self.production, self.offsets,
                             self.masses, self.eps_ref, self.eps_hi, out)


cdef int signal_ratios(const Stack* st, const int[::1] rows, const double[::1] k, crows table,
                       crows S, const int[::1] production, const int[::1] offsets, const double[::1] masses,
                       const double[::1] eps_ref, const double[::1] eps_hi, double* out) noexcept:
    cdef Py_ssize_t i, s, n = st.n, lo, m
    cdef double M, alpha, unit, br_ee, ref_eps, t0, t1, tau_ref, ref, g, M_w, u
    cdef bint bad
    cdef int failed = -1
    with nogil:
        for i in range(n):
            M, alpha = value(st, rows[R_M], i), value(st, rows[R_ALPHA], i)
            unit = 0.0 + width_dirac(M, k[K_M_E], 1.0, 0.0, alpha) + width_dirac(M, k[K_M_MU], 1.0, 0.0, alpha) \
                + width_dirac(M, k[K_M_TAU], 1.0, 0.0, alpha) \
                + width_hadrons(M, 2.0 / 3.0, -1.0 / 3.0, -1.0 / 3.0, alpha, table, k[K_M_MAX])
            br_ee = width_dirac(M, k[K_M_E], 1.0, 0.0, alpha) / unit
            for s in range(S.shape[0]):
                lo, m = offsets[s], offsets[s + 1] - offsets[s]
                ref_eps = interp(M, &masses[lo], &eps_ref[lo], m, eps_ref[lo], eps_ref[lo + m - 1])
                if S[s, S_DISPLACED] != 0.0:
                    if isfinite(M):
                        M_w = M
                    else:  # a flagged point's M_Zp is NaN: its window is NaN too
                        M_w = masses[lo]
                    bad = False
                    u = window_u(S[s, S_RATIO], sq(interp(M_w, &masses[lo], &eps_ref[lo], m, eps_ref[lo],
                                                          eps_ref[lo + m - 1])),
                                 sq(interp(M_w, &masses[lo], &eps_hi[lo], m, eps_hi[lo], eps_hi[lo + m - 1])), &bad)
                    if bad and failed < 0:
                        failed = s
                    t0 = u * k[K_HBAR] / unit if isfinite(M) else NAN
                    t1 = t0 * (1.0 + S[s, S_RATIO])
                else:
                    t0 = 0.0
                    t1 = S[s, S_FLIGHT] * M / (S[s, S_ENERGY] * k[K_C]) if isfinite(S[s, S_FLIGHT]) else INFINITY
                tau_ref = k[K_HBAR] / (ref_eps * ref_eps * unit)
                ref = ref_eps * ref_eps * br_ee * decay_fraction(tau_ref, t0, t1)
                if production[s] == 0:
                    g = hypot(value(st, rows[R_EPS_V_E], i), value(st, rows[R_EPS_A_E], i))
                else:
                    g = fabs(value(st, rows[R_EPS_V_P], i))
                out[s * n + i] = g * g * value(st, rows[R_BR_EE], i) \
                    * decay_fraction(value(st, rows[R_TAU], i), t0, t1) / ref
                if not (M >= S[s, S_WIN_LO] and M <= S[s, S_WIN_HI]):
                    out[s * n + i] = NAN
    return failed


cdef inline double outside(double x, double lo, double hi, double tol) noexcept nogil:
    """constraints._outside: pull of x with respect to [lo, hi], 0 inside."""
    if x < lo:
        return (x - lo) / (tol * fabs(lo) if lo != 0.0 else tol)
    if x > hi:
        return (x - hi) / (tol * fabs(hi) if hi != 0.0 else tol)
    return 0.0


cdef class Entries:
    """The χ² entries of one data set on one model's rows (chi2_plan.Chi2Plan), bound once."""
    cdef const int[::1] src, groups
    cdef const double[:, ::1] E
    cdef Py_ssize_t m_row

    def __init__(self, const int[::1] src, crows E, Py_ssize_t m_row, const int[::1] groups):
        self.src, self.E, self.m_row, self.groups = src, E, m_row, groups

    def __call__(self, crows O, crows P, crows Y, crows R, bint gaussian, bint hard_bands, double tol,
                 double[::1] total, double[:, ::1] pulls, double[:, ::1] largest):
        """Per point: total[i] = Σ_e χ²_e, pulls[e, i] (constraints.evaluate, likelihood.chi2), and per
        observable g (entries groups[g]..groups[g+1]) the pull of largest |pull| (NaN counted as −1)."""
        if total.shape[0] == 0:
            return
        cdef Stack st = block_stack(O, P, Y, _start(R), R.shape[0])
        self.run(&st, gaussian, hard_bands, tol, &total[0], _row0(pulls), _row0(largest))

    cdef void run(self, const Stack* st, bint gaussian, bint hard_bands, double tol, double* total,
                  double* pulls, double* largest) noexcept:
        """total[i], pulls[e * n + i], largest[g * n + i] at the n points of the stack."""
        entries_chi2(st, self.src, self.E, self.m_row, gaussian, hard_bands, tol, self.groups, total,
                     pulls, largest)


cdef inline double* _row0(double[:, ::1] X) noexcept nogil:
    return &X[0, 0] if X.shape[0] > 0 and X.shape[1] > 0 else NULL


cdef void entries_chi2(const Stack* st, const int[::1] src, crows E, Py_ssize_t m_row,
                       bint gaussian, bint hard_bands, double tol, const int[::1] groups,
                       double* total, double* pulls, double* largest) noexcept:
    cdef Py_ssize_t i, e, g, best, n = st.n
    cdef double M, x, c, p, t, sig, to_lo, to_hi, filled, top
    cdef int kind
    with nogil:
        for i in range(n):
            M = value(st, m_row, i)
            t = 0.0
            for e in range(E.shape[0]):
                x = value(st, src[e], i)
                kind = <int>E[e, E_KIND]
                if isnan(x) or M < E[e, E_WIN_LO] or M > E[e, E_WIN_HI]:
                    c, p = 0.0, NAN
                else:
                    if E[e, E_ABSOLUTE] != 0.0 and kind != MEASUREMENT:
                        x = fabs(x)
                    if kind == MEASUREMENT:
                        sig = E[e, E_SIGMA_PLUS] if x >= E[e, E_VALUE] else E[e, E_SIGMA_MINUS]
                        p = (x - E[e, E_VALUE]) / sig
                        c = p * p
                    elif kind == UPPER_LIMIT:
                        p = (x if x > 0.0 else 0.0) / E[e, E_UL_SIGMA] if E[e, E_ABSOLUTE] == 0.0 else x / E[e, E_UL_SIGMA]
                        c = p * p if gaussian else (INFINITY if x > E[e, E_LIMIT] else 0.0)
                    else:
                        if kind == LOWER_LIMIT:
                            p = outside(x, E[e, E_LIMIT], INFINITY, tol)
                        elif kind == ALLOWED_BAND:
                            p = outside(x, E[e, E_LOWER], E[e, E_UPPER], tol)
                        elif x > E[e, E_LOWER] and x < E[e, E_UPPER]:  # excluded band: to the nearer edge
                            to_lo = (x - E[e, E_LOWER]) / (tol * fabs(E[e, E_LOWER]))
                            to_hi = (x - E[e, E_UPPER]) / (tol * fabs(E[e, E_UPPER]))
                            p = to_lo if fabs(to_lo) <= fabs(to_hi) else to_hi
                        else:
                            p = 0.0
                        c = (INFINITY if p != 0.0 else 0.0) if hard_bands else p * p
                t = t + c
                pulls[e * n + i] = p
            total[i] = t
            for g in range(groups.shape[0] - 1):
                best, top = groups[g], -2.0
                for e in range(groups[g], groups[g + 1]):
                    filled = -1.0 if isnan(pulls[e * n + i]) else fabs(pulls[e * n + i])
                    if filled > top:
                        best, top = e, filled
                largest[g * n + i] = pulls[best * n + i]


cdef class PointChi2:
    """The χ² of one evaluated point, read straight from its buffer [P | O | Y] (the layout of
    evaluation/_point.pyx): the same searches and entries as a block of n = 1, no arrays made."""
    cdef Searches searches
    cdef Entries entries
    cdef Py_ssize_t n_p, n_o, n_y, n_s, n_e, n_g
    cdef tuple ratio_names, pull_names

    def __init__(self, Searches searches, Entries entries, Py_ssize_t n_p, Py_ssize_t n_o, Py_ssize_t n_y,
                 Py_ssize_t n_e, Py_ssize_t n_g, tuple ratio_names, tuple pull_names):
        """``pull_names``: ((name, per_entry, k), ...): the pull of entry k (per_entry) or the largest
        pull of observable k; ``ratio_names`` one per search."""
        self.searches, self.entries = searches, entries
        self.n_p, self.n_o, self.n_y = n_p, n_o, n_y
        self.n_s, self.n_e, self.n_g = len(ratio_names), n_e, n_g
        self.ratio_names, self.pull_names = ratio_names, pull_names

    cdef int run(self, array.array values, double* work, bint gaussian, bint hard_bands, double tol) except? -2:
        """work = [R (n_s) | total | pulls (n_e) | largest (n_g)]; returns the failed search or −1."""
        cdef const double* v = values.data.as_doubles
        cdef Stack st
        cdef int failed = -1
        if len(values) != self.n_p + self.n_o + self.n_y:
            raise ValueError(f"PointChi2: the buffer has {len(values)} slots, expected "
                             f"{self.n_p + self.n_o + self.n_y}")
        st.base[0], st.base[1], st.base[2], st.base[3] = v + self.n_p, v, v + self.n_p + self.n_o, work
        st.rows[0], st.rows[1], st.rows[2], st.rows[3] = self.n_o, self.n_p, self.n_y, self.n_s
        st.n = 1
        if self.n_s:
            failed = self.searches.run(&st, work)
        self.entries.run(&st, gaussian, hard_bands, tol, work + self.n_s, work + self.n_s + 1,
                         work + self.n_s + 1 + self.n_e)
        return failed

    def total(self, array.array values, bint gaussian, bint hard_bands, double tol):
        """(failed search or −1, total χ²) of the point in ``values``."""
        cdef array.array work = array.clone(_DOUBLES, self.n_s + 1 + self.n_e + self.n_g, zero=False)
        cdef int failed = self.run(values, work.data.as_doubles, gaussian, hard_bands, tol)
        return failed, work.data.as_doubles[self.n_s]

    def fill(self, array.array values, dict res, object names, bint gaussian, bint hard_bands, double tol):
        """res[recast.<search>] (those in ``names``, all when None), res["chi2"], res[pull.<...>]: Python
        floats.  Returns the failed search or −1 (then nothing is written)."""
        cdef array.array work = array.clone(_DOUBLES, self.n_s + 1 + self.n_e + self.n_g, zero=False)
        cdef double* w = work.data.as_doubles
        cdef int failed = self.run(values, w, gaussian, hard_bands, tol)
        cdef Py_ssize_t s, k
        if failed >= 0:
            return failed
        for s in range(self.n_s):
            name = self.ratio_names[s]
            if names is None or name in names:
                res[name] = w[s]
        res["chi2"] = w[self.n_s]
        for name, per_entry, k in self.pull_names:
            res[name] = w[self.n_s + 1 + k] if per_entry else w[self.n_s + 1 + self.n_e + k]
        return -1
