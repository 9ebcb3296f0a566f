"""Renormalisable mass and Yukawa terms: enumeration from the charges, gauge-invariance check.

Consumes a :class:`~modelgen.model.Model` (fields, scalars, charges); produces the allowed
:class:`TermSpec` list and, for one term, its vev insertions (which components get a mass).

Conventions (``L > -(...) + h.c.`` throughout):
  Dirac:     -Y_ij psi_bar_{L,i} [S] chi_{R,j},  S in {1, S, S*} for every scalar S;
  Majorana:  -(1/2) Y_ij [S] overline(psi_i^c) psi_j  (one field, Y symmetric) or
             -Y_ij [S] overline(psi_i^c) chi_j  (two fields of the same chirality).
``conj=True`` means the term contains S* (its charges enter with a minus sign).  SU(2)
contractions are then fixed: doublet psi_L, singlet chi_R: psi_bar_a S_a (conj=False) or
psi_bar_a S~_a with S~ = i sigma2 S* (conj=True); singlet psi_L, doublet chi_R: S*_a chi_a
(conj=True, i.e. S^dagger chi) or S~*_a chi_a (conj=False, S~^dagger chi); two doublets need
an SU(2)-singlet S (psi_bar_a chi_a); two singlets a singlet S.  SU(3): 3bar x 3 with a colour
singlet scalar, or two colour singlets.  Majorana terms are enumerated for SU(2) x SU(3)
singlets only (two doublets of one chirality would need a triplet or Y-neutral doublets).

Symbolic charges: a term is allowed only if every charge sum vanishes *identically*
(``sympy.simplify(sum) == 0``); a sum such as q_L - 1 counts as nonzero, so a model with a
symbolic q_L has only the terms allowed for every value of q_L.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..errors import ModelError

__all__ = ["TermSpec", "allowed_terms", "check_term", "vev_insertions"]


@dataclass(frozen=True)
class TermSpec:
    """One allowed term, without its coupling matrix (see :class:`~modelgen.model.YukawaTerm`)."""

    left: str
    right: str
    scalar: str | None
    conj: bool
    majorana: bool = False

    def text(self) -> str:
        s = "" if self.scalar is None else (" " + self.scalar + ("*" if self.conj else ""))
        if self.majorana:
            return f"({self.left}^c)bar {self.right}{s}"
        return f"{self.left}bar {self.right}{s}"


def _charge_sums(model, term: TermSpec):
    """{U(1) name: charge sum} of the term (psi_bar contributes -q for Dirac, +q for Majorana)."""
    a, b = model.fermions[term.left], model.fermions[term.right]
    out = {}
    for g in model.abelian_groups:
        qa, qb = model.charge(a, g.name), model.charge(b, g.name)
        total = (qa + qb) if term.majorana else (-qa + qb)
        if term.scalar is not None:
            qs = model.charge(model.scalars[term.scalar], g.name)
            total += -qs if term.conj else qs
        out[g.name] = sp.simplify(sp.expand(total))
    return out


def _nonabelian_problem(model, term: TermSpec):
    """None if SU(3) x SU(2) allow the term, else the reason (naming the group)."""
    a, b = model.fermions[term.left], model.fermions[term.right]
    s = model.scalars[term.scalar] if term.scalar is not None else None
    for g in model.groups.values():
        if g.abelian:
            continue
        da, db = int(a.reps.get(g.name, 1)), int(b.reps.get(g.name, 1))
        ds = int(s.reps.get(g.name, 1)) if s is not None else 1
        if term.majorana:
            if da != 1 or db != 1 or ds != 1:
                return f"{g.name}: Majorana terms are supported for {g.name} singlets only"
        elif g.n == 3:
            if ds != 1:
                return f"{g.name}: the scalar {term.scalar} is not a colour singlet"
            if da != db:
                return f"{g.name}: {term.left} ({da}) and {term.right} ({db}) do not form a singlet"
        else:
            if (da == 2) == (db == 2):
                if ds != 1:
                    return f"{g.name}: {term.left} x {term.right} needs an SU(2)-singlet scalar, " \
                           f"{term.scalar} is a doublet"
            elif ds != 2:
                return f"{g.name}: a doublet x singlet bilinear needs a doublet scalar, got " \
                       f"{'no scalar' if s is None else term.scalar}"
    return None


def check_term(model, term) -> None:
    """Raise ModelError naming the group (and the nonzero charge sum) that forbids ``term``."""
    spec = TermSpec(term.left, term.right, term.scalar, term.conj, term.majorana)
    fa, fb = model.fermions[spec.left], model.fermions[spec.right]
    want = (fa.chirality == fb.chirality) if spec.majorana else (fa.chirality, fb.chirality) == ("L", "R")
    if not want:
        raise ModelError(f"term {getattr(term, 'name', spec.text())!r}: "
                         + ("a Majorana term needs two fields of the same chirality" if spec.majorana
                            else f"a Dirac term needs a left-handed then a right-handed field, got "
                                 f"{fa.chirality}, {fb.chirality}"))
    reason = _nonabelian_problem(model, spec)
    if reason:
        raise ModelError(f"term {getattr(term, 'name', spec.text())!r} ({spec.text()}) is not gauge invariant "
                         f"under {reason}")
    for g, total in _charge_sums(model, spec).items():
        if total != 0:
            raise ModelError(f"term {getattr(term, 'name', spec.text())!r} ({spec.text()}) is not gauge "
                             f"invariant under {g}: its charges sum to {total}, not 0")


def _allowed(model, spec):
    try:
        check_term(model, spec)
    except ModelError:
        return False
    return True


def allowed_terms(model, fields=None) -> tuple:
    """Every renormalisable gauge-invariant Dirac and Majorana term (sorted, deterministic).

    ``fields`` restricts to terms between the given fermions (e.g. the leptons).  For a pair of
    fields each scalar insertion in {none, S, S*} is tried; Majorana terms pair fields of the
    same chirality (i <= j in declaration order).
    """
    names = [f for f in model.fermions if fields is None or f in fields]
    insertions = [(None, False)] + [(s, c) for s in model.scalars for c in (False, True)]
    out = []
    for a in names:
        for b in names:
            fa, fb = model.fermions[a], model.fermions[b]
            if (fa.chirality, fb.chirality) == ("L", "R"):
                out += [TermSpec(a, b, s, c) for s, c in insertions if _allowed(model, TermSpec(a, b, s, c))]
            if fa.chirality == fb.chirality and names.index(a) <= names.index(b):
                out += [TermSpec(a, b, s, c, True) for s, c in insertions
                        if _allowed(model, TermSpec(a, b, s, c, True))]
    # S and S* are the same insertion for a scalar with no U(1) charge (and no SU(2)): keep S
    return tuple(t for t in out if not (t.conj and _neutral(model, t.scalar)))


def _neutral(model, scalar):
    s = model.scalars[scalar]
    return model.su2_dim(s) == 1 and all(sp.simplify(model.charge(s, g.name)) == 0 for g in model.abelian_groups)


def vev_insertions(model, term):
    """[(component of left, component of right, factor)]: the term's mass is matrix * factor.

    Factor is 1 for a bare mass and <S^0> = v/sqrt2 (with the sign of S~ = i sigma2 S*) with a
    scalar; an SU(2) doublet with vev in component c has <S~> = (v/sqrt2) e_0 if c = 1 and
    -(v/sqrt2) e_1 if c = 0.  Empty if the scalar has no vev.
    """
    a, b = model.fermions[term.left], model.fermions[term.right]
    da, db = model.su2_dim(a), model.su2_dim(b)
    if term.scalar is None:
        return [(c, c, sp.Integer(1)) for c in range(da)]
    s = model.scalars[term.scalar]
    if s.vev is None:
        return []
    val = s.vev / sp.sqrt(2)
    if model.su2_dim(s) == 1:
        return [(c, c, val) for c in range(da)] if da == db else []
    plain = (s.vev_component, val)
    tilde = (0, val) if s.vev_component == 1 else (1, -val)
    if da == 2:                                   # psi_bar_a S_a  or  psi_bar_a S~_a
        comp, fac = tilde if term.conj else plain
        return [(comp, 0, fac)]
    comp, fac = plain if term.conj else tilde     # S^dagger chi  or  S~^dagger chi (real vev)
    return [(0, comp, fac)]
