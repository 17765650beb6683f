"""Authentication added in one arm of an ``if`` only, the same routes served without it in the
other: ``if (enableAuth) { app.get("/sse", requireBearerAuth(opts), h); ... } else {
app.get("/sse", h); ... }``. The server starts without authentication unless the condition holds
(a command-line flag, a setting), so every auth name of the module (the import, the verifier
class, the middleware) is optional, added conditionally, as an ``if api_key:`` around auth
middleware is for Python (``optional`` on the module's auth records; the rule
``http-transport-no-auth`` then reports the transport, naming the condition).
"""

from __future__ import annotations

from typing import Dict, Optional, Set, Tuple

from . import nodes as N

_ROUTE_METHODS = frozenset({"get", "post", "put", "delete", "patch", "all", "use"})
_MAX_IFS = 200


def auth_in_one_arm(mod) -> None:
    """Mark the auth records of ``mod`` (a TsModule) optional when an ``if``/``else`` registers the
    same routes in both arms and authenticates them in one arm only."""
    if not mod.auth or b"else" not in mod.data:
        return
    names = mod.M.surface.auth_names
    guards = _auth_vars(mod, names)
    stack, seen = [mod.tree.root_node], 0
    while stack and seen < _MAX_IFS:
        node = stack.pop()
        if node.type == "if_statement":
            seen += 1
            hit = _one_arm(mod, node, names, guards)
            if hit:
                why, arm = hit
                mod.__dict__["auth_arm"] = (arm.start_byte, arm.end_byte)
                lines = set(guards.values())  # the arm's own auth, or the middleware it passes
                inside = [a for a in mod.auth if arm.start_point[0] < a["pos"][0] <= arm.end_point[0] + 1] or [
                    a for a in mod.auth if a["pos"][0] in lines]
                mod.auth[:] = inside + [a for a in mod.auth if a not in inside]  # the middleware first
                for a in mod.auth:
                    a.setdefault("optional", why)
                return
        stack.extend(node.named_children)


def in_auth_arm(mod, node) -> bool:
    """Whether ``node`` lies in the arm that authenticates (its serving sites are not the open
    ones: the transport is reported where the other arm serves it)."""
    arm = mod.__dict__.get("auth_arm")
    return arm is not None and arm[0] <= node.start_byte and node.end_byte <= arm[1]


def _one_arm(mod, node, names, guards: Dict[str, int]) -> Optional[Tuple[str, object]]:
    cond = node.child_by_field_name("condition")
    cons = node.child_by_field_name("consequence")
    alt = node.child_by_field_name("alternative")
    if cond is None or cons is None or alt is None:
        return None
    (routes_c, used_c), (routes_a, used_a) = _routes(mod, cons), _routes(mod, alt)
    if not routes_c or not (routes_c & routes_a):
        return None
    auth_c = names.search(N.text(mod.data, cons)) is not None or bool(used_c & set(guards))
    auth_a = names.search(N.text(mod.data, alt)) is not None or bool(used_a & set(guards))
    if auth_c == auth_a:
        return None
    shown = N.text(mod.data, N.unwrap(cond) or cond).strip()
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    line = alt.start_point[0] + 1
    if auth_c:
        return f"{shown}; else the same routes are served without it, line {line}", cons
    return f"!({shown}); else the same routes are served without it, line {cons.start_point[0] + 1}", alt


def _auth_vars(mod, names) -> Dict[str, int]:
    """Variables of the module holding what an auth call made (``const bearer =
    requireBearerAuth({ verifier })``), with their lines: a route passing one is authenticated."""
    out: Dict[str, int] = {}
    stack = [mod.tree.root_node]
    while stack:
        n = stack.pop()
        if n.type == "variable_declarator":
            name, value = n.child_by_field_name("name"), n.child_by_field_name("value")
            if name is not None and name.type == "identifier" and value is not None and \
                    N.unwrap(value) is not None and N.unwrap(value).type == "call_expression" and \
                    names.search(N.text(mod.data, value)):
                out[N.text(mod.data, name)] = n.start_point[0] + 1
            continue
        stack.extend(n.named_children)
    return out


def _routes(mod, block) -> Tuple[Set[str], Set[str]]:
    """The paths a block registers routes for (``app.get("/sse", ...)``), and the names its
    route calls pass after the path (the middleware)."""
    out: Set[str] = set()
    used: Set[str] = set()
    stack = [block]
    while stack:
        n = stack.pop()
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            args = N.args_of(n)
            if fn is not None and fn.type == "member_expression" and len(args) >= 2:
                prop = fn.child_by_field_name("property")
                path = N.string_value(mod.data, args[0])
                if prop is not None and N.text(mod.data, prop) in _ROUTE_METHODS and path and path.startswith("/"):
                    out.add(path)
                    used.update(N.text(mod.data, a) for a in args[1:] if a.type == "identifier")
        stack.extend(n.named_children)
    return out, used
