"""The MCP surface inside one module: which functions are handlers (decorators, ``add_tool``,
``Tool.from_function``, the low-level ``list_tools`` declarations), and where HTTP is served and
authentication configured. The vocabulary (server classes, decorator names, transports, auth
names) is data in ``rules/models/python/mcp.yaml``; this module only interprets it.

:class:`ModuleSurface` (modulesurface.py) is mixed into the module analyser, :class:`CallSurface` into the function
interpreter (registrations and ``run()`` calls happen inside function bodies too).
"""

from __future__ import annotations

from typing import Dict, Optional

from ..lazycst import cst

from . import configured
from .boundapps import method_receiver
from .configured import param_default
from .cstnodes import CODEGEN, calls_in_stmt, find_all, nodes_of, string_value, tool_name_text, walk_stmts
from .dispatch import IMPORTED_LIST, loop_access
from .tuplelists import assigned
from .positions import flat_body
from .enumvalues import enum_member_value, model_fields
from .getattrapps import note_getattr_app
from .httproutes import note_route
from .runnarrow import narrowed_transport, positional_transport
from .runhelpers import settings_receiver
from .runglobals import off_by_default
from .summary import LowLevelTool
from .schemachoices import schema_choices
from .regsites import own_method_ref, registered_node, wrapper_factories
from .registrars import module_function_names, untyped_server_param
from .prefixtools import note_registration as note_prefix_registration
from .wrappers import closure_factories, function_copies
from .recordfns import RECORD, record_field, record_registration
from .appstrings import app_fields
from .boundtools import note_bound_registration
from .factoryservers import bundled_server, returned_server
from .partialruns import enum_text
from .modulesurface import ModuleSurface, option_defaults  # re-exported


