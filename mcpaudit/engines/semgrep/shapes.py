r"""Shapes of Python code a semgrep rule needs: a finer gate than text, read from :mod:`ast`.

Two of our rules have code patterns with no fixed name in them (``$NAME = "$VALUE"``,
``$LOGGER.$LEVEL(..., $ARG, ...)``): semgrep tries them on every statement of every file whose
text names a credential anywhere, which is most files of a server (``token: str`` parameters,
``max_tokens``). The rule says in its metadata which shape its code patterns need::

    metadata:
      mcpaudit-requires-python:
        - assigned-string: '(?i)(?:password|token)$'
        - env-default: {call: '^(?:getenv|get)$', name: '(?i)token$'}
        - call-argument: {call: '^(?:info|print)$', name: '(?i)token$'}

A Python file that :func:`ast.parse` reads passes the ``mcpaudit-requires-in-code`` gate only if
it also holds one of these shapes (``re.search`` on the names; a file ``ast`` cannot read passes):

``assigned-string``
    a name matching the regex bound to a value that may be a string literal to semgrep (see
    :func:`_may_be_literal`): an assignment, annotated, augmented
    or ``:=`` target (a name, an attribute's name, or one inside a tuple or list target), a
    keyword argument of a call or class, a parameter (function or lambda) with such a default,
    or a dict or ``case`` mapping key (a string matching the regex, or any key that is not one
    literal: semgrep folds pieces, ``"pass" + "word"``, and a name bound to a constant). Each is
    a superset of what semgrep's ``$NAME = "$VALUE"``, ``$OBJ.$NAME = ...``,
    ``$F(..., $NAME="$VALUE", ...)``, ``def $F(..., $NAME="$VALUE", ...)`` and
    ``{..., "$NAME": "$VALUE", ...}`` match when the rule reports the value
    (``focus-metavariable: $VALUE``): the reported literal lies inside the matched code, so in
    the value (literals folded together, ``"a" + "b"``, ``"a" + X``); a name bound to a literal
    elsewhere is matched by semgrep's constant propagation but reported where that literal is,
    outside the match, and dropped.
``env-default``
    a call of a function whose name (as for ``call-argument``) matches ``call``, with two or more
    positional arguments, the second one that may be a literal, the first, when it is one
    literal, matching ``name`` (``os.getenv("$ENV", "$VALUE")`` under any
    alias; a first argument that is a name bound to a constant matches through semgrep's
    constant propagation).
``call-argument``
    a call of a function whose name (an attribute's, a plain name's, or the name imported under
    another: ``from logging import info as i``) matches ``call``, with an argument (positional,
    starred or keyword) that holds a name, an attribute or a string literal matching ``name``.

``bound-name``
    a name matching the regex bound to anything: a keyword argument of a call or class, an
    assignment, annotated, augmented or ``:=`` target (a name, an attribute's name, or one inside
    a tuple or list target), a parameter with a default. A superset of what semgrep's
    ``$F(..., verify=$V, ...)`` and ``$S.verify = False`` match (a value that is a name bound to
    ``False`` elsewhere is matched by constant propagation; the name is still written here).
``string``
    a string literal matching the regex (``+`` chains of literals folded, as semgrep folds them):
    a dict key ``{"verify": $V}``, an environment variable's name; a key or a name that is a
    variable bound to the literal is matched by semgrep's constant propagation, within the file,
    where the literal is written too.

``tests/engines/test_semgrep_speed24.py`` checks each shape and, against semgrep itself, the
fixture ``fixtures/semgrep_shapes`` (scoped and unscoped runs give the same findings);
:mod:`.scoping` reads the key. The shapes are read from the cst engine's first-pass trees when the
scan has them (``EngineContext.first_pass_tree``), else parsed here.
"""

from __future__ import annotations

import ast
import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

#: Rule metadata key: the shapes of Python code one of which the rule's code patterns need.
SHAPES_KEY = "mcpaudit-requires-python"

_KINDS = ("assigned-string", "env-default", "call-argument", "bound-name", "string")
_STRINGY = (ast.JoinedStr,)


