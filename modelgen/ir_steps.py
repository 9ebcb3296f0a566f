"""Typed kernel steps of the lepton stage: what the template emits, one Jinja macro per step kind.

Consumes a :class:`~modelgen.ir_leptons.LeptonSectorIR`; produces the ordered tuple of frozen
steps below.  Each step names the per-point arrays it reads and writes; the model-independent
numerics behind every step are hand-written in ``modelgen/kernels/*.pxd`` (the sums over internal
states in ``leptons.pxd`` and ``cleptons.pxd``, or in a mediator kind's own ``<kind>.pxd``).  The template
(``templates/model.pyx.j2``) walks the steps in order; the renderer (:mod:`modelgen.codegen.render`)
derives the cimports from the step and mediator kinds present (:func:`step_cimports` over the
``CIMPORTS`` table that ``templates/steps.pyx.j2`` declares next to the macros calling the helpers), so a
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

Field type: a sector whose matrices hold complex entries (CP phases, Model.yukawa(..., cp=True))
runs every step on ``double complex`` arrays with the complex kernels (``clinalg``, ``clightmass``,
``cleptons``): each step carries ``field = "complex"`` and the template picks the complex macro
branch.  The matrices read as complex are the Dirac matrix of the solve, the neutral Majorana
matrix and the coupling arrays of every mediator kind except neutral vectors; the derivatives of the
solve and the diagonal gauge couplings and charges stay real.  A real sector is exactly today's.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .errors import ModelError

__all__ = ["FillMatrix", "SolveLight", "Diagonalise", "RotateCouplings", "LightCouplings", "DipoleSum",
           "TransitionSum", "lepton_steps", "step_cimports", "is_complex"]


@dataclass(frozen=True)
class FillMatrix:
    name: str            # C array, row-major
    size: int
    entries: tuple       # ((flat index, SymPy expr), ...), nonzero entries only
    after_solve: bool    # True if an entry contains a solved Yukawa
    kind: str = "fill"
    field: str = "real"  # "complex": a double complex array


@dataclass(frozen=True)
class SolveLight:
    targets: tuple       # parameter names of the light masses
    branches: tuple      # parameter names of the root choices
    yukawas: tuple       # names of the solved symbols (in order)
    n_charged: int
    kind: str = "solve"
    field: str = "real"


@dataclass(frozen=True)
class Diagonalise:
    method: str          # "takagi"; "massless" when the matrix is identically zero (O = 1, eta = 1,
                         # no factorisation); the charged SVD is part of SolveLight
    matrix: str
    outputs: tuple       # (masses, rotation, phases)
    size: int
    kind: str = "diagonalise"
    field: str = "real"


@dataclass(frozen=True)
class RotateCouplings:
    topology: str        # mediator kind (ir_leptons.MEDIATOR_KINDS): a block of templates/steps.pyx.j2
    mediator: str
    arrays: tuple        # gauge-basis matrices read
    sm: tuple = ()       # constants of the delta kernel, () = no delta step: charged vector: squared SM
                         # coupling per light state (w_sm); neutral vector, scalar: ir_leptons.with_sm_neutral
    kind: str = "rotate"
    field: str = "real"


@dataclass(frozen=True)
class LightCouplings:
    neutral: tuple       # neutral vector names: gL_<V>, gR_<V>, gnu_<V>
    charged: str         # charged vector name: gW2 from C<W>L, C<W>R
    axial: tuple         # charges c: ax_c from qL_c, qR_c
    nu_index: tuple      # neutral-basis index of each light flavour's nu_L
    n_light: int
    kind: str = "light"
    field: str = "real"

    @property
    def subspace_arrays(self) -> tuple:
        """The arrays this step sums over the light subspace (the nlight lightest neutral states,
        nlight counted in Weyl states by kernels/leptons.light_subspace): gnu_<V> (light_nu_coupling) and gW2 (w_light_strength).  Their
        values depend on where the light subspace ends; the outputs reading them are NaN where it is
        not separated from the heavier states (ir.build_ir, status bit ir_scalars.LIGHT_SPLIT_BIT)."""
        return tuple(f"gnu_{v}" for v in self.neutral) + ("gW2",)


@dataclass(frozen=True)
class DipoleSum:
    topology: str
    mediator: str
    mass: object         # SymPy expression of the mediator mass
    delta: bool = False  # also Delta a without cancellation (da_<mediator>, kernels/leptons.w_delta_sum,
                         # nv_sum_delta, ns_sum_delta; complex sector: their cleptons twins w_delta_sum_c, ...)
    sign: int = 1        # charged vector: sgn of the mixing identity (ir_leptons.w_identity)
    arrays: tuple = ()   # neutral vector / scalar with ``delta``: the gauge-basis matrices of its delta kernel
    kind: str = "dipole"
    field: str = "real"


@dataclass(frozen=True)
class TransitionSum:
    index: int
    i: int
    j: int
    mediators: tuple     # ((topology, name, mass expr), ...)
    kind: str = "transition"
    field: str = "real"


def is_complex(lir) -> bool:
    """True if some matrix entry of the sector has an imaginary part (CP phases)."""
    return any(e.has(sp.I) for m in lir.matrices for _, e in m.entries)


def lepton_steps(lir) -> tuple:
    """The ordered kernel steps of one lepton sector (complex kernels for a complex sector)."""
    field = "complex" if is_complex(lir) else "real"
    cplx = {"M0", "Mn"} | {a for m in lir.mediators if m.kind != "neutral_vector" for a in m.arrays}
    fills = [FillMatrix(m.name, m.size, m.entries, m.name in lir.after_solve,
                        field="complex" if field == "complex" and m.name in cplx else "real")
             for m in lir.matrices]
    for f in fills:
        if f.field == "real" and any(e.has(sp.I) for _, e in f.entries):
            raise ModelError(f"lepton matrix {f.name!r} has complex entries but its kernel reads it as real "
                             f"(only the Dirac and Majorana mass matrices and the scalar and charged-vector "
                             f"couplings may carry CP phases)")
    steps = [f for f in fills if not f.after_solve]
    steps.append(SolveLight(lir.targets, lir.branches, tuple(str(y) for y in lir.yukawas), lir.n_charged,
                            field=field))
    steps += [f for f in fills if f.after_solve]
    mn = next(m for m in lir.matrices if m.name == "Mn")
    method = "takagi" if mn.entries else "massless"
    steps.append(Diagonalise(method, "Mn", ("mn", "On", "eta"), lir.n_neutral, field=field))
    delta = {m.name for m in lir.mediators if m.kind == "charged_vector" and lir.w_sm}
    consts = {name: c for name, c in lir.neutral_sm}
    delta |= set(consts)
    consts.update({name: lir.w_sm for name in delta if name not in consts})
    steps += [RotateCouplings(m.kind, m.name, m.arrays, consts[m.name] if m.name in delta else (), field=field)
              for m in lir.mediators]
    steps.append(LightCouplings(tuple(m.name for m in lir.vectors("neutral_vector")),
                                lir.vectors("charged_vector")[0].name, lir.axial, lir.nu_index, len(lir.light),
                                field=field))
    steps += [DipoleSum(m.kind, m.name, m.mass, m.name in delta, m.sign, m.arrays if m.name in consts and
                        m.kind != "charged_vector" else (), field=field) for m in lir.mediators]
    meds = tuple((m.kind, m.name, m.mass) for m in lir.mediators)
    steps += [TransitionSum(t, i, j, meds, field=field) for t, (i, j, _) in enumerate(lir.transitions)]
    return tuple(steps)


def step_cimports(steps, table) -> dict:
    """{module: set of names} the generated module cimports for ``steps``; ``table`` maps a step or
    mediator kind key (suffix "_c" in a complex sector) to {module: names}: the ``CIMPORTS`` that
    templates/steps.pyx.j2 declares next to the macros that call those names."""
    keys = []
    for s in steps:
        c = "_c" if s.field == "complex" else ""
        if s.kind == "solve":
            keys.append("solve" + c)
        elif s.kind == "diagonalise":
            keys += [s.method + c] if s.method + c in table else []
        elif s.kind == "rotate":
            keys.append(s.topology + c)
        elif s.kind == "light":
            keys += ["light" + c] + (["axial" + c] if s.axial else [])
        elif s.kind == "transition":
            keys.append("transition" + c)
        elif s.kind == "dipole":    # optional: a kind whose dipole sums are cimported with its rotation
            key = "dipole_" + s.topology + ("_delta" if s.delta else "") + c
            keys += [key] if key in table else []
    want = {}
    for key in keys:
        if key not in table:
            raise ModelError(f"kernel step {key!r} has no cimports in templates/steps.pyx.j2 (CIMPORTS): "
                             f"declare its mediator kind there")
        for module, names in table[key].items():
            want.setdefault(module, set()).update(names)
    return want
