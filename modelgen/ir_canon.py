"""Canonical text print of a :class:`~modelgen.ir.KernelIR` and its hash.

Consumes a KernelIR; produces one deterministic text (and its SHA-256 prefix) that changes exactly
when what the kernel computes changes: every parameter, assignment, output, status check and the
lepton stage, with SymPy expressions printed by ``sp.srepr`` (exact, with assumptions) and
mappings sorted by key.  The model fingerprint and the source files are not part of it, so a
refactor of the derivation that leaves the IR unchanged leaves the hash unchanged (the check the
regression of a refactor needs: ``ir_hash`` before == after).  The generated module carries it
as ``IR_HASH`` next to the fast ``INPUT_HASH`` (:mod:`modelgen.fingerprint`, no derivation).
"""
from __future__ import annotations

import dataclasses
import hashlib

import sympy as sp

__all__ = ["canonical_text", "ir_hash"]

#: KernelIR fields that identify rather than define the computation
_SKIP = ("fingerprint",)


def _lines(value, indent=""):
    """Lines of the canonical print of one IR value (dataclass, tuple/list, dict, expression, scalar)."""
    if dataclasses.is_dataclass(value):
        out = [f"{indent}{type(value).__name__}"]
        for f in dataclasses.fields(value):
            if f.name not in _SKIP:
                out += [f"{indent} {f.name}:"] + _lines(getattr(value, f.name), indent + "  ")
        return out
    if isinstance(value, dict):
        out = []
        for k in sorted(value, key=repr):
            out += [f"{indent}[{k!r}]"] + _lines(value[k], indent + "  ")
        return out
    if isinstance(value, (tuple, list)):
        out = [f"{indent}({len(value)})"]
        for item in value:
            out += _lines(item, indent + " ")
        return out
    if isinstance(value, sp.Basic):
        return [indent + sp.srepr(value)]
    return [indent + repr(value)]


def canonical_text(ir) -> str:
    """The canonical, deterministic print of ``ir``."""
    return "\n".join(_lines(ir)) + "\n"


def ir_hash(ir) -> str:
    """First 20 hex digits of the SHA-256 of :func:`canonical_text`."""
    return hashlib.sha256(canonical_text(ir).encode()).hexdigest()[:20]
