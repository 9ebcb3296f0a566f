"""Lepton mass matrices and gauge-basis coupling matrices, from the model's declared terms.

Consumes a :class:`~modelgen.model.Model` with ``Model.yukawa`` terms and its
:class:`~modelgen.derive.gauge.GaugeSector`; produces a :class:`FermionSector` (frozen, SymPy):

* charged Dirac matrix M, ``L > -psi_bar_L M psi_R + h.c.``, rows = left-handed components with
  Q = -1 (e_L, L_L^-, E_L), columns = right-handed ones (e_R, L_R^-, E_R), generation inside each
  block (declaration order of the fields);
* neutral Majorana matrix in the left-handed basis n = (nu_L, nu_R^c, L_L^0, (L_R^0)^c),
  ``L > -(1/2) overline(n^c) M_n n + h.c.``, symmetric: a Dirac term -psi_bar_L m chi_R fills
  M_n[psi, chi^c] = M_n[chi^c, psi]^T = m, a Majorana term -(1/2) Y<S> overline(chi^c) chi
  fills M_n[chi^c, chi^c] = Y<S> and one between two different fields, -Y<S> overline(psi^c) chi
  = -(1/2)(Y<S> overline(psi^c) chi + Y^T<S> overline(chi^c) psi), fills M_n[psi', chi'] =
  M_n[chi', psi']^T = Y<S> (psi' = psi, or psi^c for a right-handed field; e.g. the doublet term
  (nu_R^c)-bar L_R H puts Y v/sqrt2 in the (nu_R^c, (L_R^0)^c) block and its transpose); complex
  couplings (CP phases) of a Dirac term or of a Majorana term of right-handed fields enter
  conjugated (the h.c. part of the term is the one written in the left-handed basis), those of
  left-handed fields as they are; a Majorana mass of a charged component is a ModelError;
* gauge-basis couplings, diagonal, from :func:`~modelgen.derive.couplings.chiral_coupling`:
  ``L > psi_bar gamma^mu (G_L P_L + G_R P_R) psi V_mu`` for V = A, Z, Zp; in the neutral LH basis
  a conjugate chi_R^c carries -g_R(chi) (``L > n_bar gamma^mu G P_L n V_mu``);
* W: ``L > (g/sqrt2) W^+_mu psi_bar_up gamma^mu psi_down + h.c.`` for every chiral doublet, stored
  as W_L[n(psi_up), e_L(psi_down)] = g/sqrt2 for left-handed doublets and
  W_R[n((psi_up)^c), e_R(psi_down)] = g/sqrt2 for right-handed ones; in the mass basis
  ``L > W^+ chi_bar gamma^mu (g_L P_L + g_R P_R) e + h.c.`` with g_L = U_n^dagger W_L U_L and
  g_R = U_n^T W_R U_R (see :mod:`modelgen.testing.numeric`);
* scalar couplings: with S^0 = (v_S + phi_S)/sqrt2, ``L > -psi_bar_L (dM/dv_S) psi_R phi_S + h.c.``
  and ``-(1/2) overline(n^c) (dM_n/dv_S) n phi_S + h.c.``, keyed by the scalar's name (H -> h,
  h_X -> h_X); h-h_X scalar mixing is not included.
Basis entries are ``(field, SU(2) component, generation)``; neutral ones add a 4th entry, True
for a conjugated right-handed field.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..errors import ModelError
from .couplings import chiral_coupling
from .latex import latex_expr, tex_name
from .yukawa import vev_insertions

__all__ = ["DiracSector", "MajoranaSector", "FermionSector", "derive_fermions"]

def _label(model, field, comp, conj=False):
    f = model.fermions[field]
    if f.latex:
        s = f.latex[comp]
    else:
        s = field
        if model.su2_dim(f) == 2:
            q = model.electric_charge(f, comp)
            s = f"{field}^{{{'0' if q == 0 else ('-' if q == -1 else sp.latex(q))}}}"
    return f"({s})^c" if conj else s


@dataclass(frozen=True)
class DiracSector:
    """Dirac mass matrix and gauge-basis couplings of one charge sector."""

    left: tuple                 # ((field, comp, gen), ...)
    right: tuple
    mass: sp.ImmutableMatrix    # L > -psi_bar_L M psi_R + h.c.
    gauge_left: dict            # boson -> tuple of the diagonal G_L
    gauge_right: dict
    scalar: dict                # scalar name -> dM/dv_S
    blocks: dict                # (row block, col block) -> ((term name, factor), ...)
    block_labels: tuple         # (row labels, col labels), one per block

    def latex(self) -> str:
        return _block_latex(self.blocks, *self.block_labels)


@dataclass(frozen=True)
class MajoranaSector:
    """Symmetric Majorana mass matrix in the left-handed basis and its gauge-basis couplings."""

    basis: tuple                # ((field, comp, gen, conj), ...)
    mass: sp.ImmutableMatrix    # L > -(1/2) overline(n^c) M n + h.c.
    gauge: dict                 # boson -> tuple of the diagonal G (L > n_bar gamma G P_L n V)
    scalar: dict                # scalar name -> dM/dv_S
    blocks: dict
    block_labels: tuple

    def latex(self) -> str:
        return _block_latex(self.blocks, self.block_labels, self.block_labels)


@dataclass(frozen=True)
class FermionSector:
    charged: DiracSector
    neutral: MajoranaSector
    w_left: sp.ImmutableMatrix   # (neutral x charged-left), entries g/sqrt2
    w_right: sp.ImmutableMatrix  # (neutral x charged-right)
    vevs: dict                   # scalar name -> vev symbol
    solve: tuple                 # (symbols solved, mass parameter names, branch parameter names) or ()

    def latex(self) -> str:
        return ("\\begin{gather*}\n\\mathcal{L} \\supset -\\bar\\psi_L M_e \\psi_R - \\tfrac12 "
                "\\overline{n^c} M_n n + \\text{h.c.}\\\\\n"
                f"M_e = {self.charged.latex()}\\\\\nM_n = {self.neutral.latex()}\n\\end{{gather*}}")


def _block_latex(blocks, rows, cols):
    def cell(terms):
        if not terms:
            return "0"
        return " + ".join(f"{latex_expr(f)}\\, {tex_name(name)}" if f != 1 else tex_name(name)
                          for name, f in terms)
    body = " \\\\\n".join(" & ".join(cell(blocks.get((r, c), ())) for c in cols) for r in rows)
    head = " & ".join(cols)
    return (f"\\begin{{array}}{{c|{'c' * len(cols)}}} & {head} \\\\ \\hline\n"
            + " \\\\\n".join(f"{r} & " + line for r, line in zip(rows, body.split(" \\\\\n"))) + "\n\\end{array}")


def _components(model, chirality, charge):
    out = []
    for f in model.fermions.values():
        if any(int(f.reps.get(g.name, 1)) != 1 for g in model.groups.values() if g.kind == "SU" and g.n == 3):
            continue
        for c in range(model.su2_dim(f)):
            if f.chirality == chirality and sp.simplify(model.electric_charge(f, c) - charge) == 0:
                out += [(f.name, c, i) for i in range(f.generations)]
    return tuple(out)


def derive_fermions(model, gauge=None) -> FermionSector:
    """Assemble the charged and neutral lepton sectors from ``model.yukawas``."""
    from .gauge import derive_gauge
    gauge = gauge or derive_gauge(model)
    terms = getattr(model, "yukawas", {})
    if not terms:
        raise ModelError(f"model {model.name!r} declares no mass/Yukawa terms (Model.yukawa)")
    cl, cr = _components(model, "L", -1), _components(model, "R", -1)
    nb = tuple(sorted([b + (False,) for b in _components(model, "L", 0)] +
                      [b + (True,) for b in _components(model, "R", 0)],
                      key=lambda b: (list(model.fermions).index(b[0]), b[1], b[2])))
    M, Mn = sp.zeros(len(cl), len(cr)), sp.zeros(len(nb), len(nb))
    cblocks, nblocks = {}, {}
    for t in terms.values():
        for ca, cb, fac in vev_insertions(model, t):
            A = t.matrix * fac
            for i in range(A.shape[0]):
                for j in range(A.shape[1]):
                    if t.majorana:
                        a, b = (t.left, ca, i, model.fermions[t.left].chirality == "R"), \
                               (t.right, cb, j, model.fermions[t.right].chirality == "R")
                        if a not in nb or b not in nb:
                            raise ModelError(f"Majorana term {t.name!r} gives a mass to the non-neutral "
                                             f"components {t.left}[{ca}] and {t.right}[{cb}]; only neutral "
                                             f"Majorana masses are supported")
                        # -Y overline(psi^c) chi = -(1/2)(Y psi chi + Y^T chi psi): once in each position;
                        # a term of right-handed fields enters the left-handed basis conjugated
                        y = sp.conjugate(A[i, j]) if a[3] else A[i, j]
                        Mn[nb.index(a), nb.index(b)] += y
                        if t.left != t.right:
                            Mn[nb.index(b), nb.index(a)] += y
                    elif (t.left, ca, i) in cl and (t.right, cb, j) in cr:
                        M[cl.index((t.left, ca, i)), cr.index((t.right, cb, j))] += A[i, j]
                    elif (t.left, ca, i, False) in nb and (t.right, cb, j, True) in nb:
                        # -psi_bar_L m chi_R + h.c. = -(1/2) overline(n^c) M n + h.c. with M[psi, chi^c] = m^*
                        a, b = nb.index((t.left, ca, i, False)), nb.index((t.right, cb, j, True))
                        Mn[a, b] += sp.conjugate(A[i, j])
                        Mn[b, a] += sp.conjugate(A[i, j])
            R = {f: model.fermions[f].chirality == "R" for f in (t.left, t.right)}
            if model.electric_charge(model.fermions[t.left], ca) != 0:
                key = (_label(model, t.left, ca), _label(model, t.right, cb))
                cblocks[key] = cblocks.get(key, ()) + ((t.name, fac),)
                continue
            key = (_label(model, t.left, ca, t.majorana and R[t.left]), _label(model, t.right, cb, R[t.right]))
            nblocks[key] = nblocks.get(key, ()) + ((t.name, fac),)
            if key[0] != key[1]:
                nblocks[key[::-1]] = nblocks.get(key[::-1], ()) + ((t.name + "^T", fac),)
    vevs = {s.name: s.vev for s in model.scalars.values() if s.vev is not None}
    n_labels = tuple(dict.fromkeys(_label(model, f, c, conj) for f, c, _, conj in nb))

    def coup(field, comp, gen, boson):
        return chiral_coupling(gauge, gauge.charges(model.fermions[field], comp, gen), boson)
    cache = {}

    def g(field, comp, gen, boson):
        if (field, comp, gen, boson) not in cache:
            cache[(field, comp, gen, boson)] = coup(field, comp, gen, boson)
        return cache[(field, comp, gen, boson)]
    bosons = tuple(gauge.eigenvectors)
    charged = DiracSector(
        cl, cr, sp.ImmutableMatrix(M),
        {b: tuple(g(f, c, i, b) for f, c, i in cl) for b in bosons},
        {b: tuple(g(f, c, i, b) for f, c, i in cr) for b in bosons},
        {s: sp.ImmutableMatrix(M.diff(v)) for s, v in vevs.items()},
        cblocks, (tuple(dict.fromkeys(_label(model, f, c) for f, c, _ in cl)),
                  tuple(dict.fromkeys(_label(model, f, c) for f, c, _ in cr))))
    neutral = MajoranaSector(
        nb, sp.ImmutableMatrix(Mn),
        {b: tuple(-g(f, c, i, b) if conj else g(f, c, i, b) for f, c, i, conj in nb) for b in bosons},
        {s: sp.ImmutableMatrix(Mn.diff(v)) for s, v in vevs.items()}, nblocks, n_labels)
    gw = model.groups[model.weak].coupling / sp.sqrt(2)
    WL, WR = sp.zeros(len(nb), len(cl)), sp.zeros(len(nb), len(cr))
    for k, (f, c, i, conj) in enumerate(nb):
        if model.su2_dim(model.fermions[f]) == 2 and c == 0:
            target = (cr if conj else cl)
            (WR if conj else WL)[k, target.index((f, 1, i))] = gw
    solve = ()
    if hasattr(model, "yukawa_targets"):
        name, masses, branches = model.yukawa_targets
        solve = (tuple(terms[name].matrix[i, i] for i in range(terms[name].matrix.shape[0])), masses, branches)
    return FermionSector(charged, neutral, sp.ImmutableMatrix(WL), sp.ImmutableMatrix(WR), vevs, solve)
