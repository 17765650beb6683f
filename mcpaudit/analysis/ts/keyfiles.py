"""A credential's file named in an argument list: ``args.push("-i", options.privateKey)``,
``["ansible", "--private-key", keyPath, host]``. The options of ``key-file-options`` (process
models: ssh's ``-i identity_file``, ansible's ``--private-key``) take the path of the file the key
is kept in, so a secret-named value right after one is that path: the list logged whole
(``args.join(" ")``) writes no key material, nor does a secret bound to it when modules are
linked (a setting read from a secret-named variable). The value keeps its taint for every other
family (a caller's path there is still the caller's)."""

from __future__ import annotations

from typing import List, Sequence

from ..taintvalue import Info, Taint
from . import nodes as N

_NOT_SECRET = frozenset({"log", "return"})


def key_file_values(fa, nodes: Sequence, taints: List[Taint]) -> List[Taint]:
    """``taints`` (one per element node of an argument list, in order) with each element that
    follows a constant key-file option marked as holding no secret for logs and results."""
    options = getattr(fa.M, "key_file_options", None)
    if not options or len(nodes) < 2:
        return taints
    out = list(taints)
    for i in range(1, min(len(nodes), len(out))):
        if not out[i] or N.string_value(fa.data, nodes[i - 1]) not in options:
            continue
        out[i] = {label: _path_only(info) for label, info in out[i].items()}
    return out


def _path_only(info: Info) -> Info:
    return info if _NOT_SECRET <= info.clean else info.replace(clean=info.clean | _NOT_SECRET)
