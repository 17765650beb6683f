"""Linking TypeScript/JavaScript module summaries: module resolution, the MCP surface, handler sources, and the read-only claims.

The taint propagation is the Python linker's (:class:`~mcpaudit.analysis.inter.Linker`): the
summaries have the same shape. What differs is here: how a call target names a function in another module
(relative specifiers with or without their extension, ``index`` files, path aliases, re-exports, default
exports, CommonJS), how an argument object's properties bind to a destructured parameter, and how registrations are turned into tools.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ...models import ToolInfo
from ..capabilities import purpose_flow
from ..capoverlap import CapabilityOverlap
from ..offered import OfferedRaw
from ..capsinks import ListedSinks
from ..urlpath import path_weak
from ..inter import Linker, RawFinding, _with_step
from ..summary import FuncSummary, Step
from ..taintvalue import ALL, Info, Taint, field_secrets, union
from .applescript import DROPPED, BuilderRuns, at_the_builder, shown_pick
from .carriers import whole_carriers
from .configmaps import config_registrations
from .classtools import ClassTools
from .failsafe import Failsafe
from .errorconfigs import carried_part
from .logorigin import LogOrigin
from .listloops import LoopTools
from .logrepeats import drop_repeated_logs
from .objects import ObjectFields
from .forward import FORWARD, SPREADS, pack as _pack, spread_field, unpack as _unpack
from .records import FIELD, TsModuleSummary, TsRegistration
from .templatevars import field_marks, segment_variables
from .listfilter import list_findings
from .routes import KIND as ROUTE, RouteSources
from .schemarefs import PARSED, SchemaRefs
from .scriptruns import ScriptRuns
from .hostconsts import HostConsts
from .ifacefields import field_type_target
from .instancetools import bound, this_class
from .passed import PASSED, PassedFunctions
from .publiconly import PublicTargets
from .registry import RegistryCalls, envelope_field
from .branchreturns import BranchReturns
from .inertapps import InertApps
from .receiverorigin import ReceiverOrigins
from .returnedclients import ReturnedClients
from .exportedclients import ExportedClientCreds
from .returntypes import factory_method
from .basedispatch import subclass_targets
from .factorydispatch import factory_targets
from .targets import join as _join
from .workspace import in_workspace, package_entry
from .moduledefs import defined_tools
from .toolmaps import PICKED, PickedTools
from .namedpicks import NAMED, named_methods
from .cmdgates import gate_findings
from .writeflags import flag_findings
from .modeparams import mode_flag, settle
from .linksurface import LinkedSurface
from .linksurface import _HANDLER_KEYS  # re-exported

_INDEX = ("/index",)
_SUFFIXES = ("", ".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", ".mts", ".cts")

Resolved = Tuple[str, FuncSummary, bool]


class TsLinker(LinkedSurface, ListedSinks, OfferedRaw, CapabilityOverlap, Failsafe, ScriptRuns, LogOrigin, ObjectFields, HostConsts,
               SchemaRefs, PublicTargets, RouteSources, PickedTools, PassedFunctions, BuilderRuns, LoopTools, ClassTools,
               RegistryCalls, ReceiverOrigins, ExportedClientCreds, ReturnedClients, BranchReturns, InertApps, Linker):
    """Links TypeScript/JavaScript module summaries into findings and tools."""

    kept_values = True  # state holding one caller value is read at every family's sinks (fields.py)
    guarded_queries = True  # a raw query behind a read-only check keeps its capability (inter.py)
    yields_unchecked = True  # a tool's other flow into a sink its capability lists as is yields to it (capoverlap.py)
    lexical_refs = serial_refs = leaf_calls = True  # (checkref.py: lexical root helper, later validator; leafcalls.py)

    def __init__(self, modules: Dict[str, TsModuleSummary], workspaces: Optional[Dict[str, str]] = None,
                 orphans: frozenset = frozenset(), mcp_deps: bool = False):
        super().__init__({})
        self.mcp_deps = mcp_deps  # a package.json depends on an MCP SDK, perhaps through a dependency (mcpdeps.py)
        self.orphans = orphans  # modules nothing loads: no registration there is read (orphans.py)
        #: monorepo packages of the project: package name -> its folder (imports by its name land in the project)
        self.workspaces = dict(sorted((workspaces or {}).items(), key=lambda kv: -len(kv[0])))
        self.modules = settle(modules)  # type: ignore[assignment]
        self.by_key: Dict[str, str] = {}
        from .module import module_key

        for path in sorted(modules):
            key = module_key(path)
            self.by_key.setdefault(key, path)
            if key.endswith(_INDEX):
                self.by_key.setdefault(key[: -len("/index")], path)
        self.by_key.update({n: self.by_key[e] for n, f in self.workspaces.items()  # `import { C } from "@scope/core"`
                            if n not in self.by_key and (e := package_entry(f, self.by_key.__contains__))})
        self._suffix_cache: Dict[str, Optional[str]] = {}
        self._impl: Optional[Dict[Tuple[str, str], List[Tuple[str, str]]]] = None
        self._defs_done: set = set()  # (moduledefs.defined_tools)
        self.pick_hints: Dict[Tuple[str, str], Dict[str, str]] = {}  # call-tool handler -> tool -> its pick (toolmaps.py)
        self.specs: Dict[Tuple[str, str, str], Tuple[TsRegistration, list]] = {}
        self._resolve_hints()
        config_registrations(self)  # { name, handler } objects in maps a call-tool handler looks up (configmaps.py)
        self.whole_carriers = whole_carriers(modules)  # request parts with a credential, logged whole: carriers.py

    def safe_sinks(self):
        """The sinks followed and found safe, the calls of wrappers around them that no reported flow goes through,
        and the lines no handler reaches (unreached.py)."""
        from .unreached import unreached_lines
        from .wrappers import safe_wrapper_calls

        return super().safe_sinks() | safe_wrapper_calls(self) | unreached_lines(self)

    # -- modules ----------------------------------------------------------------------------
    def through_stars(self, mod, mpath: str, rest: str, find, depth: int):
        """``find(module, "<star>#<rest>", depth + 1)`` through each ``export * from`` of ``mod``
        (at ``mpath``) in turn: the first hit, else None."""
        for star in mod.star_exports:
            sp = self.module_of(star)
            if sp is not None and sp != mpath:
                hit = find(sp, star + "#" + rest, depth + 1)
                if hit is not None:
                    return hit
        return None

    def module_of(self, key: str) -> Optional[str]:
        """The file of a module key (``src/a/b`` -> ``src/a/b.ts`` or ``src/a/b/index.ts``); a ``*suffix`` key (a path alias) matches the one module whose key ends with it."""
        if key.startswith("*"):
            if key in self._suffix_cache:
                return self._suffix_cache[key]
            suffix = "/" + key[1:]
            hits = sorted({p for k, p in self.by_key.items() if ("/" + k).endswith(suffix)},
                          key=lambda p: (p.count("/"), p))
            found = hits[0] if hits else None
            self._suffix_cache[key] = found
            return found
        return self.by_key.get(key)

    # -- names ------------------------------------------------------------------------------
    def in_workspace(self, ref: str) -> Optional[str]:
        return in_workspace(self, ref)  # workspace.py

    def _where(self, path: str, ref: str, depth: int = 0) -> Optional[Tuple[str, str]]:
        """(module, local name) a class or interface reference names (re-exports followed a few levels: two modules re-exporting a name from each other name nothing)."""
        if depth > 8:
            return None
        ws = self.in_workspace(ref)
        if ws is not None:
            ref = ws
        if "#" in ref:
            key, _, name = ref.partition("#")
            mpath = self.module_of(key)
            if mpath is None:
                return None
            exp = self.modules[mpath].exports.get(name)
            if exp and "#" in exp:
                return self._where(mpath, exp, depth + 1)
            return (mpath, exp or name)
        mod = self.modules[path]
        if ref in mod.imports:
            target = mod.imports[ref]
            if "#" not in target:
                target = self.in_workspace(target) or ""
            return self._where(path, target, depth + 1) if "#" in target else None  # a package's class
        return (path, ref)

    @property
    def implementors(self) -> Dict[Tuple[str, str], List[Tuple[str, str]]]:
        """(module, interface or base class) -> the classes implementing or extending it."""
        if self._impl is None:
            out: Dict[Tuple[str, str], List[Tuple[str, str]]] = {}
            for path, mod in self.modules.items():
                for cls, refs in mod.implements.items():
                    for ref in refs:
                        w = self._where(path, ref)
                        if w:
                            out.setdefault(w, []).append((path, cls))
                for cls, base in mod.classes.items():
                    if base:
                        w = self._where(path, base)
                        if w:
                            out.setdefault(w, []).append((path, cls))
            self._impl = out
        return self._impl

    def resolve_all(self, path: str, caller: Optional[FuncSummary], target: str) -> List[Resolved]:
        if target.endswith("[*]"):
            return self._dispatch(path, target[:-3])
        if PICKED in target:
            return self.picked_methods(path, *target.split(PICKED, 1))
        if NAMED in target:
            return named_methods(self, path, target)  # LIST.find((t) => t.name === "x").handler (namedpicks.py)
        if target.startswith(PASSED):
            return self.passed_targets(path, caller, target[len(PASSED):])
        if "[*]." in target:
            return self.element_methods(path, *target.split("[*].", 1))
        several = factory_targets(self, path, caller, target)  # one of several modules, subclasses
        hit = self.resolve(path, caller, target) if several is None else None
        if several or hit is not None:
            return several or [hit]
        # a method of an interface or a base class: every class that implements it
        head, sep, method = target.rpartition(".")
        if not sep or not head or "[" in head:
            return []
        typed = field_type_target(self, head)  # { provider }: Deps, Deps { provider: IGitProvider }
        if typed is not None:
            return self.resolve_all(path, caller, f"{typed}.{method}")
        return subclass_targets(self, path, head, method)  # also a factory's annotated class (ts51b)

    def _in_workspace_ref(self, ref: str) -> str:
        """A bare package reference of a monorepo made a project module reference."""
        if "#" not in ref and self.workspaces and ("/" in ref or "@" in ref):
            return self.in_workspace(ref) or ref
        return ref

    def _module_ref(self, ref: str) -> Tuple[Optional[str], str]:
        """``module#name`` as (the module's path or None, the name)."""
        key, _, rest = ref.partition("#")
        return self.module_of(key), rest

    def resolve(self, path: str, caller: Optional[FuncSummary], target: str, depth: int = 0) -> Optional[Resolved]:
        mod = self.modules.get(path)
        if mod is None or depth > 8 or not target:
            return None
        target = self._in_workspace_ref(target)
        if "#" in target:
            mpath, rest = self._module_ref(target)
            if mpath is None:
                return None
            return self.resolve_export(mpath, rest, depth + 1)
        if target.startswith("this."):
            if caller is None or caller.cls is None:
                return None
            this = this_class(caller)  # a base class's method run on a subclass's instance (instancetools.py)
            return self._method(*(this or (path, caller.cls)), target[5:], depth)
        fn = mod.functions.get(target)
        if fn is not None and target != "<module>":
            return (path, fn, "." in target and target.split(".")[0] in mod.classes)
        head, _, rest = target.partition(".")
        if head in mod.classes and rest:
            return self._method(path, head, rest, depth)
        hit = factory_method(self, path, head, rest, depth) if rest else None
        if hit is not None:
            return hit
        if head in mod.tables and rest:
            val = self.table_value(path, head, rest)
            if val is not None:
                return self._value_function(path, val, depth)
        if head in mod.aliases:
            return self.resolve(path, caller, _join(mod.aliases[head], rest), depth + 1)
        if head in mod.imports:
            return self.resolve(path, caller, _join(mod.imports[head], rest), depth + 1)
        if head in mod.types and rest:
            # an instance made at module level (export const manager = new Manager()): its methods are its class's
            tp = mod.types[head].replace("()", "")
            if tp and tp != head:
                return self.resolve(path, caller, _join(tp, rest), depth + 1)
        return self.class_target(path, target, depth)

    def resolve_export(self, mpath: str, name: str, depth: int) -> Optional[Resolved]:
        mod = self.modules.get(mpath)
        if mod is None or depth > 8:
            return None
        head, _, rest = (name or "default").partition(".")
        if head in mod.exports:
            local = mod.exports[head]
            return self.resolve(mpath, None, _join(local, rest), depth + 1)
        hit = self.resolve(mpath, None, name or "default", depth + 1)
        if hit is not None:
            return hit
        for star in mod.star_exports:
            sp = self.module_of(star)
            if sp is not None and sp != mpath:
                hit = self.resolve_export(sp, name, depth + 1)
                if hit is not None:
                    return hit
        return None

    def _dispatch(self, path: str, table: str) -> list:
        """``HANDLERS[name](args)``: every function of the table, with its key as the tool."""
        hit = self.lookup(path, table)
        if hit is None or not hit[1].startswith("o:"):
            return []
        out = []
        for tpath, key, v in self.table_items(hit[0], hit[1][2:]):  # its spreads' entries too
            res = self._value_function(tpath, v, 0)
            if res is None:
                continue
            name = key
            if key.startswith("[ref:"):
                name = self.string(tpath, "r:" + key[5:-1]) or res[1].name
            out.append((res[0], res[1], res[2], name))
        return out[:64]

    def _method(self, path: str, cls: str, method: str, depth: int) -> Optional[Resolved]:
        mod = self.modules[path]
        fn = mod.functions.get(f"{cls}.{method}")
        if fn is not None:
            return (path, fn, True)
        first, _, then = method.partition(".")
        ret = mod.types.get(f"{cls}.{first}" if first.endswith("()") else f"{cls}.{first}{FIELD}") if then and depth < 8 else None
        if ret:  # pool.getConnection(id).run(c): the class the method returns (returntypes.py) or a field holds
            return self.resolve(path, None, _join(ret, then), depth + 1)
        first = first[:-2] if then and first.endswith("()") else first
        if then and f"{cls}.{first}" in mod.functions and depth < 8:
            # Recorder.getInstance().end(): a class's own factory (a singleton, a builder) gives
            # one of its instances
            return self._method(path, cls, then, depth + 1)
        base = mod.classes.get(cls)
        if base and depth < 8:
            if "#" in base or "." not in base:
                hit = self.resolve(path, None, _join(base, method), depth + 1)
                if hit is not None:
                    return bound(self, hit, path, cls)
        return None

    def _value_function(self, path: str, val: str, depth: int) -> Optional[Resolved]:
        kind, _, body = val.partition(":")
        if kind == "f":
            fn = self.modules[path].functions.get(body)
            return (path, fn, False) if fn is not None else None
        if kind == "r":
            return self.resolve(path, None, body, depth + 1)
        return None

    def table_value(self, path: str, table: str, rest: str) -> Optional[str]:
        """``table.a.b`` in a module's object tables: the value, or None."""
        mod = self.modules[path]
        cur = table
        parts = rest.split(".") if rest else []
        val = None
        for i, part in enumerate(parts):
            t = mod.tables.get(cur)
            if t is None or part not in t:
                return None
            val = t[part]
            if val.startswith("o:") and i < len(parts) - 1:
                cur = val[2:]
                continue
            if val.startswith("r:") and i < len(parts) - 1:
                return "r:" + _join(val[2:], ".".join(parts[i + 1:]))
            if i < len(parts) - 1:
                return None
        return val

    def lookup(self, path: str, ref: str, depth: int = 0) -> Optional[Tuple[str, str]]:
        """What a reference names, as ``(module, value)``: a string ("s:"), a table ("o:"), an array ("a:"), a schema ("z:") or a function ("f:")."""
        mod = self.modules.get(path)
        if mod is None or depth > 10 or not ref:
            return None
        ref = self._in_workspace_ref(ref)
        if "#" in ref:
            mpath, rest = self._module_ref(ref)
            if mpath is None:
                return None
            m2 = self.modules[mpath]
            if not rest:
                return (mpath, "m:")  # the module object of a namespace import
            head, _, tail = rest.partition(".")
            if head in m2.exports:
                return self.lookup(mpath, _join(m2.exports[head], tail), depth + 1)
            hit = self.lookup(mpath, rest or "default", depth + 1)
            if hit is not None:
                return hit
            return self.through_stars(m2, mpath, rest, self.lookup, depth)
        if ref.endswith("[*]"):
            return (path, "a:" + ref[:-3]) if ref[:-3] in mod.arrays else None
        for kind, table in (("a:", mod.arrays), ("o:", mod.tables), ("z:", mod.schemas), ("f:", mod.functions),
                            ("s:", getattr(mod, "consts", {}))):  # a module constant (hostconsts.py)
            if ref in table:
                return (path, kind + (table[ref] if kind == "s:" else ref))
        head, _, rest = ref.partition(".")
        if head in mod.tables and rest:
            val = self.table_value(path, head, rest)
            if val is None:
                return None
            if val.startswith("r:"):
                return self.lookup(path, val[2:], depth + 1)
            return (path, val)
        if head in mod.aliases:
            return self.lookup(path, _join(mod.aliases[head], rest), depth + 1)
        if head in mod.imports:
            return self.lookup(path, _join(mod.imports[head], rest), depth + 1)
        if head in mod.exports and mod.exports[head] != head:
            return self.lookup(path, _join(mod.exports[head], rest), depth + 1)
        made = mod.types.get(head)
        if made and f"{made}()" in mod.tables:
            # const HANDLERS = createHandlers(): the map the module's function returns (factories.py)
            return self.lookup(path, _join(f"{made}()", rest), depth + 1)
        return None

    def string(self, path: str, val: Optional[str]) -> Optional[str]:
        if not val:
            return None
        if val.startswith("s:"):
            return val[2:]
        if val.startswith("r:"):
            hit = self.lookup(path, val[2:])
            if hit is not None and hit[1].startswith("s:"):
                return hit[1][2:]
        return self.instance_const(path, val[2:]) if val.startswith("i:") else None  # classtools.py

    def _resolve_hints(self) -> None:
        """Tool hints that name a constant elsewhere (``case tools.X.name:``) become names."""
        for path, mod in self.modules.items():
            for fn in mod.functions.values():
                for rec in list(fn.sinks) + list(fn.calls.values()):
                    h = rec.tool_hint
                    if h and h.startswith("ref:"):
                        rec.tool_hint = self.string(path, "r:" + h[4:]) or None

    # -- argument binding -------------------------------------------------------------------
    def bind_args(self, callee: FuncSummary, is_method: bool, args: List[Taint], kwargs: Dict[str, Taint],
                  star: Taint, dstar: Taint, call_step: Step) -> Dict[str, Taint]:
        """Arguments to parameters; the properties of an object literal passed at position i
        (``#i.name``) bind to the callee's i-th parameter's properties, even when empty, so a
        destructured property the caller set to a constant stays clean."""
        params = [p for p in callee.params if p.kind in ("pos", "vararg")]
        positional = [p for p in params if p.kind == "pos"]
        env: Dict[str, Taint] = {}
        for i, a in enumerate(args):
            if i < len(positional):
                env[positional[i].name] = a
            else:
                va = next((p for p in params if p.kind == "vararg"), None)
                if va is not None:
                    env[va.name] = union(env.get(va.name, {}), a)
        if star:
            for p in params:
                if p.name not in env:
                    env[p.name] = star
        out = {k: {lbl: _with_step(i, call_step) for lbl, i in v.items()} for k, v in env.items() if v}
        for k, v in kwargs.items():
            if not k.startswith("#"):
                continue
            idx, _, field = k[1:].partition(".")
            if idx.isdigit() and int(idx) < len(positional) and field:
                name = positional[int(idx)].name
                if field == FORWARD:
                    for f, t in _unpack(v).items():
                        out.setdefault(f"{name}.{f}", {lbl: _with_step(i, call_step) for lbl, i in t.items()})
                    continue
                if field == PARSED and int(idx) < len(args):  # parsed by another module's schema
                    for lbl in v:
                        for f, t in self.parsed_fields(lbl, args[int(idx)], call_step).items():
                            out.setdefault(f"{name}.{f}", t)
                    continue
                out[f"{name}.{field}"] = {lbl: _with_step(i, call_step) for lbl, i in v.items()}
        return out

    def bound_info(self, label, info, env: Dict[str, Taint]):  # args.headers: what the caller set (field_secrets)
        if label[0] != "pf":
            return info
        # error.config of the caller's error: the request it carries, sent secrets included (errorconfigs.py)
        return field_secrets(info, f"{label[1]}.{label[2]}" in env or carried_part(label, env) is not None)

    def label_base(self, label, env: Dict[str, Taint]) -> Optional[Taint]:
        carried = carried_part(label, env)
        if carried is not None:
            return carried  # error.config.url of the caller's error: the request it carries
        if label[0] == FORWARD:
            return _pack(env, label[1])
        if label[0] == PARSED:
            return {label: Info(())}
        if label[0] == "pf":
            key = f"{label[1]}.{label[2]}"
            if key in env or (rest := f"{label[1]}.{SPREADS}") in env:  # { ...args, flag }: the spread's
                return env[key] if key in env else spread_field(env[rest], label[2])
            if f"{label[1]}.*" in env:  # an object literal without it: nothing, unless an envelope (`{ params }`)
                return envelope_field(env, label[1]) or {}
            return env.get(label[1])
        return None

    # -- handler sources --------------------------------------------------------------------
    def report_order(self, fam: str, sink, item, hint) -> tuple:
        """Unchecked flows first; then a tool's as-is flow of its declared purpose, and unbuilt
        flows before built ones: the properties of one parsed arguments object reaching one sink
        (a script as is beside data spliced into another) report the purpose (capabilities.py); a
        URL's host before its path (the server's credential a request carries goes to the host)."""
        return (item[1].weak is not None, not purpose_flow(self, fam, sink, item, hint), path_weak(sink, item[1]) is not None,
                item[1].built, str(item[0]))

    def handler_env(self, path: str, fn: FuncSummary, tool: ToolInfo, kind: str) -> Dict[str, Taint]:
        if kind == ROUTE:
            return self.route_env(path, fn, tool.name)
        reg, schema = self.specs.get((path, fn.qualname, tool.name), (None, []))
        inputs = self.defined_inputs(path, fn, tool.name, reg.inputs if reg is not None else (0,))  # registry.py
        safe = {n: f for n, _d, f in schema}
        top = [p for p in fn.params if p.kind != "field"]
        env: Dict[str, Taint] = {}
        what = "tool" if kind in ("tool", "call_tool") else kind.replace("_", " ")
        for i in inputs:
            if i >= len(top):
                continue
            p = top[i]
            shown = "arguments" if kind == "call_tool" else (
                "args" if p.name.startswith("$") else p.name)
            if kind == "read_resource":
                shown = "uri"
            step = Step(p.pos[0], p.pos[1], f"parameter '{shown}' of MCP {what} '{tool.name}' (caller-controlled)", path)
            env[p.name] = {("src", tool.name, shown): Info((step,))}
            # the properties the schema declares (and those the handler destructures)
            segments = segment_variables(reg, i)  # a resource template's {name}: one segment (templatevars.py)
            names = set(safe) | segments
            names |= {q.name.split(".", 1)[1] for q in fn.params if q.kind == "field" and q.name.split(".")[0] == p.name}
            for field in names:
                fams = safe.get(field, frozenset())
                fstep = Step(p.pos[0], p.pos[1], f"parameter '{field}' of MCP {what} '{tool.name}' (caller-controlled)", path)
                if ALL in fams:  # a flag or a number: caller-controlled only where it chooses a read-only setting
                    env[f"{p.name}.{field}"] = mode_flag(self, ("src", tool.name, field), fstep)
                    continue
                env[f"{p.name}.{field}"] = {("src", tool.name, field): Info((fstep,), clean=field_marks(segments, field, fams))}
        self.mask_registry_fields(path, fn, env)  # `{ params, page }`: page is the registry's
        hstep = Step(fn.pos[0], fn.pos[1], f"HTTP request headers of MCP {what} '{tool.name}' (caller-controlled)", path)
        env["$ctx:headers"] = {("src", tool.name, "headers"): Info((hstep,))}
        return env

    def run(self) -> None:
        super().run()
        drop_repeated_logs(self)  # a secret logged through the project's logging helper: once
        for f in flag_findings(self) + gate_findings(self) + list_findings(self):  # declared read-only, writes (writeflags, cmdgates)
            self._add(f)

    # -- findings ---------------------------------------------------------------------------
    def _add(self, f: RawFinding) -> None:
        f = at_the_builder(self, f) or shown_pick(self, f)  # AppleScript built from the caller's text: at its builder (applescript.py)
        if f == DROPPED:
            return  # the tool's purpose, reported as its capability
        if f.family == "read-only" and f.flow:
            f = self._at_the_check(f)
        elif f.family == "read-only" and any(
                g.family == "read-only" and g.tool == f.tool and g.flow for g in self.findings.values()):
            # the tool's read-only claim is already reported where its check is bypassed (the
            # claim found from its effects would repeat it at the driver call)
            return
        super()._add(f)

    def _at_the_check(self, f: RawFinding) -> RawFinding:
        """A query that passed a keyword test (``startsWith("select")``) reaches the database:
        reported where the tool runs the checked query (the call after the check), which is
        where the read-only promise is broken; the flow still ends at the driver call."""
        at = next((i for i, s in enumerate(f.flow) if s.note.startswith("checked: read-only")), None)
        if at is None:
            return f
        check = next((s for s in f.flow[at + 1:] if s.location.path == f.flow[at].location.path), f.flow[at])
        loc = check.location
        if (loc.path, loc.line) == (f.path, f.pos[0]):
            return f
        msg = f"{f.message} (the query runs at {f.path}:{f.pos[0]})"
        return RawFinding(f.family, loc.path, (loc.line, loc.column, loc.line, loc.column), msg, f.confidence,
                          f.tool, f.parameter, f.flow, f.detail, f.context)
