# Hand-written Cython helper (not generated): the light-mass solve of the SM Yukawas.
# Consumes the Yukawa-free Dirac matrix M0, the derivative matrices D_i (single entry D_i[i,i]: the
# light block is the first ns rows/columns, row/column i = flavour i), the targets (ascending light
# masses) and the branch of each root; produces the solved y, the spectrum and U_L, U_R of
# M(y) = M0 + sum_i y_i D_i  (conventions of modelgen.kernels.leptons / modelgen.derive.numeric).
# The same algorithm, vectorised, is modelgen.derive.numeric.LeptonPipeline._solve_y.
# cython: language_level=3
from libc.math cimport fabs, INFINITY
from scipy.linalg.cython_lapack cimport dgesv

from modelgen.kernels.linalg cimport NMAX, dirac_svd, rotate
from modelgen.kernels.jacobi cimport dirac_svd_jacobi_split, refine_left_vectors_split
from modelgen.kernels.blocks cimport coupled_blocks

# return codes of solve_light_yukawas (the kernel maps them to status bits)
cdef enum:
    SOLVE_OK = 0
    SOLVE_NO_CONVERGENCE = 1
    SOLVE_LAPACK = 2
    SOLVE_WRONG_FLAVOUR = 3
    SOLVE_WRONG_BRANCH = 4
    # solved and checked, but a light mass is reproduced only to the SVD's absolute floor
    # 64 eps m_max, not to 1e-12 relative (newton_stop's NEWTON_FLOOR): a non-fatal flag
    SOLVE_ABSOLUTE_FLOOR = 5
    # newton_stop's answers and _newton's return codes
    NEWTON_CONTINUE = 0
    NEWTON_RELATIVE = 1
    NEWTON_FLOOR = 2
    NEWTON_CONVERGED = 0
    NEWTON_FAILED = 1
    NEWTON_LAPACK = 2
    NEWTON_CONVERGED_FLOOR = 3
    # starts tried in turn: y_i = (c side_i t_i + S_ii)/D_i[i,i], c = 8^attempt (N_SCHUR of them),
    # then the mixing-free y_i = +t_i/D_i[i,i] and -t_i/D_i[i,i]
    N_SCHUR = 4
    N_STARTS = 6
    MAX_NEWTON = 60


cdef inline double _no_mixing() noexcept nogil:
    """|delta_i| <= _no_mixing() t_i counts as no mixing-induced mass: the branch is then sign(y_i)."""
    return 1e-9


cdef inline int _solve_small(double* J, double* F, int k) noexcept nogil:
    """Solve J x = F in place (x -> F) for k <= NMAX, row-major J, partial pivoting."""
    cdef int i, j, r, p
    cdef double t, piv
    for i in range(k):
        p = i
        for r in range(i + 1, k):
            if fabs(J[r * k + i]) > fabs(J[p * k + i]):
                p = r
        if J[p * k + i] == 0.0:
            return 1
        if p != i:
            for j in range(k):
                t = J[i * k + j]; J[i * k + j] = J[p * k + j]; J[p * k + j] = t
            t = F[i]; F[i] = F[p]; F[p] = t
        for r in range(i + 1, k):
            piv = J[r * k + i] / J[i * k + i]
            for j in range(i, k):
                J[r * k + j] -= piv * J[i * k + j]
            F[r] -= piv * F[i]
    for i in range(k - 1, -1, -1):
        t = F[i]
        for j in range(i + 1, k):
            t -= J[i * k + j] * F[j]
        F[i] = t / J[i * k + i]
    return 0


cdef inline double _flavour_weight(const double* UL, const double* UR, int n, int f, int k) noexcept nogil:
    """|U_L[f,k]|^2 + |U_R[f,k]|^2: weight of mass state k on flavour f (l_L,f and e_R,f)."""
    return UL[f * n + k] * UL[f * n + k] + UR[f * n + k] * UR[f * n + k]


