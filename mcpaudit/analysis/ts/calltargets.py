"""Where a call in TypeScript/JavaScript lands in project code: its call targets (linked later), handler
maps filled with instances of project classes, and entries of a table or list picked by the requested
tool's name (``TOOLS[name]``, ``tools.find((t) => t.name === name)``), each target with its tool hint.
Mixed into :class:`~mcpaudit.analysis.ts.calls.Calls`."""

from __future__ import annotations

from typing import List, Optional, Tuple

from . import nodes as N
from .passed import PASSED
from .records import TOOL_OBJECT_HANDLERS
from .registrars import registrar_site
from .interceptors import signed_call
from .modfactories import made_by_function
from .namedpicks import named_target
from .returntypes import inherited_field


class CallTargets:
    """Finds the project functions a call may reach."""

    def call_targets(self, fn, fq: str, method, recv_node, arg_nodes) -> List[Tuple[str, Optional[str]]]:
        """Where a call may land in project code (linked later), with a tool hint per target
        for handler maps (``handlers[name](args)``)."""
        M = self.M
        fn = N.unwrap(fn)
        if fn is None:
            return []
        t = fn.type
        if t == "identifier":
            name = N.text(self.data, fn)
            if name in self.dispatch_vars:
                return [(self.dispatch_vars[name] + "[*]", None)]
            if name in self.loop_picks and name not in self.local_fns:
                # handler = HANDLERS[t.name] in a registration loop, called in the registered
                # function: the map's entry of each element's tool (looppicks.py)
                return [(self.loop_picks[name][1] + "[*]", None)]
            if name in self.param_fns and name not in self.fn_alias and name not in self.local_fns:
                return [(PASSED + self.param_fns[name], None)]  # a function the caller passed
            if name in self.locals and name not in self.fn_alias and (
                    self.node is not None or name not in self.mod.imports) and \
                    name not in getattr(self.mod, "factory_entries", ()):  # const { f } = make() (imported.py)
                return []
            if not fq or fq in M.not_project_calls or fq.split(".")[0] in M.globals and "#" not in fq:
                return []
            if "#" in fq or name in self.mod.local_names:
                return [(fq, None)]
            return []
        if t == "subscript_expression":
            obj = fn.child_by_field_id(self.F.object)
            idx = fn.child_by_field_id(self.F.index)
            table = self.dotted(obj) if obj is not None else None
            if table and idx is not None and self._names_tool(N.unwrap(idx)):
                return [(table + "[*]", None)]  # every entry, each with its tool (see TsLinker)
            return []
        if t == "member_expression" and method:
            recv = N.unwrap(recv_node)
            if recv is None:
                return []
            if recv.type == "this":
                return [(f"this.{method}", None)]
            if named := named_target(self, recv, method):
                return [(named, None)]  # LIST.find((t) => t.name === "x")!.handler(args): namedpicks.py
            picked, via = self.picked_entry(recv)
            if picked:
                return [(f"{picked}[name].{via}{method}", None)]  # tools[name].execute(args)
            tp = self.type_of(recv)
            if tp and ("#" in tp or tp.split("()")[0].split(".")[0] in self.mod.class_names):  # new C().add(x).build()
                return [(f"{tp}.{method}", None)]
            if fq and "#" in fq:
                return [(fq, None)]
            if recv.type == "identifier":
                name = N.text(self.data, recv)
                if name in self.loop_vars:
                    return [(f"{self.loop_vars[name]}[*].{method}", None)]
                if name not in self.locals and (name in self.mod.local_names or name in self.mod.class_names):
                    return [(fq, None)]
            if recv.type == "member_expression" and fq and fq.split(".")[0] in self.mod.local_names:
                return [(fq, None)]
            if len(held := N.member_parts(self.data, recv) or []) == 2 and held[0] in self.loop_vars: return [(f"{self.loop_vars[held[0]]}[*].{held[1]}.{method}", None)]  # noqa: E701  def.tool.run(a): instnames.py
            if method in TOOL_OBJECT_HANDLERS and fq and fq.startswith("this.") and fq.count(".") == 2:
                # this.tool.handler({ params }): a definition the object holds (registry.py)
                return [(fq, None)]
            if inherited_field(self, fq): return [(fq, None)]  # noqa: E701  this.client.upload(f) of a base class's field
            if made_by_function(self, tp):
                return [(f"{tp}.{method}", None)]  # (await getOrCreateRunner()).run(code) (modfactories.py)
        return []

    def _function_refs(self, arg_nodes) -> tuple:
        """(position, reference) of the arguments naming a function of the project: an imported
        one, one of this module, or a method of this class (``this.handle``), also bound to its
        object (``this.utils.getConfig.bind(this.utils)``)."""
        out = []
        for i, a in enumerate(arg_nodes):
            u = N.unbound(self.data, N.unwrap(a))  # obj.method.bind(obj): the method
            if u is None or u.type not in ("identifier", "member_expression"):
                continue
            d = self.dotted(u)
            if not d or d in self.param_fns or (u.type == "identifier" and d in self.locals and d not in self.local_fns):
                continue
            typed = self._typed_method(u) if u.type == "member_expression" else None
            if typed:  # this.settings.registryFor: the method of the field's class
                out.append((i, typed))
            elif "#" in d or d.startswith("this.") or d in self.mod.functions:
                out.append((i, d))
        return tuple(out)

    def _typed_method(self, u) -> Optional[str]:
        """``obj.method`` whose object is of a project class the code shows (a field built with
        ``new C()``): that class's method, as a call of it would be linked."""
        obj, prop = N.unwrap(u.child_by_field_id(self.F.object)), u.child_by_field_id(self.F.property)
        if obj is None or prop is None or obj.type == "this":
            return None
        tp = self.type_of(obj)
        if tp and ("#" in tp or tp.split("()")[0].split(".")[0] in self.mod.class_names):
            return f"{tp}.{N.text(self.data, prop)}"
        return None

    def method_site(self, method: Optional[str], recv_node, arg_nodes, node=None) -> None:
        """A method call that fills a map of handlers (``this.handlers.set("x", new XHandler())``)
        or may register a tool with a registry of the project (registrars.py), or is made on a
        client another module signs (``api.v1.get()``: its error carries the header, interceptors.py)."""
        if node is not None:
            signed_call(self, node, recv_node)
        if method == "set" and len(arg_nodes) == 2:
            self.map_entry(recv_node, arg_nodes)
        elif method and recv_node is not None:
            registrar_site(self, method, recv_node, arg_nodes)  # server.tool({ name, cb }), hub.add("x", "d", fn)

    def map_entry(self, recv_node, arg_nodes) -> None:
        """``this.handlers.set("add_docs", new AddDocsHandler(...))``: a map of the object (or of
        the module) filled with instances of project classes under literal keys, kept as a table
        of the module named after the map (``this.handlers``) whose entries are the instances
        (``n:<class>``); a handler picking one by the tool's name calls that class's method."""
        key = self.const_of(arg_nodes[0])
        inst = N.unwrap(arg_nodes[1])
        ref = self.dotted(recv_node)
        if key is None or inst is None or inst.type != "new_expression" or not ref or \
                not (ref.startswith("this.") or (ref in self.mod.local_names and ref not in self.locals)):
            return
        ctor = self.dotted(inst.child_by_field_id(self.F.constructor))
        if ctor:
            table = self.mod.tables.setdefault(ref, {})
            if len(table) < 64:
                table[key] = "n:" + ctor

    def picked_entry(self, recv) -> Tuple[Optional[str], str]:
        """(table, field path) of a receiver that is an entry picked by the tool's name
        (``handler``, ``TOOLS[name]``) or a field of one (``entry.tool``, a variable holding it):
        the method called is the one under that field of each entry."""
        if recv.type == "identifier":
            name = N.text(self.data, recv)
            return self.dispatch_vars.get(name), self.dispatch_fields.get(name, "")
        if recv.type == "member_expression":
            obj = N.unwrap(recv.child_by_field_id(self.F.object))
            prop = recv.child_by_field_id(self.F.property)
            if obj is not None and prop is not None and obj.type == "identifier" and \
                    N.text(self.data, obj) in self.dispatch_vars:
                name = N.text(self.data, obj)
                return self.dispatch_vars[name], self.dispatch_fields.get(name, "") + N.text(self.data, prop) + "."
        return self.picked_table(recv), ""

    def picked_table(self, node) -> Optional[str]:
        """The table or list a value picked by the requested tool's name comes from:
        ``TOOLS[name]``, ``toolMap.get(name)``, ``registry.getTool(name)``, ``tools.find((t) => t.name === name)``."""
        u = N.unwrap(node)
        if u is not None and u.type == "await_expression" and u.named_children:
            u = N.unwrap(u.named_children[0])
        if u is None:
            return None
        if u.type == "subscript_expression":
            idx = u.child_by_field_id(self.F.index)
            obj = u.child_by_field_id(self.F.object)
            return self.dotted(obj) if idx is not None and obj is not None and self._names_tool(N.unwrap(idx)) else None
        if u.type != "call_expression":
            return None
        fn = u.child_by_field_id(self.F.function)
        if fn is None or fn.type != "member_expression":
            return None
        meth = N.text(self.data, fn.child_by_field_id(self.F.property))
        args = N.args_of(u)
        if not args or not (meth in ("get", "find") or (meth[:3] == "get" and meth[3:4].isupper())):  # getTool(name)
            return None
        if meth != "find" and not self._names_tool(N.unwrap(args[0])):
            return None
        if meth == "find" and not self._finds_by_name(N.unwrap(args[0])):
            return None
        obj = N.unwrap(fn.child_by_field_id(self.F.object))
        if obj is not None and obj.type == "identifier" and N.text(self.data, obj) in self.list_refs:
            return self.list_refs[N.text(self.data, obj)]  # tools = createTools(s): its list
        return self.dotted(obj)

    def _finds_by_name(self, cb) -> bool:
        """``(t) => t.name === name``: a callback comparing an element's name with the tool's."""
        if cb is None or cb.type not in N.FUNCTIONS:
            return False
        body = N.unwrap(cb.child_by_field_id(self.F.body))
        if body is not None and body.type == "statement_block":
            ret = [c for c in body.named_children if c.type == "return_statement"]
            body = N.unwrap(ret[0].named_children[0]) if ret and ret[0].named_children else None
        return self._compares_name(body)

    def _compares_name(self, body) -> bool:
        """``t.name === name``, or one side of an ``||`` that is (``t.name === name || t.alias
        === name``)."""
        if body is None or body.type != "binary_expression":
            return False
        op = body.child_by_field_id(self.F.operator)
        if op is not None and N.text(self.data, op) == "||":
            return any(self._compares_name(N.unwrap(body.child_by_field_id(f))) for f in (self.F.left, self.F.right))
        if op is None or N.text(self.data, op) not in ("===", "=="):
            return False
        a, b = N.unwrap(body.child_by_field_id(self.F.left)), N.unwrap(body.child_by_field_id(self.F.right))
        for tool, elem in ((a, b), (b, a)):
            if elem is not None and elem.type == "member_expression" and self._names_tool(tool) and \
                    N.text(self.data, elem.child_by_field_id(self.F.property)) == "name" and not self._names_tool(elem):
                return True
        return False

    def _names_tool(self, node) -> bool:
        """An expression holding the requested tool's name (``request.params.name``)."""
        if node is None:
            return False
        d = N.var_of(self.data, node)
        return d is not None and self._is_name_path(d)