class CallSurface:
    """Registrations and HTTP serving seen as calls inside a function body."""

    # -- surface: registrations and HTTP serving ----------------------------------------
    def _owner_kind(self, recv_node) -> Optional[str]:
        if isinstance(recv_node, cst.Name):
            return (self.mod.instances.get(recv_node.value) or self.param_types.get(recv_node.value)
                    or ("imported" if recv_node.value in self.mod.imports else None)
                    or returned_server(self, recv_node.value))  # mcp = create_server() of another module
        d = self.mod.dotted(recv_node) or ""
        return self.self_attrs.get(d) or bundled_server(self, recv_node)  # bundle.server of a factory's dataclass

    def _added_target(self, node) -> Optional[str]:
        """The function ``add_tool(fn)`` registers: a nested function by its qualified name."""
        if isinstance(node, cst.Name) and node.value in getattr(self, "nested", {}):
            return f"{self.qualname}.{node.value}"
        made = self.local_values.get(node.value) if isinstance(node, cst.Name) else None
        if isinstance(made, cst.Call) and isinstance(made.func, cst.Name) and \
                made.func.value in function_copies(self.mod):
            return function_copies(self.mod)[made.func.value]  # fn = factory(...): a copy of its nested function
        if isinstance(made, cst.Call) and isinstance(made.func, cst.Name) and \
                made.func.value in closure_factories(self.mod):
            return closure_factories(self.mod)[made.func.value]  # fn = factory(...): the closure it returns
        if isinstance(made, cst.Call) and isinstance(made.func, cst.Name) and len(made.args) == 1 and \
                made.func.value in wrapper_factories(self.mod) and isinstance(made.args[0].value, (cst.Name, cst.Attribute)):
            return self._added_target(made.args[0].value)  # fn = wrap(f): f itself (regsites.wrapper_factories)
        if isinstance(made, cst.Call) and isinstance(made.func, cst.Attribute) and \
                made.func.attr.value == self.M.surface.from_function["method"] and self.mod.dotted(made.func):
            return f"{self.mod.dotted(made.func)}()"  # t = Tool.from_function(fn): recorded as fn's registration
        return own_method_ref(self, node) or self.mod.dotted(node)  # self.search: Class.search (regsites.py)

    def _add_registered(self, node, meta, name_node, pos, recv=None) -> None:
        """Record the function a registration call adds, or each function of the loop it is
        in (named by the loop's key when ``name=`` is that key)."""
        if recv is not None and note_bound_registration(self, recv, node, meta, name_node, pos):
            return  # self.mcp.tool()(self.method): boundtools.py
        loop = self.loop_funcs.get(loop_access(node) or "") or self._listed_field(node)
        bound = (self._typed_target(node) or self._local_object_method(node)) if isinstance(node, cst.Attribute) else None
        if loop is None and bound:  # mcp.add_tool(obj.method), obj = Class(): a bound method of a project class
            self.mod.added_tools.append((bound, meta, pos))
            return
        if loop is None and note_prefix_registration(self, node, meta, name_node, pos):
            return  # a loop over functions picked by a name prefix (prefixtools.py)
        if loop is None:
            field = record_field(self, node)  # d.fn off a loop variable (recordfns.py)
            node = registered_node(self, node, meta, name_node, pos)  # regsites.py
            target = self._added_target(node) if node is not None else None
            if target:
                self.mod.added_tools.append((target + RECORD if field else target, meta, pos))
            return
        entries, key_var = loop
        for fn, key in entries:
            m = dict(meta)
            if key and key_var and loop_access(name_node) == key_var:
                m["name"] = key
            self.mod.added_tools.append((fn, m, pos))

    def _local_object_method(self, node) -> Optional[str]:
        """``client.search`` where local ``client`` was built here by a constructor call of a
        class that may be the project's (``client = SearxngClient(url)``, the class imported):
        ``Class.search``, which the linker resolves when the class is the project's."""
        if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name)):
            return None
        made = self.local_values.get(node.value.value)
        if not (isinstance(made, cst.Call) and node.value.value in self.types):
            return None
        return self._maybe_typed_target(node)

    def _listed_field(self, node) -> Optional[tuple]:
        """``for tool in TOOLS: fn = tool.func; mcp.tool()(fn)`` over a list whose functions are
        resolved when the modules are linked (a list of records, or one built elsewhere): a
        field of the loop variable, or a local bound to one, is each function of that list."""
        if isinstance(node, cst.Name):
            bound = [self.local_values[node.value]] if node.value in self.local_values else assigned(self, node.value)
            if len(bound) != 1:
                return None
            node = bound[0]
        if not isinstance(node, (cst.Attribute, cst.Subscript)) or not isinstance(node.value, cst.Name):
            return None
        loop = self.loop_funcs.get(node.value.value)
        if loop is None or not all(fn.endswith(IMPORTED_LIST) for fn, _k in loop[0]):
            return None
        return loop[0], None

    def _function_arg(self, call, recv_node) -> bool:
        """``mcp.tool(fn)`` on a server object: the first positional argument names a function
        (a loop variable over functions, a function of the module, an imported name), not a
        tool name."""
        if not call.args or call.args[0].keyword is not None:
            return False
        local = self.types.get(recv_node.value, "") if isinstance(recv_node, cst.Name) else ""
        param = False
        if self._owner_kind(recv_node) is None and not self.M.surface.server_kind(local, module_level=False):
            param = untyped_server_param(self, recv_node)  # register_x_tools(mcp, ...): mcp.tool(fn) (py56d)
            if not param:
                return False  # mcp = FastMCP(...) in this function: a server too
        arg = call.args[0].value
        if param:  # only a function of the module (defined below too) or an imported one: tool("name") is no registration
            return isinstance(arg, cst.Name) and (arg.value in module_function_names(self.mod) or arg.value in self.mod.imports)
        if (loop_access(arg) or "") in self.loop_funcs:
            return True
        if isinstance(arg, cst.Attribute) and isinstance(arg.value, cst.Name) and arg.value.value == "self" \
                and getattr(self, "cls", None):
            return True  # self.app.tool(self.docker_hosts, ...): a bound method (boundtools.py)
        if self._local_object_method(arg):
            return True  # mcp.tool(client.search), client = SearxngClient(url) here: that class's method
        if not isinstance(arg, cst.Name):
            return False
        return arg.value in self.loop_funcs or arg.value in getattr(self, "nested", {}) or \
            arg.value in module_function_names(self.mod) or arg.value in self.mod.imports

    def _on_arguments(self, test: cst.BaseExpression) -> bool:
        """A test made only of the enclosing function's own names - its parameters and locals
        (``if api_key:``, ``if key and strict:``): configuration handed in by its caller (a CLI
        option, a setting), which nothing here requires. A test on object state, a module
        global or a call (``if self._verifier:``) may be enforced where that is set: not judged."""
        if self.fn is None:
            return False
        names = [n.value for n in nodes_of(test, cst.Name)]
        bad = nodes_of(test, (cst.Attribute, cst.Call, cst.Subscript))
        glob = set(self.mod.top_names) | set(self.mod.imports) | {"None", "True", "False"}
        return bool(names) and not bad and not any(n in glob for n in names)

    def _host_text(self, node):
        """The address a server binds to, as ``(text, is_default)``: a literal, a string
        constant, or the default of ``value or "127.0.0.1"`` (directly or through a variable);
        ``(None, False)`` when it is chosen at run time."""
        if node is None:
            return None, False
        if isinstance(node, cst.Attribute) and node.attr.value in option_defaults(self.mod):
            return option_defaults(self.mod)[node.attr.value], True  # args.host: the option's default
        if isinstance(node, cst.Name):
            known = self.string_constants.get(node.value) or self.mod.string_constants.get(node.value)
            if known is not None:
                return known, False
            if any(p.name == node.value for p in self.params) and self._cli_command():
                # a click/typer command's parameter: the option's default unless the operator
                # passes one (another function's default is not used when its callers pass one)
                d = self.param_defaults.get(node.value)
                text = (param_default(d) if d is not None else None) or option_defaults(self.mod).get(node.value)
                return (text, True) if text is not None else (None, False)
            node = self.local_values.get(node.value, node)
        if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
            text = string_value(node.right)
            return (text, True) if text is not None else (None, False)
        return string_value(node), False

    def _host_fields(self, node) -> dict:
        """The bind address fields of a serving site: ``host`` and ``host_default`` as
        :meth:`_host_text` tells them, else what configuration chooses by default
        (:mod:`.configured`: a parameter's default or its callers' values, an environment
        variable's default, a settings attribute resolved at link time: ``host_choice``)."""
        host, default = self._host_text(node)
        out = {"host": host, "host_default": default}
        if host is None and node is not None:
            chosen = configured.host_chosen(self.mod, self.fn, node)
            if chosen is not None:
                out["host_choice"] = chosen.as_dict()
                if chosen.text is not None:
                    out.update(host=chosen.text, host_default=True)
        return out

    def _configured_run(self, call, recv_node, transport, kwargs, owner, pos) -> None:
        """``server.run(transport=<not a constant>)``: the transport comes from configuration.
        It serves HTTP by default when its default is an HTTP transport; it serves HTTP when
        configured to (``opt_in``) when the call also passes a bind address or port, which only
        the network transports take. Otherwise the choice is only noted (``run-dynamic``). A call
        in the body of ``if <that name> == "stdio":`` runs stdio and is not recorded."""
        mod = self.mod
        if narrowed_transport(mod, transport, pos[0]) == "stdio":
            return  # `if mode == "stdio": mcp.run(transport=mode)`: a stdio run
        chosen = configured.resolve(mod, self.fn, transport)
        helper = settings_receiver(self, recv_node)  # run_server(mcp, ...): mcp.settings.host = host (runhelpers.py)
        owner, network = owner or ("parameter" if helper else None), "host" in kwargs or "port" in kwargs or helper
        detail = f"{CODEGEN.code_for_node(recv_node).strip()}.run(transport=<from configuration>)"
        record = {"kind": "run", "pos": pos, **self._host_fields(kwargs.get("host")), "host_given": "host" in kwargs,
                  "detail": detail, "transport_choice": chosen.as_dict() if chosen is not None else None}
        default = chosen.text if chosen is not None else None
        if default in self.M.surface.http_transports and (owner or mod.imports_mcp or network):
            mod.http.append({**record, "transport": default})
        elif helper and default is None:  # a helper binding its server parameter: chosen at run time
            mod.http.append({**record, "transport": "http"})
        elif network:
            mod.http.append({**record, "transport": "http", "opt_in": True})
        elif owner:
            # (a server object imported from the module that builds it, often inside main())
            mod.http.append({"kind": "run-dynamic", "transport": None, "pos": pos, "host": None,
                             "detail": f"{mod.dotted(recv_node)}.run(transport=<not a constant>)",
                             "transport_choice": record["transport_choice"], "imported": owner == "imported"})

    def _cli_command(self) -> bool:
        """The function is a command-line entry point whose parameters are options: decorated
        as a click/typer command (``@click.command()``, ``@app.command()``, ``@click.option``)."""
        for deco in (self.fn.decorators if self.fn is not None else ()):
            expr = deco.decorator.func if isinstance(deco.decorator, cst.Call) else deco.decorator
            name = expr.attr.value if isinstance(expr, cst.Attribute) else getattr(expr, "value", "")
            if name in ("command", "option", "callback"):
                return True
        return False

    def _local_app(self, app) -> bool:
        """The ASGI app a server call serves is made in this module (a parameter, a local
        ``FastAPI()``), not an import string, an imported app or an MCP SDK app method: in a
        module that does not use the MCP SDK it serves something else (an agent playground)."""
        if app is None or string_value(app) is not None:
            return False
        node = app.func if isinstance(app, cst.Call) else app
        while isinstance(node, cst.Attribute):
            if node.attr.value in self.M.surface.app_methods:
                return False
            node = node.value
        return not (isinstance(node, cst.Name) and node.value in self.mod.imports)

    def _note_surface(self, call, fq, method, recv_node) -> None:
        mod = self.mod
        surface = self.M.surface
        pos = mod.pos(self.stmt, call)
        if fq == "getattr":  # getattr(server, "sse_app"): the app method it names (getattrapps.py)
            note_getattr_app(self, call)
            return
        if note_route(self, call, fq, method, pos):
            return
        kwargs = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        kwargs = kwargs if "transport" in kwargs else {**spread_kwargs(self.fn, call), **kwargs}  # run(**run_kwargs)
        if method in surface.run_methods and recv_node is not None and fq not in surface.http_servers:
            transport, owner = kwargs.get("transport"), self._owner_kind(recv_node)
            if transport is None and call.args and call.args[0].keyword is None and (
                    string_value(call.args[0].value) is not None or owner and positional_transport(mod, recv_node, call, owner)):
                transport = call.args[0].value  # run("sse"), run(transport.value): run(self, transport=...) (py56d)
            tv = enum_text(mod, transport)  # a literal, or Transport.HTTP.value of an Enum (partialruns.py)
            if tv in surface.http_transports and (owner or mod.imports_mcp):
                mod.http.append({"kind": "run", "transport": tv, "pos": pos, **self._host_fields(kwargs.get("host")),
                                 "host_given": "host" in kwargs,
                                 "detail": f"{mod.dotted(recv_node)}.run(transport={tv!r})"})
            elif tv is None and transport is not None:
                self._configured_run(call, recv_node, transport, kwargs, owner, pos)
            return
        if method in surface.run_transport_methods and recv_node is not None and (
                self._owner_kind(recv_node) or mod.imports_mcp):
            # fastmcp's run_http_async(host=..., port=...): the method names its transport
            tv = enum_text(mod, kwargs.get("transport"))
            tv = tv if tv in surface.http_transports else surface.run_transport_methods[method]
            mod.http.append({"kind": "run", "transport": tv, "pos": pos, **self._host_fields(kwargs.get("host")),
                             "host_given": "host" in kwargs, "detail": f"{mod.dotted(recv_node)}.{method}()"})
            return
        if method in surface.app_methods and recv_node is not None:
            if _super_call(recv_node) and self.fn is not None and self.fn.name.value == method:
                return  # an override extending the framework's app (its run() serves it): no serving site
            mod.http.append({"kind": method, "transport": surface.app_methods[method],
                             "pos": pos, "host": None, "detail": f"{mod.dotted(recv_node)}.{method}()"})
            return
        if fq in surface.http_servers:
            tls = any(k in kwargs for k in surface.tls_keywords)
            app = kwargs.get("app", call.args[0].value if call.args and call.args[0].keyword is None else None)
            mod.http.append({"kind": "uvicorn", "transport": "http", "pos": pos, **self._host_fields(kwargs.get("host")),
                             "tls": tls, "detail": f"{fq}()", "local_app": self._local_app(app),
                             "uds": "uds" in kwargs, **app_fields(app, self)})  # "module:app" (appstrings.py)
            return
        reb = surface.rebinding
        if fq.split(".")[-1] == reb["settings-class"]:
            flag = kwargs.get(reb["flag"])
            off = isinstance(flag, cst.Name) and flag.value == "False"
            mod.http.append({"kind": "rebinding-off" if off else "rebinding", "transport": None, "pos": pos,
                             "host": None, "detail": f"{fq.split('.')[-1]}()"})
            return
        if (method in surface.middleware_methods or fq in surface.middleware_classes) and call.args:
            if method in surface.middleware_methods and method_receiver(recv_node, self.fn, surface.app_methods, mod.module):
                return  # added to mcp.http_app, the method, not an app: installs nothing (boundapps.py)
            name = mod.dotted(call.args[0].value) or ""
            if surface.auth_names.search(name) or "auth" in name.lower():
                how = "add_middleware" if method in surface.middleware_methods else fq.split(".")[-1]
                rec = {"kind": "middleware", "pos": pos, "detail": f"{how}({name})", "class": name}
                cond = condition_at(mod, pos[0])
                if cond is not None and (self._on_arguments(cond) or off_by_default(mod, cond)):
                    rec["optional"] = CODEGEN.code_for_node(cond).strip()  # added only if asked to
                mod.auth.append(rec)
            return
        if method in surface.record_methods and call.args:
            added = record_registration(self, call.args[0].value, surface)  # add_resource(FunctionResource(fn=f))
            if added is not None:
                added[1]["kind"] = surface.record_methods[method]
                self._add_registered(added[0], added[1], None, pos)
            return
        if method in surface.add_methods and call.args:
            meta = {k: string_value(v) for k, v in kwargs.items() if string_value(v) is not None}
            if "annotations" in kwargs:
                meta["annotations"] = mod._annotations(kwargs["annotations"], self.local_values)
            self._add_registered(call.args[0].value, meta, kwargs.get("name"), pos, recv_node)
            return
        if isinstance(call.func, cst.Call) and isinstance(call.func.func, cst.Attribute) and \
                call.func.func.attr.value in surface.fastmcp_decorators and call.args:
            inner = {a.keyword.value: string_value(a.value) for a in call.func.args if a.keyword is not None and string_value(a.value) is not None}
            ann = next((a.value for a in call.func.args if a.keyword is not None and a.keyword.value == "annotations"), None)
            if ann is not None:
                inner["annotations"] = mod._annotations(ann, self.local_values)
            inner["kind"] = call.func.func.attr.value
            _run_time_meta(inner, {a.keyword.value: a.value for a in call.func.args if a.keyword is not None})
            name = next((a.value for a in call.func.args if a.keyword is not None and a.keyword.value == "name"), None)
            self._add_registered(call.args[0].value, inner, name, pos, call.func.func.value)
            return
        if method in surface.fastmcp_decorators and self._function_arg(call, recv_node):
            # fastmcp 2.x: mcp.tool(fn) registers fn itself (the decorator called with the function)
            meta = {k: string_value(v) for k, v in kwargs.items() if string_value(v) is not None}
            meta["kind"] = surface.fastmcp_decorators[method]
            if "annotations" in kwargs:
                meta["annotations"] = mod._annotations(kwargs["annotations"], self.local_values)
            self._add_registered(call.args[0].value, meta, kwargs.get("name"), pos, recv_node)
            return
        ff = surface.from_function
        if method == ff["method"] and call.args and (mod.dotted(recv_node) or "").endswith(ff["class-suffix"]):
            meta = {k: string_value(v) for k, v in kwargs.items() if string_value(v) is not None}
            self._add_registered(call.args[0].value, meta, kwargs.get("name"), pos)


