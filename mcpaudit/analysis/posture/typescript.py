"""Posture facts from TypeScript and JavaScript sources.

The fact groups read Python with :mod:`ast`; a TS/JS server's transports, web framework, bind
address, authentication, TLS, CORS, security headers, rate limiting and timeouts are read here,
from a cheap per-file index built with tree-sitter (:func:`index_ts`: import aliases, calls and
``new`` expressions with their dotted names and arguments, string literals). Each group below runs
right after the Python group that decides the same facts and adds its evidence to theirs, so a
mixed repository gets one set of facts:

* ``transports`` — ``new StdioServerTransport()``, the SDK's HTTP transports (the catalog's
  ``http.transports``), fastmcp's ``start({transportType})`` and mcp-framework's
  ``transport: {type}``, web apps (``express()``, ``http.createServer``...) and ``listen`` calls;
  the framework modules imported (``http.frameworks``);
* ``http`` — ``listen(port)`` without a host (Node binds every interface), ``0.0.0.0``/``::``
  literals; the catalog's authentication names (``http.auth-names``); ``https.createServer`` and
  ``requestCert``; ``cors()`` without an origin (any origin), ``origin: "*"``/``true`` and
  ``credentials: true``; ``helmet`` and security header names;
* ``limits`` — rate limiter packages; ``fetch``/axios/got calls with or without a timeout or an
  abort signal; ``exec*``/``spawnSync`` with or without a ``timeout`` option.
"""

from __future__ import annotations

import re
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

from ...models import PostureFact
from ...regexgate import gated
from .evidence import Evidence, prefiltered
from .facts import FACTS
from .mcpgraph import McpGraph
from .tempserver import closed_when_done, idle_listen, serves_nothing
from ..ts.shorthandkeys import key_matches

# a file none of these occur in has nothing for the facts below (not parsed)
_NEEDLES = ("Transport", "listen", "createServer", "express", "fastify", "Hono", "koa", "cors", "helmet",
            "Access-Control", "transportType", "MCPServer", "imit", "fetch", "axios", "got", "exec", "spawn",
            "0.0.0.0", "http://", "requestCert", "uthoriz", "Policy", "Options", "Security", "start(",
            "WebSocket")

_FRAMEWORKS = {"express": "express", "fastify": "fastify", "hono": "hono", "@hono/node-server": "hono",
               "koa": "koa", "@koa/router": "koa", "restify": "restify", "@nestjs/core": "nestjs",
               "@nestjs/platform-express": "nestjs", "http": "node:http", "node:http": "node:http",
               "https": "node:https", "node:https": "node:https", "http2": "node:http2", "node:http2": "node:http2"}
_APP_CALLS = {"express", "fastify", "Fastify", "Koa", "Hono", "createServer", "createSecureServer", "serve"}
_RATE_LIMIT_MODULES = ("express-rate-limit", "rate-limiter-flexible", "@fastify/rate-limit", "express-slow-down",
                       "hono-rate-limiter", "koa-ratelimit", "@upstash/ratelimit", "express-brute")
_SECURITY_LIBRARIES = ("helmet", "@fastify/helmet", "koa-helmet", "hono/secure-headers")
_HTTP_CLIENT_MODULES = ("axios", "got", "undici", "node-fetch", "ky")
_EXEC_CALLS = {"exec", "execSync", "execFile", "execFileSync", "spawnSync"}
_STDIO = {"stdio"}
_SSE = {"sse"}
_SHTTP = {"httpStream", "http-stream", "streamable-http", "http"}
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
_ALL_HOSTS = {"0.0.0.0", "::", "[::]"}
_UNAUTH = re.compile(r"\b401\b|Unauthorized|UNAUTHORIZED")
_HEADER_READ = re.compile(r"(?i)authorization|api-key")
_STDIO_SUBCLASS = gated(re.compile(r"\bclass\s+(\w+)\s+extends\s+\w*StdioServerTransport\b"))
#: ws's server classes: `new WebSocketServer({ port })` listens on a port of its own
_WS_SERVERS = {"ws.WebSocketServer", "ws.Server", "ws.WebSocket.Server", "ws.default.Server", "ws.default.WebSocketServer"}
#: text that shows a WebSocket server checks who connects (the Origin header, a token)
_WS_CHECK = re.compile(r"verifyClient|headers\.origin|headers\[\s*[\"']origin[\"']|\borigin\s*[!=]==?")
_HEADER_WILDCARD = prefiltered(re.compile(r"Access-Control-Allow-Origin[\"']?\s*[:,=]\s*[\"']\*", re.I),
                               "ccess-Control", "ccess-control", "CCESS-CONTROL")
