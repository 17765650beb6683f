"""The function interpreter: evaluates one function body (or a module body) once, statement by statement, tracking for every
variable which origins its value may come from (taint labels), and records the sinks it reaches, the calls it makes and what it
returns, as a :class:`~mcpaudit.analysis.summary.FuncSummary` parametric in the function's parameters.

The interpreter is split by concern into mixins: expressions (:mod:`.expressions`), checks that narrow a value (:mod:`.narrowing`),
sink matching against the library models (:mod:`.sinkmatch`) and the MCP surface seen in calls (:mod:`.surface`). This module
holds the statements, assignment, parameters and the summary.
"""

from __future__ import annotations

import inspect
import re
from typing import TYPE_CHECKING, Dict, List, Optional, Set, Tuple

from ..lazycst import cst

from .urlpath import concat_text
from .fields import field_stores, global_reads
from .denyprefix import DenyPrefix
from .firstword import FirstWord
from . import dictflags
from .cstnodes import (CODEGEN, ann_parts, annotation_text, constructed, is_abstract, merge_env, is_literal,
                       string_value, target_name, var_of, walk_stmts)
from .elemassign import ElementAssign
from .tupleelems import element_types  # -> Tuple[A, B]: each position's class
from .logfiles import log_file
from .configlines import config_file
from .expressions import Expressions
from .cmdlists import guard_lists
from .credparams import AS_GIVEN, credential_parameter
from .harness import TestSwitches
from .isolation import isolated
from .joinchecks import bare_relative_to
from .tupleverdicts import tuple_elements
from .lifespans import context_lifespan
from .matchcases import case_literals
from .matchtools import case_hint
from .narrowing import VALIDATOR_NAME, Narrowing
from .optlists import list_part
from .overwrites import overwrite_key
from .localalias import alias_type
from .heldobjects import note_attr_value  # fieldhosts.py, heldobjects.py
from .positions import Pos, flat_body
from .bridges import note_bridges
from .httpbridges import route_request
from .redefs import store_summary
from .modeltables import unpack_dispatch
from .ctxmanagers import class_alias
from .ctxparams import annotated_inner, context_annotation
from .stemchecks import note_stem
from .retkeys import note_holder, note_keyed_return, return_keys
from .readonlyconn import read_only_connection
from .resolution import Resolution, inherited_attr_types
from .records import in_field
from .returns import ReturnFacts
from .sinkmatch import SinkMatching
from .sqlhttp import SqlEndpoints
from .summary import CallRec, FuncSummary, ParamRec, SinkRec
from .surface import CallSurface, collect_lowlevel_tools
from .taintvalue import EMPTY, Info, Taint, add_step, desecret, in_dict, union
from .roots import RootChecks
from .verdicts import HelperChecks
from .compoundstmts import CompoundStatements
from .flagarms import flag_refusals
from .strips import strip_source

if TYPE_CHECKING:  # pragma: no cover
    from .module import ModuleAnalyzer


