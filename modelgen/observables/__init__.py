"""Observables built on the evaluator's outputs: Z' decays, ATOMKI rates, APV, constraint
quantities, and the χ² against a versioned data set.

Stages (each a module): ``couplings`` (nucleon and effective couplings) → ``decays`` (widths,
BR, lifetime) → ``nuclear`` (⁸Be/⁴He rates × BR(X→ee)) → ``apv`` (ΔQ_W(Cs)) → ``constraints``
(one entry vs a prediction; ``recast``: visible-decay searches rescaled from the dark photon) →
``likelihood`` (χ², pulls, table).  :func:`compute` runs the
physics stages on an output dict; :func:`chi2` and :func:`table` compare with data.  These NumPy
functions are the reference; the evaluator runs their compiled twins (``derived``, ``chi2_plan``).
"""
from __future__ import annotations

import numpy as np

from modelgen.errors import ParameterError
from modelgen.observables import apv, constraints, couplings, decays, hadrons, likelihood, nuclear, recast, status
from modelgen.observables.likelihood import Pulls, Row, chi2, format_table, table

__all__ = ["compute", "applies_to", "chi2", "table", "format_table", "Pulls", "Row", "NOT_MODELLED",
           "DEFAULT_LEPTON_MASSES", "apv", "constraints", "couplings", "decays", "hadrons", "likelihood",
           "nuclear", "recast", "status"]

NOT_MODELLED = nuclear.NOT_MODELLED
# GeV; used only when the output dict carries no m_e/m_mu/m_tau (PDG 2020, inputs.md §10)
DEFAULT_LEPTON_MASSES = decays.LEPTON_MASSES
_LEPTONS = ("e", "mu", "tau")
_NEUTRINOS = ("nu_e", "nu_mu", "nu_tau")


def applies_to(names) -> bool:
    """True when ``names`` (a model's parameters and kernel outputs) hold every input :func:`compute` reads:
    ``M_Zp``, ``alpha``, ``G_F``, ``eps_V``/``eps_A`` of the charged leptons, a left-handed coupling
    of each neutrino (``eps_L.nu_<l>`` or its ``eps_V``/``eps_A``) and the light-quark vector couplings
    (``eps_V.u``, ``eps_V.d`` or ``eps_V.p``, ``eps_V.n``).  The evaluator offers
    ``ev.derived_outputs`` exactly for such models (a model without a Z' has none)."""
    have = set(names)
    core = {"M_Zp", "alpha", "G_F"} | {f"eps_{c}.{lep}" for c in "VA" for lep in _LEPTONS}
    neutrinos = all(f"eps_L.{nu}" in have or {f"eps_V.{nu}", f"eps_A.{nu}"} <= have for nu in _NEUTRINOS)
    quarks = {"eps_V.u", "eps_V.d"} <= have or {"eps_V.p", "eps_V.n"} <= have
    return core <= have and neutrinos and quarks


def _need(out, name):
    try:
        return np.asarray(out[name], float)
    except KeyError:
        raise ParameterError(f"compute(): output dict lacks '{name}' (needed for the Z' observables); "
                             f"keys present: {', '.join(sorted(out))}") from None


def _eps_L(out, nu):
    if f"eps_L.{nu}" in out:
        return np.asarray(out[f"eps_L.{nu}"], float)
    return couplings.eps_L_from_VA(_need(out, f"eps_V.{nu}"), _need(out, f"eps_A.{nu}"))


def _quark_couplings(out):
    """(ε_V.u, ε_V.d, ε_V.s).  The built-in models derive one quark generation; without an
    ``eps_V.s`` output the s quark takes the d quark's coupling (flavour-universal charges: s and d
    carry the same SU(2) x U(1)_Y x U(1)_X charges in every built-in model and quarks do not mix
    with new states), which is exact there and must be revisited for a flavour-dependent U(1).
    Given only the nucleon couplings, ε_p = 2ε_u + ε_d and ε_n = ε_u + 2ε_d are inverted."""
    if "eps_V.u" in out or "eps_V.d" in out or not ("eps_V.p" in out and "eps_V.n" in out):
        eps_u, eps_d = _need(out, "eps_V.u"), _need(out, "eps_V.d")
    else:
        eps_p, eps_n = _need(out, "eps_V.p"), _need(out, "eps_V.n")
        eps_u, eps_d = (2 * eps_p - eps_n) / 3, (2 * eps_n - eps_p) / 3
    eps_s = np.asarray(out["eps_V.s"], float) if "eps_V.s" in out else eps_d
    return eps_u, eps_d, eps_s


def _z_universality(out, alpha):
    """Gamma(Z -> l l)/Gamma(Z -> e e) at tree level from the model's Z couplings (g_L.Z.l,
    g_R.Z.l), with the exact mass factor of :func:`decays.width_dirac`; lepton mixing with
    vector-like leptons moves it away from the SM phase-space ratio (LEP universality test)."""
    if not all(f"g_{c}.Z.{lep}" in out for c in "LR" for lep in _LEPTONS) or "M_Z" not in out:
        return {}
    e = np.sqrt(4 * np.pi * alpha)
    M_Z = _need(out, "M_Z")

    def width(lep):
        gl, gr = _need(out, f"g_L.Z.{lep}"), _need(out, f"g_R.Z.{lep}")
        m = np.asarray(out.get(f"m_{lep}", DEFAULT_LEPTON_MASSES[lep]), float)
        return decays.width_dirac(M_Z, m, (gl + gr) / (2 * e), (gr - gl) / (2 * e), alpha)
    ee = width("e")
    return {f"R_Z.{lep}_e": width(lep) / ee for lep in ("mu", "tau")}


