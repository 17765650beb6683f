"""Web apps of the project's own that it serves beside its MCP server.

A server whose tools drive something else often runs that something as a web app of its own: a
Flask API the tools post commands to (``app.run(host="0.0.0.0")``), a Flask-SocketIO dashboard
that streams the agent's browser and takes input back (``socketio.run(app, host=host)``), an
XML-RPC server inside a host application that runs the code the tools forward
(``SimpleXMLRPCServer((host, port)).register_instance(Api())``), an aiohttp API
(``web.run_app(app)``). Its routes are an entry point of their own: anyone who reaches the port
calls them with no MCP session, and a web page on this machine does too when the app answers
every origin (``CORS(app)``, ``cors_allowed_origins="*"``) or when its protocol reads a body of
any content type (XML-RPC: a ``text/plain`` POST is a simple cross-site request, sent with no
preflight).

An app counts when it routes at least two paths or Socket.IO events other than a login redirect
catcher's, or registers an XML-RPC function or instance; it authenticates when its module reads a
credential header or decorates a route with an auth decorator; it keeps web pages out when its
module reads ``Host``/``Origin``. An XML-RPC server class (or project subclass) that filters
clients by address (``verify_request``) admits this machine only, like a loopback one. Reported
by http-transport-no-auth at the serving call (:func:`side_app_sites`, :func:`side_words`). The
vocabulary is data: ``http.side-apps`` in ``rules/models/python/mcp.yaml``.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional, Set, Tuple

from ..catalog import catalog
from ..engines.bind_flow import option_dest
from ..sources import is_test_path
from .handlerapis import _LOOPBACK, _const as _str, _name as _ref  # the name an object goes by: self.app -> app
from .posture.pyindex import PyIndex, index_python, kw, last



class _App:
    """One app object of a module: its routes, events, CORS and protocol."""

    def __init__(self, name: str, kind: str, call: ast.Call, label: str):
        self.name, self.kind, self.call, self.label = name, kind, call, label
        self.routes: List[str] = []
        self.events: List[str] = []
        self.wraps = ""  # a Socket.IO server: the app it wraps
        self.cors_any = False
        self.address_filter = ""  # an XML-RPC server class's client filter (verify_request)


def _spec() -> dict:
    return catalog().python.surface.side_apps or {}


def _assigned(py: PyIndex, call: ast.Call) -> str:
    par = py.parent(call)
    if isinstance(par, ast.Assign) and len(par.targets) == 1:
        return _ref(par.targets[0])
    if isinstance(par, ast.AnnAssign):
        return _ref(par.target)
    return ""


def _parsed(path: str, text: str) -> List[Tuple[PyIndex, ast.Module]]:
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError):
        return []
    return [(index_python(path, text, tree), tree)]


def _xmlrpc_classes(trees: List[ast.Module], spec: dict) -> Dict[str, str]:
    """Project classes that subclass an XML-RPC server (any depth, any module): class name -> the
    address-filter method it or a base of the project's defines ("" when none)."""
    bases = {last(n) for n in spec.get("xmlrpc", ())}
    filters = set(spec.get("address-filters", ()))
    classes = [c for tree in trees for c in ast.walk(tree) if isinstance(c, ast.ClassDef)]
    out: Dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for c in classes:
            if c.name in out:
                continue
            parents = [_ref(b) for b in c.bases]
            if any(p in bases or p in out for p in parents):
                own = next((f.name for f in c.body if isinstance(f, ast.FunctionDef) and f.name in filters), "")
                out[c.name] = own or next((out[p] for p in parents if out.get(p)), "")
                changed = True
    return out


def _apps(py: PyIndex, spec: dict, subclasses: Dict[str, str]) -> Dict[str, _App]:
    apps: Dict[str, _App] = {}
    xmlrpc = set(spec.get("xmlrpc", ()))
    for call, name in py.calls:
        var = _assigned(py, call)
        if name in spec.get("apps", ()) and var:
            apps[var] = _App(var, "app", call, f"{last(name)} app")
        elif name in spec.get("sockets", ()) and var:
            app = apps[var] = _App(var, "socket", call, last(name))
            app.wraps = _ref(call.args[0]) if call.args else _ref(kw(call, "app"))
            app.cors_any = _str(kw(call, spec.get("socket-cors-keyword", ""))) == "*"
        elif (name in xmlrpc or last(name) in subclasses) and var and call.args:
            app = apps[var] = _App(var, "xmlrpc", call, last(name))
            app.address_filter = subclasses.get(last(name), "")
    return apps


