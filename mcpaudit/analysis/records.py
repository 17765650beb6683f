"""Fields of objects: an object built from several values holds each in its own attribute.

A record class (a dataclass, a pydantic model, a named tuple: ``record-classes`` in the models)
fills each declared field from the argument given for it, by keyword or, for dataclasses and
named tuples, by position in declaration order; a field nobody passed holds its default (a
default factory's id). A plain class's ``__init__`` keeps what its own ``self.attr = value``
stores say (``FuncSummary.field_stores``). The object built by such a call carries each
argument's taint marked with the field it sits in (``taintvalue.FIELD``) and the class
(``FIELD_OF``); ``obj.attr = value`` marks the value with its attribute the same way (no
class). Reading ``obj.other`` (the linker's item of a value read by attribute) drops a value
that sits in other fields when ``other`` is a plain field of the class - declared, or stored
by its methods, and no method or property of that name, no hook that computes one field from
another - so a note's generated id is not the caller's content. Anything the analysis cannot
place (``**kwargs``, a field it does not know, an ``__init__`` that hands its arguments to
``super()`` or to its own methods) stays on the whole object, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Optional, Tuple

from ..lazycst import Visitor, cst

from . import cstnodes as N
from .declared import DeclaredChecks, declared_fields
from .fieldlocal import field_local
from .propreads import property_reads
from .recordconvert import converted, keyed_into_fields
from .spreadover import drop_overridden
from .overwrites import drop_overwritten
from .positions import flat_body
from .visitorder import visit
from .urlpath import URL_PATH
from .partfilter import NO_CLIMB
from .ts.onename import joined as one_name
from .taintvalue import DECODED
from .taintvalue import (AFTER_BASE, AFTER_BLANK, ALL, COMMAND_TEXT, DECLARED_KEYS, FIELD, FIRST_WORD, FIELD_OF, NEW_KEYS,
                         NESTED, JOIN_PART, KEY_NAME, SH_QUOTED, SLASH_LED, SPLIT, WORKSPACE, Info, Taint, desecret, item_of, union)


@dataclass(frozen=True)
class ClassShape:
    """What a class's own body says about its attributes."""

    record: bool  # a record class by its bases or decorators
    init: Tuple[str, ...]  # its own declared fields in constructor order (a record's, or a record base's subclass's)
    data: FrozenSet[str]  # attributes that hold values: declared, class-level, stored by its methods
    computed: FrozenSet[str]  # methods and properties
    hooks: FrozenSet[str]  # methods or validators that may compute one field from another
    init_open: bool  # its __init__ calls super() or its own methods, or hands self on
    #: what its fields' declared types and constraints prove (declared.declared_fields)
    declared: Tuple[Tuple[str, FrozenSet[str], str], ...] = ()
    #: properties that only return one of its fields or an attribute of it (``return
    #: self.layout.root_path``): (property, field)
    views: Tuple[Tuple[str, str], ...] = ()
    #: one-return properties and the fields their return reads (empty: a constant; propreads.py)
    reads: Tuple[Tuple[str, FrozenSet[str], FrozenSet[str]], ...] = ()


def _last(node) -> str:
    if isinstance(node, cst.Call):
        node = node.func
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return node.value if isinstance(node, cst.Name) else ""


def _view(fn: cst.FunctionDef) -> Optional[str]:
    """The field a property only returns, or an attribute of (``return self.layout.root_path``)."""
    if not any(_last(d.decorator) in ("property", "cached_property") for d in fn.decorators):
        return None
    body = [st for st in getattr(fn.body, "body", ()) if not (
        isinstance(st, cst.SimpleStatementLine) and len(st.body) == 1 and isinstance(st.body[0], cst.Expr)
        and isinstance(st.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))]
    if len(body) != 1 or not isinstance(body[0], cst.SimpleStatementLine) or len(body[0].body) != 1 \
            or not isinstance(body[0].body[0], cst.Return):
        return None
    node = body[0].body[0].value
    while isinstance(node, cst.Attribute) and not (isinstance(node.value, cst.Name) and node.value.value == "self"):
        node = node.value
    return node.attr.value if isinstance(node, cst.Attribute) else None


def _not_init(value) -> bool:
    """``field(init=False)``: a field the constructor does not take."""
    return isinstance(value, cst.Call) and any(
        a.keyword is not None and a.keyword.value == "init" and isinstance(a.value, cst.Name)
        and a.value.value == "False" for a in value.args)


def _self_stores(fn: cst.FunctionDef) -> Iterable[str]:
    for stmt in N.walk_stmts(flat_body(fn.body)):
        targets = [t.target for t in stmt.targets] if isinstance(stmt, cst.Assign) else \
            [stmt.target] if isinstance(stmt, (cst.AnnAssign, cst.AugAssign)) else []
        for t in targets:
            for node in ([e.value for e in t.elements] if isinstance(t, (cst.Tuple, cst.List)) else [t]):
                if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self":
                    yield node.attr.value


