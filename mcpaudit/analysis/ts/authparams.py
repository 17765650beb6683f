"""Optional-looking auth whose credential every caller supplies.

An auth check that lets every request through while its secret is unset (``if (!token) return
next()``) is optional authentication, unless the secret is never unset. When the secret is a
parameter of the function that builds the server (``runHttp(port, token?)``), what counts is
what its callers pass: ``let t = flag || process.env.TOKEN; if (!t) t = randomUUID(); runHttp(port,
t)`` always passes one, so authentication is on by default. :func:`always_passed` answers that
from the module's own call sites (none in the module: unknown, the check stays optional).
"""

from __future__ import annotations

import re
from typing import Optional

from . import nodes as N

#: a call whose value is a fresh non-empty secret (``randomUUID()``, ``crypto.randomBytes(32)
#: .toString("hex")``, ``nanoid()``, ``generateToken()``)
_FRESH = re.compile(r"(?i)\b(?:random\w*|uuid\w*|nanoid|generate\w*|gen\w*token|create\w*token)\s*\(")
_DEPTH = 4


def always_passed(mod, var: str, offset: int) -> bool:
    """Whether the secret ``var`` tested at byte ``offset`` is a parameter of an enclosing
    function whose every call in the module passes a value that is always set."""
    node = mod.tree.root_node.descendant_for_byte_range(offset, offset + 1)
    while node is not None:
        if node.type in N.FUNCTIONS:
            index = param_index(mod.data, node, var)
            if index is not None:
                name = _function_name(mod.data, node)
                return bool(name) and _every_call_passes(mod, name, index)
        node = node.parent
    return False


def param_index(data: bytes, fn, var: str, *, defaulted: bool = False, skip_comments: bool = False) -> Optional[int]:
    """The position of the plain parameter ``var`` of ``fn``: None without one, or (unless
    ``defaulted``) when it has a default (set anyway); ``skip_comments``: comments take none."""
    params = fn.child_by_field_name("parameters")
    kids = params.named_children if params is not None else ()
    for i, p in enumerate(c for c in kids if not (skip_comments and c.type == "comment")):
        pat = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
        if pat is not None and pat.type == "identifier" and N.text(data, pat) == var:
            return None if not defaulted and p.child_by_field_name("value") is not None else i
    return None


def _function_name(data: bytes, fn) -> Optional[str]:
    name = fn.child_by_field_name("name")
    if name is None and fn.parent is not None and fn.parent.type in ("variable_declarator", "pair",
                                                                      "public_field_definition"):
        name = fn.parent.child_by_field_name("name") or fn.parent.child_by_field_name("key")
    return N.text(data, name).lstrip("#") if name is not None else None


def _every_call_passes(mod, name: str, index: int) -> bool:
    calls = [c for c in N.nodes_under(mod.tree.root_node, "call_expression") if N.last_name(
        mod.data, c.child_by_field_name("function")) == name and
        (c.child_by_field_name("function") or c).type in ("identifier", "member_expression")]
    if not calls:
        return False
    for call in calls:
        args = N.args_of(call)
        if index >= len(args) or not _always_set(mod, args[index], call, 0):
            return False
    return True


def _always_set(mod, value, at, depth: int) -> bool:
    """Whether the expression ``value`` (used at node ``at``) is never empty: a non-empty string,
    a fresh random value, ``a || <always set>``, or a variable whose declaration is, or that an
    ``if (!x)`` before ``at`` fills in (or refuses to go on without)."""
    u = N.unwrap(value)
    if u is None or depth > _DEPTH:
        return False
    if u.type in N.STRINGS:
        s = N.string_value(mod.data, u)
        return bool(s) or u.type == "template_string" and N.text(mod.data, u) != "``"
    if u.type in ("new_expression", "object", "array", "arrow_function", "function_expression"):
        return True  # an object, never empty
    if u.type == "call_expression":
        return bool(_FRESH.search(N.text(mod.data, u.child_by_field_name("function")) + "("))
    if u.type == "binary_expression":
        op = u.child_by_field_name("operator")
        if op is not None and N.text(mod.data, op) in ("||", "??"):
            return _always_set(mod, u.child_by_field_name("right"), at, depth + 1)
        return False
    if u.type != "identifier":
        return False
    return _variable_set(mod, N.text(mod.data, u), at, depth)


