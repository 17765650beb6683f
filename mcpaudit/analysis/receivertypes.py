"""The library type of a method call's receiver, when the code says what built it.

A method row that applies to "any" receiver (``.execute()``, ``.fetch()``) names a method, not an
object: ``IMAP4.fetch(message_set, parts)`` and ``asyncpg.Connection.fetch(query)`` share a name.
When the receiver's value is known to come from a library - a local or module-level object a
library constructor or factory built (``mail = imaplib.IMAP4_SSL(host)``, ``cur =
sqlite3.connect(p).cursor()``), an attribute chain of such an object (``repo.remotes.origin``), or a
parameter annotated with a library class (``mail: imaplib.IMAP4_SSL``) - the row's
``typed-receiver`` class says whether that library's objects are the row's receivers. A receiver
whose type is unknown (a parameter without annotation, a project function's result) is matched as
before.
"""

from __future__ import annotations

import sys
from typing import FrozenSet, Optional

from ..lazycst import cst

from ..catalog.models import Receiver
from . import cstnodes as N
from .cstnodes import ann_parts
from .sinkbits import truthy_constant as _truthy_constant

#: annotation words that wrap the class rather than name it
_WRAPPERS = frozenset({"Optional", "Union", "None", "typing.Optional", "typing.Union", "Annotated",
                       "typing.Annotated"})


def _root_name(node) -> Optional[cst.Name]:
    while isinstance(node, (cst.Attribute, cst.Call, cst.Await)):
        node = node.value if isinstance(node, cst.Attribute) else (
            node.func if isinstance(node, cst.Call) else node.expression)
    return node if isinstance(node, cst.Name) else None


def _annotated_class(fa, name: str) -> Optional[str]:
    """The dotted library class a parameter ``name`` of the function is annotated with."""
    for p in getattr(fa, "params", ()):
        if p.name != name or not p.annotation:
            continue
        parts = [x for x in ann_parts(p.annotation) if x not in _WRAPPERS]
        if len(parts) != 1:
            return None
        head, _, rest = parts[0].partition(".")
        target = fa.mod.imports.get(head)
        if not target or target.startswith("."):
            return None
        return f"{target}.{rest}" if rest else target
    return None


def library_type(fa, node) -> Optional[str]:
    """Dotted text of the receiver ``node`` with the library object it starts from
    (``imaplib.IMAP4_SSL().fetch`` style: ``()`` marks a built object), or None when the
    receiver's value does not come from a library the module imports."""
    d = _imported_type(fa, node)
    if d is None or d.split(".")[0].split("(")[0] not in library_heads(fa.M):
        return None  # an unknown top-level package may be another package of the project
    return d


def _dots(text: str):
    """The ends of ``text``'s dotted prefixes that hold a dot, longest first (``a.b.c``: 5, 3)."""
    ends = [i for i, ch in enumerate(text) if ch == "."][1:] + [len(text)]
    return reversed(ends)


def _imported_type(fa, node) -> Optional[str]:
    """``library_type`` before the question whether the package it starts from is a library: the
    dotted text of an object built from an absolutely imported name, not a class of this package."""
    types = fa.types
    plain = fa.mod.dotted(node) or ""
    field = next((plain[:i] for i in _dots(plain) if plain[:i] in types), None) if "." in plain else None
    if field is not None:  # self.mail = imaplib.IMAP4_SSL(...); self.mail.x, self.client.p.posts
        d: Optional[str] = types[field] + "()" + plain[len(field):]
    else:
        root = _root_name(node)
        if root is not None and root.value not in types and root.value not in fa.mod.module_types:
            ann = _annotated_class(fa, root.value)
            if ann:
                types = {**types, root.value: ann}
        d = fa.mod.dotted(node, types)
    if not d or "()" not in d:
        return None  # a module used as the receiver, or a name nothing built
    head = d.split(".")[0].split("(")[0]
    modules = {v.split(".")[0] for v in fa.mod.imports.values() if v and not v.startswith(".")}
    if head not in modules or fa._is_project_type(d.split("()")[0]):
        return None
    return d


def library_heads(M) -> FrozenSet[str]:
    """Top-level modules known to be libraries, never the project's: the standard library's, the
    MCP packages of the surface vocabulary, and every module the models name (in a sink,
    sanitizer, summary or receiver row). Shared by the receiver typing here and by
    ``resolution.maybe_project_class``."""
    heads = M.__dict__.get("_library_heads")  # computed once per models object
    if heads is None:
        names = [*M.sink_calls, *M.sink_calls_also, *M.clears, *M.resolver_calls, *M.url_parsers,
                 *M.secret_env_calls, *M.keeps_secrets, *M.passes, *M.joins, *M.callback_calls, *M.drops,
                 *M.undoes, *M.receiver_constructors, *M.surface.packages]
        for rc in M.receivers.values():
            names += [*rc.constructors, *rc.modules, *rc.type_modules]
        heads = frozenset(n.split(".")[0] for n in names if n) | frozenset(getattr(sys, "stdlib_module_names", ()))
        M.__dict__["_library_heads"] = heads
    return heads


def typed_as(fa, rc: Receiver, node) -> bool:
    """False only when the receiver's library type is known and is not of class ``rc``."""
    d = library_type(fa, node)
    return d is None or _of_class(rc, d)


def _of_class(rc: Receiver, d: str) -> bool:
    plain = d.replace("()", "")
    if any(plain == m or plain.startswith(m + ".") for m in rc.type_modules):
        return True
    return bool(rc.type_pattern and rc.type_pattern.search(plain))


def unless_library(fa, rc: Receiver, node) -> Optional[str]:
    """The package a receiver's object comes from, when that package is one the models do not
    know and the object's dotted text does not look like class ``rc`` (``Client().p.submission``
    of an HTTP API wrapper): the call is no ``rc`` sink if that package is a library, not the
    project's own. A module analysed alone cannot tell which; the linker can (the sink's
    ``unless_library``). None when the receiver's type is unknown or already decided."""
    d = _imported_type(fa, node)
    if d is None:
        return None
    head = d.split(".")[0].split("(")[0]
    if head in library_heads(fa.M) or _of_class(rc, d):
        return None
    return head


#: the detail of a sink that is a library's own debug output (debug-log kind)
DEBUG_LOG = "debug output"


def debug_enabled(fa, recv_node, method: str, sink: cst.Call) -> bool:
    """The same receiver was given a truthy constant by ``method`` (``set_debuglevel(1)``) before
    ``sink`` in the function (or module) that holds it."""
    recv = fa.mod.dotted(recv_node) if recv_node is not None else None
    if not recv:
        return False
    scope = fa.fn if fa.fn is not None else fa.mod.module
    for call in N.find_all(scope, cst.Call):
        if call is sink:
            return False
        f = call.func
        if isinstance(f, cst.Attribute) and f.attr.value == method and call.args and \
                fa.mod.dotted(f.value) == recv and _truthy_constant(call.args[0].value):
            return True
    return False
