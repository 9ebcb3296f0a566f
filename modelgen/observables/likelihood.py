"""χ² of model outputs against a data set, per-observable pulls, and a printable table.

Consumes the flat output dict of the evaluator (+ :func:`modelgen.observables.compute`) and a
:class:`modelgen.data.Dataset`; produces a χ² array, pulls named ``pull.<observable>`` and, for one
point, rows (observable, prediction with its unit, measurement, pull, χ² term, status) and a summary
line (total χ², how many observables, which hard limits exclude the point).  Entry semantics and the
``limits``/``bands`` modes are those of :func:`modelgen.observables.constraints.evaluate`.
Entries on ``recast.<name>`` (visible-decay searches, :mod:`modelgen.observables.recast`) are
evaluated from the outputs and the entry's published dark-photon limit when not already present.
When several active entries constrain one observable, ``pull.<observable>`` is the largest |pull|
at each point and ``pull.<observable>:<entry key>`` is given for each of them.
Outputs missing from the dict are skipped and listed in ``pulls.notes``.
"""
from __future__ import annotations

from collections import ChainMap
from dataclasses import dataclass

import numpy as np

from modelgen.data import Dataset
from modelgen.errors import ParameterError
from modelgen.observables.identity_cache import by_identity
from modelgen.observables.constraints import INFO, OK, SKIPPED, VIOLATED, WINDOW_AXIS, evaluate, window_mass
from modelgen.observables.nuclear import NOT_MODELLED
from modelgen.observables.recast import signal_ratios
from modelgen.observables.registry import lookup, unit_text

__all__ = ["Pulls", "Row", "chi2", "table", "format_table", "summary"]


