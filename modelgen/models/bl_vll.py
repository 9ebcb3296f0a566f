"""B-L model + vector-like leptons (HKOT, arXiv:2005.00028): doublets L_{L,R}, singlets E_{L,R}.

L_{L,R} ~ (1, 2, -1/2; q_L) and E_{L,R} ~ (1, 1, -1; q_E), three generations each, on top of
:mod:`~modelgen.models.bl`.  The B-L charges are arguments (default +1, the HKOT choice); a
number, or a name / SymPy symbol, which then becomes a runtime parameter of that name.  Every
renormalisable lepton mass/Yukawa term allowed by the charges is found by
:func:`~modelgen.derive.yukawa.allowed_terms` and declared with a systematic name
(L > -(coupling) psi_bar_L [S] chi_R + h.c.; S* written ``S*``):

==========================  =========================  =====================================
term                        name (entries ij)           when allowed
==========================  =========================  =====================================
l_L-bar e_R H               y_e  (diagonal, solved)     always; solved so m_e, m_mu, m_tau fit
l_L-bar nu_R H~             y_nu                        always
(nu_R^c)-bar nu_R h_X       y_M  (symmetric)            always (-(1/2) y_M h_X nu_R^c-bar nu_R)
L_L-bar L_R, E_L-bar E_R    M_L, M_E (diagonal, GeV)    always (basis choice: diagonal)
L_L-bar E_R H               lam_LE                      q_L = q_E
E_L-bar L_R H*  (= E_L-bar H^dagger L_R, i.e. (L_R-bar H E_L)^dagger)   kap_LE   q_L = q_E
l_L-bar L_R h_X* / h_X / 1  lam_L  (bare: m_lL, GeV)    q_L = +1 / -3 / -1
E_L-bar e_R h_X / h_X* / 1  lam_E  (bare: m_Ee, GeV)    q_E = +1 / -3 / -1
L_L-bar e_R H               y_Le                        q_L = -1
l_L-bar E_R H               y_lE                        q_E = -1
L_L-bar nu_R H~             y_Lnu                       q_L = -1
(nu_R^c)-bar L_R H          c_nu_R_L_R_H (default 0)    q_L = +1 (-Y eps_ab nu_R^c-bar L_R^a H^b)
==========================  =========================  =====================================
The solve (:meth:`~modelgen.model.Model.solve_yukawa`) keeps light state i dominantly flavour i and
declares ``branch_e``, ``branch_mu``, ``branch_tau`` (default +1, read as a sign): the root with
sign(m_i delta_i) = branch, delta_i = -(M_lh M_hh^-1 M_hl)_ii the mixing-induced part of the
effective light mass m_i = y_i v/sqrt2 + delta_i (+1: the mixing adds to the mass); without
mixing the roots are y and -y (same physics) and the branch is sign(y_i).
Any other allowed term gets the name ``c_<left>_<right>[_<scalar>]`` (Majorana terms of two
different fields: L > -Y_ij [S] overline(psi_i^c) chi_j + h.c., no 1/2).  Symbolic charges: a term
is kept only if its charge sum vanishes identically (so q_L - 1 = 0 does not count).

Defaults (GeV): M_L = (100, 400, 1000), M_E = (120, 500, 1200) (non-degenerate), lam_L11 = lam_E11 = 3.5 (the perturbative edge
sqrt(4 pi)), lam_L22 = lam_E22 = 1, lam_LE = kap_LE = 0, y_nu = 3e-8 * 1, y_M = 0.1 * 1.  With
v_X ~ 5 GeV (M_Z' = 16.7 MeV, g_BL = 1.6e-3) light-heavy mixing is sin(theta) ~ lam v_X /
(sqrt2 M), so the default shifts eps_e by ~2e-4; |eps_e| ~ 1e-3 needs |lam_L11| ~ 8 at 100 GeV:
couplings are allowed up to 4 pi and flagged by the NumPy pipeline above sqrt(4 pi).
Only the lepton terms are enumerated (the quark Yukawas play no role here).
"""
import sympy as sp

from ..model import Model
from ..model.content import parse_charge
from .bl import add_bl
from .vll import ALLOWED, LEPTON_FIELDS, PERTURBATIVE, TERM_NAMES, add_vll_fields, declare_lepton_terms

__all__ = ["build", "build_doublet", "build_singlet", "add_vll", "TERM_NAMES", "LEPTON_FIELDS",
           "PERTURBATIVE", "ALLOWED"]

DEFAULT_MASSES = {"M_L": (100.0, 400.0, 1000.0), "M_E": (120.0, 500.0, 1200.0)}
DEFAULTS = {"lam_L11": 3.5, "lam_E11": 3.5, "lam_L22": 1.0, "lam_E22": 1.0,
            "y_nu11": 3e-8, "y_nu22": 3e-8, "y_nu33": 3e-8, "y_M11": 0.1, "y_M22": 0.1, "y_M33": 0.1}


def _charge(m, q, name):
    q = parse_charge(q, f"B-L charge of the vector-like {name}")
    if isinstance(q, sp.Symbol):
        if q.name in m.parameters:
            return m.parameters[q.name].symbol
        return m.parameter(q.name, 1.0, "", -10.0, 10.0, f"B-L charge of the vector-like {name}")
    return q


def add_vll(m: Model, doublets: bool, singlets: bool, q_L=1, q_E=1, cp=False) -> Model:
    """Add the vector-like leptons and declare every allowed lepton mass/Yukawa term; with ``cp``
    every coupling except the solved y_e and the real diagonal vector-like masses gets a CP phase
    ``phi_<coupling>`` (Model.yukawa(..., cp=True))."""
    extra_L = {"BL": _charge(m, q_L, "doublet L")} if doublets else None
    extra_E = {"BL": _charge(m, q_E, "singlet E")} if singlets else None
    add_vll_fields(m, doublets, singlets, extra_L, extra_E)
    return declare_lepton_terms(m, DEFAULT_MASSES, DEFAULTS, cp=cp)


def _build(name, description, doublets, singlets, q_L, q_E, cp):
    m = Model(name + ("_cp" if cp else ""), description=description + (", CP phases" if cp else ""))
    add_bl(m)
    return add_vll(m, doublets, singlets, q_L, q_E, cp).validate()


def build_doublet(q_L=1, cp=False) -> Model:
    return _build("bl_vll_doublet", "B-L + 3 generations of vector-like lepton doublets", True, False, q_L, 1, cp)


def build_singlet(q_E=1, cp=False) -> Model:
    return _build("bl_vll_singlet", "B-L + 3 generations of vector-like lepton singlets", False, True, 1, q_E, cp)


def build(q_L=1, q_E=1, cp=False) -> Model:
    """The HKOT model; ``cp=True`` is the variant ``bl_vll_cp`` with a CP phase on every coupling
    but the solved SM Yukawas and the vector-like masses (both real by rephasing e_R, L_R, E_R)."""
    return _build("bl_vll", "B-L + vector-like lepton doublets and singlets (HKOT)", True, True, q_L, q_E, cp)
