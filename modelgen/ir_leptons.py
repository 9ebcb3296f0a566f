"""IR of the lepton sector of models with lepton mixing (vector-like leptons).

Consumes a Derivation whose ``fermions`` holds the symbolic mass matrices and gauge-basis
couplings; produces a :class:`LeptonSectorIR` (matrices as flat lists of printed-later SymPy
entries) and the public outputs that read the per-point arrays filled by the kernel's lepton
stage (modelgen/kernels/leptons.pxd):
    mc, mn          charged / neutral masses (ascending)
    gL_<V>, gR_<V>  couplings of the light charged states to each massive neutral vector V (the
                    model's names, e.g. Z, Zp; mass basis, diagonal)
    ax_<c>          <q_c>_R - <q_c>_L of the light charged states for each charge c a new vector sees
                    besides Q (modelgen/kernels/chiral.pxd): eps_A = sum_c k_c ax_c / (2e) with
                    no cancellation of the O(eps) vector part (the Q part is identical for L, R)
    gnu_<V>         couplings of the flavour neutrinos projected on the light subspace
    a_<X>           Delta a of the light charged states from mediator X summed over internal states (X: the
                    model's W, neutral vectors, CP-even scalars and physical charged scalars; MEDIATOR_KINDS)
    d_lep           their EDMs (e cm), summed over mediators
    gW2             their charged-vector coupling strength to the light neutrinos
    ysol            the solved SM Yukawas
Light flavours, their neutrinos and every mediator name come from the model's declarations
(:mod:`modelgen.derive.names`); the light arrays have one entry per light flavour.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import sympy as sp

from .derive.dipoles import sm_limit
from .derive.gauge import CHARGE_Q
from .derive.sm_difference import abs2, sm_difference
from .errors import ModelError
from .loops.transition import HBAR_GEV_S, TAU_LIFETIME_S

__all__ = ["MatrixIR", "MediatorIR", "LeptonSectorIR", "build_lepton_ir", "lepton_outputs", "lfv_outputs",
           "light_subspace_outputs", "LIGHT_SPLIT",
           "with_sm_w", "w_identity", "with_sm_neutral",
           "ARRAY", "MUON_WIDTH", "eps_name", "MEDIATOR_KINDS"]


class _Arrays(dict):
    """{name: sp.IndexedBase(name)} of the kernel's per-point arrays, created on first use."""

    def __missing__(self, name):
        self[name] = sp.IndexedBase(name)
        return self[name]


ARRAY = _Arrays()
#: the kernel's int set by the LightCouplings step (templates/steps.pyx.j2): 0, or 1 where the light subspace
#: (kernels/leptons.light_subspace: counted in Weyl states, a Dirac light neutrino is two) is not separated from
#: the heavier states, 2 where a flavour nu_L has no component in it
#: (light_nu_coupling NaN) or a light charged lepton no W coupling to it
LIGHT_SPLIT = sp.Symbol("light_split", integer=True, nonnegative=True)
#: tree-level muon width G_F^2 m_mu^5/(192 pi^3) F(m_e^2/m_mu^2) (modelgen/loops/transition.pxd)
MUON_WIDTH = sp.Function("width_muon_tree")
#: Gamma_tau = hbar/tau_tau from the sourced constants of modelgen.loops.transition (one definition)
TAU_WIDTH = sp.Float(HBAR_GEV_S) / sp.Float(TAU_LIFETIME_S)


@dataclass(frozen=True)
class MatrixIR:
    name: str       # C array name in the kernel
    size: int
    entries: tuple  # ((flat index, expr), ...), only the nonzero entries


@dataclass(frozen=True)
class MediatorIR:
    name: str       # output suffix: the model's physical name (W, Z, Zp, h, hX, ...)
    kind: str       # charged_vector | neutral_vector | neutral_scalar | charged_scalar (MEDIATOR_KINDS)
    mass: sp.Expr
    arrays: tuple   # the coupling matrices the dipole sum reads
    sign: int = 1   # charged vector: sgn of its mixing identity (w_identity; arrays[2] is DW)


