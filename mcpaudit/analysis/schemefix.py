"""A scheme given to a URL that has none, in Python (issue 12; the TypeScript twin is
ts/schemedefault.py): ``if not url.startswith(("http://", "https://")): url = "https://" + url``
keeps the caller's URL as it was, except that a bare host (``example.com``) becomes
``https://example.com``.

Read as a general ``if`` with a concatenation, the value was the caller's URL past a weak
``startswith`` test on one way and a URL built after fixed text on the other, so a tool that fetches
the caller's URL by purpose was reported as server-side request forgery instead of listed as its
network capability (capabilities.as_is). After the statement the value is the caller's URL with
its scheme pinned to http(s) when the test is on the http scheme (whatever has none gets
``https://`` in front: ``file:///etc/passwd`` becomes ``https://file:///etc/passwd``), marked
:data:`~mcpaudit.analysis.narrowing.NET_SCHEME` and clean for ``argument`` (it starts with
``http`` either way, so an argv element holding it is never read as an option: py58d); after a ``"://" not in url`` test the value keeps
any scheme the caller gave (no mark).

Only the exact shape is taken: an ``if`` with no ``else`` whose test is the negation of a test that
the value itself starts with ``http`` (``url.startswith("http")``, a tuple of such prefixes,
``url.lower().startswith(...)``, ``re.match(r"^https?://", url)``, several joined by ``or``) or
``"://" not in url``, and whose body is the one assignment ``url = "https://" + url`` (or
``f"https://{url}"``, ``http://`` alike). A prefix with a host (``"https://api.example.com/" +
url``) is a built URL as before.
"""

from __future__ import annotations

from typing import Optional, Tuple

from ..lazycst import cst
from .cstnodes import string_value
from .narrowing import HTTP_SCHEME_REGEX, NET_SCHEME
from .positions import flat_body
from .taintvalue import add_step, mark

#: the bare scheme prefixes given to a URL that has none
_SCHEMES = ("http://", "https://")

STEP = "given an https:// scheme when it has no http(s) one (the caller's URL otherwise as is)"
STEP_ANY = "given an https:// scheme when it has none (the caller's URL otherwise as is)"


def _name(node) -> Optional[str]:
    return node.value if isinstance(node, cst.Name) else None


def _http_prefixes(node) -> bool:
    """A string literal, or a tuple of them, each starting with ``http``."""
    if isinstance(node, cst.Tuple):
        texts = [string_value(e.value) for e in node.elements]
    else:
        texts = [string_value(node)]
    return bool(texts) and all(t is not None and t.lower().startswith("http") for t in texts)


def _http_test(node, var: str) -> bool:
    """Whether ``node`` holds only when ``var`` starts with an http(s) scheme."""
    if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
        return _http_test(node.left, var) and _http_test(node.right, var)
    if not isinstance(node, cst.Call) or len(node.args) not in (1, 2):
        return False
    func = node.func
    if isinstance(func, cst.Attribute) and func.attr.value == "startswith" and len(node.args) == 1:
        recv = func.value
        if isinstance(recv, cst.Call) and isinstance(recv.func, cst.Attribute) \
                and recv.func.attr.value in ("lower", "casefold") and not recv.args:
            recv = recv.func.value  # url.lower().startswith("http")
        return _name(recv) == var and _http_prefixes(node.args[0].value)
    if isinstance(func, cst.Attribute) and func.attr.value in ("match", "search") \
            and _name(func.value) == "re" and len(node.args) >= 2:
        pattern = string_value(node.args[0].value)  # re.match(r"^https?://", url)
        return _name(node.args[1].value) == var and pattern is not None and bool(
            HTTP_SCHEME_REGEX.match(pattern if pattern.startswith("^") else "^" + pattern))
    return False


def _no_scheme_test(node, var: str) -> bool:
    """``"://" not in var``."""
    if not (isinstance(node, cst.Comparison) and len(node.comparisons) == 1):
        return False
    comp = node.comparisons[0]
    return isinstance(comp.operator, cst.NotIn) and string_value(node.left) == "://" \
        and _name(comp.comparator) == var


def _negated(test, var: str) -> Optional[bool]:
    """True when ``test`` holds exactly when ``var`` has no http(s) scheme, False when it holds
    exactly when ``var`` has no scheme at all, None otherwise."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return True if _http_test(test.expression, var) else None
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        left, right = _negated(test.left, var), _negated(test.right, var)
        return True if left is True and right is True else None
    return False if _no_scheme_test(test, var) else None


def _prefixed(value, var: str) -> bool:
    """``"https://" + var`` or ``f"https://{var}"`` (``http://`` alike)."""
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
        return string_value(value.left) in _SCHEMES and _name(value.right) == var
    if isinstance(value, cst.FormattedString) and len(value.parts) == 2:
        text, expr = value.parts
        return isinstance(text, cst.FormattedStringText) and text.value in _SCHEMES \
            and isinstance(expr, cst.FormattedStringExpression) and expr.conversion is None \
            and expr.format_spec is None and _name(expr.expression) == var
    return False


def defaulted_if(stmt) -> Optional[Tuple[str, bool]]:
    """(the variable, whether its scheme is then pinned to http(s)) when ``stmt`` only gives a
    scheme to a URL that has none; None otherwise."""
    if stmt.orelse is not None:
        return None
    body = flat_body(stmt.body)
    if len(body) != 1 or not isinstance(body[0], cst.Assign) or len(body[0].targets) != 1:
        return None
    var = _name(body[0].targets[0].target)
    if var is None or not _prefixed(body[0].value, var):
        return None
    pinned = _negated(stmt.test, var)
    return None if pinned is None else (var, pinned)


def apply(fa, stmt, var: str, pinned: bool) -> bool:
    """Run the statement as the caller's URL kept as is (and its scheme pinned when ``pinned``).
    The statement never leaves the function: False."""
    fa.ev(stmt.test)
    cur = fa.env.get(var)
    if cur:
        # pinned: the value now starts with "http" either way, so it cannot start with '-' (no
        # option in an argv: ["curl", "-I", url], ["wafw00f", url])
        cur = mark(cur, clean=frozenset({NET_SCHEME, "argument"})) if pinned else cur
        fa.env[var] = add_step(cur, (stmt, None, STEP if pinned else STEP_ANY))
    return False


__all__ = ["STEP", "STEP_ANY", "apply", "defaulted_if"]
