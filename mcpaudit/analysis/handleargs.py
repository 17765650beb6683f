"""A file object handed to another object's ``write`` is no path.

``with open(path, "wb") as f: writer.write(f)`` (``PdfWriter.write``, ``Workbook.save``, any
writer whose model takes "a path or a stream") writes into the handle the ``with`` opened: the path
was judged at ``open()``, the call's own argument is the open file, so it is no second path sink.
A name is a handle when every binding of it in the function is a ``with`` item (or an
assignment) whose value is a call of a file opener (``open``, ``io.open``, ``aiofiles.open``,
``Path(...).open()``, ``gzip.open``, a temporary file). Any other binding (a parameter of that
name, ``f = path``) leaves the argument what it is.
"""

from __future__ import annotations

from typing import Set

from ..lazycst import cst

from . import cstnodes as N

#: dotted names of calls that return an open file object
_OPENERS = frozenset({"open", "builtins.open", "io.open", "codecs.open", "aiofiles.open", "gzip.open", "bz2.open",
                      "lzma.open", "tempfile.NamedTemporaryFile", "tempfile.TemporaryFile",
                      "tempfile.SpooledTemporaryFile"})


def _opener(fa, node) -> bool:
    if isinstance(node, cst.Await):
        node = node.expression
    if not isinstance(node, cst.Call):
        return False
    fq = fa.mod.dotted(node.func, fa.types) or ""
    if fq in _OPENERS:
        return True
    # Path(p).open("wb"), dest.open(): a method named open on a value (not a module's function)
    return isinstance(node.func, cst.Attribute) and node.func.attr.value == "open" and not fq.startswith(
        tuple(f"{m}." for m in fa.mod.imports.values()))


def _handles(fa) -> Set[str]:
    memo = getattr(fa, "_open_handles", None)
    if memo is not None:
        return memo
    bound: dict = {}
    fn = getattr(fa, "fn", None)
    for n in N.find_all(fn, (cst.WithItem, cst.Assign, cst.AnnAssign, cst.For, cst.AugAssign)) if fn is not None else ():
        if isinstance(n, cst.WithItem) and n.asname is not None and isinstance(n.asname.name, cst.Name):
            name, ok = n.asname.name.value, _opener(fa, n.item)
        elif isinstance(n, cst.Assign) and len(n.targets) == 1 and isinstance(n.targets[0].target, cst.Name):
            name, ok = n.targets[0].target.value, _opener(fa, n.value)
        else:
            for t in N.find_all(getattr(n, "target", None), (cst.Name,)) if getattr(n, "target", None) is not None else ():
                bound[t.value] = False
            continue
        bound[name] = bound.get(name, True) and ok
    params = {p.name for p in getattr(fa, "params", ())}
    fa._open_handles = {k for k, ok in bound.items() if ok and k not in params}
    return fa._open_handles


def open_handle(fa, node) -> bool:
    """``node`` names a file object the function opened (see the module)."""
    return isinstance(node, cst.Name) and node.value in _handles(fa)
