"""50-digit mass basis and dipole sums of a lepton model with complex couplings (CP phases).

Consumes a model (its derived symbolic charged/neutral mass matrices, gauge-basis couplings and
internal relations: the same SymPy expressions the kernels are generated from, so this checks the
kernels' numerics, not the derivation) and one parameter point; produces, at DPS digits, the SM
Yukawas that give the input light masses (Newton on the 50-digit SVD), the charged SVD, the
neutral Takagi factorisation, the mass-basis couplings and, with the quadratures of tests/loops
(g2_mpref, transition_mpref), Delta a per mediator, the EDMs and the l_i -> l_j gamma dipoles.
Nothing here calls LAPACK, the kernels or modelgen.loops.

Conventions (modelgen.derive.fermions; modelgen.testing.numeric for the mass basis):
* charged  M = U_L diag(m) U_R^+ (mp.svd_c: M = U S V, U_R = V^+), g_{L,R} = U_{L,R}^+ G_{L,R} U_{L,R};
* neutral, complex symmetric: Takagi U^T M_n U = diag(m) from the real symmetric embedding
  H = [[A, B], [B, -A]] (M_n = A + iB): an eigenvector (x; y) of eigenvalue s > 0 gives
  M_n conj(x + iy) = s (x + iy), so U = x - iy; any orthonormal basis of a degenerate s > 0
  eigenspace is valid (orthogonal to the -s partners (-y; x), hence complex-orthonormal).  Zero
  modes (exactly massless states) are the right null vectors of M_n from mp.svd_c;
* W: g_L = U_n^+ W_L U_L, g_R = U_n^T W_R U_R (L > W^+ chi_bar gamma (g_L P_L + g_R P_R) e + h.c.);
* scalars: Y = U_L^+ (dM/dv_S) U_R, L > -e_bar_L Y e_R phi_S + h.c., so the F_k-bar (a P_L + b P_R)
  l_i coupling is a = -conj(Y[i, k]), b = -Y[k, i].
Loops (g2_mpref, Leveille; Lindner, Platscher, Queiroz arXiv:1610.06587): with c1 = (a + b)/2,
c2 = (b - a)/2, Delta a = S (|c1|^2 + |c2|^2) + D (|c1|^2 - |c2|^2), d = (hbar c/m) E Im(c1 c2^*).
Transitions (modelgen/loops/transition.py docstring; Lavoura hep-ph/0302221):
sigma_R = f (m_i a_j^* a_i + m_j b_j^* b_i) + g M_F a_j^* b_i, sigma_L the same with a <-> b.
"""
import os
import sys

import mpmath as mp
import sympy as sp

from modelgen.derive.fermions import derive_fermions
from modelgen.derive.gauge import derive_gauge

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "loops"))
import g2_mpref  # noqa: E402
import transition_mpref  # noqa: E402

__all__ = ["MpLeptons", "DPS", "LOOP_DPS"]

DPS = 50
#: quadrature precision: 20 digits reproduce the 30-digit loop integrals to < 1e-13 relative
LOOP_DPS = 20


def _fn(args, exprs):
    return sp.lambdify(args, list(exprs), "mpmath")


def _matrix(fn, values, shape):
    flat = fn(*values)
    return mp.matrix([flat[r * shape[1]:(r + 1) * shape[1]] for r in range(shape[0])])


def _takagi(M):
    """(m ascending, U) with U^T M U = diag(m) for a complex symmetric mp matrix (module docstring)."""
    n = M.rows
    A, B = M.apply(mp.re), M.apply(mp.im)
    H = mp.matrix(2 * n, 2 * n)
    for i in range(n):
        for j in range(n):
            H[i, j], H[i, n + j], H[n + i, j], H[n + i, n + j] = A[i, j], B[i, j], B[i, j], -A[i, j]
    w, Q = mp.eigsy(H)
    _, s, V = mp.svd_c(M)
    tiny = mp.mpf(10) ** (-DPS + 10) * max(s)
    null = [k for k in range(n) if s[k] <= tiny]
    cols = [(mp.mpf(0), [mp.conj(V[k, a]) for a in range(n)]) for k in null]
    cols += [(w[k], [Q[a, k] - 1j * Q[n + a, k] for a in range(n)]) for k in range(2 * n) if w[k] > tiny]
    assert len(cols) == n, "Takagi: eigenvalues of the embedding do not pair up"
    cols.sort(key=lambda c: c[0])
    U = mp.matrix([[c[1][a] for c in cols] for a in range(n)])
    m = [c[0] for c in cols]
    # invariants of the factorisation: U^T M U = diag(m) to the working precision (measured 1e-47 of
    # m_max), U unitary to 1e-30 (eigsy's vectors of near-degenerate pairs: measured 1e-38)
    D, I = U.T * M * U, U.H * U
    unit = mp.mpf(10) ** -30
    assert all(abs(D[a, b] - (m[a] if a == b else 0)) <= tiny and abs(I[a, b] - (a == b)) <= unit
               for a in range(n) for b in range(n)), "Takagi factorisation not reached at working precision"
    return m, U


