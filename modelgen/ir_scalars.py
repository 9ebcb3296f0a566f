"""IR of the scalar sector of models with a potential: solved couplings and validity status bits.

Consumes a :class:`~modelgen.derive.Derivation` whose ``scalars`` is a
:class:`~modelgen.derive.scalars.ScalarSector` (None: nothing to lower); produces
* outputs: each potential coupling the physical input scheme fixes (``Model.scalar_inputs``, e.g.
  ``lambda_H``) in runtime parameters, with the unit of its mass dimension 4 - (degree of the
  operator it multiplies);
* status checks: one bit per condition of the sector, numbered from :data:`SCALAR_BIT0` in the
  sector's order, set where the condition fails.  m^2 > 0 of a derived mass is fatal (the vacuum
  is not a minimum: every output NaN); the model's declared conditions (bounded from below,
  perturbative unitarity) are non-fatal warnings on a point whose outputs are still computed
  (docs/physics.md, "Scalar sector").  The reason text starts with the condition's name.
"""
from __future__ import annotations

import sympy as sp

from .derive.potential_checks import split_conjugates
from .errors import ModelError

__all__ = ["SCALAR_BIT0", "LIGHT_MASS_FLOOR_BIT", "LIGHT_SPLIT_BIT", "scalar_outputs", "scalar_status"]

#: first status bit of the scalar conditions (bits 0-8 belong to the gauge and lepton stages)
SCALAR_BIT0 = 9
#: the lepton stage's non-fatal "light masses only to the absolute floor" flag: the last bit of the
#: kernel's C int status (bit 31 is its sign), above the scalar range, so that no saved bit moves
LIGHT_MASS_FLOOR_BIT = 30
#: the lepton stage's non-fatal "light subspace not separated" flag (kernels/leptons.light_subspace):
#: the bit below, likewise above every scalar bit a built-in model uses (the 2HDMs' reach 24)
LIGHT_SPLIT_BIT = 29
#: last status bit of the scalar conditions
_LAST_BIT = LIGHT_SPLIT_BIT - 1
_UNITS = {0: "", 1: "GeV", 2: "GeV^2", 3: "GeV^3", 4: "GeV^4"}


def _mass_dimension(model, coupling):
    """4 - degree of the first monomial of V whose coefficient contains ``coupling``."""
    V, owner, bars = split_conjugates(model, model.scalar_potential.expr)
    poly = sp.Poly(V, *(list(owner) + list(bars.values())))
    return next(4 - sum(monom) for monom, coeff in poly.terms() if coeff.has(coupling))


def scalar_outputs(d, OutputIR) -> list:
    """The solved potential couplings as outputs (module docstring)."""
    if d.scalars is None:
        return []
    return [OutputIR(str(c), expr, _UNITS[_mass_dimension(d.model, c)],
                     f"potential coupling {c} solved from the physical scalar inputs")
            for c, expr in d.scalars.inputs.items()]


def scalar_status(d, StatusIR) -> list:
    """One StatusIR per condition of the scalar sector (module docstring); conditions that hold
    identically get no bit."""
    if d.scalars is None:
        return []
    out, bit = [], SCALAR_BIT0
    for name, (cond, reason) in d.scalars.conditions.items():
        fails = sp.Not(cond)
        if fails is sp.false:
            continue
        if bit > _LAST_BIT:
            raise ModelError(f"model {d.model.name!r}: {len(d.scalars.conditions)} scalar conditions need status "
                             f"bits beyond {_LAST_BIT}; merge conditions (Model.scalar_condition)")
        out.append(StatusIR(bit, fails, f"{name}: {reason}", fatal=name in d.scalars.fatal))
        bit += 1
    return out
