"""Neutral and charged gauge-boson sector, derived exactly from a :class:`~modelgen.model.Model`.

Stages (each exact, SymPy):
 1. kinetic term -1/4 F^T K F of the U(1) factors -> canonical fields, hat-A = T A with
    T = (L^T)^-1, K = L L^T (Cholesky; T is upper triangular so hypercharge keeps its direction);
 2. neutral mass matrix in the canonical basis (W3, B, X, ...):
    M^2 = sum_phi v_phi^2 c_phi c_phi^T + sum_a M_a^2 T_a^T T_a, with c = (g T3, g_a q_a) T
    (vev <phi> = v/sqrt2; Stueckelberg term (1/2) M_a^2 hatX_a^2);
 3. photon: the null vector e (1/g, 1/g_Y, 0, ...) mapped by T^-1, coupled to e Q for every
    kinetic mixing (checked symbolically);
 4. massive block in an orthonormal completion (Gram-Schmidt: Z0 = c_W W3 - s_W B, then X);
 5. one extra massive state: the mass parameter (v_X^2 or Stueckelberg M^2) enters the
    2x2 block linearly and is solved from det(M_b - M_Z'^2) = 0; M_Z^2 = tr M_b - M_Z'^2 and
    the eigenvectors are (b, lam - a)-type columns, which do not cancel for M_Z' << M_Z
    (cf. HKOT arXiv:2005.00028 eq. for tan 2theta' in the small-eps limit);
 6. coupling coefficients: with Y = Q - T3, a chiral component couples to boson V with
    g = T3 k_T3 + Q k_Q + sum_a q_a k_a (a: the U(1) factors other than hypercharge), each k
    factored on its own.  For a light Z' this gives k_T3 = eps_k g_Y M_Z'^2/sqrt(1-eps_k^2) x
    (normalisation) in closed form, so the axial couplings (which only see T3) are O(M_Z'^2/M_Z^2)
    without a cancellation between O(eps) terms in double precision.
Output: :class:`GaugeSector` with exact masses, the canonical-basis eigenvectors and the
coefficients k per boson.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..errors import ModelError
from ..model.content import t3_of_component

__all__ = ["GaugeSector", "derive_gauge", "CHARGE_T3", "CHARGE_Q", "PHOTON"]

CHARGE_T3, CHARGE_Q = "T3", "Q"
#: name of the massless neutral eigenstate (exists in every model: Q = T3 + Y)
PHOTON = "A"


@dataclass(frozen=True)
class GaugeSector:
    """Exact gauge-sector results; eigenvectors are columns in the canonical basis ``basis``."""

    basis: tuple
    kinetic_matrix: sp.Matrix
    canonical_map: sp.Matrix
    mass_matrix: sp.Matrix
    eigenvectors: dict     # name -> (B, w, prefactor): column = prefactor * B * w, w polynomial-ish
    masses_squared: dict
    solved: tuple          # ((symbol, expr), ...) internal quantities solved from physical masses
    e: sp.Expr             # the photon coupling, = g g_Y / sqrt(g^2 + g_Y^2)
    M_W2: sp.Expr
    coupling_rows: object  # callable (field, component[, generation]) -> 1 x n canonical coupling row
    charges: object        # callable (field, component[, generation]) -> {"T3": ., "Q": ., U(1) name: .}
    coefficients: dict     # boson -> {charge name: k}: g = sum_c charge_c k_c (stage 6)


def _canonical_map(model):
    u1 = model.abelian_groups
    K = sp.eye(len(u1))
    for (a, b), eps in model.kinetic_mixings.items():
        i, j = u1.index(model.groups[a]), u1.index(model.groups[b])
        K[i, j] = K[j, i] = eps
    T = sp.simplify(K.cholesky(hermitian=False).T.inv())
    return K, T


def derive_gauge(model) -> GaugeSector:
    u1 = model.abelian_groups
    if u1[0].name != model.hypercharge:
        raise ModelError(f"model {model.name!r}: the hypercharge group must be the first U(1) declared")
    weak = model.groups[model.weak]
    K, T = _canonical_map(model)
    n = len(u1) + 1
    Tfull = sp.diag(1, T)
    Kfull = sp.diag(1, K)
    basis = ("W3",) + tuple(g.boson or g.name for g in u1)

    def hat_row(field, comp, generation=None):
        t3 = t3_of_component(model.su2_dim(field), comp)
        return sp.Matrix([[weak.coupling * t3] + [g.coupling * model.charge(field, g.name, generation) for g in u1]])

    def coupling_row(field, comp, generation=None):
        return hat_row(field, comp, generation) * Tfull

    M2 = sp.zeros(n, n)
    for s in model.scalars.values():
        if s.vev is not None:
            c = coupling_row(s, s.vev_component)
            M2 += s.vev**2 * c.T * c
    for gname, mass in model.stueckelberg_masses.items():
        row = Tfull[1 + u1.index(model.groups[gname]), :]
        M2 += mass**2 * row.T * row
    M2 = sp.simplify(M2)

    nhat = sp.Matrix([1 / weak.coupling, 1 / u1[0].coupling] + [0] * (n - 2))
    e = sp.simplify(1 / sp.sqrt((nhat.T * Kfull * nhat)[0]))
    photon = sp.simplify(e * Tfull.inv() * nhat)
    if any(sp.simplify(x) != 0 for x in M2 * photon):
        raise ModelError(f"model {model.name!r}: the photon is massive; a vev carries electric charge")

    ortho = [photon]
    for k in range(n):
        w = sp.eye(n)[:, k]
        for o in ortho:
            w = w - (o.T * w)[0] * o
        w = sp.simplify(w)
        norm2 = sp.simplify((w.T * w)[0])
        if norm2 != 0:
            ortho.append(sp.simplify(w / sp.sqrt(norm2)))
    B = sp.Matrix.hstack(*ortho[1:])
    Mb = sp.simplify(B.T * M2 * B)

    vecs, m2, solved = {PHOTON: (sp.eye(n), photon, sp.Integer(1))}, {PHOTON: sp.Integer(0)}, ()
    z = _physical_name(model, u1[0])
    if Mb.shape == (1, 1):
        vecs[z], m2[z] = (B, sp.Matrix([1]), sp.Integer(1)), Mb[0, 0]
    elif Mb.shape == (2, 2):
        if model.solve_for is None:
            raise ModelError(f"model {model.name!r}: say which mass parameter the physical Z' mass fixes "
                             f"(Model.solve_mass_parameter)")
        sym, phys = model.solve_for
        lam = model.parameters[phys].symbol ** 2
        s2 = sp.Symbol(f"{sym.name}_sq", real=True)
        Mb_s = Mb.subs(sym**2, s2)
        if Mb_s.has(sym):
            raise ModelError(f"{sym} must enter the mass matrix only through {sym}^2")
        char = sp.expand((Mb_s - lam * sp.eye(2)).det())
        if sp.diff(char, s2, 2) != 0 or sp.diff(char, s2) == 0:
            raise ModelError(f"cannot solve {sym} from {phys}: the Z' mass is not fixed linearly by {sym}^2")
        s2_sol = sp.factor(sp.cancel(-char.subs(s2, 0) / sp.diff(char, s2)))
        solved = ((s2, s2_sol), (sym, sp.sqrt(s2)))
        a, b = Mb_s[0, 0], Mb_s[0, 1]
        if a.has(s2) or b.has(s2):
            raise ModelError("the solved mass parameter must only enter the extra U(1) diagonal entry")
        gap = lam - a
        sigma = sp.sign(gap)
        norm = sp.sqrt(b**2 + gap**2)
        zp = _physical_name(model, u1[1])
        # sign(gap) makes the Z' mostly +X and the Z mostly +Z0 on both sides of M_Z' = M_Z0
        vecs[z] = (B, sp.Matrix([gap, -b]), sigma / norm)
        vecs[zp] = (B, sp.Matrix([b, gap]), sigma / norm)
        m2[z] = sp.factor(sp.cancel(Mb_s.trace().subs(s2, s2_sol) - lam))
        m2[zp] = lam
    else:
        raise ModelError(f"model {model.name!r}: {Mb.shape[0]} massive neutral bosons; exact symbolic "
                         f"diagonalisation is implemented for at most one Z'")

    def charges(field, comp, generation=None):
        # generation (0-based) is needed only for a field whose charges depend on it
        t3 = t3_of_component(model.su2_dim(field), comp)
        out = {CHARGE_T3: t3, CHARGE_Q: t3 + model.charge(field, u1[0].name, generation)}
        out.update({g.name: model.charge(field, g.name, generation) for g in u1[1:]})
        return out

    # unit rows in the (T3 at fixed Q, Q, q_a) basis: T3 -> (g, -g_Y, 0..), Q -> (0, g_Y, 0..)
    units = {CHARGE_T3: [weak.coupling, -u1[0].coupling] + [0] * (n - 2),
             CHARGE_Q: [0, u1[0].coupling] + [0] * (n - 2)}
    units.update({g.name: [0, 0] + [g.coupling if h is g else 0 for h in u1[1:]] for g in u1[1:]})
    coefficients = {b: {c: _coefficient(sp.Matrix([row]) * Tfull, vecs[b]) for c, row in units.items()}
                    for b in vecs}
    MW2 = sum((weak.coupling**2 * s.vev**2 / 4 for s in model.scalars.values()
               if s.vev is not None and model.su2_dim(s) == 2), sp.Integer(0))
    return GaugeSector(basis, K, Tfull, M2, vecs, m2, solved, e, MW2, coupling_row, charges, coefficients)


def _physical_name(model, group):
    """The declared name of the massive neutral eigenstate that ``group`` contributes."""
    if not group.physical:
        raise ModelError(f"model {model.name!r}: U(1) group {group.name!r} gives a massive neutral vector; "
                         f"name it with gauge_group(..., physical='<name>') (e.g. 'Z' for hypercharge)")
    return group.physical


def _coefficient(row, vec):
    """row . (prefactor B w), the numerator factored on its own (exact cancellations happen here)."""
    B, w, pref = vec
    block = row * B
    numerator = sp.factor(sp.expand(sum(block[i] * w[i] for i in range(w.shape[0]))))
    return numerator * pref if numerator != 0 else sp.Integer(0)
