"""Render a :class:`~modelgen.ir.KernelIR` into Cython source through Jinja2 templates.

Consumes the IR; produces text.  Templates carry structure only: every expression is printed
here by :class:`~modelgen.codegen.printer.CythonCodePrinter`.  The Jinja environment uses
``StrictUndefined``; the header carries the modelgen version and the hash of the inputs (model
fingerprint + templates + the derivation/codegen sources, :mod:`modelgen.fingerprint`), so stale
output is detectable without re-deriving, and the hash of the canonical print of the IR
(:mod:`modelgen.ir_canon`), which changes only when what the kernel computes changes.
"""
from __future__ import annotations

import keyword

import jinja2
import sympy as sp

from .. import __version__
from ..fingerprint import PACKAGE_DIR, TEMPLATE_DIR, input_hash
from ..ir import LOOP_FUNCTIONS, LOOP_MODULES
from ..ir_delta import DIFFERENCE_FUNCTIONS
from ..ir_canon import ir_hash
from ..ir_leptons import MUON_WIDTH
from ..ir_steps import lepton_steps, step_cimports
from .printer import CythonCodePrinter, cse, cse_lines, rewrite

_ONE_LOOP = "modelgen.loops.loopfuncs"  # cimported by the template itself
#: functions whose call sites the generated kernel memoises (modelgen/loops/memo.pxd): every loop
#: function of modelgen.loops, pure functions of their double arguments costing ~100-5000
#: instructions a call, against ~2 per argument for a hit test and ~3 per argument for a miss
MEMO_FUNCTIONS = frozenset((*LOOP_FUNCTIONS, *DIFFERENCE_FUNCTIONS))
#: arguments a memo site holds (memo_site.a in modelgen/loops/memo.pxd)
MEMO_MAX_ARGS = 8
#: memo-aware variant of a function, called on a miss with the site's aux storage (the same
#: arguments, then ``double* aux, int* aux_state``): it keeps partial results that depend on a subset
#: of the arguments (modelgen/loops/barrzee.pxd: bz_charged_w's M_W half)
MEMO_AUX = {"bz_charged_w": "bz_charged_w_aux"}
#: misses in a row after which a memo site is switched off for the rest of an evaluate call
#: (modelgen/loops/memo.pxd): its arguments change at every point (they depend on a scanned input),
#: so the compare and the stores of a miss are saved; a site whose arguments repeat keeps hitting
MEMO_OFF = 16

__all__ = ["TEMPLATE_DIR", "environment", "input_hash", "render_model", "context_for"]


def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              trim_blocks=False, lstrip_blocks=False, autoescape=False)


#: C type of a kernel array by field type (modelgen.ir_steps)
_CTYPE = {"real": "double", "complex": "double complex"}


def _cname(name: str) -> str:
    c = name.replace(".", "_")
    return c + "_" if keyword.iskeyword(c) or c in CythonCodePrinter.reserved_words else c


def _memo_lines(replacements, reduced, prefix="t"):
    """CSE output with every call of a :data:`MEMO_FUNCTIONS` function as a temporary of its own.

    Returns (lines, reduced): lines are (symbol, expr, site) in evaluation order, site the memo
    site index of a call line (None otherwise); a call's non-atomic arguments get temporaries of
    their own before it, so that the memo compares and stores plain variables.  Calls inside the
    outputs and status conditions are hoisted after the last temporary."""
    lines, sites = [], [0]
    fresh = sp.numbered_symbols(prefix + "m")

    def call_line(sym, call):
        args = []
        for x in call.args:
            if x.is_Atom:
                args.append(x)
            else:
                a = next(fresh)
                lines.append((a, x, None))
                args.append(a)
        lines.append((sym, call.func(*args), sites[0]))
        sites[0] += 1

    def lift(e):
        if e.is_Atom or not e.args:
            return e
        args = tuple(lift(x) for x in e.args)
        e2 = e.func(*args) if args != e.args else e
        if type(e2).__name__ in MEMO_FUNCTIONS:
            sym = next(fresh)
            call_line(sym, e2)
            return sym
        return e2

    for sym, e in replacements:
        if type(e).__name__ in MEMO_FUNCTIONS:
            call_line(sym, e.func(*(lift(x) for x in e.args)))
        else:
            lines.append((sym, lift(e), None))
    reduced = [lift(e) for e in reduced]
    return lines, reduced


