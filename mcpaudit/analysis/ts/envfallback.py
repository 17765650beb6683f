"""A literal fallback for the server's own inbound secret (issue 14, ts52a): ``hardcoded-credential``
for TypeScript/JavaScript.

``const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || "<literal>"`` (also ``??``, and a property
of a config object, ``staticToken: process.env.MCP_STATIC_TOKEN || "<literal>"``) is the value the
server accepts when the variable is unset. When that value is *compared* with something (``token
!== config.serverAuth.staticToken``, ``password === ADMIN_PASSWORD``, ``timingSafeEqual(...)``), it
is a password or token the server checks callers against: an unconfigured deployment lets in
anyone who read the source. Reported at the literal, with the comparison as a flow step.

Not reported: a fallback that is only presented (handed to a client or a request: a guess of a
service's default login, the placeholder rule of the Python check), a fallback whose holder is
also compared with a string literal (a start-up check that refuses the default), a fallback that
is empty, a template or variable name (``"${TOKEN}"``, ``"<token>"``, ``"API_TOKEN"``) or shorter
than 4 characters. A placeholder word (``changeme``, ``your-...``) is still the value the
unconfigured server accepts, so it is reported too, at medium confidence (its message says so).

The holder is the declared name (matched by identifiers in its own module and in modules that
import it) or the object property (matched by member expressions ending in that property), and
is itself named like a credential (``staticToken``, ``ADMIN_PASSWORD``; not a generic ``key``).
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from ...sources import is_test_path
from . import nodes as N
from .parse import is_ts_source, parse

_COMPARE = frozenset({"===", "!==", "==", "!="})
_FALLBACK = frozenset({"||", "??"})
#: constant-time comparisons of two values
_EQUALS = re.compile(r"(?i)^(?:timingSafeEqual|safeCompare|secureCompare|constantTimeEqual|safeEqual|compare)$")
#: not a value: a template, an environment variable's name, a redaction mark
_NOT_VALUE = re.compile(r"^\s*$|[<>]|\$\{|\{\{|%s|(?i:xxxx)|\*\*\*|\.\.\.|^[A-Z0-9_]+$|\s")
#: a word that reads as a placeholder (still the value an unconfigured server accepts)
_PLACEHOLDER = re.compile(r"(?i)change.?me|your[_-]|example|placeholder|dummy|default|secret.?here|key.?here|replace")


def _env_name(data: bytes, node) -> Optional[str]:
    """``X`` of ``process.env.X`` / ``process.env["X"]``."""
    node = N.unwrap(node)
    if node is None or node.type not in ("member_expression", "subscript_expression"):
        return None
    parts = N.member_parts(data, node)
    return parts[2] if parts and len(parts) == 3 and parts[:2] == ["process", "env"] else None


def _holder(data: bytes, expr) -> Optional[Tuple[str, str]]:
    """``("var", name)`` or ``("prop", name)``: what the fallback expression is bound to."""
    p = expr.parent
    while p is not None and p.type in N.WRAPPERS:
        p = p.parent
    if p is None:
        return None
    if p.type == "variable_declarator":
        name = p.child_by_field_name("name")
        return ("var", N.text(data, name)) if name is not None and name.type == "identifier" else None
    if p.type == "pair":
        key = N.prop_key(data, p.child_by_field_name("key"))
        return ("prop", key) if key else None
    if p.type in ("public_field_definition", "field_definition"):
        name = p.child_by_field_name("name") or p.child_by_field_name("property")
        return ("prop", N.text(data, name).lstrip("#")) if name is not None else None
    if p.type == "assignment_expression":
        left = N.unwrap(p.child_by_field_name("left"))
        if left is not None and left.type == "member_expression":
            prop = left.child_by_field_name("property")
            return ("prop", N.text(data, prop).lstrip("#")) if prop is not None else None
        return ("var", N.text(data, left)) if left is not None and left.type == "identifier" else None
    return None


def _fallbacks(M, data: bytes, binaries: list) -> List[dict]:
    out = []
    for b in binaries:
        op = b.child_by_field_name("operator")
        if op is None or N.text(data, op) not in _FALLBACK:
            continue
        env = _env_name(data, b.child_by_field_name("left"))
        right = N.unwrap(b.child_by_field_name("right"))
        if env is None or right is None or not M.is_secret_env(env) or right.type not in ("string", "template_string"):
            continue
        value = N.string_value(data, right)
        if value is None or len(value) < 4 or _NOT_VALUE.search(value):
            continue
        holder = _holder(data, b)
        if holder is not None and M.is_secret_name(holder[1]):  # (not a generic `key:`, `value`)
            out.append({"env": env, "holder": holder, "line": right.start_point[0] + 1,
                        "placeholder": bool(_PLACEHOLDER.search(value))})
    return out


def _names(data: bytes, node, holder: Tuple[str, str]) -> bool:
    """``node`` reads the holder: the identifier (a variable) or a member ending in the property."""
    u = N.unwrap(node)
    if u is None:
        return False
    kind, name = holder
    if u.type == "identifier":
        return kind == "var" and N.text(data, u) == name
    if u.type in ("member_expression", "subscript_expression"):
        parts = N.member_parts(data, u)
        return bool(parts) and parts[-1] == name and (kind == "prop" or len(parts) == 2)  # (ns.NAME: an import)
    return False


def _comparisons(data: bytes, binaries: list, calls: list, holder: Tuple[str, str]) -> Tuple[List[int], bool]:
    """(lines comparing the holder with a non-constant value, whether it is compared with a literal)."""
    lines, refused = [], False
    for b in binaries:
        op = b.child_by_field_name("operator")
        if op is None or N.text(data, op) not in _COMPARE:
            continue
        left, right = b.child_by_field_name("left"), b.child_by_field_name("right")
        for one, other in ((left, right), (right, left)):
            if _names(data, one, holder):
                if N.is_literal(other) or (N.unwrap(other) is not None and N.unwrap(other).type == "undefined"):
                    refused = refused or N.unwrap(other) is not None and N.unwrap(other).type in ("string", "template_string")
                elif _env_name(data, other) is None:
                    lines.append(b.start_point[0] + 1)
    for c in calls:
        fn = c.child_by_field_name("function")
        if fn is None or not _EQUALS.match(N.last_name(data, fn) or ""):
            continue
        args = N.args_of(c)
        if len(args) == 2 and any(_names(data, x, holder) for a in args
                                  for x in [a, *N.nodes_under(a, "identifier"), *N.nodes_under(a, "member_expression")]):
            lines.append(c.start_point[0] + 1)
    return lines, refused


def _binaries_and_calls(root) -> Tuple[list, list]:
    """The binary expressions and the calls under ``root``, each in :func:`~.nodes.nodes_under`'s
    order (the first comparison found is the one a finding names): one walk for both kinds, made
    once per module (the two passes used to walk a module twice per fallback they checked it for)."""
    binaries, calls, todo = [], [], [root]
    while todo:
        n = todo.pop()
        t = n.type
        if t == "binary_expression":
            binaries.append(n)
        elif t == "call_expression":
            calls.append(n)
        todo.extend(n.named_children)
    return binaries, calls


def default_credentials(project) -> List[Dict[str, object]]:
    """``{"path", "line", "env", "compared": (path, line), "placeholder"}`` per literal fallback of
    a secret environment variable whose holder the project compares with a non-constant value."""
    files = [(p, f.text) for p, f in sorted(project.files.items())
             if is_ts_source(p) and not is_test_path(p) and f.text and "process.env" in f.text]
    if not files:
        return []
    from ...catalog import catalog

    M = catalog().typescript
    indexed: Dict[str, tuple] = {}

    def index(path: str, text: str):
        """``(bytes, binary expressions, calls)`` of a module, from one walk of its tree (the
        scan's own while it keeps them, :func:`~.parse.keep_trees`), read by both passes below."""
        if path not in indexed:
            data = text.encode("utf-8")
            tree = parse(data, path)
            indexed[path] = (data, tree, *_binaries_and_calls(tree.root_node))
        return indexed[path]

    out = []
    for path, text in files:
        if "||" not in text and "??" not in text:
            continue
        N.PARTS.clear()
        data, _tree, binaries, _calls = index(path, text)
        found = _fallbacks(M, data, binaries)
        for fb in found:
            kind, name = fb["holder"]
            where, refused = [], False
            for other, otext in sorted(project.files.items()):
                if not is_ts_source(other) or is_test_path(other) or not otext.text or name not in otext.text:
                    continue
                if kind == "var" and other != path and not re.search(rf"\bimport\b[^;]*\b{re.escape(name)}\b", otext.text):
                    continue
                N.PARTS.clear()
                odata, _otree, obinaries, ocalls = index(other, otext.text)
                lines, ref = _comparisons(odata, obinaries, ocalls, fb["holder"])
                refused = refused or ref
                where.extend((other, ln) for ln in lines)
            N.PARTS.clear()
            if where and not refused:
                out.append({"path": path, "line": fb["line"], "env": fb["env"], "holder": name,
                            "compared": where[0], "placeholder": fb["placeholder"]})
    return out


def default_credential_findings(project) -> list:
    """The ``hardcoded-credential`` findings of :func:`default_credentials` (engine ``ts``)."""
    from ...models import Confidence, Finding, FlowStep, Location, Severity

    out = []
    for d in default_credentials(project):
        cpath, cline = d["compared"]
        src = project.files.get(d["path"])
        words = " (a placeholder word, but the server accepts it all the same)" if d["placeholder"] else ""
        out.append(Finding(
            rule_id="hardcoded-credential", engine="ts", severity=Severity.HIGH,
            confidence=Confidence.MEDIUM if d["placeholder"] else Confidence.HIGH,
            message=(f"'{d['holder']}' falls back to a string literal{words} when {d['env']} is unset, and the server "
                     f"compares it with another value at {cpath}:{cline} (a credential check): an unconfigured "
                     "deployment accepts a secret anyone who reads the source knows"),
            location=Location(d["path"], d["line"], 1), cwe=["CWE-798"],
            flow=[FlowStep(Location(d["path"], d["line"], 1), f"literal fallback of process.env.{d['env']}"),
                  FlowStep(Location(cpath, cline, 1), "compared with it: the check accepts the literal")],
            fix=f"Require {d['env']} at start-up (exit when it is unset) instead of falling back to a literal.",
            snippet=src.line(d["line"]).strip() if src else None, tags=["security", "secrets"],
        ))
    return out


__all__ = ["default_credentials", "default_credential_findings"]