def _run_time_meta(meta: dict, kwargs: dict) -> None:
    """A registration's description given as a value the code computes: a description that is
    no literal (``description=desc`` from a CLI option, not ``fn.__doc__``) replaces the function's
    docstring at run time, so the docstring is not what the tool declares (its text is unknown: empty)."""
    desc = kwargs.get("description")
    if "description" not in meta and desc is not None and not (isinstance(desc, cst.Name) and desc.value == "None") \
            and not any(a.attr.value == "__doc__" for a in find_all(desc, cst.Attribute)):
        meta["description"] = ""  # (func.__doc__ is the docstring itself)


def _super_call(node) -> bool:
    """``super()``."""
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "super"


def collect_lowlevel_tools(mod, fn: cst.FunctionDef, depth: int = 0) -> None:
    """Tools a low-level ``list_tools`` handler declares (``Tool(name=..., description=...,
    inputSchema={...})``), with their parameters from the schema; also in a function of the
    module it calls for them (``ListToolsResult(tools=await tool_list())``)."""
    local_values: Dict[str, cst.CSTNode] = {}
    helpers = None
    for stmt in walk_stmts(flat_body(fn.body)):
        if isinstance(stmt, cst.Assign) and isinstance(stmt.value, (cst.Call, cst.Dict)):
            for t in stmt.targets:
                if isinstance(t.target, cst.Name):
                    local_values[t.target.value] = stmt.value
        for call in calls_in_stmt(stmt):
            declare_lowlevel_tool(mod, stmt, call, local_values)
            if depth == 0 and isinstance(call.func, cst.Name):
                if helpers is None:
                    helpers = {s.name.value: s for s in flat_body(mod.module) if isinstance(s, cst.FunctionDef)}
                if call.func.value in helpers and helpers[call.func.value] is not fn:
                    collect_lowlevel_tools(mod, helpers[call.func.value], 1)


