"""TLS verification turned off only when the operator asks for it.

``ssl-unverified-context`` and ``tls-verify-disabled`` report where certificate checking is
switched off. Many servers switch it off only inside a branch on a setting of their own
configuration whose default keeps it on::

    insecure: bool = False                      # a settings class field
    ...
    if self.config.insecure:
        context.verify_mode = ssl.CERT_NONE

    DB_SSL_VERIFY_CERT = os.getenv("DB_SSL_VERIFY_CERT", "true").lower() == "true"
    if not DB_SSL_VERIFY_CERT:
        ...

A run with the defaults verifies; the unverified branch is an operator's explicit choice. Such a
hit goes to the audit view with the reason. The setting must be the program's own configuration:
a module-level name, an attribute whose class field (``name: bool = False``, ``Field(default=...)``)
or ``argparse`` option (``action="store_true"``, ``default=``) gives its default. A branch on a
parameter of the enclosing function (a tool's argument, a caller's choice) or on a setting whose
default is unknown or on stays at default confidence.
"""

from __future__ import annotations

import ast
import os
import re
from typing import Any, Dict, Iterable, List, Optional

from ...models import Confidence, Finding
from ...astparents import parents as _parents
from .credtests import mentions_credential, without_credentials

RULES = frozenset({"ssl-unverified-context", "tls-verify-disabled"})
REASON = ("certificate checking is off only in a branch on the operator's own setting ({setting}), "
          "whose default keeps it on: an explicit opt-out, not the default (audit view)")

_UNKNOWN = object()
#: the rule's other case, which an opt-in's finding is not: its message drops it (ts24a)
_OFF_BY_DEFAULT = re.compile(r",? or off by default \([^)]*\)")


def opted_message(message: str, reason: str) -> str:
    """The message of a finding behind an opt-in: without the rule's "or off by default" case,
    with the reason."""
    return _OFF_BY_DEFAULT.sub("", message, count=1) + "; " + reason

_ENV_GETS = frozenset({"getenv", "get"})
#: bases of a settings class read from the environment or a config file (pydantic-settings)
_SETTINGS_BASES = frozenset({"BaseSettings"})
_STR_METHODS = frozenset({"lower", "upper", "strip", "casefold"})


