"""SM + three generations of vector-like lepton doublets and singlets, no new gauge boson.

L_{L,R} ~ (1, 2, -1/2) and E_{L,R} ~ (1, 1, -1), three generations each, on top of
:mod:`~modelgen.models.sm` (no nu_R: the three SM neutrinos stay massless, and the light-subspace
projection of the lepton stage counts them).  Every renormalisable lepton term the SM charges
allow is enumerated by :func:`~modelgen.derive.yukawa.allowed_terms`
(L > -(coupling) psi_bar_L [S] chi_R + h.c.; names as in :mod:`~modelgen.models.bl_vll`):

==========================  =========================  =========================================
term                        name (entries ij)           status
==========================  =========================  =========================================
l_L-bar e_R H               y_e  (diagonal, solved)     solved so m_e, m_mu, m_tau fit
L_L-bar L_R, E_L-bar E_R    M_L, M_E (diagonal, GeV)    basis choice: diagonal
l_L-bar E_R H               y_lE                        kept (Dermisek-Raval lambda_L)
L_L-bar e_R H               y_Le                        kept (lambda_E)
L_L-bar E_R H               lam_LE                      kept (lambda)
E_L-bar L_R H*              kap_LE                      kept (lambda-bar; = E_L-bar H^dagger L_R)
l_L-bar L_R                 m_lL (GeV)                  rotated away (not declared)
E_L-bar e_R                 m_Ee (GeV)                  rotated away (not declared)
==========================  =========================  =========================================
No Majorana term is allowed: every lepton has hypercharge < 0 and the only scalar has |Y| = 1/2.

Basis.  l_L and L_L are six left-handed doublets with the same quantum numbers, so a U(6)
rotation of (l_L, L_L) brings the 6x3 mass matrix (m_lL; M_L) of L_R to (0; M_L'); likewise a
U(6) rotation of the right-handed singlets (e_R, E_R) brings (m_Ee, M_E) to (0, M_E').  The
remaining U(3)^6 (l_L, e_R, L_L, L_R, E_L, E_R separately) make M_L, M_E and y_e diagonal at once.
So m_lL = m_Ee = 0, diagonal M_L, M_E, y_e, and general 3x3 y_lE, y_Le, lam_LE, kap_LE is the
most general model (real couplings here, no CP phases).  The charged mass matrix (rows e_L, L_L^-,
E_L; columns e_R, L_R^-, E_R) is then, with v = 246 GeV,

    M = [[y_e v/sqrt2, 0, y_lE v/sqrt2], [y_Le v/sqrt2, M_L, lam_LE v/sqrt2], [0, kap_LE v/sqrt2, M_E]],

the charged-lepton matrix of Dermisek and Raval (arXiv:1305.3522) with their v = 174 GeV = our
v/sqrt2 and (lambda_L, lambda_E, lambda, lambda-bar) = (y_lE, y_Le, lam_LE, kap_LE).

Defaults: M_L = (1000, 1100, 1200) GeV, M_E = (1200, 1300, 1400) GeV; muon couplings y_lE22 = 0.1,
y_Le22 = 0.15, kap_LE22 = 0.2, lam_LE22 = 0.5; tau couplings 0.3 (y_lE33, y_Le33, kap_LE33); no
electron mixing.  The mixing-induced muon mass is then delta_mu ~ y_lE y_Le kap_LE v^3/(2 sqrt2
M_L M_E) ~ 0.01 GeV, and Delta a_mu ~ -m_mu delta_mu/(8 pi^2 v^2) ~ -2e-10 on branch_mu = +1
(mixing adds to the muon mass); branch_mu = -1 flips the chirally enhanced part, Delta a_mu > 0.
"""
from ..model import Model
from .sm import add_standard_model
from .vll import add_vll_fields, declare_lepton_terms

__all__ = ["build", "ROTATED_AWAY"]

#: bare l_L-bar L_R and E_L-bar e_R masses: removed by rotations of fields with equal charges
ROTATED_AWAY = ("m_lL", "m_Ee")
DEFAULT_MASSES = {"M_L": (1000.0, 1100.0, 1200.0), "M_E": (1200.0, 1300.0, 1400.0)}
DEFAULTS = {"y_lE22": 0.1, "y_Le22": 0.15, "kap_LE22": 0.2, "lam_LE22": 0.5,
            "y_lE33": 0.3, "y_Le33": 0.3, "kap_LE33": 0.3}


def build() -> Model:
    m = Model("sm_vll", description="SM + 3 generations of vector-like lepton doublets and singlets")
    add_standard_model(m)
    add_vll_fields(m, doublets=True, singlets=True)
    return declare_lepton_terms(m, DEFAULT_MASSES, DEFAULTS, rotated_away=ROTATED_AWAY).validate()
