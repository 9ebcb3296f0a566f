"""CLI: user mistakes end in one error line (exit 2, no traceback), strict JSON, units on every
number, ``list --outputs`` equal to what the evaluator returns, and ``demo`` of a model without Z'."""
import json
import subprocess
import sys

import numpy as np
import pytest

from modelgen import cli
from modelgen.evaluate import evaluator


def _strict_json(text):
    def reject(constant):
        raise AssertionError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=reject)


@pytest.mark.parametrize("value, word", [("abc", "not a number"), ("1+2j", "complex"), ("3j", "complex")])
def test_bad_parameter_value_names_the_parameter(capsys, value, word):
    assert cli.main(["eval", "bl", "-p", f"eps_k={value}", "--no-build"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("modelgen: error: parameter 'eps_k'") and word in err


@pytest.mark.parametrize("argv, culprit", [
    (["eval", "bl", "-p", "eps_k"], "name=value"),
    (["eval", "bl", "-p", "eps_kk=1e-3"], "eps_kk"),
    (["eval", "bl", "-p", "eps_k=nan"], "eps_k"),
    (["eval", "bl", "--data", "nosuchset"], "nosuchset"),
    (["scan", "--config", "/nonexistent/scan.toml"], "scan.toml"),
])
def test_user_mistakes_exit_2_with_one_line(capsys, argv, culprit):
    try:
        code = cli.main(argv + (["--no-build"] if argv[0] == "eval" else []))
    except SystemExit as exc:  # the scan sub-command exits itself (2 for a bad config, 130 on Ctrl-C)
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(("modelgen: error:", "modelgen scan: error")) and culprit in err


def test_no_traceback_from_the_console_entry_point():
    run = subprocess.run([sys.executable, "-m", "modelgen", "eval", "bl", "-p", "eps_k=abc", "--no-build"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "'eps_k'" in run.stderr


def test_json_safe_maps_nan_and_infinities():
    assert cli._json_safe({"a": np.nan, "b": [np.inf, -np.inf, np.float64(2.5)], "c": np.int32(3)}) == \
        {"a": None, "b": ["inf", "-inf", 2.5], "c": 3}


def test_eval_json_is_strict_with_units(capsys):
    assert cli.main(["eval", "bl", "--json", "--no-build"]) == 0
    d = _strict_json(capsys.readouterr().out)
    assert d["units"]["ctau_Zp"] == "m" and d["units"]["tau_Zp"] == "s" and d["units"]["M_Zp"] == "GeV"
    assert d["units"]["Gamma_Zp.total"] == "GeV" and d["units"]["eps_V.e"] == ""
    # g_BL = 0 is a fatal point: every computed output NaN -> null
    assert cli.main(["eval", "bl", "-p", "g_BL=0", "--json", "--no-build"]) == 0
    d = _strict_json(capsys.readouterr().out)
    assert d["eps_V.e"] is None and d["Gamma_Zp.total"] is None


def test_list_outputs_equal_the_evaluator_outputs(capsys):
    assert cli.main(["list", "bl", "--outputs"]) == 0
    text = capsys.readouterr().out
    ev = evaluator("bl")
    # inputs that are not also computed (M_Z, M_Zp are both: the physical masses are outputs)
    returned = set(ev({})) - (set(ev.parameters) - set(ev.outputs))
    listed = {line.split()[0] for line in text.splitlines()[2:]}
    assert listed == returned
    lines = {line.split()[0]: line.split() for line in text.splitlines()[2:]}
    assert lines["ctau_Zp"][1] == "m" and lines["tau_Zp"][1] == "s" and lines["M_Zp"][1] == "GeV"
    assert lines["eps_V.e"][1] == "(dimensionless)"
    assert all(len(parts) > 2 for parts in lines.values()), "every output has a meaning"
    assert cli.main(["list", "bl", "--json"]) == 0
    d = _strict_json(capsys.readouterr().out)["bl"]
    assert {o["name"] for o in d["outputs"]} == returned
    assert all(o["description"] and o["latex"] for o in d["outputs"])


def test_list_json_all_models_is_strict(capsys):
    assert cli.main(["list", "--json"]) == 0
    assert set(_strict_json(capsys.readouterr().out)) >= {"sm", "bl", "bl_vll"}


def test_eval_data_prints_units_and_chi2_summary(capsys):
    # eps_n = g_BL/e ~ 1e-4, below the Feng et al. allowed band [2e-3, 1.5e-2] (current.toml) -> hard exclusion
    assert cli.main(["eval", "bl", "-p", "eps_k=2e-3", "-p", "g_BL=3e-5", "-p", "M_Zp=0.0168",
                     "--data", "current", "--no-build"]) == 0
    out = capsys.readouterr().out
    assert "ctau_Zp" in out and [ln for ln in out.splitlines() if ln.split()[:1] == ["ctau_Zp"]][0].endswith(" m")
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("chi2 = inf (dimensionless) over ")
    assert "excluded by hard limits: eps_n_Feng (eps_V.n = " in summary


def test_demo_of_a_model_without_zprime(capsys):
    assert cli.main(["demo", "--model", "sm"]) == 0
    out = capsys.readouterr().out
    assert "no new vector in this model" in out and "eps_V" not in out
    a_mu = [ln for ln in out.splitlines() if ln.split()[:1] == ["a_mu"]][0]
    assert a_mu.endswith("(dimensionless)")
    assert out.strip().splitlines()[-1].startswith("chi2 = ")
