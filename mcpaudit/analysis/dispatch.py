"""Tool dispatch shapes beyond a dictionary of functions (see :mod:`.resolution`).

* **Records holding their handler.** A list of ``Tool(name="x", handler=fn)`` objects (a class of
  the project: a dataclass, a pydantic model), possibly filtered by comprehensions, and a handler
  picked from it with ``next(t.handler for t in tools if t.name == name)``: every record's function
  is a candidate, filed under the record's literal name.
* **Classes that name their tool.** A tool handler class declares the tool it serves with a class
  attribute (``name = "x"``), ``self.name = "x"`` in ``__init__``, or its base's constructor
  (``super().__init__(TOOL_X)``, with ``TOOL_X`` a module constant); a dispatch from ``call_tool``
  to a base-class method that lands in its overrides files each override under that name.
* **Input models.** A low-level ``Tool(name="X", inputSchema=Model.model_json_schema())`` ties
  tool X to ``Model``; a branch on ``isinstance(value, Model)`` serves tool X (:func:`model_branch`).
* **Registration loops.** ``for name, fn in TOOLS.items(): mcp.add_tool(fn, name=name)`` registers
  each function of the table (:func:`loop_functions`).
* **Unfollowed dispatch.** A call in a ``call_tool`` handler whose callee the tool name chooses (a
  lookup, or the project's own code given the name) and which resolves to no function, or a tool
  registration whose function resolves to none: the tools behind it were never seen, so the
  surface is incomplete (:func:`follow_dispatch`, :func:`unfollowed_registration`).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ..lazycst import Visitor, cst

from . import cstnodes as N
from .cstnodes import string_value
from .positions import flat_body
from .visitorder import visit
from .listsources import derived_lists
from .tuplelists import table_sources
from .recordfns import RECORD, expand_records
from .boundtools import BOUND, bound_targets
from .matchtools import ARM_HINT, arm_hint, case_tools

NAME_KEYWORDS = ("name", "tool_name")
MODEL_HINT = "model:"  # a tool hint naming the input model class a branch is for
CASE_HINT = "case:"  # a case of a switch on a tool list element's field: the tool of that name, if any
_BUILTIN_TYPES = frozenset({"str", "bytes", "int", "float", "bool", "dict", "list", "tuple", "set", "type",
                            "object", "Exception"})


def field_tables(mod, value) -> Dict[str, Tuple[List[str], Dict[str, str]]]:
    """A dict of records, each a dict literal (``{"get_x": {"definition": defn_x, "handler":
    handle_x}, ...}``): for each field every record maps to a function, that field's functions
    (a dispatch table ``TABLE[name]["handler"]`` picks from) and the tool each is filed under."""
    out: Dict[str, Tuple[List[str], Dict[str, str]]] = {}
    if not isinstance(value, cst.Dict) or not value.elements:
        return out
    fields: Optional[Dict[str, Tuple[List[str], Dict[str, str]]]] = None
    for e in value.elements:
        tool = string_value(e.key) if isinstance(e, cst.DictElement) else None
        if tool is None or not isinstance(e.value, cst.Dict):
            return out
        row: Dict[str, str] = {}
        for f in e.value.elements:
            key = string_value(f.key) if isinstance(f, cst.DictElement) else None
            d = mod.dotted(f.value) if key and isinstance(f.value, (cst.Name, cst.Attribute)) else None
            if key and d:
                row[key] = d
        if fields is None:
            fields = {k: ([v], {v: tool}) for k, v in row.items()}
        else:
            fields = {k: (fns + [row[k]], {**keys, row[k]: tool}) for k, (fns, keys) in fields.items() if k in row}
    return fields or out


def model_branch(mod, test) -> Optional[str]:
    """``isinstance(value, Model)``: the hint ``model:<dotted Model>``, which the linker turns
    into the tool whose input schema is made from that class (or drops)."""
    if not (isinstance(test, cst.Call) and isinstance(test.func, cst.Name) and test.func.value == "isinstance"
            and len(test.args) == 2 and isinstance(test.args[1].value, (cst.Name, cst.Attribute))):
        return None
    dotted = mod.dotted(test.args[1].value)
    if not dotted or dotted in _BUILTIN_TYPES:
        return None
    return MODEL_HINT + dotted


def model_tools(linker) -> Dict[Tuple[str, str], str]:
    """(module path, class) of each declared tool's input model -> the tool's name."""
    out: Dict[Tuple[str, str], str] = {}
    for path in sorted(linker.modules):
        for lt in getattr(linker.modules[path], "lowlevel_tools", ()):
            ref = linker.class_ref(path, lt.model) if getattr(lt, "model", None) else None
            if ref is not None:
                out.setdefault(ref, lt.name)
    return out


def tool_of_hint(linker, path: str, hint: Optional[str]) -> Optional[str]:
    """A recorded tool hint as a tool name: a model hint becomes the tool declared with that
    model (None when no tool is: the branch was about some other class); a case hint the tool
    the case names, when the project has one (ts/loopcases.py)."""
    if hint and hint.startswith(ARM_HINT):  # a match arm on the tool name (matchtools.py)
        return arm_hint(linker, path, hint)
    if hint and hint.startswith(CASE_HINT):
        name = hint[len(CASE_HINT):]
        return name if any(t.name == name for t in linker.tools) else None
    if not hint or not hint.startswith(MODEL_HINT):
        return hint
    ref = linker.class_ref(path, hint[len(MODEL_HINT):])
    return linker.model_tool_names.get(ref) if ref is not None else None


def other_case(linker, hint: Optional[str], recorded: Optional[str]) -> bool:
    """A call or sink in a case of a switch on a tool list element's field (ts/loopcases.py)
    that names another tool than the one the shared handler is run for (a case whose literal
    names no tool runs for any)."""
    if not (hint and recorded and recorded.startswith(CASE_HINT)) or recorded[len(CASE_HINT):] == hint:
        return False
    return tool_of_hint(linker, "", recorded) is not None


def record_entries(fa, node, depth: int = 0) -> Optional[List[Tuple[str, str, str]]]:
    """``next(t.FIELD for t in TABLE if ...)``: the (function, tool name, description) of every
    record of TABLE, the function being the record's FIELD keyword. None when it is not that."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "next"
            and node.args and isinstance(node.args[0].value, (cst.GeneratorExp, cst.ListComp))):
        return None
    gen = node.args[0].value
    elt, target = gen.elt, gen.for_in.target
    if not (isinstance(elt, cst.Attribute) and isinstance(elt.value, cst.Name) and isinstance(target, cst.Name)
            and elt.value.value == target.value):
        return None
    return field_entries(fa, gen.for_in.iter, elt.attr.value)


