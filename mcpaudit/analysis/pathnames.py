"""Path objects: whether an expression is recognisably a ``pathlib`` path, and what its final
name keeps of the caller's value.

``Path(x).name`` (and ``.stem``) is the last component of ``x``, exactly what
``os.path.basename(x)`` returns: the "safe file name" idiom::

    safe = Path(filename).name                 # "../../etc/passwd" -> "passwd"
    full = (self.base_path / safe).resolve()
    if not str(full).startswith(str(self.base_path)): raise ValueError(...)

A single component joined onto a fixed base stays in that base whatever check follows (the
weakness of a ``startswith`` without a separator is a sibling folder, which one component cannot
name). The one component that is not a name is ``..`` (``Path("..").name == ".."``): joined and
resolved it is the base's parent, which any prefix check on the resolved path refuses, and which a
file read or write cannot open. The catalog's ``path-tails`` lists these attributes next to
``os.path.basename``; the ``path`` family is cleared the way ``os.path.basename``'s sanitizer row
clears it (``rules/models/python/files.yaml``), and the value can again be read as an option
(``-rf`` is a name too).

The attribute is read this way only on a receiver that is clearly a path object (a pathlib class
called, a variable bound to one or annotated as one, ``base / x``, ``p.resolve()``, ``p.parent``):
``args.name`` on a tool's input model is the caller's value itself.
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from .cstnodes import nodes_of, per_node
from .fixedscratch import CLEANUP
from .pathreturns import path_class
from .positions import flat_body

_NAME_ATTRS = frozenset({"name", "stem", "suffix"})  # suffix: the end of the name


def _is_path_fq(fq: Optional[str]) -> bool:
    fq = (fq or "").replace("()", "")
    return fq.startswith("pathlib.") or fq in ("anyio.Path", "Path", "PurePath", "PosixPath")


def param_is_path(fa, name: str) -> bool:
    """Whether ``name`` is a parameter of the function being read annotated as a path class."""
    fn = getattr(fa, "fn", None)
    if fn is None or not isinstance(getattr(fn, "params", None), cst.Parameters):
        return False
    p = fn.params
    for param in list(p.posonly_params) + list(p.params) + list(p.kwonly_params):
        if param.name.value == name:
            return param.annotation is not None and path_class(fa.mod, param.annotation.annotation)
    return False


def path_typed(fa, node, depth: int = 0) -> bool:
    """Whether ``node`` is recognisably a pathlib path object."""
    if depth > 5 or node is None:
        return False
    if isinstance(node, cst.Call):
        if _is_path_fq(fa.mod.dotted(node.func, fa.types)):
            return True
        func = node.func
        return isinstance(func, cst.Attribute) and func.attr.value in fa.M.path_derivations and \
            path_typed(fa, func.value, depth + 1)  # Path(x).resolve()
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        return path_typed(fa, node.left, depth + 1)  # base / x
    if isinstance(node, cst.Attribute) and node.attr.value == "parent":
        return path_typed(fa, node.value, depth + 1)
    if isinstance(node, cst.Name):
        if _is_path_fq(fa.types.get(node.value)):
            return True
        bound = fa.local_values.get(node.value)
        if bound is not None and bound is not node:
            return path_typed(fa, bound, depth + 1)
        return param_is_path(fa, node.value)
    return False


def final_name(fa, node: cst.Attribute) -> bool:
    """``<path>.name`` / ``<path>.stem``: the last component of a path object."""
    return node.attr.value in _NAME_ATTRS and node.attr.value in fa.M.path_tails and path_typed(fa, node.value)


#: a path sink's detail: a delete in an ``except`` block that re-raises, undoing what the failed
#: call was writing (``except BaseException: path.unlink(); raise``): no effect of its own
#: (effects.py), and still a write for every other rule
ROLLBACK = "removes what the failed call was writing"
#: ... and of a write or delete on a parameter that only its annotation shows to be a path: a
#: finding when a caller's value reaches it, but not an effect of every tool that calls the
#: helper (a server's own spill or cache file removed through a typed helper is no data a
#: read-only tool destroys; the value-flow finding speaks for a caller's path)
TYPED_WRITE = "writes or deletes the file a path-typed parameter names"


def _rollback_calls(body) -> frozenset:
    """The ids of the calls inside ``except`` blocks of ``body`` that end with a bare ``raise``."""
    out = set()
    for h in nodes_of(body, cst.ExceptHandler):
        stmts = flat_body(h.body)
        last = stmts[-1] if stmts else None
        if isinstance(last, cst.Raise) and last.exc is None:  # flat_body: the small statements
            out.update(id(c) for c in nodes_of(h, cst.Call))
    return frozenset(out)


def typed_param(fa, node) -> bool:
    """``p`` in ``def f(p: Path): p.unlink()``: a parameter annotated as a path class, a path
    receiver by its annotation only."""
    return isinstance(node, cst.Name) and param_is_path(fa, node.value)


def delete_detail(fa, c, write: bool) -> str:
    """The detail of a receiver-path sink ``c``: :data:`ROLLBACK` for ``p.unlink()`` /
    ``p.rmdir()`` in a re-raising ``except`` block of the function it is written in;
    :data:`~.fixedscratch.CLEANUP` for the removal of a temporary path the function made;
    :data:`TYPED_WRITE` when only the receiver parameter's annotation says it is a path; else
    "write" (or "" for a read)."""
    if not write:
        return ""
    body = fa.inlining[-1] if getattr(fa, "inlining", None) else getattr(fa, "fn", None)
    if c.method in ("unlink", "rmdir") and body is not None:
        if id(c.node) in per_node(fa.mod, "_rollback_calls", body, _rollback_calls):
            return ROLLBACK
        if fa._own_temp(c.recv_node):
            return CLEANUP  # Path(name) of mkstemp's name, removed: the temporary file it made (tempnames.py)
    if typed_param(fa, c.recv_node) and not fa._is_pathlike(c.recv_node, c.recv):
        return TYPED_WRITE
    return "write"
