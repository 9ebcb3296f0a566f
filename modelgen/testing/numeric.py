"""NumPy reference pipeline for the lepton sector, vectorised over points.

Consumes a model with declared mass/Yukawa terms (its :class:`~modelgen.derive.fermions.FermionSector`
and gauge sector); produces, for N points, the diagonalised spectrum and mass-basis couplings as
a :class:`LeptonPoints`.  This is the reference the compiled kernels are tested against.

Stages of :meth:`LeptonPipeline.__call__`:
 1. parameters (dict of scalars / equal-length arrays, defaults for the rest) -> internal
    quantities in order (tree-level relations v, g, g'; v_X solved from M_Z');
 2. gauge-basis couplings (diagonal) and the charged matrix M(y) = M_0 + sum_i y_i D_i;
 3. solve the diagonal SM Yukawas y_i so the 3 lightest singular values equal m_e, m_mu, m_tau
    with light state i dominantly flavour i, on the root chosen by the branch parameters
    (Model.solve_yukawa): starts from the block-seesaw (Schur complement) estimate on that branch,
    then Newton with each flavour following its light state and the exact derivative
    ds_k/dy_i = u_k^T D_i v_k of the SVD (:mod:`.lightsolve`, the algorithm of
    modelgen.kernels.lightmass); each failure (no convergence, wrong flavour, wrong branch) is a status bit;
 4. charged SVD M = U_L diag(m) U_R^dagger, masses ascending, column signs fixed so the largest
    |entry| of each U_L column is positive (U_R follows, diag stays positive; continuous in a scan
    unless two gauge components of one state swap dominance);
 5. neutral Takagi of the real symmetric M_n: eigh, sort by |w|, columns times i where w < 0, so
    U^T M_n U = diag(m) >= 0; light masses also from the second-order block seesaw (eigh alone has
    absolute error ~ eps * M_heavy, i.e. useless for 0.1 eV next to 100 GeV);
 6. mass-basis couplings: charged g_{L,R} = U_{L,R}^dagger G_{L,R} U_{L,R}; neutral
    G' = U^dagger G U (L > chi_bar gamma G' P_L chi V, see :func:`majorana_chiral`);
    W: g_L = U_n^dagger W_L U_L, g_R = U_n^T W_R U_R (L > W^+ chi_bar gamma (g_L P_L + g_R P_R) e + h.c.);
    scalars: Y = U_L^dagger (dM/dv_S) U_R (L > -e_bar_L Y e_R phi_S + h.c.), U^T (dM_n/dv_S) U.
Complex couplings (CP phases, Model.yukawa(..., cp=True)) make M and M_n complex: stage 4 is then
the complex SVD M = U_L diag(m) U_R^+ (largest |entry| of each U_L column real positive), stage 5
the Takagi factorisation U^T M_n U = diag(m) from NumPy's SVD M_n = W diag(m) V^+ and the
symmetric unitary square root of Z = V^T W (U = V conj(sqrt Z); an algorithm independent of the
kernel's real 2n embedding), and the block-seesaw light masses are not computed (NaN, bit 4); for
real parameters every stage is the real one.  Names are the model's: couplings are keyed by the gauge sector's eigenstate names
(photon, Z, Z', ...) and the gauge-basis scalar names (e.g. "H", "h_X"); the electroweak vev is
that of the SU(2)-doublet scalar; the number of light states is the model's light leptons.
Lives outside the runtime package (modelgen.testing): the tests and benchmarks use it as the
independent reference of the compiled kernels, so its algorithm shares nothing with the template.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from ..derive.fermions import derive_fermions
from ..derive.gauge import derive_gauge
from ..derive.names import light_leptons, neutral_vectors, electroweak_vector
from ..model.phases import coupling_symbols
from .lightsolve import solve_light_yukawas

__all__ = ["LeptonPipeline", "LeptonPoints", "STATUS", "majorana_chiral", "PERTURBATIVE"]

PERTURBATIVE = float(np.sqrt(4 * np.pi))

#: status bit -> reason
STATUS = {
    0: "SM Yukawa solve did not converge (no y gives the light masses on this branch)",
    1: "a heavy charged state is lighter than 10 m_tau: light/heavy separation ambiguous",
    2: "non-finite input or result",
    3: "a Yukawa coupling exceeds the perturbativity bound sqrt(4 pi)",
    4: "block seesaw not applicable (number of zero modes of the vev-free neutral matrix != 3); "
       "light neutrino masses from eigh only",
    5: "no v_X gives this M_Zp (v_X^2 <= 0)",
    6: "no solution of the light-mass solve with light state i dominantly flavour i",
    7: "no solution of the light-mass solve on the requested branch (only the other root)",
}

def majorana_chiral(G):
    """(g_L, g_R) of Majorana states from G' (L > chi_bar gamma G' P_L chi V):
    L = (1/2) chi_bar_i gamma (g_L P_L + g_R P_R)_ij chi_j V with g_L = G', g_R = -G'^T, so the
    vector part (g_L + g_R)/2 of every diagonal vertex vanishes."""
    return G, -np.swapaxes(G, -1, -2)


@dataclass(frozen=True)
class LeptonPoints:
    """Per-point results (leading axis = point)."""

    params: dict
    e: np.ndarray                 # photon coupling
    y_solved: np.ndarray          # (N, 3) solved diagonal Yukawas
    m_charged: np.ndarray         # (N, nc) ascending
    U_L: np.ndarray
    U_R: np.ndarray
    m_neutral: np.ndarray         # (N, nn) ascending |eigenvalue| (eigh)
    U_n: np.ndarray               # complex
    m_nu_light: np.ndarray        # (N, 3) block-seesaw light masses (NaN where bit 4)
    charged: dict                 # boson -> (g_L, g_R); gauge-basis scalar name (e.g. "H") -> Y
    neutral: dict                 # boson -> G'; scalars -> U^T dM U
    w: tuple                      # (g_L, g_R), shape (N, nn, nc)
    status: np.ndarray            # (N,) int bit field, see STATUS
    residual: np.ndarray          # (N, 3) |m_light - target| / target after the solve (y = 0 where unsolved)
    nonperturbative: tuple        # names of parameters above sqrt(4 pi) somewhere
    gauge_charged: dict = field(repr=False, default=None)   # boson -> (G_L, G_R) diagonals (N, n)
    gauge_neutral: dict = field(repr=False, default=None)
    new_vector: str | None = None  # the model's only new massive neutral vector, if exactly one

    def reasons(self, i):
        return [STATUS[b] for b in STATUS if self.status[i] >> b & 1]

    def eps(self, boson=None, k=0):
        """(eps_L, eps_R, eps_V, eps_A) of light charged state k in units of e (default boson:
        the model's one new vector)."""
        gl, gr = self.charged[boson or self.new_vector]
        el, er = gl[:, k, k].real / self.e, gr[:, k, k].real / self.e
        return el, er, (el + er) / 2, (er - el) / 2


def _lambdify(args, exprs):
    """Vectorised evaluation of a list of expressions; constants broadcast to the point shape."""
    f = sp.lambdify(args, list(exprs), "numpy")

    def call(values, n):
        with np.errstate(all="ignore"):
            return [np.broadcast_to(np.asarray(x, dtype=float), (n,)) for x in f(*values)]
    return call


def _rotate(U, G):
    """U^dagger diag(G) U for a batch (G: (N, n) diagonals)."""
    return (np.swapaxes(U.conj(), 1, 2) * G[:, None, :]) @ U


class _MatrixFn:
    """Batched evaluation of a SymPy matrix: real, or complex if an entry has an imaginary part."""

    def __init__(self, args, M):
        self.shape = M.shape
        self.idx = [(i, j) for i in range(M.shape[0]) for j in range(M.shape[1]) if M[i, j] != 0]
        self.complex = any(M[i, j].has(sp.I) for i, j in self.idx)
        entries = [M[i, j] for i, j in self.idx]
        if self.complex:
            self.fn = (_lambdify(args, [sp.re(e) for e in entries]), _lambdify(args, [sp.im(e) for e in entries]))
        else:
            self.fn = _lambdify(args, entries)

    def __call__(self, values, n):
        if not self.complex:
            out = np.zeros((n,) + self.shape)
            for (i, j), x in zip(self.idx, self.fn(values, n)):
                out[:, i, j] = x
            return out
        out = np.zeros((n,) + self.shape, complex)
        for (i, j), re, im in zip(self.idx, self.fn[0](values, n), self.fn[1](values, n)):
            out[:, i, j] = re + 1j * im
        return out


def _takagi(M):
    """(m, U) with U^T M U = diag(m), m ascending, for a stack of complex symmetric M: NumPy's SVD
    M = W diag(m) V^+ gives Z = V^T W (unitary, symmetric, commuting with diag(m)); with the real
    orthogonal Q diagonalising Z = Q diag(z) Q^T (its real and imaginary parts commute; Q from
    eigh of Re Z + sqrt2 Im Z), sqrt Z = Q diag(z^1/2) Q^T and U = V conj(sqrt Z).  Z is
    symmetrised first: in a cluster of singular values at rounding level (massless states) W and
    V are unrelated, and any unitary basis there is exact to that level."""
    w, s, vh = np.linalg.svd(M)
    V = np.swapaxes(vh.conj(), 1, 2)
    Z = np.swapaxes(V, 1, 2) @ w
    Z = (Z + np.swapaxes(Z, 1, 2)) / 2
    Q = np.linalg.eigh(Z.real + np.sqrt(2) * Z.imag)[1]
    z = np.einsum("nak,nab,nbk->nk", Q, Z, Q)
    root = np.sqrt(z / np.abs(z))
    U = V @ np.conj((Q * root[:, None, :]) @ np.swapaxes(Q, 1, 2))
    return s[:, ::-1], U[:, :, ::-1]


class LeptonPipeline:
    """Compile once per model (lambdify), then call with parameter arrays."""

    def __init__(self, model, gauge=None, sector=None):
        self.model = model
        self.gauge = gauge or derive_gauge(model)
        self.sector = sector or derive_fermions(model, self.gauge)
        s = self.sector
        self.param_syms = [p.symbol for p in model.parameters.values()]
        self.internal = [(r.symbol, r.expr) for r in model.relations] + list(self.gauge.solved)
        self.y_syms, self.targets, self.branches = s.solve if s.solve else ((), (), ())
        args = self.param_syms + [sym for sym, _ in self.internal] + list(self.y_syms)
        self.args = args
        self.internal_fns = [(_lambdify(args, [expr])) for _, expr in self.internal]
        y0 = {y: 0 for y in self.y_syms}
        Mc = s.charged.mass
        self.M0 = _MatrixFn(args, Mc.subs(y0))
        self.D = [_MatrixFn(args, Mc.diff(y)) for y in self.y_syms]
        self.Mn = _MatrixFn(args, s.neutral.mass)
        vH = next((sc.vev for sc in model.scalars.values() if sc.vev is not None and model.su2_dim(sc) == 2), None)
        self.n_light = len(light_leptons(model))
        new = [b for b in neutral_vectors(self.gauge, model) if b != electroweak_vector(model)]
        self.new_vector = new[0] if len(new) == 1 else None
        self.Mn_ew = _MatrixFn(args, s.neutral.mass.diff(vH) * vH) if vH is not None else None
        self.dMc = {k: _MatrixFn(args, v) for k, v in s.charged.scalar.items()}
        self.dMn = {k: _MatrixFn(args, v) for k, v in s.neutral.scalar.items()}
        bos = list(s.charged.gauge_left)
        self.gauge_fns = {b: (_lambdify(args, s.charged.gauge_left[b]), _lambdify(args, s.charged.gauge_right[b]),
                              _lambdify(args, s.neutral.gauge[b])) for b in bos}
        self.WL, self.WR = _MatrixFn(args, s.w_left), _MatrixFn(args, s.w_right)
        self.e_fn = _lambdify(args, [self.gauge.e])
        # couplings of the declared Yukawa terms (those with a scalar), checked against sqrt(4 pi)
        ysyms = {x for t in model.yukawas.values() if t.scalar is not None for x in coupling_symbols(t.matrix)}
        self.yukawa_params = [p.name for p in model.parameters.values() if p.symbol in ysyms]

    # -- stage 1 --------------------------------------------------------------------------
    def _values(self, params):
        unknown = set(params) - set(self.model.parameters)
        if unknown:
            from ..errors import ParameterError
            raise ParameterError(f"unknown parameters {sorted(unknown)} for model {self.model.name!r}")
        arrs = {k: np.atleast_1d(np.asarray(v, dtype=float)) for k, v in params.items()}
        n = max([a.shape[0] for a in arrs.values()] + [1])
        vals = []
        for p in self.model.parameters.values():
            vals.append(np.broadcast_to(arrs.get(p.name, np.float64(p.default)), (n,)).astype(float))
        for fn in self.internal_fns:
            vals.append(fn(vals + [np.zeros(n)] * (len(self.args) - len(vals)), n)[0])
        return vals, n

    # -- stage 3 --------------------------------------------------------------------------
    def _solve_y(self, vals, n, tol, maxiter):
        """(y, M(y), status bits of the solve, residual) from :mod:`.lightsolve`; y = 0 where unsolved."""
        full = vals + [np.zeros(n)] * len(self.y_syms)
        M0 = self.M0(full, n)
        if not self.y_syms:
            return np.zeros((n, 0)), M0, np.zeros(n, np.int64), np.zeros((n, 0))
        D = np.stack([d(full, n) for d in self.D], axis=1)
        names = list(self.model.parameters)
        target = np.stack([vals[names.index(t)] for t in self.targets], axis=1)
        branch = np.stack([vals[names.index(b)] for b in self.branches], axis=1)
        y, code = solve_light_yukawas(M0, D, target, branch, tol, maxiter)
        y = np.where(np.isfinite(y), y, 0.0)
        M = M0 + np.einsum("ni,nijk->njk", y, D)
        s = np.linalg.svd(M, compute_uv=False)
        resid = np.abs(s[:, ::-1][:, :y.shape[1]] - target) / target
        bits = np.select([code == 1, code == 3, code == 4], [1 << 0, 1 << 6, 1 << 7], 0)
        return y, M, bits, resid

    # -- stages 4-6 -----------------------------------------------------------------------
    def __call__(self, params=None, tol=1e-12, maxiter=60) -> LeptonPoints:
        params = params or {}
        vals, n = self._values(params)
        status = np.zeros(n, np.int64)
        names = list(self.model.parameters)
        solved_sq = [i for i, (sym, _) in enumerate(self.internal) if str(sym).endswith("_sq")]
        for i in solved_sq:
            status |= np.where(~(vals[len(names) + i] > 0), 1 << 5, 0)
        y, M, solve_bits, resid = self._solve_y(vals, n, tol, maxiter)
        status |= solve_bits
        full = vals + [y[:, i] for i in range(y.shape[1])]

        u, s, vh = np.linalg.svd(M)
        mc, UL, UR = s[:, ::-1], u[:, :, ::-1], np.swapaxes(vh.conj(), 1, 2)[:, :, ::-1]
        big = np.take_along_axis(UL, np.abs(UL).argmax(axis=1)[:, None, :], axis=1)
        sign = np.where(big == 0, 1.0, np.conj(big) / np.where(big == 0, 1.0, np.abs(big)))
        UL, UR = UL * sign, UR * sign
        k = y.shape[1]
        if mc.shape[1] > k:
            status |= np.where(mc[:, k] < 10 * np.max(mc[:, :k], axis=1), 1 << 1, 0)

        Mn = self.Mn(full, n)
        if np.iscomplexobj(Mn):
            w, Un = _takagi(Mn)
            m_light = np.full((n, self.n_light), np.nan)
            status |= 1 << 4
        else:
            w, O = np.linalg.eigh(Mn)
            order = np.argsort(np.abs(w), axis=1)
            w = np.take_along_axis(w, order, axis=1)
            O = np.take_along_axis(O, order[:, None, :], axis=2)
            sgn = np.sign(np.take_along_axis(O, np.abs(O).argmax(axis=1)[:, None, :], axis=1))
            sgn[sgn == 0] = 1
            Un = O * sgn * np.where(w < 0, 1j, 1.0)[:, None, :]
            m_light = self._seesaw(full, n, Mn, status)

        gc, gn, charged, neutral = {}, {}, {}, {}
        for b, (fl, fr, fn) in self.gauge_fns.items():
            GL, GR, GN = (np.stack(f(full, n), axis=1) for f in (fl, fr, fn))
            gc[b], gn[b] = (GL, GR), GN
            charged[b] = (_rotate(UL, GL), _rotate(UR, GR))
            neutral[b] = _rotate(Un, GN)
        for sname, f in self.dMc.items():
            charged[sname] = np.swapaxes(UL.conj(), 1, 2) @ f(full, n) @ UR
        for sname, f in self.dMn.items():
            neutral[sname] = np.swapaxes(Un, 1, 2) @ f(full, n) @ Un
        wl = np.swapaxes(Un.conj(), 1, 2) @ self.WL(full, n) @ UL
        wr = np.swapaxes(Un, 1, 2) @ self.WR(full, n) @ UR

        big = []
        for name in self.yukawa_params:
            x = vals[names.index(name)]
            if np.any(np.abs(x) > PERTURBATIVE):
                big.append(name)
                status |= np.where(np.abs(x) > PERTURBATIVE, 1 << 3, 0)
        bad = ~(np.all(np.isfinite(mc), axis=1) & np.all(np.isfinite(w), axis=1))
        status |= np.where(bad, 1 << 2, 0)
        e = self.e_fn(full, n)[0]
        return LeptonPoints({k_: v for k_, v in zip(names, vals)}, e, y, mc, UL, UR, np.abs(w), Un, m_light,
                            charged, neutral, (wl, wr), status, resid, tuple(big), gc, gn, self.new_vector)

    def _seesaw(self, full, n, Mn, status):
        """Light Majorana masses to second order in the electroweak part (entries prop. to v):
        m = P^T E P - (P^T E Q) diag(1/Lambda) (Q^T E P), P/Q the zero/nonzero modes of Mn - E."""
        nl = self.n_light  # one light neutrino per light charged lepton
        out = np.full((n, nl), np.nan)
        if self.Mn_ew is None:
            status |= 1 << 4
            return out
        E = self.Mn_ew(full, n)
        lam, V = np.linalg.eigh(Mn - E)
        order = np.argsort(np.abs(lam), axis=1)
        lam = np.take_along_axis(lam, order, axis=1)
        V = np.take_along_axis(V, order[:, None, :], axis=2)
        scale = np.max(np.abs(lam), axis=1, keepdims=True)
        nzero = np.sum(np.abs(lam) <= 1e-10 * scale, axis=1)
        good = nzero == nl
        status |= np.where(good, 0, 1 << 4)
        P, Q, L = V[:, :, :nl], V[:, :, nl:], lam[:, nl:]
        with np.errstate(all="ignore"):
            PEQ = np.swapaxes(P, 1, 2) @ E @ Q
            m = np.swapaxes(P, 1, 2) @ E @ P - (PEQ / L[:, None, :]) @ np.swapaxes(PEQ, 1, 2)
        m = np.where(good[:, None, None], m, 0.0)
        out[good] = np.sort(np.abs(np.linalg.eigvalsh(m)), axis=1)[good]
        return out
