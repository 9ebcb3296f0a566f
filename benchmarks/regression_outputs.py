"""Output regression between two source trees of modelgen (issue "One lowering path").

Consumes: the built-in models of a source tree whose extensions are built in place (the
compiled modules ``modelgen.generated.<model>``).  Produces: ``sample`` writes every kernel
output, every post-kernel observable, chi2/pulls of a data set and the status of 100 random points
per model and regime to an ``.npz``; ``compare`` reads two such files and prints, per model,
regime and output, the worst relative deviation and every status difference, and exits 1 above
the tolerance (default 1e-12).

Regimes (fixed seed per model and regime; a regime runs only on models with its parameters):

* ``default``   M_Zp 2-500 GeV, |g_BL| 1e-4-0.5, |eps_k| 1e-5-0.3, VLL masses 200 GeV-3 TeV,
                generation-diagonal VLL couplings 0.01-2 (the sample of the merge check);
* ``light_zp``  M_Zp log-uniform 1 keV-100 MeV (X17 at 17 MeV), |g_BL|, |eps_k| 1e-6-1e-2,
                M_hX 100 keV-10 GeV;
* ``lfv_open``  models with generation-off-diagonal couplings (1e-3-1): M_Zp below m_mu - m_e,
                so mu -> e Z' is open (the kernel flags bit 4 and, for the dipole above threshold,
                the fatal bit 7: these points compare status and NaN pattern);
* ``lfv_closed`` the same couplings with M_Zp 2-500 GeV: finite l_i -> l_j gamma and off-diagonal
                rotations;
* ``heavy_vll`` VLL masses 1-100 TeV, diagonal couplings 0.1-3.5, off-diagonal 1e-3-0.5;
* ``heavy_diag`` the same without generation mixing (the block-diagonal diagonalisation path);
* ``near_edge`` each parameter beyond the SM inputs with probability 1/2 (SM inputs 1/10) within
                1 % (linear ranges) or 0.05 decades (log ranges) of one end of its allowed range.

Deviation of one value pair (a, b): |a - b| / max(|a|, |b|), or |a - b| when both |a|, |b| < 1e-300;
NaN against NaN and equal infinities are equal; NaN against a number is a mismatch.

Run (each tree in its own process, never both in one):
    python benchmarks/regression_outputs.py sample OUT.npz [--tree SRC] [--points 100] [--data current]
    python benchmarks/regression_outputs.py compare OLD.npz NEW.npz [--tol 1e-12] [--all]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import zlib

import numpy as np

__all__ = ["REGIMES", "OUTPUT_RENAMES", "PARAMETER_RENAMES", "draw", "sample", "compare", "deviation"]

SEED = 20261203
TINY = 1e-300
M_MU_MINUS_M_E = 0.1056583755 - 0.00051099895  # GeV (PDG 2022): mu -> e Z' open below this

#: old name -> current name.  Verified empty between 22ead11 (before the generic lowering) and
#: 1270893: every parameter and output of the six built-in models kept its name (status-bit reasons
#: changed wording only: "Z'" -> "Zp").
OUTPUT_RENAMES: dict[str, str] = {}
PARAMETER_RENAMES: dict[str, str] = {}

SM_INPUTS = r"^(alpha|G_F|M_Z|M_h|m_e|m_mu|m_tau)$"
VLL_MASS = r"^M_[LE]\d$"
OFF_DIAGONAL = r"^(lam_L|lam_E|lam_LE|kap_LE|y_nu|y_M|c_\w+?)(\d)(?!\2)\d$"
DIAGONAL = r"^(lam_L|lam_E|lam_LE|kap_LE|c_\w+?)(\d)\2$"


def _keep(rng, info, n):
    return np.full(n, info["default"])


def _scaled(lo, hi):
    return lambda rng, info, n: info["default"] * rng.uniform(lo, hi, n)


def _log(lo, hi, signed=False):
    def draw_log(rng, info, n):
        x = 10 ** rng.uniform(np.log10(lo), np.log10(hi), n)
        return x * rng.choice((-1.0, 1.0), n) if signed else x
    return draw_log


def _sign(rng, info, n):
    return rng.choice((-1.0, 1.0), n)


def _near_edge(rng, info, n):
    """Within 0.05 decades (positive ranges over > 2 decades) or 1 % of the width of an end."""
    lo, hi = info["lower"], info["upper"]
    upper = rng.random(n) < 0.5
    if lo > 0 and hi / lo > 100:
        step = 10 ** rng.uniform(0, 0.05, n)
        x = np.where(upper, hi / step, lo * step)
    else:
        step = rng.uniform(0, 0.01, n) * (hi - lo)
        x = np.where(upper, hi - step, lo + step)
    return np.clip(x, lo, hi)


_BASE = [  # (name pattern, draw), first match wins; unmatched parameters keep their default
    (SM_INPUTS, _scaled(0.99, 1.01)),
    (r"^branch_", _sign),
    (r"^g_BL$", _log(1e-4, 0.5, True)),
    (r"^eps_k$", _log(1e-5, 0.3, True)),
    (r"^M_Zp$", _log(2.0, 500.0)),
    (r"^M_hX$", _log(1.0, 1e3)),
    (VLL_MASS, _log(200.0, 3e3)),
    (r"^y_nu(\d)\1$", _log(1e-9, 1e-6, True)),
    (r"^y_M(\d)\1$", _log(0.01, 1.0, True)),
    (DIAGONAL, _log(0.01, 2.0, True)),
]
_LIGHT = [(r"^g_BL$", _log(1e-6, 1e-2, True)), (r"^eps_k$", _log(1e-6, 1e-2, True)),
          (r"^M_hX$", _log(1e-4, 10.0))]

#: regime -> (pattern a model needs to run it, rules prepended to the base rules)
REGIMES = {
    "default": (None, []),
    "light_zp": (r"^M_Zp$", [(r"^M_Zp$", _log(1e-6, 0.1))] + _LIGHT),
    "lfv_open": (OFF_DIAGONAL, [(r"^M_Zp$", _log(1e-6, M_MU_MINUS_M_E)), (OFF_DIAGONAL, _log(1e-3, 1.0, True))]
                 + _LIGHT),
    "lfv_closed": (OFF_DIAGONAL, [(OFF_DIAGONAL, _log(1e-3, 1.0, True))]),
    "heavy_vll": (VLL_MASS, [(VLL_MASS, _log(1e3, 1e5)), (DIAGONAL, _log(0.1, 3.5, True)),
                             (OFF_DIAGONAL, _log(1e-3, 0.5, True))]),
    "heavy_diag": (VLL_MASS, [(VLL_MASS, _log(1e3, 1e5)), (DIAGONAL, _log(0.1, 3.5, True))]),
    "near_edge": (None, None),
}


def draw(parameters, regime, n, seed):
    """{parameter: n values} of one regime; the same for every tree with the same parameter table."""
    rng = np.random.default_rng(seed)
    needs, rules = REGIMES[regime]
    if needs is not None and not any(re.match(needs, p) for p in parameters):
        return None
    out = {}
    for name, info in parameters.items():  # kernel order: the stream of draws is fixed by the table
        draw_one = next((f for pat, f in (rules or []) + _BASE if re.match(pat, name)), _keep)
        x = draw_one(rng, info, n)
        if rules is None and not name.startswith("branch_"):  # near_edge
            p_edge = 0.1 if re.match(SM_INPUTS, name) else 0.5
            x = np.where(rng.random(n) < p_edge, _near_edge(rng, info, n), x)
        out[name] = np.clip(x, info["lower"], info["upper"])
    return out


def _tree_sha(tree):
    try:
        return subprocess.run(["git", "-C", tree, "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _map_tree(tree):
    """Import ``modelgen`` and its top-level ``generated/``, ``templates/`` packages from ``tree``.

    setup.py maps them to ``modelgen.generated``/``modelgen.templates``; an editable install's finder
    would supply any of them (or a module missing from ``tree``) from the installed tree, so it is
    removed from ``sys.meta_path`` first."""
    import importlib.util
    sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
    sys.path.insert(0, tree)
    import modelgen
    if os.path.dirname(os.path.abspath(modelgen.__file__)) != os.path.join(tree, "modelgen"):
        sys.exit(f"modelgen was imported from {modelgen.__file__}, not from {tree}")
    for pkg in ("generated", "templates"):
        where = os.path.join(tree, pkg)
        spec = importlib.util.spec_from_file_location(f"modelgen.{pkg}", os.path.join(where, "__init__.py"),
                                                      submodule_search_locations=[where])
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        setattr(modelgen, pkg, module)


def sample(out_path, n, data, tree, models=None):
    """Evaluate the built-in models of ``tree`` (or the named ones) in every regime; write one .npz."""
    _map_tree(tree)
    import modelgen as mg
    from modelgen.models import BUILTIN
    arrays, meta = {}, {"tree": tree, "commit": _tree_sha(tree), "points": n, "data": data, "runs": []}
    inverse = {new: old for old, new in PARAMETER_RENAMES.items()}
    for model in models or BUILTIN:
        ev = mg.evaluator(model)
        if not os.path.abspath(ev.module.__file__).startswith(os.path.join(tree, "generated", "")):
            sys.exit(f"{model}: compiled module {ev.module.__file__} is not from {tree}")
        meta[model] = {"input_hash": ev.module.INPUT_HASH, "ir_hash": getattr(ev.module, "IR_HASH", None),
                       "fatal_mask": ev.fatal_mask}
        params = {PARAMETER_RENAMES.get(k, k): v for k, v in ev.parameters.items()}
        for regime in REGIMES:
            pts = draw(params, regime, n, SEED + zlib.crc32(f"{model}/{regime}".encode()))
            if pts is None:
                continue
            res = ev({inverse.get(k, k): v for k, v in pts.items()}, data=data, threads=1)
            key = f"{model}/{regime}"
            for name, v in pts.items():
                arrays[f"{key}/in/{name}"] = v
            for name, v in res.items():
                if name != "status" and name not in ev.parameters:
                    arrays[f"{key}/out/{OUTPUT_RENAMES.get(name, name)}"] = np.asarray(v, float)
            arrays[f"{key}/status"] = np.asarray(res["status"], np.int64)
            meta["runs"].append(key)
            status = np.asarray(res["status"])
            bits = {b: int(np.sum(status >> b & 1)) for b in range(32) if np.any(status >> b & 1)}
            print(f"{key:28s} {n} points, {int(np.sum(status & ev.fatal_mask == 0))} not fatal, "
                  f"points per bit {bits}", file=sys.stderr)
    arrays["__meta__"] = np.array(json.dumps(meta))
    np.savez_compressed(out_path, **arrays)
    print(f"wrote {out_path} ({meta['commit'][:10]} at {tree})", file=sys.stderr)


def deviation(a, b):
    """Per-point deviation of two arrays (module docstring); inf where exactly one is NaN."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    with np.errstate(invalid="ignore", over="ignore"):
        scale = np.maximum(np.abs(a), np.abs(b))
        diff = np.abs(a - b)
        dev = np.where(scale < TINY, diff, diff / np.where(scale < TINY, 1.0, scale))
    same = (np.isnan(a) & np.isnan(b)) | (a == b)
    dev = np.where(same, 0.0, dev)
    return np.where(np.isnan(a) != np.isnan(b), np.inf, dev)


