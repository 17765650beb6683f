"""The TypeScript/JavaScript function interpreter: evaluates one function body (or the module
body) once, statement by statement, tracking for every variable which origins its value may come
from, and records the sinks it reaches, the calls it makes and what it returns, as a
:class:`~mcpaudit.analysis.summary.FuncSummary` parametric in the function's parameters — the
same record the Python interpreter produces, so one linker joins both.

Labels (see :mod:`mcpaudit.analysis.taintvalue`): ``("p", name)`` a parameter, ``("pf", name,
field)`` one property of a parameter (bound to the caller's property when it passed an object
literal, else to the whole argument), ``("c", i)`` the result of the i-th recorded call,
``("s", what)`` a secret. Callbacks given to calls (``arr.map(x => ...)``, ``new Promise(...)``)
and local helper functions are evaluated in place, so closures see the enclosing variables.

Split by concern into mixins: checks that narrow a value (:mod:`.checks`), sink matching
(:mod:`.sinks`) and MCP registrations (:mod:`.surface`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Set, Tuple

from ..cstnodes import merge_env
from ..summary import CallRec, FuncSummary, ParamRec, Step
from ..taintvalue import ALL, EMPTY, Info, Taint, add_step, all_families, desecret, mark, union, unclean
from . import nodes as N
from .checks import Checks, stripped_families
from .sinks import Sinks
from .surface import Surface

if TYPE_CHECKING:  # pragma: no cover
    from .module import TsModule

MAX_INLINE = 3  # nesting of local helpers evaluated in place
_ENVELOPE = ("params", "arguments")
_TOOL_NAME_PARAMS = frozenset({"name", "toolName", "tool_name", "tool"})
_CONTEXT_NAMES = ("extra", "ctx", "context", "_extra", "requestExtra", "handlerExtra")
_EXIT = "exit"  # return / throw
_BREAK = "break"
_CONTINUE = "continue"

#: statement types with nothing to evaluate
_SKIP_STMTS = frozenset({"empty_statement", "comment", "debugger_statement", "interface_declaration",
                         "type_alias_declaration", "ambient_declaration", "abstract_class_declaration",
                         "import_statement", "enum_declaration", "hash_bang_line"})


class TsFunction(Checks, Sinks, Surface):
    """Evaluates one function body (or the module body) once, building its summary."""

    def __init__(self, mod: "TsModule", node, qualname: str, cls: Optional[str] = None,
                 outer: Optional["TsFunction"] = None):
        self.mod = mod
        self.M = mod.M
        self.data = mod.data
        self.node = node  # the function node; None for the module body
        self.qualname = qualname
        self.cls = cls
        self.env: Dict[str, Taint] = {}
        self.fields: Dict[str, Set[str]] = {}  # variable -> its "var.prop" entries in env
        self._dot: Dict[int, Optional[str]] = {}  # dotted() of member/call nodes, by node id
        self.types: Dict[str, str] = {}  # variable -> constructor/factory/annotation (dotted)
        self.consts: Dict[str, str] = {}  # variable -> constant string
        self.constant_vars: Set[str] = set()  # variables holding one of several constants
        self.lists: Dict[str, list] = {}  # variable -> argv-like array literal elements
        self.derived: Dict[str, str] = {}  # y = parse(x) / resolve(x): a check on y vouches for x
        self.host_vars: Set[str] = set()
        self.relchecks: Dict[str, str] = {}  # rel = path.relative(root, p): rel -> p
        self.fn_alias: Dict[str, str] = {}  # local name -> callee it stands for
        self.local_fns: Dict[str, object] = {}  # local helper functions, evaluated in place
        self.locals: Set[str] = set()
        self.name_vars: Set[str] = set()  # variables holding the requested tool's name
        self.loop_vars: Dict[str, str] = {}  # for (const t of TOOLS): t -> "TOOLS"
        self.schema_vars: Dict[str, str] = {}  # const parsed = Schema.parse(args): parsed -> schema
        self.dispatch_vars: Dict[str, str] = {}  # handler = HANDLERS[name]: handler -> "HANDLERS"
        self.params: List[ParamRec] = []
        self.sinks = []
        self.calls: Dict[int, CallRec] = {}
        self.returns: List[Tuple[tuple, Taint]] = []
        self.raises: List[Tuple[tuple, Taint]] = []
        self._ret_stack: List[List[Taint]] = []
        self._scopes: List[Dict[str, Optional[Taint]]] = []
        self._breaks: List[List[Dict[str, Taint]]] = []
        self.tool_hint: Optional[str] = None
        self.stmt = None
        self.inlining: Set[int] = set()
        self.context_param: Optional[str] = None
        self.context_index: Optional[int] = None
        self.param_names: Set[str] = set()  # parameters (and callback parameters) by name
        self.sep_vars: Set[str] = set()  # const sep = path.sep
        if outer is not None:
            # a function defined inside another (an inline handler, a callback): the enclosing
            # variables' types and constants are visible; their taint is not a parameter of ours
            self.types.update(outer.types)
            self.consts.update(outer.consts)
            self.fn_alias.update(outer.fn_alias)
            self.local_fns.update(outer.local_fns)
            self.loop_vars.update(outer.loop_vars)
            self.schema_vars.update(outer.schema_vars)
            self.locals.update(outer.locals)

    # -- entry ----------------------------------------------------------------------------
    def run(self) -> None:
        node = self.node
        if node is None:
            self.exec_block(self.mod.body_statements)
            return
        self._init_params(node)
        if self.context_index is not None and self.context_index < len(self.params):
            p = [x for x in self.params if x.kind != "field"][self.context_index:self.context_index + 1]
            if p and not p[0].name.startswith("$"):
                self.context_param = p[0].name
                self.env[p[0].name] = EMPTY
        body = node.child_by_field_name("body")
        if body is None:
            return
        if body.type == "statement_block":
            self._hoist(body)
            self.exec_block(body.named_children)
        else:  # arrow function with an expression body
            self.stmt = body
            v = self.ev(body)
            self.returns.append((self.mod.src.pos(body), add_step(v, self.step(body, "returned")) if v else v))

    def summary(self) -> FuncSummary:
        node = self.node
        name = self.qualname.rsplit(".", 1)[-1]
        return FuncSummary(
            qualname=self.qualname, name=name, cls=self.cls,
            pos=self.mod.src.pos(node) if node is not None else (1, 1, 1, 1),
            params=self.params, sinks=self.sinks, returns=self.returns, raises=self.raises,
            calls=self.calls, is_async=bool(node is not None and self.mod.src.text(node)[:5] == "async"),
            docstring=None, docstring_pos=None, validates=self._validates(),
        )

    def _validates(self) -> Dict[str, frozenset]:
        out: Dict[str, frozenset] = {}
        for p in self.params:
            t = self.env.get(p.name)
            if not t:
                continue
            fams = None
            for info in t.values():
                fams = info.clean if fams is None else fams & info.clean
            if fams and not any(i.weak for i in t.values()):
                out[p.name] = frozenset(fams)
        return out

    # -- steps ----------------------------------------------------------------------------
    def step(self, node, note: str) -> Step:
        line, col = self.mod.src.line_col(node)
        return Step(line, col, note)

    # -- parameters -----------------------------------------------------------------------
    def _init_params(self, fn) -> None:
        params = fn.child_by_field_name("parameters")
        if params is None:
            single = fn.child_by_field_name("parameter")  # x => ...
            plist = [single] if single is not None else []
        else:
            plist = [c for c in params.named_children if c.type != "comment"]
        index = 0
        for p in plist:
            kind = "pos"
            pattern, ann, default = p, None, None
            t = p.type
            if t in ("required_parameter", "optional_parameter"):
                pattern = p.child_by_field_name("pattern")
                ann = p.child_by_field_name("type")
                default = p.child_by_field_name("value")
                if pattern is None:
                    continue
                if pattern.type == "this":
                    continue  # TypeScript's `this:` parameter type
            if pattern.type == "assignment_pattern":
                default = pattern.child_by_field_name("right")
                pattern = pattern.child_by_field_name("left")
            if pattern.type == "rest_pattern":
                kind = "vararg"
                inner = pattern.named_children
                pattern = inner[0] if inner else pattern
            ann_name = N.type_name(self.data, ann) if ann is not None else None
            pos = self.mod.src.pos(p)
            if pattern.type == "identifier":
                name = N.text(self.data, pattern)
                self.param_names.add(name)
                if name in _TOOL_NAME_PARAMS:
                    self.name_vars.add(name)  # handleToolCall(name, args): switch (name) { case "x": }
                self.params.append(ParamRec(name, kind, ann_name, False, False, None, pos))
                self.env[name] = {("p", name): Info((self.step(p, f"parameter '{name}'"),))}
                self.locals.add(name)
                if ann_name:
                    tp = self.resolve_type(ann_name)
                    if tp:
                        self.types[name] = tp
            else:
                name = f"${index}"
                self.params.append(ParamRec(name, kind, ann_name, False, False, None, pos))
                whole = {("p", name): Info((self.step(p, "parameter"),))}
                self.env[name] = whole
                self._bind_param_pattern(pattern, name, p)
            if default is not None:
                self.stmt = p
                dv = self.ev(default)
                if dv and self.params[-1].name in self.env:
                    self.env[self.params[-1].name] = union(self.env[self.params[-1].name], dv)
            index += 1

    def _bind_param_pattern(self, pattern, pname: str, at) -> None:
        """``({ a, b: c, ...rest }) =>``: each property is its own parameter field, so a caller
        that passes an object literal binds each one."""
        if pattern.type != "object_pattern":
            self.assign_pattern(pattern, self.env[pname], None)
            return
        for c in pattern.named_children:
            key, target, default = None, None, None
            if c.type == "shorthand_property_identifier_pattern":
                key = N.text(self.data, c)
                target = c
            elif c.type == "object_assignment_pattern":
                left = c.child_by_field_name("left")
                default = c.child_by_field_name("right")
                key = N.text(self.data, left) if left is not None else None
                target = left
            elif c.type == "pair_pattern":
                key = N.prop_key(self.data, c.child_by_field_name("key"))
                target = c.child_by_field_name("value")
                if target is not None and target.type == "assignment_pattern":
                    default = target.child_by_field_name("right")
                    target = target.child_by_field_name("left")
            elif c.type == "rest_pattern":
                inner = c.named_children
                if inner:
                    self.assign_pattern(inner[0], self.env[pname], None)
                continue
            if key is None or target is None:
                continue
            self.params.append(ParamRec(f"{pname}.{key}", "field", None, False, False, None, self.mod.src.pos(c)))
            self.param_names.update(self._pattern_names(target))
            v = {("pf", pname, key): Info((self.step(at, f"parameter '{key}'"),), key=key)}
            if default is not None:
                v = union(v, self.ev(default))
            self.assign_pattern(target, v, None, note=False)

    # -- statements -----------------------------------------------------------------------
    def _hoist(self, block) -> None:
        """Function declarations in a block are visible before their statement."""
        for c in block.named_children:
            if c.type in ("function_declaration", "generator_function_declaration"):
                name = c.child_by_field_name("name")
                if name is not None:
                    n = N.text(self.data, name)
                    self.local_fns[n] = c
                    self.locals.add(n)

    def exec_block(self, stmts) -> Optional[str]:
        for s in stmts:
            r = self.exec_stmt(s)
            if r:
                return r
        return None

    def exec_stmt(self, s) -> Optional[str]:
        t = s.type
        if t in _SKIP_STMTS:
            return None
        self.stmt = s
        if t == "expression_statement":
            for c in s.named_children:
                self.ev(c)
                self.statement_check(c)
            return None
        if t in ("lexical_declaration", "variable_declaration"):
            for d in s.named_children:
                if d.type == "variable_declarator":
                    self._declarator(d)
            return None
        if t == "return_statement":
            inner = [c for c in s.named_children if c.type != "comment"]
            v = self.ev(inner[0]) if inner else EMPTY
            if self._ret_stack:
                self._ret_stack[-1].append(v)
            else:
                self.returns.append((self.mod.src.pos(s), add_step(v, self.step(s, "returned")) if v else v))
            return _EXIT
        if t == "if_statement":
            return self._if(s)
        if t == "statement_block":
            self._hoist(s)
            return self.exec_block(s.named_children)
        if t == "throw_statement":
            inner = [c for c in s.named_children if c.type != "comment"]
            if inner:
                v = self.ev(inner[0])
                if v and not self._ret_stack:
                    self.raises.append((self.mod.src.pos(s), add_step(v, self.step(s, "raised to the caller"))))
            return _EXIT
        if t in ("for_statement", "for_in_statement", "while_statement", "do_statement"):
            self._loop(s)
            return None
        if t == "switch_statement":
            return self._switch(s)
        if t == "try_statement":
            return self._try(s)
        if t == "break_statement":
            if self._breaks:
                self._breaks[-1].append(dict(self.env))
            return _BREAK
        if t == "continue_statement":
            return _CONTINUE
        if t in ("function_declaration", "generator_function_declaration"):
            name = s.child_by_field_name("name")
            if name is not None:
                self.local_fns[N.text(self.data, name)] = s
                if self.node is None:
                    pass  # module-level functions are summarised by the module pass
            return None
        if t in ("class_declaration",):
            if self.node is not None:
                self.mod.nested_class(s, self)
            return None
        if t == "export_statement":
            decl = s.child_by_field_name("declaration")
            if decl is not None:
                return self.exec_stmt(decl)
            val = s.child_by_field_name("value")
            if val is not None:
                self.ev(val)
            return None
        if t == "labeled_statement":
            body = s.child_by_field_name("body")
            return self.exec_stmt(body) if body is not None else None
        if t == "with_statement":
            body = s.child_by_field_name("body")
            return self.exec_stmt(body) if body is not None else None
        if t == "expression":  # pragma: no cover - grammar variants
            self.ev(s)
        return None

    def _declarator(self, d) -> None:
        name = d.child_by_field_name("name")
        value = d.child_by_field_name("value")
        if name is None:
            return
        if self._scopes:
            for n in ([N.text(self.data, name)] if name.type == "identifier" else self._pattern_names(name)):
                self._declare(n)
        if value is None:
            if name.type == "identifier":
                n = N.text(self.data, name)
                self.locals.add(n)
                self.env[n] = EMPTY
                ann = d.child_by_field_name("type")
                if ann is not None:
                    tp = self.resolve_type(N.type_name(self.data, ann) or "")
                    if tp:
                        self.types[n] = tp
            return
        v = N.unwrap(value)
        if name.type == "identifier":
            n = N.text(self.data, name)
            self.locals.add(n)
            if v is not None and v.type in N.FUNCTIONS:
                self.local_fns[n] = v
                self.env[n] = EMPTY
                return
            ann = d.child_by_field_name("type")
            if ann is not None:
                tp = self.resolve_type(N.type_name(self.data, ann) or "")
                if tp:
                    self.types[n] = tp
        self.assign_value(name, value)

    def assign_value(self, target, value) -> None:
        """``target = value`` where target is a name, a pattern or a member."""
        v = self.ev(value)
        self.assign_pattern(target, v, value)

    def assign_pattern(self, target, v: Taint, value_node, source_var: Optional[str] = None,
                       note: bool = True) -> None:
        t = target.type
        if t == "identifier" or t == "shorthand_property_identifier_pattern":
            name = N.text(self.data, target)
            self._set_var(name, v, value_node, target, note)
        elif t == "object_pattern":
            src = source_var or (N.var_of(self.data, value_node) if value_node is not None else None)
            parsed = self._parsed_schema(value_node) if src is None and value_node is not None else None
            loaded = self.mod.require_of(N.unwrap(value_node)) if value_node is not None else None
            if loaded is not None:
                # const { execSync } = await import("child_process") / require(...)
                for c in target.named_children:
                    if c.type == "shorthand_property_identifier_pattern":
                        n = N.text(self.data, c)
                        self.locals.add(n)
                        self.fn_alias[n] = self.mod.member(loaded, n)
                    elif c.type == "pair_pattern":
                        k = N.prop_key(self.data, c.child_by_field_name("key"))
                        tgt = c.child_by_field_name("value")
                        if k and tgt is not None and tgt.type == "identifier":
                            self.locals.add(N.text(self.data, tgt))
                            self.fn_alias[N.text(self.data, tgt)] = self.mod.member(loaded, k)
                return
            for c in target.named_children:
                key, tgt, default = None, None, None
                if c.type == "shorthand_property_identifier_pattern":
                    key, tgt = N.text(self.data, c), c
                elif c.type == "object_assignment_pattern":
                    left = c.child_by_field_name("left")
                    key = N.text(self.data, left) if left is not None else None
                    tgt, default = left, c.child_by_field_name("right")
                elif c.type == "pair_pattern":
                    key = N.prop_key(self.data, c.child_by_field_name("key"))
                    tgt = c.child_by_field_name("value")
                    if tgt is not None and tgt.type == "assignment_pattern":
                        default = tgt.child_by_field_name("right")
                        tgt = tgt.child_by_field_name("left")
                elif c.type == "rest_pattern":
                    inner = c.named_children
                    if inner:
                        self.assign_pattern(inner[0], v, None)
                    continue
                if key is None or tgt is None:
                    continue
                fv = self.read_field(v, src, key, c)
                if parsed and fv:
                    fams = self.mod.schema_field(parsed, key)
                    if fams:
                        fv = mark(fv, clean=fams)
                if default is not None:
                    fv = union(fv, self.ev(default))
                self.assign_pattern(tgt, fv, None, source_var=(src + "." + key) if src else None)
                if src is not None and self._is_name_path(src + "." + key):
                    if tgt.type in ("identifier", "shorthand_property_identifier_pattern"):
                        self.name_vars.add(N.text(self.data, tgt))
                if src is not None and tgt.type in ("identifier", "shorthand_property_identifier_pattern"):
                    sub = src + "." + key
                    if sub in self.schema_vars:
                        self.schema_vars[N.text(self.data, tgt)] = self.schema_vars[sub]
        elif t == "array_pattern":
            for c in target.named_children:
                if c.type == "assignment_pattern":
                    left = c.child_by_field_name("left")
                    if left is not None:
                        self.assign_pattern(left, union(v, self.ev(c.child_by_field_name("right"))), None)
                elif c.type == "rest_pattern":
                    inner = c.named_children
                    if inner:
                        self.assign_pattern(inner[0], v, None)
                else:
                    self.assign_pattern(c, v, None)
        elif t in ("member_expression", "subscript_expression"):
            d = N.var_of(self.data, target)
            if d is not None and (d.startswith("this.") or "." in d):
                base = d.split(".")[0]
                self.env[d] = add_step(v, self.step(target, f"stored in '{d}'")) if v else v
                self.fields.setdefault(base, set()).add(d)
                if base != "this" and v:
                    self.env[base] = union(self.env.get(base, EMPTY), v)
                if value_node is not None:
                    tp = self.type_of(value_node)
                    if tp:
                        self.types[d] = tp
                    cs = self.const_of(value_node)
                    if cs is not None:
                        self.consts[d] = cs
            else:
                obj = target.child_by_field_name("object")
                base = N.var_of(self.data, obj) if obj is not None else None
                if base and v:
                    self.env[base] = union(self.env.get(base, EMPTY), v)
        elif t == "assignment_pattern":
            left = target.child_by_field_name("left")
            if left is not None:
                self.assign_pattern(left, union(v, self.ev(target.child_by_field_name("right"))), value_node)
        elif t in N.WRAPPERS:
            inner = N.unwrap(target)
            if inner is not None and inner is not target:
                self.assign_pattern(inner, v, value_node, source_var)

    def _set_var(self, name: str, v: Taint, value_node, at, note: bool = True) -> None:
        self.locals.add(name)
        self.env[name] = add_step(v, self.step(at, f"assigned to '{name}'")) if v and note else v
        fields = self.fields.pop(name, None)
        if fields:
            for d in fields:
                self.env.pop(d, None)
        for table in (self.types, self.consts, self.lists, self.derived, self.relchecks, self.fn_alias,
                      self.schema_vars, self.dispatch_vars):
            table.pop(name, None)
        self.constant_vars.discard(name)
        self.sep_vars.discard(name)
        for table in ():
            table.pop(name, None)
        self.host_vars.discard(name)
        self.name_vars.discard(name)
        if value_node is None:
            return
        node = N.unwrap(value_node)
        if node is None:
            return
        if node.type == "await_expression":
            inner = node.named_children
            node = N.unwrap(inner[0]) if inner else None
            if node is None:
                return
        t = node.type
        if t == "object":
            # per-property taint, so o.url and o.headers stay apart
            for key, vnode in N.object_props(self.data, node).items():
                if vnode.type == "method_definition" or N.is_function(vnode):
                    continue
                fv = self.ev_quiet(vnode)
                self.env[f"{name}.{key}"] = fv
                self.fields.setdefault(name, set()).add(f"{name}.{key}")
                cs = self.const_of(vnode)
                if cs is not None:
                    self.consts[f"{name}.{key}"] = cs
        elif t == "array":
            self.lists[name] = self._elements(node)
        cs = self.const_of(node)
        if cs is not None:
            self.consts[name] = cs
        elif self.is_constant(node):
            self.constant_vars.add(name)
        tp = self.type_of(node)
        if tp:
            self.types[name] = tp
        if t == "member_expression" and (self.dotted(node) or "") in ("path.sep", "path.posix.sep", "path.win32.sep"):
            self.sep_vars.add(name)
        if t == "subscript_expression":
            idx = node.child_by_field_name("index")
            obj = node.child_by_field_name("object")
            if idx is not None and obj is not None and self._names_tool(N.unwrap(idx)):
                table = self.dotted(obj)
                if table:
                    self.dispatch_vars[name] = table  # handler = HANDLERS[request.params.name]
        if t in ("member_expression", "subscript_expression"):
            d = N.var_of(self.data, node)
            if d is not None and self._is_name_path(d):
                self.name_vars.add(name)
            if d is not None and d in self.schema_vars:
                self.schema_vars[name] = self.schema_vars[d]
            self._track_host(name, node)
        elif t == "identifier":
            other = N.text(self.data, node)
            if other in self.name_vars:
                self.name_vars.add(name)
            if other in self.fn_alias:
                self.fn_alias[name] = self.fn_alias[other]
            if other in self.schema_vars:
                self.schema_vars[name] = self.schema_vars[other]
        elif t in ("call_expression", "new_expression"):
            self._track_call(name, node)

    def _is_name_path(self, d: str) -> bool:
        return d.endswith("params.name") or d.endswith(".toolName") or d in self.name_vars

    # -- control flow ---------------------------------------------------------------------
    def _if(self, s) -> Optional[str]:
        cond = s.child_by_field_name("condition")
        cons = s.child_by_field_name("consequence")
        alt = s.child_by_field_name("alternative")
        c = N.unwrap(cond) if cond is not None else None
        if c is not None:
            self.ev(c)
        before = self.env
        hint = self.tool_hint
        self.env = dict(before)
        if c is not None:
            self.apply(self.narrowings(c, True))
            tool = self.tool_branch(c)
            if tool:
                self.tool_hint = tool
                self.mod.dispatched.setdefault(self.qualname, set()).add(tool)
        r_body = self.exec_stmt(cons) if cons is not None else None
        self.tool_hint = hint
        env_body = self.env
        self.env = dict(before)
        if c is not None:
            self.apply(self.narrowings(c, False))
        r_else = None
        if alt is not None:
            for a in alt.named_children:
                if a.type != "comment":
                    r_else = self.exec_stmt(a)
        env_else = self.env
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
        else:
            self.env = merge_env(env_body, env_else)
        return None

    def _loop(self, s) -> None:
        t = s.type
        before = dict(self.env)
        self._breaks.append([])
        if t == "for_in_statement":
            left = s.child_by_field_name("left")
            right = s.child_by_field_name("right")
            it = self.ev(right) if right is not None else EMPTY
            of = any(c.type == "of" for c in s.children)
            if left is not None:
                tgt = left
                if tgt.type in ("lexical_declaration", "variable_declaration"):
                    decl = [c for c in tgt.named_children if c.type == "variable_declarator"]
                    tgt = decl[0].child_by_field_name("name") if decl else None
                if tgt is not None:
                    val = add_step(it, self.step(s, "loop variable")) if (it and of) else EMPTY
                    if not of and it:
                        val = it  # for (k in obj): the caller's keys
                    self.assign_pattern(tgt, val, None)
                    if right is not None and tgt.type == "identifier":
                        src = self.table_ref(right)
                        if src:
                            self.loop_vars[N.text(self.data, tgt)] = src
                        if of and self.is_constant(right):
                            self.constant_vars.add(N.text(self.data, tgt))
        elif t == "for_statement":
            init = s.child_by_field_name("initializer")
            if init is not None:
                self.exec_stmt(init) if init.type.endswith("declaration") else self.ev(init)
            cond = s.child_by_field_name("condition")
            if cond is not None:
                self.ev(cond)
        elif t in ("while_statement", "do_statement"):
            cond = s.child_by_field_name("condition")
            if cond is not None:
                self.ev(cond)
        body = s.child_by_field_name("body")
        if body is not None:
            self.exec_stmt(body)
            self.exec_stmt(body)
        if t == "for_statement":
            inc = s.child_by_field_name("increment")
            if inc is not None:
                self.ev(inc)
        after = self.env
        self.env = merge_env(before, after)
        for e in self._breaks.pop():
            self.env = merge_env(self.env, e)

    def _switch(self, s) -> Optional[str]:
        value = s.child_by_field_name("value")
        v = N.unwrap(value) if value is not None else None
        if v is not None:
            self.ev(v)
        on_name = v is not None and self._names_tool(v)
        body = s.child_by_field_name("body")
        if body is None:
            return None
        before = self.env
        envs = []
        hint = self.tool_hint
        self._breaks.append([])
        pending: List[str] = []
        all_exit = True
        has_default = False
        for case in body.named_children:
            if case.type not in ("switch_case", "switch_default"):
                continue
            if case.type == "switch_default":
                has_default = True
            cval = case.child_by_field_name("value")
            if on_name and cval is not None:
                lit = self.tool_name_of(cval)
                if lit:
                    pending.append(lit)
            stmts = [c for c in case.named_children if c is not cval and c.type != "comment"]
            if not stmts:
                continue  # falls through to the next case's statements
            self.env = dict(before)
            if pending:
                self.tool_hint = pending[0]
                self.mod.dispatched.setdefault(self.qualname, set()).update(pending)
            r = self.exec_block(stmts)
            self.tool_hint = hint
            pending = []
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
        body = s.child_by_field_name("body")
        r_body = self.exec_stmt(body) if body is not None else None
        after_body = self.env
        handler = s.child_by_field_name("handler")
        envs = [] if r_body else [after_body]
        r_handler = None
        if handler is not None:
            self.env = merge_env(before, after_body)
            param = handler.child_by_field_name("parameter")
            if param is not None and param.type == "identifier":
                self.env[N.text(self.data, param)] = EMPTY
            hbody = handler.child_by_field_name("body")
            r_handler = self.exec_stmt(hbody) if hbody is not None else None
            if not r_handler:
                envs.append(self.env)
        exits = bool(r_body) and (handler is None or bool(r_handler))
        if envs:
            self.env = envs[0]
            for e in envs[1:]:
                self.env = merge_env(self.env, e)
        else:
            self.env = after_body
        fin = s.child_by_field_name("finalizer")
        if fin is not None:
            fb = fin.child_by_field_name("body")
            if fb is not None:
                self.exec_stmt(fb)
        return _EXIT if exits else None

    # -- functions evaluated in place --------------------------------------------------------
    def inline(self, fn, args: List[Taint], note: str = "") -> Taint:
        """Evaluate a local helper or a callback with its parameters bound to ``args``; the
        result is what it returns. Its sinks are ours (the closure sees our variables)."""
        key = fn.id
        if key in self.inlining or len(self.inlining) >= MAX_INLINE:
            return union(*args) if args else EMPTY
        self.inlining.add(key)
        saved_stmt, saved_hint = self.stmt, self.tool_hint
        saved_names = set(self.name_vars)  # the helper's own parameter may shadow `name`
        # no copy of the environment: names the function declares (its parameters, its own
        # let/const) are saved and restored; assignments to enclosing variables stay (closures)
        self._scopes.append({})
        try:
            params = fn.child_by_field_name("parameters")
            if params is None:
                single = fn.child_by_field_name("parameter")
                plist = [single] if single is not None else []
            else:
                plist = [c for c in params.named_children if c.type != "comment"]
            for i, p in enumerate(plist):
                pat = p
                if p.type in ("required_parameter", "optional_parameter"):
                    pat = p.child_by_field_name("pattern")
                if pat is None:
                    continue
                if pat.type == "assignment_pattern":
                    pat = pat.child_by_field_name("left")
                if pat is not None and pat.type == "rest_pattern":
                    inner = pat.named_children
                    pat = inner[0] if inner else None
                    v = union(*args[i:]) if i < len(args) else EMPTY
                else:
                    v = args[i] if i < len(args) else EMPTY
                if pat is None:
                    continue
                for n in self._pattern_names(pat):
                    self._declare(n)
                    self.param_names.add(n)
                self.assign_pattern(pat, v, None)
            body = fn.child_by_field_name("body")
            self._ret_stack.append([])
            self._breaks.append([])
            if body is None:
                out = EMPTY
            elif body.type == "statement_block":
                self._hoist(body)
                self.exec_block(body.named_children)
                out = union(*self._ret_stack[-1])
            else:
                self.stmt = body
                out = self.ev(body)
                out = union(out, *self._ret_stack[-1])
            self._ret_stack.pop()
            self._breaks.pop()
        finally:
            self.inlining.discard(key)
            self.stmt, self.tool_hint = saved_stmt, saved_hint
            self.name_vars = saved_names
            for n, old in self._scopes.pop().items():
                if old is None:
                    self.env.pop(n, None)
                else:
                    self.env[n] = old
        return out

    def _declare(self, name: str) -> None:
        """``name`` is declared in the function being evaluated in place: its enclosing value
        (if any) comes back when that function is done."""
        if self._scopes:
            scope = self._scopes[-1]
            if name not in scope:
                scope[name] = self.env.get(name)

    def _pattern_names(self, pat) -> List[str]:
        if pat.type in ("identifier", "shorthand_property_identifier_pattern"):
            return [N.text(self.data, pat)]
        out = []
        for c in pat.named_children:
            out.extend(self._pattern_names(c))
        return out

    # -- expressions ----------------------------------------------------------------------
    def ev_quiet(self, node) -> Taint:
        """The taint of an expression already evaluated (no sinks or calls recorded again)."""
        node = N.unwrap(node)
        if node is None:
            return EMPTY
        t = node.type
        if t == "identifier":
            return self._name(N.text(self.data, node), node)
        if t in ("member_expression", "subscript_expression"):
            d = N.var_of(self.data, node)
            if d is not None and d in self.env:
                return self.env[d]
            obj = node.child_by_field_name("object")
            if obj is None:
                return EMPTY
            base = self.ev_quiet(obj)
            parts = N.member_parts(self.data, node)
            if not base or not parts:
                return base
            return self.read_field(base, N.var_of(self.data, obj), parts[-1], node)
        if t == "template_string":
            vals = [self.ev_quiet(c.named_children[0]) for c in node.named_children
                    if c.type == "template_substitution" and c.named_children]
            v = union(*vals)
            return mark(v, built=True) if v else v
        if t == "binary_expression":
            v = union(self.ev_quiet(node.child_by_field_name("left")), self.ev_quiet(node.child_by_field_name("right")))
            return v
        if t == "ternary_expression":
            return union(self.ev_quiet(node.child_by_field_name("consequence")),
                         self.ev_quiet(node.child_by_field_name("alternative")))
        if t in ("array", "object"):
            return union(*[self.ev_quiet(c) for c in node.named_children])
        if t == "pair":
            return self.ev_quiet(node.child_by_field_name("value"))
        if t == "shorthand_property_identifier":
            return self._name(N.text(self.data, node), node)
        if t in ("spread_element", "await_expression"):
            inner = node.named_children
            return self.ev_quiet(inner[0]) if inner else EMPTY
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is not None and fn.type == "member_expression":
                return self.ev_quiet(fn.child_by_field_name("object"))
            return EMPTY
        return EMPTY

    def _name(self, name: str, node) -> Taint:
        v = self.env.get(name)
        if v is None:
            v = EMPTY
        if self.M.is_secret_name(name) and name not in self.local_fns and name not in self.mod.functions and \
                self._runtime_value(name):
            v = union(v, {("s", name): Info((self.step(node, f"secret '{name}' read"),))})
        return v

    def ev(self, node) -> Taint:
        if node is None:
            return EMPTY
        t = node.type
        h = _EV.get(t)
        if h is not None:
            return h(self, node)
        if t in N.WRAPPERS:
            inner = N.unwrap(node)
            return self.ev(inner) if inner is not None and inner is not node else EMPTY
        return EMPTY

    def _ev_identifier(self, node) -> Taint:
        return self._name(N.text(self.data, node), node)

    def _ev_member(self, node) -> Taint:
        data = self.data
        obj = node.child_by_field_name("object")
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            key = N.text(data, prop) if prop is not None else None
        else:
            idx = node.child_by_field_name("index")
            key = N.string_value(data, idx) if idx is not None else None
            if key is None and idx is not None:
                self.ev(idx)
        parts = N.member_parts(data, node)
        d = ".".join(parts) if parts else None
        if d is not None and d in self.env:
            v = self.env[d]
            if key and self.M.is_secret_path(d):
                v = union(v, {("s", d): Info((self.step(node, f"secret '{d}' read"),))})
            return v
        if parts is not None and len(parts) >= 2:
            # process.env.API_TOKEN and friends
            base_d = ".".join(parts[:-1])
            if base_d in self.M.secret_env_objects:
                if key and self.M.is_secret_name(key):
                    return {("s", f"{base_d}.{key}"): Info((self.step(node, f"secret {base_d}.{key} read"),))}
                return EMPTY
            if parts[0] == self.context_param or parts[0] in _CONTEXT_NAMES:
                ctx = self.context_read(node)
                if ctx is not None:
                    return ctx
        base = self.ev(obj) if obj is not None else EMPTY
        if key is None:
            return base
        src = ".".join(parts[:-1]) if parts is not None else None
        out = self.read_field(base, src, key, node) if base or src is not None else EMPTY
        if key and self.M.is_secret_name(key) and self.M.is_secret_path(d or key) and \
                (obj is None or obj.type != "call_expression") and self._runtime_value(d or key, parts):
            what = d or key
            out = union(out, {("s", what): Info((self.step(node, f"secret '{what}' read"),))})
        return out

    def _runtime_value(self, name: str, parts=None) -> bool:
        """A secret-named value that can hold a secret at run time: not a constant written in
        the code (API_KEY_PREFIX = "sk-"), not a member of a class, an enum or a table of ids
        (LogId.checkCredentials), and not a parameter (a parameter carries whatever its caller
        passes, secrets included: maskSecret(secret) is given data, not a credential)."""
        head = parts[0] if parts else name
        if head in self.param_names:
            return False
        if name in self.consts or (name not in self.locals and name in self.mod.consts):
            return False
        if parts and len(parts) >= 2:
            head = parts[0]
            if head in self.mod.enums or head in self.mod.class_names:
                return False
            if head[:1].isupper() and not head.isupper() and head not in self.locals:
                return False  # PascalCase: a class, an enum or a namespace of constants
        return True

    def read_field(self, v: Taint, src: Optional[str], key: str, at) -> Taint:
        """Property ``key`` of a value: the property's own taint when it was set (an object
        literal, an assignment), else the whole value's; a parameter's property is a field
        label the linker binds to what the caller passed for it."""
        if src is not None:
            d = f"{src}.{key}"
            if d in self.env:
                return self.env[d]
        if key in _ENVELOPE or (key == "data" and src is not None and src in self.schema_vars):
            # request.params.arguments, Schema.safeParse(x).data: an envelope, not a property
            return v
        out: Taint = {}
        for label, info in v.items():
            if label[0] == "p" and len(label) == 2:
                out[("pf", label[1], key)] = info.replace(key=info.key or key)
            else:
                out[label] = info if info.key else info.replace(key=key)
        if not self.M.is_secret_name(key):
            # config.port of a config that holds a token is not the token, whatever the config
            # turns out to be when linked
            out = desecret(out)
        sk = self.schema_vars.get(src) if src is not None else None
        if sk and out:
            fams = self.mod.schema_field(sk, key)
            if fams:
                out = mark(out, clean=fams)
        return out

    def _parsed_schema(self, node) -> Optional[str]:
        """``Schema.parse(x)`` (awaited or not): the schema's key."""
        u = N.unwrap(node)
        if u is not None and u.type == "await_expression" and u.named_children:
            u = N.unwrap(u.named_children[0])
        if u is None or u.type != "call_expression":
            return None
        fn = u.child_by_field_name("function")
        if fn is None or fn.type != "member_expression":
            return None
        prop = fn.child_by_field_name("property")
        if prop is None or N.text(self.data, prop) not in self.M.surface.schema_parse:
            return None
        return self.schema_of(fn.child_by_field_name("object"))

    def schema_of(self, node) -> Optional[str]:
        """The schema a value is (a module-level zod schema, ``z.object({...})``, an imported
        one as a reference), for ``Schema.parse(x)``."""
        u = N.unwrap(node)
        if u is None:
            return None
        if u.type == "identifier":
            name = N.text(self.data, u)
            if name in self.mod.schema_names:
                return self.mod.schema_names[name]
            d = self.dotted(u)
            if d and "#" in d and d[0] != "#":
                return "r:" + d
            return None
        if u.type == "call_expression" and self._zod_call(u):
            key = f"@{u.start_byte}"
            if key not in self.mod.schemas:
                self.mod.schemas[key] = self.schema_params(u)
            return key
        if u.type == "member_expression":
            d = self.dotted(u)
            if d and ("#" in d or d.split(".")[0] in self.mod.local_names):
                return "r:" + d
        return None

    def _track_call(self, name: str, node) -> None:
        """What ``name = <call>`` makes ``name``: a URL parsed from a variable, a resolved path,
        a relative path, a function alias, a validated value."""
        M = self.M
        if node.type == "call_expression" and self.mod.require_of(node) is not None:
            self.fn_alias[name] = self.mod.require_of(node)
            return
        fn = node.child_by_field_name("function") if node.type == "call_expression" else node.child_by_field_name("constructor")
        if fn is None:
            return
        fq = (self.dotted(fn) or "").replace("()", "")
        args = N.args_of(node)
        if fq in M.same_function_calls and args:
            target = self.dotted(args[0])
            if target:
                self.fn_alias[name] = target
            return
        if args and fq not in M.sink_calls and fq not in M.model_calls:
            # wrapped = withLogging(handleToolCall): calling `wrapped` calls the project function
            for a in args:
                au = N.unwrap(a)
                if au is not None and au.type in ("identifier", "member_expression"):
                    d = self.dotted(au)
                    if d and ("#" in d or d.split(".")[0] in self.mod.local_names) and \
                            d.split(".")[0] not in self.locals:
                        self.fn_alias[name] = d
                        break
        if fq in M.url_parsers and args:
            src = N.var_of(self.data, args[0])
            if src:
                self.derived[name] = src
            return
        if fq.endswith("path.relative") or fq == "path.relative":
            if len(args) >= 2:
                src = N.var_of(self.data, args[1])
                if src:
                    self.relchecks[name] = src
            return
        meth = None
        if fn.type == "member_expression":
            prop = fn.child_by_field_name("property")
            meth = N.text(self.data, prop) if prop is not None else None
        short = fq.rsplit(".", 1)[-1] if fq else meth
        if (short in M.path_derivations or meth in M.path_derivations) and (fq in M.resolver_calls or meth in M.resolver_methods
                                                                          or fq.startswith(("path.", "fs."))):
            src = N.var_of(self.data, args[-1]) if args else None
            if src:
                self.derived[name] = src
        if meth in M.surface.schema_parse and fn.type == "member_expression":
            sk = self.schema_of(fn.child_by_field_name("object"))
            if sk:
                self.schema_vars[name] = sk

    def _track_host(self, name: str, node) -> None:
        """``host = new URL(x).hostname`` / ``host = u.hostname``: a check on ``host``
        restricts the URL it came from."""
        if node.type != "member_expression":
            return
        prop = node.child_by_field_name("property")
        if prop is None or N.text(self.data, prop) not in ("hostname", "host", "origin"):
            return
        base = N.unwrap(node.child_by_field_name("object"))
        src = None
        if base is not None and base.type == "new_expression":
            ctor = base.child_by_field_name("constructor")
            if (self.dotted(ctor) or "") in self.M.url_parsers:
                args = N.args_of(base)
                src = N.var_of(self.data, args[0]) if args else None
        elif base is not None and base.type == "identifier":
            b = N.text(self.data, base)
            src = self.derived.get(b) or b
        if src:
            self.derived[name] = src
            self.host_vars.add(name)

    def _ev_template(self, node) -> Taint:
        vals = []
        data = self.data
        prev_end = node.start_byte + 1
        placed = False  # something the code chose comes first (text, or a value not the caller's)
        past_host = False  # ... and then a '/', '?' or '#': what follows cannot set the host
        for c in node.named_children:
            if c.type == "template_substitution":
                lit = data[prev_end:c.start_byte].decode("utf-8", "replace").replace("://", "")
                if placed and any(ch in lit for ch in "/?#"):
                    past_host = True
                placed = placed or bool(lit)
                prev_end = c.end_byte
                inner = [x for x in c.named_children if x.type != "comment"]
                if inner:
                    sv = self.ev(inner[0])
                    if sv and c.start_byte > node.start_byte + 1:
                        sv = mark(sv, rooted=True)  # after text or a value the code placed first
                    if sv and past_host:
                        sv = mark(sv, clean=frozenset({"ssrf"}))  # `${base}/v2${path}`
                    placed = placed or not sv
                    vals.append(sv)
        v = union(*vals)
        if v:
            v = self._built(v, self.const_prefix(node))
        return v

    def _built(self, v: Taint, prefix: str) -> Taint:
        """A string built from ``v`` after a constant ``prefix``: a prefix that fixes scheme and
        host rules out SSRF, any prefix not starting with '-' rules out an option."""
        v = mark(v, built=True)
        clean = set()
        if prefix and self.fixed_host(prefix):
            clean.add("ssrf")
        if prefix and not prefix.startswith("-"):
            clean.add("argument")
        return mark(v, clean=frozenset(clean)) if clean else v

    def _ev_binary(self, node) -> Taint:
        op = node.child_by_field_name("operator")
        opt = op.type if op is not None else ""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        lv, rv = self.ev(left), self.ev(right)
        if opt in ("==", "===", "!=", "!==", "<", ">", "<=", ">=", "instanceof", "in", "-", "*", "/", "%",
                   "**", "&", "|", "^", "<<", ">>", ">>>"):
            return EMPTY
        if rv and opt == "+":
            rv = mark(rv, rooted=True)  # root + name, "prefix " + value
        v = union(lv, rv)
        if v and opt == "+":
            v = self._built(v, self.const_prefix(node))
        return v

    def _ev_unary(self, node) -> Taint:
        arg = node.child_by_field_name("argument")
        v = self.ev(arg)
        op = node.child_by_field_name("operator")
        if op is not None and op.type in ("!", "typeof", "-", "+", "~", "void", "delete"):
            return EMPTY
        return v

    def _ev_ternary(self, node) -> Taint:
        self.ev(node.child_by_field_name("condition"))
        return union(self.ev(node.child_by_field_name("consequence")), self.ev(node.child_by_field_name("alternative")))

    def _ev_assign(self, node) -> Taint:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if right is None or left is None:
            return EMPTY
        rv = N.unwrap(right)
        if left.type == "identifier" and rv is not None and rv.type in N.FUNCTIONS:
            self.local_fns[N.text(self.data, left)] = rv
            return EMPTY
        if node.type == "augmented_assignment_expression":
            rv = self.ev(right)
            if rv and (self.const_prefix(right) or " ")[0] in "?#&/":
                # url += `?${query}`: appended after what the URL already holds, not its host
                rv = mark(rv, clean=frozenset({"ssrf"}), rooted=True)
            v = union(rv, self.ev(left))
            self.assign_pattern(left, v, None)
            return v
        v = self.ev(right)
        self.assign_pattern(left, v, right)
        return v

    def _ev_array(self, node) -> Taint:
        out = []
        after_dashes = False
        for c in node.named_children:
            if c.type == "comment":
                continue
            v = self.ev(c)
            if v and c.type != "spread_element" and (after_dashes or self.const_prefix(c)):
                v = mark(v, clean=frozenset({"argument"}))
            if v and out:
                v = mark(v, rooted=True)  # ["ping", "-c", host]: placed after what the code chose
            out.append(v)
            if N.string_value(self.data, c) == "--":
                after_dashes = True
        return union(*out)

    def _ev_object(self, node) -> Taint:
        vals = []
        for c in node.named_children:
            t = c.type
            if t == "pair":
                k = c.child_by_field_name("key")
                if k is not None and k.type == "computed_property_name":
                    self.ev(k)
                vals.append(self.ev(c.child_by_field_name("value")))
            elif t == "shorthand_property_identifier":
                vals.append(self._name(N.text(self.data, c), c))
            elif t == "spread_element":
                vals.append(self.ev(c))
            elif t == "method_definition":
                self.inline(c, [])
        return union(*vals)

    def _ev_first(self, node) -> Taint:
        inner = [c for c in node.named_children if c.type != "comment"]
        return self.ev(inner[0]) if inner else EMPTY

    def _ev_sequence(self, node) -> Taint:
        v = EMPTY
        for c in node.named_children:
            v = self.ev(c)
        return v

    def _ev_function(self, node) -> Taint:
        # a function value that is not called here: its body still runs somewhere (an event
        # handler, a timer): evaluate it once with no caller input
        self.inline(node, [])
        return EMPTY

    def _ev_update(self, node) -> Taint:
        return EMPTY

    def _ev_yield(self, node) -> Taint:
        inner = [c for c in node.named_children if c.type != "comment"]
        if inner:
            v = self.ev(inner[0])
            if self._ret_stack:
                self._ret_stack[-1].append(v)
            else:
                self.returns.append((self.mod.src.pos(node), v))
        return EMPTY

    # -- names and types -------------------------------------------------------------------
    def dotted(self, node) -> Optional[str]:
        """The name of an expression after import resolution: ``cp.exec`` with ``import * as cp
        from "child_process"`` is ``child_process.exec``; a project module's export is
        ``<module>#<name>``."""
        node = N.unwrap(node)
        if node is None:
            return None
        t = node.type
        if t in ("member_expression", "call_expression", "new_expression", "subscript_expression"):
            k = node.id
            hit = self._dot.get(k, False)
            if hit is False:
                hit = self._dot[k] = self._dotted(node, t)
            return hit
        return self._dotted(node, t)

    def _dotted(self, node, t: str) -> Optional[str]:
        if t == "identifier":
            name = N.text(self.data, node)
            if name in self.fn_alias:
                return self.fn_alias[name]
            if name in self.locals and name not in self.mod.aliases and (
                    self.node is not None or name not in self.mod.imports):
                return name  # a local variable (at module level, an import stays an import)
            m = self.mod
            if name in m.aliases:
                return m.aliases[name]
            if name in m.imports:
                return m.imports[name]
            return name
        if t == "member_expression":
            obj = node.child_by_field_name("object")
            prop = node.child_by_field_name("property")
            if obj is None or prop is None:
                return None
            base = self.dotted(obj)
            if base is None:
                return None
            p = N.text(self.data, prop)
            return base + p if base.endswith("#") else f"{base}.{p}"
        if t == "subscript_expression":
            obj = node.child_by_field_name("object")
            idx = node.child_by_field_name("index")
            key = N.string_value(self.data, idx) if idx is not None else None
            base = self.dotted(obj) if obj is not None else None
            if base is None or key is None:
                return None
            return base + key if base.endswith("#") else f"{base}.{key}"
        if t == "this":
            return "this"
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            req = self.mod.require_of(node)
            if req is not None:
                return req
            base = self.dotted(fn) if fn is not None else None
            return None if base is None else base + "()"
        if t == "new_expression":
            ctor = node.child_by_field_name("constructor")
            base = self.dotted(ctor) if ctor is not None else None
            return None if base is None else base + "()"
        if t == "import":
            return "import"
        if t == "meta_property":
            return N.text(self.data, node)
        return None

    def resolve_type(self, name: str) -> Optional[str]:
        """A type annotation's name after import resolution (``Pool`` -> ``pg.Pool``)."""
        if not name:
            return None
        head, _, rest = name.partition(".")
        m = self.mod
        base = m.imports.get(head) or m.aliases.get(head)
        if base is None:
            if head in m.class_names or head in self.M.surface.parameter_types:
                return name
            return None
        if not rest:
            return base
        return base + rest if base.endswith("#") else f"{base}.{rest}"

    def type_of(self, node) -> Optional[str]:
        """What built a value: the constructor or factory (dotted), or a known type."""
        node = N.unwrap(node)
        if node is None:
            return None
        t = node.type
        if t == "await_expression":
            inner = node.named_children
            return self.type_of(inner[0]) if inner else None
        if t == "new_expression":
            ctor = node.child_by_field_name("constructor")
            return self.dotted(ctor) if ctor is not None else None
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            d = self.dotted(fn) if fn is not None else None
            if d in self.M.same_function_calls:
                return None
            return d
        if t == "identifier":
            name = N.text(self.data, node)
            return self.types.get(name) or self.mod.types.get(name)
        if t in ("member_expression",):
            d = N.var_of(self.data, node)
            if d is None:
                return None
            if d in self.types:
                return self.types[d]
            if d.startswith("this.") and self.cls:
                return self.mod.field_type(self.cls, d[5:])
        return None

    def const_of(self, node) -> Optional[str]:
        """The constant string value of an expression, when it has one."""
        node = N.unwrap(node)
        if node is None:
            return None
        s = N.string_value(self.data, node)
        if s is not None:
            return s
        t = node.type
        if t == "identifier":
            name = N.text(self.data, node)
            if name in self.consts:
                return self.consts[name]
            if name not in self.locals:
                return self.mod.consts.get(name)
            return None
        if t == "member_expression":
            d = N.var_of(self.data, node)
            if d is None:
                return None
            if d in self.consts:
                return self.consts[d]
            if d.startswith("this.") and self.cls:
                return self.mod.field_const(self.cls, d[5:])
            return self.mod.consts.get(d)
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is not None and op.type == "+":
                a = self.const_of(node.child_by_field_name("left"))
                b = self.const_of(node.child_by_field_name("right")) if a is not None else None
                if a is not None and b is not None:
                    return a + b
        if t == "template_string":
            out = []
            for ch in node.children:
                if ch.type == "template_substitution":
                    inner = [x for x in ch.named_children if x.type != "comment"]
                    cv = self.const_of(inner[0]) if inner else None
                    if cv is None:
                        return None
                    out.append(cv)
                elif ch.type in ("string_fragment", "escape_sequence"):
                    out.append(N._unescape(N.text(self.data, ch)))
            return "".join(out)
        return None

    def is_constant(self, node) -> bool:
        """The value is fixed by the code: a constant, one of several (``cond ? "a" : "b"``, an
        element of a list of constants), or a template of such values."""
        u = N.unwrap(node)
        if u is None or N.is_literal(u) or self.const_of(u) is not None:
            return True
        t = u.type
        if t == "identifier":
            return N.text(self.data, u) in self.constant_vars
        if t == "ternary_expression":
            return self.is_constant(u.child_by_field_name("consequence")) and \
                self.is_constant(u.child_by_field_name("alternative"))
        if t == "template_string":
            return all(self.is_constant(c.named_children[0]) for c in u.named_children
                       if c.type == "template_substitution" and c.named_children)
        if t == "binary_expression":
            op = u.child_by_field_name("operator")
            return op is not None and op.type in ("+", "||", "??") and \
                self.is_constant(u.child_by_field_name("left")) and self.is_constant(u.child_by_field_name("right"))
        if t == "array":
            return all(self.is_constant(c) for c in u.named_children if c.type != "comment")
        return False

    def const_prefix(self, node) -> str:
        """The constant text a string expression starts with."""
        node = N.unwrap(node)
        if node is None:
            return ""
        c = self.const_of(node)
        if c is not None:
            return c
        t = node.type
        if t == "template_string":
            out = []
            for ch in node.children:
                if ch.type == "template_substitution":
                    inner = [x for x in ch.named_children if x.type != "comment"]
                    cv = self.const_of(inner[0]) if inner else None
                    if cv is None:
                        break
                    out.append(cv)
                elif ch.type in ("string_fragment", "escape_sequence"):
                    out.append(N._unescape(N.text(self.data, ch)))
            return "".join(out)
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is not None and op.type == "+":
                left = self.const_prefix(node.child_by_field_name("left"))
                lc = self.const_of(node.child_by_field_name("left"))
                if lc is not None:
                    return lc + self.const_prefix(node.child_by_field_name("right"))
                return left
        return ""

    def table_ref(self, node) -> Optional[str]:
        """A reference to a module-level array or object this expression names (for tools
        registered in a loop), e.g. ``TOOLS`` or ``Object.values(tools)``."""
        node = N.unwrap(node)
        if node is None:
            return None
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is not None and self.dotted(fn) in ("Object.values", "Object.entries"):
                args = N.args_of(node)
                return self.table_ref(args[0]) if args else None
            return None
        d = self.dotted(node)
        if d is None:
            return None
        if "#" in d or (d.split(".")[0] in self.mod.local_names and (self.node is None or d.split(".")[0] not in self.locals)):
            return d
        return None

    def _elements(self, node) -> list:
        out = []
        for c in node.named_children:
            if c.type == "comment":
                continue
            if c.type == "spread_element":
                inner = c.named_children
                sub = self.lists.get(N.text(self.data, inner[0])) if inner and inner[0].type == "identifier" else None
                if sub is not None:
                    out.extend(sub)
                else:
                    out.append((c, self.ev_quiet(c), None, True))
                continue
            out.append((c, self.ev_quiet(c), N.string_value(self.data, c), False))
        return out

    # -- calls ----------------------------------------------------------------------------
    def ev_call(self, node) -> Taint:
        fn = node.child_by_field_name("function")
        if fn is None:
            return EMPTY
        fnu = N.unwrap(fn)
        args_node = node.child_by_field_name("arguments")
        if args_node is not None and args_node.type == "template_string":
            # a tagged template (sql`...`, $`...`): the tag quotes what it interpolates
            return self._ev_template(args_node) if self.dotted(fnu) in ("String.raw",) else (self.ev(args_node) and EMPTY)
        return self._call(node, fnu, N.args_of(node), new=False)

    def ev_new(self, node) -> Taint:
        ctor = node.child_by_field_name("constructor")
        if ctor is None:
            return EMPTY
        return self._call(node, N.unwrap(ctor), N.args_of(node), new=True)

    def _call(self, node, fn, arg_nodes, new: bool) -> Taint:
        data = self.data
        M = self.M
        recv_node = None
        method = None
        ft = fn.type if fn is not None else ""
        if ft == "member_expression":
            recv_node = fn.child_by_field_name("object")
            prop = fn.child_by_field_name("property")
            method = N.text(data, prop) if prop is not None else None
        elif ft in N.FUNCTIONS:
            # an immediately invoked function
            return self.inline(fn, [self.ev(a) for a in arg_nodes])
        fq = self.dotted(fn) or ""
        if (new or method in M.surface_methods) and self.surface_call(node, fn, fq, method, recv_node, arg_nodes, new):
            return EMPTY
        recv = self.ev(recv_node) if recv_node is not None else EMPTY
        pos_args: List[Taint] = []
        star: Taint = EMPTY
        fn_args = []
        for i, a in enumerate(arg_nodes):
            at = a.type
            if at in N.FUNCTIONS or (at in N.WRAPPERS and N.unwrap(a).type in N.FUNCTIONS):
                fn_args.append((i, N.unwrap(a)))
                pos_args.append(EMPTY)
                continue
            if at == "spread_element":
                star = union(star, self.ev(a))
                continue
            pos_args.append(self.ev(a))
        all_args = union(*pos_args, star) if pos_args or star else EMPTY
        if method in M.sink_method_names or fq.replace("()", "") in M.sink_calls:
            self.check_sinks(node, fq, method, recv_node, recv, arg_nodes, pos_args, star, new)
        # callbacks: arr.map(x => ...), promise.then(r => ...), new Promise((res, rej) => ...)
        cb_result: Optional[Taint] = None
        if fn_args:
            how = self.M.callbacks.get(method or "") if recv_node is not None else None
            elems = recv if how else EMPTY
            for i, f in fn_args:
                r = self.inline(f, [elems] if how else [])
                if how == "callback":
                    cb_result = union(cb_result or EMPTY, r)
            if how == "receiver":
                cb_result = recv
            elif how == "nothing":
                cb_result = EMPTY
        if ft == "identifier":
            local = self.local_fns.get(N.text(data, fn))
            if local is not None:
                r = self.inline(local, pos_args)
                return add_step(r, self.step(node, f"returned by {N.text(data, fn)}()")) if r else r
        if method in ("replace", "replaceAll") and recv:
            fams = stripped_families(data, arg_nodes)
            if fams:
                return mark(recv, clean=fams, checked=True)
        targets = None
        if fq in M.model_calls or method in M.model_methods:
            if fq not in M.model_calls:
                # a method model (map.get) is for library receivers: a project class's method
                # of that name is followed instead
                targets = self.call_targets(fn, fq, method, recv_node, arg_nodes)
            if not targets:
                modelled = self.model_result(node, fq, method, recv_node, recv, arg_nodes, pos_args, all_args, new)
                if modelled is not None:
                    return modelled
        if cb_result is not None:
            return cb_result
        if targets is None:
            targets = self.call_targets(fn, fq, method, recv_node, arg_nodes)
        if targets:
            fields = self._arg_fields(arg_nodes)
            fallback = self.external_result(fq, method, recv_node, recv, all_args)
            out: Taint = {}
            for target, hint in targets:
                idx = len(self.calls)
                self.calls[idx] = CallRec(target=target, pos=self.mod.src.pos(node), args=pos_args, kwargs=fields,
                                          star=star, dstar=EMPTY, fallback=fallback,
                                          tool_hint=hint or self.tool_hint)
                short = target.rsplit("#", 1)[-1].split(".")[-1]
                out[("c", idx)] = Info((self.step(node, f"returned by {short}()"),))
            return out
        return self.external_result(fq, method, recv_node, recv, all_args)

    def _arg_fields(self, arg_nodes) -> Dict[str, Taint]:
        """``#i.name`` -> taint, for every property of an object passed at position i (a
        literal, or a variable whose properties were set here)."""
        data = self.data
        fields: Dict[str, Taint] = {}
        i = 0
        for a in arg_nodes:
            if a.type == "spread_element":
                continue
            au = N.unwrap(a)
            if au is not None and au.type == "object":
                for key, vnode in N.object_props(data, au).items():
                    if vnode.type != "method_definition":
                        fields[f"#{i}.{key}"] = self.ev_quiet(vnode)
                if not any(c.type in ("spread_element", "computed_property_name") or
                           (c.type == "pair" and c.child_by_field_name("key") is not None and
                            c.child_by_field_name("key").type == "computed_property_name")
                           for c in au.named_children):
                    fields[f"#{i}.*"] = EMPTY  # every property is listed: the others are absent
            elif au is not None and au.type == "identifier":
                name = N.text(data, au)
                n = len(name) + 1
                for k in self.fields.get(name, ()):
                    if "." not in k[n:] and k in self.env:
                        fields[f"#{i}.{k[n:]}"] = self.env[k]
            i += 1
        return fields

    def _local_callee(self, fn):
        if fn is None or fn.type != "identifier":
            return None
        return self.local_fns.get(N.text(self.data, fn))

    def model_result(self, node, fq, method, recv_node, recv, arg_nodes, pos_args, all_args, new) -> Optional[Taint]:
        """What a call returns when a model decides it (sanitizers, decoders, resolvers,
        secret sources, parsers); None when left to project code or the pass-through."""
        M = self.M
        if fq in M.drops:
            return EMPTY
        if fq in M.undoes:
            v = unclean(union(recv, all_args), all_families() | {ALL})
            return add_step(v, self.step(node, f"decoded by {fq}() after any check"))
        if fq in M.clears:
            return mark(all_args, clean=M.clears[fq], checked=True)
        if fq in M.joins and len(pos_args) > 1:
            # join(root, name): the name is placed under what the code chose
            all_args = union(pos_args[0], *(mark(a, rooted=True) for a in pos_args[1:] if a))
        if fq in M.resolver_calls:
            v = mark(all_args, resolved=True)
            if fq in M.real_resolvers:
                v = mark(v, clean=frozenset({"~real"}))
            return v
        if method and method in M.resolver_methods:
            return mark(union(recv, all_args), resolved=True)
        if fq in M.same_function_calls:
            return all_args
        if fq in M.url_parsers and len(pos_args) >= 2 and pos_args[0]:
            # new URL(rel, BASE): the code pins a base, and a rel that is an absolute URL (or
            # starts with //) replaces its host
            base = self.const_prefix(arg_nodes[1])
            pos_args = [mark(pos_args[0], rooted=True), *pos_args[1:]]
            if base and self.fixed_host(base if base.endswith("/") else base + "/"):
                rel = self.const_prefix(arg_nodes[0])
                if rel and not rel.startswith(("/", "\\")) and "://" not in rel:
                    return mark(pos_args[0], clean=frozenset({"ssrf"}), checked=True)
                return mark(pos_args[0], checked=True)
        if method in M.surface.schema_parse and recv_node is not None and self.schema_of(recv_node):
            return pos_args[0] if pos_args else EMPTY
        if method in M.container_mutators and recv_node is not None:
            var = N.var_of(self.data, recv_node)
            if var and all_args:
                self.env[var] = union(self.env.get(var, EMPTY), all_args)
                if var in self.lists and method == "push":
                    self.lists[var] = self.lists[var] + [(a, pos_args[i] if i < len(pos_args) else EMPTY,
                                                          N.string_value(self.data, a), a.type == "spread_element")
                                                         for i, a in enumerate(arg_nodes)]
            return EMPTY if method != "splice" else recv
        if method in M.untainted_result_methods:
            return EMPTY
        if method in M.receiver_only_methods and recv_node is not None:
            return recv
        if method in ("slice", "substring", "substr") and recv and arg_nodes and all(
                self._is_number(a) for a in arg_nodes):
            # key.slice(-4): a few characters of a secret are not the secret (masking)
            return desecret(recv)
        if fq and (fq.endswith(".hostname") or fq.endswith(".host")):
            return None
        return None

    def _is_number(self, node) -> bool:
        u = N.unwrap(node)
        if u is not None and u.type == "unary_expression":
            u = N.unwrap(u.child_by_field_name("argument"))
        return u is not None and u.type == "number"

    def external_result(self, fq, method, recv_node, recv, all_args) -> Taint:
        """What a call outside the project returns: caller input flows through, secrets only
        through transparent calls (string methods, JSON.stringify)."""
        M = self.M
        str_method = method is not None and method in M.keeps_everything_methods and not (
            recv_node is not None and recv_node.type == "identifier" and N.text(self.data, recv_node) in self.mod.imports)
        if fq in M.keeps_secrets or str_method:
            v = union(recv, all_args)
            if v and method in M.builder_methods and all_args:
                v = mark(v, built=True)
            return v
        # a request with an Authorization header returns a response, not the token: whatever
        # the arguments turn out to carry when linked, no secret comes back out
        return desecret(union(recv, all_args))

    def call_targets(self, fn, fq: str, method, recv_node, arg_nodes) -> List[Tuple[str, Optional[str]]]:
        """Where a call may land in project code (linked later), with a tool hint per target
        for handler maps (``handlers[name](args)``)."""
        M = self.M
        fn = N.unwrap(fn)
        if fn is None:
            return []
        t = fn.type
        if t == "identifier":
            name = N.text(self.data, fn)
            if name in self.dispatch_vars:
                return [(self.dispatch_vars[name] + "[*]", None)]
            if name in self.locals and name not in self.fn_alias and (
                    self.node is not None or name not in self.mod.imports):
                return []
            if not fq or fq in M.not_project_calls or fq.split(".")[0] in M.globals and "#" not in fq:
                return []
            if "#" in fq or name in self.mod.local_names:
                return [(fq, None)]
            return []
        if t == "subscript_expression":
            obj = fn.child_by_field_name("object")
            idx = fn.child_by_field_name("index")
            table = self.dotted(obj) if obj is not None else None
            if table and idx is not None and self._names_tool(N.unwrap(idx)):
                return [(table + "[*]", None)]  # every entry, each with its tool (see TsLinker)
            return []
        if t == "member_expression" and method:
            recv = N.unwrap(recv_node)
            if recv is None:
                return []
            if recv.type == "this":
                return [(f"this.{method}", None)]
            tp = self.type_of(recv)
            if tp and ("#" in tp or tp in self.mod.class_names):
                return [(f"{tp}.{method}", None)]
            if fq and "#" in fq:
                return [(fq, None)]
            if recv.type == "identifier":
                name = N.text(self.data, recv)
                if name in self.loop_vars:
                    return [(f"{self.loop_vars[name]}[*].{method}", None)]
                if name not in self.locals and (name in self.mod.local_names or name in self.mod.class_names):
                    return [(fq, None)]
            if recv.type == "member_expression" and fq and fq.split(".")[0] in self.mod.local_names:
                return [(fq, None)]
        return []

    def _names_tool(self, node) -> bool:
        """An expression holding the requested tool's name (``request.params.name``)."""
        if node is None:
            return False
        d = N.var_of(self.data, node)
        return d is not None and self._is_name_path(d)


