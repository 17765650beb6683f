"""Object-rest destructuring that splits a secret off: ``const { accessToken: _r, ...safe } =
options``. The rest binding holds every property but the ones named before it, so when one of
those names a credential (the catalog's secret names), the rest no longer carries the secret the
whole object did: it gets the object's value without its secrets (and without a secret a caller
binds to the object later, when modules are linked), plus what the function itself stored in
the properties it keeps (``options.password = ...``: still in the rest).
"""

from __future__ import annotations

from typing import List, Optional

from ..taintvalue import Taint, desecret, union
from . import nodes as N
from .restfields import left_out, source_path


def rest_value(fa, target, v: Taint, src: Optional[str], value_node=None) -> Taint:
    """What the rest element of object pattern ``target`` binds, for a value ``v`` (of the
    variable ``src`` when it is one, of ``value_node``) evaluated by ``fa`` (a TsFunction)."""
    if not v:
        return v
    removed: List[str] = []
    for c in target.named_children:
        if c.type == "rest_pattern":
            continue
        entry = N.pattern_property(fa.data, c)
        if entry is not None:
            removed.append(entry[0])
    gone = left_out(fa, src or source_path(fa, value_node), removed)  # what only those fields held
    if gone:
        v = {label: info for label, info in v.items() if label not in gone}
    if not any(fa.M.is_secret_name(k) for k in removed):
        return v
    out = desecret(v)
    if src is not None:
        prefix = src + "."
        for d, t in fa.env.items():
            if d.startswith(prefix) and "." not in d[len(prefix):] and d[len(prefix):] not in removed:
                out = union(out, t)
    return out
