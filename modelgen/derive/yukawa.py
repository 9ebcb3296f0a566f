"""Renormalisable mass and Yukawa terms: enumeration from the charges, gauge-invariance check.

Consumes a :class:`~modelgen.model.Model` (fields, scalars, charges); produces the allowed
:class:`TermSpec` list and, for one term, its vev insertions (which components get a mass).

Conventions (``L > -(...) + h.c.`` throughout):
  Dirac:     -Y_ij psi_bar_{L,i} [S] chi_{R,j},  S in {1, S, S*} for every scalar S;
  Majorana:  -(1/2) Y_ij [S] overline(psi_i^c) psi_j  (one field) or
             -Y_ij [S] overline(psi_i^c) chi_j  (two fields of the same chirality).
Every mass term is a product of two left-handed Weyl spinors (a field or the conjugate of a
right-handed one); the two kinds above exhaust the pairs, up to h.c.  ``conj=True`` means the
term contains S* (its charges enter with a minus sign).  SU(2): an invariant needs an even number
of doublets among the two fermions and the scalar (2 x 2 x 2 and a single doublet have no
singlet).  Dirac contractions (psi_bar carries the conjugate index): doublet psi_L, singlet
chi_R: psi_bar_a S_a (conj=False) or psi_bar_a S~_a with S~ = i sigma2 S* (conj=True); singlet
psi_L, doublet chi_R: S*_a chi_a (conj=True, S^dagger chi) or S~*_a chi_a (conj=False); two
doublets: psi_bar_a chi_a with an SU(2)-singlet S.  Majorana contractions (overline(psi^c) =
psi^T C carries no conjugation): doublet f, singlet partner: eps_ab f^a S^b (conj=False) or
f^a S*_a (conj=True); two doublets: eps_ab psi^a chi^b with a singlet S (antisymmetric in
SU(2), so Y_ij of one field with itself is antisymmetric).  eps_01 = +1.  SU(3) (reps 1, 3,
-3): an invariant exists iff the triality (3 -> 1, -3 -> -1, psi_bar and S* counted
conjugated) sums to 0 mod 3.
Symbolic charges: a term is allowed only if every charge sum vanishes *identically*
(``sympy.simplify(sum) == 0``); a sum such as q_L - 1 counts as nonzero, so a model with a
symbolic q_L has only the terms allowed for every value of q_L.
Per-generation (flavour-dependent) U(1) charges: the charge sum is taken entry by entry, Y_ij
with the charges of generation i of the first field and j of the second.  An enumerated term
carries the pattern of its allowed entries (``TermSpec.entries``; e.g. for L_mu - L_tau charges
(0, 1, -1) on l_L and e_R the lepton Yukawa l_L-bar e_R H is allowed on the diagonal only), and a
declared coupling matrix must vanish on every other entry.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import sympy as sp

from ..errors import ModelError
from ..model.content import per_generation

__all__ = ["TermSpec", "allowed_terms", "check_term", "vev_insertions"]


@dataclass(frozen=True)
class TermSpec:
    """One allowed term, without its coupling matrix (see :class:`~modelgen.model.YukawaTerm`)."""

    left: str
    right: str
    scalar: str | None
    conj: bool
    majorana: bool = False
    entries: tuple | None = None  # allowed generation entries (i, j) if charges depend on them; None: all

    def text(self) -> str:
        s = "" if self.scalar is None else (" " + self.scalar + ("*" if self.conj else ""))
        if self.majorana:
            return f"({self.left}^c)bar {self.right}{s}"
        return f"{self.left}bar {self.right}{s}"


def _charge_sums(model, term: TermSpec, i=None, j=None):
    """{U(1) name: charge sum} of generation entry (i, j) of the term (psi_bar contributes -q for
    Dirac, +q for Majorana); i or j None for a field whose charges do not depend on the generation."""
    a, b = model.fermions[term.left], model.fermions[term.right]
    out = {}
    for g in model.abelian_groups:
        qa, qb = model.charge(a, g.name, i), model.charge(b, g.name, j)
        total = (qa + qb) if term.majorana else (-qa + qb)
        if term.scalar is not None:
            qs = model.charge(model.scalars[term.scalar], g.name)
            total += -qs if term.conj else qs
        out[g.name] = sp.simplify(sp.expand(total))
    return out


def _generations(model, name):
    """Generation indices to check one by one: all for per-generation charges, else (None,)."""
    f = model.fermions[name]
    return tuple(range(f.generations)) if per_generation(f.reps) else (None,)


def _forbidden(model, spec):
    """{(i, j): (group, nonzero charge sum)} over the generation entries (see ``_charge_sums``)."""
    out = {}
    for i in _generations(model, spec.left):
        for j in _generations(model, spec.right):
            bad = [(g, t) for g, t in _charge_sums(model, spec, i, j).items() if t != 0]
            if bad:
                out[(i, j)] = bad[0]
    return out


def _grid(model, spec, key=(None, None)):
    """The entries (i, j) a key of ``_forbidden`` stands for (None: every generation)."""
    i, j = key
    rows = range(model.fermions[spec.left].generations) if i is None else (i,)
    cols = range(model.fermions[spec.right].generations) if j is None else (j,)
    return [(a, b) for a in rows for b in cols]


def _used_entries(model, term):
    """Entries a term occupies: the nonzero ones of its matrix, else its pattern, else all."""
    matrix = getattr(term, "matrix", None)
    if matrix is not None:
        return {(i, j) for i in range(matrix.shape[0]) for j in range(matrix.shape[1]) if matrix[i, j] != 0}
    entries = getattr(term, "entries", None)
    return set(entries) if entries is not None else set(_grid(model, term))


def _triality(dim) -> int:
    return {1: 0, 3: 1, -3: -1}[int(dim)]


def _nonabelian_problem(model, term: TermSpec):
    """None if SU(3) x SU(2) allow the term, else the reason (naming the group)."""
    a, b = model.fermions[term.left], model.fermions[term.right]
    s = model.scalars[term.scalar] if term.scalar is not None else None
    for g in model.groups.values():
        if g.abelian:
            continue
        da, db = int(a.reps.get(g.name, 1)), int(b.reps.get(g.name, 1))
        ds = int(s.reps.get(g.name, 1)) if s is not None else 1
        if g.n == 3:
            sign_a = 1 if term.majorana else -1          # psi_bar carries the conjugate rep
            sign_s = -1 if term.conj else 1
            if (sign_a * _triality(da) + _triality(db) + sign_s * _triality(ds)) % 3:
                return f"{g.name}: {term.left} ({da}), {term.right} ({db}) and " \
                       f"{term.scalar or 'no scalar'} ({ds}) do not form a colour singlet"
            continue
        doublets = (da == 2) + (db == 2)
        if doublets == 2 and ds != 1:
            return f"{g.name}: {term.left} x {term.right} needs an SU(2)-singlet scalar, {term.scalar} is a doublet"
        if doublets == 1 and ds != 2:
            return f"{g.name}: a doublet x singlet bilinear needs a doublet scalar, got " \
                   f"{'no scalar' if s is None else term.scalar}"
        if doublets == 0 and ds != 1:
            return f"{g.name}: two singlets need an SU(2)-singlet scalar, {term.scalar} is a doublet"
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
    used = _used_entries(model, term)
    for key, (g, total) in _forbidden(model, spec).items():
        hit = sorted(set(_grid(model, spec, key)) & used)
        if not hit:
            continue
        where = "" if key == (None, None) else f" in generation entry ({hit[0][0] + 1}, {hit[0][1] + 1})"
        raise ModelError(f"term {getattr(term, 'name', spec.text())!r} ({spec.text()}) is not gauge "
                         f"invariant under {g}{where}: its charges sum to {total}, not 0"
                         + ("" if key == (None, None) else "; that coupling-matrix entry must be 0"))


def _allowed(model, spec):
    """``spec`` with its allowed generation entries, or None if SU(3) x SU(2) or the charges forbid
    every entry."""
    if _nonabelian_problem(model, spec):
        return None
    forbidden = _forbidden(model, spec)
    if not forbidden:
        return spec
    bad = {e for key in forbidden for e in _grid(model, spec, key)}
    ok = tuple(e for e in _grid(model, spec) if e not in bad)
    return replace(spec, entries=ok) if ok else None


def allowed_terms(model, fields=None) -> tuple:
    """Every renormalisable gauge-invariant Dirac and Majorana term (sorted, deterministic).

    ``fields`` restricts to terms between the given fermions (e.g. the leptons).  For a pair of
    fields each scalar insertion in {none, S, S*} is tried; Majorana terms pair fields of the
    same chirality (i <= j in declaration order).  With per-generation charges a term is kept if
    some generation entry is allowed, and ``entries`` lists those entries.
    """
    names = [f for f in model.fermions if fields is None or f in fields]
    insertions = [(None, False)] + [(s, c) for s in model.scalars for c in (False, True)]
    out = []
    for a in names:
        for b in names:
            fa, fb = model.fermions[a], model.fermions[b]
            if (fa.chirality, fb.chirality) == ("L", "R"):
                out += [_allowed(model, TermSpec(a, b, s, c)) for s, c in insertions]
            if fa.chirality == fb.chirality and names.index(a) <= names.index(b):
                out += [_allowed(model, TermSpec(a, b, s, c, True)) for s, c in insertions]
    out = [t for t in out if t is not None]
    # S and S* are the same insertion for a scalar with no U(1) charge (and no SU(2)): keep S
    return tuple(t for t in out if not (t.conj and _neutral(model, t.scalar)))


def _neutral(model, scalar):
    s = model.scalars[scalar]
    return model.su2_dim(s) == 1 and all(sp.simplify(model.charge(s, g.name)) == 0 for g in model.abelian_groups)


def vev_insertions(model, term):
    """[(component of left, component of right, factor)]: the term's mass is matrix * factor.

    Factor is 1 for a bare mass and <S^0> = v/sqrt2 (with the sign of the contraction) with a
    scalar.  Dirac: an SU(2) doublet with vev in component c has <S~> = (v/sqrt2) e_0 if c = 1
    and -(v/sqrt2) e_1 if c = 0.  Majorana: eps_ab f^a <S^b> puts the mass on component 1 - c of
    the doublet f with sign eps_{1-c, c}; f^a <S*_a> on component c; eps_ab psi^a chi^b gives
    (0, 1, +) and (1, 0, -).  Empty if the scalar has no vev.
    """
    a, b = model.fermions[term.left], model.fermions[term.right]
    da, db = model.su2_dim(a), model.su2_dim(b)
    s = model.scalars[term.scalar] if term.scalar is not None else None
    if s is not None and s.vev is None:
        return []
    val = sp.Integer(1) if s is None else s.vev / sp.sqrt(2)
    if s is None or model.su2_dim(s) == 1:
        if da == db == 2 and term.majorana:       # eps_ab psi^a chi^b
            return [(0, 1, val), (1, 0, -val)]
        return [(c, c, val) for c in range(da)] if da == db else []
    plain = (s.vev_component, val)
    tilde = (0, val) if s.vev_component == 1 else (1, -val)
    if term.majorana:                             # eps_ab f^a S^b  or  f^a S*_a
        comp, fac = plain if term.conj else tilde
        return [(comp, 0, fac)] if da == 2 else [(0, comp, fac)]
    if da == 2:                                   # psi_bar_a S_a  or  psi_bar_a S~_a
        comp, fac = tilde if term.conj else plain
        return [(comp, 0, fac)]
    comp, fac = plain if term.conj else tilde     # S^dagger chi  or  S~^dagger chi (real vev)
    return [(0, comp, fac)]
