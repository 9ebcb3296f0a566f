"""The :class:`Model`: gauge groups, fields, vevs, abelian kinetic mixing and parameters.

What a user writes; nothing here derives physics.  ``Model.validate()`` checks names, electric
neutrality of every vev and anomaly cancellation, raising :class:`~modelgen.errors.ModelError`
that names the culprit.  ``Model.fingerprint()`` is a content hash used to detect stale builds.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

import sympy as sp

from ..errors import ModelError
from .anomalies import check_anomalies
from .content import ComplexScalar, DiracState, GaugeGroup, WeylFermion, t3_of_component
from .parameters import Parameter, Relation
from .phases import with_phases
from .potential import PhysicalState, ScalarPotential, component_symbols

__all__ = ["Model", "YukawaTerm"]


@dataclass(frozen=True)
class YukawaTerm:
    """A user-written mass/Yukawa term, ``L > -coupling_ij psi_bar_{L,i} [S] chi_{R,j} + h.c.``.

    ``left``/``right`` name the fields; ``scalar`` the scalar (``None`` for a bare mass term) and
    ``conj`` whether the term contains its conjugate S* (for an SU(2) doublet S paired with a
    left-handed doublet this is S~ = i sigma2 S*; with a right-handed doublet, S^dagger chi_R).
    ``majorana``: ``L > -(1/2) coupling_ij [S] overline(psi_i^c) psi_j + h.c.`` of one field, or
    ``L > -coupling_ij [S] overline(psi_i^c) chi_j + h.c.`` of two different fields of the same
    chirality (``right`` names the second one).
    ``matrix`` is the generation-space coupling (SymPy matrix of parameters/symbols/numbers).
    The gauge-invariance check and the mass matrices live in :mod:`modelgen.derive.yukawa`.
    """

    name: str
    left: str
    right: str
    scalar: str | None
    conj: bool
    matrix: sp.ImmutableMatrix
    majorana: bool = False


class Model:
    """A gauge theory written in SymPy.

    Example (the SM hypercharge sector)::

        m = Model("toy", hypercharge="Y")
        m.gauge_group("Y", "U1", coupling=gY, boson="B")
        m.fermion("e_R", "R", {"Y": -1}, generations=3)
    """

    def __init__(self, name: str, hypercharge: str = "Y", weak: str = "SU2L", description: str = ""):
        self.name = name
        self.description = description
        self.hypercharge = hypercharge
        self.weak = weak
        self.groups: dict[str, GaugeGroup] = {}
        self.fermions: dict[str, WeylFermion] = {}
        self.scalars: dict[str, ComplexScalar] = {}
        self.states: dict[str, DiracState] = {}
        self.parameters: dict[str, Parameter] = {}
        self.relations: list[Relation] = []
        self.kinetic_mixings: dict[tuple[str, str], sp.Expr] = {}
        self.stueckelberg_masses: dict[str, sp.Symbol] = {}
        self.solve_for: tuple[sp.Symbol, str] | None = None

    # -- building ---------------------------------------------------------------------------
    def _new_name(self, name: str, what: str):
        taken = set(self.groups) | set(self.fermions) | set(self.scalars) | set(self.states)
        if name in taken:
            raise ModelError(f"model {self.name!r}: duplicate name {name!r} for a {what}")

    def gauge_group(self, name, kind, coupling, n=1, boson="", physical=""):
        """Declare a gauge group; ``physical`` names its massive vector eigenstate (:class:`GaugeGroup`)."""
        self._new_name(name, "gauge group")
        self.groups[name] = GaugeGroup(name, kind, coupling, n, boson, physical)
        return self.groups[name]

    def _check_reps(self, owner, reps):
        for g, rep in reps.items():
            if g not in self.groups:
                raise ModelError(f"{owner!r}: unknown gauge group {g!r} (known: {', '.join(self.groups)})")
            if isinstance(rep, (tuple, list)) and not self.groups[g].abelian:
                raise ModelError(f"{owner!r}: per-generation representations exist only for U(1) charges, "
                                 f"not under {g!r}")

    def fermion(self, name, chirality, reps, generations=1, latex=()):
        """A Weyl multiplet; a U(1) charge may be a tuple, one charge per generation; ``latex``
        labels its SU(2) components in printed matrices (a string for a singlet)."""
        self._new_name(name, "fermion")
        self._check_reps(name, reps)
        f = WeylFermion(name, chirality, reps, generations, latex)
        if f.latex and len(f.latex) != self.su2_dim(f):
            raise ModelError(f"fermion {name!r}: {len(f.latex)} LaTeX labels for {self.su2_dim(f)} SU(2) "
                             f"component(s); give one per component")
        self.fermions[name] = f
        return self.fermions[name]

    def scalar(self, name, reps, vev=None, vev_component=0, physical="", mass=""):
        """Declare a complex scalar; ``physical``/``mass`` name its real mediator and mass parameter."""
        self._new_name(name, "scalar")
        self._check_reps(name, reps)
        if bool(physical) != bool(mass) or (physical and vev is None):
            raise ModelError(f"scalar {name!r}: a physical mediator needs a vev, a name and a mass parameter "
                             f"(got physical={physical!r}, mass={mass!r}, vev={vev})")
        self.scalars[name] = ComplexScalar(name, reps, vev, vev_component, physical, mass)
        return self.scalars[name]

    def dirac(self, name, left, right=None, mass=None, latex="", kind="lepton"):
        """Declare a physical fermion from chiral components ``(field, SU(2) component)``."""
        self._new_name(name, "physical fermion")
        for comp in (left, right):
            if comp is not None and comp[0] not in self.fermions:
                raise ModelError(f"physical fermion {name!r}: unknown field {comp[0]!r}")
        self.states[name] = DiracState(name, tuple(left), tuple(right) if right else None, mass, latex or name, kind)
        return self.states[name]

    def parameter(self, name, default, unit="", lower=float("-inf"), upper=float("inf"),
                  description="", positive=False) -> sp.Symbol:
        if name in self.parameters:
            raise ModelError(f"model {self.name!r}: duplicate parameter {name!r}")
        self.parameters[name] = Parameter(name, default, unit, lower, upper, description, positive)
        return self.parameters[name].symbol

    def relation(self, symbol, expr, description=""):
        self.relations.append(Relation(symbol, sp.sympify(expr), description))

    def kinetic_mixing(self, group_a, group_b, eps):
        """Add -(eps/2) F_a F_b to the Lagrangian of two U(1) factors."""
        for g in (group_a, group_b):
            if g not in self.groups or not self.groups[g].abelian:
                raise ModelError(f"kinetic mixing needs two U(1) groups; {g!r} is not one of this model's")
        self.kinetic_mixings[(group_a, group_b)] = sp.sympify(eps)

    def stueckelberg(self, group, mass):
        """A Stueckelberg mass term (1/2) mass^2 X_mu X^mu for the U(1) ``group``."""
        if group not in self.groups or not self.groups[group].abelian:
            raise ModelError(f"Stueckelberg mass needs a U(1) group, {group!r} is not one")
        self.stueckelberg_masses[group] = mass

    def solve_mass_parameter(self, symbol, physical_mass: str):
        """Solve ``symbol`` (a vev or Stueckelberg mass) so that the Z' has mass ``physical_mass``."""
        self.solve_for = (symbol, physical_mass)

    def yukawa(self, name, left, right, scalar=None, conj=False, matrix=None, majorana=False, cp=False):
        """Declare ``L > -matrix_ij psi_bar_{L,i} [S or S*] chi_{R,j} + h.c.`` (see :class:`YukawaTerm`).

        Raises ModelError at once if the term is not gauge invariant, naming the group and the
        nonzero charge sum.  Without ``matrix`` the entries are real symbols ``<name><i><j>``.
        ``cp=True`` makes the couplings complex: each model parameter p among the entries becomes
        p exp(i phi_p) with a new phase parameter ``phi_<p>`` (rad, default 0; :mod:`.phases`).
        Terms are kept in ``self.yukawas`` (an attribute that exists only once a term is declared,
        so models without user-written terms keep their fingerprint).
        """
        from ..derive.yukawa import TermSpec, check_term
        for f in (left, right):
            if f not in self.fermions:
                raise ModelError(f"term {name!r}: unknown fermion {f!r} (known: {', '.join(self.fermions)})")
        if scalar is not None and scalar not in self.scalars:
            raise ModelError(f"term {name!r}: unknown scalar {scalar!r} (known: {', '.join(self.scalars)})")
        n_l, n_r = self.fermions[left].generations, self.fermions[right].generations
        if matrix is None:
            matrix = sp.Matrix(n_l, n_r, lambda i, j: sp.Symbol(f"{name}{i + 1}{j + 1}", real=True))
        matrix = sp.ImmutableMatrix(matrix)
        if matrix.shape != (n_l, n_r):
            raise ModelError(f"term {name!r}: coupling matrix is {matrix.shape}, needs {(n_l, n_r)}")
        if majorana and left == right:
            # eps_ab psi^a psi^b of an SU(2) doublet is antisymmetric in the generations
            sign = -1 if self.su2_dim(self.fermions[left]) == 2 else 1
            if matrix != sign * matrix.T:
                raise ModelError(f"Majorana term {name!r}: the coupling matrix must be "
                                 f"{'antisymmetric' if sign < 0 else 'symmetric'}")
        term = YukawaTerm(name, left, right, scalar, bool(conj), matrix, bool(majorana))
        check_term(self, term)
        if not hasattr(self, "yukawas"):
            self.yukawas: dict[str, YukawaTerm] = {}
        if name in self.yukawas:
            raise ModelError(f"model {self.name!r}: duplicate term name {name!r}")
        if cp:
            text = TermSpec(left, right, scalar, bool(conj), bool(majorana)).text()
            term = dataclasses.replace(term, matrix=with_phases(self, name, matrix, text))
        self.yukawas[name] = term
        return term

    def solve_yukawa(self, term: str, masses: tuple):
        """The diagonal entries y_i of term ``term`` are solved so the lightest Dirac masses of its
        sector equal the parameters ``masses`` (ascending), with light state i dominantly flavour i
        (the generation of y_i).  Stored as ``self.yukawa_targets = (term, masses, branches)``.

        Each y_i has two roots giving the same mass; one branch parameter per target, named after
        the target's flavour (``m_mu`` -> ``branch_mu``), picks one.  With the block-seesaw
        effective light mass m_i = y_i v/sqrt2 + delta_i, delta = -(M_lh M_hh^-1 M_hl)_ii the
        mixing-induced part, the branch is sign(m_i delta_i): +1 when the mixing adds to the
        physical mass (constructive), -1 when it subtracts.  It is invariant under rephasing or
        rotating the heavy fields and under rephasing a light flavour; it sets the sign of the
        chirally enhanced Delta a (proportional to delta_i/m_i).  Without mixing (|delta_i| <= 1e-9 m_i)
        the roots are y and -y, the same physics up to a field sign, and the branch is sign(y_i).
        A value in [-1, 1] is read as its sign (0 counts as +1).
        """
        if term not in getattr(self, "yukawas", {}):
            raise ModelError(f"solve_yukawa: no term {term!r} declared")
        branches = []
        for p in masses:
            if p not in self.parameters:
                raise ModelError(f"solve_yukawa: unknown mass parameter {p!r}")
            flavour = p[2:] if p.startswith("m_") else p
            branches.append(self.parameter(
                f"branch_{flavour}", 1.0, "", -1.0, 1.0,
                f"root of the solved {term} Yukawa for {p}: sign(m_eff delta), +1 = mixing-induced mass adds "
                f"to the tree-level one (read as a sign)"))
        self.yukawa_targets = (term, tuple(masses), tuple(b.name for b in branches))

    def scalar_components(self, name) -> tuple:
        """Complex component symbols ``name_0 .. name_{d-1}`` of scalar ``name`` (0 = upper, T3 = +1/2);
        write the potential in these and their ``sympy.conjugate``."""
        if name not in self.scalars:
            raise ModelError(f"unknown scalar {name!r} (known: {', '.join(self.scalars)})")
        return component_symbols(name, self.su2_dim(self.scalars[name]))

    def potential(self, expr, tadpole=()):
        """Declare the scalar potential V and the parameters (SymPy symbols) its tadpole conditions
        dV/dphi = 0 fix.  Raises ModelError naming the monomial and the group if V is not
        renormalisable, real and gauge invariant (:mod:`modelgen.derive.potential_checks`).
        Kept in ``self.scalar_potential`` (an attribute that exists only once declared, so models
        without a potential keep their fingerprint)."""
        from ..derive.potential_checks import check_potential
        for s in self.scalars.values():
            if any(not g.abelian and g.name != self.weak and int(s.reps.get(g.name, 1)) != 1
                   for g in self.groups.values()):
                raise ModelError(f"potential: scalar {s.name!r} is charged under a group other than "
                                 f"{self.weak} and the U(1)s; only those are supported")
            if self.su2_dim(s) not in (1, 2):
                raise ModelError(f"potential: scalar {s.name!r} is an SU(2) {self.su2_dim(s)}-plet; only "
                                 f"singlets and doublets are supported")
        check_potential(self, expr)
        missing = [p for p in tadpole if not sp.sympify(expr).has(p)]
        if missing:
            raise ModelError(f"potential: tadpole parameter {missing[0]} does not appear in V")
        self.scalar_potential = ScalarPotential(sp.sympify(expr), tuple(tadpole))

    def scalar_inputs(self, solve, states):
        """Physical input scheme: the potential couplings ``solve`` are fixed so that the mass
        matrices have the :class:`~modelgen.model.potential.PhysicalState` ``states`` (label,
        sector, mass squared, direction) as eigenstates."""
        self._require_potential("scalar_inputs")
        states = tuple(st if isinstance(st, PhysicalState) else PhysicalState(*st) for st in states)
        self.scalar_potential = dataclasses.replace(self.scalar_potential, solve=tuple(solve), states=states)

    def scalar_condition(self, name, condition, reason):
        """A validity condition of the potential (SymPy boolean in its couplings, True = valid), e.g.
        bounded from below or perturbative unitarity; ``reason`` says what fails when it is False."""
        self._require_potential("scalar_condition")
        conds = self.scalar_potential.conditions + ((name, condition, reason),)
        self.scalar_potential = dataclasses.replace(self.scalar_potential, conditions=conds)

    def _require_potential(self, what):
        if not hasattr(self, "scalar_potential"):
            raise ModelError(f"{what}: declare the potential first (Model.potential)")

    # -- queries ----------------------------------------------------------------------------
    @property
    def abelian_groups(self) -> list[GaugeGroup]:
        return [g for g in self.groups.values() if g.abelian]

    def charge(self, field, group: str, generation: int | None = None):
        """U(1) charge of ``field``; for a per-generation charge the ``generation`` (0-based) is
        required: a step that asks without one does not support flavour-dependent charges."""
        q = field.reps.get(group, 0)
        if not isinstance(q, tuple):
            return sp.sympify(q)
        if generation is None:
            raise ModelError(f"the {group} charge of {field.name!r} depends on the generation {q}; "
                             f"this step of the derivation needs one charge per field")
        return q[generation]

    def su2_dim(self, field) -> int:
        return int(field.reps.get(self.weak, 1))

    def electric_charge(self, field, component: int):
        return t3_of_component(self.su2_dim(field), component) + self.charge(field, self.hypercharge)

    def validate(self) -> "Model":
        for required in (self.hypercharge, self.weak):
            if required not in self.groups:
                raise ModelError(f"model {self.name!r}: group {required!r} is not defined")
        for s in self.scalars.values():
            if s.vev is not None:
                q = sp.simplify(self.electric_charge(s, s.vev_component))
                if q != 0:
                    raise ModelError(f"scalar {s.name!r}: its vev component {s.vev_component} has electric "
                                     f"charge {q}, so the vev would break electromagnetism")
        for st in self.states.values():
            for comp in (st.left, st.right):
                if comp is not None:
                    t3_of_component(self.su2_dim(self.fermions[comp[0]]), comp[1])
        check_anomalies(list(self.groups.values()), list(self.fermions.values()))
        return self

    def fingerprint(self) -> str:
        """Content hash of everything that defines the model (order-independent where it should be)."""
        h = hashlib.sha256()
        h.update(sp.srepr(sorted((str(k), sp.srepr(v)) for k, v in self.__dict__.items()
                                 if k not in ("description",))).encode())
        return h.hexdigest()[:16]

    def derive(self):
        from ..derive import derive
        return derive(self)

    def __repr__(self):
        return f"<Model {self.name}: {len(self.fermions)} chiral fields, {len(self.parameters)} parameters>"
