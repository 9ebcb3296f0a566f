# Hand-written Cython helper (not generated): the light-mass solve of the SM Yukawas for a COMPLEX
# Dirac matrix (models with CP phases).  The same algorithm, starts and return codes as the real
# modelgen.kernels.lightmass.solve_light_yukawas (unchanged), with:
#   M(y) = M0 + sum_i y_i D_i,  M0 complex, D_i real (single entry D_i[i,i]), y real:
#     the SM Yukawas stay real because a rephasing of e_R,i removes their phases (it moves into
#     the other couplings of e_R,i, which the model may then declare complex: the physics is the
#     same, so no generality is lost and the unknowns stay real);
#   U_L^+ M U_R = diag(masses) (modelgen.kernels.cjacobi.zdirac_svd_jacobi: the complex one-sided
#     Jacobi SVD, warm-started from the previous iterate, as the real solve uses jacobi.pxd; zgesvd,
#     clinalg.zdirac_svd, is its fallback and the ``lapack`` reference path), ds_k/dy_j = Re(u_k^+ D_j v_k);
#   block seesaw S = M_lh M_hh^-1 M_hl complex, effective light mass m_i = y_i D_i[i,i] + delta_i,
#     delta_i = -S_ii; the branch is sign(Re(m_i) Re(delta_i)) (+1: the real part of the
#     mixing-induced mass adds to the tree-level one), i.e. sign(branch_i) sign(Re delta_i) is the
#     side of y_i D_i[i,i] - Re S_ii; it is sign(branch_i) when |Re delta_i| <= 1e-9 t_i.  For real
#     M0 this is exactly the real solve's branch.  A root exists only if |Im S_ii| < t_i (at
#     leading order): otherwise no start converges (SOLVE_NO_CONVERGENCE).
# cython: language_level=3
from libc.math cimport fabs, INFINITY
from scipy.linalg.cython_lapack cimport zgesv

from modelgen.kernels.clinalg cimport CNMAX, zdirac_svd, cabs2, cconj
from modelgen.kernels.cjacobi cimport zdirac_svd_jacobi, zrefine_left_vectors
from modelgen.kernels.lightmass cimport (_greedy_match, _solve_small, _no_mixing, newton_stop,
                                         newton_converged, solved_code, SOLVE_OK, SOLVE_NO_CONVERGENCE,
                                         SOLVE_LAPACK, SOLVE_WRONG_FLAVOUR, SOLVE_WRONG_BRANCH,
                                         NEWTON_CONTINUE, NEWTON_FAILED, NEWTON_LAPACK,
                                         N_SCHUR, N_STARTS, MAX_NEWTON)


cdef inline double _zflavour_weight(const double complex* UL, const double complex* UR, int n, int f,
                                    int k) noexcept nogil:
    """|U_L[f,k]|^2 + |U_R[f,k]|^2: weight of mass state k on flavour f."""
    return cabs2(UL[f * n + k]) + cabs2(UR[f * n + k])


cdef inline void _zassign(const double complex* UL, const double complex* UR, int n, int ns,
                          int* state) noexcept nogil:
    """state[f] = light state followed by flavour f (lightmass._greedy_match on the weights)."""
    cdef double w[CNMAX * CNMAX]
    cdef int f, k
    for f in range(ns):
        for k in range(ns):
            w[f * ns + k] = _zflavour_weight(UL, UR, n, f, k)
    _greedy_match(w, ns, state)


cdef inline double _re_rotate(const double complex* UL, const double* D, const double complex* UR, int n,
                              int k) noexcept nogil:
    """Re (U_L^+ D U_R)[k, k] for a real D: ds_k/dy of M -> M + y D."""
    cdef int a, b
    cdef double complex s = 0.0, r
    for a in range(n):
        r = 0.0
        for b in range(n):
            if D[a * n + b] != 0.0:
                r = r + D[a * n + b] * UR[b * n + k]
        s = s + cconj(UL[a * n + k]) * r
    return s.real


cdef inline int _znewton(const double complex* M0, const double* D, int ns, const double* target, int n,
                         double* y, double* masses, double complex* UL, double complex* UR,
                         bint lapack) noexcept nogil:
    """Flavour-following Newton on s_{state(f)}(y) = t_f until lightmass.newton_stop (as
    lightmass._newton): singular values and vectors at every iterate from cjacobi.zdirac_svd_jacobi,
    warm-started after the first iterate from the previous U_R (a step changes only the light
    diagonal entries), so the light masses are resolved relative to themselves and the stop is the
    relative one (|F_i| <= 4 eps t_i); at the converged point U_L is refined
    (cjacobi.zrefine_left_vectors: relative accuracy in its small components).  ``lapack`` forces
    zgesvd (clinalg.zdirac_svd, absolute accuracy eps m_max only) throughout: the reference path of
    the twins and benchmarks.  lightmass._newton's return codes."""
    cdef double complex M[CNMAX * CNMAX]
    cdef double J[CNMAX * CNMAX]
    cdef double F[CNMAX]
    cdef int state[CNMAX]
    cdef int i, j, a, it, stop
    cdef double prev = INFINITY
    for it in range(MAX_NEWTON):
        for i in range(ns):
            if not fabs(y[i]) < 1e300:
                return NEWTON_FAILED
        for a in range(n * n):
            M[a] = M0[a]
        for i in range(ns):
            for a in range(n * n):
                M[a] = M[a] + y[i] * D[i * n * n + a]
        if (zdirac_svd(M, n, masses, UL, UR) if lapack else
                zdirac_svd_jacobi(M, n, masses, UL, UR, it > 0)) != 0:
            return NEWTON_LAPACK
        _zassign(UL, UR, n, ns, state)
        for i in range(ns):
            F[i] = masses[state[i]] - target[i]
        stop = newton_stop(F, target, masses[n - 1], ns, &prev)
        if stop != NEWTON_CONTINUE:
            stop = newton_converged(stop, masses, n, ns, target)
            if stop != NEWTON_FAILED and not lapack:
                zrefine_left_vectors(M, n, UL, UR)
            return stop
        for i in range(ns):
            for j in range(ns):
                J[i * ns + j] = _re_rotate(UL, D + j * n * n, UR, n, state[i])
        if _solve_small(J, F, ns) != 0:
            return NEWTON_FAILED
        for i in range(ns):
            y[i] -= F[i]
    return NEWTON_FAILED


