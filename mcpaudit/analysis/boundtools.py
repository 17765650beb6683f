"""Tools registered as bound methods of the registering object's own class.

    class BaseTool:
        def __init__(self, server, folder):
            self.mcp = server                       # the server the object is handed
        def register(self):
            pass

    class Keyboard(BaseTool):
        def register(self):
            self.mcp.tool()(self.type_text)         # also self.mcp.add_tool(self.type_text)
        def type_text(self, text: str): ...         # a tool: its parameters (minus self) are the tool's

    tools = [Keyboard(mcp, "out"), ...]; for t in tools: t.register()

``self.type_text`` is the method of whatever class the object is: the registering class's own
method, one it inherits, or (a base class's ``register`` registering ``self.run``) each project
subclass's override. The call registers on a server when its receiver is one: ``self`` of a class
deriving from a server class, ``self.attr`` the class sets to a server it builds, or
``self.attr`` its constructor stores from a parameter that some construction hands a server
(``Keyboard(self.mcp, ...)``, registrars.py).

Module side (:func:`note_bound_registration`): the registration is recorded in ``added_tools``
as ``Class.method`` behind :data:`BOUND` and the receiver. Linker side (:func:`bound_targets`):
the methods it registers, or ``self.method`` (reported as not followed) when its receiver is not
known to be a server.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ..lazycst import cst

from .registrars import registering_params
from .regsites import _server_class

#: separates ``Class.method`` from the receiver in a recorded target: ``Tool.run@self.mcp``;
#: ``@=`` when the module already knows the receiver is a server (``self.mcp = FastMCP(...)``)
BOUND = "@"
CLASS_NAMED = "#"
_SELF = ("self", "cls")


def note_bound_registration(fa, recv, node, meta: dict, name_node, pos) -> bool:
    """``<recv>.tool()(self.method)`` / ``<recv>.add_tool(self.method)`` in a method of a class,
    ``<recv>`` being ``self`` or ``self.attr``: recorded for :func:`bound_targets` (``name=self.name``:
    each class's literal ``name``, behind :data:`CLASS_NAMED`)."""
    cls = getattr(fa, "cls", None)
    if not cls or not isinstance(node, cst.Attribute) or not isinstance(node.value, cst.Name) or \
            node.value.value not in _SELF or node.attr.value.startswith("__"):
        return False
    if isinstance(recv, cst.Name) and recv.value in _SELF:
        attr = ""
    elif isinstance(recv, cst.Attribute) and isinstance(recv.value, cst.Name) and recv.value.value in _SELF:
        attr = recv.attr.value
    else:
        return False
    known = "=" if attr and fa.self_attrs.get(f"self.{attr}") else ""
    from .dispatch import NAME_KEYWORDS  # (dispatch.py links what this records)
    named = CLASS_NAMED if "name" not in meta and isinstance(name_node, cst.Attribute) and \
        isinstance(name_node.value, cst.Name) and name_node.value.value in _SELF and \
        name_node.attr.value in NAME_KEYWORDS else ""
    fa.mod.added_tools.append((f"{cls}.{node.attr.value}{BOUND}{known}{attr}{named}", meta, pos))
    return True


def bound_targets(linker, path: str, target: str, meta: dict, pos) -> List[Tuple[str, str, dict, tuple]]:
    """The ``(path, Class.method, meta, pos)`` registrations a recorded bound registration makes."""
    head, _, recv = target.partition(BOUND)
    cls, _, method = head.rpartition(".")
    named = recv.endswith(CLASS_NAMED)
    recv = recv[:-len(CLASS_NAMED)] if named else recv
    if _server_receiver(linker, path, cls, recv):
        found = _methods(linker, path, cls, method)
        if found:
            return [(p, q, _named(linker, p, q, meta) if named else meta, pos) for p, q in found]
    return [(path, f"self.{method}", meta, pos)]  # not followed: reported so


def _methods(linker, path: str, cls: str, method: str) -> List[Tuple[str, str]]:
    """The class's own (or nearest inherited) concrete ``method``, and every subclass override."""
    out: List[Tuple[str, str]] = []
    for p, c in [(path, cls), *linker.ancestors(path, cls)]:
        fn = linker.modules[p].functions.get(f"{c}.{method}")
        if fn is not None:
            if not fn.abstract:
                out.append((p, fn.qualname))
            break
    for p, fn in linker.overrides(path, cls, method):
        if (p, fn.qualname) not in out:
            out.append((p, fn.qualname))
    return out


def _named(linker, path: str, qualname: str, meta: dict) -> dict:
    """``meta`` with the tool name the method's class (or its nearest base) declares."""
    cls = qualname.rsplit(".", 1)[0]
    for p, c in [(path, cls), *linker.ancestors(path, cls)]:
        name = linker.modules[p].class_tools.get(c)
        if name:
            return {**meta, "name": name}
    return meta


def _server_receiver(linker, path: str, cls: str, recv: str) -> bool:
    """The receiver of the registration is a server (see the module doc)."""
    if recv.startswith("="):
        return True
    chain = [(path, cls), *linker.ancestors(path, cls)]
    if not recv:
        return _server_class(linker, path, cls)  # self.tool()(self.run) in a server subclass
    params = _registering(linker)
    for p, c in chain:
        stored = (linker.modules[p].param_attrs or {}).get(c, {}).get(recv)
        if stored is not None and (p, f"{c}.__init__", stored[1]) in params:
            return True
    return False


def _registering(linker) -> dict:
    """registrars.registering_params, once per link."""
    memo: Optional[dict] = linker.__dict__.get("_bound_registering")
    if memo is None:
        memo = linker.__dict__["_bound_registering"] = registering_params(linker)
    return memo