@dataclass(frozen=True)
class LeptonSectorIR:
    n_charged: int
    n_neutral: int
    yukawas: tuple      # symbols solved so the light masses equal ``targets``
    targets: tuple      # parameter names
    branches: tuple     # parameter names of the root choice of each solved Yukawa (Model.solve_yukawa)
    matrices: tuple     # MatrixIR filled before / after the solve (see ``after_solve``)
    after_solve: tuple  # names of matrices that depend on the solved Yukawas
    mediators: tuple
    nu_index: tuple     # neutral-basis index of the light flavours' nu_L (order of ``light``)
    axial: tuple = ()   # charges c with arrays qL_<c>, qR_<c> read by the axial couplings of new vectors
    light: tuple = ()   # light charged lepton names (model order), index i of the light arrays
    neutrinos: tuple = ()    # their doublet neutrinos' names
    transitions: tuple = ()  # (i, j, output name) of l_i -> l_j gamma, i > j light indices
    w_sm: tuple = ()         # |g_L0|^2 + |g_R0|^2 of each light state's SM W diagram (with_sm_w); () = none
    neutral_sm: tuple = ()   # (mediator, constants of its delta kernel) of each neutral mediator with a
                             # cancellation-free Delta a (with_sm_neutral)
    delta_matrices: tuple = ()   # names of the matrices added for those kernels

    def vectors(self, kind):
        return tuple(m for m in self.mediators if m.kind == kind)


def eps_name(d, kind, boson, f):
    """Output name of a new vector's coupling: ``eps_V.e`` with one new vector (today's names),
    ``eps_V.<boson>.e`` for each of several."""
    return f"{kind}.{f}" if len(d.new_vectors) == 1 else f"{kind}.{boson}.{f}"


def _flat(name, M):
    rows, cols = M.shape
    return MatrixIR(name, rows * cols, tuple((i * cols + j, M[i, j]) for i in range(rows)
                                            for j in range(cols) if M[i, j] != 0))


def _diag(name, values):
    return MatrixIR(name, len(values), tuple((i, v) for i, v in enumerate(values) if v != 0))


def _scalar_yukawa(ch, med):
    """Charged-sector Yukawa matrix of a scalar mediator: sum_S c_S dM/dv_S (None if it has none)."""
    parts = [c * ch.scalar[s] for s, c in med.components if s in ch.scalar]
    return sum(parts[1:], parts[0]) if parts else None


# -- mediator kinds: each builder returns (mediators, matrices, names of matrices filled after the solve);
#    a kind's loop is rendered by its block in templates/steps.pyx.j2 (macros + cimports) and summed over
#    internal states by its kernel helpers (modelgen/kernels/*.pxd)

def _charged_vector(d, ys):
    """The W with its gauge-basis couplings W_L, W_R and the matrix DW of the mixing identity of
    kernels/leptons.w_delta_sum (Delta a without cancellation)."""
    fs, w = d.fermions, d.charged_vector
    sign, DW = w_identity(fs.neutral.mass, fs.w_left, fs.w_right, fs.charged.mass)
    after = ["DW"] if DW.has(*ys) else []
    return [MediatorIR(w, "charged_vector", d.vector_mass(w), ("WL", "WR", "DW"), sign)], \
        [_flat("WL", fs.w_left), _flat("WR", fs.w_right), _flat("DW", DW)], after


def w_identity(Mn, WL, WR, M, conj=False):
    """(sgn, DW = M_n W_L - sgn W_R M^T) with sgn = +1 or -1, whichever leaves DW the fewer nonzero
    entries.  With M_n O_k = eta_k m_k O_k and M^T u_i = m_i v_i (kernel conventions, leptons.pxd),
    eta_k m_k (O^T W_L U_L)[k,i] = sgn m_i (O^T W_R U_R)[k,i] + (O^T DW U_L)[k,i] for either sign:
    the heavy neutral states' left W coupling without the cancellation of O^T W_L U_L.  SU(2)
    symmetric masses (vector-like, singlet vevs) cancel in DW for the sign of the model's W_R
    convention; Higgs-doublet Yukawas (e.g. y_nu v) remain.

    ``conj`` (complex sector, cleptons.pxd conventions U_n^T M_n U_n = diag(m), M = U_L diag(m) U_R^+):
    DW = M_n W_L - sgn W_R M^+.  From M_n O_k = m_k O_k^* (O_k = U_n e_k) and M^+ u_i = m_i v_i, with
    g_L = U_n^+ W_L U_L, g_R = U_n^T W_R U_R:  m_k g_L[k,i] = sgn m_i g_R[k,i] + (U_n^T DW U_L)[k,i]."""
    best = None
    Mt = M.H if conj else M.T
    for sgn in (1, -1):
        DW = (Mn * WL - sgn * WR * Mt).applyfunc(sp.expand)
        nz = sum(1 for x in DW if x != 0)
        if best is None or nz < best[0]:
            best = (nz, sgn, DW)
    return best[1], best[2]


