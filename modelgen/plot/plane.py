"""2-D plane of a scan: a scan table and a data set in, a scatter plot with experimental regions out.

Regions are drawn for every active entry of the data set whose observable is one of the two
axes: allowed bands (green), excluded bands and the excluded side of limits (grey, hatched),
measurements as ±1σ and ±2σ bands.  Limits and bands on |x| (``absolute``) are mirrored when the
axis covers negative values.  Entries valid only in an M_Z' window say so in the legend.
"""
from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from ..metadata import OUTPUT_PREFIX, axis_label
from .common import column, figure, save

__all__ = ["plane", "regions"]

_CHI2_RANGE = 25.0  # Δχ² colour scale saturates here (5σ for one degree of freedom)


def _module(model):
    if model is None:
        return None
    from ..evaluate import evaluator
    return evaluator(model).module


def regions(dataset, observable):
    """(lower, upper, kind, label, mirrored) intervals of ``observable`` from the active entries.

    ``kind`` is "allowed", "excluded" or "measured"; ±inf marks an open side.  ``mirrored``
    intervals constrain |x| and are given for x ≥ 0; the caller mirrors them to x < 0.
    """
    out = []
    for e in dataset.for_observable(observable):
        window = f", M_Z' {e.valid_M_Zp[0] * 1e3:g}–{e.valid_M_Zp[1] * 1e3:g} MeV" if e.valid_M_Zp else ""
        mirrored = e.absolute and e.kind != "measurement"
        if e.kind in ("allowed_band", "excluded_band"):
            kind = e.kind.split("_")[0]
            out.append((e.lower, e.upper, kind, f"{e.key} ({kind}{window})", mirrored))
        elif e.kind == "upper_limit":
            out.append((e.limit, np.inf, "excluded", f"{e.key} (excluded{window})", mirrored))
        elif e.kind == "lower_limit":
            out.append((0.0 if mirrored else -np.inf, e.limit, "excluded", f"{e.key} (excluded{window})", mirrored))
        elif e.kind == "measurement":
            for k in (2, 1):
                out.append((e.value - k * e.uncertainty_minus, e.value + k * e.uncertainty_plus,
                            "measured", f"{e.key} ({k}σ{window})", False))
    return out


_ALLOWED_COLORS = ("tab:green", "tab:blue", "tab:purple", "tab:olive")
_STYLE = {"allowed": dict(alpha=0.18),
          "excluded": dict(facecolor="0.5", alpha=0.25, hatch="//", edgecolor="0.35"),
          "measured": dict(color="tab:orange", alpha=0.15)}


def _draw(ax, spans, horizontal, lim):
    span = ax.axvspan if horizontal else ax.axhspan
    n_allowed = 0
    for lo, hi, kind, label, mirrored in spans:
        style = dict(_STYLE[kind])
        if kind == "allowed":
            style["color"] = _ALLOWED_COLORS[(n_allowed + (0 if horizontal else 1)) % len(_ALLOWED_COLORS)]
            n_allowed += 1
        pieces = [(lo, hi)] + ([(-hi, -lo)] if mirrored and lim[0] < 0 else [])
        for i, (a, b) in enumerate(pieces):
            a, b = max(a, lim[0]), min(b, lim[1])
            if a < b:
                span(a, b, label=label if i == 0 else None, lw=0, **style)


def plane(source, x, y, output, *, color=None, data=None, logx=False, logy=False, model=None):
    """Scatter ``y`` against ``x`` from the scan table ``source``; returns the image path.

    ``color`` defaults to Δχ² = χ² − min χ² when the table has ``chi2``; flagged points (status ≠ 0)
    and points with χ² = inf (a hard cut violated) are drawn small and grey.
    """
    from ..scan.store import read_table
    cols, units = read_table(source)
    xs, ys = column(cols, x, source), column(cols, y, source)
    if color is None and "chi2" in cols:
        color = "chi2"
    ok = (cols["status"] == 0) if "status" in cols else np.ones(len(xs), bool)
    c = column(cols, color, source) if color else None
    if c is not None:
        ok &= np.isfinite(c)
    ok &= np.isfinite(xs) & np.isfinite(ys)
    if not ok.any():
        raise ParameterError(f"{source}: no point with status 0 and finite {x}, {y}" + (f", {color}" if color else ""))
    module = _module(model)
    fig = figure(figsize=(6.4, 4.8))
    ax = fig.add_subplot()
    ax.scatter(xs[~ok], ys[~ok], s=2, c="0.8", lw=0, rasterized=True, label="flagged or excluded")
    if c is None:
        ax.scatter(xs[ok], ys[ok], s=3, lw=0, rasterized=True)
    else:
        shown = c[ok] - c[ok].min() if color == "chi2" else c[ok]
        order = np.argsort(-shown if color == "chi2" else shown)  # best points on top
        sc = ax.scatter(xs[ok][order], ys[ok][order], c=shown[order], s=3, lw=0, rasterized=True,
                        cmap="viridis_r" if color == "chi2" else "viridis",
                        vmax=min(_CHI2_RANGE, shown.max()) if color == "chi2" else None)
        cbar = fig.colorbar(sc, ax=ax)
        cbar.set_label(axis_label("delta_chi2") if color == "chi2" else axis_label(color, module, units))
    ax.set_xscale("log" if logx else "linear")
    ax.set_yscale("log" if logy else "linear")
    ax.set_xlabel(axis_label(x, module, units))
    ax.set_ylabel(axis_label(y, module, units))
    if data is not None:
        from ..data import load_dataset
        ds = load_dataset(data)
        xlim, ylim = ax.get_xlim(), ax.get_ylim()
        for name, horizontal, lim in ((x, True, xlim), (y, False, ylim)):
            base = name[len(OUTPUT_PREFIX):] if name.startswith(OUTPUT_PREFIX) else name
            _draw(ax, regions(ds, base), horizontal, lim)
        ax.set_xlim(xlim), ax.set_ylim(ylim)
        ax.set_title(f"{x} vs {y}, data set {ds.name}", fontsize=9)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, loc="best", framealpha=0.8)
    return fig if output is None else save(fig, output)
