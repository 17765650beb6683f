"""Branches decided by a helper's literal parameter, for TypeScript (open52t).

``async function apiRequest(endpoint, method: "get" | "post" = "get", data?)`` with
``if (method === "get") axios.get(url) else axios.post(url, data)``: a tool that calls
``apiRequest(`/domains/${d}`)`` leaves ``method`` at its default and never takes the ``else``
arm, so the ``axios.post`` there is not its flow. The Python analysis already records the
parameter conditions each sink sits under and each call's literal arguments, and the linker
skips a sink whose conditions a call contradicts (``analysis/guards.py``); this module gives the
TypeScript interpreter the same three pieces, in the linker's vocabulary:

* an arm of ``if (p === "word")`` / ``p !== "word"`` (``==``/``!=``, either side) on a parameter
  the function never assigns runs under ``eq``/``ne`` of that word (:func:`run_arm`; the
  sinks it records keep them in ``requires``);
* a call's literal arguments are its facts (:func:`call_given`: ``"post"`` is truthy and the
  word ``post``; a spread argument makes every position unknown);
* a parameter's string default is kept (``ParamRec.default``), so a call that leaves it out
  gives its value (``guards.call_facts``).
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from ..guards import SEP, _WORD
from . import nodes as N

_EQ = {"===": True, "==": True, "!==": False, "!=": False}


def _assigned(fa) -> frozenset:
    """Names the function assigns anywhere in its body (``p = ...``, ``p += ...``, ``p++``)."""
    got = fa.__dict__.get("_assigned_names")
    if got is not None:
        return got
    out = set()
    body = fa.node.child_by_field_name("body") if fa.node is not None else None
    stack = [body] if body is not None else []
    while stack:
        n = stack.pop()
        if n.type in ("assignment_expression", "augmented_assignment_expression"):
            left = n.child_by_field_name("left")
            if left is not None and left.type == "identifier":
                out.add(N.text(fa.data, left))
        elif n.type == "update_expression":
            out.update(N.text(fa.data, c) for c in n.named_children if c.type == "identifier")
        stack.extend(n.named_children)
    got = fa._assigned_names = frozenset(out)
    return got


def param_guard(fa, cond, truth: bool) -> Optional[Tuple[str, str]]:
    """(parameter, need) for the arm ``truth`` of ``cond``, an equality of a parameter the
    function never assigns and a word literal; None for any other test."""
    c = N.unwrap(cond)
    if c is None or c.type != "binary_expression" or fa.node is None:
        return None
    op = c.child_by_field_name("operator")
    equal = _EQ.get(op.type if op is not None else "")
    if equal is None:
        return None
    left, right = N.unwrap(c.child_by_field_name("left")), N.unwrap(c.child_by_field_name("right"))
    for a, b in ((left, right), (right, left)):
        word = N.string_value(fa.data, b) if b is not None else None
        if a is not None and a.type == "identifier" and word is not None and _WORD.fullmatch(word):
            name = N.text(fa.data, a)
            if name in {p.name for p in fa.params} and name not in _assigned(fa):
                return name, ("eq" if equal == truth else "ne") + SEP + word
    return None


def run_arm(fa, stmt, cond, truth: bool):
    """Run one arm of an ``if``, its sinks under the parameter condition the arm needs."""
    guard = param_guard(fa, cond, truth) if cond is not None else None
    guards = fa.__dict__.setdefault("guards", [])
    if guard:
        guards.append(guard)
    try:
        return fa.exec_stmt(stmt)
    finally:
        if guard:
            guards.pop()


def _fact(data: bytes, node) -> Optional[str]:
    u = N.unwrap(node)
    if u is None:
        return None
    s = N.string_value(data, u)
    if s is not None:
        return "truthy" + SEP + s if _WORD.fullmatch(s) else ("truthy" if s else "empty")
    if u.type in ("array", "object"):
        return "truthy" if any(c.type != "comment" for c in u.named_children) else "empty"
    if u.type == "number":
        return "empty" if N.text(data, u) in ("0", "0.0") else "truthy"
    return {"true": "truthy", "false": "empty", "null": "none", "undefined": "none"}.get(u.type)


def call_given(fa, arg_nodes) -> Optional[Dict[object, str]]:
    """The literal facts of a call's positional arguments (None when it spreads some)."""
    if any(a.type == "spread_element" for a in arg_nodes):
        return None
    return {i: f for i, a in enumerate(arg_nodes) if (f := _fact(fa.data, a)) is not None}


def string_default(data: bytes, default) -> Optional[str]:
    """A parameter's default as the linker reads it: a string literal's text, else None."""
    u = N.unwrap(default) if default is not None else None
    return N.text(data, u) if u is not None and u.type == "string" else None


def case_guard(fa, value, words) -> Optional[Tuple[str, str]]:
    """(parameter, need) for the statements of a ``switch (p)`` case reached by the case labels
    ``words`` (string literals, a fall-through run of them), ``p`` a parameter the function never
    assigns (ts54b): ``case "put":`` runs only where ``p`` is ``"put"``, so a call passing
    ``"get"`` never reaches its sinks. None for any other switch or label."""
    v = N.unwrap(value) if value is not None else None
    if v is None or v.type != "identifier" or fa.node is None or not words:
        return None
    name = N.text(fa.data, v)
    if name not in {p.name for p in fa.params} or name in _assigned(fa):
        return None
    if any(w is None or not _WORD.fullmatch(w) or "|" in w for w in words):
        return None
    if len(words) == 1:
        return name, "eq" + SEP + words[0]
    return name, "in" + SEP + "|".join(sorted(set(words)))


def case_words(fa, labels) -> list:
    """The string values of case labels (None for a label that is no string literal)."""
    return [N.string_value(fa.data, N.unwrap(c)) if c is not None else None for c in labels]


def label_only(stmts, label) -> bool:
    """Whether a case's statements are only its own label (``case "delete":`` falling through to
    the next case; the label node is met again as a child, not the same object)."""
    return label is not None and len(stmts) == 1 and \
        (stmts[0].start_byte, stmts[0].end_byte) == (label.start_byte, label.end_byte)
