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
  (checked symbolically here; ModelError otherwise).  G_V = w/|w|, oriented with its first nonzero
  entry positive (e.g. G^0 = c_b eta_1 + s_b eta_2 in the 2HDM);
* physical states: those of the input scheme, else derived: one state per sector with a single
  non-Goldstone direction, mass^2 = tr M, direction completing the Goldstones to a rotation with
  det +1 (A = -s_b eta_1 + c_b eta_2), or a 2x2 CP-even block without Goldstones in closed form,
  (h1, h2) = (c rho_1 + s rho_2, -s rho_1 + c rho_2), tan 2theta = 2 M12/(M11 - M22), m1 >= m2;
  bigger sectors are diagonalised per point (mass and direction None);
* input scheme (:mod:`modelgen.derive.scalar_states`): the couplings ``solve`` from
  M = sum_states m^2 n n^T when every state of a sector has a direction, else from tr M = sum m^2
  and n^T M n = m^2 of the directed states; linear in the couplings;
* conditions: the model's (bounded from below, unitarity, ...) with the input scheme substituted,
  non-fatal (a warning on a valid point), plus m^2 > 0 for every derived mass that is not
  positive by construction, fatal (``fatal``: the vacuum is not a minimum);
* owners: the (scalar, component) of each sector basis field (rho_c, eta_c, P_c);
* Yukawa couplings of every state with a closed-form direction: :mod:`modelgen.derive.scalar_yukawa`.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import sympy as sp

from ..errors import ModelError
from ..model.potential import PhysicalState
from .gauge import derive_gauge
from .potential_checks import split_conjugates
from .scalar_states import SECTORS, complement, derived_states, solve_linear, solve_scheme, tidy, unit
from .scalar_yukawa import conjugate_field, state_yukawas

__all__ = ["ScalarSector", "derive_scalars"]

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
    owners: dict = dataclasses.field(default_factory=dict)  # sector -> ((scalar, component), ...) per basis field
    fatal: frozenset = frozenset()  # names of the conditions whose failure makes a point unphysical

    def physical(self, expr):
        """``expr`` with the input-scheme couplings substituted (runtime parameters only)."""
        return sp.sympify(expr).xreplace(self.inputs)


def _expand_fields(model):
    """Component expansions, sector bases, vevs and the (scalar, component) owning each basis field."""
    fields, basis, vevs = {}, {k: [] for k in ("rho", "eta", "charged")}, {}
    owners = {"neutral": [], "charged": []}
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
                owners["neutral"].append((s.name, i))
            elif abs(q) == 1:
                basis["charged"].append(x if q == 1 else xbar)
                owners["charged"].append((s.name, i))
            else:
                raise ModelError(f"scalar {s.name!r}: component {i} has electric charge {q}; only charges "
                                 f"0 and +-1 are supported in the scalar sector")
    return fields, {"even": tuple(basis["rho"]), "odd": tuple(basis["eta"]),
                    "charged": tuple(basis["charged"])}, vevs, \
        {"even": tuple(owners["neutral"]), "odd": tuple(owners["neutral"]), "charged": tuple(owners["charged"])}


def _vacuum(V, basis, tadpole):
    zero = {f: 0 for sector in basis.values() for f in sector}
    zero.update({conjugate_field(p): 0 for p in basis["charged"]})
    rho_eqs = [sp.diff(V, r).subs(zero) for r in basis["even"]]
    sol = solve_linear(rho_eqs, tadpole, "tadpole conditions") if tadpole else {}
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
        null = [x for x in (masses[sector] * w) if sp.cancel(x) != 0 and sp.simplify(x) != 0]
        if null:
            raise ModelError(f"the would-be Goldstone of {boson} is not massless: M_{sector} w has {null[0]}")
        result[boson] = (sector, unit(list(w)), tidy(sum(x**2 for x in w)))
    return result


def _tag(model, s, comp):
    neutral = [i for i in range(model.su2_dim(s)) if model.electric_charge(s, i) == 0]
    return s.name if len(neutral) == 1 else f"{s.name}{comp}"


def derive_scalars(model, gauge=None) -> ScalarSector:
    """The scalar sector of ``model`` (needs ``Model.potential``); ``gauge`` reuses a GaugeSector."""
    pot = getattr(model, "scalar_potential", None)
    if pot is None:
        raise ModelError(f"model {model.name!r} declares no scalar potential (Model.potential)")
    gauge = gauge or derive_gauge(model)
    fields, basis, vevs, owners = _expand_fields(model)
    Vbar, _, _ = split_conjugates(model, pot.expr)
    V = sp.expand(Vbar.xreplace(fields))
    zero, tad = _vacuum(V, basis, pot.tadpole)
    masses = _mass_matrices(V, basis, zero, tad)
    goldstones = _goldstones(model, gauge, basis, vevs, masses)
    inputs = solve_scheme(model, pot, masses, goldstones)
    gold_states = [PhysicalState(f"G_{b}", sec, sp.Integer(0), d) for b, (sec, d, _) in goldstones.items()]
    if pot.states:
        states, rotations = [st if st.direction is not None else dataclasses.replace(
            st, direction=complement([d for sec, d, _ in goldstones.values() if sec == st.sector],
                                      masses[st.sector].shape[0])) for st in pot.states], {}
    else:
        states, rotations = derived_states(masses, goldstones)
    states = tuple(gold_states + states)
    for sector in SECTORS:
        dirs = [st.direction for st in states if st.sector == sector]
        rotations.setdefault(sector, {"angle": None})
        rotations[sector]["matrix"] = (sp.Matrix([list(d) for d in dirs])
                                       if dirs and all(d is not None for d in dirs) else None)
    conditions = {name: (sp.sympify(cond).xreplace(inputs), reason) for name, cond, reason in pot.conditions}
    fatal = set()
    for st in states:
        if st.mass_squared is not None and st.mass_squared != 0:
            cond = sp.sympify(st.mass_squared > 0).xreplace(inputs)
            if cond is not sp.true:
                conditions[f"mass_squared_{st.label}"] = (cond, f"{st.label} has negative mass squared: "
                                                                f"the vacuum is not a minimum")
                fatal.add(f"mass_squared_{st.label}")
    yuk = state_yukawas(model, fields, basis, states)
    return ScalarSector(fields, basis, vevs, V, tad, inputs, masses, rotations, goldstones, states, yuk, conditions,
                        owners, frozenset(fatal))
