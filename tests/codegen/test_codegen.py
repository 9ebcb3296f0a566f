"""Code generation: template contract, determinism, sync of generated/, printer output."""
import jinja2
import pytest
import sympy as sp
from jinja2 import meta

import modelgen as mg
from modelgen.codegen import GENERATED_DIR, module_source
from modelgen.codegen.printer import CythonCodePrinter, cse_lines
from modelgen.codegen.render import TEMPLATE_DIR, context_for, environment, input_hash
from modelgen.errors import BuildError
from modelgen.ir import build_ir
from modelgen.models import BUILTIN


@pytest.fixture(scope="module")
def bl_ir(derivations):
    return build_ir(derivations("bl"))


def test_template_variables_equal_context_keys(bl_ir):
    env = environment()
    source = (TEMPLATE_DIR / "model.pyx.j2").read_text()
    used = meta.find_undeclared_variables(env.parse(source))
    assert used == set(context_for(bl_ir, "x"))


def test_strict_undefined():
    with pytest.raises(jinja2.UndefinedError):
        environment().get_template("model.pyx.j2").render()


def test_rendering_is_deterministic():
    m = mg.load_model("dark_photon")
    assert module_source(m) == module_source(mg.load_model("dark_photon"))


@pytest.mark.parametrize("name", BUILTIN)
def test_generated_files_in_sync(name):
    m = mg.load_model(name)
    mg.generate(m, check=True)
    head = (GENERATED_DIR / f"{name}.pyx").read_text().splitlines()[:3]
    assert "DO NOT EDIT" in head[0] and input_hash(m) in head[1]


def test_check_detects_difference(tmp_path):
    m = mg.load_model("sm")
    (tmp_path / "sm.pyx").write_text("# edited by hand\n")
    with pytest.raises(BuildError, match="not in sync.*modelgen generate sm"):
        mg.generate(m, output_dir=tmp_path, check=True)
    mg.generate(m, output_dir=tmp_path)
    mg.generate(m, output_dir=tmp_path, check=True)


def test_hash_changes_with_a_charge():
    a, b = mg.load_model("bl"), mg.load_model("bl")
    b.fermions["nu_R"] = b.fermions["nu_R"].__class__("nu_R", "R", {"BL": -1, "Y": 0}, 3)
    assert input_hash(a) != input_hash(b)


def test_printer_cython_syntax():
    x, y = sp.symbols("x y")
    p = CythonCodePrinter()
    assert p.doprint(sp.Piecewise((x, y > 0), (y, True))) == "(x if y > 0 else y)"
    assert p.doprint(sp.And(x > 0, y > 0)) == "(x > 0 and y > 0)"
    assert "?" not in p.doprint(sp.sign(x))
    assert p.doprint(1 / sp.sqrt(x + y)) == "(1.0/sqrt(x + y))"
    assert p.doprint(x ** sp.Rational(3, 2)) == "(x*sqrt(x))"
    temps, codes = cse_lines([sp.sqrt(x + y) * x, (x + y) ** 2])
    assert temps == [("t0", "x + y")]
    assert codes == ["sqrt(t0)*x", "t0*t0"]


def test_finite_checks_skip_numbers_repeats_and_negations():
    """The end-of-point finiteness sums check each distinct output value once (render._finite_checks):
    a number, a repeat or the negation of a checked output adds nothing; may-be-NaN outputs are never
    checked; the checked outputs take the four accumulators in turn."""
    from types import SimpleNamespace
    from modelgen.codegen.render import _finite_checks
    x, y, z = sp.symbols("x y z")
    outs = [SimpleNamespace(may_be_nan=m) for m in (False,) * 8 + (True,)]
    exprs = [x, x, -x, sp.Integer(0), sp.Rational(1, 3), y, 2 * x, x + y, z]
    assert _finite_checks(outs, exprs, CythonCodePrinter()) == [0, None, None, None, None, 1, 2, 3, None]
