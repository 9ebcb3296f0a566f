"""One-loop dipole diagrams of each charged lepton, from the derived mass-basis couplings.

Consumes a :class:`~modelgen.derive.Derivation`; produces :class:`Diagram` records in the
loop-library normalisation (DESIGN.md "Loop library API"):
    neutral scalar  L = F_bar (c_S + c_P g5) l S (+h.c.),   neutral vector  F_bar g^mu (c_V + c_A g5) l V_mu,
    charged vector  F_bar g^mu (c_V + c_A g5) l W_mu + h.c. (Q_B = Q_l - Q_F).
Diagrams for models without lepton mixing (internal fermion = the lepton itself, or its
massless neutrino for the W); mediator names are the model's (:mod:`modelgen.derive.names`):
    charged vector W:  F = nu, c_V = -c_A = g/(2 sqrt2)   (L > g/sqrt2 nu_bar g^mu P_L l W^+)
    each massive neutral vector V:  F = l,  c_V = (g_L+g_R)/2, c_A = (g_R-g_L)/2
    each scalar mediator with a component c_H along the SU(2)-doublet scalar of vev v (the
    Higgs h, c_H = 1 unless a scalar potential mixes it):  F = l,  c_S = -c_H m_l/v
                                                     (L > -(m_l/v) h_H l_bar l)
The SM reference of a BSM model is the same set with every BSM coupling set to zero
(``sm_limit``, :func:`~modelgen.derive.names.bsm_couplings`), so Delta a_l = a_l(model) -
a_l(SM, same inputs) uses one routine.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .names import bsm_couplings, charged_vector, light_leptons

__all__ = ["Diagram", "lepton_diagrams", "sm_limit"]


@dataclass(frozen=True)
class Diagram:
    lepton: str
    mediator: str      # the model's physical name, e.g. "W", "Z", "h", "Zp"
    topology: str      # neutral_scalar | neutral_vector | charged_scalar | charged_vector
    m_l: sp.Expr
    M_F: sp.Expr
    M_B: sp.Expr
    c1: sp.Expr        # c_S or c_V
    c2: sp.Expr        # c_P or c_A
    Q_F: sp.Expr = sp.Integer(0)


def sm_limit(model, expr):
    """``expr`` with the BSM couplings of ``model`` set to zero."""
    subs = {s: 0 for s in bsm_couplings(model)}
    return sp.sympify(expr).subs(subs) if subs else sp.sympify(expr)


def lepton_diagrams(d) -> list[Diagram]:
    """All one-loop dipole diagrams of every light charged lepton (no lepton mixing)."""
    model = d.model
    g = model.groups[model.weak].coupling
    doublet = next(s for s in model.scalars.values() if s.vev is not None and model.su2_dim(s) == 2)
    # every scalar mediator with a component c_H along the doublet couples as c_H h_H (h_H: -m/v)
    higgs = [(m, dict(m.components)[doublet.name]) for m in d.scalar_mediators()
             if dict(m.components).get(doublet.name, 0) != 0]
    m2 = d.masses_squared()
    w = charged_vector(model)
    out = []
    for name in light_leptons(model):
        m = model.parameters[model.states[name].mass].symbol
        cw = g / (2 * sp.sqrt(2))
        out.append(Diagram(name, w, "charged_vector", m, sp.Integer(0), sp.sqrt(m2[w]), cw, -cw))
        for boson in d.neutral_vectors:
            gl, gr = d.vertex(boson, name)
            out.append(Diagram(name, boson, "neutral_vector", m, m, d.vector_mass(boson), (gl + gr) / 2, (gr - gl) / 2))
        out += [Diagram(name, h.label, "neutral_scalar", m, m, h.mass, -c * m / doublet.vev, sp.Integer(0))
                for h, c in higgs]
    return out
