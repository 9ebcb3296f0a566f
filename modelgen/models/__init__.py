"""Built-in models (PHYSICS.md section 1), each a Python model definition built on demand."""
from importlib import import_module

from ..errors import ModelError

__all__ = ["BUILTIN", "load_model"]

BUILTIN = ("sm", "dark_photon", "bl")


def load_model(name: str):
    """Return a fresh :class:`~modelgen.model.Model` for a built-in model name."""
    if name not in BUILTIN:
        raise ModelError(f"unknown model {name!r}; built-in models: {', '.join(BUILTIN)}")
    return import_module(f"{__name__}.{name}").build()