def with_sm_w(d, lir, sm_parts):
    """``lir`` with ``w_sm``: the squared SM coupling of each light lepton's W diagram, for the
    cancellation-free delta_a_<l>.W of kernels/leptons.w_delta_sum.  That kernel takes the SM diagram
    to be a massless neutral state with the photon on the W and the model's W mass; a model whose SM
    W diagram differs is a ModelError (the subtraction would cancel silently).  A complex sector (CP phases)
    also gets the complex identity's DW (w_identity, conj) for its twin cleptons.w_delta_sum_c."""
    w = d.charged_vector
    mass = d.vector_mass(w)
    out = []
    for f in lir.light:
        call = sm_parts.get((f, w))
        if call is None:
            out.append(sp.Integer(0))
            continue
        m_l, MF, MB, QF, *c = call.args
        if MF != 0 or QF != 0 or sp.simplify(MB - mass) != 0:
            raise ModelError(f"model {d.model.name!r}: the SM {w} diagram of {f} has internal mass {MF}, charge "
                             f"{QF} and {w} mass {MB} (the model's: {mass}); the cancellation-free delta_a_{f}.{w} "
                             f"needs a massless neutral state and an unchanged {w} mass")
        out.append(2 * sum(x**2 for x in c))
    if not _complex(lir):
        return dataclasses.replace(lir, w_sm=tuple(out))
    # complex sector (build_lepton_ir leaves DW out): the mixing identity with M^+ (w_identity, conj), its
    # DW a matrix of the delta kernel (own CSE pass, codegen.render) for cleptons.w_delta_sum_c
    fs = d.fermions
    sign, DW = w_identity(fs.neutral.mass, fs.w_left, fs.w_right, fs.charged.mass, conj=True)
    dw = _flat("DW", DW)
    after = lir.after_solve + (("DW",) if DW.has(*lir.yukawas) else ())
    med = tuple(dataclasses.replace(m, arrays=m.arrays[:2] + ("DW",), sign=sign) if m.kind == "charged_vector"
                else m for m in lir.mediators)
    return dataclasses.replace(lir, w_sm=tuple(out), matrices=lir.matrices + (dw,), after_solve=after,
                               mediators=med, delta_matrices=lir.delta_matrices + ("DW",))


def _complex(lir):
    """True if some matrix entry of the sector has an imaginary part (CP phases: cleptons.pxd kernels)."""
    return any(e.has(sp.I) for m in lir.matrices for _, e in m.entries)



def _flavour_entries(d, lir):
    """(row, column) of each light flavour's solved SM Yukawa in the charged mass matrix: the one nonzero
    entry of dM/dy (ModelError otherwise)."""
    M, ys, targets = d.fermions.charged.mass, lir.yukawas, lir.targets
    out = []
    for f in lir.light:
        mass = str(d.model.parameters[d.model.states[f].mass].symbol) if f in d.model.states else None
        if mass not in targets:
            raise ModelError(f"model {d.model.name!r}: no solved Yukawa for the light lepton {f}")
        D = M.diff(ys[targets.index(mass)])
        nz = [(a, b) for a in range(D.shape[0]) for b in range(D.shape[1]) if D[a, b] != 0]
        if len(nz) != 1:
            raise ModelError(f"model {d.model.name!r}: the solved Yukawa of {f} sits in {len(nz)} entries of the "
                             f"charged mass matrix; the cancellation-free delta_a_{f} needs one")
        out.append(nz[0])
    return out


def _charge_difference(d, b, basis, a, r):
    """G_a - G_r of neutral vector b between gauge states a, r of ``basis`` as sum_c k_c (q_c[a] - q_c[r]):
    exactly 0 for equal charges, no difference of two nearly equal couplings."""
    ch = [d.gauge.charges(d.model.fermions[f], k, i) for f, k, i in (basis[a], basis[r])]
    return sp.Add(*(k * (ch[0].get(c, 0) - ch[1].get(c, 0)) for c, k in d.gauge.coefficients[b].items()))


def _sm_light_calls(sm_parts, lir, name):
    """The SM-limit loop call of mediator ``name`` for each light flavour of ``lir``, or None if one
    flavour has none (the mediator is absent from the SM limit)."""
    calls = [sm_parts.get((f, name)) for f in lir.light]
    if any(c is None for c in calls):
        return None
    return calls