def compute(out: dict, *, majorana_nu: bool = True, apv_K=None) -> dict:
    """New observables from the evaluator's output dict (arrays broadcast together).

    Needs ``M_Zp``, ``alpha``, ``G_F``, ``eps_V.<f>``/``eps_A.<f>`` for f = e, mu, tau (and p, n or
    u, d) and ``eps_L.nu_<l>`` (or ``eps_V``/``eps_A`` of the neutrinos); lepton masses
    ``m_e``, ``m_mu``, ``m_tau`` default to :data:`DEFAULT_LEPTON_MASSES`.
    Returns ``Gamma_Zp.{e_e,mu_mu,tau_tau,nu_nu,hadrons,total}`` (GeV), ``BR_Zp.{e_e,mu_mu,tau_tau,nu_nu}``,
    ``tau_Zp`` (s), ``ctau_Zp`` (m), ``R_Be8_18p15``, ``R_Be8_17p64``, ``dQW_Cs``, and the constraint quantities ``eps_VA.e``, ``eps_V.p.ee``,
    ``eps_nu_e.nu_e`` (TEXONO), ``eps_nu_e.nu_mu`` (CHARM-II), and the Z-pole universality
    ratios ``R_Z.mu_e``, ``R_Z.tau_e`` (when the Z couplings ``g_L.Z.<l>``, ``g_R.Z.<l>`` are given),
    and ``status``: the input's ``status`` (0 if absent) with the observables' bits of
    :mod:`~modelgen.observables.status` set.  ``R_He4_21p01`` is not modelled and not returned
    (``NOT_MODELLED`` says why).  ``Gamma_Zp.hadrons`` comes from vector-meson dominance and the
    R-ratio (:mod:`~modelgen.observables.hadrons`, needs ``eps_V.u``, ``eps_V.d``, optionally
    ``eps_V.s``): 0 below the π⁰γ threshold, NaN above the data (2 GeV) with the non-fatal bit
    :data:`~modelgen.observables.status.HADRONS_ABOVE_RANGE`, which makes the total, BRs and
    lifetime NaN there.
    ``majorana_nu`` selects Majorana (default, HKOT seesaw) or Dirac light neutrinos (equal for
    m_ν = 0); ``apv_K`` overrides the APV finite-range factor (default :func:`apv.apv_K`).
    """
    M, alpha, G_F = _need(out, "M_Zp"), _need(out, "alpha"), _need(out, "G_F")
    res: dict[str, np.ndarray] = {}
    for lep in _LEPTONS:
        m = np.asarray(out.get(f"m_{lep}", DEFAULT_LEPTON_MASSES[lep]), float)
        res[f"Gamma_Zp.{lep}_{lep}"] = decays.width_dirac(M, m, _need(out, f"eps_V.{lep}"),
                                                          _need(out, f"eps_A.{lep}"), alpha)
    res["Gamma_Zp.nu_nu"] = sum(decays.width_nu_nu(M, _eps_L(out, nu), alpha, majorana=majorana_nu)
                                for nu in _NEUTRINOS)
    res["Gamma_Zp.hadrons"] = hadrons.width_hadrons(M, *_quark_couplings(out), alpha)
    total = sum(res[f"Gamma_Zp.{c}"] for c in ("e_e", "mu_mu", "tau_tau", "nu_nu", "hadrons"))
    res["Gamma_Zp.total"] = total
    for c in ("e_e", "mu_mu", "tau_tau", "nu_nu"):
        with np.errstate(invalid="ignore", divide="ignore"):
            res[f"BR_Zp.{c}"] = np.where(total > 0.0, res[f"Gamma_Zp.{c}"] / total,
                                         np.where(np.isnan(total), np.nan, 0.0))
    res["tau_Zp"] = decays.lifetime(total)
    res["ctau_Zp"] = decays.ctau(total)

    if "eps_V.p" in out and "eps_V.n" in out:
        eps_p, eps_n = _need(out, "eps_V.p"), _need(out, "eps_V.n")
    else:
        eps_p, eps_n = couplings.nucleon_couplings(_need(out, "eps_V.u"), _need(out, "eps_V.d"))
        res["eps_V.p"], res["eps_V.n"] = eps_p, eps_n
    br_ee = res["BR_Zp.e_e"]
    res["R_Be8_18p15"] = nuclear.rate_be8_18p15(eps_p, eps_n, M, br_ee)
    res["R_Be8_17p64"] = nuclear.rate_be8_17p64(eps_p, eps_n, M, br_ee)
    eps_A_e = _need(out, "eps_A.e")
    res["dQW_Cs"] = apv.delta_qw(M, eps_A_e, eps_p, eps_n, alpha, G_F, K=apv_K)

    eps_e = couplings.eps_VA(_need(out, "eps_V.e"), eps_A_e)
    res["eps_VA.e"] = eps_e
    res["eps_V.p.ee"] = np.abs(eps_p) * np.sqrt(br_ee)
    res["eps_nu_e.nu_e"] = couplings.sqrt_product(_eps_L(out, "nu_e"), eps_e)
    res["eps_nu_e.nu_mu"] = couplings.sqrt_product(_eps_L(out, "nu_mu"), eps_e)
    res.update(_z_universality(out, alpha))
    shape = np.broadcast_shapes(*(np.shape(v) for v in res.values()))
    res = {k: np.broadcast_to(np.asarray(v, float), shape).copy() for k, v in res.items()}
    word = np.broadcast_to(np.asarray(out.get("status", 0), dtype=np.intc), shape)
    res["status"] = status.set_bit(word, status.HADRONS_ABOVE_RANGE, hadrons.above_range(M))
    return res
