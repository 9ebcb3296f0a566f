"""Scalar sector from the potential: vacuum, tadpoles, mass matrices, Goldstones, physical states.

Consumes a :class:`~modelgen.model.Model` with ``Model.potential`` (and optionally
``Model.scalar_inputs`` / ``Model.scalar_condition``) and its
:class:`~modelgen.derive.gauge.GaugeSector`; produces a frozen :class:`ScalarSector` (SymPy).

Conventions (docs/physics.md, "Scalar sector"):
* a neutral component is x = (v + rho + i eta)/sqrt2 (v = 0 without vev), rho and eta real;
  a component of charge +1 is its own "plus field" P, one of charge -1 has P = conj(x);
* tadpoles dV/drho = dV/deta = 0 at rho = eta = P = 0, solved for the declared parameters;
* mass terms V > (1/2) rho^T M_even rho + (1/2) eta^T M_odd eta + P^dagger M_charged P,
  M_even = d^2V/drho drho, M_odd = d^2V/deta deta, M_charged = d^2V/dconj(P) dP (a rho-eta block
  would be CP violation: ModelError);
* Goldstones: for a neutral massive vector with canonical-basis eigenvector u (read from the gauge
  sector), the gauge variation of the vacuum is w_c = v_c (c_c . u) on eta_c, c_c the coupling
  row of the vev component, so |w|^2 = u^T M_V^2 u = M_V^2; for the W, w = g v_c/2 on the charged
  partner of each doublet vev (|w|^2 = M_W^2).  Each w must be a null vector of its mass matrix
  (checked symbolically here; ModelError otherwise);
* physical states: those of the input scheme, else derived: one state per sector with a single
  non-Goldstone direction (mass^2 = trace), or a 2x2 CP-even block without Goldstones in closed
  form, (h1, h2) = (c rho_1 + s rho_2, -s rho_1 + c rho_2), tan 2theta = 2 M12/(M11 - M22);
  bigger sectors are diagonalised per point (mass None);
* input scheme: the couplings ``solve`` from M = sum_states m^2 n n^T (all directions given) or
  tr M = sum m^2 (one direction left to the complement of the Goldstones), linear in the couplings.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import sympy as sp

from ..errors import ModelError
from ..model.potential import PhysicalState
from .gauge import derive_gauge
from .potential_checks import split_conjugates
from .scalar_yukawa import conjugate_field, state_yukawas

__all__ = ["ScalarSector", "derive_scalars"]

SECTORS = ("even", "odd", "charged")


@dataclass(frozen=True)
class ScalarSector:
    """Exact scalar-sector results (see the module docstring for every convention)."""

    fields: dict          # component symbol -> its expansion in rho, eta, P (and vev)
    basis: dict           # sector -> tuple of real (even/odd) or plus (charged) field symbols
    vevs: dict            # (scalar, component) -> vev symbol
    potential: sp.Expr    # V expanded in the fields
    tadpoles: dict        # parameter -> solution of the tadpole conditions
    inputs: dict          # potential coupling -> solution from the physical input scheme
    mass_matrices: dict   # sector -> mass matrix after the tadpoles
    rotations: dict       # sector -> {"matrix": rows = states in the sector basis, "angle": 2x2 or None}
    goldstones: dict      # vector boson -> (sector, unit direction, |w|^2 = M_V^2)
    states: tuple         # PhysicalState, Goldstones first ("G_<boson>")
    yukawas: dict         # state label -> {(left, lcomp, right, rcomp, conj): matrix}
    conditions: dict      # name -> (SymPy boolean in runtime parameters, reason)

    def physical(self, expr):
        """``expr`` with the input-scheme couplings substituted (runtime parameters only)."""
        return sp.sympify(expr).xreplace(self.inputs)


def _expand_fields(model):
    """Component expansions, sector bases and vevs (module docstring)."""
    fields, basis, vevs = {}, {k: [] for k in ("rho", "eta", "charged")}, {}
    for s in model.scalars.values():
        comps = model.scalar_components(s.name)
        for i, x in enumerate(comps):
            q = model.electric_charge(s, i)
            xbar = sp.Symbol(f"{x.name}_bar", complex=True)
            if q == 0:
                tag = _tag(model, s, i)
                rho, eta = sp.Symbol(f"rho_{tag}", real=True), sp.Symbol(f"eta_{tag}", real=True)
                v = s.vev if (s.vev is not None and i == s.vev_component) else sp.Integer(0)
                if v != 0:
                    vevs[(s.name, i)] = v
                fields[x], fields[xbar] = (v + rho + sp.I * eta) / sp.sqrt(2), (v + rho - sp.I * eta) / sp.sqrt(2)
                basis["rho"].append(rho)
                basis["eta"].append(eta)
            elif abs(q) == 1:
                basis["charged"].append(x if q == 1 else xbar)
            else:
                raise ModelError(f"scalar {s.name!r}: component {i} has electric charge {q}; only charges "
                                 f"0 and +-1 are supported in the scalar sector")
    return fields, {"even": tuple(basis["rho"]), "odd": tuple(basis["eta"]),
                    "charged": tuple(basis["charged"])}, vevs


def _solve_linear(eqs, unknowns, what, simplify=True):
    eqs = [e for e in (sp.expand(e) for e in eqs) if e != 0]
    sol = sp.solve(eqs, list(unknowns), dict=True)
    if len(sol) != 1 or set(sol[0]) != set(unknowns):
        raise ModelError(f"{what}: cannot solve {', '.join(map(str, unknowns))} uniquely from "
                         f"{len(eqs)} conditions (got {sol})")
    return {k: sp.factor(sp.cancel(v)) if simplify else v for k, v in sol[0].items()}


def _vacuum(V, basis, tadpole):
    zero = {f: 0 for sector in basis.values() for f in sector}
    zero.update({conjugate_field(p): 0 for p in basis["charged"]})
    rho_eqs = [sp.diff(V, r).subs(zero) for r in basis["even"]]
    sol = _solve_linear(rho_eqs, tadpole, "tadpole conditions") if tadpole else {}
    for r in basis["even"] + basis["odd"]:
        left = sp.simplify(sp.diff(V, r).subs(zero).subs(sol))
        if left != 0:
            raise ModelError(f"tadpole dV/d{r} = {left} is not 0 at the vacuum; solve for more parameters "
                             f"(Model.potential tadpole=...) or the vacuum is not CP conserving")
    return zero, sol


def _mass_matrices(V, basis, zero, sol):
    def hess(a, b):
        return sp.Matrix(len(a), len(b), lambda i, j: sp.cancel(sp.diff(V, a[i], b[j]).xreplace(zero).xreplace(sol)))
    mixed = hess(basis["even"], basis["odd"])
    if any(x != 0 for x in mixed):
        raise ModelError("the scalar potential mixes CP-even and CP-odd fields at the vacuum (CP violation); "
                         "only CP-conserving vacua are supported")
    charged = basis["charged"]
    return {"even": hess(basis["even"], basis["even"]), "odd": hess(basis["odd"], basis["odd"]),
            "charged": hess([conjugate_field(p) for p in charged], charged)}


def _unit(w):
    """w normalised, its first nonzero entry positive (ratios first, so symbolic factors cancel)."""
    lead = next(x for x in w if x != 0)
    r = sp.Matrix([sp.cancel(x / lead) for x in w])
    return tuple(sp.simplify(x / sp.sqrt(sum(y**2 for y in r))) for x in r)


def _goldstones(model, gauge, basis, vevs, masses):
    out = {}
    for boson, (B, wv, pref) in gauge.eigenvectors.items():
        if boson == "A":
            continue
        u = pref * B * wv
        w = sp.zeros(len(basis["odd"]), 1)
        for (name, comp), v in vevs.items():
            s = model.scalars[name]
            w[basis["odd"].index(sp.Symbol(f"eta_{_tag(model, s, comp)}", real=True))] = \
                v * (gauge.coupling_rows(s, comp) * u)[0]
        out[boson] = ("odd", w)
    weak = model.groups[model.weak].coupling
    w = sp.zeros(len(basis["charged"]), 1)
    for (name, comp), v in vevs.items():
        if model.su2_dim(model.scalars[name]) == 2:
            x = model.scalar_components(name)[1 - comp]
            p = x if x in basis["charged"] else sp.Symbol(f"{x.name}_bar", complex=True)
            w[basis["charged"].index(p)] = weak * v / 2
    if any(x != 0 for x in w):
        out[model.groups[model.weak].boson or "W"] = ("charged", w)
    result = {}
    for boson, (sector, w) in out.items():
        null = (masses[sector] * w).applyfunc(sp.simplify)
        if any(x != 0 for x in null):
            raise ModelError(f"the would-be Goldstone of {boson} is not massless: M_{sector} w = {list(null)}")
        result[boson] = (sector, _unit(list(w)), sp.simplify(sum(x**2 for x in w)))
    return result


def _tag(model, s, comp):
    neutral = [i for i in range(model.su2_dim(s)) if model.electric_charge(s, i) == 0]
    return s.name if len(neutral) == 1 else f"{s.name}{comp}"


def _complement(directions, n):
    """The unit vector completing n - 1 orthonormal rows to a rotation with det +1:
    c_i = det[rows; e_i] (for one row (a, b): (-b, a))."""
    rows = sp.Matrix([list(d) for d in directions]) if directions else sp.zeros(0, n)
    return tuple(sp.simplify(sp.Matrix.vstack(rows, sp.eye(n)[i, :]).det()) for i in range(n))


def _derived_states(masses, goldstones):
    """Physical states without an input scheme (module docstring); mass None = per point."""
    states, rotations = [], {}
    for sector in SECTORS:
        M = masses[sector]
        gold = [d for sec, d, _ in goldstones.values() if sec == sector]
        free = M.shape[0] - len(gold)
        if free == 1:
            d = _complement(gold, M.shape[0])
            states.append(PhysicalState(f"{sector}_1", sector, sp.simplify(M.trace()), d))
        elif free == 2 and not gold:
            a, b, c = M[0, 0], M[0, 1], M[1, 1]
            root = sp.sqrt((a - c)**2 + 4 * b**2)
            theta = sp.atan2(2 * b, a - c) / 2
            cs, sn = sp.cos(theta), sp.sin(theta)
            states += [PhysicalState(f"{sector}_1", sector, (a + c + root) / 2, (cs, sn)),
                       PhysicalState(f"{sector}_2", sector, (a + c - root) / 2, (-sn, cs))]
            rotations[sector] = {"angle": theta}
        elif free > 0:
            states += [PhysicalState(f"{sector}_{i + 1}", sector, None, None) for i in range(free)]
    return states, rotations


def _scheme(model, pot, masses, goldstones):
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
    sol = _solve_linear(eqs, pot.solve, "physical input scheme", simplify=False)
    return {k: v.xreplace(back) for k, v in sol.items()}


def derive_scalars(model, gauge=None) -> ScalarSector:
    """The scalar sector of ``model`` (needs ``Model.potential``); ``gauge`` reuses a GaugeSector."""
    pot = getattr(model, "scalar_potential", None)
    if pot is None:
        raise ModelError(f"model {model.name!r} declares no scalar potential (Model.potential)")
    gauge = gauge or derive_gauge(model)
    fields, basis, vevs = _expand_fields(model)
    Vbar, _, _ = split_conjugates(model, pot.expr)
    V = sp.expand(Vbar.xreplace(fields))
    zero, tad = _vacuum(V, basis, pot.tadpole)
    masses = _mass_matrices(V, basis, zero, tad)
    goldstones = _goldstones(model, gauge, basis, vevs, masses)
    inputs = _scheme(model, pot, masses, goldstones)
    gold_states = [PhysicalState(f"G_{b}", sec, sp.Integer(0), d) for b, (sec, d, _) in goldstones.items()]
    if pot.states:
        states, rotations = [st if st.direction is not None else dataclasses.replace(
            st, direction=_complement([d for sec, d, _ in goldstones.values() if sec == st.sector],
                                      masses[st.sector].shape[0])) for st in pot.states], {}
    else:
        states, rotations = _derived_states(masses, goldstones)
    states = tuple(gold_states + states)
    for sector in SECTORS:
        dirs = [st.direction for st in states if st.sector == sector]
        rotations.setdefault(sector, {"angle": None})
        rotations[sector]["matrix"] = (sp.Matrix([list(d) for d in dirs])
                                       if dirs and all(d is not None for d in dirs) else None)
    conditions = {name: (sp.sympify(cond).xreplace(inputs), reason) for name, cond, reason in pot.conditions}
    for st in states:
        if st.mass_squared is not None and st.mass_squared != 0:
            cond = sp.sympify(st.mass_squared > 0).xreplace(inputs)
            if cond is not sp.true:
                conditions[f"mass_squared_{st.label}"] = (cond, f"{st.label} has negative mass squared: "
                                                                f"the vacuum is not a minimum")
    yuk = state_yukawas(model, fields, basis, states)
    return ScalarSector(fields, basis, vevs, V, tad, inputs, masses, rotations, goldstones, states, yuk, conditions)
