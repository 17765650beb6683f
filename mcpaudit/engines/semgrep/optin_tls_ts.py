"""TLS verification turned off only when an operator's switch asks for it, in TypeScript and
JavaScript (the Python half is :mod:`.optin_tls`).

``tls-verify-disabled`` reports ``rejectUnauthorized: false``. When the object sits in the
``if`` branch of a switch, or in a helper whose every call in its file sits in such a branch
(``if (allowInsecureTls) { agent = insecureAgent(); }``), and the switch is off unless set (its
binding defaults to ``false``: ``{ allowInsecureTls = false } = options``, ``insecure = false``
as a parameter, ``let insecure = false``, or a constant ``process.env.X === "true"``), a run with
the defaults verifies: the finding goes to the audit view with the reason, as the Python rule's
do. So does the branch taken while a verify switch that is on unless set does not hold
(``VERIFY ? undefined : new Agent({ rejectUnauthorized: false })``, ``if (!VERIFY)``, with ``VERIFY
= process.env.X !== "false"`` or a default ``true``), and one under an inline ``process.env.X ===
"true"``. A switch with no default in sight stays.
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
#: a constant that is true unless the operator writes "false": ``process.env.X !== "false"``
_ENV_NOT_FALSE = re.compile(r"process\.env(\.\w+|\[[^\]]+\])\s*!==?\s*['\"](false|0|no|off)['\"]", re.I)


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
    # (the finding is on the object's first line, the pair on it or below: `new Agent({` ...)
    pair = next((n for n in _walk(root) if n.type == "pair" and line in (n.start_point[0] + 1, n.parent.start_point[0] + 1)
                 and _text(data, n.child_by_field_name("key")).strip("'\"") == "rejectUnauthorized"), None)
    if pair is None or getattr(pair.child_by_field_name("value"), "type", None) != "false":
        # (`rejectUnauthorized: process.env.X === "true"` is off by default wherever it sits: a
        # switch around it that turns TLS on is no opt-in to skipping the checks)
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
    """(switch, default) of the nearest ``if`` or ``?:`` holding ``node`` in the function around
    it, when the defaults keep ``node`` unreached: the branch taken while the switch holds
    (``if (insecure)``) of a switch that defaults to off, or the one taken while it does not
    (``verify ? undefined : insecureAgent``, ``if (!verify)``) of a switch that defaults to on."""
    p, child = node.parent, node
    while p is not None and p.type not in FUNCTIONS:
        if p.type in ("if_statement", "ternary_expression"):
            branch = "consequence" if p.child_by_field_name("consequence") == child else \
                "alternative" if p.child_by_field_name("alternative") == child else None
            if branch is None:
                p, child = p.parent, p
                continue
            # (an if statement's alternative is its else_clause, the child met on the way up)
            hit = _switch(data, p, _unparen(p.child_by_field_name("condition")), branch == "consequence")
            if hit is not None or (p.type == "if_statement" and branch == "consequence"):
                return hit
        p, child = p.parent, p
    return None


def _unparen(node):
    while node is not None and node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    return node


def _switch(data: bytes, at, cond, holds: bool):
    """(switch, default) when the branch reached while ``cond`` is ``holds`` is not reached with
    the switch's default; None otherwise."""
    if cond is not None and cond.type == "unary_expression" and _text(data, cond).startswith("!"):
        return _switch(data, at, _unparen(cond.named_children[0]) if cond.named_children else None, not holds)
    if cond is None:
        return None
    if cond.type == "identifier" or cond.type == "member_expression" and _text(data, cond).startswith("this."):
        name = _text(data, cond)
        default = _default_off(data, at, name) if holds else _default_on(data, at, name)
        return (name if holds else "!" + name, default) if default else None
    text = _text(data, cond).strip()
    if (_ENV_TRUE if holds else _ENV_NOT_FALSE).fullmatch(text):
        return (text if holds else f"!({text})", "an unset variable compares unequal")
    return None


def _default_off(data: bytes, at, name: str) -> Optional[str]:
    """How ``name`` defaults to off where ``at`` reads it: a default ``false`` in the function
    around it (a parameter's, a destructured property's, a variable's), or a module constant
    comparing an environment variable with "true"."""
    return _default(data, at, name, "false", _ENV_TRUE)


def _default_on(data: bytes, at, name: str) -> Optional[str]:
    """How ``name`` defaults to on where ``at`` reads it: a default ``true`` in the function
    around it or a module constant ``process.env.X !== "false"`` (verification stays on unless
    the operator writes "false")."""
    return _default(data, at, name, "true", _ENV_NOT_FALSE)


def _default(data: bytes, at, name: str, literal: str, env_form) -> Optional[str]:
    """Where ``name`` gets the default ``literal`` (or a module constant matching ``env_form``) in
    the function around ``at`` or at the top of its module."""
    fn = _enclosing(at)
    if name.startswith("this."):  # a field of the class: where its methods assign it
        return _field_default(data, at, name, literal)
    for scope in ([fn] if fn is not None else []) + [_top(at)]:
        for n in _walk(scope):
            if n.type in ("object_assignment_pattern", "assignment_pattern"):
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                if left is not None and right is not None and _text(data, left) == name and right.type == literal:
                    return f"{name} = {literal} at line {n.start_point[0] + 1}"
            elif n.type == "variable_declarator" and _text(data, n.child_by_field_name("name")) == name:
                value = n.child_by_field_name("value")
                if value is not None and (_defaults_to(value, literal) or env_form.fullmatch(_text(data, value).strip())):
                    return f"{_text(data, n)} at line {n.start_point[0] + 1}"
    return None


def _defaults_to(value, literal: str) -> bool:
    """``true`` / ``false`` itself, or ``options.x ?? true``: that literal unless the option is set."""
    if value.type == literal:
        return True
    op = value.child_by_field_name("operator") if value.type == "binary_expression" else None
    right = value.child_by_field_name("right") if op is not None else None
    return op is not None and op.type == "??" and right is not None and right.type == literal


def _field_default(data: bytes, at, name: str, literal: str) -> Optional[str]:
    """``this.verify = options.verify ?? true`` (or a field declared ``verify = true``): the
    default of a field every assignment in its class gives (None when one gives anything else)."""
    cls = at
    while cls is not None and cls.type not in ("class_declaration", "class"):
        cls = cls.parent
    if cls is None:
        return None
    field = name[len("this."):]
    found = None
    for n in _walk(cls):
        if n.type == "assignment_expression" and _text(data, n.child_by_field_name("left")) == name:
            value = n.child_by_field_name("right")
        elif n.type in ("public_field_definition", "field_definition") and \
                _text(data, n.child_by_field_name("name") or n.child_by_field_name("property")) == field:
            value = n.child_by_field_name("value")
            if value is None:
                continue
        else:
            continue
        if value is None or not _defaults_to(value, literal):
            return None
        found = found or f"{_text(data, n)} at line {n.start_point[0] + 1}"
    return found


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
