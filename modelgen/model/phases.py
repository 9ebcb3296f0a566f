"""CP phases of declared Yukawa/mass terms (``Model.yukawa(..., cp=True)``).

Consumes a term's generation-space coupling matrix whose entries are real model parameters;
produces the same matrix with every parameter p replaced by p exp(i phi_p) and declares, once per
parameter, the phase ``phi_<p>`` (unit rad, default 0, range [-pi, pi], where -pi and pi are the
same point).  Modulus-and-phase form: p keeps its meaning, range and sign (a negative p is the
phase pi), so a model that opts in reproduces the real model at zero phases, and the default
(``cp=False``) leaves the matrix, the derivation and the generated kernel untouched.  A symmetric
Majorana matrix shares one parameter between the two symmetric entries, hence one phase.

Which couplings take phases is the model's choice: the solved SM Yukawas stay real (a rephasing of
e_R removes their phases) and so do vector-like masses chosen real-diagonal as a basis choice;
see docs/physics.md "CP violation".
"""
from __future__ import annotations

import sympy as sp

from ..errors import ModelError

__all__ = ["PHASE_PREFIX", "phase_name", "with_phases", "coupling_symbols"]

#: phase parameter of coupling ``p``: ``phi_<p>``
PHASE_PREFIX = "phi_"


def phase_name(coupling: str) -> str:
    return f"{PHASE_PREFIX}{coupling}"


def with_phases(model, term: str, matrix: sp.ImmutableMatrix, what: str) -> sp.ImmutableMatrix:
    """``matrix`` with each model parameter p among its entries' symbols replaced by p exp(i phi_p);
    the phase parameters are declared on ``model`` (reused if the parameter already has one).
    ModelError if the matrix holds no model parameter (nothing could carry a phase)."""
    params = {p.symbol: p for p in model.parameters.values()}
    couplings = sorted((s for s in matrix.free_symbols if s in params), key=lambda s: s.name)
    if not couplings:
        raise ModelError(f"term {term!r}: cp=True needs model parameters among the coupling entries "
                         f"(found only {sorted(map(str, matrix.free_symbols)) or 'numbers'})")
    rephase = {}
    for s in couplings:
        name = phase_name(s.name)
        phi = (model.parameters[name].symbol if name in model.parameters else
               model.parameter(name, 0.0, "rad", -float(sp.pi), float(sp.pi),
                               f"CP phase of {s.name} ({what}): coupling {s.name} exp(i {name})"))
        rephase[s] = s * sp.exp(sp.I * phi)
    return sp.ImmutableMatrix(matrix.xreplace(rephase))


def coupling_symbols(matrix) -> set:
    """Free symbols of a coupling matrix outside its phase factors exp(i phi): the couplings whose
    size matters (e.g. for perturbativity), not their phases."""
    phase_factors = {f: 1 for f in matrix.atoms(sp.exp) if f.args[0].has(sp.I)}
    return matrix.xreplace(phase_factors).free_symbols
