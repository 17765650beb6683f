"""Tool classes registered from a list of their instances, and methods a base class runs on
``this`` for its subclasses (issue 14).

    const tools: Tool[] = [new SaveTool(this), new RunTool(this)];
    for (const tool of tools) {
      const name = tool.getToolName();
      server.registerTool(name, { description: tool.getToolDescription() }, (a) => tool.execute(a));
    }

with ``execute(args)`` written once in the base class ``Tool`` and calling ``this.executeCore(args)``,
which each subclass overrides. Four facts, each general:

* a method whose whole body returns a constant (``getToolName() { return "save_text" }``, a getter
  ``get name() { return "save_text" }``) is the class's constant ``getToolName()`` (``name``), as a
  field ``name = "save_text"`` is (:func:`const_method`);
* a list kept inside a function whose elements are all instances of classes (``new SaveTool(this)``)
  is a list of the module, as a list of definition objects is (:func:`instance_list`);
* ``tool.getToolName()`` of a loop variable, directly or through a variable it was assigned to,
  reads that property of each element (:func:`loop_call`, :func:`loop_alias`);
* a method a class inherits, called on an instance of the class, runs with ``this`` an instance of
  that class: its ``this.executeCore(...)`` is the subclass's override (:func:`bound`, the linker's
  :func:`this_class`), so each tool's element runs its own override and no other's.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Optional, Tuple

from ..summary import FuncSummary
from . import nodes as N

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker

#: the loop variable's property a variable stands for: name -> (list reference, property path)
ALIASES = "loop_aliases"


def const_method(mod, cname: str, m, mname: str) -> None:
    """``getToolName(): string { return "save_text"; }`` (no parameters, one ``return`` of a
    constant): the class constant ``getToolName()``; a getter's is the plain name."""
    params = m.child_by_field_name("parameters")
    body = m.child_by_field_name("body")
    if body is None or (params is not None and params.named_children):
        return
    stmts = [c for c in body.named_children if c.type != "comment"]
    if len(stmts) != 1 or stmts[0].type != "return_statement" or not stmts[0].named_children:
        return
    c = mod.top.const_of(stmts[0].named_children[0])
    if c is None:
        return
    getter = any(ch.type == "get" for ch in m.children)
    mod.field_consts.setdefault((cname, mname if getter else mname + "()"), c)


def instance_list(fn, elems) -> bool:
    """Every element is ``new C(...)`` of a class the module declares or imports."""
    for e in elems:
        if e.type != "new_expression":
            return False
        c = e.child_by_field_name("constructor")
        head = N.text(fn.data, c).split(".")[0] if c is not None else ""
        if not head or (head not in fn.mod.class_names and head not in fn.mod.imports):
            return False
    return True


def loop_call(fa, u) -> Optional[Tuple[str, str]]:
    """``tool.getToolName()`` (no arguments) of a loop variable, or a variable assigned one (or a
    property read of one, ``const name = tool.name``): (list reference, property path)."""
    if u.type == "identifier":
        return getattr(fa, ALIASES, {}).get(N.text(fa.data, u))
    if u.type != "call_expression" or N.args_of(u):
        return None
    f = N.unwrap(u.child_by_field_name("function"))
    parts = N.member_parts(fa.data, f) if f is not None and f.type == "member_expression" else None
    if not parts or len(parts) != 2 or parts[0] not in fa.loop_vars:
        return None
    return fa.loop_vars[parts[0]], parts[1] + "()"


