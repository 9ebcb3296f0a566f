"""Chiral couplings of the physical fermions to gamma, Z, Z' and W.

Convention (PHYSICS.md, DESIGN.md): D_mu = d_mu - i g_a Q_a A_mu, so
    L > f_bar gamma^mu (g_L P_L + g_R P_R) f V_mu,
with g_{L,R} = c(field) . O_V, c the canonical coupling row of the chiral component and O_V the
eigenvector of V.  In units of e: eps_V = (g_L + g_R)/(2e), eps_A = (g_R - g_L)/(2e), i.e.
L > e V_mu f_bar gamma^mu (eps_V + eps_A gamma5) f.  W: L > (g/sqrt2) nu_bar gamma^mu P_L e W^+_mu.
g is assembled as sum_c charge_c k_c from the gauge sector's per-charge coefficients (T3 at fixed
Q, Q, the extra U(1) charges; :func:`~modelgen.derive.gauge.derive_gauge` stage 6), never
simplified as a whole: then g_R - g_L of a fermion contains only the T3 and extra-U(1) terms
symbolically (the Q terms cancel exactly), and the O(eps M_Z'^2/M_Z^2) axial couplings of a light
Z' are computed without an O(eps) cancellation.
"""
from __future__ import annotations

import sympy as sp

__all__ = ["chiral_coupling", "state_couplings"]


def chiral_coupling(gauge, charges, boson):
    """g = sum_c charges[c] k_c(boson) for one chiral component (``charges`` from
    ``gauge.charges(field, component)``, or None for an absent component: 0)."""
    if charges is None:
        return sp.Integer(0)
    k = gauge.coefficients[boson]
    return sp.Add(*[sp.sympify(q) * k[c] for c, q in charges.items() if q != 0 and k[c] != 0])


def state_couplings(model, gauge):
    """{(boson, fermion): (g_L, g_R)} for every physical Dirac state and neutral boson, plus the
    charged vector (named by the SU(2)_L group's ``physical``) between each neutrino and its partner.

    A state's components are ``(field, SU(2) component, generation)``: the generation selects a
    per-generation (flavour-dependent) charge."""
    out = {}
    for st in model.states.values():
        rows = []
        for comp in (st.left, st.right):
            rows.append(None if comp is None else gauge.charges(model.fermions[comp[0]], *comp[1:3]))
        for boson in gauge.eigenvectors:
            out[(boson, st.name)] = tuple(chiral_coupling(gauge, r, boson) for r in rows)
    g = model.groups[model.weak].coupling
    w = model.groups[model.weak].physical  # the charged vector's declared name
    for st in model.states.values():
        if st.kind == "neutrino":
            partner = next(s for s in model.states.values() if s.left[0] == st.left[0]
                           and len(s.left) > 2 and s.left[2] == st.left[2] and s is not st)
            out[(w, st.name, partner.name)] = (g / sp.sqrt(2), sp.Integer(0))
    return out
