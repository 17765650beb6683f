"""A read-only mode that hides tools from the list but still runs them (``tool-read-only-bypass``).

A low-level ``Server`` whose ``ListTools`` handler answers ``{ tools: isReadOnly ? [list, read]
: [list, read, insert, drop] }`` (a ternary, or ``if (flag) return { tools: [...] }`` before the
full answer) while its ``CallTool`` handler dispatches by name (``case dropTool.name: return
dropTool.run(args)``) and never reads the flag: a caller who names a hidden tool still runs it
on a server its operator configured read-only. The tools list is advice to the client, not a
gate. Each tool the filtered list drops and the dispatch still reaches is reported at its
dispatch, once per tool.

Read off one module's tree: the flag's test must say it is about writing (``READONLY``,
``readOnly``, ``allowWrites``, ``DISABLE_DESTRUCTIVE``); the smaller list must be part of the
larger; the call handler "checks" when it names the flag, the variable holding the filtered list,
or calls a function of the module that names them. A list picked outside the handler (a
module-level ``const tools = flag ? a : b`` both handlers read) is not such a mode.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Set, Tuple

from . import nodes as N
from .requestkinds import request_kind

_MODE = re.compile(r"(?i)read_?only|write|destructive|mutat|safe_?mode")
_WORD = re.compile(r"[A-Za-z_$][\w$]*")
_NOT_FLAGS = frozenset({"process", "env", "true", "false", "undefined", "null", "config", "options", "this"})

#: (line of the dispatch, the hidden element's text, the flag test, line of the list test, ctor)
Bypass = Tuple[int, str, str, int, Optional[str]]

def _handlers(top, data: bytes, root) -> Dict[str, object]:
    """The module's first ``list_tools`` and ``call_tool`` handler functions (``setRequestHandler``
    with a request the catalog's ``request-handler`` entries name: surface.request_kind)."""
    method = top.M.surface.request_method
    out: Dict[str, object] = {}
    for call in sorted(N.nodes_under(root, "call_expression"), key=lambda n: n.start_byte):
        fn = call.child_by_field_name("function")
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        args = N.args_of(call)
        if prop is None or N.text(data, prop) != method or len(args) < 2 or not N.is_function(args[-1]):
            continue
        kind = request_kind(top, args[0])
        if kind in ("list_tools", "call_tool") and kind not in out:
            out[kind] = args[-1]
    return out

def _module_arrays(data: bytes, root) -> Dict[str, object]:
    """Module-level ``const NAME = [...]``."""
    out: Dict[str, object] = {}
    for d in N.descendants(root, "variable_declarator"):
        name, value = d.child_by_field_name("name"), N.unwrap(d.child_by_field_name("value"))
        if name is not None and name.type == "identifier" and value is not None and value.type == "array":
            out.setdefault(N.text(data, name), value)
    return out

def _elements(data: bytes, node, arrays) -> Optional[List[str]]:
    """The element texts of an array literal (or of a module array it names); spreads of a
    module array are expanded."""
    node = N.unwrap(node)
    if node is not None and node.type == "identifier":
        node = arrays.get(N.text(data, node))
    if node is None or node.type != "array":
        return None
    out: List[str] = []
    for c in node.named_children:
        if c.type == "comment":
            continue
        if c.type == "spread_element":
            inner = _elements(data, c.named_children[0] if c.named_children else None, arrays)
            if inner is None:
                return None
            out += inner
        else:
            out.append(N.text(data, c))
    return out

def _filters(data: bytes, handler, arrays) -> List[Tuple[str, int, List[str], List[str]]]:
    """(flag test, its line, shown-when-set, shown-otherwise) of each test in the list handler
    that picks between two tool arrays."""
    out = []
    for t in N.descendants(handler, "ternary_expression"):
        cond = t.child_by_field_name("condition")
        a = _elements(data, t.child_by_field_name("consequence"), arrays)
        b = _elements(data, t.child_by_field_name("alternative"), arrays)
        if cond is not None and a is not None and b is not None:
            out.append((N.text(data, N.unwrap(cond)), cond.start_point[0] + 1, a, b))
    for s in N.descendants(handler, "if_statement"):
        cond = s.child_by_field_name("condition")
        cons, after = s.child_by_field_name("consequence"), s.next_named_sibling
        rets = list(N.descendants(cons, "return_statement")) if cons is not None else []
        if cond is None or len(rets) != 1 or after is None or after.type != "return_statement":
            continue
        a, b = _returned(data, rets[0], arrays), _returned(data, after, arrays)
        if a is not None and b is not None:
            out.append((N.text(data, N.unwrap(cond)), cond.start_point[0] + 1, a, b))
    return out

