"""Model frontend: bad models raise ModelError naming the culprit."""
import pytest
import sympy as sp

from modelgen.errors import ModelError
from modelgen.model import Model
from modelgen.models import load_model
from modelgen.models.sm import add_standard_model


def test_builtin_models_validate():
    for name in ("sm", "dark_photon", "bl"):
        assert load_model(name).validate().name == name


def test_unknown_model_names_choices():
    with pytest.raises(ModelError, match="dark_photon"):
        load_model("nope")


def _bl_without_nu_R():
    m = Model("bad")
    m.gauge_group("BL", "U1", sp.Symbol("g_BL"))
    add_standard_model(m, with_nu_R=False, bl_group="BL")
    return m


def test_bl_without_right_handed_neutrinos_is_anomalous():
    # (B-L)^3 summed over left-handed Weyl fields: quarks cancel, l_L gives 2(-1)^3, e_R^c gives +1:
    # -1 per generation, -3 in all without nu_R (each nu_R^c adds +1)
    with pytest.raises(ModelError, match=r"BL x BL x BL coefficient is -3"):
        _bl_without_nu_R().validate()


def test_wrong_hypercharge_names_the_coefficient():
    m = Model("bad")
    add_standard_model(m)
    m.fermion("extra", "L", {"Y": 1})
    with pytest.raises(ModelError, match="Y x Y x Y"):
        m.validate()


def test_vector_like_pair_is_anomaly_free():
    m = Model("vll")
    add_standard_model(m)
    m.fermion("E_L", "L", {"Y": -1})
    m.fermion("E_R", "R", {"Y": -1})
    m.validate()


def test_witten_anomaly():
    m = Model("bad")
    add_standard_model(m)
    m.fermion("D_L", "L", {"SU2L": 2})  # one extra doublet, Y = 0: all U(1) conditions vanish
    with pytest.raises(ModelError, match="Witten"):
        m.validate()


def test_charged_vev_rejected():
    m = Model("bad")
    add_standard_model(m)
    m.scalar("S", {"Y": 1}, vev=sp.Symbol("w"))
    with pytest.raises(ModelError, match="'S'.*electric charge 1"):
        m.validate()


def test_unknown_group_and_duplicate_names():
    m = Model("bad")
    add_standard_model(m)
    with pytest.raises(ModelError, match="unknown gauge group 'Z3'"):
        m.fermion("x", "L", {"Z3": 1})
    with pytest.raises(ModelError, match="duplicate name 'e_R'"):
        m.fermion("e_R", "R", {"Y": -1})
    with pytest.raises(ModelError, match="unknown field 'nope'"):
        m.dirac("x", ("nope", 0))
    with pytest.raises(ModelError, match="chirality"):
        m.fermion("y", "X", {"Y": 0})


def test_fingerprint_tracks_charges():
    a, b = load_model("bl"), load_model("bl")
    assert a.fingerprint() == b.fingerprint()
    b.parameters["M_Zp"] = b.parameters["M_Zp"].__class__("M_Zp", 0.017, "GeV", 1e-6, 1e5, "", True)
    assert a.fingerprint() != b.fingerprint()
