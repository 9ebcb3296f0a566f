"""Exact differences between a quantity and its SM limit, in a form that does not cancel numerically.

Consumes a model (its BSM couplings, :func:`~modelgen.derive.names.bsm_couplings`) and a SymPy
expression real on the parameter domain: a squared coupling |c|^2 or a mass squared M^2.  Produces
X - X0 (X0 = X with the BSM couplings set to zero, ``dipoles.sm_limit``) as one fraction

    X - X0 = (N D0 - N0 D) / (D D0),      X = N/D,  X0 = N0/D0,

whose numerator is expanded so that the SM terms cancel symbolically (every surviving term carries a
BSM coupling) and then factored, so the small couplings appear as explicit factors (docs/physics.md,
"Delta a without cancellation"): e.g. in ``bl`` M_Z^2 - M_Z0^2 = -eps_k^2 g'^2 v^4 (g^2 + g'^2) /
(4 (eps_k^2 - 1)(g^2 v^2 + g'^2 v^2 - 4 M_Z'^2)).  A squared coupling is squared before the
subtraction, so the square roots of the mass-basis couplings (e.g. sqrt(eps_k^2 K + (M_Z'^2 -
M_Z0^2)^2), whose SM limit is |M_Z'^2 - M_Z0^2|) become rational and the sqrt(A) - sqrt(A0) trick is
not needed; sign(x)^2 = 1 (x = 0 is a level-crossing point, excluded by a status bit).  A radical
of a BSM coupling left in the numerator would cancel numerically: that is a ModelError.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..errors import ModelError
from .dipoles import re_im
from .names import bsm_couplings

__all__ = ["abs2", "sm_difference"]


def _unsign(expr):
    """sign(x)^(2k) -> 1."""
    return expr.replace(lambda a: isinstance(a, sp.Pow) and isinstance(a.base, sp.sign) and a.exp.is_even,
                        lambda a: sp.Integer(1))


def _square(x):
    n, d = sp.fraction(sp.together(x))
    return _unsign(sp.expand(n**2)) / _unsign(sp.expand(d**2))


def abs2(c):
    """|c|^2 = Re(c)^2 + Im(c)^2 of a coupling (real or linear in I), each squared as a fraction."""
    c = sp.sympify(c)
    parts = re_im(c) if c.has(sp.I) else (c,)
    return sp.Add(*(_square(p) for p in parts if p != 0))


def sm_difference(model, expr):
    """expr - (expr in the SM limit) as a factored fraction (module docstring); 0 if they agree."""
    return _difference(sp.sympify(expr), tuple(bsm_couplings(model)), model.name)


@lru_cache(maxsize=256)
def _difference(expr, bsm, name):
    subs = {s: 0 for s in bsm}
    n, d = sp.fraction(sp.together(expr))
    n, d = sp.expand(n), sp.expand(d)
    n0, d0 = n.subs(subs), d.subs(subs)
    num = sp.expand(n * d0 - n0 * d)
    if num == 0:
        return sp.Integer(0)
    radicals = [p for p in num.atoms(sp.Pow) if not p.exp.is_integer and p.base.free_symbols & set(bsm)]
    if radicals:
        raise ModelError(f"model {name!r}: the difference of {expr} from its SM limit keeps the radical "
                         f"{radicals[0]} of a BSM coupling; it would cancel numerically")
    return sp.factor(num) / sp.factor(sp.expand(d * d0))
