"""What failed tests prove about the shape of a path, and predicates written as local functions.

A handler often refuses a file name or a relative path with tests that each say one thing when
they fail (``if (hasSeparators(x) || hasDotSegment(x) || isAbsolute(x)) throw ...``):

* ``/[\\\\/]/.test(x)`` false: ``x`` holds no path separator (NO_SEP);
* ``x.split(/[\\\\/]+/).some((s) => s === "..")`` (or ``.includes("..")``) false: no segment of
  ``x`` is ``..`` (NO_DOTDOT);
* ``path.isAbsolute(x)`` false: ``x`` is relative (RELATIVE);
* ``x.includes("/")`` and ``x.includes("\\")`` both false: no separator either (NO_SLASH and
  NO_BACKSLASH); ``x.includes("..")`` false: no ``..`` segment either.

Each is a marker in ``Info.clean`` that cleans nothing alone; together they confine the path
(:func:`confined`): a relative path with no ``..`` segment stays under the folder it is resolved
against, and a name with no separator that is not ``..`` is an entry of the folder it is joined
to. Both are then clean for ``path``. A falsy value (``if (x && (...)) throw``) has every shape.

The tests are as often written as arrow functions declared in the handler itself (``const
hasSeparators = (v) => /[\\\\/]/.test(v)``): a call of such a local predicate in a condition is
read as its body with the parameters standing for the arguments (:meth:`PathShape.local_predicate`),
for a true verdict and for a false one.

Mixed into the function interpreter.
"""

from __future__ import annotations

import re
from typing import List, Optional

from ..taintvalue import Taint
from . import nodes as N

NO_SEP = "~no-separator"
NO_DOTDOT = "~no-dotdot-segment"
RELATIVE = "~relative"
#: ``x.includes("/")`` / ``x.includes("\\")`` false: together, no separator (NO_SEP)
NO_SLASH = "~no-slash"
NO_BACKSLASH = "~no-backslash"
SHAPES = frozenset({NO_SEP, NO_DOTDOT, RELATIVE, NO_SLASH, NO_BACKSLASH})
#: one character class (repeated or not) that holds '/': a test for any separator
_SEP_CLASS = re.compile(r"^\[(?!\^)([^\]]*)\]\+?$")
_DOTS = frozenset({"..", "."})


def confined(t: Taint) -> Taint:
    """``t`` with ``path`` clean where its markers confine it (see the module docstring)."""
    out = t
    for label, info in t.items():
        c = info.clean
        if NO_DOTDOT in c and (RELATIVE in c or NO_SEP in c or {NO_SLASH, NO_BACKSLASH} <= c) and "path" not in c:
            if out is t:
                out = dict(t)
            out[label] = info.replace(clean=c | {"path"})
    return out


def separator_class(pattern: str) -> bool:
    """A pattern that matches any one path separator (``[\\\\/]``, ``[/\\\\]+``)."""
    m = _SEP_CLASS.match(pattern)
    return bool(m) and "/" in m.group(1)


def _param_names(data: bytes, fn) -> List[str]:
    one = fn.child_by_field_name("parameter")
    if one is not None:
        return [N.text(data, one)] if one.type == "identifier" else []
    params = fn.child_by_field_name("parameters")
    out = []
    for p in params.named_children if params is not None else ():
        pat = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
        if pat is None or pat.type != "identifier":
            return []
        out.append(N.text(data, pat))
    return out


def _returned(fn):
    """The expression a one-expression function returns (an arrow's body, or a lone return)."""
    body = fn.child_by_field_name("body")
    if body is None:
        return None
    if body.type != "statement_block":
        return body
    stmts = [s for s in body.named_children if s.type != "comment"]
    if len(stmts) == 1 and stmts[0].type == "return_statement" and stmts[0].named_children:
        return stmts[0].named_children[0]
    return None


