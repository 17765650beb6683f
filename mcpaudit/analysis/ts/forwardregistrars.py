"""Project wrappers that take one tool definition object and forward it to the SDK (issue 14, ts54e).

A plugin base class (or a helper function) registers each tool it is given with the SDK itself:

    protected registerTool(options: { context, name, schema, handler, isWriteTool }) {
      const { context, name, schema, handler } = options;
      context.server.registerTool(name, schema, (args) => handler(args));
    }
    // in a subclass, possibly another package's file:
    this.registerTool({ context, name: "postgres_query", schema: {...}, handler: async ({ query }) => ... });

The SDK call inside the wrapper names the tool by a parameter, so no tool is seen there; the tool
is the object literal each caller hands to the wrapper. :func:`forwarding_registrars` (module
analysis) finds such wrappers: a method or function one of whose parameters is the definition
object (a name, or a destructuring pattern), whose body calls ``<x>.registerTool``/``tool``/``addTool``
with the definition's ``name`` first (``P.name``, or ``name`` destructured from ``P`` in the
parameter or in a ``const { ... } = P``) and passes on its handler (a :data:`registrars.HANDLER_KEYS`
property, read the same two ways) in a later argument. Each is recorded as a registry method keying
by ``name``, so the call sites :func:`registrars.registrar_site` keeps are tools (the caller's
handler runs with the caller's arguments first), also when the method is inherited: the linker
walks a subclass's bases (``registrars._keys_by``).

A wrapper may name the handler otherwise (ts55c): ``registerTool(server, { name, inputSchema,
fetcher, formatter })`` registers ``(async (args) => { const r = await config.fetcher(args); ... })
as ToolCallback<I>``. The definition's property the registered callback calls with its own first
parameter is the handler; the wrapper is recorded keying by ``name>fetcher`` and a call site whose
object has no :data:`registrars.HANDLER_KEYS` property offers each of its functions as a candidate
under ``name>KEY`` (the linker keeps the one the wrapper calls). The SDK call may carry type
arguments (``server.registerTool<O, I>(...)``) and the callback may be parenthesised and cast.
"""

from __future__ import annotations

import re
from typing import Dict, Optional, Set, Tuple

from . import nodes as N

#: SDK methods that register a tool by its name first
_SDK_REGISTER = frozenset({"registerTool", "tool", "addTool"})
#: such a call, also with type arguments (``server.registerTool<O, I>(...)``)
_SDK_CALL = re.compile(rb"\.(?:registerTool|tool|addTool)\s*[(<]")


def _param_names(data: bytes, fn) -> Tuple[Set[str], Set[str]]:
    """(parameters bound to a name, names a destructuring parameter binds from its own keys)."""
    params = fn.child_by_field_name("parameters")
    whole: Set[str] = set()
    parts: Set[str] = set()
    for p in (params.named_children if params is not None else ()):
        if p.type in ("required_parameter", "optional_parameter"):  # TypeScript
            pat = p.child_by_field_name("pattern")
        else:  # JavaScript: the parameter itself, or the left of its default
            pat = p.child_by_field_name("left") if p.type == "assignment_pattern" else p
        if pat is None:
            continue
        if pat.type == "identifier":
            whole.add(N.text(data, pat))
        elif pat.type == "object_pattern":
            parts |= _shorthand(data, pat)
    return whole, parts


def _shorthand(data: bytes, pat) -> Set[str]:
    out = set()
    for c in pat.named_children:
        if c.type == "shorthand_property_identifier_pattern":
            out.add(N.text(data, c))
        elif c.type == "object_assignment_pattern":
            left = c.child_by_field_name("left")
            if left is not None:
                out.add(N.text(data, left))
    return out


def _destructured(data: bytes, body, whole: Set[str]) -> Set[str]:
    """Names ``const { name, handler } = P`` binds from a parameter ``P``."""
    out: Set[str] = set()
    for d in N.descendants(body, "variable_declarator"):
        pat, val = d.child_by_field_name("name"), N.unwrap(d.child_by_field_name("value"))
        if pat is not None and pat.type == "object_pattern" and val is not None and val.type == "identifier" \
                and N.text(data, val) in whole:
            out |= _shorthand(data, pat)
    return out


def _is_part(data: bytes, node, key: str, whole: Set[str], parts: Set[str]) -> bool:
    """``node`` is the definition's ``key``: ``P.key`` or a ``key`` destructured from it."""
    u = N.unwrap(node)
    if u is None:
        return False
    if u.type == "identifier":
        return key in parts and N.text(data, u) == key
    if u.type == "member_expression":
        got = N.member_parts(data, u)
        return bool(got) and len(got) == 2 and got[0] in whole and got[1] == key
    return False


