"""Delta a of a one-loop diagram present in the SM limit, as loop calls that do not cancel.

Consumes a model and a :class:`~modelgen.derive.dipoles.Diagram` whose couplings do not all vanish
in the SM limit; produces the SymPy expression of a(model) - a(SM limit, same inputs) for the
``delta_a_<l>.<mediator>`` outputs (docs/physics.md, "Delta a without cancellation"):

    Delta a = a_sq(M; |c1|^2 - |c1_0|^2, |c2|^2 - |c2_0|^2) + (M^2 - M0^2) dd(M, M0; |c1_0|^2, |c2_0|^2)

with the differences taken exactly (:mod:`modelgen.derive.sm_difference`) and the loop functions of
``modelgen/loops/divdiff.pxd`` (``a_<topology>_sq``: linear in squared couplings; ``dd_<topology>``:
the divided difference in the boson mass squared, one integral).  Only the boson mass and the
couplings may move in the SM limit; a topology without these functions is a ModelError naming it.
"""
from __future__ import annotations

import sympy as sp

from .derive.dipoles import sm_limit
from .derive.sm_difference import abs2, sm_difference
from .errors import ModelError

__all__ = ["SQUARED", "DIVIDED", "DIFFERENCE_FUNCTIONS", "delta_call"]

#: Delta a with squared couplings (|c1|^2, |c2|^2) of modelgen.loops.divdiff, per topology
SQUARED = {t: sp.Function(f"a_{t}_sq") for t in ("neutral_scalar", "neutral_vector")}
#: (Delta a(M_B) - Delta a(M_B0)) / (M_B^2 - M_B0^2) at squared couplings, per topology
DIVIDED = {t: sp.Function(f"dd_{t}") for t in ("neutral_vector",)}
#: every function of modelgen.loops.divdiff a kernel may call
DIFFERENCE_FUNCTIONS = {f.__name__: f for f in (*SQUARED.values(), *DIVIDED.values())}


def delta_call(model, dg, output):
    """a(dg) - a(dg in the SM limit) without cancellation (module docstring); ``output`` names the
    output in errors."""
    for what, mass in (("lepton", dg.m_l), ("internal fermion", dg.M_F)):
        if sm_limit(model, mass) != mass:
            raise ModelError(f"{output}: the {what} mass {mass} changes in the SM limit; only the boson "
                             f"mass may (no divided difference in the fermion masses)")
    if dg.topology not in SQUARED:
        raise ModelError(f"{output}: no cancellation-free Delta a for a {dg.topology} mediator whose "
                         f"couplings change in the SM limit (modelgen/loops/divdiff.pxd)")
    s1, s2 = abs2(dg.c1), abs2(dg.c2)
    out = SQUARED[dg.topology](dg.m_l, dg.M_F, dg.M_B, sm_difference(model, s1), sm_difference(model, s2))
    dm2 = sm_difference(model, dg.M_B**2)
    if dm2 != 0:
        if dg.topology not in DIVIDED:
            raise ModelError(f"{output}: the {dg.mediator} mass changes in the SM limit and the {dg.topology} "
                             f"topology has no divided-difference loop function (modelgen/loops/divdiff.pxd)")
        # the SM-limit couplings factored: e.g. the Z's vector coupling ~ 1 - 4 s_W^2 as a factor
        sm1, sm2 = (sp.factor(sm_limit(model, s)) for s in (s1, s2))
        out += dm2 * DIVIDED[dg.topology](dg.m_l, dg.M_F, dg.M_B, sm_limit(model, dg.M_B), sm1, sm2)
    return out
