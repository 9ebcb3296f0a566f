"""Δa differences without cancellation: the NumPy twin of ``divdiff.pxd``.

Consumes NumPy arrays (or scalars, broadcast): lepton mass ``m_l``, internal fermion mass ``M_F``,
boson masses ``M_B`` (and ``M_B0``) in GeV, squared couplings; produces Δa (dimensionless) or its
divided difference in the boson mass squared (GeV⁻²).  Calls the compiled kernels (``_divdiff``);
there is no second implementation.  Formulae and sources: ``divdiff.pxd`` and docs/physics.md
("Δa without cancellation").

A Δa of a mediator present in the SM limit is

    Δa = a_sq(M_B; |c|² − |c₀|²) + (M_B² − M_B0²) · dd(M_B, M_B0; |c₀|²),

with the coupling difference taken exactly (symbolically) and ``dd`` one integral,
−∫₀¹ x^j (1−x)^(k+1) / (D_N(x; M_B) D_N(x; M_B0)) dx per moment, so nothing cancels.
"""
import numpy as np

__all__ = ["neutral_scalar_sq", "neutral_vector_sq", "neutral_vector_dd"]


def _arrays(**named):
    arrs = [np.asarray(v, dtype=float) for v in named.values()]
    for (name, _), arr in zip(named.items(), arrs):
        if name.startswith(("m_", "M_")) and (np.any(arr < 0) or np.any(np.isnan(arr))):
            raise ValueError(f"{name} must be a non-negative mass in GeV, got {named[name]!r}")
    b = np.broadcast_arrays(*arrs)
    return b[0].shape, [np.ascontiguousarray(x.ravel()) for x in b]


def _finish(out, shape):
    out = out.reshape(shape)
    return out[()] if out.ndim == 0 else out


def _squared(kind, m_l, M_F, M_B, s1, s2):
    from . import _divdiff
    shape, flat = _arrays(m_l=m_l, M_F=M_F, M_B=M_B, s1=s1, s2=s2)
    out = np.empty(flat[0].shape[0])
    _divdiff.squared(kind, *flat, out)
    return _finish(out, shape)


def neutral_scalar_sq(m_l, M_F, M_B, S, P):
    """Δa of a neutral scalar with squared couplings S = |c_S|², P = |c_P|² (either sign: exact
    differences of squared couplings); equals g2.neutral_scalar(m_l, M_F, M_B, √S, √P) for S, P ≥ 0."""
    return _squared(0, m_l, M_F, M_B, S, P)


def neutral_vector_sq(m_l, M_F, M_B, V, A):
    """Δa of a neutral vector with squared couplings V = |c_V|², A = |c_A|² (either sign);
    equals g2.neutral_vector(m_l, M_F, M_B, √V, √A) for V, A ≥ 0."""
    return _squared(1, m_l, M_F, M_B, V, A)


def neutral_vector_dd(m_l, M_F, M_B, M_B0, V, A):
    """(Δa(M_B) − Δa(M_B0)) / (M_B² − M_B0²) [GeV⁻²] of a neutral vector at squared couplings V, A,
    as one integral (dΔa/dM_B² at M_B = M_B0); NaN at or above threshold."""
    from . import _divdiff
    shape, flat = _arrays(m_l=m_l, M_F=M_F, M_B=M_B, M_B0=M_B0, V=V, A=A)
    out = np.empty(flat[0].shape[0])
    _divdiff.divided(*flat, out)
    return _finish(out, shape)
