"""Gauge-sector derivation vs an independent mpmath generalized eigen-decomposition."""
import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from reference import chiral, fermion_coupling, neutral_states

SM = dict(alpha=1 / 137.035999084, G_F=1.1663787e-5, M_Z=91.1876)


def random_points(n, seed, stueckelberg):
    rng = np.random.default_rng(seed)
    pts = []
    while len(pts) < n:
        eps = rng.choice([-1, 1]) * 10 ** rng.uniform(-6, np.log10(0.3))
        mzp = 10 ** rng.uniform(-3, 4)
        if 60 < mzp < 130:  # keep clear of the level-repulsion gap around M_Z
            continue
        p = dict(SM, eps_k=eps, M_Zp=mzp)
        if not stueckelberg:
            p["g_BL"] = rng.choice([-1, 1]) * 10 ** rng.uniform(-5, np.log10(0.5))
        pts.append(p)
    pts += [dict(SM, eps_k=0.3, M_Zp=0.017, **({} if stueckelberg else {"g_BL": 2e-3})),
            dict(SM, eps_k=-0.3, M_Zp=3000.0, **({} if stueckelberg else {"g_BL": 0.4}))]
    return pts


def symbolic_values(d, point, dps=40):
    """Evaluate the exact symbolic couplings at a point with 40-digit arithmetic."""
    model = d.model
    subs = {}
    for name, val in point.items():
        subs[model.parameters[name].symbol] = sp.Float(mp.mpf(val), dps)
    inner = {}
    for rel in model.relations:
        inner[rel.symbol] = rel.expr.subs(subs).evalf(dps)
    full = {**subs, **inner}

    def ev(expr):
        return mp.mpf(str(sp.N(expr.subs(full), dps)))
    return ev


@pytest.mark.parametrize("name", ["dark_photon", "bl"])
def test_symbolic_matches_generalized_eigenproblem(derivations, name):
    d = derivations(name)
    mp.mp.dps = 40
    worst = 0.0
    for point in random_points(6, seed=1 if name == "bl" else 2, stueckelberg=(name == "dark_photon")):
        states, c, _ = neutral_states(**point)
        ev = symbolic_values(d, point)
        m2 = d.masses_squared()
        for boson in ("Z", "Zp"):
            ref = states[boson][0]
            got = mp.sqrt(ev(m2[boson]))
            worst = max(worst, abs(got / ref - 1))
        assert abs(ev(m2["A"])) == 0
        for f, comps in chiral().items():
            for boson in ("A", "Z", "Zp"):
                gl, gr = d.vertex(boson, f)
                for comp, sym in zip(comps, (gl, gr)):
                    if comp is None:
                        assert sym == 0
                        continue
                    ref = fermion_coupling(c, states[boson][1], *comp, g_BL=point.get("g_BL", 0))
                    got = ev(sym)
                    # exact zeros come out as 40-digit noise: below 1e-15 compare absolutely (1e-40)
                    scale = max(abs(ref), mp.mpf(10) ** -15)
                    # signed: both sides orient A along +eQ, Z along +Z0 and Z' along +X
                    # (tests/reference.py), so a sign flip of a coupling would fail here
                    err = abs(got - ref) / scale
                    worst = max(worst, err)
                    assert err < 1e-25, (name, point, boson, f, comp, got, ref)
    assert worst < 1e-25


@pytest.mark.parametrize("name", ["dark_photon", "bl"])
def test_photon_massless_and_couples_to_eQ(derivations, name):
    d = derivations(name)
    e = d.gauge.e
    assert sp.simplify(d.masses_squared()["A"]) == 0
    for f, q in {"e": -1, "nu_e": 0, "u": sp.Rational(2, 3), "d": -sp.Rational(1, 3)}.items():
        gl, gr = d.vertex("A", f)
        assert sp.simplify(gl - q * e) == 0
        if gr != 0 or q != 0:
            assert sp.simplify(gr - q * e) == 0


def test_dark_photon_couples_to_charge_at_leading_order(derivations):
    d = derivations("dark_photon")
    eps_k = d.model.parameters["eps_k"].symbol
    cW = sp.Symbol("c_W", positive=True)
    for f, q in {"e": -1, "u": sp.Rational(2, 3), "d": -sp.Rational(1, 3), "nu_e": 0}.items():
        ev, ea = d.vertex_va("Zp", f)
        assert sp.simplify(d.leading_order(ev) + eps_k * cW * q) == 0, f
        assert sp.simplify(d.leading_order(ea)) == 0, f


def test_bl_leading_order_charge_relations(derivations):
    """eps_n = eps_BL, eps_e = -eps_p, eps_nu(L) = -eps_n for SM fields (Feng et al. 1608.03591)."""
    d = derivations("bl")
    lo = {f: d.leading_order(d.vertex_va("Zp", f)[0]) for f in ("e", "u", "d")}
    eps_p, eps_n = 2 * lo["u"] + lo["d"], lo["u"] + 2 * lo["d"]
    g_BL = d.model.parameters["g_BL"].symbol
    e = sp.Symbol("e", positive=True)
    assert sp.simplify(eps_n - g_BL / e) == 0
    assert sp.simplify(lo["e"] + eps_p) == 0
    nu_L = d.leading_order(d.vertex("Zp", "nu_e")[0] / d.gauge.e)
    assert sp.simplify(nu_L + eps_n) == 0