def with_sm_neutral(d, lir, sm_parts):
    """``lir`` with ``neutral_sm``: the per-point constants and arrays of the cancellation-free
    delta_a_<l>.<V>, .<S> of each neutral vector and neutral scalar present in the SM limit
    (kernels/leptons.nv_sum_delta, ns_sum_delta; docs/physics.md "Delta a without cancellation").  The SM
    diagram must be the light flavour alone (internal mass = external) with the flavour's couplings in the
    SM limit; a scalar's must be m_l/v_H with an unchanged mass (no divided difference in a scalar mass); a
    vector's mass may change (the kernel adds the divided difference dd_neutral_vector).  Anything else is a
    ModelError."""
    ch = d.fermions.charged
    rc = _flavour_entries(d, lir)
    mats, after, med, extra = list(lir.matrices), list(lir.after_solve), list(lir.mediators), []
    names = {m.name for m in mats}
    ys = set(lir.yukawas)
    model = d.model
    for n_med, mi in enumerate(med):
        calls = _sm_light_calls(sm_parts, lir, mi.name)
        if calls is None or mi.kind not in ("neutral_vector", "neutral_scalar"):
            continue
        what = f"delta_a_*.{mi.name}"
        for f, call in zip(lir.light, calls):
            m_l, MF = call.args[:2]
            if sp.simplify(MF - m_l) != 0:
                raise ModelError(f"model {model.name!r}: the SM {mi.name} diagram of {f} has internal mass {MF}; "
                                 f"{what} without cancellation needs the lepton itself inside")
        if mi.kind == "neutral_vector":
            b = mi.name
            GL, GR = ch.gauge_left[b], ch.gauge_right[b]
            consts, dGL, dGR = [], [], []
            dm2 = sm_difference(model, mi.mass**2)
            M0 = sm_limit(model, mi.mass)
            for (r, c), f, call in zip(rc, lir.light, calls):
                m_l, _, MB, cV0, cVi, cA0, cAi = call.args
                if cVi != 0 or cAi != 0 or sp.simplify(MB - M0) != 0:
                    raise ModelError(f"model {model.name!r}: the SM {b} diagram of {f} is not the real-coupling "
                                     f"loop at the SM limit of the {b} mass; {what} needs it")
                cV, cA = (GL[r] + GR[c]) / 2, (GR[c] - GL[r]) / 2
                for x, x0 in ((cV, cV0), (cA, cA0)):
                    if sp.simplify(sm_limit(model, x) - x0) != 0:
                        raise ModelError(f"model {model.name!r}: the SM {b} coupling of {f} is {x0}, not the SM "
                                         f"limit of its gauge state's coupling")
                # (dV0, dA0, M^2 - M0^2, V0, A0, M0): kernels/leptons.nv_sum_delta; the SM-limit squared
                # couplings factored (the Z's c_V ~ 1 - 4 s_W^2 stays a factor), as ir_delta.delta_call
                consts += [sm_difference(model, abs2(cV)), sm_difference(model, abs2(cA)), dm2,
                           sp.factor(sm_limit(model, abs2(cV))), sp.factor(sm_limit(model, abs2(cA))), M0]
                dGL += [_charge_difference(d, b, ch.left, a, r) for a in range(len(GL))]
                dGR += [_charge_difference(d, b, ch.right, a, c) for a in range(len(GR))]
            new = [_diag(f"dGL{b}", dGL), _diag(f"dGR{b}", dGR)]
            extra.append((b, tuple(consts)))
        else:
            label = mi.name
            smed = next(s for s in d.scalar_mediators() if s.label == label)
            comps = [(s, c) for s, c in smed.components if s in ch.scalar]
            sm_comps = [(s, c) for s, c in comps if sm_limit(model, c) != 0]
            if len(sm_comps) != 1 or sp.simplify(sm_limit(model, sm_comps[0][1]) - 1) != 0:
                raise ModelError(f"model {model.name!r}: {label} is not the SM Higgs in the SM limit "
                                 f"(components {comps}); {what} needs one component -> 1")
            H, cH = sm_comps[0]
            vH = d.fermions.vevs[H]
            for f, call in zip(lir.light, calls):
                m_l, _, MB, cS, cSi, cP, cPi = call.args
                if cSi != 0 or cP != 0 or cPi != 0 or sp.simplify(cS + m_l / vH) != 0 \
                        or sp.simplify(MB - smed.mass) != 0:
                    raise ModelError(f"model {model.name!r}: the SM {label} diagram of {f} is not the coupling "
                                     f"m/{vH} at the {label} mass; {what} needs it")
            dcH = cH - 1
            if any(not p.exp.is_integer for p in sp.sympify(cH).atoms(sp.Pow)):
                dcH = sm_difference(model, cH**2) / (cH + 1)      # e.g. sqrt(1 - s^2) - 1 = -s^2/(...)
            DH = (dcH * ch.scalar[H] + sum((c * ch.scalar[s] for s, c in comps if s != H), sp.zeros(*ch.mass.shape)))
            MH = (vH * ch.scalar[H]).applyfunc(sp.expand)
            MN = (ch.mass - MH).applyfunc(sp.expand)
            if MN.has(vH):
                raise ModelError(f"model {model.name!r}: the charged mass matrix is not linear in {vH}")
            new = [_flat(f"DH{label}", DH)]
            if f"MH_{H}" not in names:
                new += [_flat(f"MN_{H}", MN), _flat(f"MH_{H}", MH)]
            consts = [vH] + [sp.Integer(x) for rcx in rc for x in rcx]
            extra.append((label, tuple(consts)))
        for mat in new:
            mats.append(mat)
            names.add(mat.name)
            if any(e.has(*ys) for _, e in mat.entries):
                after.append(mat.name)
        med[n_med] = dataclasses.replace(mi, arrays=mi.arrays + tuple(
            x.name for x in new) + ((f"MN_{H}", f"MH_{H}") if mi.kind == "neutral_scalar" and len(new) == 1 else ()))
    return dataclasses.replace(lir, matrices=tuple(mats), after_solve=tuple(after), mediators=tuple(med),
                               neutral_sm=tuple(extra),
                               delta_matrices=lir.delta_matrices + tuple(m.name for m in mats[len(lir.matrices):]))

