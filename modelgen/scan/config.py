"""Scan configuration: a TOML file in, a validated :class:`ScanConfig` out.

Everything that can be checked without the compiled model is checked here (keys, types, ranges,
log ranges > 0, points > 0, sampling names, output format); :func:`check_against_model` then
checks the parameter names and ranges against the model.  No file is touched by either, so a bad
config leaves existing outputs unchanged.  Problems raise :class:`ScanConfigError` naming the key.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import ParameterError
from ..models import BUILTIN

__all__ = ["ScanConfig", "Axis", "ScanConfigError", "load_config", "check_against_model",
           "SAMPLINGS", "FORMATS"]

SAMPLINGS = ("random", "grid", "lhs", "sobol")
FORMATS = {".parquet": "parquet", ".csv": "csv"}
_KEYS = ("model", "sampling", "points", "seed", "chunk", "data", "output", "columns", "parameters")
_AXIS_KEYS = ("min", "max", "log", "n")


class ScanConfigError(ParameterError):
    """A scan config that cannot run; ``str()`` is one line naming the file and the key."""

    def __init__(self, path, message):
        super().__init__(f"error in {path}: {message}")
        self.path = path


@dataclass(frozen=True)
class Axis:
    """A scanned parameter: uniform in [lo, hi], or in [log lo, log hi] when ``log``; ``n`` grid nodes."""

    name: str
    lo: float
    hi: float
    log: bool = False
    n: int | None = None


@dataclass(frozen=True)
class ScanConfig:
    """A validated scan.  ``points`` is the total number of points (the grid's product of ``n``)."""

    model: str
    sampling: str
    points: int
    seed: int
    chunk: int
    axes: tuple[Axis, ...]
    fixed: dict = field(default_factory=dict)
    data: str | None = None
    output: Path = Path("scan.parquet")
    columns: tuple[str, ...] | None = None
    source: str = ""

    @property
    def format(self) -> str:
        return FORMATS[self.output.suffix.lower()]

    @property
    def n_chunks(self) -> int:
        return -(-self.points // self.chunk)

    def chunk_range(self, k: int) -> tuple[int, int]:
        """Global point indices [start, stop) of chunk ``k``."""
        start = k * self.chunk
        return start, min(start + self.chunk, self.points)

    def digest(self) -> str:
        """Hash of everything that decides the rows of the output (not where it is written)."""
        d = asdict(self)
        d.pop("output"), d.pop("source")
        d["format"] = self.format
        if self.data is not None and Path(self.data).is_file():
            d["data_content"] = hashlib.sha256(Path(self.data).read_bytes()).hexdigest()
        return hashlib.sha256(json.dumps(d, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _number(err, key, v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise err(f"key '{key}' must be a number (got {v!r})")
    return float(v)


def _int(err, key, v, minimum):
    if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
        what = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise err(f"key '{key}' must be {what} (got {v!r})")
    return v


def _axis(err, name, spec, sampling):
    key = f"parameters.{name}"
    unknown = sorted(set(spec) - set(_AXIS_KEYS))
    if unknown:
        raise err(f"unknown key '{key}.{unknown[0]}' (allowed: {', '.join(_AXIS_KEYS)})")
    for k in ("min", "max"):
        if k not in spec:
            raise err(f"key '{key}' needs '{k}' (a range is {{min = ..., max = ...}}; a fixed value is a number)")
    lo, hi = _number(err, f"{key}.min", spec["min"]), _number(err, f"{key}.max", spec["max"])
    if not lo < hi:
        raise err(f"key '{key}' needs min < max (got min = {lo:g}, max = {hi:g})")
    log = spec.get("log", False)
    if not isinstance(log, bool):
        raise err(f"key '{key}.log' must be true or false (got {log!r})")
    if log and lo <= 0:
        raise err(f"key '{key}' is log-sampled and needs min > 0 (got min = {lo:g})")
    n = spec.get("n")
    if sampling == "grid":
        if n is None:
            raise err(f"key '{key}' needs 'n' (number of grid nodes) with sampling = \"grid\"")
        n = _int(err, f"{key}.n", n, 1)
    elif n is not None:
        raise err(f"key '{key}.n' is only used with sampling = \"grid\" (sampling is {sampling!r})")
    return Axis(name, lo, hi, log, n)


def load_config(path) -> ScanConfig:
    """Read and validate a scan config file (relative ``output``/``data`` paths are relative to it)."""
    path = Path(path)
    err = lambda msg: ScanConfigError(path.name, msg)  # noqa: E731
    try:
        raw = tomllib.loads(path.read_text())
    except FileNotFoundError:
        raise ScanConfigError(path, "no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise err(f"not valid TOML: {exc}") from None
    unknown = [k for k in raw if k not in _KEYS]
    if unknown:
        near = difflib.get_close_matches(unknown[0], _KEYS, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else f" (known keys: {', '.join(_KEYS)})"
        raise err(f"unknown key '{unknown[0]}'{hint}")
    if raw.get("model") not in BUILTIN:
        near = difflib.get_close_matches(str(raw.get("model")), BUILTIN, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise err(f"key 'model' must be one of {', '.join(BUILTIN)} (got {raw.get('model')!r}){hint}")
    sampling = raw.get("sampling", "random")
    if sampling not in SAMPLINGS:
        raise err(f"key 'sampling' must be one of {', '.join(SAMPLINGS)} (got {sampling!r})")
    seed = _int(err, "seed", raw.get("seed", 0), 0)
    chunk = _int(err, "chunk", raw.get("chunk", 20000), 1)
    params = raw.get("parameters", {})
    if not isinstance(params, dict):
        raise err("key 'parameters' must be a table of name = value or name = {min, max}")
    axes, fixed = [], {}
    for name, spec in params.items():
        if isinstance(spec, dict):
            axes.append(_axis(err, name, spec, sampling))
        else:
            fixed[name] = _number(err, f"parameters.{name}", spec)
    if not axes:
        raise err("key 'parameters' has no range to scan: give at least one parameter {min = ..., max = ...}")
    if sampling == "grid":
        points = 1
        for a in axes:
            points *= a.n
        if "points" in raw and raw["points"] != points:
            raise err(f"key 'points' = {raw['points']!r} differs from the grid's product of 'n' ({points}); omit it")
    else:
        if "points" not in raw:
            raise err(f"key 'points' is required with sampling = {sampling!r}")
        points = _int(err, "points", raw["points"], 1)
    output = raw.get("output", f"{path.stem}.parquet")
    if not isinstance(output, str) or Path(output).suffix.lower() not in FORMATS:
        raise err(f"key 'output' must be a file name ending in {' or '.join(FORMATS)} (got {output!r})")
    columns = raw.get("columns")
    if columns is not None and (not isinstance(columns, list) or not all(isinstance(c, str) for c in columns)):
        raise err(f"key 'columns' must be a list of output names (got {columns!r})")
    data = raw.get("data")
    if data is not None:
        if not isinstance(data, str):
            raise err(f"key 'data' must be a data-set name or file (got {data!r})")
        if (path.parent / data).is_file():
            data = str((path.parent / data).resolve())
    return ScanConfig(model=raw["model"], sampling=sampling, points=points, seed=seed, chunk=chunk,
                      axes=tuple(axes), fixed=fixed, data=data, output=path.parent / output,
                      columns=None if columns is None else tuple(columns), source=path.name)


def check_against_model(cfg: ScanConfig, parameters: dict) -> None:
    """Every scanned or fixed name is a parameter of the model and stays inside its allowed range.

    ``parameters`` is ``Evaluator.parameters`` (name -> {unit, lower, upper, ...}).
    """
    err = lambda msg: ScanConfigError(cfg.source, msg)  # noqa: E731
    bounds = {a.name: (a.lo, a.hi) for a in cfg.axes} | {k: (v, v) for k, v in cfg.fixed.items()}
    for name, (lo, hi) in bounds.items():
        if name not in parameters:
            near = difflib.get_close_matches(name, parameters, n=3)
            hint = f"; did you mean {', '.join(near)}?" if near else f" (parameters: {', '.join(parameters)})"
            raise err(f"unknown parameter 'parameters.{name}' for model {cfg.model!r}{hint}")
        info = parameters[name]
        if lo < info["lower"] or hi > info["upper"]:
            unit = f" {info['unit']}" if info["unit"] else ""
            raise err(f"key 'parameters.{name}' = [{lo:g}, {hi:g}]{unit} leaves the allowed range "
                      f"[{info['lower']:g}, {info['upper']:g}]{unit}")
