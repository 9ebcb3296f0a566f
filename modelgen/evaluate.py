"""Evaluate stage: call a compiled model module on scalars or equal-length arrays, at any size.

``evaluator(name)`` imports ``modelgen.generated.<name>`` (built by ``pip install``); a missing or
stale module raises :class:`~modelgen.errors.BuildError` naming the fixing command, unless
``build=True`` asks to compile the current model into the content-keyed cache (modelgen.build).

Consumes ``{parameter: scalar | 1-d array}`` (checked by :mod:`modelgen.inputs`: unknown names,
non-real values, unequal lengths and out-of-range values raise ParameterError); produces
``{output: array}``, or for one point a read-only mapping of floats.  :class:`Evaluator` is
assembled from the parts in :mod:`modelgen.evaluation`: output selection (``selection``), points in
blocks of at most ``chunk`` with the observables and χ² after the kernel (``blocks``), and one point
through the compiled one-point call (``point``).
"""
from __future__ import annotations

import importlib

import numpy as np

from .errors import BuildError
from .evaluation._point import PointCall
from .evaluation.blocks import (CHUNK, COMPILED_CHI2_BELOW, SERIAL_BELOW, SERIAL_WORK, BlockPath, check_threads,
                                dataset_of)
from .evaluation.point import PointPath
from .evaluation.selection import OutputSelection
from .inputs import ParameterTable

__all__ = ["Evaluator", "evaluator", "describe_status", "SERIAL_BELOW", "SERIAL_WORK", "CHUNK",
           "COMPILED_CHI2_BELOW"]


class Evaluator(OutputSelection, BlockPath, PointPath):
    """Callable wrapper of one compiled model module: ``ev(params) -> {output: array}``."""

    def __init__(self, module):
        self.module = module
        self.model = module.MODEL
        self.table = ParameterTable(self.model, module.PARAMETERS)
        self.parameters = self.table.info
        self.outputs = tuple(o[0] for o in module.OUTPUTS)
        self._out_index = {name: k for k, name in enumerate(self.outputs)}
        self.status_bits = dict(module.STATUS_BITS)
        self.fatal_mask = int(module.FATAL_MASK)
        from .observables import applies_to
        has_observables = applies_to(self.table.names + self.outputs)
        if has_observables:
            from .observables.status import merged_bits
            self.status_bits = merged_bits(self.status_bits)
        self._echoed = tuple(name for name in self.table.names if name not in self._out_index)
        self.serial_below = SERIAL_BELOW
        self.chunk = CHUNK
        self._observables, self._derived, n_y = None, (), 0
        if has_observables:  # the compiled twin of observables.compute, its rows resolved once
            from .observables.derived import OUTPUTS, Plan
            self._observables = Plan(self.table.names, self.outputs)
            self._derived = tuple(k for k in self._observables.outputs if k not in self._out_index)
            # rows of the stack [O; P; Y] each name reads, shadowing as ChainMap(derived, rows) does
            n_op = len(self.outputs) + len(self.table.names)
            self._stack = {name: len(self.outputs) + k for k, name in enumerate(self.table.names)}
            self._stack.update((name, k) for k, name in enumerate(self.outputs))
            self._stack.update((name, n_op + k) for k, name in self._observables.names)
            self._stack_rows, n_y = n_op + len(OUTPUTS), len(OUTPUTS)
        self._chi2_plans = {}
        self._plans = {}
        self._everything = self._select_everything()
        self._t_point = None  # running estimate of one point's serial kernel time (s)
        # the one-point call on a buffer [P | O | Y]; point_array reads [O | exposed Y] from it
        self._point_call = PointCall(module, self.table, self._observables and self._observables.compiled, n_y)
        n_p, n_o = len(self.table.names), len(self.outputs)
        self._layout = (n_p, n_o, self._point_call.layout[2] - n_p - n_o)  # [P | O | Y] of a point buffer
        exposed = self._observables.exposed[0] if self._observables is not None else ()
        self._point_slots = np.array([*range(n_p, n_p + n_o), *(n_p + n_o + r for r in exposed)], dtype=np.intp)
        self._no_slots = {}

    def __repr__(self):
        return f"<Evaluator {self.model}: {len(self.parameters)} parameters, {len(self.outputs)} outputs>"

    @property
    def derived_outputs(self) -> tuple[str, ...]:
        """Names added by :func:`modelgen.observables.compute` (and ``status``, which it extends)."""
        return self._derived

    def __call__(self, params=None, data=None, *, outputs=None, threads=None, chunk=None,
                 chi2_options=None, **overrides):
        """Outputs at every point: ``ev(params, data=None, outputs=None, threads=None, chunk=None)``.

        params: ``{name: scalar or 1-d array}`` (or a DataFrame); keyword overrides are merged in.
        outputs: names to compute and return (parameters, kernel outputs, ``ev.derived_outputs``);
            ``status`` is always returned.  None returns everything (parameters, outputs, status).
        data: a data-set name, TOML path or :class:`~modelgen.data.Dataset`: adds ``chi2`` and
            ``pull.<observable>`` (``chi2_options`` go to :func:`modelgen.observables.chi2`).
        threads: None = serial for small blocks (fewer than ``ev.serial_below`` points, or an
            estimated serial time below SERIAL_WORK), OpenMP's default team above; 1 = serial;
            k = a team of k threads.  One point always runs in the calling thread.
        chunk: points per kernel block (default ``ev.chunk``); the temporary buffer is
            chunk × n_outputs × 8 bytes whatever the number of points.
        All-scalar inputs give one point: a read-only mapping of Python floats (``status`` an int)
        that no later call changes; with a data set a dict of the same.  Otherwise arrays of length
        N.  A dict of Python reals takes the compiled one-point call (benchmarks/issue12.py).
        """
        if threads is not None:
            check_threads(threads)
        if chunk is not None:
            self._step(chunk)  # a bad chunk is an error whatever the number of points
        dataset = None if data is None else dataset_of(data)
        selection = self._plan(outputs, dataset)
        if params is None or type(params) is dict:
            if dataset is None:
                point = self._point(params, overrides, selection)
            else:
                point = self._point_data(params, overrides, selection, dataset, chi2_options or {})
            if point is not None:
                return point
        return self._arrays(params, overrides, selection, dataset, threads, chunk, chi2_options or {})

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
    from .build import cache_dir, check_module_name, compile_module, lookup
    from .fingerprint import builtin_input_hash, input_hash
    from .models import BUILTIN, load_model

    if isinstance(model, str) and model in BUILTIN:  # the installed module, found without SymPy
        module = _installed_module(model)
        if module is not None and getattr(module, "INPUT_HASH", None) == builtin_input_hash(model, cache_dir()):
            return Evaluator(module)
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
