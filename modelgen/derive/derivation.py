"""The derivation driver: model -> exact gauge sector -> mass-basis couplings.

Stages, one call each:
 1. ``derive_gauge(model)``      canonical kinetic terms, neutral mass matrix, photon, Z, Z'
 2. ``state_couplings(...)``     (g_L, g_R) of every physical fermion to gamma, Z, Z', W
 3. ``derive_fermions(...)``     models with Yukawa terms: lepton mass matrices and gauge-basis
                                 coupling matrices (mass-basis couplings are numeric, per point)
 4. ``derive_scalars(...)``      models with a potential: scalar mass eigenstates (the scalar
                                 mediators), the input-scheme solution and validity conditions
 5. ``leading_order(...)``       display only: first order in eps_k, the extra U(1) couplings and M_Z'^2/M_Z^2
Output: :class:`Derivation`, printable as text, LaTeX or JSON.
"""
from __future__ import annotations

import json

import sympy as sp

from ..errors import ModelError
from .couplings import state_couplings
from .fermions import derive_fermions
from .gauge import derive_gauge
from .latex import latex_expr, tex_label
from .scalars import derive_scalars
from . import names

__all__ = ["Derivation", "derive"]

E, S_W, C_W = sp.symbols("e s_W c_W", positive=True)


class Derivation:
    """Symbolic results for one model; ``vertex(boson, f1[, f2])`` gives (g_L, g_R)."""

    def __init__(self, model, gauge, couplings, fermions=None, scalars=None):
        self.model, self.gauge, self.couplings, self.fermions = model, gauge, couplings, fermions
        self.scalars = scalars    # ScalarSector of a model with a potential, else None

    @property
    def mass_matrices(self):
        """{"charged": M_e, "neutral": M_n} (SymPy) for models with lepton mass terms, else {}."""
        if self.fermions is None:
            return {}
        return {"charged": self.fermions.charged.mass, "neutral": self.fermions.neutral.mass}

    @property
    def bosons(self):
        return tuple(self.gauge.eigenvectors)

    # -- physical names (modelgen.derive.names: declared in the model, derived here) ------------
    @property
    def charged_vector(self):
        """Name of the charged vector (the SU(2)_L group's ``physical``, e.g. "W")."""
        return names.charged_vector(self.model)

    @property
    def electroweak_vector(self):
        """Name of the massive neutral state made mostly of hypercharge and W3 (the SM Z)."""
        return names.electroweak_vector(self.model)

    @property
    def neutral_vectors(self):
        """Massive neutral vectors, the electroweak one first."""
        return names.neutral_vectors(self.gauge, self.model)

    @property
    def new_vectors(self):
        """Massive neutral vectors other than the electroweak one (Z'-like)."""
        return tuple(b for b in self.neutral_vectors if b != self.electroweak_vector)

    def vector_mass(self, boson):
        """Mass of a massive vector, sqrt(M^2) (the physical mass parameter when it was solved)."""
        return sp.sqrt(self.masses_squared()[boson])

    def mass_parameter(self, boson):
        """Name of the parameter that fixes ``boson``'s mass (Model.solve_mass_parameter), or None."""
        # derive_gauge solves exactly one mass parameter, that of the one new vector
        if self.gauge.solved and boson in self.new_vectors:
            return self.model.solve_for[1]
        return None

    def scalar_mediators(self):
        """Tuple of :class:`~modelgen.derive.names.ScalarMediator` (label, mass, components): the mass
        eigenstates of the scalar sector when the model has a potential, else the declared scalars."""
        return names.scalar_mediators(self.model, self.scalars)

    def light_leptons(self):
        """Light charged lepton state names (order of the Yukawa solve targets, else declared)."""
        return names.light_leptons(self.model)

    def light_neutrinos(self):
        """(name, (field, component, generation)) of each light lepton's doublet neutrino."""
        return names.light_neutrinos(self.model)

    def vertex(self, boson, f1, f2=None):
        key = (boson, f1) if f2 in (None, f1) else (boson, f1, f2)
        if key not in self.couplings:
            names = sorted({k[1] for k in self.couplings})
            raise ModelError(f"no vertex {boson}-{f1}-{f2 or f1} in model {self.model.name!r}; "
                             f"bosons: {', '.join(self.bosons)}, W; fermions: {', '.join(names)}")
        return self.couplings[key]

    def vertex_va(self, boson, f):
        """(eps_V, eps_A) in units of e: L > e V f_bar gamma^mu (eps_V + eps_A gamma5) f."""
        gl, gr = self.vertex(boson, f)
        return (gl + gr) / (2 * self.gauge.e), (gr - gl) / (2 * self.gauge.e)

    def masses_squared(self):
        out = dict(self.gauge.masses_squared)
        out[self.charged_vector] = self.gauge.M_W2
        return out

    def leading_order(self, expr):
        """First order in the BSM couplings (names.bsm_couplings, e.g. eps_k, g_BL) and in the
        squared physical masses of the new vectors (light Z' branch), written with e, s_W, c_W."""
        params = self.model.parameters
        t = sp.Symbol("t")
        subs = {s: t * s for s in names.bsm_couplings(self.model)}
        for b in self.new_vectors:
            if self.mass_parameter(b):
                mass = params[self.mass_parameter(b)].symbol
                subs[mass] = sp.sqrt(t) * mass
        x = expr.replace(sp.sign, lambda a: -1)
        if subs:
            x = sp.series(x.subs(subs), t, 0, 2).removeO().subs(t, 1)
        return self.pretty(x)

    def pretty(self, expr):
        g, gY = self.model.groups[self.model.weak].coupling, self.model.groups[self.model.hypercharge].coupling
        th = sp.Symbol("theta_W", positive=True)
        x = expr.subs(sp.sqrt(g**2 + gY**2), E / (sp.sin(th) * sp.cos(th)))
        x = sp.trigsimp(sp.factor(x.subs({g: E / sp.sin(th), gY: E / sp.cos(th)})))
        return x.subs({sp.sin(th): S_W, sp.cos(th): C_W})

    # -- reports ----------------------------------------------------------------------------
    def rows(self, exact=False):
        """(label, expression) rows: masses, then the new vectors' eps_V, eps_A at leading order."""
        rows = [(f"M_{k}^2", v) for k, v in self.masses_squared().items()]
        rows += [(str(s), v) for s, v in self.gauge.solved]
        for f in self.model.states:
            for boson in self.bosons:
                gl, gr = self.vertex(boson, f)
                if exact:
                    rows += [(f"g_L({boson},{f})", gl), (f"g_R({boson},{f})", gr)]
                elif boson in self.new_vectors:
                    ev, ea = self.vertex_va(boson, f)
                    rows += [(f"eps_V({f}) [LO]", self.leading_order(ev)),
                             (f"eps_A({f}) [LO]", self.leading_order(ea))]
                else:
                    rows += [(f"g_L({boson},{f}) [LO]", self.leading_order(gl)),
                             (f"g_R({boson},{f}) [LO]", self.leading_order(gr))]
        return rows

    def text(self, exact=False):
        out = "\n".join(f"{k:>22} = {v}" for k, v in self.rows(exact))
        if self.fermions is not None:
            out += "\n" + self.mass_matrix_text()
        return out

    def mass_matrix_text(self):
        """Block structure of the lepton mass matrices (term names per block)."""
        lines = []
        for title, sector in (("charged leptons: L > -psi_bar_L M psi_R + h.c.", self.fermions.charged),
                              ("neutral leptons: L > -(1/2) n^c-bar M_n n + h.c.", self.fermions.neutral)):
            labels = sector.block_labels
            rows, cols = (labels if isinstance(labels[0], tuple) else (labels, labels))
            lines.append(f"{title} ({sector.mass.shape[0]}x{sector.mass.shape[1]}, generations inside blocks)")
            lines.append(" " * 14 + " | ".join(f"{c:^16}" for c in cols))
            for r in rows:
                cells = [" + ".join(n for n, _ in sector.blocks.get((r, c), ())) or "0" for c in cols]
                lines.append(f"{r:>12}  " + " | ".join(f"{x:^16}" for x in cells))
        return "\n".join(lines)

    def latex(self, exact=False):
        body = " \\\\\n".join(f"{tex_label(k)} &= {latex_expr(v)}" for k, v in self.rows(exact))
        out = "\\begin{align*}\n" + body + "\n\\end{align*}"
        return out + ("\n" + self.fermions.latex() if self.fermions is not None else "")

    def json(self):
        return json.dumps({"model": self.model.name, "exact": {f"{k[0]}:{'-'.join(k[1:])}": [str(x) for x in v]
                                                             for k, v in self.couplings.items()},
                           "masses_squared": {k: str(v) for k, v in self.masses_squared().items()},
                           "solved": {str(s): str(v) for s, v in self.gauge.solved}}, indent=1)

    def __repr__(self):
        return f"<Derivation of {self.model.name}: bosons {', '.join(self.bosons)}, {len(self.couplings)} vertices>"


def derive(model) -> Derivation:
    model.validate()
    gauge = derive_gauge(model)
    fermions = derive_fermions(model, gauge) if getattr(model, "yukawas", None) else None
    scalars = derive_scalars(model, gauge) if hasattr(model, "scalar_potential") else None
    return Derivation(model, gauge, state_couplings(model, gauge), fermions, scalars)
