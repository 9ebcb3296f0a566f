"""Typed kernel steps of the lepton stage: what the template emits, one Jinja macro per step kind.

Consumes a :class:`~modelgen.ir_leptons.LeptonSectorIR`; produces the ordered tuple of frozen
steps below.  Each step names the per-point arrays it reads and writes; the model-independent
numerics behind every step are hand-written in ``modelgen/kernels/*.pxd`` (the topology sums in
``leptons.pxd``).  The template (``templates/model.pyx.j2``) walks the steps in order and the
renderer (:mod:`modelgen.codegen.render`) derives the cimports from the step kinds present, so a
model without, say, Majorana neutral states cimports no Takagi factorisation.

Order (each step reads only what earlier steps wrote):
  FillMatrix (before the solve)  gauge-basis matrices independent of the solved Yukawas
  SolveLight                     SM Yukawas so the light masses hit the targets; charged SVD
                                 M = U_L diag(mc) U_R^T inside (modelgen.kernels.lightmass)
  FillMatrix (after the solve)   scalar Yukawa matrices that contain the solved Yukawas
  Diagonalise("takagi")          M_n = O diag(eta mn) O^T of the neutral Majorana matrix
                                 ("massless" if M_n = 0, e.g. SM neutrinos without nu_R)
  RotateCouplings                mass-basis couplings C<med> of every mediator
  LightCouplings                 diagonal couplings of the light states, axial parts, neutrinos
  DipoleSum                      Delta a and EDM of each light state from one mediator
  TransitionSum                  l_i -> l_j gamma summed over every mediator
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FillMatrix", "SolveLight", "Diagonalise", "RotateCouplings", "LightCouplings", "DipoleSum",
           "TransitionSum", "lepton_steps", "step_cimports", "STEP_CIMPORTS"]


@dataclass(frozen=True)
class FillMatrix:
    name: str            # C array, row-major
    size: int
    entries: tuple       # ((flat index, SymPy expr), ...), nonzero entries only
    after_solve: bool    # True if an entry contains a solved Yukawa
    kind: str = "fill"


@dataclass(frozen=True)
class SolveLight:
    targets: tuple       # parameter names of the light masses
    branches: tuple      # parameter names of the root choices
    yukawas: tuple       # names of the solved symbols (in order)
    n_charged: int
    kind: str = "solve"


@dataclass(frozen=True)
class Diagonalise:
    method: str          # "takagi"; "massless" when the matrix is identically zero (O = 1, eta = 1,
                         # no factorisation); the charged SVD is part of SolveLight
    matrix: str
    outputs: tuple       # (masses, rotation, phases)
    size: int
    n_light: int         # states counted light at least (light_count)
    kind: str = "diagonalise"


@dataclass(frozen=True)
class RotateCouplings:
    topology: str        # charged_vector | neutral_vector | neutral_scalar
    mediator: str
    arrays: tuple        # gauge-basis matrices read
    kind: str = "rotate"


@dataclass(frozen=True)
class LightCouplings:
    neutral: tuple       # neutral vector names: gL_<V>, gR_<V>, gnu_<V>
    charged: str         # charged vector name: gW2 from C<W>L, C<W>R
    axial: tuple         # charges c: ax_c from qL_c, qR_c
    nu_index: tuple      # neutral-basis index of each light flavour's nu_L
    n_light: int
    kind: str = "light"


@dataclass(frozen=True)
class DipoleSum:
    topology: str
    mediator: str
    mass: object         # SymPy expression of the mediator mass
    kind: str = "dipole"


@dataclass(frozen=True)
class TransitionSum:
    index: int
    i: int
    j: int
    mediators: tuple     # ((topology, name, mass expr), ...)
    kind: str = "transition"


#: step kind / topology -> names the generated module cimports for it
STEP_CIMPORTS = {
    "solve": ("modelgen.kernels.lightmass", ("solve_light_yukawas",)),
    "takagi": ("modelgen.kernels.linalg", ("majorana_takagi",)),
    "light_count": ("modelgen.kernels.leptons", ("light_count",)),
    "charged_vector": ("modelgen.kernels.leptons", ("mass_basis", "w_sum", "w_lfv", "w_light_strength")),
    "neutral_vector": ("modelgen.kernels.leptons", ("mass_basis_diag", "nv_sum", "nv_lfv", "light_nu_coupling")),
    "neutral_scalar": ("modelgen.kernels.leptons", ("mass_basis", "ns_sum", "ns_lfv")),
    "axial": ("modelgen.kernels.chiral", ("chiral_difference",)),
    "transition": ("modelgen.kernels.leptons", ("lfv_cache_init", "lfv_width")),
}


def lepton_steps(lir) -> tuple:
    """The ordered kernel steps of one lepton sector."""
    fills = [FillMatrix(m.name, m.size, m.entries, m.name in lir.after_solve) for m in lir.matrices]
    steps = [f for f in fills if not f.after_solve]
    steps.append(SolveLight(lir.targets, lir.branches, tuple(str(y) for y in lir.yukawas), lir.n_charged))
    steps += [f for f in fills if f.after_solve]
    mn = next(m for m in lir.matrices if m.name == "Mn")
    method = "takagi" if mn.entries else "massless"
    steps.append(Diagonalise(method, "Mn", ("mn", "On", "eta"), lir.n_neutral, len(lir.nu_index)))
    steps += [RotateCouplings(m.kind, m.name, m.arrays) for m in lir.mediators]
    steps.append(LightCouplings(tuple(m.name for m in lir.vectors("neutral_vector")),
                                lir.vectors("charged_vector")[0].name, lir.axial, lir.nu_index, len(lir.light)))
    steps += [DipoleSum(m.kind, m.name, m.mass) for m in lir.mediators]
    meds = tuple((m.kind, m.name, m.mass) for m in lir.mediators)
    steps += [TransitionSum(t, i, j, meds) for t, (i, j, _) in enumerate(lir.transitions)]
    return tuple(steps)


def step_cimports(steps) -> dict:
    """{module: set of names} the generated module cimports for ``steps`` (STEP_CIMPORTS)."""
    keys = []
    for s in steps:
        if s.kind == "solve":
            keys.append("solve")
        elif s.kind == "diagonalise":
            keys += [s.method, "light_count"] if s.method in STEP_CIMPORTS else ["light_count"]
        elif s.kind == "rotate":
            keys.append(s.topology)
        elif s.kind == "light" and s.axial:
            keys.append("axial")
        elif s.kind == "transition":
            keys.append("transition")
    want = {}
    for key in keys:
        module, names = STEP_CIMPORTS[key]
        want.setdefault(module, set()).update(names)
    return want
