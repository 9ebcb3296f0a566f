"""The evaluator's χ² against a data set in compiled code: tables built once per (evaluator, data set).

Consumes a :class:`~modelgen.data.Dataset` and the evaluator's row index ``{name: row}`` of the
virtual stack [O; P; Y] (kernel outputs, parameters, compiled observables of
:mod:`modelgen.observables.derived`); produces, per block, what the NumPy path
(:func:`~modelgen.observables.recast.signal_ratios` then :func:`~modelgen.observables.chi2`) returns:
the recast ratios ``recast.<search>``, the total χ² and the pulls, same names and order.  The
entries and searches are those the NumPy path would use on the same names: recast entries (active or
not) whose inputs exist, then the active non-info entries of each observable present (likelihood's
``_constraints``).  Numbers agree with the NumPy path to a few ulp (libm against NumPy's SIMD
exp/log/expm1; the recast's Newton solve stops at 8 ulp), tests/observables/test_chi2_plan.py.
"""
from __future__ import annotations

import numpy as np

from modelgen.errors import DataError
from modelgen.observables import decays, hadrons
from modelgen.observables._chi2 import Entries, PointChi2, Searches
from modelgen.observables.constraints import _two_sided_quantile
from modelgen.observables.likelihood import _constraints
from modelgen.observables.recast import PREFIX, _cached_search

__all__ = ["KINDS", "RECAST_INPUTS", "Chi2Plan"]

#: entry kinds in the order of _chi2.pyx (info entries never enter the χ²)
KINDS = ("measurement", "upper_limit", "lower_limit", "allowed_band", "excluded_band")
#: rows the recast reads, in the order of _chi2.pyx
RECAST_INPUTS = ("M_Zp", "alpha", "BR_Zp.e_e", "tau_Zp", "eps_V.e", "eps_A.e", "eps_V.p")
_CONSTANTS = np.array([decays.HBAR_GEV_S, decays.HBARC_GEV_M / decays.HBAR_GEV_S, hadrons.M_MAX_GEV,
                       *decays.LEPTON_MASSES.values()])
_TABLE = np.ascontiguousarray(hadrons.r_ratio_table())


def _number(x, fill):
    """A data field as a float, ``fill`` when the entry has none."""
    return fill if x is None else float(x)


