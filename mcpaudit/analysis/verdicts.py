"""Checks that live in a helper: what a call's result or a call's failure tells about its arguments.

One model of a check: a function's summary ``verdicts`` says, per parameter, which families a
true verdict proves clean (and why the check is weak). The interpreter reads it for a helper of
the same module (:meth:`HelperChecks.helper_narrowings`); for a helper of another module
(``if not is_valid(x)``, ``ok, why = await check(p)``, a method) the value carries a reference that
:mod:`.checkref` follows to the same summary once modules are linked (a helper that asks another
module's helper is followed to it). A helper that answers ``False``/``(False, why)`` for a bad
value proves nothing to a caller that ignores the answer (``validates`` is empty).

Three general shapes are read here (mixed into the function interpreter):

* a **predicate helper** returns a verdict, ``True``/``False`` or a pair ``(ok, reason)``, or the
  value of a check (``return p.startswith(root + os.sep)``). Its summary's ``verdicts`` say, for each
  parameter, which families every *true* verdict proves clean (and why the check is weak, if it
  is); a caller's ``if not helper(p): return``, ``if helper(p): use(p)`` and
  ``ok, why = helper(p); if not ok: raise`` then narrow ``p`` like an inline check. A ``True``
  returned under an operator switch (``if ALLOW_ALL: return True``, a module setting, not a
  parameter) is the operator turning the check off, not a way around it for a tool caller.
* a **helper that never returns** (its body ends in ``raise``, e.g. ``def fail(msg): raise
  Error(msg)``) ends the path that calls it, as ``raise`` would: an ``except`` handler that
  calls it leaves the ``try`` only through its body.
* a containment check on the **resolved form** of a value vouches for the value:
  ``p.resolve().relative_to(root)`` / ``os.path.realpath(p).startswith(root + os.sep)`` check ``p``.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional, Set, Tuple

from ..lazycst import cst

from ..catalog import catalog
from . import cstnodes as N
from .normhelpers import normaliser_arg, normaliser_of
from .rootparams import ROOT_ARG, root_skip, settled
from .narrowing import NOT_RESOLVED, READ_ONLY_CHECK, UNCHECKED, VALIDATOR_NAME, VERDICT_KEYS
from .positions import flat_body
from .fields import STORED_READ, field_label
from .keptroots import CONTAINMENT_ROOT
from .joinchecks import join_containments
from .lookupguards import is_lookup, lookup_states, note_lookup_return
from .refusals import _init_refusals, note_refusal_return, refusal_narrowings, refusal_verdicts, refuses, summarised_args
from .taintvalue import Info, Taint, meet, union
from .rootfilters import roots_filter
from .softkeep import kept_families, shown_in

#: a parameter -> (families every true verdict proves clean, why the check is weak)
Verdicts = Dict[str, Tuple[FrozenSet[str], Optional[str]]]


def never_returns(fn: cst.FunctionDef) -> bool:
    """A function whose body raises unconditionally (a ``fail(message)`` helper), or annotated
    ``-> NoReturn`` / ``-> Never``."""
    ann = fn.returns.annotation if fn.returns is not None else None
    last = ann.attr.value if isinstance(ann, cst.Attribute) else ann.value if isinstance(ann, cst.Name) else ""
    return last in catalog().python.noreturn_annotations or any(isinstance(s, cst.Raise) for s in flat_body(fn.body))


def verdict_kind(node) -> str:
    """``true``/``false`` for a literal verdict (``True``, ``(False, "why")``, ``{"valid":
    False, ...}``), ``check`` for an expression a condition can narrow on, ``other`` for anything
    else."""
    if isinstance(node, cst.Dict):
        vals = [e.value for e in node.elements if isinstance(e, cst.DictElement) and N.string_value(e.key) in VERDICT_KEYS]
        first = verdict_kind(vals[0]) if len(vals) == 1 else "other"
        return first if first in ("true", "false") else "other"
    if isinstance(node, cst.Tuple) and node.elements:
        first = verdict_kind(node.elements[0].value)
        return first if first in ("true", "false") else "other"
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return "true" if node.value == "True" else "false"
    if isinstance(node, cst.Await):
        return verdict_kind(node.expression)
    if isinstance(node, (cst.Comparison, cst.Call, cst.BooleanOperation)) or (
            isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not)):
        return "check"
    return "other"


def _verdict_expression(value):
    """The check a return's value is: ``bool(check)`` and ``PATTERN.match(x) is not None`` are
    their check."""
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "bool" and value.args:
        return value.args[0].value
    if isinstance(value, cst.Comparison) and len(value.comparisons) == 1 and isinstance(
            value.comparisons[0].operator, cst.IsNot) and isinstance(value.comparisons[0].comparator, cst.Name) \
            and value.comparisons[0].comparator.value == "None":
        return value.left
    return value


def unwrap_call(node) -> Optional[cst.Call]:
    if isinstance(node, cst.Await):
        node = node.expression
    return node if isinstance(node, cst.Call) else None


_PATH_WRAPPERS = ("str", "os.fspath", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "Path", "PurePath")


def _path_wrapper(fa, call: cst.Call) -> bool:
    """``Path(x)``, ``str(x)``, ``os.fspath(x)`` with ``x`` alone: the same path in another type,
    resolved exactly as ``x`` is (so a check of ``Path(os.path.normpath(p))`` is one of the
    normalised ``p``)."""
    if len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star:
        return False
    return (fa.mod.dotted(call.func) or "") in _PATH_WRAPPERS


def copy_source(fa, var: str) -> Optional[Tuple[str, bool]]:
    """The value a containment check on the local ``var`` is about when ``var`` is a normalised
    copy of another variable made just before: ``normalized = self._normalize_case(str(abs_path))``
    (a helper of the project given that value alone) or ``text = str(abs_path).lower()``; a check of
    the copy against the root is the code's check of that value (its weakness included)."""
    value = fa.local_values.get(var)
    if isinstance(value, cst.Await):
        value = value.expression
    if not isinstance(value, cst.Call):
        return None
    src = N.var_of(value)  # str(p), p.lower()
    if src is None and len(value.args) == 1 and value.args[0].keyword is None and not value.args[0].star \
            and _project_helper(fa, value.func) and normaliser_of(fa, value) is None:
        src = N.var_of(value.args[0].value)
    return (src, False) if src and src != var and fa.env.get(src) else None


