"""Tools registered through a project's own registry method, for the TypeScript engine.

A server may wrap the SDK in a class of its own whose method takes one tool definition object and
keeps it under the definition's name, for its call-tool handler to look up and run later:

    tool(options: ToolDefinition) { this.tools[options.name] = options; }
    setTool({ schema, handler }: Route) { this.tools.set(schema.name, { schema, handler }); }

and register each tool with a call of that method elsewhere, ``server.tool({ name, inputSchema,
cb: async (args) => ... })``. Neither the SDK nor a name of ours marks the call; what does is the
method it calls. Two halves:

- :func:`find_registrars` (module analysis): the methods (and functions) that store their first
  parameter, or an object of its parts, into a container keyed by a name read from it (``P.name``,
  ``P.schema.name``, ``schema.name`` of a destructured one), or keyed by the first parameter itself
  when it is the name (``add(name, handler) { this.handlers[name] = handler }``), as
  ``{"Class.method": "name" | "schema.name" | "#0"}``;
- :func:`registrar_site` (the interpreter, at method calls): an object literal that names itself
  (at ``name`` or one level down), says what it does (a description or a schema) and carries a
  handler (:data:`HANDLER_KEYS`), or a name, a description or schema and an inline function, is
  kept as a registration of framework ``registrar`` with the method it was given to;
- :func:`registrar_accepts` (the linker): such a registration is a tool only when its method is a
  registry of a module of MCP code (one importing an MCP package: a registry of plugins or CLI
  commands elsewhere keeps no tools), of the receiver's class when its type is a project class,
  keying by the path the object names itself at.

A handler written as a factory's call (``handler: adapt(makeController())``) is the function the
factory returns (factories.py). The handler runs with the caller's arguments first (``cb(args, extra)``, ``handler(request)``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Dict, Iterable, Optional, Set, Tuple

from . import nodes as N
from .pairloops import looped_names
from .records import TsRegistration
from .pairregistrars import assigned_registrars, registrar_pair
from .forwardregistrars import _shorthand, forwarding_registrars

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

REGISTRAR = "registrar"

#: keys of a definition object that hold its handler, most specific first
HANDLER_KEYS = ("handler", "execute", "cb", "callback", "run", "handle", "fn", "invoke", "action", "impl",
                "implementation")
#: a first parameter so named is the tool's name when the method keys a container by it
_NAME_PARAM = re.compile(r"(?i)^(tool_?)?name$")
#: a tool name given as the first argument (no route, no spaces)
_TOOL_NAME = re.compile(r"^[A-Za-z][\w.-]*$")
#: event-listener methods (Node's EventEmitter, the DOM's EventTarget): ``emitter.on("data", onData)``
#: subscribes a listener, it registers no tool
_LISTENER_METHODS = frozenset({"on", "once", "off", "addListener", "removeListener", "removeAllListeners",
                               "prependListener", "prependOnceListener", "addEventListener",
                               "removeEventListener", "emit", "listeners", "rawListeners", "listenerCount"})
#: keys of a definition object that describe the tool (one is needed)
_DESCRIBED = ("description", "inputSchema", "input_schema", "schema", "parameters", "argsSchema", "title")
#: the name path of a registry method whose first parameter is the name
POSITIONAL = "#0"
#: keys under which a definition keeps its descriptor (the part that names it)
_NESTED = ("schema", "definition", "tool", "spec", "config", "meta", "metadata")
#: the name path of a registry method that copies every property of its first parameter into a
#: container keyed by the property's name (``for (const [k, v] of Object.entries(P)) m.set(k, v)``)
ENTRIES = "*entries"
#: an inline function as a definition's property (an arrow, a function, a method shorthand)
_OWN_FUNCTIONS = N.FUNCTIONS


def _params(data: bytes, fn) -> Tuple[Optional[str], frozenset]:
    """(the first parameter's name, the names a destructuring first parameter binds)."""
    params = fn.child_by_field_name("parameters")
    if params is None:
        p = fn.child_by_field_name("parameter")  # x => ...
        return (N.text(data, p), frozenset()) if p is not None and p.type == "identifier" else (None, frozenset())
    first = next((c for c in params.named_children if c.type not in ("comment",)), None)
    if first is None:
        return None, frozenset()
    pat = first.child_by_field_name("pattern") if first.type in ("required_parameter", "optional_parameter") else first
    if pat is None:
        return None, frozenset()
    if pat.type == "identifier":
        return N.text(data, pat), frozenset()
    if pat.type == "object_pattern":
        return None, frozenset(_shorthand(data, pat))  # (forwardregistrars.py reads its patterns the same way)
    return None, frozenset()


def _name_path(data: bytes, node, param: Optional[str], parts_of: frozenset) -> Optional[str]:
    """``P.name`` / ``P.schema.name`` / ``schema.name`` (a destructured part): the path of the
    name in the definition object; ``name`` itself when the first parameter is the tool's name
    (``add(name, handler) { this.handlers[name] = handler }``): ``#0``; or None."""
    u = N.unwrap(node)
    if u is not None and u.type == "identifier" and param is not None and N.text(data, u) == param \
            and _NAME_PARAM.match(param):
        return POSITIONAL
    parts = N.member_parts(data, u) if u is not None and u.type == "member_expression" else None
    if not parts or parts[-1] != "name" or len(parts) > 3:
        return None
    if param is not None and parts[0] == param and len(parts) >= 2:
        return ".".join(parts[1:])
    if parts[0] in parts_of and len(parts) == 2:
        return ".".join(parts)
    return None


def _stored_key(data: bytes, n, param: Optional[str], parts_of: frozenset) -> Optional[str]:
    """The name path when ``n`` stores into a container under the definition's name:
    ``X[P.name] = ...`` or ``X.set(P.name, ...)``."""
    if n.type == "assignment_expression":
        left = N.unwrap(n.child_by_field_name("left"))
        if left is not None and left.type == "subscript_expression":
            return _name_path(data, left.child_by_field_name("index"), param, parts_of)
    elif n.type == "call_expression":
        fn = n.child_by_field_name("function")
        if fn is not None and fn.type == "member_expression":
            prop = fn.child_by_field_name("property")
            args = N.args_of(n)
            if prop is not None and N.text(data, prop) == "set" and len(args) == 2:
                return _name_path(data, args[0], param, parts_of)
    return None


def _method_name(data: bytes, fn) -> Optional[str]:
    name = fn.child_by_field_name("name")
    return N.text(data, name) if name is not None else None


def find_registrars(data: bytes, root) -> Dict[str, str]:
    """``{"Class.method" or "function": name path}`` for the module's registry methods."""
    out: Dict[str, str] = forwarding_registrars(data, root, _class_of)  # registerTool(def) { server.registerTool(def.name, ...) }
    if b".set(" not in data and b"] =" not in data:
        return out
    for kind in ("method_definition", "function_declaration"):
        for fn in N.descendants(root, kind):
            name = _method_name(data, fn)
            body = fn.child_by_field_name("body")
            if not name or body is None:
                continue
            param, parts_of = _params(data, fn)
            if param is None and not parts_of:
                continue
            path = _first_store(data, body, param, parts_of)
            if path is None and param is not None and _copies_entries(data, body, param):
                path = ENTRIES
            if path is None:
                continue
            cls = _class_of(data, fn) if kind == "method_definition" else None
            out[f"{cls}.{name}" if cls else name] = path
    for name, path in assigned_registrars(data, root, _first_store, _params).items():
        out.setdefault(name, path)  # X.addTool = function (tool, handler) { m.set(tool.name, handler) }
    return out


def _first_store(data: bytes, body, param, parts_of) -> Optional[str]:
    stack = [body]
    while stack:
        n = stack.pop()
        if n.type in N.FUNCTIONS:
            continue  # a nested function's own parameters
        if n.type in ("assignment_expression", "call_expression"):
            got = _stored_key(data, n, param, parts_of)
            if got is not None:
                return got
        stack.extend(n.named_children)
    return None


def _entries_of(data: bytes, n, param: str) -> bool:
    """``Object.entries(P)``."""
    u = N.unwrap(n)
    if u is None or u.type != "call_expression":
        return False
    fn, args = u.child_by_field_name("function"), N.args_of(u)
    return fn is not None and N.text(data, fn) == "Object.entries" and len(args) == 1 and \
        N.text(data, N.unwrap(args[0])) == param


def _pair_names(data: bytes, pat) -> Optional[Tuple[str, str]]:
    """``[k, v]`` (an array pattern of two names)."""
    if pat is not None and pat.type == "required_parameter":
        pat = pat.child_by_field_name("pattern")
    if pat is None or pat.type != "array_pattern":
        return None
    names = [c for c in pat.named_children if c.type != "comment"]
    if len(names) != 2 or any(c.type != "identifier" for c in names):
        return None
    return N.text(data, names[0]), N.text(data, names[1])


def _copies_entries(data: bytes, body, param: str) -> bool:
    """The body copies every property of ``param`` into a container under its own name:
    ``for (const [k, v] of Object.entries(P)) { X.set(k, v) }`` or
    ``Object.entries(P).forEach(([k, v]) => { X[k] = v })``."""
    if b"Object.entries" not in data:
        return False
    for n in N.descendants(body, "for_in_statement"):
        right = n.child_by_field_name("right")
        kv = _pair_names(data, n.child_by_field_name("left"))
        if kv and right is not None and _entries_of(data, right, param) and _stores_pair(data, n.child_by_field_name("body"), kv):
            return True
    for n in N.descendants(body, "call_expression"):
        fn = n.child_by_field_name("function")
        args = N.args_of(n)
        if fn is None or fn.type != "member_expression" or len(args) != 1 or N.unwrap(args[0]).type not in N.FUNCTIONS:
            continue
        prop = fn.child_by_field_name("property")
        if prop is None or N.text(data, prop) != "forEach" or not _entries_of(data, fn.child_by_field_name("object"), param):
            continue
        cb = N.unwrap(args[0])
        params = cb.child_by_field_name("parameters")
        first = next((c for c in params.named_children if c.type != "comment"), None) if params is not None else None
        kv = _pair_names(data, first)
        if kv and _stores_pair(data, cb.child_by_field_name("body"), kv):
            return True
    return False


def _stores_pair(data: bytes, body, kv: Tuple[str, str]) -> bool:
    """``X.set(k, v)`` or ``X[k] = v`` in ``body`` (outside nested functions)."""
    stack = [body] if body is not None else []
    while stack:
        n = stack.pop()
        if n.type in N.FUNCTIONS:
            continue
        if n.type == "assignment_expression":
            left, right = N.unwrap(n.child_by_field_name("left")), N.unwrap(n.child_by_field_name("right"))
            if left is not None and left.type == "subscript_expression" and right is not None and \
                    N.text(data, N.unwrap(left.child_by_field_name("index"))) == kv[0] and N.text(data, right) == kv[1]:
                return True
        elif n.type == "call_expression":
            fn, args = n.child_by_field_name("function"), N.args_of(n)
            prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
            if prop is not None and N.text(data, prop) == "set" and len(args) == 2 and \
                    [N.text(data, N.unwrap(a)) for a in args] == list(kv):
                return True
        stack.extend(n.named_children)
    return False


def _class_of(data: bytes, method) -> Optional[str]:
    n = method.parent
    while n is not None and n.type not in ("class_declaration", "class", "abstract_class_declaration"):
        n = n.parent
    if n is None:
        return None
    name = n.child_by_field_name("name")
    return N.text(data, name) if name is not None else None


def _handler_node(data: bytes, props: Dict[str, object]):
    for k in HANDLER_KEYS:
        v = props.get(k)
        u = N.unwrap(v) if v is not None else None
        if u is not None and (u.type in N.FUNCTIONS or u.type in ("identifier", "member_expression", "call_expression")):
            return v
    return None


def registrar_site(interp, method: str, recv_node, args) -> None:
    """A method call that may register a tool with a registry of the project: one object
    literal (:func:`registrar_call`), or a name, a description or schema and an inline function
    (:func:`registrar_positional`)."""
    last = N.unwrap(args[-1]) if args else None
    if last is None:
        return
    if len(args) == 1 and last.type in ("identifier", "member_expression"):
        ref = interp._value(last)  # registry.addCategory(fileTools): every property may be a tool
        if ref and ref.startswith("r:"):
            tp = (interp.type_of(N.unwrap(recv_node)) or "").replace("()", "")
            if (method, tp, ref[2:]) not in interp.mod.registrar_tables:  # (a function is read more than once)
                interp.mod.registrar_tables.append((method, tp, ref[2:]))
    elif len(args) == 1 and last.type == "object":
        registrar_call(interp, method, recv_node, last)
    elif len(args) in (3, 4) and last.type in N.FUNCTIONS:
        registrar_positional(interp, method, recv_node, args)
    elif len(args) == 2 and method not in _LISTENER_METHODS and (
            last.type in N.FUNCTIONS or last.type in ("identifier", "member_expression")):
        if not registrar_pair(interp, method, recv_node, args, _DESCRIBED):  # addTool({ name, ... }, fn): pairregistrars.py
            registrar_positional(interp, method, recv_node, args)  # r.registerExecutor("get_issue", executeGetIssue)


def registrar_call(interp, method: str, recv_node, obj) -> None:
    """``recv.method({ name, ..., cb })``: keep the object as a registration of framework
    ``registrar`` (counted by the linker only when ``method`` is a registry method)."""
    data = interp.data
    props = N.object_props(data, obj)
    if "name" not in props and not any(k in props for k in _NESTED):
        return
    handler = _handler_node(data, props)
    named, path = obj, "name"
    if "name" not in props:
        inner = next(((k, N.unwrap(props[k])) for k in _NESTED if k in props), None)
        if inner is None or inner[1] is None or inner[1].type != "object":
            return
        named, path = inner[1], f"{inner[0]}.name"
    described = N.object_props(data, named)
    if "name" not in described or not any(k in described for k in _DESCRIBED):
        return  # a tool definition says what it does or takes
    name = interp._value(described["name"])
    if name is None:
        return
    tp = (interp.type_of(N.unwrap(recv_node)) or "").replace("()", "") if recv_node is not None else ""
    if handler is not None:
        candidates = [(path, handler)]
    else:  # registerTool(server, { name, inputSchema, fetcher, formatter }): the wrapper says which it calls (ts55c)
        candidates = [(f"{path}>{k}", v) for k, v in props.items() if path == "name" and k not in _DESCRIBED
                      and N.unwrap(v) is not None and N.unwrap(v).type in _OWN_FUNCTIONS][:4]
    for name_path, fn in candidates:
        reg = TsRegistration(kind="tool", framework=REGISTRAR, pos=interp.mod.src.pos(obj), owner_known=False,
                             name=name, inputs=(0,), context_index=1)
        reg.loop_props.update({REGISTRAR: method, "name_path": name_path, "recv": tp})
        interp._register_config(reg, {}, named)
        if named is not obj:
            interp._register_config(reg, {}, obj)
        interp._register_handler(reg, fn)


def registrar_positional(interp, method: str, recv_node, args) -> None:
    """``recv.method("name", [description], handler)``: keep the call as a registration of
    framework ``registrar`` named by its first argument (counted by the linker only when
    ``method`` is a registry method keying by its first parameter)."""
    name = interp.const_of(args[0])
    if not name and len(args) == 2:  # for (const [tool, method] of PAIRS) r.registerExecutor(tool, fn)
        for looped in looped_names(interp, args[0]):
            _positional(interp, method, recv_node, args, looped)
        return
    _positional(interp, method, recv_node, args, name)


def _positional(interp, method: str, recv_node, args, name: Optional[str]) -> None:
    if not name or not _TOOL_NAME.match(name):
        return
    for a in args[1:-1]:  # a description or a schema between the name and the handler
        u = N.unwrap(a)
        if u is None or (u.type != "object" and interp.const_of(u) is None):
            return
    tp = (interp.type_of(N.unwrap(recv_node)) or "").replace("()", "")
    reg = TsRegistration(kind="tool", framework=REGISTRAR, pos=interp.mod.src.pos(args[0]), owner_known=False,
                         name="s:" + name, inputs=(0,), context_index=1)
    reg.loop_props.update({REGISTRAR: method, "name_path": POSITIONAL, "recv": tp})
    for a in args[1:-1]:
        desc = interp.const_of(a)
        if desc is not None and reg.description is None:
            reg.description = "s:" + desc
            reg.description_pos = interp.mod.src.pos(a)
        elif desc is None and reg.schema is None:
            reg.schema = interp.schema_value(a)
    interp._register_handler(reg, args[-1])


def own_method(interp, ref: Optional[str]) -> Optional[str]:
    """``this.handleCallTool`` (``this.handleCallTool.bind(this)``) registered in a method of a
    class: that class's method, which the linker resolves without a calling function."""
    if ref and ref.startswith("r:this.") and interp.cls and "." not in ref[len("r:this."):]:
        return f"r:{interp.cls}.{ref[len('r:this.'):]}"
    return ref


def registrar_index(modules: Iterable) -> Dict[str, Dict[str, str]]:
    """method name -> {class (or "" for a function): name path} over the project's MCP modules
    (a registry of plugins or CLI commands elsewhere keeps no tools)."""
    out: Dict[str, Dict[str, str]] = {}
    for mod in modules:
        for qual, path in getattr(mod, "registrars", {}).items():
            if not mod.imports_mcp and not _sdk_call_inside(mod, qual):
                continue
            cls, _, meth = qual.rpartition(".")
            out.setdefault(meth, {})[cls] = path
    return out


def _sdk_call_inside(mod, qual: str) -> bool:
    """A wrapper ``qual`` of a module importing no MCP package (JavaScript has no type import of
    the server) whose own SDK registration forwards a definition object (forwardregistrars.py)."""
    return any(r.framework not in (REGISTRAR, "table") and (r.handler or "").startswith(f"f:{qual}.")
               and not (r.name or "").startswith("s:") for r in mod.registrations)


def registrar_accepts(linker: "TsLinker", reg: TsRegistration) -> bool:
    """A registration of framework ``registrar`` is a tool when its method is a registry method
    of the project (of the receiver's class when its type is known) keying by the path the
    object names itself at."""
    return _keys_by(linker, reg.loop_props.get(REGISTRAR, ""), reg.loop_props.get("recv") or "",
                    reg.loop_props.get("name_path"))


def _keys_by(linker: "TsLinker", method: str, recv: str, path: Optional[str]) -> bool:
    """``method`` (of the receiver's class when its type is a project class) is a registry
    method of the project keying by ``path``."""
    index = linker.__dict__.get("_registrars")
    if index is None:
        index = linker.__dict__["_registrars"] = registrar_index(linker.modules.values())
    by_cls = index.get(method, {})
    if not by_cls:
        return False
    last = recv.rsplit("#", 1)[-1].rsplit(".", 1)[-1] if recv else ""
    for cls in _lineage(linker, last):  # a method a subclass inherits (forwardregistrars.py)
        if cls in by_cls:
            return by_cls[cls] == path
    if last and any(last in m.classes for m in linker.modules.values()):
        return False  # a receiver of another class of the project
    return path in by_cls.values()


def _lineage(linker: "TsLinker", cls: str):
    """``cls`` and the names of its project base classes, nearest first (at most eight)."""
    seen = []
    while cls and cls not in seen and len(seen) < 8:
        seen.append(cls)
        base = next((m.classes[cls] for m in linker.modules.values() if m.classes.get(cls)), None)
        cls = base.rsplit("#", 1)[-1].rsplit(".", 1)[-1] if base else ""
    return seen


def registered_tables(linker: "TsLinker") -> Set[Tuple[str, str]]:
    """(module, table) of the object literals the project hands to a registry method copying
    every property under its own name (``registry.addCategory(fileTools)``)."""
    got = linker.__dict__.get("_registered_tables")
    if got is not None:
        return got
    got = linker.__dict__["_registered_tables"] = set()
    for path in sorted(linker.modules):
        for method, recv, ref in getattr(linker.modules[path], "registrar_tables", ()):
            if not _keys_by(linker, method, recv, ENTRIES):
                continue
            hit = linker.lookup(path, ref)
            if hit is not None and hit[1].startswith("o:"):
                got.add((hit[0], hit[1][2:]))
    return got


def table_registered(linker: "TsLinker", path: str, reg: TsRegistration) -> bool:
    """A tool-table entry (``{ read_file: { definition, handler } }``) whose table is handed,
    by name or inline, to a registry method copying every property (:data:`ENTRIES`)."""
    given = reg.loop_props.get("given_to")
    if given and _keys_by(linker, given, "", ENTRIES):
        return True
    table = reg.loop_props.get("table")
    return bool(table) and (path, table) in registered_tables(linker)


def table_definition(interp, pair, name: str, obj, props: Dict[str, object]) -> None:
    """``{ read_file: { definition: { name, description, inputSchema }, handler } }``: an entry of a
    table keyed by tool name whose value describes itself (at the top or under a nested key) and
    carries its handler beside. Kept as a registration of framework "table" with the variable the
    table initialises (or the method it is handed to inline), which the linker counts when a
    registry method copying every property receives it (:func:`table_registered`)."""
    handler = _handler_node(interp.data, props)
    if handler is None:
        return
    inner = next((N.unwrap(props[k]) for k in _NESTED if k in props and N.unwrap(props[k]) is not None
                  and N.unwrap(props[k]).type == "object"), None)
    described = N.object_props(interp.data, inner) if inner is not None else props
    if not any(k in described for k in _DESCRIBED):
        return  # a tool definition says what it does or takes
    up = pair.parent.parent if pair.parent is not None else None  # the table's parent
    while up is not None and up.type in N.WRAPPERS:
        up = up.parent
    where: Dict[str, str] = {}
    if up is not None and up.type == "variable_declarator" and up.child_by_field_name("name") is not None:
        where["table"] = N.text(interp.data, up.child_by_field_name("name"))
    elif up is not None and up.type == "arguments" and up.parent is not None:
        fn = up.parent.child_by_field_name("function")
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        if prop is not None:
            where["given_to"] = N.text(interp.data, prop)
    if not where:
        return
    reg = TsRegistration(kind="tool", framework="table", pos=interp.mod.src.pos(pair), owner_known=False,
                         name="s:" + name, inputs=(0,), context_index=1)
    reg.loop_props.update(where)
    interp._register_config(reg, {}, inner if inner is not None else obj)
    interp._register_handler(reg, handler)
