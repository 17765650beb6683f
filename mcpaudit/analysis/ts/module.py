"""One pass over one TypeScript/JavaScript module: imports and exports (ES modules, CommonJS), module-level
constants, object and array tables, classes and their field types, schemas, function summaries, registrations, HTTP.

The tree is parsed once (by the caller); each function body is evaluated once by :class:`~.interp.TsFunction`; the result is a :class:`~.records.TsModuleSummary`.
"""

from __future__ import annotations

import posixpath
from typing import Dict, List, Optional, Set, Tuple

from ...catalog import catalog
from ..summary import FuncSummary, LowLevelTool
from . import nodes as N
from .appmode import names_write_stages, operator_mode, read_only_guards, refused_names
from .modetools import flagged_tools, mode_flags
from .writeflags import write_flags
from .mappedlists import mapped_list
from .cmdgates import command_gates
from .listfilter import list_bypasses
from .authoff import auth_off_when_unset
from .authnames import auth_names
from .carriers import url_credentials
from .choices import module_list
from .instancelists import returned_list
from .factories import declared_call, returned_table, spread_ref, tuple_element, wrapped_value
from .logrepeats import log_arms
from .maptables import module_map, ref_key, spread_entry
from .methodlists import handler_positions
from .originguard import origin_guard
from .interp import TsFunction
from .parse import Source, error_lines, field_ids
from .reentry import analyze_once
from .routes import open_to_network
from .interopdefault import interop_alias
from .imported import bound_names, loaded_all
from .returntypes import record_method_return
from .exportedclients import client_credentials
from .depfields import dep_interface
from .ifacefields import interface_fields
from .remotebrowser import browser_kind
from .fieldtools import constructions
from .records import TOOL_OBJECT_HANDLERS, TsModuleSummary, TsRegistration, const_objects
from .registrars import find_registrars
from .pushes import record_push
from .sharedsinks import apply_bindings
from .workspace import PACKAGES
from .through import find_wrappers, registrations_through
from .typeguards import guards_first
from .moduleclasses import ModuleClasses

_EXTENSIONS = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts")
#: specifier prefixes that are path aliases of the project (tsconfig paths, subpath imports)
_ALIAS_PREFIXES = ("~/", "@/", "#", "$lib/", "src/", "@src/", "@app/", "@lib/")


def module_key(path: str) -> str:
    """A module's key: its path without the extension (``src/a/b.ts`` -> ``src/a/b``)."""
    for ext in _EXTENSIONS:
        if path.endswith(ext):
            return path[: -len(ext)]
    return path

