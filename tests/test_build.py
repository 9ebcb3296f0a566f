"""Build cache: content keys, checksums, the input-hash index, locking and early rejection.

The compiled modules here are tiny Cython sources, except one real model variant, so the file
costs one model compilation.
"""
import os
import subprocess
import sys
import textwrap

import pytest

from modelgen import build
from modelgen.errors import BuildError, ModelError

TINY = "def answer():\n    return 42\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MODELGEN_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_key_covers_cimported_pxd_recursively_and_cython_version(tmp_path, monkeypatch):
    pkg = tmp_path / "fakepkg"
    pkg.mkdir()
    (pkg / "helpers.pxd").write_text("from fakepkg.inner cimport g\ncdef inline double f(double x) noexcept nogil:\n    return g(x)\n")
    (pkg / "inner.pxd").write_text("cdef inline double g(double x) noexcept nogil:\n    return x\n")
    monkeypatch.setattr(build, "PROJECT_ROOT", tmp_path)
    source = "from fakepkg.helpers cimport f\n"
    k0 = build.cache_key(source)
    assert build.cache_key(source) == k0
    (pkg / "inner.pxd").write_text("cdef inline double g(double x) noexcept nogil:\n    return 2 * x\n")
    k1 = build.cache_key(source)
    assert k1 != k0, "a change in a .pxd cimported by a cimported .pxd must change the key"
    import Cython
    monkeypatch.setattr(Cython, "__version__", Cython.__version__ + ".post-test")
    assert build.cache_key(source) != k1


def test_corrupted_module_is_detected_and_rebuilt(cache):
    mod = build.compile_module(TINY, "tiny", input_hash="h-tiny")
    assert mod.answer() == 42
    assert build.lookup("tiny", "h-tiny").answer() == 42
    so = next(cache.glob("*/modelgen_jit_tiny_*"))
    data = so.read_bytes()
    so.unlink()                                    # new inode: the loaded copy stays mapped intact
    so.write_bytes(data[:1000])                    # truncated, as after a crash or a full disk
    assert build.lookup("tiny", "h-tiny") is None  # checksum fails: not imported
    assert not so.exists()
    assert build.compile_module(TINY, "tiny", input_hash="h-tiny").answer() == 42