class _Opens(Visitor):
    """An ``__init__`` that calls ``super()``, a method of its own, or passes ``self`` on."""

    def __init__(self) -> None:
        self.open = False

    def visit_Call(self, node: cst.Call) -> None:
        f = node.func
        if isinstance(f, cst.Attribute) and (isinstance(f.value, cst.Name) and f.value.value == "self"
                                             or isinstance(f.value, cst.Call) and _last(f.value) == "super"):
            self.open = True
        if any(isinstance(a.value, cst.Name) and a.value.value == "self" for a in node.args):
            self.open = True


def class_shape(M, cls: cst.ClassDef, consts=None) -> ClassShape:
    rc = M.record_classes
    record = any(_last(b.value) in rc.get("bases", ()) for b in cls.bases if b.keyword is None) or any(
        _last(d.decorator) in rc.get("decorators", ()) for d in cls.decorators)
    init: List[str] = []
    data, computed, hooks = set(), set(), set()
    init_open = False
    views: List[Tuple[str, str]] = []
    reads: List[Tuple[str, FrozenSet[str], FrozenSet[str]]] = []
    for stmt in flat_body(cls.body):
        if isinstance(stmt, cst.AnnAssign) and isinstance(stmt.target, cst.Name):
            if _last(stmt.annotation.annotation) == "ClassVar" or (
                    isinstance(stmt.annotation.annotation, cst.Subscript)
                    and _last(stmt.annotation.annotation.value) == "ClassVar"):
                continue
            data.add(stmt.target.value)
            if not _not_init(stmt.value):
                init.append(stmt.target.value)
        elif isinstance(stmt, cst.Assign):
            data.update(t.target.value for t in stmt.targets if isinstance(t.target, cst.Name))
        elif isinstance(stmt, cst.FunctionDef):
            name = stmt.name.value
            computed.add(name)
            if (field := _view(stmt)) is not None:
                views.append((name, field))
            if (got := property_reads(stmt)) is not None:
                reads.append((name, *got))
            data.update(_self_stores(stmt))
            if name in rc.get("derived", ()) and not (name in rc.get("post-init", ()) and field_local(stmt)):
                hooks.add(name)
            for d in stmt.decorators:
                last = _last(d.decorator)
                if last in rc.get("validators", ()) or (
                        last in rc.get("field-validators", ()) and len(stmt.params.params) > 2):
                    hooks.add(last)
            if name == "__init__":
                v = _Opens()
                visit(stmt.body, v)
                init_open = v.open
    return ClassShape(record, tuple(init), frozenset(data - computed), frozenset(computed),
                      frozenset(hooks), init_open, declared_fields(M, cls, consts or {}) if record else (), tuple(views),
                      tuple(reads))


def _strip(clean: FrozenSet[str]) -> FrozenSet[str]:
    return frozenset(c for c in clean if not c.startswith((FIELD, FIELD_OF, NESTED)))


def _nest(clean: FrozenSet[str]) -> FrozenSet[str]:
    """The value's own field marks, one object deeper (one level kept: deeper ones are dropped)."""
    return frozenset(NESTED + c for c in clean if c.startswith((FIELD, FIELD_OF)))


def _unnest(clean: FrozenSet[str]) -> FrozenSet[str]:
    """Read out of its field: the marks of the object that sat there become the value's own
    (``outcome.pictures``: each picture's ``style`` is still only in its ``style`` field)."""
    return _strip(clean) | frozenset(c[len(NESTED):] for c in clean if c.startswith(NESTED))


def in_field(t: Taint, attr: str, owner: str = "") -> Taint:
    """``t`` held in attribute ``attr`` of an object (of the class ``owner`` names, when known):
    the field is the whole of it, and the fields it held as an object are kept one level down."""
    marks = frozenset({FIELD + attr, *((FIELD_OF + owner,) if owner else ())})
    return {label: info.replace(clean=_strip(info.clean) | _nest(info.clean) | marks)
            for label, info in t.items()} if t else t


def joined_clean(base: Info, mine: Info) -> FrozenSet[str]:
    """The marks of ``base`` (what a label stands for) reached the way ``mine`` says: a value
    read from a field by attribute is not the object; a value put in a field is that field's
    whole (what it held as an object before is its own). A value without separators placed in
    one file name elsewhere is an entry of its folder (ts/onename.py)."""
    return one_name(base.clean, mine.clean, _joined_clean(base, mine))