cdef inline void _greedy_match(const double* w, int ns, int* state) noexcept nogil:
    """state[f] = k of a greedy matching on the weights w[f * ns + k] (largest first; a bijection
    of the ns flavours onto the ns lightest states).  Shared by the real and complex solves."""
    cdef int f, k, a, bf = 0, bk = 0
    cdef int used_f[NMAX]
    cdef int used_k[NMAX]
    cdef double best
    for f in range(ns):
        used_f[f] = 0
        used_k[f] = 0
    for a in range(ns):
        best = -1.0
        for f in range(ns):
            if used_f[f]:
                continue
            for k in range(ns):
                if not used_k[k] and w[f * ns + k] > best:
                    best = w[f * ns + k]; bf = f; bk = k
        used_f[bf] = 1
        used_k[bk] = 1
        state[bf] = bk


cdef inline void _assign(const double* UL, const double* UR, int n, int ns, int* state) noexcept nogil:
    """state[f] = light state (among the ns lightest) followed for flavour f: greedy matching,
    largest flavour weight first; a bijection."""
    cdef double w[NMAX * NMAX]
    cdef int f, k
    for f in range(ns):
        for k in range(ns):
            w[f * ns + k] = _flavour_weight(UL, UR, n, f, k)
    _greedy_match(w, ns, state)


cdef inline int newton_stop(const double* F, const double* target, double m_max, int ns,
                            double* prev) noexcept nogil:
    """Stop rule of the light-mass Newton on F_i = m_i - t_i.  Stop when every |F_i| <= 4 eps t_i
    (relative accuracy: a light mass off by LAPACK's 64 eps m_max is m_i (1 - O(1e-10)) next to TeV
    states, and a_l ~ m_l^2 then moves as much as a mixing theta^2 ~ 1e-10 does), or at the rounding
    floor: every |F_i| <= max(1e-12 t_i, 64 eps m_max) (LAPACK's absolute accuracy) and the last step
    did not halve max_i |F_i|/t_i (``prev``, updated here; start it at infinity).  The floor is where
    the light mass of the double matrix stops moving with y: a 4 eps goal is out of reach when m_i is
    a cancelling sum (tree-level y_i v/sqrt2 against the mixing-induced part, or the terms of the
    determinant of a generation's block), typically by 10-1000 eps.
    Returns NEWTON_CONTINUE, NEWTON_RELATIVE (stopped with every |F_i| <= 1e-12 t_i) or NEWTON_FLOOR
    (stopped with some 1e-12 t_i < |F_i| <= 64 eps m_max: reproduced only to the absolute floor)."""
    cdef double err = 0.0, tol
    cdef int i
    cdef bint rel = True, floor = True
    for i in range(ns):
        if fabs(F[i]) > 4 * 2.220446049250313e-16 * target[i]:
            rel = False
        tol = 1e-12 * target[i]
        if tol < 64 * 2.220446049250313e-16 * m_max:
            tol = 64 * 2.220446049250313e-16 * m_max
        if not fabs(F[i]) <= tol:
            floor = False
        if fabs(F[i]) > err * target[i]:
            err = fabs(F[i]) / target[i]
    if rel:
        return NEWTON_RELATIVE
    if floor and err > 0.5 * prev[0]:
        return NEWTON_RELATIVE if err <= 1e-12 else NEWTON_FLOOR
    prev[0] = err
    return NEWTON_CONTINUE


cdef inline int newton_converged(int stop, const double* masses, int n, int ns,
                                 const double* target) noexcept nogil:
    """_newton's return code at a stop (newton_stop != NEWTON_CONTINUE): NEWTON_FAILED unless
    resolvable (LAPACK's absolute accuracy 64 eps m_max <= 1e-3 of every target: rejects spurious
    "solutions" at |y| -> infinity, where that tolerance is huge), else NEWTON_CONVERGED (relative
    stop) or NEWTON_CONVERGED_FLOOR.  Shared by the real and complex Newton."""
    cdef int i
    for i in range(ns):
        if 64 * 2.220446049250313e-16 * masses[n - 1] > 1e-3 * target[i]:
            return NEWTON_FAILED
    return NEWTON_CONVERGED if stop == NEWTON_RELATIVE else NEWTON_CONVERGED_FLOOR


