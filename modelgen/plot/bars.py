"""Per-mediator bar chart: a model and one parameter point in, Δa_e and Δa_μ by mediator out.

Reads the evaluator's outputs ``delta_a_<lepton>.<mediator>`` (model minus SM, per boson in the
loop) and the totals ``delta_a_<lepton>``; the signed values are drawn on a symmetric-log axis
because contributions of different mediators differ by orders of magnitude.
"""
from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from ..metadata import axis_label
from .common import figure, save

__all__ = ["mediator_bars", "mediator_parts"]

LEPTON_OUTPUTS = ("delta_a_e", "delta_a_mu")


def mediator_parts(out: dict, total: str) -> dict[str, float]:
    """{mediator: value} of the outputs named ``<total>.<mediator>`` at one point."""
    return {k[len(total) + 1:]: float(np.asarray(v)) for k, v in out.items() if k.startswith(total + ".")}


def mediator_bars(model, params: dict, output):
    """Bar chart of Δa_e and Δa_μ by mediator at ``params`` (defaults for the rest); returns the path."""
    from ..evaluate import evaluator
    ev = evaluator(model, build=True)
    out = ev(params)
    if int(out["status"]):
        raise ParameterError(f"the point is flagged (status {int(out['status'])}: "
                             f"{'; '.join(ev.describe_status(int(out['status'])))}); nothing to plot")
    totals = [t for t in LEPTON_OUTPUTS if t in out]
    if not totals:
        raise ParameterError(f"model {ev.model!r} has none of the outputs {', '.join(LEPTON_OUTPUTS)}")
    fig = figure(figsize=(4.0 * len(totals), 4.0))
    for i, total in enumerate(totals):
        ax = fig.add_subplot(1, len(totals), i + 1)
        parts = mediator_parts(out, total)
        names = list(parts) + ["total"]
        values = np.array(list(parts.values()) + [float(out[total])])
        colors = ["tab:blue" if v >= 0 else "tab:red" for v in values[:-1]] + ["k"]
        ax.bar(names, values, color=colors)
        nonzero = np.abs(values[values != 0])
        ax.set_yscale("symlog", linthresh=nonzero.min() if nonzero.size else 1e-16)
        ax.axhline(0, color="0.3", lw=0.6)
        ax.set_ylabel(axis_label(total, ev.module))
        ax.set_xlabel("mediator")
        for x, v in enumerate(values):
            ax.annotate(f"{v:.2g}", (x, v), ha="center", va="bottom" if v >= 0 else "top", fontsize=7)
    point = ", ".join(f"{k} = {v:g}" for k, v in params.items()) or "default point"
    fig.suptitle(f"{ev.model}: {point}", fontsize=9)
    return fig if output is None else save(fig, output)
