"""LaTeX names for the symbols and row labels of a derivation.

Consumes symbol names as the models write them (``eps_k``, ``g_BL``, ``M_Zp``, ``v_X_sq``,
``lam_LE``, ``m_mu``) and the labels of :meth:`Derivation.rows` (``M_A^2``, ``g_L(Z,e) [LO]``,
``eps_V(nu_e) [LO]``); produces LaTeX that compiles in math mode: Greek words become commands
(``\\epsilon_{k}``), everything after the first ``_`` is a braced subscript, a trailing ``_sq`` is
``^{2}``, a trailing ``p`` after a capital is a prime (``M_{Z'}``), ``hX`` is ``h_{X}``.  Plain text
only appears inside ``\\text{}`` and never contains ``_``, ``^`` or other math characters.
The rules are about spelling, not about particular particles, so any model's names print.
"""
from __future__ import annotations

import re

import sympy as sp
from sympy.printing.latex import translate

__all__ = ["tex_name", "tex_label", "latex_expr"]

# abbreviations the models use for Greek letters
_ABBREVIATIONS = {"eps": "epsilon", "lam": "lambda", "kap": "kappa", "th": "theta"}


def _word(word: str) -> str:
    """One name piece: Greek word -> command, ``Xp`` -> ``X'``, ``hX`` -> ``h_{X}``."""
    word = _ABBREVIATIONS.get(word, word)
    greek = translate(word)
    if greek != word:
        return greek
    if re.fullmatch(r"[A-Z]p", word):
        return word[0] + "'"
    if re.fullmatch(r"[a-z][A-Z]+", word):
        return f"{word[0]}_{{{word[1:]}}}"
    return word


def tex_name(name: str) -> str:
    """LaTeX of a symbol name: ``eps_k`` -> ``\\epsilon_{k}``, ``v_X_sq`` -> ``v_{X}^{2}``,
    ``lam_L^T`` -> ``\\lambda_{L}^{T}``, ``nu_e`` -> ``\\nu_{e}``."""
    name, transpose = (name[:-2], "^{T}") if name.endswith("^T") else (name, "")
    parts = [p for p in name.split("_") if p]
    if not parts:
        return name
    power = ""
    if len(parts) > 1 and parts[-1] == "sq":
        parts, power = parts[:-1], "^{2}"
    base = _word(parts[0])
    sub = ",".join(_word(p) for p in parts[1:])
    out = base + (f"_{{{sub}}}" if sub else "")
    if power or transpose:
        out = "{" + out + "}" + power + transpose
    return out


def tex_label(label: str) -> str:
    """A :meth:`Derivation.rows` label in math mode: ``M_A^2`` -> ``M_{A}^{2}``,
    ``g_L(Z,e) [LO]`` -> ``g_{L}(Z, e)\\ \\text{(LO)}``, other labels via :func:`tex_name`."""
    lo = label.endswith(" [LO]")
    core = label[:-5] if lo else label
    m = re.fullmatch(r"M_(\w+)\^2", core)
    call = re.fullmatch(r"(\w+)\(([\w,]+)\)", core)
    if m:
        tex = f"M_{{{_word(m.group(1))}}}^{{2}}"
    elif call:
        tex = tex_name(call.group(1)) + "(" + ", ".join(tex_name(a) for a in call.group(2).split(",")) + ")"
    else:
        tex = tex_name(core)
    return tex + (r"\ \text{(LO)}" if lo else "")


def latex_expr(expr) -> str:
    """``sympy.latex`` with every free symbol named by :func:`tex_name`."""
    expr = sp.sympify(expr)
    names = {s: tex_name(s.name) for s in expr.free_symbols if isinstance(s, sp.Symbol)}
    return sp.latex(expr, symbol_names=names)