cdef inline int solved_code(int converged) noexcept nogil:
    """The solve's return code for a start whose solution passed the checks: SOLVE_OK, or
    SOLVE_ABSOLUTE_FLOOR when its Newton stopped at the absolute floor (NEWTON_CONVERGED_FLOOR)."""
    return SOLVE_ABSOLUTE_FLOOR if converged == NEWTON_CONVERGED_FLOOR else SOLVE_OK


cdef inline int _sparse_terms(const double* D, int ns, int n, int* idx, double* val, int* start) noexcept nogil:
    """The nonzero entries of the ns derivative matrices D_j (row-major n x n, stacked): those of D_j
    are idx[start[j]:start[j + 1]] (flat row-major indices, ascending) with values val.  Returns 0,
    or 1 when they do not fit NMAX * NMAX entries (the caller then keeps the dense loops)."""
    cdef int j, a, t = 0
    for j in range(ns):
        start[j] = t
        for a in range(n * n):
            if D[j * n * n + a] != 0.0:
                if t >= NMAX * NMAX:
                    return 1
                idx[t] = a
                val[t] = D[j * n * n + a]
                t += 1
    start[ns] = t
    return 0


cdef inline double _rotate_sparse(const double* U1, const double* U2, int n, const int* idx,
                                  const double* val, int nnz, int a, int b) noexcept nogil:
    """linalg.rotate(U1, n, G, U2, n, a, b) = (U1^T G U2)[a, b] for a G given by its nnz nonzero
    entries (flat row-major indices idx ascending, values val): the same sums in the same order
    (per row i, then U1[i, a] times the row's sum), the exact zeros of G skipped."""
    cdef int t, i, row = -1
    cdef double s = 0.0, r = 0.0
    for t in range(nnz):
        i = idx[t] // n
        if i != row:
            if row >= 0 and U1[row * n + a] != 0.0:
                s += U1[row * n + a] * r
            row = i
            r = 0.0
        r += val[t] * U2[(idx[t] - i * n) * n + b]
    if row >= 0 and U1[row * n + a] != 0.0:
        s += U1[row * n + a] * r
    return s


