"""Status bits set by the post-kernel observables, and the fatal-point rule applied after them.

Consumes a status word (the compiled kernel's, one int per point) and the observables' own range
checks; produces the merged status word and, for :class:`modelgen.evaluate.Evaluator`, the bit
descriptions.  Kernel bits are generated per model from the IR (below :data:`FIRST_BIT`); the bits
here start at :data:`FIRST_BIT` so the two registries cannot collide.  Observable bits are never
fatal: they mark outputs that are NaN because a quantity is not modelled at that point, while
every other output of the point stays valid.
"""
from __future__ import annotations

import numpy as np

from modelgen.errors import BuildError
from modelgen.observables.hadrons import M_MAX_GEV

__all__ = ["FIRST_BIT", "HADRONS_ABOVE_RANGE", "OBSERVABLE_BITS", "merged_bits", "set_bit", "nan_fatal_points"]

FIRST_BIT = 16
HADRONS_ABOVE_RANGE = FIRST_BIT
OBSERVABLE_BITS = {
    HADRONS_ABOVE_RANGE: f"hadronic Z' width not modelled above {M_MAX_GEV:g} GeV (end of the R-ratio "
                         f"data): Gamma_Zp.hadrons, Gamma_Zp.total, BR_Zp.*, tau_Zp, ctau_Zp and what uses "
                         f"BR_Zp.e_e are NaN (not fatal)",
}


def merged_bits(kernel_bits: dict) -> dict:
    """Kernel bits plus :data:`OBSERVABLE_BITS`; BuildError if a kernel uses an observable bit."""
    clash = sorted(set(kernel_bits) & set(OBSERVABLE_BITS))
    if clash:
        raise BuildError(f"compiled module status bits {clash} collide with the observables' bits "
                         f"(from {FIRST_BIT}); regenerate with `modelgen generate --all`")
    return {**kernel_bits, **OBSERVABLE_BITS}


def set_bit(status, bit: int, where):
    """status | 2**bit where ``where`` is true (broadcast, int array)."""
    return np.asarray(status, dtype=np.intc) | np.where(where, np.intc(1 << bit), np.intc(0))


def nan_fatal_points(out: dict, fatal_mask: int, keep) -> dict:
    """NaN in every float output except ``status`` and the names in ``keep`` (echoed inputs) at the
    points whose status has a bit of ``fatal_mask``: a fatal point never shows a plausible number."""
    status = np.asarray(out["status"])
    fatal = (status & fatal_mask) != 0
    if not np.any(fatal):
        return out
    for name, value in out.items():
        if name == "status" or name in keep:
            continue
        arr = np.asarray(value)
        if arr.dtype.kind == "f":  # every computed float output is per point (broadcasts to status)
            filled = np.where(fatal, np.nan, np.broadcast_to(arr, np.broadcast_shapes(arr.shape, fatal.shape)))
            out[name] = filled[()] if filled.ndim == 0 else filled  # one point stays a NumPy scalar
    return out
