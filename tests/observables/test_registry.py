"""Observable registry: every output has a unit and a meaning, consistent with the compiled modules;
units checked through physical relations (τ c = cτ, τ = ħ/Γ with CODATA 2018 constants)."""
import numpy as np
import pytest

from modelgen.data import load_dataset
from modelgen.evaluate import evaluator
from modelgen.observables.registry import DATA_ONLY, DERIVED, kernel_outputs, known_observables, lookup


def test_every_kernel_output_has_metadata_with_the_module_unit():
    outputs = kernel_outputs()
    assert {"sm", "bl", "bl_vll"} <= set(outputs)
    for model, table in outputs.items():
        for name, (unit, _) in table.items():
            meta = lookup(name)
            assert meta is not None, f"{model}: {name} has no registry entry"
            assert meta.unit == unit, f"{model}: {name} unit {meta.unit!r} != module {unit!r}"
            assert meta.description and meta.latex


def test_compute_outputs_are_registered():
    out = evaluator("bl")({})
    kernel = set(kernel_outputs()["bl"])
    derived = set(out) - kernel - set(evaluator("bl").parameters) - {"status"}
    assert derived and derived <= set(DERIVED)


def test_units_by_physical_relations():
    out = evaluator("bl")({"eps_k": 2e-3, "g_BL": 1e-3, "M_Zp": 0.017})
    c = 299792458.0              # m/s, exact (SI)
    hbar = 6.582119569e-25       # GeV s, CODATA 2018
    assert DERIVED["tau_Zp"].unit == "s" and DERIVED["ctau_Zp"].unit == "m"
    assert DERIVED["Gamma_Zp.total"].unit == "GeV"
    assert float(out["ctau_Zp"]) == pytest.approx(float(out["tau_Zp"]) * c, rel=1e-9)
    assert float(out["tau_Zp"]) == pytest.approx(hbar / float(out["Gamma_Zp.total"]), rel=1e-9)
    # below 2 m_mu only e+e- and nu nu are open: Gamma_total = sum of the two (GeV + GeV)
    total = float(out["Gamma_Zp.e_e"]) + float(out["Gamma_Zp.nu_nu"])
    assert np.isfinite(total) and float(out["Gamma_Zp.total"]) == pytest.approx(total, rel=1e-12)


def test_shipped_data_sets_only_name_known_observables():
    known = known_observables()
    for name in ("hkot2020", "current"):
        # a recast search constrains recast.<its own key>, computed from its published limit
        assert {e.observable for e in load_dataset(name) if e.observable != f"recast.{e.key}"} <= known
    assert not any(o.computed for o in DATA_ONLY.values())
    assert not set(DATA_ONLY) & set().union(*(set(t) for t in kernel_outputs().values()))
