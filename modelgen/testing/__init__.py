"""Test references shipped with the package but not used at run time: the NumPy lepton pipeline
(:mod:`modelgen.testing.numeric`) and its light-mass solve (:mod:`modelgen.testing.lightsolve`)."""

__all__ = []
