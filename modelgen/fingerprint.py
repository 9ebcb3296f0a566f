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
from pathlib import Path

from . import __version__

__all__ = ["PACKAGE_DIR", "TEMPLATE_DIR", "input_hash"]

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
