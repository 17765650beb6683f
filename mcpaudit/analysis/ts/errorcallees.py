"""The requests a try block makes through the functions it calls: ``try { switch (name) { case
"list_projects": return await this.listProjects(args); ... } } catch (error) { logger.error("tool
failed", { error }); }``, where ``listProjects`` sends ``this.api.get(path)`` on a client the
class built with the operator's credential (``this.api = axios.create({ headers: {
Authorization }, auth })``). The error of that request is thrown through the method unchanged and
caught by the caller's catch, whose whole-error log then writes the client's config
(errorconfigs.py).

A method of the same class (``this.name(...)``) or a function of the module (``name(...)``) is
read where it is written: its calls of a request method (``request-errors.methods`` in the http
models) on an HTTP client whose errors carry the request (an instance whose construction carries
a credential, or the library called with a credential in its options), and, two calls deep, the
methods and functions it calls in turn. A request inside a try of the callee whose catch does not
throw is handled there: its error never reaches the caller.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ..taintvalue import Info, Taint
from . import nodes as N

_DEPTH = 2


def called_requests(fn, body) -> List[Tuple[object, str, Taint]]:
    """(request node, library, the credential it sends) of every request the project functions
    called in ``body`` make, whose error reaches a catch around ``body``."""
    if not fn.M.request_errors[0] or body is None:
        return []
    out: List[Tuple[object, str, Taint]] = []
    seen: set = set()
    for call in _calls(body, fn.data):
        hit = _wrapped(fn, call)
        if hit is not None:
            out.append(hit)
            continue
        target = _target(fn, call)
        if target is not None:
            out.extend(_requests(fn, target, _DEPTH, seen))
    return out


def _calls(node, data: bytes) -> list:
    """The calls under ``node``, in source order, outside the try blocks that handle their errors."""
    out = []
    for call in N.nodes_under(node, "call_expression"):
        if not _handled_inside(call, node, data):
            out.append(call)
    return sorted(out, key=lambda c: c.start_byte)


def _handled_inside(call, top, data: bytes) -> bool:
    """Whether a try between ``call`` and ``top`` catches the call's error without rethrowing it
    (a catch that throws a new error of its own, ``throw new McpError(..., error.message)``,
    hands on its text, not the request)."""
    n = call.parent
    while n is not None and n is not top and n.id != top.id:
        p = n.parent
        if p is not None and p.type == "try_statement" and n.type == "statement_block" and \
                p.child_by_field_name("body") is not None and p.child_by_field_name("body").id == n.id:
            handler = p.child_by_field_name("handler")
            if handler is not None and not _rethrows(handler, data):
                return True
        n = p
    return False


def _rethrows(handler, data: bytes) -> bool:
    """The catch throws the error it caught (``throw error``), under its own name."""
    param = handler.child_by_field_name("parameter")
    name = N.text(data, param) if param is not None and param.type == "identifier" else None
    return name is not None and any(
        t.named_children and N.text(data, N.unwrap(t.named_children[0])) == name
        for t in N.nodes_under(handler, "throw_statement"))


def _target(fn, call):
    """The function or method declaration ``call`` calls: ``this.name()`` of the class,
    ``name()`` of the module (None for anything else)."""
    f, _ = _callee(call)
    if f is None:
        return None
    memo = fn.mod.__dict__.setdefault("_callee_decls", {})
    if f.type == "member_expression":
        obj, prop = N.unwrap(f.child_by_field_name("object")), f.child_by_field_name("property")
        if obj is None or obj.type != "this" or prop is None or not getattr(fn, "cls", None):
            return None
        key = (fn.cls.split(".")[-1], N.text(fn.data, prop))
    elif f.type == "identifier":
        key = (None, N.text(fn.data, f))
        if key[1] in getattr(fn, "locals", ()):
            return None
    else:
        return None
    if key not in memo:
        memo[key] = _declaration(fn, *key)
    return memo[key]


def _declaration(fn, cls: Optional[str], name: str):
    from .reqpaths import _class_node

    if cls is None and f"function {name}".encode() not in fn.data:
        return None  # (no declaration of that name: no walk of the module)
    if cls is not None:
        c = _class_node(fn, cls)
        body = c.child_by_field_name("body") if c is not None else None
        found = [m for m in (body.named_children if body is not None else ())
                 if m.type == "method_definition" and m.child_by_field_name("name") is not None
                 and N.text(fn.data, m.child_by_field_name("name")) == name]
    else:
        # the module's function declarations, found in one walk for every name asked
        decls = fn.mod.__dict__.get("_function_decls")
        if decls is None:
            decls = fn.mod._function_decls = N.nodes_under(fn.mod.tree.root_node, "function_declaration")
        found = [d for d in decls
                 if d.child_by_field_name("name") is not None and N.text(fn.data, d.child_by_field_name("name")) == name]
    return found[0] if len(found) == 1 else None


def _requests(fn, decl, depth: int, seen: set) -> List[Tuple[object, str, Taint]]:
    if decl.id in seen:
        return []
    seen.add(decl.id)
    body = decl.child_by_field_name("body")
    out: List[Tuple[object, str, Taint]] = []
    for call in (_calls(body, fn.data) if body is not None else ()):
        hit = _request(fn, call) or _wrapped(fn, call)
        if hit is not None:
            out.append(hit)
        elif depth > 1:
            target = _target(fn, call)
            if target is not None:
                out.extend(_requests(fn, target, depth - 1, seen))
    return out


def _request(fn, call) -> Optional[Tuple[object, str, Taint]]:
    """(node, library, credential) of a request ``call`` sends on a client whose errors carry it,
    with a credential of the server's; None otherwise."""
    from .errorconfigs import client_secret, request_library
    from .reqpaths import _options_credential

    methods = fn.M.request_errors[3]
    f, _ = _callee(call)
    if f is None or f.type != "member_expression":
        return None
    recv, prop = f.child_by_field_name("object"), f.child_by_field_name("property")
    if recv is None or prop is None or N.text(fn.data, prop) not in methods:
        return None
    lib = request_library(fn, fn.dotted(recv), recv)
    if lib is None:
        return None
    secret: Taint = client_secret(fn, call, recv)
    if not secret:
        for a in N.args_of(call):
            found = _options_credential(fn, a, fn.M)
            if found:
                line = call.start_point[0] + 1
                secret = {("s", f"{found[4:]} of the request on line {line}"): Info((
                    fn.step(call, f"the request sends {found}"),))}
                break
    return (call, lib, secret) if secret else None


