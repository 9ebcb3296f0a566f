"""Build stage: compile a generated ``.pyx`` into an importable extension, cached by content.

Built-in models are compiled by ``setup.py`` at install time (``modelgen.generated.<model>``).
Model variants (or a stale built-in) are compiled on demand into a cache directory keyed by the
hash of the source text and the compiler flags; the result is written via a temporary directory
and ``os.replace`` so concurrent builds never see half-written files.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path

from .errors import BuildError

__all__ = ["cache_dir", "compile_module", "CFLAGS"]

CFLAGS = ["-O3"] + (["-fopenmp"] if sys.platform.startswith("linux") else [])
LDFLAGS = ["-fopenmp"] if sys.platform.startswith("linux") else []


def cache_dir() -> Path:
    root = os.environ.get("MODELGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "modelgen")
    return Path(root)


def _import_path(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compile_module(source: str, model_name: str, progress=None):
    """Compile Cython ``source`` as module ``modelgen_jit_<model>_<hash>``; returns the module."""
    import numpy
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    key = hashlib.sha256((source + repr(CFLAGS) + sys.version + numpy.__version__).encode()).hexdigest()[:16]
    name = f"modelgen_jit_{model_name}_{key}"
    target = cache_dir() / key
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    built = target / f"{name}{suffix}"
    if built.exists():
        return _import_path(name, built)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".build-{key}-", dir=str(target.parent)))
    try:
        pyx = work / f"{name}.pyx"
        pyx.write_text(source)
        project_root = Path(__file__).resolve().parent.parent
        ext = Extension(name, [str(pyx)], include_dirs=[numpy.get_include()],
                        extra_compile_args=CFLAGS, extra_link_args=LDFLAGS)
        if progress:
            progress(f"compiling {model_name} evaluator (cache {target})")
        exts = cythonize([ext], include_path=[str(project_root)], language_level=3, quiet=True)
        dist = Distribution({"name": name, "ext_modules": exts})
        cmd = dist.get_command_obj("build_ext")
        cmd.build_lib = str(work)
        cmd.build_temp = str(work / "tmp")
        cmd.ensure_finalized()
        cmd.run()
        so = next(work.glob(f"{name}*{suffix}"))
        final = work / "final"
        final.mkdir()
        shutil.move(str(so), final / so.name)
        try:
            os.replace(final, target)
        except OSError:
            pass  # another process finished the same build first
    except Exception as exc:  # compiler errors come as several exception types
        raise BuildError(f"compiling the {model_name} evaluator failed: {exc}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _import_path(name, built)
