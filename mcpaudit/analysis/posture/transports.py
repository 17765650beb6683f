"""Transport facts: how the server is reached.

Decides ``transport.stdio``, ``transport.sse``, ``transport.streamable_http``, ``transport.http``
and ``http.frameworks`` from:

* calls in the Python sources: ``FastMCP.run(transport=...)`` (or its first positional argument;
  a bare ``run()`` on a FastMCP instance is stdio), fastmcp 2.x ``run_*_async``, the SDK's
  ``stdio_server``/``SseServerTransport``/``StreamableHTTPSessionManager`` and app factories, and
  web servers started in code (uvicorn, hypercorn, aiohttp, granian, FastAPI/Starlette apps);
* ``--transport``/``MCP_TRANSPORT`` settings and uvicorn/gunicorn command lines in Dockerfiles,
  compose files and scripts;
* the cst engine's serving sites (``Project.http_servers``: ``run(transport=...)``, ``sse_app()``
  and the other app factories, ``uvicorn.run``), the same sites the rule ``http-transport-no-auth``
  reports, so the facts and the rule decide from one detector;
* when the code takes the transport from the command line or the environment (a ``run(transport=
  <not a constant>)``), the run lines of the README and ``docs/`` that pass one (``--transport sse``,
  ``MCP_TRANSPORT=streamable-http``, ``uvx server --port 8000``);
* a FastMCP or low-level ``Server`` with no transport selected anywhere: stdio, their default;
* ``import`` lines of web frameworks (``http.frameworks``, informational).

``transport.http``'s note says where each kind of HTTP evidence came from (code, a deployment or
command-line file, a run line of the documentation).
"""

from __future__ import annotations

import ast
import re
from typing import List, Set

from ...regexgate import gated
from ..project import NOT_SERVING
from ...engines.constapps import constant_app_lines
from .context import Context
from .evidence import Evidence, line_of, prefiltered
from .serverwraps import config_wrappers
from .pyindex import PyIndex, const, kw, last

_T_STDIO = {"stdio"}
_T_SSE = {"sse"}
_T_HTTP = {"streamable-http", "streamable_http", "http", "streamable"}

_CLI_TRANSPORT = gated(re.compile(r"(?:--transport[\"']?(?:[= ]|\s*,\s*)\s*|(?:FASTMCP|MCP)_TRANSPORT\s*[=:]\s*)[\"']?([\w-]+)"))
# a documented run line that starts the server on a port (a stdio server has none)
_DOC_PORT = re.compile(r"(?:\buvx\b|\buv\s+run\b|\bpython3?\b|\bpipx\s+run\b|\bdocker\s+run\b)[^\n]*\s--port[= ]\s*\d+")
_CLI_WEB_SERVER = re.compile(r"\b(uvicorn|hypercorn|gunicorn|granian)\b[\"',\s]+[\w.]+:\w+")
_FRAMEWORK_IMPORT = prefiltered(
    re.compile(r"^\s*(?:from|import)\s+(starlette|fastapi|uvicorn|hypercorn|aiohttp|flask|sse_starlette|granian)\b"),
    "starlette", "fastapi", "uvicorn", "hypercorn", "aiohttp", "flask", "granian")

_WEB_SERVER_CALLS = ("uvicorn.run", "uvicorn.Server", "uvicorn.Config", "hypercorn.asyncio.serve",
                     "hypercorn.trio.serve", "aiohttp.web.run_app", "granian.Granian")


class _Seen:
    """The transports found so far, each with its evidence, and notes for ``transport.stdio``."""

    def __init__(self) -> None:
        self.stdio, self.sse, self.shttp, self.web = Evidence(), Evidence(), Evidence(), Evidence()
        self.notes: List[str] = []
        self.settings: Set[str] = set()  # transport names assigned to settings named *transport*
        self.dynamic = Evidence()  # run(transport=<not a constant>): chosen from argv/env at run time
        self.http_how: List[str] = []  # where HTTP evidence that is not a call in code came from

    def classify(self, value: str, path: str, line: int) -> None:
        """Record a transport named by a string ("stdio", "sse", "streamable-http"...)."""
        v = value.strip().lower()
        if v in _T_STDIO:
            self.stdio.add(path, line)
        elif v in _T_SSE:
            self.sse.add(path, line)
        elif v in _T_HTTP:
            self.shttp.add(path, line)

    def any(self) -> bool:
        """Some transport or web server was found."""
        return bool(self.stdio or self.sse or self.shttp or self.web)


