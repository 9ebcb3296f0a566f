"""One-loop dipole diagrams of each charged lepton, from the derived mass-basis couplings.

Consumes a :class:`~modelgen.derive.Derivation`; produces :class:`Diagram` records in the
loop-library normalisation (DESIGN.md "Loop library API"):
    neutral scalar  L = F_bar (c_S + c_P g5) l S (+h.c.),   neutral vector  F_bar g^mu (c_V + c_A g5) l V_mu,
    charged vector  F_bar g^mu (c_V + c_A g5) l W_mu + h.c. (Q_B = Q_l - Q_F).
Diagrams for models without lepton mixing (internal fermion = the lepton itself, or its
massless neutrino for the W):
    W:  F = nu, c_V = -c_A = g/(2 sqrt2)            (L > g/sqrt2 nu_bar g^mu P_L l W^+)
    Z:  F = l,  c_V = (g_L+g_R)/2, c_A = (g_R-g_L)/2
    h:  F = l,  c_S = -m_l/v                         (L > -(m_l/v) h l_bar l)
    Z': F = l,  as the Z with the Z' couplings
The SM reference of a BSM model is the same set with every BSM coupling set to zero
(``sm_limit``), so Delta a_l = a_l(model) - a_l(SM, same inputs) uses one routine.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

__all__ = ["Diagram", "bsm_couplings", "lepton_diagrams", "sm_limit"]


@dataclass(frozen=True)
class Diagram:
    lepton: str
    mediator: str      # "W", "Z", "h", "Zp", ...
    topology: str      # neutral_scalar | neutral_vector | charged_scalar | charged_vector
    m_l: sp.Expr
    M_F: sp.Expr
    M_B: sp.Expr
    c1: sp.Expr        # c_S or c_V
    c2: sp.Expr        # c_P or c_A
    Q_F: sp.Expr = sp.Integer(0)


def bsm_couplings(model) -> tuple:
    """Runtime parameters that switch off the BSM gauge sector: the couplings of the U(1) factors
    other than hypercharge and the kinetic-mixing coefficients (read from the model's declarations)."""
    symbols = {g.coupling for g in model.abelian_groups if g.name != model.hypercharge}
    for eps in model.kinetic_mixings.values():
        symbols |= sp.sympify(eps).free_symbols
    return tuple(n for n, p in model.parameters.items() if p.symbol in symbols)


def sm_limit(model, expr):
    """``expr`` with the BSM couplings of ``model`` set to zero."""
    subs = {model.parameters[n].symbol: 0 for n in bsm_couplings(model)}
    return sp.sympify(expr).subs(subs) if subs else sp.sympify(expr)


def lepton_diagrams(d) -> list[Diagram]:
    """All one-loop dipole diagrams of every charged lepton with a mass parameter."""
    model = d.model
    g = model.groups[model.weak].coupling
    v = next(s.vev for s in model.scalars.values() if s.vev is not None and model.su2_dim(s) == 2)
    m2 = d.masses_squared()
    M_h = model.parameters["M_h"].symbol
    out = []
    for st in model.states.values():
        if st.kind != "lepton" or st.mass is None:
            continue
        m = model.parameters[st.mass].symbol
        cw = g / (2 * sp.sqrt(2))
        out.append(Diagram(st.name, "W", "charged_vector", m, sp.Integer(0), sp.sqrt(m2["W"]), cw, -cw))
        for boson in ("Z", "Zp"):
            if boson in d.bosons:
                gl, gr = d.vertex(boson, st.name)
                mass = sp.sqrt(m2[boson]) if boson == "Z" else model.parameters["M_Zp"].symbol
                out.append(Diagram(st.name, boson, "neutral_vector", m, m, mass, (gl + gr) / 2, (gr - gl) / 2))
        out.append(Diagram(st.name, "h", "neutral_scalar", m, m, M_h, -m / v, sp.Integer(0)))
    return out