_WILDCARD_TEXT = gated(_HEADER_WILDCARD)  # searched over whole modules (regexgate)


class TsIndex:
    """What one TS/JS file holds: ``imports`` (local name -> module or module.export), ``calls``
    (dotted callee with import aliases resolved, the call or new node, its 1-based line),
    ``strings`` (value, line); ``tested``: the (value, line) of strings a value is compared with
    (an operand of ``===``/``!==``, a ``case``, an element of a list that also names a loopback
    address), not addresses the code uses."""

    __slots__ = ("path", "text", "data", "imports", "calls", "strings", "tested", "modules", "tree")

    def __init__(self, path: str, text: str):
        self.path, self.text = path, text
        self.data = text.encode("utf-8", "replace")
        self.imports: Dict[str, str] = {}
        self.modules: List[Tuple[str, int]] = []  # every module imported or required, with its line
        self.calls: List[Tuple[str, object, int]] = []
        self.strings: List[Tuple[str, int]] = []
        self.tested: Set[Tuple[str, int]] = set()
        self.tree = None  # kept alive while the call nodes are read

    def props(self, node) -> Dict[str, object]:
        """The properties of an object literal argument (key -> value node)."""
        from ..ts import nodes as N

        node = N.unwrap(node)
        return N.object_props(self.data, node) if node is not None and node.type == "object" else {}

    def value(self, node) -> Optional[str]:
        """A string literal's value (or ``true``/``false``), else None."""
        from ..ts import nodes as N

        node = N.unwrap(node)
        if node is None:
            return None
        if node.type in ("true", "false"):
            return node.type
        return N.string_value(self.data, node)


_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def _tested(data: bytes, node) -> bool:
    """A wildcard address a value is compared with rather than bound to: ``host === "0.0.0.0"``,
    ``case "0.0.0.0":``, or an element of a list of hosts that also names a loopback address
    (``new Set(["localhost", "127.0.0.1", "0.0.0.0"]).has(HOST)``: a classification)."""
    from ..ts import nodes as N

    p = node.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is None:
        return False
    if p.type == "binary_expression":
        op = p.child_by_field_name("operator")
        return op is not None and op.type in ("===", "!==", "==", "!=")
    if p.type == "switch_case":
        return True
    if p.type == "array":
        return any(c.type == "string" and (N.string_value(data, c) or "").strip() in _LOOPBACK
                   for c in p.named_children)
    return False


def index_ts(path: str, text: str) -> TsIndex:
    """Index one TS/JS source (tree-sitter; a file with syntax errors is indexed as far as it parses)."""
    from ..ts import nodes as N
    from ..ts.parse import parse

    ix = TsIndex(path, text)
    if not any(n in text for n in _NEEDLES):
        return ix
    data = ix.data
    N.PARTS.clear()  # memoised by node id: only valid within one tree
    ix.tree = parse(data, path)
    root = ix.tree.root_node
    stack = [root]
    raw_calls = []
    while stack:
        node = stack.pop()
        t = node.type
        if t == "import_statement":
            src = node.child_by_field_name("source")
            mod = N.string_value(data, src) if src is not None else None
            if mod:
                ix.modules.append((mod, node.start_point[0] + 1))
                for c in node.named_children:
                    if c.type == "import_clause":
                        _import_names(data, c, mod, ix.imports)
            continue
        if t in ("call_expression", "new_expression"):
            raw_calls.append(node)
        elif t == "string" and node.is_named:
            v = N.string_value(data, node)
            if v is not None:
                ix.strings.append((v, node.start_point[0] + 1))
                if v.strip() in _ALL_HOSTS and _tested(data, node):
                    ix.tested.add((v, node.start_point[0] + 1))
            continue
        elif t == "comment":
            continue
        stack.extend(reversed(node.children))
    for node in raw_calls:
        fn = node.child_by_field_name("function" if node.type == "call_expression" else "constructor")
        parts = N.member_parts(data, fn) if fn is not None else None
        if not parts:
            continue
        if parts == ["require"]:
            args = N.args_of(node)
            mod = N.string_value(data, args[0]) if args else None
            if mod:
                ix.modules.append((mod, node.start_point[0] + 1))
                par = node.parent
                if par is not None and par.type == "variable_declarator":
                    name = par.child_by_field_name("name")
                    if name is not None and name.type == "identifier":
                        ix.imports[N.text(data, name)] = mod
            continue
        head = ix.imports.get(parts[0])
        dotted = ".".join([head, *parts[1:]] if head else parts)
        ix.calls.append((dotted, node, node.start_point[0] + 1))
    N.PARTS.clear()
    return ix


