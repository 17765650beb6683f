"""Names and types in the TypeScript/JavaScript function interpreter: dotted names of callees,
the type or constant a variable holds, constant prefixes and table references. Mixed into
:class:`~mcpaudit.analysis.ts.interp.TsFunction`."""

from __future__ import annotations

from typing import Optional

from . import nodes as N
from .depfields import dep_member
from .instancelists import constructed_list, instance_list_ref, method_list
from .instancetools import loop_alias
from .literaltext import joined_const
from .records import KEY
from .returntypes import project_class
from .locatortypes import located_type
from .lazyinstances import lazy_instance_type
from .tuples import spread_list
from .resolverwrappers import resolver_alias
from .spawnwrappers import sink_wrapper
from .setlists import set_copy
from .sdkanswers import service_member


class Names:
    """What a name stands for: its dotted path, type and constant value."""

    # -- names and types -------------------------------------------------------------------
    def dotted(self, node) -> Optional[str]:
        """The name of an expression after import resolution: ``cp.exec`` with ``import * as cp
        from "child_process"`` is ``child_process.exec``; a project module's export is
        ``<module>#<name>``."""
        node = N.unwrap(node)
        if node is None:
            return None
        t = node.type
        if t in ("member_expression", "call_expression", "new_expression", "subscript_expression"):
            k = node.id
            hit = self._dot.get(k, False)
            if hit is False:
                hit = self._dot[k] = self._dotted(node, t)
            return hit
        return self._dotted(node, t)

    def _dotted(self, node, t: str) -> Optional[str]:
        if t == "identifier":
            name = N.text(self.data, node)
            if name in self.fn_alias:
                return self.fn_alias[name]
            if name in self.local_fns and sink_wrapper(self, name, node.parent, self.local_fns[name]):
                return sink_wrapper(self, name, node.parent)  # const run = (c, a) => spawn(c, a) (spawnwrappers.py)
            if name in self.locals and name not in self.mod.aliases and (
                    self.node is not None or name not in self.mod.imports):
                return name  # a local variable (at module level, an import stays an import)
            m = self.mod
            if name in m.aliases:
                return m.aliases[name]
            if name in m.imports:
                return m.imports[name]
            # normalizePath(p) { return path.normalize(p) }; run(c, a) { spawn(c, a) } (spawnwrappers.py)
            return resolver_alias(self, name) or sink_wrapper(self, name, node.parent) or name
        if t == "member_expression":
            obj = node.child_by_field_id(self.F.object)
            prop = node.child_by_field_id(self.F.property)
            if obj is None or prop is None:
                return None
            base = self.dotted(obj)
            if base is None:
                return None
            p = N.text(self.data, prop).lstrip("#")  # this.#handle: the class keeps it as `handle`
            if base == "this" and self.cls and (self.cls, p) in self.mod.field_aliases:
                return self.mod.field_aliases[(self.cls, p)]  # this.run = promisify(exec); this.run(cmd)
            if obj.type == "identifier" and getattr(self.mod, "dep_ifaces", None):
                dep = dep_member(self, base, p)  # deps.writeFile(...): depfields.py
                if dep:
                    return dep
            return base + p if base.endswith("#") else f"{base}.{p}"
        if t == "subscript_expression":
            obj = node.child_by_field_id(self.F.object)
            idx = node.child_by_field_id(self.F.index)
            key = N.string_value(self.data, idx) if idx is not None else None
            base = self.dotted(obj) if obj is not None else None
            if base is None or key is None:
                return None
            return base + key if base.endswith("#") else f"{base}.{key}"
        if t == "this":
            return "this"
        if t == "call_expression":
            fn = node.child_by_field_id(self.F.function)
            req = self.mod.require_of(node)
            if req is not None:
                return req
            base = self.dotted(fn) if fn is not None else None
            return None if base is None else base + "()"
        if t == "new_expression":
            ctor = node.child_by_field_id(self.F.constructor)
            base = self.dotted(ctor) if ctor is not None else None
            return None if base is None else base + "()"
        if t == "import":
            return "import"
        if t == "meta_property":
            return N.text(self.data, node)
        return None

    def resolve_type(self, name: str) -> Optional[str]:
        """A type annotation's name after import resolution (``Pool`` -> ``pg.Pool``)."""
        if not name:
            return None
        head, _, rest = name.partition(".")
        m = self.mod
        seen = {name}
        while not rest and head in m.type_aliases and m.type_aliases[head] not in seen:
            name = m.type_aliases[head]  # type E = Page | Frame: read as `x: Page | Frame`
            seen.add(name)
            head, _, rest = name.partition(".")
        base = m.imports.get(head) or m.aliases.get(head)
        if base is None:
            if head in m.class_names or head in self.M.surface.parameter_types:
                return name
            return None
        if not rest:
            return base
        return base + rest if base.endswith("#") else f"{base}.{rest}"

    def type_of(self, node) -> Optional[str]:
        """What built a value: the constructor or factory (dotted), or a known type."""
        node = N.unwrap(node)
        if node is None:
            return None
        t = node.type
        if t == "await_expression":
            inner = node.named_children
            return self.type_of(inner[0]) if inner else None
        if t == "new_expression":
            ctor = node.child_by_field_id(self.F.constructor)
            return self.dotted(ctor) if ctor is not None else None
        if t == "call_expression":
            fn = node.child_by_field_id(self.F.function)
            d = self.dotted(fn) if fn is not None else None
            if d in self.M.same_function_calls:
                return None
            if d and d.startswith("this.") and self.cls and "." not in d[5:]:
                return self.mod.field_type(self.cls, d[5:] + "()") or d  # this.getClient(): its declared type
            # container.getService<GitService>("git"): the project class it names (locatortypes.py)
            return self._returned_type(fn) or located_type(self, node) or lazy_instance_type(self, fn) or d
        if t == "identifier":
            name = N.text(self.data, node)
            return self.types.get(name) or self.mod.types.get(name)
        if t in ("member_expression",):
            d = N.var_of(self.data, node)
            if d is None:
                return service_member(self, node)  # google.customsearch("v1").cse (sdkanswers.py)
            if d in self.types:
                return self.types[d]
            if d.startswith("this.") and self.cls:
                return self.mod.field_type(self.cls, d[5:])
        return None

    def _returned_type(self, fn) -> Optional[str]:
        """``pool.get(id)`` on an object of a project class: ``<class>.get()``, the class its
        method returns (resolved when linking, returntypes.py); ``this.conns.get(id)`` on a field
        typed ``Map<string, Conn>``: ``Conn``."""
        fn = N.unwrap(fn)
        if fn is None or fn.type != "member_expression":
            return None
        obj, prop = fn.child_by_field_id(self.F.object), fn.child_by_field_id(self.F.property)
        if obj is None or prop is None:
            return None
        method = N.text(self.data, prop)
        d = N.var_of(self.data, N.unwrap(obj))
        if method == "get" and d and d.startswith("this.") and self.cls and "." not in d[5:]:
            return self.mod.field_type(self.cls, d[5:] + "[]")
        tp = project_class(self.mod, self.type_of(obj))
        return f"{tp}.{method}()" if tp else None

    def const_of(self, node) -> Optional[str]:
        """The constant string value of an expression, when it has one."""
        node = N.unwrap(node)
        if node is None:
            return None
        s = N.string_value(self.data, node)
        if s is not None:
            return s
        t = node.type
        if t == "identifier":
            name = N.text(self.data, node)
            if name in self.consts:
                return self.consts[name]
            if name not in self.locals:
                return self.mod.consts.get(name)
            return None
        if t == "member_expression":
            d = N.var_of(self.data, node)
            if d is None:
                return None
            if d in self.consts:
                return self.consts[d]
            if d.startswith("this.") and self.cls:
                return self.mod.field_const(self.cls, d[5:])
            return self.mod.consts.get(d)
        if t in ("binary_expression", "template_string"):
            return N.fold_concat(self.data, self.F, node, self.const_of)
        if t == "call_expression":
            return joined_const(self, node)  # ["a", "b"].join(" "): literaltext.py
        return None

    def is_constant(self, node) -> bool:
        """The value is fixed by the code: a constant, one of several (``cond ? "a" : "b"``, an
        element of a list of constants), or a template of such values."""
        u = N.unwrap(node)
        if u is None or N.is_literal(u) or self.const_of(u) is not None:
            return True
        t = u.type
        if t == "identifier":
            return N.text(self.data, u) in self.constant_vars
        if t == "ternary_expression":
            return self.is_constant(u.child_by_field_id(self.F.consequence)) and \
                self.is_constant(u.child_by_field_id(self.F.alternative))
        if t == "template_string":
            return all(self.is_constant(c.named_children[0]) for c in u.named_children
                       if c.type == "template_substitution" and c.named_children)
        if t == "binary_expression":
            op = u.child_by_field_id(self.F.operator)
            return op is not None and op.type in ("+", "||", "??") and \
                self.is_constant(u.child_by_field_id(self.F.left)) and self.is_constant(u.child_by_field_id(self.F.right))
        if t == "array":
            return all(self.is_constant(c) for c in u.named_children if c.type != "comment")
        return False

    def const_suffix(self, node) -> str:
        """The constant text an expression ends with (``base + "?"``, `` `${base}?` ``), or ""."""
        u = N.unwrap(node)
        if u is None:
            return ""
        c = self.const_of(u)
        if c is not None:
            return c
        if u.type == "binary_expression":
            return self.const_suffix(u.child_by_field_id(self.F.right))
        if u.type == "template_string" and u.named_children and u.named_children[-1].type == "string_fragment":
            return N.text(self.data, u.named_children[-1])
        return ""

    def const_prefix(self, node) -> str:
        """The constant text a string expression starts with."""
        node = N.unwrap(node)
        if node is None:
            return ""
        c = self.const_of(node)
        if c is not None:
            return c
        t = node.type
        if t == "identifier":  # a variable built on a fixed origin (hostconsts.py)
            return getattr(self, "url_prefixes", {}).get(N.text(self.data, node), "")
        if t == "template_string":
            out = []
            for ch in node.children:
                if ch.type == "template_substitution":
                    inner = [x for x in ch.named_children if x.type != "comment"]
                    cv = self.const_of(inner[0]) if inner else None
                    if cv is None:
                        if not out and inner and inner[0].type == "identifier":
                            out.append(self.const_prefix(inner[0]))
                        break
                    out.append(cv)
                elif ch.type in ("string_fragment", "escape_sequence"):
                    out.append(N._unescape(N.text(self.data, ch)))
            return "".join(out)
        if t == "binary_expression":
            op = node.child_by_field_id(self.F.operator)
            if op is not None and op.type == "+":
                left = self.const_prefix(node.child_by_field_id(self.F.left))
                lc = self.const_of(node.child_by_field_id(self.F.left))
                if lc is not None:
                    return lc + self.const_prefix(node.child_by_field_id(self.F.right))
                return left
        return ""

    def table_ref(self, node) -> Optional[str]:
        """A reference to a module-level array or object this expression names (for tools
        registered in a loop), e.g. ``TOOLS`` or ``Object.values(tools)``."""
        node = N.unwrap(node)
        if node is None:
            return None
        if node.type == "call_expression":
            fn = node.child_by_field_id(self.F.function)
            if fn is not None and self.dotted(fn) in ("Object.values", "Object.entries"):
                args = N.args_of(node)
                return self.table_ref(args[0]) if args else None
            made = constructed_list(self, node)  # CLASSES.map((C) => make(C)): instancelists.py
            if made:
                return made
            d = self.dotted(fn) if fn is not None and fn.type == "identifier" else None
            if d and ("#" in d or d in self.mod.local_names) and d.split(".")[0] not in self.locals:
                # the table a factory returns (factories.py), or a selection of the list the
                # project function is given (filterTools(TOOLS, enabled)): LoopTools.list_lookup
                given = N.args_of(node)
                sel = self.table_ref(given[0]) if given else None
                return f"{d}({sel})" if sel else d + "()"
            return None
        if node.type == "identifier" and N.text(self.data, node) in self.list_refs:
            return self.list_refs[N.text(self.data, node)]
        if node.type in ("member_expression", "array"):
            kept = instance_list_ref(self, node)  # this.tools, [new A(), new B()]: instancelists.py
            if kept:
                return kept
        d = self.dotted(node)
        if d is None:
            return None
        if "#" in d or (d.split(".")[0] in self.mod.local_names and (self.node is None or d.split(".")[0] not in self.locals)):
            return d
        return None

    def loop_callback(self, recv_node, fn) -> None:
        """``TOOLS.forEach((t) => ...)``: ``t`` iterates the list like ``for (const t of TOOLS)``."""
        ref = self.table_ref(recv_node) if recv_node is not None else None
        if not ref:
            return
        p = N.first_param_pattern(fn)
        if p is not None and p.type == "identifier":
            self.loop_vars[N.text(self.data, p)] = ref
        elif p is not None and p.type == "array_pattern":
            # Object.entries(COMMANDS).forEach(([name, cmd]) => ...): cmd iterates the values
            self.entry_pair(recv_node, p)

    def entry_pair(self, entries_node, pattern) -> None:
        """``[name, t]`` over ``Object.entries(TOOLS)``: ``t`` iterates the values of ``TOOLS``,
        ``name`` its keys."""
        ref = self.table_ref(entries_node) if _entries_call(self, entries_node) else None
        pair = [c for c in pattern.named_children if c.type != "comment"]
        if not ref or len(pair) != 2:
            return
        if pair[1].type == "identifier":
            self.loop_vars[N.text(self.data, pair[1])] = ref
        if pair[0].type == "identifier":
            self.loop_keys[N.text(self.data, pair[0])] = ref

    def entry_records(self, name: str, node) -> None:
        """``Object.entries(TOOLS).map(([k, t]) => ({ name: k, tool: t }))``: ``name`` iterates
        ``TOOLS`` through records whose fields stand for an entry's key or the entry; ``def.tool``
        (``def`` iterating such records) is an entry of ``TOOLS``."""
        loop_alias(self, name, node)  # const toolName = tool.getToolName() (instancetools.py)
        if node.type == "member_expression":
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            role = self.loop_fields.get(N.text(self.data, obj), {}).get(N.text(self.data, prop)) if (
                obj is not None and obj.type == "identifier" and N.text(self.data, obj) in self.loop_vars) else None
            if role == "":
                self.loop_vars[name] = self.loop_vars[N.text(self.data, obj)]
            elif role == KEY:  # const toolName = def.name
                self.loop_keys[name] = self.loop_vars[N.text(self.data, obj)]
            return
        fn = node.child_by_field_name("function") if node.type == "call_expression" else None
        if fn is None or fn.type != "member_expression" or N.text(self.data, fn.child_by_field_name("property")) != "map":
            return
        args = N.args_of(node)
        cb = N.unwrap(args[0]) if len(args) == 1 else None
        ref = self.table_ref(fn.child_by_field_name("object"))
        if not ref or cb is None or not N.is_function(cb) or N.text(self.data, fn.child_by_field_name("object"))[:14] != "Object.entries":
            return
        params = cb.child_by_field_name("parameters")
        first = [c for c in params.named_children if c.type != "comment"][:1] if params is not None else []
        pat = first[0].child_by_field_name("pattern") if first and first[0].type == "required_parameter" else None
        body = N.unwrap(cb.child_by_field_name("body"))
        if pat is None or pat.type != "array_pattern" or body is None or body.type != "object":
            return
        pair = [N.text(self.data, c) for c in pat.named_children if c.type == "identifier"]
        if len(pair) != 2:
            return
        roles = {pair[0]: KEY, pair[1]: ""}
        fields = {k: roles[N.text(self.data, v)] for k, v in N.object_props(self.data, body).items()
                  if v is not None and v.type in ("identifier", "shorthand_property_identifier") and N.text(self.data, v) in roles}
        if fields:
            self.list_refs[name] = ref
            self.loop_fields[name] = fields

    def list_source(self, node) -> Optional[str]:
        """The module-level list a local copy or selection of it stands for (``[...TOOLS]``,
        ``TOOLS.filter(f)``, ``TOOLS.slice()``): its tools are the list's tools."""
        if node.type == "array":
            inner = [c for c in node.named_children if c.type != "comment"]
            if len(inner) == 1 and inner[0].type == "spread_element" and inner[0].named_children:
                return self.table_ref(inner[0].named_children[0])
            return spread_list(self, node)  # [...fileTools, ...shellTools]
        if node.type == "ternary_expression":
            # readOnly ? Object.fromEntries(Object.entries(TOOLS).filter(f)) : TOOLS
            for f in ("consequence", "alternative"):
                b = N.unwrap(node.child_by_field_name(f))
                ref = self.table_ref(b) or self.list_source(b) if b is not None else None
                if ref:
                    return ref
            return None
        if (copied := set_copy(self, node)) is not None:
            return self.table_ref(copied) or self.list_source(copied)  # new Set(TOOLS): setlists.py
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
            if prop is not None and N.text(self.data, prop) in ("filter", "slice", "toSorted"):
                return self.table_ref(fn.child_by_field_name("object"))
            if prop is not None and N.text(self.data, prop) == "map":
                return self.table_ref(node)  # the classes' instances (instancelists.py)
            if prop is not None and fn.child_by_field_name("object").type == "this":
                return method_list(self, node)  # this.initTools(cfg): the list it returns
            args = N.args_of(node)
            if fn is not None and self.dotted(fn) == "Object.fromEntries" and len(args) == 1 and N.unwrap(args[0]) is not None:
                return self.list_source(N.unwrap(args[0]))  # a selection of an object's entries
            if fn is not None and fn.type == "identifier":
                return self.table_ref(node)  # tools = createTools(s): the list the factory returns
        return None

    def kept_list(self, node):
        """``[...].filter(Boolean)`` (or ``filter((a) => a)``, ``!!a``, ``a !== ""``): the array it
        filters, whose elements it keeps in order, dropping only empty ones (never a ``--``);
        None for another call."""
        u = N.unwrap(node)
        if u is None or u.type != "call_expression":
            return None
        fn = u.child_by_field_name("function")
        args = N.args_of(u)
        if fn is None or fn.type != "member_expression" or len(args) != 1 or \
                N.text(self.data, fn.child_by_field_name("property")) != "filter":
            return None
        pred = N.unwrap(args[0])
        if N.text(self.data, pred) != "Boolean" and not _drops_only_empty(self.data, pred):
            return None
        return N.unwrap(fn.child_by_field_name("object"))

    def _elements(self, node) -> list:
        out = []
        for c in node.named_children:
            if c.type == "comment":
                continue
            if c.type == "spread_element":
                inner = c.named_children
                sub = self.lists.get(N.text(self.data, inner[0])) if inner and inner[0].type == "identifier" else None
                if sub is not None:
                    out.extend(sub)
                else:
                    out.append((c, self.ev_quiet(c), None, True))
                continue
            out.append((c, self.ev_quiet(c), N.string_value(self.data, c), False))
        return out

    def sink_alias(self, node, depth: int = 0) -> Optional[str]:
        """The sink function a field is set to: ``promisify(exec)``, a module-level alias of one,
        either side of ``override || promisify(exec)``."""
        u = N.unwrap(node)
        if u is None or depth > 3:
            return None
        if u.type == "binary_expression":
            op = u.child_by_field_id(self.F.operator)
            if op is None or N.text(self.data, op) not in ("||", "??"):
                return None
            return self.sink_alias(u.child_by_field_id(self.F.left), depth + 1) or \
                self.sink_alias(u.child_by_field_id(self.F.right), depth + 1)
        if u.type == "call_expression":
            fn = u.child_by_field_id(self.F.function)
            args = N.args_of(u)
            if fn is None or not args or self.dotted(fn) not in self.M.same_function_calls:
                return None
            u = N.unwrap(args[0])
        d = self.dotted(u) if u is not None and u.type in ("identifier", "member_expression") else None
        return d if d and d in self.M.sink_calls else None


_EMPTY_VALUES = ('""', "''", "undefined", "null")


def _drops_only_empty(data: bytes, fn) -> bool:
    """An arrow ``(a) => a`` / ``!!a`` / ``a !== ""`` (``undefined``, ``null``): it drops no
    non-empty string."""
    if fn is None or fn.type != "arrow_function":
        return False
    params = fn.child_by_field_name("parameters")
    p = fn.child_by_field_name("parameter")
    if p is None and params is not None and len(params.named_children) == 1:
        p = params.named_children[0]
        p = p.child_by_field_name("pattern") if p.type == "required_parameter" else p
    body = N.unwrap(fn.child_by_field_name("body"))
    if p is None or p.type != "identifier" or body is None:
        return False
    name = N.text(data, p)
    text = N.text(data, body).replace(" ", "")
    if text in (name, "!!" + name):
        return True
    return body.type == "binary_expression" and any(
        text in (f"{name}{op}{v}", f"{v}{op}{name}") for op in ("!==", "!=") for v in _EMPTY_VALUES)


def _entries_call(fn, node) -> bool:
    u = N.unwrap(node)
    return u is not None and u.type == "call_expression" and \
        fn.dotted(u.child_by_field_name("function")) == "Object.entries"
