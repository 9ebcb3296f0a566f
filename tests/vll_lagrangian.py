"""Charged-lepton sector of bl_vll (q_L = q_E = +1) written by hand from its Lagrangian.

Independent of modelgen's derivation: the fields, charges and Yukawa terms are typed here, the
gauge couplings and v_X come from the mpmath generalized eigenproblem of tests/reference.py.

Scalars  H = (G+, (v + h + i G0)/sqrt2),  h_X = (v_X + h_X + i G_X)/sqrt2  (B-L charge 2).
Lepton terms, L > -(...) + h.c. (generation indices ij, left field first):
    y_e   l_L-bar H e_R        -> (v + h + i G0)/sqrt2      e_L-bar e_R
    lam_L l_L-bar L_R h_X*     -> (v_X + h_X - i G_X)/sqrt2 e_L-bar L_R^-   (and nu_L-bar L_R^0)
    lam_E E_L-bar e_R h_X      -> (v_X + h_X + i G_X)/sqrt2 E_L-bar e_R
    lam_LE L_L-bar H E_R       -> (v + h + i G0)/sqrt2      L_L^- -bar E_R
    kap_LE E_L-bar H^dagger L_R -> (v + h - i G0)/sqrt2     E_L-bar L_R^-
    M_L L_L-bar L_R,  M_E E_L-bar E_R
so L > -psi_bar_L M psi_R + h.c. with rows (e_L, L_L^-, E_L), columns (e_R, L_R^-, E_R), three
generations inside each block, and the field derivatives dM/dh, dM/dh_X (CP-even) and dM/dG0,
dM/dG_X (CP-odd, i times a real matrix).

Charges (T3, Y, B-L): e_L (-1/2, -1/2, -1), L_L^- (-1/2, -1/2, +1), E_L (0, -1, +1),
e_R (0, -1, -1), L_R^- (-1/2, -1/2, +1), E_R (0, -1, +1); H^0 (-1/2, +1/2, 0), h_X (0, 0, 2).
A field of charges (T3, Y, B-L) couples to the vector mass eigenstate V as
L > g_V psi_bar gamma^mu psi V_mu (covariant derivative d - i g_V V), g_V = (g T3, g' Y, g_BL B-L).x_V.
"""
import mpmath as mp
import numpy as np

from reference import fermion_coupling, neutral_states

__all__ = ["Sector", "LEFT", "RIGHT", "SCALARS"]

R2 = np.sqrt(2.0)
LEFT = ((-0.5, -0.5, -1), (-0.5, -0.5, 1), (0, -1, 1))
RIGHT = ((0, -1, -1), (-0.5, -0.5, 1), (0, -1, 1))
SCALARS = {"H0": (-0.5, 0.5, 0), "h_X": (0, 0, 2)}


def _mat(p, name, diag=False):
    if diag:
        return np.diag([p[f"{name}{i}"] for i in (1, 2, 3)])
    return np.array([[p.get(f"{name}{i}{j}", 0.0) for j in (1, 2, 3)] for i in (1, 2, 3)])


