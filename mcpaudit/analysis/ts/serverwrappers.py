"""Registration methods of a project's own subclass of the SDK's ``McpServer``, for the
TypeScript engine.

A server may subclass ``McpServer`` and give it registration methods of its own that add a
policy (read-only mode, a tool allow-list) and forward to the SDK:

    class CustomMcpServer extends McpServer {
      private registerToolWithAccess(access, ...args) {
        const { name, config, cb } = this.parse(access, args);
        return (McpServer.prototype as any).registerTool.call(this, name, config, cb);
      }
      addToolWithWriteAccess(...args: any[]) {
        if (this.readonly) return null;
        return this.registerToolWithAccess("write", ...args);
      }
    }

and every tool module registers with ``server.addToolWithWriteAccess("upload", "...", { path },
async ({ path }) => ...)``. The tool modules call a method no vocabulary knows. Before the modules
are analysed, :func:`server_wrappers` reads each module that declares a class extending the SDK's
``McpServer`` (imported from an MCP package) and keeps the methods that register: a method with
parameters whose body calls the SDK's registration method on the instance (``this.registerTool``,
``super.tool``, ``McpServer.prototype.registerTool.call(this, ...)``) with a name that is not a
literal (a literal name is a tool of the class's own), or that forwards its parameters to such a
method of the class (``this.registerToolWithAccess("write", ...args)``), transitively. Private
methods are left out (other modules cannot call them). Each module gets them (as
:data:`SRVWRAP` in its bindings); a call of such a method on a receiver typed as that class, or
named like a server, is read as the SDK method it stands for: ``registerTool`` when the method
takes ``(name, config, handler)`` and passes them on as they are, else ``tool``, whose overloads
(name first, handler last, a description, a zod shape and annotations between) a method taking
``...args`` accepts (:func:`wrapper_base`).
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Set, Tuple

from . import nodes as N

#: the binding key under which every module gets ``Class.method=base`` items (joined by \x1f)
SRVWRAP = "\x00srvwrap"
#: the SDK registration methods a wrapper may forward to
_BASES = ("registerTool", "tool")
#: ``Class.@name=`` in the bindings: ``name`` is a module-level instance of the class
INSTANCE = "@"
_EXTENDS = re.compile(rb"\bextends\s+(?:[\w$]+\.)?McpServer\b")
_IMPORT = re.compile(rb"import\s*\{([^}]*)\}\s*from\s*['\"]@modelcontextprotocol/[^'\"]*['\"]")


def server_wrappers(files: List[Tuple[str, bytes]]) -> Dict[str, str]:
    """``{SRVWRAP: "Class.method=base\\x1f..."}`` over ``(relpath, bytes)`` pairs, or ``{}``."""
    from .classwrappers import candidate, instances, plain_wrappers
    from .parse import parse

    found: Set[str] = set()
    for rel, data in files:
        if data and _EXTENDS.search(data) and any(b"McpServer" in m.group(1) for m in _IMPORT.finditer(data)):
            found.update(f"{cls}.{meth}={base}" for cls, meth, base in _wrappers_of(rel, data))
        if data and candidate(data):  # a plain class wrapping the SDK, and its instances (classwrappers.py)
            root = parse(data, rel).root_node
            plain = list(plain_wrappers(data, root))
            found.update(f"{cls}.{meth}={base}" for cls, meth, base in plain)
            found.update(f"{cls}.{INSTANCE}{name}=" for name, cls in instances(data, root, {c for c, _m, _b in plain}))
    return {SRVWRAP: "\x1f".join(sorted(found))} if found else {}


def module_wrappers(extra: Optional[Dict[str, str]]) -> Dict[str, Tuple[frozenset, str]]:
    """method -> (the classes declaring it, the SDK method it stands for), from a module's bindings."""
    out: Dict[str, Tuple[frozenset, str]] = {}
    for item in (extra or {}).get(SRVWRAP, "").split("\x1f"):
        qual, _, base = item.partition("=")
        cls, _, meth = qual.partition(".")
        if meth.startswith(INSTANCE):  # Class.@name=: a module-level instance of the class
            out[meth] = (frozenset({cls}), "")
        elif meth and base:
            classes = out[meth][0] if meth in out else frozenset()
            out[meth] = (classes | {cls}, base)
    return out


