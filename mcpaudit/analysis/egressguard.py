"""Resolve-then-refuse egress guards: a helper that resolves a URL's host and raises on a
non-public address checks the URL for server-side request forgery (issue 12).

The usual SSRF defence of a fetching server is a function of its own::

    def ensure_public(url):
        host = urlparse(url).hostname
        for *_, addr in socket.getaddrinfo(host, 443):
            if not ipaddress.ip_address(addr[0]).is_global:
                raise ValueError("blocked")

    @mcp.tool()
    def fetch(url):
        ensure_public(url)
        return httpx.get(url).text

Past ``ensure_public(url)`` the URL names a host whose every address is public. The guard is read
by its shape, not its name (:func:`egress_guard`, kept in the summary's ``egress_guard``): for a
parameter ``p`` of a function,

* **direct**: the function resolves a value derived from ``p`` (``p`` itself, ``urlparse(p)``, its
  ``.hostname``, a local assigned from them) with a resolver of the catalog's ``address-resolvers``
  (``socket.getaddrinfo``, an asyncio loop's ``.getaddrinfo``, ``dns.resolver.resolve``), or with
  a function of the same module that calls one; and some ``raise`` stands under an ``if`` whose test
  reads an address test of the catalog's ``address-tests`` (``.is_global``, ``.is_private``, ...)
  or calls a function of the same module that does (``if is_forbidden_ip(a): raise``);
* **delegated**: the function (which needs no ``raise`` of its own) passes ``p`` (or ``str(p)``) as a positional argument to a call that
  is a statement of its own body, or of a ``try`` whose every handler ends in ``raise``: a guard of
  another function or module, found when modules are linked (``validate_url(u)`` calling
  ``utils.check_destination(u)`` calling ``egress.resolve_and_pin(u)``).

Either way a ``return`` before the last check must stand under a test that is an operator switch
(neither the parameter nor a local derived from it in it: ``if ALLOW_INTERNAL: return``, not ``if
host in ("localhost", ...): return``) or a prefix test of ``p`` whose prefixes are
no network scheme (``if p.startswith("raw:"): return``: inline content, not fetched); any other
early return, or a parameter reassigned, and the function is no guard for it.

In a caller, a statement call that passes a tainted value to a function (of this module or
another) adds a soft reference (mode ``egress``, :data:`~.checkref.SOFT_MODES`) to the value's
weak reason (:func:`egress_refs`); once modules are linked it makes the value clean for ``ssrf``
when the callee is a guard of the parameter it was passed as, directly or through its delegations
(:func:`egress_verified`), and is no check at all otherwise (nothing changes for other families or
unresolved calls). A guard that only parses the address (a literal IP test, no resolution) does
not count: a host name that resolves to a private address passes it.
"""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional, Set, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .positions import flat_body
from .taintvalue import mark

#: the summary's mark of a parameter the function checks itself
DIRECT = ""
#: the reference mode of a caller's statement call (checkref.SOFT_MODES; taintvalue.guard_ref)
MODE = "egress"
#: how deep delegations are followed when linked
_DEPTH = 6
#: prefixes of a URL that is fetched over the network: an early return on one skips the check
_NETWORK = ("http", "https", "ws", "wss", "ftp", "//")


def _walk(node) -> Iterator[cst.CSTNode]:
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        todo.extend(n.children)


def _names(node) -> Set[str]:
    return {n.value for n in _walk(node) if isinstance(n, cst.Name)}


def _defs(mod) -> Dict[str, cst.FunctionDef]:
    """The module's top-level functions by name (cached on the module analysis)."""
    got = mod.__dict__.get("_egress_defs")
    if got is None:
        got = mod._egress_defs = {s.name.value: s for s in flat_body(mod.module) if isinstance(s, cst.FunctionDef)}
    return got


def _is_resolver(mod, call: cst.Call) -> bool:
    listed = mod.M.address_resolvers
    if (mod.dotted(call.func) or "") in listed:
        return True
    return isinstance(call.func, cst.Attribute) and "." + call.func.attr.value in listed


