"""Tools kept as the argument list of their registration call, for the module analysis and the
linker.

``createTool(name, description, schema, handler)`` that returns ``[name, description, schema,
handler]`` builds a tool as the arguments ``McpServer.tool()`` takes, and ``server.tool(...t)``
in a loop over a list of such tuples registers each: the spread's elements are the call's
arguments. So:

- a module-level function whose body returns an array literal of names is recorded as the array
  ``<function>()`` (like the table a factory returns, factories.py), its own parameters as
  ``p:<index>`` (the argument given for that parameter);
- a call with several arguments in a module-level list (``[createTool("x", ..., handler)]``) is
  kept as ``t:<element>``, its callee and arguments as the array ``<element>(...)`` (the callee
  first); an array literal holding a function (``[["x", "...", shape, handler]]``) is a tuple as
  it is, its zod shape a schema;
- a local list made of spreads of module-level lists (``[...fileTools, ...shellTools]``) is
  recorded as a module array, so that a loop over it is a loop over their elements;
- ``server.tool(...t)`` where ``t`` iterates such a list is a registration per element whose
  name is the tuple's first element and handler its last (the positions of the method's
  positional spec; the ones between are a description, a schema).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, List, Optional, Tuple

from . import nodes as N
from .descriptors import exported_call

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

#: loop properties of a registration that spreads a tuple: positions in the tuple
SPREAD = "[spread]"
#: elements of a returned array kept: names (a parameter, a definition kept elsewhere) and constants
_NAMES = ("identifier", "member_expression", "string", "number", "template_string", "true", "false")


# -- module analysis -------------------------------------------------------------------------
def returned_names(mod, node, qual: str) -> None:
    """``function f(a, b) { return [a, b] }`` at module level: the array ``f()``, its parameters
    as ``p:<index>``, other names and constants as table values. Only arrays of names: an array of
    objects or spreads a factory returns is a tool list (toolarrays.py)."""
    body = node.child_by_field_name("body") if node is not None else None
    arr = returned_literal(body, "array") if body is not None else None
    if arr is None:
        return
    items = [c for c in arr.named_children if c.type != "comment"]
    if any(N.unwrap(c) is None or N.unwrap(c).type not in _NAMES for c in items):
        return
    params = _param_names(mod, node)
    out: List[str] = []
    for i, el in enumerate(items):
        u = N.unwrap(el)
        if u.type == "identifier" and N.text(mod.data, u) in params:
            out.append(f"p:{params.index(N.text(mod.data, u))}")
        else:
            out.append(mod._table_value(f"{qual}()[{i}]", el, 2) or "-")
    mod.arrays.setdefault(f"{qual}()", out)


def returned_literal(body, kind: str):
    """The literal of node type ``kind`` (``array``, ``object``) a function body returns: an arrow's
    expression body, or the last return statement's value; None when it returns another value."""
    u = N.unwrap(body)
    if u is None:
        return None
    if u.type == kind:
        return u
    if u.type != "statement_block":
        return None
    found = None
    for st in u.named_children:
        if st.type == "return_statement":
            inner = [c for c in st.named_children if c.type != "comment"]
            v = N.unwrap(inner[0]) if inner else None
            found = v if v is not None and v.type == kind else None
    return found


def _param_names(mod, node) -> List[str]:
    params = node.child_by_field_name("parameters")
    out: List[str] = []
    for p in params.named_children if params is not None else ():
        pat = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
        out.append(N.text(mod.data, pat) if pat is not None and pat.type == "identifier" else "")
    if params is None and node.child_by_field_name("parameter") is not None:
        out.append(N.text(mod.data, node.child_by_field_name("parameter")))
    return out