class Sector:
    """Gauge-basis charged-lepton matrices at one parameter point (dict of floats, all parameters)
    and the solved SM Yukawas ``y`` (3,): NumPy arrays (``M``, ``dM``, ``G_L``, ``G_R``) and an
    mpmath mass basis (:meth:`mass_basis`)."""

    def __init__(self, p, y):
        mp.mp.dps = 30
        states, c, s = neutral_states(p["alpha"], p["G_F"], p["M_Z"], p["eps_k"], p["M_Zp"], p["g_BL"])
        self._v, self._vX = c["v"], mp.sqrt(s)
        self.v, self.vX, self.e = float(self._v), float(self._vX), float(c["e"])
        self._MV = {b: states[b][0] for b in ("Z", "Zp")}
        self.masses = {b: float(m) for b, m in self._MV.items()}
        Z = np.zeros((3, 3))
        lam_L, lam_E, lam_LE, kap_LE = (_mat(p, n) for n in ("lam_L", "lam_E", "lam_LE", "kap_LE"))
        ye = np.diag(y)
        # sqrt2 d M / d(field) of the neutral scalar components (rows e_L, L_L, E_L; cols e_R, L_R, E_R),
        # the CP-odd ones without their factor i
        self._A = {
            "h": np.block([[ye, Z, Z], [Z, Z, lam_LE], [Z, kap_LE, Z]]),
            "h_X": np.block([[Z, lam_L, Z], [Z, Z, Z], [lam_E, Z, Z]]),
            "G0": np.block([[ye, Z, Z], [Z, Z, lam_LE], [Z, -kap_LE, Z]]),
            "G_X": np.block([[Z, -lam_L, Z], [Z, Z, Z], [lam_E, Z, Z]]),
        }
        self._M0 = np.block([[Z, Z, Z], [Z, _mat(p, "M_L", True), Z], [Z, Z, _mat(p, "M_E", True)]])
        self.dM = {k: (1j if k.startswith("G") else 1) * A / R2 for k, A in self._A.items()}
        self.M = self._M0 + self.v * self.dM["h"] + self.vX * self.dM["h_X"]
        g_BL = p["g_BL"]

        def g(b, q):
            return fermion_coupling(c, states[b][1], *q, g_BL=g_BL)
        self._GL = {b: [g(b, q) for q in LEFT for _ in range(3)] for b in ("Z", "Zp")}
        self._GR = {b: [g(b, q) for q in RIGHT for _ in range(3)] for b in ("Z", "Zp")}
        self.G_L = {b: np.diag(np.array(x, dtype=float)) for b, x in self._GL.items()}
        self.G_R = {b: np.diag(np.array(x, dtype=float)) for b, x in self._GR.items()}
        self._gs = {b: {s: g(b, q) for s, q in SCALARS.items()} for b in ("Z", "Zp")}
        self.g_scalar = {b: {s: float(x) for s, x in d.items()} for b, d in self._gs.items()}

    def _goldstone_real(self, boson):
        """-i dM/dG_V = sum_s g_s(V) v_s (-i dM/dG_s) / M_V (mpmath matrix)."""
        g, M = self._gs[boson], self._MV[boson]
        A0, AX = (mp.matrix(self._A[k].tolist()) for k in ("G0", "G_X"))
        return (A0 * (g["H0"] * self._v) + AX * (g["h_X"] * self._vX)) / (mp.sqrt(2) * M)

    def goldstone(self, boson):
        """dM/dG_V of the Goldstone eaten by V (gauge basis): with |D phi|^2 > -M_V V^mu d_mu G_V,
        G_V = sum_s g_s(V) v_s G_s / M_V over the CP-odd components G_s of H^0 and h_X."""
        return 1j * np.array(self._goldstone_real(boson).tolist(), dtype=float)

    def vector_mass_from_scalars(self, boson):
        """sqrt(sum_s g_s(V)^2 v_s^2): must equal M_V (kinetic term of the scalars)."""
        g = self._gs[boson]
        return float(mp.sqrt((g["H0"] * self._v) ** 2 + (g["h_X"] * self._vX) ** 2))

    def mass_basis(self):
        """(m ascending, {name: U_L^T X U_R}) with an mpmath SVD at 30 digits, for X = dM/dh, dM/dh_X,
        dM/dG_Z' and ("gL", V), ("gR", V) -> U^T G U.  Light-heavy Goldstone couplings are small
        differences of Yukawa terms of order lam v/M_Z': double-precision rotations would leave an
        error of order eps lam v/M_Z' in them, which the chirally enhanced loop amplifies."""
        mp.mp.dps = 30
        r2 = mp.sqrt(2)
        M = mp.matrix(self._M0.tolist()) + mp.matrix(self._A["h"].tolist()) * (self._v / r2) \
            + mp.matrix(self._A["h_X"].tolist()) * (self._vX / r2)
        U, S, V = mp.svd_r(M)
        n = M.rows
        order = list(range(n))[::-1]
        UL = mp.matrix([[U[a, k] for k in order] for a in range(n)])
        UR = mp.matrix([[V[k, a] for k in order] for a in range(n)])
        # column signs are arbitrary: Delta a and the diagonal couplings do not depend on them

        def rot(X, left=UL, right=UR):
            return np.array((left.T * X * right).tolist(), dtype=float)
        out = {k: rot(mp.matrix(self._A[k].tolist()) / r2) for k in ("h", "h_X")}
        out["G_Zp"] = 1j * rot(self._goldstone_real("Zp"))
        for b in ("Z", "Zp"):
            out[("gL", b)] = rot(mp.diag(self._GL[b]), UL, UL)
            out[("gR", b)] = rot(mp.diag(self._GR[b]), UR, UR)
        return np.array([float(S[k]) for k in order]), out
