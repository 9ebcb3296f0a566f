"""Per-generation (flavour-dependent) U(1) charges: bookkeeping, anomaly sums, allowed Yukawa entries.

References are written here by hand: anomaly coefficients summed over generations, and the allowed
entries of a term from a brute-force loop over generation pairs.
"""
import itertools

import pytest
import sympy as sp

from modelgen.derive.yukawa import allowed_terms
from modelgen.errors import ModelError
from modelgen.model import Model
from modelgen.models.sm import add_standard_model

Q = (0, 1, -1)  # L_mu - L_tau charges of generations e, mu, tau


def _model(lepton_charges=None, nu_R=None, scalar=None):
    m = Model("flavoured")
    m.gauge_group("X", "U1", sp.Symbol("g_X", real=True), physical="Zp")
    charges = {f: {"X": q} for f, q in (lepton_charges or {}).items()}
    add_standard_model(m, charges=charges)
    if nu_R is not None:
        m.fermion("nu_R", "R", {"X": nu_R}, generations=3)
    if scalar is not None:
        m.scalar("S", {"X": scalar}, vev=sp.Symbol("w", positive=True))
    return m


def test_charge_tuple_of_wrong_length_names_field_and_group():
    with pytest.raises(ModelError, match=r"'l_L'.*2 charges under 'X' for 3 generation"):
        _model({"l_L": (1, -1)})


def test_per_generation_charge_only_for_u1_and_fermions():
    m = _model()
    with pytest.raises(ModelError, match="per-generation.*'SU2L'"):
        m.fermion("D", "L", {"SU2L": (2, 2, 2)}, generations=3)
    with pytest.raises(ModelError, match="scalar 'T'.*not per generation"):
        m.scalar("T", {"X": (1, 2, 3)})


def test_charge_lookup_needs_the_generation():
    m = _model({"l_L": Q, "e_R": Q})
    l_L = m.fermions["l_L"]
    assert [m.charge(l_L, "X", i) for i in range(3)] == list(Q)
    assert m.charge(m.fermions["Q_L"], "X", 2) == 0
    with pytest.raises(ModelError, match="X charge of 'l_L' depends on the generation"):
        m.charge(l_L, "X")


def test_lmu_minus_ltau_is_anomaly_free_with_and_without_nu_R():
    # every coefficient is linear or cubic in q with sum_i q_i = sum_i q_i^3 = 0 and
    # Y x X x X: sum_i q_i^2 = 2 per field, 2 (-1/2) 2 (l_L) - (-1) 2 (e_R) = 0
    _model({"l_L": Q, "e_R": Q}).validate()
    _model({"l_L": Q, "e_R": Q}, nu_R=Q).validate()


def test_lmu_alone_is_anomalous():
    # SU(2)^2 x X: sum over left-handed doublets of T(2) q = (1/2)(0 + 1 + 0) = 1/2
    with pytest.raises(ModelError, match=r"SU2L\^2 x X coefficient is 1/2"):
        _model({"l_L": (0, 1, 0), "e_R": (0, 1, 0)}).validate()


def test_mismatched_generations_are_summed_per_field():
    # l_L (0, 1, -1), e_R (0, 1, 0): SU(2)^2 X vanishes; Y Y X = 2 (1/4) 0 - (1)(0 + 1 + 0) = -1
    with pytest.raises(ModelError, match=r"Y x Y x X coefficient is -1"):
        _model({"l_L": Q, "e_R": (0, 1, 0)}).validate()

def _allowed_entries(left_q, right_q, sign_left, scalar_q=0):
    """Brute force: entries (i, j) whose charges sum to zero."""
    return {(i, j) for i, j in itertools.product(range(3), repeat=2)
            if sign_left * left_q[i] + right_q[j] + scalar_q == 0}


def test_lepton_yukawa_pattern_is_diagonal():
    m = _model({"l_L": Q, "e_R": Q})
    (term,) = [t for t in allowed_terms(m, ("l_L", "e_R")) if t.scalar == "H"]
    assert set(term.entries) == _allowed_entries(Q, Q, -1) == {(0, 0), (1, 1), (2, 2)}


def test_majorana_pattern_and_scalar_insertion():
    m = _model({"l_L": Q, "e_R": Q}, nu_R=Q, scalar=1)
    terms = {(t.scalar, t.conj): t for t in allowed_terms(m, ("nu_R",)) if t.majorana}
    # (nu_R^c)-bar nu_R [S]: q_i + q_j + q_S = 0
    assert set(terms[(None, False)].entries) == _allowed_entries(Q, Q, +1) == {(0, 0), (1, 2), (2, 1)}
    assert set(terms[("S", False)].entries) == _allowed_entries(Q, Q, +1, 1)
    assert set(terms[("S", True)].entries) == _allowed_entries(Q, Q, +1, -1)


def test_declared_matrix_must_vanish_on_forbidden_entries():
    m = _model({"l_L": Q, "e_R": Q})
    with pytest.raises(ModelError, match=r"under X in generation entry \(1, 2\).*sum to 1"):
        m.yukawa("y", "l_L", "e_R", "H")  # full 3x3 matrix of symbols
    m.yukawa("y_e", "l_L", "e_R", "H", matrix=sp.diag(*sp.symbols("y1:4", real=True)))


def test_lepton_sector_couplings_follow_the_generation():
    # with a (diagonal, allowed) lepton Yukawa the model takes the lepton-mixing path; at eps_k = 0
    # the gauge-basis Z' coupling of e_L, mu_L, tau_L is g_X q_i (no Z-Z' mixing, Stueckelberg mass)
    from modelgen.derive.fermions import derive_fermions
    from modelgen.derive.gauge import derive_gauge
    m = _model({"l_L": Q, "e_R": Q})
    g_X = m.parameter("g_X", 1e-3)
    eps_k = m.parameter("eps_k", 0.0)
    m.parameter("M_Zp", 0.02, "GeV", positive=True)
    m.kinetic_mixing("Y", "X", eps_k)
    m_st = sp.Symbol("M_X", positive=True)
    m.stueckelberg("X", m_st)
    m.solve_mass_parameter(m_st, "M_Zp")
    m.yukawa("y_e", "l_L", "e_R", "H", matrix=sp.diag(*sp.symbols("y1:4", real=True)))
    sector = derive_fermions(m.validate(), derive_gauge(m)).charged
    for gauge_couplings in (sector.gauge_left["Zp"], sector.gauge_right["Zp"]):
        # generic branch of the Piecewise (it guards the degenerate point M_Zp = M_Z0 only)
        generic = [sp.simplify(c.subs(eps_k, 0)).replace(sp.Piecewise, lambda *branches: branches[-1][0])
                   for c in gauge_couplings]
        got = [sp.simplify(c) for c in generic]
        assert got == [q * g_X for q in Q]