cdef inline int _zcheck(const double* y, const double* masses, const double complex* UL,
                        const double complex* UR, int n, int ns, const double* target, const double* side,
                        const double* reS, const double* scale) noexcept nogil:
    """0, SOLVE_WRONG_FLAVOUR or SOLVE_WRONG_BRANCH (sign(y_i D_i[i,i] - Re S_ii) != side_i)."""
    cdef int i, f
    cdef double tol
    for i in range(ns):
        tol = 1e-10 * target[i] + 64 * 2.220446049250313e-16 * masses[n - 1]
        if fabs(masses[i] - target[i]) > tol:
            return SOLVE_WRONG_FLAVOUR
        for f in range(ns):
            if f != i and _zflavour_weight(UL, UR, n, f, i) >= _zflavour_weight(UL, UR, n, i, i):
                return SOLVE_WRONG_FLAVOUR
    for i in range(ns):
        if (y[i] * scale[i] - reS[i]) * side[i] <= 0:
            return SOLVE_WRONG_BRANCH
    return SOLVE_OK


cdef inline int _zsolve_light(const double complex* M0, const double* D, int ns, const double* target,
                              const double* branch, int n, double* y, double* masses,
                              double complex* UL, double complex* UR, bint lapack) noexcept nogil:
    """Solve the ns real diagonal SM Yukawas y so the ns lightest singular values of the complex
    M(y) = M0 + sum_i y_i D_i equal ``target`` with light state i dominantly flavour i and each root
    on its branch (file header).  Starts y_i = (c side_i t_i + Re S_ii)/D_i[i,i], c = 1, 8, 64, 512,
    then +-t_i/D_i[i,i]; return codes of lightmass.solve_light_yukawas.  ``lapack``: zgesvd instead
    of the Jacobi SVD in the Newton steps (_znewton)."""
    cdef double complex Mhh[CNMAX * CNMAX]
    cdef double complex X[CNMAX * CNMAX]
    cdef double complex s
    cdef double reS[CNMAX]
    cdef double side[CNMAX]
    cdef double scale[CNMAX]
    cdef int piv[CNMAX]
    cdef int i, j, a, b, attempt, r, converged, info = 0, nh = n - ns, nrhs = ns
    cdef int worst = SOLVE_NO_CONVERGENCE
    cdef double c = 1.0, sgn
    if n > CNMAX:
        return SOLVE_LAPACK
    if nh > 0:                       # Schur complement (Fortran: column-major copies)
        for a in range(nh):
            for b in range(nh):
                Mhh[a + b * nh] = M0[(ns + a) * n + ns + b]
            for j in range(ns):
                X[a + j * nh] = M0[(ns + a) * n + j]
        zgesv(&nh, &nrhs, Mhh, &nh, piv, X, &nh, &info)
    for i in range(ns):
        scale[i] = D[i * n * n + i * n + i]
        s = 0.0
        if nh > 0 and info == 0:
            for a in range(nh):
                s = s + M0[i * n + ns + a] * X[a + i * nh]
        reS[i] = s.real
        if not fabs(reS[i]) < 1e300:
            reS[i] = 0.0
        sgn = 1.0 if branch[i] >= 0 else -1.0
        side[i] = sgn
        if fabs(reS[i]) > _no_mixing() * target[i]:
            side[i] = -sgn if reS[i] > 0 else sgn
    for attempt in range(N_STARTS):
        for i in range(ns):
            if attempt < N_SCHUR:
                y[i] = (c * side[i] * target[i] + reS[i]) / scale[i]
            else:
                y[i] = (1.0 if attempt == N_SCHUR else -1.0) * target[i] / scale[i]
        c *= 8.0
        converged = _znewton(M0, D, ns, target, n, y, masses, UL, UR, lapack)
        if converged == NEWTON_LAPACK:
            return SOLVE_LAPACK
        if converged == NEWTON_FAILED:
            continue
        r = _zcheck(y, masses, UL, UR, n, ns, target, side, reS, scale)
        if r == SOLVE_OK:
            return solved_code(converged)
        if r > worst:
            worst = r
    return worst


cdef inline int zsolve_light_yukawas(const double complex* M0, const double* D, int ns, const double* target,
                                     const double* branch, int n, double* y, double* masses,
                                     double complex* UL, double complex* UR) noexcept nogil:
    """_zsolve_light of the arguments with the complex Jacobi SVD in the Newton steps (the kernels' call)."""
    return _zsolve_light(M0, D, ns, target, branch, n, y, masses, UL, UR, False)
