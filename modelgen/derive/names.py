"""Physical names of a model, read from its declarations (never from literals in the pipeline).

Consumes a :class:`~modelgen.model.Model` and its :class:`~modelgen.derive.gauge.GaugeSector`;
produces the names every later stage uses for mediators, couplings and outputs:

* vectors: the charged vector is the ``physical`` name of the SU(2)_L group; the massive neutral
  eigenstates are named after the ``physical`` name of the U(1) they are mostly made of (hypercharge
  -> the electroweak Z, an extra U(1) -> its Z'); the photon is :data:`~modelgen.derive.gauge.PHOTON`;
* scalar mediators: one :class:`ScalarMediator` per scalar declared with ``physical`` and ``mass``
  (``Model.scalar(..., physical="h", mass="M_h")``), a pure gauge-basis component, for a model
  without a potential; with a potential, one per physical CP-even state of its
  :class:`~modelgen.derive.scalars.ScalarSector` (the rotation row as components, the mass of the
  input scheme);
* light leptons: the charged Dirac states whose mass parameters are the targets of the Yukawa
  solve (in target order), else every lepton state with a mass parameter; their neutrinos are the
  ``kind="neutrino"`` states sharing their left-handed doublet and generation.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..errors import ModelError
from .gauge import PHOTON

__all__ = ["ScalarMediator", "charged_vector", "electroweak_vector", "neutral_vectors", "scalar_mediators",
           "light_leptons", "light_neutrinos", "bsm_couplings", "scalar_mixings"]


@dataclass(frozen=True)
class ScalarMediator:
    """A real neutral scalar mass eigenstate phi seen by the fermions.

    ``components`` maps each gauge-basis scalar field S (with <S0> = (v_S + phi_S)/sqrt2) to the
    coefficient c_S in phi_S = sum_mediators c_S phi + ...: the Yukawa matrix of the mediator is
    sum_S c_S dM/dv_S.  The default record of a declared scalar is pure ({S: 1}); a scalar
    potential that mixes h and h_X supplies rotated records with the same shape.
    """

    label: str          # output suffix, e.g. "h" -> a_mu.h
    mass: sp.Expr       # mass expression (a parameter symbol by default)
    components: tuple   # ((gauge-basis scalar name, coefficient), ...)
    sector: str = "even"  # CP-even: phi_S above is the real part rho_S of the vev component


def charged_vector(model) -> str:
    return model.groups[model.weak].physical


def electroweak_vector(model) -> str:
    return model.groups[model.hypercharge].physical


def neutral_vectors(gauge, model) -> tuple:
    """Massive neutral eigenstates, the electroweak one first, then the others in gauge order."""
    z = electroweak_vector(model)
    rest = [b for b in gauge.eigenvectors if b not in (PHOTON, z)]
    return ((z,) if z in gauge.eigenvectors else ()) + tuple(rest)


def scalar_mediators(model, scalars=None) -> tuple:
    """The CP-even scalar mediators: pure records of the declared scalars, or (``scalars``, a
    ScalarSector) the physical CP-even states, component c_S = the rotation entry of the state on
    rho_S (rho = R^T phi for the orthogonal R whose rows are the states), mass = sqrt(m^2) of the
    input scheme.  A state needs a closed-form direction and may only mix vev components (their
    dM/dv_S are its Yukawas)."""
    if scalars is None:
        return tuple(ScalarMediator(s.physical, model.parameters[s.mass].symbol, ((s.name, sp.Integer(1)),))
                     for s in model.scalars.values() if s.physical and s.mass in model.parameters)
    goldstones = {f"G_{b}" for b in scalars.goldstones}
    out = []
    for st in scalars.states:
        if st.sector != "even" or st.label in goldstones:
            continue
        if st.direction is None or st.mass_squared is None:
            raise ModelError(f"model {model.name!r}: the CP-even scalar {st.label!r} has no closed-form mass and "
                             f"direction; declare it in Model.scalar_inputs to use it as a mediator")
        comps = []
        for (name, comp), c in zip(scalars.owners["even"], st.direction):
            if c == 0:
                continue
            s = model.scalars[name]
            if s.vev is None or s.vev_component != comp:
                raise ModelError(f"model {model.name!r}: the scalar {st.label!r} contains component {comp} of "
                                 f"{name!r}, which has no vev; only vev components are supported as mediators")
            comps.append((name, sp.sympify(c)))
        out.append(ScalarMediator(st.label, sp.sqrt(st.mass_squared), tuple(comps)))
    return tuple(out)


def light_leptons(model) -> tuple:
    """Names of the light charged lepton states, ordered as the solve targets (or declared)."""
    targets = getattr(model, "yukawa_targets", (None, (), ()))[1]
    by_mass = {st.mass: st.name for st in model.states.values() if st.kind == "lepton" and st.mass}
    if targets:
        return tuple(by_mass[t] for t in targets if t in by_mass)
    return tuple(by_mass.values())


def light_neutrinos(model) -> tuple:
    """(neutrino state name, (field, component, generation)) of each light lepton's doublet partner."""
    out = []
    for lep in light_leptons(model):
        ll = model.states[lep].left
        nu = next((s for s in model.states.values() if s.kind == "neutrino" and s.left[0] == ll[0]
                   and len(s.left) > 2 and len(ll) > 2 and s.left[2] == ll[2]), None)
        if nu is not None:
            out.append((nu.name, tuple(nu.left)))
    return tuple(out)


def bsm_couplings(model) -> tuple:
    """Parameter symbols whose zero is the SM limit: couplings of the U(1) factors other than
    hypercharge and the kinetic mixings (setting them to zero decouples every extra vector), and the
    scalar mixing parameters (:func:`scalar_mixings`)."""
    hyper = model.groups[model.hypercharge]
    cands = [g.coupling for g in model.abelian_groups if g is not hyper]
    for eps in model.kinetic_mixings.values():
        cands += sorted(sp.sympify(eps).free_symbols, key=sp.default_sort_key)
    params = {p.symbol: p for p in model.parameters.values()}
    return tuple(dict.fromkeys([s for s in cands if s in params] + list(scalar_mixings(model))))


def scalar_mixings(model) -> tuple:
    """Parameters of the declared scalar input scheme whose zero makes every declared direction a
    unit vector of the gauge basis (no mixing: e.g. sin_theta_hX of the h-h_X portal)."""
    pot = getattr(model, "scalar_potential", None)
    dirs = [tuple(map(sp.sympify, st.direction)) for st in (pot.states if pot else ()) if st.direction is not None]
    params = {p.symbol for p in model.parameters.values()}
    cands = sorted({s for d in dirs for x in d for s in x.free_symbols} & params, key=sp.default_sort_key)
    return tuple(s for s in cands if all(sum(x.subs(s, 0) != 0 for x in d) == 1 for d in dirs))
