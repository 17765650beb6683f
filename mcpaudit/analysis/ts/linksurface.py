"""The MCP surface of linked TypeScript/JavaScript modules: registrations turned into tools (their
handlers resolved across modules, tools declared by a low-level ``tools/list`` handler, arrays of tool
definitions and definition objects with their handler keys). Mixed into
:class:`~mcpaudit.analysis.ts.link.TsLinker`."""

from __future__ import annotations

import posixpath

from functools import partial
from typing import List, Optional, Tuple

from ...models import Location, Parameter, ToolInfo
from ..effects import nearest
from ...sources import is_fixture_path
from ..summary import FuncSummary
from ..taintvalue import ALL
from .configmaps import CONFIG
from .fieldtools import constructed_lists
from .records import TsModuleSummary, TsRegistration
from .routes import KIND as ROUTE
from .schematypes import annotate_flags
from .projectservers import served
from .pushes import pushed_elements
from .registrars import REGISTRAR, registrar_accepts, table_registered
from .forwardregistrars import forwarded_inside
from .targets import literal as _literal
from .moduledefs import defined_tools
from .toolmaps import SCHEMA_KEYS as _SCHEMA_KEYS
from .tuples import SPREAD

#: keys of a tool definition object: its handler and its schema
_HANDLER_KEYS = ("handler", "execute", "logic", "run", "callback", "handle", "invoke", "fn", "action", "impl", "implementation")


def _once_each(tools: List[ToolInfo]) -> List[ToolInfo]:
    """Each tool once by its kind, name, URI and place: a registration inside a module-level factory
    (``const init = (opts) => { server.tool("send", ...) }``) is read in the factory and again where
    the module calls it, under two handler names; the first reading is kept."""
    seen, out = set(), []
    for t in tools:
        key = (t.kind, t.name, t.uri, t.location.path, t.location.line, t.location.column)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


