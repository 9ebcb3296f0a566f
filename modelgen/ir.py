"""Intermediate representation: what code generation needs, as frozen typed data.

Consumes a :class:`~modelgen.derive.Derivation`; produces a :class:`KernelIR` holding the runtime
parameters, the internal assignments (tree-level relations, then the quantities solved from
physical masses, evaluated in order), the per-point outputs as SymPy expressions in parameters
and assignments (loop-function calls as undefined SymPy functions; for models with lepton mixing
also the kernel's per-point arrays, see :mod:`modelgen.ir_leptons`) and the status checks.
SymPy expressions are immutable values, so the IR has no hidden state.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .derive.barrzee import FUNCTIONS as BARR_ZEE_FUNCTIONS
from .derive.dipoles import lepton_diagrams, re_im, sm_limit
from .derive.names import bsm_couplings
from .ir_delta import delta_call
from .ir_reduce import reduce_expressions
from .ir_scalars import LIGHT_MASS_FLOOR_BIT, LIGHT_SPLIT_BIT, scalar_outputs, scalar_status

__all__ = ["ParameterIR", "AssignmentIR", "OutputIR", "StatusIR", "KernelIR", "LOOP_FUNCTIONS", "LOOP_MODULES",
           "build_ir"]

#: loop functions that kernels may call (DESIGN.md loop-library API), each cimported from the
#: loop-library module LOOP_MODULES names: the one-loop dipoles of modelgen.loops.loopfuncs and the
#: two-loop Barr-Zee functions of modelgen.loops.barrzee (derive.barrzee.FUNCTIONS)
LOOP_MODULES = {**{name: "modelgen.loops.loopfuncs" for name in (
    "a_neutral_scalar", "a_neutral_vector", "a_charged_scalar", "a_charged_vector")},
    **{name: "modelgen.loops.barrzee" for name in BARR_ZEE_FUNCTIONS.values()},
    # the Barr-Zee functions of a mass ratio with its log passed in, and that log's terms
    # (ir_twoloop.with_log_argument), and a_neutral_scalar with ln(m^2/M_B^2) passed in
    # (ir_twoloop.share_boson_logs)
    **{name: "modelgen.loops.barrzee" for name in ("bz_f_l", "bz_g_l", "bz_F3_l", "ln_abs")},
    "a_neutral_scalar_l": "modelgen.loops.loopfuncs"}
LOOP_FUNCTIONS = {name: sp.Function(name) for name in LOOP_MODULES}


@dataclass(frozen=True)
class ParameterIR:
    name: str
    default: float | None
    unit: str
    lower: float
    upper: float
    description: str


@dataclass(frozen=True)
class OutputIR:
    name: str          # dotted public name, e.g. "eps_V.e"
    expr: sp.Expr
    unit: str = ""
    description: str = ""
    may_be_nan: bool = False  # NaN by design at some points (flagged by a status bit); kept last


@dataclass(frozen=True)
class StatusIR:
    bit: int
    condition: sp.Basic  # true at a point that is not physical (or, if not fatal, to flag)
    reason: str
    fatal: bool = True   # fatal bits set every output of the point to NaN


@dataclass(frozen=True)
class AssignmentIR:
    symbol: sp.Symbol  # internal quantity, e.g. the Higgs vev v or the solved v_X^2
    expr: sp.Expr      # in parameters and earlier assignments
    description: str = ""


@dataclass(frozen=True)
class KernelIR:
    model: str
    fingerprint: str
    parameters: tuple
    assignments: tuple  # evaluated in order before the outputs
    outputs: tuple
    status: tuple
    leptons: object = None  # LeptonSectorIR for models with lepton mixing

    @property
    def parameter_names(self):
        return tuple(p.name for p in self.parameters)

    @property
    def output_names(self):
        return tuple(o.name for o in self.outputs)


def _assignments(derivation):
    """Tree-level relations, then the quantities solved from physical masses, in order."""
    out = [AssignmentIR(r.symbol, r.expr, r.description) for r in derivation.model.relations]
    out += [AssignmentIR(sym, expr, "solved from the physical Z' mass") for sym, expr in derivation.gauge.solved]
    return tuple(out)


def _coupling_outputs(d, e, fermions=None):
    """(g_L, g_R) of every state to the electroweak vector; eps_V/eps_A/eps_L/eps_R to each new one."""
    from .ir_leptons import eps_name
    outs = []
    names = fermions if fermions is not None else list(d.model.states)
    z = d.electroweak_vector
    for f in list(names) + ["p", "n"]:
        if f in ("p", "n"):
            u, dq = (2, 1) if f == "p" else (1, 2)
            pair = lambda b: tuple(u * x + dq * y for x, y in zip(d.vertex(b, "u"), d.vertex(b, "d")))
        else:
            pair = lambda b, f=f: d.vertex(b, f)
        gl, gr = pair(z)
        outs += [OutputIR(f"g_L.{z}.{f}", gl, "", f"left-handed {z} coupling of {f}"),
                 OutputIR(f"g_R.{z}.{f}", gr, "", f"right-handed {z} coupling of {f}")]
        for b in d.new_vectors:
            gl, gr = pair(b)
            n = lambda kind: eps_name(d, kind, b, f)
            outs += [OutputIR(n("eps_V"), (gl + gr) / (2 * e), "", f"{b} vector coupling of {f} / e"),
                     OutputIR(n("eps_A"), (gr - gl) / (2 * e), "", f"{b} axial coupling of {f} / e"),
                     OutputIR(n("eps_L"), gl / e, "", f"{b} coupling of left-handed {f} / e"),
                     OutputIR(n("eps_R"), gr / e, "", f"{b} coupling of right-handed {f} / e")]
    return outs


def _loop_call(dg):
    f = LOOP_FUNCTIONS["a_" + dg.topology]
    charge = (dg.Q_F,) if dg.topology.startswith("charged") else ()
    return f(dg.m_l, dg.M_F, dg.M_B, *charge, *_re_im(dg.c1), *_re_im(dg.c2))


def _re_im(c):
    """(Re, Im) arguments of a coupling; a real coupling is passed as (c, 0) unchanged."""
    c = sp.sympify(c)
    return (c, 0) if not c.has(sp.I) else re_im(c)


def _sm_call(model, call):
    """The same loop-function call with the model's BSM couplings set to zero."""
    return call.func(*[sm_limit(model, a) for a in call.args])


