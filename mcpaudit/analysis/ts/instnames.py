"""Tools named by a property of an instance of a project class (issue 14).

    export class BaseTool {
      constructor(name, description) { this.name = name; this.description = description; }
    }
    export class GetTool extends BaseTool {
      constructor() { super('kube_get', 'Get a resource'); }
    }
    const getTool = new GetTool();
    server.tool(getTool.name, getTool.getDefinition().inputSchema, (args) => getTool.execute(args));

Four general facts:

* a base class's constructor that stores its ``i``-th parameter in a field (``this.name = name``)
  and a subclass's constructor that passes a constant as that argument (``super('kube_get')``)
  give the subclass the field's constant (:func:`constructor_links`, kept as two marks in the
  module's class constants, read when linking by :func:`inherited_const`);
* a registration's name ``x.name`` where ``x`` holds ``new C(...)`` of a project class is the
  class's constant ``name`` (:func:`instance_name`, the linker's :func:`instance_const`);
* an element's property holding a module's instance (``{ tool: listTool }`` with ``const
  listTool = new ListTool()``) is that instance (:func:`held_instance`), so ``definition.tool.name``
  of a loop over such elements is the class's constant ``name``;
* a method without parameters whose one statement returns an object literal with an
  ``inputSchema`` object is the class's schema ``getDefinition().inputSchema``
  (:func:`returned_schema`), so ``x.getDefinition().inputSchema`` is read like ``x.name``
  (:func:`instance_schema`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Tuple

from . import nodes as N

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

#: a class constant key: the constant the class's constructor passes as ``super(...)``'s i-th argument
SUPER = "super({})"
#: a class constant key: the index of the constructor parameter the class stores in a field
PARAM = "constructor:{}"
#: a registration value prefix: "i:<class reference>|<property>"
PREFIX = "i:"
#: the properties of a returned definition object that hold its input schema
SCHEMA_KEYS = ("inputSchema", "input_schema", "parameters", "schema")


def constructor_links(mod, cname: str, ctor) -> None:
    """``super('kube_get', 'desc')`` (constant arguments) and ``this.name = name`` (a parameter
    stored whole) in the constructor of class ``cname`` of ``mod`` (a ``TsModule``)."""
    params = ctor.child_by_field_id(mod.F.parameters)
    names = []
    for p in params.named_children if params is not None else ():
        pat = p.child_by_field_id(mod.F.pattern) if p.type != "identifier" else p
        names.append(N.text(mod.data, pat) if pat is not None and pat.type == "identifier" else None)
    body = ctor.child_by_field_id(mod.F.body)
    for st in body.named_children if body is not None else ():
        e = st.named_children[0] if st.type == "expression_statement" and st.named_children else None
        if e is None:
            continue
        if e.type == "call_expression" and N.text(mod.data, e.child_by_field_id(mod.F.function)) == "super":
            for i, a in enumerate(N.args_of(e)):
                c = mod.top.const_of(a)
                if c is not None:
                    mod.field_consts.setdefault((cname, SUPER.format(i)), c)
            continue
        if e.type != "assignment_expression":
            continue
        left, right = e.child_by_field_id(mod.F.left), N.unwrap(e.child_by_field_id(mod.F.right))
        parts = N.member_parts(mod.data, left) if left is not None else None
        if parts and len(parts) == 2 and parts[0] == "this" and right is not None and right.type == "identifier":
            name = N.text(mod.data, right)
            if name in names:
                mod.field_consts.setdefault((cname, PARAM.format(parts[1])), str(names.index(name)))


def returned_schema(mod, cname: str, m, mname: str) -> None:
    """``getDefinition() { return { name: this.name, inputSchema: {...} } }`` (no parameters,
    one ``return`` of an object literal): its ``inputSchema`` is the class's schema
    ``getDefinition().inputSchema``."""
    params, body = m.child_by_field_name("parameters"), m.child_by_field_name("body")
    if body is None or (params is not None and params.named_children):
        return
    stmts = [c for c in body.named_children if c.type != "comment"]
    if len(stmts) != 1 or stmts[0].type != "return_statement" or not stmts[0].named_children:
        return
    ret = N.unwrap(stmts[0].named_children[0])
    if ret is None or ret.type != "object":
        return
    for key, v in N.object_props(mod.data, ret).items():
        u = N.unwrap(v)
        if u is not None and u.type == "object" and key in SCHEMA_KEYS:
            mod.field_nodes.setdefault((cname, f"{mname}().{key}"), u)


def _constructed(interp, name: str) -> bool:
    """``name`` is declared (in the function, else anywhere in the module) with ``new C(...)``."""
    val = interp._local_value(name, interp.node) if interp.node is not None else None
    tree = getattr(interp.mod, "tree", None)
    if val is None and tree is not None:
        val = interp._local_value(name, tree.root_node)
    return val is not None and val.type == "new_expression"


def instance_name(interp, node) -> Optional[str]:
    """``x.name`` (or ``x.getDefinition().inputSchema``) where ``x`` holds ``new C(...)`` of a
    class the module declares or imports: "i:<class reference>|name" (resolved when linking)."""
    u = N.unwrap(node)
    if u is None or u.type != "member_expression" or interp.const_of(u) is not None:
        return None
    obj = N.unwrap(u.child_by_field_name("object"))
    prop = u.child_by_field_name("property")
    if obj is None or prop is None:
        return None
    path = N.text(interp.data, prop)
    if obj.type == "call_expression" and not N.args_of(obj):
        fn = N.unwrap(obj.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression" or fn.child_by_field_name("property") is None:
            return None
        path = f"{N.text(interp.data, fn.child_by_field_name('property'))}().{path}"
        obj = N.unwrap(fn.child_by_field_name("object"))
    if obj is None or obj.type != "identifier" or not _constructed(interp, N.text(interp.data, obj)):
        return None
    tp = interp.type_of(obj)
    if not tp or tp.endswith(")") or "|" in tp:
        return None
    head = tp.split("#")[-1].split(".")[0] if "#" in tp else tp.split(".")[0]
    if "#" not in tp and head not in interp.mod.class_names and head not in interp.mod.imports:
        return None
    return f"{PREFIX}{tp}|{path}"


def inherited_const(linker: "TsLinker", chain, field: str) -> Optional[Tuple[str, str]]:
    """The constant a subclass passes to the base constructor parameter the base stores in
    ``field``: (module, constant), or None."""
    for k in range(1, len(chain)):
        cpath, c = chain[k]
        idx = linker.modules[cpath].class_consts.get(c, {}).get(PARAM.format(field))
        if idx is None:
            continue
        dpath, d = chain[k - 1]
        val = linker.modules[dpath].class_consts.get(d, {}).get(SUPER.format(idx))
        return (dpath, val) if val is not None else None
    return None


def held_instance(linker: "TsLinker", path: str, ref: str, depth: int = 0) -> Optional[Tuple[str, str]]:
    """``listTool`` (or an imported name) bound at a module's top level to ``new ListTool()`` of
    a class: (module, "n:<class reference>"), the value an element ``{ tool: listTool }`` holds."""
    if depth > 4 or "." in ref.partition("#")[2 if "#" in ref else 0]:
        return None
    if "#" in ref:
        mpath, rest = linker._module_ref(ref)
        if mpath is None:
            return None
        exp = linker.modules[mpath].exports.get(rest, rest)
        return held_instance(linker, mpath, exp, depth + 1)
    mod = linker.modules.get(path)
    if mod is None:
        return None
    if ref in mod.imports:
        return held_instance(linker, path, mod.imports[ref], depth + 1)
    tp = mod.types.get(ref)
    if not tp or tp.endswith(")"):
        return None
    w = linker._where(path, tp)
    ok = w is not None and w[0] in linker.modules and w[1] in linker.modules[w[0]].classes
    return (path, "n:" + tp) if ok else None


def instance_value(linker: "TsLinker", path: str, val: str, table: str) -> Optional[Tuple[str, str]]:
    """(module, value) an "i:<class>|<property>" value names in the class table ``table``
    (``class_consts``, ``class_schemas``) of the class or a base, or None."""
    ref, _, prop = val.partition("|")
    w = linker._where(path, ref)
    if w is None or w[0] not in linker.modules or w[1] not in linker.modules[w[0]].classes:
        return None
    return linker._class_value(linker._class_chain(*w), table, prop)


def instance_const(linker: "TsLinker", path: str, val: str) -> Optional[str]:
    """The constant an "i:<class>|<property>" value names, or None."""
    hit = instance_value(linker, path, val, "class_consts")
    return hit[1] if hit is not None else None


def instance_schema(linker: "TsLinker", path: str, val: str) -> list:
    """The parameters of the schema an "i:<class>|getDefinition().inputSchema" value names."""
    hit = instance_value(linker, path, val, "class_schemas")
    return linker._schema(hit[0], hit[1]) if hit is not None else []


__all__ = ["PREFIX", "constructor_links", "held_instance", "inherited_const", "instance_const", "instance_name", "instance_schema",
           "returned_schema"]
