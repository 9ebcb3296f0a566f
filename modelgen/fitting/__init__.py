"""Fits of a model to a data set: χ² objective, MIGRAD/HESSE/MINOS (SciPy fallback), multistart,
profile likelihood, TOML-configured runs (``modelgen fit --config fit.toml``).

Consumes an evaluator (model name, Model or Evaluator), a data set and free-parameter boxes;
produces a :class:`FitResult` (:func:`fit`) or a profile table (:func:`profile`).
"""
from modelgen.fitting.core import fit, profile
from modelgen.fitting.result import Contribution, FitResult

__all__ = ["fit", "profile", "FitResult", "Contribution"]