def _project_helper(fa, func) -> bool:
    """``self.m`` (a method of this class) or a function this module defines."""
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == "self":
        return func.attr.value in fa.mod.class_methods.get(fa.cls or "", ())
    return isinstance(func, cst.Name) and func.value not in fa.mod.imports and \
        any(isinstance(s, cst.FunctionDef) and s.name.value == func.value for s in flat_body(fa.mod.module))


class HelperChecks:
    """Mixed into the function interpreter (needs ``env``, ``mod``, ``params``, ``narrowings``)."""

    def _init_verdicts(self) -> None:
        self.verdict_states: List[Dict[str, Taint]] = []  # params' values at each true verdict
        self.not_predicate = False
        self.verdict_vars: Dict[str, cst.Call] = {}  # ok = helper(p) / ok, why = helper(p)
        self.switched = 0  # inside `if SETTING:` (an operator switch)
        self.relpaths: Dict[str, Tuple[cst.CSTNode, cst.CSTNode]] = {}  # rel = os.path.relpath(p, root)
        self.says_no = False  # some return is a false verdict
        self.soft_calls: Set[int] = set()  # ids of check calls of other modules read through a verdict variable
        self.deny_states: List[Dict[str, Optional[str]]] = []  # params' read-only weak reasons at each false verdict
        self.lookup_states: List[Dict[str, Taint]] = []  # params' values at each object return (lookupguards.py)
        self.lookup_none = self.lookup_broken = False
        self.lookup_calls: Set[int] = set()  # ids of lookup calls whose results are verdict variables
        _init_refusals(self)  # err = validate(p); if err: return err (refusals.py)

    def note_return(self, value) -> None:
        """Record what a ``return value`` proves about the parameters when it is a true verdict."""
        if self.fn is None:
            return
        note_lookup_return(self, value)  # None or an object: a lookup's verdict (lookupguards.py)
        note_refusal_return(self, value)  # None or the error to send back (refusals.py)
        self.note_root_return(value)
        if value is not None and verdict_kind(value) == "false" and not (
                isinstance(value, cst.Name) and value.value == "None"):
            self.says_no = True  # return False / (False, why): fails by value, not by raising
        if self.not_predicate:
            if value is None or verdict_kind(value) == "false":
                self._note_denied()  # a classifier's None past its checks (denyprefix.py)
            return
        value = _verdict_expression(value)
        kind = verdict_kind(value) if value is not None else "false"
        if kind == "other" and isinstance(value, cst.Name) and value.value in self.verdict_vars:
            kind = "check"  # ok, why = other_check(p); return ok
        if kind == "other":
            self.not_predicate = True
        elif kind == "true" and not self.switched:
            self.verdict_states.append({p.name: self.env.get(p.name) for p in self.params})
        elif kind == "check":
            saved = self.env
            self.env = dict(saved)
            expr = value.expression if isinstance(value, cst.Await) else value
            self._apply(self.narrowings(expr, True))
            self.verdict_states.append({p.name: self.env.get(p.name) for p in self.params})
            self.env = saved
            self.deny_states.append({n[0]: n[2] for n in self.narrowings(expr, False)
                                     if not n[1] and (n[2] or "").startswith(READ_ONLY_CHECK)})
        if kind == "false":
            self._note_denied()

    def _note_denied(self) -> None:
        """``return False`` / ``return None`` past the checks: what they left weakly checked on
        the way here."""
        self.deny_states.append({p.name: next((i.weak for i in (self.env.get(p.name) or {}).values()
                                               if (i.weak or "").startswith(READ_ONLY_CHECK)), None)
                                 for p in self.params})

    def verdicts(self) -> Verdicts:
        states = lookup_states(self) if self.not_predicate else self.verdict_states
        if self.fn is None or not states or self.refusals():
            return {}
        return self._states_verdicts(states)

    def refusals(self) -> Verdicts:
        """What a caller's refusal on a truthy result proves (refusals.py); computed once per
        finished state (verdicts(), the summary and returns.py each ask)."""
        key = (len(getattr(self, "refuse_pass", ())), getattr(self, "refuse_objects", 0),
               getattr(self, "refuse_broken", False), getattr(self, "final_env", None))
        memo = self.__dict__.get("_refusals_memo")
        if memo is None or memo[0] != key:
            memo = self._refusals_memo = (key, refusal_verdicts(self, self._states_verdicts))
        return memo[1]

    def _states_verdicts(self, states) -> Verdicts:
        out: Verdicts = {}
        positional = [q.name for q in self.params if q.kind == "pos"]
        for p in self.params:
            fams: Optional[FrozenSet[str]] = None
            weak: Optional[str] = None
            roots: Set[str] = set()
            for state in states:
                t = state.get(p.name) or {}
                for label, info in t.items():
                    if CONTAINMENT_ROOT in info.clean:
                        continue  # the check's root, kept in state: its own flow (keptroots.py)
                    root = root_skip(label, p.name, positional) if len(t) > 1 else None
                    if root is not None:  # _is_within(root, target): a containment in the roots parameter
                        roots.add(ROOT_ARG + root)  # (rootparams.py)
                        continue
                    fams = info.clean if fams is None else meet(fams, info.clean)
                    weak = weak or info.weak
                if not t:
                    fams = frozenset()
            checked = any(i.checked for state in states for i in (state.get(p.name) or {}).values())
            if fams and not weak and not checked:
                fams = frozenset(fams) | {UNCHECKED}  # only exists tests on the way (no check)
            if fams and roots:
                fams = frozenset(fams) | roots
            if fams or weak:
                out[p.name] = (frozenset(fams or ()), weak)
        return out

    def deny_checks(self) -> Dict[str, str]:
        """Parameters every false verdict leaves behind a read-only check that can be bypassed:
        ``def is_write(q): return any(re.search(p, q.upper()) for p in WRITE_PATTERNS)`` - a
        caller that refuses when it is true runs ``q`` past a keyword deny-list."""
        if self.fn is None or not self.deny_states:
            return {}
        names = {p.name for p in self.params}
        first = self.deny_states[0]
        return {n: why for n, why in first.items() if n in names and why and all(s.get(n) for s in self.deny_states)}

    def helper_deny_narrowings(self, call: cst.Call) -> list:
        """Narrowings of ``helper(args)`` being false, for a deny helper of this module."""
        if not isinstance(call.func, cst.Name):
            return []
        local = self.mod.functions.get(call.func.value)
        if local is None or not local.deny_checks:
            return refusal_narrowings(self, call)
        positional = [p.name for p in local.params if p.kind == "pos"]
        out = []
        for i, arg in enumerate(a for a in call.args if a.keyword is None and not a.star):
            why = local.deny_checks.get(positional[i]) if i < len(positional) else None
            var = N.var_of(arg.value)
            if why and var and self.env.get(var):
                out.append((var, frozenset(), f"{why} (in {call.func.value}())", call.func.value))
        return out + refusal_narrowings(self, call)

    def is_switch(self, test) -> bool:
        """``if ALLOW_ALL:`` / ``if settings.open_access:``: a bare module setting, no parameter."""
        if isinstance(test, cst.Name):
            return test.value in self.mod.top_names and not self.env.get(test.value) and all(
                p.name != test.value for p in self.params)
        if isinstance(test, cst.Attribute) and isinstance(test.value, cst.Name):
            return test.value.value in self.mod.top_names and test.value.value not in ("self", "cls")
        return False

    def note_verdict_var(self, target, value_node) -> None:
        """``ok = helper(p)`` / ``ok, why = helper(p)``: ``ok`` is the helper's verdict."""
        self.note_lookup_var(target, value_node)
        call = unwrap_call(value_node) if value_node is not None else None
        if isinstance(target, cst.Name):
            self.relpaths.pop(target.value, None)
            if call is not None and (self.mod.dotted(call.func) or "").endswith("path.relpath") and len(call.args) >= 2:
                self.relpaths[target.value] = (call.args[0].value, call.args[1].value)
        if isinstance(target, cst.Name):
            self.note_root_var(target.value, value_node, call)
        first = target
        if isinstance(target, (cst.Tuple, cst.List)) and target.elements:
            first = target.elements[0].value
        for el in (target.elements if isinstance(target, (cst.Tuple, cst.List)) else [target]):
            if isinstance(el, cst.Element):
                el = el.value
            if isinstance(el, cst.Name):
                self.verdict_vars.pop(el.value, None)
        kept = roots_filter(value_node) if isinstance(target, cst.Name) else None
        if kept is not None:  # matching = [r for r in ROOTS if p.is_relative_to(r)] (rootfilters.py)
            self.verdict_vars[target.value] = kept
        lookup = call is not None and isinstance(first, cst.Name) and first is target and is_lookup(call)
        if call is not None and isinstance(first, cst.Name) and (
                self._helper_verdicts(call) is not None or self._checks_elsewhere(call) or self._helper_denies(call) or lookup
                or refuses(self, call)):
            self.verdict_vars[first.value] = call
            if self._helper_verdicts(call) is None and not refuses(self, call):
                self.soft_calls.add(id(call))
                if lookup and not self._checks_elsewhere(call):
                    self.lookup_calls.add(id(call))  # device = find_device(serial) (lookupguards.py)

    def _checks_elsewhere(self, call: cst.Call) -> bool:
        """A check-named helper this module cannot see into (imported, a method): its verdict is
        read when modules are linked (:mod:`.checkref`)."""
        func = call.func
        name = func.value if isinstance(func, cst.Name) else (func.attr.value if isinstance(func, cst.Attribute) else "")
        return bool(VALIDATOR_NAME.search(name)) and not (isinstance(func, cst.Name) and name in self.mod.functions)

    def _helper_denies(self, call: cst.Call) -> bool:
        """A helper of this module whose false verdicts (``False``, ``None``) leave an argument
        behind a read-only check (``op = classify(q)``: a falsy ``op`` says q passed it)."""
        local = self.mod.functions.get(call.func.value) if isinstance(call.func, cst.Name) else None
        return local is not None and bool(local.deny_checks)

    def _helper_verdicts(self, call: cst.Call) -> Optional[Verdicts]:
        if not isinstance(call.func, cst.Name):
            return None
        local = self.mod.functions.get(call.func.value)
        return local.verdicts if local is not None and local.verdicts else None

    def helper_narrowings(self, call: cst.Call) -> Optional[list]:
        """Narrowings of ``helper(args)`` being true, from the helper's summary (None: not a
        predicate helper of this module)."""
        verdicts = self._helper_verdicts(call)
        if verdicts is None:
            return None
        local = self.mod.functions[call.func.value]
        name = call.func.value
        out = []
        positional = [p.name for p in local.params if p.kind == "pos"]
        for arg, var, (fams, weak) in summarised_args(call, local, verdicts, self.env):
            fams, weak = settled(self, call, positional, fams, weak)  # a roots parameter (rootparams.py)
            if not fams and not weak:
                continue
            if weak and NOT_RESOLVED in weak and all(i.resolved for i in self.env[var].values()):
                # the helper's containment test is weak only because its parameter is not
                # resolved there; this argument was (resolve(strict=True) before the call)
                roots = [a.value for a in call.args if a is not arg]
                out.append(self._containment(var, name, True, roots))
                continue
            # (each reason read in place, of checks passed in turn behind a reference: checkref.chained)
            # a sound containment's families survive an unrelated soft check's reason (softkeep.py)
            out.append((var, kept_families(fams, weak), shown_in(weak, name), name))
        return out or None

    def relative_to_checks(self, stmt) -> list:
        """``p.relative_to(root)`` calls in ``stmt``: past them (in the same ``try`` body) ``p`` is
        contained, when it was resolved first."""
        out = []
        for call in N.calls_in_stmt(stmt):
            if isinstance(call.func, cst.Attribute) and call.func.attr.value == "relative_to":
                checked = self.checked_path(call.func.value)
                if checked and self.env.get(checked[0]):
                    out.append(self._containment(checked[0], "relative_to", checked[1], [a.value for a in call.args]))
                out.extend(join_containments(self, call.func.value, "relative_to", [a.value for a in call.args]))
        return out

    def relpath_narrowings(self, cond: cst.Call) -> list:
        """``rel = os.path.relpath(p, root); if rel.startswith(".."): reject``: past the rejection
        ``p`` is inside ``root`` (relpath works on the absolute, normalised forms)."""
        rel = N.var_of(cond.func.value)
        arg = cond.args[0].value if cond.args else None
        if rel not in self.relpaths:
            from .dotparts import leading_climb  # norm = os.path.normpath(v); norm.startswith("..")

            return leading_climb(self, cond) if arg is not None else []
        if arg is None or not (
                N.string_value(arg) == ".." or (self.mod.dotted(arg) or "") in ("os.pardir", "os.path.pardir")):
            return []
        path_node, root_node = self.relpaths[rel]
        checked = self.checked_path(path_node)
        if not checked or not self.env.get(checked[0]):
            return []
        return [self._containment(checked[0], "relpath", True, [root_node])]

    def root_labels(self, roots) -> Taint:
        """What the variables in the root expressions of a containment check carry: a value
        confined to a root is as much the caller's as the root is."""
        out: Taint = {}
        stack = list(roots)
        while stack:
            n = stack.pop()
            var = n.value if isinstance(n, cst.Name) else (N.var_of(n) if isinstance(n, cst.Attribute) else None)
            if var:
                got = self.env.get(var)
                field = field_label(self, n) if got is None and isinstance(n, cst.Attribute) else None
                if field is not None:  # self.root read from the object's state: whatever stored it
                    got = {field: Info(((self.stmt, n, f"'{var}' read {STORED_READ}"),),
                                       clean=frozenset({CONTAINMENT_ROOT}))}
                out = union(out, got or {})
                if isinstance(n, cst.Name):
                    continue
            stack.extend(c for c in n.children if isinstance(c, cst.CSTNode))
        return out

    def checked_path(self, node, copies: bool = False) -> Optional[Tuple[str, bool]]:
        """The variable a containment check on ``node`` is about, and whether ``node`` is its
        resolved form (``p.resolve()``, ``os.path.realpath(p)``)."""
        var = N.var_of(node)
        if var:
            return (copies and copy_source(self, var)) or (var, False)
        call = unwrap_call(node)
        if call is None:
            return None
        M = self.M
        if _path_wrapper(self, call):  # Path(os.path.normpath(p)), str(p.resolve()): the inner form's
            return self.checked_path(call.args[0].value, copies)
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in M.resolver_methods:
            inner = self.checked_path(call.func.value)  # str(p.absolute()): '..' kept, p as resolved as it was
            return (inner[0], inner[1] or call.func.attr.value not in M.dotted_resolvers) if inner else None
        helper = normaliser_arg(self, call)  # normalize_path(p).startswith(root): normhelpers.py
        if helper is not None:
            inner = self.checked_path(helper[0])
            return (inner[0], inner[1] or helper[1]) if inner else None
        fq = self.mod.dotted(call.func) or ""
        if fq in M.resolver_calls and call.args:
            inner = self.checked_path(call.args[0].value)
            return (inner[0], inner[1] or fq not in M.dotted_resolvers) if inner else None
        return None
