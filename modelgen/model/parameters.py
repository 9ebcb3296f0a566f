"""Model parameters: a SymPy symbol plus default, unit, allowed range and description.

Consumes nothing; produces the :class:`Parameter` records that every later stage (derive, IR,
evaluator, CLI) reads.  Masses are in GeV.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

__all__ = ["Parameter", "Relation"]


@dataclass(frozen=True)
class Parameter:
    """A runtime input of a model.

    ``lower``/``upper`` bound the physical range (inclusive); values outside raise
    :class:`~modelgen.errors.ParameterError` in the evaluator.
    """

    name: str
    default: float | None
    unit: str = ""
    lower: float = float("-inf")
    upper: float = float("inf")
    description: str = ""
    positive: bool = False
    symbol: sp.Symbol = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        sym = sp.Symbol(self.name, positive=True) if self.positive else sp.Symbol(self.name, real=True)
        object.__setattr__(self, "symbol", sym)

    @property
    def range_text(self) -> str:
        return f"[{self.lower:g}, {self.upper:g}]" + (f" {self.unit}" if self.unit else "")

    def as_dict(self) -> dict:
        return {"name": self.name, "default": self.default, "unit": self.unit,
                "range": [self.lower, self.upper], "description": self.description}


@dataclass(frozen=True)
class Relation:
    """An internal quantity fixed by inputs, ``symbol = expr`` (e.g. the SM tree-level relations)."""

    symbol: sp.Symbol
    expr: sp.Expr
    description: str = ""
