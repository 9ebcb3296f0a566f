"""The Standard Model electroweak sector + 3 lepton generations + first-generation quarks.

Inputs alpha (alpha(0)), G_F, M_Z fix g, g', v at tree level (PHYSICS.md, DESIGN.md "Names"):
    e = sqrt(4 pi alpha),  v = (sqrt2 G_F)^(-1/2),
    s_W^2 c_W^2 = pi alpha / (sqrt2 G_F M_Z^2),  g = e/s_W,  g' = e/c_W.
"""
import sympy as sp

from ..model import Model

__all__ = ["add_standard_model", "build"]

LEPTONS = ("e", "mu", "tau")


def add_standard_model(m: Model, with_nu_R: bool = False, bl_group: str | None = None, higgs: bool = True,
                       charges: dict | None = None):
    """Add SM groups, fields, Higgs, inputs and tree-level relations to ``m``.

    With ``bl_group`` every SM field gets its B-L charge under that (already declared) U(1).
    ``charges`` adds further charges under already declared U(1)s, ``{field: {group: charge}}``,
    a charge possibly per generation (e.g. ``{"l_L": {"LmuLtau": (0, 1, -1)}}``).
    ``higgs=False`` leaves out the doublet H (a model with its own Higgs doublets, e.g. ``thdm``);
    the symbol v = (sqrt2 G_F)^(-1/2) is still defined.
    """
    g, gY, gs, v = sp.symbols("g gY g_s v", positive=True)
    m.gauge_group("SU3c", "SU", gs, n=3, boson="G")
    m.gauge_group("SU2L", "SU", g, n=2, boson="W", physical="W")
    m.gauge_group("Y", "U1", gY, boson="B", physical="Z")
    for name in [n for n in m.groups if n not in ("SU3c", "SU2L", "Y")]:
        m.groups[name] = m.groups.pop(name)  # keep Y before the new U(1)s: basis (W3, B, X)
    charges = charges or {}

    def extra(field, q_bl):
        return {**({bl_group: q_bl} if bl_group else {}), **charges.get(field, {})}

    third = sp.Rational(1, 3)
    m.fermion("Q_L", "L", {"SU3c": 3, "SU2L": 2, "Y": sp.Rational(1, 6), **extra("Q_L", third)}, generations=3)
    m.fermion("u_R", "R", {"SU3c": 3, "Y": sp.Rational(2, 3), **extra("u_R", third)}, generations=3)
    m.fermion("d_R", "R", {"SU3c": 3, "Y": -third, **extra("d_R", third)}, generations=3)
    m.fermion("l_L", "L", {"SU2L": 2, "Y": -sp.Rational(1, 2), **extra("l_L", -1)}, generations=3,
              latex=(r"\nu_L", "e_L"))
    m.fermion("e_R", "R", {"Y": -1, **extra("e_R", -1)}, generations=3, latex="e_R")
    if with_nu_R:
        m.fermion("nu_R", "R", {**extra("nu_R", -1)}, generations=3, latex=r"\nu_R")
    if higgs:
        m.scalar("H", {"SU2L": 2, "Y": sp.Rational(1, 2)}, vev=v, vev_component=1, physical="h", mass="M_h")

    alpha = m.parameter("alpha", 1 / 137.035999084, "", 1e-4, 0.1, "fine-structure constant alpha(0)", True)
    G_F = m.parameter("G_F", 1.1663787e-5, "GeV^-2", 1e-7, 1e-3, "Fermi constant", True)
    M_Z = m.parameter("M_Z", 91.1876, "GeV", 1.0, 1e4, "SM Z mass fixing s_W before Z-Z' mixing", True)
    m.parameter("M_h", 125.25, "GeV", 1.0, 1e4, "Higgs mass", True)
    for lep, mass in zip(LEPTONS, (0.51099895e-3, 0.1056583755, 1.77686)):
        m.parameter(f"m_{lep}", mass, "GeV", 1e-6, 1e3, f"{lep} pole mass", True)

    e = sp.sqrt(4 * sp.pi * alpha)
    s2c2 = sp.pi * alpha / (sp.sqrt(2) * G_F * M_Z**2)
    sW2 = (1 - sp.sqrt(1 - 4 * s2c2)) / 2
    m.relation(v, 1 / sp.sqrt(sp.sqrt(2) * G_F), "Higgs vev from G_F")
    m.relation(g, e / sp.sqrt(sW2), "g = e/s_W")
    m.relation(gY, e / sp.sqrt(1 - sW2), "g' = e/c_W")

    for i, lep in enumerate(LEPTONS):
        m.dirac(lep, ("l_L", 1, i), ("e_R", 0, i), mass=f"m_{lep}", latex={"e": "e", "mu": r"\mu", "tau": r"\tau"}[lep])
    for i, lep in enumerate(LEPTONS):
        m.dirac(f"nu_{lep}", ("l_L", 0, i), None, latex=rf"\nu_{{{m.states[lep].latex}}}", kind="neutrino")
    m.dirac("u", ("Q_L", 0, 0), ("u_R", 0, 0), latex="u", kind="quark")
    m.dirac("d", ("Q_L", 1, 0), ("d_R", 0, 0), latex="d", kind="quark")
    return m


def build() -> Model:
    m = Model("sm", description="Standard Model electroweak sector, 3 lepton generations")
    return add_standard_model(m).validate()
