"""Tools dispatched through a name-to-object map, for the linker.

A low-level server often keeps its tools as objects (``{ name, description, inputSchema,
execute }``) or class instances (``new ListFilesTool()``) in an exported list, hands the list to
its constructor, builds a map from it at run time and calls the picked one from its call-tool
handler: ``this.toolsMap[name].execute(args)``, ``tools.find((t) => t.name === name).handler(args)``,
``registry.get(name).run(args)``. The interpreter records such a call as ``<table>[name].<method>``
(:meth:`Calls.picked_table`). When ``<table>`` is a list or object of the project, its elements'
methods are the targets (:meth:`LoopTools.element_methods`); when it is filled at run time, the
targets are the tool definitions the project keeps in lists: each listed object or class with
a name and a function under ``<method>`` (:meth:`PickedTools.listed_definitions`). Each is a tool,
named by its definition, described and typed by its description and schema; its handler's
parameters are tool inputs.

A call-tool handler that dispatches by the tool's name to targets the analysis resolves to no
function makes the tool inventory incomplete, unless the project's tools were found otherwise (a
handler wrapping the SDK's own call handler to adjust the arguments of registered tools).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, NamedTuple, Optional, Set, Tuple

from ...models import Location, Parameter, ToolInfo
from ..summary import FuncSummary
from ..taintvalue import ALL

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

#: a call target naming the element a tool's name picks from a table (see the module docstring)
PICKED = "[name]."
#: fields a tool class or object names itself with
_NAME_FIELDS = ("name", "toolName", "tool_name", "TOOL_NAME")
#: fields a tool object keeps its input schema under
SCHEMA_KEYS = ("inputSchema", "parameters", "schema", "input_schema", "argsSchema", "paramsSchema", "zodSchema")
_MAX = 64


class Definition(NamedTuple):
    path: str
    fn: FuncSummary
    is_method: bool
    name: str
    description: Optional[str]
    params: list
    origin: Optional[Tuple[str, str]] = None  # (module, "o:<table>") of the list element it is
    picked_as: Optional[str] = None  # the name the dispatch picks it by, when named after its owner too


class PickedTools:
    """Mixed into :class:`~mcpaudit.analysis.ts.link.TsLinker`."""

    def picked_methods(self: "TsLinker", path: str, ref: str, method: str) -> list:
        """``<ref>[name].<method>(...)``: the method of each element of ``ref`` (a list or object of
        the project), else of each tool definition the project lists."""
        out = self.element_methods(path, ref, method)
        if out:
            return out
        return [(d.path, d.fn, d.is_method, d.name) for d in self.listed_definitions(method)]

    def listed_definitions(self: "TsLinker", method: str) -> List[Definition]:
        """The objects and class instances with a name and a function under ``method`` that
        some list of the project's shipped code holds."""
        cache = self.__dict__.setdefault("_listed", {})
        if method in cache:
            return cache[method]
        from ...sources import code_kind

        out: List[Definition] = []
        seen: Set[Tuple[str, str, str]] = set()
        for path in sorted(self.modules):
            if code_kind(path) is not None:
                continue
            for arr in sorted(self.modules[path].arrays):
                for epath, ev in self._array(path, arr):
                    d = self._definition(epath, ev, method)
                    if d is None or code_kind(d.path) is not None or (d.path, d.fn.qualname, d.name) in seen:
                        continue
                    seen.add((d.path, d.fn.qualname, d.name))
                    out.append(d._replace(origin=(epath, ev)))
                    if len(out) >= _MAX:
                        cache[method] = out
                        return out
        cache[method] = out or self.constructed_definitions(method)
        return cache[method]

    def constructed_definitions(self: "TsLinker", method: str) -> List[Definition]:
        """With no list of tool definitions: the project classes with a constant name and a
        ``method`` (their own or inherited) - tool classes whose instances the server hands one
        by one to a registry that keeps them in a ``Map`` by name (bugsy's ``registerIfEnabled(new
        XTool())`` -> ``this.tools.set(tool.name, tool)``), looked up by the call-tool handler
        (``this.registry.getTool(name).execute(args)``). An abstract base (no constant name) is
        none; nor is a class no other module imports, re-exports or loads (a tool class left
        unused), nor one of test or example code. Classes whose importer the package's entry
        point reaches are preferred (an older command tree nothing loads: livetools.py)."""
        from ...sources import code_kind
        from .livetools import imported_classes

        shipped = [p for p in sorted(self.modules) if code_kind(p) is None]
        live, every = imported_classes(self, shipped)  # re-exports and dynamic imports count (ts51b)
        out = self._classes_imported(shipped, live, method) if live is not None else []
        out = out or self._classes_imported(shipped, every, method)
        return out

    def _classes_imported(self: "TsLinker", shipped: List[str], imported: Set[str], method: str) -> List[Definition]:
        """The tool classes (a constant name, a ``method``) among the classes ``imported`` names."""
        from .instancetools import bound

        out: List[Definition] = []
        for path in shipped:
            key = path.rsplit(".", 1)[0]
            for cls in sorted(self.modules[path].classes):
                if f"{key}#{cls}" not in imported:
                    continue  # a class no other module imports is not handed to the registry
                d = self._class_definition(path, cls, method)
                if d is not None:
                    # run on an instance of cls: its this.run(...) is cls's override (instancetools.bound)
                    fn = bound(self, (d.path, d.fn, True), path, cls)[1]
                    out.append(d._replace(fn=fn, origin=(path, f"n:{cls}")))
                if len(out) >= _MAX:
                    return out
        return out

    def element_definitions(self: "TsLinker", path: str, ref: str, method: str, sep: str = "") -> List[Definition]:
        """The tool definitions among the elements of the list ``ref`` names (``tools =
        createTools(s)``, a list a factory returns, merged from others: toolarrays.py). With
        ``sep`` (the dispatch split the tool's name at it, and picked ``ref``'s owner by the first
        piece: ``category.scripts``), a definition kept in a named object's list is named
        ``<owner's name><sep><its name>``."""
        from ...sources import code_kind

        out: List[Definition] = []
        for key, epath, ev in self.keyed_elements(path, ref)[:_MAX]:
            d = self._definition(epath, ev, method) if key is None else None
            if d is not None and code_kind(d.path) is None:
                out.append(self._owned(d._replace(origin=(epath, ev)), ref, sep))
        return out

    def _owned(self: "TsLinker", d: Definition, ref: str, sep: str) -> Definition:
        owner = self._owner_name(d.origin[0], d.origin[1], ref) if sep and d.origin else None
        return d._replace(name=f"{owner}{sep}{d.name}", picked_as=d.name) if owner else d

    def _owner_name(self: "TsLinker", path: str, ev: str, ref: str) -> Optional[str]:
        """The ``name`` of the object whose list field (``ref``'s last property) holds the element
        ``ev`` (``o:notesCategory.scripts[0]`` -> ``notesCategory.name``)."""
        field = ref.rsplit(".", 1)[-1] if "." in ref else ""
        head, sep, _rest = ev[2:].rpartition(f".{field}[")
        if not field or not sep or not ev.startswith("o:") or head not in self.modules[path].tables:
            return None
        return self.string(path, self.modules[path].tables[head].get("name"))

    def _definition(self: "TsLinker", path: str, val: str, method: str) -> Optional[Definition]:
        """A list element as a tool definition: an object literal (or a reference to one) or an
        instance of a project class (``n:<class>``)."""
        if val.startswith("n:"):
            w = self._where(path, val[2:])
            return self._class_definition(w[0], w[1], method) if w and w[0] in self.modules else None
        if val.startswith("r:"):
            hit = self.lookup(path, val[2:])
            if hit is None:
                return None
            path, val = hit
        if not val.startswith("o:"):
            return None
        table = self.modules[path].tables.get(val[2:], {})
        if "." in method:
            # { type, tool: { name, call } }: the method under a field names the inner object
            field, rest = method.split(".", 1)
            inner = self._definition(path, table[field], rest) if field in table else None
            return inner
        # (its fields may come from an object it spreads: { ...searchSchema, handler: search })
        name = next((n for n in (self.string(*self.element(path, val, k)) for k in _NAME_FIELDS) if n), None)
        hpath, hv = self.element(path, val, method) if name else (path, None)
        res = self._value_function(hpath, hv, 0) if hv else None
        if res is None:
            return None
        schema = next((h for h in (self.element(path, val, k) for k in SCHEMA_KEYS) if h[1]), None)
        return Definition(res[0], res[1], res[2], name, self.string(*self.element(path, val, "description")),
                          self._schema(*schema) if schema else [])

    def _class_definition(self: "TsLinker", path: str, cls: str, method: str) -> Optional[Definition]:
        if cls not in self.modules[path].classes:
            return None
        chain = self._class_chain(path, cls)
        name = next((h[1] for h in (self._class_value(chain, "class_consts", f) for f in _NAME_FIELDS) if h), None)
        fn = next(((cpath, self.modules[cpath].functions[f"{c}.{method}"]) for cpath, c in chain
                   if f"{c}.{method}" in self.modules[cpath].functions), None)
        if not name or fn is None:
            return None
        desc = self._class_value(chain, "class_consts", "description")
        schema = next((h for h in (self._class_value(chain, "class_schemas", k) for k in SCHEMA_KEYS) if h), None)
        return Definition(fn[0], fn[1], True, name, desc[1] if desc else None,
                          self._schema(schema[0], schema[1]) if schema else [])

    def factory_unused(self: "TsLinker", path: str, reg) -> bool:
        """A tool object built inside a project function (``createX()`` returning
        ``createTool({ name, handler })``) that no module imports and its own module never calls:
        a tool the server does not register."""
        qual = (reg.handler or "")[2:] if (reg.handler or "").startswith("f:") else ""
        top = qual.split(".", 1)[0] if "." in qual else ""
        if not top or top.startswith("<"):
            return False
        for p, m in self.modules.items():
            if p != path and any(v.rsplit("#", 1)[-1] == top for v in m.imports.values()):
                return False
        return not any(rec.target == top for f in self.modules[path].functions.values() for rec in f.calls.values())

    # -- the call-tool handler's dispatch ----------------------------------------------------
    def _dispatch_calls(self: "TsLinker", path: str, fn: FuncSummary, depth: int = 2):
        """(module, function, call) of every call of a call-tool handler and of the functions it
        calls, ``depth`` levels down, whose target is picked by the tool's name."""
        todo = [(path, fn, 0)]
        seen = {(path, fn.qualname)}
        while todo:
            p, f, d = todo.pop()
            for rec in f.calls.values():
                if PICKED in rec.target or rec.target.endswith("[*]"):
                    yield p, f, rec
                elif d < depth:
                    for tpath, callee, *_ in self.resolve_all(p, f, rec.target):
                        if (tpath, callee.qualname) not in seen:
                            seen.add((tpath, callee.qualname))
                            todo.append((tpath, callee, d + 1))

    def picked_tools(self: "TsLinker", path: str, fn: FuncSummary, misses: List[dict]) -> List[ToolInfo]:
        """The tools a call-tool handler reaches through ``<table>[name].<method>`` calls; the
        dispatches that reach no function are added to ``misses``."""
        out: List[ToolInfo] = []
        for p, f, rec in self._dispatch_calls(path, fn):
            if PICKED not in rec.target:
                if not self.resolve_all(p, f, rec.target):
                    self._unresolved(p, rec, misses)
                continue
            ref, method = rec.target.split(PICKED, 1)
            sep = self.modules[p].name_splits.get(f.qualname) or self.modules[path].name_splits.get(fn.qualname, "")
            defs = self.element_definitions(p, ref, method, sep)
            if not defs and self.element_methods(p, ref, method):
                continue  # a table of the project: its keys or elements name the tools
            defs = defs or [self._owned(d, ref, sep) for d in self.listed_definitions(method)]
            if not defs and "." not in method:
                # (a method under a field of the entry, entry.schema.parse(args), need not be
                # the dispatch)
                self._unresolved(p, rec, misses)
            for d in defs:
                self.pick_hints.setdefault((path, fn.qualname), {})[d.name] = d.picked_as or d.name
                loc = Location(d.path, d.fn.pos[0], d.fn.pos[1])
                out.append(ToolInfo(
                    name=d.name, kind="tool", function=d.fn.qualname, location=loc,
                    parameters=[Parameter(name=n, description=ds, tainted=ALL not in fams) for n, ds, fams in d.params],
                    description=d.description, description_location=loc if d.description else None,
                    framework="lowlevel"))
        return out

    def registration_unfollowed(self: "TsLinker", path: str, reg, defs: list) -> None:
        """``server.registerTool(metadata.name, ...)`` with a name computed at run time and no
        tool definition of the project to stand for it: a tool the analysis did not follow."""
        if not defs:
            self.unfollowed.append({
                "path": path, "line": reg.pos[0], "callee": f"registerTool({reg.name[2:]})", "kind": "registration",
                "why": "a tool registered under a name computed at run time, with a handler the analysis could not resolve"})

    def _unresolved(self: "TsLinker", path: str, rec, misses: List[dict]) -> None:
        callee = rec.target.replace(PICKED, "[name].")
        miss = {"path": path, "line": rec.pos[0], "callee": callee, "kind": "dispatch", "why": (
            f"call_tool calls {callee}, chosen by the tool name, and the analysis could not resolve it "
            "to any function of the project")}
        if miss not in misses:
            misses.append(miss)


__all__ = ["PICKED", "SCHEMA_KEYS", "Definition", "PickedTools"]
