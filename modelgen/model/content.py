"""Gauge groups and fields: the vocabulary a model is written in.

A :class:`GaugeGroup` is SU(N) or U(1) with a coupling symbol.  Fields carry their representation
under every group: for SU(N) the dimension (SU(3): 1, 3 or -3 for the antitriplet; SU(2): 1 or 2),
for U(1) the charge (a number or a SymPy symbol, so that a charge can be a model parameter).
A fermion's U(1) charge may instead be a tuple with one charge per generation (a flavour-dependent
U(1) such as L_mu - L_tau: ``{"LmuLtau": (0, 1, -1)}``); its length must equal ``generations``.
Weyl fermions carry their chirality; complex scalars may carry a vev ``v/sqrt(2)`` in one
component.  Q = T3 + Y with Y the model's hypercharge group.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from ..errors import ModelError

__all__ = ["GaugeGroup", "WeylFermion", "ComplexScalar", "DiracState", "t3_of_component", "parse_charge",
           "per_generation"]


@dataclass(frozen=True)
class GaugeGroup:
    """A gauge group factor; ``kind`` is ``"SU"`` or ``"U1"``; ``n`` the N of SU(N).

    ``boson`` names the gauge field; ``physical`` the massive vector the group contributes as a
    mass eigenstate, read by the derivation and the kernels to name couplings and outputs: for
    SU(2)_L the charged vector (``"W"``), for hypercharge the electroweak massive neutral state
    (``"Z"``), for an extra U(1) its massive neutral state (e.g. ``"Zp"``).  Empty: none.
    """

    name: str
    kind: str
    coupling: sp.Symbol
    n: int = 1
    boson: str = ""
    physical: str = ""

    def __post_init__(self):
        if self.kind not in ("SU", "U1"):
            raise ModelError(f"gauge group {self.name!r}: kind must be 'SU' or 'U1', got {self.kind!r}")
        if self.kind == "SU" and self.n not in (2, 3):
            raise ModelError(f"gauge group {self.name!r}: only SU(2) and SU(3) are supported, got SU({self.n})")

    @property
    def abelian(self) -> bool:
        return self.kind == "U1"


def t3_of_component(su2_dim: int, component: int) -> sp.Rational:
    """T3 of component ``component`` (0 = upper) of an SU(2) representation of dimension 1 or 2."""
    if su2_dim == 1:
        if component != 0:
            raise ModelError(f"an SU(2) singlet has only component 0, not {component}")
        return sp.Integer(0)
    if component not in (0, 1):
        raise ModelError(f"an SU(2) doublet has components 0 (T3=+1/2) and 1 (T3=-1/2), not {component}")
    return sp.Rational(1, 2) - component


def _charge(v):
    return sp.nsimplify(v) if isinstance(v, float) else sp.sympify(v)


def _charges(reps: dict) -> dict:
    """Charges as SymPy numbers; a per-generation charge (tuple or list) becomes a tuple of them."""
    return {k: tuple(_charge(x) for x in v) if isinstance(v, (tuple, list)) else _charge(v)
            for k, v in reps.items()}


def per_generation(reps: dict) -> tuple:
    """Names of the groups under which the charges depend on the generation."""
    return tuple(g for g, q in reps.items() if isinstance(q, tuple))


@dataclass(frozen=True)
class WeylFermion:
    """A chiral fermion multiplet, ``chirality`` "L" or "R", repeated ``generations`` times.

    ``latex`` labels the SU(2) components in printed mass matrices, one LaTeX string per component
    (e.g. ``(r"\nu_L", "e_L")``); empty: a label made from the name and the electric charge.
    """

    name: str
    chirality: str
    reps: dict
    generations: int = 1
    latex: tuple = ()

    def __post_init__(self):
        if self.chirality not in ("L", "R"):
            raise ModelError(f"fermion {self.name!r}: chirality must be 'L' or 'R', got {self.chirality!r}")
        object.__setattr__(self, "reps", _charges(self.reps))
        object.__setattr__(self, "latex", (self.latex,) if isinstance(self.latex, str) else tuple(self.latex))
        for g in per_generation(self.reps):
            if len(self.reps[g]) != self.generations:
                raise ModelError(f"fermion {self.name!r}: {len(self.reps[g])} charges under {g!r} for "
                                 f"{self.generations} generation(s); give one charge per generation")


@dataclass(frozen=True)
class ComplexScalar:
    """A complex scalar multiplet; ``vev`` is the symbol v with <component> = v/sqrt(2).

    ``physical`` names the real scalar mediator phi of <component> = (v + phi)/sqrt(2) (e.g. the
    Higgs ``"h"``) and ``mass`` the parameter holding its mass; both empty: no mediator declared.
    """

    name: str
    reps: dict
    vev: sp.Symbol | None = None
    vev_component: int = 0
    physical: str = ""
    mass: str = ""

    def __post_init__(self):
        object.__setattr__(self, "reps", _charges(self.reps))
        if per_generation(self.reps):
            raise ModelError(f"scalar {self.name!r}: one charge per group, not per generation "
                             f"({', '.join(per_generation(self.reps))})")


@dataclass(frozen=True)
class DiracState:
    """A physical fermion built from chiral components, each ``(field name, SU(2) component)``.

    ``right`` may be ``None`` (a light neutrino without right-handed partner in its couplings).
    ``mass`` names the parameter holding its mass, if any.
    """

    name: str
    left: tuple
    right: tuple | None
    mass: str | None = None
    latex: str = ""
    kind: str = field(default="lepton")


def parse_charge(q, what: str):
    """A U(1) charge given by a user: a rational number (int, float, Fraction, SymPy Rational,
    ``"1/3"``) or the name of a runtime parameter (a Python identifier or a SymPy symbol).
    Anything else raises ModelError naming ``what`` and the reason, before any derivation work."""
    if isinstance(q, sp.Symbol):
        return q
    if isinstance(q, str) and q.strip().isidentifier():
        return sp.Symbol(q.strip(), real=True)
    try:
        if isinstance(q, bool) or not isinstance(q, (str, int, float, numbers.Rational)):
            raise TypeError
        return sp.Rational(Fraction(repr(q) if isinstance(q, float) else q))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        raise ModelError(f"{what}: charge {q!r} is neither a finite rational number (e.g. 1, -3, '1/3') "
                         f"nor a parameter name (a Python identifier)") from None
