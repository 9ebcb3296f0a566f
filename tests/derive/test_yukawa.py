"""Term enumeration from the charges, the gauge-invariance check, and the vev insertions.

The vev insertions are checked against an explicit SU(2) expansion written here: H = (H+, H0),
H~ = i sigma2 H*, with <H0> = v/sqrt2.
"""
import pytest
import sympy as sp

from modelgen.derive.yukawa import TermSpec, allowed_terms, vev_insertions
from modelgen.errors import ModelError
from modelgen.models import bl_vll
from modelgen.models.bl_vll import LEPTON_FIELDS


def _terms(m):
    return {(t.left, t.right, t.scalar, t.conj, t.majorana) for t in allowed_terms(m, LEPTON_FIELDS)}


SM_TERMS = {("l_L", "e_R", "H", False, False), ("l_L", "nu_R", "H", True, False),
            ("nu_R", "nu_R", "h_X", False, True)}


def test_hkot_charges_plus_one():
    got = _terms(bl_vll.build(1, 1))
    assert got == SM_TERMS | {
        ("l_L", "L_R", "h_X", True, False),    # lam_L:  l_L-bar L_R h_X*
        ("E_L", "e_R", "h_X", False, False),   # lam_E:  E_L-bar e_R h_X
        ("L_L", "E_R", "H", False, False),     # lam_LE: L_L-bar H E_R
        ("E_L", "L_R", "H", True, False),      # kap_LE: E_L-bar H^dagger L_R = (L_R-bar H E_L)^dagger
        ("L_L", "L_R", None, False, False), ("E_L", "E_R", None, False, False),
        ("nu_R", "L_R", "H", False, True)}     # (nu_R^c)-bar eps L_R H: Y -1/2 + 1/2, B-L -1 + 1
    assert ("l_L", "L_R", None, False, False) not in got


def test_charges_minus_one_give_bare_mixing():
    got = _terms(bl_vll.build(-1, -1))
    assert got == SM_TERMS | {
        ("l_L", "L_R", None, False, False), ("E_L", "e_R", None, False, False),     # bare mixing
        ("L_L", "e_R", "H", False, False), ("l_L", "E_R", "H", False, False), ("L_L", "nu_R", "H", True, False),
        ("L_L", "E_R", "H", False, False), ("E_L", "L_R", "H", True, False),
        ("L_L", "L_R", None, False, False), ("E_L", "E_R", None, False, False)}
    assert not any(s == "h_X" for _, _, s, _, maj in got if not maj)


def test_doublet_and_singlet_models():
    assert {t[:3] for t in _terms(bl_vll.build_doublet())} == {t[:3] for t in SM_TERMS} | {
        ("l_L", "L_R", "h_X"), ("L_L", "L_R", None), ("nu_R", "L_R", "H")}
    assert {t[:3] for t in _terms(bl_vll.build_singlet())} == {t[:3] for t in SM_TERMS} | {
        ("E_L", "e_R", "h_X"), ("E_L", "E_R", None)}
    assert set(bl_vll.build().yukawas) == {"y_e", "y_nu", "y_M", "lam_L", "lam_E", "lam_LE", "kap_LE", "M_L", "M_E",
                                           "c_nu_R_L_R_H"}


def test_symbolic_charge_keeps_only_identically_allowed_terms():
    q = sp.Symbol("q_L")
    m = bl_vll.build(q_L=q, q_E=q)
    assert "q_L" in m.parameters
    assert set(m.yukawas) == {"y_e", "y_nu", "y_M", "M_L", "M_E", "lam_LE", "kap_LE"}
    m2 = bl_vll.build(q_L="q_L", q_E="q_E")
    assert set(m2.yukawas) == {"y_e", "y_nu", "y_M", "M_L", "M_E"}


def test_quark_yukawas_are_found_and_colour_is_checked():
    got = {(t.left, t.right, t.scalar, t.conj) for t in allowed_terms(bl_vll.build()) if t.left == "Q_L"}
    assert got == {("Q_L", "d_R", "H", False), ("Q_L", "u_R", "H", True)}


def test_non_invariant_user_terms_name_the_group_and_sum():
    m = bl_vll.build(1, 1)
    with pytest.raises(ModelError, match=r"BL: its charges sum to 2"):
        m.yukawa("bad", "l_L", "L_R")                          # bare l_L-bar L_R: +1 + 1
    with pytest.raises(ModelError, match=r"BL: its charges sum to 4"):
        m.yukawa("bad", "l_L", "L_R", "h_X")                   # h_X instead of h_X*
    with pytest.raises(ModelError, match=r"under Y: its charges sum to -1"):
        m.yukawa("bad", "l_L", "e_R", "H", conj=True)          # H~ instead of H
    with pytest.raises(ModelError, match=r"SU2L: a doublet x singlet bilinear needs a doublet scalar"):
        m.yukawa("bad", "l_L", "E_R", "h_X")
    with pytest.raises(ModelError, match=r"SU3c"):
        m.yukawa("bad", "Q_L", "e_R", "H")
    with pytest.raises(ModelError, match="left-handed then a right-handed"):
        m.yukawa("bad", "e_R", "l_L", "H")
    m.yukawa("extra", "L_L", "E_R", "H")                       # invariant: accepted
    q = sp.Symbol("q_L")
    ms = bl_vll.build(q_L=q)
    with pytest.raises(ModelError, match=r"BL: its charges sum to q_L - 1"):
        ms.yukawa("bad", "l_L", "L_R", "h_X", conj=True)


