"""Declaration of the two-loop Barr–Zee diagrams a model includes in its lepton dipoles.

Consumes a :class:`~modelgen.model.Model` with a scalar potential (physical scalar states) and the
names of its physical fermion states; produces the frozen :class:`BarrZee` record stored as
``model.barr_zee`` (part of the fingerprint), which :mod:`modelgen.derive.barrzee` reads.  The model
says which fermions run in the photon–φ loops, which (up, down) doublets in the C±W∓γ loops, and
what its Standard-Model reference is: the scalar states that exist in the SM and the parameter
values that turn them into the SM Higgs (physics.md "Two-loop Barr–Zee dipoles").
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import ModelError

__all__ = ["BarrZee", "declare_barr_zee"]


@dataclass(frozen=True)
class BarrZee:
    loops: tuple        # fermion state names in the photon–φ loops, e.g. ("t", "b", "tau")
    doublets: tuple     # (up state, down state) pairs in the C±W∓γ loops (Q_up − Q_down = 1)
    sm_states: tuple    # scalar state labels present in the SM reference
    sm_limit: tuple     # ((parameter name, value), ...) that makes sm_states the SM ones


def declare_barr_zee(model, loops, doublets, sm_states, sm_limit) -> BarrZee:
    """Store the Barr–Zee declaration on ``model``; ModelError naming an unknown state or parameter."""
    for name in (*loops, *(s for pair in doublets for s in pair)):
        if name not in model.states:
            raise ModelError(f"model {model.name!r}: Barr–Zee loop fermion {name!r} is not a declared "
                             f"physical fermion (known: {', '.join(model.states)})")
    for name in loops:
        if model.states[name].mass is None:
            raise ModelError(f"model {model.name!r}: Barr–Zee loop fermion {name!r} has no mass parameter")
    for name, _ in dict(sm_limit).items():
        if name not in model.parameters:
            raise ModelError(f"model {model.name!r}: Barr–Zee SM limit sets unknown parameter {name!r}")
    model.barr_zee = BarrZee(tuple(loops), tuple(tuple(p) for p in doublets), tuple(sm_states),
                             tuple(sorted(dict(sm_limit).items())))
    return model.barr_zee
