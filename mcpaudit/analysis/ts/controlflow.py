"""Control flow of the TypeScript/JavaScript function interpreter: ``if``, loops, ``switch``
and ``try``, with the environments of their branches merged. Mixed into
:class:`~mcpaudit.analysis.ts.statements.Statements`."""

from __future__ import annotations

from typing import List, Optional

from ..cstnodes import merge_env
from ..taintvalue import EMPTY, add_step, desecret
from .elementchecks import checked_elements, loop_names
from . import branchlists, choices, condreplay, loopcases, loops, paramguards, realcatch, schemedefault
from . import nodes as N
from . import discriminated, errorbodies, errorconfigs, guardderived
from .hostconsts import merged_prefixes
from .symlinks import mark_nolink

_EXIT = "exit"  # return / throw
_BREAK = "break"
_CONTINUE = "continue"


class ControlFlow:
    """Executes branches and loops, merging the environments of their paths."""

    # -- control flow ---------------------------------------------------------------------
    def _branch(self, stmt, cond, truth: bool) -> Optional[str]:
        """Run one arm of an ``if``; in the arm where a response failed (``!res.ok``) its parsed
        body is the service's error, not a credential (errorbodies.py)."""
        if stmt is None:
            return None
        failed = errorbodies.failed_response(self, cond, truth) if cond is not None else None
        held = self.__dict__.setdefault("failed_responses", [])
        if failed:
            held.append(failed)
        if cond is not None:
            errorconfigs.narrow(self, cond, truth)  # !axios.isAxiosError(e): e carries no request
        try:
            return paramguards.run_arm(self, stmt, cond, truth)  # if (method === "get"): paramguards.py
        finally:
            if failed:
                held.pop()

    def _if(self, s) -> Optional[str]:
        if schemedefault.defaulted_if(self, s):
            return None  # if (!/^https?:/.test(url)) url = "https://" + url: the URL as is (schemedefault.py)
        cond = s.child_by_field_id(self.F.condition)
        cons = s.child_by_field_id(self.F.consequence)
        alt = s.child_by_field_id(self.F.alternative)
        c = N.unwrap(cond) if cond is not None else None
        if c is not None:
            self.ev(c)
        before = self.env
        hint = self.tool_hint
        self.env = dict(before)
        lists_before = dict(self.lists)  # each way's argv lists, merged below (branchlists.py)
        prefixes = dict(self.url_prefixes)  # each way's fixed URL origins, merged below (hostconsts.py)
        if c is not None:
            condreplay.replay(self, c)  # what an earlier block under the same test proved
            self.apply(self.narrowings(c, True))
            discriminated.narrow(self, c, True)  # if (r.isError): only the error returns of r's call
            gone = self.missing_when(c, True)
            if gone:
                realcatch.mark_missing(self, self.env, gone, c)
            tool = self.tool_branch(c)
            if tool:
                self.tool_hint = tool
                self.mod.dispatched.setdefault(self.qualname, set()).add(tool)
        r_body = self._branch(cons, c, True)
        self.tool_hint = hint
        env_body = self.env
        self.env = dict(before)
        lists_body = dict(self.lists)
        self.lists.clear()
        self.lists.update(lists_before)
        prefixes, self.url_prefixes = dict(self.url_prefixes), prefixes
        self.stmt = s  # (the branch ran other statements): what the failed test proves is noted at the if
        if c is not None:
            nf = self.narrowings(c, False)
            self.apply(nf)
            if r_body:  # the branch exits: what was derived before the test is narrowed too (guardderived.py)
                guardderived.forward(self, s, nf)
            discriminated.narrow(self, c, False)
            errorconfigs.narrow(self, c, False)  # the else arm, and after an arm that exits
            gone = self.missing_when(c, False)
            if gone:  # real = realpathOrUndefined(p); if (real) {...} else {...}: p is missing here
                realcatch.mark_missing(self, self.env, gone, c)
        r_else = None
        if alt is not None:
            for a in alt.named_children:
                if a.type != "comment":
                    r_else = self._branch(a, c, False)
        env_else = self.env
        branchlists.after_if(self, lists_before, lists_body, dict(self.lists), bool(r_body), bool(r_else))
        if r_body and alt is None and c is not None:
            # if (name !== "query") throw ...: the rest of the handler serves that one tool
            only = self.tool_branch(c, ("!==", "!="))
            if only:
                self.tool_hint = hint = only
                self.mod.dispatched.setdefault(self.qualname, set()).add(only)
        if r_body and r_else:
            self.env = merge_env(env_body, env_else)
            return _EXIT if (r_body == _EXIT and r_else == _EXIT) else r_body
        if r_body:
            self.env = env_else
        elif r_else:
            self.env = env_body
            self.url_prefixes.clear()
            self.url_prefixes.update(prefixes)
        else:
            self.env = merge_env(*self._fields_kept(before, env_body, env_else))
            merged_prefixes(self, prefixes, dict(self.url_prefixes))
            if c is not None and alt is None:
                condreplay.remember(self, c, before, env_body)
        return None

    def _fields_kept(self, before, a, b):
        """Two branches' environments, where a property one branch stored (``x.y``) and the other
        did not is, on the other, what reading it there gives: ``if (!params.arguments)
        params.arguments = {}`` is a default, not the end of the caller's arguments."""
        for mine, other in ((a, b), (b, a)):
            for k in [k for k in mine if "." in k and k not in other and k not in before and not k.startswith("this.")]:
                head, rest = k, []
                while "." in head and head not in other:
                    head, _, last = head.rpartition(".")
                    rest.insert(0, last)
                if head not in other or not other[head] or not all(rest):
                    continue
                saved, self.env = self.env, other
                try:
                    v = other[head]
                    for i, key in enumerate(rest):
                        v = self.read_field(v, ".".join([head, *rest[:i]]), key, None)
                finally:
                    self.env = saved
                other[k] = v
        return a, b

    def _loop(self, s) -> None:
        t = s.type
        before = dict(self.env)
        self._breaks.append([])
        if t == "for_in_statement":
            left = s.child_by_field_id(self.F.left)
            right = s.child_by_field_id(self.F.right)
            it = self.ev(right) if right is not None else EMPTY
            of = any(c.type == "of" for c in s.children)
            if left is not None:
                tgt = left
                if tgt.type in ("lexical_declaration", "variable_declaration"):
                    decl = [c for c in tgt.named_children if c.type == "variable_declarator"]
                    tgt = decl[0].child_by_field_id(self.F.name) if decl else None
                if tgt is not None:
                    val = add_step(it, self.step(s, "loop variable")) if (it and of) else EMPTY
                    if not of and it:
                        val = desecret(it)  # for (k in obj): the caller's keys, never its secrets
                    if self.loop_decls:  # a loop in the body of another
                        loops.declared(self, loops.bound_names(self.data, tgt), any(c.type in ("let", "const") for c in s.children))
                    self.assign_pattern(tgt, val, None)
                    vals = choices.list_values(self, right) if of and not it and tgt.type == "identifier" else None
                    if vals is not None or (of and not it and right is not None and tgt.type == "identifier"
                                            and self.is_constant(right)):
                        # for (const cmd of ["python3", "python"]): each value is the author's
                        self.constant_vars.add(N.text(self.data, tgt))
                        if vals is not None:
                            self.choices[N.text(self.data, tgt)] = vals
                    if right is not None and tgt.type == "identifier":
                        src = self.table_ref(right)
                        if src:
                            self.loop_vars[N.text(self.data, tgt)] = src
                            if right.type == "identifier" and N.text(self.data, right) in self.loop_fields:
                                self.loop_fields[N.text(self.data, tgt)] = self.loop_fields[N.text(self.data, right)]
                    elif right is not None and tgt.type == "array_pattern" and of:
                        self.entry_pair(right, tgt)
                        if of and self.is_constant(right):
                            self.constant_vars.add(N.text(self.data, tgt))
        elif t == "for_statement":
            init = s.child_by_field_id(self.F.initializer)
            if init is not None:
                self.exec_stmt(init) if init.type.endswith("declaration") else self.ev(init)
            cond = s.child_by_field_id(self.F.condition)
            if cond is not None:
                self.ev(cond)
        elif t in ("while_statement", "do_statement"):
            cond = s.child_by_field_id(self.F.condition)
            if cond is not None:
                self.ev(cond)
        body = s.child_by_field_id(self.F.body)
        if body is not None:
            snap = loops.snapshot(self)
            self.exec_stmt(body)
            if loops.needs_second_pass(self, snap):
                self.exec_stmt(body)  # what one iteration left reaches the next
        if t == "for_statement":
            inc = s.child_by_field_id(self.F.increment)
            if inc is not None:
                self.ev(inc)
        after = self.env
        self.env = merge_env(before, after)
        for e in self._breaks.pop():
            self.env = merge_env(self.env, e)
        if t == "for_in_statement":
            checked_elements(self, s, *loop_names(self, s))  # for (x of xs) { if (bad(x)) throw }

    def _switch(self, s) -> Optional[str]:
        value = s.child_by_field_id(self.F.value)
        v = N.unwrap(value) if value is not None else None
        if v is not None:
            self.ev(v)
        on_name = v is not None and self._names_tool(v)
        on_element = not on_name and self.tool_hint is None and loopcases.element_field_switch(self, v)
        body = s.child_by_field_id(self.F.body)
        if body is None:
            return None
        before = self.env
        envs = []
        hint = self.tool_hint
        self._breaks.append([])
        pending: List[str] = []
        all_exit = True
        has_default = False
        labels: list = []  # the case labels of a fall-through run (paramguards.case_guard, ts54b)
        closed = True  # the run before ended in break, return or throw: no fall-through into this one
        for case in body.named_children:
            if case.type not in ("switch_case", "switch_default"):
                continue
            if case.type == "switch_default":
                has_default = True
            cval = case.child_by_field_id(self.F.value)
            labels.append(cval)
            if (on_name or on_element) and cval is not None:
                lit = self.tool_name_of(cval) if on_name else loopcases.case_hint(self, cval)
                if lit:
                    pending.append(lit)
            stmts = [c for c in case.named_children if c is not cval and c.type != "comment"]
            if not stmts or not on_name and paramguards.label_only(stmts, cval):
                continue  # falls through to the next case's statements
            self.env = dict(before)
            if pending:
                # (a run of labels on an element's field: the statements run for any of them)
                self.tool_hint = pending[0] if on_name or len(pending) == 1 else None
            if pending and on_name:
                self.mod.dispatched.setdefault(self.qualname, set()).update(pending)
            guard = paramguards.case_guard(self, v, paramguards.case_words(self, labels)) if closed else None
            guards = self.__dict__.setdefault("guards", [])
            if guard:
                guards.append(guard)  # case "put": its sinks need p === "put" (paramguards.py)
            try:
                r = self.exec_block(stmts)
            finally:
                if guard:
                    guards.pop()
            self.tool_hint = hint
            pending, labels = [], []
            closed = r in (_EXIT, _BREAK)
            if r == _EXIT:
                continue
            all_exit = False
            if r != _BREAK:
                envs.append(self.env)
        self.env = before
        for e in self._breaks.pop():
            envs.append(e)
        for e in envs:
            self.env = merge_env(self.env, e)
        if all_exit and has_default:
            return _EXIT
        return None

    def _try(self, s) -> Optional[str]:
        before = dict(self.env)
        requests = errorconfigs.mark(self)
        body = s.child_by_field_id(self.F.body)
        r_body = self.exec_stmt(body) if body is not None else None
        after_body = self.env
        handler = s.child_by_field_id(self.F.handler)
        envs = [] if r_body else [after_body]
        r_handler = None
        if handler is not None:
            self.env = merge_env(before, after_body)
            gone = realcatch.missing_path(self, body, handler)
            if gone:  # the catch lets only the realpath's ENOENT through: the path is missing here
                realcatch.mark_missing(self, self.env, gone, handler)
            elif realcatch.failed_realpath(self, body):  # the try only realpaths: it failed here
                realcatch.mark_unresolved(self, self.env, realcatch.failed_realpath(self, body), handler)
            param = handler.child_by_field_id(self.F.parameter)
            if param is not None and param.type == "identifier":
                # an HTTP client's error carries the request it failed on (errorconfigs.py)
                self.env[N.text(self.data, param)] = errorconfigs.caught(self, requests, param, body)
                if self.loop_decls:
                    loops.declared(self, [N.text(self.data, param)], True)  # bound afresh each time
            hbody = handler.child_by_field_id(self.F.body)
            r_handler = self.exec_stmt(hbody) if hbody is not None else None
            if not r_handler:
                if body is not None:
                    mark_nolink(self.env, self.enoent_catch(body, handler))
                envs.append(self.env)
        if handler is not None:
            errorconfigs.handled(self, requests, handler)  # caught here: not the error of a try around
        exits = bool(r_body) and (handler is None or bool(r_handler))
        if envs:
            self.env = envs[0]
            for e in envs[1:]:
                self.env = merge_env(self.env, e)
        else:
            self.env = after_body
        fin = s.child_by_field_id(self.F.finalizer)
        if fin is not None:
            fb = fin.child_by_field_id(self.F.body)
            if fb is not None:
                self.exec_stmt(fb)
        return _EXIT if exits else None