def declare_lowlevel_tool(mod, stmt, call: cst.Call, local_values: Optional[Dict[str, cst.CSTNode]] = None) -> None:
    """Record ``Tool(name=..., description=..., inputSchema=..., annotations=...)`` (in a
    ``list_tools`` handler, or bound to a module-level name that one returns)."""
    decl = mod.M.surface.lowlevel_declaration
    fq = mod.dotted(call.func) or ""
    if fq.split(".")[-1] != decl["class"]:
        return
    name = desc = model = None
    desc_pos, types, choices = None, {}, ()
    params: Dict[str, Optional[str]] = {}
    annotations: Dict[str, object] = {}
    for a in call.args:
        if a.keyword is None:
            continue
        k = a.keyword.value
        if k == "name":
            name = tool_name_text(a.value) or enum_member_value(mod, a.value)
        elif k == "description":
            desc = string_value(a.value)
            desc_pos = mod._arg_pos(stmt, call, a)
        elif k in decl["schema-keys"] and isinstance(a.value, cst.Dict):
            params, types, choices = schema_params(a.value), schema_types(a.value), schema_choices(a.value)
        elif k in decl["schema-keys"]:
            model = _schema_model(mod, a.value, decl.get("schema-methods", ()))
            params = model_fields(mod, model) or {}  # the model's fields, when the module defines it
        elif k == "annotations":
            annotations = mod._annotations(a.value, local_values)
    if name is None and any(a.keyword is not None and a.keyword.value == "name" for a in call.args):
        mod.unnamed_tool_params.extend(params)  # Tool(name=get_command(), ...): the schema is still known
    if name and not any(t.name == name for t in mod.lowlevel_tools):
        mod.lowlevel_tools.append(LowLevelTool(name, desc, desc_pos, params, mod.pos(stmt, call), annotations, model, types, choices))


