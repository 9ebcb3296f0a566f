"""Build stage: compile a generated ``.pyx`` into an importable extension, cached by content.

Built-in models are compiled by ``setup.py`` at install time (``modelgen.generated.<model>``).
Model variants (or a stale built-in) are compiled on demand into a cache directory:

* the cache key hashes the source text, every ``.pxd`` it cimports (recursively), the compiler
  flags and the Python, NumPy and Cython versions, so a changed helper never reuses a stale
  binary;
* each entry holds the extension and its SHA-256; a truncated or corrupted binary fails the
  check and is rebuilt instead of being imported (importing one can crash the interpreter);
* an index maps the model's input hash (:func:`modelgen.fingerprint.input_hash`, no
  derivation) to its entry and the module's IR hash (:mod:`modelgen.ir_canon`), so
  :func:`lookup` finds a built variant in milliseconds; the input hash does not cover the
  hand-written kernels, so the index also records the ``.pxd`` files the module cimported and
  a digest of them and of the tool versions, and :func:`lookup` refuses an entry whose
  kernels or tools changed since it was built (the caller then re-derives and rebuilds);
* a build holds an exclusive file lock on its key: a second process building the same variant
  waits, then imports the first one's result;
* results are written into a temporary directory and moved in place with ``os.replace``.
"""
from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import json
import os
import re
import shutil
import sys
import sysconfig
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import BuildError

__all__ = ["cache_dir", "cache_key", "check_module_name", "compile_flags", "compile_module", "lookup"]

#: C optimisation levels accepted from MODELGEN_OPT (compile_flags)
OPT_LEVELS = ("-O0", "-O1", "-O2", "-O3", "-Os")
LDFLAGS = ["-fopenmp"] if sys.platform.startswith("linux") else []
PROJECT_ROOT = Path(__file__).resolve().parent.parent
_CIMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+cimport|cimport\s+([\w.]+))", re.M)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")