def _classes(root) -> Iterable:
    for node in N.descendants(root, "class_declaration"):
        yield node


def _extends_server(data: bytes, cls) -> bool:
    for h in cls.named_children:
        if h.type == "class_heritage":
            for ext in h.named_children:
                if ext.type == "extends_clause":
                    value = ext.child_by_field_name("value")
                    last = N.text(data, value).rsplit(".", 1)[-1] if value is not None else ""
                    return last == "McpServer"
            text = N.text(data, h)
            return bool(re.match(r"extends\s+(?:[\w$]+\.)?McpServer\b", text))
    return False


def _params(data: bytes, method) -> Tuple[List[str], bool]:
    """(parameter names, whether the only parameter is a rest parameter ``...args``)."""
    params = method.child_by_field_name("parameters")
    names: List[str] = []
    rest = False
    for p in (params.named_children if params is not None else ()):
        if p.type == "comment":
            continue
        pat = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
        if pat is not None and pat.type == "rest_pattern":
            rest = True
            pat = next((c for c in pat.named_children if c.type == "identifier"), None)
        names.append(N.text(data, pat) if pat is not None and pat.type == "identifier" else "")
    return names, rest and len(names) == 1


def _private(data: bytes, method) -> bool:
    name = method.child_by_field_name("name")
    if name is not None and name.type == "private_property_identifier":
        return True
    return any(c.type == "accessibility_modifier" and N.text(data, c) in ("private", "protected")
               for c in method.children)


def _sdk_call(data: bytes, call) -> Optional[Tuple[str, list]]:
    """(SDK method, its arguments) of ``this.registerTool(...)``, ``super.tool(...)`` or
    ``McpServer.prototype.registerTool.call(this, ...)`` / ``.apply(this, args)``."""
    fn = N.unwrap(call.child_by_field_name("function"))
    if fn is None or fn.type != "member_expression":
        return None
    prop = N.text(data, fn.child_by_field_name("property"))
    obj = N.unwrap(fn.child_by_field_name("object"))
    args = N.args_of(call)
    if prop in _BASES and obj is not None and obj.type in ("this", "super"):
        return prop, args
    if prop in ("call", "apply") and obj is not None and obj.type == "member_expression" and args:
        base = N.text(data, obj.child_by_field_name("property"))
        holder = N.text(data, obj.child_by_field_name("object"))
        first = N.unwrap(args[0])
        if base in _BASES and "prototype" in holder and first is not None and first.type == "this":
            return base, args[1:]
    return None


def _uses(data: bytes, args, params: Set[str]) -> bool:
    """Whether the arguments pass a parameter on (as it is, or spread)."""
    for a in args:
        u = N.unwrap(a)
        if u is not None and u.type == "spread_element":
            u = N.unwrap(u.named_children[0]) if u.named_children else None
        if u is not None and u.type == "identifier" and N.text(data, u) in params:
            return True
    return False


def _wrappers_of(rel: str, data: bytes) -> Iterable[Tuple[str, str, str]]:
    from .parse import parse

    root = parse(data, rel).root_node
    for cls in _classes(root):
        if not _extends_server(data, cls):
            continue
        cname = cls.child_by_field_name("name")
        body = cls.child_by_field_name("body")
        if cname is None or body is None:
            continue
        yield from ((N.text(data, cname), m, b) for m, b in _class_wrappers(data, body))


