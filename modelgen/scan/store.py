"""Durable scan output: evaluated chunks in, per-chunk files, a manifest and the final table out.

Layout next to the output ``OUT`` (``scan.parquet`` or ``scan.csv``)::

    OUT.parts/manifest.json        config hash, modelgen version, model input hash, chunking, columns
    OUT.parts/chunk-000123.arrow   one Arrow IPC file per completed chunk

Invariants: a chunk file exists only once complete (written to a temporary name, then
``os.replace``); a chunk present in the parts directory is never recomputed; the final file is
assembled in chunk order (so its rows do not depend on the order chunks finished in), written
to a temporary name and moved over ``OUT`` atomically, after which the parts are removed.
While chunks arrive in order, each is appended to the final file as it is written, so the
assembly costs nothing at the end of an uninterrupted scan.
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import threading
from pathlib import Path

import numpy as np

from ..errors import ParameterError

__all__ = ["ChunkStore", "ScanStateError", "PARQUET_OPTIONS", "read_table", "write_part"]

_MANIFEST = "manifest.json"
# Encoding of the final Parquet file, measured on a 50 000-point chunk of every bl column
# (benchmarks/bench_scan.py): uncompressed without statistics 0.08 s and 48 MB, snappy 0.11 s and
# 37 MB, snappy with statistics 0.16 s.  Scan outputs are mostly incompressible doubles; writing
# is the scan's bottleneck, so no compression, no dictionary pages, no min/max statistics.
PARQUET_OPTIONS = {"compression": "none", "use_dictionary": False, "write_statistics": False}


class ScanStateError(ParameterError):
    """Existing output or parts that this scan may not use or replace without ``--overwrite``."""


def _atomic_write(path: Path, write):
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    write(tmp)
    os.replace(tmp, path)


class ChunkStore:
    """Parts directory of one scan; :meth:`start` opens it, :meth:`put` hands over evaluated chunks.

    ``manifest`` identifies the scan; ``schema`` (a ``pyarrow.Schema``) fixes the columns and
    their metadata.  ``put`` is fed by the evaluating thread; a writer thread with a bounded
    queue writes the chunk files and appends to the final file, overlapping with evaluation.
    """

    def __init__(self, output: Path, manifest: dict, schema, *, overwrite=False):
        self.output = Path(output)
        self.parts = self.output.with_name(self.output.name + ".parts")
        self.manifest, self.schema, self.overwrite = manifest, schema, overwrite
        self.n_chunks = manifest["n_chunks"]
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._next = 0            # first chunk not yet appended to the final file
        self._final = None        # open writer of the final file (temporary name)

    # -- opening -------------------------------------------------------------------------
    def check(self) -> None:
        """Raise ScanStateError if starting would overwrite or mix with another scan's results."""
        if self.output.exists() and not self.overwrite:
            raise ScanStateError(f"output {self.output} exists; pass --overwrite to replace it")
        old = self._read_manifest()
        if old is not None and old != self.manifest and not self.overwrite:
            diff = sorted(k for k in set(old) | set(self.manifest) if old.get(k) != self.manifest.get(k))
            raise ScanStateError(f"{self.parts} holds chunks of a different scan ({', '.join(diff)} "
                                 f"differ); pass --overwrite to discard them")

    def _read_manifest(self):
        try:
            return json.loads((self.parts / _MANIFEST).read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def done(self) -> set[int]:
        """Indices of the completed chunks on disk."""
        if not self.parts.is_dir():
            return set()
        return {int(p.stem[6:]) for p in self.parts.glob("chunk-*.arrow")}

    def start(self) -> set[int]:
        """Create or reuse the parts directory; returns the chunks already completed."""
        self.check()
        if self.parts.is_dir() and self._read_manifest() != self.manifest:
            shutil.rmtree(self.parts)  # only reachable with overwrite (check() passed)
        self.parts.mkdir(parents=True, exist_ok=True)
        for stale in self.parts.glob(".*.tmp"):
            stale.unlink()
        _atomic_write(self.parts / _MANIFEST, lambda p: p.write_text(json.dumps(self.manifest, indent=1)))
        done = self.done()
        self._thread = threading.Thread(target=self._run, name="scan-writer", daemon=True)
        self._thread.start()
        return done

    # -- writing -------------------------------------------------------------------------
    def put(self, k: int, columns: dict | None) -> None:
        """Queue chunk ``k`` (column name -> array) for writing, or, with None, announce that its
        chunk file was written by someone else (a Dask worker, :func:`write_part`); re-raises a
        writer failure."""
        if self._error is not None:
            raise self._error
        self._queue.put((k, columns))

    def close(self, complete: bool) -> Path | None:
        """Wait for queued chunks; if ``complete``, finish the final file. Returns it (or None)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error
        if not complete:
            if self._final is not None:
                self._final[0].close()
                self._final[1].unlink(missing_ok=True)
            return None
        self._append_ready(None)
        if self._next != self.n_chunks:
            missing = sorted(set(range(self.n_chunks)) - self.done())
            raise ScanStateError(f"{self.parts}: chunk(s) {missing[:5]} missing; rerun to compute them")
        if self._final is None:
            self._open_final()
        writer, tmp = self._final
        writer.close()
        os.replace(tmp, self.output)
        shutil.rmtree(self.parts)
        return self.output

    def _run(self):
        try:
            while (item := self._queue.get()) is not None:
                k, columns = item
                if columns is None:
                    self._append_ready(None)
                else:
                    table = write_part(self.parts, self.schema, k, columns)
                    self._append_ready((k, table))
        except BaseException as exc:  # handed to the evaluating thread by put()/close()
            self._error = exc
            while self._queue.get() is not None:  # unblock the producer until it closes
                pass

    def _chunk_path(self, k):
        return _chunk_path(self.parts, k)

    def _open_final(self):
        tmp = self.parts / f".final{self.output.suffix}.{os.getpid()}.tmp"
        if self.manifest["format"] == "parquet":
            import pyarrow.parquet as pq
            writer = pq.ParquetWriter(tmp, self.schema, **PARQUET_OPTIONS)
        else:
            writer = _CsvWriter(tmp, self.schema)
        self._final = (writer, tmp)

    def _append_ready(self, current):
        """Append every chunk from ``_next`` on that is complete, in order."""
        while self._next < self.n_chunks:
            if current is not None and current[0] == self._next:
                table = current[1]
            elif self._chunk_path(self._next).exists():
                import pyarrow as pa
                with pa.memory_map(str(self._chunk_path(self._next))) as src:
                    table = pa.ipc.open_file(src).read_all()
            else:
                return
            if self._final is None:
                self._open_final()
            self._final[0].write_table(table)
            self._next += 1


def _chunk_path(parts, k):
    return Path(parts) / f"chunk-{k:06d}.arrow"


def write_part(parts, schema, k, columns):
    """Write chunk ``k`` (column name -> array) as an Arrow IPC file, atomically; returns the table."""
    import pyarrow as pa
    table = pa.Table.from_arrays([pa.array(np.asarray(columns[f.name])) for f in schema], schema=schema)

    def write(path):
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
            writer.write_table(table)
    _atomic_write(_chunk_path(parts, k), write)
    return table


class _CsvWriter:
    """Streaming CSV: one header line, then rows; doubles printed in shortest round-trip form."""

    def __init__(self, path, schema):
        import pyarrow as pa
        import pyarrow.csv as csv
        self._sink = pa.OSFile(str(path), "wb")
        self._sink.write((",".join(schema.names) + "\n").encode())  # unquoted header
        self._writer = csv.CSVWriter(self._sink, schema,
                                     write_options=csv.WriteOptions(include_header=False, quoting_style="none"))

    def write_table(self, table):
        self._writer.write_table(table)

    def close(self):
        self._writer.close()
        self._sink.close()


def read_table(path) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """Columns of a scan or profile table (Parquet or CSV) and their units (empty if unknown)."""
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"no such table: {path}")
    import pyarrow as pa
    try:
        if path.suffix.lower() == ".csv":
            import pyarrow.csv as csv
            table = csv.read_csv(path)
        else:
            import pyarrow.parquet as pq
            table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise ParameterError(f"cannot read {path} as a {'CSV' if path.suffix.lower() == '.csv' else 'Parquet'} "
                             f"table: {exc}") from None
    units = {f.name: (f.metadata or {}).get(b"unit", b"").decode() for f in table.schema}
    cols = {}
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_null(col.type):  # a CSV column of NaN only ("nan" reads as null)
            col = col.cast(pa.float64())
        cols[name] = col.to_numpy(zero_copy_only=False)
        if col.null_count and cols[name].dtype == object:
            cols[name] = cols[name].astype(float)
    return cols, units
