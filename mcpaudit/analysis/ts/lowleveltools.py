"""The low-level ``Server`` of TypeScript/JavaScript MCP servers: ``setRequestHandler`` handlers, the
tools a ``tools/list`` handler declares (an array literal, a list kept in a variable or another module,
tool objects spread or pushed), resolved by the linker where they name other modules. Mixed into
:class:`~mcpaudit.analysis.ts.surface.Surface`."""

from __future__ import annotations

from typing import Dict, Optional

from ..summary import LowLevelTool
from .schematypes import json_types
from . import nodes as N
from .records import TsRegistration
from .registrars import own_method
from .requestkinds import request_kind


class LowLevelTools:
    """Reads the request handlers of a low-level Server and the tools they list."""

    # -- the low-level Server ---------------------------------------------------------------
    def _request_handler(self, node, recv_node, args) -> bool:
        if len(args) < 2:
            return False
        kind = request_kind(self, args[0])
        if kind is None:
            return False
        fw, known = self.server_framework(recv_node)
        h = self.unwrap_handler(args[-1])
        reg = TsRegistration(kind=kind, framework="lowlevel", pos=self.mod.src.pos(node),
                             owner_known=known or self.mod.imports_mcp, context_index=1, inputs=(0,))
        if h is None:
            return False
        if kind == "list_tools":
            self._declared_tools(h, reg)
            return True
        if h.type in N.FUNCTIONS:
            qual, fresh = self.mod.analyze_nested(h, f"{self._handler_prefix()}<{kind}@{reg.pos[0]}>", self, 1)
            if not fresh:
                return True  # (as in _register_handler)
            reg.handler = "f:" + qual
        else:
            reg.handler = own_method(self, self._value(h))
        if reg.handler is None:
            return False
        self.mod.registrations.append(reg)
        return True

    def _declared_tools(self, h, reg: TsRegistration) -> None:
        """The tools a ``tools/list`` handler returns: object literals (kept as declarations)
        and references to lists or objects of tool definitions (resolved when linking)."""
        target = h
        if h.type not in N.FUNCTIONS:
            ref = self._value(h)
            if ref and ref.startswith("r:"):
                reg.kind = "list_tools_ref"
                reg.handler = ref
                self.mod.registrations.append(reg)
            return
        # walk the handler's body for `tools: ...`
        stack = [target]
        found = []
        while stack:
            n = stack.pop()
            if n.type == "pair":
                k = N.prop_key(self.data, n.child_by_field_id(self.F.key))
                if k == "tools":
                    found.append(n.child_by_field_id(self.F.value))
                    continue
            if n.type == "shorthand_property_identifier" and N.text(self.data, n) == "tools":
                found.append(n)
                continue
            stack.extend(n.named_children)
        for v in found:
            self._tool_list(N.unwrap(v), reg, scope=target)

    def returned_tools(self, node) -> None:
        """``return { tools: [{ name, description, inputSchema }, ...] }`` in MCP code: the
        tools/list result built by a function the handler calls (in another module, given a
        dependency object), kept as declarations like an inline handler's."""
        if not self.mod.imports_mcp:
            return
        v = N.object_props(self.data, node).get("tools")
        v = N.unwrap(v) if v is not None else None
        if v is None or v.type != "array":
            return
        for el in v.named_children:
            e = N.unwrap(el)
            if e is not None and e.type == "object":
                props = N.object_props(self.data, e)
                if "name" in props and ("inputSchema" in props or "input_schema" in props):
                    self._declared_tool(e)

    def _tool_value(self, v, reg: TsRegistration, scope, depth: int) -> None:
        if v is None:
            return
        if v.type in ("identifier", "shorthand_property_identifier"):
            self._tool_ref(v, reg, scope=scope, depth=depth)
        elif v.type == "call_expression":
            fn = v.child_by_field_id(self.F.function)
            if fn is not None and fn.type == "member_expression":  # TOOLS.filter(...) / .map(...)
                self._tool_value(N.unwrap(fn.child_by_field_id(self.F.object)), reg, scope, depth)
            else:
                self._tool_list(v, reg)
        else:
            self._tool_list(v, reg, scope)

    def _tool_list(self, v, reg: TsRegistration, scope=None) -> None:
        if v is None:
            return
        if v.type == "array":
            for el in v.named_children:
                u = N.unwrap(el)
                if u is None:
                    continue
                if u.type == "object":
                    self._declared_tool(u)
                elif u.type == "spread_element":
                    inner = u.named_children
                    if inner:
                        self._tool_value(N.unwrap(inner[0]), reg, scope, 0)
                else:
                    self._tool_ref(u, reg, scope=scope)
            return
        if v.type == "call_expression":
            fn = v.child_by_field_id(self.F.function)
            d = self.dotted(fn) if fn is not None else ""
            args = N.args_of(v)
            if d in ("Object.values",) and args:
                self._tool_ref(N.unwrap(args[0]), reg, values=True)
            elif fn is not None and fn.type == "member_expression" and args:
                # TOOLS.map(t => ({ name: t.name, ... })): the list itself
                obj = fn.child_by_field_id(self.F.object)
                self._tool_value(N.unwrap(obj), reg, scope, 0)
            return
        self._tool_ref(v, reg, scope=scope)

    def _local_value(self, name: str, scope):
        """The value a local variable of ``scope`` (a handler) is declared with."""
        stack = [scope]
        while stack:
            n = stack.pop()
            if n.type == "variable_declarator":
                nm = n.child_by_field_id(self.F.name)
                if nm is not None and nm.type == "identifier" and N.text(self.data, nm) == name:
                    return N.unwrap(n.child_by_field_id(self.F.value))
            stack.extend(n.named_children)
        return None

    def _tool_ref(self, u, reg: TsRegistration, values: bool = False, scope=None, depth: int = 0) -> None:
        if u is None:
            return
        if scope is not None and depth < 4:
            name = N.text(self.data, u) if u.type in ("identifier", "shorthand_property_identifier") else None
            local = self._local_value(name, scope) if name else None
            if local is not None:
                if local.type == "ternary_expression":
                    for part in ("consequence", "alternative"):
                        self._tool_value(N.unwrap(local.child_by_field_name(part)), reg, scope, depth + 1)
                else:
                    self._tool_value(local, reg, scope, depth + 1)
                return
        if u.type == "shorthand_property_identifier":
            ref = "r:" + (self.dotted_name(N.text(self.data, u)) or N.text(self.data, u))
        else:
            ref = self._value(u)
        if not ref or not ref.startswith("r:"):
            return
        self.mod.registrations.append(TsRegistration(
            kind="list_tools_ref", framework="lowlevel", pos=self.mod.src.pos(u), handler=ref,
            owner_known=reg.owner_known, uri="values" if values else None))

    def dotted_name(self, name: str) -> Optional[str]:
        m = self.mod
        return self.fn_alias.get(name) or m.aliases.get(name) or m.imports.get(name) or name

    def _declared_tool(self, obj) -> None:
        props = N.object_props(self.data, obj)
        name = self.const_of(props["name"]) if "name" in props else None
        if not name:
            return
        desc_node = props.get("description")
        desc = self.const_of(desc_node) if desc_node is not None else None
        params: Dict[str, Optional[str]] = {}
        schema = props.get("inputSchema") or props.get("input_schema")
        ann: Dict[str, object] = {}
        if "annotations" in props and N.unwrap(props["annotations"]).type == "object":
            ann = self._literal_object(N.unwrap(props["annotations"]))
        if schema is not None:
            for pname, pdesc, _safe in self.schema_params(schema):
                params[pname] = pdesc
        self.mod.lowlevel_tools.append(LowLevelTool(
            name=name, description=desc, description_pos=self.mod.src.pos(desc_node) if desc_node is not None else None,
            params=params, pos=self.mod.src.pos(obj), annotations=ann,
            types=json_types(self, schema) if schema is not None else {}))
