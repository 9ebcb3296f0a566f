"""Render a :class:`~modelgen.ir.KernelIR` into Cython source through Jinja2 templates.

Consumes the IR; produces text.  Templates carry structure only: every expression is printed
here by :class:`~modelgen.codegen.printer.CythonCodePrinter`.  The Jinja environment uses
``StrictUndefined``; the header carries the modelgen version and the hash of the inputs (model
fingerprint + templates + the derivation/codegen sources, :mod:`modelgen.fingerprint`), so stale
output is detectable without re-deriving.
"""
from __future__ import annotations

import keyword

import jinja2

from .. import __version__
from ..fingerprint import PACKAGE_DIR, TEMPLATE_DIR, input_hash
from ..ir import LOOP_FUNCTIONS
from ..ir_leptons import TRANSITIONS
from .printer import CythonCodePrinter, cse_lines, rewrite

__all__ = ["TEMPLATE_DIR", "environment", "input_hash", "render_model", "context_for"]


def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              trim_blocks=False, lstrip_blocks=False, autoescape=False)


def _cname(name: str) -> str:
    c = name.replace(".", "_")
    return c + "_" if keyword.iskeyword(c) or c in CythonCodePrinter.reserved_words else c


def context_for(ir, input_hash_value: str) -> dict:
    printer = CythonCodePrinter()
    temps, codes = cse_lines([o.expr for o in ir.outputs] + [s.condition for s in ir.status], printer)
    n_out = len(ir.outputs)
    return {
        "version": __version__,
        "model": ir.model,
        "input_hash": input_hash_value,
        "parameters": [dict(name=p.name, cname=_cname(p.name), default=p.default, unit=p.unit,
                            lower=repr(p.lower).replace("inf", "float('inf')"),
                            upper=repr(p.upper).replace("inf", "float('inf')"), description=p.description)
                       for p in ir.parameters],
        "assignments": [dict(lhs=str(a.symbol), rhs=printer.doprint(rewrite(a.expr))) for a in ir.assignments],
        "temporaries": [dict(lhs=t, rhs=c) for t, c in temps],
        "outputs": [dict(name=o.name, unit=o.unit, description=o.description, code=c)
                    for o, c in zip(ir.outputs, codes[:n_out])],
        "n_finite": sum(not o.may_be_nan for o in ir.outputs),
        "status": [dict(bit=s.bit, reason=s.reason, code=c) for s, c in zip(ir.status, codes[n_out:])],
        "nonfinite_bit": 7,
        "fatal_mask": sum(2 ** s.bit for s in ir.status if s.fatal) + 2 ** 7,
        "loop_functions": sorted(name for name, fn in LOOP_FUNCTIONS.items()
                                 if any(o.expr.has(fn) for o in ir.outputs)),
        "leptons": _lepton_context(ir.leptons, printer),
    }


def _lepton_context(lir, printer):
    """Template view of the lepton stage: matrix entries printed, array names, mediators."""
    if lir is None:
        return None
    # one CSE pass over the entries filled before the Yukawa solve and the mediator masses
    before = [(m, i, e) for m in lir.matrices if m.name not in lir.after_solve for i, e in m.entries]
    temps, codes = cse_lines([e for _, _, e in before] + [m.mass for m in lir.mediators], printer, prefix="u")
    printed = {(m.name, i): c for (m, i, _), c in zip(before, codes)}
    masses = codes[len(before):]
    return {
        "nc": lir.n_charged, "nn": lir.n_neutral,
        "temporaries": [dict(lhs=t, rhs=c) for t, c in temps],
        "matrices": [dict(name=m.name, size=m.size, after_solve=m.name in lir.after_solve,
                          entries=[(i, printed.get((m.name, i)) or printer.doprint(rewrite(e)))
                                   for i, e in m.entries])
                     for m in lir.matrices],
        "targets": list(lir.targets),
        "branches": list(lir.branches),
        "yukawas": [str(y) for y in lir.yukawas],
        "light_arrays": ["gL_Z", "gR_Z", "gL_Zp", "gR_Zp", "gnu_Z", "gnu_Zp", "d_lep", "gW2"]
        + [f"a_{m.name}" for m in lir.mediators] + [f"ax_{c}" for c in lir.axial],
        "axial": [dict(out=f"ax_{c}", left=f"qL_{c}", right=f"qR_{c}") for c in lir.axial],
        "nu_index": list(lir.nu_index),
        "transitions": [dict(i=i, j=j, index=t) for t, (i, j, _) in enumerate(TRANSITIONS)],
        "mediators": [dict(name=m.name, kind=m.kind, arrays=list(m.arrays), mass=c)
                      for m, c in zip(lir.mediators, masses)],
    }


def render_model(ir, input_hash_value: str) -> str:
    return environment().get_template("model.pyx.j2").render(**context_for(ir, input_hash_value))
