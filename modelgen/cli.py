"""Command-line interface: ``modelgen list | derive | generate | eval | scan | plot | demo``.

Each sub-command is one pipeline stage made inspectable (DESIGN.md "Every stage inspectable").
"""
from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from . import __version__
from .errors import ModelgenError
from .models import BUILTIN, load_model

__all__ = ["main"]

DEMO_MODEL = "bl_vll"


def _cmd_list(args):
    names = [args.model] if args.model else list(BUILTIN)
    info = {}
    for name in names:
        m = load_model(name)
        info[name] = {"description": m.description,
                      "parameters": [p.as_dict() for p in m.parameters.values()]}
    if args.json:
        print(json.dumps(info, indent=1))
        return
    for name, d in info.items():
        print(f"{name}: {d['description']}")
        for p in d["parameters"]:
            print(f"    {p['name']:<8} default {p['default']!s:<22} {p['unit']:<7} "
                  f"range [{p['range'][0]:g}, {p['range'][1]:g}]  {p['description']}")


def _cmd_derive(args):
    d = load_model(args.model).derive()
    if args.format == "json":
        print(d.json())
    elif args.format == "latex":
        print(d.latex(exact=args.exact))
    else:
        print(d.text(exact=args.exact))


def _cmd_generate(args):
    from . import generate
    names = list(BUILTIN) if args.all or not args.model else [args.model]
    for name in names:
        for path in generate(load_model(name), output_dir=args.output_dir, check=args.check):
            print(("in sync: " if args.check else "wrote ") + str(path))


def _parse_assignments(items):
    out = {}
    for item in items or ():
        if "=" not in item:
            raise ModelgenError(f"-p expects name=value, got {item!r}")
        k, v = item.split("=", 1)
        out[k.strip()] = float(v)
    return out


def _evaluate(model, params, build=True):
    from .evaluate import evaluator
    ev = evaluator(model, build=build, progress=lambda msg: print(f"[modelgen] {msg} ...", file=sys.stderr))
    return ev, ev(params)


def _cmd_eval(args):
    ev, out = _evaluate(args.model, _parse_assignments(args.p), build=not args.no_build)
    _print_point(ev, out, args.json, args.data)


def _print_point(ev, out, as_json=False, data=None):
    """One point: every output (the evaluator already attached the Z' observables), then the
    comparison table with ``data``."""
    status = int(out["status"])
    if as_json:
        print(json.dumps({k: float(np.asarray(v)) for k, v in out.items()} |
                         {"status_reasons": ev.describe_status(status)}, indent=1))
        return
    for k, v in out.items():
        if k != "status":
            print(f"{k:>22} = {float(np.asarray(v)): .10g}")
    print(f"{'status':>22} = {status}" + "".join(f"\n{'':>25}{r}" for r in ev.describe_status(status)))
    if data:
        from .data import load_dataset
        from .observables import format_table, table
        print()
        print(format_table(table(out, load_dataset(data))))


def _cmd_demo(args):
    t0 = time.perf_counter()
    model = load_model(args.model)
    d = model.derive()
    t1 = time.perf_counter()
    print(f"modelgen {__version__} demo: model {model.name!r} ({model.description})")
    print(f"[1/3] derived gauge sector and couplings in {t1 - t0:.1f} s; Z' couplings before lepton mixing:")
    for f in ("e", "nu_e", "u", "d"):
        ev_, ea_ = d.vertex_va("Zp", f)
        print(f"        eps_V({f}) = {d.leading_order(ev_)},  eps_A({f}) = {d.leading_order(ea_)}")
    if d.fermions is not None:
        print(d.mass_matrix_text())
    ev, out = _evaluate(model, {})
    t2 = time.perf_counter()
    print(f"[2/3] evaluator ready in {t2 - t1:.1f} s ({ev})")
    print(f"[3/3] default point of {model.name!r}:")
    show = ["M_Zp", "M_Z", "g_BL", "eps_k", "eps_V.e", "eps_A.e", "eps_V.p", "eps_V.n", "eps_L.nu_e",
            "delta_a_e", "delta_a_mu"] + [k for k in ev.outputs if k.startswith("delta_a_mu.")] + \
        ["max_coupling", "ctau_Zp"]
    for k in show:
        if k in out:
            print(f"{k:>22} = {float(out[k]): .6g}")
    reasons = ev.describe_status(int(out["status"]))
    print(f"{'status':>22} = {int(out['status'])}" + "".join(f"; {r}" for r in reasons))
    if args.data:
        from .data import load_dataset
        from .observables import format_table, table
        print(f"\nobservables vs data set {args.data!r}:")
        print(format_table(table(out, load_dataset(args.data))))


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


def build_parser():
    p = argparse.ArgumentParser(prog="modelgen", description="symbolic particle-physics models -> compiled evaluators")
    p.add_argument("--version", action="version", version=f"modelgen {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("list", help="models, parameters with defaults, units and ranges")
    s.add_argument("model", nargs="?", choices=BUILTIN)
    s.add_argument("--json", action="store_true")
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
    s.add_argument("--json", action="store_true")
    s.add_argument("--data", default=None, help="data set to compare with (hkot2020, current or a file)")
    s.add_argument("--no-build", action="store_true", help="fail instead of compiling a stale evaluator")
    s.set_defaults(func=_cmd_eval)
    _add_scan_plot_parsers(sub)
    s = sub.add_parser("demo", help="derive, build if needed and evaluate the paper's benchmark")
    s.add_argument("--data", default="hkot2020")
    s.add_argument("--model", default=DEMO_MODEL, choices=BUILTIN)
    s.set_defaults(func=_cmd_demo)
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except ModelgenError as exc:
        print(f"modelgen: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
