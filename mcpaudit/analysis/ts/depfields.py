"""Sinks reached through an injected dependency object.

Handlers written for testing take their file system and process functions as a parameter typed
by an interface, and the tool definition builds the real object from library members::

    interface WriteDeps { writeFile: typeof fs.writeFile; readFile: (p: string) => Promise<string> }
    async function handleWrite(deps: WriteDeps, args) { await deps.writeFile(target, text); }
    const deps: WriteDeps = { writeFile: fs.writeFile, readFile: fs.promises.readFile };

A property of such an interface is the function its type names (``typeof fs.writeFile``) or the
one an object literal declared with the interface's type sets it to (``readFile:
fs.promises.readFile`` anywhere in the module): a sink, an imported library or project function
(a path check such as ``resolvePath``), or a function of the module; ``deps.writeFile(...)`` on a
parameter annotated with the interface is a call of that function. Limits: the interface and the literal are read in the module that declares the
interface, and only a parameter annotated with the interface's own name in that module is typed.
"""

from __future__ import annotations

import re
from typing import Dict, Optional

from . import nodes as N


def dep_interface(mod, node) -> None:
    """Record an interface declaration on ``mod.dep_ifaces``: property -> the sink a ``typeof``
    type of it names (an empty record for an interface with none, for the literal scan)."""
    name_node = node.child_by_field_name("name")
    body = node.child_by_field_name("body")
    if name_node is None or body is None:
        return
    out: Dict[str, str] = {}
    for c in body.named_children:
        if c.type != "property_signature":
            continue
        key = N.prop_key(mod.data, c.child_by_field_name("name"))
        ann = c.child_by_field_name("type")
        query = next((q for q in ann.named_children if q.type == "type_query"), None) if ann is not None else None
        expr = query.named_children[0] if query is not None and query.named_children else None
        held = _held(mod, expr) if expr is not None else None
        if key and held:
            out[key] = held
    mod.dep_ifaces[N.text(mod.data, name_node)] = out


def _held(mod, node) -> Optional[str]:
    """The function a property's value or ``typeof`` names: a sink (``fs.writeFile``, a
    promisified ``exec``), an imported library or project function (``resolvePath`` from the
    project's utils: its checks hold), or a function of the module; None for anything else."""
    sink = mod.top.sink_alias(node)
    if sink:
        return sink
    u = N.unwrap(node)
    if u is None or u.type not in ("identifier", "member_expression"):
        return None
    d = mod.top.dotted(u)
    if not d or d.endswith("()"):
        return None
    if "#" in d or d != N.text(mod.data, u) or d in mod.local_names:
        return d
    return None


def _scan_literals(mod) -> None:
    """``const deps: WriteDeps = { writeFile: fs.writeFile, ... }`` anywhere in the module: each
    property set to a sink is that sink for the interface (walked only when the text has one)."""
    mod.dep_scanned = True
    names = "|".join(re.escape(n) for n in mod.dep_ifaces)
    if not names or not re.search((r":\s*(?:%s)\s*=\s*\{" % names).encode(), mod.data):
        return
    stack = [mod.tree.root_node]
    while stack:
        n = stack.pop()
        if n.type == "variable_declarator":
            ann = n.child_by_field_name("type")
            val = N.unwrap(n.child_by_field_name("value"))
            iface = N.type_name(mod.data, ann) if ann is not None else None
            if iface in mod.dep_ifaces and val is not None and val.type == "object":
                _literal_fields(mod, mod.dep_ifaces[iface], val)
        stack.extend(n.named_children)


def _literal_fields(mod, fields: Dict[str, str], obj) -> None:
    for p in obj.named_children:
        if p.type == "pair":
            key = N.prop_key(mod.data, p.child_by_field_name("key"))
            value = p.child_by_field_name("value")
        elif p.type == "shorthand_property_identifier":
            key, value = N.text(mod.data, p), p
        else:
            continue
        held = _held(mod, value) if value is not None else None
        if key and held:
            fields.setdefault(key, held)


def dep_member(fn, base: str, prop: str) -> Optional[str]:
    """The sink ``base.prop`` calls when ``base`` is a parameter of ``fn`` annotated with a
    dependency interface of its module whose property ``prop`` holds one; else None."""
    mod = fn.mod
    if not getattr(mod, "dep_ifaces", None) or base not in fn.param_names:
        return None
    iface = next((p.annotation for p in fn.params if p.name == base), None)
    if iface not in mod.dep_ifaces:
        return None
    if not getattr(mod, "dep_scanned", False):
        _scan_literals(mod)
    return mod.dep_ifaces[iface].get(prop)