def _tests_address(mod, node) -> bool:
    return any(isinstance(n, cst.Attribute) and n.attr.value in mod.M.address_tests for n in _walk(node))


def _helper(mod, call: cst.Call, want) -> bool:
    """A call of a same-module function whose body satisfies ``want`` (one level down)."""
    if not isinstance(call.func, cst.Name):
        return False
    fn = _defs(mod).get(call.func.value)
    return fn is not None and want(mod, fn)


def _resolves(mod, fn) -> bool:
    return any(isinstance(n, cst.Call) and _is_resolver(mod, n) for n in _walk(fn.body))


def _address_test(mod, fn) -> bool:
    return _tests_address(mod, fn.body)


def _derived(fn: cst.FunctionDef, param: str) -> Set[str]:
    """``param`` and the locals assigned (or looped over) from values that mention it."""
    out = {param}
    binds: List[Tuple[Set[str], Set[str]]] = []
    for n in _walk(fn.body):
        if isinstance(n, cst.Assign):
            binds.append(({t for tg in n.targets for t in _names(tg.target)}, _names(n.value)))
        elif isinstance(n, (cst.AnnAssign, cst.AugAssign)) and n.value is not None:
            binds.append((_names(n.target), _names(n.value)))
        elif isinstance(n, (cst.For, cst.CompFor)):
            binds.append((_names(n.target), _names(n.iter)))
        elif isinstance(n, cst.NamedExpr):
            binds.append((_names(n.target), _names(n.value)))
    grew = True
    while grew:
        grew = False
        for targets, sources in binds:
            if sources & out and not targets <= out:
                out |= targets
                grew = True
    return out


def _reassigned(fn: cst.FunctionDef, param: str) -> bool:
    for n in _walk(fn.body):
        if isinstance(n, cst.Assign) and any(param in _names(t.target) and isinstance(t.target, cst.Name)
                                             for t in n.targets):
            return True
        if isinstance(n, (cst.AnnAssign, cst.AugAssign)) and isinstance(n.target, cst.Name) and n.target.value == param:
            return True
    return False


def _raises_on_test(mod, fn: cst.FunctionDef) -> bool:
    """Some ``if`` whose test reads an address test (or calls a module helper that does) has a
    ``raise`` in its body."""
    for n in _walk(fn.body):
        if not isinstance(n, cst.If):
            continue
        test = n.test
        tested = _tests_address(mod, test) or any(
            isinstance(c, cst.Call) and _helper(mod, c, _address_test) for c in _walk(test))
        if tested and any(isinstance(r, cst.Raise) for r in _walk(n.body)):
            return True
    return False


def _direct(mod, fn: cst.FunctionDef, param: str) -> bool:
    if not _raises_on_test(mod, fn):
        return False
    derived = _derived(fn, param)
    for n in _walk(fn.body):
        if isinstance(n, cst.Call) and (_is_resolver(mod, n) or _helper(mod, n, _resolves)) and \
                any(_names(a.value) & derived for a in n.args):
            return True
    return False


def _passed(call: cst.Call, param: str) -> Optional[int]:
    """The position at which ``call`` passes ``param`` (or ``str(param)``) positionally."""
    for i, a in enumerate(call.args):
        if a.keyword is not None or a.star:
            return None
        v = a.value
        if isinstance(v, cst.Call) and isinstance(v.func, cst.Name) and v.func.value == "str" and len(v.args) == 1:
            v = v.args[0].value
        if isinstance(v, cst.Name) and v.value == param:
            return i
    return None


def _statement_call(stmt) -> Optional[cst.Call]:
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1:
        stmt = stmt.body[0]
    if isinstance(stmt, cst.Expr):
        v = stmt.value.expression if isinstance(stmt.value, cst.Await) else stmt.value
        return v if isinstance(v, cst.Call) else None
    return None


def _reraises(handler: cst.ExceptHandler) -> bool:
    body = flat_body(handler.body)
    last = body[-1] if body else None
    if isinstance(last, cst.SimpleStatementLine):
        last = last.body[-1]
    return isinstance(last, cst.Raise)


