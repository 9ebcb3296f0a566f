"""χ² objective of a fit: free-parameter vectors in, χ² values out (one point or a batch).

Consumes an :class:`~modelgen.evaluate.Evaluator`, a :class:`~modelgen.data.Dataset`, the names
and boxes of the free parameters and the fixed values; produces χ²(θ) = Σ_entries χ²_entry
(:func:`modelgen.observables.chi2`) for one θ (:meth:`Chi2.__call__`, what MIGRAD calls) or for
many θ in one evaluator call (:meth:`Chi2.batch`: multistart seeds, profile seeds, Hessians).

Invariant: a point the kernel flags as fatal (NaN outputs, status ≠ 0) gets χ² = ``INVALID``, never
the χ² of its skipped (NaN) predictions, which would be 0 and attract the minimiser.
"""
from __future__ import annotations

import numpy as np

from modelgen.errors import ParameterError

__all__ = ["Chi2", "INVALID"]

# χ² given to points the kernel could not evaluate (a wall the minimisers stay away from)
INVALID = 1e12


class Chi2:
    """χ²(θ) for θ = values of ``names`` (in order) inside the box ``lower`` ≤ θ ≤ ``upper``."""

    def __init__(self, ev, dataset, free: dict, fixed: dict | None = None, chi2_options=None):
        self.ev, self.dataset = ev, dataset
        self.names = tuple(free)
        fixed = dict(fixed or {})
        for name in list(self.names) + list(fixed):
            if name not in ev.parameters:
                raise ParameterError(f"fit: {name!r} is not a parameter of model {ev.model!r} "
                                     f"(parameters: {', '.join(ev.parameters)})")
        both = set(self.names) & set(fixed)
        if both:
            raise ParameterError(f"fit: parameter(s) {', '.join(sorted(both))} are both free and fixed")
        if not self.names:
            raise ParameterError("fit: no free parameter given")
        box = []
        for name, bounds in free.items():
            info = ev.parameters[name]
            try:
                lo, hi = (float(b) for b in bounds)
            except (TypeError, ValueError):
                raise ParameterError(f"fit: free parameter {name!r} needs a (min, max) pair, got {bounds!r}") from None
            if not (info["lower"] <= lo < hi <= info["upper"]):
                raise ParameterError(f"fit: box of {name!r} = [{lo:g}, {hi:g}] must satisfy min < max inside "
                                     f"its allowed range [{info['lower']:g}, {info['upper']:g}] {info['unit']}".rstrip())
            box.append((lo, hi))
        self.lower = np.array([b[0] for b in box])
        self.upper = np.array([b[1] for b in box])
        self.fixed = fixed
        self.options = dict(chi2_options or {"limits": "gaussian", "bands": "penalty"})
        self._probe = ev.outputs[0]  # every output of a fatal point is NaN
        self.nfev = 0
        # one point's parameter column in kernel order (fixed values checked here, once); a call
        # writes θ into the free rows and takes ev.point_array, whose values end with chi2
        mid = dict(self._params((self.lower + self.upper) / 2))
        column = ev.table.point({k: float(v) for k, v in mid.items()}, {})
        self._column = np.array(column, float)
        self._free = np.array([ev.table.index[name] for name in self.names])

    def _params(self, theta):
        p = dict(self.fixed)
        p.update(zip(self.names, theta))
        return p

    def _chi2(self, out):
        bad = (np.asarray(out["status"]) != 0) & np.isnan(np.asarray(out[self._probe], float))
        total = np.asarray(out["chi2"], float)
        return np.where(bad | ~np.isfinite(total), INVALID, total)

    def __call__(self, theta) -> float:
        """χ² at one point (a float, INVALID for a flagged point), through ``ev.point_array``."""
        self.nfev += 1
        x = self._column.copy()
        x[self._free] = theta
        values, status = self.ev.point_array(x, data=self.dataset, chi2_options=self.options)
        bad = status != 0 and values[0] != values[0]  # values[0] is the probe, ev.outputs[0]
        return INVALID if bad or not np.isfinite(values[-1]) else float(values[-1])

    def batch(self, thetas, vary=None) -> np.ndarray:
        """χ² at each row of ``thetas[N, n_free]`` in one evaluator call; ``vary`` = ``{fixed
        parameter: N values}`` replaces fixed values per row (a profile's grid)."""
        thetas = np.asarray(thetas, float)
        self.nfev += len(thetas)
        out = self.ev({**self._params(thetas.T), **(vary or {})}, data=self.dataset, outputs=[self._probe],
                      chi2_options=self.options)
        return self._chi2(out)

    def outputs_at(self, theta) -> dict:
        """Every output (and ``chi2``, pulls) at one point, for the report."""
        return self.ev(self._params(theta), data=self.dataset, chi2_options=self.options)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` points uniform in the box, shape [n, n_free]."""
        return self.lower + (self.upper - self.lower) * rng.random((n, len(self.names)))
