"""A scheme given to a URL that has none (issue 14, ts56c): ``if (!/^https?:\\/\\//i.test(url)) url =
"https://" + url;`` (or ``url = url.startsWith("http") ? url : `https://${url}```) keeps the
caller's URL as it was, except that a bare host (``example.com``) is read as ``https://example.com``.

Read as a general ``if`` with a concatenation, the value counted as built and placed after text
the code chose, so a tool that fetches the caller's URL by purpose was reported as server-side
request forgery rather than listed as its network capability (capabilities.as_is). Such a value is
the caller's URL as is, with its scheme pinned to http(s): whatever has no ``http`` scheme gets
``https://`` in front (``file:///etc/passwd`` becomes ``https://file:///etc/passwd``), so it is
marked :data:`~mcpaudit.analysis.narrowing.NET_SCHEME` (a loader that also opens ``file:`` URLs,
``page.goto``, opens no local file with it: placement.web_only).

Only the exact shape is taken: a test that the value itself starts with ``http``/``https``
(``re.test(x)``, ``x.match(re)``, ``x.startsWith("http")``, several of them joined by ``||``),
and an arm that puts a bare ``http://``/``https://`` before the same name; a prefix with a host
(``"https://api.example.com/" + x``) is a built URL as before.
"""

from __future__ import annotations

from typing import Optional

from ..narrowing import HTTP_SCHEME_REGEX, NET_SCHEME
from ..taintvalue import EMPTY, Taint, add_step, mark
from . import nodes as N

#: the bare scheme prefixes given to a URL that has none
_SCHEMES = ("http://", "https://")

STEP = "given an https:// scheme when it has no http(s) one (the caller's URL otherwise as is)"


def _name(fa, node) -> Optional[str]:
    u = N.unwrap(node)
    return N.text(fa.data, u) if u is not None and u.type == "identifier" else None


def _http_test(fa, node, name: str) -> bool:
    """Whether ``node`` holds only when ``name`` starts with an http(s) scheme."""
    u = N.unwrap(node)
    if u is None:
        return False
    if u.type == "binary_expression" and N.text(fa.data, u.child_by_field_name("operator")) == "||":
        return _http_test(fa, u.child_by_field_name("left"), name) and _http_test(fa, u.child_by_field_name("right"), name)
    if u.type != "call_expression":
        return False
    fn = N.unwrap(u.child_by_field_name("function"))
    args = N.args_of(u)
    if fn is None or fn.type != "member_expression" or len(args) != 1:
        return False
    obj, prop = N.unwrap(fn.child_by_field_name("object")), N.text(fa.data, fn.child_by_field_name("property"))
    if prop == "test":  # /^https?:\/\//i.test(x)
        return _name(fa, args[0]) == name and _http_regex(fa, obj)
    if _name(fa, obj) != name:
        return False
    if prop == "match":  # x.match(/^https?:/)
        return _http_regex(fa, args[0])
    if prop == "startsWith":  # x.startsWith("http"), x.startsWith("https://")
        prefix = N.string_value(fa.data, N.unwrap(args[0]))
        return bool(prefix) and prefix.lower().startswith("http")
    return False


def _http_regex(fa, node) -> bool:
    u = N.unwrap(node)
    if u is None or u.type != "regex":
        return False
    pattern = u.child_by_field_name("pattern")
    return pattern is not None and bool(HTTP_SCHEME_REGEX.match(N.text(fa.data, pattern).replace("\\/", "/")))


def _negated_test(fa, node, name: str) -> bool:
    """``!T`` (or ``!T1 && !T2``) of an http test of ``name``."""
    u = N.unwrap(node)
    if u is None:
        return False
    if u.type == "binary_expression" and N.text(fa.data, u.child_by_field_name("operator")) == "&&":
        return _negated_test(fa, u.child_by_field_name("left"), name) and _negated_test(fa, u.child_by_field_name("right"), name)
    return u.type == "unary_expression" and N.text(fa.data, u.child_by_field_name("operator")) == "!" \
        and _http_test(fa, u.child_by_field_name("argument"), name)


def _prefixed(fa, node, name: str) -> bool:
    """``"https://" + name`` or ```https://${name}```."""
    u = N.unwrap(node)
    if u is None:
        return False
    if u.type == "binary_expression" and N.text(fa.data, u.child_by_field_name("operator")) == "+":
        left = N.string_value(fa.data, N.unwrap(u.child_by_field_name("left")))
        return (left or "").lower() in _SCHEMES and _name(fa, u.child_by_field_name("right")) == name
    if u.type == "template_string":
        parts = [c for c in u.named_children if c.type != "comment"]
        return len(parts) == 2 and parts[0].type == "string_fragment" and N.text(fa.data, parts[0]).lower() in _SCHEMES \
            and parts[1].type == "template_substitution" and len(parts[1].named_children) == 1 \
            and _name(fa, parts[1].named_children[0]) == name
    return False


def _assigned(fa, stmt) -> Optional[str]:
    """The name an arm of a single statement ``x = "https://" + x`` gives a scheme."""
    while stmt is not None and stmt.type == "statement_block":
        inner = [c for c in stmt.named_children if c.type != "comment"]
        if len(inner) != 1:
            return None
        stmt = inner[0]
    if stmt is None or stmt.type != "expression_statement" or not stmt.named_children:
        return None
    e = N.unwrap(stmt.named_children[0])
    if e is None or e.type != "assignment_expression":
        return None
    name = _name(fa, e.child_by_field_name("left"))
    return name if name and _prefixed(fa, e.child_by_field_name("right"), name) else None


def defaulted_if(fa, s) -> bool:
    """``if (!/^https?:\\/\\//i.test(x)) x = "https://" + x;`` with no else: ``x`` is marked as the
    caller's URL as is with an http(s) scheme (True), and the statement needs no other reading."""
    if s.child_by_field_name("alternative") is not None:
        return False
    name = _assigned(fa, s.child_by_field_name("consequence"))
    if name is None or not fa.env.get(name) or not _negated_test(fa, s.child_by_field_name("condition"), name):
        return False
    fa.env[name] = add_step(mark(fa.env[name], clean=frozenset({NET_SCHEME})), fa.step(s, STEP))
    return True


def defaulted_ternary(fa, node) -> Optional[Taint]:
    """``/^https?:/.test(x) ? x : `https://${x}``` (or the negated test with the arms swapped): the
    value of ``x`` marked as above; None for any other conditional expression."""
    cond, yes, no = (node.child_by_field_name(k) for k in ("condition", "consequence", "alternative"))
    for kept, given in ((yes, no), (no, yes)):
        name = _name(fa, kept)
        if name is None or not _prefixed(fa, given, name):
            continue
        test = _http_test if kept is yes else _negated_test
        if test(fa, cond, name):
            v = fa.env.get(name) or EMPTY
            return add_step(mark(v, clean=frozenset({NET_SCHEME})), fa.step(node, STEP)) if v else None
    return None


__all__ = ["STEP", "defaulted_if", "defaulted_ternary"]
