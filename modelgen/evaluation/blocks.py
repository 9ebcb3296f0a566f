"""The array path of an evaluator call: points in blocks of at most ``chunk``, kernel → observables → χ².

Consumes checked parameter columns (:meth:`modelgen.inputs.ParameterTable.columns`) and a
:class:`~modelgen.evaluation.selection.Selection`; produces ``{output: array}`` of the requested
names, block by block (:meth:`BlockPath.iter_chunks`) or assembled (:meth:`BlockPath._arrays`).
Small blocks (SERIAL_BELOW, SERIAL_WORK) run serially in the calling thread (no OpenMP team, no
barrier wait); blocks below COMPILED_CHI2_BELOW points take the compiled χ² (observables.chi2_plan),
larger ones the NumPy χ².  At a point with a fatal bit every output but the echoed parameters is NaN.
"""
from __future__ import annotations

import time
from collections import ChainMap

import numpy as np

from ..errors import ParameterError
from .selection import Rows

__all__ = ["BlockPath", "SERIAL_BELOW", "SERIAL_WORK", "CHUNK", "COMPILED_CHI2_BELOW", "check_threads",
           "dataset_of"]

# A block runs serially when it has fewer than SERIAL_BELOW points or when its estimated serial time
# (points x the running per-point time of this evaluator's serial calls) is below SERIAL_WORK seconds.
# Measured (benchmarks/bench_evaluator_api.py, 2 cores at load ~9): an OpenMP team cost 20-50 ms of
# barrier wait whatever the size up to 256 points, against ~10 us on idle cores; serial blocks of
# SERIAL_WORK lose at most SERIAL_WORK/2 on 2 idle cores and save the wait on a busy machine.
SERIAL_BELOW = 64
SERIAL_WORK = 2e-3
# Points per kernel block: bounds the temporary buffer at CHUNK * n_outputs * 8 bytes.
CHUNK = 1 << 14
# Blocks below this many points take the compiled chi2 (observables.chi2_plan), larger ones the NumPy
# one: the recast's decay-window Newton solves are ~30 exp/log per point and search, which NumPy's SIMD
# versions do faster over long arrays (benchmarks/bench_evaluator_api.py section 1b, bl + hkot2020:
# compiled 1.6-1.8 us/point up to 2048 points, NumPy 2.2 us at 1024 and 3-4 us at 4096+ where the
# compiled pass slowed to 4-7 us; measured at load ~13 on 2 cores).  Both agree to the bounds of
# tests/observables/test_chi2_plan.py.
COMPILED_CHI2_BELOW = 2048


def check_threads(threads):
    if threads is not None and (type(threads) is not int or threads < 0):
        raise ParameterError(f"threads must be None (automatic), 0 (OpenMP default team), 1 (serial) or a "
                             f"number of threads k > 1, got {threads!r}")


def dataset_of(data):
    """None, a :class:`~modelgen.data.Dataset`, or the data set a name or TOML path loads."""
    if data is None or hasattr(type(data), "observables"):  # the class: the property costs ~10 us
        return data
    from ..data import load_dataset
    return load_dataset(data)


