"""Canonical print of the kernel IR: deterministic, and it changes exactly when the computation does.

References are structural: the same model derived in two processes with different hash seeds
prints identically; a changed parameter default changes the print; a changed model description (not part of the kernel) does not; the committed generated module carries the
hash of the current IR.
"""
import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import modelgen as mg
from modelgen.codegen import GENERATED_DIR
from modelgen.ir import build_ir
from modelgen.ir_canon import canonical_text, ir_hash

_PRINT = "import modelgen as mg; from modelgen.ir import build_ir; from modelgen.ir_canon import ir_hash; " \
         "print(ir_hash(build_ir(mg.load_model('dark_photon').derive())))"


def _ir(model):
    return build_ir(model.derive())


def test_same_model_same_print_across_processes():
    here = ir_hash(_ir(mg.load_model("dark_photon")))
    env = dict(os.environ, PYTHONHASHSEED="12345")
    other = subprocess.run([sys.executable, "-c", _PRINT], env=env, capture_output=True, text=True, check=True)
    assert other.stdout.strip() == here


def test_print_tracks_the_computation_not_the_prose():
    base = mg.load_model("dark_photon")
    text = canonical_text(_ir(base))
    assert "Symbol('eps_k', real=True)" in text and "eps_V.e" in text
    described = mg.load_model("dark_photon")
    described.description = "another description"
    assert canonical_text(_ir(described)) == text
    shifted = mg.load_model("dark_photon")
    shifted.parameters["eps_k"] = dataclasses.replace(shifted.parameters["eps_k"], default=2e-3)
    assert canonical_text(_ir(shifted)) != text


def test_generated_module_carries_the_current_ir_hash():
    text = Path(GENERATED_DIR, "sm.pyx").read_text()
    assert f'IR_HASH = "{ir_hash(_ir(mg.load_model("sm")))}"' in text
