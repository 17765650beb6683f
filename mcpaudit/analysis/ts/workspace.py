"""Path joins: a caller's project root with the server's own parts under it, and parts the code
checked to hold no ``..``.

``join(root, ".spec-workflow", "approvals")``: a caller value that is the first part of a join
whose other parts are the server's own (fixed names, no pattern, or values confined under it) is
the folder the tool works in - its workspace, the tool's declared input - and the files the server
keeps under it are not reached by a traversal (a caller value in a later part is followed on
its own). A later part of a concatenating ``path.join`` that the code refused when it held
``..`` (``if (seg.includes("..")) throw``; pathshape.NO_DOTDOT) stays under the first
part: join appends an absolute part instead of starting over, so nothing in it climbs out.
Which joins concatenate is the ``joins: concatenating`` data of the file models.
A resolving join whose first part is the working folder (``path.resolve(process.cwd(), p)``,
``cwd-calls`` in the file models) is no join at all: it is ``path.resolve(p)``, an absolute ``p``
replaces the folder, so ``p`` is the caller's path as is.
"""

from __future__ import annotations

import re
from typing import Optional

from ..taintvalue import EMPTY, JOIN_PART, WORKSPACE, Taint, mark, union
from . import nodes as N
from .pathshape import NO_DOTDOT
from .sinkresults import LISTED



#: the key, among a module's names from other modules, listing the monorepo's own packages
#: (``@scope/core``, separated by \x1f): an import by one of those names is a project import
PACKAGES = "\x00packages"

#: where a package's entry module may be, under its folder
ENTRIES = ("src/index", "index", "src/main", "lib/index", "src/mod")


def package_entry(folder: str, exists) -> Optional[str]:
    """The module key of a monorepo package's entry (``exists(key)``: a module of the project)."""
    base = f"{folder}/" if folder else ""
    return next((base + e for e in ENTRIES if exists(base + e)), None)


def in_workspace(linker, ref: str) -> Optional[str]:
    """``@scope/pkg.Name`` (``@scope/pkg/sub.Name``) of a package of this monorepo (the
    linker's ``workspaces``) as a project reference ``<module>#Name``, or None."""
    if "#" in ref or not linker.workspaces:
        return None
    for name, folder in linker.workspaces.items():
        if ref == name or ref.startswith(name + ".") or ref.startswith(name + "/"):
            rest = ref[len(name):]
            sub, _, member = rest.lstrip("/").partition(".") if rest.startswith("/") else ("", "", rest[1:])
            base = f"{folder}/" if folder else ""
            cands = [f"{base}src/{sub}", f"{base}{sub}", f"{base}lib/{sub}"] if sub else [base + e for e in ENTRIES]
            for key in cands:
                if linker.module_of(key) is not None:
                    return f"{key}#{member}"
            return None
    return None


#: a plain file or folder name (no glob or other pattern characters)
_NAME = re.compile(r"^[\w.@+ -]+$")


def _owned(M, consts) -> bool:
    """The constant parts (None: not constant) name a subpath of the server's: plain names (no
    '..', no pattern: '**/*' lists everything under the folder), the first of them a folder the
    tool keeps its own files in (``owned-folders``: '.spec-workflow'; a file name right under
    the caller's folder, 'snapshot.png', is written wherever the caller says)."""
    parts = [p for c in consts if c is not None for p in re.split(r"[\\/]+", c) if p]
    if not parts:
        return True  # no constant part: values confined under the first part, or none
    return M.owned_folder is not None and bool(M.owned_folder.match(parts[0])) and \
        all(_NAME.match(p) and p != ".." for p in parts)


def _cwd(fa, node) -> bool:
    """Whether ``node`` is a call of the working folder (``process.cwd()``)."""
    u = N.unwrap(node)
    if u is None or u.type != "call_expression" or N.args_of(u):
        return False
    return (fa.dotted(u.child_by_field_id(fa.F.function)) or "").replace("()", "") in fa.M.cwd_calls


def _absolute(fa, node, taint: Taint) -> bool:
    """Whether a join's first part starts at the root: every value in it is (path.resolve(),
    path.isAbsolute() passed), or it is the working folder or a constant absolute path."""
    if taint:
        return all("argument" in i.clean for i in taint.values())
    const = fa.const_of(node)
    return _cwd(fa, node) or (isinstance(const, str) and const.startswith("/"))


def join_result(fa, fq: str, arg_nodes, pos_args) -> Optional[Taint]:
    """The taint of ``fq(first, rest...)`` (a join of the file models), or None when it is not
    a join of several parts."""
    if fq not in fa.M.joins or len(arg_nodes) < 2 or arg_nodes[0].type == "spread_element":
        return None
    if len(arg_nodes) == 2 and fq not in fa.M.concat_joins and _cwd(fa, arg_nodes[0]):
        return None  # path.resolve(process.cwd(), p) is path.resolve(p): p as the caller gave it
    taints, it = [], iter(pos_args)
    for a in arg_nodes:
        taints.append(fa.ev_quiet(a) if a.type == "spread_element" else next(it, EMPTY))
    base, rest = taints[0], []
    concat = fq in fa.M.concat_joins
    # under an absolute first part (resolved, tested absolute, the working folder, "/srv"), the
    # join starts at the root: no part of it is ever read as an option in an argv
    whole = frozenset({JOIN_PART, "argument"}) if concat and _absolute(fa, arg_nodes[0], base) else frozenset({JOIN_PART})
    for t in taints[1:]:
        if t and all(LISTED in i.clean for i in t.values()):
            t = EMPTY  # join(dir, entry.name) of a listing: one component, no way out (sinkresults.py)
        t = mark(t, rooted=True, clean=whole)  # placed under what the code chose
        if concat and t:
            t = {k: (i.replace(clean=i.clean | {"path"}) if NO_DOTDOT in i.clean else i) for k, i in t.items()}
        rest.append(t)
    consts = [fa.const_of(n) if n.type != "spread_element" else None for n in arg_nodes[1:]]
    # the other parts: the server's names, or caller values confined under the first part; a
    # caller value that is not confined makes the join the caller's path as a whole, and a name
    # the server computes (screenshot-<time>.png) is a file right in the caller's folder
    if base and _owned(fa.M, consts) and all(c is not None or (t and all("path" in i.clean for i in t.values()))
                                            for c, t in zip(consts, rest)):
        # not a name the code joined under a folder before (it is followed as it is)
        base = {k: (i.replace(clean=i.clean | {"path", WORKSPACE}) if JOIN_PART not in i.clean else i)
                for k, i in base.items()}
    return union(base, *rest)
