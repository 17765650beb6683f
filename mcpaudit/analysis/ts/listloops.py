"""Tools registered in a loop over a list of definitions, for the linker.

``for (const t of TOOLS) server.tool(t.name, ...)`` and ``TOOLS.forEach((t) => ...)`` register one
tool per element of ``TOOLS``; the name, description, schema and handler are properties of the
element, possibly nested (``t.schema.name``) and kept in other variables or modules. A call
``t.handle(args)`` inside a handler shared by every element runs each element's own function,
for the tool that element names.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterator, List, Optional, Tuple

from .instancelists import constructed
from .instancetools import bound
from .instnames import held_instance
from .loopcases import element_cases
from .looppicks import PICKED
from .records import KEY, TsRegistration
from .tuples import SPREAD, TupleTools

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

_NAME_HOLDERS = ("schema", "definition", "tool", "spec", "meta", "metadata")
#: methods a tool class names itself with (``getToolName() { return "x" }``, instancetools.py)
_NAME_METHODS = ("getName()", "getToolName()")


class LoopTools(TupleTools):
    """Mixed into :class:`~mcpaudit.analysis.ts.link.TsLinker`."""

    def _elements(self: "TsLinker", path: str, ref: str) -> List[Tuple[str, str]]:
        """(module, "o:<table>") of every element of the list or object ``ref`` names."""
        return [(p, v) for _k, p, v in self.keyed_elements(path, ref)]

    def keyed_elements(self: "TsLinker", path: str, ref: str) -> List[Tuple[Optional[str], str, str]]:
        """(key, module, "o:<table>") of every element of the list or object ``ref`` names (the
        key of an object's entry, None for a list's); an object's spreads (``{ ...redisTools,
        ...queueTools }``) contribute the entries of the objects they name."""
        hit = self.list_lookup(path, ref)
        if hit is None:
            return []
        mpath, val = hit
        if val.startswith("a:"):
            return [(None, p, v) for p, v in self.objects(self._array(mpath, val[2:]), instances=True)]
        if val == "m:":  # import * as tools; Object.values(tools): every exported object that names itself
            # (a tool: its other exports, schemas and constants, are no elements a loop registers)
            # (an exported instance of a tool class, `export const listTool = new ListTool()`, too)
            refs = self.namespace_exports(mpath)
            elems = self.objects(refs, instances=True) + [
                hit for p, r in refs if self.lookup(p, r[2:]) is None
                for hit in [held_instance(self, p, self.modules[p].exports.get(r[2:], r[2:]))] if hit is not None]
            return [(None, p, v) for p, v in elems if self._element_name(p, v)]
        return self._entries(mpath, val, 0) if val.startswith("o:") else []

    def namespace_exports(self: "TsLinker", path: str, depth: int = 0) -> List[Tuple[str, str]]:
        """(module, "r:<name>") of every name a module exports, those of the modules it
        re-exports whole (``export * from "./tools/a"``) after its own: the values of the
        namespace object ``import * as tools`` binds."""
        mod = self.modules.get(path)
        if mod is None or depth > 6:
            return []
        out = [(path, "r:" + n) for n in sorted(mod.exports)]
        for star in mod.star_exports:
            sp = self.module_of(star)
            if sp is not None and sp != path:
                out.extend(self.namespace_exports(sp, depth + 1))
        return out

    def _entries(self: "TsLinker", path: str, val: str, depth: int) -> List[Tuple[Optional[str], str, str]]:
        out: List[Tuple[Optional[str], str, str]] = []
        for k, v in self.modules[path].tables.get(val[2:], {}).items():
            if k.startswith("...") and v.startswith("r:"):
                hit = self.lookup(path, v[2:]) if depth < 6 else None
                if hit is not None and hit[1].startswith("o:"):
                    out.extend(self._entries(hit[0], hit[1], depth + 1))
                continue
            if v.startswith("n:"):  # an instance of a project class (a map filled with .set(key, new C()))
                out.append((k, path, v))
                continue
            out.extend((None if k.startswith("[") else k, p, ev) for p, ev in self.objects([(path, v)]))
        return out

    def objects(self: "TsLinker", elems: List[Tuple[str, str]], instances: bool = False) -> List[Tuple[str, str]]:
        """The elements that are (or name) object literals, as (module, "o:<table>"); with
        ``instances``, instances of project classes too (``[new GetObjectTool(s3)]``, "n:<class>")."""
        out = []
        for epath, ev in elems:
            if instances and ev.startswith("k:"):  # an instance of each class of a list (instancelists.py)
                out.extend(constructed(self, epath, ev[2:]))
                continue
            if ev.startswith("r:"):
                h = self.lookup(epath, ev[2:])
                if h is None:
                    continue
                epath, ev = h
            if ev.startswith("o:") or (instances and ev.startswith("n:")):
                out.append((epath, ev))
        return out

    def element(self: "TsLinker", path: str, val: str, prop: str) -> Tuple[str, Optional[str]]:
        """(module, value) of a property path (``schema.name``) of an element's object,
        following references to objects kept in other variables and modules."""
        for part in prop.split("."):
            if val.startswith("r:"):
                hit = self.lookup(path, val[2:]) or held_instance(self, path, val[2:])  # { tool: listTool }
                if hit is None:
                    return path, None
                path, val = hit
            if val.startswith("n:"):
                hit = self.instance_field(path, val[2:], part)
                if hit is None:
                    return path, None
                path, val = hit
                continue
            if not val.startswith("o:"):
                return path, None
            # (or an entry of an object it spreads: { ...searchSchema, handler }; the last wins)
            hits = [(p, v) for p, k, v in self.table_items(path, val[2:]) if k == part]
            if not hits:
                return path, None
            path, val = hits[-1]
        return path, val

    def instance_field(self: "TsLinker", path: str, cls: str, field: str) -> Optional[Tuple[str, str]]:
        """(module, value) of a field of an instance of the class ``cls`` names: a constant
        (``readonly name = "get-object"``, "s:"), a schema (``parameters = { key: z.string() }``,
        "z:") or a method ("f:<class>.<method>"), its own or inherited."""
        w = self._where(path, cls)
        if not w or w[0] not in self.modules or w[1] not in self.modules[w[0]].classes:
            return None
        chain = self._class_chain(*w)
        hit = self._class_value(chain, "class_consts", field)
        if hit is not None:
            return hit[0], "s:" + hit[1]
        hit = self._class_value(chain, "class_schemas", field)
        if hit is not None:
            return hit
        return next(((cpath, f"f:{c}.{field}") for cpath, c in chain
                     if f"{c}.{field}" in self.modules[cpath].functions), None)

    def _element_name(self: "TsLinker", path: str, val: str) -> Optional[str]:
        for prop in ("name", *(f"{h}.name" for h in _NAME_HOLDERS), *_NAME_METHODS):
            name = self.string(*self.element(path, val, prop))
            if name:
                return name
        return None

    def element_methods(self: "TsLinker", path: str, ref: str, method: str) -> list:
        """``t.handle(args)`` where ``t`` iterates ``ref``: each element's function, with the
        tool the element names."""
        out = []
        for key, epath, ev in self.keyed_elements(path, ref)[:32]:
            if ev.startswith("n:"):
                hit = self.instance_method(epath, ev[2:], method)
                if hit is not None:
                    out.append((hit[0], hit[1], True, key or self._element_name(epath, ev)))
                continue
            fpath, fv = self.element(epath, ev, method)
            res = self._value_function(fpath, fv, 0) if fv else None
            if res is not None:
                out.append((res[0], res[1], res[2], self._element_name(epath, ev) or key))
        return out

    def instance_method(self: "TsLinker", path: str, cls: str, method: str):
        """(module, function) of ``method`` of the class ``cls`` names (its own or inherited)."""
        w = self._where(path, cls)
        if not w or w[0] not in self.modules or w[1] not in self.modules[w[0]].classes:
            hit = self.resolve(path, None, f"{cls}.{method}")  # a class re-exported (export * from)
            return (hit[0], hit[1]) if hit is not None and hit[2] else None
        hit = next(((cpath, self.modules[cpath].functions[f"{c}.{method}"]) for cpath, c in self._class_chain(*w)
                    if f"{c}.{method}" in self.modules[cpath].functions), None)
        return bound(self, hit, *w) if hit is not None else None  # this.executeCore: the subclass's

    def _run_handlers(self: "TsLinker", unnamed) -> None:
        """A handler registered once per element of a tool list (one function for several
        tools) that calls the element's function (``t.handler(args)``) is run once per tool,
        with the tool's name as the hint: only that tool's element runs there, so what it
        reaches or returns is reported for that tool (run once, every element's function ran
        for the first tool). Other handlers run as before."""
        counts = Counter((p, f.qualname) for p, f, t, k in self.handlers if k == "tool" and t is not None)
        shared = [i for i, (p, f, t, k) in enumerate(self.handlers)
                  if k == "tool" and t is not None and counts[(p, f.qualname)] > 1
                  and (any("[*]." in (rec.target or "") or (rec.target or "").endswith("[*]") for rec in f.calls.values())
                       or element_cases(f))]
        if not shared:
            super()._run_handlers(unnamed)
            return
        keep, picked = self.handlers, set(shared)
        self.handlers = [h for i, h in enumerate(keep) if i not in picked]
        try:
            super()._run_handlers(unnamed)
        finally:
            self.handlers = keep
        for i in shared:
            path, fn, tool, kind = keep[i]
            env = self.handler_env(path, fn, tool, kind)
            self.instantiate(path, fn, env, 0, frozenset({f"{path}:{fn.qualname}"}), tool.name, handler=tool)

    def _picked_function(self: "TsLinker", path: str, props, key, epath: str, ev: str):
        """The function the registration's map holds under the element's field (its name):
        ``HANDLERS[tool.name]`` (looppicks.py)."""
        field = props["handler-key"]
        pick = key if field == KEY else self.string(*self.element(epath, ev, field))
        if not pick or "." in pick:
            return None
        hpath, hv = self.element(path, "r:" + props["handler-map"], pick)
        return self._value_function(hpath, hv, 0) if hv else None

    def map_tools(self: "TsLinker", path: str, reg: TsRegistration) -> Iterator[tuple]:
        """The tools of a registration looping over a list we cannot follow (built at run time:
        filtered by a grant, mapped to add notices) whose handler calls ``HANDLERS[t.name]``:
        one per entry of the map, named by its key, its handler the registered function (run
        for that tool, it calls that entry) or the entry itself; its description, schema and
        annotations are those of the element of a project list that has the same name."""
        props = reg.loop_props
        hit = self.lookup(path, props["handler-map"])
        if hit is None or not hit[1].startswith("o:"):
            return
        for tpath, key, v in self.table_items(hit[0], hit[1][2:])[:64]:
            entry = self._value_function(tpath, v, 0) if not key.startswith(("[", "...")) else None
            res = entry if reg.handler == PICKED else self._handler(path, reg.handler)
            if entry is None or res is None:
                continue
            epath, ev = self.named_element(key) or (path, "")
            desc = self.string(*self.element(epath, ev, props.get("description", "description"))) if ev and (
                reg.description in (None, "loop") or "description" in props) else self.string(path, reg.description)
            params = self._schema(*self.element(epath, ev, props["schema"])) if ev and "schema" in props else \
                self._schema(path, reg.schema)
            if not params and ev and "schema" not in props and not reg.schema:
                params = self._schema(*self.element(epath, ev, "inputSchema"))
            out = self._tool(res[0], res[1], reg, key, desc, None, params)
            out[2].annotations.update(self.element_literals(epath, ev, props.get("annotations")) if ev else {})
            yield out

    def named_element(self: "TsLinker", name: str) -> Optional[Tuple[str, str]]:
        """(module, "o:<table>") of the object a list of the project's shipped code holds that
        names itself ``name`` (a tool definition), or None."""
        index = self.__dict__.get("_named_elements")
        if index is None:
            from ...sources import code_kind

            index = {}
            for mpath in sorted(self.modules):
                if code_kind(mpath) is not None:
                    continue
                for arr in sorted(self.modules[mpath].arrays):
                    for epath, ev in self.objects(self._array(mpath, arr)):
                        n = self._element_name(epath, ev)
                        if n:
                            index.setdefault(n, (epath, ev))
            self.__dict__["_named_elements"] = index
        return index.get(name)

    def loop_tools(self: "TsLinker", path: str, reg: TsRegistration) -> Iterator[tuple]:
        """(module, handler function, tool, schema parameters) once per element of the list a
        registration loops over."""
        props = reg.loop_props
        if SPREAD in props:
            yield from self.tuple_tools(path, reg)
            return
        for key, epath, ev in self.keyed_elements(path, reg.loop[2:]):
            name = key if props.get("name") == KEY else (
                self.string(*self.element(epath, ev, props.get("name", "name"))) or self.string(path, reg.name))
            if reg.handler == "loop":
                hpath, hv = self.element(epath, ev, props.get("handler", "handler"))
                res = self._value_function(hpath, hv, 0) if hv else None
            elif reg.handler == PICKED:
                res = self._picked_function(path, props, key, epath, ev)
            else:
                res = self._handler(path, reg.handler)
            if res is None or not name:
                continue
            desc = self.string(*self.element(epath, ev, props.get("description", "description"))) if (
                reg.description in (None, "loop") or "description" in props) else self.string(path, reg.description)
            spath, sval = self.element(epath, ev, props["schema"]) if "schema" in props else (epath, None)
            params = self._schema(spath, sval) if sval else self._schema(path, reg.schema)
            if not params and "schema" not in props:  # the element's own (an SDK Tool definition)
                params = self._schema(*self.element(epath, ev, "inputSchema"))
            out = self._tool(res[0], res[1], reg, name, desc, None, params)
            out[2].annotations.update(self.element_literals(epath, ev, props.get("annotations")))
            yield out