def _neutral_vectors(d, ys):
    ch, nu = d.fermions.charged, d.fermions.neutral
    mats = []
    for b in d.neutral_vectors:
        mats += [_diag(f"GL{b}", ch.gauge_left[b]), _diag(f"GR{b}", ch.gauge_right[b]),
                 _diag(f"Gn{b}", nu.gauge[b])]
    for c in _axial_charges(d):
        mats += [_diag(f"qL_{c}", [d.gauge.charges(d.model.fermions[f], k, i)[c] for f, k, i in ch.left]),
                 _diag(f"qR_{c}", [d.gauge.charges(d.model.fermions[f], k, i)[c] for f, k, i in ch.right])]
    return [MediatorIR(b, "neutral_vector", d.vector_mass(b), (f"GL{b}", f"GR{b}")) for b in d.neutral_vectors], \
        mats, []


def _neutral_scalars(d, ys):
    med, mats, after = [], [], []
    for s in d.scalar_mediators():
        Y = _scalar_yukawa(d.fermions.charged, s)
        if Y is not None:
            mats.append(_flat(f"Y{s.label}", Y))
            after.append(f"Y{s.label}")
            med.append(MediatorIR(s.label, "neutral_scalar", s.mass, (f"Y{s.label}",)))
    return med, mats, after


def _charged_scalars(d, ys):
    """Physical charged scalars S+ (Goldstones excluded: vector loops are in unitary gauge) with
    L > -S+ [n_bar YR psi_R + overline(n^c) YL psi_L] + h.c. in the neutral left-handed basis n and the
    charged basis psi (modelgen.derive.fermions), read from the scalar sector's Yukawas
    (modelgen.derive.scalar_yukawa, -psi_bar_L Y chi_R S + h.c.): a neutral psi_L with a charged chi_R
    and S+ gives YR[psi, chi] = Y; a charged psi_L with a neutral chi_R (n = chi^c) and S- gives, through
    the h.c. term, YL[chi^c, psi] = Y^*.  Mass basis: L > -S+ chi_bar_k (A P_R + B P_L) l_i + h.c. with
    A = U_n^+ YR U_R, B = U_n^T YL U_L (physics.md "Charged scalars")."""
    S = d.scalars
    if S is None:
        return [], [], []
    ch, nu = d.fermions.charged, d.fermions.neutral
    lepton_fields = {b[0] for b in ch.left + ch.right + nu.basis}
    goldstones = {f"G_{b}" for b in S.goldstones}
    med, mats, after = [], [], []
    for st in S.states:
        if st.sector != "charged" or st.label in goldstones:
            continue
        if st.direction is None or st.mass_squared is None:
            raise ModelError(f"model {d.model.name!r}: the charged scalar {st.label!r} has no closed-form mass and "
                             f"direction; declare it in Model.scalar_inputs to use it as a mediator")
        _check_majorana_terms(d, st)
        YR, YL = sp.zeros(len(nu.basis), len(ch.right)), sp.zeros(len(nu.basis), len(ch.left))
        for (lf, la, rf, rb, conj), Y in S.yukawas.get(st.label, {}).items():
            if lf not in lepton_fields and rf not in lepton_fields:
                continue    # quarks: no lepton dipole
            for i in range(Y.shape[0]):
                for j in range(Y.shape[1]):
                    if Y[i, j] == 0:
                        continue
                    if not conj and (lf, la, i, False) in nu.basis and (rf, rb, j) in ch.right:
                        YR[nu.basis.index((lf, la, i, False)), ch.right.index((rf, rb, j))] += Y[i, j]
                    elif conj and (lf, la, i) in ch.left and (rf, rb, j, True) in nu.basis:
                        YL[nu.basis.index((rf, rb, j, True)), ch.left.index((lf, la, i))] += sp.conjugate(Y[i, j])
                    else:
                        raise ModelError(f"model {d.model.name!r}: charged scalar {st.label!r} couples "
                                         f"{lf}[{la}] to {rf}[{rb}] (conj={conj}), not a neutral-charged lepton "
                                         f"pair of the lepton bases")
        if YR.is_zero_matrix and YL.is_zero_matrix:
            continue
        names = (f"YR{st.label}", f"YL{st.label}")
        mats += [_flat(names[0], YR), _flat(names[1], YL)]
        after += [n for n, Y in zip(names, (YR, YL)) if Y.has(*ys)]
        med.append(MediatorIR(st.label, "charged_scalar", sp.sqrt(S.physical(st.mass_squared)), names))
    return med, mats, after