def _runs(z):
    meta = json.loads(str(z["__meta__"]))
    return meta, {run: sorted(k[len(run) + 5:] for k in z.files if k.startswith(run + "/out/"))
                  for run in meta["runs"]}


#: a difference output (model minus SM with the same inputs) -> the output whose rounding sets its
#: absolute floor: a deviation of delta_a_mu.W far below eps x |a_mu.W| is rounding of a cancellation
DIFFERENCE_OF = ((r"^delta_a_(\w+)\.(\w+)$", r"a_\1.\2"), (r"^delta_a_(\w+)$", r"a_\1"))


def _parent(name, names):
    for pattern, repl in DIFFERENCE_OF:
        parent = re.sub(pattern, repl, name)
        if parent != name and parent in names:
            return parent
    return None


def _explain(zo, zn, run, name, d, tol, names, no_mixing, fatal_both):
    """One line per output above tol: the worst point and the facts that attribute the deviation."""
    old, new = zo[f"{run}/out/{name}"], zn[f"{run}/out/{name}"]
    i, above = int(np.argmax(d)), d > tol
    line = (f"    {name:24s} {d.max():.3e} at point {i}: old {old[i]:.17g}, new {new[i]:.17g}; "
            f"{int(above.sum())} points above, {int((above & no_mixing).sum())} of them without generation mixing")
    nan_flip = above & (np.isnan(old) != np.isnan(new))
    if nan_flip.any():
        finite = np.where(nan_flip, 0.0, d)
        line += (f", {int(nan_flip.sum())} NaN in one tree only (elsewhere worst {finite.max():.1e} "
                 f"at point {int(np.argmax(finite))})")
    parent = _parent(name, names)
    if parent is not None:
        scale = np.fmax(np.abs(zo[f"{run}/out/{parent}"]), np.abs(zn[f"{run}/out/{parent}"]))
        with np.errstate(invalid="ignore", divide="ignore"):
            rel = np.where(above & ~nan_flip, np.abs(old - new) / scale, 0.0)
        line += f"; max |old - new| / |{parent}| = {np.nanmax(rel):.1e}"
    return line


