"""Checks that narrow a value in TypeScript/JavaScript: what an ``if`` (or a validation call
used as a statement) tells the interpreter about a variable where the check passed.

A narrowing is ``(variable, families, weak, why)`` as in :mod:`mcpaudit.analysis.narrowing`,
whose regular-expression and URL-prefix judgements are shared. Containment checks on paths count
when the path was resolved first; without ``realpath`` a symlink inside the root can still point
outside (CVE-2025-53109), without a separator after the root a sibling directory passes
(CVE-2025-53110). A keyword-prefix test on SQL text (``q.trim().toLowerCase().startsWith("select")``)
is a read-only claim that stacked statements bypass: it is kept as a weak check, and the finding is
reported where the check is.

Mixed into the function interpreter.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ...catalog import catalog
from ..checkref import chained, soft
from ..dotsegments import dot_segment_free
from ..narrowing import (CHECK_REF, HOST_PREFIX, NET_SCHEME, NO_REALPATH, READ_ONLY_CHECK, UNVERIFIED,
                         admitted_writers, fixed_host_prefix, network_scheme, regex_families, unguarded_host_prefix)
from ..taintvalue import ALL, DANGLING, UNCHECKED, mark, meet
from ..urlpath import prefix_pins
from .slashpaths import SLASH_LED, SLASH_WHY
from . import nodes as N
from . import verdictvars
from .lookupguard import lookup_narrowings
from .rowkeys import row_narrowings
from .rootargs import ref_argpos
from .rootcases import sep_replaced
from .urltext import url_object
from .verdicts import DOTDOT_DENY, SYMLINK, UNRESOLVED
from .symlinks import superseded
from .relparent import PARENT_ONLY, parent_prefix, tests_parent_itself
from .pathshape import NO_BACKSLASH, NO_DOTDOT, NO_SLASH, RELATIVE, SHAPES, confined
from .stringguard import not_string
from .escapes import _regex_parts
from .escapes import _replaced, list_joined, replaced_families, single_quote_escaped  # re-exported

Narrowed = Tuple[str, frozenset, Optional[str], str]

_VALIDATOR_NAME = re.compile(r"(?i)(valid|check|ensure|verify|saniti|assert|allowed|safe|permit|guard|restrict|authori|within|inside|contain)")
_HOST_ATTRS = ("hostname", "host", "origin")
_SQL_WRITE_WORDS = re.compile(r"(?i)\b(insert|update|delete|drop|alter|create|truncate|grant|revoke|replace|merge|attach|exec)\b")

#: a read-only claim made by a keyword test on SQL text (the Python analysis's wording)
READ_ONLY = READ_ONLY_CHECK
#: the secret families a publishable key (``pk.``) is clean for: it may be returned and logged; the
#: marker says a publishable-prefix test proved it (a secret-named read of the variable keeps it)
PUBLISHABLE = frozenset({"return", "log"})
PUBLIC_MARK = "~publishable"
PREFIX = ("weak containment check: startsWith(root) without a trailing separator also accepts "
          "sibling directories such as '/allowed-evil' (CVE-2025-53110)")


def _read_words() -> frozenset:
    """The words a read-only check looks for at a query's start (``read-prefixes`` in the SQL models)."""
    return frozenset(w.lower() for w in catalog().python.read_prefixes)


def prefix_why(words: List[str]) -> str:
    """The weak reason of a query-prefix check that admits ``words``: stacked statements, and
    each admitted prefix whose statement writes alone (``writing-prefixes``: a setter PRAGMA)."""
    shown = "/".join(repr(w) for w in words)
    more = "".join(f"'{e}', " for e in admitted_writers(words, catalog().python.writing_prefixes))
    return (f"{READ_ONLY} by query prefix ({shown}): '{words[0].upper()} 1; DROP TABLE t', {more}"
            "side-effecting functions and SELECT ... INTO pass it")


def _prefix_words(weak: Optional[str]) -> List[str]:
    m = re.search(r"by query prefix \(([^)]*)\)", weak or "")
    return [w.strip(" '\"") for w in m.group(1).split("/")] if m else []


