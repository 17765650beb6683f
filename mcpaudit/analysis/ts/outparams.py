"""Values a function writes into a container its caller passed (issue 14, ts56b).

    async function walk(dir: string, files: string[]) {
      for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full, files); else files.push(full);
      }
    }
    const files: string[] = [];
    await walk(resolve(root), files);          // files now holds paths under the caller's root
    for (const f of files) await readFile(f);  // each one read

A callee that adds to a parameter's elements (``push``/``unshift``/``splice``/``add``/``set``/
``append``, the catalog's ``container-mutators``, or ``p[i] = v``) changes the caller's array, map
or set. The callee's summary keeps what it wrote per positional parameter
(``FuncSummary.param_writes``: index -> taint in the callee's terms, :func:`note_write`); at each
call into the project, an argument that names a container the caller holds (a local initialised
with an array or object literal or ``new Map()``/``new Set()``/``new Array()``, or a parameter of
the caller: a recursive walk hands its own list on; not a module variable, whose stores other
analyses follow) gets the label ``("o", call, i)``
(:func:`out_labels`), which the linker binds to what the call's callee wrote into its ``i``-th
parameter (``inter.Linker.subst``). A caller's parameter so passed on is itself written (the
recursion, and a wrapper that passes its list to the walk)."""

from __future__ import annotations

import re
from typing import Dict

from ..taintvalue import Info, Taint, union
from . import nodes as N

#: label kind: ("o", call index, positional index) - what that call's callee wrote into the
#: elements of the argument at that position
OUT = "o"
_CONTAINERS = frozenset({"Map", "Set", "Array", "WeakMap", "WeakSet"})


def _own_params(fa) -> Dict[str, int]:
    """The function's positional parameters by name (not those of callbacks it runs in place)."""
    if fa.node is None:
        return {}
    pos = [p.name for p in fa.params if p.kind == "pos"]
    return {n: i for i, n in enumerate(pos)}


def note_write(fa, var: str, taint: Taint) -> None:
    """``var.push(v)`` / ``var[i] = v`` in a function whose positional parameter ``var`` is: the
    value is written into the caller's container."""
    if not taint or "." in var or var not in _own_params(fa) or _shadowed(fa, var):
        return
    writes = fa.__dict__.setdefault("param_writes", {})
    writes[var] = union(writes.get(var) or {}, taint)


def _shadowed(fa, var: str) -> bool:
    """A function evaluated in place (a callback, a local helper) declares a parameter of that
    name: the write is into its own value, not the caller's container."""
    word = re.compile(r"\b%s\b" % re.escape(var))
    for fn, _site, _frame in fa.arg_frames:
        ps = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        if ps is not None and word.search(N.text(fa.data, ps)):
            return True
    return False


def _container(fa, ident) -> bool:
    """A name of the caller that holds a container it passes on: a parameter, or a local
    initialised with a literal array/object or a new Map/Set/Array."""
    name = N.text(fa.data, ident)
    if name in _own_params(fa):
        return True
    if fa.node is None or name in getattr(fa, "module_locals", ()):
        return False  # a module variable (a list of roots a check is handed): its stores are followed as such
    value = N.unwrap(N.declared_value(fa.data, ident))
    if value is None or _top_level(value):
        return False
    if value.type in ("array", "object"):
        return True
    if value.type == "new_expression":
        ctor = value.child_by_field_name("constructor")
        return ctor is not None and N.text(fa.data, ctor) in _CONTAINERS
    return False


def _top_level(value) -> bool:
    """The declaration is at the top of the module, not in a function."""
    cur = value.parent
    while cur is not None and not N.is_function(cur) and cur.type not in ("method_definition", "class_body"):
        if cur.type == "program":
            return True
        cur = cur.parent
    return False


def out_labels(fa, node, idx: int, arg_nodes, short: str) -> None:
    """After a call into the project (call record ``idx``): each container argument holds what
    the callee writes into it."""
    for i, a in enumerate(arg_nodes):
        if a.type == "spread_element":
            return  # the positions after a spread are not known
        u = N.unwrap(a)
        if u is None or u.type != "identifier" or not _container(fa, u):
            continue
        name = N.text(fa.data, u)
        label = {(OUT, idx, i): Info((fa.step(node, f"'{name}' filled by {short}()"),))}
        fa.env[name] = union(fa.env.get(name) or {}, label)
        note_write(fa, name, label)


def param_writes(fa) -> Dict[int, Taint]:
    """The summary's writes: positional index -> what the function wrote into that parameter."""
    writes = fa.__dict__.get("param_writes") or {}
    pos = _own_params(fa)
    return {pos[n]: t for n, t in writes.items() if n in pos}


__all__ = ["OUT", "note_write", "out_labels", "param_writes"]
