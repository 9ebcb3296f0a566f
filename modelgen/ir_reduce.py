"""Canonical reduced forms: sub-expressions that depend on fewer runtime parameters than they seem to.

Consumes the assignments and the output / status expressions of a :class:`~modelgen.ir.KernelIR`;
produces the same expressions with every sum or product whose value, after substituting the
definitions of the internal assignments it contains, depends on fewer runtime parameters than its
symbols suggest, replaced by that reduced form.  Example (2HDM): v1 = v/sqrt(1 + tan_beta^2),
v2 = tan_beta v/sqrt(1 + tan_beta^2), so

    v1^2 + v2^2                    -> v^2            (no tan_beta)
    g^2 v1^2/4 + g^2 v2^2/4        -> g^2 v^2/4      (M_W = sqrt(...) = g v/2, v > 0)
    v1/v2                          -> 1/tan_beta

Why: the value of the unreduced form changes in its last bit from point to point with tan_beta, so
M_W, M_Z and everything computed from them (the W and Z loops, the Barr-Zee W functions) differ
between points with equal SM inputs, and a per-call memo (templates/model.pyx.j2) never hits.  In
the reduced form they are bit-identical across such points, and cheaper.  The two forms are equal
as functions; their values differ at rounding level (docs/regression.md records the deviations).

Rule (model-independent): visit the sub-expressions bottom-up; for a sum or product containing a
symbol of a well-conditioned assignment (every sum in its definition of positive terms, so that
the reduced form differs by rounding only: v1, v2, v, not g = e/s_W), substitute the definitions of the k latest-defined assignments it contains
(k = 1, 2, ...: as few as needed, one level), bring it to a canonical rational form (``sp.cancel``)
and keep the first form whose set of runtime parameters (through assignments, transitively) is
strictly smaller.  Sums and products around loop-function calls are left as they are.  Deterministic:
the guard is on size (nodes of more than :data:`MAX_NODES` tree nodes, or more than :data:`MAX_OPS`
operations after substitution, are left as they are), not on time, so the generated code does not depend on the machine.
"""
from __future__ import annotations

import sympy as sp

__all__ = ["MAX_NODES", "MAX_OPS", "reduce_expressions"]

#: nodes whose substituted form has more operations than this are not tried (cost guard of cancel)
MAX_OPS = 60
#: nodes with more tree nodes than this (before substitution) are not tried
MAX_NODES = 80


def _well_conditioned(expr):
    """Every sum in ``expr`` has only positive terms (SymPy's assumptions), so ``expr`` has no
    cancellation and a reduced form written through its value differs from the original by rounding
    alone.  v1 = v/sqrt(1 + tan_beta^2) qualifies; g = e/s_W with s_W^2 = 1/2 - sqrt(1/4 - ...) does
    not: near the edge s_W -> 0 a rewrite through it (g^2 + gY^2 = 4 sqrt2 G_F M_Z^2) moves outputs
    by the conditioning (1e-11 measured), not by rounding."""
    return all(all(t.is_positive for t in a.args) for a in sp.preorder_traversal(expr) if isinstance(a, sp.Add))


class _Reducer:
    def __init__(self, assignments):
        self.defs = {a.symbol: sp.sympify(a.expr) for a in assignments}
        # definition order; only well-conditioned definitions are substituted (_well_conditioned)
        self.order = [a.symbol for a in assignments if _well_conditioned(self.defs[a.symbol])]
        self._deps = {}
        self._done = {}
        self._meta = {}

    def deps(self, expr):
        """Names of the runtime parameters ``expr`` depends on (through assignments)."""
        return self._sym_deps(expr.free_symbols)

    def _sym_deps(self, symbols):
        out = set()
        for s in symbols:
            if s in self.defs:
                if s not in self._deps:
                    self._deps[s] = frozenset(self.deps(self.defs[s]))
                out |= self._deps[s]
            else:
                out.add(s.name)
        return out

    def meta(self, expr):
        """(free symbols, blocked: contains a loop call or an array entry, number of tree nodes)."""
        m = self._meta.get(expr)
        if m is None:
            if isinstance(expr, sp.Symbol):
                m = (frozenset((expr,)), False, 1)
            elif isinstance(expr, (sp.Indexed, sp.IndexedBase, sp.core.function.AppliedUndef)):
                m = (frozenset(expr.free_symbols), True, 1)
            else:
                ms = [self.meta(a) for a in expr.args]
                m = (frozenset().union(*(x[0] for x in ms)), any(x[1] for x in ms), 1 + sum(x[2] for x in ms))
            self._meta[expr] = m
        return m

    def node(self, expr):
        if expr in self._done:
            return self._done[expr]
        out = expr
        if expr.args and not isinstance(expr, (sp.Indexed, sp.IndexedBase)):
            args = tuple(self.node(a) for a in expr.args)
            if args != expr.args:
                out = expr.func(*args)
            if isinstance(out, (sp.Add, sp.Mul)):
                out = self.reduce(out)
        self._done[expr] = out
        return out

    def reduce(self, expr):
        free, blocked, size = self.meta(expr)
        if blocked or size > MAX_NODES:
            return expr   # loop-function calls and array entries are not rewritten inside a sum or product
        inner = [s for s in self.order if s in free]
        if not inner:
            return expr
        # a parameter can drop out only where it enters through two or more symbols (v1 and v2; tan_beta
        # and v1): otherwise the node is a function of one carrier of each parameter and keeps them all
        seen, shared = set(), False
        for s in free:
            d = self._sym_deps((s,))
            shared = shared or bool(seen & d)
            seen |= d
        if not shared:
            return expr
        # substitute as few definitions as needed: the k latest-defined ones, k = 1, 2, ... (derived
        # quantities such as v1, v2 are defined after the ones they are written in, such as v, g)
        for k in range(1, len(inner) + 1):
            full = expr.xreplace({s: self.defs[s] for s in inner[-k:]})
            if sp.count_ops(full) > MAX_OPS:
                return expr
            red = sp.cancel(full)
            if self.deps(red) < seen:
                return red
        return expr


def reduce_expressions(exprs, assignments):
    """``exprs`` with their parameter-reducible sums and products in reduced form (module docstring).

    ``assignments``: AssignmentIR-like objects (``symbol``, ``expr``); every other symbol is a runtime
    parameter."""
    r = _Reducer(assignments)
    return [r.node(sp.sympify(e)) for e in exprs]
