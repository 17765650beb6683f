"""Records built from a mapping: each keyed value in the field of its key.

``Model(**params)``, ``msgspec.convert(params, Model)``, ``dacite.from_dict(Model, params)``
(``record-classes`` converters in the models) build a record of a project record class from a
mapping. A value the mapping holds under a constant key (``taintvalue.DICT_KEY``: a caller's
keyword gathered by ``**kwargs``, a dict display's item, kept through a filtering comprehension)
lands in the field of that name, as ``Model(key=value)`` places it (records.in_field); reading
another plain field of the record (``config.extra_flags``) does not give it (records.attr_item).
A value under no known key, or under a key that is no field of the class, stays on the whole
record, as before.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional

from ..catalog import catalog
from .taintvalue import DICT_KEY, FIELD, FIELD_OF, ITEM_KEY, Taint


def _keys(info) -> FrozenSet[str]:
    return frozenset(c[len(DICT_KEY):] for c in info.clean if c.startswith(DICT_KEY))


def keyed_into_fields(t: Taint, fields: FrozenSet[str], owner: str, only=None) -> Taint:
    """``t`` (a mapping's taint) with each value held under constant keys that are all fields of
    the record class ``owner`` placed in those fields; ``only``: the labels that came from the
    mapping (others are left as they are)."""
    from .records import in_field

    if not t:
        return t
    out: Taint = {}
    for label, info in t.items():
        keys = _keys(info)
        if not keys or not keys <= fields or (only is not None and label not in only):
            out[label] = info
            continue
        first, *rest = sorted(keys)
        bare = info.replace(clean=frozenset(c for c in info.clean if not c.startswith((DICT_KEY, ITEM_KEY))))
        placed = in_field({label: bare}, first, owner)[label]
        out[label] = placed.replace(clean=placed.clean | frozenset(FIELD + k for k in rest))
    return out


def _mapping(rec, args: List[Taint], kwargs: Dict[str, Taint], class_first: bool) -> Taint:
    if class_first:
        return kwargs.get("data") or (args[1] if len(args) > 1 else {})
    return kwargs.get("obj") or (args[0] if args else {})


def converted(linker, path: str, rec, args: List[Taint], kwargs: Dict[str, Taint], fallback) -> Optional[Taint]:
    """What a converter call returns when it builds a project record class (``rec.model_ref``,
    or one of several: "A|B"): its result with the mapping's keyed values in their fields (a
    key must be a field of every class it may build); None when a class is no project record
    class whose fields are kept apart."""
    fields: Optional[FrozenSet[str]] = None
    owners = []
    for name in rec.model_ref.split("|"):
        ref = linker._record_ref(path, name)
        shapes = linker._lineage(*ref) if ref is not None else None
        if not shapes or not any(s.record for s in shapes) or any(s.hooks for s in shapes):
            return None
        own = frozenset(f for s in shapes for f in s.init)
        fields = own if fields is None else fields & own
        owners.append(f"{ref[0]}\x1f{ref[1]}")
    class_first = rec.target in catalog().python.record_classes.get("class-first-converters", ())
    data = _mapping(rec, args, kwargs, class_first)
    out = keyed_into_fields(fallback(), fields or frozenset(), owners[0], only=frozenset(data))
    extra = frozenset(FIELD_OF + o for o in owners[1:])
    return {label: (info.replace(clean=info.clean | extra) if extra and label in data and info.clean & {FIELD_OF + owners[0]}
                    else info) for label, info in out.items()}
