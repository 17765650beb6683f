"""The project's own HTTP API on the standard library's ``http.server``: a bridge's plug-in (a
disassembler's, an image editor's, a 3D tool's) answers the bridge's MCP tools through a
``BaseHTTPRequestHandler`` subclass whose ``do_GET``/``do_POST`` route ``self.path`` to the
application's operations, served by ``HTTPServer(address, Handler)``. The tools' HTTP entry point
is then that API: anyone who reaches its port calls the operations directly, and a web page does
too when the handler answers ``Access-Control-Allow-Origin: *`` (it reads the answers) or the API
changes state on GET (a simple request no preflight stops).

An API is a handler that routes at least two paths other than a login redirect catcher's
(``/callback``, ``/oauth...``: an OAuth flow waits for one request, it serves no operation), one
of them other than a health or metrics probe (``/health``, ``/ready``, ``/metrics``: an
orchestrator's check answered with a status word; a server of probes only is no API, and its
all-interfaces bind is no finding either, :func:`probe_servers`). It
authenticates when it reads a credential header (``Authorization``, an API key or token header,
a cookie); it keeps web pages out when it reads ``Host``/``Origin`` (then: this machine only, low
confidence). Reported by http-transport-no-auth at the server's construction, when the handler
class (or a ``type(name, (Handler,), {...})`` made from it) is served there.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, Iterable, Iterator, List, Optional, Set, Tuple

from ..sources import is_test_path

_HANDLER_BASES = ("BaseHTTPRequestHandler", "SimpleHTTPRequestHandler")
_SERVERS = ("HTTPServer", "ThreadingHTTPServer", "TCPServer", "ThreadingTCPServer")
_CATCHER = re.compile(r"(?i)callback|oauth|redirect|login|favicon")
#: a health or metrics probe path: an orchestrator's liveness/readiness check or a scraper's
#: metrics, answered with a status word; it serves no operation
_PROBE = re.compile(r"(?i)^/(health|healthz|healthcheck|ready|readyz|readiness|live|livez|liveness|ping|status|"
                    r"metrics)/?$")
_CREDENTIAL = re.compile(r"(?i)authorization|api[-_]?key|token|x-auth|cookie|secret")
_ORIGIN = re.compile(r"(?i)^(host|origin|referer)$")
_WRITES = frozenset({"patch", "rename", "set", "delete", "remove", "create", "update", "write", "save", "upload",
                     "exec", "execute", "run", "eval", "apply", "define", "make", "comment", "add", "load", "close",
                     "import", "kill", "stop", "start", "edit", "modify"})
from .loopback import LOOPBACK as _LOOPBACK
_ALL = ("0.0.0.0", "::", "")


class HandlerApi:
    """What one handler class shows: its routes, credential and Origin checks, wildcard CORS."""

    def __init__(self, cls: ast.ClassDef):
        self.cls = cls
        self.routes: Set[str] = set()
        self.get_routes: Set[str] = set()
        self.credential = self.origin = self.cors_any = False
        for fn in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
            for node in ast.walk(fn):
                self._note(fn.name, node)

    def _note(self, method: str, node) -> None:
        if method.startswith("do_") and isinstance(node, ast.Compare):
            for c in (node.left, *node.comparators):
                for s in _strings(c):
                    if s.startswith("/") and len(s) > 1:
                        self.routes.add(s)
                        if method == "do_GET":
                            self.get_routes.add(s)
        key = _header_key(node)
        if key is not None:
            self.credential |= bool(_CREDENTIAL.search(key))
            self.origin |= bool(_ORIGIN.match(key))
        if isinstance(node, ast.Call) and _name(node.func) == "send_header" and len(node.args) >= 2 \
                and _const(node.args[0]) == "Access-Control-Allow-Origin" and _const(node.args[1]) == "*":
            self.cors_any = True

    @property
    def api_routes(self) -> List[str]:
        return sorted(r for r in self.routes if not _CATCHER.search(r))

    @property
    def operations(self) -> List[str]:
        """The routes other than probes (``/health``, ``/ready``, ``/metrics``)."""
        return [r for r in self.api_routes if not _PROBE.match(r)]

    @property
    def probe_only(self) -> bool:
        """A health-check server: it answers GET (or HEAD) only, on probe paths only."""
        methods = {n.name for n in self.cls.body if isinstance(n, ast.FunctionDef) and n.name.startswith("do_")}
        return bool(self.api_routes) and not self.operations and methods <= {"do_GET", "do_HEAD"}


_READS = frozenset({"get", "list", "search", "find", "read", "show", "fetch", "query", "view", "describe"})
#: the actions shown first: they change files, processes or the program's data for good
_STRONG = frozenset({"patch", "delete", "remove", "write", "save", "upload", "exec", "execute", "run", "eval", "kill"})


def _acts(route: str) -> int:
    """2 for a route named for an action that changes files or runs code (``/patchBytes``), 1 for
    another state change (``/rename_function``), 0 for a read (``/getComment``) or no action."""
    words = [w.lower() for w in re.findall(r"[A-Z]?[a-z]+", route)]
    if not words or words[0] in _READS:
        return 0
    return 2 if any(w in _STRONG for w in words) else 1 if any(w in _WRITES for w in words) else 0


def _strings(node) -> List[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def _const(node) -> Optional[str]:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _name(node) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _header_key(node) -> Optional[str]:
    """The constant key of ``self.headers.get("X")`` / ``self.headers["X"]``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "get_all") \
            and _name(node.func.value) == "headers" and node.args:
        return _const(node.args[0])
    if isinstance(node, ast.Subscript) and _name(node.value) == "headers":
        return _const(node.slice)
    return None


