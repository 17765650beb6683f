"""Authentication that is not there by default, read from a TypeScript/JavaScript module.

* An auth check that lets every request through while no credential is configured (the
  default): ``if (tokens.length === 0) return { ok: true }``, ``if (!apiKey) return next()``,
  and a middleware that calls ``next()`` when its secret is unset, also behind a
  ``NODE_ENV !== "production"`` test (the variable is unset by default, so that branch runs):
  optional authentication, off unless configured (``unset_passes``: every auth name of the
  project becomes optional, see ``Project.optional_when_unset``).
* An Origin check that admits ``Origin: null`` (what a sandboxed iframe on any web page and a
  ``file:`` page send) is no defence against web pages: an ``origin-null`` HTTP record that the
  transport rule reads as "nothing keeps web pages out".
"""

from __future__ import annotations

import re
from typing import Optional

from . import nodes as N
from .authbranch import auth_in_one_arm
from .authparams import always_passed, conditional_hooks
from .authoptin import env_switch_passes
from .headerauth import header_optional
from .nullorigin import session_hidden
from .secretgate import secret_gated

_SECRET = (rb"(?:tokens?|secrets?|passwords?|(?:api|auth|secret|access)_?keys?)")
#: the one-line shapes: the check and its early return on one line
_AUTH_OFF = re.compile(
    rb"if\s*\(\s*(?:!\s*[\w.]*?" + _SECRET + rb"(?:\.length)?"
    rb"|[\w.]*?" + _SECRET +
    rb"(?:\.length\s*={2,3}\s*0|\s*={2,3}\s*(?:undefined|null|\"\"|'')))"
    rb"\s*\)\s*\{?\s*return\s+(?:next\(\)|\{\s*ok\s*:\s*true\b(?:\s*\})?)", re.I)
#: ``if (!config.authSecretKey) {`` opening a block (its body is read from the tree)
_UNSET_BLOCK = re.compile(rb"if\s*\(\s*!\s*([\w.$]*?" + _SECRET + rb")\s*\)\s*\{", re.I)
#: a test that holds when NODE_ENV (or a variable read from it) is unset: "not production"
_NOT_PRODUCTION = re.compile(r"""!==?\s*["']production["']|["']production["']\s*!==?""")
#: an Origin test that admits the opaque origin ``null``
_ORIGIN_NULL = re.compile(rb"""\borigin\w*\s*={2,3}\s*["']null["']|["']null["']\s*={2,3}\s*\w*origin\b""", re.I)


def auth_off_when_unset(mod) -> None:
    """Record the auth that passes while unset, and Origin checks that admit null (``mod``: a
    :class:`~mcpaudit.analysis.ts.module.TsModule` before its summary is made)."""
    data = mod.data
    start, detail = _passes_while_unset(mod)
    if start is None:  # an auth hook a route gets only when a value is set
        start, detail = conditional_hooks(mod) or (None, None)
    if start is not None:
        line = data.count(b"\n", 0, start) + 1
        mod.auth.append({"kind": "name", "pos": (line, 1, line, 1), "unset_passes": True,
                         "detail": detail, "optional": "a credential is configured"})
    auth_in_one_arm(mod)  # auth added in one arm of an if, the same routes open in the other
    m = _ORIGIN_NULL.search(data) if b"null" in data else None
    if m is not None:
        line = data.count(b"\n", 0, m.start()) + 1
        mod.http.append({"kind": "origin-null", "pos": (line, 1, line, 1),
                         "detail": m.group(0).decode("utf-8", "replace"),
                         **({"session_hidden": True} if session_hidden(data) else {})})  # nullorigin.py


def _passes_while_unset(mod):
    """An auth check that lets every request through while its secret is unset, unless the
    program refuses to start without it or every caller passes one: (offset, shown) or (None, None)."""
    data = mod.data
    start, detail = None, None
    if b"next()" in data or b"ok: true" in data or b"return true" in data:
        start, detail = _handed_on(mod)
    if start is None:
        start, detail = secret_gated(mod, lambda: _declarations(mod)[1])  # if (apiKey) { verify } (secretgate.py)
    var = _NEGATED.search(detail) if start is not None and detail else None
    if var is not None and (refused_at_startup(mod, var.group(1)) or always_passed(mod, var.group(1), start)):
        return None, None  # the program does not start without it, or every caller passes one
    return start, detail