def cache_dir() -> Path:
    root = os.environ.get("MODELGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "modelgen")
    return Path(root)


def check_module_name(name) -> str:
    """A model name becomes part of a module name: a Python identifier, checked before any work."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise BuildError(f"invalid model name {name!r}: it names the compiled module, so it must be a "
                         f"Python identifier (letters, digits, '_', not starting with a digit)")
    return name


def _cimported_pxds(text: str, seen: dict) -> dict:
    """{path: bytes} of every project ``.pxd`` cimported by ``text``, followed recursively."""
    for match in _CIMPORT.finditer(text):
        module = match.group(1) or match.group(2)
        path = PROJECT_ROOT.joinpath(*module.split(".")).with_suffix(".pxd")
        if path.is_file() and path not in seen:
            seen[path] = path.read_bytes()
            _cimported_pxds(seen[path].decode(), seen)
    return seen


def compile_flags() -> list[str]:
    """C flags of a module built at run time: ``-O3`` (as setup.py builds the installed modules) and
    OpenMP, or the level in the environment variable ``MODELGEN_OPT`` (one of OPT_LEVELS).  The test
    suite sets ``-O1``: it compiles the variants it builds about 2.6x faster (gcc on a generated
    module: 6.8 s against 17.8 s) with the same IEEE arithmetic (no fast-math at any level, no FMA
    contraction on the baseline x86-64 target), only slower code.  The flags are part of the cache
    key, so an -O1 module is never served to an -O3 build."""
    opt = os.environ.get("MODELGEN_OPT", "-O3")
    if opt not in OPT_LEVELS:
        raise BuildError(f"MODELGEN_OPT={opt!r}: expected one of {', '.join(OPT_LEVELS)}")
    return [opt] + (["-fopenmp"] if sys.platform.startswith("linux") else [])


def _tools() -> tuple:
    import Cython
    import numpy
    return (repr(compile_flags()), repr(LDFLAGS), sys.version, numpy.__version__, Cython.__version__)


def _dependency_digest(paths) -> str:
    """Digest of the tool versions and of the current bytes of the given project ``.pxd`` files."""
    h = hashlib.sha256()
    for part in _tools():
        h.update(part.encode())
    for rel in sorted(paths):
        h.update(rel.encode())
        try:
            h.update(PROJECT_ROOT.joinpath(rel).read_bytes())
        except OSError:
            h.update(b"<missing>")
    return h.hexdigest()[:16]


def cache_key(source: str) -> str:
    """Content key of a compiled module: source, cimported .pxd files, flags and tool versions."""
    h = hashlib.sha256()
    for part in (source,) + _tools():
        h.update(part.encode())
    for path, data in sorted(_cimported_pxds(source, {}).items()):
        h.update(str(path.relative_to(PROJECT_ROOT)).encode())
        h.update(data)
    return h.hexdigest()[:16]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_verified(name: str, entry: Path):
    """Import ``entry/<name><suffix>`` if its checksum matches; None when absent or corrupted."""
    so, digest = entry / f"{name}{_SUFFIX}", entry / "sha256"
    try:
        if _sha256(so) != digest.read_text().strip():
            raise OSError("checksum mismatch")
    except OSError:
        if entry.exists():
            shutil.rmtree(entry, ignore_errors=True)  # truncated or corrupted: rebuild
        return None
    spec = importlib.util.spec_from_file_location(name, str(so))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def _locked(key: str):
    lock_dir = cache_dir() / "locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_dir / f"{key}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _index_path(input_hash: str) -> Path:
    return cache_dir() / "index" / f"{input_hash}.json"


def lookup(model_name: str, input_hash: str):
    """The cached module built from a model with this input hash, or None (no derivation)."""
    try:
        info = json.loads(_index_path(input_hash).read_text())
    except (OSError, ValueError):
        return None
    if info.get("model") != model_name:
        return None
    pxds = info.get("pxds")
    if pxds is None or info.get("deps") != _dependency_digest(pxds):
        return None  # a cimported kernel or a tool changed since the entry was built
    return _load_verified(info["module"], cache_dir() / info["key"])


def _write_index(input_hash: str, model_name: str, name: str, key: str, ir_hash: str | None,
                 source: str):
    path = _index_path(input_hash)
    path.parent.mkdir(parents=True, exist_ok=True)
    pxds = [str(p.relative_to(PROJECT_ROOT)) for p in _cimported_pxds(source, {})]
    fd, tmp = tempfile.mkstemp(dir=str(path.parent), prefix=".tmp-")
    with os.fdopen(fd, "w") as fh:
        json.dump({"model": model_name, "module": name, "key": key, "ir_hash": ir_hash,
                   "pxds": sorted(pxds), "deps": _dependency_digest(pxds)}, fh)
    os.replace(tmp, path)


def _compile(source: str, name: str, work: Path):
    import numpy
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    pyx = work / f"{name}.pyx"
    pyx.write_text(source)
    ext = Extension(name, [str(pyx)], include_dirs=[numpy.get_include()],
                    extra_compile_args=compile_flags(), extra_link_args=LDFLAGS)
    exts = cythonize([ext], include_path=[str(PROJECT_ROOT)], language_level=3, quiet=True)
    dist = Distribution({"name": name, "ext_modules": exts})
    cmd = dist.get_command_obj("build_ext")
    cmd.build_lib = str(work)
    cmd.build_temp = str(work / "tmp")
    cmd.ensure_finalized()
    cmd.run()
    return next(work.glob(f"{name}*{_SUFFIX}"))


def compile_module(source: str, model_name: str, progress=None, input_hash: str | None = None):
    """Compile Cython ``source`` as module ``modelgen_jit_<model>_<key>``; returns the module.

    With ``input_hash`` the result is also indexed for :func:`lookup`.
    """
    check_module_name(model_name)
    key = cache_key(source)
    name = f"modelgen_jit_{model_name}_{key}"
    target = cache_dir() / key
    with _locked(key):
        module = _load_verified(name, target)
        if module is None:
            target.parent.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=f".build-{key}-", dir=str(target.parent)))
            try:
                if progress:
                    progress(f"compiling {model_name} evaluator (cache {target})")
                so = _compile(source, name, work)
                final = work / "final"
                final.mkdir()
                shutil.move(str(so), final / f"{name}{_SUFFIX}")
                (final / "sha256").write_text(_sha256(final / f"{name}{_SUFFIX}"))
                os.replace(final, target)
            except Exception as exc:  # compiler errors come as several exception types
                raise BuildError(f"compiling the {model_name} evaluator failed: {exc}") from exc
            finally:
                shutil.rmtree(work, ignore_errors=True)
            module = _load_verified(name, target)
            if module is None:
                raise BuildError(f"the {model_name} evaluator built in {target} fails its checksum")
        if input_hash is not None:
            _write_index(input_hash, model_name, name, key, getattr(module, "IR_HASH", None), source)
    return module