def _routes(py: PyIndex, apps: Dict[str, _App], spec: dict) -> None:
    """Route decorators, router methods, CORS calls and XML-RPC registrations of the module's apps."""
    for f in py.funcs:
        for deco in getattr(f.node, "decorator_list", ()):
            if not (isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute)):
                continue
            app = apps.get(_ref(deco.func.value))
            where = _str(deco.args[0]) if deco.args else None
            if app is None or where is None:
                continue
            if app.kind == "app" and deco.func.attr in spec.get("route-decorators", ()):
                app.routes.append(where)
            elif app.kind == "socket" and deco.func.attr in spec.get("socket-decorators", ()):
                app.events.append(where)
    for call, name in py.calls:
        func = call.func
        if name in spec.get("cors", ()) and call.args and _ref(call.args[0]) in apps:
            given = [kw(call, k) for k in spec.get("cors-keywords", ()) if kw(call, k) is not None]
            apps[_ref(call.args[0])].cors_any |= not given or any(_str(g) == "*" for g in given)
        if not isinstance(func, ast.Attribute):
            continue
        owner = func.value.value if isinstance(func.value, ast.Attribute) and func.value.attr == "router" else func.value
        app = apps.get(_ref(owner))
        if app is None:
            continue
        if app.kind == "app" and func.attr in spec.get("route-methods", ()) and call.args and _str(call.args[0]):
            app.routes.append(_str(call.args[0]))
        elif app.kind == "xmlrpc" and func.attr in spec.get("xmlrpc-registrations", ()) and call.args:
            arg = call.args[0]
            if func.attr == "register_instance":
                cls = _ref(arg.func) if isinstance(arg, ast.Call) else _ref(arg)
                app.routes.append(f"every public method of {cls}" if cls else "an instance's methods")
            else:
                named = _str(call.args[1]) if len(call.args) > 1 else _str(kw(call, "name"))
                app.routes.append(named or _ref(arg) or "a function")


def _headers(py: PyIndex) -> Set[str]:
    """Header names the module reads from a request (``request.headers.get("X")``, ``headers["X"]``)."""
    out: Set[str] = set()
    for call, _ in py.calls:
        f = call.func
        if isinstance(f, ast.Attribute) and f.attr in ("get", "get_all") and _ref(f.value) == "headers" and call.args:
            out.add(_str(call.args[0]) or "")
    for node in py.parents.values():
        if isinstance(node, ast.Subscript) and _ref(node.value) == "headers":
            out.add(_str(node.slice) or "")
    return out - {""}


def _authenticates(py: PyIndex, spec: dict, headers: Set[str]) -> bool:
    cred = re.compile(spec.get("credential-headers", "(?!)"))
    if any(cred.search(h) for h in headers) or "request.authorization" in py.text:
        return True
    auth = re.compile(spec.get("auth-decorators", "(?!)"))
    for f in py.funcs:
        for deco in getattr(f.node, "decorator_list", ()):
            expr = deco.func if isinstance(deco, ast.Call) else deco
            if auth.search(_ref(expr)):
                return True
    return False


def _scope_hosts(fn, name: str) -> Optional[Tuple[List[str], bool]]:
    """The literal values ``name`` takes in function ``fn``: a parameter's default (by default:
    True), or every assignment to it being a string literal."""
    args = fn.args
    params = args.posonlyargs + args.args
    defaults = dict(zip([a.arg for a in params[len(params) - len(args.defaults):]], args.defaults))
    defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    if name in defaults:
        return ([_str(defaults[name])], True) if _str(defaults[name]) is not None else None
    if name in [a.arg for a in params + args.kwonlyargs]:
        return None
    hosts = _literals([n.value for n in ast.walk(fn) if isinstance(n, ast.Assign)
                       and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)])
    return (hosts, False) if hosts else None


def _literals(values) -> Optional[List[str]]:
    """The string literals ``values`` are, loopback first; None when one of them is not."""
    if not values or any(_str(v) is None for v in values):
        return None
    return sorted({_str(v) for v in values}, key=lambda h: (h not in _LOOPBACK, h))


