"""'Vanilla' U(1)_{B-L}: SM + gauged B-L (g_BL) + kinetic mixing eps_k + 3 nu_R + singlet h_X.

h_X has B-L charge +2 and <h_X> = v_X/sqrt2, so M_Z' ~ 2 g_BL v_X; v_X is solved from the physical
M_Zp.  Leading order: eps_f = eps Q_f + eps_BL (B-L)_f with eps = -eps_k c_W, eps_BL = g_BL/e, hence
eps_e = -eps_p and eps_nu = -eps_n (PHYSICS.md sections 1-2; Feng et al. arXiv:1608.03591).
Default point: protophobic (eps_p ~ 0) with eps_n ~ 5e-3 and M_Z' = 16.7 MeV.
"""
import sympy as sp

from ..model import Model
from .sm import add_standard_model

__all__ = ["build", "add_bl"]


def add_bl(m: Model) -> Model:
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
    return m


def build() -> Model:
    m = Model("bl", description="SM + U(1)_{B-L} + kinetic mixing + 3 nu_R + h_X")
    return add_bl(m).validate()
