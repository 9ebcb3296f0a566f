"""Global fit and profile likelihood: a model, a data set and free-parameter boxes in; results out.

Stages of :func:`fit`:
1. objective — :class:`~modelgen.fitting.objective.Chi2` over the free parameters (others fixed);
2. seeds — ``multistart`` points uniform in the box, ranked by χ² (evaluated in ONE batched
   evaluator call, or one call per point with ``batched=False``); the best ``keep`` seeds and the
   user's ``start`` become start points;
3. local minima — :func:`~modelgen.fitting.minimize.minimize` from each start (MIGRAD + HESSE, or the
   SciPy fallback when iminuit is not installed); the lowest valid minimum wins;
4. report — :class:`~modelgen.fitting.result.FitResult` with χ²/ndf and per-entry contributions.

:func:`profile` fixes one parameter on a grid and minimises χ² over the others at each value,
returning a table (dict of arrays) with a column named after the parameter, ``chi2``,
``delta_chi2`` = χ² − min χ² and the profiled parameters' best values.
"""
from __future__ import annotations

import warnings

import numpy as np

from modelgen.errors import ParameterError
from modelgen.fitting.minimize import Minimum, have_iminuit, minimize
from modelgen.fitting.objective import INVALID, Chi2
from modelgen.fitting.result import FitResult, contributions
from modelgen.observables.constraints import WINDOW_AXIS

__all__ = ["fit", "profile"]

_METHODS = ("migrad", "minos", "scipy")


def _evaluator(model):
    from modelgen.evaluate import Evaluator, evaluator
    return model if isinstance(model, Evaluator) else evaluator(model)


def _setup(model, data, free, fixed, chi2_options):
    from modelgen.evaluation.blocks import dataset_of as _dataset
    ev = _evaluator(model)
    if data is None:
        raise ParameterError("fit: a data set is required (a built-in name, a TOML path or a Dataset)")
    return Chi2(ev, _dataset(data), free, fixed, chi2_options)


def _backend(method, notes):
    if method not in _METHODS:
        raise ParameterError(f"fit: method {method!r} is not one of {', '.join(_METHODS)}")
    if method == "scipy":
        return "scipy"
    if have_iminuit():
        return "iminuit"
    notes.append(f"iminuit is not installed: method {method!r} ran with the SciPy fallback (L-BFGS-B + "
                 f"finite-difference Hessian; no MINOS); `pip install iminuit` for MIGRAD")
    return "scipy"


def _starts(obj, start, multistart, keep, rng, batched):
    """Start points: the user's start (box centre if none and no multistart) + best seeds."""
    pts = []
    if start is not None:
        unknown = set(start) - set(obj.names)
        if unknown:
            raise ParameterError(f"fit: start value(s) for {', '.join(sorted(unknown))}, which are not free "
                                 f"(free: {', '.join(obj.names)})")
        centre = 0.5 * (obj.lower + obj.upper)
        pts.append(np.array([float(start.get(n, c)) for n, c in zip(obj.names, centre)]))
    if multistart:
        seeds = obj.sample(int(multistart), rng)
        chi = obj.batch(seeds) if batched else np.array([obj(s) for s in seeds])
        pts += [seeds[i] for i in np.argsort(chi, kind="stable")[:keep] if chi[i] < INVALID]
    if not pts:
        pts.append(0.5 * (obj.lower + obj.upper))
    return pts


def _best(minima: list[Minimum]) -> Minimum:
    return min(minima, key=lambda m: (not m.valid, m.chi2))


def fit(model, data, free: dict, fixed: dict | None = None, start: dict | None = None, method="migrad",
        multistart: int = 0, seed=None, keep: int = 3, batched: bool = True, chi2_options=None) -> FitResult:
    """Minimise χ²(free parameters) of ``model`` against ``data``; see the module docstring.

    model: a built-in name, a Model or an Evaluator.  data: data-set name, TOML path or Dataset.
    free: ``{name: (min, max)}`` boxes (inside each parameter's allowed range); fixed: ``{name:
    value}`` (others keep their defaults).  method: "migrad" (MIGRAD + HESSE), "minos" (+ MINOS
    intervals) or "scipy".  multistart: number of uniform seeds (the best ``keep`` are minimised).
    chi2_options: passed to :func:`modelgen.observables.chi2` (default Gaussian limits, smooth
    band penalties, so that χ² stays finite for the minimiser).
    """
    obj = _setup(model, data, free, fixed, chi2_options)
    notes: list[str] = []
    backend = _backend(method, notes)
    rng = np.random.default_rng(seed)
    starts = _starts(obj, start, multistart, keep, rng, batched)
    best = _best([minimize(obj, s, backend, minos=(method == "minos")) for s in starts])
    if best.message:
        notes.append(best.message)
    if best.chi2 >= INVALID:
        notes.append("the best point is flagged by the kernel (status != 0): no valid fit in this box")
    out = obj.outputs_at(best.values)
    rows, skipped = contributions(out, obj.dataset, obj.options)
    if skipped:  # χ² sums only the entries that apply: elsewhere in the box the set may differ
        notes.append(f"{len(skipped)} entr{'y' if len(skipped) == 1 else 'ies'} skipped at the best fit (output "
                     f"missing, NaN prediction or {WINDOW_AXIS} outside the entry's window), not in chi2 or ndf: "
                     f"{', '.join(skipped)}")
    ev = obj.ev
    units = {n: ev.parameters[n]["unit"] for n in ev.parameters}
    return FitResult(model=ev.model, dataset=obj.dataset.name, names=obj.names,
                     values=dict(zip(obj.names, map(float, best.values))),
                     errors=dict(zip(obj.names, map(float, best.errors))), covariance=best.covariance,
                     chi2=best.chi2, ndf=len(rows) - len(obj.names), contributions=rows, units=units,
                     fixed=dict(obj.fixed), backend=backend, valid=best.valid and best.chi2 < INVALID,
                     nfev=obj.nfev, n_starts=len(starts), minos=best.minos, notes=notes)


