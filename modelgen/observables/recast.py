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

Prompt searches (KLOE-2, NA48/2): t₀ = 0 and t₁ = L_max M/(E_X c) for a decay within L_max of
the production point (X energy E_X, as in DarkCast's entries; t₁ = ∞ without a cut), so P ≈ 1
for the couplings they probe but a long-lived X escapes them.  Beam dumps (NA64 visible mode,
E141) exclude a band ε_lo < ε < ε_hi; with t₁ = t₀(1 + L_dec/L_sh) the window t₀ is fixed by
requiring both published edges to give the same signal,
ε_lo² P(τ_A'(ε_lo)) = ε_hi² P(τ_A'(ε_hi)) (DarkCast's two-sided efficiency), so both edges of
the band move with the model's total width.  τ_A'(ε) = ħ/Γ_A', Γ_A' = ε² Σ_ℓ Γ(A' → ℓℓ)|_{ε=1}
(hadrons closed below 2m_π; NaN above, where no recast is given).

The model's boost at M_Z' is
taken equal to the dark photon's at the same mass (same production process).

Data entry (``details`` of a ``recast.<name>`` entry): ``search`` = "prompt" | "displaced",
``production`` = "e" | "p", ``m_MeV`` (masses of the published curve, increasing; the curve is
interpolated linearly in mass, as DarkCast does), ``eps_limit`` (prompt; optionally
``max_flight_m`` and ``E_X_GeV``) or ``eps_lower``, ``eps_upper``, ``L_decay_over_L_shield``
(displaced).  The limit applies over the entry's ``valid_M_Zp`` window (default: the curve's
mass range); a single mass point is a limit frozen over that window.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from modelgen.data import Dataset, Entry
from modelgen.errors import DataError
from modelgen.observables import couplings, decays, hadrons
from modelgen.observables.identity_cache import by_identity

__all__ = ["PREFIX", "Search", "search_of", "dark_photon_width", "dark_photon_br_ee",
           "decay_fraction", "window_t0", "signal_ratio", "signal_ratios"]

PREFIX = "recast."
# GeV (PDG 2020); the A' width is summed over the charged leptons that are open
_PRODUCTION = {"e": "electron coupling √(ε_V² + ε_A²) (bremsstrahlung, e⁺e⁻ → γX)",
               "p": "proton vector coupling ε_p = 2ε_u + ε_d (π⁰ → γX)"}


@dataclass(frozen=True)
class Search:
    """A published dark-photon limit: ε_lim(m) (prompt) or the band ε_lo(m)..ε_hi(m) (displaced)."""

    name: str
    search: str
    production: str
    masses: tuple[float, ...]                       # GeV, increasing
    eps_limit: tuple[float, ...] = ()
    eps_lower: tuple[float, ...] = ()
    eps_upper: tuple[float, ...] = ()
    length_ratio: float = np.inf                    # L_decay / L_shield (displaced)
    max_flight: float = np.inf                      # m (prompt)
    energy: float = np.nan                          # GeV, X energy setting the boost (prompt)
    window: tuple[float, float] = (0.0, np.inf)     # GeV, masses where the limit applies

    def at(self, field: str, M):
        """``field`` (eps_limit, eps_lower or eps_upper) interpolated linearly at M (GeV)."""
        return np.interp(np.asarray(M, float), self.masses, getattr(self, field))


def _problem(entry: Entry, msg: str) -> DataError:
    return DataError(f"{entry.file}:{entry.line}: entry [{entry.key}] (observable {entry.observable}): "
                     f"details: {msg}")


def _positive(entry, d, key, *, array):
    v = d.get(key)
    vals = v if (array and isinstance(v, list)) else [v]
    if not vals or any(isinstance(x, bool) or not isinstance(x, (int, float)) or not x > 0 for x in vals):
        raise _problem(entry, f"'{key}' must be a positive number{' or a list of them' if array else ''}, got {v!r}")
    return tuple(float(x) for x in vals)


def search_of(entry: Entry) -> Search:
    """The :class:`Search` stored in a ``recast.<name>`` entry; DataError naming the bad field."""
    d = dict(entry.details)
    kind, prod = d.get("search"), d.get("production")
    if kind not in ("prompt", "displaced"):
        raise _problem(entry, f"'search' must be 'prompt' or 'displaced', got {kind!r}")
    if prod not in _PRODUCTION:
        raise _problem(entry, f"'production' must be one of {', '.join(_PRODUCTION)}, got {prod!r}")
    masses = tuple(m * 1e-3 for m in _positive(entry, d, "m_MeV", array=True))
    if any(b <= a for a, b in zip(masses, masses[1:])):
        raise _problem(entry, "'m_MeV' must increase")
    curves = ("eps_limit",) if kind == "prompt" else ("eps_lower", "eps_upper")
    values = {c: _positive(entry, d, c, array=True) for c in curves}
    for c, v in values.items():
        if len(v) != len(masses):
            raise _problem(entry, f"'{c}' has {len(v)} values for {len(masses)} masses")
    name = entry.observable[len(PREFIX):]
    window = entry.valid_M_Zp or (masses[0], masses[-1])
    if window[0] == window[1]:
        raise _problem(entry, "a limit at one mass needs the entry's valid_M_Zp window")
    if kind == "prompt":
        flight = _positive(entry, d, "max_flight_m", array=False)[0] if "max_flight_m" in d else np.inf
        energy = _positive(entry, d, "E_X_GeV", array=False)[0] if "E_X_GeV" in d else np.nan
        if np.isfinite(flight) and np.isnan(energy):
            raise _problem(entry, "'max_flight_m' needs 'E_X_GeV' (the X energy that sets the boost)")
        return Search(name, kind, prod, masses, eps_limit=values["eps_limit"], max_flight=flight, energy=energy,
                      window=window)
    if any(lo >= hi for lo, hi in zip(values["eps_lower"], values["eps_upper"])):
        raise _problem(entry, "needs eps_lower < eps_upper at every mass")
    ratio = _positive(entry, d, "L_decay_over_L_shield", array=False)[0]
    return Search(name, kind, prod, masses, eps_lower=values["eps_lower"], eps_upper=values["eps_upper"],
                  length_ratio=ratio, window=window)


def dark_photon_width(M, eps, alpha):
    """Γ_A' = ε² [Σ_ℓ Γ(A' → ℓℓ; ε_V = 1) + Γ_had(ε_q = Q_q)] (GeV): ε_f = ε Q_f, ε_A = 0; the
    hadronic part from :func:`hadrons.width_hadrons` (NaN above its data range)."""
    unit = sum(decays.width_dirac(M, m, 1.0, 0.0, alpha) for m in decays.LEPTON_MASSES.values()) \
        + hadrons.width_hadrons(M, 2.0 / 3.0, -1.0 / 3.0, -1.0 / 3.0, alpha)
    return np.asarray(eps, float) ** 2 * unit


def dark_photon_br_ee(M, alpha):
    """BR(A' → e⁺e⁻), independent of ε; 1 between 2m_e and 2m_μ."""
    return _dark_photon(M, alpha)[1]


def decay_fraction(tau, t0, t1):
    """P = exp(−t₀/τ) − exp(−t₁/τ): probability to decay in the proper-time window [t₀, t₁].

    Limits: t₀ = 0 counts decays from production on (P → 1 as τ → 0); a stable X (τ = ∞) gives 0.
    """
    tau = np.asarray(tau, float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x0 = np.where(np.asarray(t0) > 0.0, t0 / tau, 0.0)
        x1 = np.where(np.isfinite(t1), t1 / tau, np.inf)
        return np.where(np.isposinf(tau), 0.0, np.exp(-x0) - np.exp(-x1))


def window_t0(s: Search, M, alpha, unit_width=None):
    """t₀ (s) at mass M with ε_lo² P(τ_A'(ε_lo)) = ε_hi² P(τ_A'(ε_hi)), t₁ = t₀(1 + L_dec/L_sh).

    In units u = t₀ Γ_A'(ε=1)/ħ the condition is ε_lo² p(u ε_lo²) = ε_hi² p(u ε_hi²) with
    p(x) = e^{−x} − e^{−(1+R)x} = e^{−x}(1 − e^{−Rx}); in logarithms h(u) = 0 with

        h(u) = ln(ε_lo²/ε_hi²) + u (ε_hi² − ε_lo²) + ln(1 − e^{−R u ε_lo²}) − ln(1 − e^{−R u ε_hi²}),
        h'(u) = (ε_hi² − ε_lo²) + [φ(R u ε_lo²) − φ(R u ε_hi²)]/u,   φ(x) = x/(eˣ − 1),

    h(0⁺) = 2 ln(ε_lo²/ε_hi²) < 0, h' > ε_hi² − ε_lo² > 0 (φ decreases): one root.  It is found by
    Newton's method from the right end of the bracket u ∈ [e^{−30}/(R ε_hi²), 60/ε_hi²], where h is
    nearly linear, with a geometric-bisection fallback whenever a step leaves the bracket; each point
    stops when its step is below 8 ulp and is then frozen, so its result does not depend on the other
    points of the array (4–6 steps for the built-in searches, against 80 bisections before).
    ``unit_width``: Γ_A'(M, ε=1) when the caller has it (GeV), else computed.
    """
    M = np.asarray(M, float)
    known = np.isfinite(M)  # a flagged point's M_Zp output is NaN: its window is NaN too
    M = np.where(known, M, s.masses[0])
    R, lo2, hi2 = s.length_ratio, s.at("eps_lower", M) ** 2, s.at("eps_upper", M) ** 2
    c, d = np.log(lo2 / hi2), hi2 - lo2

    def h_and_slope(u):
        x_lo, x_hi = R * u * lo2, R * u * hi2
        h = c + u * d + np.log(-np.expm1(-x_lo)) - np.log(-np.expm1(-x_hi))
        return h, d + (x_lo / np.expm1(x_lo) - x_hi / np.expm1(x_hi)) / u
    a, b = np.exp(-np.log(hi2 * R) - 30.0), 60.0 / hi2
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if not (np.all(h_and_slope(a)[0] < 0.0) and np.all(h_and_slope(b)[0] > 0.0)):
            raise DataError(f"recast {s.name}: no decay window reproduces the published band with "
                            f"L_dec/L_sh = {R:g}")
        u, done = b, np.zeros(np.shape(b), bool)
        for _ in range(_MAX_STEPS):
            h, slope = h_and_slope(u)
            below = h < 0.0
            a, b = np.where(below, u, a), np.where(below, b, u)
            step = u - h / slope
            step = np.where((step >= a) & (step <= b), step, np.sqrt(a * b))  # NaN steps bisect too
            converged = np.abs(step - u) <= 8.0 * np.finfo(float).eps * u
            u = np.where(done, u, step)
            done = done | converged
            if done.all():
                break
    if unit_width is None:
        unit_width = dark_photon_width(M, 1.0, alpha)
    return np.where(known, u * decays.HBAR_GEV_S / unit_width, np.nan)


# Newton steps of window_t0 at most: geometric bisection alone reaches 8 ulp in < 60 halvings of
# the bracket (ln(60 R e^30) < 50 e-folds), so the cap is never reached
_MAX_STEPS = 100


def _production(out, production):
    if production == "e":
        return couplings.eps_VA(np.asarray(out["eps_V.e"], float), np.asarray(out["eps_A.e"], float))
    return np.abs(np.asarray(out["eps_V.p"], float))


def _window(s: Search, M, alpha, unit_width):
    """Proper-time window (t₀, t₁) in s of search ``s`` at mass M."""
    if s.search == "displaced":
        t0 = window_t0(s, M, alpha, unit_width)
        return t0, t0 * (1.0 + s.length_ratio)
    c = decays.HBARC_GEV_M / decays.HBAR_GEV_S  # m/s
    return 0.0, s.max_flight * np.asarray(M, float) / (s.energy * c) if np.isfinite(s.max_flight) else np.inf


def _dark_photon(M, alpha):
    """(Γ_A'(M, ε=1) in GeV, BR(A' → e⁺e⁻)) at every point: the reference of every search, computed
    once per call of :func:`signal_ratios` (Γ_A'(ε) = ε² Γ_A'(ε=1))."""
    unit = dark_photon_width(M, 1.0, alpha)
    return unit, decays.width_dirac(M, decays.LEPTON_MASSES["e"], 1.0, 0.0, alpha) / unit


def signal_ratio(out: dict, s: Search, dark_photon=None):
    """r = N_X / N_A'(limit) at every point (see the module docstring).

    NaN where an input is NaN and where M_Z' lies outside the search's mass window (no published
    limit there: the χ² skips the entry, the table says "outside mass window").  ``dark_photon``:
    the (unit width, BR(ee)) pair of :func:`_dark_photon` at these points, when already computed.
    """
    M, alpha = np.asarray(out["M_Zp"], float), np.asarray(out["alpha"], float)
    unit, br_ee = _dark_photon(M, alpha) if dark_photon is None else dark_photon
    eps_ref = s.at("eps_limit" if s.search == "prompt" else "eps_lower", M)
    t0, t1 = _window(s, M, alpha, unit)
    tau_ref = decays.HBAR_GEV_S / (eps_ref**2 * unit)
    ref = eps_ref**2 * br_ee * decay_fraction(tau_ref, t0, t1)
    g = _production(out, s.production)
    r = g**2 * np.asarray(out["BR_Zp.e_e"], float) * decay_fraction(out["tau_Zp"], t0, t1) / ref
    return np.where((M >= s.window[0]) & (M <= s.window[1]), r, np.nan)


# search_of per data entry, by identity (entries hold a mappingproxy: not hashable); the entry is
# kept alive next to its Search so its id cannot be reused; bounded like the evaluator's plans
_SEARCHES: dict[int, tuple[Entry, Search]] = {}


def _cached_search(e: Entry) -> Search:
    return by_identity(_SEARCHES, e, search_of, 256)


def signal_ratios(out: dict, dataset: Dataset) -> dict:
    """``{"recast.<name>": r}`` for every ``recast.*`` entry of ``dataset`` not already in ``out``.

    Needs ``M_Zp``, ``alpha``, ``BR_Zp.e_e``, ``tau_Zp`` and the production coupling; a missing one leaves
    the entry out (the χ² then notes it as not in outputs).
    """
    res, dark = {}, None
    for e in dataset:
        if not e.observable.startswith(PREFIX) or e.observable in out or e.observable in res:
            continue
        s = _cached_search(e)
        coupling = ("eps_V.e", "eps_A.e") if s.production == "e" else ("eps_V.p",)
        need = ("M_Zp", "alpha", "BR_Zp.e_e", "tau_Zp") + coupling
        if all(k in out for k in need):
            with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
                if dark is None:
                    dark = _dark_photon(np.asarray(out["M_Zp"], float), np.asarray(out["alpha"], float))
                res[e.observable] = signal_ratio(out, s, dark)
    return res
