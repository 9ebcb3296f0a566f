"""Checks of a scalar potential: renormalisable, real, invariant under every gauge group.

Consumes a :class:`~modelgen.model.Model` and a SymPy expression V in the component symbols of
its scalars (:func:`~modelgen.model.potential.component_symbols`) and their conjugates; produces
nothing but a :class:`~modelgen.errors.ModelError` naming the culprit:

* renormalisable: V is a polynomial of total degree <= 4 in the components and conjugates;
* real: V - conj(V) expands to 0 (couplings must be real symbols);
* U(1) (hypercharge and every other abelian factor): each monomial prod x^n conj(x)^m has
  charge sum sum q_x (n_x - m_x) = 0;
* SU(2): invariance under the infinitesimal transformation delta Phi = i theta^a T^a Phi,
  T^a = sigma^a/2, of every doublet (delta conj(Phi) = -i theta^a conj(T^a) conj(Phi)):
  delta V = sum_x dV/dx delta x + dV/dconj(x) delta conj(x) = 0 for a = 1, 2, 3.  The generators
  do not change which multiplets (and how many conjugates) a monomial holds, so delta V is
  checked per class of monomials with the same multiplet content and the message names the
  class's first monomial.
"""
from __future__ import annotations

from collections import defaultdict

import sympy as sp

from ..errors import ModelError

__all__ = ["split_conjugates", "check_potential", "SU2_GENERATORS"]

_H = sp.Rational(1, 2)
SU2_GENERATORS = (sp.Matrix([[0, _H], [_H, 0]]), sp.Matrix([[0, -sp.I * _H], [sp.I * _H, 0]]),
                  sp.Matrix([[_H, 0], [0, -_H]]))


def split_conjugates(model, expr):
    """(expr with conj(x) -> xbar, {x: (scalar name, component)}, {x: xbar}) for every component."""
    owner, bars = {}, {}
    for s in model.scalars.values():
        for i, x in enumerate(model.scalar_components(s.name)):
            owner[x] = (s.name, i)
            bars[x] = sp.Symbol(f"{x.name}_bar", complex=True)
    unknown = {c for c in sp.sympify(expr).atoms(sp.conjugate) if c.args[0] not in owner}
    if unknown:
        raise ModelError(f"potential: conjugate of {sorted(map(str, unknown))[0]}, which is not a scalar "
                         f"component; potential couplings must be real symbols")
    return sp.expand(sp.sympify(expr).xreplace({sp.conjugate(x): b for x, b in bars.items()})), owner, bars


def check_potential(model, expr) -> None:
    """Raise ModelError unless V is renormalisable, real and gauge invariant (module docstring)."""
    V, owner, bars = split_conjugates(model, expr)
    fields = list(owner) + list(bars.values())
    if not V.free_symbols & set(fields):
        raise ModelError("potential: the expression contains no scalar component; use Model.scalar_components")
    try:
        poly = sp.Poly(V, *fields)
    except sp.PolynomialError:
        raise ModelError(f"potential: not a polynomial in the scalar components: {expr}") from None
    for monom, coeff in poly.terms():
        if coeff.free_symbols & set(fields) or sum(monom) > 4:
            raise ModelError(f"potential: the term {_term(fields, monom)} has dimension {sum(monom)} > 4; "
                             f"a renormalisable potential is a polynomial of degree <= 4")
    imag = sp.expand(sp.sympify(expr) - sp.conjugate(sp.sympify(expr)))
    if imag != 0:
        raise ModelError(f"potential: V is not real (V - V* = {imag}); add the Hermitian conjugate of "
                         f"every complex term and declare the couplings real")
    n = len(owner)
    for monom, _ in poly.terms():
        for g in model.abelian_groups:
            total = sum(model.charge(model.scalars[owner[x][0]], g.name) * (monom[i] - monom[n + i])
                        for i, x in enumerate(owner))
            if sp.simplify(total) != 0:
                raise ModelError(f"potential: the term {_term(fields, monom)} is not invariant under {g.name}: "
                                 f"its charges sum to {sp.simplify(total)}, not 0")
    _check_su2(model, poly, fields, owner, bars)


def _term(fields, monom):
    return str(sp.Mul(*[f**k for f, k in zip(fields, monom)]))


def _check_su2(model, poly, fields, owner, bars):
    """delta V = 0 under each SU(2) generator, per class of monomials (module docstring)."""
    n = len(owner)
    comps = list(owner)
    classes = defaultdict(list)
    for monom, coeff in poly.terms():
        content = defaultdict(int)          # (multiplet, conjugated) -> power
        for i, k in enumerate(monom):
            content[(owner[comps[i % n]][0], i >= n)] += k
        key = tuple(sorted((name, bar, k) for (name, bar), k in content.items() if k))
        classes[key].append((monom, coeff))
    for terms in classes.values():
        part = sp.Add(*[c * sp.Mul(*[f**k for f, k in zip(fields, m)]) for m, c in terms])
        for a, T in enumerate(SU2_GENERATORS, start=1):
            delta = sp.Integer(0)
            for x in comps:
                s = model.scalars[owner[x][0]]
                if model.su2_dim(s) != 2:
                    continue
                i = owner[x][1]
                mult = model.scalar_components(s.name)
                dx = sp.I * sum(T[i, j] * mult[j] for j in range(2))
                dxbar = -sp.I * sum(sp.conjugate(T[i, j]) * bars[mult[j]] for j in range(2))
                delta += sp.diff(part, x) * dx + sp.diff(part, bars[x]) * dxbar
            if sp.expand(delta) != 0:
                raise ModelError(f"potential: the term {_term(fields, terms[0][0])} (with the terms of the "
                                 f"same field content) is not invariant under {model.weak}: "
                                 f"delta V != 0 for the generator T^{a}")
