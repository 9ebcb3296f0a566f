"""Evaluate stage: call a compiled model module on scalars or equal-length arrays.

``evaluator(name)`` imports ``modelgen.generated.<name>`` (built by ``pip install``); a missing or
stale module raises :class:`~modelgen.errors.BuildError` naming the fixing command, unless
``build=True`` asks to compile the current model into the content-keyed cache (modelgen.build).
Inputs are checked before the GIL-free loop: unknown names, missing values, arrays of different
lengths and values outside a parameter's range raise :class:`~modelgen.errors.ParameterError`.
"""
from __future__ import annotations

import difflib
import importlib

import numpy as np

from .errors import BuildError, ParameterError

__all__ = ["Evaluator", "evaluator", "describe_status"]


class Evaluator:
    """Callable wrapper of one compiled model module: ``ev(params) -> {output: array}``."""

    def __init__(self, module):
        self.module = module
        self.model = module.MODEL
        self.parameters = {p[0]: dict(zip(("name", "default", "unit", "lower", "upper", "description"), p))
                           for p in module.PARAMETERS}
        self.outputs = tuple(o[0] for o in module.OUTPUTS)
        self.status_bits = dict(module.STATUS_BITS)
        self.fatal_mask = int(module.FATAL_MASK)
        if "M_Zp" in self.outputs:
            from .observables.status import merged_bits
            self.status_bits = merged_bits(self.status_bits)

    def __repr__(self):
        return f"<Evaluator {self.model}: {len(self.parameters)} parameters, {len(self.outputs)} outputs>"

    def _columns(self, params, overrides):
        values = dict(params.items() if hasattr(params, "items") else (params or {}))
        values.update(overrides)
        for name in values:
            if name not in self.parameters:
                near = difflib.get_close_matches(name, self.parameters, n=3)
                hint = f"; did you mean {', '.join(near)}?" if near else ""
                raise ParameterError(f"unknown parameter {name!r} for model {self.model!r}{hint} "
                                     f"(parameters: {', '.join(self.parameters)})")
        cols, n, sized = {}, None, None
        for name, info in self.parameters.items():
            if name in values:
                x = np.asarray(values[name], dtype=float)
            elif info["default"] is not None:
                x = np.asarray(info["default"], dtype=float)
            else:
                raise ParameterError(f"parameter {name!r} of model {self.model!r} has no default and was "
                                     f"not given (allowed range [{info['lower']:g}, {info['upper']:g}])")
            if x.ndim > 1:
                raise ParameterError(f"parameter {name!r}: expected a scalar or 1-d array, got shape {x.shape}")
            if x.ndim == 1:
                if n is not None and len(x) != n:
                    raise ParameterError(f"parameter {name!r} has {len(x)} values but {sized!r} has {n}; "
                                         f"arrays must have equal length")
                n, sized = len(x), name
            cols[name] = x
        return cols, n

    def _check_ranges(self, cols):
        for name, x in cols.items():
            info = self.parameters[name]
            bad = ~np.isfinite(x) | (x < info["lower"]) | (x > info["upper"])
            if np.any(bad):
                i = int(np.flatnonzero(np.atleast_1d(bad))[0])
                val = float(np.atleast_1d(x)[i])
                where = f" at point {i}" if x.ndim else ""
                raise ParameterError(f"parameter {name!r} = {val!r}{where} is outside its allowed range "
                                     f"[{info['lower']:g}, {info['upper']:g}] {info['unit']}".rstrip())

    def __call__(self, params=None, data=None, **overrides):
        """Outputs at every point; with ``data`` (a data-set name or file) also ``chi2``, pulls and
        the recast signal ratios ``recast.<search>`` of the set's visible-decay searches.

        Models with a Z' also get the coupling-level observables of :mod:`modelgen.observables`
        (Z' widths and lifetime, ATOMKI rates, APV, constraint quantities), which may set their own
        non-fatal status bits.  At a point with a fatal bit (``fatal_mask``) every output except the
        echoed parameters is NaN, chi2 and pulls included.
        """
        cols, n = self._columns(params, overrides)
        self._check_ranges(cols)
        npts = 1 if n is None else n
        P = np.empty((len(self.parameters), npts))
        for k, name in enumerate(self.parameters):
            P[k] = cols[name]
        O = np.empty((len(self.outputs), npts))
        S = np.zeros(npts, dtype=np.intc)
        self.module.evaluate(P, O, S)
        shape = () if n is None else (npts,)
        out = {name: P[k].reshape(shape) for k, name in enumerate(self.parameters)}
        out.update({name: O[k].reshape(shape) for k, name in enumerate(self.outputs)})
        out["status"] = S.reshape(shape)
        if "M_Zp" in self.outputs:
            from .observables import compute
            with np.errstate(invalid="ignore", divide="ignore"):
                out.update(compute(out))
        if data is not None:
            from .data import load_dataset
            from .observables import chi2
            from .observables.recast import signal_ratios
            ds = load_dataset(data)
            out.update(signal_ratios(out, ds))
            total, pulls = chi2(out, ds)
            out["chi2"] = np.asarray(total).reshape(shape) if np.size(total) == npts else total
            out.update(pulls)
        from .observables.status import nan_fatal_points
        return nan_fatal_points(out, self.fatal_mask, keep=[p for p in self.parameters if p not in self.outputs])

    def describe_status(self, status: int) -> list[str]:
        return describe_status(status, self.status_bits)


def describe_status(status, bits) -> list[str]:
    """Reasons for the set bits of one point's status word."""
    return [reason for bit, reason in sorted(bits.items()) if int(status) >> bit & 1]


def _installed_module(name):
    try:
        return importlib.import_module(f"modelgen.generated.{name}")
    except ImportError:
        return None


def evaluator(model, build=False, progress=None) -> Evaluator:
    """Evaluator of a built-in model name or a Model object.

    With ``build=False`` only the installed module is used; a missing or stale one raises
    BuildError.  With ``build=True`` a model variant (or a stale built-in) is taken from the build
    cache when a module with the same input hash exists there (found without deriving), else it
    is derived, generated and compiled into the cache.
    """
    from .build import check_module_name, compile_module, lookup
    from .fingerprint import input_hash
    from .models import load_model

    m = load_model(model) if isinstance(model, str) else model
    check_module_name(m.name)
    want = input_hash(m)
    module = _installed_module(m.name)
    if module is not None and getattr(module, "INPUT_HASH", None) == want:
        return Evaluator(module)
    if not build:
        if module is None:
            raise BuildError(f"the compiled evaluator of model {m.name!r} is not built: run "
                             f"`modelgen generate {m.name}` then `pip install -e .` (or call "
                             f"modelgen.evaluator(model, build=True))")
        raise BuildError(f"the compiled evaluator of model {m.name!r} is stale (built from inputs "
                         f"{module.INPUT_HASH}, the model and templates now hash to {want}): run "
                         f"`modelgen generate {m.name}` then `pip install -e .`")
    cached = lookup(m.name, want)
    if cached is not None:
        return Evaluator(cached)
    from .codegen import module_source
    return Evaluator(compile_module(module_source(m), m.name, progress=progress, input_hash=want))
