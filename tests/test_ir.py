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