_EV = {
    "identifier": TsFunction._ev_identifier,
    "shorthand_property_identifier": TsFunction._ev_identifier,
    "member_expression": TsFunction._ev_member,
    "subscript_expression": TsFunction._ev_member,
    "call_expression": TsFunction.ev_call,
    "new_expression": TsFunction.ev_new,
    "template_string": TsFunction._ev_template,
    "binary_expression": TsFunction._ev_binary,
    "unary_expression": TsFunction._ev_unary,
    "ternary_expression": TsFunction._ev_ternary,
    "assignment_expression": TsFunction._ev_assign,
    "augmented_assignment_expression": TsFunction._ev_assign,
    "array": TsFunction._ev_array,
    "object": TsFunction._ev_object,
    "await_expression": TsFunction._ev_first,
    "spread_element": TsFunction._ev_first,
    "parenthesized_expression": TsFunction._ev_first,
    "non_null_expression": TsFunction._ev_first,
    "as_expression": TsFunction._ev_first,
    "satisfies_expression": TsFunction._ev_first,
    "sequence_expression": TsFunction._ev_sequence,
    "arrow_function": TsFunction._ev_function,
    "function_expression": TsFunction._ev_function,
    "function": TsFunction._ev_function,
    "update_expression": TsFunction._ev_update,
    "yield_expression": TsFunction._ev_yield,
}
