"""Names come from the model: a model outside the B-L family (SM + vector-like singlets, no Z')
derives, generates and builds, and its outputs carry only the names it declares.

References: the light-mass solve must return m_e, m_mu, m_tau (the model's own inputs, an
identity the kernel only meets by solving); without mixing (lam = 0 couplings) the vector-like
singlets decouple and the W/Z/h contributions equal the closed-form SM one-loop values
a_l^W = sqrt2 G_F m_l^2/(16 pi^2) x 10/3, the W term of the one-loop electroweak
a_l = sqrt2 G_F m_l^2/(16 pi^2) [10/3 + (1/3)(1 - 4 s_W^2)^2 - 5/3] (Jegerlehner & Nyffeler,
Phys. Rept. 477 (2009) 1, arXiv:0902.3360, section 5) at leading order in m_l^2/M_W^2.
"""
import math

import numpy as np
import pytest
import sympy as sp

import modelgen as mg
from modelgen.errors import ModelError
from modelgen.ir import build_ir
from modelgen.model import Model
from modelgen.models.sm import add_standard_model
from toy_models import sm_vll_singlets


@pytest.fixture(scope="module")
def derivation():
    return sm_vll_singlets().derive()


def test_names_derived_from_declarations(derivation):
    d = derivation
    assert d.charged_vector == "W" and d.electroweak_vector == "Z"
    assert d.neutral_vectors == ("Z",) and d.new_vectors == ()
    assert d.light_leptons() == ("e", "mu", "tau")
    assert [n for n, _ in d.light_neutrinos()] == ["nu_e", "nu_mu", "nu_tau"]
    (h,) = d.scalar_mediators()
    assert h.label == "h" and h.mass == d.model.parameters["M_h"].symbol and h.components == (("H", 1),)


def test_ir_has_no_new_vector_outputs(derivation):
    ir = build_ir(derivation)
    names = set(ir.output_names)
    assert not any(n.startswith(("eps_", "M_Zp", "v_X")) or ".Zp" in n or ".hX" in n for n in names)
    assert {"a_mu.W", "a_mu.Z", "a_mu.h", "delta_a_mu.h", "BR_mu_egamma", "gW2.tau", "m_charged.5"} <= names
    assert [m.name for m in ir.leptons.mediators] == ["W", "Z", "h"]


def test_undeclared_physical_name_is_a_model_error():
    m = Model("t_noname")
    add_standard_model(m)
    m.gauge_group("X", "U1", sp.Symbol("g_X", positive=True), boson="X")
    m.kinetic_mixing("Y", "X", m.parameter("eps_k", 1e-3, "", -0.5, 0.5))
    m.stueckelberg("X", sp.Symbol("M_X", positive=True))
    m.parameter("M_V", 1.0, "GeV", 1e-3, 1e3, "", True)
    m.solve_mass_parameter(sp.Symbol("M_X", positive=True), "M_V")
    with pytest.raises(ModelError, match="'X'.*physical"):
        m.derive()


def test_sm_vll_singlets_builds_and_evaluates(tmp_path, monkeypatch):
    monkeypatch.setenv("MODELGEN_CACHE", str(tmp_path))
    ev = mg.evaluator(sm_vll_singlets(), build=True)
    out = {k: np.ravel(v) for k, v in ev({}).items()}
    assert int(out["status"][0]) == 0
    values = np.array([out[k][0] for k in ev.outputs if not k.startswith("BR_")])
    assert np.all(np.isfinite(values))
    # the solve reproduces the light masses (three lightest charged eigenvalues)
    for k, name in enumerate(("m_e", "m_mu", "m_tau")):
        assert out[f"m_charged.{k}"][0] == pytest.approx(ev.parameters[name]["default"], rel=1e-10)
    # no mixing: every Delta a vanishes and a_mu^W is the closed-form SM value (leading order)
    G_F, m_mu = ev.parameters["G_F"]["default"], ev.parameters["m_mu"]["default"]
    a_w = math.sqrt(2) * G_F * m_mu**2 / (16 * math.pi**2) * 10 / 3
    assert out["a_mu.W"][0] == pytest.approx(a_w, rel=1e-3)
    assert abs(out["delta_a_mu"][0]) <= 1e-12 * abs(out["a_mu"][0])
    # mixing through the l_L-bar E_R H Yukawa: a finite, nonzero Delta a at a status-0 point
    mixed = {k: np.ravel(v) for k, v in ev({"c_l_L_E_R22": 0.5}).items()}
    assert int(mixed["status"][0]) == 0 and math.isfinite(mixed["delta_a_mu"][0])
    assert mixed["delta_a_mu"][0] != 0


def test_mixed_scalar_record_scales_the_higgs_diagram():
    """A scalar potential may hand rotated records to d.scalar_mediators(): a mediator with
    component c_H along the doublet couples to a light lepton as c_H (-m_l/v) (L > -(m_l/v) h_H l l)."""
    from modelgen.derive.dipoles import lepton_diagrams
    from modelgen.derive.names import ScalarMediator
    from modelgen.models import bl
    d = bl.build(potential=False).derive()     # the pure records of the declared scalars
    plain = {(dg.lepton, dg.mediator): dg for dg in lepton_diagrams(d)}
    c = sp.Symbol("c_theta", positive=True)
    s = sp.sqrt(1 - c**2)
    mixed = (ScalarMediator("h1", sp.Symbol("M_1"), (("H", c), ("h_X", -s))),
             ScalarMediator("h2", sp.Symbol("M_2"), (("H", s), ("h_X", c))))
    d2 = type(d)(d.model, d.gauge, d.couplings, d.fermions)
    d2.scalar_mediators = lambda: mixed
    rotated = {(dg.lepton, dg.mediator): dg for dg in lepton_diagrams(d2)}
    assert ("mu", "h") not in rotated
    assert sp.simplify(rotated[("mu", "h1")].c1 - c * plain[("mu", "h")].c1) == 0
    assert sp.simplify(rotated[("mu", "h2")].c1 - s * plain[("mu", "h")].c1) == 0
    assert rotated[("mu", "h2")].M_B == sp.Symbol("M_2")
