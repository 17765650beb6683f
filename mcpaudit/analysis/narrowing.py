"""Checks that narrow a value: what an ``if``, an ``assert``-like call or a ``try`` tells the
interpreter about a variable on the path where the check passed. A narrowing is ``(variable,
families, weak, why)``: after the check the variable is clean for ``families`` (``*`` for all), or,
when ``weak`` is set, the check is recorded as one that only weakly restricts the value (a ``..``
deny-list, ``startswith(root)`` without a separator, a project ``validate_*()`` helper mcpaudit
cannot see into). Path containment counts only once resolved.
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, List, Optional, Tuple

from ..lazycst import cst

from .schemevars import scheme_operand
from . import cstnodes as N
from .argvlow import EXISTS
from .refnames import CLEARS as REF_CLEARS, ref_name_list
from .memberkeys import computed_container, container_of  # x in d[k]["versions"]: the base is the container
from .lookups import Lookups
from .keptroots import CONTAINMENT_ROOT
from .firststmt import first_statement_check
from .lookupguards import lookup_guard  # x = find_item(v); if x is None: return
from .loopequal import element_equality  # for f in index: if f == v: (an allow-list)
from .slugequal import behind_slug, slug_equality, slug_ref
from .flagloops import flag_narrowings, root_or_under  # if not is_allowed: raise (after a flag loop)
from .quantified import any_root, element_call, quantified
from .joinchecks import join_containments, join_operand
from .pathtests import (NOT_DOTS, NO_BACKSLASH, NO_SLASH, absolute_narrowings, any_check, one_part, part_refusals, parents_narrowings, root_or_parent,
                        root_or_parent_refused)
from .egressguard import egress_refs  # validate(url) resolving the host and refusing non-public addresses
from .dotparts import dot_part_test, relative_parts
from .stmtroutes import rejects_semicolon, routes_writes
from .stemchecks import char_class_narrowings
from .prefixdispatch import select_dispatch
from .schemachecks import read_validator  # an AST sandbox check, a JSON-schema check
from .taintvalue import UNCHECKED, ALL, add_step, all_families, mark, union
from .configlines import newline_refused  # if "\\n" in v: raise
from .denylists import DenyLists, READ_ONLY_CHECK, regex_families  # the last two re-exported

Narrowed = Tuple[str, FrozenSet[str], Optional[str], str]
NOT_RESOLVED = " on a path that was not resolved first"  # a containment test's weak reason
LOCAL_PATH = frozenset({"path", "ssrf"})  # under a local root on a resolved path: a local file, no URL

# A call whose name reads like validation: assumed to raise or return False on bad input
# (a weak check unless mcpaudit can see it sanitises, see FuncSummary.validates)
VALIDATOR_NAME = re.compile(r"(?i)(valid|check|ensure|verify|saniti|assert|allowed|safe|permit|guard|restrict|authori|within|inside)")
_HOST_ATTRS = ("hostname", "netloc", "host")
#: The start of the weak reason of a prefix test on a path without a trailing separator.
WEAK_PREFIX = "weak containment check"
#: The start of the weak reason of a check that admits statements by their first word where some
#: of the admitted kinds write (``startswith(("CREATE", "ALTER", "DROP"))`` in a DDL tool): a
#: restriction the tool claims, bypassed like a read-only check (reported as tool-read-only-bypass)
STATEMENT_CHECK = "a statement-class check"
#: The start of the weak reason of a deny-list of writing statement prefixes (denyprefix.py): a
#: later one on the same path holds the words of both (an ``if``/``elif`` chain) and replaces it.
DENY_PREFIX = f"{READ_ONLY_CHECK} by statement-prefix deny-list"
#: Ends a read-only check's reason when a setting switches the check on (``if READ_ONLY and
#: is_write(q): refuse``): with the setting off the query runs unchecked, as the tool's purpose.
MODE_ONLY = ", and only while "
#: the stacked-statement example of a read-only check's reason ("'SELECT 1; DROP TABLE t', ")
_STACKED = re.compile(r"'[^']*; DROP TABLE t', ")
_CHECK_METHODS = ("is_relative_to", "startswith", "fullmatch", "match")
#: Separates a weak reason's words from where the check can be verified once modules are linked (a validator
#: helper of another module, a method): ``mode|path|qualname|target|argpos``, mode ``raise`` or ``true``.
CHECK_REF = "\x1f"
#: The words after a check known by its name only (a validator-named helper mcpaudit cannot read).
UNVERIFIED = "(not verified by mcpaudit)"
#: A marker in ``Info.clean`` (not a family): the value failed an is-absolute test on this path.
RELATIVE = "relative"
#: The start of the weak reason of a containment check on a path resolved lexically, not with
#: realpath: the check is whole for a value that was realpath'd (a helper's ``weak_checks``).
NO_REALPATH = "resolved with a lexical resolver"
#: The why of a narrowing by a local-existence test (``os.path.exists(p)``): p is no URL.
LOCAL = "exists locally"
#: UNCHECKED (taintvalue.py), a marker in a helper's verdict families: its true verdicts rest only on tests
#: that are no check (an exists test, :data:`LOCAL`), so a caller's value passing it is not "checked" either.


def admitted_writers(words, writing: Dict[str, str]) -> List[str]:
    """The statements that write though they start with one of ``words``, the read prefixes a
    check admits (``writing-prefixes`` in the SQL models: a setter PRAGMA, WITH ... DELETE): a
    driver that runs one statement per call stops none of them. A longer prefix
    (``EXPLAIN QUERY PLAN``) admits no such statement."""
    return [writing[w] for w in dict.fromkeys(w.strip().upper() for w in words) if w in writing]


def one_statement(text: str, why: str) -> str:
    """A read-only check's reason (or a message holding one) at a driver that runs one statement
    per call (``why``): the stacked-statement example does not apply there, the rest does."""
    return _STACKED.sub(f"stacked statements do not run ({why}), but ", text, count=1)


def shown_weak(weak: Optional[str]) -> Optional[str]:
    """A weak reason as the report shows it (without its link-time reference)."""
    return weak.split(CHECK_REF, 1)[0] if weak else weak


#: keys of a verdict mapping: ``return {"valid": False, "error": why}`` answers as ``False`` would
VERDICT_KEYS = frozenset({"valid", "is_valid", "ok", "allowed", "safe"})


def verdict_key(node) -> Optional[str]:
    """``result["valid"]`` / ``result.get("valid")``: the verdict key read, or None."""
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        key = N.string_value(node.slice[0].slice.value)
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" \
            and node.args:
        key = N.string_value(node.args[0].value)
    else:
        return None
    return key if key in VERDICT_KEYS else None

def _either(left: List[Narrowed], right: List[Narrowed]) -> List[Narrowed]:
    """What ``a or b`` being true proves: for a variable both sides check soundly, the families
    both clean (``url.startswith("https://") or url.startswith("git@")``: no option either way)."""
    def sound(ns):
        out = {}
        for n in ns:
            if not n[2] and len(n) < 5:
                out[n[0]] = out.get(n[0], frozenset()) | n[1]
        return out
    a, b = sound(left), sound(right)
    return [(var, a[var] & b[var], None, "either check") for var in a if var in b and a[var] & b[var]]


class Narrowing(Lookups, DenyLists):
    """Mixed into the function interpreter: reads conditions and validation calls."""

    def _apply(self, narrowings, at=None) -> None:
        """Mark the variables of ``narrowings`` clean (or weakly checked), and the values they
        were derived from (``host = urlparse(url).hostname`` vouches for ``url``). ``at``: the
        statement that checks (a flow step marks where a read-only check was passed)."""
        at = at if at is not None else self.stmt
        for n in narrowings:
            var, clean, weak, _why = n[:4]
            # a containment check confines the value to its root (a fifth item: what the root
            # carries): the value is then as much the caller's as the root is
            keep = n[4] if len(n) > 4 else {}
            cur = self.env.get(var)
            if cur and weak and weak.startswith((READ_ONLY_CHECK, WEAK_PREFIX, STATEMENT_CHECK)) and at is not None and not any(
                    i.weak for i in cur.values()):
                cur = add_step(cur, (at, None, "passes " + weak.split(":", 1)[0]))  # where the check is
            unchecked = UNCHECKED in clean
            clean = clean - {UNCHECKED}
            if cur and weak and weak.endswith(_DOT_DENY) and all(i.is_clean("path") for i in cur.values()):
                weak = None  # already one plain name (slugify(x) == x): a '..' deny-list adds no weakness
            if cur and weak and any(slug_ref(i.weak) != slug_ref(weak) for i in cur.values()):
                cur, weak = behind_slug(cur, weak)  # the check read in place is kept behind the reference
            if cur and weak and weak.startswith(DENY_PREFIX):
                cur = {k: i.replace(weak=None) if (i.weak or "").startswith(DENY_PREFIX) else i for k, i in cur.items()}
            if cur:
                # a value found relative is not yet checked (the tool still takes it as is)
                # (an is-absolute or exists test restricts nothing the tool is for: not a check)
                self.env[var] = union(_mark_except(cur, keep, clean=clean, weak=weak,
                                                   checked=clean != {RELATIVE} and _why != LOCAL and not unchecked),
                                      {k: v for k, v in keep.items() if k not in cur})
                roots = {k for k, v in keep.items() if CONTAINMENT_ROOT in v.clean}  # a root kept in state (keptroots.py)
                self.env[var] = {k: i.replace(clean=i.clean | {CONTAINMENT_ROOT}) if k in roots else i
                                 for k, i in self.env[var].items()} if roots else self.env[var]
            if cur and not weak and ("path" in clean or ALL in clean):  # ... nor when one comes after it
                self.env[var] = {k: i.replace(weak=None) if (i.weak or "").endswith(_DOT_DENY) else i
                                 for k, i in self.env[var].items()}
            if cur and clean & _PART_MARKS:
                self._one_part_across(var)  # '..' refused, then each separator: one entry (pathtests.py)
            src = self.derived.get(var)
            if src and ("ssrf" in clean or (ALL in clean and var in self.host_vars)) and self.env.get(src):
                self.env[src] = mark(self.env[src], clean=frozenset({"ssrf"}))
            if src and "path" in clean and self.env.get(src):
                self.env[src] = _mark_except(self.env[src], keep, clean=frozenset({"path"}))

    def _one_part_across(self, var: str) -> None:
        """The refusals of ``..`` and of both separators in separate statements (``if ".." in v:
        return`` then ``if any(c in v for c in "/\\"): return``), as :func:`one_part` combines them in
        one test: the value is one folder entry; the '..' test's deny-list weakness is answered (py55c)."""
        cur = self.env.get(var) or {}
        if not any(_PART_MARKS <= i.clean for i in cur.values()):
            return
        self.env[var] = {k: i.replace(clean=i.clean | {"path"}, weak=None if (i.weak or "").endswith(_DOT_DENY) else i.weak)
                         if _PART_MARKS <= i.clean else i for k, i in cur.items()}

    def narrowings(self, cond, truth: bool) -> List[Narrowed]:
        """What ``cond`` evaluating to ``truth`` tells about variables."""
        if isinstance(cond, cst.UnaryOperation) and isinstance(cond.operator, cst.Not):
            return self.narrowings(cond.expression, not truth)
        if isinstance(cond, cst.BooleanOperation):
            if isinstance(cond.operator, cst.And) and truth:
                return self.narrowings(cond.left, True) + self.narrowings(cond.right, True)
            if isinstance(cond.operator, cst.Or) and not truth:
                return one_part(relative_parts(self.narrowings(cond.left, False) + self.narrowings(cond.right, False)))
            if isinstance(cond.operator, cst.Or) and truth:
                return root_or_under(self, cond) or root_or_parent(self, cond) or _either(self.narrowings(cond.left, True), self.narrowings(cond.right, True))
            if isinstance(cond.operator, cst.And) and not truth and (refused := root_or_parent_refused(self, cond)):
                return refused  # if p != root and root not in p.parents: refuse (pathtests.py)
            if isinstance(cond.operator, cst.And) and not truth and isinstance(cond.left, (cst.Name, cst.Attribute)):
                # if name and not name.isidentifier(): raise - past it the value is empty (falsy:
                # nothing to inject) or passed the check; other variables the check names are not.
                # if READ_ONLY and is_write(q): refuse (or config.read_only) - in that mode q passed
                # a read-only check (weak: it cleans nothing, it says what the mode rests on)
                flag = cst.Module([]).code_for_node(cond.left)
                right = self.narrowings(cond.right, False)
                return [n for n in right if isinstance(cond.left, cst.Name) and n[0] == flag] + [
                    (n[0], n[1], f"{n[2]}{MODE_ONLY}{flag} is set", *n[3:]) for n in right
                    if n[0] != flag and not n[1] and (n[2] or "").startswith(READ_ONLY_CHECK)] + \
                    self.classified_deny(cond.left, cond.right)
            return []
        found = (first_statement_check(self, cond, truth) if isinstance(cond, cst.Comparison) else None) or \
            self.lookup_narrowings(cond, truth) or quantified(self, cond, truth) or lookup_guard(self, cond, truth) \
            or flag_narrowings(self, cond, truth) or parents_narrowings(self, cond, truth)  # flagloops.py, pathtests.py
        if found:
            return found
        if isinstance(cond, cst.Await):
            cond = cond.expression
        if isinstance(cond, cst.Comparison) and len(cond.comparisons) == 1:  # with the marks of a part test (pathtests.py)
            return self._comparison_narrowings(cond, truth) + part_refusals(self, cond, truth)
        if isinstance(cond, cst.Name) and cond.value in self.verdict_vars:
            cond = self.verdict_vars[cond.value]  # ok, why = helper(p); if not ok: ...
        elif verdict_key(cond) and N.var_of(cond.value if isinstance(cond, cst.Subscript) else cond.func.value) \
                in self.verdict_vars:  # v = helper(p); if not v["valid"]: ...
            cond = self.verdict_vars[N.var_of(cond.value if isinstance(cond, cst.Subscript) else cond.func.value)]
        out: List[Narrowed] = []
        if isinstance(cond, cst.Call) and truth:
            out += self._call_narrowings(cond) + self._local(cond) + absolute_narrowings(self, cond)
        if isinstance(cond, cst.Call) and not truth:
            out += self._regex_deny_list(cond) + self._relative(cond) + self.helper_deny_narrowings(cond)
            out += self.deny_prefix_narrowings(cond)  # if q.startswith("DROP"): refuse (denyprefix.py)
        if isinstance(cond, cst.Call) and not truth and isinstance(cond.func, cst.Attribute) and cond.func.attr.value == "startswith":
            out += self.relpath_narrowings(cond)
            # if x.startswith("-"): reject  -> not an option any more
            if cond.args and (N.string_value(cond.args[0].value) or "").startswith("-"):
                var = N.var_of(cond.func.value)
                if var:
                    out.append((var, frozenset({"argument"}), None, "leading dash rejected"))
        return out

    def _comparison_narrowings(self, cond: cst.Comparison, truth: bool) -> List[Narrowed]:
        comp = cond.comparisons[0]
        op = comp.operator
        left, right = cond.left, comp.comparator
        positive = (isinstance(op, (cst.In, cst.Equal, cst.Is)) and truth) or (
            isinstance(op, (cst.NotIn, cst.NotEqual, cst.IsNot)) and not truth)
        if isinstance(op, (cst.In, cst.NotIn)):
            return self._membership_narrowings(left, right, positive)
        out: List[Narrowed] = []
        if isinstance(op, (cst.Equal, cst.NotEqual)) and positive:
            lvar, rvar = N.var_of(left), N.var_of(right)
            if N.is_literal(right) and lvar:
                out.append((lvar, frozenset({ALL}), None, "equality"))
            elif N.is_literal(left) and rvar:
                out.append((rvar, frozenset({ALL}), None, "equality"))
            else:
                out += self._resolve_equality(left, right) or element_equality(self, left, right) or \
                    slug_equality(self, left, right)  # slugify(x) == x (slugequal.py)
                cp, other = self._commonpath(left), right  # common = commonpath([p, root]); common == root
                if cp is None:
                    cp, other = self._commonpath(right), left
                if cp is not None and cp.args:
                    els = list(N.elements(cp.args[0].value))
                    for el in els:
                        checked = self.checked_path(el)
                        if checked and self.env.get(checked[0]):
                            roots = [e for e in els if e is not el] + [other]
                            out.append(self._containment(checked[0], "commonpath", checked[1], roots))
                    for el in els:  # commonpath([(root / p).resolve(), root]) == root (joinchecks.py)
                        out.extend(join_containments(self, el, "commonpath", [e for e in els if e is not el] + [other]))
        return out

    def _commonpath(self, node) -> Optional[cst.Call]:
        """A ``commonpath(...)`` call, as written or through the local it was assigned to."""
        if isinstance(node, cst.Name):
            node = self.local_values.get(node.value)
        return node if node is not None and N.is_call_to(node, "commonpath") else None

    def _relative(self, cond: cst.Call) -> List[Narrowed]:
        """``if os.path.isabs(p): refuse`` / ``if Path(p).is_absolute(): refuse``: p is relative
        from here on (a marker for :meth:`_resolve_equality`; no family is clean by it alone)."""
        target = self._tested(cond, self.M.absolute_tests)
        var = N.var_of(target) if target is not None else None
        return [(var, frozenset({RELATIVE}), None, "relative")] if var and self.env.get(var) else []

    def _local(self, cond: cst.Call) -> List[Narrowed]:
        """``if os.path.exists(p)`` / ``if Path(p).is_file()`` passed: p names a local file or
        folder, not a URL a library would fetch (clean for ``ssrf``; nothing else), and an
        option-looking value only when a file of that name exists (argvlow.EXISTS)."""
        target = self._tested(cond, self.M.local_tests)
        var = N.var_of(target) if target is not None else None
        return [(var, frozenset({"ssrf", EXISTS}), None, LOCAL)] if var and self.env.get(var) else []

    def _tested(self, cond: cst.Call, names) -> Optional[cst.BaseExpression]:
        """The path a test named in ``names`` is about: ``f(p)``, ``p.f()``, ``Path(p).f()``."""
        func = cond.func
        if (self.mod.dotted(func) or "") in names:
            return cond.args[0].value if cond.args else None
        if isinstance(func, cst.Attribute) and func.attr.value in names:
            target = func.value
            inner = target if isinstance(target, cst.Call) else None
            if inner is not None and inner.args and (self.mod.dotted(inner.func) or "") in self.M.joins:
                target = inner.args[0].value  # Path(p).is_absolute()
            return target
        return None

    def track_join(self, name: str, node) -> None:
        """``p = root / rel`` / ``os.path.join(root, rel)``: remember the root and the variables
        joined onto it (``Path(rel)`` counts as ``rel``), for :meth:`_resolve_equality`."""
        joined = self.__dict__.setdefault("joined", {})
        joined.pop(name, None)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
            root, parts = node.left, [node.right]
        elif isinstance(node, cst.Call) and len(node.args) >= 2 and (self.mod.dotted(node.func) or "") in self.M.joins:
            root, parts = node.args[0].value, [a.value for a in node.args[1:]]
        else:
            return
        parts = [p.args[0].value if isinstance(p, cst.Call) and len(p.args) == 1 and
                 (self.mod.dotted(p.func) or "") in self.M.joins else p for p in parts]
        names = [N.var_of(p) for p in parts]
        if all(names):
            joined[name] = (root, names)

    def _resolve_equality(self, left, right) -> List[Narrowed]:
        """``if p != p.resolve(): refuse``: p has no '..' and no symlink in it. Built by joining
        values that are each relative (they failed an is-absolute test) onto a root, it stays
        under that root (a root with '..' or a symlink in it fails the test too): confined, and as
        much the caller's as the root is."""
        for a, b in ((left, right), (right, left)):
            var, call = N.var_of(a), b if isinstance(b, cst.Call) else None
            built = self.__dict__.get("joined", {}).get(var) if var else None
            if built is None or call is None or not self.env.get(var):
                continue
            real = (isinstance(call.func, cst.Attribute) and call.func.attr.value in self.M.real_resolvers
                    and N.var_of(call.func.value) == var) or (
                (self.mod.dotted(call.func) or "") in self.M.real_resolvers and bool(call.args)
                and N.var_of(call.args[0].value) == var)
            root, names = built
            if real and all(self.env.get(n) and all(RELATIVE in i.clean for i in self.env[n].values()) for n in names):
                keep = {k: i for k, i in self.ev_quiet(root).items() if k in self.env[var]}
                return [(var, frozenset({"path"}), None, "resolve-equality", keep)]
        return []

    def _membership_narrowings(self, left, right, positive: bool) -> List[Narrowed]:
        out: List[Narrowed] = []
        left = scheme_operand(self, left)  # scheme = urlparse(url).scheme.lower(): schemevars.py
        lvar, lval, rt = N.var_of(left), N.string_value(left), self.ev_quiet(container_of(right))
        if positive and isinstance(left, cst.Attribute) and left.attr.value == "scheme" and lvar and not rt:
            # urlparse(url).scheme in ("http", "https"): a scheme, not a host (any host is still
            # reached), but no file: URL
            schemes = [N.string_value(e) for e in N.elements(self._collection(right))]
            if schemes and all(v is not None for v in schemes):
                return self._url_scheme(self.derived.get(lvar, lvar), [v + ":" for v in schemes])
        if positive and lvar and (not rt or (computed_container(right) and all(k[0] == "c" for k in rt))):
            # allow-list: the value is one of a fixed, uncontrolled collection, or of one a
            # project function computed (tables = list_tables(); as list_tables() in the test)
            fam = frozenset({ALL})
            host_attr = isinstance(left, cst.Attribute) and left.attr.value in _HOST_ATTRS
            if host_attr:
                fam = frozenset({"ssrf"})
            out.append((lvar, fam, None, "allow-list"))
            if host_attr:
                base = N.var_of(left.value) if not isinstance(left.value, cst.Call) else (
                    N.var_of(left.value.args[0].value) if left.value.args else None)
                if base:
                    out.append((base, frozenset({"ssrf"}), None, "host allow-list"))
                    src = self.derived.get(base)
                    if src:
                        out.append((src, frozenset({"ssrf"}), None, "host allow-list"))
        elif positive and lvar and ref_name_list(self, right):  # [b.name for b in repo.branches]: refnames.py
            out.append((lvar, REF_CLEARS, None, "allow-list"))
        elif not positive and lval is not None and ".." in lval:
            out += dot_part_test(self, lval, right)  # with an is-absolute refusal: confined (dotparts.py)
        elif not positive and lval is not None:
            rvar = N.var_of(right)
            if rvar:
                out.extend(self._deny_keyword(rvar, lval) + newline_refused(self, rvar, lval))  # configlines.py
        elif not positive:
            out.extend(self.first_word_deny(left, right))  # if verb in WRITE_VERBS: refuse (firstword.py)
        if positive and not rt:
            out.extend(self.first_word_allow(left, right))  # if argv[0] not in ALLOWED: refuse
        return out

    def _call_narrowings(self, cond: cst.Call) -> List[Narrowed]:
        out: List[Narrowed] = []
        func = cond.func
        helper = self.helper_narrowings(cond)
        if helper is None:
            helper = self.marker_narrowings(cond)
        if helper is not None:
            return helper
        from .urlprefixes import any_prefix

        listed = any_prefix(self, cond)  # any(url.startswith(p) for p in PREFIXES)
        if listed is not None:
            return listed
        if isinstance(func, cst.Attribute):
            meth = func.attr.value
            var = N.var_of(func.value)
            # a copy's check vouches for its source against a root, never against a constant
            # prefix (stmt = q.strip().upper(); stmt.startswith("SELECT") stays stmt's)
            copies = meth == "is_relative_to" or bool(cond.args) and N.string_value(cond.args[0].value) is None
            checked = self.checked_path(func.value, copies) if meth in ("is_relative_to", "startswith") else None
            joined = join_operand(self, func.value, [a.value for a in cond.args[:1]]) \
                if meth in ("is_relative_to", "startswith") and cond.args else None
            if joined is not None and (not checked or checked[0] != joined[0]):  # (root / p).resolve() (joinchecks.py)
                out.extend([self._containment(joined[0], meth, True, [cond.args[0].value])] if meth == "is_relative_to"
                           else self._startswith_checks(joined[0], cond, True))
            if meth == "is_relative_to" and checked:
                out.append(self._containment(checked[0], "is_relative_to", checked[1], [a.value for a in cond.args]))
            elif meth == "startswith" and checked:
                out.extend(self._startswith(checked[0], cond, checked[1]))
                out.extend(self._copy_prefix(checked[0], out))
            elif meth in self.M.char_class_checks and var:
                out.extend(char_class_narrowings(self, var, meth))  # and the name var is the stem of
            elif meth in ("fullmatch", "match"):
                out.extend(self._regex_narrowing(cond, meth))
        elif isinstance(func, cst.Name) and func.value == "isinstance" and len(cond.args) == 2:
            out.extend(self._safe_instance(cond))
        elif isinstance(func, cst.Name) and func.value == "any" and len(cond.args) == 1:
            one = self._any_prefix(cond.args[0].value) or any_root(cond.args[0].value)  # quantified.py
            return self._call_narrowings(one) if one is not None else any_check(self, cond)  # pathtests.py
        elif isinstance(func, cst.Name) and VALIDATOR_NAME.search(func.value):
            out.extend(self._validator(cond, func.value))
        if isinstance(func, cst.Attribute) and VALIDATOR_NAME.search(func.attr.value) and func.attr.value not in _CHECK_METHODS:
            out.extend(self._validator(cond, func.attr.value))
        return out

    def _any_prefix(self, gen) -> Optional[cst.Call]:
        """``any(q.startswith(p) for p in ("select", "with"))``: the same test as
        ``q.startswith(("select", "with"))`` over a tuple or list of strings (local or module)."""
        found = element_call(gen, "startswith")  # quantified.py
        if found is None or not isinstance(found[0].args[0].value, cst.Name):
            return None  # (the prefixes stand for the loop variable itself, not str(p) or p.lower())
        call, it = found
        values = self.local_values.get(it.value) or self.mod.module_values.get(it.value) if isinstance(it, cst.Name) else it
        elems = list(N.elements(values)) if values is not None else []
        if not elems or any(N.string_value(e) is None for e in elems):
            return None
        return call.with_changes(args=[cst.Arg(cst.Tuple([cst.Element(e) for e in elems]))])

    def _copy_prefix(self, var: str, found: List[Narrowed]) -> List[Narrowed]:
        """A query-prefix check on a copy of the query in one case (``low = q.lower()``) that
        admits a statement that writes when run alone (``WITH x AS (SELECT 1) DELETE FROM t``:
        the SQL models' ``writing-prefixes``) is a bypassable read-only check of the query: the
        same read-prefix narrowing for ``q``. One that admits only statements that cannot write
        alone (``SELECT``) leaves the query's flow as it was (a weak guard is no guard: the
        tool's raw-query capability and its read-only claim are read as without it)."""
        from .sqlquote import select_only

        value = self.local_values.get(var)
        src = N.var_of(value) if isinstance(value, cst.Call) else None
        if not src or src == var or not self.env.get(src):
            return []
        return [(src, *n[1:]) for n in found if n[0] == var and n[3] == "read-prefix" and not select_only(n[2])]

    def _safe_instance(self, cond: cst.Call) -> List[Narrowed]:
        """``isinstance(v, UUID)`` (or a tuple of such types): v is a value of a type whose text
        cannot carry an injection (the catalog's safe annotations; str(v) may still start with '-')."""
        var, types = N.var_of(cond.args[0].value), cond.args[1].value
        names = [e.value for e in types.elements] if isinstance(types, cst.Tuple) else [types]
        if var and self.env.get(var) and all((self.mod.dotted(t) or "") in self.M.safe_annotations for t in names):
            return [(var, all_families() - {"argument"}, None, "isinstance")]
        return []

    def _validator(self, call: cst.Call, name: str) -> List[Narrowed]:
        """``if not valid(x): refuse``: weak unless the linked helper is True only for clean values."""
        out: List[Narrowed] = []
        for i, a in enumerate(call.args if not read_validator(self, call) else ()):  # schemachecks.py
            var = N.var_of(a.value)
            if var and self.env.get(var):
                # a pair ``ok, why = check(p)`` of another module: verified or not there at all
                mode = "verdict" if id(call) in self.soft_calls else "true"
                out.append((var, frozenset(), self.unverified(call, name, i, mode), "validator"))
        return out

    def _proven(self, call: cst.Call, local, fams_by_param) -> List[Narrowed]:
        """Arguments a project helper in this module is known to validate (its summary)."""
        positional = [p.name for p in local.params if p.kind == "pos"]
        out: List[Narrowed] = []
        for i, arg in enumerate(a for a in call.args if a.keyword is None and not a.star):
            fams = fams_by_param.get(positional[i]) if i < len(positional) else None
            var = N.var_of(arg.value)
            if fams and var and self.env.get(var):
                out.append((var, fams, None, "validator"))
        return out

    def unverified(self, call: cst.Call, name: str, argpos: int, mode: str) -> str:
        """The weak reason of a validator-named call mcpaudit cannot see into here, with where
        to look when modules are linked (see :data:`CHECK_REF`)."""
        words = f"checked by {name}() {UNVERIFIED}"
        target = self.mod.dotted(call.func)
        if not target or call.args[argpos].keyword is not None or call.args[argpos].star:
            return words
        from .rootparams import with_free  # "1@0": argument 0 carries no caller input (a roots parameter)

        return words + CHECK_REF + "|".join((mode, self.mod.path, self.qualname, target, with_free(self, call, argpos)))

    def _containment(self, var: str, how: str, resolved_form: bool = False, roots=()) -> Narrowed:
        cur = self.env.get(var) or {}
        # what the value carries of the root (a check's confinement, met again on a loop's next
        # pass) is the root's: whether the value itself was resolved is what counts
        own = [i for k, i in cur.items() if k not in self.root_labels(roots)] if roots else list(cur.values())
        resolved = bool(cur) and (resolved_form or all(i.resolved for i in own))
        if resolved:
            return (var, LOCAL_PATH, None, how, self.confined_keep(var, roots))
        return (var, frozenset(), f"{how}(){NOT_RESOLVED}: '..' and symlinks are not normalised", how)

    def _startswith(self, var: str, call: cst.Call, resolved_form: bool = False) -> List[Narrowed]:
        """``v.startswith(prefix)`` as below; whatever else it proves, a value that starts with a
        constant that does not start with '-' is no option (``url.startswith("https://")``)."""
        from .urlprefixes import constant_text  # a module string constant is its text
        out = self._startswith_checks(var, call, resolved_form)
        sval = constant_text(self, call.args[0].value) if call.args else None
        if sval and not sval.startswith("-") and self.env.get(var):
            # a scheme alone ("https://", "http") is no check of what the URL reaches (py57e)
            out = out + [(var, frozenset({"argument", UNCHECKED}) if scheme_only(sval) else frozenset({"argument"}),
                          None, "constant prefix")]
        return out

    def _startswith_checks(self, var: str, call: cst.Call, resolved_form: bool = False) -> List[Narrowed]:
        """``v.startswith(prefix)``: a path containment check (sound with a trailing separator
        on a resolved path) or a URL prefix check (sound when the prefix fixes the host)."""
        from .urlprefixes import constant_text, prefix_values, url_prefix_check  # (it reads this module's URL tests)

        if not call.args:
            return []
        arg = call.args[0].value
        sval = constant_text(self, arg)
        if sval is not None and sval.startswith("-"):
            return []
        ends_sep = False
        if sval is not None:
            ends_sep = sval.endswith(("/", "\\"))
        elif isinstance(arg, cst.BinaryOperation) and isinstance(arg.operator, cst.Add):
            r = arg.right
            ends_sep = (N.string_value(r) or "").endswith(("/", "\\")) or (self.mod.dotted(r) or "") in ("os.sep", "os.path.sep")
        elif isinstance(arg, cst.FormattedString):
            last = arg.parts[-1] if arg.parts else None
            ends_sep = isinstance(last, cst.FormattedStringText) and last.value.endswith(("/", "\\"))
        elif isinstance(arg, cst.Tuple):
            words = [N.string_value(e.value) for e in arg.elements]
            if words and None not in words and all("://" in w for w in words):
                # url.startswith(("http://", "https://")): no file: URL (and no other host, when
                # every prefix fixes one: urlprefixes.py)
                scheme = self._url_scheme(var, [w.split("://")[0] + ":" for w in words])
                schemes_only = all(w.split("://", 1)[1] == "" for w in words)  # a scheme check, no host check
                urls = url_prefix_check(var, words) if self.env.get(var) and not schemes_only else None
                if urls is not None:
                    return scheme + urls
                hosts = [(var, frozenset({"ssrf"}), None, "URL prefix")] if all(map(fixed_host_prefix, words)) else []
                return scheme + hosts
            return self._read_prefix(var, [w for w in words if w is not None])
        cur = self.env.get(var) or {}
        if not cur:
            return []
        listed = url_prefix_check(var, prefix_values(self, arg) or []) if sval is None else None
        if listed is not None:
            return listed  # startswith(PREFIXES), for p in self.permitted_urls (urlprefixes.py)
        if sval is not None and (select_dispatch(self, var, [sval]) or self._read_prefix(var, [sval])):
            return self._read_prefix(var, [sval])  # (none for a dispatch on the prefix: prefixdispatch.py)
        if sval is not None and "://" in sval:
            # scheme/host prefix check on a URL: restricts SSRF only if it fixes the host
            if fixed_host_prefix(sval):
                return [(var, frozenset({"ssrf"}), None, "URL prefix")]
            return self._url_scheme(var, [sval.split("://")[0] + ":"])
        if sval is not None and _SCHEME_WORD.match(sval):
            return self._url_scheme(var, [sval.split(":")[0].lower() + ":"])  # url.startswith("http") (py57e)
        if sval is not None and not any(ch in sval for ch in "/\\:~") and not sval.startswith("."):
            return []  # a name's prefix ("notify.", "http", "mobile_app_"): no directory root, no containment check (py53a, py53b)
        resolved = resolved_form or all(i.resolved for i in cur.values())
        if ends_sep and resolved:
            return [(var, LOCAL_PATH, None, "startswith(root + sep)", self.confined_keep(var, [arg]))]
        return [(var, frozenset(), (
            WEAK_PREFIX + ": str.startswith(root) without a trailing separator also accepts "
            "sibling directories such as '/allowed-evil' (CVE-2025-53110)"
            if not ends_sep else "startswith() on a path that was not resolved first"), "startswith")]

    def _collection(self, node):
        """A literal collection, or the one a local or module name is bound to."""
        if isinstance(node, cst.Name):
            return self.local_values.get(node.value) or self.mod.module_values.get(node.value)
        return node

    def _url_scheme(self, var: str, schemes) -> List[Narrowed]:
        """``var`` passed a check that its scheme is one of ``schemes`` (``"https:"``): when none
        names a local file, a loader that also opens ``file:`` URLs is kept to the network
        (:data:`NET_SCHEME`; no check of what the value reaches otherwise, so not ``checked``)."""
        if not schemes or not all(network_scheme(v) for v in schemes) or not self.env.get(var):
            return []
        return [(var, frozenset({NET_SCHEME, UNCHECKED}), None, "URL scheme")]

    def _read_prefix(self, var: str, prefixes) -> List[Narrowed]:
        """``q.upper().startswith("SELECT")``: a query-prefix read-only check (weak)."""
        words = [p.strip().upper() for p in prefixes if p and p.strip()]
        if words and self.env.get(var) and not all(w.split()[0] in self.M.read_prefixes for w in words):
            return self._class_prefix(var, words)
        if not words or not self.env.get(var) or select_dispatch(self, var, words):
            return []  # if q.startswith("SELECT"): fetch(q) else: execute(q) (prefixdispatch.py)
        shown = "/".join(repr(w) for w in words)
        shown_too = {"WITH", "EXPLAIN"}  # (the message names both whatever the check admits)
        more = "".join(f", '{e}'" for e in admitted_writers([w for w in words if w not in shown_too],
                                                             self.M.writing_prefixes))
        why = (f"{READ_ONLY_CHECK} by query prefix ({shown}): 'SELECT 1; DROP TABLE t', "
               f"'WITH x AS (DELETE ...)'{more} and 'EXPLAIN ANALYZE DELETE ...' pass it")
        if rejects_semicolon(self.fn, var):
            why = one_statement(why, "the code rejects ';' in the text")
        if routes_writes(self.fn, self.M.write_keywords):
            self.mod.routes_writes = True  # the prefix checks route statements (claims.review_checks)
        return [(var, frozenset(), why, "read-prefix")]

    def _class_prefix(self, var: str, words: List[str]) -> List[Narrowed]:
        """``q.upper().startswith(("CREATE", "ALTER", "DROP"))`` in front of a raw-query sink: the
        tool admits only these kinds of statement, a claim a statement stacked after an admitted
        one breaks (weak; none when the code rejects ';')."""
        firsts = [w.split()[0] for w in words]
        known = self.M.read_prefixes | self.M.write_keywords
        if not all(f in known for f in firsts) or rejects_semicolon(self.fn, var):
            return []
        shown = "/".join(repr(w) for w in words)
        return [(var, frozenset(), f"{STATEMENT_CHECK} by query prefix ({shown}): a statement stacked after an "
                 f"admitted one ('{words[0]} ...; DELETE FROM t') passes it", "class-prefix")]

    def statement_check(self, call: cst.Call, fname: str) -> None:
        """``validate_x(v)`` as a statement: a project helper whose summary proves it sanitises
        its argument cleans it; any other validator-named call is assumed to raise on bad input,
        a weak check."""
        local = self.mod.functions.get(fname) if isinstance(call.func, cst.Name) else None
        self._statement_check(call, fname, local)
        egress_refs(self, call, local)  # a resolve-then-refuse egress guard (egressguard.py)

    def _statement_check(self, call: cst.Call, fname: str, local) -> None:
        if local is None and self.mod.dotted(call.func) in self.M.parse_checks and len(call.args) == 1:
            # UUID(value) / int(value) as a statement: past it, the value is that text only (which
            # may still start with '-': int("-5"), UUID("-" + 32 hex digits))
            var = N.var_of(call.args[0].value)
            if var and self.env.get(var):
                self.env[var] = mark(self.env[var], clean=all_families() - {"argument"}, checked=True)
            # UUID(core) with core = v[3:] under v.startswith("ws-"), UUID(v.removeprefix(P)): checks v
            self.link_remainder(var or call.args[0].value, all_families() - {"argument"})  # harness.py
            return
        if local is not None and local.weak_checks:
            positional = [p.name for p in local.params if p.kind == "pos"]
            for i, arg in enumerate(a for a in call.args if a.keyword is None and not a.star):
                why = local.weak_checks.get(positional[i]) if i < len(positional) else None
                var = N.var_of(arg.value)
                if why and var and self.env.get(var):
                    self.env[var] = mark(self.env[var], weak=why, checked=True)
            return
        if local is not None and local.validates:
            for var, fams, _, _ in self._proven(call, local, local.validates):
                self.env[var] = mark(self.env[var], clean=fams, checked=True)
        elif fname and VALIDATOR_NAME.search(fname) and fname not in self.M.container_mutators and not read_validator(self, call):
            for i, arg in enumerate(call.args):
                var = N.var_of(arg.value)
                if var and self.env.get(var):
                    self.env[var] = mark(self.env[var], weak=self.unverified(call, fname, i, "raise"), checked=True)


