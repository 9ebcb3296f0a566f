"""Point sets of a scan: a :class:`~modelgen.scan.config.ScanConfig` and a chunk index in, a dict
of parameter arrays out.

Invariant: point ``i`` of a scan depends only on (sampling, seed, axes, points, i), never on the
chunk size or on which chunks were already computed, so a resumed or distributed scan reproduces
an uninterrupted one exactly.

- ``random``: uniform numbers drawn in fixed blocks of :data:`BLOCK` points, block ``b`` from
  ``numpy.random.default_rng([seed, b])``; a chunk slices the blocks it overlaps.
- ``lhs``: Latin hypercube, x_ij = (π_j(i) + u_ij)/N with one permutation π_j of 0..N−1 per axis
  (seeded by ``[seed, 1, j]``) and u_ij from the random blocks (McKay, Beckman, Conover,
  Technometrics 21 (1979) 239).
- ``sobol``: scrambled Sobol' sequence of ``scipy.stats.qmc`` seeded by ``seed``; chunk k
  fast-forwards to its first point.
- ``grid``: the Cartesian product of the axes' nodes, last axis fastest (as ``itertools.product``).

Unit coordinates u ∈ [0, 1) map to lo + u (hi − lo), or lo (hi/lo)^u on a log axis.
"""
from __future__ import annotations

import functools
import warnings

import numpy as np

__all__ = ["BLOCK", "unit_points", "chunk_points"]

BLOCK = 8192


def _random_blocks(seed, d, start, stop):
    first, last = start // BLOCK, (stop - 1) // BLOCK
    u = np.concatenate([np.random.default_rng([seed, b]).random((BLOCK, d)) for b in range(first, last + 1)])
    return u[start - first * BLOCK: stop - first * BLOCK]


@functools.lru_cache(maxsize=4)
def _permutations(seed, d, n):
    """One permutation of 0..n−1 per axis (int32 rows when they fit): the LHS strata."""
    dtype = np.int32 if n < 2**31 else np.int64
    return np.stack([np.random.default_rng([seed, 1, j]).permutation(n).astype(dtype) for j in range(d)])


def _sobol(seed, d, start, stop):
    from scipy.stats import qmc
    engine = qmc.Sobol(d, scramble=True, seed=seed)
    if start:
        engine.fast_forward(start)
    with warnings.catch_warnings():  # balance holds for the whole scan, not for each chunk
        warnings.filterwarnings("ignore", message=".*balance properties of Sobol.*")
        return engine.random(stop - start)


def unit_points(cfg, start, stop) -> np.ndarray:
    """Points [start, stop) of the scan in unit coordinates, shape (stop − start, number of axes)."""
    d = len(cfg.axes)
    if cfg.sampling == "random":
        return _random_blocks(cfg.seed, d, start, stop)
    if cfg.sampling == "lhs":
        perm = _permutations(cfg.seed, d, cfg.points)[:, start:stop].T
        return (perm + _random_blocks(cfg.seed, d, start, stop)) / cfg.points
    if cfg.sampling == "sobol":
        return _sobol(cfg.seed, d, start, stop)
    raise ValueError(f"unit_points: no unit coordinates for sampling {cfg.sampling!r}")


def _grid(cfg, start, stop):
    idx = np.unravel_index(np.arange(start, stop), tuple(a.n for a in cfg.axes))
    out = {}
    for a, i in zip(cfg.axes, idx):
        nodes = np.geomspace(a.lo, a.hi, a.n) if a.log else np.linspace(a.lo, a.hi, a.n)
        out[a.name] = nodes[i]
    return out


def chunk_points(cfg, k) -> dict[str, np.ndarray]:
    """Parameter arrays of chunk ``k``: every scanned axis and every fixed value, in config order."""
    start, stop = cfg.chunk_range(k)
    if cfg.sampling == "grid":
        pts = _grid(cfg, start, stop)
    else:
        u = unit_points(cfg, start, stop)
        pts = {}
        for j, a in enumerate(cfg.axes):
            x = a.lo * (a.hi / a.lo) ** u[:, j] if a.log else a.lo + u[:, j] * (a.hi - a.lo)
            pts[a.name] = np.clip(x, a.lo, a.hi)  # rounding must not step outside [lo, hi]
    n = stop - start
    pts.update({name: np.full(n, v) for name, v in cfg.fixed.items()})
    return pts
