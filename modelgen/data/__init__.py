"""Versioned experimental data sets: TOML files in, a :class:`Dataset` of entries out.

Built-in sets live beside this file (``hkot2020.toml``: the inputs of Hati, Kriewald, Orloff,
Teixeira, arXiv:2005.00028; ``current.toml``: 2025–26 values).  A file is::

    name = "mine"                 # optional; defaults to the file stem
    description = "..."           # optional
    extends = "current"           # optional: a built-in name or a path (relative to this file)

    [delta_a_mu]                  # one table per entry; the key is the entry's name
    value = 2.51e-9               # in an extending file: only the fields to override
    ...

An extending file overrides single fields of inherited entries (``value``, ``active``, ...) and
adds new ones, so a new set or a changed number needs no code change.  Every problem raises
:class:`~modelgen.errors.DataError` naming the file, the entry key and the line.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from modelgen.errors import DataError
from modelgen.data.schema import Entry, SchemaProblem, make_entry

__all__ = ["Dataset", "Entry", "load_dataset", "builtin_datasets"]

_HERE = Path(__file__).resolve().parent
_TOP_LEVEL = frozenset({"name", "description", "extends", "schema"})


def builtin_datasets() -> list[str]:
    """Names of the data sets shipped with modelgen."""
    return sorted(p.stem for p in _HERE.glob("*.toml"))


class Dataset:
    """An ordered collection of :class:`Entry`, looked up by observable name or entry key.

    ``ds["delta_a_e"]`` (or ``ds.for_observable``) gives the *active* entries constraining an
    observable; ``ds.entry(key)`` one entry by key; ``ds.select(key)`` a copy in which ``key``
    is the active member of its ``choice`` group (e.g. α(Rb) instead of α(Cs) for Δa_e).
    """

    def __init__(self, name: str, entries: dict[str, Entry], *, description: str = "",
                 files: tuple[str, ...] = ()):
        self.name = name
        self.description = description
        self.files = files
        self._entries = dict(entries)

    def __repr__(self) -> str:
        return f"Dataset({self.name!r}, {len(self._entries)} entries, files={list(self.files)})"

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, observable: str) -> bool:
        return bool(self.for_observable(observable))

    def __getitem__(self, observable: str) -> list[Entry]:
        found = self.for_observable(observable)
        if not found:
            raise KeyError(f"data set '{self.name}' has no active entry for observable '{observable}'")
        return found

    @property
    def observables(self) -> list[str]:
        """Observables with at least one active entry, in file order."""
        return list(dict.fromkeys(e.observable for e in self.active()))

    def active(self) -> list[Entry]:
        return [e for e in self._entries.values() if e.active]

    def for_observable(self, observable: str, *, include_inactive: bool = False) -> list[Entry]:
        return [e for e in self._entries.values()
                if e.observable == observable and (e.active or include_inactive)]

    def entry(self, key: str) -> Entry:
        try:
            return self._entries[key]
        except KeyError:
            raise DataError(f"data set '{self.name}' ({', '.join(self.files)}) has no entry '{key}'; "
                            f"entries: {', '.join(self._entries)}") from None

    def select(self, key: str) -> "Dataset":
        """Copy with ``key`` active and the other members of its ``choice`` group inactive."""
        chosen = self.entry(key)
        group = chosen.choice
        entries = {k: (replace(e, active=(k == key)) if (group and e.choice == group) or k == key else e)
                   for k, e in self._entries.items()}
        return Dataset(self.name, entries, description=self.description, files=self.files)


def _line_of(text: str, key: str, field: str | None = None) -> int:
    """1-based line of ``[key]`` (or of ``field = `` inside it); 0 when not found."""
    header = re.compile(r"^\s*\[\s*" + re.escape(key) + r"\s*\]\s*(#.*)?$")
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if header.match(ln)), None)
    if start is None:
        return 0
    if field is None:
        return start + 1
    assign = re.compile(r"^\s*" + re.escape(field) + r"\s*=")
    for j in range(start + 1, len(lines)):
        if re.match(r"^\s*\[", lines[j]):
            break
        if assign.match(lines[j]):
            return j + 1
    return start + 1


def _resolve(name_or_path: str | Path, relative_to: Path | None) -> Path:
    text = str(name_or_path)
    if text in builtin_datasets():
        return _HERE / f"{text}.toml"
    path = Path(text)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if path.suffix == ".toml" and path.is_file():
        return path
    where = f"{path}" if (path.suffix or "/" in text) else f"{_HERE / (text + '.toml')}"
    raise DataError(f"unknown data set '{text}': no file {where}; built-in sets are "
                    f"{', '.join(builtin_datasets())}, or give the path of a .toml file")


def _parse(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        line = int(m.group(1)) if m else 0
        lines = text.splitlines()
        table = next((ln.strip() for ln in reversed(lines[:max(line - 1, 0)])
                      if re.match(r"^\s*\[", ln)), "(top level)")
        shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        raise DataError(f"{path}:{line}: TOML syntax error in {table}: {exc}; the line reads {shown!r}") from None


def _load_raw(path: Path, seen: tuple[Path, ...]) -> tuple[dict[str, tuple], dict, tuple[str, ...]]:
    """Merged raw tables {key: (fields, file, line, text)}, top level of ``path``, chain of files."""
    if path in seen:
        raise DataError(f"{path}:1: 'extends' forms a cycle: {' -> '.join(map(str, seen + (path,)))}")
    doc, text = _parse(path)
    top = {k: v for k, v in doc.items() if not isinstance(v, dict)}
    for k in top:
        if k not in _TOP_LEVEL:
            raise DataError(f"{path}:{_top_line(text, k)}: top-level key '{k}' is not one of "
                            f"{', '.join(sorted(_TOP_LEVEL))} (entries must be [tables])")
    tables: dict[str, tuple] = {}
    files: tuple[str, ...] = ()
    if "extends" in top:
        base = top["extends"]
        if not isinstance(base, str):
            raise DataError(f"{path}:{_top_line(text, 'extends')}: 'extends' must be a set name or a path")
        try:
            base_path = _resolve(base, path.parent)
        except DataError as exc:
            raise DataError(f"{path}:{_top_line(text, 'extends')}: extends: {exc}") from None
        tables, _, files = _load_raw(base_path, seen + (path,))
    for key, fields in doc.items():
        if isinstance(fields, dict):  # an override merges field by field over the inherited table
            inherited = tables[key][0] if key in tables else {}
            tables[key] = ({**inherited, **fields}, str(path), _line_of(text, key), text)
    return tables, top, files + (str(path),)


def _top_line(text: str, key: str) -> int:
    for i, ln in enumerate(text.splitlines()):
        if re.match(r"^\s*" + re.escape(key) + r"\s*=", ln):
            return i + 1
    return 0


def load_dataset(name_or_path: str | Path = "current", *, observables=()) -> Dataset:
    """Load a built-in set (``"hkot2020"``, ``"current"``) or a TOML file, resolving ``extends``.

    Raises :class:`DataError` for an unknown name, a syntax error (file:line from tomllib), a
    semantic error (file:line of the entry's table or field, plus the entry key), or an
    ``observable`` that is neither in :func:`modelgen.observables.registry.known_observables`
    nor in ``observables`` (extra output names, e.g. of a user model).
    """
    path = _resolve(name_or_path, None)
    tables, top, files = _load_raw(path, ())
    entries: dict[str, Entry] = {}
    for key, (fields, file, line, text) in tables.items():
        try:
            entries[key] = make_entry(key, fields, file=file, line=line)
        except SchemaProblem as exc:
            at = _line_of(text, key, exc.field) if exc.field and exc.field in fields else line
            field = f".{exc.field}" if exc.field else ""
            raise DataError(f"{file}:{at}: entry [{key}]{field}: {exc}") from None
    for key, e in entries.items():
        _check_observable(e, tables[key][3], observables)
    _check_choices(entries)
    return Dataset(str(top.get("name", path.stem)), entries, description=str(top.get("description", "")),
                   files=files)


def _check_observable(e: Entry, text: str, extra) -> None:
    """An entry must constrain a quantity some model or observable computes (or the registry lists);
    ``recast.<key>`` of entry <key> is computed from that entry's own published limit."""
    from modelgen.observables.registry import known_observables  # the observables layer imports data
    known = known_observables() | set(extra)
    if e.observable in known or e.observable == f"recast.{e.key}":
        return
    near = difflib.get_close_matches(e.observable, sorted(known), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
    raise DataError(f"{e.file}:{_line_of(text, e.key, 'observable')}: entry [{e.key}].observable: unknown "
                    f"observable '{e.observable}'{hint} (the names are those of `modelgen list MODEL --outputs`; "
                    f"a new quantity needs an entry in modelgen/observables/registry.py)")


def _check_choices(entries: dict[str, Entry]) -> None:
    groups: dict[str, list[Entry]] = {}
    for e in entries.values():
        if e.choice:
            groups.setdefault(e.choice, []).append(e)
    for group, members in groups.items():
        on = [e for e in members if e.active]
        if len(on) > 1:
            e = on[-1]
            raise DataError(f"{e.file}:{e.line}: entry [{e.key}]: choice group '{group}' has several active "
                            f"entries ({', '.join(x.key for x in on)}); set active = false on all but one")
