"""allowed_terms is complete: compared with a brute-force enumeration written independently here.

Reference (not using modelgen.derive.yukawa): a renormalisable mass/Yukawa term is a Lorentz
scalar made of two fermion fields and at most one scalar.  Loop over ordered pairs of Weyl
fields, each either plain or barred (conjugated), and over {no scalar, S, S*} for every scalar:
 * Lorentz: psi_bar chi is a scalar iff the chiralities differ; psi^T C chi (both plain) or its
   conjugate (both barred) iff they are equal;
 * U(1): the charges sum to zero identically (barred fields and S* count with a minus sign);
 * SU(2) (reps 1, 2): an invariant needs 0 or 2 doublets among the three (2 x 2 x 2 and a lone
   doublet have none);
 * SU(3): the multiset of (conjugated) reps is one with a singlet: {1,1,1}, {1,3,3b}, {3,3,3},
   {3b,3b,3b} (3 x 3 x 3 through epsilon_abc).
A term and its Hermitian conjugate (every flag flipped) are one term; for a scalar with no U(1)
charge and no SU(2) index S* counts as S (the enumerator's documented choice).  A TermSpec maps to
the same form: Dirac psi_bar_L [S] chi_R = (left barred, right plain), Majorana overline(psi^c)
[S] chi = (both plain).
"""
import itertools

import numpy as np
import pytest
import sympy as sp

import modelgen as mg
from modelgen.derive.yukawa import allowed_terms
from modelgen.models import bl_vll
from modelgen.models.bl_vll import LEPTON_FIELDS

COLOUR_SINGLETS = {(1, 1, 1), (-3, 1, 3), (3, 3, 3), (-3, -3, -3)}


def _key(ops, neutral):
    """Canonical form of a term given as [(kind, name, flag)]; h.c. flips every flag."""
    ops = [(k, n, False) if k == "s" and n in neutral else (k, n, f) for k, n, f in ops]
    hc = [(k, n, False if k == "s" and n in neutral else not f) for k, n, f in ops]
    return min(tuple(sorted(ops)), tuple(sorted(hc)))


def _neutral_scalars(m):
    return {s.name for s in m.scalars.values() if int(s.reps.get(m.weak, 1)) == 1
            and all(sp.expand(s.reps.get(g.name, 0)) == 0 for g in m.groups.values() if g.kind == "U1")}


def brute_force(m, fields):
    u1 = [g.name for g in m.groups.values() if g.kind == "U1"]
    su3 = [g.name for g in m.groups.values() if g.kind == "SU" and g.n == 3]
    su2 = [g.name for g in m.groups.values() if g.kind == "SU" and g.n == 2]
    scalars = [None] + [(s, c) for s in m.scalars for c in (False, True)]
    neutral = _neutral_scalars(m)
    found = set()
    for a, b in itertools.product(fields, repeat=2):
        fa, fb = m.fermions[a], m.fermions[b]
        for bar_a, bar_b in itertools.product((False, True), repeat=2):
            if (bar_a != bar_b) != (fa.chirality != fb.chirality):
                continue                                     # not a Lorentz scalar
            for sc in scalars:
                parts = [(fa.reps, bar_a), (fb.reps, bar_b)]
                if sc is not None:
                    parts.append((m.scalars[sc[0]].reps, sc[1]))
                if any(sp.expand(sum((-1 if c else 1) * sp.sympify(r.get(g, 0)) for r, c in parts)) != 0
                       for g in u1):
                    continue
                if any(sum(int(r.get(g, 1)) == 2 for r, _ in parts) not in (0, 2) for g in su2):
                    continue
                if any(tuple(sorted([(-1 if c else 1) * int(r.get(g, 1)) if abs(int(r.get(g, 1))) == 3
                                     else 1 for r, c in parts] + [1] * (3 - len(parts))))
                       not in COLOUR_SINGLETS for g in su3):
                    continue
                ops = [("f", a, bar_a), ("f", b, bar_b)] + ([("s", sc[0], sc[1])] if sc else [])
                found.add(_key(ops, neutral))
    return found


def enumerated(m, fields):
    neutral = _neutral_scalars(m)
    keys = []
    for t in allowed_terms(m, fields):
        ops = [("f", t.left, not t.majorana), ("f", t.right, False)]
        ops += [("s", t.scalar, t.conj)] if t.scalar else []
        keys.append(_key(ops, neutral))
    assert len(keys) == len(set(keys)), "a term is enumerated twice"
    return set(keys)


Q = sp.Symbol("q_L")
CHARGES = [(1, 1), (-1, -1), (-3, -3), (0, 0), (sp.Rational(1, 3), sp.Rational(1, 3)), (1, -1), (-1, 1),
           (-3, 1), (1, 0), (Q, Q), ("q_L", "q_E")]


