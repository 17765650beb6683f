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

from ..reqcreds import NO_DOT_SEGMENT as NO_DOTDOT
from ..taintvalue import Taint
from . import nodes as N
from .rootargs import marked, root_param
from .rootcases import root_case
from .seplists import sep_elements, state_only

NO_SEP = "~no-separator"
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


def caller_list(fa, recv) -> bool:
    """The list ``recv`` may hold this call's caller input. A list made only of what the object's
    own fields held (``this.roots``, read before this method set it, or built from it) is the
    object's state: the operator's roots, as ``startsWith(this.root + sep)`` already takes a kept
    root (ts32c), also through a separator helper (seplists.py); any other label is input."""
    v = fa.ev_quiet(recv)
    return bool(v) and not state_only(fa, v)


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


def _block_returns(data: bytes, fn):
    """A callback body of ``const`` declarations, ``if (x) return e;`` and a last ``return e``:
    ([(name, value)], [returned expressions]), or None for any other body. For the true verdicts
    only (``some`` held): ``if (c) return true`` returns ``c``; a false return (``return false``)
    and ``if (c) throw ...`` are no true verdict, nor is a last ``return false`` (``{ if (c) return
    true; return false; }`` returns ``c`` alone); ``let n; try { n = e; } catch { return false; }``
    declares ``n = e``."""
    body = fn.child_by_field_name("body")
    if body is None or body.type != "statement_block":
        return None
    consts, returns = [], []
    skipped = False  # a statement no true verdict comes from: one return then is the callback's test
    root_names: List[str] = []  # the roots a skipped filesystem-root case tested (rootcases.py)
    pending = set()  # let n; (assigned in the try block that follows)
    for st in (s for s in body.named_children if s.type != "comment"):
        if st.type == "lexical_declaration":
            for d in st.named_children:
                nm, v = d.child_by_field_name("name"), d.child_by_field_name("value")
                if d.type != "variable_declarator" or nm is None or nm.type != "identifier":
                    return None
                if v is None:
                    pending.add(N.text(data, nm))
                    continue
                consts.append((N.text(data, nm), v))
            continue
        if st.type == "try_statement":
            got = _try_assigned(data, st, pending)
            if got is None:
                return None
            consts.extend(got)
            continue
        if st.type == "if_statement" and st.child_by_field_name("alternative") is None:
            inner = st.child_by_field_name("consequence")
            inner = [c for c in inner.named_children if c.type != "comment"] if inner is not None and inner.type == "statement_block" else [inner]
            local = _case_consts(data, inner[:-1], {n for n, _v in consts} | pending)
            if local is None:
                return None  # if (c) { const a = f(dir); return g(a); }: the case's locals join the callback's
            consts.extend(local)
            one = inner[-1] if inner else None
            if one is not None and one.type == "throw_statement":
                skipped = True
                continue
            if one is None or one.type != "return_statement" or not one.named_children:
                return None
            root = root_case(data, st.child_by_field_name("condition"))
            if root is not None:  # if (dir === path.sep) return ...: the root "/" holds every path
                root_names.append(root)
                skipped = True
                continue
            ret = N.unwrap(one.named_children[0])
            if ret is not None and ret.type in ("false", "null", "undefined"):
                skipped = True
                continue  # a false verdict: not a way the some() held
            returns.append(st.child_by_field_name("condition") if ret is not None and ret.type == "true" else ret)
            continue
        if st.type == "return_statement" and st.named_children:
            last = N.unwrap(st.named_children[0])
            skipped = skipped or (last is not None and last.type in ("false", "null", "undefined"))
            if last is None or last.type not in ("false", "null", "undefined"):
                returns.append(st.named_children[0])
            break
        return None
    return (consts, returns, root_names) if returns and (len(returns) > 1 or consts or skipped) else None


def _case_consts(data: bytes, stmts, taken: set):
    """The ``const`` declarations before a case's return (``if (c) { const d = f(dir); return
    t(d); }``) as [(name, value)]; None for any other statement or a name declared before."""
    out = []
    for st in stmts:
        if st is None or st.type != "lexical_declaration":
            return None
        for d in st.named_children:
            nm, v = d.child_by_field_name("name"), d.child_by_field_name("value")
            if d.type != "variable_declarator" or nm is None or nm.type != "identifier" or v is None or \
                    N.text(data, nm) in taken:
                return None
            taken.add(N.text(data, nm))
            out.append((N.text(data, nm), v))
    return out


