"""Exceptions raised by modelgen; each message names the culprit and, where one exists, the fix."""

__all__ = ["ModelgenError", "ModelError", "ParameterError", "BuildError", "DataError"]


class ModelgenError(Exception):
    """Base class of every modelgen error."""


class ModelError(ModelgenError):
    """The model itself is wrong: gauge anomaly, non-invariant term, unknown or duplicate field."""


class ParameterError(ModelgenError, ValueError):
    """An unknown, missing or non-physical parameter value; the message names it and its range."""


class BuildError(ModelgenError):
    """The compiled evaluator is missing or stale; the message gives the command that fixes it."""


class DataError(ModelgenError):
    """A malformed or unknown experimental data set; the message names file, key and line."""