def _url_prefix(var: str, prefix: str, whole: bool) -> List[Narrowed]:
    """``url.startsWith(prefix)`` passed, ``prefix`` a URL's start (``whole``: all of the tested
    constant): a prefix that fixes the host leaves a path fill (urlpath.prefix_pins), one that fixes a scheme
    other than ``file:`` a file a loader reads; a constant that ends at the host is a weak check."""
    clean = set()
    if network_scheme(prefix):
        clean.add(NET_SCHEME)
    if fixed_host_prefix(prefix):
        clean |= prefix_pins([prefix])  # the host is pinned; the value still fills its path
    weak = HOST_PREFIX.format(prefix=prefix) if whole and unguarded_host_prefix(prefix) else None
    return [(var, frozenset(clean), weak, "URL prefix")] if clean or weak else []


#: what an is-absolute test says of a path (an absolute one can never be read as an option)
ABSOLUTE = "absolute path"


def _markers_only(clean: frozenset, why: str) -> bool:
    """Whether a narrowing only marks the value's shape for another reader (a URL's scheme, a
    path found relative) or says only that an absolute path is no option: an is-absolute test
    restricts nothing a file tool is for (any absolute path passes), as in narrowing.py."""
    return clean == {NET_SCHEME} or clean == {RELATIVE} or clean == {SLASH_LED} or (why == ABSOLUTE and clean == {"argument"})