def _mcp_instances(py: PyIndex) -> Set[str]:
    """Names the file assigns a ``FastMCP(...)``/``MCPServer(...)`` to."""
    instances: Set[str] = set()
    for call, name in py.calls:
        if last(name) in ("FastMCP", "MCPServer"):
            par = py.parent(call)
            if isinstance(par, ast.Assign):
                for t in par.targets:
                    if isinstance(t, ast.Name):
                        instances.add(t.id)
                    elif isinstance(t, ast.Attribute):
                        instances.add(t.attr)
            elif isinstance(par, ast.AnnAssign) and isinstance(par.target, ast.Name):
                instances.add(par.target.id)
    return instances


def _run_call(py: PyIndex, call: ast.Call, instances: Set[str], seen: _Seen) -> bool:
    """A ``<x>.run(...)``/``<x>.run_async(...)`` call; False when the call is not looked at
    any further (a low-level ``Server.run(read, write, options)`` or any other ``run`` whose first
    argument is not a string)."""
    base = call.func.value
    base_name = base.id if isinstance(base, ast.Name) else (
        base.attr if isinstance(base, ast.Attribute) else "")
    is_mcp = base_name in instances or base_name in ("mcp", "server", "app")
    line = call.lineno
    tr = kw(call, "transport")
    if tr is None and call.args:
        # FastMCP.run("sse"); the low-level Server.run(read, write, options) takes streams
        first = call.args[0]
        if isinstance(const(first), str) or base_name in instances:
            tr = first
        else:
            return False
    if tr is None:
        if base_name in instances and not any(k.arg is None for k in call.keywords):
            seen.stdio.add(py.path, line)  # FastMCP.run() defaults to stdio; run(**kw): the cst site reads kw
    elif isinstance(const(tr), str):
        if is_mcp or base_name in instances:
            seen.classify(const(tr), py.path, line)
    elif is_mcp:
        # transport chosen at runtime: any transport literal in the file counts, and the defaults
        # of settings named like a transport anywhere (``settings.transport``, ``config.TRANSPORT``)
        lits = {s.value.strip().lower() for s, _ in py.strings}
        if isinstance(tr, (ast.Attribute, ast.Name)):
            lits |= seen.settings
        hit = False
        for lit in lits & (_T_STDIO | _T_SSE | _T_HTTP):
            seen.classify(lit, py.path, line)
            hit = True
        if not hit:
            seen.stdio.add(py.path, line)
        seen.dynamic.add(py.path, line)
        seen.notes.append(f"transport chosen at runtime ({py.path}:{line})")
    return True


def _named_transport(path: str, call: ast.Call, name: str, seen: _Seen) -> None:
    """SDK and fastmcp entry points whose name says the transport, and web servers in code."""
    last_name = last(name)
    line = call.lineno
    if last_name in ("run_http_async", "run_sse_async", "run_streamable_http_async") \
            and isinstance(const(kw(call, "transport")), str):
        seen.classify(const(kw(call, "transport")), path, line)  # fastmcp 2.x run_http_async(transport="sse")
    elif last_name == "run_http_async":
        seen.shttp.add(path, line)
    elif last_name in ("run_stdio_async", "stdio_server") or name.endswith("stdio.stdio_server"):
        seen.stdio.add(path, line)
    elif last_name in ("run_sse_async", "sse_app", "SseServerTransport", "EventSourceResponse"):
        seen.sse.add(path, line)
    elif last_name in ("run_streamable_http_async", "streamable_http_app", "http_app",
                       "StreamableHTTPSessionManager", "StreamableHTTPServerTransport"):
        seen.shttp.add(path, line)
    elif name in _WEB_SERVER_CALLS \
            or last_name in ("FastAPI", "Starlette") and name.split(".")[0] in ("fastapi", "starlette"):
        seen.web.add(path, line)


def _transport_settings(ctx: Context) -> Set[str]:
    """Transport names given as the default of a setting named like a transport, in any file:
    ``transport: str = "sse"`` in a settings class, ``TRANSPORT = "streamable-http"``,
    ``transport = Field(default="sse")``."""
    out: Set[str] = set()
    names = _T_STDIO | _T_SSE | _T_HTTP
    for py in ctx.py:
        for lit, in_f in py.strings:
            v = lit.value.strip().lower() if isinstance(lit.value, str) else ""
            if in_f or v not in names:
                continue
            node = py.parent(lit)
            if isinstance(node, ast.keyword) and node.arg == "default":
                node = py.parent(py.parent(node) or lit)  # Field(default="sse") -> its assignment
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            elif isinstance(node, ast.Assign):
                targets = node.targets
            else:
                continue
            if any("transport" in (t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else "").lower()
                   for t in targets):
                out.add(v)
    return out


