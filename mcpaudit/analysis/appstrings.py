"""Which app a ``uvicorn.run`` serves, when it names it by an import string.

``uvicorn.run("package.module:app")`` serves the ``app`` of that module, which is the MCP server
only when it is built from one (``mcp.sse_app()``, ``mcp.streamable_http_app()``, a ``Mount`` of
a session manager): a project that also ships another web service (an image parser behind
FastAPI, an admin API) runs it the same way. The serving site keeps the string
(``app_string``, :func:`app_fields`); when the modules are linked (:func:`serves_other_app`) the
module it names, if it is one of the project's, decides: it serves MCP when that module uses an
MCP SDK. A string the project's modules do not resolve is left to the serving module: it serves
MCP when that module uses an MCP SDK. The sites left out, and the module of the app they serve,
are kept (``Project.other_apps``): the posture's web servers there are that app's, not MCP's
(inventory.py).

The same holds for an app made by a call of a project function (``app = create_monitoring_app(state)``
then ``uvicorn.Config(app, ...)``): the serving site keeps the function's dotted name
(``app_factory``), and when that function is defined in a project module that uses no MCP SDK and
builds no MCP app (``sse_app()``, ``streamable_http_app()``, ``http_app()``), the app it returns is
that module's own web app (a dashboard, a metrics page), not the MCP transport.
"""

from __future__ import annotations

from typing import Optional

from ..lazycst import cst

from .cstnodes import string_value


def app_fields(app, interp=None) -> dict:
    """``{"app_string": "module:attr"}`` for an app given as a constant import string;
    ``{"app_factory": "pkg.module.fn"}`` for one made by a call of an imported function (directly
    or through a local variable of ``interp``'s function)."""
    text = string_value(app) if app is not None else None
    if interp is not None and text is None and app is not None:
        made = interp.local_values.get(app.value) if isinstance(app, cst.Name) else app
        dotted = interp.mod.dotted(made.func) if isinstance(made, cst.Call) else None
        return {"app_factory": dotted} if dotted and "." in dotted else {}
    if not text or ":" not in text:
        return {}
    module, _, attr = text.partition(":")
    if not module or not attr or not all(p.isidentifier() for p in module.split(".")):
        return {}
    return {"app_string": text}


def serves_other_app(linker, path: str, mod, site: dict, files=None) -> Optional[str]:
    """The module (path) whose app, named by the serving site's import string, is no MCP
    server's: the module the string names, or the serving one when the project has none of that
    name; None when the site serves MCP (or names no app by a string)."""
    text: Optional[str] = site.get("app_string")
    if site.get("app_factory"):
        return _factory_module(linker, path, site["app_factory"], files or {})
    if not text:
        return None
    module, _, attr = text.partition(":")
    split = linker.module_prefix(path, f"{module}.{attr.split('.')[0]}")
    tpath = split[0] if split is not None and split[2] == len(module.split(".")) else path
    target = linker.modules.get(tpath)
    return tpath if target is not None and not target.imports_mcp else None


def _factory_module(linker, path: str, dotted: str, files) -> Optional[str]:
    """The project module defining the app factory ``dotted``, when it uses no MCP SDK (or imports
    one only for type annotations, under ``if TYPE_CHECKING:``) and builds no MCP app; None
    otherwise (a library's factory, an unknown name, an MCP module). ``files``: the project's
    source files by path."""
    from .getattrapps import serves_mcp_app

    split = linker.module_prefix(path, dotted)
    if split is None or split[2] != len(split[1]) - 1:
        return None
    target = linker.modules.get(split[0])
    if target is None or serves_mcp_app(target) or split[1][-1] not in target.functions:
        return None
    tree = linker.__dict__.get("ast_trees", {}).get(split[0])  # the first pass's tree, when it has one
    if target.imports_mcp and not _typing_only_mcp(getattr(files.get(split[0]), "text", None), tree):
        return None
    return split[0]


def _typing_only_mcp(text: Optional[str], tree=None) -> bool:
    """Every import of an MCP package in ``text`` (``tree``: its ``ast`` tree when the first pass
    made one) sits under ``if TYPE_CHECKING:``."""
    import ast

    from ..catalog import catalog

    if not text:
        return False
    if not isinstance(tree, ast.Module):
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return False
    packages = catalog().python.surface.packages
    typing_blocks = [n for n in ast.walk(tree) if isinstance(n, ast.If) and (
        getattr(n.test, "id", None) == "TYPE_CHECKING" or getattr(n.test, "attr", None) == "TYPE_CHECKING")]
    guarded = {id(m) for b in typing_blocks for s in b.body for m in ast.walk(s)}
    for n in ast.walk(tree):
        names = [a.name for a in n.names] if isinstance(n, ast.Import) else \
            [n.module or ""] if isinstance(n, ast.ImportFrom) and not n.level else []
        if any(name.split(".")[0] in packages for name in names) and id(n) not in guarded:
            return False
    return True
