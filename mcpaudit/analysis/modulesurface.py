"""The module side of the MCP surface (mixed into the module analyser): handler registration by decorators,
constructors and request tables, and server constructors' host and auth keywords; with the command-line
options' constant defaults (option_defaults), which the host a server binds to is read from."""

from __future__ import annotations

from typing import Dict, Optional
from ..lazycst import cst
from . import configured
from .cstnodes import CODEGEN, find_all, module_calls, string_value
from .positions import Pos
from .httproutes import note_route_decorator
from .fastapimcp import route_handler
from .dictregistry import candidate
from .summary import HandlerRec
from .schemachoices import validates_input
from .decowrappers import imported_decorators, local_decorator
from .madedecos import note_made_decorator
from .appliedhandlers import applied_handlers
from .rpcloop import rpc_handlers


class ModuleSurface:
    """Handler registration by decorators, and server constructors' auth keywords."""

    def _note_mcp_ctor(self, stmt, call: cst.Call, kind: str) -> None:
        noted = self.__dict__.setdefault("_noted_ctors", set())
        if id(call) in noted:
            return  # self.x = FastMCP(...): seen with its class, then in its method
        noted.add(id(call))
        for i, arg in enumerate(call.args):
            kw = arg.keyword.value if arg.keyword is not None else None
            if (kw is None and i == 0) or kw in ("name", "instructions"):
                text = string_value(arg.value)
                if text:
                    self.server_texts.append(text)  # what the server says it is
            if arg.keyword is not None and arg.keyword.value in self.M.surface.auth_keywords and not (
                    isinstance(arg.value, cst.Name) and arg.value.value == "None"):
                rec = {"kind": "ctor-" + arg.keyword.value, "pos": self.pos(stmt, call),
                       "detail": f"{arg.keyword.value}= passed to the MCP server"}
                rec.update(configured.optional_auth(self, call, arg.value, rec["pos"][0]))
                self.auth.append(rec)
        auto = self.M.surface.rebinding["auto"]
        kwargs = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        chosen = self._ctor_host(stmt, kwargs.get(self.M.surface.bind["host-keyword"]))
        if kind == auto["framework"] and auto["settings-keyword"] not in kwargs:
            host = kwargs.get(auto["host-keyword"])
            text = auto["loopback"][0] if host is None else string_value(host) or (chosen.text if chosen else None)
            if text in auto["loopback"]:
                # the SDK's FastMCP checks Host/Origin by itself on a loopback host (from a version on)
                self.http.append({"kind": "rebinding-auto", "transport": None, "pos": self.pos(stmt, call),
                                  "host": text, "detail": f"{self.dotted(call.func)}() built for host {text}"})
        bind = self.M.surface.bind
        if kind in bind.get("defaults", {}):
            # the address run() serves on unless given one: the constructor's, else the framework's default
            host = kwargs.get(bind["host-keyword"])
            text = bind["defaults"][kind] if host is None else self._bind_text(host)
            rec = {"kind": "bind", "transport": None, "pos": self.pos(stmt, call), "host": text,
                   "host_default": host is None, "detail": f"{self.dotted(call.func)}() built",
                   "framework": kind, "security": auto["settings-keyword"] in kwargs}
            if text is None and chosen is not None:
                # FastMCP(host=os.environ.get("HOST", "127.0.0.1")): the configured default
                rec["host_choice"] = chosen.as_dict()
                if chosen.text is not None:
                    rec.update(host=chosen.text, host_default=True)
            self.http.append(rec)

    def _ctor_host(self, stmt, host):
        """What configuration chooses for a constructor's non-literal ``host=`` (:mod:`.configured`)."""
        if host is None or string_value(host) is not None or self._bind_text(host) is not None:
            return None
        return configured.host_chosen(self, configured.enclosing_function(self, stmt), host)

    def _bind_text(self, node) -> Optional[str]:
        """A bind address as text: a literal, a module string constant, or the constant default
        of a command-line option (``args.host``) (None: chosen at run time)."""
        if isinstance(node, cst.Name):
            return self.string_constants.get(node.value)
        if isinstance(node, cst.Attribute):
            return option_defaults(self).get(node.attr.value)
        return string_value(node)

    def _note_bind_settings(self) -> None:
        """``server.settings.host = ...`` anywhere in the module: the address a server object's
        ``run()`` serves on, set after it was built."""
        attrs = self.M.surface.bind.get("settings-attributes", ())
        if not any(a in self.text for a in attrs):
            return
        for node in find_all(self.module, cst.Assign):
            for t in node.targets:
                d = self.dotted(t.target) or ""
                if any(d.endswith("." + a) for a in attrs):
                    pos = self.pos(node)
                    rec = {"kind": "bind", "transport": None, "pos": pos, "host": self._bind_text(node.value),
                           "host_default": isinstance(node.value, cst.Attribute), "detail": f"{d} = ..."}
                    if rec["host"] is None:
                        # mcp.settings.host = config.host / a parameter / an env read
                        chosen = configured.host_chosen(self, configured.enclosing_function(self, node), node.value)
                        if chosen is not None:
                            rec["host_choice"] = chosen.as_dict()
                            if chosen.text is not None:
                                rec.update(host=chosen.text, host_default=True)
                    self.http.append(rec)

    def _note_auth_assignments(self) -> None:
        """``mcp.auth = verifier`` on a server object of the module, after it was built: auth
        as a constructor's ``auth=`` is, and optional the same way (inside ``if verifier is not
        None:`` on a local, a value that may be None: :func:`configured.optional_auth`)."""
        keywords = self.M.surface.auth_keywords
        if not self.instances or not any(f".{k} =" in self.text for k in keywords):
            return
        for node in find_all(self.module, cst.Assign):
            for t in node.targets:
                tgt = t.target
                if not (isinstance(tgt, cst.Attribute) and tgt.attr.value in keywords and isinstance(tgt.value, cst.Name)
                        and tgt.value.value in self.instances) or (
                        isinstance(node.value, cst.Name) and node.value.value == "None"):
                    continue
                rec = {"kind": "ctor-" + tgt.attr.value, "pos": self.pos(node),
                       "detail": f"{tgt.value.value}.{tgt.attr.value} = ... set on the MCP server"}
                rec.update(configured.optional_auth(self, node, node.value, rec["pos"][0]))
                self.auth.append(rec)

    # -- decorators ---------------------------------------------------------------------
    def handler_from_decorators(self, fn: cst.FunctionDef, qualname: str, stmt, types: Dict[str, str],
                                self_attrs: Dict[str, str], param_types: Dict[str, str],
                                local_values: Optional[Dict[str, cst.CSTNode]] = None) -> Optional[HandlerRec]:
        """The handler record when one of ``fn``'s decorators registers it with an MCP server
        (``local_values``: what the enclosing function's variables were bound to)."""
        surface = self.M.surface
        routed = None  # a FastAPI route (fastapimcp.py): a tool only if no MCP decorator is found as well
        for deco in fn.decorators:
            expr = deco.decorator
            call = expr if isinstance(expr, cst.Call) else None
            func = call.func if call is not None else expr
            attr = None
            owner = None
            if isinstance(func, cst.Attribute):
                attr = func.attr.value
                owner = func.value
            elif isinstance(func, cst.Name) and func.value in surface.mixin_decorators:
                kind = surface.mixin_decorators[func.value]
                return self._handler_rec(fn, qualname, stmt, call, kind, "fastmcp2", "mixin", True, local_values)
            if (self.dotted(func) or "") in surface.standalone_decorators:  # fastmcp 3: from fastmcp.tools import tool
                kind = surface.standalone_decorators[self.dotted(func)]
                return self._handler_rec(fn, qualname, stmt, call, kind, "fastmcp2", "standalone", True, local_values)
            if attr is None:
                continue
            routed = routed or route_handler(self, fn, qualname, stmt, call, attr, owner)  # FastApiMCP(app)
            if attr in surface.route_decorators and call is not None:
                note_route_decorator(self, call, qualname, self.pos(stmt))
                continue
            if attr in surface.fastmcp_decorators:
                kind, framework = surface.fastmcp_decorators[attr], "fastmcp"
            elif attr in surface.lowlevel_decorators:
                kind, framework = surface.lowlevel_decorators[attr], "lowlevel"
            else:
                continue
            owner_s = self.dotted(owner) or ""
            known = False
            inst_kind = via = None
            if isinstance(owner, cst.Name):
                inst_kind = self.instances.get(owner.value) or param_types.get(owner.value)
                if inst_kind is None and owner.value in self.imports:
                    known = True  # imported object; confirmed when modules are linked
                elif inst_kind is None and "." in qualname:
                    via = owner.value  # a parameter of the enclosing function? (registrars.py)
            elif owner_s.startswith("self.") or owner_s.startswith("cls."):
                inst_kind = self_attrs.get(owner_s)
                known = inst_kind is not None
            if inst_kind:
                known = True
                if inst_kind not in ("fastmcp", "lowlevel"):  # fastmcp2, zeromcp: the object's own framework
                    framework = inst_kind if framework == "fastmcp" else framework
            if not known and not self.imports_mcp and via is None:
                continue
            rec = self._handler_rec(fn, qualname, stmt, call, kind, framework, owner_s, known, local_values)
            rec.via_param, rec.validates_input = via, kind == "call_tool" and framework == "lowlevel" and validates_input(
                call, self.M.surface.lowlevel_declaration.get("validation-off", "validate_input"))
            return rec
        if routed is not None:
            return routed
        kind = self.ctor_handlers.get(fn.name.value)
        if kind is not None:
            table = fn.name.value in self.request_objects
            applied = fn.name.value in self.applied_names  # server.call_tool()(fn): called as decorated
            rec = self._handler_rec(fn, qualname, stmt, None, kind, "lowlevel",
                                    f"Server.{self.M.surface.lowlevel_request_table}" if table else "Server(...)",
                                    True, local_values)
            rec.request_params, rec.request_object = not table and not applied, table
            return rec
        return self._wrapped_decorator(fn, qualname, stmt, local_values)

    def _wrapped_decorator(self, fn, qualname, stmt, local_values) -> Optional[HandlerRec]:
        """``@tool`` of a project function returning ``server.tool(func)`` (decowrappers.py): in
        this module, a handler; imported, one the linker confirms."""
        local = local_decorator(self, fn)
        if local is not None:
            deco, kind, framework = local
            call = deco.decorator if isinstance(deco.decorator, cst.Call) else None
            return self._handler_rec(fn, qualname, stmt, call, kind, framework, CODEGEN.code_for_node(
                call.func if call is not None else deco.decorator), True, local_values)
        note_made_decorator(self, fn, qualname, stmt, local_values)  # tool = make_tool(mcp); @tool (madedecos.py)
        via = imported_decorators(self, fn)
        if not via:
            return candidate(self, fn, qualname, stmt)  # @registry.register("name", ...): dictregistry.py
        deco = next(d.decorator for d in fn.decorators if self.dotted(
            d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) == via[0])
        call = deco if isinstance(deco, cst.Call) else None
        name = (call.func if call is not None else deco).value
        rec = self._handler_rec(fn, qualname, stmt, call, self.M.surface.fastmcp_decorators.get(name, "tool"),
                                "fastmcp", name, False, local_values)
        rec.via_decorator = via
        return rec

    def _constructor_handlers(self) -> Dict[str, str]:
        """Functions the low-level ``Server(..., on_call_tool=fn)`` constructor registers, by
        name (``fn`` or ``self.fn``), with their handler kind."""
        kws = self.M.surface.lowlevel_constructor
        out: Dict[str, str] = self._request_table_handlers()
        applied = applied_handlers(self)  # server.call_tool()(fn): appliedhandlers.py
        applied.update({n: k for n, k in rpc_handlers(self).items() if n not in applied})  # own loop: rpcloop.py
        self.applied_names = set(applied) - set(out)
        out.update({n: k for n, k in applied.items() if n not in out})
        if not any(k in self.text for k in kws):
            return out
        for call in module_calls(self):
            if not any(a.keyword is not None for a in call.args):
                continue
            fq = self.dotted(call.func) or ""
            if self.M.surface.server_kind(fq, module_level=False) != "lowlevel" and not (
                    self.imports_mcp and fq.split(".")[-1].endswith("Server")):
                continue
            for a in call.args:
                if a.keyword is not None and a.keyword.value in kws:
                    target = a.value.attr if isinstance(a.value, cst.Attribute) else a.value
                    if isinstance(target, cst.Name):
                        out[target.value] = kws[a.keyword.value]
        return out

    def _request_table_handlers(self) -> Dict[str, str]:
        """Functions assigned into the low-level Server's request-handler table
        (``server.request_handlers[types.CallToolRequest] = fn``), by name, with their handler
        kind; noted in ``request_objects``: each is called with the whole request."""
        S = self.M.surface
        self.request_objects = set()
        if not self.imports_mcp or S.lowlevel_request_table not in self.text:
            return {}
        out: Dict[str, str] = {}
        for node in find_all(self.module, cst.Assign):
            t = node.targets[0].target if len(node.targets) == 1 else None
            if not (isinstance(t, cst.Subscript) and isinstance(t.value, cst.Attribute)
                    and t.value.attr.value == S.lowlevel_request_table and len(t.slice) == 1
                    and isinstance(t.slice[0].slice, cst.Index)):
                continue
            request = (self.dotted(t.slice[0].slice.value) or "").split(".")[-1]
            target = node.value.attr if isinstance(node.value, cst.Attribute) else node.value
            if request in S.lowlevel_requests and isinstance(target, cst.Name):
                out[target.value] = S.lowlevel_requests[request]
                self.request_objects.add(target.value)
        return out

    def _handler_rec(self, fn, qualname, stmt, call, kind, framework, owner, known, local_values=None) -> HandlerRec:
        name = None
        description = None
        description_pos = None
        uri = None
        annotations: Dict[str, object] = {}
        if call is not None:
            for i, arg in enumerate(call.args):
                kw = arg.keyword.value if arg.keyword is not None else None
                sval = string_value(arg.value)
                if kw is None and i == 0 and sval is not None:
                    if kind == "resource":
                        uri = sval
                    else:
                        name = sval
                elif kw == "name" and sval is not None:
                    name = sval
                elif kw == "uri" and sval is not None:
                    uri = sval
                elif kw == "description" and sval is not None:
                    description = sval
                    description_pos = self.pos(stmt, arg.value) if isinstance(arg.value, cst.Call) else self._arg_pos(stmt, call, arg)
                elif kw == "annotations":
                    annotations = self._annotations(arg.value, local_values)
        return HandlerRec(
            function=qualname, kind=kind, framework=framework, owner=owner, owner_known=known,
            name=name, description=description, description_pos=description_pos, uri=uri,
            annotations=annotations, pos=self.pos(stmt),
        )

    def _arg_pos(self, stmt, call, arg) -> Pos:
        p = self.pos(stmt, call)
        # the string's own line: find it in the source after the call start
        code = CODEGEN.code_for_node(arg.value)
        first = code.splitlines()[0] if code else ""
        lines = self._lines
        if lines is None:
            lines = self._lines = self.text.splitlines()
        for ln in range(p[0], min(p[2], len(lines)) + 1):
            col = lines[ln - 1].find(first)
            if first and col >= 0:
                return (ln, col + 1, ln, col + 1 + len(first))
        return p

    def _annotations(self, node, local_values: Optional[Dict[str, cst.CSTNode]] = None) -> Dict[str, object]:
        """Tool annotations from ``ToolAnnotations(...)``, a dict literal, or a variable bound to
        either, local to the registering function or module-level (``annotations=READ_ONLY``)."""
        out: Dict[str, object] = {}
        if isinstance(node, cst.Name) and local_values and node.value in local_values:
            node = local_values[node.value]
        elif isinstance(node, cst.Name) and node.value in self.module_values:
            node = self.module_values[node.value]
        if isinstance(node, cst.Call):
            items = [(a.keyword.value, a.value) for a in node.args if a.keyword is not None]
        elif isinstance(node, cst.Dict):
            items = [(string_value(e.key), e.value) for e in node.elements if isinstance(e, cst.DictElement)]
        else:
            return out
        for k, v in items:
            if k is None:
                continue
            if isinstance(v, cst.Name) and v.value in ("True", "False"):
                out[k] = v.value == "True"
            elif isinstance(v, cst.Name) and v.value in getattr(self, "bool_constants", {}):
                out[k] = self.bool_constants[v.value]  # {"readOnlyHint": READ_ONLY}, READ_ONLY = True
            elif string_value(v) is not None:
                out[k] = string_value(v)
        return out


def option_defaults(mod) -> Dict[str, str]:
    """Constant string defaults of the module's command-line options, by the name their value
    is read under: argparse ``add_argument("--mcp-host", default="127.0.0.1")`` (``args.mcp_host``,
    or its ``dest=``) and click ``@click.option("--host", default=...)`` (parameter ``host``).
    The operator may pass another value; unless they do, the server binds to this one."""
    out = mod.__dict__.get("_option_defaults")
    if out is not None:
        return out
    out = mod.__dict__["_option_defaults"] = {}
    for dest, kwargs in configured.options(mod):
        default = string_value(kwargs["default"]) if "default" in kwargs else None
        if default is not None:
            out.setdefault(dest, default)
    return out
