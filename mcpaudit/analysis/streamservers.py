"""A hand-written network endpoint in front of the MCP tools (issue 12, py50c).

    async def _handle(reader, writer):
        request = (await reader.read(65536)).decode()
        ...
        handler = _HANDLERS.get(payload["name"])        # the table call_tool dispatches through
        result = await handler(**payload["arguments"])

    async def run_http_mode(host: str = "0.0.0.0", port: int = 8080):
        server = await asyncio.start_server(_handle, host, port)

The server parses requests itself on a raw stream listener (``asyncio.start_server``) and calls the
tools: it is a transport of those tools beside the SDK's, one the rule's serving calls do not
name. A listener is such a transport when its handler (a function of the same module, or one it
calls there, two calls deep) calls a value taken from a tool dispatch table (a module-level
mapping the MCP ``call_tool`` handler indexes: ``TABLE[name]``, ``TABLE.get(name)``) or calls one
of the project's MCP tool functions by name. It authenticates when the handler (or those
functions) holds a credential header's name (``Authorization``, an API key or token header, a
cookie); then it is no finding. Reported by http-transport-no-auth at the listener call, at the
default confidence unless the address is loopback.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, Iterable, List, Optional, Set, Tuple

from .handlerapis import gated_trees
from .loopback import LOOPBACK

#: the stream listeners whose first argument is the connection handler, then host and port
_LISTENERS = frozenset({"start_server"})
#: a string that names a credential the handler reads or compares: a credential header or scheme
#: at its start ("Authorization: Bearer ...", "x-api-key"), a credential field's whole name
#: ("token", "api_key"), or an environment name of one (TOOL_TOKEN); a word inside other text
#: ("progressToken", "max_tokens", "Set-Cookie", "invalid token") checks nothing
_CREDENTIAL = re.compile(r"(?i)^\s*(?:(?:proxy-)?authorization\b|(?:x-)?api[-_]?key\b|x-auth|bearer\b|basic\s|cookie\b"
                         r"|x-[\w-]*token\b|(?:auth_|access_|api_|bearer_)?(?:token|secret|password)\s*$)")
_CREDENTIAL_ENV = re.compile(r"^[A-Z0-9_]*(?:TOKEN|SECRET|API_?KEY|PASSWORD)[A-Z0-9_]*$")
#: a listener's host argument that binds every interface (None: asyncio's default, all of them)
_ALL = ("0.0.0.0", "::", "", None)


def _name(node) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _functions(tree: ast.Module) -> Dict[str, ast.AST]:
    return {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _indexed(fn: ast.AST) -> Set[str]:
    """The names a function indexes: ``N[k]`` and ``N.get(k)``."""
    out: Set[str] = set()
    for n in ast.walk(fn):
        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name):
            out.add(n.value.id)
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "get" \
                and isinstance(n.func.value, ast.Name):
            out.add(n.func.value.id)
    return out


def _tables(tree: ast.Module, funcs: Dict[str, ast.AST], dispatchers: Set[str]) -> Set[str]:
    """Module-level mappings the module's MCP ``call_tool`` handlers index."""
    mappings = {t.id for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign)) and isinstance(n.value, ast.Dict)
                for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
    return {name for d in dispatchers if d in funcs for name in _indexed(funcs[d]) if name in mappings}


def _reach(funcs: Dict[str, ast.AST], start: str, depth: int = 2) -> List[ast.AST]:
    """``start`` and the functions of the module it calls, ``depth`` calls deep."""
    seen, todo, out = {start}, [(start, 0)], []
    while todo:
        name, d = todo.pop()
        fn = funcs[name]
        out.append(fn)
        if d >= depth:
            continue
        for n in ast.walk(fn):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in funcs and n.func.id not in seen:
                seen.add(n.func.id)
                todo.append((n.func.id, d + 1))
    return out


def _calls_tools(fns: List[ast.AST], tables: Set[str], tools: Set[str]) -> Optional[str]:
    """How the handler reaches the tools: through a dispatch table's value or a tool function."""
    for fn in fns:
        picked = {t.id for n in ast.walk(fn) if isinstance(n, ast.Assign) and len(n.targets) == 1
                  and isinstance(n.value, (ast.Subscript, ast.Call)) and _indexed_value(n.value) in tables
                  for t in n.targets if isinstance(t, ast.Name)}
        for n in ast.walk(fn):
            if not isinstance(n, ast.Call):
                continue
            if isinstance(n.func, ast.Name) and n.func.id in picked:
                return f"a handler taken from {_indexed_names(fn, tables)}, the table call_tool dispatches through"
            if isinstance(n.func, ast.Subscript) and _name(n.func.value) in tables:
                return f"a handler taken from {_name(n.func.value)}, the table call_tool dispatches through"
            if isinstance(n.func, ast.Name) and n.func.id in tools:
                return f"the MCP tool function {n.func.id}()"
    return None


def _indexed_value(node) -> Optional[str]:
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        return node.value.id
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
            and isinstance(node.func.value, ast.Name):
        return node.func.value.id
    return None


