"""Linking module summaries: handlers, call resolution across modules, and taint findings.

Each function summary is parametric in its parameters (labels ``("p", name)``) and in the return values
of the calls it makes (``("c", i)``). Starting from every MCP handler, with its caller-controlled parameters
bound to source labels, we instantiate summaries along the call graph (memoised per function and argument
taint shape, depth-bounded - leafcalls.py -, recursion-safe) and report every sink no sanitizer stopped.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional, Set, Tuple
from ..models import Confidence, Location, Parameter, ToolInfo
from .sinkbits import OPERATOR_CLI
from ..catalog import catalog
from .claims import ClaimChecker
from .hierarchy import Hierarchy
from .paramattrs import ParamAttrs
from .objattrs import object_attr_made
from .records import RecordFields, joined_clean
from .modnames import _package_of, absolute_from, module_names
from .mappinglogs import credential_param
from .checkref import serial_weak
from .fields import FieldState
from .taintmerge import _env_key, _forwarded_elements, _model_annotation, picked, _with_step
from .leafcalls import leaf_targets
from .discriminants import part, tagged_returns
from .tupleverdicts import tuple_element
from .storedfns import stored_tools
from .dispatch import IMPORTED_TABLE, expand_lists, follow_dispatch, imported_table_targets, model_tools, other_case, tool_of_hint, unfollowed_registration
from .guards import GIVEN, contradicted, passed_facts
from .regsites import admitted, linked_registrations, registering_params
from .appliedhandlers import added_handler, injected, prefix_tools  # the last two: prefixtools.py's
from .schemas import declared_schema_params
from .auditview import audit_findings
from .toolflows import name_reaching_tools
from .callchains import factory_chain
from .sentcreds import with_sent_secret
from .progwrap import bind_program
from .placement import template_segment
from .flagfields import off_flag_lines
from .unknownfill import unknown_fill
from .madecalls import made_env, narrowed
from .passedfns import passed_targets
from .superinit import SUPER, super_resolve
from .tupleelems import ELEMENT, element_targets, passed_note
from .summary import CallRec, FuncSummary, ModuleSummary, Step
from .taintvalue import trimmed, TEXT_ARG, Info, Taint, in_dict, item_of, mark, merge_info, union
from .rawresults import RawCapability, RawFinding  # the engine and the linker's helpers import them from here
from .linkreports import LinkReports

MAX_DEPTH = 8
_TEXT = frozenset({TEXT_ARG})


class Linker(FieldState, Hierarchy, RecordFields, ParamAttrs, LinkReports):
    CONSTRUCTOR = "__init__"  # the name of a class's constructor method
    guarded_queries = False  # a raw query behind a read-only check keeps its capability (TS: ts19a)

    def __init__(self, modules: Dict[str, ModuleSummary]):
        self.modules = modules
        self._fields_init()
        self.index: Dict[str, str] = {}
        for path in sorted(modules, key=lambda p: (p.count("/"), p)):
            for name in module_names(path):
                self.index.setdefault(name, path)
        self.memo: Dict[tuple, Taint] = {}
        self.elements: Dict[tuple, List[Taint]] = {}  # instantiate's key -> its tuple return's elements
        self.tagged: Dict[tuple, list] = {}  # instantiate's key -> its returns with their tags (discriminants.py)
        self.tuples: Dict[tuple, list] = {}  # instantiate's key -> its tuple returns' tags and elements (tupleverdicts.py)
        self._verified_checks: Dict[tuple, bool] = {}  # (weak reason, family) -> a linked validator proves it
        self.findings: Dict[tuple, RawFinding] = {}
        self.reaching: Dict[tuple, Set[str]] = {}  # finding key -> every tool whose flow reached it
        self.tool_flows: Dict[tuple, Dict[str, RawFinding]] = {}  # finding key -> tool -> its strongest flow there (one finding per sink lists them all)
        self.built_flows: Set[Tuple[str, str, int]] = set()  # (family, path, line) of findings built into the sink's input (offered.py)
        self.capabilities: Dict[Tuple[str, str, str], RawCapability] = {}  # (tool, capability, handler path)
        self.query_text: Set[Tuple[str, str, int, str, bool]] = set()  # (tool, path, line, sink, read-only conn)
        self.reported_sinks: Set[Tuple[str, Tuple[int, int, int, int], str]] = set()
        self.tools: List[ToolInfo] = []
        self.handlers: List[Tuple[str, FuncSummary, ToolInfo, str]] = []  # path, fn, tool, kind
        self.model_params: Set[Tuple[str, str]] = set()  # (tool, param) typed with a model class
        self.takes_credentials = False  # some tool has a parameter named for a credential
        self.tool_text: Dict[str, Tuple[str, ...]] = {}  # tool name -> its name and description
        self._subclasses: Optional[Dict[Tuple[str, str], List[Tuple[str, str]]]] = None
        #: request parts that may carry a credential here, logged whole (a leak) -> their name
        self.whole_carriers: Dict[str, str] = {"headers": "request headers"}
        self.call_tool_fns: Set[Tuple[str, str]] = set()  # (path, qualname) of low-level call_tool handlers
        self.unfollowed: List[dict] = []  # call_tool dispatches resolved to no function (see dispatch.py)
        self.model_tool_names: Dict[Tuple[str, str], str] = {}  # (path, input model class) -> tool name
        self.from_function_method = catalog().python.surface.from_function["method"]

    # -- resolution ---------------------------------------------------------------------
    def _package(self, path: str) -> str:
        return _package_of(path)

    def absolute(self, path: str, dotted: str) -> str:
        return absolute_from(self._package(path), dotted) if dotted.startswith(".") else dotted

    def resolve(self, path: str, caller: Optional[FuncSummary], target: str, depth: int = 0) -> Optional[Tuple[str, FuncSummary, bool]]:
        """(path, function, is_method_call) for a call target, or None when not project code."""
        mod = self.modules.get(path)
        if mod is None or depth > 4:
            return None
        if target.startswith(SUPER):  # super().__init__(x): the base class's method (superinit.py)
            return super_resolve(self, path, caller, target)
        if target.startswith("self."):
            if caller is None or caller.cls is None:
                return None
            fn = mod.functions.get(f"{caller.cls}.{target[5:]}")
            if fn is None:  # inherited from a project base class
                for bpath, bcls in self.ancestors(path, caller.cls):
                    fn = self.modules[bpath].functions.get(f"{bcls}.{target[5:]}")
                    if fn is not None:
                        return (bpath, fn, True)
            if fn is None and target.count(".") == 2:  # self.validator.check: what the class was built with
                return self.param_attr_resolve(path, caller.cls, target, depth)
            return (path, fn, True) if fn else None
        fn = mod.functions.get(target) or self._sibling(mod, caller, target)
        if fn is None and (own := self.own_or_inherited(path, target)) is not None:
            return own  # Class.method of this module's class that a project base (a mixin) defines
        if fn is None and target[:1] != "<" and self._constructor(path, target):
            return self._constructor(path, target)
        if fn is not None and target != "<module>":
            # Class.method: bound when the method takes self/cls (a typed receiver, a classmethod)
            return (path, fn, fn.cls is not None and "." in target)
        made = self._made_by(mod, target)
        if made is not None:  # OBJ.run (OBJ = Runner() at module level), make_runner.run
            return self.resolve(path, None, made, depth + 1)
        split = self.module_prefix(path, target)
        if split is None and (member := self.package_member(path, target)) is not None:
            return self.resolve(member[0], None, member[1], depth + 1)  # pkg.Class(...).m: a package re-export
        if split is None:  # srv.client.run in a tool a registering function nests (objattrs.py)
            return next(filter(None, (self.resolve(p, None, t, depth + 1) for p, t in object_attr_made(self, path, caller, target))), None)
        mpath, parts, cut = split
        attr = ".".join(parts[cut:])
        tmod = self.modules[mpath]
        own = self.own_or_inherited(mpath, attr)  # Class.method: also a method a base (a mixin) defines
        if own is not None:
            return own
        head = parts[cut]
        typed = self.attr_target(mpath, parts, cut)  # Container.feature.run: feature's class
        if typed is not None:
            return self.resolve(typed[0], None, typed[1], depth + 1)
        chained = factory_chain(self, mpath, tmod, parts, cut, depth)  # make_runner().run, get_mgr().get(x).run
        if chained is not None:
            return chained
        made = self._made_by(tmod, attr)
        if made is not None and mpath != path:  # mod.OBJ.run: OBJ made at that module's level
            return self.resolve(mpath, None, made, depth + 1)
        if head in tmod.imports and mpath != path:  # re-exported name: follow the target module's own import
            rest = ".".join([tmod.imports[head], *parts[cut + 1:]])
            return self.resolve(mpath, None, rest, depth + 1)
        return self._package_method(path, target, depth) if len(parts) > cut + 2 else None

    def _package_method(self, path: str, target: str, depth: int) -> Optional[Tuple[str, FuncSummary, bool]]:
        """``pkg.jobs.JobManager.submit_job`` where ``pkg/jobs/__init__.py`` only re-exports the
        class (a file with nothing else the analysis keeps, so no module of the link): the method
        of the one module directly in that package that defines the class (hierarchy.py)."""
        head, _, meth = target.rpartition(".")
        owner = self._package_class(path, head) if "." in head else None
        return self.resolve(owner[0], None, f"{owner[1]}.{meth}", depth + 1) if owner else None

    @staticmethod
    def _sibling(mod, caller: Optional[FuncSummary], target: str) -> Optional[FuncSummary]:
        """A sibling closure an enclosing function defines (``_auth(name)`` in a nested tool)."""
        if caller is None or "." in target or target[:1] == "<":
            return None
        parts = caller.qualname.split(".")[:-1]
        while parts:
            outer = ".".join(parts)
            if outer in mod.functions and f"{outer}.{target}" in mod.functions:
                return mod.functions[f"{outer}.{target}"]
            parts.pop()
        return None

    # -- substitution -------------------------------------------------------------------
    def _stamp(self, info: Info, path: str) -> Info:
        steps = tuple(st if st.path else Step(st.line, st.column, st.note, path) for st in info.steps)
        return Info(steps, info.weak, info.clean, info.resolved, info.key, info.built, info.checked, info.rooted)

    def subst(self, t: Taint, path: str, fn: FuncSummary, env: Dict[str, Taint], depth: int,
              stack: FrozenSet[str], hint: Optional[str], cache: Dict) -> Taint:
        out: Taint = {}
        for label, info in t.items():
            kind = label[0]
            if kind == "p":
                base = env.get(label[1])
                if not base:
                    continue
            elif kind == "c":
                base = self.call_ret(path, fn, label[1], env, depth, stack, hint, cache)
                if len(label) > 2:  # r[k], r.key, if (r.isError) r / r.key: a part of the result (discriminants.part)
                    got = tuple_element(cache, label) if len(label) == 4 and isinstance(label[3], int) else None
                    base = part(cache, label, base, self._element) if got is None else got  # (tupleverdicts.py)
                if not base:
                    continue
            elif kind in ("f", "g"):
                base = self.field_base(path, fn, label, env)
                if not base:
                    continue
            elif kind == "o":  # what call label[1]'s callee wrote into its argument label[2] (ts/outparams.py)
                self.call_ret(path, fn, label[1], env, depth, stack, hint, cache)
                base = cache.get((label[1], "writes", label[2]))
                if not base:
                    continue
            elif kind == "s" or kind == "src":
                info = self._stamp(info, path)
                prev = out.get(label)
                out[label] = info if prev is None else merge_info(prev, info)
                continue
            else:
                base = self.label_base(label, env)
                if not base:
                    continue
                info = self.bound_info(label, info, env)
            mine = self._stamp(info, path)
            for blabel, binfo in self.attr_item(base, mine).items():
                steps = binfo.steps + mine.steps
                steps = trimmed(steps)
                combined = Info(steps, serial_weak(self, binfo.weak, mine.weak), joined_clean(binfo, mine),
                                mine.resolved or binfo.resolved, binfo.key or mine.key,
                                binfo.built or mine.built, binfo.checked or mine.checked,
                                binfo.rooted or mine.rooted)
                prev = out.get(blabel)
                out[blabel] = combined if prev is None else merge_info(prev, combined)
        return out

    def call_ret(self, path, fn: FuncSummary, idx: int, env, depth, stack, hint, cache: Dict) -> Taint:
        if idx in cache:
            return cache[idx]
        cache[idx] = {}  # guards self-reference
        rec = fn.calls[idx]
        if other_case(self, hint, rec.tool_hint):
            return {}  # a branch of a shared handler's switch that runs for another tool
        if rec.requires and cache.get(GIVEN) and contradicted(rec.requires, cache[GIVEN]):
            return {}  # in a branch this call's arguments rule out (if save_file or save_to: <call>)
        args = [self.subst(a, path, fn, env, depth, stack, hint, cache) for a in rec.args]
        kwargs = {k: self.subst(v, path, fn, env, depth, stack, hint, cache) for k, v in rec.kwargs.items()}
        star = self.subst(rec.star, path, fn, env, depth, stack, hint, cache)
        dstar = self.subst(rec.dstar, path, fn, env, depth, stack, hint, cache)
        targets = leaf_targets(self, path, fn, rec, env, depth, MAX_DEPTH)  # past the limit, leaf helpers: leafcalls.py
        live = [t for t in targets if f"{t[0]}:{t[1].qualname}" not in stack]
        if hint and any(len(t) > 3 and t[3] == hint for t in live):
            # a handler shared by every element of a tool list (registered once per element) calling the element's function: for tool <hint>, only that tool's element runs
            live = [t for t in live if len(t) <= 3 or not t[3] or t[3] == hint]
        if not live:
            ret = self.new_record(path, rec, args, kwargs, star, dstar, lambda: self.subst(rec.fallback, path, fn, env, depth, stack, hint, cache))
            ret = narrowed(rec, env, ret)  # a wrapper's call of the library callable it was handed: madecalls.py
            cache[idx] = ret
            return ret
        ret = {}
        parts, tagged, tuples = [], [], []
        for target in live:
            tpath, callee, is_method = target[:3]
            # a dispatch table's entry (or a dispatched tool class) names the tool its function serves
            thint = self.target_hint(path, fn, idx, target)
            key = f"{tpath}:{callee.qualname}"
            callee_env = self.bind_args(callee, is_method, args, kwargs, star, dstar,
                                        Step(rec.pos[0], rec.pos[1], passed_note(rec.target, callee), path))
            callee_env.update(self.object_fields(path, fn, rec, env, depth, stack, hint, cache) if is_method else {})
            callee_env.update(self.passed_context(path, fn, rec))
            if getattr(rec, "made", ()):
                callee_env.update(made_env(callee, is_method, rec.made, lambda t: self.subst(t, path, fn, env, depth, stack, hint, cache)))
            served = thint or self.tool_of_hint(path, rec.tool_hint) or hint
            given = passed_facts(callee.params, is_method, rec, cache.get(GIVEN))  # guards.py
            callee_env.update((p, mark(callee_env[p], clean=_TEXT)) for p, fact in given if fact == "text" and callee_env.get(p))
            whole = self.instantiate(tpath, callee, callee_env, depth + 1, stack | {key}, served, given=given)
            if callee.name == self.CONSTRUCTOR:  # the new object: its arguments, as before it was followed
                whole = union(whole, self.init_object(path, rec, tpath, callee, self.subst(rec.fallback, path, fn, env, depth, stack, hint, cache), lambda: {a: self.subst(t, tpath, callee, callee_env, depth + 1, stack | {key}, served, {}) for a, t in callee.field_stores.items() if not a.startswith(":")}))
            for i, wt in getattr(callee, "param_writes", {}).items():  # walk(dir, files): files.push(p) (ts/outparams.py)
                w = self.subst(wt, tpath, callee, callee_env, depth + 1, stack | {key}, served, {})
                cache[(idx, "writes", i)] = union(cache.get((idx, "writes", i)) or {}, w)
            ret = union(ret, whole) if len(target) < 5 else ret  # an override a base-typed call may run: its sinks, not its result (ts/basedispatch.py)
            mkey = self._mkey(tpath, callee, served, callee_env, None, given)
            parts.append((whole, self.elements.get(mkey)))
            tagged.append((whole, self.tagged.get(mkey)))
            tuples.append(self.tuples.get(mkey))
        if not ret and any(len(t) > 4 for t in live):
            ret = self.new_record(path, rec, args, kwargs, star, dstar, lambda: self.subst(rec.fallback, path, fn, env, depth, stack, hint, cache))
        cache[idx] = ret
        cache[(idx, "elements")] = parts
        cache[(idx, "tagged")] = tagged
        cache[(idx, "tuples")] = tuples
        return ret

    def target_hint(self, path: str, caller: FuncSummary, idx: int, target: tuple) -> Optional[str]:
        """The tool a resolved call target serves: the resolver's hint, or - for a call_tool
        dispatch landing in a method of a tool class - the tool that class names."""
        if len(target) > 3 and target[3]:
            return target[3]
        callee = target[1]
        if not callee.cls or (path, caller.qualname) not in self.call_tool_fns or not any(
                idx in idxs for _pos, _callee, idxs in getattr(caller, "dispatch_sites", ())):
            return None
        return getattr(self.modules[target[0]], "class_tools", {}).get(callee.cls)

    @staticmethod
    def _element(parts, k: int, whole: Taint) -> Taint:
        """Element ``k`` of a call's tuple result (or property ``k`` of its object literal): each
        target's ``k``-th returned element, or its whole result when it has none such (picked)."""
        return union(*(picked(elems, k, ret) for ret, elems in parts)) if parts else whole

    @staticmethod
    def _mkey(path: str, fn: FuncSummary, hint, env, handler, given: FrozenSet = frozenset()) -> tuple:
        return (path, fn.qualname, hint, _env_key(env), handler is not None, given)

    def resolve_in(self, path: str, fn: FuncSummary, rec: CallRec, env) -> list:
        return self.resolve_all(path, fn, rec.target)  # a language's targets that depend on the caller

    def passed_context(self, path: str, fn: FuncSummary, rec: CallRec) -> dict:
        return {}  # what a call tells its callee besides the arguments' taint (TS: passed functions)

    def resolve_all(self, path: str, caller: Optional[FuncSummary], target: str) -> List[Tuple[str, FuncSummary, bool]]:
        """Every function a call target may land on (one, or none when it is not project code;
        more where a language dispatches on an interface)."""
        if target.startswith("self.") and target.count(".") == 2 and caller is not None and caller.cls:
            return self.param_attr_hits(path, caller.cls, target)  # self.validator.check: every class built with
        if target.endswith(IMPORTED_TABLE):  # TABLE.get(name)(...) of a table another module holds
            return imported_table_targets(self, path, caller, target[:-len(IMPORTED_TABLE)])
        if ELEMENT in target:  # obj.m(), obj unpacked from a project factory's annotated tuple (tupleelems.py)
            return element_targets(self, path, caller, target)
        hit = self.resolve(path, caller, target)
        if hit is None:  # a parameter's call lands in the functions its callers pass (passedfns.py)
            return passed_targets(self, path, caller, target)
        tpath, fn, is_method = hit[:3]
        if is_method and fn.abstract and fn.cls:
            # a method of an abstract base (or a protocol): the call lands in the subclasses' overrides
            overrides = self.overrides(tpath, fn.cls, fn.name) or self.implementers(tpath, fn.cls, fn.name)
            if overrides:
                return [(p, f, True) for p, f in overrides]
        return [hit]

    def bind_args(self, callee: FuncSummary, is_method: bool, args: List[Taint], kwargs: Dict[str, Taint],
                  star: Taint, dstar: Taint, call_step: Step) -> Dict[str, Taint]:
        """The callee's environment for a call: each argument bound to its parameter, with the
        call as a flow step; parameters typed safe (or request context) carry nothing."""
        params = [p for p in callee.params]
        if is_method and params and params[0].name in ("self", "cls"):
            params = params[1:]
        callee_env: Dict[str, Taint] = {}
        positional = [p for p in params if p.kind == "pos"]
        for i, a in enumerate(args):
            if i < len(positional):
                callee_env[positional[i].name] = a
            else:
                va = next((p for p in params if p.kind == "vararg"), None)
                if va is not None:
                    callee_env[va.name] = union(callee_env.get(va.name, {}), a)
        for k, v in kwargs.items():
            if any(p.name == k for p in params):
                callee_env[k] = union(callee_env.get(k, {}), v)
            else:
                kw = next((p for p in params if p.kind == "kwarg"), None)
                if kw is not None:  # **params holds each under its name: params["command"] is command's
                    callee_env[kw.name] = union(callee_env.get(kw.name, {}), in_dict(v, k))
        for p in params:
            if star and p.kind in ("pos", "vararg") and p.name not in callee_env:
                callee_env[p.name] = star
            if dstar and p.kind in ("pos", "kwonly", "kwarg") and p.name not in callee_env:
                # **config fans out to every parameter (a secret only to the one named for it) and
                # names the item it lands in: f(**arguments) gives p arguments['p']; a **kwargs
                # parameter is the mapping itself, its keys kept (kwargs["url"] is url's)
                callee_env[p.name] = {l: (i if i.key or p.kind == "kwarg" else i.replace(key=p.name))
                                      for l, i in (dstar if p.kind == "kwarg" else item_of(dstar, p.name)).items() if l[0] != "s" or catalog().python.is_secret_name(p.name)}
        for p in params:
            if (p.safe or p.context) and p.name in callee_env:  # safe-typed callee parameters carry no injection
                callee_env[p.name] = {}
        return {k: {lbl: _with_step(i, call_step) for lbl, i in v.items()} for k, v in callee_env.items() if v}

    def label_base(self, label, env: Dict[str, Taint]) -> Optional[Taint]:
        """What another language's interpreter's label stands for under ``env`` (None: kept)."""
        return None

    def bound_info(self, label, info, env: Dict[str, Taint]):
        """The flow of such a label once bound (``env``): as recorded, unless that language says."""
        return info

    def instantiate(self, path: str, fn: FuncSummary, env: Dict[str, Taint], depth: int,
                    stack: FrozenSet[str], hint: Optional[str], handler: Optional[ToolInfo] = None,
                    given: FrozenSet = frozenset()) -> Taint:
        """Report sinks of ``fn`` reached under ``env``; return what its return value carries.
        ``given``: the call's facts about parameters, which rule out some branches' sinks."""
        if depth or self.__dict__.get("_handler_pass"):
            self.__dict__.setdefault("bound_functions", set()).add((path, fn.qualname))  # unknownfill.py
            if self.__dict__.get("_handler_pass"):
                self.__dict__.setdefault("handler_reached", set()).add((path, fn.qualname))  # ts/unreached.py
        mkey = self._mkey(path, fn, hint, env, handler, given)
        hit = self.memo.get(mkey)
        if hit is not None:
            return hit
        self.memo[mkey] = {}
        cache: Dict = {GIVEN: given}  # call results by index, and this call's facts (guards.passed_facts)
        for sink in fn.sinks:
            if self.not_a_sink(path, fn, sink) or other_case(self, hint, sink.tool_hint):
                continue  # the method is project code after all, or another library's; another tool's case
            if given and contradicted(getattr(sink, "requires", ()), given):
                continue  # in a branch this call's arguments rule out (if params: ... else: <sink>)
            if (sink := bind_program(sink, env, given)) is None:
                continue  # the caller chooses the wrapper's program: its program sink says it (progwrap.py)
            sink = with_sent_secret(sink, lambda sent: self.subst(sent, path, fn, env, depth, stack, hint, cache))
            t = self.subst(sink.taint, path, fn, env, depth, stack, hint, cache)
            self._report(path, fn, sink, t, env, hint or self.tool_of_hint(path, sink.tool_hint), handler)
        ret: Taint = {}
        values = []
        for pos, t in fn.returns:
            v = self.subst(t, path, fn, env, depth, stack, hint, cache)
            if handler is not None:
                self._report_return(path, fn, pos, v, handler, "returned")
            ret = union(ret, v)
            values.append(v)
        if (tagged := tagged_returns(fn, values, cache)) is not None:
            self.tagged[mkey] = tagged
        if getattr(fn, "return_tuple_elements", None):  # each tuple return's elements (tupleverdicts.py)
            tags_at = getattr(fn, "return_tags", None) or {}
            self.tuples[mkey] = [(tags_at.get(pos), [self.subst(t, path, fn, env, depth, stack, hint, cache) for t in elems])
                                 for pos, elems in fn.return_tuple_elements.items()]
        if fn.return_elements is not None:
            self.elements[mkey] = [self.subst(t, path, fn, env, depth, stack, hint, cache) for t in fn.return_elements]
        elif fn.return_fields is not None:  # an object literal's properties (ts/retfields.py)
            self.elements[mkey] = {k: self.subst(t, path, fn, env, depth, stack, hint, cache) for k, t in fn.return_fields.items()}
        elif (fwd := _forwarded_elements(fn, cache)) is not None:
            self.elements[mkey] = fwd
        if handler is not None:
            for pos, t in fn.raises:
                v = self.subst(t, path, fn, env, depth, stack, hint, cache)
                self._report_return(path, fn, pos, v, handler, "raised")
        # calls whose results are unused still run their sinks
        for idx in fn.calls:
            self.call_ret(path, fn, idx, env, depth, stack, hint, cache)
        self.record_fields(path, fn, lambda t: self.subst(t, path, fn, env, depth, stack, hint, cache))
        self.memo[mkey] = ret
        return ret

    # -- driving ------------------------------------------------------------------------
    def build_surface(self) -> None:
        registering = registering_params(self)  # register_tools(mcp): registrars.py
        for path in sorted(self.modules):
            mod = self.modules[path]
            lowlevel_call_tool: Optional[str] = None
            for h in mod.handlers:
                fn = mod.functions.get(h.function)
                if fn is None:
                    continue
                if not admitted(self, registering, path, mod, h):  # decowrappers.py
                    continue
                if h.kind == "call_tool":
                    lowlevel_call_tool = h.function
                    self.call_tool_fns.add((path, h.function))
                tool = self._tool_info(path, fn, h.kind, h.framework, h.name, h.description,
                                       h.description_pos, h.uri, h.annotations)
                self.handlers.append((path, fn, tool, h.kind))
                if h.kind not in ("list_tools", "list_resources", "list_prompts", "list_resource_templates", "call_tool", "read_resource", "get_prompt"):
                    self.tools.append(tool)
                elif h.kind in ("read_resource", "get_prompt") or (h.kind == "call_tool" and not mod.lowlevel_tools and not mod.wrapped_served):
                    # call_tool is listed through the tools list_tools() declares, when it declares any
                    self.tools.append(tool)
            for lt in mod.lowlevel_tools:
                params = [Parameter(name=k, description=v, annotation=getattr(lt, "types", {}).get(k)) for k, v in lt.params.items()]
                loc = Location(path, lt.pos[0], lt.pos[1])
                self.tools.append(ToolInfo(
                    name=lt.name, kind="tool", function=lowlevel_call_tool or "call_tool", location=loc,
                    parameters=params, description=lt.description,
                    description_location=Location(path, lt.description_pos[0], lt.description_pos[1]) if lt.description_pos else loc,
                    annotations=dict(lt.annotations), framework="lowlevel"))
            added = prefix_tools(self, path)  # a loop over functions picked by a name prefix (prefixtools.py)
            for lpath, target, meta, pos in expand_lists(self, path, mod.added_tools + linked_registrations(self, path)):
                res = self.resolve(lpath, None, target)
                if res is None:
                    miss = unfollowed_registration(self, path, pos, target, meta)
                    if miss is not None and miss not in self.unfollowed:  # a loop body is run twice
                        self.unfollowed.append(miss)
                    continue
                added.append((res[0], res[1], meta))
            for tpath, fn, meta in added:
                kind = str(meta.get("kind") or "tool")
                ann = meta.get("annotations")
                tool = self._tool_info(tpath, fn, kind, "fastmcp", meta.get("name"), meta.get("description"), None,
                                       meta.get("uri"), ann if isinstance(ann, dict) else {})
                added_handler(self, tool, meta)  # parameters a wrapper fills, call_tool(...)(fn): appliedhandlers.py
                self.handlers.append((tpath, fn, tool, kind))
                self.tools.append(tool)
        self.model_tool_names = model_tools(self)
        dispatched, served, unfollowed = follow_dispatch(self)
        more, also = stored_tools(self)  # a registry's stored functions (storedfns.py)
        dispatched, served = dispatched + more, served | also
        self.unfollowed += unfollowed
        if dispatched:
            # a call_tool handler is listed through the tools its dispatch reaches
            declared = {t.name for t in self.tools}
            self.tools = [t for t in self.tools if not (t.kind == "call_tool" and (t.location.path, t.function) in served)]
            self.tools += [t for t in dispatched if t.name not in declared]

    def tool_of_hint(self, path: str, hint: Optional[str]) -> Optional[str]:
        return tool_of_hint(self, path, hint)

    def _tool_info(self, path, fn: FuncSummary, kind, framework, name, description, description_pos, uri, annotations) -> ToolInfo:
        params = [Parameter(name=p.name, annotation=p.annotation, description=p.description,
                            default=p.default, tainted=not p.safe)
                  for p in fn.params if not p.context]
        desc = description if description is not None else fn.docstring
        dpos = description_pos if description is not None else fn.docstring_pos
        loc = Location(path, fn.pos[0], fn.pos[1])
        return ToolInfo(
            name=name or (uri if kind == "resource" and uri else fn.name), kind=kind, function=fn.qualname,
            location=loc, parameters=params, description=desc,
            description_location=Location(path, dpos[0], dpos[1]) if dpos else None,
            uri=uri, annotations=dict(annotations or {}), framework=framework)

    def run(self) -> None:
        self.build_surface()
        uniq = {}
        for t in self.tools:
            uniq.setdefault((t.location.path, t.function, t.name, t.kind), t)
        self.tools = list(uniq.values())
        servers = {path: tuple(m.server_texts) for path, m in self.modules.items() if getattr(m, "server_texts", None)}
        only = next(iter(servers.values())) if len(servers) == 1 else ()
        for t in self.tools:
            # the server a tool belongs to: the one its own module builds, else the project's
            # only one (several servers in other modules: none is assumed)
            server = servers.get(t.location.path, only)
            self.tool_text[t.name] = self.tool_text.get(t.name, ()) + (t.name, t.description or "") + server
        secret_name = catalog().python.is_secret_name
        # tools whose schemas we cannot see: a call_tool handler and no Tool(...) declaration in
        # the project (a tools/ package often declares them apart from the dispatcher), not even
        # one under a name chosen at run time (its parameters are known)
        declared = any(m.lowlevel_tools for m in self.modules.values())
        unnamed = [n for mod in self.modules.values() for n in getattr(mod, "unnamed_tool_params", ())]
        in_classes, class_params = declared_schema_params(self.modules.values())  # schemas.py
        undeclared = not declared and not unnamed and not in_classes and any(
            kind == "call_tool" for _path, _fn, _tool, kind in self.handlers)
        self.takes_credentials = undeclared or any(credential_param(p) for t in self.tools for p in t.parameters) \
            or any(secret_name(n) for n in unnamed + class_params)
        for _ in range(3):  # again while a store lands on a field already read (fields.py)
            self.fields_grew = False
            self._run_handlers(unnamed)
            # everything else once with untainted parameters: secrets reaching logs anywhere
            for path in sorted(self.modules):
                for fn in self.modules[path].functions.values():
                    self.instantiate(path, fn, {}, 0, frozenset({f"{path}:{fn.qualname}"}), None)
            if not self.fields_grew:
                break
            self.memo.clear()
        # what each tool claims against what it can do
        checker = ClaimChecker(self)
        checker.review_checks()
        for raw in checker.findings():
            self._add(raw)
        for raw in checker.weak_mode_findings():
            self._add(raw)
        checker.unclaim_bypassed_read_only()
        name_reaching_tools(self)  # one finding per sink names (and lists the flows of) the others

    def _run_handlers(self, unnamed) -> None:
        self._handler_pass = True
        try:
            self._run_each_handler(unnamed)
        finally:
            self._handler_pass = False

    def _run_each_handler(self, unnamed) -> None:
        seen: Set[tuple] = set()
        # a project that declares one low-level tool: its call_tool handler serves that tool
        lowlevel = {t.name: t for t in self.tools if t.framework == "lowlevel" and t.kind == "tool"}
        only_tool = next(iter(lowlevel.values())) if len(lowlevel) == 1 and not unnamed else None
        for path, fn, tool, kind in self.handlers:
            if kind in ("list_tools", "list_resources", "list_prompts", "list_resource_templates"):
                continue
            if (path, fn.qualname) in seen:
                continue
            seen.add((path, fn.qualname))
            if kind == "call_tool" and only_tool is not None:
                tool = only_tool
            env = self.handler_env(path, fn, tool, kind)
            self.instantiate(path, fn, env, 0, frozenset({f"{path}:{fn.qualname}"}), None, handler=tool)

    def safe_sinks(self) -> Set[Tuple[str, int, str]]:
        """(path, line, family) of every sink the analysis followed and found no caller input
        (or, for logs and results, no secret) reaching unchecked: the sinks it did not report."""
        # (an operator CLI's print, in the audit view: not a log either, sinkbits.OPERATOR_CLI)
        reported = {(path, line) for (_fam, path, line), f in self.findings.items()
                    if not (f.detail == OPERATOR_CLI and f.confidence <= Confidence.LOW)}
        reported |= {f.sink_at for f in self.findings.values() if f.sink_at} | self.relocated
        out: Set[Tuple[str, int, str]] = set()
        for path, mod in self.modules.items():
            for fn in mod.functions.values():
                for sink in fn.sinks:
                    if self.not_a_sink(path, fn, sink):
                        out.update(off_flag_lines(self, path, sink, reported))  # shell=<always False>
                        continue  # project code (or another library's object), not a sink
                    if (path, sink.pos[0]) not in reported and not unknown_fill(self, path, fn, sink):
                        # every line of the call: a pattern rule reports an argument's line
                        last = sink.pos[2] if len(sink.pos) > 2 and sink.pos[2] else sink.pos[0]
                        out.update((path, ln, sink.family) for ln in range(sink.pos[0], min(last, sink.pos[0] + 8) + 1)
                                   if (path, ln) not in reported)
            for line, family in mod.quiet_sinks:
                if (path, line) not in reported:
                    out.add((path, line, family))
        return out

    def handler_env(self, path: str, fn: FuncSummary, tool: ToolInfo, kind: str) -> Dict[str, Taint]:
        """A handler's parameters bound to caller-controlled sources."""
        env: Dict[str, Taint] = {}
        for p in fn.params:
            if p.context or p.safe or injected(self, tool, p.name):
                continue
            step = Step(p.pos[0], p.pos[1], f"parameter '{p.name}' of MCP {'tool' if kind in ('tool', 'call_tool') else kind} '{tool.name}' (caller-controlled)", path)
            env[p.name] = {("src", tool.name, p.name): Info((step,), clean=template_segment(self, tool, kind, p.name) | self.declared_clean(path, tool, kind, p))}
            if _model_annotation(p.annotation):
                self.model_params.add((tool.name, p.name))
        return env

    def audit_findings(self) -> List[RawFinding]:
        """Low-confidence view: non-constant sinks not traced to any handler parameter (auditview.py)."""
        return audit_findings(self)


__all__ = ["Linker", "RawCapability", "RawFinding", "module_names"]
