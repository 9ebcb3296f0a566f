"""'Vanilla' U(1)_{B-L}: SM + gauged B-L (g_BL) + kinetic mixing eps_k + 3 nu_R + singlet h_X.

h_X has B-L charge +2 and <h_X> = v_X/sqrt2, so M_Z' ~ 2 g_BL v_X; v_X is solved from the physical
M_Zp.  Leading order: eps_f = eps Q_f + eps_BL (B-L)_f with eps = -eps_k c_W, eps_BL = g_BL/e, hence
eps_e = -eps_p and eps_nu = -eps_n (PHYSICS.md sections 1-2; Feng et al. arXiv:1608.03591).
Default point: protophobic (eps_p ~ 0) with eps_n ~ 5e-3 and M_Z' = 16.7 MeV.

The scalar potential with the Higgs portal (h-h_X mixing; ``potential=False`` leaves it out),
    V = -mu_H^2 |H|^2 + lam_H |H|^4 - mu_X^2 |h_X|^2 + lam_X |h_X|^4 + lam_HX |H|^2 |h_X|^2,
mu_H^2, mu_X^2 fixed by the tadpoles and (lam_H, lam_X, lam_HX) by the inputs (M_h, M_hX,
sin_theta_hX): h = c rho_H + s rho_X, h_X = -s rho_H + c rho_X (rho: CP-even fluctuations of H^0
and h_X).  sin_theta_hX = 0 gives lam_HX = 0, M_h^2 = 2 lam_H v^2, M_hX^2 = 2 lam_X v_X^2: the
model without the potential.  Bounded from below at tree level: the quartic form
lam_H a^2 + lam_HX a b + lam_X b^2 in a = |H|^2, b = |h_X|^2 >= 0 is positive (copositive) iff
lam_H > 0, lam_X > 0, lam_HX > -2 sqrt(lam_H lam_X) (always true with positive M_h^2, M_hX^2 as
inputs: the conditions are kept as named warning bits for other input schemes).  Perturbative
unitarity is not declared yet.  The lowering reads the mass eigenstates h, hX as the scalar
mediators: every lepton coupling and dipole includes the mixing.
"""
import sympy as sp

from ..model import Model
from ..model.potential import dagger
from .sm import add_standard_model

__all__ = ["build", "add_bl", "add_bl_potential"]


def add_bl(m: Model, potential: bool = True) -> Model:
    m.gauge_group("BL", "U1", sp.Symbol("g_BL", real=True), boson="X", physical="Zp")
    add_standard_model(m, with_nu_R=True, bl_group="BL")
    v_X = sp.Symbol("v_X", positive=True)
    m.scalar("h_X", {"BL": 2}, vev=v_X, physical="hX", mass="M_hX")
    # the gauge-coupling symbol g_BL is itself a runtime input
    m.parameter("g_BL", 1.6e-3, "", -3.5, 3.5, "U(1)_{B-L} gauge coupling")
    eps_k = m.parameter("eps_k", 5.95e-3, "", -0.99, 0.99, "kinetic mixing of U(1)_Y and U(1)_{B-L}")
    m.parameter("M_Zp", 0.0167, "GeV", 1e-6, 1e5, "physical Z' mass after all mixing", True)
    m.parameter("M_hX", 10.0, "GeV", 1e-6, 1e5, "mass of the B-L breaking scalar h_X", True)
    m.kinetic_mixing("Y", "BL", eps_k)
    m.solve_mass_parameter(v_X, "M_Zp")
    return add_bl_potential(m) if potential else m


def add_bl_potential(m: Model) -> Model:
    """The h-h_X potential and its input scheme (module docstring) on a model built by :func:`add_bl`."""
    s_theta = m.parameter("sin_theta_hX", 0.0, "", -1.0, 1.0, "sine of the h-h_X mixing angle")
    mu_H, mu_X, lam_H, lam_X, lam_HX = sp.symbols("mu_H_sq mu_X_sq lambda_H lambda_X lambda_HX", real=True)
    nH = dagger(m.scalar_components("H"), m.scalar_components("H"))
    nX = dagger(m.scalar_components("h_X"), m.scalar_components("h_X"))
    m.potential(-mu_H * nH + lam_H * nH**2 - mu_X * nX + lam_X * nX**2 + lam_HX * nH * nX, tadpole=(mu_H, mu_X))
    c_theta = sp.sqrt(1 - s_theta**2)
    m_h, m_hX = m.parameters["M_h"].symbol, m.parameters["M_hX"].symbol
    m.scalar_inputs((lam_H, lam_X, lam_HX), [("h", "even", m_h**2, (c_theta, s_theta)),
                                             ("hX", "even", m_hX**2, (-s_theta, c_theta))])
    m.scalar_condition("bfb_lambda_H", lam_H > 0, "potential unbounded from below: lambda_H <= 0")
    m.scalar_condition("bfb_lambda_X", lam_X > 0, "potential unbounded from below: lambda_X <= 0")
    m.scalar_condition("bfb_lambda_HX", lam_HX > -2 * sp.sqrt(lam_H * lam_X),
                       "potential unbounded from below: lambda_HX <= -2 sqrt(lambda_H lambda_X)")
    return m


def build(potential: bool = True) -> Model:
    m = Model("bl", description="SM + U(1)_{B-L} + kinetic mixing + 3 nu_R + h_X")
    return add_bl(m, potential).validate()
