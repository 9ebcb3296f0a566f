"""Code generation: IR -> Cython text via the printer and Jinja2 templates; writes generated/."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import BuildError
from .render import PACKAGE_DIR, input_hash, render_model

__all__ = ["generate", "GENERATED_DIR", "module_source"]

GENERATED_DIR = next((p for p in (PACKAGE_DIR.parent / "generated", PACKAGE_DIR / "generated")
                      if p.is_dir()), PACKAGE_DIR.parent / "generated")


def module_source(model) -> str:
    """Derive, lower and render one model: the Cython source of its evaluator module."""
    from ..ir import build_ir
    return render_model(build_ir(model.derive()), input_hash(model))


def _write_atomic(path: Path, text: str):
    fd, tmp = tempfile.mkstemp(dir=str(path.parent), prefix=".tmp-", suffix=path.suffix)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.replace(tmp, path)


def generate(model, output_dir=None, check=False):
    """Write ``<output_dir>/<model>.pyx``; with ``check`` compare instead and raise on a difference."""
    out_dir = Path(output_dir) if output_dir else GENERATED_DIR
    path = out_dir / f"{model.name}.pyx"
    text = module_source(model)
    if check:
        if not path.exists() or path.read_text() != text:
            raise BuildError(f"{path} is not in sync with model {model.name!r} and the templates; "
                             f"run `modelgen generate {model.name}` and commit the result")
        return [path]
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_atomic(path, text)
    return [path]