def _wrapped(fn, call) -> Optional[Tuple[object, str, Taint]]:
    """``await this.paginator.fetchValues(path)`` where ``this.paginator = new Paginator(this.api,
    logger)`` wraps a credentialed client: an awaited method of an object built over the client
    sends its requests, and fails with their errors."""
    from .errorconfigs import client_secret, request_library
    from .reqpaths import built_as

    f, awaited = _callee(call)
    if f is None or f.type != "member_expression" or not awaited:
        return None
    recv = N.unwrap(f.child_by_field_name("object"))
    if recv is None or recv.type not in ("identifier", "member_expression"):
        return None
    ctor = built_as(fn, N.text(fn.data, recv), "_wrapper_ctors", kinds=("new_expression",))  # (one walk of the module per name)
    for a in (N.args_of(ctor) if ctor is not None else ()):
        lib = request_library(fn, fn.dotted(a), a)
        secret = client_secret(fn, call, a) if lib is not None else None
        if secret:
            return call, lib, secret
    return None


def _callee(call):
    """(the function ``call`` calls, whether it is awaited): ``await x.m<T>(a)`` parses as a call
    of ``await x.m`` with type arguments."""
    f = call.child_by_field_name("function")
    awaited = (call.parent is not None and call.parent.type == "await_expression") or \
        (f is not None and f.type == "await_expression")
    return N.unwrap(f), awaited
