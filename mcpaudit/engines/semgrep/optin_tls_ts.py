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
"true"``. A switch with no default in sight stays. The comparison may read the variable through a
default and a normaliser (``(process.env.X || "true").toLowerCase() !== "false"``, behind
``config?.x ??``): :mod:`.envswitch_ts` evaluates it with the variable unset (ts54b).

Also (ts24a): code after an early return (``if (!insecure) return {};``) runs only where the
return's condition fails; a conjunction holds only where each part does (``protocol === "https"
&& process.env.NODE_TLS_REJECT_UNAUTHORIZED === "0"``: any environment variable compared with a
string is unequal while unset); and a project setting read through a policy method
(``if (this.policy.allowsInvalidTls(url))`` whose every ``return`` is ``false`` or a conjunction
with ``this.settings.network.allowInvalidTls``) is off when every literal default the project's
source gives that setting is ``false`` (``allowInvalidTls: false`` in its default config; test code
not counted).
"""

from __future__ import annotations

import os
import re
from typing import Dict, Iterable, List, Optional

from ...models import Confidence, Finding
from ...analysis.ts.nodes import FUNCTIONS, text
from .optin_tls import RULES, opted_message
from .optin_tls_params import passed_off
from .envswitch_ts import unset_value

REASON = ("certificate checking is off only where {setting} holds, a switch that is off unless set "
          "({default}): an explicit opt-out, not the default (audit view)")
_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
#: an option and the literal that turns certificate checking off (node's tls; the database drivers'
#: trust-any-certificate flags, ts58b: mssql/tedious, mongodb)
_OFF_PAIRS = {"rejectUnauthorized": "false", "trustServerCertificate": "true", "tlsAllowInvalidCertificates": "true",
              "tlsAllowInvalidHostnames": "true", "tlsInsecure": "true"}
#: an environment variable equal to a string: false while it is unset, whatever the string
_ENV_TRUE = re.compile(r"process\.env(\.\w+|\[[^\]]+\])\s*===?\s*['\"][^'\"]+['\"]", re.I)
#: a constant that is true unless the operator writes "false": ``process.env.X !== "false"``
_ENV_NOT_FALSE = re.compile(r"process\.env(\.\w+|\[[^\]]+\])\s*!==?\s*['\"](false|0|no|off)['\"]", re.I)


def demote_opt_in_tls_ts(findings: List[Finding], root) -> None:
    by_file: Dict[str, List[Finding]] = {}
    for f in findings:
        if f.rule_id in RULES and f.confidence > Confidence.LOW and f.location.path.endswith(_SUFFIXES):
            by_file.setdefault(f.location.path, []).append(f)
    project = _Project(str(root))
    for rel, hits in by_file.items():
        try:
            with open(os.path.join(str(root), rel), "rb") as fh:
                data = fh.read(4_000_000)
        except OSError:
            continue
        if not any(k.encode() in data for k in _OFF_PAIRS):
            continue
        from ...analysis.ts.parse import parse

        root_node = parse(data, rel).root_node
        for f in hits:
            why = _opt_in(data, root_node, f.location.line, project)
            if why:
                f.confidence = Confidence.LOW
                f.message = opted_message(f.message, REASON.format(setting=why[0], default=why[1]))
                f.properties["tls-context"] = "operator-opt-in"


def _opt_in(data: bytes, root, line: int, project=None):
    """(the switch, its default) when the ``rejectUnauthorized: false`` on ``line`` is behind an
    opt-in switch, else None."""
    # (the finding is on the object's first line, the pair on it or below: `new Agent({` ...)
    pair = next((n for n in _walk(root) if n.type == "pair" and line in (n.start_point[0] + 1, n.parent.start_point[0] + 1)
                 and _text(data, n.child_by_field_name("key")).strip("'\"") in _OFF_PAIRS), None)
    key = _text(data, pair.child_by_field_name("key")).strip("'\"") if pair is not None else None
    if pair is None or getattr(pair.child_by_field_name("value"), "type", None) != _OFF_PAIRS[key]:
        # (`rejectUnauthorized: process.env.X === "true"` is off by default wherever it sits: a
        # switch around it that turns TLS on is no opt-in to skipping the checks)
        return None
    hit = _guard(data, pair, project)
    if hit is not None:
        return hit if _names_opt_out(hit[0]) else None
    fn = _enclosing(pair)
    name = _function_name(data, fn) if fn is not None else None
    if not name:
        return None
    calls = [n for n in _walk(root) if n.type == "call_expression" and _callee(data, n) == name]
    guards = [_guard(data, c, project) for c in calls]
    if not guards or any(g is None for g in guards):
        return None
    return guards[0] if _names_opt_out(guards[0][0]) else None


def _names_opt_out(switch: str) -> bool:
    """Whether the switch's name says it turns certificate checking off (``tls-opt-out-words`` in
    the http models): ``if (this.awsIamAuth) { ssl = { rejectUnauthorized: false } }`` asks for
    another feature, and the checks go off without the operator choosing it."""
    from ...catalog import catalog

    words = getattr(catalog().typescript, "tls_opt_out_words", ())
    flat = re.sub(r"[_\-\s]", "", switch.lower())
    return any(w in flat for w in words)


def _guard(data: bytes, node, project=None):
    """(switch, default) of the nearest ``if`` or ``?:`` holding ``node`` in the function around
    it, when the defaults keep ``node`` unreached: the branch taken while the switch holds
    (``if (insecure)``) of a switch that defaults to off, or the one taken while it does not
    (``verify ? undefined : insecureAgent``, ``if (!verify)``) of a switch that defaults to on."""
    p, child = node.parent, node
    while p is not None and p.type not in FUNCTIONS:
        hit = _returned_before(data, p, child, project) if p.type == "statement_block" else None
        if hit is not None:
            return hit
        if p.type in ("if_statement", "ternary_expression"):
            branch = "consequence" if p.child_by_field_name("consequence") == child else \
                "alternative" if p.child_by_field_name("alternative") == child else None
            if branch is None:
                p, child = p.parent, p
                continue
            # (an if statement's alternative is its else_clause, the child met on the way up)
            hit = _switch(data, p, _unparen(p.child_by_field_name("condition")), branch == "consequence", project)
            if hit is not None or (p.type == "if_statement" and branch == "consequence" and not _lazy_init(data, p)):
                # the innermost decision only (an enclosing `if (useTls)` chooses TLS, not to
                # skip its checks); a lazy `if (!agent) agent = ...` decides nothing
                return hit
        p, child = p.parent, p
    return None


def _lazy_init(data: bytes, stmt) -> bool:
    """``if (!agent) { agent = new Agent(...) }``: the test only asks whether the value was made
    before (a cache), whatever it holds."""
    cond = _unparen(stmt.child_by_field_name("condition"))
    if cond is None or cond.type != "unary_expression" or not _text(data, cond).startswith("!") or not cond.named_children:
        return False
    name = _text(data, _unparen(cond.named_children[0]))
    body = stmt.child_by_field_name("consequence")
    return any(n.type == "assignment_expression" and _text(data, n.child_by_field_name("left")) == name
               for n in _walk(body)) if body is not None else False


def _unparen(node):
    while node is not None and node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    return node


def _switch(data: bytes, at, cond, holds: bool, project=None):
    """(switch, default) when the branch reached while ``cond`` is ``holds`` is not reached with
    the switch's default; None otherwise."""
    if cond is not None and cond.type == "unary_expression" and _text(data, cond).startswith("!"):
        return _switch(data, at, _unparen(cond.named_children[0]) if cond.named_children else None, not holds, project)
    if cond is None:
        return None
    op = cond.child_by_field_name("operator") if cond.type == "binary_expression" else None
    if op is not None and op.type == ("&&" if holds else "||"):
        # a && b holds only where both do; a || b fails only where both fail
        for side in ("left", "right"):
            hit = _switch(data, at, _unparen(cond.child_by_field_name(side)), holds, project)
            if hit is not None:
                return hit
        return None
    hit = project.switch_off(data, cond) if holds and project is not None else None
    if hit is not None:
        return hit
    if cond.type == "identifier" or cond.type == "member_expression" and _text(data, cond).startswith("this."):
        name = _text(data, cond)
        default = _default_off(data, at, name) if holds else _default_on(data, at, name)
        if not default and holds and cond.type == "identifier":  # a parameter every call sets off
            default = passed_off(data, at, name, _ENV_TRUE)
        return (name if holds else "!" + name, default) if default else None
    text = _text(data, cond).strip()
    if (_ENV_TRUE if holds else _ENV_NOT_FALSE).fullmatch(text):
        return (text if holds else f"!({text})", "an unset variable compares unequal")
    if unset_value(data, cond) is (not holds):  # through a default and a normaliser (envswitch_ts.py)
        text = " ".join(text.split())
        return (text if holds else f"!({text})", "its value while the variable is unset")
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
                if value is not None and any(_defaults_to(v, literal) or env_form.fullmatch(_text(data, v).strip())
                                             for v in _conjuncts(value, literal)):
                    return f"{_text(data, n)} at line {n.start_point[0] + 1}"
                # (`(process.env.X || "true").toLowerCase() !== "false"`, behind `config?.x ??`: ts54b)
                if value is not None and any(unset_value(data, v) is (literal == "true") for v in _conjuncts(value, literal)):
                    return f"{' '.join(_text(data, n).split())} at line {n.start_point[0] + 1}"
    return None


