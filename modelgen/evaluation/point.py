"""The one-point paths of an evaluator call: a dict of Python reals, and ``ev.point_array``.

Consumes one point (``{name: float}``, or every parameter as an array in ``ev.table.names`` order) and
a :class:`~modelgen.evaluation.selection.Selection`; produces a read-only
:class:`~modelgen.evaluation._point.PointValues` (floats made on access, ``status`` an int) or, for
``point_array``, ``(values, status)``.  Both run the compiled :class:`~modelgen.evaluation._point.PointCall`:
the model's per-point kernel and the compiled observables on one buffer [P | O | Y], no dict built,
range checks compiled.  The numbers are bit for bit the array path's (the same kernel on a column of
n = 1); with a data set a point is the array path's dict, converted to floats.
"""
from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from .blocks import dataset_of

__all__ = ["PointPath"]


class PointPath:
    """Evaluator part: one point at a time (needs ``_point_call``, ``_point_slots`` and the block path)."""

    def _point(self, params, overrides, selection):
        """PointValues of a dict of Python reals, or None when a value is not one (array path)."""
        if overrides:
            params = {**(params or {}), **overrides}
        return self._point_call(params or {}, selection.slots, selection.need_compute)

    def _point_data(self, params, overrides, selection, dataset, opts):
        """``{name: float}`` of a dict of Python reals with a data set (the selected outputs, ``status``,
        the recast ratios, ``chi2`` and the pulls), or None (array path): the compiled one-point call,
        then the compiled χ² on its buffer [P | O | Y].  Same numbers as the array path on a column of
        n = 1 (the same kernel and the same χ² tables), at a fifth of its per-call cost."""
        if self._observables is None:  # the NumPy χ² on the kernel's rows: the array path
            return None
        if overrides:
            params = {**(params or {}), **overrides}
        call = self._point_call
        values = call.column(params or {})
        if values is None:
            return None
        point = call.run(values, selection.slots, True)
        res = dict(point.items())
        self._chi2_plan(dataset).point(values, self._layout, res, selection.names, **opts)
        if point.status & self.fatal_mask:  # NaN throughout but for the echoed inputs (nan_fatal_points)
            keep = self._echoed
            res.update((k, np.nan) for k in res if k != "status" and k not in keep)
        return res

    def _scalar_point(self, P, selection, dataset, threads, opts):
        """One point given as checked scalars of any real type, as the column P[n_parameters, 1]."""
        if dataset is None:
            call = self._point_call
            return call.run(call.column_of(P[:, 0]), selection.slots, selection.need_compute)
        O, S = self._kernel(P, threads)
        res = self._results(P, O, S, selection.names, selection.need_compute, dataset, opts, True, selection.picks)
        return {k: int(v) if k == "status" else float(v) for k, v in res.items()}

    def point_names(self, data=None) -> tuple[str, ...]:
        """Names of the values :meth:`point_array` returns: kernel outputs, the compiled observables,
        then ``chi2`` when a data set is given."""
        observables = self._observables.exposed[1] if self._observables is not None else ()
        return self.outputs + observables + (("chi2",) if data is not None else ())

    def point_array(self, x, out=None, *, data=None, chi2_options=None):
        """One point, array in and array out: the cheapest call (a fit's χ², a hand-written loop).

        x: the value of every parameter in ``ev.table.names`` order (the kernel's), checked for
        range and finiteness (ParameterError naming the first offending parameter).  Returns
        ``(values, status)``: ``values[k]`` is ``ev.point_names(data)[k]``, written into ``out`` (a
        float64 array of that length) when given; ``status`` the point's status word (an int).
        Same kernel call, numbers and rules as ``ev(params)``: a fatal point is NaN throughout,
        ``chi2`` included.
        """
        call = self._point_call
        column = np.ascontiguousarray(x, dtype=float)
        values = call.column_of(column) if column.ndim == 1 else None
        if values is None:
            raise ParameterError(f"point_array: x needs the {len(self.table.names)} parameters of model "
                                 f"{self.model!r} in the order of ev.table.names, got shape {np.shape(x)}")
        status = call.run(values, self._no_slots, self._observables is not None).status
        n = len(self._point_slots) + (data is not None)
        if out is None:
            out = np.empty(n)
        elif not isinstance(out, np.ndarray) or out.shape != (n,) or out.dtype != float:
            raise ParameterError(f"point_array: out must be a float64 array of shape ({n},) (the length of "
                                 f"ev.point_names(data)), got {type(out).__name__} {np.shape(out)}")
        call.gather(values, out, self._point_slots)
        if data is not None:
            out[-1] = self._point_chi2(values, status, dataset_of(data), chi2_options or {})
        if status & self.fatal_mask:
            out[:] = np.nan
        return out, status

    def _point_chi2(self, values, status, dataset, opts):
        """Total χ² of the evaluated buffer [P | O | Y] of one point."""
        if self._observables is None:  # the NumPy χ² on the kernel's rows
            n_p, n_o, _ = self._point_call.layout
            buf = np.frombuffer(values)
            P, O = buf[:n_p].reshape(-1, 1), buf[n_p:n_p + n_o].reshape(-1, 1)
            S = np.array([status], dtype=np.intc)
            return self._results(P, O, S, [], False, dataset, opts, True)["chi2"]
        return self._chi2_plan(dataset).point_total(values, self._layout, **opts)