def _assigned_name(py: PyIndex, node: ast.AST) -> str:
    par = py.parent(node)
    if isinstance(par, ast.Assign) and len(par.targets) == 1 and isinstance(par.targets[0], ast.Name):
        return par.targets[0].id
    return ""


def _unix_socket_serving(py: PyIndex) -> Set[int]:
    """The web-server calls of a file that serve on a Unix socket (``uds=``), with the
    ``uvicorn.Server(config)`` around such a config and the ``FastAPI()``/``Starlette()`` apps
    they serve (assigned to a name handed over as ``app``): local processes reach them through a
    file, no network client does. Ids of the calls."""
    out: Set[int] = set()
    configs: Set[str] = set()
    apps: Set[str] = set()
    for call, name in py.calls:
        if name in _WEB_SERVER_CALLS and kw(call, "uds") is not None:
            out.add(id(call))
            configs.add(_assigned_name(py, call))
            app = kw(call, "app") or (call.args[0] if call.args else None)
            if isinstance(app, ast.Name):
                apps.add(app.id)
    if not out:
        return out
    for call, name in py.calls:
        if name in _WEB_SERVER_CALLS and call.args:
            first = call.args[0]
            if id(first) in out or isinstance(first, ast.Name) and first.id in configs - {""}:
                out.add(id(call))  # uvicorn.Server(Config(app, uds=...))
        elif last(name) in ("FastAPI", "Starlette") and _assigned_name(py, call) in apps:
            out.add(id(call))
    return out


def _python_transports(ctx: Context, seen: _Seen) -> None:
    seen.settings = _transport_settings(ctx)
    for py in ctx.py:
        instances = _mcp_instances(py)
        on_socket = _unix_socket_serving(py) | config_wrappers(py)  # uvicorn.Server(config): the config's site
        inert = constant_app_lines(py.tree) if "uvicorn" in py.text else set()  # a status page's app (constapps.py)
        for call, name in py.calls:
            if call.lineno in inert and last(name) in ("FastAPI", "Starlette", "run", "Config"):
                continue
            if last(name) in ("run", "run_async") and isinstance(call.func, ast.Attribute):
                if not _run_call(py, call, instances, seen):
                    continue
            if id(call) not in on_socket:
                _named_transport(py.path, call, name, seen)


def _surface_sites(ctx: Context, seen: _Seen) -> None:
    """The cst engine's serving sites: a ``run(transport=...)`` or app factory names its
    transport, a web server started in code is HTTP, a non-constant transport is a runtime choice."""
    for site in ctx.http_sites:
        path, line = site["path"], site["pos"][0]
        if site.get("kind") in NOT_SERVING:
            continue  # how a transport is protected (Host/Origin checks), not a transport
        if site.get("kind") == "run-dynamic" or site.get("opt_in") or site.get("transport_choice") \
                or site.get("kind") == "run" and site.get("host") is None and site.get("host_given") is False:
            # the transport or the address is chosen at run time: documented run lines count
            seen.dynamic.add(path, line)
            if site.get("kind") == "run-dynamic":
                continue
            seen.classify(str(site["transport"]), path, line)
        elif site.get("kind") == "uvicorn":
            seen.web.add(path, line)
        elif site.get("transport"):
            seen.classify(str(site["transport"]), path, line)


#: a packaging entry point (``[project.scripts]``, ``[tool.poetry.scripts]``): ``name = "module:attr"``;
#: the installer's launcher imports the attribute and calls it, so words after it are never its
#: argv (a task runner's command line - pdm, poe, hatch scripts - starts with a program instead)
_ENTRY_POINT = re.compile(r"""\s*["']?[\w.-]+["']?\s*=\s*["']\s*[A-Za-z_][\w.]*:[A-Za-z_][\w.]*(?:\s*\[[^\]]*\])?\s""")


def _line_at(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1:pos]


