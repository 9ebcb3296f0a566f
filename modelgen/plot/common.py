"""Shared plumbing of the plot stage: the Agg figure, saving by suffix, column lookup with hints."""
from __future__ import annotations

import difflib
from pathlib import Path

from ..errors import ModelgenError, ParameterError

__all__ = ["figure", "save", "column", "FORMATS"]

FORMATS = (".png", ".pdf")


def figure(**kw):
    """A new figure on the non-interactive Agg canvas (no display needed)."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise ModelgenError("plots need matplotlib: pip install 'modelgen[plot]'") from None
    fig = Figure(**kw)
    FigureCanvasAgg(fig)
    return fig


def save(fig, output) -> Path:
    """Write ``fig`` to ``output`` (.png at 150 dpi, or .pdf); returns the path."""
    path = Path(output)
    if path.suffix.lower() not in FORMATS:
        raise ParameterError(f"plot output {path} must end in {' or '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=150, bbox_inches="tight")
    return path


def column(cols: dict, name, source):
    """``cols[name]`` as floats, or a ParameterError naming the table and the nearest columns."""
    if name not in cols:
        near = difflib.get_close_matches(str(name), list(cols), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else f" (columns: {', '.join(list(cols)[:20])} ...)"
        raise ParameterError(f"{source} has no column {name!r}{hint}")
    return cols[name].astype(float)
