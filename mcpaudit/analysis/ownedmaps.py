"""A server-owned mapping's entry chosen by a caller's key: the key selects, it does not write.

``target = config.get("targets", {}).get(name)``, ``self._targets.get(name)`` with
``self._targets = {}`` filled by the server: what comes out is an entry the server put there (a
configured host, its key file), never the key itself, so the caller's taint does not pass to the
result (``CONFIG[name]`` already reads only the mapping's own taint). A mapping that holds the
caller's data keeps it (``arguments.get(name)``, ``{name: value}`` built from parameters): only an
untainted receiver known to be a mapping is read this way, by its shape (an item of another
mapping, ``x.get("k", {})``, ``x["k"]``) or by what it was bound to (a dict display or ``dict()``
for a local or module name, the same assigned to ``self.<attr>`` in the module). A mapping the
module writes entries into (``GROWN[name] = path`` in a tool, ``self.x[k] = v`` outside the
constructor's display) may hold what a caller stored there, so it is not read this way.
"""

from __future__ import annotations

import re
from typing import Dict

from ..lazycst import cst

from . import cstnodes as N

_DICT_CALLS = ("dict", "defaultdict", "OrderedDict", "collections.defaultdict", "collections.OrderedDict")


def owned_mapping(ev, recv_node) -> bool:
    """``recv_node`` (whose value carries no taint) is a mapping by its shape or its binding,
    and nothing in the module writes entries into it."""
    root = recv_node
    while isinstance(root, (cst.Subscript, cst.Call, cst.Attribute)):
        root = root.func.value if isinstance(root, cst.Call) and isinstance(root.func, cst.Attribute) else \
            getattr(root, "value", None)
    # the shape first: the module's mutated names are a walk of its whole tree
    return _mapping(ev, recv_node) and not (isinstance(root, cst.Name) and root.value in N.module_mutated(ev.mod))


def _mapping(ev, recv_node) -> bool:
    if isinstance(recv_node, cst.Subscript):
        return len(recv_node.slice) == 1 and isinstance(recv_node.slice[0].slice, cst.Index) and \
            N.string_value(recv_node.slice[0].slice.value) is not None
    if isinstance(recv_node, cst.Call):
        f = recv_node.func
        return isinstance(f, cst.Attribute) and f.attr.value == "get" and bool(recv_node.args) and \
            N.string_value(recv_node.args[0].value) is not None and _nested(ev, f.value)
    if isinstance(recv_node, cst.Name):
        return any(_is_dict(ev, values.get(recv_node.value))
                   for values in (ev.local_values, ev.outer_values, ev.mod.module_values))
    d = ev.mod.dotted(recv_node) or ""
    if d.startswith("self.") and d.count(".") == 1:
        return d[5:] in _self_dicts(ev.mod) and not re.search(
            rf"self\.{d[5:]}(\[[^\]\n]*\]\s*=[^=]|\.(update|setdefault)\()", ev.mod.text)
    return False


def _nested(ev, node) -> bool:
    """The mapping whose item is read: a name, an attribute or another item (not a module's
    ``get`` function: ``requests.get("https://...")``)."""
    if isinstance(node, cst.Name):
        return node.value not in ev.mod.imports
    return isinstance(node, (cst.Attribute, cst.Subscript, cst.Call))


def _is_dict(ev, node) -> bool:
    if isinstance(node, (cst.Dict, cst.DictComp)):
        return True
    return isinstance(node, cst.Call) and (ev.mod.dotted(node.func) or "") in _DICT_CALLS


def _self_dicts(mod) -> frozenset:
    """Attributes the module's classes bind to a dict display or ``dict()``: ``self._targets = {}``."""
    got = mod.__dict__.get("_self_dicts")
    if got is None:
        found: Dict[str, bool] = {}
        for m in _SELF_DICT.finditer(mod.text):
            found[m.group(1)] = True
        got = mod._self_dicts = frozenset(found)
    return got


_SELF_DICT = re.compile(r"self\.(\w+)\s*(?::[^=\n]+)?=\s*(?:\{|dict\(|defaultdict\(|OrderedDict\(|collections\.)")
