"""χ², pulls and the table: zero at central values, signed pulls, limit and band modes."""
import numpy as np
import pytest
from scipy.stats import norm

from modelgen.data import load_dataset
from modelgen.data.schema import make_entry
from modelgen.errors import ParameterError
from modelgen.observables import chi2, format_table, table
from modelgen.observables.constraints import VIOLATED, evaluate


def central_point(ds):
    """Outputs sitting on every measurement, at 0 for upper limits, inside every band."""
    out = {}
    for e in ds.active():
        if e.kind == "measurement":
            out.setdefault(e.observable, e.value)
    out["eps_VA.e"] = 9e-4       # inside the Feng et al. range
    out["eps_V.n"] = 8e-3
    for o in ("recast.NA64_2020", "recast.E141", "recast.NA48_2"):
        out[o] = 0.0             # signal / signal at the dark-photon limit
    out["recast.KLOE2"] = 0.2
    out.setdefault("a_tau", -0.01)
    for o in ("eps_nu_e.nu_e", "BR_mu_egamma", "BR_tau_mugamma", "BR_tau_egamma",
              "BR_tau_3mu", "BR_mu_3e", "CR_mu_e.Au", "d_e", "d_mu", "R_Be8_17p64"):
        out[o] = 0.0
    return {k: np.array([v]) for k, v in out.items()}


def half_normal(x, limit, cl=0.9):
    return (x / (limit / norm.ppf(0.5 * (1 + cl)))) ** 2


@pytest.mark.parametrize("name", ["hkot2020", "current"])
def test_chi2_zero_at_central_values(name):
    ds = load_dataset(name)
    out = central_point(ds)
    c_hard, pulls = chi2(out, ds, limits="hard")
    assert c_hard[0] == 0.0
    for obs in ("delta_a_mu", "delta_a_e", "dQW_Cs", "M_Zp", "eps_V.n"):
        assert pulls[f"pull.{obs}"][0] == 0.0
    # Gaussian (half-normal) limits: only the non-zero predictions under a limit contribute
    expected = half_normal(0.2, 1.0)                         # KLOE-2 signal ratio
    if name == "current":
        expected += half_normal(6e-6, 1.2e-5)                # MEG II on R_Be8_18p15 (ATOMKI central)
    c, _ = chi2(out, ds, limits="gaussian")
    assert c[0] == pytest.approx(expected, rel=1e-12)


def test_pull_signs_and_asymmetric_errors():
    ds = load_dataset("current")
    amu = ds["delta_a_mu"][0]
    out = {"delta_a_mu": np.array([amu.value + 2 * amu.uncertainty, amu.value - amu.uncertainty])}
    c, p = chi2(out, ds)
    assert np.allclose(p["pull.delta_a_mu"], [2.0, -1.0]) and np.allclose(c, [4.0, 1.0])
    e = ds["a_tau"][0]  # CMS +0.0032 −0.0031
    _, pull, _ = evaluate(np.array([0.0009 + 0.0032, 0.0009 - 0.0031]), e)
    assert np.allclose(pull, [1.0, -1.0])


def test_upper_limit_modes():
    e = load_dataset("current").entry("MEGII_2025")  # 1.5e-13 at 90% CL
    x = np.array([0.0, 1.5e-13, 3e-13, -1.5e-13])
    c, pull, status = evaluate(x, e, limits="gaussian")
    assert pull[1] == pytest.approx(norm.ppf(0.95)) and pull[3] == pytest.approx(norm.ppf(0.95))  # |x|
    assert c[0] == 0 and c[2] == pytest.approx((2 * norm.ppf(0.95)) ** 2)
    c, _, status = evaluate(x, e, limits="hard")
    assert list(c) == [0, 0, np.inf, 0] and status[2] == VIOLATED


def test_bands_hard_and_penalty_with_signed_pulls():
    ds = load_dataset("hkot2020")
    band = make_entry("band", {"observable": "x", "kind": "excluded_band", "lower": 1.2e-4, "upper": 6.8e-4,
                               "cl": 0.9, "source": "s", "date": "2020", "verified": "M"})
    x = np.array([1.3e-4, 6.0e-4, 1e-3, -3e-4])
    c, pull, _ = evaluate(x, band, 0.0167, bands="hard")
    assert list(np.isinf(c)) == [True, True, False, True]
    assert pull[0] > 0 and pull[1] < 0 and pull[2] == 0  # towards the nearer allowed edge
    c, pull, _ = evaluate(x, band, 0.0167, bands="penalty", tolerance=0.1)
    assert c[0] == pytest.approx(((1.3e-4 - 1.2e-4) / 1.2e-5) ** 2)
    feng = ds.entry("eps_n_Feng")  # allowed 2e-3..1.5e-2
    _, pull, _ = evaluate(np.array([1e-3, 5e-3, 3e-2]), feng, 0.017)
    assert pull[0] < 0 and pull[1] == 0 and pull[2] > 0