def picked_from(node) -> Optional[cst.BaseExpression]:
    """``next(t for t in TABLE if ...)``: TABLE (the element itself is picked)."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "next"
            and node.args and isinstance(node.args[0].value, (cst.GeneratorExp, cst.ListComp))):
        return None
    gen = node.args[0].value
    if isinstance(gen.elt, cst.Name) and isinstance(gen.for_in.target, cst.Name) and \
            gen.elt.value == gen.for_in.target.value:
        return gen.for_in.iter
    return None


def field_entries(fa, table, field: str) -> Optional[List[Tuple[str, str, str]]]:
    """The (function, tool name, description) of every record of the list expression ``table``
    whose ``field`` keyword names a function. None when ``table`` is no list of records."""
    records = _records(fa, table, 0)
    if not records:
        return None
    out = []
    for call in records:
        kw = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        fn = kw.get(field)
        name = next((string_value(kw[k]) for k in NAME_KEYWORDS if k in kw and string_value(kw[k])), None)
        dotted = fa.mod.dotted(fn) if isinstance(fn, (cst.Name, cst.Attribute)) else None
        if dotted and name:
            out.append((dotted, name, string_value(kw.get("description")) or ""))
    return out or None


def records_of(fa, node) -> bool:
    """Whether a list expression holds records (constructor calls with keywords)."""
    return bool(_records(fa, node, 0))


def _records(fa, node, depth: int) -> Optional[List[cst.Call]]:
    """The record constructor calls a list expression holds: a literal, a name bound to one (in
    this function, the enclosing one, or the module), a comprehension filtering one, or a sum."""
    if depth > 6:
        return None
    if isinstance(node, cst.Name):
        for values in (fa.local_values, getattr(fa, "outer_values", None) or {}, fa.mod.module_values):
            if node.value in values:
                return _records(fa, values[node.value], depth + 1)
        return None
    if isinstance(node, (cst.ListComp, cst.GeneratorExp)) and isinstance(node.elt, cst.Name) and \
            isinstance(node.for_in.target, cst.Name) and node.elt.value == node.for_in.target.value:
        return _records(fa, node.for_in.iter, depth + 1)  # [t for t in tools if ...]: a filter
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left, right = _records(fa, node.left, depth + 1), _records(fa, node.right, depth + 1)
        return (left or []) + (right or []) if left or right else None
    if isinstance(node, (cst.List, cst.Tuple)) and node.elements:
        calls = [e.value for e in node.elements]
        if all(isinstance(c, cst.Call) and any(a.keyword is not None for a in c.args) for c in calls):
            return calls
    return None


IMPORTED_LIST = "[*]"  # suffix of a registration target that is each function of an imported list
IMPORTED_TABLE = "{*}"  # suffix of a dispatch target that is each function of an imported table


def spread_entries(mod, value: cst.Dict) -> Optional[List[str]]:
    """The entries of a table merged from others (``{**FILE_HANDLERS, **WEB_HANDLERS, "x": f}``):
    a table of this module gives its own entries, an imported one ``<dotted>{*}`` (expanded when
    the modules are linked). None when the dict spreads nothing, or spreads what is no table."""
    if not any(isinstance(e, cst.StarredDictElement) for e in value.elements):
        return None
    out: List[str] = []
    for e in value.elements:
        v = e.value
        head = v
        while isinstance(head, cst.Attribute):
            head = head.value
        d = mod.dotted(v) if isinstance(v, (cst.Name, cst.Attribute)) else None
        if isinstance(e, cst.StarredDictElement) and isinstance(v, cst.Name) and v.value in mod.dispatch_tables:
            out += mod.dispatch_tables[v.value]
        elif isinstance(e, cst.StarredDictElement) and d and isinstance(head, cst.Name) and head.value in mod.imports:
            out.append(d + IMPORTED_TABLE)
        elif isinstance(e, cst.DictElement) and d:
            out.append(d)
        else:
            return None
    return out


def _function_assigns(mod) -> List[Tuple[Dict[str, str], List[cst.Assign]]]:
    """For each function of the module (methods and nested functions included, in source order):
    its locals bound to a plain name (``handlers = HANDLERS``) and its assignments in source
    order. Read once per module: :func:`self_assigned_values` asks for every attribute it meets."""
    found = mod.__dict__.get("_function_assigns")
    if found is None:
        found = []
        for fn in N.find_all(mod.module, cst.FunctionDef):
            assigns = N.find_all(fn, cst.Assign)
            local = {t.target.value: a.value.value for a in assigns for t in a.targets
                     if isinstance(t.target, cst.Name) and isinstance(a.value, cst.Name)}
            found.append((local, assigns))
        mod.__dict__["_function_assigns"] = found
    return found


def self_assigned_values(mod, attr: str) -> List[Tuple[cst.AssignTarget, cst.BaseExpression, Dict[str, str]]]:
    """Each ``self.<attr> = value`` of the module's functions: its target, its value and the
    locals bound to a plain name in the function it was read in (:func:`_function_assigns`; a
    nested function's assignment is met once for each function around it). Memoised per module."""
    memo = mod.__dict__.setdefault("_self_assigned", {})
    found = memo.get(attr)
    if found is None:
        found = memo[attr] = [
            (t, a.value, local) for local, assigns in _function_assigns(mod) for a in assigns for t in a.targets
            if isinstance(t.target, cst.Attribute) and t.target.attr.value == attr
            and isinstance(t.target.value, cst.Name) and t.target.value.value == "self"]
    return found


def self_table_name(mod, node) -> Optional[cst.Name]:
    """``self.handlers`` where a method assigns ``self.handlers = HANDLERS`` (or a local bound to
    it there, ``handlers = HANDLERS; self.handlers = handlers``): the name it is assigned from,
    when every such assignment of the module names the same one."""
    if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self"):
        return None
    memo = mod.__dict__.setdefault("_self_tables", {})
    attr = node.attr.value
    if attr not in memo:
        found = {local.get(v.value, v.value) if isinstance(v, cst.Name) else None
                 for _t, v, local in self_assigned_values(mod, attr)}
        name = found.pop() if len(found) == 1 else None
        memo[attr] = cst.Name(name) if name else None
    return memo[attr]


def imported_table_targets(linker, path: str, caller, dotted: str, depth: int = 0, serves=None) -> list:
    """``HANDLERS.get(name)(arguments)`` with ``HANDLERS`` imported from another module of the
    project (``{"run": handle_run, ...}`` there, or re-exported by a package): every function of
    that table, each filed under its key when a low-level ``call_tool`` handler dispatches (the
    tool it serves). Empty when the name is no table of the project."""
    split = linker.module_prefix(path, dotted)
    if split is None or depth > 4:
        return []
    mpath, parts, cut = split
    tmod = linker.modules[mpath]
    if len(parts) != cut + 1:
        return []
    if serves is None:
        serves = caller is not None and (path, caller.qualname) in linker.call_tool_fns
    entries = tmod.dispatch_tables.get(parts[cut])
    if entries is None:
        src = tmod.imports.get(parts[cut])  # re-exported: from .handlers import HANDLERS
        return imported_table_targets(linker, mpath, caller, src, depth + 1, serves) if src and mpath != path else []
    out = []
    for entry in entries:
        if entry.endswith(IMPORTED_TABLE):  # {**OTHER_HANDLERS}: that module's table
            out += imported_table_targets(linker, mpath, caller, entry[:-len(IMPORTED_TABLE)], depth + 1, serves)
            continue
        if entry.endswith("()"):
            continue
        hint = tmod.dispatch_keys.get(entry) if serves else None
        out += [(*hit[:3], hint) for hit in linker.resolve_all(mpath, None, entry)]
    return out


def loop_functions(fa, target, it) -> Dict[str, Tuple[List[Tuple[str, Optional[str]]], Optional[str]]]:
    """A loop over functions that registers each (``for fn in (a, b): mcp.add_tool(fn)``,
    ``for name, fn in TOOLS.items(): mcp.add_tool(fn, name=name)``): loop variable -> (the
    (function, key) pairs it takes, the variable holding the key)."""
    method = None
    it_node = it
    if isinstance(it, cst.Call) and isinstance(it.func, cst.Attribute) and not it.args:
        method, it = it.func.attr.value, it.func.value
    if isinstance(it, cst.Name):
        for values in (fa.local_values, getattr(fa, "outer_values", None) or {}, fa.mod.module_values):
            if it.value in values:
                it = values[it.value]
                break
    if method is None and isinstance(target, cst.Name) and isinstance(it, (cst.Name, cst.Attribute)):
        head = it
        while isinstance(head, cst.Attribute):
            head = head.value
        listed = fa.mod.dotted(it)
        if isinstance(head, cst.Name) and head.value in fa.mod.imports and listed:
            # a list of functions another module defines: resolved when the modules are linked
            return {target.value: ([(listed + IMPORTED_LIST, None)], None)}
    row = target.elements[0].value if isinstance(target, cst.Tuple) and target.elements else target
    if method is None and isinstance(row, cst.Name) and isinstance(it, (cst.Call, cst.Name)):
        # for func, name, *_ in get_all_functions(): the rows of tables functions return
        sources = table_sources(fa, it_node)
        if sources:
            return {row.value: ([(src + IMPORTED_LIST, None) for src in sources], None)}
        if isinstance(it_node, cst.Name) and isinstance(it, cst.Call) and row is target and \
                it_node.value in fa.mod.module_values and it_node.value not in fa.local_values:
            # for fn in TOOLS, TOOLS = build_list() at module level: the lists it derives from
            return {row.value: ([(it_node.value + IMPORTED_LIST, None)], None)}
    if method is None and isinstance(target, cst.Tuple) and isinstance(it, (cst.List, cst.Tuple)):
        return _tuple_rows(fa, target, it)
    if method is None and isinstance(target, cst.Name):
        fields = _field_rows(fa, target.value, it)
        if fields:
            return fields
    pairs: List[Tuple[cst.BaseExpression, Optional[str]]] = []
    if isinstance(it, cst.Dict) and method in ("items", "values"):
        pairs = [(e.value, string_value(e.key)) for e in it.elements if isinstance(e, cst.DictElement)]
    elif isinstance(it, (cst.List, cst.Tuple)) and method is None:
        pairs = [(e.value, None) for e in it.elements]
    entries = [(fa.mod.dotted(v), k) for v, k in pairs if isinstance(v, (cst.Name, cst.Attribute))]
    if not pairs or len(entries) != len(pairs) or not all(d for d, _k in entries):
        return {}
    if method == "items" and isinstance(target, cst.Tuple) and len(target.elements) == 2 and \
            all(isinstance(e.value, cst.Name) for e in target.elements):
        return {target.elements[1].value.value: (entries, target.elements[0].value.value)}
    if isinstance(target, cst.Name) and method != "items":
        return {target.value: (entries, None)}
    return {}


def _tuple_rows(fa, target: cst.Tuple, it) -> Dict[str, Tuple[List[Tuple[str, Optional[str]]], Optional[str]]]:
    """``for key, fn, text in [("a", f, "..."), ...]``: each loop variable bound to a function in
    every row -> those functions, keyed by the first variable bound to a string in every row."""
    names = [e.value.value if isinstance(e.value, cst.Name) else None for e in target.elements]
    rows = [e.value for e in it.elements]
    if not rows or None in names or not all(isinstance(r, (cst.Tuple, cst.List)) and len(r.elements) == len(names)
                                            and not any(isinstance(e, cst.StarredElement) for e in r.elements) for r in rows):
        return {}
    columns = [[r.elements[i].value for r in rows] for i in range(len(names))]
    keys = next((col for col in columns if all(string_value(v) is not None for v in col)), None)
    key_var = names[columns.index(keys)] if keys is not None else None
    out = {}
    for var, col in zip(names, columns):
        funcs = [_function_ref(fa, v) for v in col]
        if all(funcs):
            out[var] = ([(f, string_value(keys[i]) if keys is not None else None) for i, f in enumerate(funcs)], key_var)
    return out


def _function_ref(fa, v) -> Optional[str]:
    """A row's value as a function: a nested function by its qualified name, a function of the
    module or an imported name dotted, an attribute of an imported module (``tools.list_items``
    after ``from . import tools``) dotted; None for anything else."""
    if isinstance(v, cst.Attribute) and isinstance(v.value, cst.Name) and v.value.value in fa.mod.imports:
        return fa.mod.dotted(v)
    if not isinstance(v, cst.Name):
        return None
    if v.value in getattr(fa, "nested", {}):
        return f"{fa.qualname}.{v.value}"
    if v.value in fa.mod.functions or v.value in fa.mod.imports:
        return fa.mod.dotted(v)
    return None


def _field_rows(fa, var: str, it) -> Dict[str, Tuple[List[Tuple[str, Optional[str]]], Optional[str]]]:
    """``for t in [{"fn": f, "name": "a"}, ...]`` and ``for d in [ToolDef(fn=f, name="a"), ...]``
    (records as in :func:`_records`): each field that holds a function in every row, by the text
    that reads it (``t[fn]``, ``d.fn``, see :func:`loop_access`) -> those functions, keyed by the
    rows' literal names and the text that reads the name field."""
    if isinstance(it, (cst.List, cst.Tuple)) and it.elements and all(isinstance(e.value, cst.Dict) for e in it.elements):
        rows = [{string_value(d.key): d.value for d in e.value.elements
                 if isinstance(d, cst.DictElement) and string_value(d.key) is not None} for e in it.elements]
        fmt = "{}[{}]"
    else:
        records = _records(fa, it, 0)
        if not records:
            return {}
        rows = [{a.keyword.value: a.value for a in c.args if a.keyword is not None} for c in records]
        fmt = "{}.{}"
    name_field = next((k for k in NAME_KEYWORDS if all(string_value(r.get(k)) is not None for r in rows)), None)
    out = {}
    for field in rows[0]:
        funcs = [_function_ref(fa, r.get(field)) for r in rows]
        if all(funcs):
            keys = [string_value(r[name_field]) if name_field else None for r in rows]
            out[fmt.format(var, field)] = (list(zip(funcs, keys)), fmt.format(var, name_field) if name_field else None)
    return out


def loop_access(node) -> Optional[str]:
    """The text a registration reads a loop's function or name with: ``fn``, ``t[fn]`` for
    ``t["fn"]``, ``d.fn``; None for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
        return f"{node.value.value}.{node.attr.value}"
    if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and len(node.slice) == 1 and \
            isinstance(node.slice[0].slice, cst.Index):
        key = string_value(node.slice[0].slice.value)
        return f"{node.value.value}[{key}]" if key is not None else None
    return None


def class_tool_ref(cls: cst.ClassDef) -> Optional[cst.BaseExpression]:
    """The expression a tool handler class names its tool with (see the module docstring)."""
    for stmt in flat_body(cls.body):
        if isinstance(stmt, cst.Assign) and any(
                isinstance(t.target, cst.Name) and t.target.value in NAME_KEYWORDS for t in stmt.targets):
            return stmt.value
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__init__":
            for inner in flat_body(stmt.body):
                ref = _init_name(inner)
                if ref is not None:
                    return ref
    return None


def class_tool_description(cls: cst.ClassDef, decl_class: str) -> Optional[str]:
    """The literal ``description=`` of a ``Tool(...)`` a tool handler class's methods build
    (``def get_tool_description(self): return Tool(name=self.name, description="...")``)."""
    for stmt in flat_body(cls.body):
        if not isinstance(stmt, cst.FunctionDef):
            continue
        for node in _calls(stmt):
            f = node.func
            last = f.attr.value if isinstance(f, cst.Attribute) else (f.value if isinstance(f, cst.Name) else "")
            if last != decl_class:
                continue
            desc = next((string_value(a.value) for a in node.args
                         if a.keyword is not None and a.keyword.value == "description"), None)
            if desc:
                return desc
    return None


class _CallCollector(Visitor):
    def __init__(self):
        self.calls: List[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)


def _calls(node) -> List[cst.Call]:
    v = _CallCollector()
    visit(node, v)
    return v.calls


def _init_name(stmt) -> Optional[cst.BaseExpression]:
    if isinstance(stmt, cst.Assign) and any(
            isinstance(t.target, cst.Attribute) and isinstance(t.target.value, cst.Name)
            and t.target.value.value == "self" and t.target.attr.value in NAME_KEYWORDS for t in stmt.targets):
        return stmt.value
    call = stmt.value if isinstance(stmt, cst.Expr) else None
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == "__init__" \
            and isinstance(call.func.value, cst.Call) and isinstance(call.func.value.func, cst.Name) \
            and call.func.value.func.value == "super" and call.args:
        named = next((a.value for a in call.args if a.keyword is not None and a.keyword.value in NAME_KEYWORDS), None)
        first = call.args[0].value if call.args[0].keyword is None else None
        return named if named is not None else first
    return None


def class_tool_names(mod) -> Dict[str, str]:
    """Class -> the literal tool name it declares (a string, or a module string constant)."""
    out: Dict[str, str] = {}
    for cls, ref in mod.class_tool_refs.items():
        name = string_value(ref)
        if name is None and isinstance(ref, cst.Name):
            name = mod.string_constants.get(ref.value)
        if name:
            out[cls] = name
    return out


__all__ = ["IMPORTED_LIST", "IMPORTED_TABLE", "imported_table_targets", "loop_access", "class_tool_names", "class_tool_ref", "expand_lists", "follow_dispatch", "loop_functions", "unfollowed_registration", "model_branch", "record_entries"]


def expand_lists(linker, path: str, added):
    """Registrations with each function of a list another module defines (``for fn in
    TOOLS: mcp.add_tool(fn)``, TOOLS imported), or a list built from such lists in other
    functions and modules (listsources.py), in place of the list: (path the target is resolved
    in, target, meta, pos)."""
    out = []
    listed = {(t, pos): _lists_of(linker, path, t) for t, _m, pos in added if t.endswith(IMPORTED_LIST)}
    resolved_at = {pos for (_t, pos), lists in listed.items() if lists}
    for target, meta, pos in added:
        if BOUND in target:  # self.mcp.tool()(self.method) (boundtools.py)
            out.extend(bound_targets(linker, path, target, meta, pos))
            continue
        if target.endswith(RECORD):  # d.fn of a loop over records the analysis cannot follow
            base = target[:-len(RECORD)]
            held = [] if linker.resolve(path, None, base) is not None else expand_records(linker, path, target, meta, pos)
            out.extend(held or [(path, base, meta, pos)])
            continue
        lists = listed.get((target, pos))
        if lists is None:
            out.append((path, target, meta, pos))
            continue
        if not lists and pos in resolved_at:
            continue  # another candidate of the same loop is the list (this one filtered it)
        if not lists:
            out.append((path, target, meta, pos))  # an unresolved list: reported as not followed
            continue
        for lpath, funcs, key in lists:
            names, descs = linker.modules[lpath].listed_text.get(key, ((), ()))
            exported = getattr(linker.modules[lpath], "exported_lists", {})
            if key in exported:  # names of __all__: only those that are (coroutine) functions
                funcs = [f for f in funcs if _exported_function(linker, lpath, f, exported[key])]
            for i, name in enumerate(funcs):
                m = dict(meta)
                if i < len(names) and names[i] and "name" not in m:
                    m["name"] = names[i]
                if i < len(descs) and descs[i] and "description" not in m:
                    m["description"] = descs[i]
                out.append((lpath, name, m, pos))
    return out


def _exported_function(linker, path: str, name: str, coroutines: bool) -> bool:
    res = linker.resolve(path, None, name)
    return res is not None and (not coroutines or bool(getattr(res[1], "is_async", False)))


def _lists_of(linker, path: str, target: str) -> list:
    """The lists of functions a loop's candidate (``NAME[*]``, ``provider()[*]``) names."""
    found = function_list(linker, path, target[:-len(IMPORTED_LIST)])
    return [found] if found is not None else derived_lists(linker, path, target[:-len(IMPORTED_LIST)])


def function_list(linker, path: str, target: str, depth: int = 0):
    """(path of the module defining it, its functions) for a list of functions named by a
    dotted target, following re-exports; None when it is no such list of the project."""
    if "." not in target and target in linker.modules[path].function_lists:
        return path, linker.modules[path].function_lists[target], target  # the module's own
    split = linker.module_prefix(path, target)
    if split is None:
        return None
    mpath, parts, cut = split
    tmod, head = linker.modules[mpath], parts[cut]
    if len(parts) == cut + 1 and head in tmod.function_lists:
        return mpath, tmod.function_lists[head], head
    if head in tmod.imports and mpath != path and depth < 4:
        return function_list(linker, mpath, ".".join([tmod.imports[head], *parts[cut + 1:]]), depth + 1)
    return None


def unfollowed_registration(linker, path: str, pos, target: str, meta) -> Optional[dict]:
    """A tool registration call (``add_tool(x)``, ``mcp.tool()(x)``) whose function the analysis
    could not resolve to a function of the project. None for a resource or prompt, and for a tool
    object built in place by ``Tool.from_function(fn)`` (recorded as fn's registration)."""
    if str(meta.get("kind") or "tool") != "tool":
        return None
    if target.endswith(f".{linker.from_function_method}()"):
        return None
    return {"path": path, "line": pos[0], "callee": target, "kind": "registration",
            "why": f"a tool is registered with {target}, which the analysis could not resolve to any function of the project"}


def follow_dispatch(linker) -> Tuple[list, set, List[dict]]:
    """The tools each low-level ``call_tool`` handler's dispatch reaches (a :class:`ToolInfo` per
    candidate filed under a literal tool name, at its function), the (path, qualname) of the
    handlers that reach some, and the dispatches that reach no function:
    ``{"path", "line", "callee", "why"}``."""
    from ..models import Location, Parameter, ToolInfo
    from .modeltables import table_row

    tools: list = []
    served = set()
    unfollowed: List[dict] = []
    for path, qualname in sorted(linker.call_tool_fns):
        mod = linker.modules[path]
        fn = mod.functions.get(qualname)
        if fn is None:
            continue
        for pos, callee, idxs in getattr(fn, "dispatch_sites", ()):
            reached = []
            models = 0  # candidates that are classes of the project: the arguments parsed into a model
            for i in idxs:
                rec = fn.calls[i]
                if linker.class_ref(path, rec.target) is not None:
                    models += 1
                for target in linker.resolve_all(path, fn, rec.target):
                    hint = linker.target_hint(path, fn, i, target) or linker.tool_of_hint(path, rec.tool_hint)
                    reached.append((target[0], target[1], hint))
            if not reached and not models:
                unfollowed.append({"path": path, "line": pos[0], "callee": callee, "kind": "dispatch", "why": (
                    f"call_tool calls {callee}, chosen by the tool name, and the analysis could not "
                    "resolve it to any function of the project")})
                continue
            for tpath, callee_fn, hint in reached:
                if not hint or any(t.name == hint for t in tools):
                    continue
                served.add((path, qualname))
                fields, text = table_row(linker, hint)  # a tuple table's row: its model and text (modeltables.py)
                desc = getattr(linker.modules[tpath], "dispatch_text", {}).get(hint) or \
                    getattr(mod, "dispatch_text", {}).get(hint) or text or callee_fn.docstring
                params = fields or [
                    Parameter(name=p.name, annotation=p.annotation, description=p.description, default=p.default,
                              tainted=not p.safe) for p in callee_fn.params if not p.context and p.name not in ("self", "cls")]
                tools.append(ToolInfo(name=hint, kind="tool", function=callee_fn.qualname,
                                      location=Location(tpath, callee_fn.pos[0], callee_fn.pos[1]),
                                      parameters=params, description=desc or None, framework="lowlevel"))
    armed, by_arms = case_tools(linker)  # match name: case ToolName.X: return await x(**arguments)
    tools += [t for t in armed if not any(x.name == t.name for x in tools)]
    return tools, served | by_arms, unfollowed


def record_field_table(node, tables) -> Optional[str]:
    """`TABLE[name]["handler"]` / `TABLE.get(name)["handler"]`: the key of the records' field table, if known."""
    if not (isinstance(node, cst.Subscript) and isinstance(node.value, (cst.Subscript, cst.Call)) and node.slice):
        return None
    field = string_value(getattr(node.slice[0].slice, "value", None))
    inner = node.value.value if isinstance(node.value, cst.Subscript) else (
        node.value.func.value if isinstance(node.value.func, cst.Attribute) and node.value.func.attr.value == "get"
        else None)
    key = f"{inner.value}[{field}]" if isinstance(inner, cst.Name) and field else None
    return key if key in tables else None
