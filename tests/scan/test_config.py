"""Bad scan configs: one line naming the key, exit code 2, no traceback, no file touched."""
import pytest

from modelgen.cli import main
from modelgen.scan import ScanConfigError, load_config

GOOD = ('model = "bl"\npoints = 100\nchunk = 50\noutput = "out.parquet"\n'
        '[parameters]\neps_k = {min = -1e-3, max = 1e-3}\n')


@pytest.mark.parametrize("text, message", [
    (GOOD.replace("points = 100", "points = -5"), "key 'points' must be a positive integer (got -5)"),
    (GOOD.replace("points = 100", "points = 2.5"), "key 'points' must be a positive integer (got 2.5)"),
    ('sampling = "sobal"\n' + GOOD, "key 'sampling' must be one of random, grid, lhs, sobol (got 'sobal')"),
    (GOOD.replace("points = 100", "pointz = 100"), "unknown key 'pointz'; did you mean 'points'?"),
    (GOOD.replace("chunk = 50", "chunk = 0"), "key 'chunk' must be a positive integer (got 0)"),
    (GOOD.replace("{min = -1e-3, max = 1e-3}", "{min = 0, max = 1, log = true}"),
     "key 'parameters.eps_k' is log-sampled and needs min > 0 (got min = 0)"),
    (GOOD.replace("{min = -1e-3, max = 1e-3}", "{min = 1, max = -1}"), "key 'parameters.eps_k' needs min < max"),
    (GOOD.replace("{min = -1e-3, max = 1e-3}", "{min = -1e-3, max = 1e-3, n = 5}"),
     "key 'parameters.eps_k.n' is only used with sampling = \"grid\""),
    ('sampling = "grid"\n' + GOOD, "key 'parameters.eps_k' needs 'n'"),
    (GOOD.replace("{min = -1e-3, max = 1e-3}", "{min = -1e-3, max = 1e-3, step = 2}"),
     "unknown key 'parameters.eps_k.step'"),
    (GOOD.replace("{min = -1e-3, max = 1e-3}", '"big"'), "key 'parameters.eps_k' must be a number (got 'big')"),
    (GOOD.replace("out.parquet", "out.xlsx"), "key 'output' must be a file name ending in .parquet or .csv"),
    (GOOD.replace('"bl"', '"bll"'), "key 'model' must be one of"),
    (GOOD.replace("points = 100", "points = ["), "not valid TOML"),
])
def test_config_errors_name_the_key(tmp_path, text, message):
    cfg = tmp_path / "s.toml"
    cfg.write_text(text)
    with pytest.raises(ScanConfigError) as exc:
        load_config(cfg)
    assert str(exc.value).startswith("error in s.toml: ") and message in str(exc.value)


@pytest.mark.parametrize("text, message", [
    (GOOD.replace("points = 100", "points = -5"),
     "modelgen scan: error in s.toml: key 'points' must be a positive integer (got -5)\n"),
    (GOOD.replace("eps_k =", "eps_kk ="), "unknown parameter 'parameters.eps_kk' for model 'bl'; did you mean eps_k?"),
    (GOOD.replace("{min = -1e-3, max = 1e-3}", "{min = -1e-3, max = 5}"),
     "key 'parameters.eps_k' = [-0.001, 5] leaves the allowed range"),
    ('columns = ["delta_a_mu", "eps_V.ee"]\n' + GOOD, "key 'columns': unknown output 'eps_V.ee'; did you mean eps_V.e"),
])
def test_cli_bad_config_exits_2_without_touching_files(tmp_path, capsys, text, message):
    cfg = tmp_path / "s.toml"
    cfg.write_text(text)
    out = tmp_path / "out.parquet"
    out.write_bytes(b"previous results")
    with pytest.raises(SystemExit) as exc:
        main(["scan", "--config", str(cfg), "--quiet"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and message in err and "Traceback" not in err and err.count("\n") == 1
    assert out.read_bytes() == b"previous results"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.parquet", "s.toml"]