def _check_majorana_terms(d, st):
    """A Majorana-type term (e.g. L^T C L S+) is not among the scalar sector's Yukawas: a charged state
    with a component on its scalar would lose that coupling, so it is refused."""
    S = d.scalars
    for t in getattr(d.model, "yukawas", {}).values():
        if t.majorana and t.scalar is not None and any(
                c != 0 and name == t.scalar for (name, _), c in zip(S.owners["charged"], st.direction)):
            raise ModelError(f"model {d.model.name!r}: the Majorana-type term {t.name!r} couples leptons to the "
                             f"charged scalar {st.label!r}; such couplings are not lowered in the lepton-mixing "
                             f"path")


#: the mediator kinds of the lepton-mixing path, in the order of their outputs
MEDIATOR_KINDS = (_charged_vector, _neutral_vectors, _neutral_scalars, _charged_scalars)


def build_lepton_ir(d) -> LeptonSectorIR:
    fs = d.fermions
    ch, nu = fs.charged, fs.neutral
    ys, targets, branches = fs.solve
    M = ch.mass
    M0 = M.subs({y: 0 for y in ys})
    n = M.shape[0]
    D = sp.Matrix.vstack(*[M.diff(y) for y in ys]) if ys else sp.zeros(0, n)
    mats, med, after = [_flat("M0", M0), _flat("Dy", D), _flat("Mn", nu.mass)], [], []
    for kind in MEDIATOR_KINDS:
        m, a, f = kind(d, ys)
        med, mats, after = med + m, mats + a, after + f
    light = d.light_leptons()
    neutrinos = d.light_neutrinos()
    if len(neutrinos) != len(light):
        raise ModelError(f"model {d.model.name!r}: light leptons {', '.join(light)} need one doublet neutrino "
                         f"each (Model.dirac(..., kind='neutrino')); found {len(neutrinos)}")
    nu_index = tuple(nu.basis.index(comp + (False,)) for _, comp in neutrinos)
    transitions = tuple((i, j, f"BR_{light[i]}_{light[j]}gamma") for i in range(len(light)) for j in range(i))
    if any(e.has(sp.I) for m in mats for _, e in m.entries):
        # complex sector: DW of the real identity (M^T) does not hold there; with_sm_w adds the complex
        # one (M^+) as a matrix of the delta kernel, with a CSE pass of its own (codegen.render), so the
        # code of every other entry is the same as without it
        mats = [m for m in mats if m.name != "DW"]
        after = [a for a in after if a != "DW"]
        med = [dataclasses.replace(m, arrays=m.arrays[:2]) if m.kind == "charged_vector" else m for m in med]
    return LeptonSectorIR(n, nu.mass.shape[0], tuple(ys), tuple(targets), tuple(branches), tuple(mats), tuple(after),
                          tuple(med), nu_index, _axial_charges(d), light, tuple(name for name, _ in neutrinos),
                          transitions)


def _axial_charges(d):
    """Charges c (other than Q) with a nonzero coefficient k_c in some new vector; Q must be one
    value for every charged component (true by construction of the Q = -1 basis), so its part is
    purely vector."""
    ch, g = d.fermions.charged, d.gauge
    qs = {sp.simplify(g.charges(d.model.fermions[f], k, i)[CHARGE_Q]) for f, k, i in ch.left + ch.right}
    if len(qs) != 1:
        raise ModelError(f"charged lepton basis mixes electric charges {sorted(map(str, qs))}")
    return tuple(dict.fromkeys(c for b in d.new_vectors for c, k in g.coefficients[b].items()
                               if c != CHARGE_Q and k != 0))


