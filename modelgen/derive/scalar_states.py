"""Physical scalar states: orientation of Goldstone complements, closed-form 2x2 rotations and the
input scheme that fixes potential couplings from physical masses and mixing angles.

Consumes the mass matrices and Goldstone directions of :mod:`modelgen.derive.scalars` and the
model's declared :class:`~modelgen.model.potential.PhysicalState` list; produces states, rotations
and the solved couplings (conventions in the docstring of :mod:`modelgen.derive.scalars`).
"""
from __future__ import annotations

import sympy as sp

from ..errors import ModelError
from ..model.potential import PhysicalState

__all__ = ["SECTORS", "solve_linear", "unit", "tidy", "complement", "derived_states", "solve_scheme"]

SECTORS = ("even", "odd", "charged")


def solve_linear(eqs, unknowns, what, simplify=True):
    """The unique solution {unknown: expr} of ``eqs`` = 0, else ModelError naming ``what``."""
    eqs = [e for e in (sp.expand(e) for e in eqs) if e != 0]
    sol = sp.solve(eqs, list(unknowns), dict=True)
    if len(sol) != 1 or set(sol[0]) != set(unknowns):
        raise ModelError(f"{what}: cannot solve {', '.join(map(str, unknowns))} uniquely from "
                         f"{len(eqs)} conditions (got {sol})")
    return {k: sp.factor(sp.cancel(v)) if simplify else v for k, v in sol[0].items()}


def unit(w):
    """w normalised, its first nonzero entry positive (ratios first, so symbolic factors cancel)."""
    lead = next(x for x in w if x != 0)
    r = sp.Matrix([sp.cancel(x / lead) for x in w])
    return tuple(tidy(x / sp.sqrt(sum(y**2 for y in r))) for x in r)


def tidy(x):
    """Simplified when small (for display); large expressions are left as they are (exact either way)."""
    return sp.simplify(x) if sp.count_ops(x) < 60 else x


def complement(directions, n):
    """The unit vector completing n - 1 orthonormal rows to a rotation with det +1:
    c_i = det[rows; e_i] (for one row (a, b): (-b, a))."""
    rows = sp.Matrix([list(d) for d in directions]) if directions else sp.zeros(0, n)
    return tuple(tidy(sp.Matrix.vstack(rows, sp.eye(n)[i, :]).det()) for i in range(n))


def derived_states(masses, goldstones):
    """Physical states without an input scheme (module docstring); mass None = per point."""
    states, rotations = [], {}
    for sector in SECTORS:
        M = masses[sector]
        gold = [d for sec, d, _ in goldstones.values() if sec == sector]
        free = M.shape[0] - len(gold)
        if free == 1:
            d = complement(gold, M.shape[0])
            states.append(PhysicalState(f"{sector}_1", sector, sp.simplify(M.trace()), d))
        elif free == 2 and not gold:
            a, b, c = M[0, 0], M[0, 1], M[1, 1]
            root = sp.sqrt((a - c)**2 + 4 * b**2)
            theta = sp.atan2(2 * b, a - c) / 2
            cs, sn = sp.cos(theta), sp.sin(theta)
            heavy = (a + c + root) / 2      # the lighter one as det/heavy: no cancellation for m2 << m1
            states += [PhysicalState(f"{sector}_1", sector, heavy, (cs, sn)),
                       PhysicalState(f"{sector}_2", sector, (a * c - b**2) / heavy, (-sn, cs))]
            rotations[sector] = {"angle": theta}
        elif free > 0:
            states += [PhysicalState(f"{sector}_{i + 1}", sector, None, None) for i in range(free)]
    return states, rotations


def solve_scheme(model, pot, masses, goldstones):
    """Solve the input-scheme couplings (module docstring).  Direction entries are replaced by
    placeholders while solving (the system is linear in the couplings) and put back after."""
    if not pot.solve:
        return {}
    eqs, back = [], {}

    def placeholder(x):
        if x.is_number or x.is_Symbol:
            return x
        for d, e in back.items():
            if e == x:
                return d
        d = sp.Dummy()
        back[d] = x
        return d

    for sector in SECTORS:
        M = masses[sector]
        mine = [st for st in pot.states if st.sector == sector]
        gold = [d for sec, d, _ in goldstones.values() if sec == sector]
        if len(mine) + len(gold) != M.shape[0]:
            raise ModelError(f"input scheme: the {sector} sector has {M.shape[0]} fields, {len(gold)} Goldstones "
                             f"and {len(mine)} declared states; they must add up")
        undirected = [st for st in mine if st.direction is None]
        if len(undirected) > 1:
            raise ModelError(f"input scheme: at most one {sector} state may leave its direction to the "
                             f"complement of the Goldstones")
        directed = [(st.mass_squared, sp.Matrix([placeholder(sp.sympify(x)) for x in st.direction]))
                    for st in mine if st.direction is not None]
        if undirected:     # tr M = sum m^2 and n^T M n = m^2 for the directed states
            eqs.append(M.trace() - sum(st.mass_squared for st in mine))
            eqs += [(n.T * M * n)[0] - m2 for m2, n in directed]
        elif directed:     # M = sum m^2 n n^T (the Goldstone terms vanish)
            D = M - sum((m2 * n * n.T for m2, n in directed), sp.zeros(*M.shape))
            eqs += [D[i, j] for i in range(M.shape[0]) for j in range(i, M.shape[0])]
    sol = solve_linear(eqs, pot.solve, "physical input scheme", simplify=False)
    return {k: v.xreplace(back) for k, v in sol.items()}
