"""Scalar-fermion couplings of the physical scalars, from the declared Dirac Yukawa terms.

Consumes a :class:`~modelgen.model.Model` with ``Model.yukawa`` terms and the field expansions,
bases and physical states of :mod:`modelgen.derive.scalars`; produces, per state label,
``{(left field, left comp, right field, right comp, conj): Y}`` with

    L > -psi_bar_{L,a} Y chi_{R,b} S + h.c.      (conj=False; S the real state or S^+)
    L > -psi_bar_{L,a} Y chi_{R,b} S^- + h.c.    (conj=True; S^- = (S^+)*)

in the fermion gauge basis (generation matrices; the fermion mass-basis rotation is numeric, per
point).  SU(2) contractions as in :mod:`modelgen.derive.yukawa`: doublet psi_L, singlet chi_R:
psi_bar_a S_a or psi_bar_a S~_a, S~ = i sigma2 S* = (S_1*, -S_0*); singlet psi_L, doublet chi_R:
S^dagger chi or S~^dagger chi; two doublets or two singlets: the singlet S or S*.  A neutral
component x = (v + rho + i eta)/sqrt2 contributes d x/d rho = 1/sqrt2, d x/d eta = i/sqrt2.
Majorana terms are not included (their scalar couplings stay with dM/dv_S of
:mod:`modelgen.derive.fermions`).
"""
from __future__ import annotations

import sympy as sp

__all__ = ["contraction", "conjugate_field", "state_yukawas", "vacuum_masses"]


def contraction(model, term):
    """[(psi component a, chi component b, scalar factor)] of -Y psi_bar_a chi_b (factor)."""
    da = model.su2_dim(model.fermions[term.left])
    x = model.scalar_components(term.scalar)
    xb = tuple(sp.Symbol(f"{c.name}_bar", complex=True) for c in x)
    if len(x) == 2 and da == 2:
        return [(0, 0, xb[1]), (1, 0, -xb[0])] if term.conj else [(0, 0, x[0]), (1, 0, x[1])]
    if len(x) == 2:
        return [(0, 0, xb[0]), (0, 1, xb[1])] if term.conj else [(0, 0, x[1]), (0, 1, -x[0])]
    return [(a, a, xb[0] if term.conj else x[0]) for a in range(da)]


def state_yukawas(model, fields, basis, states) -> dict:
    """{state label: {(left, a, right, b, conj): Y}} (module docstring); states without a closed-form
    direction are skipped."""
    field_of = {"even": basis["even"], "odd": basis["odd"], "charged": basis["charged"]}
    out = {}
    for term in getattr(model, "yukawas", {}).values():
        if term.scalar is None or term.majorana:
            continue
        for a, b, factor in contraction(model, term):
            expr = factor.xreplace(fields)
            for st in states:
                if st.direction is None:
                    continue
                for conj in ((False, True) if st.sector == "charged" else (False,)):
                    coeff = sp.expand(sum(n * sp.diff(expr, conjugate_field(f) if conj else f)
                                          for n, f in zip(st.direction, field_of[st.sector])))
                    if coeff != 0:
                        key = (term.left, a, term.right, b, conj)
                        table = out.setdefault(st.label, {})
                        table[key] = sp.ImmutableMatrix(table.get(key, sp.zeros(*term.matrix.shape))
                                                        + term.matrix * coeff)
    return out


def vacuum_masses(model, fields, basis) -> dict:
    """{(left, a, right, b): M} of the Dirac terms at the vacuum, L > -psi_bar_{L,a} M chi_{R,b} + h.c.
    (every fluctuation and charged component set to zero)."""
    zero = {f: 0 for sector in basis.values() for f in sector}
    zero.update({conjugate_field(p): 0 for p in basis["charged"]})
    out = {}
    for term in getattr(model, "yukawas", {}).values():
        if term.scalar is None or term.majorana:
            continue
        for a, b, factor in contraction(model, term):
            vac = factor.xreplace(fields).xreplace(zero)
            if vac != 0:
                key = (term.left, a, term.right, b)
                out[key] = out.get(key, sp.zeros(*term.matrix.shape)) + term.matrix * vac
    return out


def conjugate_field(p):
    """The symbol of conj(p) for a component symbol ``x`` (``x_bar``) and back."""
    return sp.Symbol(p.name[:-4], complex=True) if p.name.endswith("_bar") else sp.Symbol(f"{p.name}_bar", complex=True)
