"""The clients a request helper's receiver parameter is handed by its callers in the module.

``async def _afetch(client: httpx.AsyncClient, symbol): return await client.get(url(symbol))``:
which client sends the request, with which settings, is decided where ``_afetch`` is called:
``async with httpx.AsyncClient(headers={"User-Agent": UA}) as client: await _afetch(client, s)``,
also from a closure over that binding (``async def _one(s): return await _afetch(client, s)``
inside the ``with``), or ``self._request(client=self._http_client, ...)`` with the field bound in
the class (``self._http_client = http_client or httpx.AsyncClient(transport=...)``: an injected
client or the library's own, judged by the fallback constructor the expression names). A helper
whose name starts with ``_`` is the module's own, so its callers are the calls of the module that
name it; each argument passed for the parameter is followed to the call that bound it, through the
callers' own parameters (at most :data:`_DEPTH` functions up) and enclosing functions.
:func:`passed_clients` gives those constructors when every caller's argument resolves to one,
else None (the client's settings stay unknown, reqcreds.py). A client whose transport runs the
request in the process (httpx's ``ASGITransport``/``WSGITransport`` bound to an app: the
catalog's ``in-process-transports``) never reaches the network: :func:`in_process`.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ..lazycst import cst

from .cstnodes import nodes_of
from .enumvalues import _classes

_DEPTH = 3
#: a request's credential slot (reqcreds.request_credential) for a client that never leaves the process
IN_PROCESS = "\0in-process"


def _index(mod) -> Tuple[Dict[str, list], Dict[int, cst.FunctionDef]]:
    """(function name -> ``(call, innermost def)`` of each call ``name(...)``, ``self.name(...)``
    or ``cls.name(...)`` in a function of the module; ``id(def)`` -> its enclosing def)."""
    memo = mod.__dict__.get("_passed_client_index")
    if memo is not None:
        return memo
    defs = nodes_of(mod.module, (cst.FunctionDef,))
    inner = {id(d): [n for n in nodes_of(d, (cst.FunctionDef,)) if n is not d] for d in defs}
    outer_first = sorted(defs, key=lambda d: len(inner[id(d)]), reverse=True)
    parent: Dict[int, cst.FunctionDef] = {}
    owner: Dict[int, tuple] = {}
    for d in outer_first:  # an inner def comes later and overwrites: the innermost wins
        for n in inner[id(d)]:
            parent[id(n)] = d
        for c in nodes_of(d, (cst.Call,)):
            owner[id(c)] = (c, d)
    calls: Dict[str, list] = {}
    for c, d in owner.values():
        f = c.func
        if isinstance(f, cst.Name):
            calls.setdefault(f.value, []).append((c, d))
        elif isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name) and f.value.value in ("self", "cls"):
            calls.setdefault(f.attr.value, []).append((c, d))
    memo = mod.__dict__["_passed_client_index"] = (calls, parent)
    return memo


def _positional_names(fn: cst.FunctionDef) -> List[str]:
    return [p.name.value for p in (*fn.params.posonly_params, *fn.params.params)]


def _param_names(fn: cst.FunctionDef) -> List[str]:
    """Every parameter ``fn`` names, keyword-only ones (``def _run(*, client)``) included."""
    star = [fn.params.star_arg] if isinstance(fn.params.star_arg, cst.Param) else []
    rest = [fn.params.star_kwarg] if fn.params.star_kwarg is not None else []
    return _positional_names(fn) + [p.name.value for p in (*fn.params.kwonly_params, *star, *rest)]


def _argument(call: cst.Call, fn: cst.FunctionDef, name: str):
    """The expression ``call`` passes for ``fn``'s parameter ``name`` (None: not found, or spread)."""
    for a in call.args:
        if a.keyword is not None and a.keyword.value == name:
            return a.value
    params = _positional_names(fn)
    if name not in params:
        return None  # keyword-only (passed by keyword above) or not a parameter
    at = params.index(name) - (1 if params[:1] in (["self"], ["cls"]) and isinstance(call.func, cst.Attribute) else 0)
    positional = [a for a in call.args if a.keyword is None]
    if any(a.star for a in positional[:at + 1]) or at >= len(positional):
        return None
    return positional[at].value


def bound_name(node) -> Optional[str]:
    """``name`` or ``self.name``: the name a client is bound to (``cls.x`` reads as ``self.x``)."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value in ("self", "cls"):
        return "self." + node.attr.value
    return None


def _fallback(value):
    """A binding's constructor: the call itself, or the last call of ``injected or Client(...)``."""
    while isinstance(value, cst.Await):
        value = value.expression
    if isinstance(value, cst.BooleanOperation) and isinstance(value.operator, cst.Or):
        return _fallback(value.right)
    return value if isinstance(value, cst.Call) else None


