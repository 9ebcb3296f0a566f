"""Wall time of derive, generate (render) and build (compile) for every built-in model, and of
finding an already-built model variant in the cache (input-hash index, no derivation).

Each model is compiled into a fresh temporary cache, so the build column is a cold compile
on this machine (the install compiles the models in parallel, one per core).

Run: python benchmarks/bench_build.py [model ...]
"""
import os
import sys
import tempfile
import time

import modelgen as mg
from modelgen.build import compile_module, lookup
from modelgen.codegen.render import render_model
from modelgen.fingerprint import input_hash
from modelgen.ir import build_ir
from modelgen.models import BUILTIN


def main(names):
    os.environ["MODELGEN_CACHE"] = tempfile.mkdtemp(prefix="modelgen-bench-")
    print(f"{'model':16s} {'derive':>9s} {'lower':>9s} {'render':>9s} {'build':>9s} {'lookup':>10s}")
    for name in names:
        m = mg.load_model(name)
        m.name = f"{name}_bench"
        t0 = time.perf_counter()
        d = m.derive()
        t1 = time.perf_counter()
        ir = build_ir(d)
        t2 = time.perf_counter()
        want = input_hash(m)
        src = render_model(ir, want)
        t3 = time.perf_counter()
        compile_module(src, m.name, input_hash=want)
        t4 = time.perf_counter()
        again = mg.load_model(name)
        again.name = m.name
        lookup(m.name, input_hash(again))
        t5 = time.perf_counter()
        print(f"{name:16s} {t1 - t0:8.2f}s {t2 - t1:8.2f}s {t3 - t2:8.2f}s {t4 - t3:8.2f}s "
              f"{(t5 - t4) * 1e3:8.1f}ms")


if __name__ == "__main__":
    main(sys.argv[1:] or BUILTIN)
