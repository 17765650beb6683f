"""Authentication belongs to the app it is installed on (issue 14, ts52a).

A TypeScript project may start its MCP server in one of several launch modes, each a module that
builds its own web app: ``transports/streamableHttp.ts`` with ``const app = express();
app.use("/mcp", apiKeyMiddleware)``, ``transports/sse.ts`` with another ``express()`` serving
``GET /sse`` and ``POST /message`` with no check, and an ``index.ts`` that imports one of them by
a command-line argument. The middleware guards the app it is attached to; the SSE app, listening
on every interface, has none. Counted per project, the one middleware hid the open transport.

:func:`other_app_auth` decides it for one serving site: when the module that builds the
transport (and the module its listener is in) builds its own app (``express()``, ``new Hono()``,
``Fastify()``, ``http.createServer``), and every required auth record of the project lies in a
module that builds *another* app and is neither loaded by those modules (followed through their
relative imports) nor loads them, the site is not authenticated: what there is guards another app.
An auth record in a module that builds no app (a shared middleware helper, a verifier) still
counts for every app, unless the only apps that load it are other apps (issue 14, ts58a): an
``express.Router()`` with a token check, mounted by an analytics dashboard's own ``express()``
(``app.use('/analytics', endpoints.createRouter())``), which the MCP server's modules neither load
nor are loaded by, guards the dashboard, not the SSE app. Imports through the common source-root
aliases (``@/analytics/x.js``, ``~/x``) link modules as relative ones do.
"""

from __future__ import annotations

import posixpath
import re
from typing import Dict, List, Optional, Set

from .parse import is_ts_source

_APP = re.compile(r"\b(?:express|fastify|Fastify|Koa|koa|polka|connect)\s*\(\s*[^)]{0,80}\)"
                  r"|\bnew\s+(?:Hono|Koa|Elysia)\s*\(|\b(?:http|https)\.createServer\s*\(")
_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*['"](\.{1,2}/[^'"\n]+)['"]|\b(?:import|require)\s*\(\s*['"](\.{1,2}/[^'"\n]+)['"]\s*\)""")
#: an import through a source-root alias (tsconfig ``paths``: ``"@/*": ["src/*"]``)
_ALIASED = re.compile(r"""(?:\bfrom|\bimport|\b(?:import|require)\s*\()\s*['"][@~]/([^'"\n]+)['"]""")
_EXTS = ("", ".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs", "/index.ts", "/index.js")
_COMMENT = re.compile(r"/\*.*?\*/|^[ \t]*//[^\n]*", re.S | re.M)


def _builds_app(text: str) -> bool:
    return bool(_APP.search(_COMMENT.sub(" ", text)))


def _imports(path: str, text: str, files: Set[str]) -> Set[str]:
    """The project modules ``path`` loads by a relative specifier (``./x.js`` may name ``x.ts``)."""
    out = set()
    bare = _COMMENT.sub(" ", text)
    for m in _IMPORT.finditer(bare):
        spec = posixpath.normpath(posixpath.join(posixpath.dirname(path), m.group(1) or m.group(2)))
        stem = re.sub(r"\.(?:[cm]?js|jsx)$", "", spec)
        for cand in [spec, *(stem + e for e in _EXTS)]:
            if cand in files:
                out.add(cand)
                break
    for m in _ALIASED.finditer(bare):
        stem = re.sub(r"\.(?:[cm]?js|jsx)$", "", posixpath.normpath(m.group(1)))
        # the module under some source root: the one file whose path ends with the specifier
        hits = {f for f in files for e in _EXTS if (f == stem + e or f.endswith("/" + stem + e)) and e != ""}
        if len(hits) == 1:
            out |= hits
    return out


def _graph(project) -> Dict[str, Set[str]]:
    cached = project.__dict__.get("_ts_import_graph")
    if cached is None:
        files = {p for p in project.files if is_ts_source(p)}
        cached = {p: _imports(p, project.files[p].text or "", files) for p in files}
        project.__dict__["_ts_import_graph"] = cached
    return cached


def _linked(graph: Dict[str, Set[str]], start: Set[str]) -> Set[str]:
    """``start``, what it loads (transitively), and the modules that load one of ``start``."""
    seen, todo = set(start), list(start)
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen | {p for p, deps in graph.items() if deps & start}


def other_app_auth(project, path: str, sites: List[dict], required: List[dict]) -> Optional[dict]:
    """The first required auth record when every one guards another app than the one ``sites``
    (a TypeScript server's serving records in ``path``) are served on; None otherwise."""
    if path.endswith(".py") or not required or not is_ts_source(path):
        return None
    own = {path} | {p for s in sites for p, _line, _note in (s.get("steps") or ()) if is_ts_source(p)}
    texts = {p: (project.files[p].text or "") if p in project.files else "" for p in own}
    if not any(_builds_app(t) for t in texts.values()):
        return None  # routes on an app built elsewhere: that app's auth may be theirs
    graph = _graph(project)
    linked = _linked(graph, own)
    mounted = set()
    for a in required:
        where = a.get("path", "")
        if where in linked or where not in project.files or not is_ts_source(where):
            return None
        if not _builds_app(project.files[where].text or ""):
            if not _loaded_by_other_apps(project, graph, where, linked):
                return None
            mounted.add(where)  # a router or middleware module only other apps load
    first = next((a for a in required if a.get("kind") != "name"), required[0])  # a middleware install first
    return {**first, "mounted": True} if first.get("path") in mounted else first


def _loaded_by_other_apps(project, graph: Dict[str, Set[str]], where: str, linked: Set[str]) -> bool:
    """Whether the module ``where`` (building no app) is loaded, directly or through other
    modules, by a module that builds an app, and every such module lies outside ``linked``."""
    seen, todo, apps = {where}, [where], set()
    while todo:
        cur = todo.pop()
        for p, deps in graph.items():
            if cur in deps and p not in seen:
                seen.add(p)
                todo.append(p)
                if _builds_app(project.files[p].text or "" if p in project.files else ""):
                    apps.add(p)
    return bool(apps) and not (seen - {where}) & linked


def other_app_words(a: dict) -> str:
    return (f"no authentication is configured for it (what there is guards another app: {' '.join(a['detail'].split())} "
            f"at {a['path']}:{a['pos'][0]}, on the app that module " + ("is loaded by" if a.get("mounted") else "builds")
            + ", which this server's module neither loads nor is loaded by)")


__all__ = ["other_app_auth", "other_app_words"]
