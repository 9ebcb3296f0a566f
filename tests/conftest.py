import pytest

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