class LinkedSurface:
    """Builds the tools of the project from its modules' registrations."""

    # -- the surface ------------------------------------------------------------------------
    def build_surface(self) -> None:
        declared: List[ToolInfo] = []
        call_tools: List[Tuple[str, FuncSummary]] = []
        project_mcp = any(m.imports_mcp for m in self.modules.values())
        # (a server handed to a tool module in a package that depends on an MCP SDK: mcpdeps.py)
        table_runner = any(getattr(m, "runs_tool_objects", False) for m in self.modules.values())
        routes = self.routes_live(self.modules.values())
        registered = {(p, r.pos) for p, m in self.modules.items() for r in m.registrations
                      if r.framework == REGISTRAR and project_mcp and registrar_accepts(self, r)}
        for path in sorted(set(self.modules) - self.orphans):
            mod = self.modules[path]
            for reg in mod.registrations:
                if reg.kind == ROUTE and not routes:
                    continue  # an app behind authentication, or not reachable from other origins
                if reg.kind == "list_tools_ref":
                    declared.extend(self.guarded_items(path, f"tool list at line {reg.pos[0]}",
                                                       partial(self._declared_from_ref, path, reg)))
                    continue
                if reg.framework == REGISTRAR:
                    if not project_mcp or not registrar_accepts(self, reg):
                        continue  # an object given to a method that is no registry of tools
                elif reg.framework == "table":
                    if not (table_runner or table_registered(self, path, reg)) or self.factory_unused(path, reg) or (path, reg.pos) in registered:
                        continue  # a tool table no call-tool handler of the project runs
                elif forwarded_inside(mod, reg):
                    continue  # a wrapper's own SDK call, named by its parameter: its callers' objects are the tools
                elif not reg.owner_known and not mod.imports_mcp and not (reg.owner_named and (project_mcp or self.mcp_deps) and served(self, reg)):
                    continue
                what = f"registration at line {reg.pos[0]}"
                for rpath, fn, tool, params in self.guarded_items(path, what, partial(self._expand, path, mod, reg)):
                    self.handlers.append((rpath, fn, tool, reg.kind))
                    self.specs[(rpath, fn.qualname, tool.name)] = (reg, params)
                    if reg.kind == "call_tool":
                        call_tools.append((rpath, fn))
                    if reg.kind not in ("call_tool", "list_tools"):
                        self.tools.append(tool)
            for lt in mod.lowlevel_tools:
                loc = Location(path, lt.pos[0], lt.pos[1])
                declared.append(ToolInfo(
                    name=lt.name, kind="tool", function="call_tool", location=loc,
                    parameters=[Parameter(name=k, description=v, annotation=lt.types.get(k)) for k, v in lt.params.items()],
                    description=lt.description,
                    description_location=Location(path, lt.description_pos[0], lt.description_pos[1]) if lt.description_pos else loc,
                    annotations=dict(lt.annotations), framework="lowlevel"))
        seen = set()
        for t in declared:
            # a tool declared twice (two lists that name it) is one tool; in a monorepo, servers in
            # other folders declare their own tool of the same name, each served by its nearest
            # call-tool handler
            key = (t.name, t.location.path.rpartition("/")[0])
            if key in seen:
                continue
            seen.add(key)
            near = nearest(t.location.path, [(p, fn.qualname) for p, fn in call_tools])
            t.function = near[0] if len(near) == 1 else "call_tool"
            self.tools.append(t)
        misses: List[dict] = []
        picked = {(rpath, fn.qualname): self.picked_tools(rpath, fn, misses) for rpath, fn in call_tools}
        own = [t for t in declared if not is_fixture_path(t.location.path)]  # a test fixture's list is not the library's
        if not declared or not own:
            # no tools/list declarations: the names the handler dispatches on are the tools
            for rpath, fn in (c for c in call_tools if not declared or not is_fixture_path(c[0])):
                names = self._dispatched(rpath, fn)
                self.tools += picked[(rpath, fn.qualname)]
                for p, f, tool, kind in self.handlers:
                    if f is fn and kind == "call_tool":
                        if not names and not picked[(rpath, fn.qualname)] and not any(
                                t.framework in ("table", REGISTRAR, CONFIG) or (t.kind == "tool" and t.location.path == rpath)
                                for t in self.tools):  # the tool objects it runs; the tools its module registers in a map it reads
                            self.tools.append(tool)
                        for name in names:
                            self.tools.append(ToolInfo(name=name, kind="tool", function=fn.qualname,
                                                       location=tool.location, framework="lowlevel"))
                        break
        if not any(t.kind == "tool" and t.framework != "lowlevel" for t in self.tools):
            # (tools registered with the SDK are served by its own handler, which a call-tool
            # handler wrapping it falls back to)
            self.unfollowed += [m for m in misses if m not in self.unfollowed]
        self.tools[:] = _once_each(self.tools)
        annotate_flags(self)  # a JSON schema's boolean and enum properties (schematypes.py)

    def _dispatched(self, path: str, fn: FuncSummary) -> List[str]:
        """Tool names a call_tool handler and the functions it calls dispatch on (one answered
        inline before a helper's switch takes the rest is one of them)."""
        names = list(self.modules[path].dispatched.get(fn.qualname, []))
        for rec in fn.calls.values():
            for tpath, callee, *_ in self.resolve_all(path, fn, rec.target):
                names.extend(self.modules[tpath].dispatched.get(callee.qualname, []))
        out = []
        for n in names:
            n = self.string(path, "r:" + n[4:]) if n.startswith("ref:") else n
            if n and n not in out:
                out.append(n)
        return out

    def _declared_from_ref(self, path: str, reg: TsRegistration) -> List[ToolInfo]:
        """Tools a ``tools/list`` handler returns by reference: an array of definitions, or the
        values of an object of them."""
        if reg.handler and reg.handler.startswith("c:"):  # this.tools a construction fills: fieldtools.py
            return [t for hit in constructed_lists(self, path, reg.handler) for t in self._declared_from_hit(path, reg, hit)]
        hit = self.lookup(path, reg.handler[2:]) if reg.handler else None
        return self._declared_from_hit(path, reg, hit) if hit is not None else []

    def _declared_from_hit(self, path: str, reg: TsRegistration, hit: Tuple[str, str]) -> List[ToolInfo]:
        mpath, val = hit
        elems: List[Tuple[str, str]] = []
        if val == "m:":  # import * as tools: every exported definition
            for name in sorted(self.modules[mpath].exports):
                elems.append((mpath, "r:" + name))
        elif val.startswith("a:"):
            elems = self._array(mpath, val[2:])
        elif val.startswith("o:"):
            tmod = self.modules[mpath]
            table = tmod.tables.get(val[2:], {})
            if "name" in table and not reg.uri:
                elems = [(mpath, val)]
            else:
                for v in table.values():
                    elems.append((mpath, v))
        out = []
        for epath, ev in self.objects(elems):
            table = self.modules[epath].tables.get(ev[2:], {})
            name = self.string(epath, table.get("name"))
            if not name:
                continue
            desc = self.string(epath, table.get("description"))
            params = self._schema(epath, table.get("inputSchema") or table.get("input_schema"))
            loc = Location(epath, reg.pos[0], reg.pos[1]) if epath == path else Location(epath, 1, 1)
            ann = {}
            a = table.get("annotations")
            if a and a.startswith("o:"):
                ann = {k: _literal(v) for k, v in self.modules[epath].tables.get(a[2:], {}).items()}
            out.append(ToolInfo(name=name, kind="tool", function="call_tool", location=loc,
                                parameters=[Parameter(name=n, description=d, tainted=ALL not in f) for n, d, f in params],
                                description=desc, description_location=loc, annotations=ann, framework="lowlevel"))
        return out

    def _array(self, path: str, name: str, seen: Optional[set] = None) -> List[Tuple[str, str]]:
        """The elements of a list, those of the lists it spreads in their place; a list spread
        again inside itself (``a()`` returns ``[...b()]``, which returns ``[...a()]``) once."""
        seen = set() if seen is None else seen
        if (path, name) in seen:
            return []
        seen.add((path, name))
        out: List[Tuple[str, str]] = []
        for v in self.modules[path].arrays.get(name, []):
            if v.startswith("r:") and v.endswith("[*]"):
                hit = self.lookup(path, v[2:-3])
                if hit is not None and hit[1].startswith("a:"):
                    out.extend(self._array(hit[0], hit[1][2:], seen))
                elif hit is not None and hit[1] == "m:":  # ...Object.values(ns): its exports
                    out.extend((hit[0], "r:" + n) for n in sorted(self.modules[hit[0]].exports))
                elif hit is not None and hit[1].startswith("o:"):  # ...Object.values(table)
                    out.extend((p, tv) for p, _k, tv in self.table_items(hit[0], hit[1][2:]))
                continue
            out.append((path, v))
        for ppath, pushed in pushed_elements(self, path, name):  # X.push(a, b) elsewhere (pushes.py)
            out.extend(self._array(ppath, pushed, seen))
        return out

    # -- definition objects ------------------------------------------------------------------
    def _definitions(self):
        """Every object in the project shaped like a tool definition (a name and a handler function): the tools
        of a server that registers them through a variable we cannot follow (a container, a registry)."""
        for path in sorted(self.modules):
            mod = self.modules[path]
            for tname, table in sorted(mod.tables.items()):
                name = self.string(path, table.get("name"))
                if not name or not mod.imports_mcp and not any(k in table for k in _SCHEMA_KEYS):
                    continue
                hv = next((table[k] for k in _HANDLER_KEYS if k in table), None)
                res = self._value_function(path, hv, 0) if hv else None
                if res is None:
                    continue
                desc = self.string(path, table.get("description"))
                sval = next((table[k] for k in _SCHEMA_KEYS if k in table), None)
                yield res[0], res[1], name, desc, self._schema(path, sval) if sval else []

    def _expand(self, path: str, mod: TsModuleSummary, reg: TsRegistration):
        """(module, handler function, tool, schema parameters) for a registration, once per
        element of the list it loops over."""
        if reg.owner_class:
            yield from self._class_tools(path, reg)
            return
        if reg.loop:
            got = list(self.loop_tools(path, reg))
            if not got and "handler-map" in reg.loop_props:  # the map's keys are the tools (looppicks.py)
                got = list(self.map_tools(path, reg))
            if got or reg.kind not in ("tool", "prompt") or SPREAD in reg.loop_props or \
                    self.keyed_elements(path, reg.loop[2:]):
                yield from got
                return
            # a loop over a list filled at run time (pushed into, built by a registry): the
            # project's tool definitions are its elements
            yield from self._defined_tools(path, reg)
            return
        name = self.string(path, reg.name)
        if reg.name and reg.name.startswith("r:") and name is None and reg.handler and reg.handler.startswith("f:") and "." not in reg.name[2:]:
            name = reg.name[2:]  # a name built at run time (`web_data_${id}`) for a handler written here
            if reg.owner_named and not self.modules[path].imports_mcp:
                # a tool module handed the server and its name (`{ mcpServer, toolName }`) by a
                # loader that names the tool after the module's file (mcpdeps.py)
                name = posixpath.splitext(posixpath.basename(path))[0]
        if reg.name and reg.name.startswith("r:") and name is None and reg.kind in ("tool", "prompt"):
            # a name we cannot follow (a definition passed through a registry or a container):
            # the project's tool definitions are the tools
            yield from self._defined_tools(path, reg)
            return
        res = self._handler(path, reg.handler)
        if reg.loop_props.get("factories"):  # adapt(makeController()): the function a factory returns
            made = (self._handler(path, m) for m in reg.loop_props["factories"].split("|"))
            res = next((hit for hit in made if hit is not None), None) or res
        if res is None:
            return
        desc = self.string(path, reg.description)
        params = self._schema(path, reg.schema)
        if reg.kind in ("call_tool", "read_resource", "get_prompt"):
            name = name or reg.kind
        if not name:
            name = res[1].name
        yield self._tool(res[0], res[1], reg, name, desc, reg.description_pos if path == res[0] else None, params)

    def _defined_tools(self, path: str, reg: TsRegistration):
        """The project's tool definitions as the tools of a registration we cannot follow (once;
        tool modules once per set of properties a registration reads them by: moduledefs.py)."""
        yield from defined_tools(self, path, reg)

    def _handler(self, path: str, val: Optional[str]) -> Optional[Tuple[str, FuncSummary]]:
        if not val:
            return None
        hit = self._value_function(path, val, 0)
        return (hit[0], hit[1]) if hit is not None else None

    def _tool(self, path: str, fn: FuncSummary, reg: TsRegistration, name: str, desc: Optional[str],
              desc_pos, params: list):
        loc = Location(path, fn.pos[0], fn.pos[1])
        if params:
            parameters = [Parameter(name=n, description=d, tainted=ALL not in f) for n, d, f in params]
        else:
            top = [p for p in fn.params if p.kind != "field"]
            fields = [p for p in fn.params if p.kind == "field"]
            inputs = [top[i].name for i in reg.inputs if i < len(top)]
            parameters = [Parameter(name=p.name.split(".", 1)[1]) for p in fields if p.name.split(".")[0] in inputs]
            parameters += [Parameter(name=n) for n in inputs if not n.startswith("$")]
        kind = reg.kind if reg.kind in ("tool", "prompt", "resource", "call_tool", "read_resource", "get_prompt",
                                        ROUTE) else "tool"
        tool = ToolInfo(name=name, kind=kind, function=fn.qualname, location=loc, parameters=parameters,
                        description=desc,
                        description_location=Location(path, desc_pos[0], desc_pos[1]) if desc_pos else (loc if desc else None),
                        uri=reg.uri, annotations=dict(reg.annotations), framework=reg.framework)
        return path, fn, tool, params
