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

Split by concern into mixins: statements and control flow (:mod:`.statements`), expressions
(:mod:`.expressions`), calls and functions evaluated in place (:mod:`.calls`), names, types and
constants (:mod:`.names`), checks that narrow a value (:mod:`.checks`), sink matching
(:mod:`.sinks`) and MCP registrations (:mod:`.surface`). This module holds the state they share,
the entry point and the parameters.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Dict, List, Optional, Set, Tuple

from ..narrowing import NO_REALPATH
from ..summary import CallRec, FuncSummary, ParamRec, Step
from ..taintvalue import EMPTY, Info, Taint, add_step, union, validated_params
from . import nodes as N
from .paramguards import string_default
from .outparams import param_writes
from .ctxtypes import contextual_param_types
from .calls import Calls
from .checks import Checks
from .expressions import Expressions
from .formchecks import form_validates
from .names import Names
from .objects import ObjectState
from .sinks import Sinks
from .programargs import ProgramArgs
from .state import ModuleState
from .statements import Statements
from .surface import Surface
from .symlinks import Symlinks
from .through import Through
from .sharedwrappers import ImportedWrappers
from .typeguards import TypeGuards
from .verdicts import Verdicts
from .cmdguards import CommandGuards
from .discriminated import literal_tags
from .fixedreads import truth_reads
from .pathshape import PathShape
from .retfields import note_return, return_fields

#: declared return types whose values carry no text (see TsFunction._typed_returns)
_NOT_TEXT = frozenset({"Buffer", "Uint8Array", "ArrayBuffer", "number", "boolean", "bigint", "void"})
_PROMISE = re.compile(r"Promise<\s*(.+)>")

if TYPE_CHECKING:  # pragma: no cover
    from .module import TsModule

_TOOL_NAME_PARAMS = frozenset({"name", "toolName", "tool_name", "tool"})


