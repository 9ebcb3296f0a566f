"""Two-Higgs-doublet model with a softly broken Z2, CP conserving, Yukawa types I, II, X, Y.

SM gauge groups and fermions from :func:`~modelgen.models.sm.add_standard_model` (without its
Higgs), two doublets Phi1, Phi2 with Y = 1/2, <Phi_k^0> = v_k/sqrt2, v1 = v c_beta, v2 = v s_beta,
tan(beta) = v2/v1.  Potential (Gunion, Haber hep-ph/0207010 sec. 2; Kanemura, Okada, Senaha, Yuan
hep-ph/0408364 sec. 2; all couplings real):

  V = m11^2 |Phi1|^2 + m22^2 |Phi2|^2 - m12^2 (Phi1^dag Phi2 + h.c.) + (l1/2) |Phi1|^4
      + (l2/2) |Phi2|^4 + l3 |Phi1|^2 |Phi2|^2 + l4 |Phi1^dag Phi2|^2 + (l5/2) [(Phi1^dag Phi2)^2 + h.c.]

m11^2, m22^2 are fixed by the tadpoles, l1..l5 by the physical inputs M_h, M_H, M_A, M_Hpm,
tan_beta, cos_ba = cos(beta - alpha) (sin(beta - alpha) >= 0) and m12_sq, with
h = -s_alpha rho1 + c_alpha rho2, H = c_alpha rho1 + s_alpha rho2.  Yukawa types (Aoki, Kanemura,
Tsumura, Yagyu arXiv:0902.4665 Table 1): the doublet giving mass to (u, d, l) is I: (2, 2, 2),
II: (2, 1, 1), X (lepton specific): (2, 2, 1), Y (flipped): (2, 1, 2).
Validity conditions: bounded from below at tree level (Deshpande, Ma, Phys. Rev. D18 (1978) 2574)
and perturbative unitarity |a_i| < 8 pi of the s-wave eigenvalues (Kanemura, Kubota, Takasugi
hep-ph/9303263; Akeroyd, Arhrib, Naimi hep-ph/0006035, in our lambda_i normalisation; checked
against a brute-force enumeration in tests/models/test_thdm_symbolic.py).
Built-in compiled models ``thdm_I``, ``thdm_II``, ``thdm_X``, ``thdm_Y`` (one small module per type):
the lepton masses are parameters, the lepton Yukawa of each state is fixed from them, and the
one-loop a_l of h, H, A, H+- use the scalar sector's couplings (derive/dipoles.py); the two-loop
Barr-Zee terms (t, b, tau photon-phi loops, W and H+- loops; (t, b) and (nu_tau, tau) H+-W-+gamma
loops) and delta_a_l against the SM Higgs (h at cos(beta - alpha) = 0) are declared in _barr_zee
(derive/barrzee.py, docs/physics.md); outputs lambda1..lambda5 and one warning bit per
bounded-from-below / unitarity condition.
"""
import sympy as sp

from ..errors import ModelError
from ..model import Model
from ..model.potential import dagger
from ..model.twoloop import declare_barr_zee
from .sm import add_standard_model

__all__ = ["build", "TYPES", "LAMBDAS", "angles", "unitarity_eigenvalues"]

TYPES = {"I": (2, 2, 2), "II": (2, 1, 1), "X": (2, 2, 1), "Y": (2, 1, 2)}
LAMBDAS = sp.symbols("lambda1:6", real=True)
M11_SQ, M22_SQ = sp.symbols("m11_sq m22_sq", real=True)


def angles(tan_beta, cos_ba):
    """(c_beta, s_beta, c_alpha, s_alpha) from tan(beta) > 0 and cos(beta - alpha), s_{beta-alpha} >= 0."""
    cb = 1 / sp.sqrt(1 + tan_beta**2)
    sb = tan_beta * cb
    sba = sp.sqrt(1 - cos_ba**2)
    return cb, sb, cb * cos_ba + sb * sba, sb * cos_ba - cb * sba



def _conditions(m):
    l1, l2, l3, l4, l5 = LAMBDAS
    root12 = sp.sqrt(l1 * l2)
    m.scalar_condition("bfb_lambda1", l1 > 0, "potential unbounded from below: lambda1 <= 0")
    m.scalar_condition("bfb_lambda2", l2 > 0, "potential unbounded from below: lambda2 <= 0")
    m.scalar_condition("bfb_lambda3", l3 > -root12, "potential unbounded from below: lambda3 <= -sqrt(l1 l2)")
    m.scalar_condition("bfb_lambda345", l3 + l4 - sp.Abs(l5) > -root12,
                       "potential unbounded from below: lambda3 + lambda4 - |lambda5| <= -sqrt(l1 l2)")
    for name, value in unitarity_eigenvalues(*LAMBDAS).items():
        m.scalar_condition(f"unitarity_{name}", sp.Abs(value) < 8 * sp.pi,
                           f"perturbative unitarity violated: |{name}| >= 8 pi")