def tuple_element(mod, qual: str, el, depth: int) -> Optional[str]:
    """An element of a module-level list that is a call with several arguments of a named
    function (``t:<qual>``, the callee and the arguments kept as the array ``<qual>(...)``), or an
    array literal holding a function (``a:<qual>``, kept as a tuple); None for another element
    (read as a table value)."""
    u = N.unwrap(el)
    if u is None or depth > 2:
        return None
    if u.type == "array":
        items = [c for c in u.named_children if c.type != "comment"]
        if not any(N.unwrap(c) is not None and N.unwrap(c).type in N.FUNCTIONS for c in items):
            return None
        mod.arrays[qual] = _tuple_values(mod, qual, items, depth)
        return "a:" + qual
    if u.type != "call_expression":
        return None
    fn = u.child_by_field_name("function")
    args = N.args_of(u)
    callee = mod.top.dotted(fn) if fn is not None and fn.type in ("identifier", "member_expression") else None
    if not callee or len(args) < 2 or mod.top._zod_call(u):
        return None
    mod.arrays[qual + "(...)"] = ["r:" + callee] + _tuple_values(mod, qual, args, depth)
    return "t:" + qual


def _tuple_values(mod, qual: str, items, depth: int) -> List[str]:
    """Table values of a tuple's elements: its first function is ``<qual>`` (as a list element
    that is a wrapped handler is), a zod shape a schema; "-" for what is none."""
    vals: List[str] = []
    named = False
    for i, a in enumerate(items):
        au = N.unwrap(a)
        if au is not None and au.type in N.FUNCTIONS:
            q = qual if not named else f"{qual}.{i}"
            named = True
            mod.local_names.add(q)
            mod._pending.append((au, q, None))
            vals.append("f:" + q)
        elif au is not None and au.type == "object" and mod._is_zod_shape(au):
            key = f"@{au.start_byte}"
            mod.schemas[key] = mod.top.schema_params(au)
            vals.append("z:" + key)
        elif a.type == "spread_element":
            vals.append("-")
        else:
            vals.append(mod._table_value(f"{qual}.{i}", a, depth + 1) or "-")
    return vals


def spread_list(fa, node) -> Optional[str]:
    """``[...fileTools, ...shellTools]`` in a function, every element a spread of a module-level
    list: recorded as a module array (named by the function and the position), its name."""
    inner = [c for c in node.named_children if c.type != "comment"]
    if len(inner) < 2 or any(c.type != "spread_element" or not c.named_children for c in inner):
        return None
    refs = [fa.table_ref(c.named_children[0]) for c in inner]
    if not all(refs):
        return None
    name = f"{fa.qualname}@{node.start_byte}"
    fa.mod.arrays[name] = ["r:" + r + "[*]" for r in refs]
    return name


def spread_registration(fa, reg, spec, args) -> bool:
    """``server.tool(...t)`` where ``t`` iterates a list: one registration per element, whose
    name and handler are the tuple's elements at the positional spec's places."""
    if len(args) != 1 or "object" in spec or args[0].type != "spread_element" or not args[0].named_children:
        return False
    u = N.unwrap(args[0].named_children[0])
    if u is None or u.type != "identifier" or N.text(fa.data, u) not in fa.loop_vars:
        return False
    reg.loop = "r:" + fa.loop_vars[N.text(fa.data, u)]
    reg.loop_props.update({SPREAD: "1", "name": str(spec.get("name", 0)),
                           "config": str(spec["config"]) if "config" in spec else ""})
    reg.handler = "loop"
    reg.inputs = (0,)
    reg.context_index = 1
    fa.mod.registrations.append(reg)
    return True