class TsModule(ModuleClasses):
    """Analyses one module (see the module docstring)."""

    def __init__(self, path: str, data: bytes, tree):
        N.PARTS.clear()
        self.M = catalog().typescript
        self.path = path
        self.packages: frozenset = frozenset()  # the monorepo's own packages (workspace.py)
        self.data = data
        self.src = Source(data)
        self.tree = tree
        self.F = field_ids(tree.language)
        self.key = module_key(path)
        self.imports: Dict[str, str] = {}
        self.aliases: Dict[str, str] = {}
        self.consts: Dict[str, str] = {}
        self.types: Dict[str, str] = {}
        self.lib_returns: Dict[str, str] = {}  # function -> the library type it returns (receiverorigin.py)
        self.wrapped_fns: Dict[str, str] = {}  # const n = wrapper(fn): n -> fn (wrappedexports.py)
        self.instances: Dict[str, str] = {}
        self.tables: Dict[str, Dict[str, str]] = {}
        self.arrays: Dict[str, List[str]] = {}
        self.pushed: Dict[str, str] = {}  # X.push(...) at module level (pushes.py)
        self.schemas: Dict[str, list] = {}
        self.schema_names: Dict[str, str] = {}
        self.schema_nodes: Dict[str, object] = {}  # module-level zod schema -> its node (zod_field)
        self.exports: Dict[str, str] = {}
        self.star_exports: List[str] = []
        self.functions: Dict[str, FuncSummary] = {}
        self.registrations: List[TsRegistration] = []
        self.registrar_tables: List[Tuple[str, str, str]] = []  # (method, receiver type, table): registrars.py
        self.lowlevel_tools: List[LowLevelTool] = []
        self.http: List[dict] = []
        self.auth: List[dict] = []
        self.listen_hosts: List[tuple] = []  # (address, by default, overriding env var, position) of listen() calls
        self.classes: Dict[str, Optional[str]] = {}
        self.implements: Dict[str, List[str]] = {}
        self.interface_fields: Dict[str, Dict[str, str]] = {}  # interface -> property -> type (ifacefields.py)
        self.dep_ifaces: Dict[str, Dict[str, str]] = {}  # interface -> property -> sink (depfields.py)
        self.quiet_sinks: Set[Tuple[int, str]] = set()  # (line, family) of sinks only constants reach
        self.dispatched: Dict[str, Set[str]] = {}  # function -> tool names it dispatches on
        self.name_splits: Dict[str, str] = {}  # function -> what it splits the tool's name at
        self.class_names: Set[str] = set()
        self.local_names: Set[str] = set()
        self.field_types: Dict[Tuple[str, str], str] = {}
        self.field_consts: Dict[Tuple[str, str], str] = {}
        self.field_nodes: Dict[Tuple[str, str], object] = {}
        self.field_aliases: Dict[Tuple[str, str], str] = {}  # this.run = promisify(exec): a sink's name
        self.id_fields: Set[Tuple[str, str]] = set()  # fields only set to a fresh id (idfields.py)
        self.regexes: Dict[str, Tuple[str, str]] = {}
        self.enums: Set[str] = set()
        self.type_aliases: Dict[str, str] = {}  # type E = Page | Frame: its first named member (N.alias_type)
        self.imports_mcp = False
        self.may_table_tools = any(k.encode() in self.data for k in TOOL_OBJECT_HANDLERS)  # Surface.table_tool
        self.body_statements: list = []
        self._pending: List[tuple] = []
        self.outers: Dict[Tuple[int, int], TsFunction] = {}  # a factory's returned functions: factories.py
        self.blocks: Dict[int, tuple] = {}  # statement block -> its statements and functions (_hoist)
        self.top: Optional[TsFunction] = None
        # helpers that register what their caller passes, and their calls (see .through)
        self.wrappers: Dict[str, object] = {}
        self.wrapped: Set[int] = set()
        self.through_sites: Set[int] = set()
        self.import_wrappers: Dict[str, str] = {}  # imported registration helpers (sharedwrappers.py)
        self.param_regs: List[Tuple[int, TsRegistration]] = []

    # -- specifiers -------------------------------------------------------------------------
    def canonical(self, spec: str) -> str:
        """A module specifier as a name: a package (``child_process``, ``fs/promises``), or a
        project module ``<key>#`` (relative) / ``*<suffix>#`` (a path alias, matched by suffix)."""
        if spec.startswith("node:"):
            spec = spec[5:]
        if spec.startswith((".", "/")):
            base = posixpath.dirname(self.path)
            full = posixpath.normpath(posixpath.join(base, spec)) if not spec.startswith("/") else spec.lstrip("/")
            return module_key(full) + "#"
        for pre in _ALIAS_PREFIXES:
            if spec.startswith(pre):
                return "*" + module_key(spec[len(pre):]) + "#"
        for pkg in self.M.surface.packages:
            if spec == pkg or spec.startswith(pkg + "/"):
                self.imports_mcp = True
        if spec in self.packages:
            return spec + "#"  # a package of this monorepo: the linker knows its entry module
        return module_key(spec) if "/" in spec else spec

    def _enum_strings(self, name: str, body) -> None:
        """``enum Names { FETCH = "fetch-page" }``: its string members, as a table (a tool
        definition named ``Names.FETCH``)."""
        out = {}
        for c in body.named_children if body is not None else ():
            if c.type == "enum_assignment" and len(c.named_children) == 2:
                v = N.string_value(self.data, c.named_children[1])
                if v is not None:
                    out[N.text(self.data, c.named_children[0])] = "s:" + v
        if out:
            self.tables[name] = out

    def member(self, base: str, name: str) -> str:
        """``name`` of the module ``base``; a package's export that is the package itself
        (``ethers`` of "ethers": ``export-aliases`` of the models) is the package."""
        return base + name if base.endswith("#") else self.M.export_aliases.get(f"{base}.{name}", f"{base}.{name}")

    def require_of(self, call) -> Optional[str]:
        """The module ``require("x")`` or ``import("x")`` loads (canonical), or None."""
        if call is None or call.type != "call_expression":
            return None
        fn = call.child_by_field_id(self.F.function)
        if fn is None or not (fn.type == "import" or (fn.type == "identifier" and N.text(self.data, fn) == "require")):
            return None
        args = N.args_of(call)
        spec = N.string_value(self.data, args[0]) if args else None
        return self.canonical(spec) if spec is not None else None

    # -- the module -------------------------------------------------------------------------
    def run(self) -> TsModuleSummary:
        root = self.tree.root_node
        partial = error_lines(root)
        self.top = TsFunction(self, None, "<module>")
        stmts = [c for c in root.named_children]
        for s in stmts:  # imports first, so that every later name resolves
            if s.type == "import_statement":
                self._import(s)
            elif s.type == "export_statement" and s.child_by_field_id(self.F.source) is not None:
                self._reexport(s)
        apply_bindings(self, getattr(self, "extra_imports", None))  # execAsync of utils.ts: exec
        for s in stmts:
            self._declare(s)
        self.auth.extend(auth_names(self))  # names of auth in code, not in strings or comments
        auth_off_when_unset(self)  # auth that passes while unset, Origin checks that admit null
        origin_guard(self)  # a 403 to every non-loopback Origin (DNS-rebinding guard)
        find_wrappers(self)
        # functions (type guards first: callers read them), then the module body (registrations)
        for node, qual, cls in guards_first(self._pending):
            self._analyze(node, qual, cls, self.outers.get((node.start_byte, node.end_byte)), None)
        top = self.top
        top.run()
        self.functions["<module>"] = top.summary()
        self.registrations = registrations_through(self)
        for name, fw in list(self.types.items()):
            kind = self.M.surface.server_kind(fw.replace("()", ""))
            if kind:
                self.instances[name] = kind
        class_schemas = self._class_schemas()  # (before the schemas are copied: it adds the fields' own)
        return TsModuleSummary(
            path=self.path, imports=self.imports, functions=self.functions, handlers=[],
            instances=self.instances, added_tools=[], lowlevel_tools=self.lowlevel_tools,
            http=[dict(h, host=self.listen_hosts[0][0], host_default=self.listen_hosts[0][1], host_env=self.listen_hosts[0][2])
                  if self.listen_hosts and h.get("kind") not in ("rebinding", "rebinding-bare") else h for h in self.http],
            auth=self.auth, enums=self.enums, imports_mcp=self.imports_mcp,
            lines=self.data.count(b"\n") + (0 if self.data.endswith(b"\n") else 1),
            exports=self.exports, star_exports=self.star_exports, aliases=self.aliases, tables=self.tables,
            arrays=self.arrays, pushed=self.pushed, list_bypasses=list_bypasses(self.top, self.data, self.tree.root_node),
            schemas={**self.schemas, **{n: self.schemas[k] for n, k in self.schema_names.items() if k in self.schemas}}, registrations=self.registrations, classes=self.classes,
            implements=self.implements, interface_fields=self.interface_fields, quiet_sinks=self.quiet_sinks,
            dispatched={k: sorted(v) for k, v in self.dispatched.items()}, name_splits=self.name_splits,
            class_consts=self._class_consts(), class_schemas=class_schemas, consts=self.consts,
            types=self.types, listen_hosts=self.listen_hosts, partial=partial, open_app=open_to_network(self.data), **browser_kind(self.data),
            names_write_stages=names_write_stages(self.data), const_objects=const_objects(self.data, self.tree.root_node), **self._app_mode(),
            **write_flags(self.data, self.tree.root_node), command_gates=command_gates(self.data, self.tree.root_node),
            url_credentials=url_credentials(self.data, self.M), constructions=constructions(self.top, self.tree.root_node),
            log_arms=log_arms(self.tree.root_node, self.functions.values()), lib_returns=self.lib_returns,
            client_creds=client_credentials(self),
            runs_tool_objects=any(f".{k}(".encode() in self.data for k in TOOL_OBJECT_HANDLERS) and any(r.kind == "call_tool" for r in self.registrations),
            registrars=find_registrars(self.data, root), registrar_tables=self.registrar_tables, wrapped_fns=self.wrapped_fns, handler_inputs=handler_positions(self.data, root),
        )

    def _analyze(self, node, qual: str, cls: Optional[str], outer: Optional[TsFunction],
                 context_index: Optional[int]) -> None:
        fa = TsFunction(self, node, qual, cls, outer=outer)
        if context_index is not None:
            fa.context_index = context_index
        fa.run()
        self.functions[qual] = fa.summary()
        method = cls is not None and node.type == "method_definition"
        if method or (cls is None and outer is None and "." not in qual and "#" not in qual):
            record_method_return(self, qual, fa, node)  # what a call on a method's or factory's (createClient()) result reaches
        if outer is None:
            returned_table(self, fa, node, qual), mapped_list(self, fa, node, qual)  # a factory of a table; names.map(makeTool)
        returned_list(self, fa, node, qual)  # return tools.filter(f): instancelists.py

    def analyze_nested(self, node, qual: str, outer: TsFunction,
                       context_index: Optional[int] = None) -> Tuple[str, bool]:
        """A function inside another (an inline handler), seeing the enclosing one's types and
        constants: (the name a registration of it keeps, whether it was analysed now; reentry.py)."""
        return analyze_once(self, node, qual, outer, context_index)

    # -- imports and exports -----------------------------------------------------------------
    def _import(self, s) -> None:
        src = s.child_by_field_id(self.F.source)
        spec = N.string_value(self.data, src) if src is not None else None
        if spec is None:
            return
        base = self.canonical(spec)
        for c in s.named_children:
            if c.type != "import_clause":
                continue
            for part in c.named_children:
                t = part.type
                if t == "identifier":  # default import
                    local = N.text(self.data, part)
                    self.imports[local] = base + "default" if base.endswith("#") else base
                elif t == "namespace_import":
                    ids = [x for x in part.named_children if x.type == "identifier"]
                    if ids:
                        self.imports[N.text(self.data, ids[0])] = base
                elif t == "named_imports":
                    for sp in part.named_children:
                        if sp.type != "import_specifier":
                            continue
                        name = sp.child_by_field_id(self.F.name)
                        alias = sp.child_by_field_id(self.F.alias)
                        if name is None:
                            continue
                        n = N.string_value(self.data, name) if name.type == "string" else N.text(self.data, name)
                        local = N.text(self.data, alias) if alias is not None else n
                        self.imports[local] = self.member(base, n) if n != "default" or not base.endswith("#") else base + "default"

    def _reexport(self, s) -> None:
        src = s.child_by_field_id(self.F.source)
        spec = N.string_value(self.data, src) if src is not None else None
        if spec is None:
            return
        base = self.canonical(spec)
        clause = next((c for c in s.named_children if c.type == "export_clause"), None)
        ns = next((c for c in s.named_children if c.type == "namespace_export"), None)
        if clause is not None:
            for sp in clause.named_children:
                if sp.type != "export_specifier":
                    continue
                name = sp.child_by_field_id(self.F.name)
                alias = sp.child_by_field_id(self.F.alias)
                if name is None:
                    continue
                n = N.text(self.data, name)
                self.exports[N.text(self.data, alias) if alias is not None else n] = self.member(base, n)
        elif ns is not None:
            ids = [x for x in ns.named_children if x.type in ("identifier", "string")]
            if ids:
                self.exports[N.text(self.data, ids[0])] = base
        elif base.endswith("#"):
            self.star_exports.append(base[:-1])

    # -- declarations ------------------------------------------------------------------------
    def _declare(self, s) -> None:
        t = s.type
        if t == "import_statement":
            return
        if t == "export_statement":
            if s.child_by_field_id(self.F.source) is not None:
                return
            decl = s.child_by_field_id(self.F.declaration)
            is_default = any(c.type == "default" for c in s.children)
            if decl is not None:
                names = self._declare(decl)
                for n in names or ():
                    self.exports["default" if is_default else n] = n
                    if is_default:
                        self.exports[n] = n
                return
            value = s.child_by_field_id(self.F.value)
            if value is not None:
                self._default_export(value)
                return
            clause = next((c for c in s.named_children if c.type == "export_clause"), None)
            if clause is not None:
                for sp in clause.named_children:
                    if sp.type == "export_specifier":
                        name = sp.child_by_field_id(self.F.name)
                        alias = sp.child_by_field_id(self.F.alias)
                        if name is not None:
                            n = N.text(self.data, name)
                            self.exports[N.text(self.data, alias) if alias is not None else n] = n
            for c in s.named_children:  # export = x (TypeScript)
                if c.type in ("identifier",):
                    self.exports["default"] = N.text(self.data, c)
            return
        if t in ("function_declaration", "generator_function_declaration"):
            name = s.child_by_field_id(self.F.name)
            if name is None:
                return None
            n = N.text(self.data, name)
            self.local_names.add(n)
            self._pending.append((s, n, None))
            return [n]
        if t in ("class_declaration", "abstract_class_declaration"):
            n = self.declare_class(s, None)
            return [n] if n else None
        if t in ("lexical_declaration", "variable_declaration"):
            names = []
            for d in s.named_children:
                if d.type == "variable_declarator":
                    n = self._declarator(d)
                    if n:
                        names.append(n)
            self.body_statements.append(s)
            return names
        if t == "enum_declaration":
            name = s.child_by_field_id(self.F.name)
            if name is not None:
                self.enums.add(N.text(self.data, name))
                self.local_names.add(N.text(self.data, name))
                self._enum_strings(N.text(self.data, name), s.child_by_field_id(self.F.body))
            return None
        if t == "expression_statement":
            self._cjs_export(s)
            record_push(self, s)
            self.body_statements.append(s)
            return None
        if t == "type_alias_declaration":
            name, named = N.alias_type(self.data, s)
            if name and named:
                self.type_aliases[name] = named
            return None
        if t == "interface_declaration":
            found = interface_fields(self.data, s)
            if found:
                self.interface_fields[found[0]] = found[1]
            dep_interface(self, s)
            return None
        if t in ("ambient_declaration", "comment", "empty_statement", "hash_bang_line"):
            return None
        if t in ("internal_module", "module"):
            body = s.child_by_field_id(self.F.body)
            if body is not None:
                for c in body.named_children:
                    self._declare(c)
            return None
        self.body_statements.append(s)
        return None

    def _default_export(self, value) -> None:
        v = N.unwrap(value)
        if v is None:
            return
        if v.type == "identifier":
            self.exports["default"] = N.text(self.data, v)
        elif v.type in N.FUNCTIONS:
            self.local_names.add("default")
            self._pending.append((v, "default", None))
            self.exports["default"] = "default"
        elif v.type == "object":
            self.table("default", v)
            self.exports["default"] = "default"
            for k in self.tables.get("default", {}):
                self.exports.setdefault(k, f"default.{k}")
        elif v.type == "array":  # export default [startTool, endTool]
            self.array("default", v)
            self.exports["default"] = "default"
        elif v.type in ("class", "class_declaration"):
            n = self.declare_class(v, None, name="default")
            self.exports["default"] = n or "default"
        else:
            d = self.top.dotted(v)
            if d:
                self.aliases["default"] = d
                self.exports["default"] = "default"

    def _cjs_export(self, s) -> None:
        """``module.exports = ...``, ``module.exports.x = ...``, ``exports.x = ...``."""
        e = s.named_children[0] if s.named_children else None
        if e is None or e.type != "assignment_expression":
            return
        left = e.child_by_field_id(self.F.left)
        right = e.child_by_field_id(self.F.right)
        parts = N.member_parts(self.data, left) if left is not None else None
        if not parts or right is None:
            return
        if parts == ["module", "exports"]:
            self._default_export(right)
            r = N.unwrap(right)
            if r is not None and r.type == "object":
                for k, v in N.object_props(self.data, r).items():
                    vu = N.unwrap(v)
                    if vu is not None and vu.type in ("identifier", "shorthand_property_identifier"):
                        self.exports[k] = N.text(self.data, vu)
                    else:
                        self.exports[k] = f"default.{k}"
            return
        if len(parts) == 3 and parts[:2] == ["module", "exports"] or len(parts) == 2 and parts[0] == "exports":
            name = parts[-1]
            r = N.unwrap(right)
            if r is not None and r.type == "identifier":
                self.exports[name] = N.text(self.data, r)
            elif r is not None and r.type in N.FUNCTIONS:
                qual = f"exports.{name}"
                self.local_names.add(qual)
                self._pending.append((r, qual, None))
                self.exports[name] = qual
            elif r is not None:
                d, c = self.top.dotted(r), self.top.const_of(r)
                if c is not None:  # exports.BASE = "https://...": a constant (hostconsts.py)
                    self.consts[f"exports.{name}"] = c
                elif d:
                    self.aliases[f"exports.{name}"] = d
                if d or c is not None:
                    self.exports[name] = f"exports.{name}"

    def _declarator(self, d) -> Optional[str]:
        name = d.child_by_field_id(self.F.name)
        value = d.child_by_field_id(self.F.value)
        if name is None:
            return None
        v = N.unwrap(value) if value is not None else None
        if name.type == "object_pattern" and v is not None and (N.awaited_call(v) is not None or v.type == "identifier"):
            bound_names(self, name, v)  # require("x"), await import("x"), a project factory, pkg (imported.py)
            return None
        if name.type == "array_pattern" and v is not None:
            loaded_all(self, name, v)
            return None
        if name.type != "identifier":
            return None
        n = N.text(self.data, name)
        self.local_names.add(n)
        ann = d.child_by_field_id(self.F.type)
        if ann is not None:
            tp = self.top.resolve_type(N.type_name(self.data, ann) or "")
            if tp:
                self.types[n] = tp
        if v is None:
            return n
        t = v.type
        if t == "await_expression" and v.named_children:
            v = N.unwrap(v.named_children[0])
            t = v.type if v is not None else ""
        if t in N.FUNCTIONS:
            self._pending.append((v, n, None))
            return n
        if t == "call_expression":
            declared_call(self, n, v)
            return n
        if t == "new_expression":
            if tp := self.top.type_of(v):
                self.types[n] = tp
            module_map(self, n, v)  # new Map([["name", handler], ...other.handlers]): maptables.py
            return n
        if t == "object":
            if self._is_zod_shape(v):
                key = f"@{v.start_byte}"
                self.schemas[key] = self.top.schema_params(v)
                self.schema_names[n] = key
            self.table(n, v)
            return n
        if t == "array":
            self.array(n, v)
            module_list(self, d, n, v)
            return n
        if t == "regex":
            pat = v.child_by_field_id(self.F.pattern)
            flags = v.child_by_field_id(self.F.flags)
            self.regexes[n] = (N.text(self.data, pat) if pat is not None else "",
                               N.text(self.data, flags) if flags is not None else "")
            return n
        c = self.top.const_of(v)
        if c is not None:
            self.consts[n] = c
            return n
        d2 = self.top.dotted(v) if t in ("identifier", "member_expression") else interop_alias(self, v)
        if d2 and d2 != n:  # (pkg as any).default || pkg: the import (interopdefault.py)
            self.aliases[n] = d2
        return n

    def _is_zod_shape(self, obj) -> bool:
        props = N.object_props(self.data, obj)
        if not props:
            return False
        for v in props.values():
            u = N.unwrap(v)
            if u is None or u.type != "call_expression" or not self.top._zod_call(N.chain_root(u)):
                return False
        return True

    # -- tables ------------------------------------------------------------------------------
    def table(self, name: str, obj, depth: int = 0) -> None:
        """An object literal at module level: its constants, functions and references. A
        computed key that names a constant elsewhere (``[fetchTool.name]: fetchUrl``) is kept
        as ``[ref:<name>]`` (resolved when linking)."""
        out: Dict[str, str] = {}
        for k, v in N.object_props(self.data, obj).items():
            val = self._table_value(f"{name}.{k}", v, depth)
            if val is not None:
                out[k] = val
        for c in obj.named_children:
            if c.type == "spread_element" and c.named_children:
                spread_entry(self, out, c)  # { ...redisTools, ...queueTools }: "...<n>" (listloops.py)
                continue
            if c.type != "pair":
                continue
            k = c.child_by_field_id(self.F.key)
            if k is None or k.type != "computed_property_name" or N.prop_key(self.data, k) is not None:
                continue
            key = ref_key(self, k.named_children[0]) if k.named_children else None
            v = c.child_by_field_id(self.F.value)
            if key and v is not None:
                val = self._table_value(f"{name}[{len(out)}]", v, depth)
                if val is not None:
                    out[key] = val
        self.tables[name] = out

    def _app_mode(self) -> dict:
        guards = read_only_guards(self.data)
        return {"app_read_only": bool(guards), "app_read_only_refuses": refused_names(guards, self.arrays), "operator_read_only": operator_mode(self.data),
                "app_read_only_flags": mode_flags(guards), "flagged_tools": flagged_tools(self.data, self.tree.root_node)}

    def array(self, name: str, arr, depth: int = 0) -> None:
        out: List[str] = []
        for i, el in enumerate(c for c in arr.named_children if c.type != "comment"):
            if el.type == "spread_element":
                inner = el.named_children
                d = spread_ref(self.top, inner[0]) if inner else None
                if d:
                    out.append("r:" + d + "[*]")
                continue
            val = tuple_element(self, f"{name}[{i}]", el, depth) or self._table_value(f"{name}[{i}]", el, depth)
            if val is None and el.type == "new_expression":  # [new ListFilesTool(), ...]: an instance
                d = self.top.dotted(el.child_by_field_id(self.F.constructor))
                val = "n:" + d if d else None
            if val is not None:
                out.append(val)
        self.arrays[name] = out

    def _table_value(self, qual: str, v, depth: int) -> Optional[str]:
        u = N.unwrap(v)
        if u is None:
            return None
        t = u.type
        if t in N.FUNCTIONS:
            self.local_names.add(qual)
            self._pending.append((u, qual, None))
            return "f:" + qual
        if t in ("identifier", "shorthand_property_identifier"):
            c = self.top.const_of(u) if t == "identifier" else self.consts.get(N.text(self.data, u))
            if c is not None:
                return "s:" + c
            name = N.text(self.data, u)
            d = self.top.dotted(u) if t == "identifier" else (
                self.aliases.get(name) or self.imports.get(name) or name)
            return "r:" + d if d else None
        if t == "member_expression":
            c = self.top.const_of(u)
            if c is not None:
                return "s:" + c
            d = self.top.dotted(u)
            return "r:" + d if d else None
        if t == "object" and depth < 4:
            if self._is_zod_shape(u):  # { schema: { url: z.string() } }: the zod shape is the schema too
                self.schemas[qual] = self.top.schema_params(u)
            self.table(qual, u, depth + 1)
            return "o:" + qual
        if t == "array" and depth < 4:
            self.array(qual, u, depth + 1)
            return "a:" + qual
        if t == "call_expression":
            if self.top._zod_call(N.chain_root(u)):
                key = f"@{u.start_byte}"
                self.schemas[key] = self.top.schema_params(u)
                return "z:" + key
            args = N.args_of(u)
            if len(args) == 1 and N.unwrap(args[0]) is not None and N.unwrap(args[0]).type == "object" and depth < 4:
                # x: tool({ description, inputSchema, handler }): the definition is the object
                self.table(qual, N.unwrap(args[0]), depth + 1)
                return "o:" + qual
            # withAuth(["scope"], createHandler(logic)), zodToJsonSchema(Schema): the function
            # or the name the wrapper is given
            return wrapped_value(self, qual, u, 0)
        c = self.top.const_of(u)
        if c is not None:
            return "s:" + c
        if qual.endswith(".description") and t in ("template_string", "binary_expression"):
            # a description with a part imported from elsewhere (`Reads logs. ${OPTIONS_HELP}`):
            # its own words still say what the tool does; the part it cannot read is left out
            c = N.fold_gaps(self.data, self.F, u, self.top.const_of)
            if c is not None and c.replace(N.GAP, "").strip():
                return "s:" + c
        if t == "true":
            return "s:true"
        if t == "false":
            return "s:false"
        return None

    def schema_field(self, key: str, field: str) -> frozenset:
        """The families a schema proves its property ``field`` clean for (empty when unknown:
        a schema in another module, a property it does not declare)."""
        for name, _desc, fams in self.schemas.get(key, ()):
            if name == field:
                return fams
        return frozenset()

    def table_keys(self, table: str) -> List[str]:
        t = self.tables.get(table)
        return sorted(t) if t else []


def analyze_module(path: str, data: bytes, tree, extra_imports: Optional[Dict[str, str]] = None) -> TsModuleSummary:
    mod = TsModule(path, data, tree)
    mod.extra_imports = extra_imports  # other modules' sink constants (sharedsinks.py)
    mod.packages = frozenset((extra_imports or {}).get(PACKAGES, "").split("\x1f")) - {""}  # workspace.py
    try:
        return mod.run()
    finally:
        # the module and its top function refer to each other: break the cycle, freed now, not by the GC
        mod.top = None
        N.PARTS.clear()
