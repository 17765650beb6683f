"""HTTP hops between two processes of one project, followed as message bridges.

An MCP server may run nothing itself: its tools post their arguments to a web API of the same
repository (``safe_post("api/command", {"command": command})``, a helper whose
``requests.post(f"{self.server_url}/{endpoint}", json=json_data)`` puts its first parameter in
the URL path and its second in the request body), and a route of that API (Flask's
``@app.route("/api/command", methods=["POST"])``) reads the body from the framework's request
object (``request.json``) and runs it. The URL path plays the command name, the body the
payload: :func:`http_senders` and :func:`http_receivers` record the two ends in the shape
:mod:`.bridges` uses, and :mod:`.bridgelink` joins a call that gives the path as a literal to
the route with that path (leading and trailing '/' ignored). The route function's reads of the
request object are a parameter of its own (:func:`route_request`), which the link binds to the
body. The vocabulary (route decorators, request objects, client verbs, body keywords) is data:
``http.bridges`` in ``rules/models/python/mcp.yaml``.
"""

from __future__ import annotations

import re
from typing import List, Optional

from ..lazycst import cst

from . import cstnodes as N
from .summary import ParamRec
from .taintvalue import Info

HTTP_PATH = "\x1fhttp-path"  # the selector field of an HTTP bridge: the URL path
HTTP_BODY = "\x1fhttp-body"  # its payload field: the request body


def _spec(mod) -> dict:
    return mod.M.surface.http_bridges or {}


def _params(fn: cst.FunctionDef) -> List[str]:
    return [x.name.value for x in N.named_params(fn) if x.name.value not in ("self", "cls")]


def _path_param(url, params: List[str], local) -> Optional[str]:
    """The parameter a URL puts right after a '/' (``f"{base}/{endpoint}"``, ``base + "/" +
    endpoint``), directly or through a local variable assigned once."""
    if isinstance(url, cst.Name) and url.value in local:
        url = local[url.value]
    if isinstance(url, cst.FormattedString):
        parts = list(url.parts)
        for i, part in enumerate(parts):
            if isinstance(part, cst.FormattedStringExpression) and isinstance(part.expression, cst.Name) \
                    and part.expression.value in params and i > 0 and isinstance(parts[i - 1], cst.FormattedStringText) \
                    and parts[i - 1].value.endswith("/"):
                return part.expression.value
    if isinstance(url, cst.BinaryOperation) and isinstance(url.operator, cst.Add) and isinstance(url.right, cst.Name) \
            and url.right.value in params and (N.const_prefix(url.left) or "").endswith("/"):
        return url.right.value
    return None


def _body_keyword_text(mod, spec) -> bool:
    """Whether the module's text passes some keyword argument named as a body keyword
    (``json=``): a sender needs one, and the text test, read once per module, spares the walks of
    every function of the modules without."""
    memo = mod.__dict__.get("_http_body_text")
    if memo is None:
        pattern = re.compile(r"\b(?:%s)\s*=(?!=)" % "|".join(map(re.escape, spec["body-keywords"])))
        text = mod.text if isinstance(mod.text, str) else mod.text.decode("utf-8", "replace")
        memo = mod._http_body_text = bool(pattern.search(text))
    return memo


def http_senders(mod, fn: cst.FunctionDef) -> List[tuple]:
    """``(path parameter, HTTP_PATH, body parameter, HTTP_BODY)`` for each HTTP client call of
    ``fn`` whose URL puts one parameter in its path and whose body keyword is another."""
    spec, params = _spec(mod), _params(fn)
    if len(params) < 2 or not spec or not _body_keyword_text(mod, spec):
        return []
    local = {}
    nodes = N.nodes_of(fn.body, (cst.Assign, cst.Call))  # one walk for both (each in walk order)
    for a in nodes:
        if type(a) is cst.Assign and len(a.targets) == 1 and isinstance(a.targets[0].target, cst.Name):
            local[a.targets[0].target.value] = a.value
    out = []
    for call in nodes:
        if type(call) is not cst.Call or \
                not (isinstance(call.func, cst.Attribute) and call.func.attr.value in spec["client-verbs"]):
            continue
        url = next((a.value for a in call.args if a.keyword is None or a.keyword.value == "url"), None)
        sel = _path_param(url, params, local) if url is not None else None
        body = next((a.value.value for a in call.args if a.keyword is not None and a.keyword.value in spec["body-keywords"]
                     and isinstance(a.value, cst.Name) and a.value.value in params), None)
        if sel and body and sel != body and (sel, HTTP_PATH, body, HTTP_BODY) not in out:
            out.append((sel, HTTP_PATH, body, HTTP_BODY))
    return out


def route_path(mod, fn: cst.FunctionDef) -> Optional[str]:
    """The path of a route ``fn`` answers (``@app.route("/api/command")``), without its
    leading and trailing '/', when the module imports a request object the route reads."""
    spec = _spec(mod)
    if not spec or request_name(mod) is None:
        return None
    for d in fn.decorators:
        call = d.decorator
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value in spec["route-decorators"] \
                and call.args and call.args[0].keyword is None:
            path = N.string_value(call.args[0].value)
            if path and path.startswith("/"):
                return path.strip("/")
    return None


def request_name(mod) -> Optional[str]:
    """The local name of a web framework's request object the module imports (``request``)."""
    objects = _spec(mod).get("request-objects", ())
    return next((name for name, dotted in mod.imports.items() if dotted in objects), None)


def http_receivers(mod, fn: cst.FunctionDef, qualname: str) -> List[tuple]:
    """The route ``fn`` answers as a bridge receiver entry: its path is the command name, the
    body its ``request`` parameter (:func:`route_request`)."""
    path = route_path(mod, fn) if "." not in qualname else None
    if not path:
        return []
    return [(HTTP_PATH, HTTP_BODY, path, fn.name.value, qualname, False, mod.pos(fn)[0])]


def route_request(fa) -> None:
    """A route function's request object is a parameter of its own (what a client sent), bound
    by the bridge linker to the body a tool's HTTP call sends to the route's path."""
    fn = fa.fn
    if fn is None or fa.cls is not None or route_path(fa.mod, fn) is None:
        return
    name = request_name(fa.mod)
    if not name or name in fa.env or any(p.name == name for p in fa.params):
        return
    fa.params.append(ParamRec(name, "pos", None, False, False, None, fa.mod.pos(fa.fn_stmt)))
    fa.env[name] = {("p", name): Info(((fa.fn_stmt, None, f"the request the route {route_path(fa.mod, fn)!r} answers"),))}


__all__ = ["HTTP_BODY", "HTTP_PATH", "http_receivers", "http_senders", "request_name", "route_path", "route_request"]
