"""Model frontend: what the user writes (groups, fields, vevs, mixing, parameters); no derivation."""
from .content import ComplexScalar, DiracState, GaugeGroup, WeylFermion
from .model import Model
from .parameters import Parameter, Relation

__all__ = ["Model", "GaugeGroup", "WeylFermion", "ComplexScalar", "DiracState", "Parameter", "Relation"]