def profile(model, data, parameter: str, values, free: dict | None = None, fixed: dict | None = None,
            method="migrad", multistart: int = 0, seed=None, batched: bool = True, chi2_min=None,
            chi2_options=None) -> dict:
    """Profile χ² of ``parameter`` at each of ``values``, minimising over ``free`` (the others).

    Returns ``{parameter: values, "chi2": ..., "delta_chi2": ..., <free name>: best value, "valid":
    bool}`` (a table writable as CSV/Parquet).  ``delta_chi2`` is relative to the smaller of
    ``chi2_min`` (e.g. a global fit's χ²) and the smallest χ² on the grid.  Each grid point starts from the
    previous point's minimum; with ``multistart`` the seeds of all grid points are ranked in one
    batched evaluator call (``batched=False``: one call per seed).
    """
    from modelgen.evaluation.blocks import dataset_of as _dataset
    model, data = _evaluator(model), _dataset(data)  # resolved once for every grid point
    values = np.asarray(values, float).ravel()
    others = {k: v for k, v in (free or {}).items() if k != parameter}
    fixed = dict(fixed or {})
    if parameter in fixed:
        raise ParameterError(f"profile: {parameter!r} is both the profiled parameter and fixed")
    notes: list[str] = []
    table = {parameter: values, "chi2": np.empty(len(values)), "valid": np.zeros(len(values), bool)}
    if not others:  # nothing to minimise: χ² on the grid, one call
        if parameter not in model.parameters:
            raise ParameterError(f"profile: {parameter!r} is not a parameter of model {model.model!r}")
        info = model.parameters[parameter]
        obj = _setup(model, data, {parameter: (info["lower"], info["upper"])}, fixed, chi2_options)
        table["chi2"] = obj.batch(values[:, None]) if batched else np.array([obj([v]) for v in values])
        table["valid"] = table["chi2"] < INVALID
    else:
        backend = _backend(method, notes)
        objs = [_setup(model, data, others, {**fixed, parameter: v}, chi2_options) for v in values]
        seeds = _profile_seeds(objs, parameter, values, multistart, np.random.default_rng(seed), batched)
        for name in objs[0].names:
            table[name] = np.empty(len(values))
        previous = None
        for i, obj in enumerate(objs):
            starts = [s for s in (previous, seeds[i]) if s is not None]
            best = _best([minimize(obj, s, backend) for s in starts] if starts
                         else [minimize(obj, 0.5 * (obj.lower + obj.upper), backend)])
            table["chi2"][i], table["valid"][i] = best.chi2, best.valid and best.chi2 < INVALID
            for k, name in enumerate(obj.names):
                table[name][i] = best.values[k]
            previous = best.values
    for note in notes:
        warnings.warn(f"profile of {parameter}: {note}", stacklevel=2)
    ref = np.min(table["chi2"]) if chi2_min is None else min(float(chi2_min), np.min(table["chi2"]))
    ordered = {parameter: values, "chi2": table["chi2"], "delta_chi2": table["chi2"] - ref}
    ordered.update((k, v) for k, v in table.items() if k not in ordered)
    return ordered


def _profile_seeds(objs, parameter, values, multistart, rng, batched):
    """Best of ``multistart`` uniform seeds per grid point (None without multistart)."""
    if not multistart:
        return [None] * len(objs)
    n = int(multistart)
    seeds = [o.sample(n, rng) for o in objs]
    if batched:  # every grid point's seeds in one evaluator call, the profiled value varying per row
        chi = objs[0].batch(np.concatenate(seeds), vary={parameter: np.repeat(values, n)}).reshape(len(objs), n)
    else:
        chi = np.array([[o(s) for s in S] for o, S in zip(objs, seeds)])
    return [S[int(np.argmin(c))] if np.min(c) < INVALID else None for S, c in zip(seeds, chi)]
