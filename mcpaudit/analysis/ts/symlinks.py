"""Where a path really is: realpath helpers of the project, ancestors, and "not a symlink".

A containment check on a lexically resolved path is weak (a symlink inside the root can point
outside, CVE-2025-53109). It is whole when the check is made on the path's realpath, or - for a
path that may not exist yet - on the realpath of its nearest existing ancestor *and* the path is
shown not to be a symbolic link itself (a dangling symlink whose target is missing has no
realpath, and its parent is inside: writing through it escapes; that was CVE-2025-53109's
shape). Markers in ``Info.clean`` (not families):

* ``~real``: the value is a realpath (``fs.realpath*``, or a project function whose every
  returned value is the realpath of one parameter, ``undefined`` when it does not exist);
* ``~up``: the value is an ancestor of the path it came from (``path.dirname``);
* ``~nolink``: the path was shown not to be a symlink - ``lstat(p).isSymbolicLink()`` false, or
  ``lstat(p)`` failing with ENOENT (a ``catch`` that rethrows every other error): no entry at all.

A check on a realpath vouches for the path it came from (``derived``); on the realpath of an
ancestor, only for a path that is ``~nolink``. Mixed into the function interpreter.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ..checkref import chained
from ..fixednames import drop_fixed
from ..narrowing import NO_REALPATH
from ..taintvalue import DANGLING, Taint, mark, meet
from . import nodes as N

REAL = "~real"
UP = "~up"
NOLINK = "~nolink"
_DIRNAME = frozenset({"path.dirname", "path.posix.dirname", "path.win32.dirname"})
_LSTAT = ("lstat", "lstatSync")


def _all(t: Optional[Taint], marker: str) -> bool:
    return bool(t) and all(marker in i.clean for i in t.values())


class Symlinks:
    """Realpath helpers, ancestors and symlink tests (mixed into the function interpreter)."""

    # -- values ------------------------------------------------------------------------------
    def dirname_result(self, fq: str, all_args: Taint) -> Optional[Taint]:
        """``path.dirname(p)``: an ancestor of ``p`` (None for any other call)."""
        # the folder, whatever file it was joined with (fixedreads.py)
        return mark(drop_fixed(all_args), clean=frozenset({UP})) if fq in _DIRNAME and all_args else None

    def realpath_helper(self, fn) -> Optional[Tuple[int, frozenset, Optional[str]]]:
        """A function of this module (already summarised; its name node, or its name) whose every returned value is the
        realpath of one positional parameter: (its index, what every such return is clean for -
        with ``~real``, and ``~up`` for the realpath of an ancestor - and a weak check on the
        way, if any)."""
        if fn is None or (not isinstance(fn, str) and fn.type != "identifier"):
            return None
        summ = self.mod.functions.get(fn if isinstance(fn, str) else N.text(self.data, fn))
        if summ is None or not summ.returns:
            return None
        param = None
        marks = None
        weak = None
        for _pos, t in summ.returns:
            if not t:
                continue  # undefined: it does not exist
            if not all(REAL in i.clean for i in t.values()):
                return None
            ps = {lbl[1] for lbl in t if lbl[0] == "p"}
            if len(ps) != 1 or any(lbl[0] not in ("p", "c") for lbl in t):
                return None
            p = next(iter(ps))
            if param not in (None, p):
                return None
            param = p
            infos = [i for lbl, i in t.items() if lbl[0] == "p"]
            m = frozenset.intersection(*(i.clean for i in infos))
            marks = m if marks is None else meet(marks, m)
            weak = weak or next((i.weak for i in infos if i.weak), None)
        positional = [p.name for p in summ.params if p.kind == "pos"]
        if param is None or param not in positional:
            return None
        return positional.index(param), marks or frozenset(), weak

    def realpath_result(self, fn, arg_nodes, pos_args, out: Taint) -> Taint:
        """The recorded call's result, marked as the realpath (of an ancestor) of its argument
        when the callee is a realpath helper of this module."""
        hit = self.realpath_helper(fn)
        if hit is None or hit[0] >= len(pos_args):
            return out
        fams = frozenset({REAL}) | hit[1]
        return {**mark(out, clean=fams, resolved=True),
                **mark(pos_args[hit[0]], clean=fams, resolved=True, weak=hit[2])}

    def derivation_source(self, node) -> Optional[str]:
        """The variable a path derivation's last argument holds, through nested derivations:
        ``fs.realpathSync(path.resolve(root, p))`` and ``await fs.promises.realpath(path.join(
        root, p))`` come from ``p`` as ``path.resolve(root, p)`` does (a check on the result
        vouches for ``p``); None when an argument is no variable or no derivation."""
        M = self.M
        for _ in range(4):
            call = N.awaited_call(node)
            fn = call.child_by_field_id(self.F.function) if call is not None else None
            fq = (self.dotted(fn) or "").replace("()", "") if fn is not None else ""
            args = N.args_of(call) if call is not None else []
            if not args or fq not in M.resolver_calls or fq.rsplit(".", 1)[-1] not in M.path_derivations:
                # (a variable; not the module a derivation is called on: path.normalize(p) is p's)
                return N.var_of(self.data, node)
            node = args[-1]
        return None

    def realpath_of_itself(self, var: str) -> bool:
        """``var`` holds a realpath of the path itself (not of an ancestor)."""
        t = self.env.get(var)
        return _all(t, REAL) and not any(UP in i.clean for i in t.values())

    def vouch_chain(self, var: str, clean: frozenset, weak: Optional[str]) -> None:
        """A containment check on ``var`` holds for every path it was derived from in turn:
        ``abs = path.resolve(p); real = fs.realpathSync(abs)`` - a check on ``real`` vouches for
        ``abs`` and so for ``p`` (each step only where :meth:`vouches` allows it)."""
        seen = {var}
        src = self.derived.get(var)
        while src and src not in seen and ("path" in clean or weak) and self.env.get(src) and self.vouches(var, src):
            cur = self.env[src]
            v = mark(cur, clean=clean & {"path", REAL}, weak=weak)
            if weak:  # a later check behind an earlier reference, as on ``var`` itself (checks.apply)
                v = {k: i.replace(weak=chained(cur[k].weak, weak)) for k, i in v.items()}
            self.env[src] = superseded(v, clean, weak)
            seen.add(src)
            var, src = src, self.derived.get(src)

    def track_realpath(self, name: str, call) -> None:
        """``real = realpathIfExists(p)``: a check on ``real`` vouches for ``p``."""
        fn = call.child_by_field_id(self.F.function)
        hit = self.realpath_helper(N.unwrap(fn) if fn is not None else None)
        args = N.args_of(call)
        up = self._dirname_of(args[0]) if hit is None and len(args) == 1 and fn is not None and \
            (self.dotted(fn) or "").replace("()", "") in self.M.real_resolvers else None
        if up:
            self.derived[name] = up  # realpath(path.dirname(p)): a check on it vouches for p, not a symlink
            return
        if hit is not None and hit[0] < len(args):
            src = N.var_of(self.data, args[hit[0]])
            if src:
                self.derived[name] = src

    def _dirname_of(self, node) -> Optional[str]:
        """``path.dirname(p)``: ``p``."""
        u = N.unwrap(node)
        if u is None or u.type != "call_expression":
            return None
        args = N.args_of(u)
        fq = (self.dotted(u.child_by_field_id(self.F.function)) or "").replace("()", "")
        return N.var_of(self.data, args[0]) if fq in _DIRNAME and len(args) == 1 else None

    def missing_when(self, cond, truth: bool) -> Optional[str]:
        """``if (!real)``, ``real = realpathOrUndefined(p)`` (a realpath helper of this module,
        whose ``undefined`` says the path does not exist): ``p`` where the branch runs."""
        c = N.unwrap(cond)
        while c is not None and c.type == "unary_expression" and c.child_by_field_id(self.F.operator).type == "!":
            c, truth = N.unwrap(c.child_by_field_id(self.F.argument)), not truth
        if truth or c is None or c.type != "identifier":
            return None
        var = N.text(self.data, c)
        src, t = self.derived.get(var), self.env.get(var)
        if not src or not t or not _all(t, REAL) or any(UP in i.clean for i in t.values()):
            return None
        helper = any(lbl[0] == "c" and lbl[1] in self.calls and self.realpath_helper(self.calls[lbl[1]].target)
                     for lbl in t)
        return src if helper else None

    def vouches(self, var: str, src: str) -> bool:
        """Whether a containment check on ``var`` (derived from ``src``) holds for ``src``: not
        when ``var`` is an ancestor, unless ``src`` is shown not to be a symlink."""
        return not any(UP in i.clean for i in (self.env.get(var) or {}).values()) or _all(self.env.get(src), NOLINK)

    def checked_call(self, arg) -> Optional[Tuple[str, frozenset]]:
        """``check(realpathOfParent(p))``: the path ``p`` a realpath helper's result passed to a
        check came from, and that result's markers."""
        a = N.awaited_call(arg)
        if a is None:
            return None
        fn = N.unwrap(a.child_by_field_id(self.F.function))
        hit = self.realpath_helper(fn)
        args = N.args_of(a)
        if hit is None or hit[0] >= len(args):
            return None
        src = N.var_of(self.data, args[hit[0]])
        return (src, frozenset({REAL}) | (hit[1] & {UP})) if src and self.env.get(src) else None

    def contained_call(self, arg) -> List[tuple]:
        """The narrowing of a whole containment check applied to a realpath helper's result."""
        hit = self.checked_call(arg)
        if hit is None:
            return []
        src, marks = hit
        if UP in marks and not _all(self.env.get(src), NOLINK):
            return []
        return [(src, frozenset({"path"}), None, "contained: its realpath" if UP not in marks else
                 "contained: the realpath of its nearest existing folder, and not a symlink")]

    # -- conditions ----------------------------------------------------------------------------
    def symlink_test(self, recv, truth: bool) -> List[tuple]:
        """``lstat(p).isSymbolicLink()`` false: ``p`` is not a symlink."""
        if truth:
            return []
        var = self._lstat_of(recv)
        return [(var, frozenset({NOLINK}), None, "not a symlink")] if var and self.env.get(var) else []

    def _lstat_of(self, node) -> Optional[str]:
        u = N.awaited_call(node)
        if u is None:
            return None
        fn = u.child_by_field_id(self.F.function)
        fq = (self.dotted(fn) or "").replace("()", "") if fn is not None else ""
        args = N.args_of(u)
        if fq.rsplit(".", 1)[-1] not in _LSTAT or not fq.startswith(("fs", "node:fs")) or not args:
            return None
        return N.var_of(self.data, args[0])

    # -- try / catch ---------------------------------------------------------------------------
    def enoent_catch(self, body, handler) -> List[str]:
        """The paths a ``try`` only lstat's, when its ``catch`` rethrows every error but ENOENT:
        after the catch, such a path has no entry at all (so it is not a symlink)."""
        param = handler.child_by_field_id(self.F.parameter)
        hbody = handler.child_by_field_id(self.F.body)
        if param is None or param.type != "identifier" or hbody is None:
            return []
        stmts = [c for c in hbody.named_children if c.type != "comment"]
        if not stmts or stmts[0].type != "if_statement" or stmts[0].child_by_field_id(self.F.alternative) is not None:
            return []
        cons = stmts[0].child_by_field_id(self.F.consequence)
        inner = [c for c in cons.named_children if c.type != "comment"] if cons is not None and \
            cons.type == "statement_block" else [cons]
        if not inner or inner[0] is None or inner[0].type != "throw_statement":
            return []
        if not self._not_enoent(stmts[0].child_by_field_id(self.F.condition), N.text(self.data, param)):
            return []
        paths: List[str] = []
        for call in N.nodes_under(body, "call_expression"):
            fn = call.child_by_field_id(self.F.function)
            prop = fn.child_by_field_id(self.F.property) if fn is not None and fn.type == "member_expression" else None
            if prop is not None and N.text(self.data, prop) == "isSymbolicLink":
                continue
            var = self._lstat_of(call)
            if var is None:
                return []  # another call may fail with ENOENT for another reason
            paths.append(var)
        return paths

    def _not_enoent(self, cond, err: str) -> bool:
        """``!isEnoent(err)`` / ``err.code !== "ENOENT"``."""
        c = N.unwrap(cond)
        if c is None:
            return False
        if c.type == "unary_expression" and c.child_by_field_id(self.F.operator).type == "!":
            return self._is_enoent(c.child_by_field_id(self.F.argument), err, self._enoent_helpers())
        if c.type == "binary_expression" and c.child_by_field_id(self.F.operator).type in ("!==", "!="):
            return self._code_test(c, err)
        return False

    def _is_enoent(self, node, err: str, helpers) -> bool:
        u = N.unwrap(node)
        if u is None or u.type != "call_expression":
            return False
        fn = u.child_by_field_id(self.F.function)
        args = N.args_of(u)
        return fn is not None and fn.type == "identifier" and N.text(self.data, fn) in helpers and \
            len(args) == 1 and N.var_of(self.data, args[0]) == err

    def _code_test(self, c, err: str) -> bool:
        """``err.code === "ENOENT"`` (or ``!==``, the caller decides): the error code compared."""
        left, right = c.child_by_field_id(self.F.left), c.child_by_field_id(self.F.right)
        for a, b in ((left, right), (right, left)):
            if N.string_value(self.data, b) == "ENOENT" and (N.var_of(self.data, a) or "") == f"{err}.code":
                return True
        return False

    def _enoent_helpers(self) -> frozenset:
        """Functions of this module that return ``... && e.code === "ENOENT"`` for their one
        parameter (found once per module)."""
        known = getattr(self.mod, "enoent_helpers", None)
        if known is not None:
            return known
        out = set()
        for node, qual, _cls in self.mod._pending:
            if "." in qual:
                continue
            params = node.child_by_field_id(self.F.parameters)
            names = [N.text(self.data, p.named_children[0]) for p in (params.named_children if params else [])
                     if p.named_children and p.named_children[0].type == "identifier"]
            body = node.child_by_field_id(self.F.body)
            stmts = [c for c in body.named_children if c.type != "comment"] if body is not None and \
                body.type == "statement_block" else []
            if len(names) != 1 or len(stmts) != 1 or stmts[0].type != "return_statement":
                continue
            expr = stmts[0].named_children[0] if stmts[0].named_children else None
            if any(self._code_test(t, names[0]) for t in self._conjuncts(expr)):
                out.add(qual)
        self.mod.enoent_helpers = frozenset(out)
        return self.mod.enoent_helpers

    def _conjuncts(self, expr) -> list:
        e = N.unwrap(expr)
        if e is not None and e.type == "binary_expression" and e.child_by_field_id(self.F.operator).type == "&&":
            return self._conjuncts(e.child_by_field_id(self.F.left)) + \
                self._conjuncts(e.child_by_field_id(self.F.right))
        if e is not None and e.type == "binary_expression" and e.child_by_field_id(self.F.operator).type in ("===", "=="):
            return [e]
        return []


def superseded(t: Taint, clean: frozenset, weak: Optional[str]) -> Taint:
    """A value a whole containment check (``clean`` holds the path family) just passed: a check
    weak only for want of realpath before it, and a missing path's mark (DANGLING: contained
    only where it exists), no longer say anything about it."""
    if weak or "path" not in clean or DANGLING in clean or not t:
        return t
    if not any(DANGLING in i.clean or (i.weak or "").startswith(NO_REALPATH) for i in t.values()):
        return t
    return {k: i.replace(clean=i.clean - {DANGLING}, weak=None if (i.weak or "").startswith(NO_REALPATH) else i.weak)
            for k, i in t.items()}


def mark_nolink(env, paths) -> None:
    """Mark ``paths`` of ``env`` as shown not to be symlinks."""
    for p in paths:
        if env.get(p):
            env[p] = mark(env[p], clean=frozenset({NOLINK}))
