"""Independent reference for the neutral gauge sector: mpmath generalized eigen-decomposition.

Written from the Lagrangian, not from modelgen's derivation: in the basis (W3, B^, X^) the
kinetic matrix is K = [[1,0,0],[0,1,eps],[0,eps,1]] and the mass matrix
M^2 = v^2 u_H u_H^T + s u_X u_X^T with u_H = (-g/2, g'/2, 0) (lower Higgs component) and
u_X = (0, 0, 2 g_BL) for h_X with B-L charge 2 (s = v_X^2) or (0, 0, 1) for a Stueckelberg mass
(s = M_st^2).  Physical states solve M^2 x = lambda K x with x^T K x = 1; a chiral field with
(T3, Y, B-L) couples to state x with g = (g T3, g' Y, g_BL B-L) . x.  s is fixed by requiring
lambda = M_Zp^2, which is linear in s: det(M^2(s) - lambda K) = f0 + s f1.
Sign convention of the eigenvectors (the one of modelgen.derive.gauge, stated in terms of the
canonically normalised fields B = B^ + eps X^, X = sqrt(1 - eps^2) X^): the photon couples as +e Q,
the Z has a positive overlap with Z0 = c_W W3 - s_W B, the Z' a positive X component.
"""
import mpmath as mp

__all__ = ["sm_tree", "neutral_states", "fermion_coupling", "chiral"]


def sm_tree(alpha, G_F, M_Z):
    """Tree-level e, s_W, g, g', v from alpha, G_F, M_Z (DESIGN.md convention)."""
    alpha, G_F, M_Z = mp.mpf(alpha), mp.mpf(G_F), mp.mpf(M_Z)
    e = mp.sqrt(4 * mp.pi * alpha)
    A = mp.pi * alpha / (mp.sqrt(2) * G_F * M_Z**2)
    s2 = (1 - mp.sqrt(1 - 4 * A)) / 2
    return dict(e=e, g=e / mp.sqrt(s2), gY=e / mp.sqrt(1 - s2), v=1 / mp.sqrt(mp.sqrt(2) * G_F))


def neutral_states(alpha, G_F, M_Z, eps_k, M_Zp, g_BL=None):
    """{'A','Z','Zp'}: (mass, eigenvector x) and the SM couplings; g_BL None means Stueckelberg."""
    c = sm_tree(alpha, G_F, M_Z)
    eps = mp.mpf(eps_k)
    K = mp.matrix([[1, 0, 0], [0, 1, eps], [0, eps, 1]])
    uH = mp.matrix([-c["g"] / 2, c["gY"] / 2, 0])
    uX = mp.matrix([0, 0, 2 * mp.mpf(g_BL)]) if g_BL is not None else mp.matrix([0, 0, 1])
    lam = mp.mpf(M_Zp) ** 2

    def mass(s):
        return c["v"] ** 2 * (uH * uH.T) + s * (uX * uX.T)

    f0, f1 = mp.det(mass(0) - lam * K), mp.det(mass(1) - lam * K)
    s = -f0 / (f1 - f0)
    L = mp.cholesky(K)
    Linv = mp.inverse(L)
    C = Linv * mass(s) * Linv.T
    E, Q = mp.eigsy(C)
    states = []
    for k in range(3):
        x = Linv.T * Q[:, k]
        states.append((E[k], x))
    states.sort(key=lambda t: t[0])
    out = {"A": states[0]}
    rest = states[1:]
    # the Z is the state whose eigenvector has the larger W3 component
    rest.sort(key=lambda t: -abs(t[1][0]))
    out["Z"], out["Zp"] = rest[0], rest[1]
    # orientation: canonically normalised fields B = B^ + eps X^, X = sqrt(1 - eps^2) X^
    sW, cW = c["e"] / c["g"], c["e"] / c["gY"]
    overlap = {"A": lambda x: x[0],                                   # couples as +e Q
               "Z": lambda x: cW * x[0] - sW * (x[1] + eps * x[2]),   # along +Z0 = c_W W3 - s_W B
               "Zp": lambda x: x[2]}                                  # along +X
    out = {k: (lam, -x if overlap[k](x) < 0 else x) for k, (lam, x) in out.items()}
    return {k: (mp.sqrt(max(v[0], 0)), v[1]) for k, v in out.items()}, c, s


def fermion_coupling(c, x, T3, Y, BL=0, g_BL=0):
    return c["g"] * T3 * x[0] + c["gY"] * Y * x[1] + mp.mpf(g_BL or 0) * BL * x[2]


#: (T3, Y, B-L) of the chiral components of the physical fermions
def chiral():
    """(T3, Y, B-L) of the chiral components, at the current mpmath precision."""
    h, s, t = mp.mpf(1) / 2, mp.mpf(1) / 6, mp.mpf(1) / 3
    return {"e": ((-h, -h, -1), (0, -1, -1)), "nu_e": ((h, -h, -1), None),
            "u": ((h, s, t), (0, 2 * t, t)), "d": ((-h, s, t), (0, -t, t))}
