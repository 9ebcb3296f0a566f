"""Data sets: contents against inputs.md / the cited papers, loader behaviour, DataError messages."""
import math
import textwrap

import numpy as np
import pytest

from modelgen.data import builtin_datasets, load_dataset
from modelgen.errors import DataError


@pytest.fixture(scope="module", params=["hkot2020", "current"])
def ds(request):
    return load_dataset(request.param)


def test_builtins_listed():
    assert {"hkot2020", "current"} <= set(builtin_datasets())


def test_every_entry_has_source_date_and_status(ds):
    assert len(ds) > 20
    for e in ds:
        assert e.source.strip() and e.date.strip(), e.key
        assert set(e.verified.split("/")) <= set("VMD"), e.key
        assert e.file.endswith(".toml") and e.line > 0, e.key


def test_hkot2020_g2_values():
    ds = load_dataset("hkot2020")
    (amu,) = ds["delta_a_mu"]
    # WP2020 (arXiv:2006.04822): E821 116592089(63)e-11 minus SM 116591810(43)e-11 -> 279(76)e-11
    assert amu.value == pytest.approx(279e-11) and amu.uncertainty == pytest.approx(76e-11)
    assert amu.value == pytest.approx(116592089e-11 - 116591810e-11, rel=1e-6)
    assert math.hypot(63, 43) == pytest.approx(76, abs=0.3)
    (ae,) = ds["delta_a_e"]  # alpha(Cs 2018), Parker et al. arXiv:1812.04130
    assert ae.value == pytest.approx(-0.88e-12) and ae.uncertainty == pytest.approx(0.36e-12)
    (mx,) = ds["M_Zp"]  # ATOMKI 2016: 16.70 +- 0.35 +- 0.5 MeV, stored in GeV
    assert mx.value == pytest.approx(16.70e-3) and mx.uncertainty == pytest.approx(math.hypot(0.35, 0.5) * 1e-3, rel=0.01)


def test_current_g2_values_and_alpha_choice():
    ds = load_dataset("current")
    (amu,) = ds["delta_a_mu"]
    # inputs.md: WA 116592071.5(14.5)e-11 minus WP25 116592033(62)e-11
    assert amu.value == pytest.approx(116592071.5e-11 - 116592033e-11, rel=1e-6)
    assert amu.uncertainty == pytest.approx(63e-11)
    (cs,) = ds["delta_a_e"]
    assert cs.key == "delta_a_e_Cs" and cs.value == pytest.approx(-1.02e-12) and cs.uncertainty == pytest.approx(0.26e-12)
    rb_set = ds.select("delta_a_e_Rb")
    (rb,) = rb_set["delta_a_e"]
    assert rb.value == pytest.approx(0.34e-12) and rb.uncertainty == pytest.approx(0.16e-12)
    assert ds["delta_a_e"][0].key == "delta_a_e_Cs"  # select returns a copy


def test_apv_entry_is_exp_minus_sm():
    for name in ("hkot2020", "current"):
        (q,) = load_dataset(name)["dQW_Cs"]
        d = q.details
        assert q.value == pytest.approx(d["QW_exp"] - d["QW_SM"], abs=1e-9)
        assert q.uncertainty == pytest.approx(math.hypot(d["QW_exp_err"], d["QW_SM_err"]), abs=0.002)


def test_required_constraints_present():
    for name in ("hkot2020", "current"):
        keys = {e.key for e in load_dataset(name)}
        assert {"NA64_2020", "NA48_2", "TEXONO", "KLOE2", "E141", "eps_n_Feng", "eps_e_Feng", "dQW_Cs"} <= keys
    na64 = load_dataset("current").entry("NA64_2020")  # arXiv:1912.11389: 1.2e-4 < eps_e < 6.8e-4 excluded
    assert (na64.observable, na64.kind, na64.limit, na64.cl) == ("recast.NA64_2020", "upper_limit", 1.0, 0.90)
    d = na64.details  # the stored dark-photon curve agrees with the abstract's X17 numbers to 3%
    edges = [np.interp(16.7, d["m_MeV"], d[k]) for k in ("eps_lower", "eps_upper")]
    assert edges == pytest.approx([1.2e-4, 6.8e-4], rel=0.03)


