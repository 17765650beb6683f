"""Membership proved by a lookup in the server's own store (issue 14, ts30b).

``const document = await manager.getDocument(id); if (!document) return "not found";`` then
``deleteDocument(id)`` unlinks ``${dataDir}/${id}.md``: past the refusal, ``id`` names a record the
store holds, keys the server made itself (content hashes, generated ids), as after ``if
(!KNOWN.includes(id)) return`` (an allow-list known at run time; the Python half is
analysis/lookupguards.py). A method call whose name is a lookup (``get``/``find``/``lookup``/
``load``/``fetch``/``retrieve`` + a noun, ``findOne``, ``findById``, ``getById``, ``findUnique``,
``findFirst``, ``get``) with the tested value as its only argument, whose result is tested for
truth and the request refused otherwise, narrows that value for the path and URL rules (the
families a stored key is used to build); the step names the lookup.

Only a method call (a store, a client, a map: ``x.getDocument(id)``), never a plain function (a
validator is read by name elsewhere), with one argument that is the variable itself.
"""

from __future__ import annotations

import re
from typing import List

from . import nodes as N

_LOOKUP = re.compile(r"^(?:(?:get|find|lookup|load|fetch|retrieve)[A-Z]\w*|findOne|findUnique|findFirst|get)$")
_BUILDERS = re.compile(r"(?i)^(?:get|find|load|fetch)(?:\w*(?:path|url|uri|file|dir|name|key|link|location|href)s?)$")
_FAMILIES = frozenset({"path", "ssrf"})


def lookup_narrowings(fa, recv, meth: str, args) -> List[tuple]:
    """``recv.meth(v)`` found a record (tested true): ``v`` is a key the store holds."""
    if len(args) != 1 or not _LOOKUP.match(meth) or _BUILDERS.match(meth):
        return []  # getPath(id), getUrl(id): text built from the key, not a record found by it
    arg = N.unwrap(args[0])
    if arg is None or arg.type not in ("identifier", "member_expression"):
        return []
    var = N.var_of(fa.data, arg)
    if not var or not fa.env.get(var) or any(isinstance(k, tuple) and k and k[0] in ("p", "pf")
                                            for k in fa.ev_quiet(recv)):
        return []  # a lookup in a collection the caller fills proves nothing (a store the
        # server made, await getStore(), is a call's result: kept)
    shown = f"{N.text(fa.data, recv)}.{meth}()"
    return [(var, _FAMILIES, None, f"lookup in the server's store ({shown} found a record)")]


__all__ = ["lookup_narrowings"]
