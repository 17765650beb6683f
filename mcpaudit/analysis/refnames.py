"""Membership in a list of names a repository holds: no option, no path out of a folder.

``local = [b.name for b in repo.branches]`` then ``if name not in local: return``: past the
test, ``name`` equals a git ref name, and git refuses a ref name that starts with '-', contains
'..' or starts with '/'. The list is computed at run time from an object the caller may have
chosen (a repository at the caller's path), so it is not an allow-list the server fixed, but
what it can hold is fixed by git: the value can no longer be read as an option (``git checkout
<name>``) nor climb out of a folder it is joined under. The catalog's ``dashless-names`` (process
models, ``argv``) name the collections (``branches``, ``refs``, ...) and the element attributes
(``name``, ``remote_head``) whose values are such names, in a module that imports one of its
``modules`` (GitPython's ``git``).

:func:`ref_name_list` says whether a membership test's right side is such a list: a
comprehension whose element is ``x.name`` (possibly split and indexed, ``ref.name.split("/")[-1]``,
or ``removeprefix``'d) with ``x`` drawn from ``<anything>.branches`` (or another listed
collection); a ``+`` of such lists; or a local variable every assignment and every
``extend``/``+=`` of which in the function is one (an ``append`` or any other use that adds
elements is not). Shell metacharacters (``;``, ``$``) are allowed in ref names, so only the
``argument`` and ``path`` families are cleared (:data:`CLEARS`).
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from . import cstnodes as N

CLEARS = frozenset({"argument", "path"})
WHY = "one of the repository's ref names"
_DERIVE = frozenset({"split", "rsplit", "removeprefix", "partition", "rpartition"})


def _element(node, var: str, names) -> bool:
    """``var.name`` and what splitting or indexing it gives."""
    while True:
        if isinstance(node, cst.Subscript):
            node = node.value
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _DERIVE:
            node = node.func.value
        else:
            break
    return (isinstance(node, cst.Attribute) and node.attr.value in names
            and isinstance(node.value, cst.Name) and node.value.value == var)


def _comprehension(node, M) -> bool:
    if not isinstance(node, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
        return False
    f = node.for_in
    if f.inner_for_in is not None or not isinstance(f.target, cst.Name):
        return False
    it = f.iter
    return (isinstance(it, cst.Attribute) and it.attr.value in M.dashless_names.get("collections", ())
            and _element(node.elt, f.target.value, M.dashless_names.get("names", ())))


def _listed(node, M) -> bool:
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _listed(node.left, M) and _listed(node.right, M)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in ("list", "set", "sorted") \
            and len(node.args) == 1:
        return _listed(node.args[0].value, M)
    return _comprehension(node, M)


def _contributions(fn, name: str, mutators) -> Optional[list]:
    """Every value assigned to, extended into or added to ``name`` anywhere in ``fn``; None when
    something else adds to it (an append, an insert, an item or unpacking assignment)."""
    out = []
    for node in N.nodes_of(fn.body, (cst.Assign, cst.AugAssign, cst.For, cst.CompFor, cst.Call)):
        if isinstance(node, cst.Assign):
            for t in node.targets:
                if isinstance(t.target, cst.Name) and t.target.value == name:
                    out.append(node.value)
                elif not isinstance(t.target, cst.Name) and _mentions(t.target, name):
                    return None
        elif isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name) and node.target.value == name:
            out.append(node.value)
        elif isinstance(node, (cst.For, cst.CompFor)) and _mentions(node.target, name):
            return None  # a loop variable of that name: another value
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and isinstance(node.func.value, cst.Name) and node.func.value.value == name \
                and node.func.attr.value in mutators:
            if node.func.attr.value != "extend" or len(node.args) != 1:
                return None
            out.append(node.args[0].value)
    return out


def _mentions(node, name: str) -> bool:
    """``name`` as any Name under ``node``, an attribute's own name included (``t.name``)."""
    return any(n.value == name for n in N.nodes_of(node, cst.Name))


def ref_name_list(interp, right) -> bool:
    """Whether ``right`` (the list of a membership test) holds only git ref names."""
    M = interp.M
    mods = M.dashless_names.get("modules", ())
    if not any(v.split(".")[0] in mods for v in interp.mod.imports.values()):
        return False  # no GitPython here: another library's `tags` may hold any name
    if not isinstance(right, cst.Name):
        return _listed(right, M)
    fn = interp.inlining[-1] if getattr(interp, "inlining", None) else getattr(interp, "fn", None)
    if fn is None:
        return False
    found = _contributions(fn, right.value, M.container_mutators)
    return bool(found) and all(_listed(v, M) for v in found)
