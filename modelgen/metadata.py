"""Unit, description and axis label of a scan column or evaluator output.

Consumes a column name (``eps_k``, ``out.M_Z``, ``pull.delta_a_mu``, ``chi2``, ...) and, when
available, the compiled module's ``PARAMETERS``/``OUTPUTS`` metadata; produces a
:class:`ColumnInfo`.  Lookup order: the compiled module, then the observable registry
(:mod:`modelgen.observables.registry`, units and labels of the post-kernel observables), then the
name alone with unit "".
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["ColumnInfo", "OUTPUT_PREFIX", "column_info", "axis_label"]

# scan columns of computed quantities that share a parameter's name carry this prefix (out.M_Z)
OUTPUT_PREFIX = "out."

_SPECIAL = {"chi2": ("", "χ² against the data set", r"$\chi^2$"),
            "delta_chi2": ("", "χ² minus its minimum", r"$\Delta\chi^2$"),
            "status": ("", "status bit field (0: no problem)", "status")}


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    unit: str = ""
    description: str = ""
    latex: str = ""

    @property
    def label(self) -> str:
        """Axis label: LaTeX (or the name) with the unit in brackets when there is one."""
        text = self.latex or self.name
        return f"{text} [{self.unit}]" if self.unit else text


def _registry_entry(name):
    """(unit, description, math-mode label) from :func:`modelgen.observables.registry.lookup`, or None;
    ``\\text`` becomes ``\\mathrm``, which matplotlib's mathtext understands."""
    from .observables.registry import lookup
    e = lookup(name)
    if e is None:
        return None
    latex = e.latex.replace(r"\text{", r"\mathrm{")
    return e.unit, e.description, f"${latex}$" if latex else ""


def column_info(name: str, module=None) -> ColumnInfo:
    """What ``name`` is; ``module`` is a compiled model module (or an Evaluator's ``.module``)."""
    base = name[len(OUTPUT_PREFIX):] if name.startswith(OUTPUT_PREFIX) else name
    if name in _SPECIAL:
        return ColumnInfo(name, *_SPECIAL[name])
    if base.startswith("pull."):
        return ColumnInfo(name, "", f"pull of {base[5:]} (signed, in standard deviations)",
                          f"pull({base[5:]})")
    if module is not None:
        outputs = {o[0]: o for o in getattr(module, "OUTPUTS", ())}
        params = {p[0]: p for p in getattr(module, "PARAMETERS", ())}
        # a bare name that is a parameter is the input (scan convention); out.<name> the output
        if base in params and base == name:
            p = params[base]
            return ColumnInfo(name, p[2] or "", p[5] if len(p) > 5 else "")
        if base in outputs:
            o = outputs[base]
            return ColumnInfo(name, o[1] or "", o[2] if len(o) > 2 else "")
    found = _registry_entry(base)
    if found is not None:
        unit, description, latex = found
        # out.<name> keeps its name as label: the symbol alone would not tell it from the input
        return ColumnInfo(name, unit or "", description or "", latex if base == name else "")
    return ColumnInfo(name)


def axis_label(name: str, module=None, units: Mapping | None = None) -> str:
    """Label of an axis; ``units`` (column -> unit, e.g. from a Parquet file) overrides lookups."""
    info = column_info(name, module)
    if units and units.get(name):
        info = ColumnInfo(name, units[name], info.description, info.latex)
    return info.label
