"""Lookups by key on a library's objects: ``client.getRoom(roomId)``, ``cache.findUser(userId)``.

A getter of a noun (``get<Noun>``, ``find<Noun>``, ``lookup<Noun>``) called on an object outside
the project, whose every caller-controlled argument is a key by its name (``roomId``,
``args.user_id``, ``id``), selects an object the library already holds: a room the client
synced, a user its cache keeps. What comes back is that object, the receiver's data, not the
key: an image URL read from the room's events is the homeserver's, whatever room the caller
named. The call's result keeps the receiver's taint only, as ``map.get(key)`` does (the
``receiver-only`` methods of the models).

The knowledge is the catalog's ``key-lookups`` section (``rules/models/typescript/builtins.yaml``):
the getter names, the nouns of text a getter may build from its key (``getPath(fileId)``,
``getDownloadUrl(id)``: a path or a URL that holds the key keeps the pass-through) and the names
of key arguments. Project functions are followed as before; this decides only what a call the
scan cannot follow returns.
"""

from __future__ import annotations

from typing import List

from . import nodes as N
from ..taintvalue import EMPTY, Taint


def _key_named(data, node, keys) -> bool:
    u = N.unwrap(node)
    if u is None or u.type not in ("identifier", "member_expression", "shorthand_property_identifier"):
        return False
    name = N.last_name(data, u) if u.type != "shorthand_property_identifier" else N.text(data, u)
    return bool(name) and keys.search(name) is not None


def lookup_args(fa, method, recv_node, arg_nodes, pos_args: List[Taint], all_args: Taint) -> Taint:
    """The arguments' taint that reaches a library call's result: none for a lookup by key
    (module docstring), else ``all_args``."""
    spec = getattr(fa.M, "key_lookups", None)
    if not all_args or spec is None or not method or recv_node is None or len(pos_args) != len(arg_nodes):
        return all_args
    getters, text_nouns, keys = spec
    if getters.search(method) is None or text_nouns.search(method) is not None:
        return all_args
    if all(not t or _key_named(fa.data, a, keys) for a, t in zip(arg_nodes, pos_args)):
        return EMPTY
    return all_args


__all__ = ["lookup_args"]