class Chi2Plan:
    """``plan(P, O, Y, limits=..., bands=..., tolerance=...)`` → (ratios, total χ², pulls); ``plan.point`` and
    ``plan.point_total`` for one evaluated point buffer."""

    def __init__(self, dataset, index: dict, n_rows: int):
        """``index``: {name: row of [O; P; Y]} (the rows the NumPy path would read under each name),
        ``n_rows``: the height of that stack; the recast ratios are the rows after it."""
        searches, available = [], dict(index)
        for e in dataset:  # recast.signal_ratios: every recast entry, active or not, once per observable
            if not e.observable.startswith(PREFIX) or e.observable in available:
                continue
            s = _cached_search(e)
            coupling = ("eps_V.e", "eps_A.e") if s.production == "e" else ("eps_V.p",)
            if all(k in index for k in ("M_Zp", "alpha", "BR_Zp.e_e", "tau_Zp") + coupling):
                available[e.observable] = n_rows + len(searches)
                searches.append(s)
        self.searches = tuple(searches)
        self._ratio_names = tuple(PREFIX + s.name for s in searches)
        self._points = {}  # layout (n_p, n_o, n_y) -> PointChi2
        curves = [(s.masses, s.eps_limit or s.eps_lower, s.eps_upper or (0.0,) * len(s.masses)) for s in searches]
        self._searches = Searches(
            np.array([index.get(k, -1) for k in RECAST_INPUTS], dtype=np.intc), _CONSTANTS, _TABLE,
            np.array([[s.search == "displaced", s.length_ratio, s.max_flight, s.energy, *s.window]
                      for s in searches]).reshape(len(searches), 6),
            np.array([s.production != "e" for s in searches], dtype=np.intc),
            np.cumsum([0] + [len(s.masses) for s in searches]).astype(np.intc),
            *(np.array([x for c in curves for x in c[j]], dtype=float) for j in range(3)))
        has_M = "M_Zp" in index
        rows, src, groups, self.pull_names = [], [], [0], []
        for obs, entries in _constraints(dataset):
            if obs not in available:
                continue
            for e in entries:
                lo, hi = e.valid_M_Zp if (e.valid_M_Zp is not None and has_M) else (-np.inf, np.inf)
                rows.append([KINDS.index(e.kind), _number(e.value, np.nan), _number(e.uncertainty_plus, np.nan),
                             _number(e.uncertainty_minus, np.nan), _number(e.limit, np.nan),
                             e.limit / _two_sided_quantile(e.cl) if e.kind == "upper_limit" else np.nan,
                             _number(e.lower, np.nan), _number(e.upper, np.nan), e.absolute, lo, hi])
                src.append(available[obs])
            groups.append(len(src))
            if len(entries) > 1:
                self.pull_names += [(f"pull.{obs}:{e.key}", True, len(src) - len(entries) + j)
                                    for j, e in enumerate(entries)]
            self.pull_names.append((f"pull.{obs}", False, len(groups) - 2))
        self._n_entries, self._n_groups = len(src), len(groups) - 1
        self._entries = Entries(np.array(src, dtype=np.intc), np.array(rows, dtype=float).reshape(len(rows), 11),
                                index.get("M_Zp", -1), np.array(groups, dtype=np.intc))

    def _run(self, P, O, Y, limits, bands, tolerance):
        gaussian, hard = self._options(limits, bands)
        n = O.shape[1]
        R = np.empty((len(self.searches), n))
        if self.searches:
            failed = self._searches(O, P, Y, R)
            if failed >= 0:
                raise self._recast_failed(failed)
        total, pulls, largest = np.empty(n), np.empty((self._n_entries, n)), np.empty((self._n_groups, n))
        self._entries(O, P, Y, R, gaussian, hard, float(tolerance), total, pulls, largest)
        return R, total, pulls, largest

    def __call__(self, P, O, Y, *, limits="gaussian", bands="hard", tolerance=0.1):
        """(``{recast.<search>: r}``, total χ², ``{pull.<observable>[:<entry>]: pull}``) at every point."""
        R, total, pulls, largest = self._run(P, O, Y, limits, bands, tolerance)
        ratios = dict(zip(self._ratio_names, R))
        return ratios, total, {name: (pulls if per_entry else largest)[k] for name, per_entry, k in self.pull_names}

    def _options(self, limits, bands):
        if self._n_entries and (limits not in ("gaussian", "hard") or bands not in ("hard", "penalty")):
            raise ValueError(f"limits must be 'gaussian'|'hard' and bands 'hard'|'penalty', got {limits!r}, {bands!r}")
        return limits == "gaussian", bands == "hard"

    def _recast_failed(self, failed):
        s = self.searches[failed]
        return DataError(f"recast {s.name}: no decay window reproduces the published band with "
                         f"L_dec/L_sh = {s.length_ratio:g}")

    def _point_chi2(self, layout):
        """The compiled one-point χ² (_chi2.PointChi2) on buffers [P | O | Y] of ``layout`` (n_p, n_o, n_y)."""
        point = self._points.get(layout)
        if point is None:
            point = self._points[layout] = PointChi2(self._searches, self._entries, *layout, self._n_entries,
                                                     self._n_groups, self._ratio_names, tuple(self.pull_names))
        return point

    def point(self, values, layout, res, names=None, *, limits="gaussian", bands="hard", tolerance=0.1):
        """One evaluated point (the array.array buffer [P | O | Y] of ``layout`` = (n_p, n_o, n_y)): writes
        ``recast.<search>`` (those in ``names``, all when None), ``chi2`` and the pulls into ``res`` as
        Python floats, the numbers :meth:`__call__` gives on a block of n = 1."""
        gaussian, hard = self._options(limits, bands)
        failed = self._point_chi2(layout).fill(values, res, names, gaussian, hard, float(tolerance))
        if failed >= 0:
            raise self._recast_failed(failed)
        return res

    def point_total(self, values, layout, *, limits="gaussian", bands="hard", tolerance=0.1):
        """The total χ² alone of one evaluated point (a fit's call), see :meth:`point`."""
        gaussian, hard = self._options(limits, bands)
        failed, total = self._point_chi2(layout).total(values, gaussian, hard, float(tolerance))
        if failed >= 0:
            raise self._recast_failed(failed)
        return total