def _g2_outputs(d):
    """a_l (all one-loop contributions) and Delta a_l = a_l - a_l(SM, same inputs), per mediator.

    DESIGN.md names: ``a_mu``, ``a_mu.W``, ... and ``delta_a_mu``, ``delta_a_mu.Zp``, ...; the SM
    part of a mediator's Delta a is its value minus the same diagram in the SM limit, written without
    cancellation when the diagram exists in the SM (:func:`modelgen.ir_delta.delta_call`).
    """
    outs = []
    diagrams = lepton_diagrams(d)
    bsm = bool(bsm_couplings(d.model))
    for lep in dict.fromkeys(dg.lepton for dg in diagrams):
        mine = [dg for dg in diagrams if dg.lepton == lep]
        total, delta = sp.Integer(0), sp.Integer(0)
        parts, deltas = [], []
        for dg in mine:
            call = _loop_call(dg)
            parts.append(OutputIR(f"a_{lep}.{dg.mediator}", call, "", f"one-loop {dg.mediator} contribution to a_{lep}"))
            total += call
            if bsm:
                sm_call = _sm_call(d.model, call)
                if sm_call == call:
                    diff = sp.Integer(0)
                elif sm_limit(d.model, dg.c1) == 0 and sm_limit(d.model, dg.c2) == 0:
                    diff = call  # the diagram does not exist in the SM
                else:
                    diff = delta_call(d.model, dg, f"delta_a_{lep}.{dg.mediator}")
                if diff != 0:
                    deltas.append(OutputIR(f"delta_a_{lep}.{dg.mediator}", diff, "",
                                           f"{dg.mediator} part of a_{lep} minus its SM value"))
                    delta += diff
        mediators = ", ".join(dg.mediator for dg in mine)
        outs += parts + [OutputIR(f"a_{lep}", total, "", f"one-loop a_{lep} of the model's {mediators}")]
        if bsm:
            outs += deltas + [OutputIR(f"delta_a_{lep}", delta, "", f"a_{lep} minus the SM value with the same inputs")]
    return outs


def _mass_source_singular(solution, physical_mass):
    """Factors of the solved (vev or mass)^2's denominator that do not involve the physical mass.

    v_X^2 = N/D is linear in the solved parameter (derive.gauge stage 5), so D = d det/d v_X^2 is the
    strength with which v_X^2 moves the Z' mass; a mass-independent factor of D (for B-L: g_BL^2)
    vanishing means no finite v_X gives any M_Zp.  Factors containing M_Zp (the M_Zp = M_Z0 pole)
    belong to the level-repulsion gap and stay with that bit.
    """
    _, den = sp.fraction(sp.factor(solution))
    return tuple(sorted((f for f, _ in sp.factor_list(den)[1] if f.free_symbols and not f.has(physical_mass)),
                        key=sp.default_sort_key))


