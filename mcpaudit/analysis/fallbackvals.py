"""A caller's value whose fallback is a secret of the server's (py53a, issue 12).

A tool that takes an optional token and falls back to the operator's when the caller gives
none::

    def push(content: str, token: str = ""):
        if not token:
            token = os.getenv("PUSH_TOKEN", "")
        requests.post(f"{BASE}/{token}", json={"content": content})

sends one or the other, never both: when the caller's value is the one in the path (the only
case in which it can climb with '../'), no secret of the server's is on the request; when the
server's token is sent, the caller chose nothing. Such a name in a request's URL is no evidence
that the request carries a credential of the server's (reqcreds.py's path-fill policy). What
another part of the URL holds (a signing secret in a query value of its own), the request's
headers and its other arguments are read as before.

A parameter is such a fallback when every statement of the function that binds it is
``p = <value>`` directly in the body of ``if not p:`` / ``if p is None:`` / ``if p == "":``, or
``p = p or <value>``; any other binding (a loop, an augmented assignment, a value built from the
caller's text) makes it an ordinary local.
"""

from __future__ import annotations

from typing import FrozenSet, List, Optional

from ..lazycst import cst

from .cstnodes import nodes_of, string_value

_BINDERS = None


def _binders():
    global _BINDERS
    if _BINDERS is None:
        _BINDERS = (cst.Assign, cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr, cst.WithItem, cst.CompFor)
    return _BINDERS


def _falsy_name(test) -> Optional[str]:
    """The name ``test`` asks to be empty: ``not p``, ``p is None``, ``p == ""``."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not) and isinstance(test.expression, cst.Name):
        return test.expression.value
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.left, cst.Name):
        c = test.comparisons[0]
        if isinstance(c.operator, cst.Is) and isinstance(c.comparator, cst.Name) and c.comparator.value == "None":
            return test.left.value
        if isinstance(c.operator, cst.Equal) and string_value(c.comparator) == "":
            return test.left.value
    return None


def _single_name(assign) -> Optional[str]:
    if isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name):
        return assign.targets[0].target.value
    return None


def _bound_names(node) -> List[str]:
    """The names a binding statement or clause binds."""
    if isinstance(node, cst.Assign):
        targets = [t.target for t in node.targets]
    elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr, cst.CompFor)):
        targets = [node.target]
    else:  # WithItem
        targets = [node.asname.name] if isinstance(node.asname, cst.AsName) else []
    return [n.value for t in targets for n in nodes_of(t, cst.Name)]


def fallback_params(fn) -> FrozenSet[str]:
    """The parameters of ``fn`` (a ``cst.FunctionDef``) whose only rebindings are fallbacks to
    another value when the caller's is empty (see the module's note)."""
    if fn is None:
        return frozenset()
    ps = fn.params
    params = {p.name.value for p in (*ps.posonly_params, *ps.params, *ps.kwonly_params)}
    fallbacks = set()
    for node in nodes_of(fn.body, cst.If):
        name = _falsy_name(node.test)
        if name not in params:
            continue
        stmts = node.body.body if isinstance(node.body, cst.IndentedBlock) else [node.body]
        for stmt in stmts:
            for small in getattr(stmt, "body", ()) if isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)) else ():
                if _single_name(small) == name:
                    fallbacks.add(id(small))
    for node in nodes_of(fn.body, cst.Assign):
        name = _single_name(node)
        v = node.value
        if name in params and isinstance(v, cst.BooleanOperation) and isinstance(v.operator, cst.Or) and \
                isinstance(v.left, cst.Name) and v.left.value == name:
            fallbacks.add(id(node))
    good, bad = set(), set()
    for node in nodes_of(fn.body, _binders()):
        for name in _bound_names(node):
            if name in params:
                (good if id(node) in fallbacks else bad).add(name)
    return frozenset(good - bad)


def url_parts(node, bound=None) -> list:
    """The values a URL expression is made of: an f-string's fields, the operands of ``+``, a
    ``.format`` template and its arguments; a local ``url`` bound to one of these (``bound``:
    name -> the value last assigned), read through."""
    if isinstance(node, cst.Name) and bound is not None:
        value = bound(node.value)
        if isinstance(value, (cst.FormattedString, cst.BinaryOperation)):
            node = value
    if isinstance(node, cst.FormattedString):
        return [p.expression for p in node.parts if isinstance(p, cst.FormattedStringExpression)]
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return url_parts(node.left) + url_parts(node.right)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        return [node.func.value, *(a.value for a in node.args)]
    return [node]


def url_secret(url_node, fallbacks: FrozenSet[str], holds, bound=None) -> bool:
    """Whether a part of the URL ``url_node`` other than a fallback parameter holds a secret of
    the server's (``holds``: that test for one expression)."""
    if not fallbacks:
        return holds(url_node)
    return any(holds(part) for part in url_parts(url_node, bound)
               if not (isinstance(part, cst.Name) and part.value in fallbacks))


__all__ = ["fallback_params", "url_parts", "url_secret"]
