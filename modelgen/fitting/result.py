"""The outcome of a fit: best-fit values with uncertainties, χ²/ndf, pulls and χ² contributions.

Consumes a :class:`~modelgen.fitting.minimize.Minimum` and the objective; produces a
:class:`FitResult` whose ``str()`` is the printed report (every number with its unit).
ndf = (number of data entries that constrain the best-fit point, i.e. not skipped and not
``info``) − (number of free parameters).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from modelgen.observables.constraints import INFO, SKIPPED, evaluate, window_mass

__all__ = ["Contribution", "FitResult", "contributions"]


@dataclass(frozen=True)
class Contribution:
    """One data entry at the best fit: its χ² share and signed pull."""

    key: str
    observable: str
    prediction: float
    chi2: float
    pull: float
    unit: str = ""


def contributions(out: dict, dataset, options: dict) -> tuple[list[Contribution], list[str]]:
    """(entries that constrain the point ``out`` sorted by decreasing χ², keys of the entries
    skipped there: missing output, NaN prediction or a mass outside the entry's window, the mass being
    the output the observables layer names for it: constraints.window_mass)."""
    M = window_mass(out)
    rows, skipped = [], []
    for e in dataset.active():
        if e.kind == "info":
            continue
        if e.observable not in out:
            skipped.append(e.key)
            continue
        x = float(np.asarray(out[e.observable]))
        c, p, s = evaluate(x, e, M, limits=options.get("limits", "gaussian"),
                           bands=options.get("bands", "penalty"), tolerance=options.get("tolerance", 0.1))
        if int(s) in (SKIPPED, INFO):
            skipped.append(e.key)
            continue
        rows.append(Contribution(e.key, e.observable, x, float(c), float(p), e.unit))
    return sorted(rows, key=lambda r: -r.chi2), skipped


@dataclass
class FitResult:
    """Best fit of ``names`` to ``dataset``; errors from HESSE (or the SciPy Hessian), MINOS optional."""

    model: str
    dataset: str
    names: tuple[str, ...]
    values: dict
    errors: dict
    covariance: np.ndarray
    chi2: float
    ndf: int
    contributions: list[Contribution]
    units: dict
    fixed: dict
    backend: str
    valid: bool
    nfev: int
    n_starts: int
    minos: dict | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def chi2_ndf(self) -> float:
        return self.chi2 / self.ndf if self.ndf > 0 else float("nan")

    @property
    def pulls(self) -> dict:
        """``{entry key: pull}`` at the best fit."""
        return {c.key: c.pull for c in self.contributions}

    def correlation(self) -> np.ndarray:
        d = np.sqrt(np.diag(self.covariance))
        return self.covariance / np.outer(d, d)

    def __str__(self):
        ok = "valid" if self.valid else "NOT VALID"
        lines = [f"fit of model {self.model!r} to data set {self.dataset!r}: {ok} minimum "
                 f"({self.backend}, {self.n_starts} start(s), {self.nfev} χ² evaluations)",
                 f"  chi2 = {self.chi2:.4g}, ndf = {self.ndf}, chi2/ndf = {self.chi2_ndf:.4g}"]
        w = max(len(n) for n in self.names)
        for n in self.names:
            unit = f" {self.units.get(n, '')}".rstrip()
            extra = ""
            if self.minos and n in self.minos:
                lo, hi = self.minos[n]
                extra = f"   MINOS [{lo:+.3g}, {hi:+.3g}]{unit}"
            lines.append(f"  {n:<{w}} = {self.values[n]:.6g} ± {self.errors[n]:.2g}{unit}{extra}")
        if self.fixed:
            lines.append("  fixed: " + ", ".join(f"{k} = {v:g} {self.units.get(k, '')}".rstrip()
                                                 for k, v in self.fixed.items()))
        lines.append("  constraints by χ² contribution (entry, observable, prediction [unit], χ², pull in σ):")
        for c in self.contributions:
            pred = f"{c.prediction:.5g} {c.unit}".rstrip()
            lines.append(f"    {c.key:<28} {c.observable:<18} {pred:<18} {c.chi2:9.3g} {c.pull:+8.2f}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        """JSON-ready summary."""
        return {"model": self.model, "dataset": self.dataset, "valid": self.valid, "backend": self.backend,
                "chi2": self.chi2, "ndf": self.ndf, "chi2_ndf": self.chi2_ndf,
                "values": self.values, "errors": self.errors, "minos": self.minos, "units": self.units,
                "fixed": self.fixed, "covariance": np.asarray(self.covariance).tolist(),
                "contributions": [c.__dict__ for c in self.contributions], "notes": self.notes}
