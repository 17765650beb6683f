"""An argv that is one item of a list of split command lines.

A pipeline runner splits the caller's line on ``|`` and each stage into words, then runs each
stage's words as an argv::

    parts = [shlex.split(c) for c in split_pipe(line)]
    first = parts[0]
    run(*first)
    for argv in parts[1:]:
        run(*argv)

Each argv is a split of the caller's text, so its first word (the program) is the caller's: the
same shell-in-disguise as ``run(shlex.split(line))``, not an argv "built elsewhere" whose element
holding the value is unknown. :func:`split_item` names the split (``shlex.split``) when ``node``
is such an item: a name bound to an index of the list (``parts[0]``), a loop variable over the
list or a slice of it, the list read through local names.
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from . import cstnodes as N

_DEPTH = 4


def _bound(fa, name: str):
    """The value of the only plain assignment to ``name`` in the function ``fa`` reads."""
    fn = fa.inlining[-1] if getattr(fa, "inlining", None) else fa.fn
    if fn is None:
        return None
    found = [a.value for a in N.find_all(fn, cst.Assign)
             if len(a.targets) == 1 and isinstance(a.targets[0].target, cst.Name) and a.targets[0].target.value == name]
    return found[0] if len(found) == 1 else None


def _items_split(fa, node, depth: int) -> Optional[str]:
    """The split each item of the list ``node`` is: ``[shlex.split(c) for c in cs]``, a slice of
    one, or a local name bound to one."""
    if depth > _DEPTH or node is None:
        return None
    if isinstance(node, (cst.ListComp, cst.GeneratorExp)):
        return N.split_source(node.elt)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "list" and len(node.args) == 1:
        return _items_split(fa, node.args[0].value, depth + 1)  # list(shlex.split(c) for c in cs)
    if isinstance(node, cst.Subscript) and _sliced(node):
        return _items_split(fa, node.value, depth + 1)
    if isinstance(node, cst.Name):
        value = fa.local_values.get(node.value) if node.value in fa.local_values else _bound(fa, node.value)
        return _items_split(fa, value, depth + 1)
    return None


def _sliced(node: cst.Subscript) -> bool:
    return len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Slice)


def split_item(fa, node, depth: int = 0) -> Optional[str]:
    """The split (``shlex.split``) that made ``node`` when it is one item of a list of split
    command lines; None otherwise."""
    if depth > _DEPTH or node is None:
        return None
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return _items_split(fa, node.value, depth + 1)  # parts[0]
    if isinstance(node, cst.Name):
        loop = getattr(fa, "loop_sources", {}).get(node.value)
        if loop is not None:
            return _items_split(fa, loop, depth + 1)  # for argv in parts[1:]
        return split_item(fa, _bound(fa, node.value), depth + 1)  # first = parts[0]
    return None


__all__ = ["split_item"]
