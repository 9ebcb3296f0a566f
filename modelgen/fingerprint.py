"""Input hash of a model's generated module, computed without deriving or rendering anything.

Consumes a :class:`~modelgen.model.Model`; produces a short hex digest of everything the
generated Cython source depends on: the modelgen version, the model's canonical fingerprint,
the templates and the derivation / IR / codegen sources.  The compiled module carries it as
``INPUT_HASH``, so a stale module is detected, and a cached model variant found
(:func:`modelgen.build.lookup`), in milliseconds; this module imports neither Jinja2 nor the
code generator.
"""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from . import __version__

__all__ = ["PACKAGE_DIR", "TEMPLATE_DIR", "input_hash", "builtin_input_hash"]

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = next((p for p in (PACKAGE_DIR.parent / "templates", PACKAGE_DIR / "templates")
                     if (p / "model.pyx.j2").exists()), PACKAGE_DIR.parent / "templates")
#: sources whose change changes generated code: the IR and every derivation/codegen module
_SOURCE_GLOBS = ("ir*.py", "derive/*.py", "codegen/*.py")


def input_hash(model) -> str:
    """Hash of everything the generated module depends on; cheap (no derivation)."""
    h = hashlib.sha256()
    h.update(__version__.encode())
    h.update(model.fingerprint().encode())
    for p in sorted(TEMPLATE_DIR.glob("*.j2")):
        h.update(p.read_bytes())
    for path in sorted(p for pattern in _SOURCE_GLOBS for p in PACKAGE_DIR.glob(pattern)):
        h.update(path.read_bytes())
    return h.hexdigest()[:20]


def _sources_digest(name: str) -> str:
    """Digest of everything a built-in Model and its input hash can depend on: the model name, every
    modelgen source file and template, and the versions of modelgen, SymPy and Python (a conservative
    superset: any change of the package's sources misses)."""
    h = hashlib.sha256()
    try:
        sympy_version = metadata.version("sympy")
    except metadata.PackageNotFoundError:  # pragma: no cover - sympy is a core dependency
        sympy_version = "?"
    h.update(f"{name}\0{__version__}\0{sympy_version}\0{sys.version}".encode())
    for path in sorted([*PACKAGE_DIR.rglob("*.py"), *PACKAGE_DIR.rglob("*.pxd"), *TEMPLATE_DIR.glob("*.j2")]):
        h.update(str(path.relative_to(path.parents[1])).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def builtin_input_hash(name: str, directory: Path) -> str:
    """``input_hash(load_model(name))`` for a built-in model without building the SymPy Model (about
    1 s of SymPy import and construction per process) when it was computed before from the same
    sources: remembered in ``directory`` under :func:`_sources_digest` (written atomically; an
    unreadable or malformed entry is recomputed)."""
    key = _sources_digest(name)
    entry = Path(directory) / "builtin-hashes" / f"{name}-{key[:32]}"
    try:
        text = entry.read_text().strip()
        if len(text) == 20 and all(c in "0123456789abcdef" for c in text):
            return text
    except OSError:
        pass
    from .models import load_model
    model = load_model(name)
    value = input_hash(model)
    if model.name == name:
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=f".{name}-")
            with os.fdopen(fd, "w") as f:
                f.write(value)
            os.replace(tmp, entry)
        except OSError:  # a read-only cache only costs the Model build next time
            pass
    return value