def _configured_transports(ctx: Context, seen: _Seen) -> None:
    # CLI-level transport selection in Dockerfiles (CMD/ENTRYPOINT) / compose / scripts /
    # pyproject scripts / MCP client configs
    for path, text in ctx.other.items():
        for m in _CLI_TRANSPORT.finditer(text):
            if path.rsplit("/", 1)[-1] == "pyproject.toml" and _ENTRY_POINT.match(_line_at(text, m.start())):
                continue  # words after an entry point's module:attr are no arguments (nothing reads them)
            ln = line_of(text, m.start())
            seen.classify(m.group(1), path, ln)
            if m.group(1).lower() in _T_SSE | _T_HTTP:
                seen.http_how.append(f"{path}:{ln} passes {m.group(0).strip()}")
    # uvicorn/gunicorn launched from the command line
    web = ctx.grep_other(_CLI_WEB_SERVER, kinds={"docker", "yaml", "other"})
    seen.web.update(web)
    seen.http_how.extend(f"{loc.path}:{loc.line} starts a web server" for loc in web.locations()[:3])


# ``python -c "<code>"`` in a Dockerfile instruction: the exec form's next array element, or the
# shell form's quoted word
_INLINE_PY = re.compile(r"""\bpython3?(?:\.\d+)?["']?\s*,?\s*["']?-c["']?\s*,?\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')""")


def _inline_python(ctx: Context, seen: _Seen) -> None:
    """``CMD ["python", "-c", "from server import mcp; mcp.run(transport='sse', host='0.0.0.0')"]``:
    the image runs inline Python, read (parsed, never run) for a ``run(transport=...)`` call."""
    for path, text in ctx.docker.items():
        for m in _INLINE_PY.finditer(text):
            code = m.group(1) if m.group(1) is not None else m.group(2)
            try:
                tree = ast.parse(code.replace('\\"', '"'))
            except (SyntaxError, ValueError):
                continue
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "run"):
                    continue
                transport = kw(node, "transport")
                value = const(transport) if transport is not None else None
                if isinstance(value, str):
                    ln = line_of(text, m.start())
                    seen.classify(value, path, ln)
                    if value.lower() in _T_SSE | _T_HTTP:
                        seen.http_how.append(f"{path}:{ln} runs inline Python that serves transport={value!r}")


def _documented_runs(ctx: Context, seen: _Seen) -> None:
    """A server that takes its transport from argv/env runs over what its users pass: the run
    lines of its README and docs that pass an HTTP transport, or a port, are evidence."""
    if not seen.dynamic:
        return
    first = seen.dynamic.locations()[0]
    where = f"{first.path}:{first.line}"
    for path, text in ctx.docs.items():
        for m in _CLI_TRANSPORT.finditer(text):
            if m.group(1).lower() in _T_SSE | _T_HTTP:
                ln = line_of(text, m.start())
                seen.classify(m.group(1), path, ln)
                seen.http_how.append(f"{path}:{ln} runs it with {m.group(0).strip()} (the transport is read "
                                     f"from argv/env at {where})")
        for m in _DOC_PORT.finditer(text):
            ln = line_of(text, m.start())
            seen.web.add(path, ln)
            seen.http_how.append(f"{path}:{ln} runs it on a port (the transport is read from argv/env at {where})")


def _default_stdio(ctx: Context, seen: _Seen) -> None:
    # a FastMCP server with no explicit transport at all runs over stdio
    for py in ctx.py:
        for call, name in py.calls:
            if last(name) == "FastMCP" or name.endswith("mcp.server.lowlevel.Server") \
                    or name.endswith("mcp.server.Server"):
                seen.stdio.add(py.path, call.lineno)
                seen.notes.append("no transport selected: FastMCP/Server default is stdio")
                break


def decide(ctx: Context) -> None:
    """Set the transport facts and ``http.frameworks``."""
    seen = _Seen()
    _python_transports(ctx, seen)
    _surface_sites(ctx, seen)
    _configured_transports(ctx, seen)
    _inline_python(ctx, seen)
    _documented_runs(ctx, seen)
    if not seen.any():
        _default_stdio(ctx, seen)

    frameworks = Evidence()
    names: Set[str] = set()
    for py, i, m in ctx.match_lines(_FRAMEWORK_IMPORT):
        names.add(m.group(1).replace("_", "-"))
        frameworks.add(py.path, i)
    ctx.set("transport.stdio", bool(seen.stdio), seen.stdio, "; ".join(dict.fromkeys(seen.notes)))
    ctx.set("transport.sse", bool(seen.sse), seen.sse)
    ctx.set("transport.streamable_http", bool(seen.shttp), seen.shttp)
    http = Evidence()
    for ev in (seen.sse, seen.shttp, seen.web):
        http.update(ev)
    ctx.set("transport.http", bool(http), http, "; ".join(dict.fromkeys(seen.http_how[:6])))
    ctx.set("http.frameworks", sorted(names), frameworks)