class PathShape:
    """Failed shape tests and local predicates (mixed into the interpreter)."""

    def local_predicate(self, fn_node, args, truth: bool) -> Optional[list]:
        """What ``pred(args)`` being ``truth`` proves, ``pred`` a local one-expression function
        (None: not such a function)."""
        fn = N.unwrap(self.local_fns.get(N.text(self.data, fn_node))) if fn_node.type == "identifier" else None
        expr = _returned(fn) if fn is not None and fn.type in N.FUNCTIONS else None
        names = _param_names(self.data, fn) if expr is not None else []
        if expr is None or not names:
            return None
        given = {p: self._var(a) for p, a in zip(names, args)}
        saved = self.env
        self.env = dict(saved)
        try:
            for p, var in given.items():
                self.env[p] = saved.get(var) if var else {}
            found = self.narrowings(expr, truth)
        finally:
            self.env = saved
        out = []
        for var, clean, weak, why in found:
            head, dot, rest = var.partition(".")
            if head in given:
                if given[head]:
                    out.append((given[head] + dot + rest, clean, weak, why))
            elif head not in names:
                out.append((var, clean, weak, why))
        return out

    def some_predicate(self, recv, callback) -> list:
        """``ROOTS.some((root) => r === root || r.startsWith(root + path.sep))`` true: the
        callback's one expression held for an element of a list that carries no caller input;
        what it proves of the values it closes over (not of its own parameters, the elements)
        holds. An element list with caller input proves nothing."""
        fn = N.unwrap(callback)
        expr = _returned(fn) if fn is not None and fn.type in N.FUNCTIONS else None
        names = _param_names(self.data, fn) if expr is not None else []
        if expr is None or not names or self.ev_quiet(recv):
            return []
        saved = self.env
        self.env = dict(saved)
        try:
            for p in names:
                self.env[p] = {}
            found = self.narrowings(expr, True)
        finally:
            self.env = saved
        return [n for n in found if n[0].partition(".")[0] not in names]

    def separator_test(self, var: str, pattern: str, truth: bool) -> list:
        """``/[\\\\/]/.test(x)`` false: ``x`` holds no separator."""
        if truth or not self.env.get(var) or not separator_class(pattern):
            return []
        return [(var, frozenset({NO_SEP}), None, "no path separator")]

    def dotdot_test(self, recv, args, truth: bool) -> list:
        """``x.split(/[\\\\/]+/).some((s) => s === "..")`` / ``x.split("/").includes("..")`` false:
        no segment of ``x`` is ``..``."""
        split = N.unwrap(recv)
        if truth or split is None or split.type != "call_expression" or not args:
            return []
        fn = split.child_by_field_name("function")
        if fn is None or fn.type != "member_expression" or N.text(self.data, fn.child_by_field_name("property")) != "split":
            return []
        var = self._var(fn.child_by_field_name("object"))
        sargs = N.args_of(split)
        if not var or not self.env.get(var) or not sargs or not self._separator_arg(sargs[0]):
            return []
        test = N.unwrap(args[0])
        if N.string_value(self.data, test) == ".." or (test is not None and test.type in N.FUNCTIONS and self._dotdot_callback(test)):
            return [(var, frozenset({NO_DOTDOT}), None, "no '..' segment")]
        return []

    def _separator_arg(self, node) -> bool:
        u = N.unwrap(node)
        if u is None:
            return False
        if u.type == "regex":
            pat = u.child_by_field_name("pattern")
            return pat is not None and (separator_class(N.text(self.data, pat)) or N.text(self.data, pat) in ("\\/", "/"))
        return N.string_value(self.data, u) == "/" or (self.dotted(u) or "").endswith(".sep")

    def _dotdot_callback(self, fn) -> bool:
        """``(s) => s === ".." || s === "."``: true for a '..' segment (and maybe others)."""
        names = _param_names(self.data, fn)
        expr = _returned(fn)
        if len(names) != 1 or expr is None:
            return False
        hits = set()
        stack = [N.unwrap(expr)]
        while stack:
            u = stack.pop()
            if u is None or u.type != "binary_expression":
                return False
            op = u.child_by_field_name("operator").type
            left, right = N.unwrap(u.child_by_field_name("left")), N.unwrap(u.child_by_field_name("right"))
            if op == "||":
                stack += [left, right]
                continue
            if op not in ("===", "=="):
                return False
            for a, b in ((left, right), (right, left)):
                if a is not None and a.type == "identifier" and N.text(self.data, a) == names[0]:
                    hits.add(N.string_value(self.data, b))
        return ".." in hits and hits <= _DOTS
