"""Symbolic derivation: gauge mixing and mass-basis chiral couplings (PHYSICS.md section 2)."""
from .derivation import Derivation, derive

__all__ = ["Derivation", "derive"]
