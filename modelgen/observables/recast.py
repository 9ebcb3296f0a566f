"""Visible-decay searches recast from the dark photon to the model (method of arXiv:1801.04847).

Consumes the output dict of the evaluator + :func:`modelgen.observables.compute` (``M_Zp``,
``alpha``, ``BR_Zp.e_e``, ``tau_Zp`` and the production coupling of each search) and the data
entries whose observable is ``recast.<name>``; produces ``recast.<name>``, the model's signal
in that search divided by the signal the published dark-photon limit allows (> 1: excluded).

Ilten, Soreq, Williams, Xue, "Serendipity in dark photon searches", arXiv:1801.04847 (DarkCast):
a search that excluded the dark photon A' (couplings ε Q_f) at ε_lim counts, for a boson X of the
same mass,

    N_X ∝ g_X² · BR_X(ee) · P(τ_X),       P(τ) = exp(−t₀/τ) − exp(−t₁/τ),

with g_X the production coupling in units of e of the search's initial state (electrons for
bremsstrahlung and e⁺e⁻ → γX; ε_p = 2ε_u + ε_d for π⁰ → γX, whose amplitude ∝ Q_uε_u − Q_dε_d),
τ_X the proper lifetime and [t₀, t₁] the proper-time window in which the decay is seen (the
boost is the dark photon's: same mass, same production).  So

    r = g_X² BR_X(ee) P(τ_X) / [ε_lim² BR_A'(ee) P(τ_A'(ε_lim))],   excluded ⇔ r > 1.

Prompt searches (KLOE-2, NA48/2): t₀ = 0, t₁ = ∞, P = 1.  Beam dumps (NA64 visible mode,
E141) exclude a band ε_lo < ε < ε_hi; with t₁ = t₀(1 + L_dec/L_sh) the window t₀ is fixed by
requiring both published edges to give the same signal,
ε_lo² P(τ_A'(ε_lo)) = ε_hi² P(τ_A'(ε_hi)) (DarkCast's two-sided efficiency), so both edges of
the band move with the model's total width.  τ_A'(ε) = ħ/Γ_A', Γ_A' = ε² Σ_ℓ Γ(A' → ℓℓ)|_{ε=1}
(hadrons closed below 2m_π; NaN above, where no recast is given).

Data entry (``details`` of a ``recast.<name>`` entry): ``search`` = "prompt" | "displaced",
``production`` = "e" | "p", ``m_MeV`` (mass of the published point), ``eps_limit`` (prompt) or
``eps_lower``, ``eps_upper``, ``L_decay_over_L_shield`` (displaced).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from modelgen.data import Dataset, Entry
from modelgen.errors import DataError
from modelgen.observables import couplings, decays

__all__ = ["PREFIX", "Search", "search_of", "dark_photon_width", "dark_photon_br_ee",
           "decay_fraction", "window_t0", "signal_ratio", "signal_ratios"]

PREFIX = "recast."
# GeV (PDG 2020); the A' width is summed over the charged leptons that are open
_LEPTON_MASSES = (0.51099895e-3, 0.1056583755, 1.77686)
_PRODUCTION = {"e": "electron coupling √(ε_V² + ε_A²) (bremsstrahlung, e⁺e⁻ → γX)",
               "p": "proton vector coupling ε_p = 2ε_u + ε_d (π⁰ → γX)"}


@dataclass(frozen=True)
class Search:
    """A published dark-photon limit at one mass: prompt (``eps_limit``) or band (``eps_lower``..)."""

    name: str
    search: str
    production: str
    mass: float                      # GeV
    eps_limit: float | None = None
    eps_lower: float | None = None
    eps_upper: float | None = None
    length_ratio: float | None = None  # L_decay / L_shield


def _problem(entry: Entry, msg: str) -> DataError:
    return DataError(f"{entry.file}:{entry.line}: entry [{entry.key}] (observable {entry.observable}): "
                     f"details: {msg}")


def search_of(entry: Entry) -> Search:
    """The :class:`Search` stored in a ``recast.<name>`` entry; DataError naming the bad field."""
    d = dict(entry.details)
    kind, prod = d.get("search"), d.get("production")
    if kind not in ("prompt", "displaced"):
        raise _problem(entry, f"'search' must be 'prompt' or 'displaced', got {kind!r}")
    if prod not in _PRODUCTION:
        raise _problem(entry, f"'production' must be one of {', '.join(_PRODUCTION)}, got {prod!r}")
    need = ("m_MeV", "eps_limit") if kind == "prompt" else ("m_MeV", "eps_lower", "eps_upper",
                                                            "L_decay_over_L_shield")
    for k in need:
        v = d.get(k)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not v > 0:
            raise _problem(entry, f"'{k}' must be a positive number, got {v!r}")
    if kind == "prompt":
        return Search(entry.observable[len(PREFIX):], kind, prod, d["m_MeV"] * 1e-3, eps_limit=float(d["eps_limit"]))
    if not d["eps_lower"] < d["eps_upper"]:
        raise _problem(entry, f"needs eps_lower < eps_upper, got {d['eps_lower']} and {d['eps_upper']}")
    return Search(entry.observable[len(PREFIX):], kind, prod, d["m_MeV"] * 1e-3, eps_lower=float(d["eps_lower"]),
                  eps_upper=float(d["eps_upper"]), length_ratio=float(d["L_decay_over_L_shield"]))


def dark_photon_width(M, eps, alpha):
    """Γ_A' = ε² Σ_ℓ Γ(A' → ℓℓ; ε_V = 1) + Γ_had (GeV): Q_ℓ = −1, ε_A = 0; NaN above 2m_π."""
    unit = sum(decays.width_dirac(M, m, 1.0, 0.0, alpha) for m in _LEPTON_MASSES) + decays.width_hadrons(M)
    return np.asarray(eps, float) ** 2 * unit


def dark_photon_br_ee(M, alpha):
    """BR(A' → e⁺e⁻), independent of ε; 1 between 2m_e and 2m_μ."""
    return decays.width_dirac(M, _LEPTON_MASSES[0], 1.0, 0.0, alpha) / dark_photon_width(M, 1.0, alpha)


def decay_fraction(tau, t0, t1):
    """P = exp(−t₀/τ) − exp(−t₁/τ): probability to decay in the proper-time window [t₀, t₁]."""
    with np.errstate(divide="ignore", over="ignore"):
        inv = 1.0 / np.asarray(tau, float)
        return np.exp(-t0 * inv) - np.exp(-t1 * inv)


def window_t0(s: Search, alpha):
    """t₀ (s) with ε_lo² P(τ_A'(ε_lo)) = ε_hi² P(τ_A'(ε_hi)), t₁ = t₀(1 + L_dec/L_sh).

    In units u = t₀ Γ_A'(ε=1)/ħ the condition is f(u) = ε_lo² p(u ε_lo²) − ε_hi² p(u ε_hi²) = 0 with
    p(x) = e^{−x} − e^{−(1+R)x}: f < 0 for u → 0 (f ≈ uR(ε_lo⁴ − ε_hi⁴)) and f > 0 for u → ∞, one root.
    """
    R, lo2, hi2 = s.length_ratio, s.eps_lower ** 2, s.eps_upper ** 2

    def f(log_u):
        u = np.exp(log_u)
        return lo2 * -np.expm1(-R * u * lo2) * np.exp(-u * lo2) - hi2 * -np.expm1(-R * u * hi2) * np.exp(-u * hi2)
    lo, hi = -np.log(hi2) - 30.0, np.log(50.0 / hi2)
    if not (f(lo) < 0.0 < f(hi)):
        raise DataError(f"recast {s.name}: no decay window reproduces the band "
                        f"[{s.eps_lower:g}, {s.eps_upper:g}] with L_dec/L_sh = {R:g}")
    u = np.exp(brentq(f, lo, hi, xtol=1e-14, rtol=1e-14))
    return u * decays.HBAR_GEV_S / dark_photon_width(s.mass, 1.0, alpha)


def _production(out, production):
    if production == "e":
        return couplings.eps_VA(np.asarray(out["eps_V.e"], float), np.asarray(out["eps_A.e"], float))
    return np.abs(np.asarray(out["eps_V.p"], float))


def signal_ratio(out: dict, s: Search):
    """r = N_X / N_A'(limit) at every point (see the module docstring); NaN where an input is NaN."""
    alpha = np.asarray(out["alpha"], float)
    g = _production(out, s.production)
    br_x = np.asarray(out["BR_Zp.e_e"], float)
    br_a = dark_photon_br_ee(s.mass, alpha)
    if s.search == "prompt":
        return g**2 * br_x / (s.eps_limit**2 * br_a)
    t0 = window_t0(s, alpha)
    t1 = t0 * (1.0 + s.length_ratio)
    tau_a = decays.HBAR_GEV_S / dark_photon_width(s.mass, s.eps_lower, alpha)
    ref = s.eps_lower**2 * br_a * decay_fraction(tau_a, t0, t1)
    return g**2 * br_x * decay_fraction(np.asarray(out["tau_Zp"], float), t0, t1) / ref


def signal_ratios(out: dict, dataset: Dataset) -> dict:
    """``{"recast.<name>": r}`` for every ``recast.*`` entry of ``dataset`` not already in ``out``.

    Needs ``alpha``, ``BR_Zp.e_e``, ``tau_Zp`` and the production couplings; a missing one leaves
    the entry out (the χ² then notes it as not in outputs).
    """
    res = {}
    for e in dataset:
        if not e.observable.startswith(PREFIX) or e.observable in out or e.observable in res:
            continue
        s = search_of(e)
        need = ("alpha", "BR_Zp.e_e", "tau_Zp") + (("eps_V.e", "eps_A.e") if s.production == "e" else ("eps_V.p",))
        if all(k in out for k in need):
            with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
                res[e.observable] = signal_ratio(out, s)
    return res