def unitarity_eigenvalues(l1, l2, l3, l4, l5):
    """The s-wave scattering eigenvalues (16 pi a_0) of the softly broken Z2 2HDM (module docstring)."""
    s, d = l1 + l2, l1 - l2
    return {
        "a_plus": sp.Rational(3, 2) * s + sp.sqrt(sp.Rational(9, 4) * d**2 + (2 * l3 + l4)**2),
        "a_minus": sp.Rational(3, 2) * s - sp.sqrt(sp.Rational(9, 4) * d**2 + (2 * l3 + l4)**2),
        "b_plus": (s + sp.sqrt(d**2 + 4 * l4**2)) / 2, "b_minus": (s - sp.sqrt(d**2 + 4 * l4**2)) / 2,
        "c_plus": (s + sp.sqrt(d**2 + 4 * l5**2)) / 2, "c_minus": (s - sp.sqrt(d**2 + 4 * l5**2)) / 2,
        "e1": l3 + 2 * l4 - 3 * l5, "e2": l3 - l5, "f_plus": l3 + 2 * l4 + 3 * l5,
        "f_minus": l3 + l5, "f1": l3 + l4, "p1": l3 - l4,
    }


def build(type: str = "X", barr_zee: bool = True) -> Model:
    """The validated 2HDM of Yukawa ``type`` ("I", "II", "X" or "Y") with its scalar sector;
    ``barr_zee=False`` is the one-loop variant ``thdm_<type>_1loop`` (no quark states, no two-loop
    outputs, no delta_a), compiled on demand (benchmarks/bench_thdm.py compares the two)."""
    if type not in TYPES:
        raise ModelError(f"thdm: unknown Yukawa type {type!r}; choose one of {', '.join(TYPES)}")
    name = f"thdm_{type}" if barr_zee else f"thdm_{type}_1loop"
    m = Model(name, description=f"two-Higgs-doublet model, softly broken Z2, type {type}")
    add_standard_model(m, higgs=False)
    v = sp.Symbol("v", positive=True)
    v1, v2 = sp.symbols("v1 v2", positive=True)
    for k, vk in ((1, v1), (2, v2)):
        m.scalar(f"Phi{k}", {"SU2L": 2, "Y": sp.Rational(1, 2)}, vev=vk, vev_component=1)
    tb = m.parameter("tan_beta", 2.0, "", 1e-2, 1e3, "tan(beta) = v2/v1", True)
    cba = m.parameter("cos_ba", 0.0, "", -1.0, 1.0, "cos(beta - alpha), sin(beta - alpha) >= 0")
    mH = m.parameter("M_H", 300.0, "GeV", 1.0, 1e5, "heavier CP-even scalar mass", True)
    mA = m.parameter("M_A", 300.0, "GeV", 1.0, 1e5, "CP-odd scalar mass", True)
    mHp = m.parameter("M_Hpm", 300.0, "GeV", 1.0, 1e5, "charged scalar mass", True)
    m12 = m.parameter("m12_sq", 3.6e4, "GeV^2", -1e10, 1e10, "soft Z2 breaking m12^2")
    cb, sb, ca, sa = angles(tb, cba)
    m.relation(v1, v * cb, "v1 = v cos(beta)")
    m.relation(v2, v * sb, "v2 = v sin(beta)")

    P1, P2 = m.scalar_components("Phi1"), m.scalar_components("Phi2")
    n1, n2, n12, n21 = dagger(P1, P1), dagger(P2, P2), dagger(P1, P2), dagger(P2, P1)
    l1, l2, l3, l4, l5 = LAMBDAS
    V = (M11_SQ * n1 + M22_SQ * n2 - m12 * (n12 + n21) + l1 / 2 * n1**2 + l2 / 2 * n2**2
         + l3 * n1 * n2 + l4 * n12 * n21 + l5 / 2 * (n12**2 + n21**2))
    m.potential(V, tadpole=(M11_SQ, M22_SQ))
    m_h = m.parameters["M_h"].symbol
    m.scalar_inputs(LAMBDAS, [("h", "even", m_h**2, (-sa, ca)), ("H", "even", mH**2, (ca, sa)),
                              ("A", "odd", mA**2, None), ("Hpm", "charged", mHp**2, None)])
    _conditions(m)

    k_u, k_d, k_l = TYPES[type]
    for name, left, right, k, conj in (("Y_u", "Q_L", "u_R", k_u, True), ("Y_d", "Q_L", "d_R", k_d, False),
                                       ("Y_e", "l_L", "e_R", k_l, False)):
        diag = sp.diag(*[sp.Symbol(f"y_{right[0]}{i}", real=True) for i in (1, 2, 3)])
        m.yukawa(name, left, right, scalar=f"Phi{k}", conj=conj, matrix=diag)
    if barr_zee:
        _barr_zee(m)
    return m.validate()


def _barr_zee(m):
    """The third-generation quarks as states with pole masses (defaults of
    modelgen.testing.thdm_reference.SM) and the Barr-Zee diagrams: t, b, tau in the photon-phi loops,
    (t, b) and (nu_tau, tau) in the H+-W-+gamma loops; the SM reference is h at cos(beta - alpha) = 0
    (xi = g_hWW = 1, Aoki et al. arXiv:0902.4665 Table 2)."""
    for name, comp, right, mass in (("t", 0, "u_R", 172.69), ("b", 1, "d_R", 4.18)):
        m.parameter(f"m_{name}", mass, "GeV", 1e-3, 1e4, f"{name} pole mass (Barr-Zee loops)", True)
        m.dirac(name, ("Q_L", comp, 2), (right, 0, 2), mass=f"m_{name}", kind="quark")
    declare_barr_zee(m, loops=("t", "b", "tau"), doublets=(("t", "b"), ("nu_tau", "tau")),
                     sm_states=("h",), sm_limit={"cos_ba": 0})
