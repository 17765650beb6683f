"""A library object kept in an attribute of a shared object, typed by its constructor (issue 12).

    # tools/document.py
    from docx import Document
    from ..processor import processor          # a module-level DocxProcessor() of another module

    def create_document(file_path: str) -> str:
        processor.current_document = Document()
        processor.current_document.save(file_path)       # a python-docx document's save: a write

    def save_as_document(new_file_path: str) -> str:
        processor.current_document.save(new_file_path)   # set by create/open_document

A receiver row keyed on its library's constructors (``documents.yaml``'s ``document-object``)
knew the object in a local (``doc = Document(); doc.save(p)``) and in ``self.<attr>`` of a class
(``resolution._collect_class``), but not in an attribute of another object: a module-level
instance, an imported one, a module. Two facts now type it:

* in the function that assigns it, ``obj.attr = Ctor(...)`` types ``obj.attr`` for the rest of the
  function (:func:`note_attr_value`; any other value drops the type);
* across the module's functions, when every value the module assigns to ``NAME.attr`` (``NAME``
  a global of the module: a module-level object, an imported object or module, never a local or
  a parameter of the function) is an object of the same modelled constructor, or None: each
  function that reads ``NAME.attr`` without assigning it holds that object
  (:func:`collect_held_objects`, into ``object_attr_types`` of objattrs.py). A value of another
  kind anywhere in the module (a different class, a parameter, a copy) leaves it untyped.

Only constructors a receiver row names count (``M.receiver_constructors``): a project class kept
so is the linker's business (objattrs.py).
"""

from __future__ import annotations

from typing import Dict, FrozenSet, Optional, Set

from ..lazycst import cst

from . import cstnodes as N
from .fieldhosts import note_field_host
from .cstnodes import per_node
from .positions import flat_body


def _modelled(mod, value, types=None) -> Optional[str]:
    """The modelled constructor that built ``value`` (``Document()``), else None."""
    call = N.constructed(value) if value is not None else None
    fq = (mod.dotted(call.func, types) or "").replace("()", "") if call is not None else ""
    return fq if fq and fq in mod.M.receiver_constructors else None


def note_attr_value(fa, target: cst.Attribute, val, value_node) -> None:
    """``obj.attr = value`` where ``obj`` is not ``self``: the field's host (fieldhosts.py), and
    the attribute's library class for the rest of the function when a modelled constructor
    built the value."""
    note_field_host(fa, target, val, value_node)  # config.authority_url = url (fieldhosts.py)
    d = fa.mod.dotted(target)
    if not d:
        return
    fq = _modelled(fa.mod, value_node, fa.types)
    if fq:
        fa.types[d] = fq
    else:
        fa.types.pop(d, None)


def rebound_names(fn: cst.FunctionDef) -> FrozenSet[str]:
    """The names ``fn`` binds as a whole: its parameters and the plain names (or tuple elements)
    of its assignment, loop, ``with ... as`` and ``except ... as`` targets. ``editor.path = p``
    sets an attribute and binds no name (unlike guards.assigned_names)."""
    out = {p.name.value for p in (*fn.params.params, *fn.params.kwonly_params, *fn.params.posonly_params)}
    for node in N.nodes_of(fn.body, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr,
                                     cst.AsName)):
        target = getattr(node, "target", None) or getattr(node, "name", None)
        todo = [target]
        while todo:
            t = todo.pop()
            if isinstance(t, cst.Name):
                out.add(t.value)
            elif isinstance(t, (cst.Tuple, cst.List)):
                todo.extend(e.value for e in t.elements)
            elif isinstance(t, cst.StarredElement):
                todo.append(t.value)
    return frozenset(out)


def held_type(fa, name: str, key: str) -> Optional[str]:
    """The modelled class of global ``NAME.attr`` (``key``) in a function that does not rebind
    ``NAME`` (:func:`collect_held_objects`), else None."""
    t = getattr(fa.mod, "held_attr_types", {}).get(key)
    if t is None or fa.fn is None:
        return None
    return None if name in per_node(fa.mod, "_rebound_names", fa.fn, rebound_names) else t


def _globals_assigned(mod, fn: cst.FunctionDef):
    """(``NAME.attr``, value) of each ``NAME.attr = value`` in ``fn`` whose ``NAME`` is global."""
    local = per_node(mod, "_rebound_names", fn, rebound_names)
    for stmt in N.walk_stmts(flat_body(fn.body)):
        if not isinstance(stmt, (cst.Assign, cst.AnnAssign)) or stmt.value is None:
            continue
        targets = [t.target for t in stmt.targets] if isinstance(stmt, cst.Assign) else [stmt.target]
        for t in targets:
            if isinstance(t, cst.Attribute) and isinstance(t.value, cst.Name) and t.value.value not in local \
                    and t.value.value not in ("self", "cls"):
                yield f"{t.value.value}.{t.attr.value}", stmt.value


def collect_held_objects(mod, body) -> None:
    """``mod.object_attr_types`` for ``NAME.attr`` that the module's functions only ever set to
    one modelled constructor's objects (or None)."""
    found: Dict[str, Set[Optional[str]]] = {}
    fns = [s for s in body if isinstance(s, cst.FunctionDef)]
    fns += [f for c in body if isinstance(c, cst.ClassDef) for f in flat_body(c.body) if isinstance(f, cst.FunctionDef)]
    for fn in fns:
        for key, value in _globals_assigned(mod, fn):
            none = isinstance(value, cst.Name) and value.value == "None"
            found.setdefault(key, set()).add("" if none else _modelled(mod, value))
    held = mod.__dict__.setdefault("held_attr_types", {})
    for key, kinds in found.items():
        made = kinds - {""}
        if len(made) == 1 and None not in made:
            held.setdefault(key, next(iter(made)))


__all__ = ["collect_held_objects", "held_type", "note_attr_value", "rebound_names"]