def _passes_handler(data: bytes, args, whole: Set[str], parts: Set[str]) -> bool:
    from .registrars import HANDLER_KEYS
    for a in args:
        a = N.unwrap(a)  # (async (args) => handler(args)) as ToolCallback<I>: descendants stop at a nested function
        if a is None:
            continue
        for kind in ("identifier", "member_expression"):
            for n in [a] + list(N.descendants(a, kind)):
                if n.type == kind and any(_is_part(data, n, k, whole, parts) for k in HANDLER_KEYS):
                    return True
    return False


def _first_param(data: bytes, fn) -> Optional[str]:
    params = fn.child_by_field_name("parameters")
    if params is None and fn.type == "arrow_function":  # x => ...
        p = fn.child_by_field_name("parameter")
        return N.text(data, p) if p is not None and p.type == "identifier" else None
    first = next((p for p in (params.named_children if params is not None else ())
                  if p.type in ("required_parameter", "optional_parameter")), None)
    pat = first.child_by_field_name("pattern") if first is not None else None
    return N.text(data, pat) if pat is not None and pat.type == "identifier" else None


def _called_key(data: bytes, args, whole: Set[str], parts: Set[str]) -> Optional[str]:
    """``(async (args) => { ... await config.fetcher(args) ... }) as ToolCallback<I>``: the
    definition's property the registered callback calls with its own first parameter (the
    wrapper's handler, whatever the project named it)."""
    for a in args:
        cb = N.unwrap(a)
        if cb is None or cb.type not in N.FUNCTIONS:
            continue
        first = _first_param(data, cb)
        if first is None:
            continue
        for call in N.descendants(cb, "call_expression"):
            given = N.args_of(call)
            g = N.unwrap(given[0]) if given else None
            if g is None or g.type != "identifier" or N.text(data, g) != first:
                continue
            f = N.unwrap(call.child_by_field_name("function"))
            got = N.member_parts(data, f) if f is not None and f.type == "member_expression" else None
            if got and len(got) == 2 and got[0] in whole:
                return got[1]
            if f is not None and f.type == "identifier" and N.text(data, f) in parts:
                return N.text(data, f)
    return None


def _forwards(data: bytes, body, whole: Set[str], parts: Set[str]) -> Optional[str]:
    """The name path the wrapper keys by: ``name`` when it passes on a :data:`registrars.HANDLER_KEYS`
    property, ``name>KEY`` when its callback calls the definition's ``KEY`` (ts55c)."""
    for call in N.descendants(body, "call_expression"):
        fn = call.child_by_field_name("function")
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        if prop is None or N.text(data, prop) not in _SDK_REGISTER:
            continue
        args = N.args_of(call)
        if len(args) < 2 or not _is_part(data, args[0], "name", whole, parts):
            continue
        if _passes_handler(data, args[1:], whole, parts):
            return "name"
        key = _called_key(data, args[1:], whole, parts)
        if key is not None:
            from .registrars import HANDLER_KEYS
            return "name" if key in HANDLER_KEYS else f"name>{key}"
    return None


def forwarding_registrars(data: bytes, root, class_of) -> Dict[str, str]:
    """``{"Class.method" or "function": "name"}`` for the module's wrappers forwarding one
    definition object to the SDK."""
    if not _SDK_CALL.search(data):
        return {}
    out: Dict[str, str] = {}
    for kind in ("method_definition", "function_declaration"):
        for fn in N.descendants(root, kind):
            nm, body = fn.child_by_field_name("name"), fn.child_by_field_name("body")
            if nm is None or body is None or not _SDK_CALL.search(data, body.start_byte, body.end_byte):
                continue  # (no SDK registration in its text: its body is not walked)
            whole, parts = _param_names(data, fn)
            if not whole and not parts:
                continue
            parts = parts | _destructured(data, body, whole)
            path = _forwards(data, body, whole, parts)
            if path is None:
                continue
            cls: Optional[str] = class_of(data, fn) if kind == "method_definition" else None
            name = N.text(data, nm)
            out[f"{cls}.{name}" if cls else name] = path
    return out


def forwarded_inside(mod, reg) -> bool:
    """``reg`` is the SDK call inside a wrapper of the module that forwards a definition object
    (its name is no literal, its handler is defined in the wrapper): the tools are the objects the
    wrapper's callers give it, not this call."""
    name, handler = reg.name or "", reg.handler or ""
    if name.startswith("s:") or not handler.startswith("f:"):
        return False
    return any(path.split(">")[0] == "name" and handler.startswith(f"f:{qual}.") for qual, path in mod.registrars.items())


def function_registrar(interp, name: str, args) -> None:
    """``addTool(server, { name, schema, handler })``: a plain function's call whose last argument
    is a definition object, kept as a registration the linker counts when ``name`` is a wrapper
    of the project forwarding it (:func:`forwarding_registrars`)."""
    if len(args) > 2:
        return
    last = N.unwrap(args[-1])
    if last is not None and last.type == "object":
        from .registrars import registrar_call
        registrar_call(interp, name, None, last)