def loop_prop(fa, node) -> Optional[Tuple[str, str]]:
    """``t.name`` (or ``t.schema.name``) where ``t`` iterates a list: (list reference, property
    path); a zod object's ``.shape`` is the object; ``t.getName()`` (or a variable assigned it) is
    the element's ``getName()`` (:func:`loop_call`)."""
    from .records import KEY

    u = N.unwrap(node)
    if u is not None and u.type in ("call_expression", "identifier"):
        return loop_call(fa, u)
    if u is None or u.type != "member_expression":
        return None
    parts = N.member_parts(fa.data, u)
    obj = N.unwrap(u.child_by_field_name("object"))
    if not parts and obj is not None and obj.type == "binary_expression" and \
            N.text(fa.data, obj.child_by_field_name("operator")) in ("??", "||"):
        # ((t.inputSchema ?? z.object({})) as any).shape: the element's schema when it has one
        left = N.unwrap(obj.child_by_field_name("left"))
        inner = N.member_parts(fa.data, left) if left is not None and left.type == "member_expression" else None
        parts = inner + [N.text(fa.data, u.child_by_field_name("property"))] if inner else parts
    if parts and parts[-1] == "shape" and len(parts) > 2:
        parts = parts[:-1]
    if parts and len(parts) >= 2 and parts[0] in fa.loop_vars:
        role = fa.loop_fields.get(parts[0], {}).get(parts[1])
        if role == KEY and len(parts) == 2:
            return fa.loop_vars[parts[0]], KEY  # def.name: the entry's key
        if role == "" and len(parts) > 2:
            parts = parts[1:]  # def.tool.handler: the entry's handler
        return fa.loop_vars[parts[0]], ".".join(parts[1:])
    return None


def loop_alias(fa, name: str, node) -> None:
    """``const toolName = tool.getToolName()`` (or ``= tool.name``) in a loop over a list."""
    from .records import KEY

    u = N.unwrap(node)
    if u is None:
        return
    hit = loop_prop(fa, u) if u.type in ("call_expression", "member_expression") else None
    aliases = fa.__dict__.setdefault(ALIASES, {})
    if hit is not None and hit[1] != KEY:
        aliases[name] = hit
    else:
        aliases.pop(name, None)


# -- the linker's side ----------------------------------------------------------------------------
def _overridden(linker: "TsLinker", fn: FuncSummary, chain) -> bool:
    """Some ``this.m(...)`` of ``fn`` lands in a class of ``chain`` more derived than ``fn``'s."""
    methods = {rec.target[5:] for rec in fn.calls.values() if rec.target.startswith("this.") and "." not in rec.target[5:]}
    for cpath, c in chain:
        if c == fn.cls:
            return False
        if any(f"{c}.{m}" in linker.modules[cpath].functions for m in methods):
            return True
    return False


def bound(linker: "TsLinker", hit, cpath: str, cls: str):
    """The resolved method ``hit`` (module, function, is_method, ...) as run on an instance of
    ``cls`` (module ``cpath``): when ``cls`` inherits it and overrides a method it calls on
    ``this``, a copy of the function that knows ``this`` is a ``cls`` (its own name, so its
    results are kept apart from the base's); else ``hit`` as it is."""
    fn = hit[1]
    base = getattr(fn, "unbound", None) or fn
    if base.cls is None or base.cls == cls or cpath not in linker.modules or cls not in linker.modules[cpath].classes:
        return hit
    views = linker.__dict__.setdefault("_bound_views", {})  # (None: the method runs as it is)
    key = (hit[0], base.qualname, cpath, cls)
    if key not in views:
        view = None
        if _overridden(linker, base, linker._class_chain(cpath, cls)):
            view = dataclasses.replace(base, qualname=f"{base.qualname}[{cls}]")
            view.unbound, view.this_class = base, (cpath, cls)
        views[key] = view
    view = views[key]
    return hit if view is None else (hit[0], view, *hit[2:])


def this_class(caller: Optional[FuncSummary]) -> Optional[Tuple[str, str]]:
    """(module, class) ``this`` is an instance of in a bound copy of a method (:func:`bound`)."""
    return getattr(caller, "this_class", None)


def reached_name(qualname: str) -> str:
    """The function a bound copy's name stands for (``Tool.execute[SaveTool]`` -> ``Tool.execute``)."""
    return qualname.split("[", 1)[0] if qualname.endswith("]") and "[" in qualname else qualname


__all__ = ["ALIASES", "bound", "const_method", "instance_list", "loop_alias", "loop_call", "loop_prop", "reached_name", "this_class"]
