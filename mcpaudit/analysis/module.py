"""One pass over one module: imports, module-level objects, and a summary of every function.

The module is parsed once with libcst (by the caller) and each function body is evaluated once by
the interpreter in :mod:`mcpaudit.analysis.interp`, which only descends into the parts of the tree
that matter (no generic visitor, no metadata providers). The result, a
:class:`~mcpaudit.analysis.summary.ModuleSummary`, is plain picklable data: it crosses worker
processes and goes into the cache; :mod:`mcpaudit.analysis.inter` links the summaries of all
modules into findings.
"""

from __future__ import annotations

import re

from typing import Dict, List, Optional, Set, Tuple

from ..lazycst import cst

from ..catalog import catalog
from ..firstpass import vocabulary
from ..importedhelpers import enum_names, noreturn_names, split
from .cstnodes import dotted_text, module_calls, string_value
from .interp import FunctionAnalyzer
from .exportlists import exported_lists
from .progreturns import program_returns
from .listsources import dict_rows, list_sources
from .positions import Pos, PositionIndex, flat_body, forget_kids
from .dispatch import class_tool_names, field_tables
from .schemas import method_tool_schemas
from .rolemode import read_only_role
from .ctxmanagers import collect_cm_types
from .lifespans import note_lifespan
from .classtools import collect as collect_class_tools
from .factoryreturns import collect as collect_returned
from .receivertypes import library_heads
from .readonlyconn import held_read_only_call, read_only_connection, weak_read_only_connection
from .objattrs import collect_object_attrs
from .heldobjects import collect_held_objects
from .dispatchkeys import note_dispatch_keys
from .resolution import collect_module_types, registry_entries, registry_keys
from .modeltables import class_fields, note_returned_tables, note_table_models
from .matchtools import module_enum_values
from .importedreturns import note_imported_returns
from .localimports import note_local_import_types
from .summary import FuncSummary, HandlerRec, LowLevelTool, ModuleSummary, Step
from .surface import ModuleSurface, declare_lowlevel_tool
from .taintvalue import Info, Taint
from .tuplelists import returned_tables
from .keyedtypes import collect_keyed_types
from .paramattrs import collect_param_attrs
from .wrappers import serve_wrapped
from .regsites import wrapper_factories
from .decowrappers import tool_decorators
from .fastapimcp import served_apps
from .dictregistry import registering_methods
from .recordcalls import record_methods
from .normhelpers import collect_normalisers
from .recordfns import record_functions
from .storedfns import stored_functions
from .baretransport import note_bare_transports
from .verdicts import never_returns
from .flagfields import collect as collect_flags
from .promptargs import declared_prompt_args


#: ``global a, b`` in a function: module variables a call rebinds
_GLOBAL_STMT = re.compile(r"^[ \t]+global[ \t]+([A-Za-z_][\w \t,]*?)[ \t]*(?:#.*)?$", re.M)
#: ``logging.basicConfig(level=logging.INFO)`` (or DEBUG, by name or number): the root logger
#: writes INFO records, libraries' included
_VERBOSE_LOGGING = re.compile(
    r"basicConfig\([^)]*?\blevel\s*=\s*(?:logging\.)?(?:DEBUG|INFO|[\"'](?:DEBUG|INFO)[\"']|10|20)\b", re.S)


