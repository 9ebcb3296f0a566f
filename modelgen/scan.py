"""Scan stage: evaluate a model on a random or grid sample of its parameters, in chunks.

Config (TOML), e.g.::

    model = "bl_vll"
    sampling = "random"          # or "grid"
    points = 100000              # random: number of points (grid: product of the "n" values)
    seed = 1
    chunk = 20000
    data = "hkot2020"            # optional: adds chi2 and pull.<observable>
    output = "scan.csv"
    columns = ["eps_V.e", "delta_a_mu", "chi2"]   # optional subset (parameters are always written)

    [parameters]
    eps_k = {min = -1e-2, max = 1e-2}             # uniform
    M_L1 = {min = 100, max = 2000, log = true}    # log-uniform
    g_BL = 1.6e-3                                 # fixed
    # grid sampling: eps_k = {min = ..., max = ..., n = 50}

Output: CSV with one row per point (parameters, requested outputs, status); a tqdm progress bar
shows the chunks.  Unknown keys or parameters raise ParameterError naming them.
"""
from __future__ import annotations

import itertools
import tomllib
from pathlib import Path

import numpy as np

from .errors import ParameterError

__all__ = ["run_scan", "sample"]

_KEYS = {"model", "sampling", "points", "seed", "chunk", "data", "output", "columns", "parameters"}


def _axis(name, spec, n_default):
    if not isinstance(spec, dict):
        return np.array([float(spec)])
    unknown = set(spec) - {"min", "max", "log", "n"}
    if unknown or "min" not in spec or "max" not in spec:
        raise ParameterError(f"scan parameter {name!r}: expected {{min, max[, log][, n]}}, got {spec}")
    lo, hi, n = float(spec["min"]), float(spec["max"]), int(spec.get("n", n_default))
    if spec.get("log"):
        if lo <= 0 or hi <= 0:
            raise ParameterError(f"scan parameter {name!r}: log sampling needs min, max > 0")
        return np.geomspace(lo, hi, n)
    return np.linspace(lo, hi, n)


def sample(config: dict, rng: np.random.Generator):
    """Yield dicts of parameter arrays, ``config['chunk']`` points at a time."""
    specs = config.get("parameters", {})
    chunk = int(config.get("chunk", 20000))
    if config.get("sampling", "random") == "grid":
        axes = {k: _axis(k, v, 10) for k, v in specs.items()}
        grid = itertools.product(*axes.values())
        while True:
            block = list(itertools.islice(grid, chunk))
            if not block:
                return
            arr = np.array(block)
            yield {k: arr[:, i] for i, k in enumerate(axes)}
    total = int(config.get("points", 1000))
    for start in range(0, total, chunk):
        n = min(chunk, total - start)
        pts = {}
        for k, v in specs.items():
            if isinstance(v, dict):
                _axis(k, v, 2)  # validates the spec
                lo, hi = float(v["min"]), float(v["max"])
                pts[k] = (np.exp(rng.uniform(np.log(lo), np.log(hi), n)) if v.get("log")
                          else rng.uniform(lo, hi, n))
            else:
                pts[k] = np.full(n, float(v))
        yield pts


def run_scan(config_path, progress=True):
    """Run the scan described by a TOML file; returns the output path."""
    from tqdm import tqdm

    from .evaluate import evaluator
    path = Path(config_path)
    config = tomllib.loads(path.read_text())
    unknown = set(config) - _KEYS
    if unknown:
        raise ParameterError(f"{path}: unknown scan key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KEYS))}")
    ev = evaluator(config["model"], build=True)
    rng = np.random.default_rng(config.get("seed", 0))
    out_path = path.parent / config.get("output", f"{path.stem}.csv")
    columns = config.get("columns")
    header = None
    sampling = config.get("sampling", "random")
    n_chunks = None if sampling == "grid" else -(-int(config.get("points", 1000)) // int(config.get("chunk", 20000)))
    with open(out_path, "w") as fh:
        for pts in tqdm(sample(config, rng), total=n_chunks, disable=not progress, unit="chunk",
                        desc=f"scan {config['model']}"):
            res = ev(pts, data=config.get("data"))
            names = list(ev.parameters) + [c for c in (columns or ev.outputs) if c not in ev.parameters]
            if "chi2" in res and "chi2" not in names:
                names.append("chi2")
            names.append("status")
            missing = [c for c in names if c not in res]
            if missing:
                raise ParameterError(f"{path}: unknown output column(s) {', '.join(missing)}")
            if header is None:
                header = names
                fh.write(",".join(header) + "\n")
            n = len(next(iter(pts.values())))
            block = np.column_stack([np.broadcast_to(np.asarray(res[c], float), (n,)) for c in header])
            np.savetxt(fh, block, delimiter=",", fmt="%.17g")  # round-trips doubles
    return out_path