#: the marks of a '..' refusal and of both separators' (pathtests.part_refusals)
_PART_MARKS = frozenset({NOT_DOTS, NO_SLASH, NO_BACKSLASH})
_DOT_DENY = "is a deny-list, not a containment check"


def _mark_except(t, keep, **kw):
    """``mark(t, **kw)`` for the labels of ``t`` not in ``keep``."""
    if not keep:
        return mark(t, **kw)
    out = dict(t)
    out.update(mark({label: info for label, info in t.items() if label not in keep}, **kw))
    return out


_FIXED_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/{?#]+[/?#]")


def fixed_host_prefix(prefix: str) -> bool:
    """True when a URL's constant prefix already fixes scheme and host (``https://api.x.com/``)."""
    return bool(_FIXED_HOST.match(prefix))


def query_only_prefix(prefix: Optional[str]) -> bool:
    """True when a URL's constant prefix fixes scheme, host and path and has opened the query or
    the fragment (``https://slack.com/api/users.list?``): what follows varies only the query,
    which moves the request to no other host or endpoint."""
    if not prefix or not fixed_host_prefix(prefix):
        return False
    rest = prefix.split("://", 1)[1]
    return "?" in rest or "#" in rest


#: A marker in ``Info.clean`` (not a family): the value is a URL whose scheme the code fixed to
#: one that names no local file (``https:``), by a constant prefix or a check; a loader that reads
#: ``file:`` URLs and bare paths from disk (a sink row of kind ``file-url``) cannot be pointed at
#: a file with it.
NET_SCHEME = "~net-scheme"
#: a regular expression's source that matches only text starting with an http(s) scheme
#: (``^https?:``, ``^(http|https):``): the scheme-default shapes of schemefix.py and ts/schemedefault.py
HTTP_SCHEME_REGEX = re.compile(r"^\^\(?(?:\?:)?(?:https\?|http\|https|https\|http)\)?:")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+):")


