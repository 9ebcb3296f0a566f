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
    or, for a model whose potential's states have Yukawa couplings to the lepton
    (ScalarSector.yukawas, L > -psi_bar_L Y chi_R S + h.c.), with the declared Yukawa entry fixed
    by the lepton mass (m_l = the entry of the vacuum mass matrix, linear in it):
      neutral S (h, H, A):  F = l,  c_S = -Re Y, c_P = -i Im Y   (L > -S l_bar (Re Y + i Im Y g5) l)
      charged S^+:          F = nu (massless, Q_F = 0),  c_S = c_P = -Y/2   (-nu_bar Y P_R l S^+)
The SM reference of a BSM model is the same set with every BSM coupling set to zero
(``sm_limit``, :func:`~modelgen.derive.names.bsm_couplings`), so Delta a_l = a_l(model) -
a_l(SM, same inputs) uses one routine.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..errors import ModelError
from .names import bsm_couplings, charged_vector, light_leptons
from .scalar_yukawa import vacuum_masses

__all__ = ["Diagram", "lepton_diagrams", "sm_limit", "re_im"]


@dataclass(frozen=True)
class Diagram:
    lepton: str
    mediator: str      # the model's physical name, e.g. "W", "Z", "h", "Zp"
    topology: str      # neutral_scalar | neutral_vector | charged_scalar | charged_vector
    m_l: sp.Expr
    M_F: sp.Expr
    M_B: sp.Expr
    c1: sp.Expr        # c_S or c_V (complex: a + I b)
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
        out += _scalar_diagrams(d, name, m)
    return out


def _scalar_diagrams(d, lepton, m):
    """Scalar diagrams of ``lepton`` (mass parameter m): from the scalar sector's Yukawas when it
    has any, else the doublet rule (module docstring)."""
    model = d.model
    if d.scalars is None or not d.scalars.yukawas:
        doublet = next(s for s in model.scalars.values() if s.vev is not None and model.su2_dim(s) == 2)
        # every scalar mediator with a component c_H along the doublet couples as c_H h_H (h_H: -m/v)
        higgs = [(h, dict(h.components)[doublet.name]) for h in d.scalar_mediators()
                 if dict(h.components).get(doublet.name, 0) != 0]
        return [Diagram(lepton, h.label, "neutral_scalar", m, m, h.mass, -c * m / doublet.vev, sp.Integer(0))
                for h, c in higgs]
    S, st = d.scalars, model.states[lepton]
    (lf, la, i), (rf, rb, j) = st.left, st.right
    fix = _yukawa_from_mass(model, S, (lf, la, rf, rb), i, j, m)
    goldstones = {f"G_{b}" for b in S.goldstones}
    out = []
    for state in S.states:
        if state.label in goldstones:
            continue
        table = S.yukawas.get(state.label, {})
        mass = sp.sqrt(state.mass_squared)
        if state.sector == "charged":     # the doublet partner (component 1 - la) of the lepton: its neutrino
            if any(k[0] == lf and k[2] == rf and k[4] for k in table):
                raise ModelError(f"model {model.name!r}: {lepton} couples to the conjugate of the charged scalar "
                                 f"{state.label!r}; only nu_bar l S^+ couplings are supported")
            y = table.get((lf, 1 - la, rf, rb, False))
            if y is not None and y[i, j] != 0:
                c = -y[i, j].xreplace(fix) / 2
                out.append(Diagram(lepton, state.label, "charged_scalar", m, sp.Integer(0), mass, c, c))
            continue
        y = table.get((lf, la, rf, rb, False))
        if y is None or y[i, j] == 0:
            continue
        re, im = re_im(y[i, j].xreplace(fix))
        out.append(Diagram(lepton, state.label, "neutral_scalar", m, m, mass, -re, -sp.I * im))
    return out


def _yukawa_from_mass(model, S, key, i, j, m):
    """{y: value} of the one declared Yukawa entry in lepton (i, j)'s vacuum mass, solved from m."""
    entry = vacuum_masses(model, S.fields, S.basis)[key][i, j]
    params = {p.symbol for p in model.parameters.values()}
    declared = set().union(*(t.matrix.free_symbols for t in model.yukawas.values()))
    unknown = sorted((entry.free_symbols & declared) - params, key=sp.default_sort_key)
    if len(unknown) != 1:
        raise ModelError(f"model {model.name!r}: the mass of lepton entry ({i}, {j}) is {entry}; expected one "
                         f"declared Yukawa to fix from {m}")
    return {unknown[0]: sp.solve(entry - m, unknown[0])[0]}


def re_im(c):
    """(a, b) of c = a + I b, for c linear in I (couplings from the real-field Yukawas)."""
    c = sp.expand(c)
    im = c.coeff(sp.I)
    return sp.expand(c - sp.I * im), im