class FunctionAnalyzer(ElementAssign, CallSurface, SinkMatching, SqlEndpoints, Narrowing, FirstWord, DenyPrefix,
                       HelperChecks, RootChecks, Resolution, Expressions, ReturnFacts, TestSwitches, CompoundStatements):
    """Evaluates one function body (or the module body) once, building its summary."""

    def __init__(self, mod: ModuleAnalyzer, fn: Optional[cst.FunctionDef], qualname: str,
                 cls: Optional[str], body_stmts=None, self_attrs: Optional[Dict[str, str]] = None,
                 fn_stmt=None):
        self.mod = mod
        self.M = mod.M
        self.fn = fn
        self.fn_stmt = fn_stmt if fn_stmt is not None else fn
        self.qualname = qualname
        self.cls = cls
        self.body_stmts = body_stmts
        self.env: Dict[str, Taint] = {}
        self.types: Dict[str, str] = {}
        self.lists: Dict[str, List[Tuple[object, Taint, Optional[str]]]] = {}
        self.argv_heads: Dict[str, list] = {}  # argvs partly known here: expressions.note_argv_head
        self.rows: Dict[str, Optional[List[Taint]]] = {}  # rows of tuples a list holds: rowlists.py
        self.derived: Dict[str, str] = {}
        self.dicts: Dict[str, cst.Dict] = {}  # name -> the dict literal last assigned to it
        self.host_vars: Set[str] = set()  # host = urlparse(url).hostname (derived[host] == url)
        self.texts: Dict[str, str] = {}  # name -> the text of the string built in it (expressions.appended)
        self.self_attrs = self_attrs if self_attrs is not None else {}
        self.param_types: Dict[str, str] = {}
        self.params: List[ParamRec] = []
        self.param_defaults: Dict[str, object] = {}
        self.sinks: List[SinkRec] = []
        self.guards: List[Tuple[str, str]] = []  # parameter conditions of the branches being run
        self._assigned = None  # names the function rebinds (guards.assigned_names), when asked
        self.calls: Dict[int, CallRec] = {}
        self.returns: List[Tuple[Pos, Taint]] = []
        self.loop_exits: List[List[Dict[str, Taint]]] = []  # per enclosing loop: states at continue/break
        self.tuple_returns: List[Optional[List[Taint]]] = []  # each return's elements (None: not a tuple)
        self.raises: List[Tuple[Pos, Taint]] = []
        self.stmt = None
        self.tool_hint: Optional[str] = None
        self.name_param: Optional[str] = None
        self.context_first = False  # the first parameter is the request context (fn(ctx, params))
        self.is_module = fn is None
        self.final_env: Optional[Dict[str, Taint]] = None
        self.dispatch_vars: Dict[str, str] = {}  # handler = TABLE[name]
        self.getattr_vars: Dict[str, str] = {}  # handler = getattr(self, "prefix" + name)
        self.loop_tables: Dict[str, str] = {}  # for tool in TABLE.values()
        self.getattr_prefixes: Set[str] = set()  # getattr(self, "prefix" + name)(...) seen
        self.loop_funcs: Dict[str, tuple] = {}  # for fn in (a, b): the functions fn takes (dispatch.loop_functions)
        self.loop_records: Dict[str, cst.BaseExpression] = {}  # for t in TOOLS (a list of records)
        self.chosen_vars: Set[str] = set()  # handler = <anything computed from the tool name>
        self.dispatch_sites: List[Tuple[Pos, str, Tuple[int, ...]]] = []
        self.outer_values: Dict[str, cst.CSTNode] = {}  # the enclosing function's local_values
        self.attr_locals: Dict[str, str] = {}  # feature = container.feature: its class (note_attr_local)
        self.readonly_locals: Set[str] = set()  # conn = connect(..., read_only=True)
        self.string_constants: Dict[str, str] = {}  # pattern = r"..."
        self.local_values: Dict[str, cst.CSTNode] = {}  # name -> the call or dict literal last assigned to it
        self.nested: Dict[str, cst.FunctionDef] = {}  # def inner(): ... in this body (a closure)
        self.inlining: List[cst.FunctionDef] = []  # closures being run in place, innermost last
        self._init_verdicts()
        self._init_roots()
        self._init_harness()
        self.made_calls: List[cst.Call] = []  # calls built for library callbacks (kept alive: positions)
        if cls is not None:
            self.types.update(inherited_attr_types(mod, cls))

    # -- entry --------------------------------------------------------------------------
    def run(self) -> None:
        if self.fn is not None:
            self._init_params()
            self.env.update(global_reads(self))
            body = flat_body(self.fn.body)
        else:
            body = self.body_stmts
        self.exec_block(body)
        self.final_env = self.env

    def summary(self) -> FuncSummary:
        mod = self.mod
        doc = doc_pos = None
        if self.fn is not None:
            body = flat_body(self.fn.body)
            if body and isinstance(body[0], cst.Expr) and isinstance(body[0].value, (cst.SimpleString, cst.ConcatenatedString)):
                doc = string_value(body[0].value)
                if doc is not None:
                    doc = inspect.cleandoc(doc)
                    doc_pos = mod.pos(body[0])
        return FuncSummary(
            qualname=self.qualname,
            name=self.fn.name.value if self.fn is not None else "<module>",
            cls=self.cls,
            pos=mod.pos(self.fn_stmt) if self.fn is not None else (1, 1, 1, 1),
            params=self.params,
            sinks=self.sinks,
            returns=[(p, mod.resolve_taint(t)) for p, t in self.returns],
            raises=[(p, mod.resolve_taint(t)) for p, t in self.raises],
            calls=self.calls,
            is_async=bool(self.fn is not None and self.fn.asynchronous is not None),
            docstring=doc, docstring_pos=doc_pos, validates=self._validates(), weak_checks=self._weak_checks(),
            return_elements=self._return_elements(), return_fields=return_keys(self),
            return_tags=self.__dict__.get("return_tags", {}), return_tuple_elements=tuple_elements(self, self.returns),
            verdicts=self.verdicts(), deny_checks=self.deny_checks(), refusals=self.refusals(), confines=self.returned_confines or frozenset(),
            ancestor_of=self.returned_ancestors or {},
            abstract=self.cls is not None and self.fn is not None and is_abstract(self.fn, self.mod.dotted),
            return_type=mod.return_types.get(self.qualname), path_returns=self._path_returns(), return_element_types=element_types(mod, self.fn),
            field_stores=field_stores(self), loose_calls=self.__dict__.get("loose_calls", []),
            guard_lists=guard_lists(mod, self.fn) if self.fn is not None and VALIDATOR_NAME.search(self.fn.name.value) else (),
            dispatch_sites=self.dispatch_sites, egress_guard=self._egress_guard(),  # egressguard.py
        )

    def _init_params(self) -> None:
        fn = self.fn
        p = fn.params
        groups = [(x, "pos") for x in list(p.posonly_params) + list(p.params)]
        if isinstance(p.star_arg, cst.Param):
            groups.append((p.star_arg, "vararg"))
        groups += [(x, "kwonly") for x in p.kwonly_params]
        if p.star_kwarg is not None:
            groups.append((p.star_kwarg, "kwarg"))
        for i, (param, kind) in enumerate(groups):
            name = param.name.value
            ann = annotation_text(param.annotation)
            safe, context = self._classify_annotation(ann)
            ptype = self._annotation_type(param.annotation)
            if ptype:
                self.types[name] = ptype  # store: Store
            context_lifespan(self.mod, param.annotation, name, self.types)  # ctx: Context[S, AppState]
            if self.cls is not None and i == 0 and name in ("self", "cls"):
                context = True
            elif self.context_first and i == (1 if self.cls is not None and groups[0][0].name.value in ("self", "cls") else 0):
                context = True
            default = None
            if param.default is not None:
                try:
                    default = CODEGEN.code_for_node(param.default)
                except Exception:  # pragma: no cover
                    default = None
                self.param_defaults[name] = param.default
            desc = None
            if ann:
                m = re.search(r"description\s*=\s*(?P<q>['\"])(?P<d>.*?)(?P=q)", ann, re.S)
                if m:
                    desc = m.group("d")
            if param.default is not None and isinstance(param.default, cst.Call):
                for a in param.default.args:
                    if a.keyword is not None and a.keyword.value == "description":
                        desc = string_value(a.value) or desc
            ppos = self.mod.pos(self.fn_stmt)  # the def line; node-level only for reported sinks
            self.params.append(ParamRec(name, kind, ann, safe, context, default, ppos, desc))
            if ann:
                last = ann_parts(ann)[-1] if ann_parts(ann) else ""
                server = self.M.surface.parameter_types.get(last)
                if server:
                    self.param_types[name] = server
            if safe or context:
                self.env[name] = EMPTY
            else:
                self.env[name] = {("p", name): Info(((self.fn_stmt, param, f"parameter '{name}'"),))}
                if credential_parameter(self.M, self.fn, name, desc):
                    # a parameter that takes a credential: the value is one wherever it comes from
                    self.env[name][("s", name)] = Info(((self.fn_stmt, param, f"secret '{name}' read"),), clean=AS_GIVEN)
        route_request(self)  # a route's request object: what a client sent (httpbridges.py)

    def _classify_annotation(self, ann: Optional[str]) -> Tuple[bool, bool]:
        if not ann:
            return False, False
        parts = ann_parts(ann)
        if not parts:
            return False, False
        head = parts[0]
        if head in ("Annotated", "typing.Annotated") and len(parts) > 1:
            return self._classify_annotation(annotated_inner(ann))
        last = head.split(".")[-1]
        safe_types = self.M.safe_annotations
        if context_annotation(self.M.surface, ann):  # Context, Optional[Context], "Context" (ctxparams.py)
            return False, True
        if head in ("Literal", "typing.Literal", "typing_extensions.Literal"):
            return True, False
        if head in ("Optional", "typing.Optional", "list", "List", "typing.List", "set", "Set", "tuple", "Tuple") and len(parts) > 1:
            inner = [x for x in parts[1:] if x not in ("None", "...")]
            if inner and all(x in safe_types or x.split(".")[-1] in self.mod.enums or x in ("Literal",) for x in inner):
                return True, False
            return False, False
        if head in safe_types or last in self.mod.enums:
            if all(x in safe_types or x == "None" or x.split(".")[-1] in self.mod.enums for x in parts):
                return True, False
        return False, False

    # -- statements ---------------------------------------------------------------------
    def exec_block(self, stmts) -> bool:
        """Run statements in order; True when the block always exits (return/raise/...)."""
        depth = len(self.guards)  # an `if p: return` leaves the rest of the block under `not p`
        try:
            for stmt in stmts:
                if self.exec_stmt(stmt):
                    return True
            return False
        finally:
            del self.guards[depth:]

    def exec_stmt(self, stmt) -> bool:
        self.stmt = stmt
        t = type(stmt)
        if t is cst.Expr:
            exits = self._expr_stmt(stmt)
            if self.mod.has_relative_to and not exits:
                self._apply(bare_relative_to(self, stmt))  # full.relative_to(root) alone (joinchecks.py)
            return exits
        elif t is cst.Assign:
            if not self._assign_elementwise(stmt):
                val = self.ev(stmt.value)
                for target in stmt.targets:
                    self.assign(target.target, val, stmt.value)
            if self.mod.has_relative_to:
                self._apply(bare_relative_to(self, stmt))  # rel = full.relative_to(root)
            for target in stmt.targets:
                dictflags.track(self, target.target, stmt.value)  # {"isError": True, ...}
                self.note_verdict_var(target.target, stmt.value)
                self.debug_setting(target.target, stmt.value)  # configuration.debug = True
        elif t is cst.AnnAssign:
            if stmt.value is not None:
                self.assign(stmt.target, self.ev(stmt.value), stmt.value)
                declared = self._annotation_type(stmt.annotation)
                if declared and isinstance(stmt.target, cst.Name):
                    self.types[stmt.target.value] = declared  # backend: Backend = make_backend()
        elif t is cst.AugAssign and not self.extend_argv(stmt):
            val, text = self.appended(stmt)
            self.assign(stmt.target, union(val, self.ev(stmt.target)), None)
            self.keep_text(stmt.target, text)
        elif t is cst.Return:
            self.note_return(stmt.value)
            if stmt.value is not None:
                v = self.ev(stmt.value)
                self.returns.append((self.mod.pos(stmt), add_step(v, (stmt, None, "returned"))))
                note_keyed_return(self, stmt, v)  # a dict display's keys (retkeys.py)
                self._tuple_return(stmt)
            return True
        elif t is cst.Raise:
            if stmt.exc is not None:
                v = self.ev(stmt.exc)
                if v:
                    self.raises.append((self.mod.pos(stmt), add_step(v, (stmt, None, "raised to the caller"))))
            return True
        elif t in (cst.Continue, cst.Break):
            if self.loop_exits:
                self.loop_exits[-1].append(dict(self.env))  # what the branch did joins the loop's state
            return True
        elif t is cst.If:
            return self._if(stmt)
        elif t is cst.For:
            self._for(stmt)
        elif t is cst.While:
            self.ev(stmt.test)
            before = dict(self.env)
            self._loop_body(flat_body(stmt.body))
            self.env = merge_env(before, self.env)
            if stmt.orelse is not None:
                self.exec_block(flat_body(stmt.orelse.body))
        elif t is cst.With:
            self._with(stmt)
        elif t is cst.Try or type(stmt).__name__ == "TryStar":
            return self._try(stmt)
        elif t is cst.FunctionDef or t is cst.ClassDef:
            if self.is_module and stmt.name.value in self.mod.rebound:  # rebinds an imported name
                self.mod.imports.pop(stmt.name.value, None)
            (self._nested_function if t is cst.FunctionDef else self._class)(stmt)
        elif t in (cst.Import, cst.ImportFrom):
            self.mod.add_import(stmt)
        elif t is cst.Match:
            subj = self.ev(stmt.subject)
            before = dict(self.env)
            envs = []
            for case in stmt.cases:
                self.env = dict(before)
                self._apply(case_literals(self, stmt.subject, case.pattern))  # case "a" | "b": matchcases.py
                hint = self.tool_hint
                self.tool_hint = case_hint(self, stmt.subject, case.pattern, hint)  # a literal, an Enum member: matchtools.py
                if isinstance(case.pattern, cst.MatchAs) and case.pattern.name is not None:
                    self.env[case.pattern.name.value] = subj
                exits = self.exec_block(flat_body(case.body))
                self.tool_hint = hint
                if not exits:
                    envs.append(self.env)
            self.env = before
            for e in envs:
                self.env = merge_env(self.env, e)
        return False

    def _expr_stmt(self, stmt) -> bool:
        """An expression statement; a call such as ``validate_x(v)`` is also a check on ``v``;
        True when it calls a helper of this module that never returns (``fail(msg)``)."""
        value = stmt.value
        self.ev(value)
        call = value.expression if isinstance(value, cst.Await) else value
        if isinstance(call, cst.Call):
            fname = call.func.attr.value if isinstance(call.func, cst.Attribute) else (
                call.func.value if isinstance(call.func, cst.Name) else "")
            self.statement_check(call, fname)
            return isinstance(call.func, cst.Name) and call.func.value in self.mod.noreturn
        return False

    def _nested_function(self, fn: cst.FunctionDef) -> None:
        if not self.is_module:
            # a closure: run in place, with this function's variables, wherever it is called or handed to code that calls it (see run_closure)
            self.nested[fn.name.value] = fn
            for name in (self.env, self.types, self.lists, self.dicts):
                name.pop(fn.name.value, None)
        if self.inlining:
            return  # already analysed on its own when its enclosing function was
        prefix = "" if self.is_module else self.qualname + "."
        # a closure over a method's ``self`` calls that class's methods (``getattr(self, ...)``)
        cls = self.cls if self.cls is not None and any(p.name == "self" for p in self.params) and \
            "self" not in {p.name.value for p in fn.params.params} else None
        analyze_function(self.mod, fn, prefix + fn.name.value, cls, self_attrs=self.self_attrs,
                         outer_param_types=self.param_types,
                         outer_values=None if self.is_module else self.local_values,
                         outer_types=None if self.is_module else self._constructed_locals(),
                         outer_nested=None if self.is_module else self.nested)

    def _constructed_locals(self) -> Dict[str, str]:
        """Local variables last assigned a project class's constructor call (``db = Database(p)``)
        or parameters annotated with one (``server: "MyServer"``), and that class, for the
        functions nested after them."""
        out: Dict[str, str] = {}
        for name, t in self.types.items():
            node = self.local_values.get(name)
            if "." not in name and isinstance(node, cst.Call) and (self.mod.dotted(node.func) or "") == t.replace("()", ""):
                out[name] = t
        out.update((p.name, self.types[p.name]) for p in self.params if p.name in self.types and p.name not in self.local_values)
        return {**out, **{n: t for n, t in self.attr_locals.items() if self.types.get(n) == t}}

    def closure_of(self, node) -> Optional[cst.FunctionDef]:
        """The nested function a name refers to, when it is one defined in this body."""
        if isinstance(node, cst.Name):
            fn = self.nested.get(node.value)
            if fn is not None and fn not in self.inlining and len(self.inlining) < 4:
                return fn
        return None

    def run_closure(self, fn: cst.FunctionDef, args: List[Taint], kwargs: Dict[str, Taint]) -> Taint:
        """Run a nested function's body here, where it is called: its free variables are this
        function's (a closure over the handler's parameters), its own parameters are bound to the
        arguments of the call (nothing, when a library calls it back). Sinks and calls it makes
        are this function's; its value is what it returns."""
        saved = (self.env, self.types, self.lists, self.derived, self.dicts, self.host_vars,
                 self.string_constants, self.readonly_locals, self.stmt, len(self.returns))
        note = f"used by nested function '{fn.name.value}'"
        self.env = {k: (add_step(v, (fn, None, note)) if v else v) for k, v in self.env.items()}
        self.types, self.lists, self.derived = dict(self.types), dict(self.lists), dict(self.derived)
        self.dicts, self.host_vars = dict(self.dicts), set(self.host_vars)
        self.string_constants, self.readonly_locals = dict(self.string_constants), set(self.readonly_locals)
        p = fn.params
        positional = list(p.posonly_params) + list(p.params)
        named = positional + list(p.kwonly_params)
        for x in (p.star_arg, p.star_kwarg):
            if isinstance(x, cst.Param):
                named.append(x)
        for param in named:  # the closure's own parameters shadow the enclosing variables
            name = param.name.value
            for table in (self.types, self.lists, self.derived, self.dicts, self.string_constants):
                table.pop(name, None)
            self.env[name] = EMPTY if param.default is None else self.ev_quiet(param.default)
            if ptype := self._annotation_type(param.annotation):
                self.types[name] = ptype  # client: paramiko.SSHClient
        for param, v in zip(positional, args):
            self.env[param.name.value] = v
        if isinstance(p.star_arg, cst.Param) and len(args) > len(positional):
            self.env[p.star_arg.name.value] = union(*args[len(positional):])
        for k, v in kwargs.items():
            if any(x.name.value == k for x in named):
                self.env[k] = v
            elif p.star_kwarg is not None:
                self.env[p.star_kwarg.name.value] = union(self.env[p.star_kwarg.name.value], v)
        self.inlining.append(fn)
        try:
            self.exec_block(flat_body(fn.body))
        finally:
            self.inlining.pop()
            returned = self.returns[saved[-1]:]
            (self.env, self.types, self.lists, self.derived, self.dicts, self.host_vars,
             self.string_constants, self.readonly_locals, self.stmt) = saved[:-1]
            del self.returns[saved[-1]:]
        return union(*[t for _pos, t in returned])

    def _class(self, cls: cst.ClassDef) -> None:
        self.mod._note_class(cls)
        prefix = "" if self.is_module else self.qualname + "."
        cname = prefix + cls.name.value
        body = flat_body(cls.body)
        self_attrs: Dict[str, str] = {}
        # self.x = FastMCP(...) anywhere in the class: find first, so decorators can use it
        for stmt in body:
            if isinstance(stmt, cst.FunctionDef):
                for inner in walk_stmts(flat_body(stmt.body)):
                    if isinstance(inner, cst.Assign) and isinstance(inner.value, cst.Call):
                        fq = self.mod.dotted(inner.value.func) or ""
                        kind = self.M.surface.server_kind(fq, module_level=False)
                        if kind:
                            for t in inner.targets:
                                d = self.mod.dotted(t.target)
                                if d and d.startswith("self."):
                                    self_attrs[d] = kind
                            self.mod._note_mcp_ctor(inner, inner.value, kind)
        for stmt in body:
            if isinstance(stmt, cst.FunctionDef):
                analyze_function(self.mod, stmt, f"{cname}.{stmt.name.value}", cname, self_attrs=self_attrs)
            elif isinstance(stmt, cst.ClassDef):
                sub = FunctionAnalyzer(self.mod, None, cname, None, body_stmts=[])
                sub.is_module = False
                sub._class(stmt)

    # -- assignment ---------------------------------------------------------------------
    def assign(self, target, val: Taint, value_node) -> None:
        stmt = self.stmt
        if isinstance(target, cst.Name):
            name = target.value
            how = "stored in" if name in self.mod.rebound_globals and not self.is_module else "assigned to"
            val = desecret(val) if val and self.M.location_name and self.M.location_name.search(name) else val
            self.env[name] = add_step(val, (stmt, None, f"{how} '{name}'")) if val else val
            self.nested.pop(name, None)
            note_holder(self, name, val, value_node)  # name = f(x): f's result whole (retkeys.py)
            if isinstance(value_node, (cst.Call, cst.Dict, cst.List, cst.Tuple, cst.ListComp, cst.BinaryOperation,
                                       cst.BooleanOperation)):
                self.local_values[name] = value_node
            else:
                self.local_values.pop(name, None)
            note_stem(self, name, value_node)  # base = name[:-2] if name.endswith(".m") else name
            self.types.pop(name, None), self.lists.pop(name, None), self.argv_heads.pop(name, None), self.rows.pop(name, None)
            self.derived.pop(name, None), self.dicts.pop(name, None)
            self.host_vars.discard(name)
            self.keep_text(target, concat_text(value_node) if value_node is not None else None)
            text = string_value(value_node) if value_node is not None else None
            if text is not None:
                self.string_constants[name] = text
            else:
                self.string_constants.pop(name, None)
            if value_node is not None:
                self._track(name, value_node)
        elif isinstance(target, (cst.Tuple, cst.List)):
            # unpacked from one value: a secret goes only to the elements named for one
            for el in target.elements:
                name = target_name(el.value)
                part = val if name is None or self.M.is_secret_name(name) else desecret(val)
                self.assign(el.value, part, None)
            unpack_dispatch(self, target, value_node)  # impl, model = TABLE[name] (modeltables.py)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, val, None)
        elif isinstance(target, cst.Attribute):
            d = self.mod.dotted(target)
            if d and (d.startswith("self.") or d.startswith("cls.")):
                if val and self.M.location_name and self.M.location_name.search(target.attr.value):
                    val = desecret(val)  # self.db_path: where something is, as for a variable
                self.env[d] = add_step(val, (stmt, None, f"stored in '{d}'")) if val else val
                call = constructed(value_node) if value_node is not None else None
                if call is not None:
                    fq = self.mod.dotted(call.func, self.types) or ""
                    if fq:
                        self.types[d] = fq
                elif isinstance(value_node, cst.Name) and value_node.value in self.types:
                    self.types[d] = self.types[value_node.value]  # self.store = store (store: Store)
            else:
                base = var_of(target.value)
                note_attr_value(self, target, val, value_node)  # config.authority_url = url; doc.current = Document()
                if base and val:  # memo.body = body: the value is that field's (records.py)
                    self.env[base] = union(self.env.get(base, EMPTY), in_field(val, target.attr.value) if isinstance(target.value, cst.Name) else val)
        elif isinstance(target, cst.Subscript):
            base = var_of(target.value)
            key = string_value(target.slice[0].slice.value) if len(target.slice) == 1 and isinstance(
                target.slice[0].slice, cst.Index) else None
            if base and key is not None and not val and base in self.env and is_literal(value_node):
                self.env[base] = overwrite_key(self.env[base], key)  # d["password"] = "***" (overwrites.py)
            if base and val:
                # d["json_data"] = v: under that key, as in a dict display (f(**d) binds it there)
                self.env[base] = union(self.env.get(base, EMPTY), in_dict(val, key) if key is not None else val)

    def _track(self, name: str, node) -> None:
        if isinstance(node, cst.Await):
            node = node.expression
        self._track_dispatch(name, node)
        self.track_join(name, node)
        self.note_remainder(name, node)
        if isinstance(node, (cst.Call, cst.IfExp)) and (opts := list_part(self, node)) is not None:
            self.lists[name] = opts  # ctx = context_args(c); ["-n", ns] if ns else []: optlists.py
        self.readonly_locals.discard(name)
        if isinstance(node, cst.Call) and read_only_connection(self.mod, node):
            self.readonly_locals.add(name)
        if isinstance(node, cst.Call):
            fq = self.mod.dotted(node.func, self.types) or ""
            if isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Attribute):
                held = self._receiver_type(node.func.value)  # ctx.client.post(): ctx's declared client
                if held and not self._is_project_type(held):
                    fq = f"{held}.{node.func.attr.value}"
                elif held and fq.startswith("self."):  # self.manager.get_session(): a method of the field's class
                    fq = self.mod.return_types.get(f"{held}.{node.func.attr.value}") or f"{held}.{node.func.attr.value}"
            rtype = self._receiver_type(node)
            if rtype and rtype != fq:
                self.types[name] = rtype  # get_store() -> Store
            elif fq:
                self.types[name] = log_file(self, node) or config_file(self, node) or fq  # open("/tmp/debug.log", "w"): logfiles.py; .env: configlines.py
            kind = self.M.surface.server_kind(fq, module_level=False) if self.fn is not None and fq else None
            if kind:
                self.mod._note_mcp_ctor(self.stmt, node, kind)  # server = FastMCP(...) in a factory function
            if fq in self.M.url_parsers or fq.split("()")[0] in self.M.url_parsers:
                if node.args:
                    src = var_of(node.args[0].value)
                    if src:
                        self.derived[name] = src
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in self.M.path_derivations:
                src = var_of(node.func.value) or (node.args and var_of(node.args[0].value))
                if src:
                    self.derived[name] = src
            if strip_source(node):  # s = str(name).strip(): a check of s vouches for name (strips.py)
                self.derived[name] = strip_source(node)
        elif isinstance(node, cst.Subscript) and self._receiver_type(node):
            self.types[name] = self._receiver_type(node)  # tool = TOOLS[name], TOOLS: Dict[str, Tool]
        elif isinstance(node, (cst.List, cst.Tuple)):
            self.lists[name] = self._list_of(node)  # [*BASE, x]: BASE's elements, in order
        elif isinstance(node, cst.Dict):
            self.dicts[name] = node
        elif isinstance(node, cst.Attribute) and node.attr.value in ("hostname", "netloc", "host"):
            base = node.value
            src = None
            if isinstance(base, cst.Call) and base.args:
                fq = self.mod.dotted(base.func, self.types) or ""
                if fq in self.M.url_parsers:
                    src = var_of(base.args[0].value)
            elif isinstance(base, cst.Name):
                src = self.derived.get(base.value)
            if src:
                self.derived[name] = src
                self.host_vars.add(name)
        elif (alias := class_alias(self, node)) is not None:
            self.types[name] = alias  # session_cls = SandboxSession: its calls build one (ctxmanagers.py)
        elif isinstance(node, cst.Attribute):
            self.note_attr_local(name, node)
        elif (alias := alias_type(self, node)) is not None:  # tool_self = self, captured = tool (tool: CliTool)
            self.types[name] = self.attr_locals[name] = alias  # closures after it call its methods (localalias.py)
        elif isinstance(node, (cst.IfExp, cst.BooleanOperation)) and constructed(node) is not None:
            call = constructed(node)  # pm if pm else ProcessManager(), client or Client()
            fq = self.mod.dotted(call.func, self.types) or ""
            rtype = self._receiver_type(call)
            if rtype or fq:
                self.types[name] = rtype or fq
        elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            joined = self._list_of(node)  # ["helm"] + ctx_args(c) + ["status", x]: optlists.py
            if joined is not None:
                self.lists[name] = joined
            else:
                self.note_argv_head(name, node)


