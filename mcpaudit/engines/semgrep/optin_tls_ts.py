"""TLS verification turned off only when an operator's switch asks for it, in TypeScript and
JavaScript (the Python half is :mod:`.optin_tls`).

``tls-verify-disabled`` reports ``rejectUnauthorized: false``. When the object sits in the
``if`` branch of a switch, or in a helper whose every call in its file sits in such a branch
(``if (allowInsecureTls) { agent = insecureAgent(); }``), and the switch is off unless set (its
binding defaults to ``false``: ``{ allowInsecureTls = false } = options``, ``insecure = false``
as a parameter, ``let insecure = false``, or a constant ``process.env.X === "true"``), a run with
the defaults verifies: the finding goes to the audit view with the reason, as the Python rule's
do. A negated switch (``if (!verify)``) or one with no default in sight stays.
"""

from __future__ import annotations

import os
import re
from typing import Dict, Iterable, List, Optional

from ...models import Confidence, Finding
from ...analysis.ts.nodes import FUNCTIONS, text
from .optin_tls import RULES

REASON = ("certificate checking is off only where {setting} holds, a switch that is off unless set "
          "({default}): an explicit opt-out, not the default (audit view)")
_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
_ENV_TRUE = re.compile(r"process\.env(\.\w+|\[[^\]]+\])\s*===?\s*['\"](true|1|yes|on)['\"]", re.I)


def demote_opt_in_tls_ts(findings: List[Finding], root) -> None:
    by_file: Dict[str, List[Finding]] = {}
    for f in findings:
        if f.rule_id in RULES and f.confidence > Confidence.LOW and f.location.path.endswith(_SUFFIXES):
            by_file.setdefault(f.location.path, []).append(f)
    for rel, hits in by_file.items():
        try:
            with open(os.path.join(str(root), rel), "rb") as fh:
                data = fh.read(4_000_000)
        except OSError:
            continue
        if b"rejectUnauthorized" not in data:
            continue
        from ...analysis.ts.parse import parse

        root_node = parse(data, rel).root_node
        for f in hits:
            why = _opt_in(data, root_node, f.location.line)
            if why:
                f.confidence = Confidence.LOW
                f.message += "; " + REASON.format(setting=why[0], default=why[1])
                f.properties["tls-context"] = "operator-opt-in"


def _opt_in(data: bytes, root, line: int):
    """(the switch, its default) when the ``rejectUnauthorized: false`` on ``line`` is behind an
    opt-in switch, else None."""
    pair = next((n for n in _walk(root) if n.type == "pair" and n.start_point[0] + 1 == line
                 and _text(data, n.child_by_field_name("key")).strip("'\"") == "rejectUnauthorized"), None)
    if pair is None:
        return None
    hit = _guard(data, pair)
    if hit is not None:
        return hit
    fn = _enclosing(pair)
    name = _function_name(data, fn) if fn is not None else None
    if not name:
        return None
    calls = [n for n in _walk(root) if n.type == "call_expression" and _callee(data, n) == name]
    guards = [_guard(data, c) for c in calls]
    if not guards or any(g is None for g in guards):
        return None
    return guards[0]


def _guard(data: bytes, node):
    """(switch, default) of the nearest ``if (switch)`` whose consequence holds ``node``, in the
    function around it, when the switch defaults to off."""
    p, child = node.parent, node
    while p is not None and p.type not in FUNCTIONS:
        if p.type == "if_statement" and p.child_by_field_name("consequence") == child:
            cond = p.child_by_field_name("condition")
            inner = cond.named_children[0] if cond is not None and cond.named_children else None
            if inner is not None and inner.type == "identifier":
                name = _text(data, inner)
                default = _default_off(data, p, name)
                return (name, default) if default else None
            return None
        p, child = p.parent, p
    return None


def _default_off(data: bytes, at, name: str) -> Optional[str]:
    """How ``name`` defaults to off where ``at`` reads it: a default ``false`` in the function
    around it (a parameter's, a destructured property's, a variable's), or a module constant
    comparing an environment variable with "true"."""
    fn = _enclosing(at)
    scopes = [fn] if fn is not None else []
    scopes.append(_top(at))
    for scope in scopes:
        for n in _walk(scope):
            if n.type in ("object_assignment_pattern", "assignment_pattern"):
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                if left is not None and right is not None and _text(data, left) == name and right.type == "false":
                    return f"{name} = false at line {n.start_point[0] + 1}"
            elif n.type == "variable_declarator" and _text(data, n.child_by_field_name("name")) == name:
                value = n.child_by_field_name("value")
                if value is not None and (value.type == "false" or _ENV_TRUE.fullmatch(_text(data, value).strip())):
                    return f"{_text(data, n)} at line {n.start_point[0] + 1}"
    return None


def _callee(data: bytes, call) -> Optional[str]:
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "identifier":
        return _text(data, fn)
    if fn.type == "member_expression":
        obj, prop = fn.child_by_field_name("object"), fn.child_by_field_name("property")
        if obj is not None and obj.type == "this" and prop is not None:
            return _text(data, prop)
    return None


def _function_name(data: bytes, fn) -> Optional[str]:
    if fn.type in ("function_declaration", "generator_function_declaration", "method_definition"):
        n = fn.child_by_field_name("name")
        return _text(data, n) if n is not None else None
    p = fn.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is not None and p.type == "variable_declarator":
        n = p.child_by_field_name("name")
        return _text(data, n) if n is not None and n.type == "identifier" else None
    return None


def _enclosing(node):
    p = node.parent
    while p is not None and p.type not in FUNCTIONS:
        p = p.parent
    return p


def _top(node):
    while node.parent is not None:
        node = node.parent
    return node


def _walk(node) -> Iterable:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.named_children)


def _text(data: bytes, node) -> str:
    return text(data, node) if node is not None else ""
