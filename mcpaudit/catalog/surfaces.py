"""The MCP surface vocabularies (``rules/models/<language>/mcp.yaml``): which constructors make
a server, which decorators and methods register handlers, what serves HTTP and what
authenticates it. :mod:`mcpaudit.catalog.models` loads them with the library models."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from ._yaml import ModelError


@dataclass
class Surface:
    """The MCP surface vocabulary (``mcp.yaml``)."""

    server_classes: Dict[str, str]
    server_suffixes: List[Dict[str, Any]]
    parameter_types: Dict[str, str]
    packages: FrozenSet[str]
    fastmcp_decorators: Dict[str, str]
    lowlevel_decorators: Dict[str, str]
    mixin_decorators: Dict[str, str]
    standalone_decorators: Dict[str, str]  # fastmcp 3 @tool/@resource/@prompt outside a server
    add_methods: FrozenSet[str]
    from_function: Dict[str, str]
    record_methods: Dict[str, str]  # add_resource(FunctionResource(fn=f)): method -> handler kind
    function_records: Dict[str, str]  # record class last name -> the keyword holding its function
    lowlevel_declaration: Dict[str, Any]
    context_names: FrozenSet[str]
    context_last_names: FrozenSet[str]
    run_methods: FrozenSet[str]
    http_transports: FrozenSet[str]
    app_methods: Dict[str, str]
    http_servers: FrozenSet[str]
    tls_keywords: FrozenSet[str]
    auth_keywords: FrozenSet[str]
    auth_names: "re.Pattern[str]"
    middleware_methods: FrozenSet[str]
    middleware_classes: FrozenSet[str] = frozenset()
    rebinding: Dict[str, Any] = field(default_factory=dict)
    bind: Dict[str, Any] = field(default_factory=dict)
    lowlevel_constructor: Dict[str, str] = field(default_factory=dict)  # Server(on_call_tool=fn)
    lowlevel_constructor_name: str = "name"  # params.<this> is the tool name in such a handler
    # server.request_handlers[types.CallToolRequest] = fn: the table's attribute, request class -> kind
    lowlevel_request_table: str = "request_handlers"
    lowlevel_requests: Dict[str, str] = field(default_factory=dict)
    # tool objects wrapping a function, run by a low-level call_tool (google-adk FunctionTool):
    # class last name -> {"argument": position, "keyword": name, "run-methods": [...]}
    tool_wrappers: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    # attributes of a server object that register handlers as the server does (fastmcp 3's
    # ``mcp.local_provider.add_tool(fn)``)
    provider_attributes: FrozenSet[str] = frozenset()
    # the SDKs' tool classes: a project subclass wrapping an object of a project class makes that
    # class's subclasses tools (analysis/classtools.py)
    sdk_tool_classes: FrozenSet[str] = frozenset()
    # methods of a server object that serve the transport their name says (fastmcp's run_http_async)
    run_transport_methods: Dict[str, str] = field(default_factory=dict)
    # functools.partial(server.run_http_async, host=...): the run call it defers (partialruns.py)
    deferred_calls: FrozenSet[str] = frozenset()
    # HTTP routes added beside the MCP endpoint: Route(path, endpoint), app.add_route(path, endpoint)
    route_classes: FrozenSet[str] = frozenset()
    route_methods: FrozenSet[str] = frozenset()
    route_decorators: FrozenSet[str] = frozenset()  # @mcp.custom_route("/path")
    route_handed_out: Optional["re.Pattern[str]"] = None  # secrets a route may hand out (tokens)
    # a source line of authentication that guards a web app's routes only (analysis/routeauth.py)
    route_auth: Optional["re.Pattern[str]"] = None
    # HTTP hops between two processes of one project (analysis/httpbridges.py)
    http_bridges: Dict[str, FrozenSet[str]] = field(default_factory=dict)
    # web apps of the project's own served beside its MCP server (analysis/sideapps.py)
    side_apps: Dict[str, Any] = field(default_factory=dict)
    # deploy commands that publish an HTTP endpoint with no authentication (analysis/publicdeploy.py)
    public_deploys: Tuple[Dict[str, Any], ...] = ()
    # credentials read from a request's query string, which access logs write (analysis/querycreds.py)
    query_credentials: Dict[str, Any] = field(default_factory=dict)
    # reachability from the entry points (analysis/entryreach.py): loaders, kept rules
    reach: Dict[str, Any] = field(default_factory=dict)

    def server_kind(self, fq: str, module_level: bool = True) -> Optional[str]:
        """The framework of a server constructor (``FastMCP``, low-level ``Server``), or None."""
        kind = self.server_classes.get(fq)
        if kind:
            return kind
        for rule in self.server_suffixes:
            if rule.get("module-level-only") and not module_level:
                continue
            if fq.endswith(rule["suffix"]) and (not rule.get("contains") or rule["contains"] in fq):
                return rule["framework"]
        return None

    @property
    def surface_methods(self) -> FrozenSet[str]:
        """Method names whose calls may register a handler or serve HTTP."""
        return frozenset(self.run_methods | set(self.app_methods) | self.middleware_methods | set(self.run_transport_methods)
                         | self.add_methods | {self.from_function["method"]} | self.route_methods
                         | set(self.record_methods)
                         | set(self.fastmcp_decorators))  # mcp.tool(fn): the function registered directly


@dataclass
class TsSurface:
    """The MCP surface vocabulary of TypeScript and JavaScript servers
    (``rules/models/typescript/mcp.yaml``)."""

    server_classes: Dict[str, str]  # constructor (module.export) -> framework
    parameter_types: Dict[str, str]  # a parameter or field typed so is a server of that framework
    packages: Tuple[str, ...]  # module specifiers whose import marks a module as MCP code
    server_names: "re.Pattern[str]"  # a receiver so named is a plausible server where the project is MCP code
    registrations: Dict[str, Dict[str, Dict[str, Any]]]  # framework -> method -> how it reads its call
    request_method: str  # low-level Server.setRequestHandler
    request_schemas: Dict[str, str]  # request schema (module.export) or method string -> handler kind
    tool_classes: Dict[str, Dict[str, Any]]  # base class (module.export) -> how a subclass is a handler
    config_keys: Dict[str, Tuple[str, ...]]  # role (description, schema, ...) -> keys of a config object
    context_caller: Tuple[Tuple[str, ...], ...]  # member paths of the handler's context that are caller input
    context_secret: Tuple[Tuple[str, ...], ...]  # ... and that carry credentials
    schema_modules: FrozenSet[str]  # validation libraries (zod)
    schema_safe: FrozenSet[str]  # constructors whose values cannot carry an injection
    schema_safe_refinements: FrozenSet[str]  # string refinements that restrict it fully
    schema_regex: FrozenSet[str]  # refinements taking a regex
    schema_shape_refinements: Dict[str, FrozenSet[str]]  # refinement -> families its shape rules out
    schema_object: FrozenSet[str]  # constructors taking a shape
    schema_array: FrozenSet[str]  # constructors of arrays/unions of schemas (safe when all are)
    schema_parse: FrozenSet[str]  # methods that return the validated value
    schema_parse_helpers: "re.Pattern[str]"  # project helpers handed (value, schema): the schema's parse
    http_transports: Dict[str, str]  # transport constructor (module.export) -> kind
    http_start_methods: Dict[str, Any]  # server.start({transportType}) style
    http_listen_methods: FrozenSet[str]  # app.listen(port, host)
    http_apps: FrozenSet[str]  # HTTP framework constructors (express, fastify, http.createServer)
    route_apps: FrozenSet[str]  # what builds an app whose routes are HTTP entry points (express())
    route_types: FrozenSet[str]  # ... and the type annotations naming one (express.Application)
    route_methods: FrozenSet[str]  # app.post(path, handler)
    route_request: Tuple[str, ...]  # the parts of a route's request the caller writes (body, query)
    route_sockets: FrozenSet[str]  # WebSocket classes whose message handlers take caller input
    route_socket_events: FrozenSet[str]  # ... the events ("message")
    auth_names: "re.Pattern[str]"
    # globals and method names a route may call and serve nothing but itself (ts/inertapps.py)
    route_bookkeeping: Tuple[FrozenSet[str], FrozenSet[str]] = (frozenset(), frozenset())
    #: a project class implementing this interface on one of these WebSocket servers serves MCP
    socket_transport_interface: str = ""
    socket_transport_servers: FrozenSet[str] = frozenset()
    socket_relay_servers: FrozenSet[str] = frozenset()  # socket.io's Server: a channel tools relay through
    stdio_transports: FrozenSet[str] = frozenset()  # serveStdio(factory) of the v2 SDK: MCP over stdio
    #: registration functions that take the server as an argument (module.export -> spec)
    registration_functions: Dict[str, Dict[str, Any]] = field(default_factory=dict)

    @property
    def auth_names_lower(self) -> "re.Pattern[bytes]":
        """``auth_names`` for lower-cased bytes (ten times faster than a case-insensitive search)."""
        if self._auth_lower is None:
            self._auth_lower = re.compile(self.auth_names.pattern.replace("(?i)", "").lower().encode())
        return self._auth_lower

    _auth_lower: Optional["re.Pattern[bytes]"] = None

    @property
    def auth_prefixes_lower(self) -> Optional[Tuple[bytes, ...]]:
        """Lower-cased bytes a text must contain for ``auth_names`` to match in it (None: no
        such test), derived from the pattern so that a name added to it is never filtered out."""
        if self._auth_prefixes is None:
            from .prefixes import literal_prefixes

            found = literal_prefixes(self.auth_names.pattern)
            self._auth_prefixes = (tuple(p.encode() for p in found),) if found else (None,)
        return self._auth_prefixes[0]

    _auth_prefixes: Optional[tuple] = None

    def server_kind(self, fq: str) -> Optional[str]:
        return self.server_classes.get(fq)


def surface_of(doc: Dict[str, Any]) -> Surface:
    try:
        srv, deco, reg, ctx, http = (doc["servers"], doc["decorators"], doc["registrations"],
                                     doc["context"], doc["http"])
        return Surface(
            server_classes=dict(srv["classes"]), server_suffixes=list(srv["name-suffixes"]),
            parameter_types=dict(srv["parameter-types"]), packages=frozenset(srv["packages"]),
            fastmcp_decorators=dict(deco["fastmcp"]), lowlevel_decorators=dict(deco["lowlevel"]),
            mixin_decorators=dict(deco["mixin"]), standalone_decorators=dict(deco.get("standalone", {})),
            add_methods=frozenset(reg["add-methods"]),
            from_function=dict(reg["from-function"]), record_methods=dict(reg.get("record-methods", {})),
            function_records=dict(reg.get("function-records", {})), lowlevel_declaration=dict(reg["lowlevel-declaration"]),
            tool_wrappers={k: dict(v) for k, v in reg.get("tool-wrappers", {}).items()},
            provider_attributes=frozenset(reg.get("provider-attributes", ())),
            sdk_tool_classes=frozenset(reg.get("sdk-tool-classes", ())),
            context_names=frozenset(ctx["names"]), context_last_names=frozenset(ctx["last-names"]),
            run_methods=frozenset(http["run-methods"]), http_transports=frozenset(http["transports"]),
            app_methods=dict(http["app-methods"]), http_servers=frozenset(http["servers"]),
            run_transport_methods=dict(http.get("run-transport-methods", {})),
            deferred_calls=frozenset(http.get("deferred-calls", ())),
            tls_keywords=frozenset(http["tls-keywords"]),
            auth_keywords=frozenset(http["auth-keywords"]), auth_names=re.compile(http["auth-names"]),
            middleware_methods=frozenset(http["middleware-methods"]),
            middleware_classes=frozenset(http.get("middleware-classes", ())),
            route_classes=frozenset(http.get("routes", {}).get("classes", ())),
            route_methods=frozenset(http.get("routes", {}).get("methods", ())),
            route_decorators=frozenset(http.get("routes", {}).get("decorators", ())),
            route_handed_out=re.compile(http["routes"]["handed-out"]) if "handed-out" in http.get("routes", {}) else None,
            route_auth=re.compile(http["route-auth"]) if "route-auth" in http else None,
            http_bridges={k: frozenset(v) for k, v in http.get("bridges", {}).items()},
            side_apps=dict(http.get("side-apps", {})),
            public_deploys=tuple(dict(r) for r in http.get("public-deploys", ())),
            query_credentials=dict(http.get("query-credentials", {})),
            rebinding=dict(http["rebinding"]), bind=dict(http.get("bind", {})),
            reach=dict(doc.get("reach", {})),
            lowlevel_constructor=dict(deco.get("lowlevel-constructor", {})),
            lowlevel_constructor_name=str(deco.get("lowlevel-constructor-name-attribute", "name")),
            lowlevel_request_table=str(deco.get("lowlevel-request-table", "request_handlers")),
            lowlevel_requests=dict(deco.get("lowlevel-requests", {})),
        )
    except KeyError as exc:
        raise ModelError(f"mcp.yaml: missing {exc}") from None


def _paths(values) -> Tuple[Tuple[str, ...], ...]:
    return tuple(tuple(str(v).split(".")) for v in values or ())


def ts_surface_of(doc: Dict[str, Any]) -> TsSurface:
    try:
        srv, reg, ctx, sch, http = (doc["servers"], doc["registrations"], doc["context"], doc["schemas"],
                                    doc["http"])
        return TsSurface(
            server_classes=dict(srv["classes"]), parameter_types=dict(srv["parameter-types"]),
            packages=tuple(srv["packages"]), server_names=re.compile(srv["names"]),
            registrations={fw: {meth: dict(spec) for meth, spec in methods.items()}
                           for fw, methods in reg["methods"].items()},
            request_method=str(reg["request-handler"]["method"]),
            request_schemas=dict(reg["request-handler"]["schemas"]),
            tool_classes={k: dict(v) for k, v in reg["classes"].items()},
            config_keys={k: tuple(v) for k, v in reg["config-keys"].items()},
            context_caller=_paths(ctx["caller"]), context_secret=_paths(ctx["secret"]),
            schema_modules=frozenset(sch["modules"]), schema_safe=frozenset(sch["safe"]),
            schema_safe_refinements=frozenset(sch["safe-refinements"]), schema_regex=frozenset(sch["regex"]),
            schema_shape_refinements={k: frozenset(v) for k, v in (sch.get("shape-refinements") or {}).items()},
            schema_object=frozenset(sch["object"]), schema_array=frozenset(sch["array"]),
            schema_parse=frozenset(sch["parse"]),
            schema_parse_helpers=re.compile(sch.get("parse-helpers") or r"(?!)"),
            http_transports=dict(http["transports"]), http_start_methods=dict(http["start-methods"]),
            http_listen_methods=frozenset(http["listen-methods"]), http_apps=frozenset(http["apps"]),
            route_apps=frozenset(http.get("routes", {}).get("apps", ())),
            route_types=frozenset(http.get("routes", {}).get("types", ())),
            route_methods=frozenset(http.get("routes", {}).get("methods", ())),
            route_request=tuple(http.get("routes", {}).get("request", ())),
            route_sockets=frozenset(http.get("routes", {}).get("sockets", ())),
            route_socket_events=frozenset(http.get("routes", {}).get("socket-events", ())),
            route_bookkeeping=tuple(frozenset(((http.get("routes") or {}).get("bookkeeping") or {}).get(k, ()))
                                    for k in ("globals", "methods")),  # type: ignore[arg-type]
            auth_names=re.compile(http["auth-names"]),
            socket_transport_interface=str((http.get("socket-transports") or {}).get("interface", "")),
            socket_transport_servers=frozenset((http.get("socket-transports") or {}).get("servers", ())),
            socket_relay_servers=frozenset(http.get("relay-servers") or ()),
            stdio_transports=frozenset(http.get("stdio-transports") or ()),
            registration_functions={k: dict(v) for k, v in (reg.get("functions") or {}).items()},
        )
    except KeyError as exc:
        raise ModelError(f"typescript mcp.yaml: missing {exc}") from None