# -- linking ---------------------------------------------------------------------------------
class TupleTools:
    """Mixed into :class:`~mcpaudit.analysis.ts.link.TsLinker` (through ``LoopTools``)."""

    def list_lookup(self: "TsLinker", path: str, ref: str, depth: int = 0) -> Optional[Tuple[str, str]]:
        """``lookup`` of a loop's list; ``f(<list>)`` (a project function given a list, see
        ``Names.table_ref``) is the table or array ``f`` returns when it builds one, else a
        selection of the list it is given (``filterTools(TOOLS, enabled)``)."""
        hit = self.lookup(path, ref) or exported_call(self, ref)
        if hit is not None or not ref.endswith(")") or "(" not in ref or depth > 4:
            return hit
        head, _, given = ref[:-1].partition("(")
        hit = self.lookup(path, head + "()")
        return hit if hit is not None or not given else self.list_lookup(path, given, depth + 1)

    def table_items(self: "TsLinker", path: str, table: str, depth: int = 0) -> List[Tuple[str, str, str]]:
        """(module, key, value) of an object's entries, those of the objects it spreads
        (``{ ...noteHandlers, ...checkHandlers }``) in their place."""
        out: List[Tuple[str, str, str]] = []
        for k, v in self.modules[path].tables.get(table, {}).items():
            if k.startswith("...") and v.startswith("r:"):
                hit = self.lookup(path, v[2:]) if depth < 6 else None
                if hit is not None and hit[1].startswith("o:"):
                    out.extend(self.table_items(hit[0], hit[1][2:], depth + 1))
                continue
            out.append((path, k, v))
        return out

    def element_literals(self: "TsLinker", path: str, val: str, prop: Optional[str]) -> dict:
        """The constants of an element's object under ``prop`` (``tool.annotations``)."""
        if not prop:
            return {}
        tpath, tv = self.element(path, val, prop)
        if not tv or not tv.startswith("o:"):
            return {}
        out = {}
        for k, v in self.modules[tpath].tables.get(tv[2:], {}).items():
            if v.startswith("s:"):
                out[k] = True if v == "s:true" else False if v == "s:false" else v[2:]
        return out

    def tuple_tools(self: "TsLinker", path: str, reg) -> Iterator[tuple]:
        """(module, handler function, tool, schema parameters) per tuple of the list a
        ``server.tool(...t)`` registration loops over."""
        hit = self.list_lookup(path, reg.loop[2:])
        if hit is None or not hit[1].startswith("a:"):
            return
        props = reg.loop_props
        at = int(props.get("name") or 0)
        for epath, ev in self._array(hit[0], hit[1][2:])[:128]:
            vals = self.tuple_values(epath, ev)
            if len(vals) < at + 2:
                continue
            name = self.string(*vals[at])
            res = self._value_function(*vals[-1], 0) if vals[-1][1] else None
            if not name or res is None:
                continue
            desc, params = None, []
            middle = vals[at + 1:-1]
            if props.get("config"):
                cpath, cval = vals[int(props["config"])]
                desc = self.string(*self.element(cpath, cval, "description")) if cval else None
                spath, sval = self.element(cpath, cval, "inputSchema") if cval else (cpath, None)
                params = self._schema(spath, sval) if sval else []
            else:
                for vpath, v in middle:
                    if desc is None and self.string(vpath, v):
                        desc = self.string(vpath, v)
                    elif not params and v and v[:2] in ("z:", "o:", "r:"):
                        params = self._schema(vpath, v)
            yield self._tool(res[0], res[1], reg, name, desc, None, params)

    def tuple_values(self: "TsLinker", path: str, val: str, depth: int = 0) -> List[Tuple[str, Optional[str]]]:
        """The elements of a tuple (an array literal, a call of a function returning its
        arguments as an array, a reference to either), as (module, value or None)."""
        if depth > 4:
            return []
        if val.startswith("r:"):
            hit = self.lookup(path, val[2:])
            return self.tuple_values(hit[0], hit[1], depth + 1) if hit is not None else []
        if val.startswith("a:"):
            return [(path, None if v == "-" else v) for v in self.modules[path].arrays.get(val[2:], [])]
        if not val.startswith("t:"):
            return []
        call = self.modules[path].arrays.get(val[2:] + "(...)", [])
        if not call:
            return []
        res = self.resolve(path, None, call[0][2:])
        if res is None:
            return []
        shape = self.modules[res[0]].arrays.get(f"{res[1].qualname}()")
        if shape is None:
            return []
        args = call[1:]
        out: List[Tuple[str, Optional[str]]] = []
        for v in shape:
            if v.startswith("p:"):
                i = int(v[2:])
                out.append((path, args[i] if i < len(args) and args[i] != "-" else None))
            else:
                out.append((res[0], None if v == "-" else v))
        return out
