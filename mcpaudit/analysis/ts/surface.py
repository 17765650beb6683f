"""The MCP surface of TypeScript/JavaScript servers seen in calls: tools, prompts and resources
registered on an ``McpServer`` (SDK 1.x and 2.x), on fastmcp's ``FastMCP``, low-level
``Server.setRequestHandler`` handlers and the tools their ``tools/list`` handler declares, and
HTTP transports. What a schema says about a parameter (zod) is read here too.

The vocabulary is data (``rules/models/typescript/mcp.yaml``). Parts that name things in other
modules (an imported handler, a tool name kept in an object, a list of tool definitions) are
recorded as references and resolved by the linker. Mixed into the function interpreter.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from .descriptors import computed_props
from ..taintvalue import ALL, Info, Taint
from . import nodes as N
from .records import KEY, TOOL_OBJECT_HANDLERS, UNKNOWN_SCHEMA, SchemaParam, TsRegistration
from .registrars import own_method, table_definition
from .callbacks import callback_index, looks_like_registration, sdk_shaped
from .factories import made_handler
from .instancetools import loop_prop
from .instnames import instance_name
from .listenhost import listen_call_host
from .owntransport import note_transport
from .projectservers import imported_receiver, marked
from .looppicks import called_pick, picked_handler
from .routes import RouteCalls
from .schemarefs import spread_params
from .selftools import this_field_object
from .classwrappers import forwarding_call
from .serverwrappers import subclass_server, wrapper_instance
from .sharedschemas import imported_safe
from .tuples import spread_registration
from .zodkeys import UNIONS, declared_keys, union_params
from .modfactories import module_made
from .lowleveltools import LowLevelTools

_CONTEXT_NAMES = ("extra", "ctx", "context", "_extra", "requestExtra", "handlerExtra")
_ANNOTATION_KEYS = ("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint", "title")


class Surface(LowLevelTools, RouteCalls):
    """MCP registrations and HTTP serving sites in calls (mixed into the interpreter)."""

    # -- which objects are servers ----------------------------------------------------------
    def server_framework(self, recv_node) -> Tuple[Optional[str], bool]:
        """(framework, known) of a receiver: known when it is a server object by construction
        or type; else the module's MCP import makes it plausible."""
        S = self.M.surface
        r = N.unwrap(recv_node)
        if r is None:
            return None, False
        tp = (self.type_of(r) or "").replace("()", "")
        if tp:
            last = tp.rsplit("#", 1)[-1].rsplit(".", 1)[-1]
            fw = S.server_kind(tp) or S.parameter_types.get(last) or subclass_server(self.mod, last)  # serverwrappers.py
            if fw:
                return fw, True
        return ("mcp", True) if wrapper_instance(self, r) else (None, False)  # trelloMcpServer (serverwrappers.py)

    def surface_call(self, node, fn, fq, method, recv_node, args, new) -> bool:
        """Record a registration or an HTTP serving site; True when the call registered a
        handler (its functions are analysed as handlers, not in place)."""
        S = self.M.surface
        note_transport(self, node, fq, new, method)  # new StreamableHTTPServerTransport(), Smithery, own WS
        if new:
            return False
        if method is None or recv_node is None or method not in self.M.surface_methods or \
                self.cls is not None and forwarding_call(self, method, args):  # in a class's wrapper (classwrappers.py)
            return False
        if method == S.request_method:
            return self._request_handler(node, recv_node, args)
        if method in S.route_methods or method == "on":
            # a route is a handler of its own when the app is open (linker), read in place too
            self.route_call(node, method, recv_node, args)
        fw, known = self.server_framework(recv_node)
        shaped = not known and not self.mod.imports_mcp and sdk_shaped(self, method, args)  # callbacks.py
        imported = imported_receiver(self, recv_node) if not known and not self.mod.imports_mcp else None
        named = not known and not self.mod.imports_mcp and (shaped or bool(imported) or self._server_named(recv_node))
        for framework, methods in S.registrations.items():
            spec = methods.get(method)
            if spec is None:
                continue
            if known and fw != framework and not (fw == "lowlevel" and framework == "mcp"):
                continue
            if not known and not self.mod.imports_mcp and not (named and ("object" not in spec or imported)):
                continue  # addTool({...}) on a server imported from the project: projectservers.py
            if not known and (spec.get("loose") or named) and not (imported and "object" in spec) and not looks_like_registration(self, args):
                continue
            return marked(self, imported, lambda: self.registered_through(node, args, lambda site, a: self._register(
                site, framework, spec, a, known or shaped, named)))
        start = S.http_start_methods.get(method)
        if start and args and (known or self.mod.imports_mcp):
            u = N.unwrap(args[0])
            if u is not None and u.type == "object":
                props = N.object_props(self.data, u)
                v = props.get(start["key"])
                val = self.const_of(v) if v is not None else None
                if val in start["http"]:
                    self.mod.http.append({"kind": val, "pos": self.mod.src.pos(node),
                                          "detail": f"{method}({{ {start['key']}: '{val}' }})", "owner": ""})
        if method in S.http_listen_methods and args:
            host = listen_call_host(self, args)
            if host[0]:
                self.mod.listen_hosts.append((*host, self.mod.src.pos(node)))
        return False

    def _server_named(self, recv_node) -> bool:
        """``server.tool(...)`` where ``server`` (a parameter's property, a field) is named like
        a server: plausible in a module that does not import MCP (linked when the project does)."""
        parts = N.member_parts(self.data, N.unwrap(recv_node))
        return bool(parts) and bool(self.M.surface.server_names.match(parts[-1]))

    # -- registrations ----------------------------------------------------------------------
    def _value(self, node) -> Optional[str]:
        """A table value for a name or description: "s:<const>" or "r:<reference>"."""
        if node is None:
            return None
        if self.arg_frames:
            hit = self.through(node)
            node = hit[0] if hit is not None else node
        c = self.const_of(node)
        if c is not None:
            return "s:" + c
        u = N.unwrap(node)
        if u is not None and u.type == "shorthand_property_identifier":
            return "r:" + N.text(self.data, u)  # { title, description, inputSchema }: the variable
        if u is not None and u.type in ("identifier", "member_expression", "subscript_expression"):
            d = self.dotted(u)
            if d:
                return "r:" + d
        return None

    def _loop_prop(self, node) -> Optional[Tuple[str, str]]:
        """``t.name`` (or ``t.schema.name``, ``t.getName()``) where ``t`` iterates a list: (list
        reference, property path); see :func:`.instancetools.loop_prop`."""
        return loop_prop(self, node)

    def _register(self, node, framework: str, spec: Dict, args, known: bool, named: bool = False) -> bool:
        reg = TsRegistration(kind=spec["kind"], framework=framework, pos=self.mod.src.pos(node), owner_known=known,
                             owner_named=named)
        if spread_registration(self, reg, spec, args):
            return True  # server.tool(...t) over a list of tuples
        if "object" in spec:
            got = self._register_object(reg, spec, args)
        else:
            got = self._register_positional(reg, spec, args)
        if isinstance(got, bool):
            return got
        handler_node, config = got
        if config is not None:
            self._register_config(reg, spec, config)
        return self._register_handler(reg, handler_node)

    def _register_object(self, reg: TsRegistration, spec: Dict, args):
        """``server.addTool({ name, parameters, execute })``: True when registered by reference
        (``addTool(tool)``), False when not a registration, else (handler node, config object)."""
        data = self.data
        obj = N.unwrap(args[spec["object"]]) if len(args) > spec["object"] else None
        if obj is None:
            return False
        if obj.type == "identifier" and N.text(data, obj) in self.loop_vars:
            # for (const t of TOOLS) server.addTool(t): one tool per element
            reg.loop = "r:" + self.loop_vars[N.text(data, obj)]
            reg.loop_props.update({"name": spec["name"], "handler": spec["handler"], "description": "description"})
            if spec.get("schema"):
                reg.loop_props["schema"] = spec["schema"]
            reg.handler = "loop"
            reg.inputs = (0,)
            reg.context_index = 1
            self.mod.registrations.append(reg)
            return True
        if obj.type != "object":
            ref = self._value(obj)
            if ref and ref.startswith("r:"):
                reg.loop = None
                reg.name = ref + "." + spec["name"]
                reg.handler = ref + "." + spec["handler"]
                reg.description = ref + ".description"
                if spec.get("schema"):
                    reg.schema = ref + "." + spec["schema"]
                reg.inputs = (0,)
                reg.context_index = 1
                self.mod.registrations.append(reg)
                return True
            return False
        props = N.object_props(data, obj)
        reg.name = self._value(props.get(spec["name"]))
        handler_node = args[-1] if spec["handler"] == "last" and len(args) > 1 else props.get(spec["handler"])
        if spec.get("uri") and spec["uri"] in props:
            reg.uri = self.const_of(props[spec["uri"]])
            reg.template = spec["uri"] == "uriTemplate" or bool(spec.get("template"))
        schema_node = props.get(spec["schema"]) if spec.get("schema") else None
        if schema_node is not None:
            reg.schema = self.schema_value(schema_node)
        if reg.kind == "tool" or reg.schema or reg.template:
            reg.inputs = (0,)
        reg.context_index = 1
        return handler_node, obj

    def _register_positional(self, reg: TsRegistration, spec: Dict, args):
        """``tool(name, [description], [schema], handler)`` / ``registerTool(name, config,
        handler)``: False when not a registration, else (handler node, config object or None)."""
        config = None
        if not args:
            return False
        name_node = args[spec["name"]] if len(args) > spec["name"] else None
        reg.name = instance_name(self, name_node) or self._value(name_node)  # tool(t.name): instnames.py
        loop = self._loop_prop(name_node)
        if loop:
            reg.loop, reg.loop_props["name"] = "r:" + loop[0], loop[1]
        elif name_node is not None and N.unwrap(name_node) is not None and N.unwrap(name_node).type == "identifier" \
                and N.text(self.data, N.unwrap(name_node)) in self.loop_keys:
            # registerTool(name, ...) over Object.entries(TOOLS): each key names its entry's tool
            reg.loop, reg.loop_props["name"] = "r:" + self.loop_keys[N.text(self.data, N.unwrap(name_node))], KEY
        at = callback_index(self, args, spec["name"]) if spec.get("handler") == "last" else len(args) - 1
        handler_node = args[at] if spec.get("handler") == "last" else None
        rest = [a for a in args[spec["name"] + 1:at]]
        if "uri" in spec and len(args) > spec["uri"]:
            uri_node = N.unwrap(args[spec["uri"]])
            rest = [a for a in rest if a is not args[spec["uri"]]]
            if uri_node is not None and uri_node.type == "new_expression":
                uargs = N.args_of(uri_node)
                reg.uri = self.const_of(uargs[0]) if uargs else None
                reg.template = True
            else:
                reg.uri = self.const_of(uri_node)
                reg.template = bool(reg.uri and "{" in reg.uri)
        if "config" in spec:
            cfg = N.unwrap(args[spec["config"]]) if len(args) > spec["config"] else None
            cfg = this_field_object(self, cfg)  # registerTool(this.name, this.config, ...): selftools.py
            if cfg is not None and cfg.type == "object":
                config = cfg
            elif cfg is not None:
                ref = self._value(cfg)
                if ref and ref.startswith("r:"):
                    reg.description = ref + ".description"
                    reg.schema = ref + ".inputSchema"
        else:
            self._register_rest(reg, rest)
        reg.context_index = 1 if (reg.schema or "config" in spec) else 0
        if reg.kind == "resource":
            reg.context_index = 2 if reg.template else 1
            reg.inputs = (0, 1) if reg.template else ()
        elif reg.schema or "config" in spec:
            reg.inputs = (0,)
        return handler_node, config

    def _register_rest(self, reg: TsRegistration, rest) -> None:
        """The arguments between the name and the handler of ``tool(name, [description], [schema],
        [annotations], handler)``."""
        for a in rest:
            u = N.unwrap(a)
            if u is None:
                continue
            c = self.const_of(u)
            if c is not None and reg.description is None:
                reg.description = "s:" + c
                reg.description_pos = self.mod.src.pos(u)
                continue
            lp = self._loop_prop(u)
            if lp and lp[1].rsplit(".", 1)[-1] == "annotations":
                reg.loop_props["annotations"] = lp[1]  # tool(t.name, t.description, shape, t.annotations, cb)
                continue
            if lp:
                role = "description" if reg.description is None and lp[1].rsplit(".", 1)[-1].lower().startswith("desc") else "schema"
                if role == "description":
                    reg.loop_props["description"] = lp[1]
                    reg.description = "loop"
                else:
                    reg.loop_props["schema"] = lp[1]
                    reg.schema = "loop"
                continue
            if u.type == "object":
                props = N.object_props(self.data, u)
                if props and all(k in _ANNOTATION_KEYS for k in props):
                    reg.annotations.update(self._literal_object(u))
                elif reg.schema is None:
                    reg.schema = self.schema_value(u)
                continue
            if reg.description is None and u.type in ("identifier", "member_expression") and \
                    (N.text(self.data, u).lower().endswith(("description", "desc"))):
                reg.description = self._value(u)
                continue
            if reg.description is None and u is N.unwrap(rest[0]) and u.type == "subscript_expression" and \
                    self.const_of(u.child_by_field_name("index")) is not None:
                reg.description = self._value(u)  # tool("x", DESCRIPTIONS["x"], ...)
                continue
            if reg.schema is None and u.type in ("identifier", "member_expression", "call_expression"):
                reg.schema = self.schema_value(u)

    def _register_config(self, reg: TsRegistration, spec: Dict, config) -> None:
        """Description, title, schema and annotations from a registration's config object."""
        data = self.data
        props = N.object_props(data, config)
        for role in ("description", "title"):
            for key in self.M.surface.config_keys.get(role, ()):
                if key in props and (role == "description" or reg.description is None):
                    at = self.through(props[key]) if self.arg_frames else None
                    reg.description = self._value(props[key]) or reg.description
                    reg.description_pos = self.mod.src.pos(at[0] if at is not None else props[key])
                    lp = self._loop_prop(props[key])
                    if lp:
                        reg.loop_props["description"] = lp[1]
            if role == "description" and reg.description:
                break
        for key in self.M.surface.config_keys.get("schema", ()):
            if key in props:
                lp = self._loop_prop(props[key])
                if lp:
                    reg.loop_props["schema"] = lp[1]
                reg.schema = self.schema_value(props[key]) or ("loop" if lp else None)
                break
        if "config" in spec and reg.kind in ("tool", "prompt"):
            reg.inputs = (0,) if reg.schema else ()
            reg.context_index = 1 if reg.schema else 0
        for key in self.M.surface.config_keys.get("annotations", ()):
            if key in props and N.unwrap(props[key]).type == "object":
                reg.annotations.update(self._literal_object(N.unwrap(props[key])))
            elif key in props and self._loop_prop(props[key]):  # annotations: tool.annotations
                reg.loop_props["annotations"] = self._loop_prop(props[key])[1]

    def table_tool(self, pair, key_node, value) -> None:
        """``{ list_rows: tool({ description, parameters, execute }) }``: a tool table keyed by tool name, whose
        entries (or a helper's object argument) carry the handler as ``execute``. Kept as framework "table"; the linker
        counts it only in a project whose call-tool handler runs a looked-up tool's ``execute`` (``runs_tool_objects``)."""
        obj = value
        if obj.type == "call_expression":
            args = N.args_of(obj)
            obj = N.unwrap(args[0]) if args else None
        if obj is None or obj.type != "object" or key_node is None:
            return
        name = N.prop_key(self.data, key_node)
        props = N.object_props(self.data, obj)
        handler = props.get("execute")
        if name and handler is None:  # { read_file: { definition, handler } }: a registry's table (registrars.py)
            return table_definition(self, pair, name, obj, props)
        if not name or handler is None or N.unwrap(handler) is None:
            return
        if N.unwrap(handler).type not in N.FUNCTIONS and N.unwrap(handler).type != "identifier":
            return
        reg = TsRegistration(kind="tool", framework="table", pos=self.mod.src.pos(pair), owner_known=False,
                             name="s:" + name, inputs=(0,), context_index=1)
        self._register_config(reg, {}, obj)
        self._register_handler(reg, handler)

    def named_tool_object(self, obj) -> None:
        """``createTool({ name: "read_note", schema, handler: async (args) => ... })``: an object
        literal handed to a call (a project's tool factory) that names itself and carries its
        handler; a tool of framework "table" like the entries above (its other parameters are
        what the factory adds, not caller input)."""
        props = N.object_props(self.data, obj)
        name = self.const_of(props["name"]) if "name" in props else None
        handler = next((props[k] for k in TOOL_OBJECT_HANDLERS if k in props), None)
        if not name or handler is None or N.unwrap(handler) is None or N.unwrap(handler).type not in N.FUNCTIONS:
            return
        reg = TsRegistration(kind="tool", framework="table", pos=self.mod.src.pos(obj), owner_known=False,
                             name="s:" + name, inputs=(0,))
        self._register_config(reg, {}, obj)
        self._register_handler(reg, handler)

    def _register_handler(self, reg: TsRegistration, handler_node) -> bool:
        """Bind the handler (an inline function is analysed as nested) and keep the registration."""
        h = self.unwrap_handler(handler_node)
        if h is None:
            return False
        if reg.name and reg.name.startswith("r:this.") and self.cls:
            # class-based tools: a base class registers `this.name` with a method of `this`;
            # every subclass that sets the field is a tool (expanded when linking)
            reg.owner_class = self.cls
            reg.loop_props["name"] = reg.name[len("r:this."):]
            if reg.description and reg.description.startswith("r:this."):
                reg.loop_props["description"] = reg.description[len("r:this."):]
            if reg.schema and reg.schema.startswith("r:this."):
                reg.loop_props["schema"] = reg.schema[len("r:this."):]
        if h.type in N.FUNCTIONS:
            label = (reg.name or "")[2:] if reg.name else str(reg.pos[0])
            qual = f"{self._handler_prefix()}<{reg.kind} {label}@{reg.pos[0]}>"
            qual, fresh = self.mod.analyze_nested(h, qual, self, context_index=reg.context_index)
            reg.handler = "f:" + qual
            if not fresh:  # reached again inside its own handler's analysis: kept once, by that one
                return True
            called_pick(self, reg, qual)  # it calls HANDLERS[t.name] of the loop (looppicks.py)
        else:
            lp = self._loop_prop(h)
            if lp:
                reg.loop = reg.loop or "r:" + lp[0]
                reg.loop_props["handler"] = lp[1]
                reg.handler = "loop"
            elif not picked_handler(self, reg, h):
                reg.handler = self._value(h) if reg.owner_class else own_method(self, self._value(h))
                made_handler(self, reg, h, handler_node)  # adapt(makeController()): what the factory returns
        if reg.handler is None:
            return False
        self.mod.registrations.append(reg)
        return True

    def unwrap_handler(self, node, depth: int = 0):
        """The handler under wrappers: ``withTelemetry(async (req) => ...)``,
        ``middleware.wrap("x", fn)``, ``this.invoke.bind(this)``."""
        u = N.unwrap(node) if node is not None else None
        while u is not None and u.type == "call_expression" and depth < 4:
            fn = u.child_by_field_id(self.F.function)
            if fn is not None and fn.type == "member_expression":
                prop = fn.child_by_field_id(self.F.property)
                if prop is not None and N.text(self.data, prop) == "bind":
                    return N.unwrap(fn.child_by_field_id(self.F.object))  # f.bind(this)
            args = [N.unwrap(a) for a in N.args_of(u)]
            inner = next((a for a in args if a is not None and a.type in N.FUNCTIONS), None) or \
                next((a for a in args if a is not None and a.type == "call_expression"), None) or \
                next((a for a in args if a is not None and a.type in ("identifier", "member_expression")
                      and self.const_of(a) is None), None)
            if inner is None:
                return u
            u = inner
            depth += 1
        if u is not None and u.type == "identifier":
            name = N.text(self.data, u)
            if name in self.local_fns:
                return self.local_fns[name]
            if name in self.fn_alias and "#" not in self.fn_alias[name] and self.fn_alias[name] in self.local_fns:
                return self.local_fns[self.fn_alias[name]]
        return module_made(self, u, depth)  # const get = makeHandler("GET", fn) at module level (modfactories.py)

    def _handler_prefix(self) -> str:
        return "" if self.node is None else self.qualname + "."

    def _literal_object(self, node) -> Dict[str, object]:
        out: Dict[str, object] = {}
        for k, v in N.object_props(self.data, node).items():
            u = N.unwrap(v)
            if u is None:
                continue
            if u.type == "true":
                out[k] = True
            elif u.type == "false":
                out[k] = False
            else:
                c = self.const_of(u)
                if c is not None:
                    out[k] = c
        return out

    # -- the handler's context -------------------------------------------------------------
    def context_read(self, node) -> Optional[Taint]:
        """``extra.requestInfo.headers``, ``extra.authInfo`` in a handler: the caller's HTTP
        headers (input) and credentials (secrets)."""
        parts = N.member_parts(self.data, node)
        if not parts or len(parts) < 2:
            return None
        ctx = self.context_param
        if parts[0] != ctx and parts[0] not in _CONTEXT_NAMES:
            return None
        if parts[0] != ctx and parts[0] not in self.locals:
            return None
        path = tuple(parts[1:])
        S = self.M.surface
        for p in S.context_secret:
            if path[:len(p)] == p:
                what = ".".join(p)
                return {("s", what): Info((self.step(node, f"credentials '{what}' read from the request context"),))}
        for p in S.context_caller:
            if path[:len(p)] == p:
                key = path[len(p)] if len(path) > len(p) else None
                return {("p", "$ctx:headers"): Info((self.step(node, "HTTP request headers read (caller-controlled)"),),
                                                    key=key)}
        return None

    # -- schemas ----------------------------------------------------------------------------
    def schema_value(self, node) -> Optional[str]:
        """A schema as a table value: "z:<key>" for one read here, "r:<reference>" otherwise."""
        if self.arg_frames:
            hit = self.through(node)
            node = hit[0] if hit is not None else node
        u = N.unwrap(node)
        if u is None:
            return None
        if u.type == "object" or (u.type == "call_expression" and self._zod_call(u)):
            key = f"@{u.start_byte}"
            self.mod.schemas[key] = self.schema_params(u)
            return "z:" + key
        if u.type == "call_expression":
            # zodToJsonSchema(Schema), Schema.extend(...), toJsonSchema(Schema)
            args = N.args_of(u)
            fn = u.child_by_field_id(self.F.function)
            if args and fn is not None:
                inner = N.unwrap(args[0])
                if inner is not None and inner.type in ("identifier", "member_expression"):
                    return self._value(inner)
                if inner is not None and inner.type == "object" and fn.type == "identifier":
                    return self.schema_value(inner)  # strictShape({ path: z.string() }, aliases): a helper's shape
                if fn.type == "member_expression":
                    return self._value(fn.child_by_field_id(self.F.object))
            return UNKNOWN_SCHEMA  # a schema we cannot read: its handler's argument is still the caller's
        if u.type == "member_expression":
            parts = N.member_parts(self.data, u)
            if parts and parts[-1] == "shape":
                u = u.child_by_field_id(self.F.object)
        return instance_name(self, u) or self._value(u)  # t.getDefinition().inputSchema: instnames.py

    def _zod_call(self, node) -> bool:
        d = self.dotted(node.child_by_field_id(self.F.function)) or ""
        return d.split(".")[0] in self.M.surface.schema_modules or d.startswith(tuple(
            m + "." for m in self.M.surface.schema_modules))

    def schema_params(self, node) -> List[SchemaParam]:
        """The parameters a schema declares: a zod shape (``{ a: z.string() }``), a zod
        object (``z.object({...})``), or a JSON schema (``{ type: "object", properties }``)."""
        u = N.unwrap(node)
        if u is None:
            return []
        if u.type == "identifier":
            name = N.text(self.data, u)
            key = self.mod.schema_names.get(name)
            return list(self.mod.schemas.get(key, [])) if key else []
        if u.type == "call_expression":
            fn = u.child_by_field_id(self.F.function)
            args = N.args_of(u)
            meth = N.text(self.data, fn.child_by_field_id(self.F.property)) if fn is not None and fn.type == "member_expression" else ""
            if meth in self.M.surface.schema_object and args:
                return self.schema_params(args[0])
            if meth in UNIONS:  # z.discriminatedUnion("mode", [A, B]): each member's fields (zodkeys.py)
                return union_params(self, args) or []
            if fn is not None and fn.type == "member_expression":
                return self.schema_params(fn.child_by_field_id(self.F.object))
            if args:
                return self.schema_params(args[0])
            return []
        if u.type != "object":
            return []
        props = N.object_props(self.data, u)
        if "properties" in props and N.unwrap(props["properties"]).type == "object":
            out = []
            for k, v in N.object_props(self.data, N.unwrap(props["properties"])).items():
                vu = N.unwrap(v)
                desc = None
                if vu is not None and vu.type == "object":
                    pp = N.object_props(self.data, vu)
                    if "description" in pp:
                        desc = self.const_of(pp["description"])
                out.append((k, desc, frozenset()))  # JSON schema types are not enforced
            return out
        out = spread_params(self, u)  # { ...baseShape, id: z.number() }: the spreads' fields first
        for k, v in ((k, v) for k, v in {**props, **computed_props(self, u)}.items() if v.type != "method_definition"):
            fams, desc = self.zod_field(v)
            out = [p for p in out if p[0] != k] + [(k, desc, fams)]
        return out

    def zod_field(self, node, depth: int = 0) -> Tuple[frozenset, Optional[str]]:
        """(families the value is clean for, description) of one zod field schema, read from
        its chain ``z.string().regex(/.../).describe("...")``; mcp-framework's
        ``{ type: z.string(), description }`` too."""
        u = N.unwrap(node)
        S = self.M.surface
        desc = None
        if u is not None and u.type == "object":
            props = N.object_props(self.data, u)
            if "description" in props:
                desc = self.const_of(props["description"])
            u = N.unwrap(props.get("type")) if "type" in props else None
        safe = False
        fams: frozenset = frozenset()
        while u is not None and u.type == "call_expression":
            fn = N.unwrap(u.child_by_field_id(self.F.function))
            args = N.args_of(u)
            if fn is None:
                break
            if fn.type == "member_expression":
                meth = N.text(self.data, fn.child_by_field_id(self.F.property))
                obj = fn.child_by_field_id(self.F.object)
                base = self.dotted(obj) or ""
                if meth == "describe" and args and desc is None:
                    desc = self.const_of(args[0])
                elif "()" not in base and (base.split(".")[0] in S.schema_modules or base in ("z", "z.coerce")):
                    # the constructor: z.number(), z.enum([...])
                    if meth in S.schema_safe:
                        safe = True
                    elif meth in S.schema_array and args:
                        inner = [self.zod_field(a)[0] for a in args if N.unwrap(a).type != "array"]
                        arr = [a for a in args if N.unwrap(a).type == "array"]
                        for a in arr:
                            inner += [self.zod_field(x)[0] for x in N.unwrap(a).named_children]
                        if inner and all(ALL in f for f in inner):
                            safe = True
                    break
                elif meth in S.schema_safe_refinements:
                    safe = True
                elif meth in S.schema_shape_refinements:
                    fams = fams | S.schema_shape_refinements[meth]
                elif meth in S.schema_regex and args:
                    from .checks import _regex_parts
                    from ..dotsegments import dot_segment_free
                    from ..narrowing import regex_families
                    from ..reqcreds import NO_DOT_SEGMENT

                    rx = _regex_parts(self.data, args[0]) or self._regex_const(args[0])  # /.../ or a named one
                    if rx and rx[0].startswith("^") and rx[0].endswith("$") and "m" not in rx[1]:
                        # and no match holds a '..' segment: a path fill it checks cannot climb (dotsegments.py)
                        fams = fams | regex_families(rx[0], full=True) | (
                            {NO_DOT_SEGMENT} if dot_segment_free(rx[0]) else frozenset())
                elif meth in ("refine", "transform", "superRefine", "preprocess", "pipe"):
                    pass
                u = N.unwrap(obj)
            else:
                break
        if not safe and not fams and u is not None and u.type == "identifier" and depth < 4:
            # PermissionSchema.optional(), z.array(PermissionSchema): a schema named at module level
            named = self.mod.schema_nodes.get(N.text(self.data, u))
            if named is not None:
                fams, ndesc = self.zod_field(named, depth + 1)
                desc = desc or ndesc
            elif imported_safe(self.mod, N.text(self.data, u)):  # z.enum of another module: sharedschemas.py
                safe = True
        return declared_keys(self, node, frozenset({ALL}) if safe else fams), desc  # zodkeys.py
