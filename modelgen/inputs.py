"""Parameter inputs of an evaluator: user values in, validated columns and point blocks out.

Consumes the ``PARAMETERS`` table of a compiled module and a user's ``{name: scalar | 1-d array}``
(or DataFrame); produces the given columns (float arrays, already checked) and fills
``params[n_parameters, n]`` blocks for the kernel.  Bounds and defaults are held as arrays built
once per evaluator, so a call's range check is one vectorised comparison per given parameter.
Every problem is a :class:`~modelgen.errors.ParameterError` naming the parameter, its value and
its allowed range.
"""
from __future__ import annotations

import difflib
import math

import numpy as np

from .errors import ParameterError

__all__ = ["ParameterTable"]


class ParameterTable:
    """Names, defaults, units and bounds of a model's parameters, in kernel order."""

    def __init__(self, model: str, rows):
        self.model = model
        self.info = {r[0]: dict(zip(("name", "default", "unit", "lower", "upper", "description"), r))
                     for r in rows}
        self.names = tuple(self.info)
        self.index = {name: k for k, name in enumerate(self.names)}
        self.lower = np.array([r[3] for r in rows], float)
        self.upper = np.array([r[4] for r in rows], float)
        # NaN marks "no default": such a parameter must be given
        self.defaults = np.array([np.nan if r[1] is None else r[1] for r in rows], float)
        self.required = tuple(r[0] for r in rows if r[1] is None)
        self._default_column = np.ascontiguousarray(self.defaults[:, None])
        self._bounds = [(float(r[3]), float(r[4])) for r in rows]
        self._default_list = [float(d) for d in self.defaults]  # one point's column, Python floats
        self._required_rows = tuple(self.index[p] for p in self.required)

    def _unknown(self, name):
        near = difflib.get_close_matches(name, self.names, n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        return ParameterError(f"unknown parameter {name!r} for model {self.model!r}{hint} "
                              f"(parameters: {', '.join(self.names)})")

    def _outside(self, name, value, where):
        return ParameterError(f"parameter {name!r} = {value!r}{where} is outside its allowed range {self._range(name)}")

    def _range(self, name):
        i = self.info[name]
        return f"[{i['lower']:g}, {i['upper']:g}] {i['unit']}".rstrip()

    def _as_real(self, name, value):
        """Float array of one input; strings, complex numbers and booleans are refused."""
        x = np.asarray(value)
        if x.dtype.kind in "fiu":
            return x.astype(float, copy=False)
        if x.dtype.kind == "c" or x.dtype.kind == "b":
            what = "complex" if x.dtype.kind == "c" else "boolean"
        else:
            try:  # object arrays of Python/NumPy reals (e.g. a DataFrame column)
                if x.dtype.kind == "O" and all(isinstance(v, (int, float, np.integer, np.floating))
                                               and not isinstance(v, bool) for v in x.ravel()):
                    return x.astype(float)
            except TypeError:
                pass
            what = type(value).__name__ if x.ndim == 0 else f"array of {x.dtype}"
        shown = repr(value) if x.size <= 3 else f"{x.ravel()[:3]!r}..."
        raise ParameterError(f"parameter {name!r} must be a real number or an array of real numbers, "
                             f"got {shown} ({what}); allowed range {self._range(name)}")

    def point(self, params, overrides):
        """Kernel-order list of the floats of one point when ``params`` is None or a dict and every
        given value is a Python real scalar (``float``, NumPy's float64, ``int``); None otherwise
        (the caller then takes :meth:`columns`).  Same checks and messages as :meth:`columns`, with
        the bounds held as Python floats: no NumPy call on this path."""
        if overrides:
            if params is not None and type(params) is not dict:
                return None
            values = dict(params or {})
            values.update(overrides)
        elif params is None:
            values = {}
        elif type(params) is dict:
            values = params
        else:
            return None
        column = self._default_list.copy()
        for name, value in values.items():
            k = self.index.get(name)
            if k is None:
                raise self._unknown(name)
            if not (isinstance(value, float) or type(value) is int):
                return None
            lo, hi = self._bounds[k]
            if not lo <= value <= hi or not math.isfinite(value):
                raise self._outside(name, float(value), "")
            column[k] = value
        for k in self._required_rows:
            if column[k] != column[k]:  # still the NaN that marks "no default"
                raise self._missing(self.names[k])
        return column

    def _missing(self, name):
        return ParameterError(f"parameter {name!r} of model {self.model!r} has no default and was not given "
                              f"(allowed range {self._range(name)})")

    def columns(self, params, overrides):
        """({name: float array} of the given parameters, n points or None when all are scalars).

        Checks names, types, shapes, equal lengths, finiteness and ranges (vectorised).
        """
        values = dict(params.items() if hasattr(params, "items") else (params or {}))
        values.update(overrides)
        cols, n, sized = {}, None, None
        for name, value in values.items():
            k = self.index.get(name)
            if k is None:
                raise self._unknown(name)
            if isinstance(value, float) or type(value) is int:  # scalar fast path (no NumPy call)
                if not self._bounds[k][0] <= value <= self._bounds[k][1] or not math.isfinite(value):
                    raise self._outside(name, float(value), "")
                cols[name] = value
                continue
            x = self._as_real(name, value)
            if x.ndim > 1:
                raise ParameterError(f"parameter {name!r}: expected a scalar or 1-d array, got shape {x.shape}")
            if x.ndim == 1:
                if n is not None and len(x) != n:
                    raise ParameterError(f"parameter {name!r} has {len(x)} values but {sized!r} has {n}; "
                                         f"arrays must have equal length")
                n, sized = len(x), name
            ok = np.isfinite(x) & (x >= self.lower[k]) & (x <= self.upper[k])
            if not ok.all():
                i = int(np.flatnonzero(np.atleast_1d(~ok))[0])
                raise self._outside(name, float(np.atleast_1d(x)[i]), f" at point {i}" if x.ndim else "")
            cols[name] = x
        missing = [p for p in self.required if p not in cols]
        if missing:
            raise self._missing(missing[0])
        return cols, n

    def block(self, cols, start, stop):
        """``params[n_parameters, stop - start]`` for points start..stop of the given columns."""
        if stop - start == 1:
            P = self._default_column.copy()
        else:
            P = np.empty((len(self.names), stop - start))
            P[:] = self._default_column
        for name, x in cols.items():
            P[self.index[name]] = x[start:stop] if isinstance(x, np.ndarray) and x.ndim else x
        return P