def _handed_on(mod):
    """The shapes that hand a request on (``next()``, ``{ok: true}``, ``return true``) while the
    secret is unset: (offset, shown) or (None, None)."""
    data = mod.data
    m = _AUTH_OFF.search(data) if b"next()" in data or b"ok: true" in data else None
    detail = m.group(0).decode("utf-8", "replace").split("\n")[0].strip() if m is not None else None
    start = m.start() if m is not None else None
    if m is None and (b"next()" in data or b"ok: true" in data):
        start, detail = _unset_block_passes(mod)
    if start is None and b"return true" in data:
        start, detail = _predicate_passes(mod)
    if start is None:
        start, detail = env_switch_passes(mod)  # if (process.env.X !== "true") return next()
    if start is None:
        start, detail = header_optional(mod)  # if (authHeader) { verify }: no header, no check
    return start, detail


#: ``if (!this.config.apiKey) { return true; }``: a predicate that accepts while the secret is unset
_UNSET_TRUE = re.compile(rb"if\s*\(\s*!\s*([\w.$?]*?" + _SECRET + rb")\s*\)\s*\{?\s*return\s+true\b", re.I)


def _predicate_passes(mod):
    """An auth predicate (a function that returns ``false`` to refuse, or is typed ``boolean``)
    that starts by returning ``true`` while its secret is unset: ``validateRequest(req) { if
    (!this.config.apiKey) { return true; } ... return false }``, whose caller refuses only on
    false. Not when the module gives the secret a literal default (``apiKey = "..."``): then it is
    set unless the operator clears it. (offset, shown condition) or (None, None)."""
    for m in _UNSET_TRUE.finditer(mod.data):
        key = m.group(1).decode("utf-8", "replace").rsplit(".", 1)[-1].rstrip("?")
        if _FLAG.match(key) or re.search(rb"\b" + re.escape(key.encode()) + rb"\s*[:=]\s*[\"'`][^\"'`\s]", mod.data):
            continue  # a switch (acceptApiKeys), or a key with a literal default
        fn = mod.tree.root_node.descendant_for_byte_range(m.start(), m.start() + 2)
        while fn is not None and fn.type not in N.FUNCTIONS:
            fn = fn.parent
        if fn is None or _REFUSING.search(_function_name(mod, fn)):
            continue  # true answers "refuse" there (requestShouldReceiveOAuthChallenge)
        body = N.text(mod.data, fn)
        ret = fn.child_by_field_name("return_type")
        typed = ret is not None and "boolean" in N.text(mod.data, ret)
        if typed or re.search(r"\breturn\s+false\b", body):
            return m.start(), f"if (!{m.group(1).decode('utf-8', 'replace')}) {{ return true; }}"
    return None, None


#: a switch about the secret, not the secret itself: acceptApiKeys, requireToken, hasSecret
_FLAG = re.compile(r"(accept|require|has|use|enable|allow|is|should|no|skip|disable|check|validate|verify|need|"
                   r"want|support)s?(?=[A-Z_])")
#: a predicate whose true means the request is refused or challenged
_REFUSING = re.compile(r"(?i)challenge|reject|deny|denied|block|forbid|refuse|fail|unauth|invalid|missing")


def _function_name(mod, fn) -> str:
    """A function's own name, or the name of the variable or property it is assigned to."""
    name = fn.child_by_field_name("name")
    if name is None and fn.parent is not None and fn.parent.type in ("variable_declarator", "pair"):
        name = fn.parent.child_by_field_name("name") or fn.parent.child_by_field_name("key")
    return N.text(mod.data, name) if name is not None else ""


def _unset_block_passes(mod):
    """``if (!config.secretKey) { ... return next(); }``, the ``next()`` also inside a nested
    ``if (env !== "production")``: (offset, shown condition) or (None, None)."""
    for m in _UNSET_BLOCK.finditer(mod.data):
        node = mod.tree.root_node.descendant_for_byte_range(m.start(), m.start() + 2)
        while node is not None and node.type != "if_statement":
            node = node.parent
        if node is None:
            continue
        body = node.child_by_field_name("consequence")
        if body is not None and _passes(mod.data, body, 0):
            return m.start(), f"if (!{m.group(1).decode('utf-8', 'replace')}) {{ ... next() }}"
    return None, None