cdef inline int _newton(const double* M0, const double* D, int ns, const double* target, int n,
                        double* y, double* masses, double* UL, double* UR, bint lapack) noexcept nogil:
    """Newton on s_{state(f)}(y) = t_f, each flavour following its light state (_assign), with the
    exact derivative ds_k/dy_j = u_k^T D_j v_k, until newton_stop.  Return codes NEWTON_CONVERGED,
    NEWTON_CONVERGED_FLOOR (newton_converged), NEWTON_FAILED, NEWTON_LAPACK.

    Every iterate needs singular vectors (_assign, the Jacobian, the caller's U_L, U_R).  They come
    from jacobi.dirac_svd_jacobi, warm-started after the first iterate from the previous U_R (a
    Newton step changes only the light diagonal entries, so one or two sweeps finish it), LAPACK
    being its fallback (M's blocks found once per zero pattern: dirac_svd_jacobi_split); at the
    converged point U_L is refined (jacobi.refine_left_vectors: relative
    accuracy in its small components, a second Jacobi run only there); ``lapack`` forces
    linalg.dirac_svd throughout (the reference path of the twins and benchmarks/bench_vll.py)."""
    cdef double M[NMAX * NMAX]
    cdef double J[NMAX * NMAX]
    cdef double F[NMAX]
    cdef int state[NMAX]
    cdef int nz_idx[NMAX * NMAX]
    cdef double nz_val[NMAX * NMAX]
    cdef int nz_start[NMAX + 1]
    cdef int i, j, a, t, it, stop
    cdef double prev = INFINITY
    # M's blocks (coupled_blocks, exact zeros only): M0's zeros are fixed, only the entries that the
    # y_i touch can change zero-ness, so the blocks are found again only when one of those does
    # (every iterate when D is not sparse): the same blocks as a call per iterate
    cdef int label[2 * NMAX]
    cdef bint zero[NMAX * NMAX]
    cdef bint same
    cdef int nb = -1
    # D_j as lists of nonzero entries (one each in the VLL models): M(y) and the Jacobian then skip
    # the exact zeros, same values as the dense loops
    cdef bint sparse = _sparse_terms(D, ns, n, nz_idx, nz_val, nz_start) == 0
    for it in range(MAX_NEWTON):
        for i in range(ns):
            if not fabs(y[i]) < 1e300:
                return NEWTON_FAILED
        for a in range(n * n):
            M[a] = M0[a]
        if sparse:
            for i in range(ns):
                for t in range(nz_start[i], nz_start[i + 1]):
                    M[nz_idx[t]] += y[i] * nz_val[t]
        else:
            for i in range(ns):
                for a in range(n * n):
                    M[a] += y[i] * D[i * n * n + a]
        if not lapack:
            same = sparse and nb > 0
            if sparse:
                for t in range(nz_start[ns]):
                    if zero[t] != (M[nz_idx[t]] == 0.0):
                        same = False
                    zero[t] = M[nz_idx[t]] == 0.0
            if not same:
                nb = coupled_blocks(M, n, False, label) if n <= NMAX else 1
        if (dirac_svd(M, n, masses, UL, UR) if lapack else
                dirac_svd_jacobi_split(M, n, masses, UL, UR, it > 0, nb, label)) != 0:
            return NEWTON_LAPACK
        _assign(UL, UR, n, ns, state)
        for i in range(ns):
            F[i] = masses[state[i]] - target[i]
        stop = newton_stop(F, target, masses[n - 1], ns, &prev)
        if stop != NEWTON_CONTINUE:
            stop = newton_converged(stop, masses, n, ns, target)
            if stop != NEWTON_FAILED and not lapack:
                refine_left_vectors_split(M, n, UL, nb)
            return stop
        for i in range(ns):
            for j in range(ns):
                if sparse:
                    J[i * ns + j] = _rotate_sparse(UL, UR, n, nz_idx + nz_start[j], nz_val + nz_start[j],
                                                   nz_start[j + 1] - nz_start[j], state[i], state[i])
                else:
                    J[i * ns + j] = rotate(UL, n, D + j * n * n, UR, n, state[i], state[i])
        if _solve_small(J, F, ns) != 0:
            return NEWTON_FAILED
        for i in range(ns):
            y[i] -= F[i]
    return NEWTON_FAILED


cdef inline int _check(const double* y, const double* masses, const double* UL, const double* UR,
                       int n, int ns, const double* target, const double* side, const double* S,
                       const double* scale) noexcept nogil:
    """0, SOLVE_WRONG_FLAVOUR (the ns lightest masses are not the targets in order, or light state i
    has a larger weight on another flavour) or SOLVE_WRONG_BRANCH (sign(y_i v/sqrt2 - S_ii) != side_i)."""
    cdef int i, f
    cdef double tol
    for i in range(ns):
        tol = 1e-10 * target[i] + 64 * 2.220446049250313e-16 * masses[n - 1]
        if fabs(masses[i] - target[i]) > tol:
            return SOLVE_WRONG_FLAVOUR
        for f in range(ns):
            if f != i and _flavour_weight(UL, UR, n, f, i) >= _flavour_weight(UL, UR, n, i, i):
                return SOLVE_WRONG_FLAVOUR
    for i in range(ns):
        if (y[i] * scale[i] - S[i]) * side[i] <= 0:
            return SOLVE_WRONG_BRANCH
    return SOLVE_OK


