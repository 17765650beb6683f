"""Tool functions held by records of a project class, registered from a loop whose list the
analysis cannot follow.

``def make_definitions(cfg): def show(sql: str): ...; return [ToolDefinition(fn=show, ...)]`` in
one module, ``for d in definitions: server.add_tool(fn=d.fn, name=d.get_name())`` in another,
with ``definitions`` a parameter handed on through helpers: the loop's list is not followed, but
the registration reads field ``fn`` of a local variable, and every record the project builds of
a project class with a function in field ``fn`` is a candidate. A registration that reads a field
no such record fills stays unfollowed (the surface is incomplete, as before).

Module side: :func:`record_functions` (every ``Class(field=function)`` call of the module, the
function a nested one of the calling function or one of the module). The registration is the
one :mod:`.regsites` records for a method of a receiver the module cannot name (``d.fn``), when
no walked class hierarchy has that method. Linker side: :func:`expand_records`.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ..lazycst import cst

from .cstnodes import find_all, string_value
from .positions import flat_body

RECORD = "[record]"  # suffix of a registration target that is a field of a record variable
_NAME_KEYS = ("name", "tool_name")


#: ``def name``: the functions a module defines, at any depth (a superset of those read below)
_DEF = re.compile(r"\bdef[ \t\f\\\r\n]+(\w+)")
#: ``keyword=name`` closed by ``,`` or ``)``, with blanks, comments, line continuations and
#: parentheses around the name: a keyword argument whose value is a bare name (a comment runs to
#: its line's end, so a line of many ``#`` is read one way, with no backtracking)
_KEYWORD_NAME = re.compile(r"=(?:[\s\\(]|#[^\r\n]*[\r\n])*(\w+)(?:[\s\\)]|#[^\r\n]*[\r\n])*[,)]")


def _may_pass_a_function(text: str) -> bool:
    """The text gives a name the module defines as a function as a keyword argument's whole
    value somewhere: otherwise no call of the module is a ``Class(field=fn)`` record (a text
    test that is a superset of the walk below; ``tests/analysis/test_speed21.py``)."""
    defined = set(_DEF.findall(text))
    return bool(defined) and any(m in defined for m in _KEYWORD_NAME.findall(text))


def record_functions(mod) -> List[Tuple[str, str, str, Optional[str]]]:
    """``(class dotted, field, function, literal name or None)`` for each ``Class(field=fn)`` call
    of the module whose class name is capitalised and whose value names a function."""
    out: List[Tuple[str, str, str, Optional[str]]] = []
    if "=" not in mod.text or not _may_pass_a_function(mod.text):
        return out
    top = {s.name.value for s in flat_body(mod.module) if isinstance(s, cst.FunctionDef)}
    scopes = [("", None, flat_body(mod.module))]
    while scopes:
        prefix, _fn, body = scopes.pop()
        nested = {s.name.value for s in body if isinstance(s, cst.FunctionDef)}
        for stmt in body:
            if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
                q = prefix + stmt.name.value
                scopes.append((q + ".", stmt if isinstance(stmt, cst.FunctionDef) else None, flat_body(stmt.body)))
                continue
            for call in find_all(stmt, cst.Call):
                cls, kws, name = record_call(mod, call)
                for field, v in kws.items():
                    if not isinstance(v, cst.Name):
                        continue
                    if v.value in nested:
                        out.append((cls, field, prefix + v.value, name))
                    elif v.value in top:
                        out.append((cls, field, v.value, name))
    return out


def record_call(mod, call: cst.Call) -> Tuple[str, dict, Optional[str]]:
    """(class dotted, keyword arguments, literal name or None) of a ``Class(...)`` call whose class
    name is capitalised (a record); no keywords for any other call."""
    cls = mod.dotted(call.func) if isinstance(call.func, (cst.Name, cst.Attribute)) else None
    if not cls or not cls.rsplit(".", 1)[-1][:1].isupper():
        return "", {}, None
    kws = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    return cls, kws, next((string_value(kws[k]) for k in _NAME_KEYS if k in kws and string_value(kws[k])), None)


def record_registration(fa, node, surface) -> Optional[Tuple[cst.BaseExpression, dict]]:
    """``add_resource(FunctionResource(uri=..., fn=f))`` (the record built in place or bound to a
    local name just before; ``Prompt.from_function(f)`` too): (the function node, the record's
    literal uri, name and description); None when the argument is no such record."""
    if isinstance(node, cst.Name) and node.value in fa.local_values:
        node = fa.local_values[node.value]
    if not isinstance(node, cst.Call):
        return None
    func = node.func
    from_fn = isinstance(func, cst.Attribute) and func.attr.value == surface.from_function["method"]
    cls = (fa.mod.dotted(func.value if from_fn else func) or "").split(".")[-1]
    keyword = surface.function_records.get(cls)
    if keyword is None:
        return None
    kws = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
    positional = [a.value for a in node.args if a.keyword is None and not a.star]
    fn = kws.get(keyword) or (positional[0] if from_fn and positional else None)
    if fn is None:
        return None
    meta = {k: string_value(kws[k]) for k in ("uri", "name", "description") if k in kws and string_value(kws[k])}
    return fn, meta


def record_field(fa, node) -> bool:
    """``d.fn`` with ``d`` a local variable of the registering function (a loop variable typed
    or not; not a parameter, an import or a module name)."""
    if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name)):
        return False
    v = node.value.value
    mod = fa.mod
    return not (v in ("self", "cls") or v in mod.imports or v in mod.top_names or v in mod.functions
                or v in getattr(fa, "nested", {}) or any(p.name == v for p in fa.params))


def expand_records(linker, path: str, target: str, meta: dict, pos) -> list:
    """The registrations ``target`` (``d.fn[record]``) stands for: each function a project
    record holds in that field, under the record's literal name when it gives one; none when no
    record does."""
    field = target[:-len(RECORD)].rsplit(".", 1)[-1]
    out = []
    for rpath in sorted(linker.modules):
        for cls, f, fn, name in getattr(linker.modules[rpath], "record_functions", ()):
            if f != field or linker.class_ref(rpath, cls) is None:
                continue
            m = dict(meta)
            if name and not isinstance(m.get("name"), str):
                m["name"] = name
            out.append((rpath, fn, m, pos))
    return out


__all__ = ["RECORD", "expand_records", "record_call", "record_field", "record_functions", "record_registration"]