def _field_hosts(py: PyIndex, node: ast.Attribute, at: ast.AST) -> Optional[Tuple[List[str], bool]]:
    """``self.host`` of the class around ``at``: a class attribute's literal, or what its methods
    assign (a literal, or a parameter's default: by default)."""
    cls = next((a for a in py.ancestors(at) if isinstance(a, ast.ClassDef)), None)
    if cls is None:
        return None
    values, by_default = [], False
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == node.attr for t in stmt.targets):
            values.append(stmt.value)
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for n in ast.walk(stmt):
            if isinstance(n, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == node.attr
                                                 and _ref(t.value) == "self" for t in n.targets):
                if isinstance(n.value, ast.Name):
                    got = _scope_hosts(stmt, n.value.id)
                    if got is None:
                        return None
                    values.extend(ast.Constant(h) for h in got[0])
                    by_default |= got[1]
                else:
                    values.append(n.value)
    hosts = _literals(values)
    return (hosts, by_default) if hosts else None


def _option_hosts(py: PyIndex, node) -> Optional[Tuple[List[str], bool]]:
    """``args.host`` of an argparse option with a literal default, or ``os.environ.get("HOST",
    "0.0.0.0")``: the default, unless the operator passes another value."""
    if isinstance(node, ast.Call) and len(node.args) == 2 and (py.dotted(node.func) or "") in _ENV_READS:
        return ([_str(node.args[1])], True) if _str(node.args[1]) is not None else None
    if not isinstance(node, ast.Attribute) or not isinstance(node.value, ast.Name):
        return None
    for call, name in py.calls:
        if last(name) == "add_argument" and option_dest(call) == node.attr and _str(kw(call, "default")) is not None:
            return [_str(kw(call, "default"))], True
    return None


_ENV_READS = ("os.environ.get", "os.getenv")


def _hosts(py: PyIndex, node, at: ast.AST) -> Optional[Tuple[List[str], bool]]:
    """The addresses ``node`` (a serving call's host) can be: a literal, a name bound to literals
    in the functions around ``at`` (innermost first) or at module level, an option's or an
    environment variable's default, a field of the class around. None: chosen at run time."""
    if _str(node) is not None:
        return [_str(node)], False
    if isinstance(node, ast.Attribute) and _ref(node.value) in ("self", "cls"):
        return _field_hosts(py, node, at)
    if not isinstance(node, ast.Name):
        return _option_hosts(py, node)
    for anc in py.ancestors(at):
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.id in [a.arg for a in anc.args.posonlyargs + anc.args.args + anc.args.kwonlyargs] \
                    or any(isinstance(t, ast.Name) and t.id == node.id for n in ast.walk(anc)
                           if isinstance(n, ast.Assign) for t in n.targets):
                return _scope_hosts(anc, node.id)
    hosts = _literals([a.value for a in py.assigns if isinstance(py.parent(a), ast.Module)
                       and any(isinstance(t, ast.Name) and t.id == node.id for t in a.targets)])
    return (hosts, False) if hosts else None


def _served(py: PyIndex, apps: Dict[str, _App], spec: dict):
    """(call, app, host node or the default host) of each call that serves one of ``apps``."""
    methods, functions = spec.get("serve-methods", {}), spec.get("serve-functions", {})
    for call, name in py.calls:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in methods and _ref(func.value) in apps:
            app = apps[_ref(func.value)]
            if app.kind == "socket":
                yield call, app, kw(call, "host"), methods[func.attr]
            elif app.kind == "app":
                yield call, app, kw(call, "host") or (call.args[0] if call.args else None), methods[func.attr]
        elif name in functions and call.args and _ref(call.args[0]) in apps:
            yield call, apps[_ref(call.args[0])], kw(call, "host"), functions[name]
    for app in apps.values():
        if app.kind == "xmlrpc" and app.routes:
            addr = app.call.args[0]
            yield app.call, app, addr.elts[0] if isinstance(addr, ast.Tuple) and addr.elts else addr, None


def _host_checked(py: PyIndex, spec: dict) -> bool:
    """The app checks the Host header by configuration (Flask's ``TRUSTED_HOSTS``)."""
    return any(s.value in spec.get("host-checks", ()) for s, _ in py.strings)


