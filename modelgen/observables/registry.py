"""Observable registry: name → unit, meaning and LaTeX label of every output modelgen can print.

Consumes nothing at import; produces :class:`Observable` records for

* the post-kernel observables of :func:`modelgen.observables.compute` (:data:`DERIVED`),
* the families of kernel outputs (``eps_V.<f>``, ``delta_a_<l>.<mediator>``, ... :data:`FAMILIES`),
  used when a compiled module's ``OUTPUTS`` tuple carries no description and for LaTeX labels,
* quantities that data sets may constrain but no built-in model computes yet (:data:`DATA_ONLY`),
* what the evaluator adds (``status``, ``chi2``, ``pull.<observable>``).

:func:`known_observables` is the set of names a data entry may constrain: the ``OUTPUTS`` of every
generated module (read from ``generated/*.pyx``, no compiled module needed), :data:`DERIVED`
and :data:`DATA_ONLY`; :func:`model_outputs` lists what one model's evaluator returns, with
unit, meaning and LaTeX (``modelgen list MODEL --outputs``).  Units are those of the outputs:
GeV, s, m, e·cm or ``""`` (dimensionless).
"""
from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from importlib import resources

from modelgen.errors import BuildError

__all__ = ["Observable", "DERIVED", "DATA_ONLY", "FAMILIES", "lookup", "known_observables",
           "kernel_outputs", "model_outputs", "unit_text"]


@dataclass(frozen=True)
class Observable:
    """Metadata of one output; ``unit`` is ``""`` for dimensionless quantities."""

    name: str
    unit: str
    description: str
    latex: str
    computed: bool = True  # False: data sets may constrain it, no built-in model computes it


def unit_text(unit: str) -> str:
    """The unit as printed next to a number: ``"GeV"``, ``"e cm"`` or ``"(dimensionless)"``."""
    return unit if unit else "(dimensionless)"


def _obs(name, unit, description, latex, computed=True):
    return name, Observable(name, unit, description, latex, computed)


_LEP_TEX = {"e": "e", "mu": r"\mu", "tau": r"\tau"}


def _tex_name(name: str) -> str:
    """LaTeX of a particle name as used in output names: mu -> \\mu, nu_tau -> \\nu_\\tau, Zp -> Z'."""
    if name.startswith("nu_"):
        return r"\nu_{" + _tex_name(name[3:]) + "}"
    if name in _LEP_TEX:
        return _LEP_TEX[name]
    if name.endswith("p") and len(name) > 1:
        return name[:-1] + "'"
    if len(name) > 1 and name[0].islower() and name[1:].isupper():
        return f"{name[0]}_{{{name[1:]}}}"
    return name.replace("_", r"\_")


_PAIR_TEX = {"e_e": "e^+e^-", "mu_mu": r"\mu^+\mu^-", "tau_tau": r"\tau^+\tau^-",
             "nu_nu": r"\nu\bar\nu", "hadrons": r"\text{hadrons}"}

# Outputs of observables.compute (arXiv ids of the formulas are in the computing modules).
DERIVED: dict[str, Observable] = dict([
    *(_obs(f"Gamma_Zp.{c}", "GeV", f"partial width Z' -> {c.replace('_', ' ')}"
           + (" (all three flavours)" if c == "nu_nu" else ""), rf"\Gamma(Z'\to {_PAIR_TEX[c]})")
      for c in ("e_e", "mu_mu", "tau_tau", "nu_nu", "hadrons")),
    _obs("Gamma_Zp.total", "GeV", "total Z' width (NaN where the hadronic width is not modelled)",
         r"\Gamma_{Z'}"),
    *(_obs(f"BR_Zp.{c}", "", f"branching ratio Z' -> {c.replace('_', ' ')}", rf"\mathrm{{BR}}(Z'\to {_PAIR_TEX[c]})")
      for c in ("e_e", "mu_mu", "tau_tau", "nu_nu")),
    _obs("tau_Zp", "s", "Z' lifetime hbar/Gamma_total", r"\tau_{Z'}"),
    _obs("ctau_Zp", "m", "Z' proper decay length c*tau", r"c\tau_{Z'}"),
    _obs("R_Be8_18p15", "", "Gamma(8Be*(18.15) -> 8Be X)/Gamma(8Be*(18.15) -> 8Be gamma) x BR(X -> ee), "
         "isospin-conserving", r"R_{^8\mathrm{Be}}(18.15)"),
    _obs("R_Be8_17p64", "", "Gamma(8Be*(17.64) -> 8Be X)/Gamma(8Be*(17.64) -> 8Be gamma) x BR(X -> ee), "
         "isovector", r"R_{^8\mathrm{Be}}(17.64)"),
    _obs("dQW_Cs", "", "shift of the Cs-133 weak charge by Z' exchange (finite-range factor included)",
         r"\Delta Q_W(\mathrm{Cs})"),
    _obs("eps_VA.e", "", "effective electron coupling sqrt(eps_V^2 + eps_A^2) bounded by NA64, KLOE, E141",
         r"\epsilon_e"),
    _obs("eps_V.p.ee", "", "|eps_p| sqrt(BR(Z' -> ee)) bounded by NA48/2 pi0 -> gamma X",
         r"|\epsilon_p|\sqrt{\mathrm{BR}_{ee}}"),
    _obs("eps_nu_e.nu_e", "", "sqrt(|eps_nu_e eps_e|) bounded by TEXONO", r"\sqrt{|\epsilon_{\nu_e}\epsilon_e|}"),
    _obs("eps_nu_e.nu_mu", "", "sqrt(|eps_nu_mu eps_e|) bounded by CHARM-II",
         r"\sqrt{|\epsilon_{\nu_\mu}\epsilon_e|}"),
    _obs("R_Z.mu_e", "", "Gamma(Z -> mu mu)/Gamma(Z -> e e) at tree level", r"\Gamma_{Z\mu\mu}/\Gamma_{Zee}"),
    _obs("R_Z.tau_e", "", "Gamma(Z -> tau tau)/Gamma(Z -> e e) at tree level",
         r"\Gamma_{Z\tau\tau}/\Gamma_{Zee}"),
])

