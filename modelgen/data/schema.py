"""One experimental input: the :class:`Entry` record and the validation of a raw TOML table.

Consumes the ``dict`` of one TOML table (after ``extends`` merging) and produces a frozen
:class:`Entry` whose numbers are converted to the canonical unit of the observable it
constrains (GeV for masses and widths, e·cm for EDMs, plain numbers otherwise).
Validation failures raise :class:`SchemaProblem` carrying the offending field; the loader
turns it into a :class:`~modelgen.errors.DataError` naming file, key and line.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

__all__ = ["Entry", "KINDS", "UNITS", "VERIFIED", "SchemaProblem", "make_entry"]

# kind -> numeric fields it requires (alternatives separated by "|")
KINDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "measurement": ("value", "uncertainty|uncertainty_plus+uncertainty_minus"),
    "upper_limit": ("limit", "cl"),
    "lower_limit": ("limit", "cl"),
    "excluded_band": ("lower", "upper", "cl"),
    "allowed_band": ("lower", "upper"),
    "info": ("value",),
})

# quoted unit -> (canonical unit, factor to multiply the quoted number by)
UNITS: Mapping[str, tuple[str, float]] = MappingProxyType({
    "": ("", 1.0), "1": ("", 1.0),
    "GeV": ("GeV", 1.0), "MeV": ("GeV", 1e-3), "keV": ("GeV", 1e-6),
    "e cm": ("e cm", 1.0), "s": ("s", 1.0), "m": ("m", 1.0),
})

# [V] checked against the source, [M] standard value not checked, [D] derived (inputs.md legend)
VERIFIED = frozenset("VMD")

_NUMERIC = ("value", "uncertainty", "uncertainty_plus", "uncertainty_minus", "limit", "lower", "upper")
_STRINGS = ("observable", "kind", "unit", "source", "arxiv", "date", "verified", "note", "choice")
_ALLOWED = frozenset(_NUMERIC + _STRINGS + ("cl", "active", "absolute", "valid_M_Zp", "details"))
_REQUIRED = ("observable", "kind", "source", "date", "verified")


class SchemaProblem(ValueError):
    """A table that is not a valid entry; ``field`` names the culprit (None: the whole table)."""

    def __init__(self, field_name: str | None, message: str):
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True)
class Entry:
    """One measurement, limit or band, in the canonical unit of ``observable``.

    ``kind`` is one of :data:`KINDS`.  Limits and bands apply to ``|prediction|`` when
    ``absolute`` (default for limits and bands on couplings/rates), to the signed prediction
    otherwise.  ``valid_M_Zp`` (GeV) restricts a bound quoted at one X mass to that window.
    ``choice`` groups alternatives of which exactly one is ``active`` (``Dataset.select``).
    """

    key: str
    observable: str
    kind: str
    source: str
    date: str
    verified: str
    unit: str = ""
    value: float | None = None
    uncertainty_plus: float | None = None
    uncertainty_minus: float | None = None
    limit: float | None = None
    lower: float | None = None
    upper: float | None = None
    cl: float | None = None
    absolute: bool = True
    active: bool = True
    choice: str | None = None
    arxiv: str = ""
    note: str = ""
    valid_M_Zp: tuple[float, float] | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    file: str = ""
    line: int = 0

    @property
    def uncertainty(self) -> float | None:
        """Symmetric uncertainty (the larger side when asymmetric)."""
        if self.uncertainty_plus is None:
            return None
        return max(self.uncertainty_plus, self.uncertainty_minus)

    def describe(self) -> str:
        """Short human-readable form of the experimental statement, in the canonical unit."""
        u = f" {self.unit}" if self.unit else ""
        bar = "|x|" if self.absolute else "x"
        if self.kind in ("measurement", "info"):
            if self.uncertainty_plus is None:
                return f"{self.value:.4g}{u}"
            if self.uncertainty_plus == self.uncertainty_minus:
                return f"{self.value:.4g} ± {self.uncertainty_plus:.2g}{u}"
            return f"{self.value:.4g} +{self.uncertainty_plus:.2g}/-{self.uncertainty_minus:.2g}{u}"
        if self.kind == "upper_limit":
            return f"{bar} < {self.limit:.3g}{u} ({self.cl:.0%} CL)"
        if self.kind == "lower_limit":
            return f"{bar} > {self.limit:.3g}{u} ({self.cl:.0%} CL)"
        if self.kind == "excluded_band":
            return f"{bar} ∉ [{self.lower:.3g}, {self.upper:.3g}]{u} ({self.cl:.0%} CL)"
        return f"{bar} ∈ [{self.lower:.3g}, {self.upper:.3g}]{u}"


def _number(raw: Mapping[str, Any], name: str) -> float | None:
    if name not in raw:
        return None
    v = raw[name]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise SchemaProblem(name, f"'{name}' must be a number, got {v!r}")
    if not math.isfinite(v):  # TOML accepts nan and inf; a bound or value must be a finite number
        raise SchemaProblem(name, f"'{name}' must be a finite number, got {v!r}")
    return float(v)


def _check_required(raw: Mapping[str, Any], kind: str) -> None:
    for spec in KINDS[kind]:
        options = [alt.split("+") for alt in spec.split("|")]
        if not any(all(f in raw for f in opt) for opt in options):
            wanted = " or ".join("+".join(opt) for opt in options)
            raise SchemaProblem(None, f"kind '{kind}' needs {wanted}")


def make_entry(key: str, raw: Mapping[str, Any], *, file: str = "", line: int = 0) -> Entry:
    """Validate one TOML table and return its :class:`Entry` (numbers in canonical units)."""
    unknown = sorted(set(raw) - _ALLOWED)
    if unknown:
        raise SchemaProblem(unknown[0], f"unknown field '{unknown[0]}' (allowed: {', '.join(sorted(_ALLOWED))})")
    for name in _REQUIRED:
        if name not in raw:
            raise SchemaProblem(None, f"missing required field '{name}'")
    for name in _STRINGS:
        if name in raw and not isinstance(raw[name], str):
            raise SchemaProblem(name, f"'{name}' must be a string, got {raw[name]!r}")
    for name in ("source", "observable", "date"):
        if not raw[name].strip():
            raise SchemaProblem(name, f"'{name}' must not be empty")
    kind = raw["kind"]
    if kind not in KINDS:
        raise SchemaProblem("kind", f"unknown kind '{kind}' (one of {', '.join(KINDS)})")
    _check_required(raw, kind)
    verified = raw["verified"].replace(",", "/")
    if not verified or any(v not in VERIFIED for v in verified.split("/")):
        raise SchemaProblem("verified", f"'verified' must be V, M or D (or e.g. 'D/M'), got {raw['verified']!r}")
    unit = raw.get("unit", "")
    if unit not in UNITS:
        raise SchemaProblem("unit", f"unknown unit '{unit}' (one of {', '.join(repr(u) for u in UNITS)})")
    canon, scale = UNITS[unit]
    num = {n: _number(raw, n) for n in _NUMERIC}
    num = {n: (None if v is None else v * scale) for n, v in num.items()}
    cl = _number(raw, "cl")
    if cl is not None and not 0.0 < cl < 1.0:
        raise SchemaProblem("cl", f"'cl' must lie in (0, 1), got {cl}")
    if "uncertainty" in raw:
        num["uncertainty_plus"] = num["uncertainty_minus"] = num["uncertainty"]
    for n in ("uncertainty_plus", "uncertainty_minus"):
        if num[n] is not None and not num[n] > 0.0:
            raise SchemaProblem(n if n in raw else "uncertainty", "uncertainties must be positive")
    if kind in ("excluded_band", "allowed_band") and not num["lower"] < num["upper"]:
        raise SchemaProblem("upper", f"band needs lower < upper, got [{num['lower']}, {num['upper']}]")
    for flag in ("active", "absolute"):
        if flag in raw and not isinstance(raw[flag], bool):
            raise SchemaProblem(flag, f"'{flag}' must be true or false")
    window = raw.get("valid_M_Zp")
    if window is not None:
        if (not isinstance(window, list) or len(window) != 2
                or not all(isinstance(w, (int, float)) and not isinstance(w, bool) for w in window)
                or not window[0] < window[1]):
            raise SchemaProblem("valid_M_Zp", "'valid_M_Zp' must be [low, high] in MeV with low < high")
        window = (window[0] * 1e-3, window[1] * 1e-3)
    details = raw.get("details", {})
    if not isinstance(details, dict):
        raise SchemaProblem("details", "'details' must be a table")
    return Entry(
        key=key, observable=raw["observable"], kind=kind, source=raw["source"], date=raw["date"],
        verified=verified, unit=canon, value=num["value"],
        uncertainty_plus=num["uncertainty_plus"], uncertainty_minus=num["uncertainty_minus"],
        limit=num["limit"], lower=num["lower"], upper=num["upper"], cl=cl,
        absolute=raw.get("absolute", kind != "measurement" and kind != "info"),
        active=raw.get("active", True), choice=raw.get("choice"), arxiv=raw.get("arxiv", ""),
        note=raw.get("note", ""), valid_M_Zp=window, details=MappingProxyType(dict(details)),
        file=file, line=line,
    )