def _conjuncts(value, literal: str) -> list:
    """The value and, for a default ``false``, each part of a conjunction it is (``a && b`` is
    false wherever one part is)."""
    value = _unparen(value)
    op = value.child_by_field_name("operator") if value is not None and value.type == "binary_expression" else None
    if literal != "false" or op is None or op.type != "&&":
        return [value]
    return [value, *_conjuncts(value.child_by_field_name("left"), literal),
            *_conjuncts(value.child_by_field_name("right"), literal)]


def _returned_before(data: bytes, block, child, project):
    """(switch, default) of an early exit before ``child`` in ``block`` (``if (!insecure) return
    {};``): what follows runs only where the exit's condition fails."""
    for stmt in block.named_children:
        if stmt == child:
            return None
        if stmt.type != "if_statement" or stmt.child_by_field_name("alternative") is not None:
            continue
        body = stmt.child_by_field_name("consequence")
        last = body.named_children[-1] if body is not None and body.type == "statement_block" and body.named_children else body
        if last is not None and last.type in ("return_statement", "throw_statement"):
            hit = _switch(data, stmt, _unparen(stmt.child_by_field_name("condition")), False, project)
            if hit is not None:
                return hit
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


_SKIP_DIRS = frozenset({"node_modules", ".git", "dist", "build", "out", "coverage", "vendor"})


