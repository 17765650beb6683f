"""Keyed containers (``Map``, ``WeakMap``: ``keyed-containers`` in the TypeScript models).

``m.set(key, value)`` keeps ``value`` under ``key``: the container holds what was stored, so
configuration kept in a Map under the caller's environment name (``this.envs.set(name, env)``
after a lookup) stays the operator's. ``m.get(key)`` returns a stored value, never the key: the
caller's key only chooses among the operator's values. (The keys themselves are not followed into
``keys()`` or an iteration of the Map.)
"""

from __future__ import annotations

from . import nodes as N


def keyed_map(fn, recv_node) -> bool:
    """Whether ``recv_node`` is a keyed container: built by ``new Map(...)``, or a variable or a
    field assigned so or annotated ``Map<K, V>`` (returntypes.py)."""
    r = N.unwrap(recv_node)
    return r is not None and (fn.type_of(r) or "").split("<", 1)[0] in fn.M.keyed_containers