def _handlers(tree: ast.Module) -> Dict[str, HandlerApi]:
    classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    names = {c.name for c in classes if any(_name(b) in _HANDLER_BASES for b in c.bases)}
    names |= {c.name for c in classes if any(_name(b) in names for b in c.bases)}
    return {c.name: HandlerApi(c) for c in classes if c.name in names}


def _served(tree: ast.Module, handlers) -> Iterable[Tuple[ast.Call, str]]:
    """``HTTPServer(address, Handler)`` calls serving one of ``handlers`` (by name, or through
    a local ``type(name, (Handler,), {...})`` of the same function)."""
    for fn in [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))]:
        made: Dict[str, str] = {}
        body = list(ast.walk(fn)) if fn is not tree else list(ast.iter_child_nodes(tree))
        for node in body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                    and isinstance(node.value, ast.Call) and _name(node.value.func) == "type" \
                    and len(node.value.args) >= 2 and isinstance(node.value.args[1], ast.Tuple):
                base = next((_name(b) for b in node.value.args[1].elts if _name(b) in handlers), None)
                if base:
                    made[node.targets[0].id] = base
        for node in body:
            if isinstance(node, ast.Call) and _name(node.func) in _SERVERS and len(node.args) >= 2:
                h = _name(node.args[1])
                h = made.get(h, h)
                if h in handlers:
                    yield node, h


def probe_servers(tree: ast.Module) -> Dict[int, Tuple[str, List[str]]]:
    """``id(call)`` -> (handler, its probe routes) of each ``HTTPServer(address, Handler)`` call of
    ``tree`` whose handler is a health-check server only (:attr:`HandlerApi.probe_only`)."""
    handlers = {name: api for name, api in _handlers(tree).items() if api.probe_only}
    return {id(call): (name, handlers[name].api_routes) for call, name in _served(tree, handlers)} if handlers else {}


def _host(call: ast.Call) -> Optional[str]:
    addr = call.args[0]
    if isinstance(addr, ast.Tuple) and addr.elts:
        return _const(addr.elts[0])
    return None


def gated_trees(project, needle: str) -> Iterator[Tuple[str, ast.Module]]:
    """(path, syntax tree) of each of the project's Python files outside test code whose text holds
    ``needle``, in path order (a file that does not parse is left out)."""
    for path, src in sorted(project.files.items()):
        if not path.endswith(".py") or is_test_path(path) or needle not in src.text:
            continue
        try:
            yield path, ast.parse(src.text)
        except (SyntaxError, ValueError, RecursionError):
            continue


def handler_api_sites(project) -> List[dict]:
    """One record per served handler API of the project's Python files (none in test code, none
    in a project without MCP tools: a bridge's plug-in is what its tools reach)."""
    if not any(t.kind == "tool" for t in project.tools):
        return []
    out: List[dict] = []
    for path, tree in gated_trees(project, "RequestHandler"):
        handlers = _handlers(tree)
        if not handlers:
            continue
        seen: Set[int] = set()
        for call, name in _served(tree, handlers):
            api = handlers[name]
            if id(call) in seen or len(api.api_routes) < 2 or not api.operations or api.credential:
                continue
            seen.add(id(call))
            out.append({"path": path, "call": call, "handler": name, "api": api, "host": _host(call),
                        "server": _name(call.func)})
    return out


def site_words(site: dict) -> Tuple[bool, str]:
    """(reported at the default confidence, the message) of one handler API."""
    api: HandlerApi = site["api"]
    routes = api.api_routes
    shown = ", ".join(routes[:5]) + (f" and {len(routes) - 5} more" if len(routes) > 5 else "")
    host = site["host"]
    msg = (f"{site['server']}() serves the project's own HTTP API ({site['handler']}: {shown}) that its MCP tools "
           f"call, and the handler checks no credential")
    if host in _ALL:
        where, default = "bound to all interfaces", True
    elif host in _LOOPBACK:
        where, default = f"bound to {host}", api.cors_any and not api.origin
    elif host:
        where, default = f"bound to {host}", True
    else:
        where, default = "bind address chosen at run time", not api.origin
    msg += f" ({where}"
    if api.origin:
        msg += "; it reads the Host/Origin headers"
    msg += ")"
    if api.cors_any:
        msg += "; it answers Access-Control-Allow-Origin: *, so any web page can call it and read the answers"
    writes = sorted((r for r in api.get_routes if _acts(r) and not _CATCHER.search(r)), key=lambda r: (-_acts(r), r))
    if writes:
        more = f" and {len(writes) - 5} more" if len(writes) > 5 else ""
        msg += f"; GET routes that act on a request a page sends without preflight: {', '.join(writes[:5])}{more}"
    return default, msg


__all__ = ["handler_api_sites", "probe_servers", "site_words"]
