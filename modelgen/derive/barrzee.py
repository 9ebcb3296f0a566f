"""Two-loop Barr–Zee terms of each light charged lepton, from the derived scalar sector.

Consumes a :class:`~modelgen.derive.Derivation` whose model declares ``barr_zee``
(:mod:`modelgen.model.twoloop`); produces :class:`BarrZeeTerm` records Δa_ℓ = coeff × fn(*args), fn
one of the loop-library functions of ``modelgen/loops/barrzee.pxd`` named in ``FUNCTIONS``.  Couplings
are read from the sector (physics.md "Two-loop Barr–Zee dipoles"; Ilisie arXiv:1502.04199 eqs.
(19)–(22)), with L ⊃ −ψ̄_L Y χ_R S + h.c. and each declared Yukawa entry fixed by its fermion's mass:

    neutral φ, fermion f:  ξ_f^φ = Re Y v/m_f (CP-even sector),  −Im Y v/m_f (CP-odd sector)
                           [L ⊃ −(m_f/v) ξ f̄f φ,  +i (m_f/v) ξ f̄γ5f A]
    φ C⁺C⁻:               λ_φ = (1/v) ∂³V/∂φ ∂C⁺ ∂C⁻          [L ⊃ −v λ_φ φ C⁺C⁻]
    φ W⁺W⁻:               g_φWW = Σ_k c_k v_k / v over the doublet vevs (c_k: φ's rotation row)
    C⁺, doublet (u, d):    ξ_d = Y_{ū_L d_R} v/(√2 m_d),  ξ_u = Y*_{d̄_L u_R C⁻} v/(√2 m_u),
                           ξ_ℓ = Y_{ν̄_L ℓ_R} v/(√2 m_ℓ)
                           [L ⊃ −(√2/v) C⁺ (ū (ξ_u m_u P_L + ξ_d m_d P_R) d + ξ_ℓ m_ℓ ν̄ P_R ℓ)]

with v² = Σ v_k² over the SU(2)-doublet vevs, α = e²/(4π), s_W² = e²/g², V_ud = 1 (the declared
Yukawas are diagonal).  The overall sign of C⁺ drops out of every product ξ_ℓ ξ_{u,d}.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..errors import ModelError
from .dipoles import _yukawa_from_mass, re_im
from .names import charged_vector, light_leptons

__all__ = ["BarrZeeTerm", "FUNCTIONS", "barr_zee_terms"]

#: loop-library function of each term kind (modelgen/loops/barrzee.pxd): photon-phi with a fermion
#: (CP-even or odd phi), a charged scalar or the charged vector in the loop; C-W-gamma with a doublet
FUNCTIONS = {"even": "bz_f", "odd": "bz_g", "charged_scalar": "bz_F2", "charged_vector": "bz_F3",
             "charged_pair": "bz_charged_w"}


@dataclass(frozen=True)
class BarrZeeTerm:
    lepton: str
    mediator: str      # the boson exchanged with the lepton line (physical state label)
    loop: str          # the particle in the upper loop (fermion, charged scalar, W, or "u,d" doublet)
    fn: str            # a name of FUNCTIONS
    coeff: sp.Expr
    args: tuple


def barr_zee_terms(d) -> list[BarrZeeTerm]:
    """Every declared Barr–Zee term of every light charged lepton (module docstring)."""
    model, S = d.model, d.scalars
    spec = getattr(model, "barr_zee", None)
    if spec is None:
        return []
    if S is None:
        raise ModelError(f"model {model.name!r}: Barr–Zee terms need a scalar potential (physical states)")
    labels = {st.label for st in S.states}
    unknown = set(spec.sm_states) - labels
    if unknown:
        raise ModelError(f"model {model.name!r}: Barr–Zee SM states {sorted(unknown)} are not physical "
                         f"states of the sector ({', '.join(sorted(labels))})")
    ctx = _Context(d)
    out = []
    for lep in light_leptons(model):
        out += _photon_phi(ctx, lep, spec.loops) + _charged_w(ctx, lep, spec.doublets)
    return out


class _Context:
    """Quantities shared by every term: v, α, s_W², the physical states and their masses."""

    def __init__(self, d):
        model, S = d.model, d.scalars
        self.model, self.S = model, S
        doublet_vevs = {key: v for key, v in S.vevs.items() if model.su2_dim(model.scalars[key[0]]) == 2}
        self.v = sp.sqrt(sum(v**2 for v in doublet_vevs.values()))
        self.doublet_vevs = doublet_vevs
        e, g = d.gauge.e, model.groups[model.weak].coupling
        self.alpha = sp.simplify(e**2 / (4 * sp.pi))
        self.s_W2 = e**2 / g**2
        w = charged_vector(model)
        self.M_W = sp.sqrt(d.masses_squared()[w])
        self.W = w
        goldstones = {f"G_{b}" for b in S.goldstones}
        self.states = [st for st in S.states if st.label not in goldstones]
        self.charged = [st for st in self.states if st.sector == "charged"]

    def mass(self, state_name):
        return self.model.parameters[self.model.states[state_name].mass].symbol

    def yukawa(self, label, state_name, left_comp=None, conj=False):
        """Entry of state ``label``'s Yukawa for fermion ``state_name`` (its declared Yukawa fixed by
        its mass); ``left_comp`` overrides the left SU(2) component (charged states)."""
        st = self.model.states[state_name]
        (lf, la, i), (rf, rb, j) = st.left, st.right
        key = (lf, la if left_comp is None else left_comp, rf, rb, conj)
        y = self.S.yukawas.get(label, {}).get(key)
        if y is None or y[i, j] == 0:
            return sp.Integer(0)
        fix = _yukawa_from_mass(self.model, self.S, (lf, la, rf, rb), i, j, self.mass(state_name))
        return sp.expand(y[i, j].xreplace(fix))

    def xi_neutral(self, state, fermion):
        re, im = re_im(self.yukawa(state.label, fermion))
        if (state.sector == "even" and im != 0) or (state.sector == "odd" and re != 0):
            raise ModelError(f"model {self.model.name!r}: state {state.label!r} couples to {fermion} with "
                             f"both CP parities; CP-mixed Barr–Zee terms are not supported")
        return (re if state.sector == "even" else -im) * self.v / self.mass(fermion)

    def g_vv(self, state):
        """g_φWW: Σ_k c_k v_k / v over the doublet vevs (the state's rotation row on ρ_k)."""
        owners = self.S.owners[state.sector]
        return sum(c * self.doublet_vevs.get(owner, 0) for c, owner in zip(state.direction, owners)) / self.v

    def trilinear(self, phi, charged):
        """λ = (1/v) ∂³V/∂φ ∂C⁺ ∂C⁻ at the vacuum (V in the sector bases rotated to the states)."""
        S = self.S
        sym = {st.label: sp.Symbol(f"_bz_{st.label}", real=True) for st in S.states}
        plus = {st.label: sp.Symbol(f"_bz_{st.label}_p") for st in S.states if st.sector == "charged"}
        minus = {k: sp.Symbol(f"_bz_{k}_m") for k in plus}
        subs = {}
        for sector, basis in (("even", S.basis["even"]), ("odd", S.basis["odd"])):
            for k, b in enumerate(basis):
                subs[b] = sum(st.direction[k] * sym[st.label] for st in S.states if st.sector == sector)
        for k, b in enumerate(S.basis["charged"]):
            p = sum(st.direction[k] * plus[st.label] for st in S.states if st.sector == "charged")
            m = sum(st.direction[k] * minus[st.label] for st in S.states if st.sector == "charged")
            subs[b], subs[_conjugate(b)] = p, m
        V = S.potential.xreplace(subs)
        third = sp.diff(V, sym[phi.label], plus[charged.label], minus[charged.label])
        zero = {s: 0 for s in (*sym.values(), *plus.values(), *minus.values())}
        return S.physical(third.xreplace(zero).xreplace(S.tadpoles)) / self.v


def _conjugate(b):
    """The conjugate symbol of a complex basis field (scalars.py names it ``<name>_bar``)."""
    name = b.name[:-4] if b.name.endswith("_bar") else f"{b.name}_bar"
    return sp.Symbol(name, complex=True)


def _charge_colour(model, state_name):
    """(electric charge, colour factor) of a physical fermion state from its left component."""
    f, comp = model.states[state_name].left[:2]
    field = model.fermions[f]
    colour = 1
    for gname, grp in model.groups.items():
        if not grp.abelian and gname != model.weak:
            colour *= int(field.reps.get(gname, 1))
    return model.electric_charge(field, comp), colour


def _photon_phi(ctx, lep, loops):
    """Photon–φ terms of each neutral state φ: fermion loops, the W loop and the charged-scalar loops."""
    m = ctx.mass(lep)
    out = []
    for phi in (st for st in ctx.states if st.sector in ("even", "odd")):
        M = sp.sqrt(phi.mass_squared)
        xi_l = ctx.xi_neutral(phi, lep)
        if xi_l == 0:
            continue
        sign = -1 if phi.sector == "even" else 1
        for f in loops:
            xi_f = ctx.xi_neutral(phi, f)
            if xi_f == 0:
                continue
            Q, Nc = _charge_colour(ctx.model, f)
            coeff = sign * ctx.alpha * m**2 / (4 * sp.pi**3 * ctx.v**2) * Nc * Q**2 * xi_l * xi_f
            out.append(BarrZeeTerm(lep, phi.label, f, FUNCTIONS[phi.sector], coeff, (ctx.mass(f)**2 / M**2,)))
        if phi.sector == "odd":
            continue
        g_vv = ctx.g_vv(phi)
        if g_vv != 0:
            coeff = ctx.alpha * m**2 / (8 * sp.pi**3 * ctx.v**2) * xi_l * g_vv
            out.append(BarrZeeTerm(lep, phi.label, ctx.W, FUNCTIONS["charged_vector"], coeff, (ctx.M_W**2 / M**2,)))
        for C in ctx.charged:
            lam = ctx.trilinear(phi, C)
            if lam != 0:
                coeff = ctx.alpha * m**2 / (8 * sp.pi**3 * M**2) * xi_l * lam
                out.append(BarrZeeTerm(lep, phi.label, C.label, FUNCTIONS["charged_scalar"], coeff,
                                       (C.mass_squared / M**2,)))
    return out


def _charged_w(ctx, lep, doublets):
    """C±W∓γ terms of each charged state C and declared doublet (u, d) (Ilisie eq. (22))."""
    m = ctx.mass(lep)
    root2 = sp.sqrt(2)
    out = []
    for C in ctx.charged:
        st = ctx.model.states[lep]
        xi_l = ctx.yukawa(C.label, lep, left_comp=1 - st.left[1]) * ctx.v / (root2 * m)
        if xi_l == 0:
            continue
        for up, down in doublets:
            Q_u, Nc = _charge_colour(ctx.model, up)
            Q_d, _ = _charge_colour(ctx.model, down)
            m_d = ctx.mass(down)
            xi_d = ctx.yukawa(C.label, down, left_comp=1 - ctx.model.states[down].left[1]) * ctx.v / (root2 * m_d)
            if ctx.model.states[up].mass is None:        # massless up partner (a neutrino)
                m_u, xi_u = sp.Integer(0), sp.Integer(0)
            else:
                m_u = ctx.mass(up)
                y = ctx.yukawa(C.label, up, left_comp=1 - ctx.model.states[up].left[1], conj=True)
                xi_u = sp.conjugate(y) * ctx.v / (root2 * m_u)
            coeff = ctx.alpha * m**2 * Nc / (32 * sp.pi**3 * ctx.s_W2 * ctx.v**2) * xi_l
            out.append(BarrZeeTerm(lep, C.label, f"{up},{down}", FUNCTIONS["charged_pair"], coeff,
                                   (sp.sqrt(C.mass_squared), ctx.M_W, m_u, m_d, Q_u, Q_d, xi_u, xi_d)))
    return out