def _vector_outputs(d, b, f, gl, gr, axial, e, OutputIR):
    """Couplings of light state f to neutral vector b: g_L/g_R for the electroweak
    vector, eps_V/eps_A/eps_L/eps_R (units of e) for a new one."""
    if b == d.electroweak_vector:
        return [OutputIR(f"g_L.{b}.{f}", gl), OutputIR(f"g_R.{b}.{f}", gr)]
    n = lambda kind: eps_name(d, kind, b, f)
    return [OutputIR(n("eps_V"), (gl + gr) / (2 * e), "", f"{b} vector coupling of {f} / e"),
            OutputIR(n("eps_A"), axial / (2 * e), "", f"{b} axial coupling of {f} / e"),
            OutputIR(n("eps_L"), gl / e), OutputIR(n("eps_R"), gr / e)]


def _neutrino_outputs(d, b, i, nu, e, OutputIR):
    """Couplings of the light (left-handed) neutrino nu (index i) to neutral vector b."""
    gl = ARRAY[f"gnu_{b}"][i]
    if b == d.electroweak_vector:
        return [OutputIR(f"g_L.{b}.{nu}", gl), OutputIR(f"g_R.{b}.{nu}", sp.Integer(0))]
    n = lambda kind: eps_name(d, kind, b, nu)
    return [OutputIR(n("eps_V"), gl / (2 * e), "", "nu_L current bookkeeping: eps_L/2"),
            OutputIR(n("eps_A"), -gl / (2 * e), "", "nu_L current bookkeeping: -eps_L/2"),
            OutputIR(n("eps_L"), gl / e, "", f"{b} coupling of the light {nu} (left-handed) / e"),
            OutputIR(n("eps_R"), sp.Integer(0))]


def lepton_outputs(d, lir, e, sm_parts, OutputIR):
    """Public outputs of the lepton stage; ``sm_parts[(lepton, mediator)]`` is the SM diagram."""
    A = ARRAY
    outs = [OutputIR(f"m_charged.{k}", A["mc"][k], "GeV", f"charged lepton mass eigenvalue {k}")
            for k in range(lir.n_charged)]
    outs += [OutputIR(f"m_neutral.{k}", A["mn"][k], "GeV", f"neutral lepton mass eigenvalue {k}")
             for k in range(lir.n_neutral)]
    outs += [OutputIR(str(y), A["ysol"][i], "", "SM Yukawa solved from the light mass")
             for i, y in enumerate(lir.yukawas)]
    coup = []
    for i, f in enumerate(lir.light):
        for b in d.neutral_vectors:
            k = d.gauge.coefficients[b]
            axial = sum(k[c] * A[f"ax_{c}"][i] for c in lir.axial)
            coup += _vector_outputs(d, b, f, A[f"gL_{b}"][i], A[f"gR_{b}"][i], axial, e, OutputIR)
    for i, nu in enumerate(lir.neutrinos):
        for b in d.neutral_vectors:
            coup += _neutrino_outputs(d, b, i, nu, e, OutputIR)
    w = d.charged_vector
    gw = d.model.groups[d.model.weak].coupling ** 2 / 2
    coup += [OutputIR(f"g{w}2.{f}", A["gW2"][i] / gw, "", f"{w} coupling of {f} to light neutrinos / (g^2/2)")
             for i, f in enumerate(lir.light)]
    if len(lir.light) >= 2:
        l0, l1 = lir.light[:2]
        coup.append(OutputIR(f"g{w}.{l1}_{l0}", sp.sqrt(A["gW2"][1] / A["gW2"][0]), "",
                             f"lepton universality g_{l1}/g_{l0} of the {w}"))
    g2 = []
    for i, f in enumerate(lir.light):
        total, delta, parts, deltas = 0, 0, [], []
        for med in lir.mediators:
            val = A[f"a_{med.name}"][i]
            parts.append(OutputIR(f"a_{f}.{med.name}", val, "", f"one-loop {med.name} contribution to a_{f}"))
            total += val
            diff = val - sm_parts.get((f, med.name), 0)
            if med.kind == "charged_vector" and lir.w_sm and (f, med.name) in sm_parts:
                diff = A[f"da_{med.name}"][i]    # kernels/leptons.w_delta_sum: no cancellation
            if any(name == med.name for name, _ in lir.neutral_sm):
                diff = A[f"da_{med.name}"][i]    # kernels/leptons.nv_sum_delta, ns_sum_delta
            deltas.append(OutputIR(f"delta_a_{f}.{med.name}", diff, "", f"{med.name} part of a_{f} minus its SM value"))
            # each mediator's difference is one temporary: SymPy would otherwise regroup the total as
            # (sum of a) - (sum of SM), cancelling where the per-mediator differences are exact
            delta += sp.UnevaluatedExpr(diff) if isinstance(diff, sp.Add) else diff
        g2 += parts + [OutputIR(f"a_{f}", total, "", f"one-loop a_{f}")] + deltas + \
            [OutputIR(f"delta_a_{f}", delta, "", f"a_{f} minus the SM value with the same inputs"),
             OutputIR(f"d_{f}", A["d_lep"][i], "e cm", f"one-loop EDM of {f} (all mediators)")]
    return outs, coup, g2


