"""Independent mpmath reference for the l_i -> l_j gamma loop functions f, g (m -> 0 limit).

The leading-order Feynman-parameter integrands are typed in the natural variable of each photon
attachment (not the moment form of the kernels, transition.pxd) and integrated with ``mp.quad``;
the normalisation is that of modelgen/loops/transition.py:
sigma_R = f (m_i a_j* a_i + m_j b_j* b_i) + g M_F a_j* b_i (Lavoura hep-ph/0302221;
Lindner, Platscher, Queiroz arXiv:1610.06587 Sec. 3).
"""
import functools

import mpmath as mp

__all__ = ["fg"]

# leading-order integrands (coefficient of m^2 S and of m M_F D in 8 pi^2 Da, m -> 0), each in
# the variable of its own attachment: photon on F over x A + (1-x) B, on B over x B + (1-x) A
# (A = M_F^2, B = M_B^2, r = A/B)
_F_ON_F = {"S": lambda x, r: x**2 * (1 - x),
           "V": lambda x, r: 2 * x * (1 - x) * (x - 2) - r * x**2 * (1 + x)}
_G_ON_F = {"S": lambda x, r: x**2,
           "V": lambda x, r: 4 * x * (1 - x) + r * x**2}
_F_ON_B = {"S": lambda x, r: -x**2 * (1 - x),
           "V": lambda x, r: 2 * x**2 * (1 + x) + r * x * (1 - x) * (2 - x)}
_G_ON_B = {"S": lambda x, r: -x * (1 - x),
           "V": lambda x, r: -4 * x**2 - r * x * (1 - x)}


def _quad(fun, A, B, near_one):
    """Int_0^1 fun(x) dx, breakpoints log-spaced toward the endpoint where the denominator
    min(A, B) sits (near_one: x = 1); a node on a vanishing denominator (M_F or M_B = 0, where
    the numerator vanishes too) is dropped."""
    w = max(min(A, B) / max(A, B), mp.mpf(10)**-20)
    pts = {mp.mpf(0), mp.mpf(1)}
    d = w
    while d < 1:
        pts.add(1 - d if near_one else d)
        d *= 32

    def safe(x):
        try:
            return fun(x)
        except ZeroDivisionError:
            return mp.mpf(0)
    return mp.quad(safe, sorted(pts))


@functools.lru_cache(maxsize=None)
def fg(topology, MF, MB, QF):
    """(f, g, |f| scale, |g| scale) [GeV^-2] as mpf, by quadrature at the current mp.dps: 32 pi^2 f, 16 pi^2 g = sum over
    attachments of weight x integral; the scales sum |weight x integral| (the attachments cancel
    exactly for special charges, e.g. g = 0 for a scalar at Q_F = -1/3, M_F = M_B)."""
    kind = "V" if topology.endswith("vector") else "S"
    wF, wB = (1, 0) if topology.startswith("neutral") else (-mp.mpf(QF), 1 + mp.mpf(QF))
    A, B = mp.mpf(MF)**2, mp.mpf(MB)**2
    r = A / B if kind == "V" else 0
    parts_f, parts_g = [], []
    if wF:
        den = lambda x: x * A + (1 - x) * B
        parts_f.append(wF * _quad(lambda x: _F_ON_F[kind](x, r) / den(x), A, B, A < B))
        if MF > 0:
            parts_g.append(wF * _quad(lambda x: _G_ON_F[kind](x, r) / den(x), A, B, A < B))
    if wB:
        den = lambda x: x * B + (1 - x) * A
        parts_f.append(wB * _quad(lambda x: _F_ON_B[kind](x, r) / den(x), A, B, B < A))
        if MF > 0:
            parts_g.append(wB * _quad(lambda x: _G_ON_B[kind](x, r) / den(x), A, B, B < A))
    cf, cg = 32 * mp.pi**2, 16 * mp.pi**2
    return (sum(parts_f) / cf, sum(parts_g) / cg,
            sum(abs(p) for p in parts_f) / cf, sum(abs(p) for p in parts_g) / cg)
