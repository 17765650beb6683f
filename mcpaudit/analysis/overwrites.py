"""A dict whose entry the code overwrote with a constant: ``safe["password"] = "********"``.

A masking helper copies a configuration dict and replaces its secret entries before the copy is
logged (``safe = config.copy(); if "password" in safe: safe["password"] = "****"``). What the
code placed under that key (a value marked :data:`~.taintvalue.DICT_KEY` with it, alone) is gone
from the copy; a value whose keys are not known here (the function's parameter, a call's result:
the linker binds them later) is marked :data:`OVERWRITTEN` with the key, and the linker drops what
the bound value held under that key alone (:func:`drop_overwritten`, from
``RecordFields.attr_item``). On the way where an ``if "password" in safe:`` test failed, the key
is not in the dict: nothing is held under it there either (:func:`absent_key`).
"""

from __future__ import annotations

from typing import FrozenSet, Optional, Tuple

from ..lazycst import cst

from . import cstnodes as N
from .taintvalue import DICT_KEY, Taint

#: in ``clean`` (no family): the dict's entry under this key was replaced by a constant
OVERWRITTEN = "~overwritten\x1f"


def _keys(info) -> FrozenSet[str]:
    return frozenset(c[len(DICT_KEY):] for c in info.clean if c.startswith(DICT_KEY))


def overwrite_key(t: Taint, key: str) -> Taint:
    """``t`` (a dict's taint) after its entry ``key`` was replaced by a constant."""
    if not t:
        return t
    out: Taint = {}
    for label, info in t.items():
        keys = _keys(info)
        if keys and keys <= {key}:
            continue  # placed under that key alone: overwritten
        out[label] = info if keys or OVERWRITTEN + key in info.clean else \
            info.replace(clean=info.clean | {OVERWRITTEN + key})
    return out


def drop_overwritten(base: Taint, mine) -> Taint:
    """What a bound label stands for (``base``) without what it held under keys ``mine``'s way
    overwrote."""
    gone = frozenset(c[len(OVERWRITTEN):] for c in mine.clean if c.startswith(OVERWRITTEN))
    if not gone or not base:
        return base
    return {label: info for label, info in base.items() if not (_keys(info) and _keys(info) <= gone)}


def absent_key(test) -> Optional[Tuple[str, str]]:
    """``(variable, key)`` for a test ``"key" in variable``: where it failed the key is absent."""
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and \
            isinstance(test.comparisons[0].operator, cst.In) and isinstance(test.comparisons[0].comparator, cst.Name):
        key = N.string_value(test.left)
        if key is not None:
            return test.comparisons[0].comparator.value, key
    return None


__all__ = ["OVERWRITTEN", "absent_key", "drop_overwritten", "overwrite_key"]