class Shapes:
    """A rule's compiled ``mcpaudit-requires-python``: does a parsed module hold one shape?"""

    __slots__ = ("entries",)

    def __init__(self, rule_id: str, entries: Any):
        if isinstance(entries, dict):
            entries = [entries]
        if not isinstance(entries, list) or not entries:
            raise ValueError(f"rule {rule_id}: {SHAPES_KEY} must be a non-empty list of shapes")
        self.entries: List[Tuple[str, Any]] = [_entry(rule_id, e) for e in entries]

    def test(self, facts: Optional["Facts"]) -> bool:
        """``facts`` of a module (None: ``ast`` could not read it, so it may hold anything)."""
        if facts is None:
            return True
        return any(_TESTS[kind](facts, what) for kind, what in self.entries)


def _entry(rule_id: str, entry: Any) -> Tuple[str, Any]:
    if not isinstance(entry, dict) or len(entry) != 1:
        raise ValueError(f"rule {rule_id}: each {SHAPES_KEY} entry is one of {', '.join(_KINDS)}")
    ((kind, what),) = entry.items()
    try:
        if kind in ("assigned-string", "bound-name", "string") and isinstance(what, str):
            return kind, re.compile(what)
        if kind in ("env-default", "call-argument") and isinstance(what, dict) and set(what) == {"call", "name"}:
            return kind, (re.compile(what["call"]), re.compile(what["name"]))
    except (re.error, TypeError) as exc:
        raise ValueError(f"rule {rule_id}: bad {SHAPES_KEY} regex in {entry!r}: {exc}") from None
    raise ValueError(f"rule {rule_id}: bad {SHAPES_KEY} entry {entry!r}")


class Facts:
    """What the shapes look at in one module, gathered in one walk of its tree: each bound name
    with its value, each key built from strings with its value, each call, and the local names
    of imported functions (``from m import f as g``: ``g`` -> ``f``)."""

    __slots__ = ("bound", "keys", "calls", "imported", "strings")

    def __init__(self, tree: ast.AST):
        self.bound: List[Tuple[str, ast.AST]] = []
        self.keys: List[Tuple[ast.AST, ast.AST]] = []
        self.calls: List[ast.Call] = []
        self.imported: Dict[str, str] = {}
        self.strings: List[str] = []  # every str literal, and each + chain of them folded
        for node in ast.walk(tree):
            handler = _GATHER.get(type(node))
            if handler is not None:
                handler(self, node)

    @staticmethod
    def of(text: str) -> Optional["Facts"]:
        """The facts of Python source ``text``, or None when :mod:`ast` cannot read it (syntax of
        another Python version, a null byte, nesting too deep)."""
        try:
            return Facts(ast.parse(text))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None

    def bind_targets(self, targets: Sequence[ast.AST], value: Optional[ast.AST]) -> None:
        if value is None:
            return
        for target in targets:
            stack = [target]
            while stack:
                node = stack.pop()
                if isinstance(node, ast.Name):
                    self.bound.append((node.id, value))
                elif isinstance(node, ast.Attribute):
                    self.bound.append((node.attr, value))
                elif isinstance(node, (ast.Tuple, ast.List)):
                    stack.extend(node.elts)
                elif isinstance(node, ast.Starred):
                    stack.append(node.value)

    def bind_parameters(self, args: ast.arguments) -> None:
        positional = [*args.posonlyargs, *args.args]
        for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults):
            self.bound.append((arg.arg, default))
        for arg, default in zip(args.kwonlyargs, args.kw_defaults):
            if default is not None:
                self.bound.append((arg.arg, default))

    def bind_keys(self, keys: Sequence[Optional[ast.AST]], values: Sequence[ast.AST]) -> None:
        for key, value in zip(keys, values):
            if key is not None:
                self.keys.append((key, value))

    def add_string(self, node: ast.AST) -> None:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                self.strings.append(node.value)
        else:
            folded = _folded(node)
            if folded is not None:
                self.strings.append(folded)

    def import_names(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.asname:
                self.imported[alias.asname] = alias.name


_GATHER = {
    ast.Assign: lambda f, n: f.bind_targets(n.targets, n.value),
    ast.AnnAssign: lambda f, n: f.bind_targets([n.target], n.value),
    ast.AugAssign: lambda f, n: f.bind_targets([n.target], n.value),
    ast.NamedExpr: lambda f, n: f.bind_targets([n.target], n.value),
    ast.keyword: lambda f, n: f.bound.append((n.arg, n.value)) if n.arg else None,
    ast.arguments: Facts.bind_parameters,
    ast.Dict: lambda f, n: f.bind_keys(n.keys, n.values),
    ast.MatchMapping: lambda f, n: f.bind_keys(n.keys, n.patterns),
    ast.Call: lambda f, n: f.calls.append(n),
    ast.ImportFrom: Facts.import_names,
    ast.Constant: Facts.add_string,
    ast.BinOp: Facts.add_string,
}


def _folded(node: ast.AST) -> Optional[str]:
    """The text of a ``+`` chain of str literals (``"ver" + "ify"``), else None."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _folded(node.left)
        right = _folded(node.right) if left is not None else None
        return left + right if right is not None else None
    return None


def _may_be_literal(node: ast.AST) -> bool:
    """Can semgrep's ``"$VALUE"`` match ``node``, or (a tuple assigned to a tuple target, which
    semgrep pairs up) one of its items? A string literal, an f-string, or an operation on
    operands one of which is a string literal (semgrep folds ``"a" + "b"`` and ``"a" + X``); never
    a call, a name, an attribute, a subscript, a condition (measured with semgrep 1.182)."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_may_be_literal(item) for item in node.elts)
    if isinstance(node, ast.Starred):
        return _may_be_literal(node.value)
    if isinstance(node, ast.BinOp):
        return _holds_string(node)
    return isinstance(node, _STRINGY) or _string_value(node) is not None


