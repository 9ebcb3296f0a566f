"""Output selection of an evaluator call: which names a call returns and where each one is read.

Consumes the requested names (``outputs=[...]`` or None for all) and the call's data set; produces a
:class:`Selection`, cached per request: the names, whether the compiled observables must run, the
picks ``(name, block, row)`` of the array path (block 0 parameters P, 1 kernel outputs O, 2 compiled
observables Y) and the slots of the one-point buffer [P | O | Y] (``evaluation._point``), where
``status`` is slot -1.  A kernel output shadows a parameter of the same name and a compiled
observable a kernel output, as :func:`modelgen.observables.compute` does.  Also :class:`Rows`, a
read-only view over one block's rows for the NumPy observables.
"""
from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import NamedTuple

from ..errors import ParameterError

__all__ = ["Selection", "OutputSelection", "Rows"]


class Selection(NamedTuple):
    names: list | None        # requested names in order (None: everything)
    need_compute: bool        # whether the compiled observables run
    picks: tuple              # (name, block, row) of each requested parameter/output/observable
    slots: dict               # {name: slot in [P | O | Y]} of a one-point result, "status": -1


class Rows(Mapping):
    """Read-only ``{name: row}`` view over one block's parameter and output rows (no copies)."""

    def __init__(self, ev, P, O, S):
        self._ev, self._P, self._O, self._S = ev, P, O, S

    def __getitem__(self, name):
        k = self._ev._out_index.get(name)
        if k is not None:
            return self._O[k]
        if name == "status":
            return self._S
        return self._P[self._ev.table.index[name]]  # KeyError for an unknown name

    def __iter__(self):
        yield from self._ev.table.names
        yield from self._ev.outputs
        yield "status"

    def __len__(self):
        return len(self._ev.table.names) + len(self._ev.outputs) + 1


class OutputSelection:
    """Evaluator part: ``_plan(outputs, dataset)`` → :class:`Selection` (needs ``table``, ``outputs``,
    ``_out_index``, ``_observables``, ``_derived`` of the evaluator)."""

    def _plan(self, outputs, dataset):
        if outputs is None:
            return self._everything
        key = (outputs,) if isinstance(outputs, str) else tuple(outputs)
        cached = self._plans.get((key, id(dataset)))
        if cached is None or cached[0] is not dataset:
            if len(self._plans) > 64:  # data sets loaded by name are new objects at every call
                self._plans.clear()
            cached = self._plans[(key, id(dataset))] = (dataset, self._make_plan(key, dataset))
        return cached[1]

    def _select_everything(self) -> Selection:
        """Every parameter, kernel output and exposed observable, in the order of the array path."""
        n_p, n_o = len(self.table.names), len(self.outputs)
        slots = {name: k for k, name in enumerate(self.table.names)}
        slots.update((name, n_p + k) for k, name in enumerate(self.outputs))
        if self._observables is not None:
            slots.update((name, n_p + n_o + k) for k, name in self._observables.names)
        slots["status"] = -1
        return Selection(None, self._derived != (), (), slots)

    def _make_plan(self, outputs, dataset) -> Selection:
        names = list(dict.fromkeys(outputs))
        derived = set(self._derived)
        known = set(self.table.names) | set(self.outputs) | derived | {"status"}
        for name in names:
            from_data = dataset is not None and (name == "chi2" or name.startswith(("pull.", "recast.")))
            if name not in known and not from_data:
                near = difflib.get_close_matches(name, known, n=3)
                hint = f"; did you mean {', '.join(near)}?" if near else ""
                raise ParameterError(f"unknown output {name!r} of model {self.model!r}{hint} "
                                     f"(see ev.outputs and ev.derived_outputs)")
        wanted = set(names) | (set(dataset.observables) if dataset is not None else set())
        # a recast search reads BR_Zp.e_e and tau_Zp, which compute() provides
        # the compiled chi2 reads the compiled observables (a few us per block)
        need_compute = bool(wanted & derived) or (bool(derived) and dataset is not None)
        observable_rows = {name: k for k, name in self._observables.names} if self._observables else {}
        picks = tuple((k, 2, observable_rows[k]) if k in observable_rows else
                      (k, 1, self._out_index[k]) if k in self._out_index else (k, 0, self.table.index[k])
                      for k in names if k in observable_rows or k in self._out_index or k in self.table.index)
        offsets = (0, len(self.table.names), len(self.table.names) + len(self.outputs))
        slots = {name: offsets[block] + row for name, block, row in picks}
        slots["status"] = -1
        return Selection(names, need_compute, picks, slots)