class Checks:
    """Reads conditions and validation calls (mixed into the function interpreter)."""

    def apply(self, narrowings, arm: bool = False) -> None:
        for var, clean, weak, _why in narrowings:
            cur, form = self.env.get(var), UNCHECKED in clean  # a form test only (formchecks.py)
            clean = clean - {UNCHECKED}
            if cur:
                # a marker alone (NET_SCHEME) restricts the value for no rule: not a check (a
                # relative or is-absolute test picking the arm of ``c ? a : b`` still counts, as
                # before: the arms feed a later check, and its flows are judged there)
                v = mark(cur, clean=clean, weak=weak, checked=bool(weak) or not form and (
                    clean not in ({NET_SCHEME}, {SLASH_LED}) if arm else not _markers_only(clean, _why)))
                if weak:  # a later check behind a validator the linker reads (checkref.py)
                    v = {k: i.replace(weak=chained(cur[k].weak, weak)) for k, i in v.items()}
                if weak and not soft(weak):  # a soft reference is no check until verified
                    v = {k: i.with_step(self.step(self.stmt, f"checked: {_why}")) for k, i in v.items()}
                self.env[var] = superseded(confined(v) if clean & SHAPES else v, clean, weak)
            copy = self.case_copies.get(var) if (weak or "").startswith(READ_ONLY) else None
            if copy and copy != var and self.env.get(copy):  # q = query.trim().toLowerCase(); q passed
                v = mark(self.env[copy], weak=weak, checked=True)
                self.env[copy] = {k: i.with_step(self.step(self.stmt, f"checked: {_why}")) for k, i in v.items()}
            src = self.derived.get(var)
            if src and ("ssrf" in clean or (ALL in clean and var in self.host_vars)) and self.env.get(src):
                self.env[src] = mark(self.env[src], clean=frozenset({"ssrf"}))
            self.vouch_chain(var, clean, weak)  # and for what it was derived from (symlinks.py)

    def _var(self, node) -> Optional[str]:
        """The variable a check is about; a property path (``parsed.data.command``) gets its own
        entry, so that what the check says sticks to it."""
        var = N.var_of(self.data, node)
        if var and "." in var and var not in self.env:
            v = self.ev_quiet(node)
            if v:
                self.env[var] = v
                self.fields.setdefault(var.split(".")[0], set()).add(var)
        return var

    def fixed_host(self, prefix: str) -> bool:
        return fixed_host_prefix(prefix)

    # -- conditions -----------------------------------------------------------------------
    def narrowings(self, cond, truth: bool) -> List[Narrowed]:
        cond = N.unwrap(cond)
        if cond is None:
            return []
        t = cond.type
        if t == "unary_expression":
            op = cond.child_by_field_id(self.F.operator)
            if op is not None and op.type == "!":
                return self.narrowings(cond.child_by_field_id(self.F.argument), not truth)
            return []
        if t == "await_expression":
            inner = cond.named_children
            return self.narrowings(inner[0], truth) if inner else []
        if t == "binary_expression":
            op = cond.child_by_field_id(self.F.operator)
            opt = op.type if op is not None else ""
            left, right = cond.child_by_field_id(self.F.left), cond.child_by_field_id(self.F.right)
            if opt == "&&":
                if not truth:  # x && typeof x !== "number" failed (typeguards.py)
                    # !a && !b failed: a or b held (!q.startsWith("select") && !q.startsWith("pragma"))
                    return self.falsy_or_narrowings(left, right) or _met(
                        self.disjunct(left, False), self.disjunct(right, False))
                return self.narrowings(left, True) + self.narrowings(right, True)
            if opt == "||":
                if truth:  # either held: what both prove (h === D || h.endsWith("." + D))
                    return _met(self.disjunct(left, True), self.disjunct(right, True))
                return self.narrowings(left, False) + self.narrowings(right, False)
            if opt in ("===", "==", "!==", "!="):
                positive = truth == (opt in ("===", "=="))
                return self._equality(left, right, positive)
            if opt == "in" and truth:
                var = N.var_of(self.data, left)
                if var and not self.ev_quiet(right):
                    return [(var, frozenset({ALL}), None, "allow-list")]
            return []
        if t == "call_expression":
            return self._call_narrowings(cond, truth)
        return row_narrowings(self, cond, truth) or verdictvars.narrowings(self, cond, truth)

    def _equality(self, left, right, positive: bool) -> List[Narrowed]:
        lu, ru = N.unwrap(left), N.unwrap(right)
        if lu is None or ru is None:
            return []
        # typeof x === "number"
        for a, b in ((lu, ru), (ru, lu)):
            if a.type == "unary_expression":
                op = a.child_by_field_id(self.F.operator)
                if op is not None and op.type == "typeof" and positive:
                    kind = N.string_value(self.data, b)
                    var = self._var(a.child_by_field_id(self.F.argument))
                    if var and kind in ("number", "boolean", "bigint"):
                        return [(var, frozenset({ALL}), None, f"typeof {kind}")]
                if op is not None and op.type == "typeof" and not positive and N.string_value(self.data, b) == "string":
                    var = self._var(a.child_by_field_id(self.F.argument))
                    return not_string(self, var) if var else []  # no string secret there (stringguard.py)
                return []
        if not positive:
            return []
        out: List[Narrowed] = []
        for a, b in ((lu, ru), (ru, lu)):
            if N.is_literal(b) or self.const_of(b) is not None:
                var = self._var(a)
                if var:
                    out.append((var, frozenset({ALL}), None, "equality"))
                    out.extend(self._host_source(var, "equality"))
                    out.extend(self._scheme_source(var, [N.string_value(self.data, b) or self.const_of(b)]))
        return out

    def _host_source(self, var: str, why: str) -> List[Narrowed]:
        """``u.hostname`` checked: the URL ``u`` was built from is restricted too."""
        base, _, attr = var.rpartition(".")
        if attr not in _HOST_ATTRS or not base:
            return []
        out: List[Narrowed] = [(base, frozenset({"ssrf"}), None, f"host {why}")]
        if var in self.env:
            out.append((var, frozenset({"ssrf"}), None, f"host {why}"))
        src = self.derived.get(base)
        if src:
            out.append((src, frozenset({"ssrf"}), None, f"host {why}"))
        return out

    def _scheme_source(self, var: str, values) -> List[Narrowed]:
        """``u.protocol`` checked against schemes that name no local file (``"https:"``): the
        URL ``u`` (and what it was parsed from) is no ``file:`` URL."""
        base, _, attr = var.rpartition(".")
        if attr != "protocol" or not base or not values or not all(network_scheme(v) for v in values):
            return []
        out: List[Narrowed] = [(base, frozenset({NET_SCHEME}), None, "URL scheme")]
        src = self.derived.get(base)
        if src:
            out.append((src, frozenset({NET_SCHEME}), None, "URL scheme"))
        return out

    def _call_narrowings(self, cond, truth: bool) -> List[Narrowed]:
        fn = N.unwrap(cond.child_by_field_id(self.F.function))
        args = N.args_of(cond)
        if fn is None:
            return []
        out: List[Narrowed] = []
        if fn.type == "member_expression":
            recv = fn.child_by_field_id(self.F.object)
            prop = fn.child_by_field_id(self.F.property)
            meth = N.text(self.data, prop) if prop is not None else ""
            if meth in ("includes", "has") and args:
                # ALLOWED.includes(x): an allow-list when the collection carries no caller input
                var = self._var(args[0])
                if truth and var and not self.ev_quiet(recv) and not self._is_sql_keywords(recv):
                    out.append((var, frozenset({ALL}), None, "allow-list"))
                    out.extend(self._host_source(var, "allow-list"))
                    r = N.unwrap(recv)
                    if r is not None and r.type == "array":
                        out.extend(self._scheme_source(var, [N.string_value(self.data, e) for e in r.named_children]))
                elif var is None and meth == "includes":
                    out.extend(self.dotdot_test(recv, args, truth))  # x.split("/").includes("..")
                    rvar = N.var_of(self.data, recv)
                    lit = N.string_value(self.data, args[0])
                    if rvar and lit is not None and self.env.get(rvar):
                        out.extend(self._substring_check(rvar, lit, truth))
                return out
            if meth in ("startsWith", "endsWith") and args:
                var = self._var(recv)
                if var:
                    out.extend(self._prefix(var, meth, args[0], truth, recv))
                elif meth == "startsWith":
                    out.extend(self._inline_relative(recv, args[0], truth))
                return out
            if meth == "test" and args:
                rx = _regex_parts(self.data, recv) or self._regex_const(recv)
                var = self._var(args[0])
                if rx and var:
                    out.extend(self._regex(var, rx, truth))
                    out.extend(self.separator_test(var, rx[0], truth))  # pathshape.py
                return out
            if meth in ("match", "search") and args:
                rx = _regex_parts(self.data, args[0]) or self._regex_const(args[0])
                var = self._var(recv)
                if rx and var:
                    out.extend(self._regex(var, rx, truth if meth == "match" else not truth))
                return out
            if meth == "isSymbolicLink" and not args:
                return self.symlink_test(recv, truth)
            if meth in ("isInteger", "isSafeInteger", "isFinite") and args and truth:
                var = N.var_of(self.data, args[0])
                if var:
                    out.append((var, frozenset({ALL}), None, meth))
                return out
            if meth == "isAbsolute" and args:
                var = N.var_of(self.data, args[0])
                if var and self.env.get(var) and (self.dotted(fn) or "") in self.M.absolute_tests:
                    # path.isAbsolute(p): p starts at the root, never an option in an argv; or
                    # it is relative (pathshape.py)
                    out.append((var, frozenset({"argument"}), None, ABSOLUTE) if truth else
                               (var, frozenset({RELATIVE}), None, "relative path"))
                return out
            if meth == "some" and args and truth:
                return self.some_predicate(recv, args[0])  # one of the roots contains it (pathshape.py)
            if meth == "some" and args and truth is False:
                # FORBIDDEN.some(k => q.includes(k)) rejected: a deny-list of keywords; a
                # path's segments of which none is '..' (pathshape.py)
                return self.dotdot_test(recv, args, truth)
            if truth and not _VALIDATOR_NAME.search(meth):
                out.extend(lookup_narrowings(self, recv, meth, args))  # if (!store.getDoc(id)) return (lookupguard.py)
            if _VALIDATOR_NAME.search(meth) and truth:  # the callee as written: this.isAllowedHost
                shown = "this." + meth if recv is not None and recv.type == "this" else meth
                # a method the linker can read: verified from its true verdicts, as another module's (ts32c)
                out.extend((var, fams, self.unverified(cond, shown, i, var, "true"), why)
                           for i, (var, fams, _w, why) in self._validator_args(args, shown))
            return out
        local_pred = self.local_predicate(fn, args, truth)  # const bad = (v) => ... (pathshape.py)
        if local_pred is not None:
            return local_pred
        if fn.type == "identifier" and truth:
            name = N.text(self.data, fn)
            if name in ("isFinite", "Number"):
                return out
            local = self.mod.functions.get(name)
            if local is not None and local.is_async and not _awaited(cond):
                return out  # a pending promise is truthy: the check never fails
            if local is not None and local.validates:
                out.extend(self._proven(local, args))
            elif local is not None and local.verdicts:
                out.extend(self.verdict_narrowings(local, args, f"checked by {name}()"))
                out.extend(self.field_verdict_narrowings(local, args, f"type guard {name}()"))
            elif local is None and _VALIDATOR_NAME.search(name) and self.call_targets(fn, self.dotted(fn) or "", None, None, args):
                # a predicate of another module: verified by the linker from its verdicts
                out.extend((var, fams, self.unverified(cond, name, i, var, "true"), why)
                           for i, (var, fams, _w, why) in self._validator_args(args, name))
            elif _VALIDATOR_NAME.search(name):
                out.extend(self._validator(args, name))
            elif local is None:
                out.extend(self.imported_guard_narrowings(cond, name, args))  # typeguards.py
        return out

    def _is_sql_keywords(self, node) -> bool:
        node = N.unwrap(node)
        if node is None:
            return False
        if node.type == "array":
            words = [N.string_value(self.data, c) or "" for c in node.named_children]
            reads = _read_words()
            return bool(words) and all(_SQL_WRITE_WORDS.fullmatch(w.strip()) or w.strip().lower() in reads
                                       for w in words if w)
        return False

    def _regex_const(self, node) -> Optional[Tuple[str, str]]:
        node = N.unwrap(node)
        if node is None or node.type != "identifier":
            return None
        name = N.text(self.data, node)
        return self.local_regexes.get(name) or self.mod.regexes.get(name)

    def _regex(self, var: str, rx: Tuple[str, str], truth: bool) -> List[Narrowed]:
        pattern, flags = rx
        if not self.env.get(var):
            return []
        # a test for SQL keywords: a read-only claim (positive) or a deny-list (negative)
        body = pattern.lstrip("^").lstrip("\\s*").lower()
        if truth and any(body.startswith(w) or body.startswith("(" + w) or body.startswith("(?:" + w) for w in _read_words()):
            return [(var, frozenset(), f"{READ_ONLY} by query pattern (/{pattern}/): 'SELECT 1; DROP TABLE t', "
                                       "side-effecting functions and SELECT ... INTO pass it", "read-only regex")]
        if not truth and _SQL_WRITE_WORDS.search(pattern):
            return [(var, frozenset(), f"{READ_ONLY} by keyword deny-list (/{pattern}/): comments, encodings "
                                       "and statements it does not list pass it", "read-only deny-list")]
        if not truth:
            return []
        fams = frozenset()
        if pattern.endswith("$") and pattern.startswith("^"):  # NO_DOTDOT: no match holds a dot segment (dotsegments.py)
            fams = regex_families(pattern, full=True) | ({NO_DOTDOT} if dot_segment_free(pattern) else frozenset())
        if "m" in flags:
            fams = frozenset()  # ^...$ per line: a second line passes
        if fams:
            return [(var, fams, None, "regex")]
        return []

    def _substring_check(self, var: str, lit: str, truth: bool) -> List[Narrowed]:
        if not truth and lit in ("/", "\\"):
            return [(var, frozenset({NO_SLASH if lit == "/" else NO_BACKSLASH}), None, "no path separator")]
        if not truth and ".." in lit:
            # exactly "..": no '..' segment either (pathshape.py; a later part of a concatenating
            # join stays under the first, workspace.py)
            shape = [(var, frozenset({NO_DOTDOT}), None, "no '..' segment")] if lit == ".." else []
            return shape + [(var, frozenset(), DOTDOT_DENY, "deny")]
        if not truth and _SQL_WRITE_WORDS.fullmatch(lit.strip()):
            return [(var, frozenset(), f"{READ_ONLY} by keyword deny-list ({lit.strip().upper()!r}): comments, case "
                                       "and statements it does not list pass it", "read-only deny-list")]
        return []

    def _prefix(self, var: str, meth: str, arg, truth: bool, recv) -> List[Narrowed]:
        """``x.startsWith(prefix)``: a path containment check, a URL prefix check, a leading
        dash check, a relative-path check or a SQL keyword test."""
        lit = N.string_value(self.data, arg)
        cur = self.env.get(var) or {}
        if meth == "endsWith":
            suffix = lit if lit is not None else self.const_of(arg)
            if truth and suffix and suffix.startswith(".") and "." in suffix[1:] and _host_name(var):
                # host.endsWith(".example.com"): the host is a subdomain of a fixed domain
                return [(var, frozenset({"ssrf"}), None, "host suffix check")] + self._host_source(var, "suffix check")
            return []
        if lit is not None and lit.startswith("-"):
            return [(var, frozenset({"argument"}), None, "leading dash rejected")] if not truth else []
        kind = parent_prefix(self, arg) if var in self.relchecks else ""
        if kind:  # "..", or `..${path.sep}` beside `rel !== ".."` (relparent.py)
            weak = kind == "sep" and not tests_parent_itself(self.data, var)
            return self._relative(self.relchecks[var], truth, PARENT_ONLY if weak else None)
        if not truth or not cur:
            return []
        if lit is not None and lit in self.M.publishable_prefixes:  # token.startsWith("pk."): a public key
            return [(var, PUBLISHABLE | {PUBLIC_MARK}, None, "publishable key prefix")]
        if lit is not None and lit.split() and lit.split()[0].lower() in _read_words():
            return [(var, frozenset(), prefix_why([lit.strip()]), "read-only prefix")]
        whole = lit if lit is not None else self.const_of(arg)
        if whole is not None and "://" in whole:
            return _url_prefix(var, whole, True)
        prefix = self.const_prefix(arg)
        if prefix and "://" in prefix:
            return _url_prefix(var, prefix, False)
        if lit == "/":  # an absolute-path test (every file is under the filesystem root), or a URL path's
            return [(var, frozenset({SLASH_LED}), None, SLASH_WHY)]  # start (slashpaths.py): a marker only
        if lit == "\\":
            return []
        if lit in ("~", "~/"):
            return []  # a home shorthand to expand (`~/x`, `~user`): a form test, no root
        if lit is not None and not lit.startswith(("/", ".", "~", "\\")) and not (
                len(lit) > 1 and lit[1] == ":") and "/" not in lit and "\\" not in lit:
            return []  # command.startsWith("ssh "): a word, not a directory
        ends_sep = self._ends_with_sep(arg)
        resolved = all(i.resolved for i in cur.values())
        real = all("~real" in i.clean for i in cur.values())
        if ends_sep and resolved and real:  # a path realpath could not resolve stays DANGLING (realcatch.py)
            gone = frozenset({DANGLING}) if any(DANGLING in i.clean for i in cur.values()) else frozenset()
            return [(var, frozenset({"path"}) | gone, None, "startswith(root + sep)")]
        if ends_sep and resolved:
            return [(var, frozenset(), SYMLINK, "startsWith(root + sep) without realpath")]
        if not ends_sep:
            return [(var, frozenset(), PREFIX, "startsWith(root)")]
        return [(var, frozenset(), UNRESOLVED,
                 "startsWith on an unresolved path")]

    def _relative(self, target: str, truth: bool, weak: Optional[str] = None) -> List[Narrowed]:
        """``path.relative(root, target).startsWith("..")`` false: ``target`` is under the root
        (whole when ``target`` is a realpath and the test rejects ``..`` itself)."""
        if truth:
            return []
        t = self.env.get(target) or {}
        real = bool(t) and all("~real" in i.clean for i in t.values())
        if weak:
            return [(target, frozenset(), weak, "path.relative check")]
        if real:
            return [(target, frozenset({"path"}), None, "path.relative check")]
        return [(target, frozenset(), SYMLINK, "path.relative check")]

    def _inline_relative(self, recv, arg, truth: bool) -> List[Narrowed]:
        """``path.relative(root, p).startsWith("..")`` without a variable for the relative path."""
        call = N.unwrap(recv)
        kind = parent_prefix(self, arg)  # `..${path.sep}` without a variable: no test of ".." itself
        if call is None or call.type != "call_expression" or not kind:
            return []
        fq = (self.dotted(call.child_by_field_id(self.F.function)) or "").replace("()", "")
        args = N.args_of(call)
        target = N.var_of(self.data, args[1]) if len(args) == 2 else None
        if not fq.endswith("path.relative") or not target or not self.env.get(target):
            return []
        return self._relative(target, truth, PARENT_ONLY if kind == "sep" else None)

    def _ends_with_sep(self, arg) -> bool:
        a = N.unwrap(arg)
        if a is None:
            return False
        c = self.const_of(a)
        if c is not None:
            return c.endswith(("/", "\\"))
        t = a.type
        if t == "binary_expression":
            # only a concatenation ends with its right operand (``dir || "/"`` is dir when set)
            if N.text(self.data, a.child_by_field_name("operator")) != "+":
                return False
            r = a.child_by_field_id(self.F.right)
            rc = self.const_of(r)
            if rc is not None:
                return rc.endswith(("/", "\\"))
            return (self.dotted(r) or "") in ("path.sep", "path.posix.sep", "path.win32.sep")
        if t == "template_string":
            last = [c for c in a.children if c.type not in ("`",)]
            if last:
                tail = last[-1]
                if tail.type == "string_fragment":
                    return N.text(self.data, tail).endswith(("/", "\\"))
                if tail.type == "template_substitution":
                    inner = tail.named_children
                    return bool(inner) and (self.dotted(inner[0]) or "") in ("path.sep", "path.posix.sep")
        if t == "identifier":
            return N.text(self.data, a) in self.sep_vars
        return t == "call_expression" and sep_replaced(self, a)  # root.replace(/\\?$/, "\\"): rootcases.py

    def _validator(self, args, name: str) -> List[Narrowed]:
        return [n for _, n in self._validator_args(args, name)]

    def _validator_args(self, args, name: str) -> List[Tuple[int, Narrowed]]:
        out: List[Tuple[int, Narrowed]] = []
        for i, a in enumerate(args):
            var = self._var(a)
            if var and self.env.get(var):
                out.append((i, (var, frozenset(), f"checked by {name}() {UNVERIFIED}", "validator")))
        return out

    def _proven(self, fn, args) -> List[Narrowed]:
        """What a helper of this module proves of its arguments: the families its summary
        validates, or - for a containment check weak only for want of realpath - the path
        family of an argument that was realpath'd (the same weakness, for one that was not)."""
        out: List[Narrowed] = []
        positional = [p.name for p in fn.params if p.kind == "pos"]
        for i, a in enumerate(args):
            name = positional[i] if i < len(positional) else None
            fams = fn.validates.get(name) if name else None
            var = N.var_of(self.data, a)
            if var is None and name and (fn.weak_checks.get(name) or "").startswith(NO_REALPATH):
                out.extend(self.contained_call(a))  # check(realpathOf(p)): whole for p
            if not var or not self.env.get(var):
                continue
            if fams:
                out.append((var, fams, None, "validated"))
            elif name and (fn.weak_checks.get(name) or "").startswith(NO_REALPATH):
                real = all("~real" in i.clean for i in self.env[var].values())
                out.append((var, frozenset({"path"}), None, "contained") if real else
                           (var, frozenset(), SYMLINK, "contained, lexically"))
        return out

    def unverified(self, call, name: str, argpos: int, var: str, mode: str = "") -> str:
        """The weak reason of a validator-named call of another module (or a method), with
        where the linker can read the helper (:mod:`mcpaudit.analysis.checkref`): mode ``real``
        when the argument was realpath'd, else ``raise``."""
        words = f"checked by {name}() {UNVERIFIED}"
        fn = call.child_by_field_id(self.F.function)
        recv = fn.child_by_field_id(self.F.object) if fn is not None and fn.type == "member_expression" else None
        targets = self.call_targets(fn, self.dotted(fn) or "", name if recv is not None else None, recv,
                                    N.args_of(call))
        if len(targets) != 1:
            return words
        real = all("~real" in i.clean for i in self.env[var].values())
        pos = ref_argpos(self, argpos, N.args_of(call), real) if mode == "true" else str(argpos)  # rootargs.py
        return words + CHECK_REF + "|".join((mode or ("real" if real else "raise"), self.mod.path, self.qualname,
                                             targets[0][0], pos))

    # -- statements ------------------------------------------------------------------------
    def statement_check(self, expr) -> None:
        """``validatePath(p)`` / ``await assertSafe(p)`` as a statement: a project helper that
        proves its argument clean cleans it; any other validator-named call is a weak check."""
        e = N.unwrap(expr)
        awaited = e is not None and _awaited(e)  # (unwrap also strips the await)
        if e is not None and e.type == "new_expression":
            self._parsed_url(e)
            return
        if e is None or e.type != "call_expression":
            return
        fn = N.unwrap(e.child_by_field_id(self.F.function))
        if fn is None:
            return
        name = None
        if fn.type == "identifier":
            name = N.text(self.data, fn)
        elif fn.type == "member_expression":
            prop = fn.child_by_field_id(self.F.property)
            name = N.text(self.data, prop) if prop is not None else None
        if not name:
            return
        args = N.args_of(e)
        local = self.mod.functions.get(name) if fn.type == "identifier" else None
        if local is not None and local.is_async and not awaited:
            return  # assertSafe(p) not awaited: its rejection comes after the code it guards ran
        if local is not None and (local.validates or local.weak_checks):
            self.apply(self._proven(local, args))
        elif _VALIDATOR_NAME.search(name) and name not in self.M.container_mutators:
            for i, a in enumerate(args):
                var = N.var_of(self.data, a)
                if var and self.env.get(var):
                    why = self.unverified(e, name, i, var) if local is None else \
                        f"checked by {name}() {UNVERIFIED}"
                    self.env[var] = {k: info.replace(weak=chained(info.weak, why)) for k, info in self.env[var].items()}
            if local is None:
                self.mark_guarded(e, name, args)  # validate(args.command): a guard it may be (cmdguards.py)

    def _parsed_url(self, e) -> None:
        """``new URL(x);`` as a statement throws unless ``x`` parses as an absolute URL, which
        starts with its scheme's letter, never '-': past it ``x`` is no option (clean for
        argument injection, and a helper whose true verdict follows it proves just that). Its
        host is anything: a form test, no check (formchecks.py)."""
        var = self._url_arg(e)
        if var and self.env.get(var):
            self.apply([(var, frozenset({"argument", UNCHECKED}), None, "parses as a URL")])

    def _url_arg(self, e) -> Optional[str]:
        """The variable ``new URL(x)`` parses (a URL parser the catalog names, ``...URL``)."""
        ctor, args = e.child_by_field_id(self.F.constructor), N.args_of(e)
        fq = self.dotted(ctor) if ctor is not None else ""
        return N.var_of(self.data, args[0]) if len(args) == 1 and fq in self.M.url_parsers and fq.endswith("URL") else None

    def parsed_url_object(self, name: str, e) -> None:
        """``u = new URL(x)``: ``x`` parsed, so no option (as :meth:`_parsed_url`, but not marked
        checked: a flow through it is still the caller's value as is for the file and request
        rules); ``u`` is a URL object, whose text (``u.href``, ``u.toString()``) starts with its
        scheme (urltext.py)."""
        var = self._url_arg(e)
        if var and self.env.get(var):  # no option; no check either (it says nothing of a path or a host)
            self.env[var] = mark(self.env[var], clean=frozenset({"argument"}))
        url_object(self, name)

    def tool_branch(self, cond, ops=("===", "==")) -> Optional[str]:
        """``if (name === "read_file")`` on the requested tool's name: the branch's tool (with
        ``ops=("!==", "!=")``: the tool of what follows a guard that rejects every other name)."""
        c = N.unwrap(cond)
        if c is None or c.type != "binary_expression":
            return None
        op = c.child_by_field_id(self.F.operator)
        if op is None or op.type not in ops:
            return None
        left, right = c.child_by_field_id(self.F.left), c.child_by_field_id(self.F.right)
        for a, b in ((left, right), (right, left)):
            if self._names_tool(N.unwrap(a)):
                return self.tool_name_of(b)
        return None

    def tool_name_of(self, node) -> Optional[str]:
        """A tool name: a literal, a constant, or a reference resolved when linking."""
        lit = self.const_of(node)
        if lit is not None:
            return lit
        d = self.dotted(node)
        if d and (d.split(".")[0] in self.mod.local_names or "#" in d):
            return "ref:" + d
        return None


def _host_name(var: str) -> bool:
    """A variable that holds a host name: ``u.hostname``, ``host``, ``hostname``."""
    return var.rsplit(".", 1)[-1].lower() in _HOST_ATTRS


def _met(left: List[Narrowed], right: List[Narrowed]) -> List[Narrowed]:
    """The narrowings both sides of an ``||`` prove: per variable, what both make it clean for
    (a weak side keeps the result weak)."""
    rmap = {}
    for var, clean, weak, why in right:
        rmap.setdefault(var, (clean, weak, why))
    out: List[Narrowed] = []
    for var, clean, weak, why in left:
        if var in rmap:
            rclean, rweak, rwhy = rmap.pop(var)
            both = meet(clean, rclean)
            if why == rwhy == "read-only prefix":  # either prefix passes: the check admits both
                weak = prefix_why(list(dict.fromkeys(_prefix_words(weak) + _prefix_words(rweak))))
            if both or weak or rweak:
                out.append((var, both, weak or rweak, why if why == rwhy else f"{why} or {rwhy}"))
    return out


def _awaited(node) -> bool:
    """The call's value is awaited (``await f(x)``, ``(await f(x))``), not its pending promise."""
    p = node.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    return p is not None and p.type == "await_expression"