def _holds_string(node: ast.AST) -> bool:
    """Does ``node`` hold a string literal anywhere (a ``str``/``bytes`` constant, an f-string)?"""
    for sub in ast.walk(node):
        if isinstance(sub, _STRINGY) or (isinstance(sub, ast.Constant) and isinstance(sub.value, (str, bytes))):
            return True
    return False


def _string_value(node: ast.AST) -> Optional[str]:
    """The text of a single string literal (``bytes`` decoded as Latin-1), else None."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return node.value
        if isinstance(node.value, bytes):
            return node.value.decode("latin-1")
    elif isinstance(node, ast.MatchValue):
        return _string_value(node.value)
    return None


def _assigned_string(facts: Facts, names: "re.Pattern[str]") -> bool:
    if any(names.search(name) and _may_be_literal(value) for name, value in facts.bound):
        return True
    for key, value in facts.keys:
        text = _string_value(key)
        if text is not None and not names.search(text):
            continue
        # (any other key may be one semgrep folds from pieces, or a name bound to a constant)
        if _may_be_literal(value):
            return True
    return False


def _env_default(facts: Facts, what: Tuple["re.Pattern[str]", "re.Pattern[str]"]) -> bool:
    calls, names = what
    for call in facts.calls:
        args = call.args
        if len(args) >= 2 and _may_be_literal(args[1]) and _calls(call, facts, calls):
            first = _string_value(args[0])
            if first is None or names.search(first):
                return True
    return False


def _callee(call: ast.Call, imported: Dict[str, str]) -> Optional[Tuple[str, ...]]:
    func = call.func
    if isinstance(func, ast.Attribute):
        return (func.attr,)
    if isinstance(func, ast.Name):
        return (func.id, imported[func.id]) if func.id in imported else (func.id,)
    return None


def _names_in(node: ast.AST, names: "re.Pattern[str]") -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            text: Optional[str] = sub.id
        elif isinstance(sub, ast.Attribute):
            text = sub.attr
        else:
            text = _string_value(sub)
        if text is not None and names.search(text):
            return True
    return False


def _calls(call: ast.Call, facts: Facts, calls: "re.Pattern[str]") -> bool:
    callee = _callee(call, facts.imported)
    return callee is not None and any(calls.search(c) for c in callee)


def _call_argument(facts: Facts, what: Tuple["re.Pattern[str]", "re.Pattern[str]"]) -> bool:
    calls, names = what
    for call in facts.calls:
        if not _calls(call, facts, calls):
            continue
        if any(_names_in(arg, names) for arg in call.args) or \
                any(_names_in(kw.value, names) for kw in call.keywords):
            return True
    return False


_TESTS = {
    "assigned-string": _assigned_string,
    "env-default": _env_default,
    "call-argument": _call_argument,
    "bound-name": lambda facts, names: any(names.search(name) for name, _value in facts.bound),
    "string": lambda facts, texts: any(texts.search(text) for text in facts.strings),
}
