"""Scalar-potential declarations: component symbols, the potential, its physical input scheme.

Consumes a :class:`~modelgen.model.Model`'s scalars; produces the records the model keeps
(:class:`ScalarPotential`, :class:`PhysicalState`) and that :mod:`modelgen.derive.scalars` reads.
Nothing here derives physics; the gauge-invariance checks live in
:mod:`modelgen.derive.potential_checks`.

Components: a scalar multiplet ``S`` of SU(2) dimension d has the complex component symbols
``S_0 .. S_{d-1}`` (0 = upper, T3 = +1/2), e.g. ``H_0 = phi^+`` and ``H_1 = phi^0`` for the SM
doublet with Y = 1/2.  ``dagger(a, b)`` is the SU(2)-invariant a^dagger b = sum_i conj(a_i) b_i.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..errors import ModelError

__all__ = ["ScalarPotential", "PhysicalState", "component_symbols", "dagger"]


def component_symbols(name: str, dim: int) -> tuple:
    """The complex component symbols of multiplet ``name`` (SU(2) dimension ``dim``)."""
    return tuple(sp.Symbol(f"{name}_{i}", complex=True) for i in range(dim))


def dagger(a: tuple, b: tuple) -> sp.Expr:
    """a^dagger b = sum_i conj(a_i) b_i of two multiplets of the same dimension."""
    if len(a) != len(b):
        raise ModelError(f"a^dagger b needs multiplets of the same dimension, got {len(a)} and {len(b)}")
    return sp.Add(*[sp.conjugate(x) * y for x, y in zip(a, b)])


@dataclass(frozen=True)
class PhysicalState:
    """A physical scalar of an input scheme: ``label``, ``sector`` ("even", "odd" or "charged"),
    its squared-mass expression in runtime parameters and, optionally, its direction (unit
    vector in the sector's gauge basis; ``None`` = the orthogonal complement of the Goldstones)."""

    label: str
    sector: str
    mass_squared: sp.Expr
    direction: tuple | None = None

    def __post_init__(self):
        if self.sector not in ("even", "odd", "charged"):
            raise ModelError(f"physical scalar {self.label!r}: sector must be 'even', 'odd' or 'charged', "
                             f"got {self.sector!r}")


@dataclass(frozen=True)
class ScalarPotential:
    """V (real, renormalisable, gauge invariant), the parameters its tadpoles fix, an optional
    physical input scheme (``states`` with the potential couplings ``solve`` fixed from them) and
    named validity conditions ``{name: (SymPy boolean, reason)}`` in potential couplings."""

    expr: sp.Expr
    tadpole: tuple
    solve: tuple = ()
    states: tuple = ()
    conditions: tuple = ()    # ((name, condition, reason), ...)
