"""modelgen: write a particle-physics model once in SymPy, derive its couplings, generate and
call a compiled evaluator.

Pipeline (DESIGN.md): model -> derive -> ir -> codegen -> build -> evaluate.
"""
__version__ = "0.1.0"

from .errors import BuildError, DataError, ModelError, ParameterError  # noqa: E402
from .models import load_model  # noqa: E402


def generate(model, output_dir=None, check=False):
    """Render the model's kernels into ``generated/`` (or ``output_dir``); returns the paths."""
    from .codegen import generate as _generate
    return _generate(model, output_dir=output_dir, check=check)


def evaluator(model, build=False):
    """The compiled evaluator of a built-in model name or a Model (see modelgen.evaluate)."""
    from .evaluate import evaluator as _evaluator
    return _evaluator(model, build=build)


def fit(model, data, free, **options):
    """Fit free parameters of ``model`` to a data set (see modelgen.fitting.core.fit);
    ``modelgen.fit.profile(...)`` is the profile-likelihood scan of one parameter."""
    from .fitting import fit as _fit
    return _fit(model, data, free, **options)


def _profile(model, data, parameter, values, **options):
    """Profile χ² of one parameter (see modelgen.fitting.core.profile)."""
    from .fitting import profile as _profile_impl
    return _profile_impl(model, data, parameter, values, **options)


fit.profile = _profile

__all__ = ["load_model", "generate", "evaluator", "fit", "ModelError", "ParameterError", "BuildError",
           "DataError", "__version__"]
