"""Compound statements of a function body: if (and the branches a tool's name or a parameter guard decides),
for (and a loop's body), with and try; mixed into FunctionAnalyzer."""

from __future__ import annotations

from typing import Optional
from ..lazycst import cst
from . import dictflags, schemefix, tupleverdicts
from .cstnodes import tool_name_text, merge_env, names_var, nodes_of
from .logfiles import bind_env_dump
from .guards import assigned_names_in, branch_needs
from .overwrites import absent_key, overwrite_key
from .strips import not_a_fixup, not_a_strip
from .flagloops import note_flag
from .flagarms import fixed_arm, run_fixed_arm
from .positions import flat_body
from .dispatch import loop_functions, model_branch
from .prefixtools import end_loop, note_loop
from .ctxmanagers import drop_enter_type, with_type
from .rowlists import unpack_rows
from .taintvalue import EMPTY, add_step
from .elementcalls import element_checks
from .literalloops import unrolled_checks


class CompoundStatements:
    """Methods of FunctionAnalyzer moved out of interp.py (mixed into FunctionAnalyzer)."""

    def _if(self, stmt: cst.If) -> bool:
        arm = fixed_arm(self, stmt)  # a validator's mode flag its caller fixes (flagarms.py)
        if arm is not None:
            return run_fixed_arm(self, stmt, arm)
        defaulted = schemefix.defaulted_if(stmt)  # if not url.startswith("http"): url = "https://" + url
        if defaulted is not None:
            return schemefix.apply(self, stmt, *defaulted)
        self.ev(stmt.test)
        pos_n = note_flag(self, stmt, not_a_strip(self.narrowings(stmt.test, True), stmt))  # strips.py, flagloops.py
        neg_n = not_a_fixup(self.narrowings(stmt.test, False), stmt)  # if not s.startswith(p): s = f"{p} {s}"
        before, types_before = self.env, self.types
        hint = self.tool_hint
        self.env, self.types = dict(before), dict(types_before)
        self._apply(pos_n)
        dictflags.narrow(self, stmt.test, True)  # if r.get("isError"): only the error returns of r's call
        tupleverdicts.narrow(self, stmt.test, True)  # ok, full = check(p); if ok: (tupleverdicts.py)
        tool = self._tool_branch(stmt.test)
        if tool:
            self.tool_hint = tool
        switch = self.is_switch(stmt.test)
        self.switched += switch
        guard = self._param_guard(stmt.test)  # (conditions in the body, in the else branch): guards.py
        self.guards += guard[0]
        only, outer = self.test_only(stmt.test), self.enter_prefixes(stmt.test)  # harness.py
        body_exits = only[0] or self.exec_block(flat_body(stmt.body))  # a test-harness branch is not run
        self.prefixes = self.after_prefixes(stmt.test, outer, body_exits)
        del self.guards[len(self.guards) - len(guard[0]):]
        self.switched -= switch
        self.tool_hint = hint
        env_body, types_body = self.env, self.types
        self.env, self.types = dict(before), dict(types_before)
        self._apply(neg_n, stmt)
        dictflags.narrow(self, stmt.test, False)
        tupleverdicts.narrow(self, stmt.test, False)
        absent = absent_key(stmt.test)  # if "password" in d: ... (not there on this way)
        if absent and absent[0] in self.env:
            self.env[absent[0]] = overwrite_key(self.env[absent[0]], absent[1])
        else_exits = only[1]
        self.guards += guard[1]
        if only[1]:
            pass
        elif isinstance(stmt.orelse, cst.If):
            else_exits = self._if(stmt.orelse)
        elif isinstance(stmt.orelse, cst.Else):
            else_exits = self.exec_block(flat_body(stmt.orelse.body))
        del self.guards[len(self.guards) - len(guard[1]):]
        if body_exits and not isinstance(stmt.orelse, (cst.If, cst.Else)):
            self.guards += guard[1]  # the rest of the enclosing block runs only so
        env_else, types_else = self.env, self.types
        # a variable keeps the class it has on any way out of the statement (store = other[k] in one branch leaves it a Store on the other): calls on it may land in that class
        if body_exits and not else_exits:
            self.env, self.types = env_else, types_else
        elif else_exits and not body_exits:
            self.env, self.types = env_body, types_body
        else:
            self.env, self.types = merge_env(env_body, env_else), {**types_else, **types_body}
        return body_exits and else_exits

    def _param_guard(self, test):
        """(conditions in the body, conditions in the else) for a test on parameters (see guards.py)."""
        if self.fn is None:
            return (), ()
        if self._assigned is None:
            self._assigned = assigned_names_in(self.mod, self.fn)
        shadowed = {q.name.value for closure in self.inlining for q in nodes_of(closure.params, cst.Param)}
        return branch_needs(test, (p.name for p in self.params if p.name not in shadowed), self._assigned)

    def _tool_branch(self, test) -> Optional[str]:
        model = model_branch(self.mod, test)
        if model is not None:
            return model
        if not self.name_param or not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
            return None
        comp = test.comparisons[0]
        if isinstance(comp.operator, cst.Equal) and names_var(test.left, self.name_param):
            return tool_name_text(comp.comparator)  # a literal, or f"{prefix}name" (cstnodes.py)
        return None

    def _for(self, stmt: cst.For) -> None:
        it = self.ev(stmt.iter)
        self._loop_registry(stmt.target, stmt.iter)
        if isinstance(stmt.target, cst.Name):  # for p in PREFIXES: the constants p stands for (urlprefixes.py)
            self.__dict__.setdefault("loop_sources", {})[stmt.target.value] = stmt.iter
        elif isinstance(stmt.target, cst.Tuple):  # for pattern, why in RULES: each name, one column
            self.__dict__.setdefault("loop_columns", {}).update({e.value.value: (stmt.iter, i) for i, e in enumerate(
                stmt.target.elements) if isinstance(e.value, cst.Name)})
        before = dict(self.env)
        self.assign(stmt.target, add_step(it, (self.stmt, None, "loop variable")) if it else it, None)
        unpack_rows(self, stmt, it)  # for kind, cmd in rows: each its own position (rowlists.py)
        bind_env_dump(self, stmt)  # for k, v in os.environ.items(): every variable, unfiltered (logfiles.py)
        looped = loop_functions(self, stmt.target, stmt.iter)
        self.loop_funcs.update(looped)
        note_loop(self, stmt)  # for name, fn in getmembers(m): if name.startswith(P) (prefixtools.py)
        self._loop_body(flat_body(stmt.body))
        end_loop(self)
        for name in looped:
            self.loop_funcs.pop(name, None)
        self.env = merge_env(before, self.env)
        self._apply(element_checks(self, stmt) + unrolled_checks(self, stmt), stmt)  # elementcalls, literalloops
        if stmt.orelse is not None:
            self.exec_block(flat_body(stmt.orelse.body))

    def _loop_body(self, body) -> None:
        """Run a loop body twice (a value set in one pass reaches the next); the state at each
        ``continue``/``break`` joins the state after the pass, so a branch that assigns and then
        continues is not lost."""
        self.loop_exits.append([])
        for _ in range(2):
            self.exec_block(body)
            for env in self.loop_exits[-1]:
                self.env = merge_env(self.env, env)
            self.loop_exits[-1] = []
        self.loop_exits.pop()

    def _with(self, stmt: cst.With) -> None:
        for item in stmt.items:
            v = self.ev(item.item)
            if item.asname is not None:
                self.assign(item.asname.name, v, item.item)
                if isinstance(item.asname.name, cst.Name):
                    drop_enter_type(self, item.item, item.asname.name.value)  # __enter__ returns another object
                yielded = with_type(self, item.item)  # @contextmanager: the yielded object
                if yielded and isinstance(item.asname.name, cst.Name):
                    self.types[item.asname.name.value] = yielded
        quiet = any(isinstance(i.item, cst.Call) and (self.mod.dotted(i.item.func) or "").endswith("suppress")
                    for i in stmt.items)  # with suppress(ValueError): a raise does not leave the function
        self.__dict__["suppressing"] = self.__dict__.get("suppressing", 0) + quiet
        try:
            self.exec_block(flat_body(stmt.body))
        finally:
            self.__dict__["suppressing"] -= quiet

    def _try(self, stmt) -> bool:
        before = dict(self.env)
        body_stmts = flat_body(stmt.body)
        body_exits = False
        for s in body_stmts:
            if self.exec_stmt(s):
                body_exits = True
                break
            if self.mod.has_relative_to and stmt.handlers:
                self._apply(self.relative_to_checks(s))  # past relative_to(), the value is inside
        after_body = self.env
        handler_envs = []
        for h in stmt.handlers:
            self.env = merge_env(before, after_body)
            if h.name is not None and isinstance(h.name.name, cst.Name):
                self.env[h.name.name.value] = EMPTY
            exits = self.exec_block(flat_body(h.body))
            if not exits:
                handler_envs.append(self.env)
        self.env = after_body
        if stmt.orelse is not None and not body_exits:
            body_exits = self.exec_block(flat_body(stmt.orelse.body))
        envs = ([] if body_exits else [self.env]) + handler_envs
        exits = not envs
        if envs:
            self.env = envs[0]
            for e in envs[1:]:
                self.env = merge_env(self.env, e)
        else:
            self.env = after_body
        if getattr(stmt, "finalbody", None) is not None:
            self.exec_block(flat_body(stmt.finalbody.body))
        return exits