def lfv_outputs(model, lir, OutputIR, StatusIR):
    """BR(l_i -> l_j gamma) from the kernel's summed transition dipoles (leading order in the
    external masses, modelgen/loops/transition.pxd) and the status bit of an open two-body decay."""
    p = model.parameters
    # total widths of the decaying light states by index: the 2nd decays as the muon (tree-level
    # W exchange to the 1st), the 3rd has the measured tau width
    m = [p[model.states[f].mass].symbol for f in lir.light]
    widths = {1: MUON_WIDTH(p["G_F"].symbol, m[1], m[0]) if len(m) > 1 else None, 2: TAU_WIDTH}
    if len(lir.light) > 3:
        raise ModelError(f"model {model.name!r}: l_i -> l_j gamma needs the total width of each light "
                         f"charged lepton; known for three, the model has {len(lir.light)}")
    outs = []
    for t, (i, j, name) in enumerate(lir.transitions):
        br = sp.Piecewise((sp.nan, sp.StrictGreaterThan(ARRAY["lfv_open"][t], 0)),
                          (ARRAY["gam_lfv"][t] / widths[i], True))
        outs.append(OutputIR(name, br, "", f"BR({name[3:]}) at one loop; NaN when a two-body decay is open",
                             may_be_nan=True))
    anyopen = sum(ARRAY["lfv_open"][t] for t in range(len(lir.transitions)))
    status = StatusIR(4, sp.StrictGreaterThan(anyopen, 0),
                      "a lepton-flavour-violating two-body decay l_i -> l_j B (e.g. mu -> e Z') is open: "
                      "BR(l_i -> l_j gamma) is not modelled there (NaN)", fatal=False)
    return outs, status


def light_subspace_outputs(lir, outputs, OutputIR, StatusIR, bit):
    """NaN (may_be_nan) in every output that reads an array summed over the light subspace, where that
    subspace is not separated; and the non-fatal status bit that says so.

    Which outputs: those whose expression contains an entry of the LightCouplings step's
    ``subspace_arrays`` (gnu_<V>: the Z/Z' couplings of the flavour neutrinos; gW2: the W strength of
    the light charged leptons and the universality ratios built on it), found in the IR, so no output
    is named here.  The cancellation-free Delta a of the W (da_<W>) also reads nlight but its light
    sum is exact for any split (a(m_k) - a(0) plus the P0 term, kernels/leptons.w_delta_sum), so its
    outputs stay valid, as every other output of the point."""
    from .ir_steps import lepton_steps
    step = next(s for s in lepton_steps(lir) if s.kind == "light")
    names = set(step.subspace_arrays)
    split = sp.StrictGreaterThan(LIGHT_SPLIT, 0)
    out = []
    for o in outputs:
        expr = sp.sympify(o.expr)
        if any(str(a.base.label) in names for a in expr.atoms(sp.Indexed)):
            o = OutputIR(o.name, sp.Piecewise((sp.nan, split), (expr, True)), o.unit,
                         (o.description + "; " if o.description else "") + "NaN where the light subspace is not separated",
                         may_be_nan=True)
        out.append(o)
    status = StatusIR(bit, split,
                      "the light neutral states are not separated from the heavier ones (kernels/leptons.light_subspace: "
                      "the nmin lightest states, or with exactly degenerate Dirac pairs, counted in Weyl states as one "
                      "neutrino each, the lightest K <= 2 nmin holding nmin neutrinos, need m[K] >= 8 m[K-1]; e.g. a "
                      "pseudo-Dirac pair split between light and heavy, or a further state within a factor 8: nmin too "
                      "small for this point), or a flavour neutrino (or the W partner of a light charged lepton) has no "
                      "light component; the outputs summed over the light subspace "
                      "(neutrino couplings, W strengths) are NaN, the rest valid", fatal=False)
    return out, status