@isolated
def analyze_function(mod: ModuleAnalyzer, fn: cst.FunctionDef, qualname: str, cls: Optional[str],
                     self_attrs: Optional[Dict[str, str]] = None,
                     outer_param_types: Optional[Dict[str, str]] = None,
                     outer_values: Optional[Dict[str, cst.CSTNode]] = None,
                     outer_types: Optional[Dict[str, str]] = None,
                     outer_nested: Optional[Dict[str, cst.FunctionDef]] = None) -> None:
    """Summarise ``fn``; a nested one sees the classes of its enclosing function's variables
    (``db = Database(p)`` there, ``db.run(q)`` in a handler defined after it), and runs the
    functions nested before it there in place (a factory's tool calling its helper)."""
    own = {p.name.value for p in (*fn.params.posonly_params, *fn.params.params, *fn.params.kwonly_params)}
    inherited = {k: v for k, v in (outer_types or {}).items() if k not in own}

    def analyzer(name_param=None, context_first=False) -> FunctionAnalyzer:
        fa = FunctionAnalyzer(mod, fn, qualname, cls, self_attrs=self_attrs, fn_stmt=fn)
        fa.outer_values, fa.nested = outer_values or {}, {k: v for k, v in (outer_nested or {}).items() if v is not fn}
        fa.types.update(inherited)
        fa.param_types.update(outer_param_types or {})
        fa.name_param, fa.context_first = name_param, context_first
        return fa

    fa = analyzer()
    handler = mod.handler_from_decorators(fn, qualname, fn, fa.types, fa.self_attrs, fa.param_types, outer_values)
    request_params = handler is not None and handler.request_params
    if handler is not None:
        mod.handlers.append(handler)
    fa.context_first = request_params
    fa.run()
    if handler is not None and handler.kind == "call_tool":
        p = [x.name for x in fa.params if not x.context]
        if p:
            # re-run with the tool-name hint enabled: the first parameter, or the name attribute of fn(ctx, params)'s params
            fa = analyzer(f"{p[0]}.{'params.' if handler.request_object else ''}{mod.M.surface.lowlevel_constructor_name}"
                          if request_params or handler.request_object else p[0], request_params)
            fa.run()
    if handler is not None and handler.kind == "list_tools":
        collect_lowlevel_tools(mod, fn)
    summary = fa.summary()
    summary.flag_refusals = flag_refusals(fa, fn, analyzer)  # validate(name, strict=True) (flagarms.py)
    store_summary(mod, fn, qualname, summary)  # a def of the same name before: redefs.py
    note_bridges(mod, fn, qualname)
