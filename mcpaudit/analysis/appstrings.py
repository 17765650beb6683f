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
"""

from __future__ import annotations

from typing import Optional

from .cstnodes import string_value


def app_fields(app) -> dict:
    """``{"app_string": "module:attr"}`` for an app given as a constant import string."""
    text = string_value(app) if app is not None else None
    if not text or ":" not in text:
        return {}
    module, _, attr = text.partition(":")
    if not module or not attr or not all(p.isidentifier() for p in module.split(".")):
        return {}
    return {"app_string": text}


def serves_other_app(linker, path: str, mod, site: dict) -> Optional[str]:
    """The module (path) whose app, named by the serving site's import string, is no MCP
    server's: the module the string names, or the serving one when the project has none of that
    name; None when the site serves MCP (or names no app by a string)."""
    text: Optional[str] = site.get("app_string")
    if not text:
        return None
    module, _, attr = text.partition(":")
    split = linker.module_prefix(path, f"{module}.{attr.split('.')[0]}")
    tpath = split[0] if split is not None and split[2] == len(module.split(".")) else path
    target = linker.modules.get(tpath)
    return tpath if target is not None and not target.imports_mcp else None
