"""``modelgen fit --config fit.toml``: a validated TOML fit description in, printed result and files out.

Config::

    model = "bl_vll"
    data = "current"              # built-in name or a .toml path (relative to this file)
    method = "migrad"             # migrad | minos | scipy
    multistart = 50               # uniform seeds ranked in one batched call; best `keep` minimised
    seed = 1
    keep = 3
    limits = "gaussian"           # chi2 options (see modelgen.observables.chi2)
    bands = "penalty"
    output = "fit.json"           # optional: the result as JSON

    [free]                        # [min, max] or {min = ., max = ., start = .}
    g_BL = [1e-4, 1e-2]
    M_Zp = {min = 0.015, max = 0.019, start = 0.0168}

    [fixed]
    eps_k = 1e-3

    [profile]                     # optional profile-likelihood scan of one parameter
    parameter = "g_BL"
    min = 1e-3
    max = 3e-3
    n = 21
    log = false
    output = "profile.csv"        # .csv or .parquet (needs pandas + pyarrow)

Every problem raises :class:`~modelgen.errors.ParameterError` naming the file and the key.
"""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np

from modelgen.errors import ParameterError

__all__ = ["load_config", "run_config", "write_table"]

_KEYS = {"model", "data", "method", "multistart", "seed", "keep", "limits", "bands", "tolerance", "output",
         "free", "fixed", "profile"}
_PROFILE_KEYS = {"parameter", "min", "max", "n", "log", "output", "multistart"}


def _free(path, free):
    if not isinstance(free, dict) or not free:
        raise ParameterError(f"{path}: [free] must list at least one parameter as name = [min, max]")
    boxes, start = {}, {}
    for name, spec in free.items():
        if isinstance(spec, dict):
            unknown = set(spec) - {"min", "max", "start"}
            if unknown or not {"min", "max"} <= set(spec):
                raise ParameterError(f"{path}: free.{name}: expected {{min, max[, start]}}, got {spec}")
            boxes[name] = (spec["min"], spec["max"])
            if "start" in spec:
                start[name] = float(spec["start"])
        elif isinstance(spec, list) and len(spec) == 2:
            boxes[name] = tuple(spec)
        else:
            raise ParameterError(f"{path}: free.{name}: expected [min, max] or {{min, max, start}}, got {spec!r}")
        if not all(isinstance(b, (int, float)) for b in boxes[name]):
            raise ParameterError(f"{path}: free.{name}: min and max must be numbers, got {boxes[name]!r}")
    return boxes, start


def load_config(path) -> dict:
    """Parsed and checked config (keys as in the module docstring); paths resolved against the file."""
    path = Path(path)
    try:
        cfg = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ParameterError(f"{path}: cannot read fit config: {exc}") from None
    unknown = set(cfg) - _KEYS
    if unknown:
        raise ParameterError(f"{path}: unknown fit key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KEYS))}")
    for key in ("model", "data"):
        if not isinstance(cfg.get(key), str):
            raise ParameterError(f"{path}: '{key}' is required (a string)")
    cfg["free"], cfg["start"] = _free(path, cfg.get("free"))
    fixed = cfg.get("fixed", {})
    if not isinstance(fixed, dict) or not all(isinstance(v, (int, float)) for v in fixed.values()):
        raise ParameterError(f"{path}: [fixed] must map parameter names to numbers")
    for key in ("multistart", "seed", "keep"):
        if key in cfg and (not isinstance(cfg[key], int) or cfg[key] < 0):
            raise ParameterError(f"{path}: '{key}' must be a non-negative integer, got {cfg[key]!r}")
    data = cfg["data"]
    if data.endswith(".toml") and not Path(data).is_absolute():
        cfg["data"] = str(path.parent / data)
    prof = cfg.get("profile")
    if prof is not None:
        bad = set(prof) - _PROFILE_KEYS if isinstance(prof, dict) else {"(not a table)"}
        if bad or not {"parameter", "min", "max"} <= set(prof):
            raise ParameterError(f"{path}: [profile] needs parameter, min, max (optional n, log, output, "
                                 f"multistart); offending: {', '.join(sorted(bad)) or 'missing keys'}")
    cfg["_dir"] = path.parent
    return cfg


def write_table(table: dict, path) -> Path:
    """Write a dict of equal-length arrays as CSV (or Parquet for a .parquet path)."""
    path = Path(path)
    if path.suffix == ".parquet":
        try:
            import pandas as pd
            pd.DataFrame(table).to_parquet(path)
        except ImportError as exc:
            raise ParameterError(f"{path}: writing Parquet needs pandas and pyarrow ({exc}); use a .csv output") from None
        return path
    cols = list(table)
    block = np.column_stack([np.asarray(table[c], float) for c in cols])
    np.savetxt(path, block, delimiter=",", header=",".join(cols), comments="", fmt="%.17g")
    return path


def run_config(path, echo=print):
    """Run the fit (and profile) of a config file; returns the FitResult."""
    from modelgen.fitting import fit, profile

    from modelgen.data import load_dataset
    from modelgen.evaluate import evaluator

    cfg = load_config(path)
    ev, data = evaluator(cfg["model"]), load_dataset(cfg["data"])
    prof = cfg.get("profile")
    if prof and prof["parameter"] not in ev.parameters:
        raise ParameterError(f"{path}: profile.parameter {prof['parameter']!r} is not a parameter of model "
                             f"{ev.model!r} (parameters: {', '.join(ev.parameters)})")
    opts = {k: cfg[k] for k in ("limits", "bands", "tolerance") if k in cfg}
    common = dict(fixed=cfg.get("fixed"), method=cfg.get("method", "migrad"), seed=cfg.get("seed"),
                  chi2_options={"limits": "gaussian", "bands": "penalty", **opts})
    res = fit(ev, data, cfg["free"], start=cfg["start"] or None,
              multistart=cfg.get("multistart", 0), keep=cfg.get("keep", 3), **common)
    echo(str(res))
    if "output" in cfg:
        out = cfg["_dir"] / cfg["output"]
        out.write_text(json.dumps(res.as_dict(), indent=1))
        echo(f"wrote {out}")
    if prof:
        lo, hi, n = float(prof["min"]), float(prof["max"]), int(prof.get("n", 21))
        grid = np.geomspace(lo, hi, n) if prof.get("log") else np.linspace(lo, hi, n)
        common["method"] = "scipy" if common["method"] == "scipy" else "migrad"
        table = profile(ev, data, prof["parameter"], grid, free=cfg["free"],
                        multistart=prof.get("multistart", 0), chi2_min=res.chi2 if res.valid else None, **common)
        out = write_table(table, cfg["_dir"] / prof.get("output", f"profile_{prof['parameter']}.csv"))
        echo(f"profile of {prof['parameter']}: {n} points, min chi2 = {np.min(table['chi2']):.4g}; wrote {out}")
    return res