@pytest.mark.parametrize("q_L,q_E", CHARGES, ids=str)
def test_enumeration_equals_brute_force(q_L, q_E):
    m = bl_vll.build(q_L, q_E)
    assert enumerated(m, LEPTON_FIELDS) == brute_force(m, LEPTON_FIELDS)


@pytest.mark.parametrize("build", [lambda: bl_vll.build_doublet(1), lambda: bl_vll.build_singlet(-1),
                                   lambda: mg.load_model("bl"), lambda: mg.load_model("sm")])
def test_enumeration_over_all_fields_with_quarks(build):
    m = build()
    fields = list(m.fermions)
    assert enumerated(m, fields) == brute_force(m, fields)


def test_hkot_charges_allow_the_doublet_majorana_term():
    """q_L = +1: (L_R^c)-bar nu_R H has Y = -1/2 + 0 + 1/2 and B-L = 1 - 1 + 0; it is declared."""
    m = bl_vll.build(1, 1)
    key = _key([("f", "L_R", False), ("f", "nu_R", False), ("s", "H", False)], set())
    assert key in brute_force(m, LEPTON_FIELDS)
    t = m.yukawas["c_nu_R_L_R_H"]
    assert (t.left, t.right, t.scalar, t.conj, t.majorana) == ("nu_R", "L_R", "H", False, True)
    assert all(m.parameters[str(x)].default == 0 for x in t.matrix)
    assert "c_nu_R_L_R_H" not in bl_vll.build(-1, -1).yukawas


def test_doublet_majorana_term_in_the_neutral_matrix(derivations):
    """L > -c_ij eps_ab overline(nu_R,i^c) L_R,j^a H^b + h.c. with <H> = (0, v/sqrt2): the mass term
    -c_ij (v/sqrt2) overline(nu_R,i^c) L_R,j^0 + h.c.  In L > -(1/2) n^T C M n + h.c. with the
    left-handed basis n = (nu_L 1-3, nu_R^c 1-3, L_L^0 1-3, (L_R^0)^c 1-3) this is
    M[3+i, 9+j] = M[9+j, 3+i] = c_ij v/sqrt2 (once in each symmetric position), nothing else."""
    d = derivations("bl_vll")
    nb = d.fermions.neutral.basis
    want = [("l_L", 0, i, False) for i in range(3)] + [("nu_R", 0, i, True) for i in range(3)] + \
           [("L_L", 0, i, False) for i in range(3)] + [("L_R", 0, i, True) for i in range(3)]
    assert list(nb) == want
    M = d.fermions.neutral.mass
    v = d.model.scalars["H"].vev
    for i, j in itertools.product(range(3), repeat=2):
        c = d.model.parameters[f"c_nu_R_L_R_H{i + 1}{j + 1}"].symbol
        ref = sp.zeros(12, 12)
        ref[3 + i, 9 + j] = ref[9 + j, 3 + i] = v / sp.sqrt(2)
        assert M.diff(c) == ref
    assert not d.fermions.charged.mass.has(c)


def test_doublet_majorana_term_moves_the_heavy_neutral_masses():
    """Generation 1 with only M_L1 and c = c_nu_R_L_R_H11 (lam_L = lam_E = y_M11 = 0; the default
    y_nu = 3e-8 shifts the heavy masses by ~(y_nu v)^2/M_L1 ~ 1e-13 GeV only): in the
    basis (nu_R^c, L_L^0, (L_R^0)^c) M = [[0, 0, m], [0, 0, M_L1], [m, M_L1, 0]], m = c v/sqrt2,
    whose singular values are 0 and sqrt(M_L1^2 + m^2) twice (M M^T = diag-block by hand:
    the nonzero eigenvalues of M^2 are m^2 + M_L1^2 with multiplicity 2)."""
    ev = mg.evaluator("bl_vll")
    off = {f"{n}{i}{j}": 0.0 for n in ("lam_L", "lam_E") for i in (1, 2, 3) for j in (1, 2, 3)}
    c, ML = 0.5, 150.0
    out = ev({**off, "y_M11": 0.0, "c_nu_R_L_R_H11": c, "M_L1": ML})
    assert int(out["status"]) == 0
    v = 1 / np.sqrt(np.sqrt(2) * ev.parameters["G_F"]["default"])
    heavy = np.hypot(ML, c * v / np.sqrt(2))
    masses = np.array([float(out[f"m_neutral.{k}"]) for k in range(12)])
    assert np.sum(np.abs(masses / heavy - 1) < 1e-12) == 2
    assert not np.any(np.abs(masses / ML - 1) < 1e-6)
    base = ev({**off, "y_M11": 0.0, "M_L1": ML})
    assert np.sum(np.abs(np.array([float(base[f"m_neutral.{k}"]) for k in range(12)]) / ML - 1) < 1e-12) == 2
