"""Small models outside the built-in family, shared by tests (not a test module)."""
import sympy as sp

from modelgen.derive.yukawa import allowed_terms
from modelgen.model import Model
from modelgen.model.potential import dagger
from modelgen.models.sm import add_standard_model

__all__ = ["sm_vll_singlets", "sm_charged_scalar"]


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


def sm_charged_scalar(name="t_sm_cs", singlet_vll=False, majorana_R=False, cp=False):
    """SM + a neutral singlet Dirac fermion N = (N_L, N_R) + a charged singlet scalar S ~ (1, 1, +1):
    -M_N N_bar_L N_R - y_Si N_bar_L e_R,i S+ + h.c. (one coupling per generation).  ``majorana_R`` adds
    -(1/2) M_R N_R N_R (two Majorana states of different masses); ``singlet_vll`` a vector-like singlet
    E ~ (1, 1, -1) with -M_E E_bar_L E_R - y_lEi l_bar_L,i H E_R - y_EN E_bar_L N_R S- + h.c., so that the
    light leptons couple to S through both chiralities; ``cp`` makes y_S and y_EN complex (phi_<p>).
    Potential V = -mu_H^2 |H|^2 + lambda_H |H|^4 + mu_S^2 |S|^2 + lambda_S |S|^4 + lambda_HS |H|^2 |S|^2
    with inputs M_h and M_S (M_S^2 = mu_S^2 + lambda_HS v^2/2); S does not mix with the Goldstone."""
    m = Model(name, description="test: SM + neutral N + charged singlet scalar")
    add_standard_model(m)
    m.fermion("N_L", "L", {}, latex="N_L")
    m.fermion("N_R", "R", {}, latex="N_R")
    if singlet_vll:
        for chi in "LR":
            m.fermion(f"E_{chi}", chi, {"Y": -1}, latex=f"E_{chi}")
    m.scalar("S", {"Y": 1})
    terms = {(t.left, t.right): t for t in allowed_terms(m, ("l_L", "e_R", "E_R"))}
    y_e = terms[("l_L", "e_R")]
    m.yukawa("y_e", "l_L", "e_R", y_e.scalar, y_e.conj, matrix=sp.diag(*sp.symbols("y_e1:4", real=True)))
    M_N = m.parameter("M_N", 300.0, "GeV", 1e-3, 1e6, "mass of the neutral fermion N", True)
    m.yukawa("M_N", "N_L", "N_R", matrix=sp.Matrix([[M_N]]))
    if majorana_R:
        M_R = m.parameter("M_R", 0.0, "GeV", -1e6, 1e6, "Majorana mass of N_R")
        m.yukawa("M_R", "N_R", "N_R", matrix=sp.Matrix([[M_R]]), majorana=True)
    y_S = sp.Matrix([[m.parameter(f"y_S{i}", 0.0, "", -3.5, 3.5, f"S+ N_bar_L e_R coupling, generation {i}")
                      for i in (1, 2, 3)]])
    m.yukawa("y_S", "N_L", "e_R", "S", matrix=y_S, cp=cp)
    if singlet_vll:
        M_E = m.parameter("M_E", 400.0, "GeV", 1.0, 1e6, "vector-like singlet mass", True)
        m.yukawa("M_E", "E_L", "E_R", matrix=sp.Matrix([[M_E]]))
        t = terms[("l_L", "E_R")]
        m.yukawa("y_lE", "l_L", "E_R", t.scalar, t.conj, matrix=sp.Matrix(
            [[m.parameter(f"y_lE{i}", 0.0, "", -3.5, 3.5, f"l_bar_L H E_R coupling, generation {i}")] for i in (1, 2, 3)]))
        m.yukawa("y_EN", "E_L", "N_R", "S", True, matrix=sp.Matrix([[m.parameter(
            "y_EN", 0.0, "", -3.5, 3.5, "S- E_bar_L N_R coupling")]]), cp=cp)
    m.solve_yukawa("y_e", ("m_e", "m_mu", "m_tau"))
    M_S = m.parameter("M_S", 500.0, "GeV", 1.0, 1e6, "mass of the charged scalar S+", True)
    lam_HS = m.parameter("lambda_HS", 0.0, "", -4.0, 4.0, "portal coupling |H|^2 |S|^2")
    lam_S = m.parameter("lambda_S", 0.1, "", 0.0, 4.0, "quartic |S|^4")
    mu_H, lam_H, mu_S = sp.symbols("mu_H_sq lambda_H mu_S_sq", real=True)
    nH = dagger(m.scalar_components("H"), m.scalar_components("H"))
    nS = dagger(m.scalar_components("S"), m.scalar_components("S"))
    m.potential(-mu_H * nH + lam_H * nH**2 + mu_S * nS + lam_S * nS**2 + lam_HS * nH * nS, tadpole=(mu_H,))
    m.scalar_inputs((lam_H, mu_S), [("h", "even", m.parameters["M_h"].symbol ** 2, (1,)),
                                    ("Sp", "charged", M_S**2, (0, 1))])
    return m.validate()
