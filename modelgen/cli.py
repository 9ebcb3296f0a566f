"""Command-line interface: ``modelgen list | derive | generate | eval | scan | plot | fit | demo``.

Each sub-command is one pipeline stage made inspectable (DESIGN.md "Every stage inspectable").
User mistakes (bad parameter values, unknown data sets, unreadable files) end with one line
``modelgen: error: ...`` on stderr and exit code 2, never a traceback.  ``--json`` output is
strict JSON: NaN is ``null`` and ±infinity the strings ``"inf"``/``"-inf"``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib

import numpy as np

from . import __version__
from .errors import ModelgenError, ParameterError
from .models import BUILTIN, load_model
from .observables.registry import lookup, model_outputs, unit_text

__all__ = ["main"]

DEMO_MODEL = "bl_vll"


def _json_safe(x):
    """Strict-JSON form of ``x``: NaN -> None, ±inf -> "inf"/"-inf", NumPy scalars -> Python."""
    if isinstance(x, dict):
        return {k: _json_safe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_json_safe(v) for v in x]
    if isinstance(x, (float, np.floating)):
        x = float(x)
        return None if np.isnan(x) else ("inf" if x > 0 else "-inf") if np.isinf(x) else x
    if isinstance(x, np.integer):
        return int(x)
    return x


def _dumps(obj):
    return json.dumps(_json_safe(obj), indent=1, allow_nan=False)


def _cmd_list(args):
    names = [args.model] if args.model else list(BUILTIN)
    info = {}
    for name in names:
        m = load_model(name)
        info[name] = {"description": m.description,
                      "parameters": [p.as_dict() for p in m.parameters.values()]}
        if args.outputs or (args.json and args.model):
            info[name]["outputs"] = model_outputs(name)
    if args.json:
        print(_dumps(info))
        return
    for name, d in info.items():
        print(f"{name}: {d['description']}")
        if not args.outputs:
            for p in d["parameters"]:
                print(f"    {p['name']:<8} default {p['default']!s:<22} {unit_text(p['unit']):<16} "
                      f"range [{p['range'][0]:g}, {p['range'][1]:g}]  {p['description']}")
            continue
        width = max(len(o["name"]) for o in d["outputs"])
        print(f"    {len(d['outputs'])} outputs (name, unit, meaning):")
        for o in d["outputs"]:
            print(f"    {o['name']:<{width}}  {unit_text(o['unit']):<16} {o['description']}")


def _cmd_derive(args):
    d = load_model(args.model).derive()
    if args.format == "json":
        print(d.json())
    elif args.format == "latex":
        print(d.latex(exact=args.exact))
    else:
        print(d.text(exact=args.exact))


def _generate_one(name, output_dir, check):
    """(paths, None) or (None, error text): one model rendered (or checked) in a worker process."""
    from . import generate
    try:
        return generate(load_model(name), output_dir=output_dir, check=check), None
    except ModelgenError as exc:
        return None, str(exc)


def _cmd_generate(args):
    """Render (or check) the models, several at once on every core: each model's derivation is
    independent and single-threaded SymPy, so ``generate --all`` takes about the longest model's time
    per core instead of the sum.  Every model is tried; the failures are reported together."""
    import os
    from concurrent.futures import ProcessPoolExecutor
    names = list(BUILTIN) if args.all or not args.model else [args.model]
    workers = min(len(names), os.cpu_count() or 1)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_generate_one, names, [args.output_dir] * len(names),
                                    [args.check] * len(names)))
    else:
        results = [_generate_one(name, args.output_dir, args.check) for name in names]
    failed = []
    for name, (paths, error) in zip(names, results):
        if error is not None:
            failed.append(error)
            continue
        for path in paths:
            print(("in sync: " if args.check else "wrote ") + str(path))
    if failed:
        raise ModelgenError("\n".join(failed))


def _parse_assignments(items):
    """{name: float} from ``-p name=value`` items; a value that is not a real number is a
    ParameterError naming the parameter (complex values included)."""
    out = {}
    for item in items or ():
        if "=" not in item:
            raise ParameterError(f"-p expects name=value, got {item!r}")
        k, v = (x.strip() for x in item.split("=", 1))
        if k in out:
            raise ParameterError(f"parameter {k!r} given twice (-p {k}=...); give each parameter once")
        try:
            out[k] = float(v)
        except ValueError:
            kind = "a complex number" if _is_complex(v) else "not a number"
            raise ParameterError(f"parameter {k!r}: value {v!r} is {kind}; parameters take real values, "
                                 f"e.g. -p {k}=1e-3") from None
    return out


def _is_complex(text):
    try:
        complex(text.replace("i", "j"))
    except ValueError:
        return False
    return True


def _evaluate(model, params, build=True):
    from .evaluate import evaluator
    ev = evaluator(model, build=build, progress=lambda msg: print(f"[modelgen] {msg} ...", file=sys.stderr))
    return ev, ev(params)


def _cmd_eval(args):
    ev, out = _evaluate(args.model, _parse_assignments(args.p), build=not args.no_build)
    _print_point(ev, out, args.json, args.data)


def _units(ev):
    """{name: unit} of everything ``ev`` returns: parameters, kernel outputs, registry entries."""
    units = {n: p["unit"] for n, p in ev.parameters.items()}
    units.update({o[0]: o[1] for o in ev.module.OUTPUTS})
    return units


def _unit(units, name):
    if name in units:
        return units[name]
    meta = lookup(name)
    return meta.unit if meta is not None else ""


def _print_point(ev, out, as_json=False, data=None):
    """One point: every output with its unit (the evaluator already attached the Z' observables),
    then the comparison table with ``data`` and the χ² summary line."""
    status = int(out["status"])
    units = _units(ev)
    if as_json:
        print(_dumps({k: float(np.asarray(v)) for k, v in out.items()} |
                     {"status_reasons": ev.describe_status(status), "units": {k: _unit(units, k) for k in out}}))
        return
    for k, v in out.items():
        if k != "status":
            print(f"{k:>22} = {float(np.asarray(v)): .10g} {unit_text(_unit(units, k))}")
    print(f"{'status':>22} = {status}" + "".join(f"\n{'':>25}{r}" for r in ev.describe_status(status)))
    if data:
        _print_comparison(out, data)


def _print_comparison(out, data):
    from .data import load_dataset
    from .observables.likelihood import format_table, summary, table
    ds = load_dataset(data)
    rows = table(out, ds)
    print(f"\nobservables vs data set {ds.name!r} ({', '.join(ds.files)}):")
    print(format_table(rows))
    print(summary(rows))


def _cmd_demo(args):
    t0 = time.perf_counter()
    model = load_model(args.model)
    d = model.derive()
    t1 = time.perf_counter()
    print(f"modelgen {__version__} demo: model {model.name!r} ({model.description})")
    shown = [f for f in ("e", "nu_e", "u", "d") if f in model.states]
    new = d.new_vectors
    if new:
        print(f"[1/3] derived gauge sector and couplings in {t1 - t0:.1f} s; {new[0]} couplings before "
              f"lepton mixing (units of e):")
        for f in shown:
            ev_, ea_ = d.vertex_va(new[0], f)
            print(f"        eps_V({f}) = {d.leading_order(ev_)},  eps_A({f}) = {d.leading_order(ea_)}")
    else:
        z = d.electroweak_vector
        print(f"[1/3] derived gauge sector and couplings in {t1 - t0:.1f} s; {z} couplings (no new vector "
              f"in this model):")
        for f in shown:
            gl, gr = d.vertex(z, f)
            print(f"        g_L({z},{f}) = {d.pretty(gl)},  g_R({z},{f}) = {d.pretty(gr)}")
    if d.fermions is not None:
        print(d.mass_matrix_text())
    ev, out = _evaluate(model, {})
    t2 = time.perf_counter()
    print(f"[2/3] evaluator ready in {t2 - t1:.1f} s ({ev})")
    print(f"[3/3] default point of {model.name!r}:")
    from .derive.names import bsm_couplings
    show = [p for p in map(d.mass_parameter, new) if p] + ["M_Z", "M_W"] + [c.name for c in bsm_couplings(model)] + \
        ["eps_V.e", "eps_A.e", "eps_V.p", "eps_V.n", "eps_L.nu_e", "a_e", "a_mu"] + \
        [k for k in ev.outputs if k.startswith("a_mu.")] + ["delta_a_e", "delta_a_mu"] + \
        [k for k in ev.outputs if k.startswith("delta_a_mu.")] + ["max_coupling"] + \
        [k for k in ev.outputs if k.startswith("ctau_")]
    units = _units(ev)
    for k in show:
        if k in out:
            print(f"{k:>22} = {float(out[k]): .6g} {unit_text(_unit(units, k))}")
    reasons = ev.describe_status(int(out["status"]))
    print(f"{'status':>22} = {int(out['status'])}" + "".join(f"; {r}" for r in reasons))
    if args.data:
        from .data import load_dataset
        from .observables.likelihood import format_table, summary, table
        ds = load_dataset(args.data)
        rows = table(out, ds)
        computed = [r for r in rows if r.status != "missing"]
        print(f"\nobservables vs data set {ds.name!r} ({len(rows) - len(computed)} entries on quantities "
              f"{model.name!r} does not compute are left out):")
        print(format_table(computed))
        print(summary(rows))


# ---- scan and plot (modelgen.scan, modelgen.plot) -----------------------------------------
def _cmd_scan(args):
    """Exit 2 with one line for a bad config or refused overwrite; 130 with the resume hint on SIGINT."""
    from .scan import ScanConfigError, ScanInterrupted, load_config, run_scan
    config = args.config or args.model_or_config
    try:
        if config is None:
            raise ModelgenError("give the scan config: modelgen scan --config scan.toml")
        if args.config and args.model_or_config and load_config(config).model != args.model_or_config:
            raise ScanConfigError(config, f"key 'model' is {load_config(config).model!r} but the command "
                                          f"line says {args.model_or_config!r}")
        path = run_scan(config, overwrite=args.overwrite, progress=not args.quiet, dask=args.dask,
                        shared_fs=args.shared_fs or None)
    except ScanInterrupted as exc:
        print(f"modelgen scan: {exc}", file=sys.stderr)
        sys.exit(130)
    except KeyboardInterrupt:
        print("modelgen scan: interrupted before any chunk was computed; nothing written", file=sys.stderr)
        sys.exit(130)
    except ModelgenError as exc:
        print(f"modelgen scan: {exc if isinstance(exc, ScanConfigError) else f'error: {exc}'}", file=sys.stderr)
        sys.exit(2)
    print(f"wrote {path}")


def _cmd_plot(args):
    from . import plot
    if args.kind == "bars":
        path = plot.mediator_bars(args.source, _parse_assignments(args.p), args.output)
    elif args.kind == "profile":
        path = plot.profile(args.source, args.x, args.output)
    else:
        if not args.y:
            raise ModelgenError("modelgen plot plane needs --y")
        path = plot.plane(args.source, args.x, args.y, args.output, color=args.color, data=args.data,
                          logx=args.logx, logy=args.logy, model=args.model)
    print(f"wrote {path}")


def _add_scan_plot_parsers(sub):
    s = sub.add_parser("scan", help="random, grid, Latin-hypercube or Sobol scan from a TOML config, "
                                    "written as Parquet or CSV (resumable)")
    s.add_argument("model_or_config", nargs="?", help="optional: the model (checked against the config) "
                                                      "or the config file")
    s.add_argument("--config", help="scan config (TOML); see modelgen/scan/__init__.py")
    s.add_argument("--overwrite", action="store_true", help="replace an existing output and discard "
                                                           "chunks of a different scan")
    s.add_argument("--dask", default=None, metavar="local:N|tcp://HOST:PORT",
                   help="run chunks as Dask tasks on N local workers or on a running scheduler")
    s.add_argument("--shared-fs", action="store_true", help="Dask workers see the output directory and "
                                                            "write chunk files themselves (implied by local:N)")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=_cmd_scan)
    s = sub.add_parser("plot", help="plots of scans (plane, profile) and of one point (bars)")
    s.add_argument("kind", choices=("plane", "profile", "bars"),
                   help="plane: 2-D plane of a scan with the data set's regions; profile: Δχ² against "
                        "one parameter; bars: per-mediator Δa_e, Δa_μ at one point of MODEL")
    s.add_argument("source", help="scan or profile table (.parquet/.csv); for bars, the model")
    s.add_argument("-o", "--output", required=True, help="image file (.png or .pdf)")
    s.add_argument("--x", help="column on the horizontal axis")
    s.add_argument("--y", help="column on the vertical axis (plane)")
    s.add_argument("--color", default=None, help="column giving the colour (plane; default chi2 if present)")
    s.add_argument("--data", default=None, help="data set whose regions are drawn (plane; e.g. current)")
    s.add_argument("--model", default=None, help="model whose metadata labels the axes (plane)")
    s.add_argument("--logx", action="store_true")
    s.add_argument("--logy", action="store_true")
    s.add_argument("-p", action="append", metavar="NAME=VALUE", help="parameter value (bars; repeatable)")
    s.set_defaults(func=_cmd_plot)


# ---- fit (modelgen.fitting.config) -------------------------------------------------------------
def _cmd_fit(args):
    from .fitting.config import run_config
    run_config(args.config)


def _add_fit_parser(sub):
    s = sub.add_parser("fit", help="chi2 fit of free parameters to a data set (+ profile), from a TOML config")
    s.add_argument("--config", required=True, help="fit.toml (see modelgen/fitting/config.py)")
    s.set_defaults(func=_cmd_fit)


def build_parser():
    p = argparse.ArgumentParser(prog="modelgen", description="symbolic particle-physics models -> compiled evaluators")
    p.add_argument("--version", action="version", version=f"modelgen {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("list", help="models, parameters with defaults, units and ranges; --outputs: outputs")
    s.add_argument("model", nargs="?", choices=BUILTIN)
    s.add_argument("--outputs", action="store_true", help="every output with its unit and meaning")
    s.add_argument("--json", action="store_true",
                   help="strict JSON (NaN -> null, infinities -> \"inf\"/\"-inf\"); with MODEL includes outputs")
    s.set_defaults(func=_cmd_list)
    s = sub.add_parser("derive", help="couplings in the mass basis")
    s.add_argument("model", choices=BUILTIN)
    s.add_argument("--format", choices=("text", "latex", "json"), default="text")
    s.add_argument("--exact", action="store_true", help="exact expressions instead of leading order")
    s.set_defaults(func=_cmd_derive)
    s = sub.add_parser("generate", help="render the Cython kernels into generated/")
    s.add_argument("model", nargs="?", choices=BUILTIN)
    s.add_argument("--all", action="store_true")
    s.add_argument("--check", action="store_true", help="fail if generated/ differs from a fresh rendering")
    s.add_argument("-o", "--output-dir", default=None)
    s.set_defaults(func=_cmd_generate)
    s = sub.add_parser("eval", help="evaluate one parameter point")
    s.add_argument("model", choices=BUILTIN)
    s.add_argument("-p", action="append", metavar="NAME=VALUE", help="parameter value (repeatable)")
    s.add_argument("--json", action="store_true", help="strict JSON (NaN -> null, infinities -> \"inf\"/\"-inf\")")
    s.add_argument("--data", default=None, help="data set to compare with (hkot2020, current or a file)")
    s.add_argument("--no-build", action="store_true", help="fail instead of compiling a stale evaluator")
    s.set_defaults(func=_cmd_eval)
    _add_scan_plot_parsers(sub)
    _add_fit_parser(sub)
    s = sub.add_parser("demo", help="derive, build if needed and evaluate the paper's benchmark")
    s.add_argument("--data", default="hkot2020")
    s.add_argument("--model", default=DEMO_MODEL, choices=BUILTIN)
    s.set_defaults(func=_cmd_demo)
    return p


def main(argv=None):
    """Run one sub-command; returns the exit code (0 ok, 2 user error, 130 interrupted)."""
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except ModelgenError as exc:
        print(f"modelgen: error: {exc}", file=sys.stderr)
        return 2
    except tomllib.TOMLDecodeError as exc:  # a user's TOML file (scan config) that does not parse
        print(f"modelgen: error: TOML syntax error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # unreadable config, data or output path named by the user
        if isinstance(exc, BrokenPipeError):
            return 0
        print(f"modelgen: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("modelgen: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