cdef inline int _solve_light(const double* M0, const double* D, int ns, const double* target,
                             const double* branch, int n, double* y, double* masses,
                             double* UL, double* UR, bint lapack) noexcept nogil:
    """Solve the ns diagonal SM Yukawas y so that the ns lightest singular values of
    M(y) = M0 + sum_i y_i D_i equal ``target`` (ascending), light state i is dominantly flavour i
    (its weight |U_L[i,i]|^2 + |U_R[i,i]|^2 exceeds that on any other flavour) and each root lies
    on the requested branch.

    Branch (Model.solve_yukawa): with S = M_lh M_hh^-1 M_hl of M0 (block seesaw), the effective light
    mass is m_i = y_i D_i[i,i] + delta_i, delta_i = -S_ii the mixing-induced part; branch_i >= 0 asks
    for sign(m_i delta_i) = +1, branch_i < 0 for -1, i.e. for y_i D_i[i,i] - S_ii on the side
    side_i = sign(branch_i) sign(delta_i) (sign(branch_i) when |delta_i| <= _no_mixing() t_i or M_hh is
    singular).  Starts y_i = (c side_i t_i + S_ii)/D_i[i,i], c = 1, 8, 64, 512 (the light state may
    be mostly vector-like, so its slope in y_i is smaller than D_i[i,i]), then y_i = +-t_i/D_i[i,i]
    (for a crossing S_ii/D_i[i,i] at non-perturbative y); flavour-following Newton (_newton) from
    each; the first start whose solution passes _check is returned.  Return codes:
    SOLVE_OK, SOLVE_ABSOLUTE_FLOOR (solved, but a light mass only to newton_stop's absolute floor),
    SOLVE_NO_CONVERGENCE (no start converged), SOLVE_LAPACK, SOLVE_WRONG_FLAVOUR
    (converged only to solutions with a light state mostly of another flavour), SOLVE_WRONG_BRANCH
    (converged only on the other root).
    """
    cdef double Mhh[NMAX * NMAX]
    cdef double X[NMAX * NMAX]
    cdef double S[NMAX]
    cdef double side[NMAX]
    cdef double scale[NMAX]
    cdef int piv[NMAX]
    cdef int i, j, a, b, attempt, r, converged, info = 0, nh = n - ns, nrhs = ns
    cdef int worst = SOLVE_NO_CONVERGENCE
    cdef double c = 1.0, sgn
    # Schur complement S_ii = (M_lh M_hh^-1 M_hl)_ii (Fortran: column-major copies)
    if nh > 0:
        for a in range(nh):
            for b in range(nh):
                Mhh[a + b * nh] = M0[(ns + a) * n + ns + b]
            for j in range(ns):
                X[a + j * nh] = M0[(ns + a) * n + j]
        dgesv(&nh, &nrhs, Mhh, &nh, piv, X, &nh, &info)
    for i in range(ns):
        scale[i] = D[i * n * n + i * n + i]
        S[i] = 0.0
        if nh > 0 and info == 0:
            for a in range(nh):
                S[i] += M0[i * n + ns + a] * X[a + i * nh]
        if not fabs(S[i]) < 1e300:
            S[i] = 0.0
        sgn = 1.0 if branch[i] >= 0 else -1.0
        side[i] = sgn
        if fabs(S[i]) > _no_mixing() * target[i]:
            side[i] = -sgn if S[i] > 0 else sgn
    for attempt in range(N_STARTS):
        for i in range(ns):
            if attempt < N_SCHUR:
                y[i] = (c * side[i] * target[i] + S[i]) / scale[i]
            else:
                y[i] = (1.0 if attempt == N_SCHUR else -1.0) * target[i] / scale[i]
        c *= 8.0
        converged = _newton(M0, D, ns, target, n, y, masses, UL, UR, lapack)
        if converged == NEWTON_LAPACK:
            return SOLVE_LAPACK
        if converged == NEWTON_FAILED:
            continue
        r = _check(y, masses, UL, UR, n, ns, target, side, S, scale)
        if r == SOLVE_OK:
            return solved_code(converged)
        if r > worst:           # report the most specific failure: branch > flavour > convergence
            worst = r
    return worst


cdef inline int solve_light_yukawas(const double* M0, const double* D, int ns, const double* target,
                                    const double* branch, int n, double* y, double* masses,
                                    double* UL, double* UR) noexcept nogil:
    """_solve_light of the arguments with the Jacobi SVD in the Newton steps (the kernels' call)."""
    return _solve_light(M0, D, ns, target, branch, n, y, masses, UL, UR, False)