class _Settings:
    """Defaults of the program's settings: module-level names of the file, class fields and
    ``argparse`` options of the scanned files."""

    def __init__(self, tree: ast.AST, others: Iterable[ast.AST]):
        others = list(others)
        self.module = _module_names(tree)
        # a name imported from another module of the project (``from settings import VERIFY``)
        imported = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        for other in others:
            for name, exprs in _module_names(other).items():
                if name in imported and name not in self.module:
                    self.module.setdefault(name, []).extend(exprs)
        self.fields: Dict[str, List[Any]] = {}
        #: the project's functions by name (a predicate method such as policy.allows_invalid_tls)
        self.functions: Dict[str, List[ast.AST]] = {}
        #: single assignments of the function around the hit (set per hit by _off_by_default)
        self.local: Dict[str, ast.AST] = {}
        #: the project's settings classes (pydantic-settings ``BaseSettings``): what the operator configures
        self.settings_classes: set = set()
        for t in (tree, *others):
            self._collect(t)

    def _collect(self, tree: ast.AST) -> None:
        """Class fields and ``argparse`` options of ``tree``, and its functions in the same walk;
        those join :attr:`functions` after the walk, so a field's default is read with the
        functions of the trees before this one, as when they were indexed in a walk of their own."""
        functions: List[ast.AST] = []
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append(node)
            elif isinstance(node, ast.ClassDef):
                if any(_last(b) in _SETTINGS_BASES for b in node.bases):
                    self.settings_classes.add(node.name)
                for stmt in node.body:
                    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                        self.fields.setdefault(stmt.target.id, []).append(self._field(stmt.value))
                    elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
                            isinstance(stmt.targets[0], ast.Name):
                        self.fields.setdefault(stmt.targets[0].id, []).append(self._field(stmt.value))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "add_argument":
                dest = _option_dest(node)
                if dest:
                    self.fields.setdefault(dest, []).append(_option_default(node, self))
        for fn in functions:
            self.functions.setdefault(fn.name, []).append(fn)

    def _field(self, value: Optional[ast.AST]) -> Any:
        if value is None:
            return _UNKNOWN  # a required field: the operator always gives it
        if isinstance(value, ast.Call) and _last(value.func) == "Field":
            for kw in value.keywords:
                if kw.arg == "default":
                    return self.value(kw.value)
            return self.value(value.args[0]) if value.args else _UNKNOWN
        return self.value(value)

    def value(self, node: ast.AST, depth: int = 0) -> Any:
        """The value ``node`` has when nothing is configured, or ``_UNKNOWN``."""
        if depth > 8:
            return _UNKNOWN
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.BoolOp):
            return self._bool_op([self.value(v, depth + 1) for v in node.values], isinstance(node.op, ast.Or))
        if isinstance(node, ast.Name) and node.id in self.local:
            return self.value(self.local[node.id], depth + 1)
        if isinstance(node, ast.Name):
            exprs = self.module.get(node.id, [])
            return self.value(exprs[0], depth + 1) if len(exprs) == 1 else _UNKNOWN
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right = self.value(node.left, depth + 1), _literal(node.comparators[0])
            if left is _UNKNOWN or right is _UNKNOWN:
                return _UNKNOWN
            op = node.ops[0]
            try:
                if isinstance(op, (ast.Eq, ast.NotEq)):
                    return (left == right) == isinstance(op, ast.Eq)
                if isinstance(op, (ast.In, ast.NotIn)):
                    return (left in right) == isinstance(op, ast.In)
            except TypeError:
                return _UNKNOWN
        return _UNKNOWN

    def _call(self, node: ast.Call, depth: int) -> Any:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _STR_METHODS and not node.args:
            inner = self.value(func.value, depth + 1)
            return getattr(inner, func.attr)() if isinstance(inner, str) else _UNKNOWN
        if isinstance(func, ast.Attribute) and func.attr in _ENV_GETS and node.args and (
                (func.attr == "getenv" and isinstance(func.value, ast.Name) and func.value.id == "os")
                or (func.attr == "get" and isinstance(func.value, ast.Attribute) and func.value.attr == "environ")):
            if len(node.args) >= 2:
                return self.value(node.args[1], depth + 1)
            default = next((kw.value for kw in node.keywords if kw.arg == "default"), None)
            return self.value(default, depth + 1) if default is not None else None
        name = _last(func)
        if depth < 4 and name in self.functions:
            return self._returns(self.functions[name], depth)
        return _UNKNOWN

    def _returns(self, defs: List[ast.AST], depth: int) -> Any:
        """A project function's result when nothing is configured: ``False`` when every
        ``return`` of every definition of that name is false with the defaults
        (``return url.startswith("https") and self.settings.accept_self_signed``)."""
        local, self.local = self.local, {}
        try:
            for fn in defs:
                params = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)} - {"self", "cls"}
                rets = _own_returns(fn)
                if not rets or any(r is None or self.default(r, params, depth + 1) is not False for r in rets):
                    return _UNKNOWN
            return False
        finally:
            self.local = local

    @staticmethod
    def _bool_op(vals: List[Any], stop: bool) -> Any:
        """``a or b`` / ``a and b`` of values with the defaults: Or: one true decides; And: one false."""
        if any(v is not _UNKNOWN and bool(v) == stop for v in vals):
            return stop
        return _UNKNOWN if any(v is _UNKNOWN for v in vals) else not stop

    def default(self, test: ast.AST, params: Iterable[str], depth: int = 0) -> Any:
        """The truth of an ``if`` test when nothing is configured (True/False), or ``_UNKNOWN``:
        a test on a parameter of the enclosing function is never the operator's setting."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            inner = self.default(test.operand, params, depth)
            return _UNKNOWN if inner is _UNKNOWN else not inner
        if isinstance(test, ast.BoolOp):
            return self._bool_op([self.default(v, params, depth) for v in test.values], isinstance(test.op, ast.Or))
        root = test
        while isinstance(root, (ast.Attribute, ast.Call, ast.Compare, ast.Subscript)):
            root = root.func if isinstance(root, ast.Call) else root.left if isinstance(root, ast.Compare) \
                else root.value
        if isinstance(root, ast.Name) and root.id in params:
            return _UNKNOWN
        if isinstance(test, ast.Attribute):
            vals = self.fields.get(test.attr, [])
            known = {bool(v) for v in vals if v is not _UNKNOWN}
            return known.pop() if vals and len(known) == 1 and all(v is not _UNKNOWN for v in vals) else _UNKNOWN
        val = self.value(test, depth)
        return _UNKNOWN if val is _UNKNOWN else bool(val)


def _module_names(tree: ast.AST) -> Dict[str, List[ast.AST]]:
    """The module-level assignments of a file, by name."""
    out: Dict[str, List[ast.AST]] = {}
    for stmt in getattr(tree, "body", []):
        if isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                if isinstance(t, ast.Name):
                    out.setdefault(t.id, []).append(stmt.value)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            out.setdefault(stmt.target.id, []).append(stmt.value)
    return out


def _last(func: ast.AST) -> Optional[str]:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _literal(node: ast.AST) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _UNKNOWN


def _option_dest(call: ast.Call) -> Optional[str]:
    for kw in call.keywords:
        if kw.arg == "dest" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            return kw.value.value
    flags = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    long = [f for f in flags if f.startswith("--")]
    return long[0].lstrip("-").replace("-", "_") if long else None


def _option_default(call: ast.Call, settings: _Settings) -> Any:
    kws = {kw.arg: kw.value for kw in call.keywords if kw.arg}
    if "default" in kws:
        return settings.value(kws["default"])
    action = kws.get("action")
    if isinstance(action, ast.Constant) and action.value in ("store_true", "store_false"):
        return action.value == "store_false"
    return None


def opted_in(text: str, lines: List[int], others: Iterable[ast.AST] = ()) -> Dict[int, str]:
    """For hit ``lines`` of a file's ``text``: the ones inside a branch that a run with default
    settings never takes, with the setting's source text."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    parents = _parents(tree)
    settings = _Settings(tree, others)
    out: Dict[int, str] = {}
    for line in lines:
        stmts = [n for n in ast.walk(tree) if isinstance(n, ast.stmt) and n.lineno == line
                 and not isinstance(n, (ast.If, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
        if not stmts:
            continue
        why = _off_by_default(stmts[0], parents, settings)
        if why:
            out[line] = why
    return out


def _off_by_default(stmt: ast.AST, parents: Dict[int, ast.AST], settings: _Settings) -> Optional[str]:
    node, parent = stmt, parents.get(id(stmt))
    fn = parent
    while fn is not None and not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        fn = parents.get(id(fn))
    # a parameter typed as a settings class is the operator's configuration, not a caller's choice
    params = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg) and not (
        a.annotation is not None and _last(a.annotation) in settings.settings_classes)} - {"self", "cls"} if fn else set()
    settings.local = _single_assignments(fn, params) if fn is not None else {}
    # the innermost branch only: an enclosing ``if tls_enabled:`` chooses TLS, not to skip its checks
    while parent is not None:
        hit = _exited_before(node, parent, settings, params)
        if hit or parent is fn:
            return hit
        if isinstance(parent, ast.If) and node is not parent.test:
            test = without_credentials(parent.test)
            if test is None:
                return None  # whether a credential is configured: no TLS opt-out (credtests.py)
            taken = node in parent.body
            if test is not parent.test and not taken:
                return None  # the else of `switch and token` also runs when only the token is unset
            default = settings.default(test, params)
            return ast.unparse(test) if default is not _UNKNOWN and bool(default) != taken else None
        node, parent = parent, parents.get(id(parent))
    return None


def _exited_before(node: ast.AST, parent: ast.AST, settings: _Settings, params) -> Optional[str]:
    """``if not insecure: return Client()`` before ``node`` in the same block, taken with the
    defaults: ``node`` runs only where the operator's setting is on (ts24a)."""
    for field in ("body", "orelse", "finalbody"):
        block = getattr(parent, field, None)
        if not isinstance(block, list) or node not in block:
            continue
        for s in block[:block.index(node)]:
            if isinstance(s, ast.If) and not s.orelse and s.body and isinstance(s.body[-1], (ast.Return, ast.Raise)) \
                    and not mentions_credential(s.test) and settings.default(s.test, params) is True:
                test = s.test
                return ast.unparse(test.operand) if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) \
                    else f"not ({ast.unparse(test)})"
    return None