def _joined_clean(base: Info, mine: Info) -> FrozenSet[str]:
    if WORKSPACE in mine.clean and JOIN_PART in base.clean and "path" not in base.clean:
        # the first part of a join is the caller's folder only when it is a value as given
        mine = mine.replace(clean=mine.clean - {"path", WORKSPACE})
    if SPLIT in mine.clean and "argument" in base.clean:
        # split into words here: a caller's text that began with the code's words (never an
        # option as a whole) gives words that can each start with '-'
        base = base.replace(clean=base.clean - {"argument"})
    if AFTER_BASE in mine.clean and SLASH_LED in base.clean:
        mine = mine.replace(clean=mine.clean | {URL_PATH})  # a path after the URL's base (ts/slashpaths.py)
    if NO_CLIMB in base.clean and DECODED in mine.clean and NO_CLIMB not in mine.clean:
        base = base.replace(clean=base.clean - {NO_CLIMB})  # a helper's part filter, decoded here (partfilter.py)
    both = base.clean | mine.clean
    if KEY_NAME in mine.clean and DECLARED_KEYS in both and NEW_KEYS not in both:
        return base.clean | mine.clean | {ALL}  # a key of a value a zod object schema stripped (ts/zodkeys.py)
    if FIRST_WORD in mine.clean and AFTER_BLANK in base.clean:
        return base.clean | mine.clean | {ALL}  # the first word of a line the value came after
    if SH_QUOTED in base.clean and COMMAND_TEXT in mine.clean and COMMAND_TEXT not in base.clean:
        # quoted for its shell word first, then that line placed in another: still one word
        mine = mine.replace(clean=mine.clean - {COMMAND_TEXT})  # (ts/shellwords.py)
    if mine.key and mine.key.startswith("."):
        return base.clean | _unnest(mine.clean)
    if any(c.startswith(FIELD) for c in mine.clean):
        return _strip(base.clean) | _nest(base.clean) | mine.clean
    return base.clean | mine.clean


#: hooks that run only while the object is built: no later read or store goes through them
_BUILDS = frozenset({"__init__", "__new__"})