def network_scheme(prefix: Optional[str]) -> bool:
    """True when a URL's constant prefix (``https://``, ``http:``) fixes a scheme other than
    ``file:`` (one letter and a colon is a Windows drive, not a scheme)."""
    m = _SCHEME.match(prefix or "")
    return bool(m) and m.group(1).lower() != "file"


#: a bare network scheme as a prefix (``url.startswith("http")``, ``"https:"``): a check of the
#: URL's scheme, as ``startswith(("http://", "https://"))`` is, that fixes no host
_SCHEME_WORD = re.compile(r"^(https?|wss?|ftps?)(:(//)?)?$", re.IGNORECASE)


def scheme_only(prefix: str) -> bool:
    """True when a constant prefix fixes a network URL scheme and nothing after it (``https://``,
    ``http``): what passes it is any host's URL, so it checks nothing a fetch of it can reach."""
    head, sep, rest = prefix.partition("://")
    return bool(_SCHEME_WORD.match(prefix)) or bool(sep) and not rest and network_scheme(head + ":")


_LOCAL = re.compile(r"^(/|\.|~|[a-zA-Z]:[\\/]|file:|data:)", re.IGNORECASE)


def local_prefix(prefix: Optional[str]) -> bool:
    """True when a constant prefix makes the value no network URL for a loader that takes a
    path or a URI: a local path (``/srv/docs/``, ``./``, ``~``, ``C:\\``), a ``file:`` URL or an
    inline ``data:`` URI."""
    return bool(_LOCAL.match(prefix or ""))


def unguarded_host_prefix(prefix: str) -> bool:
    """True for a constant that names a scheme and a host with nothing after the host
    (``https://docs.example.com``): as a ``startsWith`` test it also accepts
    ``https://docs.example.com.evil.example/`` and ``https://docs.example.com@evil.example/``."""
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/{?#@]+$", prefix)) and not fixed_host_prefix(prefix)


#: The weak reason of a URL prefix test that ends at the host (see :func:`unguarded_host_prefix`).
HOST_PREFIX = ("weak URL check: startsWith('{prefix}') without a '/' after the host also accepts "
               "'{prefix}.attacker.example/' and '{prefix}@attacker.example/'")
