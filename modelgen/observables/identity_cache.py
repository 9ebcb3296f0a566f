"""Bounded caches keyed by object identity, for unhashable immutable inputs (data sets, entries).

The object is stored next to its value, so its id cannot be reused while the entry lives; the store
is cleared when it exceeds ``limit`` (data sets loaded by name are new objects at every call).
"""
from __future__ import annotations

__all__ = ["by_identity"]


def by_identity(store: dict, obj, make, limit: int):
    """``make(obj)``, computed once per live ``obj`` and kept in ``store`` (id -> (obj, value))."""
    hit = store.get(id(obj))
    if hit is None or hit[0] is not obj:
        if len(store) > limit:
            store.clear()
        hit = store[id(obj)] = (obj, make(obj))
    return hit[1]
