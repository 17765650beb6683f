"""An auth middleware that a mode setting turns off by default (issue 12, py51b).

An ASGI middleware of the project rejects a request only inside a test on a value it was built
with::

    class APIKeyMiddleware:
        def __init__(self, app, api_key: str, mode: str):
            self.app, self.api_key, self.mode = app, api_key, mode
        async def __call__(self, scope, receive, send):
            if path != "/api/health" and self.mode.lower() == "production":
                ...                                   # 401 when the x-api-key header differs
                return
            await self.app(scope, receive, send)

    middleware = [Middleware(APIKeyMiddleware, api_key=settings.X_API_KEY, mode=settings.MODE)]

with ``MODE: str = Field(default="Development")`` in the settings class. Unless the operator sets
``MODE=production``, no request is ever rejected: the HTTP transport starts without
authentication. :func:`mode_gate` reads the conditions of the ``if`` statements around the
middleware's rejection (an answer with 401/403, or a ``return`` that skips the app): a conjunct
``self.X == "literal"`` (``.lower()``/``.upper()``/``.casefold()`` on either side allowed) whose
attribute ``__init__`` set from a parameter, which the construction site passes as a settings
field (``settings.MODE``, or a local assigned from one) or an environment read
(``os.getenv("MODE", "development")``) whose default is not that literal, gates the check off by
default. The record then counts as optional authentication, with that reason.

The same holds for the key check itself: ``if provided != self.api_key: reject`` where
``provided`` is a header read with the default ``""`` (``headers.get("x-api-key", "")``) and
the expected key is a setting whose default is ``""``: a request without the header matches the
unset key and passes, unless the middleware refuses an empty key (``if not self.api_key``).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from .authreject import _calls_app, _rejects

_FOLDS = frozenset({"lower", "upper", "casefold"})
_ENV_READS = frozenset({"getenv", "get"})
_UNSET = object()


def _folded(node: ast.AST) -> Tuple[ast.AST, Optional[str]]:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _FOLDS \
            and not node.args:
        return node.func.value, node.func.attr
    return node, None


def _self_attr(node: ast.AST) -> Optional[str]:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return node.attr
    return None


def _gates(test: ast.AST) -> List[Tuple[str, str, Optional[str]]]:
    """(attribute, literal, fold) of each ``self.X == "lit"`` conjunct of an ``if`` test."""
    parts = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
    out = []
    for p in parts:
        if not (isinstance(p, ast.Compare) and len(p.ops) == 1 and isinstance(p.ops[0], ast.Eq)):
            continue
        for a, b in ((p.left, p.comparators[0]), (p.comparators[0], p.left)):
            inner, fold = _folded(a)
            attr = _self_attr(inner)
            if attr and isinstance(b, ast.Constant) and isinstance(b.value, str):
                out.append((attr, b.value, fold))
    return out


def _rejecting_gates(fn: ast.AST) -> List[Tuple[str, str, Optional[str]]]:
    """The gates of the ``if`` statements that hold every rejection of a handler; [] when some
    rejection is outside any gated ``if``."""
    found: List[Tuple[str, str, Optional[str]]] = []
    ungated = False

    def visit(stmts, gates):
        nonlocal ungated
        for s in stmts:
            if isinstance(s, ast.If):
                visit(s.body, gates + _gates(s.test))
                visit(s.orelse, gates)
                continue
            rejects = (isinstance(s, ast.Return) and not (s.value is not None and _calls_app(s.value))) or \
                (not isinstance(s, (ast.If, ast.For, ast.While, ast.With, ast.AsyncWith, ast.Try)) and _rejects([s]))
            if rejects:
                if gates:
                    found.extend(g for g in gates if g not in found)
                else:
                    ungated = True
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(s, field, None)
                if isinstance(inner, list) and not isinstance(s, ast.If):
                    visit(inner, gates)
            for h in getattr(s, "handlers", ()):
                visit(h.body, gates)

    visit(fn.body, [])
    return [] if ungated else found


def _init_params(cls: ast.ClassDef) -> Dict[str, str]:
    """attribute -> the ``__init__`` parameter it is set from (``self.mode = mode``)."""
    init = next((n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == "__init__"), None)
    if init is None:
        return {}
    params = {a.arg for a in init.args.args + init.args.kwonlyargs}
    out = {}
    for n in ast.walk(init):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.value, ast.Name) and n.value.id in params:
            attr = _self_attr(n.targets[0])
            if attr:
                out[attr] = n.value.id
    return out


def _field_default(trees: List[ast.AST], field: str):
    """The default of settings field ``field`` declared in a class body of the project."""
    for tree in trees:
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for s in cls.body:
                target = s.target if isinstance(s, ast.AnnAssign) else s.targets[0] if isinstance(s, ast.Assign) and len(s.targets) == 1 else None
                if not (isinstance(target, ast.Name) and target.id == field) or getattr(s, "value", None) is None:
                    continue
                v = s.value
                if isinstance(v, ast.Call):  # Field(default="x") / Field("x")
                    kw = next((k.value for k in v.keywords if k.arg == "default"), v.args[0] if v.args else None)
                    v = kw if kw is not None else v
                if isinstance(v, ast.Constant) and (isinstance(v.value, str) or v.value is None):
                    return v.value
    return _UNSET


def _env_default(call: ast.AST):
    """``os.getenv("MODE", "dev")`` / ``os.environ.get("MODE")``: its default (None when none)."""
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in _ENV_READS \
            and call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        owner = call.func.value
        if call.func.attr == "get" and not (isinstance(owner, ast.Attribute) and owner.attr == "environ"):
            return _UNSET
        d = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "default"), None)
        if d is None:
            return None
        return d.value if isinstance(d, ast.Constant) and isinstance(d.value, str) else _UNSET
    return _UNSET


def _value_default(value: ast.AST, scope: Optional[ast.AST], trees: List[ast.AST]) -> Tuple[object, str]:
    """(default, shown) of a value passed to the middleware: a settings field or an env read,
    through one local of the function that builds the middleware."""
    if isinstance(value, ast.Name) and scope is not None:
        bound = [n.value for n in ast.walk(scope) if isinstance(n, ast.Assign) and len(n.targets) == 1
                 and isinstance(n.targets[0], ast.Name) and n.targets[0].id == value.id]
        if len(bound) == 1:
            value = bound[0]
    env = _env_default(value)
    if env is not _UNSET:
        return env, str(value.args[0].value)
    if isinstance(value, ast.Attribute):
        return _field_default(trees, value.attr), value.attr
    return _UNSET, ""


def _empty_read(node: ast.AST, handler: ast.AST) -> bool:
    """``x.get("name", "")``, or a local of the handler assigned from one."""
    if isinstance(node, ast.Name):
        bound = [n.value for n in ast.walk(handler) if isinstance(n, ast.Assign) and len(n.targets) == 1
                 and isinstance(n.targets[0], ast.Name) and n.targets[0].id == node.id]
        node = bound[0] if len(bound) == 1 else node
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
        and len(node.args) == 2 and isinstance(node.args[1], ast.Constant) and node.args[1].value == ""


def _key_checks(cls: ast.ClassDef, handler: ast.AST) -> List[str]:
    """The attributes a handler compares, by ``!=``, with a header read whose default is ``""``
    before rejecting; [] when the class tests the attribute for emptiness anywhere."""
    out = []
    for n in ast.walk(handler):
        if not (isinstance(n, ast.If) and isinstance(n.test, ast.Compare) and len(n.test.ops) == 1
                and isinstance(n.test.ops[0], ast.NotEq) and _rejects(n.body)):
            continue
        for a, b in ((n.test.left, n.test.comparators[0]), (n.test.comparators[0], n.test.left)):
            attr = _self_attr(b)
            if attr and _empty_read(a, handler):
                out.append(attr)
    emptied = {_self_attr(n.operand) for n in ast.walk(cls) if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not)}
    return [a for a in out if a not in emptied]


def _site(tree: ast.AST, line: int, cname: str) -> Tuple[Optional[ast.Call], Optional[ast.AST]]:
    """The call at ``line`` that installs class ``cname`` and the function around it."""
    best = (None, None)
    scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and n.lineno <= line <= (n.end_lineno or n.lineno) and any(
                isinstance(a, ast.Name) and a.id == cname or isinstance(a, ast.Attribute) and a.attr == cname for a in n.args):
            scope = next((s for s in scopes if s.lineno <= n.lineno <= (s.end_lineno or s.lineno)), None)
            best = (n, scope)
    return best


def mode_gate(cls_text: str, cname: str, site_text: str, line: int, setting_texts: List[str]) -> Optional[str]:
    """The reason the middleware class ``cname`` (in ``cls_text``), installed at ``line`` of
    ``site_text``, rejects nothing by default; None otherwise."""
    try:
        cls_tree, site_tree = ast.parse(cls_text), ast.parse(site_text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    cls = next((n for n in cls_tree.body if isinstance(n, ast.ClassDef) and n.name == cname), None)
    handler = next((n for n in (cls.body if cls else ()) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and n.name in ("__call__", "dispatch")), None)
    if handler is None:
        return None
    gates = _rejecting_gates(handler)
    keys = _key_checks(cls, handler)
    params = _init_params(cls)
    call, scope = _site(site_tree, line, cname)
    if not (gates or keys) or call is None:
        return None
    trees = []
    for t in setting_texts:
        try:
            trees.append(ast.parse(t))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
    for attr, literal, fold in gates:
        kw = next((k.value for k in call.keywords if k.arg == params.get(attr)), None)
        if kw is None:
            continue
        default, shown = _value_default(kw, scope, trees)
        if default is _UNSET:
            continue
        seen = getattr(default, fold)() if fold and isinstance(default, str) else default
        if seen != literal:
            return (f"it rejects a request only when {shown} is '{literal}'"
                    f"{' (any case)' if fold else ''}, and {shown} defaults to "
                    f"{repr(default) if default is not None else 'unset'}")
    for attr in keys:
        kw = next((k.value for k in call.keywords if k.arg == params.get(attr)), None)
        default, shown = _value_default(kw, scope, trees) if kw is not None else (_UNSET, "")
        if default in ("", None):
            return (f"it compares a header read with the default '' with {shown}, which defaults to "
                    f"{repr(default) if default is not None else 'unset'}: a request without the header passes")
    return None
