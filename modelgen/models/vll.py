"""Vector-like lepton declarations shared by the built-in VLL models (bl_vll*, sm_vll).

Consumes a :class:`~modelgen.model.Model` that already holds the SM (and any extra U(1));
produces the vector-like doublets L_{L,R} ~ (1, 2, -1/2) and singlets E_{L,R} ~ (1, 1, -1) (three
generations, extra charges as arguments) and one declared term per renormalisable lepton mass /
Yukawa term that :func:`~modelgen.derive.yukawa.allowed_terms` finds, with the systematic names of
:data:`TERM_NAMES` (L > -(coupling) psi_bar_L [S] chi_R + h.c.; the table of terms and when each is
allowed is in the docstrings of :mod:`~modelgen.models.bl_vll` and :mod:`~modelgen.models.sm_vll`).
The diagonal SM Yukawas y_e1..3 are solved so the three light masses equal m_e, m_mu, m_tau
(:meth:`~modelgen.model.Model.solve_yukawa`).
"""
import sympy as sp

from ..derive.yukawa import allowed_terms
from ..errors import ModelError
from ..model import Model

__all__ = ["LEPTON_FIELDS", "TERM_NAMES", "PERTURBATIVE", "ALLOWED", "REAL_TERMS", "add_vll_fields", "declare_lepton_terms"]

LEPTON_FIELDS = ("l_L", "e_R", "nu_R", "L_L", "L_R", "E_L", "E_R")
PERTURBATIVE = float(sp.sqrt(4 * sp.pi))
ALLOWED = float(4 * sp.pi)

#: (left, right, scalar or None) -> base name; the scalar's conjugation follows from the charges
TERM_NAMES = {
    ("l_L", "e_R", "H"): "y_e", ("l_L", "nu_R", "H"): "y_nu", ("nu_R", "nu_R", "h_X"): "y_M",
    ("L_L", "L_R", None): "M_L", ("E_L", "E_R", None): "M_E",
    ("L_L", "E_R", "H"): "lam_LE", ("E_L", "L_R", "H"): "kap_LE",
    ("l_L", "L_R", "h_X"): "lam_L", ("l_L", "L_R", None): "m_lL",
    ("E_L", "e_R", "h_X"): "lam_E", ("E_L", "e_R", None): "m_Ee",
    ("L_L", "e_R", "H"): "y_Le", ("l_L", "E_R", "H"): "y_lE", ("L_L", "nu_R", "H"): "y_Lnu",
}
#: the vector-like masses, declared diagonal (a bi-unitary rotation of L_L, L_R resp. E_L, E_R)
VECTOR_MASSES = ("M_L", "M_E")


def add_vll_fields(m: Model, doublets: bool, singlets: bool, extra_L=None, extra_E=None) -> Model:
    """Declare L_{L,R} (SU(2) doublets, Y = -1/2) and/or E_{L,R} (singlets, Y = -1), three
    generations; ``extra_L``/``extra_E`` are further charges ({group: charge}, e.g. B-L)."""
    if doublets:
        for chi in "LR":
            m.fermion(f"L_{chi}", chi, {"SU2L": 2, "Y": -sp.Rational(1, 2), **(extra_L or {})}, generations=3)
    if singlets:
        for chi in "LR":
            m.fermion(f"E_{chi}", chi, {"Y": -1, **(extra_E or {})}, generations=3)
    return m


#: terms kept real with cp=True: the solved SM Yukawas and the diagonal vector-like masses, whose
#: phases a rephasing of e_R, L_R, E_R moves into the other couplings
REAL_TERMS = ("y_e", "M_L", "M_E")


def _matrix(m, term, base, masses, defaults, diagonal=False, symmetric=False, unit="", mass=False):
    """Generation matrix of parameters ``<base><i><j>`` (``<base><i>`` if diagonal); defaults from
    ``masses[base]`` (diagonal vector-like masses) or ``defaults`` (else 0)."""
    n = m.fermions[term.left].generations

    def entry(i, j):
        if (diagonal and i != j) or (symmetric and i > j):
            return None
        name = f"{base}{i + 1}" if diagonal else f"{base}{i + 1}{j + 1}"
        default = masses[base][i] if mass and diagonal else defaults.get(name, 0.0)
        if mass and diagonal:
            return m.parameter(name, default, "GeV", 1.0, 1e6, f"vector-like mass ({term.text()})", True)
        lim = 1e5 if mass else ALLOWED
        what = "mass" if mass else "Yukawa coupling"
        return m.parameter(name, default, unit, -lim, lim,
                           f"{what} of {term.text()} (perturbative for |.| <= sqrt(4 pi))" if not mass
                           else f"{what} of {term.text()}")
    mat = sp.zeros(n, n)
    for i in range(n):
        for j in range(n):
            e = entry(i, j)
            if e is not None:
                mat[i, j] = e
    if symmetric:
        mat = mat + mat.T - sp.diag(*[mat[i, i] for i in range(n)])
    return mat


def declare_lepton_terms(m: Model, masses: dict, defaults: dict, rotated_away=(), cp=False) -> Model:
    """Declare every allowed lepton term of ``m`` except the bases in ``rotated_away`` (terms a
    field rotation removes; the caller documents the basis), then the light-mass solve.  With
    ``cp`` every term but :data:`REAL_TERMS` carries CP phases (``Model.yukawa(..., cp=True)``).

    ``masses``: base -> the three diagonal vector-like masses (GeV); ``defaults``: parameter
    name -> default (others 0).  Any term without a :data:`TERM_NAMES` entry is named
    ``c_<left>_<right>[_<scalar>]``.
    """
    skipped = set()
    for t in allowed_terms(m, LEPTON_FIELDS):
        base = TERM_NAMES.get((t.left, t.right, t.scalar))
        if base is None:
            base = f"c_{t.left}_{t.right}" + (f"_{t.scalar}" if t.scalar else "")
        if base in rotated_away:
            skipped.add(base)
            continue
        if base == "y_e":
            mat = sp.diag(*sp.symbols("y_e1:4", real=True))
        elif base in VECTOR_MASSES:
            mat = _matrix(m, t, base, masses, defaults, diagonal=True, mass=True)
        elif t.scalar is None:
            mat = _matrix(m, t, base, masses, defaults, unit="GeV", mass=True)
        else:
            mat = _matrix(m, t, base, masses, defaults, symmetric=t.majorana and t.left == t.right)
        m.yukawa(base, t.left, t.right, t.scalar, t.conj, matrix=mat, majorana=t.majorana,
                 cp=cp and base not in REAL_TERMS)
    if set(rotated_away) - skipped:
        raise ModelError(f"model {m.name!r}: terms {sorted(set(rotated_away) - skipped)} to rotate away "
                         f"are not allowed by the charges")
    m.solve_yukawa("y_e", ("m_e", "m_mu", "m_tau"))
    return m