def _variable_set(mod, name: str, at, depth: int) -> bool:
    scope = at.parent
    while scope is not None and scope.type not in N.FUNCTIONS and scope.type != "program":
        scope = scope.parent
    if scope is None:
        return False
    for d in N.nodes_under(scope, "variable_declarator"):
        n, v = d.child_by_field_name("name"), d.child_by_field_name("value")
        if n is not None and N.text(mod.data, n) == name and v is not None and d.start_byte < at.start_byte and \
                _always_set(mod, v, d, depth + 1):
            return True
    for s in N.nodes_under(scope, "if_statement"):
        if s.end_byte > at.start_byte:
            continue
        cond, body = s.child_by_field_name("condition"), s.child_by_field_name("consequence")
        if cond is None or body is None or re.sub(r"[\s()]", "", N.text(mod.data, cond)) != f"!{name}":
            continue
        text = N.text(mod.data, body)
        if "throw " in text or "process.exit(" in text:
            return True
        for a in N.nodes_under(body, "assignment_expression"):
            left = a.child_by_field_name("left")
            if left is not None and N.text(mod.data, left) == name and \
                    _always_set(mod, a.child_by_field_name("right"), a, depth + 1):
                return True
    return False


#: route options that run before the handler (Fastify hooks, generic ``middleware`` lists)
_HOOKS = frozenset({"preHandler", "onRequest", "preValidation", "preParsing", "beforeHandle", "middleware",
                    "middlewares"})
_AUTHISH = re.compile(r"(?i)auth|bearer|verif")
_NOTHING = frozenset({"undefined", "null", "[]", "{}", "void 0"})


def conditional_hooks(mod):
    """A route whose auth hook exists only when a value is set: ``preHandler: auth ? [auth] :
    undefined`` (Fastify route options), ``app.post("/mcp", ...(auth ? [auth] : []), h)``, the
    value itself null unless configured (``auth = manager ? makeAuth(manager) : null``) and not
    passed by every caller (:func:`always_passed`). (offset, shown text) of the first, or None."""
    if b"...(" not in mod.data and not any(h.encode() in mod.data for h in _HOOKS):
        return None
    names = mod.M.surface.auth_names
    for t in sorted(N.nodes_under(mod.tree.root_node, "ternary_expression"), key=lambda n: n.start_byte):
        holder = t.parent
        while holder is not None and holder.type in N.WRAPPERS:
            holder = holder.parent
        if holder is None or not (holder.type == "spread_element" and holder.parent is not None and
                                  holder.parent.type == "arguments" or holder.type == "pair" and
                                  N.prop_key(mod.data, holder.child_by_field_name("key")) in _HOOKS):
            continue
        cond, alt = t.child_by_field_name("condition"), t.child_by_field_name("alternative")
        cons = t.child_by_field_name("consequence")
        if cond is None or alt is None or cons is None or N.text(mod.data, alt).strip() not in _NOTHING or \
                not (names.search(N.text(mod.data, cons)) or _AUTHISH.search(N.text(mod.data, cons))):
            continue
        if not any(always_passed(mod, v, t.start_byte) for v in _set_by(mod, N.unwrap(cond), t)):
            return t.start_byte, N.text(mod.data, holder).split("\n")[0].strip()
    return None


def _set_by(mod, cond, at) -> list:
    """The variables whose being set makes ``cond`` true: itself, and what its declaration tests
    (``auth = manager ? make(manager) : null``: ``manager``)."""
    if cond is None or cond.type != "identifier":
        return []
    name = N.text(mod.data, cond)
    out = [name]
    for d in N.nodes_under(mod.tree.root_node, "variable_declarator"):
        n, v = d.child_by_field_name("name"), N.unwrap(d.child_by_field_name("value"))
        if n is not None and N.text(mod.data, n) == name and v is not None and v.type == "ternary_expression" \
                and d.start_byte < at.start_byte:
            c = N.unwrap(v.child_by_field_name("condition"))
            if c is not None and c.type == "identifier":
                out.append(N.text(mod.data, c))
    return out
