"""Light-mass solve of the SM Yukawas, vectorised over points (NumPy reference of the kernel's
modelgen.kernels.lightmass.solve_light_yukawas: same starts, acceptance checks and return codes).

Consumes, per point, the Yukawa-free Dirac matrix M0 (n x n), the derivative matrices D_i (single
entry D_i[i,i]: the light block is the first k rows/columns, index i = flavour i), the targets
t (ascending light masses) and the branch of each root (+-1); produces y with
M(y) = M0 + sum_i y_i D_i whose k lightest singular values are t, light state i dominantly
flavour i (weight |U_L[i,i]|^2 + |U_R[i,i]|^2 above that on any other flavour), each root on its
branch, and a code per point (CODES).

Branch (Model.solve_yukawa): with S = M_lh M_hh^-1 M_hl of M0 the block-seesaw light mass is
m_i = y_i D_i[i,i] + delta_i, delta_i = -S_ii; branch +1 is sign(m_i delta_i) = +1, i.e.
y_i D_i[i,i] - S_ii on the side sign(delta_i) (sign(branch) without mixing, |delta_i| <= NO_MIXING t_i).
A complex M0 (CP phases; y and D stay real) is solved the same way with M = U_L diag(s) U_R^+,
ds_k/dy_i = Re(u_k^+ D_i v_k), weights |U|^2 and the branch read from Re S_ii
(modelgen.kernels.clightmass); for real M0 every step is the real one.
"""
from __future__ import annotations

import numpy as np

__all__ = ["solve_light_yukawas", "schur_diagonal", "CODES", "STARTS", "NO_MIXING"]

#: return codes (as the kernel's SOLVE_* enum)
CODES = {0: "solved", 1: "no start converged (or only to an unresolvable |y|)",
         3: "converged only to solutions with a light state mostly of another flavour",
         4: "converged only on the other root (branch)"}
#: ("schur", c): y_i = (c side_i t_i + S_ii)/D_i[i,i]; ("free", sign): y_i = sign t_i/D_i[i,i]
STARTS = (("schur", 1.0), ("schur", 8.0), ("schur", 64.0), ("schur", 512.0), ("free", 1.0), ("free", -1.0))
#: |delta_i| <= NO_MIXING t_i: no mixing-induced mass, the branch is sign(y_i)
NO_MIXING = 1e-9
_TINY = 64 * np.finfo(float).eps


def schur_diagonal(M0, k):
    """S_ii = (M_lh M_hh^-1 M_hl)_ii of the (N, n, n) matrices M0 (0 where M_hh is singular)."""
    n = M0.shape[0]
    S = np.zeros((n, k), M0.dtype)
    light, heavy = np.arange(k), np.arange(k, M0.shape[1])
    if not len(heavy):
        return S
    with np.errstate(all="ignore"):
        Mhh = M0[:, heavy][:, :, heavy]
        ok = np.abs(np.linalg.det(Mhh)) > 0
        if ok.any():
            X = np.linalg.solve(Mhh[ok], M0[ok][:, heavy][:, :, light])
            S[ok] = np.einsum("nii->ni", M0[ok][:, light][:, :, heavy] @ X)
    return np.where(np.isfinite(S), S, 0.0)


def solve_light_yukawas(M0, D, target, branch, tol=1e-12, maxiter=60):
    """(y, code) for N points: M0 (N, n, n), D (N, k, n, n), target (N, k) ascending, branch (N, k)
    read as a sign (>= 0 is +1).  The first start (STARTS) whose Newton solution passes the checks
    wins; y = NaN where no start does (code 1, 3 or 4: the most specific failure)."""
    n, k = target.shape
    scale = np.stack([D[:, i, i, i] for i in range(k)], axis=1)
    S = schur_diagonal(M0, k).real
    b = np.where(branch >= 0, 1.0, -1.0)
    side = np.where(np.abs(S) > NO_MIXING * target, -b * np.sign(S), b)
    y = np.full((n, k), np.nan)
    code = np.full(n, 1)
    todo = np.arange(n)
    for kind, c in STARTS:
        t = target[todo]
        y0 = (c * side[todo] * t + S[todo] if kind == "schur" else c * t) / scale[todo]
        yt, conv = _newton(M0[todo], D[todo], t, y0, tol, maxiter)
        got = np.where(conv, _check(M0[todo], D[todo], yt, t, side[todo], S[todo], scale[todo]), 1)
        y[todo[got == 0]] = yt[got == 0]
        code[todo] = np.where(got == 0, 0, np.maximum(code[todo], got))
        todo = todo[got != 0]
        if not len(todo):
            break
    return y, code