def test_unknown_set_names_file():
    with pytest.raises(DataError, match=r"unknown data set 'nosuchset'.*nosuchset\.toml"):
        load_dataset("nosuchset")


def _write(tmp_path, name, body):
    p = tmp_path / name
    p.write_text(textwrap.dedent(body).lstrip())
    return p


def test_syntax_error_names_file_and_line(tmp_path):
    p = _write(tmp_path, "bad.toml", """
        name = "bad"

        [delta_a_mu]
        value = 1.0e-9 2
        """)
    with pytest.raises(DataError) as err:
        load_dataset(p)
    msg = str(err.value)
    assert str(p) in msg and ":4:" in msg and "[delta_a_mu]" in msg


def test_semantic_error_names_file_key_and_line(tmp_path):
    p = _write(tmp_path, "sem.toml", """
        name = "sem"

        [fine]
        observable = "x"
        kind = "measurement"
        value = 1.0
        uncertainty = 0.1
        source = "s"
        date = "2020"
        verified = "V"

        [broken]
        observable = "y"
        kind = "measurement"
        value = "large"
        uncertainty = 0.1
        source = "s"
        date = "2020"
        verified = "V"
        """)
    with pytest.raises(DataError, match=rf"{p}:15: entry \[broken\]\.value"):
        load_dataset(p)


@pytest.mark.parametrize("field, bad, pattern", [
    ("kind", '"guess"', r"\[e\]\.kind.*unknown kind"),
    ("verified", '"X"', r"\[e\]\.verified"),
    ("unit", '"furlong"', r"\[e\]\.unit"),
    ("typo_field", "1", r"\[e\]\.typo_field.*unknown field"),
])
def test_semantic_errors(tmp_path, field, bad, pattern):
    fields = {"observable": '"x"', "kind": '"upper_limit"', "limit": "1.0", "cl": "0.9",
              "source": '"s"', "date": '"2020"', "verified": '"V"'}
    fields[field] = bad
    p = tmp_path / "e.toml"
    p.write_text("[e]\n" + "".join(f"{k} = {v}\n" for k, v in fields.items()))
    line = 2 + list(fields).index(field)
    with pytest.raises(DataError, match=rf"{p}:{line}: entry " + pattern):
        load_dataset(p)


def test_missing_source_is_an_error(tmp_path):
    p = _write(tmp_path, "nosrc.toml", """
        [e]
        observable = "x"
        kind = "info"
        value = 1.0
        date = "2020"
        verified = "V"
        """)
    with pytest.raises(DataError, match=rf"{p}:1: entry \[e\].*source"):
        load_dataset(p)


def test_override_file_extends_current(tmp_path):
    p = _write(tmp_path, "mine.toml", """
        name = "mine"
        extends = "current"

        [delta_a_mu]
        value = 2.51e-9
        uncertainty = 0.59e-9

        [my_new_limit]
        observable = "BR_mu_3e"
        kind = "upper_limit"
        limit = 1e-15
        cl = 0.9
        source = "a future Mu3e result"
        date = "2030"
        verified = "M"
        """)
    ds = load_dataset(str(p))
    (amu,) = ds["delta_a_mu"]
    assert amu.value == 2.51e-9 and amu.uncertainty == 0.59e-9
    assert amu.source == load_dataset("current")["delta_a_mu"][0].source  # inherited fields kept
    assert amu.file == str(p)
    assert {e.key for e in ds["BR_mu_3e"]} == {"SINDRUM_mu_3e", "my_new_limit"}
    assert ds.name == "mine" and len(ds.files) == 2


