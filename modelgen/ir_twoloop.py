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

__all__ = ["two_loop_outputs", "with_log_argument"]

#: Barr-Zee functions of one mass ratio z that have a variant taking ln z (modelgen/loops/barrzee.pxd;
#: the fermion loops, z = m_f^2/M^2, whose ln M is shared by the calls at the same boson)
LOG_VARIANTS = {"bz_f": "bz_f_l", "bz_g": "bz_g_l"}


def with_log_argument(name, z):
    """The call of Barr-Zee function ``name`` at z, as its variant with ln z passed in where z is a
    positive number times even powers of symbols: ln z = ln c + Sum e_i ln|b_i| (exact for even e_i),
    each ln|b| a call of ``ln_abs`` that the kernel computes once per point and memoises (the log of a
    fixed mass once per evaluate call), shared by every call at the same boson mass; else the plain
    call.  The function then takes no log of z (barrzee._bz_g_known)."""
    if name in LOG_VARIANTS:
        c, rest = sp.sympify(z).as_coeff_Mul()
        powers = rest.as_powers_dict()
        if c.is_positive and powers and all(b.is_Symbol and e.is_Integer and e % 2 == 0
                                            for b, e in powers.items()):
            lz = sum((e * LOOP_FUNCTIONS["ln_abs"](b) for b, e in sorted(powers.items(), key=str)),
                     sp.Float(sp.log(c).evalf(30), 30) if c != 1 else sp.Integer(0))
            return LOOP_FUNCTIONS[LOG_VARIANTS[name]](z, lz)
    return LOOP_FUNCTIONS[name](z) if name in LOG_VARIANTS else None


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
        calls = [((t.mediator, t.loop), t.coeff * (with_log_argument(t.fn, *t.args) if t.fn in LOG_VARIANTS
                                                   else LOOP_FUNCTIONS[t.fn](*t.args))) for t in mine]
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