def _own(mod, func, target: str) -> bool:
    """A function of this module, or one imported that may be the project's (resolution.py)."""
    from .resolution import maybe_project_class  # (resolution imports the interpreter's mixins)

    if isinstance(func, cst.Name) and func.value in _defs(mod):
        return True
    return maybe_project_class(mod, target)


def _delegations(mod, fn: cst.FunctionDef, param: str) -> List[Tuple[int, str]]:
    """(statement index, "target|argpos") of the top-level statement calls that pass ``param``."""
    out: List[Tuple[int, str]] = []
    for i, stmt in enumerate(flat_body(fn.body)):
        stmts = [stmt]
        if isinstance(stmt, cst.Try) and stmt.handlers and all(_reraises(h) for h in stmt.handlers):
            stmts = flat_body(stmt.body)
        for s in stmts:
            call = _statement_call(s)
            pos = _passed(call, param) if call is not None else None
            target = mod.dotted(call.func) if pos is not None else None
            if target and _own(mod, call.func, target):
                out.append((i, f"{target}|{pos}"))
    return out


def _skip_ok(test, derived: Set[str]) -> bool:
    """An early return's test: an operator switch (it reads neither the parameter nor a local
    derived from it: ``host = urlparse(url).hostname; if host in (...): return`` is no switch),
    or a non-network prefix test of the parameter."""
    names = _names(test)
    if not names & derived:
        return True
    calls = [n for n in _walk(test) if isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute)
             and n.func.attr.value == "startswith"]
    if len(calls) != 1 or not calls[0].args:
        return False
    words = [N.string_value(e) for e in N.elements(calls[0].args[0].value)] if isinstance(
        calls[0].args[0].value, (cst.Tuple, cst.List)) else [N.string_value(calls[0].args[0].value)]
    return bool(words) and all(w is not None and not w.lower().startswith(_NETWORK) for w in words)


def _early_returns_ok(fn: cst.FunctionDef, param: str, upto: int) -> bool:
    """Every ``return`` among the top-level statements before index ``upto`` stands under an
    ``if`` whose test passes :func:`_skip_ok`."""
    derived = _derived(fn, param)
    for stmt in flat_body(fn.body)[:upto]:
        for n in _walk(stmt):
            if not isinstance(n, cst.Return):
                continue
            if not (isinstance(stmt, cst.If) and stmt.orelse is None and _skip_ok(stmt.test, derived)):
                return False
    return True


def _may_test(mod) -> bool:
    """The module's text names an address test at all (cached): else no function checks directly."""
    got = mod.__dict__.get("_egress_tests")
    if got is None:
        got = mod._egress_tests = any(t in mod.text for t in mod.M.address_tests)
    return got


def egress_guard(mod, fn: Optional[cst.FunctionDef]) -> Dict[str, Tuple[str, ...]]:
    """For each parameter ``fn`` guards: ``(DIRECT,)`` or the references of its delegations."""
    if fn is None:
        return {}
    names = [p.name.value for p in fn.params.params if p.name.value not in ("self", "cls")]
    delegated = {n: _delegations(mod, fn, n) for n in names}
    direct = _may_test(mod)
    if not direct and not any(delegated.values()):
        return {}
    # a direct check refuses itself; a delegation needs no raise (the guard it hands on to does)
    direct = direct and any(isinstance(n, (cst.Raise, cst.Try)) for n in _walk(fn.body))
    out: Dict[str, Tuple[str, ...]] = {}
    body = flat_body(fn.body)
    for name in names:
        if (not direct and not delegated[name]) or _reassigned(fn, name):
            continue
        if direct and _direct(mod, fn, name):
            if _early_returns_ok(fn, name, _last_raise(body)):
                out[name] = (DIRECT,)
            continue
        found = delegated[name]
        if found and _early_returns_ok(fn, name, found[-1][0]):
            out[name] = tuple(ref for _i, ref in found)
    return out


def _last_raise(body) -> int:
    last = 0
    for i, stmt in enumerate(body):
        if any(isinstance(n, cst.Raise) for n in _walk(stmt)):
            last = i
    return last