def _class_wrappers(data: bytes, body) -> Iterable[Tuple[str, str]]:
    """(method, SDK method) of each public registration method of a class body."""
    methods = {}
    for m in body.named_children:
        if m.type == "method_definition" and m.child_by_field_name("body") is not None:
            name = N.text(data, m.child_by_field_name("name"))
            if name not in ("constructor",) + _BASES:
                methods[name] = m
    registrars: Dict[str, str] = {}  # method -> the SDK method it ends in
    direct: Dict[str, bool] = {}  # method -> passes (name, config, handler) to registerTool as they are
    for name, m in methods.items():
        params, _rest = _params(data, m)
        if not any(params):
            continue
        for call in N.descendants(m.child_by_field_name("body"), "call_expression"):
            got = _sdk_call(data, call)
            if got is None or not got[1]:
                continue
            first = N.unwrap(got[1][0])
            if first is not None and first.type in ("string", "template_string"):
                continue  # registers a tool of its own
            registrars[name] = got[0]
            direct[name] = got[0] == "registerTool" and len(params) == 3 and len(got[1]) == 3 and \
                [N.text(data, N.unwrap(a)) for a in got[1][:2]] == params[:2]
            break
    for _ in range(4):  # a method forwarding its parameters to a registrar of the class
        grown = False
        for name, m in methods.items():
            if name in registrars:
                continue
            params, _rest = _params(data, m)
            for call in N.descendants(m.child_by_field_name("body"), "call_expression"):
                fn = N.unwrap(call.child_by_field_name("function"))
                if fn is None or fn.type != "member_expression" or N.unwrap(fn.child_by_field_name("object")) is None \
                        or N.unwrap(fn.child_by_field_name("object")).type != "this":
                    continue
                callee = N.text(data, fn.child_by_field_name("property"))
                if callee in registrars and _uses(data, N.args_of(call), {p for p in params if p}):
                    registrars[name], direct[name], grown = registrars[callee], False, True
                    break
        if not grown:
            break
    for name, base in registrars.items():
        if _private(data, methods[name]):
            continue
        params, rest = _params(data, methods[name])
        if rest or base == "tool":
            yield name, "tool"
        elif direct.get(name):
            yield name, "registerTool"


def _bound(mod) -> Dict[str, Tuple[frozenset, str]]:
    """The module's wrapper methods, read from its bindings on first use."""
    got = getattr(mod, "server_wrappers", None)
    if got is None:
        got = mod.server_wrappers = module_wrappers(getattr(mod, "extra_imports", None))
        mod.server_subclasses = frozenset(c for classes, _b in got.values() for c in classes)
    return got


def subclass_server(mod, type_name: str) -> Optional[str]:
    """The framework of a receiver typed as a project subclass of ``McpServer``, or None."""
    return "mcp" if _bound(mod) and type_name in mod.server_subclasses else None


def wrapper_instance(fn, r) -> bool:
    """``r`` is a name bound (in its module, imported here under that name) to ``new C()`` of a
    plain class that wraps the SDK (classwrappers.py), not rebound in this function."""
    if r is None or r.type != "identifier" or not _bound(fn.mod):
        return False
    name = N.text(fn.data, r)
    return INSTANCE + name in fn.mod.server_wrappers and name not in fn.locals


def wrapper_base(fn, method: Optional[str], recv_node) -> Optional[str]:
    """``server.addToolWithWriteAccess(...)``: the SDK method a project subclass's registration
    method stands for, when the receiver may be an instance of that class (typed as it, ``this``
    in a module declaring it, or named like a server); else None."""
    wrappers = _bound(fn.mod)
    if not wrappers or method not in wrappers or recv_node is None:
        return None
    classes, base = wrappers[method]
    r = N.unwrap(recv_node)
    if r is None:
        return None
    tp = (fn.type_of(r) or "").replace("()", "")
    last = tp.rsplit("#", 1)[-1].rsplit(".", 1)[-1]
    if last in classes or (r.type == "this" and fn.cls in classes):
        return base
    if wrapper_instance(fn, r) and wrappers[INSTANCE + N.text(fn.data, r)][0] & classes:
        return base  # trelloMcpServer.registerTool(...): the exported instance of the class
    parts = N.member_parts(fn.data, r)
    return base if parts and fn.M.surface.server_names.match(parts[-1]) else None

