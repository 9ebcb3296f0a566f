"""IR status checks derived from the gauge solution (hand-built expressions, then the models)."""
import sympy as sp

import modelgen as mg
from modelgen.ir import _mass_source_singular, build_ir


def test_singular_factors_exclude_the_physical_mass_pole():
    g, h, a, c, M = sp.symbols("g h a c M", real=True)
    solution = M**2 * (a - c * M**2) / (4 * g**2 * h * (a - M**2))
    assert _mass_source_singular(solution, M) == (g, h)
    assert _mass_source_singular(M**2 * (a - c) / (a - M**2), M) == ()  # Stueckelberg-like: no coupling


def test_vev_models_flag_zero_gauge_coupling_stueckelberg_does_not():
    bl = build_ir(mg.load_model("bl").derive())
    flagged = [s for s in bl.status if str(s.condition) == "Eq(g_BL, 0)"]
    assert len(flagged) == 1 and flagged[0].fatal and flagged[0].reason.startswith("g_BL = 0:")
    dp = build_ir(mg.load_model("dark_photon").derive())
    assert not any("= 0:" in s.reason for s in dp.status)


def test_share_loop_moments_factors_a_common_coupling_scale():
    """Calls differing only in a coupling scale become c^2 x one unit-coupling call (the loop
    functions are quadratic forms in their real coupling arguments); a lone call, or calls whose
    coupling patterns differ, keep their form."""
    import sympy as sp
    from modelgen.ir import LOOP_FUNCTIONS
    from modelgen.ir_delta import share_loop_moments
    ns, cv = LOOP_FUNCTIONS["a_neutral_scalar"], LOOP_FUNCTIONS["a_charged_vector"]
    m, M, M2, c, c0, g = sp.symbols("m M M2 c c0 g", positive=True)
    a_h, a_sm = ns(m, m, M, c, 0, 0, 0), ns(m, m, M, -c0 / 2, 0, 0, 0)
    lone = ns(m, m, M2, c, 0, 0, 0)
    w1, w2 = cv(m, 0, M, -1, g, 0, -g, 0), cv(m, 0, M, -1, g, 0, g, 0)   # V-A and V+A: patterns differ
    out = share_loop_moments([a_h, a_h - a_sm + lone, w1 + w2])
    unit = ns(m, m, M, 1, 0, 0, 0)
    assert out[0] == c**2 * unit
    assert sp.expand(out[1] - (c**2 * unit - c0**2 / 4 * unit + lone)) == 0
    assert out[2] == w1 + w2


def test_thdm_delta_a_reuses_the_h_loop_of_a_l():
    """thdm_X: delta_a_l's SM-Higgs reference and a_l.h evaluate one a_neutral_scalar(m_l, m_l, M_h)
    (in its form with the log passed in, a_neutral_scalar_l: test_thdm_neutral_scalar_loops_share_the_boson_logs)."""
    from modelgen.ir import LOOP_FUNCTIONS
    ir = build_ir(mg.load_model("thdm_X").derive())
    ns, nsl = LOOP_FUNCTIONS["a_neutral_scalar"], LOOP_FUNCTIONS["a_neutral_scalar_l"]
    outs = {o.name: o.expr for o in ir.outputs}
    M_h = [p for p in ir.parameters if p.name == "M_h"][0]
    for lep in ("e", "mu", "tau"):
        calls = set()
        for name in (f"a_{lep}.h", f"delta_a_{lep}"):
            calls |= {c for c in outs[name].atoms(ns, nsl) if str(c.args[2]) == M_h.name}
        assert len(calls) == 1, (lep, calls)


def test_thdm_neutral_scalar_loops_share_the_boson_logs():
    """thdm_X: every one-loop h, H, A lepton loop is a_neutral_scalar_l(m, m, M, ..., ln r) with
    ln r = 2 ln_abs(m) - 2 ln_abs(M), the ln_abs(M) the Barr-Zee fermion loops at M call
    (ir_twoloop.share_boson_logs); no plain a_neutral_scalar is left; a model without Barr-Zee (sm) keeps
    the plain call."""
    from modelgen.ir import LOOP_FUNCTIONS
    ns, nsl, ln = (LOOP_FUNCTIONS[k] for k in ("a_neutral_scalar", "a_neutral_scalar_l", "ln_abs"))
    ir = build_ir(mg.load_model("thdm_X").derive())
    exprs = [o.expr for o in ir.outputs]
    calls = set().union(*(e.atoms(nsl) for e in exprs))
    assert not set().union(*(e.atoms(ns) for e in exprs))
    logged = {c.args[0] for e in exprs for c in e.atoms(ln)}
    assert {str(c.args[2]) for c in calls} == {"M_h", "M_H", "M_A"}
    for c in calls:
        m, mb = c.args[0], c.args[2]
        assert c.args[1] == m and mb in logged and sp.expand(c.args[-1] - (2 * ln(m) - 2 * ln(mb))) == 0, c
    sm_ir = build_ir(mg.load_model("sm").derive())
    assert not any(o.expr.has(nsl) for o in sm_ir.outputs) and any(o.expr.has(ns) for o in sm_ir.outputs)


def test_share_loop_moments_keeps_the_log_argument():
    """ir_delta.share_loop_moments on a_neutral_scalar_l: the couplings are the four arguments after the
    masses, the trailing ln r is kept (and calls with different ln r are not grouped)."""
    from modelgen.ir import LOOP_FUNCTIONS
    from modelgen.ir_delta import share_loop_moments
    nsl = LOOP_FUNCTIONS["a_neutral_scalar_l"]
    m, M, c, c0, L, L2 = sp.symbols("m M c c0 L L2", positive=True)
    out = share_loop_moments([nsl(m, m, M, c, 0, 0, 0, L) + nsl(m, m, M, -c0 / 2, 0, 0, 0, L),
                              nsl(m, m, M, c, 0, 0, 0, L2)])
    assert sp.expand(out[0] - (c**2 + c0**2 / 4) * nsl(m, m, M, 1, 0, 0, 0, L)) == 0
    assert out[1] == nsl(m, m, M, c, 0, 0, 0, L2)


def test_thdm_w_loop_takes_the_shared_logs():
    """thdm_X: the Barr-Zee W loop F3(M_W^2/M^2) at h and H is bz_F3_l(w, ln w) with ln w =
    ln_abs(M_W^2) - 2 ln_abs(M) (ir_twoloop.with_log_argument: M_W^2 is a sum SymPy proves positive),
    the ln_abs(M) the fermion loops at M call; no plain bz_F3 is left."""
    from modelgen.ir import LOOP_FUNCTIONS
    f3, f3l, ln = (LOOP_FUNCTIONS[k] for k in ("bz_F3", "bz_F3_l", "ln_abs"))
    ir = build_ir(mg.load_model("thdm_X").derive())
    exprs = [o.expr for o in ir.outputs]
    assert not set().union(*(e.atoms(f3) for e in exprs))
    calls = set().union(*(e.atoms(f3l) for e in exprs))
    assert len(calls) == 2
    for c in calls:
        w, lw = c.args
        lnargs = [a.args[0] for a in lw.atoms(ln)]
        assert len(lnargs) == 2 and sp.simplify(sp.exp(lw.replace(ln, sp.log)) - w) == 0, c
