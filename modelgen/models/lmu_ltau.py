"""U(1)_{L_mu - L_tau}: SM + gauged muon-minus-tau lepton number (coupling g_X) + kinetic mixing eps_k.

Charges (per generation e, mu, tau): (0, +1, -1) for l_L and e_R, 0 for quarks and the Higgs.  The
content is anomaly-free without new fermions: every anomaly coefficient cancels between the mu and
tau generations (He, Joshi, Lew, Volkas, Phys. Rev. D 43 (1991) 22; Foot, Mod. Phys. Lett. A 6
(1991) 527).  No right-handed neutrinos and no lepton Yukawa terms: the lepton masses are inputs
and leptons do not mix, so at eps_k = 0 the Z' couples to mu, tau, nu_mu, nu_tau only, vectorially
for the charged leptons, with L > g_X Z'_mu (mu_bar gamma^mu mu - tau_bar gamma^mu tau + ...),
i.e. eps_V.mu = -eps_V.tau = g_X/e exactly (no Z-Z' mass mixing without eps_k).

Z' mass.  Default: a Stueckelberg term (1/2) M_X^2 X_mu X^mu, M_X solved from the physical M_Zp.
It keeps g_X -> 0 regular (a Higgs mass M = g_X q v_X needs v_X -> infinity there) and adds no
scalar to the spectrum.  ``build(mass="scalar")`` gives the variant ``lmu_ltau_scalar`` with an
SM-singlet phi_X of charge +1 and <phi_X> = v_X/sqrt2, v_X solved from M_Zp (v_X = M_Zp/g_X at
eps_k = 0); phi_X couples to no lepton, so the one-loop g-2 is the same.

Kinetic mixing -(eps_k/2) B_{mu nu} X^{mu nu} is an input.  A loop of mu and tau (charges Q = -1,
q = +1 and -1) induces, with no mixing above m_tau, the photon-X mixing -(eps_gamma/2) F X at
q^2 = 0 with eps_gamma = (e g_X/(12 pi^2)) sum_f Q_f q_f ln(Lambda^2/m_f^2)
= -(e g_X/(12 pi^2)) ln(m_tau^2/m_mu^2) ~ -g_X/70 (vacuum polarisation of a Dirac fermion,
Pi'(0) = (1/(12 pi^2)) ln(Lambda^2/m^2) per unit charge product; the magnitude e g/(12 pi^2)
ln(m_tau^2/m_mu^2) is the one quoted for this model, e.g. Krasnikov, Gninenko arXiv:1801.10448).
Since B = c_W A - s_W Z, eps_gamma = eps_k c_W: :func:`loop_kinetic_mixing` returns that eps_k.
It is an input choice, not a prediction: the default eps_k = 0 is the model with no mixing at low
energy (a tree-level mixing from the UV completion cancelling the loop); eps_k =
loop_kinetic_mixing(g_X) is the model with no mixing above m_tau (docs/physics.md).
Default point: g_X = 5e-4, M_Zp = 20 MeV, eps_k = 0: Delta a_mu = 2.0e-9 (the light-Z' limit
g_X^2/(8 pi^2) = 3.2e-9 reduced by the finite M_Zp/m_mu).
"""
import math

import sympy as sp

from ..errors import ModelError
from ..model import Model
from .sm import add_standard_model

__all__ = ["build", "loop_kinetic_mixing", "CHARGES", "GROUP"]

GROUP = "LmuLtau"
#: charge of generations (e, mu, tau) of l_L and e_R
CHARGES = (0, 1, -1)


def loop_kinetic_mixing(g_X, alpha=1 / 137.035999084, G_F=1.1663787e-5, M_Z=91.1876,
                        m_mu=0.1056583755, m_tau=1.77686):
    """eps_k induced by the mu and tau loops at q^2 = 0 (module docstring):
    eps_k = -(e g_X / (12 pi^2 c_W)) ln(m_tau^2/m_mu^2), e = sqrt(4 pi alpha), with c_W from
    alpha, G_F, M_Z at tree level as in :mod:`~modelgen.models.sm`.  Masses in GeV, G_F in GeV^-2.
    """
    e = math.sqrt(4 * math.pi * alpha)
    s2c2 = math.pi * alpha / (math.sqrt(2) * G_F * M_Z**2)
    c_W = math.sqrt((1 + math.sqrt(1 - 4 * s2c2)) / 2)
    return -e * g_X / (12 * math.pi**2 * c_W) * math.log(m_tau**2 / m_mu**2)


def build(mass: str = "stueckelberg") -> Model:
    """The model; ``mass`` is "stueckelberg" (default, model ``lmu_ltau``) or "scalar"
    (``lmu_ltau_scalar``: an SM-singlet scalar of charge +1 breaks the U(1))."""
    if mass not in ("stueckelberg", "scalar"):
        raise ModelError(f"lmu_ltau: the Z' mass comes from 'stueckelberg' or 'scalar', not {mass!r}")
    name = "lmu_ltau" if mass == "stueckelberg" else "lmu_ltau_scalar"
    m = Model(name, description=f"SM + U(1)_(Lmu-Ltau) + kinetic mixing, Z' mass from a {mass} term")
    m.gauge_group(GROUP, "U1", sp.Symbol("g_X", real=True), boson="X", physical="Zp")
    add_standard_model(m, charges={f: {GROUP: CHARGES} for f in ("l_L", "e_R")})
    m.parameter("g_X", 5e-4, "", -3.5, 3.5, "U(1)_(Lmu-Ltau) gauge coupling")
    eps_k = m.parameter("eps_k", 0.0, "", -0.99, 0.99,
                        "kinetic mixing of U(1)_Y and U(1)_(Lmu-Ltau) (input; mu/tau loop: "
                        "lmu_ltau.loop_kinetic_mixing(g_X))")
    m.parameter("M_Zp", 0.02, "GeV", 1e-6, 1e5, "physical Z' mass after all mixing", True)
    m.kinetic_mixing("Y", GROUP, eps_k)
    if mass == "stueckelberg":
        source = sp.Symbol("M_X", positive=True)
        m.stueckelberg(GROUP, source)
    else:
        source = sp.Symbol("v_X", positive=True)
        m.scalar("phi_X", {GROUP: 1}, vev=source)
    m.solve_mass_parameter(source, "M_Zp")
    return m.validate()