def _single_assignments(fn: ast.AST, params) -> Dict[str, ast.AST]:
    """Names the function assigns exactly once (``insecure = scheme == "https" and ...``)."""
    seen: Dict[str, List[ast.AST]] = {}
    for n in ast.walk(fn):
        targets = n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(n, (ast.AnnAssign, ast.AugAssign, ast.For)) else []
        for t in targets:
            if isinstance(t, ast.Name) and t.id not in params:
                seen.setdefault(t.id, []).append(n.value if isinstance(n, (ast.Assign, ast.AnnAssign)) else None)
    return {k: v[0] for k, v in seen.items() if len(v) == 1 and v[0] is not None}


def _own_returns(fn: ast.AST) -> List[Optional[ast.AST]]:
    """The values of the function's own ``return`` statements (not those of functions inside it)."""
    out, stack = [], list(ast.iter_child_nodes(fn))
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Return):
            out.append(n.value)
        elif not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(n))
    return out


def demote_opt_in_tls(findings: List[Finding], root, files: Iterable[str], py=None) -> None:
    """TLS findings in a branch on an operator setting that is off by default: to the audit
    view with the reason (see the module). ``py``: the run's :class:`~.pyfiles.PyFiles` (made
    from ``files`` when not given), which reads each file once for every cross-file pass."""
    by_file: Dict[str, List[Finding]] = {}
    for f in findings:
        if f.rule_id in RULES and f.confidence > Confidence.LOW and f.location.path.endswith(".py"):
            by_file.setdefault(f.location.path, []).append(f)
    if not by_file:
        return
    if py is None:
        from .pyfiles import PyFiles

        py = PyFiles(root, files)
    trees = _setting_trees(py)  # read and parsed once, not once per file with a hit
    for rel, hits in by_file.items():
        here = os.path.abspath(os.path.join(str(root), rel))
        text = py.text(here)
        if text is None:
            continue
        others = [tree for path, tree in trees.items() if path != here]
        lines = opted_in(text, [f.location.line for f in hits], others)
        for f in hits:
            setting = lines.get(f.location.line)
            if setting:
                f.confidence = Confidence.LOW
                f.message = opted_message(f.message, REASON.format(setting=setting))
                f.properties["tls-context"] = "operator-opt-in"


def _setting_trees(py) -> Dict[str, ast.AST]:
    """The scanned Python files that may declare settings (a class field or an option), by
    absolute path; a file with a hit reads the others'."""
    out: Dict[str, ast.AST] = {}
    for path in py.paths:
        text = py.text(path)
        if text is not None and ("class " in text or "add_argument" in text or "environ" in text or "getenv" in text):
            tree = py.tree(path)
            if tree is not None:
                out[path] = tree
    return out
