"""Compare predictions with one data entry: χ² contribution, signed pull, pass/fail (vectorised).

Consumes a prediction array and a :class:`modelgen.data.Entry`; produces per-point χ², pull and a
status code.  Conventions (every pull is "prediction minus nearest allowed value", so its sign says
on which side the prediction lies):

* ``measurement``: pull = (x − v)/σ with σ₊ above and σ₋ below the central value; χ² = pull².
* ``upper_limit`` (on |x| when ``absolute``): ``limits="gaussian"`` treats the limit L at
  confidence CL as a half-normal centred at 0 with σ = L/Φ⁻¹((1+CL)/2); pull = x/σ ≥ 0, χ² = pull².
  ``limits="hard"``: χ² = 0 below L, +inf above (pull as in the Gaussian case, for information).
* ``lower_limit``, ``allowed_band``, ``excluded_band``: ``bands="hard"`` gives χ² = +inf outside
  the allowed region; ``bands="penalty"`` χ² = pull² with pull = (x − nearest allowed edge) /
  (tolerance·|edge|) — a smooth heuristic, not a likelihood.  Inside: χ² = 0, pull = 0.
* ``info``: not a constraint (χ² = 0, pull NaN).
A NaN prediction, or an M_Z' outside the entry's ``valid_M_Zp`` window, is skipped (χ² = 0, pull NaN).
The named checks (NA64, KLOE-2, E141, NA48/2, TEXONO, APV, cLFV, EDM) are :func:`allowed` on the
quantity each bounds, with the default entry keys of the built-in data sets; the visible-decay
searches bound the recast signal ratio of :mod:`modelgen.observables.recast`.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from modelgen.data import Dataset, Entry
from modelgen.errors import ParameterError
from modelgen.observables.recast import signal_ratios

__all__ = ["OK", "VIOLATED", "SKIPPED", "INFO", "WINDOW_AXIS", "window_mass", "evaluate", "allowed",
           "na64", "kloe2", "e141", "na48_2", "texono", "apv", "clfv", "edm"]

OK, VIOLATED, SKIPPED, INFO = 0, 1, 2, 3
#: the output whose value a data entry's ``valid_M_Zp`` window bounds: the X boson's physical mass (GeV)
WINDOW_AXIS = "M_Zp"


def window_mass(outputs):
    """The mass (GeV) that data entries' ``valid_M_Zp`` windows refer to, read from ``outputs`` (a
    mapping of output names), or None when the outputs carry none (a model without a Z')."""
    return outputs.get(WINDOW_AXIS)


@lru_cache(maxsize=None)
def _two_sided_quantile(cl):
    """Φ⁻¹((1+CL)/2), cached: scipy's ppf costs ~0.1 ms per call, which dominated a one-point χ²."""
    from scipy.special import ndtri  # imported on first use: scipy.special costs ~0.2 s (scipy.stats ~0.5 s)
    return float(ndtri(0.5 * (1.0 + cl)))


def _outside(x, lo, hi, tol):
    """Pull of x with respect to the interval [lo, hi] (0 inside)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return _outside_raw(x, lo, hi, tol)


def _outside_raw(x, lo, hi, tol):
    below = (x - lo) / (tol * abs(lo) if lo != 0 else tol)
    above = (x - hi) / (tol * abs(hi) if hi != 0 else tol)
    return np.where(x < lo, below, np.where(x > hi, above, 0.0))


def evaluate(pred, entry: Entry, M_Zp=None, *, limits="gaussian", bands="hard", tolerance=0.1,
             nsigma=2.0):
    """(χ², pull, status) arrays of ``pred`` against ``entry``; see the module docstring.

    ``status`` is OK, VIOLATED (outside a limit/band, or |pull| > ``nsigma`` for a measurement),
    SKIPPED (NaN or outside the mass window) or INFO.
    """
    if limits not in ("gaussian", "hard") or bands not in ("hard", "penalty"):
        raise ValueError(f"limits must be 'gaussian'|'hard' and bands 'hard'|'penalty', got {limits!r}, {bands!r}")
    x = np.asarray(pred, float)
    if M_Zp is not None:
        x = np.broadcast_arrays(x, np.asarray(M_Zp, float))[0].astype(float)
    skip = np.isnan(x)
    if entry.valid_M_Zp is not None and M_Zp is not None:
        lo, hi = entry.valid_M_Zp
        m = np.broadcast_to(np.asarray(M_Zp, float), x.shape)
        skip = skip | (m < lo) | (m > hi)
    x = np.where(skip, 0.0, x)
    if entry.absolute and entry.kind not in ("measurement", "info"):
        x = np.abs(x)
    kind = entry.kind
    if kind == "info":
        return np.zeros_like(x), np.full_like(x, np.nan), np.where(skip, SKIPPED, INFO)
    if kind == "measurement":
        sig = np.where(x >= entry.value, entry.uncertainty_plus, entry.uncertainty_minus)
        pull = (x - entry.value) / sig
        chi2, bad = pull**2, np.abs(pull) > nsigma
    elif kind == "upper_limit":
        sigma = entry.limit / _two_sided_quantile(entry.cl)
        pull = np.maximum(x, 0.0) / sigma if not entry.absolute else x / sigma
        bad = x > entry.limit
        chi2 = pull**2 if limits == "gaussian" else np.where(bad, np.inf, 0.0)
    else:
        if kind == "lower_limit":
            pull = _outside(x, entry.limit, np.inf, tolerance)
        elif kind == "allowed_band":
            pull = _outside(x, entry.lower, entry.upper, tolerance)
        else:  # excluded_band: distance to the nearer edge, signed towards it
            inside = (x > entry.lower) & (x < entry.upper)
            to_lo = (x - entry.lower) / (tolerance * abs(entry.lower))
            to_hi = (x - entry.upper) / (tolerance * abs(entry.upper))
            pull = np.where(inside, np.where(np.abs(to_lo) <= np.abs(to_hi), to_lo, to_hi), 0.0)
        bad = pull != 0.0
        chi2 = np.where(bad, np.inf, 0.0) if bands == "hard" else pull**2
    status = np.where(skip, SKIPPED, np.where(bad, VIOLATED, OK))
    return np.where(skip, 0.0, chi2), np.where(skip, np.nan, pull), status


def allowed(pred, dataset: Dataset, observable: str, M_Zp=None, *, key: str | None = None):
    """True where ``pred`` passes every active entry for ``observable`` (or entry ``key``).

    Hard-cut semantics: limits and bands as cuts, measurements within 2σ; skipped points pass.
    """
    entries = [dataset.entry(key)] if key else dataset.for_observable(observable)
    ok = np.ones(np.shape(np.asarray(pred)), bool)
    for e in entries:
        _, _, status = evaluate(pred, e, M_Zp, limits="hard")
        ok = ok & (status != VIOLATED)
    return ok


def _recast_allowed(outputs: dict, dataset: Dataset, key: str):
    """True where the model's signal in search ``key`` is below the published dark-photon limit."""
    entry = dataset.entry(key)
    ratio = signal_ratios(outputs, dataset).get(entry.observable, outputs.get(entry.observable))
    if ratio is None:
        raise ParameterError(f"{key}: outputs lack what the recast needs (alpha, BR_Zp.e_e, tau_Zp and the "
                             f"production coupling); pass the dict of evaluator + compute() outputs")
    return allowed(ratio, dataset, entry.observable, window_mass(outputs), key=key)


def na64(outputs: dict, dataset: Dataset, key: str = "NA64_2020"):
    """NA64 visible mode (e-beam dump): the excluded ε_e band recast through BR(X→ee) and τ_X."""
    return _recast_allowed(outputs, dataset, key)


def kloe2(outputs: dict, dataset: Dataset):
    """KLOE-2 e⁺e⁻ → Xγ, X → ee (prompt): ε_e² BR_X(ee) against ε_lim² BR_A'(ee)."""
    return _recast_allowed(outputs, dataset, "KLOE2")


def e141(outputs: dict, dataset: Dataset):
    """E141 beam dump: the excluded ε_e band recast through BR(X→ee) and τ_X."""
    return _recast_allowed(outputs, dataset, "E141")


def na48_2(outputs: dict, dataset: Dataset):
    """NA48/2 π⁰ → γX(→ee) (prompt): ε_p² BR_X(ee) against ε_lim² BR_A'(ee)."""
    return _recast_allowed(outputs, dataset, "NA48_2")


def texono(eps_L_nu_e, eps_VA_e, M_Zp, dataset: Dataset):
    """TEXONO ν̄_e e: bound on √|ε_ν ε_e|."""
    q = np.sqrt(np.abs(np.asarray(eps_L_nu_e, float) * np.asarray(eps_VA_e, float)))
    return allowed(q, dataset, "eps_nu_e.nu_e", M_Zp)


def apv(dQW, dataset: Dataset):
    """ΔQ_W(Cs) within 2σ of Q_W^exp − Q_W^SM."""
    return allowed(dQW, dataset, "dQW_Cs")


def clfv(outputs: dict, dataset: Dataset):
    """All cLFV limits of the data set on the outputs present (BR_mu_egamma, BR_tau_*gamma, ...)."""
    names = [o for o in dataset.observables if o.startswith(("BR_mu_", "BR_tau_", "CR_mu_e")) and o in outputs]
    ok = np.ones(np.shape(np.asarray(outputs[names[0]])) if names else (), bool)
    for o in names:
        ok = ok & allowed(outputs[o], dataset, o)
    return ok


def edm(d_e, dataset: Dataset):
    """Electron EDM limit (|d_e|, e·cm)."""
    return allowed(d_e, dataset, "d_e")