def _relations_status(model) -> StatusIR:
    """Bit 0: a tree-level relation has no real value at this point.

    Every square root in ``model.relations`` whose argument SymPy cannot prove non-negative (with
    the parameters' declared signs) gives the condition argument < 0; in the SM relations that is
    1 - 4 pi alpha/(sqrt2 G_F M_Z^2) < 0, no real s_W.  Once an inner root is NaN the outer
    comparisons are false, so the innermost failing root decides, and the bit is exact.
    """
    bases, where = [], []
    for r in model.relations:
        for a in sorted(sp.sympify(r.expr).atoms(sp.Pow), key=sp.default_sort_key):
            if a.exp.is_Rational and a.exp.q == 2 and a.base.is_nonnegative is not True and a.base not in bases:
                bases.append(a.base)
                where.append(r.description or str(r.symbol))
    reason = ("no real solution of the tree-level relations: a square root of a negative number in "
              + "; ".join(dict.fromkeys(where))) if bases else "no real solution of the tree-level relations"
    return StatusIR(0, sp.Or(*(sp.StrictLessThan(b, 0) for b in bases)), reason)


def build_ir(derivation) -> KernelIR:
    """Lower a derivation to the kernel IR (one output per public name; NaN-able outputs last)."""
    d = derivation
    model = d.model
    e = d.gauge.e
    z, w = d.electroweak_vector, d.charged_vector
    head = [OutputIR(f"M_{z}", d.vector_mass(z), "GeV", f"physical {z} mass")]
    tail, status = [], []
    for b in d.new_vectors:
        mname = d.mass_parameter(b)
        if mname is None:
            head.append(OutputIR(f"M_{b}", d.vector_mass(b), "GeV", f"physical {b} mass"))
            continue
        mzp = model.parameters[mname].symbol
        head.append(OutputIR(mname, mzp, "GeV", f"physical {b} mass"))
        sym, expr = d.gauge.solved[0]
        vev = d.gauge.solved[1][0]
        tail.append(OutputIR(str(vev), vev, "GeV", f"solved from {mname}"))
        singular = _mass_source_singular(expr, mzp)
        status.append(StatusIR(1, sp.And(sp.Le(sym, 0), *(sp.Ne(f, 0) for f in singular)),
                               f"no {vev} gives this {mname}: it lies in the gap between M_{z}0 and "
                               f"M_{z}0*sqrt(1+delta^2) that {z}-{b} level repulsion forbids"))
        if singular:
            names = " or ".join(f"{f} = 0" for f in singular)
            status.append(StatusIR(8, sp.Or(*(sp.Eq(f, 0) for f in singular)),
                                   f"{names}: {mname} cannot come from {vev} ({vev} infinite: the {b} does not "
                                   f"couple to the field whose {vev} would give it mass)"))
    head.append(OutputIR(f"M_{w}", d.vector_mass(w), "GeV", f"{w} mass (tree level)"))
    leptons = None
    if d.fermions is not None and getattr(model, "yukawa_targets", None):   # lepton mixing: solved Yukawas
        from .ir_leptons import (build_lepton_ir, lepton_outputs, lfv_outputs, light_subspace_outputs,
                                 with_sm_neutral, with_sm_w)
        leptons = build_lepton_ir(d)
        # the SM diagram of each mediator that exists in the SM limit (sm_limit of its couplings)
        sm = {(dg.lepton, dg.mediator): _sm_call(model, _loop_call(dg)) for dg in lepton_diagrams(d)
              if sm_limit(model, dg.c1) != 0 or sm_limit(model, dg.c2) != 0}
        # cancellation-free Delta a of the W, Z, h (real: leptons.pxd, complex: cleptons.pxd twins)
        leptons = with_sm_w(d, leptons, sm)
        leptons = with_sm_neutral(d, leptons, sm)
        masses, couplings, g2 = lepton_outputs(d, leptons, e, sm, OutputIR)
        quarks = [s.name for s in model.states.values() if s.kind == "quark"]
        outs = head + couplings + _coupling_outputs(d, e, quarks) + tail + g2 + masses
        largest = _largest_coupling(model, leptons)
        outs.append(OutputIR("max_coupling", largest, "", "largest |Yukawa| (inputs and solved SM Yukawas)"))
        lfv, lfv_status = lfv_outputs(model, leptons, OutputIR, StatusIR)
        outs += lfv
        # outputs summed over the light subspace: NaN (non-fatal bit) where it is not separated
        outs, split_status = light_subspace_outputs(leptons, outs, OutputIR, StatusIR, LIGHT_SPLIT_BIT)
        ls = sp.Symbol("lepton_status")
        targets = ", ".join(leptons.targets)
        lepton_stage = [StatusIR(2, sp.And(ls > 0, ls < 3),
                                 f"the light-mass solve did not converge (no start of Newton on the solved "
                                 f"Yukawas reached {targets}) or LAPACK failed"),
                        StatusIR(5, sp.Eq(ls, 3),
                                 f"no solution of the light-mass solve with light state i dominantly flavour i: "
                                 f"the solved Yukawas reproduce {targets} only with a light state living "
                                 f"mostly in another generation (or none)"),
                        StatusIR(6, sp.Eq(ls, 4),
                                 f"no solution of the light-mass solve on the requested branch "
                                 f"({', '.join(leptons.branches)}): {targets} with the flavour order are reached "
                                 f"only on the other root"),
                        # ls = 5: lightmass.SOLVE_ABSOLUTE_FLOOR (solved and checked, the flag only)
                        StatusIR(LIGHT_MASS_FLOOR_BIT, sp.Eq(ls, 5),
                                 f"the light-mass solve reproduces {targets} only to the SVD's absolute "
                                 f"accuracy 64 eps m_max (m_max the heaviest charged state), not to 1e-12 "
                                 f"relative: light-lepton outputs ~ m^2 may be off by that much", fatal=False),
                        StatusIR(3, sp.StrictGreaterThan(largest, sp.sqrt(4 * sp.pi)),
                                 "a Yukawa coupling exceeds the perturbativity bound sqrt(4 pi)", fatal=False),
                         lfv_status, split_status]
    else:
        from .ir_twoloop import two_loop_outputs
        outs = head + _coupling_outputs(d, e) + tail + _g2_outputs(d) + two_loop_outputs(d, OutputIR)
        # loop calls that differ only in a coupling scale (e.g. a_l.h and delta_a_l's SM Higgs): one call
        from .ir_delta import share_loop_moments
        from .ir_twoloop import share_boson_logs
        # then the neutral-scalar lepton loops at a boson whose ln M the Barr-Zee calls already take
        outs = [OutputIR(o.name, x, o.unit, o.description, o.may_be_nan)
                for o, x in zip(outs, share_boson_logs(share_loop_moments([o.expr for o in outs])))]
        lepton_stage = []
    outs += scalar_outputs(d, OutputIR)
    status.insert(0, _relations_status(model))
    # the lepton and scalar stages read the gauge stage's couplings and v_X: where a gauge bit is set, their
    # failures are consequences, so they are checked only where the gauge stage succeeded
    gauge_ok = [sp.Not(st.condition) for st in status]
    status += [StatusIR(st.bit, sp.And(st.condition, *gauge_ok), st.reason, st.fatal)
               for st in lepton_stage + scalar_status(d, StatusIR)]
    outs = tuple(OutputIR(o.name, sp.sympify(o.expr), o.unit, o.description, o.may_be_nan)
                 for o in sorted(outs, key=lambda o: o.may_be_nan))
    params = tuple(ParameterIR(q.name, q.default, q.unit, q.lower, q.upper, q.description)
                   for q in model.parameters.values())
    # sums and products that depend on fewer parameters than their symbols suggest (v1^2 + v2^2 = v^2)
    # in reduced form: SM-only quantities become bit-identical across points (modelgen.ir_reduce)
    assignments = _assignments(d)
    reduced = reduce_expressions([o.expr for o in outs] + [s.condition for s in status], assignments)
    outs = tuple(OutputIR(o.name, x, o.unit, o.description, o.may_be_nan) for o, x in zip(outs, reduced))
    status = tuple(StatusIR(s.bit, x, s.reason, s.fatal) for s, x in zip(status, reduced[len(outs):]))
    return KernelIR(model.name, model.fingerprint(), params, assignments, outs, status, leptons)


def _largest_coupling(model, leptons):
    """max |lambda| over the Yukawa parameters of the mass terms and the solved SM Yukawas."""
    from .ir_leptons import ARRAY
    from .model.phases import coupling_symbols
    names = set()
    for t in getattr(model, "yukawas", {}).values():
        if t.scalar is not None:
            names |= {s.name for s in coupling_symbols(t.matrix)}
    syms = [model.parameters[n].symbol for n in sorted(names) if n in model.parameters]
    vals = [sp.Abs(s) for s in syms] + [sp.Abs(ARRAY["ysol"][i]) for i in range(len(leptons.yukawas))]
    return sp.Max(*vals) if vals else sp.Integer(0)
