"""Cython code printer: SymPy's C99 printer adapted to Cython syntax, plus rewrite passes.

Consumes SymPy expressions; produces Cython source text.  Rewrites (separate passes, before
printing): small integer powers expanded to products (``x**2 -> x*x``).  Cython differences from
C handled by the printer tables: ``a if c else b`` instead of ``c ? a : b``, ``and``/``or``/``not``,
loop-function calls printed by name.
"""
from __future__ import annotations

import sympy as sp
from sympy.codegen.rewriting import create_expand_pow_optimization, optimize
from sympy.printing.c import C99CodePrinter

from ..ir import LOOP_FUNCTIONS
from ..ir_delta import DIFFERENCE_FUNCTIONS

__all__ = ["CythonCodePrinter", "rewrite", "cse", "cse_lines"]

_expand_pow = create_expand_pow_optimization(4)


class CythonCodePrinter(C99CodePrinter):
    """Prints expressions for ``cdef double`` code inside a ``nogil`` Cython function."""

    printmethod = "_cython"
    language = "Cython"
    reserved_words = set(C99CodePrinter.reserved_words) | {"lambda", "def", "cdef", "in", "is", "not",
                                                            "and", "or", "from", "import", "with"}

    def __init__(self, settings=None):
        super().__init__(settings or {})
        self.known_functions = dict(self.known_functions)
        self.known_functions.update({name: name for name in (*LOOP_FUNCTIONS, *DIFFERENCE_FUNCTIONS)})
        self.known_functions["width_muon_tree"] = "width_muon_tree"

    def _print_Pow(self, expr):
        # x**(-1/2) and x**(+-3/2) as sqrt, which is several times cheaper than pow()
        base, ex = expr.args
        if ex == -sp.S.Half:
            return f"(1.0/sqrt({self._print(base)}))"
        if ex == sp.Rational(3, 2):
            return f"({self._print(base)}*sqrt({self._print(base)}))"
        if ex == -sp.Rational(3, 2):
            return f"(1.0/({self._print(base)}*sqrt({self._print(base)})))"
        return super()._print_Pow(expr)

    def _print_Indexed(self, expr):
        # per-point C arrays of the kernel (1-d, constant integer index)
        return f"{expr.base.label}[{', '.join(self._print(i) for i in expr.indices)}]"

    def _print_Piecewise(self, expr):
        *pairs, last = expr.args
        out = self._print(last.expr)
        for e, c in reversed(pairs):
            out = f"({self._print(e)} if {self._print(c)} else {out})"
        return out

    def _print_And(self, expr):
        return "(" + " and ".join(self._print(a) for a in sorted(expr.args, key=str)) + ")"

    def _print_Or(self, expr):
        return "(" + " or ".join(self._print(a) for a in sorted(expr.args, key=str)) + ")"

    def _print_Not(self, expr):
        return f"(not {self._print(expr.args[0])})"

    def _print_sign(self, expr):
        x = self._print(expr.args[0])
        return f"(<double>({x} > 0) - <double>({x} < 0))"

    def _print_BooleanTrue(self, expr):
        return "True"

    def _print_BooleanFalse(self, expr):
        return "False"


def rewrite(expr):
    """Rewrite passes applied before printing."""
    return optimize(expr, [_expand_pow]) if isinstance(expr, sp.Expr) else expr


def cse(exprs, prefix="t"):
    """Common-subexpression elimination in the generated code's canonical order, temporaries named
    <prefix>0, <prefix>1, ...: ([(temp, expr)], [reduced expr for each expr]) (SymPy's cse)."""
    return sp.cse(list(exprs), symbols=sp.numbered_symbols(prefix), order="canonical")


def cse_lines(exprs, printer=None, prefix="t"):
    """Common-subexpression elimination: ([(temp, code)], [code for each expr])."""
    printer = printer or CythonCodePrinter()
    replacements, reduced = cse(exprs, prefix)
    temps = [(str(s), printer.doprint(rewrite(e))) for s, e in replacements]
    return temps, [printer.doprint(rewrite(e)) for e in reduced]
