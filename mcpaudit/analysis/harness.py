"""Two facts about checks that a helper makes on an id before it is used.

**A branch taken only under a test harness is not the production path.** A validator that
returns its value unchecked when a test runner's switch is set (``if os.getenv("PYTEST_CURRENT_TEST"):
return value``, ``if "pytest" in sys.modules``, ``if settings.testing``, or a ``strict`` flag
filled from such a switch when the caller leaves it ``None``) still checks every value in
production: the interpreter does not run that branch. The switches are data
(``test-switches`` in ``rules/models/python/builtins.yaml``); an ordinary setting is no switch.

**A check on what is left after a constant prefix is removed is a check on the whole value.**
``core = v.removeprefix("ws-")`` (or ``v[len(P):]``, or ``v[3:]`` under ``v.startswith("ws-")``,
or ``v.replace("ws-", "", 1)``) followed by ``UUID(core)``: ``v`` is then the prefix's characters
and a UUID's, which climb no URL path. Only a prefix of letters, digits, ``_`` and ``-`` links
the check back; a slice with an end, or a start the prefix test does not fix, does not.
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, List, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N

#: (a true test means a test harness runs us, a false test means it)
Polarity = Tuple[bool, bool]
_NONE: Polarity = (False, False)
_SAFE_PREFIX = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")
_OFF_WORDS = frozenset({"", "0", "false", "no", "off", "none", "n", "f"})
_TEXT_METHODS = ("lower", "upper", "strip", "casefold", "lstrip", "rstrip")


class TestSwitches:
    """Mixed into the function interpreter (needs ``mod``, ``M``, ``fn``, ``env``, ``params``)."""

    def _init_harness(self) -> None:
        self._switch_vars: Optional[Dict[str, Polarity]] = None
        self.remainders: Dict[str, Tuple[str, str]] = {}  # core -> (the value it was cut from, prefix)
        self.prefixes: Dict[str, str] = {}  # v -> P while ``v.startswith(P)`` holds (an ``if`` body)

    # -- test-harness switches ------------------------------------------------------------
    def test_only(self, test) -> Polarity:
        """(the ``if`` body runs only under a test harness, its ``else`` does)."""
        if not self.M.test_switches:
            return _NONE
        return self._polarity(test, 0)

    def _polarity(self, node, depth: int) -> Polarity:
        if depth > 6:
            return _NONE
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
            t, f = self._polarity(node.expression, depth + 1)
            return f, t
        if isinstance(node, cst.BooleanOperation):
            a, b = self._polarity(node.left, depth + 1), self._polarity(node.right, depth + 1)
            if isinstance(node.operator, cst.Or):  # true: one of them is; false: both are
                return a[0] and b[0], a[1] or b[1]
            return a[0] or b[0], a[1] and b[1]
        if isinstance(node, cst.Call) and (self.mod.dotted(node.func) or "") == "bool" and len(node.args) == 1:
            return self._polarity(node.args[0].value, depth + 1)
        if isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
            return self._compared(node)
        if self._env_read(node) is not None:
            return (True, False) if self._env_read(node) else _NONE
        if isinstance(node, cst.Attribute) and node.attr.value in self.M.test_switches.get("attributes", ()):
            base = N.var_of(node.value)
            return (True, False) if not (base and self.env.get(base)) else _NONE
        if isinstance(node, cst.Name):
            return self._switch_var(node.value, depth)
        return _NONE

    def _env_read(self, node) -> Optional[bool]:
        """A read of a test runner's environment variable: True when it is falsy unless set
        (no default, or a falsy one), False when read with a truthy default, None: not one."""
        sw = self.M.test_switches
        if isinstance(node, cst.Call) and (self.mod.dotted(node.func) or "") in sw.get("calls", ()) and node.args:
            if N.string_value(node.args[0].value) not in sw.get("env", ()):
                return None
            default = node.args[1].value if len(node.args) > 1 else None
            return default is None or N.string_value(default) == "" or (
                isinstance(default, cst.Name) and default.value in ("None", "False"))
        if isinstance(node, cst.Subscript) and (self.mod.dotted(node.value) or "") in sw.get("mappings", ()) \
                and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            return True if N.string_value(node.slice[0].slice.value) in sw.get("env", ()) else None
        return None

    def _compared(self, node: cst.Comparison) -> Polarity:
        """``"PYTEST_CURRENT_TEST" in os.environ``, ``"pytest" in sys.modules``,
        ``os.getenv("TESTING", "") == "true"`` (``.lower()`` too), ``... is not None``."""
        sw = self.M.test_switches
        comp = node.comparisons[0]
        op, left, right = comp.operator, node.left, comp.comparator
        positive = isinstance(op, (cst.In, cst.Equal, cst.IsNot))
        if not positive and not isinstance(op, (cst.NotIn, cst.NotEqual, cst.Is)):
            return _NONE
        hit = False
        if isinstance(op, (cst.In, cst.NotIn)):
            key, table = N.string_value(left), self.mod.dotted(right) or ""
            hit = (key in sw.get("env", ()) and table in sw.get("mappings", ())) or (
                key in sw.get("modules", ()) and table in sw.get("module-tables", ()))
            if not hit and self._env_read(_text_of(left)) is not None:
                words = [N.string_value(e.value) for e in N.elements(right)] if isinstance(
                    right, (cst.Tuple, cst.List, cst.Set)) else [None]
                hit = bool(words) and all(w is not None and w.lower() not in _OFF_WORDS for w in words)
        elif isinstance(op, (cst.Equal, cst.NotEqual)):
            for a, b in ((left, right), (right, left)):
                word = N.string_value(b)
                if self._env_read(_text_of(a)) is not None and word is not None and word.lower() not in _OFF_WORDS:
                    hit = True
        elif isinstance(right, cst.Name) and right.value == "None":
            hit = bool(self._env_read(left))
        if not hit:
            return _NONE
        return (True, False) if positive else (False, True)

    def _switch_var(self, name: str, depth: int) -> Polarity:
        """A local every assignment of which is a test switch (a parameter only when it defaults
        to None and the function fills it when None), or a module-level one."""
        if self._switch_vars is None:
            self._switch_vars = {}
            self._switch_vars = self._local_switches(depth)
        if name in self._switch_vars:
            return self._switch_vars[name]
        if self.fn is not None and (name in self._bound_names() or any(p.name == name for p in self.params)):
            return _NONE
        value = _module_switches(self.mod).get(name) if name not in self.mod.rebound_globals else None
        return self._polarity(value, depth + 1) if value is not None else _NONE

    def _bound_names(self) -> FrozenSet[str]:
        from .guards import assigned_names_in
        if self._assigned is None:
            self._assigned = assigned_names_in(self.mod, self.fn)
        return self._assigned

    def _local_switches(self, depth: int) -> Dict[str, Polarity]:
        if self.fn is None:
            return {}
        values: Dict[str, List[cst.CSTNode]] = {}
        simple = set()
        for node in N.nodes_of(self.fn.body, (cst.Assign, cst.AnnAssign)):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            for t in targets:
                if isinstance(t, cst.Name) and node.value is not None:
                    values.setdefault(t.value, []).append(node.value)
                    simple.add(id(t))
        other = {n.value for b in N.nodes_of(self.fn.body, (cst.AugAssign, cst.For, cst.NamedExpr, cst.WithItem,
                                                            cst.AsName, cst.AssignTarget))
                 for n in N.nodes_of(getattr(b, "target", None) or getattr(b, "asname", None)
                                     or getattr(b, "name", None) or cst.Pass(), cst.Name) if id(n) not in simple}
        out: Dict[str, Polarity] = {}
        for name, vals in values.items():
            if name in other or not self._filled_when_none(name):
                continue
            pols = {self._polarity(v, depth + 1) for v in vals}
            if len(pols) == 1 and next(iter(pols)) != _NONE:
                out[name] = next(iter(pols))
        return out

    def _filled_when_none(self, name: str) -> bool:
        """Not a parameter, or one defaulting to None that an ``if name is None:`` sets (a caller
        that leaves it out gets the switch; one that passes it chooses, which is not checked)."""
        param = next((p for p in self.params if p.name == name), None)
        if param is None:
            return True
        if param.default != "None":
            return False
        for stmt in N.nodes_of(self.fn.body, cst.If):
            test = stmt.test
            if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and N.var_of(test.left) == name \
                    and isinstance(test.comparisons[0].operator, cst.Is) \
                    and isinstance(test.comparisons[0].comparator, cst.Name) \
                    and test.comparisons[0].comparator.value == "None" and stmt.orelse is None:
                return True
        return False

    # -- a check on the remainder after a constant prefix -----------------------------------
    def enter_prefixes(self, test) -> Dict[str, str]:
        """The prefixes known before an ``if`` body; the body adds its test's ``v.startswith(P)``
        (alone or in an ``and``)."""
        outer = self.prefixes
        found = dict(outer)
        for cond in N.conjuncts(test):
            func = cond.func if isinstance(cond, cst.Call) else None
            if isinstance(func, cst.Attribute) and func.attr.value == "startswith" and len(cond.args) == 1:
                var, word = N.var_of(func.value), self._text_constant(cond.args[0].value)
                if var and word:
                    found[var] = word
        self.prefixes = found
        return outer

    def after_prefixes(self, test, outer: Dict[str, str], body_exits: bool) -> Dict[str, str]:
        """The prefixes known past an ``if`` body: those before it, and ``v.startswith(P)`` when the
        body of ``if not v.startswith(P):`` always leaves (raise, return)."""
        if not body_exits or not (isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)):
            return outer
        self.enter_prefixes(test.expression)
        found, self.prefixes = self.prefixes, outer
        return found

    def _text_constant(self, node) -> Optional[str]:
        """A string literal, or a local or module-level string constant (``PREFIX = "ws-"``)."""
        if isinstance(node, cst.Name):
            return self.string_constants.get(node.value) or self.mod.string_constants.get(node.value)
        return N.string_value(node)

    def note_remainder(self, name: str, node) -> None:
        """``name = v.removeprefix(P)`` / ``v[len(P):]`` / ``v[N:]`` (``v.startswith(P)`` holds
        here, ``len(P) == N``) / ``v.replace(P, "", 1)``: ``name`` is what follows the prefix."""
        self.remainders.pop(name, None)
        self.prefixes.pop(name, None)
        cut = _cut(node, self.prefixes, self._text_constant)
        if cut is not None and _SAFE_PREFIX.match(cut[1]) and cut[0] != name:
            self.remainders[name] = cut

    def link_remainder(self, checked, clean: FrozenSet[str]) -> None:
        """A parse check on ``checked`` (a variable, or the cut itself: ``UUID(v.removeprefix(P))``)
        made the value it was cut from clean for ``clean`` too."""
        from .taintvalue import mark
        cut = self.remainders.get(checked) if isinstance(checked, str) else _cut(checked, self.prefixes, self._text_constant)
        cut = cut if cut is not None and _SAFE_PREFIX.match(cut[1]) else None
        if cut is not None and self.env.get(cut[0]):
            self.env[cut[0]] = mark(self.env[cut[0]], clean=clean, checked=True)


def _module_switches(mod) -> Dict[str, cst.CSTNode]:
    """Module-level names assigned once, at the top level of the module: name -> value."""
    cached = mod.__dict__.get("_harness_globals")
    if cached is None:
        cached, seen = {}, set()
        for stmt in mod.module.body if mod.module is not None else ():
            for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
                targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else (
                    [small.target] if isinstance(small, cst.AnnAssign) and small.value is not None else [])
                for t in targets:
                    if isinstance(t, cst.Name):
                        if t.value in cached:
                            seen.add(t.value)
                        cached[t.value] = small.value
        cached = {k: v for k, v in cached.items() if k not in seen}
        mod.__dict__["_harness_globals"] = cached
    return cached


def _text_of(node):
    """``os.getenv("X", "").lower().strip()`` -> ``os.getenv("X", "")``."""
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
            node.func.attr.value in _TEXT_METHODS and not node.args:
        node = node.func.value
    return node


def _cut(node, prefixes: Dict[str, str], text) -> Optional[Tuple[str, str]]:
    """(the value, the prefix) when ``node`` is what follows a constant prefix of a value."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        var, meth, args = N.var_of(node.func.value), node.func.attr.value, node.args
        word = text(args[0].value) if args and not args[0].keyword else None
        if var and word and meth == "removeprefix" and len(args) == 1:
            return var, word
        if var and word and meth == "replace" and len(args) == 3 and N.string_value(args[1].value) == "" \
                and isinstance(args[2].value, cst.Integer) and args[2].value.value == "1":
            return var, word
        return None
    if not (isinstance(node, cst.Subscript) and len(node.slice) == 1
            and isinstance(node.slice[0].slice, cst.Slice)):
        return None
    var, sl = N.var_of(node.value), node.slice[0].slice
    if not var or sl.upper is not None or sl.step is not None or sl.lower is None:
        return None
    low = sl.lower
    if isinstance(low, cst.Call) and isinstance(low.func, cst.Name) and low.func.value == "len" and \
            len(low.args) == 1 and text(low.args[0].value):
        word = text(low.args[0].value)
        return (var, word) if prefixes.get(var) == word else None
    if isinstance(low, cst.Integer) and prefixes.get(var) is not None and \
            len(prefixes[var]) == int(low.value, 0):
        return var, prefixes[var]
    return None
