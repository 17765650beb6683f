"""Schemas of other modules: what ``Schema.parse(x)`` proves of each field when ``Schema`` is
imported, and what a schema value (a registration's argument, a definition's ``inputSchema``)
declares once the module it lives in is known.

A module is analysed alone, so a field read from a value an imported schema parsed
(``const { url } = PayloadSchema.parse(args)`` with ``PayloadSchema`` in ``./types.js``) cannot
be marked clean there: the read carries a mark in ``Info.clean`` that names the schema and the
field (:func:`field_mark`), an intersection over paths like any family, which the linker turns
into the families the schema proves (:meth:`SchemaRefs._stamp`). Such a value handed on whole
to a project function (``fetchTranscript(parsed)``) is recorded in the call's kwargs as
``#i.=`` -> the label ``("=", module, schema)``; when the call is bound, each field the schema
declares binds to the callee's parameter's property with the schema's proof
(:meth:`SchemaRefs.parsed_fields`).
"""

from __future__ import annotations

from typing import Dict, FrozenSet, Optional, Tuple

from ..summary import Step
from ..taintvalue import SCHEMA_REF, Info, Taint
from . import nodes as N
from .descriptors import call_schema
from .instnames import instance_schema

#: the kwargs key suffix and label head of an argument that an imported schema parsed
PARSED = "="


def field_mark(path: str, ref: str, key: str) -> str:
    """The mark of a field ``key`` read from a value the schema ``ref`` (as module ``path``
    names it) parsed."""
    return f"{SCHEMA_REF}{path}\x1f{ref}\x1f{key}"


class SchemaRefs:
    """Mixed into the TypeScript linker."""

    _schema_memo: Dict[Tuple[str, str], Dict[str, FrozenSet[str]]]

    def _schema(self, path: str, val: Optional[str]) -> list:
        """The parameters of a schema value (a zod shape or object, a JSON schema table, or a
        reference to one)."""
        if not val:
            return []
        if val.startswith("z:"):
            return list(self.modules[path].schemas.get(val[2:], []))
        if val.startswith("i:"):  # getTool.getDefinition().inputSchema (instnames.py)
            return instance_schema(self, path, val[2:])
        if val.startswith("r:"):
            hit = self.lookup(path, val[2:]) or call_schema(self, path, val[2:])
            if hit is None:
                return []
            return self._schema(hit[0], hit[1])
        if val.startswith("o:"):
            mod = self.modules[path]
            if val[2:] in mod.schemas:
                # a zod shape (an object of zod fields) is kept as a table too: it is the schema
                return list(mod.schemas[val[2:]])
            table = mod.tables.get(val[2:], {})
            props = table.get("properties")
            if props and props.startswith("o:"):
                out = []
                for k, v in mod.tables.get(props[2:], {}).items():
                    desc = None
                    if v.startswith("o:"):
                        desc = self.string(path, mod.tables.get(v[2:], {}).get("description"))
                    out.append((k, desc, frozenset()))
                return out
        return []

    def schema_fields(self, path: str, ref: str) -> Dict[str, FrozenSet[str]]:
        """Field -> the families the schema ``ref`` of module ``path`` proves it clean for."""
        if not hasattr(self, "_schema_memo"):
            self._schema_memo = {}
        key = (path, ref)
        if key not in self._schema_memo:
            self._schema_memo[key] = {}
            self._schema_memo[key] = {n: f for n, _d, f in self._schema(path, "r:" + ref) if f}
        return self._schema_memo[key]

    def _stamp(self, info: Info, path: str) -> Info:
        info = super()._stamp(info, path)  # type: ignore[misc]
        marks = [c for c in info.clean if c.startswith(SCHEMA_REF)]
        if not marks:
            return info
        clean = info.clean.difference(marks)
        for m in marks:
            mpath, ref, key = m[len(SCHEMA_REF):].split("\x1f")
            clean |= self.schema_fields(mpath, ref).get(key, frozenset())
        return info.replace(clean=clean)

    def parsed_fields(self, label, whole: Taint, call_step: Step) -> Dict[str, Taint]:
        """Field -> its taint, for an argument ``whole`` that the schema of ``label`` (``("=",
        module, schema)``) parsed: the argument's taint, clean for what the schema proves."""
        out: Dict[str, Taint] = {}
        for key, fams in self.schema_fields(label[1], label[2]).items():
            out[key] = {lbl: i.replace(key=i.key or key, clean=i.clean | fams).with_step(call_step)
                        for lbl, i in whole.items()}
        return out


def spread_params(top, obj) -> list:
    """The parameters a zod shape's spreads bring in: ``{ action: z.enum([...]), ...runShape,
    ...stageShape }`` where each spread names a shape declared earlier in the module (a later
    field of the same name wins, as in the object); ``top`` is the module's interpreter."""
    out: list = []
    for c in obj.named_children:
        if c.type != "spread_element" or not c.named_children:
            continue
        a = N.unwrap(c.named_children[0])
        if a is None or a.type != "identifier":
            continue
        key = top.mod.schema_names.get(N.text(top.data, a))
        for p in top.mod.schemas.get(key, []) if key else []:
            out = [q for q in out if q[0] != p[0]] + [p]
    return out
