"""Tool tables of tuples: each tool's function beside the model its arguments are parsed into.

    def tool_table():                                  # (a module constant, or a function's result)
        return {"remove_note": (remove_note, RemoveNoteParams, "Remove a note"), ...}

    self.tools = tool_table()                          # in __init__ (or a local, or used in place)
    impl, model, _text = self.tools[name]              # in the low-level call_tool handler
    return impl(self.settings, self.session, model(**arguments))

A dict whose every value is a tuple led by a function is a dispatch table of those functions
(:func:`tuple_head`, read by ``resolution.registry_entries``); a module-level function that returns
one (directly or through a local) is a table under ``"name()"`` (:func:`note_returned_tables`);
``self.X`` assigned such a call in the module's methods (or a local so assigned) names that table
(:func:`called_table`); unpacking a lookup of it binds the tuple's first name to the chosen
function (:func:`unpack_dispatch`), as ``handler = TABLE[name]`` does. A class named second in the
row is the tool's input model: the tool's parameters are that model's fields
(:func:`model_parameters`), not the function's own (settings, session, params).

An unpacking of something the tool name picks that is no known table still makes its first name a
chosen callee, so its call is a dispatch the analysis reports as not followed (dispatch.py).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ..lazycst import cst

from .dispatchkeys import note_dispatch_keys
from .cstnodes import string_value
from .enumvalues import model_fields
from .positions import flat_body
from .taintvalue import union

CALLED = "()"  # suffix of a dispatch table key that is what a function returns


def _capitalised(node) -> bool:
    """A Name or Attribute whose last part starts with a capital (a class, not a function)."""
    last = node.attr.value if isinstance(node, cst.Attribute) else getattr(node, "value", "")
    return last[:1].isupper()


def tuple_head(value):
    """The function leading a tuple row (``(fn, Model, "text")``), else the value itself."""
    if isinstance(value, cst.Tuple) and value.elements and isinstance(value.elements[0], cst.Element):
        head = value.elements[0].value
        if isinstance(head, (cst.Name, cst.Attribute)) and not _capitalised(head):
            return head
    return value


def _rows(value) -> Optional[List[Tuple[str, cst.Tuple]]]:
    """``{"key": (fn, ...), ...}``: (key, row) of each entry; None when any is not such a row."""
    if not isinstance(value, cst.Dict) or not value.elements:
        return None
    out = []
    for e in value.elements:
        key = string_value(e.key) if isinstance(e, cst.DictElement) else None
        if key is None or tuple_head(e.value) is e.value:
            return None
        out.append((key, e.value))
    return out


def note_table_models(mod, value) -> None:
    """The model class (a CapWords name second in the row) and the first string (a description)
    of each row of a tuple table literal: ``mod.table_models[key]``, ``mod.dispatch_text[key]``."""
    for key, row in _rows(value) or ():
        elems = [e.value for e in row.elements]
        second = elems[1] if len(elems) > 1 else None
        model = mod.dotted(second) if isinstance(second, (cst.Name, cst.Attribute)) and _capitalised(second) else None
        mod.table_models.setdefault(key, model or "")  # "": a row without a model
        text = next((string_value(e) for e in elems[1:] if string_value(e)), None)
        if text:
            mod.dispatch_text.setdefault(key, text)


def _returned_dict(fn: cst.FunctionDef):
    """The dict literal a function returns, directly or through a local assigned it once."""
    assigned: Dict[str, List[cst.BaseExpression]] = {}
    returned = None
    for stmt in flat_body(fn.body):
        if isinstance(stmt, (cst.Assign, cst.AnnAssign)) and stmt.value is not None:
            targets = [t.target for t in stmt.targets] if isinstance(stmt, cst.Assign) else [stmt.target]
            for t in targets:
                if isinstance(t, cst.Name):
                    assigned.setdefault(t.value, []).append(stmt.value)
        elif isinstance(stmt, cst.Return) and stmt.value is not None:
            returned = stmt.value
    if isinstance(returned, cst.Name) and len(assigned.get(returned.value, ())) == 1:
        returned = assigned[returned.value][0]
    return returned if isinstance(returned, cst.Dict) else None


def note_returned_tables(mod) -> None:
    """Module-level functions returning a tuple table: a dispatch table under ``"name()"``."""
    from .resolution import registry_entries, registry_keys

    for fn in flat_body(mod.module):
        if not isinstance(fn, cst.FunctionDef):
            continue
        value = _returned_dict(fn)
        if value is None or _rows(value) is None:
            continue
        entries = registry_entries(mod, value)
        if entries:
            mod.dispatch_tables[fn.name.value + CALLED] = entries
            note_dispatch_keys(mod, registry_keys(mod, value))
            note_table_models(mod, value)


def _call_table(fa, node) -> Optional[str]:
    """``tool_table()`` (any arguments): the table that function returns, in this module, or
    ``<dotted>(){*}`` for an imported one (expanded when the modules are linked)."""
    from .dispatch import IMPORTED_TABLE

    if not isinstance(node, cst.Call) or not isinstance(node.func, (cst.Name, cst.Attribute)):
        return None
    if isinstance(node.func, cst.Name) and node.func.value + CALLED in fa.mod.dispatch_tables:
        return node.func.value + CALLED
    head = node.func
    while isinstance(head, cst.Attribute):
        head = head.value
    dotted = fa.mod.dotted(node.func)
    if isinstance(head, cst.Name) and head.value in fa.mod.imports and dotted:
        return dotted + CALLED + IMPORTED_TABLE
    return None


def called_table(fa, node) -> Optional[str]:
    """The returned table a lookup's base names: the call itself, a local assigned it, or
    ``self.X`` that every method of the module assigns the same such call."""
    from .dispatch import self_assigned_values

    if isinstance(node, cst.Call):
        return _call_table(fa, node)
    if isinstance(node, cst.Name):
        value = fa.local_values.get(node.value)
        return _call_table(fa, value) if isinstance(value, cst.Call) else None
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self":
        found = {_call_table(fa, v) for _t, v, _local in self_assigned_values(fa.mod, node.attr.value)}
        return found.pop() if len(found) == 1 else None
    return None


def unpack_dispatch(fa, target, value) -> None:
    """``impl, model, *_ = TABLE[name]`` (or of a variable holding such a lookup): ``impl`` is the
    chosen function, as ``impl = TABLE[name]`` would make it; of an unknown lookup by the tool
    name, a chosen callee all the same (so its call is a dispatch, followed or reported)."""
    if value is None or not isinstance(target, (cst.Tuple, cst.List)) or not target.elements:
        return
    first = target.elements[0].value
    if not isinstance(first, cst.Name):
        return
    name = first.value
    fa.dispatch_vars.pop(name, None)
    fa.chosen_vars.discard(name)
    table = fa._table_of(value)
    if table is None and isinstance(value, cst.Name):
        table = fa.dispatch_vars.get(value.value)
    if table is not None:
        fa.dispatch_vars[name] = table
    if table is not None or fa._chooses(value) or (isinstance(value, cst.Name) and value.value in fa.chosen_vars):
        fa.chosen_vars.add(name)


def handed_input(fa, labels, depth: int = 0) -> bool:
    """Whether a call's argument labels hold the caller's input besides the tool name: a
    parameter, or the result of a call given one (``params = model(**arguments)``)."""
    for label in labels:
        if label[0] == "p" and label[1] != fa.name_param:
            return True
        rec = fa.calls.get(label[1]) if label[0] == "c" and depth < 3 else None
        if rec is not None and handed_input(fa, union(*rec.args, *rec.kwargs.values(), rec.star, rec.dstar), depth + 1):
            return True
    return False


def class_fields(mod) -> Dict[str, List[Tuple[str, Optional[str]]]]:
    """Each module-level class with annotated fields: its fields and their descriptions."""
    out: Dict[str, List[Tuple[str, Optional[str]]]] = {}
    for stmt in flat_body(mod.module):
        if isinstance(stmt, cst.ClassDef) and (stmt.bases or stmt.decorators):  # a model, a dataclass
            fields = model_fields(mod, stmt.name.value)
            if fields:
                out[stmt.name.value] = list(fields.items())
    return out


def table_row(linker, hint: str) -> Tuple[Optional[list], Optional[str]]:
    """What a tuple table's row says of the dispatched tool ``hint``: its parameters, the fields of
    the input model the row names (None when it names none of the project's), and its text."""
    from ..models import Parameter

    index = linker.__dict__.get("_table_rows")
    if index is None:
        index = linker.__dict__["_table_rows"] = {}
        for path in sorted(linker.modules):
            for key, model in getattr(linker.modules[path], "table_models", {}).items():
                index.setdefault(key, (path, model))
    if hint not in index:
        return None, None
    path, model = index[hint]
    text = getattr(linker.modules[path], "dispatch_text", {}).get(hint)
    ref = linker.class_ref(path, model) if model else None
    fields = getattr(linker.modules[ref[0]], "class_fields", {}).get(ref[1]) if ref else None
    if fields is None:
        return None, text
    return [Parameter(name=n, annotation=None, description=d, default=None, tainted=True) for n, d in fields], text


__all__ = ["called_table", "class_fields", "handed_input", "note_returned_tables", "note_table_models", "table_row",
           "tuple_head", "unpack_dispatch"]
