"""Dask back end of a scan: chunk indices in, (index, columns) pairs out as workers finish.

Each chunk is one task, :func:`_task`, which samples and evaluates the chunk on a worker with
the model's compiled module (loaded once per worker process; the kernel runs serially, the tasks
being the parallelism; ``local:N`` workers fork from a server that imported the scan's modules
once); the client writes the results through the same :class:`~modelgen.scan.store.ChunkStore`
as a local run, so the output and resume behaviour are identical.  At most ``2 × (worker threads)`` chunks are in flight, which
bounds the client's memory.  When the workers see the client's file system (always for
``local:N``; ``shared_fs=True`` for a cluster on a shared disk) they write the chunk files
themselves, which saves sending every result through the scheduler's network.
"""
from __future__ import annotations

import functools
import multiprocessing

from ..errors import BuildError, ParameterError

__all__ = ["client_for", "close_client", "is_local", "run_distributed"]


def client_for(spec):
    """A ``distributed.Client``: ``"local:N"`` starts a LocalCluster of N single-threaded worker
    processes, ``"tcp://host:port"`` (or any scheduler address) connects to a running scheduler."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ParameterError("--dask needs the 'distributed' package: pip install 'modelgen[dask]'") from None
    if not isinstance(spec, str):
        return spec  # already a Client
    if spec.startswith("local:"):
        try:
            n = int(spec[6:])
        except ValueError:
            n = 0
        if n < 1:
            raise ParameterError(f"--dask {spec!r}: expected local:N with N >= 1 workers")
        import dask
        with dask.config.set({"distributed.worker.multiprocessing-method": _WORKER_START}):
            if _WORKER_START == "forkserver":
                _preload_forkserver()
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   dashboard_address=":0")  # any free port: 8787 may be taken
        return Client(cluster)
    if "://" not in spec:
        raise ParameterError(f"--dask {spec!r}: expected local:N or a scheduler address tcp://host:port")
    try:
        return Client(spec, timeout="20s")
    except OSError as exc:
        raise ParameterError(f"--dask {spec!r}: cannot reach the scheduler ({exc})") from None


# Workers of local:N are forked from one server process that has imported the scan's modules once
# (Dask's default, "spawn", starts each worker as a fresh interpreter importing them again: ~2 s of
# CPU per worker, distributed alone 0.95 s); "spawn" where the platform has no forkserver.
_WORKER_START = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
_PRELOAD = ["distributed", "numpy", "pyarrow", "pyarrow.parquet", "scipy.stats", "modelgen.evaluate",
            "modelgen.observables", "modelgen.scan.runner", "modelgen.scan.distributed"]


def _preload_forkserver():
    """Make the forkserver import :data:`_PRELOAD` before forking workers.  Dask sets its own preload
    list on the first call of ``get_mp_context`` (once per process); ours replaces it after."""
    from distributed.utils import get_mp_context
    get_mp_context().set_forkserver_preload(_PRELOAD)


@functools.lru_cache(maxsize=None)
def _evaluator(model, input_hash):
    """The worker's evaluator, which must be built from the same inputs as the client's.

    The installed module is used directly when its INPUT_HASH matches (no SymPy on the worker);
    otherwise the model is built into the worker's cache, and a mismatch is a BuildError.
    """
    import importlib

    from ..evaluate import Evaluator, evaluator
    try:
        module = importlib.import_module(f"modelgen.generated.{model}")
    except ImportError:
        module = None
    if getattr(module, "INPUT_HASH", None) == input_hash:
        ev = Evaluator(module)
    else:
        ev = evaluator(model, build=True)
        if ev.module.INPUT_HASH != input_hash:
            raise BuildError(f"a Dask worker's model {model!r} has input hash {ev.module.INPUT_HASH}, the client's "
                             f"{input_hash}: install the same modelgen version on the workers")
    # the parallelism of a Dask scan is one task per worker thread: a kernel's OpenMP team inside
    # each task would put 2 threads per core (measured: +100 % CPU for local:2 on 2 cores)
    ev.serial_below = float("inf")
    return ev


def _task(cfg, input_hash, k, outputs, columns, parts=None, schema=None):
    """Chunk ``k`` on a worker; with ``parts`` (a directory the worker shares with the client) the
    worker writes the chunk file itself and returns (k, None) instead of the columns."""
    from .runner import compute_chunk
    cols = compute_chunk(_evaluator(cfg.model, input_hash), cfg, k, outputs, columns)
    if parts is None:
        return k, cols
    from .store import write_part
    write_part(parts, schema, k, cols)
    return k, None


def is_local(client) -> bool:
    """True when ``client`` runs a LocalCluster (``local:N`` or one the caller started): its workers
    share this machine's file system, so they can write the chunk files themselves."""
    from distributed import LocalCluster
    return isinstance(getattr(client, "cluster", None), LocalCluster)


def close_client(client):
    """Close a client made by :func:`client_for`, and its LocalCluster if it started one."""
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def run_distributed(client, cfg, input_hash, outputs, columns, todo, parts=None, schema=None):
    """Yield (k, columns or None) for every chunk in ``todo``, in completion order; workers
    evaluate with the module whose INPUT_HASH is ``input_hash`` (the client's), and write the
    chunk files themselves when given the shared ``parts`` directory (and its ``schema``)."""
    from distributed import as_completed
    extra = () if parts is None else (str(parts), schema)
    in_flight = 2 * max(1, sum(client.nthreads().values()))
    pending = iter(todo)
    futures = as_completed()
    for k in pending:
        futures.add(client.submit(_task, cfg, input_hash, k, outputs, columns, *extra, pure=False))
        if futures.count() >= in_flight:
            break
    for fut in futures:
        yield fut.result()
        fut.release()
        nxt = next(pending, None)
        if nxt is not None:
            futures.add(client.submit(_task, cfg, input_hash, nxt, outputs, columns, *extra, pure=False))