def _svd(M):
    """Batched SVD, singular values ascending: (s, U_L, U_R) with M = U_L diag(s) U_R^+."""
    u, s, vh = np.linalg.svd(M)
    return s[:, ::-1], u[:, :, ::-1], np.swapaxes(vh.conj(), 1, 2)[:, :, ::-1]


def _solve_batched(J, F):
    """J^-1 F per point; least squares where J is singular; 0 where nothing is finite."""
    step = np.zeros_like(F)
    with np.errstate(all="ignore"):
        good = np.isfinite(J).all(axis=(1, 2)) & (np.abs(np.linalg.det(J)) > 0)
        if good.any():
            step[good] = np.linalg.solve(J[good], F[good][..., None])[..., 0]
        bad = ~good & np.isfinite(J).all(axis=(1, 2))
        if bad.any():
            step[bad] = (np.linalg.pinv(J[bad]) @ F[bad][..., None])[..., 0]
    return np.where(np.isfinite(step), step, 0.0)


def _assign(W):
    """state[:, f] = light state followed by flavour f: greedy matching on W[:, f, state],
    largest flavour weight first (a bijection per point)."""
    n, k, _ = W.shape
    W = W.copy()
    state = np.zeros((n, k), int)
    r = np.arange(n)
    for _ in range(k):
        f, j = np.divmod(W.reshape(n, -1).argmax(axis=1), k)
        state[r, f] = j
        W[r, f, :] = -1.0
        W[r, :, j] = -1.0
    return state


def _newton(M0, D, target, y, tol, maxiter):
    """Newton on s_{state(f)}(y) = t_f with ds_k/dy_j = Re(u_k^+ D_j v_k); (y, converged).  A point
    converges only if LAPACK's accuracy 64 eps m_max is <= 1e-3 t (not at |y| -> infinity)."""
    n, k = y.shape
    y = y.copy()
    conv = np.zeros(n, bool)
    active = np.arange(n)
    for _ in range(maxiter):
        active = active[np.all(np.abs(y[active]) < 1e300, axis=1)]
        if not len(active):
            break
        Da, ya, ta = D[active], y[active], target[active]
        s, u, v = _svd(M0[active] + np.einsum("ni,nijk->njk", ya, Da))
        state = _assign(np.abs(u[:, :k, :k]) ** 2 + np.abs(v[:, :k, :k]) ** 2)
        F = np.take_along_axis(s, state, axis=1) - ta
        done = np.all(np.abs(F) <= np.maximum(tol * ta, _TINY * s[:, -1:]), axis=1)
        conv[active[done & np.all(_TINY * s[:, -1:] <= 1e-3 * ta, axis=1)]] = True
        keep = ~done
        if not keep.any():
            break
        us = np.take_along_axis(u[keep], state[keep][:, None, :], axis=2)
        vs = np.take_along_axis(v[keep], state[keep][:, None, :], axis=2)
        J = np.stack([np.einsum("nak,nab,nbk->nk", us.conj(), Da[keep, i], vs).real for i in range(k)], axis=2)
        active = active[keep]
        y[active] = ya[keep] - _solve_batched(J, F[keep])
    return y, conv


def _check(M0, D, y, target, side, S, scale):
    """0 ok; 3 the k lightest masses are not the targets in order, or light state i has a weight
    on another flavour >= that on flavour i; 4 y_i D_ii - S_ii is not on ``side``."""
    n, k = y.shape
    with np.errstate(all="ignore"):
        s, u, v = _svd(M0 + np.einsum("ni,nijk->njk", np.where(np.isfinite(y), y, 0.0), D))
    W = np.abs(u[:, :k, :k]) ** 2 + np.abs(v[:, :k, :k]) ** 2    # W[:, flavour, state]
    masses = np.all(np.abs(s[:, :k] - target) <= 1e-10 * target + _TINY * s[:, -1:], axis=1)
    diag = np.einsum("nii->ni", W)
    dominant = np.all((W < diag[:, None, :]) | np.eye(k, dtype=bool), axis=(1, 2))
    on_side = np.all((y * scale - S) * side > 0, axis=1)
    return np.where(masses & dominant, np.where(on_side, 0, 4), 3)
