"""IR of the lepton sector of models with lepton mixing (vector-like leptons).

Consumes a Derivation whose ``fermions`` holds the symbolic mass matrices and gauge-basis
couplings; produces a :class:`LeptonSectorIR` (matrices as flat lists of printed-later SymPy
entries) and the public outputs that read the per-point arrays filled by the kernel's lepton
stage (modelgen/kernels/leptons.pxd):
    mc, mn          charged / neutral masses (ascending)
    gL_<V>, gR_<V>  couplings of the light charged states to V = Z, Zp (mass basis, diagonal)
    ax_<c>          <q_c>_R - <q_c>_L of the light charged states for each charge c the Z' sees
                    besides Q (modelgen/kernels/chiral.pxd): eps_A = sum_c k_c ax_c / (2e) with
                    no cancellation of the O(eps) vector part (the Q part is identical for L, R)
    gnu_<V>         couplings of the flavour neutrinos projected on the light subspace
    a_<X>           Delta a of the light charged states from mediator X summed over internal states
    d_lep           their EDMs (e cm), summed over mediators
    gW2             their W coupling strength to the three light neutrinos
    ysol            the solved SM Yukawas
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .derive.gauge import CHARGE_Q
from .errors import ModelError
from .loops.transition import HBAR_GEV_S, TAU_LIFETIME_S

__all__ = ["MatrixIR", "MediatorIR", "LeptonSectorIR", "build_lepton_ir", "lepton_outputs", "lfv_outputs",
           "ARRAY", "TRANSITIONS", "MUON_WIDTH"]

ARRAY = {name: sp.IndexedBase(name) for name in (
    "mc", "mn", "ysol", "gL_Z", "gR_Z", "gL_Zp", "gR_Zp", "gnu_Z", "gnu_Zp",
    "a_W", "a_Z", "a_Zp", "a_h", "a_hX", "gam_lfv", "lfv_open", "d_lep", "gW2")}
LIGHT = ("e", "mu", "tau")
#: (i, j, output name) of l_i -> l_j gamma, indices into the light charged states
TRANSITIONS = ((1, 0, "BR_mu_egamma"), (2, 0, "BR_tau_egamma"), (2, 1, "BR_tau_mugamma"))
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
    name: str       # output suffix: W, Z, Zp, h, hX
    kind: str       # charged_vector | neutral_vector | neutral_scalar
    mass: sp.Expr
    arrays: tuple   # the coupling matrices the dipole sum reads


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
    nu_index: tuple     # neutral-basis index of nu_L,e / nu_L,mu / nu_L,tau
    axial: tuple = ()   # charges c with arrays qL_<c>, qR_<c> read by the axial Z' coupling


def _flat(name, M):
    rows, cols = M.shape
    return MatrixIR(name, rows * cols, tuple((i * cols + j, M[i, j]) for i in range(rows)
                                            for j in range(cols) if M[i, j] != 0))


def _diag(name, values):
    return MatrixIR(name, len(values), tuple((i, v) for i, v in enumerate(values) if v != 0))


def build_lepton_ir(d) -> LeptonSectorIR:
    fs = d.fermions
    ch, nu = fs.charged, fs.neutral
    ys, targets, branches = fs.solve
    M = ch.mass
    M0 = M.subs({y: 0 for y in ys})
    n = M.shape[0]
    D = sp.Matrix.vstack(*[M.diff(y) for y in ys]) if ys else sp.zeros(0, n)
    mats = [_flat("M0", M0), _flat("Dy", D), _flat("Mn", nu.mass),
            _flat("WL", fs.w_left), _flat("WR", fs.w_right)]
    for b in ("Z", "Zp"):
        mats += [_diag(f"GL{b}", ch.gauge_left[b]), _diag(f"GR{b}", ch.gauge_right[b]),
                 _diag(f"Gn{b}", nu.gauge[b])]
    axial = _axial_charges(d)
    for c in axial:
        mats += [_diag(f"qL_{c}", [d.gauge.charges(d.model.fermions[f], k, i)[c] for f, k, i in ch.left]),
                 _diag(f"qR_{c}", [d.gauge.charges(d.model.fermions[f], k, i)[c] for f, k, i in ch.right])]
    scalars = {"H": ("h", "M_h"), "h_X": ("hX", "M_hX")}
    after = []
    for s, (label, _) in scalars.items():
        if s in ch.scalar:
            mats.append(_flat(f"Y{label}", ch.scalar[s]))
            after.append(f"Y{label}")
    m2 = d.masses_squared()
    p = d.model.parameters
    med = [MediatorIR("W", "charged_vector", sp.sqrt(m2["W"]), ("WL", "WR")),
           MediatorIR("Z", "neutral_vector", sp.sqrt(m2["Z"]), ("GLZ", "GRZ")),
           MediatorIR("Zp", "neutral_vector", p["M_Zp"].symbol, ("GLZp", "GRZp"))]
    med += [MediatorIR(label, "neutral_scalar", p[mass].symbol, (f"Y{label}",))
            for s, (label, mass) in scalars.items() if s in ch.scalar and mass in p]
    nu_index = tuple(i for i, b in enumerate(nu.basis) if b[0] == "l_L" and not b[3])
    return LeptonSectorIR(n, nu.mass.shape[0], tuple(ys), tuple(targets), tuple(branches), tuple(mats), tuple(after),
                          tuple(med), nu_index, axial)


def _axial_charges(d):
    """Charges c (other than Q) with a nonzero Z' coefficient k_c; Q must be one value for every
    charged component (true by construction of the Q = -1 basis), so its part is purely vector."""
    ch, g = d.fermions.charged, d.gauge
    qs = {sp.simplify(g.charges(d.model.fermions[f], k, i)[CHARGE_Q]) for f, k, i in ch.left + ch.right}
    if len(qs) != 1:
        raise ModelError(f"charged lepton basis mixes electric charges {sorted(map(str, qs))}")
    return tuple(c for c, k in g.coefficients["Zp"].items() if c != CHARGE_Q and k != 0)


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
    k = d.gauge.coefficients["Zp"]
    for i, f in enumerate(LIGHT):
        gl, gr = A["gL_Zp"][i], A["gR_Zp"][i]
        axial = sum(k[c] * sp.IndexedBase(f"ax_{c}")[i] for c in lir.axial)
        coup += [OutputIR(f"g_L.Z.{f}", A["gL_Z"][i]), OutputIR(f"g_R.Z.{f}", A["gR_Z"][i]),
                 OutputIR(f"eps_V.{f}", (gl + gr) / (2 * e), "", f"Z' vector coupling of {f} / e"),
                 OutputIR(f"eps_A.{f}", axial / (2 * e), "", f"Z' axial coupling of {f} / e"),
                 OutputIR(f"eps_L.{f}", gl / e), OutputIR(f"eps_R.{f}", gr / e)]
    for i, f in enumerate(LIGHT):
        gl = A["gnu_Zp"][i]
        coup += [OutputIR(f"g_L.Z.nu_{f}", A["gnu_Z"][i]), OutputIR(f"g_R.Z.nu_{f}", sp.Integer(0)),
                 OutputIR(f"eps_V.nu_{f}", gl / (2 * e), "", "nu_L current bookkeeping: eps_L/2"),
                 OutputIR(f"eps_A.nu_{f}", -gl / (2 * e), "", "nu_L current bookkeeping: -eps_L/2"),
                 OutputIR(f"eps_L.nu_{f}", gl / e, "", f"Z' coupling of the light nu_{f} (left-handed) / e"),
                 OutputIR(f"eps_R.nu_{f}", sp.Integer(0))]
    gw = d.model.groups[d.model.weak].coupling ** 2 / 2
    coup += [OutputIR(f"gW2.{f}", A["gW2"][i] / gw, "", f"W coupling of {f} to light neutrinos / (g^2/2)")
             for i, f in enumerate(LIGHT)]
    coup.append(OutputIR("gW.mu_e", sp.sqrt(A["gW2"][1] / A["gW2"][0]), "",
                         "lepton universality g_mu/g_e of the W (tau -> mu nu nu vs tau -> e nu nu)"))
    g2 = []
    for i, f in enumerate(LIGHT):
        total, delta, parts, deltas = 0, 0, [], []
        for med in lir.mediators:
            val = A[f"a_{med.name}"][i]
            parts.append(OutputIR(f"a_{f}.{med.name}", val, "", f"one-loop {med.name} contribution to a_{f}"))
            total += val
            diff = val - sm_parts.get((f, med.name), 0)
            deltas.append(OutputIR(f"delta_a_{f}.{med.name}", diff, "", f"{med.name} part of a_{f} minus its SM value"))
            delta += diff
        g2 += parts + [OutputIR(f"a_{f}", total, "", f"one-loop a_{f}")] + deltas + \
            [OutputIR(f"delta_a_{f}", delta, "", f"a_{f} minus the SM value with the same inputs"),
             OutputIR(f"d_{f}", A["d_lep"][i], "e cm", f"one-loop EDM of {f} (all mediators)")]
    return outs, coup, g2


def lfv_outputs(model, lir, OutputIR, StatusIR):
    """BR(l_i -> l_j gamma) from the kernel's summed transition dipoles (leading order in the
    external masses, modelgen/loops/transition.pxd) and the status bit of an open two-body decay."""
    p = model.parameters
    widths = {1: MUON_WIDTH(p["G_F"].symbol, p["m_mu"].symbol, p["m_e"].symbol), 2: TAU_WIDTH}
    outs = []
    for t, (i, j, name) in enumerate(TRANSITIONS):
        br = sp.Piecewise((sp.nan, sp.StrictGreaterThan(ARRAY["lfv_open"][t], 0)),
                          (ARRAY["gam_lfv"][t] / widths[i], True))
        outs.append(OutputIR(name, br, "", f"BR({name[3:]}) at one loop; NaN when a two-body decay is open",
                             may_be_nan=True))
    anyopen = sum(ARRAY["lfv_open"][t] for t in range(len(TRANSITIONS)))
    status = StatusIR(4, sp.StrictGreaterThan(anyopen, 0),
                      "a lepton-flavour-violating two-body decay l_i -> l_j B (e.g. mu -> e Z') is open: "
                      "BR(l_i -> l_j gamma) is not modelled there (NaN)", fatal=False)
    return outs, status
