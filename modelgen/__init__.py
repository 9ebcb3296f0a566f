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


__all__ = ["load_model", "generate", "evaluator", "ModelError", "ParameterError", "BuildError",
           "DataError", "__version__"]