def _module_bound(mod, name: str):
    """The one value the module's own top-level statements bind ``name`` to (``name = X()``,
    ``with X() as name``): a binding inside some other function is not the name's."""
    found = []
    for stmt in mod.module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                found += _bindings(small, name)
        elif isinstance(stmt, (cst.With, cst.For)):
            found += _bindings(stmt, name)
    return found[0] if len(found) == 1 and found[0] is not None else None


def _bindings(node, name: str) -> list:
    """The values ``node`` binds ``name`` to; None for a binding of no single value (a loop
    target, a tuple's element, an augmented assignment)."""
    if isinstance(node, cst.With):
        return [i.item for i in node.items if isinstance(i.asname, cst.AsName) and bound_name(i.asname.name) == name]
    if isinstance(node, cst.Assign):
        out = [node.value for t in node.targets if bound_name(t.target) == name]
        return out + [None for t in node.targets if _unpacks(t.target, name)]
    if isinstance(node, cst.AnnAssign):
        return [node.value] if node.value is not None and bound_name(node.target) == name else []
    if isinstance(node, cst.For):
        return [None] if bound_name(node.target) == name or _unpacks(node.target, name) else []
    if isinstance(node, cst.AugAssign):
        return [None] if bound_name(node.target) == name else []
    return []


def _unpacks(target, name: str) -> bool:
    return isinstance(target, (cst.Tuple, cst.List)) and any(
        bound_name(e.value) == name or _unpacks(e.value, name) for e in target.elements)


def _bound(scope, name: str):
    """The one value ``name`` is bound to in ``scope`` (``with X() as name``, ``name = ...``)."""
    found = []
    for node in nodes_of(scope, (cst.WithItem, cst.Assign, cst.AnnAssign)):
        if isinstance(node, cst.WithItem):
            if isinstance(node.asname, cst.AsName) and bound_name(node.asname.name) == name:
                found.append(node.item)
        elif isinstance(node, cst.Assign):
            found += [node.value for t in node.targets if bound_name(t.target) == name]
        elif node.value is not None and bound_name(node.target) == name:
            found.append(node.value)
    return found[0] if len(found) == 1 else None


def _class_of(mod, fn) -> Optional[cst.ClassDef]:
    return next((c for c in _classes(mod).values() if any(d is fn for d in nodes_of(c, (cst.FunctionDef,)))), None)


def _resolve(mod, node, fn, depth: int) -> Optional[List[cst.Call]]:
    """The constructors ``node`` (an argument passed in ``fn``) may hold; None when unknown."""
    calls, parent = _index(mod)
    name = bound_name(node)
    if isinstance(node, cst.Call) or name is None:
        ctor = _fallback(node)
        return [ctor] if ctor is not None else None
    if name.startswith("self."):
        cls = _class_of(mod, fn)
        ctor = _fallback(_bound(cls, name)) if cls is not None else None
        return [ctor] if ctor is not None else None
    scope = fn
    while scope is not None:
        value = _bound(scope, name)
        if value is not None:
            ctor = _fallback(value)
            return [ctor] if ctor is not None else None
        if name in _param_names(scope):
            return _callers(mod, scope, name, depth + 1)
        scope = parent.get(id(scope))
    ctor = _fallback(_module_bound(mod, name))
    return [ctor] if ctor is not None else None


def _callers(mod, fn, name: str, depth: int) -> Optional[List[cst.Call]]:
    """The constructors the module's calls of ``fn`` pass for its parameter ``name``."""
    if depth > _DEPTH or not fn.name.value.startswith("_"):
        return None  # a public function: other modules may call it with other clients
    sites = _index(mod)[0].get(fn.name.value, [])
    out: List[cst.Call] = []
    for call, caller in sites:
        arg = _argument(call, fn, name)
        got = _resolve(mod, arg, caller, depth) if arg is not None else None
        if got is None:
            return None
        out += got
    return out or None


def passed_clients(matcher, name: str) -> Optional[List[cst.Call]]:
    """The constructors of the clients the module's callers hand ``matcher.fn``'s parameter
    ``name`` (the receiver of a request), when every caller's resolves; else None."""
    fn = matcher.fn
    if not isinstance(fn, cst.FunctionDef) or name not in _param_names(fn):
        return None
    return _callers(matcher.mod, fn, name, 1)


def in_process(mod, ctor: cst.Call, M) -> bool:
    """A client built with a transport that runs each request in the process (an ASGI/WSGI app)."""
    transports = getattr(M, "in_process_transports", frozenset())
    for a in ctor.args:
        if a.keyword is not None and a.keyword.value == "transport" and isinstance(a.value, cst.Call):
            return (mod.dotted(a.value.func) or "") in transports
    return False


__all__ = ["IN_PROCESS", "in_process", "passed_clients"]
