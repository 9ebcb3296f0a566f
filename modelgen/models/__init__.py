"""Built-in models (PHYSICS.md section 1), each a Python model definition built on demand."""
from importlib import import_module

from ..errors import ModelError

__all__ = ["BUILTIN", "load_model"]

BUILTIN = ("sm", "dark_photon", "bl", "bl_vll_doublet", "bl_vll_singlet", "bl_vll", "sm_vll", "lmu_ltau",
           "thdm_I", "thdm_II", "thdm_X", "thdm_Y")
#: name -> (module, builder, keyword arguments); default (name, "build", {})
_BUILDERS = {"bl_vll": ("bl_vll", "build", {}), "bl_vll_doublet": ("bl_vll", "build_doublet", {}),
             "bl_vll_singlet": ("bl_vll", "build_singlet", {}),
             **{f"thdm_{t}": ("thdm", "build", {"type": t}) for t in ("I", "II", "X", "Y")}}


def load_model(name: str):
    """Return a fresh :class:`~modelgen.model.Model` for a built-in model name."""
    if name not in BUILTIN:
        raise ModelError(f"unknown model {name!r}; built-in models: {', '.join(BUILTIN)}")
    module, builder, kwargs = _BUILDERS.get(name, (name, "build", {}))
    return getattr(import_module(f"{__name__}.{module}"), builder)(**kwargs)
