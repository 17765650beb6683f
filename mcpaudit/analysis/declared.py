"""Validation a tool's input schema declares: pydantic constraints checked before the handler runs.

FastMCP (and fastmcp 2.x) builds a pydantic model from a tool handler's signature and validates the
caller's arguments against it before the handler is called, nested models included. A constraint
declared there is a check the handler never spells out:

* ``label: Annotated[str, Field(pattern=r"^[A-Za-z_]\\w*$")]``, ``label: str = Field(pattern=...)``,
  ``constr(pattern=...)``, ``Annotated[str, StringConstraints(pattern=...)]`` on a parameter;
* the same on a field of a model the parameter is typed with (``nodes: list[Node]`` where
  ``Node.label`` carries the pattern), read by attribute wherever the model goes;
* ``Literal[...]``, an ``Enum`` or a scalar type (``int``, ``UUID``: the catalog's safe
  annotations) on a model's field: a value of it carries no injection.

A pattern is judged as an anchored ``re.fullmatch`` in the handler is (narrowing.regex_families):
the characters it admits decide which sinks it protects. pydantic v2's ``pattern`` is searched, so
it must be anchored at the start too (``^``); v1's ``regex`` is matched from the start. The low-level
``Server`` validates nothing: its handlers get no such marks. A model class with a validator method
(which may hand back another value than the one checked) proves nothing.

Summary time reads each class's fields (:func:`declared_fields`, kept on its ``ClassShape``); the
linker gives a handler parameter the families its own constraint proves and, for a model, one
``MODEL_FIELD`` mark per constrained field (:func:`param_clean`); reading the field
(``taintvalue.item_of``) turns the mark into the families.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .positions import flat_body
from .regexshape import anchored_at_start, shape_families
from .schemachoices import choice_marks
from .taintvalue import ALL, MODEL_FIELD

#: (field, families its declared constraint proves, the dotted type name it holds, or "")
Declared = Tuple[str, FrozenSet[str], str]
#: containers whose items a constraint on the item type holds for
_CONTAINERS = frozenset({"Optional", "List", "list", "Sequence", "Set", "set", "FrozenSet", "frozenset",
                         "Tuple", "tuple", "Iterable", "Union"})
_MAX_NESTING = 3


def _last(node) -> str:
    d = N.simple_name(node)
    return (d or "").split(".")[-1]


def _pattern_families(M, call: cst.Call, consts) -> Optional[FrozenSet[str]]:
    """What a constraint call's ``pattern=`` (searched) or ``regex=`` (matched from the start)
    proves; None when it declares no pattern."""
    rc = M.record_classes
    for a in call.args:
        if a.keyword is None:
            continue
        kw = a.keyword.value
        if kw not in rc.get("search-patterns", ()) and kw not in rc.get("match-patterns", ()):
            continue
        pat = N.string_value(a.value)
        if pat is None and isinstance(a.value, cst.Name):
            pat = consts.get(a.value.value)
        if pat is None:
            return frozenset()
        if kw in rc.get("search-patterns", ()) and not anchored_at_start(pat):
            return frozenset()
        return shape_families(pat, False)  # the characters it admits, anchored at the end
    return None


def _items(sub: cst.Subscript) -> List[cst.BaseExpression]:
    return [e.slice.value for e in sub.slice if isinstance(e.slice, cst.Index)]


def constraint(M, node, consts) -> Tuple[Optional[FrozenSet[str]], str]:
    """(families the annotation or default ``node`` proves, or None when it declares nothing;
    the dotted name of the one class it holds, or "")."""
    rc = M.record_classes
    if isinstance(node, cst.Call) and _last(node.func) in rc.get("constraints", ()):
        return _pattern_families(M, node, consts), ""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):  # X | None
        parts = [p for p in (node.left, node.right) if not (isinstance(p, cst.Name) and p.value == "None")]
        return _union(M, parts, consts)
    if isinstance(node, (cst.Name, cst.Attribute)):
        d = N.simple_name(node) or ""
        if d in M.safe_annotations or d.split(".")[-1] in M.safe_annotations:
            return frozenset({ALL}), ""
        return None, d
    if not isinstance(node, cst.Subscript):
        return None, ""
    head, items = _last(node.value), _items(node)
    if head == "Literal":
        return frozenset({ALL}), ""
    if head == "Annotated" and items:
        fams, name = constraint(M, items[0], consts)
        for meta in items[1:]:
            more = _pattern_families(M, meta, consts) if isinstance(meta, cst.Call) and \
                _last(meta.func) in rc.get("constraints", ()) else None
            if more is not None:
                fams = more if fams is None else fams | more
        return fams, name
    if head in _CONTAINERS:
        return _union(M, [i for i in items if not (isinstance(i, cst.Name) and i.value == "None")
                          and not isinstance(i, cst.Ellipsis)], consts)
    return None, ""


def _union(M, parts, consts) -> Tuple[Optional[FrozenSet[str]], str]:
    """A value of any of ``parts``: what all of them prove; the class when there is one part."""
    if len(parts) == 1:
        return constraint(M, parts[0], consts)
    proven = [constraint(M, p, consts)[0] for p in parts]
    if not proven or any(f is None for f in proven):
        return None, ""
    out = proven[0]
    for f in proven[1:]:
        out = out if ALL in f else f if ALL in out else out & f
    return out, ""


def _validated_by_hook(M, cls: cst.ClassDef) -> bool:
    rc = M.record_classes
    names = set(rc.get("validators", ())) | set(rc.get("field-validators", ()))
    return any(isinstance(s, cst.FunctionDef) and any(_last(d.decorator.func if isinstance(d.decorator, cst.Call)
                                                            else d.decorator) in names for d in s.decorators)
               for s in flat_body(cls.body))


def module_strings(mod) -> Dict[str, str]:
    """``NAME = "..."`` at a module's top level, read before its classes are (a field's
    ``pattern=NAME``); kept on the module analyser."""
    out = mod.__dict__.get("_declared_strings")
    if out is None:
        out = mod.__dict__["_declared_strings"] = {}
        for stmt in flat_body(mod.module):
            if isinstance(stmt, cst.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0].target, cst.Name):
                text = N.string_value(stmt.value)
                if text is not None:
                    out[stmt.targets[0].target.value] = text
    return out


def declared_fields(M, cls: cst.ClassDef, consts) -> Tuple[Declared, ...]:
    """Each annotated field of a record class: what its type or ``Field(...)`` default declares."""
    if _validated_by_hook(M, cls):
        return ()
    out: List[Declared] = []
    for stmt in flat_body(cls.body):
        if not (isinstance(stmt, cst.AnnAssign) and isinstance(stmt.target, cst.Name)):
            continue
        fams, name = constraint(M, stmt.annotation.annotation, consts)
        if stmt.value is not None and isinstance(stmt.value, cst.Call):
            more, _ = constraint(M, stmt.value, consts)
            if more is not None:
                fams = more if fams is None else fams | more
        if fams or name:
            out.append((stmt.target.value, fams or frozenset(), name))
    return tuple(out)


class DeclaredChecks:
    """Mixed into :class:`~mcpaudit.analysis.inter.Linker` (``modules``, ``class_ref``)."""

    def declared_clean(self, path: str, tool, kind: str, param) -> FrozenSet[str]:
        """What a handler parameter's declared schema proves, when the framework checks the
        caller's arguments against it before the handler runs (a tool of FastMCP)."""
        if kind == "call_tool":  # a low-level handler the SDK validates: the listed schemas' choices
            return choice_marks(self, path, tool, param)
        if kind != "tool" or tool.framework not in catalog_python().record_classes.get("validated-by", ()):
            return frozenset()
        return self.param_clean(path, param)

    def param_clean(self, path: str, param) -> FrozenSet[str]:
        """Families a validated handler parameter is clean for, and the marks of its model's
        constrained fields."""
        M = catalog_python()
        fams: Optional[FrozenSet[str]] = None
        name = ""
        for text in (param.annotation, param.default):
            if text:
                got = _text_constraint(M, text)
                if got is None:  # an annotation we cannot read: no check
                    continue
                f, n = got
                name = name or n
                if f is not None:
                    fams = f if fams is None else fams | f
        out = set(fams or ())
        if name:
            out |= self._class_marks(path, name, "", 0)
        return frozenset(out)

    def validated_marks(self, path: str, target: str, whole: bool) -> FrozenSet[str]:
        """The field marks of a pydantic model a call validates a value with: one of its
        validating class methods (``Node.model_validate(arguments)``), or its constructor given a
        whole mapping (``Node(**arguments)``); empty for any other call."""
        rc = catalog_python().record_classes
        cls, _, meth = target.rpartition(".")
        if not (cls and meth in rc.get("validating-methods", ())):
            cls = target if whole else ""
        ref = self.class_ref(path, cls) if cls and (cls[:1].isalpha() or cls[:1] == ".") else None
        if ref is None or not any(b.split(".")[-1] in rc.get("validating-bases", ())
                                  for b in getattr(self.modules[ref[0]], "class_bases", {}).get(ref[1], ())):
            return frozenset()
        return frozenset(m for m in self._class_marks(ref[0], ref[1], "", 0) if m.startswith(MODEL_FIELD))

    def _class_marks(self, path: str, name: str, prefix: str, depth: int) -> FrozenSet[str]:
        head, _, rest = name.partition(".")
        imports = getattr(self.modules.get(path), "imports", {})
        if head in imports:  # from .models import Node
            name = imports[head] + ("." + rest if rest else "")
        ref = self.class_ref(path, name) if depth < _MAX_NESTING else None
        if ref is None:
            return frozenset()
        cpath, cname = ref
        mod = self.modules[cpath]
        if cname in getattr(mod, "enums", ()):
            return frozenset({ALL}) if not prefix else frozenset({MODEL_FIELD + prefix[:-1] + "\x1f" + ALL})
        shape = getattr(mod, "class_shapes", {}).get(cname)
        out = set()
        for field, fams, inner in getattr(shape, "declared", ()) if shape is not None and shape.record else ():
            if fams:
                out.add(MODEL_FIELD + prefix + field + "\x1f" + ",".join(sorted(fams)))
            elif inner:
                out |= self._class_marks(cpath, inner, prefix + field + ".", depth + 1)
        return frozenset(out)


#: annotation or default text -> what :func:`constraint` reads in it (None: not an expression),
#: for the models ``_TEXTS[0]``: a project's handlers repeat the same few annotations (``str``,
#: ``None``, one ``Annotated[str, Field(...)]`` per kind of argument), each parsed once
_TEXTS: list = [None, {}]


def _text_constraint(M, text: str) -> Optional[Tuple[Optional[FrozenSet[str]], str]]:
    if _TEXTS[0] is not M or len(_TEXTS[1]) > 4096:
        _TEXTS[0], _TEXTS[1] = M, {}
    memo = _TEXTS[1]
    if text not in memo:
        try:
            node = cst.parse_expression(text)
        except Exception:  # noqa: BLE001 - an annotation we cannot read
            memo[text] = None
        else:
            memo[text] = constraint(M, node, {})
    return memo[text]


def catalog_python():
    from ..catalog import catalog

    return catalog().python