class MpLeptons:
    """Compile once per model; call with (parameters: dict of all parameters as floats, y0: start of
    the SM Yukawa solve, e.g. the kernel's) to get the mass basis (m_charged, m_neutral ascending; M_V: massive vector masses by
    name, W included; couplings; the charged rotations UL, UR and the gauge-basis scalar Yukawas dM),
    then :meth:`dipoles` and :meth:`transition`."""

    def __init__(self, model):
        gauge = derive_gauge(model)
        s = derive_fermions(model, gauge)
        self.model = model
        self.internal = [(r.symbol, r.expr) for r in model.relations] + list(gauge.solved)
        y_syms, self.targets = list(s.solve[0]), list(s.solve[1])
        self.args = [p.symbol for p in model.parameters.values()] + [x for x, _ in self.internal] + y_syms
        self._int = [_fn(self.args[:len(model.parameters) + i], [e]) for i, (_, e) in enumerate(self.internal)]
        mats = {"M": s.charged.mass, "Mn": s.neutral.mass, "WL": s.w_left, "WR": s.w_right}
        mats.update({("dM", k): v for k, v in s.charged.scalar.items()})
        self._mats = {k: (_fn(self.args, list(v)), v.shape) for k, v in mats.items()}
        self._gauge = {b: _fn(self.args, list(s.charged.gauge_left[b]) + list(s.charged.gauge_right[b]))
                       for b in s.charged.gauge_left}
        bosons = [b for b in s.charged.gauge_left if gauge.masses_squared[b] != 0]
        self._masses = (bosons + ["W"], _fn(self.args, [sp.sqrt(gauge.masses_squared[b]) for b in bosons]
                                            + [sp.sqrt(gauge.M_W2)]))

    def _solve_yukawas(self, vals, y0):
        """SM Yukawas y (diagonal, real) with the light singular values of M(y) = M_0 + sum_i y_i D_i
        equal to the target masses at DPS digits: Newton from y0 (the kernel's solution, so on its
        branch) with ds_k/dy_i = Re(u_k^+ D_i v_k) (first-order perturbation of a simple singular
        value); M is linear in y, so D_i = M(e_i) - M(0) exactly."""
        f, shape = self._mats["M"]
        nl = len(self.targets)
        base = [_matrix(f, vals + [mp.mpf(int(i == k)) for k in range(nl)], shape) for i in range(-1, nl)]
        M0, D = base[0], [x - base[0] for x in base[1:]]
        target = [vals[list(self.model.parameters).index(t)] for t in self.targets]
        y = [mp.mpf(x) for x in y0]
        for _ in range(8):
            U, S, V = mp.svd_c(M0 + sum((yi * Di for yi, Di in zip(y, D)), mp.zeros(*shape)))
            light = sorted(range(shape[0]), key=lambda k: S[k])[:nl]
            res = [S[k] - t for k, t in zip(light, target)]
            if max(abs(r / t) for r, t in zip(res, target)) < mp.mpf(10) ** (-DPS + 5):
                return y
            J = mp.matrix([[mp.re((U[:, k].H * D[i] * V[k, :].H)[0]) for i in range(nl)] for k in light])
            y = [yi - dy for yi, dy in zip(y, mp.lu_solve(J, mp.matrix(res)))]
        raise AssertionError(f"50-digit Yukawa solve did not converge from {y0}")

    def __call__(self, params, y0):
        """Mass basis at params (all parameters, floats); the SM Yukawas are solved here, starting
        from y0 (self.y)."""
        mp.mp.dps = DPS
        vals = [mp.mpf(params[name]) for name in self.model.parameters]
        for f in self._int:
            vals.append(f(*vals)[0])
        self.y = self._solve_yukawas(vals, y0)
        vals += self.y
        m = {k: _matrix(f, vals, shape) for k, (f, shape) in self._mats.items()}
        U, S, V = mp.svd_c(m["M"])
        n = m["M"].rows
        order = sorted(range(n), key=lambda k: S[k])
        self.m_charged = [S[k] for k in order]
        UL = mp.matrix([[U[a, k] for k in order] for a in range(n)])
        UR = mp.matrix([[mp.conj(V[k, a]) for k in order] for a in range(n)])
        self.UL, self.UR = UL, UR
        self.m_neutral, Un = _takagi(m["Mn"])
        self.M_V = dict(zip(self._masses[0], self._masses[1](*vals)))
        self.vector = {}
        for b, f in self._gauge.items():
            g = f(*vals)
            self.vector[b] = (UL.H * mp.diag(g[:n]) * UL, UR.H * mp.diag(g[n:]) * UR)
        self.dM = {k[1]: x for k, x in m.items() if isinstance(k, tuple)}
        self.scalar = {k: UL.H * x * UR for k, x in self.dM.items()}
        self.w = (Un.H * m["WL"] * UL, Un.T * m["WR"] * UR)
        return self

    def pairs(self, mediator, i):
        """[(M_F, a, b)] of the internal states of mediator = ("V", boson) | ("S", scalar) | ("W",),
        F_k-bar (a P_L + b P_R) l_i (module docstring)."""
        if mediator[0] == "V":
            gl, gr = self.vector[mediator[1]]
            return [(self.m_charged[k], gl[k, i], gr[k, i]) for k in range(len(self.m_charged))]
        if mediator[0] == "S":
            Y = self.scalar[mediator[1]]
            return [(self.m_charged[k], -mp.conj(Y[i, k]), -Y[k, i]) for k in range(len(self.m_charged))]
        wl, wr = self.w
        return [(self.m_neutral[k], wl[k, i], wr[k, i]) for k in range(len(self.m_neutral))]

    @staticmethod
    def _loop(mediator):
        """(g2_mpref kind, Q_F, transition topology) of a mediator."""
        return {"V": ("V", -1, "neutral_vector"), "S": ("S", -1, "neutral_scalar"),
                "W": ("V", 0, "charged_vector")}[mediator[0]]

    def dipoles(self, mediator, i, M_B):
        """(Delta a, d [e cm], d scale) of light state i from one mediator of mass M_B; the scale is
        sum_k (hbar c/m)|E_k| |c1_k c2_k|, the size of the products whose imaginary parts are summed
        (a double-precision Im(c1 c2^*) carries an error ~ eps |c1 c2|)."""
        kind, QF, _ = self._loop(mediator)
        m = self.m_charged[i]
        a_tot = d_tot = d_abs = mp.mpf(0)
        with mp.workdps(LOOP_DPS):
            for MF, a, b in self.pairs(mediator, i):
                c1, c2 = (a + b) / 2, (b - a) / 2
                S, E = g2_mpref.parts(kind, m, MF, M_B, QF=QF, edm=True)
                D = g2_mpref.parts(kind, m, MF, M_B, QF=QF)[1] if kind == "V" else E
                p, q = abs(c1) ** 2, abs(c2) ** 2
                a_tot += S * (p + q) + D * (p - q)
                term = g2_mpref.HBARC / m * E * mp.im(c1 * mp.conj(c2))
                d_tot, d_abs = d_tot + term, d_abs + abs(g2_mpref.HBARC / m * E * c1 * c2)
        return a_tot, d_tot, d_abs

    def transition(self, mediator, i, j, M_B):
        """(sigma_L, sigma_R, scale) [GeV^-1] of l_i -> l_j gamma from one mediator, leading order in
        m_i, m_j; scale = the sum of the moduli of the terms of sigma_L and sigma_R (internal states
        cancel in the sums: unitarity of the rotations, GIM)."""
        _, QF, topology = self._loop(mediator)
        mi, mj = self.m_charged[i], self.m_charged[j]
        sL = sR = mp.mpc(0)
        scale = mp.mpf(0)
        with mp.workdps(LOOP_DPS):
            for (MF, ai, bi), (_, aj, bj) in zip(self.pairs(mediator, i), self.pairs(mediator, j)):
                f, g = transition_mpref.fg(topology, MF, M_B, QF)[:2]
                terms_R = (f * mi * mp.conj(aj) * ai, f * mj * mp.conj(bj) * bi, g * MF * mp.conj(aj) * bi)
                terms_L = (f * mi * mp.conj(bj) * bi, f * mj * mp.conj(aj) * ai, g * MF * mp.conj(bj) * ai)
                sR, sL = sR + sum(terms_R), sL + sum(terms_L)
                scale += sum(abs(t) for t in terms_R + terms_L)
        return sL, sR, scale


def kernel_and_reference(model_name, point):
    """(evaluator, parameters, the kernel's outputs, the 50-digit MpLeptons solution) of ``model_name`` at
    its defaults updated by ``point``; the 50-digit solve starts from the tree-level SM Yukawas
    branch_f sqrt2 m_f / v."""
    import numpy as np
    import modelgen as mg
    ev = mg.evaluator(model_name)
    p = {name: float(point.get(name, info["default"])) for name, info in ev.parameters.items()}
    out = ev({k: [v] for k, v in p.items()})
    v = (np.sqrt(2.0) * p["G_F"]) ** -0.5
    y0 = [p[f"branch_{f}"] * np.sqrt(2.0) * p[f"m_{f}"] / v for f in ("e", "mu", "tau")]
    return ev, p, out, MpLeptons(mg.load_model(model_name))(p, y0)
