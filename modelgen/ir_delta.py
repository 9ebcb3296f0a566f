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

__all__ = ["SQUARED", "DIVIDED", "DIFFERENCE_FUNCTIONS", "delta_call", "share_loop_moments"]

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


#: (number of leading mass/charge arguments, name) of the one-loop dipole functions whose next four
#: arguments are two complex couplings (re, im, re, im); each is a quadratic form in them.  Arguments
#: after the couplings do not depend on them (a_neutral_scalar_l's ln(m^2/M_B^2)) and are kept.
_QUADRATIC = {"a_neutral_scalar": 3, "a_neutral_vector": 3, "a_charged_scalar": 4, "a_charged_vector": 4,
              "a_neutral_scalar_l": 3}


def _unit_form(call):
    """(c, unit call) with call = c^2 * unit call, where the coupling arguments are c times numbers
    (c the first nonzero one); None when they are not (or all vanish)."""
    k = _QUADRATIC[call.func.__name__]
    coup = call.args[k:k + 4]
    nz = [a for a in coup if a != 0]
    if not nz:
        return None
    c = nz[0]
    pattern = [sp.simplify(a / c) for a in coup]
    if not all(p.is_number and p.is_real for p in pattern):
        return None
    return c, call.func(*call.args[:k], *pattern, *call.args[k + 4:])


def share_loop_moments(exprs):
    """Rewrite one-loop dipole calls that differ only in a common coupling scale into c^2 times one
    call with unit couplings, so that common-subexpression elimination evaluates the loop integrals
    once (e.g. the SM-Higgs reference of delta_a_l and a_l.h: a_neutral_scalar(m, m, M_h, c, 0, 0, 0)
    with c = xi_l^h m/v and c = m/v).  Every a_<topology> of modelgen.loops.loopfuncs is a quadratic
    form in its real coupling arguments (physics.md, one-loop dipoles), so for real c
    f(masses, c p) = c^2 f(masses, p) exactly; the two sides differ by rounding (a few ulp).  Only
    calls with another call of the same function and the same masses but different couplings are
    rewritten (a lone call keeps its form and its bits).  Returns the rewritten expressions."""
    calls = set()
    for e in exprs:
        calls |= {c for c in sp.sympify(e).atoms(sp.Function) if c.func.__name__ in _QUADRATIC}
    groups = {}
    for c in calls:
        k = _QUADRATIC[c.func.__name__]
        groups.setdefault((c.func, c.args[:k], c.args[k + 4:]), []).append(c)
    repl = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        forms = [_unit_form(c) for c in group]
        if any(f is None for f in forms) or len({f[1] for f in forms}) != 1:
            continue
        repl.update({c: f[0] ** 2 * f[1] for c, f in zip(group, forms)})
    if not repl:
        return list(exprs)
    return [sp.sympify(e).xreplace(repl) for e in exprs]