def _module_sites(py: PyIndex, spec: dict, subclasses: Dict[str, str]) -> List[dict]:
    apps = _apps(py, spec, subclasses)
    if not apps:
        return []
    _routes(py, apps, spec)
    headers = _headers(py)
    if _authenticates(py, spec, headers):
        return []
    origin = re.compile(spec.get("origin-headers", "(?!)"))
    catcher = re.compile(spec.get("catchers", "(?!)"))
    out: List[dict] = []
    for call, app, host, default in _served(py, apps, spec):
        wrapped = apps.get(app.wraps) if app.kind == "socket" else None
        routes = [r for r in app.routes + (wrapped.routes if wrapped else []) if not catcher.search(r)]
        if len(routes) + len(app.events) < (1 if app.kind == "xmlrpc" else 2):
            continue
        hosts = ([default], True) if host is None and default else _hosts(py, host, call) if host is not None else None
        out.append({"path": py.path, "call": call, "app": app, "routes": routes, "hosts": hosts,
                    "cors_any": app.cors_any or bool(wrapped and wrapped.cors_any),
                    "origin": any(origin.match(h) for h in headers) or _host_checked(py, spec)})
    return out


def side_app_sites(project) -> List[dict]:
    """One record per served side app of the project's Python files (none in test code, none in
    a project without MCP tools: the app is what the server runs beside them)."""
    spec = _spec()
    if not spec or not any(t.kind == "tool" for t in project.tools):
        return []
    markers = {(n.split(".")[0], last(n)) for key in ("apps", "sockets", "xmlrpc") for n in spec.get(key, ())}
    files = [(p, s) for p, s in sorted(project.files.items()) if p.endswith(".py") and not is_test_path(p)]
    indexes: List[Tuple[PyIndex, ast.Module]] = []
    for path, src in files:
        if any(top in src.text and name in src.text for top, name in markers):
            indexes.extend(_parsed(path, src.text))
    subclasses = _xmlrpc_classes([tree for _, tree in indexes], spec)
    done = {py.path for py, _ in indexes}
    for path, src in files:  # a module that builds a project subclass without naming the base
        if path not in done and subclasses and any(c in src.text for c in subclasses):
            indexes.extend(_parsed(path, src.text))
    return [site for py, _ in indexes for site in _module_sites(py, spec, subclasses)]


def side_words(site: dict) -> Tuple[bool, str]:
    """(reported at the default confidence, the message) of one side app."""
    app: _App = site["app"]
    routes = site["routes"] + [f"event {e}" for e in app.events]
    shown = ", ".join(routes[:5]) + (f" and {len(routes) - 5} more" if len(routes) > 5 else "")
    what = {"xmlrpc": "XML-RPC API", "socket": "Socket.IO server and web app"}.get(app.kind, "web app")
    msg = (f"{app.label}{'.run' if site['call'] is not app.call else ''}() serves the project's own {what} "
           f"({app.name}: {shown}) beside its MCP server, and nothing authenticates its callers")
    simple = app.kind == "xmlrpc"
    hosts, by_default = site["hosts"] or (None, False)
    loop = bool(hosts) and all(h in _LOOPBACK for h in hosts) or bool(app.address_filter)
    how = " by default" if by_default else ""
    if hosts is None:
        msg += " (bind address chosen at run time"
        default = not site["origin"]
    else:
        msg += f" (bound to {' or '.join(h or 'all interfaces' for h in hosts)}{how}{', as configured' if len(hosts) > 1 else ''}"
        default = (site["cors_any"] or simple) and not site["origin"] if loop else True
    if app.address_filter:
        msg += (f"; its {app.address_filter}() admits only listed client addresses, which keeps network clients "
                "out but not a web page on this machine")
    if site["origin"]:
        msg += "; it checks the Host or Origin header"
    msg += ")"
    if site["cors_any"]:
        msg += "; it answers every origin (CORS *), so any web page can call it and read the answers"
    elif simple and default:
        msg += ("; XML-RPC reads a request body of any content type, so any web page can send it a call as a "
                "simple cross-site POST (no preflight)")
    return default, msg


__all__ = ["side_app_sites", "side_words"]
