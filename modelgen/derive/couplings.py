"""Chiral couplings of the physical fermions to gamma, Z, Z' and W.

Convention (PHYSICS.md, DESIGN.md): D_mu = d_mu - i g_a Q_a A_mu, so
    L > f_bar gamma^mu (g_L P_L + g_R P_R) f V_mu,
with g_{L,R} = c(field) . O_V, c the canonical coupling row of the chiral component and O_V the
eigenvector of V.  In units of e: eps_V = (g_L + g_R)/(2e), eps_A = (g_R - g_L)/(2e), i.e.
L > e V_mu f_bar gamma^mu (eps_V + eps_A gamma5) f.  W: L > (g/sqrt2) nu_bar gamma^mu P_L e W^+_mu.
The numerators are expanded before division, so the O(eps) terms that cancel for a neutral
fermion cancel symbolically, not numerically.
"""
from __future__ import annotations

import sympy as sp

__all__ = ["chiral_coupling", "state_couplings"]


def chiral_coupling(gauge, row, boson):
    """g for one chiral component (canonical coupling row ``row``) and boson eigenvector ``boson``."""
    B, w, pref = gauge.eigenvectors[boson]
    if row is None:
        return sp.Integer(0)
    block = row * B
    numerator = sp.factor(sp.expand(sum(block[i] * w[i] for i in range(w.shape[0]))))
    return sp.simplify(numerator) * pref if numerator != 0 else sp.Integer(0)


def state_couplings(model, gauge):
    """{(boson, fermion): (g_L, g_R)} for every physical Dirac state and neutral boson, plus W."""
    out = {}
    for st in model.states.values():
        rows = []
        for comp in (st.left, st.right):
            rows.append(None if comp is None else gauge.coupling_rows(model.fermions[comp[0]], comp[1]))
        for boson in gauge.eigenvectors:
            out[(boson, st.name)] = tuple(chiral_coupling(gauge, r, boson) for r in rows)
    g = model.groups[model.weak].coupling
    for st in model.states.values():
        if st.kind == "neutrino":
            partner = next(s for s in model.states.values() if s.left[0] == st.left[0]
                           and len(s.left) > 2 and s.left[2] == st.left[2] and s is not st)
            out[("W", st.name, partner.name)] = (g / sp.sqrt(2), sp.Integer(0))
    return out