# Constrained by the shipped data sets, computed by no built-in model yet (table shows "missing").
DATA_ONLY: dict[str, Observable] = dict([
    *(_obs(f"Gamma_Z.{c}", "GeV", f"partial width Z -> {c.replace('_', ' ')} (not computed yet)",
           rf"\Gamma(Z\to {_PAIR_TEX[c]})", False) for c in ("e_e", "mu_mu", "tau_tau")),
    _obs("Gamma_Z.inv", "GeV", "invisible Z width (not computed yet)", r"\Gamma_{Z,\mathrm{inv}}", False),
    _obs("BR_mu_3e", "", "BR(mu -> 3e) (not computed yet)", r"\mathrm{BR}(\mu\to 3e)", False),
    _obs("BR_tau_3mu", "", "BR(tau -> 3mu) (not computed yet)", r"\mathrm{BR}(\tau\to 3\mu)", False),
    _obs("CR_mu_e.Au", "", "mu -> e conversion rate in gold (not computed yet)", r"\mathrm{CR}(\mu\to e,\mathrm{Au})",
         False),
    _obs("R_He4_21p01", "", "4He(21.01) X rate relative to gamma x BR(X -> ee) (not modelled: no one-photon "
         "decay to normalise to)", r"R_{^4\mathrm{He}}(21.01)", False),
    _obs("R_C12_17p23", "", "12C(17.23) X rate relative to gamma x BR(X -> ee) (not computed yet)",
         r"R_{^{12}\mathrm{C}}(17.23)", False),
])

_EVALUATOR = dict([
    _obs("status", "", "bit field of per-point problems (describe_status names each set bit)", r"\text{status}"),
    _obs("chi2", "", "total chi^2 against the data set", r"\chi^2"),
])

