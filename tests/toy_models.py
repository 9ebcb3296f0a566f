"""Small models outside the built-in family, shared by tests (not a test module)."""
import sympy as sp

from modelgen.derive.yukawa import allowed_terms
from modelgen.model import Model
from modelgen.models.sm import add_standard_model

__all__ = ["sm_vll_singlets"]


def sm_vll_singlets(name="t_sm_esing"):
    """SM + one generation-set of vector-like singlets E_{L,R} ~ (1, 1, -1), no new gauge group."""
    m = Model(name, description="test: SM + vector-like singlets")
    add_standard_model(m)
    for chi in "LR":
        m.fermion(f"E_{chi}", chi, {"Y": -1}, generations=3)
    for t in allowed_terms(m, ("l_L", "e_R", "E_L", "E_R")):
        base = {("l_L", "e_R"): "y_e", ("E_L", "E_R"): "M_E"}.get((t.left, t.right), f"c_{t.left}_{t.right}")
        if base == "y_e":
            mat = sp.diag(*sp.symbols("y_e1:4", real=True))
        elif base == "M_E":
            mat = sp.diag(*[m.parameter(f"M_E{i}", 200.0 * i, "GeV", 1.0, 1e6, "vector-like mass", True)
                            for i in (1, 2, 3)])
        else:
            unit = "GeV" if t.scalar is None else ""
            mat = sp.Matrix(3, 3, lambda i, j: m.parameter(f"{base}{i + 1}{j + 1}", 0.0, unit, -1e3, 1e3, base))
        m.yukawa(base, t.left, t.right, t.scalar, t.conj, matrix=mat, majorana=t.majorana)
    m.solve_yukawa("y_e", ("m_e", "m_mu", "m_tau"))
    return m.validate()
