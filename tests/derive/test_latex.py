"""`modelgen derive --format latex`: LaTeX that compiles (pdflatex when installed, else a parser).

References: the LaTeX grammar itself — balanced braces and environments (pylatexenc's strict
parser, or pdflatex -halt-on-error), ``_`` and ``^`` are math-only (so never inside ``\\text{}``),
and the expected spellings of the symbols written out below.
"""
import re
import shutil
import subprocess

import pytest

from modelgen import cli
from modelgen.derive.latex import latex_expr, tex_label, tex_name

pylatexenc = pytest.importorskip("pylatexenc.latexwalker")

PREAMBLE = "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"


@pytest.mark.parametrize("name, tex", [
    ("eps_k", r"\epsilon_{k}"), ("g_BL", "g_{BL}"), ("M_Zp", "M_{Z'}"), ("M_hX", "M_{h_{X}}"),
    ("v_X_sq", "{v_{X}}^{2}"), ("lam_L^T", r"{\lambda_{L}}^{T}"), ("m_mu", r"m_{\mu}"),
    ("theta_W", r"\theta_{W}"), ("alpha", r"\alpha"), ("gY", "g_{Y}"), ("nu_e", r"\nu_{e}"),
])
def test_symbol_names(name, tex):
    assert tex_name(name) == tex


@pytest.mark.parametrize("label, tex", [
    ("M_A^2", "M_{A}^{2}"), ("M_Zp^2", "M_{Z'}^{2}"),
    ("eps_V(nu_e) [LO]", r"\epsilon_{V}(\nu_{e})\ \text{(LO)}"), ("g_L(Z,e)", "g_{L}(Z, e)"),
])
def test_row_labels(label, tex):
    assert tex_label(label) == tex


def _check_structure(body):
    walker = pylatexenc.LatexWalker(PREAMBLE + body + "\n\\end{document}\n", tolerant_parsing=False)
    walker.get_latex_nodes()  # raises on an unbalanced brace or environment
    texts = re.findall(r"\\text\{([^{}]*)\}", body)
    assert all("_" not in t and "^" not in t for t in texts), texts


@pytest.fixture(scope="module")
def bl_vll_latex(derivations):
    """Exact couplings and the lepton mass-matrix blocks of the HKOT model (the leading-order
    series of every vertex is slow; its labels and one expression are tested separately)."""
    return derivations("bl_vll").latex(exact=True)


def test_cli_derive_latex(capsys):
    assert cli.main(["derive", "dark_photon", "--format", "latex", "--exact"]) == 0
    body = capsys.readouterr().out
    _check_structure(body)
    assert r"\epsilon_{k}" in body and "M_{A}^{2} &= 0" in body and "M_{Z'}" in body
    assert "eps_" not in body and "M_Zp" not in body  # every symbol went through tex_name


def test_bl_vll_latex_parses_and_spells_symbols(bl_vll_latex):
    _check_structure(bl_vll_latex)
    for tex in (r"\epsilon_{k}", "M_{A}^{2} &= 0", "g_{BL}", r"\lambda_{LE}", r"{\lambda_{L}}^{T}", "g_{L}(Z', e)"):
        assert tex in bl_vll_latex, tex
    assert "lam_" not in bl_vll_latex and "eps_" not in bl_vll_latex


def test_leading_order_expression(derivations):
    d = derivations("bl_vll")
    # PHYSICS.md §2: eps_V(e) = c_W eps_k - g_BL/e at first order (README tutorial)
    tex = latex_expr(d.leading_order(d.vertex_va("Zp", "e")[0]))
    assert r"\epsilon_{k}" in tex and "g_{BL}" in tex and "c_{W}" in tex
    _check_structure(f"\\begin{{align*}} {tex_label('eps_V(e) [LO]')} &= {tex} \\end{{align*}}")


def test_parser_catches_broken_latex():
    with pytest.raises(pylatexenc.LatexWalkerParseError):
        _check_structure("\\begin{align*} a_{b &= c \\end{align*}")
    with pytest.raises(AssertionError):
        _check_structure("\\begin{align*} \\text{M_A^2} &= 0 \\end{align*}")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed (parser check runs instead)")
def test_derive_latex_compiles_with_pdflatex(bl_vll_latex, tmp_path):
    (tmp_path / "derive.tex").write_text(PREAMBLE + bl_vll_latex + "\n\\end{document}\n")
    run = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode", "derive.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "derive.pdf").stat().st_size > 0