def _import_names(data: bytes, clause, mod: str, out: Dict[str, str]) -> None:
    from ..ts import nodes as N

    for c in clause.named_children:
        if c.type == "identifier":
            out[N.text(data, c)] = mod  # default import
        elif c.type == "namespace_import":
            for x in c.named_children:
                if x.type == "identifier":
                    out[N.text(data, x)] = mod
        elif c.type == "named_imports":
            for spec in c.named_children:
                if spec.type != "import_specifier":
                    continue
                name = spec.child_by_field_name("name")
                alias = spec.child_by_field_name("alias")
                if name is not None:
                    out[N.text(data, alias if alias is not None else name)] = f"{mod}.{N.text(data, name)}"


def _last(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _transport_kind(name: str, kinds: "TransportKinds") -> Optional[str]:
    """The transport a call builds: a class of a transport row by its name (distinctive:
    ``SSEServerTransport``), a factory function only when imported from its row's package
    (``createMcpHandler`` of ``@modelcontextprotocol/server``, not the one of ``mcp-handler``).
    Asked for every call of every file, several times (the transports, then each file's
    ``_serves``): ``kinds`` is built once per pass where the surface is read, and keeps the
    answer for each name."""
    return kinds(name)


def _kind_of(name: str, rows: Sequence[Tuple[str, str]]) -> Optional[str]:
    """:func:`_transport_kind` from ``rows``: the transport rows (package, kind) whose export's
    last name is ``name``'s, in the table's order."""
    if not rows or _last(name)[:1].isupper():
        return rows[0][1] if rows else None
    return next((v for pkg, v in rows if _module(name) == pkg or _module(name).startswith(pkg + "/")), None)


class TransportKinds:
    """A surface's HTTP transport rows grouped by the last name of their export (each group in
    the table's order), and the kind answered for each name so far: one per posture pass (no
    process-wide memo, no comparison of the table per call)."""

    def __init__(self, surface) -> None:
        self.by_last: Dict[str, List[Tuple[str, str]]] = {}
        for k, v in surface.http_transports.items():
            self.by_last.setdefault(_last(k), []).append((k.rsplit(".", 1)[0], v))
        self.known: Dict[str, Optional[str]] = {}

    def __call__(self, name: str) -> Optional[str]:
        if name not in self.known:
            self.known[name] = _kind_of(name, self.by_last.get(_last(name), ()))
        return self.known[name]


def _module(name: str) -> str:
    """The module of a resolved dotted name (``@scope/pkg/sub.js.Export`` -> ``@scope/pkg/sub``)."""
    mod = name.rsplit(".", 1)[0] if "." in name else name
    return re.sub(r"\.(js|mjs|cjs|ts)$", "", mod)


# -- combining with the facts the Python groups decided ---------------------------------------
def _add(ctx, fid: str, ev: Evidence, note: str = "") -> None:
    """Add TS evidence to a yes/no fact: true when either language shows it (a fact left null by
    the Python group because it has no HTTP stays null unless this adds evidence)."""
    if not ev:
        return
    prev = ctx.facts.get(fid)
    old = Evidence()
    if prev is not None and prev.value is True:
        old.extend((loc.path, loc.line) for loc in prev.evidence)
    old.update(ev)
    keep = prev.note if prev is not None and prev.value is True else ""
    ctx.facts[fid] = PostureFact(fid, True, old.locations(), "; ".join(x for x in (keep, note) if x))


def _tri(ctx, fid: str, ok: Evidence, missing: Evidence, what: str) -> None:
    """Combine a true/partial/false fact with the TS calls it is about."""
    if not ok and not missing:
        return
    prev = ctx.facts.get(fid)
    ts_val = True if not missing else ("partial" if ok else False)
    if prev is None or prev.value is None:
        val, note = ts_val, (f"{len(missing)} {what}" if missing else "")
        ev = missing if missing else ok
        ctx.facts[fid] = PostureFact(fid, val, ev.locations(), note)
        return
    val = prev.value if prev.value == ts_val else "partial"
    ev = Evidence()
    ev.extend((loc.path, loc.line) for loc in prev.evidence)
    ev.update(missing if missing else ok)
    notes = [prev.note] if prev.note else []
    if missing:
        notes.append(f"{len(missing)} {what}")
    ctx.facts[fid] = PostureFact(fid, val, ev.locations(), "; ".join(notes))


def _calls(ctx) -> Iterator[Tuple[TsIndex, str, object, int]]:
    for ix in ctx.ts:
        for name, node, line in ix.calls:
            yield ix, name, node, line


# -- transports -------------------------------------------------------------------------------
class _Transports:
    """The groups' ``decide`` functions take the context; this one runs after ``transports``."""

    @staticmethod
    def decide(ctx) -> None:
        from ...catalog import catalog

        if not ctx.ts:
            return
        surface = catalog().typescript.surface
        kinds = TransportKinds(surface)
        stdio, sse, shttp, web = Evidence(), Evidence(), Evidence(), Evidence()
        frameworks: Set[str] = set()
        fev = Evidence()
        apps: List[Tuple[str, int]] = []
        # class FilteredStdioTransport extends StdioServerTransport
        stdio_classes = {"StdioServerTransport"}
        for ix in ctx.ts:
            stdio_classes.update(_STDIO_SUBCLASS.findall(ix.text))
        servers = {_module(name) for _, name, _, _ in _calls(ctx) if _last(name) in ("createServer", "createSecureServer")}
        for ix in ctx.ts:
            for mod, line in ix.modules:
                fw = _FRAMEWORKS.get(mod)
                if fw and (not fw.startswith("node:") or mod in servers):
                    frameworks.add(fw)  # node:http(s) counts when it serves, not when it fetches
                    fev.add(ix.path, line)
        for ix, name, node, line in _calls(ctx):
            last = _last(name)
            if last in stdio_classes or f"{_module(name)}.{last}" in surface.stdio_transports:
                stdio.add(ix.path, line)
            elif _transport_kind(name, kinds):
                (sse if _transport_kind(name, kinds) == "sse" else shttp).add(ix.path, line)
            elif last in _APP_CALLS and node.type in ("call_expression", "new_expression") and (
                    _module(name) in _FRAMEWORKS or name.split(".")[0] in _FRAMEWORKS or last in ("Hono", "Koa")):
                # an OAuth redirect catcher, an app with no route (kept for its port) is no transport
                if not closed_when_done(ix, node) and not serves_nothing(ix, node):
                    apps.append((ix.path, line))
            elif ws_listener(ix, name, node):
                web.add(ix.path, line)  # a WebSocket server on every interface, open to any peer
            if node.type == "call_expression" and last in surface.http_start_methods:
                _start(ix, node, surface.http_start_methods[last], stdio, sse, shttp)
            if node.type == "new_expression" and last in ("MCPServer", "FastMCP"):
                _framework_server(ix, node, stdio, sse, shttp)
        if not stdio and apps:
            # no MCP over stdio: a web app is the MCP transport only if it can route to one
            # (mcpgraph.py); with stdio, an app of its own is read as such (inventory.py)
            graph = McpGraph(ctx.ts)
            apps = [a for a in apps if graph.reaches_mcp(a[0])]
        for path, line in apps:
            web.add(path, line)
        _add(ctx, "transport.stdio", stdio)
        _add(ctx, "transport.sse", sse)
        _add(ctx, "transport.streamable_http", shttp)
        http = Evidence()
        for ev in (sse, shttp, web):
            http.update(ev)
        _add(ctx, "transport.http", http)
        if frameworks:
            prev = ctx.facts.get("http.frameworks")
            names = sorted(set(prev.value or []) | frameworks) if prev is not None else sorted(frameworks)
            ev = Evidence()
            if prev is not None:
                ev.extend((loc.path, loc.line) for loc in prev.evidence)
            ev.update(fev)
            ctx.facts["http.frameworks"] = PostureFact("http.frameworks", names, ev.locations(), "")


def _start(ix: TsIndex, node, spec, stdio: Evidence, sse: Evidence, shttp: Evidence) -> None:
    """``server.start({transportType: "httpStream"})`` (fastmcp); ``start()`` alone is stdio."""
    from ..ts import nodes as N

    key = spec.get("key", "transportType")
    args = N.args_of(node)
    props = ix.props(args[0]) if args else {}
    if key not in props:
        return  # a bare start(): any object's start, not enough to say which transport
    _classify(ix.value(props[key]), ix.path, node.start_point[0] + 1, stdio, sse, shttp, ix)


def _framework_server(ix: TsIndex, node, stdio: Evidence, sse: Evidence, shttp: Evidence) -> None:
    """``new MCPServer({transport: {type: "http-stream"}})`` (mcp-framework; stdio by default)."""
    from ..ts import nodes as N

    args = N.args_of(node)
    props = ix.props(args[0]) if args else {}
    line = node.start_point[0] + 1
    tr = props.get("transport")
    if tr is None:
        if "transport" not in ix.text:
            stdio.add(ix.path, line)
        return
    kind = ix.props(tr).get("type")
    _classify(ix.value(kind) if kind is not None else None, ix.path, line, stdio, sse, shttp, ix)


def _classify(value: Optional[str], path: str, line: int, stdio, sse, shttp, ix: TsIndex) -> None:
    if value is None:
        # chosen at run time: every transport literal of the file counts
        lits = {v for v, _ in ix.strings}
        value_set = lits & (_STDIO | _SSE | _SHTTP)
        for v in value_set:
            _classify(v, path, line, stdio, sse, shttp, ix)
        return
    if value in _STDIO:
        stdio.add(path, line)
    elif value in _SSE:
        sse.add(path, line)
    elif value in _SHTTP:
        shttp.add(path, line)


# -- HTTP -------------------------------------------------------------------------------------
def _shorthand_auth(ix, surface) -> bool:
    """Whether the module sets an auth option by a shorthand key (``{ name, authenticate }``)."""
    if ix.tree is None:
        return False
    return next(iter(key_matches(surface.auth_names_lower, None, ix.data.lower(), ix.tree.root_node)), None) is not None


def _rejects(ix) -> bool:
    """The module turns a caller away: a 401 anywhere in it, or a 403 answered under a test of a
    credential (ts/forbidauth.py)."""
    from ..ts.forbidauth import forbids_on_credential

    return bool(_UNAUTH.search(ix.text)) or ix.tree is not None and forbids_on_credential(ix.data, ix.tree.root_node)


class _Http:
    """Runs after ``http``: bind address, authentication, TLS, CORS and security headers."""

    @staticmethod
    def decide(ctx) -> None:
        from ...catalog import catalog
        from ..ts import authnames, nodes as N
        from ..ts.delegatedauth import delegated_check
        from .http import _header_lines

        if not ctx.ts:
            return
        http = ctx.value("transport.http") is True
        _plain_urls(ctx)
        if not http:
            return
        surface = catalog().typescript.surface
        kinds = TransportKinds(surface)
        bind, auth, tls, mtls, cors, wild, wild_cred = (Evidence() for _ in range(7))
        bind.extend(ctx.ts_public)  # served at a platform's public address (a Worker, a function)
        auth.extend(ctx.ts_hooks)  # addHook("onRequest", makeAuthHook(config)): ts/hookauth.py
        for ix in ctx.ts:
            for v, line in ix.strings:
                if v.strip() in _ALL_HOSTS and (v, line) not in ix.tested:
                    bind.add(ix.path, line)
            low = ix.text.lower().encode()
            if ix.path in ctx.unreached:
                pass  # a module no entry point loads guards nothing (ts/entrygraph.py)
            elif _serves(ix, kinds) and (surface.auth_names_lower.search(low) or _shorthand_auth(ix, surface)):
                # reading an Authorization/API-key header is a check only next to a 401 (a client
                # sets the same header on its requests)
                rejects = _rejects(ix)
                raw = ix.data.lower()  # byte offsets; in code, not prose; a shorthand `{ authenticate }` counts
                for m in key_matches(surface.auth_names_lower, None, raw, ix.tree.root_node if ix.tree is not None else None):
                    if ix.tree is not None and not authnames.is_code(ix.tree.root_node, m.start(), m.end()):
                        continue
                    if rejects or not _HEADER_READ.search(m.group(0).decode("utf-8", "replace")) or \
                            delegated_check(ix, m.start(), m.end(), ctx.ts, _UNAUTH):  # ts/delegatedauth.py
                        auth.add(ix.path, raw.count(b"\n", 0, m.start()) + 1)
            if ix.path not in ctx.unreached:
                auth.extend(_router_guards(ix, kinds))  # the project's own router turns requests away
            for m in _WILDCARD_TEXT.finditer(ix.text):
                line = ix.text.count("\n", 0, m.start()) + 1
                wild.add(ix.path, line)
                cors.add(ix.path, line)
        for ix, name, node, line in _calls(ctx):
            last = _last(name)
            args = N.args_of(node)
            if last == "listen" and node.type == "call_expression" and not idle_listen(ix, node):
                _listen(ix, name, args, line, bind)
            elif last in ("createServer", "createSecureServer") and _module(name) in ("https", "node:https",
                                                                                    "http2", "node:http2"):
                tls.add(ix.path, line)
                props = ix.props(args[0]) if args else {}
                if ix.value(props.get("requestCert")) == "true":
                    mtls.add(ix.path, line)
            elif ws_listener(ix, name, node):
                bind.add(ix.path, line)  # no host: every interface
            elif last == "serve" and _module(name) == "@hono/node-server":
                props = ix.props(args[0]) if args else {}
                host = ix.value(props.get("hostname")) if "hostname" in props else None
                if host is None and "hostname" not in props or host in _ALL_HOSTS:
                    bind.add(ix.path, line)  # Node's default: every interface
            elif _module(name) in ("cors", "@fastify/cors", "@koa/cors", "hono/cors") or name in (
                    "cors", "hono/cors.cors"):
                cors.add(ix.path, line)
                first = N.unwrap(args[0]) if args else None
                props = ix.props(first) if first is not None else {}
                # the cors packages allow any origin unless told otherwise; origin: true reflects any
                is_wild = first is None or first.type == "object" and (
                    "origin" not in props or ix.value(props["origin"]) in ("*", "true"))
                if is_wild:
                    wild.add(ix.path, line)
                    if ix.value(props.get("credentials")) == "true":
                        wild_cred.add(ix.path, line)
        found: Set[str] = set()
        hev = Evidence()
        lib = False
        for ix in ctx.ts:
            lib = _header_lines(ix.path, ix.text, None, False, found, hev) or lib
            for mod, line in ix.modules:
                if mod in _SECURITY_LIBRARIES:
                    lib = True
                    hev.add(ix.path, line)
        _add(ctx, "http.bind_all", bind)
        if auth and ctx.auth_unset is None:  # (auth off unless configured is no auth)
            _add(ctx, "http.auth", auth)
        _add(ctx, "tls.configured", tls)
        if mtls and tls:
            _add(ctx, "tls.client_auth", mtls)
        _add(ctx, "cors.configured", cors)
        _add(ctx, "cors.wildcard", wild, "any origin may call the server from a browser")
        _add(ctx, "cors.wildcard_credentials", wild_cred, "wildcard origin with credentials")
        if found or lib:
            prev = ctx.facts.get("http.security_headers")
            val = True if lib or len(found) >= 3 else "partial"
            if prev is not None and prev.value is True:
                val = True
            ev = Evidence()
            if prev is not None:
                ev.extend((loc.path, loc.line) for loc in prev.evidence)
            ev.update(hev)
            ctx.facts["http.security_headers"] = PostureFact(
                "http.security_headers", val, ev.locations(), f"headers set: {', '.join(sorted(found)) or 'a library'}")


def _plain_urls(ctx) -> None:
    """``tls.plain_http``: plain http:// URLs to hosts that are neither local nor a cluster's."""
    from .http import _URL, _local_or_namespace_host

    plain = Evidence()
    for ix in ctx.ts:
        for v, line in ix.strings:
            for m in _URL.finditer(v):
                host = m.group(1).lower().strip("[]")
                if host and not _local_or_namespace_host(host):
                    plain.add(ix.path, line)
    _add(ctx, "tls.plain_http", plain, "plain http:// URLs to non-local hosts")


def _router_guards(ix: TsIndex, kinds: TransportKinds) -> List[Tuple[str, int]]:
    """Where a request handler of a serving file turns a request away before handing it on
    (an authentication call's answer tested, a 401: :mod:`..ts.routerauth`)."""
    from ..ts.routerauth import router_guards

    if ix.tree is None or not _serves(ix, kinds):
        return []
    return [(ix.path, line) for line, _cond in router_guards(ix.data, ix.tree.root_node)]


def _serves(ix: TsIndex, kinds: TransportKinds) -> bool:
    """The file is part of the serving side: it imports a web framework (its types, for
    middleware) or the SDK's server auth, or builds an HTTP transport (an auth name in an API
    client is the client's credentials, not a check)."""
    if any(mod in _FRAMEWORKS and not _FRAMEWORKS[mod].startswith("node:") or "/server/auth" in mod
           or mod in ("fastmcp", "mcp-framework") for mod, _ in ix.modules):
        return True
    return any(_last(name) == "listen" or _transport_kind(name, kinds) for name, _, _ in ix.calls)


def ws_listener(ix: TsIndex, name: str, node) -> Optional[bool]:
    """``new WebSocketServer({ port })`` (ws) that lets anyone connect: None when it is no such
    server (attached to an HTTP server, which is read on its own; a ``verifyClient`` hook or an
    Origin check in its file), else whether it binds every interface (no ``host``, or a wildcard)."""
    from ..ts import nodes as N

    if node.type != "new_expression" or name not in _WS_SERVERS or _WS_CHECK.search(ix.text):
        return None
    args = N.args_of(node)
    props = ix.props(args[0]) if args else {}
    if "port" not in props:
        return None
    host = ix.value(props.get("host")) if "host" in props else None
    return "host" not in props or host in _ALL_HOSTS


def _listen(ix: TsIndex, name: str, args, line: int, bind: Evidence) -> None:
    """``app.listen(port)`` binds every interface (Node's default); ``listen(port, host)`` binds
    ``host``; fastify's ``listen({port, host})`` binds localhost unless told otherwise."""
    from ..ts import nodes as N

    if not args:
        return
    first = N.unwrap(args[0])
    if first is not None and first.type == "object":
        props = ix.props(first)
        host = ix.value(props.get("host")) if "host" in props else None
        if host in _ALL_HOSTS:
            bind.add(ix.path, line)
        return
    if first is not None and first.type in ("string", "template_string") and not (ix.value(first) or "").isdigit():
        return  # a unix socket path
    if len(args) >= 2:
        second = N.unwrap(args[1])
        if second is not None and second.type in ("string", "template_string"):
            if ix.value(second) in _ALL_HOSTS:
                bind.add(ix.path, line)
            return
        if second is not None and second.type not in N.FUNCTIONS and second.type != "number":
            return  # a host chosen at run time
    bind.add(ix.path, line)


# -- limits -----------------------------------------------------------------------------------
class _Limits:
    """Runs after ``limits``: rate limiting, outbound HTTP and subprocess timeouts."""

    @staticmethod
    def decide(ctx) -> None:
        from ..ts import nodes as N

        if not ctx.ts:
            return
        rl = Evidence()
        for ix in ctx.ts:
            for mod, line in ix.modules:
                if mod in _RATE_LIMIT_MODULES:
                    rl.add(ix.path, line)
        _add(ctx, "limits.rate_limit", rl)
        ok, missing = Evidence(), Evidence()
        sok, smissing = Evidence(), Evidence()
        for ix, name, node, line in _calls(ctx):
            if node.type != "call_expression":
                continue
            last = _last(name)
            mod = _module(name)
            if name == "fetch" or mod in _HTTP_CLIENT_MODULES or name.split(".")[0] in _HTTP_CLIENT_MODULES:
                if name != "fetch" and last in ("create", "extend", "defaults", "Agent", "Pool", "Client"):
                    continue
                text = N.text(ix.data, node)
                if mod == "undici" or re.search(r"\b(timeout|signal|headersTimeout|bodyTimeout)\b", text):
                    ok.add(ix.path, line)
                elif name == "fetch" or mod in _HTTP_CLIENT_MODULES and last in (
                        "get", "post", "put", "patch", "delete", "head", "request", "fetch") or name in _HTTP_CLIENT_MODULES:
                    missing.add(ix.path, line)
            elif last in _EXEC_CALLS and mod in ("child_process", "node:child_process"):
                text = N.text(ix.data, node)
                (sok if re.search(r"\btimeout\b", text) else smissing).add(ix.path, line)
        _tri(ctx, "limits.http_timeouts", ok, missing, "outbound HTTP call(s) without a timeout")
        _tri(ctx, "limits.subprocess_timeouts", sok, smissing, "subprocess call(s) without a timeout")


transports, http, limits = _Transports, _Http, _Limits

assert all(fid in FACTS for fid in ("transport.stdio", "http.bind_all", "limits.rate_limit"))

__all__ = ["TsIndex", "index_ts", "transports", "http", "limits"]