# (pattern with named groups, unit, description, LaTeX) for kernel-output families; {x} are groups.
FAMILIES: tuple[tuple[str, str, str, str], ...] = (
    (r"v_X", "GeV", "vev of the U(1)_X breaking scalar, solved from M_Zp", r"v_X"),
    (r"M_X", "GeV", "Stueckelberg mass of the U(1)_X boson, solved from M_Zp", r"M_X"),
    (r"M_(?P<b>[A-Za-z]+p?)", "GeV", "physical {b} mass", r"M_{{{b}}}"),
    (r"eps_(?P<c>[VALR])\.(?P<f>\w+)", "", "Z' {c} coupling of {f} in units of e", r"\epsilon_{{{c}}}^{{{f}}}"),
    (r"g_(?P<c>[LR])\.Z\.(?P<f>\w+)", "", "{c}-handed Z coupling of {f}", r"g_{{{c}}}^{{Z{f}}}"),
    (r"gW2\.(?P<f>\w+)", "", "W coupling of {f} to light neutrinos / (g^2/2)", r"|g_W^{{{f}}}|^2"),
    (r"gW\.mu_e", "", "lepton universality g_mu/g_e of the W", r"g_\mu/g_e"),
    (r"a_(?P<l>e|mu|tau)", "", "one-loop anomalous magnetic moment of {l}", r"a_{{{l}}}"),
    (r"a_(?P<l>e|mu|tau)\.bz", "", "two-loop Barr-Zee contribution to a_{l}", r"a_{{{l}}}^{{\mathrm{{BZ}}}}"),
    (r"a_(?P<l>e|mu|tau)\.bz\.(?P<m>\w+)", "", "two-loop Barr-Zee diagrams of a_{l} with {m} exchanged",
     r"a_{{{l}}}^{{\mathrm{{BZ}},{m}}}"),
    (r"a_(?P<l>e|mu|tau)\.(?P<m>\w+)", "", "one-loop {m} contribution to a_{l}", r"a_{{{l}}}^{{{m}}}"),
    (r"delta_a_(?P<l>e|mu|tau)", "", "a_{l} minus its SM value at the same inputs", r"\Delta a_{{{l}}}"),
    (r"delta_a_(?P<l>e|mu|tau)\.(?P<m>\w+)", "", "{m} part of a_{l} minus its SM value",
     r"\Delta a_{{{l}}}^{{{m}}}"),
    (r"d_(?P<l>e|mu|tau)", "e cm", "electric dipole moment of {l}", r"d_{{{l}}}"),
    (r"m_(?P<s>charged|neutral)\.(?P<k>\d+)", "GeV", "{s} lepton mass eigenvalue {k}", r"m_{{{k}}}^{{\text{{{s}}}}}"),
    (r"y_e(?P<k>\d)", "", "SM Yukawa of generation {k} solved from the light mass", r"y_{{e{k}}}"),
    (r"max_coupling", "", "largest |Yukawa| (inputs and solved SM Yukawas)", r"\max|\lambda|"),
    (r"lambda_?(?P<c>[A-Za-z0-9]+)", "", "quartic coupling lambda_{c} of the scalar potential, solved from the "
     "physical scalar inputs", r"\lambda_{{{c}}}"),
    (r"BR_(?P<i>mu|tau)_(?P<j>e|mu)gamma", "", "BR({i} -> {j} gamma) at one loop", r"\mathrm{{BR}}({i}\to {j}\gamma)"),
    (r"recast\.(?P<s>\w+)", "", "signal of the {s} search over its signal at the published limit (> 1 excluded)",
     r"r_{{\text{{{s}}}}}"),
    (r"pull\.(?P<o>.+)", "", "signed pull of {o} against its data entry", r"\text{{pull}}"),
)


@functools.lru_cache(maxsize=None)
def lookup(name: str) -> Observable | None:
    """Metadata for ``name`` from :data:`DERIVED`, :data:`DATA_ONLY`, the evaluator or a family."""
    for table in (DERIVED, DATA_ONLY, _EVALUATOR):
        if name in table:
            return table[name]
    for pattern, unit, description, latex in FAMILIES:
        m = re.fullmatch(pattern, name)
        if m:
            groups = m.groupdict()
            tex = {k: _tex_name(v) for k, v in groups.items()}
            return Observable(name, unit, description.format(**groups), latex.format(**tex))
    return None


@functools.lru_cache(maxsize=2)
def _module_tables(table: str) -> dict[str, tuple]:
    """{model: rows of the ``table`` tuple (OUTPUTS or PARAMETERS)} of each generated/*.pyx, read
    as text (no compiled module is imported)."""
    block = re.compile(rf"^{table} = \((.*?)^\)", re.S | re.M)
    found = {}
    for path in sorted(resources.files("modelgen.generated").iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".pyx"):
            continue
        m = block.search(path.read_text(encoding="utf-8"))
        if m:  # invariant: the template writes one tuple literal per line
            found[path.name[:-4]] = ast.literal_eval("(" + m.group(1) + ")")
    return found


def kernel_outputs() -> dict[str, dict[str, tuple[str, str]]]:
    """{model: {output: (unit, description)}} from the ``OUTPUTS`` tuple of each generated/*.pyx."""
    return {model: {r[0]: (r[1], r[2]) for r in rows} for model, rows in _module_tables("OUTPUTS").items()}


def known_observables() -> frozenset[str]:
    """Every name a data entry may constrain (kernel outputs of the built-in models, DERIVED, DATA_ONLY)."""
    names = set(DERIVED) | set(DATA_ONLY)
    for outputs in kernel_outputs().values():
        names |= set(outputs)
    return frozenset(names)


def model_outputs(name):
    """[{name, unit, description, latex}] of model ``name``: its kernel outputs (generated module),
    the post-kernel observables when it has a Z' (``observables.compute``), and ``status``."""
    kernel = kernel_outputs().get(name)
    if kernel is None:
        raise BuildError(f"no generated module for model {name!r}; run `modelgen generate {name}`")
    rows = [(o, unit, desc) for o, (unit, desc) in kernel.items()]
    from modelgen.observables import applies_to  # the evaluator's own rule for ev.derived_outputs
    if applies_to([r[0] for r in _module_tables("PARAMETERS").get(name, ())] + list(kernel)):
        rows += [(o.name, o.unit, o.description) for o in DERIVED.values() if o.name not in kernel]
    rows.append(("status", "", ""))
    out = []
    for o, unit, desc in rows:
        meta = lookup(o)
        out.append({"name": o, "unit": unit, "description": desc or (meta.description if meta else ""),
                    "latex": meta.latex if meta else ""})
    return out