class Pulls(dict):
    """``{"pull.<observable>": array}`` with ``notes``: what was skipped and why."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.notes: list[str] = []


def _largest(pulls):
    stacked = np.stack(np.broadcast_arrays(*pulls))
    filled = np.where(np.isnan(stacked), -1.0, np.abs(stacked))
    idx = np.argmax(filled, axis=0)
    return np.take_along_axis(stacked, idx[None], axis=0)[0]


# (observable, its active non-info entries) of each data set seen, by identity (a Dataset has no
# mutating method; select() returns a new one); a fit calls chi2() thousands of times per data set
_TABLES: dict[int, tuple[Dataset, tuple]] = {}


def _constraints(dataset: Dataset) -> tuple:
    """((observable, (entries...)), ...) in file order for the observables with a χ² entry."""
    return by_identity(_TABLES, dataset, lambda ds: tuple(
        (obs, entries) for obs in ds.observables
        if (entries := tuple(e for e in ds.for_observable(obs) if e.kind != "info"))), 64)


def chi2(outputs: dict, dataset: Dataset, *, limits="gaussian", bands="hard", tolerance=0.1):
    """(χ² array, :class:`Pulls`) summed over the active entries of ``dataset``.

    Measurements are Gaussian; upper limits half-normal (``limits="gaussian"``) or hard cuts
    (``"hard"``: χ² = inf when violated); bands and lower limits hard cuts (``bands="hard"``) or a
    smooth penalty (``"penalty"``).  Missing outputs are skipped with a note; NaN predictions and
    points outside an entry's M_Z' window contribute 0.
    """
    ratios = signal_ratios(outputs, dataset)
    if ratios:  # a view, not a copy of every output (the evaluator passes ~100 of them)
        outputs = ChainMap(ratios, outputs)
    M = window_mass(outputs)
    total = np.zeros(np.shape(M) if M is not None else ())  # grows by broadcasting
    pulls = Pulls()
    for obs, entries in _constraints(dataset):
        if obs not in outputs:
            pulls.notes.append(f"{obs}: not in outputs, skipped ({', '.join(e.key for e in entries)})")
            continue
        per_entry = []
        for e in entries:
            c, p, status = evaluate(outputs[obs], e, M, limits=limits, bands=bands, tolerance=tolerance)
            total = total + c
            per_entry.append(p)
            n_skip = int(np.sum(status == SKIPPED))
            if n_skip:
                pulls.notes.append(f"{obs} [{e.key}]: {n_skip} point(s) skipped (NaN prediction or "
                                   f"M_Zp outside the entry's validity window)")
            if len(entries) > 1:
                pulls[f"pull.{obs}:{e.key}"] = p
        pulls[f"pull.{obs}"] = per_entry[0] if len(per_entry) == 1 else _largest(per_entry)
    return total, pulls


@dataclass(frozen=True)
class Row:
    """One line of the comparison table."""

    observable: str
    key: str
    prediction: float
    measurement: str
    pull: float
    status: str
    note: str = ""
    unit: str = ""              # of the prediction ("" = dimensionless)
    chi2: float = float("nan")  # this entry's χ² term; NaN when it does not contribute


def _unit_of(observable: str) -> str:
    meta = lookup(observable)
    return meta.unit if meta is not None else ""


def _scalar(v, name):
    a = np.ravel(np.asarray(v, float))
    if a.size != 1:
        raise ParameterError(f"table() needs one point: output '{name}' has {a.size} values")
    return float(a[0])


def table(outputs_at_one_point: dict, dataset: Dataset, *, limits="gaussian", bands="hard",
          tolerance=0.1) -> list[Row]:
    """Rows (observable, prediction, measurement, pull, status) for every active entry.

    status: ok | tension (|pull| > 2) | excluded | info | missing | not modelled | outside mass window.
    """
    needed = {e.observable for e in dataset.active()} | {WINDOW_AXIS}
    outputs_at_one_point = {**outputs_at_one_point, **signal_ratios(outputs_at_one_point, dataset)}
    out = {k: _scalar(v, k) for k, v in outputs_at_one_point.items() if k in needed}
    M = window_mass(out)
    rows = []
    for e in dataset.active():
        note = NOT_MODELLED.get(e.observable, "")
        unit = _unit_of(e.observable)
        if e.observable not in out:
            absent = "not modelled" if note.startswith("not modelled") else "missing"
            rows.append(Row(e.observable, e.key, np.nan, e.describe(), np.nan, absent, note, unit))
            continue
        x = out[e.observable]
        c, p, s = evaluate(x, e, M, limits=limits, bands=bands, tolerance=tolerance)
        c, p, s = float(c), float(p), int(s)
        if s == INFO:
            status = "info"
        elif s == SKIPPED:
            status = "not modelled" if np.isnan(x) else "outside mass window"
        elif s == VIOLATED:
            status = "tension" if e.kind == "measurement" else "excluded"
        else:
            status = "ok"
        contributes = s in (OK, VIOLATED) and e.kind != "info"
        rows.append(Row(e.observable, e.key, x, e.describe(), p, status, note, unit,
                        c if contributes else np.nan))
    return rows


def format_table(rows: list[Row]) -> str:
    """Plain-text rendering of :func:`table` rows, with numbered notes below."""
    head = ("observable", "entry", "prediction", "data", "pull (sigma)", "status")
    body, notes = [], []
    for r in rows:
        mark = ""
        if r.note:
            if r.note not in notes:
                notes.append(r.note)
            mark = f" [{notes.index(r.note) + 1}]"
        pred = "—" if np.isnan(r.prediction) else f"{r.prediction:.4g} {unit_text(r.unit)}"
        body.append((r.observable, r.key, pred,
                     r.measurement, "—" if np.isnan(r.pull) else f"{r.pull:+.2f}", r.status + mark))
    widths = [max(len(str(c)) for c in col) for col in zip(head, *body)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*head), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*b) for b in body]
    lines += [f"[{i + 1}] {n}" for i, n in enumerate(notes)]
    return "\n".join(lines)


def summary(rows: list[Row]) -> str:
    """One line: total χ² (dimensionless), over how many observables, which hard limits exclude.

    Total χ² = Σ of the rows' χ² terms (the same sum as :func:`chi2` at this point); +inf when a
    hard limit or band is violated, and then the line names every such entry.
    """
    used = [r for r in rows if not np.isnan(r.chi2)]
    if not used:
        return ("chi2 = nan (dimensionless): no data entry could be compared (every prediction is NaN, "
                "outside its mass window or not computed by this model)")
    total = float(sum(r.chi2 for r in used))
    n_obs = len({r.observable for r in used})
    hard = [r for r in used if np.isinf(r.chi2)]
    text = (f"chi2 = {total:.4g} (dimensionless) over {n_obs} observables ({len(used)} data entries), "
            f"{len(hard)} excluded by hard limits")
    if hard:
        text += ": " + "; ".join(f"{r.key} ({r.observable} = {r.prediction:.3g} {unit_text(r.unit)}, "
                                 f"data {r.measurement})" for r in hard)
    soft = [r for r in used if r.status == "excluded" and not np.isinf(r.chi2)]
    if soft:
        text += f"; {len(soft)} above a limit treated as Gaussian: " + ", ".join(r.key for r in soft)
    missing = [r for r in rows if r.status == "missing"]
    if missing:
        text += f"; {len(missing)} entries not computed by this model (missing)"
    return text