def _passes(data: bytes, block, depth: int) -> bool:
    """Whether a block calls ``next()`` on its own path or under a not-production test."""
    if depth > 3:
        return False
    for s in block.named_children if block.type == "statement_block" else [block]:
        expr: Optional[object] = None
        if s.type in ("expression_statement", "return_statement"):
            expr = N.unwrap(s.named_children[0]) if s.named_children else None
        if expr is not None and expr.type == "call_expression":
            fn = expr.child_by_field_name("function")
            if fn is not None and N.text(data, fn) == "next":
                return True
        if s.type == "if_statement":
            cond = s.child_by_field_name("condition")
            cons = s.child_by_field_name("consequence")
            if cond is not None and cons is not None and _NOT_PRODUCTION.search(N.text(data, cond)) \
                    and _passes(data, cons, depth + 1):
                return True
        if s.type == "statement_block" and _passes(data, s, depth + 1):
            return True
    return False


#: a setting's name in the code that reads it (``getConfig("sse-auth-token", "SSE_AUTH_TOKEN")``,
#: ``process.env.SSE_AUTH_TOKEN``)
_SETTING = re.compile(r"""["']([A-Z][A-Z0-9_]{2,})["']|\benv\.([A-Z][A-Z0-9_]{2,})\b""")
#: ``!x`` or ``!config.apiKey`` / ``!this.authToken`` (a member as a whole), not a call or index
_NEGATED = re.compile(r"!\s*([\w$]+(?:\.[\w$#]+)*)(?![\w$#]|\s*[.(\[])")


def _settings(text: str) -> set:
    return {a or b for a, b in _SETTING.findall(text)}


def _declarations(mod):
    """(name -> the settings its declarations read, the module's if statements), one walk (kept
    on ``mod``: the secret gate and the start-up check read them)."""
    got = getattr(mod, "_auth_declarations", None)
    if got is not None:
        return got
    names: dict = {}
    ifs = []
    stack = [mod.tree.root_node]
    while stack:
        n = stack.pop()
        if n.type == "variable_declarator":
            name, value = n.child_by_field_name("name"), n.child_by_field_name("value")
            if name is not None and value is not None and name.type == "identifier":
                names.setdefault(N.text(mod.data, name), set()).update(_settings(N.text(mod.data, value)))
        elif n.type == "if_statement":
            ifs.append(n)
        stack.extend(n.named_children)
    mod._auth_declarations = (names, ifs)
    return names, ifs


def _refuses(mod, block) -> bool:
    """A block that stops the program or collects a start-up error for a function that does."""
    text = N.text(mod.data, block)
    if "throw " in text or "process.exit(" in text:
        return True
    if not re.search(r"\b\w*err\w*\.push\(", text, re.I):
        return False
    fn = block.parent
    while fn is not None and fn.type not in N.FUNCTIONS and fn.type != "function_declaration":
        fn = fn.parent
    return fn is not None and "process.exit(" in N.text(mod.data, fn)


def refused_at_startup(mod, var: str) -> bool:
    """Whether the module refuses to run while the credential ``var`` (a variable the auth check
    tests) is unset: an ``if`` whose condition holds ``!x``, ``x`` reading the same setting, and
    whose body exits, throws, or adds to the errors a start-up validation exits on. The auth check
    that passes while unset then never runs unset (an operator's explicit escape in the same
    condition, ``!allowUnauthenticated``, is the operator's choice)."""
    declared, ifs = _declarations(mod)
    keys = set(declared.get(var, ()))
    if "." in var:  # config.apiKey, this.authToken: the member itself, or the variable it was set from
        keys |= declared.get(var.rsplit(".", 1)[-1], set())
    elif not keys:
        return False
    for n in ifs:
        cond, body = n.child_by_field_name("condition"), n.child_by_field_name("consequence")
        if cond is None or body is None or "next()" in N.text(mod.data, body):
            continue
        text = N.text(mod.data, cond)
        for name in _NEGATED.findall(text):
            if (name == var or (declared.get(name, set()) | _settings(name)) & keys) and _refuses(mod, body) \
                    and not _opted_in(text):
                return True
    return False


_PRODUCTION = re.compile(r"""(?i)===?\s*["'](?:production|prod)["']|["'](?:production|prod)["']\s*===?|\bis_?prod(?:uction)?\b""")


def _opted_in(cond: str) -> bool:
    """Whether a refusal ``if (A && !secret)`` also needs ``A`` to say the deployment is production
    (``environment === "production"``, ``isProd``): a mode the operator must choose (NODE_ENV's
    default is another), so by default the server starts without the secret. Other conjuncts (the
    transport that needs the secret, ``SSE && !token``; an explicit escape, ``!allowUnauthenticated``)
    keep the refusal."""
    if "||" in cond:
        return False
    parts = [p.strip().strip("()").strip() for p in cond.strip().strip("()").split("&&")]
    return len(parts) > 1 and any(not p.startswith("!") and _PRODUCTION.search(p) for p in parts)