def compare(old_path, new_path, tol, show_all=False):
    """Print the per-run table and every output above ``tol``; return the process exit code.

    Columns: points valid (no fatal bit) in the new tree, the worst deviation and its output, the
    number of outputs above tol, and status differences (how many at points fatal in both trees,
    where only diagnostic bits of an unconverged state can differ and every output is NaN in both)."""
    zo, zn = np.load(old_path), np.load(new_path)
    (mo, ro), (mn, rn) = _runs(zo), _runs(zn)
    print(f"old: {mo['commit'][:10]} ({mo['tree']})\nnew: {mn['commit'][:10]} ({mn['tree']})")
    print(f"{'model/regime':26s} {'valid':>5s} {'worst rel. dev.':>15s}  {'output':24s} {'>tol':>4s}  status diffs")
    failed = False
    for run in list(dict.fromkeys([r for r in rn if r in ro] + list(ro) + list(rn))):
        if run not in ro or run not in rn:  # a new model is not a regression; a vanished one is
            print(f"{run:26s} only in {'new' if run in rn else 'old'}")
            failed |= run not in rn
            continue
        inputs = [k for k in zn.files if k.startswith(run + "/in/")]
        if any(not np.array_equal(zn[k], zo[k]) for k in inputs):
            print(f"{run:26s} inputs differ: the trees drew different points (parameter tables differ)")
            failed = True
            continue
        model = run.split("/")[0]
        fatal = mn[model]["fatal_mask"]
        so, sn = zo[run + "/status"], zn[run + "/status"]
        fatal_both = (so & fatal != 0) & (sn & fatal != 0)
        off = [k for k in inputs if re.match(OFF_DIAGONAL, k.rsplit("/", 1)[1])]
        no_mixing = np.all([zn[k] == 0 for k in off], axis=0) if off else np.ones(len(sn), bool)
        devs = {name: deviation(zo[f"{run}/out/{name}"], zn[f"{run}/out/{name}"])
                for name in rn[run] if name in ro[run]}
        missing = sorted(set(ro[run]) ^ set(rn[run]))
        worst = max(devs, key=lambda k: devs[k].max(), default=None)
        w = devs[worst].max() if worst else 0.0
        differ = so != sn
        status = "none"
        if differ.any():
            status = (f"{int(differ.sum())} points (bits {int(np.bitwise_or.reduce(so ^ sn)):#x}), "
                      f"{int((differ & fatal_both).sum())} fatal in both")
        bad = sorted((k for k in devs if devs[k].max() > (0 if show_all else tol)), key=lambda k: -devs[k].max())
        print(f"{run:26s} {int(np.sum(sn & fatal == 0)):5d} {w:15.3e}  {worst if w > 0 else '-':24s} "
              f"{sum(devs[k].max() > tol for k in devs):4d}  {status}")
        for name in missing:
            print(f"    output {name!r} only in {'new' if name in rn[run] else 'old'}")
        for i in np.nonzero(differ)[0]:
            print(f"    status at point {i}: old {so[i]:#x}, new {sn[i]:#x}"
                  f"{'' if no_mixing[i] else ' (generations mix)'}")
        for name in bad:
            print(_explain(zo, zn, run, name, devs[name], tol, devs, no_mixing, fatal_both))
        failed |= bool(missing) or bool(differ.any()) or w > tol
    print("FAIL" if failed else f"PASS: every output within {tol:g} relative, same status everywhere")
    return 1 if failed else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample", help="evaluate every built-in model per regime into an .npz")
    s.add_argument("out")
    s.add_argument("--tree", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                   help="source tree with its extensions built in place (default: this script's tree)")
    s.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    s.add_argument("--points", type=int, default=100)
    s.add_argument("--data", default="current", help="data set for chi2 and pulls ('none': without)")
    s.add_argument("--models", nargs="+", help="only these built-in models (default: all of the tree)")
    c = sub.add_parser("compare", help="worst deviation per model, regime and output; exit 1 above --tol")
    c.add_argument("old")
    c.add_argument("new")
    c.add_argument("--tol", type=float, default=1e-12)
    c.add_argument("--all", action="store_true", help="list every output that differs at all")
    a = ap.parse_args(argv)
    if a.cmd == "compare":
        return compare(a.old, a.new, a.tol, a.all)
    tree = os.path.abspath(a.tree)
    if a.in_process:
        sample(a.out, a.points, None if a.data == "none" else a.data, tree, a.models)
        return 0
    # a fresh process per tree, so two trees' extensions never load in one interpreter
    cmd = [sys.executable, os.path.abspath(__file__), "sample", os.path.abspath(a.out), "--tree", tree,
           "--points", str(a.points), "--data", a.data, "--in-process"] + (["--models", *a.models] if a.models else [])
    return subprocess.run(cmd, env=dict(os.environ, PYTHONPATH=tree), cwd=tree).returncode


if __name__ == "__main__":
    sys.exit(main())