def _memo_view(sym, call, site, printer):
    """Template view of one memoised call: the call printed, the variable arguments to compare
    and store (each distinct symbol once; numbers are part of the call), the memo-aware variant."""
    name = type(call).__name__
    keys = list(dict.fromkeys(x for x in call.args if not x.is_Number))
    if len(keys) > MEMO_MAX_ARGS:
        raise ValueError(f"{name}: {len(keys)} variable arguments, a memo site holds {MEMO_MAX_ARGS}")
    args = ", ".join(printer.doprint(x) for x in call.args)
    return dict(lhs=str(sym), site=site, call=f"{name}({args})",
                aux=(f"{MEMO_AUX[name]}({args}, _mc[{site}].aux if _mc != NULL else NULL, "
                     f"&_mc[{site}].aux_state if _mc != NULL else NULL)") if name in MEMO_AUX else None,
                keys=[printer.doprint(x) for x in keys])


def context_for(ir, input_hash_value: str) -> dict:
    printer = CythonCodePrinter()
    replacements, reduced = cse([o.expr for o in ir.outputs] + [s.condition for s in ir.status])
    lines, reduced = _memo_lines(replacements, reduced)
    n_sites = sum(site is not None for _, _, site in lines)
    temps = [_memo_view(sym, e, site, printer) if site is not None else dict(lhs=str(sym), rhs=printer.doprint(rewrite(e)))
             for sym, e, site in lines]
    codes = [printer.doprint(rewrite(e)) for e in reduced]
    n_out = len(ir.outputs)
    return {
        "version": __version__,
        "model": ir.model,
        "input_hash": input_hash_value,
        "ir_hash": ir_hash(ir),
        "parameters": [dict(name=p.name, cname=_cname(p.name), default=p.default, unit=p.unit,
                            lower=repr(p.lower).replace("inf", "float('inf')"),
                            upper=repr(p.upper).replace("inf", "float('inf')"), description=p.description)
                       for p in ir.parameters],
        "assignments": [dict(lhs=str(a.symbol), rhs=printer.doprint(rewrite(a.expr))) for a in ir.assignments],
        "temporaries": temps,
        "outputs": [dict(name=o.name, unit=o.unit, description=o.description, code=c, check=k)
                    for o, c, k in zip(ir.outputs, codes[:n_out], _finite_checks(ir.outputs, reduced[:n_out], printer))],
        "status": [dict(bit=s.bit, reason=s.reason, code=c) for s, c in zip(ir.status, codes[n_out:])],
        "nonfinite_bit": 7,
        "fatal_mask": sum(2 ** s.bit for s in ir.status if s.fatal) + 2 ** 7,
        "loop_functions": [name for name in _loop_functions(ir) if LOOP_MODULES[name] == _ONE_LOOP],
        "leptons": _lepton_context(ir.leptons, printer),
        "cimports": _cimports(ir),
        "memo": {"n_sites": n_sites, "off": MEMO_OFF} if n_sites else None,
    }


def _finite_checks(outputs, exprs, printer):
    """Per output: None, or the accumulator 0..3 of the template's finiteness sums that checks it.

    Only the outputs that must be finite (not ``may_be_nan``) are checked, and of those only what
    can add information: a finite number is never checked, and an output whose value is that of an
    output checked before, or its negation (the same temporary, the same printed code), is finite
    exactly when that one is, so it is not checked again.  The checked outputs take the four
    accumulators in turn."""
    seen, out, k = set(), [], 0
    for o, e in zip(outputs, exprs):
        if o.may_be_nan or (e.is_Number and e.is_finite):
            out.append(None)
            continue
        key = printer.doprint(-e if e.could_extract_minus_sign() and (-e).is_Symbol else e)
        if key in seen:
            out.append(None)
            continue
        seen.add(key)
        out.append(k % 4)
        k += 1
    return out


def _loop_functions(ir):
    """Sorted names of the loop functions the outputs call."""
    return sorted(name for name, fn in LOOP_FUNCTIONS.items() if any(o.expr.has(fn) for o in ir.outputs))


def _cimports(ir):
    """(module, names) the generated module cimports: those of the kernel steps present, the
    two-loop and cancellation-free Delta a functions and the tree-level muon width if an output
    calls them."""
    table = environment().get_template("steps.pyx.j2").module.CIMPORTS
    want = step_cimports(lepton_steps(ir.leptons), table) if ir.leptons is not None else {}
    for name in _loop_functions(ir):
        if LOOP_MODULES[name] != _ONE_LOOP:
            # a function with a memo-aware variant is called only through it (templates/model.pyx.j2)
            want.setdefault(LOOP_MODULES[name], set()).add(MEMO_AUX.get(name, name))
    for name, fn in DIFFERENCE_FUNCTIONS.items():
        if any(o.expr.has(fn) for o in ir.outputs):
            want.setdefault("modelgen.loops.divdiff", set()).add(name)
    if any(o.expr.has(MUON_WIDTH) for o in ir.outputs):
        want.setdefault("modelgen.loops.transition", set()).add(MUON_WIDTH.__name__)
    return [(m, sorted(n)) for m, n in sorted(want.items())]