def test_two_processes_build_once(cache, tmp_path):
    script = tmp_path / "race.py"
    script.write_text(textwrap.dedent(f"""
        from modelgen.build import compile_module
        mod = compile_module({TINY + "# race"!r}, "race", progress=lambda msg: print("COMPILING", flush=True))
        print("ANSWER", mod.answer())
    """))
    procs = [subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert all("ANSWER 42" in o for o in outs)
    assert sum(o.count("COMPILING") for o in outs) == 1, outs


@pytest.mark.parametrize("name", ["bad name", "1st", "a-b", ""])
def test_invalid_variant_name_rejected_before_any_work(name, monkeypatch):
    import modelgen as mg
    from modelgen.model import Model
    m = mg.load_model("dark_photon")
    m.name = name
    monkeypatch.setattr(Model, "derive", lambda self: pytest.fail("derived an invalid variant"))
    with pytest.raises(BuildError, match="invalid model name"):
        mg.evaluator(m, build=True)


@pytest.mark.parametrize("charge", ["abc def", "1/0", float("nan"), 1j, None])
def test_invalid_charge_rejected(charge):
    from modelgen.models import bl_vll
    with pytest.raises(ModelError, match="charge"):
        bl_vll.build_doublet(q_L=charge)


def test_cached_variant_found_without_deriving(cache, monkeypatch):
    import modelgen as mg
    from modelgen.model import Model
    variant = mg.load_model("dark_photon")
    variant.name = "dark_photon_variant"
    first = mg.evaluator(variant, build=True)
    assert first({})["status"] == 0
    monkeypatch.setattr(Model, "derive", lambda self: pytest.fail("re-derived a cached variant"))
    again = mg.evaluator(variant, build=True)
    assert again.module is first.module or again.module.INPUT_HASH == first.module.INPUT_HASH


def test_evaluation_imports_no_codegen():
    code = textwrap.dedent("""
        import sys
        import modelgen as mg
        ev = mg.evaluator("bl")
        ev({"eps_k": [1e-3, 2e-3]})
        bad = [m for m in sys.modules if m == "jinja2" or m.startswith("modelgen.codegen")]
        print("IMPORTED", bad)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "IMPORTED []" in out, out


def test_index_refuses_an_entry_whose_kernels_changed(cache, tmp_path, monkeypatch):
    """The input hash does not cover hand-written .pxd kernels: a changed kernel must not be
    served from the index (the caller then re-derives and compiles against the new kernel)."""
    pkg = tmp_path / "kernpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "k.pxd").write_text("cdef inline double f(double x) noexcept nogil:\n    return x\n")
    monkeypatch.setattr(build, "PROJECT_ROOT", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    source = "from kernpkg.k cimport f\ndef answer():\n    return f(42.0)\n"
    assert build.compile_module(source, "kern", input_hash="h-kern").answer() == 42.0
    assert build.lookup("kern", "h-kern").answer() == 42.0
    (pkg / "k.pxd").write_text("cdef inline double f(double x) noexcept nogil:\n    return 2 * x\n")
    assert build.lookup("kern", "h-kern") is None, "served a module built against the old kernel"
    rebuilt = build.compile_module(source, "kern", input_hash="h-kern")
    assert rebuilt.answer() == 84.0
    assert build.lookup("kern", "h-kern").answer() == 84.0


def test_builtin_input_hash_is_remembered_per_source_state(tmp_path, monkeypatch):
    """The input hash of a built-in model, remembered under a digest of the package's sources, equals
    the hash computed from the SymPy Model (reference: fingerprint.input_hash on load_model); a second
    call reads it without building the Model; a malformed entry is recomputed."""
    from modelgen import fingerprint, models
    want = fingerprint.input_hash(models.load_model("dark_photon"))
    assert fingerprint.builtin_input_hash("dark_photon", tmp_path) == want
    (entry,) = (tmp_path / "builtin-hashes").iterdir()
    monkeypatch.setattr(models, "load_model", lambda name: pytest.fail("built the Model of a remembered hash"))
    assert fingerprint.builtin_input_hash("dark_photon", tmp_path) == want
    monkeypatch.undo()
    entry.write_text("not a hash")
    assert fingerprint.builtin_input_hash("dark_photon", tmp_path) == want
    assert entry.read_text() == want


def test_installed_builtin_found_without_sympy(tmp_path):
    """A process that loads an installed built-in evaluator with a remembered input hash imports no
    SymPy (about 1 s of every `modelgen scan` / `eval` start); the first process computes it."""
    code = textwrap.dedent("""
        import sys
        import modelgen as mg
        ev = mg.evaluator("bl")
        assert ev({"eps_k": 2e-3})["status"] == 0
        print("SYMPY", "sympy" in sys.modules)
    """)
    env = {**os.environ, "MODELGEN_CACHE": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env=env).stdout for _ in range(2)]
    assert "SYMPY True" in runs[0] and "SYMPY False" in runs[1], runs


def test_compile_flags_from_environment(monkeypatch):
    """MODELGEN_OPT picks the C optimisation level of run-time builds, is part of the cache key, and
    an unknown level is a BuildError naming the variable."""
    monkeypatch.setenv("MODELGEN_OPT", "-O3")
    key3 = build.cache_key(TINY)
    assert build.compile_flags()[0] == "-O3"
    monkeypatch.setenv("MODELGEN_OPT", "-O1")
    assert build.compile_flags()[0] == "-O1" and build.cache_key(TINY) != key3
    monkeypatch.setenv("MODELGEN_OPT", "-Ofast")
    with pytest.raises(BuildError, match="MODELGEN_OPT"):
        build.compile_flags()
