"""Local minimisation of a :class:`~modelgen.fitting.objective.Chi2` from one start point.

Consumes the objective and a start θ₀ inside its box; produces a :class:`Minimum` (θ̂, covariance,
χ²_min, MINOS intervals when asked, validity).  Backends:

* ``iminuit``: MIGRAD, then HESSE (covariance = 2·H⁻¹ of χ², errordef = 1), MINOS optional
  (F. James, MINUIT reference manual, CERN D506).
* ``scipy``: L-BFGS-B (``scipy.optimize.minimize``) and a central-difference Hessian of χ²
  evaluated in one batched evaluator call, covariance = 2·H⁻¹ (same definition as HESSE).

Both work in box coordinates u = (θ − lo)/(hi − lo) ∈ [0, 1] so that parameters of very different
size (g_BL ~ 1e-3, M_Z' ~ 1e-2 GeV, M_L ~ 1e3 GeV) have steps of comparable size.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Minimum", "minimize", "have_iminuit"]


@dataclass
class Minimum:
    """One local minimum in parameter units."""

    values: np.ndarray
    errors: np.ndarray
    covariance: np.ndarray
    chi2: float
    valid: bool
    backend: str
    nfev: int
    minos: dict | None = None
    message: str = ""


def have_iminuit() -> bool:
    try:
        import iminuit  # noqa: F401  (availability check)
    except ImportError:
        return False
    return True


def minimize(obj, start, backend="iminuit", minos=False) -> Minimum:
    """Minimum of ``obj`` from ``start`` (θ units) with ``backend`` "iminuit" or "scipy"."""
    lo, span = obj.lower, obj.upper - obj.lower
    u0 = np.clip((np.asarray(start, float) - lo) / span, 0.0, 1.0)
    n0 = obj.nfev
    if backend == "iminuit":
        m = _iminuit(obj, u0, lo, span, minos)
    else:
        m = _scipy(obj, u0, lo, span)
    m.nfev = obj.nfev - n0
    return m


def _iminuit(obj, u0, lo, span, minos):
    from iminuit import Minuit

    names = list(obj.names)
    m = Minuit(lambda u: obj(lo + span * u), u0, name=names)
    m.errordef = Minuit.LEAST_SQUARES
    m.limits = [(0.0, 1.0)] * len(names)
    m.errors = [0.02] * len(names)
    m.migrad()
    m.hesse()
    merr = None
    if minos and m.valid:
        m.minos()
        merr = {n: (m.merrors[n].lower * span[i], m.merrors[n].upper * span[i]) for i, n in enumerate(names)}
    u = np.array(m.values)
    cov = np.array(m.covariance) * np.outer(span, span) if m.covariance is not None else np.full((len(u),) * 2, np.nan)
    msg = "" if m.valid else f"MIGRAD: {m.fmin}"
    return Minimum(lo + span * u, np.array(m.errors) * span, cov, float(m.fval), bool(m.valid),
                   "iminuit", 0, merr, msg)


def _scipy(obj, u0, lo, span):
    from scipy.optimize import minimize as sp_minimize

    res = sp_minimize(lambda u: obj(lo + span * u), u0, method="L-BFGS-B", bounds=[(0.0, 1.0)] * len(u0),
                      options={"ftol": 1e-12, "gtol": 1e-10, "maxiter": 2000})
    u = res.x
    H = _hessian(obj, u, lo, span)
    try:
        cov_u = 2.0 * np.linalg.inv(H)
        ok = bool(res.success) and np.all(np.linalg.eigvalsh(H) > 0)
    except np.linalg.LinAlgError:
        cov_u, ok = np.full_like(H, np.nan), False
    cov = cov_u * np.outer(span, span)
    err = np.sqrt(np.where(np.diag(cov) > 0, np.diag(cov), np.nan))
    msg = "" if ok else f"L-BFGS-B: {res.message}; Hessian positive definite: {ok}"
    return Minimum(lo + span * u, err, cov, float(res.fun), ok, "scipy", 0, None, msg)


def _stencil(u, h):
    """Central-difference points of the Hessian (rows) and how to combine them."""
    k = len(u)
    pts = [u.copy()]
    for i in range(k):
        for s in (1, -1):
            p = u.copy()
            p[i] += s * h[i]
            pts.append(p)
    for i in range(k):
        for j in range(i + 1, k):
            for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
                p = u.copy()
                p[i] += si * h[i]
                p[j] += sj * h[j]
                pts.append(p)
    return np.array(pts)


def _hessian(obj, u, lo, span):
    """∂²χ²/∂u_i∂u_j by central differences, the whole stencil in one batched call.

    Steps are chosen twice: 1e-4 first, then 0.3 σ_i from the first diagonal (σ_i = √(2/H_ii)), so
    that the stencil samples the quadratic region whatever the χ² curvature.
    """
    k = len(u)
    h = np.full(k, 1e-4)
    for _ in range(2):
        h = np.minimum(h, np.maximum(np.minimum(u, 1.0 - u), 1e-12))  # the stencil stays in the box
        f = obj.batch(lo + span * _stencil(u, h))
        f0, diag = f[0], f[1:1 + 2 * k].reshape(k, 2)
        H = np.diag((diag[:, 0] - 2 * f0 + diag[:, 1]) / h**2)
        pos = 1 + 2 * k
        for i in range(k):
            for j in range(i + 1, k):
                fpp, fpm, fmp, fmm = f[pos:pos + 4]
                H[i, j] = H[j, i] = (fpp - fpm - fmp + fmm) / (4 * h[i] * h[j])
                pos += 4
        curv = np.diag(H)
        h = np.clip(0.3 * np.sqrt(2.0 / np.where(curv > 0, curv, np.inf)), 1e-10, 0.05)
        h = np.where(curv > 0, h, 1e-4)
    return H