def _returned(data: bytes, ret, arrays) -> Optional[List[str]]:
    """The tool array a ``return { tools: [...] }`` (or ``return [...]``) answers."""
    value = N.unwrap(ret.named_children[0]) if ret.named_children else None
    if value is not None and value.type == "object":
        value = N.object_props(data, value).get("tools")
    return _elements(data, value, arrays) if value is not None else None

def _checked(data: bytes, root, handler, names: Set[str]) -> bool:
    """The call handler names one of ``names``, or calls a module function that does."""
    body = N.text(data, handler)
    words = set(_WORD.findall(body))
    if words & names:
        return True
    for fn in N.descendants(root, "function_declaration"):
        name = fn.child_by_field_name("name")
        if name is not None and N.text(data, name) in words and set(_WORD.findall(N.text(data, fn))) & names:
            return True
    return False

def _dispatch_line(data: bytes, handler, element: str) -> Optional[int]:
    """Where the call handler runs ``element``: its first call on it (``el.run(args)``), else
    where it names it."""
    if not re.fullmatch(r"[\w$.]+", element):
        return None
    for call in N.descendants(handler, "call_expression"):
        fn = call.child_by_field_name("function")
        obj = fn.child_by_field_name("object") if fn is not None and fn.type == "member_expression" else None
        if obj is not None and N.text(data, obj) == element:
            return call.start_point[0] + 1
    pat = re.compile(rb"(?<![\w$.])" + re.escape(element.encode()) + rb"(?![\w$])")
    m = pat.search(data, handler.start_byte, handler.end_byte)
    return data.count(b"\n", 0, m.start()) + 1 if m else None

def list_bypasses(top, data: bytes, root) -> List[Bypass]:
    """The tools this module's list handler hides in a read-only mode that its call handler still
    dispatches (see the module docstring)."""
    if top.M.surface.request_method.encode() not in data or not _MODE.search(data.decode("utf-8", "replace")):
        return []
    handlers = _handlers(top, data, root)
    if "list_tools" not in handlers or "call_tool" not in handlers:
        return []
    arrays = _module_arrays(data, root)
    out: List[Bypass] = []
    for cond, line, a, b in _filters(data, handlers["list_tools"], arrays):
        small, large = (a, b) if len(a) < len(b) else (b, a)
        if not _MODE.search(cond) or not small or not set(small) < set(large):
            continue
        names = set(_WORD.findall(cond)) - _NOT_FLAGS
        if _checked(data, root, handlers["call_tool"], names):
            continue
        for element in large:
            at = _dispatch_line(data, handlers["call_tool"], element) if element not in small else None
            if at is not None:
                out.append((at, element, cond, line, _ctor(top, data, root, element)))
    return out

def _ctor(top, data: bytes, root, element: str) -> Optional[str]:
    """The class ``const element = new C()`` constructs, after import resolution, or ``=name``
    for ``const element = { name: "x", ... }``."""
    for d in N.descendants(root, "variable_declarator"):
        name, value = d.child_by_field_name("name"), N.unwrap(d.child_by_field_name("value"))
        if name is None or N.text(data, name) != element or value is None:
            continue
        if value.type == "new_expression":
            return top.dotted(value.child_by_field_name("constructor"))
        named = N.string_value(data, N.object_props(data, value).get("name")) if value.type == "object" else None
        return "=" + named if named else None
    return None

def _tool_name(linker, path: str, element: str, ctor: Optional[str]) -> str:
    """The name a hidden element's tool answers to: the constant ``name`` field of the class it
    is an instance of (``name = "drop_table"``, its own or inherited: the linker's
    instance_field), else the element as written."""
    if ctor and ctor.startswith("="):
        return ctor[1:]
    hit = linker.instance_field(path, ctor, "name") if ctor else None
    return hit[1][2:] if hit is not None and hit[1].startswith("s:") else element

def list_findings(linker) -> list:
    """A ``tool-read-only-bypass`` per tool a read-only mode hides from the list while the call
    handler still runs it, at its dispatch (the module's call-tools handler is the tool)."""
    from ...models import Confidence, FlowStep, Location
    from ..inter import RawFinding

    out = []
    for path, mod in sorted(linker.modules.items()):
        for line, element, cond, list_line, ctor in getattr(mod, "list_bypasses", ()):
            name = _tool_name(linker, path, element, ctor)
            msg = (f"tool '{name}' is hidden from the tools list when {cond} (a read-only mode), but the call "
                   f"handler never checks that mode and still runs it when a caller names it")
            flow = [FlowStep(Location(path, list_line), f"the tools list leaves '{name}' out when {cond}"),
                    FlowStep(Location(path, line), f"the call handler dispatches '{name}' whatever the mode")]
            out.append(RawFinding("read-only", path, (line, 1, line, 1), msg, Confidence.HIGH, name, None, flow))
    return out


__all__ = ["Bypass", "list_bypasses", "list_findings"]