class ModuleAnalyzer(ModuleSurface):
    """Analyses one module: imports, module-level server objects and dispatch tables, every
    function (see :class:`~mcpaudit.analysis.interp.FunctionAnalyzer`), MCP handlers and HTTP
    serving sites."""

    def __init__(self, path: str, text: str, module: cst.Module, extra_imports: Optional[Dict[str, str]] = None,
                 package: Tuple[str, ...] = ()):
        forget_kids()  # another module's children (an analysis that did not reach close())
        self.M = catalog().python
        # names from other modules' star imports (starnames.py); helpers imported from other modules (importedhelpers.py)
        self.extra_imports, self.imported_helpers = split(extra_imports)
        self.path = path
        self.text = text
        # (the pattern starts every line with a try: a file that never says "global" skips the scan)
        self.rebound_globals = frozenset(n.strip() for m in _GLOBAL_STMT.finditer(text) for n in m.group(1).split(",")) \
            if "global" in text else frozenset()
        self._lines: Optional[List[str]] = None
        self.module = module
        self.pos_index = PositionIndex(text, module)
        self.imports: Dict[str, str] = {}
        self.rebound: Set[str] = set()  # imported names a later module-level def or class rebinds
        self.instances: Dict[str, str] = {}
        self.module_types: Dict[str, str] = {}
        self.object_attr_types: Dict[str, str] = {}  # "mcp.client" -> its class (objattrs.py)
        self.server_args: List[Tuple[str, str, object, str]] = []  # registrars.py
        self.reg_sites: List[tuple] = []  # registrations the linker completes (regsites.py)
        self.fn_args: List[tuple] = []  # calls handing functions on (regsites.py)
        self.made_decorators: List[tuple] = []  # @tool of tool = make_tool(mcp) (madedecos.py)
        self.subclass_walks: List[str] = []  # classes whose __subclasses__() are walked (regsites.py)
        self.prefix_tools: List[tuple] = []  # registrations of a loop over functions by name prefix (prefixtools.py)
        self.functions: Dict[str, FuncSummary] = {}
        self.normalisers: Dict[str, tuple] = {}  # helpers returning a resolver of their parameter (normhelpers.py)
        self.handlers: List[HandlerRec] = []
        self.partial: List[Tuple[int, str, str]] = []  # functions whose analysis failed (isolation.py)
        self.ctor_handlers: Dict[str, str] = {}  # function name -> handler kind (Server(on_call_tool=fn))
        self.request_objects: Set[str] = set()  # of those, assigned into server.request_handlers[...]
        self.applied_names: Set[str] = set()  # ... and registered as server.call_tool()(fn) (appliedhandlers.py)
        self.added_tools: List[Tuple[str, Dict[str, object], Pos]] = []
        self.lowlevel_tools: List[LowLevelTool] = []
        self.main_blocks: List[Tuple[int, int]] = []  # (first, last line) of `if __name__ == "__main__":`
        self.unnamed_tool_params: List[str] = []
        self.http: List[dict] = []
        self.routes: List[Tuple[str, str, Pos]] = []  # HTTP routes beside the MCP endpoint (httproutes.py)
        self.auth: List[dict] = []
        self.server_texts: List[str] = []  # the names and instructions MCP servers are built with
        self.enums: Set[str] = set(enum_names(self.imported_helpers))  # and the project's, imported
        self.regexes: Dict[str, str] = {}  # NAME = re.compile("...")
        self.imports_mcp = False
        self.top: Optional[FunctionAnalyzer] = None
        self.quiet_sinks: Set[Tuple[int, str]] = set()  # sinks only constants (or nothing) reach
        self.readonly_vars: Set[str] = set()  # module-level connections opened read-only
        self.string_constants: Dict[str, str] = {}  # NAME = "..." at module level
        self.bool_constants: Dict[str, bool] = {}  # NAME = True at module level
        self.module_values: Dict[str, cst.CSTNode] = {}  # NAME = {...} / NAME = Call(...) at module level
        self._resolved_steps: Dict[int, Step] = {}
        self.has_relative_to = "relative_to" in text
        # module functions whose body always raises (fail(msg)), and helpers imported from another
        # module of the project annotated -> NoReturn (importedhelpers.py)
        self.noreturn: Set[str] = set(noreturn_names(self.imported_helpers))
        self.top_names: Set[str] = set()  # names assigned at module level (settings, constants)
        self.dispatch_tables: Dict[str, List[str]] = {}  # NAME = {"tool": function or Tool(), ...}
        self.dispatch_keys: Dict[str, str] = {}  # entry of a dispatch table -> the tool name it is filed under
        self.bridge_senders: Dict[str, list] = {}  # message bridges (bridges.py)
        self.bridge_receivers: list = []
        self.dispatch_text: Dict[str, str] = {}  # tool name of a record list -> its description
        self.table_models: Dict[str, str] = {}  # tool name of a tuple table's row -> its input model (modeltables.py)
        self.class_tool_refs: Dict[str, cst.BaseExpression] = {}  # class -> what names its tool
        self.class_tool_descs: Dict[str, str] = {}  # class -> the description its Tool(...) declares
        self.return_types: Dict[str, str] = {}  # function (or Class.method) -> annotated return class
        self.element_types: Dict[str, str] = {}  # TOOLS / Class.attr annotated Dict[str, X] -> X
        self.keyed_types: Dict[str, Dict[str, str]] = {}  # NAME = {"k": Cls(...)}: key -> class (keyedtypes.py)
        self.return_keyed: Dict[str, Dict[str, str]] = {}  # function returning such a dict -> key -> class
        self.param_attrs: Dict[str, Dict[str, Tuple[int, str]]] = {}  # class -> self.x = x in __init__ (paramattrs.py)
        self.secret_globals: Dict[str, str] = {}  # global a function rebinds to a mapping holding a secret -> its key
        self.local_classes: Set[str] = set()
        self.class_bases: Dict[str, List[str]] = {}  # class -> dotted bases (for dispatch on a base class)
        self.class_shapes: Dict[str, object] = {}  # class -> its fields (records.ClassShape)
        self.class_methods: Dict[str, List[str]] = {}
        self.class_attr_types: Dict[str, Dict[str, str]] = {}  # class -> {"self.x": constructor}
        self.lifespan_class: Optional[str] = None  # the class the server's lifespan yields
        self.cm_types: Dict[str, str] = {}  # context-manager function -> the class it yields
        self.routes_writes = False  # set by a query-prefix check that routes statements (stmtroutes.py)
        stem = path[:-3] if path.endswith(".py") else path
        # the folders a module sits in name the project's packages; its own file name does only for
        # a top-level module: inside a package, ``from firecrawl import FirecrawlApp`` in
        # ``pkg/firecrawl.py`` imports the library, not the file itself
        # ``from markitdown import MarkItDown`` in ``pkg/markitdown/tools.py``: a subpackage named
        # like a library the models know is reached as ``pkg.markitdown``, so the bare name is the
        # library (only a top-level folder may be imported by its own name)
        parts = [p for p in stem.split("/") if p]
        folders = parts[:-1] if len(parts) > 1 else parts
        heads = library_heads(self.M)
        self.path_parts = frozenset(p for i, p in enumerate(folders) if i == 0 or p not in heads)
        if package:  # the scan root is itself a package (modnames.root_package): its top name is the project's
            self.path_parts |= {package[0]}

    # -- positions and steps ------------------------------------------------------------
    def pos(self, stmt, node=None) -> Pos:
        return self.pos_index.pos(stmt, node)

    def resolve_taint(self, t: Taint) -> Taint:
        """Turn raw steps ``(stmt, node, note)`` into positioned :class:`Step` objects."""
        if not t:
            return {}
        out: Taint = {}
        for label, info in t.items():
            steps = []
            for st in info.steps:
                if isinstance(st, Step):
                    steps.append(st)
                    continue
                stmt, node, note = st
                # statement-level positions for flow steps: node-level alignment is kept
                # for the reported sink itself
                p = self.pos(stmt)
                steps.append(Step(p[0], p[1], note))
            out[label] = Info(tuple(steps), info.weak, info.clean, info.resolved, info.key, info.built,
                              info.checked, info.rooted)
        return out

    # -- names --------------------------------------------------------------------------
    def dotted(self, node, types: Optional[Dict[str, str]] = None) -> Optional[str]:
        t = type(node)  # exact types: libcst's concrete classes are final (positions.flat_body)
        if t is cst.Name:
            name = node.value
            if types is not None and name in types:
                return types[name] + "()"
            if name in self.imports:
                return self.imports[name]
            if name in self.module_types:
                return self.module_types[name] + "()"
            return name
        if t is cst.Attribute:
            base = self.dotted(node.value, types)
            return None if base is None else f"{base}.{node.attr.value}"
        if t is cst.Call:
            base = self.dotted(node.func, types)
            return None if base is None else f"{base}()"
        return None

    def add_import(self, node) -> None:
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = dotted_text(alias.name)
                if full.split(".")[0] in self.M.surface.packages:
                    self.imports_mcp = True
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self._bind_import(alias.asname.name.value, full)
                else:
                    self._bind_import(full.split(".")[0], full.split(".")[0])
        elif isinstance(node, cst.ImportFrom):
            mod = dotted_text(node.module) if node.module is not None else ""
            dots = "." * len(node.relative)
            base = dots + mod
            if mod.split(".")[0] in self.M.surface.packages:
                self.imports_mcp = True
            if isinstance(node.names, cst.ImportStar):
                return
            for alias in node.names:
                name = dotted_text(alias.name)
                local = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else name
                self._bind_import(local, f"{base}.{name}" if base and not base.endswith(".") else f"{base}{name}")

    def _bind_import(self, local: str, target: str) -> None:
        """``local`` bound by an import; to what it stands for when the imported module only
        re-exports it (``from pkg.runtime import subprocess``: ``subprocess``; starnames.py)."""
        self.imports[local] = self.extra_imports.get(local, target)

    def _drop_rebound_imports(self, body) -> None:
        """``from tools.amass import amass_wrapper`` and later a module-level ``def
        amass_wrapper(...)`` (or class): the last binding wins, so the name calls the def (the
        module body's run drops it again at the def: ``rebound``). Only statements of the body
        itself count: a def in ``except ImportError:`` is a fallback."""
        imported_at: Dict[str, int] = {}
        for i, stmt in enumerate(body):
            if isinstance(stmt, (cst.Import, cst.ImportFrom)) and not isinstance(stmt.names, cst.ImportStar):
                for alias in stmt.names:
                    local = alias.asname.name if alias.asname is not None else alias.name
                    if isinstance(local, cst.Name):
                        imported_at[local.value] = i
            elif isinstance(stmt, (cst.FunctionDef, cst.ClassDef)) and imported_at.get(stmt.name.value, i) < i:
                self.imports.pop(stmt.name.value, None)
                self.rebound.add(stmt.name.value)
                imported_at.pop(stmt.name.value)

    # -- the module ---------------------------------------------------------------------
    def run(self) -> ModuleSummary:
        body = flat_body(self.module)
        # imports and module-level instances first, so decorators anywhere can use them
        for stmt in body:
            if isinstance(stmt, (cst.Import, cst.ImportFrom)):
                self.add_import(stmt)
            elif isinstance(stmt, (cst.If, cst.Try)):
                for inner in self._iter_nested_simple(stmt):
                    if isinstance(inner, (cst.Import, cst.ImportFrom)):
                        self.add_import(inner)
        if self.extra_imports:
            # what a star import brings, and what an imported name re-exports: as if imported by name
            self.imports.update(self.extra_imports)
            self.imports_mcp = self.imports_mcp or any(
                t.split(".")[0] in self.M.surface.packages for t in self.extra_imports.values())
        self._drop_rebound_imports(body)
        collect_module_types(self, body)
        note_imported_returns(self)  # conn = get_connection() of another module -> LibConn (importedreturns.py)
        note_local_import_types(self, body)  # self.client = Lib() under a method's own import (localimports.py)
        collect_keyed_types(self, body)  # D["k"].method(): the class D's literal maps "k" to
        collect_param_attrs(self, body)  # self.x = x in __init__: typed where the class is built
        note_lifespan(self, body)  # what ctx.request_context.lifespan_context holds (lifespans.py)
        collect_cm_types(self, body)  # what `with self.get_handler() as h` binds (ctxmanagers.py)
        collect_normalisers(self, body)  # def normalize_path(p): return os.path.normpath(p) (normhelpers.py)
        for stmt in body:
            if isinstance(stmt, cst.FunctionDef) and never_returns(stmt):
                self.noreturn.add(stmt.name.value)
            if isinstance(stmt, (cst.Assign, cst.AnnAssign)):
                for t in ([t.target for t in stmt.targets] if isinstance(stmt, cst.Assign) else [stmt.target]):
                    if isinstance(t, cst.Name):
                        self.top_names.add(t.value)
                self._module_assign(stmt)
            elif isinstance(stmt, cst.ClassDef):
                self._note_class(stmt)
        self._guarded_instances(body)
        collect_object_attrs(self, body)  # mcp.client = Client() at module level (objattrs.py)
        collect_held_objects(self, body)  # processor.current_document = Document() in its functions (heldobjects.py)
        # the regex (a case-insensitive alternation) only where one of its names is in the text
        auth_names = self.M.surface.auth_names.finditer(self.text) if vocabulary().has_auth_name(self.text) else ()
        for m in auth_names:
            line = self.text.count("\n", 0, m.start()) + 1
            self.auth.append({"kind": "name", "pos": (line, 1, line, 1), "detail": m.group(0)})
            if len(self.auth) > 20:
                break
        self._note_bind_settings()
        self._note_auth_assignments()  # mcp.auth = verifier, after the server was built
        # `if __name__ == "__main__":` blocks: the program's own command line; what it prints
        # goes to the person who ran it
        self.main_blocks = [self.pos(stmt)[::2] for stmt in body if isinstance(stmt, cst.If) and _is_main_guard(stmt.test)]
        self.ctor_handlers = self._constructor_handlers()  # Server(on_call_tool=fn): before fn is read
        note_returned_tables(self)  # def tool_table(): return {"a": (fn_a, ModelA)} (modeltables.py)
        top = FunctionAnalyzer(self, None, "<module>", None, body_stmts=body)
        self.top = top  # its env: module globals as the module body defines them
        top.run()
        self.functions["<module>"] = top.summary()
        for name, classes in collect_returned(self, body).items():  # factoryreturns.py
            if name in self.functions:
                self.functions[name].return_classes = classes
        wrapped = serve_wrapped(self)
        note_bare_transports(self)
        return ModuleSummary(
            path=self.path, imports=self.imports, functions=self.functions,
            handlers=self.handlers, instances=self.instances, added_tools=self.added_tools,
            lowlevel_tools=self.lowlevel_tools, http=self.http, auth=self.auth,
            enums=self.enums, imports_mcp=self.imports_mcp, fastapi_mcp_apps=served_apps(self),
            registering_methods=registering_methods(self),
            lines=self.text.count("\n") + (0 if self.text.endswith("\n") else 1),
            quiet_sinks=self.quiet_sinks, read_only_mode=self._read_only_mode(),
            weak_read_only_mode=self.weak_read_only_mode(), read_only_role=read_only_role(self, body),
            routes_writes=self.routes_writes,
            class_bases=self.class_bases, class_shapes=self.class_shapes, server_texts=self.server_texts,
            class_tools=class_tool_names(self), dispatch_text=self._dispatch_text(),
            unnamed_tool_params=self.unnamed_tool_params, function_lists=self._function_lists(),
            partial=self.partial,
            wrapped_served=wrapped, attr_types=self.class_attr_types, param_attrs=self.param_attrs,
            listed_text={**{k: (n, d) for k, (_f, n, d) in returned_tables(self).items()}, **self._row_names()},
            list_sources=list_sources(self),
            exported_lists={k: a for k, (_f, a) in exported_lists(self).items()},
            program_returns=program_returns(self),
            method_tool_schemas=method_tool_schemas(self),
            verbose_logging=bool(_VERBOSE_LOGGING.search(self.text)), module_types=self.module_types,
            object_attr_types=self.object_attr_types,
            server_args=self.server_args, routes=self.routes, reg_sites=self.reg_sites, fn_args=self.fn_args,
            made_decorators=self.made_decorators,
            subclass_walks=self.subclass_walks, prefix_tools=self.prefix_tools,
            bridge_senders=self.bridge_senders, bridge_receivers=self.bridge_receivers,
            prompt_args=declared_prompt_args(self, body),
            wrapper_factories=wrapper_factories(self),  # an imported pass-through decorator (regsites._passes)
            tool_decorators=tool_decorators(self) if self.instances else {},
            **dict(zip(("wrapped_tool_classes", "lookup_methods"), collect_class_tools(self))),
            record_functions=record_functions(self), record_methods=record_methods(self),
            **dict(zip(("flag_defaults", "flag_sets"), collect_flags(self, body))),
            dispatch_tables={k: v for k, v in self.dispatch_tables.items() if k[:1] != "<"},
            dispatch_keys=self.dispatch_keys, stored=stored_functions(self),
            table_models=self.table_models, class_fields=class_fields(self),
            enum_values=module_enum_values(self),  # a match arm's Enum member (matchtools.py)
        )

    def _function_lists(self) -> Dict[str, List[str]]:
        """Module-level ``NAME = [f, g]`` / ``(f, g)`` whose every element names a function."""
        out: Dict[str, List[str]] = {}
        for name, value in self.module_values.items():
            if isinstance(value, (cst.List, cst.Tuple)) and value.elements and \
                    all(isinstance(e.value, (cst.Name, cst.Attribute)) for e in value.elements):
                names = [self.dotted(e.value) for e in value.elements]
                if all(names):
                    out[name] = names
            rows = dict_rows(self, value)
            if rows is not None:
                out[name] = rows[0]  # [{"func": f, "name": "x"}, ...]: each row's function
        defs = [s for s in flat_body(self.module) if isinstance(s, cst.FunctionDef)]
        appenders = {f.name.value: lst for f in defs for lst in [self._appended_list(f)] if lst}
        for stmt in defs:
            # @tools.append (or @register, which does tools.append(fn)) on a module-level
            # function: the module-level list (or list-like object) collects it
            for deco in stmt.decorators:
                d = deco.decorator
                if isinstance(d, cst.Attribute) and d.attr.value == "append" and \
                        isinstance(d.value, cst.Name) and d.value.value in self.module_values:
                    out.setdefault(d.value.value, []).append(stmt.name.value)
                elif isinstance(d, cst.Name) and d.value in appenders:
                    out.setdefault(appenders[d.value], []).append(stmt.name.value)
        for key, (funcs, _names, _descs) in returned_tables(self).items():
            out[key] = funcs  # def get_all_functions(): return [(fn, "name", "text"), ...]
        for key, (funcs, _async) in exported_lists(self).items():
            out.setdefault(key, funcs)  # getattr over the module's __all__ (exportlists.py)
        return out

    def _row_names(self) -> Dict[str, Tuple[List[Optional[str]], List[Optional[str]]]]:
        """The tool names and descriptions the rows of module-level lists of dicts give."""
        out = {}
        for name, value in self.module_values.items():
            rows = dict_rows(self, value)
            if rows is not None:
                out[name] = (rows[1], rows[2])
        return out

    def _appended_list(self, fn: cst.FunctionDef) -> Optional[str]:
        """The module-level list a decorator function appends its argument to
        (``def register(fn): TOOLS.append(fn); return fn``)."""
        params = fn.params.params
        if len(params) != 1:
            return None
        for stmt in flat_body(fn.body):
            call = stmt.value if isinstance(stmt, cst.Expr) else None
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and \
                    call.func.attr.value == "append" and isinstance(call.func.value, cst.Name) and \
                    call.func.value.value in self.module_values and len(call.args) == 1 and \
                    isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == params[0].name.value:
                return call.func.value.value
        return None

    def close(self) -> None:
        """Drop everything the analysis holds (the tree, the function analyzers, the caches).
        The function analyzers and this one refer to each other: without this, the parse tree
        is cyclic garbage that only the cyclic collector frees, after walking all of it."""
        self.__dict__.clear()
        forget_kids()

    def _dispatch_text(self) -> Dict[str, str]:
        """Descriptions of dispatched tools: records' ``description=``, and what a tool class's
        ``Tool(...)`` declaration says, under the tool name the class declares."""
        out = dict(self.dispatch_text)
        names = class_tool_names(self)
        for cls, desc in self.class_tool_descs.items():
            if cls in names:
                out.setdefault(names[cls], desc)
        return out

    def _read_only_mode(self) -> bool:
        """The module configures a read-only mode the database enforces (and uses no engine
        whose read-only mode still writes files)."""
        M = self.M
        if any(v.split(".")[0] in M.read_only_not_enough for v in self.imports.values()):
            return False
        return any(p.search(self.text) for p in M.read_only_enforced)

    def weak_read_only_mode(self) -> Optional[str]:
        """A connection opened read-only on an engine whose read-only mode still writes files or
        reaches the network (``duckdb.connect(p, read_only=True)``; the models' ``not-enough-for``),
        with nothing in the module turning that off: the call, as written, or None."""
        if not hasattr(self, "_weak_mode"):
            self._weak_mode = self._find_weak_read_only_mode()
        return self._weak_mode

    def held_read_only_mode(self) -> bool:
        """Every connection opened read-only on such an engine in the module also turns off what
        still writes (DuckDB's external access off in the module, a MotherDuck SaaS-mode path:
        the models' ``not-enough-unless``), and the module opens no other on it: that read-only
        mode holds."""
        self.weak_read_only_mode()
        return self._held_mode

    def _find_weak_read_only_mode(self) -> Optional[str]:
        M = self.M
        self._held_mode = False
        if not any(v.split(".")[0] in M.read_only_not_enough for v in self.imports.values()):
            return None
        calls = list(module_calls(self))
        weak = [c for c in calls if weak_read_only_connection(self, c)]
        if not weak:
            return None
        loose = next((c for c in weak if not held_read_only_call(self, c)), None)
        if loose is not None:
            return (self.dotted(loose.func) or "connect") + "(read_only=...)"
        # held when every connection the module opens on such an engine is read-only
        self._held_mode = all(weak_read_only_connection(self, c) for c in calls
                              if (self.dotted(c.func) or "").split(".")[0] in M.read_only_not_enough
                              and (self.dotted(c.func) or "").endswith(".connect"))
        return None

    def _guarded_instances(self, body) -> None:
        """``try: service = Service() except ImportError: service = None`` (or the same under an
        ``if``): a module global made in a guarded block is an instance of that class wherever it
        is not None, as one made at top level is. A name made of two different classes, or
        already known, is left alone."""
        made: Dict[str, set] = {}
        for stmt in body:
            if not isinstance(stmt, (cst.If, cst.Try)):
                continue
            for inner in self._iter_nested_simple(stmt):
                if not (isinstance(inner, cst.Assign) and isinstance(inner.value, cst.Call)):
                    continue
                fq = self.dotted(inner.value.func) or ""
                for t in inner.targets:
                    if isinstance(t.target, cst.Name) and fq and not self.M.surface.server_kind(fq):
                        made.setdefault(t.target.value, set()).add(fq)
        for name, fqs in made.items():
            if len(fqs) == 1 and name not in self.module_types and name not in self.instances:
                self.module_types[name] = next(iter(fqs))

    def _iter_nested_simple(self, stmt):
        blocks = [stmt.body]
        if isinstance(stmt, cst.Try):
            blocks += [h.body for h in stmt.handlers]
        elif isinstance(stmt, cst.If) and isinstance(stmt.orelse, cst.Else):
            blocks.append(stmt.orelse.body)
        for b in blocks:
            yield from flat_body(b)

    def _module_assign(self, stmt) -> None:
        value = stmt.value
        targets = [t.target for t in stmt.targets] if isinstance(stmt, cst.Assign) else [stmt.target]
        if value is None:
            return
        for t in targets:
            if isinstance(t, cst.Name) and isinstance(value, (cst.Dict, cst.Call, cst.List, cst.Tuple, cst.ListComp)):
                self.module_values[t.value] = value
        head = value
        while isinstance(head, cst.Attribute):
            head = head.value
        if isinstance(value, cst.Attribute) and isinstance(head, cst.Name) and head.value in self.imports \
                and value.attr.value[:1].isupper() and not value.attr.value.isupper():
            # Client = transport.Client: a class of an imported module under this module's name
            self.imports.update((t.value, self.dotted(value)) for t in targets
                                if isinstance(t, cst.Name) and t.value not in self.imports)
        if isinstance(value, cst.Call) and self.imports_mcp:
            declare_lowlevel_tool(self, stmt, value)  # check_alerts_tool = types.Tool(...)
        elif isinstance(value, (cst.List, cst.Tuple)) and self.imports_mcp:
            for e in value.elements:  # TOOLS = [types.Tool(...), ...], returned by list_tools
                if isinstance(e.value, cst.Call):
                    declare_lowlevel_tool(self, stmt, e.value)
        text = string_value(value)
        if text is not None:
            self.string_constants.update((t.value, text) for t in targets if isinstance(t, cst.Name))
        if isinstance(value, cst.Name) and value.value in ("True", "False"):
            self.bool_constants.update((t.value, value.value == "True") for t in targets if isinstance(t, cst.Name))
        entries = registry_entries(self, value)
        if entries:
            for t in targets:
                if isinstance(t, cst.Name):
                    self.dispatch_tables[t.value] = entries
            note_dispatch_keys(self, registry_keys(self, value))
            note_table_models(self, value)  # {"a": (fn_a, ModelA, "text")}: modeltables.py
        for field, (fns, keys) in field_tables(self, value).items():
            for t in targets:
                if isinstance(t, cst.Name):  # TOOLS[name]["handler"]: the records' handler functions
                    self.dispatch_tables[f"{t.value}[{field}]"] = fns
            note_dispatch_keys(self, keys)
        if isinstance(value, cst.Call):
            fq = self.dotted(value.func) or ""
            if read_only_connection(self, value):
                self.readonly_vars.update(t.value for t in targets if isinstance(t, cst.Name))
            kind = self.M.surface.server_kind(fq)
            for t in targets:
                if isinstance(t, cst.Name):
                    if kind:
                        self.instances[t.value] = kind
                    else:
                        self.module_types[t.value] = fq
                    if fq in self.M.regex_compilers and value.args:
                        pat = string_value(value.args[0].value)
                        if pat is not None:
                            self.regexes[t.value] = pat
            if kind:
                self._note_mcp_ctor(stmt, value, kind)

    def _note_class(self, cls: cst.ClassDef) -> None:
        for base in cls.bases:
            fq = self.dotted(base.value) or ""
            if fq.split(".")[-1] in self.M.enum_bases:
                self.enums.add(cls.name.value)


def _is_main_guard(test) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1 or \
            not isinstance(test.comparisons[0].operator, cst.Equal):
        return False
    sides = (test.left, test.comparisons[0].comparator)
    return any(isinstance(x, cst.Name) and x.value == "__name__" for x in sides) and \
        any(isinstance(x, cst.SimpleString) and x.evaluated_value == "__main__" for x in sides)
