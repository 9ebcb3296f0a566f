"""Command-line interface: ``modelgen list | derive | generate | eval | scan | fit | demo``.

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


def _cmd_scan(args):
    from .scan import run_scan
    print(f"wrote {run_scan(args.config, progress=not args.quiet)}")


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
    s = sub.add_parser("scan", help="random or grid scan from a TOML config, written as CSV")
    s.add_argument("model_or_config", nargs="?", help=argparse.SUPPRESS)
    s.add_argument("--config", required=True)
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(func=_cmd_scan)
    _add_fit_parser(sub)
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
