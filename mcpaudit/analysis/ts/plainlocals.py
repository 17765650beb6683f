"""Secret-named locals that hold no secret, told by where their values come from.

A local of the function whose name says cookie, token or key, but whose every value the function
gives it is plain - constants, booleans (comparisons, ``startsWith``/``includes``/``some`` tests),
and the fields that name or describe a record (``cookie.name``: ``label-fields`` of the catalog's
``secret-names``) - holds no secret, whatever it is called:

* ``const added: string[] = []`` filled only by ``added.push(cookie.name)``;
* ``const analysis = cookies.map((c) => ({ name: c.name, missingSecure: c.secure === undefined }))``;
* ``const expectedCookieNames = ["__Host-session", "ajs_user_id"]``;
* ``catch (cookieError) { const cookieErrorMessage = cookieError.message }`` of a try whose calls
  take only the function's parameters and constants (``validate(request.cookies)``): the error
  is about the caller's own input, returned to that caller.

Only locals declared in the function are judged, and only when every write to them is seen
(declaration, a catch clause, assignment, ``push``/``unshift``); anything else keeps the name's
verdict. A field of a plain value is plain.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional, Tuple

from . import nodes as N

_BOOL_OPS = frozenset({"===", "!==", "==", "!=", "<", ">", "<=", ">=", "instanceof", "in"})
_PASS_OPS = frozenset({"&&", "||", "??", "+"})
#: methods whose result is a boolean, a number or an index, whatever they are called on
_TESTS = frozenset({"startsWith", "endsWith", "includes", "has", "test", "some", "every", "isArray", "isInteger",
                    "isFinite", "isNaN", "indexOf", "findIndex", "localeCompare"})
#: methods whose result holds only what their receiver holds (a part or a copy of it)
_KEEPS = frozenset({"filter", "slice", "concat", "sort", "reverse", "toLowerCase", "toUpperCase", "trim", "join"})
_WRITES = frozenset({"push", "unshift"})


def plain_local(fa, name: str) -> bool:
    """Whether ``name`` is a local of the analysed function whose every value is plain."""
    node = getattr(fa, "node", None)
    fields = getattr(fa.M, "label_fields", None)
    if node is None or fields is None:
        return False
    cache = fa.__dict__.setdefault("_plain_locals", {})
    if name not in cache:
        cache[name] = False  # a value built from itself is not proven plain
        cache[name] = _judge(fa, name, frozenset({name}))
    return cache[name]


def _judge(fa, name: str, seen: FrozenSet[str]) -> bool:
    catches, decls, assigns, pushes = _writes(fa).get(name, ((), (), (), ()))
    if any(not _callers_own(fa, c.parent) for c in catches):
        return False
    for d in decls:
        value = d.child_by_field_name("value")
        if value is not None and not _plain(fa, value, seen):
            return False
    if not (catches or decls):
        return False
    if any(not _plain(fa, a.child_by_field_name("right"), seen) for a in assigns):
        return False
    return all(_plain(fa, x, seen) for c in pushes for x in N.args_of(c))


_KINDS = ("catch_clause", "variable_declarator", "assignment_expression", "augmented_assignment_expression",
          "call_expression")


def _writes(fa) -> Dict[str, Tuple[list, list, list, list]]:
    """The analysed function's writes by local name - (catch clauses, declarators, assignments,
    ``push``/``unshift`` calls) - found in one walk of the function, once per function node (the
    module's tree lives as long as its analyzer, so node ids stay unique)."""
    memo = fa.mod.__dict__.setdefault("_plain_local_writes", {})
    got = memo.get(fa.node.id)
    if got is None:
        found: Dict[str, List[list]] = {}
        by_kind: Dict[str, list] = {k: [] for k in _KINDS}
        todo = [fa.node]
        while todo:  # the walk of N.nodes_under, every kind at once
            n = todo.pop()
            if n.type in by_kind:
                by_kind[n.type].append(n)
            todo.extend(n.named_children)
        for slot, kinds in enumerate((_KINDS[:1], _KINDS[1:2], _KINDS[2:4], _KINDS[4:])):
            for n in (n for k in kinds for n in by_kind[k]):
                name = _written_name(fa, n)
                if name is not None:
                    found.setdefault(name, [[], [], [], []])[slot].append(n)
        got = memo[fa.node.id] = {k: tuple(v) for k, v in found.items()}
    return got


def _written_name(fa, n) -> Optional[str]:
    """The local a catch clause, declarator, assignment or ``name.push(...)`` call writes."""
    if n.type == "catch_clause":
        target = n.child_by_field_name("parameter")
    elif n.type == "variable_declarator":
        target = n.child_by_field_name("name")
    elif n.type == "call_expression":
        fn = n.child_by_field_name("function")
        if fn is None or fn.type != "member_expression":
            return None
        prop = fn.child_by_field_name("property")
        if prop is None or N.text(fa.data, prop) not in _WRITES:
            return None
        target = N.unwrap(fn.child_by_field_name("object"))
    else:  # ``name = ...``, ``name[i] = ...``, ``name.x = ...``
        target = N.unwrap(n.child_by_field_name("left"))
        while target is not None and target.type in ("member_expression", "subscript_expression"):
            target = N.unwrap(target.child_by_field_name("object"))
    return N.text(fa.data, target) if target is not None and target.type == "identifier" else None


def _callers_own(fa, stmt) -> bool:
    """A try whose calls take only the function's parameters' values and constants: what it
    throws is about the caller's own input (a validation of a tool's argument), no secret."""
    body = stmt.child_by_field_name("body") if stmt is not None and stmt.type == "try_statement" else None
    calls = N.nodes_under(body, "call_expression") if body is not None else []
    return bool(calls) and all(_given(fa, a) for c in calls for a in N.args_of(c))


def _given(fa, node) -> bool:
    node = N.unwrap(node)
    if node is None or N.is_literal(node):
        return True
    parts = N.member_parts(fa.data, node) if node.type in ("identifier", "member_expression") else None
    return bool(parts) and parts[0] in fa.param_names


def _plain(fa, node, seen: FrozenSet[str], depth: int = 0) -> bool:
    node = N.unwrap(node)
    if node is None or depth > 12:
        return node is None
    t = node.type
    if t in N.LITERALS or t == "string":
        return True
    if t == "template_string":
        return all(_plain(fa, s.named_children[0] if s.named_children else None, seen, depth + 1)
                   for s in node.named_children if s.type == "template_substitution")
    if t == "identifier":
        return _plain_name(fa, N.text(fa.data, node), seen)
    if t == "member_expression":
        prop = node.child_by_field_name("property")
        if prop is not None and fa.M.label_fields.search(N.text(fa.data, prop)):
            return True
        return _plain(fa, node.child_by_field_name("object"), seen, depth + 1)  # a field of a plain value
    if t == "binary_expression":
        op = node.child_by_field_name("operator")
        op = N.text(fa.data, op) if op is not None else ""
        return op in _BOOL_OPS or (op in _PASS_OPS and all(
            _plain(fa, node.child_by_field_name(k), seen, depth + 1) for k in ("left", "right")))
    if t == "unary_expression":
        op = node.child_by_field_name("operator")
        return op is not None and N.text(fa.data, op) in ("!", "typeof", "-", "+", "void")
    if t == "ternary_expression":
        return all(_plain(fa, node.child_by_field_name(k), seen, depth + 1) for k in ("consequence", "alternative"))
    if t in ("array", "object"):
        return all(_element(fa, c, seen, depth + 1) for c in node.named_children if c.type != "comment")
    if t == "call_expression":
        return _plain_call(fa, node, seen, depth)
    return False


def _element(fa, c, seen, depth: int) -> bool:
    if c.type == "pair":
        return _plain(fa, c.child_by_field_name("value"), seen, depth)
    if c.type == "spread_element":
        return _plain(fa, c.named_children[0] if c.named_children else None, seen, depth)
    if c.type == "shorthand_property_identifier":
        return _plain_name(fa, N.text(fa.data, c), seen)
    return _plain(fa, c, seen, depth)


def _plain_name(fa, name: str, seen: FrozenSet[str]) -> bool:
    if name == "undefined":
        return True
    if name in seen:
        return False
    return _judge(fa, name, seen | {name})


def _plain_call(fa, node, seen, depth: int) -> bool:
    fn = node.child_by_field_name("function")
    if fn is not None and fn.type == "identifier":
        return N.text(fa.data, fn) in ("Boolean", "Number", "isNaN", "isFinite")
    if fn is None or fn.type != "member_expression":
        return False
    prop = fn.child_by_field_name("property")
    method = N.text(fa.data, prop) if prop is not None else ""
    if method in _TESTS:
        return True
    if method in _KEEPS:
        return _plain(fa, fn.child_by_field_name("object"), seen, depth + 1) and (
            method != "concat" or all(_plain(fa, a, seen, depth + 1) for a in N.args_of(node)))
    if method == "map":
        args = N.args_of(node)
        return len(args) >= 1 and _returns_plain(fa, N.unwrap(args[0]), seen, depth + 1)
    return False


def _returns_plain(fa, cb, seen, depth: int) -> bool:
    """A callback whose every result is plain (an arrow's expression, or each ``return``)."""
    if cb is None or cb.type not in N.FUNCTIONS:
        return False
    body = cb.child_by_field_name("body")
    if body is None:
        return False
    if body.type != "statement_block":
        return _plain(fa, body, seen, depth)
    returns = N.nodes_under(body, "return_statement")
    return bool(returns) and all(_plain(fa, r.named_children[0] if r.named_children else None, seen, depth)
                                 for r in returns)