class BlockPath:
    """Evaluator part: the kernel on blocks of points and everything computed after it."""

    def _kernel(self, P, threads):
        n = P.shape[1]
        O = np.empty((len(self.outputs), n))
        S = np.empty(n, dtype=np.intc)  # the kernel writes every point's status
        if threads is None:
            small = n < self.serial_below or (self._t_point is not None and n * self._t_point < SERIAL_WORK)
            threads = 1 if small else 0
        if threads != 1:
            self.module.evaluate(P, O, S, threads)
            return O, S
        t = time.perf_counter()
        self.module.evaluate(P, O, S, 1)
        t_point = (time.perf_counter() - t) / n  # includes the call overhead: errs towards threads
        self._t_point = t_point if self._t_point is None else 0.8 * self._t_point + 0.2 * t_point
        return O, S

    def _block(self, cols, start, stop, selection, dataset, threads, chi2_opts, scalar=False):
        """Outputs of points start..stop of the checked columns ``cols`` (see :meth:`_results`)."""
        P = self.table.block(cols, start, stop)
        O, S = self._kernel(P, threads)
        names, need_compute, picks, _ = selection
        return self._results(P, O, S, names, need_compute, dataset, chi2_opts, scalar, picks)

    def _results(self, P, O, S, names, need_compute, dataset, chi2_opts, scalar, picks=()):
        """Outputs of one evaluated block (parameters P, kernel outputs O, status S): all of them
        (names None) or the requested ones.

        ``scalar`` (one point, all inputs scalars): NumPy scalars instead of length-1 arrays.
        With a data set also ``chi2``, pulls and the recast signal ratios ``recast.<search>`` of its
        visible-decay searches.  At a point with a fatal bit (``fatal_mask``) every output except the
        echoed parameters is NaN, chi2 and pulls included.
        """
        Y = None
        if need_compute:  # S becomes the kernel's word with the observables' bits
            Y, S = self._observables.evaluate(P, O, S)
        if names is None:
            res = dict(zip(self.table.names, P[:, 0] if scalar else P))
            res.update(zip(self.outputs, O[:, 0] if scalar else O))
            if Y is not None:
                rows, exposed = self._observables.exposed
                res.update(zip(exposed, Y[rows, 0] if scalar else Y[rows]))
        else:
            blocks = (P, O, Y)
            res = {k: blocks[b][row, 0] if scalar else blocks[b][row] for k, b, row in picks}
        pick = (lambda v: v[0]) if scalar else (lambda v: v)
        res["status"] = pick(S)
        if dataset is not None:
            if Y is not None and P.shape[1] < COMPILED_CHI2_BELOW:
                ratios, total, pulls = self._chi2_plan(dataset)(P, O, Y, **chi2_opts)
            else:  # large blocks (NumPy's SIMD exp/log win), or no compiled observables
                from ..observables import chi2
                from ..observables.recast import signal_ratios
                rows = Rows(self, P, O, S)
                if Y is not None:
                    rows = ChainMap(self._observables.as_dict(Y, S), rows)
                with np.errstate(invalid="ignore", divide="ignore"):
                    ratios = signal_ratios(rows, dataset)
                    total, pulls = chi2(ChainMap(ratios, rows), dataset, **chi2_opts)
            res.update((k, pick(v)) for k, v in ratios.items() if names is None or k in names)
            res["chi2"] = pick(np.array(np.broadcast_to(total, (P.shape[1],))))
            res.update((k, pick(v)) for k, v in pulls.items())
        if scalar and not res["status"] & self.fatal_mask:  # one point, no fatal bit: nothing to replace
            return res
        from ..observables.status import nan_fatal_points
        return nan_fatal_points(res, self.fatal_mask, keep=self._echoed)

    def _chi2_plan(self, dataset):
        """The compiled chi2 tables of ``dataset`` on this model's rows (built once per data set)."""
        hit = self._chi2_plans.get(id(dataset))  # the one-point χ² calls this per point: no import here
        if hit is not None and hit[0] is dataset:
            return hit[1]
        from ..observables.chi2_plan import Chi2Plan
        from ..observables.identity_cache import by_identity
        return by_identity(self._chi2_plans, dataset, lambda ds: Chi2Plan(ds, self._stack, self._stack_rows), 64)

    def _arrays(self, params, overrides, selection, dataset, threads, chunk, opts):
        """``ev(params)`` through checked columns: N points block by block, or one point of scalars."""
        cols, n = self.table.columns(params, overrides)
        if n is None:  # one point of scalars that are not all Python reals
            return self._scalar_point(self.table.block(cols, 0, 1), selection, dataset, threads, opts)
        step = self._step(chunk)
        if n <= step:
            return self._block(cols, 0, n, selection, dataset, threads, opts)
        res = {}
        for start in range(0, n, step):
            stop = min(start + step, n)
            part = self._block(cols, start, stop, selection, dataset, threads, opts)
            for k, v in part.items():
                if k not in res:
                    res[k] = np.empty(n, dtype=np.asarray(v).dtype)
                res[k][start:stop] = v
        return res

    def iter_chunks(self, params, data=None, *, outputs=None, threads=None, chunk=None, chi2_options=None):
        """Stream ``(start, stop, outputs of points start..stop)`` blocks of at most ``chunk`` points.

        params: one ``{name: array}`` (sliced block by block) or an iterable of such dicts (e.g. a
        sampler's generator; each is split further), so neither inputs nor outputs need to fit in
        memory.  Other arguments as for :meth:`__call__`; start/stop count points across the stream.
        """
        check_threads(threads)
        dataset = dataset_of(data)
        selection = self._plan(outputs, dataset)
        opts = dict(chi2_options or {})
        step = self._step(chunk)
        offset = 0
        for piece in ([params] if hasattr(params, "items") else params):
            cols, n = self.table.columns(piece, {})
            N = 1 if n is None else n
            for start in range(0, N, step):
                stop = min(start + step, N)
                yield offset + start, offset + stop, self._block(cols, start, stop, selection, dataset, threads, opts)
            offset += N

    def _step(self, chunk):
        if chunk is None:
            return self.chunk
        if type(chunk) is not int or chunk < 1:
            raise ParameterError(f"chunk must be a positive number of points, got {chunk!r}")
        return chunk
