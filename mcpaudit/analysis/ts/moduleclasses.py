"""The classes of one TypeScript/JavaScript module: their declarations (fields, field types and constants,
schemas kept in fields, methods analysed with their class) and mcp-framework's tool classes. Mixed into
:class:`~mcpaudit.analysis.ts.module.TsModule`."""

from __future__ import annotations

from typing import Dict, Optional

from . import nodes as N
from .fieldobjects import field_object_methods
from .interp import TsFunction
from .idfields import fresh_id_fields
from .returntypes import map_value_field
from .returnedtypes import returned_type
from .records import TsRegistration, method_fields


class ModuleClasses:
    """Declares a module's classes and answers what their fields hold."""

    # -- classes -----------------------------------------------------------------------------
    def declare_class(self, s, outer: Optional[TsFunction], name: Optional[str] = None) -> Optional[str]:
        nm = s.child_by_field_id(self.F.name)
        cname = name or (N.text(self.data, nm) if nm is not None else None)
        if cname is None:
            return None
        self.class_names.add(cname)
        self.local_names.add(cname)
        base = None
        for c in s.named_children:
            if c.type == "class_heritage":
                for impl in (x for x in c.named_children if x.type == "implements_clause"):
                    for tnode in impl.named_children:
                        tname = N.type_name(self.data, tnode)
                        if tname:
                            ref = self.top.resolve_type(tname) or tname
                            self.implements.setdefault(cname, []).append(ref)
                ext = next((x for x in c.named_children if x.type == "extends_clause"), None) if \
                    any(x.type == "extends_clause" for x in c.named_children) else c
                val = ext.child_by_field_id(self.F.value) if ext is not None else None
                if val is None and ext is not None:
                    vals = [x for x in ext.named_children if x.type not in ("type_arguments",)]
                    val = vals[0] if vals else None
                if val is not None:
                    base = (self.top.dotted(val) or "").replace("()", "") or None
        self.classes[cname] = base
        body = s.child_by_field_id(self.F.body)
        if body is None:
            return cname
        self.id_fields.update((cname, f) for f in fresh_id_fields(self, body))
        methods = []
        for m in body.named_children:
            t = m.type
            if t in ("public_field_definition", "field_definition"):
                fn = m.child_by_field_id(self.F.name) or m.child_by_field_id(self.F.property)
                if fn is None:
                    continue
                fname = N.text(self.data, fn).lstrip("#")
                ann = m.child_by_field_id(self.F.type)
                val = m.child_by_field_id(self.F.value)
                if ann is not None:
                    tp = self.top.resolve_type(N.type_name(self.data, ann) or "") or returned_type(self, ann)
                    if tp:
                        self.field_types[(cname, fname)] = tp
                    map_value_field(self, cname, fname, ann)  # Map<string, Conn>: returntypes.py
                if val is not None:
                    vu = N.unwrap(val)
                    if vu is not None and vu.type in N.FUNCTIONS:
                        methods.append((vu, fname))
                        continue
                    methods.extend(field_object_methods(self.data, vu, fname))  # v1 = { get: () => ... }
                    c = self.top.const_of(vu)
                    if c is not None:
                        self.field_consts[(cname, fname)] = c
                    if tp := self.top.type_of(vu):
                        self.field_types[(cname, fname)] = tp
                    sink = self.top.sink_alias(vu)
                    if sink:
                        self.field_aliases[(cname, fname)] = sink
                    self.field_nodes[(cname, fname)] = vu
            elif t == "method_definition":
                mn = m.child_by_field_id(self.F.name)
                if mn is None:
                    continue
                mname = N.text(self.data, mn).lstrip("#")
                method_fields(self, cname, m, mname)  # this.x = ... (records.py)
                rt = m.child_by_field_name("return_type")
                tp = self.top.resolve_type(N.type_name(self.data, rt) or "") if rt is not None else None
                if tp:
                    self.field_types[(cname, mname + "()")] = tp  # getClient(): Client
                methods.append((m, mname))
        for m, mname in methods:
            qual = f"{cname}.{mname}"
            self.local_names.add(qual)
            if outer is None:
                self._pending.append((m, qual, cname))
            else:
                self._analyze(m, qual, cname, outer, None)
        tool = self.M.surface.tool_classes.get(base or "")
        if tool is None and base:
            short = base.rsplit("#", 1)[-1].rsplit(".", 1)[-1]
            tool = next((v for k, v in self.M.surface.tool_classes.items() if k.rsplit(".", 1)[-1] == short), None) \
                if self.imports_mcp else None
        if tool is not None:
            self._class_registration(cname, tool, s)
        return cname

    def nested_class(self, s, outer: TsFunction) -> None:
        self.declare_class(s, outer)

    def _class_consts(self) -> Dict[str, Dict[str, str]]:
        out: Dict[str, Dict[str, str]] = {}
        for (cls, name), value in self.field_consts.items():
            out.setdefault(cls, {})[name] = value
        return out

    def _class_schemas(self) -> Dict[str, Dict[str, str]]:
        out: Dict[str, Dict[str, str]] = {}
        for (cls, name), node in self.field_nodes.items():
            if node.type == "object" or (node.type == "call_expression" and self.top._zod_call(N.chain_root(node))):
                key = f"@{node.start_byte}"
                if key not in self.schemas:
                    self.schemas[key] = self.top.schema_params(node)
                if self.schemas[key]:
                    out.setdefault(cls, {})[name] = "z:" + key
        return out

    def field_type(self, cls: str, name: str) -> Optional[str]:
        seen = 0
        while cls and seen < 5:
            tp = self.field_types.get((cls, name))
            if tp:
                return tp
            cls = self.classes.get(cls) or ""
            seen += 1
        return None

    def field_const(self, cls: str, name: str) -> Optional[str]:
        return self.field_consts.get((cls, name))

    def _class_registration(self, cname: str, spec: Dict, node) -> None:
        """``class X extends MCPTool { name = "x"; schema = {...}; async execute(input) {} }``."""
        name = self.field_consts.get((cname, spec.get("name", "name")))
        desc = self.field_consts.get((cname, spec.get("description", "description")))
        reg = TsRegistration(kind=spec["kind"], framework="mcp-framework", pos=self.src.pos(node),
                             name="s:" + name if name else "s:" + cname,
                             handler=f"f:{cname}.{spec['handler']}",
                             description="s:" + desc if desc else None, owner_known=True,
                             context_index=None, inputs=(0,))
        snode = self.field_nodes.get((cname, spec.get("schema", "schema")))
        if snode is not None:
            reg.schema = self.top.schema_value(snode)
        if spec.get("uri"):
            reg.uri = self.field_consts.get((cname, spec["uri"]))
        self.registrations.append(reg)
