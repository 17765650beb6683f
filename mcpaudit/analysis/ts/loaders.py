"""Lazy module loaders: a function of the module that picks a project module by a name (a
``switch`` over its parameter whose ``case "mail":`` returns ``(await import("./mail")).default``,
directly or through a module variable that case assigns it to, as servers that load their tool
modules on first use do). ``const m = await load("mail")`` then holds that module's export, so
``m.search(q)`` calls the module's function as a static import would.

Only the module's own function declarations are read, and only a call with one constant string
argument is resolved; any other call is left as it was."""

from __future__ import annotations

from typing import Dict, Optional

from . import nodes as N

_DECLS = ("function_declaration", "generator_function_declaration")


def loaded_module(fn, call) -> Optional[str]:
    """The dotted name (``<module>#default``, or ``<module>#`` for the namespace) that
    ``load("name")`` returns, when ``load`` is a loader of this module; else None."""
    callee = call.child_by_field_id(fn.F.function)
    args = N.args_of(call)
    if callee is None or callee.type != "identifier" or len(args) != 1:
        return None
    name = N.text(fn.data, callee)
    if name in fn.locals:
        return None
    key = N.string_value(fn.data, args[0])
    table = _loaders(fn.mod).get(name) if key is not None else None
    return table.get(key) if table else None


def _loaders(mod) -> Dict[str, Dict[str, str]]:
    found = getattr(mod, "_loader_tables", None)
    if found is None:
        found = {}
        for s in mod.tree.root_node.named_children:
            if s.type == "export_statement":
                s = s.child_by_field_id(mod.F.declaration) or s
            if s.type in _DECLS:
                table = _loader_table(mod, s)
                if table:
                    found[N.text(mod.data, s.child_by_field_id(mod.F.name))] = table
        mod._loader_tables = found
    return found


def _first_param(mod, decl) -> Optional[str]:
    params = decl.child_by_field_id(mod.F.parameters)
    for p in params.named_children if params is not None else ():
        pat = p.child_by_field_id(mod.F.pattern) if p.type in ("required_parameter", "optional_parameter") else p
        return N.text(mod.data, pat) if pat is not None and pat.type == "identifier" else None
    return None


def _loader_table(mod, decl) -> Dict[str, str]:
    """``case "x": ... return <module of x>`` for a switch over the function's first parameter."""
    param = _first_param(mod, decl)
    body = decl.child_by_field_id(mod.F.body)
    if param is None or body is None or b"import(" not in mod.data[body.start_byte:body.end_byte]:
        return {}
    out: Dict[str, str] = {}
    for sw in _descendants(body, "switch_statement"):
        value = N.unwrap(sw.child_by_field_id(mod.F.value))
        if value is None or N.text(mod.data, value) != param:
            continue
        for case in sw.child_by_field_id(mod.F.body).named_children:
            key = N.string_value(mod.data, case.child_by_field_id(mod.F.value)) if case.type == "switch_case" else None
            target = _case_module(mod, case) if key is not None else None
            if target:
                out[key] = target
    return out


def _case_module(mod, case) -> Optional[str]:
    assigned: Dict[str, str] = {}
    for a in _descendants(case, "assignment_expression"):
        left, right = a.child_by_field_id(mod.F.left), a.child_by_field_id(mod.F.right)
        target = _import_target(mod, right)
        if left is not None and left.type == "identifier" and target:
            assigned[N.text(mod.data, left)] = target
    for r in _descendants(case, "return_statement"):
        e = N.unwrap(r.named_children[0]) if r.named_children else None
        if e is None:
            continue
        if e.type == "identifier":
            return assigned.get(N.text(mod.data, e))
        return _import_target(mod, e)
    return None


def _import_target(mod, node) -> Optional[str]:
    """``import("./m")`` / ``require("./m")`` (awaited, parenthesised) or its ``.default``."""
    u = N.unwrap(node)
    if u is None:
        return None
    if u.type == "member_expression":
        prop = u.child_by_field_id(mod.F.property)
        base = _import_target(mod, u.child_by_field_id(mod.F.object))
        if base is None or prop is None or not base.endswith("#"):
            return None
        return base + N.text(mod.data, prop)
    if u.type == "call_expression":
        req = mod.require_of(u)
        return req if req is not None and req.endswith("#") else None
    return None


_descendants = N.descendants
