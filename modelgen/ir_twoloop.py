"""Two-loop Barr–Zee outputs and Δa_ℓ against the model's declared SM reference.

Consumes a :class:`~modelgen.derive.Derivation` whose model declares ``barr_zee``
(:mod:`modelgen.model.twoloop`); produces :class:`~modelgen.ir.OutputIR` records (physics.md
"Two-loop Barr–Zee dipoles", docs/design.md "Naming"):

    a_<l>.bz.<mediator>   Barr–Zee terms of one exchanged boson (photon–φ with every loop in it, or
                          the C±W∓γ diagrams of a charged state with every declared doublet)
    a_<l>.bz              their sum
    delta_a_<l>           Σ (one-loop scalar diagrams + Barr–Zee terms)
                          − the same for the SM reference: the diagrams and terms whose particles
                          are all in the SM (declared ``sm_states``, vectors, fermions), evaluated
                          with the declared ``sm_limit`` parameter values (for the 2HDM: the h
                          diagrams at cos(β−α) = 0, ξ = g_hWW = 1); the vector diagrams cancel

Loop functions appear as the undefined SymPy functions of ``ir.LOOP_FUNCTIONS``.
"""
from __future__ import annotations

import sympy as sp

from .derive.barrzee import barr_zee_terms
from .derive.dipoles import lepton_diagrams
from .ir import LOOP_FUNCTIONS, _loop_call

__all__ = ["two_loop_outputs", "with_log_argument", "share_boson_logs"]

#: Barr-Zee functions of one mass ratio z that have a variant taking ln z (modelgen/loops/barrzee.pxd;
#: the fermion loops, z = m_f^2/M^2, and the W loop, z = M_W^2/M^2, whose ln M is shared by the calls
#: at the same boson)
LOG_VARIANTS = {"bz_f": "bz_f_l", "bz_g": "bz_g_l", "bz_F3": "bz_F3_l"}


def with_log_argument(name, *args):
    """The call of Barr-Zee function ``name``: for a function of one mass ratio z with a variant
    (LOG_VARIANTS), that variant with ln z passed in where z is a positive number times even powers
    of symbols: ln z = ln c + Sum e_i ln|b_i| (exact for even e_i), each ln|b| a call of ``ln_abs``
    that the kernel computes once per point and memoises (the log of a fixed mass once per evaluate
    call), shared by every call at the same boson mass; else the plain call.  The variant then takes
    no log of z (barrzee._bz_g_known)."""
    lz = _log_of(args[0]) if name in LOG_VARIANTS else None
    if lz is not None:
        return LOOP_FUNCTIONS[LOG_VARIANTS[name]](args[0], lz)
    return LOOP_FUNCTIONS[name](*args)


def _log_of(z):
    """ln z as ln c + Sum e_i ln_abs(b_i) where z = c Prod b_i^e_i with c > 0 a number, integer e_i and
    each b_i a symbol with e_i even or an expression SymPy proves positive (M_W^2 = g^2 v1^2/4 +
    g^2 v2^2/4: one log, memoised at fixed SM inputs) (exact: ln z = ln c + Sum e_i ln|b_i|); None for
    any other z."""
    c, rest = sp.sympify(z).as_coeff_Mul()
    powers = rest.as_powers_dict()
    if c.is_positive and powers and all(e.is_Integer and ((b.is_Symbol and e % 2 == 0)
                                                          or (not b.is_Symbol and b.is_positive is True))
                                        for b, e in powers.items()):
        return sum((e * LOOP_FUNCTIONS["ln_abs"](b) for b, e in sorted(powers.items(), key=str)),
                   sp.Float(sp.log(c).evalf(30), 30) if c != 1 else sp.Integer(0))
    return None


def share_boson_logs(exprs):
    """Rewrite each one-loop neutral-scalar call of a lepton with itself in the loop,
    a_neutral_scalar(m, m, M, c...), into a_neutral_scalar_l(m, m, M, c..., ln(m^2/M^2)) with
    ln(m^2/M^2) = 2 ln_abs(m) - 2 ln_abs(M), where the expressions already call ln_abs(M) (the Barr-Zee
    fermion loops at the boson M, with_log_argument): the kernel then computes ln M once a point for
    all of them and ln m once per evaluate call (memoised), and the loop function takes no log
    (loopfuncs.a_neutral_scalar_l; its light path only, r = m^2/M^2 <= 1/16).  m, M must be symbols.
    Within rounding of the plain call (docs/physics.md "One-loop dipoles").  Returns the rewritten
    expressions (unchanged where no ln_abs(M) is called)."""
    exprs = [sp.sympify(e) for e in exprs]
    ln_abs, ns = LOOP_FUNCTIONS["ln_abs"], LOOP_FUNCTIONS["a_neutral_scalar"]
    logged, calls = set(), set()
    for e in exprs:
        logged |= {c.args[0] for c in e.atoms(ln_abs)}
        calls |= e.atoms(ns)
    repl = {}
    for c in calls:
        m, mf, mb = c.args[:3]
        if m == mf and mb in logged and m.is_Symbol and mb.is_Symbol:
            repl[c] = LOOP_FUNCTIONS["a_neutral_scalar_l"](*c.args, _log_of(m**2 / mb**2))
    if not repl:
        return exprs
    return [e.xreplace(repl) for e in exprs]


def two_loop_outputs(d, output) -> list:
    """Barr–Zee outputs and delta_a_<l> (module docstring); [] for a model without ``barr_zee``."""
    terms = barr_zee_terms(d)
    if not terms:
        return []
    model = d.model
    spec = model.barr_zee
    subs = {model.parameters[name].symbol: sp.sympify(value) for name, value in spec.sm_limit}
    goldstones = {f"G_{b}" for b in d.scalars.goldstones}
    beyond = {st.label for st in d.scalars.states} - goldstones - set(spec.sm_states)
    diagrams = lepton_diagrams(d)
    outs = []
    for lep in dict.fromkeys(t.lepton for t in terms):
        mine = [t for t in terms if t.lepton == lep]
        calls = [((t.mediator, t.loop), t.coeff * with_log_argument(t.fn, *t.args)) for t in mine]
        by_mediator = {}
        for t, (_, call) in zip(mine, calls):
            by_mediator[t.mediator] = by_mediator.get(t.mediator, 0) + call
        outs += [output(f"a_{lep}.bz.{med}", expr, "", f"two-loop Barr-Zee diagrams of a_{lep} with {med} "
                        f"exchanged") for med, expr in by_mediator.items()]
        outs.append(output(f"a_{lep}.bz", sum(by_mediator.values()), "",
                           f"two-loop Barr-Zee a_{lep} ({', '.join(by_mediator)})"))
        one_loop = [((dg.mediator,), _loop_call(dg)) for dg in diagrams if dg.lepton == lep]
        delta = sp.Integer(0)
        for particles, call in one_loop + calls:
            delta += call if beyond & set(particles) else call - call.xreplace(subs)
        outs.append(output(f"delta_a_{lep}", delta, "",
                           f"a_{lep} (one loop + Barr-Zee) minus the SM reference ({', '.join(spec.sm_states)})"))
    return outs