class TsFunction(Statements, Expressions, Calls, Names, Checks, Sinks, Surface, Through, Symlinks, ModuleState,
                 ObjectState, Verdicts, TypeGuards, PathShape, CommandGuards, ImportedWrappers, ProgramArgs):
    """Evaluates one function body (or the module body) once, building its summary."""

    def __init__(self, mod: "TsModule", node, qualname: str, cls: Optional[str] = None,
                 outer: Optional["TsFunction"] = None):
        self.mod = mod
        self.M = mod.M
        self.F = mod.F  # field ids of the module's grammar
        self.data = mod.data
        self.node = node  # the function node; None for the module body
        self.qualname = qualname
        self.cls = cls
        self.env: Dict[str, Taint] = {}
        self.fields: Dict[str, Set[str]] = {}  # variable -> its "var.prop" entries in env
        self._dot: Dict[int, Optional[str]] = {}  # dotted() of member/call nodes, by node id
        self.call_taints: Dict[int, Taint] = {}  # what each call (or template) evaluated to, by node id (for ev_quiet)
        self.types: Dict[str, str] = {}  # variable -> constructor/factory/annotation (dotted)
        self.consts: Dict[str, str] = {}  # variable -> constant string
        self.url_prefixes: Dict[str, str] = {}  # variable -> the fixed origin its URL starts with (hostconsts.py)
        self.constant_vars: Set[str] = set()  # variables holding one of several constants
        self.choices: Dict[str, Tuple[str, ...]] = {}  # for (const c of ["a", "b"]): c -> ("a", "b") (choices.py)
        self.list_choices: Dict[str, Tuple[str, ...]] = {}  # const l = ["a", "b"]: l -> ("a", "b")
        self.lists: Dict[str, list] = {}  # variable -> argv-like array literal elements
        self.derived: Dict[str, str] = {}  # y = parse(x) / resolve(x): a check on y vouches for x
        self.case_copies: Dict[str, str] = {}  # q = query.trim().toLowerCase(): q -> query (checks.py)
        self.row_keys: Dict[str, List[str]] = {}  # row = db.prepare(sql).get(id): the keys (rowkeys.py)
        self.request_urls: Set[str] = set()  # u = new URL(req.url, base): the request's URL (sinks.py)
        self.host_vars: Set[str] = set()
        self.relchecks: Dict[str, str] = {}  # rel = path.relative(root, p): rel -> p
        self.fn_alias: Dict[str, str] = {}  # local name -> callee it stands for
        self.local_fns: Dict[str, object] = {}  # local helper functions, evaluated in place
        self.local_regexes: Dict[str, Tuple[str, str]] = {}  # const re = /.../i: (pattern, flags)
        self.locals: Set[str] = set()
        self.name_vars: Set[str] = set()  # variables holding the requested tool's name
        self.loop_vars: Dict[str, str] = {}  # for (const t of TOOLS): t -> "TOOLS"
        self.loop_keys: Dict[str, str] = {}  # for (const [k, t] of Object.entries(TOOLS)): k -> "TOOLS"
        # Object.entries(TOOLS).map(([k, t]) => ({ name: k, tool: t })): the record's fields
        # that stand for the key (KEY) or the entry itself (""), by list and by loop variable
        self.loop_fields: Dict[str, Dict[str, str]] = {}
        self.list_refs: Dict[str, str] = {}  # tools = [...TOOLS] / TOOLS.filter(f): tools -> "TOOLS"
        self.schema_vars: Dict[str, str] = {}  # const parsed = Schema.parse(args): parsed -> schema
        self.dispatch_vars: Dict[str, str] = {}  # handler = HANDLERS[name]: handler -> "HANDLERS"
        self.loop_picks: Dict[str, Tuple[str, str, str]] = {}  # handler = HANDLERS[t.name] (looppicks.py)
        self.dispatch_fields: Dict[str, str] = {}  # t = entry.tool: t -> "tool." (a field of the entry)
        self.param_fns: Dict[str, str] = {}  # parameter (own or enclosing) -> "<function>:<position>" (passed.py)
        self.params: List[ParamRec] = []
        self.sinks = []
        self.calls: Dict[int, CallRec] = {}
        self.returns: List[Tuple[tuple, Taint]] = []
        self.return_tags: Dict[tuple, tuple] = {}  # return position -> its literal's constant properties
        self.return_hints: Dict[tuple, str] = {}  # return position -> its branch's tool hint (branchreturns.py)
        self.returned_types: List[Optional[str]] = []  # what built each value returned (returntypes.py)
        self.return_envs: List[Dict[str, Optional[Taint]]] = []  # parameters at each own return
        self.raises: List[Tuple[tuple, Taint]] = []
        self._ret_stack: List[List[Taint]] = []
        self._scopes: List[Dict[str, Optional[Taint]]] = []
        self._breaks: List[List[Dict[str, Taint]]] = []
        self.tool_hint: Optional[str] = None
        self.stmt = None
        self.inlining: Set[int] = set()
        #: the helpers the enclosing functions were evaluating in place when this one (a handler, a
        #: listener) was reached: not evaluated in place again here (a handler whose body calls the
        #: helper that registers it would otherwise be analysed inside itself without end)
        self.outer_inlining: frozenset = frozenset()
        #: per function evaluated in place: (its node, the call, parameter -> the argument node)
        self.arg_frames: List[tuple] = []
        self.context_param: Optional[str] = None
        self.context_index: Optional[int] = None
        self.param_names: Set[str] = set()  # parameters (and callback parameters) by name
        self.sep_vars: Set[str] = set()  # const sep = path.sep
        # variables (and their object-valued properties) holding an object literal whose every
        # property and spread is an env entry of its own ("init", "init.headers"): expressions.py
        self.literal_objects: Set[str] = set()
        self.loop_decls: List[tuple] = []  # per loop being evaluated: the names its body declares (.loops)
        if outer is not None:
            # a function defined inside another (an inline handler, a callback): the enclosing
            # variables' types and constants are visible; their taint is not a parameter of ours
            self.types.update(outer.types)
            self.consts.update(outer.consts)
            self.url_prefixes.update(outer.url_prefixes)
            self.choices.update(outer.choices)
            self.list_choices.update(outer.list_choices)
            self.fn_alias.update(outer.fn_alias)
            self.local_fns.update(outer.local_fns)
            self.outer_inlining = outer.outer_inlining | frozenset(outer.inlining)
            self.local_regexes.update(outer.local_regexes)
            self.loop_vars.update(outer.loop_vars)
            self.loop_keys.update(outer.loop_keys)
            self.loop_fields.update(outer.loop_fields)
            self.loop_picks.update(outer.loop_picks)  # handler = HANDLERS[t.name], called inside
            self.list_refs.update(outer.list_refs)
            self.schema_vars.update(outer.schema_vars)
            self.param_fns.update(outer.param_fns)
            self.locals.update(outer.locals)
            self.outer_names = frozenset(outer.locals)  # visible here, declared by an enclosing scope
            # the module body's names, seen from a function defined in it, are module variables
            self.module_locals = set(outer.locals) if outer.node is None else getattr(outer, "module_locals", set())

    # -- entry ----------------------------------------------------------------------------
    def run(self) -> None:
        node = self.node
        if node is None:
            self.exec_block(self.mod.body_statements)
            return
        self._init_params(node)
        positional = [p.name for p in self.params if p.kind in ("pos", "vararg")]
        for i, pname in enumerate(positional):
            self.param_fns[pname] = f"{self.qualname}:{i}"
        if self.context_index is not None and self.context_index < len(self.params):
            p = [x for x in self.params if x.kind != "field"][self.context_index:self.context_index + 1]
            if p and not p[0].name.startswith("$"):
                self.context_param = p[0].name
                self.env[p[0].name] = EMPTY
        body = node.child_by_field_id(self.F.body)
        if body is None:
            return
        if body.type == "statement_block":
            self.exec_block(self._hoist(body))
        else:  # arrow function with an expression body
            self.stmt = body
            v = self.ev(body)
            self.verdict_return(body)
            self.returns.append((self.mod.src.pos(body), add_step(v, self.step(body, "returned")) if v else v))
            note_return(self, body, self.step(body, "returned"))  # () => ({ command, args }): retfields.py
            if (tags := literal_tags(self, body)) is not None:  # () => ({ isError: true, ... })
                self.return_tags[self.mod.src.pos(body)] = tags

    def summary(self) -> FuncSummary:
        node = self.node
        name = self.qualname.rsplit(".", 1)[-1]
        exits = self._exit_env()
        typed = self._typed_returns()
        truth_reads(self)  # a fixed-name file read only for a yes/no (fixedreads.py)
        return FuncSummary(
            qualname=self.qualname, name=name, cls=self.cls,
            pos=self.mod.src.pos(node) if node is not None else (1, 1, 1, 1),
            params=self.params, sinks=self.sinks, returns=typed, raises=self.raises,
            calls=self.calls, is_async=bool(node is not None and self.mod.src.text(node)[:5] == "async"),
            docstring=None, docstring_pos=None, validates=form_validates(self, validated_params(self.params, exits), exits),
            field_stores={**self.module_stores(), **self.object_stores()},
            weak_checks=self._weak_checks(exits), verdicts=self.verdicts(), guards=self.guard_params(),
            return_tags=self.return_tags, return_fields=return_fields(self, typed), return_hints=self.return_hints,
            param_writes=param_writes(self),
        )

    def _typed_returns(self):
        """What the function returns; nothing but secrets when it is declared to return bytes, a
        number or a boolean (``Promise<Buffer>``): such a value is never a path, a command, a
        query or a URL, whatever input it was computed from."""
        ann = self.node.child_by_field_name("return_type") if self.node is not None else None
        text = self.mod.src.text(ann).lstrip(":").strip() if ann is not None else ""
        m = _PROMISE.fullmatch(text)
        if m:
            text = m.group(1).strip()
        if text not in _NOT_TEXT:
            return self.returns
        return [(pos, {lbl: i for lbl, i in t.items() if lbl[0] == "s"}) for pos, t in self.returns]

    def _exit_env(self) -> Dict[str, Taint]:
        """Each parameter's value over every way out of the function: its end and each return
        (a check proves nothing for a caller when a path returns before it)."""
        if not self.return_envs:
            return self.env
        return {p.name: union(self.env.get(p.name) or EMPTY, *(r.get(p.name) or EMPTY for r in self.return_envs))
                for p in self.params}

    def _weak_checks(self, env: Dict[str, Taint]) -> Dict[str, str]:
        """Parameters contained by a check that is weak only for want of realpath (a lexical
        resolve): whole for an argument the caller realpath'd (see Checks._proven)."""
        out: Dict[str, str] = {}
        for p in self.params:
            t = env.get(p.name) if p.kind == "pos" else None
            whys = {i.weak for i in t.values()} if t else set()
            if len(whys) == 1 and (next(iter(whys)) or "").startswith(NO_REALPATH):
                out[p.name] = next(iter(whys))
        return out

    def step(self, node, note: str) -> Step:
        line, col = self.mod.src.line_col(node)
        return Step(line, col, note)

    # -- parameters -----------------------------------------------------------------------
    def _init_params(self, fn) -> None:
        params = fn.child_by_field_id(self.F.parameters)
        if params is None:
            single = fn.child_by_field_id(self.F.parameter)  # x => ...
            plist = [single] if single is not None else []
        else:
            plist = [c for c in params.named_children if c.type != "comment"]
        index = 0
        context = contextual_param_types(self.mod, fn)  # execute: (params, ctx) => of a typed table
        for p in plist:
            kind = "pos"
            pattern, ann, default = p, None, None
            t = p.type
            if t in ("required_parameter", "optional_parameter"):
                pattern = p.child_by_field_id(self.F.pattern)
                ann = p.child_by_field_id(self.F.type)
                default = p.child_by_field_id(self.F.value)
                if pattern is None:
                    continue
                if pattern.type == "this":
                    continue  # TypeScript's `this:` parameter type
            if pattern.type == "assignment_pattern":
                default = pattern.child_by_field_id(self.F.right)
                pattern = pattern.child_by_field_id(self.F.left)
            if pattern.type == "rest_pattern":
                kind = "vararg"
                inner = pattern.named_children
                pattern = inner[0] if inner else pattern
            ann_name = N.type_name(self.data, ann) if ann is not None else (
                context[index] if index < len(context) else None)
            pos = self.mod.src.pos(p)
            if pattern.type == "identifier":
                name = N.text(self.data, pattern)
                self.param_names.add(name)
                if name in _TOOL_NAME_PARAMS:
                    self.name_vars.add(name)  # handleToolCall(name, args): switch (name) { case "x": }
                self.params.append(ParamRec(name, kind, ann_name, False, False, string_default(self.data, default), pos))
                self.env[name] = {("p", name): Info((self.step(p, f"parameter '{name}'"),))}
                self.locals.add(name)
                self.param_property(p, name)
                if ann_name:
                    tp = self.resolve_type(ann_name) or (f"{self.mod.key}#{ann_name}" if ann_name in getattr(
                        self.mod, "interface_fields", {}) else None)  # deps: Deps, an interface here (ifacefields.py)
                    if tp:
                        self.types[name] = tp
            else:
                name = f"${index}"
                self.params.append(ParamRec(name, kind, ann_name, False, False, None, pos))
                whole = {("p", name): Info((self.step(p, "parameter"),))}
                self.env[name] = whole
                tp = (self.resolve_type(ann_name) or (f"{self.mod.key}#{ann_name}"
                                                      if ann_name in getattr(self.mod, "interface_fields", {}) else None)
                      ) if ann_name else None
                self._bind_param_pattern(pattern, name, p, tp)
            if default is not None:
                self.stmt = p
                dv = self.ev(default)
                if dv and self.params[-1].name in self.env:
                    self.env[self.params[-1].name] = union(self.env[self.params[-1].name], dv)
            index += 1

    def _bind_param_pattern(self, pattern, pname: str, at, tp: Optional[str] = None) -> None:
        """``({ a, b: c, ...rest }) =>``: each property is its own parameter field, so a caller
        that passes an object literal binds each one; with the parameter's type ``tp``, a
        property bound to a name is typed ``<tp>.<property>`` (an interface's typed property,
        ifacefields.py)."""
        if pattern.type != "object_pattern":
            self.assign_pattern(pattern, self.env[pname], None)
            return
        for c in pattern.named_children:
            if c.type == "rest_pattern":
                inner = c.named_children
                if inner:
                    self.assign_pattern(inner[0], self.env[pname], None)
                continue
            entry = N.pattern_property(self.data, c)
            if entry is None:
                continue
            key, target, default = entry
            self.params.append(ParamRec(f"{pname}.{key}", "field", None, False, False, None, self.mod.src.pos(c)))
            self.param_names.update(self._pattern_names(target))
            v = {("pf", pname, key): Info((self.step(at, f"parameter '{key}'"),), key=key)}
            if default is not None:
                v = union(v, self.ev(default))
            self.assign_pattern(target, v, None, note=False)
            if tp and "#" in tp and target is not None and target.type in ("identifier", "shorthand_property_identifier_pattern"):
                self.types.setdefault(N.text(self.data, target), f"{tp}.{key}")