def egress_refs(fa, call: cst.Call, local) -> None:
    """After a statement call (see the module docstring): a local guard of the argument's
    parameter that checks it itself cleans it for ``ssrf``; a local guard that delegates, or a
    function of another module, adds a soft ``egress`` reference to a value that carries no weak
    reason yet (one that does is checked by a validator-named call, whose ``raise`` reference the
    linker reads the same way: checkref.py)."""
    from .narrowing import CHECK_REF, UNVERIFIED

    guard = getattr(local, "egress_guard", None) if local is not None else None
    target = fa.mod.dotted(call.func)
    if fa.fn is None or not target or (local is not None and not guard) or (local is None and not _imported(fa, call)):
        return
    positional = [p.name for p in local.params if p.kind == "pos"] if local is not None else []
    for i, arg in enumerate(call.args):
        if arg.keyword is not None or arg.star:
            break
        var, t = _argument(fa, arg.value)
        if not t:
            continue
        if local is not None:
            refs = guard.get(positional[i]) if i < len(positional) else None
            if not refs:
                continue
            if DIRECT in refs:
                fa.env[var] = mark(t, clean=frozenset({"ssrf"}), checked=True)
                continue
        if any(info.weak for info in t.values()):
            continue
        name = target.rsplit(".", 1)[-1]
        ref = "|".join((MODE, fa.mod.path, fa.qualname, target, str(i)))
        fa.env[var] = mark(t, weak=f"passed to {name}() {UNVERIFIED}{CHECK_REF}{ref}")


def _imported(fa, call: cst.Call) -> bool:
    """A function the module imports by name, or one of a module it imports (``egress.pin(u)``),
    that may be the project's own (no standard-library or modelled library's): not a method of
    an object."""
    from .resolution import maybe_project_class  # (resolution imports the interpreter's mixins)

    func = call.func
    base = func if isinstance(func, cst.Name) else func.value if isinstance(func, cst.Attribute) else None
    if not isinstance(base, cst.Name) or base.value not in fa.mod.imports or base.value in fa.env:
        return False
    return maybe_project_class(fa.mod, fa.mod.dotted(func) or "")


def _argument(fa, node):
    """The variable an argument is and its value: a name, or a field of a caller object
    (``body.url``, kept in the environment under its dotted text as other checks do)."""
    var = N.var_of(node)
    if var is None and isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
        var = fa.mod.dotted(node)
        return var, (fa.env.get(var) or fa.ev(node)) if var else None
    return var, fa.env.get(var) if var else None


def egress_verified(linker, path: str, callee, param: str, memo: Dict) -> bool:
    """The linked function ``callee`` (of module ``path``) guards ``param``: itself, or by passing
    it to a function that does (delegations followed :data:`_DEPTH` deep)."""
    return _verified(linker, path, callee, param, memo, set(), 0)[0]


def _verified(linker, path: str, callee, param: str, memo: Dict, active: Set, depth: int) -> Tuple[bool, bool]:
    """(guards, settled): an answer is settled, and kept in ``memo``, unless it is False for a
    delegation cut at the depth limit or still being decided up the chain (a cycle): such a
    False holds for this query only, so that answers do not depend on the order of queries."""
    refs = getattr(callee, "egress_guard", {}).get(param)
    if not refs:
        return False, True
    if DIRECT in refs:
        return True, True
    key = ("egress", path, callee.qualname, param)
    if key in memo:
        return memo[key], True
    if key in active or depth > _DEPTH:
        return False, False
    active.add(key)
    found, settled = False, True
    for ref in refs:
        target, _, pos = ref.rpartition("|")
        hit = linker.resolve(path, callee, target)
        if hit is None:
            continue
        params = [p for p in hit[1].params if p.name not in ("self", "cls")] if hit[2] else list(hit[1].params)
        positional = [p.name for p in params if p.kind == "pos"]
        i = int(pos)
        if i >= len(positional):
            continue
        found, sure = _verified(linker, hit[0], hit[1], positional[i], memo, active, depth + 1)
        if found:
            break
        settled = settled and sure
    active.discard(key)
    if found or settled:
        memo[key] = found
    return found, found or settled


__all__ = ["DIRECT", "MODE", "egress_guard", "egress_refs", "egress_verified"]