def test_override_error_names_override_file(tmp_path):
    p = _write(tmp_path, "o.toml", """
        extends = "hkot2020"

        [delta_a_mu]
        uncertainty = -1.0
        """)
    with pytest.raises(DataError, match=rf"{p}:4: entry \[delta_a_mu\]\.uncertainty"):
        load_dataset(p)


def test_extends_unknown_and_cycle(tmp_path):
    p = _write(tmp_path, "u.toml", 'extends = "nope"\n')
    with pytest.raises(DataError, match=rf"{p}:1: extends: unknown data set 'nope'"):
        load_dataset(p)
    a = _write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    _write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(DataError, match="cycle"):
        load_dataset(a)


def test_two_active_choices_rejected(tmp_path):
    p = _write(tmp_path, "c.toml", """
        extends = "current"

        [delta_a_e_Rb]
        active = true
        """)
    with pytest.raises(DataError, match=r"choice group 'delta_a_e'"):
        load_dataset(p)


def _one_entry(tmp_path, **fields):
    base = {"observable": '"delta_a_mu"', "kind": '"measurement"', "value": "1e-9", "uncertainty": "1e-10",
            "source": '"s"', "date": '"2020"', "verified": '"V"'}
    base.update(fields)
    p = tmp_path / "one.toml"
    p.write_text("[e]\n" + "".join(f"{k} = {v}\n" for k, v in base.items()))
    return p, 2 + list(base).index(next(iter(fields)))


def test_unknown_observable_is_an_error_with_suggestion(tmp_path):
    p, line = _one_entry(tmp_path, observable='"delta_a_muu"')
    with pytest.raises(DataError, match=rf"{p}:{line}: entry \[e\]\.observable: unknown observable "
                                        r"'delta_a_muu'; did you mean 'delta_a_mu'"):
        load_dataset(p)
    p, _ = _one_entry(tmp_path, observable='"ctau_zp"')
    with pytest.raises(DataError, match=r"did you mean 'ctau_Zp'"):
        load_dataset(p)
    # extra names (a user model's outputs) are accepted when passed explicitly
    assert load_dataset(p, observables={"ctau_zp"}).observables == ["ctau_zp"]


def test_unknown_observable_in_extending_file(tmp_path):
    p = _write(tmp_path, "ext.toml", """
        extends = "current"

        [NA64_2020]
        observable = "eps_V.ee"
        """)
    with pytest.raises(DataError, match=rf"{p}:4: entry \[NA64_2020\]\.observable: unknown observable 'eps_V.ee'"):
        load_dataset(p)


@pytest.mark.parametrize("field, bad", [("value", "nan"), ("uncertainty", "inf"), ("value", "-inf")])
def test_non_finite_numbers_rejected(tmp_path, field, bad):
    p, line = _one_entry(tmp_path, **{field: bad})
    with pytest.raises(DataError, match=rf"{p}:{line}: entry \[e\]\.{field}: '{field}' must be a finite number"):
        load_dataset(p)


@pytest.mark.parametrize("kind, fields", [
    ("upper_limit", {"limit": "inf", "cl": "0.9"}),
    ("lower_limit", {"limit": "nan", "cl": "0.9"}),
    ("excluded_band", {"lower": "1e-4", "upper": "inf", "cl": "0.9"}),
    ("allowed_band", {"lower": "-inf", "upper": "1.0"}),
])
def test_non_finite_limits_rejected(tmp_path, kind, fields):
    body = {"observable": '"eps_VA.e"', "kind": f'"{kind}"', "source": '"s"', "date": '"2020"',
            "verified": '"V"', **fields}
    p = tmp_path / "lim.toml"
    p.write_text("[lim]\n" + "".join(f"{k} = {v}\n" for k, v in body.items()))
    bad = next(k for k, v in fields.items() if v in ("inf", "-inf", "nan"))
    with pytest.raises(DataError, match=rf"entry \[lim\]\.{bad}: '{bad}' must be a finite number"):
        load_dataset(p)