class _Project:
    """The project's own source, read only when a guard asks: a policy method's definition, the
    literal defaults the source gives a setting (test code not counted)."""

    def __init__(self, root: str):
        self.root = root
        self._files: Optional[List[str]] = None
        self._data: Dict[str, bytes] = {}
        self._settings: Dict[str, Optional[str]] = {}  # setting_off's answers, by name
        self._methods: Dict[str, Optional[str]] = {}  # method_off's answers, by name

    def files(self) -> List[str]:
        if self._files is None:
            from ...sources import is_test_path

            self._files = []
            for d, dirs, names in os.walk(self.root):
                dirs[:] = sorted(x for x in dirs if x not in _SKIP_DIRS and not x.startswith("."))
                for n in sorted(names):
                    rel = os.path.relpath(os.path.join(d, n), self.root).replace(os.sep, "/")
                    if n.endswith(_SUFFIXES) and not n.endswith(".d.ts") and not is_test_path(rel):
                        self._files.append(rel)
        return self._files

    def read(self, rel: str) -> bytes:
        if rel not in self._data:
            try:
                with open(os.path.join(self.root, rel), "rb") as fh:
                    self._data[rel] = fh.read(2_000_000)
            except OSError:
                self._data[rel] = b""
        return self._data[rel]

    def switch_off(self, data: bytes, cond):
        """(switch, default) for a setting read by name (``this.config.tls.allowInvalid``) or a
        predicate method of the project (``this.policy.allowsInvalidTls(url)``) that is false
        unless the operator sets the setting; None otherwise."""
        if cond.type == "member_expression":
            prop = cond.child_by_field_name("property")
            found = self.setting_off(_text(data, prop)) if prop is not None else None
            return (_text(data, cond), found) if found else None
        if cond.type != "call_expression":
            return None
        fn = cond.child_by_field_name("function")
        name = _text(data, fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else fn)
        found = self.method_off(name) if name and re.fullmatch(r"[A-Za-z_$][\w$]*", name) else None
        return (_text(data, cond), found) if found else None

    def setting_off(self, prop: str) -> Optional[str]:
        """Where the project's source gives ``prop`` its literal default ``false``, when it never
        gives it ``true`` (``allowInvalidTls: false`` in a default configuration). Cached by name:
        the project's files do not change during a scan."""
        if prop not in self._settings:
            self._settings[prop] = self._setting_off(prop)
        return self._settings[prop]

    def _setting_off(self, prop: str) -> Optional[str]:
        if not prop or not re.fullmatch(r"[A-Za-z_$][\w$]*", prop):
            return None
        pat = re.compile(rb"(?<![\w$.])" + re.escape(prop.encode()) + rb"\s*[:=]\s*(true|false)\b")
        first = None
        for rel in self.files():
            data = self.read(rel)
            if prop.encode() not in data:
                continue
            for m in pat.finditer(data):
                if m.group(1) == b"true":
                    return None
                line = data.count(b"\n", 0, m.start()) + 1
                first = first or f"{prop}: false at {rel}:{line}"
        return first

    def method_off(self, name: str) -> Optional[str]:
        """The default of a predicate method of the project every definition of which returns
        ``false`` or a conjunction with a setting that is off unless set. Cached by name."""
        if name not in self._methods:
            self._methods[name] = self._method_off(name)
        return self._methods[name]

    def _method_off(self, name: str) -> Optional[str]:
        from ...analysis.ts.parse import parse

        found = None
        for rel in self.files():
            data = self.read(rel)
            if name.encode() + b"(" not in data:
                continue
            for fn in _walk(parse(data, rel).root_node):
                if fn.type not in ("method_definition", "function_declaration") or _function_name(data, fn) != name:
                    continue
                returns = [r.named_children[0] for r in _walk(fn) if r.type == "return_statement"
                           and r.named_children and _enclosing(r) == fn]
                if not returns:
                    return None
                for value in returns:
                    if value.type == "false":
                        continue
                    why = next((w for v in _conjuncts(value, "false") if v.type == "member_expression"
                                for w in [self.switch_off(data, v)] if w), None)
                    if why is None:
                        return None
                    found = found or f"{name}() returns {why[0]}, {why[1]}"
        return found
