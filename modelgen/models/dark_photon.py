"""SM + U(1)_X with kinetic mixing only: -(eps_k/2) B_{mu nu} X^{mu nu}, Stueckelberg mass.

Validation model: at leading order every fermion couples to the Z' with eps_f = -eps_k c_W Q_f
(PHYSICS.md section 1-2).
"""
import sympy as sp

from ..model import Model
from .sm import add_standard_model

__all__ = ["build"]


def build() -> Model:
    m = Model("dark_photon", description="SM + kinetically mixed U(1)_X (dark photon), Stueckelberg mass")
    add_standard_model(m)
    m.gauge_group("X", "U1", sp.Symbol("g_X", positive=True), boson="X", physical="Zp")
    eps_k = m.parameter("eps_k", 1e-3, "", -0.99, 0.99, "kinetic mixing of U(1)_Y and U(1)_X")
    m.parameter("M_Zp", 0.0167, "GeV", 1e-6, 1e5, "physical Z' mass after all mixing", True)
    m_st = sp.Symbol("M_X", positive=True)
    m.kinetic_mixing("Y", "X", eps_k)
    m.stueckelberg("X", m_st)
    m.solve_mass_parameter(m_st, "M_Zp")
    return m.validate()
