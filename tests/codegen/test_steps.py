"""Kernel steps of the lepton stage (modelgen.ir_steps) and what the template makes of them.

References are structural and independent of the renderer: the step order follows the data
flow (each array is written before it is read), the cimports of a generated module are exactly
the helpers its steps call (read back from the source text), and every output assignment line
names its output.
"""
import re
from pathlib import Path

import pytest

from modelgen.codegen import GENERATED_DIR, module_source
from modelgen.ir import build_ir
from modelgen.ir_steps import lepton_steps
from toy_models import sm_charged_scalar, sm_vll_singlets


@pytest.fixture(scope="module")
def bl_vll_steps(derivations):
    return lepton_steps(build_ir(derivations("bl_vll")).leptons)


def test_steps_follow_the_data_flow(bl_vll_steps):
    kinds = [s.kind for s in bl_vll_steps]
    solve, diag = kinds.index("solve"), kinds.index("diagonalise")
    fills = [s for s in bl_vll_steps if s.kind == "fill"]
    after = [i for i, s in enumerate(bl_vll_steps) if s.kind == "fill" and s.after_solve]
    before = [i for i, s in enumerate(bl_vll_steps) if s.kind == "fill" and not s.after_solve]
    assert max(before) < solve < min(after) < diag
    # contain the solved y_e: the scalar Yukawas and the h's Delta a matrices (ir_leptons.with_sm_neutral)
    assert {s.name for s in fills if s.after_solve} == {"Yh", "YhX", "DHh", "MH_H"}
    rotate = [i for i, k in enumerate(kinds) if k == "rotate"]
    assert diag < min(rotate) and max(rotate) < kinds.index("light") < kinds.index("dipole")
    assert [s.mediator for s in bl_vll_steps if s.kind == "dipole"] == ["W", "Z", "Zp", "h", "hX"]
    assert [(s.i, s.j) for s in bl_vll_steps if s.kind == "transition"] == [(1, 0), (2, 0), (2, 1)]


def _cimported(text):
    return {n.strip() for line in re.findall(r"^from modelgen\.\S+ cimport (.+)$", text, re.M)
            for n in line.split(",")}


def _called(text):
    """Names called in the kernel, and the cimported types it declares (memo_site of loops/memo.pxd)."""
    body = text.split("cdef int _point", 1)[1]
    return set(re.findall(r"\b([A-Za-z_]\w*)\(", body)) | set(re.findall(r"\b([A-Za-z_]\w*)(?:\*| \w+\[)", body))


@pytest.mark.parametrize("name", ["sm", "bl", "bl_vll", "thdm_X"])
def test_cimports_are_exactly_the_helpers_called(name):
    text = Path(GENERATED_DIR, f"{name}.pyx").read_text()
    assert _cimported(text) == _cimported(text) & _called(text)
    if name != "bl_vll":
        assert "modelgen.kernels" not in text


@pytest.mark.parametrize("cp", [False, True])
def test_charged_scalar_kind_cimports_its_helpers(cp):
    """The cimports of a mediator kind come from its block of templates/steps.pyx.j2 (CIMPORTS)."""
    text = module_source(sm_charged_scalar("t_sm_cs_cp" if cp else "t_sm_cs", singlet_vll=cp, cp=cp))
    assert _cimported(text) == _cimported(text) & _called(text)
    assert ({"cs_sum_c", "cs_lfv_c"} if cp else {"cs_sum", "cs_lfv"}) <= _cimported(text)


def test_every_output_line_names_its_output():
    text = Path(GENERATED_DIR, "bl_vll.pyx").read_text()
    module_outputs = re.findall(r'^    \("([^"]+)", "[^"]*", ', text.split("OUTPUTS = (", 1)[1], re.M)
    lines = re.findall(r"^    o\[(\d+)\*n\] = .*  # (\S+)$", text, re.M)
    assert [name for _, name in lines] == module_outputs
    assert [int(k) for k, _ in lines] == list(range(len(module_outputs)))
    assert "delta_a_mu.Zp" in module_outputs


def test_massless_neutrals_need_no_takagi():
    text = module_source(sm_vll_singlets())
    assert "majorana_takagi" not in text and "solve_light_yukawas" in _cimported(text)
