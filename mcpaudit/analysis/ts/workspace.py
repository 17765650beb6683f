"""Path joins: a caller's project root with the server's own parts under it, and parts the code
checked to hold no ``..``.

``join(root, ".spec-workflow", "approvals")``: a caller value that is the first part of a join
whose other parts are there (a fixed subfolder, a name the server or a check chose) is the
folder the tool works in - its workspace, the tool's declared input - and the files the server
keeps under it are not reached by a traversal (a caller value in a later part is followed on
its own). A later part of a concatenating ``path.join`` that the code refused when it held
``..`` (``if (seg.includes("..")) throw``; pathshape.NO_DOTDOT) stays under the first
part: join appends an absolute part instead of starting over, so nothing in it climbs out.
Which joins concatenate is the ``joins: concatenating`` data of the file models.
"""

from __future__ import annotations

import re
from typing import Optional

from ..taintvalue import EMPTY, JOIN_PART, WORKSPACE, Taint, mark, union
from .pathshape import NO_DOTDOT



def _climbs(const: str) -> bool:
    """A constant part that is no subpath: empty, '.', or one that climbs ('..')."""
    parts = [p for p in re.split(r"[\\/]+", const) if p]
    return not parts or all(p == "." for p in parts) or ".." in parts


def join_result(fa, fq: str, arg_nodes, pos_args) -> Optional[Taint]:
    """The taint of ``fq(first, rest...)`` (a join of the file models), or None when it is not
    a join of several parts."""
    if fq not in fa.M.joins or len(arg_nodes) < 2 or arg_nodes[0].type == "spread_element":
        return None
    taints, it = [], iter(pos_args)
    for a in arg_nodes:
        taints.append(fa.ev_quiet(a) if a.type == "spread_element" else next(it, EMPTY))
    base, rest = taints[0], []
    concat = fq in fa.M.concat_joins
    for t in taints[1:]:
        t = mark(t, rooted=True, clean=frozenset({JOIN_PART}))  # placed under what the code chose
        if concat and t:
            t = {k: (i.replace(clean=i.clean | {"path"}) if NO_DOTDOT in i.clean else i) for k, i in t.items()}
        rest.append(t)
    consts = [fa.const_of(n) if n.type != "spread_element" else None for n in arg_nodes[1:]]
    if base and not any(c is not None and _climbs(c) for c in consts):
        # not a name the code joined under a folder before (it is followed as it is)
        base = {k: (i.replace(clean=i.clean | {"path", WORKSPACE}) if JOIN_PART not in i.clean else i)
                for k, i in base.items()}
    return union(base, *rest)
