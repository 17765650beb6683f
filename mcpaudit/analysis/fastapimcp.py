"""FastAPI routes that ``fastapi_mcp`` serves as MCP tools (issue 12).

    # deployment.py
    app = FastAPI()
    @app.post("/convert", operation_id="convert_document")
    async def convert_document(file_path: Optional[str] = Form(None)): ...

    # main.py
    from deployment import app as api
    mcp = FastApiMCP(api)            # fastapi_mcp: every route of the app is an MCP tool
    mcp.mount_http(app, mount_path="/mcp")

``FastApiMCP(app)`` (and fastmcp 2.x's ``FastMCP.from_fastapi(app)``) turns each route of
``app`` into a tool named by its ``operation_id`` (else its function's name) whose parameters are
the route's (path, query, form and body parameters, uploads). Module side, :func:`route_handler`
records each function a module-level ``FastAPI()`` app's ``@app.get/post/put/patch/delete(...)``
decorates as a tool handler of framework :data:`FRAMEWORK`, not yet admitted, and
:func:`served_apps` the dotted names of the apps the module hands to one of those calls. The
linker admits a route handler only when some module hands its app over (:func:`app_served`): a
FastAPI app never given to ``FastApiMCP`` stays a plain web app, with no tools.
"""

from __future__ import annotations

from typing import Optional, Tuple

from ..lazycst import cst

from .cstnodes import find_all, string_value
from .modnames import module_names
from .summary import HandlerRec

FRAMEWORK = "fastapi_mcp"
#: route decorators of a FastAPI app
_VERBS = frozenset({"get", "post", "put", "patch", "delete"})
#: the calls that serve an app's routes as MCP tools (the app: first argument or these keywords)
_SERVERS = frozenset({"fastapi_mcp.FastApiMCP", "fastapi_mcp.server.FastApiMCP", "fastmcp.FastMCP.from_fastapi",
                      "fastmcp.server.FastMCP.from_fastapi", "fastmcp.server.server.FastMCP.from_fastapi"})
_APP_KEYWORDS = ("fastapi", "app")
_APPS = frozenset({"fastapi.FastAPI", "fastapi.applications.FastAPI"})


def route_handler(mod, fn, qualname: str, stmt, call, attr: Optional[str], owner) -> Optional[HandlerRec]:
    """The tool handler record of ``fn`` when ``@<app>.<verb>(path, ...)`` on a module-level
    FastAPI app decorates it (admitted by the linker only if the app is served as MCP)."""
    if attr not in _VERBS or call is None or not isinstance(owner, cst.Name) or "FastAPI" not in mod.text:
        return None
    value = mod.module_values.get(owner.value)
    if not (isinstance(value, cst.Call) and (mod.dotted(value.func) or "") in _APPS):
        return None
    kw = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    name = string_value(kw["operation_id"]) if "operation_id" in kw else None
    return HandlerRec(function=qualname, kind="tool", framework=FRAMEWORK, owner=owner.value, owner_known=False,
                      name=name or fn.name.value, description=None, description_pos=None, uri=None,
                      annotations={}, pos=mod.pos(stmt))


def served_apps(mod) -> Tuple[str, ...]:
    """The dotted names (as the module resolves them) of the apps it hands to ``FastApiMCP`` or
    ``FastMCP.from_fastapi``."""
    if "FastApiMCP" not in mod.text and "from_fastapi" not in mod.text:
        return ()
    out = []
    for call in find_all(mod.module, cst.Call):
        if (mod.dotted(call.func) or "") not in _SERVERS:
            continue
        kw = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        first = next((a.value for a in call.args if a.keyword is None and not a.star), None)
        app = next((kw[k] for k in _APP_KEYWORDS if k in kw), first)
        d = mod.dotted(app) if isinstance(app, (cst.Name, cst.Attribute)) else None
        if d:
            out.append(d)
    return tuple(out)


def app_served(linker, path: str, h) -> bool:
    """Whether a module of the project hands the app of route handler ``h`` (module ``path``) to
    ``FastApiMCP``/``from_fastapi``: by its own name in the same module, or by a dotted name that
    imports it."""
    dotted = {f"{n}.{h.owner}" for n in module_names(path)}
    for mpath, mod in linker.modules.items():
        for app in getattr(mod, "fastapi_mcp_apps", ()):
            if app in dotted or mpath == path and app == h.owner:
                return True
    return False


__all__ = ["FRAMEWORK", "app_served", "route_handler", "served_apps"]