def _schema_model(mod, node, methods) -> Optional[str]:
    """The model class an input schema expression is made from: ``Model.model_json_schema()``,
    possibly wrapped (``clean(Model.model_json_schema())``)."""
    while isinstance(node, cst.Call):
        f = node.func
        if isinstance(f, cst.Attribute) and f.attr.value in methods:
            return mod.dotted(f.value)
        node = node.args[0].value if node.args else None
    return None


def schema_params(d: cst.Dict) -> Dict[str, Optional[str]]:
    out: Dict[str, Optional[str]] = {}
    for e in d.elements:
        if isinstance(e, cst.DictElement) and string_value(e.key) == "properties" and isinstance(e.value, cst.Dict):
            for pe in e.value.elements:
                if not isinstance(pe, cst.DictElement):
                    continue
                pname = string_value(pe.key)
                if pname is None:
                    continue
                desc = None
                if isinstance(pe.value, cst.Dict):
                    for fe in pe.value.elements:
                        if isinstance(fe, cst.DictElement) and string_value(fe.key) == "description":
                            desc = string_value(fe.value)
                out[pname] = desc
    return out


def spread_kwargs(fn, call: cst.Call) -> Dict[str, cst.CSTNode]:
    """The keywords a call passes through ``**name`` of a dict the function builds: ``kw =
    {"transport": transport}`` (or ``kw = dict(transport=transport)``) and every ``kw["host"] = host`` after it (a branch may set them:
    the call may pass them)."""
    names = {a.value.value for a in call.args if a.star == "**" and isinstance(a.value, cst.Name)}
    out: Dict[str, cst.CSTNode] = {}
    for node in find_all(fn, (cst.Assign, cst.AnnAssign)) if names and fn is not None else ():
        for tgt in [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]:
            if isinstance(tgt, cst.Name) and tgt.value in names and isinstance(node.value, cst.Dict):
                out.update((string_value(e.key), e.value) for e in node.value.elements
                           if isinstance(e, cst.DictElement) and string_value(e.key))
            elif isinstance(tgt, cst.Name) and tgt.value in names and isinstance(node.value, cst.Call) \
                    and isinstance(node.value.func, cst.Name) and node.value.func.value == "dict":
                out.update((a.keyword.value, a.value) for a in node.value.args if a.keyword is not None)
            elif isinstance(tgt, cst.Subscript) and isinstance(tgt.value, cst.Name) and tgt.value.value in names \
                    and len(tgt.slice) == 1 and isinstance(tgt.slice[0].slice, cst.Index) \
                    and string_value(tgt.slice[0].slice.value):
                out[string_value(tgt.slice[0].slice.value)] = node.value
    return out