def test_mass_window_missing_and_nan_are_skipped():
    ds = load_dataset("hkot2020")
    out = {"M_Zp": np.array([0.0167, 0.5]), "recast.NA64_2020": np.array([2.0, 2.0]),
           "eps_VA.e": np.array([3e-4, 3e-4]), "dQW_Cs": np.array([np.nan, 0.0])}
    c, p = chi2(out, ds, limits="hard")
    m = ds["M_Zp"][0]
    assert np.isinf(c[0]) and c[1] == pytest.approx(((0.5 - m.value) / m.uncertainty) ** 2)  # NA64 curve ends at 25 MeV
    assert np.isnan(p["pull.eps_VA.e"][1])
    assert np.isnan(p["pull.dQW_Cs"][0])
    assert np.isnan(p["pull.recast.NA64_2020"][1])
    assert "pull.eps_VA.e" in p
    _, p = chi2({"R_Be8_18p15": np.array([6e-6])}, load_dataset("current"))  # two active entries
    assert "pull.R_Be8_18p15:R_Be8_18p15_MEGII" in p and "pull.R_Be8_18p15" in p
    assert any(n.startswith("delta_a_mu: not in outputs") for n in p.notes)


def test_choice_changes_chi2():
    ds = load_dataset("current")
    out = {"delta_a_e": np.array([0.34e-12])}
    c_cs, _ = chi2(out, ds)
    c_rb, _ = chi2(out, ds.select("delta_a_e_Rb"))
    assert c_rb[0] == 0.0 and c_cs[0] == pytest.approx(((0.34 + 1.02) / 0.26) ** 2)


def test_table_rows_and_text():
    ds = load_dataset("current")
    pt = {"M_Zp": 0.01688, "delta_a_mu": 38.5e-11 + 63e-11 * 3, "R_He4_21p01": np.nan,
          "eps_VA.e": 5e-4, "recast.NA64_2020": 1.5}
    rows = table(pt, ds)
    by = {r.key: r for r in rows}
    assert by["delta_a_mu"].status == "tension" and by["delta_a_mu"].pull == pytest.approx(3.0)
    assert by["M_Zp_combined"].status == "ok" and by["PADME_2025"].status == "info"
    assert by["R_He4_21p01_ATOMKI2021"].status == "not modelled"
    assert by["NA64_2020"].status == "excluded" and by["JILA_2023"].status == "missing"
    text = format_table(rows)
    assert "delta_a_mu" in text and "not modelled" in text and "[1]" in text
    with pytest.raises(ParameterError, match="one point"):
        table({"M_Zp": np.array([0.017, 0.018])}, ds)


def test_summary_total_count_and_hard_limits():
    from modelgen.observables.likelihood import summary
    ds = load_dataset("current")
    # current.toml: delta_a_mu = 38.5(63)e-11 -> +2 sigma gives chi2 = 4; M_Zp_combined 16.88(5) MeV -> 0;
    # the recast NA64 and KLOE-2 ratios r = 0.5 under their limit r < 1 (90% CL), each a half-normal
    # term (0.5 / (1 / Phi^-1(0.95)))^2
    pt = {"M_Zp": 0.01688, "delta_a_mu": 38.5e-11 + 2 * 63e-11, "recast.NA64_2020": 0.5, "recast.KLOE2": 0.5}
    expected = 4.0 + 2 * (0.5 * 1.6448536269514722) ** 2
    line = summary(table(pt, ds))
    assert line.startswith(f"chi2 = {expected:.4g} (dimensionless) over 4 observables (4 data entries), "
                           "0 excluded by hard limits")
    total, _ = chi2({k: np.array([v]) for k, v in pt.items()}, ds)
    assert total[0] == pytest.approx(expected, rel=1e-12)
    # outside Feng et al.'s allowed eps_n band [2e-3, 1.5e-2] (hard): infinite chi2, the line names it
    pt["eps_V.n"] = 0.05
    line = summary(table(pt, ds))
    assert line.startswith("chi2 = inf (dimensionless) over 5 observables")
    assert "1 excluded by hard limits: eps_n_Feng (eps_V.n = 0.05 (dimensionless), data |x| ∈ [0.002, 0.015]" in line
    # nothing comparable (a flagged point: every prediction NaN) is not a plausible chi2 of 0
    assert summary(table({"M_Zp": np.nan, "delta_a_mu": np.nan}, ds)).startswith("chi2 = nan")
