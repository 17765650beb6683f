"""A spread whose property a later one replaces: ``{ ...args, password: "***" }``.

In an object literal a later property of the same name wins over what a spread brought in, so
``JSON.stringify({ ...args, password: "***" })`` writes every field of ``args`` but its password.
When ``args`` is an object literal known whole, the TypeScript engine keeps only its other fields
(``Expressions._spread``); when it is a parameter or a value whose fields are not known there, the
spread's taint is marked :data:`OVERRIDDEN` with each replaced name (:func:`overridden`): its own
secrets named for such a field (``args.password``) go at once, and the linker drops from the
bound value what a caller's object held under those names (:func:`drop_overridden`, from
``RecordFields.attr_item``): a secret whose name ends in the field (``args.password``,
``creds.password``, ``password``) or a tool parameter of that name. A value placed under another
name (``{ ...args, pwd: secret.password }`` spread into a masking literal) is a secret named for
``password`` too: the name is what the flow knows of the field it sits in.
"""

from __future__ import annotations

from typing import FrozenSet, Iterable

from .taintvalue import Taint

#: in ``clean`` (no family): the object the value is was spread into a literal that replaced its
#: property of this name with one of its own
OVERRIDDEN = "~overridden\x1f"


def _last(name: str) -> str:
    return name.replace("]", "").replace("[", ".").replace("'", "").replace('"', "").rsplit(".", 1)[-1]


def _held(label, info, gone: FrozenSet[str]) -> bool:
    """Whether the value a label stands for is the field a later property replaced."""
    if label[0] == "s":
        return _last(str(label[1])).lower() in gone
    if label[0] == "src" and len(label) == 3:
        key = (info.key or "").lstrip(".")
        return (key or str(label[2])).lower() in gone
    return False


def overridden(t: Taint, names: Iterable[str]) -> Taint:
    """``t`` spread into an object literal whose later properties ``names`` replace its own."""
    gone = frozenset(n.lower() for n in names)
    if not t or not gone:
        return t
    marks = frozenset(OVERRIDDEN + n for n in gone)
    return {label: info.replace(clean=info.clean | marks) for label, info in t.items()
            if not _held(label, info, gone)}


def drop_overridden(base: Taint, mine) -> Taint:
    """What a bound label stands for (``base``) without the fields ``mine``'s way replaced."""
    gone = frozenset(c[len(OVERRIDDEN):] for c in mine.clean if c.startswith(OVERRIDDEN))
    if not gone or not base:
        return base
    return {label: info for label, info in base.items() if not _held(label, info, gone)}


__all__ = ["OVERRIDDEN", "drop_overridden", "overridden"]