class RecordFields(DeclaredChecks):
    """Mixed into :class:`~mcpaudit.analysis.inter.Linker` (``modules``, ``class_ref``, ``ancestors``);
    with it, what a validated handler's declared schema proves (declared.py)."""

    def _lineage(self, path: str, cls: str) -> Optional[List[ClassShape]]:
        """The shapes of a project class and its project ancestors (None when one is unknown)."""
        out = []
        for cpath, c in [(path, cls)] + self.ancestors(path, cls):
            shape = getattr(self.modules[cpath], "class_shapes", {}).get(c)
            if shape is None:
                return None
            out.append(shape)
        return out

    def _plain_field(self, path: str, cls: str, attr: str) -> bool:
        """``attr`` is a field of the class that holds only what was put there."""
        shapes = self._lineage(path, cls)
        if not shapes or any(s.hooks - _BUILDS for s in shapes):
            return False
        return any(attr in s.data for s in shapes) and not any(attr in s.computed for s in shapes)

    def _holders(self, fields: FrozenSet[str]) -> List[Tuple[str, str]]:
        """Project classes that have every one of ``fields`` (the class of an object some code
        stored into, when it does not say)."""
        memo = self.__dict__.setdefault("_holders_memo", {})
        if fields not in memo:
            memo[fields] = [(p, c) for p in sorted(self.modules)
                            for c in getattr(self.modules[p], "class_shapes", {})
                            if all(self._plain_field(p, c, f) for f in fields)]
        return memo[fields]

    def _elsewhere(self, clean: FrozenSet[str], attr: str) -> bool:
        """A value marked ``clean`` sits only in other plain fields than ``attr``."""
        fields = frozenset(c[len(FIELD):] for c in clean if c.startswith(FIELD))
        if not fields or attr in fields:
            return False
        owners = [tuple(c[len(FIELD_OF):].split("\x1f", 1)) for c in clean if c.startswith(FIELD_OF)]
        classes = owners or self._holders(fields)
        return bool(classes) and all((f := self._read_fields(p, c, attr)) is not None and not (f & fields)
                                     for p, c in classes)

    def _read_fields(self, path: str, cls: str, attr: str) -> Optional[FrozenSet[str]]:
        """The plain fields reading ``attr`` reads (:meth:`_read_field`), or those the class's
        own one-return property of that name reads (none for a constant: propreads.py)."""
        field = self._read_field(path, cls, attr)
        if field is not None:
            return frozenset({field})
        row = self._prop_row(path, cls, attr)
        if row is None or not all(self._plain_field(path, cls, f) for f in row[1]):
            return None
        return row[1]

    def _prop_row(self, path: str, cls: str, attr: str):
        """(name, fields, marks) of the class's own one-return property ``attr``, or None."""
        shape = next((s for s in self._lineage(path, cls) or () if attr in s.computed), None)
        return next((r for r in getattr(shape, "reads", ()) if r[0] == attr), None) if shape else None

    def _prop_marks(self, clean: FrozenSet[str], attr: str) -> FrozenSet[str]:
        """The URL-path marks a property ``attr`` of every class the value sits in places it
        with (``return f"/author/{self.author_id}"``: propreads.py)."""
        owners = [tuple(c[len(FIELD_OF):].split("\x1f", 1)) for c in clean if c.startswith(FIELD_OF)]
        rows = [self._prop_row(p, c, attr) for p, c in owners]
        if not rows or any(r is None or not r[2] for r in rows):
            return frozenset()
        return frozenset.intersection(*(r[2] for r in rows))

    def _read_field(self, path: str, cls: str, attr: str) -> Optional[str]:
        """The plain field reading ``attr`` reads: itself, or the field a property of the class
        only returns (or an attribute of it); None when it may read more."""
        if self._plain_field(path, cls, attr):
            return attr
        field = next((f for s in self._lineage(path, cls) or () for a, f in s.views if a == attr), None)
        return field if field is not None and field != attr and self._plain_field(path, cls, field) else None

    def attr_item(self, base: Taint, mine: Info) -> Taint:
        """What item ``mine.key`` of ``base`` holds (taintvalue.item_of), by field when read by
        attribute; nothing when ``mine`` itself was stored in another field."""
        base = drop_overwritten(base, mine)  # safe["password"] = "***" on the way (overwrites.py)
        base = drop_overridden(base, mine)  # { ...args, password: "***" } on the way (spreadover.py)
        key = mine.key
        if not key:
            return base
        if not key.startswith("."):
            return item_of(base, key)
        if self._elsewhere(mine.clean, key[1:]):
            return {}
        out: Taint = {}
        for label, info in item_of(base, key).items():
            if info.clean and any(c.startswith(FIELD) for c in info.clean):
                if self._elsewhere(info.clean, key[1:]):
                    continue
                info = info.replace(clean=_unnest(info.clean) | self._prop_marks(info.clean, key[1:]))
            out[label] = info
        return out

    def _record_ref(self, path: str, target: str) -> Optional[Tuple[str, str]]:
        memo = self.__dict__.setdefault("_record_refs", {})
        if (path, target) not in memo:
            memo[(path, target)] = self.class_ref(path, target) if target.lstrip(".")[:1].isalpha() else None
        return memo[(path, target)]

    def new_record(self, path: str, rec, args: List[Taint], kwargs: Dict[str, Taint], star: Taint,
                   dstar: Taint, fallback) -> Taint:
        """What ``Record(...)`` of a project record class with no ``__init__`` returns: each
        argument in its field (``fallback()``: the call's result when it is no such class). A
        pydantic model's validation (``Model.model_validate(arguments)``, ``Model(**arguments)``)
        returns a value whose fields are as checked as the model declares (declared.py)."""
        validated = self.validated_marks(path, rec.target.replace("()", ""), bool(dstar))
        if validated:
            return {k: i.replace(clean=i.clean | validated) for k, i in fallback().items()}
        if getattr(rec, "model_ref", None):  # convert(params, Model): recordconvert.py
            made = converted(self, path, rec, args, kwargs, fallback)
            return fallback() if made is None else made
        ref = self._record_ref(path, rec.target.replace("()", ""))
        shapes = self._lineage(*ref) if ref is not None else None
        if not shapes or not any(s.record for s in shapes) or any(s.hooks for s in shapes):
            return fallback()
        order = [f for s in reversed(shapes) for f in s.init]
        fields = set(order)
        owner = f"{ref[0]}\x1f{ref[1]}"
        parts = [in_field(a, order[i], owner) if i < len(order) else a for i, a in enumerate(args)]
        parts += [in_field(v, k, owner) if k in fields else v for k, v in kwargs.items()]
        return desecret(union(*parts, star, keyed_into_fields(dstar, frozenset(fields), owner)))

    def init_object(self, path: str, rec, tpath: str, init, whole: Taint, fields_of) -> Taint:
        """What ``Cls(...)`` returns when the linker followed its ``__init__``: ``whole`` (every
        argument, as before it was followed) with each value the ``__init__`` stored in one of
        its fields (``fields_of()``: attr -> taint under the call) marked with that field."""
        ref = self._record_ref(path, rec.target.replace("()", ""))
        shapes = self._lineage(*ref) if ref is not None else None
        if not whole or not shapes or any(s.hooks - {"__init__"} or s.init_open for s in shapes) \
                or not init.field_stores:
            return whole
        owner = f"{ref[0]}\x1f{ref[1]}"
        placed: Taint = {}
        for attr, t in fields_of().items():
            placed = union(placed, in_field({k: i for k, i in desecret(t).items() if k in whole}, attr, owner))
        return {label: placed.get(label, info) for label, info in whole.items()}
