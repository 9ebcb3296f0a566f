"""1-D profile: a profile-likelihood or scan table in, Δχ² against one parameter out.

A profile table (written by the fit) has the columns ``PARAM``, ``chi2`` and ``delta_chi2``.  From
a scan table the profile is built here: Δχ²(x) = min over the points in the x bin of χ², minus the
global minimum (profiling over all other parameters; bins are logarithmic when x > 0 spans more
than two decades with most points in the lowest tenth, as a log-sampled axis does).  Horizontal lines mark Δχ² = 1 and 4 (68.3 % and 95.4 % CL for one parameter).
"""
from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from ..metadata import axis_label
from .common import column, figure, save

__all__ = ["profile", "binned_profile", "log_axis"]


def log_axis(x) -> bool:
    """Whether ``x`` looks log-sampled: positive, over two decades, median below a tenth of the max."""
    x = x[np.isfinite(x)]
    return x.size > 0 and x.min() > 0 and x.max() > 100 * x.min() and np.median(x) < 0.1 * x.max()


def binned_profile(x, chi2, bins=40):
    """(bin centres, Δχ²) with Δχ² the minimum χ² in each non-empty bin minus the overall minimum."""
    ok = np.isfinite(x) & np.isfinite(chi2)
    x, chi2 = x[ok], chi2[ok]
    if x.size == 0:
        raise ParameterError("no point with finite χ² to profile")
    log = log_axis(x)
    edges = np.geomspace(x.min(), x.max(), bins + 1) if log else np.linspace(x.min(), x.max(), bins + 1)
    idx = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, bins - 1)
    best = np.full(bins, np.inf)
    np.minimum.at(best, idx, chi2)
    centres = np.sqrt(edges[:-1] * edges[1:]) if log else 0.5 * (edges[:-1] + edges[1:])
    filled = np.isfinite(best)
    return centres[filled], best[filled] - chi2.min()


def profile(source, x, output):
    """Plot Δχ² against column ``x`` of ``source``; returns the image path."""
    from ..scan.store import read_table
    if not x:
        raise ParameterError("modelgen plot profile needs --x PARAM")
    cols, units = read_table(source)
    xs = column(cols, x, source)
    if "delta_chi2" in cols:
        order = np.argsort(xs)
        px, dchi2 = xs[order], cols["delta_chi2"].astype(float)[order]
        how = "profile likelihood"
    else:
        px, dchi2 = binned_profile(xs, column(cols, "chi2", source))
        how = "minimum χ² per bin of the scan"
    fig = figure(figsize=(5.6, 4.0))
    ax = fig.add_subplot()
    ax.plot(px, dchi2, "o-", ms=3)
    for level, cl in ((1.0, "68.3 % CL"), (4.0, "95.4 % CL")):
        ax.axhline(level, color="0.4", ls="--", lw=0.8)
        ax.annotate(cl, (0.01, level), xycoords=("axes fraction", "data"), va="bottom", fontsize=7)
    if log_axis(xs):
        ax.set_xscale("log")
    ax.set_xlabel(axis_label(x, None, units))
    ax.set_ylabel(axis_label("delta_chi2"))
    ax.set_ylim(0, max(5.0, min(np.nanmax(dchi2), 25.0) * 1.05))
    ax.set_title(f"{source.name if hasattr(source, 'name') else source}: {how}", fontsize=9)
    return fig if output is None else save(fig, output)
