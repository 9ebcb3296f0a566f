"""The scalar sector in the generic lowering path: mediators, solved couplings, status bits.

References (independent of the derivation): a real orthogonal 2x2 rotation, the closed-form
inversion of the h-h_X portal written below (docs/physics.md, "B-L portal": lambda_H = (c^2 M_h^2
+ s^2 M_hX^2)/(2 v^2), ...; it follows from M_even = R^T diag(M_h^2, M_hX^2) R with the SM
normalisation M_even = [[2 lambda_H v^2, lambda_HX v v_X], [lambda_HX v v_X, 2 lambda_X v_X^2]]),
and the SM tree-level relation m_h^2 = 2 lambda v^2 for the status bits of a potential whose
quartic is an input.
"""
import mpmath as mp
import pytest
import sympy as sp

from modelgen.derive import derive
from modelgen.derive.names import bsm_couplings, scalar_mixings
from modelgen.ir import build_ir
from modelgen.ir_scalars import SCALAR_BIT0
from modelgen.model.potential import dagger
from modelgen.models import bl, sm


@pytest.fixture(scope="module")
def bl_ir(derivations):
    return build_ir(derivations("bl"))


def test_bl_mediators_are_the_rotated_mass_eigenstates(derivations):
    d = derivations("bl")
    meds = {m.label: m for m in d.scalar_mediators()}
    assert set(meds) == {"h", "hX"}
    names = {s.name: s for s in d.model.parameters.values()}
    th = names["sin_theta_hX"].symbol
    c = sp.sqrt(1 - th**2)
    # h = c rho_H + s rho_X, h_X = -s rho_H + c rho_X: the coefficient of each mediator in rho_S
    expect = {"h": {"H": c, "h_X": th}, "hX": {"H": -th, "h_X": c}}
    for label, comps in expect.items():
        got = dict(meds[label].components)
        for field, coeff in comps.items():
            assert sp.simplify(got[field] - coeff) == 0
    assert meds["h"].mass == names["M_h"].symbol and meds["hX"].mass == names["M_hX"].symbol
    # the mixing angle decouples h_X like g_BL and eps_k decouple the Z'
    assert th in bsm_couplings(d.model) and scalar_mixings(d.model) == (th,)
    # without a potential: one pure record per declared scalar
    pure = derive(bl.build(potential=False)).scalar_mediators()
    assert [(m.label, m.components) for m in pure] == [("h", (("H", 1),)), ("hX", (("h_X", 1),))]


def test_bl_solved_couplings_match_the_closed_form(bl_ir):
    outs = {o.name: o for o in bl_ir.outputs}
    syms = {str(s): s for o in outs.values() for s in o.expr.free_symbols}
    s, mh, mx, v, vx = (syms[n] for n in ("sin_theta_hX", "M_h", "M_hX", "v", "v_X"))
    c2 = 1 - s**2
    ref = {"lambda_H": (c2 * mh**2 + s**2 * mx**2) / (2 * v**2),
           "lambda_X": (s**2 * mh**2 + c2 * mx**2) / (2 * vx**2),
           "lambda_HX": s * sp.sqrt(c2) * (mh**2 - mx**2) / (v * vx)}
    for name, expr in ref.items():
        assert outs[name].unit == ""
        for point in ({s: 0.3, mh: 125.25, mx: 17.0, v: 246.22, vx: 5.1},
                      {s: -0.9, mh: 125.25, mx: 900.0, v: 246.22, vx: 3e3}):
            got, want = outs[name].expr.evalf(30, subs=point), expr.evalf(30, subs=point)
            assert abs(got - want) <= 1e-25 * abs(want)


def test_bl_declared_conditions_are_named_warning_bits(bl_ir):
    bits = {st.reason.split(":")[0]: st for st in bl_ir.status if st.bit >= SCALAR_BIT0}
    assert set(bits) == {"bfb_lambda_H", "bfb_lambda_X", "bfb_lambda_HX"}
    assert sorted(st.bit for st in bits.values()) == [SCALAR_BIT0, SCALAR_BIT0 + 1, SCALAR_BIT0 + 2]
    assert not any(st.fatal for st in bits.values())


def _quartic_input_model():
    """SM with V = -mu^2 |H|^2 + lam |H|^4, lam a runtime input (no input scheme): the derived
    m_h^2 = 2 lam v^2 is not positive by construction (fatal bit) and a declared condition
    lam < 4 pi/3 (a perturbativity warning, non-fatal)."""
    m = sm.build()
    lam = m.parameter("lam_SM", 0.13, "", -10.0, 10.0, "Higgs quartic")
    mu2 = sp.Symbol("mu_sq", real=True)
    n = dagger(m.scalar_components("H"), m.scalar_components("H"))
    m.potential(-mu2 * n + lam * n**2, tadpole=(mu2,))
    m.scalar_condition("pert_lam_SM", lam < 4 * sp.pi / 3, "lambda above 4 pi/3")
    return m


def _fires(status, assignments, point):
    """Whether a StatusIR condition holds at ``point`` ({parameter name: value}), the kernel's
    assignments evaluated in order."""
    env = {k: sp.Float(v, 30) for k, v in point.items()}
    for a in assignments:
        env[str(a.symbol)] = a.expr.xreplace({s: env[str(s)] for s in a.expr.free_symbols})
    return bool(status.condition.xreplace({s: env[str(s)] for s in status.condition.free_symbols}))


def test_each_scalar_bit_passes_and_fails_where_its_condition_says():
    ir = build_ir(derive(_quartic_input_model()))
    bits = {st.reason.split(":")[0]: st for st in ir.status if st.bit >= SCALAR_BIT0}
    assert set(bits) == {"mass_squared_even_1", "pert_lam_SM"}
    assert bits["mass_squared_even_1"].fatal and not bits["pert_lam_SM"].fatal
    base = {p.name: p.default for p in ir.parameters}
    for lam, negative in ((0.13, False), (-0.2, True), (5.0, False)):
        point = dict(base, lam_SM=lam)
        # references: m_h^2 = 2 lam v^2 < 0 iff lam < 0; the declared bound lam >= 4 pi/3
        assert _fires(bits["mass_squared_even_1"], ir.assignments, point) == negative
        assert _fires(bits["pert_lam_SM"], ir.assignments, point) == (lam >= 4 * float(mp.pi) / 3)
