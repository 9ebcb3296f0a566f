"""Test references shipped with the package but not used at run time: the NumPy lepton pipeline
(:mod:`modelgen.testing.numeric`), its light-mass solve (:mod:`modelgen.testing.lightsolve`) and the
mpmath 2HDM Δa_μ reference (:mod:`modelgen.testing.thdm_reference`, needs the ``test`` extra)."""

__all__ = []