def _indexed_names(fn: ast.AST, tables: Set[str]) -> str:
    return ", ".join(sorted(_indexed(fn) & tables))


def _credential(fns: Iterable[ast.AST]) -> bool:
    return any(isinstance(n, ast.Constant) and isinstance(n.value, str)
               and (_CREDENTIAL.search(n.value) or _CREDENTIAL_ENV.match(n.value))
               for fn in fns for n in ast.walk(fn))


def _listener_names(tree: ast.Module) -> Tuple[Set[str], Set[str]]:
    """(names bound to asyncio's module, names bound to its start_server) by the module's imports."""
    modules, direct = set(), set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Import):
            modules.update(a.asname or a.name for a in n.names if a.name in ("asyncio", "asyncio.streams"))
        elif isinstance(n, ast.ImportFrom) and n.module in ("asyncio", "asyncio.streams") and not n.level:
            direct.update(a.asname or a.name for a in n.names if a.name in _LISTENERS)
    return modules, direct


def _is_listener(func, names: Tuple[Set[str], Set[str]]) -> bool:
    """``asyncio.start_server`` (or ``asyncio.streams.start_server``) as the module imported it,
    not a method or function of another object that shares the name."""
    modules, direct = names
    if isinstance(func, ast.Name):
        return func.id in direct
    if not isinstance(func, ast.Attribute) or func.attr not in _LISTENERS:
        return False
    owner = ast.unparse(func.value)
    return owner in modules or owner in ("asyncio", "asyncio.streams") and "asyncio" in {m.split(".")[0] for m in modules}


def _host(call: ast.Call, enclosing: Optional[ast.AST]) -> Tuple[Optional[str], bool]:
    """(the address, whether it is a parameter's default) of a listener call."""
    node = call.args[1] if len(call.args) >= 2 else next((k.value for k in call.keywords if k.arg == "host"), None)
    if node is None:
        return None, False  # no host: asyncio binds every interface
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str)):
        return node.value, False
    if isinstance(node, ast.Name) and isinstance(enclosing, (ast.FunctionDef, ast.AsyncFunctionDef)):
        args = enclosing.args
        pos = args.posonlyargs + args.args
        defaults = dict(zip([a.arg for a in pos][len(pos) - len(args.defaults):], args.defaults))
        defaults.update((a.arg, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None)
        d = defaults.get(node.id)
        if isinstance(d, ast.Constant) and (d.value is None or isinstance(d.value, str)):
            return d.value, True
    return "?", False


def stream_server_sites(project) -> List[dict]:
    """One record per raw stream listener of the project's Python files whose handler calls the
    MCP tools with no credential check (none in test code)."""
    tools = [t for t in project.tools if t.kind in ("tool", "call_tool")]
    if not tools:
        return []
    out: List[dict] = []
    for path, tree in gated_trees(project, "start_server"):
        funcs = _functions(tree)
        names = [t.function.rsplit(".", 1)[-1] for t in tools if t.location.path == path]
        # a low-level call_tool handler serves several tools (or is recorded as call_tool itself)
        dispatchers = {n for n in names if names.count(n) > 1} | \
            {t.function.rsplit(".", 1)[-1] for t in tools if t.kind == "call_tool" and t.location.path == path}
        tables = _tables(tree, funcs, dispatchers)
        # this module's tool functions: a local function sharing the name of another module's tool is not one
        tool_fns = {t.function.rsplit(".", 1)[-1] for t in tools if t.kind == "tool" and t.location.path == path} \
            & set(funcs) - dispatchers
        listeners = _listener_names(tree)
        top = [n for n in tree.body if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for enclosing, body in [(None, top), *((f, [f]) for f in funcs.values())]:
            for call in (n for b in body for n in ast.walk(b) if isinstance(n, ast.Call)):
                if not _is_listener(call.func, listeners) or not call.args or _name(call.args[0]) not in funcs:
                    continue
                fns = _reach(funcs, _name(call.args[0]))
                via = _calls_tools(fns, tables, tool_fns)
                if via and not _credential(fns):
                    host, by_default = _host(call, enclosing)
                    out.append({"path": path, "call": call, "stream": _name(call.args[0]), "via": via,
                                "host": host, "by_default": by_default})
    return out


def stream_words(site: dict) -> Tuple[bool, str]:
    """(reported at the default confidence, the message) of one listener."""
    host = site["host"]
    if host in _ALL:
        where = "bound to all interfaces" + (" by default" if site["by_default"] or host is None else "")
    elif host != "?":
        where = f"bound to {host}" + (" by default" if site["by_default"] else "")
    else:
        where = "bind address chosen at run time"
    msg = (f"asyncio.start_server() serves a hand-written endpoint ({site['stream']}) that calls the MCP tools "
           f"({site['via']}), and the handler checks no credential ({where})")
    return host not in LOOPBACK, msg


__all__ = ["stream_server_sites", "stream_words"]