def _parts(expr, field):
    """(expr,) for a real array; (Re, Im) of a complex array's entry, Im dropped when zero.

    Every symbol is real and every function of them real on the parameter domain (e.g.
    sqrt(1 - sin_theta^2)), so the phases exp(i phi) are the only source of I: with them written
    as cos + i sin and the product expanded, I appears only as a linear factor."""
    if field != "complex":
        return (expr,)
    e = sp.expand(sp.sympify(expr).rewrite(sp.cos))
    if any(a.has(sp.I) for a in e.atoms(sp.Function, sp.Pow)):   # I inside a function: general split
        re, im = e.as_real_imag()
    else:
        im, re = e.coeff(sp.I), e.subs(sp.I, 0)
    return (re,) if im == 0 else (re, im)


def _join(codes):
    """Printed entry from the printed parts: ``re`` or ``re + (im) * 1j`` (a double complex)."""
    return codes[0] if len(codes) == 1 else f"{codes[0]} + ({codes[1]}) * 1j"


def _step_view(step, printed, masses, printer):
    """Template view of one kernel step: its fields, expressions printed."""
    view = {f: getattr(step, f) for f in step.__dataclass_fields__}
    if step.kind == "fill":
        view["entries"] = [(i, printed.get((step.name, i)) or
                            _join([printer.doprint(rewrite(x)) for x in _parts(e, step.field)]))
                           for i, e in step.entries]
    elif step.kind == "rotate":
        view["sm"] = [printer.doprint(rewrite(x)) for x in step.sm]
    elif step.kind == "dipole":
        view["mass"] = masses[step.mediator]
    elif step.kind == "transition":
        view["mediators"] = [(t, name, masses[name]) for t, name, _ in step.mediators]
    return view


def _lepton_context(lir, printer):
    """Template view of the lepton stage: sizes, declared arrays and the kernel steps."""
    if lir is None:
        return None
    steps = lepton_steps(lir)
    field = {s.name: s.field for s in steps if s.kind == "fill"}
    # one CSE pass over the entries filled before the Yukawa solve (real and imaginary parts of a
    # complex array's entries) and the mediator masses
    delta = set(lir.delta_matrices)
    before = [(m, i, _parts(e, field[m.name])) for m in lir.matrices if m.name not in lir.after_solve
              and m.name not in delta for i, e in m.entries]
    flat = [x for _, _, parts in before for x in parts]
    temps, codes = cse_lines(flat + [m.mass for m in lir.mediators], printer, prefix="u")
    printed, k = {}, 0
    for m, i, parts in before:
        printed[(m.name, i)] = _join(codes[k:k + len(parts)])
        k += len(parts)
    masses = dict(zip((m.name for m in lir.mediators), codes[len(flat):]))
    # the matrices of the cancellation-free Delta a kernels (ir_leptons.with_sm_neutral): a CSE pass of
    # their own, so the code of every other entry is the same as without them
    extra = [(m, i, _parts(e, field[m.name])) for m in lir.matrices if m.name not in lir.after_solve
             and m.name in delta for i, e in m.entries]
    if extra:
        more, codes = cse_lines([x for _, _, parts in extra for x in parts], printer, prefix="ud")
        temps, k = temps + more, 0
        for m, i, parts in extra:
            printed[(m.name, i)] = _join(codes[k:k + len(parts)])
            k += len(parts)
    neutral = [m.name for m in lir.vectors("neutral_vector")]
    return {
        "nc": lir.n_charged, "nn": lir.n_neutral, "nl": len(lir.light),
        "temporaries": [dict(lhs=t, rhs=c) for t, c in temps],
        "matrices": [dict(name=m.name, size=m.size, ctype=_CTYPE[field[m.name]]) for m in lir.matrices],
        "utype": _CTYPE[next(s.field for s in steps if s.kind == "solve")],   # U_L, U_R, U_n
        "targets": list(lir.targets),
        "yukawas": [str(y) for y in lir.yukawas],
        "light_arrays": [f"g{s}_{v}" for s in ("L", "R") for v in neutral] + [f"gnu_{v}" for v in neutral]
        + ["d_lep", "gW2"] + [f"a_{m.name}" for m in lir.mediators] + [f"ax_{c}" for c in lir.axial]
        + [f"da_{s.mediator}" for s in steps if s.kind == "dipole" and s.delta],
        "transitions": list(lir.transitions),
        "steps": [_step_view(s, printed, masses, printer) for s in steps],
    }


def render_model(ir, input_hash_value: str) -> str:
    return environment().get_template("model.pyx.j2").render(**context_for(ir, input_hash_value))