def _try_assigned(data: bytes, st, pending: set):
    """``try { n = e; } catch { return false; }`` with ``n`` declared before without a value:
    [(n, e)]; None for any other try."""
    block, handler = st.child_by_field_name("body"), st.child_by_field_name("handler")
    if block is None or handler is None or st.child_by_field_name("finalizer") is not None:
        return None
    hbody = handler.child_by_field_name("body")
    hst = [c for c in hbody.named_children if c.type != "comment"] if hbody is not None else []
    if len(hst) != 1 or hst[0].type not in ("return_statement", "throw_statement"):
        return None
    if hst[0].type == "return_statement" and (not hst[0].named_children or N.unwrap(hst[0].named_children[0]) is None
                                              or N.unwrap(hst[0].named_children[0]).type != "false"):
        return None
    out = []
    for c in (c for c in block.named_children if c.type != "comment"):
        e = c.named_children[0] if c.type == "expression_statement" and c.named_children else None
        if e is None or e.type != "assignment_expression":
            return None
        left, right = e.child_by_field_name("left"), e.child_by_field_name("right")
        if left is None or left.type != "identifier" or N.text(data, left) not in pending or right is None:
            return None
        out.append((N.text(data, left), right))
    return out


def _element_only(fa, value, names: List[str]) -> bool:
    """``value`` reads no variable but the callback's parameters (and module names like ``path``)."""
    stack = [value]
    while stack:
        n = stack.pop()
        if n.type == "identifier" and N.text(fa.data, n) not in names and fa.env.get(N.text(fa.data, n)):
            return False
        if n.type == "member_expression":
            stack.append(n.child_by_field_name("object"))
            continue
        stack.extend(n.named_children)
    return True


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
        block = _block_returns(self.data, fn) if expr is None and fn is not None and fn.type in N.FUNCTIONS else None
        names = _param_names(self.data, fn) if expr is not None or block else []
        roots = root_param(self, recv) if names and caller_list(self, recv) else None
        if not names or (caller_list(self, recv) and not roots):
            return []
        if roots:  # dirs.some(...) in a predicate's true verdict: contained in its roots parameter
            return marked(self, self._some_found(recv, names, expr, block), roots)
        return self._some_found(recv, names, expr, block)

    def _some_found(self, recv, names, expr, block) -> list:
        saved, seps = self.env, set(self.sep_vars)
        self.env = dict(saved)
        try:
            for p in names:
                self.env[p] = {}
                self.sep_vars.discard(p)
            if sep_elements(self, recv):  # each root ends with a separator (seplists.py)
                self.sep_vars.add(names[0])
            if block:
                return self._block_predicate(block, names)
            found = self.narrowings(expr, True)
        finally:
            self.env = saved
            self.sep_vars.clear()
            self.sep_vars.update(seps)
        return [n for n in found if n[0].partition(".")[0] not in names]

    def _block_predicate(self, block, names: List[str]) -> list:
        """``ROOTS.some((root, i) => { const rx = MATCHERS[i]; if (rx) return rx.test(r); const n =
        path.resolve(root); return r === n || r.startsWith(n + path.sep); })``: the callback's
        locals (declared from the element, not from the caller) and what every one of its returns
        proves (their meet). A return that tests a resolved path against a pattern the element
        gives (``rx.test(r)``, ``rx`` read from the operator's list, not a regex the code shows)
        is the operator's rule for that root: the path, resolved, is what that root admits."""
        consts, returns, root_names = block
        patterns = set()
        for name, value in consts:
            # a root computed from the element alone (path.resolve(path.normalize(dir))): no caller input
            self.env[name] = {} if _element_only(self, value, names) else self.ev_quiet(value)
            if not self.env[name] and N.unwrap(value) is not None and N.unwrap(value).type != "regex":
                patterns.add(name)
        if any(r not in names and (r not in dict(consts) or self.env.get(r)) for r in root_names):
            return []  # a "/" case of the caller's value (if (n === "/") return true) admits "/"
        per: List[dict] = []
        for expr in returns:
            got: dict = {}
            for var, clean, weak, why in self._element_pattern(expr, patterns) or self.disjunct(expr, True):
                if var.partition(".")[0] in names or var in patterns:
                    continue
                old = got.get(var)
                got[var] = (var, frozenset(clean) | (old[1] if old else frozenset()), (old[2] if old else None) or weak, why)
            per.append(got)
        out = []
        for var in per[0] if per and all(per) else ():
            if all(var in g for g in per):
                clean = frozenset.intersection(*(g[var][1] for g in per))
                weak = next((g[var][2] for g in per if g[var][2]), None)
                out.append((var, clean, weak, per[0][var][3]))
        return out

    def _element_pattern(self, expr, patterns) -> list:
        """``rx.test(r)`` with ``rx`` an element's pattern and ``r`` a resolved caller path."""
        u = N.unwrap(expr)
        fn = u.child_by_field_name("function") if u is not None and u.type == "call_expression" else None
        if fn is None or fn.type != "member_expression" or N.text(self.data, fn.child_by_field_name("property")) != "test":
            return []
        obj, args = N.unwrap(fn.child_by_field_name("object")), N.args_of(u)
        var = self._var(args[0]) if len(args) == 1 else None
        t = self.env.get(var) if var else None
        if obj is None or obj.type != "identifier" or N.text(self.data, obj) not in patterns or not t or \
                not all(i.resolved for i in t.values()):
            return []
        return [(var, frozenset({"path"}), None, "the operator's pattern for a root")]

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
