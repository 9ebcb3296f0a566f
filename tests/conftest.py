import os

import pytest

# the variants the tests build compile at -O1 (modelgen.build.compile_flags: the same IEEE arithmetic,
# ~2.6x less gcc time; part of the cache key); MODELGEN_OPT=-O3 in the environment tests the -O3 code
os.environ.setdefault("MODELGEN_OPT", "-O1")

import modelgen as mg


@pytest.fixture(scope="session")
def derivations():
    """Derived built-in models, shared by the tests (derivation takes seconds)."""
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = mg.load_model(name).derive()
        return cache[name]
    return get
