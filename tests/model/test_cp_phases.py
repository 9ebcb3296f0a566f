"""CP phases of Yukawa/mass terms (Model.yukawa(..., cp=True), modelgen/model/phases.py).

Checks: the phase parameters' metadata (rad, default 0, [-pi, pi]); the opted-in model at zero
phases has exactly the real model's mass matrices; the default (cp=False) is untouched; a term
with nothing to rephase is a clear ModelError; and the placement rule of the neutral Majorana
matrix written from the Lagrangian: for -psi_bar_L m chi_R + h.c. the left-handed-basis entry
M_n[psi, chi^c] is the coefficient of the h.c. part, m^* (and a Majorana term of right-handed
fields, -(1/2) y overline(nu_R^c) nu_R + h.c., puts y^* at (nu_R^c, nu_R^c)).
"""
import math

import pytest
import sympy as sp

from modelgen.derive.fermions import derive_fermions
from modelgen.errors import ModelError
from modelgen.model import Model
from modelgen.models import bl_vll


@pytest.fixture(scope="module")
def sectors():
    real, cp = bl_vll.build_doublet(), bl_vll.build_doublet(cp=True)
    return real, cp, derive_fermions(real), derive_fermions(cp)


def test_phase_parameters_metadata(sectors):
    _, cp, _, _ = sectors
    p = cp.parameters["phi_lam_L12"]
    assert (p.unit, p.default, p.lower, p.upper) == ("rad", 0.0, -math.pi, math.pi)
    assert cp.name == "bl_vll_doublet_cp"
    # the solved SM Yukawas and the vector-like masses stay real
    assert not any(n.startswith(("phi_y_e", "phi_M_L")) for n in cp.parameters)


def test_zero_phases_reproduce_the_real_model(sectors):
    real, cp, fr, fc = sectors
    zero = {p.symbol: 0 for n, p in cp.parameters.items() if n.startswith("phi_")}
    for a, b in ((fr.charged.mass, fc.charged.mass), (fr.neutral.mass, fc.neutral.mass)):
        assert sp.simplify(b.xreplace(zero) - a) == sp.zeros(*a.shape)
    assert real.fingerprint() == bl_vll.build_doublet().fingerprint()
    assert not fr.neutral.mass.has(sp.I) and not fr.charged.mass.has(sp.I)


def test_neutral_dirac_and_right_handed_majorana_entries_are_conjugated(sectors):
    _, cp, _, fc = sectors
    ch, nu = fc.charged, fc.neutral
    lam, phi = sp.Symbol("lam_L12", real=True), cp.parameters["phi_lam_L12"].symbol
    v_X = cp.scalars["h_X"].vev
    m = lam * v_X / sp.sqrt(2) * sp.exp(sp.I * phi)     # -l_L,1-bar L_R,2 h_X^* coefficient
    # charged: M[e_L1, L_R2^-] = m;  neutral: M_n[nu_L1, (L_R2^0)^c] = M_n[(L_R2^0)^c, nu_L1] = m^*
    i, j = ch.left.index(("l_L", 1, 0)), ch.right.index(("L_R", 1, 1))
    assert sp.simplify(ch.mass[i, j] - m) == 0
    a, b = nu.basis.index(("l_L", 0, 0, False)), nu.basis.index(("L_R", 0, 1, True))
    assert sp.simplify(nu.mass[a, b] - sp.conjugate(m)) == 0 and nu.mass[b, a] == nu.mass[a, b]
    yM, phM = sp.Symbol("y_M11", real=True), cp.parameters["phi_y_M11"].symbol
    k = nu.basis.index(("nu_R", 0, 0, True))
    assert sp.simplify(nu.mass[k, k] - yM * cp.scalars["h_X"].vev / sp.sqrt(2) * sp.exp(-sp.I * phM)) == 0


def test_cp_needs_a_parameter_to_rephase():
    m = Model("toy")
    m.gauge_group("Y", "U1", sp.Symbol("gY", positive=True))
    m.fermion("a", "L", {"Y": 1})
    m.fermion("b", "R", {"Y": 1})
    with pytest.raises(ModelError, match="term 'mab'.*cp=True"):
        m.yukawa("mab", "a", "b", matrix=sp.Matrix([[2]]), cp=True)
