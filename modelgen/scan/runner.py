"""Run a scan: a config file in, a Parquet or CSV table out (one row per point).

Stages: 1. :func:`~modelgen.scan.config.load_config` validates the file; 2. the evaluator is
loaded and the config checked against the model's parameters; 3. a one-point trial evaluation
fixes the columns (:func:`layout`); 4. :class:`~modelgen.scan.store.ChunkStore` refuses to
overwrite or mix scans, then reuses completed chunks; 5. each missing chunk is sampled
(:func:`~modelgen.scan.sampling.chunk_points`), evaluated (:func:`evaluate_chunk`) and handed to
the writer thread.  Nothing is written before stage 4 succeeds.

Columns: every model parameter under its own name (the input), then every computed quantity,
then ``status``, then with ``data`` ``chi2`` and ``pull.<observable>``.  A computed quantity
whose name is also a parameter (``M_Z``, ``M_Zp``) is written as ``out.<name>``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from .. import __version__
from ..metadata import OUTPUT_PREFIX, column_info
from .config import ScanConfigError, check_against_model, load_config
from .sampling import chunk_points
from .store import ChunkStore

__all__ = ["run_scan", "prepare", "manifest", "evaluate_chunk", "layout", "compute_chunk", "ScanInterrupted"]


class ScanInterrupted(KeyboardInterrupt):
    """SIGINT during a scan; the completed chunks are saved and ``str()`` says how to resume."""


def evaluate_chunk(ev, params: dict, outputs, data) -> dict:
    """The evaluator's results for ``params`` (the one place a scan calls the evaluator).

    ``outputs`` lists the computed quantities the scan writes (None: all); the evaluator computes
    and returns only those (plus ``status`` and, with ``data``, chi2 and the pulls).  The chunk is
    one kernel block: its columns are written whole anyway, so splitting it in ``ev.chunk`` blocks
    would only add a copy of every column (22 % of the evaluation of a 50 000-point bl chunk).
    """
    n = max((np.size(v) for v in params.values()), default=1)
    return ev(params, data=data, outputs=outputs, chunk=max(n, 1))


def layout(ev, cfg) -> tuple[list[str], list[str]]:
    """(output names to request from the evaluator, column names of the table), from a trial point."""
    trial = {a.name: np.array([a.lo]) for a in cfg.axes} | {k: np.array([v]) for k, v in cfg.fixed.items()}
    res = evaluate_chunk(ev, trial, None, cfg.data)
    scored = [k for k in res if k == "chi2" or k.startswith("pull.")]
    computed = [k for k in res if k not in scored and k != "status"
                and (k in ev.outputs or k not in ev.parameters)]
    if cfg.columns is not None:
        known = computed + scored
        for c in cfg.columns:
            if c not in known and c not in ev.parameters:
                import difflib
                near = difflib.get_close_matches(c, known, n=3)
                hint = f"; did you mean {', '.join(near)}?" if near else ""
                raise ScanConfigError(cfg.source, f"key 'columns': unknown output {c!r}{hint}")
        computed = [k for k in computed if k in cfg.columns]
        scored = [k for k in scored if k in cfg.columns or (k == "chi2" and cfg.data)]
    names = list(ev.parameters) + [OUTPUT_PREFIX + k if k in ev.parameters else k for k in computed]
    return computed + scored, names + ["status"] + scored


def compute_chunk(ev, cfg, k, outputs, columns) -> dict[str, np.ndarray]:
    """Columns of chunk ``k``: sampled inputs (defaults for the unsampled parameters), results."""
    pts = chunk_points(cfg, k)
    res = evaluate_chunk(ev, pts, outputs, cfg.data)
    n = len(next(iter(pts.values())))
    out = {}
    for c in columns:
        if c in ev.parameters:
            v = pts.get(c, ev.parameters[c]["default"])
        else:
            v = res[c[len(OUTPUT_PREFIX):] if c.startswith(OUTPUT_PREFIX) else c]
        out[c] = np.broadcast_to(np.asarray(v, dtype=np.int32 if c == "status" else float), (n,))
    return out


def _schema(columns, module):
    import pyarrow as pa
    fields = []
    for c in columns:
        info = column_info(c, module)
        fields.append(pa.field(c, pa.int32() if c == "status" else pa.float64(),
                               metadata={"unit": info.unit, "description": info.description}))
    return pa.schema(fields)


def manifest(cfg, ev, columns) -> dict:
    return {"config_hash": cfg.digest(), "modelgen_version": __version__, "model": cfg.model,
            "model_input_hash": getattr(ev.module, "INPUT_HASH", ""), "sampling": cfg.sampling,
            "points": cfg.points, "chunk": cfg.chunk, "n_chunks": cfg.n_chunks, "format": cfg.format,
            "columns": columns}


def prepare(config_path, *, overwrite=False):
    """Stages 1–4 without writing: (config, evaluator, requested outputs, column names, store)."""
    from ..evaluate import evaluator
    cfg = load_config(config_path)
    ev = evaluator(cfg.model, build=True)
    check_against_model(cfg, ev.parameters)
    outputs, columns = layout(ev, cfg)
    store = ChunkStore(cfg.output, manifest(cfg, ev, columns), _schema(columns, ev.module), overwrite=overwrite)
    store.check()
    return cfg, ev, outputs, columns, store


def run_scan(config_path, *, overwrite=False, progress=True, dask=None, shared_fs=None) -> Path:
    """Run (or resume) the scan of a TOML config; returns the output path.

    ``dask``: None (this process), ``"local:N"`` (a LocalCluster of N workers), a scheduler
    address ``"tcp://host:port"`` or a ``distributed.Client``.  ``shared_fs``: the Dask workers
    see the output's directory and write the chunk files themselves (default: for a LocalCluster,
    whether started here by local:N or given through its client; results then never travel
    through the scheduler).
    """
    cfg, ev, outputs, columns, store = prepare(config_path, overwrite=overwrite)
    client = None
    if dask is not None:
        from .distributed import client_for, close_client, is_local
        client = client_for(dask)  # a bad address fails here, before any file is written
        if shared_fs is None:
            shared_fs = is_local(client)
    try:
        return _run(cfg, ev, outputs, columns, store, client, progress, shared_fs)
    finally:
        if client is not None and client is not dask:
            close_client(client)


def _run(cfg, ev, outputs, columns, store, client, progress, shared_fs):
    done = store.start()
    todo = [k for k in range(cfg.n_chunks) if k not in done]
    bar = _progress(cfg, done, progress)
    try:
        if client is None:
            for k in todo:
                store.put(k, compute_chunk(ev, cfg, k, outputs, columns))
                bar.update(cfg.chunk_range(k)[1] - cfg.chunk_range(k)[0])
        else:
            from .distributed import run_distributed
            input_hash = store.manifest["model_input_hash"]
            shared = (store.parts, store.schema) if shared_fs else ()
            for k, cols in run_distributed(client, cfg, input_hash, outputs, columns, todo, *shared):
                store.put(k, cols)
                bar.update(cfg.chunk_range(k)[1] - cfg.chunk_range(k)[0])
        bar.close()
        return store.close(True)  # an interrupt while assembling the final file keeps the chunks
    except BaseException as exc:
        bar.close()
        store.close(False)  # keeps every chunk already evaluated; re-raises a writer failure
        if isinstance(exc, KeyboardInterrupt):
            raise ScanInterrupted(f"interrupted: {len(store.done())} of {cfg.n_chunks} chunks saved in "
                                  f"{store.parts}; rerun the same command to resume") from None
        raise


def _progress(cfg, done, enabled):
    from tqdm import tqdm
    initial = sum(cfg.chunk_range(k)[1] - cfg.chunk_range(k)[0] for k in done)
    return tqdm(total=cfg.points, initial=initial, unit="pt", unit_scale=True, disable=not enabled,
                desc=f"scan {cfg.model}", file=sys.stderr, smoothing=0.1, mininterval=0.5)