def schema_types(d: cst.Dict) -> Dict[str, str]:
    """Each property's constant JSON ``type`` ("boolean", "integer", "string") in a schema literal."""
    props = next((e.value for e in d.elements if isinstance(e, cst.DictElement) and string_value(e.key) == "properties"
                  and isinstance(e.value, cst.Dict)), None)
    out: Dict[str, str] = {}
    for pe in props.elements if props is not None else ():
        if isinstance(pe, cst.DictElement) and isinstance(pe.value, cst.Dict) and string_value(pe.key):
            kind = next((string_value(fe.value) for fe in pe.value.elements
                         if isinstance(fe, cst.DictElement) and string_value(fe.key) == "type"), None)
            if kind:
                out[string_value(pe.key)] = kind
    return out


def condition_at(mod, line: int) -> Optional[cst.BaseExpression]:
    """The test of the innermost ``if`` whose body or ``else`` holds ``line`` (``if api_key:``);
    None outside any."""
    spans = mod.__dict__.get("_if_spans")
    if spans is None:
        spans = []
        for node in find_all(mod.module, cst.If):
            first, _, last, _ = mod.pos(node)
            spans.append((first + CODEGEN.code_for_node(node.test).count("\n"), last, node.test))
        mod.__dict__["_if_spans"] = spans
    inside = [(last - first, i) for i, (first, last, _) in enumerate(spans) if first < line <= last]
    return spans[min(inside)[1]][2] if inside else None
