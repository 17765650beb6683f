"""An aggregation pipeline whose stages the server builds (ts55b).

``collection.aggregate(pipeline)`` with the caller's array runs whatever stages the caller
writes, ``$out`` and ``$merge`` included, which write collections: a read-only mode or claim
that lets the call through does not hold. When the argument is an array literal of stage
objects (``[{ $match: { status } }, { $limit: 10 }]``), or a local constant declared only as
such, the stages are the server's: a caller value inside one fills a field, it adds no stage,
so the call reads. A spread or a non-object element (``[...stages]``, ``[match, ...rest]``)
may be the caller's stages.
"""

from __future__ import annotations

import re

from . import nodes as N

#: the detail of an aggregate sink whose stages the server builds (no "$out": effects.py)
STAGES_BUILT = "an aggregation pipeline whose stages the server builds"
_FUNCTIONS = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition",
                        "generator_function_declaration", "program"})


def built_stages(data: bytes, node) -> bool:
    """Whether ``node`` (the pipeline argument) is an array of stage objects the code writes."""
    u = N.unwrap(node)
    if u is None:
        return False
    if u.type == "array":
        return _stage_objects(u)
    if u.type != "identifier":
        return False
    name = N.text(data, u)
    scope = u.parent
    while scope is not None and scope.type not in _FUNCTIONS:
        scope = scope.parent
    values = []
    stack = [scope] if scope is not None else []
    while stack:
        n = stack.pop()
        if n.type == "variable_declarator":
            nm, val = n.child_by_field_name("name"), n.child_by_field_name("value")
            if nm is not None and nm.type == "identifier" and N.text(data, nm) == name:
                values.append(N.unwrap(val) if val is not None else None)
        elif n.type == "assignment_expression":
            left = n.child_by_field_name("left")
            if left is not None and left.type == "identifier" and N.text(data, left) == name:
                values.append(None)  # reassigned: not known to be built here
        stack.extend(n.named_children)
    return bool(values) and all(v is not None and v.type == "array" and _stage_objects(v) for v in values)


def _stage_objects(arr) -> bool:
    elems = [c for c in arr.named_children if c.type != "comment"]
    return bool(elems) and all(c.type == "object" for c in elems)


#: the detail of an SQL sink whose query text is ``EXPLAIN ANALYZE <value>`` (effects.py)
EXPLAIN_RUNS = "EXPLAIN ANALYZE executes the statement it explains"
_EXPLAIN_ANALYZE = re.compile(r"(?is)^\s*explain\s*(?:\(\s*[^)]*\banaly[sz]e\b[^)]*\)|analy[sz]e\b)[^`]*$")


def explain_analyze(data: bytes, node) -> bool:
    """Whether the query text ``node`` (or a local constant it names, through a conditional's
    arms) is a template ``EXPLAIN ANALYZE ${value}``: PostgreSQL (and MySQL 8) run the statement
    to time it, so a caller's INSERT/UPDATE/DELETE there writes."""
    u = N.unwrap(node)
    if u is None:
        return False
    if u.type == "identifier":
        return any(explain_analyze(data, v) for v in _local_values(data, u))
    if u.type == "ternary_expression":
        return any(explain_analyze(data, u.child_by_field_name(f)) for f in ("consequence", "alternative"))
    if u.type != "template_string":
        return False
    subs = [c for c in u.named_children if c.type == "template_substitution"]
    if not subs:
        return False
    head = data[u.start_byte + 1:subs[0].start_byte].decode("utf-8", "replace")
    return _EXPLAIN_ANALYZE.match(head) is not None


def _local_values(data: bytes, ident):
    name = N.text(data, ident)
    scope = ident.parent
    while scope is not None and scope.type not in _FUNCTIONS:
        scope = scope.parent
    stack = [scope] if scope is not None else []
    while stack:
        n = stack.pop()
        if n.type == "variable_declarator":
            nm, val = n.child_by_field_name("name"), n.child_by_field_name("value")
            if nm is not None and nm.type == "identifier" and N.text(data, nm) == name and val is not None:
                yield val
        stack.extend(n.named_children)