def _expanded(psi_dim, chi_dim, scalar_conj):
    """{(a, b): coefficient of psi_bar_a chi_b} at <H0> = v/sqrt2, written out by hand."""
    v = sp.Symbol("v", positive=True)
    H = sp.Matrix([0, v / sp.sqrt(2)])
    Ht = sp.Matrix([[0, 1], [-1, 0]]) * H.conjugate()        # H~ = i sigma2 H*
    out = {}
    if psi_dim == 2 and chi_dim == 1:                          # psi_bar_a (H or H~)_a chi
        vec = Ht if scalar_conj else H
        out = {(a, 0): vec[a] for a in range(2) if vec[a] != 0}
    elif psi_dim == 1 and chi_dim == 2:                        # psi_bar (H^dag or H~^dag)_b chi_b
        vec = (H if scalar_conj else Ht).conjugate()
        out = {(0, b): vec[b] for b in range(2) if vec[b] != 0}
    return out


@pytest.mark.parametrize("left,right,conj", [("l_L", "e_R", False), ("l_L", "nu_R", True),
                                             ("L_L", "E_R", False), ("E_L", "L_R", True)])
def test_vev_insertions_match_explicit_su2_expansion(left, right, conj):
    m = bl_vll.build(1, 1)
    t = TermSpec(left, right, "H", conj)
    got = {(a, b): f for a, b, f in vev_insertions(m, t)}
    ref = _expanded(m.su2_dim(m.fermions[left]), m.su2_dim(m.fermions[right]), conj)
    assert got.keys() == ref.keys() and all(sp.simplify(got[k] - ref[k]) == 0 for k in ref)


def test_hX_and_bare_insertions():
    m = bl_vll.build(1, 1)
    vX = m.scalars["h_X"].vev
    assert vev_insertions(m, TermSpec("l_L", "L_R", "h_X", True)) == [(0, 0, vX / sp.sqrt(2)), (1, 1, vX / sp.sqrt(2))]
    assert vev_insertions(m, TermSpec("L_L", "L_R", None, False)) == [(0, 0, 1), (1, 1, 1)]


def _majorana_expanded(f_dim, other_dim, scalar_conj):
    """{(a, b): coefficient of psi^a chi^b} (no conjugation on the fermions) at <H0> = v/sqrt2:
    eps_ab f^a H^b with eps_01 = +1 (conj=False) or f^a H*_a (conj=True), f the doublet."""
    v = sp.Symbol("v", positive=True)
    H = sp.Matrix([0, v / sp.sqrt(2)])
    eps = sp.Matrix([[0, 1], [-1, 0]])
    vec = H.conjugate() if scalar_conj else eps * H            # coefficient of f^a
    return {((a, 0) if f_dim == 2 else (0, a)): vec[a] for a in range(2) if vec[a] != 0}


@pytest.mark.parametrize("conj", [False, True])
def test_majorana_doublet_insertions_match_explicit_su2_expansion(conj):
    m = bl_vll.build(1, 1)
    for left, right in (("nu_R", "L_R"), ("L_R", "nu_R")):
        t = TermSpec(left, right, "H", conj, True)
        got = {(a, b): f for a, b, f in vev_insertions(m, t)}
        ref = _majorana_expanded(m.su2_dim(m.fermions[left]), m.su2_dim(m.fermions[right]), conj)
        assert got.keys() == ref.keys() and all(sp.simplify(got[k] - ref[k]) == 0 for k in ref)


def test_majorana_of_two_doublets_is_antisymmetric_and_charged():
    """eps_ab psi^a chi^b = psi^0 chi^- - psi^- chi^0: components (0, 1) and (1, 0) with opposite
    signs; for one field the generation matrix must then be antisymmetric."""
    m = bl_vll.build(1, 1)
    assert vev_insertions(m, TermSpec("L_R", "L_R", None, False, True)) == [(0, 1, 1), (1, 0, -1)]
    with pytest.raises(ModelError, match="antisymmetric"):
        m.yukawa("sym", "L_R", "L_R", "H", majorana=True, matrix=sp.eye(3))
