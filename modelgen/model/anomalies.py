"""Gauge and gravitational anomaly cancellation of the chiral fermion content.

Right-handed Weyl fields enter as left-handed conjugates (sign -1).  Conditions checked, with
A(3)=+1, A(-3)=-1 and Dynkin index 1/2 for fundamentals:
SU(3)^3, SU(3)^2 U(1)_a, SU(2)^2 U(1)_a, U(1)_a U(1)_b U(1)_c for every triple (incl. mixed),
gravity^2 U(1)_a, and Witten's global SU(2) anomaly (even number of doublets).
Every coefficient is a sum over the generations of each field, so per-generation (flavour-
dependent) U(1) charges enter generation by generation: for L_mu - L_tau the charges (0, 1, -1)
of l_L and e_R cancel in every condition (He, Joshi, Lew, Volkas, Phys. Rev. D 43 (1991) 22).
Reference: e.g. Langacker, "The Standard Model and Beyond", ch. 8.
"""
from __future__ import annotations

import itertools

import sympy as sp

from ..errors import ModelError

__all__ = ["check_anomalies"]


def _dim(field, group):
    return abs(int(field.reps.get(group.name, 1))) if not group.abelian else 1


def check_anomalies(groups, fermions):
    """Raise ModelError naming the first anomaly coefficient that does not vanish."""
    su3 = [g for g in groups if g.kind == "SU" and g.n == 3]
    su2 = [g for g in groups if g.kind == "SU" and g.n == 2]
    u1s = [g for g in groups if g.abelian]

    def mult(f, skip=()):
        """Chirality sign times the dimension under the non-abelian groups not in ``skip``."""
        m = 1 if f.chirality == "L" else -1
        for g in groups:
            if not g.abelian and g not in skip:
                m *= _dim(f, g)
        return m

    conditions = []
    for g3 in su3:
        conditions.append((f"SU(3)^3 [{g3.name}]",
                           sum(mult(f, (g3,)) * f.generations * _cubic_index(f, g3) for f in fermions)))
    for gn in su3 + su2:
        for a in u1s:
            conditions.append((f"{gn.name}^2 x {a.name}",
                               sum(mult(f, (gn,)) * sp.Rational(1, 2) * _generation_sum(f, a)
                                   for f in fermions if _dim(f, gn) > 1)))
    for a, b, c in itertools.combinations_with_replacement(u1s, 3):
        conditions.append((f"{a.name} x {b.name} x {c.name}",
                           sum(mult(f) * _generation_sum(f, a, b, c) for f in fermions)))
    for a in u1s:
        conditions.append((f"gravity^2 x {a.name}", sum(mult(f) * _generation_sum(f, a) for f in fermions)))
    for name, value in conditions:
        value = sp.simplify(sp.expand(value))
        if value != 0:
            raise ModelError(f"gauge anomaly: the {name} coefficient is {value}, not 0; "
                             f"check the charges of the chiral fermions")
    for g2 in su2:
        doublets = sum(f.generations * _dim_all_but(f, groups, g2) for f in fermions if _dim(f, g2) == 2)
        if doublets % 2:
            raise ModelError(f"Witten SU(2) anomaly: {doublets} Weyl doublets of {g2.name}, must be even")


def _cubic_index(f, g3):
    """A(3) = +1, A(-3) = -1, A(1) = 0."""
    d = int(f.reps.get(g3.name, 1))
    return sp.sign(d) if abs(d) == 3 else 0


def _generation_sum(f, *u1s):
    """sum over the generations i of f of prod_a q_a(f, i) (a uniform charge counts once per generation)."""
    def q(g, i):
        c = f.reps.get(g.name, 0)
        return c[i] if isinstance(c, tuple) else sp.sympify(c)
    return sum((sp.Mul(*(q(g, i) for g in u1s)) for i in range(f.generations)), sp.Integer(0))


def _dim_all_but(f, groups, g2):
    d = 1
    for g in groups:
        if not g.abelian and g is not g2:
            d *= _dim(f, g)
    return d
